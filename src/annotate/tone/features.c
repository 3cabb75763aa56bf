/* The features of a target in its sentence (docs/tone.md): the words around it
 * by side and distance, bigrams with the target as one symbol, lexicon polarity
 * after negation by side and distance, quotes, and from the parse the target's
 * relation, its governing verb and that verb's polarity, and its modifiers. */
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/tone/tone.h"

enum {
    F_BIAS,
    F_WORD,
    F_WORD_SD,
    F_BIGRAM,
    F_LEX_SD,
    F_LEX_SIGN_SD,
    F_LEX_SENT,
    F_NEG_SD,
    F_TWORD,
    F_TLEX,
    F_IN_QUOTE,
    F_SENT_QUOTE,
    F_REL,
    F_GOV,
    F_GOV_REL,
    F_GOV_LEX,
    F_MOD,
    F_MOD_LEX,
    F_GOV_CHILD_LEX,
    F_FIRST,
    F_PRON,
    F_ALSO_LEX,
    F_TRIGRAM,
    F_GOV_NEG,
};

typedef struct fx {
    px_tone_feat *f;
    size_t n;
} fx;

static void add(fx *x, uint32_t t, uint64_t a, uint64_t b, uint64_t c, float v)
{
    if (x->n < PX_TONE_MAXF)
        x->f[x->n++] = (px_tone_feat){px__syn_feat(t, a, b, c), v};
}

/* Distance buckets: 1, 2, 3-4, 5-7, 8-12, 13 and more. */
static uint64_t bucket(size_t d)
{
    return d <= 2 ? d : d <= 4 ? 3 : d <= 7 ? 4 : d <= 12 ? 5 : 6;
}

static int sign(float v)
{
    return v > 0 ? 1 : v < 0 ? 2 : 0;
}

static uint64_t lower_hash(const uint8_t *p, size_t n)
{
    uint8_t tmp[64];
    n = n < sizeof tmp ? n : sizeof tmp;
    for (size_t i = 0; i < n; i++)
        tmp[i] = p[i] >= 'A' && p[i] <= 'Z' ? (uint8_t)(p[i] | 32) : p[i];
    return px__hash64(tmp, n, 0x746f6e65);
}

static int is_quote_mark(const px_doc *d, const px_token *k)
{
    const uint8_t *p = d->text.ptr + k->start;
    size_t n = k->end - k->start;
    return (n == 1 && p[0] == '"') ||
           (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D));
}

/* Lexical features: tokens [a, e) of the sentence, target tokens [ta, te). */
static void
lexical(fx *x, const px_doc *d, const px_tone_tok *tt, size_t a, size_t e, size_t ta, size_t te)
{
    const uint64_t T = 0x5441524745543a; /* the target as one symbol */
    uint64_t prev2 = 1, prev = 1;        /* sentence start */
    int quotes_before = 0, any_quote = 0;
    for (size_t i = a; i < e; i++) {
        const px_token *k = &d->toks[i];
        int q = is_quote_mark(d, k);
        any_quote |= q;
        if (i < ta)
            quotes_before += q;
        uint64_t cur;
        if (i >= ta && i < te) {
            add(x, F_TWORD, k->key_hash, 0, 0, 1);
            if (tt[i].kind == PX_TK_VAL)
                add(x, F_TLEX, (uint64_t)sign(tt[i].adj), 0, 0, 1);
            if (tt[i].kind == PX_TK_PRON)
                add(x, F_PRON, 0, 0, 0, 1);
            if (i > ta)
                continue;
            cur = T;
        } else {
            int side = i < ta;
            size_t dist = side ? ta - i : i - te + 1;
            uint64_t sd = (uint64_t)side * 8 + bucket(dist);
            add(x, F_WORD, k->key_hash, 0, 0, 1);
            add(x, F_WORD_SD, k->key_hash, sd, 0, 1);
            if (tt[i].kind == PX_TK_VAL && tt[i].adj != 0) {
                add(x, F_LEX_SD, sd, 0, 0, tt[i].adj / 4);
                add(x, F_LEX_SIGN_SD, (uint64_t)sign(tt[i].adj), sd, 0, 1);
                add(x, F_LEX_SENT, 0, 0, 0, tt[i].adj / 4);
            }
            if (tt[i].kind == PX_TK_NEG)
                add(x, F_NEG_SD, sd, 0, 0, 1);
            cur = k->key_hash;
        }
        add(x, F_BIGRAM, prev, cur, 0, 1);
        if (prev == T || cur == T)
            add(x, F_TRIGRAM, prev2, prev, cur, 1);
        prev2 = prev;
        prev = cur;
    }
    add(x, F_BIGRAM, prev, 2, 0, 1);
    add(x, F_IN_QUOTE, (uint64_t)(quotes_before & 1), 0, 0, 1);
    add(x, F_SENT_QUOTE, (uint64_t)any_quote, 0, 0, 1);
    add(x, F_FIRST, ta == a, 0, 0, 1);
}

static px_slice rel_name(const struct px_syntax *sx, const px_sword *w)
{
    return sx->model->rels[w->rel];
}

static uint64_t slice_hash(px_slice s)
{
    return px__hash64(s.ptr, s.len, 0x72656c);
}

static int is_verb(const struct px_syntax *sx, const px_sword *w)
{
    px_slice u = sx->model->upos[w->tag];
    return u.len == 4 && !memcmp(u.ptr, "VERB", 4);
}

static uint64_t lemma_hash(const px_doc *d, const px_sword *w)
{
    if (w->lemma.ptr)
        return lower_hash(w->lemma.ptr, w->lemma.len);
    return lower_hash(d->text.ptr + w->start, w->end - w->start);
}

static float word_adj(const px_doc *d, const px_tone_tok *tt, const px_sword *w)
{
    return w->tok < d->n_toks && tt[w->tok].kind == PX_TK_VAL ? tt[w->tok].adj : 0;
}

/* Parse features: the head word of the target, its relation, governing verb,
 * and modifiers. */
static void parse(fx *x, const px_doc *d, const px_tone_tok *tt, px_span t)
{
    const struct px_syntax *sx = d->syn;
    /* the words of the target span (binary search on start) */
    size_t lo = 0, hi = sx->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (sx->w[mid].end <= t.start)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t wa = lo, we = lo;
    while (we < sx->n && sx->w[we].start < t.end)
        we++;
    if (wa == we)
        return;
    /* the target's head: the word whose head lies outside the span */
    size_t h = wa;
    for (size_t i = wa; i < we; i++) {
        int32_t hd = sx->w[i].head;
        if (hd < (int32_t)wa || hd >= (int32_t)we) {
            h = i;
            break;
        }
    }
    const px_sword *hw = &sx->w[h];
    uint64_t rel = slice_hash(rel_name(sx, hw));
    add(x, F_REL, rel, 0, 0, 1);
    /* modifiers of the head outside the span */
    size_t sa = h, se = h;
    while (sa > 0 && sx->w[sa - 1].start >= (t.start > 400 ? t.start - 400 : 0))
        sa--;
    while (se + 1 < sx->n && sx->w[se + 1].end <= t.end + 400)
        se++;
    for (size_t i = sa; i <= se; i++) {
        if (sx->w[i].head != (int32_t)h || (i >= wa && i < we))
            continue;
        uint64_t r = slice_hash(rel_name(sx, &sx->w[i]));
        add(x, F_MOD, r, lemma_hash(d, &sx->w[i]), 0, 1);
        float v = word_adj(d, tt, &sx->w[i]);
        if (v != 0)
            add(x, F_MOD_LEX, r, (uint64_t)sign(v), 0, v / 4);
    }
    /* the governing verb: up the heads (at most 4 steps) */
    int32_t g = hw->head;
    uint64_t path = rel;
    for (int step = 0; g >= 0 && step < 4 && !is_verb(sx, &sx->w[g]); step++) {
        path = px__syn_mix(path ^ slice_hash(rel_name(sx, &sx->w[g])));
        g = sx->w[g].head;
    }
    if (g < 0 || !is_verb(sx, &sx->w[g]))
        return;
    const px_sword *gw = &sx->w[g];
    uint64_t lem = lemma_hash(d, gw);
    add(x, F_GOV, lem, 0, 0, 1);
    add(x, F_GOV_REL, lem, path, 0, 1);
    float gv = word_adj(d, tt, gw);
    if (gv != 0)
        add(x, F_GOV_LEX, path, (uint64_t)sign(gv), 0, gv / 4);
    if (gw->tok < d->n_toks && tt[gw->tok].neg)
        add(x, F_GOV_NEG, path, 0, 0, 1);
    /* the verb's other dependents with a polarity (its object, adverbs) */
    for (size_t i = sa; i <= se; i++) {
        if (sx->w[i].head != g || (i >= wa && i < we))
            continue;
        float v = word_adj(d, tt, &sx->w[i]);
        if (v != 0)
            add(x, F_GOV_CHILD_LEX, path, slice_hash(rel_name(sx, &sx->w[i])), 0, v / 4);
    }
}

size_t px__tone_features(const px_doc *d,
                         const px_tone_tok *tt,
                         px_span sent,
                         px_span t,
                         const px_span *also,
                         size_t n_also,
                         int use_parse,
                         px_tone_feat *f)
{
    fx x = {f, 0};
    add(&x, F_BIAS, 0, 0, 0, 1);
    size_t a = px__doc_tok_at(d, sent.start), e = a;
    while (e < d->n_toks && d->toks[e].start < sent.end)
        e++;
    size_t ta = px__doc_tok_at(d, t.start), te = ta;
    if (ta > 0 && d->toks[ta - 1].end > t.start)
        ta--; /* a target starting inside a token */
    while (te < d->n_toks && d->toks[te].start < t.end)
        te++;
    if (ta < a)
        ta = a;
    if (te > e)
        te = e;
    if (te <= ta)
        te = ta < e ? ta + 1 : ta;
    lexical(&x, d, tt, a, e, ta, te);
    for (size_t m = 0; m < n_also; m++) {
        size_t ma = px__doc_tok_at(d, also[m].start), me = ma;
        while (me < e && d->toks[me].start < also[m].end)
            me++;
        for (size_t i = a; i < e && me > ma; i++) {
            if (tt[i].kind != PX_TK_VAL || tt[i].adj == 0 || (i >= ma && i < me))
                continue;
            int side = i < ma;
            size_t dist = side ? ma - i : i - me + 1;
            if (dist <= 4)
                add(&x, F_ALSO_LEX, (uint64_t)side * 8 + bucket(dist), 0, 0, tt[i].adj / 4);
        }
    }
    if (use_parse && d->syn)
        parse(&x, d, tt, t);
    return x.n;
}
