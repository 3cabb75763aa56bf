/* Span identification as a sequence: every token gets a BIO tag (outside, the
 * first token of a span, inside one) from a linear score over the token
 * features of features.c plus first-order tag transitions, decoded by Viterbi
 * per sentence (I never follows O or opens a sentence), or through the
 * marginal probability that a token is in a span (forward-backward) by the
 * hysteresis rule of px__tec_decode. A linear-chain CRF: trained by AdaGrad
 * on the negative log-likelihood of each sentence, with an L2 penalty on the
 * features it touches, in a fixed sentence order (deterministic). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/technique/technique.h"

#define NEG (-1e30f)

static int allowed(int prev, int cur)
{
    return !(cur == PX_TEC_I && (prev < 0 || prev == PX_TEC_O));
}

static float trans(const float *tr, int prev, int cur)
{
    return prev < 0 ? tr[9 + cur] : tr[prev * 3 + cur];
}

/* The best tags of tokens [a, b) (b > a) into tag[a..b); back holds
 * 3 x (b - a) bytes. Scores e[3 x i + tag], bias on B and I. */
static void viterbi(
    const float *e, const float *tr, float bias, size_t a, size_t b, uint8_t *tag, uint8_t *back)
{
    float cur[3], nxt[3];
    for (int k = 0; k < 3; k++)
        cur[k] = allowed(-1, k) ? trans(tr, -1, k) + e[3 * a + k] + (k ? bias : 0) : NEG;
    for (size_t i = a + 1; i < b; i++) {
        for (int k = 0; k < 3; k++) {
            float best = NEG;
            int arg = 0;
            for (int p = 0; p < 3; p++) {
                if (!allowed(p, k) || cur[p] <= NEG)
                    continue;
                float v = cur[p] + trans(tr, p, k);
                if (v > best) {
                    best = v;
                    arg = p;
                }
            }
            nxt[k] = best <= NEG ? NEG : best + e[3 * i + k] + (k ? bias : 0);
            back[3 * (i - a) + (size_t)k] = (uint8_t)arg;
        }
        memcpy(cur, nxt, sizeof cur);
    }
    int k = 0;
    for (int j = 1; j < 3; j++)
        if (cur[j] > cur[k])
            k = j;
    for (size_t i = b; i-- > a;) {
        tag[i] = (uint8_t)k;
        if (i > a)
            k = back[3 * (i - a) + (size_t)k];
    }
}

static float logistic(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

void px__tec_seq_emit(const px_tec_model *m, const px_tec_ctx *c, size_t i, float *e, float *p)
{
    uint32_t f[PX_TEC_MAXF];
    size_t nf = px__tec_token_features(c, i, f);
    float sc[4] = {0, 0, 0, 0};
    px__tec_table_score(&m->sx, f, nf, sc); /* si and sq joined */
    e[0] = sc[1], e[1] = sc[2], e[2] = sc[3];
    *p = logistic(sc[0]);
}

px_status px__tec_seq_decode(
    const px_tec_ctx *c, const float *e, const float *tr, float bias, px_tec_span_fn fn, void *ud)
{
    if (!c->n)
        return PX_OK;
    uint8_t *tag = px__malloc(c->n * 4 + 4);
    if (!tag)
        return PX_ENOMEM;
    uint8_t *back = tag + c->n;
    size_t ns = c->n_sents ? c->n_sents : 1;
    for (size_t s = 0; s < ns; s++) {
        size_t a = c->n_sents ? c->sfirst[s] : 0, b = c->n_sents ? c->sfirst[s + 1] : c->n;
        if (b > a)
            viterbi(e, tr, bias, a, b, tag, back);
    }
    px_status st = PX_OK;
    for (size_t i = 0; !st && i < c->n;) {
        if (tag[i] == PX_TEC_O) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < c->n && tag[j] == PX_TEC_I && c->sent[j] == c->sent[i])
            j++;
        size_t first = i, last = j; /* [first, last) */
        while (first < last && c->t[first].kind == PX_TOK_PUNCT)
            first++;
        while (last > first && c->t[last - 1].kind == PX_TOK_PUNCT)
            last--;
        if (last > first) {
            double sum = 0;
            for (size_t k = first; k < last; k++) {
                float in = e[3 * k + 1] > e[3 * k + 2] ? e[3 * k + 1] : e[3 * k + 2];
                sum += logistic(in + bias - e[3 * k]);
            }
            st = fn(ud, c->t[first].start, c->t[last - 1].end,
                    (float)(sum / (double)(last - first)));
        }
        i = j;
    }
    px__free(tag);
    return st;
}

px_status px__tec_si_probs(const px_tec_model *m, const px_tec_ctx *c, float *p)
{
    if (!m->si_dec.seq) {
        for (size_t i = 0; i < c->n; i++)
            p[i] = px__tec_token_prob(m, c, i);
        return PX_OK;
    }
    float *e = m->si_dec.seq == 1 ? p : px__malloc((c->n * 3 + 3) * sizeof *e), lr;
    if (!e)
        return PX_ENOMEM;
    for (size_t i = 0; i < c->n; i++)
        px__tec_seq_emit(m, c, i, e + 3 * i, m->si_dec.seq == 1 ? &lr : p + i);
    px_status st = PX_OK;
    if (m->si_dec.seq == 2) {
        st = px__tec_seq_probs(c, e, m->si_trans, m->si_dec.mix, p);
        px__free(e);
    }
    return st;
}

px_status px__tec_si_decode(
    const px_tec_model *m, const px_tec_ctx *c, const float *p, px_tec_span_fn fn, void *ud)
{
    if (m->si_dec.seq == 1)
        return px__tec_seq_decode(c, p, m->si_trans, m->si_dec.bias, fn, ud);
    return px__tec_decode(c, p, &m->si_dec, fn, ud);
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* Forward-backward over n tokens with scores e[3 x i + tag], in probability
 * space scaled at every token: the tag marginals into P[3 x i + tag] and,
 * when pair is not NULL, the transition marginals summed over the sentence
 * into pair[PX_TEC_NTRANS] (added). al, be and E hold 3 x n floats, cs n. */
static void marginals(const float *e,
                      const float *tr,
                      size_t n,
                      float *al,
                      float *be,
                      float *E,
                      float *cs,
                      float *P,
                      double *pair)
{
    float T[PX_TEC_NTRANS];
    for (int p = -1; p < 3; p++)
        for (int k = 0; k < 3; k++)
            T[p < 0 ? 9 + k : p * 3 + k] = allowed(p, k) ? expf(trans(tr, p, k)) : 0;
    for (size_t i = 0; i < n; i++) { /* exp of the scores less their largest */
        const float *ei = e + 3 * i;
        float mx = ei[0] > ei[1] ? ei[0] : ei[1];
        mx = ei[2] > mx ? ei[2] : mx;
        for (int k = 0; k < 3; k++)
            E[3 * i + (size_t)k] = expf(ei[k] - mx);
    }
    for (size_t i = 0; i < n; i++) {
        float z = 0;
        for (int k = 0; k < 3; k++) {
            float v = 0;
            if (i == 0)
                v = T[9 + k];
            else
                for (int p = 0; p < 3; p++)
                    v += al[3 * (i - 1) + (size_t)p] * T[p * 3 + k];
            z += al[3 * i + (size_t)k] = v * E[3 * i + (size_t)k];
        }
        cs[i] = z > 0 ? z : 1e-30f;
        for (int k = 0; k < 3; k++)
            al[3 * i + (size_t)k] /= cs[i];
    }
    for (int k = 0; k < 3; k++)
        be[3 * (n - 1) + (size_t)k] = 1;
    for (size_t i = n - 1; i-- > 0;)
        for (int k = 0; k < 3; k++) {
            float v = 0;
            for (int q = 0; q < 3; q++)
                v += T[k * 3 + q] * E[3 * (i + 1) + (size_t)q] * be[3 * (i + 1) + (size_t)q];
            be[3 * i + (size_t)k] = v / cs[i + 1];
        }
    for (size_t i = 0; i < 3 * n; i++)
        P[i] = al[i] * be[i];
    if (!pair)
        return;
    for (int k = 0; k < 3; k++)
        pair[9 + k] += P[k];
    for (size_t i = 1; i < n; i++)
        for (int p = 0; p < 3; p++)
            for (int k = 0; k < 3; k++)
                pair[p * 3 + k] += al[3 * (i - 1) + (size_t)p] * T[p * 3 + k] *
                                   E[3 * i + (size_t)k] * be[3 * i + (size_t)k] / cs[i];
}

px_status
px__tec_seq_probs(const px_tec_ctx *c, const float *e, const float *tr, float mix, float *p)
{
    size_t ns = c->n_sents ? c->n_sents : 1, maxlen = 0;
    for (size_t s = 0; s < ns; s++) {
        size_t a = c->n_sents ? c->sfirst[s] : 0, b = c->n_sents ? c->sfirst[s + 1] : c->n;
        maxlen = b - a > maxlen ? b - a : maxlen;
    }
    float *w = px__malloc((maxlen * 13 + 13) * sizeof *w);
    if (!w)
        return PX_ENOMEM;
    for (size_t s = 0; s < ns; s++) {
        size_t a = c->n_sents ? c->sfirst[s] : 0, b = c->n_sents ? c->sfirst[s + 1] : c->n;
        if (b <= a)
            continue;
        size_t n = b - a;
        float *P = w + 9 * n;
        marginals(e + 3 * a, tr, n, w, w + 3 * n, w + 6 * n, w + 12 * n, P, NULL);
        for (size_t i = 0; i < n; i++)
            p[a + i] = mix * p[a + i] + (1 - mix) * (1.0f - P[3 * i]);
    }
    px__free(w);
    return PX_OK;
}

px_status px__tec_seq_train(const px_tec_data *D,
                            const uint8_t *use,
                            const px_tec_train_opt *opt,
                            px_tec_table *t,
                            float *tr,
                            char *errmsg)
{
    if (!D->bio)
        return px__fail(errmsg, PX_EINVAL, "no BIO tags in the SI data");
    uint32_t *keys = NULL;
    size_t nk = 0;
    px_status st = px__tec_vocabulary(D, use, opt->mincount ? opt->mincount : 1, &keys, &nk);
    if (st)
        return px__fail(errmsg, st, "out of memory");
    size_t nsent = D->n, maxlen = 0;
    float *W = px__calloc(nk * 3 + 1, sizeof *W), *G = px__calloc(nk * 3 + 1, sizeof *G);
    float *e = NULL, TG[PX_TEC_NTRANS] = {0};
    size_t *first = px__malloc((nsent + 1) * sizeof *first);
    size_t *len = px__malloc((nsent + 1) * sizeof *len);
    int32_t *idx = px__malloc(D->nf * sizeof *idx + 4);
    if (!W || !G || !first || !len || !idx) {
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t j = 0; j < D->nf; j++)
        idx[j] = (int32_t)px__tec_find(keys, nk, D->f[j]);
    nsent = 0;
    for (size_t i = 0; i < D->n;) {
        size_t j = i + 1;
        while (j < D->n && !(D->bio[j] & 4) && D->group[j] == D->group[i])
            j++;
        if (!use || use[D->group[i]]) {
            first[nsent] = i;
            len[nsent++] = j - i;
            maxlen = j - i > maxlen ? j - i : maxlen;
        }
        i = j;
    }
    e = px__malloc((maxlen * 16 + 16) * sizeof *e);
    if (!e) {
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
        goto out;
    }
    float *al = e + 3 * maxlen, *be = al + 3 * maxlen, *P = be + 3 * maxlen;
    float *E = P + 3 * maxlen, *cs = E + 3 * maxlen;
    memset(tr, 0, PX_TEC_NTRANS * sizeof *tr);
    uint64_t seed = opt->seed ? opt->seed : 1;
    for (int ep = 0; ep < opt->epochs; ep++) {
        for (size_t i = nsent; i > 1; i--) { /* Fisher-Yates with a fixed seed */
            size_t j = (size_t)(lcg(&seed) % i);
            size_t a = first[i - 1], b = len[i - 1];
            first[i - 1] = first[j], len[i - 1] = len[j];
            first[j] = a, len[j] = b;
        }
        for (size_t s = 0; s < nsent; s++) {
            size_t a = first[s], n = len[s];
            for (size_t i = 0; i < n; i++) {
                float *ei = e + 3 * i;
                ei[0] = ei[1] = ei[2] = 0;
                for (size_t j = D->off[a + i]; j < D->off[a + i + 1]; j++)
                    if (idx[j] >= 0)
                        for (int k = 0; k < 3; k++)
                            ei[k] += W[(size_t)idx[j] * 3 + (size_t)k];
            }
            double pair[PX_TEC_NTRANS] = {0};
            marginals(e, tr, n, al, be, E, cs, P, pair);
            /* Gradient of the negative log-likelihood: expected minus gold. */
            for (size_t i = 0; i < n; i++) {
                int g = D->bio[a + i] & 3;
                pair[i ? (D->bio[a + i - 1] & 3) * 3 + g : 9 + g] -= 1;
                float gk[3];
                for (int k = 0; k < 3; k++)
                    gk[k] = P[3 * i + (size_t)k] - (k == g);
                for (size_t j = D->off[a + i]; j < D->off[a + i + 1]; j++) {
                    if (idx[j] < 0)
                        continue;
                    float *w = W + (size_t)idx[j] * 3, *gg = G + (size_t)idx[j] * 3;
                    for (int k = 0; k < 3; k++) {
                        float gr = gk[k] + opt->l2 * w[k];
                        gg[k] += gr * gr;
                        w[k] -= opt->rate * gr / (sqrtf(gg[k]) + 1e-6f);
                    }
                }
            }
            for (int k = 0; k < PX_TEC_NTRANS; k++) {
                float gr = (float)pair[k];
                TG[k] += gr * gr;
                tr[k] -= opt->rate * gr / (sqrtf(TG[k]) + 1e-6f);
            }
        }
    }
    /* Quantized to one scale. */
    float mx = 1e-9f;
    for (size_t i = 0; i < nk * 3; i++)
        mx = fabsf(W[i]) > mx ? fabsf(W[i]) : mx;
    const long qmax = opt->bits == 8 ? 127 : 32767;
    float scale = mx / (float)qmax;
    int16_t *q = px__malloc(nk * 3 * sizeof *q + 2);
    uint32_t *qk = px__malloc(nk * sizeof *qk + 4);
    if (!q || !qk) {
        px__free(q);
        px__free(qk);
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
        goto out;
    }
    size_t kept = 0;
    for (size_t i = 0; i < nk; i++) {
        int nz = 0;
        for (int k = 0; k < 3; k++) {
            long r = lrintf(W[i * 3 + (size_t)k] / scale);
            q[kept * 3 + (size_t)k] = (int16_t)(r > qmax ? qmax : r < -qmax ? -qmax : r);
            nz |= q[kept * 3 + (size_t)k] != 0;
        }
        if (nz)
            qk[kept++] = keys[i];
    }
    st = px__tec_table_build(t, 3, (uint32_t)kept, scale, qk, q);
    px__free(q);
    px__free(qk);
out:
    px__free(keys);
    px__free(W);
    px__free(G);
    px__free(e);
    px__free(first);
    px__free(len);
    px__free(idx);
    return st;
}
