# Sourced by the end-to-end scripts after `set -u` and `bin=$1`: the
# repository root ($here), a scratch directory removed on exit ($t), a store
# path in it ($db), and check(), which records a failure without stopping
# the script (each script ends with `exit $fail`).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
db="$t/p.db"
fail=0
check() { # description, command...
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what" >&2
        fail=1
    fi
}
# The example articles added to $db and grouped into stories.
examples_store() {
    "$bin" add --db "$db" "$here/examples/articles" 2>/dev/null
    "$bin" stories --db "$db" >/dev/null 2>&1
}
