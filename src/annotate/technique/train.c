/* Training the technique models: multinomial logistic regression over sparse
 * hashed features, by AdaGrad with an L2 penalty on the features an example
 * touches, in a fixed pseudo-random example order (deterministic: the same data
 * and options give the same weights). Our own rather than liblinear so that
 * `parallax eval techniques` cross-validates inside the library with no
 * outside solver, and the weights come out in our table format directly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/technique/technique.h"

px_status px__tec_data_add(px_tec_data *D, const uint32_t *f, size_t nf, uint16_t y, uint32_t g)
{
    if (D->n + 1 >= D->cap) {
        size_t cap = D->cap ? D->cap * 2 : 4096;
        size_t *off = px__realloc(D->off, (cap + 1) * sizeof *off);
        if (!off)
            return PX_ENOMEM;
        D->off = off;
        uint16_t *y2 = px__realloc(D->y, cap * sizeof *y2);
        if (!y2)
            return PX_ENOMEM;
        D->y = y2;
        uint32_t *g2 = px__realloc(D->group, cap * sizeof *g2);
        if (!g2)
            return PX_ENOMEM;
        D->group = g2;
        D->cap = cap;
        if (D->n == 0)
            D->off[0] = 0;
    }
    if (D->nf + nf > D->fcap) {
        size_t cap = D->fcap ? D->fcap * 2 : 65536;
        while (cap < D->nf + nf)
            cap *= 2;
        uint32_t *f2 = px__realloc(D->f, cap * sizeof *f2);
        if (!f2)
            return PX_ENOMEM;
        D->f = f2;
        D->fcap = cap;
    }
    memcpy(D->f + D->nf, f, nf * sizeof *f);
    D->nf += nf;
    D->y[D->n] = y;
    D->group[D->n] = g;
    D->n++;
    D->off[D->n] = D->nf;
    return PX_OK;
}

void px__tec_data_free(px_tec_data *D)
{
    px__free(D->f);
    px__free(D->off);
    px__free(D->y);
    px__free(D->group);
    px__free(D->bio);
    memset(D, 0, sizeof *D);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

long px__tec_find(const uint32_t *keys, size_t n, uint32_t k)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (keys[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && keys[lo] == k ? (long)lo : -1;
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* The feature vocabulary of the used examples: sorted unique keys seen at
 * least mincount times. */
px_status px__tec_vocabulary(
    const px_tec_data *D, const uint8_t *use, uint32_t mincount, uint32_t **keys, size_t *nkeys)
{
    size_t m = 0;
    for (size_t i = 0; i < D->n; i++)
        if (!use || use[D->group[i]])
            m += D->off[i + 1] - D->off[i];
    uint32_t *all = px__malloc(m * sizeof *all + 4);
    if (!all)
        return PX_ENOMEM;
    m = 0;
    for (size_t i = 0; i < D->n; i++)
        if (!use || use[D->group[i]])
            for (size_t j = D->off[i]; j < D->off[i + 1]; j++)
                all[m++] = D->f[j];
    qsort(all, m, sizeof *all, cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && all[j] == all[i])
            j++;
        if (j - i >= mincount)
            all[k++] = all[i];
        i = j;
    }
    *keys = all;
    *nkeys = k;
    return PX_OK;
}

px_status px__tec_train(const px_tec_data *D,
                        const uint8_t *use,
                        const px_tec_train_opt *opt,
                        px_tec_table *t,
                        char *errmsg)
{
    const uint32_t K = opt->k;
    if (K < 2 || K > PX_TEC_MAXCLASS)
        return px__fail(errmsg, PX_EINVAL, "bad class count %u", K);
    uint32_t *keys = NULL;
    size_t nk = 0;
    px_status st = px__tec_vocabulary(D, use, opt->mincount ? opt->mincount : 1, &keys, &nk);
    if (st)
        return px__fail(errmsg, st, "out of memory");
    size_t ne = 0;
    for (size_t i = 0; i < D->n; i++)
        ne += !use || use[D->group[i]];
    float *W = px__calloc(nk * K + 1, sizeof *W);
    float *G = px__calloc(nk * K + 1, sizeof *G);
    size_t *order = px__malloc(ne * sizeof *order + 8);
    int32_t *idx = px__malloc(D->nf * sizeof *idx + 4);
    if (!W || !G || !order || !idx) {
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
        goto out;
    }
    /* Feature indices once, -1 for dropped ones. */
    for (size_t i = 0, m = 0; i < D->n; i++) {
        if (!use || use[D->group[i]])
            order[m++] = i;
        for (size_t j = D->off[i]; j < D->off[i + 1]; j++)
            idx[j] = (int32_t)px__tec_find(keys, nk, D->f[j]);
    }
    uint64_t seed = opt->seed ? opt->seed : 1;
    float sc[PX_TEC_MAXCLASS], g[PX_TEC_MAXCLASS];
    for (int ep = 0; ep < opt->epochs; ep++) {
        for (size_t i = ne; i > 1; i--) { /* Fisher-Yates with a fixed seed */
            size_t j = (size_t)(lcg(&seed) % i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t oi = 0; oi < ne; oi++) {
            size_t i = order[oi];
            for (uint32_t c = 0; c < K; c++)
                sc[c] = 0;
            for (size_t j = D->off[i]; j < D->off[i + 1]; j++)
                if (idx[j] >= 0)
                    for (uint32_t c = 0; c < K; c++)
                        sc[c] += W[(size_t)idx[j] * K + c];
            float mx = sc[0], z = 0;
            for (uint32_t c = 1; c < K; c++)
                mx = sc[c] > mx ? sc[c] : mx;
            for (uint32_t c = 0; c < K; c++)
                z += (sc[c] = expf(sc[c] - mx));
            for (uint32_t c = 0; c < K; c++)
                g[c] = sc[c] / z - (c == D->y[i]);
            for (size_t j = D->off[i]; j < D->off[i + 1]; j++) {
                if (idx[j] < 0)
                    continue;
                float *w = W + (size_t)idx[j] * K, *gg = G + (size_t)idx[j] * K;
                for (uint32_t c = 0; c < K; c++) {
                    float gr = g[c] + opt->l2 * w[c];
                    gg[c] += gr * gr;
                    w[c] -= opt->rate * gr / (sqrtf(gg[c]) + 1e-6f);
                }
            }
        }
    }
    /* Quantize: a binary task keeps w1 - w0 (k = 1). */
    uint32_t kout = K == 2 ? 1 : K;
    float mx = 1e-9f;
    for (size_t i = 0; i < nk; i++)
        for (uint32_t c = 0; c < kout; c++) {
            float v = K == 2 ? W[i * 2 + 1] - W[i * 2] : W[i * K + c];
            mx = fabsf(v) > mx ? fabsf(v) : mx;
        }
    const long qmax = opt->bits == 8 ? 127 : 32767;
    float scale = mx / (float)qmax, cut = opt->prune * mx;
    int16_t *q = px__malloc(nk * kout * sizeof *q + 2);
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
        float big = 0;
        for (uint32_t c = 0; c < kout; c++) {
            float v = K == 2 ? W[i * 2 + 1] - W[i * 2] : W[i * K + c];
            long r = lrintf(v / scale);
            q[kept * kout + c] = (int16_t)(r > qmax ? qmax : r < -qmax ? -qmax : r);
            nz |= q[kept * kout + c] != 0;
            big = fabsf(v) > big ? fabsf(v) : big;
        }
        if (nz && big >= cut)
            qk[kept++] = keys[i];
    }
    st = px__tec_table_build(t, kout, (uint32_t)kept, scale, qk, q);
    px__free(q);
    px__free(qk);
out:
    px__free(keys);
    px__free(W);
    px__free(G);
    px__free(order);
    px__free(idx);
    return st;
}

void px__tec_si_credit(
    const px_tec_gold *pred, size_t np, const px_tec_gold *gold, size_t ng, double *p, double *r)
{
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < ng; j++) {
            uint32_t lo = pred[i].s > gold[j].s ? pred[i].s : gold[j].s;
            uint32_t hi = pred[i].e < gold[j].e ? pred[i].e : gold[j].e;
            if (hi <= lo)
                continue;
            if (pred[i].e > pred[i].s)
                *p += (double)(hi - lo) / (pred[i].e - pred[i].s);
            if (gold[j].e > gold[j].s)
                *r += (double)(hi - lo) / (gold[j].e - gold[j].s);
        }
}

void px__tec_opts_default(px_tec_opts *o)
{
    memset(o, 0, sizeof *o);
    o->tc = (px_tec_train_opt){PX_TEC_NCLASS, 20, 1e-3f, 0.05f, 1, 1, 8, 0};
    o->si = (px_tec_train_opt){2, 2, 1e-5f, 0.05f, 1, 2, 8, 0};
    o->sq = (px_tec_train_opt){3, 10, 1e-4f, 0.05f, 1, 3, 8, 0};
    o->dec = (px_tec_decoding){0.35f, 0.15f, 2, 2, 0, 0.5f};
}

int px__tec_opts_set(px_tec_opts *o, const char *nv)
{
    const char *eq = strchr(nv, '=');
    if (!eq || !eq[1])
        return 0;
    char *end;
    int neg = eq[1] == '-' && eq - nv == 4 && !memcmp(nv, "bias", 4);
    double v = strtod(eq + 1 + neg, &end);
    if (*end || v < 0 || v > 1e6)
        return 0;
    size_t n = (size_t)(eq - nv);
    px_tec_train_opt *t = n > 3 && !memcmp(nv, "tc.", 3)    ? &o->tc
                          : n > 3 && !memcmp(nv, "si.", 3)  ? &o->si
                          : n > 4 && !memcmp(nv, "seq.", 4) ? &o->sq
                                                            : NULL;
    const char *k = t ? nv + (t == &o->sq ? 4 : 3) : nv;
    size_t kn = t ? n - (t == &o->sq ? 4 : 3) : n;
#define IS(s) (kn == sizeof(s) - 1 && !memcmp(k, s, kn))
    if (t && IS("epochs"))
        t->epochs = (int)v;
    else if (t && IS("l2"))
        t->l2 = (float)v;
    else if (t && IS("rate"))
        t->rate = (float)v;
    else if (t && IS("mincount"))
        t->mincount = (uint32_t)v;
    else if (t && IS("bits") && (v == 8 || v == 16))
        t->bits = (uint32_t)v;
    else if (t && IS("prune") && v < 1)
        t->prune = (float)v;
    else if (!t && IS("threshold") && v <= 1)
        o->dec.threshold = (float)v;
    else if (!t && IS("low") && v <= 1)
        o->dec.low = (float)v;
    else if (!t && IS("gap"))
        o->dec.gap = (uint32_t)v;
    else if (!t && IS("seq") && (v == 0 || v == 1 || v == 2))
        o->dec.seq = (uint32_t)v;
    else if (!t && IS("bias"))
        o->dec.bias = (float)v * (neg ? -1 : 1);
    else if (!t && IS("mix") && v <= 1)
        o->dec.mix = (float)v;
    else
        return 0;
#undef IS
    return 1;
}

static px_status copy_lex(const px_tec_lex *from, px_tec_lex *to)
{
    uint32_t n = 0;
    uint32_t *kv = px__malloc((size_t)from->n * 8 + 8);
    if (!kv)
        return PX_ENOMEM;
    for (uint32_t s = 0; from->keys && s <= from->mask; s++)
        if (from->keys[s]) {
            kv[n] = from->keys[s];
            kv[from->n + n] = from->vals[s];
            n++;
        }
    px_status st = px__tec_lex_build(to, kv, kv + from->n, n);
    px__free(kv);
    return st;
}

px_status px__tec_fit(const px_tec_data *tc,
                      const px_tec_data *si,
                      const uint8_t *use,
                      const px_tec_lex *lex,
                      const px_tec_opts *o,
                      px_tec_model *m,
                      char *errmsg)
{
    memset(m, 0, sizeof *m);
    m->nclass = PX_TEC_NCLASS;
    for (int i = 0; i < PX_TEC_NCLASS; i++)
        m->names[i] = px_slice_cstr(px__tec_names[i]);
    m->si_dec = o->dec;
    px_status st = lex ? copy_lex(lex, &m->lex) : PX_OK;
    if (!st)
        st = px__tec_train(tc, use, &o->tc, &m->tc, errmsg);
    if (!st && si)
        st = px__tec_train(si, use, &o->si, &m->si, errmsg);
    if (!st && si && o->dec.seq)
        st = px__tec_seq_train(si, use, &o->sq, &m->sq, m->si_trans, errmsg);
    if (!st && si && o->dec.seq && (st = px__tec_table_join(&m->si, &m->sq, &m->sx)))
        px__fail(errmsg, st, "out of memory");
    return st;
}

typedef struct collect {
    px_tec_gold **out;
    size_t *n, cap;
} collect;

static px_status collect_span(void *ud, uint32_t s, uint32_t e, float score)
{
    (void)score;
    collect *c = ud;
    if (*c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        px_tec_gold *g = px__realloc(*c->out, c->cap * sizeof *g);
        if (!g)
            return PX_ENOMEM;
        *c->out = g;
    }
    (*c->out)[(*c->n)++] = (px_tec_gold){s, e, -1};
    return PX_OK;
}

px_status px__tec_si_spans(const px_tec_ctx *c,
                           const float *p,
                           const px_tec_decoding *dd,
                           const float *tr,
                           px_tec_gold **out,
                           size_t *n)
{
    collect col = {out, n, *n};
    if (dd->seq == 1)
        return px__tec_seq_decode(c, p, tr, dd->bias, collect_span, &col);
    return px__tec_decode(c, p, dd, collect_span, &col);
}
