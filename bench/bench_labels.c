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
#include <time.h>

#include "syntax/syntax.h"

#ifndef PX_DATA_DIR
#define PX_DATA_DIR "data"
#endif
#define SHARED PX_DATA_DIR "/../../shared"

static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    size_t limit = 0;
    char *path = SHARED "/corpus/allsides.jsonl.zst";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = (size_t)strtoull(argv[++i], NULL, 10);
        else if (argv[i][0] != '-')
            path = argv[i];
        else {
            fprintf(stderr, "usage: bench_labels [--limit N] [CORPUS]\n");
            return 2;
        }
    }
    char err[PX_ERRMSG_SIZE] = "";
    px_engine *e;
    px_engine_options eo = {.no_langid = 0};
    if (px_engine_new(&e, &eo, err)) {
        fprintf(stderr, "bench_labels: %s\n", err);
        return 1;
    }
    const px_annotator *lab = NULL;
    const void *res = NULL;
    for (size_t i = 0; i < px__n_annotators; i++)
        if (px__annotators[i] && !strcmp(px__annotators[i]->name, "labels")) {
            lab = px__annotators[i];
            res = e->res[i];
        }
    px_reader_options ro = {0};
    px_reader *rd;
    char *paths[] = {path};
    if (!lab || px_reader_new(&rd, &ro, paths, 1)) {
        fprintf(stderr, "bench_labels: cannot read %s\n", path);
        return 1;
    }
    size_t docs = 0, bytes = 0, labels = 0, words = 0;
    double t_lab = 0, t_syn = 0;
    for (;;) {
        px_article a;
        int got;
        if (px_reader_next(rd, &a, &got) || !got || (limit && docs >= limit))
            break;
        px_doc *d;
        if (px_doc_new(e, &a, &d))
            continue;
        if (!d->syn) { /* not English: no parse, no labels */
            px_doc_free(d);
            continue;
        }
        double t0 = cpu();
        if (px__syntax_doc(d, e->syn_model, e->syn_work))
            abort();
        double t1 = cpu();
        if (lab->run(d, res))
            abort();
        double t2 = cpu();
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
           (double)bytes / 1e6, t_lab, t_lab > 0 ? (double)bytes / 1e6 / t_lab : 0.0);
    printf("| parse (tag, lemmas, parse) | %zu | %.1f | %.2f | %.1f |\n", docs, (double)bytes / 1e6,
           t_syn, t_syn > 0 ? (double)bytes / 1e6 / t_syn : 0.0);
    printf("%zu labels, %zu words\n", labels, words);
    printf("bench: labels_mb_per_s=%.2f syntax_mb_per_s=%.2f labels=%zu\n",
           t_lab > 0 ? (double)bytes / 1e6 / t_lab : 0.0,
           t_syn > 0 ? (double)bytes / 1e6 / t_syn : 0.0, labels);
    px_reader_free(rd);
    px_engine_free(e);
    return 0;
}
