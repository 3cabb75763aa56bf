/* NFC normalization with utf8proc. Most news text is already NFC, so the text
 * is first scanned for code points that NFC could change (a conservative test:
 * anything at or above U+0300 that combines, decomposes canonically or takes
 * part in a composition); only then does utf8proc rebuild it. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/text.h"

/* A code point NFC leaves alone whatever surrounds it: no combining class, not
 * the second half of a composition (utf8proc marks those with comb_index at or
 * above 0x8000), not a composition exclusion, and no canonical singleton
 * decomposition (decomp_seqindex below 0x4000 encodes a length of one). A
 * precomposed letter such as Й or é stays: NFC recomposes it. Checked against
 * Unicode's NormalizationTest.txt in tests/unit/test_fold.c. */
static int nfc_inert(uint32_t cp)
{
    if (cp < 0x300)
        return 1;
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7A3))
        return 0; /* Hangul jamo and syllables compose algorithmically */
    if (cp == 0x0F73 || cp == 0x0F75 || cp == 0x0F81)
        return 0; /* starters that decompose into non-starters (Tibetan) */
    const utf8proc_property_t *pr = utf8proc_get_property((utf8proc_int32_t)cp);
    if (pr->combining_class != 0 || pr->comp_exclusion)
        return 0;
    if (pr->comb_index != UINT16_MAX && pr->comb_index >= 0x8000)
        return 0;
    if (pr->decomp_seqindex != UINT16_MAX && pr->decomp_type == 0 && pr->decomp_seqindex < 0x4000)
        return 0;
    return 1;
}

static int needs_nfc(px_slice s)
{
    size_t i = 0;
    while (i < s.len) {
        if (s.ptr[i] < 0x80) {
            i++;
            continue;
        }
        int l;
        uint32_t cp = px__utf8_decode(s.ptr + i, s.len - i, &l);
        if (!nfc_inert(cp))
            return 1;
        i += (size_t)l;
    }
    return 0;
}

px_status px__nfc(px_arena *a, px_slice in, px_slice *out)
{
    if (!needs_nfc(in)) {
        *out = in;
        return PX_OK;
    }
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n =
        utf8proc_map(in.ptr, (utf8proc_ssize_t)in.len, &dst, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) {
        return n == UTF8PROC_ERROR_NOMEM ? PX_ENOMEM : PX_EUTF8;
    }
    /* utf8proc_map allocates with malloc: copy into the arena and free. */
    px_slice r = px__arena_dup(a, (px_slice){dst, (size_t)n});
    free(dst);
    if (!r.ptr)
        return PX_ENOMEM;
    *out = r;
    return PX_OK;
}
