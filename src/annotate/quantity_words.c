/* Quantities: the closed word lists (number words, approximators, units,
 * count triggers after GDELT's count types, noun-phrase stop words). */
#include <string.h>

#include "annotate/quantity_impl.h"

typedef struct qentry {
    const char *w;
    uint8_t cls, noun;
    uint32_t val;
} qentry;

static const char *const UNIT_NAMES[] = {
    "%",      "USD",    "EUR",      "GBP",    "JPY",     "RUB",      "UAH",     "tons",
    "km",     "miles",  "m",        "kg",     "barrels", "hectares", "acres",   "square km",
    "mph",    "km/h",   "degrees",  "points", "votes",   "seats",    "dollars", "euros",
    "pounds", "rubles", "hryvnias", "yuan",   "rupees",  "shekels",  "dinars",
};
enum {
    U_PCT,
    U_USD,
    U_EUR,
    U_GBP,
    U_JPY,
    U_RUB,
    U_UAH,
    U_TON,
    U_KM,
    U_MILE,
    U_M,
    U_KG,
    U_BARREL,
    U_HA,
    U_ACRE,
    U_SQKM,
    U_MPH,
    U_KMH,
    U_DEG,
    U_PTS,
    U_VOTES,
    U_SEATS,
    U_DOLLARS,
    U_EUROS,
    U_POUNDS,
    U_RUBLES,
    U_UAHW,
    U_YUAN,
    U_RUPEES,
    U_SHEKELS,
    U_DINARS
};

static const qentry WORDS[] = {
    {"zero", QC_NUMW, 0, 0},
    {"one", QC_NUMW, 0, 1},
    {"two", QC_NUMW, 0, 2},
    {"three", QC_NUMW, 0, 3},
    {"four", QC_NUMW, 0, 4},
    {"five", QC_NUMW, 0, 5},
    {"six", QC_NUMW, 0, 6},
    {"seven", QC_NUMW, 0, 7},
    {"eight", QC_NUMW, 0, 8},
    {"nine", QC_NUMW, 0, 9},
    {"ten", QC_NUMW, 0, 10},
    {"eleven", QC_NUMW, 0, 11},
    {"twelve", QC_NUMW, 0, 12},
    {"thirteen", QC_NUMW, 0, 13},
    {"fourteen", QC_NUMW, 0, 14},
    {"fifteen", QC_NUMW, 0, 15},
    {"sixteen", QC_NUMW, 0, 16},
    {"seventeen", QC_NUMW, 0, 17},
    {"eighteen", QC_NUMW, 0, 18},
    {"nineteen", QC_NUMW, 0, 19},
    {"twenty", QC_NUMW, 0, 20},
    {"thirty", QC_NUMW, 0, 30},
    {"forty", QC_NUMW, 0, 40},
    {"fifty", QC_NUMW, 0, 50},
    {"sixty", QC_NUMW, 0, 60},
    {"seventy", QC_NUMW, 0, 70},
    {"eighty", QC_NUMW, 0, 80},
    {"ninety", QC_NUMW, 0, 90},
    {"dozen", QC_NUMW, 0, 12},
    {"hundred", QC_HUNDRED, 0, 100},
    {"thousand", QC_MULT, 0, 3},
    {"million", QC_MULT, 0, 6},
    {"billion", QC_MULT, 0, 9},
    {"trillion", QC_MULT, 0, 12},
    {"mln", QC_MULT, 0, 6},
    {"bln", QC_MULT, 0, 9},
    {"tens", QC_VAGUE, 0, 10},
    {"dozens", QC_VAGUE, 0, 12},
    {"hundreds", QC_VAGUE, 0, 100},
    {"thousands", QC_VAGUE, 0, 1000},
    {"millions", QC_VAGUE, 0, 1000000},
    {"and", QC_AND, 0, 0},
    {"over", QC_APPROX, 0, QA_OVER},
    {"above", QC_APPROX, 0, QA_OVER},
    {"under", QC_APPROX, 0, QA_UNDER},
    {"below", QC_APPROX, 0, QA_UNDER},
    {"about", QC_APPROX, 0, QA_ABOUT},
    {"around", QC_APPROX, 0, QA_ABOUT},
    {"some", QC_APPROX, 0, QA_ABOUT},
    {"roughly", QC_APPROX, 0, QA_ABOUT},
    {"approximately", QC_APPROX, 0, QA_ABOUT},
    {"approx.", QC_APPROX, 0, QA_ABOUT},
    {"circa", QC_APPROX, 0, QA_ABOUT},
    {"estimated", QC_APPROX, 0, QA_ABOUT},
    {"nearly", QC_APPROX, 0, QA_NEARLY},
    {"almost", QC_APPROX, 0, QA_NEARLY},
    {"%", QC_UNIT, 0, U_PCT},
    {"percent", QC_UNIT, 0, U_PCT},
    {"pct", QC_UNIT, 0, U_PCT},
    {"tons", QC_UNIT, 0, U_TON},
    {"tonnes", QC_UNIT, 0, U_TON},
    {"ton", QC_UNIT, 0, U_TON},
    {"tonne", QC_UNIT, 0, U_TON},
    {"km", QC_UNIT, 0, U_KM},
    {"kilometers", QC_UNIT, 0, U_KM},
    {"kilometres", QC_UNIT, 0, U_KM},
    {"kilometer", QC_UNIT, 0, U_KM},
    {"kilometre", QC_UNIT, 0, U_KM},
    {"miles", QC_UNIT, 0, U_MILE},
    {"mile", QC_UNIT, 0, U_MILE},
    {"meters", QC_UNIT, 0, U_M},
    {"metres", QC_UNIT, 0, U_M},
    {"m", QC_UNIT, 0, U_M},
    {"kg", QC_UNIT, 0, U_KG},
    {"kilograms", QC_UNIT, 0, U_KG},
    {"barrels", QC_UNIT, 0, U_BARREL},
    {"hectares", QC_UNIT, 0, U_HA},
    {"acres", QC_UNIT, 0, U_ACRE},
    {"mph", QC_UNIT, 0, U_MPH},
    {"degrees", QC_UNIT, 0, U_DEG},
    {"points", QC_UNIT, 0, U_PTS},
    {"$", QC_CUR, 0, U_USD},
    {"us$", QC_CUR, 0, U_USD},
    {"€", QC_CUR, 0, U_EUR},
    {"£", QC_CUR, 0, U_GBP},
    {"¥", QC_CUR, 0, U_JPY},
    {"₽", QC_CUR, 0, U_RUB},
    {"₴", QC_CUR, 0, U_UAH},
    {"dollars", QC_UNIT, 0, U_USD},
    {"euros", QC_UNIT, 0, U_EUR},
    {"euro", QC_UNIT, 0, U_EUR},
    {"pounds", QC_UNIT, 0, U_POUNDS},
    {"rubles", QC_UNIT, 0, U_RUB},
    {"roubles", QC_UNIT, 0, U_RUB},
    {"hryvnias", QC_UNIT, 0, U_UAH},
    {"yuan", QC_UNIT, 0, U_YUAN},
    {"rupees", QC_UNIT, 0, U_RUPEES},
    {"shekels", QC_UNIT, 0, U_SHEKELS},
    {"dinars", QC_UNIT, 0, U_DINARS},
    {"usd", QC_UNIT, 0, U_USD},
    {"eur", QC_UNIT, 0, U_EUR},
    /* count triggers: verbs and adjectives (noun 0), nouns that are the counted
     * people (noun 1), nouns that govern a count ("death toll": noun 2), nouns
     * that type a count only after it ("people from their homes": noun 3) */
    {"killed", QC_TRIGGER, 0, QK_KILL},
    {"kill", QC_TRIGGER, 0, QK_KILL},
    {"kills", QC_TRIGGER, 0, QK_KILL},
    {"killing", QC_TRIGGER, 0, QK_KILL},
    {"dead", QC_TRIGGER, 0, QK_KILL},
    {"died", QC_TRIGGER, 0, QK_KILL},
    {"die", QC_TRIGGER, 0, QK_KILL},
    {"slain", QC_TRIGGER, 0, QK_KILL},
    {"massacred", QC_TRIGGER, 0, QK_KILL},
    {"murdered", QC_TRIGGER, 0, QK_KILL},
    {"executed", QC_TRIGGER, 0, QK_KILL},
    {"perished", QC_TRIGGER, 0, QK_KILL},
    {"deaths", QC_TRIGGER, 1, QK_KILL},
    {"fatalities", QC_TRIGGER, 1, QK_KILL},
    {"bodies", QC_TRIGGER, 1, QK_KILL},
    {"toll", QC_TRIGGER, 2, QK_KILL},
    {"lives", QC_TRIGGER, 1, QK_KILL},
    {"injured", QC_TRIGGER, 0, QK_WOUND},
    {"injuring", QC_TRIGGER, 0, QK_WOUND},
    {"wounded", QC_TRIGGER, 0, QK_WOUND},
    {"wounding", QC_TRIGGER, 0, QK_WOUND},
    {"wound", QC_TRIGGER, 0, QK_WOUND},
    {"injure", QC_TRIGGER, 0, QK_WOUND},
    {"injures", QC_TRIGGER, 0, QK_WOUND},
    {"wounds", QC_TRIGGER, 0, QK_WOUND},
    {"injuries", QC_TRIGGER, 0, QK_WOUND},
    {"hurt", QC_TRIGGER, 0, QK_WOUND},
    {"casualties", QC_TRIGGER, 1, QK_CASUALTIES},
    {"displaced", QC_TRIGGER, 0, QK_DISPLACED},
    {"refugees", QC_TRIGGER, 1, QK_DISPLACED},
    {"fled", QC_TRIGGER, 0, QK_DISPLACED},
    {"homeless", QC_TRIGGER, 0, QK_DISPLACED},
    {"uprooted", QC_TRIGGER, 0, QK_DISPLACED},
    {"homes", QC_TRIGGER, 3, QK_DISPLACED},
    {"evicted", QC_TRIGGER, 0, QK_DISPLACED},
    {"flee", QC_TRIGGER, 0, QK_DISPLACED},
    {"arrested", QC_TRIGGER, 0, QK_ARREST},
    {"detained", QC_TRIGGER, 0, QK_ARREST},
    {"arrests", QC_TRIGGER, 1, QK_ARREST},
    {"jailed", QC_TRIGGER, 0, QK_ARREST},
    {"imprisoned", QC_TRIGGER, 0, QK_ARREST},
    {"detainees", QC_TRIGGER, 1, QK_ARREST},
    {"kidnapped", QC_TRIGGER, 0, QK_KIDNAP},
    {"abducted", QC_TRIGGER, 0, QK_KIDNAP},
    {"hostages", QC_TRIGGER, 1, QK_KIDNAP},
    {"hostage", QC_TRIGGER, 0, QK_KIDNAP},
    {"protesters", QC_TRIGGER, 1, QK_PROTEST},
    {"protestors", QC_TRIGGER, 1, QK_PROTEST},
    {"demonstrators", QC_TRIGGER, 1, QK_PROTEST},
    {"marchers", QC_TRIGGER, 1, QK_PROTEST},
    {"participants", QC_TRIGGER, 1, QK_PROTEST},
    {"rally", QC_TRIGGER, 2, QK_PROTEST},
    {"rallies", QC_TRIGGER, 2, QK_PROTEST},
    {"protest", QC_TRIGGER, 2, QK_PROTEST},
    {"protests", QC_TRIGGER, 2, QK_PROTEST},
    {"demonstration", QC_TRIGGER, 2, QK_PROTEST},
    {"crowd", QC_TRIGGER, 2, QK_PROTEST},
    {"marched", QC_TRIGGER, 0, QK_PROTEST},
    {"protested", QC_TRIGGER, 0, QK_PROTEST},
    {"rallied", QC_TRIGGER, 0, QK_PROTEST},
    {"attended", QC_TRIGGER, 0, QK_PROTEST},
    {"strikers", QC_TRIGGER, 1, QK_PROTEST},
    {"evacuated", QC_TRIGGER, 0, QK_EVACUATE},
    {"evacuation", QC_TRIGGER, 2, QK_EVACUATE},
    {"evacuees", QC_TRIGGER, 1, QK_EVACUATE},
    {"sick", QC_TRIGGER, 0, QK_SICK},
    {"ill", QC_TRIGGER, 0, QK_SICK},
    {"infected", QC_TRIGGER, 0, QK_SICK},
    {"sickened", QC_TRIGGER, 0, QK_SICK},
    {"poisoned", QC_TRIGGER, 0, QK_SICK},
    {"hospitalized", QC_TRIGGER, 0, QK_SICK},
    {"hospitalised", QC_TRIGGER, 0, QK_SICK},
    {"affected", QC_TRIGGER, 0, QK_AFFECT},
    {"stranded", QC_TRIGGER, 0, QK_AFFECT},
    {"trapped", QC_TRIGGER, 0, QK_AFFECT},
    {"more", QC_SKIP, 0, 0},
    {"other", QC_SKIP, 0, 0},
    {"additional", QC_SKIP, 0, 0},
    {"further", QC_SKIP, 0, 0},
    {"new", QC_SKIP, 0, 0},
    {"fewer", QC_SKIP, 0, 0},
    {"extra", QC_SKIP, 0, 0},
    {"of", QC_STOP, 0, 0},
    {"the", QC_STOP, 0, 0},
    {"a", QC_STOP, 0, 0},
    {"to", QC_STOP, 0, 0},
    {"in", QC_STOP, 0, 0},
    {"on", QC_STOP, 0, 0},
    {"at", QC_STOP, 0, 0},
    {"by", QC_STOP, 0, 0},
    {"for", QC_STOP, 0, 0},
    {"from", QC_STOP, 0, 0},
    {"with", QC_STOP, 0, 0},
    {"were", QC_STOP, 0, 0},
    {"was", QC_STOP, 0, 0},
    {"are", QC_STOP, 0, 0},
    {"is", QC_STOP, 0, 0},
    {"be", QC_STOP, 0, 0},
    {"been", QC_STOP, 0, 0},
    {"being", QC_STOP, 0, 0},
    {"have", QC_STOP, 0, 0},
    {"has", QC_STOP, 0, 0},
    {"had", QC_STOP, 0, 0},
    {"who", QC_STOP, 0, 0},
    {"that", QC_STOP, 0, 0},
    {"which", QC_STOP, 0, 0},
    {"or", QC_STOP, 0, 0},
    {"but", QC_STOP, 0, 0},
    {"as", QC_STOP, 0, 0},
    {"than", QC_STOP, 0, 0},
    {"will", QC_STOP, 0, 0},
    {"would", QC_STOP, 0, 0},
    {"could", QC_STOP, 0, 0},
    {"may", QC_STOP, 0, 0},
    {"said", QC_STOP, 0, 0},
    {"received", QC_STOP, 0, 0},
    {"remain", QC_STOP, 0, 0},
    {"remained", QC_STOP, 0, 0},
    {"per", QC_STOP, 0, 0},
    {"each", QC_STOP, 0, 0},
    {"into", QC_STOP, 0, 0},
    {"across", QC_STOP, 0, 0},
    {"after", QC_STOP, 0, 0},
    {"during", QC_STOP, 0, 0},
    {"since", QC_STOP, 0, 0},
    {"this", QC_STOP, 0, 0},
    {"these", QC_STOP, 0, 0},
    {"their", QC_STOP, 0, 0},
    {"his", QC_STOP, 0, 0},
    {"her", QC_STOP, 0, 0},
    {"its", QC_STOP, 0, 0},
    {"they", QC_STOP, 0, 0},
    {"it", QC_STOP, 0, 0},
    {"out", QC_STOP, 0, 0},
    {"up", QC_STOP, 0, 0},
    {"all", QC_STOP, 0, 0},
    {"among", QC_STOP, 0, 0},
    {"including", QC_STOP, 0, 0},
    {"times", QC_STOP, 0, 0},
    {"year", QC_STOP, 0, 0},
    {"years", QC_STOP, 0, 0},
};

static const char *const APPROX[] = {"exact",  "over",     "under",  "about",
                                     "nearly", "at least", "at most"};
static const char *const COUNT[] = {NULL,        "KILL",   "WOUND",  "CASUALTIES",
                                    "DISPLACED", "ARREST", "KIDNAP", "PROTEST",
                                    "EVACUATE",  "SICK",   "AFFECT"};

const char *px__quantity_approx_name(int code)
{
    return code >= 0 && code <= QA_ATMOST ? APPROX[code] : "exact";
}

const char *px__quantity_count_name(int code)
{
    return code > 0 && code <= QK_AFFECT ? COUNT[code] : NULL;
}

const char *px__quantity_unit_name(uint32_t idx)
{
    return idx < sizeof UNIT_NAMES / sizeof *UNIT_NAMES ? UNIT_NAMES[idx] : NULL;
}

px_map *px__quantity_words_new(void)
{
    size_t n = sizeof WORDS / sizeof *WORDS;
    px_map *m = px__map_new(n * 2);
    if (!m)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint64_t *slot;
        int isnew;
        px_slice k = {(const uint8_t *)WORDS[i].w, strlen(WORDS[i].w)};
        uint64_t v =
            ((uint64_t)WORDS[i].cls << 40) | ((uint64_t)WORDS[i].noun << 32) | WORDS[i].val;
        if (px__map_put(m, k, v, &slot, &isnew)) {
            px__map_free(m);
            return NULL;
        }
    }
    return m;
}

qword px__quantity_word(const px_map *m, const uint8_t *key, size_t len)
{
    qword w = {0, 0, 0, 0};
    if (!len || len > 16)
        return w;
    const uint64_t *v = px__map_get(m, (px_slice){key, len});
    if (v) {
        w.cls = (uint8_t)(*v >> 40);
        w.noun = (uint8_t)((*v >> 32) & 0xff);
        w.val = (uint32_t)(*v & 0xffffffffu);
    }
    return w;
}
