/* Benchmark of the HTML report over a store of annotated articles: one
 * self-contained file of every story (px_report_write, grouping included).
 *
 * Usage: bench_report STORE [-o OUT.html] [--runs N]
 * STORE is made once with
 *   zstd -dc ../shared/corpus/allsides.jsonl.zst | parallax add --db STORE -
 * (the report saves the grouping in it, as parallax stories does). Without -o
 * the output is only counted and hashed. Prints wall and CPU seconds, output
 * size, peak RSS and the FNV-1a hash of the output for each run (runs of the
 * same store must give the same hash), then "bench:" key=value lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "parallax/parallax.h"
#include "parallax/report.h"

typedef struct counter {
    FILE *f;
    size_t bytes;
    uint64_t hash;
} counter;

static double now(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int sink(void *ud, const uint8_t *p, size_t n)
{
    counter *c = ud;
    for (size_t i = 0; i < n; i++)
        c->hash = (c->hash ^ p[i]) * 1099511628211ULL;
    c->bytes += n;
    return c->f && fwrite(p, 1, n, c->f) != n;
}

int main(int argc, char **argv)
{
    const char *db = NULL, *out = NULL;
    int runs = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (argv[i][0] != '-' && !db)
            db = argv[i];
        else
            runs = 0; /* an unknown option (--help): the usage */
    }
    if (!db || runs < 1) {
        fprintf(stderr, "usage: bench_report STORE [-o OUT.html] [--runs N]\n");
        return 2;
    }
    char err[256] = "";
    px_store *s;
    if (px_store_open(&s, db, err)) {
        fprintf(stderr, "bench_report: %s\n", err);
        return 1;
    }
    size_t n = 0;
    if (px_store_count(s, &n))
        n = 0;
    printf("| run | articles | wall s | CPU s | output MB | peak RSS MB | hash "
           "|\n|---:|---:|---:|---:|---:|---:|---|\n");
    double best_wall = 0, best_cpu = 0;
    size_t bytes = 0;
    int code = 0;
    for (int r = 0; r < runs && !code; r++) {
        counter c = {out ? fopen(out, "wb") : NULL, 0, 1469598103934665603ULL};
        if (out && !c.f) {
            perror(out);
            code = 1;
            break;
        }
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        px_status e = px_report_write(s, NULL, sink, &c);
        double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
        if (c.f && fclose(c.f))
            e = PX_EIO;
        if (e) {
            fprintf(stderr, "bench_report: %s\n", px_store_errmsg(s));
            code = 1;
            break;
        }
        printf("| %d | %zu | %.2f | %.2f | %.1f | %.0f | %016llx |\n", r + 1, n, wall, cpu,
               (double)c.bytes / 1e6, (double)peak_rss_kb() / 1024.0, (unsigned long long)c.hash);
        if (r == 0 || wall < best_wall)
            best_wall = wall, best_cpu = cpu;
        bytes = c.bytes;
    }
    if (!code)
        printf("bench: report_articles=%zu report_wall_s=%.2f report_cpu_s=%.2f report_mb=%.1f "
               "report_peak_rss_mb=%.0f\n",
               n, best_wall, best_cpu, (double)bytes / 1e6, (double)peak_rss_kb() / 1024.0);
    if (px_store_close(s))
        code = 1;
    return code;
}
