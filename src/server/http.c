/* parallax server: the libmicrohttpd glue. A thread pool answers requests;
 * each request borrows one of the read-only store connections (one per worker
 * thread, so a request never waits for another's). The raw request target is
 * taken before libmicrohttpd decodes it (the URI log callback) and parsed by
 * route.c. Limits: the request line and headers share a per-connection
 * memory cap (SRV_CONN_MEMORY: a longer one gets 414 or 431 from
 * libmicrohttpd), the target is capped by route.c, connections by max_conns,
 * idle connections time out, and one search by search_ms. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/server_impl.h"

#define SRV_CONN_MEMORY (32u * 1024u) /* request line + headers + answer headers */
#define SRV_TIMEOUT_S   30u

static const char CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self'; form-action 'self'; base-uri 'none'; "
                          "frame-ancestors 'none'";

struct px_server {
    struct MHD_Daemon *d;
    srv_indexer *indexer;
    px_store *index_store;
    px_store **pool; /* free connections */
    size_t n_pool, n_free;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned port;
    const struct px_outlets *table; /* px_server_opts.outlets */
};

static px_store *borrow(px_server *s)
{
    pthread_mutex_lock(&s->mu);
    while (s->n_free == 0)
        pthread_cond_wait(&s->cv, &s->mu);
    px_store *st = s->pool[--s->n_free];
    pthread_mutex_unlock(&s->mu);
    return st;
}

static void give_back(px_server *s, px_store *st)
{
    pthread_mutex_lock(&s->mu);
    s->pool[s->n_free++] = st;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* The raw target, before libmicrohttpd decodes it: parsed into the request's
 * context. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
    (void)cls;
    (void)con;
    px_srv_req *r = px__malloc(sizeof *r);
    if (r)
        px__srv_parse(uri, uri ? strlen(uri) : 0, r);
    return r;
}

static void
on_done(void *cls, struct MHD_Connection *con, void **req_cls, enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)con;
    (void)why;
    px__free(*req_cls);
    *req_cls = NULL;
}

static enum MHD_Result send_reply(struct MHD_Connection *con, srv_reply *rep)
{
    /* The answer's buffer is handed to libmicrohttpd (no copy of a page). */
    struct MHD_Response *res =
        rep->body.len ? MHD_create_response_from_buffer_with_free_callback(rep->body.len,
                                                                           rep->body.ptr, px__free)
                      : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!res)
        return MHD_NO;
    if (rep->body.len)
        px_buf_init(&rep->body, 0); /* owned by res now */
    MHD_add_response_header(res, "Content-Type", rep->type);
    MHD_add_response_header(res, "Content-Security-Policy", CSP);
    MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(res, "X-Frame-Options", "DENY");
    MHD_add_response_header(res, "Cache-Control", rep->cache ? "max-age=3600" : "no-cache");
    if (rep->status == 405)
        MHD_add_response_header(res, "Allow", "GET, HEAD");
    enum MHD_Result ok = MHD_queue_response(con, (unsigned)rep->status, res);
    MHD_destroy_response(res);
    return ok;
}

static enum MHD_Result on_request(void *cls,
                                  struct MHD_Connection *con,
                                  const char *url,
                                  const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_size,
                                  void **req_cls)
{
    px_server *s = cls;
    (void)url;
    (void)version;
    (void)upload_data;
    px_srv_req *r = *req_cls;
    srv_reply rep = {0};
    px_buf_init(&rep.body, 0);
    if (px_buf_reserve(&rep.body, 64u << 10) != PX_OK) {
        /* grows as it goes, or answers 500 */
    }
    if (*upload_size) {
        *upload_size = 0; /* a body is never read; answered below when it ends */
        return MHD_YES;
    }
    int api = r ? r->api : 0;
    if (!r) {
        px__srv_error(&rep, 0, 500, "out of memory");
    } else if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        px__srv_error(&rep, api, 405, "only GET and HEAD are answered");
    } else if (r->status) {
        px__srv_error(&rep, api, r->status, r->why);
    } else {
        srv_ctx c = {borrow(s), s->indexer, s->table};
        if (r->api)
            px__srv_api(&c, r, &rep);
        else
            px__srv_page(&c, r, &rep);
        give_back(s, c.s);
    }
    enum MHD_Result ok = send_reply(con, &rep);
    px_buf_free(&rep.body);
    return ok;
}

static px_status
listen_addr(const char *host, unsigned port, struct sockaddr_storage *sa, int *v6, char *errmsg)
{
    memset(sa, 0, sizeof *sa);
    struct sockaddr_in *a4 = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)sa;
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *v6 = 0;
        return PX_OK;
    }
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *v6 = 1;
        return PX_OK;
    }
    return px__fail(errmsg, PX_EINVAL, "--host %s is not an IPv4 or IPv6 address", host);
}

static void free_server(px_server *s)
{
    px__srv_indexer_stop(s->indexer);
    for (size_t i = 0; i < s->n_free; i++)
        if (px_store_close(s->pool[i]) != PX_OK) {
            /* nothing to commit on a reader: a failed close loses nothing */
        }
    if (s->index_store && px_store_close(s->index_store) != PX_OK) {
    }
    px__free(s->pool);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    px__free(s);
}

px_status px_server_start(px_server **out, const px_server_opts *o, char *errmsg)
{
    if (!out || !o || !o->db)
        return px__fail(errmsg, PX_EINVAL, "px_server_start: NULL argument");
    *out = NULL;
    if (o->port > 65535)
        return px__fail(errmsg, PX_EINVAL, "--port %u is not a port (0 to 65535)", o->port);
    unsigned threads = o->threads ? o->threads : 2;
    if (threads > 64)
        return px__fail(errmsg, PX_EINVAL, "--threads %u: at most 64", threads);
    struct sockaddr_storage sa;
    int v6 = 0;
    px_status e = listen_addr(o->host ? o->host : "127.0.0.1", o->port, &sa, &v6, errmsg);
    if (e)
        return e;
    px_server *s = px__calloc(1, sizeof *s);
    if (!s || !(s->pool = px__calloc(threads, sizeof *s->pool))) {
        px__free(s);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->n_pool = threads;
    s->table = o->outlets;
    e = px__store_open_readonly(&s->index_store, o->db, errmsg);
    for (size_t i = 0; !e && i < threads; i++) {
        e = px__store_open_readonly(&s->pool[i], o->db, errmsg);
        if (!e) {
            px__store_set_search_ms(s->pool[i], o->search_ms ? o->search_ms : 2000);
            s->n_free++;
        }
    }
    if (!e)
        e = px__srv_indexer_start(&s->indexer, s->index_store, o->index_poll_ms, o->outlets,
                                  errmsg);
    if (!e) {
        unsigned flags =
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | (v6 ? MHD_USE_IPv6 : 0);
        s->d =
            MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, on_request, s,
                             MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                             MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
                             o->max_conns ? o->max_conns : 256u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                             (size_t)SRV_CONN_MEMORY, MHD_OPTION_CONNECTION_TIMEOUT, SRV_TIMEOUT_S,
                             MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED,
                             on_done, NULL, MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u, MHD_OPTION_END);
        if (!s->d)
            e = px__fail(errmsg, PX_EIO, "cannot listen on %s port %u (in use, or not allowed)",
                         o->host ? o->host : "127.0.0.1", o->port);
    }
    if (e) {
        free_server(s);
        return e;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    *out = s;
    return PX_OK;
}

unsigned px_server_port(const px_server *s)
{
    return s ? s->port : 0;
}

void px_server_stop(px_server *s, unsigned grace_ms)
{
    if (!s)
        return;
    /* No new connections; the requests in flight finish (each holds a store
     * connection: all back in the pool means none is running). */
    MHD_socket fd = MHD_quiesce_daemon(s->d);
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        pthread_mutex_lock(&s->mu);
        int idle = s->n_free == s->n_pool;
        pthread_mutex_unlock(&s->mu);
        clock_gettime(CLOCK_MONOTONIC, &t);
        long ms = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
        if (idle || ms >= (long)grace_ms)
            break;
        struct timespec nap = {0, 10 * 1000000L};
        nanosleep(&nap, NULL);
    }
    MHD_stop_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    free_server(s);
}
