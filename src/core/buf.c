/* Growable byte buffers with a cap, and slices. */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

px_slice px_slice_cstr(const char *s)
{
    return s ? (px_slice){(const uint8_t *)s, strlen(s)} : PX_SLICE_NULL;
}

int px_slice_eq(px_slice a, px_slice b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

void px_buf_init(px_buf *b, size_t max)
{
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->max = max ? max : SIZE_MAX;
}

void px_buf_free(px_buf *b)
{
    px__free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

void px_buf_reset(px_buf *b)
{
    b->len = 0;
}

px_status px_buf_reserve(px_buf *b, size_t extra)
{
    if (extra > b->max - b->len)
        return PX_ETOOBIG;
    size_t need = b->len + extra;
    if (need + 1 <= b->cap) /* keep room for a terminating NUL */
        return PX_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need + 1)
        cap = cap > SIZE_MAX / 2 ? need + 1 : cap * 2;
    uint8_t *p = px__realloc(b->ptr, cap);
    if (!p)
        return PX_ENOMEM;
    b->ptr = p;
    b->cap = cap;
    return PX_OK;
}

px_status px_buf_append(px_buf *b, const void *p, size_t n)
{
    if (n == 0)
        return PX_OK;
    px_status st = px_buf_reserve(b, n);
    if (st)
        return st;
    memcpy(b->ptr + b->len, p, n);
    b->len += n;
    return PX_OK;
}

px_status px_buf_append_byte(px_buf *b, uint8_t c)
{
    if (b->len + 1 < b->cap) {
        b->ptr[b->len++] = c;
        return PX_OK;
    }
    return px_buf_append(b, &c, 1);
}

px_status px_buf_append_str(px_buf *b, const char *s)
{
    return px_buf_append(b, s, strlen(s));
}

px_status px_buf_appendf(px_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return PX_EINVAL;
    px_status st = px_buf_reserve(b, (size_t)n);
    if (st)
        return st;
    va_start(ap, fmt);
    vsnprintf((char *)b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return PX_OK;
}

px_status px_buf_terminate(px_buf *b)
{
    px_status st = px_buf_reserve(b, 0);
    if (st == PX_OK)
        b->ptr[b->len] = '\0';
    return st;
}

px_slice px_buf_slice(const px_buf *b)
{
    return (px_slice){b->ptr ? b->ptr : (const uint8_t *)"", b->len};
}
