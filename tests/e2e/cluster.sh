#!/usr/bin/env bash
# The Slurm run end to end (#19 item 3): stands up a one-node Slurm cluster
# (munged, slurmctld, slurmd from Debian's munge and slurm-wlm; a generated
# munge key, private free ports, every file in a temporary folder) and a
# throwaway PostgreSQL server (as e2e/postgres.sh), submits
# tools/slurm/parallax-submit over ../shared/corpus/allsides-sample.jsonl with
# 4 array tasks, waits for the load job, and checks that the store it filled
# lists the same articles and prints the same `stories --json` as one
# `parallax add` of the same input; then submits again and checks that every
# finished shard is skipped. Everything is torn down on exit (trap).
#
# Needs root (Slurm's daemons, and jobs run as root here). When Slurm, munge or
# PostgreSQL is missing, or the cluster cannot start, it exits 77, which ctest
# reports as skipped, with the reason on stderr: never a silent pass.
set -u
bin=$(realpath "$1")
shared=${2:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
SKIP=77
skip() {
    echo "SKIP: cluster.sh: $*" >&2
    exit $SKIP
}
fail=0
check() {
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what" >&2
        fail=1
    fi
}

sample=$shared/corpus/allsides-sample.jsonl
[ -n "$shared" ] && [ -f "$sample" ] || skip "no $sample (the shared corpus)"
[ "$(id -u)" = 0 ] || skip "not root (slurmd runs jobs as root here)"
for p in munged slurmctld slurmd sbatch squeue scontrol python3 runuser; do
    command -v "$p" >/dev/null 2>&1 || [ -x "/usr/sbin/$p" ] ||
        skip "no $p: run tools/install-deps.sh (slurm-wlm, munge)"
done
pgbin=""
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
        pgbin=$d
        break
    fi
done
[ -n "$pgbin" ] || skip "no PostgreSQL server (initdb, pg_ctl): run tools/install-deps.sh"
PATH=$PATH:/usr/sbin

t=$(mktemp -d /tmp/px-cluster.XXXXXX)
chmod 755 "$t"
pids=()
pg_up=0
cleanup() {
    # Jobs first (their processes are children of slurmd), then the daemons,
    # by the process ids started here.
    if [ -f "$t/slurm.conf" ]; then
        SLURM_CONF=$t/slurm.conf timeout 10 scancel --quiet --user=root >/dev/null 2>&1
    fi
    for p in "${pids[@]}"; do
        kill "$p" 2>/dev/null
    done
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$p" 2>/dev/null
    done
    [ $pg_up = 1 ] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$t/pg/data" -m immediate stop \
        >/dev/null 2>&1
    rm -rf "$t"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ---- munge: a generated key, a private socket ----
dd if=/dev/urandom of="$t/munge.key" bs=1024 count=1 status=none
chmod 400 "$t/munge.key"
mkdir -m 700 "$t/munge"
munged -F --force --socket="$t/munge/sock" --key-file="$t/munge.key" \
    --pid-file="$t/munge/pid" --log-file="$t/munge/log" --seed-file="$t/munge/seed" \
    >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    [ -S "$t/munge/sock" ] && break
    sleep 0.05
done
[ -S "$t/munge/sock" ] || skip "munged did not start: $(tail -n 3 "$t/munge/log" 2>/dev/null)"

# ---- Slurm: one node, private ports, state in $t ----
ports=$(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
read -r ctld_port d_port <<<"$ports"
host=$(hostname -s)
mem=$(awk '/^MemTotal/ { print int($2 / 1024 / 2) }' /proc/meminfo)
mkdir -p "$t/state" "$t/spool"
cat >"$t/slurm.conf" <<EOF
ClusterName=pxtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$t/munge/sock
CredType=cred/munge
StateSaveLocation=$t/state
SlurmdSpoolDir=$t/spool
SlurmctldPidFile=$t/slurmctld.pid
SlurmdPidFile=$t/slurmd.pid
SlurmctldLogFile=$t/slurmctld.log
SlurmdLogFile=$t/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
SlurmctldTimeout=30
MinJobAge=300
NodeName=pxnode NodeHostname=$host NodeAddr=127.0.0.1 CPUs=4 RealMemory=$mem State=UNKNOWN
PartitionName=px Nodes=pxnode Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$t/slurm.conf
slurmctld -D -i -f "$SLURM_CONF" >"$t/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N pxnode -f "$SLURM_CONF" >"$t/slurmd.out" 2>&1 &
pids+=($!)
up=0
for _ in $(seq 150); do
    if sinfo -h -N -o '%t' 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then
        up=1
        break
    fi
    sleep 0.2
done
if [ $up = 0 ]; then
    tail -n 5 "$t/slurmctld.log" "$t/slurmd.log" "$t/slurmctld.out" "$t/slurmd.out" >&2 2>/dev/null
    skip "the one-node Slurm cluster did not come up (node: $(sinfo -h -N -o '%t %E' 2>&1))"
fi
echo "cluster.sh: Slurm up at $SECONDS s" >&2

# ---- PostgreSQL: a socket in $t only ----
mkdir "$t/pg"
chown postgres "$t/pg"
as_pg() { runuser -u postgres -- "$@"; }
as_pg "$pgbin/initdb" -D "$t/pg/data" -A trust -U postgres -E UTF8 --no-locale \
    >"$t/pg/initdb.log" 2>&1 || skip "initdb failed: $(tail -n 3 "$t/pg/initdb.log")"
as_pg "$pgbin/pg_ctl" -D "$t/pg/data" -l "$t/pg/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$t/pg' -c fsync=off" start \
    >/dev/null || skip "PostgreSQL did not start: $(tail -n 3 "$t/pg/server.log")"
pg_up=1
as_pg "$pgbin/psql" -h "$t/pg" -U postgres -X -q -d postgres \
    -c "CREATE DATABASE cluster" -c "CREATE DATABASE one" >/dev/null || skip "createdb failed"
uri() { echo "postgresql:///$1?host=$t/pg&user=postgres"; }

# ---- the run: 4 annotate tasks, then the load job ----
out=$t/out
mkdir "$out"
export PARALLAX=$bin PX_LOADERS=3
sub=$("$here/tools/slurm/parallax-submit" 4 "$out" "$(uri cluster)" "$sample" 2>&1)
check "parallax-submit: $sub" test $? = 0
load=$(echo "$sub" | sed -n 's/.*load job \([0-9]*\).*/\1/p')
# Wait until the load job is out of the queue (at most 5 minutes).
for _ in $(seq 1500); do
    [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
    sleep 0.2
done
check "the jobs finished" test -z "$(squeue -h -o %i 2>/dev/null)"
state=$(scontrol show job "$load" 2>/dev/null | grep -o 'JobState=[A-Z_]*')
check "the load job completed ($state)" test "$state" = JobState=COMPLETED
for k in 1 2 3 4; do
    check "shard $k/4 written" test -s "$out/shard-$k-of-4.jsonl.zst"
done
echo "cluster.sh: jobs done at $SECONDS s" >&2

"$bin" add --db "$(uri one)" "$sample" 2>/dev/null
"$bin" list --db "$(uri cluster)" >"$t/list.cluster"
"$bin" list --db "$(uri one)" >"$t/list.one"
check "the cluster store has the sample's articles" test "$(wc -l <"$t/list.cluster")" -ge 150
check "the cluster store lists the same articles as one add" cmp -s "$t/list.cluster" "$t/list.one"
"$bin" stories --db "$(uri one)" >/dev/null 2>&1
for args in "--json" "--all --json"; do
    # shellcheck disable=SC2086
    "$bin" stories --db "$(uri cluster)" $args >"$t/st.cluster" 2>&1
    # shellcheck disable=SC2086
    "$bin" stories --db "$(uri one)" $args >"$t/st.one" 2>&1
    check "stories $args: some" test -s "$t/st.one"
    check "stories $args: the same as one add" cmp -s "$t/st.cluster" "$t/st.one"
    cmp -s "$t/st.cluster" "$t/st.one" || diff "$t/st.cluster" "$t/st.one" | head -c 2000 >&2
done
check "the load job saved the stories" test -s "$out/stories.txt"

# ---- resumable: again, with shard 2 gone: only it runs ----
rm "$out/shard-2-of-4.jsonl.zst"
touch -d '2000-01-01' "$out"/shard-*.jsonl.zst
sub=$("$here/tools/slurm/parallax-submit" 4 "$out" "$(uri cluster)" "$sample" 2>&1)
check "resubmit: $sub" test $? = 0
for _ in $(seq 1500); do
    [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
    sleep 0.2
done
check "resubmit: shard 2 rewritten" test -s "$out/shard-2-of-4.jsonl.zst"
for k in 1 3 4; do
    check "resubmit: shard $k skipped" grep -q "shard $k/4 is done, skipped" "$out"/annotate-*_$k.log
    check "resubmit: shard $k untouched" test "$(stat -c %Y "$out/shard-$k-of-4.jsonl.zst")" -lt 1000000000
done
"$bin" list --db "$(uri cluster)" >"$t/list.again"
check "resubmit: the store is the same" cmp -s "$t/list.again" "$t/list.one"

if [ $fail != 0 ]; then
    for f in "$out"/*.log; do
        echo "== $f" >&2
        tail -n 20 "$f" >&2
    done
fi
echo "cluster.sh: done in $SECONDS s" >&2
exit $fail
