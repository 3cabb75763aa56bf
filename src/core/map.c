/* Open-addressing hash map from byte strings to uint64 values (linear probing,
 * power-of-two capacity, load <= 1/2). Keys are copied into an arena. */
#include <string.h>

#include "core/core.h"

typedef struct slot {
    uint64_t hash; /* 0: empty (real hashes are forced non-zero) */
    const uint8_t *key;
    size_t len;
    uint64_t value;
} slot;

struct px_map {
    slot *slots;
    size_t cap; /* power of two */
    size_t count;
    px_arena *keys;
};

static uint64_t key_hash(px_slice k)
{
    uint64_t h = px__hash64(k.ptr, k.len, 0);
    return h ? h : 1;
}

px_map *px__map_new(size_t expected)
{
    px_map *m = px__calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    m->slots = px__calloc(cap, sizeof(slot));
    m->keys = px__arena_new(64 * 1024, 0);
    if (!m->slots || !m->keys) {
        px__map_free(m);
        return NULL;
    }
    m->cap = cap;
    return m;
}

void px__map_free(px_map *m)
{
    if (!m)
        return;
    px__free(m->slots);
    px__arena_free(m->keys);
    px__free(m);
}

static slot *find(slot *slots, size_t cap, uint64_t h, px_slice k)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        slot *s = &slots[i];
        if (s->hash == 0)
            return s;
        if (s->hash == h && s->len == k.len && memcmp(s->key, k.ptr, k.len) == 0)
            return s;
        i = (i + 1) & (cap - 1);
    }
}

static px_status grow(px_map *m)
{
    size_t cap = m->cap * 2;
    slot *slots = px__calloc(cap, sizeof(slot));
    if (!slots)
        return PX_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        slot *s = &m->slots[i];
        if (s->hash) {
            size_t j = (size_t)s->hash & (cap - 1);
            while (slots[j].hash)
                j = (j + 1) & (cap - 1);
            slots[j] = *s;
        }
    }
    px__free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return PX_OK;
}

px_status px__map_put(px_map *m, px_slice key, uint64_t value, uint64_t **vslot, int *isnew)
{
    if ((m->count + 1) * 2 > m->cap) {
        px_status st = grow(m);
        if (st)
            return st;
    }
    uint64_t h = key_hash(key);
    slot *s = find(m->slots, m->cap, h, key);
    if (s->hash) {
        if (isnew)
            *isnew = 0;
    } else {
        px_slice k = px__arena_dup(m->keys, key.ptr ? key : PX_SLICE_LIT(""));
        if (!k.ptr)
            return PX_ENOMEM;
        s->hash = h;
        s->key = k.ptr;
        s->len = k.len;
        s->value = value;
        m->count++;
        if (isnew)
            *isnew = 1;
    }
    if (vslot)
        *vslot = &s->value;
    return PX_OK;
}

uint64_t *px__map_get(const px_map *m, px_slice key)
{
    slot *s = find(m->slots, m->cap, key_hash(key), key);
    return s->hash ? &s->value : NULL;
}

size_t px__map_count(const px_map *m)
{
    return m->count;
}
