/* The SQLite backend: opening and schema migrations, batched transactions and
 * idempotent upserts of article records. Queries are in sqlite_query.c and
 * sqlite_stories.c, waiting for other writers in sqlite_wait.c. */
#include <stdio.h>
#include <string.h>

#include "sqlite_impl.h"

#define SCHEMA_VERSION 5
#define APPLICATION    "parallax"

/* Page size of a new store: FTS5 segments and article rows are large, and 8 KiB
 * pages measured faster than 4 KiB for bulk adds. */
#define PAGE_SIZE_SQL "PRAGMA page_size = 8192"

/* migrations[v] upgrades a store from schema version v to v + 1, inside one
 * transaction. Version 0 is an empty database.
 *
 * articles has an explicit INTEGER PRIMARY KEY (rid) because the external-content
 * FTS5 index refers to rows by rowid, and VACUUM may renumber implicit rowids; the
 * record id is UNIQUE, which is what upserts key on. Ranking weighs a title match
 * four times a body match. FTS5 merges 16 segments at a time (automerge) and
 * writes leaves that fill an 8 KiB page (pgsz): both measured faster for bulk adds.
 *
 * The index is not kept by insert and update triggers: a statement that fires a
 * trigger opens a statement transaction, and FTS5 flushes its pending terms to a new
 * segment at every such savepoint, so indexing ran at a third of its speed (one
 * segment per article, merged again and again). The store instead queues the rows of
 * a batch and indexes them with one statement before the batch commits (see
 * px__store_index_pending). The delete trigger stays, for rows deleted by hand. */
static const char *const migrations[SCHEMA_VERSION] = {
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
    "INSERT INTO meta(key, value) VALUES ('application', '" APPLICATION "');"
    "CREATE TABLE articles("
    " rid INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " date TEXT, outlet TEXT, title TEXT, url TEXT, lang TEXT,"
    " record TEXT NOT NULL);"
    /* The text lives once, inside the record; the index reads it through a view. */
    "CREATE VIEW articles_text(rid, title, text) AS"
    " SELECT rid, title, json_extract(record, '$.text') FROM articles;"
    "CREATE INDEX articles_by_date ON articles(date IS NULL, date, id);"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles_text',"
    " content_rowid='rid', tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');"
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16);"
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('pgsz', 8000);"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    " INSERT INTO articles_fts(articles_fts, rowid, title, text)"
    " VALUES ('delete', old.rid, old.title, json_extract(old.record, '$.text'));"
    " END;",
    /* Version 2: stories (src/corpus). story_members maps each article to its story
     * and to the original it duplicates; story_terms holds the stemmed term counts of
     * the whole store, the prior of distinctive-term scores. Both are rebuilt by
     * px_stories_build; stale tells compare whether articles were added since. */
    "CREATE TABLE story_members(article TEXT PRIMARY KEY, story TEXT NOT NULL,"
    " duplicate_of TEXT, ord INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX story_members_by_story ON story_members(story, ord);"
    "CREATE TABLE story_terms(term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;",
    /* Version 3: the per-article features of stories (src/corpus/features.c), so
     * that a run featurizes only new or replaced articles. story_vocab numbers the
     * stemmed terms the feature blobs refer to; story_features holds one blob per
     * article row. A row whose record changes or that is deleted loses its blob
     * (the triggers), so it is featurized again. */
    "CREATE TABLE story_vocab(tid INTEGER PRIMARY KEY, stem BLOB NOT NULL);"
    "CREATE TABLE story_features(rid INTEGER PRIMARY KEY, f BLOB NOT NULL);"
    "CREATE TRIGGER articles_story_au AFTER UPDATE OF record ON articles BEGIN"
    " DELETE FROM story_features WHERE rid = old.rid; END;"
    "CREATE TRIGGER articles_story_ad AFTER DELETE ON articles BEGIN"
    " DELETE FROM story_features WHERE rid = old.rid; END;",
    /* Version 4: topics (src/corpus/topic.c). topic_members maps each story id
     * of the saved grouping to its topic; lead marks the story whose headline
     * titles the topic. Rewritten with story_members by each grouping run. */
    ("CREATE TABLE topic_members(story TEXT PRIMARY KEY, topic TEXT NOT NULL,"
     " lead INTEGER NOT NULL) WITHOUT ROWID;"),
    /* Version 5: the date index covers what a grouping run reads of every
     * article (id, date, outlet, title, language), so that its scan reads the
     * index alone, not a page of each article's record: at a million articles
     * 0.2 GB in order instead of 8 GB at random. */
    "DROP INDEX articles_by_date;"
    "CREATE INDEX articles_by_date ON articles(date IS NULL, date, id, outlet, title, lang);",
};

/* The queue of the open batch (per connection, in memory): rows to index, and the
 * indexed title and text of rows whose title or text a put changed. */
static const char *const temp_tables =
    "CREATE TEMP TABLE IF NOT EXISTS px_fts_new(rid INTEGER PRIMARY KEY, title, text);"
    "CREATE TEMP TABLE IF NOT EXISTS px_fts_old(rid INTEGER PRIMARY KEY, title, text);";

/* Per-connection settings, applied once the file is known to be a store. The
 * WAL is checkpointed every 16,384 pages (128 MiB) rather than SQLite's 1,000:
 * fewer checkpoints (each one syncs) during bulk adds, about 4 % faster. */
static const char *const pragmas = "PRAGMA synchronous = NORMAL;"
                                   "PRAGMA temp_store = MEMORY;"
                                   "PRAGMA cache_size = -65536;"
                                   "PRAGMA secure_delete = OFF;"
                                   "PRAGMA wal_autocheckpoint = 16384;";

static const char *const stmt_sql[PX_ST__COUNT] = {
    [PX_ST_LOOKUP] =
        "SELECT a.rid, a.title IS NOT ?2 OR json_extract(a.record, '$.text') IS NOT ?3,"
        " n.rid IS NOT NULL"
        " FROM articles AS a LEFT JOIN temp.px_fts_new AS n ON n.rid = a.rid"
        " WHERE a.id = ?1",
    [PX_ST_STASH] =
        "INSERT INTO temp.px_fts_old(rid, title, text)"
        " SELECT rid, title, json_extract(record, '$.text') FROM articles WHERE rid = ?1",
    [PX_ST_PUT] = "INSERT INTO articles(id, date, outlet, title, url, lang, record)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8)" /* ?7, the text, is in ?8 */
                  " ON CONFLICT(id) DO UPDATE SET date = excluded.date,"
                  " outlet = excluded.outlet, title = excluded.title, url = excluded.url,"
                  " lang = excluded.lang, record = excluded.record"
                  " RETURNING rid",
    [PX_ST_PENDING] =
        "INSERT OR REPLACE INTO temp.px_fts_new(rid, title, text) VALUES (?1, ?2, ?3)",
    [PX_ST_SAVEPOINT] = "SAVEPOINT px_put",
    [PX_ST_RELEASE] = "RELEASE px_put",
    [PX_ST_ROLLBACK_TO] = "ROLLBACK TO px_put",
    [PX_ST_INDEX_OLD] = "INSERT INTO articles_fts(articles_fts, rowid, title, text)"
                        " SELECT 'delete', rid, title, text FROM temp.px_fts_old",
    [PX_ST_INDEX_NEW] = "INSERT INTO articles_fts(rowid, title, text)"
                        " SELECT rid, title, text FROM temp.px_fts_new",
    [PX_ST_CLEAR_OLD] = "DELETE FROM temp.px_fts_old",
    [PX_ST_CLEAR_NEW] = "DELETE FROM temp.px_fts_new",
    [PX_ST_COUNT] = "SELECT count(*) FROM articles",
    [PX_ST_LIST] = "SELECT id, date, outlet, title FROM articles"
                   " ORDER BY date IS NULL, date, id LIMIT ?1",
    [PX_ST_SHOW] = "SELECT id, record FROM articles WHERE id = ?1",
    [PX_ST_PREFIX] = "SELECT id, record FROM articles"
                     " WHERE id >= ?1 AND id < ?1 || x'ff' ORDER BY id LIMIT 2",
    [PX_ST_SEARCH] = "SELECT a.id, a.date, a.outlet, a.title, f.snip, f.score FROM"
                     " (SELECT rowid AS r, snippet(articles_fts, 1, ?2, ?3, '…', 12) AS snip,"
                     " -rank AS score FROM articles_fts WHERE articles_fts MATCH ?1"
                     " ORDER BY rank LIMIT ?4) AS f"
                     " JOIN articles AS a ON a.rid = f.r ORDER BY f.score DESC, a.id",
};

px_status px__store_dbfail(px__sqlite *s, const char *what)
{
    s->failed_busy = (sqlite3_errcode(s->db) & 0xff) == SQLITE_BUSY;
    if (s->failed_busy)
        return px__fail(s->base.errmsg, PX_EDB,
                        "%s: %s is locked by another process; gave up after waiting %.1f s", what,
                        s->path ? s->path : "the store", (double)s->waited_ms / 1000);
    return px__fail(s->base.errmsg, PX_EDB, "%s: %s", what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *px__store_stmt(px__sqlite *s, enum px_store_stmt which)
{
    if (!s->stmt[which] && sqlite3_prepare_v3(s->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                                              &s->stmt[which], NULL) != SQLITE_OK) {
        (void)px__store_dbfail(s, "cannot prepare a statement");
        return NULL;
    }
    return s->stmt[which];
}

int px__store_bind(sqlite3_stmt *q, int col, px_slice v)
{
    if (!v.ptr)
        return sqlite3_bind_null(q, col);
    return sqlite3_bind_text64(q, col, (const char *)v.ptr, v.len, SQLITE_STATIC, SQLITE_UTF8);
}

px_slice px__store_column(sqlite3_stmt *q, int col)
{
    const unsigned char *p = sqlite3_column_text(q, col);
    if (!p)
        return PX_SLICE_NULL;
    return (px_slice){p, (size_t)sqlite3_column_bytes(q, col)};
}

/* Runs a query returning one integer; *got is 0 when it returned no row. */
static int query_int(sqlite3 *db, const char *sql, long long *out, int *got)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK)
        return rc;
    *got = 0;
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(q, 0);
        *got = 1;
        rc = SQLITE_DONE;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    sqlite3_finalize(q);
    return rc;
}

/* Finds the schema version of the open file: 0 for an empty database. Fails
 * with PX_EDB when the file is not SQLite or not a parallax store. */
static px_status read_version(px__sqlite *s, const char *path, long long *version)
{
    long long n = 0;
    int got;
    int rc = query_int(s->db, "SELECT count(*) FROM sqlite_schema", &n, &got);
    if (rc == SQLITE_NOTADB)
        return px__fail(s->base.errmsg, PX_EDB, "%s is not a SQLite database", path);
    if (rc != SQLITE_OK)
        return px__store_dbfail(s, "cannot read the schema");
    *version = 0;
    if (n == 0)
        return PX_OK;
    rc = query_int(s->db,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'"
                   " AND EXISTS (SELECT 1 FROM meta WHERE key = 'application'"
                   " AND value = '" APPLICATION "')",
                   &n, &got);
    if (rc == SQLITE_ERROR || (rc == SQLITE_OK && n == 0))
        return px__fail(s->base.errmsg, PX_EDB, "%s is a SQLite database but not a parallax store",
                        path);
    if (rc != SQLITE_OK)
        return px__store_dbfail(s, path);
    rc = query_int(s->db, "SELECT value FROM meta WHERE key = 'schema_version'", version, &got);
    if (rc != SQLITE_OK)
        return px__store_dbfail(s, path);
    if (!got || *version < 0)
        return px__fail(s->base.errmsg, PX_EDB, "%s: the store has no valid schema version", path);
    if (*version > SCHEMA_VERSION)
        return px__fail(s->base.errmsg, PX_EDB,
                        "%s has schema version %lld, newer than this parallax reads (%d):"
                        " upgrade parallax",
                        path, *version, SCHEMA_VERSION);
    return PX_OK;
}

static px_status exec(px__sqlite *s, const char *sql, const char *what)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return px__store_dbfail(s, what);
    return PX_OK;
}

/* Brings the schema to SCHEMA_VERSION in one write transaction (another process
 * may have migrated it meanwhile, so the version is read again inside). */
static px_status migrate(px__sqlite *s, const char *path)
{
    long long v;
    px_status st = exec(s, "BEGIN IMMEDIATE", "cannot lock the store");
    if (st)
        return st;
    px__store_waited(s);
    st = read_version(s, path, &v);
    for (; st == PX_OK && v < SCHEMA_VERSION; v++)
        st = exec(s, migrations[v], "cannot create or migrate the schema");
    if (st == PX_OK) {
        char sql[96];
        snprintf(sql, sizeof sql,
                 "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', %d)",
                 SCHEMA_VERSION);
        st = exec(s, sql, "cannot record the schema version");
    }
    if (st == PX_OK)
        return exec(s, "COMMIT", "cannot commit the schema");
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* Checks the file, sets the journal mode and pragmas, migrates. */
static px_status setup(px__sqlite *s, const char *path)
{
    long long v;
    px_status st = read_version(s, path, &v);
    if (st)
        return st;
    if (v == 0 && (st = exec(s, PAGE_SIZE_SQL, "cannot set the page size")))
        return st;
    if ((st = exec(s, "PRAGMA journal_mode = WAL", "cannot enable WAL")) ||
        (st = exec(s, pragmas, "cannot configure the connection")))
        return st;
    if (v < SCHEMA_VERSION && (st = migrate(s, path)))
        return st;
    return exec(s, temp_tables, "cannot create the batch queue");
}

/* A read-only connection: the file must be a store of this schema version. */
static px_status setup_readonly(px__sqlite *s, const char *path)
{
    long long v;
    px_status st = read_version(s, path, &v);
    if (st)
        return st;
    if (v < SCHEMA_VERSION)
        return px__fail(s->base.errmsg, PX_EDB,
                        "%s has schema version %lld, older than this parallax reads (%d):"
                        " run parallax stories or add on it once to migrate it",
                        path, v, SCHEMA_VERSION);
    return exec(s, "PRAGMA query_only = 1; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -8192;",
                "cannot configure the connection");
}

px_status px__sqlite_open(px_store **out, const char *path, int readonly, char *errmsg)
{
    if (!out || !path)
        return px__fail(errmsg, PX_EINVAL, "px_store_open: NULL argument");
    *out = NULL;
    px__sqlite *s = px__calloc(1, sizeof *s);
    if (!s)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    px__store_base_init(&s->base, &px__sqlite_backend);
    s->wait_fd = -1;
    px_buf_init(&s->rid_buf, 0);
    px_status st;
    s->base.readonly = readonly;
    int rc = sqlite3_open_v2(
        path, &s->db, readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
        NULL);
    if (rc != SQLITE_OK) {
        st = s->db ? px__fail(s->base.errmsg, PX_EDB, "cannot open %s: %s", path,
                              sqlite3_errmsg(s->db))
                   : px__fail(s->base.errmsg, PX_ENOMEM, "out of memory");
    } else if ((st = px__store_wait_init(s, path)) == PX_OK) {
        /* The busy handler is set: every step waits its turn. SQLite still
         * returns SQLITE_BUSY at once where waiting could deadlock (two new
         * connections switching a new store to WAL): every step of setup may
         * run again, so it is retried as a whole within the same wait. */
        for (int tries = 0;; tries++) {
            s->failed_busy = 0;
            st = readonly ? setup_readonly(s, path) : setup(s, path);
            if (!st || !s->failed_busy || !px__store_busy(s, tries))
                break;
        }
        px__store_waited(s);
    }
    if (st) {
        if (errmsg)
            memcpy(errmsg, s->base.errmsg, PX_ERRMSG_SIZE);
        sqlite3_close(s->db);
        px__store_wait_free(s);
        px_buf_free(&s->rid_buf);
        px__store_base_free(&s->base);
        px__free(s);
        return st;
    }
    *out = &s->base;
    return PX_OK;
}

/* After a failed statement: SQLite rolls the whole transaction back on some
 * errors (out of memory, disk full, I/O); then the open batch is gone. */
static px_status batch_failed(px__sqlite *s, px_status st)
{
    if (s->in_tx && sqlite3_get_autocommit(s->db)) {
        size_t n = strlen(s->base.errmsg);
        snprintf(s->base.errmsg + n, sizeof s->base.errmsg - n,
                 " (the uncommitted batch of %zu records was rolled back)", s->pending);
        s->in_tx = 0;
        s->pending = 0;
        s->unindexed = 0;
    }
    return st;
}

/* Runs a statement that returns nothing of interest to its end, binding v to ?1
 * when bind is set. Returns SQLITE_OK or the error code. */
static int run(px__sqlite *s, enum px_store_stmt which, int bind, sqlite3_int64 v)
{
    sqlite3_stmt *q = px__store_stmt(s, which);
    if (!q)
        return SQLITE_ERROR;
    int rc = bind ? sqlite3_bind_int64(q, 1, v) : SQLITE_OK;
    if (rc == SQLITE_OK)
        while ((rc = sqlite3_step(q)) == SQLITE_ROW)
            ;
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Undoes the statements since the savepoint, unless SQLite already rolled the
 * whole transaction back. */
static void undo(px__sqlite *s)
{
    if (!sqlite3_get_autocommit(s->db)) {
        (void)run(s, PX_ST_ROLLBACK_TO, 0, 0);
        (void)run(s, PX_ST_RELEASE, 0, 0);
    }
}

px_status px__store_index_pending(px__sqlite *s)
{
    static const enum px_store_stmt steps[] = {PX_ST_INDEX_OLD, PX_ST_INDEX_NEW, PX_ST_CLEAR_OLD,
                                               PX_ST_CLEAR_NEW, PX_ST_RELEASE};
    if (!s->in_tx || !s->unindexed)
        return PX_OK;
    if (run(s, PX_ST_SAVEPOINT, 0, 0) != SQLITE_OK)
        return batch_failed(s, px__store_dbfail(s, "cannot begin a savepoint"));
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        if (run(s, steps[i], 0, 0) != SQLITE_OK) {
            px_status st = px__store_dbfail(s, "cannot update the full-text index");
            undo(s);
            return batch_failed(s, st);
        }
    }
    s->unindexed = 0;
    return PX_OK;
}

px_status px__sq_commit(px_store *base)
{
    px__sqlite *s = (px__sqlite *)base;
    if (!s->in_tx)
        return PX_OK;
    px_status st = px__store_index_pending(s);
    if (st)
        return st;
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return batch_failed(s, px__store_dbfail(s, "cannot commit"));
    s->in_tx = 0;
    s->pending = 0;
    px__store_yield(s); /* another writer waiting? let it take its turn */
    return PX_OK;
}

static px_status sq_close(px_store *base)
{
    px__sqlite *s = (px__sqlite *)base;
    px_status st = px__sq_commit(base);
    if (st == PX_OK)
        sqlite3_exec(s->db, "PRAGMA optimize", NULL, NULL, NULL);
    for (int i = 0; i < PX_ST__COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_finalize(s->rid_stmt);
    if (sqlite3_close(s->db) != SQLITE_OK)
        st = PX_EDB;
    px_buf_free(&s->rid_buf);
    px__store_wait_free(s);
    px__store_base_free(&s->base);
    px__free(s);
    return st;
}

/* Queues row rid, with its title and text, for indexing at commit. */
static int queue_row(px__sqlite *s, sqlite3_int64 rid, const px_slice *cols)
{
    sqlite3_stmt *q = px__store_stmt(s, PX_ST_PENDING);
    if (!q)
        return SQLITE_ERROR;
    int rc = sqlite3_bind_int64(q, 1, rid);
    if (rc == SQLITE_OK)
        rc = px__store_bind(q, 2, cols[PX_COL_TITLE]);
    if (rc == SQLITE_OK)
        rc = px__store_bind(q, 3, cols[PX_COL_TEXT]);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The statements of one put, inside its savepoint: look the id up, keep the
 * indexed title and text when they change, upsert, queue the row for indexing. */
static px_status upsert(px__sqlite *s, const px_slice *cols, int *existed)
{
    sqlite3_stmt *look = px__store_stmt(s, PX_ST_LOOKUP);
    sqlite3_stmt *put = px__store_stmt(s, PX_ST_PUT);
    if (!look || !put)
        return PX_EDB;
    int rc = px__store_bind(look, 1, cols[PX_COL_ID]);
    if (rc == SQLITE_OK)
        rc = px__store_bind(look, 2, cols[PX_COL_TITLE]);
    if (rc == SQLITE_OK)
        rc = px__store_bind(look, 3, cols[PX_COL_TEXT]);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(look);
    sqlite3_int64 rid = 0;
    int changed = 0, queued = 0;
    if (rc == SQLITE_ROW) {
        *existed = 1;
        rid = sqlite3_column_int64(look, 0);
        changed = sqlite3_column_int(look, 1);
        queued = sqlite3_column_int(look, 2);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(look);
    sqlite3_clear_bindings(look);
    if (rc != SQLITE_DONE)
        return px__store_dbfail(s, "cannot look up the id");
    int index = !*existed || (changed && !queued);
    if (*existed && index && run(s, PX_ST_STASH, 1, rid) != SQLITE_OK)
        return px__store_dbfail(s, "cannot queue the old index entry");
    rc = SQLITE_OK;
    for (int i = 0; i < PX_COL__COUNT && rc == SQLITE_OK; i++)
        rc = px__store_bind(put, i + 1, cols[i]);
    while (rc == SQLITE_OK && (rc = sqlite3_step(put)) == SQLITE_ROW) {
        rid = sqlite3_column_int64(put, 0);
        rc = SQLITE_OK;
    }
    sqlite3_reset(put);
    sqlite3_clear_bindings(put);
    if (rc != SQLITE_DONE)
        return px__store_dbfail(s, "cannot store the record");
    /* The queue keeps the text as given: indexing then needs no JSON parsing. */
    if ((index || (queued && changed)) && queue_row(s, rid, cols) != SQLITE_OK)
        return px__store_dbfail(s, "cannot queue the row for indexing");
    s->unindexed |= index;
    return PX_OK;
}

px_status px__sq_put_row(px_store *base, const px_slice *cols, int *replaced)
{
    px__sqlite *s = (px__sqlite *)base;
    if (replaced)
        *replaced = 0;
    if (!s->in_tx) {
        if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            return px__store_dbfail(s, "cannot begin a transaction");
        px__store_waited(s);
        s->in_tx = 1;
        s->pending = 0;
    }
    /* A savepoint per put: a failed put leaves no trace, and the batch goes on. */
    if (run(s, PX_ST_SAVEPOINT, 0, 0) != SQLITE_OK)
        return batch_failed(s, px__store_dbfail(s, "cannot begin a savepoint"));
    int existed = 0;
    px_status st = upsert(s, cols, &existed);
    if (st == PX_OK && run(s, PX_ST_RELEASE, 0, 0) != SQLITE_OK)
        st = px__store_dbfail(s, "cannot release a savepoint");
    if (st) {
        undo(s);
        return batch_failed(s, st);
    }
    if (replaced)
        *replaced = existed;
    *(existed ? &s->base.n_replaced : &s->base.n_fresh) += 1;
    if (++s->pending >= s->base.batch_size)
        return px__sq_commit(base);
    return PX_OK;
}

const px__store_backend px__sqlite_backend = {
    .name = "sqlite",
    .close = sq_close,
    .put_row = px__sq_put_row,
    .commit = px__sq_commit,
    .count = px__sq_count,
    .list = px__sq_list,
    .get = px__sq_get,
    .remove = px__sq_remove,
    .search = px__sq_search,
    .scan_articles = px__sq_scan_articles,
    .record_by_rid = px__sq_record_by_rid,
    .scan_features = px__sq_scan_features,
    .scan_originals = px__sq_scan_originals,
    .top_outlets = px__sq_top_outlets,
    .members = px__sq_members,
    .vocab = px__sq_vocab,
    .topics = px__sq_topics,
    .grouping_lock = px__sq_grouping_lock,
    .grouping_save = px__sq_grouping_save,
    .grouping_state = px__sq_grouping_state,
    .data_version = px__sq_data_version,
    .story_resolve = px__sq_story_resolve,
    .story_articles = px__sq_story_articles,
    .term_counts = px__sq_term_counts,
};
