/* The toner: target tone for given spans (`parallax tone --targets`, the
 * trainer and `parallax eval tone`): an engine that segments and parses only,
 * the tone lexicon and the target model. */
#include <string.h>

#include "annotate/tone/input.h"
#include "annotate/tone/tone.h"
#include "parallax/tone.h"
#include "annotate/annotate.h"

struct px_toner {
    px_engine *e;
    px_tone_res *res;
    px_doc *doc; /* the last line's document */
    px_arena *arena;
    int no_parse;
};

px_status px__toner_new_untrained(px_toner **out, const char *data_dir, int no_parse, char *errmsg)
{
    if (!out)
        return PX_EINVAL;
    *out = NULL;
    px_toner *t = px__calloc(1, sizeof *t);
    if (!t)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    t->no_parse = no_parse;
    /* No language identification: single news sentences are English by
     * contract, and a short one may be misread as another language. */
    px_engine_options opt = {.no_langid = 1, .no_analyses = 1, .data_dir = data_dir};
    px_status st = px_engine_new(&t->e, &opt, errmsg);
    if (!st) {
        t->e->no_syntax = 0; /* segmentation and the parse, no annotators */
        st = px__syntax_engine(t->e, errmsg);
    }
    if (!st)
        st = px__tone_res_load(t->e->folder, t->e->data_dir, &t->res, errmsg);
    if (!st && !(t->arena = px__arena_new(1 << 16, 0)))
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
    if (st) {
        px_toner_free(t);
        return st;
    }
    *out = t;
    return PX_OK;
}

px_status px_toner_new(px_toner **out, const char *data_dir, char *errmsg)
{
    px_status st = px__toner_new_untrained(out, data_dir, 0, errmsg);
    if (!st && !(*out)->res->model) {
        st = px__fail(errmsg, PX_EIO, "%s/models/tone.bin: missing", (*out)->e->data_dir);
        px_toner_free(*out);
        *out = NULL;
    }
    return st;
}

void px_toner_free(px_toner *t)
{
    if (!t)
        return;
    px_doc_free(t->doc);
    px__tone_res_free(t->res);
    px__arena_free(t->arena);
    px_engine_free(t->e);
    px__free(t);
}

const px_tone_model *px__toner_model(const px_toner *t)
{
    return t->res->model;
}

px_status px__toner_doc(px_toner *t, px_slice text, px_doc **d, px_tone_tok **tt, char *errmsg)
{
    px_doc_free(t->doc);
    t->doc = NULL;
    *d = NULL;
    px_article a = {.text = text};
    px_status st = px_doc_new(t->e, &a, &t->doc);
    if (st)
        return px__fail(errmsg, st, "%s", px_strerror(st));
    if (!t->doc->n_sents)
        return px__fail(errmsg, PX_EPARSE, "the text has no sentences");
    if (!t->no_parse)
        st = px__doc_syntax(t->doc);
    if (!st)
        st = px__tone_mark_doc(t->res, t->doc, tt);
    if (st)
        return px__fail(errmsg, st, "%s", px_strerror(st));
    *d = t->doc;
    return PX_OK;
}

/* The sentence holding byte b (else the next one, else the last). */
static px_span sentence_of(const px_doc *d, uint32_t b)
{
    for (size_t s = 0; s < d->n_sents; s++)
        if (b < d->sents[s].end)
            return d->sents[s];
    return d->sents[d->n_sents - 1];
}

size_t px__toner_features(const px_toner *t,
                          const px_doc *d,
                          const px_tone_tok *tt,
                          px_span span,
                          const px_span *also,
                          size_t n_also,
                          px_tone_feat *f)
{
    px_span s = sentence_of(d, span.start);
    /* further mentions in the same sentence only */
    px_span in[16];
    size_t k = 0;
    for (size_t i = 0; i < n_also && k < 16; i++)
        if (also[i].start >= s.start && also[i].end <= s.end)
            in[k++] = also[i];
    return px__tone_features(d, tt, s, span, in, k, !t->no_parse, f);
}

void px__tone_decide(const double *p, int8_t *pol, double *score)
{
    int best = 1;
    for (int c = 0; c < PX_TONE_NCLASS; c++)
        if (p[c] > p[best])
            best = c;
    *pol = (int8_t)(best - 1);
    *score = p[2] - p[0];
}

static px_status write_doc_tone(px_buf *b, const px_tone *t)
{
    return px_buf_appendf(b,
                          "{\"tone\":%.4f,\"positive\":%.4f,\"negative\":%.4f,\"polarity\":%.4f,"
                          "\"activity\":%.4f,\"self_group\":%.4f,\"words\":%u}",
                          t->tone, t->positive, t->negative, t->polarity, t->activity,
                          t->self_group, t->words);
}

px_status px_toner_line(px_toner *t, px_slice line, px_buf *out, char *errmsg)
{
    if (!t || !out)
        return PX_EINVAL;
    char scratch[PX_ERRMSG_SIZE];
    char *em = errmsg ? errmsg : scratch;
    px__arena_reset(t->arena);
    px_tone_input in;
    px_status st = px__tone_input_parse(line, t->arena, &in, em);
    px_doc *d = NULL;
    px_tone_tok *tt = NULL;
    if (!st)
        st = px__toner_doc(t, in.text, &d, &tt, em);
    if (st)
        return st;
    px_tone doc;
    memset(&doc, 0, sizeof doc);
    px__tone_doc(tt, d->toks, d->n_toks, &doc);
    static const char *const pol[] = {"negative", "neutral", "positive"};
    size_t mark = out->len;
    st = px_buf_append_str(out, "{\"id\":");
    if (!st)
        st = px_buf_append(out, in.id_json.ptr, in.id_json.len);
    if (!st)
        st = px_buf_append_str(out, ",\"tone\":");
    if (!st)
        st = write_doc_tone(out, &doc);
    if (!st)
        st = px_buf_append_str(out, ",\"targets\":[");
    px_tone_feat f[PX_TONE_MAXF];
    for (size_t i = 0; i < in.n_targets && !st; i++) {
        const px_tone_in_target *g = &in.targets[i];
        size_t nf = px__toner_features(t, d, tt, g->span, g->also, g->n_also, f);
        double p[PX_TONE_NCLASS], score;
        int8_t pl;
        px__tone_predict(t->res->model, f, nf, p);
        px__tone_decide(p, &pl, &score);
        st = px_buf_appendf(out, "%s{\"span\":[%u,%u],\"polarity\":\"%s\",\"score\":%.4f}",
                            i ? "," : "", g->span.start, g->span.end, pol[pl + 1], score);
    }
    if (!st)
        st = px_buf_append_str(out, "]}");
    if (st) {
        out->len = mark;
        return px__fail(em, st, "%s", px_strerror(st));
    }
    return PX_OK;
}
