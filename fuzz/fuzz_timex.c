/* Fuzz target: the timex and quantity annotators. The input bytes (repaired to
 * valid UTF-8) are a document's text; the first byte chooses whether the
 * document has an article date. Checks the invariants of what the annotators
 * produce: spans inside the text, in order and not overlapping, values set,
 * ranges ordered, date_inferred a YYYY-MM-DD slice or null.
 *
 * The engine runs without syntax (no_syntax): timexes, quantities and
 * date_inferred read only the tokens and sentences, never the parse. Only the
 * annotators up to the quantities run (partial.h); the later ones are fuzzed
 * by fuzz_quote and fuzz_events. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "partial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_engine *engine;

static void cleanup(void)
{
    px_engine_free(engine);
}

static void check(const px_doc *d)
{
    for (size_t i = 0; i < d->n_timexes; i++) {
        const px_timex *t = &d->timexes[i];
        if (t->span.start >= t->span.end || t->span.end > d->text.len || !t->value.ptr ||
            !t->value.len || t->type < PX_TIMEX_DATE || t->type > PX_TIMEX_SET)
            abort();
        if (i && d->timexes[i - 1].span.end > t->span.start)
            abort();
    }
    for (size_t i = 0; i < d->n_quantities; i++) {
        const px_quantity *q = &d->quantities[i];
        if (q->span.start >= q->span.end || q->span.end > d->text.len || !q->approx ||
            isnan(q->value) || (!isnan(q->high) && q->high < q->value))
            abort();
        if (q->object.ptr && (q->object.ptr < d->text.ptr ||
                              q->object.ptr + q->object.len > d->text.ptr + d->text.len))
            abort();
        if (i && d->quantities[i - 1].span.end > q->span.start)
            abort();
    }
    if (d->date_inferred.ptr && d->date_inferred.len != 10)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) {
        px_engine_options eo = {.no_langid = 1, .no_syntax = 1};
        if (px_engine_new(&engine, &eo, NULL))
            abort();
        atexit(cleanup);
    }
    if (size > (1 << 20))
        return 0;
    px_buf text;
    px_buf_init(&text, 0);
    size_t nbad;
    int dated = size && (data[0] & 1);
    px_slice in = {size ? data + 1 : data, size ? size - 1 : 0};
    if (px__utf8_repair(in, 1, &text, NULL, NULL, &nbad) != PX_OK) {
        px_buf_free(&text);
        return 0;
    }
    px_article a;
    memset(&a, 0, sizeof a);
    a.text = text.ptr ? px_buf_slice(&text) : PX_SLICE_LIT("");
    if (dated)
        a.date = PX_SLICE_LIT("2024-02-29");
    px_doc *d;
    if (fuzz_doc_until(engine, &a, "quantity", &d) == PX_OK) {
        check(d);
        px_doc_free(d);
    }
    px_buf_free(&text);
    return 0;
}
