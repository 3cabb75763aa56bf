/* The syntax trainer's shared parts (see train_syntax.h): treebank reading,
 * training tables, random numbers, lemma rules. */
#include <math.h>
#include <string.h>

#include "train_syntax.h"

/* ---- treebank in memory ---- */

int name_find(const names *t, px_slice s)
{
    for (size_t i = 0; i < t->n; i++)
        if (px_slice_eq(t->s[i], s))
            return (int)i;
    return -1;
}

int name_add(names *t, px_slice s)
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
void name_sort(names *t)
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

void *xcalloc(size_t n, size_t k)
{
    void *p = calloc(n ? n : 1, k);
    if (!p) {
        fprintf(stderr, "train_syntax: out of memory\n");
        exit(1);
    }
    return p;
}

px_slice joint(px_slice u, px_slice x, uint8_t *buf)
{
    memcpy(buf, u.ptr, u.len);
    buf[u.len] = '\t';
    memcpy(buf + u.len + 1, x.ptr, x.len);
    return (px_slice){buf, u.len + 1 + x.len};
}

/* Reads sentences of files into *out; slices borrow the file buffers. */
size_t read_bank(const char *path, tsent **out, size_t *nout, size_t *cap, uint8_t **keep)
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

void ttab_init(ttab *t, uint32_t k, uint32_t mincount)
{
    memset(t, 0, sizeof *t);
    t->k = k;
    t->cap = 1 << 16;
    t->keys = xcalloc(t->cap, 4);
    t->cnt = xcalloc(t->cap, 4);
    t->row = xcalloc(t->cap, 4);
    t->mincount = mincount;
}

void ttab_free(ttab *t)
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
void ttab_score(ttab *t, const uint32_t *f, size_t nf, float *sc, int count)
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

void ttab_update(ttab *t, const uint32_t *f, size_t nf, uint32_t cls, float delta, double time)
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

void put32(px_buf *b, uint32_t v)
{
    uint8_t q[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    if (px_buf_append(b, q, 4))
        exit(1);
}

void put16(px_buf *b, uint16_t v)
{
    uint8_t q[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    if (px_buf_append(b, q, 2))
        exit(1);
}

/* Averages, keeps the maxfeat rows of largest weight, quantizes to int16 and
 * appends the table; also builds the run-time table into rt (if not NULL). */
void ttab_export(ttab *t, double time, uint32_t maxfeat, px_buf *out, px_syn_table *rt)
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

uint64_t rng_state = 1;
uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

void shuffle(size_t *idx, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rnd() % i);
        size_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
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

size_t
pair_group(const uint64_t *pairs, size_t np, size_t a, int shift, size_t *best, size_t *bestn)
{
    uint64_t key = pairs[a] >> shift;
    size_t b = a;
    *best = a;
    *bestn = 0;
    while (b < np && pairs[b] >> shift == key) {
        size_t c = b;
        while (c < np && pairs[c] == pairs[b])
            c++;
        if (c - b > *bestn)
            *bestn = c - b, *best = b;
        b = c;
    }
    return b;
}

static uint32_t majority(uint64_t *pairs, size_t np, px_syn_kv *kv)
{
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    uint32_t nkv = 0;
    for (size_t a = 0, b, best, bestn; a < np; a = b) {
        b = pair_group(pairs, np, a, 32, &best, &bestn);
        kv[nkv++] = (px_syn_kv){(uint32_t)(pairs[a] >> 32), (uint32_t)(pairs[best] & 0xffffffff)};
    }
    return nkv;
}

void learn_lemmas(tsent *S, size_t ns, px_buf *out)
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
    free(R.r);
    free(exc);
    free(suf);
    free(ekv);
    free(skv);
}

int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}
