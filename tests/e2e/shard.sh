#!/usr/bin/env bash
# annotate --shard K/N, add --shard K/N, annotate -o F.jsonl.zst and add
# --records of compressed shards (#19 item 1): the shards partition the input
# (every article in exactly one), do not depend on file order, are non-empty on
# real news, and load into the same store as one run.
set -u
bin=$(realpath "$1")
shared=${2:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
check() {
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what" >&2
        fail=1
    fi
}
ids() { sed 's/^{"schema":"[^"]*","id":"\([^"]*\)".*/\1/' "$@" | sort; } # record ids
w=$(mktemp -d /tmp/px-shard.XXXXXX)
trap 'rm -rf "$w"' EXIT

in=$shared/corpus/allsides-sample.jsonl
real=1
if [ -z "$shared" ] || [ ! -f "$in" ]; then
    echo "note: $in not found: the examples stand in (shards may be empty)" >&2
    in=$here/examples/articles
    real=0
fi

"$bin" annotate "$in" >"$w/all.jsonl" 2>/dev/null
n=$(wc -l <"$w/all.jsonl")
check "annotate wrote records" test "$n" -gt 0
for k in 1 2 3 4; do
    "$bin" annotate --shard "$k/4" -o "$w/s$k.jsonl.zst" "$in" 2>/dev/null
    check "shard $k: exit 0 or 1 (repaired input)" test $? -le 1
    check "shard $k: a zstd file" test "$(head -c4 "$w/s$k.jsonl.zst" | od -An -tx1 | tr -d ' ')" = 28b52ffd
    zstd -qdc "$w/s$k.jsonl.zst" >"$w/s$k.jsonl"
    [ $real = 1 ] && check "shard $k: not empty on real news" test -s "$w/s$k.jsonl"
done
check "no temporary file is left" test -z "$(find "$w" -name '*.tmp-*')"
sort "$w/all.jsonl" >"$w/all.sorted"
sort "$w"/s[1-4].jsonl >"$w/union.sorted"
check "the shards hold every record exactly once" cmp -s "$w/all.sorted" "$w/union.sorted"

# Another order (lines reversed, split over two files): the same shards.
if [ $real = 1 ]; then
    tac "$in" >"$w/rev.jsonl"
    head -n 50 "$w/rev.jsonl" >"$w/rev-b.jsonl"
    tail -n +51 "$w/rev.jsonl" >"$w/rev-a.jsonl"
    "$bin" annotate --shard 3/4 "$w/rev-a.jsonl" "$w/rev-b.jsonl" >"$w/s3.rev" 2>/dev/null
    ids "$w/s3.rev" >"$w/ids.s3rev"
    ids "$w/s3.jsonl" >"$w/ids.s3"
    check "shard 3 has records" test -s "$w/ids.s3"
    check "shard 3 whatever the file order" cmp -s "$w/ids.s3rev" "$w/ids.s3"
fi

# add --shard: four runs fill the store as one.
for k in 1 2 3 4; do
    "$bin" add --db "$w/shards.db" --no-analyses --shard "$k/4" "$in" 2>/dev/null
done
"$bin" add --db "$w/one.db" --no-analyses "$in" 2>/dev/null
"$bin" list --db "$w/shards.db" >"$w/list.shards"
"$bin" list --db "$w/one.db" >"$w/list.one"
check "add --shard x4 lists as one add" cmp -s "$w/list.shards" "$w/list.one"
check "the store holds every article" test "$(wc -l <"$w/list.one")" = "$n"

# add --records reads the compressed shards as they are.
"$bin" add --db "$w/rec.db" --records "$w"/s[1-4].jsonl.zst 2>"$w/err"
check "add --records of .zst shards: exit 0" test $? = 0
check "add --records says $n new" grep -q "added $n articles ($n new" "$w/err"
"$bin" list --db "$w/rec.db" >"$w/list.rec"
"$bin" add --db "$w/all.db" --records "$w/all.jsonl" 2>/dev/null
"$bin" list --db "$w/all.db" >"$w/list.all"
check "the loaded shards list as one load" cmp -s "$w/list.rec" "$w/list.all"
# add --records --shard splits records as annotate --shard splits articles.
"$bin" add --db "$w/r2.db" --records --shard 2/4 "$w/all.jsonl" 2>/dev/null
"$bin" list --db "$w/r2.db" | cut -f1 | sort >"$w/ids.r2"
ids "$w/s2.jsonl" >"$w/ids.s2"
check "add --records --shard 2/4 = annotate --shard 2/4" cmp -s "$w/ids.r2" "$w/ids.s2"
# A bad line in a compressed record file: named by line number, the rest loads.
{ zstd -qdc "$w/s1.jsonl.zst" | head -n 2; echo '{"not":"a record"}'; zstd -qdc "$w/s1.jsonl.zst" | tail -n +3; } |
    zstd -q >"$w/bad.jsonl.zst"
"$bin" add --db "$w/bad.db" --records "$w/bad.jsonl.zst" 2>"$w/err"
check "a bad record: exit 1" test $? = 1
check "a bad record: its line" grep -q "bad.jsonl.zst:3:" "$w/err"
check "a bad record: the rest loads" \
    test "$("$bin" list --db "$w/bad.db" | wc -l)" = "$(wc -l <"$w/s1.jsonl")"

# Usage and output errors.
for bad in 0/4 5/4 1/0 x 1/x 2 -1/4 1/4x; do
    "$bin" annotate --shard "$bad" "$in" >/dev/null 2>"$w/err"
    check "--shard $bad: exit 2" test $? = 2
    check "--shard $bad: says why" grep -q "bad --shard" "$w/err"
done
"$bin" add --db "$w/x.db" --shard 9/8 "$in" >/dev/null 2>&1
check "add --shard 9/8: exit 2" test $? = 2
"$bin" annotate -o "$w/none/out.jsonl" "$in" 2>"$w/err"
check "-o into a missing folder: exit 1" test $? = 1
check "-o into a missing folder: names it" grep -q "none/out.jsonl" "$w/err"
"$bin" annotate --shard 1/1 -o - "$in" 2>/dev/null | sort >"$w/one.sorted"
check "--shard 1/1 and -o -: everything on stdout" cmp -s "$w/one.sorted" "$w/all.sorted"
exit $fail
