/* The PostgreSQL backend's story tables and the reads the corpus needs
 * (store_api.h), the same queries as sqlite_stories.c. The DDL is in
 * postgres.c. Large reads go through a cursor (px__pg_each), so that a scan
 * holds a thousand rows at a time and its callback may query again. One
 * grouping run at a time per database: a session advisory lock. */
#include <stdio.h>
#include <string.h>

#include "pg_impl.h"

/* pg_advisory_lock key of the grouping ("parallx1"). */
#define GROUPING_LOCK "7061726c6c617831"

/* ---- articles ---- */

typedef struct art_walk {
    px__store_art_fn fn;
    void *ud;
} art_walk;

static px_status art_row(px__pg *s, const PGresult *r, int i, void *ud)
{
    (void)s;
    art_walk *w = ud;
    px__store_art a = {.rid = px__pg_i64(r, i, 0),
                       .id = px__pg_text(r, i, 1),
                       .date = px__pg_text(r, i, 2),
                       .outlet = px__pg_text(r, i, 3),
                       .title = px__pg_text(r, i, 4),
                       .lang = px__pg_text(r, i, 6),
                       .record = px__pg_text(r, i, 7)};
    return w->fn(w->ud, &a);
}

/* The scans of px__pg_scan_articles, by enum px__store_scan: the records come
 * with the rows (one cursor, not a query per article). */
static const char *const scan_sql[] = {
    "SELECT rid, id, date, outlet, title, NULL::bytea, lang, NULL::text FROM articles"
    " ORDER BY date IS NULL, date, id",
    "SELECT rid, id, date, outlet, title, NULL::bytea, lang, record FROM articles ORDER BY rid",
};

/* Rows per fetch of a scan that may carry records (about 70 KB each with
 * every analysis): some 20 MB in memory at a time. */
#define SCAN_RECORD_ROWS 256

px_status px__pg_scan_articles(px_store *base, int what, px__store_art_fn fn, void *ud)
{
    px__pg *s = (px__pg *)base;
    px_status e = px__pg_commit(base);
    if (e)
        return e;
    if (what < PX__SCAN_META || what > PX__SCAN_RECORDS)
        return px__fail(s->base.errmsg, PX_EINVAL, "cannot read the articles: bad scan %d", what);
    art_walk w = {fn, ud};
    return px__pg_each_n(s, scan_sql[what], 0, NULL, NULL, NULL,
                         what == PX__SCAN_META ? PX__PG_FETCH_ROWS : SCAN_RECORD_ROWS, art_row, &w,
                         "cannot read the articles");
}

typedef struct feat_walk {
    px__store_feat_fn fn;
    void *ud;
} feat_walk;

static px_status feat_row(px__pg *s, const PGresult *r, int i, void *ud)
{
    (void)s;
    feat_walk *w = ud;
    return w->fn(w->ud, px__pg_i64(r, i, 0), px__pg_text(r, i, 1));
}

px_status px__pg_scan_features(px_store *base, px__store_feat_fn fn, void *ud)
{
    px__pg *s = (px__pg *)base;
    px_status e = px__pg_commit(base);
    if (e)
        return e;
    feat_walk w = {fn, ud};
    return px__pg_each_n(s, "SELECT rid, f FROM story_features ORDER BY rid", 0, NULL, NULL, NULL,
                         SCAN_RECORD_ROWS * 4, feat_row, &w, "cannot read the story features");
}

px_status px__pg_record_by_rid(px_store *base, int64_t rid, px_slice *out)
{
    px__pg *s = (px__pg *)base;
    *out = PX_SLICE_LIT("");
    PGresult *r = px__pg_rid(s, rid);
    if (!r)
        return PX_EDB;
    px_status e = PX_OK;
    if (PQntuples(r) > 0) {
        px_slice v = px__pg_text(r, 0, 0);
        px_buf_reset(&s->rid_buf);
        if (px_buf_append(&s->rid_buf, v.ptr, v.len))
            e = px__fail(s->base.errmsg, PX_ENOMEM, "out of memory");
        else
            *out = px_buf_slice(&s->rid_buf);
    }
    PQclear(r);
    return e;
}

typedef struct text_walk {
    px__store_text_fn fn;
    void *ud;
} text_walk;

static px_status text_row(px__pg *s, const PGresult *r, int i, void *ud)
{
    (void)s;
    text_walk *w = ud;
    return w->fn(w->ud, px__pg_text(r, i, 0), px__pg_text(r, i, 1));
}

px_status px__pg_scan_originals(px_store *base, px__store_text_fn fn, void *ud)
{
    text_walk w = {fn, ud};
    return px__pg_each((px__pg *)base,
                       "SELECT a.outlet, a.record FROM articles AS a LEFT JOIN story_members"
                       " AS m ON m.article = a.id WHERE m.duplicate_of IS NULL ORDER BY a.rid",
                       0, NULL, NULL, NULL, text_row, &w, "cannot read the articles");
}

typedef struct outlet_walk {
    px__store_outlet_fn fn;
    void *ud;
} outlet_walk;

static px_status outlet_row(px__pg *s, const PGresult *r, int i, void *ud)
{
    (void)s;
    outlet_walk *w = ud;
    return w->fn(w->ud, px__pg_text(r, i, 0));
}

px_status px__pg_top_outlets(px_store *base, size_t limit, px__store_outlet_fn fn, void *ud)
{
    char lim[32];
    snprintf(lim, sizeof lim, "%zu", limit);
    const char *vals[1] = {lim};
    outlet_walk w = {fn, ud};
    return px__pg_each((px__pg *)base,
                       "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet"
                       " ORDER BY count(*) DESC, outlet LIMIT $1::bigint",
                       1, vals, NULL, NULL, outlet_row, &w, "cannot list the outlets");
}

/* ---- the saved grouping ---- */

typedef struct member_walk {
    px__store_member_fn fn;
    void *ud;
} member_walk;

static px_status member_row(px__pg *s, const PGresult *r, int i, void *ud)
{
    (void)s;
    member_walk *w = ud;
    px__store_member m = {px__pg_text(r, i, 0), px__pg_text(r, i, 1), px__pg_text(r, i, 2),
                          (uint32_t)px__pg_i64(r, i, 3)};
    return w->fn(w->ud, &m);
}

px_status px__pg_members(px_store *base, px__store_member_fn fn, void *ud)
{
    member_walk w = {fn, ud};
    /* In SQLite's order (its primary key), so that callers see the same. */
    return px__pg_each((px__pg *)base,
                       "SELECT article, story, duplicate_of, ord FROM story_members"
                       " ORDER BY article",
                       0, NULL, NULL, NULL, member_row, &w, "cannot read the stories");
}

typedef struct topic_walk {
    px__store_topic_fn fn;
    void *ud;
} topic_walk;

static px_status topic_row(px__pg *s, const PGresult *r, int i, void *ud)
{
    (void)s;
    topic_walk *w = ud;
    px__store_topic m = {px__pg_text(r, i, 0), px__pg_text(r, i, 1), (int)px__pg_i64(r, i, 2)};
    return w->fn(w->ud, &m);
}

px_status px__pg_topics(px_store *base, px__store_topic_fn fn, void *ud)
{
    topic_walk w = {fn, ud};
    return px__pg_each((px__pg *)base,
                       "SELECT story, topic, lead FROM topic_members ORDER BY story", 0, NULL, NULL,
                       NULL, topic_row, &w, "cannot read the topics");
}

typedef struct stem_walk {
    px__store_stem_fn fn;
    void *ud;
} stem_walk;

static px_status stem_row(px__pg *s, const PGresult *r, int i, void *ud)
{
    (void)s;
    stem_walk *w = ud;
    return w->fn(w->ud, px__pg_i64(r, i, 0), px__pg_text(r, i, 1));
}

px_status px__pg_vocab(px_store *base, px__store_stem_fn fn, void *ud)
{
    stem_walk w = {fn, ud};
    return px__pg_each((px__pg *)base, "SELECT tid, stem FROM story_vocab ORDER BY tid", 0, NULL,
                       NULL, NULL, stem_row, &w, "cannot read the story vocabulary");
}

px_status px__pg_grouping_lock(px_store *base, int on)
{
    px__pg *s = (px__pg *)base;
    PGresult *r = px__pg_query(s,
                               on ? "SELECT pg_advisory_lock(x'" GROUPING_LOCK "'::bigint)"
                                  : "SELECT pg_advisory_unlock(x'" GROUPING_LOCK "'::bigint)",
                               0, NULL, NULL, NULL, "cannot lock the stories");
    PQclear(r);
    return r ? PX_OK : PX_EDB;
}

/* COPY rows of the grouping, one table at a time. */
static px_status copy_rows(px__pg *s, const char *sql, const px__grouping *g, int table)
{
    px_buf *b = &s->tmp;
    px_buf_reset(b);
    px_status st = PX_OK;
    char num[48];
    if (table == 0) { /* story_members */
        for (size_t i = 0; i < g->n_members && !st; i++) {
            const px__store_member *m = &g->members[i];
            st = px__pg_copy_field(b, m->article, 0);
            if (!st)
                st = px_buf_append_byte(b, '\t');
            if (!st)
                st = px__pg_copy_field(b, m->story, 0);
            if (!st)
                st = px_buf_append_byte(b, '\t');
            if (!st)
                st = px__pg_copy_field(b, m->dup_of, 0);
            if (!st)
                st = px_buf_appendf(b, "\t%u\n", (unsigned)m->ord);
        }
    } else if (table == 1) { /* story_terms */
        for (size_t i = 0; i < g->n_stems && !st; i++) {
            if (!g->term_count[i])
                continue;
            st = px__pg_copy_field(b, g->stems[i], 1);
            snprintf(num, sizeof num, "\t%llu\n", (unsigned long long)g->term_count[i]);
            if (!st)
                st = px_buf_append_str(b, num);
        }
    } else if (table == 2) { /* story_vocab */
        for (size_t i = g->rebuild ? 0 : g->stems_from; i < g->n_stems && !st; i++) {
            st = px_buf_appendf(b, "%zu\t", i);
            if (!st)
                st = px__pg_copy_field(b, g->stems[i], 1);
            if (!st)
                st = px_buf_append_byte(b, '\n');
        }
    } else if (table == 4) { /* topic_members */
        for (size_t i = 0; i < g->n_topics && !st; i++) {
            const px__store_topic *m = &g->topics[i];
            st = px__pg_copy_field(b, m->story, 0);
            if (!st)
                st = px_buf_append_byte(b, '\t');
            if (!st)
                st = px__pg_copy_field(b, m->topic, 0);
            if (!st)
                st = px_buf_appendf(b, "\t%d\n", m->lead);
        }
    } else { /* story_features */
        for (size_t i = 0; i < g->n_feat && !st; i++) {
            px_slice f;
            if (g->feat)
                f = g->feat[i];
            else if (g->feat_read(g->feat_ud, i, &f))
                continue; /* not saved: featurized again next time */
            st = px_buf_appendf(b, "%lld\t", (long long)g->feat_rid[i]);
            if (!st)
                st = px__pg_copy_field(b, f, 1);
            if (!st)
                st = px_buf_append_byte(b, '\n');
        }
    }
    if (st)
        return px__fail(s->base.errmsg, PX_ENOMEM, "out of memory");
    st = px__pg_copy(s, sql, px_buf_slice(b), "cannot save the stories");
    if (b->cap > ((size_t)64 << 20))
        px_buf_free(b);
    return st;
}

/* Deletes the saved features of the articles featurized now (those whose
 * saved features could not be read; the others have none), one statement. */
static px_status drop_features(px__pg *s, const px__grouping *g, const char *what)
{
    if (!g->n_feat)
        return PX_OK;
    px_buf *b = &s->tmp;
    px_buf_reset(b);
    px_status st = px_buf_append_byte(b, '{');
    for (size_t i = 0; i < g->n_feat && !st; i++)
        st = px_buf_appendf(b, i ? ",%lld" : "%lld", (long long)g->feat_rid[i]);
    if (!st)
        st = px_buf_append_byte(b, '}');
    if (!st)
        st = px_buf_terminate(b);
    if (st)
        return px__fail(s->base.errmsg, PX_ENOMEM, "out of memory");
    const char *vals[1] = {(const char *)b->ptr};
    PGresult *r = px__pg_query(s, "DELETE FROM story_features WHERE rid = ANY($1::bigint[])", 1,
                               vals, NULL, NULL, what);
    PQclear(r);
    return r ? PX_OK : PX_EDB;
}

/* Deletes the rows of table whose key is one of keys (a text[] parameter:
 * each key double-quoted, " and \ escaped), one statement. */
static px_status
drop_keys(px__pg *s, const char *sql, const px_slice *keys, size_t n, const char *what)
{
    if (!n)
        return PX_OK;
    px_buf *b = &s->tmp;
    px_buf_reset(b);
    px_status st = px_buf_append_byte(b, '{');
    for (size_t i = 0; i < n && !st; i++) {
        st = px_buf_append_str(b, i ? ",\"" : "\"");
        for (size_t k = 0; k < keys[i].len && !st; k++) {
            uint8_t ch = keys[i].ptr[k];
            if (ch == '"' || ch == '\\')
                st = px_buf_append_byte(b, '\\');
            if (!st)
                st = px_buf_append_byte(b, ch);
        }
        if (!st)
            st = px_buf_append_byte(b, '"');
    }
    if (!st)
        st = px_buf_append_byte(b, '}');
    if (!st)
        st = px_buf_terminate(b);
    if (st)
        return px__fail(s->base.errmsg, PX_ENOMEM, "out of memory");
    const char *vals[1] = {(const char *)b->ptr};
    PGresult *r = px__pg_query(s, sql, 1, vals, NULL, NULL, what);
    PQclear(r);
    return r ? PX_OK : PX_EDB;
}

px_status px__pg_grouping_save(px_store *base, const px__grouping *g)
{
    px__pg *s = (px__pg *)base;
    px_status e = px__pg_commit(base);
    if (e)
        return e;
    const char *what = "cannot save the stories";
    if (g->partial) { /* the changed rows only (px__grouping) */
        e = px__pg_cmd(s, "BEGIN; DELETE FROM story_terms", what);
        if (!e)
            e = drop_keys(s, "DELETE FROM story_members WHERE article = ANY($1::text[])",
                          g->drop_members, g->n_drop_members, what);
        if (!e)
            e = drop_keys(s, "DELETE FROM topic_members WHERE story = ANY($1::text[])",
                          g->drop_topics, g->n_drop_topics, what);
    } else {
        e = px__pg_cmd(s,
                       "BEGIN; DELETE FROM story_members; DELETE FROM story_terms;"
                       " DELETE FROM topic_members",
                       what);
    }
    if (!e)
        e = copy_rows(s, "COPY story_members(article, story, duplicate_of, ord) FROM STDIN", g, 0);
    if (!e)
        e = copy_rows(s, "COPY topic_members(story, topic, lead) FROM STDIN", g, 4);
    if (!e)
        e = copy_rows(s, "COPY story_terms(term, n) FROM STDIN", g, 1);
    /* The new stems and features go straight into their tables (COPY, no
     * staging table and upsert): the rows they would replace are deleted
     * first. The grouping lock keeps other runs out meanwhile. */
    if (!e && g->rebuild) {
        e = px__pg_cmd(s, "DELETE FROM story_features; DELETE FROM story_vocab", what);
    } else if (!e) {
        char sql[96];
        snprintf(sql, sizeof sql, "DELETE FROM story_vocab WHERE tid >= %zu", g->stems_from);
        e = px__pg_cmd(s, sql, what);
        if (!e)
            e = drop_features(s, g, what);
    }
    if (!e)
        e = copy_rows(s, "COPY story_vocab(tid, stem) FROM STDIN", g, 2);
    if (!e)
        e = copy_rows(s, "COPY story_features(rid, f) FROM STDIN", g, 3);
    if (!e) {
        char meta[320];
        snprintf(meta, sizeof meta,
                 "INSERT INTO meta(key, value) VALUES ('stories_articles', '%zu'),"
                 " ('stories_maxrid', '%lld'), ('stories_tokens', '%llu')"
                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 g->n_articles, (long long)g->max_rid, (unsigned long long)g->tokens);
        e = px__pg_cmd(s, meta, what);
    }
    if (!e)
        e = px__pg_cmd(s, "COMMIT", what);
    if (e && PQtransactionStatus(s->conn) != PQTRANS_IDLE)
        PQclear(PQexec(s->conn, "ROLLBACK"));
    return e;
}

px_status px__pg_grouping_state(px_store *base, px__grouping_state *out)
{
    px__pg *s = (px__pg *)base;
    memset(out, 0, sizeof *out);
    px_status e = px__pg_commit(base);
    if (e)
        return e;
    PGresult *r = px__pg_query(
        s,
        "SELECT (SELECT count(*) FROM articles), (SELECT coalesce(max(rid), 0) FROM articles),"
        " (SELECT value::bigint FROM meta WHERE key = 'stories_articles'),"
        " (SELECT value::bigint FROM meta WHERE key = 'stories_maxrid'),"
        " (SELECT value::bigint FROM meta WHERE key = 'stories_tokens')",
        0, NULL, NULL, NULL, "cannot read the state of the stories");
    if (!r)
        return PX_EDB;
    out->articles = px__pg_i64(r, 0, 0);
    out->max_rid = px__pg_i64(r, 0, 1);
    out->g_articles = px__pg_i64(r, 0, 2);
    out->g_max_rid = px__pg_i64(r, 0, 3);
    int64_t tokens = px__pg_i64(r, 0, 4);
    out->grouped = !PQgetisnull(r, 0, 2) && !PQgetisnull(r, 0, 3);
    out->tokens = tokens > 0 ? (uint64_t)tokens : 0;
    PQclear(r);
    return PX_OK;
}

px_status px__pg_data_version(px_store *base, int64_t *out)
{
    px__pg *s = (px__pg *)base;
    *out = 0;
    px_status e = px__pg_commit(base);
    if (e)
        return e;
    PGresult *r = px__pg_query(s,
                               "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint"
                               " FROM pg_stat_user_tables WHERE relid = 'articles'::regclass",
                               0, NULL, NULL, NULL, "cannot read the data version");
    if (!r)
        return PX_EDB;
    *out = px__pg_i64(r, 0, 0);
    PQclear(r);
    return PX_OK;
}

px_status px__pg_story_resolve(px_store *base, const char *want, char *id, size_t cap)
{
    px__pg *s = (px__pg *)base;
    const char *vals[1] = {want};
    PGresult *r = px__pg_query(s,
                               "SELECT DISTINCT story FROM story_members WHERE story = $1"
                               " UNION ALL SELECT * FROM (SELECT DISTINCT story FROM story_members"
                               " WHERE story > $1 AND starts_with(story, $1) ORDER BY story"
                               " LIMIT 2) AS p",
                               1, vals, NULL, NULL, "cannot look up the story");
    if (!r)
        return PX_EDB;
    int rows = PQntuples(r);
    px_status st = px__store_story_pick(base, want, rows ? px__pg_text(r, 0, 0) : (px_slice){0},
                                        rows, id, cap);
    PQclear(r);
    return st;
}

typedef struct story_walk {
    px__store_story_art_fn fn;
    void *ud;
} story_walk;

static px_status story_row(px__pg *s, const PGresult *r, int i, void *ud)
{
    (void)s;
    story_walk *w = ud;
    px__store_story_art a = {.id = px__pg_text(r, i, 0),
                             .dup_of = px__pg_text(r, i, 1),
                             .rid = px__pg_i64(r, i, 2),
                             .date = px__pg_text(r, i, 3),
                             .outlet = px__pg_text(r, i, 4),
                             .title = px__pg_text(r, i, 5),
                             .record = px__pg_text(r, i, 6)};
    return w->fn(w->ud, &a);
}

px_status
px__pg_story_articles(px_store *base, const char *story, px__store_story_art_fn fn, void *ud)
{
    const char *vals[1] = {story};
    story_walk w = {fn, ud};
    return px__pg_each((px__pg *)base,
                       "SELECT m.article, m.duplicate_of, a.rid, a.date, a.outlet, a.title,"
                       " a.record FROM story_members AS m JOIN articles AS a"
                       " ON a.id = m.article WHERE m.story = $1 ORDER BY m.ord",
                       1, vals, NULL, NULL, story_row, &w, "cannot read the story");
}

px_status px__pg_term_counts(px_store *base, const px_slice *terms, size_t n, double *counts)
{
    px__pg *s = (px__pg *)base;
    for (size_t t = 0; t < n; t++) {
        PGresult *r = px__pg_term(s, terms[t]);
        if (!r)
            return PX_EDB;
        counts[t] = PQntuples(r) > 0 ? px__pg_f64(r, 0, 0) : 0;
        PQclear(r);
    }
    return PX_OK;
}
