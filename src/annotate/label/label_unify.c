/* Cross-document keys: the concepts of several articles mapped onto shared
 * keys (label.h). Used by the story comparison and `parallax eval labels`. */
#include <string.h>

#include "annotate/label/label.h"

/* The next word of k from *p that counts for a person's name: initials
 * ("s."), suffixes ("jr.", "ii", "iii") and hyphens ("jong-un") left out.
 * Returns 0 at the end. */
static int next_word(px_slice k, size_t *p, px_slice *w)
{
    for (;;) {
        while (*p < k.len && (k.ptr[*p] == ' ' || k.ptr[*p] == '-'))
            (*p)++;
        if (*p >= k.len)
            return 0;
        size_t a = *p;
        while (*p < k.len && k.ptr[*p] != ' ' && k.ptr[*p] != '-')
            (*p)++;
        *w = (px_slice){k.ptr + a, *p - a};
        int initial = (w->len == 2 && w->ptr[1] == '.') || w->len == 1;
        int suffix = (w->len == 3 && (!memcmp(w->ptr, "jr.", 3) || !memcmp(w->ptr, "sr.", 3) ||
                                      !memcmp(w->ptr, "iii", 3))) ||
                     (w->len == 2 && (!memcmp(w->ptr, "jr", 2) || !memcmp(w->ptr, "ii", 2) ||
                                      !memcmp(w->ptr, "iv", 2)));
        if (!initial && !suffix)
            return 1;
    }
}

/* Are a and b the same name but for initials, suffixes and hyphens? */
static int same_name(px_slice a, px_slice b)
{
    size_t pa = 0, pb = 0;
    px_slice x, y;
    for (;;) {
        int ha = next_word(a, &pa, &x), hb = next_word(b, &pb, &y);
        if (!ha || !hb)
            return ha == hb;
        if (!px_slice_eq(x, y))
            return 0;
    }
}

static int one_word(px_slice k)
{
    return k.len && !memchr(k.ptr, ' ', k.len);
}

/* Is w the last (or first: "kim" of "kim jong un") word of the multi-word
 * key k? */
static int end_word(px_slice k, px_slice w)
{
    if (k.len <= w.len + 1)
        return 0;
    if (k.ptr[k.len - w.len - 1] == ' ' && memcmp(k.ptr + k.len - w.len, w.ptr, w.len) == 0)
        return 1;
    return k.ptr[w.len] == ' ' && memcmp(k.ptr, w.ptr, w.len) == 0;
}

/* Is key a preferred over b as the shared form? More labels, then longer,
 * then the smaller bytes (stable whatever the order of the input). */
static int better(const px_label_key *a, const px_label_key *b)
{
    if (a->count != b->count)
        return a->count > b->count;
    if (a->key.len != b->key.len)
        return a->key.len > b->key.len;
    return memcmp(a->key.ptr, b->key.ptr, a->key.len) < 0;
}

void px__label_unify(const px_label_key *keys, size_t n, uint32_t *canon)
{
    for (size_t i = 0; i < n; i++)
        canon[i] = (uint32_t)i;
    /* spellings that differ by hyphens: the best of them */
    for (size_t i = 0; i < n; i++) {
        if (!keys[i].person)
            continue;
        for (size_t j = 0; j < n; j++)
            if (j != i && keys[j].person && same_name(keys[i].key, keys[j].key) &&
                better(&keys[j], &keys[canon[i]]))
                canon[i] = (uint32_t)j;
    }
    /* a surname alone: the one longer name it ends */
    for (size_t i = 0; i < n; i++) {
        if (!keys[i].person || !one_word(keys[i].key) || canon[i] != i)
            continue;
        /* the longer names it ends, by labels: one must have more labels
         * than all the others together */
        size_t found = SIZE_MAX;
        uint32_t best = 0, total = 0;
        for (size_t j = 0; j < n; j++) {
            if (!keys[j].person || canon[j] != j)
                continue;
            uint32_t cnt = 0;
            for (size_t q = 0; q < n; q++)
                if (canon[q] == j && keys[q].person && end_word(keys[q].key, keys[i].key))
                    cnt += keys[q].count;
            total += cnt;
            if (cnt > best) {
                best = cnt;
                found = j;
            }
        }
        if (found != SIZE_MAX && best * 2 > total)
            canon[i] = (uint32_t)found;
    }
}
