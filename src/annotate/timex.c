/* Temporal expressions (TimeML TIMEX3): recognition by token rules over each
 * sentence, and normalization against the article date (d->date), or against a
 * nearer explicit date where the text says so ("two days later"). With no
 * article date, relative expressions keep underspecified values ("XXXX-12").
 *
 * Rules are tried at each token in a fixed order; the first that matches wins
 * and the scan resumes after it (no overlaps). Word classes come from a closed
 * table (timex_words.c) looked up once per token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/timex_impl.h"

/* Local classes of hyphenated words, set by classify(). */
enum {
    TC_XNUNIT = 100, /* "two-year": val = n << 4 | unit */
    TC_XQUARTER,     /* "third-quarter": val = quarter */
    TC_XYEARAGO,     /* "year-earlier", "year-ago" */
    TC_YEAR,         /* a four-digit year, val the year */
    TC_DECADE,       /* "1990s": val the first three digits */
    TC_NUM,          /* other plain number, val its value (< 65536) */
    TC_XMONTH
}; /* "mid-November": val the month */

typedef struct tx_res {
    size_t end;   /* token index after the match */
    uint8_t type; /* enum px_timex_type */
    char val[40];
} tx_res;

typedef struct tx_ctx {
    px_doc *d;
    const px_map *words;
    const px_token *t; /* the sentence's tokens */
    size_t n;
    tx_word *w;                 /* their classes */
    int has_anchor, ay, am, ad; /* the article date */
    int future;                 /* the words around speak of the future */
    int past;                   /* ... or of the past ("since") */
    size_t at;                  /* the token where the current match starts */
    int doc_quarterly;          /* the document speaks of quarters (a results report) */
    int doc_q;                  /* the first quarter it names by number ("third quarter"), or 0 */
    int narrative;              /* the document tells of years far from its date */
    size_t far_years;           /* how many year mentions are far from its date */
    size_t news_words;          /* weekdays, "today", "yesterday" ...: news talk */
    size_t near_years;          /* year mentions within a year of its date */
    int ry, rm, rd, rgran;      /* the last explicit date (rgran 0: none; 1 y, 2 m, 3 d) */
    size_t sent, rsent;         /* the sentence index, and the one of the last explicit date */
    px_timex *out;
    size_t nout, cap;
} tx_ctx;

/* ---- token helpers ---- */

static int key_is(const px_token *t, const char *s)
{
    size_t n = strlen(s);
    return t->key_len == n && memcmp(t->key, s, n) == 0;
}

static int tok_is(const tx_ctx *c, size_t i, const char *s)
{
    return i < c->n && key_is(&c->t[i], s);
}

static int cls_at(const tx_ctx *c, size_t i)
{
    return i < c->n ? c->w[i].cls : TC_NONE;
}

static int val_at(const tx_ctx *c, size_t i)
{
    return c->w[i].val & 0xff;
}

static int plural_at(const tx_ctx *c, size_t i)
{
    return (c->w[i].val & TX_PLURAL) != 0;
}

static int digits_val(const uint8_t *p, size_t n, long *out)
{
    long v = 0;
    if (!n || n > 9)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 1;
}

/* A unit word at i ("second" is an ordinal in the table). */
static int unit_at(const tx_ctx *c, size_t i, int *plural)
{
    if (i >= c->n)
        return 0;
    if (c->w[i].cls == TC_UNIT) {
        *plural = plural_at(c, i);
        return val_at(c, i);
    }
    if (key_is(&c->t[i], "second") || key_is(&c->t[i], "seconds")) {
        *plural = c->t[i].key_len == 7;
        return TU_SECOND;
    }
    return 0;
}

static tx_word classify_hyphen(const px_map *words, const uint8_t *k, size_t n)
{
    tx_word r = {0, 0};
    const uint8_t *h = memchr(k, '-', n);
    if (!h)
        return r;
    size_t ln = (size_t)(h - k), rn = n - ln - 1;
    tx_word rw = px__timex_word(words, h + 1, rn);
    tx_word lw = px__timex_word(words, k, ln);
    long v;
    if (rw.cls == TC_UNIT && !(rw.val & TX_PLURAL)) {
        if (lw.cls == TC_NUMW)
            v = lw.val;
        else if (!digits_val(k, ln, &v))
            v = -1;
        if (lw.cls == TC_UNIT && lw.val == TU_YEAR) {
            r.cls = TC_XYEARAGO;
            return r;
        }
        if (v > 0 && v < 4096) {
            r.cls = TC_XNUNIT;
            r.val = (uint16_t)(v << 4 | rw.val);
        }
        if (lw.cls == TC_ORD && rw.val == TU_QUARTER && lw.val <= 4) {
            r.cls = TC_XQUARTER;
            r.val = lw.val;
        }
        return r;
    }
    if (lw.cls == TC_UNIT && lw.val == TU_YEAR && rw.cls == TC_DIR)
        r.cls = TC_XYEARAGO;
    long yv;
    if (lw.cls == TC_EDGE && lw.val != TE_END && rn == 4 && digits_val(h + 1, 4, &yv) &&
        yv >= 1000 && yv <= 2100) { /* "mid-1996" */
        r.cls = TC_YEAR;
        r.val = (uint16_t)yv;
        return r;
    }
    if (lw.cls == TC_EDGE && rw.cls == TC_MONTH && rn > 3) { /* "mid-November" */
        r.cls = TC_XMONTH;
        r.val = rw.val;
    }
    if (lw.cls == TC_NUMW && rw.cls == TC_NUMW && lw.val >= 20 && rw.val < 10) {
        r.cls = TC_NUMW;
        r.val = (uint16_t)(lw.val + rw.val);
    }
    return r;
}

/* "1990s", "mid-1990s", "90s" */
static int decade_of(const uint8_t *k, size_t n)
{
    if (n > 4 && (memcmp(k, "mid-", 4) == 0))
        k += 4, n -= 4;
    else if (n > 6 && (memcmp(k, "early-", 6) == 0))
        k += 6, n -= 6;
    else if (n > 5 && (memcmp(k, "late-", 5) == 0))
        k += 5, n -= 5;
    long v;
    if (n == 5 && k[4] == 's' && k[3] == '0' && digits_val(k, 4, &v) && v >= 1000 && v < 2100)
        return (int)(v / 10);
    if (n == 3 && k[2] == 's' && k[1] == '0' && digits_val(k, 2, &v))
        return (int)(190 + v / 10);
    return 0;
}

static tx_word classify(const px_map *words, const px_token *t)
{
    tx_word w = {0, 0};
    long v;
    if (t->kind == PX_TOK_NUM) {
        if (digits_val(t->key, t->key_len, &v)) {
            w.cls = t->key_len == 4 && v >= 1000 && v <= 2100 ? TC_YEAR : TC_NUM;
            w.val = (uint16_t)(v < 65535 ? v : 65535);
        }
        return w;
    }
    if (t->kind != PX_TOK_WORD || t->key_len > 20)
        return w;
    size_t n = t->key_len;
    if (n > 3 && t->key[n - 1] == 's' && t->key[n - 2] == '\'') /* "Friday's" */
        n -= 2;
    w = px__timex_word(words, t->key, n);
    if (w.cls)
        return w;
    int dec = decade_of(t->key, t->key_len);
    if (dec) {
        w.cls = TC_DECADE;
        w.val = (uint16_t)dec;
        return w;
    }
    if (memchr(t->key, '-', t->key_len))
        return classify_hyphen(words, t->key, t->key_len);
    return w;
}

/* ---- values ---- */

static const char *const UNIT_CODE[] = {"",  "S", "M", "H", "D", "W", "WE",
                                        "M", "Q", "Y", "E", "C", "L"};
static const char *const SEASON_CODE[] = {"", "SP", "SU", "FA", "WI"};
static const char *const PART_CODE[] = {"", "MO", "AF", "EV", "NI", "DT"};

static void fmt_dur(tx_res *r, long n, int unit)
{
    int time = unit <= TU_HOUR;
    if (unit == TU_DECADE && n > 0) /* "two decades": P20Y */
        unit = TU_YEAR, n *= 10;
    if (unit == TU_CENTURY && n > 0)
        unit = TU_YEAR, n *= 100;
    if (unit == TU_WEEKEND)
        unit = TU_WEEK;
    if (n < 0)
        snprintf(r->val, sizeof r->val, "P%sX%s", time ? "T" : "", UNIT_CODE[unit]);
    else
        snprintf(r->val, sizeof r->val, "P%s%ld%s", time ? "T" : "", n, UNIT_CODE[unit]);
    r->type = PX_TIMEX_DURATION;
}

static void fmt_day(const tx_ctx *c, tx_res *r, int64_t days)
{
    int y, m, dd;
    if (!c->has_anchor) {
        snprintf(r->val, sizeof r->val, "XXXX-XX-XX");
        return;
    }
    px__civil_from_days(days, &y, &m, &dd);
    snprintf(r->val, sizeof r->val, "%04d-%02d-%02d", y, m, dd);
}

static int64_t anchor_days(const tx_ctx *c)
{
    return px__days_from_civil(c->ay, c->am, c->ad);
}

/* A date moved by n units from (y, m, d), written at the unit's granularity. */
static void fmt_shift(const tx_ctx *c, tx_res *r, int y, int m, int d, int unit, long n, int known)
{
    r->type = PX_TIMEX_DATE;
    if (!known) {
        static const char *const un[] = {"XXXX-XX-XX", "XXXX-XX-XX", "XXXX-XX-XX",  "XXXX-XX-XX",
                                         "XXXX-XX-XX", "XXXX-WXX",   "XXXX-WXX-WE", "XXXX-XX",
                                         "XXXX-QX",    "XXXX",       "XXX",         "XX",
                                         "X"};
        snprintf(r->val, sizeof r->val, "%s", un[unit]);
        return;
    }
    int64_t z = px__days_from_civil(y, m, d);
    int wy, wk, q;
    switch (unit) {
    case TU_SECOND:
    case TU_MINUTE:
    case TU_HOUR:
    case TU_DAY:
        fmt_day(c, r, unit == TU_DAY ? z + n : z);
        break;
    case TU_WEEK:
    case TU_WEEKEND:
        px__civil_from_days(z + 7 * n, &y, &m, &d);
        px__iso_week(y, m, d, &wy, &wk);
        snprintf(r->val, sizeof r->val, "%04d-W%02d%s", wy, wk, unit == TU_WEEKEND ? "-WE" : "");
        break;
    case TU_MONTH:
    case TU_QUARTER: {
        long mm = (long)y * 12 + (m - 1) + n * (unit == TU_QUARTER ? 3 : 1);
        y = (int)(mm / 12);
        m = (int)(mm % 12) + 1;
        if (unit == TU_MONTH)
            snprintf(r->val, sizeof r->val, "%04d-%02d", y, m);
        else
            q = (m - 1) / 3 + 1, snprintf(r->val, sizeof r->val, "%04d-Q%d", y, q);
        break;
    }
    case TU_YEAR:
        snprintf(r->val, sizeof r->val, "%04ld", y + n);
        break;
    case TU_DECADE:
        snprintf(r->val, sizeof r->val, "%03ld", (y + 10 * n) / 10);
        break;
    default:
        snprintf(r->val, sizeof r->val, "%02ld", (y + 100 * n) / 100);
        break;
    }
}

static void fmt_rel(const tx_ctx *c, tx_res *r, int unit, long n)
{
    fmt_shift(c, r, c->ay, c->am, c->ad, unit, n, c->has_anchor);
}

/* Whether a verb in the past tense comes shortly before the timex being
 * matched ("stepped down in March", "the year ended March 31"): "was",
 * "had", "said" or a word in -ed that is not a future cue. */
static int past_verb_before(const tx_ctx *c)
{
    static const char *const fut[] = {"scheduled", "expected", "planned", "slated", "proposed"};
    size_t i = c->at, a = i > 6 ? i - 6 : 0;
    for (size_t k = i; k-- > a;) {
        const px_token *t = &c->t[k];
        if (key_is(t, "was") || key_is(t, "were") || key_is(t, "had") || key_is(t, "did") ||
            key_is(t, "said"))
            return 1;
        if (key_is(t, "will") || key_is(t, "is") || key_is(t, "are"))
            return 0;
        if (t->kind == PX_TOK_WORD && t->key_len > 4 && t->key[t->key_len - 1] == 'd' &&
            t->key[t->key_len - 2] == 'e') {
            size_t f = 0;
            while (f < sizeof fut / sizeof *fut && !key_is(t, fut[f]))
                f++;
            return f == sizeof fut / sizeof *fut;
        }
    }
    return 0;
}

/* The year of a month (and day) named without one: the next such month when
 * it comes within four months or the sentence speaks of the future, else the
 * last one. */
static int year_for_month(const tx_ctx *c, int m)
{
    int ahead = (m - c->am + 12) % 12; /* months forward to the next such month */
    if (ahead == 0)
        return c->ay;
    if (c->future ||
        (ahead <= 4 && !c->past && (ahead < 3 || !past_verb_before(c)))) /* the coming one */
        return m < c->am ? c->ay + 1 : c->ay;
    return m > c->am ? c->ay - 1 : c->ay; /* the last one */
}

/* In a news article that looks back over other years, a day (or month) named
 * without a year in the weeks before the article's date ("On Jan. 3" in a text of
 * 2020-01-10) is that recent day, unless the sentence itself names another
 * year ("In 1998, on Jan. 3 ...") or the text is a history (more than a dozen
 * other years, none within a year of its date, or no weekday or
 * "yesterday"-like word). */
static int recent_day(const tx_ctx *c, int m, int d)
{
    if (!c->has_anchor || c->future || c->rsent == c->sent || c->far_years > 12 || !c->news_words ||
        !c->near_years)
        return 0; /* a history (many years, none near its date, no "Friday" or
                   * "yesterday") keeps its years */
    int y = year_for_month(c, m);
    if (d > px__days_in_month(y, m))
        return 0;
    /* a day within 45 days; a month begun within 75 ("in November" in January) */
    int64_t ago = anchor_days(c) - px__days_from_civil(y, m, d > 0 ? d : 1);
    return ago >= 0 && ago <= (d > 0 ? 45 : 75);
}

static void fmt_month_day(tx_ctx *c, tx_res *r, int y, int m, int d)
{
    r->type = PX_TIMEX_DATE;
    if (y <= 0 && c->rgran && c->narrative && !recent_day(c, m, d))
        y = c->ry; /* a narrative of another year: the year it last named */
    else if (y <= 0 && c->has_anchor)
        y = year_for_month(c, m);
    if (d > px__days_in_month(y > 0 ? y : 2000, m))
        d = 0;
    if (y > 0 && d)
        snprintf(r->val, sizeof r->val, "%04d-%02d-%02d", y, m, d);
    else if (y > 0)
        snprintf(r->val, sizeof r->val, "%04d-%02d", y, m);
    else if (d)
        snprintf(r->val, sizeof r->val, "XXXX-%02d-%02d", m, d);
    else
        snprintf(r->val, sizeof r->val, "XXXX-%02d", m);
}

/* Remember an explicit date (for "two days later"). */
static void note_ref(tx_ctx *c, const tx_res *r)
{
    int y, m = 1, d = 1, k;
    k = sscanf(r->val, "%4d-%2d-%2d", &y, &m, &d);
    if (k >= 1 && r->val[0] != 'X' && r->val[4] != 'W' && r->val[4] != 'Q' && r->val[4] != 'S' &&
        strlen(r->val) >= 4 && r->type != PX_TIMEX_DURATION && r->type != PX_TIMEX_SET) {
        c->ry = y, c->rm = m, c->rd = d, c->rgran = k, c->rsent = c->sent;
    }
}

static int parse_date(px_slice s, int *y, int *m, int *d)
{
    if (!s.ptr || s.len < 10)
        return 0;
    char b[11];
    memcpy(b, s.ptr, 10);
    b[10] = 0;
    if (sscanf(b, "%4d-%2d-%2d", y, m, d) != 3 || *m < 1 || *m > 12 || *d < 1 || *d > 31)
        return 0;
    return 1;
}

#include "annotate/timex_dates.inc"
#include "annotate/timex_rules.inc"

/* ---- driver ---- */

static px_status emit_span(tx_ctx *c, uint32_t start, uint32_t end, uint8_t type, const char *val)
{
    if (c->nout == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        px_timex *nw = PX_ARENA_NEW(c->d->arena, px_timex, cap);
        if (!nw)
            return PX_ENOMEM;
        if (c->nout)
            memcpy(nw, c->out, c->nout * sizeof *nw);
        c->out = nw;
        c->cap = cap;
    }
    px_slice v = px__arena_dup(c->d->arena, (px_slice){(const uint8_t *)val, strlen(val)});
    if (!v.ptr)
        return PX_ENOMEM;
    c->out[c->nout++] = (px_timex){{start, end}, type, v};
    return PX_OK;
}

/* "1956-1960", "1958-59", "499-493 BC": one token, two years. Returns the
 * tokens used when it emitted, else 0. */
static int year_range(tx_ctx *c, size_t i, px_status *st)
{
    const px_token *t = &c->t[i];
    const uint8_t *dash = t->kind == PX_TOK_NUM ? memchr(t->key, '-', t->key_len) : NULL;
    long a, b;
    if (!dash)
        return 0;
    size_t la = (size_t)(dash - t->key), lb = t->key_len - la - 1;
    if (!digits_val(t->key, la, &a) || !digits_val(dash + 1, lb, &b))
        return 0;
    int bc = tok_is(c, i + 1, "bc") || tok_is(c, i + 1, "b.c.");
    if (bc) { /* "499-493 BC" */
        if (b >= a || la > 4 || lb > 4)
            return 0;
    } else {
        if (la != 4 || (lb != 4 && lb != 2) || a < 1000 || a > 2100)
            return 0;
        if (lb == 2)
            b += a / 100 * 100;
        if (b <= a || b > 2100)
            return 0;
    }
    char v[12];
    snprintf(v, sizeof v, bc ? "BC%04ld" : "%04ld", a);
    *st = emit_span(c, t->start, t->start + (uint32_t)la, PX_TIMEX_DATE, v);
    snprintf(v, sizeof v, bc ? "BC%04ld" : "%04ld", b);
    if (!*st)
        *st = emit_span(c, t->start + (uint32_t)la + 1, bc ? c->t[i + 1].end : t->end,
                        PX_TIMEX_DATE, v);
    if (bc)
        return 2;
    if (!*st)
        c->ry = (int)b, c->rm = c->rd = 1, c->rgran = 1, c->rsent = c->sent;
    return 1;
}

static px_status emit(tx_ctx *c, size_t a, const tx_res *r)
{
    if (c->nout == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        px_timex *nw = PX_ARENA_NEW(c->d->arena, px_timex, cap);
        if (!nw)
            return PX_ENOMEM;
        if (c->nout)
            memcpy(nw, c->out, c->nout * sizeof *nw);
        c->out = nw;
        c->cap = cap;
    }
    px_slice v = px__arena_dup(c->d->arena, (px_slice){(const uint8_t *)r->val, strlen(r->val)});
    if (!v.ptr)
        return PX_ENOMEM;
    px_timex *t = &c->out[c->nout++];
    t->span.start = c->t[a].start;
    t->span.end = c->t[r->end - 1].end;
    /* a possessive stays out of the span ("Friday's") */
    const uint8_t *tx = c->d->text.ptr;
    if (t->span.end - t->span.start > 3 && tx[t->span.end - 1] == 's' &&
        tx[t->span.end - 2] == '\'')
        t->span.end -= 2;
    else if (t->span.end - t->span.start > 5 && tx[t->span.end - 1] == 's' &&
             !memcmp(tx + t->span.end - 4, "\xe2\x80\x99", 3))
        t->span.end -= 4;
    t->type = r->type;
    t->value = v;
    return PX_OK;
}

/* Whether the words just before token i speak of the past: "since January". */
static int past_near(const tx_ctx *c, size_t i)
{
    size_t a = i > 6 ? i - 6 : 0;
    for (size_t k = i; k-- > a;) {
        const px_token *t = &c->t[k];
        if (key_is(t, "since"))
            return 1;
        if (key_is(t, "will") || key_is(t, "until") || key_is(t, "next"))
            return 0;
    }
    return 0;
}

/* Whether the words around token i speak of the future: "will", "shall",
 * "planned", "set to", "as soon as" ... shortly before it, with no "said" in
 * between. */
static int future_near(const tx_ctx *c, size_t i)
{
    size_t a = i > 8 ? i - 8 : 0;
    for (size_t k = i; k-- > a;) {
        const px_token *t = &c->t[k];
        if (key_is(t, "said") || key_is(t, "was") || key_is(t, "were") || key_is(t, "had") ||
            key_is(t, "did") || key_is(t, "ago"))
            return 0;
        if (key_is(t, "will") || key_is(t, "'ll") || key_is(t, "shall") || key_is(t, "tomorrow") ||
            key_is(t, "upcoming") || key_is(t, "planning") || key_is(t, "plans") ||
            key_is(t, "soon") || (key_is(t, "until") && k > 0) ||
            (key_is(t, "early") && k > 0 && key_is(&c->t[k - 1], "as")))
            return 1;
        if (key_is(t, "to") && k > 0 && (key_is(&c->t[k - 1], "is") || key_is(&c->t[k - 1], "are")))
            return 1; /* "is to resume trading Tuesday" */
        /* "scheduled to", "is due", but not "had been due", "was set", "and set" */
        if (key_is(t, "scheduled") || key_is(t, "planned") || key_is(t, "set") ||
            key_is(t, "due") || key_is(t, "expected") || key_is(t, "likely")) {
            for (size_t b = k > 3 ? k - 3 : 0; b < k; b++)
                if (key_is(&c->t[b], "had") || key_is(&c->t[b], "was") ||
                    key_is(&c->t[b], "were") || key_is(&c->t[b], "been"))
                    return 0;
            return k == 0 || !key_is(&c->t[k - 1], "and");
        }
    }
    return 0;
}

/* Whether a timex may start at token i: a time word, a number, or an
 * approximator ("about two years"). */
static int may_start(const tx_ctx *c, size_t i)
{
    static const char *const approx[] = {"about", "around", "nearly",        "almost",
                                         "more",  "less",   "approximately", "roughly"};
    if (c->w[i].cls || c->t[i].kind == PX_TOK_NUM)
        return 1;
    if (c->t[i].kind != PX_TOK_WORD || c->t[i].key_len > 13)
        return 0;
    for (size_t k = 0; k < sizeof approx / sizeof *approx; k++)
        if (key_is(&c->t[i], approx[k]))
            return 1;
    return 0;
}

static px_status run_sentence(tx_ctx *c)
{
    for (size_t i = 0; i < c->n;) {
        if (!may_start(c, i)) {
            i++;
            continue;
        }
        tx_res r;
        memset(&r, 0, sizeof r);
        size_t start = i;
        int found = 0;
        px_status rs = PX_OK;
        int yr = year_range(c, i, &rs);
        if (yr) {
            if (rs)
                return rs;
            i += (size_t)yr;
            continue;
        }
        c->at = i;
        c->future = future_near(c, i);
        c->past = !c->future && past_near(c, i);
        found = match_at(c, &start, &r);
        if (!found || r.end <= start || r.end > c->n) {
            i++;
            continue;
        }
        px_status st = emit(c, start, &r);
        if (st)
            return st;
        note_ref(c, &r);
        i = r.end;
    }
    return PX_OK;
}

static px_status run_all(px_doc *d, const px_map *words, tx_word *w, px_slice anchor)
{
    tx_ctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.words = words;
    c.has_anchor = parse_date(anchor, &c.ay, &c.am, &c.ad);
    /* A narrative of other years (history, a long look back) names years far
     * from the article date more often than near ones; a results report speaks
     * of quarters. */
    size_t far = 0, near = 0;
    for (size_t i = 0; i < d->n_toks; i++) {
        if (w[i].cls == TC_WDAY || w[i].cls == TC_DEIXIS)
            c.news_words++;
        if (w[i].cls == TC_YEAR) {
            int y = w[i].val;
            if (y < c.ay - 1 || y > c.ay + 1)
                far++;
            else
                near++;
        } else if (w[i].cls == TC_XQUARTER || (w[i].cls == TC_UNIT && w[i].val == TU_QUARTER)) {
            c.doc_quarterly = 1;
        }
        if (!c.doc_q && w[i].cls == TC_XQUARTER)
            c.doc_q = w[i].val & 0xff;
        else if (!c.doc_q && w[i].cls == TC_ORD && (w[i].val & 0xff) <= 4 && i + 1 < d->n_toks &&
                 w[i + 1].cls == TC_UNIT && w[i + 1].val == TU_QUARTER)
            c.doc_q = w[i].val & 0xff;
    }
    c.narrative = !c.has_anchor || (far >= 3 && far > 3 * near);
    c.far_years = far;
    c.near_years = near;
    size_t ti = 0;
    for (size_t s = 0; s < d->n_sents; s++) {
        while (ti < d->n_toks && d->toks[ti].start < d->sents[s].start)
            ti++;
        size_t te = ti;
        while (te < d->n_toks && d->toks[te].start < d->sents[s].end)
            te++;
        c.t = d->toks + ti;
        c.n = te - ti;
        c.w = w + ti;
        c.sent = s;
        px_status st = run_sentence(&c);
        if (st)
            return st;
        ti = te;
    }
    d->timexes = c.out;
    d->n_timexes = c.nout;
    return PX_OK;
}

static px_status timex_init(px_engine *e, void **res, char *errmsg)
{
    (void)e;
    px_map *m = px__timex_words_new();
    if (!m)
        return px__fail(errmsg, PX_ENOMEM, "timex: out of memory");
    *res = m;
    return PX_OK;
}

static void timex_fini(void *res)
{
    px__map_free(res);
}

static px_status timex_run(px_doc *d, const void *res)
{
    const px_map *words = res;
    d->timexes = NULL;
    d->n_timexes = 0;
    if (!d->n_toks)
        return PX_OK;
    /* per-token scratch: on the heap, freed at the end (#20 item 7) */
    tx_word *w = px__malloc(d->n_toks * sizeof *w);
    if (!w)
        return PX_ENOMEM;
    for (size_t i = 0; i < d->n_toks; i++)
        w[i] = classify(words, &d->toks[i]);
    px_status st = run_all(d, words, w, d->date);
    if (!st) {
        infer_date(d);
        /* With no article date, a date the text states for itself anchors the
         * relative expressions instead. */
        if (!d->date.ptr && d->date_inferred.ptr)
            st = run_all(d, words, w, d->date_inferred);
    }
    px__free(w);
    return st;
}

const px_annotator px__ann_timex = {"timex", timex_init, timex_fini, timex_run};
