#!/usr/bin/env bash
# The PostgreSQL store on the real corpus (#17): `add --no-analyses` in MB/s of
# text per core (client + server CPU), four concurrent adds against one, and
# `stories` on PostgreSQL against SQLite (and whether both print the same
# bytes). Starts a throwaway cluster (a Unix socket in a temporary folder, no
# TCP; default durability settings), removed at the end.
#
#   bash bench/postgres.sh [BUILD_DIR]    # default build/release
#
# PX_SHARED (default ../shared beside the repository) and PX_CORPUS (default
# $PX_SHARED/corpus/allsides.jsonl.zst) as for run.sh; PX_NO_STORIES=1 stops
# after the adds, PX_NO_ADDS=1 skips them (stories only); PX_RECORDS=FILE takes
# the corpus already annotated (`parallax annotate`) instead of annotating it
# here. Run it niced, alone.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:-$here/build/release}")
bin=$build/parallax
shared=${PX_SHARED:-$here/../shared}
corpus=${PX_CORPUS:-$shared/corpus/allsides.jsonl.zst}
[ -x "$bin" ] || { echo "bench/postgres.sh: no $bin (make release)" >&2; exit 1; }
[ -f "$corpus" ] || { echo "bench/postgres.sh: no corpus at $corpus" >&2; exit 1; }
pgbin=""
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { pgbin=$d; break; }
done
[ -n "$pgbin" ] || { echo "bench/postgres.sh: no PostgreSQL (tools/install-deps.sh)" >&2; exit 1; }

t=$(mktemp -d /tmp/px-pgbench.XXXXXX)
if [ "$(id -u)" = 0 ]; then
    su=postgres
    chown postgres "$t"
    as_pg() { runuser -u postgres -- "$@"; }
else
    su=$(id -un)
    as_pg() { "$@"; }
fi
cleanup() {
    as_pg "$pgbin/pg_ctl" -D "$t/data" -m fast stop >/dev/null 2>&1
    rm -rf "$t"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$t/data" -A trust -U "$su" -E UTF8 --no-locale >/dev/null || exit 1
as_pg "$pgbin/pg_ctl" -D "$t/data" -l "$t/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$t' -c shared_buffers=256MB" \
    start >/dev/null || exit 1
psql() { as_pg "$pgbin/psql" -h "$t" -U "$su" -X -q "$@"; }
uri() { echo "postgresql:///$1?host=$t&user=$su"; }
postmaster=$(head -n1 "$t/data/postmaster.pid")
hz=$(getconf CLK_TCK)

# CPU seconds of the server so far: the postmaster, its reaped children (the
# backends of closed connections) and its live ones.
server_cpu() {
    local ticks=0 p
    read -r -a f <"/proc/$postmaster/stat"
    ticks=$((f[13] + f[14] + f[15] + f[16]))
    for p in $(pgrep -P "$postmaster"); do
        [ -r "/proc/$p/stat" ] || continue
        read -r -a f <"/proc/$p/stat" || continue
        ticks=$((ticks + f[13] + f[14]))
    done
    echo $ticks
}
# Runs "$@", printing "wall client_cpu server_cpu" (seconds). The server's
# figure is read a moment after the clients exit, once the postmaster has
# reaped their backends (a backend's CPU reaches its cutime only then); for a
# SQLite run it is the idle server's (checkpointer, autovacuum) and not counted.
measure() {
    local s0 s1 t0 t1 c
    sleep 2
    s0=$(server_cpu)
    t0=$(date +%s.%N)
    c=$( { TIMEFORMAT='%U %S'; time "$@" >/dev/null 2>"$t/err"; } 2>&1)
    t1=$(date +%s.%N)
    sleep 2
    s1=$(server_cpu)
    awk -v t0="$t0" -v t1="$t1" -v c="$c" -v s="$((s1 - s0))" -v hz="$hz" \
        'BEGIN { split(c, u, " "); printf "%.2f %.2f %.2f\n", t1 - t0, u[1] + u[2], s / hz }'
}

echo "corpus: $corpus" >&2
zstd -dcf "$corpus" >"$t/corpus.jsonl" || exit 1
n=$(wc -l <"$t/corpus.jsonl")
text=$(python3 -c 'import json,sys
print(sum(len((json.loads(l).get("text") or "").encode()) for l in open(sys.argv[1], encoding="utf-8")))' \
    "$t/corpus.jsonl")
mb=$(awk -v b="$text" 'BEGIN { printf "%.3f", b / 1e6 }')
echo "$n articles, $mb MB of text" >&2
split -n l/4 -d "$t/corpus.jsonl" "$t/shard."

row() { # label articles wall client server
    awk -v l="$1" -v n="$2" -v w="$3" -v c="$4" -v s="$5" -v mb="$mb" 'BEGIN {
        printf "| %s | %d | %.1f | %.1f | %.2f | %.2f | %.2f |\n", l, n, mb / (c + s), mb / w, w, c, s }'
}
echo
echo "| run | articles | MB/s per core (client + server CPU) | MB/s wall | wall s | client CPU s | server CPU s |"
echo "|---|--:|--:|--:|--:|--:|--:|"

psql -d postgres -c "CREATE DATABASE one" -c "CREATE DATABASE four" -c "CREATE DATABASE st"
if [ "${PX_NO_ADDS:-0}" != 1 ]; then
read -r w1 c1 s1 < <(measure "$bin" add --db "$(uri one)" --no-analyses "$t/corpus.jsonl")
row "add --no-analyses, one process, PostgreSQL" "$n" "$w1" "$c1" "$s1"
tail -n1 "$t/err" >&2

adds4() {
    local p pids=""
    for p in "$t"/shard.0*; do
        "$bin" add --db "$(uri four)" --no-analyses "$p" 2>>"$t/err4" &
        pids="$pids $!"
    done
    # shellcheck disable=SC2086
    wait $pids
}
read -r w4 c4 s4 < <(measure adds4)
row "add --no-analyses, 4 processes at once, PostgreSQL" "$n" "$w4" "$c4" "$s4"
echo "4 processes: rows|ids = $(psql -d four -tAc 'SELECT count(*), count(DISTINCT id) FROM articles')" >&2
awk -v a="$w1" -v b="$w4" 'BEGIN { printf "\nscaling, 4 processes vs 1 (wall): %.2fx\n", a / b }'

read -r ws cs ss < <(measure "$bin" add --db "$t/one.db" --no-analyses "$t/corpus.jsonl")
row "add --no-analyses, one process, SQLite (no server)" "$n" "$ws" "$cs" 0
fi

[ "${PX_NO_STORIES:-0}" = 1 ] && exit 0
# stories needs the analyses: records annotated once, stored in both.
records=${PX_RECORDS:-}
if [ -z "$records" ]; then
    echo "annotating the corpus once (every analysis)..." >&2
    records=$t/records.jsonl
    "$bin" annotate "$t/corpus.jsonl" >"$records" 2>/dev/null
fi
"$bin" add --records --db "$t/st.db" "$records" 2>/dev/null
"$bin" add --records --db "$(uri st)" "$records" 2>/dev/null
echo
echo "| stories (every analysis) | wall s | client CPU s | server CPU s |"
echo "|---|--:|--:|--:|"
ratio() { # label sqlite-wall sqlite-cpu pg-wall pg-client pg-server
    awk -v l="$1" -v sw="$2" -v sc="$3" -v pw="$4" -v pc="$5" -v ps="$6" 'BEGIN {
        printf "stories %s, PostgreSQL / SQLite: wall %.2fx, CPU (client + server) %.2fx\n",
            l, pw / sw, (pc + ps) / sc }'
}
read -r a b c < <(measure "$bin" stories --db "$t/st.db")
echo "| SQLite, first run (featurize all) | $a | $b | — |"
tail -n1 "$t/err" >&2
read -r a2 b2 c2 < <(measure "$bin" stories --db "$(uri st)")
echo "| PostgreSQL, first run (featurize all) | $a2 | $b2 | $c2 |"
tail -n1 "$t/err" >&2
r1=$(ratio "first run" "$a" "$b" "$a2" "$b2" "$c2")
read -r a b c < <(measure "$bin" stories --db "$t/st.db")
echo "| SQLite, again (nothing new) | $a | $b | — |"
read -r a2 b2 c2 < <(measure "$bin" stories --db "$(uri st)")
echo "| PostgreSQL, again (nothing new) | $a2 | $b2 | $c2 |"
echo
echo "$r1"
ratio "again" "$a" "$b" "$a2" "$b2" "$c2"
"$bin" stories --db "$t/st.db" --all --json >"$t/st.sq" 2>/dev/null
"$bin" stories --db "$(uri st)" --all --json >"$t/st.pg" 2>/dev/null
if cmp -s "$t/st.sq" "$t/st.pg"; then
    echo "stories --all --json: the same bytes on both ($(wc -l <"$t/st.sq") stories)"
else
    echo "stories --all --json: DIFFERENT on the two backends"
fi
