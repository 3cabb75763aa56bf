/* The store's public face and internal interface, dispatched to the backend
 * (store_impl.h): PostgreSQL for a postgresql:// or postgres:// URI (libpq's
 * own URI forms), else SQLite for a file path. What every backend shares lives here: the columns of
 * an article from a document or from a parallax.article/1 record given as JSON (annotate output;
 * read with the record module's reader, header only, and stored as given, on one line). */
#include <string.h>

#include "record/record.h"
#include "store_impl.h"

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static px_slice trim(px_slice s)
{
    while (s.len && is_space(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && is_space(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

px_status px_store_put_record(px_store *s, px_slice json, int *replaced)
{
    if (replaced)
        *replaced = 0;
    if (!s || (!json.ptr && json.len))
        return s ? px__fail(s->errmsg, PX_EINVAL, "px_store_put_record: NULL record") : PX_EINVAL;
    json = trim(json);
    if (!json.len)
        return px__fail(s->errmsg, PX_EPARSE, "empty record");
    size_t valid = px__utf8_valid_prefix(json.ptr, json.len);
    if (valid < json.len)
        return px__fail(s->errmsg, PX_EPARSE, "invalid UTF-8 at byte %zu", valid);
    if (!s->rec_arena && !(s->rec_arena = px__arena_new(1 << 16, 0)))
        return px__fail(s->errmsg, PX_ENOMEM, "out of memory");
    px__arena_reset(s->rec_arena);
    px_rec r;
    px_status st = px__rec_parse_head(json, s->rec_arena, &r, s->errmsg);
    if (st)
        return st;
    if (memchr(json.ptr, '\n', json.len)) {
        /* Stored records are one line each (show prints them as JSON Lines). */
        s->rec.len = 0;
        if (px__json_compact(json, &s->rec))
            return px__fail(s->errmsg, PX_ENOMEM, "out of memory");
        json = px_buf_slice(&s->rec);
    }
    px_slice cols[PX_COL__COUNT] = {{0}};
    cols[PX_COL_ID] = r.id;
    cols[PX_COL_DATE] = r.date;
    cols[PX_COL_OUTLET] = r.outlet;
    cols[PX_COL_TITLE] = r.title;
    cols[PX_COL_URL] = r.url;
    cols[PX_COL_LANG] = r.lang;
    cols[PX_COL_TEXT] = r.text;
    cols[PX_COL_RECORD] = json;
    return s->be->put_row(s, cols, replaced);
}

void px__store_base_init(px_store *s, const px__store_backend *be)
{
    s->be = be;
    s->batch_size = PX__STORE_DEFAULT_BATCH;
    s->search_ms = PX__SEARCH_MAX_MS;
    px_buf_init(&s->rec, 0);
}

void px__store_base_free(px_store *s)
{
    px_buf_free(&s->rec);
    px__arena_free(s->rec_arena);
    s->rec_arena = NULL;
}

int px_store_is_uri(const char *path)
{
    return path && (!strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11));
}

px_status px_store_open(px_store **out, const char *path, char *errmsg)
{
    if (!out || !path)
        return px__fail(errmsg, PX_EINVAL, "px_store_open: NULL argument");
    *out = NULL;
    if (px_store_is_uri(path))
        return px__pg_open(out, path, 0, errmsg);
    return px__sqlite_open(out, path, 0, errmsg);
}

px_status px__store_open_readonly(px_store **out, const char *path, char *errmsg)
{
    if (!out || !path)
        return px__fail(errmsg, PX_EINVAL, "px_store_open: NULL argument");
    *out = NULL;
    if (px_store_is_uri(path))
        return px__pg_open(out, path, 1, errmsg);
    return px__sqlite_open(out, path, 1, errmsg);
}

void px__store_set_search_ms(px_store *s, unsigned ms)
{
    if (s)
        s->search_ms = ms ? ms : PX__SEARCH_MAX_MS;
}

px_status px_store_close(px_store *s)
{
    return s ? s->be->close(s) : PX_OK;
}

const char *px_store_errmsg(const px_store *s)
{
    return s ? s->errmsg : "no store";
}

char *px__store_errbuf(px_store *s)
{
    return s->errmsg;
}

void px_store_set_batch(px_store *s, size_t batch_size)
{
    if (s)
        s->batch_size = batch_size ? batch_size : PX__STORE_DEFAULT_BATCH;
}

void px_store_counts(const px_store *s, size_t *fresh, size_t *replaced)
{
    if (fresh)
        *fresh = s ? s->n_fresh : 0;
    if (replaced)
        *replaced = s ? s->n_replaced : 0;
}

px_status px_store_commit(px_store *s)
{
    return s ? s->be->commit(s) : PX_EINVAL;
}

px_status px_store_put_doc(px_store *s, const px_doc *d, px_slice record, int *replaced)
{
    if (replaced)
        *replaced = 0;
    if (!s || !d || !record.ptr)
        return s ? px__fail(s->errmsg, PX_EINVAL, "px_store_put: NULL document") : PX_EINVAL;
    px_slice cols[PX_COL__COUNT] = {
        [PX_COL_ID] = px_slice_cstr(px_doc_id(d)),
        [PX_COL_DATE] = px_doc_date(d),
        [PX_COL_OUTLET] = px_doc_outlet(d),
        [PX_COL_TITLE] = px_doc_title(d),
        [PX_COL_URL] = px_doc_url(d),
        [PX_COL_LANG] = px_doc_lang(d),
        [PX_COL_TEXT] = px_doc_text(d),
        [PX_COL_RECORD] = record,
    };
    if (!cols[PX_COL_TEXT].ptr)
        cols[PX_COL_TEXT] = PX_SLICE_LIT("");
    return s->be->put_row(s, cols, replaced);
}

px_status px_store_put(px_store *s, const px_doc *d, int *replaced)
{
    if (replaced)
        *replaced = 0;
    if (!s || !d)
        return s ? px__fail(s->errmsg, PX_EINVAL, "px_store_put: NULL document") : PX_EINVAL;
    px_buf_reset(&s->rec);
    px_status st = px_doc_write_json(d, &s->rec);
    if (st)
        return px__fail(s->errmsg, st, "cannot write the record: %s", px_strerror(st));
    st = px_store_put_doc(s, d, px_buf_slice(&s->rec), replaced);
    if (s->rec.cap > ((size_t)8 << 20)) /* do not keep one huge record's memory */
        px_buf_free(&s->rec);
    return st;
}

px_status px_store_list(px_store *s, size_t limit, px_store_row_fn fn, void *ud)
{
    if (!s || !fn)
        return s ? px__fail(s->errmsg, PX_EINVAL, "px_store_list: NULL callback") : PX_EINVAL;
    return s->be->list(s, limit, fn, ud);
}

px_status px_store_show(px_store *s, const char *id, px_buf *out)
{
    if (!s || !id || !out)
        return s ? px__fail(s->errmsg, PX_EINVAL, "px_store_show: NULL argument") : PX_EINVAL;
    return s->be->get(s, id, out);
}

px_status px_store_remove(px_store *s, const char *id)
{
    if (!s || !id)
        return s ? px__fail(s->errmsg, PX_EINVAL, "px_store_remove: NULL argument") : PX_EINVAL;
    return s->be->remove(s, id);
}

static px_status search(px_store *s,
                        const char *query,
                        int raw,
                        size_t limit,
                        const char *mark_open,
                        const char *mark_close,
                        px_store_row_fn fn,
                        void *ud)
{
    if (!s || !query || !mark_open || !mark_close || !fn)
        return s ? px__fail(s->errmsg, PX_EINVAL, "px_store_search: NULL argument") : PX_EINVAL;
    return s->be->search(s, query, raw, limit, mark_open, mark_close, fn, ud);
}

px_status px_store_search(px_store *s,
                          const char *query,
                          size_t limit,
                          const char *mark_open,
                          const char *mark_close,
                          px_store_row_fn fn,
                          void *ud)
{
    return search(s, query, 0, limit, mark_open, mark_close, fn, ud);
}

px_status px_store_search_raw(px_store *s,
                              const char *query,
                              size_t limit,
                              const char *mark_open,
                              const char *mark_close,
                              px_store_row_fn fn,
                              void *ud)
{
    return search(s, query, 1, limit, mark_open, mark_close, fn, ud);
}

px_status px_store_count(px_store *s, size_t *n)
{
    if (!s || !n)
        return s ? px__fail(s->errmsg, PX_EINVAL, "px_store_count: NULL argument") : PX_EINVAL;
    return s->be->count(s, n);
}

/* ---- store_api.h ---- */

px_status px__store_scan_articles(px_store *s, int what, px__store_art_fn fn, void *ud)
{
    return s->be->scan_articles(s, what, fn, ud);
}

px_status px__store_scan_features(px_store *s, px__store_feat_fn fn, void *ud)
{
    return s->be->scan_features(s, fn, ud);
}

px_status px__store_record_by_rid(px_store *s, int64_t rid, px_slice *out)
{
    return s->be->record_by_rid(s, rid, out);
}

px_status px__store_scan_originals(px_store *s, px__store_text_fn fn, void *ud)
{
    return s->be->scan_originals(s, fn, ud);
}

px_status px__store_top_outlets(px_store *s, size_t limit, px__store_outlet_fn fn, void *ud)
{
    return s->be->top_outlets(s, limit, fn, ud);
}

px_status px__store_members(px_store *s, px__store_member_fn fn, void *ud)
{
    return s->be->members(s, fn, ud);
}

px_status px__store_vocab(px_store *s, px__store_stem_fn fn, void *ud)
{
    return s->be->vocab(s, fn, ud);
}

px_status px__store_topics(px_store *s, px__store_topic_fn fn, void *ud)
{
    return s->be->topics(s, fn, ud);
}

px_status px__store_grouping_lock(px_store *s, int on)
{
    return s->be->grouping_lock(s, on);
}

px_status px__store_grouping_save(px_store *s, const px__grouping *g)
{
    return s->be->grouping_save(s, g);
}

px_status px__store_grouping_state(px_store *s, px__grouping_state *out)
{
    return s->be->grouping_state(s, out);
}

px_status px__store_data_version(px_store *s, int64_t *out)
{
    return s->be->data_version(s, out);
}

px_status
px__store_story_pick(px_store *s, const char *want, px_slice first, int rows, char *id, size_t cap)
{
    if (rows == 0)
        return px__fail(s->errmsg, PX_ENOTFOUND, "no story %s (parallax stories lists them)", want);
    int exact = first.len == strlen(want) && !memcmp(first.ptr, want, first.len);
    if (rows > 1 && !exact)
        return px__fail(s->errmsg, PX_EINVAL, "story prefix %s is ambiguous", want);
    if (first.len >= cap)
        return px__fail(s->errmsg, PX_ENOTFOUND, "no story %s", want);
    memcpy(id, first.ptr, first.len);
    id[first.len] = 0;
    return PX_OK;
}

px_status px__store_story_resolve(px_store *s, const char *want, char *id, size_t cap)
{
    return s->be->story_resolve(s, want, id, cap);
}

px_status
px__store_story_articles(px_store *s, const char *story, px__store_story_art_fn fn, void *ud)
{
    return s->be->story_articles(s, story, fn, ud);
}

px_status px__store_term_counts(px_store *s, const px_slice *terms, size_t n, double *counts)
{
    return s->be->term_counts(s, terms, n, counts);
}
