/* parallax store: the internal interface the upper layers (corpus, report)
 * use. The store owns every table, its SQL and its backend; callers see typed
 * rows and callbacks only, never a connection, a statement or SQL. Not
 * installed. Slices given to a callback are valid during the call only. A
 * callback returning non-zero px_status stops the walk, and that status is
 * returned. */
#ifndef PX_STORE_API_H
#define PX_STORE_API_H

#include "internal.h"

/* The error message buffer of s (PX_ERRMSG_SIZE bytes), for layers above that
 * report through px_store_errmsg. */
char *px__store_errbuf(px_store *s);

/* Opens an existing store for reading only (the server): SQLite read-only
 * (query_only, a small page cache, no waiting file), PostgreSQL read-only
 * transactions. Fails on a missing file or a schema older than this build
 * (a writing command migrates it). */
px_status px__store_open_readonly(px_store **out, const char *path, char *errmsg);
/* Sets the time limit of one search of s (0: the default, PX__SEARCH_MAX_MS). */
void px__store_set_search_ms(px_store *s, unsigned ms);

/* ---- articles ---- */

/* What a scan of the articles reads besides the columns every row has. */
enum px__store_scan {
    PX__SCAN_META = 0,   /* id, date, outlet, title, language only */
    PX__SCAN_RECORDS = 1 /* and every record, in row order (sequential) */
};

typedef struct px__store_art {
    int64_t rid; /* the row (insertion order) */
    px_slice id, date, outlet, title, lang;
    px_slice record;   /* the record, or null (see enum px__store_scan) */
} px__store_art;
typedef px_status (*px__store_art_fn)(void *ud, const px__store_art *a);
/* Every article, in the grouping's canonical order: by date (undated last),
 * then id. Not by insertion: the same articles loaded in any order (one add,
 * or many loaders at once) are grouped alike. what: an enum px__store_scan;
 * PX__SCAN_RECORDS comes in row order instead (no query per article, and one
 * sequential read of the records). */
px_status px__store_scan_articles(px_store *s, int what, px__store_art_fn fn, void *ud);

typedef px_status (*px__store_feat_fn)(void *ud, int64_t rid, px_slice features);
/* Every saved story-feature blob with its article's rid, in rid order: one
 * sequential read of the blobs (px__store_scan_articles with PX__SCAN_FEATURES
 * reads them in date order, a random access per article). */
px_status px__store_scan_features(px_store *s, px__store_feat_fn fn, void *ud);

/* The record of the article with rid, into *out (valid until the next call on
 * s). Sets the empty slice when there is none. */
px_status px__store_record_by_rid(px_store *s, int64_t rid, px_slice *out);

typedef px_status (*px__store_text_fn)(void *ud, px_slice outlet, px_slice record);
/* The outlet and record of every article that is not a known copy, store order. */
px_status px__store_scan_originals(px_store *s, px__store_text_fn fn, void *ud);

typedef px_status (*px__store_outlet_fn)(void *ud, px_slice outlet);
/* The limit outlets with the most articles (ties: by name). */
px_status px__store_top_outlets(px_store *s, size_t limit, px__store_outlet_fn fn, void *ud);

/* ---- the saved grouping (parallax stories) ---- */

typedef struct px__store_member {
    px_slice article, story, dup_of; /* dup_of null for an original */
    uint32_t ord;                    /* position in the story (time order) */
} px__store_member;
typedef px_status (*px__store_member_fn)(void *ud, const px__store_member *m);
/* Every saved membership (no particular order; ord is given). */
px_status px__store_members(px_store *s, px__store_member_fn fn, void *ud);

typedef px_status (*px__store_stem_fn)(void *ud, int64_t tid, px_slice stem);
/* The saved story vocabulary, by term id. */
px_status px__store_vocab(px_store *s, px__store_stem_fn fn, void *ud);

/* One story's topic (parallax topics): lead is 1 for the story whose headline
 * titles the topic. */
typedef struct px__store_topic {
    px_slice story, topic;
    int lead;
} px__store_topic;
typedef px_status (*px__store_topic_fn)(void *ud, const px__store_topic *t);
/* Every saved topic membership, by story id. */
px_status px__store_topics(px_store *s, px__store_topic_fn fn, void *ud);

/* Everything one grouping run saves, in one transaction. */
typedef struct px__grouping {
    int rebuild;                /* drop all saved features and vocabulary first */
    const px_slice *stems;      /* stem of each term id */
    size_t stems_from, n_stems; /* new stems [stems_from, n_stems) (rebuild: from 0) */
    const uint64_t *term_count; /* store-wide count per term id (0: left out) */
    const px__store_member *members;
    size_t n_members;
    const int64_t *feat_rid; /* articles whose features were computed now */
    const px_slice *feat;    /* their blobs, or NULL: read them with feat_read */
    /* Blob i (called for i = 0, 1, … in order; *out valid until the next call):
     * PX_OK, else the blob is not saved (the article is featurized again). */
    px_status (*feat_read)(void *ud, size_t i, px_slice *out);
    void *feat_ud;
    size_t n_feat;
    size_t n_articles; /* what the grouping covers */
    int64_t max_rid;
    uint64_t tokens;               /* all counted term occurrences */
    const px__store_topic *topics; /* every story's topic (replaces the saved ones) */
    size_t n_topics;
    /* partial: members and topics hold only new or changed rows; the saved
     * rows keyed by drop_members (article ids) and drop_topics (story ids)
     * are deleted first, the others stay. Otherwise both replace all. */
    int partial;
    const px_slice *drop_members;
    size_t n_drop_members;
    const px_slice *drop_topics;
    size_t n_drop_topics;
} px__grouping;
px_status px__store_grouping_save(px_store *s, const px__grouping *g);

/* Takes (on 1) or releases (on 0) the store-wide lock of one grouping run, so
 * that two `parallax stories` on one store group one after the other. */
px_status px__store_grouping_lock(px_store *s, int on);

typedef struct px__grouping_state {
    int64_t articles, max_rid;     /* in the store now */
    int grouped;                   /* a grouping was saved */
    int64_t g_articles, g_max_rid; /* what it covered */
    uint64_t tokens;               /* its term occurrences */
} px__grouping_state;
px_status px__store_grouping_state(px_store *s, px__grouping_state *out);
/* A number that changes when another connection writes the articles (also a
 * record replaced in place, which changes no grouping state): SQLite's
 * data_version, PostgreSQL's row counters of the articles table (updated
 * within a second or so). Cheap enough to poll. */
px_status px__store_data_version(px_store *s, int64_t *out);

/* The saved story id equal to, or the only one starting with, want. Fails
 * with PX_ENOTFOUND or PX_EINVAL (ambiguous) and a message. */
px_status px__store_story_resolve(px_store *s, const char *want, char *id, size_t cap);

typedef struct px__store_story_art {
    px_slice id, dup_of, date, outlet, title, record;
    int64_t rid;
} px__store_story_art;
typedef px_status (*px__store_story_art_fn)(void *ud, const px__store_story_art *a);
/* The articles of a saved story in their saved order. */
px_status
px__store_story_articles(px_store *s, const char *story, px__store_story_art_fn fn, void *ud);

/* The saved store-wide count of each term (0 when absent), for n terms. */
px_status px__store_term_counts(px_store *s, const px_slice *terms, size_t n, double *counts);

#endif
