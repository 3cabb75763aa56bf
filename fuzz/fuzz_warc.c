/* Fuzz target: the WARC reader (record headers, Content-Length, resync, HTTP
 * status and headers, chunked and gzip codings, the record cap) via the
 * reader. Inputs that do not start with "WARC/" or a gzip header get a WARC
 * version line in front. Invariant: article text is valid UTF-8
 * within the cap. */
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
    static const char head[] = "WARC/1.1\r\n";
    int keep = (size >= 5 && memcmp(data, "WARC/", 5) == 0) ||
               (size >= 2 && data[0] == 0x1f && data[1] == 0x8b);
    size_t hl = keep ? 0 : sizeof head - 1;
    uint8_t *buf = malloc(size + hl + 1);
    if (!buf)
        return 0;
    memcpy(buf, head, hl);
    memcpy(buf + hl, data, size);
    static char *const name[] = {"fuzz.warc"};
    size_t ndiag = 0;
    px_reader_options opt = {.max_bytes = 1 << 16, .diag = quiet, .diag_ud = &ndiag};
    px_reader *r;
    if (px__reader_new_mem(&r, &opt, buf, size + hl, name) == PX_OK) {
        for (;;) {
            px_article a;
            int got = 0;
            if (px_reader_next(r, &a, &got) || !got)
                break;
            if (a.text.len > (1 << 16) ||
                px__utf8_valid_prefix(a.text.ptr, a.text.len) != a.text.len)
                abort();
        }
        px_reader_free(r);
    }
    free(buf);
    return 0;
}
