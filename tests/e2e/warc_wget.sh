#!/usr/bin/env bash
# WARC end to end: wget --warc-file records pages from a loopback HTTP server
# started here (python3 -m http.server on 127.0.0.1, a free port), and
# `parallax annotate` reads the .warc.gz: HTML responses become articles with
# their URL, outlet and publication date (never the crawl date); a 404, a CSS
# file and the request/metadata records are not articles; a windows-1251 page
# comes out as Cyrillic; a page nested 100,000 deep is flattened with a
# warning; a truncated copy keeps the records before the cut; a record over
# --max-bytes is skipped with a message.
set -u
bin=$1
command -v wget >/dev/null || { echo "FAIL: wget not installed (run tools/install-deps.sh)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "FAIL: python3 not installed" >&2; exit 1; }
t=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$t"' EXIT
fail=0
check() {
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what" >&2
        fail=1
    fi
}

mkdir -p "$t/site/news"
cat > "$t/site/news/harbour.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour to double in size | Coast Courier</title>
<meta property="og:site_name" content="Coast Courier">
<meta property="article:published_time" content="2024-05-17T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour to double in size</h1><p class="byline">By Ana Lee</p>
<p>The harbour will double its capacity by 2026, the port authority announced on Friday.</p>
<p>Work starts in spring and should take two years, according to the published plans.</p>
</article><footer>Copyright Coast Courier, all rights reserved.</footer></body></html>
HTML
printf '%s' '<html><head><title>Без датума</title><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><div class="story"><p>Влада Србије је у петак објавила нови закон о заштити животне средине, а министар је рекао да ће промене ступити на снагу следеће године.</p></div></body></html>' |
    iconv -f UTF-8 -t WINDOWS-1251 > "$t/site/news/zakon.html"
printf 'body { color: red }\n' > "$t/site/style.css"
python3 -c 'print("<html><body>" + "<div>" * 100000 + "<p>A page nested one hundred thousand elements deep still has this paragraph.</p></body></html>")' > "$t/site/deep.html"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
(cd "$t/site" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 50); do
    wget -q -O /dev/null "$base/style.css" 2>/dev/null && break
    sleep 0.1
done
(cd "$t" && wget -q --warc-file="$t/crawl" -O /dev/null \
    "$base/news/harbour.html" "$base/news/zakon.html" "$base/style.css" "$base/missing.html" \
    "$base/deep.html")
check "wget wrote a .warc.gz" test -s "$t/crawl.warc.gz"

"$bin" annotate --no-lang "$t/crawl.warc.gz" > "$t/out" 2> "$t/err"
status=$?
cat "$t/err" >&2
check "exit status 0 (a warning alone)" test "$status" = 0
check "no other message" test "$(grep -vc 'warning: HTML nested deeper' "$t/err")" = 0
check "three articles" test "$(wc -l < "$t/out")" = 3
check "deep nesting flattened" grep -q 'crawl.warc.gz: byte [0-9]* of the decompressed gzip stream: warning: HTML nested deeper' "$t/err"
check "deep page text" grep -q 'still has this paragraph' "$t/out"
check "harbour text" grep -q 'The harbour will double its capacity by 2026' "$t/out"
check "paragraphs split" grep -q 'on Friday.\\n\\nWork starts in spring' "$t/out"
check "no navigation" sh -c "! grep -q 'Home News' '$t/out'"
check "no byline" sh -c "! grep -q 'By Ana Lee' '$t/out'"
check "url from WARC-Target-URI" grep -q "\"url\":\"$base/news/harbour.html\"" "$t/out"
check "outlet from og:site_name" grep -q '"outlet":"Coast Courier"' "$t/out"
check "outlet from the domain" grep -q '"outlet":"127.0.0.1"' "$t/out"
check "publication date" grep -q '"date":"2024-05-17","date_source":"meta"' "$t/out"
check "no crawl date" grep -q '"date":null,"date_source":"none"' "$t/out"
check "title without site" grep -q '"title":"Harbour to double in size"' "$t/out"
check "windows-1251 as Cyrillic" grep -q 'Влада Србије је у петак објавила нови закон' "$t/out"
check "Cyrillic title" grep -q '"title":"Без датума"' "$t/out"

# A truncated archive: the records before the cut are read, the cut is named.
size=$(stat -c %s "$t/crawl.warc.gz")
head -c $((size - 200)) "$t/crawl.warc.gz" > "$t/cut.warc.gz"
"$bin" annotate --no-lang "$t/cut.warc.gz" > "$t/out2" 2> "$t/err2"
status=$?
cat "$t/err2" >&2
check "truncated: exit 1" test "$status" = 1
check "truncated: named with an offset" grep -q 'cut.warc.gz: byte [0-9]* of the decompressed gzip stream: truncated gzip' "$t/err2"
check "truncated: earlier records kept" test "$(wc -l < "$t/out2")" -ge 2
# A record over the cap is skipped with a message; the others go on.
"$bin" annotate --no-lang --max-bytes 20000 "$t/crawl.warc.gz" > "$t/out3" 2> "$t/err3"
check "cap: message" grep -q 'over the limit of 20000 bytes' "$t/err3"
check "cap: small pages kept" test "$(wc -l < "$t/out3")" = 2
exit $fail
