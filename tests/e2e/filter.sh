#!/usr/bin/env bash
# list and search narrowed by --outlet, --since, --until, and the total number
# of matches on stderr (stdout keeps one line per article).
set -u
bin=$1
. "$(dirname "$0")/lib.sh"

"$bin" add --db "$db" "$here/examples/articles" 2>/dev/null
printf 'An undated note about the bridge.\n' > "$t/undated.txt"
"$bin" add --db "$db" "$t/undated.txt" 2>/dev/null
all=$("$bin" list --db "$db" 2>"$t/err" | wc -l)
check "list: total on stderr" grep -qx "parallax: $all articles" "$t/err"

"$bin" list --db "$db" --outlet SOUTHERN-voice.example,northern-herald.example > "$t/o" 2>"$t/err"
check "--outlet keeps those outlets" test "$(cut -f3 "$t/o" | sort -u | tr '\n' ' ')" = \
    "northern-herald.example southern-voice.example "
check "--outlet total" grep -qx "parallax: $(wc -l < "$t/o") articles" "$t/err"
"$bin" list --db "$db" --since 2024-03-25 > "$t/s" 2>/dev/null
check "--since leaves earlier out" test "$(cut -f2 "$t/s" | sort | head -n1)" \> 2024-03-24
check "--since keeps later" test "$(wc -l < "$t/s")" -ge 1
check "--since drops undated" sh -c "! grep -q '	-	' '$t/s'"
"$bin" list --db "$db" --until 2024-03 > "$t/u" 2>/dev/null
march=$("$bin" list --db "$db" 2>/dev/null | grep -c '	2024-03-')
check "--until a month holds its days" test "$(wc -l < "$t/u")" = "$march"
"$bin" list --db "$db" --since 2024-3 >/dev/null 2>&1
check "malformed --since is a usage error" test $? = 2

"$bin" search --db "$db" --limit 1 bridge > "$t/q" 2>"$t/err"
hits=$("$bin" search --db "$db" --limit 0 bridge 2>/dev/null | grep -c '^[0-9a-f]\{16\}')
check "search: one shown" test "$(grep -c '^[0-9a-f]\{16\}' "$t/q")" = 1
check "search: total on stderr" grep -qx "parallax: $hits matches (1 shown; --limit 0 shows all)" "$t/err"
"$bin" search --db "$db" --limit 0 --outlet southern-voice.example --until 2024-03-24 bridge > "$t/q2" 2>/dev/null
check "search filters" test "$(grep '^[0-9a-f]\{16\}' "$t/q2" | cut -f2,3 | sort -u)" = "2024-03-24	southern-voice.example"
exit $fail
