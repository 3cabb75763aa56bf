/* Named-entity tagger: feature extraction, model loading, Viterbi decoding,
 * and the CoNLL reader. See ner.h. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "annotate/ner.h"

/* NPRE: per-word hashes: key, raw, shape, prefix pack, suffix pack, flags,
 * class, history */
#define NL   PX_NER_NLABELS
#define NPRE 8

/* One open-addressing slot: the feature hash (0: empty) and its weights, in
 * one cache line fetch. */
typedef struct slot {
    uint32_t key;
    int16_t w[NL];
    int16_t pad;
} slot;

struct px_ner_model {
    uint32_t mask; /* slots - 1 */
    uint32_t nfeat;
    int gaz;  /* trained with gazetteer bits */
    int cls;  /* trained with word classes */
    int hist; /* trained with the prediction history */
    slot *slots;
    int32_t trans[NL + 1][NL]; /* from (0: start, 1+l) to label; INT_MIN/4 forbidden */
    float scale;
};

static const char *const LABELS[NL] = {"O",     "B-PER", "I-PER",  "B-ORG", "I-ORG",
                                       "B-LOC", "I-LOC", "B-MISC", "I-MISC"};

const char *px__ner_label_name(int label)
{
    return label >= 0 && label < NL ? LABELS[label] : "O";
}

int px__ner_label_parse(const uint8_t *s, size_t n)
{
    for (int i = 0; i < NL; i++)
        if (strlen(LABELS[i]) == n && memcmp(LABELS[i], s, n) == 0)
            return i;
    return -1;
}

/* ---- features ---- */

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 29;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 32;
    return x;
}

static uint32_t feat(uint32_t tmpl, uint64_t h)
{
    uint32_t f = (uint32_t)(mix64(h + (uint64_t)tmpl * 0x9e3779b97f4a7c15ULL) >> 32);
    return f ? f : 1;
}

static uint64_t comb(uint64_t a, uint64_t b)
{
    return mix64(a * 0x9e3779b97f4a7c15ULL + b);
}

/* Character class of a code point for word shapes. */
static uint8_t shape_char(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return 'X';
    if (c >= 'a' && c <= 'z')
        return 'x';
    if (c >= '0' && c <= '9')
        return 'd';
    if (c < 0x80)
        return (uint8_t)c;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x410 && c <= 0x42F) ||
        (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x40F))
        return 'X';
    if (c >= 0x100 && c <= 0x17F)
        return (c & 1) ? 'x' : 'X';
    return 'x';
}

/* Collapsed shape hash and flag bits of a raw word. */
static void shape_of(const uint8_t *p, size_t n, uint64_t *hash, uint64_t *flags)
{
    uint8_t last = 0;
    uint64_t h = 77;
    unsigned nup = 0, nlow = 0, ndig = 0, nother = 0, first_up = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c = p[i];
        int len = 1;
        if (c >= 0x80) {
            size_t v = px__utf8_valid_prefix(p + i, n - i < 4 ? n - i : 4);
            if (v == 0) {
                i++;
                continue;
            }
            c = px__utf8_decode(p + i, n - i, &len);
        }
        uint8_t s = shape_char(c);
        if (s == 'X')
            nup++, first_up |= (i == 0);
        else if (s == 'x')
            nlow++;
        else if (s == 'd')
            ndig++;
        else
            nother++;
        if (s != last)
            h = h * 0x100000001b3ULL + s;
        last = s;
        i += (size_t)len;
    }
    *hash = mix64(h);
    uint64_t fl = 0;
    fl |= first_up ? 1 : 0;
    fl |= (nup > 1 && nlow == 0) ? 2 : 0;
    fl |= ndig ? 4 : 0;
    fl |= (ndig && !nup && !nlow) ? 8 : 0;
    fl |= (nup && nlow && !first_up) ? 16 : 0;
    fl |= (n == 1) ? 32 : 0;
    fl |= (nother && (nup || nlow)) ? 64 : 0;
    *flags = fl;
}

int px__ner_upper1(const uint8_t *p, size_t n)
{
    uint64_t h, fl;
    shape_of(p, n, &h, &fl);
    return (int)(fl & 1);
}

void px__ner_prepare(const px_ner_word *w, size_t n, uint64_t *pre)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t *p = pre + i * NPRE;
        p[0] = w[i].key_hash;
        shape_of(w[i].raw, w[i].raw_len, &p[2], &p[5]);
        p[1] = comb(p[0], p[2]); /* the word as written: key and shape */
        uint64_t pk = 0, sk = 0;
        size_t kl = w[i].key_len;
        for (size_t j = 0; j < 4 && j < kl; j++)
            pk |= (uint64_t)w[i].key[j] << (8 * j);
        for (size_t j = 0; j < 4 && j < kl; j++)
            sk |= (uint64_t)w[i].key[kl - 1 - j] << (8 * j);
        p[3] = pk | (uint64_t)(kl < 4 ? kl : 4) << 32;
        p[4] = sk | (uint64_t)(kl < 4 ? kl : 4) << 32;
        p[6] = w[i].cls;
        p[7] = w[i].hist;
    }
}

#define BOS_H 0x1234567ULL
#define EOS_H 0x7654321ULL

/* Features of word i alone (the same wherever the word occurs). */
static size_t word_features(const px_ner_word *w, const uint64_t *c, uint32_t *out)
{
    size_t k = 0;
    out[k++] = feat(2, c[0]);
    out[k++] = feat(7, c[1]);
    out[k++] = feat(8, c[2]);
    for (unsigned j = 1; j <= 4; j++) {
        size_t kl = w->key_len;
        if (kl <= j)
            break;
        uint64_t m = j == 4 ? 0xffffffffULL : ((1ULL << (8 * j)) - 1);
        out[k++] = feat(10 + j, c[3] & m);
        out[k++] = feat(14 + j, c[4] & m);
    }
    out[k++] = feat(24, w->raw_len < 12 ? w->raw_len : 12);
    out[k++] = feat(25, c[5]);
    if (w->gaz) {
        out[k++] = feat(32, w->gaz);
        out[k++] = feat(33, comb(w->gaz, c[5] & 1));
    }
    if (c[6]) {
        out[k++] = feat(40, c[6]);
        out[k++] = feat(41, comb(c[6], c[5] & 3));
    }
    return k;
}

size_t px__ner_hist_features(uint32_t code, int upper, uint32_t *out)
{
    /* also for a word never tagged before (code 0): a first mention */
    out[0] = feat(51, comb(code, (uint64_t)(upper != 0)));
    if (!code)
        return 1;
    out[1] = feat(50, code);
    return 2;
}

/* Features of word i in its context. */
static size_t context_features(const uint64_t *pre, size_t n, size_t i, uint32_t *out)
{
    size_t k = 0;
    const uint64_t *c = pre + i * NPRE;
    const uint64_t *pv = i > 0 ? pre + (i - 1) * NPRE : NULL;
    const uint64_t *nx = i + 1 < n ? pre + (i + 1) * NPRE : NULL;
    uint64_t kp = pv ? pv[0] : BOS_H, kn = nx ? nx[0] : EOS_H;
    uint64_t kp2 = i > 1 ? pre[(i - 2) * NPRE] : BOS_H;
    uint64_t kn2 = i + 2 < n ? pre[(i + 2) * NPRE] : EOS_H;
    uint64_t sp = pv ? pv[2] : BOS_H, sn = nx ? nx[2] : EOS_H;
    out[k++] = feat(1, 0);
    out[k++] = feat(3, kp);
    out[k++] = feat(4, kn);
    out[k++] = feat(5, kp2);
    out[k++] = feat(6, kn2);
    out[k++] = feat(9, comb(comb(sp, c[2]), sn));
    out[k++] = feat(19, comb(kp, c[0]));
    out[k++] = feat(20, comb(c[0], kn));
    out[k++] = feat(23, comb(i == 0, c[5]));
    if (c[6] || (pv && pv[6]) || (nx && nx[6])) {
        /* word classes of the neighbours (0: none or unknown) */
        uint64_t cp = pv ? pv[6] : 999, cn = nx ? nx[6] : 999;
        out[k++] = feat(42, cp);
        out[k++] = feat(43, cn);
        out[k++] = feat(44, comb(cp, c[6]));
        out[k++] = feat(45, comb(c[6], cn));
    }
    return k + (c[7] ? px__ner_hist_features((uint32_t)c[7] - 1, (int)(c[5] & 1), out + k) : 0);
}

size_t
px__ner_features(const px_ner_word *w, const uint64_t *pre, size_t n, size_t i, uint32_t *out)
{
    size_t k = word_features(&w[i], pre + i * NPRE, out);
    return k + context_features(pre, n, i, out + k);
}

/* ---- model ---- */

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int16_t rd16(const uint8_t *p)
{
    return (int16_t)(uint16_t)((uint16_t)p[0] | (uint16_t)p[1] << 8);
}

#define FORBID (INT_MIN / 4)

static int allowed(int from, int to)
{
    /* from: 0 start, else 1 + label */
    if (to == 0 || PX_NER_IS_B(to))
        return 1;
    int pl = from - 1;
    return from > 0 && pl != 0 && PX_NER_TYPE(pl) == PX_NER_TYPE(to);
}

/* Cuckoo hashing: a feature lives in one of two slots, so a look-up reads
 * both without branching. */
static uint32_t pos1(const px_ner_model *m, uint32_t h)
{
    return (uint32_t)mix64(h) & m->mask;
}

static uint32_t pos2(const px_ner_model *m, uint32_t h)
{
    uint32_t a = pos1(m, h), b = (uint32_t)(mix64(h) >> 32) & m->mask;
    return a == b ? (b ^ 1) : b;
}

/* Inserts the features q[0..nfeat) into m->slots. Returns 0, 1 on a cuckoo
 * cycle (retry bigger), -1 on bad data. */
static int fill(px_ner_model *m, const uint8_t *q, uint32_t nfeat)
{
    for (uint32_t i = 0; i < nfeat; i++, q += 4 + NL * 2) {
        slot x;
        memset(&x, 0, sizeof x);
        x.key = rd32(q);
        if (!x.key)
            return -1;
        for (int l = 0; l < NL; l++)
            x.w[l] = rd16(q + 4 + 2 * l);
        uint32_t a = pos1(m, x.key), b = pos2(m, x.key);
        if (m->slots[a].key == x.key || m->slots[b].key == x.key) {
            slot *y = m->slots[a].key == x.key ? &m->slots[a] : &m->slots[b];
            for (int l = 0; l < NL; l++) /* a hash collision in training: add */
                y->w[l] = (int16_t)(y->w[l] + x.w[l]);
            continue;
        }
        uint32_t s = a;
        for (int kicks = 0;; kicks++) {
            if (!m->slots[s].key) {
                m->slots[s] = x;
                break;
            }
            if (kicks > 500)
                return 1;
            slot t = m->slots[s];
            m->slots[s] = x;
            x = t;
            s = pos1(m, x.key) == s ? pos2(m, x.key) : pos1(m, x.key);
        }
    }
    return 0;
}

px_status px__ner_load_mem(const uint8_t *p, size_t n, px_ner_model **out, char *errmsg)
{
    *out = NULL;
    size_t head = 8 + 12 + (NL + 1) * NL * 2;
    if (n < head || memcmp(p, "PXNER001", 8) != 0 || (rd32(p + 8) & 0xffff) != NL ||
        (rd32(p + 8) >> 16) > 7)
        return px__fail(errmsg, PX_EPARSE, "ner model: bad header");
    uint32_t nfeat = rd32(p + 12);
    if (nfeat > (1u << 24) || n != head + (size_t)nfeat * (4 + NL * 2))
        return px__fail(errmsg, PX_EPARSE, "ner model: bad size");
    px_ner_model *m = px__calloc(1, sizeof *m);
    if (!m)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    m->gaz = (int)(rd32(p + 8) >> 16) & 1;
    m->cls = (int)(rd32(p + 8) >> 17) & 1;
    m->hist = (int)(rd32(p + 8) >> 18) & 1;
    uint32_t sc = rd32(p + 16);
    memcpy(&m->scale, &sc, 4);
    const uint8_t *q = p + 20;
    for (int a = 0; a <= NL; a++)
        for (int b = 0; b < NL; b++, q += 2)
            m->trans[a][b] = allowed(a, b) ? rd16(q) : FORBID;
    uint32_t slots = 16;
    while (slots < (uint64_t)nfeat * 2 + 16) /* load factor below 1/2 */
        slots *= 2;
    m->nfeat = nfeat;
    for (;;) {
        m->mask = slots - 1;
        m->slots = px__calloc(slots, sizeof *m->slots);
        if (!m->slots) {
            px__ner_free(m);
            return px__fail(errmsg, PX_ENOMEM, "out of memory");
        }
        int st = fill(m, p + 20 + (NL + 1) * NL * 2, nfeat);
        if (st == 0)
            break;
        px__free(m->slots);
        m->slots = NULL;
        if (st < 0 || slots >= (1u << 28)) {
            px__ner_free(m);
            return px__fail(errmsg, PX_EPARSE, "ner model: bad feature table");
        }
        slots *= 2; /* a cuckoo cycle: retry in a bigger table */
    }
    *out = m;
    return PX_OK;
}

px_status px__ner_read_file(const char *path, uint8_t **out, size_t *len, char *errmsg)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return px__fail(errmsg, PX_EIO, "%s: %s", path, strerror(errno));
    px_buf b;
    px_buf_init(&b, 0);
    uint8_t tmp[65536];
    size_t r;
    px_status st = PX_OK;
    while (!st && (r = fread(tmp, 1, sizeof tmp, f)) > 0)
        st = px_buf_append(&b, tmp, r);
    if (!st && ferror(f))
        st = px__fail(errmsg, PX_EIO, "%s: read error", path);
    else if (st)
        px__fail(errmsg, st, "%s: %s", path, px_strerror(st));
    fclose(f);
    if (st) {
        px_buf_free(&b);
        return st;
    }
    if (!b.ptr && px_buf_reserve(&b, 1)) {
        px_buf_free(&b);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    *out = b.ptr;
    *len = b.len;
    return PX_OK;
}

px_status px__ner_load(const char *path, px_ner_model **out, char *errmsg)
{
    uint8_t *p;
    size_t n;
    px_status st = px__ner_read_file(path, &p, &n, errmsg);
    if (st)
        return st;
    char why[PX_ERRMSG_SIZE] = "";
    st = px__ner_load_mem(p, n, out, why);
    px__free(p);
    return st ? px__fail(errmsg, st, "%s: %s", path, why) : PX_OK;
}

void px__ner_free(px_ner_model *m)
{
    if (!m)
        return;
    px__free(m->slots);
    px__free(m);
}

int px__ner_uses_gazetteer(const px_ner_model *m)
{
    return m && m->gaz;
}

int px__ner_uses_classes(const px_ner_model *m)
{
    return m && m->cls;
}

int px__ner_uses_history(const px_ner_model *m)
{
    return m && m->hist;
}

/* ---- prediction history ---- */

void px__ner_hist_clear(px_ner_hist *h)
{
    if (h->used)
        memset(h->keys, 0, (h->mask + 1) * sizeof *h->keys);
    h->used = 0;
}

void px__ner_hist_free(px_ner_hist *h)
{
    px__free(h->keys);
    px__free(h->n);
    memset(h, 0, sizeof *h);
}

static size_t hist_slot(const px_ner_hist *h, uint64_t k)
{
    size_t s = (size_t)mix64(k) & h->mask;
    while (h->keys[s] && h->keys[s] != k)
        s = (s + 1) & h->mask;
    return s;
}

uint32_t px__ner_hist_code(const px_ner_hist *h, uint64_t key_hash)
{
    if (!h || !h->used)
        return 0;
    size_t s = hist_slot(h, key_hash | 1);
    if (!h->keys[s])
        return 0;
    const uint16_t *c = h->n[s];
    int best = 0;
    unsigned tot = c[0];
    for (int t = 1; t < 4; t++) {
        tot += c[t];
        if (c[t] > c[best])
            best = t;
    }
    return 1 + 2 * (uint32_t)best + (c[best] == tot);
}

static int hist_grow(px_ner_hist *h)
{
    size_t cap = h->mask ? 2 * (h->mask + 1) : 256;
    uint64_t *keys = px__calloc(cap, sizeof *keys);
    uint16_t(*n)[4] = px__malloc(cap * sizeof *n);
    if (!keys || !n) {
        px__free(keys);
        px__free(n);
        return -1;
    }
    px_ner_hist o = *h;
    h->keys = keys, h->n = n, h->mask = cap - 1;
    for (size_t i = 0; o.used && i <= o.mask; i++)
        if (o.keys[i]) {
            size_t s = hist_slot(h, o.keys[i]);
            h->keys[s] = o.keys[i];
            memcpy(h->n[s], o.n[i], sizeof *n);
        }
    px__free(o.keys);
    px__free(o.n);
    return 0;
}

px_status px__ner_hist_add(px_ner_hist *h, const px_ner_word *w, const uint8_t *labels, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!labels[i])
            continue; /* only what was tagged a name counts (an untagged
                       * first mention must not hold back the later ones) */
        if (2 * (h->used + 1) > h->mask && hist_grow(h))
            return PX_ENOMEM;
        uint64_t k = w[i].key_hash | 1;
        size_t s = hist_slot(h, k);
        if (!h->keys[s]) {
            h->keys[s] = k;
            memset(h->n[s], 0, sizeof h->n[s]);
            h->used++;
        }
        int t = PX_NER_TYPE(labels[i]);
        if (t && h->n[s][t - 1] < UINT16_MAX)
            h->n[s][t - 1]++;
    }
    return PX_OK;
}

/* Word classes by the 64-bit hash of the folded key (px_token.key_hash), in
 * open addressing: one probe per word, no second hash of its bytes. */
struct px_ner_classes {
    uint64_t *keys; /* 0: empty (a hash of 0 is stored as 1) */
    uint16_t *cls;
    size_t mask;
};

static size_t class_slot(const px_ner_classes *c, uint64_t h)
{
    size_t i = (size_t)(h ^ h >> 29) & c->mask;
    while (c->keys[i] && c->keys[i] != h)
        i = (i + 1) & c->mask;
    return i;
}

px_status px__ner_classes_load(const char *path, px_ner_classes **out, char *errmsg)
{
    *out = NULL;
    uint8_t *buf;
    size_t len;
    px_status st = px__ner_read_file(path, &buf, &len, errmsg);
    if (st)
        return st;
    size_t lines = 1, cap = 16;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    while (cap < lines * 2)
        cap *= 2;
    px_ner_classes *c = px__calloc(1, sizeof *c);
    if (c) {
        c->keys = px__calloc(cap, sizeof *c->keys);
        c->cls = px__calloc(cap, sizeof *c->cls);
        c->mask = cap - 1;
    }
    if (!c || !c->keys || !c->cls)
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
    size_t line = 0;
    for (size_t i = 0; !st && i < len;) {
        const uint8_t *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        line++;
        /* class TAB word TAB count */
        const uint8_t *p = buf + i, *t1 = memchr(p, '\t', e - i);
        const uint8_t *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(buf + e - t1 - 1)) : NULL;
        uint32_t cl = 0;
        const uint8_t *q = p;
        for (; t1 && q < t1 && *q >= '0' && *q <= '9' && cl < 65536; q++)
            cl = cl * 10 + (uint32_t)(*q - '0');
        if (!t1 || !t2 || q != t1 || q == p || cl >= 65535 || t2 == t1 + 1) {
            st = px__fail(errmsg, PX_EPARSE, "%s:%zu: want class, word and count", path, line);
            break;
        }
        uint64_t h = px__hash64(t1 + 1, (size_t)(t2 - t1 - 1), 0);
        h = h ? h : 1;
        size_t s = class_slot(c, h);
        if (!c->keys[s]) { /* the first line of a word wins */
            c->keys[s] = h;
            c->cls[s] = (uint16_t)(cl + 1);
        }
        i = e + 1;
    }
    px__free(buf);
    if (st) {
        px__ner_classes_free(c);
        return st;
    }
    *out = c;
    return PX_OK;
}

void px__ner_classes_free(px_ner_classes *c)
{
    if (!c)
        return;
    px__free(c->keys);
    px__free(c->cls);
    px__free(c);
}

uint32_t px__ner_class(const px_ner_classes *c, uint64_t key_hash)
{
    if (!c)
        return 0;
    return c->cls[class_slot(c, key_hash ? key_hash : 1)];
}

size_t px__ner_feature_count(const px_ner_model *m)
{
    return m ? m->nfeat : 0;
}

px_status px__ner_scratch_reserve(px_ner_scratch *s, size_t n)
{
    if (n <= s->cap)
        return PX_OK;
    size_t cap = s->cap ? s->cap : 64;
    while (cap < n)
        cap *= 2;
    int32_t *sc = px__realloc(s->score, cap * NL * sizeof *sc);
    if (!sc)
        return PX_ENOMEM;
    s->score = sc;
    uint8_t *bk = px__realloc(s->back, cap * NL);
    if (!bk)
        return PX_ENOMEM;
    s->back = bk;
    uint64_t *pr = px__realloc(s->pre, cap * NPRE * sizeof *pr);
    if (!pr)
        return PX_ENOMEM;
    s->pre = pr;
    s->cap = cap;
    if (!s->ckey) {
        s->ckey = px__calloc(PX_NER_CACHE, sizeof *s->ckey);
        s->csum = px__malloc(PX_NER_CACHE * NL * sizeof *s->csum);
        if (!s->ckey || !s->csum) {
            px__free(s->ckey);
            px__free(s->csum);
            s->ckey = NULL;
            s->csum = NULL;
            return PX_ENOMEM;
        }
    }
    return PX_OK;
}

void px__ner_scratch_free(px_ner_scratch *s)
{
    px__free(s->score);
    px__free(s->back);
    px__free(s->pre);
    px__free(s->ckey);
    px__free(s->csum);
    memset(s, 0, sizeof *s);
}

static void lookup(const px_ner_model *m, const uint32_t *fs, size_t nf, int32_t *sc)
{
    for (int l = 0; l < NL; l++)
        sc[l] = 0;
    for (size_t f = 0; f < nf; f++) {
        uint32_t h = fs[f];
        const slot *a = &m->slots[pos1(m, h)], *b = &m->slots[pos2(m, h)];
        int32_t ma = -(int32_t)(a->key == h), mb = -(int32_t)(b->key == h);
        for (int l = 0; l < NL; l++)
            sc[l] += ((int32_t)a->w[l] & ma) + ((int32_t)b->w[l] & mb);
    }
}

/* Emission scores. The word features' sum is cached by word (key, shape and
 * flags) in the scratch, as most words of a text recur; the slots of word
 * i+1's context features are prefetched while word i's are summed. */
static void emissions(const px_ner_model *m,
                      const px_ner_word *w,
                      size_t n,
                      const uint64_t *pre,
                      int32_t *score,
                      px_ner_scratch *s)
{
    uint32_t fs[2][PX_NER_MAX_FEATS], wf[PX_NER_MAX_FEATS];
    size_t nf[2];
    nf[0] = context_features(pre, n, 0, fs[0]);
    for (size_t i = 0; i < n; i++) {
        int cur = (int)(i & 1), nxt = cur ^ 1;
        if (i + 1 < n) {
            nf[nxt] = context_features(pre, n, i + 1, fs[nxt]);
            for (size_t f = 0; f < nf[nxt]; f++)
                __builtin_prefetch(&m->slots[pos1(m, fs[nxt][f])]);
        }
        int32_t *sc = score + i * NL;
        const uint64_t *c = pre + i * NPRE;
        uint64_t ck = mix64(c[1] ^ (c[5] * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)w[i].raw_len << 40) ^
                            ((uint64_t)w[i].gaz << 52)) |
                      1;
        size_t cs = (size_t)(ck >> 40) & (PX_NER_CACHE - 1);
        if (s->ckey && s->ckey[cs] == ck) {
            memcpy(sc, s->csum + cs * NL, NL * sizeof *sc);
        } else {
            lookup(m, wf, word_features(&w[i], c, wf), sc);
            if (s->ckey) {
                s->ckey[cs] = ck;
                memcpy(s->csum + cs * NL, sc, NL * sizeof *sc);
            }
        }
        int32_t ctx[NL];
        lookup(m, fs[cur], nf[cur], ctx);
        for (int l = 0; l < NL; l++)
            sc[l] += ctx[l];
    }
}

/* Viterbi over score (emissions, overwritten with path scores). I-X can only
 * follow B-X or I-X, so its best predecessor is one of those two. */
static void
viterbi(const int32_t (*trans)[NL], int32_t *score, uint8_t *back, size_t n, uint8_t *labels)
{
    for (int l = 0; l < NL; l++)
        score[l] = score[l] + trans[0][l] < FORBID ? FORBID : score[l] + trans[0][l];
    for (size_t i = 1; i < n; i++) {
        const int32_t *prev = score + (i - 1) * NL;
        int32_t *cur = score + i * NL;
        for (int l = 0; l < NL; l++) {
            int32_t best;
            int bl;
            if (PX_NER_IS_B(l) || l == 0) {
                best = prev[0] + trans[1][l];
                bl = 0;
                for (int p = 1; p < NL; p++) {
                    int32_t v = prev[p] + trans[p + 1][l];
                    if (v > best)
                        best = v, bl = p;
                }
            } else {
                int32_t vb = prev[l - 1] + trans[l][l], vi = prev[l] + trans[l + 1][l];
                best = vb >= vi ? vb : vi;
                bl = vb >= vi ? l - 1 : l;
            }
            if (best < FORBID)
                best = FORBID;
            cur[l] += best;
            back[i * NL + l] = (uint8_t)bl;
        }
        int32_t top = cur[0]; /* keep scores near 0: long sentences never overflow */
        for (int l = 1; l < NL; l++)
            top = cur[l] > top ? cur[l] : top;
        for (int l = 0; l < NL; l++)
            cur[l] = cur[l] - top < FORBID ? FORBID : cur[l] - top;
    }
    int bl = 0;
    for (int l = 1; l < NL; l++)
        if (score[(n - 1) * NL + l] > score[(n - 1) * NL + bl])
            bl = l;
    for (size_t i = n; i-- > 0;) {
        labels[i] = (uint8_t)bl;
        if (i > 0)
            bl = back[i * NL + bl];
    }
}

px_status px__ner_tag(
    const px_ner_model *m, const px_ner_word *w, size_t n, uint8_t *labels, px_ner_scratch *s)
{
    if (n == 0)
        return PX_OK;
    px_status st = px__ner_scratch_reserve(s, n);
    if (st)
        return st;
    px__ner_prepare(w, n, s->pre);
    emissions(m, w, n, s->pre, s->score, s);
    viterbi((const int32_t(*)[NL])m->trans, s->score, s->back, n, labels);
    return PX_OK;
}

/* ---- CoNLL reader ---- */

typedef struct conll_state {
    px_slice *words, *tags;
    size_t n, cap;
} conll_state;

static int flush(conll_state *cs, px_conll_fn fn, void *ud)
{
    if (!cs->n)
        return 0;
    px_conll_sent s = {cs->n, cs->words, cs->tags, 0};
    cs->n = 0;
    return fn(ud, &s);
}

static int push(conll_state *cs, px_slice w, px_slice t)
{
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 128;
        px_slice *a = px__realloc(cs->words, cap * sizeof *a);
        if (!a)
            return -1;
        cs->words = a;
        px_slice *b = px__realloc(cs->tags, cap * sizeof *b);
        if (!b)
            return -1;
        cs->tags = b;
        cs->cap = cap;
    }
    cs->words[cs->n] = w;
    cs->tags[cs->n] = t;
    cs->n++;
    return 0;
}

static int conll_line(conll_state *cs, const uint8_t *p, size_t len, px_conll_fn fn, void *ud)
{
    if (len && p[len - 1] == '\r')
        len--;
    size_t a = 0;
    while (a < len && (p[a] == ' ' || p[a] == '\t'))
        a++;
    if (a == len)
        return flush(cs, fn, ud);
    size_t e = a;
    while (e < len && p[e] != '\t' && p[e] != ' ')
        e++;
    px_slice w = {p + a, e - a};
    if (w.len == 10 && memcmp(w.ptr, "-DOCSTART-", 10) == 0) {
        int r = flush(cs, fn, ud);
        if (r)
            return r;
        px_conll_sent s = {0, NULL, NULL, 1};
        return fn(ud, &s);
    }
    size_t te = len;
    while (te > e && (p[te - 1] == ' ' || p[te - 1] == '\t'))
        te--;
    size_t ts = te;
    while (ts > e && p[ts - 1] != '\t' && p[ts - 1] != ' ')
        ts--;
    px_slice t = ts < te ? (px_slice){p + ts, te - ts} : PX_SLICE_NULL;
    return push(cs, w, t);
}

int px__conll_read(const uint8_t *buf, size_t len, px_conll_fn fn, void *ud)
{
    conll_state cs = {0};
    size_t i = 0;
    int r = 0;
    while (i < len && !r) {
        const uint8_t *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        r = conll_line(&cs, buf + i, e - i, fn, ud);
        i = e + 1;
    }
    if (!r)
        r = flush(&cs, fn, ud);
    px__free(cs.words);
    px__free(cs.tags);
    return r;
}
