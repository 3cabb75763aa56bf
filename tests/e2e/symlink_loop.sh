#!/usr/bin/env bash
# Directory walks and symbolic links (#20 item 1): each directory is read once,
# each loop is reported once, and files are read as they are found (two links
# to "." used to expand 2^64 paths before reading anything).
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
cd "$t" || exit 1
mkdir L
echo 'The Senate voted on Tuesday.' >L/a.txt
ln -s . L/s1
ln -s . L/s2
echo 'The House voted on Friday.' >good.txt

timeout 60 "$bin" annotate L good.txt >out.jsonl 2>err
check "annotate finishes" test $? != 124
check "a.txt and good.txt read once each" test "$(wc -l <out.jsonl)" = 2
check "each loop reported once" test "$(grep -c 'symbolic link loop' err)" = 2
check "the loop names the link" grep -q 'L/s1: .*symbolic link loop' err

rm L/s2
timeout 60 "$bin" add --db p.db L 2>err
check "add finishes" test $? != 124
check "add stores a.txt once" grep -q 'added 1 articles (1 new, 0 replaced)' err

# A link up from a subdirectory, and a second name for a directory.
mkdir -p L/sub
echo 'Rain fell on Monday.' >L/sub/b.txt
ln -s .. L/sub/up
ln -s sub L/alias
timeout 60 "$bin" annotate L >out.jsonl 2>err
check "every file once" test "$(wc -l <out.jsonl)" = 2
check "the upward link is a loop" grep -q 'L/alias/up: .*symbolic link loop' err
check "the second name is skipped" grep -q 'L/sub: .*already read' err

exit $fail
