/* Fuzz helper: a document with only the first annotators of the pipeline run,
 * for targets that check one analysis. The annotators after it (tone,
 * techniques, labels, events) took most of each execution and are fuzzed by
 * their own targets (fuzz_events runs the whole pipeline). */
#ifndef PX_FUZZ_PARTIAL_H
#define PX_FUZZ_PARTIAL_H

#include <string.h>

#include "annotate/annotate.h"

/* px_doc_new with the annotators of src/annotate/pipeline.c run in order up
 * to and including the one named last. */
static px_status fuzz_doc_until(px_engine *e, const px_article *a, const char *last, px_doc **out)
{
    int was = e->no_analyses;
    e->no_analyses = 1;
    px_status st = px_doc_new(e, a, out);
    e->no_analyses = was;
    if (st)
        return st;
    for (size_t i = 0; i < px__n_annotators; i++) {
        const px_annotator *an = px__annotators[i];
        if (an->run && (st = an->run(*out, e->res[i])) != PX_OK)
            break;
        if (!strcmp(an->name, last))
            break;
    }
    if (st) {
        px_doc_free(*out);
        *out = NULL;
    }
    return st;
}

#endif
