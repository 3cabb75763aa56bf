/* The techniques annotator: finds technique spans in an English document with
 * the token tagger, names each with the span classifier and keeps the best
 * technique, plus the second one when it is likely too (a span may carry
 * several). Needs the parse (px__doc_syntax). */
#include <stdlib.h>
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/technique/technique.h"

#define SECOND_MIN 0.3f /* a second technique on the same span from this probability */

static px_status t_init(px_engine *e, void **res, char *errmsg)
{
    px_tec_model *m = NULL;
    px_status st = px__tec_model_load_default(e->data_dir, &m, errmsg);
    *res = m;
    return st;
}

static void t_fini(void *res)
{
    px__tec_model_free(res);
}

typedef struct found {
    px_doc *d;
    const px_tec_model *m;
    const px_tec_ctx *c;
    size_t cap;
} found;

static px_status push(found *f, px_span sp, int cls, float score)
{
    px_doc *d = f->d;
    if (d->n_techniques == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        px_doc_technique *t = PX_ARENA_NEW(d->arena, px_doc_technique, cap);
        if (!t)
            return PX_ENOMEM;
        if (d->n_techniques)
            memcpy(t, d->techniques, d->n_techniques * sizeof *t);
        d->techniques = t;
        f->cap = cap;
    }
    d->techniques[d->n_techniques++] =
        (px_doc_technique){sp, px__tec_names[cls], (double)(int)(score * 1000 + 0.5f) / 1000};
    return PX_OK;
}

static px_status on_span(void *ud, uint32_t s, uint32_t e, float si)
{
    (void)si;
    found *f = ud;
    float p[PX_TEC_MAXCLASS];
    px__tec_classify(f->m, f->c, s, e, p);
    int best = 0, second = -1;
    for (uint32_t k = 1; k < f->m->nclass; k++)
        if (p[k] > p[best])
            best = (int)k;
    for (uint32_t k = 0; k < f->m->nclass; k++)
        if ((int)k != best && (second < 0 || p[k] > p[second]))
            second = (int)k;
    px_status st = push(f, (px_span){s, e}, best, p[best]);
    if (!st && second >= 0 && p[second] >= SECOND_MIN)
        st = push(f, (px_span){s, e}, second, p[second]);
    return st;
}

static px_status t_run(px_doc *d, const void *res)
{
    const px_tec_model *m = res;
    d->techniques = NULL;
    d->n_techniques = 0;
    if (!m || !d->n_toks || (d->lang.ptr && !px_slice_eq(d->lang, PX_SLICE_LIT("en"))))
        return PX_OK;
    px_status st = d->engine->no_syntax ? PX_OK : px__doc_syntax(d);
    px_tec_ctx c;
    if (!st)
        st = px__tec_ctx(d, m, &m->lex, &c);
    size_t k = m->si_dec.seq == 1 ? 3 : 1;
    float *p = st ? NULL : PX_ARENA_NEW(d->arena, float, k *c.n + 1);
    if (!st && !p)
        st = PX_ENOMEM;
    if (!st)
        st = px__tec_si_probs(m, &c, p);
    found f = {d, m, &c, 0};
    if (!st)
        st = px__tec_si_decode(m, &c, p, on_span, &f);
    return st;
}

const px_annotator px__ann_techniques = {"techniques", t_init, t_fini, t_run};
