/* UTF-8 validation, decoding and repair. Hand-written: it is on the hot path of
 * every input byte, with an ASCII fast path eight bytes at a time. */
#include <string.h>

#include "core/core.h"

/* Length of the valid sequence at p, or 0 when it is invalid (Unicode 15,
 * table 3-7: no overlongs, no surrogates, nothing past U+10FFFF). */
static int seq_len(const uint8_t *p, size_t n)
{
    uint8_t b = p[0];
    if (b < 0x80)
        return 1;
    if (b < 0xC2)
        return 0;
    if (b < 0xE0) {
        return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    }
    if (b < 0xF0) {
        if (n < 3 || (p[2] & 0xC0) != 0x80)
            return 0;
        uint8_t lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
        return p[1] >= lo && p[1] <= hi ? 3 : 0;
    }
    if (b < 0xF5) {
        if (n < 4 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        uint8_t lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
        return p[1] >= lo && p[1] <= hi ? 4 : 0;
    }
    return 0;
}

/* Length of the maximal invalid subpart at p (at least 1): the W3C/Unicode
 * "substitution of maximal subparts" practice, one U+FFFD per subpart. */
static int bad_len(const uint8_t *p, size_t n)
{
    uint8_t b = p[0];
    int want = b >= 0xF0 && b < 0xF5   ? 4
               : b >= 0xE0 && b < 0xF0 ? 3
               : b >= 0xC2 && b < 0xE0 ? 2
                                       : 1;
    int i = 1;
    for (; i < want && (size_t)i < n; i++) {
        uint8_t c = p[i];
        uint8_t lo = 0x80, hi = 0xBF;
        if (i == 1) {
            if (b == 0xE0)
                lo = 0xA0;
            else if (b == 0xED)
                hi = 0x9F;
            else if (b == 0xF0)
                lo = 0x90;
            else if (b == 0xF4)
                hi = 0x8F;
        }
        if (c < lo || c > hi)
            break;
    }
    return i;
}

size_t px__utf8_valid_prefix(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (!(w & 0x8080808080808080ULL)) {
                i += 8;
                continue;
            }
        }
        int l = seq_len(p + i, n - i);
        if (!l)
            return i;
        i += (size_t)l;
    }
    return n;
}

uint32_t px__utf8_decode(const uint8_t *p, size_t n, int *len)
{
    uint8_t b = p[0];
    if (b < 0x80 || n < 2) {
        *len = 1;
        return b;
    }
    if (b < 0xE0) {
        *len = 2;
        return (uint32_t)(b & 0x1F) << 6 | (p[1] & 0x3F);
    }
    if (b < 0xF0 || n < 4) {
        *len = n >= 3 ? 3 : (int)n;
        return n >= 3 ? (uint32_t)(b & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F)
                      : 0xFFFD;
    }
    *len = 4;
    return (uint32_t)(b & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
           (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

int px__utf8_encode(uint32_t cp, uint8_t *o)
{
    if (cp < 0x80) {
        o[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (uint8_t)(0xC0 | cp >> 6);
        o[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (uint8_t)(0xE0 | cp >> 12);
        o[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (uint8_t)(0xF0 | cp >> 18);
    o[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

static int is_bad_ctl(uint8_t c)
{
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
}

px_status
px__utf8_repair(px_slice in, int nul_ctl, px_buf *out, px_utf8_bad_fn bad, void *ud, size_t *nbad)
{
    static const uint8_t fffd[3] = {0xEF, 0xBF, 0xBD};
    const uint8_t *p = in.ptr;
    size_t n = in.len, i = 0, count = 0;
    px_status st = px_buf_reserve(out, n);
    while (st == PX_OK && i < n) {
        size_t run = px__utf8_valid_prefix(p + i, n - i);
        if (nul_ctl) {
            for (size_t j = 0; j < run; j++)
                if (is_bad_ctl(p[i + j])) {
                    run = j;
                    break;
                }
        }
        st = px_buf_append(out, p + i, run);
        i += run;
        if (st || i >= n)
            break;
        size_t l = nul_ctl && is_bad_ctl(p[i]) ? 1 : (size_t)bad_len(p + i, n - i);
        if (bad)
            bad(ud, i, p[i]);
        count++;
        st = px_buf_append(out, fffd, 3);
        i += l;
    }
    if (nbad)
        *nbad = count;
    return st;
}
