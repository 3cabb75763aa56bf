/* Benchmark of the in-process pipeline: reads the corpus once through the public
 * reader (px_reader decompresses zstd itself) into memory, then times, on one
 * thread and over the same articles:
 *
 *   segment   px_doc_new, engine with no_langid and no_analyses: NFC, paragraphs,
 *             sentences, tokens, folded keys and the record id;
 *   annotate  px_doc_new with language identification, then px_doc_write_json
 *             into one reused buffer (the foundation: no analyses);
 *   analyses  the same with every annotator (entities, dates, quantities,
 *             quotes): what parallax annotate does.
 *
 * Throughput is bytes of article text (the "text" field, not the JSON around it)
 * per second of process CPU time (CLOCK_PROCESS_CPUTIME_ID), so it is per core.
 *
 * Each stage runs at least P passes (default 3) and at least one second of CPU
 * time; the figures are those of the median pass.
 *
 * Usage: bench_pipeline [--limit N] [--passes P] [CORPUS]
 * CORPUS defaults to $PX_SHARED/corpus/allsides.jsonl.zst, else to the shared
 * folder beside the repository (../shared from the repository root). Prints a
 * Markdown table and "key=value" lines (prefixed "bench:") for bench/run.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define CORPUS_REL  "corpus/allsides.jsonl.zst"
#define NFIELDS     8
#define NO_FIELD    ((size_t)-1)
#define MIN_SECONDS 1.0
#define MAX_PASSES  100

/* One article held in memory: offsets of its fields in the shared byte store
 * (NO_FIELD for a field that is not stated). */
typedef struct stored {
    size_t off[NFIELDS];
    size_t len[NFIELDS];
    const char *date_source; /* static storage in the reader */
} stored;

typedef struct corpus {
    uint8_t *bytes;
    size_t nbytes, cap;
    stored *arts;
    size_t n, arts_cap;
    size_t text_bytes;
    unsigned long long input_bytes; /* decompressed JSON Lines */
    size_t diags;
} corpus;

typedef struct stage {
    const char *name;
    double cpu, wall;
    size_t passes, docs, failed, sents, toks, out_bytes; /* counts of one pass */
} stage;

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "bench_pipeline: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static void on_diag(void *ud, const px_diag *d)
{
    corpus *c = ud;
    c->diags++;
    if (c->diags <= 5)
        fprintf(stderr, "bench_pipeline: %s: %s\n", d->path ? d->path : "-", d->msg);
}

static size_t store_bytes(corpus *c, px_slice s)
{
    if (!s.ptr)
        return NO_FIELD;
    if (c->nbytes + s.len > c->cap) {
        size_t cap = c->cap ? c->cap : (size_t)1 << 24;
        while (cap < c->nbytes + s.len)
            cap *= 2;
        uint8_t *p = realloc(c->bytes, cap);
        if (!p)
            die("%s", "out of memory");
        c->bytes = p;
        c->cap = cap;
    }
    size_t off = c->nbytes;
    memcpy(c->bytes + off, s.ptr, s.len);
    c->nbytes += s.len;
    return off;
}

static void store_article(corpus *c, const px_article *a)
{
    if (c->n == c->arts_cap) {
        c->arts_cap = c->arts_cap ? c->arts_cap * 2 : 1024;
        stored *p = realloc(c->arts, c->arts_cap * sizeof(*p));
        if (!p)
            die("%s", "out of memory");
        c->arts = p;
    }
    const px_slice f[NFIELDS] = {a->text,   a->title, a->author,      a->date,
                                 a->outlet, a->url,   a->source_path, a->source_id};
    stored *s = &c->arts[c->n++];
    for (int i = 0; i < NFIELDS; i++) {
        s->off[i] = store_bytes(c, f[i]);
        s->len[i] = f[i].len;
    }
    s->date_source = a->date_source;
    c->text_bytes += a->text.len;
}

static void load(corpus *c, char *path, size_t limit)
{
    px_reader_options opt = {.diag = on_diag, .diag_ud = c};
    px_reader *r = NULL;
    char *const paths[] = {path};
    if (px_reader_new(&r, &opt, paths, 1) != PX_OK)
        die("%s", "cannot create the reader");
    while (!limit || c->n < limit) {
        px_article a;
        int got = 0;
        if (px_reader_next(r, &a, &got) != PX_OK)
            die("%s", "reader: out of memory");
        if (!got)
            break;
        store_article(c, &a);
    }
    c->input_bytes = px_reader_get_stats(r).bytes;
    px_reader_free(r);
}

static px_slice field(const corpus *c, const stored *s, int i)
{
    if (s->off[i] == NO_FIELD)
        return PX_SLICE_NULL;
    return (px_slice){c->bytes + s->off[i], s->len[i]};
}

static px_article article_at(const corpus *c, size_t i)
{
    const stored *s = &c->arts[i];
    px_article a = {
        .text = field(c, s, 0),
        .title = field(c, s, 1),
        .author = field(c, s, 2),
        .date = field(c, s, 3),
        .outlet = field(c, s, 4),
        .url = field(c, s, 5),
        .source_path = field(c, s, 6),
        .source_id = field(c, s, 7),
        .date_source = s->date_source,
    };
    return a;
}

/* One pass: px_doc_new (and px_doc_write_json when write is set) over every
 * article. Counts go to st; returns the pass's CPU seconds and sets *wall. */
static double
run_pass(const corpus *c, px_engine *e, int write, px_buf *out, stage *st, double *wall)
{
    double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
    for (size_t i = 0; i < c->n; i++) {
        px_article a = article_at(c, i);
        px_doc *d = NULL;
        px_status s = px_doc_new(e, &a, &d);
        if (s == PX_OK && write) {
            out->len = 0;
            s = px_doc_write_json(d, out);
            st->out_bytes += out->len;
        }
        if (s == PX_OK) {
            st->docs++;
            st->sents += px_doc_sentence_count(d);
            st->toks += px_doc_token_count(d);
        } else {
            st->failed++;
        }
        px_doc_free(d);
    }
    *wall = clock_s(CLOCK_MONOTONIC) - w0;
    return clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs at least min_passes passes, and more until MIN_SECONDS of CPU time have
 * gone by (MAX_PASSES at most); st gets the counts of one pass and the median
 * pass's CPU and wall seconds, which shrug off a noisy neighbour better than
 * the mean. */
static void
run_stage(const corpus *c, int langid, int analyses, int write, size_t min_passes, stage *st)
{
    char errmsg[PX_ERRMSG_SIZE] = "";
    px_engine_options eo = {.no_langid = !langid, .no_analyses = !analyses};
    px_engine *e = NULL;
    if (px_engine_new(&e, &eo, errmsg) != PX_OK)
        die("engine: %s", errmsg);
    px_buf out;
    px_buf_init(&out, 0);
    double cpu[MAX_PASSES], wall[MAX_PASSES], total = 0;
    size_t n = 0;
    while (n < MAX_PASSES && (n < min_passes || total < MIN_SECONDS)) {
        stage one = *st;
        cpu[n] = run_pass(c, e, write, &out, n == 0 ? st : &one, &wall[n]);
        total += cpu[n++];
    }
    qsort(cpu, n, sizeof *cpu, cmp_double);
    qsort(wall, n, sizeof *wall, cmp_double);
    st->cpu = cpu[n / 2];
    st->wall = wall[n / 2];
    st->passes = n;
    px_buf_free(&out);
    px_engine_free(e);
}

/* The default corpus: $PX_SHARED, else ../shared beside the repository, found
 * from the program's own path (build/<preset>/bench_pipeline) or the cwd. */
static char *default_corpus(void)
{
    static char path[4096];
    const char *env = getenv("PX_SHARED");
    if (env && *env) {
        snprintf(path, sizeof path, "%s/%s", env, CORPUS_REL);
        return path;
    }
    char exe[3072];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        snprintf(path, sizeof path, "%s/../../../shared/%s", exe, CORPUS_REL);
        if (access(path, R_OK) == 0)
            return path;
    }
    snprintf(path, sizeof path, "../shared/%s", CORPUS_REL);
    return path;
}

static void print_row(const stage *st, size_t text_bytes)
{
    double mb = (double)text_bytes / 1e6;
    printf("| %-22s | %6zu | %8.3f | %8.3f | %9.1f | %12.0f | %9zu | %10zu |\n", st->name, st->docs,
           st->cpu, st->wall, st->cpu > 0 ? mb / st->cpu : 0.0,
           st->cpu > 0 ? (double)st->toks / st->cpu : 0.0, st->sents, st->toks);
}

/* One machine-readable line per stage for bench/run.sh. */
static void print_kv(const char *key, const stage *st, size_t text_bytes)
{
    double mb = (double)text_bytes / 1e6;
    printf("bench: stage=%s passes=%zu docs=%zu failed=%zu cpu_s=%.4f wall_s=%.4f mb_per_s=%.2f "
           "tokens_per_s=%.0f sentences=%zu tokens=%zu out_bytes=%zu\n",
           key, st->passes, st->docs, st->failed, st->cpu, st->wall,
           st->cpu > 0 ? mb / st->cpu : 0.0, st->cpu > 0 ? (double)st->toks / st->cpu : 0.0,
           st->sents, st->toks, st->out_bytes);
}

static int parse_count(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end || s[0] == '-')
        return -1;
    *out = (size_t)v;
    return 0;
}

int main(int argc, char **argv)
{
    size_t limit = 0, passes = 3;
    char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
            if (parse_count(argv[++i], &limit))
                die("bad --limit '%s'", argv[i]);
        } else if (!strcmp(argv[i], "--passes") && i + 1 < argc) {
            if (parse_count(argv[++i], &passes) || passes == 0 || passes > MAX_PASSES)
                die("bad --passes '%s' (1 to 100)", argv[i]);
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            puts("usage: bench_pipeline [--limit N] [--passes P] [CORPUS]");
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            die("unknown option '%s' (usage: bench_pipeline [--limit N] [--passes P] [CORPUS])",
                argv[i]);
        } else {
            path = argv[i];
        }
    }
    if (!path)
        path = default_corpus();
    if (strcmp(path, "-") && access(path, R_OK) != 0)
        die("cannot read the corpus '%s' (pass a path or set PX_SHARED)", path);

    corpus c = {0};
    double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    load(&c, path, limit);
    double load_cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (c.n == 0)
        die("no articles read from '%s'", path);

    stage seg = {.name = "segment (no langid)"};
    stage ann = {.name = "annotate (langid+JSON)"};
    stage all = {.name = "analyses (all+JSON)"};
    run_stage(&c, 0, 0, 0, passes, &seg);
    run_stage(&c, 1, 0, 1, passes, &ann);
    run_stage(&c, 1, 1, 1, passes, &all);

    printf("corpus: %s\n", path);
    printf("articles: %zu, text: %zu bytes (%.1f MB), JSON Lines read: %llu bytes, "
           "diagnostics: %zu\n",
           c.n, c.text_bytes, (double)c.text_bytes / 1e6, c.input_bytes, c.diags);
    printf("read (reader: decompress + JSON Lines + copy): %.3f s CPU, %.1f MB/s of text\n\n",
           load_cpu, load_cpu > 0 ? (double)c.text_bytes / 1e6 / load_cpu : 0.0);
    printf("| %-22s | %6s | %8s | %8s | %9s | %12s | %9s | %10s |\n", "stage", "docs", "CPU s",
           "wall s", "MB/s/core", "tokens/s", "sentences", "tokens");
    printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", "------------------------", "-------:", "---------:",
           "---------:", "----------:", "-------------:", "----------:", "-----------:");
    print_row(&seg, c.text_bytes);
    print_row(&ann, c.text_bytes);
    print_row(&all, c.text_bytes);
    printf("\nCPU and wall: median pass of %zu (segment), %zu (annotate), %zu (analyses); counts: "
           "one pass.\n",
           seg.passes, ann.passes, all.passes);
    printf("\npeak RSS: %ld kB (includes the corpus held in memory)\n\n", peak_rss_kb());
    print_kv("segment", &seg, c.text_bytes);
    print_kv("annotate", &ann, c.text_bytes);
    print_kv("analyses", &all, c.text_bytes);
    printf("bench: articles=%zu text_bytes=%zu input_bytes=%llu read_cpu_s=%.4f "
           "peak_rss_kb=%ld\n",
           c.n, c.text_bytes, c.input_bytes, load_cpu, peak_rss_kb());
    if (seg.failed || ann.failed || all.failed)
        fprintf(stderr, "bench_pipeline: %zu + %zu + %zu documents failed\n", seg.failed,
                ann.failed, all.failed);
    free(c.bytes);
    free(c.arts);
    return seg.failed || ann.failed || all.failed ? 1 : 0;
}
