/* Tests of duplicate detection (src/corpus/dedup.c) and the corpus word
 * splitter and dates (src/corpus/words.c). */
#include "corpus/corpus_impl.h"
#include "corpus_fixture.h"

static const char BASE[] =
    "Floodwaters broke through the old levee at Marrow Creek before dawn on Friday, forcing "
    "the evacuation of about 2,300 residents from the low-lying districts of Eastbank. Rescue "
    "crews in boats searched flooded streets for people trapped in their homes, and the county "
    "opened three shelters in school gymnasiums. The river crested at nine metres, the highest "
    "level recorded since the levee was built, according to the hydrology office. Engineers "
    "had warned last year that the embankment was weakened by burrowing animals and years of "
    "deferred maintenance. The governor declared a state of emergency and asked for federal "
    "help with pumps, sandbags and temporary housing for families who lost everything.";

/* BASE with a few words changed and a sentence added: a lightly edited copy. */
static const char EDITED[] =
    "Floodwaters broke through the old levee at Marrow Creek before dawn on Friday, forcing "
    "the evacuation of about 2,300 residents from the low-lying districts of Eastbank. Rescue "
    "crews in boats searched flooded streets for people trapped in their homes, and the county "
    "opened four shelters in school gymnasiums. The river crested at nine metres, the highest "
    "level recorded since the levee was built, according to the hydrology office. Engineers "
    "had warned last year that the embankment was weakened by burrowing animals and years of "
    "deferred maintenance. The governor declared a state of emergency and asked for federal "
    "help with pumps, sandbags and temporary housing for families who lost everything. "
    "Schools will stay closed on Monday.";

/* Another article on the same flood, written independently: not a copy. */
static const char OTHER[] =
    "Residents of Eastbank returned on Sunday to homes filled with mud after the Marrow Creek "
    "levee failed. Insurance adjusters toured the district and local businesses counted "
    "their losses, while volunteers cleared debris from the main square. The mayor promised "
    "a full review of how the embankment was maintained and said repairs would begin as soon "
    "as the water receded.";

static int find_doc(const px__corpus *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (px_slice_eq(c->docs[i].id, px_slice_cstr(id)))
            return (int)i;
    fail_msg("no article %s", id);
    return -1;
}

static const char *dup_of(const px__corpus *c, const char *id)
{
    int i = find_doc(c, id);
    return c->docs[i].dup_of < 0 ? NULL : (const char *)c->docs[c->docs[i].dup_of].id.ptr;
}

static void test_exact_and_near(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    /* Stored first but dated later: the copy points to the earlier article. */
    cfx_put(f, "late-copy", "2024-05-04", "b.example", "Levee fails", BASE, NULL);
    cfx_put(f, "original", "2024-05-03", "wire.example", "Levee fails at Marrow Creek", BASE, NULL);
    /* Same day: the smaller id is the original (never the order of storing). */
    cfx_put(f, "rewrite", "2024-05-03", "c.example", "Levee breach", EDITED, NULL);
    cfx_put(f, "undated", NULL, "d.example", NULL, BASE, NULL);
    cfx_put(f, "other", "2024-05-05", "a.example", "After the flood", OTHER, NULL);
    px__corpus *c;
    assert_int_equal(px__corpus_load(f->s, 0, &c), PX_OK);
    size_t copies;
    assert_int_equal(px__dedup(c, &copies), PX_OK);
    assert_int_equal(copies, 3);
    assert_string_equal(dup_of(c, "late-copy"), "original");
    assert_string_equal(dup_of(c, "rewrite"), "original");
    assert_string_equal(dup_of(c, "undated"), "original");
    assert_null(dup_of(c, "original"));
    assert_null(dup_of(c, "other"));
    assert_null(dup_of(c, "other0"));
    /* The signatures agree with what the texts share. */
    double near =
        px__mh_jaccard(&c->docs[find_doc(c, "original")], &c->docs[find_doc(c, "rewrite")]);
    double far = px__mh_jaccard(&c->docs[find_doc(c, "original")], &c->docs[find_doc(c, "other")]);
    assert_true(near >= PX_DUP_JACCARD);
    assert_true(far < 0.2);
    px__corpus_free(c);
}

static void test_empty_and_short(void **state)
{
    cfx *f = *state;
    px__corpus *c;
    size_t copies = 99;
    assert_int_equal(px__corpus_load(f->s, 0, &c), PX_OK);
    assert_int_equal(c->n, 0);
    assert_int_equal(px__dedup(c, &copies), PX_OK);
    assert_int_equal(copies, 0);
    px__corpus_free(c);
    /* Short texts are only ever exact copies; an empty text is nobody's copy. */
    cfx_put(f, "s1", "2024-01-01", "a.example", "x", "Short note one.", NULL);
    cfx_put(f, "s2", "2024-01-02", "b.example", "x", "Short note two.", NULL);
    cfx_put(f, "s3", "2024-01-03", "c.example", "x", "short NOTE, one!", NULL);
    cfx_put(f, "e1", "2024-01-01", "a.example", "x", "", NULL);
    cfx_put(f, "e2", "2024-01-01", "b.example", "x", "", NULL);
    assert_int_equal(px__corpus_load(f->s, 0, &c), PX_OK);
    assert_int_equal(px__dedup(c, &copies), PX_OK);
    assert_null(dup_of(c, "s2"));
    assert_string_equal(dup_of(c, "s3"), "s1"); /* same words, case and marks aside */
    assert_null(dup_of(c, "e2"));
    assert_int_equal(copies, 1);
    px__corpus_free(c);
}

typedef struct words {
    char w[16][24];
    int num[16];
    size_t start[16], end[16];
    size_t n;
} words;

static int collect(void *ud, px_slice w, size_t start, size_t end, int is_num)
{
    words *x = ud;
    if (x->n < 16 && w.len < 24) {
        memcpy(x->w[x->n], w.ptr, w.len);
        x->w[x->n][w.len] = 0;
        x->num[x->n] = is_num;
        x->start[x->n] = start;
        x->end[x->n] = end;
        x->n++;
    }
    return 0;
}

static void test_words(void **state)
{
    (void)state;
    words x = {0};
    const char *t = "Over 8,000 “Marchers” (U.S.) paid 3.5 — Vučić’s";
    px__words(px_slice_cstr(t), collect, &x);
    assert_int_equal(x.n, 9);
    assert_string_equal(x.w[0], "over");
    assert_string_equal(x.w[1], "8000");
    assert_true(x.num[1]);
    assert_int_equal(x.start[1], 5);
    assert_int_equal(x.end[1], 10);
    assert_string_equal(x.w[2], "marchers");
    assert_string_equal(x.w[3], "u");
    assert_string_equal(x.w[4], "s");
    assert_string_equal(x.w[5], "paid");
    assert_string_equal(x.w[6], "3.5");
    assert_string_equal(x.w[7], "vučić");
    assert_string_equal(x.w[8], "s");
    assert_true(px__is_stop(px_slice_cstr("the")));
    assert_false(px__is_stop(px_slice_cstr("bridge")));
}

static void test_days_and_stems(void **state)
{
    (void)state;
    assert_int_equal(px__parse_day(px_slice_cstr("1970-01-01")), 0);
    assert_int_equal(px__parse_day(px_slice_cstr("2024-03-24")), 19806);
    assert_int_equal(px__parse_day(px_slice_cstr("2024-03-24T10:00")), 19806);
    assert_int_equal(px__parse_day(px_slice_cstr("2024-13-01")), PX_NODAY);
    assert_int_equal(px__parse_day(px_slice_cstr("2024")), PX_NODAY);
    assert_int_equal(px__parse_day(PX_SLICE_NULL), PX_NODAY);
    px__vocab v;
    assert_int_equal(px__vocab_init(&v), PX_OK);
    uint32_t a, b, c, d;
    assert_int_equal(px__vocab_term(&v, px_slice_cstr("marchers"), &a), PX_OK);
    assert_int_equal(px__vocab_term(&v, px_slice_cstr("marcher"), &b), PX_OK);
    assert_int_equal(px__vocab_term(&v, px_slice_cstr("the"), &c), PX_OK);
    assert_int_equal(px__vocab_term(&v, px_slice_cstr("1999"), &d), PX_OK);
    assert_int_equal(a, b);
    assert_int_equal(c, UINT32_MAX);
    assert_int_equal(d, UINT32_MAX);
    assert_int_equal(px__vocab_term(&v, px_slice_cstr("marchers"), &d), PX_OK);
    assert_int_equal(a, d); /* cached */
    px__vocab_fini(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exact_and_near, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_short, cfx_setup, cfx_teardown),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_days_and_stems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
