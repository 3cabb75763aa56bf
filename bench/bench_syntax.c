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

#include "annotate/annotate.h"
#include "bench_common.h"

int main(int argc, char **argv)
{
    bench_args args;
    if (bench_args_parse(&args, 0, argc, argv, "bench_syntax [--limit N] [CORPUS]"))
        return 2;
    const size_t limit = args.limit;
    const char *path = args.path;
    char err[256] = "";
    px_engine *e;
    px_engine_options eo = {.no_analyses = 1}; /* segmentation only; the model is ours */
    px_syn_model *m;
    if (px_engine_new(&e, &eo, err) || px__syn_model_load_default(px_data_dir_default(), &m, err)) {
        fprintf(stderr, "bench_syntax: %s\n", err);
        return 1;
    }
    px_reader *rd;
    if (bench_reader_open(&rd, path, "bench_syntax"))
        return 1;
    px_syn_work w = {0};
    size_t docs = 0, words = 0, bytes = 0;
    double t_all = 0, t_tag = 0;
    for (;;) {
        px_article a;
        if (!bench_next(rd, &a, limit, docs))
            break;
        px_doc *d;
        if (px_doc_new(e, &a, &d))
            continue;
        double t0 = bench_cpu_s();
        if (px__syntax_doc(d, m, &w))
            abort();
        double t1 = bench_cpu_s();
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
        t_tag += bench_cpu_s() - t1;
        words += sx->n;
        bytes += d->text.len;
        docs++;
        px_doc_free(d);
    }
    const long rss_kb = bench_peak_rss_kb();
    printf("| step | articles | words | CPU s | words/s |\n|---|---|---|---|---|\n");
    printf("| tag + parse + lemmas | %zu | %zu | %.2f | %.0f |\n", docs, words, t_all,
           t_all > 0 ? (double)words / t_all : 0.0);
    printf("| tagger alone | %zu | %zu | %.2f | %.0f |\n", docs, words, t_tag,
           t_tag > 0 ? (double)words / t_tag : 0.0);
    printf("peak RSS %.0f MB; %.1f MB of text; syntax %.2f MB/s\n", rss_kb / 1024.0,
           (double)bytes / 1e6, bench_mb_s((double)bytes, t_all));
    printf("bench: syntax_words_per_s=%.0f tagger_words_per_s=%.0f words=%zu peak_rss_kb=%ld\n",
           t_all > 0 ? (double)words / t_all : 0.0, t_tag > 0 ? (double)words / t_tag : 0.0, words,
           rss_kb);
    px__syn_work_free(&w);
    px__syn_model_free(m);
    px_reader_free(rd);
    px_engine_free(e);
    return 0;
}
