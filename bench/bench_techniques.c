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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annotate/technique/technique.h"
#include "syntax/syntax.h"

extern const px_annotator px__ann_techniques;

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
    char msg[PX_ERRMSG_SIZE] = "";
    px_engine *e = NULL;
    px_tec_model *m = NULL;
    if (px__tec_engine(&e, msg) || px__tec_model_load_default(&m, msg) ||
        px__syntax_engine(e, msg)) {
        fprintf(stderr, "bench_techniques: %s\n", msg);
        px_engine_free(e);
        return 1;
    }
    px_reader *r = NULL;
    char *paths[] = {(char *)path};
    px_reader_options ro = {.diag = quiet};
    if (px_reader_new(&r, &ro, paths, 1) != PX_OK) {
        fprintf(stderr, "bench_techniques: cannot read %s\n", path);
        px__tec_model_free(m);
        px_engine_free(e);
        return 1;
    }
    size_t docs = 0, bytes = 0, found = 0;
    double cpu = 0, cpu_parse = 0;
    for (;;) {
        px_article a;
        int got = 0;
        if (px_reader_next(r, &a, &got) != PX_OK || !got || (limit && docs >= limit))
            break;
        px_doc *d = NULL;
        if (px__utf8_valid_prefix(a.text.ptr, a.text.len) != a.text.len ||
            px__tec_doc_new(e, a.text, &d) != PX_OK)
            continue;
        double t0 = cpu_s();
        px_status st = px__doc_syntax(d);
        double t1 = cpu_s();
        for (size_t p = 0; !st && p < passes; p++)
            st = px__ann_techniques.run(d, m);
        double t2 = cpu_s();
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
    double own = cpu > 0 ? mb * (double)passes / cpu : 0,
           parse = cpu_parse > 0 ? mb / cpu_parse : 0;
    double both = cpu > 0 ? mb / (cpu / (double)passes + cpu_parse) : 0;
    printf("| corpus | articles | text MB | techniques | techniques step MB/s | parse MB/s | "
           "step with parse MB/s |\n|---|---:|---:|---:|---:|---:|---:|\n");
    printf("| %s | %zu | %.1f | %zu | %.2f | %.2f | %.2f |\n", path, docs, mb, found, own, parse,
           both);
    printf("bench: techniques_mb_s=%.2f parse_mb_s=%.2f\n", own, parse);
    return 0;
}
