"""Compile the hand-written label sources (src/<project>.txt) into labels.csv.

Source format, one record a line (``#`` starts a comment line):

    FILE <path>                         the file is fully labelled
    <path>|<line>|<code>|<kind>|<note>  one label

kind is ``legacy`` (code = an LM code), ``trap`` (code = NOT_PYMONGO) or
``ambiguous`` (code = AMBIGUOUS: no finding on that line is scored, or an LM
code: a finding with that code on that line is neither right nor wrong).
A code written ``?name`` is a legacy API that had no catalogue code when it was
labelled; PLACEHOLDERS maps it to the catalogue code once one exists, and
until then it stays ``?name`` in labels.csv (lint_quality.py reports such
labels separately instead of scoring them).

The build checks every label against the unpacked corpus: the file exists,
is declared fully labelled, the line exists, and for legacy labels the line
contains the token the code is about (catches off-by-one line numbers).

Usage: python benchmarks/lint_eval/build_labels.py [--check]
"""
import csv
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fetch  # noqa: E402

SRC = os.path.join(HERE, "src")
LABELS = os.path.join(HERE, "labels.csv")
COLUMNS = ["project", "path", "line", "code", "kind", "note"]

# '?name' placeholders -> catalogue codes, filled in as the catalogue grows.
PLACEHOLDERS = {
    "?authenticate": "LM608", "?logout": "LM609", "?db.connection": "LM619",
    "?set_profiling_level": "LM614", "?group": "LM410", "?map_reduce": "LM411",
    "?tailable": "LM713", "?await_data": "LM713", "?continue_on_error": "LM417",
    "?drop_dups": "LM419", "?ensure_index:ttl": "LM418",
    "?pymongo.objectid": "LM805", "?pymongo.binary": "LM807",
    "?pymongo.mongo_replica_set_client": "LM804",
    "?pymongo.OFF": "LM819", "?pymongo.ALL": "LM819", "?pymongo.GEOHAYSTACK": "LM825",
    "?attr:tag_sets": "LM111", "?attr:secondary_acceptable_latency_ms": "LM112",
    "?read_preference-int": "LM110", "?client.host": "LM123", "?client.port": "LM123",
    "?client.document_class": "LM121",
}

# A token that must appear on the labelled line, per code (sanity check).
TOKENS = {
    "LM101": ["Connection", "from_uri"], "LM102": ["ReplicaSetConnection"],
    "LM103": ["MongoReplicaSetClient"], "LM104": ["MasterSlaveConnection"],
    "LM106": ["network_timeout"], "LM107": ["use_greenlets"],
    "LM108": ["slave_okay", "slaveok", "slaveOk"],
    "LM201": ["start_request"], "LM202": ["end_request"],
    "LM203": ["in_request"], "LM204": ["auto_start_request"],
    "LM301": ["safe"], "LM302": ["safe"],
    "LM303": ["get_lasterror_options"], "LM304": ["set_lasterror_options"],
    "LM305": ["unset_lasterror_options"],
    "LM401": [".insert", "'insert'"], "LM402": [".save", "'save'"],
    "LM403": [".update", "'update'"], "LM404": [".remove", "'remove'"],
    "LM405": ["find_and_modify"], "LM406": [".count", "'count'"],
    "LM407": ["ensure_index"], "LM501": [".count"],
    "LM601": ["collection_names"], "LM602": ["database_names"],
    "LM603": ["error", "last_status", "reset_error_history"],
    "LM604": ["eval"], "LM605": ["add_user"], "LM606": ["disconnect"],
    "LM701": ["spec"], "LM702": ["fields"], "LM703": ["timeout"],
    "LM704": ["network_timeout"], "LM705": ["as_class"],
    "LM801": ["pymongo.connection", "connection"],
    "LM110": ["read_preference"], "LM111": ["tag_sets"],
    "LM112": ["secondary_acceptable_latency_ms"], "LM121": ["document_class"],
    "LM123": [".host", ".port"], "LM410": [".group", "'group'"], "LM411": ["map_reduce"],
    "LM417": ["continue_on_error"], "LM418": ["ttl", "cache_for"],
    "LM419": ["drop_dups", "dropDups", "bucket_size"], "LM420": ["if ", " or "],
    "LM506": ["explain"], "LM507": ["where"],
    "LM608": ["authenticate"], "LM609": ["logout"], "LM614": ["profiling"],
    "LM619": ["connection"], "LM713": ["tailable", "await_data"],
    "LM803": ["master_slave_connection"], "LM804": ["mongo_replica_set_client"],
    "LM805": ["objectid"], "LM807": ["binary"], "LM819": ["OFF", "ALL", "SLOW_ONLY"],
    "LM825": ["GEOHAYSTACK"], "LM907": ["json_util.dumps"], "LM908": ["json_util.loads"],
}


def read_sources():
    projects = {p["name"]: p for p in fetch.load_projects()}
    rows, files, problems = [], {}, []
    for name in sorted(os.listdir(SRC)):
        if not name.endswith(".txt"):
            continue
        project = name[:-4]
        if project not in projects:
            problems.append("%s: no such project in projects.json" % name)
            continue
        with open(os.path.join(SRC, name)) as f:
            for number, raw in enumerate(f, 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                where = "%s:%d" % (name, number)
                if line.startswith("FILE "):
                    files.setdefault(project, []).append(line[5:].strip())
                    continue
                parts = line.split("|", 4)
                if len(parts) != 5:
                    problems.append("%s: malformed %r" % (where, line))
                    continue
                path, lineno, code, kind, note = parts
                code = PLACEHOLDERS.get(code, code)
                rows.append({"project": project, "path": path,
                             "line": int(lineno), "code": code, "kind": kind,
                             "note": note, "_where": where})
    return projects, rows, files, problems


def check(projects, rows, files, problems):
    for row in rows:
        where = row["_where"]
        kind, code = row["kind"], row["code"]
        if kind not in ("legacy", "trap", "ambiguous"):
            problems.append("%s: bad kind %r" % (where, kind))
        if kind == "trap" and code != "NOT_PYMONGO":
            problems.append("%s: a trap's code must be NOT_PYMONGO" % where)
        if kind == "ambiguous" and not (code == "AMBIGUOUS" or code.startswith("LM")):
            problems.append("%s: an ambiguous label's code must be AMBIGUOUS or an LM code" % where)
        if kind == "legacy" and not (code.startswith("LM") or code.startswith("?")):
            problems.append("%s: bad legacy code %r" % (where, code))
        if row["path"] not in files.get(row["project"], ()):
            problems.append("%s: %s is not declared FILE (fully labelled)"
                            % (where, row["path"]))
            continue
        full = os.path.join(fetch.project_dir(projects[row["project"]]), row["path"])
        try:
            with io.open(full, encoding="utf-8", errors="replace") as f:
                text = f.read().splitlines()
        except OSError:
            problems.append("%s: missing file %s" % (where, full))
            continue
        if not 1 <= row["line"] <= len(text):
            problems.append("%s: line %d out of range" % (where, row["line"]))
            continue
        src = text[row["line"] - 1]
        if not src.strip():
            problems.append("%s: %s:%d is a blank line" % (where, row["path"], row["line"]))
        tokens = TOKENS.get(code)
        if kind == "legacy" and tokens:
            if not any(t in src for t in tokens):
                problems.append("%s: %s:%d does not contain %s: %r"
                                % (where, row["path"], row["line"], tokens, src.strip()))
    kinds = {}
    for row in rows:
        kinds.setdefault((row["project"], row["path"], row["line"]), set()).add(row["kind"])
    for key, found in sorted(kinds.items()):
        if "trap" in found and len(found) > 1:
            problems.append("%s %s:%d is both a trap and %s" % (key + (sorted(found - {"trap"}),)))
    for project, paths in files.items():
        for path in paths:
            full = os.path.join(fetch.project_dir(projects[project]), path)
            if not os.path.exists(full):
                problems.append("%s: FILE %s does not exist" % (project, path))
    return problems


def write(rows, files):
    out = []
    for project in sorted(files):
        for path in sorted(set(files[project])):
            out.append({"project": project, "path": path, "line": "",
                        "code": "", "kind": "file", "note": "fully labelled"})
    for row in sorted(rows, key=lambda r: (r["project"], r["path"], r["line"],
                                           r["kind"], r["code"])):
        out.append({k: row[k] for k in COLUMNS})
    with open(LABELS, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)


def main():
    if not fetch.is_fetched():
        fetch.fetch_all()
    projects, rows, files, problems = read_sources()
    problems = check(projects, rows, files, problems)
    for p in problems:
        print("PROBLEM", p)
    if "--check" not in sys.argv:
        write(rows, files)
    legacy = sum(r["kind"] == "legacy" for r in rows)
    traps = sum(r["kind"] == "trap" for r in rows)
    amb = sum(r["kind"] == "ambiguous" for r in rows)
    nfiles = sum(len(set(v)) for v in files.values())
    print("%d legacy, %d traps, %d ambiguous in %d fully labelled files of %d projects"
          % (legacy, traps, amb, nfiles, len(files)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
