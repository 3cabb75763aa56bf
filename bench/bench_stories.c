/* Benchmark of stories and compare over a store of annotated articles.
 *
 *   stories  px_stories_build (load every record, duplicates, candidates,
 *            grouping, saving) on stores of the first N articles of STORE, for
 *            growing N: seconds, articles per second and peak RSS, so that the
 *            growth from 1,000 to 15,000 articles can be read off;
 *   compare  px_compare --json of the largest story and of a 3-article story of
 *            the largest store (median of 20 runs, milliseconds);
 *   incremental  a store of the first BASE articles grouped, then ADDED more:
 *            CPU of the incremental run (features of the new articles only)
 *            against a full regroup (--rebuild) of the same store, and whether
 *            both give byte-identical stories.
 *
 * Usage: bench_stories STORE [--sizes 1000,2000,4000,8000,15000] [--incr 14000,1000]
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

#include "corpus/story_impl.h"
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

/* Appends rows [from, from + n) of src (store order) to the store at path. */
static int copy_more(const char *src, const char *path, size_t from, size_t n)
{
    sqlite3 *db;
    char sql[512];
    snprintf(sql, sizeof sql,
             "ATTACH '%s' AS src; INSERT INTO articles(id, date, outlet, title, url, lang, record)"
             " SELECT id, date, outlet, title, url, lang, record FROM src.articles ORDER BY rid"
             " LIMIT %zu OFFSET %zu",
             src, n, from);
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        fprintf(stderr, "bench_stories: %s\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

/* Pairs of articles in one story: in a, in b, in both. */
typedef struct agree {
    uint64_t a, b, both;
} agree;

static uint64_t pairs_of(uint64_t n)
{
    return n * (n - 1) / 2;
}

/* Story index in st of each article id (value + 1), for comparing groupings. */
static px_map *story_map(const px_stories *st)
{
    px_map *m = px__map_new(st->c->n + 16);
    for (size_t k = 0; m && k < st->n; k++)
        for (uint32_t i = 0; i < st->story[k].n; i++) {
            uint64_t *slot;
            int isnew;
            if (px__map_put(m, st->c->docs[st->members[st->story[k].first + i]].id, k + 1, &slot,
                            &isnew)) {
                px__map_free(m);
                return NULL;
            }
        }
    return m;
}

static int compare_groupings(const px_stories *a, const px_stories *b, agree *g)
{
    px_map *mb = story_map(b);
    uint64_t *cnt = calloc(b->n + 1, sizeof *cnt);
    if (!mb || !cnt) {
        px__map_free(mb);
        free(cnt);
        return -1;
    }
    *g = (agree){0, 0, 0};
    for (size_t k = 0; k < b->n; k++)
        g->b += pairs_of(b->story[k].n);
    for (size_t k = 0; k < a->n; k++) {
        const px__story *s = &a->story[k];
        g->a += pairs_of(s->n);
        for (uint32_t i = 0; i < s->n; i++) {
            uint64_t *at = px__map_get(mb, a->c->docs[a->members[s->first + i]].id);
            if (at)
                cnt[*at]++;
        }
        for (uint32_t i = 0; i < s->n; i++) {
            uint64_t *at = px__map_get(mb, a->c->docs[a->members[s->first + i]].id);
            if (at && cnt[*at]) {
                g->both += pairs_of(cnt[*at]);
                cnt[*at] = 0;
            }
        }
    }
    px__map_free(mb);
    free(cnt);
    return 0;
}

/* Groups the store at path (rebuild: from the records), timing the CPU; *out
 * keeps the stories. */
static int timed_group(const char *path, int rebuild, px_stories **out, double *cpu, size_t *parsed)
{
    px_store *s;
    char err[256] = "";
    if (px_store_open(&s, path, err)) {
        fprintf(stderr, "bench_stories: %s\n", err);
        return -1;
    }
    px_stories *st = NULL;
    double c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    int rc = px_stories_update(s, rebuild, &st) ? -1 : 0;
    *cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (rc)
        fprintf(stderr, "bench_stories: %s\n", px_store_errmsg(s));
    *parsed = px_stories_featurized(st);
    px_stories_free(*out);
    *out = st;
    if (px_store_close(s))
        rc = -1;
    return rc;
}

/* A store of base articles, grouped; then add more: the CPU of the incremental
 * run against a full regroup (--rebuild) of a copy of the same store, and how
 * far the two groupings agree (pairs of articles put in one story). */
static int bench_incremental(const char *src, const char *path, size_t base, size_t add)
{
    px_stories *first = NULL, *inc = NULL, *full = NULL;
    double t_first, t_inc, t_full;
    size_t p_first, p_inc, p_full;
    char copy[160], sql[256];
    snprintf(copy, sizeof copy, "%s.full", path);
    remove_db(copy);
    sqlite3 *db = NULL;
    snprintf(sql, sizeof sql, "VACUUM INTO '%s'", copy);
    int rc = copy_first(src, path, base) || timed_group(path, 0, &first, &t_first, &p_first) ||
                     copy_more(src, path, base, add) || sqlite3_open(path, &db) ||
                     sqlite3_exec(db, sql, NULL, NULL, NULL) ||
                     timed_group(path, 0, &inc, &t_inc, &p_inc) ||
                     timed_group(copy, 1, &full, &t_full, &p_full)
                 ? -1
                 : 0;
    sqlite3_close(db);
    agree g = {0, 0, 0};
    if (rc == 0 && compare_groupings(inc, full, &g) == 0) {
        printf("\n| run | articles | parsed | stories | CPU s |\n|---|---:|---:|---:|---:|\n");
        printf("| first grouping | %zu | %zu | %zu | %.2f |\n", base, p_first,
               px_stories_count(first), t_first);
        printf("| incremental (+%zu) | %zu | %zu | %zu | %.2f |\n", add, base + add, p_inc,
               px_stories_count(inc), t_inc);
        printf("| full regroup (--rebuild) | %zu | %zu | %zu | %.2f |\n", base + add, p_full,
               px_stories_count(full), t_full);
        printf("same-story pairs: incremental %llu, full %llu, both %llu\n",
               (unsigned long long)g.a, (unsigned long long)g.b, (unsigned long long)g.both);
        printf("bench: incr_base=%zu incr_add=%zu incr_cpu_s=%.3f full_cpu_s=%.3f"
               " incr_pairs=%llu full_pairs=%llu both_pairs=%llu\n",
               base, add, t_inc, t_full, (unsigned long long)g.a, (unsigned long long)g.b,
               (unsigned long long)g.both);
    }
    px_stories_free(first);
    px_stories_free(inc);
    px_stories_free(full);
    remove_db(copy);
    return rc;
}

int main(int argc, char **argv)
{
    const char *src = NULL, *sizes = "1000,2000,4000,8000,15000", *incr = "14000,1000";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--sizes") && i + 1 < argc)
            sizes = argv[++i];
        else if (!strcmp(argv[i], "--incr") && i + 1 < argc)
            incr = argv[++i];
        else if (argv[i][0] != '-' && !src)
            src = argv[i];
        else
            sizes = NULL; /* an unknown option (--help): the usage */
    }
    if (!src || !sizes) {
        fprintf(stderr, "usage: bench_stories STORE [--sizes 1000,2000,4000,8000,15000]"
                        " [--incr BASE,ADDED | --incr 0]\n");
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
    size_t base = strtoull(incr, NULL, 10);
    const char *comma = strchr(incr, ',');
    if (rc == 0 && base && comma)
        rc = bench_incremental(src, path, base, strtoull(comma + 1, NULL, 10)) ? 1 : 0;
    remove_db(path);
    return rc;
}
