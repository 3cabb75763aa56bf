/* parallax: the store of article records: SQLite (a file; WAL, FTS5 over title
 * and text) or PostgreSQL (a postgresql:// or postgres:// URI; tsvector + GIN). */
#ifndef PARALLAX_STORE_H
#define PARALLAX_STORE_H

#include "core.h"
#include "doc.h"

typedef struct px_store px_store;

/* Opens or creates the store at path, migrating its schema to the current
 * version. path is a file (SQLite) or a libpq URI, postgresql://… or
 * postgres://… (the database must exist; its tables are created). On failure
 * *out is NULL and errmsg (PX_ERRMSG_SIZE bytes, may be NULL) says why.
 * Returns PX_OK, PX_ENOMEM, PX_EDB (cannot connect, not a parallax store, a
 * newer schema, or the database failed). */
PX_NODISCARD PX_API px_status px_store_open(px_store **out, const char *path, char *errmsg);
/* 1 when path names a PostgreSQL database (postgresql:// or postgres://). */
PX_API int px_store_is_uri(const char *path);
/* Commits any open batch and closes. Returns PX_OK or PX_EDB. */
PX_NODISCARD PX_API px_status px_store_close(px_store *s);
/* The last error message of this store (never NULL). */
PX_API const char *px_store_errmsg(const px_store *s);

/* Inserts or replaces the record of d (keyed by its id) inside the current batch;
 * batches commit every batch_size puts (default 256) and at close. Sets *replaced
 * (may be NULL) to 1 when the id was already stored. On PostgreSQL that is known
 * only when the batch is written (no round trip per put): *replaced is 0 there,
 * and px_store_counts gives the totals. Returns PX_OK, PX_ENOMEM, PX_EDB. */
PX_NODISCARD PX_API px_status px_store_put(px_store *s, const px_doc *d, int *replaced);
/* The same with d's record already written by px_doc_write_json (record is
 * borrowed): lets another thread serialize while this one stores. */
PX_NODISCARD PX_API px_status px_store_put_doc(px_store *s,
                                               const px_doc *d,
                                               px_slice record,
                                               int *replaced);
/* The same for a parallax.article/1 record given as JSON (annotate output).
 * Returns PX_EPARSE when it is not such a record. */
PX_NODISCARD PX_API px_status px_store_put_record(px_store *s, px_slice json, int *replaced);
/* Articles stored through s so far: new ids and replaced ones. SQLite counts a
 * put as it is made, PostgreSQL when its batch is written (a full batch,
 * px_store_commit, px_store_close); call px_store_commit first for the total. */
PX_API void px_store_counts(const px_store *s, size_t *fresh, size_t *replaced);
/* Commits the open batch now. */
PX_NODISCARD PX_API px_status px_store_commit(px_store *s);
PX_API void px_store_set_batch(px_store *s, size_t batch_size);

/* One row of list or search; slices borrowed during the callback only; null
 * fields have a NULL ptr. snippet and score are set by search only. */
typedef struct px_store_row {
    px_slice id;
    px_slice date;
    px_slice outlet;
    px_slice title;
    px_slice snippet;
    double score;
} px_store_row;

/* Return non-zero from the callback to stop early. */
typedef int (*px_store_row_fn)(void *ud, const px_store_row *row);

/* Lists articles ordered by date (nulls last), then id. limit 0 means all. */
PX_NODISCARD PX_API px_status px_store_list(px_store *s,
                                            size_t limit,
                                            px_store_row_fn fn,
                                            void *ud);
/* Appends the stored record (JSON, one line) of id, or of the only id starting with
 * the given prefix, to out. Returns PX_ENOTFOUND, PX_EINVAL (prefix ambiguous). */
PX_NODISCARD PX_API px_status px_store_show(px_store *s, const char *id, px_buf *out);
/* Deletes the article whose id is exactly id (no prefixes: a deletion names
 * what it deletes), with its search index entry, saved story features and
 * story membership, in one transaction. The saved grouping becomes stale
 * (px_stories_stale) until `parallax stories` runs again. Returns
 * PX_ENOTFOUND when no article has that id. */
PX_NODISCARD PX_API px_status px_store_remove(px_store *s, const char *id);
/* Full-text search, best first (bm25), with a snippet whose matches are marked
 * by the given strings. The query is read as people type it: every word must
 * occur, and hyphens, apostrophes and other marks are part of the words
 * (covid-19, O'Rourke); "a phrase", OR, AND, NOT, prefix* and a NEAR/N b
 * (within N words) are understood. Returns PX_EPARSE for a query with no word. */
PX_NODISCARD PX_API px_status px_store_search(px_store *s,
                                              const char *query,
                                              size_t limit,
                                              const char *mark_open,
                                              const char *mark_close,
                                              px_store_row_fn fn,
                                              void *ud);
/* The same with the query in the backend's syntax, as given: SQLite FTS5, or
 * PostgreSQL to_tsquery (configuration 'simple'). Returns PX_EPARSE
 * for a malformed query. */
PX_NODISCARD PX_API px_status px_store_search_raw(px_store *s,
                                                  const char *query,
                                                  size_t limit,
                                                  const char *mark_open,
                                                  const char *mark_close,
                                                  px_store_row_fn fn,
                                                  void *ud);
/* What list and search keep: every field may be NULL (no condition). */
typedef struct px_store_filter {
    const char *outlets; /* comma-separated outlet names (ASCII case ignored) */
    const char *since;   /* YYYY, YYYY-MM or YYYY-MM-DD: dated on or after */
    const char *until;   /* the same: dated on or before ("2024-03": to the end of March) */
    size_t limit;        /* rows handed to the callback (0: all) */
} px_store_filter;

/* px_store_list keeping the articles f selects; *total (may be NULL) gets the
 * number of articles that match, shown or not. With since or until an undated
 * article never matches. Returns PX_OK, PX_EINVAL (a malformed date bound),
 * PX_EDB. */
PX_NODISCARD PX_API px_status px_store_list_where(
    px_store *s, const px_store_filter *f, size_t *total, px_store_row_fn fn, void *ud);
/* px_store_search (raw 0) or px_store_search_raw (raw 1) keeping the matches f
 * selects, best first; *total (may be NULL) gets the number of matches. Returns
 * as those and px_store_list_where. */
PX_NODISCARD PX_API px_status px_store_search_where(px_store *s,
                                                    const char *query,
                                                    int raw,
                                                    const px_store_filter *f,
                                                    const char *mark_open,
                                                    const char *mark_close,
                                                    size_t *total,
                                                    px_store_row_fn fn,
                                                    void *ud);
/* Number of stored articles. */
PX_NODISCARD PX_API px_status px_store_count(px_store *s, size_t *n);

#endif
