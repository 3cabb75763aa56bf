/* Benchmark of the timex and quantity annotators together: reads articles
 * (any input parallax reads: JSON Lines, .zst, directories), builds each
 * document once (normalize, segment, all annotators), then times only the two
 * annotators' run functions over it, several passes. One thread, timed in
 * process CPU time (other load on the machine does not count): the figure is
 * MB/s per core, counted over the article text bytes. Each pass allocates its
 * scratch arrays in the documents' arenas again, so memory grows with passes:
 * cap the articles for the full corpus.
 *
 * Usage: bench_timex [PATH [max_articles]]
 * (default /work/shared/corpus/allsides-sample.jsonl, all articles) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "parallax/ingest.h"

#define DEFAULT_CORPUS "/work/shared/corpus/allsides-sample.jsonl"
#define MIN_SECONDS    2.0

extern const px_annotator px__ann_timex;
extern const px_annotator px__ann_quantity;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int time_docs(px_doc **docs,
                     size_t n,
                     void *rt,
                     void *rq,
                     double *secs,
                     size_t *passes,
                     size_t *ntx,
                     size_t *nq)
{
    double t0 = now(), t;
    *passes = 0;
    do {
        *ntx = *nq = 0;
        for (size_t i = 0; i < n; i++) {
            if (px__ann_timex.run(docs[i], rt) || px__ann_quantity.run(docs[i], rq))
                return 1;
            *ntx += docs[i]->n_timexes;
            *nq += docs[i]->n_quantities;
        }
        ++*passes;
        t = now() - t0;
    } while (t < MIN_SECONDS);
    *secs = t;
    return 0;
}

int main(int argc, char **argv)
{
    char *path = argc > 1 ? argv[1] : DEFAULT_CORPUS;
    size_t max = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : SIZE_MAX;
    char msg[PX_ERRMSG_SIZE] = "";
    px_engine *e;
    px_engine_options eo = {.no_langid = 1};
    if (px_engine_new(&e, &eo, msg)) {
        fprintf(stderr, "bench_timex: %s\n", msg);
        return 1;
    }
    void *rt = NULL, *rq = NULL;
    if (px__ann_timex.init(e, &rt, msg) || px__ann_quantity.init(e, &rq, msg)) {
        fprintf(stderr, "bench_timex: %s\n", msg);
        return 1;
    }
    px_reader *r;
    px_reader_options ro = {0};
    if (px_reader_new(&r, &ro, &path, 1)) {
        fprintf(stderr, "bench_timex: cannot read %s\n", path);
        return 1;
    }
    size_t n = 0, cap = 0;
    unsigned long long bytes = 0;
    px_doc **docs = NULL;
    px_article a;
    int got;
    /* Documents keep their arenas, so the engine's spare arena is not reused:
     * every document stays alive for the timed passes. */
    while (n < max && px_reader_next(r, &a, &got) == PX_OK && got) {
        px_doc *d;
        if (px_doc_new(e, &a, &d))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            px_doc **nd = realloc(docs, cap * sizeof *docs);
            if (!nd)
                return 1;
            docs = nd;
        }
        docs[n++] = d;
        bytes += d->text.len;
    }
    px_reader_free(r);
    double secs;
    size_t passes, ntx, nq;
    if (time_docs(docs, n, rt, rq, &secs, &passes, &ntx, &nq)) {
        fprintf(stderr, "bench_timex: annotator failed\n");
        return 1;
    }
    double mbs = (double)bytes * (double)passes / secs / 1e6;
    printf("bench_timex: %zu articles, %.1f MB, %zu timexes, %zu quantities per pass; "
           "%zu passes in %.2f s: %.1f MB/s per core (timex + quantity)\n",
           n, (double)bytes / 1e6, ntx, nq, passes, secs, mbs);
    for (size_t i = 0; i < n; i++)
        px_doc_free(docs[i]);
    free(docs);
    px__ann_timex.fini(rt);
    px__ann_quantity.fini(rq);
    px_engine_free(e);
    return 0;
}
