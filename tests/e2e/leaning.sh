#!/usr/bin/env bash
# Coverage by outlet leaning (#17 item 8) end to end: with an outlets file
# that gives leanings, compare --json has the story's "leanings" (articles and
# outlets per leaning of the file, copies counted once, the silent leanings,
# the unrated outlets), the readable compare prints them, --leaning compares
# only the outlets of that leaning while the coverage stays the whole story's,
# the report's story page shows the section, report --leaning keeps only the
# stories with an article of that leaning, and the errors (leaning without a
# file, a leaning no outlet has, one the story lacks) are clear.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"

examples_store
story=s-db519b84
# Names matched through aliases; one outlet by host only; two outlets of the
# story (continental-wire, eastern-post: a copy) not in the file.
printf 'name\taliases\thosts\tcountry\tleaning\n' >"$t/o.tsv"
printf 'Northern Herald\tnorthern-herald.example\t\tXX\tRight\n' >>"$t/o.tsv"
printf 'Southern Voice\tsouthern-voice.example\t\tXX\tleft\n' >>"$t/o.tsv"
printf 'Western Daily\twestern-daily.example\t\tXX\tLean Right\n' >>"$t/o.tsv"
printf 'Another Paper\t\tanother.example\tXX\tcenter\n' >>"$t/o.tsv"

"$bin" compare --db "$db" --json --outlets-file "$t/o.tsv" "$story" >"$t/c.json" 2>"$t/err"
check "compare --json --outlets-file exit 0" test $? = 0
check "leanings as expected" python3 - "$t/c.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
lv = d["leanings"]
got = [(g["leaning"], g["articles"], g["outlets"]) for g in lv["groups"]]
want = [("left", 2, ["southern-voice.example"]), ("center", 0, []),
        ("Lean Right", 1, ["western-daily.example"]), ("Right", 2, ["northern-herald.example"])]
assert got == want, got
assert lv["silent"] == ["center"], lv["silent"]
# continental-wire's two articles; eastern-post's copy counts through its original
assert lv["unrated"] == {"articles": 2, "outlets": ["continental-wire.example"]}, lv["unrated"]
assert lv["filter"] is None
assert sum(g["articles"] for g in lv["groups"]) + lv["unrated"]["articles"] == \
    sum(1 for a in d["articles"] if not a["duplicate_of"])
PY
# Without the file the JSON has no leanings member (and is as before).
"$bin" compare --db "$db" --json "$story" >"$t/plain.json" 2>/dev/null
check "no leanings without a file" python3 -c \
    'import json,sys; assert "leanings" not in json.load(open(sys.argv[1]))' "$t/plain.json"

"$bin" compare --db "$db" --outlets-file "$t/o.tsv" "$story" >"$t/c.txt" 2>/dev/null
check "text: coverage section" grep -q '^Coverage by leaning:$' "$t/c.txt"
check "text: silent center" grep -Eq '^  center +0 articles  \(silent\)$' "$t/c.txt"
check "text: unrated" grep -Eq '^  unrated +2 articles  continental-wire.example$' "$t/c.txt"
check "text: silent list" grep -q '^  Silent: center$' "$t/c.txt"

"$bin" compare --db "$db" --json --outlets-file "$t/o.tsv" --leaning RIGHT "$story" \
    >"$t/r.json" 2>/dev/null
check "compare --leaning exit 0" test $? = 0
check "--leaning keeps that leaning's articles, the whole story's coverage" python3 - \
    "$t/r.json" "$t/c.json" <<'PY'
import json, sys
r, c = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert {a["outlet"] for a in r["articles"]} == {"northern-herald.example"}, r["articles"]
assert len(r["articles"]) == 2
assert r["leanings"]["filter"] == "RIGHT"
assert r["leanings"]["groups"] == c["leanings"]["groups"]
PY

"$bin" compare --db "$db" --leaning left "$story" >/dev/null 2>"$t/e1"
check "--leaning without a file: usage" test $? = 2
check "--leaning without a file: message" grep -q 'needs --outlets-file' "$t/e1"
"$bin" compare --db "$db" --outlets-file "$t/o.tsv" --leaning nowhere "$story" >/dev/null 2>"$t/e2"
check "unknown leaning: exit 1" test $? = 1
check "unknown leaning: message" grep -q 'no outlet of the outlets table has the leaning "nowhere"' "$t/e2"
"$bin" compare --db "$db" --outlets-file "$t/o.tsv" --leaning center "$story" >/dev/null 2>"$t/e3"
check "silent leaning: exit 1" test $? = 1
check "silent leaning: message" grep -q 'has no article from an outlet of leaning "center"' "$t/e3"
"$bin" compare --db "$db" --outlets-file "$t/o.tsv" --topic x >/dev/null 2>&1
check "--outlets-file with --topic: usage" test $? = 2
"$bin" compare --db "$db" --outlets-file "$t/missing.tsv" "$story" >/dev/null 2>&1
check "missing outlets file: exit 1" test $? = 1

"$bin" report --db "$db" --outlets-file "$t/o.tsv" --story "$story" -o "$t/r.html" >/dev/null 2>&1
check "report --outlets-file exit 0" test $? = 0
check "report: section" grep -q "<h2>Coverage by leaning</h2>\|<h3>Coverage by leaning</h3>" "$t/r.html"
check "report: silent leaning" grep -q '<th scope="row">center</th><td class="num">0</td><td class="silent"><em>silent</em></td>' "$t/r.html"
"$bin" report --db "$db" --story "$story" -o "$t/plain.html" >/dev/null 2>&1
check "report without a file: no section" test "$(grep -c 'Coverage by leaning' "$t/plain.html")" = 0
"$bin" report --db "$db" --outlets-file "$t/o.tsv" -o "$t/d/" >/dev/null 2>&1
check "report DIR/: story page has the section" grep -q 'Coverage by leaning' "$t/d/$story.html"

# report --leaning: only the stories with an article from an outlet of that
# leaning, each compared over those outlets only. A second story, told by a
# left outlet alone, is in the left report and not in the right one.
printf '{"id":"harvest-1","outlet":"southern-voice.example","date":"2024-05-02","title":"Farmers report record wheat harvest","text":"Farmers in the valley reported a record wheat harvest on Thursday, with yields up 12 percent on last year."}\n' >"$t/x.jsonl"
"$bin" add --db "$db" "$t/x.jsonl" 2>/dev/null
"$bin" stories --db "$db" >/dev/null 2>&1
other=$("$bin" stories --db "$db" --all 2>/dev/null | awk '/^s-/ && $1 != "'"$story"'" {print $1}')
check "a second story" test -n "$other"
"$bin" report --db "$db" --outlets-file "$t/o.tsv" --leaning right -o "$t/right/" >/dev/null 2>"$t/e4"
check "report --leaning right: exit 0" test $? = 0
check "report --leaning right: the story's page" test -f "$t/right/$story.html"
check "report --leaning right: no page for the left-only story" test ! -e "$t/right/$other.html"
check "report --leaning right: index without it" test "$(grep -c "$other" "$t/right/index.html")" = 0
check "report --leaning right: index says so" grep -q 'Outlets compared</th><td>those of leaning right' "$t/right/index.html"
check "report --leaning right: only the right outlet's articles" python3 - "$t/right/$story.html" <<'PY'
import re, sys
h = open(sys.argv[1]).read()
arts = re.findall(r'<article class="art"', h)
assert len(arts) == 2, len(arts)
for o in ("southern-voice", "western-daily", "continental-wire"):
    assert o + ".example</td>" not in h.split('Coverage by leaning')[0], o
PY
"$bin" report --db "$db" --outlets-file "$t/o.tsv" --leaning LEFT -o "$t/left/" >/dev/null 2>&1
check "report --leaning LEFT (case ignored): both stories" test -f "$t/left/$other.html" -a -f "$t/left/$story.html"
"$bin" report --db "$db" --outlets-file "$t/o.tsv" --leaning center -o "$t/c.html" >/dev/null 2>"$t/e5"
check "report --leaning of no story: exit 1" test $? = 1
check "report --leaning of no story: message" grep -q 'no story has an article from an outlet of leaning "center"' "$t/e5"
check "report --leaning of no story: no file left" test ! -e "$t/c.html"
"$bin" report --db "$db" --outlets-file "$t/o.tsv" --leaning nowhere -o "$t/n.html" >/dev/null 2>"$t/e6"
check "report unknown leaning: exit 1" test $? = 1
check "report unknown leaning: message" grep -q 'no outlet of the outlets file has the leaning "nowhere"' "$t/e6"
"$bin" report --db "$db" --leaning left -o "$t/n.html" >/dev/null 2>&1
check "report --leaning without a file: usage" test $? = 2

# serve --outlets-file: story pages show the coverage by leaning; ?leaning=
# filters the index and the API's stories, and compares a story over the
# outlets of that leaning.
command -v curl >/dev/null || { echo "leaning.sh: curl is missing (tools/install-deps.sh)" >&2; exit 1; }
. "$here/tests/e2e/serve_lib.sh"
serve_start "$t/sout" "$t/serr" --db "$db" --outlets-file "$t/o.tsv"
trap 'kill "$spid" 2>/dev/null; rm -rf "$t"' EXIT
check "serve --outlets-file starts" test -n "$base"
ids() { curl -s "$base/api/stories?singles=1$1" | python3 -c 'import json,sys; print(" ".join(sorted(s["id"] for s in json.load(sys.stdin)["stories"])))'; }
check "serve: ?leaning=right keeps the right-covered story" test "$(ids '&leaning=right')" = "$story"
check "serve: ?leaning=left keeps both" test "$(ids '&leaning=left')" = "$(echo "$other $story" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"
check "serve: ?leaning=center keeps none" test -z "$(ids '&leaning=center')"
curl -s "$base/?singles=1&leaning=Lean%20Right" >"$t/idx.html"
check "serve: index has the leaning box" grep -q '<select id="leaning" name="leaning">' "$t/idx.html"
check "serve: the box selects the leaning asked for" grep -q '<option value="Lean Right" selected>' "$t/idx.html"
curl -s "$base/story/$story" >"$t/st.html"
check "serve: story page has the coverage by leaning" grep -q 'Coverage by leaning' "$t/st.html"
curl -s "$base/api/story/$story?leaning=RIGHT" >"$t/st.json"
check "serve: /api/story?leaning= compares that leaning's outlets" python3 - "$t/st.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert {a["outlet"] for a in d["articles"]} == {"northern-herald.example"}, d["articles"]
assert d["leanings"]["filter"] == "RIGHT"
PY
got=$(curl -s -o /dev/null -w '%{http_code}' "$base/story/$story?leaning=center")
check "serve: a story without the leaning is 404 ($got)" test "$got" = 404
got=$(curl -s -o /dev/null -w '%{http_code}' "$base/story/$story?leaning=%01")
check "serve: a control character in leaning is 400 ($got)" test "$got" = 400
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null

exit $fail
