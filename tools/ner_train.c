/* Training of the entity tagger: a first-order structured perceptron with
 * weight averaging (Collins 2002), Viterbi decoding, sentences visited in a
 * seeded shuffled order each epoch. Deterministic: the same files, options and
 * seed give the same model bytes. The model is pruned to the features with the
 * largest weights and quantized to int16 (see ner.h for the format). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ner_train.h"

#define NL  PX_NER_NLABELS
#define DYN 2 /* history features per word, at most (px__ner_hist_features) */

typedef struct corpus {
    px_buf keys;     /* folded keys, concatenated */
    uint8_t **files; /* file buffers (raw words point into them) */
    size_t nfiles;
    px_ner_word *w; /* all words */
    uint8_t *gold;
    size_t nw, capw;
    size_t *sent; /* sentence start indexes, plus an end sentinel */
    size_t ns, caps;
    size_t *doc; /* first sentence of each document, plus an end sentinel */
    size_t nd, capd;
    size_t *koff; /* key offsets while building */
    px_folder *f;
    int bad;
} corpus;

typedef struct weights {
    uint32_t *keys; /* open addressing: hash -> index + 1 in vals */
    uint32_t *idx;
    size_t mask, n, cap;
    uint32_t *hash; /* index -> hash */
    float *w;       /* index x NL */
    double *u;      /* sum of c * update, for averaging */
    float tw[NL + 1][NL];
    double tu[NL + 1][NL];
} weights;

/* Room in an index array *p of *cap entries for n + 2 (an entry and the end
 * sentinel); first is the first capacity. -1 when out of memory. */
static int index_room(size_t **p, size_t *cap, size_t n, size_t first)
{
    if (n + 2 <= *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : first;
    size_t *q = px__realloc(*p, c * sizeof *q);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int add_sent(void *ud, const px_conll_sent *s)
{
    corpus *c = ud;
    if (s->docstart || !c->nd) {
        if (index_room(&c->doc, &c->capd, c->nd, 256))
            return c->bad = 1;
        if (!c->nd || c->doc[c->nd - 1] < c->ns)
            c->doc[c->nd++] = c->ns;
        c->doc[c->nd] = c->ns;
    }
    if (s->docstart || !s->n)
        return 0;
    if (c->nw + s->n > c->capw) {
        size_t cap = c->capw ? c->capw : 4096;
        while (cap < c->nw + s->n)
            cap *= 2;
        px_ner_word *w = px__realloc(c->w, cap * sizeof *w);
        uint8_t *g = w ? px__realloc(c->gold, cap) : NULL;
        size_t *ko = g ? px__realloc(c->koff, cap * sizeof *ko) : NULL;
        if (w)
            c->w = w;
        if (g)
            c->gold = g;
        if (ko)
            c->koff = ko;
        if (!w || !g || !ko)
            return c->bad = 1;
        c->capw = cap;
    }
    if (index_room(&c->sent, &c->caps, c->ns, 1024))
        return c->bad = 1;
    c->sent[c->ns++] = c->nw;
    for (size_t i = 0; i < s->n; i++) {
        px_ner_word *w = &c->w[c->nw];
        memset(w, 0, sizeof *w);
        w->raw = s->words[i].ptr;
        w->raw_len = (uint32_t)s->words[i].len;
        size_t k0 = c->keys.len;
        if (px__fold_buf(c->f, s->words[i], &c->keys))
            return c->bad = 1;
        c->koff[c->nw] = k0;
        w->key_len = (uint32_t)(c->keys.len - k0);
        int l = s->tags[i].ptr ? px__ner_label_parse(s->tags[i].ptr, s->tags[i].len) : 0;
        c->gold[c->nw++] = (uint8_t)(l < 0 ? 0 : l);
    }
    c->sent[c->ns] = c->nw;
    c->doc[c->nd] = c->ns;
    return 0;
}

static px_status load_corpus(corpus *c, const char *path, char *errmsg)
{
    uint8_t *buf;
    size_t len;
    px_status st = px__ner_read_file(path, &buf, &len, errmsg);
    if (st)
        return st;
    uint8_t **fs = px__realloc(c->files, (c->nfiles + 1) * sizeof *fs);
    if (!fs) {
        px__free(buf);
        return PX_ENOMEM;
    }
    c->files = fs;
    c->files[c->nfiles++] = buf;
    px__conll_read(buf, len, add_sent, c);
    if (c->bad)
        return px__fail(errmsg, PX_ENOMEM, "%s: out of memory", path);
    return PX_OK;
}

static px_status finish_corpus(corpus *c, const px_ner_train_opts *o)
{
    for (size_t i = 0; i < c->nw; i++) {
        c->w[i].key = c->keys.ptr + c->koff[i];
        c->w[i].key_hash = px__hash64(c->w[i].key, c->w[i].key_len, 0);
        c->w[i].cls = px__ner_class(o->classes, c->w[i].key_hash);
    }
    if (!o->mark || !c->nw)
        return PX_OK;
    px_token *t = px__calloc(c->nw, sizeof *t);
    uint32_t *bits = px__calloc(c->nw, sizeof *bits);
    if (!t || !bits) {
        px__free(t);
        px__free(bits);
        return PX_ENOMEM;
    }
    for (size_t i = 0; i < c->nw; i++) {
        t[i].key = c->w[i].key;
        t[i].key_len = c->w[i].key_len;
        t[i].key_hash = c->w[i].key_hash;
        t[i].kind = PX_TOK_WORD;
        t[i].flags = px__ner_upper1(c->w[i].raw, c->w[i].raw_len) ? PX_TF_UPPER1 : 0;
    }
    for (size_t s = 0; s < c->ns; s++)
        o->mark(o->mark_ud, t + c->sent[s], c->sent[s + 1] - c->sent[s], bits + c->sent[s]);
    for (size_t i = 0; i < c->nw; i++)
        c->w[i].gaz = bits[i];
    px__free(t);
    px__free(bits);
    return PX_OK;
}

static void free_corpus(corpus *c)
{
    for (size_t i = 0; i < c->nfiles; i++)
        px__free(c->files[i]);
    px__free(c->files);
    px_buf_free(&c->keys);
    px__free(c->w);
    px__free(c->gold);
    px__free(c->sent);
    px__free(c->doc);
    px__free(c->koff);
}

/* ---- weights ---- */

static uint64_t slot_of(uint32_t h)
{
    uint64_t x = h;
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 29;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 32;
    return x;
}

static long w_find(const weights *W, uint32_t h)
{
    size_t s = slot_of(h) & W->mask;
    while (W->keys[s]) {
        if (W->keys[s] == h)
            return (long)W->idx[s];
        s = (s + 1) & W->mask;
    }
    return -1;
}

static int w_grow(weights *W)
{
    size_t cap = W->cap ? W->cap * 2 : 1 << 16;
    uint32_t *hash = px__realloc(W->hash, cap * sizeof *hash);
    if (hash)
        W->hash = hash;
    float *w = px__realloc(W->w, cap * NL * sizeof *w);
    if (w)
        W->w = w;
    double *u = px__realloc(W->u, cap * NL * sizeof *u);
    if (u)
        W->u = u;
    size_t slots = cap * 2;
    uint32_t *keys = px__calloc(slots, sizeof *keys), *idx = px__calloc(slots, sizeof *idx);
    if (!hash || !w || !u || !keys || !idx) {
        px__free(keys);
        px__free(idx);
        return -1;
    }
    px__free(W->keys);
    px__free(W->idx);
    W->keys = keys;
    W->idx = idx;
    W->mask = slots - 1;
    W->cap = cap;
    for (size_t i = 0; i < W->n; i++) {
        size_t s = slot_of(W->hash[i]) & W->mask;
        while (W->keys[s])
            s = (s + 1) & W->mask;
        W->keys[s] = W->hash[i];
        W->idx[s] = (uint32_t)i;
    }
    return 0;
}

static long w_add(weights *W, uint32_t h)
{
    long i = w_find(W, h);
    if (i >= 0)
        return i;
    if (W->n + 1 > W->cap && w_grow(W))
        return -1;
    size_t s = slot_of(h) & W->mask;
    while (W->keys[s])
        s = (s + 1) & W->mask;
    W->keys[s] = h;
    W->idx[s] = (uint32_t)W->n;
    W->hash[W->n] = h;
    memset(W->w + W->n * NL, 0, NL * sizeof *W->w);
    memset(W->u + W->n * NL, 0, NL * sizeof *W->u);
    return (long)W->n++;
}

static void w_free(weights *W)
{
    px__free(W->keys);
    px__free(W->idx);
    px__free(W->hash);
    px__free(W->w);
    px__free(W->u);
}

static int allowed(int from, int to)
{
    if (to == 0 || PX_NER_IS_B(to))
        return 1;
    return from > 0 && from - 1 != 0 && PX_NER_TYPE(from - 1) == PX_NER_TYPE(to);
}

/* Viterbi with the current (not averaged) weights. feats: per word offsets. */
static void decode(const weights *W,
                   const uint32_t *fs,
                   const size_t *fo,
                   const uint32_t *dyn,
                   size_t n,
                   double *score,
                   uint8_t *back,
                   uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        double *sc = score + i * NL;
        for (int l = 0; l < NL; l++)
            sc[l] = 0;
        for (size_t k = fo[i]; k < fo[i + 1]; k++) {
            long x = w_find(W, fs[k]);
            if (x >= 0)
                for (int l = 0; l < NL; l++)
                    sc[l] += W->w[(size_t)x * NL + l];
        }
        for (size_t k = 0; dyn && k < DYN && dyn[i * DYN + k]; k++) {
            long x = w_find(W, dyn[i * DYN + k]);
            if (x >= 0)
                for (int l = 0; l < NL; l++)
                    sc[l] += W->w[(size_t)x * NL + l];
        }
    }
    for (int l = 0; l < NL; l++)
        score[l] += allowed(0, l) ? W->tw[0][l] : -1e30;
    for (size_t i = 1; i < n; i++)
        for (int l = 0; l < NL; l++) {
            double best = -1e300;
            int bl = 0;
            for (int p = 0; p < NL; p++) {
                double v = score[(i - 1) * NL + p] + (allowed(p + 1, l) ? W->tw[p + 1][l] : -1e30);
                if (v > best)
                    best = v, bl = p;
            }
            score[i * NL + l] += best;
            back[i * NL + l] = (uint8_t)bl;
        }
    int bl = 0;
    for (int l = 1; l < NL; l++)
        if (score[(n - 1) * NL + l] > score[(n - 1) * NL + bl])
            bl = l;
    for (size_t i = n; i-- > 0;) {
        out[i] = (uint8_t)bl;
        if (i > 0)
            bl = back[i * NL + bl];
    }
}

/* The history features of sentence words w[0..n) into dyn (n x DYN, 0 for
 * none), from the document's earlier sentences. */
static void hist_feats(const px_ner_hist *h, const px_ner_word *w, size_t n, uint32_t *dyn)
{
    memset(dyn, 0, n * DYN * sizeof *dyn);
    for (size_t i = 0; i < n; i++)
        px__ner_hist_features(px__ner_hist_code(h, w[i].key_hash),
                              px__ner_upper1(w[i].raw, w[i].raw_len), dyn + i * DYN);
}

static void upd(weights *W, size_t x, int l, float d, double c)
{
    W->w[x * NL + l] += d;
    W->u[x * NL + l] += c * d;
}

static int update(weights *W,
                  const uint32_t *fs,
                  const size_t *fo,
                  const uint32_t *dyn,
                  size_t n,
                  const uint8_t *gold,
                  const uint8_t *pred,
                  double c)
{
    for (size_t i = 0; i < n; i++) {
        int gp = i ? gold[i - 1] + 1 : 0, pp = i ? pred[i - 1] + 1 : 0;
        if (gold[i] != pred[i] || gp != pp) {
            W->tw[gp][gold[i]] += 1, W->tu[gp][gold[i]] += c;
            W->tw[pp][pred[i]] -= 1, W->tu[pp][pred[i]] -= c;
        }
        if (gold[i] == pred[i])
            continue;
        for (size_t k = fo[i]; k < fo[i + 1]; k++) {
            long x = w_add(W, fs[k]);
            if (x < 0)
                return -1;
            upd(W, (size_t)x, gold[i], 1, c);
            upd(W, (size_t)x, pred[i], -1, c);
        }
        for (size_t k = 0; dyn && k < DYN && dyn[i * DYN + k]; k++) {
            long x = w_add(W, dyn[i * DYN + k]);
            if (x < 0)
                return -1;
            upd(W, (size_t)x, gold[i], 1, c);
            upd(W, (size_t)x, pred[i], -1, c);
        }
    }
    return 0;
}

/* Features of every word of the corpus: fs[fo[i]..fo[i+1]). */
static px_status featurize(const corpus *c, uint32_t **fs_out, size_t **fo_out)
{
    size_t cap = c->nw * 40 + 64, k = 0;
    uint32_t *fs = px__malloc(cap * sizeof *fs);
    size_t *fo = px__malloc((c->nw + 1) * sizeof *fo);
    px_ner_scratch sc = {0};
    if (!fs || !fo)
        goto oom;
    for (size_t s = 0; s < c->ns; s++) {
        size_t a = c->sent[s], n = c->sent[s + 1] - a;
        if (px__ner_scratch_reserve(&sc, n))
            goto oom;
        px__ner_prepare(c->w + a, n, sc.pre);
        for (size_t i = 0; i < n; i++) {
            if (k + PX_NER_MAX_FEATS > cap) {
                cap *= 2;
                uint32_t *t = px__realloc(fs, cap * sizeof *t);
                if (!t)
                    goto oom;
                fs = t;
            }
            fo[a + i] = k;
            k += px__ner_features(c->w + a, sc.pre, n, i, fs + k);
        }
    }
    fo[c->nw] = k;
    px__ner_scratch_free(&sc);
    *fs_out = fs;
    *fo_out = fo;
    return PX_OK;
oom:
    px__ner_scratch_free(&sc);
    px__free(fs);
    px__free(fo);
    return PX_ENOMEM;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16),
    p[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *p, int v)
{
    p[0] = (uint8_t)(v & 0xff), p[1] = (uint8_t)((unsigned)v >> 8 & 0xff);
}

static int cmp_desc(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

typedef struct kept {
    uint32_t hash;
    uint32_t idx;
} kept;

static int cmp_kept(const void *a, const void *b)
{
    uint32_t x = ((const kept *)a)->hash, y = ((const kept *)b)->hash;
    return x < y ? -1 : x > y;
}

/* Averaged weights, pruned and quantized, serialized into out. */
static px_status
serialize(const weights *W, double c, size_t max_feats, int gaz, int cls, int hist, px_buf *out)
{
    size_t n = W->n;
    float *avg = px__malloc((n ? n : 1) * NL * sizeof *avg);
    float *mx = px__malloc((n ? n : 1) * sizeof *mx);
    float *srt = px__malloc((n ? n : 1) * sizeof *srt);
    kept *kp = px__malloc((n ? n : 1) * sizeof *kp);
    px_status st = PX_ENOMEM;
    if (!avg || !mx || !srt || !kp)
        goto done;
    float amax = 0;
    for (size_t i = 0; i < n; i++) {
        mx[i] = 0;
        for (int l = 0; l < NL; l++) {
            float a = (float)(W->w[i * NL + l] - W->u[i * NL + l] / c);
            avg[i * NL + l] = a;
            if (fabsf(a) > mx[i])
                mx[i] = fabsf(a);
        }
        srt[i] = mx[i];
    }
    qsort(srt, n, sizeof *srt, cmp_desc);
    float thr = n > max_feats && max_feats > 0 ? srt[max_feats - 1] : 0;
    size_t nk = 0;
    for (size_t i = 0; i < n && nk < max_feats; i++)
        if (mx[i] > 0 && mx[i] >= thr) {
            kp[nk++] = (kept){W->hash[i], (uint32_t)i};
            if (mx[i] > amax)
                amax = mx[i];
        }
    float tav[NL + 1][NL];
    for (int a = 0; a <= NL; a++)
        for (int b = 0; b < NL; b++) {
            tav[a][b] = (float)(W->tw[a][b] - W->tu[a][b] / c);
            if (allowed(a, b) && fabsf(tav[a][b]) > amax)
                amax = fabsf(tav[a][b]);
        }
    qsort(kp, nk, sizeof *kp, cmp_kept);
    float scale = amax > 0 ? amax / 32000.0f : 1.0f;
    size_t head = 20 + (NL + 1) * NL * 2, sz = head + nk * (4 + NL * 2);
    if ((st = px_buf_reserve(out, sz)))
        goto done;
    uint8_t *p = out->ptr + out->len;
    memcpy(p, "PXNER001", 8);
    put32(p + 8, NL | (gaz ? 1u << 16 : 0) | (cls ? 1u << 17 : 0) | (hist ? 1u << 18 : 0));
    put32(p + 12, (uint32_t)nk);
    uint32_t sb;
    memcpy(&sb, &scale, 4);
    put32(p + 16, sb);
    uint8_t *q = p + 20;
    for (int a = 0; a <= NL; a++)
        for (int b = 0; b < NL; b++, q += 2)
            put16(q, allowed(a, b) ? (int)lrintf(tav[a][b] / scale) : 0);
    for (size_t i = 0; i < nk; i++, q += 4 + NL * 2) {
        put32(q, kp[i].hash);
        for (int l = 0; l < NL; l++)
            put16(q + 4 + 2 * l, (int)lrintf(avg[(size_t)kp[i].idx * NL + l] / scale));
    }
    out->len += sz;
    st = PX_OK;
done:
    px__free(avg);
    px__free(mx);
    px__free(srt);
    px__free(kp);
    return st;
}

/* Scores a serialized model on a corpus. */
static px_status
score_on(const uint8_t *model, size_t len, corpus *dev, px_ner_score *s, char *errmsg)
{
    px_ner_model *m;
    px_status st = px__ner_load_mem(model, len, &m, errmsg);
    if (st)
        return st;
    px_ner_scratch sc = {0};
    px_ner_hist h = {0};
    uint8_t *pred = px__malloc(dev->nw + 1);
    memset(s, 0, sizeof *s);
    int hist = px__ner_uses_history(m);
    for (size_t d = 0; pred && !st && d < dev->nd; d++) {
        px__ner_hist_clear(&h);
        for (size_t i = dev->doc[d]; !st && i < dev->doc[d + 1]; i++) {
            size_t a = dev->sent[i], n = dev->sent[i + 1] - a;
            for (size_t k = 0; hist && k < n; k++)
                dev->w[a + k].hist = 1 + px__ner_hist_code(&h, dev->w[a + k].key_hash);
            st = px__ner_tag(m, dev->w + a, n, pred + a, &sc);
            if (!st && hist)
                st = px__ner_hist_add(&h, dev->w + a, pred + a, n);
            if (!st)
                px__ner_score_add(s, dev->gold + a, pred + a, n);
        }
    }
    px__ner_hist_free(&h);
    if (!pred)
        st = PX_ENOMEM;
    px__free(pred);
    px__ner_scratch_free(&sc);
    px__ner_free(m);
    return st;
}

static uint64_t rng_next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static px_status
epochs(corpus *c, corpus *dev, const px_ner_train_opts *o, weights *W, double *cnt, char *errmsg)
{
    uint32_t *fs;
    size_t *fo, maxn = 1;
    px_status st = featurize(c, &fs, &fo);
    if (st)
        return px__fail(errmsg, st, "out of memory");
    for (size_t s = 0; s < c->ns; s++)
        if (c->sent[s + 1] - c->sent[s] > maxn)
            maxn = c->sent[s + 1] - c->sent[s];
    /* with the history, documents are shuffled and their sentences read in
     * order (the history is of earlier sentences) */
    int hist = o->history;
    size_t nu = hist ? c->nd : c->ns;
    size_t *order = px__malloc(nu * sizeof *order + 1);
    double *score = px__malloc(maxn * NL * sizeof *score);
    uint8_t *back = px__malloc(maxn * NL), *pred = px__malloc(maxn);
    uint32_t *dyn = px__malloc(maxn * DYN * sizeof *dyn);
    px_ner_hist h = {0};
    px_buf mb;
    px_buf_init(&mb, 0);
    if (!order || !score || !back || !pred || !dyn) {
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t s = 0; s < nu; s++)
        order[s] = s;
    uint64_t rng = o->seed;
    for (int e = 0; e < o->epochs && !st; e++) {
        for (size_t s = nu; s > 1; s--) {
            size_t j = rng_next(&rng) % s, t = order[s - 1];
            order[s - 1] = order[j], order[j] = t;
        }
        size_t errs = 0;
        for (size_t k = 0; k < nu && !st; k++) {
            size_t s0 = hist ? c->doc[order[k]] : order[k];
            size_t s1 = hist ? c->doc[order[k] + 1] : order[k] + 1;
            px__ner_hist_clear(&h);
            for (size_t si = s0; si < s1; si++) {
                size_t a = c->sent[si], n = c->sent[si + 1] - a;
                *cnt += 1;
                if (hist)
                    hist_feats(&h, c->w + a, n, dyn);
                decode(W, fs, fo + a, hist ? dyn : NULL, n, score, back, pred);
                if (hist && px__ner_hist_add(&h, c->w + a, pred, n)) {
                    st = px__fail(errmsg, PX_ENOMEM, "out of memory");
                    break;
                }
                if (memcmp(pred, c->gold + a, n) == 0)
                    continue;
                errs++;
                if (update(W, fs, fo + a, hist ? dyn : NULL, n, c->gold + a, pred, *cnt)) {
                    st = px__fail(errmsg, PX_ENOMEM, "out of memory");
                    break;
                }
            }
        }
        if (o->log)
            fprintf(o->log, "epoch %d: %zu sentences wrong, %zu features", e + 1, errs, W->n);
        if (!st && dev && o->log) {
            px_ner_score sc;
            mb.len = 0;
            st = serialize(W, *cnt, o->max_feats, o->mark != NULL, o->classes != NULL, o->history,
                           &mb);
            if (!st)
                st = score_on(mb.ptr, mb.len, dev, &sc, errmsg);
            double p, r, f;
            px__ner_score_prf(&sc, 0, &p, &r, &f);
            fprintf(o->log, "; dev P %.4f R %.4f F1 %.4f", p, r, f);
        }
        if (o->log)
            fprintf(o->log, "\n");
    }
done:
    px_buf_free(&mb);
    px__free(order);
    px__free(score);
    px__free(back);
    px__free(pred);
    px__free(dyn);
    px__ner_hist_free(&h);
    px__free(fs);
    px__free(fo);
    return st;
}

px_status px__ner_train(px_folder *f,
                        const char *const *paths,
                        size_t npaths,
                        const char *dev_path,
                        const char *out_path,
                        const px_ner_train_opts *o,
                        char *errmsg)
{
    corpus c = {.f = f}, dev = {.f = f};
    px_buf_init(&c.keys, 0);
    px_buf_init(&dev.keys, 0);
    weights W = {0};
    px_buf mb;
    px_buf_init(&mb, 0);
    double cnt = 0;
    px_status st = PX_OK;
    for (size_t i = 0; i < npaths && !st; i++)
        st = load_corpus(&c, paths[i], errmsg);
    if (!st && dev_path)
        st = load_corpus(&dev, dev_path, errmsg);
    if (!st && (finish_corpus(&c, o) || finish_corpus(&dev, o)))
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
    if (!st && w_grow(&W))
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
    if (!st)
        st = epochs(&c, dev_path ? &dev : NULL, o, &W, &cnt, errmsg);
    if (!st && (st = serialize(&W, cnt > 0 ? cnt : 1, o->max_feats, o->mark != NULL,
                               o->classes != NULL, o->history, &mb)))
        px__fail(errmsg, st, "out of memory");
    if (!st) {
        FILE *out = fopen(out_path, "wb");
        if (!out || fwrite(mb.ptr, 1, mb.len, out) != mb.len)
            st = px__fail(errmsg, PX_EIO, "%s: cannot write", out_path);
        if (out && fclose(out) && !st)
            st = px__fail(errmsg, PX_EIO, "%s: cannot write", out_path);
    }
    px_buf_free(&mb);
    w_free(&W);
    free_corpus(&c);
    free_corpus(&dev);
    return st;
}
