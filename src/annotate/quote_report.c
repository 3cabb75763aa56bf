/* Quotations: reported speech. Each sentence is matched against the cue
 * lexicon (outside direct quotes and the cues they used), and each cue is
 * read in one of four shapes:
 *   X said (that) CONTENT.          X told RT (on Monday) that CONTENT.
 *   CONTENT, X said.                CONTENT, said X.
 *   CONTENT1, X said, CONTENT2.     according to X, CONTENT / CONTENT, according to X.
 * Belief and report verbs (believes, thinks, suggested, showed) only take the
 * first shape with "that". */
#include <string.h>

#include "annotate/quote.h"

static int is_term(const px_doc *d, size_t i)
{
    return px__qtok_punct(d, i, '.') || px__qtok_punct(d, i, '!') || px__qtok_punct(d, i, '?');
}

/* Closing marks and terminators that end a clause: a content span stops before them. */
static int is_tail(const px_doc *d, size_t i)
{
    const px_token *t = &d->toks[i];
    if (t->kind != PX_TOK_PUNCT)
        return 0;
    if (is_term(d, i) || px__qtok_punct(d, i, ',') || px__qtok_punct(d, i, ';') ||
        px__qtok_punct(d, i, ':') || px__qtok_punct(d, i, ')'))
        return 1;
    const uint8_t *p = d->text.ptr + t->start;
    return t->end - t->start == 3 && p[0] == 0xE2 && p[1] == 0x80 &&
           (p[2] == 0x9D || p[2] == 0x99 || p[2] == 0x94 || p[2] == 0x93);
}

static int is_dash(const px_doc *d, size_t i)
{
    const px_token *t = &d->toks[i];
    const uint8_t *p = d->text.ptr + t->start;
    return t->kind == PX_TOK_PUNCT && t->end - t->start == 3 && p[0] == 0xE2 && p[1] == 0x80 &&
           (p[2] == 0x94 || p[2] == 0x93);
}

static uint32_t trim_tail(const px_doc *d, uint32_t lo, uint32_t hi)
{
    while (hi > lo && is_tail(d, hi - 1))
        hi--;
    return hi;
}

static const char *const LEAD[] = {"but", "and", "yet", "so", "still", "however", "now", NULL};

static uint32_t trim_lead(const px_doc *d, uint32_t lo, uint32_t hi)
{
    while (lo < hi && (px__qtok_in(d, lo, LEAD) || px__qtok_punct(d, lo, ',')))
        lo++;
    return lo;
}

/* Most tokens in one reported content part (bounds the work on run-on text). */
#define MAX_CONTENT 400

/* Words after a cue and before its "that": time, place and manner adjuncts. */
static const char *const ADJ_START[] = {
    "on",       "in",     "at",       "during",     "last",     "this",       "earlier",
    "late",     "later",  "today",    "yesterday",  "monday",   "tuesday",    "wednesday",
    "thursday", "friday", "saturday", "sunday",     "recently", "repeatedly", "privately",
    "publicly", "again",  "flatly",   "previously", "while",    "after",      "before",
    "to",       "via",    "through",  "over",       "when",     ",",          NULL};

static const char *const NOT_CLAUSE[] = {
    "on",    "in",    "at",     "during",  "to",       "by",        "for", "of",     "with",
    "from",  "about", "after",  "before",  "as",       "and",       "or",  "but",    "so",
    "than",  "up",    "out",    "nothing", "anything", "something", "no",  "yes",    "goodbye",
    "hello", "sorry", "thanks", "could",   "would",    "will",      "can", "should", "may",
    "might", "must",  "is",     "are",     "was",      "were",      "has", "have",   "had",
    "do",    "does",  "did",    "be",      "been",     "not",       NULL};

/* The addressee after "told": a pronoun, a name, or one or two common words
 * ("reporters", "the crowd"). Returns where it ends. */
static uint32_t object_end(const px_qctx *c, uint32_t k, uint32_t hi)
{
    static const char *const OBJ_PRON[] = {"him", "her", "them", "me", "us", "you", NULL};
    static const char *const DET[] = {"the", "a", "an", "his", "her", "their", "its", NULL};
    const px_doc *d = c->d;
    if (k >= hi || px__qtok_is(d, k, "that"))
        return k;
    if (px__qtok_in(d, k, OBJ_PRON))
        return k + 1;
    uint32_t e = k;
    if (d->toks[k].flags & PX_TF_UPPER1) {
        px_trange r = px__quote_np_right(c, k, hi);
        for (e = r.lo; e < r.hi && (d->toks[e].flags & PX_TF_UPPER1); e++)
            ;
        return e > k ? e : k;
    }
    if (px__qtok_in(d, k, DET))
        e++;
    if (e < hi && d->toks[e].kind == PX_TOK_WORD && !(d->toks[e].flags & PX_TF_UPPER1))
        e++;
    return e;
}

/* A later ", SOURCE said." in [k, hi) ends the content before it: returns
 * the comma, or hi. */
static uint32_t content_end(const px_qctx *c, uint32_t k, uint32_t hi)
{
    const px_doc *d = c->d;
    if (hi - k > MAX_CONTENT)
        hi = k + MAX_CONTENT;
    for (uint32_t i = k + 1; i < hi; i++) {
        if (!px__qtok_punct(d, i, ',') || c->inq[i])
            continue;
        size_t pos = 0;
        px_lex_match m;
        uint32_t lim = i + 12 < hi ? i + 12 : hi;
        if (!px__lex_next(c->res->cues, d->toks + i + 1, lim - i - 1, &pos, &m))
            continue;
        uint32_t a = i + 1 + m.tok_start, b = i + 1 + m.tok_end;
        if (!(m.payload & PX_CUE_SAY) || (m.payload & PX_CUE_QUOTE) || c->inq[a])
            continue;
        if (b >= hi || is_tail(d, b) || px__qtok_in(d, b, ADJ_START)) {
            px_trange s = px__quote_np_left(c, i + 1, a);
            if (s.lo == i + 1 && s.hi > s.lo)
                return i;
            if (a == i + 1) /* ", said X." */
                return i;
        }
    }
    return hi;
}

/* Is the source a poll, a study or a document? "A new poll shows Clinton
 * leading" needs no "that". */
static int evidence(const px_doc *d, px_trange src)
{
    static const char *const EVID[] = {
        "poll",     "polls", "survey",  "surveys", "study",     "studies", "report",  "analysis",
        "data",     "video", "footage", "records", "documents", "figures", "numbers", "results",
        "research", "memo",  "letter",  "average", "filing",    "filings", NULL};
    return src.hi > src.lo && px__qtok_in(d, src.hi - 1, EVID);
}

/* "A USA TODAY analysis of newly filed reports shows …", "A 2014 study by
 * Justin Levitt found …": an evidence noun among the words before the verb
 * (up to 12, within the clause). */
static uint32_t evidence_before(const px_doc *d, uint32_t slo, uint32_t sh)
{
    for (uint32_t i = sh; i > slo && sh - i < 12;) {
        i--;
        if (d->toks[i].kind == PX_TOK_PUNCT && !px__qtok_punct(d, i, '.') &&
            !px__qtok_punct(d, i, '\''))
            return UINT32_MAX;
        if (evidence(d, (px_trange){i, i + 1})) {
            /* back to the start of its noun phrase: "A 2014 study" */
            uint32_t k = i;
            while (k > slo && i - k < 4 && d->toks[k - 1].kind != PX_TOK_PUNCT &&
                   !px__qtok_is(d, k - 1, "that") && !px__qtok_is(d, k - 1, "and"))
                k--;
            return k;
        }
    }
    return UINT32_MAX;
}

/* Where the forward content of a cue ending at b starts, or UINT32_MAX. */
static uint32_t forward_start(const px_qctx *c, uint32_t b, uint32_t hi, uint32_t flags)
{
    const px_doc *d = c->d;
    uint32_t k = b;
    if (flags & PX_CUE_OBJ)
        k = object_end(c, k, hi);
    if (k >= hi)
        return UINT32_MAX;
    if (px__qtok_is(d, k, "that"))
        return k;
    /* "said on Monday that", "told reporters in Ohio that" */
    if (px__qtok_in(d, k, ADJ_START) || px__qtok_punct(d, k, ',')) {
        for (uint32_t i = k; i < hi && i - k < 10; i++) {
            if (c->inq[i] || is_term(d, i))
                break;
            if (px__qtok_is(d, i, "that"))
                return i;
        }
        return UINT32_MAX;
    }
    if (flags & PX_CUE_OBJ) /* "told a meeting of Pacific leaders that" */
        for (uint32_t i = k; i < hi && i - k < 8; i++) {
            if (c->inq[i] || is_tail(d, i))
                break;
            if (px__qtok_is(d, i, "that"))
                return i;
        }
    if (flags & PX_CUE_WEAK)
        return UINT32_MAX;
    const px_token *t = &d->toks[k];
    if (t->kind != PX_TOK_WORD && t->kind != PX_TOK_NUM)
        return UINT32_MAX;
    if (c->inq[k] || px__qtok_in(d, k, NOT_CLAUSE))
        return UINT32_MAX;
    return k;
}

/* Words before a cue that show it is not a finite verb of a subject. */
static const char *const STOP_BEFORE[] = {"to", "and", "or",   "not",   "that", "which", "who",
                                          "as", "be",  "been", "being", "by",   NULL};

static px_status emit2(px_qctx *c, px_trange a, px_trange b, px_trange cue, px_trange src)
{
    px_span sp[2];
    uint32_t n = 0;
    if (a.hi > a.lo)
        sp[n++] = px__quote_span(c->d, a);
    if (b.hi > b.lo)
        sp[n++] = px__quote_span(c->d, b);
    return px__quote_emit(c, sp, n, cue, src, 0);
}

/* Is the whole range inside direct quotes (already reported as such)? */
static int quoted(const px_qctx *c, px_trange r)
{
    for (uint32_t i = r.lo; i < r.hi; i++)
        if (!c->inq[i])
            return 0;
    return r.hi > r.lo;
}

static px_status according(px_qctx *c, uint32_t slo, uint32_t shi, px_lex_match m)
{
    const px_doc *d = c->d;
    px_trange src = px__quote_np_right(c, m.tok_end, shi);
    if (src.hi == src.lo) /* "according to exit polls", "according to police" */
        src = px__quote_np_right_loose(c, m.tok_end, shi);
    if (src.hi == src.lo)
        return PX_OK;
    px_trange cue = {m.tok_start, m.tok_end}, a = {0, 0}, b = {0, 0};
    uint32_t lo = trim_lead(d, slo, m.tok_start);
    if (lo == m.tok_start) { /* according to X, CONTENT */
        uint32_t k = src.hi;
        if (k < shi && px__qtok_punct(d, k, ','))
            k++;
        a = (px_trange){k, trim_tail(d, k, content_end(c, k, shi))};
    } else if (px__qtok_punct(d, m.tok_start - 1, ',') ||
               is_dash(d, m.tok_start - 1)) { /* CONTENT, according to X */
        if (m.tok_start - lo > MAX_CONTENT)
            lo = m.tok_start - MAX_CONTENT;
        a = (px_trange){lo, trim_tail(d, lo, m.tok_start)};
        uint32_t k = src.hi;
        if (k + 1 < shi && px__qtok_punct(d, k, ','))
            b = (px_trange){k + 1, trim_tail(d, k + 1, content_end(c, k + 1, shi))};
    }
    if (a.hi <= a.lo + 1 || quoted(c, a))
        return PX_OK;
    return emit2(c, a, b, cue, src);
}

/* "Trump's claim that CONTENT": a noun cue with a possessor. */
static px_status noun_cue(px_qctx *c, uint32_t slo, uint32_t shi, px_lex_match m)
{
    const px_doc *d = c->d;
    uint32_t a = m.tok_start;
    if (a <= slo || !px__qtok_possessive(d, a - 1) || !px__qtok_is(d, m.tok_end, "that"))
        return PX_OK;
    uint32_t s = a - 1;
    while (s > slo && !c->inq[s - 1] && d->toks[s - 1].kind == PX_TOK_WORD &&
           (d->toks[s - 1].flags & PX_TF_UPPER1) && (d->toks[s].flags & PX_TF_UPPER1))
        s--;
    px_trange content = {m.tok_end, trim_tail(d, m.tok_end, content_end(c, m.tok_end, shi))};
    if (content.hi <= content.lo + 1)
        return PX_OK;
    return emit2(c, content, (px_trange){0, 0}, (px_trange){a, m.tok_end}, (px_trange){s, a});
}

/* The content around an inverted attribution: [slo, comma) before it and,
 * when a comma follows the attribution (ending at after), the rest of the
 * sentence. */
static px_status inverted(px_qctx *c,
                          uint32_t slo,
                          uint32_t shi,
                          uint32_t comma,
                          uint32_t after,
                          px_trange cue,
                          px_trange src)
{
    const px_doc *d = c->d;
    /* "…, the agency said in a June report, and …": skip an adjunct */
    if (after < shi && px__qtok_in(d, after, ADJ_START) && !px__qtok_punct(d, after, ',')) {
        uint32_t k = after;
        while (k < shi && k - after < 10 && !is_tail(d, k) && !c->inq[k] &&
               !px__qtok_is(d, k, "that"))
            k++;
        if (k < shi && is_tail(d, k))
            after = k;
    }
    uint32_t lo = trim_lead(d, comma - slo > MAX_CONTENT ? comma - MAX_CONTENT : slo, comma);
    px_trange a = {lo, trim_tail(d, lo, comma)}, b = {0, 0};
    if (after < shi && px__qtok_punct(d, after, ',') && after + 1 < shi)
        b = (px_trange){after + 1, trim_tail(d, after + 1, content_end(c, after + 1, shi))};
    else if (after < shi && !is_tail(d, after))
        return PX_OK; /* not a clause boundary after the cue */
    if (a.hi <= a.lo + (b.hi > b.lo + 1 ? 0 : 1) || quoted(c, a))
        return PX_OK;
    /* "In a statement, Peabody said …", "For instance, X said": an adjunct */
    if (a.hi - a.lo <= 5 && a.lo == slo &&
        (px__qtok_in(d, a.lo, ADJ_START) || px__qtok_is(d, a.lo, "for")))
        return PX_OK;
    if (b.hi > b.lo && quoted(c, b))
        b = (px_trange){0, 0};
    return emit2(c, a, b, cue, src);
}

/* The infinitive (or "that" clause) after a cue ending at b: [b, clause end),
 * or an empty range. "declined to comment", "has not yet decided to run". */
static px_trange infinitive_at(const px_qctx *c, uint32_t b, uint32_t shi, int that_ok)
{
    const px_doc *d = c->d;
    uint32_t k = b;
    if (k < shi && px__qtok_is(d, k, "not"))
        k++;
    if (k >= shi || c->inq[k] ||
        !(px__qtok_is(d, k, "to") || (that_ok && px__qtok_is(d, k, "that"))))
        return (px_trange){0, 0};
    px_trange a = {k, trim_tail(d, k, content_end(c, k, shi))};
    if (a.hi <= a.lo + 1 || quoted(c, a))
        return (px_trange){0, 0};
    return a;
}

/* "X wants to …" (source X) and "X seems to …", "X is expected to …",
 * "it appears that …" (no source; the subject is a content part, as PolNeAR
 * marks it). Sets *done when a quote was emitted. */
static px_status infinitive(px_qctx *c,
                            uint32_t slo,
                            uint32_t shi,
                            px_lex_match m,
                            px_trange cue,
                            px_trange src,
                            int finite,
                            int *done)
{
    static const char *const BE[] = {"is", "are", "was", "were", "be", "been", "being", NULL};
    static const char *const DETS[] = {"the",   "a",     "an",  "his",  "her",  "their",
                                       "its",   "our",   "my",  "your", "this", "that",
                                       "these", "those", "any", "no",   NULL};
    const px_doc *d = c->d;
    uint32_t a0 = m.tok_start;
    if (a0 > slo && (px__qtok_in(d, a0 - 1, DETS) || px__qtok_possessive(d, a0 - 1)))
        return PX_OK; /* a noun: "the plan to …", "Trump's plans to …" */
    static const char *const NOUNISH[] = {"plan", "plans", "offer", "offers", "decline", NULL};
    static const char *const PRONS[] = {"he", "she", "they", "we", "i", "you", "it", "who", NULL};
    if (px__qtok_in(d, a0, NOUNISH) && cue.lo == a0 &&
        !(a0 > slo &&
          (px__qtok_in(d, a0 - 1, PRONS) ||
           ((d->toks[a0 - 1].flags & PX_TF_UPPER1) && !(d->toks[a0 - 1].flags & PX_TF_SENTSTART) &&
            !(d->toks[a0].flags & PX_TF_UPPER1)))))
        return PX_OK; /* "a curious plan to …"; "Obama plans to …" is kept */
    if (m.payload & PX_CUE_RAISE) {
        const px_token *t = &d->toks[m.tok_end - 1];
        int passive = t->key_len == 8 && memcmp(t->key, "expected", 8) == 0;
        if (passive && (a0 == slo || !px__qtok_in(d, a0 - 1, BE)))
            return PX_OK; /* "the expected result", "Clinton expected …" */
        px_trange b = infinitive_at(c, m.tok_end, shi, !passive);
        if (b.hi == b.lo)
            return PX_OK;
        px_trange subj = {0, 0};
        if (px__qtok_is(d, b.lo, "to"))
            subj = src.hi > src.lo ? src : px__quote_subject(c, slo, cue.lo);
        if (subj.hi > subj.lo && subj.hi + 2 < cue.lo)
            subj = (px_trange){0, 0};
        *done = 1;
        return emit2(c, subj, b, cue, (px_trange){0, 0});
    }
    if (src.hi == src.lo && !finite)
        return PX_OK;
    px_trange b = infinitive_at(c, m.tok_end, shi, 0);
    if (b.hi == b.lo)
        return PX_OK;
    *done = 1;
    return emit2(c, b, (px_trange){0, 0}, cue, src);
}

/* The source of the latest quote whose cue ends in [slo, comma), as a token
 * range ("…," the mayor said in a statement, adding …), or an empty range. */
static px_trange prior_source(const px_qctx *c, uint32_t slo, uint32_t comma)
{
    const px_doc *d = c->d;
    uint32_t a = d->toks[slo].start, b = d->toks[comma].start;
    const px_quote *best = NULL;
    for (size_t i = 0; i < c->n_out; i++) {
        const px_quote *q = &c->out[i];
        if (q->cue.start == UINT32_MAX || q->source.start == UINT32_MAX || q->cue.start < a ||
            q->cue.end > b || (best && best->cue.end >= q->cue.end))
            continue;
        best = q;
    }
    px_trange r = {0, 0};
    if (!best)
        return r;
    for (uint32_t i = comma; i-- > slo && comma - i < 40;) {
        if (d->toks[i].end == best->source.end)
            r.hi = i + 1;
        if (d->toks[i].start == best->source.start) {
            r.lo = i;
            break;
        }
    }
    if (r.hi <= r.lo)
        r.lo = r.hi = 0;
    return r;
}

/* "…, saying CONTENT" (the comma at sh - 1): the speaker of the attribution
 * just before ("…," the mayor said, adding …), else the clause's subject. */
static px_status
participle(px_qctx *c, uint32_t slo, uint32_t shi, uint32_t sh, px_lex_match m, px_trange cue)
{
    const px_doc *d = c->d;
    px_trange src = prior_source(c, slo, sh - 1);
    if (src.hi == src.lo) /* the subject, after a dateline ("PARIS (AP) — Le Pen …") */
        src = px__quote_subject(c, px__quote_trim_dateline(c, (px_trange){slo, sh - 1}).lo, sh - 1);
    uint32_t k = forward_start(c, m.tok_end, shi, m.payload);
    if (k == UINT32_MAX)
        return PX_OK;
    px_trange a = {k, trim_tail(d, k, content_end(c, k, shi))};
    if (a.hi <= a.lo + 1 || quoted(c, a))
        return PX_OK;
    return emit2(c, a, (px_trange){0, 0}, cue, src);
}

static px_status verb_cue(px_qctx *c, uint32_t slo, uint32_t shi, px_lex_match m)
{
    const px_doc *d = c->d;
    uint32_t cue_lo = m.tok_start, sh = m.tok_start;
    while (sh > slo && px__qtok_aux(d, sh - 1)) {
        sh--;
        if (px__qtok_aux(d, sh) == 1)
            cue_lo = sh;
    }
    px_trange cue = {cue_lo, m.tok_end};
    uint32_t a0 = m.tok_start;
    if ((m.payload & PX_CUE_NOUN) || (a0 > slo && px__qtok_possessive(d, a0 - 1)))
        return noun_cue(c, slo, shi, m);
    const px_token *ct = &d->toks[m.tok_end - 1];
    if (ct->key_len > 4 && memcmp(ct->key + ct->key_len - 3, "ing", 3) == 0 && sh > slo &&
        px__qtok_punct(d, sh - 1, ','))
        return participle(c, slo, shi, sh, m, cue);
    px_trange src = px__quote_np_left(c, slo, sh);
    /* X said (that) CONTENT; when the words before the cue are not a noun
     * phrase ("Trump, defending his tweets, said"), the clause's subject */
    int finite =
        sh > slo && d->toks[sh - 1].kind == PX_TOK_WORD && !px__qtok_in(d, sh - 1, STOP_BEFORE);
    if (src.hi == src.lo && finite)
        src = px__quote_subject(c, slo, sh);
    if (src.hi == src.lo && sh > slo + 1 && px__qtok_is(d, sh - 1, "and")) {
        /* "Cruz exhorted Republicans to … and said he was …" */
        src = px__quote_subject(c, slo, sh - 1);
        finite = src.hi > src.lo;
    }
    /* "Sen. Jack Reed (D-R.I.), said after a lunch on Tuesday that …": a
     * subject set off by a comma, the whole sentence start; only with "that"
     * ("Reform, said Rubio, is …" is the inverted shape below) */
    if (src.hi == src.lo && !finite && sh > slo + 1 && px__qtok_punct(d, sh - 1, ',') &&
        !(m.payload & PX_CUE_WEAK)) {
        uint32_t lo0 = trim_lead(d, slo, sh - 1);
        px_trange s2 = px__quote_np_left(c, lo0, sh - 1);
        uint32_t k = forward_start(c, m.tok_end, shi, m.payload);
        if (s2.lo == lo0 && s2.hi == sh - 1 && s2.hi > s2.lo && k != UINT32_MAX &&
            px__qtok_is(d, k, "that")) {
            px_trange a = {k, trim_tail(d, k, content_end(c, k, shi))};
            if (a.hi > a.lo + 1 && !quoted(c, a))
                return emit2(c, a, (px_trange){0, 0}, cue, s2);
        }
    }
    if (m.payload & (PX_CUE_CTRL | PX_CUE_RAISE)) {
        int done = 0;
        px_status st = infinitive(c, slo, shi, m, cue, src, finite, &done);
        if (st || done || !(m.payload & PX_CUE_SAY))
            return st;
    }
    /* "The good news for Cruz, Woolson said, is that …": a parenthetical
     * attribution between commas takes the inverted shape below */
    int paren = src.hi > src.lo && src.lo > slo + 1 && px__qtok_punct(d, src.lo - 1, ',') &&
                m.tok_end < shi && px__qtok_punct(d, m.tok_end, ',');
    if ((src.hi > src.lo || finite) && !paren) {
        uint32_t fl = m.payload;
        if ((fl & PX_CUE_WEAK) && evidence(d, src)) {
            fl &= ~(uint32_t)PX_CUE_WEAK;
        } else if (fl & PX_CUE_WEAK) {
            uint32_t e = evidence_before(d, slo, sh);
            if (e != UINT32_MAX) { /* the source is the whole evidence phrase */
                fl &= ~(uint32_t)PX_CUE_WEAK;
                src = (px_trange){e, sh};
            }
        }
        uint32_t k = forward_start(c, m.tok_end, shi, fl);
        if (k != UINT32_MAX) {
            px_trange a = {k, trim_tail(d, k, content_end(c, k, shi))};
            if (a.hi > a.lo + 1 && !quoted(c, a))
                return emit2(c, a, (px_trange){0, 0}, cue, src);
        }
    }
    if (m.payload & PX_CUE_WEAK)
        return PX_OK;
    /* CONTENT, X said. / CONTENT, said X. / CONTENT1, X said, CONTENT2. */
    uint32_t comma, after;
    if (src.hi > src.lo && src.lo > slo && px__qtok_punct(d, src.lo - 1, ',')) {
        comma = src.lo - 1;
        after = m.tok_end;
        if (m.payload & PX_CUE_OBJ)
            after = px__quote_np_right(c, after, shi).hi;
    } else if (sh == cue_lo && cue_lo > slo && px__qtok_punct(d, cue_lo - 1, ',')) {
        comma = cue_lo - 1;
        src = px__quote_np_right(c, m.tok_end, shi);
        after = src.hi > src.lo ? src.hi : m.tok_end;
    } else {
        return PX_OK;
    }
    return inverted(c, slo, shi, comma, after, cue, src);
}

static const char *const NOT_SPEAKER[] = {
    "update",  "related",  "note",    "photo",   "source",     "read",    "watch",    "tags",
    "image",   "video",    "editor",  "editors", "correction", "warning", "breaking", "exclusive",
    "opinion", "analysis", "sources", "q",       "a",          "listen",  "see",      NULL};

static const char *const LABEL_FIRST[] = {"the", "a", "an", NULL};
static const char *const LABEL_LAST[] = {"note",          "notice",     "update",
                                         "clarification", "correction", NULL};

/* "PENCE: Well, look, …" and "Politifact: Trump Is Right": a name, a colon
 * and the rest of the paragraph (transcripts, headlines). */
static px_status lead_in(px_qctx *c, uint32_t lo, uint32_t hi)
{
    const px_doc *d = c->d;
    uint32_t k = lo;
    while (k < hi && k - lo < 5 && d->toks[k].kind == PX_TOK_WORD &&
           (d->toks[k].flags & (PX_TF_UPPER1 | PX_TF_ALLCAPS)) && !c->inq[k])
        k++;
    if (k == lo || k >= hi || !px__qtok_punct(d, k, ':') || c->used[k])
        return PX_OK;
    if (k - lo == 1 && px__qtok_in(d, lo, NOT_SPEAKER))
        return PX_OK;
    /* "The Latest: …", "Editor's Note: …": a label, not a speaker */
    if (px__qtok_in(d, lo, LABEL_FIRST) || px__qtok_in(d, k - 1, LABEL_LAST))
        return PX_OK;
    uint32_t b = k + 1;
    px_trange a = {b, trim_tail(d, b, hi)};
    if (a.hi < a.lo + 3 || c->inq[b])
        return PX_OK;
    return emit2(c, a, (px_trange){0, 0}, (px_trange){k, k + 1}, (px_trange){lo, k});
}

px_status px__quote_reported(px_qctx *c)
{
    const px_doc *d = c->d;
    for (uint32_t i = 0; i < d->n_toks;) {
        uint32_t p = c->para_of[i], lo = i;
        while (i < d->n_toks && c->para_of[i] == p)
            i++;
        px_status st = lead_in(c, lo, i);
        if (st)
            return st;
    }
    /* Walk sentences by the token -> sentence map. */
    uint32_t i = 0;
    while (i < d->n_toks) {
        uint32_t s = c->sent_of[i], lo = i;
        while (i < d->n_toks && c->sent_of[i] == s)
            i++;
        uint32_t hi = i;
        size_t pos = 0;
        px_lex_match m;
        while (px__lex_next(c->res->cues, d->toks + lo, hi - lo, &pos, &m)) {
            m.tok_start += lo;
            m.tok_end += lo;
            if (c->inq[m.tok_start] || c->used[m.tok_start] || (m.payload & PX_CUE_QUOTE) ||
                px__quote_false_cue(d, (uint32_t)m.tok_start, (uint32_t)m.tok_end))
                continue;
            px_status st =
                (m.payload & PX_CUE_ACC) ? according(c, lo, hi, m) : verb_cue(c, lo, hi, m);
            if (st)
                return st;
        }
    }
    return PX_OK;
}
