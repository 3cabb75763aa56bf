/* CoNLL-U through the model: filling a sentence's columns, and scoring a
 * treebank against its gold columns (UD conventions: gold words, punctuation
 * included, LAS on the universal part of DEPREL). */
#include <string.h>

#include "syntax/syntax.h"

px_status px__syn_work_reserve(px_syn_work *w, size_t n)
{
    if (!w->lemmas.max) /* a zeroed work */
        px_buf_init(&w->lemmas, 0);
    if (n + 1 <= w->cap)
        return PX_OK;
    size_t cap = w->cap ? w->cap : 64;
    while (cap < n + 1)
        cap *= 2;
    px_syn_word *words = px__realloc(w->words, cap * sizeof *words);
    if (!words)
        return PX_ENOMEM;
    w->words = words;
    uint16_t *tags = px__realloc(w->tags, cap * sizeof *tags);
    if (!tags)
        return PX_ENOMEM;
    w->tags = tags;
    int32_t *head = px__realloc(w->head, cap * sizeof *head);
    if (!head)
        return PX_ENOMEM;
    w->head = head;
    uint8_t *rel = px__realloc(w->rel, cap * sizeof *rel);
    if (!rel)
        return PX_ENOMEM;
    w->rel = rel;
    w->cap = cap;
    return PX_OK;
}

void px__syn_work_free(px_syn_work *w)
{
    px__free(w->words);
    px__free(w->tags);
    px__free(w->head);
    px__free(w->rel);
    px__syn_scratch_free(&w->s);
    px_buf_free(&w->lemmas);
    memset(w, 0, sizeof *w);
}

static px_status run_sent(const px_syn_model *m, px_syn_work *w, const px_conllu_sent *s)
{
    px_status st = px__syn_work_reserve(w, s->n);
    if (st)
        return st;
    for (size_t i = 0; i < s->n; i++)
        w->words[i] = (px_syn_word){s->w[i].form.ptr, (uint32_t)s->w[i].form.len};
    return px__syn_analyse(m, &w->s, w->words, s->n, w->tags, w->head, w->rel);
}

px_status px__syn_fill(const px_syn_model *m, px_syn_work *w, px_conllu_sent *s)
{
    px_status st = run_sent(m, w, s);
    if (st)
        return st;
    /* Lemmas go to one buffer; slices are set once it stops moving. */
    px_buf_reset(&w->lemmas);
    uint8_t tmp[256];
    for (size_t i = 0; i < s->n && !st; i++) {
        px_syn_word word = w->words[i];
        size_t k = px__syn_lemma(m, word, w->tags[i], tmp, sizeof tmp);
        st = k ? px_buf_append(&w->lemmas, tmp, k) : px_buf_append(&w->lemmas, word.p, word.n);
        /* Remember where lemma i ends; slices are made below. */
        s->w[i].lemma = (px_slice){NULL, w->lemmas.len};
    }
    if (st)
        return st;
    size_t at = 0;
    for (size_t i = 0; i < s->n; i++) {
        px_conllu_word *cw = &s->w[i];
        size_t end = cw->lemma.len;
        cw->lemma = (px_slice){w->lemmas.ptr + at, end - at};
        at = end;
        int t = w->tags[i];
        cw->upos = m->upos[t];
        cw->xpos = m->xpos[t];
        cw->head = w->head[i] < 0 ? 0 : w->head[i] + 1;
        cw->deprel = m->rels[w->rel[i]];
    }
    return PX_OK;
}

static px_slice universal(px_slice r)
{
    const uint8_t *c = r.ptr ? memchr(r.ptr, ':', r.len) : NULL;
    return c ? (px_slice){r.ptr, (size_t)(c - r.ptr)} : r;
}

static int lemma_eq(px_slice a, px_slice b)
{
    return px_slice_eq(a, b);
}

px_status
px__syn_score_sent(const px_syn_model *m, px_syn_work *w, const px_conllu_sent *s, px_syn_counts *c)
{
    px_status st = run_sent(m, w, s);
    if (st)
        return st;
    uint8_t tmp[256];
    for (size_t i = 0; i < s->n; i++) {
        const px_conllu_word *g = &s->w[i];
        int t = w->tags[i];
        c->words++;
        c->upos += px_slice_eq(m->upos[t], g->upos);
        c->xpos += px_slice_eq(m->xpos[t], g->xpos);
        size_t k = px__syn_lemma(m, w->words[i], t, tmp, sizeof tmp);
        px_slice lem = k ? (px_slice){tmp, k} : g->form;
        c->lemma += g->lemma.ptr && lemma_eq(lem, g->lemma);
        int32_t h = w->head[i] < 0 ? 0 : w->head[i] + 1;
        if (h == g->head) {
            c->uas++;
            if (g->deprel.ptr && px_slice_eq(universal(m->rels[w->rel[i]]), universal(g->deprel)))
                c->las++;
            if (g->deprel.ptr && px_slice_eq(m->rels[w->rel[i]], g->deprel))
                c->las_full++;
        }
    }
    c->sents++;
    return PX_OK;
}
