"""How much does warn_legacy cost once a call site has already warned?

Prints nanoseconds per call for:
  noop        a shim-like function in a ``legacy_mongo.*`` module that does nothing
  warn        the same function calling warn_legacy(code) (site already seen)
  warn-deep   the same, three library frames deep (decorator + method + helper)
and the ratios, plus, as a yardstick for the shim's < 5 % per-call overhead
target, the cost of ``bson.encode`` of a five-field document -- far less work
than any real PyMongo call, which also does a network round trip (tens of
microseconds even on localhost).

    python benchmarks/warn_overhead.py [--number N] [--repeat R]
"""
import argparse
import os
import sys
import timeit
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

from legacy_mongo import warnings as lm_warnings  # noqa: E402

SHIM_SOURCE = '''
def noop(code):
    return None

def shim(code):
    warn_legacy(code)

def helper(code):
    warn_legacy(code)

def method(code):
    helper(code)

def decorator_wrapper(code):
    method(code)
'''


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=200000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    shim_globals = {"__name__": "legacy_mongo.runtime._bench",
                    "warn_legacy": lm_warnings.warn_legacy}
    exec(compile(SHIM_SOURCE, "<legacy_mongo.runtime._bench>", "exec"), shim_globals)
    lm_warnings.reload_policy()
    # The site is the timeit loop's line: warn there once so the loop measures the fast path.
    warnings.simplefilter("ignore")
    user_globals = dict(shim_globals, __name__="__bench_user__")

    def per_call_ns(stmt):
        timer = timeit.Timer(stmt, globals=user_globals)
        timer.timeit(1000)  # warm up, and warn once at the site
        best = min(timer.repeat(repeat=args.repeat, number=args.number))
        return best / args.number * 1e9

    noop = per_call_ns("noop('LM101')")
    warn = per_call_ns("shim('LM101')")
    deep = per_call_ns("decorator_wrapper('LM101')")
    print("noop       %7.1f ns/call" % noop)
    row = "%-9s  %7.1f ns/call   ratio %.2fx   overhead %+.1f ns"
    print(row % ("warn", warn, warn / noop, warn - noop))
    print(row % ("warn-deep", deep, deep / noop, deep - noop))
    try:
        import bson
    except ImportError:  # pragma: no cover
        bson = None
    if bson is not None:
        document = {"_id": 1, "name": "x", "n": 2.5, "tags": ["a", "b"], "sub": {"k": True}}
        encode = min(timeit.repeat(lambda: bson.encode(document), number=args.number // 4,
                                   repeat=args.repeat)) / (args.number // 4) * 1e9
        print("yardstick  %7.1f ns/call   bson.encode(5-field document); "
              "warn overhead = %.0f%% of it" % (encode, (warn - noop) / encode * 100))
    counts = lm_warnings.usage()
    assert sum(counts.values()) >= 2 * args.number * args.repeat, "calls were not counted"
    return 0


if __name__ == "__main__":
    sys.exit(main())
