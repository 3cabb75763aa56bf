/* Compare: aligned counts (by count type and object head, with ranges and
 * approximators: agree, contradict or single, and the silent outlets) and the
 * entities each outlet names. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/compare_impl.h"

#define MAX_ENTITIES 60  /* entities listed per story */
#define ABOUT        0.2 /* "about N" reads as N ± 20 % */

typedef struct report {
    const char *type;
    char head[48]; /* folded, singular head word of the object ("" when none) */
    uint32_t art;  /* article index (time order) */
    const px_quantity *q;
    double lo, hi;        /* the interval the statement allows */
    const px_timex *when; /* the dated timex of the report's sentence, or NULL */
} report;

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

/* A TIMEX3 value naming a calendar month or day (YYYY-MM...). */
static int calendar(const char *v)
{
    if (!v)
        return 0;
    for (int i = 0; i < 4; i++)
        if (v[i] < '0' || v[i] > '9')
            return 0;
    return v[4] == '-' && v[5] >= '0' && v[5] <= '9';
}

/* The dated timex in the sentence of count q nearest to it: when the counted
 * thing happened, as far as the sentence says ("on Tuesday joined calls for an
 * inquiry into Sunday's crackdown, in which 40 were hurt": Sunday). */
static const px_timex *date_of(const px__cart *a, const px_quantity *q)
{
    long at = span_start(q->span), s, e, best_d = -1;
    if (at < 0 || (size_t)at >= a->text.len)
        return NULL;
    px__cmp_sentence(a, at, &s, &e);
    const px_timex *best = NULL;
    for (size_t i = 0; i < a->rec.n_timexes; i++) {
        const px_timex *t = &a->rec.timexes[i];
        long ts = span_start(t->span), d = ts > at ? ts - at : at - ts;
        if (ts >= s && ts < e && calendar((const char *)t->value.ptr) &&
            (best_d < 0 || d < best_d)) {
            best = t;
            best_d = d;
        }
    }
    return best;
}

static int by_fact(const void *a, const void *b)
{
    const report *x = a, *y = b;
    int c = strcmp(x->type, y->type);
    if (!c)
        c = strcmp(x->head, y->head);
    if (!c)
        c = (x->art > y->art) - (x->art < y->art);
    return c;
}

/* Collects the counts of the compared originals. */
static report *collect(const px__cmp *m, size_t *n)
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
            x->type = q->count;
            x->art = (uint32_t)i;
            x->q = q;
            head_of(q->object, x->head, sizeof x->head);
            interval(q, &x->lo, &x->hi);
            x->when = date_of(&m->a[i], q);
        }
    }
    if (r)
        qsort(r, *n, sizeof *r, by_fact);
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
    if (!e && !(e = px_buf_append_str(out, ",\"value\":")))
        e = put_num(out, r->q->value);
    if (!e && !(e = px_buf_append_str(out, ",\"high\":")))
        e = put_num(out, r->q->high);
    if (!e && !(e = px_buf_append_str(out, ",\"approx\":")))
        e = px__json_str(out, px_slice_cstr(r->q->approx ? r->q->approx : "exact"));
    if (!e && r->q->span.start != UINT32_MAX)
        e = px_buf_appendf(out, ",\"span\":[%lu,%lu]}", (unsigned long)r->q->span.start,
                           (unsigned long)r->q->span.end);
    else if (!e)
        e = px_buf_append_str(out, ",\"span\":null}");
    return e;
}

/* agree, contradict or single for the reports r[0..n) of one fact. */
static const char *status_of(const px__cmp *m, const report *r, size_t n, uint8_t *has)
{
    size_t outlets = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t k = m->a[r[i].art].outlet_ix;
        outlets += !has[k];
        has[k] = 1;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (m->a[r[i].art].outlet_ix != m->a[r[j].art].outlet_ix &&
                (r[i].hi < r[j].lo || r[j].hi < r[i].lo))
                return "contradict";
    return outlets > 1 ? "agree" : "single";
}

static px_status write_fact(const px__cmp *m, const report *r, size_t n, px_buf *out, int comma)
{
    uint8_t *has = px__calloc(m->n_outlets + 1, 1);
    if (!has)
        return PX_ENOMEM;
    const char *status = status_of(m, r, n, has);
    px_status e = px_buf_append_str(out, comma ? ",{\"kind\":\"count\",\"type\":"
                                               : "{\"kind\":\"count\",\"type\":");
    if (!e && !(e = px__json_str(out, px_slice_cstr(r[0].type))))
        e = px_buf_append_str(out, ",\"object\":");
    if (!e)
        e = px__json_str(out, r[0].q->object);
    if (!e)
        e = px_buf_appendf(out, ",\"status\":\"%s\",\"reports\":[", status);
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

/* Two dates agree when one is a prefix of the other at date granularity
 * ("2024-03" and "2024-03-24"; "2024-03-24T18:00" and "2024-03-24"). */
static int same_date(const char *a, const char *b)
{
    size_t la = strcspn(a, "T"), lb = strcspn(b, "T");
    size_t n = la < lb ? la : lb;
    return !strncmp(a, b, n);
}

/* The date fact of one count fact: when each outlet says it happened. */
static px_status write_date_fact(const px__cmp *m, const report *r, size_t n, px_buf *out)
{
    uint8_t *has = px__calloc(m->n_outlets + 1, 1);
    if (!has)
        return PX_ENOMEM;
    size_t outlets = 0;
    const char *status = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!r[i].when)
            continue;
        outlets += !has[m->a[r[i].art].outlet_ix];
        has[m->a[r[i].art].outlet_ix] = 1;
        for (size_t j = 0; j < i && !status; j++)
            if (r[j].when && m->a[r[j].art].outlet_ix != m->a[r[i].art].outlet_ix &&
                !same_date((const char *)r[i].when->value.ptr, (const char *)r[j].when->value.ptr))
                status = "contradict";
    }
    status = status ? status : outlets > 1 ? "agree" : "single";
    px_status e = px_buf_append_str(out, ",{\"kind\":\"date\",\"type\":");
    if (!e && !(e = px__json_str(out, px_slice_cstr(r[0].type))))
        e = px_buf_append_str(out, ",\"object\":");
    if (!e)
        e = px__json_str(out, r[0].q->object);
    if (!e)
        e = px_buf_appendf(out, ",\"status\":\"%s\",\"reports\":[", status);
    int comma = 0;
    for (size_t i = 0; i < n && !e; i++) {
        if (!r[i].when)
            continue;
        const px__cart *a = &m->a[r[i].art];
        px_span sp = r[i].when->span;
        e = px_buf_append_str(out, comma ? ",{\"article\":" : "{\"article\":");
        comma = 1;
        if (!e && !(e = px__json_str(out, a->id)) && !(e = px_buf_append_str(out, ",\"outlet\":")))
            e = px__json_str(out, a->outlet);
        if (!e && !(e = px_buf_append_str(out, ",\"value\":")))
            e = px__json_str(out, r[i].when->value);
        if (!e)
            e = px_buf_appendf(out, ",\"span\":[%lu,%lu]}", (unsigned long)sp.start,
                               (unsigned long)sp.end);
    }
    if (!e && !(e = px_buf_append_str(out, "],\"silent\":")))
        e = px__cmp_silent(m, has, out);
    if (!e)
        e = px_buf_append_byte(out, '}');
    px__free(has);
    return e;
}

px_status px__cmp_facts(px__cmp *m, px_buf *out)
{
    size_t n;
    report *r = collect(m, &n);
    if (!r)
        return PX_ENOMEM;
    px_status e = px_buf_append_str(out, ",\"facts\":[");
    size_t facts = 0;
    for (size_t i = 0; i < n && !e;) {
        size_t j = i + 1;
        while (j < n && !strcmp(r[j].type, r[i].type) && !strcmp(r[j].head, r[i].head))
            j++;
        e = write_fact(m, r + i, j - i, out, facts++ > 0);
        if (!e && dated_reports(r + i, j - i))
            e = write_date_fact(m, r + i, j - i, out);
        i = j;
    }
    if (!e)
        e = px_buf_append_byte(out, ']');
    px__free(r);
    return e;
}

/* ---- entities ---- */

typedef struct ent {
    const char *key, *name;
    uint32_t outlet;
} ent;

static int by_key(const void *a, const void *b)
{
    const ent *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->outlet > y->outlet) - (x->outlet < y->outlet);
}

typedef struct group {
    size_t at, n, outlets;
} group;

static int by_reach(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (x->outlets != y->outlets)
        return x->outlets > y->outlets ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

static ent *collect_entities(const px__cmp *m, size_t *n)
{
    size_t cap = 64;
    ent *v = px__malloc(cap * sizeof *v);
    *n = 0;
    for (size_t i = 0; v && i < m->n; i++) {
        if (m->a[i].copy)
            continue;
        const px_rec *rec = &m->a[i].rec;
        for (size_t j = 0; j < rec->n_entities; j++) {
            px_slice k = rec->entities[j].key, nm = rec->entities[j].name;
            if (!k.ptr || !k.ptr[0])
                continue;
            if (*n == cap) {
                ent *nv = px__realloc(v, (cap *= 2) * sizeof *v);
                if (!nv) {
                    px__free(v);
                    return NULL;
                }
                v = nv;
            }
            v[(*n)++] = (ent){(const char *)k.ptr, (const char *)(nm.ptr ? nm.ptr : k.ptr),
                              m->a[i].outlet_ix};
        }
    }
    if (v)
        qsort(v, *n, sizeof *v, by_key);
    return v;
}

static px_status
write_entity(const px__cmp *m, const ent *v, const group *g, px_buf *out, uint8_t *has, int comma)
{
    memset(has, 0, m->n_outlets + 1);
    px_status e = px_buf_append_str(out, comma ? ",{\"key\":" : "{\"key\":");
    if (!e && !(e = px__json_str(out, px_slice_cstr(v[g->at].key))) &&
        !(e = px_buf_append_str(out, ",\"name\":")))
        e = px__json_str(out, px_slice_cstr(v[g->at].name));
    if (!e)
        e = px_buf_append_str(out, ",\"outlets\":[");
    int first = 1;
    for (size_t i = g->at; i < g->at + g->n && !e; i++) {
        if (has[v[i].outlet])
            continue;
        has[v[i].outlet] = 1;
        if (!first)
            e = px_buf_append_byte(out, ',');
        if (!e)
            e = px__json_str(out, m->outlets[v[i].outlet]);
        first = 0;
    }
    if (!e && !(e = px_buf_append_str(out, "],\"silent\":")))
        e = px__cmp_silent(m, has, out);
    if (!e)
        e = px_buf_append_byte(out, '}');
    return e;
}

px_status px__cmp_entities(px__cmp *m, px_buf *out)
{
    size_t n;
    ent *v = collect_entities(m, &n);
    group *g = px__malloc((n + 1) * sizeof *g);
    uint8_t *has = px__calloc(m->n_outlets + 1, 1);
    px_status e = v && g && has ? PX_OK : PX_ENOMEM;
    size_t ng = 0;
    for (size_t i = 0; i < n && !e;) {
        size_t j = i + 1, outlets = 1;
        for (; j < n && !strcmp(v[j].key, v[i].key); j++)
            outlets += v[j].outlet != v[j - 1].outlet;
        g[ng++] = (group){i, j - i, outlets};
        i = j;
    }
    if (!e) {
        qsort(g, ng, sizeof *g, by_reach);
        e = px_buf_append_str(out, ",\"entities\":[");
    }
    for (size_t k = 0; k < ng && k < MAX_ENTITIES && !e; k++)
        e = write_entity(m, v, &g[k], out, has, k > 0);
    if (!e)
        e = px_buf_append_byte(out, ']');
    px__free(v);
    px__free(g);
    px__free(has);
    return e;
}
