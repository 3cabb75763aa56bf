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
