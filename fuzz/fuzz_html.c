/* Fuzz target: the HTML tokenizer, tree builder, main-text extractor and
 * metadata pass (src/ingest/html*.c), on repaired UTF-8 as the reader gives
 * them, plus the fragment mode feeds use. Invariants: the text is valid UTF-8
 * without leading or trailing white space; dates are YYYY-MM-DD. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/html.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(px_slice t)
{
    if (px__utf8_valid_prefix(t.ptr, t.len) != t.len)
        abort();
    if (t.len && (t.ptr[0] == ' ' || t.ptr[0] == '\n' || t.ptr[t.len - 1] == ' ' ||
                  t.ptr[t.len - 1] == '\n'))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    px_buf in;
    px_buf_init(&in, 0);
    size_t nbad;
    if (px__utf8_repair((px_slice){data, size}, 1, &in, NULL, NULL, &nbad)) {
        px_buf_free(&in);
        return 0;
    }
    px_html *h = px__html_new();
    if (!h)
        abort();
    px_html_result r;
    if (px__html_extract(h, px_buf_slice(&in),
                         PX_SLICE_LIT("https://www.fuzz.example/2020/01/02/x"), &r) == PX_OK) {
        check_text(r.text);
        if (r.date.ptr && (r.date.len != 10 || r.date.ptr[4] != '-' || r.date.ptr[7] != '-'))
            abort();
        if (r.title.ptr && px__utf8_valid_prefix(r.title.ptr, r.title.len) != r.title.len)
            abort();
    }
    px_slice t;
    if (px__html_fragment_text(h, px_buf_slice(&in), &t) == PX_OK)
        check_text(t);
    px__html_free(h);
    px_buf_free(&in);
    return 0;
}
