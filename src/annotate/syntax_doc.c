/* The parse of a document: parallax tokens become UD-style words (clitics and
 * hyphens split off, see docs/syntax.md), each sentence is tagged, parsed and
 * lemmatized, and the result stays on the document (d->syn) for the
 * annotators; CoNLL-U and JSON writers for output. */
#include <string.h>

#include "annotate/annotate.h"

/* Clitics UD splits off a word, as the tagger saw them in training. */
static const struct {
    const char *ascii;
    uint8_t len;
} CLITICS[] = {{"n't", 3}, {"'s", 2}, {"'re", 3}, {"'ve", 3}, {"'ll", 3}, {"'d", 2}, {"'m", 2}};

/* Length in bytes of a clitic ending p[0..n) (straight or curly apostrophe,
 * any case), its ASCII form in *form; 0 when none. The word before it must
 * keep at least one byte. */
static size_t clitic_at_end(const uint8_t *p, size_t n, const char **form)
{
    for (size_t c = 0; c < sizeof CLITICS / sizeof *CLITICS; c++) {
        const char *a = CLITICS[c].ascii;
        size_t k = CLITICS[c].len;
        /* the pattern with the apostrophe as ' (1 byte) or U+2019 (3 bytes) */
        for (int curly = 0; curly < 2; curly++) {
            size_t bytes = k + (curly ? 2 : 0);
            if (n <= bytes)
                continue;
            const uint8_t *q = p + n - bytes;
            size_t j = 0, ok = 1;
            for (size_t i = 0; i < k && ok; i++) {
                if (a[i] == '\'') {
                    if (curly) {
                        ok = q[j] == 0xE2 && q[j + 1] == 0x80 && q[j + 2] == 0x99;
                        j += 3;
                    } else
                        ok = q[j++] == '\'';
                } else
                    ok = (q[j++] | 32) == (uint8_t)a[i];
            }
            if (ok) {
                *form = a;
                return bytes;
            }
        }
    }
    return 0;
}

typedef px_syn_words builder;

static px_status push(builder *b, const uint8_t *p, size_t len, uint32_t s, uint32_t e, uint32_t t)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        px_syn_word *w = px__realloc(b->w, cap * sizeof *w);
        if (!w)
            return PX_ENOMEM;
        b->w = w;
        uint32_t *a = px__realloc(b->start, cap * sizeof *a);
        if (!a)
            return PX_ENOMEM;
        b->start = a;
        a = px__realloc(b->end, cap * sizeof *a);
        if (!a)
            return PX_ENOMEM;
        b->end = a;
        a = px__realloc(b->tok, cap * sizeof *a);
        if (!a)
            return PX_ENOMEM;
        b->tok = a;
        b->cap = cap;
    }
    b->w[b->n] = (px_syn_word){p, (uint32_t)len};
    b->start[b->n] = s;
    b->end[b->n] = e;
    b->tok[b->n] = t;
    b->n++;
    return PX_OK;
}

/* A word part of a token, split at inner hyphens ("long-term": long - term). */
static px_status
push_hyphenated(builder *b, const uint8_t *text, uint32_t s, uint32_t e, uint32_t t)
{
    uint32_t a = s;
    for (uint32_t i = s + 1; i + 1 < e; i++) {
        if (text[i] == '-' && i > a) {
            px_status st = push(b, text + a, i - a, a, i, t);
            if (!st)
                st = push(b, text + i, 1, i, i + 1, t);
            if (st)
                return st;
            a = i + 1;
        }
    }
    return push(b, text + a, e - a, a, e, t);
}

static px_status split_token(builder *b, const px_doc *d, uint32_t t)
{
    const px_token *k = &d->toks[t];
    const uint8_t *text = d->text.ptr;
    uint32_t s = k->start, e = k->end;
    if (k->kind != PX_TOK_WORD)
        return push(b, text + s, e - s, s, e, t);
    const char *cf = NULL;
    size_t cl = clitic_at_end(text + s, e - s, &cf);
    if (cl) {
        px_status st = push_hyphenated(b, text, s, e - (uint32_t)cl, t);
        if (!st)
            st = push(b, (const uint8_t *)cf, strlen(cf), e - (uint32_t)cl, e, t);
        return st;
    }
    if (e - s == 6 && !memcmp(text + s + 1, "annot", 5) && (text[s] | 32) == 'c') {
        px_status st = push(b, text + s, 3, s, s + 3, t);
        return st ? st : push(b, text + s + 3, 3, s + 3, e, t);
    }
    return push_hyphenated(b, text, s, e, t);
}

void px__syn_words_free(px_syn_words *b)
{
    px__free(b->w);
    px__free(b->start);
    px__free(b->end);
    px__free(b->tok);
    memset(b, 0, sizeof *b);
}

px_status px__syntax_words(const px_doc *d, px_syn_words *b)
{
    b->n = 0;
    px_status st = PX_OK;
    for (size_t t = 0; t < d->n_toks && !st; t++)
        st = split_token(b, d, (uint32_t)t);
    return st;
}

px_status px__syntax_doc(px_doc *d, const px_syn_model *m, px_syn_work *w)
{
    px_arena *ar = d->arena;
    struct px_syntax *sx = PX_ARENA_NEW(ar, struct px_syntax, 1);
    if (!sx)
        return PX_ENOMEM;
    memset(sx, 0, sizeof *sx);
    sx->model = m;
    d->syn = sx;
    builder b = {0};
    px_status st = px__syntax_words(d, &b);
    size_t nsent = 0;
    for (size_t i = 0; i < b.n; i++)
        nsent +=
            i == 0 || (b.tok[i] != b.tok[i - 1] && (d->toks[b.tok[i]].flags & PX_TF_SENTSTART));
    if (!st) {
        sx->w = PX_ARENA_NEW(ar, px_sword, b.n + 1);
        sx->sent_first = PX_ARENA_NEW(ar, uint32_t, nsent + 1);
        if (!sx->w || !sx->sent_first)
            st = PX_ENOMEM;
    }
    size_t ns = 0;
    for (size_t a = 0; a < b.n && !st;) {
        size_t e = a + 1;
        while (e < b.n &&
               !(b.tok[e] != b.tok[e - 1] && (d->toks[b.tok[e]].flags & PX_TF_SENTSTART)))
            e++;
        size_t n = e - a;
        sx->sent_first[ns++] = (uint32_t)a;
        st = px__syn_work_reserve(w, n);
        if (!st)
            st = px__syn_analyse(m, &w->s, b.w + a, n, w->tags, w->head, w->rel);
        for (size_t i = 0; i < n && !st; i++) {
            px_sword *o = &sx->w[a + i];
            o->start = b.start[a + i];
            o->end = b.end[a + i];
            o->tok = b.tok[a + i];
            o->head = w->head[i] < 0 ? -1 : w->head[i] + (int32_t)a;
            o->tag = w->tags[i];
            o->rel = w->rel[i];
            o->pad = 0;
            uint8_t tmp[256];
            size_t k = px__syn_lemma(m, b.w[a + i], w->tags[i], tmp, sizeof tmp);
            o->lemma = PX_SLICE_NULL;
            if (k && !(k == b.w[a + i].n && !memcmp(tmp, b.w[a + i].p, k))) {
                o->lemma = px__arena_dup(ar, (px_slice){tmp, k});
                if (!o->lemma.ptr)
                    st = PX_ENOMEM;
            } else if (b.w[a + i].p < d->text.ptr || b.w[a + i].p >= d->text.ptr + d->text.len) {
                o->lemma = (px_slice){b.w[a + i].p, b.w[a + i].n}; /* a clitic's ASCII form */
            }
        }
        a = e;
    }
    if (!st) {
        sx->sent_first[ns] = (uint32_t)b.n;
        sx->n = b.n;
        sx->n_sents = ns;
    } else {
        d->syn = NULL;
    }
    px__syn_words_free(&b);
    return st;
}

px_status px__syntax_engine(px_engine *e, char *errmsg)
{
    if (e->syn_model)
        return PX_OK;
    if (e->no_syntax)
        return px__fail(errmsg, PX_EINVAL, "syntax is off for this engine");
    px_status st = px__syn_model_load_default(e->data_dir, &e->syn_model, errmsg);
    if (st == PX_OK && !(e->syn_work = px__calloc(1, sizeof *e->syn_work)))
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
    if (st) {
        px__syn_model_free(e->syn_model);
        e->syn_model = NULL;
    }
    return st;
}

px_status px__doc_syntax(px_doc *d)
{
    if (d->syn_done)
        return PX_OK;
    if (d->lang.ptr && !px_slice_eq(d->lang, PX_SLICE_LIT("en"))) {
        d->syn_done = 1;
        return PX_OK;
    }
    px_status st = px__syntax_engine(d->engine, d->errmsg);
    if (!st)
        st = px__syntax_doc(d, d->engine->syn_model, d->engine->syn_work);
    d->syn_done = st == PX_OK;
    return st;
}

/* ---- output ---- */

static px_slice word_form(const px_doc *d, const px_sword *w)
{
    return (px_slice){d->text.ptr + w->start, w->end - w->start};
}

static px_slice word_lemma(const px_doc *d, const px_sword *w)
{
    return w->lemma.ptr ? w->lemma : word_form(d, w);
}

/* Bytes a CoNLL-U column may not hold (tabs, newlines) become spaces. */
static px_status col(px_buf *b, px_slice s)
{
    if (!s.len)
        return px_buf_append_byte(b, '_');
    for (size_t i = 0; i < s.len; i++) {
        uint8_t c = s.ptr[i];
        px_status st = px_buf_append_byte(b, c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
        if (st)
            return st;
    }
    return PX_OK;
}

px_status px__syntax_write_conllu(const px_doc *d, px_buf *out)
{
    const struct px_syntax *sx = d->syn;
    if (!sx)
        return PX_OK;
    const px_syn_model *m = sx->model;
    px_status st = PX_OK;
    for (size_t s = 0; s < sx->n_sents && !st; s++) {
        uint32_t a = sx->sent_first[s], e = sx->sent_first[s + 1];
        if (a == e)
            continue;
        st = px_buf_appendf(out, "# sent_id = %s-%zu\n# text = ", d->id, s + 1);
        uint32_t ts = sx->w[a].start, te = sx->w[e - 1].end;
        for (uint32_t i = ts; i < te && !st; i++) {
            uint8_t c = d->text.ptr[i];
            st = px_buf_append_byte(out, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
        }
        if (!st)
            st = px_buf_append_byte(out, '\n');
        for (uint32_t i = a; i < e && !st; i++) {
            const px_sword *w = &sx->w[i];
            st = px_buf_appendf(out, "%u\t", i - a + 1);
            if (!st)
                st = col(out, word_form(d, w));
            if (!st)
                st = px_buf_append_byte(out, '\t');
            if (!st)
                st = col(out, word_lemma(d, w));
            if (!st)
                st = px_buf_appendf(out, "\t%.*s\t%.*s\t_\t%d\t%.*s\t_\t", (int)m->upos[w->tag].len,
                                    (const char *)m->upos[w->tag].ptr, (int)m->xpos[w->tag].len,
                                    (const char *)m->xpos[w->tag].ptr,
                                    w->head < 0 ? 0 : w->head - (int32_t)a + 1,
                                    (int)m->rels[w->rel].len, (const char *)m->rels[w->rel].ptr);
            int space = i + 1 < e ? sx->w[i + 1].start > w->end : 1;
            if (!st)
                st = px_buf_append_str(out, space ? "_\n" : "SpaceAfter=No\n");
        }
        if (!st)
            st = px_buf_append_byte(out, '\n');
    }
    return st;
}

px_status px__syntax_write_json(const px_doc *d, px_buf *out)
{
    const struct px_syntax *sx = d->syn;
    px_status st = px_buf_append_byte(out, '[');
    for (size_t s = 0; sx && s < sx->n_sents && !st; s++) {
        uint32_t a = sx->sent_first[s], e = sx->sent_first[s + 1];
        const px_syn_model *m = sx->model;
        st = px_buf_append_str(out, s ? ",{\"tokens\":[" : "{\"tokens\":[");
        for (uint32_t i = a; i < e && !st; i++) {
            const px_sword *w = &sx->w[i];
            st = px_buf_appendf(
                out, "%s{\"span\":[%u,%u],\"pos\":\"%.*s\",\"xpos\":", i > a ? "," : "", w->start,
                w->end, (int)m->upos[w->tag].len, (const char *)m->upos[w->tag].ptr);
            if (!st)
                st = px__json_str(out, m->xpos[w->tag]);
            if (!st)
                st = px_buf_append_str(out, ",\"lemma\":");
            if (!st)
                st = px__json_str(out, word_lemma(d, w));
            if (!st)
                st = px_buf_appendf(out, ",\"head\":%d,\"dep\":\"%.*s\"}",
                                    w->head < 0 ? 0 : w->head - (int32_t)a + 1,
                                    (int)m->rels[w->rel].len, (const char *)m->rels[w->rel].ptr);
        }
        if (!st)
            st = px_buf_append_str(out, "]}");
    }
    if (!st)
        st = px_buf_append_byte(out, ']');
    return st;
}
