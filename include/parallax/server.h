/* parallax: the comparison as a web application (libmicrohttpd). The server
 * reads the store (read-only connections, one per worker thread) and answers
 * with pages drawn by the report's renderers and a JSON API; another process
 * may add articles and regroup stories meanwhile. See docs/serve.md. */
#ifndef PARALLAX_SERVER_H
#define PARALLAX_SERVER_H

#include "core.h"

typedef struct px_server px_server;

typedef struct px_server_opts {
    const char *db;         /* the store: a file (SQLite) or a postgresql:// URI */
    const char *host;       /* an IPv4 or IPv6 address to listen on; NULL: 127.0.0.1 */
    unsigned port;          /* 0: any free port (px_server_port tells which) */
    unsigned threads;       /* worker threads, each with its store connection; 0: 2 */
    unsigned max_conns;     /* open connections at most; 0: 256 */
    unsigned search_ms;     /* time limit of one search; 0: 2000 */
    unsigned index_poll_ms; /* how often the story index checks the store; 0: 2000 */
    /* An outlets table that gives leanings (px_outlets_load), or NULL: story
     * pages then show their coverage by leaning, and ?leaning=L filters the
     * stories and compares a story over the outlets of leaning L. Read, not
     * owned: it must outlive the server. */
    const struct px_outlets *outlets;
} px_server_opts;

/* Opens the store and starts listening; requests are answered on the server's
 * own threads until px_server_stop. On failure *out is NULL and errmsg
 * (PX_ERRMSG_SIZE bytes, may be NULL) says why. Returns PX_OK, PX_EINVAL (a
 * bad host), PX_EDB (the store), PX_EIO (cannot listen), PX_ENOMEM. */
PX_NODISCARD PX_API px_status px_server_start(px_server **out,
                                              const px_server_opts *opts,
                                              char *errmsg);
/* The port the server listens on. */
PX_API unsigned px_server_port(const px_server *s);
/* Stops accepting connections, lets the requests in flight finish (up to
 * grace_ms), then stops and frees everything. NULL is a no-op. */
PX_API void px_server_stop(px_server *s, unsigned grace_ms);

#endif
