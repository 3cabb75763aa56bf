/* Benchmark of the techniques annotator (src/annotate/technique/): reads
 * articles with the public reader, segments each (not timed), times the parse
 * (px__doc_syntax, which the annotator needs and shares with others) and then
 * P runs of the techniques step alone (context, token tagger, span decoding,
 * technique classifier).
 *
 * Throughput is bytes of article text per second of process CPU time
 * (CLOCK_PROCESS_CPUTIME_ID), so it is per core.
 *
 * Usage: bench_techniques [--limit N] [--passes P] [CORPUS]
 * CORPUS defaults to $PX_SHARED/corpus/allsides.jsonl.zst, else
 * PX_SHARED_DIR/corpus/allsides-sample.jsonl. */
#include <stdio.h>
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/technique/technique.h"
#include "bench_common.h"

extern const px_annotator px__ann_techniques;

int main(int argc, char **argv)
{
    bench_args args;
    if (bench_args_parse(&args, 3, argc, argv,
                         "bench_techniques [--limit N] [--passes P] [CORPUS]"))
        return 2;
    const size_t limit = args.limit, passes = args.passes;
    const char *path = args.path;
    char msg[PX_ERRMSG_SIZE] = "";
    px_engine *e = NULL;
    px_tec_model *m = NULL;
    if (px__tec_engine(&e, NULL, msg) || px__tec_model_load_default(NULL, &m, msg) ||
        px__syntax_engine(e, msg)) {
        fprintf(stderr, "bench_techniques: %s\n", msg);
        px_engine_free(e);
        return 1;
    }
    px_reader *r = NULL;
    if (bench_reader_open(&r, path, "bench_techniques")) {
        px__tec_model_free(m);
        px_engine_free(e);
        return 1;
    }
    size_t docs = 0, bytes = 0, found = 0;
    double cpu = 0, cpu_parse = 0;
    for (;;) {
        px_article a;
        if (!bench_next(r, &a, limit, docs))
            break;
        px_doc *d = NULL;
        if (px__utf8_valid_prefix(a.text.ptr, a.text.len) != a.text.len ||
            px__tec_doc_new(e, a.text, &d) != PX_OK)
            continue;
        double t0 = bench_cpu_s();
        px_status st = px__doc_syntax(d);
        double t1 = bench_cpu_s();
        for (size_t p = 0; !st && p < passes; p++)
            st = px__ann_techniques.run(d, m);
        double t2 = bench_cpu_s();
        if (!st) {
            cpu_parse += t1 - t0;
            cpu += t2 - t1;
            docs++;
            bytes += d->text.len;
            found += d->n_techniques;
        }
        px_doc_free(d);
    }
    px_reader_free(r);
    px__tec_model_free(m);
    px_engine_free(e);
    double mb = (double)bytes / 1e6;
    double own = bench_mb_s((double)bytes * (double)passes, cpu),
           parse = bench_mb_s((double)bytes, cpu_parse);
    double both = cpu > 0 ? mb / (cpu / (double)passes + cpu_parse) : 0;
    printf("| corpus | articles | text MB | techniques | techniques step MB/s | parse MB/s | "
           "step with parse MB/s |\n|---|---:|---:|---:|---:|---:|---:|\n");
    printf("| %s | %zu | %.1f | %zu | %.2f | %.2f | %.2f |\n", path, docs, mb, found, own, parse,
           both);
    printf("bench: techniques_mb_s=%.2f parse_mb_s=%.2f\n", own, parse);
    return 0;
}
