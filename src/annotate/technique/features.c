/* Features of a span (technique classification) and of a token (span
 * identification): 32-bit hashes of templates over the context of
 * context.c. */
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/technique/technique.h"

/* Templates. Values never change meaning: a trained model depends on them. */
enum {
    F_BIAS = 1,
    F_WORD,   /* a word inside the span */
    F_BIGRAM, /* two words inside */
    F_FIRST,  /* first word */
    F_LAST,   /* last word */
    F_PREV1,  /* words before and after */
    F_PREV2,
    F_NEXT1,
    F_NEXT2,
    F_PREVBI,
    F_LEN,    /* length in tokens, binned */
    F_CAPS,   /* capitals */
    F_EXCL,   /* "!" in the span / in its sentence */
    F_QUEST,  /* "?" */
    F_QUOTE,  /* quotation marks */
    F_REPEAT, /* the span's words elsewhere in the article */
    F_LOADED, /* loaded words, binned */
    F_NEG,
    F_POS,
    F_MAXV,    /* strongest valence */
    F_SUPER,   /* a superlative */
    F_ABS,     /* an absolute (all, never, always) */
    F_IMPER,   /* imperative sentence */
    F_COVER,   /* share of the sentence covered */
    F_UPOS,    /* parts of speech inside */
    F_UPOS1,   /* part of speech of the first word */
    F_UPOSSEQ, /* the sequence, for spans of up to 3 words */
    F_SINGLE,  /* a one-word span: the word */
    F_TITLE,   /* the span is in the headline */
    F_SUFFIX,  /* word suffixes inside */
    F_WORDLEN, /* a word inside, with the span length bin */
    F_ABSWORD, /* which absolute */
    F_SLOADED, /* loaded words in the sentence */
    F_TRIGRAM,
    /* token templates (span identification) */
    T_WORD = 64,
    T_PREV1,
    T_PREV2,
    T_NEXT1,
    T_NEXT2,
    T_BIL,
    T_BIR,
    T_SUFFIX,
    T_UPOS,
    T_UPOSCTX,
    T_VADER,
    T_FLAGS,
    T_SFLAGS,
    T_SLOADED,
    T_SLEN,
    T_SPOS,
    T_FREQ,
    T_NEARLOADED,
    T_WORDQ,
    T_WORDS,
    T_SENTBAG,
    T_PREVV,
    T_NEXTV,
    T_CLS, /* word class of the token and its neighbours */
    T_CLSP,
    T_CLSN,
    T_CLSCTX,
    T_REL, /* dependency relation, with the head's */
    T_RELH,
    T_DEPTH,
    T_LEDGE, /* the largest subtree starting / ending at the token */
    T_REDGE,
    T_PREVEDGE, /* ... ending at the previous token, starting at the next */
    T_NEXTEDGE,
};

static uint32_t bin(size_t x)
{
    return x < 4 ? (uint32_t)x : x < 6 ? 4 : x < 9 ? 5 : x < 13 ? 6 : x < 21 ? 7 : x < 40 ? 8 : 9;
}

#define ADD(t, a, b, c)                                                                            \
    do {                                                                                           \
        if (n < PX_TEC_MAXF)                                                                       \
            f[n++] = px__syn_feat((t), (a), (b), (c));                                             \
    } while (0)

static int is_word(const px_tec_ctx *c, size_t i)
{
    return c->t[i].kind == PX_TOK_WORD || c->t[i].kind == PX_TOK_NUM;
}

static uint64_t suffix(const px_tec_ctx *c, size_t i)
{
    const px_token *t = &c->t[i];
    size_t k = t->key_len > 4 ? 4 : t->key_len;
    return t->key_len > 5 ? px__hash64(t->key + t->key_len - k, k, 7) : 0;
}

/* How often the span's word sequence (1 to 6 words) occurs in the article. */
static size_t repeats(const px_tec_ctx *c, size_t a, size_t b)
{
    size_t len = b - a, hits = 0;
    if (len == 0 || len > 6)
        return 0;
    for (size_t i = 0; i + len <= c->n; i++) {
        if (c->key[i] != c->key[a])
            continue;
        size_t j = 1;
        while (j < len && c->key[i + j] == c->key[a + j])
            j++;
        hits += j == len;
    }
    return hits;
}

size_t px__tec_span_features(const px_tec_ctx *c, uint32_t s, uint32_t e, uint32_t *f)
{
    size_t n = 0, a, b;
    px__tec_tokens(c, s, e, &a, &b);
    ADD(F_BIAS, 0, 0, 0);
    size_t len = b - a;
    uint32_t lb = bin(len);
    ADD(F_LEN, lb, 0, 0);
    if (len == 0)
        return n;
    size_t words = 0, caps = 0, upper = 0, loaded = 0, neg = 0, pos = 0, maxv = 0;
    int excl = 0, quest = 0, qmark = 0, super = 0, abs = 0, root = 0;
    uint32_t prevw = 0, prevp = 0;
    for (size_t i = a; i < b; i++) {
        uint16_t fl = c->flags[i];
        if (is_word(c, i)) {
            words++;
            ADD(F_WORD, c->key[i], 0, 0);
            if (len <= 8)
                ADD(F_WORDLEN, c->key[i], lb, 0);
            uint64_t sf = suffix(c, i);
            if (sf)
                ADD(F_SUFFIX, sf, 0, 0);
            if (prevw)
                ADD(F_BIGRAM, prevw, c->key[i], 0);
            if (i >= a + 2 && is_word(c, i - 1) && is_word(c, i - 2))
                ADD(F_TRIGRAM, c->key[i - 2], c->key[i - 1], c->key[i]);
            prevw = c->key[i];
        } else {
            prevw = 0;
        }
        if (c->pos[i] && c->pos[i] != prevp)
            ADD(F_UPOS, c->pos[i], 0, 0);
        prevp = c->pos[i];
        caps += !!(fl & PX_TT_CAPS);
        upper += !!(fl & PX_TT_UPPER1);
        loaded += !!(fl & PX_TT_LOADED);
        neg += !!(fl & PX_TT_NEG);
        pos += !!(fl & PX_TT_POS);
        size_t v = (size_t)(c->vader[i] < 0 ? -c->vader[i] : c->vader[i]);
        maxv = v > maxv ? v : maxv;
        super |= !!(fl & PX_TT_SUPER);
        if (fl & PX_TT_ABS) {
            abs = 1;
            ADD(F_ABSWORD, c->key[i], 0, 0);
        }
        root |= !!(fl & PX_TT_ROOT);
        qmark |= !!(fl & PX_TT_QMARK);
        if (c->t[i].kind == PX_TOK_PUNCT) {
            uint8_t ch = c->d->text.ptr[c->t[i].start];
            excl |= ch == '!';
            quest |= ch == '?';
        }
    }
    ADD(F_FIRST, c->key[a], 0, 0);
    ADD(F_LAST, c->key[b - 1], 0, 0);
    ADD(F_UPOS1, c->pos[a], 0, 0);
    if (len <= 3)
        ADD(F_UPOSSEQ, c->pos[a], len > 1 ? c->pos[a + 1] : 0, len > 2 ? c->pos[a + 2] : 0);
    if (words == 1 && len <= 2)
        ADD(F_SINGLE, c->key[a], 0, 0);
    uint32_t p1 = a > 0 ? c->key[a - 1] : 1, p2 = a > 1 ? c->key[a - 2] : 1;
    uint32_t n1 = b < c->n ? c->key[b] : 1, n2 = b + 1 < c->n ? c->key[b + 1] : 1;
    ADD(F_PREV1, p1, 0, 0);
    ADD(F_PREV2, p2, 0, 0);
    ADD(F_PREVBI, p2, p1, 0);
    ADD(F_NEXT1, n1, 0, 0);
    ADD(F_NEXT2, n2, 0, 0);
    ADD(F_CAPS, caps ? 1 + (caps > 1) : 0, words ? upper * 4 / words : 0, 0);
    /* The sentence (of the first token) and how much of it the span covers. */
    uint32_t sn = c->sent[a];
    uint8_t sf = c->n_sents ? c->sflags[sn] : 0;
    ADD(F_EXCL, (uint32_t)excl, !!(sf & PX_TS_EXCL), 0);
    ADD(F_QUEST, (uint32_t)quest, !!(sf & PX_TS_QUEST), 0);
    int inq = (c->flags[a] & PX_TT_QUOTED) != 0;
    int around =
        (a > 0 && (c->flags[a - 1] & PX_TT_QMARK)) || (b < c->n && (c->flags[b] & PX_TT_QMARK));
    ADD(F_QUOTE, (uint32_t)qmark, (uint32_t)inq, (uint32_t)around);
    size_t rep = repeats(c, a, b);
    size_t maxf = 0;
    for (size_t i = a; i < b; i++)
        if (is_word(c, i) && c->t[i].key_len > 3 && c->freq[i] > maxf)
            maxf = c->freq[i];
    ADD(F_REPEAT, bin(rep), bin(maxf), len <= 3);
    ADD(F_LOADED, bin(loaded), len <= 2, 0);
    ADD(F_NEG, bin(neg), 0, 0);
    ADD(F_POS, bin(pos), 0, 0);
    ADD(F_MAXV, (uint32_t)maxv, 0, 0);
    ADD(F_SUPER, (uint32_t)super, 0, 0);
    ADD(F_ABS, (uint32_t)abs, 0, 0);
    ADD(F_IMPER, !!(sf & PX_TS_IMPER), (uint32_t)root, 0);
    if (c->n_sents) {
        size_t slen = c->sfirst[sn + 1] - c->sfirst[sn];
        ADD(F_COVER, slen ? (uint32_t)(len * 4 / slen) : 0, 0, 0);
        ADD(F_TITLE, !!(sf & PX_TS_TITLE), 0, 0);
        ADD(F_SLOADED, bin(c->sloaded[sn]), 0, 0);
    }
    return n;
}

size_t px__tec_token_features(const px_tec_ctx *c, size_t i, uint32_t *f)
{
    size_t n = 0;
    uint32_t k = c->key[i];
    uint32_t p1 = i > 0 ? c->key[i - 1] : 1, p2 = i > 1 ? c->key[i - 2] : 1;
    uint32_t n1 = i + 1 < c->n ? c->key[i + 1] : 1, n2 = i + 2 < c->n ? c->key[i + 2] : 1;
    uint32_t sn = c->sent[i];
    uint8_t sf = c->n_sents ? c->sflags[sn] : 0;
    uint16_t fl = c->flags[i];
    ADD(F_BIAS, 0, 0, 0);
    ADD(T_WORD, k, 0, 0);
    ADD(T_PREV1, p1, 0, 0);
    ADD(T_PREV2, p2, 0, 0);
    ADD(T_NEXT1, n1, 0, 0);
    ADD(T_NEXT2, n2, 0, 0);
    ADD(T_BIL, p1, k, 0);
    ADD(T_BIR, k, n1, 0);
    uint64_t sfx = suffix(c, i);
    if (sfx)
        ADD(T_SUFFIX, sfx, 0, 0);
    uint32_t pp = i > 0 ? c->pos[i - 1] : 0, pn = i + 1 < c->n ? c->pos[i + 1] : 0;
    ADD(T_UPOS, c->pos[i], 0, 0);
    ADD(T_UPOSCTX, pp, c->pos[i], pn);
    ADD(T_VADER, (uint32_t)(int32_t)c->vader[i], 0, 0);
    ADD(T_FLAGS, fl & (PX_TT_LOADED | PX_TT_NEG | PX_TT_POS | PX_TT_STRONG), 0, 0);
    ADD(T_FLAGS, fl & (PX_TT_ABS | PX_TT_SUPER), 1, 0);
    ADD(T_FLAGS, fl & (PX_TT_QUOTED | PX_TT_QMARK), 2, 0);
    ADD(T_FLAGS, fl & (PX_TT_CAPS | PX_TT_UPPER1 | PX_TT_ROOT), 3, 0);
    ADD(T_SFLAGS, sf, 0, 0);
    if (c->n_sents) {
        size_t slen = c->sfirst[sn + 1] - c->sfirst[sn];
        size_t at = i - c->sfirst[sn];
        ADD(T_SLOADED, bin(c->sloaded[sn]), 0, 0);
        ADD(T_SLEN, bin(slen), 0, 0);
        ADD(T_SPOS, bin(at), slen ? (uint32_t)(at * 4 / slen) : 0, 0);
        ADD(T_SENTBAG, bin(c->sloaded[sn]), sf, bin(slen));
    }
    ADD(T_FREQ, bin(c->freq[i]), c->t[i].key_len > 3, 0);
    int near = 0;
    for (size_t j = i > 3 ? i - 3 : 0; j < i + 4 && j < c->n; j++)
        near += j != i && (c->flags[j] & PX_TT_LOADED);
    ADD(T_NEARLOADED, (uint32_t)near, 0, 0);
    ADD(T_WORDQ, k, (fl & PX_TT_QUOTED) != 0, 0);
    ADD(T_WORDS, k, bin(c->sloaded[sn]) > 1, 0);
    ADD(T_PREVV, i > 0 ? (uint32_t)(int32_t)c->vader[i - 1] : 99, 0, 0);
    ADD(T_NEXTV, i + 1 < c->n ? (uint32_t)(int32_t)c->vader[i + 1] : 99, 0, 0);
    if (c->wcls) {
        uint32_t cp = i > 0 ? c->wcls[i - 1] : 9999, cn = i + 1 < c->n ? c->wcls[i + 1] : 9999;
        ADD(T_CLS, c->wcls[i], 0, 0);
        ADD(T_CLSP, cp, 0, 0);
        ADD(T_CLSN, cn, 0, 0);
        ADD(T_CLSCTX, cp, c->wcls[i], cn);
        ADD(T_REL, c->rel[i], 0, 0);
        ADD(T_RELH, c->rel[i], c->hrel[i], 0);
        ADD(T_DEPTH, bin(c->depth[i]), 0, 0);
        ADD(T_LEDGE, c->ledge[i], c->lrel[i], 0);
        ADD(T_REDGE, c->redge[i], c->rrel[i], 0);
        ADD(T_PREVEDGE, i > 0 ? c->redge[i - 1] : 9, 0, 0);
        ADD(T_NEXTEDGE, i + 1 < c->n ? c->ledge[i + 1] : 9, 0, 0);
    }
    return n;
}
