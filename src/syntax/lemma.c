/* The lemmatizer: a rule (cut n bytes from the end, append a string, keep the
 * case or lower it) chosen by the (form, tag) exception list learned from the
 * treebank, else by the longest known (suffix, tag), else the tag's default. */
#include <string.h>

#include "syntax/syntax.h"

#define MAXSUF 6

uint32_t px__syn_lemma_exc_key(const uint8_t *lower, size_t n, int tag)
{
    uint64_t h = 0x6c656d6d61ULL + (uint64_t)tag * 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ lower[i]) * 0x100000001b3ULL;
    uint32_t k = (uint32_t)(px__syn_mix(h + n) >> 32);
    return k ? k : 1;
}

uint32_t px__syn_lemma_suf_key(const uint8_t *lower, size_t n, size_t suflen, int tag)
{
    uint64_t h = 0x737566ULL + (uint64_t)tag * 0x94d049bb133111ebULL + suflen * 7919;
    for (size_t i = n - suflen; i < n; i++)
        h = (h ^ lower[i]) * 0x100000001b3ULL;
    uint32_t k = (uint32_t)(px__syn_mix(h) >> 32);
    return k ? k : 1;
}

size_t px__syn_rule_apply(const px_syn_rule *r,
                          const uint8_t *form,
                          const uint8_t *lower,
                          size_t n,
                          uint8_t *out,
                          size_t cap)
{
    size_t keep = r->cut <= n ? n - r->cut : 0;
    if (keep + r->len > cap)
        return 0;
    memcpy(out, r->lower ? lower : form, keep);
    memcpy(out + keep, r->add, r->len);
    return keep + r->len;
}

size_t px__syn_lemma(const px_syn_model *m, px_syn_word w, int tag, uint8_t *out, size_t cap)
{
    uint8_t low[128] = {0};
    if (w.n == 0 || w.n > sizeof low || !m->rules)
        return 0;
    for (size_t i = 0; i < w.n; i++)
        low[i] = (w.p[i] >= 'A' && w.p[i] <= 'Z') ? (uint8_t)(w.p[i] | 32) : w.p[i];
    uint32_t r;
    int found = px__syn_map_get(&m->exc, px__syn_lemma_exc_key(low, w.n, tag), &r);
    for (size_t k = w.n < MAXSUF ? w.n : MAXSUF; !found; k--) {
        found = px__syn_map_get(&m->suf, px__syn_lemma_suf_key(low, w.n, k, tag), &r);
        if (k == 0)
            break;
    }
    if (!found || r >= m->nrules)
        return 0;
    const px_syn_rule *rule = &m->rules[r];
    if (!rule->cut && !rule->len && !rule->lower)
        return 0;
    /* Never cut into a multi-byte character. */
    if (rule->cut < w.n && (w.p[w.n - rule->cut] & 0xC0) == 0x80)
        return 0;
    return px__syn_rule_apply(rule, w.p, low, w.n, out, cap);
}
