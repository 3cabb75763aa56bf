/* Benchmark of the entities step, on one thread, CPU time (per core):
 *
 *   tagger    px__ner_tag alone over the CoNLL-2003 dev sentences (words folded
 *             beforehand, as segmentation does for documents): tokens/s;
 *   entities  the whole entities annotator (tagging every sentence, mentions,
 *             grouping, gazetteer and actor look-ups) over corpus articles that
 *             were segmented beforehand: MB of article text per second.
 *
 * Usage: bench_ner [--limit N] [--no-tagger] [CONLL [CORPUS]]
 * Defaults: ../shared/data/ner/conll2003-dev.tsv and
 * ../shared/corpus/allsides-sample.jsonl beside the repository. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annotate/entity.h"

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

typedef struct sents {
    px_ner_word *w;
    size_t nw, cap;
    size_t *start;
    size_t ns, scap;
    px_buf keys;
    size_t *koff;
    px_folder *f;
} sents;

static int add(void *ud, const px_conll_sent *s)
{
    sents *c = ud;
    if (!s->n)
        return 0;
    if (c->nw + s->n > c->cap) {
        c->cap = (c->cap + s->n) * 2;
        c->w = realloc(c->w, c->cap * sizeof *c->w);
        c->koff = realloc(c->koff, c->cap * sizeof *c->koff);
    }
    if (c->ns + 2 > c->scap) {
        c->scap = c->scap * 2 + 64;
        c->start = realloc(c->start, c->scap * sizeof *c->start);
    }
    if (!c->w || !c->koff || !c->start)
        abort();
    c->start[c->ns++] = c->nw;
    for (size_t i = 0; i < s->n; i++) {
        px_ner_word *w = &c->w[c->nw];
        memset(w, 0, sizeof *w);
        w->raw = s->words[i].ptr;
        w->raw_len = (uint32_t)s->words[i].len;
        c->koff[c->nw] = c->keys.len;
        if (px__fold_buf(c->f, s->words[i], &c->keys))
            abort();
        w->key_len = (uint32_t)(c->keys.len - c->koff[c->nw]);
        c->nw++;
    }
    c->start[c->ns] = c->nw;
    return 0;
}

static void bench_tagger(px_engine *e, const char *path)
{
    uint8_t *buf;
    size_t len;
    char err[256];
    if (px__ner_read_file(path, &buf, &len, err)) {
        fprintf(stderr, "bench_ner: %s\n", err);
        exit(1);
    }
    sents c = {.f = e->folder};
    px_buf_init(&c.keys, 0);
    px__conll_read(buf, len, add, &c);
    for (size_t i = 0; i < c.nw; i++) {
        c.w[i].key = c.keys.ptr + c.koff[i];
        c.w[i].key_hash = px__hash64(c.w[i].key, c.w[i].key_len, 0);
    }
    const px_entity_res *r = px__entity_res(e);
    for (size_t i = 0; i < c.nw; i++) /* as px__entity_tag does */
        c.w[i].cls = px__ner_class(r->cls, c.w[i].key_hash);
    uint8_t *labels = malloc(c.nw + 1);
    px_ner_scratch sc = {0};
    double t0 = cpu(), t;
    size_t toks = 0, passes = 0;
    do {
        for (size_t s = 0; s < c.ns; s++)
            if (px__ner_tag(r->ner, c.w + c.start[s], c.start[s + 1] - c.start[s],
                            labels + c.start[s], &sc))
                abort();
        toks += c.nw;
        passes++;
    } while ((t = cpu() - t0) < 1.0);
    printf("| tagger | %zu tokens x %zu passes | %.2f M tokens/s |\n", c.nw, passes,
           (double)toks / t / 1e6);
    printf("bench: ner_tokens_per_s=%.0f\n", (double)toks / t);
    px__ner_scratch_free(&sc);
    free(labels);
    free(c.w);
    free(c.koff);
    free(c.start);
    px_buf_free(&c.keys);
    px__free(buf);
}

static void bench_entities(px_engine *e, char *path, size_t limit)
{
    px_reader_options opt = {0};
    px_reader *rd;
    char *paths[] = {path};
    if (px_reader_new(&rd, &opt, paths, 1)) {
        fprintf(stderr, "bench_ner: cannot read %s\n", path);
        exit(1);
    }
    const px_entity_res *r = px__entity_res(e);
    double t = 0;
    size_t bytes = 0, docs = 0, ents = 0;
    for (;;) {
        px_article a;
        int got = 0;
        if (px_reader_next(rd, &a, &got) || !got || docs >= limit)
            break;
        px_doc *d;
        if (px_doc_new(e, &a, &d))
            continue;
        double t0 = cpu();
        for (int k = 0; k < 3; k++)
            if (px__ann_entities.run(d, r))
                abort();
        t += cpu() - t0;
        bytes += 3 * d->text.len;
        ents += d->n_entities;
        docs++;
        px_doc_free(d);
    }
    px_reader_free(rd);
    printf("| entities | %zu articles x 3, %.1f entities/article | %.1f MB/s |\n", docs,
           docs ? (double)ents / (double)docs : 0.0, t > 0 ? (double)bytes / t / 1e6 : 0.0);
    printf("bench: entities_mb_per_s=%.1f\n", t > 0 ? (double)bytes / t / 1e6 : 0.0);
}

int main(int argc, char **argv)
{
    size_t limit = (size_t)-1;
    int i = 1, tagger = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = (size_t)strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--no-tagger"))
            tagger = 0;
        else {
            fprintf(stderr, "usage: bench_ner [--limit N] [--no-tagger] [CONLL [CORPUS]]\n");
            return 2;
        }
    }
    const char *conll = i < argc ? argv[i] : SHARED "/data/ner/conll2003-dev.tsv";
    char *corpus = i + 1 < argc ? argv[i + 1] : SHARED "/corpus/allsides-sample.jsonl";
    char err[256];
    px_engine *e;
    px_engine_options eo = {.no_langid = 1};
    if (px_engine_new(&e, &eo, err)) {
        fprintf(stderr, "bench_ner: %s\n", err);
        return 1;
    }
    printf("| step | input | speed (one core) |\n|---|---|---|\n");
    if (tagger)
        bench_tagger(e, conll);
    bench_entities(e, corpus, limit);
    px_engine_free(e);
    return 0;
}
