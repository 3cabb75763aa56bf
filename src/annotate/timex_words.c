/* Temporal expressions: the closed word lists (months, weekdays, units,
 * number words, modifiers) as a map of folded keys, and calendar arithmetic. */
#include <stdio.h>
#include <string.h>

#include "annotate/timex_impl.h"

typedef struct word_entry {
    const char *w;
    uint16_t cls, val;
} word_entry;

static const word_entry WORDS[] = {
    {"january", TC_MONTH, 1},
    {"jan", TC_MONTH, 1},
    {"jan.", TC_MONTH, 1},
    {"february", TC_MONTH, 2},
    {"feb", TC_MONTH, 2},
    {"feb.", TC_MONTH, 2},
    {"march", TC_MONTH, 3},
    {"mar.", TC_MONTH, 3},
    {"april", TC_MONTH, 4},
    {"apr", TC_MONTH, 4},
    {"apr.", TC_MONTH, 4},
    {"may", TC_MONTH, 5},
    {"june", TC_MONTH, 6},
    {"jun.", TC_MONTH, 6},
    {"july", TC_MONTH, 7},
    {"jul.", TC_MONTH, 7},
    {"august", TC_MONTH, 8},
    {"aug", TC_MONTH, 8},
    {"aug.", TC_MONTH, 8},
    {"september", TC_MONTH, 9},
    {"sept", TC_MONTH, 9},
    {"sept.", TC_MONTH, 9},
    {"sep.", TC_MONTH, 9},
    {"october", TC_MONTH, 10},
    {"oct", TC_MONTH, 10},
    {"oct.", TC_MONTH, 10},
    {"november", TC_MONTH, 11},
    {"nov", TC_MONTH, 11},
    {"nov.", TC_MONTH, 11},
    {"december", TC_MONTH, 12},
    {"dec", TC_MONTH, 12},
    {"dec.", TC_MONTH, 12},
    {"monday", TC_WDAY, 1},
    {"tuesday", TC_WDAY, 2},
    {"wednesday", TC_WDAY, 3},
    {"thursday", TC_WDAY, 4},
    {"friday", TC_WDAY, 5},
    {"saturday", TC_WDAY, 6},
    {"sunday", TC_WDAY, 7},
    {"mondays", TC_WDAY, 1 | TX_PLURAL},
    {"tuesdays", TC_WDAY, 2 | TX_PLURAL},
    {"wednesdays", TC_WDAY, 3 | TX_PLURAL},
    {"thursdays", TC_WDAY, 4 | TX_PLURAL},
    {"fridays", TC_WDAY, 5 | TX_PLURAL},
    {"saturdays", TC_WDAY, 6 | TX_PLURAL},
    {"sundays", TC_WDAY, 7 | TX_PLURAL},
    {"one", TC_NUMW, 1},
    {"two", TC_NUMW, 2},
    {"three", TC_NUMW, 3},
    {"four", TC_NUMW, 4},
    {"five", TC_NUMW, 5},
    {"six", TC_NUMW, 6},
    {"seven", TC_NUMW, 7},
    {"eight", TC_NUMW, 8},
    {"nine", TC_NUMW, 9},
    {"ten", TC_NUMW, 10},
    {"eleven", TC_NUMW, 11},
    {"twelve", TC_NUMW, 12},
    {"thirteen", TC_NUMW, 13},
    {"fourteen", TC_NUMW, 14},
    {"fifteen", TC_NUMW, 15},
    {"sixteen", TC_NUMW, 16},
    {"seventeen", TC_NUMW, 17},
    {"eighteen", TC_NUMW, 18},
    {"nineteen", TC_NUMW, 19},
    {"twenty", TC_NUMW, 20},
    {"thirty", TC_NUMW, 30},
    {"forty", TC_NUMW, 40},
    {"fifty", TC_NUMW, 50},
    {"sixty", TC_NUMW, 60},
    {"seventy", TC_NUMW, 70},
    {"eighty", TC_NUMW, 80},
    {"ninety", TC_NUMW, 90},
    {"hundred", TC_NUMW, 100},
    {"thousand", TC_NUMW, 1000},
    {"dozen", TC_NUMW, 12},
    {"first", TC_ORD, 1},
    {"second", TC_ORD, 2},
    {"third", TC_ORD, 3},
    {"fourth", TC_ORD, 4},
    {"fifth", TC_ORD, 5},
    {"sixth", TC_ORD, 6},
    {"seventh", TC_ORD, 7},
    {"eighth", TC_ORD, 8},
    {"ninth", TC_ORD, 9},
    {"tenth", TC_ORD, 10},
    {"eleventh", TC_ORD, 11},
    {"twelfth", TC_ORD, 12},
    {"thirteenth", TC_ORD, 13},
    {"fourteenth", TC_ORD, 14},
    {"fifteenth", TC_ORD, 15},
    {"twentieth", TC_ORD, 20},
    {"thirtieth", TC_ORD, 30},
    {"1st", TC_ORD, 1},
    {"2nd", TC_ORD, 2},
    {"3rd", TC_ORD, 3},
    {"4th", TC_ORD, 4},
    {"second", TC_UNIT, TU_SECOND},
    {"seconds", TC_UNIT, TU_SECOND | TX_PLURAL},
    {"minute", TC_UNIT, TU_MINUTE},
    {"minutes", TC_UNIT, TU_MINUTE | TX_PLURAL},
    {"hour", TC_UNIT, TU_HOUR},
    {"hours", TC_UNIT, TU_HOUR | TX_PLURAL},
    {"day", TC_UNIT, TU_DAY},
    {"days", TC_UNIT, TU_DAY | TX_PLURAL},
    {"week", TC_UNIT, TU_WEEK},
    {"weeks", TC_UNIT, TU_WEEK | TX_PLURAL},
    {"weekend", TC_UNIT, TU_WEEKEND},
    {"weekends", TC_UNIT, TU_WEEKEND | TX_PLURAL},
    {"month", TC_UNIT, TU_MONTH},
    {"months", TC_UNIT, TU_MONTH | TX_PLURAL},
    {"quarter", TC_UNIT, TU_QUARTER},
    {"quarters", TC_UNIT, TU_QUARTER | TX_PLURAL},
    {"year", TC_UNIT, TU_YEAR},
    {"years", TC_UNIT, TU_YEAR | TX_PLURAL},
    {"decade", TC_UNIT, TU_DECADE},
    {"decades", TC_UNIT, TU_DECADE | TX_PLURAL},
    {"century", TC_UNIT, TU_CENTURY},
    {"centuries", TC_UNIT, TU_CENTURY | TX_PLURAL},
    {"millennium", TC_UNIT, TU_MILLENNIUM},
    {"millennia", TC_UNIT, TU_MILLENNIUM | TX_PLURAL},
    {"spring", TC_SEASON, 1},
    {"summer", TC_SEASON, 2},
    {"fall", TC_SEASON, 3},
    {"autumn", TC_SEASON, 3},
    {"winter", TC_SEASON, 4},
    {"morning", TC_PART, 1},
    {"afternoon", TC_PART, 2},
    {"evening", TC_PART, 3},
    {"night", TC_PART, 4},
    {"mornings", TC_PART, 1 | TX_PLURAL},
    {"nights", TC_PART, 4 | TX_PLURAL},
    {"evenings", TC_PART, 3 | TX_PLURAL},
    {"mid-afternoon", TC_PART, 2},
    {"overnight", TC_PART, 4},
    {"today", TC_DEIXIS, TD_TODAY},
    {"yesterday", TC_DEIXIS, TD_YESTERDAY},
    {"tomorrow", TC_DEIXIS, TD_TOMORROW},
    {"tonight", TC_DEIXIS, TD_TONIGHT},
    {"now", TC_DEIXIS, TD_NOW},
    {"currently", TC_DEIXIS, TD_PRESENT},
    {"nowadays", TC_DEIXIS, TD_PRESENT},
    {"recently", TC_DEIXIS, TD_PAST},
    {"lately", TC_DEIXIS, TD_PAST},
    {"current", TC_DEIXIS, TD_CURRENT},
    {"recent", TC_DEIXIS, TD_RECENT},
    {"noon", TC_DEIXIS, TD_NOON},
    {"midday", TC_DEIXIS, TD_NOON},
    {"midnight", TC_DEIXIS, TD_MIDNIGHT},
    {"last", TC_MOD, TM_LAST},
    {"past", TC_MOD, TM_LAST},
    {"previous", TC_MOD, TM_LAST},
    {"next", TC_MOD, TM_NEXT},
    {"coming", TC_MOD, TM_NEXT},
    {"following", TC_MOD, TM_NEXT},
    {"this", TC_MOD, TM_THIS},
    {"these", TC_MOD, TM_THIS},
    {"that", TC_MOD, TM_THAT},
    {"then", TC_MOD, TM_THEN},
    {"the", TC_MOD, TM_THE},
    {"a", TC_MOD, TM_A},
    {"an", TC_MOD, TM_A},
    {"latest", TC_MOD, TM_LATEST},
    {"fiscal", TC_MOD, TM_FISCAL},
    {"same", TC_MOD, TM_SAME},
    {"several", TC_FUZZY, 0},
    {"few", TC_FUZZY, 0},
    {"many", TC_FUZZY, 0},
    {"some", TC_FUZZY, 0},
    {"couple", TC_FUZZY, 2},
    {"ago", TC_DIR, TR_AGO},
    {"later", TC_DIR, TR_LATER},
    {"earlier", TC_DIR, TR_EARLIER},
    {"after", TC_DIR, TR_AFTER},
    {"before", TC_DIR, TR_BEFORE},
    {"since", TC_DIR, TR_SINCE},
    {"hence", TC_DIR, TR_HENCE},
    {"daily", TC_SETW, TU_DAY},
    {"nightly", TC_SETW, TU_DAY},
    {"weekly", TC_SETW, TU_WEEK},
    {"monthly", TC_SETW, TU_MONTH},
    {"annually", TC_SETW, TU_YEAR},
    {"yearly", TC_SETW, TU_YEAR},
    {"annual", TC_SETW, TU_YEAR | TX_PLURAL},
    {"hourly", TC_SETW, TU_HOUR},
    {"early", TC_EDGE, TE_EARLY},
    {"late", TC_EDGE, TE_LATE},
    {"mid", TC_EDGE, TE_MID},
    {"end", TC_EDGE, TE_END},
    {"beginning", TC_EDGE, TE_START},
    {"start", TC_EDGE, TE_START},
    {"every", TC_EVERY, 0},
    {"each", TC_EVERY, 0},
    {"per", TC_EVERY, 1},
    {"gmt", TC_ZONE, 1440},
    {"utc", TC_ZONE, 1440},
    {"est", TC_ZONE, 1440 - 300},
    {"edt", TC_ZONE, 1440 - 240},
    {"cst", TC_ZONE, 1440 - 360},
    {"pst", TC_ZONE, 1440 - 480},
    {"pdt", TC_ZONE, 1440 - 420},
    {"cet", TC_ZONE, 1440 + 60},
    {"bst", TC_ZONE, 1440 + 60},
    {"a.m.", TC_AMPM, 1},
    {"am", TC_AMPM, 1},
    {"p.m.", TC_AMPM, 2},
    {"pm", TC_AMPM, 2},
    {"christmas", TC_HOLIDAY, TH_CHRISTMAS},
    {"thanksgiving", TC_HOLIDAY, TH_THANKSGIVING},
    {"halloween", TC_HOLIDAY, TH_HALLOWEEN},
};

px_map *px__timex_words_new(void)
{
    size_t n = sizeof WORDS / sizeof *WORDS;
    px_map *m = px__map_new(n * 2);
    if (!m)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint64_t *slot;
        int isnew;
        px_slice k = {(const uint8_t *)WORDS[i].w, strlen(WORDS[i].w)};
        if (px__map_put(m, k, ((uint64_t)WORDS[i].cls << 16) | WORDS[i].val, &slot, &isnew)) {
            px__map_free(m);
            return NULL;
        }
    }
    return m;
}

tx_word px__timex_word(const px_map *m, const uint8_t *key, size_t len)
{
    tx_word w = {0, 0};
    if (!len || len > 16)
        return w;
    const uint64_t *v = px__map_get(m, (px_slice){key, len});
    if (v) {
        w.cls = (uint16_t)(*v >> 16);
        w.val = (uint16_t)(*v & 0xffff);
    }
    return w;
}

/* ---- values for readers ---- */

static int digits_at(const char *v, size_t n, int *out)
{
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return 0;
        x = x * 10 + (v[i] - '0');
    }
    *out = x;
    return 1;
}

const char *px__timex_human(const char *v, char *out, size_t cap)
{
    static const char *const MONTHS[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    static const char *const PARTS[][2] = {{"MO", "morning"},
                                           {"AF", "afternoon"},
                                           {"EV", "evening"},
                                           {"NI", "night"},
                                           {"DT", "daytime"}};
    static const char *const SEASONS[][2] = {
        {"SP", "spring"}, {"SU", "summer"}, {"FA", "autumn"}, {"WI", "winter"}};
    static const char *const QUARTERS[] = {"first", "second", "third", "fourth"};
    if (!v)
        return "?";
    if (!cap)
        return v;
    if (!strcmp(v, "PRESENT_REF"))
        return "now";
    if (!strcmp(v, "PAST_REF"))
        return "the past";
    if (!strcmp(v, "FUTURE_REF"))
        return "the future";
    size_t n = strlen(v);
    int y = 0, m, d, q, hh, mm;
    int known = n >= 4 && digits_at(v, 4, &y);
    char year[8] = "";
    if (known)
        snprintf(year, sizeof year, " %d", y);
    else if (n < 4 || strncmp(v, "XXXX", 4))
        return v;
    if (n == 4)
        return known ? v : "a year";
    if (v[4] != '-')
        return v;
    const char *r = v + 5;
    size_t rn = n - 5;
    if (rn == 2 && r[0] == 'Q' && r[1] >= '1' && r[1] <= '4') {
        snprintf(out, cap, "the %s quarter%s%s", QUARTERS[r[1] - '1'], known ? " of" : "", year);
        return out;
    }
    if (rn >= 2 && r[0] == 'W' && digits_at(r + 1, 2, &q) && rn == 3) {
        snprintf(out, cap, "week %d%s%s", q, known ? " of" : "", year);
        return out;
    }
    for (int i = 0; i < 4; i++)
        if (rn == 2 && !strncmp(r, SEASONS[i][0], 2)) {
            snprintf(out, cap, "%s%s", SEASONS[i][1], year);
            return out;
        }
    if (rn < 2 || !digits_at(r, 2, &m) || m < 1 || m > 12)
        return v;
    if (rn == 2) {
        snprintf(out, cap, "%s%s", MONTHS[m - 1], year);
        return out;
    }
    if (rn < 5 || r[2] != '-' || !digits_at(r + 3, 2, &d) || d < 1 || d > 31)
        return v;
    if (rn == 5) {
        snprintf(out, cap, "%d %s%s", d, MONTHS[m - 1], year);
        return out;
    }
    if (r[5] != 'T')
        return v;
    const char *t = r + 6;
    for (int i = 0; i < 5; i++)
        if (!strcmp(t, PARTS[i][0])) {
            snprintf(out, cap, "%d %s%s, %s", d, MONTHS[m - 1], year, PARTS[i][1]);
            return out;
        }
    if (strlen(t) >= 5 && digits_at(t, 2, &hh) && t[2] == ':' && digits_at(t + 3, 2, &mm)) {
        snprintf(out, cap, "%d %s%s, %02d:%02d", d, MONTHS[m - 1], year, hh, mm);
        return out;
    }
    return v;
}
