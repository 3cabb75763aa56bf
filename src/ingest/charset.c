/* Charset detection and conversion to UTF-8 with ICU (ucnv, ucsdet). */
#include <stdio.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "ingest/charset.h"

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int starts_ci(const uint8_t *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (lower(p[i]) != lit[i])
            return 0;
    return 1;
}

px_slice px__charset_param(px_slice ct)
{
    for (size_t i = 0; ct.ptr && i + 8 <= ct.len; i++) {
        if (!starts_ci(ct.ptr + i, ct.len - i, "charset"))
            continue;
        size_t j = i + 7;
        while (j < ct.len && (ct.ptr[j] == ' ' || ct.ptr[j] == '\t'))
            j++;
        if (j >= ct.len || ct.ptr[j] != '=')
            continue;
        j++;
        while (j < ct.len && (ct.ptr[j] == ' ' || ct.ptr[j] == '"' || ct.ptr[j] == '\''))
            j++;
        size_t s = j;
        while (j < ct.len && ct.ptr[j] != ';' && ct.ptr[j] != '"' && ct.ptr[j] != '\'' &&
               ct.ptr[j] != ' ' && ct.ptr[j] != '>' && ct.ptr[j] != '/' && ct.ptr[j] != '\r' &&
               ct.ptr[j] != '\n')
            j++;
        if (j > s)
            return (px_slice){ct.ptr + s, j - s};
    }
    return PX_SLICE_NULL;
}

/* <meta charset="x"> or <meta http-equiv content="...; charset=x"> near the start. */
static px_slice meta_charset(px_slice raw)
{
    size_t n = raw.len < 4096 ? raw.len : 4096;
    const uint8_t *p = raw.ptr;
    for (size_t i = 0; i + 5 < n; i++) {
        if (p[i] != '<' || !starts_ci(p + i, n - i, "<meta"))
            continue;
        const uint8_t *gt = memchr(p + i, '>', n - i);
        size_t end = gt ? (size_t)(gt - p) : n;
        px_slice cs = px__charset_param((px_slice){p + i, end - i});
        if (cs.ptr)
            return cs;
    }
    return PX_SLICE_NULL;
}

/* Maps a declared name to one ICU reads as browsers do; copies into name. */
static void norm_name(px_slice s, char *name, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < s.len && k + 1 < cap; i++)
        name[k++] = (char)lower(s.ptr[i]);
    name[k] = 0;
    if (strcmp(name, "iso-8859-1") == 0 || strcmp(name, "latin1") == 0 ||
        strcmp(name, "us-ascii") == 0 || strcmp(name, "ascii") == 0 ||
        strcmp(name, "iso8859-1") == 0 || strcmp(name, "iso_8859-1") == 0)
        snprintf(name, cap, "windows-1252");
    else if (strcmp(name, "gb2312") == 0 || strcmp(name, "gbk") == 0)
        snprintf(name, cap, "GB18030");
    else if (strcmp(name, "x-sjis") == 0 || strcmp(name, "sjis") == 0)
        snprintf(name, cap, "Shift_JIS");
}

static const char *static_name(const char *n)
{
    static const char *const KNOWN[] = {
        "UTF-8",        "UTF-16LE",     "UTF-16BE",     "windows-1252", "windows-1251",
        "windows-1250", "KOI8-R",       "ISO-8859-2",   "ISO-8859-5",   "ISO-8859-15",
        "GB18030",      "Shift_JIS",    "EUC-JP",       "Big5",         "EUC-KR",
        "ISO-8859-7",   "windows-1253", "windows-1254", "windows-1256",
    };
    for (size_t i = 0; i < sizeof KNOWN / sizeof *KNOWN; i++)
        if (ucnv_compareNames(n, KNOWN[i]) == 0)
            return KNOWN[i];
    return "other";
}

static px_status convert(px_slice raw, const char *from, px_buf *out, int *ok)
{
    *ok = 0;
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(from, &err);
    if (U_FAILURE(err))
        return PX_OK;
    ucnv_close(cv);
    size_t cap = raw.len * 3 + 16;
    if (cap > INT32_MAX)
        return PX_ETOOBIG;
    out->len = 0;
    px_status st = px_buf_reserve(out, cap);
    if (st)
        return st;
    err = U_ZERO_ERROR;
    int32_t n = ucnv_convert("UTF-8", from, (char *)out->ptr, (int32_t)cap, (const char *)raw.ptr,
                             (int32_t)raw.len, &err);
    if (U_FAILURE(err) || n < 0)
        return PX_OK;
    out->len = (size_t)n;
    *ok = 1;
    return PX_OK;
}

static const char *detect(px_slice raw, char *name, size_t cap)
{
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *d = ucsdet_open(&err);
    if (U_FAILURE(err))
        return NULL;
    int32_t n = raw.len > 65536 ? 65536 : (int32_t)raw.len;
    ucsdet_setText(d, (const char *)raw.ptr, n, &err);
    ucsdet_enableInputFilter(d, 1);
    const UCharsetMatch *m = ucsdet_detect(d, &err);
    const char *res = NULL;
    if (U_SUCCESS(err) && m) {
        const char *nm = ucsdet_getName(m, &err);
        if (U_SUCCESS(err) && nm) {
            norm_name(px_slice_cstr(nm), name, cap);
            res = name;
        }
    }
    ucsdet_close(d);
    return res;
}

px_status px__charset_to_utf8(px_slice raw,
                              const char *declared,
                              size_t declared_len,
                              int is_html,
                              px_buf *out,
                              const char **used)
{
    const char *dummy;
    if (!used)
        used = &dummy;
    const uint8_t *p = raw.ptr;
    size_t n = raw.len;
    char name[40];
    const char *from = NULL;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        raw = (px_slice){p + 3, n - 3};
    } else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        from = "UTF-16LE";
        raw = (px_slice){p + 2, n - 2};
    } else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        from = "UTF-16BE";
        raw = (px_slice){p + 2, n - 2};
    }
    if (!from && px__utf8_valid_prefix(raw.ptr, raw.len) == raw.len) {
        *used = "UTF-8";
        out->len = 0;
        return px_buf_append(out, raw.ptr ? raw.ptr : (const uint8_t *)"", raw.len);
    }
    if (!from && declared && declared_len) {
        norm_name((px_slice){(const uint8_t *)declared, declared_len}, name, sizeof name);
        from = name;
    }
    if (!from && is_html) {
        px_slice m = meta_charset(raw);
        if (m.ptr) {
            norm_name(m, name, sizeof name);
            from = name;
        }
    }
    if (from && (ucnv_compareNames(from, "utf-8") == 0 || ucnv_compareNames(from, "utf8") == 0))
        from = NULL; /* declared UTF-8 but invalid: detect instead */
    px_status st;
    int ok = 0;
    if (from && (st = convert(raw, from, out, &ok)))
        return st;
    if (!ok) {
        from = detect(raw, name, sizeof name);
        if (from && (st = convert(raw, from, out, &ok)))
            return st;
    }
    if (!ok) {
        from = "windows-1252";
        if ((st = convert(raw, from, out, &ok)))
            return st;
    }
    *used = ok ? static_name(from) : "UTF-8";
    if (!ok) { /* last resort: copy, the caller repairs */
        out->len = 0;
        return px_buf_append(out, raw.ptr, raw.len);
    }
    return PX_OK;
}

/* The Windows-1252 byte of code point c, or -1: U+0080..U+00FF stand for
 * themselves (the five bytes 1252 leaves undefined decode to C1 controls). */
static int cp1252_byte(uint32_t c)
{
    static const uint16_t hi[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    if (c >= 0x80 && c <= 0xFF)
        return (int)c;
    if (c < 0x100)
        return -1;
    for (int i = 0; i < 32; i++)
        if (hi[i] == c)
            return 0x80 + i;
    return -1;
}

/* One pass over valid UTF-8 p[0..n), in place; returns the new length and
 * adds the sequences undone to *count. */
static size_t undo_pass(uint8_t *p, size_t n, size_t *count)
{
    size_t r = 0, w = 0;
    while (r < n) {
        /* A sequence starts at U+00C2..U+00F4, whose UTF-8 begins with the
         * lead byte 0xC3 (never a continuation byte): the bytes before the
         * next one go over as they are. */
        const uint8_t *q = memchr(p + r, 0xC3, n - r);
        size_t to = q ? (size_t)(q - p) : n;
        if (to > r) {
            if (w != r)
                memmove(p + w, p + r, to - r);
            w += to - r;
            r = to;
            continue;
        }
        int l1;
        uint32_t c1 = px__utf8_decode(p + r, n - r, &l1);
        if (l1 < 1)
            l1 = 1;
        if (c1 >= 0xC2 && c1 <= 0xF4) {
            int need = c1 < 0xE0 ? 2 : c1 < 0xF0 ? 3 : 4;
            uint8_t b[4] = {(uint8_t)c1};
            size_t at = r + (size_t)l1;
            int k = 1;
            while (k < need && at < n) {
                int l;
                int x = cp1252_byte(px__utf8_decode(p + at, n - at, &l));
                if (x < 0x80 || x > 0xBF || l < 1)
                    break;
                b[k++] = (uint8_t)x;
                at += (size_t)l;
            }
            int ok = k == need && !(b[0] == 0xE0 && b[1] < 0xA0) &&
                     !(b[0] == 0xED && b[1] > 0x9F) && !(b[0] == 0xF0 && b[1] < 0x90) &&
                     !(b[0] == 0xF4 && b[1] > 0x8F);
            if (ok) {
                memcpy(p + w, b, (size_t)need); /* need <= at - r: never overtakes r */
                w += (size_t)need;
                r = at;
                (*count)++;
                continue;
            }
        }
        memmove(p + w, p + r, (size_t)l1);
        w += (size_t)l1;
        r += (size_t)l1;
    }
    return w;
}

size_t px__charset_undo_double(px_buf *b)
{
    size_t count = 0;
    /* Text can be mis-decoded more than once ("â€™" twice over is
     * "Ã¢â‚¬â„¢"); each pass undoes one level. */
    for (int pass = 0; pass < 3; pass++) {
        size_t before = count;
        b->len = undo_pass(b->ptr, b->len, &count);
        if (count == before)
            break;
    }
    return count;
}
