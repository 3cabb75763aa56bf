/* The tone annotator: the document tone of every English article (and of
 * articles whose language is unknown), and the sentiment toward its entities
 * (docs/tone.md). */
#include <string.h>

#include "annotate/tone/tone.h"

static px_status tone_init(px_engine *e, void **res, char *errmsg)
{
    return px__tone_res_load(e->folder, e->data_dir, (px_tone_res **)res, errmsg);
}

static void tone_fini(void *res)
{
    px__tone_res_free(res);
}

static px_status tone_run(px_doc *d, const void *res)
{
    const px_tone_res *r = res;
    if (!r || (d->lang.ptr && !px_slice_eq(d->lang, PX_SLICE_LIT("en"))))
        return PX_OK; /* the lexicons are English */
    px_tone *t = PX_ARENA_NEW(d->arena, px_tone, 1);
    px_tone_tok *tt;
    if (!t || px__tone_mark_doc(r, d, &tt))
        return PX_ENOMEM;
    memset(t, 0, sizeof *t);
    px__tone_doc(tt, d->toks, d->n_toks, t);
    d->tone = t;
    return PX_OK;
}

const px_annotator px__ann_tone = {"tone", tone_init, tone_fini, tone_run};
