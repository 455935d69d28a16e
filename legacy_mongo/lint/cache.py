"""Per-file result cache (ruff-style): a second run on an unchanged tree reads
and hashes the files, and analyses none of them.

An entry is keyed by the file's path, module name and content hash (BLAKE2b);
the cache file itself by a digest of the linter's own sources (so any change
to the rules or the catalogue starts afresh) and of the settings (selection,
confidence, per-file ignores, time budget).  What the second phase of a run
gives a file depends on the other files' summaries: that result is keyed by
the summaries it was given as well.  And the whole run's findings are one more
entry, keyed by every file's path, module name and content hash: a run on a tree
where none of them changed is served from it alone (no admission rounds).

The cache is JSON, never pickle: it lives in the tree being linted, and
reading it must not run code someone committed there.  It is an
optimisation only: an unreadable, corrupt or unwritable cache is ignored.
"""
import hashlib
import json
import os
import tempfile

CACHE_DIR = ".legacy_mongo_cache"
_FORMAT = 1
_linter_digest = None


def linter_digest():
    """Digest of the linter's sources and the catalogue (their bytes, not a version
    string: an edited checkout must not reuse results of the old rules)."""
    global _linter_digest
    if _linter_digest is None:
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        digest = hashlib.blake2b(digest_size=16)
        sources = [os.path.join(package, "catalogue.py")]
        for folder, dirs, names in os.walk(os.path.join(package, "lint")):
            dirs.sort()
            sources.extend(os.path.join(folder, n) for n in sorted(names) if n.endswith(".py"))
        for source in sources:
            digest.update(source[len(package):].encode())
            with open(source, "rb") as handle:
                digest.update(handle.read())
        _linter_digest = digest.hexdigest()
    return _linter_digest


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def key_digest(value) -> str:
    return hashlib.blake2b(json.dumps(value, sort_keys=True, default=sorted).encode(),
                           digest_size=16).hexdigest()


class ResultCache:
    """{key: JSON value} for one linter build and one set of settings."""

    def __init__(self, directory, settings):
        self.directory = directory
        name = key_digest([_FORMAT, linter_digest(), settings])
        self.path = os.path.join(directory, name + ".json")
        self.entries = {}
        self.fresh = {}
        self.paths = set()
        try:
            with open(self.path, encoding="utf-8") as handle:
                loaded = json.load(handle)
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, ValueError):
            pass

    def get(self, path, key):
        self.paths.add(path)
        found = self.entries.get(key)
        if found is not None:
            self.fresh[key] = found
        return found

    def put(self, path, key, value):
        self.paths.add(path)
        if self.entries.get(key) != value:
            self.changed = True
        self.fresh[key] = value

    changed = False

    def save(self):
        """Write this run's entries, and the old ones of files this run did not see;
        nothing when the run found every entry it needed and left none stale (the
        second run on an unchanged tree)."""
        kept = {k: v for k, v in self.entries.items()
                if k not in self.fresh and json.loads(k)[1] not in self.paths}
        if not self.changed and len(kept) + len(self.fresh) == len(self.entries):
            return
        kept.update(self.fresh)
        try:
            os.makedirs(self.directory, exist_ok=True)
            ignore = os.path.join(self.directory, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w") as handle:
                    handle.write("# Created by legacy-mongo lint.\n*\n")
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                # dumps, not dump: json.dump streams through the pure-Python encoder
                out.write(json.dumps(kept, separators=(",", ":")))
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only tree lints, uncached


def entry_key(phase, path, *parts):
    return json.dumps([phase, path] + list(parts), separators=(",", ":"))
