#!/usr/bin/env bash
# Browser tests of the report: Debian's chromium driven by playwright-core (npm,
# installed here into tests/browser/node_modules; never a downloaded browser).
# usage: tests/browser/run.sh BIN  — BIN is the parallax binary; screenshots go
# to BIN's folder, under browser/.
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shots=$(dirname "$bin")/browser
chromium=${PX_CHROMIUM:-/usr/bin/chromium}

die() {
    echo "browser test: $*" >&2
    exit 1
}
command -v node >/dev/null || die "node is not on PATH (Node.js 18 or later is needed)"
command -v npm >/dev/null || die "npm is not on PATH"
[ -x "$chromium" ] || die "$chromium not found: install Debian's chromium (tools/install-deps.sh)"
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
    (cd "$here" && npm install --no-save --no-audit --no-fund --loglevel=error playwright-core) >&2 ||
        die "npm install playwright-core failed"
fi

t=$(mktemp -d)
trap 'for p in $(cat "$t/pids" 2>/dev/null); do kill "$p" 2>/dev/null; done; rm -rf "$t"' EXIT
mkdir -p "$shots"

# The demo report (examples/).
PX_DEMO_DIR="$t/demo" bash "$root/examples/demo.sh" "$bin" >"$t/demo.log" 2>&1 ||
    { cat "$t/demo.log" >&2; die "examples/demo.sh failed"; }
[ -s "$t/demo/report.html" ] || die "the demo wrote no report"

# A hostile store: markup and javascript: URLs in titles, bodies, outlets, URLs.
cat >"$t/xss.jsonl" <<'JSONL'
{"id": "xss-1", "outlet": "evil\"><img src=x onerror=\"window.__pwned=1\">.example", "date": "2024-03-24", "title": "<script>window.__pwned=1</script> Bridge \"><img src=x onerror=\"window.__pwned=2\">", "url": "javascript:window.__pwned=3", "text": "Police said 3 officers were hurt on the bridge on Sunday. <script>window.__pwned=4</script>\n\n\"><img src=x onerror=\"window.__pwned=5\"> Read <a href=\"javascript:window.__pwned=6\">more</a> at javascript:window.__pwned=7 said the ministry."}
{"id": "xss-2", "outlet": "other.example", "date": "2024-03-24", "title": "<svg onload=\"window.__pwned=8\"> Bridge clashes", "url": "https://other.example/\"><script>window.__pwned=9</script>", "text": "Two officers were hurt on the bridge on Sunday, police said. <iframe src=\"javascript:window.__pwned=10\"></iframe> The ministry said the bridge reopened."}
JSONL
"$bin" add --db "$t/xss.db" "$t/xss.jsonl" >/dev/null 2>"$t/xss.log" || { cat "$t/xss.log" >&2; die "add failed"; }
"$bin" stories --db "$t/xss.db" >/dev/null || die "stories of the hostile store failed"
"$bin" report --db "$t/xss.db" -o "$t/xss.html" >/dev/null || die "report of the hostile store failed"

export PX_REPORT="$t/demo/report.html" PX_XSS="$t/xss.html" PX_SHOTS="$shots" PX_CHROMIUM="$chromium"
export PX_PROFILE="$t/profile"
node "$here/report.test.mjs"

# parallax serve over the demo store and the hostile one, each on a free
# loopback port (--port 0: the kernel picks it).
serve() {
    "$bin" serve --db "$1" --port 0 >"$2" 2>&1 &
    echo $! >>"$t/pids" # serve runs in $(...): a variable would not come back
    for _ in $(seq 100); do
        grep -q serving "$2" && break
        sleep 0.1
    done
    sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$2"
}
# One story told by one outlet, for the singles filter.
echo '{"id": "late-1", "outlet": "late.example", "date": "2024-05-01", "title": "Harbour strike ends", "text": "Dock workers ended a strike on Tuesday after nine days."}' >"$t/late.jsonl"
"$bin" add --db "$t/demo/demo.db" "$t/late.jsonl" >/dev/null 2>&1 || die "add to the demo store failed"
"$bin" stories --db "$t/demo/demo.db" >/dev/null 2>&1 || die "stories of the demo store failed"
PX_SERVE=$(serve "$t/demo/demo.db" "$t/serve.log")
PX_SERVE_XSS=$(serve "$t/xss.db" "$t/serve-xss.log")
[ -n "$PX_SERVE" ] && [ -n "$PX_SERVE_XSS" ] || { cat "$t/serve.log" "$t/serve-xss.log" >&2; die "parallax serve did not start"; }
export PX_SERVE PX_SERVE_XSS
node "$here/serve.test.mjs"
