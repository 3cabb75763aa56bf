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
#include <string.h>

#include "bench_common.h"

int main(int argc, char **argv)
{
    bench_args args;
    if (bench_args_parse(&args, 3, argc, argv, "bench_quote [--limit N] [--passes P] [CORPUS]"))
        return 2;
    const size_t limit = args.limit, passes = args.passes;
    const char *path = args.path;
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1};
    const void *res = NULL;
    const px_annotator *qa = bench_engine_annotator("bench_quote", &eo, "quotes", &e, &res);
    if (!qa)
        return 1;
    px_reader *r = NULL;
    if (bench_reader_open(&r, path, "bench_quote")) {
        px_engine_free(e);
        return 1;
    }
    size_t docs = 0, bytes = 0, quotes = 0, direct = 0, sourced = 0, speakers = 0;
    double cpu = 0;
    for (;;) {
        px_article a;
        if (!bench_next(r, &a, limit, docs))
            break;
        px_doc *d = NULL;
        if (px_doc_new(e, &a, &d) != PX_OK)
            continue;
        double t0 = bench_cpu_s();
        for (size_t p = 0; p < passes; p++)
            if (qa->run(d, res) != PX_OK)
                break;
        cpu += bench_cpu_s() - t0;
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
    double mbs = bench_mb_s((double)bytes * (double)passes, cpu);
    printf("| corpus | articles | text MB | quotes | direct | with source | with speaker | "
           "MB/s per core |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    printf("| %s | %zu | %.1f | %zu | %zu | %zu | %zu | %.1f |\n", path, docs, (double)bytes / 1e6,
           quotes, direct, sourced, speakers, mbs);
    printf("bench: quote_mb_s=%.2f\n", mbs);
    return 0;
}
