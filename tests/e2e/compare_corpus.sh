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
