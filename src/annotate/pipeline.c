/* The annotators, in the order they run over a document. Each one lives in its
 * own file (src/annotate/<name>.c) and reads what the earlier ones added: the
 * quote annotator, for example, resolves speakers to the entities found before
 * it. To add one, define a px_annotator there and list it here. */
#include "annotate/annotate.h"

extern const px_annotator px__ann_entities;
extern const px_annotator px__ann_timex;
extern const px_annotator px__ann_entity_dates; /* after timex: actor codes for date_inferred */
extern const px_annotator px__ann_quantity;
extern const px_annotator px__ann_quotes; /* after the entities annotator */
extern const px_annotator px__ann_events; /* after entities, timexes and quotes */
extern const px_annotator px__ann_labels; /* after the entities: reads the parse */
extern const px_annotator px__ann_tone;   /* after entities, quotes and labels */
extern const px_annotator px__ann_techniques;

const px_annotator *const px__annotators[] = {
    &px__ann_entities, &px__ann_timex,  &px__ann_entity_dates, &px__ann_quantity,   &px__ann_quotes,
    &px__ann_events,   &px__ann_labels, &px__ann_tone,         &px__ann_techniques,
};

const size_t px__n_annotators = sizeof px__annotators / sizeof *px__annotators;

px_status px__engine_init_annotators(px_engine *e, char *errmsg)
{
    for (size_t i = 0; i < px__n_annotators && i < PX_MAX_ANNOTATORS; i++) {
        const px_annotator *a = px__annotators[i];
        if (a && a->init) {
            px_status st = a->init(e, &e->res[i], errmsg);
            if (st)
                return st;
        }
    }
    return PX_OK;
}

void px__engine_fini_annotators(px_engine *e)
{
    for (size_t i = 0; i < px__n_annotators && i < PX_MAX_ANNOTATORS; i++) {
        const px_annotator *a = px__annotators[i];
        if (a && a->fini && e->res[i])
            a->fini(e->res[i]);
        e->res[i] = NULL;
    }
}

px_status px__annotate(px_doc *d)
{
    for (size_t i = 0; i < px__n_annotators && i < PX_MAX_ANNOTATORS; i++) {
        const px_annotator *a = px__annotators[i];
        if (a && a->run) {
            px_status st = a->run(d, d->engine->res[i]);
            if (st)
                return st;
        }
    }
    return PX_OK;
}
