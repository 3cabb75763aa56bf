/* One document's context for the technique models, computed once: per token
 * its word hash, lexicon valence, flags (loaded, absolute, superlative,
 * quoted, capitals), part of speech from the parse and its count in the
 * article; per sentence its punctuation, quotes, imperative mood and loaded
 * words. Everything lives in the document's arena. */
#include <stdlib.h>
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/technique/technique.h"

/* Absolutes and universal words ("all", "never", "always", ...). */
static const char *const ABSOLUTES[] = {
    "all",        "never",      "always",    "every",   "everyone",   "everybody",  "everything",
    "nobody",     "nothing",    "none",      "forever", "completely", "totally",    "entirely",
    "absolutely", "whatsoever", "ever",      "only",    "must",       "undeniable", "undeniably",
    "certainly",  "clearly",    "obviously", "nowhere", "everywhere", "whole",
};

static const char *const UPOS[] = {"ADJ",   "ADP",   "ADV", "AUX",  "CCONJ", "DET",
                                   "INTJ",  "NOUN",  "NUM", "PART", "PRON",  "PROPN",
                                   "PUNCT", "SCONJ", "SYM", "VERB", "X"};

#define NABS (sizeof ABSOLUTES / sizeof *ABSOLUTES)

static int is_absolute(const uint64_t *hs, uint64_t h)
{
    for (size_t i = 0; i < NABS; i++)
        if (hs[i] == h)
            return 1;
    return 0;
}

static int prefix(px_slice r, const char *p)
{
    size_t n = strlen(p);
    return r.len >= n && !memcmp(r.ptr, p, n);
}

/* A quotation mark token: " “ ” « » (and ' is left out: apostrophes). */
static int is_qmark(const px_doc *d, const px_token *t)
{
    const uint8_t *p = d->text.ptr + t->start;
    size_t n = t->end - t->start;
    if (n == 1)
        return p[0] == '"';
    if (n == 3 && p[0] == 0xE2 && p[1] == 0x80)
        return p[2] == 0x9C || p[2] == 0x9D;
    if (n == 2 && p[0] == 0xC2)
        return p[1] == 0xAB || p[1] == 0xBB;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Counts of each key in the document: a sorted copy, then binary search. */
static void frequencies(px_tec_ctx *c, uint32_t *sorted)
{
    memcpy(sorted, c->key, c->n * sizeof *sorted);
    qsort(sorted, c->n, sizeof *sorted, cmp_u32);
    for (size_t i = 0; i < c->n; i++) {
        size_t lo = 0, hi = c->n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (sorted[mid] < c->key[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t j = lo;
        while (j < c->n && sorted[j] == c->key[i] && j - lo < 65535)
            j++;
        c->freq[i] = (uint16_t)(j - lo);
    }
}

/* Part of speech, superlatives and imperative roots from the parse. */
static void from_parse(px_tec_ctx *c, const struct px_syntax *sx, uint32_t *left, uint32_t *right)
{
    const px_syn_model *m = sx->model;
    uint8_t pos_of[PX_SYN_MAXTAGS];
    uint8_t super[PX_SYN_MAXTAGS], vb[PX_SYN_MAXTAGS];
    for (uint32_t t = 0; t < m->ntags && t < PX_SYN_MAXTAGS; t++) {
        pos_of[t] = 0;
        for (size_t u = 0; u < sizeof UPOS / sizeof *UPOS; u++)
            if (px_slice_eq(m->upos[t], px_slice_cstr(UPOS[u])))
                pos_of[t] = (uint8_t)(u + 1);
        super[t] = px_slice_eq(m->xpos[t], PX_SLICE_LIT("JJS")) ||
                   px_slice_eq(m->xpos[t], PX_SLICE_LIT("RBS"));
        vb[t] = px_slice_eq(m->xpos[t], PX_SLICE_LIT("VB"));
    }
    for (size_t i = 0; i < sx->n; i++) {
        const px_sword *w = &sx->w[i];
        if (w->tok >= c->n || w->tag >= m->ntags)
            continue;
        if (!c->pos[w->tok])
            c->pos[w->tok] = pos_of[w->tag];
        if (super[w->tag])
            c->flags[w->tok] |= PX_TT_SUPER;
    }
    /* Word classes, relations, depth and the subtrees that start or end at
     * each token (phrase boundaries). */
    uint32_t relh[PX_SYN_MAXRELS + 1];
    for (uint32_t r = 0; r < m->nrels && r < PX_SYN_MAXRELS; r++)
        relh[r] = (uint32_t)px__hash64(m->rels[r].ptr, m->rels[r].len, 5) | 1;
    for (size_t i = 0; i < sx->n; i++) {
        const px_sword *w = &sx->w[i];
        if (w->tok >= c->n || (i > 0 && sx->w[i - 1].tok == w->tok))
            continue;
        if (m->classes.n)
            c->wcls[w->tok] =
                (uint16_t)px__syn_word_class(m, c->d->text.ptr + w->start, w->end - w->start);
        c->rel[w->tok] = w->rel < m->nrels ? relh[w->rel] : 0;
        if (w->head >= 0 && (size_t)w->head < sx->n) {
            const px_sword *h = &sx->w[w->head];
            c->hrel[w->tok] = h->rel < m->nrels ? relh[h->rel] : 0;
        }
    }
    for (size_t s = 0; s < sx->n_sents; s++) {
        uint32_t a = sx->sent_first[s], b = sx->sent_first[s + 1];
        for (uint32_t i = a; i < b; i++)
            left[i] = right[i] = i;
        for (uint32_t i = a; i < b; i++) {
            uint32_t j = i, d = 0;
            while (sx->w[j].head >= (int32_t)a && sx->w[j].head < (int32_t)b && d < 64) {
                j = (uint32_t)sx->w[j].head;
                left[j] = i < left[j] ? i : left[j];
                right[j] = i > right[j] ? i : right[j];
                d++;
            }
            if (sx->w[i].tok < c->n)
                c->depth[sx->w[i].tok] = (uint8_t)d;
        }
        for (uint32_t i = a; i < b; i++) {
            uint32_t size = right[i] - left[i] + 1, lt = sx->w[left[i]].tok,
                     rt = sx->w[right[i]].tok;
            uint32_t rl = sx->w[i].rel < m->nrels ? relh[sx->w[i].rel] : 0;
            if (size < 2 || lt >= c->n || rt >= c->n)
                continue;
            uint8_t sb = (uint8_t)(size < 3 ? 1 : size < 5 ? 2 : size < 9 ? 3 : 4);
            if (sb > c->ledge[lt])
                c->ledge[lt] = sb, c->lrel[lt] = rl;
            if (sb > c->redge[rt])
                c->redge[rt] = sb, c->rrel[rt] = rl;
        }
    }
    /* An imperative: a root tagged VB with no subject among its dependents. */
    for (size_t s = 0; s < sx->n_sents; s++) {
        for (uint32_t i = sx->sent_first[s]; i < sx->sent_first[s + 1]; i++) {
            const px_sword *w = &sx->w[i];
            if (w->head != -1 || w->tag >= m->ntags || !vb[w->tag] || w->tok >= c->n)
                continue;
            int subj = 0;
            for (uint32_t j = sx->sent_first[s]; j < sx->sent_first[s + 1] && !subj; j++) {
                px_slice r = sx->w[j].rel < m->nrels ? m->rels[sx->w[j].rel] : PX_SLICE_NULL;
                subj = sx->w[j].head == (int32_t)i && (prefix(r, "nsubj") || prefix(r, "expl") ||
                                                       prefix(r, "aux") || prefix(r, "mark"));
            }
            if (!subj) {
                c->flags[w->tok] |= PX_TT_ROOT;
                c->sflags[c->sent[w->tok]] |= PX_TS_IMPER;
            }
        }
    }
}

#define NEW(T, n) PX_ARENA_NEW(a, T, (n) + 1)

px_status px__tec_ctx(px_doc *d, const px_tec_model *m, const px_tec_lex *lex, px_tec_ctx *c)
{
    (void)m;
    memset(c, 0, sizeof *c);
    px_arena *a = d->arena;
    size_t n = d->n_toks, ns = d->n_sents;
    c->d = d;
    c->n = n;
    c->t = d->toks;
    c->n_sents = ns;
    c->key = NEW(uint32_t, n);
    c->flags = NEW(uint16_t, n);
    c->vader = NEW(int8_t, n);
    c->pos = NEW(uint8_t, n);
    c->freq = NEW(uint16_t, n);
    c->sent = NEW(uint32_t, n);
    c->sfirst = NEW(uint32_t, ns + 1);
    c->sflags = NEW(uint8_t, ns);
    c->sloaded = NEW(uint16_t, ns);
    uint32_t *tmp = NEW(uint32_t, n);
    c->wcls = NEW(uint16_t, n);
    c->rel = NEW(uint32_t, n);
    c->hrel = NEW(uint32_t, n);
    c->depth = NEW(uint8_t, n);
    c->ledge = NEW(uint8_t, n);
    c->redge = NEW(uint8_t, n);
    c->lrel = NEW(uint32_t, n);
    c->rrel = NEW(uint32_t, n);
    if (!c->wcls || !c->rel || !c->hrel || !c->depth || !c->ledge || !c->redge || !c->lrel ||
        !c->rrel)
        return PX_ENOMEM;
    memset(c->wcls, 0, (n + 1) * sizeof *c->wcls);
    memset(c->rel, 0, (n + 1) * sizeof *c->rel);
    memset(c->hrel, 0, (n + 1) * sizeof *c->hrel);
    memset(c->depth, 0, n + 1);
    memset(c->ledge, 0, n + 1);
    memset(c->redge, 0, n + 1);
    memset(c->lrel, 0, (n + 1) * sizeof *c->lrel);
    memset(c->rrel, 0, (n + 1) * sizeof *c->rrel);
    if (!c->key || !c->flags || !c->vader || !c->pos || !c->freq || !c->sent || !c->sfirst ||
        !c->sflags || !c->sloaded || !tmp)
        return PX_ENOMEM;
    memset(c->pos, 0, n + 1);
    memset(c->sflags, 0, ns + 1);
    memset(c->sloaded, 0, (ns + 1) * sizeof *c->sloaded);
    uint64_t abs_h[NABS];
    for (size_t k = 0; k < NABS; k++) /* a few dozen bytes per document */
        abs_h[k] = px__hash64(ABSOLUTES[k], strlen(ABSOLUTES[k]), 0);
    size_t s = 0;
    int quoted = 0;
    uint32_t para_end = d->n_paras ? d->paras[0].end : UINT32_MAX;
    size_t para = 0;
    for (size_t i = 0; i < n; i++) {
        const px_token *t = &d->toks[i];
        while (s < ns && d->sents[s].end <= t->start)
            s++;
        c->sent[i] = (uint32_t)(s < ns ? s : ns ? ns - 1 : 0);
        /* Quotes do not run across paragraphs. */
        while (para < d->n_paras && t->start >= para_end) {
            para++;
            para_end = para < d->n_paras ? d->paras[para].end : UINT32_MAX;
            quoted = 0;
        }
        c->key[i] = (uint32_t)t->key_hash;
        uint16_t fl = 0;
        uint32_t v = px__tec_lex_get(lex, c->key[i]);
        int vd = PX_TEC_LEX_HASV(v) ? PX_TEC_LEX_VADER(v) : 0;
        int af = PX_TEC_LEX_HASA(v) ? PX_TEC_LEX_AFINN(v) : 0;
        if (t->kind == PX_TOK_WORD) {
            if (vd >= 15 || vd <= -15 || af >= 2 || af <= -2)
                fl |= PX_TT_LOADED;
            if (vd >= 25 || vd <= -25)
                fl |= PX_TT_STRONG;
            if (vd < 0 || af < 0)
                fl |= PX_TT_NEG;
            if (vd > 0 || af > 0)
                fl |= PX_TT_POS;
            if (is_absolute(abs_h, t->key_hash))
                fl |= PX_TT_ABS;
            if (t->flags & PX_TF_ALLCAPS)
                fl |= PX_TT_CAPS;
            if (t->flags & PX_TF_UPPER1)
                fl |= PX_TT_UPPER1;
            if ((t->key_len == 4 && !memcmp(t->key, "most", 4)) ||
                (t->key_len == 5 && !memcmp(t->key, "least", 5)))
                fl |= PX_TT_SUPER;
        }
        c->vader[i] = (int8_t)(vd / 5);
        if (is_qmark(d, t)) {
            fl |= PX_TT_QMARK;
            quoted = !quoted;
            if (ns)
                c->sflags[c->sent[i]] |= PX_TS_QUOTE;
        } else if (quoted)
            fl |= PX_TT_QUOTED;
        c->flags[i] = fl;
        if (ns && (fl & PX_TT_LOADED) && c->sloaded[c->sent[i]] < 65535)
            c->sloaded[c->sent[i]]++;
        if (ns && t->kind == PX_TOK_PUNCT) {
            uint8_t ch = d->text.ptr[t->start];
            if (ch == '!')
                c->sflags[c->sent[i]] |= PX_TS_EXCL;
            else if (ch == '?')
                c->sflags[c->sent[i]] |= PX_TS_QUEST;
        }
    }
    /* First token of each sentence. */
    size_t i = 0;
    for (s = 0; s <= ns; s++) {
        while (i < n && c->sent[i] < s)
            i++;
        c->sfirst[s] = (uint32_t)(s == ns ? n : i);
    }
    if (ns)
        c->sflags[0] |= PX_TS_TITLE;
    frequencies(c, tmp);
    if (d->syn && d->syn->model) {
        uint32_t *left = NEW(uint32_t, d->syn->n), *right = NEW(uint32_t, d->syn->n);
        if (!left || !right)
            return PX_ENOMEM;
        from_parse(c, d->syn, left, right);
    }
    return PX_OK;
}

void px__tec_tokens(const px_tec_ctx *c, uint32_t s, uint32_t e, size_t *a, size_t *b)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) { /* first token ending after s */
        size_t mid = (lo + hi) / 2;
        if (c->t[mid].end <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    *a = lo;
    while (lo < c->n && c->t[lo].start < e)
        lo++;
    *b = lo;
}
