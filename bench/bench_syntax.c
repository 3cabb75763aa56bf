/* Benchmark of the syntax layer on one thread, CPU time (per core): words/s of
 * tag + parse (+ lemmas and the token-to-word split, px__syntax_doc) over
 * corpus articles segmented beforehand, and the same with the tagger alone;
 * peak RSS of the process.
 *
 * Usage: bench_syntax [--limit N] [CORPUS]
 * Default: ../shared/corpus/allsides.jsonl.zst beside the repository. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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
            fprintf(stderr, "usage: bench_syntax [--limit N] [CORPUS]\n");
            return 2;
        }
    }
    char err[256] = "";
    px_engine *e;
    px_engine_options eo = {.no_analyses = 1}; /* segmentation only; the model is ours */
    px_syn_model *m;
    if (px_engine_new(&e, &eo, err) || px__syn_model_load_default(px_data_dir_default(), &m, err)) {
        fprintf(stderr, "bench_syntax: %s\n", err);
        return 1;
    }
    px_reader_options ro = {0};
    px_reader *rd;
    char *paths[] = {path};
    if (px_reader_new(&rd, &ro, paths, 1)) {
        fprintf(stderr, "bench_syntax: cannot read %s\n", path);
        return 1;
    }
    px_syn_work w = {0};
    size_t docs = 0, words = 0, bytes = 0;
    double t_all = 0, t_tag = 0;
    for (;;) {
        px_article a;
        int got;
        if (px_reader_next(rd, &a, &got) || !got || (limit && docs >= limit))
            break;
        px_doc *d;
        if (px_doc_new(e, &a, &d))
            continue;
        double t0 = cpu();
        if (px__syntax_doc(d, m, &w))
            abort();
        double t1 = cpu();
        t_all += t1 - t0;
        /* the tagger alone over the same words */
        const struct px_syntax *sx = d->syn;
        for (size_t s = 0; s < sx->n_sents; s++) {
            uint32_t b = sx->sent_first[s], n = sx->sent_first[s + 1] - b;
            if (px__syn_work_reserve(&w, n))
                abort();
            for (uint32_t i = 0; i < n; i++) {
                const px_sword *x = &sx->w[b + i];
                w.words[i] = (px_syn_word){d->text.ptr + x->start, x->end - x->start};
            }
            if (px__syn_prepare(&w.s, &m->classes, w.words, n))
                abort();
            px__syn_tag(m, &w.s, n, w.tags);
        }
        t_tag += cpu() - t1;
        words += sx->n;
        bytes += d->text.len;
        docs++;
        px_doc_free(d);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("| step | articles | words | CPU s | words/s |\n|---|---|---|---|---|\n");
    printf("| tag + parse + lemmas | %zu | %zu | %.2f | %.0f |\n", docs, words, t_all,
           t_all > 0 ? (double)words / t_all : 0.0);
    printf("| tagger alone | %zu | %zu | %.2f | %.0f |\n", docs, words, t_tag,
           t_tag > 0 ? (double)words / t_tag : 0.0);
    printf("peak RSS %.0f MB; %.1f MB of text; syntax %.2f MB/s\n", ru.ru_maxrss / 1024.0,
           (double)bytes / 1e6, t_all > 0 ? (double)bytes / 1e6 / t_all : 0.0);
    printf("bench: syntax_words_per_s=%.0f tagger_words_per_s=%.0f words=%zu peak_rss_kb=%ld\n",
           t_all > 0 ? (double)words / t_all : 0.0, t_tag > 0 ? (double)words / t_tag : 0.0, words,
           ru.ru_maxrss);
    px__syn_work_free(&w);
    px__syn_model_free(m);
    px_reader_free(rd);
    px_engine_free(e);
    return 0;
}
