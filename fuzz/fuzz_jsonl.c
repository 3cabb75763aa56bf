/* Fuzz target: the JSON Lines reader (line splitting, the record cap, UTF-8
 * repair, cJSON, field extraction). Inputs not starting with '{' are given one
 * so that the reader always takes the JSON Lines path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count(void *ud, const px_diag *d)
{
    (void)d;
    (*(size_t *)ud)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size + 1);
    if (!buf)
        return 0;
    buf[0] = '{';
    memcpy(buf + 1, data, size);
    static char *const name[] = {"fuzz.jsonl"};
    size_t ndiag = 0;
    px_reader_options opt = {.max_bytes = 4096, .diag = count, .diag_ud = &ndiag};
    px_reader *r;
    if (px__reader_new_mem(&r, &opt, buf, size + 1, name) == PX_OK) {
        for (;;) {
            px_article a;
            int got = 0;
            if (px_reader_next(r, &a, &got) || !got)
                break;
            /* Every article has valid UTF-8 text within the cap. */
            if (!a.text.ptr || a.text.len > 4096 ||
                px__utf8_valid_prefix(a.text.ptr, a.text.len) != a.text.len)
                abort();
            if (a.date.ptr && a.date.len != 10)
                abort();
        }
        px_reader_free(r);
    }
    free(buf);
    return 0;
}
