/* Compare: aligned counts (by count type and object head, with ranges and
 * approximators: agree, contradict or single, and the silent outlets) and the
 * entities each outlet names. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/compare_impl.h"

#define ABOUT 0.2 /* "about N" reads as N ± 20 % */

#define MAX_PLACES 8 /* places of a report's sentence kept */
#define MARGIN     3 /* days around the story's dates still its own */

typedef struct report {
    const char *type;
    char head[48]; /* folded, singular head word of the object ("" when none) */
    uint32_t art;  /* article index (time order) */
    const px_quantity *q;
    double lo, hi;        /* the interval the statement allows */
    const px_timex *when; /* the dated timex of the report's sentence, or NULL */
    long ss, se;          /* its sentence */
    /* NULL: the story's own happening; else why the count is about another:
     * "date", "place", "comparison", "hypothetical". */
    const char *background;
    uint64_t place[MAX_PLACES]; /* places named in the sentence (key hashes) */
    uint32_t n_place;
    uint8_t several; /* its article gives other figures for the same fact */
} report;

/* What the story is about: its dates and the places several articles name. */
typedef struct scope {
    int32_t first, last; /* days of the originals, PX_NODAY when none is dated */
    uint64_t *place;     /* key hashes of the story's places, sorted */
    size_t n_place;
} scope;
/* Words that name the same counted group: a report of "3 police" and one of
 * "three officers" count the same people. Kept short and literal: which words
 * an outlet chooses for a group ("rioters", "marchers") is itself a finding,
 * and these still show in each report's span. */
static const char *const SAME[][2] = {
    {"police", "police officer"},
    {"policeman", "police officer"},
    {"policemen", "police officer"},
    {"officer", "police officer"},
    {"cop", "police officer"},
    {"demonstrator", "protester"},
    {"protestor", "protester"},
    {"marcher", "protester"},
    {"rioter", "protester"},
    {"activist", "protester"},
    {"person", "people"},
    {"civilian", "people"},
    {"soldier", "troops"},
    {"troop", "troops"},
};

/* The head of a counted object: its last word, lower-cased and singular. */
static void head_of(px_slice obj, char *out, size_t cap)
{
    out[0] = 0;
    if (!obj.ptr)
        return;
    const char *s = (const char *)obj.ptr, *w = s;
    for (const char *p = s; *p; p++)
        if (*p == ' ' && p[1])
            w = p + 1;
    size_t n = 0;
    for (; w[n] && n + 1 < cap; n++)
        out[n] = (char)(w[n] >= 'A' && w[n] <= 'Z' ? w[n] + 32 : w[n]);
    out[n] = 0;
    if (n > 4 && !strcmp(out + n - 3, "ies"))
        strcpy(out + n - 3, "y");
    else if (n > 3 && out[n - 1] == 's' && out[n - 2] != 's')
        out[n - 1] = 0;
    for (size_t i = 0; i < sizeof SAME / sizeof *SAME; i++)
        if (!strcmp(out, SAME[i][0])) {
            snprintf(out, cap, "%s", SAME[i][1]);
            break;
        }
}

/* The interval of values a statement allows: "over 50" is (50, inf). */
static void interval(const px_quantity *q, double *lo, double *hi)
{
    double x = q->value, y = q->high == q->high ? q->high : x;
    const char *a = q->approx ? q->approx : "exact";
    *lo = x;
    *hi = y;
    if (!strcmp(a, "over"))
        *lo = nextafter(x, INFINITY), *hi = INFINITY;
    else if (!strcmp(a, "at least"))
        *hi = INFINITY;
    else if (!strcmp(a, "under"))
        *lo = 0, *hi = nextafter(y, 0);
    else if (!strcmp(a, "at most"))
        *lo = 0;
    else if (!strcmp(a, "nearly"))
        *lo = x * (1 - ABOUT), *hi = y;
    else if (!strcmp(a, "about"))
        *lo = x * (1 - ABOUT), *hi = y * (1 + ABOUT);
}

/* The start of a span, or -1. */
static long span_start(px_span s)
{
    return s.start == UINT32_MAX ? -1 : (long)s.start;
}

int px__cmp_calendar(const char *v)
{
    if (!v)
        return 0;
    for (int i = 0; i < 4; i++)
        if (v[i] < '0' || v[i] > '9')
            return 0;
    return v[4] == '-' && v[5] >= '0' && v[5] <= '9';
}

/* The days [*d0, *d1] a TIMEX3 value names (a day, a month or a year); 0 when
 * it names none of them. */
static int days_of(const char *v, int32_t *d0, int32_t *d1)
{
    for (int i = 0; i < 4; i++)
        if (v[i] < '0' || v[i] > '9')
            return 0;
    char buf[40];
    if (v[4] == 0) { /* a year */
        snprintf(buf, sizeof buf, "%.4s-01-01", v);
        *d0 = px__parse_day(px_slice_cstr(buf));
        snprintf(buf, sizeof buf, "%.4s-12-31", v);
        *d1 = px__parse_day(px_slice_cstr(buf));
    } else if (px__cmp_calendar(v) && (v[7] == 0 || v[7] == 'T' || v[8] < '0' || v[8] > '9')) {
        snprintf(buf, sizeof buf, "%.7s-01", v); /* a month: to the first of the next */
        *d0 = px__parse_day(px_slice_cstr(buf));
        int y = atoi(v) % 10000, mo = atoi(v + 5) % 100 + 1;
        snprintf(buf, sizeof buf, "%04d-%02d-01", mo > 12 ? y + 1 : y, mo > 12 ? 1 : mo);
        *d1 = px__parse_day(px_slice_cstr(buf)) - 1;
    } else if (px__cmp_calendar(v)) {
        *d0 = *d1 = px__parse_day(px_slice_cstr(v));
    } else {
        return 0;
    }
    return *d0 != PX_NODAY && *d1 != PX_NODAY;
}

/* The timex in [s, e) of a's text nearest byte at whose value satisfies ok. */
static const px_timex *
timex_near(const px__cart *a, long at, long s, long e, int (*ok)(const char *))
{
    const px_timex *best = NULL;
    long best_d = -1;
    for (size_t i = 0; i < a->rec.n_timexes; i++) {
        const px_timex *t = &a->rec.timexes[i];
        long ts = span_start(t->span), d = ts > at ? ts - at : at - ts;
        if (ts >= s && ts < e && t->value.ptr && ok((const char *)t->value.ptr) &&
            (best_d < 0 || d < best_d)) {
            best = t;
            best_d = d;
        }
    }
    return best;
}

static int year_or_calendar(const char *v)
{
    int32_t d0, d1;
    return days_of(v, &d0, &d1);
}

/* Words that put a count in another happening than the story's: comparisons
 * with earlier events, and hypotheses or projections. Matched as whole
 * lower-case words (or word pairs) in the count's sentence. */
static const char *const COMPARISON[] = {"since",       "compared",     "comparison", "previous",
                                         "previously",  "deadliest",    "worst",      "last year",
                                         "years ago",   "a year ago",   "last month", "in history",
                                         "anniversary", "the last time"};
static const char *const HYPOTHESIS[] = {"would",     "could",    "might",    "if",
                                         "projected", "forecast", "expect",   "expects",
                                         "expected",  "models",   "scenario", "worst-case"};

/* 1 when the sentence t holds one of the words (whole words, ASCII case
 * folded). */
static int has_word(px_slice t, const char *const *words, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        size_t wl = strlen(words[k]);
        for (size_t i = 0; i + wl <= t.len; i++) {
            if ((i > 0 && ((t.ptr[i - 1] | 32) >= 'a' && (t.ptr[i - 1] | 32) <= 'z')) ||
                (i + wl < t.len && ((t.ptr[i + wl] | 32) >= 'a' && (t.ptr[i + wl] | 32) <= 'z')))
                continue;
            size_t j = 0;
            while (j < wl &&
                   (char)(t.ptr[i + j] >= 'A' && t.ptr[i + j] <= 'Z' ? t.ptr[i + j] | 32
                                                                     : t.ptr[i + j]) == words[k][j])
                j++;
            if (j == wl)
                return 1;
        }
    }
    return 0;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static uint64_t key_hash(const px_entity *e)
{
    return e->key.ptr && e->key.len ? px__hash64(e->key.ptr, e->key.len, 0) : 0;
}

static int is_place(const px_entity *e)
{
    return e->type == PX_ENT_LOC && key_hash(e);
}

/* The story's dates and places: a place is the story's when two of its
 * articles name it (or its only article does). */
static px_status scope_of(const px__cmp *m, scope *sc)
{
    sc->first = sc->last = PX_NODAY;
    size_t cap = 64, n = 0, originals = 0;
    uint64_t *all = px__malloc(cap * sizeof *all);
    if (!all)
        return PX_ENOMEM;
    for (size_t i = 0; i < m->n; i++) {
        const px__cart *a = &m->a[i];
        if (a->copy)
            continue;
        originals++;
        if (a->day != PX_NODAY) {
            if (sc->first == PX_NODAY || a->day < sc->first)
                sc->first = a->day;
            if (sc->last == PX_NODAY || a->day > sc->last)
                sc->last = a->day;
        }
        size_t at = n;
        for (size_t x = 0; x < a->rec.n_entities; x++) {
            const px_entity *e = &a->rec.entities[x];
            if (!is_place(e))
                continue;
            if (n == cap) {
                uint64_t *na = px__realloc(all, (cap *= 2) * sizeof *all);
                if (!na) {
                    px__free(all);
                    return PX_ENOMEM;
                }
                all = na;
            }
            uint64_t h = key_hash(e);
            size_t k = at;
            while (k < n && all[k] != h)
                k++;
            if (k == n)
                all[n++] = h; /* once per article */
        }
    }
    qsort(all, n, sizeof *all, by_u64);
    sc->place = all;
    sc->n_place = 0;
    size_t need = originals > 1 ? 2 : 1;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && all[j] == all[i])
            j++;
        if (j - i >= need)
            all[sc->n_place++] = all[i];
        i = j;
    }
    return PX_OK;
}

static int story_place(const scope *sc, uint64_t h)
{
    return bsearch(&h, sc->place, sc->n_place, sizeof h, by_u64) != NULL;
}

/* The places named in [s, e) of article a. */
static void places_in(const px__cart *a, long s, long e, report *r)
{
    r->n_place = 0;
    for (size_t i = 0; i < a->rec.n_entities; i++) {
        const px_entity *x = &a->rec.entities[i];
        if (!is_place(x) || r->n_place == MAX_PLACES)
            continue;
        for (uint32_t k = 0; k < x->n_mentions; k++) {
            long ms = span_start(x->mentions[k]);
            if (ms >= s && ms < e) {
                r->place[r->n_place++] = key_hash(x);
                break;
            }
        }
    }
}

/* Whether report r (its sentence read) is about the story's own happening:
 * sets r->background to the reason when it is not. */
static void place_report(const px__cmp *m, const scope *sc, report *r)
{
    const px__cart *a = &m->a[r->art];
    long at = span_start(r->q->span);
    r->background = NULL;
    r->when = NULL;
    r->ss = r->se = at;
    r->n_place = 0;
    if (at < 0 || (size_t)at >= a->text.len)
        return;
    px__cmp_sentence(a, at, &r->ss, &r->se);
    r->when = timex_near(a, at, r->ss, r->se, px__cmp_calendar);
    places_in(a, r->ss, r->se, r);
    px_slice t = {a->text.ptr + r->ss, (size_t)(r->se - r->ss)};
    const px_timex *tx = timex_near(a, at, r->ss, r->se, year_or_calendar);
    int32_t d0, d1;
    if (tx && sc->first != PX_NODAY && days_of((const char *)tx->value.ptr, &d0, &d1) &&
        (d1 < sc->first - MARGIN || d0 > sc->last + MARGIN)) {
        r->background = "date";
        return;
    }
    int ours = r->n_place == 0;
    for (uint32_t k = 0; k < r->n_place && !ours; k++)
        ours = story_place(sc, r->place[k]);
    if (!ours) {
        r->background = "place";
        return;
    }
    if (has_word(t, COMPARISON, sizeof COMPARISON / sizeof *COMPARISON))
        r->background = "comparison";
    else if (has_word(t, HYPOTHESIS, sizeof HYPOTHESIS / sizeof *HYPOTHESIS))
        r->background = "hypothetical";
}

static int by_fact(const void *a, const void *b)
{
    const report *x = a, *y = b;
    int c = (x->background != NULL) - (y->background != NULL);
    if (!c)
        c = strcmp(x->type, y->type);
    if (!c)
        c = strcmp(x->head, y->head);
    if (!c)
        c = (x->art > y->art) - (x->art < y->art);
    return c;
}

/* Marks the reports of an article that gives several figures for one fact
 * that cannot all be true (the article itself tells different happenings,
 * times or sources apart): those are not set against other outlets. */
static void mark_several(report *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && r[j].art == r[i].art; j++)
            if (r[i].hi < r[j].lo || r[j].hi < r[i].lo)
                r[i].several = r[j].several = 1;
}

/* Collects the counts of the compared originals. */
static report *collect(const px__cmp *m, const scope *sc, size_t *n)
{
    size_t cap = 16;
    report *r = px__malloc(cap * sizeof *r);
    *n = 0;
    for (size_t i = 0; r && i < m->n; i++) {
        if (m->a[i].copy)
            continue;
        const px_rec *rec = &m->a[i].rec;
        for (size_t k = 0; k < rec->n_quantities; k++) {
            const px_quantity *q = &rec->quantities[k];
            if (!q->count || q->value != q->value)
                continue;
            if (*n == cap) {
                report *nr = px__realloc(r, (cap *= 2) * sizeof *r);
                if (!nr) {
                    px__free(r);
                    return NULL;
                }
                r = nr;
            }
            report *x = &r[(*n)++];
            memset(x, 0, sizeof *x);
            x->type = q->count;
            x->art = (uint32_t)i;
            x->q = q;
            head_of(q->object, x->head, sizeof x->head);
            interval(q, &x->lo, &x->hi);
            place_report(m, sc, x);
        }
    }
    if (!r)
        return NULL;
    qsort(r, *n, sizeof *r, by_fact);
    for (size_t i = 0; i < *n;) {
        size_t j = i + 1;
        while (j < *n && !strcmp(r[j].type, r[i].type) && !strcmp(r[j].head, r[i].head) &&
               !r[j].background == !r[i].background)
            j++;
        if (!r[i].background)
            mark_several(r + i, j - i);
        i = j;
    }
    return r;
}

static px_status put_num(px_buf *out, double v)
{
    if (v != v)
        return px_buf_append_str(out, "null");
    return px_buf_appendf(out, "%.15g", v);
}

static px_status write_report(const px__cmp *m, const report *r, px_buf *out, int comma)
{
    const px__cart *a = &m->a[r->art];
    px_status e = px_buf_append_str(out, comma ? ",{\"article\":" : "{\"article\":");
    if (!e && !(e = px__json_str(out, a->id)) && !(e = px_buf_append_str(out, ",\"outlet\":")))
        e = px__json_str(out, a->outlet);
    if (!e && !(e = px_buf_append_str(out, ",\"date\":")))
        e = px__json_str(out, a->date);
    if (!e && !(e = px_buf_append_str(out, ",\"value\":")))
        e = put_num(out, r->q->value);
    if (!e && !(e = px_buf_append_str(out, ",\"high\":")))
        e = put_num(out, r->q->high);
    if (!e && !(e = px_buf_append_str(out, ",\"approx\":")))
        e = px__json_str(out, px_slice_cstr(r->q->approx ? r->q->approx : "exact"));
    long s0 = -1, s1 = -1;
    if (r->q->span.start != UINT32_MAX) {
        s0 = r->q->span.start;
        s1 = r->q->span.end;
    }
    if (!e && s0 >= 0 && s1 >= s0)
        e = px_buf_appendf(out, ",\"span\":[%ld,%ld]", s0, s1);
    else if (!e)
        e = px_buf_append_str(out, ",\"span\":null");
    if (!e && !(e = px_buf_append_str(out, ",\"background\":")))
        e = px__json_str(out, r->background ? px_slice_cstr(r->background) : PX_SLICE_NULL);
    if (!e)
        e = px__cmp_evidence(a, s0, s1, out);
    return e ? e : px_buf_append_byte(out, '}');
}

/* 1 when two reports may tell the same happening: the places their sentences
 * name meet (or either names none), and the days their timexes name are at
 * most a day apart (a night's events are dated either way). */
static int same_happening(const report *x, const report *y)
{
    if (x->n_place && y->n_place) {
        int meet = 0;
        for (uint32_t i = 0; i < x->n_place && !meet; i++)
            for (uint32_t j = 0; j < y->n_place && !meet; j++)
                meet = x->place[i] == y->place[j];
        if (!meet)
            return 0;
    }
    if (x->when && y->when) {
        int32_t a0, a1, b0, b1;
        if (days_of((const char *)x->when->value.ptr, &a0, &a1) &&
            days_of((const char *)y->when->value.ptr, &b0, &b1) && (a1 + 1 < b0 || b1 + 1 < a0))
            return 0;
    }
    return 1;
}

/* agree, updated, contradict or single for the reports r[0..n) of one fact of
 * the story's own happening; background for the others. Two outlets
 * contradict when their figures cannot both be true of the same happening on
 * the same day; a higher figure in a later article is an update (a rising
 * toll), a lower one a contradiction. */
static const char *
status_of(const px__cmp *m, const report *r, size_t n, uint8_t *has, size_t *outlets)
{
    *outlets = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t k = m->a[r[i].art].outlet_ix;
        *outlets += !has[k];
        has[k] = 1;
    }
    if (r[0].background)
        return "background";
    int updated = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const report *x = &r[i], *y = &r[j];
            if (m->a[x->art].outlet_ix == m->a[y->art].outlet_ix || x->several || y->several ||
                !(x->hi < y->lo || y->hi < x->lo) || !same_happening(x, y))
                continue;
            int32_t dx = m->a[x->art].day, dy = m->a[y->art].day;
            if (dx != PX_NODAY && dy != PX_NODAY && dx != dy) {
                const report *early = dx < dy ? x : y, *late = dx < dy ? y : x;
                if (late->lo > early->hi) {
                    updated = 1;
                    continue;
                }
            }
            return "contradict";
        }
    return updated ? "updated" : *outlets > 1 ? "agree" : "single";
}

/* One fact, rendered for ranking: its JSON body (after the opening brace). */
typedef struct fact {
    px_buf body;
    int order;      /* status order: contradict, updated, agree, single, background */
    size_t outlets; /* outlets reporting it */
    size_t seq;     /* collection order, for ties */
} fact;

static int status_order(const char *s)
{
    static const char *const ORDER[] = {"contradict", "updated", "agree", "single", "background"};
    for (int k = 0; k < 5; k++)
        if (!strcmp(s, ORDER[k]))
            return k;
    return 5;
}

static px_status write_fact(const px__cmp *m, const report *r, size_t n, fact *f)
{
    uint8_t *has = px__calloc(m->n_outlets + 1, 1);
    if (!has)
        return PX_ENOMEM;
    px_buf *out = &f->body;
    const char *status = status_of(m, r, n, has, &f->outlets);
    f->order = status_order(status);
    px_status e = px_buf_append_str(out, "\"kind\":\"count\",\"type\":");
    if (!e && !(e = px__json_str(out, px_slice_cstr(r[0].type))))
        e = px_buf_append_str(out, ",\"object\":");
    if (!e)
        e = px__json_str(out, r[0].q->object);
    if (!e)
        e = px_buf_appendf(out, ",\"status\":\"%s\",\"outlets\":%zu,\"reports\":[", status,
                           f->outlets);
    for (size_t i = 0; i < n && !e; i++)
        e = write_report(m, &r[i], out, i > 0);
    if (!e)
        e = px_buf_append_str(out, "],\"silent\":");
    if (!e)
        e = px__cmp_silent(m, has, out);
    if (!e)
        e = px_buf_append_byte(out, '}');
    px__free(has);
    return e;
}

static size_t dated_reports(const report *r, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += r[i].when != NULL;
    return k;
}

/* Two dates of a counted happening disagree when both name days at least two
 * days apart, or when neither is a prefix of the other at a coarser grain
 * ("2024-03" and "2024-03-24" agree; so do Sunday and Monday, as a report of
 * a night's events may date them either way). */
static int same_date(const char *a, const char *b)
{
    int32_t a0, a1, b0, b1;
    if (days_of(a, &a0, &a1) && days_of(b, &b0, &b1))
        return !(a1 + 1 < b0 || b1 + 1 < a0);
    size_t la = strcspn(a, "T"), lb = strcspn(b, "T");
    size_t n = la < lb ? la : lb;
    return !strncmp(a, b, n);
}

/* The date fact of one count fact: when each outlet says it happened. */
static px_status write_date_fact(const px__cmp *m, const report *r, size_t n, fact *f)
{
    uint8_t *has = px__calloc(m->n_outlets + 1, 1);
    if (!has)
        return PX_ENOMEM;
    px_buf *out = &f->body;
    size_t outlets = 0;
    const char *status = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!r[i].when)
            continue;
        outlets += !has[m->a[r[i].art].outlet_ix];
        has[m->a[r[i].art].outlet_ix] = 1;
        for (size_t j = 0; j < i && !status && !r[0].background; j++)
            if (r[j].when && m->a[r[j].art].outlet_ix != m->a[r[i].art].outlet_ix &&
                !r[i].several && !r[j].several &&
                !same_date((const char *)r[i].when->value.ptr, (const char *)r[j].when->value.ptr))
                status = "contradict";
    }
    status = status ? status : r[0].background ? "background" : outlets > 1 ? "agree" : "single";
    f->order = status_order(status);
    f->outlets = outlets;
    px_status e = px_buf_append_str(out, "\"kind\":\"date\",\"type\":");
    if (!e && !(e = px__json_str(out, px_slice_cstr(r[0].type))))
        e = px_buf_append_str(out, ",\"object\":");
    if (!e)
        e = px__json_str(out, r[0].q->object);
    if (!e)
        e = px_buf_appendf(out, ",\"status\":\"%s\",\"outlets\":%zu,\"reports\":[", status,
                           outlets);
    int comma = 0;
    for (size_t i = 0; i < n && !e; i++) {
        if (!r[i].when)
            continue;
        const px__cart *a = &m->a[r[i].art];
        long s0 = r[i].when->span.start, s1 = r[i].when->span.end;
        e = px_buf_append_str(out, comma ? ",{\"article\":" : "{\"article\":");
        comma = 1;
        if (!e && !(e = px__json_str(out, a->id)) && !(e = px_buf_append_str(out, ",\"outlet\":")))
            e = px__json_str(out, a->outlet);
        if (!e && !(e = px_buf_append_str(out, ",\"date\":")))
            e = px__json_str(out, a->date);
        if (!e && !(e = px_buf_append_str(out, ",\"value\":")))
            e = px__json_str(out, r[i].when->value);
        if (!e)
            e = px_buf_appendf(out, ",\"span\":[%ld,%ld],\"background\":", s0, s1);
        if (!e)
            e = px__json_str(out, r[i].background ? px_slice_cstr(r[i].background) : PX_SLICE_NULL);
        if (!e)
            e = px__cmp_evidence(a, s0, s1, out);
        if (!e)
            e = px_buf_append_byte(out, '}');
    }
    if (!e && !(e = px_buf_append_str(out, "],\"silent\":")))
        e = px__cmp_silent(m, has, out);
    if (!e)
        e = px_buf_append_byte(out, '}');
    px__free(has);
    return e;
}

/* Findings first: contradictions, updates, facts most outlets share, then
 * single-outlet facts, then counts of other happenings. */
static int by_rank(const void *a, const void *b)
{
    const fact *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    if (x->outlets != y->outlets)
        return x->outlets > y->outlets ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static fact *new_fact(fact **v, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        fact *nv = px__realloc(*v, nc * sizeof *nv);
        if (!nv)
            return NULL;
        *v = nv;
        *cap = nc;
    }
    fact *f = &(*v)[*n];
    memset(f, 0, sizeof *f);
    px_buf_init(&f->body, 0);
    f->seq = (*n)++;
    return f;
}

px_status px__cmp_facts(px__cmp *m, px_buf *out)
{
    scope sc = {0};
    if (scope_of(m, &sc))
        return PX_ENOMEM;
    size_t n;
    report *r = collect(m, &sc, &n);
    px__free(sc.place);
    if (!r)
        return PX_ENOMEM;
    fact *v = NULL;
    size_t nf = 0, cap = 0;
    px_status e = PX_OK;
    for (size_t i = 0; i < n && !e;) {
        size_t j = i + 1;
        while (j < n && !strcmp(r[j].type, r[i].type) && !strcmp(r[j].head, r[i].head) &&
               !r[j].background == !r[i].background)
            j++;
        fact *f = new_fact(&v, &nf, &cap);
        e = f ? write_fact(m, r + i, j - i, f) : PX_ENOMEM;
        if (!e && dated_reports(r + i, j - i)) {
            f = new_fact(&v, &nf, &cap);
            e = f ? write_date_fact(m, r + i, j - i, f) : PX_ENOMEM;
        }
        i = j;
    }
    if (!e && nf)
        qsort(v, nf, sizeof *v, by_rank);
    if (!e)
        e = px_buf_append_str(out, ",\"facts\":[");
    for (size_t k = 0; k < nf && !e; k++) {
        e = px_buf_appendf(out, "%s{\"rank\":%zu,", k ? "," : "", k + 1);
        if (!e)
            e = px_buf_append(out, v[k].body.ptr, v[k].body.len);
    }
    if (!e)
        e = px_buf_append_byte(out, ']');
    for (size_t k = 0; k < nf; k++)
        px_buf_free(&v[k].body);
    px__free(v);
    px__free(r);
    return e;
}
