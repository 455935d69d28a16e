"""Fetch and unpack the pinned sdists of the lint evaluation corpus.

Idempotent and reproducible:

* the list of projects, versions, archive names and sha256 digests is
  ``benchmarks/lint_eval/projects.json``;
* archives go to ``benchmarks/.cache/sdists/`` and are downloaded only when
  missing or when their sha256 does not match;
* each archive is unpacked (top-level folder stripped) into
  ``benchmarks/.cache/eval/<name>-<version>/``; a ``.fetched`` marker holding
  the archive's sha256 records a complete unpack, so a half-unpacked tree is
  redone.

Downloads use pip from a throwaway virtualenv (``benchmarks/.cache/fetchvenv``)
with ``setuptools<58``, because these old sdists only build their metadata
with an old setuptools (``use_2to3`` etc.):

    pip download --no-deps --no-binary :all: --no-build-isolation NAME==VERSION

Usage: python benchmarks/lint_eval/fetch.py [--quiet]
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
CACHE = os.path.join(BENCH, ".cache")
SDISTS = os.path.join(CACHE, "sdists")
EVAL = os.path.join(CACHE, "eval")
FETCHVENV = os.path.join(CACHE, "fetchvenv")
PROJECTS = os.path.join(HERE, "projects.json")
MARKER = ".fetched"


def load_projects():
    with open(PROJECTS) as f:
        return json.load(f)["projects"]


def project_dir(project):
    return os.path.join(EVAL, "%s-%s" % (project["name"], project["version"]))


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _log(quiet, *args):
    if not quiet:
        print(*args, file=sys.stderr)


def _venv_pip(quiet):
    """The pip of the throwaway venv, created on first use."""
    pip = os.path.join(FETCHVENV, "bin", "pip")
    if not os.path.exists(pip):
        _log(quiet, "fetch: creating %s" % FETCHVENV)
        subprocess.check_call([sys.executable, "-m", "venv", FETCHVENV])
        subprocess.check_call([pip, "install", "-q", "setuptools<58", "wheel"])
    return pip


def download(project, quiet=False, sdists=SDISTS, old_setuptools=True):
    """The verified archive of ``project`` in ``sdists``, downloaded if missing.

    ``old_setuptools``: build the metadata in the fetch venv (setuptools<58,
    no build isolation), which the 2010-2014 sdists need; modern sdists
    (``benchmarks/lint_modern.py``) need the opposite, their own build
    backends in an isolated build with this interpreter's pip.
    """
    path = os.path.join(sdists, project["sdist"])
    if os.path.exists(path) and sha256(path) == project["sha256"]:
        return path
    os.makedirs(sdists, exist_ok=True)
    if old_setuptools:
        pip = [_venv_pip(quiet), "download", "--no-build-isolation"]
    else:
        pip = [sys.executable, "-m", "pip", "download"]
    spec = "%s==%s" % (project["name"], project["version"])
    _log(quiet, "fetch: downloading %s" % spec)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        subprocess.check_call(
            pip + ["-q", "--no-deps", "--no-binary", ":all:", spec, "-d", tmp])
        got = os.path.join(tmp, project["sdist"])
        if not os.path.exists(got):
            raise RuntimeError("pip did not produce %s (got %s)"
                               % (project["sdist"], os.listdir(tmp)))
        digest = sha256(got)
        if digest != project["sha256"]:
            raise RuntimeError("sha256 mismatch for %s: expected %s, got %s"
                               % (project["sdist"], project["sha256"], digest))
        shutil.move(got, path)
    return path


def _strip_top(names):
    tops = {n.split("/", 1)[0] for n in names if n}
    return tops.pop() if len(tops) == 1 else None


def unpack(project, archive, quiet=False, dest=None):
    dest = dest or project_dir(project)
    marker = os.path.join(dest, MARKER)
    if os.path.exists(marker):
        with open(marker) as f:
            if f.read().strip() == project["sha256"]:
                return dest
    _log(quiet, "fetch: unpacking %s -> %s" % (os.path.basename(archive), dest))
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    if archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            members = [m for m in z.namelist() if not m.endswith("/")]
            top = _strip_top(members)
            for m in members:
                rel = m.split("/", 1)[1] if top else m
                _safe_write(dest, rel, z.read(m))
    else:
        with tarfile.open(archive) as t:
            members = [m for m in t.getmembers() if m.isfile()]
            top = _strip_top([m.name for m in members])
            for m in members:
                rel = m.name.split("/", 1)[1] if top else m.name
                _safe_write(dest, rel, t.extractfile(m).read())
    with open(marker, "w") as f:
        f.write(project["sha256"] + "\n")
    return dest


def _safe_write(dest, rel, data):
    target = os.path.normpath(os.path.join(dest, rel))
    if not target.startswith(dest + os.sep):
        raise RuntimeError("unsafe path in archive: %s" % rel)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(data)


def fetch_all(quiet=False):
    """Make sure every project is downloaded, verified and unpacked.

    Returns {name: unpacked directory}.
    """
    dirs = {}
    for project in load_projects():
        archive = download(project, quiet)
        dirs[project["name"]] = unpack(project, archive, quiet)
    return dirs


def is_fetched():
    for project in load_projects():
        marker = os.path.join(project_dir(project), MARKER)
        if not os.path.exists(marker):
            return False
        with open(marker) as f:
            if f.read().strip() != project["sha256"]:
                return False
    return True


if __name__ == "__main__":
    quiet = "--quiet" in sys.argv
    for name, path in fetch_all(quiet).items():
        print("%s\t%s" % (name, path))
