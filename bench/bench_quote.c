/* Benchmark of the quote annotator (src/annotate/quote*.c): reads articles with
 * the public reader (zstd or plain JSON Lines), builds each document with
 * px_doc_new (segmentation and the annotators before quotes, not timed), then
 * times P reruns of the quote annotator alone on it.
 *
 * Throughput is bytes of article text per second of process CPU time
 * (CLOCK_PROCESS_CPUTIME_ID), so it is per core.
 *
 * Usage: bench_quote [--limit N] [--passes P] [CORPUS]
 * CORPUS defaults to $PX_SHARED/corpus/allsides.jsonl.zst, else
 * PX_SHARED_DIR/corpus/allsides-sample.jsonl. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void quiet(void *ud, const px_diag *d)
{
    (void)ud;
    (void)d;
}

/* The full corpus when present, else the sample. */
static const char *default_corpus(char *buf, size_t n)
{
    const char *sh = getenv("PX_SHARED");
#ifdef PX_SHARED_DIR
    if (!sh)
        sh = PX_SHARED_DIR;
#endif
    if (!sh)
        sh = "../shared";
    snprintf(buf, n, "%s/corpus/allsides.jsonl.zst", sh);
    FILE *f = fopen(buf, "rb");
    if (f)
        fclose(f);
    else
        snprintf(buf, n, "%s/corpus/allsides-sample.jsonl", sh);
    return buf;
}

int main(int argc, char **argv)
{
    size_t limit = 0, passes = 3;
    const char *path = NULL;
    char def[4096];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
            limit = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--passes") == 0 && i + 1 < argc)
            passes = strtoul(argv[++i], NULL, 10);
        else
            path = argv[i];
    }
    if (!passes)
        passes = 1;
    if (!path)
        path = default_corpus(def, sizeof def);
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1};
    char msg[PX_ERRMSG_SIZE] = "";
    if (px_engine_new(&e, &eo, msg) != PX_OK) {
        fprintf(stderr, "bench_quote: %s\n", msg);
        return 1;
    }
    size_t qi = SIZE_MAX;
    for (size_t i = 0; i < px__n_annotators; i++)
        if (px__annotators[i] && strcmp(px__annotators[i]->name, "quotes") == 0)
            qi = i;
    if (qi == SIZE_MAX) {
        fprintf(stderr, "bench_quote: the quotes annotator is not registered\n");
        px_engine_free(e);
        return 1;
    }
    const px_annotator *qa = px__annotators[qi];
    px_reader *r = NULL;
    char *paths[] = {(char *)path};
    px_reader_options ro = {.diag = quiet};
    if (px_reader_new(&r, &ro, paths, 1) != PX_OK) {
        fprintf(stderr, "bench_quote: cannot read %s\n", path);
        px_engine_free(e);
        return 1;
    }
    size_t docs = 0, bytes = 0, quotes = 0, direct = 0, sourced = 0, speakers = 0;
    double cpu = 0;
    for (;;) {
        px_article a;
        int got = 0;
        if (px_reader_next(r, &a, &got) != PX_OK || !got || (limit && docs >= limit))
            break;
        px_doc *d = NULL;
        if (px_doc_new(e, &a, &d) != PX_OK)
            continue;
        double t0 = cpu_s();
        for (size_t p = 0; p < passes; p++)
            if (qa->run(d, e->res[qi]) != PX_OK)
                break;
        cpu += cpu_s() - t0;
        docs++;
        bytes += d->text.len;
        quotes += d->n_quotes;
        for (size_t k = 0; k < d->n_quotes; k++) {
            direct += d->quotes[k].direct;
            sourced += d->quotes[k].source.start != UINT32_MAX;
            speakers += d->quotes[k].speaker >= 0;
        }
        px_doc_free(d);
    }
    px_reader_free(r);
    px_engine_free(e);
    double mb = (double)bytes * (double)passes / 1e6;
    printf("| corpus | articles | text MB | quotes | direct | with source | with speaker | "
           "MB/s per core |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    printf("| %s | %zu | %.1f | %zu | %zu | %zu | %zu | %.1f |\n", path, docs, (double)bytes / 1e6,
           quotes, direct, sourced, speakers, cpu > 0 ? mb / cpu : 0);
    printf("bench: quote_mb_s=%.2f\n", cpu > 0 ? mb / cpu : 0);
    return 0;
}
