#!/usr/bin/env bash
# Bad input never crashes, never stops the run, never loses data: one line on
# stderr naming the file (and byte offset), the other inputs go on, exit 1.
set -u
bin=$1
t=$(mktemp -d)
o=$(mktemp -d)
trap 'rm -rf "$t" "$o"' EXIT
fail=0
check() { # description, condition...
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what" >&2
        fail=1
    fi
}

printf 'Good article one.\n' > "$t/01-good.txt"
printf 'bad \xff byte here.\n' > "$t/02-badutf8.txt"
printf 'nul\x00byte binary\n' > "$t/03-nul.txt"
: > "$t/04-empty.txt"
head -c 2000 /dev/zero | tr '\0' 'a' > "$t/05-big.txt"
printf '\x1f\x8b\x08\x00garbage' > "$t/06-corrupt.gz"
printf '<html><head><title>No body</title></head><body><nav>Home</nav></body></html>' > "$t/07-page.html"
printf '{"text": "ok one"}\n{oops\n{"text": "ok two"}\n' > "$t/08-mixed.jsonl"
printf 'Last good article.\n' > "$t/09-good.txt"
printf 'unreadable\n' > "$t/10-unreadable.txt"
chmod 000 "$t/10-unreadable.txt"

"$bin" annotate --no-lang --max-bytes 1000 "$t" "$t/missing.txt" >"$o/out" 2>"$o/err"
status=$?
cat "$o/err" >&2
check "exit status 1" test "$status" = 1
# good, repaired, 2 from the JSON Lines file, last good (+ the unreadable one as root)
want=5
[ "$(id -u)" = 0 ] && want=6
check "$want records out" test "$(wc -l < "$o/out")" = $want
check "repaired text has U+FFFD" grep -q 'bad \\ufffd\|bad �' "$o/out"
check "invalid UTF-8 offset" grep -q '02-badutf8.txt: byte 4: warning: invalid UTF-8' "$o/err"
check "NUL names file and offset" grep -q '03-nul.txt: byte 3: binary file' "$o/err"
check "empty file" grep -q '04-empty.txt: empty file' "$o/err"
check "size cap" grep -q '05-big.txt: larger than the limit of 1000 bytes' "$o/err"
check "corrupt gzip" grep -q '06-corrupt.gz:.*gzip' "$o/err"
check "html without main text" grep -q '07-page.html: byte 0: no main text found in the HTML' "$o/err"
check "bad jsonl line" grep -q '08-mixed.jsonl: byte 21: line 2: malformed JSON' "$o/err"
if [ "$(id -u)" != 0 ]; then
    check "unreadable" grep -q '10-unreadable.txt: Permission denied' "$o/err"
fi
check "missing path" grep -q 'missing.txt: No such file or directory' "$o/err"
check "last input still read" grep -q 'Last good article.' "$o/out"
check "every line is a record" test "$(grep -c '^{"schema":"parallax.article/1"' "$o/out")" = $want

# Several JSON values on one line are all read; text after an object is
# reported with its byte offset (#20 item 5).
printf '{"id":"a","text":"One."} {"id":"b","text":"Two."}\n{"id":"c","text":"Three."}} junk\n' \
    > "$t/multi.jsonl"
"$bin" annotate --no-lang "$t/multi.jsonl" >"$o/out" 2>"$o/err"
check "two objects on a line: both read" test "$(wc -l < "$o/out")" = 3
check "second object of the line" grep -q '"text":"Two."' "$o/out"
check "trailing text reported" \
    grep -q 'multi.jsonl: byte 76: line 2: text after the JSON object (6 bytes): ignored' "$o/err"

# Diagnostics (#20 item 8): a write error names stdout and its cause; an offset
# in a compressed input says it is one in the decompressed stream; a warning
# alone leaves the exit status 0.
printf 'Good article one.\n' > "$t/one.txt"
if [ -w /dev/full ]; then
    "$bin" annotate --no-lang "$t/one.txt" >/dev/full 2>"$o/err"
    check "write error exit 1" test $? = 1
    check "write error names stdout and cause" \
        grep -q 'cannot write to standard output: No space left on device' "$o/err"
fi
printf 'bad \xff byte here.\n' | gzip > "$t/bad.txt.gz"
"$bin" annotate --no-lang "$t/bad.txt.gz" >/dev/null 2>"$o/err"
check "warning alone exit 0" test $? = 0
check "offset in the decompressed stream" \
    grep -q 'bad.txt.gz: byte 4 of the decompressed gzip stream: warning: invalid UTF-8' "$o/err"

# Usage errors exit 2.
"$bin" annotate --bogus >/dev/null 2>&1
check "usage exit 2" test $? = 2
"$bin" nosuchcommand >/dev/null 2>&1
check "unknown command exit 2" test $? = 2
"$bin" annotate --max-bytes 0 x >/dev/null 2>&1
check "bad --max-bytes exit 2" test $? = 2
exit $fail
