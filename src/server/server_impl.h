/* parallax server: the pieces of `parallax serve` (src/server). The request
 * target parser (route.c) is pure and fuzzed; http.c is the libmicrohttpd
 * glue, index.c the story index kept up to date in the background, pages.c
 * the HTML pages (drawn by the report's renderers) and api.c the JSON API. */
#ifndef PX_SERVER_IMPL_H
#define PX_SERVER_IMPL_H

#include "internal.h"
#include "parallax/server.h"

/* ---- the request target (route.c) ---- */

enum px_srv_route {
    SRV_NONE = 0, /* no such page: 404 */
    SRV_INDEX,    /* / */
    SRV_STORY,    /* /story/ID */
    SRV_ARTICLE,  /* /article/ID */
    SRV_OUTLET,   /* /outlet/NAME */
    SRV_SEARCH,   /* /search?q= */
    SRV_TOPIC,    /* /topic/ID */
    SRV_STATIC,   /* /static/parallax.css, /static/parallax.js */
    SRV_API_STORIES,
    SRV_API_STORY,
    SRV_API_ARTICLE,
    SRV_API_SEARCH,
    SRV_API_TOPICS,
    SRV_API_TOPIC,
};

#define SRV_MAX_TARGET  4096 /* bytes of the request target (path and query) */
#define SRV_MAX_ARG     256  /* bytes of a decoded path argument (id, outlet name) */
#define SRV_MAX_QUERY   512  /* bytes of a decoded search query */
#define SRV_MAX_PAGE    100000
#define SRV_MAX_LEANING 63 /* bytes of leaning= */

/* A parsed request target. status is 0 when it names a page, else the HTTP
 * status to answer (400, 404, 414) with why, a static message. */
typedef struct px_srv_req {
    int route;
    int api; /* answer in JSON */
    int status;
    const char *why;
    char arg[SRV_MAX_ARG + 1]; /* the decoded id or name of the path */
    char q[SRV_MAX_QUERY + 1]; /* q= */
    char outlet[SRV_MAX_ARG + 1];
    char from[11], to[11]; /* YYYY-MM-DD or empty */
    char lang[16];
    char leaning[SRV_MAX_LEANING + 1]; /* leaning= (of the outlets table) */
    unsigned page;                     /* 1-based */
    int singles;                       /* singles=1: single-outlet stories too */
    int static_js;                     /* SRV_STATIC: 1 for the script, 0 for the style */
} px_srv_req;

/* Parses a request target (origin form: /path?query, as it came on the request
 * line, percent-encoded) into r. Refuses (400) bad percent-encoding, invalid
 * UTF-8, control characters, NUL, dot segments (. ..), an encoded / or \ in a
 * segment, empty segments, absolute and other non-origin forms, unknown or
 * repeated parameters and malformed values; 414 past SRV_MAX_TARGET; 404 for no
 * such page. Returns r->status. */
int px__srv_parse(const char *target, size_t len, px_srv_req *r);

/* ---- the story index (index.c) ---- */

#include <pthread.h>
#include <stdatomic.h>

#include "store/store_api.h"

typedef struct srv_story {
    const char *id, *title, *first, *last; /* first, last: "" when undated */
    const char *outlets;                   /* distinct, in order, joined by ", " */
    const char **outlet;                   /* the same one by one */
    const char **art;                      /* article ids (n_art) */
    const char *langs;                     /* ",en,fr," */
    uint32_t n_art, n_outlet;
    _Atomic long contra, silent; /* -1 until compared in the background */
} srv_story;

typedef struct srv_outlet {
    const char *name;
    size_t n_art, n_story;
} srv_outlet;

typedef struct srv_index {
    _Atomic int refs;
    px_arena *arena;
    srv_story *st; /* multi-outlet first, newest first */
    size_t n, n_multi;
    srv_outlet *outlet; /* by name */
    size_t n_outlet;
    const char **lang; /* sorted */
    size_t n_lang;
    px_map *by_id;  /* story id -> index in st */
    px_map *of_art; /* article id -> index in st */
    size_t n_articles;
    px__grouping_state gs;
    int64_t version;   /* px__store_data_version when built */
    const char *empty; /* why there are no stories (static), or NULL */
    _Atomic size_t compared;
    /* Rendered story pages and JSON of this snapshot (index.c). */
    pthread_mutex_t cache_mu;
    px_map *cache; /* key -> slot + 1 */
    struct srv_cached *cached;
    size_t n_cached, cap_cached, cache_bytes;
    size_t evict_at; /* entries below may be evicted; SIZE_MAX: none yet */
} srv_index;

/* A cached answer: a zstd frame (NULL once evicted), its key, and whether a
 * request has read it (such an entry is never evicted, so a frame is never
 * freed while a request decompresses it). */
typedef struct srv_cached {
    px_buf z;
    char *key;
    int hit;
} srv_cached;

#define SRV_CACHE_BYTES (48u << 20) /* compressed */

/* The cached answer of key (a route and its argument) into out; 1 when found. */
int px__srv_cache_get(srv_index *ix, const char *key, px_buf *out);
/* Keeps body, compressed, under key while the cache has room. A request's
 * page (evict = 1) that does not fit takes the room of pages drawn ahead
 * that no request has read, the last drawn first. */
void px__srv_cache_put(srv_index *ix, const char *key, px_slice body, int evict);

typedef struct srv_indexer srv_indexer;

/* Builds the first index from store s (the indexer's own connection, which it
 * keeps) and starts the thread that rebuilds it when the store's grouping
 * changes (checked every poll_ms) and fills in the findings of each story. */
px_status px__srv_indexer_start(
    srv_indexer **out, px_store *s, unsigned poll_ms, const struct px_outlets *table, char *errmsg);
void px__srv_indexer_stop(srv_indexer *x);
/* The current index (held until px__srv_index_release). */
srv_index *px__srv_index_get(srv_indexer *x);
void px__srv_index_release(srv_indexer *x, srv_index *ix);
/* The story with this id, or NULL. */
const srv_story *px__srv_index_story(const srv_index *ix, const char *id);
/* The index of the story of an article, or -1. */
long px__srv_index_story_of(const srv_index *ix, const char *article);
/* Whether story st passes the filters of r (outlet, dates, language, singles,
 * and with a table the leaning: an outlet of the story that the table, by
 * name or alias, gives leaning r->leaning). */
int px__srv_index_match(const srv_story *st, const px_srv_req *r, const struct px_outlets *table);

/* ---- answering (pages.c, api.c) ---- */

typedef struct srv_reply {
    int status;
    const char *type; /* Content-Type */
    px_buf body;
    int cache; /* may be cached (the static assets) */
} srv_reply;

typedef struct srv_ctx {
    px_store *s; /* this worker's connection */
    srv_indexer *indexer;
    const struct px_outlets *table; /* px_server_opts.outlets, or NULL */
} srv_ctx;

#define SRV_PER_PAGE 50

void px__srv_page(srv_ctx *c, const px_srv_req *r, srv_reply *out);
/* The HTML page of a loaded story (report_impl.h) into out (reset first). */
struct rep_story;
px_status px__srv_story_html(struct rep_story *st, px_buf *out);
void px__srv_api(srv_ctx *c, const px_srv_req *r, srv_reply *out);
/* An error page (HTML) or {"error": why, "status": n} (JSON). */
void px__srv_error(srv_reply *out, int api, int status, const char *why);

#endif
