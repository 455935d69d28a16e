"""Python 2 sources go through fissix and the same rules."""
import ast
import os

import pytest

from legacy_mongo.lint.engine import lint_paths, lint_source
from legacy_mongo.lint.py2 import normalise

HERE = os.path.dirname(os.path.abspath(__file__))
PY2 = os.path.join(HERE, "fixtures", "py2")


def _findings(name):
    return [(f.code, f.line, f.column) for f in lint_paths([os.path.join(PY2, name)], jobs=1)]


def _source_findings(source):
    return [(f.code, f.line, f.column) for f in lint_source(source, "t.py")]


@pytest.mark.parametrize("name", ["print_and_except.py", "unicode_exec.py", "traps.py"])
def test_fixtures_are_really_python_2_only(name):
    with open(os.path.join(PY2, name), "rb") as handle:
        data = handle.read()
    with pytest.raises(SyntaxError):
        ast.parse(data)


def test_print_except_backticks_longs_octals():
    found = _findings("print_and_except.py")
    codes = [c for c, _l, _c in found]
    assert "LM001" not in codes
    # exact positions, counted by hand in the fixture (1-based columns of the original text)
    assert ("LM101", 3, 21) in found          # from pymongo import Connection
    assert ("LM101", 5, 8) in found           # Connection(...)
    assert ("LM401", 12, 18) in found         # db.users.insert({... 10L}, safe=True)
    assert ("LM301", 12, 50) in found         # safe=True after a 10L literal
    assert ("LM501", 15, 39) in found         # .find({'mode': 0644}).count()
    assert ("LM404", 19, 14) in found         # after `raise E, "msg"` and `<>`
    assert len(found) == 6


def test_latin1_ur_strings_exec_and_tabs():
    found = _findings("unicode_exec.py")
    # 2 tabs + "return self.db.items." -> .save starts at column 24
    assert found == [("LM402", 16, 24)]


def test_python2_traps_stay_quiet():
    assert _findings("traps.py") == []


def test_normalise_keeps_lines():
    source = "print 'a'\nx = `1`\nexec 'y' in {}\ntry:\n    pass\nexcept E, e:\n    pass\n"
    text, cmap = normalise(source)
    assert text.count("\n") == source.count("\n")
    ast.parse(text)
    # `repr(` is 4 columns wider than the backtick: column 9 of the new line 2 is 5 originally
    assert cmap.original(2, 9) == 5


def test_file_no_grammar_accepts_is_lm001_and_run_goes_on(tmp_path):
    (tmp_path / "bad.py").write_text("import pymongo\ndef f(:\n  pass\n")
    (tmp_path / "good.py").write_text("import pymongo\npymongo.MongoClient().db.c.insert({})\n")
    found = {(os.path.basename(f.path), f.code) for f in lint_paths([str(tmp_path)], jobs=1)}
    assert found == {("bad.py", "LM001"), ("good.py", "LM401")}


@pytest.mark.parametrize("name", ["print_and_except.py", "unicode_exec.py", "traps.py"])
def test_token_fast_path_agrees_with_the_fissix_tree(name):
    from legacy_mongo.lint.engine import decode_source
    from legacy_mongo.lint.py2 import fast_normalise

    with open(os.path.join(PY2, name), "rb") as handle:
        text = decode_source(handle.read())
    fast, _ = fast_normalise(text)
    slow, _ = normalise(text)
    if "\t" not in text:
        assert fast == slow
    assert ast.dump(ast.parse(fast.expandtabs(8))) == ast.dump(ast.parse(slow))


def test_fissix_is_the_fallback_when_token_edits_do_not_parse(monkeypatch):
    from legacy_mongo.lint import py2

    def broken(text):
        raise SyntaxError("pretend the token path cannot do this file")

    monkeypatch.setattr(py2, "fast_normalise", broken)
    tree, _cmap, text = py2.parse_python2_text("print 'x'\nimport pymongo\n")
    assert text.startswith("print( 'x')")


def test_tuple_parameters_are_unpacked_for_parsing():
    source = ("import pymongo\n"
              "def f(db, (a, b)):\n"
              "    return sorted(db.c.find(), key=lambda (k, v): v)\n"
              "def g(coll):\n"
              "    print coll.find({'a': 1}).count()\n")
    found = _source_findings(source)
    # print( is one column wider than print: column 32 of the new text is 31 originally
    assert found == [("LM501", 5, 31)]


# -- the fast path's tokenizer against tokenize's -----------------------------------

_TOKEN_EDGE_CASES = [
    "x = `y`\nprint x, `z`\n",                      # backticks: ERRORTOKENs, the space too
    "s = 'abc\\\ndef'\nprint s\n",                   # a single-quoted string continued
    's = """one\\\ntwo\nthree"""; print s\n',        # a triple-quoted one over lines
    "a = (1,\n     # a comment inside brackets\n     2)\nprint a\n",
    "x = 1 + \\\n    2\nprint x\n",                  # a continued statement
    "if x:\r\n    print x\r\n",                      # CRLF
    "x = 0777 + 10L\nprint x <> 1\n",
    "x = ur'abc' + b'd' + rb'e' + f'{x}'\n",
    "x = 1\n   \n\t\n# c\nprint x",                  # blank lines, no final newline
    "x = 1   ",                                      # trailing whitespace at the end
    "caf\u00e9 = 1 \u00b2\nprint caf\u00e9\n",       # non-ASCII names and a non-name
    "x = $y ? 1\n",                                  # characters no token starts with
    "a = 1.5e3j + .5 + x...\nb = a**=2 // 3 @ 4 -> 5\n",
]


def _reference_tokens(text):
    import io
    import tokenize

    skip = (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT,
            tokenize.NEWLINE, tokenize.ENDMARKER)
    return [(t.type, t.string, t.start, t.end)
            for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type not in skip]


def _logical_lines(tokens, boundaries):
    lines, line = [], []
    for token in tokens:
        if token[0] in boundaries:
            if line:
                lines.append(line)
            line = []
        else:
            line.append(tuple(token[:4]))
    return lines + ([line] if line else [])


def _fast_tokens(text):
    import tokenize

    from legacy_mongo.lint.py2 import _significant_tokens

    tokens = _significant_tokens(text)
    return [tuple(t) for t in tokens if t.type not in (tokenize.NEWLINE, tokenize.ENDMARKER)], \
        _logical_lines(tokens, (tokenize.NEWLINE, tokenize.ENDMARKER))


@pytest.mark.parametrize("text", _TOKEN_EDGE_CASES)
def test_fast_tokens_are_tokenizes(text):
    import io
    import tokenize

    tokens, lines = _fast_tokens(text)
    assert tokens == _reference_tokens(text)
    reference = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                 if t.type not in (tokenize.NL, tokenize.COMMENT)]
    # the same logical lines (INDENT and DEDENT only ever follow a NEWLINE)
    assert lines == _logical_lines(reference, (tokenize.NEWLINE, tokenize.INDENT,
                                               tokenize.DEDENT, tokenize.ENDMARKER))


@pytest.mark.parametrize("text", [
    "s = '''never closed\nprint s\n",
    "x = (1,\n2\n",
    "x = 1 + \\\n",
    "s = 'abc\\\ndef\nprint s\n",   # a continued string with an unescaped newline
])
def test_fast_tokens_refuse_what_cannot_parse(text):
    from legacy_mongo.lint.py2 import _significant_tokens, parse_python2_text

    with pytest.raises(SyntaxError):
        _significant_tokens(text)
    with pytest.raises(SyntaxError):  # and neither fissix nor ast.parse accepts it
        parse_python2_text(text)


def test_fast_tokens_are_tokenizes_on_every_fixture_and_corpus_file():
    """Every Python file of the fixtures (and of the evaluation corpus, when
    benchmarks/lint_eval/fetch.py has fetched it): the same tokens as tokenize, or
    a SyntaxError where tokenize refuses the text."""
    from legacy_mongo.lint.engine import UnreadableFile, decode_or_explain
    from tests.lint.helpers import corpus_files

    compared = 0
    for path, data in corpus_files():
        try:
            text = decode_or_explain(data)
        except UnreadableFile:
            continue
        try:
            expected = _reference_tokens(text)
        except Exception:  # tokenize's TokenError or IndentationError
            continue
        assert _fast_tokens(text)[0] == expected, path
        compared += 1
    assert compared > 20


def test_fast_path_takes_glued_except_comma_and_all_zero_octal_prefix(monkeypatch):
    # "except E,e:" became "except E ase:" and "00111" (tokens "00", "111") was left
    # as it was: both sent real Python 2 files (ansible's) to fissix, which gave up
    # on them (LM001) or took a tenth of a second a file
    from legacy_mongo.lint import py2

    def no_fissix(text):
        raise AssertionError("the token fast path should have parsed this")

    monkeypatch.setattr(py2, "normalise", no_fissix)
    source = ("import pymongo\n"
              "try:\n"
              "    mode = (prev & 00111) > 0\n"
              "except Exception,e:\n"
              "    pymongo.Connection().db.c.insert({'e': e})\n")
    found = _source_findings(source)
    assert ("LM101", 5, 5) in found and ("LM401", 5, 31) in found
    assert "LM001" not in [code for code, _l, _c in found]
    text, _cmap = py2.fast_normalise(source)
    assert "0o111" in text and "except Exception as e:" in text
