"""Modern-code false positives (benchmarks/lint_eval/README.md, "Modern code"): each
trap is a shape found in PyMongo 3/4 code that the linter used to report, next to the
legacy shape that must stay reported.  Expected codes are the catalogue's."""
from tests.lint.helpers import found


# --- LM907/LM908: json_options supplied through **kwargs ---------------------------

def test_dumps_with_kwargs_filled_with_json_options_under_a_not_in_guard():
    source = """\
        from bson import json_util
        def to_json(doc, *args, **kwargs):
            if "json_options" not in kwargs:
                kwargs["json_options"] = json_util.LEGACY_JSON_OPTIONS
            return json_util.dumps(doc, *args, **kwargs)
        def from_json(text, **kwargs):
            kwargs.setdefault("json_options", json_util.CANONICAL_JSON_OPTIONS)
            return json_util.loads(text, **kwargs)
        def literal(doc, opts):
            return json_util.dumps(doc, **{"json_options": opts})
        def rebound(doc, opts):
            kw = {"json_options": opts, "indent": 2}
            return json_util.dumps(doc, **kw)
        """
    assert found(source, "LM907", prelude=False) == []
    assert found(source, "LM908", prelude=False) == []


def test_dumps_with_kwargs_not_certainly_holding_json_options_is_reported():
    source = """\
        from bson import json_util
        def plain(doc, **kwargs):
            return json_util.dumps(doc, **kwargs)
        def other_key(doc, **kwargs):
            kwargs["indent"] = 2
            return json_util.dumps(doc, **kwargs)
        def only_sometimes(doc, pretty, **kwargs):
            if pretty:
                kwargs["json_options"] = json_util.RELAXED_JSON_OPTIONS
            return json_util.dumps(doc, **kwargs)
        def popped(doc, **kwargs):
            kwargs["json_options"] = json_util.RELAXED_JSON_OPTIONS
            kwargs.pop("json_options")
            return json_util.dumps(doc, **kwargs)
        def after_the_call(text, **kwargs):
            doc = json_util.loads(text, **kwargs)
            kwargs["json_options"] = json_util.RELAXED_JSON_OPTIONS
            return doc
        def rebound(doc, opts, **kwargs):
            kwargs["json_options"] = opts
            kwargs = dict(indent=2)
            return json_util.dumps(doc, **kwargs)
        """
    assert [line for line, _c in found(source, "LM907", prelude=False)] == [3, 6, 10, 14, 22]
    assert [line for line, _c in found(source, "LM908", prelude=False)] == [16]
