/* The SQLite backend's story tables (story_members, story_terms, story_vocab,
 * story_features and the grouping bookkeeping in meta) and the reads the corpus
 * needs, as typed calls (store_api.h). The DDL is in sqlite.c (migrations 2 and
 * 3); this file holds every query on those tables. */
#include <stdio.h>
#include <string.h>

#include "sqlite_impl.h"

/* Steps q to its end, calling row for each row; finalizes q. */
typedef px_status (*row_fn)(px__sqlite *s, sqlite3_stmt *q, void *ud);

static px_status each_row(px__sqlite *s, sqlite3_stmt *q, row_fn row, void *ud, const char *what)
{
    int rc;
    px_status e = PX_OK;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && !(e = row(s, q, ud)))
        ;
    if (!e && rc != SQLITE_DONE)
        e = px__store_dbfail(s, what);
    sqlite3_finalize(q);
    return e;
}

static sqlite3_stmt *prepare(px__sqlite *s, const char *sql, const char *what)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK) {
        (void)px__store_dbfail(s, what);
        return NULL;
    }
    return q;
}

/* ---- articles ---- */

typedef struct art_walk {
    px__store_art_fn fn;
    void *ud;
} art_walk;

static px_status art_row(px__sqlite *s, sqlite3_stmt *q, void *ud)
{
    (void)s;
    art_walk *w = ud;
    px__store_art a = {.rid = sqlite3_column_int64(q, 0),
                       .id = px__store_column(q, 1),
                       .date = px__store_column(q, 2),
                       .outlet = px__store_column(q, 3),
                       .title = px__store_column(q, 4),
                       .lang = px__store_column(q, 6),
                       .record = px__store_column(q, 7)};
    return w->fn(w->ud, &a);
}

/* The scans of px__sq_scan_articles, by enum px__store_scan. The record is
 * read only where it is asked for (SQLite reads a column's overflow pages
 * only when the column is). */
static const char *const scan_sql[] = {
    "SELECT rid, id, date, outlet, title, NULL, lang, NULL FROM articles"
    " ORDER BY date IS NULL, date, id",
    "SELECT rid, id, date, outlet, title, NULL, lang, record FROM articles ORDER BY rid",
};

px_status px__sq_scan_articles(px_store *base, int what, px__store_art_fn fn, void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    px_status e = px__sq_commit(&s->base);
    if (e)
        return e;
    if (what < PX__SCAN_META || what > PX__SCAN_RECORDS)
        return px__fail(s->base.errmsg, PX_EINVAL, "cannot read the articles: bad scan %d", what);
    sqlite3_stmt *q = prepare(s, scan_sql[what], "cannot read the articles");
    if (!q)
        return PX_EDB;
    art_walk w = {fn, ud};
    return each_row(s, q, art_row, &w, "cannot read the articles");
}

typedef struct feat_walk {
    px__store_feat_fn fn;
    void *ud;
} feat_walk;

static px_status feat_row(px__sqlite *s, sqlite3_stmt *q, void *ud)
{
    (void)s;
    feat_walk *w = ud;
    px_slice f = {sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1)};
    return w->fn(w->ud, sqlite3_column_int64(q, 0), f);
}

px_status px__sq_scan_features(px_store *base, px__store_feat_fn fn, void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    px_status e = px__sq_commit(&s->base);
    if (e)
        return e;
    sqlite3_stmt *q = prepare(s, "SELECT rid, f FROM story_features ORDER BY rid",
                              "cannot read the story features");
    if (!q)
        return PX_EDB;
    feat_walk w = {fn, ud};
    return each_row(s, q, feat_row, &w, "cannot read the story features");
}

px_status px__sq_record_by_rid(px_store *base, int64_t rid, px_slice *out)
{
    px__sqlite *s = (px__sqlite *)base;
    *out = PX_SLICE_LIT("");
    if (!s->rid_stmt && !(s->rid_stmt = prepare(s, "SELECT record FROM articles WHERE rid = ?1",
                                                "cannot read the articles")))
        return PX_EDB;
    sqlite3_reset(s->rid_stmt);
    sqlite3_bind_int64(s->rid_stmt, 1, rid);
    int rc = sqlite3_step(s->rid_stmt);
    px_status e = PX_OK;
    if (rc == SQLITE_ROW) {
        /* Copied, so that no statement stays open (and holds a snapshot). */
        px_slice v = px__store_column(s->rid_stmt, 0);
        px_buf_reset(&s->rid_buf);
        if (px_buf_append(&s->rid_buf, v.ptr, v.len))
            e = px__fail(s->base.errmsg, PX_ENOMEM, "out of memory");
        else
            *out = px_buf_slice(&s->rid_buf);
    } else if (rc != SQLITE_DONE) {
        e = px__store_dbfail(s, "cannot read the articles");
    }
    sqlite3_reset(s->rid_stmt);
    return e;
}

typedef struct text_walk {
    px__store_text_fn fn;
    void *ud;
} text_walk;

static px_status text_row(px__sqlite *s, sqlite3_stmt *q, void *ud)
{
    (void)s;
    text_walk *w = ud;
    return w->fn(w->ud, px__store_column(q, 0), px__store_column(q, 1));
}

px_status px__sq_scan_originals(px_store *base, px__store_text_fn fn, void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q =
        prepare(s,
                "SELECT a.outlet, a.record FROM articles AS a LEFT JOIN story_members"
                " AS m ON m.article = a.id WHERE m.duplicate_of IS NULL ORDER BY a.rid",
                "cannot read the articles");
    if (!q)
        return PX_EDB;
    text_walk w = {fn, ud};
    return each_row(s, q, text_row, &w, "cannot read the articles");
}

typedef struct outlet_walk {
    px__store_outlet_fn fn;
    void *ud;
} outlet_walk;

static px_status outlet_row(px__sqlite *s, sqlite3_stmt *q, void *ud)
{
    (void)s;
    outlet_walk *w = ud;
    return w->fn(w->ud, px__store_column(q, 0));
}

px_status px__sq_top_outlets(px_store *base, size_t limit, px__store_outlet_fn fn, void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q = prepare(s,
                              "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet"
                              " ORDER BY count(*) DESC, outlet LIMIT ?1",
                              "cannot list the outlets");
    if (!q)
        return PX_EDB;
    sqlite3_bind_int64(q, 1, (sqlite3_int64)limit);
    outlet_walk w = {fn, ud};
    return each_row(s, q, outlet_row, &w, "cannot list the outlets");
}

/* ---- the saved grouping ---- */

typedef struct member_walk {
    px__store_member_fn fn;
    void *ud;
} member_walk;

static px_status member_row(px__sqlite *s, sqlite3_stmt *q, void *ud)
{
    (void)s;
    member_walk *w = ud;
    px__store_member m = {px__store_column(q, 0), px__store_column(q, 1), px__store_column(q, 2),
                          (uint32_t)sqlite3_column_int64(q, 3)};
    return w->fn(w->ud, &m);
}

px_status px__sq_members(px_store *base, px__store_member_fn fn, void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q = prepare(s, "SELECT article, story, duplicate_of, ord FROM story_members",
                              "cannot read the stories");
    if (!q)
        return PX_EDB;
    member_walk w = {fn, ud};
    return each_row(s, q, member_row, &w, "cannot read the stories");
}

typedef struct stem_walk {
    px__store_stem_fn fn;
    void *ud;
} stem_walk;

static px_status stem_row(px__sqlite *s, sqlite3_stmt *q, void *ud)
{
    (void)s;
    stem_walk *w = ud;
    return w->fn(w->ud, sqlite3_column_int64(q, 0), px__store_column(q, 1));
}

px_status px__sq_vocab(px_store *base, px__store_stem_fn fn, void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q = prepare(s, "SELECT tid, stem FROM story_vocab ORDER BY tid",
                              "cannot read the story vocabulary");
    if (!q)
        return PX_EDB;
    stem_walk w = {fn, ud};
    return each_row(s, q, stem_row, &w, "cannot read the story vocabulary");
}

typedef struct topic_walk {
    px__store_topic_fn fn;
    void *ud;
} topic_walk;

static px_status topic_row(px__sqlite *s, sqlite3_stmt *q, void *ud)
{
    (void)s;
    topic_walk *w = ud;
    px__store_topic m = {px__store_column(q, 0), px__store_column(q, 1),
                         (int)sqlite3_column_int64(q, 2)};
    return w->fn(w->ud, &m);
}

px_status px__sq_topics(px_store *base, px__store_topic_fn fn, void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q = prepare(s, "SELECT story, topic, lead FROM topic_members ORDER BY story",
                              "cannot read the topics");
    if (!q)
        return PX_EDB;
    topic_walk w = {fn, ud};
    return each_row(s, q, topic_row, &w, "cannot read the topics");
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* Runs sql once per item i of [from, n), bind(q, i) binding its parameters
 * (returns 0 to skip the item). */
typedef int (*bind_fn)(sqlite3_stmt *q, const px__grouping *g, size_t i);

static int
insert_all(sqlite3 *db, const char *sql, const px__grouping *g, size_t from, size_t n, bind_fn bind)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
    for (size_t i = from; i < n && rc == SQLITE_OK; i++) {
        if (!bind(q, g, i))
            continue;
        rc = sqlite3_step(q);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return rc;
}

static int bind_member(sqlite3_stmt *q, const px__grouping *g, size_t i)
{
    const px__store_member *m = &g->members[i];
    px__store_bind(q, 1, m->article);
    px__store_bind(q, 2, m->story);
    px__store_bind(q, 3, m->dup_of);
    sqlite3_bind_int64(q, 4, m->ord);
    return 1;
}

static int bind_topic(sqlite3_stmt *q, const px__grouping *g, size_t i)
{
    const px__store_topic *m = &g->topics[i];
    px__store_bind(q, 1, m->story);
    px__store_bind(q, 2, m->topic);
    sqlite3_bind_int64(q, 3, m->lead);
    return 1;
}

static int bind_term(sqlite3_stmt *q, const px__grouping *g, size_t i)
{
    if (!g->term_count[i])
        return 0;
    px__store_bind(q, 1, g->stems[i]);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)g->term_count[i]);
    return 1;
}

static int bind_stem(sqlite3_stmt *q, const px__grouping *g, size_t i)
{
    sqlite3_bind_int64(q, 1, (sqlite3_int64)i);
    sqlite3_bind_blob(q, 2, g->stems[i].ptr, (int)g->stems[i].len, SQLITE_STATIC);
    return 1;
}

static int bind_drop_member(sqlite3_stmt *q, const px__grouping *g, size_t i)
{
    px__store_bind(q, 1, g->drop_members[i]);
    return 1;
}

static int bind_drop_topic(sqlite3_stmt *q, const px__grouping *g, size_t i)
{
    px__store_bind(q, 1, g->drop_topics[i]);
    return 1;
}

static int bind_feat(sqlite3_stmt *q, const px__grouping *g, size_t i)
{
    px_slice f;
    if (g->feat)
        f = g->feat[i];
    else if (g->feat_read(g->feat_ud, i, &f))
        return 0; /* not saved: featurized again next time */
    sqlite3_bind_int64(q, 1, g->feat_rid[i]);
    sqlite3_bind_blob(q, 2, f.ptr, (int)f.len, g->feat ? SQLITE_STATIC : SQLITE_TRANSIENT);
    return 1;
}

px_status px__sq_grouping_save(px_store *base, const px__grouping *g)
{
    px__sqlite *s = (px__sqlite *)base;
    px_status e = px__sq_commit(&s->base);
    if (e)
        return e;
    sqlite3 *db = s->db;
    if (exec(db, "BEGIN IMMEDIATE") != SQLITE_OK)
        return px__store_dbfail(s, "cannot lock the store");
    char meta[256];
    snprintf(meta, sizeof meta,
             "INSERT OR REPLACE INTO meta(key, value) VALUES ('stories_articles', %zu),"
             " ('stories_maxrid', %lld), ('stories_tokens', %llu)",
             g->n_articles, (long long)g->max_rid, (unsigned long long)g->tokens);
    int rc;
    if (g->partial) { /* the changed rows only (px__grouping) */
        rc = exec(db, "DELETE FROM story_terms");
        if (rc == SQLITE_OK)
            rc = insert_all(db, "DELETE FROM story_members WHERE article = ?1", g, 0,
                            g->n_drop_members, bind_drop_member);
        if (rc == SQLITE_OK)
            rc = insert_all(db, "DELETE FROM topic_members WHERE story = ?1", g, 0,
                            g->n_drop_topics, bind_drop_topic);
    } else {
        rc = exec(db, "DELETE FROM story_members; DELETE FROM story_terms;"
                      " DELETE FROM topic_members");
    }
    if (rc == SQLITE_OK)
        rc = insert_all(db,
                        "INSERT INTO story_members(article, story, duplicate_of, ord)"
                        " VALUES (?1, ?2, ?3, ?4)",
                        g, 0, g->n_members, bind_member);
    if (rc == SQLITE_OK)
        rc = insert_all(db, "INSERT INTO topic_members(story, topic, lead) VALUES (?1, ?2, ?3)", g,
                        0, g->n_topics, bind_topic);
    if (rc == SQLITE_OK)
        rc = insert_all(db, "INSERT INTO story_terms(term, n) VALUES (?1, ?2)", g, 0, g->n_stems,
                        bind_term);
    if (rc == SQLITE_OK && g->rebuild)
        rc = exec(db, "DELETE FROM story_features; DELETE FROM story_vocab");
    if (rc == SQLITE_OK)
        rc = insert_all(db, "INSERT OR REPLACE INTO story_vocab(tid, stem) VALUES (?1, ?2)", g,
                        g->rebuild ? 0 : g->stems_from, g->n_stems, bind_stem);
    if (rc == SQLITE_OK)
        rc = insert_all(db, "INSERT OR REPLACE INTO story_features(rid, f) VALUES (?1, ?2)", g, 0,
                        g->n_feat, bind_feat);
    if (rc == SQLITE_OK)
        rc = exec(db, meta);
    if (rc == SQLITE_OK && exec(db, "COMMIT") == SQLITE_OK)
        return PX_OK;
    e = px__store_dbfail(s, "cannot save the stories");
    if (!sqlite3_get_autocommit(db))
        exec(db, "ROLLBACK");
    return e;
}

static int one_int(sqlite3 *db, const char *sql, int64_t *v)
{
    sqlite3_stmt *q;
    int ok = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
        *v = sqlite3_column_int64(q, 0);
        ok = 1;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? ok : -1;
}

px_status px__sq_grouping_state(px_store *base, px__grouping_state *out)
{
    px__sqlite *s = (px__sqlite *)base;
    memset(out, 0, sizeof *out);
    px_status e = px__sq_commit(&s->base);
    if (e)
        return e;
    int64_t tokens = 0;
    int a = one_int(s->db, "SELECT count(*) FROM articles", &out->articles);
    int b = one_int(s->db, "SELECT coalesce(max(rid), 0) FROM articles", &out->max_rid);
    int c =
        one_int(s->db, "SELECT value FROM meta WHERE key = 'stories_articles'", &out->g_articles);
    int d = one_int(s->db, "SELECT value FROM meta WHERE key = 'stories_maxrid'", &out->g_max_rid);
    int t = one_int(s->db, "SELECT value FROM meta WHERE key = 'stories_tokens'", &tokens);
    if (a < 0 || b < 0 || c < 0 || d < 0 || t < 0)
        return px__store_dbfail(s, "cannot read the state of the stories");
    out->grouped = c > 0 && d > 0;
    out->tokens = tokens > 0 ? (uint64_t)tokens : 0;
    return PX_OK;
}

px_status px__sq_data_version(px_store *base, int64_t *out)
{
    px__sqlite *s = (px__sqlite *)base;
    *out = 0;
    px_status e = px__sq_commit(&s->base);
    if (e)
        return e;
    if (one_int(s->db, "PRAGMA data_version", out) < 0)
        return px__store_dbfail(s, "cannot read the data version");
    return PX_OK;
}

px_status px__sq_story_resolve(px_store *base, const char *want, char *id, size_t cap)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q = prepare(s,
                              "SELECT DISTINCT story FROM story_members WHERE story = ?1 UNION ALL"
                              " SELECT * FROM (SELECT DISTINCT story FROM story_members"
                              " WHERE story > ?1 AND story < ?1 || x'ff' ORDER BY story LIMIT 2)",
                              "cannot look up the story");
    if (!q)
        return PX_EDB;
    sqlite3_bind_text(q, 1, want, -1, SQLITE_STATIC);
    char first[64] = "";
    size_t flen = sizeof first; /* too long for an id until a row says otherwise */
    int rows = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        px_slice v = px__store_column(q, 0);
        if (rows++ == 0 && v.len < sizeof first)
            memcpy(first, v.ptr, flen = v.len);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return px__store_dbfail(s, "cannot look up the story");
    return px__store_story_pick(base, want, (px_slice){(const uint8_t *)first, flen}, rows, id,
                                cap);
}

typedef struct story_walk {
    px__store_story_art_fn fn;
    void *ud;
} story_walk;

static px_status story_row(px__sqlite *s, sqlite3_stmt *q, void *ud)
{
    (void)s;
    story_walk *w = ud;
    px__store_story_art a = {.id = px__store_column(q, 0),
                             .dup_of = px__store_column(q, 1),
                             .rid = sqlite3_column_int64(q, 2),
                             .date = px__store_column(q, 3),
                             .outlet = px__store_column(q, 4),
                             .title = px__store_column(q, 5),
                             .record = px__store_column(q, 6)};
    return w->fn(w->ud, &a);
}

px_status
px__sq_story_articles(px_store *base, const char *story, px__store_story_art_fn fn, void *ud)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q = prepare(s,
                              "SELECT m.article, m.duplicate_of, a.rid, a.date, a.outlet, a.title,"
                              " a.record FROM story_members AS m JOIN articles AS a"
                              " ON a.id = m.article WHERE m.story = ?1 ORDER BY m.ord",
                              "cannot read the story");
    if (!q)
        return PX_EDB;
    sqlite3_bind_text(q, 1, story, -1, SQLITE_STATIC);
    story_walk w = {fn, ud};
    return each_row(s, q, story_row, &w, "cannot read the story");
}

px_status px__sq_term_counts(px_store *base, const px_slice *terms, size_t n, double *counts)
{
    px__sqlite *s = (px__sqlite *)base;
    sqlite3_stmt *q =
        prepare(s, "SELECT n FROM story_terms WHERE term = ?1", "cannot read the term prior");
    if (!q)
        return PX_EDB;
    for (size_t t = 0; t < n; t++) {
        px__store_bind(q, 1, terms[t]);
        counts[t] = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_double(q, 0) : 0;
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return PX_OK;
}

/* SQLite lets one writer in at a time, and the grouping is saved in one write
 * transaction (px__sq_grouping_save): two runs may both compute, the later save
 * wins, and both are complete groupings. Nothing to lock here. */
px_status px__sq_grouping_lock(px_store *s, int on)
{
    (void)s;
    (void)on;
    return PX_OK;
}
