/* Fuzz target: quotations. The input (UTF-8 repaired) is one article's text;
 * the annotators up to the quotes run (partial.h: events, labels, tone and
 * techniques are fuzzed by fuzz_events), then the quotes are checked: content,
 * cue and source spans inside the text, content parts non-empty and ordered,
 * the speaker an entity index or -1, and the record still valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"
#include "partial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_engine *engine;

static void cleanup(void)
{
    px_engine_free(engine);
}

static void check_span(px_span s, size_t len, int may_be_none)
{
    if (s.start == UINT32_MAX && s.end == UINT32_MAX && may_be_none)
        return;
    if (s.start >= s.end || s.end > len)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) {
        px_engine_options eo = {.no_langid = 1};
        if (px_engine_new(&engine, &eo, NULL))
            abort();
        atexit(cleanup);
    }
    if (size > (1 << 20))
        return 0;
    px_buf text;
    px_buf_init(&text, 0);
    size_t nbad = 0;
    if (px__utf8_repair((px_slice){data, size}, 1, &text, NULL, NULL, &nbad) != PX_OK) {
        px_buf_free(&text);
        return 0;
    }
    px_article a = {.text = px_buf_slice(&text)};
    px_doc *d;
    if (fuzz_doc_until(engine, &a, "quotes", &d) == PX_OK) {
        size_t len = d->text.len;
        for (size_t i = 0; i < d->n_quotes; i++) {
            const px_quote *q = &d->quotes[i];
            if (!q->n_content || !q->content)
                abort();
            for (uint32_t k = 0; k < q->n_content; k++) {
                check_span(q->content[k], len, 0);
                if (k && q->content[k].start < q->content[k - 1].end)
                    abort();
            }
            check_span(q->cue, len, 1);
            check_span(q->source, len, 1);
            if (q->speaker < -1 || (q->speaker >= 0 && (size_t)q->speaker >= d->n_entities))
                abort();
            if (q->direct > 1)
                abort();
        }
        fuzz_check_spans(d);
        px_doc_free(d);
    }
    px_buf_free(&text);
    return 0;
}
