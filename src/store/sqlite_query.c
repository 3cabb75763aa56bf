/* The SQLite backend: listing, showing, counting and full-text search. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sqlite_impl.h"

/* Binds a limit (0: all). */
static int bind_limit(sqlite3_stmt *q, int col, size_t limit)
{
    sqlite3_int64 v = limit == 0 || limit > (size_t)INT64_MAX ? -1 : (sqlite3_int64)limit;
    return sqlite3_bind_int64(q, col, v);
}

/* Steps q, passing each row to fn, until the end or fn returns non-zero. With
 * search set, rows carry the snippet and score, and the time limit set on s
 * is lifted after the first step (which ranks every match; later steps only
 * read the sorted rows, and fn may take its time). Returns the last SQLite
 * code (SQLITE_DONE at the end or when fn stopped). */
static int each_row(px__sqlite *s, sqlite3_stmt *q, int search, px_store_row_fn fn, void *ud)
{
    int rc;
    for (int first = 1; (rc = sqlite3_step(q)) == SQLITE_ROW; first = 0) {
        if (search && first)
            px__search_deadline(s, NULL, 0);
        px_store_row row = {
            .id = px__store_column(q, 0),
            .date = px__store_column(q, 1),
            .outlet = px__store_column(q, 2),
            .title = px__store_column(q, 3),
        };
        if (search) {
            row.snippet = px__store_column(q, 4);
            row.score = sqlite3_column_double(q, 5);
        }
        if (fn(ud, &row))
            return SQLITE_DONE;
    }
    return rc;
}

px_status px__sq_list(px_store *base, size_t limit, px_store_row_fn fn, void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q = px__store_stmt(s, PX_ST_LIST);
    if (!q)
        return PX_EDB;
    int rc = bind_limit(q, 1, limit);
    if (rc == SQLITE_OK)
        rc = each_row(s, q, 0, fn, ud);
    px_status st = rc == SQLITE_DONE ? PX_OK : px__store_dbfail(s, "cannot list");
    sqlite3_reset(q);
    return st;
}

static px_status search_raw(px__sqlite *s,
                            const char *query,
                            size_t limit,
                            const char *mark_open,
                            const char *mark_close,
                            px_store_row_fn fn,
                            void *ud)
{
    px_status st = px__store_index_pending(s); /* the open batch is searched too */
    if (st)
        return st;
    px_buf bounded;
    px_buf_init(&bounded, 0);
    if ((st = px__search_bound(query, &bounded, s->base.errmsg))) {
        px_buf_free(&bounded);
        return st;
    }
    sqlite3_stmt *q = px__store_stmt(s, PX_ST_SEARCH);
    if (!q) {
        px_buf_free(&bounded);
        return PX_EDB;
    }
    long long deadline;
    px__search_deadline(s, &deadline, s->base.search_ms);
    int rc = px__store_bind(q, 1, px_buf_slice(&bounded));
    if (rc == SQLITE_OK)
        rc = px__store_bind(q, 2, px_slice_cstr(mark_open));
    if (rc == SQLITE_OK)
        rc = px__store_bind(q, 3, px_slice_cstr(mark_close));
    if (rc == SQLITE_OK)
        rc = bind_limit(q, 4, limit);
    if (rc == SQLITE_OK)
        rc = each_row(s, q, 1, fn, ud);
    if (rc == SQLITE_ERROR) /* FTS5 reports a malformed query this way */
        st = px__fail(s->base.errmsg, PX_EPARSE, "bad query: %s", sqlite3_errmsg(s->db));
    else if (rc == SQLITE_INTERRUPT)
        st = px__fail(s->base.errmsg, PX_ETOOBIG,
                      "search stopped after %.1f s (the limit): use fewer or rarer words",
                      s->base.search_ms / 1000.0);
    else if (rc != SQLITE_DONE)
        st = px__store_dbfail(s, "cannot search");
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    px__search_deadline(s, &deadline, 0);
    px_buf_free(&bounded);
    return st;
}

px_status px__sq_search(px_store *base,
                        const char *query,
                        int raw,
                        size_t limit,
                        const char *mark_open,
                        const char *mark_close,
                        px_store_row_fn fn,
                        void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    if (raw)
        return search_raw(s, query, limit, mark_open, mark_close, fn, ud);
    px_buf q;
    px_buf_init(&q, 0);
    px_status st = px__store_fts_query(query, &q);
    if (!st)
        st = px_buf_terminate(&q);
    if (st) {
        px_buf_free(&q);
        return px__fail(s->base.errmsg, st, "out of memory");
    }
    if (!q.len) {
        px_buf_free(&q);
        return px__fail(s->base.errmsg, PX_EPARSE, "bad query: no word to search for");
    }
    st = search_raw(s, (const char *)q.ptr, limit, mark_open, mark_close, fn, ud);
    px_buf_free(&q);
    return st;
}

px_status px__sq_count(px_store *base, size_t *n)
{
    px__sqlite *s = (px__sqlite *)base;
    *n = 0;
    sqlite3_stmt *q = px__store_stmt(s, PX_ST_COUNT);
    if (!q)
        return PX_EDB;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(q, 0);
    px_status st = rc == SQLITE_ROW ? PX_OK : px__store_dbfail(s, "cannot count");
    sqlite3_reset(q);
    return st;
}

/* Looks up the only id starting with prefix (at least 4 bytes). */
static px_status show_prefix(px__sqlite *s, const char *prefix, px_buf *out)
{
    sqlite3_stmt *q = px__store_stmt(s, PX_ST_PREFIX);
    if (!q)
        return PX_EDB;
    px_status st = PX_OK;
    int rc = px__store_bind(q, 1, px_slice_cstr(prefix));
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    if (rc == SQLITE_DONE) {
        st = px__fail(s->base.errmsg, PX_ENOTFOUND, "no article with an id starting with %s",
                      prefix);
    } else if (rc != SQLITE_ROW) {
        st = px__store_dbfail(s, "cannot look up the id");
    } else {
        px_slice first = px__store_column(q, 0), rec = px__store_column(q, 1);
        char id1[64];
        snprintf(id1, sizeof id1, "%.*s", (int)(first.len < 63 ? first.len : 63),
                 (const char *)first.ptr);
        st = px_buf_append(out, rec.ptr, rec.len);
        if (st)
            st = px__fail(s->base.errmsg, st, "cannot copy the record: %s", px_strerror(st));
        rc = sqlite3_step(q);
        if (st == PX_OK && rc == SQLITE_ROW) {
            px_slice second = px__store_column(q, 0);
            out->len -= rec.len;
            st = px__fail(s->base.errmsg, PX_EINVAL, "id prefix %s is ambiguous: %s, %.*s, …",
                          prefix, id1, (int)(second.len < 63 ? second.len : 63),
                          (const char *)second.ptr);
        } else if (st == PX_OK && rc != SQLITE_DONE) {
            out->len -= rec.len;
            st = px__store_dbfail(s, "cannot look up the id");
        }
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return st;
}

px_status px__sq_get(px_store *base, const char *id, px_buf *out)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q = px__store_stmt(s, PX_ST_SHOW);
    if (!q)
        return PX_EDB;
    int rc = px__store_bind(q, 1, px_slice_cstr(id));
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    px_status st = PX_OK;
    if (rc == SQLITE_ROW) {
        px_slice rec = px__store_column(q, 1);
        st = px_buf_append(out, rec.ptr, rec.len);
        if (st)
            st = px__fail(s->base.errmsg, st, "cannot copy the record: %s", px_strerror(st));
    } else if (rc != SQLITE_DONE) {
        st = px__store_dbfail(s, "cannot look up the id");
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_DONE)
        return st;
    if (strlen(id) >= 4)
        return show_prefix(s, id, out);
    return px__fail(s->base.errmsg, PX_ENOTFOUND,
                    "no article with id %s (an id prefix needs at least 4 characters)", id);
}

/* One statement with id bound to ?1; *changes gets the rows it changed. */
static int exec_id(px__sqlite *s, const char *sql, const char *id, int *changes)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = px__store_bind(q, 1, px_slice_cstr(id));
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
        if (changes)
            *changes = sqlite3_changes(s->db);
    }
    sqlite3_finalize(q);
    return rc;
}

px_status px__sq_remove(px_store *base, const char *id)
{
    px__sqlite *s = (px__sqlite *)base;
    px_status st = px__sq_commit(base);
    if (st)
        return st;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return px__store_dbfail(s, "cannot begin a transaction");
    px__store_waited(s);
    int n = 0;
    /* The delete triggers drop the search index entry and story features. */
    int rc = exec_id(s, "DELETE FROM articles WHERE id = ?1", id, &n);
    if (rc == SQLITE_OK)
        rc = exec_id(s, "DELETE FROM story_members WHERE article = ?1", id, NULL);
    if (rc != SQLITE_OK) {
        st = px__store_dbfail(s, "cannot delete the article");
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        st = px__store_dbfail(s, "cannot commit");
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    return n ? PX_OK : px__fail(s->base.errmsg, PX_ENOTFOUND, "no article with id %s", id);
}

static int past_deadline(void *ud)
{
    return px__store_now_ms() >= *(const long long *)ud;
}

void px__search_deadline(px__sqlite *s, long long *deadline, unsigned ms)
{
    if (!ms) {
        sqlite3_progress_handler(s->db, 0, NULL, NULL);
        return;
    }
    *deadline = px__store_now_ms() + ms;
    sqlite3_progress_handler(s->db, 1000, past_deadline, deadline);
}
