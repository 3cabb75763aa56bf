#!/usr/bin/env bash
# Throughput of annotate split into N shards (#19 item 5): CPU seconds (user +
# system) of one `parallax annotate` over the corpus, and of each of the N runs
# `annotate --shard K/N` over the same corpus. On N dedicated cores the N runs
# take as long as the slowest, so the speed-up is T1 / max(T_K) and the
# efficiency that over N (target >= 0.9). CPU time rather than wall time: it
# does not depend on what else the machine runs (this one is shared).
#
# usage: bash bench/shards.sh [BUILD_DIR] [N...]   (default build/release; 2 4 8)
# PX_CORPUS (default ../shared/corpus/allsides.jsonl.zst), PX_LIMIT articles
# (default all). Run it under nice.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${1:-$ROOT/build/release}/parallax
shift || true
ns=${*:-2 4 8}
corpus=${PX_CORPUS:-$ROOT/../shared/corpus/allsides.jsonl.zst}
t=$(mktemp -d /tmp/px-shards.XXXXXX)
trap 'rm -rf "$t"' EXIT
if [ -n "${PX_LIMIT:-}" ]; then
    zstd -qdc "$corpus" | head -n "$PX_LIMIT" >"$t/in.jsonl"
else
    zstd -qdc "$corpus" >"$t/in.jsonl"
fi
in=$t/in.jsonl
if [ ! -s "$in" ]; then
    echo "bench/shards.sh: no articles from $corpus (set PX_CORPUS)" >&2
    exit 1
fi
cpu() { /usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ print $1 + $2 }'; }
n_art=$(wc -l <"$in")
t1=$(cpu "$B" annotate "$in")
t0=$(cpu "$B" annotate --shard 1/1000000 "$in")
echo "| shards | slowest shard CPU s | all shards CPU s | speed-up T1/max | efficiency |"
echo "|---|---|---|---|---|"
echo "| 1 | $t1 | $t1 | 1.00 | 1.00 |"
for n in $ns; do
    max=0 sum=0
    for ((k = 1; k <= n; k++)); do
        c=$(cpu "$B" annotate --shard "$k/$n" "$in")
        sum=$(echo "$sum + $c" | bc -l)
        max=$(echo "if ($c > $max) $c else $max" | bc -l)
    done
    printf '| %d | %.2f | %.2f | %.2f | %.2f |\n' "$n" "$max" "$sum" \
        "$(echo "$t1 / $max" | bc -l)" "$(echo "$t1 / $max / $n" | bc -l)"
done
echo "bench: shards_articles=$n_art one_cpu_s=$t1 read_only_cpu_s=$t0" \
    "(start-up + reading every input, what each shard pays on top of its share)"
