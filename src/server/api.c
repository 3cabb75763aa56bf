/* parallax server: the JSON API. /api/story/ID is parallax.story/1 as
 * px_compare writes it and /api/article/ID the stored parallax.article/1
 * record, byte for byte; /api/stories and /api/search are lists of their own
 * (parallax.stories/1, parallax.search/1, see docs/serve.md). */
#include <string.h>

#include "server/server_impl.h"

static void ok_json(srv_reply *out, px_status e)
{
    if (!e)
        e = px_buf_append_byte(&out->body, '\n');
    if (e) {
        px__srv_error(out, 1, 500, "out of memory");
        return;
    }
    out->status = 200;
    out->type = "application/json; charset=utf-8";
}

static px_status str_field(px_buf *b, const char *name, const char *v, int comma)
{
    px_status e = px_buf_appendf(b, "%s\"%s\":", comma ? "," : "", name);
    if (!e)
        e = v && v[0] ? px__json_str(b, px_slice_cstr(v)) : px_buf_append_str(b, "null");
    return e;
}

static void api_stories(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    srv_index *ix = px__srv_index_get(c->indexer);
    px_buf *b = &out->body;
    size_t total = 0, from = (size_t)(r->page - 1) * SRV_PER_PAGE, shown = 0;
    px_status e = px_buf_append_str(b, "{\"schema\":\"parallax.stories/1\",\"stories\":[");
    for (size_t i = 0; !e && i < ix->n; i++) {
        const srv_story *st = &ix->st[i];
        if (!px__srv_index_match(st, r, c->table))
            continue;
        if (total++ < from || shown >= SRV_PER_PAGE)
            continue;
        e = px_buf_append_str(b, shown++ ? ",{" : "{");
        if (!e)
            e = str_field(b, "id", st->id, 0);
        if (!e)
            e = str_field(b, "title", st->title, 1);
        if (!e)
            e = str_field(b, "first", st->first, 1);
        if (!e)
            e = str_field(b, "last", st->last, 1);
        if (!e)
            e = px_buf_appendf(b, ",\"articles\":%u,\"outlets\":[", (unsigned)st->n_art);
        for (uint32_t k = 0; !e && k < st->n_outlet; k++) {
            if (k)
                e = px_buf_append_byte(b, ',');
            if (!e)
                e = px__json_str(b, px_slice_cstr(st->outlet[k]));
        }
        long contra = atomic_load(&st->contra), silent = atomic_load(&st->silent);
        if (!e && contra >= 0)
            e = px_buf_appendf(b, "],\"contradictions\":%ld,\"silences\":%ld}", contra, silent);
        else if (!e)
            e = px_buf_append_str(b, "],\"contradictions\":null,\"silences\":null}");
    }
    if (!e)
        e = px_buf_appendf(b,
                           "],\"total\":%zu,\"page\":%u,\"per_page\":%d,\"pages\":%zu,"
                           "\"stories_in_store\":%zu,\"articles_in_store\":%zu",
                           total, r->page, SRV_PER_PAGE, (total + SRV_PER_PAGE - 1) / SRV_PER_PAGE,
                           ix->n, ix->n_articles);
    if (!e)
        e = str_field(b, "note", ix->empty, 1);
    if (!e)
        e = px_buf_append_byte(b, '}');
    px__srv_index_release(c->indexer, ix);
    ok_json(out, e);
}

static void api_story(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    char key[SRV_MAX_ARG + SRV_MAX_LEANING + 8];
    snprintf(key, sizeof key, "j:%s%s%s", r->arg, r->leaning[0] ? "?" : "", r->leaning);
    if (r->leaning[0] && !c->table) {
        px__srv_error(out, 1, 400,
                      "leaning needs a server started with --outlets-file (the file gives the "
                      "leanings)");
        return;
    }
    srv_index *ix = px__srv_index_get(c->indexer);
    int hit = px__srv_cache_get(ix, key, &out->body);
    px_compare_opts co = {NULL, c->table, r->leaning[0] ? r->leaning : NULL};
    px_status e = hit ? PX_OK : px_compare_ex(c->s, r->arg, &co, 1, &out->body);
    if (!e && !hit)
        px__srv_cache_put(ix, key, px_buf_slice(&out->body), 1);
    px__srv_index_release(c->indexer, ix);
    if (e == PX_ENOTFOUND || e == PX_EINVAL || e == PX_ESTALE)
        px__srv_error(out, 1, 404, px_store_errmsg(c->s));
    else if (e)
        px__srv_error(out, 1, 500, px_store_errmsg(c->s));
    else
        ok_json(out, PX_OK);
}

static void api_article(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    px_status e = px_store_show(c->s, r->arg, &out->body);
    if (e == PX_ENOTFOUND)
        px__srv_error(out, 1, 404, "no such article");
    else if (e == PX_EINVAL)
        px__srv_error(out, 1, 404, px_store_errmsg(c->s));
    else if (e)
        px__srv_error(out, 1, 500, px_store_errmsg(c->s));
    else
        ok_json(out, PX_OK);
}

typedef struct hits {
    px_buf *b;
    size_t skip, n, shown;
    px_status e;
} hits;

static int hit(void *ud, const px_store_row *row)
{
    hits *h = ud;
    if (h->n++ < h->skip || h->shown >= SRV_PER_PAGE)
        return 0;
    px_buf *b = h->b;
    px_status e = px_buf_append_str(b, h->shown++ ? ",{\"id\":" : "{\"id\":");
    if (!e)
        e = px__json_str(b, row->id);
    if (!e)
        e = px_buf_append_str(b, ",\"date\":");
    if (!e)
        e = px__json_str(b, row->date);
    if (!e)
        e = px_buf_append_str(b, ",\"outlet\":");
    if (!e)
        e = px__json_str(b, row->outlet);
    if (!e)
        e = px_buf_append_str(b, ",\"title\":");
    if (!e)
        e = px__json_str(b, row->title);
    if (!e)
        e = px_buf_append_str(b, ",\"snippet\":");
    if (!e)
        e = px__json_str(b, row->snippet);
    if (!e)
        e = px_buf_appendf(b, ",\"score\":%.6g}", row->score);
    h->e = e;
    return e != PX_OK;
}

static void api_search(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    if (!r->q[0]) {
        px__srv_error(out, 1, 400, "give the query as q=");
        return;
    }
    px_buf *b = &out->body;
    px_status e = px_buf_append_str(b, "{\"schema\":\"parallax.search/1\",\"query\":");
    if (!e)
        e = px__json_str(b, px_slice_cstr(r->q));
    if (!e)
        e = px_buf_append_str(b, ",\"results\":[");
    hits h = {b, (size_t)(r->page - 1) * SRV_PER_PAGE, 0, 0, PX_OK};
    if (e) {
        px__srv_error(out, 1, 500, "out of memory");
        return;
    }
    /* The snippets mark the matched words with [ and ]. */
    e = px_store_search(c->s, r->q, (size_t)r->page * SRV_PER_PAGE + 1, "[", "]", hit, &h);
    if (e == PX_EPARSE || e == PX_ETOOBIG) {
        px__srv_error(out, 1, 400, px_store_errmsg(c->s));
        return;
    }
    if (e || h.e) {
        px__srv_error(out, 1, 500, h.e ? "out of memory" : px_store_errmsg(c->s));
        return;
    }
    e = px_buf_appendf(b, "],\"page\":%u,\"per_page\":%d,\"more\":%s}", r->page, SRV_PER_PAGE,
                       h.n > (size_t)r->page * SRV_PER_PAGE ? "true" : "false");
    ok_json(out, e);
}

void px__srv_api(srv_ctx *c, const px_srv_req *r, srv_reply *out)
{
    switch (r->route) {
    case SRV_API_STORIES:
        api_stories(c, r, out);
        break;
    case SRV_API_STORY:
        api_story(c, r, out);
        break;
    case SRV_API_ARTICLE:
        api_article(c, r, out);
        break;
    case SRV_API_SEARCH:
        api_search(c, r, out);
        break;
    case SRV_API_TOPICS:
    case SRV_API_TOPIC:
        px__srv_error(out, 1, 404,
                      "topics are not available: this parallax has no topics "
                      "command yet");
        break;
    default:
        px__srv_error(out, 1, 404, "no such page");
    }
}
