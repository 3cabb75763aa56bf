#!/usr/bin/env bash
# Compare on real news: the 200 articles of the corpus sample are stored and
# grouped, and every story with two or more outlets is compared (--json and the
# readable report) by bench_compare, which fails when an output is not valid
# UTF-8 or a comparison fails. The whole corpus: bench_compare STORE (bench/).
set -u
bin=$1
shared=${2:-${PX_SHARED_DIR:-}}
sample="$shared/corpus/allsides-sample.jsonl"
bench="$(dirname "$bin")/bench_compare"
if [ ! -f "$sample" ] || [ ! -x "$bench" ]; then
    echo "skip: no $sample or $bench"
    exit 0
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
# Exit status 1 with warnings only (the sample has a double-encoded record,
# repaired and reported) is fine; an error is not.
"$bin" add --db "$t/p.db" "$sample" 2>"$t/err"
if [ $? -gt 1 ] || grep -v -e ': warning: ' -e '^parallax: added ' "$t/err" | grep -q .; then
    cat "$t/err" >&2
    exit 1
fi
"$bench" "$t/p.db" > "$t/out" || { cat "$t/out" >&2; exit 1; }
cat "$t/out"
grep -q "compared=[1-9]" "$t/out" || { echo "FAIL: no story compared" >&2; exit 1; }
# Topics on real news: listed (text and JSON), and every topic of two or more
# stories compared (--topic, --json and the readable report): valid JSON,
# valid UTF-8, every article of the topic in its by_outlet counts.
"$bin" topics --db "$t/p.db" --json --all >"$t/topics.json" 2>"$t/err" || { cat "$t/err" >&2; exit 1; }
"$bin" topics --db "$t/p.db" >/dev/null 2>&1 || { echo "FAIL: topics (text)" >&2; exit 1; }
python3 - "$bin" "$t/p.db" "$t/topics.json" <<'PY' || exit 1
import json, subprocess, sys
bin_, db, path = sys.argv[1:4]
topics = [json.loads(l) for l in open(path, encoding="utf-8")]
assert topics, "no topics"
multi = [t for t in topics if len(t["stories"]) >= 2]
assert multi, "no topic of two or more stories"
for t in multi:
    raw = subprocess.run([bin_, "compare", "--db", db, "--json", "--topic", t["id"]],
                         capture_output=True, check=True).stdout
    d = json.loads(raw.decode("utf-8"))
    assert d["schema"] == "parallax.topic/1" and d["id"] == t["id"], t["id"]
    originals = sum(1 for a in d["articles"] if a["duplicate_of"] is None)
    assert sum(o["articles"] for o in d["by_outlet"]) == originals, t["id"]
    for o in d["by_outlet"]:
        assert len(o["covered"]) + len(o["skipped"]) == len(d["stories"]), t["id"]
    subprocess.run([bin_, "compare", "--db", db, "--topic", t["id"]],
                   capture_output=True, check=True).stdout.decode("utf-8")
print(f"topics={len(topics)} multi={len(multi)} compared")
PY
