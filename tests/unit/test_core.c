/* Unit tests: arena, buffers, hash map, hash, UTF-8, JSON writing, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static void test_buf_cap(void **state)
{
    (void)state;
    px_buf b;
    px_buf_init(&b, 8);
    assert_int_equal(px_buf_append(&b, "abcdef", 6), PX_OK);
    assert_int_equal(px_buf_append(&b, "xyz", 3), PX_ETOOBIG);
    assert_int_equal(b.len, 6); /* kept what it had */
    assert_int_equal(px_buf_append(&b, "xy", 2), PX_OK);
    assert_memory_equal(b.ptr, "abcdefxy", 8);
    assert_int_equal(px_buf_appendf(&b, "%d", 1), PX_ETOOBIG);
    px_buf_free(&b);
    px_buf_init(&b, 0);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(px_buf_appendf(&b, "%04d", i), PX_OK);
    assert_int_equal(b.len, 4000);
    assert_memory_equal(b.ptr + 3996, "0999", 4);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    assert_int_equal(b.ptr[4000], 0);
    px_buf_free(&b);
}

static void test_arena(void **state)
{
    (void)state;
    px_arena *a = px__arena_new(128, 0);
    assert_non_null(a);
    for (int i = 0; i < 1000; i++) {
        uint64_t *p = px__arena_alloc(a, sizeof(uint64_t) * 3, _Alignof(uint64_t));
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % _Alignof(uint64_t), 0);
        p[0] = p[1] = p[2] = (uint64_t)i;
    }
    px_slice s = px__arena_dup(a, PX_SLICE_LIT("hello"));
    assert_int_equal(s.len, 5);
    assert_memory_equal(s.ptr, "hello\0", 6);
    assert_null(px__arena_dup(a, PX_SLICE_NULL).ptr);
    px__arena_reset(a);
    void *big = px__arena_alloc(a, 1 << 20, 16); /* larger than a chunk */
    assert_non_null(big);
    memset(big, 1, 1 << 20);
    px__arena_free(a);
    /* The cap holds. */
    a = px__arena_new(1024, 4096);
    assert_null(px__arena_alloc(a, 8192, 1));
    px__arena_free(a);
}

static void test_map(void **state)
{
    (void)state;
    px_map *m = px__map_new(4);
    assert_non_null(m);
    char key[32];
    for (int i = 0; i < 10000; i++) {
        int n = snprintf(key, sizeof key, "key-%d", i);
        int isnew;
        uint64_t *v;
        assert_int_equal(
            px__map_put(m, (px_slice){(uint8_t *)key, (size_t)n}, (uint64_t)i, &v, &isnew), PX_OK);
        assert_int_equal(isnew, 1);
    }
    assert_int_equal(px__map_count(m), 10000);
    for (int i = 0; i < 10000; i++) {
        int n = snprintf(key, sizeof key, "key-%d", i);
        uint64_t *v = px__map_get(m, (px_slice){(uint8_t *)key, (size_t)n});
        assert_non_null(v);
        assert_int_equal(*v, (uint64_t)i);
    }
    assert_null(px__map_get(m, PX_SLICE_LIT("key-10000")));
    int isnew;
    assert_int_equal(px__map_put(m, PX_SLICE_LIT("key-5"), 99, NULL, &isnew), PX_OK);
    assert_int_equal(isnew, 0);
    assert_int_equal(*px__map_get(m, PX_SLICE_LIT("key-5")), 5);
    assert_int_equal(px__map_put(m, PX_SLICE_LIT(""), 7, NULL, &isnew), PX_OK);
    assert_int_equal(*px__map_get(m, PX_SLICE_LIT("")), 7);
    px__map_free(m);
}

static void test_hash_stable(void **state)
{
    (void)state;
    /* Ids depend on this: the values must never change. */
    assert_true(px__hash64("", 0, 0) == px__hash64("", 0, 0));
    assert_true(px__hash64("abc", 3, 0) != px__hash64("abd", 3, 0));
    assert_true(px__hash64("abc", 3, 0) != px__hash64("abc", 3, 1));
    assert_true(px__hash64("abcdefgh", 8, 0) != px__hash64("abcdefgh\0", 9, 0));
    /* Pinned value: a change here changes every record id. */
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)px__hash64("parallax", 8, 0));
    assert_string_equal(hex, "147834be7ad81caa");
}

typedef struct bad_log {
    size_t offs[8];
    size_t n;
} bad_log;

static void log_bad(void *ud, size_t off, uint8_t byte)
{
    (void)byte;
    bad_log *l = ud;
    if (l->n < 8)
        l->offs[l->n++] = off;
}

static void test_utf8(void **state)
{
    (void)state;
    const char ok[] = "Vučić — Вучић 😀";
    assert_int_equal(px__utf8_valid_prefix((const uint8_t *)ok, sizeof ok - 1), sizeof ok - 1);
    /* Overlong, surrogate, too large, truncated, stray continuation. */
    const uint8_t *bad[] = {(const uint8_t *)"\xC0\xAF", (const uint8_t *)"\xED\xA0\x80",
                            (const uint8_t *)"\xF4\x90\x80\x80", (const uint8_t *)"\xE2\x82",
                            (const uint8_t *)"\x80"};
    size_t blen[] = {2, 3, 4, 2, 1};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(px__utf8_valid_prefix(bad[i], blen[i]), 0);

    px_buf out;
    px_buf_init(&out, 0);
    bad_log lg = {{0}, 0};
    size_t nbad = 0;
    px_slice in = PX_SLICE_LIT("ab\xFF"
                               "cd\xE2\x82"
                               "e\x00"
                               "f");
    assert_int_equal(px__utf8_repair(in, 1, &out, log_bad, &lg, &nbad), PX_OK);
    assert_int_equal(nbad, 3);
    assert_int_equal(lg.offs[0], 2);
    assert_int_equal(lg.offs[1], 5);
    assert_int_equal(lg.offs[2], 8);
    const char want[] = "ab\xEF\xBF\xBD"
                        "cd\xEF\xBF\xBD"
                        "e\xEF\xBF\xBD"
                        "f";
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.ptr, want, sizeof want - 1);
    /* Without nul_ctl, NUL stays (it is valid UTF-8). */
    out.len = 0;
    assert_int_equal(px__utf8_repair(PX_SLICE_LIT("a\x00z"), 0, &out, NULL, NULL, &nbad), PX_OK);
    assert_int_equal(nbad, 0);
    assert_int_equal(out.len, 3);
    px_buf_free(&out);

    uint8_t enc[4];
    int l;
    for (uint32_t cp = 1; cp < 0x110000; cp += 97) {
        if (cp >= 0xD800 && cp < 0xE000)
            continue;
        int n = px__utf8_encode(cp, enc);
        assert_int_equal(px__utf8_valid_prefix(enc, (size_t)n), (size_t)n);
        assert_int_equal(px__utf8_decode(enc, (size_t)n, &l), cp);
        assert_int_equal(l, n);
    }
}

static void test_json(void **state)
{
    (void)state;
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px__json_str(&b, PX_SLICE_LIT("a\"b\\c\n\t\x01 ž")), PX_OK);
    const char want[] = "\"a\\\"b\\\\c\\n\\t\\u0001 ž\"";
    assert_int_equal(b.len, sizeof want - 1);
    assert_memory_equal(b.ptr, want, sizeof want - 1);
    b.len = 0;
    assert_int_equal(px__json_str(&b, PX_SLICE_NULL), PX_OK);
    assert_memory_equal(b.ptr, "null", 4);
    b.len = 0;
    assert_int_equal(px__json_span(&b, 0, 4294967295u), PX_OK);
    assert_int_equal(b.len, strlen("[0,4294967295]"));
    assert_memory_equal(b.ptr, "[0,4294967295]", b.len);
    px_buf_free(&b);
}

static void test_errors(void **state)
{
    (void)state;
    for (int s = 0; s < PX__ERR_COUNT; s++)
        assert_string_not_equal(px_strerror((px_status)s), "unknown status");
    assert_string_equal(px_strerror((px_status)999), "unknown status");
    char msg[PX_ERRMSG_SIZE];
    assert_int_equal(px__fail(msg, PX_EUTF8, "bad byte 0x%02x at %zu", 0xff, (size_t)7), PX_EUTF8);
    assert_string_equal(msg, "bad byte 0xff at 7");
}

static void test_alloc_fail(void **state)
{
    (void)state;
    px__alloc_fail_after(1);
    assert_null(px__arena_new(0, 0));
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_buf_append(&b, "x", 1), PX_ENOMEM);
    px__alloc_fail_after(0);
    assert_int_equal(px_buf_append(&b, "x", 1), PX_OK);
    px_buf_free(&b);
}

static size_t counted;

static void *count_malloc(size_t n)
{
    counted++;
    return malloc(n);
}

static void *count_realloc(void *p, size_t n)
{
    counted++;
    return realloc(p, n);
}

static void test_allocator(void **state)
{
    (void)state;
    assert_int_equal(px_set_allocator(count_malloc, NULL, free), PX_EINVAL);
    assert_int_equal(px_set_allocator(count_malloc, count_realloc, free), PX_OK);
    px_arena *a = px__arena_new(0, 0);
    assert_non_null(px__arena_alloc(a, 100, 8));
    px__arena_free(a);
    assert_true(counted >= 2);
    assert_int_equal(px_set_allocator(NULL, NULL, NULL), PX_OK);
    size_t before = counted;
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_buf_append(&b, "x", 1), PX_OK);
    px_buf_free(&b);
    assert_int_equal(counted, before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_cap),   cmocka_unit_test(test_arena),
        cmocka_unit_test(test_map),       cmocka_unit_test(test_hash_stable),
        cmocka_unit_test(test_utf8),      cmocka_unit_test(test_json),
        cmocka_unit_test(test_errors),    cmocka_unit_test(test_alloc_fail),
        cmocka_unit_test(test_allocator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
