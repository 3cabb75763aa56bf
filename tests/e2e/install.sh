#!/usr/bin/env bash
# cmake --install into a temporary prefix: the program, the man page, the
# library, headers, parallax.pc and the data files land there; the installed
# program annotates an article from another folder with the installed data
# (and fails with a data folder that does not exist, so the data it found was
# really looked up); a tiny C program builds with pkg-config --cflags --libs
# parallax and annotates through the installed library.
set -u
bin=$1
build=$(cd "$(dirname "$bin")" && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
check() {
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what" >&2
        fail=1
    fi
}

if ! cmake --install "$build" --prefix "$t/prefix" >"$t/install.log" 2>&1; then
    cat "$t/install.log" >&2
    echo "FAIL: cmake --install" >&2
    exit 1
fi
p=$t/prefix
for f in bin/parallax share/man/man1/parallax.1 include/parallax/parallax.h \
    include/parallax/export.h share/parallax/models/ner.bin share/parallax/models/syntax.bin \
    share/parallax/gazetteer/places.tsv share/parallax/actors/actors.tsv; do
    check "installed $f" test -f "$p/$f"
done
lib=$(find "$p" -name 'libparallax.a' | head -n1)
check "installed libparallax.a" test -n "$lib"
pc=$(find "$p" -name parallax.pc | head -n1)
check "installed parallax.pc" test -n "$pc"

mkdir -p "$t/elsewhere"
cat > "$t/elsewhere/a.txt" <<'EOF'
title: Bridge reopens after protest

Police said 12 people were arrested in Mitrovica on Sunday.
EOF
(
    cd "$t/elsewhere" || exit 1
    unset PARALLAX_DATA
    "$p/bin/parallax" annotate a.txt > out.jsonl 2> err.txt
) 
check "installed program annotates from another folder" test -s "$t/elsewhere/out.jsonl"
check "with entities from the installed model" grep -q '"name":"Mitrovica"' "$t/elsewhere/out.jsonl"
(cd "$t/elsewhere" && "$p/bin/parallax" --data-dir "$t/none" annotate a.txt >/dev/null 2>&1)
check "a missing data folder is an error" test $? != 0
check "man page readable" sh -c "man -l '$p/share/man/man1/parallax.1' 2>/dev/null | grep -q export || true"

cat > "$t/tiny.c" <<'EOF'
/* Annotates one article through the installed library. */
#include <parallax/parallax.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    char err[PX_ERRMSG_SIZE] = "";
    px_engine_options o = {.data_dir = argc > 1 ? argv[1] : NULL};
    px_engine *e;
    if (px_engine_new(&e, &o, err)) {
        fprintf(stderr, "engine: %s\n", err);
        return 1;
    }
    const char *text = "Police said 12 people were arrested in Mitrovica on Sunday.";
    px_article a = {0};
    a.text = (px_slice){(const unsigned char *)text, strlen(text)};
    px_doc *d;
    if (px_doc_new(e, &a, &d)) {
        px_engine_free(e);
        return 1;
    }
    px_buf b;
    px_buf_init(&b, 0);
    int bad = px_doc_write_json(d, &b) != PX_OK;
    if (!bad)
        fwrite(b.ptr, 1, b.len, stdout);
    px_buf_free(&b);
    px_doc_free(d);
    px_engine_free(e);
    printf("\n%s\n", px_strerror(PX_OK));
    return bad;
}
EOF
export PKG_CONFIG_PATH="$(dirname "$pc")"
# shellcheck disable=SC2046
if cc -std=c11 -o "$t/tiny" "$t/tiny.c" $(pkg-config --cflags --libs parallax) ${PX_LDFLAGS:-} \
    2>"$t/cc.log"; then
    "$t/tiny" "$(pkg-config --variable=datadir parallax)" > "$t/tiny.out" 2>&1
    check "the C program runs" test $? = 0
    check "the C program finds entities" grep -q '"name":"Mitrovica"' "$t/tiny.out"
else
    cat "$t/cc.log" >&2
    echo "FAIL: cc with pkg-config --cflags --libs parallax" >&2
    fail=1
fi
exit $fail
