#!/usr/bin/env bash
# parallax eval stories on a MEANTIME-style file (--only meantime --meantime
# FILE): the gold pairs are counted as the README says (story pairs across
# languages, topic pairs over all articles), a bad line is reported with its
# line number and the other lines go on.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"
cat > "$t/m.jsonl" <<'JSON'
{"id": "en:1", "lang": "en", "story": "1", "topic": "port", "date": "2024-03-04", "title": "Harbour bridge closed", "text": "The Ostrava harbour bridge was closed on Monday after inspectors found 14 cracks, the mayor Jana Novakova said."}
{"id": "es:1", "lang": "es", "story": "1", "topic": "port", "date": "2024-03-04", "title": "Cerrado el puente del puerto", "text": "El puente del puerto de Ostrava fue cerrado el lunes tras encontrar los inspectores 14 grietas, dijo la alcaldesa Jana Novakova."}
{"id": "en:2", "lang": "en", "story": "2", "topic": "port", "date": "2024-05-20", "title": "Harbour bridge reopens", "text": "The Ostrava harbour bridge reopened on Monday after repairs costing 3 million euros, the mayor Jana Novakova said."}
{"id": "es:2", "lang": "es", "story": "2", "topic": "port", "date": "2024-05-20", "title": "Reabre el puente", "text": "El puente del puerto de Ostrava reabrio el lunes tras reparaciones de 3 millones de euros, dijo la alcaldesa Jana Novakova."}
not json
{"id": "en:3", "lang": "en", "story": "3", "topic": "chess", "date": "2024-06-01", "title": "Chess final drawn", "text": "The chess final in Tallinn ended in a draw after 61 moves."}
JSON
out=$("$bin" eval stories --only meantime --meantime "$t/m.jsonl" 2>"$t/err")
rc=$?
check "exit 0" test $rc -eq 0
check "bad line reported with its number" grep -q "m.jsonl:5: not an article" "$t/err"
check "5 articles, 2 gold topics" grep -q "^articles 5, gold topics 2," <<<"$out"
# Cross-language gold pairs: en:1-es:1, en:2-es:2. Topic gold pairs: the 4
# port articles give 6.
check "cross-language gold pairs" grep -q "^cross-language stories: pairs gold 2," <<<"$out"
check "topic gold pairs" grep -q "^topics: pairs gold 6," <<<"$out"
check "F1 printed" grep -Eq "^topics: .* F1 [01]\.[0-9]{3}$" <<<"$out"
check "unknown --only" test "$("$bin" eval stories --only nope 2>&1 >/dev/null | head -c 6)" = "usage:"
# The grouping parameters are options of stories (and eval stories).
"$bin" stories --db "$t/none.db" --set no_such=1 2>"$t/err"
check "stories: unknown parameter, exit 2" test $? -eq 2
check "stories: unknown parameter named" grep -q "unknown parameter 'no_such'" "$t/err"
"$bin" stories --db "$t/none.db" --topic-link -1 2>/dev/null
check "stories: negative value, exit 2" test $? -eq 2
check "stories --params" test "$("$bin" stories --topic-link 0.25 --set avg_from=5 --params |
    grep -E '^(topic_link|avg_from) ' | tr '\n' ' ')" = "avg_from 5 topic_link 0.25 "
# The dev figures on MEANTIME (../shared/data/stories) keep their floor:
# cross-language story F1 and topic F1 (0.863 and 0.898 when written).
shared=${2:-${PX_SHARED_DIR:-}}
mt="$shared/data/stories/meantime-dev.jsonl"
if [ -f "$mt" ]; then
    out=$("$bin" eval stories --only meantime --meantime "$mt" 2>"$t/err")
    check "meantime: exit 0" test $? -eq 0
    f1() { grep "^$1" <<<"$out" | sed -n 's/.* F1 \([0-9.]*\)$/\1/p'; }
    check "meantime: cross-language story F1 >= 0.85 ($(f1 'cross-language'))" \
        awk -v x="$(f1 'cross-language')" 'BEGIN { exit !(x >= 0.85) }'
    check "meantime: topic F1 >= 0.85 ($(f1 'topics:'))" \
        awk -v x="$(f1 'topics:')" 'BEGIN { exit !(x >= 0.85) }'
else
    echo "skip: no $mt (the MEANTIME figures are not checked)"
fi
exit $fail
