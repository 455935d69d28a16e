"""The rules: catalogue ``Match`` records applied to one analysed module.

Every rule is data-driven (:mod:`.index` reads ``legacy_mongo.catalogue``),
and all of them run over the node queues that the single traversal in
:mod:`legacy_mongo.lint.inference` filled:

* :mod:`.calls`      -- method, keyword (incl. ``**kwargs`` dicts), positional,
                        class-constructor and ``db.command(...)`` matches;
* :mod:`.names`      -- imports, module paths, class names, attribute reads
                        and assignments;
* :mod:`.uris`       -- options inside ``mongodb://`` string literals;
* :mod:`.values`     -- legacy methods and client classes used as values, not
                        called (``retry(cursor.count)``, ``cls = Connection``,
                        ``getattr(coll, name)`` in a wrapper factory);
* :mod:`.behaviour`  -- the few same-name behaviour changes the linter can
                        see (a small table keyed by catalogue code).

Each rule reports ``(code, span, confidence)``; :mod:`legacy_mongo.lint.engine`
turns spans into 1-based positions and attaches the catalogue message.
"""
from legacy_mongo.lint.inference import CERTAIN, FOREIGN_LINKS, HINT, LIKELY
from legacy_mongo.lint.rules import behaviour, calls, names, uris, values
from legacy_mongo.lint.rules.index import get_index
from legacy_mongo.lint.rules.shapes import AMBIGUOUS, MONGO, NO, STRONG

CONFIDENCE_NAMES = {CERTAIN: "certain", LIKELY: "likely"}

# Receivers nothing is known about may only be taken for these kinds.
UNKNOWN_RECEIVER_KINDS = frozenset(("collection", "database", "client"))


class Context:
    """What the rules share while checking one module."""

    def __init__(self, analysis, index=None):
        self.analysis = analysis
        self.index = index or get_index()
        self.raw = []  # (code, (line, col, end_line, end_col), confidence)
        self._seen = set()

    @property
    def evidence(self):
        return self.analysis.evidence  # read only when needed (ModuleAnalysis.questions)

    @property
    def names_evidence(self):
        """Evidence for name-hinted receivers (ModuleAnalysis.names_evidence)."""
        return self.analysis.names_evidence()

    def report(self, code, span, confidence):
        if code not in self.index.lint_codes or confidence is None:
            return
        key = (code, span[0], span[1])
        if key in self._seen:
            return
        self._seen.add(key)
        self.raw.append((code, span, confidence))

    def decide(self, val, kinds, name, shape, receiver_node=None, scope=None):
        """'certain', 'likely' or None for *name* used on receiver value *val*.

        *kinds* are the receiver kinds the catalogue match accepts; *shape*
        is the call-shape evidence (shapes.NO/OK/STRONG).
        """
        if val is not None and val.conf == HINT and val.kind not in kinds and \
                val.kind in UNKNOWN_RECEIVER_KINDS:
            val = None  # conn.ensure_index(...): a name hint of the wrong kind is no hint
        if val is not None:
            if val.kind not in kinds:
                return None
            if val.conf >= CERTAIN:
                return "certain"
            if val.conf >= LIKELY:
                return "likely" if shape != NO else None
            # HINT: the receiver's name only; without a PyMongo import the
            # arguments must be MongoDB's own ($-operators, _id, safe=...).
            if shape == NO or self.foreign(receiver_node):
                return None
            if shape < MONGO and not self.names_evidence:
                return None
            return "likely"
        if shape == NO or not self.evidence or self.foreign(receiver_node):
            return None
        if not kinds & UNKNOWN_RECEIVER_KINDS:
            return None  # bulk builders, GridFS, SON...: only with a known receiver
        if name in AMBIGUOUS and shape < STRONG:
            return None
        if receiver_node is not None and scope is not None and \
                self.analysis.builder_rooted(receiver_node, scope):
            return None  # bulks.do.insert(doc): a 3.x bulk builder's method, not Collection's
        return "likely"

    @staticmethod
    def foreign(receiver_node):
        if receiver_node is None:
            return False
        from legacy_mongo.lint.inference import chain_names
        names = chain_names(receiver_node)
        # the root name may be anything (a module called objects); the links matter
        return any(n in FOREIGN_LINKS for n in names[:-1])


def check(analysis, index=None):
    """Run every rule over *analysis*; the raw findings of the module."""
    analysis.use_kinds()  # before any value is memoised for the rules
    ctx = Context(analysis, index)
    calls.check(ctx)
    calls.dispatched_methods(ctx)
    names.check(ctx)
    uris.check(ctx)
    values.check(ctx)
    behaviour.check(ctx)
    return ctx.raw


__all__ = ["check", "Context", "CERTAIN", "LIKELY", "HINT"]
