/* Benchmark of the dictionary matcher: builds a 100k-entry lexicon of place names
 * (GeoNames cities15000: names, then alternate names, in all scripts; synthetic
 * entries when the file is missing), tokenizes the texts of the AllSides sample
 * once, and times px__lex_match over all their tokens many times.
 *
 * Usage: bench_lexicon [entries [gazetteer.tsv.gz [corpus.jsonl]]]
 * Prints one table line: entries, tokens, matches per pass, build time,
 * tokens/s and peak RSS. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <zlib.h>

#include "internal.h"
#include "text/lexicon.h"

#define DEFAULT_ENTRIES 100000
#define DEFAULT_GAZ     "/work/shared/data/gazetteer/cities15000.tsv.gz"
#define DEFAULT_CORPUS  "/work/shared/corpus/allsides-sample.jsonl"
#define MIN_SECONDS     2.0

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Returns column col (0-based) of a tab-separated line, or the null slice. */
static px_slice column(const char *line, int col)
{
    const char *p = line;
    for (int i = 0; i < col; i++) {
        p = strchr(p, '\t');
        if (!p)
            return PX_SLICE_NULL;
        p++;
    }
    size_t n = strcspn(p, "\t\r\n");
    return (px_slice){(const uint8_t *)p, n};
}

static size_t skipped; /* names that give no tokens */

static void add(px_lex_builder *b, px_slice s, uint32_t payload)
{
    if (!s.len || px__lex_add(b, s, payload) != PX_OK)
        skipped++;
}

/* Adds city names, then their alternate names (one more per city per round)
 * until the builder holds want entries. Returns 0 when the file is missing. */
static int add_gazetteer(px_lex_builder *b, const char *path, size_t want)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        return 0;
    size_t cap = 1 << 20, nlines = 0, lines_cap = 0;
    char *buf = malloc(cap), **lines = NULL;
    gzgets(gz, buf, (int)cap); /* header */
    while (gzgets(gz, buf, (int)cap)) {
        if (nlines == lines_cap) {
            lines_cap = lines_cap ? lines_cap * 2 : 4096;
            lines = realloc(lines, lines_cap * sizeof(*lines));
        }
        lines[nlines++] = strdup(buf);
    }
    gzclose(gz);
    free(buf);
    for (size_t i = 0; i < nlines && px__lex_builder_size(b) < want; i++)
        add(b, column(lines[i], 1), (uint32_t)i);
    /* Alternate names, round-robin: the k-th alternate of every city in round k. */
    int more = 1;
    for (int round = 0; more && px__lex_builder_size(b) < want; round++) {
        more = 0;
        for (size_t i = 0; i < nlines && px__lex_builder_size(b) < want; i++) {
            px_slice alts = column(lines[i], 3);
            const uint8_t *p = alts.ptr, *end = alts.ptr + alts.len;
            for (int k = 0; p && p < end && k < round; k++) {
                const uint8_t *c = memchr(p, ',', (size_t)(end - p));
                p = c ? c + 1 : end;
            }
            if (!p || p >= end)
                continue;
            more = 1;
            const uint8_t *c = memchr(p, ',', (size_t)(end - p));
            add(b, (px_slice){p, (size_t)((c ? c : end) - p)}, (uint32_t)i);
        }
    }
    for (size_t i = 0; i < nlines; i++)
        free(lines[i]);
    free(lines);
    return 1;
}

/* Synthetic entries: one to four pseudo-words of a 20,000-word vocabulary. */
static void add_synthetic(px_lex_builder *b, size_t want)
{
    uint64_t x = 88172645463325252ULL;
    char phrase[128];
    for (uint32_t i = 0; px__lex_builder_size(b) < want; i++) {
        size_t len = 0, words = 1 + i % 4;
        for (size_t w = 0; w < words; w++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            len += (size_t)snprintf(phrase + len, sizeof(phrase) - len, "%sw%u", w ? " " : "",
                                    (unsigned)(x % 20000));
        }
        add(b, (px_slice){(const uint8_t *)phrase, len}, i);
    }
}

typedef struct corpus {
    px_token *toks;
    size_t n, cap;
    size_t docs;
} corpus;

static int load_corpus(px_folder *f, px_arena *a, const char *path, corpus *c)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, fp) > 0) {
        cJSON *j = cJSON_Parse(line);
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "text");
        px_token *toks = NULL;
        size_t n = 0;
        if (cJSON_IsString(t) &&
            px__tokenize(f, a, px_slice_cstr(t->valuestring), &toks, &n) == PX_OK) {
            if (c->n + n > c->cap) {
                c->cap = (c->n + n) * 2;
                c->toks = realloc(c->toks, c->cap * sizeof(*c->toks));
            }
            memcpy(c->toks + c->n, toks, n * sizeof(*toks));
            c->n += n;
            c->docs++;
        }
        cJSON_Delete(j);
    }
    free(line);
    fclose(fp);
    return 1;
}

static int count(void *ud, const px_lex_match *m)
{
    (void)m;
    (*(size_t *)ud)++;
    return 0;
}

int main(int argc, char **argv)
{
    size_t want = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_ENTRIES;
    const char *gaz = argc > 2 ? argv[2] : DEFAULT_GAZ;
    const char *corpus_path = argc > 3 ? argv[3] : DEFAULT_CORPUS;
    char err[PX_ERRMSG_SIZE] = "";
    px_folder *f = NULL;
    px_lex_builder *b = NULL;
    px_lexicon *l = NULL;
    if (px__folder_new(&f, err) != PX_OK || px__lex_builder_new(&b, f) != PX_OK) {
        fprintf(stderr, "bench_lexicon: setup failed: %s\n", err);
        return 1;
    }
    double t0 = now();
    const char *source = add_gazetteer(b, gaz, want) ? "geonames" : "synthetic";
    if (px__lex_builder_size(b) < want)
        add_synthetic(b, want);
    if (px__lex_build(b, &l) != PX_OK) {
        fprintf(stderr, "bench_lexicon: build failed\n");
        return 1;
    }
    double build_s = now() - t0;

    px_arena *a = px__arena_new(1 << 20, 0);
    corpus c = {0};
    if (!a || !load_corpus(f, a, corpus_path, &c) || c.n == 0) {
        fprintf(stderr, "bench_lexicon: cannot read %s\n", corpus_path);
        return 1;
    }
    size_t matches = 0, passes = 0;
    t0 = now();
    double elapsed = 0;
    while (elapsed < MIN_SECONDS) {
        size_t m = 0;
        if (px__lex_match(l, c.toks, c.n, count, &m) != PX_OK)
            return 1;
        matches = m;
        passes++;
        elapsed = now() - t0;
    }
    double tps = (double)c.n * (double)passes / elapsed;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-14s %-9s %9s %9s %8s %9s %10s %9s\n", "bench", "source", "entries", "tokens",
           "matches", "build_s", "Mtok/s", "rss_MiB");
    printf("%-14s %-9s %9zu %9zu %8zu %9.3f %10.1f %9.1f\n", "bench_lexicon", source,
           px__lex_size(l), c.n, matches, build_s, tps / 1e6, (double)ru.ru_maxrss / 1024.0);
    free(c.toks);
    px__arena_free(a);
    px__lex_free(l);
    px__folder_free(f);
    return 0;
}
