/* Fuzz target: the feed reader (XML scanning, items, CDATA, escaped HTML
 * through the extractor) via the reader. Inputs get an XML declaration in front
 * so that sniffing always picks the feed path. Invariant: article text is
 * valid UTF-8 within the cap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ud, const px_diag *d)
{
    (void)d;
    (*(size_t *)ud)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char head[] = "<?xml version=\"1.0\"?>";
    uint8_t *buf = malloc(size + sizeof head);
    if (!buf)
        return 0;
    memcpy(buf, head, sizeof head - 1);
    memcpy(buf + sizeof head - 1, data, size);
    static char *const name[] = {"fuzz.xml"};
    size_t ndiag = 0;
    px_reader_options opt = {.max_bytes = 1 << 20, .diag = quiet, .diag_ud = &ndiag};
    px_reader *r;
    if (px__reader_new_mem(&r, &opt, buf, size + sizeof head - 1, name) == PX_OK) {
        for (;;) {
            px_article a;
            int got = 0;
            if (px_reader_next(r, &a, &got) || !got)
                break;
            if (a.text.len > (1 << 20) ||
                px__utf8_valid_prefix(a.text.ptr, a.text.len) != a.text.len)
                abort();
        }
        px_reader_free(r);
    }
    free(buf);
    return 0;
}
