/* Weight tables (feature hash -> int16 weights per class) and small u32 maps,
 * both open addressing with key 0 as the empty slot. */
#include <string.h>

#include "syntax/syntax.h"

void px__syn_table_free(px_syn_table *t)
{
    px__free(t->rows);
    memset(t, 0, sizeof *t);
}

static uint32_t slot_of(uint32_t key, uint32_t mask)
{
    return ((key * 0x9E3779B1u) >> 4) & mask;
}

px_status px__syn_table_build(px_syn_table *t,
                              uint32_t k,
                              uint32_t nfeat,
                              float scale,
                              const uint32_t *keys,
                              const int16_t *w)
{
    memset(t, 0, sizeof *t);
    uint64_t slots = 16;
    while (slots < (uint64_t)nfeat * 2 + 16)
        slots *= 2;
    if (slots > ((uint64_t)1 << 28) || k == 0 || k > 4096)
        return PX_ETOOBIG;
    t->k = k;
    t->stride = k + 2;
    t->mask = (uint32_t)slots - 1;
    t->scale = scale;
    t->rows = px__calloc((size_t)slots * t->stride, sizeof(int16_t));
    if (!t->rows)
        return PX_ENOMEM;
    for (uint32_t i = 0; i < nfeat; i++) {
        uint32_t key = keys[i];
        if (!key) {
            px__syn_table_free(t);
            return PX_EPARSE;
        }
        uint32_t s = slot_of(key, t->mask);
        for (;;) {
            int16_t *row = t->rows + (size_t)s * t->stride;
            uint32_t have;
            memcpy(&have, row, 4);
            if (have == 0) {
                memcpy(row, &key, 4);
                memcpy(row + 2, w + (size_t)i * k, k * sizeof(int16_t));
                break;
            }
            if (have == key) { /* duplicate: keep the first */
                break;
            }
            s = (s + 1) & t->mask;
        }
    }
    t->nfeat = nfeat;
    return PX_OK;
}

void px__syn_table_score(const px_syn_table *t, const uint32_t *f, size_t nf, int32_t *sc)
{
    const uint32_t k = t->k, stride = t->stride, mask = t->mask;
    if (!t->rows)
        return;
#if defined(__GNUC__)
    /* The rows are scattered over megabytes: start every fetch first so the
     * cache misses overlap instead of following one another. */
    for (size_t j = 0; j < nf; j++)
        __builtin_prefetch(t->rows + (size_t)slot_of(f[j], mask) * stride);
#endif
    for (size_t j = 0; j < nf; j++) {
        uint32_t key = f[j];
        uint32_t s = slot_of(key, mask);
        for (;;) {
            const int16_t *row = t->rows + (size_t)s * stride;
            uint32_t have;
            memcpy(&have, row, 4);
            if (have == key) {
                row += 2;
                for (uint32_t c = 0; c < k; c++)
                    sc[c] += row[c];
                break;
            }
            if (have == 0)
                break;
            s = (s + 1) & mask;
        }
    }
}

px_status px__syn_map_build(px_syn_map *m, const px_syn_kv *kv, uint32_t n)
{
    memset(m, 0, sizeof *m);
    uint64_t slots = 16;
    while (slots < (uint64_t)n * 2 + 16)
        slots *= 2;
    if (slots > ((uint64_t)1 << 28))
        return PX_ETOOBIG;
    m->mask = (uint32_t)slots - 1;
    m->slots = px__calloc((size_t)slots, sizeof *m->slots);
    if (!m->slots)
        return PX_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        if (!kv[i].key)
            continue;
        uint32_t s = slot_of(kv[i].key, m->mask);
        while (m->slots[s].key && m->slots[s].key != kv[i].key)
            s = (s + 1) & m->mask;
        if (!m->slots[s].key) {
            m->slots[s] = kv[i];
            m->n++;
        }
    }
    return PX_OK;
}

void px__syn_map_free(px_syn_map *m)
{
    px__free(m->slots);
    memset(m, 0, sizeof *m);
}

int px__syn_map_get(const px_syn_map *m, uint32_t key, uint32_t *val)
{
    if (!m->slots || !key)
        return 0;
    uint32_t s = slot_of(key, m->mask);
    while (m->slots[s].key) {
        if (m->slots[s].key == key) {
            *val = m->slots[s].val;
            return 1;
        }
        s = (s + 1) & m->mask;
    }
    return 0;
}
