/* Quotations: the annotator, and direct quotes.
 *
 * Direct quotes are found on the token stream, paragraph by paragraph: every
 * quotation mark token is classified (", “ ” „ « » and the singles ‘ ’ ' ‚ ‹ ›),
 * an opener is paired with the first closer of its family (“…” „…“ «…» »…«
 * "…" ”…”), single-quote regions only when they close within the paragraph
 * (so that apostrophes such as students’ stay apostrophes), and a double quote
 * left open at a paragraph end continues when the next paragraph starts with
 * an opening mark (the multi-paragraph convention). Each quote is then
 * attributed: a cue verb after it ("…," Vucic said.), before it (Vucic said:
 * "…"), between two parts ("…," he stressed, "…"), or a `Name: "…"` lead-in.
 * Reported speech (quote_report.c) runs afterwards on the tokens left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/quote.h"

enum qm {
    QM_NONE,
    QM_DQ,   /* "  ambiguous */
    QM_LDQ,  /* “ */
    QM_RDQ,  /* ” */
    QM_LOW,  /* „ */
    QM_GL,   /* « */
    QM_GR,   /* » */
    QM_LSQ,  /* ‘ */
    QM_RSQ,  /* ’ */
    QM_SQ,   /* '  ambiguous */
    QM_LOWS, /* ‚ */
    QM_SGL,  /* ‹ */
    QM_SGR   /* › */
};

static int is_double(int m)
{
    return m >= QM_DQ && m <= QM_GR;
}

static int is_single(int m)
{
    return m >= QM_LSQ;
}

static int apos(const px_doc *d, size_t i)
{
    const px_token *t = &d->toks[i];
    return t->kind == PX_TOK_PUNCT && t->end - t->start == 1 && d->text.ptr[t->start] == '\'';
}

static int mark_of(const px_doc *d, size_t i)
{
    const px_token *t = &d->toks[i];
    if (t->kind != PX_TOK_PUNCT)
        return QM_NONE;
    const uint8_t *p = d->text.ptr + t->start;
    size_t n = t->end - t->start;
    if (n == 1 && p[0] == '\'') { /* '' is a double quote (NYT style) */
        if (i + 1 < d->n_toks && d->toks[i + 1].start == t->end && apos(d, i + 1))
            return QM_DQ;
        if (i > 0 && d->toks[i - 1].end == t->start && apos(d, i - 1))
            return QM_NONE;
        return QM_SQ;
    }
    if (n == 1)
        return p[0] == '"' ? QM_DQ : QM_NONE;
    if (n == 2 && p[0] == 0xC2)
        return p[1] == 0xAB ? QM_GL : p[1] == 0xBB ? QM_GR : QM_NONE;
    if (n != 3 || p[0] != 0xE2 || p[1] != 0x80)
        return QM_NONE;
    switch (p[2]) {
    case 0x9C:
        return QM_LDQ;
    case 0x9D:
        return QM_RDQ;
    case 0x9E:
        return QM_LOW;
    case 0x98:
        return QM_LSQ;
    case 0x99:
        return QM_RSQ;
    case 0x9A:
        return QM_LOWS;
    case 0xB9:
        return QM_SGL;
    case 0xBA:
        return QM_SGR;
    default:
        return QM_NONE;
    }
}

/* The token after the mark at i ('' takes two tokens). */
static uint32_t mark_end(const px_doc *d, uint32_t i)
{
    if (i + 1 < d->n_toks && apos(d, i) && apos(d, i + 1) && d->toks[i + 1].start == d->toks[i].end)
        return i + 2;
    return i + 1;
}

/* Whitespace (or a paragraph edge) before / after token i within [lo, hi). */
static int ws_before(const px_doc *d, size_t i, size_t lo)
{
    if (i <= lo || d->toks[i - 1].end < d->toks[i].start)
        return 1;
    const px_token *p = &d->toks[i - 1];
    if (p->kind != PX_TOK_PUNCT)
        return 0;
    uint8_t c = d->text.ptr[p->start];
    return c == '(' || c == '[' || c == '-' || c == 0xE2; /* dashes and other marks */
}

static int ws_after(const px_doc *d, size_t i, size_t hi)
{
    if (i + 1 >= hi || d->toks[i + 1].start > d->toks[i].end)
        return 1;
    const px_token *n = &d->toks[i + 1];
    if (n->kind != PX_TOK_PUNCT)
        return 0;
    uint8_t c = d->text.ptr[n->start];
    return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
           c == ']' || c == 0xE2;
}

/* Can mark m at token i open a quote of its kind? */
static int can_open(const px_doc *d, size_t i, int m, size_t lo, size_t hi)
{
    switch (m) {
    case QM_LDQ:
    case QM_LOW:
    case QM_GL:
    case QM_SGL:
    case QM_LOWS:
        return !ws_after(d, i, hi);
    case QM_DQ:
    case QM_RDQ:
    case QM_GR:
        return ws_before(d, i, lo) && !ws_after(d, i, hi);
    case QM_LSQ:
    case QM_SQ:
        return ws_before(d, i, lo) && !ws_after(d, i, hi) && i + 1 < hi &&
               d->toks[i + 1].kind == PX_TOK_WORD;
    default:
        return 0;
    }
}

/* Does mark m at token i close a quote opened by mark `open`? */
static int closes(const px_doc *d, size_t i, int m, int open, size_t lo, size_t hi)
{
    int right = !ws_before(d, i, lo); /* attached to the word before */
    switch (open) {
    case QM_LDQ:
        return m == QM_RDQ || (m == QM_DQ && right) || (m == QM_LDQ && right && ws_after(d, i, hi));
    case QM_LOW:
        return m == QM_LDQ || m == QM_RDQ;
    case QM_DQ:
        return (m == QM_DQ || m == QM_RDQ) && (right || ws_after(d, i, hi));
    case QM_RDQ:
        return m == QM_RDQ || (m == QM_DQ && right);
    case QM_GL:
        return m == QM_GR;
    case QM_GR:
        return m == QM_GL;
    case QM_LSQ:
    case QM_LOWS:
        return (m == QM_RSQ || m == QM_LSQ) && right && ws_after(d, i, hi);
    case QM_SQ:
        return m == QM_SQ && right && ws_after(d, i, hi);
    case QM_SGL:
        return m == QM_SGR;
    default:
        return 0;
    }
}

/* One part of a quote within a paragraph: opener token, closer token
 * (UINT32_MAX when the paragraph ends first) and the paragraph end. */
typedef struct qfrag {
    uint32_t o, c, pend;
} qfrag;

typedef struct qreg {
    uint32_t first, n; /* fragments */
    uint8_t done;      /* merged into an earlier quote */
} qreg;

typedef struct qscan {
    qfrag *frags;
    size_t n_frags;
    qreg *regs;
    size_t n_regs;
    int open; /* mark of the open region, QM_NONE */
    int nest; /* curly quotes opened inside a straight-quoted region */
} qscan;

static void open_region(qscan *s, uint32_t i, int m, uint32_t pend, int cont)
{
    if (!cont)
        s->regs[s->n_regs++] = (qreg){(uint32_t)s->n_frags, 0, 0};
    s->frags[s->n_frags++] = (qfrag){i, UINT32_MAX, pend};
    s->regs[s->n_regs - 1].n++;
    s->open = m;
    s->nest = 0;
}

/* Pairs marks in [from, hi) of paragraph [lo, hi); singles only when singles. */
static void
scan_marks(const px_doc *d, qscan *s, uint32_t lo, uint32_t from, uint32_t hi, int singles)
{
    for (uint32_t i = from; i < hi; i++) {
        int m = mark_of(d, i);
        if (!m)
            continue;
        if (s->open) {
            if (is_double(s->open) != is_double(m))
                continue; /* nested marks of the other family */
            if (s->open == QM_DQ && m == QM_LDQ && can_open(d, i, m, lo, hi)) {
                s->nest++; /* "He called it “a deal” today." */
                continue;
            }
            if (s->open == QM_DQ && m == QM_RDQ && s->nest > 0) {
                s->nest--;
                continue;
            }
            if (closes(d, i, m, s->open, lo, hi)) {
                s->frags[s->n_frags - 1].c = i;
                s->open = QM_NONE;
            } else if ((m == QM_LDQ || m == QM_LOW || m == QM_GL) && m == s->open &&
                       ws_before(d, i, lo) && !ws_after(d, i, hi)) {
                /* a new opener: the last quote lost its closing mark */
                s->frags[s->n_frags - 1].c = UINT32_MAX;
                s->frags[s->n_frags - 1].pend = i;
                open_region(s, i, m, hi, 0);
            }
            continue;
        }
        if (is_single(m) && !singles)
            continue;
        if (can_open(d, i, m, lo, hi))
            open_region(s, i, m, hi, 0);
    }
}

/* Scans paragraph [lo, hi). resume: the mark of a quote continued from the
 * previous paragraph, or QM_NONE. Returns the mark of a quote that continues
 * into the next paragraph [hi, next_hi), or QM_NONE. */
static int
scan_para(const px_doc *d, qscan *s, uint32_t lo, uint32_t hi, uint32_t next_hi, int resume)
{
    uint32_t from = lo;
    s->open = QM_NONE;
    if (resume) {
        open_region(s, lo, resume, hi, 1);
        from = lo + 1;
    }
    scan_marks(d, s, lo, from, hi, 1);
    if (s->open && is_single(s->open)) {
        /* an unclosed single quote was an apostrophe: drop it, rescan after it
         * for doubles only (at most once per paragraph) */
        uint32_t o = s->frags[--s->n_frags].o;
        if (--s->regs[s->n_regs - 1].n == 0)
            s->n_regs--;
        s->open = QM_NONE;
        scan_marks(d, s, lo, o + 1, hi, 0);
    }
    int open = s->open;
    s->open = QM_NONE;
    if (!open || is_single(open))
        return QM_NONE;
    /* Continues when the next paragraph opens with a mark of the family. */
    if (hi < next_hi && hi < d->n_toks && is_double(mark_of(d, hi)) &&
        can_open(d, hi, mark_of(d, hi), hi, next_hi))
        return open;
    return QM_NONE;
}

px_span px__quote_span(const px_doc *d, px_trange r)
{
    if (r.lo >= r.hi || r.hi > d->n_toks)
        return PX_SPAN_NONE;
    return (px_span){d->toks[r.lo].start, d->toks[r.hi - 1].end};
}

px_status px__quote_emit(
    px_qctx *c, const px_span *content, uint32_t n, px_trange cue, px_trange src, int direct)
{
    if (!n)
        return PX_OK;
    if (px__quote_asked(c->d, cue))
        src = (px_trange){0, 0};
    src = px__quote_trim_dateline(c, src);
    for (size_t i = c->n_out; i-- > 0 && c->n_out - i <= 4;) /* one quote per content */
        if (c->out[i].content[0].start == content[0].start &&
            c->out[i].content[0].end == content[0].end)
            return PX_OK;
    if (c->n_out == c->cap_out) {
        size_t cap = c->cap_out ? c->cap_out * 2 : 16;
        px_quote *q = px__realloc(c->out, cap * sizeof *q);
        if (!q)
            return PX_ENOMEM;
        c->out = q;
        c->cap_out = cap;
    }
    px_span *sp = PX_ARENA_NEW(c->d->arena, px_span, n);
    if (!sp)
        return PX_ENOMEM;
    memcpy(sp, content, n * sizeof *sp);
    px_quote *q = &c->out[c->n_out++];
    q->content = sp;
    q->n_content = n;
    q->cue = px__quote_span(c->d, cue);
    q->source = px__quote_span(c->d, src);
    q->speaker = px__quote_speaker(c, src);
    q->direct = (uint8_t)(direct != 0);
    for (uint32_t k = 0; k < n; k++) {
        size_t lo = 0, hi = c->d->n_toks;
        while (lo < hi) { /* first token of the span */
            size_t mid = (lo + hi) / 2;
            if (c->d->toks[mid].start < content[k].start)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo; i < c->d->n_toks && c->d->toks[i].end <= content[k].end; i++)
            c->inc[i] = 1;
    }
    for (uint32_t i = cue.lo; i < cue.hi; i++)
        c->used[i] = 1;
    for (uint32_t i = src.lo; i < src.hi; i++)
        c->used[i] = 1;
    return PX_OK;
}

/* ---- attribution of direct quotes ---- */

static int is_term(const px_doc *d, size_t i)
{
    return px__qtok_punct(d, i, '.') || px__qtok_punct(d, i, '!') || px__qtok_punct(d, i, '?');
}

/* First token at or after j (before hi) that ends a cue clause. */
static uint32_t clause_end(const px_doc *d, uint32_t j, uint32_t hi, uint32_t lim)
{
    uint32_t k = j;
    while (k < hi && k - j < lim && !is_term(d, k) && !px__qtok_punct(d, k, ';') &&
           !is_double(mark_of(d, k)))
        k++;
    return k;
}

/* The first (last when want_last) cue in toks[lo, hi) with one of the flags,
 * outside quotes and not used yet. Returns 1 and fills *m (absolute). */
static int find_cue(
    const px_qctx *c, uint32_t lo, uint32_t hi, uint32_t flags, int want_last, px_lex_match *out)
{
    size_t pos = 0;
    px_lex_match m;
    int found = 0;
    if (hi <= lo)
        return 0;
    while (px__lex_next(c->res->cues, c->d->toks + lo, hi - lo, &pos, &m)) {
        m.tok_start += lo;
        m.tok_end += lo;
        if (!(m.payload & flags) || c->inq[m.tok_start] || c->used[m.tok_start] ||
            px__quote_false_cue(c->d, (uint32_t)m.tok_start, (uint32_t)m.tok_end))
            continue;
        *out = m;
        found = 1;
        if (!want_last)
            break;
    }
    return found;
}

/* Auxiliaries and adverbs before a cue at a: sets *cue_lo (first auxiliary
 * kept in the cue) and returns where the source must end. */
static uint32_t skip_aux(const px_doc *d, uint32_t lo, uint32_t a, uint32_t *cue_lo)
{
    uint32_t i = a;
    *cue_lo = a;
    while (i > lo && px__qtok_aux(d, i - 1)) {
        i--;
        if (px__qtok_aux(d, i) == 1)
            *cue_lo = i;
    }
    return i;
}

typedef struct attrib {
    px_trange cue, src;
    uint32_t end; /* first token after the attribution clause */
} attrib;

/* "…," Vucic said. / "…," said Vucic. / "…," according to X. */
static int try_after(const px_qctx *c, const qfrag *f, attrib *at)
{
    const px_doc *d = c->d;
    if (f->c >= UINT32_MAX - 1)
        return 0;
    uint32_t j = mark_end(d, f->c), pend = f->pend;
    if (j < pend && px__qtok_punct(d, f->c - 1, '.') && (d->toks[j].flags & PX_TF_SENTSTART))
        return 0; /* "….” He told …: the next sentence */
    if (j + 1 < pend && px__qtok_dash(d, j) && (d->toks[j + 1].flags & PX_TF_UPPER1)) {
        /* "…” ― Sonya Herridge": a name after a dash, ending the paragraph */
        px_trange r = px__quote_np_right(c, j + 1, pend);
        uint32_t e = r.hi;
        while (e < pend && (is_term(d, e) || px__qtok_punct(d, e, ',')))
            e++;
        if (r.hi > r.lo && r.hi - r.lo <= 6 && (e == pend || is_double(mark_of(d, e)))) {
            at->cue = (px_trange){j, j + 1};
            at->src = r;
            at->end = r.hi;
            return 1;
        }
    }
    while (j < pend && (px__qtok_punct(d, j, ',') || px__qtok_dash(d, j)))
        j++;
    uint32_t w = clause_end(d, j, pend, 40);
    px_lex_match m;
    /* "…," Cruz, who has proposed repealing …, said: the source's relative
     * clause may hold a cue word of its own; the cue follows its comma */
    px_trange np = px__quote_np_right(c, j, w);
    if (np.hi > np.lo && np.hi + 2 < w && px__qtok_punct(d, np.hi, ',') &&
        (px__qtok_is(d, np.hi + 1, "who") || px__qtok_is(d, np.hi + 1, "which"))) {
        uint32_t k = np.hi + 2;
        while (k < w && k - np.hi < 30 && !px__qtok_punct(d, k, ',') && !c->inq[k])
            k++;
        uint32_t cl;
        if (k + 1 < w && px__qtok_punct(d, k, ',') && find_cue(c, k + 1, w, PX_CUE_SAY, 0, &m) &&
            skip_aux(d, k + 1, m.tok_start, &cl) == k + 1) {
            at->cue = (px_trange){cl, m.tok_end};
            at->src = (px_trange){j, k};
            at->end = m.tok_end;
            if (w > at->end && w < pend && w - at->end <= 6)
                at->end = w;
            return 1;
        }
    }
    if (!find_cue(c, j, w, PX_CUE_SAY | PX_CUE_ACC, 0, &m))
        return 0;
    if (m.tok_start - j > 8) {
        /* "…," Leonard E. Burman, director of …, said: a long appositive */
        uint32_t cl;
        uint32_t sh0 = skip_aux(d, j, m.tok_start, &cl);
        px_trange ap = px__quote_np_left(c, j, sh0);
        if (!(sh0 > j && px__qtok_punct(d, sh0 - 1, ',') && ap.lo == j && ap.hi > ap.lo))
            return 0;
    }
    if (m.tok_start - j > 8 && w - j > 16)
        w = m.tok_end + 16 < w ? m.tok_end + 16 : w;
    else if (w - j > 16)
        w = j + 16;
    uint32_t cue_lo;
    uint32_t sh = skip_aux(d, j, m.tok_start, &cue_lo);
    at->cue = (px_trange){cue_lo, m.tok_end};
    if (m.payload & PX_CUE_ACC) {
        if (m.tok_start != j)
            return 0;
        at->src = px__quote_np_right(c, m.tok_end, w);
    } else if (sh > j) {
        at->src = px__quote_np_left(c, j, sh);
        if (at->src.lo != j || at->src.hi == at->src.lo)
            return 0;
        if (at->src.hi == at->src.lo + 1 && !(d->toks[j].flags & PX_TF_UPPER1) &&
            !px__qtok_is(d, j, "he") && !px__qtok_is(d, j, "she") && !px__qtok_is(d, j, "they") &&
            !px__qtok_is(d, j, "we") && !px__qtok_is(d, j, "i") && !px__qtok_is(d, j, "it") &&
            !px__qtok_is(d, j, "who"))
            at->src = px__quote_np_right(c, m.tok_end, w); /* "a déclaré le ministre" */
    } else {
        at->src = px__quote_np_right(c, m.tok_end, w);
    }
    at->end = at->src.hi > m.tok_end ? at->src.hi : m.tok_end;
    if (w > at->end && w < pend && w - at->end <= 6) /* "said to the TV." */
        at->end = w;
    return 1;
}

/* Start of the clause holding token o: after the last terminator or
 * semicolon outside quotes in the paragraph (at most 40 tokens back). */
static uint32_t clause_start(const px_qctx *c, uint32_t o, uint32_t plo)
{
    uint32_t i = o;
    while (i > plo && o - i < 40) {
        uint32_t k = i - 1;
        if (!c->inq[k] && (is_term(c->d, k) || px__qtok_punct(c->d, k, ';')))
            break;
        i = k;
    }
    return i;
}

/* May a cue ending at b introduce the quote opening at o? "said: “", "said,
 * “", "told reporters: “", "described it as “"; not "said that “" (a partial
 * quote inside reported speech, left to quote_report.c). */
static int gap_ok(const px_doc *d, uint32_t b, uint32_t o, uint32_t flags)
{
    uint32_t gap = o - b;
    if (gap == 0)
        return 1;
    if (px__qtok_is(d, o - 1, "that"))
        return 0;
    int colon = px__qtok_punct(d, o - 1, ':') || px__qtok_punct(d, o - 1, ',');
    if (colon && (gap == 1 || ((flags & PX_CUE_OBJ) && gap <= 5) || gap <= 7))
        return 1;
    return (flags & PX_CUE_PART) && gap <= 4;
}

/* Vucic said: "…" / X described it as "…" / Name: "…" */
static int try_before(const px_qctx *c, const qfrag *f, uint32_t plo, attrib *at)
{
    const px_doc *d = c->d;
    uint32_t o = f->o, lb = clause_start(c, o, plo);
    px_lex_match m;
    at->end = o;
    if (find_cue(c, lb, o, PX_CUE_SAY | PX_CUE_ACC, 1, &m)) {
        uint32_t cue_lo, sh = skip_aux(d, lb, m.tok_start, &cue_lo);
        if (m.payload & PX_CUE_ACC) {
            at->cue = (px_trange){m.tok_start, m.tok_end};
            at->src = px__quote_np_right(c, m.tok_end, o);
            uint32_t g = at->src.hi;
            if (g < o && px__qtok_punct(d, g, ','))
                g++;
            if (g == o && at->src.hi > at->src.lo)
                return 1;
        } else if ((!(m.payload & PX_CUE_WEAK) ||
                    (m.tok_end + 1 == o && px__qtok_punct(d, o - 1, ':'))) &&
                   gap_ok(d, m.tok_end, o, m.payload)) {
            /* a belief or report verb only with a colon: "He concluded: “…”" */
            at->cue = (px_trange){cue_lo, m.tok_end};
            at->src = px__quote_np_left(c, lb, sh);
            if (at->src.hi == at->src.lo && m.tok_end < o) /* Said Ellis: "…" */
                at->src = px__quote_np_right(c, m.tok_end, o);
            return 1;
        }
    }
    /* "The New York Times reports:" ending the paragraph before */
    if (o == plo && o > 0 && px__qtok_punct(d, o - 1, ':') && !c->inq[o - 1]) {
        uint32_t k = o - 1, pp = c->para_of[o - 1];
        while (k > 0 && o - k < 16 && c->para_of[k - 1] == pp && !is_term(d, k - 1) &&
               !c->inq[k - 1])
            k--;
        if (find_cue(c, k, o - 1, PX_CUE_SAY, 1, &m) && !(m.payload & PX_CUE_WEAK) &&
            m.tok_end + 2 >= o) {
            uint32_t cue_lo, sh = skip_aux(d, k, m.tok_start, &cue_lo);
            at->cue = (px_trange){cue_lo, m.tok_end};
            at->src = px__quote_np_left(c, k, sh);
            if (at->src.hi == at->src.lo && m.tok_end < o - 1)
                at->src = px__quote_np_right(c, m.tok_end, o - 1);
            return 1;
        }
    }
    /* Name: "…" */
    if (o > lb + 1 && px__qtok_punct(d, o - 1, ':') && o - 1 - lb <= 6) {
        px_trange s = px__quote_np_left(c, lb, o - 1);
        if (s.lo == lb && s.hi == o - 1 && (d->toks[lb].flags & PX_TF_UPPER1)) {
            at->cue = (px_trange){o - 1, o};
            at->src = s;
            return 1;
        }
    }
    return 0;
}

/* Does the quote end its clause ("…,”  "….”  ” said" ” .)? */
static int ends_clause(const px_doc *d, const qfrag *f)
{
    if (f->c >= UINT32_MAX - 1)
        return 1;
    uint32_t b = f->c - 1, a = mark_end(d, f->c);
    if (is_term(d, b) || px__qtok_punct(d, b, ',') || d->toks[b].kind == PX_TOK_PUNCT)
        return 1;
    return a >= f->pend || is_term(d, a) || px__qtok_punct(d, a, ',') ||
           px__qtok_punct(d, a, ';') || px__qtok_punct(d, a, ':') || px__qtok_dash(d, a) ||
           px__qtok_punct(d, a, ')') || is_double(mark_of(d, a));
}

/* Does token i let a quote start a clause after it? */
static int opens_clause(const px_doc *d, uint32_t i)
{
    return px__qtok_punct(d, i, ':') || px__qtok_punct(d, i, ',') || px__qtok_dash(d, i) ||
           px__qtok_punct(d, i, '(') || px__qtok_punct(d, i, ';') || is_term(d, i) ||
           d->toks[i].kind == PX_TOK_PUNCT;
}

/* "described it as “…”", "called them “…”": a partial quote after a cue. */
static int try_part(const px_qctx *c, const qfrag *f, uint32_t lb, attrib *at)
{
    px_lex_match m;
    if (!find_cue(c, lb, f->o, PX_CUE_PART, 1, &m) || f->o - m.tok_end > 4)
        return 0;
    uint32_t cue_lo, sh = skip_aux(c->d, lb, m.tok_start, &cue_lo);
    at->cue = (px_trange){cue_lo, m.tok_end};
    at->src = px__quote_np_left(c, lb, sh);
    at->end = f->o;
    return 1;
}

/* Content span of a fragment: between the marks, without a final comma. */
static px_span frag_span(const px_doc *d, const qfrag *f)
{
    uint32_t lo = mark_end(d, f->o), hi = f->c < UINT32_MAX - 1 ? f->c : f->pend;
    while (hi > lo + 1 && px__qtok_punct(d, hi - 1, ','))
        hi--;
    return px__quote_span(d, (px_trange){lo, hi});
}

static uint32_t words_in(const px_doc *d, const qfrag *f)
{
    uint32_t hi = f->c < UINT32_MAX - 1 ? f->c : f->pend, n = 0;
    for (uint32_t i = mark_end(d, f->o); i < hi; i++)
        n += d->toks[i].kind == PX_TOK_WORD || d->toks[i].kind == PX_TOK_NUM;
    return n;
}

#define MAX_PARTS 64

/* "Not paying taxes ''makes me smart,'' Trump said": a quote ending a clause
 * that started before it (at lb, on the same line) is reported speech over the
 * clause, from its start or after a colon or dash. Sets *out, returns 1. */
static int clause_quote(const px_qctx *c, const qfrag *f0, uint32_t lb, px_span *out)
{
    const px_doc *d = c->d;
    if (f0->c >= UINT32_MAX - 1 ||
        memchr(d->text.ptr + d->toks[lb].start, '\n', d->toks[f0->o].start - d->toks[lb].start))
        return 0;
    px_span sp = frag_span(d, f0);
    uint32_t b0 = lb;
    for (uint32_t k = lb; k < f0->o; k++)
        if (!c->inq[k] && (px__qtok_punct(d, k, ':') || px__qtok_dash(d, k)))
            b0 = k + 1;
    out->start = d->toks[b0 < f0->o ? b0 : f0->o].start;
    out->end = sp.end;
    return 1;
}

/* A transcript turn quoted as a whole: "\"PENCE: Well, look, …": returns the
 * colon's token when the fragment opens with one to three words in capitals
 * and a colon, else 0. */
static uint32_t turn_colon(const px_doc *d, const qfrag *f)
{
    uint32_t hi = f->c < UINT32_MAX - 1 ? f->c : f->pend, k = mark_end(d, f->o);
    uint32_t lo = k;
    while (k < hi && k - lo < 3 && d->toks[k].kind == PX_TOK_WORD &&
           (d->toks[k].flags & PX_TF_ALLCAPS) && d->toks[k].end - d->toks[k].start > 1)
        k++;
    if (k == lo || k + 1 >= hi || !px__qtok_punct(d, k, ':'))
        return 0;
    return k;
}

/* The turns of a quoted transcript: each "NAME: …" and the paragraphs after
 * it until the next name is one attribution, reported (PolNeAR marks the
 * words after the colon), with the name as its source and the colon as cue. */
static px_status transcript(px_qctx *c, const qscan *s, const qreg *g)
{
    const px_doc *d = c->d;
    px_span parts[MAX_PARTS];
    uint32_t n = 0;
    px_trange src = {0, 0}, cue = {0, 0};
    for (uint32_t k = 0; k <= g->n; k++) {
        const qfrag *f = k < g->n ? &s->frags[g->first + k] : NULL;
        uint32_t col = f ? turn_colon(d, f) : 0;
        if ((!f || col) && n) {
            px_status st = px__quote_emit(c, parts, n, cue, src, 0);
            if (st)
                return st;
            n = 0;
        }
        if (!f)
            break;
        px_span sp = frag_span(d, f);
        if (col) {
            src = (px_trange){mark_end(d, f->o), col};
            cue = (px_trange){col, col + 1};
            sp.start = d->toks[col + 1].start;
        }
        if (src.hi > src.lo && sp.start != UINT32_MAX && sp.start < sp.end && n < MAX_PARTS)
            parts[n++] = sp;
    }
    return PX_OK;
}

/* Is cue a partial-quote verb ("called", "described") followed, before the
 * quote at o, by an object that is more than a pronoun ("called him a
 * “moderate”", "described Trump as “dangerous”")? PolNeAR marks the object
 * with the quoted words as the content; after a bare pronoun ("described it
 * as “…”") the quoted words stay a direct partial quote. */
static int part_object(const px_qctx *c, px_trange cue, uint32_t o)
{
    static const char *const PRO[] = {"it",    "them", "him", "her", "this", "that", "these",
                                      "those", "me",   "us",  "you", "as",   NULL};
    const px_doc *d = c->d;
    size_t pos = 0;
    px_lex_match m;
    if (!px__lex_next(c->res->cues, d->toks + cue.lo, cue.hi - cue.lo, &pos, &m) ||
        cue.lo + m.tok_end != cue.hi || !(m.payload & PX_CUE_PART))
        return 0;
    if (o - cue.hi > 8)
        return 0;
    for (uint32_t i = cue.hi; i < o; i++) {
        if (c->inq[i] || is_term(d, i))
            return 0;
        if (d->toks[i].kind == PX_TOK_WORD && !px__qtok_in(d, i, PRO))
            return 1;
    }
    return 0;
}

/* "He then listed the qualities a nominee needs: ¶ “…”": a quote after a
 * sentence that ends with a colon, in its paragraph or the one before, and
 * whose subject is a personal pronoun or a name, is that subject's; the
 * colon is the cue. */
static void colon_lead(const px_qctx *c, const qfrag *f0, attrib *at)
{
    const px_doc *d = c->d;
    uint32_t k = f0->o;
    if (k < 3 || !px__qtok_punct(d, k - 1, ':') || c->inq[k - 1] ||
        c->para_of[k - 1] + 1 < c->para_of[k])
        return;
    uint32_t lo = px__quote_sent_start(c, k - 1);
    static const char *const SUBJ[] = {"he", "she", "they", "we", "i", NULL};
    px_trange np = {lo, lo + 1};
    if (!px__qtok_in(d, lo, SUBJ)) {
        np = px__quote_np_right(c, lo, k - 1);
        if (np.hi <= np.lo || np.hi - np.lo > 4)
            return;
        for (uint32_t i = np.lo; i < np.hi; i++)
            if (!(d->toks[i].flags & PX_TF_UPPER1))
                return;
    }
    for (uint32_t i = np.lo; i < k; i++)
        if (c->inq[i] || c->used[i])
            return;
    at->src = np;
    at->cue = (px_trange){k - 1, k};
}

static px_status attribute_direct(px_qctx *c, qscan *s, const uint32_t *para_lo)
{
    const px_doc *d = c->d;
    px_span parts[MAX_PARTS];
    px_trange last_src = {0, 0};
    uint32_t last_para = UINT32_MAX;
    for (size_t r = 0; r < s->n_regs; r++) {
        qreg *g = &s->regs[r];
        if (g->done || !g->n)
            continue;
        const qfrag *f0 = &s->frags[g->first], *fl = &s->frags[g->first + g->n - 1];
        uint32_t n = 0;
        for (uint32_t k = 0; k < g->n && n < MAX_PARTS; k++) {
            px_span sp = frag_span(d, &s->frags[g->first + k]);
            if (sp.start != UINT32_MAX)
                parts[n++] = sp;
        }
        if (!n)
            continue;
        if (turn_colon(d, f0)) {
            px_status st = transcript(c, s, g);
            if (st)
                return st;
            continue;
        }
        attrib at;
        int direct = 1;
        uint32_t plo = para_lo[c->para_of[f0->o]], lb = clause_start(c, f0->o, plo);
        int mid = f0->o > lb && !opens_clause(d, f0->o - 1);
        if (!ends_clause(d, fl)) {
            /* embedded in a clause: a partial quote after "described it as",
             * else part of reported speech (quote_report.c) */
            if (!try_part(c, f0, lb, &at))
                continue;
        } else if (try_after(c, fl, &at)) {
            int dash = px__qtok_dash(d, at.cue.lo);
            if (mid && !dash && g->n == 1)
                direct = !clause_quote(c, f0, lb, &parts[0]);
            /* "…," he stressed, "…" and "…," he said. "…" */
            if (!dash && r + 1 < s->n_regs && !s->regs[r + 1].done && at.end < d->n_toks) {
                qreg *g2 = &s->regs[r + 1];
                const qfrag *f2 = &s->frags[g2->first];
                attrib at2;
                uint32_t k = at.end;
                int sep = k < f2->o &&
                          (px__qtok_punct(d, k, ',') || px__qtok_punct(d, k, ':') || is_term(d, k));
                if (f2->o == k + (uint32_t)sep && c->para_of[f2->o] == c->para_of[k - 1] &&
                    (!is_term(d, k) || !try_after(c, &s->frags[g2->first + g2->n - 1], &at2))) {
                    for (uint32_t q = 0; q < g2->n && n < MAX_PARTS; q++) {
                        px_span sp = frag_span(d, &s->frags[g2->first + q]);
                        if (sp.start != UINT32_MAX)
                            parts[n++] = sp;
                    }
                    g2->done = 1;
                }
            }
        } else if (!try_before(c, f0, plo, &at)) {
            /* no cue: a whole quoted sentence stands; a short phrase in a
             * sentence is a title or a scare quote */
            if (mid || words_in(d, f0) < 4)
                continue;
            at.cue = at.src = (px_trange){0, 0};
            /* a quote running on from the speaker of the quote just before
             * (same or previous paragraph) */
            if (last_para != UINT32_MAX && c->para_of[f0->o] <= last_para + 1)
                at.src = last_src;
            colon_lead(c, f0, &at);
        }
        if (at.src.hi > at.src.lo) {
            last_src = at.src;
            last_para = c->para_of[fl->o];
        }
        if (direct && at.cue.hi > at.cue.lo && at.cue.hi < f0->o && part_object(c, at.cue, f0->o)) {
            parts[0].start = d->toks[at.cue.hi].start; /* called him a "moderate" */
            if (f0->c < UINT32_MAX - 1)                /* with the closing mark */
                parts[0].end = d->toks[mark_end(d, f0->c) - 1].end;
            /* a list of quoted words in the sentence ("called Trump a
             * “pathological liar” who is “utterly amoral,” a “bully” …"):
             * up to the last one */
            for (size_t r2 = r + 1; n == 1 && g->n == 1 && f0->c < UINT32_MAX - 1 &&
                                    r2 < s->n_regs && s->regs[r2].n == 1;
                 r2++) {
                const qfrag *f2 = &s->frags[s->regs[r2].first];
                if (c->sent_of[f2->o] != c->sent_of[f0->o] || f2->c >= UINT32_MAX - 1 ||
                    c->sent_of[f2->c] != c->sent_of[f0->o])
                    break;
                parts[0].end = d->toks[mark_end(d, f2->c) - 1].end;
                s->regs[r2].done = 1;
            }
            direct = 0;
        }
        px_status st = px__quote_emit(c, parts, n, at.cue, at.src, direct);
        if (st)
            return st;
    }
    return PX_OK;
}

/* Finds and attributes the direct quotes; marks their tokens in c->inq. */
static px_status direct_quotes(px_qctx *c)
{
    px_doc *d = c->d;
    size_t nm = 0;
    for (size_t i = 0; i < d->n_toks; i++)
        nm += mark_of(d, i) != QM_NONE;
    if (!nm)
        return PX_OK;
    qscan s = {0};
    s.frags = PX_ARENA_NEW(d->arena, qfrag, nm + d->n_paras + 1);
    s.regs = PX_ARENA_NEW(d->arena, qreg, nm + 1);
    uint32_t *para_lo = PX_ARENA_NEW(d->arena, uint32_t, d->n_paras + 1);
    if (!s.frags || !s.regs || !para_lo)
        return PX_ENOMEM;
    uint32_t t = 0;
    for (size_t p = 0; p <= d->n_paras; p++) {
        while (p < d->n_paras && t < d->n_toks && d->toks[t].start < d->paras[p].start)
            t++;
        para_lo[p] = p < d->n_paras ? t : (uint32_t)d->n_toks;
    }
    int resume = QM_NONE;
    for (size_t p = 0; p < d->n_paras; p++) {
        uint32_t lo = para_lo[p], hi = para_lo[p + 1];
        uint32_t nhi = p + 2 <= d->n_paras ? para_lo[p + 2] : hi;
        if (lo >= hi) {
            resume = QM_NONE;
            continue;
        }
        resume = scan_para(d, &s, lo, hi, nhi, resume);
    }
    for (size_t f = 0; f < s.n_frags; f++) {
        uint32_t hi = s.frags[f].c < UINT32_MAX - 1 ? mark_end(d, s.frags[f].c) : s.frags[f].pend;
        for (uint32_t i = s.frags[f].o; i < hi && i < d->n_toks; i++)
            c->inq[i] = 1;
    }
    return attribute_direct(c, &s, para_lo);
}

/* ---- the annotator ---- */

static px_status q_init(px_engine *e, void **res, char *errmsg)
{
    px_quote_res *r = px__calloc(1, sizeof *r);
    if (!r)
        return px__fail(errmsg, PX_ENOMEM, "quotes: out of memory");
    px_status st = px__quote_cues_build(e->folder, &r->cues);
    if (st) {
        px__free(r);
        return px__fail(errmsg, st, "quotes: cannot build the cue lexicon");
    }
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/quotes/frames.tsv", e->data_dir);
    FILE *probe = n > 0 && (size_t)n < sizeof path ? fopen(path, "rb") : NULL;
    if (probe) { /* optional: a data folder without it has no learned frames */
        fclose(probe);
        st = px__quote_frames_load(path, &e->warnings, &r->frames, errmsg);
        if (st) {
            px__lex_free(r->cues);
            px__free(r);
            return st;
        }
    }
    *res = r;
    return PX_OK;
}

static void q_fini(void *res)
{
    px_quote_res *r = res;
    if (!r)
        return;
    px__lex_free(r->cues);
    px__quote_frames_free(r->frames);
    px__free(r);
}

static int quote_cmp(const void *a, const void *b)
{
    const px_quote *x = a, *y = b;
    if (x->content[0].start != y->content[0].start)
        return x->content[0].start < y->content[0].start ? -1 : 1;
    return (x->content[0].end > y->content[0].end) - (x->content[0].end < y->content[0].end);
}

/* Words that join a second clause with its own attribution: "…, though she
 * acknowledged …", "…, but he said …". */
static const char *const JOIN[] = {"but",  "and", "though", "although", "while", "whereas", "yet",
                                   "even", "so",  "also",   "then",     "as",    "because", NULL};

/* Is there a dash in [lo, hi)? */
static int dash_in(const px_doc *d, uint32_t lo, uint32_t hi)
{
    for (uint32_t i = lo; i < hi; i++)
        if (px__qtok_dash(d, i))
            return 1;
    return 0;
}

/* Is the last word of q's cue a speech verb of the lexicon (not an
 * intention or raising verb)? */
static int speech_cue(const px_qctx *c, const px_quote *q)
{
    const px_doc *d = c->d;
    uint32_t t = px__doc_tok_at(d, q->cue.end);
    if (t == 0)
        return 0;
    t--;
    size_t pos = 0;
    px_lex_match m;
    uint32_t lo = t >= 2 ? t - 2 : 0;
    while (px__lex_next(c->res->cues, d->toks + lo, t + 1 - lo, &pos, &m))
        if (lo + m.tok_end == t + 1)
            return (m.payload & (PX_CUE_SAY | PX_CUE_ACC | PX_CUE_CTRL)) != 0;
    return 0;
}

/* May the content [plo, phi) be cut at j before an inner attribution whose
 * words start at t? Not when the words before j are a subordinate clause
 * ("that if the state held up the deal, Patriot could threaten …"), the
 * inner source is a relative pronoun ("the EU, which contended that …") or
 * the subject the content starts with ("she hopes …, but she knows …"), or
 * the clause is a parenthesis between dashes ("Trump — even as he says … —
 * has proposed …"). */
static int
nest_split(const px_qctx *c, uint32_t plo, uint32_t phi, uint32_t j, uint32_t t, const px_quote *q)
{
    static const char *const SUB[] = {"if",     "when",    "after",   "before", "while", "although",
                                      "though", "because", "since",   "unless", "as",    "once",
                                      "until",  "whether", "despite", NULL};
    static const char *const REL[] = {"which", "who", "that", "whom", "whose", NULL};
    const px_doc *d = c->d;
    uint32_t k = j - 1; /* the start of the clause before the cut */
    while (k > plo && !px__qtok_punct(d, k - 1, ',') && !px__qtok_punct(d, k - 1, ';') &&
           !px__qtok_dash(d, k - 1) && !is_term(d, k - 1))
        k--;
    if (px__qtok_is(d, k, "that") && k + 1 < j)
        k++;
    if (px__qtok_in(d, k, SUB))
        return 0;
    uint32_t st = q->source.start != UINT32_MAX ? px__doc_tok_at(d, q->source.start) : UINT32_MAX;
    if (st != UINT32_MAX) {
        if (px__qtok_in(d, st, REL))
            return 0;
        const px_token *a = &d->toks[st], *b = &d->toks[k];
        if (px__doc_tok_at(d, q->source.end) == st + 1 && a->key_len == b->key_len &&
            memcmp(a->key, b->key, a->key_len) == 0)
            return 0;
    }
    if ((px__qtok_dash(d, j - 1) || (j > plo + 1 && px__qtok_dash(d, j - 2))) && dash_in(d, t, phi))
        return 0;
    return 1;
}

static const char *const CONTRAST[] = {"but", "though", "although", "whereas", "yet", NULL};

/* An attribution inside the reported content of another, in a clause of its
 * own ("Figueroa said the campaign planned …, though she acknowledged it was
 * unlikely to work"): the outer content ends before that clause (it starts
 * after it when the content comes before the outer cue), as PolNeAR marks
 * them; a clause joined by "that" ("X said that Y claimed …") stays nested.
 * c->out is sorted by content start; each inner quote looks back at most 32
 * quotes. */
static void nest_cut(px_qctx *c)
{
    const px_doc *d = c->d;
    for (size_t qi = 0; qi < c->n_out; qi++) {
        const px_quote *q = &c->out[qi];
        if (q->cue.start == UINT32_MAX || q->source.start == UINT32_MAX || !speech_cue(c, q))
            continue;
        uint32_t a = q->cue.start < q->source.start ? q->cue.start : q->source.start;
        uint32_t b = q->cue.end > q->source.end ? q->cue.end : q->source.end;
        uint32_t qa = q->content[0].start < a ? q->content[0].start : a;
        uint32_t qb = q->content[q->n_content - 1].end > b ? q->content[q->n_content - 1].end : b;
        for (size_t ri = qi, look = 0; ri-- > 0 && look < 32; look++) {
            px_quote *r = &c->out[ri];
            if (r->direct || r->cue.start == UINT32_MAX)
                continue;
            for (uint32_t k = 0; k < r->n_content; k++) {
                px_span *p = &r->content[k];
                if (!(p->start < qa && q->cue.end <= p->end))
                    continue;
                uint32_t plo = px__doc_tok_at(d, p->start), phi = px__doc_tok_at(d, p->end);
                if (r->cue.end <= p->start) { /* forward: cut before the clause */
                    uint32_t t = px__doc_tok_at(d, qa), j = t;
                    while (j > plo + 1 && px__qtok_in(d, j - 1, JOIN))
                        j--;
                    if (j == plo ||
                        !(px__qtok_punct(d, j - 1, ',') || px__qtok_punct(d, j - 1, ';') ||
                          px__qtok_dash(d, j - 1) || (j < t && px__qtok_in(d, j, CONTRAST))))
                        continue;
                    if (!nest_split(c, plo, phi, j, t, q))
                        continue;
                    while (j > plo && (px__qtok_punct(d, j - 1, ',') ||
                                       px__qtok_punct(d, j - 1, ';') || px__qtok_dash(d, j - 1)))
                        j--;
                    if (j >= plo + 2)
                        p->end = d->toks[j - 1].end;
                } else if (r->cue.start >= p->end && qb < p->end) { /* inverted */
                    uint32_t j = px__doc_tok_at(d, qb);
                    if (j >= phi ||
                        !(px__qtok_punct(d, j, ',') || px__qtok_punct(d, j, ';') || is_term(d, j) ||
                          (px__qtok_dash(d, j) && !dash_in(d, plo, px__doc_tok_at(d, qa)))))
                        continue;
                    while (j < phi &&
                           (px__qtok_punct(d, j, ',') || px__qtok_punct(d, j, ';') ||
                            px__qtok_dash(d, j) || is_term(d, j) || px__qtok_in(d, j, JOIN)))
                        j++;
                    if (j + 2 <= phi)
                        p->start = d->toks[j].start;
                }
            }
        }
    }
}

/* A direct quote with no cue runs on from the attribution just before it in
 * its paragraph or the one before, reported speech included ("…, Mr.
 * Holtz-Eakin said. ''They're more detailed …''"): it takes that
 * attribution's source. c->out is sorted by content start; each quote
 * looks back at most 64 quotes. */
static void run_on(px_qctx *c)
{
    const px_doc *d = c->d;
    for (size_t qi = 0; qi < c->n_out; qi++) {
        px_quote *q = &c->out[qi];
        if (!q->direct || q->cue.start != UINT32_MAX)
            continue;
        uint32_t at = q->content[0].start;
        const px_quote *best = NULL;
        uint32_t best_end = 0;
        for (size_t ri = qi, look = 0; ri-- > 0 && look < 64; look++) {
            const px_quote *r = &c->out[ri];
            if (r->source.start == UINT32_MAX)
                continue;
            uint32_t e = r->source.end;
            if (r->cue.start != UINT32_MAX && r->cue.end > e)
                e = r->cue.end;
            if (e <= at && e > best_end) {
                best = r;
                best_end = e;
            }
        }
        if (!best)
            continue;
        uint32_t tq = px__doc_tok_at(d, at), tr = px__doc_tok_at(d, best_end) - 1;
        if (tq >= d->n_toks || tr >= d->n_toks || c->para_of[tq] > c->para_of[tr] + 1)
            continue;
        q->source = best->source;
        q->speaker = best->speaker;
    }
}

/* The clause before a parenthetical attribution is part of what is
 * attributed: "In other words, he said, ''the era … is over.''", "At one
 * point, she said, she was considering …": a quote whose source and cue
 * stand between commas after the start of their sentence, with its content
 * after them, gains the words from the sentence start to the first comma as
 * its first content part (PolNeAR annotates them so). Words inside another
 * quote, content or attribution are left alone. */
static px_status front_part(px_qctx *c)
{
    const px_doc *d = c->d;
    for (size_t qi = 0; qi < c->n_out; qi++) {
        px_quote *q = &c->out[qi];
        if (q->cue.start == UINT32_MAX || q->source.start == UINT32_MAX || !q->n_content)
            continue;
        uint32_t a = q->cue.start < q->source.start ? q->cue.start : q->source.start;
        uint32_t b = q->cue.end > q->source.end ? q->cue.end : q->source.end;
        uint32_t ta = px__doc_tok_at(d, a), tb = px__doc_tok_at(d, b);
        if (ta < 2 || tb >= d->n_toks || q->content[0].start < d->toks[tb].start)
            continue;
        const px_token *comma = &d->toks[ta - 1], *after = &d->toks[tb];
        if (comma->end - comma->start != 1 || d->text.ptr[comma->start] != ',' ||
            after->end - after->start != 1 || d->text.ptr[after->start] != ',')
            continue;
        uint32_t lo = px__quote_sent_start(c, ta - 1);
        if (lo + 1 >= ta || c->sent_of[ta - 1] != c->sent_of[ta] ||
            c->sent_of[tb] != c->sent_of[ta])
            continue;
        int ok = 1;
        for (uint32_t k = lo; k < ta - 1 && ok; k++)
            ok = !c->inq[k] && !c->inc[k] && !c->used[k];
        if (!ok)
            continue;
        px_span *parts = PX_ARENA_NEW(d->arena, px_span, q->n_content + 1);
        if (!parts)
            return PX_ENOMEM;
        parts[0] = (px_span){d->toks[lo].start, comma->start};
        memcpy(parts + 1, q->content, q->n_content * sizeof *parts);
        q->content = parts;
        q->n_content++;
        for (uint32_t k = lo; k < ta - 1; k++)
            c->inc[k] = 1;
    }
    return PX_OK;
}

static px_status q_run(px_doc *d, const void *res)
{
    d->quotes = NULL;
    d->n_quotes = 0;
    if (!res || !d->n_toks)
        return PX_OK;
    px_qctx c = {.d = d, .res = res};
    /* per-token scratch: one heap block freed at the end (in the arena it
     * stayed as long as the document, #20 item 7) */
    uint32_t *scratch = px__malloc(d->n_toks * (2 * sizeof(uint32_t) + 3));
    if (!scratch)
        return PX_ENOMEM;
    c.para_of = scratch;
    c.sent_of = scratch + d->n_toks;
    c.inq = (uint8_t *)(scratch + 2 * d->n_toks);
    c.used = c.inq + d->n_toks;
    c.inc = c.used + d->n_toks;
    memset(c.inq, 0, d->n_toks);
    memset(c.inc, 0, d->n_toks);
    memset(c.used, 0, d->n_toks);
    size_t p = 0, s = 0;
    for (size_t i = 0; i < d->n_toks; i++) {
        while (p + 1 < d->n_paras && d->toks[i].start >= d->paras[p + 1].start)
            p++;
        while (s + 1 < d->n_sents && d->toks[i].start >= d->sents[s + 1].start)
            s++;
        c.para_of[i] = (uint32_t)p;
        c.sent_of[i] = (uint32_t)s;
    }
    px_status st = px__quote_mentions(&c);
    if (!st)
        st = direct_quotes(&c);
    if (!st)
        st = px__quote_reported(&c);
    if (!st)
        st = px__quote_parsed(&c);
    if (!st)
        st = px__quote_frames(&c);
    if (!st && c.n_out) {
        qsort(c.out, c.n_out, sizeof *c.out, quote_cmp);
        nest_cut(&c);
        qsort(c.out, c.n_out, sizeof *c.out, quote_cmp);
        run_on(&c);
        st = front_part(&c);
    }
    if (!st && c.n_out) {
        d->quotes = PX_ARENA_NEW(d->arena, px_quote, c.n_out);
        if (!d->quotes)
            st = PX_ENOMEM;
        else {
            memcpy(d->quotes, c.out, c.n_out * sizeof *c.out);
            d->n_quotes = c.n_out;
        }
    }
    px__free(c.out);
    px__free(scratch);
    return st;
}

const px_annotator px__ann_quotes = {"quotes", q_init, q_fini, q_run};
