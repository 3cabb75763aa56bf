/* Tests of the dictionary matcher (src/text/lexicon.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "text/lexicon.h"

#define MAX_MATCHES 64

typedef struct fixture {
    px_folder *f;
    px_arena *a;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    char err[PX_ERRMSG_SIZE] = "";
    if (!fx || px__folder_new(&fx->f, err) != PX_OK) {
        free(fx);
        return -1;
    }
    fx->a = px__arena_new(0, 0);
    *state = fx;
    return fx->a ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    px__arena_free(fx->a);
    px__folder_free(fx->f);
    free(fx);
    return 0;
}

typedef struct entry {
    const char *phrase;
    uint32_t payload;
} entry;

static px_lexicon *build(fixture *fx, const entry *e, size_t n)
{
    px_lex_builder *b = NULL;
    assert_int_equal(px__lex_builder_new(&b, fx->f), PX_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(px__lex_add(b, px_slice_cstr(e[i].phrase), e[i].payload), PX_OK);
    px_lexicon *l = NULL;
    assert_int_equal(px__lex_build(b, &l), PX_OK);
    assert_non_null(l);
    return l;
}

typedef struct matches {
    px_lex_match m[MAX_MATCHES];
    size_t n;
} matches;

static int collect(void *ud, const px_lex_match *m)
{
    matches *ms = ud;
    assert_true(ms->n < MAX_MATCHES);
    ms->m[ms->n++] = *m;
    return 0;
}

/* Matches text with l through both the callback and the iterator, checks they
 * agree and returns the matches. */
static matches run(fixture *fx, const px_lexicon *l, const char *text)
{
    px_token *toks = NULL;
    size_t n = 0;
    px__arena_reset(fx->a);
    assert_int_equal(px__tokenize(fx->f, fx->a, px_slice_cstr(text), &toks, &n), PX_OK);
    matches ms = {.n = 0};
    assert_int_equal(px__lex_match(l, toks, n, collect, &ms), PX_OK);
    size_t pos = 0, k = 0;
    px_lex_match m;
    while (px__lex_next(l, toks, n, &pos, &m)) {
        assert_true(k < ms.n);
        assert_memory_equal(&m, &ms.m[k], sizeof(m));
        k++;
    }
    assert_int_equal(k, ms.n);
    assert_int_equal(pos, n);
    return ms;
}

static void expect(const matches *ms, size_t i, uint32_t start, uint32_t end, uint32_t payload)
{
    assert_true(i < ms->n);
    assert_int_equal(ms->m[i].tok_start, start);
    assert_int_equal(ms->m[i].tok_end, end);
    assert_int_equal(ms->m[i].payload, payload);
}

static void test_single_and_multi(void **state)
{
    fixture *fx = *state;
    const entry e[] = {{"Paris", 1}, {"Le Pen", 2}, {"European Central Bank", 3}};
    px_lexicon *l = build(fx, e, 3);
    assert_int_equal(px__lex_size(l), 3);
    matches ms = run(fx, l, "In Paris, Le Pen attacked the European Central Bank.");
    assert_int_equal(ms.n, 3);
    expect(&ms, 0, 1, 2, 1);
    expect(&ms, 1, 3, 5, 2);
    expect(&ms, 2, 7, 10, 3);
    px__lex_free(l);
}

static void test_longest_wins(void **state)
{
    fixture *fx = *state;
    const entry e[] = {{"new york", 1}, {"new york city", 2}, {"york", 3}, {"city", 4}};
    px_lexicon *l = build(fx, e, 4);
    matches ms = run(fx, l, "New York City and New York and york city");
    assert_int_equal(ms.n, 4);
    expect(&ms, 0, 0, 3, 2);
    expect(&ms, 1, 4, 6, 1);
    expect(&ms, 2, 7, 8, 3);
    expect(&ms, 3, 8, 9, 4);
    px__lex_free(l);
}

static void test_long_entry_fails_midway(void **state)
{
    fixture *fx = *state;
    const entry e[] = {{"united states of america", 1}, {"united states", 2}, {"army", 3}};
    px_lexicon *l = build(fx, e, 3);
    matches ms = run(fx, l, "the United States army");
    assert_int_equal(ms.n, 2);
    expect(&ms, 0, 1, 3, 2);
    expect(&ms, 1, 3, 4, 3);
    ms = run(fx, l, "United States of Europe");
    assert_int_equal(ms.n, 1);
    expect(&ms, 0, 0, 2, 2);
    ms = run(fx, l, "the united states of america");
    assert_int_equal(ms.n, 1);
    expect(&ms, 0, 1, 5, 1);
    px__lex_free(l);

    /* No shorter entry: a failed long prefix restarts one token later. */
    const entry e2[] = {{"a b c d", 1}, {"b c", 2}};
    l = build(fx, e2, 2);
    ms = run(fx, l, "a b c x");
    assert_int_equal(ms.n, 1);
    expect(&ms, 0, 1, 3, 2);
    px__lex_free(l);
}

static void test_folding(void **state)
{
    fixture *fx = *state;
    const entry e[] = {{"Vučić", 7}, {"Aleksandar Vučić", 8}};
    px_lexicon *l = build(fx, e, 2);
    matches ms = run(fx, l, "VUCIC met Вучић and vucic; Александар Вучић spoke.");
    assert_int_equal(ms.n, 4);
    expect(&ms, 0, 0, 1, 7);
    expect(&ms, 1, 2, 3, 7);
    expect(&ms, 2, 4, 5, 7);
    expect(&ms, 3, 6, 8, 8);
    px__lex_free(l);
}

static void test_adjacent_none_empty(void **state)
{
    fixture *fx = *state;
    const entry e[] = {{"red", 1}, {"blue", 2}, {"red blue", 3}};
    px_lexicon *l = build(fx, e, 3);
    matches ms = run(fx, l, "red blue red red blue blue");
    assert_int_equal(ms.n, 4);
    expect(&ms, 0, 0, 2, 3);
    expect(&ms, 1, 2, 3, 1);
    expect(&ms, 2, 3, 5, 3);
    expect(&ms, 3, 5, 6, 2);
    ms = run(fx, l, "green yellow purple");
    assert_int_equal(ms.n, 0);
    ms = run(fx, l, "");
    assert_int_equal(ms.n, 0);
    assert_int_equal(px__lex_match(l, NULL, 0, collect, &ms), PX_OK);
    assert_int_equal(px__lex_match(l, NULL, 3, collect, &ms), PX_EINVAL);
    assert_int_equal(px__lex_match(NULL, NULL, 0, collect, &ms), PX_EINVAL);
    px__lex_free(l);

    /* A lexicon with no entries never matches. */
    l = build(fx, NULL, 0);
    assert_int_equal(px__lex_size(l), 0);
    ms = run(fx, l, "red blue");
    assert_int_equal(ms.n, 0);
    px__lex_free(l);
}

static int stop_first(void *ud, const px_lex_match *m)
{
    (void)m;
    (*(int *)ud)++;
    return 1;
}

static void test_stop_and_get(void **state)
{
    fixture *fx = *state;
    const entry e[] = {{"a b", 1}, {"c", 2}};
    px_lexicon *l = build(fx, e, 2);
    px_token *toks = NULL;
    size_t n = 0;
    px__arena_reset(fx->a);
    assert_int_equal(px__tokenize(fx->f, fx->a, px_slice_cstr("a b c c"), &toks, &n), PX_OK);
    int calls = 0;
    assert_int_equal(px__lex_match(l, toks, n, stop_first, &calls), PX_OK);
    assert_int_equal(calls, 1);
    uint32_t p = 0;
    assert_true(px__lex_get(l, toks, 2, &p));
    assert_int_equal(p, 1);
    assert_false(px__lex_get(l, toks, 1, &p));
    assert_false(px__lex_get(l, toks, 3, &p));
    assert_true(px__lex_get(l, toks + 2, 1, &p));
    assert_int_equal(p, 2);
    px__lex_free(l);
}

static void test_duplicates_and_errors(void **state)
{
    fixture *fx = *state;
    px_lex_builder *b = NULL;
    assert_int_equal(px__lex_builder_new(&b, NULL), PX_EINVAL);
    assert_null(b);
    assert_int_equal(px__lex_builder_new(&b, fx->f), PX_OK);
    assert_int_equal(px__lex_add(b, PX_SLICE_LIT("Donald Trump"), 1), PX_OK);
    assert_int_equal(px__lex_add(b, PX_SLICE_LIT("DONALD  trump"), 2), PX_OK);
    assert_int_equal(px__lex_add(b, PX_SLICE_LIT(""), 3), PX_EINVAL);
    assert_int_equal(px__lex_add(b, PX_SLICE_LIT("   "), 3), PX_EINVAL);
    assert_int_equal(px__lex_add(NULL, PX_SLICE_LIT("x"), 3), PX_EINVAL);
    px_lexicon *l = NULL;
    assert_int_equal(px__lex_build(b, &l), PX_OK);
    assert_int_equal(px__lex_size(l), 1);
    matches ms = run(fx, l, "donald trump");
    assert_int_equal(ms.n, 1);
    expect(&ms, 0, 0, 2, 1); /* the first payload is kept */
    px__lex_free(l);
    px__lex_builder_free(NULL);
    px__lex_free(NULL);
}

/* Every allocation failure gives PX_ENOMEM and leaks nothing (LSan checks). */
static void test_alloc_failures(void **state)
{
    fixture *fx = *state;
    char words[40];
    int done = 0;
    for (long k = 1; !done && k < 10000; k++) {
        px_lex_builder *b = NULL;
        px_lexicon *l = NULL;
        px__alloc_fail_after(k);
        px_status st = px__lex_builder_new(&b, fx->f);
        for (int i = 0; st == PX_OK && i < 200; i++) {
            snprintf(words, sizeof(words), "w%d x%d y%d", i, i % 7, i % 3);
            st = px__lex_add(b, px_slice_cstr(words), (uint32_t)i);
        }
        if (st == PX_OK) {
            st = px__lex_build(b, &l);
            b = NULL;
        }
        px__alloc_fail_after(0);
        if (st == PX_OK) {
            assert_int_equal(px__lex_size(l), 200);
            done = 1;
        } else {
            assert_int_equal(st, PX_ENOMEM);
            assert_null(l);
        }
        px__lex_builder_free(b);
        px__lex_free(l);
    }
    assert_true(done);
}

static void write_file(const char *path, const char *s)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(s, 1, strlen(s), fp), strlen(s));
    assert_int_equal(fclose(fp), 0);
}

static void test_tsv(void **state)
{
    fixture *fx = *state;
    char path[] = "/tmp/px_test_lexicon_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_file(path, "# places\n"
                     "Belgrade\t100\r\n"
                     "\n"
                     "   \t \n"
                     "  # indented comment\n"
                     "Novi Sad\n"
                     "Niš\t 4294967295 \n"
                     "last line without newline\t9");
    px_lex_builder *b = NULL;
    char err[PX_ERRMSG_SIZE] = "";
    assert_int_equal(px__lex_builder_new(&b, fx->f), PX_OK);
    assert_int_equal(px__lex_load_tsv(b, path, err), PX_OK);
    px_lexicon *l = NULL;
    assert_int_equal(px__lex_build(b, &l), PX_OK);
    assert_int_equal(px__lex_size(l), 4);
    matches ms = run(fx, l, "Belgrade, Novi Sad, Nis: last line without newline");
    assert_int_equal(ms.n, 4);
    expect(&ms, 0, 0, 1, 100);
    expect(&ms, 1, 2, 4, 6); /* no payload: the line number */
    expect(&ms, 2, 5, 6, UINT32_MAX);
    expect(&ms, 3, 7, 11, 9);
    px__lex_free(l);

    const char *bad[] = {"ok\t1\nfine\n\nbad\tx12\n", "ok\t1\nfine\n\nbad\t4294967296\n",
                         "ok\t1\nfine\n\n\t5\n", "ok\t1\nfine\n\nbad\t1\t2\n",
                         "ok\t1\nfine\n\nbad \xff\n"};
    const px_status want[] = {PX_EPARSE, PX_EPARSE, PX_EPARSE, PX_EPARSE, PX_EUTF8};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        write_file(path, bad[i]);
        assert_int_equal(px__lex_builder_new(&b, fx->f), PX_OK);
        err[0] = 0;
        assert_int_equal(px__lex_load_tsv(b, path, err), want[i]);
        assert_non_null(strstr(err, ":4:"));
        assert_int_equal(px__lex_build(b, &l), PX_OK);
        assert_int_equal(px__lex_size(l), 2); /* the lines before stay */
        px__lex_free(l);
    }

    assert_int_equal(unlink(path), 0);
    assert_int_equal(px__lex_builder_new(&b, fx->f), PX_OK);
    assert_int_equal(px__lex_load_tsv(b, path, err), PX_EIO);
    assert_non_null(strstr(err, path));
    px__lex_builder_free(b);
}

/* ---- property test against a brute-force matcher ---- */

#define P_WORDS   300
#define P_ENTRIES 100000
#define P_MAXLEN  4
#define P_STREAMS 40
#define P_STREAM  3000

typedef struct ref_entry {
    uint64_t key; /* word ids + 1, 16 bits each, first word highest */
    uint32_t payload;
    uint32_t order;
} ref_entry;

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* Skewed word choice so that some words are common and long matches happen. */
static uint32_t rnd_word(void)
{
    return (rnd() % P_WORDS) * (rnd() % P_WORDS) / P_WORDS;
}

static int cmp_ref(const void *pa, const void *pb)
{
    const ref_entry *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static const ref_entry *ref_find(const ref_entry *r, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && r[lo].key == key ? &r[lo] : NULL;
}

static void make_words(char words[P_WORDS][12])
{
    for (size_t i = 0; i < P_WORDS; i++) {
        for (;;) {
            size_t len = 3 + rnd() % 7;
            for (size_t k = 0; k < len; k++)
                words[i][k] = (char)('a' + rnd() % 26);
            words[i][len] = 0;
            size_t j = 0;
            while (j < i && strcmp(words[j], words[i]))
                j++;
            if (j == i)
                break;
        }
    }
}

typedef struct ref_table {
    ref_entry *e;
    size_t n;
} ref_table;

/* Adds P_ENTRIES random entries to b and returns the reference table (the first
 * payload of each distinct key, sorted by key). */
static ref_table add_random_entries(px_lex_builder *b, char words[P_WORDS][12])
{
    ref_table ref = {malloc(P_ENTRIES * sizeof(ref_entry)), 0};
    assert_non_null(ref.e);
    char phrase[P_MAXLEN * 13];
    for (uint32_t i = 0; i < P_ENTRIES; i++) {
        size_t len = 1 + (rnd() % 10 < 1 ? 0 : rnd() % P_MAXLEN);
        uint64_t key = 0;
        phrase[0] = 0;
        for (size_t k = 0; k < len; k++) {
            uint32_t w = rnd_word();
            key = key << 16 | (w + 1);
            strcat(phrase, k ? " " : "");
            strcat(phrase, words[w]);
        }
        uint32_t payload = rnd();
        ref.e[i] = (ref_entry){key, payload, i};
        assert_int_equal(px__lex_add(b, px_slice_cstr(phrase), payload), PX_OK);
    }
    qsort(ref.e, P_ENTRIES, sizeof(ref_entry), cmp_ref);
    for (size_t i = 0; i < P_ENTRIES; i++)
        if (ref.n == 0 || ref.e[ref.n - 1].key != ref.e[i].key)
            ref.e[ref.n++] = ref.e[i];
    return ref;
}

/* Checks the matches of one token stream (word ids, UINT32_MAX = unknown word)
 * against the brute-force matcher; counts matches and multi-word matches. */
static void check_stream(const px_lexicon *l,
                         const ref_table *ref,
                         const px_token *toks,
                         const uint32_t *ids,
                         size_t n,
                         size_t *total,
                         size_t *multi)
{
    size_t pos = 0;
    px_lex_match m;
    for (size_t i = 0; i < n;) {
        const ref_entry *best = NULL;
        size_t blen = 0;
        uint64_t key = 0;
        for (size_t k = 0; k < P_MAXLEN && i + k < n && ids[i + k] != UINT32_MAX; k++) {
            key = key << 16 | (ids[i + k] + 1);
            const ref_entry *r = ref_find(ref->e, ref->n, key);
            if (r) {
                best = r;
                blen = k + 1;
            }
        }
        if (!best) {
            i++;
            continue;
        }
        assert_true(px__lex_next(l, toks, n, &pos, &m));
        assert_int_equal(m.tok_start, i);
        assert_int_equal(m.tok_end, i + blen);
        assert_int_equal(m.payload, best->payload);
        (*total)++;
        *multi += blen > 1;
        i += blen;
    }
    assert_false(px__lex_next(l, toks, n, &pos, &m));
}

static void test_property(void **state)
{
    fixture *fx = *state;
    static char words[P_WORDS][12];
    make_words(words);
    px_lex_builder *b = NULL;
    assert_int_equal(px__lex_builder_new(&b, fx->f), PX_OK);
    ref_table ref = add_random_entries(b, words);
    px_lexicon *l = NULL;
    assert_int_equal(px__lex_build(b, &l), PX_OK);
    assert_int_equal(px__lex_size(l), ref.n);

    char *text = malloc(P_STREAM * 13);
    uint32_t *ids = malloc(P_STREAM * sizeof(*ids));
    assert_non_null(text);
    assert_non_null(ids);
    size_t total = 0, multi = 0;
    for (int s = 0; s < P_STREAMS; s++) {
        size_t tl = 0;
        for (size_t i = 0; i < P_STREAM; i++) {
            ids[i] = rnd() % 20 ? rnd_word() : UINT32_MAX; /* 5% unknown words */
            const char *w = ids[i] == UINT32_MAX ? "zzunknown" : words[ids[i]];
            tl += (size_t)sprintf(text + tl, "%s%s", i ? " " : "", w);
        }
        px_token *toks = NULL;
        size_t n = 0;
        px__arena_reset(fx->a);
        assert_int_equal(px__tokenize(fx->f, fx->a, (px_slice){(uint8_t *)text, tl}, &toks, &n),
                         PX_OK);
        assert_int_equal(n, P_STREAM);
        check_stream(l, &ref, toks, ids, n, &total, &multi);
    }
    assert_true(total > 10000);
    assert_true(multi > 1000);
    free(text);
    free(ids);
    free(ref.e);
    px__lex_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_and_multi),
        cmocka_unit_test(test_longest_wins),
        cmocka_unit_test(test_long_entry_fails_midway),
        cmocka_unit_test(test_folding),
        cmocka_unit_test(test_adjacent_none_empty),
        cmocka_unit_test(test_stop_and_get),
        cmocka_unit_test(test_duplicates_and_errors),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_tsv),
        cmocka_unit_test(test_property),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
