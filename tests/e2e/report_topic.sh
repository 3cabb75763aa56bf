#!/usr/bin/env bash
# parallax report --topic: the topic page (coverage by outlet, over time,
# labels, stories), alone or beside the story pages with links to them; bad
# ids and options fail with a message.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"
"$bin" add --db "$db" "$here/examples/articles" 2>/dev/null
"$bin" report --db "$db" --topic t- -o "$t/none.html" 2>"$t/err"
check "no topics yet: exit 1" test $? = 1
check "no topics yet: said" grep -q "no stories yet" "$t/err"
"$bin" stories --db "$db" >/dev/null 2>&1
read -r id title < <("$bin" topics --db "$db" --json --all 2>/dev/null | head -n1 |
    python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["id"], j["title"])')
story=$("$bin" topics --db "$db" --json --all 2>/dev/null | head -n1 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0])')
"$bin" report --db "$db" --topic "$id" -o "$t/topic.html" >/dev/null 2>&1
check "one page: exit 0" test $? = 0
check "valid UTF-8" iconv -f UTF-8 -t UTF-8 "$t/topic.html" -o /dev/null
check "title" grep -qF "<h1>$title</h1>" "$t/topic.html"
for s in 'id="coverage"' 'id="time"' 'id="labels"' 'id="topic-stories"' \
    'northern-herald.example' '1 of 1'; do
    check "page has $s" grep -qF "$s" "$t/topic.html"
done
check "one page: no story links" test "$(grep -c "href=\"$story.html\"" "$t/topic.html")" = 0
"$bin" report --db "$db" --topic "$id" -o "$t/site/" >"$t/out" 2>/dev/null
check "dir: exit 0" test $? = 0
check "dir: topic page path printed" grep -qx "$t/site/$id.html" "$t/out"
check "dir: story page" test -s "$t/site/$story.html"
check "dir: topic links its story" grep -qF "href=\"$story.html\"" "$t/site/$id.html"
check "dir: topic links the index" grep -qF 'href="index.html"' "$t/site/$id.html"
"$bin" report --db "$db" --topic t-ffffffff -o "$t/x.html" 2>"$t/err"
check "unknown topic: exit 1" test $? = 1
check "unknown topic: no file left" test ! -e "$t/x.html"
"$bin" report --db "$db" --topic "$id" --story s- -o "$t/x.html" 2>/dev/null
check "--topic with --story: exit 2" test $? = 2
exit $fail
