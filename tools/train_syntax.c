/* train_syntax: trains the syntax model (data/models/syntax.bin) on CoNLL-U
 * treebanks: the joint UPOS|XPOS tagger, the lemma rules and the dependency
 * parser (format and features: src/syntax/syntax.h). Deterministic: a fixed
 * seed and order give the same bytes.
 *
 *   train_syntax [-e tagger epochs] [-p parser epochs] [-k folds] [-s seed]
 *                [-F tagger feats] [-A action feats] [-L label feats]
 *                [-d dev.conllu] -o OUT train.conllu...
 *
 * The parser learns from jackknifed tags (k folds: each fold tagged by a tagger
 * trained on the others), as it will see predicted tags at run time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/syntax.h"

/* ---- treebank in memory ---- */

typedef struct tsent {
    size_t n;
    px_syn_word *w;
    uint16_t *gtag;  /* gold tag id */
    uint16_t *ptag;  /* predicted (jackknifed) tag id */
    int32_t *ghead;  /* 0-based, n = root */
    int32_t *phead;  /* projectivized */
    uint8_t *grel;   /* relation id */
    px_slice *lemma; /* gold lemma */
    px_slice *upos, *xpos, *deprel;
} tsent;

typedef struct names {
    px_slice s[PX_SYN_MAXRELS > PX_SYN_MAXTAGS ? PX_SYN_MAXRELS : PX_SYN_MAXTAGS];
    size_t count[PX_SYN_MAXTAGS > PX_SYN_MAXRELS ? PX_SYN_MAXTAGS : PX_SYN_MAXRELS];
    size_t n, max;
} names;

static int name_find(const names *t, px_slice s)
{
    for (size_t i = 0; i < t->n; i++)
        if (px_slice_eq(t->s[i], s))
            return (int)i;
    return -1;
}

static int name_add(names *t, px_slice s)
{
    int i = name_find(t, s);
    if (i >= 0) {
        t->count[i]++;
        return i;
    }
    if (t->n >= t->max)
        return -1;
    t->s[t->n] = s;
    t->count[t->n] = 1;
    return (int)t->n++;
}

static int cmp_name_idx(const void *a, const void *b, void *ctx);
static names *sort_ctx;
static int cmp_names(const void *a, const void *b)
{
    return cmp_name_idx(a, b, sort_ctx);
}
static int cmp_name_idx(const void *a, const void *b, void *ctx)
{
    const names *t = ctx;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (t->count[i] != t->count[j])
        return t->count[i] > t->count[j] ? -1 : 1;
    size_t m = t->s[i].len < t->s[j].len ? t->s[i].len : t->s[j].len;
    int c = memcmp(t->s[i].ptr, t->s[j].ptr, m);
    return c ? c : (t->s[i].len < t->s[j].len ? -1 : t->s[i].len > t->s[j].len);
}

/* Orders names by frequency (ties by bytes) so ids do not depend on file order. */
static void name_sort(names *t)
{
    size_t idx[PX_SYN_MAXTAGS > PX_SYN_MAXRELS ? PX_SYN_MAXTAGS : PX_SYN_MAXRELS];
    for (size_t i = 0; i < t->n; i++)
        idx[i] = i;
    sort_ctx = t;
    qsort(idx, t->n, sizeof *idx, cmp_names);
    names o = *t;
    for (size_t i = 0; i < t->n; i++) {
        t->s[i] = o.s[idx[i]];
        t->count[i] = o.count[idx[i]];
    }
}

static void *xcalloc(size_t n, size_t k)
{
    void *p = calloc(n ? n : 1, k);
    if (!p) {
        fprintf(stderr, "train_syntax: out of memory\n");
        exit(1);
    }
    return p;
}

static px_slice joint(px_slice u, px_slice x, uint8_t *buf)
{
    memcpy(buf, u.ptr, u.len);
    buf[u.len] = '\t';
    memcpy(buf + u.len + 1, x.ptr, x.len);
    return (px_slice){buf, u.len + 1 + x.len};
}

/* Reads sentences of files into *out; slices borrow the file buffers. */
static size_t read_bank(const char *path, tsent **out, size_t *nout, size_t *cap, uint8_t **keep)
{
    char err[PX_ERRMSG_SIZE];
    uint8_t *buf;
    size_t len;
    if (px__syn_read_file(path, &buf, &len, err)) {
        fprintf(stderr, "train_syntax: %s\n", err);
        exit(1);
    }
    *keep = buf;
    size_t pos = 0, line = 1, bad = 0;
    const uint8_t *block;
    size_t blen, first;
    px_conllu_sent cs;
    memset(&cs, 0, sizeof cs);
    while (px__conllu_next_block(buf, len, &pos, &line, &block, &blen, &first)) {
        if (px__conllu_parse(&cs, block, blen, first, err)) {
            fprintf(stderr, "train_syntax: %s: %s (sentence skipped)\n", path, err);
            bad++;
            continue;
        }
        int ok = 1;
        for (size_t i = 0; i < cs.n; i++)
            if (!cs.w[i].upos.ptr || !cs.w[i].xpos.ptr || !cs.w[i].deprel.ptr || cs.w[i].head < 0 ||
                !cs.w[i].lemma.ptr)
                ok = 0;
        if (!ok) {
            bad++;
            continue;
        }
        if (*nout == *cap) {
            *cap = *cap ? *cap * 2 : 1024;
            *out = realloc(*out, *cap * sizeof **out);
            if (!*out)
                exit(1);
        }
        tsent *t = &(*out)[(*nout)++];
        memset(t, 0, sizeof *t);
        size_t n = cs.n;
        t->n = n;
        t->w = xcalloc(n + 1, sizeof *t->w);
        t->gtag = xcalloc(n + 1, sizeof *t->gtag);
        t->ptag = xcalloc(n + 1, sizeof *t->ptag);
        t->ghead = xcalloc(n + 1, sizeof *t->ghead);
        t->phead = xcalloc(n + 1, sizeof *t->phead);
        t->grel = xcalloc(n + 1, sizeof *t->grel);
        t->lemma = xcalloc(n + 1, sizeof *t->lemma);
        t->upos = xcalloc(n + 1, sizeof *t->upos);
        t->xpos = xcalloc(n + 1, sizeof *t->xpos);
        t->deprel = xcalloc(n + 1, sizeof *t->deprel);
        for (size_t i = 0; i < n; i++) {
            const px_conllu_word *w = &cs.w[i];
            t->w[i] = (px_syn_word){w->form.ptr, (uint32_t)w->form.len};
            t->ghead[i] = w->head == 0 ? (int32_t)n : w->head - 1;
            t->lemma[i] = w->lemma;
            t->upos[i] = w->upos;
            t->xpos[i] = w->xpos;
            t->deprel[i] = w->deprel;
        }
    }
    px__conllu_sent_free(&cs);
    return bad;
}

/* ---- training tables: float weights, averaged ---- */

typedef struct ttab {
    uint32_t k;
    uint32_t cap, used; /* hash slots */
    uint32_t *keys, *cnt, *row;
    float *w, *u;
    uint32_t nrows, rowcap;
    uint32_t mincount;
} ttab;

static void ttab_init(ttab *t, uint32_t k, uint32_t mincount)
{
    memset(t, 0, sizeof *t);
    t->k = k;
    t->cap = 1 << 16;
    t->keys = xcalloc(t->cap, 4);
    t->cnt = xcalloc(t->cap, 4);
    t->row = xcalloc(t->cap, 4);
    t->mincount = mincount;
}

static void ttab_free(ttab *t)
{
    free(t->keys);
    free(t->cnt);
    free(t->row);
    free(t->w);
    free(t->u);
    memset(t, 0, sizeof *t);
}

static uint32_t tslot(const ttab *t, uint32_t key)
{
    uint32_t s = (key * 0x9E3779B1u) & (t->cap - 1);
    while (t->keys[s] && t->keys[s] != key)
        s = (s + 1) & (t->cap - 1);
    return s;
}

static void ttab_grow(ttab *t)
{
    ttab o = *t;
    t->cap *= 2;
    t->keys = xcalloc(t->cap, 4);
    t->cnt = xcalloc(t->cap, 4);
    t->row = xcalloc(t->cap, 4);
    for (uint32_t i = 0; i < o.cap; i++)
        if (o.keys[i]) {
            uint32_t s = tslot(t, o.keys[i]);
            t->keys[s] = o.keys[i];
            t->cnt[s] = o.cnt[i];
            t->row[s] = o.row[i];
        }
    free(o.keys);
    free(o.cnt);
    free(o.row);
}

/* Adds the weights of f into sc (k floats); counts occurrences when count. */
static void ttab_score(ttab *t, const uint32_t *f, size_t nf, float *sc, int count)
{
    for (size_t j = 0; j < nf; j++) {
        uint32_t s = tslot(t, f[j]);
        if (!t->keys[s]) {
            if (!count)
                continue;
            if ((t->used + 1) * 2 > t->cap) {
                ttab_grow(t);
                s = tslot(t, f[j]);
            }
            t->keys[s] = f[j];
            t->used++;
        }
        if (count && t->cnt[s] < UINT32_MAX)
            t->cnt[s]++;
        uint32_t r = t->row[s];
        if (r) {
            const float *w = t->w + (size_t)(r - 1) * t->k;
            for (uint32_t c = 0; c < t->k; c++)
                sc[c] += w[c];
        }
    }
}

static void
ttab_update(ttab *t, const uint32_t *f, size_t nf, uint32_t cls, float delta, double time)
{
    for (size_t j = 0; j < nf; j++) {
        uint32_t s = tslot(t, f[j]);
        if (!t->keys[s] || t->cnt[s] < t->mincount)
            continue;
        if (!t->row[s]) {
            if (t->nrows == t->rowcap) {
                t->rowcap = t->rowcap ? t->rowcap * 2 : 4096;
                t->w = realloc(t->w, (size_t)t->rowcap * t->k * sizeof *t->w);
                t->u = realloc(t->u, (size_t)t->rowcap * t->k * sizeof *t->u);
                if (!t->w || !t->u)
                    exit(1);
            }
            memset(t->w + (size_t)t->nrows * t->k, 0, t->k * sizeof *t->w);
            memset(t->u + (size_t)t->nrows * t->k, 0, t->k * sizeof *t->u);
            t->row[s] = ++t->nrows;
        }
        size_t at = (size_t)(t->row[s] - 1) * t->k + cls;
        t->w[at] += delta;
        t->u[at] += (float)(time * delta);
    }
}

typedef struct exrow {
    uint32_t key;
    float score;
    uint32_t row;
} exrow;

static int cmp_exrow(const void *a, const void *b)
{
    const exrow *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_exkey(const void *a, const void *b)
{
    const exrow *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static void put32(px_buf *b, uint32_t v)
{
    uint8_t q[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    if (px_buf_append(b, q, 4))
        exit(1);
}

static void put16(px_buf *b, uint16_t v)
{
    uint8_t q[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    if (px_buf_append(b, q, 2))
        exit(1);
}

/* Averages, keeps the maxfeat rows of largest weight, quantizes to int16 and
 * appends the table; also builds the run-time table into rt (if not NULL). */
static void ttab_export(ttab *t, double time, uint32_t maxfeat, px_buf *out, px_syn_table *rt)
{
    uint32_t k = t->k;
    exrow *rows = xcalloc(t->nrows + 1, sizeof *rows);
    float *avg = xcalloc((size_t)t->nrows * k + 1, sizeof *avg);
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->cap; i++) {
        if (!t->keys[i] || !t->row[i])
            continue;
        uint32_t r = t->row[i] - 1;
        float sum = 0;
        for (uint32_t c = 0; c < k; c++) {
            float a = t->w[(size_t)r * k + c] - (float)(t->u[(size_t)r * k + c] / time);
            avg[(size_t)r * k + c] = a;
            sum += fabsf(a);
        }
        if (sum > 0)
            rows[n++] = (exrow){t->keys[i], sum, r};
    }
    qsort(rows, n, sizeof *rows, cmp_exrow);
    if (n > maxfeat)
        n = maxfeat;
    qsort(rows, n, sizeof *rows, cmp_exkey);
    float mx = 1e-9f;
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t c = 0; c < k; c++)
            mx = fmaxf(mx, fabsf(avg[(size_t)rows[i].row * k + c]));
    float scale = mx / 32767.0f;
    put32(out, k);
    put32(out, n);
    uint32_t sb;
    memcpy(&sb, &scale, 4);
    put32(out, sb);
    uint32_t *keys = xcalloc(n + 1, 4);
    int16_t *q = xcalloc((size_t)n * k + 1, 2);
    for (uint32_t i = 0; i < n; i++) {
        put32(out, rows[i].key);
        keys[i] = rows[i].key;
        for (uint32_t c = 0; c < k; c++) {
            long v = lrintf(avg[(size_t)rows[i].row * k + c] / scale);
            v = v > 32767 ? 32767 : v < -32767 ? -32767 : v;
            q[(size_t)i * k + c] = (int16_t)v;
            put16(out, (uint16_t)(int16_t)v);
        }
    }
    if (rt && px__syn_table_build(rt, k, n, scale, keys, q))
        exit(1);
    free(keys);
    free(q);
    free(rows);
    free(avg);
}

/* ---- deterministic random numbers ---- */

static uint64_t rng_state = 1;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static void shuffle(size_t *idx, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rnd() % i);
        size_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}

/* ---- tagger ---- */

typedef struct opts {
    int tag_epochs, parse_epochs, folds;
    uint32_t tag_feats, act_feats, lab_feats;
    uint64_t seed;
} opts;

static size_t ntags_g, nrels_g;
static int root_g;
static px_syn_map dict_g;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The tag dictionary: words seen at least 20 times, 99.5 % with one tag. */
static uint32_t make_dict(tsent *S, size_t ns, px_syn_scratch *sc, px_syn_kv **kvout)
{
    size_t total = 0;
    for (size_t i = 0; i < ns; i++)
        total += S[i].n;
    uint64_t *pairs = xcalloc(total + 1, sizeof *pairs);
    size_t np = 0;
    for (size_t i = 0; i < ns; i++) {
        if (px__syn_prepare(sc, S[i].w, S[i].n))
            exit(1);
        for (size_t j = 0; j < S[i].n; j++)
            pairs[np++] = (uint64_t)px__syn_dict_key(sc, j) << 16 | S[i].gtag[j];
    }
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    px_syn_kv *kv = xcalloc(np + 1, sizeof *kv);
    uint32_t nkv = 0;
    for (size_t a = 0; a < np;) {
        uint64_t key = pairs[a] >> 16;
        size_t b = a, best = 0, bestn = 0;
        while (b < np && pairs[b] >> 16 == key) {
            size_t c = b;
            while (c < np && pairs[c] == pairs[b])
                c++;
            if (c - b > bestn)
                bestn = c - b, best = b;
            b = c;
        }
        if (b - a >= 20 && (double)bestn >= 0.995 * (double)(b - a))
            kv[nkv++] = (px_syn_kv){(uint32_t)key, (uint32_t)(pairs[best] & 0xffff)};
        a = b;
    }
    free(pairs);
    *kvout = kv;
    return nkv;
}

static int in_dict(const px_syn_scratch *sc, size_t j, uint32_t *tag)
{
    return px__syn_map_get(&dict_g, px__syn_dict_key(sc, j), tag);
}

/* Trains a tagger on the sentences idx[0..n); exports into out/rt when given. */
static void train_tagger(ttab *t,
                         tsent *S,
                         const size_t *idx0,
                         size_t n,
                         int epochs,
                         px_syn_scratch *sc,
                         double *time_out)
{
    size_t *idx = xcalloc(n + 1, sizeof *idx);
    memcpy(idx, idx0, n * sizeof *idx);
    ttab_init(t, (uint32_t)ntags_g, 2);
    double time = 1;
    float sco[PX_SYN_MAXTAGS];
    uint32_t f[PX_SYN_MAXFEATS];
    uint16_t tags[PX_SYN_MAXW * 4];
    for (int ep = 0; ep < epochs; ep++) {
        shuffle(idx, n);
        size_t right = 0, all = 0;
        for (size_t q = 0; q < n; q++) {
            tsent *s = &S[idx[q]];
            if (s->n > sizeof tags / sizeof *tags || px__syn_prepare(sc, s->w, s->n))
                continue;
            for (size_t j = 0; j < s->n; j++) {
                uint32_t dt;
                if (in_dict(sc, j, &dt)) {
                    tags[j] = (uint16_t)dt;
                    continue;
                }
                int t1 = j > 0 ? tags[j - 1] : (int)ntags_g,
                    t2 = j > 1 ? tags[j - 2] : (int)ntags_g;
                size_t nf = px__syn_tag_features(sc, s->n, j, t1, t2, f);
                memset(sco, 0, sizeof sco);
                ttab_score(t, f, nf, sco, ep == 0);
                uint32_t best = 0;
                for (uint32_t c = 1; c < ntags_g; c++)
                    if (sco[c] > sco[best])
                        best = c;
                if (best != s->gtag[j]) {
                    ttab_update(t, f, nf, s->gtag[j], 1, time);
                    ttab_update(t, f, nf, best, -1, time);
                } else
                    right++;
                all++;
                time++;
                tags[j] = (uint16_t)best;
            }
        }
        fprintf(stderr, "  tagger epoch %d: train accuracy %.4f (classified words)\n", ep + 1,
                all ? (double)right / (double)all : 0.0);
    }
    *time_out = time;
    free(idx);
}

/* ---- lemma rules ---- */

typedef struct rules {
    px_syn_rule *r;
    size_t n, cap;
} rules;

static uint32_t rule_id(rules *R, const px_syn_rule *x)
{
    for (size_t i = 0; i < R->n; i++)
        if (R->r[i].cut == x->cut && R->r[i].lower == x->lower && R->r[i].len == x->len &&
            !memcmp(R->r[i].add, x->add, x->len))
            return (uint32_t)i;
    if (R->n == R->cap) {
        R->cap = R->cap ? R->cap * 2 : 256;
        R->r = realloc(R->r, R->cap * sizeof *R->r);
        if (!R->r)
            exit(1);
    }
    R->r[R->n] = *x;
    return (uint32_t)R->n++;
}

/* The rule turning form into lemma (cheapest; ties prefer lower-casing). */
static int make_rule(px_slice form, px_slice lemma, px_syn_rule *out)
{
    uint8_t low[128];
    if (form.len > sizeof low)
        return 0;
    for (size_t i = 0; i < form.len; i++)
        low[i] =
            (form.ptr[i] >= 'A' && form.ptr[i] <= 'Z') ? (uint8_t)(form.ptr[i] | 32) : form.ptr[i];
    px_syn_rule best;
    int have = 0;
    for (int lower = 1; lower >= 0; lower--) {
        const uint8_t *base = lower ? low : form.ptr;
        size_t p = 0;
        while (p < form.len && p < lemma.len && base[p] == lemma.ptr[p])
            p++;
        size_t cut = form.len - p, add = lemma.len - p;
        if (cut > 255 || add > 31)
            continue;
        px_syn_rule r;
        memset(&r, 0, sizeof r);
        r.cut = (uint8_t)cut;
        r.lower = (uint8_t)lower;
        r.len = (uint8_t)add;
        memcpy(r.add, lemma.ptr + p, add);
        if (!have || (size_t)r.cut + r.len < (size_t)best.cut + best.len)
            best = r, have = 1;
    }
    if (have)
        *out = best;
    return have;
}

static uint32_t majority(uint64_t *pairs, size_t np, px_syn_kv *kv)
{
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    uint32_t nkv = 0;
    for (size_t a = 0; a < np;) {
        uint64_t key = pairs[a] >> 32;
        size_t b = a, best = a, bestn = 0;
        while (b < np && pairs[b] >> 32 == key) {
            size_t c = b;
            while (c < np && pairs[c] == pairs[b])
                c++;
            if (c - b > bestn)
                bestn = c - b, best = b;
            b = c;
        }
        kv[nkv++] = (px_syn_kv){(uint32_t)key, (uint32_t)(pairs[best] & 0xffffffff)};
        a = b;
    }
    return nkv;
}

static void learn_lemmas(tsent *S, size_t ns, px_buf *out, px_syn_model *m)
{
    rules R = {0};
    size_t total = 0;
    for (size_t i = 0; i < ns; i++)
        total += S[i].n;
    uint64_t *exc = xcalloc(total + 1, sizeof *exc);
    uint64_t *suf = xcalloc(total * 7 + 1, sizeof *suf);
    size_t ne = 0, nsf = 0;
    uint8_t low[128];
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < S[i].n; j++) {
            px_slice form = {S[i].w[j].p, S[i].w[j].n};
            px_syn_rule r;
            if (form.len > sizeof low || !make_rule(form, S[i].lemma[j], &r))
                continue;
            uint32_t id = rule_id(&R, &r);
            for (size_t c = 0; c < form.len; c++)
                low[c] = (form.ptr[c] >= 'A' && form.ptr[c] <= 'Z') ? (uint8_t)(form.ptr[c] | 32)
                                                                    : form.ptr[c];
            int tag = S[i].gtag[j];
            exc[ne++] = (uint64_t)px__syn_lemma_exc_key(low, form.len, tag) << 32 | id;
            for (size_t k = 0; k <= 6 && k <= form.len; k++)
                suf[nsf++] = (uint64_t)px__syn_lemma_suf_key(low, form.len, k, tag) << 32 | id;
        }
    px_syn_kv *ekv = xcalloc(ne + 1, sizeof *ekv), *skv = xcalloc(nsf + 1, sizeof *skv);
    uint32_t nekv = majority(exc, ne, ekv), nskv = majority(suf, nsf, skv);
    put32(out, (uint32_t)R.n);
    for (size_t i = 0; i < R.n; i++) {
        uint8_t h[3] = {R.r[i].cut, R.r[i].lower, R.r[i].len};
        if (px_buf_append(out, h, 3) || px_buf_append(out, R.r[i].add, R.r[i].len))
            exit(1);
    }
    put32(out, nekv);
    for (uint32_t i = 0; i < nekv; i++)
        put32(out, ekv[i].key), put32(out, ekv[i].val);
    put32(out, nskv);
    for (uint32_t i = 0; i < nskv; i++)
        put32(out, skv[i].key), put32(out, skv[i].val);
    fprintf(stderr, "lemmas: %zu rules, %u exceptions, %u suffixes\n", R.n, nekv, nskv);
    (void)m;
    free(R.r);
    free(exc);
    free(suf);
    free(ekv);
    free(skv);
}

/* ---- parser ---- */

/* Lifts non-projective arcs (shortest first) until the tree is projective. */
static void projectivize(tsent *s)
{
    size_t n = s->n;
    memcpy(s->phead, s->ghead, n * sizeof *s->phead);
    for (int iter = 0; iter < 1000; iter++) {
        size_t best = SIZE_MAX, bestlen = SIZE_MAX;
        for (size_t d = 0; d < n; d++) {
            int32_t h = s->phead[d];
            if (h == (int32_t)n)
                continue;
            size_t lo = (size_t)(h < (int32_t)d ? h : (int32_t)d),
                   hi = (size_t)(h < (int32_t)d ? (int32_t)d : h);
            int proj = 1;
            for (size_t k = lo + 1; k < hi && proj; k++) {
                int32_t a = (int32_t)k;
                int steps = 0;
                while (a != h && a != (int32_t)n && steps++ <= (int)n)
                    a = s->phead[a];
                if (a != h)
                    proj = 0;
            }
            if (!proj && hi - lo < bestlen)
                best = d, bestlen = hi - lo;
        }
        if (best == SIZE_MAX)
            return;
        s->phead[best] = s->phead[s->phead[best]];
    }
}

static int valid_tree(const tsent *s)
{
    size_t roots = 0;
    for (size_t d = 0; d < s->n; d++) {
        if (s->ghead[d] == (int32_t)s->n) {
            roots++;
            continue;
        }
        int32_t a = (int32_t)d;
        size_t steps = 0;
        while (a != (int32_t)s->n && steps++ <= s->n)
            a = s->ghead[a];
        if (a != (int32_t)s->n)
            return 0;
    }
    return roots == 1;
}

static int in_stack(const px_syn_state *c, int32_t x, int skip_top)
{
    size_t top = c->sp - (skip_top && c->sp ? 1 : 0);
    for (size_t i = 0; i < top; i++)
        if (c->st[i] == x)
            return 1;
    return 0;
}

static int cost(const px_syn_state *c, int a, const int32_t *gh)
{
    int32_t n = (int32_t)c->n, b0 = (int32_t)c->b;
    int k = 0;
    if (a == PX_SYN_SHIFT) {
        for (size_t i = 0; i < c->sp; i++)
            k += gh[c->st[i]] == b0;
        if (b0 < n && in_stack(c, gh[b0], 1))
            k++;
        return k;
    }
    int32_t s0 = c->st[c->sp - 1];
    for (int32_t x = b0; x < n; x++)
        k += gh[x] == s0;
    if (a == PX_SYN_LEFT) {
        int32_t s1 = c->sp > 1 ? c->st[c->sp - 2] : -1;
        if (gh[s0] != b0 && ((s1 >= 0 && gh[s0] == s1) || gh[s0] > b0))
            k++;
    } else {
        int32_t s1 = c->st[c->sp - 2];
        if (gh[s0] != s1 && gh[s0] >= b0)
            k++;
    }
    return k;
}

static void train_parser(ttab *A,
                         ttab *Lb,
                         tsent *S,
                         size_t ns,
                         const opts *o,
                         px_syn_scratch *sc,
                         double *tA,
                         double *tL)
{
    size_t *idx = xcalloc(ns + 1, sizeof *idx);
    size_t m = 0;
    for (size_t i = 0; i < ns; i++)
        if (S[i].n <= PX_SYN_MAXW && valid_tree(&S[i])) {
            projectivize(&S[i]);
            idx[m++] = i;
        }
    ttab_init(A, 3, 1);
    ttab_init(Lb, (uint32_t)nrels_g, 2);
    double timeA = 1, timeL = 1;
    uint32_t f[PX_SYN_MAXFEATS];
    int32_t head[PX_SYN_MAXW + 2];
    uint8_t rel[PX_SYN_MAXW + 2];
    float lsc[PX_SYN_MAXRELS];
    for (int ep = 0; ep < o->parse_epochs; ep++) {
        shuffle(idx, m);
        size_t good = 0, all = 0;
        for (size_t q = 0; q < m; q++) {
            tsent *s = &S[idx[q]];
            if (px__syn_prepare(sc, s->w, s->n))
                exit(1);
            px_syn_state c;
            px__syn_state_init(&c, sc, s->n, s->ptag, head, rel);
            while (!px__syn_done(&c)) {
                size_t nf = px__syn_action_features(&c, f);
                float a3[3] = {0, 0, 0};
                ttab_score(A, f, nf, a3, 1);
                int pred = -1, gold = -1, cst[3];
                for (int a = 0; a < 3; a++) {
                    if (!px__syn_valid(&c, a))
                        continue;
                    cst[a] = cost(&c, a, s->phead);
                    if (pred < 0 || a3[a] > a3[pred])
                        pred = a;
                    if (cst[a] == 0 && (gold < 0 || a3[a] > a3[gold]))
                        gold = a;
                }
                if (gold < 0) /* no zero-cost action: take the cheapest */
                    for (int a = 0; a < 3; a++)
                        if (px__syn_valid(&c, a) && (gold < 0 || cst[a] < cst[gold]))
                            gold = a;
                int next = gold;
                if (cst[pred] > cst[gold]) {
                    ttab_update(A, f, nf, (uint32_t)gold, 1, timeA);
                    ttab_update(A, f, nf, (uint32_t)pred, -1, timeA);
                    if (ep > 0 && (rnd() % 1000) < 900)
                        next = pred;
                } else
                    next = pred;
                timeA++;
                int r = 0;
                if (next != PX_SYN_SHIFT) {
                    int32_t d = c.st[c.sp - 1];
                    int32_t h = next == PX_SYN_LEFT ? (int32_t)c.b : c.st[c.sp - 2];
                    if (h == (int32_t)s->n) {
                        r = s->grel[d];
                    } else {
                        nf = px__syn_label_features(&c, next, f);
                        memset(lsc, 0, sizeof lsc);
                        ttab_score(Lb, f, nf, lsc, 1);
                        int bl = -1;
                        for (uint32_t l = 0; l < nrels_g; l++)
                            if ((int)l != root_g && (bl < 0 || lsc[l] > lsc[bl]))
                                bl = (int)l;
                        r = bl;
                        if (s->phead[d] == h) {
                            if (bl != s->grel[d]) {
                                ttab_update(Lb, f, nf, s->grel[d], 1, timeL);
                                ttab_update(Lb, f, nf, (uint32_t)bl, -1, timeL);
                            }
                            r = s->grel[d];
                            timeL++;
                        }
                    }
                }
                px__syn_apply(&c, next, r);
            }
            for (size_t i = 0; i < s->n; i++) {
                all++;
                good += head[i] == s->ghead[i];
            }
        }
        fprintf(stderr, "  parser epoch %d: train UAS %.4f\n", ep + 1,
                all ? (double)good / (double)all : 0.0);
    }
    *tA = timeA;
    *tL = timeL;
    free(idx);
}

/* ---- main ---- */

static void usage(void)
{
    fprintf(stderr, "usage: train_syntax [-e N] [-p N] [-k N] [-s SEED] [-F N] [-A N] [-L N] "
                    "-o OUT train.conllu...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    opts o = {8, 12, 4, 80000, 1000000, 100000, 1};
    const char *outp = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (i + 1 >= argc)
            usage();
        char c = argv[i][1];
        const char *v = argv[++i];
        if (c == 'e')
            o.tag_epochs = atoi(v);
        else if (c == 'p')
            o.parse_epochs = atoi(v);
        else if (c == 'k')
            o.folds = atoi(v);
        else if (c == 's')
            o.seed = strtoull(v, NULL, 10);
        else if (c == 'F')
            o.tag_feats = (uint32_t)atol(v);
        else if (c == 'A')
            o.act_feats = (uint32_t)atol(v);
        else if (c == 'L')
            o.lab_feats = (uint32_t)atol(v);
        else if (c == 'o')
            outp = v;
        else
            usage();
    }
    if (!outp || i >= argc)
        usage();
    rng_state = o.seed * 0x9E3779B97F4A7C15ULL + 88172645463325252ULL;
    tsent *S = NULL;
    size_t ns = 0, cap = 0;
    uint8_t *bufs[16];
    int nb = 0;
    for (; i < argc && nb < 16; i++) {
        size_t bad = read_bank(argv[i], &S, &ns, &cap, &bufs[nb++]);
        fprintf(stderr, "%s: %zu sentences so far, %zu skipped\n", argv[i], ns, bad);
    }
    /* tags and relations */
    static names T = {.max = PX_SYN_MAXTAGS}, R = {.max = PX_SYN_MAXRELS};
    static uint8_t jbuf[1 << 16];
    size_t jat = 0;
    for (size_t a = 0; a < ns; a++)
        for (size_t j = 0; j < S[a].n; j++) {
            if (S[a].upos[j].len + S[a].xpos[j].len + 1 > 250) {
                fprintf(stderr, "train_syntax: tag too long\n");
                return 1;
            }
            uint8_t tmp[256];
            px_slice js = joint(S[a].upos[j], S[a].xpos[j], tmp);
            if (name_find(&T, js) < 0) {
                if (jat + js.len > sizeof jbuf)
                    return 1;
                memcpy(jbuf + jat, js.ptr, js.len);
                js.ptr = jbuf + jat;
                jat += js.len;
            }
            if (name_add(&T, js) < 0 || name_add(&R, S[a].deprel[j]) < 0) {
                fprintf(stderr, "train_syntax: too many tags or relations\n");
                return 1;
            }
        }
    name_sort(&T);
    name_sort(&R);
    ntags_g = T.n;
    nrels_g = R.n;
    for (size_t a = 0; a < ns; a++)
        for (size_t j = 0; j < S[a].n; j++) {
            uint8_t tmp[256];
            S[a].gtag[j] = (uint16_t)name_find(&T, joint(S[a].upos[j], S[a].xpos[j], tmp));
            S[a].grel[j] = (uint8_t)name_find(&R, S[a].deprel[j]);
        }
    root_g = name_find(&R, PX_SLICE_LIT("root"));
    fprintf(stderr, "%zu tags, %zu relations\n", T.n, R.n);

    px_buf out;
    px_buf_init(&out, 0);
    if (px_buf_append(&out, "PXSYN001", 8))
        return 1;
    put32(&out, (uint32_t)T.n);
    for (size_t a = 0; a < T.n; a++) {
        uint8_t l = (uint8_t)T.s[a].len;
        if (px_buf_append(&out, &l, 1) || px_buf_append(&out, T.s[a].ptr, l))
            return 1;
    }
    put32(&out, (uint32_t)R.n);
    for (size_t a = 0; a < R.n; a++) {
        uint8_t l = (uint8_t)R.s[a].len;
        if (px_buf_append(&out, &l, 1) || px_buf_append(&out, R.s[a].ptr, l))
            return 1;
    }

    px_syn_scratch sc;
    memset(&sc, 0, sizeof sc);
    px_syn_kv *dkv;
    uint32_t ndkv = make_dict(S, ns, &sc, &dkv);
    if (px__syn_map_build(&dict_g, dkv, ndkv))
        return 1;
    fprintf(stderr, "tag dictionary: %u words\n", ndkv);

    /* jackknifed tags for the parser */
    size_t *idx = xcalloc(ns + 1, sizeof *idx);
    px_syn_model tm;
    memset(&tm, 0, sizeof tm);
    tm.ntags = (uint32_t)T.n;
    tm.dict = dict_g;
    for (int fold = 0; fold < o.folds; fold++) {
        size_t m = 0;
        for (size_t a = 0; a < ns; a++)
            if ((int)(a % (size_t)o.folds) != fold)
                idx[m++] = a;
        ttab t;
        double time;
        fprintf(stderr, "fold %d/%d\n", fold + 1, o.folds);
        train_tagger(&t, S, idx, m, o.tag_epochs, &sc, &time);
        px_buf junk;
        px_buf_init(&junk, 0);
        ttab_export(&t, time, o.tag_feats, &junk, &tm.tagger);
        px_buf_free(&junk);
        ttab_free(&t);
        size_t right = 0, all = 0;
        for (size_t a = fold; a < ns; a += (size_t)o.folds) {
            if (px__syn_prepare(&sc, S[a].w, S[a].n))
                return 1;
            px__syn_tag(&tm, &sc, S[a].n, S[a].ptag);
            for (size_t j = 0; j < S[a].n; j++)
                right += S[a].ptag[j] == S[a].gtag[j], all++;
        }
        fprintf(stderr, "  held-out tag accuracy %.4f\n", (double)right / (double)all);
        px__syn_table_free(&tm.tagger);
    }
    if (o.folds <= 1)
        for (size_t a = 0; a < ns; a++)
            memcpy(S[a].ptag, S[a].gtag, S[a].n * sizeof *S[a].ptag);

    /* the tagger on everything */
    for (size_t a = 0; a < ns; a++)
        idx[a] = a;
    ttab t;
    double time;
    fprintf(stderr, "tagger on all sentences\n");
    train_tagger(&t, S, idx, ns, o.tag_epochs, &sc, &time);
    ttab_export(&t, time, o.tag_feats, &out, NULL);
    ttab_free(&t);
    put32(&out, ndkv);
    for (uint32_t a = 0; a < ndkv; a++)
        put32(&out, dkv[a].key), put16(&out, (uint16_t)dkv[a].val);
    learn_lemmas(S, ns, &out, NULL);

    ttab A, Lb;
    double tA, tL;
    fprintf(stderr, "parser\n");
    train_parser(&A, &Lb, S, ns, &o, &sc, &tA, &tL);
    ttab_export(&A, tA, o.act_feats, &out, NULL);
    ttab_export(&Lb, tL, o.lab_feats, &out, NULL);
    fprintf(stderr, "features: actions %u rows, labels %u rows\n", A.nrows, Lb.nrows);
    ttab_free(&A);
    ttab_free(&Lb);

    FILE *fo = fopen(outp, "wb");
    if (!fo || fwrite(out.ptr, 1, out.len, fo) != out.len || fclose(fo)) {
        fprintf(stderr, "train_syntax: cannot write %s\n", outp);
        return 1;
    }
    fprintf(stderr, "wrote %s (%zu bytes)\n", outp, out.len);
    px_buf_free(&out);
    px__syn_scratch_free(&sc);
    px__syn_map_free(&dict_g);
    free(dkv);
    free(idx);
    for (size_t a = 0; a < ns; a++) {
        free(S[a].w), free(S[a].gtag), free(S[a].ptag), free(S[a].ghead), free(S[a].phead);
        free(S[a].grel), free(S[a].lemma), free(S[a].upos), free(S[a].xpos), free(S[a].deprel);
    }
    free(S);
    for (int b = 0; b < nb; b++)
        px__free(bufs[b]);
    return 0;
}
