#!/usr/bin/env bash
# Two `parallax add` processes on one store (#20 item 3): on a new store and on
# an existing one, both wait for each other, take turns and store every article.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"

# $1 prefix, $2 count: JSON Lines articles with distinct ids and texts.
gen() {
    local i
    for ((i = 0; i < $2; i++)); do
        printf '{"id":"%s-%d","title":"Report %d","text":"The council of %s met on Tuesday and voted %d to %d on the budget. The mayor said the plan would cost %d dollars."}\n' \
            "$1" "$i" "$i" "$1" "$i" "$((i + 3))" "$((i * 1000 + 7))"
    done
}
gen a 300 >"$t/a.jsonl"
gen b 300 >"$t/b.jsonl"
gen c 300 >"$t/c.jsonl"
gen d 300 >"$t/d.jsonl"

# $1 store, $2 $3 inputs; small batches so that each writer commits many times.
both() {
    "$bin" add --no-lang --batch 8 --db "$1" "$2" 2>"$t/err1" &
    local p1=$!
    "$bin" add --no-lang --batch 8 --db "$1" "$3" 2>"$t/err2" &
    local p2=$!
    wait $p1
    local s1=$?
    wait $p2
    local s2=$?
    check "first writer exit 0 ($4)" test $s1 = 0
    check "second writer exit 0 ($4)" test $s2 = 0
    if [ $s1 != 0 ] || [ $s2 != 0 ]; then cat "$t/err1" "$t/err2" >&2; fi
}

both "$t/new.db" "$t/a.jsonl" "$t/b.jsonl" "new store"
check "new store holds 600 articles" test "$("$bin" list --db "$t/new.db" | wc -l)" = 600

both "$t/new.db" "$t/c.jsonl" "$t/d.jsonl" "existing store"
check "existing store holds 1200 articles" \
    test "$("$bin" list --db "$t/new.db" | wc -l)" = 1200
check "no waiting file left behind" test ! -e "$t/new.db-wait"

exit $fail
