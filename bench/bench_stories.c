/* Benchmark of stories and compare over a store of annotated articles.
 *
 *   stories  px_stories_build (load every record, duplicates, candidates,
 *            grouping, saving) on stores of the first N articles of STORE, for
 *            growing N: seconds, articles per second and peak RSS, so that the
 *            growth from 1,000 to 15,000 articles can be read off;
 *   compare  px_compare --json of the largest story and of a 3-article story of
 *            the largest store (median of 20 runs, milliseconds).
 *
 * Usage: bench_stories STORE [--sizes 1000,2000,4000,8000,15000]
 * STORE is made once with
 *   zstd -dc ../shared/corpus/allsides.jsonl.zst | parallax add --db STORE -
 * The smaller stores are copies of its first N rows, in /tmp, removed afterwards.
 * Prints a Markdown table and "bench:" key=value lines. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define COMPARE_RUNS 20

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

static void remove_db(const char *path)
{
    char p[256];
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

/* Makes a store at path holding the first n articles of src. */
static int copy_first(const char *src, const char *path, size_t n)
{
    char err[256] = "";
    px_store *s;
    remove_db(path);
    if (px_store_open(&s, path, err) || px_store_close(s)) {
        fprintf(stderr, "bench_stories: %s\n", err);
        return -1;
    }
    sqlite3 *db;
    char sql[512];
    snprintf(sql, sizeof sql,
             "ATTACH '%s' AS src; INSERT INTO articles(id, date, outlet, title, url, lang, record)"
             " SELECT id, date, outlet, title, url, lang, record FROM src.articles ORDER BY rid"
             " LIMIT %zu",
             src, n);
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        fprintf(stderr, "bench_stories: %s\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median CPU milliseconds of px_compare of story id. */
static double time_compare(px_store *s, const char *id)
{
    double t[COMPARE_RUNS];
    px_buf b;
    px_buf_init(&b, 0);
    for (int i = 0; i < COMPARE_RUNS; i++) {
        px_buf_reset(&b);
        double t0 = now(CLOCK_PROCESS_CPUTIME_ID);
        if (px_compare(s, id, NULL, 1, &b)) {
            fprintf(stderr, "bench_stories: compare: %s\n", px_store_errmsg(s));
            px_buf_free(&b);
            return -1;
        }
        t[i] = (now(CLOCK_PROCESS_CPUTIME_ID) - t0) * 1e3;
    }
    px_buf_free(&b);
    qsort(t, COMPARE_RUNS, sizeof *t, by_double);
    return t[COMPARE_RUNS / 2];
}

static void bench_compare(px_store *s, const px_stories *st)
{
    size_t big = 0, three = SIZE_MAX;
    for (size_t i = 0; i < px_stories_count(st); i++) {
        if (px_stories_size(st, i) > px_stories_size(st, big))
            big = i;
        if (three == SIZE_MAX && px_stories_size(st, i) == 3)
            three = i;
    }
    double ms = time_compare(s, px_stories_id(st, big));
    printf("\n| compare | articles | median CPU ms |\n|---|---:|---:|\n");
    printf("| largest story %s | %zu | %.2f |\n", px_stories_id(st, big), px_stories_size(st, big),
           ms);
    printf("bench: compare_largest_ms=%.2f compare_largest_articles=%zu\n", ms,
           px_stories_size(st, big));
    if (three != SIZE_MAX) {
        ms = time_compare(s, px_stories_id(st, three));
        printf("| 3-article story %s | 3 | %.2f |\n", px_stories_id(st, three), ms);
        printf("bench: compare_3_ms=%.2f\n", ms);
    }
}

int main(int argc, char **argv)
{
    const char *src = NULL, *sizes = "1000,2000,4000,8000,15000";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--sizes") && i + 1 < argc)
            sizes = argv[++i];
        else
            src = argv[i];
    }
    if (!src) {
        fprintf(stderr, "usage: bench_stories STORE [--sizes 1000,2000,4000,8000,15000]\n");
        return 2;
    }
    char path[128];
    snprintf(path, sizeof path, "/tmp/px-bench-stories-%ld.db", (long)getpid());
    printf("| articles | stories | copies | CPU s | wall s | articles/s (CPU) | peak RSS MB |\n"
           "|---:|---:|---:|---:|---:|---:|---:|\n");
    const char *p = sizes;
    int rc = 0;
    while (*p && rc == 0) {
        size_t n = strtoull(p, NULL, 10);
        p += strcspn(p, ",");
        p += *p == ',';
        px_store *s;
        char err[256] = "";
        if (copy_first(src, path, n) || px_store_open(&s, path, err)) {
            rc = 1;
            break;
        }
        size_t have = 0;
        px_stories *st = NULL;
        double c0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
        if (px_store_count(s, &have) || px_stories_build(s, &st)) {
            fprintf(stderr, "bench_stories: %s\n", px_store_errmsg(s));
            rc = 1;
        } else {
            double cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0, wall = now(CLOCK_MONOTONIC) - w0;
            printf("| %zu | %zu | %zu | %.2f | %.2f | %.0f | %.1f |\n", have, px_stories_count(st),
                   px_stories_copies(st), cpu, wall, have / cpu, peak_rss_kb() / 1024.0);
            printf("bench: stories_n=%zu stories_cpu_s=%.3f stories_per_s=%.0f rss_mb=%.1f\n", have,
                   cpu, have / cpu, peak_rss_kb() / 1024.0);
            if (!*p)
                bench_compare(s, st);
        }
        px_stories_free(st);
        if (px_store_close(s))
            rc = 1;
    }
    remove_db(path);
    return rc;
}
