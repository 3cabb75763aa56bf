/* Shared fixture of the corpus tests (test_dedup.c, test_story.c, test_compare.c):
 * a temporary store filled with hand-made parallax.article/1 records. */
#ifndef PX_TEST_CORPUS_FIXTURE_H
#define PX_TEST_CORPUS_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"

typedef struct cfx {
    char dir[64];
    char db[96];
    px_store *s;
} cfx;

static inline int cfx_setup(void **state)
{
    cfx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/px-corpus-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/test.db", f->dir);
    char err[PX_ERRMSG_SIZE] = "";
    if (px_store_open(&f->s, f->db, err)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static inline int cfx_teardown(void **state)
{
    cfx *f = *state;
    if (f->s)
        assert_int_equal(px_store_close(f->s), PX_OK);
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char path[128];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(path, sizeof path, "%s%s", f->db, suffix[i]);
        unlink(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Stores a record; extra (may be NULL) is a JSON fragment of more members,
 * such as "\"entities\":[...]". NULL date or title are written as null. */
static inline void cfx_put(cfx *f,
                           const char *id,
                           const char *date,
                           const char *outlet,
                           const char *title,
                           const char *text,
                           const char *extra)
{
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_buf_append_str(&b, "{\"schema\":\"parallax.article/1\",\"id\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(id)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, ",\"source\":{\"outlet\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(outlet)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, "},\"date\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(date)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, ",\"title\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(title)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, ",\"text\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(text)), PX_OK);
    if (extra) {
        assert_int_equal(px_buf_append_byte(&b, ','), PX_OK);
        assert_int_equal(px_buf_append_str(&b, extra), PX_OK);
    }
    assert_int_equal(px_buf_append_byte(&b, '}'), PX_OK);
    px_status st = px_store_put_record(f->s, px_buf_slice(&b), NULL);
    if (st)
        fail_msg("put %s: %s", id, px_store_errmsg(f->s));
    px_buf_free(&b);
}

/* "[start,end]" of the first occurrence of needle in text (fails when absent). */
static inline const char *cfx_span(const char *text, const char *needle, char *out, size_t cap)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    snprintf(out, cap, "[%d,%d]", (int)(p - text), (int)(p - text + strlen(needle)));
    return out;
}

/* Filler sentences on unrelated subjects, for a store with a realistic spread
 * of terms (document frequencies). */
static inline void cfx_put_others(cfx *f)
{
    static const char *const others[] = {
        "The city council approved a new budget for public libraries on Tuesday, adding "
        "funds for longer opening hours, children's reading programmes and repairs to the "
        "roof of the central library, which has leaked for two winters.",
        "A regional football club signed a young goalkeeper from a rival team. The coach "
        "praised his reflexes and said the transfer fee was modest for a player of his age "
        "and promise. Supporters welcomed the signing at the stadium.",
        "Farmers in the eastern valley reported an early apple harvest after a warm spring. "
        "Cooperatives expect prices to fall as orchards deliver more fruit than the markets "
        "can absorb, and cider makers are buying the surplus.",
        "The national orchestra opened its season with a symphony by a forgotten composer. "
        "Critics praised the conductor and the strings, and tickets for the remaining "
        "concerts sold out within hours of the premiere.",
        "A software company released an update to its accounting program that fixes errors "
        "in tax calculations. Customers had complained for months about wrong invoices and "
        "slow support from the vendor's help desk.",
    };
    char id[32];
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        snprintf(id, sizeof id, "other%zu", i);
        cfx_put(f, id, "2024-01-10", "filler.example", "Other news", others[i], NULL);
    }
}

#endif
