#!/usr/bin/env bash
# tools/slurm/ scripts without Slurm (#19 item 2): each array task run by hand
# (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MAX set as Slurm sets them), both
# splits (ids, files), @LIST inputs, resuming, the load script's checks, and a
# SQLite store loaded from the shards listing as one add. e2e/cluster.sh runs
# the same scripts under a real (one-node) Slurm.
set -u
bin=$(realpath "$1")
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
w=$(mktemp -d /tmp/px-sscripts.XXXXXX)
trap 'rm -rf "$w"' EXIT
export PARALLAX=$bin PX_ANNOTATE_OPTS=--no-analyses
ann=$here/tools/slurm/parallax-annotate.sbatch
load=$here/tools/slurm/parallax-load.sbatch
in=$here/examples/articles

"$bin" add --db "$w/one.db" --no-analyses "$in" 2>/dev/null
"$bin" list --db "$w/one.db" >"$w/list.one"
n=$(wc -l <"$w/list.one")
check "the examples hold articles" test "$n" -gt 3

for split in ids files; do
    out=$w/out-$split
    for k in 1 2 3; do
        PX_SPLIT=$split SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_MAX=3 \
            bash "$ann" "$out" "$in" >"$w/log" 2>&1
        check "$split: task $k exit 0" test $? = 0
        check "$split: shard $k written" test -f "$out/shard-$k-of-3.jsonl.zst"
    done
    PX_LOADERS=2 bash "$load" "$out" "$w/$split.db" >"$w/log" 2>&1
    check "$split: load exit 0" test $? = 0
    "$bin" list --db "$w/$split.db" >"$w/list.$split"
    check "$split: the loaded shards list as one add" cmp -s "$w/list.$split" "$w/list.one"
    check "$split: stories written" test -s "$out/stories.txt"
done

# Resuming: a finished shard is skipped, a killed run's temporary removed.
out=$w/out-ids
touch "$out/shard-2-of-3.jsonl.zst.tmp-999-0"
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MAX=3 bash "$ann" "$out" "$in" >"$w/log" 2>&1
check "resume: skipped" grep -q "shard 2/3 is done, skipped" "$w/log"
rm "$out/shard-2-of-3.jsonl.zst"
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MAX=3 bash "$ann" "$out" "$in" >"$w/log" 2>&1
check "resume: rewritten" test -f "$out/shard-2-of-3.jsonl.zst"
check "resume: no temporary left" test -z "$(find "$out" -name '*.tmp-*')"

# @LIST inputs (comments and blank lines skipped); PX_SHARDS for a subset.
find "$in" -type f | LC_ALL=C sort >"$w/list"
printf '# a comment\n\n' >>"$w/list"
PX_SHARDS=3 SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MAX=1 bash "$ann" "$w/out-list" "@$w/list" \
    >"$w/log" 2>&1
check "@LIST, PX_SHARDS: shard 1 of 3" \
    cmp -s <(zstd -qdc "$w/out-list/shard-1-of-3.jsonl.zst" | cut -c1-80) \
    <(zstd -qdc "$w/out-ids/shard-1-of-3.jsonl.zst" | cut -c1-80)

# Misuse: not an array task, a task out of range, an incomplete set.
bash "$ann" "$w/x" "$in" >/dev/null 2>"$w/err"
check "not an array task: exit 2" test $? = 2
SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_MAX=3 PX_SHARDS=3 bash "$ann" "$w/x" "$in" \
    >/dev/null 2>"$w/err"
check "task 4 of 3: exit 2" test $? = 2
PX_SPLIT=nope SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MAX=3 bash "$ann" "$w/x" "$in" \
    >/dev/null 2>"$w/err"
check "bad PX_SPLIT: exit 2" test $? = 2
rm "$w/out-files/shard-3-of-3.jsonl.zst"
bash "$load" "$w/out-files" "$w/bad.db" >/dev/null 2>"$w/err"
check "incomplete set: exit 1" test $? = 1
check "incomplete set: names the missing shard" grep -q "missing: 3" "$w/err"
check "incomplete set: nothing loaded" test ! -e "$w/bad.db"
exit $fail
