/* The tone lexicon (data/tone/lexicon.tsv, built by tools/gen_tone_lexicon.py
 * from VADER and AFINN-165), the rules that adjust a word's valence in its
 * sentence, and the document tone (docs/tone.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/tone/tone.h"
#include "annotate/annotate.h"

static int kind_of(uint8_t c)
{
    switch (c) {
    case 'V':
        return PX_TK_VAL;
    case 'N':
        return PX_TK_NEG;
    case 'B':
        return PX_TK_BOOST;
    case 'D':
        return PX_TK_DAMP;
    case 'P':
        return PX_TK_PRON;
    case 'C':
        return PX_TK_BUT;
    default:
        return -1;
    }
}

/* Adds every line of buf ("phrase<TAB>kind<TAB>value") to b and r. */
static px_status
load_lines(px_tone_res *r, px_lex_builder *b, const uint8_t *buf, size_t len, char *errmsg)
{
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    r->val = px__calloc(lines + 1, sizeof *r->val);
    r->kind = px__calloc(lines + 1, 1);
    if (!r->val || !r->kind)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    size_t pos = 0, line = 0;
    while (pos < len) {
        size_t e = pos;
        while (e < len && buf[e] != '\n')
            e++;
        line++;
        const uint8_t *p = buf + pos;
        size_t n = e - pos;
        pos = e + 1;
        if (!n || p[0] == '#')
            continue;
        const uint8_t *t1 = memchr(p, '\t', n);
        const uint8_t *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(p + n - t1 - 1)) : NULL;
        int k = t2 && t2 == t1 + 2 ? kind_of(t1[1]) : -1;
        char num[32];
        size_t nl = t2 ? (size_t)(p + n - t2 - 1) : 0;
        if (k < 0 || t1 == p || !nl || nl >= sizeof num)
            return px__fail(errmsg, PX_EPARSE,
                            "tone lexicon: line %zu: not phrase<TAB>kind<TAB>value", line);
        memcpy(num, t2 + 1, nl);
        num[nl] = 0;
        char *end;
        double v = strtod(num, &end);
        if (*end || !(fabs(v) <= 5))
            return px__fail(errmsg, PX_EPARSE, "tone lexicon: line %zu: bad value", line);
        uint32_t id = (uint32_t)r->n;
        px_status st = px__lex_add(b, (px_slice){p, (size_t)(t1 - p)}, id);
        if (st == PX_EINVAL)
            continue; /* no tokens */
        if (st)
            return px__fail(errmsg, st, "tone lexicon: line %zu: %s", line, px_strerror(st));
        r->val[id] = (float)v;
        r->kind[id] = (uint8_t)k;
        r->n++;
    }
    return PX_OK;
}

px_status px__tone_res_load(px_folder *f, const char *dir, px_tone_res **out, char *errmsg)
{
    *out = NULL;
    px_tone_res *r = px__calloc(1, sizeof *r);
    if (!r)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    char path[4096];
    uint8_t *buf = NULL;
    size_t len = 0;
    px_lex_builder *b = NULL;
    px_status st = PX_OK;
    if (snprintf(path, sizeof path, "%s/tone/lexicon.tsv", dir) >= (int)sizeof path)
        st = px__fail(errmsg, PX_ETOOBIG, "data path too long");
    if (!st)
        st = px__syn_read_file(path, &buf, &len, errmsg);
    if (!st && (st = px__lex_builder_new(&b, f)))
        px__fail(errmsg, st, "out of memory");
    if (!st)
        st = load_lines(r, b, buf, len, errmsg);
    px__free(buf);
    if (!st) {
        st = px__lex_build(b, &r->lex);
        b = NULL;
        if (st)
            px__fail(errmsg, st, "out of memory");
    }
    px__lex_builder_free(b);
    static const char *const names[] = {"models/tone.bin", "models/tone-lex.bin"};
    px_tone_model **dst[] = {&r->model, &r->lex_model};
    for (int i = 0; i < 2 && !st; i++) {
        if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path)
            continue;
        FILE *probe = fopen(path, "rb");
        if (probe) {
            fclose(probe);
            st = px__tone_model_load(path, dst[i], errmsg);
        }
    }
    if (st) {
        px__tone_res_free(r);
        return st;
    }
    *out = r;
    return PX_OK;
}

void px__tone_res_free(px_tone_res *r)
{
    if (!r)
        return;
    px__lex_free(r->lex);
    px__tone_model_free(r->model);
    px__tone_model_free(r->lex_model);
    px__free(r->val);
    px__free(r->kind);
    px__free(r);
}

/* A contracted negation the lexicon does not list ("shouldn’t"). */
static int nt_ending(const px_token *t)
{
    const uint8_t *k = t->key;
    size_t n = t->key_len;
    if (n > 3 && k[n - 1] == 't' && k[n - 2] == '\'' && k[n - 3] == 'n')
        return 1;
    return n > 5 && k[n - 1] == 't' && k[n - 2] == 0x99 && k[n - 3] == 0x80 && k[n - 4] == 0xE2 &&
           k[n - 5] == 'n';
}

void px__tone_mark(const px_tone_res *r, const px_token *toks, size_t n, px_tone_tok *tt)
{
    memset(tt, 0, n * sizeof *tt);
    size_t pos = 0;
    px_lex_match m;
    long but = -1;
    while (r->lex && px__lex_next(r->lex, toks, n, &pos, &m)) {
        px_tone_tok *t = &tt[m.tok_start];
        t->kind = r->kind[m.payload];
        t->len = (uint8_t)(m.tok_end - m.tok_start < 255 ? m.tok_end - m.tok_start : 255);
        if (t->kind == PX_TK_VAL)
            t->raw = r->val[m.payload];
        else if (t->kind == PX_TK_BOOST || t->kind == PX_TK_DAMP)
            t->adj = r->val[m.payload]; /* the step, read by the rule below */
        for (uint32_t j = m.tok_start + 1; j < m.tok_end; j++)
            tt[j].kind = PX_TK_INSIDE;
    }
    for (size_t i = 0; i < n; i++) {
        if (!tt[i].kind && toks[i].kind == PX_TOK_WORD && nt_ending(&toks[i]))
            tt[i].kind = PX_TK_NEG;
        if (tt[i].kind == PX_TK_BUT)
            but = (long)i;
    }
    static const float decay[3] = {1.0f, 0.95f, 0.9f};
    for (size_t i = 0; i < n; i++) {
        px_tone_tok *t = &tt[i];
        if (t->kind != PX_TK_VAL)
            continue;
        float s = t->raw;
        int k = 0;
        for (size_t j = i; j-- > 0 && k < 3;) {
            if (tt[j].kind == PX_TK_INSIDE || toks[j].kind != PX_TOK_WORD)
                continue;
            if (tt[j].kind == PX_TK_BOOST || tt[j].kind == PX_TK_DAMP)
                s += (t->raw < 0 ? -tt[j].adj : tt[j].adj) * decay[k];
            else if (tt[j].kind == PX_TK_NEG)
                t->neg = 1;
            k++;
        }
        if ((t->raw > 0 && s < 0) || (t->raw < 0 && s > 0))
            s = 0; /* dampened away */
        if (t->neg)
            s *= -0.74f;
        if (but >= 0)
            s *= (long)i < but ? 0.5f : 1.5f;
        t->adj = s;
    }
    for (size_t i = 0; i < n; i++)
        if (tt[i].kind == PX_TK_BOOST || tt[i].kind == PX_TK_DAMP)
            tt[i].adj = 0;
}

void px__tone_doc(const px_tone_tok *tt, const px_token *toks, size_t n, px_tone *out)
{
    double pos = 0, neg = 0;
    size_t words = 0, strong = 0, pron = 0;
    for (size_t i = 0; i < n; i++) {
        words += toks[i].kind == PX_TOK_WORD;
        if (tt[i].kind == PX_TK_PRON)
            pron++;
        if (tt[i].kind != PX_TK_VAL || tt[i].raw == 0)
            continue;
        double w = fabs(tt[i].adj) / fabs(tt[i].raw);
        if (tt[i].adj > 0)
            pos += w;
        else if (tt[i].adj < 0)
            neg += w;
        strong += fabs(tt[i].raw) >= 2.0;
    }
    double pct = words ? 100.0 / (double)words : 0;
    out->positive = pos * pct;
    out->negative = neg * pct;
    out->tone = out->positive - out->negative;
    out->polarity = out->positive + out->negative;
    out->activity = (double)strong * pct;
    out->self_group = (double)pron * pct;
    out->words = (uint32_t)(words < UINT32_MAX ? words : UINT32_MAX);
}

px_status px__tone_mark_doc(const px_tone_res *r, px_doc *d, px_tone_tok **out)
{
    px_tone_tok *tt = d->n_toks ? PX_ARENA_NEW(d->arena, px_tone_tok, d->n_toks) : NULL;
    *out = tt;
    if (d->n_toks && !tt)
        return PX_ENOMEM;
    /* Sentence by sentence: the rules never cross a sentence end. */
    size_t t = 0;
    for (size_t s = 0; s < d->n_sents && t < d->n_toks; s++) {
        while (t < d->n_toks && d->toks[t].start < d->sents[s].start) {
            memset(&tt[t], 0, sizeof *tt);
            t++;
        }
        size_t a = t;
        while (t < d->n_toks && d->toks[t].start < d->sents[s].end)
            t++;
        if (t > a)
            px__tone_mark(r, d->toks + a, t - a, tt + a);
    }
    if (t < d->n_toks)
        memset(tt + t, 0, (d->n_toks - t) * sizeof *tt);
    return PX_OK;
}
