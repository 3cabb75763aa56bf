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
# A whole-store report lists the topics of two stories or more in its index
# (a thread: a levee breaks, an inquiry five weeks later) and, with -o DIR/,
# writes each one's page.
python3 - "$t/lv.jsonl" <<'PY'
import json, sys
rows = [
    ("break-a", "2024-05-03", "a.example", "Levee breaks at Marrow Creek",
     "Floodwaters broke through the old levee at Marrow Creek before dawn on Friday, forcing "
     "the evacuation of 2,300 residents from Eastbank. Rescue crews in boats searched flooded "
     "streets and the county opened shelters. The governor declared a state of emergency."),
    ("break-b", "2024-05-03", "b.example", "Eastbank flooded",
     "The Marrow Creek levee collapsed early on Friday and water poured into Eastbank. Some "
     "2,300 residents were evacuated to shelters, and boats carried stranded families out of "
     "flooded streets. A state of emergency was declared by the governor."),
    ("inquiry-a", "2024-06-10", "a.example", "Levee inquiry hears of warnings",
     "An inquiry into the collapse of the Marrow Creek levee heard on Monday that engineers "
     "had warned of cracks in the levee for years. Eastbank residents whose homes were "
     "flooded told the inquiry the county ignored the warnings about the levee."),
    ("strike-a", "2024-05-06", "c.example", "Dockers strike",
     "Dock workers at Kelvin harbour walked out on Monday over pay and night shifts, leaving "
     "container ships waiting at anchor. The dockers' union said the strike would last until "
     "the port authority improved its wage offer for crane operators."),
]
with open(sys.argv[1], "w") as f:
    for i, d, o, ti, te in rows:
        f.write(json.dumps({"id": i, "date": d, "outlet": o, "title": ti, "text": te}) + "\n")
PY
"$bin" add --db "$t/lv.db" "$t/lv.jsonl" 2>/dev/null
"$bin" stories --db "$t/lv.db" >/dev/null 2>&1
lv=$("$bin" topics --db "$t/lv.db" --json 2>/dev/null | head -n1 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
check "thread: one topic of two stories" test -n "$lv"
"$bin" report --db "$t/lv.db" -o "$t/lv/" >/dev/null 2>&1
check "thread: dir report exit 0" test $? = 0
check "thread: index lists the topic" grep -qF "href=\"$lv.html\"" "$t/lv/index.html"
check "thread: topic page written" grep -qF 'id="topic-stories"' "$t/lv/$lv.html"
check "thread: one page per topic of 2+ stories" test "$(ls "$t/lv" | grep -c '^t-')" = 1
"$bin" report --db "$t/lv.db" -o "$t/lv.html" >/dev/null 2>&1
check "thread: one-file report has the topics" grep -qF '<section id="topics">' "$t/lv.html"
exit $fail
