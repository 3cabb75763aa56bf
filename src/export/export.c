/* parallax export: the driver. Picks the articles (the whole store by date, or
 * one saved story in its order, or one saved topic's articles by date), reads each record once
 * through the typed reader (src/record) and hands it to the format's writer; the writers fill one
 * buffer per table, flushed to the caller's sink in pieces. The store is read
 * through store_api.h only. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/topic_impl.h"
#include "export/export_impl.h"
#include "store/store_api.h"

#define FLUSH_AT (1u << 16)

static const char *const CSV_TABLES[] = {"articles", "entities", "mentions", "timexes",   "counts",
                                         "quotes",   "events",   "labels",   "techniques"};
static const char *const JSONL_TABLES[] = {"records"};
static const char *const GKG_TABLES[] = {"gkg"};
static const char *const EVENT_TABLES[] = {"events"};

const char *const *px_export_tables(px_export_format f, size_t *n)
{
    size_t k = 0;
    const char *const *t = NULL;
    switch (f) {
    case PX_EXPORT_JSONL:
        t = JSONL_TABLES, k = 1;
        break;
    case PX_EXPORT_CSV:
        t = CSV_TABLES, k = sizeof CSV_TABLES / sizeof *CSV_TABLES;
        break;
    case PX_EXPORT_GKG:
        t = GKG_TABLES, k = 1;
        break;
    case PX_EXPORT_EVENTS:
        t = EVENT_TABLES, k = 1;
        break;
    }
    if (n)
        *n = k;
    return t;
}

px_export_format px_export_format_named(const char *name)
{
    static const struct {
        const char *name;
        px_export_format f;
    } names[] = {{"jsonl", PX_EXPORT_JSONL},
                 {"csv", PX_EXPORT_CSV},
                 {"gkg", PX_EXPORT_GKG},
                 {"events", PX_EXPORT_EVENTS}};
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i].name))
            return names[i].f;
    return (px_export_format)0;
}

px_status px__xout_flush(px__xout *o, size_t t, size_t min)
{
    px_buf *b = &o->buf[t];
    if (!b->len || b->len < min)
        return PX_OK;
    int stop = o->sink(o->ud, o->tables[t], b->ptr, b->len);
    px_buf_reset(b);
    return stop ? PX_EIO : PX_OK;
}

px_status px__x_num(px_buf *b, double v)
{
    if (isnan(v) || isinf(v))
        return PX_OK;
    if (v == floor(v) && fabs(v) < 1e15)
        return px_buf_appendf(b, "%.0f", v);
    return px_buf_appendf(b, "%.15g", v);
}

/* ---- the saved grouping, for the articles table ---- */

typedef struct xmem {
    px_slice article;
    px__xmember m;
} xmem;

typedef struct xctx {
    px_store *s;
    const px_export_opts *o;
    px__xout out;
    px_arena *arena; /* one record at a time */
    px_arena *keep;  /* memberships and the article list */
    xmem *mem;
    size_t n_mem, cap_mem;
    px_export_stats st;
} xctx;

static int mem_cmp(const void *a, const void *b)
{
    const xmem *x = a, *y = b;
    size_t n = x->article.len < y->article.len ? x->article.len : y->article.len;
    int c = memcmp(x->article.ptr, y->article.ptr, n);
    return c ? c : (x->article.len > y->article.len) - (x->article.len < y->article.len);
}

static px_status mem_row(void *ud, const px__store_member *m)
{
    xctx *c = ud;
    if (c->n_mem == c->cap_mem) {
        size_t cap = c->cap_mem ? c->cap_mem * 2 : 256;
        xmem *v = px__realloc(c->mem, cap * sizeof *v);
        if (!v)
            return PX_ENOMEM;
        c->mem = v, c->cap_mem = cap;
    }
    xmem *x = &c->mem[c->n_mem];
    x->article = px__arena_dup(c->keep, m->article);
    x->m.story = px__arena_dup(c->keep, m->story);
    x->m.dup_of = m->dup_of.ptr ? px__arena_dup(c->keep, m->dup_of) : PX_SLICE_NULL;
    if (!x->article.ptr || !x->m.story.ptr || (m->dup_of.ptr && !x->m.dup_of.ptr))
        return PX_ENOMEM;
    c->n_mem++;
    return PX_OK;
}

static const px__xmember *member_of(const xctx *c, px_slice id)
{
    static const px__xmember none = {{NULL, 0}, {NULL, 0}};
    xmem key = {.article = id};
    const xmem *x = c->n_mem ? bsearch(&key, c->mem, c->n_mem, sizeof *c->mem, mem_cmp) : NULL;
    return x ? &x->m : &none;
}

/* ---- one record ---- */

static px_status one_record(xctx *c, px_slice record)
{
    px__xout *o = &c->out;
    if (c->o->format == PX_EXPORT_JSONL) {
        px_status e = px_buf_append(&o->buf[0], record.ptr, record.len);
        if (!e)
            e = px_buf_append_byte(&o->buf[0], '\n');
        c->st.articles++;
        o->rows++;
        return e ? e : px__xout_flush(o, 0, FLUSH_AT);
    }
    px__arena_reset(c->arena);
    px_rec r;
    px_status e = px__rec_parse(record, c->arena, &r, NULL);
    if (e == PX_ENOMEM)
        return e;
    if (e) {
        c->st.skipped++;
        return PX_OK;
    }
    switch (c->o->format) {
    case PX_EXPORT_CSV:
        e = px__csv_article(o, &r, member_of(c, r.id));
        break;
    case PX_EXPORT_GKG:
        e = px__gkg_article(o, &r);
        break;
    default:
        e = px__events_article(o, &r);
        break;
    }
    c->st.articles++;
    for (size_t t = 0; !e && t < o->n_tables; t++)
        e = px__xout_flush(o, t, FLUSH_AT);
    return e;
}

static px_status story_row(void *ud, const px__store_story_art *a)
{
    return one_record(ud, a->record);
}

/* ---- one saved topic: its articles by date (undated last) ---- */

static px_status topic_articles(xctx *c)
{
    px_topics *t = NULL;
    uint32_t *arts = NULL, *so = NULL;
    size_t at = 0, n = 0;
    px_status e = px_topics_load(c->s, &t);
    if (!e)
        e = px__topics_find(t, c->o->topic, &at, px__store_errbuf(c->s));
    if (!e)
        e = px__topic_articles(t, at, &arts, &so, &n);
    for (size_t i = 0; !e && i < n; i++) {
        px_slice rec;
        e = px__store_record_by_rid(c->s, t->st->c->docs[arts[i]].rid, &rec);
        if (!e && rec.len)
            e = one_record(c, rec);
    }
    px__free(arts);
    px__free(so);
    px_topics_free(t);
    return e;
}

/* ---- the whole store, by date (undated last), then id ---- */

typedef struct xart {
    int64_t rid;
    px_slice id, date;
} xart;

typedef struct xlist {
    xctx *c;
    xart *v;
    size_t n, cap;
} xlist;

static px_status art_row(void *ud, const px__store_art *a)
{
    xlist *l = ud;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        xart *v = px__realloc(l->v, cap * sizeof *v);
        if (!v)
            return PX_ENOMEM;
        l->v = v, l->cap = cap;
    }
    xart *x = &l->v[l->n];
    x->rid = a->rid;
    x->id = px__arena_dup(l->c->keep, a->id);
    x->date = a->date.ptr ? px__arena_dup(l->c->keep, a->date) : PX_SLICE_NULL;
    if (!x->id.ptr || (a->date.ptr && !x->date.ptr))
        return PX_ENOMEM;
    l->n++;
    return PX_OK;
}

static int slice_cmp(px_slice a, px_slice b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    return c ? c : (a.len > b.len) - (a.len < b.len);
}

static int art_cmp(const void *pa, const void *pb)
{
    const xart *a = pa, *b = pb;
    if (!a->date.ptr != !b->date.ptr)
        return a->date.ptr ? -1 : 1;
    int c = a->date.ptr ? slice_cmp(a->date, b->date) : 0;
    return c ? c : slice_cmp(a->id, b->id);
}

static px_status all_articles(xctx *c)
{
    xlist l = {.c = c};
    px_status e = px__store_scan_articles(c->s, PX__SCAN_META, art_row, &l);
    if (!e && l.n)
        qsort(l.v, l.n, sizeof *l.v, art_cmp);
    for (size_t i = 0; !e && i < l.n; i++) {
        px_slice rec;
        e = px__store_record_by_rid(c->s, l.v[i].rid, &rec);
        if (!e && rec.len)
            e = one_record(c, rec);
    }
    px__free(l.v);
    return e;
}

static px_status headers(xctx *c)
{
    switch (c->o->format) {
    case PX_EXPORT_CSV:
        return px__csv_header(&c->out);
    case PX_EXPORT_GKG:
        return c->o->header ? px__gkg_header(&c->out) : PX_OK;
    case PX_EXPORT_EVENTS:
        return c->o->header ? px__events_header(&c->out) : PX_OK;
    default:
        return PX_OK;
    }
}

static px_status run(xctx *c)
{
    px_status e = headers(c);
    for (size_t t = 0; !e && t < c->out.n_tables; t++)
        e = px__xout_flush(&c->out, t, 0);
    /* The articles table names each article's story and original. */
    if (!e && c->o->format == PX_EXPORT_CSV) {
        e = px__store_members(c->s, mem_row, c);
        if (!e && c->n_mem)
            qsort(c->mem, c->n_mem, sizeof *c->mem, mem_cmp);
    }
    if (!e && c->o->topic) {
        e = topic_articles(c);
    } else if (!e && c->o->story) {
        char id[64];
        e = px__store_story_resolve(c->s, c->o->story, id, sizeof id);
        if (!e)
            e = px__store_story_articles(c->s, id, story_row, c);
    } else if (!e) {
        e = all_articles(c);
    }
    for (size_t t = 0; !e && t < c->out.n_tables; t++)
        e = px__xout_flush(&c->out, t, 0);
    return e;
}

px_status px_export(
    px_store *s, const px_export_opts *opts, px_export_sink sink, void *ud, px_export_stats *stats)
{
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (!s)
        return PX_EINVAL;
    char *em = px__store_errbuf(s);
    size_t n_tables;
    const char *const *tables = opts ? px_export_tables(opts->format, &n_tables) : NULL;
    if (!sink || !tables)
        return px__fail(em, PX_EINVAL, "px_export: no sink or an unknown format");
    if (opts->topic && opts->story)
        return px__fail(em, PX_EINVAL, "px_export: a story or a topic, not both");
    xctx c = {.s = s, .o = opts};
    c.out = (px__xout){.sink = sink, .ud = ud, .tables = tables, .n_tables = n_tables};
    for (size_t t = 0; t < n_tables; t++)
        px_buf_init(&c.out.buf[t], 0);
    c.arena = px__arena_new(1 << 16, 0);
    c.keep = px__arena_new(1 << 16, 0);
    px_status e = c.arena && c.keep ? run(&c) : PX_ENOMEM;
    for (size_t t = 0; t < n_tables; t++)
        px_buf_free(&c.out.buf[t]);
    px__arena_free(c.arena);
    px__arena_free(c.keep);
    px__free(c.mem);
    c.st.rows = c.out.rows;
    if (stats)
        *stats = c.st;
    if (e == PX_ENOMEM)
        px__fail(em, e, "out of memory");
    else if (e == PX_EIO)
        px__fail(em, e, "cannot write the export");
    return e;
}
