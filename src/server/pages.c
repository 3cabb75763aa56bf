/* parallax server: the HTML pages. Every piece of a page that the report
 * also has (frame, style, script, story index table, story sections, article
 * views, escaping) is drawn by the report's own functions (report_impl.h);
 * this file adds what only a live server has: filters, pagination, the
 * outlet and search pages, the article page. */
#include <string.h>
#include <strings.h>

#include "parallax/ingest.h"

#include "record/record.h"
#include "report/report_impl.h"
#include "server/server_impl.h"

static int sink_buf(void *ud, const uint8_t *p, size_t n)
{
    return px_buf_append((px_buf *)ud, p, n) != PX_OK;
}

void px__srv_error(srv_reply *out, int api, int status, const char *why)
{
    px_buf_reset(&out->body);
    out->status = status;
    out->cache = 0;
    if (api) {
        out->type = "application/json; charset=utf-8";
        px_status e = px_buf_append_str(&out->body, "{\"error\":");
        if (!e)
            e = px__json_str(&out->body, px_slice_cstr(why));
        if (!e)
            e = px_buf_appendf(&out->body, ",\"status\":%d}\n", status);
        if (e) {
            px_buf_reset(&out->body);
            out->status = 500;
        }
        return;
    }
    out->type = "text/html; charset=utf-8";
    rep_out o;
    px__rep_init(&o, sink_buf, &out->body);
    char title[64];
    snprintf(title, sizeof title, "%d — parallax", status);
    px__rep_page_open_served(&o, title);
    px__rep_raw(&o, "<main><h1>");
    px__rep_raw(&o, status == 404 ? "Not found" : status == 400 ? "Bad request" : "Error");
    px__rep_raw(&o, "</h1>\n<p class=\"why\">");
    px__rep_esc_str(&o, why);
    px__rep_raw(&o, "</p>\n<p><a href=\"/\">All stories</a></p></main>\n");
    px__rep_page_close_served(&o);
    if (px__rep_finish(&o)) {
        px_buf_reset(&out->body);
        out->status = 500;
    }
}

/* The top of every page: the page frame, a way home and the search box. */
static void top(rep_out *o, const char *title, const char *q)
{
    px__rep_page_open_served(o, title);
    px__rep_raw(o, "<header class=\"top\"><nav><a href=\"/\">All stories</a></nav>\n"
                   "<form action=\"/search\" method=\"get\" role=\"search\">"
                   "<label for=\"sq\">Search the articles</label> "
                   "<input id=\"sq\" name=\"q\" type=\"search\" value=\"");
    px__rep_esc_str(o, q);
    px__rep_raw(o, "\"> <button type=\"submit\">Search</button></form></header>\n");
}

static void finish(rep_out *o, srv_reply *out)
{
    px__rep_page_close_served(o);
    if (px__rep_finish(o)) {
        px__srv_error(out, 0, 500, "cannot write the page (out of memory)");
        return;
    }
    out->status = 200;
    out->type = "text/html; charset=utf-8";
}

/* "?name=value&..." of the index filters, for links that keep them. */
static void filter_query(rep_out *o, const px_srv_req *r, unsigned page)
{
    const char *sep = "?";
    const struct {
        const char *name, *v;
    } kv[] = {{"outlet", r->outlet},
              {"from", r->from},
              {"to", r->to},
              {"lang", r->lang},
              {"leaning", r->leaning}};
    for (size_t i = 0; i < sizeof kv / sizeof *kv; i++) {
        if (!kv[i].v[0])
            continue;
        px__rep_raw(o, sep);
        px__rep_raw(o, kv[i].name);
        px__rep_raw(o, "=");
        px__rep_url(o, kv[i].v);
        sep = "&amp;";
    }
    if (r->singles) {
        px__rep_raw(o, sep);
        px__rep_raw(o, "singles=1");
        sep = "&amp;";
    }
    if (page > 1) {
        px__rep_raw(o, sep);
        px__rep_fmt(o, "page=%u", page);
    }
}

static void pager(rep_out *o, const char *base, const px_srv_req *r, size_t total, int filters)
{
    size_t pages = (total + SRV_PER_PAGE - 1) / SRV_PER_PAGE;
    if (pages <= 1)
        return;
    px__rep_raw(o, "<nav class=\"pager\" aria-label=\"pages\">");
    if (r->page > 1) {
        px__rep_raw(o, "<a rel=\"prev\" href=\"");
        px__rep_esc_str(o, base);
        if (filters)
            filter_query(o, r, r->page - 1);
        else if (r->page > 2)
            px__rep_fmt(o, "?page=%u", r->page - 1);
        px__rep_raw(o, "\">← Newer</a> ");
    }
    px__rep_fmt(o, "<span>Page %u of ", r->page);
    px__rep_count(o, pages);
    px__rep_raw(o, "</span>");
    if (r->page < pages) {
        px__rep_raw(o, " <a rel=\"next\" href=\"");
        px__rep_esc_str(o, base);
        if (filters)
            filter_query(o, r, r->page + 1);
        else
            px__rep_fmt(o, "?page=%u", r->page + 1);
        px__rep_raw(o, "\">Older →</a>");
    }
    px__rep_raw(o, "</nav>\n");
}

static rep_row row_of(const srv_story *st)
{
    return (rep_row){st->id,
                     st->title,
                     st->first,
                     st->last,
                     st->outlets,
                     st->n_art,
                     st->n_outlet,
                     atomic_load(&st->contra),
                     atomic_load(&st->silent)};
}

/* The rows of ix that pass the filters of r (or, for an outlet page, name
 * that outlet), page r->page of them into rows; returns how many passed. */
static size_t select_rows(const srv_index *ix,
                          const px_srv_req *r,
                          const px_outlets *table,
                          rep_row *rows,
                          size_t *n_rows)
{
    size_t total = 0, from = (size_t)(r->page - 1) * SRV_PER_PAGE;
    *n_rows = 0;
    for (size_t i = 0; i < ix->n; i++) {
        if (!px__srv_index_match(&ix->st[i], r, table))
            continue;
        if (total >= from && *n_rows < SRV_PER_PAGE)
            rows[(*n_rows)++] = row_of(&ix->st[i]);
        total++;
    }
    return total;
}

static void select_box(rep_out *o, const char *id, const char *label, const char *cur)
{
    px__rep_fmt(o,
                "<label for=\"%s\">%s</label> <select id=\"%s\" name=\"%s\"><option "
                "value=\"\"%s>all</option>",
                id, label, id, id, cur[0] ? "" : " selected");
}

static void option(rep_out *o, const char *v, const char *cur, size_t count)
{
    px__rep_raw(o, "<option value=\"");
    px__rep_esc_str(o, v);
    px__rep_raw(o, strcmp(v, cur) ? "\">" : "\" selected>");
    px__rep_esc_str(o, v);
    if (count) {
        px__rep_raw(o, " (");
        px__rep_count(o, count);
        px__rep_raw(o, ")");
    }
    px__rep_raw(o, "</option>");
}

/* The leaning box: the table's distinct leanings (ASCII case ignored), in
 * table order. */
static void leaning_box(rep_out *o, const px_outlets *table, const char *cur)
{
    select_box(o, "leaning", "Leaning", cur);
    px_outlet_info oi, prev;
    for (size_t i = 0; px_outlets_get(table, i, &oi); i++) {
        int seen = !oi.leaning || !*oi.leaning;
        for (size_t k = 0; k < i && !seen; k++)
            seen = px_outlets_get(table, k, &prev) && prev.leaning &&
                   !strcasecmp(prev.leaning, oi.leaning);
        if (!seen)
            option(o, oi.leaning, cur, 0);
    }
    px__rep_raw(o, "</select>\n");
}

static void filters(rep_out *o, const srv_index *ix, const px_srv_req *r, const px_outlets *table)
{
    px__rep_raw(o, "<form class=\"filters\" action=\"/\" method=\"get\"><fieldset><legend>Filter "
                   "the stories</legend>\n");
    select_box(o, "outlet", "Outlet", r->outlet);
    for (size_t i = 0; i < ix->n_outlet; i++)
        option(o, ix->outlet[i].name, r->outlet, ix->outlet[i].n_story);
    px__rep_raw(o, "</select>\n<label for=\"from\">From</label> <input id=\"from\" name=\"from\" "
                   "type=\"date\" value=\"");
    px__rep_esc_str(o, r->from);
    px__rep_raw(o, "\">\n<label for=\"to\">to</label> <input id=\"to\" name=\"to\" type=\"date\" "
                   "value=\"");
    px__rep_esc_str(o, r->to);
    px__rep_raw(o, "\">\n");
    select_box(o, "lang", "Language", r->lang);
    for (size_t i = 0; i < ix->n_lang; i++)
        option(o, ix->lang[i], r->lang, 0);
    px__rep_raw(o, "</select>\n");
    if (table)
        leaning_box(o, table, r->leaning);
    px__rep_raw(o, "<label><input type=\"checkbox\" id=\"singles\" name=\"singles\" "
                   "value=\"1\"");
    px__rep_raw(o, r->singles ? " checked" : "");
    px__rep_raw(o,
                "> stories told by one outlet too</label>\n<button type=\"submit\">Filter</button> "
                "<a href=\"/\">Clear</a></fieldset></form>\n");
}

static void
page_index_render(srv_index *ix, const px_srv_req *r, const px_outlets *table, srv_reply *out);

/* Once every story of the snapshot is counted, an index page no longer
 * changes: it is kept like a story page, under its filters and page. */
static void page_index(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    srv_index *ix = px__srv_index_get(c->indexer);
    int done = atomic_load(&ix->compared) >= ix->n;
    char key[4 * SRV_MAX_ARG];
    snprintf(key, sizeof key, "i:%u:%d:%s:%s:%s:%s:%s", r->page, r->singles, r->from, r->to,
             r->lang, r->leaning, r->outlet);
    if (done && px__srv_cache_get(ix, key, &out->body)) {
        out->status = 200;
        out->type = "text/html; charset=utf-8";
    } else {
        page_index_render(ix, r, c->table, out);
        if (done && out->status == 200)
            px__srv_cache_put(ix, key, px_buf_slice(&out->body), 1);
    }
    px__srv_index_release(c->indexer, ix);
}

static void
page_index_render(srv_index *ix, const px_srv_req *r, const px_outlets *table, srv_reply *out)
{
    rep_row *rows = px__calloc(SRV_PER_PAGE, sizeof *rows);
    if (!rows) {
        px__srv_error(out, 0, 500, "out of memory");
        return;
    }
    rep_out o;
    px__rep_init(&o, sink_buf, &out->body);
    top(&o, "parallax — stories", "");
    px__rep_raw(&o, "<main><h1>Stories</h1>\n<p class=\"sub\">");
    px__rep_count_of(&o, ix->n_articles, "article", "articles");
    px__rep_raw(&o, " · ");
    px__rep_count_of(&o, ix->n, "story", "stories");
    px__rep_raw(&o, ", ");
    px__rep_count(&o, ix->n_multi);
    px__rep_raw(&o, " told by several outlets · ");
    px__rep_count_of(&o, ix->n_outlet, "outlet", "outlets");
    size_t done = atomic_load(&ix->compared);
    if (done < ix->n) {
        px__rep_raw(&o, " · contradictions and silences of ");
        px__rep_count(&o, done);
        px__rep_raw(&o, " stories counted so far (… marks the others)");
    }
    px__rep_raw(&o, "</p>\n");
    if (ix->empty) {
        px__rep_raw(&o, "<p class=\"empty\">");
        px__rep_esc_str(&o, ix->empty);
        px__rep_raw(&o, "</p>\n");
    } else {
        filters(&o, ix, r, table);
        size_t n_rows, total = select_rows(ix, r, table, rows, &n_rows);
        px__rep_raw(&o, "<p class=\"count\">");
        px__rep_count_of(&o, total, "story", "stories");
        px__rep_raw(&o, r->singles || r->outlet[0] ? " match" : " told by several outlets match");
        px__rep_raw(&o, total == 1 ? "es" : "");
        if (!r->singles && !r->outlet[0] && ix->n > ix->n_multi) {
            px__rep_raw(&o, " (");
            px__rep_count(&o, ix->n - ix->n_multi);
            px__rep_raw(&o, ix->n - ix->n_multi == 1 ? " story told by one outlet is"
                                                     : " stories told by one outlet are");
            px__rep_raw(&o, " behind the filter)");
        }
        px__rep_raw(&o, ".</p>\n<p><label for=\"q\">Filter this page</label> <input id=\"q\" "
                        "type=\"search\" autocomplete=\"off\"> <span id=\"qn\" role=\"status\" "
                        "aria-live=\"polite\"></span></p>\n");
        if (n_rows)
            px__rep_index_table(&o, "stories", rows, n_rows, "/story/", "");
        else
            px__rep_raw(&o, "<p class=\"empty\">No story on this page.</p>\n");
        pager(&o, "/", r, total, 1);
    }
    px__rep_raw(&o, "</main>\n");
    px__free(rows);
    finish(&o, out);
}

/* Story pages are the costly ones (a comparison each): kept per index
 * snapshot, so a new grouping or a write to the articles starts afresh. The
 * index thread draws them ahead (px__srv_story_html) as it compares each
 * story; a page it has not reached yet is drawn here and kept. */
static void page_story(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    char key[SRV_MAX_ARG + SRV_MAX_LEANING + 8];
    snprintf(key, sizeof key, "s:%s%s%s", r->arg, r->leaning[0] ? "?" : "", r->leaning);
    if (r->leaning[0] && !c->table) {
        px__srv_error(out, 0, 400,
                      "leaning needs a server started with --outlets-file (the file gives the "
                      "leanings)");
        return;
    }
    srv_index *ix = px__srv_index_get(c->indexer);
    if (px__srv_cache_get(ix, key, &out->body)) {
        out->status = 200;
        out->type = "text/html; charset=utf-8";
    } else {
        rep_story st;
        px_status e =
            px__rep_story_load(c->s, r->arg, c->table, r->leaning[0] ? r->leaning : NULL, &st);
        if (e == PX_ENOTFOUND || e == PX_EINVAL || e == PX_ESTALE)
            px__srv_error(out, 0, 404, px_store_errmsg(c->s));
        else if (e)
            px__srv_error(out, 0, 500, px_store_errmsg(c->s));
        else if (px__srv_story_html(&st, &out->body))
            px__srv_error(out, 0, 500, "cannot write the page (out of memory)");
        else {
            out->status = 200;
            out->type = "text/html; charset=utf-8";
            px__srv_cache_put(ix, key, px_buf_slice(&out->body), 1);
        }
        px__rep_story_free(&st);
    }
    px__srv_index_release(c->indexer, ix);
}

px_status px__srv_story_html(rep_story *st, px_buf *out)
{
    px_buf_reset(out);
    st->art_href = "/article/";
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(st->js, "title");
    rep_out o;
    px__rep_init(&o, sink_buf, out);
    top(&o, cJSON_IsString(t) ? t->valuestring : "story", "");
    px__rep_raw(&o, "<main><h1>");
    px__rep_esc_json(&o, t, "(untitled)");
    px__rep_raw(&o, "</h1>\n");
    px__rep_story_body(&o, st, 2);
    px__rep_raw(&o, "</main>\n");
    px__rep_page_close_served(&o);
    return px__rep_finish(&o) ? PX_ENOMEM : PX_OK;
}

static void page_article(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    px_buf rec;
    px_buf_init(&rec, 0);
    px_status e = px_store_show(c->s, r->arg, &rec);
    if (e) {
        px__srv_error(out, 0, e == PX_ENOTFOUND || e == PX_EINVAL ? 404 : 500,
                      e == PX_ENOTFOUND ? "no such article" : px_store_errmsg(c->s));
        px_buf_free(&rec);
        return;
    }
    px_arena *a = px__arena_new(1 << 16, 0);
    px_rec pr;
    e = a ? px__rec_parse(px_buf_slice(&rec), a, &pr, NULL) : PX_ENOMEM;
    if (e) {
        px__srv_error(out, 0, 500, "the record of this article cannot be read");
    } else {
        rep_out o;
        px__rep_init(&o, sink_buf, &out->body);
        char title[256];
        snprintf(title, sizeof title, "%.*s", (int)(pr.title.len < 200 ? pr.title.len : 200),
                 pr.title.ptr ? (const char *)pr.title.ptr : "article");
        top(&o, title, "");
        px__rep_raw(&o, "<main><h1>");
        px__rep_esc(&o, pr.title.ptr ? pr.title.ptr : (const uint8_t *)"(untitled)",
                    pr.title.ptr ? pr.title.len : 10);
        px__rep_raw(&o, "</h1>\n");
        srv_index *ix = px__srv_index_get(c->indexer);
        char id[SRV_MAX_ARG + 1];
        snprintf(id, sizeof id, "%.*s", (int)pr.id.len, pr.id.ptr ? (const char *)pr.id.ptr : "");
        long si = px__srv_index_story_of(ix, id);
        if (si >= 0) {
            px__rep_raw(&o, "<p class=\"sub\">Part of the story <a href=\"/story/");
            px__rep_url(&o, ix->st[si].id);
            px__rep_raw(&o, "\">");
            px__rep_esc_str(&o, ix->st[si].title[0] ? ix->st[si].title : "(untitled)");
            px__rep_raw(&o, "</a> (");
            px__rep_count_of(&o, ix->st[si].n_outlet, "outlet", "outlets");
            px__rep_raw(&o, ").</p>\n");
        }
        px__srv_index_release(c->indexer, ix);
        px__rep_article_page(&o, &pr, 2);
        px__rep_raw(&o, "</main>\n");
        finish(&o, out);
    }
    px__arena_free(a);
    px_buf_free(&rec);
}

static void page_outlet(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    srv_index *ix = px__srv_index_get(c->indexer);
    const srv_outlet *ol = NULL;
    for (size_t i = 0; i < ix->n_outlet && !ol; i++)
        if (!strcmp(ix->outlet[i].name, r->arg))
            ol = &ix->outlet[i];
    rep_row *rows = ol ? px__calloc(SRV_PER_PAGE, sizeof *rows) : NULL;
    if (!rows) {
        px__srv_index_release(c->indexer, ix);
        px__srv_error(out, 0, ol ? 500 : 404, ol ? "out of memory" : "no such outlet");
        return;
    }
    rep_out o;
    px__rep_init(&o, sink_buf, &out->body);
    top(&o, ol->name, "");
    px__rep_raw(&o, "<main><h1>");
    px__rep_esc_str(&o, ol->name);
    px__rep_raw(&o, "</h1>\n<p class=\"sub\">");
    px__rep_count_of(&o, ol->n_art, "article", "articles");
    px__rep_raw(&o, " in ");
    px__rep_count_of(&o, ol->n_story, "story", "stories");
    px__rep_raw(&o, ". Labels and tone are not shown yet: the records carry none.</p>\n");
    px_srv_req f = *r;
    memcpy(f.outlet, r->arg, sizeof f.outlet);
    f.singles = 1;
    size_t n_rows, total = select_rows(ix, &f, c->table, rows, &n_rows);
    px__rep_raw(&o, "<h2>What it covered</h2>\n");
    px__rep_index_table(&o, "stories", rows, n_rows, "/story/", "");
    pager(&o, "/outlet/", r, total, 0);
    /* Skipped: the stories most outlets told, without this one. */
    px__rep_raw(&o, "<h2>What it skipped</h2>\n<p class=\"note\">Stories told by three or more "
                    "other outlets, newest first.</p>\n");
    n_rows = 0;
    for (size_t i = 0; i < ix->n && n_rows < SRV_PER_PAGE; i++) {
        const srv_story *st = &ix->st[i];
        int has = 0;
        for (uint32_t k = 0; k < st->n_outlet && !has; k++)
            has = !strcmp(st->outlet[k], ol->name);
        if (!has && st->n_outlet >= 3)
            rows[n_rows++] = row_of(st);
    }
    if (n_rows)
        px__rep_index_table(&o, "stories", rows, n_rows, "/story/", "");
    else
        px__rep_raw(&o, "<p>None.</p>\n");
    px__rep_raw(&o, "</main>\n");
    px__free(rows);
    px__srv_index_release(c->indexer, ix);
    finish(&o, out);
}

/* Search results: the snippet's matches are marked by \x02 and \x03. */
typedef struct hits {
    rep_out *o;
    srv_index *ix;
    size_t skip, n;
} hits;

static void snippet(rep_out *o, px_slice s)
{
    size_t i = 0, run = 0;
    for (; i < s.len; i++) {
        if (s.ptr[i] != 2 && s.ptr[i] != 3)
            continue;
        px__rep_esc(o, s.ptr + run, i - run);
        px__rep_raw(o, s.ptr[i] == 2 ? "<mark>" : "</mark>");
        run = i + 1;
    }
    px__rep_esc(o, s.ptr + run, s.len - run);
}

static int hit(void *ud, const px_store_row *row)
{
    hits *h = ud;
    if (h->n++ < h->skip)
        return 0;
    rep_out *o = h->o;
    char id[SRV_MAX_ARG + 1];
    snprintf(id, sizeof id, "%.*s", (int)(row->id.len < SRV_MAX_ARG ? row->id.len : SRV_MAX_ARG),
             (const char *)row->id.ptr);
    px__rep_raw(o, "<li><a href=\"/article/");
    px__rep_url(o, id);
    px__rep_raw(o, "\">");
    if (row->title.ptr && row->title.len)
        px__rep_esc(o, row->title.ptr, row->title.len);
    else
        px__rep_raw(o, "(untitled)");
    px__rep_raw(o, "</a> <span class=\"src\">");
    if (row->outlet.ptr)
        px__rep_esc(o, row->outlet.ptr, row->outlet.len);
    px__rep_raw(o, " · ");
    if (row->date.ptr)
        px__rep_esc(o, row->date.ptr, row->date.len);
    else
        px__rep_raw(o, "undated");
    long si = px__srv_index_story_of(h->ix, id);
    if (si >= 0) {
        px__rep_raw(o, " · <a href=\"/story/");
        px__rep_url(o, h->ix->st[si].id);
        px__rep_raw(o, "\">its story</a> (");
        px__rep_count_of(o, h->ix->st[si].n_outlet, "outlet", "outlets");
        px__rep_raw(o, ")");
    }
    px__rep_raw(o, "</span><br><span class=\"snip\">");
    snippet(o, row->snippet);
    px__rep_raw(o, "</span></li>\n");
    return 0;
}

static void page_search(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    rep_out o;
    px__rep_init(&o, sink_buf, &out->body);
    top(&o, r->q[0] ? r->q : "search", r->q);
    px__rep_raw(&o, "<main><h1>Search</h1>\n");
    if (!r->q[0]) {
        px__rep_raw(&o, "<p>Type words to find the articles that hold all of them; \"a phrase\", "
                        "OR, NOT and prefix* are understood.</p>\n");
    } else {
        srv_index *ix = px__srv_index_get(c->indexer);
        px_buf tmp;
        px_buf_init(&tmp, 0);
        /* Results go to a buffer first: a failed search must not leave half a list. */
        rep_out lo;
        px__rep_init(&lo, sink_buf, &tmp);
        hits h = {&lo, ix, (size_t)(r->page - 1) * SRV_PER_PAGE, 0};
        px_status e = px_store_search(c->s, r->q, (size_t)r->page * SRV_PER_PAGE + 1, "\x02",
                                      "\x03", hit, &h);
        px_status fe = px__rep_finish(&lo);
        if (e == PX_EPARSE || e == PX_ETOOBIG) {
            px__rep_raw(&o, "<p class=\"why\">");
            px__rep_esc_str(&o, px_store_errmsg(c->s));
            px__rep_raw(&o, "</p>\n");
        } else if (e || fe) {
            px__srv_index_release(c->indexer, ix);
            px_buf_free(&tmp);
            (void)px__rep_finish(&o);
            px_buf_reset(&out->body);
            px__srv_error(out, 0, 500, e ? px_store_errmsg(c->s) : "out of memory");
            return;
        } else {
            size_t shown = h.n > h.skip ? h.n - h.skip : 0;
            if (shown > SRV_PER_PAGE)
                shown = SRV_PER_PAGE;
            px__rep_raw(&o, "<p class=\"count\">");
            if (shown == 0)
                px__rep_raw(&o, "No article matches.");
            else
                px__rep_fmt(&o, "Results %zu to %zu, best first.", h.skip + 1, h.skip + shown);
            px__rep_raw(&o, "</p>\n<ol class=\"hits\">\n");
            (void)px__rep_finish_chunk(&o, tmp.ptr, tmp.len);
            px__rep_raw(&o, "</ol>\n");
            if (r->page > 1 || h.n > (size_t)r->page * SRV_PER_PAGE) {
                px__rep_raw(&o, "<nav class=\"pager\" aria-label=\"pages\">");
                if (r->page > 1) {
                    px__rep_raw(&o, "<a rel=\"prev\" href=\"/search?q=");
                    px__rep_url(&o, r->q);
                    px__rep_fmt(&o, "&amp;page=%u\">← Better matches</a> ", r->page - 1);
                }
                if (h.n > (size_t)r->page * SRV_PER_PAGE) {
                    px__rep_raw(&o, "<a rel=\"next\" href=\"/search?q=");
                    px__rep_url(&o, r->q);
                    px__rep_fmt(&o, "&amp;page=%u\">More →</a>", r->page + 1);
                }
                px__rep_raw(&o, "</nav>\n");
            }
        }
        px_buf_free(&tmp);
        px__srv_index_release(c->indexer, ix);
    }
    px__rep_raw(&o, "</main>\n");
    finish(&o, out);
}

static const char EXTRA_STYLE[] =
    "header.top{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;"
    "justify-content:space-between;border-bottom:1px solid #ccc;padding:.5rem 0}\n"
    "header.top input{font:inherit;padding:.2rem;width:min(16rem,60vw)}\n"
    "form.filters fieldset{display:flex;flex-wrap:wrap;gap:.4rem .8rem;align-items:center;"
    "border:1px solid #ccc}form.filters select{max-width:16rem}\n"
    "nav.pager{margin:1rem 0;display:flex;gap:1rem}ol.hits li{margin:.6rem 0}\n"
    "mark.k-entity{background:#dbeafe;border-color:#1f4e79}mark.k-date{background:#e0f2e9;"
    "border-color:#155724}mark.k-count{background:#fff1a8}mark.k-quote{background:#f3e8ff;"
    "border-color:#6b21a8}mark.k-event{background:#ffe4d6;border-color:#9a3412}"
    "mark.k-label,mark.k-technique{background:#fde8e8;border-color:#8b0000}\n"
    "ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}\n"
    "[id^=span-]:target{outline:3px solid #8b0000}\n";

static void asset(const px_srv_req *r, srv_reply *out)
{
    px_status e;
    if (r->static_js) {
        out->type = "text/javascript; charset=utf-8";
        e = px_buf_append_str(&out->body, px__rep_script());
    } else {
        out->type = "text/css; charset=utf-8";
        e = px_buf_append_str(&out->body, px__rep_style());
        if (!e)
            e = px_buf_append_str(&out->body, EXTRA_STYLE);
    }
    if (e) {
        px__srv_error(out, 0, 500, "out of memory");
        return;
    }
    out->status = 200;
    out->cache = 1;
}

void px__srv_page(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    switch (r->route) {
    case SRV_INDEX:
        page_index(c, r, out);
        break;
    case SRV_STORY:
        page_story(c, r, out);
        break;
    case SRV_ARTICLE:
        page_article(c, r, out);
        break;
    case SRV_OUTLET:
        page_outlet(c, r, out);
        break;
    case SRV_SEARCH:
        page_search(c, r, out);
        break;
    case SRV_STATIC:
        asset(r, out);
        break;
    case SRV_TOPIC:
        px__srv_error(out, 0, 404,
                      "Topics are not available: this parallax has no topics command yet.");
        break;
    default:
        px__srv_error(out, 0, 404, "no such page");
    }
}
