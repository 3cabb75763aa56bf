/* Fuzz target: `parallax techniques --spans` input. The data is one JSON Lines
 * line given to px_techniques_line: it must never crash, and on success the
 * output is one line of JSON with one item per input span, each span inside
 * the text on character boundaries (checked again here). */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parallax/techniques.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_techniques *tec;

static void cleanup(void)
{
    px_techniques_free(tec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tec) {
        if (px_techniques_new(&tec, NULL, NULL))
            abort();
        atexit(cleanup);
    }
    if (size > (1 << 16))
        return 0;
    px_buf out;
    px_buf_init(&out, 0);
    char err[PX_ERRMSG_SIZE];
    px_status st = px_techniques_line(tec, data, size, &out, err);
    if (st == PX_OK) {
        if (!out.len || out.ptr[out.len - 1] != '\n' || memchr(out.ptr, '\n', out.len - 1))
            abort();
        cJSON *o = cJSON_ParseWithLength((const char *)out.ptr, out.len);
        cJSON *in = cJSON_ParseWithLength((const char *)data, size);
        const cJSON *os = cJSON_GetObjectItemCaseSensitive(o, "spans");
        const cJSON *is = cJSON_GetObjectItemCaseSensitive(in, "spans");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(in, "text");
        if (!cJSON_IsArray(os) || !cJSON_IsString(text) ||
            cJSON_GetArraySize(os) != cJSON_GetArraySize(is))
            abort();
        size_t len = strlen(text->valuestring);
        const cJSON *it;
        cJSON_ArrayForEach(it, os)
        {
            const cJSON *sp = cJSON_GetObjectItemCaseSensitive(it, "span");
            double s = cJSON_GetArrayItem(sp, 0)->valuedouble;
            double e = cJSON_GetArrayItem(sp, 1)->valuedouble;
            if (!(s >= 0 && s < e && e <= (double)len) ||
                !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it, "technique")))
                abort();
            if ((text->valuestring[(size_t)s] & 0xC0) == 0x80 ||
                (e < (double)len && (text->valuestring[(size_t)e] & 0xC0) == 0x80))
                abort();
        }
        cJSON_Delete(o);
        cJSON_Delete(in);
    } else if (st != PX_EPARSE && st != PX_ENOMEM) {
        abort();
    }
    px_buf_free(&out);
    return 0;
}
