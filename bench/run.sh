#!/usr/bin/env bash
# The benchmark suite (`make bench` runs it after building the release preset).
#
# usage: bash bench/run.sh [BUILD_DIR]     (default: build/release, built if missing)
#
# Environment:
#   PX_SHARED        the shared folder (default: ../shared beside the repository)
#   PX_CORPUS        the corpus (default: $PX_SHARED/corpus/allsides.jsonl.zst)
#   PX_PEER_LIMIT    articles for the like-for-like peer comparison (default 2000)
#   PX_BENCH_FULL=1  also time compromise's full nlp() (tokenize + tag; slow)
#   PX_NO_PEERS=1    skip the JavaScript peers
#
# Runs bench_pipeline (in-process), the real CLI (parallax annotate, parallax add)
# under bench_spawn (wall, CPU and peak RSS of the child), and the peers in
# bench/peers (wink-nlp, compromise), then prints a Markdown summary table.
# MB/s is 10^6 bytes of article text (the "text" fields, not the JSON) per CPU
# second (user + system), so it is per core. Exits 0 even when the peers (node,
# npm, the network) are unavailable; exits 1 only when our own programs cannot run.
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build/release}
SHARED=${PX_SHARED:-$ROOT/../shared}
CORPUS=${PX_CORPUS:-$SHARED/corpus/allsides.jsonl.zst}
SAMPLE=$SHARED/corpus/allsides-sample.jsonl
PEER_LIMIT=${PX_PEER_LIMIT:-2000}
PEERS_DIR=$ROOT/bench/peers

say() { printf '%s\n' "$*"; }
note() { printf 'run.sh: %s\n' "$*" >&2; }
die() {
    note "$*"
    exit 1
}

if [[ ! -x $BUILD/bench_pipeline || ! -x $BUILD/bench_spawn || ! -x $BUILD/parallax ]]; then
    if [[ $# -eq 0 ]]; then
        note "building the release preset"
        (cd "$ROOT" && cmake --preset release >/dev/null && cmake --build --preset release -j"$(nproc)") ||
            die "build failed"
    fi
fi
for p in bench_pipeline bench_spawn; do
    [[ -x $BUILD/$p ]] || die "$BUILD/$p is missing (build the release preset: make release)"
done
[[ -r $CORPUS ]] || die "corpus not found: $CORPUS (set PX_SHARED or PX_CORPUS)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/px-bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

# get FILE PREFIX KEY: the value of KEY=... on the first line of FILE starting with PREFIX.
get() {
    awk -v pat="$2" -v key="$3" 'index($0, pat) == 1 {
        for (i = 1; i <= NF; i++) if (index($i, key "=") == 1) { print substr($i, length(key) + 2); exit }
    }' "$1"
}
# calc EXPR: floating-point arithmetic; prints "" when an operand is empty.
calc() { awk "BEGIN { printf \"%s\", $1 }" 2>/dev/null; }
mbps() { # mbps TEXT_BYTES CPU_SECONDS
    [[ -n ${1:-} && -n ${2:-} ]] || return 0
    calc "($2 > 0) ? sprintf(\"%.1f\", $1 / 1e6 / $2) : \"\""
}
ratio() { # ratio OURS PEER
    [[ -n ${1:-} && -n ${2:-} ]] || { printf -- '—'; return 0; }
    calc "($2 > 0) ? sprintf(\"%.0f×\", $1 / $2) : \"—\""
}
mb_rss() { # mb_rss KB
    [[ -n ${1:-} ]] || { printf -- '—'; return 0; }
    calc "sprintf(\"%.0f MB\", $1 / 1024)"
}
goal() { # goal VALUE MIN
    [[ -n ${1:-} ]] || { printf 'not measured (goal ≥ %s)' "$2"; return 0; }
    calc "($1 >= $2) ? \"≥ $2: met\" : \"≥ $2: **below**\""
}

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
say "# parallax benchmarks"
say ""
say "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, ${CPU_MODEL:-unknown CPU}; $(uname -sr)"
say "corpus: $CORPUS"
say "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')"
say ""

# 1. In-process pipeline, full corpus and the first PEER_LIMIT articles.
say "## bench_pipeline (in-process, one thread)"
say ""
"$BUILD/bench_pipeline" "$CORPUS" >"$TMP/pipe_full.txt" || die "bench_pipeline failed"
grep -v '^bench:' "$TMP/pipe_full.txt"
"$BUILD/bench_pipeline" --limit "$PEER_LIMIT" "$CORPUS" >"$TMP/pipe_n.txt" || die "bench_pipeline --limit failed"
say ""
say "first $PEER_LIMIT articles (the peers' input):"
grep -E '^\| (segment|annotate|analyses)' "$TMP/pipe_n.txt"
say ""
TEXT_BYTES=$(get "$TMP/pipe_full.txt" "bench: articles" text_bytes)
ARTICLES=$(get "$TMP/pipe_full.txt" "bench: articles" articles)
TEXT_BYTES_N=$(get "$TMP/pipe_n.txt" "bench: articles" text_bytes)
ARTICLES_N=$(get "$TMP/pipe_n.txt" "bench: articles" articles)
SEG_FULL=$(get "$TMP/pipe_full.txt" "bench: stage=segment" cpu_s)
SEG_FULL_WALL=$(get "$TMP/pipe_full.txt" "bench: stage=segment" wall_s)
ANN_FULL=$(get "$TMP/pipe_full.txt" "bench: stage=annotate" cpu_s)
ANN_FULL_WALL=$(get "$TMP/pipe_full.txt" "bench: stage=annotate" wall_s)
ALL_FULL=$(get "$TMP/pipe_full.txt" "bench: stage=analyses" cpu_s)
ALL_FULL_WALL=$(get "$TMP/pipe_full.txt" "bench: stage=analyses" wall_s)
RSS_FULL=$(get "$TMP/pipe_full.txt" "bench: articles" peak_rss_kb)
SEG_N=$(get "$TMP/pipe_n.txt" "bench: stage=segment" cpu_s)
SEG_N_WALL=$(get "$TMP/pipe_n.txt" "bench: stage=segment" wall_s)
RSS_N=$(get "$TMP/pipe_n.txt" "bench: articles" peak_rss_kb)
SEG_FULL=$(mbps "$TEXT_BYTES" "$SEG_FULL")
ANN_FULL=$(mbps "$TEXT_BYTES" "$ANN_FULL")
ALL_FULL=$(mbps "$TEXT_BYTES" "$ALL_FULL")
SEG_N=$(mbps "$TEXT_BYTES_N" "$SEG_N")

# 1b. The syntax layer (tagger + parser + lemmas) on the first 2000 articles.
if [[ -x $BUILD/bench_syntax ]]; then
    say "## bench_syntax (tag + parse, one thread, first 2000 articles)"
    say ""
    "$BUILD/bench_syntax" --limit 2000 "$CORPUS" >"$TMP/syntax.txt" 2>&1 || note "bench_syntax failed"
    grep -v '^bench:' "$TMP/syntax.txt"
    say ""
fi

# 2. The real CLI, end to end (reading and decompressing included).
say "## CLI end to end (bench_spawn: the child's wall, CPU, peak RSS)"
say ""
spawn() { # spawn NAME STDOUT CMD...: runs CMD under bench_spawn, report in $TMP/NAME.txt
    local name=$1 out=$2
    shift 2
    "$BUILD/bench_spawn" --stdout "$out" -- "$@" >"$TMP/$name.txt" 2>"$TMP/$name.err"
    local rc=$?
    say "\$ $(printf '%q ' "$@" | sed "s|$ROOT/||g; s|$TMP/|TMP/|g")> $out"
    cat "$TMP/$name.txt"
    if [[ $rc -ne 0 ]]; then
        say "  (exit $rc; stderr: $(head -c 300 "$TMP/$name.err" | tr '\n' ' '))"
    fi
    return 0
}
HAVE_CLI=1
if [[ ! -x $BUILD/parallax ]]; then
    HAVE_CLI=0
    say "skipped: $BUILD/parallax is missing (the CLI did not build)"
fi
[[ $HAVE_CLI == 1 ]] && spawn annotate /dev/null "$BUILD/parallax" annotate "$CORPUS"
[[ $HAVE_CLI == 1 ]] && spawn annotate_base /dev/null "$BUILD/parallax" annotate --no-analyses "$CORPUS"
# The same corpus uncompressed, so that the RSS comparison with the (plain) sample
# is not skewed by the zstd window.
if [[ $HAVE_CLI == 1 && $CORPUS == *.zst ]] && command -v zstd >/dev/null &&
    zstd -dcq "$CORPUS" >"$TMP/corpus.jsonl" 2>/dev/null; then
    spawn annotate_plain /dev/null "$BUILD/parallax" annotate "$TMP/corpus.jsonl"
    rm -f "$TMP/corpus.jsonl"
fi
SAMPLE_BYTES=
if [[ $HAVE_CLI == 1 && -r $SAMPLE ]]; then
    spawn annotate_sample /dev/null "$BUILD/parallax" annotate "$SAMPLE"
    "$BUILD/bench_pipeline" "$SAMPLE" >"$TMP/pipe_sample.txt" 2>/dev/null &&
        SAMPLE_BYTES=$(get "$TMP/pipe_sample.txt" "bench: articles" text_bytes)
fi
[[ $HAVE_CLI == 1 ]] && spawn add_base /dev/null "$BUILD/parallax" add --no-analyses --db "$TMP/base.db" "$CORPUS"
[[ $HAVE_CLI == 1 ]] && spawn add /dev/null "$BUILD/parallax" add --db "$TMP/bench.db" "$CORPUS"
if [[ -f $TMP/bench.db ]]; then
    say "store size: $(du -cb "$TMP"/bench.db* | awk 'END { printf "%.0f MB", $1 / 1e6 }') (with WAL)"
fi
say ""
st_ok() { [[ $(get "$TMP/$1.txt" spawn: status) == 0 ]]; }
cli_mbps() { # cli_mbps NAME TEXT_BYTES
    [[ -s $TMP/$1.txt ]] && st_ok "$1" || return 0
    mbps "$2" "$(get "$TMP/$1.txt" spawn: cpu_s)"
}
cli_rss() { [[ -s $TMP/$1.txt ]] && get "$TMP/$1.txt" spawn: maxrss_kb; }
cli_wall() { [[ -s $TMP/$1.txt ]] && st_ok "$1" && calc "sprintf(\"%.2f\", $(get "$TMP/$1.txt" spawn: wall_s))"; }
ANN_CLI=$(cli_mbps annotate "$TEXT_BYTES")
ANN_CLI_RSS=$(cli_rss annotate)
ANN_CLI_WALL=$(cli_wall annotate)
BASE_CLI=$(cli_mbps annotate_base "$TEXT_BYTES")
BASE_CLI_RSS=$(cli_rss annotate_base)
BASE_CLI_WALL=$(cli_wall annotate_base)
ANN_PLAIN=$(cli_mbps annotate_plain "$TEXT_BYTES")
ANN_PLAIN_RSS=$(cli_rss annotate_plain)
ANN_PLAIN_WALL=$(cli_wall annotate_plain)
ANN_SAMPLE=$(cli_mbps annotate_sample "$SAMPLE_BYTES")
ANN_SAMPLE_RSS=$(cli_rss annotate_sample)
ANN_SAMPLE_WALL=$(cli_wall annotate_sample)
ADD_CLI=$(cli_mbps add "$TEXT_BYTES")
ADD_CLI_RSS=$(cli_rss add)
ADD_CLI_WALL=$(cli_wall add)
ADDB_CLI=$(cli_mbps add_base "$TEXT_BYTES")
ADDB_CLI_RSS=$(cli_rss add_base)
ADDB_CLI_WALL=$(cli_wall add_base)
ADDB_WALL_MBPS=
[[ -n $ADDB_CLI_WALL ]] && ADDB_WALL_MBPS=$(mbps "$TEXT_BYTES" "$ADDB_CLI_WALL")
ADD_WALL_MBPS=
[[ -n $ADD_CLI_WALL ]] && ADD_WALL_MBPS=$(mbps "$TEXT_BYTES" "$ADD_CLI_WALL")

# 3. The peers: wink-nlp and compromise on the first PEER_LIMIT articles.
say "## peers (node, first $PEER_LIMIT articles)"
say ""
PEERS_OK=0
if [[ -n ${PX_NO_PEERS:-} ]]; then
    say "skipped (PX_NO_PEERS is set)"
elif ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "skipped: node or npm is not installed (apt-get install nodejs npm)"
elif ! command -v zstd >/dev/null && [[ $CORPUS == *.zst ]]; then
    say "skipped: zstd is not installed (needed to feed the corpus to node)"
else
    if [[ ! -d $PEERS_DIR/node_modules/wink-nlp || ! -d $PEERS_DIR/node_modules/compromise ||
        ! -d $PEERS_DIR/node_modules/wink-eng-lite-web-model ]]; then
        note "npm install in bench/peers"
        (cd "$PEERS_DIR" && timeout 600 npm install --no-audit --no-fund --loglevel=error) >"$TMP/npm.log" 2>&1 ||
            say "skipped: npm install failed (no network?): $(tail -n 3 "$TMP/npm.log" | tr '\n' ' ')"
    fi
    if [[ -d $PEERS_DIR/node_modules/wink-nlp && -d $PEERS_DIR/node_modules/compromise ]]; then
        PEERS_OK=1
        if [[ $CORPUS == *.zst ]]; then
            zstd -dc "$CORPUS" 2>/dev/null | head -n "$PEER_LIMIT" >"$TMP/peers.jsonl"
        else
            head -n "$PEER_LIMIT" "$CORPUS" >"$TMP/peers.jsonl"
        fi
        versions=$(cd "$PEERS_DIR" && node -p "['wink-nlp','wink-eng-lite-web-model','compromise']
            .map(p => p + ' ' + require('./node_modules/' + p + '/package.json').version).join(', ')")
        say "node $(node --version); $versions"
        peer_list=(wink wink-full compromise)
        [[ -n ${PX_BENCH_FULL:-} ]] && peer_list+=(compromise-full)
        for p in "${peer_list[@]}"; do
            # One process per peer, so that each peak RSS is its own.
            node "$PEERS_DIR/segment.js" --peer "$p" --limit "$PEER_LIMIT" "$TMP/peers.jsonl" \
                >>"$TMP/peers.txt" 2>"$TMP/peer_$p.err" ||
                say "peer $p failed: $(head -c 300 "$TMP/peer_$p.err" | tr '\n' ' ')"
        done
        [[ -f $TMP/peers.txt ]] && cat "$TMP/peers.txt"
    fi
fi
say ""
peer() { [[ $PEERS_OK == 1 && -f $TMP/peers.txt ]] && get "$TMP/peers.txt" "peer: name=$1 " "$2"; }
pmbps() { # pmbps NAME: the peer's MB/s with one decimal
    local b c
    b=$(peer "$1" text_bytes) && c=$(peer "$1" cpu_s) && mbps "$b" "$c"
}
WINK=$(pmbps wink)
COMP=$(pmbps compromise)

# 4. Summary.
row() { # row STAGE ARTICLES MBPS WALL RSS_KB GOAL_MIN
    local g=""
    [[ -n $6 ]] && g=$(goal "$3" "$6")
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "${3:-—}" "${4:-—}" \
        "$(mb_rss "$5")" "$(ratio "$3" "$WINK")" "$(ratio "$3" "$COMP")" "$g"
}
peer_row() { # peer_row NAME LABEL
    local m
    m=$(pmbps "$1")
    [[ -n $m ]] || return 0
    printf '| %s | %s | %s | — | %s | — | — | |\n' "$2" "$(peer "$1" docs)" "$m" \
        "$(mb_rss "$(peer "$1" maxrss_kb)")"
}
say "## summary"
say ""
say "| stage | articles | MB/s per core | wall s | peak RSS | vs wink-nlp | vs compromise | goal |"
say "|---|--:|--:|--:|--:|--:|--:|---|"
twodp() { [[ -n ${1:-} ]] && calc "sprintf(\"%.2f\", $1)"; }
row "segment + NFC, in-process (like for like)" "$ARTICLES_N" "$SEG_N" "$(twodp "$SEG_N_WALL")" "$RSS_N" 80
row "segment + NFC, in-process" "$ARTICLES" "$SEG_FULL" "$(twodp "$SEG_FULL_WALL")" "" 80
row "annotate, in-process (foundation: langid + JSON)" "$ARTICLES" "$ANN_FULL" "$(twodp "$ANN_FULL_WALL")" "$RSS_FULL" 50
row "annotate, in-process (every analysis + JSON)" "$ARTICLES" "$ALL_FULL" "$(twodp "$ALL_FULL_WALL")" "" ""
row "\`parallax annotate --no-analyses\` .zst > /dev/null" "$ARTICLES" "$BASE_CLI" "$BASE_CLI_WALL" "$BASE_CLI_RSS" 50
row "\`parallax annotate\` .zst > /dev/null (every analysis)" "$ARTICLES" "$ANN_CLI" "$ANN_CLI_WALL" "$ANN_CLI_RSS" ""
[[ -n $ANN_PLAIN_RSS ]] &&
    row "\`parallax annotate\` .jsonl > /dev/null (every analysis)" "$ARTICLES" "$ANN_PLAIN" "$ANN_PLAIN_WALL" "$ANN_PLAIN_RSS" ""
row "\`parallax annotate\` 200-article sample" "200" "$ANN_SAMPLE" "$ANN_SAMPLE_WALL" "$ANN_SAMPLE_RSS" ""
[[ -n ${ADDB_CLI:-} ]] &&
    row "\`parallax add --no-analyses --db\` .zst" "$ARTICLES" "$ADDB_CLI" "$ADDB_CLI_WALL" "$ADDB_CLI_RSS" 20
row "\`parallax add --db\` .zst (every analysis)" "$ARTICLES" "$ADD_CLI" "$ADD_CLI_WALL" "$ADD_CLI_RSS" ""
peer_row wink "wink-nlp readDoc, pipe ['sbd'] (tokens + sentences)"
peer_row wink-full "wink-nlp readDoc, default pipe (+ negation, ner, pos)"
peer_row compromise "compromise nlp.tokenize (sentences + terms)"
peer_row compromise-full "compromise nlp() (tokenize + tag)"
say ""
say "Text: $(calc "sprintf(\"%.1f\", ${TEXT_BYTES:-0} / 1e6)") MB in $ARTICLES articles" \
    "(first $PEER_LIMIT: $(calc "sprintf(\"%.1f\", ${TEXT_BYTES_N:-0} / 1e6)") MB)."
say "MB/s per core = MB of article text / CPU seconds (user + system) on one thread."
say "Peak RSS of in-process rows includes the texts held in memory (so do the peers');"
say "CLI rows are the child's ru_maxrss: annotate streams, so its RSS should not grow with"
say "the corpus (compare the uncompressed full corpus with the 200-article sample; the"
say ".zst row adds the zstd window). CLI MB/s include reading and decompressing; the sample"
say "row is dominated by start-up (loading the language models)."
say "In-process rows: median of several passes; wall s is one pass."
say "add runs on two threads (annotate | store): per wall second it does ${ADDB_WALL_MBPS:-?} MB/s"
say "without analyses and ${ADD_WALL_MBPS:-?} MB/s with every analysis."
say "Ratios divide our MB/s by the peer's segmentation MB/s on the first $PEER_LIMIT articles."
say "Only the first row is like for like (same articles, segmentation only); the other rows"
say "divide our full pipeline (NFC, segmentation, folded keys, langid, JSON, SQLite) by the"
say "peers' segmentation, so they understate our lead; they are there for scale."
say "Goals: segmentation + normalization ≥ 80 MB/s per core, annotate ≥ 50, add ≥ 20."
exit 0
