/* parallax store, PostgreSQL backend: the state shared by the postgres*.c
 * files. Not installed. */
#ifndef PX_PG_IMPL_H
#define PX_PG_IMPL_H

#include <libpq-fe.h>

#include "store_impl.h"

typedef struct px__pg {
    px_store base; /* first: a px_store * of this backend points here */
    PGconn *conn;
    char *name;        /* the URI without its password, for messages */
    px_buf copy;       /* the open batch, as rows of COPY text */
    size_t pending;    /* rows in it */
    px_map *batch_ids; /* their ids */
    px_buf rid_buf;    /* the record of px__store_record_by_rid */
    px_buf tmp;        /* scratch (COPY data, SQL text) */
    int cursors;       /* open cursors (each_row), for their names */
} px__pg;

/* Result rows are binary: text as its bytes, bigint and double precision as
 * 8 bytes, most significant first. */
px_slice px__pg_text(const PGresult *r, int row, int col);
int64_t px__pg_i64(const PGresult *r, int row, int col);
double px__pg_f64(const PGresult *r, int row, int col);

/* Sets errmsg to "what: <the server's or libpq's message>" and returns PX_EDB;
 * r may be NULL (then the connection's message). */
px_status px__pg_fail(px__pg *s, const char *what, const PGresult *r);

/* Runs sql with n parameters (vals[i] with lens[i] bytes, fmts[i] 1 binary, 0
 * text; vals may be NULL when n is 0), binary results. Returns the result, to be
 * cleared, or NULL with errmsg set (the failed result cleared). */
PGresult *px__pg_query(px__pg *s,
                       const char *sql,
                       int n,
                       const char *const *vals,
                       const int *lens,
                       const int *fmts,
                       const char *what);

/* Runs sql (no parameters, no rows). Returns PX_OK or PX_EDB. */
px_status px__pg_cmd(px__pg *s, const char *sql, const char *what);

/* Steps through the rows of sql (parameters as px__pg_query) through a cursor,
 * a batch of rows at a time, calling fn for each row until the end or until it
 * returns non-zero (returned). fn may run other queries on s. */
typedef px_status (*px__pg_row_fn)(px__pg *s, const PGresult *r, int row, void *ud);
px_status px__pg_each(px__pg *s,
                      const char *sql,
                      int n,
                      const char *const *vals,
                      const int *lens,
                      const int *fmts,
                      px__pg_row_fn fn,
                      void *ud,
                      const char *what);

/* Rows fetched at a time by px__pg_each's cursor. */
#define PX__PG_FETCH_ROWS 1000

/* px__pg_each fetching rows_at_once rows at a time (for rows of large values). */
px_status px__pg_each_n(px__pg *s,
                        const char *sql,
                        int n,
                        const char *const *vals,
                        const int *lens,
                        const int *fmts,
                        int rows_at_once,
                        px__pg_row_fn fn,
                        void *ud,
                        const char *what);

/* Appends v as one field of COPY text format (null: \N); as_bytea writes it as
 * bytea hex. Returns PX_OK or PX_ENOMEM. */
px_status px__pg_copy_field(px_buf *b, px_slice v, int as_bytea);

/* Sends data to a COPY ... FROM STDIN statement. Returns PX_OK or PX_EDB. */
px_status px__pg_copy(px__pg *s, const char *sql, px_slice data, const char *what);

/* The prepared lookups of a term's count and of a record by row (postgres.c):
 * the result, to be cleared, or NULL with errmsg set. */
PGresult *px__pg_term(px__pg *s, px_slice term);
PGresult *px__pg_rid(px__pg *s, int64_t rid);

/* The backend table entries of postgres_stories.c. */
px_status px__pg_commit(px_store *s);
px_status px__pg_scan_articles(px_store *s, int what, px__store_art_fn fn, void *ud);
px_status px__pg_record_by_rid(px_store *s, int64_t rid, px_slice *out);
px_status px__pg_scan_features(px_store *s, px__store_feat_fn fn, void *ud);
px_status px__pg_scan_originals(px_store *s, px__store_text_fn fn, void *ud);
px_status px__pg_top_outlets(px_store *s, size_t limit, px__store_outlet_fn fn, void *ud);
px_status px__pg_members(px_store *s, px__store_member_fn fn, void *ud);
px_status px__pg_vocab(px_store *s, px__store_stem_fn fn, void *ud);
px_status px__pg_topics(px_store *s, px__store_topic_fn fn, void *ud);
px_status px__pg_grouping_lock(px_store *s, int on);
px_status px__pg_grouping_save(px_store *s, const px__grouping *g);
px_status px__pg_grouping_state(px_store *s, px__grouping_state *out);
px_status px__pg_data_version(px_store *s, int64_t *out);
px_status px__pg_story_resolve(px_store *s, const char *want, char *id, size_t cap);
px_status
px__pg_story_articles(px_store *s, const char *story, px__store_story_art_fn fn, void *ud);
px_status px__pg_term_counts(px_store *s, const px_slice *terms, size_t n, double *counts);

#endif
