#!/usr/bin/env bash
# Golden CLI test: runs `parallax ARGS` (one argument per line of NAME.args,
# inside this folder) and compares stdout with NAME.expected, stderr with
# NAME.stderr when that file exists, and the exit status with NAME.status
# (default 0). With PX_GOLDEN_UPDATE=1 it rewrites the expected files instead.
# An optional NAME.setup runs parallax commands first (see below).
set -u
bin=$1
name=$2
cd "$(dirname "$0")"
mapfile -t args < "$name.args"
out=$(mktemp)
err=$(mktemp)
tmp=$(mktemp -d)
trap 'rm -rf "$out" "$err" "$tmp"' EXIT
# NAME.setup (optional): parallax commands run first, one per line, arguments
# split on spaces. In setup lines and in NAME.args, @TMP@ names a fresh
# temporary folder (for a store that a test fills and then queries).
if [ -f "$name.setup" ]; then
    while read -r line; do
        [ -z "$line" ] && continue
        # shellcheck disable=SC2086
        if ! "$bin" ${line//@TMP@/$tmp} >/dev/null 2>&1; then
            echo "golden $name: setup failed: $line" >&2
            exit 1
        fi
    done < "$name.setup"
fi
args=("${args[@]//@TMP@/$tmp}")
"$bin" "${args[@]}" >"$out" 2>"$err" </dev/null
status=$?
want_status=0
[ -f "$name.status" ] && want_status=$(cat "$name.status")
if [ "${PX_GOLDEN_UPDATE:-0}" = 1 ]; then
    cp "$out" "$name.expected"
    [ -s "$err" ] && cp "$err" "$name.stderr"
    [ "$status" != 0 ] && echo "$status" > "$name.status"
    exit 0
fi
fail=0
if ! diff -u "$name.expected" "$out"; then
    echo "golden $name: stdout differs" >&2
    fail=1
fi
if [ -f "$name.stderr" ] && ! diff -u "$name.stderr" "$err"; then
    echo "golden $name: stderr differs" >&2
    fail=1
fi
if [ "$status" != "$want_status" ]; then
    echo "golden $name: exit status $status, want $want_status" >&2
    cat "$err" >&2
    fail=1
fi
exit $fail
