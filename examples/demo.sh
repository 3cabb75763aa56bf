#!/usr/bin/env bash
# The demo: store the example articles, list them, search them, group them
# into stories and compare how the outlets tell the bridge story.
set -eu
bin=${1:-build/release/parallax}
here=$(cd "$(dirname "$0")" && pwd)
out=${PX_DEMO_DIR:-build/demo}
mkdir -p "$out"
db="$out/demo.db"
rm -f "$db" "$db-wal" "$db-shm"

echo "== parallax add --db $db examples/articles/"
"$bin" add --db "$db" "$here/articles"
echo
echo "== parallax list --db $db"
"$bin" list --db "$db"
echo
echo "== parallax search --db $db 'inquiry'"
"$bin" search --db "$db" inquiry
echo
echo "== parallax search --db $db 'rioters OR marchers'"
"$bin" search --db "$db" 'rioters OR marchers'
echo
echo "== parallax annotate examples/articles/wire.jsonl | head -c 400"
"$bin" annotate "$here/articles/wire.jsonl" | head -c 400
echo
echo
echo "== parallax stories --db $db"
"$bin" stories --db "$db"
story=$("$bin" stories --db "$db" --json | head -n1 | sed 's/^{"id":"\([^"]*\)".*/\1/')
echo
echo "== parallax compare --db $db $story"
"$bin" compare --db "$db" "$story"
echo
echo "== parallax compare --db $db --json $story | head -c 600"
"$bin" compare --db "$db" --json "$story" | head -c 600
echo
echo
echo "== parallax report --db $db -o $out/report.html"
"$bin" report --db "$db" -o "$out/report.html" >/dev/null
echo
echo "store: $db"
echo "report: $(cd "$out" && pwd)/report.html"
echo
echo "To browse the stories, search and follow the evidence in a browser:"
echo "  $bin serve --db $db --port 8080    # then open http://127.0.0.1:8080/"
