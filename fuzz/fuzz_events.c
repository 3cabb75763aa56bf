/* Fuzz target: the event dictionary loader (data/events/cameo.tsv format) and
 * the coder. The input's first byte chooses: odd, the rest is a dictionary
 * file (loaded; every malformed line must give one warning and be skipped);
 * even, the rest is a document's text (repaired to UTF-8) whose events are
 * checked: spans inside the text, codes from the dictionary, quad 1-4; and
 * its labels: spans inside the text, the label and concept set, the entity
 * an index or -1. The annotators up to the labels run (partial.h): tone and
 * techniques after them are fuzzed by fuzz_tone and fuzz_techniques. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/event/event.h"
#include "partial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_engine *engine;

static void cleanup(void)
{
    px_engine_free(engine);
}

static void check_span(const px_doc *d, px_span s)
{
    if (s.start == UINT32_MAX)
        return;
    if (s.start > s.end || s.end > d->text.len)
        abort();
}

static void check(const px_doc *d)
{
    for (size_t i = 0; i < d->n_events; i++) {
        const px_event *e = &d->events[i];
        check_span(d, e->span);
        check_span(d, e->trigger);
        check_span(d, e->source.span);
        check_span(d, e->target.span);
        if (!e->code.ptr || e->code.len < 2 || e->root.len != 2 || e->quad < 1 || e->quad > 4)
            abort();
        if (memcmp(e->code.ptr, e->root.ptr, 2))
            abort();
        if ((e->source.entity >= 0 && (size_t)e->source.entity >= d->n_entities) ||
            (e->target.entity >= 0 && (size_t)e->target.entity >= d->n_entities))
            abort();
    }
    for (size_t i = 0; i < d->n_labels; i++) {
        const px_label *l = &d->labels[i];
        if (l->span.start >= l->span.end || l->span.end > d->text.len || !l->label.len ||
            !l->concept.len || l->entity < -1 ||
            (l->entity >= 0 && (size_t)l->entity >= d->n_entities))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) {
        px_engine_options eo = {.no_langid = 1};
        if (px_engine_new(&engine, &eo, NULL))
            abort();
        atexit(cleanup);
    }
    if (!size || size > (1 << 20))
        return 0;
    if (data[0] & 1) {
        px_buf warn;
        px_buf_init(&warn, 0);
        px_ev_dict *d = NULL;
        char msg[PX_ERRMSG_SIZE];
        if (px__ev_dict_load_mem(engine->folder, "fuzz", data + 1, size - 1, &warn, &d, msg) ==
            PX_OK) {
            size_t lines = 0;
            for (size_t i = 0; i < warn.len; i++)
                lines += warn.ptr[i] == '\n';
            if (lines != d->bad_lines)
                abort();
            px__ev_dict_free(d);
        }
        px_buf_free(&warn);
        return 0;
    }
    px_buf text;
    px_buf_init(&text, 0);
    size_t nbad;
    if (px__utf8_repair((px_slice){data + 1, size - 1}, 1, &text, NULL, NULL, &nbad) != PX_OK) {
        px_buf_free(&text);
        return 0;
    }
    px_article a;
    memset(&a, 0, sizeof a);
    a.text = text.ptr ? px_buf_slice(&text) : PX_SLICE_LIT("");
    a.date = PX_SLICE_LIT("1999-03-24");
    px_doc *d;
    if (fuzz_doc_until(engine, &a, "labels", &d) == PX_OK) {
        check(d);
        fuzz_check_spans(d);
        px_doc_free(d);
    }
    px_buf_free(&text);
    return 0;
}
