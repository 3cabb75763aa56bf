/* px_tag_conll: the tagger over CoNLL token columns (parallax tag --conll). */
#include <string.h>

#include "annotate/entity.h"
#include "parallax/tag.h"

typedef struct tag_ctx {
    const px_entity_res *r;
    px_folder *f;
    FILE *out;
    px_buf keys;
    px_token *toks;
    px_ner_word *words;
    uint32_t *gaz;
    uint8_t *labels;
    size_t cap;
    px_ner_scratch sc;
    px_ner_hist hist; /* of the document so far */
    px_ner_score *score;
    px_status st;
    /* the document so far: its sentences are written and scored at its end,
     * after the type vote (ner_vote) */
    px_slice *dw, *dt; /* words and gold tags */
    uint8_t *dl;       /* predicted labels */
    size_t *dsn;       /* sentence lengths */
    size_t dn, dcap, ds, dscap;
} tag_ctx;

static int grow(tag_ctx *c, size_t n)
{
    if (n <= c->cap)
        return 0;
    size_t cap = c->cap ? c->cap : 64;
    while (cap < n)
        cap *= 2;
    px_token *t = px__realloc(c->toks, cap * sizeof *t);
    if (t)
        c->toks = t;
    px_ner_word *w = px__realloc(c->words, cap * sizeof *w);
    if (w)
        c->words = w;
    uint32_t *g = px__realloc(c->gaz, cap * sizeof *g);
    if (g)
        c->gaz = g;
    uint8_t *l = px__realloc(c->labels, cap);
    if (l)
        c->labels = l;
    if (!t || !w || !g || !l)
        return -1;
    c->cap = cap;
    return 0;
}

static px_status doc_push(tag_ctx *c, const px_conll_sent *s)
{
    if (c->dn + s->n > c->dcap) {
        size_t cap = c->dcap ? c->dcap : 1024;
        while (cap < c->dn + s->n)
            cap *= 2;
        px_slice *w = px__realloc(c->dw, cap * sizeof *w);
        if (w)
            c->dw = w;
        px_slice *t = px__realloc(c->dt, cap * sizeof *t);
        if (t)
            c->dt = t;
        uint8_t *l = px__realloc(c->dl, cap);
        if (l)
            c->dl = l;
        if (!w || !t || !l)
            return PX_ENOMEM;
        c->dcap = cap;
    }
    if (c->ds == c->dscap) {
        size_t cap = c->dscap ? c->dscap * 2 : 64;
        size_t *n = px__realloc(c->dsn, cap * sizeof *n);
        if (!n)
            return PX_ENOMEM;
        c->dsn = n;
        c->dscap = cap;
    }
    for (size_t i = 0; i < s->n; i++) {
        c->dw[c->dn + i] = s->words[i];
        c->dt[c->dn + i] = s->tags[i];
        c->dl[c->dn + i] = c->labels[i];
    }
    c->dn += s->n;
    c->dsn[c->ds++] = s->n;
    return PX_OK;
}

/* Writes and scores the buffered document (after the vote). */
static px_status doc_flush(tag_ctx *c)
{
    px_status st = PX_OK;
    if (!c->dn)
        return PX_OK;
    st = px__ner_vote(c->f, c->dw, c->dl, c->dsn, c->ds);
    size_t off = 0;
    for (size_t k = 0; k < c->ds && !st; k++) {
        size_t n = c->dsn[k];
        for (size_t i = 0; c->out && i < n; i++)
            fprintf(c->out, "%.*s\t%s\n", (int)c->dw[off + i].len, (const char *)c->dw[off + i].ptr,
                    px__ner_label_name(c->dl[off + i]));
        if (c->out)
            fputc('\n', c->out);
        if (c->score) {
            if (grow(c, n))
                return PX_ENOMEM;
            for (size_t i = 0; i < n; i++) {
                const px_slice *t = &c->dt[off + i];
                int l = t->ptr ? px__ner_label_parse(t->ptr, t->len) : 0;
                c->labels[i] = (uint8_t)(l < 0 ? 0 : l);
            }
            px__ner_score_add(c->score, c->labels, c->dl + off, n);
        }
        off += n;
    }
    c->dn = 0;
    c->ds = 0;
    return st;
}

/* The CoNLL words joined by spaces are the "text" the tokens point into. */
static int tag_sent(void *ud, const px_conll_sent *s)
{
    tag_ctx *c = ud;
    if (s->docstart) {
        px_status st = doc_flush(c);
        if (st)
            return (c->st = st), 1;
        px__ner_hist_clear(&c->hist);
        if (c->out)
            fputs("-DOCSTART-\tO\n\n", c->out);
        return 0;
    }
    if (grow(c, s->n))
        return (c->st = PX_ENOMEM), 1;
    px_buf text;
    px_buf_init(&text, 0);
    c->keys.len = 0;
    for (size_t i = 0; i < s->n; i++) {
        px_token *t = &c->toks[i];
        memset(t, 0, sizeof *t);
        t->start = (uint32_t)text.len;
        size_t k0 = c->keys.len;
        px_slice w = s->words[i];
        int valid = px__utf8_valid_prefix(w.ptr, w.len) == w.len;
        if (px_buf_append(&text, w.ptr, w.len) || px_buf_append_byte(&text, ' ') ||
            (valid ? px__fold_buf(c->f, w, &c->keys) : px_buf_append(&c->keys, w.ptr, w.len))) {
            px_buf_free(&text);
            return (c->st = PX_ENOMEM), 1;
        }
        t->end = (uint32_t)(text.len - 1);
        t->key = (const uint8_t *)(uintptr_t)k0; /* offset until the buffer settles */
        t->key_len = (uint32_t)(c->keys.len - k0);
        t->kind = PX_TOK_WORD;
        t->flags = px__ner_upper1(w.ptr, w.len) ? PX_TF_UPPER1 : 0;
    }
    /* Words that fold to nothing (a lone combining mark) leave the buffer
     * unallocated: never add an offset to a null pointer. */
    static const uint8_t no_keys[1];
    const uint8_t *kbase = c->keys.ptr ? c->keys.ptr : no_keys;
    for (size_t i = 0; i < s->n; i++) {
        px_token *t = &c->toks[i];
        t->key = kbase + (uintptr_t)t->key;
        t->key_hash = px__hash64(t->key, t->key_len, 0);
    }
    px_status st = px__entity_tag(c->r, px_buf_slice(&text), c->toks, s->n, c->words, c->gaz,
                                  c->labels, &c->sc, &c->hist);
    px_buf_free(&text);
    if (!st)
        st = doc_push(c, s);
    if (st)
        return (c->st = st), 1;
    return 0;
}

px_status px__tag_conll_buf(
    px_engine *e, const uint8_t *buf, size_t len, FILE *out, px_ner_score *score, char *errmsg)
{
    const px_entity_res *r = px__entity_res(e);
    if (!r || !r->ner)
        return px__fail(errmsg, PX_EINVAL, "the engine has no entity model");
    tag_ctx c = {.r = r, .f = e->folder, .out = out, .score = score};
    px_buf_init(&c.keys, 0);
    if (len)
        px__conll_read(buf, len, tag_sent, &c);
    if (!c.st)
        c.st = doc_flush(&c);
    px_status st = c.st;
    px_buf_free(&c.keys);
    px__free(c.toks);
    px__free(c.words);
    px__free(c.gaz);
    px__free(c.labels);
    px__free(c.dw);
    px__free(c.dt);
    px__free(c.dl);
    px__free(c.dsn);
    px__ner_scratch_free(&c.sc);
    px__ner_hist_free(&c.hist);
    if (st)
        return px__fail(errmsg, st, "%s", px_strerror(st));
    return PX_OK;
}

px_status px_tag_conll(px_engine *e, FILE *in, FILE *out, char *errmsg)
{
    if (!e || !in || !out)
        return px__fail(errmsg, PX_EINVAL, "bad argument");
    px_buf b;
    px_buf_init(&b, 0);
    uint8_t tmp[65536];
    size_t n;
    px_status st = PX_OK;
    while (!st && (n = fread(tmp, 1, sizeof tmp, in)) > 0)
        st = px_buf_append(&b, tmp, n);
    if (st || ferror(in)) {
        px_buf_free(&b);
        return px__fail(errmsg, st ? st : PX_EIO, "cannot read the input");
    }
    st = px__tag_conll_buf(e, b.ptr, b.len, out, NULL, errmsg);
    px_buf_free(&b);
    if (st)
        return st;
    if (fflush(out) || ferror(out))
        return px__fail(errmsg, PX_EIO, "cannot write the output");
    return PX_OK;
}
