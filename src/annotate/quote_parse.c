/* Quotations: reported speech through the dependency parse. After the
 * direct quotes and the pattern pass (quote_report.c), each clause the parse
 * attaches to a speech or belief verb of the cue lexicon (ccomp: "X said
 * [that] CONTENT", "X told Y CONTENT", "X believes CONTENT") that no quote
 * covers yet is reported speech; its source is the verb's subject (nsubj, or
 * the subject of the verb it is coordinated with: "X arrived and said …").
 * Only the sentences that need it are read (a cue the patterns left, a
 * quote without a source), off the document's parse (px__doc_syntax, shared
 * with the other analyses) projected onto parallax tokens; a sentence with a
 * token the parse has no word for is parsed here over parallax tokens
 * (px__syn_analyse). */
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/quote.h"

typedef struct qp_rels {
    int ccomp, nsubj, nsubjpass, conj, aux, auxpass, obj, xcomp, obl, advcl;
} qp_rels;

/* The token-level parse of the sentences parsed so far. */
typedef struct qp_parse {
    const px_syn_model *m;
    px_syn_work *w;
    qp_rels R;
    int32_t *head; /* token -> head token, -1 root, -2 not parsed */
    uint8_t *rel;
    px_syn_word *words;
    size_t cap;
    const struct px_syntax *syn; /* the document's parse, when made */
    uint32_t *tw;                /* token -> its first word in syn, UINT32_MAX: none */
} qp_parse;

static int rel_id(const px_syn_model *m, const char *name)
{
    return px__syn_rel_id(m, (px_slice){(const uint8_t *)name, strlen(name)});
}

/* The sentence [lo, hi) of token t. */
static void sent_range(const px_qctx *c, uint32_t t, uint32_t *lo, uint32_t *hi)
{
    uint32_t s = c->sent_of[t], b = t + 1;
    while (b < c->d->n_toks && c->sent_of[b] == s)
        b++;
    *lo = px__quote_sent_start(c, t);
    *hi = b;
}

/* The sentence [lo, hi) read off the document's parse, token by token: a
 * token's head and relation are those of its word whose head lies outside it
 * ("did" of "did|n't"). Returns 0 when a token has no word (then the sentence
 * is parsed on its own). */
static int from_doc(qp_parse *P, uint32_t lo, uint32_t hi)
{
    const struct px_syntax *y = P->syn;
    for (uint32_t t = lo; t < hi; t++)
        if (P->tw[t] == UINT32_MAX)
            return 0;
    for (uint32_t t = lo; t < hi; t++) {
        uint32_t w = P->tw[t], pick = w;
        for (; w < y->n && y->w[w].tok == t; w++)
            if (y->w[w].head < 0 || y->w[y->w[w].head].tok != t) {
                pick = w;
                break;
            }
        int32_t h = y->w[pick].head;
        P->head[t] = h < 0 ? -1 : (int32_t)y->w[h].tok;
        P->rel[t] = y->w[pick].rel;
    }
    return 1;
}

/* Parses the sentence [lo, hi) unless it is: read off the document's parse
 * when there is one (the analyses share one parse), else parsed here. */
static px_status parse_sent(const px_qctx *c, qp_parse *P, uint32_t lo, uint32_t hi)
{
    if (P->head[lo] != -2)
        return PX_OK;
    if (P->syn && from_doc(P, lo, hi))
        return PX_OK;
    const px_doc *d = c->d;
    size_t n = hi - lo;
    if (n > P->cap) {
        px_syn_word *nw = px__realloc(P->words, n * sizeof *nw);
        if (!nw)
            return PX_ENOMEM;
        P->words = nw;
        P->cap = n;
    }
    for (size_t i = 0; i < n; i++) {
        const px_token *t = &d->toks[lo + i];
        P->words[i] = (px_syn_word){d->text.ptr + t->start, t->end - t->start};
    }
    px_status st = px__syn_work_reserve(P->w, n);
    if (!st)
        st = px__syn_analyse(P->m, &P->w->s, P->words, n, P->w->tags, P->w->head, P->w->rel);
    if (st)
        return st;
    for (size_t i = 0; i < n; i++) {
        P->head[lo + i] = P->w->head[i] < 0 ? -1 : (int32_t)lo + P->w->head[i];
        P->rel[lo + i] = P->w->rel[i];
    }
    return PX_OK;
}

/* Is token a (transitively) under token top? */
static int under(const qp_parse *P, int32_t a, int32_t top)
{
    for (int k = 0; a >= 0 && k < 64; k++) {
        if (a == top)
            return 1;
        a = P->head[a];
    }
    return 0;
}

/* The token range of the subtree of top in the sentence [s0, s1). */
static px_trange subtree(const qp_parse *P, uint32_t s0, uint32_t s1, int32_t top)
{
    uint32_t lo = UINT32_MAX, hi = 0;
    for (uint32_t j = s0; j < s1; j++)
        if (under(P, (int32_t)j, top)) {
            if (j < lo)
                lo = j;
            hi = j + 1;
        }
    if (lo == UINT32_MAX)
        return (px_trange){0, 0};
    return (px_trange){lo, hi};
}

/* The subtree of subject sj of h, joined with those of the other subjects of
 * h before h: two subjects of one verb are one noun phrase the parse split
 * ("Nine [in 10 Democratic voters] say"). */
static px_trange subject_range(const qp_parse *P, uint32_t s0, uint32_t s1, int32_t sj)
{
    int32_t h = P->head[sj];
    px_trange r = subtree(P, s0, s1, sj);
    for (uint32_t j = s0; j < s1 && j < (uint32_t)h; j++)
        if ((int32_t)j != sj && P->head[j] == h && P->rel[j] == P->R.nsubj) {
            px_trange o = subtree(P, s0, s1, (int32_t)j);
            if (o.hi > o.lo) {
                r.lo = o.lo < r.lo ? o.lo : r.lo;
                r.hi = o.hi > r.hi ? o.hi : r.hi;
            }
        }
    return r;
}

/* The first child of h with relation r (or r2), or -1. */
static int32_t child(const qp_parse *P, uint32_t s0, uint32_t s1, int32_t h, int r, int r2)
{
    for (uint32_t j = s0; j < s1; j++)
        if (P->head[j] == h && (P->rel[j] == r || (r2 >= 0 && P->rel[j] == r2)))
            return (int32_t)j;
    return -1;
}
static int is_closing(const px_doc *d, uint32_t i)
{
    const px_token *t = &d->toks[i];
    if (t->kind != PX_TOK_PUNCT)
        return 0;
    if (px__qtok_punct(d, i, '.') || px__qtok_punct(d, i, ',') || px__qtok_punct(d, i, ';') ||
        px__qtok_punct(d, i, ':') || px__qtok_punct(d, i, '!') || px__qtok_punct(d, i, '?'))
        return 1;
    const uint8_t *p = d->text.ptr + t->start;
    return t->end - t->start == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x94 || p[2] == 0x93);
}

/* Is the cue word at token t one the patterns have not read? Sets *flags. */
static int fresh_cue(const px_qctx *c, uint32_t t, uint32_t *flags)
{
    const px_doc *d = c->d;
    if (c->inq[t] || c->used[t] || c->inc[t] || d->toks[t].kind != PX_TOK_WORD)
        return 0;
    size_t pos = 0;
    px_lex_match m;
    size_t n = d->n_toks - t < 3 ? d->n_toks - t : 3;
    if (!px__lex_next(c->res->cues, d->toks + t, n, &pos, &m) || m.tok_start != 0)
        return 0;
    if (m.payload & (PX_CUE_NOUN | PX_CUE_ACC | PX_CUE_QUOTE))
        return 0;
    if (!(m.payload & PX_CUE_SAY))
        return 0;
    if (px__quote_false_cue(d, t, t + m.tok_end))
        return 0;
    /* no clause can follow: the sentence ends, or an infinitive or a
     * preposition comes next ("declined to", "talked about") */
    static const char *const NO_CLAUSE[] = {"to",   "about", "by", "of", "from",
                                            "with", "for",   "as", NULL};
    uint32_t e = t + m.tok_end;
    if (e >= d->n_toks || c->sent_of[e] != c->sent_of[t] || px__qtok_in(d, e, NO_CLAUSE) ||
        px__qtok_punct(d, e, '.') || px__qtok_punct(d, e, ':') || px__qtok_punct(d, e, ';') ||
        px__qtok_punct(d, e, ')') || px__qtok_punct(d, e, '?') || px__qtok_punct(d, e, '!'))
        return 0;
    *flags = m.payload;
    return 1;
}

/* The reported clause w (a ccomp) of a cue verb, in the sentence [s0, s1). */
static px_status clause(px_qctx *c, const qp_parse *P, uint32_t s0, uint32_t s1, int32_t w)
{
    const px_doc *d = c->d;
    const qp_rels *R = &P->R;
    int32_t h = P->head[w];
    if (h < 0)
        return PX_OK;
    uint32_t ht = (uint32_t)h, flags = 0;
    if (!fresh_cue(c, ht, &flags))
        return PX_OK;
    px_trange a = subtree(P, s0, s1, w);
    if (a.hi <= a.lo + 1 || a.lo <= ht)
        return PX_OK; /* content before its verb: the patterns read those */
    while (a.hi > a.lo && is_closing(d, a.hi - 1))
        a.hi--;
    while (a.lo < a.hi && is_closing(d, a.lo)) /* "said, the era …": the comma is not said */
        a.lo++;
    if (a.hi <= a.lo + 1)
        return PX_OK;
    uint32_t nq = 0;
    for (uint32_t i = a.lo; i < a.hi; i++) {
        if (c->inc[i] || c->used[i])
            return PX_OK; /* overlaps an attribution already made */
        nq += c->inq[i];
    }
    if (nq * 2 > a.hi - a.lo)
        return PX_OK;
    /* a belief verb needs "that" or a subject in its clause: "thinks [he] can win" */
    if ((flags & PX_CUE_WEAK) && !px__qtok_is(d, a.lo, "that") &&
        child(P, s0, s1, w, R->nsubj, R->nsubjpass) < 0)
        return PX_OK;
    /* the source: the verb's subject, or that of the verb it is coordinated with */
    int32_t sj = child(P, s0, s1, h, R->nsubj, -1);
    if (sj < 0 && P->rel[h] == R->conj && P->head[h] >= 0)
        sj = child(P, s0, s1, P->head[h], R->nsubj, -1);
    px_trange src = {0, 0};
    if (sj >= 0) {
        src = subject_range(P, s0, s1, sj);
        if (src.hi > ht || src.hi <= src.lo)
            src = (px_trange){0, 0};
        else
            for (uint32_t i = src.lo; i < src.hi; i++)
                if (c->inq[i] || c->used[i]) {
                    src = (px_trange){0, 0};
                    break;
                }
        while (src.hi > src.lo && is_closing(d, src.hi - 1))
            src.hi--;
    }
    if (src.hi == src.lo && (flags & PX_CUE_WEAK))
        return PX_OK;
    /* the cue: the verb with its auxiliaries before it ("has said", "will tell") */
    px_trange cue = {ht, ht + 1};
    for (uint32_t j = s0; j < s1; j++)
        if (P->head[j] == h && (P->rel[j] == R->aux || P->rel[j] == R->auxpass) && j < cue.lo &&
            j >= src.hi)
            cue.lo = j;
    px_span sp = px__quote_span(d, a);
    return px__quote_emit(c, &sp, 1, cue, src, 0);
}

/* Stance verbs: "X supports / opposes / endorses Y", "X sees Y as Z" are
 * attributions too (PolNeAR marks Y, or "Y as Z", as what X holds). Read
 * only off the document's parse: the verb (tagged VERB), its subject as the
 * source (required), its object (or clausal complement) as the content; the
 * perception verbs need their "as" phrase. */
static const char *const STANCE[] = {
    "support",  "supports",  "supported", "supporting", "oppose",    "opposes",  "opposed",
    "opposing", "endorse",   "endorses",  "endorsed",   "endorsing", "back",     "backs",
    "backed",   "backing",   "favor",     "favors",     "favored",   "favoring", "prefer",
    "prefers",  "preferred", "embrace",   "embraces",   "embraced",  "reject",   "rejects",
    "rejected", "rejecting", NULL};
static const char *const AS_VERBS[] = {"see",      "sees",    "saw",      "seen",      "seeing",
                                       "view",     "views",   "viewed",   "regard",    "regards",
                                       "regarded", "portray", "portrays", "portrayed", NULL};

/* v: a stance verb of STANCE, or of AS_VERBS when as is set. */
static px_status stance(px_qctx *c, const qp_parse *P, uint32_t s0, uint32_t s1, uint32_t v, int as)
{
    const px_doc *d = c->d;
    const qp_rels *R = &P->R;
    uint32_t w = P->tw[v];
    const struct px_syntax *y = P->syn;
    if (!px_slice_eq(y->model->upos[y->w[w].tag], PX_SLICE_LIT("VERB")))
        return PX_OK;
    if (c->inq[v] || c->used[v] || c->inc[v])
        return PX_OK;
    int32_t o = child(P, s0, s1, (int32_t)v, R->obj, R->xcomp);
    if (o < 0)
        o = child(P, s0, s1, (int32_t)v, R->ccomp, -1);
    int32_t sj = child(P, s0, s1, (int32_t)v, R->nsubj, -1);
    if (o < 0 || sj < 0 || (uint32_t)o < v || (uint32_t)sj > v)
        return PX_OK;
    px_trange a = subtree(P, s0, s1, o);
    if (as) { /* the "as" phrase: in the object ("the treaty as a threat"), or a
               * sibling after it */
        uint32_t end = 0;
        for (uint32_t j = (uint32_t)o + 1; j < a.hi && !end; j++)
            if (px__qtok_is(d, j, "as"))
                end = a.hi;
        for (uint32_t j = a.hi; j < s1 && !end; j++)
            if (P->head[j] == (int32_t)v &&
                (P->rel[j] == R->obl || P->rel[j] == R->advcl || P->rel[j] == R->xcomp)) {
                px_trange x = subtree(P, s0, s1, (int32_t)j);
                if (px__qtok_is(d, x.lo, "as"))
                    end = x.hi;
                break;
            }
        if (!end)
            return PX_OK;
        a.hi = end;
    }
    while (a.hi > a.lo && is_closing(d, a.hi - 1))
        a.hi--;
    if (a.hi <= a.lo)
        return PX_OK;
    for (uint32_t i = a.lo; i < a.hi; i++)
        if (c->inc[i] || c->used[i] || c->inq[i])
            return PX_OK;
    px_trange src = subject_range(P, s0, s1, sj);
    if (src.hi > v || src.hi <= src.lo)
        return PX_OK;
    for (uint32_t i = src.lo; i < src.hi; i++)
        if (c->inq[i] || c->used[i] || c->inc[i])
            return PX_OK;
    px_trange cue = {v, v + 1};
    for (uint32_t j = s0; j < s1; j++)
        if (P->head[j] == (int32_t)v && (P->rel[j] == R->aux || P->rel[j] == R->auxpass) &&
            j < cue.lo && j >= src.hi)
            cue.lo = j;
    px_span sp = px__quote_span(d, a);
    return px__quote_emit(c, &sp, 1, cue, src, 0);
}

/* Is the source span a determiner alone ("The" of "The real estate tycoon,
 * vowing …", read by the patterns as a capitalized subject)? */
static int lone_det(const px_doc *d, px_span s)
{
    static const char *const DETS[] = {"the",   "a",     "an",   "this", "that",
                                       "these", "those", "some", "his",  "her",
                                       "their", "its",   "our",  "my",   NULL};
    uint32_t t = px__doc_tok_at(d, s.start);
    return t < d->n_toks && d->toks[t].end == s.end && px__qtok_in(d, t, DETS);
}

static int upos_is(const qp_parse *P, uint32_t t, const char *tag)
{
    const struct px_syntax *y = P->syn;
    if (!y || P->tw[t] == UINT32_MAX)
        return 0;
    px_slice u = y->model->upos[y->w[P->tw[t]].tag];
    return u.len == strlen(tag) && memcmp(u.ptr, tag, u.len) == 0;
}

/* Is a source the patterns read not a noun phrase by the document's parse:
 * a verb in it ("Trump unleashed a series of"), a preposition before it
 * ("through the streets", "At a recent news conference"), or a number
 * alone ("2010")? */
static int suspect(const px_qctx *c, const qp_parse *P, px_span s)
{
    const px_doc *d = c->d;
    if (!P->syn || s.start == UINT32_MAX)
        return 0;
    uint32_t a = px__doc_tok_at(d, s.start), b = px__doc_tok_at(d, s.end);
    if (a >= b)
        return 0;
    if (b == a + 1 && upos_is(P, a, "NUM"))
        return 1;
    /* "Therefore", "Earlier", "Once" read as a subject at a sentence start */
    if (upos_is(P, a, "ADV") || upos_is(P, a, "SCONJ") || upos_is(P, a, "ADP") ||
        upos_is(P, a, "CCONJ"))
        return 1;
    /* a dateline: "WASHINGTON —", "PARIS (AP)" */
    if ((d->toks[a].flags & PX_TF_ALLCAPS) && b < d->n_toks &&
        (px__qtok_punct(d, b, '(') ||
         (d->toks[b].kind == PX_TOK_PUNCT && d->toks[b].end - d->toks[b].start == 3 &&
          d->text.ptr[d->toks[b].start] == 0xE2) ||
         px__qtok_punct(d, b, '-')))
        return 1;
    if (a > 0 && upos_is(P, a - 1, "ADP") && !px__qtok_is(d, a - 1, "of"))
        return 1;
    for (uint32_t i = a; i < b; i++)
        if (upos_is(P, i, "VERB"))
            return 1;
    return 0;
}

/* Sources through the parse: a cue verb's subject gives the source of a
 * quote the patterns left without one, and replaces a direct quote's source
 * that is not part of the subject (reported speech keeps the words the
 * patterns read: measured better on PolNeAR train and dev). */
static px_status sources(px_qctx *c, qp_parse *P)
{
    px_doc *d = c->d;
    for (size_t qi = 0; qi < c->n_out; qi++) {
        px_quote *q = &c->out[qi];
        int weak =
            q->source.start == UINT32_MAX || lone_det(d, q->source) || suspect(c, P, q->source);
        if (q->cue.start == UINT32_MAX || !weak)
            continue;
        /* the cue's verb: the first of its tokens a cue of the lexicon starts
         * at ("said" of "has said", "called" of "called for") */
        uint32_t ce = px__doc_tok_at(d, q->cue.end), ct = UINT32_MAX;
        size_t pos = 0;
        px_lex_match m;
        for (uint32_t t = px__doc_tok_at(d, q->cue.start); t < ce && ct == UINT32_MAX; t++) {
            pos = 0;
            if (px__lex_next(c->res->cues, d->toks + t, ce - t, &pos, &m) && m.tok_start == 0)
                ct = t;
        }
        if (ct >= d->n_toks || d->toks[ct].kind != PX_TOK_WORD || c->inq[ct] ||
            px__quote_asked(d, (px_trange){px__doc_tok_at(d, q->cue.start), ce}))
            continue;
        /* raising verbs have no source ("it appeared that …") */
        if (!(m.payload & (PX_CUE_SAY | PX_CUE_CTRL)))
            continue;
        uint32_t s0, s1;
        sent_range(c, ct, &s0, &s1);
        px_status st = parse_sent(c, P, s0, s1);
        if (st)
            return st;
        int32_t h = (int32_t)ct;
        int32_t sj = child(P, s0, s1, h, P->R.nsubj, -1);
        /* "X criticized the plan, saying …", "X responded by saying …", "X
         * went on to say …": the subject of the verb the cue hangs from
         * (an adverbial clause, a complement or a conjunct, up to 3 up) */
        for (int up = 0; sj < 0 && up < 3 && P->head[h] >= 0; up++) {
            if (P->rel[h] != P->R.conj && P->rel[h] != P->R.advcl && P->rel[h] != P->R.xcomp)
                break;
            h = P->head[h];
            sj = child(P, s0, s1, h, P->R.nsubj, -1);
        }
        if (sj < 0)
            continue;
        px_trange src = px__quote_trim_dateline(c, subject_range(P, s0, s1, sj));
        while (src.hi > src.lo && is_closing(d, src.hi - 1))
            src.hi--;
        if (src.hi <= src.lo)
            continue;
        int bad = 0;
        for (uint32_t i = src.lo; i < src.hi && !bad; i++)
            bad = c->inq[i] || (d->toks[i].start >= q->content[0].start &&
                                d->toks[i].end <= q->content[q->n_content - 1].end);
        if (bad)
            continue;
        px_span ps = px__quote_span(d, src);
        if (q->source.start != UINT32_MAX && ps.start < q->source.end && q->source.start < ps.end &&
            !lone_det(d, q->source) && !suspect(c, P, q->source))
            continue;
        q->source = ps;
        q->speaker = px__quote_speaker(c, src);
    }
    return PX_OK;
}

px_status px__quote_parsed(px_qctx *c)
{
    px_doc *d = c->d;
    if (!d->n_toks || (d->lang.ptr && !px_slice_eq(d->lang, PX_SLICE_LIT("en"))))
        return PX_OK;
    if (px__syntax_engine(d->engine, d->errmsg) != PX_OK) {
        d->errmsg[0] = 0; /* no parse (syntax off, no model): the patterns stand */
        return PX_OK;
    }
    qp_parse P = {.m = d->engine->syn_model, .w = d->engine->syn_work};
    P.R = (qp_rels){rel_id(P.m, "ccomp"), rel_id(P.m, "nsubj"), rel_id(P.m, "nsubj:pass"),
                    rel_id(P.m, "conj"),  rel_id(P.m, "aux"),   rel_id(P.m, "aux:pass"),
                    rel_id(P.m, "obj"),   rel_id(P.m, "xcomp"), rel_id(P.m, "obl"),
                    rel_id(P.m, "advcl")};
    if (P.R.ccomp < 0 || P.R.nsubj < 0)
        return PX_OK;
    P.head = PX_ARENA_NEW(d->arena, int32_t, d->n_toks);
    P.rel = PX_ARENA_NEW(d->arena, uint8_t, d->n_toks);
    if (!P.head || !P.rel)
        return PX_ENOMEM;
    for (size_t i = 0; i < d->n_toks; i++)
        P.head[i] = -2;
    px_status st = px__doc_syntax(d);
    if (st)
        return st;
    if (d->syn && d->syn->n && d->syn->model == P.m) {
        P.tw = PX_ARENA_NEW(d->arena, uint32_t, d->n_toks);
        if (!P.tw)
            return PX_ENOMEM;
        for (size_t i = 0; i < d->n_toks; i++)
            P.tw[i] = UINT32_MAX;
        for (size_t w = d->syn->n; w-- > 0;)
            if (d->syn->w[w].tok < d->n_toks)
                P.tw[d->syn->w[w].tok] = (uint32_t)w;
        P.syn = d->syn;
    }
    /* clauses of the cues the patterns left, sentence by sentence */
    size_t pos = 0;
    px_lex_match m;
    while (!st && px__lex_next(c->res->cues, d->toks, d->n_toks, &pos, &m)) {
        uint32_t t = m.tok_start, flags;
        if (!fresh_cue(c, t, &flags))
            continue;
        uint32_t s0, s1;
        sent_range(c, t, &s0, &s1);
        if (P.head[s0] != -2)
            continue; /* this sentence was read */
        st = parse_sent(c, &P, s0, s1);
        for (uint32_t j = s0; j < s1 && !st; j++)
            if (P.rel[j] == P.R.ccomp)
                st = clause(c, &P, s0, s1, (int32_t)j);
    }
    /* stance verbs, off the document's parse only */
    for (uint32_t t = 0; !st && P.syn && t < d->n_toks; t++) {
        if (d->toks[t].kind != PX_TOK_WORD)
            continue;
        int as = px__qtok_in(d, t, AS_VERBS);
        if (!as && !px__qtok_in(d, t, STANCE))
            continue;
        uint32_t s0, s1;
        sent_range(c, t, &s0, &s1);
        st = parse_sent(c, &P, s0, s1);
        if (!st && P.head[s0] != -2 && P.tw[t] != UINT32_MAX)
            st = stance(c, &P, s0, s1, t, as);
    }
    if (!st)
        st = sources(c, &P);
    px__free(P.words);
    return st;
}
