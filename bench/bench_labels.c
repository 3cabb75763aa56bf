/* Benchmark of the labels step on one thread, CPU time (per core): each
 * corpus article is annotated (segmentation, parse, entities, ...), then the
 * labels annotator alone is run again on it and timed; the parse is timed
 * apart (px__syntax_doc on the same document) so both costs are shown.
 *
 * Usage: bench_labels [--limit N] [CORPUS]
 * Default: ../shared/corpus/allsides.jsonl.zst beside the repository. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/annotate.h"
#include "bench_common.h"

int main(int argc, char **argv)
{
    bench_args args;
    if (bench_args_parse(&args, 0, argc, argv, "bench_labels [--limit N] [CORPUS]"))
        return 2;
    const size_t limit = args.limit;
    const char *path = args.path;
    char err[PX_ERRMSG_SIZE] = "";
    px_engine *e;
    px_engine_options eo = {.no_langid = 0};
    if (px_engine_new(&e, &eo, err)) {
        fprintf(stderr, "bench_labels: %s\n", err);
        return 1;
    }
    const void *res = NULL;
    const px_annotator *lab = bench_annotator(e, "labels", &res);
    px_reader *rd;
    if (!lab) {
        fprintf(stderr, "bench_labels: the labels annotator is not registered\n");
        return 1;
    }
    if (bench_reader_open(&rd, path, "bench_labels"))
        return 1;
    size_t docs = 0, bytes = 0, labels = 0, words = 0;
    double t_lab = 0, t_syn = 0;
    for (;;) {
        px_article a;
        if (!bench_next(rd, &a, limit, docs))
            break;
        px_doc *d;
        if (px_doc_new(e, &a, &d))
            continue;
        if (!d->syn) { /* not English: no parse, no labels */
            px_doc_free(d);
            continue;
        }
        double t0 = bench_cpu_s();
        if (px__syntax_doc(d, e->syn_model, e->syn_work))
            abort();
        double t1 = bench_cpu_s();
        if (lab->run(d, res))
            abort();
        double t2 = bench_cpu_s();
        t_syn += t1 - t0;
        t_lab += t2 - t1;
        labels += d->n_labels;
        words += d->syn->n;
        bytes += d->text.len;
        docs++;
        px_doc_free(d);
    }
    printf("| step | articles | MB | CPU s | MB/s |\n|---|---|---|---|---|\n");
    printf("| labels alone (after the parse) | %zu | %.1f | %.2f | %.1f |\n", docs,
           (double)bytes / 1e6, t_lab, bench_mb_s((double)bytes, t_lab));
    printf("| parse (tag, lemmas, parse) | %zu | %.1f | %.2f | %.1f |\n", docs, (double)bytes / 1e6,
           t_syn, bench_mb_s((double)bytes, t_syn));
    printf("%zu labels, %zu words\n", labels, words);
    printf("bench: labels_mb_per_s=%.2f syntax_mb_per_s=%.2f labels=%zu\n",
           bench_mb_s((double)bytes, t_lab), bench_mb_s((double)bytes, t_syn), labels);
    px_reader_free(rd);
    px_engine_free(e);
    return 0;
}
