/* parallax store, SQLite backend: the state shared by the sqlite*.c files. Not
 * installed. */
#ifndef PX_SQLITE_IMPL_H
#define PX_SQLITE_IMPL_H

#include <sqlite3.h>

#include "store_impl.h"

/* The prepared statements of a store, made on first use and reused. */
enum px_store_stmt {
    PX_ST_LOOKUP,
    PX_ST_STASH,
    PX_ST_PUT,
    PX_ST_PENDING,
    PX_ST_SAVEPOINT,
    PX_ST_RELEASE,
    PX_ST_ROLLBACK_TO,
    PX_ST_INDEX_OLD,
    PX_ST_INDEX_NEW,
    PX_ST_CLEAR_OLD,
    PX_ST_CLEAR_NEW,
    PX_ST_COUNT,
    PX_ST_LIST,
    PX_ST_SHOW,
    PX_ST_PREFIX,
    PX_ST_SEARCH,
    PX_ST__COUNT
};

typedef struct px__sqlite {
    px_store base; /* first: a px_store * of this backend points here */
    sqlite3 *db;
    sqlite3_stmt *stmt[PX_ST__COUNT];
    size_t pending;                  /* puts in the open transaction */
    int in_tx;                       /* a batch transaction is open */
    int unindexed;                   /* the batch has rows not yet in the FTS5 index */
    char *path;                      /* as opened, for messages */
    char *wait_path;                 /* "<path>-wait" (wait.c), NULL for in-memory stores */
    int wait_fd;                     /* holds a shared lock on wait_path while waiting, or -1 */
    unsigned wait_ms;                /* how long a writer waits for the lock before failing */
    long long busy_since, waited_ms; /* the current wait (monotonic ms) */
    int failed_busy;                 /* the last px__store_dbfail was SQLITE_BUSY */
    sqlite3_stmt *rid_stmt;          /* px__store_record_by_rid, prepared on first use */
    px_buf rid_buf;                  /* its record */
} px__sqlite;

/* How long a writer waits for another to release the store (10 minutes: a
 * `parallax stories` run on a large store holds the lock for minutes). */
#define PX__STORE_WAIT_MS 600000u

extern const px__store_backend px__sqlite_backend;

/* The backend table entries shared between the sqlite*.c files. */
px_status px__sq_put_row(px_store *s, const px_slice *cols, int *replaced);
px_status px__sq_commit(px_store *s);
px_status px__sq_count(px_store *s, size_t *n);
px_status px__sq_list(px_store *s, size_t limit, px_store_row_fn fn, void *ud);
px_status px__sq_remove(px_store *base, const char *id);
px_status px__sq_get(px_store *s, const char *id, px_buf *out);
px_status px__sq_search(px_store *s,
                        const char *query,
                        int raw,
                        size_t limit,
                        const char *mark_open,
                        const char *mark_close,
                        px_store_row_fn fn,
                        void *ud);
px_status px__sq_scan_articles(px_store *s, int what, px__store_art_fn fn, void *ud);
px_status px__sq_record_by_rid(px_store *s, int64_t rid, px_slice *out);
px_status px__sq_scan_features(px_store *s, px__store_feat_fn fn, void *ud);
px_status px__sq_scan_originals(px_store *s, px__store_text_fn fn, void *ud);
px_status px__sq_top_outlets(px_store *s, size_t limit, px__store_outlet_fn fn, void *ud);
px_status px__sq_members(px_store *s, px__store_member_fn fn, void *ud);
px_status px__sq_vocab(px_store *s, px__store_stem_fn fn, void *ud);
px_status px__sq_topics(px_store *s, px__store_topic_fn fn, void *ud);
px_status px__sq_grouping_lock(px_store *s, int on);
px_status px__sq_grouping_save(px_store *s, const px__grouping *g);
px_status px__sq_grouping_state(px_store *s, px__grouping_state *out);
px_status px__sq_data_version(px_store *s, int64_t *out);
px_status px__sq_story_resolve(px_store *s, const char *want, char *id, size_t cap);
px_status
px__sq_story_articles(px_store *s, const char *story, px__store_story_art_fn fn, void *ud);
px_status px__sq_term_counts(px_store *s, const px_slice *terms, size_t n, double *counts);

/* Brings the FTS5 index up to date with the rows of the open batch. Returns
 * PX_OK or PX_EDB. */
px_status px__store_index_pending(px__sqlite *s);

/* Returns the statement (preparing it on first use) or NULL with errmsg set. */
sqlite3_stmt *px__store_stmt(px__sqlite *s, enum px_store_stmt which);

/* wait.c: installs the busy handler on s->db and keeps path (call first, before
 * any statement); lets a waiting writer in after a commit; marks the end of a
 * wait once the lock is taken; frees what wait_init allocated. */
px_status px__store_wait_init(px__sqlite *s, const char *path);
void px__store_yield(px__sqlite *s);
/* The busy handler (count: retries so far of this wait): sleeps and returns 1
 * while the wait lasts, else 0. */
int px__store_busy(void *ud, int count);
void px__store_waited(px__sqlite *s);
void px__store_wait_free(px__sqlite *s);

/* Stops the statements of s running after ms milliseconds from now (SQLite
 * returns SQLITE_INTERRUPT); ms 0 removes the limit. *deadline must live until
 * then. */
void px__search_deadline(px__sqlite *s, long long *deadline, unsigned ms);

/* Sets errmsg to "what: <SQLite's message>" and returns PX_EDB; when another
 * writer held the lock too long, the message names the store and the wait. */
px_status px__store_dbfail(px__sqlite *s, const char *what);

/* Binds a slice as UTF-8 text (borrowed until the statement is reset); the null
 * slice binds NULL. Returns an SQLite result code. */
int px__store_bind(sqlite3_stmt *q, int col, px_slice v);

/* Column col of the current row as a slice (NULL column: the null slice). */
px_slice px__store_column(sqlite3_stmt *q, int col);

#endif
