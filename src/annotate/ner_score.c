/* Chunk-level scores of IOB2 label sequences with conlleval rules: a chunk
 * starts at B-X, or at I-X after a token not of type X; it ends before O, B-,
 * or a token of another type. A predicted chunk is correct when a gold chunk
 * has the same type, start and end. */
#include "annotate/ner.h"

typedef struct chunk {
    size_t start, end;
    int type;
} chunk;

/* Finds the chunk starting at or after *i; returns 0 at the end. */
static int next_chunk(const uint8_t *l, size_t n, size_t *i, chunk *c)
{
    while (*i < n && l[*i] == 0)
        (*i)++;
    if (*i >= n)
        return 0;
    c->start = *i;
    c->type = PX_NER_TYPE(l[*i]);
    (*i)++;
    while (*i < n && l[*i] != 0 && !PX_NER_IS_B(l[*i]) && PX_NER_TYPE(l[*i]) == c->type)
        (*i)++;
    c->end = *i;
    return 1;
}

void px__ner_score_add(px_ner_score *s, const uint8_t *gold, const uint8_t *pred, size_t n)
{
    for (size_t i = 0; i < n; i++)
        s->correct += gold[i] == pred[i];
    s->tokens += n;
    size_t gi = 0, pi = 0;
    chunk g = {0, 0, 0}, p = {0, 0, 0};
    int hg = next_chunk(gold, n, &gi, &g), hp = next_chunk(pred, n, &pi, &p);
    while (hg || hp) {
        if (hg && hp && g.start == p.start && g.end == p.end && g.type == p.type) {
            s->tp[0]++, s->tp[g.type]++;
            hg = next_chunk(gold, n, &gi, &g);
            hp = next_chunk(pred, n, &pi, &p);
        } else if (hg && (!hp || g.start < p.start || (g.start == p.start && g.end <= p.end))) {
            s->fn[0]++, s->fn[g.type]++;
            hg = next_chunk(gold, n, &gi, &g);
        } else {
            s->fp[0]++, s->fp[p.type]++;
            hp = next_chunk(pred, n, &pi, &p);
        }
    }
}

void px__ner_score_prf(const px_ner_score *s, int k, double *p, double *r, double *f)
{
    double tp = (double)s->tp[k];
    *p = tp + s->fp[k] ? tp / (tp + (double)s->fp[k]) : 0.0;
    *r = tp + s->fn[k] ? tp / (tp + (double)s->fn[k]) : 0.0;
    *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}
