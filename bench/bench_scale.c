/* Benchmark of grouping at scale (#19 item 4): synthetic stores of N articles
 * made from the AllSides text, then `stories` (px_stories_update) on each:
 * wall and CPU seconds, peak RSS, and the growth from one size to the next
 * against n log n; then an incremental run after adding ADD more articles.
 *
 * A synthetic article takes a real article's sentences (a random 60-100% of
 * them, reshuffled) plus one or two sentences of another article, a random
 * outlet of the corpus' 491, a date spread over ten years (2014-2023; --days
 * narrows it: 100,000 articles over 365 days are as dense as 1M over ten years): copies
 * of one source are near but not exact duplicates, and those within a few days
 * of each other may group. Articles are stored without analyses (text,
 * sentences; no entities or numbers: segmentation is what 1M articles can
 * afford here), so the grouping's evidence is its TF-IDF terms.
 *
 * Each `stories` runs in a child process (fork), so that its peak RSS is its
 * own (wait4). Stores are built in DIR (default /tmp) and removed afterwards
 * unless --keep.
 *
 * Usage: bench_scale [--sizes 100000,300000] [--add 10000] [--dir DIR] [--keep]
 *                    [--days 3650] [--corpus ../shared/corpus/allsides.jsonl.zst]
 *                    [--again FIRST]
 * --again FIRST reuses a kept store of each size: it adds ADD articles from
 * synthetic article FIRST on (past the ones it holds) and runs only the
 * incremental grouping, to measure it again without the build.
 * Prints a Markdown table and "bench:" key=value lines. Run it under nice. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static double now(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* The source corpus: per article its title, and its sentences. */
typedef struct src {
    char *title;
    char **sent;
    size_t n_sent;
} src;

static unsigned span_days; /* dates spread over this many days from 2014-01-01 */
static src *srcs;
static size_t n_srcs;
static char **outlets;
static size_t n_outlets;

static char *dupn(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, p, n);
    s[n] = 0;
    return s;
}

/* Splits text at ". ", "? ", "! " before a capital letter (good enough here). */
static void split(src *s, px_slice text)
{
    size_t start = 0, cap = 0;
    for (size_t i = 0; i + 2 < text.len; i++) {
        uint8_t c = text.ptr[i];
        if ((c == '.' || c == '?' || c == '!') && text.ptr[i + 1] == ' ' &&
            text.ptr[i + 2] >= 'A' && text.ptr[i + 2] <= 'Z') {
            if (s->n_sent == cap) {
                cap = cap ? cap * 2 : 32;
                s->sent = realloc(s->sent, cap * sizeof *s->sent);
            }
            s->sent[s->n_sent++] = dupn(text.ptr + start, i + 1 - start);
            start = i + 2;
        }
    }
    if (start < text.len) {
        if (s->n_sent == cap)
            s->sent = realloc(s->sent, (cap + 1) * sizeof *s->sent);
        s->sent[s->n_sent++] = dupn(text.ptr + start, text.len - start);
    }
}

static void load_corpus(const char *path)
{
    char *const paths[] = {(char *)path};
    px_reader *r = NULL;
    px_reader_options o = {0};
    if (px_reader_new(&r, &o, paths, 1))
        abort();
    size_t cap = 0, ocap = 0;
    for (;;) {
        px_article a;
        int got = 0;
        if (px_reader_next(r, &a, &got) || !got)
            break;
        if (!a.text.ptr || a.text.len < 200)
            continue;
        if (n_srcs == cap) {
            cap = cap ? cap * 2 : 1024;
            srcs = realloc(srcs, cap * sizeof *srcs);
        }
        src *s = &srcs[n_srcs++];
        memset(s, 0, sizeof *s);
        s->title = a.title.ptr ? dupn(a.title.ptr, a.title.len) : dupn((const uint8_t *)"", 0);
        split(s, a.text);
        if (a.outlet.ptr) {
            size_t k = 0;
            while (k < n_outlets && (strlen(outlets[k]) != a.outlet.len ||
                                     memcmp(outlets[k], a.outlet.ptr, a.outlet.len)))
                k++;
            if (k == n_outlets) {
                if (n_outlets == ocap) {
                    ocap = ocap ? ocap * 2 : 64;
                    outlets = realloc(outlets, ocap * sizeof *outlets);
                }
                outlets[n_outlets++] = dupn(a.outlet.ptr, a.outlet.len);
            }
        }
    }
    px_reader_free(r);
}

/* Day k after 2014-01-01 as YYYY-MM-DD. */
static void civil(int k, char out[48])
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 2014, m = 0;
    for (;;) {
        int len = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365;
        if (k < len)
            break;
        k -= len;
        y++;
    }
    for (;;) {
        int len = md[m] + (m == 1 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        if (k < len)
            break;
        k -= len;
        m++;
    }
    snprintf(out, 48, "%04d-%02d-%02d", y, m + 1, k + 1);
}

/* Articles first..first+n of the synthetic corpus (article i is the same for
 * every size: seeded by i). Returns seconds. */
static double add_articles(const char *db, size_t first, size_t n)
{
    double t0 = now(CLOCK_MONOTONIC);
    char errmsg[PX_ERRMSG_SIZE];
    px_engine_options eo = {.no_langid = 1, .no_analyses = 1, .no_syntax = 1};
    px_engine *e = NULL;
    px_store *s = NULL;
    if (px_engine_new(&e, &eo, errmsg) || px_store_open(&s, db, errmsg)) {
        fprintf(stderr, "bench_scale: %s\n", errmsg);
        exit(1);
    }
    px_store_set_batch(s, 4096);
    px_buf text;
    px_buf_init(&text, 0);
    char date[48];
    size_t *order = NULL, ocap = 0;
    for (size_t i = first; i < first + n; i++) {
        rng = 0x9e3779b97f4a7c15ULL ^ (i * 0xbf58476d1ce4e5b9ULL);
        for (int k = 0; k < 4; k++)
            next_rand();
        const src *b = &srcs[next_rand() % n_srcs];
        const src *o = &srcs[next_rand() % n_srcs];
        if (b->n_sent > ocap) {
            ocap = b->n_sent;
            order = realloc(order, ocap * sizeof *order);
        }
        for (size_t k = 0; k < b->n_sent; k++)
            order[k] = k;
        for (size_t k = b->n_sent; k > 1; k--) { /* Fisher-Yates */
            size_t j = next_rand() % k, t = order[k - 1];
            order[k - 1] = order[j];
            order[j] = t;
        }
        size_t keep = b->n_sent * (60 + next_rand() % 41) / 100;
        if (!keep)
            keep = b->n_sent;
        text.len = 0;
        for (size_t k = 0; k < keep; k++) {
            if (px_buf_append_str(&text, b->sent[order[k]]) || px_buf_append_byte(&text, ' '))
                abort();
            if (k == keep / 2)
                for (uint64_t x = 1 + next_rand() % 2; x > 0; x--)
                    if (px_buf_append_str(&text, o->sent[next_rand() % o->n_sent]) ||
                        px_buf_append_byte(&text, ' '))
                        abort();
        }
        civil((int)(next_rand() % span_days), date);
        const char *outlet = outlets[next_rand() % n_outlets];
        px_article a = {.text = px_buf_slice(&text),
                        .title = px_slice_cstr(b->title),
                        .date = px_slice_cstr(date),
                        .date_source = "header",
                        .outlet = px_slice_cstr(outlet)};
        px_doc *d = NULL;
        if (px_doc_new(e, &a, &d) || px_store_put(s, d, NULL)) {
            fprintf(stderr, "bench_scale: article %zu: %s\n", i, px_store_errmsg(s));
            exit(1);
        }
        px_doc_free(d);
    }
    if (px_store_close(s)) {
        fprintf(stderr, "bench_scale: cannot close %s\n", db);
        exit(1);
    }
    px_buf_free(&text);
    free(order);
    px_engine_free(e);
    return now(CLOCK_MONOTONIC) - t0;
}

typedef struct run {
    double wall, cpu;
    long rss_kb;
    size_t stories, featurized;
} run;

/* px_stories_update in a child process: its wall time, CPU and peak RSS. */
static run stories(const char *db)
{
    int fd[2];
    if (pipe(fd))
        abort();
    double t0 = now(CLOCK_MONOTONIC);
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        char errmsg[PX_ERRMSG_SIZE];
        px_store *s = NULL;
        px_stories *st = NULL;
        if (px_store_open(&s, db, errmsg) || px_stories_update(s, 0, &st)) {
            fprintf(stderr, "bench_scale: stories: %s\n", s ? px_store_errmsg(s) : errmsg);
            _exit(1);
        }
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        size_t v[3] = {px_stories_count(st), px_stories_featurized(st), (size_t)ru.ru_maxrss};
        if (write(fd[1], v, sizeof v) != sizeof v)
            _exit(1);
        px_stories_free(st);
        _exit(px_store_close(s) ? 1 : 0);
    }
    close(fd[1]);
    size_t v[3] = {0, 0, 0};
    if (read(fd[0], v, sizeof v) != sizeof v)
        v[0] = v[1] = v[2] = 0;
    close(fd[0]);
    int status = 0;
    struct rusage r0, ru;
    getrusage(RUSAGE_CHILDREN, &r0);
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
        fprintf(stderr, "bench_scale: stories failed on %s\n", db);
        exit(1);
    }
    getrusage(RUSAGE_CHILDREN, &ru);
    double cpu = (double)(ru.ru_utime.tv_sec - r0.ru_utime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6 +
                 (double)(ru.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
                 (double)(ru.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
    run r = {now(CLOCK_MONOTONIC) - t0, cpu, (long)v[2], v[0], v[1]};
    return r;
}

static void remove_store(const char *db)
{
    char p[600];
    const char *suffix[] = {"", "-wal", "-shm", "-wait", ".gold"};
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", db, suffix[i]);
        unlink(p);
    }
}

int main(int argc, char **argv)
{
    span_days = 3650;
    const char *corpus = PX_DATA_DIR "/../../shared/corpus/allsides.jsonl.zst";
    const char *dir = "/tmp", *sizes = "100000,300000";
    size_t add = 10000;
    int keep = 0;
    long again = -1; /* --again FIRST: only the incremental run, on a kept store */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--sizes") && i + 1 < argc)
            sizes = argv[++i];
        else if (!strcmp(argv[i], "--add") && i + 1 < argc)
            add = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
            corpus = argv[++i];
        else if (!strcmp(argv[i], "--keep"))
            keep = 1;
        else if (!strcmp(argv[i], "--again") && i + 1 < argc)
            again = atol(argv[++i]), keep = 1;
        else if (!strcmp(argv[i], "--days") && i + 1 < argc && atoi(argv[i + 1]) > 0)
            span_days = (unsigned)atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_scale [--sizes N,N...] [--add N] [--dir DIR] [--keep]"
                            " [--days D] [--corpus FILE] [--again FIRST]\n");
            return 2;
        }
    }
    load_corpus(corpus);
    if (!n_srcs || !n_outlets) {
        fprintf(stderr, "bench_scale: no articles in %s\n", corpus);
        return 1;
    }
    fprintf(stderr, "bench_scale: %zu source articles, %zu outlets\n", n_srcs, n_outlets);
    printf(
        "| articles | build s | stories s (wall) | CPU s | peak RSS MB | stories |"
        " CPU growth vs n log n | +%zu incremental s (wall) | CPU s | its RSS MB | featurized |\n",
        add);
    printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
    double prev_n = 0, prev_t = 0;
    char *list = strdup(sizes);
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        size_t n = strtoul(tok, NULL, 10);
        char db[512];
        snprintf(db, sizeof db, "%s/px-scale-%zu.db", dir, n);
        double build = 0;
        run full = {0};
        if (again < 0) {
            remove_store(db);
            build = add_articles(db, 0, n);
            full = stories(db);
        }
        add_articles(db, again < 0 ? n : (size_t)again, add);
        run inc = stories(db);
        char growth[64] = "-";
        if (prev_n > 0) {
            double want = (double)n * log((double)n) / (prev_n * log(prev_n));
            snprintf(growth, sizeof growth, "%.2f× (n log n: %.2f×)", full.cpu / prev_t, want);
        }
        printf("| %zu | %.0f | %.1f | %.1f | %.0f | %zu | %s | %.1f | %.1f | %.0f | %zu |\n", n,
               build, full.wall, full.cpu, full.rss_kb / 1024.0, full.stories, growth, inc.wall,
               inc.cpu, inc.rss_kb / 1024.0, inc.featurized);
        printf("bench: scale_n=%zu build_s=%.1f stories_s=%.2f stories_cpu_s=%.2f rss_mb=%.0f"
               " incr_add=%zu incr_s=%.2f incr_cpu_s=%.2f incr_rss_mb=%.0f\n",
               n, build, full.wall, full.cpu, full.rss_kb / 1024.0, add, inc.wall, inc.cpu,
               inc.rss_kb / 1024.0);
        fflush(stdout);
        prev_n = (double)n;
        prev_t = full.cpu;
        if (!keep)
            remove_store(db);
    }
    free(list);
    return 0;
}
