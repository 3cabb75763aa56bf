/* Unit tests: the tone lexicon rules (negation, intensifiers, "but"), the
 * document tone, the record round trip of tone. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "annotate/tone/tone.h"
#include "record/record.h"

static px_engine *engine;

static int setup(void **state)
{
    (void)state;
    char msg[256];
    return px_engine_new(&engine, NULL, msg) == PX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    px_engine_free(engine);
    return 0;
}

static px_doc *make(const char *text)
{
    px_article a = {.text = px_slice_cstr(text), .lang = PX_SLICE_LIT("en")};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    return d;
}

static void test_plain_words(void **state)
{
    (void)state;
    px_doc *d = make("The plan is good. The results are terrible and sad.");
    assert_non_null(d->tone);
    assert_int_equal(d->tone->words, 10);
    /* good: positive; terrible, sad: negative */
    assert_true(fabs(d->tone->positive - 10.0) < 1e-9);
    assert_true(fabs(d->tone->negative - 20.0) < 1e-9);
    assert_true(fabs(d->tone->tone + 10.0) < 1e-9);
    assert_true(fabs(d->tone->polarity - 30.0) < 1e-9);
    px_doc_free(d);
}

static void test_negation(void **state)
{
    (void)state;
    px_doc *d = make("The plan is not excellent.");
    assert_true(d->tone->positive == 0);
    /* one negated word weighs 0.74 */
    assert_true(fabs(d->tone->negative - 74.0 / 5) < 1e-4);
    px_doc_free(d);
    d = make("The plan isn't good at all.");
    assert_true(d->tone->positive == 0 && d->tone->negative > 0);
    px_doc_free(d);
    /* beyond three words the negation does not reach */
    d = make("Not that the new building looks good.");
    assert_true(d->tone->positive > 0 && d->tone->negative == 0);
    px_doc_free(d);
}

static void test_intensifiers_and_but(void **state)
{
    (void)state;
    px_doc *plain = make("It was good.");
    px_doc *very = make("It was very good.");
    px_doc *slight = make("It was slightly good.");
    /* 1 of 3 words; very good = (2.15 + 0.293) / 2.15 of one word, of 4 */
    double good = 100.0 / 3;
    assert_true(fabs(plain->tone->positive - good) < 1e-6);
    assert_true(very->tone->positive * 4 > plain->tone->positive * 3);
    assert_true(slight->tone->positive * 4 < plain->tone->positive * 3);
    px_doc_free(plain);
    px_doc_free(very);
    px_doc_free(slight);
    px_doc *but = make("The food was good but the service was bad.");
    /* good before "but" counts half, bad after it 1.5 times */
    assert_true(fabs(but->tone->positive - 50.0 / 9) < 1e-4);
    assert_true(fabs(but->tone->negative - 150.0 / 9) < 1e-4);
    px_doc_free(but);
}

static void test_pronouns_activity(void **state)
{
    (void)state;
    px_doc *d = make("We will win. They murdered him.");
    assert_int_equal(d->tone->words, 6);
    assert_true(fabs(d->tone->self_group - 50.0) < 1e-9); /* we, they, him */
    assert_true(d->tone->activity > 0);                   /* murdered: strongly valenced */
    px_doc_free(d);
}

static void test_other_language(void **state)
{
    (void)state;
    px_article a = {.text = PX_SLICE_LIT("Die Regierung hat heute beschlossen, dass die Steuern "
                                         "steigen werden, und die Opposition ist dagegen.")};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    if (d->lang.ptr && !px_slice_eq(d->lang, PX_SLICE_LIT("en")))
        assert_null(d->tone);
    px_doc_free(d);
}

static void test_record_round_trip(void **state)
{
    (void)state;
    px_doc *d = make("The excellent plan failed badly.");
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_doc_write_json(d, &b), PX_OK);
    px_arena *a = px__arena_new(4096, 0);
    px_rec r;
    char msg[PX_ERRMSG_SIZE];
    assert_int_equal(px__rec_parse(px_buf_slice(&b), a, &r, msg), PX_OK);
    assert_true(r.has_tone);
    assert_int_equal(r.tone.words, d->tone->words);
    assert_true(fabs(r.tone.tone - d->tone->tone) < 1e-4);
    assert_true(fabs(r.tone.positive - d->tone->positive) < 1e-4);
    assert_true(fabs(r.tone.self_group - d->tone->self_group) < 1e-4);
    assert_int_equal(r.tone.n_targets, d->tone->n_targets);
    px__arena_free(a);
    px_buf_free(&b);
    px_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_words),          cmocka_unit_test(test_negation),
        cmocka_unit_test(test_intensifiers_and_but), cmocka_unit_test(test_pronouns_activity),
        cmocka_unit_test(test_other_language),       cmocka_unit_test(test_record_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
