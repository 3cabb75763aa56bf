#!/usr/bin/env bash
# The PostgreSQL backend end to end (#17 items 3 and 4), on a throwaway cluster
# this script starts itself (initdb + pg_ctl, as the postgres user when run as
# root; a Unix socket in a temporary folder, no TCP) and always stops and
# removes (trap): add, list, show, search, stories --json, topics and compare --json
# byte for byte as on SQLite, two concurrent adds, a kill -9 of an add losing
# nothing committed, and the one-line messages (exit 1) for a server that is
# not there, a wrong password and a schema newer than the binary.
# Without the PostgreSQL server binaries it fails: tools/install-deps.sh
# installs postgresql-15.
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

pgbin=""
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
        pgbin=$d
        break
    fi
done
if [ -z "$pgbin" ]; then
    echo "FAIL: no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql:" \
        "run tools/install-deps.sh (postgresql-15)" >&2
    exit 1
fi

t=$(mktemp -d /tmp/px-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
    su=postgres
    chown postgres "$t"
    as_pg() { runuser -u postgres -- "$@"; }
else
    su=$(id -un)
    as_pg() { "$@"; }
fi
spid=
cleanup() {
    [ -n "$spid" ] && kill "$spid" 2>/dev/null
    as_pg "$pgbin/pg_ctl" -D "$t/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$t"
}
trap cleanup EXIT

if ! as_pg "$pgbin/initdb" -D "$t/data" -A trust -U "$su" -E UTF8 --no-locale \
    >"$t/initdb.log" 2>&1; then
    cat "$t/initdb.log" >&2
    echo "FAIL: initdb" >&2
    exit 1
fi
# The server listens on a socket in $t only. A role with a password (pxpw) for
# the wrong-password check; everything else is trusted.
sed -i '1i local all pxpw scram-sha-256' "$t/data/pg_hba.conf"
if ! as_pg "$pgbin/pg_ctl" -D "$t/data" -l "$t/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$t' -c fsync=off" start >/dev/null; then
    cat "$t/server.log" >&2
    echo "FAIL: pg_ctl start" >&2
    exit 1
fi
psql() { as_pg "$pgbin/psql" -h "$t" -U "$su" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "CREATE DATABASE px" -c "CREATE DATABASE px2" -c "CREATE DATABASE px3" -c "CREATE DATABASE px4" \
    -c "CREATE ROLE pxpw LOGIN PASSWORD 'right'" || {
    echo "FAIL: cannot create the databases" >&2
    exit 1
}
uri() { echo "postgresql:///$1?host=$t&user=$su"; }
pg=$(uri px)
T0=$SECONDS
w=$t/work
mkdir "$w"
sq=$w/p.db

# ---- the store suite, SQLite and PostgreSQL side by side ----
"$bin" add --db "$pg" "$here/examples/articles" 2>"$w/err"
check "add exit 0" test $? = 0
check "add says 8 new" grep -q "added 8 articles (8 new, 0 replaced)" "$w/err"
"$bin" add --db "$sq" "$here/examples/articles" 2>/dev/null
"$bin" list --db "$pg" >"$w/list.pg"
"$bin" list --db "$sq" >"$w/list.sq"
check "list shows 8" test "$(wc -l <"$w/list.pg")" = 8
check "list equal to SQLite's" cmp -s "$w/list.pg" "$w/list.sq"
"$bin" add --db "$pg" "$here/examples/articles" 2>"$w/err"
check "re-add replaces" grep -q "(0 new, 8 replaced)" "$w/err"
check "re-add is idempotent" test "$("$bin" list --db "$pg" | wc -l)" = 8
PARALLAX_DB=$pg "$bin" list >"$w/list.env"
check "\$PARALLAX_DB takes a URI" cmp -s "$w/list.pg" "$w/list.env"
"$bin" --db "$pg" list --limit 3 >"$w/list.3"
check "global --db, --limit" test "$(wc -l <"$w/list.3")" = 3

id=$(head -n1 "$w/list.pg" | cut -f1)
"$bin" show --db "$pg" "$id" >"$w/show.pg"
"$bin" show --db "$sq" "$id" >"$w/show.sq"
check "show equal to SQLite's" cmp -s "$w/show.pg" "$w/show.sq"
"$bin" show --db "$pg" "${id:0:6}" >"$w/show2"
check "show by prefix" cmp -s "$w/show.pg" "$w/show2"
"$bin" show --db "$pg" ffffffffffffffff >/dev/null 2>&1
check "show unknown exit 1" test $? = 1

"$bin" search --db "$pg" inquiry >"$w/search"
check "search finds the inquiry stories" test "$(grep -c '^[0-9a-f]\{16\}' "$w/search")" -ge 2
check "search marks the match" grep -qi '\[inquiry\]' "$w/search"
"$bin" search --db "$pg" --json inquiry >"$w/search.json"
check "search --json" grep -q '"snippet"' "$w/search.json"
for q in covid-19 "O'Rourke" "bridge NEAR/5 inquiry" '"public inquiry"' "inquiry OR bridge"; do
    "$bin" search --db "$pg" "$q" >/dev/null 2>"$w/err"
    check "search $q exit 0" test $? = 0
done
"$bin" search --db "$pg" --raw 'inquiry & !bridge' >/dev/null
check "search --raw tsquery" test $? = 0
"$bin" search --db "$pg" --raw 'inquiry &' >/dev/null 2>"$w/err"
check "search --raw bad query exit 1" test $? = 1
check "bad query message" grep -q "bad query" "$w/err"

# stories and compare: byte for byte as on SQLite.
same_stories() { # $1 SQLite store, $2 URI, $3 tag
    local a b s
    for args in "--json" "--all --json" "--terms --json"; do
        # shellcheck disable=SC2086
        a=$("$bin" stories --db "$1" $args 2>&1)
        # shellcheck disable=SC2086
        b=$("$bin" stories --db "$2" $args 2>&1)
        check "$3: stories $args equal to SQLite's" test "$a" = "$b"
    done
    for args in "--json --all" ""; do
        # shellcheck disable=SC2086
        a=$("$bin" topics --db "$1" $args 2>&1)
        # shellcheck disable=SC2086
        b=$("$bin" topics --db "$2" $args 2>&1)
        check "$3: topics $args equal to SQLite's" test "$a" = "$b"
        check "$3: topics $args not empty" test -n "$a"
    done
    "$bin" topics --db "$1" --json --all 2>/dev/null | grep -o '^{"id":"t-[0-9a-f]*"' |
        cut -d'"' -f4 | head -n 5 >"$w/tids"
    while read -r s; do
        for j in --json ""; do
            # shellcheck disable=SC2086
            a=$("$bin" compare --db "$1" $j --topic "$s" 2>&1)
            # shellcheck disable=SC2086
            b=$("$bin" compare --db "$2" $j --topic "$s" 2>&1)
            check "$3: compare $j --topic $s equal to SQLite's" test "$a" = "$b"
        done
    done <"$w/tids"
    # The stories of two or more articles, and a few single ones.
    { "$bin" stories --db "$1" --json 2>/dev/null | grep -o '^{"id":"s-[0-9a-f]*"'
      "$bin" stories --db "$1" --all --json 2>/dev/null | grep -o '^{"id":"s-[0-9a-f]*"' | head -n 3
    } | cut -d'"' -f4 | sort -u >"$w/ids"
    check "$3: there are stories" test -s "$w/ids"
    while read -r s; do
        "$bin" compare --db "$1" --json "$s" >"$w/cmp.sq" 2>&1
        "$bin" compare --db "$2" --json "$s" >"$w/cmp.pg" 2>&1
        if ! cmp -s "$w/cmp.sq" "$w/cmp.pg"; then
            echo "FAIL: $3: compare --json $s differs from SQLite's" >&2
            fail=1
        fi
    done <"$w/ids"
}
echo "postgres.sh: cluster up at ${T0:-?} s" >&2; same_stories "$sq" "$pg" examples; echo "postgres.sh: examples done at ${SECONDS} s" >&2
sample=$shared/corpus/allsides-sample.jsonl
if [ -n "$shared" ] && [ -f "$sample" ]; then
    # Real news: 200 articles, on a second database.
    "$bin" add --db "$(uri px2)" "$sample" 2>/dev/null
    check "sample: add exit 0 or 1 (repaired input)" test $? -le 1
    "$bin" add --db "$w/s.db" "$sample" 2>/dev/null
    "$bin" list --db "$(uri px2)" >"$w/slist.pg"
    "$bin" list --db "$w/s.db" >"$w/slist.sq"
    check "sample: list equal to SQLite's" cmp -s "$w/slist.pg" "$w/slist.sq"
    same_stories "$w/s.db" "$(uri px2)" sample
else
    echo "note: $sample not found, the real-news comparison is skipped" >&2
fi

# rm: the article, its search entry and its membership go, on both backends alike.
rid=$("$bin" list --db "$sq" 2>/dev/null | head -n1 | cut -f1)
"$bin" rm --db "$pg" "$rid" nosuchid >/dev/null 2>"$w/rm.err"
check "rm: exit 1 when an id is not stored" test $? = 1
check "rm: says which" grep -q "no article with id nosuchid" "$w/rm.err"
"$bin" rm --db "$sq" "$rid" >/dev/null 2>&1
check "rm: gone from list" test -z "$("$bin" list --db "$pg" 2>/dev/null | grep "$rid")"
"$bin" list --db "$pg" >"$w/rmlist.pg" 2>/dev/null
"$bin" list --db "$sq" >"$w/rmlist.sq" 2>/dev/null
check "rm: list equal to SQLite's" cmp -s "$w/rmlist.pg" "$w/rmlist.sq"
"$bin" show --db "$pg" "$rid" >/dev/null 2>&1
check "rm: show exit 1" test $? = 1
"$bin" compare --db "$pg" --json "$(head -n1 "$w/ids")" >/dev/null 2>"$w/rm.stale"
check "rm: the stories are stale" grep -q "changed since the stories" "$w/rm.stale"

echo "postgres.sh: store suite done at ${SECONDS} s" >&2
# ---- concurrency: two adds at once, then kill -9 of an add ----
gen() { # $1 prefix, $2 count: distinct JSON Lines articles
    awk -v p="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++)
        printf "{\"id\":\"%s-%d\",\"outlet\":\"gen-%s\",\"title\":\"Report %d\",\"text\":\"The council of %s met on Tuesday and voted %d to %d on the budget. The mayor said the plan would cost %d dollars.\"}\n", p, i, p, i, p, i, i + 3, i * 1000 + 7 }'
}
gen a 500 >"$w/a.jsonl"
gen b 500 >"$w/b.jsonl"
p3=$(uri px3)
"$bin" add --db "$p3" --no-analyses --batch 64 "$w/a.jsonl" 2>"$w/erra" &
pa=$!
"$bin" add --db "$p3" --no-analyses --batch 64 "$w/b.jsonl" "$w/a.jsonl" 2>"$w/errb" &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
check "concurrent add 1 exit 0" test $ra = 0
check "concurrent add 2 exit 0" test $rb = 0
"$bin" list --db "$p3" | cut -f1 | sort >"$w/ids3"
check "concurrent adds: 1000 articles" test "$(wc -l <"$w/ids3")" = 1000
check "concurrent adds: no duplicates" test -z "$(uniq -d "$w/ids3")"
check "concurrent adds: one row per id in the table" \
    test "$(psql -d px3 -tAc 'SELECT count(*) - count(DISTINCT id) FROM articles')" = 0

gen k 4000 >"$w/k.jsonl"
"$bin" add --db "$p3" --no-analyses --batch 10 "$w/k.jsonl" 2>/dev/null &
pk=$!
end=$((SECONDS + 30))
while [ $SECONDS -lt $end ]; do
    n=$(psql -d px3 -tAc "SELECT count(*) FROM articles WHERE outlet = 'gen-k'")
    [ "${n:-0}" -ge 100 ] && break
    sleep 0.05
done
psql -d px3 -tAc "SELECT id FROM articles WHERE outlet = 'gen-k' ORDER BY id" >"$w/before"
kill -9 $pk 2>/dev/null
wait $pk 2>/dev/null
psql -d px3 -tAc "SELECT id FROM articles WHERE outlet = 'gen-k' ORDER BY id" >"$w/after"
check "kill -9: an add had committed some batches" test "$(wc -l <"$w/before")" -ge 100
check "kill -9: it had not finished" test "$(wc -l <"$w/after")" -lt 4000
check "kill -9: nothing committed is lost" \
    test -z "$(comm -23 "$w/before" "$w/after")"
check "kill -9: whole batches only" test $(($(wc -l <"$w/after") % 10)) = 0
"$bin" add --db "$p3" --no-analyses "$w/k.jsonl" 2>/dev/null
check "kill -9: the add again completes the store" \
    test "$(psql -d px3 -tAc "SELECT count(DISTINCT id) || ' ' || count(*) FROM articles")" = "5000 5000"
"$bin" stories --db "$p3" >/dev/null 2>&1
check "stories on the concurrent store" test $? = 0

echo "postgres.sh: concurrency done at ${SECONDS} s" >&2
# ---- serve on PostgreSQL: the index and the story pages follow the writers ----
p4=$(uri px4)
"$bin" add --db "$p4" "$here/examples/articles" 2>/dev/null
"$bin" stories --db "$p4" >/dev/null 2>&1
if command -v curl >/dev/null; then
    . "$here/tests/e2e/serve_lib.sh"
    serve_start "$w/serve.out" "$w/serve.err" --db "$p4" --threads 2
    check "serve on PostgreSQL starts" test -n "$base"
    # Replaced in place, an article changes only the data version
    # (pg_stat_user_tables), which must tell the server to draw its page again.
    serve_follows_writers "$w" "$p4" "serve: "
    kill -TERM "$spid"
    wait "$spid"
    check "serve: SIGTERM stops it with exit 0" test $? = 0
    spid=
else
    echo "FAIL: curl is missing (tools/install-deps.sh)" >&2
    fail=1
fi
echo "postgres.sh: serve done at ${SECONDS} s" >&2
# ---- errors: one line, exit 1 ----
one_error() { # $1 what, $2 expected text, then the command
    local what=$1 want=$2
    shift 2
    "$@" >/dev/null 2>"$w/err"
    local rc=$?
    check "$what: exit 1" test $rc = 1
    check "$what: one line" test "$(wc -l <"$w/err")" = 1
    check "$what: says '$want'" grep -q "$want" "$w/err"
}
mkdir "$w/none"
one_error "no server" "cannot connect to" "$bin" list --db "postgresql:///px?host=$w/none&user=$su"
one_error "no server (add)" "cannot connect to" \
    "$bin" add --db "postgresql:///px?host=$w/none&user=$su" "$here/examples/articles"
one_error "wrong password" "password authentication failed" \
    "$bin" list --db "postgresql://pxpw:wrong@/px?host=$t"
check "the password is not printed" sh -c "! grep -q wrong '$w/err'"
one_error "no such database" 'database "nope" does not exist' "$bin" list --db "$(uri nope)"
psql -d px -c "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
one_error "newer schema" "schema version 99, newer than this parallax reads" \
    "$bin" list --db "$pg"
psql -d px -c "UPDATE meta SET value = '4' WHERE key = 'schema_version'"
check "schema restored" "$bin" list --db "$pg" >/dev/null

echo "postgres.sh: done in ${SECONDS} s" >&2
exit $fail
