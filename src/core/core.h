/* parallax core layer (src/core/): allocation, errors, arenas, the calendar,
 * hashing, word lists, the hash map, UTF-8 and JSON writing. Includes only the
 * public core types (px_status, px_slice, px_buf). Not installed. */
#ifndef PX_CORE_CORE_H
#define PX_CORE_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parallax/core.h"
#include "parallax/error.h"

/* ---- allocation (core/alloc.c): all allocation goes through these. ---- */
void *px__malloc(size_t n);
void *px__calloc(size_t n, size_t size);
void *px__realloc(void *p, size_t n);
void px__free(void *p);
char *px__strndup(const char *s, size_t n);
/* Failure injection for tests: the n-th allocation from now (1-based) and every
 * one after it fails; 0 turns it off. */
void px__alloc_fail_after(long n);

/* ---- errors (core/error.c) ---- */
/* Writes a formatted message into errmsg (256 bytes) and returns st. */
px_status px__fail(char *errmsg, px_status st, const char *fmt, ...) PX_PRINTF(3, 4);

/* ---- arena (core/arena.c): bump allocation per document ---- */
typedef struct px_arena px_arena;
px_arena *px__arena_new(size_t chunk_size, size_t max_bytes);
void px__arena_free(px_arena *a);
/* Drops everything allocated, keeping the first chunk for reuse. */
void px__arena_reset(px_arena *a);
/* Returns aligned memory valid until reset/free, or NULL (out of memory or cap). */
void *px__arena_alloc(px_arena *a, size_t n, size_t align);
/* Copies bytes (adds a NUL after them, not counted). NULL ptr gives the null slice. */
px_slice px__arena_dup(px_arena *a, px_slice s);
size_t px__arena_used(const px_arena *a);
#define PX_ARENA_NEW(a, T, n) ((T *)px__arena_alloc((a), sizeof(T) * (n), _Alignof(T)))

/* ---- calendar (core/date.c) ---- */
/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t px__days_from_civil(int y, int m, int d);
void px__civil_from_days(int64_t z, int *y, int *m, int *d);
/* ISO weekday, 1 = Monday. */
int px__weekday(int y, int m, int d);
/* ISO week-numbering year and week of a date. */
void px__iso_week(int y, int m, int d, int *wy, int *wk);
/* Days in month m (1-12) of year y; 31 for a month out of range. */
int px__days_in_month(int y, int m);
/* Is y-m-d a real date (month 1-12, the day within the month, leap years)? */
int px__date_valid(int y, int m, int d);

/* ---- hashing (core/hash.c) ---- */
/* 64-bit hash of bytes (stable across runs and machines, any endianness). */
uint64_t px__hash64(const void *p, size_t n, uint64_t seed);

/* ---- word lists (core/wordlist.c) ---- */
/* 1 when the n bytes at w equal one of the strings of list (NULL-terminated). */
int px__word_in(const void *w, size_t n, const char *const *list);

/* ---- hash map (core/map.c): byte-string keys to uint64 values ---- */
typedef struct px_map px_map;
px_map *px__map_new(size_t expected);
void px__map_free(px_map *m);
/* Inserts key (copied) with value, or finds it. *slot points at the value; *isnew
 * tells which. Returns PX_OK or PX_ENOMEM. */
px_status px__map_put(px_map *m, px_slice key, uint64_t value, uint64_t **slot, int *isnew);
/* Returns a pointer to the value or NULL. */
uint64_t *px__map_get(const px_map *m, px_slice key);
size_t px__map_count(const px_map *m);

/* ---- UTF-8 (core/utf8.c) ---- */
/* Length of the longest valid UTF-8 prefix of p[0..n). */
size_t px__utf8_valid_prefix(const uint8_t *p, size_t n);
/* Decodes one code point at p (must be valid UTF-8); sets *len. */
uint32_t px__utf8_decode(const uint8_t *p, size_t n, int *len);
/* Encodes cp into out (4 bytes room); returns the length. */
int px__utf8_encode(uint32_t cp, uint8_t *out);
/* Copies in to out, replacing each maximal invalid subsequence by U+FFFD and,
 * when nul_ctl is set, NUL and C0 controls other than TAB, LF, CR and FF too.
 * bad(ud, offset, byte) is called for each replaced sequence with its offset in
 * in (bad may be NULL). Sets *nbad. Returns PX_OK, PX_ENOMEM or PX_ETOOBIG. */
typedef void (*px_utf8_bad_fn)(void *ud, size_t offset, uint8_t byte);
px_status
px__utf8_repair(px_slice in, int nul_ctl, px_buf *out, px_utf8_bad_fn bad, void *ud, size_t *nbad);

/* ---- JSON writing (core/json.c) ---- */
/* Appends s as a JSON string (quoted, escaped); the null slice appends null. */
px_status px__json_str(px_buf *b, px_slice s);
px_status px__json_span(px_buf *b, size_t start, size_t end);

#endif
