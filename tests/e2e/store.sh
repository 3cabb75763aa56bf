#!/usr/bin/env bash
# The store end to end: add, idempotent re-add, list, show, search, records
# from annotate, and a failing input that must not disturb what is stored.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"

"$bin" add --db "$db" "$here/examples/articles" 2>"$t/err"
check "add exit 0" test $? = 0
check "list shows 8" test "$("$bin" list --db "$db" | wc -l)" = 8
"$bin" list --db "$db" > "$t/list1"
"$bin" add --db "$db" "$here/examples/articles" 2>/dev/null
check "re-add is idempotent" test "$("$bin" list --db "$db" | wc -l)" = 8
"$bin" list --db "$db" > "$t/list2"
check "same list after re-add" cmp -s "$t/list1" "$t/list2"
check "list sorted by date" sh -c "cut -f2 '$t/list1' | sort -c"

id=$(head -n1 "$t/list1" | cut -f1)
"$bin" show --db "$db" "$id" > "$t/show"
check "show prints the record" grep -q "\"id\":\"$id\"" "$t/show"
"$bin" show --db "$db" "${id:0:6}" > "$t/show2"
check "show by prefix" cmp -s "$t/show" "$t/show2"
"$bin" show --db "$db" ffffffffffffffff >/dev/null 2>&1
check "show unknown exit 1" test $? = 1

"$bin" search --db "$db" inquiry > "$t/search"
check "search finds the inquiry stories" test "$(grep -c '^[0-9a-f]\{16\}' "$t/search")" -ge 2
check "search marks the match" grep -qi '\[inquiry\]' "$t/search"
"$bin" search --db "$db" --raw '"unbalanced' >/dev/null 2>&1
check "bad raw query exit 1" test $? = 1
# Global options before the command, -V.
check "global --db" test "$("$bin" --db "$db" list | wc -l)" = "$("$bin" list --db "$db" | wc -l)"
check "-V prints the version" sh -c "'$bin' -V | grep -q '^parallax '"
# Plain queries forgive: hyphens, apostrophes, the README's NEAR/5.
for q in covid-19 "O'Rourke" 'bridge NEAR/5 inquiry' '"unbalanced'; do
    "$bin" search --db "$db" "$q" >/dev/null 2>&1
    check "search $q exits 0" test $? = 0
done
check "NEAR/5 finds the inquiry" test "$("$bin" search --db "$db" 'bridge NEAR/5 inquiry' | grep -c '^[0-9a-f]\{16\}')" -ge 1

# A run with a bad input: exit 1, good input stored, nothing lost.
printf 'A new article about the bridge.\n' > "$t/new.txt"
printf '\x00\x01binary' > "$t/bin.dat"
"$bin" add --db "$db" "$t/bin.dat" "$t/new.txt" 2>"$t/err2"
check "add with a bad input exits 1" test $? = 1
check "bad input named" grep -q 'bin.dat' "$t/err2"
check "9 stored" test "$("$bin" list --db "$db" | wc -l)" = 9

# Records made by annotate load with --records.
"$bin" annotate "$here/examples/articles/wire.jsonl" > "$t/rec.jsonl"
"$bin" add --db "$t/r.db" --records "$t/rec.jsonl" 2>/dev/null
check "records load" test "$("$bin" list --db "$t/r.db" | wc -l)" = 2
check "same ids as annotate" test "$("$bin" list --db "$t/r.db" | cut -f1 | sort)" = "$(grep -o '^{"schema":"parallax.article/1","id":"[0-9a-f]*"' "$t/rec.jsonl" | cut -d'"' -f8 | sort)"

# Two records on one line are both stored (#20 item 5); text after them is
# reported with its byte offset in the line.
{ head -n1 "$t/rec.jsonl" | tr -d '\n'; printf ' '; tail -n1 "$t/rec.jsonl"; } > "$t/two.jsonl"
"$bin" add --db "$t/two.db" --records "$t/two.jsonl" 2>"$t/two.err"
check "two records on a line: exit 0" test $? = 0
check "two records on a line: both stored" test "$("$bin" list --db "$t/two.db" | wc -l)" = 2
{ head -n1 "$t/rec.jsonl" | tr -d '\n'; printf '} junk\n'; } > "$t/junk.jsonl"
"$bin" add --db "$t/junk.db" --records "$t/junk.jsonl" 2>"$t/junk.err"
check "junk after a record: exit 1" test $? = 1
check "junk after a record: the record stored" test "$("$bin" list --db "$t/junk.db" | wc -l)" = 1
first=$(head -n1 "$t/rec.jsonl" | tr -d '\n' | wc -c)
check "junk after a record: its byte offset" grep -q "junk.jsonl:1: record at byte $first of the line" "$t/junk.err"

# A run killed mid-way leaves a consistent store: whole batches only, searchable,
# and a re-run completes it.
for i in $(seq 1 20000); do
    printf '{"id": "k%d", "outlet": "kill.example", "text": "Article number %d about the bridge and the inquiry. It has two sentences."}\n' "$i" "$i"
done > "$t/many.jsonl"
"$bin" add --db "$t/k.db" --batch 100 "$t/many.jsonl" 2>/dev/null &
pid=$!
sleep 1
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
n=$("$bin" list --db "$t/k.db" 2>/dev/null | wc -l)
check "killed run left whole batches ($n)" test $((n % 100)) = 0
m=$("$bin" search --db "$t/k.db" --limit 0 bridge 2>/dev/null | grep -c '^[0-9a-f]\{16\}')
check "index matches the rows ($m = $n)" test "$m" = "$n"
"$bin" add --db "$t/k.db" "$t/many.jsonl" 2>/dev/null
check "re-run completes the store" test "$("$bin" list --db "$t/k.db" | wc -l)" = 20000

# rm: whole ids only; the article leaves list, search and its story.
"$bin" stories --db "$t/k.db" >/dev/null 2>&1
"$bin" list --db "$t/k.db" 2>/dev/null | head -n3 | cut -f1 >"$t/rm.ids"
r1=$(sed -n 1p "$t/rm.ids"); r2=$(sed -n 2p "$t/rm.ids"); r3=$(sed -n 3p "$t/rm.ids")
"$bin" rm --db "$t/k.db" "$r1" "$r2" ffff0000ffff0000 2>"$t/rm.err"
check "rm: exit 1 when an id is not stored" test $? = 1
check "rm: reports the missing id" grep -q "no article with id ffff0000ffff0000" "$t/rm.err"
check "rm: counts" grep -q "removed 2 articles, 1 not found" "$t/rm.err"
check "rm: list lost two" test "$("$bin" list --db "$t/k.db" | wc -l)" = 19998
check "rm: search lost them" test "$("$bin" search --db "$t/k.db" --limit 0 bridge 2>/dev/null | grep -c "^$r1\|^$r2")" = 0
"$bin" rm --db "$t/k.db" "${r3:0:8}" >/dev/null 2>&1
check "rm: a prefix is not an id" test $? = 1
"$bin" rm --db "$t/k.db" "$r3" >/dev/null 2>&1
check "rm: exit 0" test $? = 0
"$bin" rm --db "$t/k.db" >/dev/null 2>&1
check "rm: no id is a usage error" test $? = 2

"$bin" list --db "$t/none.db" >/dev/null 2>&1
check "list without a store exits 1" test $? = 1
check "no store created by list" test ! -e "$t/none.db"
exit $fail
