/* Allocation wrappers with failure injection for tests. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static long fail_countdown; /* 0: off; else allocations left before failing */

/* The allocator: the C library's unless px_set_allocator says otherwise. */
static void *(*malloc_fn)(size_t) = malloc;
static void *(*realloc_fn)(void *, size_t) = realloc;
static void (*free_fn)(void *) = free;

px_status px_set_allocator(void *(*m)(size_t), void *(*r)(void *, size_t), void (*f)(void *))
{
    if (!m && !r && !f) {
        malloc_fn = malloc;
        realloc_fn = realloc;
        free_fn = free;
        return PX_OK;
    }
    if (!m || !r || !f)
        return PX_EINVAL;
    malloc_fn = m;
    realloc_fn = r;
    free_fn = f;
    return PX_OK;
}

void px__alloc_fail_after(long n)
{
    fail_countdown = n;
}

static int should_fail(void)
{
    if (fail_countdown <= 0)
        return 0;
    if (fail_countdown == 1)
        return 1; /* stays at 1: every later allocation fails too */
    fail_countdown--;
    return 0;
}

void *px__malloc(size_t n)
{
    return should_fail() ? NULL : malloc_fn(n ? n : 1);
}

void *px__calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t total = (n ? n : 1) * (size ? size : 1);
    void *p = should_fail() ? NULL : malloc_fn(total);
    if (p)
        memset(p, 0, total);
    return p;
}

void *px__realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc_fn(p, n ? n : 1);
}

void px__free(void *p)
{
    free_fn(p);
}

char *px__strndup(const char *s, size_t n)
{
    char *d = px__malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}
