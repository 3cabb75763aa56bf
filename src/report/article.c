/* parallax report: a story's data (parallax.story/1 and the records it cites),
 * evidence links, and the article views where cited spans are highlighted. */
#include <stdlib.h>
#include <string.h>

#include "record/record.h"
#include "report/report_impl.h"

static cJSON *parse(px_slice s)
{
    return cJSON_ParseWithLength((const char *)s.ptr, s.len);
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(j) ? j->valuestring : NULL;
}

/* Reads the paragraphs of a record (ordered, inside the text), else the whole
 * text as one. */
static px_status load_paragraphs(rep_art *a)
{
    size_t n = a->rec->n_paras;
    a->para = px__calloc(n > 0 ? n : 1, sizeof *a->para);
    if (!a->para)
        return PX_ENOMEM;
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        px_span p = a->rec->paras[i];
        if (!(p.start >= prev && p.end > p.start && p.end <= a->len))
            continue;
        a->para[a->n_para++] = (rep_span){p.start, p.end};
        prev = p.end;
    }
    if (a->n_para == 0 && a->len > 0)
        a->para[a->n_para++] = (rep_span){0, (uint32_t)a->len};
    return PX_OK;
}

static px_status load_article(px_store *s, px_arena *arena, rep_art *a, px_buf *tmp)
{
    px_buf_reset(tmp);
    px_status e = px_store_show(s, a->id, tmp);
    if (e == PX_ENOTFOUND || e == PX_EINVAL)
        return PX_OK; /* shown as missing */
    if (e)
        return e;
    px_rec *r = PX_ARENA_NEW(arena, px_rec, 1);
    if (!r)
        return PX_ENOMEM;
    e = px__rec_parse(px_buf_slice(tmp), arena, r, NULL);
    if (e)
        return e == PX_ENOMEM ? e : PX_OK; /* shown as unreadable */
    a->rec = r;
    a->text = r->text.ptr;
    a->len = r->text.len;
    if (a->len > UINT32_MAX - 1)
        a->len = UINT32_MAX - 1;
    return load_paragraphs(a);
}

static int has_outlet(const rep_story *st, const char *o)
{
    for (size_t i = 0; i < st->n_outlet; i++)
        if (!strcmp(st->outlet[i], o))
            return 1;
    return 0;
}

px_status px__rep_story_load(
    px_store *s, const char *id, const px_outlets *table, const char *leaning, rep_story *st)
{
    memset(st, 0, sizeof *st);
    px_buf b;
    px_buf_init(&b, 0);
    px_compare_opts co = {NULL, table, leaning};
    px_status e = px_compare_ex(s, id, &co, 1, &b);
    if (!e && !(st->js = parse(px_buf_slice(&b))))
        e = px__fail(px__store_errbuf(s), PX_EINTERNAL, "story %s: unreadable comparison", id);
    const cJSON *arts = cJSON_GetObjectItemCaseSensitive(st->js, "articles");
    int n = cJSON_GetArraySize(arts);
    if (!e && !(st->arena = px__arena_new(1 << 16, 0)))
        e = PX_ENOMEM;
    if (!e && n > 0) {
        st->art = px__calloc((size_t)n, sizeof *st->art);
        st->outlet = px__calloc((size_t)n, sizeof *st->outlet);
        if (!st->art || !st->outlet)
            e = PX_ENOMEM;
    }
    const cJSON *a;
    cJSON_ArrayForEach(a, arts)
    {
        if (e)
            break;
        const char *aid = jstr(a, "id"), *outlet = jstr(a, "outlet");
        if (!aid)
            continue;
        rep_art *ra = &st->art[st->n_art++];
        ra->id = aid;
        e = load_article(s, st->arena, ra, &b);
        if (outlet && !has_outlet(st, outlet))
            st->outlet[st->n_outlet++] = outlet;
    }
    px_buf_free(&b);
    if (e == PX_ENOMEM)
        px__fail(px__store_errbuf(s), e, "out of memory");
    return e;
}

void px__rep_story_free(rep_story *st)
{
    for (size_t i = 0; i < st->n_art; i++) {
        px__free(st->art[i].para);
        px__free(st->art[i].ev);
    }
    px__free(st->art);
    px__free(st->outlet);
    cJSON_Delete(st->js);
    px__arena_free(st->arena);
    memset(st, 0, sizeof *st);
}

rep_art *px__rep_find_art(rep_story *st, const char *id)
{
    for (size_t i = 0; id && i < st->n_art; i++)
        if (!strcmp(st->art[i].id, id))
            return &st->art[i];
    return NULL;
}

int px__rep_norm(const rep_art *a, const cJSON *span, rep_span *out)
{
    const cJSON *first = cJSON_GetArrayItem(span, 0);
    if (cJSON_IsArray(first))
        span = first;
    const cJSON *js = cJSON_GetArrayItem(span, 0), *je = cJSON_GetArrayItem(span, 1);
    if (!cJSON_IsNumber(js) || !cJSON_IsNumber(je))
        return 0;
    return px__rep_norm_raw(a, js->valuedouble, je->valuedouble, out);
}

int px__rep_norm_raw(const rep_art *a, double sv, double ev, rep_span *out)
{
    if (!a || !a->text)
        return 0;
    if (!(sv >= 0 && ev > sv))
        return 0;
    size_t s = sv > (double)a->len ? a->len : (size_t)sv;
    size_t e = ev > (double)a->len ? a->len : (size_t)ev;
    while (s < a->len && (a->text[s] & 0xC0) == 0x80)
        s++;
    while (e < a->len && (a->text[e] & 0xC0) == 0x80)
        e++;
    size_t i = 0;
    while (i < a->n_para && a->para[i].e <= s)
        i++;
    if (i == a->n_para)
        return 0;
    if (s < a->para[i].s)
        s = a->para[i].s;
    if (s >= e)
        return 0;
    *out = (rep_span){(uint32_t)s, (uint32_t)e};
    return 1;
}

int px__rep_ev_open(rep_out *o, rep_art *a, const cJSON *span)
{
    rep_span sp;
    if (!px__rep_norm(a, span, &sp))
        return 0;
    return px__rep_ev_open_span(o, a, sp);
}

int px__rep_ev_open_span(rep_out *o, rep_art *a, rep_span sp)
{
    if (a->n_ev == a->cap_ev) {
        size_t cap = a->cap_ev ? a->cap_ev * 2 : 8;
        rep_span *ev = px__realloc(a->ev, cap * sizeof *ev);
        if (!ev) {
            if (!o->err)
                o->err = PX_ENOMEM;
            return 0;
        }
        a->ev = ev;
        a->cap_ev = cap;
    }
    a->ev[a->n_ev++] = sp;
    px__rep_raw(o, "<a class=\"ev\" href=\"#");
    px__rep_id(o, "ev-", a->id);
    px__rep_fmt(o, "-%u\">", (unsigned)sp.s);
    return 1;
}

void px__rep_ev_close(rep_out *o, int opened)
{
    if (opened)
        px__rep_raw(o, "</a>");
}

static int span_cmp(const void *x, const void *y)
{
    const rep_span *a = x, *b = y;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    return a->e < b->e ? -1 : a->e > b->e;
}

static int u32_cmp(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* One paragraph with the cited spans marked; the first piece of each span
 * carries the id its links point to. pts has room for 2 + 2 * n_ev. */
static void paragraph(rep_out *o, const rep_art *a, rep_span p, uint32_t *pts)
{
    size_t n = 0;
    pts[n++] = p.s;
    pts[n++] = p.e;
    for (size_t i = 0; i < a->n_ev; i++) {
        if (a->ev[i].s > p.s && a->ev[i].s < p.e)
            pts[n++] = a->ev[i].s;
        if (a->ev[i].e > p.s && a->ev[i].e < p.e)
            pts[n++] = a->ev[i].e;
    }
    qsort(pts, n, sizeof *pts, u32_cmp);
    px__rep_raw(o, "<p>");
    for (size_t k = 0; k + 1 < n; k++) {
        uint32_t x = pts[k], y = pts[k + 1];
        if (x == y)
            continue;
        int covered = 0, starts = 0;
        for (size_t i = 0; i < a->n_ev; i++) {
            covered |= a->ev[i].s <= x && a->ev[i].e >= y;
            starts |= a->ev[i].s == x;
        }
        if (covered) {
            px__rep_raw(o, "<mark");
            if (starts) {
                px__rep_raw(o, " id=\"");
                px__rep_id(o, "ev-", a->id);
                px__rep_fmt(o, "-%u\"", (unsigned)x);
            }
            px__rep_raw(o, ">");
        }
        px__rep_esc(o, a->text + x, y - x);
        if (covered)
            px__rep_raw(o, "</mark>");
    }
    px__rep_raw(o, "</p>\n");
}

static void meta_row(rep_out *o, const char *name, px_slice v, const char *note);

/* ---- the page of one article: every annotation highlighted ---- */

typedef struct rep_mark {
    uint32_t s, e;
    uint8_t kind;
} rep_mark;

static const char *const MARK_KIND[] = {"entity", "date",  "count",    "quote",
                                        "event",  "label", "technique"};
enum { K_ENTITY, K_DATE, K_COUNT, K_QUOTE, K_EVENT, K_LABEL, K_TECHNIQUE, K__N };

typedef struct marks {
    rep_mark *m;
    size_t n, cap;
    uint32_t len;
    size_t per_kind[K__N];
} marks;

static int add_mark(marks *ms, px_span sp, int kind)
{
    if (sp.end <= sp.start || sp.end > ms->len || sp.start == UINT32_MAX)
        return 0;
    if (ms->n == ms->cap) {
        size_t cap = ms->cap ? ms->cap * 2 : 64;
        rep_mark *p = px__realloc(ms->m, cap * sizeof *p);
        if (!p)
            return -1;
        ms->m = p;
        ms->cap = cap;
    }
    ms->m[ms->n++] = (rep_mark){sp.start, sp.end, (uint8_t)kind};
    ms->per_kind[kind]++;
    return 0;
}

static int mark_cmp(const void *x, const void *y)
{
    const rep_mark *a = x, *b = y;
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    if (a->e != b->e)
        return a->e > b->e ? -1 : 1; /* longer first */
    return a->kind - b->kind;
}

static int collect(const px_rec *r, marks *ms)
{
    int bad = 0;
    for (size_t i = 0; i < r->n_entities; i++)
        for (uint32_t k = 0; k < r->entities[i].n_mentions; k++)
            bad |= add_mark(ms, r->entities[i].mentions[k], K_ENTITY);
    for (size_t i = 0; i < r->n_timexes; i++)
        bad |= add_mark(ms, r->timexes[i].span, K_DATE);
    for (size_t i = 0; i < r->n_quantities; i++)
        bad |= add_mark(ms, r->quantities[i].span, K_COUNT);
    for (size_t i = 0; i < r->n_quotes; i++)
        for (uint32_t k = 0; k < r->quotes[i].n_content; k++)
            bad |= add_mark(ms, r->quotes[i].content[k], K_QUOTE);
    for (size_t i = 0; i < r->n_events; i++)
        bad |= add_mark(ms, r->events[i].trigger, K_EVENT);
    for (size_t i = 0; i < r->n_labels; i++)
        bad |= add_mark(ms, r->labels[i].span, K_LABEL);
    for (size_t i = 0; i < r->n_techniques; i++)
        bad |= add_mark(ms, r->techniques[i].span, K_TECHNIQUE);
    return bad;
}

/* Text [s, e) of r with the marks inside it; marks starting before s begin at
 * s. Each piece between boundaries is one <mark> of the innermost covering
 * annotation's kind; the piece where an annotation starts carries its anchor. */
static void marked(rep_out *o, const px_rec *r, const marks *ms, uint32_t s, uint32_t e)
{
    uint32_t x = s;
    size_t first = 0;
    while (first < ms->n && ms->m[first].e <= s)
        first++;
    while (x < e) {
        /* The next boundary after x. */
        uint32_t y = e;
        int cover = -1;
        uint32_t cover_len = UINT32_MAX;
        for (size_t i = first; i < ms->n && ms->m[i].s < e; i++) {
            const rep_mark *m = &ms->m[i];
            if (m->s > x && m->s < y)
                y = m->s;
            if (m->e > x && m->e < y)
                y = m->e;
            if (m->s <= x && m->e > x && m->e - m->s < cover_len) {
                cover = (int)m->kind;
                cover_len = m->e - m->s;
            }
        }
        if (cover >= 0) {
            px__rep_raw(o, "<mark class=\"k-");
            px__rep_raw(o, MARK_KIND[cover]);
            px__rep_raw(o, "\"");
            int ids = 0;
            for (size_t i = first; i < ms->n && ms->m[i].s <= x; i++) {
                const rep_mark *m = &ms->m[i];
                int starts = m->s == x || (x == s && m->s < s && m->e > s);
                if (!starts || (i > first && ms->m[i - 1].s == m->s && ms->m[i - 1].e == m->e))
                    continue;
                if (ids++ == 0)
                    px__rep_fmt(o, " id=\"span-%u-%u\">", m->s, m->e);
                else
                    px__rep_fmt(o, "<span id=\"span-%u-%u\"></span>", m->s, m->e);
            }
            if (!ids)
                px__rep_raw(o, ">");
        }
        px__rep_esc(o, r->text.ptr + x, y - x);
        if (cover >= 0)
            px__rep_raw(o, "</mark>");
        x = y;
    }
}

void px__rep_article_page(rep_out *o, const px_rec *r, int lv)
{
    rep_art a = {.rec = (px_rec *)r, .text = r->text.ptr, .len = r->text.len};
    px__rep_raw(o, "<table class=\"meta\"><caption>Record</caption>\n");
    meta_row(o, "Id", r->id, NULL);
    meta_row(o, "Outlet", r->outlet, NULL);
    meta_row(o, "Date", r->date, r->date_source.ptr ? (const char *)r->date_source.ptr : "unknown");
    meta_row(o, "Author", r->author, NULL);
    meta_row(o, "Language", r->lang, NULL);
    meta_row(o, "URL", r->url, NULL);
    meta_row(o, "Source file", r->source_path, NULL);
    px__rep_raw(o, "</table>\n");
    marks ms = {.len = (uint32_t)(r->text.len > UINT32_MAX - 1 ? UINT32_MAX - 1 : r->text.len)};
    if (collect(r, &ms) && !o->err)
        o->err = PX_ENOMEM;
    if (ms.n > 1)
        qsort(ms.m, ms.n, sizeof *ms.m, mark_cmp);
    px__rep_fmt(o, "<h%d>Annotations</h%d>\n<ul class=\"legend\">", lv, lv);
    for (int k = 0; k < K__N; k++) {
        px__rep_fmt(o, "<li><mark class=\"k-%s\">%s</mark> ", MARK_KIND[k], MARK_KIND[k]);
        px__rep_count(o, ms.per_kind[k]);
        px__rep_raw(o, "</li>");
    }
    px__rep_raw(o, "</ul>\n");
    if (load_paragraphs(&a) == PX_OK) {
        px__rep_fmt(o, "<h%d>Text</h%d>\n<div class=\"text\">\n", lv, lv);
        for (size_t i = 0; i < a.n_para; i++) {
            px__rep_raw(o, "<p>");
            marked(o, r, &ms, a.para[i].s, a.para[i].e);
            px__rep_raw(o, "</p>\n");
        }
        px__rep_raw(o, "</div>\n");
    } else if (!o->err) {
        o->err = PX_ENOMEM;
    }
    px__free(a.para);
    px__free(ms.m);
}

static void meta_row(rep_out *o, const char *name, px_slice v, const char *note)
{
    if (!v.ptr)
        return;
    px__rep_fmt(o, "<tr><th scope=\"row\">%s</th><td>", name);
    int file = !strcmp(name, "Source file");
    int code = !strcmp(name, "URL") || file;
    px__rep_raw(o, code ? "<code>" : "");
    const char *t = (const char *)v.ptr;
    if (file) {
        /* The file name only: a folder path says who made the report, where. */
        const char *slash = strrchr(t, '/');
        t = slash && slash[1] ? slash + 1 : t;
    }
    px__rep_esc_str(o, t);
    px__rep_raw(o, code ? "</code>" : "");
    if (note) {
        px__rep_raw(o, " <span class=\"src\">(source: ");
        px__rep_esc_str(o, note);
        px__rep_raw(o, ")</span>");
    }
    px__rep_raw(o, "</td></tr>\n");
}

static void article_meta(rep_out *o, const rep_art *a, const cJSON *item)
{
    const px_rec *r = a->rec;
    px__rep_raw(o, "<table class=\"meta\"><caption>Record</caption>\n");
    meta_row(o, "Id", r->id, NULL);
    meta_row(o, "Outlet", r->outlet, NULL);
    meta_row(o, "Date", r->date, r->date_source.ptr ? (const char *)r->date_source.ptr : "unknown");
    meta_row(o, "Author", r->author, NULL);
    meta_row(o, "Language", r->lang, NULL);
    meta_row(o, "URL", r->url, NULL);
    meta_row(o, "Source file", r->source_path, NULL);
    meta_row(o, "Copy of", px_slice_cstr(jstr(item, "duplicate_of")), NULL);
    px__rep_raw(o, "</table>\n");
}

static void article(rep_out *o, rep_art *a, const cJSON *item, int lv, const char *art_href)
{
    px__rep_raw(o, "<article class=\"art\" id=\"");
    px__rep_id(o, "art-", a->id);
    px__rep_fmt(o, "\"><h%d>", lv);
    if (a->rec)
        px__rep_esc_str(o, a->rec->title.ptr ? (const char *)a->rec->title.ptr : "(untitled)");
    else
        px__rep_esc_str(o, a->id);
    px__rep_fmt(o, "</h%d>\n", lv);
    if (!a->rec) {
        px__rep_raw(
            o, "<p class=\"missing\">The record of this article cannot be read.</p></article>\n");
        return;
    }
    article_meta(o, a, item);
    if (art_href) {
        px__rep_raw(o, "<p><a href=\"");
        px__rep_esc_str(o, art_href);
        px__rep_url(o, a->id);
        px__rep_raw(o, "\">The article page, every annotation highlighted</a></p>\n");
    }
    if (a->n_ev > 1)
        qsort(a->ev, a->n_ev, sizeof *a->ev, span_cmp);
    uint32_t *pts = px__malloc((2 + 2 * a->n_ev) * sizeof *pts);
    if (!pts) {
        if (!o->err)
            o->err = PX_ENOMEM;
        return;
    }
    px__rep_raw(o, "<div class=\"text\">\n");
    for (size_t i = 0; i < a->n_para; i++)
        paragraph(o, a, a->para[i], pts);
    px__rep_raw(o, "</div></article>\n");
    px__free(pts);
}

void px__rep_articles(rep_out *o, rep_story *st, int lv)
{
    const cJSON *arts = cJSON_GetObjectItemCaseSensitive(st->js, "articles");
    px__rep_sec_open(o, st, lv, "articles", "Articles");
    const cJSON *item;
    cJSON_ArrayForEach(item, arts)
    {
        rep_art *a = px__rep_find_art(st, jstr(item, "id"));
        if (a)
            article(o, a, item, lv + 1, st->art_href);
    }
    px__rep_raw(o, "</details></section>\n");
}
