#!/usr/bin/env bash
# --data-dir (and $PARALLAX_DATA) choose the models of every command: `eval`
# and `techniques` used to load the compiled-in folder whatever was given,
# so a retrained model was scored with the committed one.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
d="$t/data"
mkdir -p "$d/models"
for x in "$here"/data/*; do
    [ "$(basename "$x")" = models ] || ln -s "$x" "$d/"
done
for x in "$here"/data/models/*; do
    ln -s "$x" "$d/models/"
done
printf 'EU\tB-ORG\nsaid\tO\n.\tO\n\n' >"$t/tiny.tsv"
check "eval ner with the data folder's models" "$bin" --data-dir "$d" eval ner "$t/tiny.tsv" >/dev/null 2>&1

# A folder whose entity model is damaged: eval must read it and fail.
rm "$d/models/ner.bin"
echo 'not a model' >"$d/models/ner.bin"
"$bin" --data-dir "$d" eval ner "$t/tiny.tsv" >/dev/null 2>"$t/err"
check "eval ner fails on the folder's damaged model" test $? = 1
check "the message names the folder's model" grep -q "$d/models/ner.bin" "$t/err"
PARALLAX_DATA="$d" "$bin" eval ner "$t/tiny.tsv" >/dev/null 2>&1
check "\$PARALLAX_DATA too" test $? = 1

# techniques --spans loads the folder's technique model.
rm "$d/models/techniques.bin"
echo '{"id":"a","text":"Crooked Hillary.","spans":[[0,7]]}' >"$t/spans.jsonl"
"$bin" --data-dir "$d" techniques --spans "$t/spans.jsonl" >/dev/null 2>"$t/err"
check "techniques fails without the folder's model" test $? != 0
check "techniques names the folder's model" grep -q "$d/models/techniques.bin" "$t/err"
exit $fail
