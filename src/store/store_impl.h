/* parallax store: the private state shared by the files of src/store. Not installed. */
#ifndef PX_STORE_IMPL_H
#define PX_STORE_IMPL_H

#include <sqlite3.h>

#include "internal.h"
#include "store_api.h"

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

struct px_store {
    sqlite3 *db;
    sqlite3_stmt *stmt[PX_ST__COUNT];
    size_t batch_size;               /* puts per transaction */
    size_t pending;                  /* puts in the open transaction */
    int in_tx;                       /* a batch transaction is open */
    int unindexed;                   /* the batch has rows not yet in the FTS5 index */
    px_buf rec;                      /* the record of px_store_put, reused */
    char *path;                      /* as opened, for messages */
    char *wait_path;                 /* "<path>-wait" (wait.c), NULL for in-memory stores */
    int wait_fd;                     /* holds a shared lock on wait_path while waiting, or -1 */
    unsigned wait_ms;                /* how long a writer waits for the lock before failing */
    long long busy_since, waited_ms; /* the current wait (monotonic ms) */
    int failed_busy;                 /* the last px__store_dbfail was SQLITE_BUSY */
    px_arena *rec_arena;             /* px_store_put_record's parsed header, reused */
    sqlite3_stmt *rid_stmt;          /* px__store_record_by_rid, prepared on first use */
    px_buf rid_buf;                  /* its record */
    char errmsg[PX_ERRMSG_SIZE];
};

/* How long a writer waits for another to release the store (10 minutes: a
 * `parallax stories` run on a large store holds the lock for minutes). */
#define PX__STORE_WAIT_MS 600000u

/* The columns of one article, in the order of the PX_ST_PUT parameters. */
enum px_store_col {
    PX_COL_ID,
    PX_COL_DATE,
    PX_COL_OUTLET,
    PX_COL_TITLE,
    PX_COL_URL,
    PX_COL_LANG,
    PX_COL_TEXT,
    PX_COL_RECORD,
    PX_COL__COUNT
};

/* Upserts one article (cols borrowed) inside the current batch, committing when
 * the batch is full. Sets *replaced (may be NULL). Returns PX_OK or PX_EDB. */
px_status px__store_put_row(px_store *s, const px_slice *cols, int *replaced);

/* Brings the FTS5 index up to date with the rows of the open batch. Returns
 * PX_OK or PX_EDB. */
px_status px__store_index_pending(px_store *s);

/* search_query.c: appends the FTS5 query for a plain query as users type it
 * (words quoted; phrases, OR, AND, NOT, prefix*, a NEAR/N b kept as syntax).
 * Returns PX_OK or PX_ENOMEM. */
px_status px__store_fts_query(const char *in, px_buf *out);

/* Returns the statement (preparing it on first use) or NULL with errmsg set. */
sqlite3_stmt *px__store_stmt(px_store *s, enum px_store_stmt which);

/* wait.c: installs the busy handler on s->db and keeps path (call first, before
 * any statement); lets a waiting writer in after a commit; marks the end of a
 * wait once the lock is taken; frees what wait_init allocated. */
px_status px__store_wait_init(px_store *s, const char *path);
void px__store_yield(px_store *s);
/* The busy handler (count: retries so far of this wait): sleeps and returns 1
 * while the wait lasts, else 0. */
int px__store_busy(void *ud, int count);
void px__store_waited(px_store *s);
void px__store_wait_free(px_store *s);

/* search_bound.c: the limits of one search. */
#define PX__SEARCH_MAX_BYTES 1000
#define PX__SEARCH_MAX_TERMS 32
#define PX__SEARCH_MAX_MS    10000

/* Checks query against the limits and writes it to out (NUL-terminated) without
 * the repeated words or phrases of a plain query. Returns PX_OK, PX_ETOOBIG
 * (errmsg says which limit and the value) or PX_ENOMEM. */
px_status px__search_bound(const char *query, px_buf *out, char *errmsg);

/* Stops the statements of s running after ms milliseconds from now (SQLite
 * returns SQLITE_INTERRUPT); ms 0 removes the limit. *deadline must live until
 * then. */
void px__search_deadline(px_store *s, long long *deadline, unsigned ms);

/* Sets errmsg to "what: <SQLite's message>" and returns PX_EDB; when another
 * writer held the lock too long, the message names the store and the wait. */
px_status px__store_dbfail(px_store *s, const char *what);

/* Binds a slice as UTF-8 text (borrowed until the statement is reset); the null
 * slice binds NULL. Returns an SQLite result code. */
int px__store_bind(sqlite3_stmt *q, int col, px_slice v);

/* Column col of the current row as a slice (NULL column: the null slice). */
px_slice px__store_column(sqlite3_stmt *q, int col);

#endif
