/* The engine: resources loaded once and shared by every document. */
#include <string.h>

#include "annotate/annotate.h"

px_status px_engine_new(px_engine **out, const px_engine_options *opt, char *errmsg)
{
    if (!out)
        return PX_EINVAL;
    *out = NULL;
    px_engine *e = px__calloc(1, sizeof(*e));
    if (!e)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    const char *dir =
        opt && opt->data_dir && *opt->data_dir ? opt->data_dir : px_data_dir_default();
    size_t dlen = strlen(dir);
    if (!(e->data_dir = px__malloc(dlen + 1))) {
        px__free(e);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    memcpy(e->data_dir, dir, dlen + 1);
    px_buf_init(&e->warnings, 1 << 20);
    px_status st = px__folder_new(&e->folder, errmsg);
    if (st == PX_OK && !(opt && opt->no_langid))
        st = px__langid_new(&e->langid, errmsg);
    e->no_analyses = opt && opt->no_analyses;
    e->no_syntax = e->no_analyses || (opt && opt->no_syntax);
    e->record_syntax = !e->no_syntax && opt && opt->record_syntax;
    /* The syntax model loads on first use (px__doc_syntax), or now when every
     * record carries the parse. */
    if (st == PX_OK && e->record_syntax)
        st = px__syntax_engine(e, errmsg);
    if (st == PX_OK && !e->no_analyses)
        st = px__engine_init_annotators(e, errmsg);
    if (st) {
        px_engine_free(e);
        return st;
    }
    *out = e;
    return PX_OK;
}

void px_engine_free(px_engine *e)
{
    if (!e)
        return;
    px__engine_fini_annotators(e);
    px__syn_model_free(e->syn_model);
    if (e->syn_work)
        px__syn_work_free(e->syn_work);
    px__free(e->syn_work);
    px__folder_free(e->folder);
    px__langid_free(e->langid);
    px__arena_free(e->spare);
    px__free(e->tok_scratch.toks);
    px__free(e->data_dir);
    px_buf_free(&e->warnings);
    px__free(e);
}

const char *px_engine_warnings(const px_engine *e)
{
    if (!e || !e->warnings.len || px_buf_terminate((px_buf *)&e->warnings))
        return "";
    return (const char *)e->warnings.ptr;
}
