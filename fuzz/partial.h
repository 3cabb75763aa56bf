/* Fuzz helpers: a document with only the first annotators of the pipeline
 * run, for targets that check one analysis; the spans of a record. The annotators after it (tone,
 * techniques, labels, events) took most of each execution and are fuzzed by
 * their own targets (fuzz_events runs the whole pipeline). */
#ifndef PX_FUZZ_PARTIAL_H
#define PX_FUZZ_PARTIAL_H

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/annotate.h"

/* px_doc_new with the annotators of src/annotate/pipeline.c run in order up
 * to and including the one named last. */
static inline px_status
fuzz_doc_until(px_engine *e, const px_article *a, const char *last, px_doc **out)
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

/* Every [start, end] pair of integers anywhere in d's JSON record (entity
 * mentions, quote parts, event actors, label spans, tone evidence, technique
 * spans, sentences, …) is a byte range of the text that starts and ends on
 * a character boundary; the record is valid UTF-8 and JSON. Aborts otherwise. */
static inline void fuzz_check_spans_in(const cJSON *v, const px_slice text)
{
    if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2 &&
        cJSON_IsNumber(cJSON_GetArrayItem(v, 0)) && cJSON_IsNumber(cJSON_GetArrayItem(v, 1))) {
        double s = cJSON_GetArrayItem(v, 0)->valuedouble, e = cJSON_GetArrayItem(v, 1)->valuedouble;
        if (!(s >= 0 && s <= e && e <= (double)text.len))
            abort();
        size_t a = (size_t)s, b = (size_t)e;
        if ((a < text.len && (text.ptr[a] & 0xC0) == 0x80) ||
            (b < text.len && (text.ptr[b] & 0xC0) == 0x80))
            abort();
        return;
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, v)
    {
        if (c->string && !strcmp(c->string, "text"))
            continue;
        fuzz_check_spans_in(c, text);
    }
}

static inline void fuzz_check_spans(const px_doc *d)
{
    px_buf out;
    px_buf_init(&out, 0);
    if (px_doc_write_json(d, &out) != PX_OK || px__utf8_valid_prefix(out.ptr, out.len) != out.len)
        abort();
    cJSON *j = cJSON_ParseWithLength((const char *)out.ptr, out.len);
    if (!j)
        abort();
    fuzz_check_spans_in(j, d->text);
    cJSON_Delete(j);
    px_buf_free(&out);
}

#endif
