/* parallax store: the backend table and the state every backend shares. The
 * public functions (include/parallax/store.h) and the internal interface
 * (store_api.h) are thin dispatchers in store.c; each backend (sqlite*.c,
 * postgres*.c) fills one px__store_backend. Not installed. */
#ifndef PX_STORE_IMPL_H
#define PX_STORE_IMPL_H

#include "internal.h"
#include "store_api.h"

typedef struct px__store_backend px__store_backend;

/* The part of a store every backend has; a backend's own state begins with it. */
struct px_store {
    const px__store_backend *be;
    size_t batch_size;          /* puts per transaction */
    px_buf rec;                 /* the record of px_store_put, reused */
    px_arena *rec_arena;        /* px_store_put_record's parsed header, reused */
    size_t n_fresh, n_replaced; /* px_store_counts */
    unsigned search_ms;         /* the time limit of one search */
    int readonly;               /* opened by px__store_open_readonly */
    char errmsg[PX_ERRMSG_SIZE];
};

#define PX__STORE_DEFAULT_BATCH 256

/* The columns of one article, in the order the backends store them. */
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

/* One backend. Every function gets a store this backend opened and returns a
 * px_status with the store's errmsg set on failure. The meaning of each entry
 * is that of the public or store_api.h function of the same name. */
struct px__store_backend {
    const char *name;
    /* Commits, frees everything (s included). */
    px_status (*close)(px_store *s);
    /* Upserts one article (cols borrowed) inside the current batch, committing
     * when the batch is full; sets *replaced (may be NULL). */
    px_status (*put_row)(px_store *s, const px_slice *cols, int *replaced);
    px_status (*commit)(px_store *s);
    px_status (*count)(px_store *s, size_t *n);
    px_status (*list)(px_store *s, size_t limit, px_store_row_fn fn, void *ud);
    /* The record of id, else of the only id starting with it (>= 4 bytes). */
    px_status (*get)(px_store *s, const char *id, px_buf *out);
    /* Deletes the article of exactly this id (commits pending puts first). */
    px_status (*remove)(px_store *s, const char *id);
    /* raw: the query in the backend's own syntax; else as people type it. */
    px_status (*search)(px_store *s,
                        const char *query,
                        int raw,
                        size_t limit,
                        const char *mark_open,
                        const char *mark_close,
                        px_store_row_fn fn,
                        void *ud);
    px_status (*scan_articles)(px_store *s, int what, px__store_art_fn fn, void *ud);
    px_status (*record_by_rid)(px_store *s, int64_t rid, px_slice *out);
    px_status (*scan_features)(px_store *s, px__store_feat_fn fn, void *ud);
    px_status (*scan_originals)(px_store *s, px__store_text_fn fn, void *ud);
    px_status (*top_outlets)(px_store *s, size_t limit, px__store_outlet_fn fn, void *ud);
    px_status (*members)(px_store *s, px__store_member_fn fn, void *ud);
    px_status (*vocab)(px_store *s, px__store_stem_fn fn, void *ud);
    px_status (*topics)(px_store *s, px__store_topic_fn fn, void *ud);
    px_status (*grouping_lock)(px_store *s, int on);
    px_status (*grouping_save)(px_store *s, const px__grouping *g);
    px_status (*grouping_state)(px_store *s, px__grouping_state *out);
    px_status (*data_version)(px_store *s, int64_t *out);
    px_status (*story_resolve)(px_store *s, const char *want, char *id, size_t cap);
    px_status (*story_articles)(px_store *s,
                                const char *story,
                                px__store_story_art_fn fn,
                                void *ud);
    px_status (*term_counts)(px_store *s, const px_slice *terms, size_t n, double *counts);
};

/* The backends' open functions: on success *out is a store whose base is set
 * (be, batch_size, rec); on failure errmsg (may be NULL) says why. */
px_status px__sqlite_open(px_store **out, const char *path, int readonly, char *errmsg);
px_status px__pg_open(px_store **out, const char *uri, int readonly, char *errmsg);

/* Sets up the base of a store a backend allocated. */
void px__store_base_init(px_store *s, const px__store_backend *be);
/* Frees what the base holds (not s). */
void px__store_base_free(px_store *s);

/* The story a backend's lookup names: first is the first id it found (the
 * exact id when there is one, else the smallest id starting with want), rows
 * how many (at most 3). Copies it to id (cap bytes) or fails with the message
 * a user reads (no such story, an ambiguous prefix). */
px_status
px__store_story_pick(px_store *s, const char *want, px_slice first, int rows, char *id, size_t cap);

/* search_query.c: appends the FTS5 query for a plain query as users type it
 * (words quoted; phrases, OR, AND, NOT, prefix*, a NEAR/N b kept as syntax).
 * Returns PX_OK or PX_ENOMEM. */
px_status px__store_fts_query(const char *in, px_buf *out);

/* search_bound.c: the limits of one search. */
#define PX__SEARCH_MAX_BYTES 1000
#define PX__SEARCH_MAX_TERMS 32
#define PX__SEARCH_MAX_MS    10000

/* Checks query against the limits and writes it to out (NUL-terminated) without
 * the repeated words or phrases of a plain query. Returns PX_OK, PX_ETOOBIG
 * (errmsg says which limit and the value) or PX_ENOMEM. */
px_status px__search_bound(const char *query, px_buf *out, char *errmsg);

/* Milliseconds of a monotonic clock. */
long long px__store_now_ms(void);

#endif
