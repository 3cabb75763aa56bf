/* Compare: one story as parallax.story/1. Reads the saved grouping (never
 * regrouping: px_stories_stale tells whether it is out of date), the story's
 * records, and writes its articles, facts, quotes, entities, terms,
 * timeline and events. */
#include <stdlib.h>
#include <string.h>

#include "corpus/compare_impl.h"
#include "corpus/story_impl.h"

/* Fails unless the store holds a saved grouping (compare never regroups: it
 * reads; parallax stories writes). */
static px_status check_grouped(px_store *s)
{
    px__grouping_state g;
    px_status e = px__store_grouping_state(s, &g);
    if (e)
        return e;
    if (g.articles == 0)
        return px__fail(px__store_errbuf(s), PX_ENOTFOUND, "the store is empty");
    if (!g.grouped)
        return px__fail(px__store_errbuf(s), PX_ESTALE,
                        "the store has no stories yet (parallax stories groups them)");
    return PX_OK;
}

/* 1 when outlet is listed in the comma-separated list (NULL: every outlet). */
static int wanted(const char *list, px_slice outlet)
{
    if (!list)
        return 1;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (outlet.ptr && n == outlet.len && !memcmp(p, outlet.ptr, n))
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

static px_status add_article(px__cmp *m, const px__store_story_art *r, size_t *cap)
{
    if (m->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        px__cart *na = px__realloc(m->a, nc * sizeof *na);
        if (!na)
            return PX_ENOMEM;
        m->a = na;
        *cap = nc;
    }
    px__cart *a = &m->a[m->n];
    memset(a, 0, sizeof *a);
    a->id = px__arena_dup(m->arena, r->id);
    a->dup_of = px__arena_dup(m->arena, r->dup_of);
    a->rid = r->rid;
    a->date = px__arena_dup(m->arena, r->date);
    a->outlet = px__arena_dup(m->arena, r->outlet);
    a->title = px__arena_dup(m->arena, r->title);
    a->day = px__parse_day(a->date);
    px_status st = px__rec_parse(r->record, m->arena, &a->rec, NULL);
    if (st == PX_ENOMEM)
        return st;
    if (st) /* an unreadable record: an article with nothing to compare */
        memset(&a->rec, 0, sizeof a->rec);
    a->text = a->rec.text.ptr ? a->rec.text : PX_SLICE_LIT("");
    m->n++;
    return a->id.ptr ? PX_OK : PX_ENOMEM;
}

typedef struct load_walk {
    px__cmp *m;
    const char *outlets;
    size_t cap;
} load_walk;

static px_status load_row(void *ud, const px__store_story_art *r)
{
    load_walk *w = ud;
    /* With a table every article is read: the coverage by leaning is the
     * whole story's; the filters apply after it. */
    if (!w->m->table && !wanted(w->outlets, r->outlet.ptr ? r->outlet : PX_UNKNOWN_OUTLET))
        return PX_OK;
    return add_article(w->m, r, &w->cap);
}

/* Keeps the articles of the outlets listed and of the leaning asked for. */
static void filter(px__cmp *m, const char *outlets)
{
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++)
        if (wanted(outlets, m->a[i].outlet.ptr ? m->a[i].outlet : PX_UNKNOWN_OUTLET) &&
            px__cmp_leaning_is(m, &m->a[i]))
            m->a[k++] = m->a[i];
    m->n = k;
}

static px_status load(px__cmp *m, const char *outlets)
{
    load_walk w = {m, outlets, 0};
    px_status e = px__store_story_articles(m->s, m->id, load_row, &w);
    if (e == PX_EDB)
        return e;
    if (!e)
        e = px__cmp_coverage(m);
    if (e)
        return px__fail(px__store_errbuf(m->s), e, "out of memory");
    if (m->table)
        filter(m, outlets);
    if (!m->n && m->leaning)
        return px__fail(px__store_errbuf(m->s), PX_ENOTFOUND,
                        "story %s has no article from an outlet of leaning \"%s\"%s%s", m->id,
                        m->leaning, outlets ? " among the outlets " : "", outlets ? outlets : "");
    if (!m->n)
        return px__fail(px__store_errbuf(m->s), PX_EINVAL,
                        "story %s has no article from the outlets %s", m->id, outlets);
    return PX_OK;
}

static int by_slice(const void *a, const void *b)
{
    const px_slice *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->ptr, y->ptr, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Marks copies whose original is in the story and lists the outlets. */
static px_status outlets_of(px__cmp *m)
{
    m->outlets = PX_ARENA_NEW(m->arena, px_slice, m->n + 1);
    if (!m->outlets)
        return PX_ENOMEM;
    for (size_t i = 0; i < m->n; i++) {
        px__cart *a = &m->a[i];
        if (!a->outlet.ptr)
            a->outlet = PX_UNKNOWN_OUTLET;
        for (size_t j = 0; j < m->n && a->dup_of.ptr; j++)
            a->copy |= j != i && px_slice_eq(m->a[j].id, a->dup_of);
        if (a->copy)
            continue;
        size_t k = 0;
        while (k < m->n_outlets && !px_slice_eq(m->outlets[k], a->outlet))
            k++;
        if (k == m->n_outlets)
            m->outlets[m->n_outlets++] = a->outlet;
    }
    qsort(m->outlets, m->n_outlets, sizeof *m->outlets, by_slice);
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k < m->n_outlets; k++)
            if (px_slice_eq(m->outlets[k], m->a[i].outlet))
                m->a[i].outlet_ix = (uint32_t)k;
    return PX_OK;
}

/* The story header: id, title, dates and articles. */
static px_status write_head(const px__cmp *m, px_buf *out)
{
    px_status e =
        px_buf_appendf(out, "{\"schema\":\"parallax.story/1\",\"id\":\"%s\",\"title\":", m->id);
    px_slice title = PX_SLICE_NULL, d0 = PX_SLICE_NULL, d1 = PX_SLICE_NULL;
    for (size_t i = 0; i < m->n && !title.ptr; i++) /* a news headline first */
        if (!m->a[i].copy && m->a[i].title.ptr && !px__opinion(m->a[i].title, m->a[i].outlet))
            title = m->a[i].title;
    for (size_t i = 0; i < m->n; i++) {
        if (!title.ptr && !m->a[i].copy)
            title = m->a[i].title;
        if (m->a[i].day != PX_NODAY) {
            d0 = d0.ptr ? d0 : m->a[i].date;
            d1 = m->a[i].date;
        }
    }
    if (!e)
        e = px__json_str(out, title);
    if (!e)
        e = px_buf_append_str(out, ",\"dates\":[");
    if (!e && d0.ptr)
        e = px__json_str(out, d0);
    if (!e && d0.ptr && !px_slice_eq(d0, d1) && !(e = px_buf_append_byte(out, ',')))
        e = px__json_str(out, d1);
    if (!e)
        e = px_buf_append_str(out, "],\"articles\":[");
    for (size_t i = 0; i < m->n && !e; i++) {
        const px__cart *a = &m->a[i];
        e = px_buf_append_str(out, i ? ",{\"id\":" : "{\"id\":");
        if (!e && !(e = px__json_str(out, a->id)) && !(e = px_buf_append_str(out, ",\"outlet\":")))
            e = px__json_str(out, a->outlet);
        if (!e && !(e = px_buf_append_str(out, ",\"date\":")))
            e = px__json_str(out, a->date);
        if (!e && !(e = px_buf_append_str(out, ",\"title\":")))
            e = px__json_str(out, a->title);
        if (!e && !(e = px_buf_append_str(out, ",\"duplicate_of\":")))
            e = px__json_str(out, a->dup_of);
        if (!e)
            e = px_buf_append_byte(out, '}');
    }
    if (!e)
        e = px_buf_append_byte(out, ']');
    return e;
}

static px_status write_all(px__cmp *m, px_buf *out)
{
    px_status e = write_head(m, out);
    if (!e)
        e = px__cmp_leanings(m, out);
    if (!e)
        e = px__cmp_facts(m, out);
    if (!e)
        e = px__cmp_quotes(m, out);
    if (!e)
        e = px__cmp_entities(m, out);
    if (!e)
        e = px__cmp_terms(m, out);
    if (!e)
        e = px__cmp_timeline(m, out);
    if (!e)
        e = px__cmp_events(m, out);
    if (!e)
        e = px__cmp_labels(m, out);
    if (!e)
        e = px__cmp_tone(m, out);
    if (!e)
        e = px__cmp_techniques(m, out);
    if (!e)
        e = px_buf_append_byte(out, '}');
    return e;
}

/* mode: 0 readable report, 1 JSON, 2 the label matrix, 3 nothing written (the
 * articles loaded and filtered only, px_compare_covers). */
static px_status compare(
    px_store *s, const char *story, const px_compare_opts *o, int mode, px_buf *out, int *covered)
{
    int json = mode == 1;
    if (!s || !story || !out)
        return s ? px__fail(px__store_errbuf(s), PX_EINVAL, "px_compare: NULL argument")
                 : PX_EINVAL;
    const char *outlets = o ? o->outlets : NULL;
    px__cmp m = {.s = s, .table = o ? o->table : NULL, .leaning = o ? o->leaning : NULL};
    if (m.leaning && !m.table)
        return px__fail(px__store_errbuf(s), PX_EINVAL,
                        "a leaning needs an outlets table (--outlets-file) that gives leanings");
    px_status e = check_grouped(s);
    if (!e)
        e = px__store_story_resolve(s, story, m.id, sizeof m.id);
    if (!e && !(m.arena = px__arena_new(1 << 16, 0)))
        e = px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    if (!e)
        e = load(&m, outlets);
    if (e == PX_ENOTFOUND && m.leaning && m.leans && !px__cmp_leaning_known(&m))
        e = px__fail(px__store_errbuf(s), PX_EINVAL,
                     "no outlet of the outlets table has the leaning \"%s\"", m.leaning);
    if (mode == 3 && (!e || (e == PX_ENOTFOUND && m.leaning && m.arena && !m.n))) {
        *covered = !e; /* found, or the story has nothing from the leaning */
        px__free(m.a);
        px__arena_free(m.arena);
        return PX_OK;
    }
    if (!e && outlets_of(&m))
        e = px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    px_buf j;
    px_buf_init(&j, 0);
    if (!e) {
        px_status w = write_all(&m, json ? out : &j);
        if (!w && mode == 0)
            w = px__cmp_text(px_buf_slice(&j), out);
        if (!w && mode == 2)
            w = px__cmp_labels_text(px_buf_slice(&j), out);
        if (w)
            e = px__fail(px__store_errbuf(s), w, "cannot write the comparison: %s", px_strerror(w));
    }
    px_buf_free(&j);
    px__free(m.a);
    px__arena_free(m.arena);
    return e;
}

px_status px_compare(px_store *s, const char *story, const char *outlets, int json, px_buf *out)
{
    px_compare_opts o = {.outlets = outlets};
    return compare(s, story, &o, json ? 1 : 0, out, NULL);
}

px_status
px_compare_ex(px_store *s, const char *story, const px_compare_opts *o, int json, px_buf *out)
{
    return compare(s, story, o, json ? 1 : 0, out, NULL);
}

px_status px_compare_covers(px_store *s, const char *story, const px_compare_opts *o, int *covered)
{
    px_buf none;
    px_buf_init(&none, 0);
    if (!covered)
        return s ? px__fail(px__store_errbuf(s), PX_EINVAL, "px_compare_covers: NULL argument")
                 : PX_EINVAL;
    *covered = 0;
    return compare(s, story, o, 3, &none, covered);
}

px_status px_compare_labels(px_store *s, const char *story, const char *outlets, px_buf *out)
{
    px_compare_opts o = {.outlets = outlets};
    return compare(s, story, &o, 2, out, NULL);
}

/* ---- helpers shared by the compare files ---- */

px_status px__cmp_silent(const px__cmp *m, const uint8_t *has, px_buf *out)
{
    px_status e = px_buf_append_byte(out, '[');
    int first = 1;
    for (size_t k = 0; k < m->n_outlets && !e; k++) {
        if (has[k])
            continue;
        if (!first)
            e = px_buf_append_byte(out, ',');
        if (!e)
            e = px__json_str(out, m->outlets[k]);
        first = 0;
    }
    if (!e)
        e = px_buf_append_byte(out, ']');
    return e;
}

px_slice px__cmp_span(const px__cart *a, px_span span)
{
    if (span.start == UINT32_MAX || span.end < span.start || span.end > a->text.len)
        return PX_SLICE_NULL;
    return px__cmp_text_of(a, span.start, span.end);
}

void px__cmp_sentence(const px__cart *a, long at, long *s, long *e)
{
    for (size_t i = 0; i < a->rec.n_sents; i++) {
        long x = a->rec.sents[i].start, y = a->rec.sents[i].end;
        if (x <= at && at < y && (size_t)y <= a->text.len) {
            *s = x;
            *e = y;
            return;
        }
    }
    const uint8_t *t = a->text.ptr;
    long n = (long)a->text.len;
    if (at > n)
        at = n;
    *s = at;
    while (*s > 0 &&
           !((t[*s - 1] == ' ' || t[*s - 1] == '\n') && *s > 1 &&
             (t[*s - 2] == '.' || t[*s - 2] == '!' || t[*s - 2] == '?' || t[*s - 2] == '\n')))
        (*s)--;
    *e = at;
    while (*e < n && !(t[*e] == '.' || t[*e] == '!' || t[*e] == '?' || t[*e] == '\n'))
        (*e)++;
    if (*e < n && t[*e] != '\n')
        (*e)++;
}

/* 1 when byte i of t starts a character (or is the end). */
static int boundary(const px_slice t, long i)
{
    return i <= 0 || (size_t)i >= t.len || (t.ptr[i] & 0xC0) != 0x80;
}

void px__cmp_clip(const px__cart *a, long at, long end, size_t max, long *s, long *e)
{
    long lim = (long)max;
    if (end < at)
        end = at;
    if (*e - *s > lim) {
        /* Keep [at, end) in view: start up to half the room before it. */
        long room = lim - (end - at);
        long ns = room > 0 ? at - room / 2 : at;
        if (ns < *s)
            ns = *s;
        long ne = ns + lim;
        if (ne > *e)
            ne = *e;
        *s = ns;
        *e = ne;
    }
    while (*s < *e && !boundary(a->text, *s))
        (*s)++;
    while (*e > *s && !boundary(a->text, *e))
        (*e)--;
}

px_slice px__cmp_text_of(const px__cart *a, long s, long e)
{
    if (s < 0 || e < s || (size_t)e > a->text.len)
        return PX_SLICE_LIT("");
    while (s < e && !boundary(a->text, s))
        s++;
    while (e > s && !boundary(a->text, e))
        e--;
    return (px_slice){a->text.ptr + s, (size_t)(e - s)};
}

px_status px__cmp_evidence(const px__cart *a, long at, long end, px_buf *out)
{
    if (at < 0 || (size_t)at > a->text.len)
        return px_buf_append_str(out, ",\"evidence\":null");
    long s, e;
    px__cmp_sentence(a, at, &s, &e);
    px__cmp_clip(a, at, end, PX_EVIDENCE, &s, &e);
    px_status st = px_buf_appendf(out, ",\"evidence\":{\"span\":[%ld,%ld],\"text\":", s, e);
    if (!st)
        st = px__json_str(out, px__cmp_text_of(a, s, e));
    return st ? st : px_buf_append_byte(out, '}');
}
