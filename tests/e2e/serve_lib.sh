# Sourced (not run) by the end-to-end scripts that run parallax serve
# (serve.sh, leaning.sh, postgres.sh), after they define $bin and check().

# serve_start OUT ERR ARGS...: starts `$bin serve --port 0 ARGS` in the
# background and waits (10 s at most) for its "serving" line; sets spid and
# base (http://127.0.0.1:PORT; empty when the server did not start).
serve_start() {
    local out=$1 err=$2
    shift 2
    "$bin" serve --port 0 "$@" >"$out" 2>"$err" &
    spid=$!
    for _ in $(seq 100); do
        grep -q "serving" "$out" 2>/dev/null && break
        sleep 0.1
    done
    base=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$out")
}

# serve_follows_writers DIR STORE [TAG]: with the server at $base serving
# STORE, adds an article and regroups; the index must follow. Then replaces
# the article in place (same id, a new title), which changes no grouping:
# its story page, drawn ahead and kept, must be drawn again. DIR is scratch.
serve_follows_writers() {
    local d=$1 store=$2 tag=${3:-} before after lsid seen=0
    in_store() {
        curl -s "$base/api/stories?singles=1" |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["stories_in_store"])' 2>/dev/null
    }
    before=$(in_store)
    check "${tag}/api/stories answers" test -n "$before"
    echo '{"id": "late-1", "outlet": "late.example", "date": "2024-05-01", "title": "Harbour strike ends", "text": "Dock workers ended a strike on Tuesday after nine days."}' >"$d/late.jsonl"
    check "${tag}add while serving" "$bin" add --db "$store" "$d/late.jsonl" 2>/dev/null
    check "${tag}stories while serving" "$bin" stories --db "$store" >/dev/null 2>&1
    after=$before
    for _ in $(seq 60); do
        after=$(in_store)
        [ -n "$after" ] && [ "$after" != "$before" ] && break
        sleep 0.2
    done
    check "${tag}index follows the new grouping ($before -> $after)" test "${after:-0}" -gt "${before:-0}"
    lsid=$(curl -s "$base/api/stories?singles=1&outlet=late.example" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])' 2>/dev/null)
    check "${tag}late story page answers 200" \
        test "$(curl -s -o "$d/page" -w '%{http_code}' "$base/story/$lsid")" = 200
    check "${tag}late story page shows its title" grep -q "Harbour strike ends" "$d/page"
    sed 's/Harbour strike ends/Harbour strike is over/' "$d/late.jsonl" >"$d/late2.jsonl"
    check "${tag}replace while serving" "$bin" add --db "$store" "$d/late2.jsonl" 2>/dev/null
    for _ in $(seq 75); do
        curl -s -o "$d/page" "$base/story/$lsid"
        grep -q "Harbour strike is over" "$d/page" && seen=1 && break
        sleep 0.2
    done
    check "${tag}story page follows an article replaced in place" test "$seen" = 1
}
