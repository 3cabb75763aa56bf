/* Fuzz target: plain-text ingest (sniffing, UTF-8 repair, headers, title rule)
 * then normalization, segmentation and record writing. Neither language
 * identification (libexttextcat's, not ours) nor the analyses run here
 * (segmentation only, as `add --no-analyses`): the analyses have targets of
 * their own on the same text path (fuzz_quote and fuzz_events run every
 * annotator, fuzz_timex all but the parse); with them this reader target ran
 * at ~110 executions a second, too slow to reach 10 million. */
#include <stdint.h>
#include <stdlib.h>

#include "ingest/reader.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_engine *engine;

static void quiet(void *ud, const px_diag *d)
{
    (void)ud;
    (void)d;
}

static void cleanup(void)
{
    px_engine_free(engine);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) {
        px_engine_options eo = {.no_langid = 1, .no_analyses = 1};
        if (px_engine_new(&engine, &eo, NULL))
            abort();
        atexit(cleanup);
    }
    static char *const name[] = {"fuzz"};
    px_reader_options opt = {.max_bytes = 1 << 20, .diag = quiet};
    px_reader *r;
    if (px__reader_new_mem(&r, &opt, data, size, name))
        return 0;
    px_buf out;
    px_buf_init(&out, 0);
    for (;;) {
        px_article a;
        int got = 0;
        if (px_reader_next(r, &a, &got) || !got)
            break;
        px_doc *d;
        if (px_doc_new(engine, &a, &d) == PX_OK) {
            out.len = 0;
            if (px_doc_write_json(d, &out) != PX_OK)
                abort();
            px_slice t = px_doc_text(d);
            /* Invariants: spans are ordered and inside the text. */
            for (size_t i = 0; i < d->n_toks; i++)
                if (d->toks[i].start >= d->toks[i].end || d->toks[i].end > t.len ||
                    (i && d->toks[i].start < d->toks[i - 1].end))
                    abort();
            for (size_t i = 0; i < d->n_sents; i++)
                if (d->sents[i].start >= d->sents[i].end || d->sents[i].end > t.len)
                    abort();
            if (px__utf8_valid_prefix(out.ptr, out.len) != out.len)
                abort();
            px_doc_free(d);
        }
    }
    px_buf_free(&out);
    px_reader_free(r);
    return 0;
}
