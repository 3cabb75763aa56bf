/* Allocation wrappers with failure injection for tests. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static long fail_countdown; /* 0: off; else allocations left before failing */

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
    return should_fail() ? NULL : malloc(n ? n : 1);
}

void *px__calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *px__realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

void px__free(void *p)
{
    free(p);
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
