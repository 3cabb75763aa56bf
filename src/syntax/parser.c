/* The dependency parser: arc-hybrid transitions with the root at the end of the
 * buffer (so one root per sentence), rich features after Zhang and Nivre (2011):
 * words, tags, children, labels, valency and distance. Greedy: 2n transitions,
 * each scored in one pass over its feature rows (see syntax.h). */
#include <string.h>

#include "syntax/syntax.h"

#define NONE_W 0x4e4f4e45ULL
#define ROOT_W 0x524f4f54ULL
#define NONE_T 1000
#define ROOT_T 1001

void px__syn_state_init(
    px_syn_state *c, px_syn_scratch *s, size_t n, const uint16_t *tags, int32_t *head, uint8_t *rel)
{
    c->n = n;
    c->tags = tags;
    c->head = head;
    c->rel = rel;
    c->st = s->st;
    c->sp = 0;
    c->b = 0;
    c->s = s;
    for (size_t i = 0; i <= n; i++) {
        head[i] = -1;
        rel[i] = 0;
        s->lc[i] = s->rc[i] = s->lc2[i] = s->rc2[i] = -1;
        s->nl[i] = s->nr[i] = 0;
        s->lset[i] = s->rset[i] = 0;
    }
}

int px__syn_valid(const px_syn_state *c, int a)
{
    switch (a) {
    case PX_SYN_SHIFT:
        return c->b < c->n;
    case PX_SYN_LEFT:
        return c->sp >= 1 && (c->b < c->n || c->sp == 1);
    case PX_SYN_RIGHT:
        return c->sp >= 2;
    default:
        return 0;
    }
}

int px__syn_done(const px_syn_state *c)
{
    return c->b >= c->n && c->sp == 0;
}

static void add_arc(px_syn_state *c, int32_t h, int32_t d, int rel)
{
    px_syn_scratch *s = c->s;
    c->head[d] = h;
    c->rel[d] = (uint8_t)rel;
    if (d < h) {
        if (s->lc[h] < 0 || d < s->lc[h]) {
            s->lc2[h] = s->lc[h];
            s->lc[h] = d;
        } else if (s->lc2[h] < 0 || d < s->lc2[h])
            s->lc2[h] = d;
        s->nl[h]++;
        s->lset[h] |= 1ULL << (rel & 63);
    } else {
        if (s->rc[h] < 0 || d > s->rc[h]) {
            s->rc2[h] = s->rc[h];
            s->rc[h] = d;
        } else if (s->rc2[h] < 0 || d > s->rc2[h])
            s->rc2[h] = d;
        s->nr[h]++;
        s->rset[h] |= 1ULL << (rel & 63);
    }
}

void px__syn_apply(px_syn_state *c, int a, int rel)
{
    if (a == PX_SYN_SHIFT) {
        c->st[c->sp++] = (int32_t)c->b++;
    } else if (a == PX_SYN_LEFT) {
        int32_t d = c->st[--c->sp];
        add_arc(c, (int32_t)c->b, d, rel);
    } else {
        int32_t d = c->st[--c->sp];
        add_arc(c, c->st[c->sp - 1], d, rel);
    }
}

static uint64_t W(const px_syn_state *c, int32_t i)
{
    if (i < 0)
        return NONE_W;
    if ((size_t)i >= c->n)
        return ROOT_W;
    return c->s->wh[(size_t)i * PX_SYN_WH];
}

static uint64_t T(const px_syn_state *c, int32_t i)
{
    if (i < 0)
        return NONE_T;
    if ((size_t)i >= c->n)
        return ROOT_T;
    return c->tags[i];
}

/* Word class (PX_SYN_H_CLASS) of word i. */
static uint64_t K(const px_syn_state *c, int32_t i)
{
    if (i < 0)
        return 70001;
    if ((size_t)i >= c->n)
        return 70002;
    return c->s->wh[(size_t)i * PX_SYN_WH + PX_SYN_H_CLASS];
}

static uint64_t L(const px_syn_state *c, int32_t i)
{
    return i < 0 ? 255 : c->rel[i];
}

static uint64_t dist_bucket(int32_t a, int32_t b)
{
    if (a < 0 || b < 0)
        return 0;
    int32_t d = b > a ? b - a : a - b;
    return d <= 4 ? (uint64_t)d : d <= 7 ? 5 : d <= 12 ? 6 : 7;
}

#define F(t, a, b, c) f[k++] = px__syn_feat((t), (a), (b), (c))

size_t px__syn_action_features(const px_syn_state *c, uint32_t *f)
{
    const px_syn_scratch *s = c->s;
    int32_t s0 = c->sp > 0 ? c->st[c->sp - 1] : -1;
    int32_t s1 = c->sp > 1 ? c->st[c->sp - 2] : -1;
    int32_t s2 = c->sp > 2 ? c->st[c->sp - 3] : -1;
    int32_t b0 = (int32_t)c->b;
    int32_t b1 = c->b + 1 < c->n ? b0 + 1 : -1, b2 = c->b + 2 < c->n ? b0 + 2 : -1;
    int32_t s0l = s0 >= 0 ? s->lc[s0] : -1, s0r = s0 >= 0 ? s->rc[s0] : -1;
    int32_t s0l2 = s0 >= 0 ? s->lc2[s0] : -1, s0r2 = s0 >= 0 ? s->rc2[s0] : -1;
    int32_t b0l = s->lc[b0], b0l2 = s->lc2[b0];
    int32_t s1l = s1 >= 0 ? s->lc[s1] : -1, s1r = s1 >= 0 ? s->rc[s1] : -1;
    uint64_t s0w = W(c, s0), s0t = T(c, s0), s1w = W(c, s1), s1t = T(c, s1);
    uint64_t b0w = W(c, b0), b0t = T(c, b0), b1w = W(c, b1), b1t = T(c, b1), b2t = T(c, b2);
    uint64_t s0wt = s0w * 31 + s0t, b0wt = b0w * 31 + b0t, s1wt = s1w * 31 + s1t;
    uint64_t d = dist_bucket(s0, b0), d1 = dist_bucket(s1, s0);
    uint64_t s0vl = s0 >= 0 ? s->nl[s0] : 99, s0vr = s0 >= 0 ? s->nr[s0] : 99;
    uint64_t b0vl = s->nl[b0];
    uint64_t s0ll = s0 >= 0 ? s->lset[s0] : 1, s0rl = s0 >= 0 ? s->rset[s0] : 1;
    uint64_t b0ll = s->lset[b0];
    size_t k = 0;
    F(0, 0, 0, 0);
    F(1, s0wt, 0, 0);
    F(2, s0w, 0, 0);
    F(3, s0t, 0, 0);
    F(4, b0wt, 0, 0);
    F(5, b0w, 0, 0);
    F(6, b0t, 0, 0);
    F(7, b1w, b1t, 0);
    F(8, b1w, 0, 0);
    F(9, b1t, 0, 0);
    F(10, b2t, 0, 0);
    F(11, s1wt, 0, 0);
    F(12, s1w, 0, 0);
    F(13, s1t, 0, 0);
    F(14, s0wt, b0wt, 0);
    F(15, s0wt, b0w, 0);
    F(16, s0w, b0wt, 0);
    F(17, s0wt, b0t, 0);
    F(18, s0t, b0wt, 0);
    F(19, s0w, b0w, 0);
    F(20, s0t, b0t, 0);
    F(21, b0t, b1t, 0);
    F(22, s1w, s0w, 0);
    F(23, s1t, s0t, 0);
    F(24, s1wt, s0t, 0);
    F(25, s1t, s0wt, 0);
    F(26, b0t, b1t, b2t);
    F(27, s0t, b0t, b1t);
    F(28, s1t, s0t, b0t);
    F(29, s0t, T(c, s0l), b0t);
    F(30, s0t, T(c, s0r), b0t);
    F(31, s0t, b0t, T(c, b0l));
    F(32, s1t, T(c, s1r), s0t);
    F(33, s1t, s0t, T(c, s0r));
    F(34, T(c, s2), s1t, s0t);
    F(35, s0w, d, 0);
    F(36, s0t, d, 0);
    F(37, b0w, d, 0);
    F(38, b0t, d, 0);
    F(39, s0w, b0w, d);
    F(40, s0t, b0t, d);
    F(41, s1t, s0t, d1);
    F(42, s1w, s0w, d1);
    F(43, s0w, s0vr, 0);
    F(44, s0t, s0vr, 0);
    F(45, s0w, s0vl, 0);
    F(46, s0t, s0vl, 0);
    F(47, b0w, b0vl, 0);
    F(48, b0t, b0vl, 0);
    F(49, W(c, s0l), 0, 0);
    F(50, T(c, s0l), 0, 0);
    F(51, L(c, s0l), 0, 0);
    F(52, W(c, s0r), 0, 0);
    F(53, T(c, s0r), 0, 0);
    F(54, L(c, s0r), 0, 0);
    F(55, W(c, b0l), 0, 0);
    F(56, T(c, b0l), 0, 0);
    F(57, L(c, b0l), 0, 0);
    F(58, T(c, s0l2), L(c, s0l2), 0);
    F(59, T(c, s0r2), L(c, s0r2), 0);
    F(60, T(c, b0l2), L(c, b0l2), 0);
    F(61, s0t, T(c, s0l), T(c, s0l2));
    F(62, s0t, T(c, s0r), T(c, s0r2));
    F(63, b0t, T(c, b0l), T(c, b0l2));
    F(64, s0w, s0rl, 0);
    F(65, s0t, s0rl, 0);
    F(66, s0w, s0ll, 0);
    F(67, s0t, s0ll, 0);
    F(68, b0w, b0ll, 0);
    F(69, b0t, b0ll, 0);
    F(70, s1t, T(c, s1l), L(c, s1r));
    F(71, s0t, b0t, b0w);
    uint64_t s0k = K(c, s0), b0k = K(c, b0), s1k = K(c, s1), b1k = K(c, b1);
    F(72, s0k, 0, 0);
    F(73, b0k, 0, 0);
    F(74, b1k, 0, 0);
    F(75, s1k, 0, 0);
    F(76, s0k, b0k, 0);
    F(77, s0k, b0t, 0);
    F(78, s0t, b0k, 0);
    F(79, s1k, s0k, 0);
    F(80, b0k, b1k, 0);
    F(81, s0k, b0k, d);
    return k;
}

size_t px__syn_label_features(const px_syn_state *c, int a, uint32_t *f)
{
    const px_syn_scratch *s = c->s;
    int32_t d = c->sp > 0 ? c->st[c->sp - 1] : -1;
    int32_t h = a == PX_SYN_LEFT ? (int32_t)c->b : (c->sp > 1 ? c->st[c->sp - 2] : -1);
    uint64_t dw = W(c, d), dt = T(c, d), hw = W(c, h), ht = T(c, h);
    uint64_t dir = (uint64_t)a, dist = dist_bucket(d, h);
    int32_t dl = d >= 0 ? s->lc[d] : -1, dr = d >= 0 ? s->rc[d] : -1;
    uint64_t dll = d >= 0 ? s->lset[d] : 1, drl = d >= 0 ? s->rset[d] : 1;
    uint64_t hl = h >= 0 ? s->lset[h] : 1, hr = h >= 0 ? s->rset[h] : 1;
    int32_t dprev = d > 0 ? d - 1 : -1, dnext = d >= 0 && (size_t)d + 1 < c->n ? d + 1 : -1;
    size_t k = 0;
    F(100, dir, 0, 0);
    F(101, dw, dir, 0);
    F(102, dt, dir, 0);
    F(103, hw, dir, 0);
    F(104, ht, dir, 0);
    F(105, dt, ht, dir);
    F(106, dw, ht, dir);
    F(107, dt, hw, dir);
    F(108, dw, hw, dir);
    F(109, dt, ht, dist * 4 + dir);
    F(110, dt, dll, dir);
    F(111, dt, drl, dir);
    F(112, ht, hl, dir);
    F(113, ht, hr, dir);
    F(114, dt, T(c, dnext), dir);
    F(115, dt, T(c, dprev), dir);
    F(116, dt, W(c, dl), dir);
    F(117, ht, W(c, dl), dt);
    F(118, dt, T(c, dl), T(c, dr));
    F(119, dw, dt, hw);
    F(120, ht, hl, dt);
    F(121, (uint64_t)(d == 0), dt, ht);
    F(122, dt, W(c, dr), dir);
    F(123, hw, ht, dt);
    uint64_t dk = K(c, d), hk = K(c, h);
    F(124, dk, dir, 0);
    F(125, hk, dir, 0);
    F(126, dk, hk, dir);
    F(127, dk, ht, dir);
    F(128, dt, hk, dir);
    return k;
}

#undef F

void px__syn_parse(const px_syn_model *m,
                   px_syn_scratch *s,
                   size_t n,
                   const uint16_t *tags,
                   int32_t *head,
                   uint8_t *rel)
{
    px_syn_state c;
    uint32_t f[PX_SYN_MAXFEATS];
    int32_t *sc = s->score;
    px__syn_state_init(&c, s, n, tags, head, rel);
    while (!px__syn_done(&c)) {
        size_t nf = px__syn_action_features(&c, f);
        int32_t a3[3] = {0, 0, 0};
        px__syn_table_score(&m->actions, f, nf, a3);
        int best = -1;
        for (int a = 0; a < 3; a++)
            if (px__syn_valid(&c, a) && (best < 0 || a3[a] > a3[best]))
                best = a;
        int r = 0;
        if (best != PX_SYN_SHIFT) {
            if (best == PX_SYN_LEFT && c.b >= c.n) {
                r = m->root_rel;
            } else {
                nf = px__syn_label_features(&c, best, f);
                memset(sc, 0, m->nrels * sizeof *sc);
                px__syn_table_score(&m->labels, f, nf, sc);
                r = -1;
                for (uint32_t l = 0; l < m->nrels; l++)
                    if ((int)l != m->root_rel && (r < 0 || sc[l] > sc[r]))
                        r = (int)l;
            }
        }
        px__syn_apply(&c, best, r);
    }
    for (size_t i = 0; i < n; i++)
        if (head[i] >= (int32_t)n)
            head[i] = -1;
}
