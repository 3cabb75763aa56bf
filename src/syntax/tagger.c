/* The part-of-speech tagger: per-word hashes computed once per sentence,
 * template features, greedy left-to-right decoding over joint UPOS|XPOS tags
 * (see syntax.h). */
#include <stdint.h>
#include <string.h>

#include "syntax/syntax.h"

/* Per-word hashes (PX_SYN_WH of them). */
enum { H_LOWER, H_RAW, H_SUF1, H_SUF2, H_SUF3, H_SUF4, H_PRE1, H_PRE3, H_SHAPE, H_FLAGS, H_CLASS };

void px__syn_scratch_free(px_syn_scratch *s)
{
    px__free(s->wh);
    px__free(s->lower);
    px__free(s->st);
    px__free(s->lc);
    px__free(s->rc);
    px__free(s->lc2);
    px__free(s->rc2);
    px__free(s->nl);
    px__free(s->nr);
    px__free(s->lset);
    px__free(s->rset);
    px__free(s->score);
    px__free(s->tags1);
    px__free(s->margin);
    memset(s, 0, sizeof *s);
}

px_status px__syn_scratch_reserve(px_syn_scratch *s, size_t n)
{
    if (n + 2 <= s->cap)
        return PX_OK;
    size_t cap = s->cap ? s->cap : 64;
    while (cap < n + 2)
        cap *= 2;
    px_syn_scratch t = *s;
#define GROW(f, k)                                                                                 \
    do {                                                                                           \
        void *p_ = px__realloc(t.f, (k) * sizeof *t.f);                                            \
        if (!p_) {                                                                                 \
            *s = t;                                                                                \
            return PX_ENOMEM;                                                                      \
        }                                                                                          \
        t.f = p_;                                                                                  \
    } while (0)
    GROW(wh, cap * PX_SYN_WH);
    GROW(st, cap);
    GROW(lc, cap);
    GROW(rc, cap);
    GROW(lc2, cap);
    GROW(rc2, cap);
    GROW(nl, cap);
    GROW(nr, cap);
    GROW(lset, cap);
    GROW(rset, cap);
    GROW(score, PX_SYN_MAXTAGS + PX_SYN_MAXRELS);
    GROW(tags1, cap);
    GROW(margin, cap);
#undef GROW
    t.cap = cap;
    *s = t;
    return PX_OK;
}

static uint64_t bytes_hash(const uint8_t *p, size_t n, uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return px__syn_mix(h + n);
}

/* Start of the k-th last UTF-8 character of p[0..n) (0 when shorter). */
static size_t suffix_start(const uint8_t *p, size_t n, int k)
{
    size_t i = n;
    while (i > 0 && k > 0) {
        i--;
        while (i > 0 && (p[i] & 0xC0) == 0x80)
            i--;
        k--;
    }
    return i;
}

static size_t prefix_end(const uint8_t *p, size_t n, int k)
{
    size_t i = 0;
    while (i < n && k > 0) {
        i++;
        while (i < n && (p[i] & 0xC0) == 0x80)
            i++;
        k--;
    }
    return i;
}

px_status
px__syn_prepare(px_syn_scratch *s, const px_syn_map *classes, const px_syn_word *w, size_t n)
{
    px_status st = px__syn_scratch_reserve(s, n);
    if (st)
        return st;
    uint8_t low[64];
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = w[i].p;
        size_t len = w[i].n;
        uint64_t *h = s->wh + i * PX_SYN_WH;
        size_t m = len < sizeof low ? len : sizeof low;
        unsigned nup = 0, nlow = 0, ndig = 0, nhy = 0, first_up = 0;
        uint64_t sh = 77;
        uint8_t last = 0;
        int run = 0;
        for (size_t j = 0; j < len; j++) {
            uint8_t c = p[j], cls;
            if (c >= 'A' && c <= 'Z')
                cls = 'X', nup++, first_up |= (j == 0);
            else if (c >= 'a' && c <= 'z')
                cls = 'x', nlow++;
            else if (c >= '0' && c <= '9')
                cls = 'd', ndig++;
            else if (c >= 0x80)
                cls = (c & 0xC0) == 0x80 ? last : 'u';
            else
                cls = c, nhy += (c == '-');
            if (j < m)
                low[j] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c | 32) : c;
            if (cls != last)
                run = 0;
            if (run < 2)
                sh = sh * 0x100000001b3ULL + cls;
            run++;
            last = cls;
        }
        h[H_LOWER] = bytes_hash(low, m, len > m ? len : 0);
        h[H_RAW] = bytes_hash(p, len, 1);
        size_t s1 = suffix_start(low, m, 1), s2 = suffix_start(low, m, 2);
        size_t s3 = suffix_start(low, m, 3), s4 = suffix_start(low, m, 4);
        h[H_SUF1] = bytes_hash(low + s1, m - s1, 2);
        h[H_SUF2] = bytes_hash(low + s2, m - s2, 3);
        h[H_SUF3] = bytes_hash(low + s3, m - s3, 4);
        h[H_SUF4] = bytes_hash(low + s4, m - s4, 5);
        h[H_PRE1] = bytes_hash(p, prefix_end(p, len, 1), 6);
        h[H_PRE3] = bytes_hash(low, prefix_end(low, m, 3), 7);
        h[H_SHAPE] = px__syn_mix(sh);
        uint64_t fl = first_up | (nup > 1 && !nlow) << 1 | (ndig > 0) << 2 |
                      (ndig && !nup && !nlow) << 3 | (nhy > 0) << 4 | (len == 1) << 5 |
                      (nup && !first_up) << 6;
        h[H_FLAGS] = fl;
        uint32_t k = (uint32_t)(h[H_LOWER] >> 32), cl;
        h[H_CLASS] = classes && px__syn_map_get(classes, k ? k : 1, &cl) ? cl + 1 : 0;
    }
    return PX_OK;
}

uint32_t px__syn_word_class(const px_syn_model *m, const uint8_t *p, size_t len)
{
    uint8_t low[64];
    size_t n = len < sizeof low ? len : sizeof low;
    for (size_t j = 0; j < n; j++)
        low[j] = (p[j] >= 'A' && p[j] <= 'Z') ? (uint8_t)(p[j] | 32) : p[j];
    uint32_t k = (uint32_t)(bytes_hash(low, n, len > n ? len : 0) >> 32), cl;
    return px__syn_map_get(&m->classes, k ? k : 1, &cl) ? cl + 1 : 0;
}

uint32_t px__syn_dict_key(const px_syn_scratch *s, size_t i)
{
    uint32_t k = (uint32_t)(s->wh[i * PX_SYN_WH + H_LOWER] >> 32);
    return k ? k : 1;
}

/* Hash h of word i + d, or a boundary value. */
static uint64_t at(const px_syn_scratch *s, size_t n, size_t i, int d, int h)
{
    long j = (long)i + d;
    if (j < 0)
        return 0x1111 + (uint64_t)(-j) + (uint64_t)h * 16;
    if ((size_t)j >= n)
        return 0x2222 + (uint64_t)j - n + (uint64_t)h * 16;
    return s->wh[(size_t)j * PX_SYN_WH + h];
}

size_t
px__syn_tag_features(const px_syn_scratch *s, size_t n, size_t i, int t1, int t2, uint32_t *f)
{
    const uint64_t *h = s->wh + i * PX_SYN_WH;
    uint64_t w0 = h[H_LOWER], wm1 = at(s, n, i, -1, H_LOWER), wp1 = at(s, n, i, 1, H_LOWER);
    uint64_t wm2 = at(s, n, i, -2, H_LOWER), wp2 = at(s, n, i, 2, H_LOWER);
    size_t k = 0;
    f[k++] = px__syn_feat(0, 0, 0, 0);
    f[k++] = px__syn_feat(1, w0, 0, 0);
    f[k++] = px__syn_feat(2, h[H_RAW], 0, 0);
    f[k++] = px__syn_feat(3, h[H_SUF1], 0, 0);
    f[k++] = px__syn_feat(4, h[H_SUF2], 0, 0);
    f[k++] = px__syn_feat(5, h[H_SUF3], 0, 0);
    f[k++] = px__syn_feat(6, h[H_SUF4], 0, 0);
    f[k++] = px__syn_feat(7, h[H_PRE1], 0, 0);
    f[k++] = px__syn_feat(8, h[H_PRE3], 0, 0);
    f[k++] = px__syn_feat(9, h[H_SHAPE], 0, 0);
    f[k++] = px__syn_feat(10, h[H_FLAGS], i == 0, 0);
    f[k++] = px__syn_feat(11, wm1, 0, 0);
    f[k++] = px__syn_feat(12, wp1, 0, 0);
    f[k++] = px__syn_feat(13, wm2, 0, 0);
    f[k++] = px__syn_feat(14, wp2, 0, 0);
    f[k++] = px__syn_feat(15, (uint64_t)t1, 0, 0);
    f[k++] = px__syn_feat(16, (uint64_t)t1, (uint64_t)t2, 0);
    f[k++] = px__syn_feat(17, (uint64_t)t1, w0, 0);
    f[k++] = px__syn_feat(18, at(s, n, i, -1, H_SUF3), 0, 0);
    f[k++] = px__syn_feat(19, at(s, n, i, 1, H_SUF3), 0, 0);
    f[k++] = px__syn_feat(20, at(s, n, i, -1, H_SHAPE), h[H_SHAPE], 0);
    f[k++] = px__syn_feat(21, h[H_SHAPE], at(s, n, i, 1, H_SHAPE), 0);
    f[k++] = px__syn_feat(22, wm1, w0, 0);
    f[k++] = px__syn_feat(23, w0, wp1, 0);
    f[k++] = px__syn_feat(24, (uint64_t)t1, wp1, 0);
    f[k++] = px__syn_feat(25, wp1, wp2, 0);
    f[k++] = px__syn_feat(26, (uint64_t)t1, h[H_SUF3], 0);
    f[k++] = px__syn_feat(27, at(s, n, i, 1, H_FLAGS), h[H_FLAGS], 0);
    uint64_t c0 = h[H_CLASS], cm1 = at(s, n, i, -1, H_CLASS), cp1 = at(s, n, i, 1, H_CLASS);
    f[k++] = px__syn_feat(28, c0, 0, 0);
    f[k++] = px__syn_feat(29, cm1, 0, 0);
    f[k++] = px__syn_feat(30, cp1, 0, 0);
    f[k++] = px__syn_feat(31, cm1, c0, 0);
    f[k++] = px__syn_feat(32, c0, cp1, 0);
    f[k++] = px__syn_feat(33, (uint64_t)t1, c0, 0);
    f[k++] = px__syn_feat(34, at(s, n, i, 2, H_CLASS), 0, 0);
    f[k++] = px__syn_feat(35, c0, h[H_SUF3], 0);
    return k;
}

size_t px__syn_tag2_features(
    const px_syn_scratch *s, size_t n, size_t i, int t1, int t2, int r1, int r2, uint32_t *f)
{
    size_t k = px__syn_tag_features(s, n, i, t1, t2, f);
    const uint64_t *h = s->wh + i * PX_SYN_WH;
    f[k++] = px__syn_feat(40, (uint64_t)r1, 0, 0);
    f[k++] = px__syn_feat(41, (uint64_t)r1, (uint64_t)r2, 0);
    f[k++] = px__syn_feat(42, (uint64_t)t1, (uint64_t)r1, 0);
    f[k++] = px__syn_feat(43, (uint64_t)r1, h[H_LOWER], 0);
    f[k++] = px__syn_feat(44, (uint64_t)r1, h[H_SUF3], 0);
    f[k++] = px__syn_feat(45, (uint64_t)r1, h[H_CLASS], 0);
    f[k++] = px__syn_feat(46, (uint64_t)r2, 0, 0);
    f[k++] = px__syn_feat(47, (uint64_t)t1, (uint64_t)r1, h[H_LOWER]);
    return k;
}

static void tag_pass(const px_syn_model *m,
                     const px_syn_table *tab,
                     px_syn_scratch *s,
                     size_t n,
                     const uint16_t *right,
                     uint16_t *tags)
{
    uint32_t f[PX_SYN_MAXFEATS];
    int32_t *sc = s->score;
    int none = (int)m->ntags;
    for (size_t i = 0; i < n; i++) {
        uint32_t v;
        if (px__syn_map_get(&m->dict, px__syn_dict_key(s, i), &v)) {
            tags[i] = (uint16_t)v;
            s->margin[i] = INT32_MAX;
            continue;
        }
        if (right && s->margin[i] > PX_SYN_RETAG_MARGIN) {
            tags[i] = right[i];
            continue;
        }
        int t1 = i > 0 ? tags[i - 1] : none, t2 = i > 1 ? tags[i - 2] : none;
        size_t nf = right ? px__syn_tag2_features(s, n, i, t1, t2, i + 1 < n ? right[i + 1] : none,
                                                  i + 2 < n ? right[i + 2] : none, f)
                          : px__syn_tag_features(s, n, i, t1, t2, f);
        memset(sc, 0, m->ntags * sizeof *sc);
        px__syn_table_score(tab, f, nf, sc);
        uint32_t best = 0;
        int32_t second = INT32_MIN;
        for (uint32_t c = 1; c < m->ntags; c++)
            if (sc[c] > sc[best]) {
                second = sc[best];
                best = c;
            } else if (sc[c] > second)
                second = sc[c];
        tags[i] = (uint16_t)best;
        if (!right)
            s->margin[i] = sc[best] - second;
    }
}

void px__syn_tag(const px_syn_model *m, px_syn_scratch *s, size_t n, uint16_t *tags)
{
    if (!m->two_pass) {
        tag_pass(m, &m->tagger, s, n, NULL, tags);
        return;
    }
    tag_pass(m, &m->tagger, s, n, NULL, s->tags1);
    tag_pass(m, &m->tagger2, s, n, s->tags1, tags);
}
