/* Weight tables (feature hash -> int16 weights per class) and small u32 maps,
 * both open addressing with key 0 as the empty slot. */
#include <string.h>

#include "syntax/syntax.h"

void px__syn_table_free(px_syn_table *t)
{
    px__free(t->rows);
    px__free(t->index);
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
    int narrow = k <= PX_SYN_NARROW;
    t->k = k;
    t->stride = narrow ? k + 2 : k;
    t->mask = (uint32_t)slots - 1;
    t->scale = scale;
    if (narrow)
        t->rows = px__calloc((size_t)slots * t->stride, sizeof(int16_t));
    else {
        t->rows = px__calloc((size_t)nfeat * k + 1, sizeof(int16_t));
        t->index = px__calloc((size_t)slots * 2, sizeof(uint32_t));
    }
    if (!t->rows || (!narrow && !t->index)) {
        px__syn_table_free(t);
        return PX_ENOMEM;
    }
    uint32_t used = 0;
    for (uint32_t i = 0; i < nfeat; i++) {
        uint32_t key = keys[i];
        if (!key) {
            px__syn_table_free(t);
            return PX_EPARSE;
        }
        uint32_t s = slot_of(key, t->mask);
        for (;;) {
            uint32_t have;
            if (narrow)
                memcpy(&have, t->rows + (size_t)s * t->stride, 4);
            else
                have = t->index[2 * (size_t)s];
            if (have == key) /* duplicate: keep the first */
                break;
            if (have == 0) {
                if (narrow) {
                    int16_t *row = t->rows + (size_t)s * t->stride;
                    memcpy(row, &key, 4);
                    memcpy(row + 2, w + (size_t)i * k, k * sizeof(int16_t));
                } else {
                    t->index[2 * (size_t)s] = key;
                    t->index[2 * (size_t)s + 1] = used;
                    memcpy(t->rows + (size_t)used * k, w + (size_t)i * k, k * sizeof(int16_t));
                    used++;
                }
                break;
            }
            s = (s + 1) & t->mask;
        }
    }
    t->nfeat = nfeat;
    return PX_OK;
}

static void score_narrow(const px_syn_table *t, const uint32_t *f, size_t nf, int32_t *sc)
{
    const uint32_t k = t->k, stride = t->stride, mask = t->mask;
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

static void score_wide(const px_syn_table *t, const uint32_t *f, size_t nf, int32_t *sc)
{
    const uint32_t k = t->k, mask = t->mask;
    const int16_t *rows[PX_SYN_MAXFEATS];
    size_t nr = 0;
#if defined(__GNUC__)
    for (size_t j = 0; j < nf; j++)
        __builtin_prefetch(t->index + 2 * (size_t)slot_of(f[j], mask));
#endif
    for (size_t j = 0; j < nf && nr < PX_SYN_MAXFEATS; j++) {
        uint32_t key = f[j];
        uint32_t s = slot_of(key, mask);
        for (;;) {
            uint32_t have = t->index[2 * (size_t)s];
            if (have == key) {
                const int16_t *row = t->rows + (size_t)t->index[2 * (size_t)s + 1] * k;
#if defined(__GNUC__)
                for (uint32_t o = 0; o < k; o += 32)
                    __builtin_prefetch(row + o);
                __builtin_prefetch(row + k - 1);
#endif
                rows[nr++] = row;
                break;
            }
            if (have == 0)
                break;
            s = (s + 1) & mask;
        }
    }
    for (size_t j = 0; j < nr; j++) {
        const int16_t *row = rows[j];
        for (uint32_t c = 0; c < k; c++)
            sc[c] += row[c];
    }
}

void px__syn_table_score(const px_syn_table *t, const uint32_t *f, size_t nf, int32_t *sc)
{
    if (!t->rows)
        return;
    if (t->index)
        score_wide(t, f, nf, sc);
    else
        score_narrow(t, f, nf, sc);
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
