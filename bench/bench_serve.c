/* bench_serve: parallax serve under load. Starts the server in this process
 * on a free loopback port over STORE, waits until the index has counted the
 * findings of every story (so the background comparisons do not compete),
 * then CLIENTS threads send REQUESTS story-page requests in all (keep-alive
 * connections, stories drawn from the multi-outlet ones first, round robin
 * over the first 500) and the index once per 20. Prints the latency
 * percentiles of the story pages, requests per second and the peak RSS of
 * the process (server and clients).
 *
 * usage: bench_serve STORE [--threads N] [--clients N] [--requests N] */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "parallax/corpus.h"
#include "parallax/server.h"
#include "parallax/store.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct job {
    unsigned port;
    char **paths;
    size_t n_paths;
    size_t from, n; /* requests [from, from + n) */
    double *lat;    /* story pages' latencies, seconds (NaN for others) */
    size_t bad;
    size_t bytes;
    double cpu; /* this client thread's CPU seconds */
} job;

static int connect_to(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* One keep-alive request; returns the status, or -1. Reads Content-Length. */
static int request(int fd, const char *path, char *buf, size_t cap, size_t *bytes)
{
    char req[512];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: bench\r\n\r\n", path);
    if (write(fd, req, (size_t)n) != n)
        return -1;
    size_t got = 0;
    char *hend = NULL;
    while (!hend) {
        ssize_t k = read(fd, buf + got, cap - got - 1);
        if (k <= 0)
            return -1;
        got += (size_t)k;
        buf[got] = 0;
        hend = strstr(buf, "\r\n\r\n");
    }
    int status = atoi(buf + 9);
    char *cl = strcasestr(buf, "Content-Length:");
    size_t len = cl ? strtoul(cl + 15, NULL, 10) : 0;
    size_t have = got - (size_t)(hend + 4 - buf);
    while (have < len) {
        ssize_t k = read(fd, buf, cap - 1 < len - have ? cap - 1 : len - have);
        if (k <= 0)
            return -1;
        have += (size_t)k;
    }
    *bytes += len;
    return status;
}

static void *client(void *ud)
{
    job *j = ud;
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    int fd = connect_to(j->port);
    for (size_t i = j->from; buf && i < j->from + j->n; i++) {
        int index = i % 20 == 19;
        const char *path = index ? "/" : j->paths[i % j->n_paths];
        double t0 = now();
        int st = fd >= 0 ? request(fd, path, buf, cap, &j->bytes) : -1;
        if (st < 0) { /* reconnect once */
            if (fd >= 0)
                close(fd);
            fd = connect_to(j->port);
            st = fd >= 0 ? request(fd, path, buf, cap, &j->bytes) : -1;
        }
        double dt = now() - t0;
        j->lat[i] = index ? -dt : dt; /* the index negative */
        j->bad += st != 200;
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    j->cpu = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    return NULL;
}

static double cpu_of(const struct rusage *r)
{
    return (double)(r->ru_utime.tv_sec + r->ru_stime.tv_sec) +
           (double)(r->ru_utime.tv_usec + r->ru_stime.tv_usec) / 1e6;
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
    unsigned threads = 2, clients = 32;
    size_t total = 20000;
    int usage = argc < 2 || argc % 2 || argv[1][0] == '-';
    for (int i = 2; !usage && i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--threads"))
            threads = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--clients"))
            clients = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--requests"))
            total = (size_t)atol(argv[i + 1]);
        else
            usage = 1;
    }
    if (usage) {
        fprintf(stderr, "usage: bench_serve STORE [--threads N] [--clients N] [--requests N]\n");
        return 2;
    }
    /* The story pages to ask for: the biggest stories of the saved grouping
     * first (the index's multi-outlet stories), then the others. */
    char err[PX_ERRMSG_SIZE] = "";
    px_store *s;
    if (px_store_open(&s, argv[1], err)) {
        fprintf(stderr, "bench_serve: %s\n", err);
        return 1;
    }
    px_stories *st;
    if (px_stories_load(s, &st)) {
        fprintf(stderr, "bench_serve: %s\n", px_store_errmsg(s));
        return 1;
    }
    size_t n = px_stories_count(st), n_paths = 0;
    char **paths = calloc(500, sizeof *paths);
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n && n_paths < 500; i++) {
            size_t sz = px_stories_size(st, i);
            if ((pass == 0) != (sz >= 3))
                continue;
            paths[n_paths] = malloc(64);
            snprintf(paths[n_paths++], 64, "/story/%s", px_stories_id(st, i));
        }
    px_stories_free(st);
    if (px_store_close(s) != PX_OK)
        return 1;

    px_server_opts o = {.db = argv[1], .port = 0, .threads = threads, .max_conns = 1024};
    px_server *srv;
    double t0 = now();
    if (px_server_start(&srv, &o, err)) {
        fprintf(stderr, "bench_serve: %s\n", err);
        return 1;
    }
    printf("server started in %.2f s (index built)\n", now() - t0);
    /* Wait for the background comparisons: the index page says when done. */
    t0 = now();
    for (;;) {
        struct rusage r0, r1;
        getrusage(RUSAGE_SELF, &r0);
        sleep(1);
        getrusage(RUSAGE_SELF, &r1);
        double cpu = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) +
                     (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6;
        if (cpu < 0.05) /* idle: every story compared */
            break;
    }
    struct rusage rb;
    getrusage(RUSAGE_SELF, &rb);
    printf("background comparisons done after %.1f s (%.1f s of CPU since the start)\n", now() - t0,
           cpu_of(&rb));

    job *jobs = calloc(clients, sizeof *jobs);
    pthread_t *th = calloc(clients, sizeof *th);
    double *lat = calloc(total, sizeof *lat);
    size_t per = total / clients;
    struct rusage ru0;
    getrusage(RUSAGE_SELF, &ru0);
    t0 = now();
    for (unsigned c = 0; c < clients; c++) {
        jobs[c] = (job){px_server_port(srv),
                        paths,
                        n_paths,
                        c * per,
                        c + 1 == clients ? total - c * per : per,
                        lat,
                        0,
                        0,
                        0};
        pthread_create(&th[c], NULL, client, &jobs[c]);
    }
    size_t bad = 0, bytes = 0;
    double client_cpu = 0;
    for (unsigned c = 0; c < clients; c++) {
        pthread_join(th[c], NULL);
        bad += jobs[c].bad;
        bytes += jobs[c].bytes;
        client_cpu += jobs[c].cpu;
    }
    double el = now() - t0;
    struct rusage ru1;
    getrusage(RUSAGE_SELF, &ru1);
    double all_cpu = cpu_of(&ru1) - cpu_of(&ru0);
    size_t m = 0, mi = 0;
    double *ilat = calloc(total, sizeof *ilat);
    for (size_t i = 0; i < total; i++)
        if (lat[i] >= 0)
            lat[m++] = lat[i];
        else
            ilat[mi++] = -lat[i];
    qsort(lat, m, sizeof *lat, dbl_cmp);
    qsort(ilat, mi, sizeof *ilat, dbl_cmp);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%zu requests (%zu story pages over %zu stories, the rest the index), %u clients, "
           "%u server threads\n",
           total, m, n_paths, clients, threads);
    printf("non-200 answers: %zu\n", bad);
    printf("requests/s: %.0f (%.1f MB/s of pages)\n", (double)total / el, (double)bytes / el / 1e6);
    printf("story page latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
           1e3 * lat[m / 2], 1e3 * lat[m * 9 / 10], 1e3 * lat[m * 99 / 100], 1e3 * lat[m - 1]);
    if (mi)
        printf("index page latency: p50 %.1f ms, p99 %.1f ms\n", 1e3 * ilat[mi / 2],
               1e3 * ilat[mi * 99 / 100]);
    printf("CPU during the load: %.2f s over %.2f s of wall time: clients %.2f s, server %.2f s "
           "(%.2f ms a request)\n",
           all_cpu, el, client_cpu, all_cpu - client_cpu,
           1e3 * (all_cpu - client_cpu) / (double)total);
    printf("peak RSS (server and clients): %ld MB\n", ru.ru_maxrss / 1024);
    px_server_stop(srv, 5000);
    for (size_t i = 0; i < n_paths; i++)
        free(paths[i]);
    free(paths);
    free(jobs);
    free(th);
    free(lat);
    free(ilat);
    return bad != 0;
}
