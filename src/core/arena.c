/* Bump allocator per document. Under ASan the unused tail of each chunk is
 * poisoned and every allocation is followed by a poisoned redzone, so reads past
 * an allocation are caught even though the chunk is one block. */
#include <string.h>

#include "core/core.h"

#if defined(__SANITIZE_ADDRESS__)
#define PX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PX_ASAN 1
#endif
#endif

#ifdef PX_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#define REDZONE        16
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#define REDZONE        0
#endif

typedef struct chunk {
    struct chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(max_align_t) unsigned char data[];
} chunk;

struct px_arena {
    chunk *head;
    size_t chunk_size;
    size_t max_bytes;
    size_t total; /* bytes in all chunks */
};

static chunk *chunk_new(size_t size)
{
    chunk *c = px__malloc(sizeof(chunk) + size);
    if (!c)
        return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    POISON(c->data, size);
    return c;
}

px_arena *px__arena_new(size_t chunk_size, size_t max_bytes)
{
    px_arena *a = px__calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    a->max_bytes = max_bytes ? max_bytes : SIZE_MAX;
    return a;
}

static void free_chunks(chunk *c)
{
    while (c) {
        chunk *next = c->next;
        UNPOISON(c->data, c->size);
        px__free(c);
        c = next;
    }
}

void px__arena_free(px_arena *a)
{
    if (!a)
        return;
    free_chunks(a->head);
    px__free(a);
}

void px__arena_reset(px_arena *a)
{
    if (!a->head)
        return;
    chunk *last = a->head;
    while (last->next) /* keep the oldest chunk: the first, usually the largest reused */
        last = last->next;
    for (chunk *c = a->head; c != last;) {
        chunk *next = c->next;
        UNPOISON(c->data, c->size);
        px__free(c);
        c = next;
    }
    last->used = 0;
    POISON(last->data, last->size);
    a->head = last;
    a->total = last->size;
}

void *px__arena_alloc(px_arena *a, size_t n, size_t align)
{
    chunk *c = a->head;
    size_t off = 0;
    if (c) {
        off = (c->used + align - 1) & ~(align - 1);
    }
    if (!c || off > c->size || c->size - off < n + REDZONE) {
        size_t want = n + REDZONE + align;
        size_t size = want > a->chunk_size ? want : a->chunk_size;
        if (size > a->max_bytes - a->total || a->total > a->max_bytes)
            return NULL;
        chunk *nc = chunk_new(size);
        if (!nc)
            return NULL;
        nc->next = a->head;
        a->head = nc;
        a->total += size;
        c = nc;
        off = 0;
    }
    void *p = c->data + off;
    UNPOISON(p, n);
    c->used = off + n + REDZONE;
    return p;
}

px_slice px__arena_dup(px_arena *a, px_slice s)
{
    if (!s.ptr)
        return PX_SLICE_NULL;
    uint8_t *p = px__arena_alloc(a, s.len + 1, 1);
    if (!p)
        return PX_SLICE_NULL;
    memcpy(p, s.ptr, s.len);
    p[s.len] = '\0';
    return (px_slice){p, s.len};
}

size_t px__arena_used(const px_arena *a)
{
    return a->total;
}
