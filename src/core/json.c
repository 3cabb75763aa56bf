/* Minimal JSON writing into px_buf. Reading uses cJSON (Debian libcjson). */
#include <string.h>

#include "core/core.h"

px_status px__json_str(px_buf *b, px_slice s)
{
    static const char hex[] = "0123456789abcdef";
    if (!s.ptr)
        return px_buf_append(b, "null", 4);
    px_status st = px_buf_reserve(b, s.len + 2);
    if (st)
        return st;
    b->ptr[b->len++] = '"';
    size_t i = 0, run = 0;
    while (i < s.len) {
        uint8_t c = s.ptr[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if ((st = px_buf_append(b, s.ptr + run, i - run)))
            return st;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t el = 2;
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        default:
            memcpy(esc, "\\u00", 4);
            if ((st = px_buf_append(b, esc, 4)))
                return st;
            esc[0] = hex[c >> 4];
            esc[1] = hex[c & 15];
            el = 2;
            break;
        }
        if ((st = px_buf_append(b, esc, el)))
            return st;
        run = ++i;
    }
    if ((st = px_buf_append(b, s.ptr + run, i - run)))
        return st;
    return px_buf_append_byte(b, '"');
}

px_status px__json_span(px_buf *b, size_t start, size_t end)
{
    char tmp[48];
    /* Two numbers without printf: this is the innermost loop of record writing. */
    size_t n = 0;
    tmp[n++] = '[';
    for (int k = 0; k < 2; k++) {
        size_t v = k ? end : start;
        char d[24];
        int dl = 0;
        do {
            d[dl++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (dl)
            tmp[n++] = d[--dl];
        tmp[n++] = k ? ']' : ',';
    }
    return px_buf_append(b, tmp, n);
}
