/* Scoring with a technique model: class probabilities of a span, the
 * probability that a token lies in a technique span, and spans from token
 * probabilities. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/technique/technique.h"

void px__tec_classify(const px_tec_model *m, const px_tec_ctx *c, uint32_t s, uint32_t e, float *p)
{
    uint32_t f[PX_TEC_MAXF];
    size_t nf = px__tec_span_features(c, s, e, f);
    uint32_t k = m->nclass;
    for (uint32_t i = 0; i < k; i++)
        p[i] = 0;
    px__tec_table_score(&m->tc, f, nf, p);
    float mx = p[0], z = 0;
    for (uint32_t i = 1; i < k; i++)
        mx = p[i] > mx ? p[i] : mx;
    for (uint32_t i = 0; i < k; i++)
        z += (p[i] = expf(p[i] - mx));
    for (uint32_t i = 0; i < k; i++)
        p[i] /= z;
}

float px__tec_token_prob(const px_tec_model *m, const px_tec_ctx *c, size_t i)
{
    uint32_t f[PX_TEC_MAXF];
    size_t nf = px__tec_token_features(c, i, f);
    float z = 0;
    px__tec_table_score(&m->si, f, nf, &z);
    return 1.0f / (1.0f + expf(-z));
}

static int usable(const px_tec_ctx *c, const float *p, size_t i, float at)
{
    return p[i] >= at && c->t[i].kind != PX_TOK_PUNCT;
}

px_status px__tec_decode(
    const px_tec_ctx *c, const float *p, const px_tec_decoding *dd, px_tec_span_fn fn, void *ud)
{
    /* floor: the first token a span may take (spans do not overlap). */
    size_t i = 0, floor = 0;
    float low = dd->low < dd->threshold ? dd->low : dd->threshold;
    while (i < c->n) {
        if (!usable(c, p, i, dd->threshold)) {
            i++;
            continue;
        }
        size_t first = i, last = i;
        for (size_t j = i; j > floor && c->sent[j - 1] == c->sent[i];) {
            j--;
            if (usable(c, p, j, low))
                first = j;
            else if (first - j > dd->gap)
                break;
        }
        for (size_t j = i + 1; j < c->n && c->sent[j] == c->sent[i] && j - last <= dd->gap + 1; j++)
            if (usable(c, p, j, low))
                last = j;
        double sum = 0;
        for (size_t k = first; k <= last; k++)
            sum += p[k];
        px_status st =
            fn(ud, c->t[first].start, c->t[last].end, (float)(sum / (double)(last - first + 1)));
        if (st)
            return st;
        i = floor = last + 1;
    }
    return PX_OK;
}

typedef struct ranked {
    uint32_t s, e, i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->e != y->e)
        return x->e < y->e ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

px_status px__tec_label_spans(
    const px_tec_model *m, const px_tec_ctx *c, const px_span *sp, size_t n, int *cls, float *score)
{
    /* The r-th copy of the same span takes the r-th best class: ranks from
     * the spans sorted by offsets, input order among equal ones. */
    ranked *r = px__malloc((n + 1) * sizeof *r);
    if (!r)
        return PX_ENOMEM;
    for (size_t i = 0; i < n; i++)
        r[i] = (ranked){sp[i].start, sp[i].end, (uint32_t)i};
    qsort(r, n, sizeof *r, cmp_ranked);
    float p[PX_TEC_MAXCLASS];
    size_t rank = 0;
    for (size_t j = 0; j < n; j++) {
        rank = j && r[j].s == r[j - 1].s && r[j].e == r[j - 1].e ? rank + 1 : 0;
        if (rank == 0)
            px__tec_classify(m, c, r[j].s, r[j].e, p);
        uint8_t taken[PX_TEC_MAXCLASS] = {0};
        int best = 0;
        for (size_t k = 0; k <= rank % m->nclass; k++) {
            best = -1;
            for (uint32_t q = 0; q < m->nclass; q++)
                if (!taken[q] && (best < 0 || p[q] > p[best]))
                    best = (int)q;
            taken[best] = 1;
        }
        cls[r[j].i] = best;
        score[r[j].i] = p[best];
    }
    px__free(r);
    return PX_OK;
}
