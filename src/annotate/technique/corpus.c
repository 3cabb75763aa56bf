/* The Propaganda Techniques Corpus as training and evaluation data
 * (../shared/data/propaganda/README.md): one JSON Lines article per line with
 * its technique spans and its span-identification spans (UTF-8 byte offsets). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/technique/technique.h"

px_status px__tec_doc_new(px_engine *e, px_slice text, px_doc **out)
{
    *out = NULL;
    if (text.len > UINT32_MAX / 2 || px__utf8_valid_prefix(text.ptr, text.len) != text.len)
        return PX_EINVAL;
    px_doc *d = px__calloc(1, sizeof *d);
    if (!d)
        return PX_ENOMEM;
    d->arena = px__arena_new(text.len * 8 + 16384, 0);
    d->engine = e;
    px_status st = d->arena ? PX_OK : PX_ENOMEM;
    if (!st) {
        d->text = px__arena_dup(d->arena, text.ptr ? text : PX_SLICE_LIT(""));
        st = d->text.ptr ? PX_OK : PX_ENOMEM;
    }
    d->date_source = "none";
    d->lang = PX_SLICE_LIT("en");
    if (!st)
        st = px__segment(d);
    if (st) {
        px_doc_free(d);
        return st;
    }
    *out = d;
    return PX_OK;
}

px_status px__tec_engine(px_engine **out, const char *data_dir, char *errmsg)
{
    px_engine_options eo = {.no_langid = 1, .no_analyses = 1, .data_dir = data_dir};
    px_status st = px_engine_new(out, &eo, errmsg);
    if (!st)
        (*out)->no_syntax = 0; /* the parse without the annotators */
    return st;
}

static int cmp_gold(const void *a, const void *b)
{
    const px_tec_gold *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->e != y->e)
        return x->e < y->e ? -1 : 1;
    return (x->cls > y->cls) - (x->cls < y->cls);
}

static px_status spans(const cJSON *arr, size_t len, int tc, px_tec_gold **out, size_t *n)
{
    *n = 0;
    *out = px__calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **out);
    if (!*out)
        return PX_ENOMEM;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, "start");
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(it, "end");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "technique");
        if (!cJSON_IsNumber(s) || !cJSON_IsNumber(e) || s->valuedouble < 0 ||
            e->valuedouble > (double)len || s->valuedouble >= e->valuedouble)
            continue;
        int cls = -1;
        if (tc && (!cJSON_IsString(t) || (cls = px__tec_class(px_slice_cstr(t->valuestring))) < 0))
            continue;
        (*out)[(*n)++] = (px_tec_gold){(uint32_t)s->valuedouble, (uint32_t)e->valuedouble, cls};
    }
    qsort(*out, *n, sizeof **out, cmp_gold);
    return PX_OK;
}

static px_status
load_line(px_engine *e, const px_tec_lex *lex, const char *line, px_tec_article *a, char *errmsg)
{
    cJSON *j = cJSON_Parse(line);
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
    if (!cJSON_IsString(text)) {
        cJSON_Delete(j);
        return px__fail(errmsg, PX_EPARSE, "not an article with a text");
    }
    px_slice t = px_slice_cstr(text->valuestring);
    px_status st = px__tec_doc_new(e, t, &a->d);
    if (!st)
        st = px__doc_syntax(a->d);
    if (!st)
        st = px__tec_ctx(a->d, NULL, lex, &a->c);
    if (!st)
        st = spans(cJSON_GetObjectItemCaseSensitive(j, "spans"), t.len, 1, &a->tc, &a->n_tc);
    if (!st)
        st = spans(cJSON_GetObjectItemCaseSensitive(j, "si_spans"), t.len, 0, &a->si, &a->n_si);
    cJSON_Delete(j);
    if (st)
        px__fail(errmsg, st, "%s", px_strerror(st));
    return st;
}

px_status px__tec_corpus_load(px_engine *e,
                              const char *path,
                              const px_tec_model *m,
                              const px_tec_lex *lex,
                              px_tec_corpus *out,
                              char *errmsg)
{
    (void)m;
    memset(out, 0, sizeof *out);
    out->e = e;
    FILE *f = fopen(path, "rb");
    if (!f)
        return px__fail(errmsg, PX_EIO, "cannot open %s", path);
    px_buf line;
    px_buf_init(&line, (size_t)64 << 20);
    px_status st = PX_OK;
    size_t cap = 0, lineno = 0;
    int ch = 0;
    while (!st && ch != EOF) {
        px_buf_reset(&line);
        while ((ch = fgetc(f)) != EOF && ch != '\n' && !st)
            st = px_buf_append_byte(&line, (uint8_t)ch);
        lineno++;
        if (st || !line.len)
            continue;
        st = px_buf_terminate(&line);
        if (!st && out->n == cap) {
            cap = cap ? cap * 2 : 512;
            px_tec_article *a = px__realloc(out->a, cap * sizeof *a);
            if (!a)
                st = PX_ENOMEM;
            else
                out->a = a;
        }
        if (st)
            break;
        px_tec_article *a = &out->a[out->n];
        memset(a, 0, sizeof *a);
        st = load_line(e, lex, (const char *)line.ptr, a, errmsg);
        if (st) {
            char msg[PX_ERRMSG_SIZE];
            snprintf(msg, sizeof msg, "%s", errmsg ? errmsg : "");
            px__fail(errmsg, st, "%s:%zu: %s", path, lineno, msg);
            px_doc_free(a->d);
            px__free(a->tc);
            px__free(a->si);
            break;
        }
        out->n++;
    }
    fclose(f);
    px_buf_free(&line);
    if (st)
        px__tec_corpus_free(out);
    return st;
}

void px__tec_corpus_free(px_tec_corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        px_doc_free(c->a[i].d);
        px__free(c->a[i].tc);
        px__free(c->a[i].si);
    }
    px__free(c->a);
    memset(c, 0, sizeof *c);
}

px_status px__tec_corpus_examples(const px_tec_corpus *c, px_tec_data *tc, px_tec_data *si)
{
    uint32_t f[PX_TEC_MAXF];
    for (size_t i = 0; i < c->n; i++) {
        const px_tec_article *a = &c->a[i];
        for (size_t k = 0; tc && k < a->n_tc; k++) {
            size_t nf = px__tec_span_features(&a->c, a->tc[k].s, a->tc[k].e, f);
            px_status st = px__tec_data_add(tc, f, nf, (uint16_t)a->tc[k].cls, (uint32_t)i);
            if (st)
                return st;
        }
        /* Tokens inside an SI span are positive; BIO tags: B at the first
         * token of a gold span, of a sentence or after an outside token. */
        size_t g = 0, base = si ? si->n : 0;
        uint8_t *start = NULL;
        if (si) {
            size_t need = base + a->c.n + 1;
            uint8_t *bio = px__realloc(si->bio, need);
            start = px__calloc(a->c.n + 1, 1);
            if (!bio || !start) {
                px__free(start);
                if (bio)
                    si->bio = bio;
                return PX_ENOMEM;
            }
            si->bio = bio;
            for (size_t h = 0; h < a->n_si; h++) {
                size_t ta, tb;
                px__tec_tokens(&a->c, a->si[h].s, a->si[h].e, &ta, &tb);
                if (ta < tb)
                    start[ta] = 1;
            }
        }
        for (size_t t = 0; si && t < a->c.n; t++) {
            const px_token *tok = &a->c.t[t];
            while (g < a->n_si && a->si[g].e <= tok->start)
                g++;
            int in = 0;
            for (size_t h = g; h < a->n_si && a->si[h].s < tok->end && !in; h++)
                in = a->si[h].e > tok->start;
            size_t nf = px__tec_token_features(&a->c, t, f);
            px_status st = px__tec_data_add(si, f, nf, (uint16_t)in, (uint32_t)i);
            if (st) {
                px__free(start);
                return st;
            }
            int sfirst = t == 0 || a->c.sent[t] != a->c.sent[t - 1];
            int prev_in = !sfirst && (si->bio[base + t - 1] & 3) != PX_TEC_O;
            si->bio[base + t] = (uint8_t)((!in                    ? PX_TEC_O
                                           : start[t] || !prev_in ? PX_TEC_B
                                                                  : PX_TEC_I) |
                                          (sfirst ? 4 : 0));
        }
        px__free(start);
    }
    return PX_OK;
}
