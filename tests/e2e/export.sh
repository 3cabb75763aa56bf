#!/usr/bin/env bash
# parallax export end to end: the CSV tables load with Python's csv module,
# their join keys hold and their row counts match the records; GKG rows have
# 27 columns, Events rows 61; --story selects the story's articles, --topic
# the topic's; bad
# options are usage errors.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"

"$bin" add --db "$db" "$here/examples/articles" 2>/dev/null
"$bin" add --db "$db" --records "$here/tests/golden/inputs/export_records.jsonl" 2>/dev/null
"$bin" add --db "$db" "$here/tests/golden/inputs/extra.jsonl" 2>/dev/null
"$bin" stories --db "$db" >/dev/null 2>&1
n=$("$bin" list --db "$db" 2>/dev/null | wc -l)

"$bin" export --db "$db" > "$t/all.jsonl" 2>"$t/err"
check "jsonl exit 0" test $? = 0
check "jsonl: one record per article" test "$(wc -l < "$t/all.jsonl")" = "$n"
check "summary on stderr" grep -q "exported $n articles" "$t/err"

"$bin" export --db "$db" --format csv -o "$t/csv" 2>/dev/null
check "csv exit 0" test $? = 0
python3 - "$t/all.jsonl" "$t/csv" <<'EOF' || fail=1
import csv, json, os, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
def load(name):
    with open(os.path.join(sys.argv[2], name + ".csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
t = {n: load(n) for n in ["articles", "entities", "mentions", "timexes", "counts",
                          "quotes", "events", "labels", "techniques"]}
bad = []
def want(cond, what):
    if not cond:
        bad.append(what)
ids = [a["article_id"] for a in t["articles"]]
want(sorted(ids) == sorted(r["id"] for r in recs), "articles: the same ids as the records")
want(len(set(ids)) == len(ids), "articles: unique ids")
by_id = {r["id"]: r for r in recs}
for a in t["articles"]:
    want(a["text"] == by_id[a["article_id"]]["text"], "articles: text round trip " + a["article_id"])
    want(a["title"] == (by_id[a["article_id"]]["title"] or ""), "articles: title round trip")
    meta = by_id[a["article_id"]].get("meta")
    want((json.loads(a["meta"]) if a["meta"] else None) == meta, "articles: meta round trip")
want(sum(1 for r in recs if r.get("meta")) == 2, "extra input members kept under meta")
ents = {(e["article_id"], e["entity_id"]) for e in t["entities"]}
want(len(ents) == len(t["entities"]), "entities: unique (article_id, entity_id)")
for name, col in [("mentions", "entity_id"), ("quotes", "speaker_id"), ("labels", "entity_id"),
                  ("events", "source_id"), ("events", "target_id"), ("events", "place_id")]:
    for row in t[name]:
        want(row["article_id"] in by_id, name + ": article_id joins")
        if row[col]:
            want((row["article_id"], row[col]) in ents, "%s.%s joins entities" % (name, col))
for name, key in [("entities", "entities"), ("timexes", "timexes"), ("counts", "quantities"),
                  ("quotes", "quotes"), ("events", "events"), ("labels", "labels"),
                  ("techniques", "techniques")]:
    want(len(t[name]) == sum(len(r[key]) for r in recs), name + ": one row per record item")
want(len(t["mentions"]) == sum(len(e["mentions"]) for r in recs for e in r["entities"]),
     "mentions: one row per mention")
for m in t["mentions"]:
    text = by_id[m["article_id"]]["text"].encode()
    want(text[int(m["start"]):int(m["end"])].decode() == m["text"], "mentions: span text")
grouped = [a for a in t["articles"] if a["story_id"]]
want(len(grouped) == len(t["articles"]), "articles: every article has its story")
want(len(t["events"]) >= 1 and len(t["labels"]) >= 1 and len(t["techniques"]) >= 1,
     "events, labels, techniques rows from the hand-made record")
for b in bad:
    print("FAIL: csv:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
check "csv rows end with CRLF" python3 -c \
    "import sys; sys.exit(not open(sys.argv[1], 'rb').readline().endswith(b'\r\n'))" \
    "$t/csv/articles.csv"

"$bin" export --db "$db" --format gkg -o "$t/gkg.tsv" 2>/dev/null
check "gkg exit 0" test $? = 0
check "gkg: one row per article" test "$(wc -l < "$t/gkg.tsv")" = "$n"
check "gkg: 27 columns on every row" test "$(awk -F'\t' 'NF != 27' "$t/gkg.tsv" | wc -l)" = 0
"$bin" export --db "$db" --format events --header -o "$t/ev.tsv" 2>/dev/null
check "events: 61 columns on every row" test "$(awk -F'\t' 'NF != 61' "$t/ev.tsv" | wc -l)" = 0
# one row per event that happened (negated ones are left out), in every record
nev=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) for e in json.loads(l)["events"] if not e["negated"]))' "$t/all.jsonl")
check "events: header and one row per coded event ($nev)" test "$(wc -l < "$t/ev.tsv")" = $((nev + 1))
check "events: the examples code events" test "$nev" -gt 1

story=$("$bin" stories --db "$db" --json 2>/dev/null | head -n1 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
size=$("$bin" stories --db "$db" --json 2>/dev/null | head -n1 |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["articles"]))')
"$bin" export --db "$db" --story "$story" > "$t/story.jsonl" 2>/dev/null
check "--story exports the story's articles" test "$(wc -l < "$t/story.jsonl")" = "$size"
"$bin" export --db "$db" --story s-ffffffff >/dev/null 2>&1
check "unknown story exit 1" test $? = 1
topic=$("$bin" topics --db "$db" --json --all 2>/dev/null | python3 -c '
import json, sys
t = max((json.loads(l) for l in sys.stdin), key=lambda t: len(t["articles"]))
print(t["id"], " ".join(a["id"] for a in t["articles"]))')
"$bin" export --db "$db" --topic "${topic%% *}" > "$t/topic.jsonl" 2>/dev/null
check "--topic exit 0" test $? = 0
check "--topic exports the topic's articles in its order" test "$(python3 -c '
import json, sys
print(" ".join(json.loads(l)["id"] for l in open(sys.argv[1])))' "$t/topic.jsonl")" = "${topic#* }"
"$bin" export --db "$db" --topic t-ffffffff >/dev/null 2>&1
check "unknown topic exit 1" test $? = 1
"$bin" export --db "$db" --topic t1 --story s1 >/dev/null 2>&1
check "--story and --topic is a usage error" test $? = 2
"$bin" export --db "$db" --format csv >/dev/null 2>&1
check "csv without -o is a usage error" test $? = 2
"$bin" export --db "$db" --format xml >/dev/null 2>&1
check "unknown format is a usage error" test $? = 2
"$bin" export --db "$t/none.db" >/dev/null 2>&1
check "missing store exit 1" test $? = 1
exit $fail
