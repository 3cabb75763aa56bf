/* Benchmark of tone (docs/tone.md) on the real corpus, one thread, CPU time:
 *
 *   annotate   px_doc_new with every annotator + px_doc_write_json: what
 *              parallax annotate does (tone included);
 *   tone       the tone annotator alone, run again on each annotated
 *              document: lexicon marks, document tone, entity targets with
 *              the lexical model (data/models/tone-lex.bin);
 *   doc tone   lexicon marks and document tone only;
 *   parse      px__doc_syntax (what the parse model would add first);
 *   targets+parse  entity targets scored with the parse model (tone.bin)
 *              once the parse exists, for comparison.
 *
 * MB/s are bytes of article text per CPU second, so per core.
 * Usage: bench_tone [--limit N] [CORPUS] (default $PX_SHARED/corpus/
 * allsides.jsonl.zst, else ../shared beside the repository, 2,000 articles). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annotate/annotate.h"
#include "annotate/tone/tone.h"
#include "internal.h"

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct art {
    char *text, *outlet;
    size_t len, olen;
} art;

/* Scores every entity of d with model m (features with or without the parse). */
static size_t targets(px_doc *d, const px_tone_model *m, const px_tone_tok *tt, int parse)
{
    px_tone_feat f[PX_TONE_MAXF];
    size_t n = 0;
    for (size_t i = 0; i < d->n_entities; i++)
        for (uint32_t k = 0; k < d->entities[i].n_mentions; k++) {
            px_span t = d->entities[i].mentions[k];
            for (size_t s = 0; s < d->n_sents; s++)
                if (d->sents[s].start <= t.start && t.start < d->sents[s].end) {
                    size_t nf = px__tone_features(d, tt, d->sents[s], t, NULL, 0, parse, f);
                    double p[3];
                    px__tone_predict(m, f, nf, p);
                    n++;
                    break;
                }
        }
    return n;
}

int main(int argc, char **argv)
{
    size_t limit = 2000;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = (size_t)atol(argv[++i]);
        else
            path = argv[i];
    }
    char def[4096];
    if (!path) {
        const char *sh = getenv("PX_SHARED");
        snprintf(def, sizeof def, "%s/corpus/allsides.jsonl.zst",
                 sh && *sh ? sh : PX_DATA_DIR "/../../shared");
        path = def;
    }
    px_reader_options ro = {0};
    px_reader *r = NULL;
    char *const paths[] = {(char *)path};
    if (px_reader_new(&r, &ro, paths, 1)) {
        fprintf(stderr, "bench_tone: cannot read %s\n", path);
        return 1;
    }
    art *arts = calloc(limit, sizeof *arts);
    size_t n = 0, bytes = 0;
    while (n < limit) {
        px_article a;
        int got = 0;
        if (px_reader_next(r, &a, &got) || !got)
            break;
        arts[n].text = malloc(a.text.len + 1);
        memcpy(arts[n].text, a.text.ptr, a.text.len);
        arts[n].len = a.text.len;
        if (a.outlet.ptr) {
            arts[n].outlet = malloc(a.outlet.len + 1);
            memcpy(arts[n].outlet, a.outlet.ptr, a.outlet.len);
            arts[n].olen = a.outlet.len;
        }
        bytes += a.text.len;
        n++;
    }
    px_reader_free(r);
    char msg[PX_ERRMSG_SIZE];
    px_engine *e;
    if (px_engine_new(&e, NULL, msg)) {
        fprintf(stderr, "bench_tone: %s\n", msg);
        return 1;
    }
    size_t ti = 0;
    while (ti < px__n_annotators && strcmp(px__annotators[ti]->name, "tone"))
        ti++;
    const px_tone_res *res = e->res[ti];
    double t_ann = 0, t_tone = 0, t_doc = 0, t_parse = 0, t_tp = 0;
    size_t n_targets = 0, n_scored = 0;
    px_buf out;
    px_buf_init(&out, 0);
    for (size_t i = 0; i < n; i++) {
        px_article a = {.text = {(const uint8_t *)arts[i].text, arts[i].len},
                        .outlet = {(const uint8_t *)arts[i].outlet, arts[i].olen}};
        double t0 = cpu();
        px_doc *d;
        if (px_doc_new(e, &a, &d))
            continue;
        px_buf_reset(&out);
        if (px_doc_write_json(d, &out))
            return 1;
        double t1 = cpu();
        if (px__annotators[ti]->run(d, res))
            return 1;
        double t2 = cpu();
        px_tone_tok *tt;
        px_tone tn;
        if (px__tone_mark_doc(res, d, &tt))
            return 1;
        px__tone_doc(tt, d->toks, d->n_toks, &tn);
        double t3 = cpu();
        n_targets += d->tone ? d->tone->n_targets : 0;
        if (px__doc_syntax(d))
            return 1;
        double t4 = cpu();
        if (res->model)
            n_scored += targets(d, res->model, tt, 1);
        double t5 = cpu();
        t_ann += t1 - t0;
        t_tone += t2 - t1;
        t_doc += t3 - t2;
        t_parse += t4 - t3;
        t_tp += t5 - t4;
        px_doc_free(d);
    }
    double mb = (double)bytes / 1e6;
    printf("| stage | CPU s | MB/s per core |\n|---|---|---|\n");
    printf("| annotate (all annotators + JSON) | %.2f | %.2f |\n", t_ann, mb / t_ann);
    printf("| tone (lexicon, document tone, entity targets) | %.2f | %.2f |\n", t_tone,
           mb / t_tone);
    printf("| doc tone only | %.2f | %.2f |\n", t_doc, mb / t_doc);
    printf("| parse (px__doc_syntax) | %.2f | %.2f |\n", t_parse, mb / t_parse);
    printf("| targets with the parse model, after the parse | %.2f | %.2f |\n", t_tp, mb / t_tp);
    printf("bench: articles=%zu text_mb=%.2f entity_targets=%zu mentions_scored=%zu\n", n, mb,
           n_targets, n_scored);
    px_buf_free(&out);
    px_engine_free(e);
    for (size_t i = 0; i < n; i++) {
        free(arts[i].text);
        free(arts[i].outlet);
    }
    free(arts);
    return 0;
}
