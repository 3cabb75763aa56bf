#!/usr/bin/env bash
# parallax eval events --petr: the PETRARCH unit tests coded with their own
# dictionaries (compiled at run time into a temporary data folder). First on a
# small made-up set (a bad dictionary line is one message with its file and
# line; negatives, <Skip> and bad_input_parse records are counted; a
# require_dyad record is read), then on the real records in ../shared when
# they are there, whose figures must stay in a sane band.
set -u
bin=$1
. "$(dirname "$0")/lib.sh"
v="$t/v"
mkdir -p "$v"
cat > "$v/PETR.Validate.verbs.txt" <<'EOF'
<!-- made-up test dictionary -->
&TIEKIND
+TRADE
+DIPLOMATIC
--- MEET [040] ---
MEET
--- RESTORE [064] ---
RESTORE
- * &NOSUCHSET [065]
- * &TIEKIND_TIES [064]
--- DENOUNCE [122] ---
DENOUNCE {DENOUNCED }
EOF
cat > "$v/PETR.Validate.actors.txt" <<'EOF'
KALTANIA [NRL]
SUDRIA [SDR]
+SUDRIAN
ESTAVIA [EST]
	[ESTOLD <000101]
QUELLA [+++]
EOF
cat > "$v/PETR.Validate.agents.txt" <<'EOF'
GOVERNMENT [~GOV]
EOF
: > "$v/PETR.Validate.discards.txt"
cat > "$v/PETR.UnitTest.records.xml" <<'EOF'
<Validation><Sentences>
<Sentence date="20200101" id="T-01" category="DEMO" sentence="true">
<EventCoding sourcecode="NRL" targetcode="SDR" eventcode="064"></EventCoding>
<Text>Kaltania restored diplomatic ties with Sudria on Monday.</Text>
</Sentence>
<Sentence date = "19990101" id ="T-02" category="DATE" sentence="true">
<EventCoding sourcecode="ESTOLD" targetcode="SDR" eventcode="064"></EventCoding>
<Text>Estavia has restored diplomatic ties with Sudria.</Text>
</Sentence>
<Sentence date="20200101" id="T-03" category="DEMO" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>The weather was fine on Sunday.</Text>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="20200101" id="T-04" category="ERROR" sentence="true">
<EventCoding error="bad_input_parse"></EventCoding>
<Text>Kaltania restored diplomatic ties with Sudria on Monday.</Text>
</Sentence>
<Sentence date="20200101" id="T-05" category="VERB" sentence="true">
<Skip></Skip>
<EventCoding sourcecode="NRL" targetcode="SDR" eventcode="122"></EventCoding>
<Text>Kaltania denounced Sudria.</Text>
</Sentence>
</Sentences></Validation>
EOF
out=$("$bin" eval events "$v" --petr 2>"$t/err")
check "made-up set: exit 0" test $? -eq 0
check "bad pattern line reported with file and line" \
    grep -q "^PETR.Validate.verbs.txt:9: .*; entry skipped$" "$t/err"
check "do-not-code actor reported" grep -q "^PETR.Validate.actors.txt:6: .*+++; code skipped$" "$t/err"
check "one message per bad line" test "$(grep -c 'PETR.Validate' "$t/err")" -eq 2
check "3 sentences, 2 gold events" \
    grep -q "^PETRARCH unit tests .*: 3 sentences, 2 gold events," <<<"$out"
check "negative counted" grep -q "gold no event: 1 sentences" <<<"$out"
check "skip and bad_input_parse counted" \
    grep -q "not scored: 2 sentences (1 <Skip>, 1 bad_input_parse," <<<"$out"
check "per-category lines" grep -Eq "^    DATE +1 +1 " <<<"$out"
# Both restorations are coded, the second with the code dated before 2000.
check "made-up set: root F1 1.000" grep -q "^  root code .* F1 1.000$" <<<"$out"
check "made-up set: dated actor" grep -q "both 1.000$" <<<"$out"
check "unknown option" test "$("$bin" eval events --petr --nope 2>&1 >/dev/null | head -c 6)" = "usage:"
check "missing records: exit 1" test "$("$bin" eval events "$t/none" --petr >/dev/null 2>&1; echo $?)" -eq 1
check "no temporary folder left" test -z "$(ls "${TMPDIR:-/tmp}" | grep "^parallax-petr-" || true)"

# The real unit tests (figures when written: 279 sentences, 353 gold events,
# root F1 0.674, actors both 0.784, 5 records not scored).
shared=${2:-${PX_SHARED_DIR:-}}
dir="$shared/data/events/validation"
if [ -f "$dir/PETR.UnitTest.records.xml" ]; then
    out=$("$bin" eval events "$dir" --petr 2>"$t/err")
    check "petr: exit 0" test $? -eq 0
    check "petr: 279 sentences, 353 gold events" \
        grep -q "^PETRARCH unit tests .*: 279 sentences, 353 gold events," <<<"$out"
    check "petr: 5 not scored" grep -q "not scored: 5 sentences" <<<"$out"
    f1=$(sed -n 's/^  root code .* F1 \([0-9.]*\)$/\1/p' <<<"$out")
    both=$(sed -n 's/^  actors .* both \([0-9.]*\)$/\1/p' <<<"$out")
    check "petr: root F1 in [0.62, 0.95] ($f1)" awk -v x="$f1" 'BEGIN { exit !(x >= 0.62 && x <= 0.95) }'
    check "petr: actors both >= 0.70 ($both)" awk -v x="$both" 'BEGIN { exit !(x >= 0.70) }'
    for c in DEMO ACTOR AGENT VERB COMPOUND PATTERN DATE MODIFY SYNSET ERROR PARSING; do
        check "petr: category $c" grep -Eq "^    $c +[0-9]+ " <<<"$out"
    done
    check "petr: dictionary messages name file and line" \
        grep -Eq "^PETR.Validate.verbs.txt:[0-9]+: .*; entry skipped$" "$t/err"
else
    echo "skip: no $dir/PETR.UnitTest.records.xml (the unit-test figures are not checked)"
fi
exit $fail
