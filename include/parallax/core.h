/* parallax: slices and growable buffers, the two string types of the API. */
#ifndef PARALLAX_CORE_H
#define PARALLAX_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Replaces the allocator of the whole library (all three or none: three NULLs
 * restore the C library's). Call it before creating any object: memory must be
 * freed by the allocator that gave it. Returns PX_OK or PX_EINVAL. Allocations
 * made inside ICU, SQLite, cJSON and zlib use their own allocators. */
PX_API px_status px_set_allocator(void *(*malloc_fn)(size_t),
                                  void *(*realloc_fn)(void *, size_t),
                                  void (*free_fn)(void *));

/* A borrowed run of bytes; never NUL-terminated by contract. ptr == NULL means
 * "no value" (JSON null) where a field is optional. */
typedef struct px_slice {
    const uint8_t *ptr;
    size_t len;
} px_slice;

#define PX_SLICE_NULL   ((px_slice){NULL, 0})
#define PX_SLICE_LIT(s) ((px_slice){(const uint8_t *)(s), sizeof(s) - 1})

/* Returns a slice over a NUL-terminated string (borrowed); NULL gives the null slice. */
PX_API px_slice px_slice_cstr(const char *s);
/* Returns 1 when both slices hold the same bytes. */
PX_API int px_slice_eq(px_slice a, px_slice b);

/* A growable byte buffer with a cap. Appends return PX_ETOOBIG past max and
 * PX_ENOMEM when allocation fails; the buffer keeps what it had. ptr may move on
 * append: never keep pointers into it across appends. */
typedef struct px_buf {
    uint8_t *ptr;
    size_t len;
    size_t cap;
    size_t max; /* 0 means SIZE_MAX */
} px_buf;

PX_API void px_buf_init(px_buf *b, size_t max);
PX_API void px_buf_free(px_buf *b);
PX_API void px_buf_reset(px_buf *b);
PX_NODISCARD PX_API px_status px_buf_reserve(px_buf *b, size_t extra);
PX_NODISCARD PX_API px_status px_buf_append(px_buf *b, const void *p, size_t n);
PX_NODISCARD PX_API px_status px_buf_append_byte(px_buf *b, uint8_t c);
PX_NODISCARD PX_API px_status px_buf_append_str(px_buf *b, const char *s);
PX_NODISCARD PX_API px_status px_buf_appendf(px_buf *b, const char *fmt, ...) PX_PRINTF(2, 3);
/* Appends a NUL after the contents without counting it in len (for C APIs). */
PX_NODISCARD PX_API px_status px_buf_terminate(px_buf *b);
/* Returns the contents as a slice, borrowed until the next append or free. */
PX_API px_slice px_buf_slice(const px_buf *b);

#endif
