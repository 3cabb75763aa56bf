#!/usr/bin/env bash
# parallax serve end to end, on a free loopback port (--port 0: the kernel
# picks it) and a temporary store: every route answers; hostile text is inert;
# traversal is refused; unknown ids are 404 JSON, bad parameters 400; the store
# stays writable by add and stories while it serves, and the index follows;
# a bounded load test (2,000 requests, 32 at a time) answers 200 every time,
# with the peak RSS reported; SIGTERM stops it cleanly.
set -u
bin=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$t"
}
trap cleanup EXIT
db="$t/p.db"
fail=0
check() {
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what" >&2
        fail=1
    fi
}
command -v curl >/dev/null || { echo "serve.sh: curl is missing (tools/install-deps.sh)" >&2; exit 1; }
. "$here/tests/e2e/serve_lib.sh"

"$bin" add --db "$db" "$here/examples/articles" 2>/dev/null
cat >"$t/xss.jsonl" <<'JSONL'
{"id": "xss-1", "outlet": "evil\"><img src=x onerror=\"window.__pwned=1\">.example", "date": "2024-03-24", "title": "<script>window.__pwned=1</script> Ibar bridge \"><img src=x onerror=\"window.__pwned=2\">", "url": "javascript:window.__pwned=3", "text": "Police said 3 officers were hurt on the Ibar bridge on Sunday. <script>window.__pwned=4</script>\n\n\"><img src=x onerror=\"window.__pwned=5\"> Read <a href=\"javascript:window.__pwned=6\">more</a> said the ministry."}
JSONL
"$bin" add --db "$db" "$t/xss.jsonl" >/dev/null 2>&1
"$bin" stories --db "$db" >/dev/null 2>&1
xid=$("$bin" list --db "$db" | grep evil | cut -f1)

serve_start "$t/out" "$t/err" --db "$db" --threads 2
pid=$spid
if [ -z "$base" ]; then
    echo "FAIL: the server did not start" >&2
    cat "$t/out" "$t/err" >&2
    exit 1
fi
code() { curl -s --path-as-is -o "$t/body" -w '%{http_code}' "$base$1"; }
expect() {
    local want=$1 target=$2
    local got
    got=$(code "$target")
    check "$target: $got, expected $want" test "$got" = "$want"
}

# Every route.
expect 200 /
expect 200 "/?singles=1"
expect 200 "/?outlet=northern-herald.example&from=2024-03-01&to=2024-03-31&lang=en&page=1"
sid=$(curl -s "$base/api/stories" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])')
check "a story id" test -n "$sid"
expect 200 "/story/$sid"
check "story page has evidence links" grep -q 'class="ev"' "$t/body"
check "story page links the article pages" grep -q 'href="/article/' "$t/body"
aid=$(curl -s "$base/api/story/$sid" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["schema"]=="parallax.story/1"; print(d["articles"][0]["id"])')
check "an article id from parallax.story/1" test -n "$aid"
expect 200 "/article/$aid"
check "article page has span anchors" grep -q 'id="span-[0-9]*-[0-9]*"' "$t/body"
expect 200 "/outlet/northern-herald.example"
expect 200 "/search?q=bridge"
check "search results have snippets" grep -q '<mark>' "$t/body"
expect 200 "/search"
expect 200 /static/parallax.css
expect 200 /static/parallax.js
expect 200 /api/stories
expect 200 "/api/story/$sid"
expect 200 "/api/article/$aid"
check "api/article is the record" python3 -c "import json; d=json.load(open('$t/body')); assert d['schema']=='parallax.article/1'"
expect 200 "/api/search?q=bridge"
check "api/search is JSON with results" python3 -c "import json; d=json.load(open('$t/body')); assert d['results']"
expect 404 /topic/t-1
expect 404 /api/topics
check "topics 404 says why" grep -q "topics" "$t/body"

# Headers: the CSP allows the server's own script and style only.
curl -s -D "$t/headers" -o /dev/null "$base/"
check "CSP header" grep -qi "^Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'" "$t/headers"
check "nosniff" grep -qi "^X-Content-Type-Options: nosniff" "$t/headers"

# Hostile text is inert on every page that shows it.
for target in "/?singles=1" "/article/$xid" "/search?q=ibar" "/outlet/$(python3 -c 'import urllib.parse; print(urllib.parse.quote("evil\"><img src=x onerror=\"window.__pwned=1\">.example", safe=""))')"; do
    expect 200 "$target"
    check "$target: no live script" test "$(grep -c '<script>window' "$t/body")" = 0
    check "$target: no img" test "$(grep -c '<img' "$t/body")" = 0
    check "$target: no javascript: link" test "$(grep -c 'href="javascript' "$t/body")" = 0
done
code "/article/$xid" >/dev/null
check "hostile text shown as text" grep -q '&lt;script&gt;window.__pwned=1&lt;/script&gt;' "$t/body"

# Traversal and bad requests.
for target in "/story/.." "/story/%2e%2e" "/story/a%2fb" "/story/a%5Cb" "/../etc/passwd" "//etc/passwd" \
    "/static/..%2fparallax.css" "/article/%00" "/?page=0" "/?from=2024-13-01" "/?nope=1" "/search?q=%zz"; do
    expect 400 "$target"
done
expect 404 /etc/passwd
expect 404 /static/secret
expect 404 /api/story/s-ffffffff
check "404 JSON error" python3 -c "import json; d=json.load(open('$t/body')); assert d['status']==404 and d['error']"
expect 404 /api/article/no-such-article
expect 400 "/api/search?q="
expect 400 "/story/$sid?leaning=left" # no --outlets-file
expect 400 "/api/story/$sid?leaning=left"
check "400 JSON error" python3 -c "import json; d=json.load(open('$t/body')); assert d['status']==400"
long=$(head -c 5000 /dev/zero | tr '\0' a)
expect 414 "/story/$long"
got=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "$base/")
check "oversized headers refused ($got)" test "$got" = 431 -o "$got" = 413 -o "$got" = 400 -o "$got" = 000
got=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d x=1 "$base/")
check "POST is 405 ($got)" test "$got" = 405

# Writers go on while it serves; the index and a story page drawn ahead follow.
serve_follows_writers "$t" "$db"

# Load: 2,000 requests, 32 at a time, every answer 200.
: >"$t/urls"
for i in $(seq 2000); do
    case $((i % 4)) in
    0) echo "url = \"$base/story/$sid\"" ;;
    1) echo "url = \"$base/\"" ;;
    2) echo "url = \"$base/api/story/$sid\"" ;;
    3) echo "url = \"$base/article/$aid\"" ;;
    esac >>"$t/urls"
    echo "output = \"/dev/null\"" >>"$t/urls"
done
start=$(date +%s.%N)
curl -s --no-progress-meter --parallel --parallel-max 32 -K "$t/urls" -w '%{http_code}\n' >"$t/codes"
end=$(date +%s.%N)
n200=$(grep -c '^200$' "$t/codes")
check "load: 2000 answers of 200 ($n200)" test "$n200" = 2000
rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "serve.sh: load test: $n200/2000 answered 200 in $(python3 -c "print(round($end-$start,2))") s, peak RSS $((rss / 1024)) MB" >&2

# SIGTERM stops it cleanly.
kill -TERM "$pid"
wait "$pid"
st=$?
pid=
check "SIGTERM: exit 0 ($st)" test "$st" = 0
check "SIGTERM: says it stops" grep -q "stopping" "$t/err"

# Usage errors.
"$bin" serve --db "$t/none.db" --port 0 >/dev/null 2>"$t/e1"
check "missing store is an error" test $? = 1
"$bin" serve --port 99999 >/dev/null 2>&1
check "bad port is a usage error" test $? = 2
"$bin" serve --db "$db" --host not-an-address --port 0 >/dev/null 2>"$t/e2"
check "bad host is an error" test $? = 1

exit $fail
