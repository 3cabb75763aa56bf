/* Folded match keys: "Вучић", "Vučić" and "VUCIC" all give "vucic".
 *
 * Three tiers, fastest first: ASCII is lower-cased in place (and aliases the
 * input when already lower case); other Latin text is folded one code point at a
 * time with utf8proc (case fold, canonical decomposition, marks stripped), which
 * needs no allocation; what is still not ASCII after that (Cyrillic, Greek, đ, ß,
 * ł, ø…) goes through ICU's "Any-Latin; Latin-ASCII; Lower" transliterator, with
 * a cache per folder because ICU is slow and names repeat. */
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <utf8proc.h>

#include "text/text.h"

#define CACHE_MAX 65536

struct px_folder {
    UTransliterator *trans;
    px_map *cache; /* input bytes -> offset+1 into cache_vals of "len:u32 bytes" */
    px_buf cache_vals;
    px_buf tmp;
    px_buf scratch;
    UChar *u16;
    int32_t u16_cap;
};

px_status px__folder_new(px_folder **out, char *errmsg)
{
    *out = NULL;
    px_folder *f = px__calloc(1, sizeof(*f));
    if (!f)
        return PX_ENOMEM;
    UErrorCode err = U_ZERO_ERROR;
    UChar id[64];
    u_uastrcpy(id, "Any-Latin; Latin-ASCII; Lower");
    f->trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err)) {
        px__free(f);
        return px__fail(errmsg, PX_EIO, "ICU transliterator: %s", u_errorName(err));
    }
    f->cache = px__map_new(1024);
    px_buf_init(&f->cache_vals, 0);
    px_buf_init(&f->tmp, 0);
    px_buf_init(&f->scratch, 0);
    if (!f->cache) {
        px__folder_free(f);
        return PX_ENOMEM;
    }
    *out = f;
    return PX_OK;
}

void px__folder_free(px_folder *f)
{
    if (!f)
        return;
    if (f->trans)
        utrans_close(f->trans);
    px__map_free(f->cache);
    px_buf_free(&f->cache_vals);
    px_buf_free(&f->tmp);
    px_buf_free(&f->scratch);
    px__free(f->u16);
    px__free(f);
}

/* Maps punctuation that shows up inside words to ASCII: ’ ‘ ʼ to ', the Unicode
 * hyphens to -. Returns 0 for anything else. */
static uint32_t fold_punct(uint32_t cp)
{
    switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x02BC:
    case 0x2032:
        return '\'';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x00AD:
        return '-';
    default:
        return 0;
    }
}

/* Tier 2: utf8proc per code point. Returns 1 when the result is all ASCII. */
static int fold_utf8proc(px_slice s, px_buf *out, px_status *st)
{
    size_t i = 0;
    while (i < s.len) {
        int l;
        uint32_t cp = px__utf8_decode(s.ptr + i, s.len - i, &l);
        i += (size_t)l;
        uint32_t p = cp < 0x80 ? 0 : fold_punct(cp);
        if (cp < 0x80 || p) {
            uint8_t c = (uint8_t)(p ? p : cp);
            if (c >= 'A' && c <= 'Z')
                c += 32;
            if ((*st = px_buf_append_byte(out, c)))
                return 0;
            continue;
        }
        utf8proc_int32_t dst[8];
        int last = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(
            (utf8proc_int32_t)cp, dst, 8,
            UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPAT, &last);
        if (n < 0 || n > 8)
            return 0;
        for (utf8proc_ssize_t k = 0; k < n; k++) {
            if (dst[k] >= 0x80)
                return 0;
            if ((*st = px_buf_append_byte(out, (uint8_t)dst[k])))
                return 0;
        }
    }
    return 1;
}

/* Tier 3: ICU. Appends the transliteration of s to out. */
static px_status fold_icu(px_folder *f, px_slice s, px_buf *out)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t need = 0;
    int32_t cap = (int32_t)s.len * 4 + 16;
    if (s.len > (1u << 24))
        return PX_ETOOBIG;
    if (cap > f->u16_cap) {
        UChar *u = px__realloc(f->u16, (size_t)cap * sizeof(UChar));
        if (!u)
            return PX_ENOMEM;
        f->u16 = u;
        f->u16_cap = cap;
    }
    u_strFromUTF8(f->u16, cap, &need, (const char *)s.ptr, (int32_t)s.len, &err);
    if (U_FAILURE(err))
        return PX_EUTF8;
    int32_t limit = need;
    utrans_transUChars(f->trans, f->u16, &need, cap, 0, &limit, &err);
    if (U_FAILURE(err))
        return PX_ETOOBIG;
    int32_t n8 = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &n8, f->u16, need, &err);
    px_status st = px_buf_reserve(out, (size_t)n8 + 1);
    if (st)
        return st;
    err = U_ZERO_ERROR;
    u_strToUTF8((char *)out->ptr + out->len, n8 + 1, &n8, f->u16, need, &err);
    if (U_FAILURE(err))
        return PX_EINTERNAL;
    /* Strip any marks ICU left (scripts Latin-ASCII does not cover); keep ICU's
     * output as it is when that cannot make it ASCII. */
    size_t start = out->len;
    out->len += (size_t)n8;
    f->tmp.len = 0;
    if (fold_utf8proc((px_slice){out->ptr + start, (size_t)n8}, &f->tmp, &st)) {
        out->len = start;
        return px_buf_append(out, f->tmp.ptr, f->tmp.len);
    }
    return st;
}

px_status px__fold_buf(px_folder *f, px_slice s, px_buf *out)
{
    size_t start = out->len;
    px_status st = PX_OK;
    if (fold_utf8proc(s, out, &st))
        return PX_OK;
    if (st)
        return st;
    out->len = start;
    uint64_t *v = px__map_get(f->cache, s);
    if (v) {
        uint32_t len;
        memcpy(&len, f->cache_vals.ptr + *v - 1, 4);
        return px_buf_append(out, f->cache_vals.ptr + *v - 1 + 4, len);
    }
    if ((st = fold_icu(f, s, out)))
        return st;
    if (px__map_count(f->cache) >= CACHE_MAX)
        return PX_OK; /* full: stop caching rather than grow without bound */
    uint32_t len = (uint32_t)(out->len - start);
    size_t off = f->cache_vals.len + 1;
    if ((st = px_buf_append(&f->cache_vals, &len, 4)) ||
        (st = px_buf_append(&f->cache_vals, out->ptr + start, len)))
        return st;
    return px__map_put(f->cache, s, off, NULL, NULL);
}

px_status px__fold(px_folder *f, px_arena *a, px_slice s, px_slice *out)
{
    size_t i = 0;
    int lower = 1;
    for (; i < s.len && s.ptr[i] < 0x80; i++)
        if (s.ptr[i] >= 'A' && s.ptr[i] <= 'Z')
            lower = 0;
    if (i == s.len && lower) {
        *out = s;
        return PX_OK;
    }
    if (i == s.len) {
        uint8_t *p = px__arena_alloc(a, s.len + 1, 1);
        if (!p)
            return PX_ENOMEM;
        for (size_t k = 0; k < s.len; k++) {
            uint8_t c = s.ptr[k];
            p[k] = c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
        }
        p[s.len] = 0;
        *out = (px_slice){p, s.len};
        return PX_OK;
    }
    f->scratch.len = 0;
    px_status st = px__fold_buf(f, s, &f->scratch);
    if (st)
        return st;
    *out = px__arena_dup(a, px_buf_slice(&f->scratch));
    return out->ptr ? PX_OK : PX_ENOMEM;
}
