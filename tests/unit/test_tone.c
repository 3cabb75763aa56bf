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

#include "annotate/tone/input.h"
#include "annotate/tone/tone.h"
#include "parallax/tone.h"
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

static px_status parse_line(const char *line, px_arena *a, px_tone_input *in, char *msg)
{
    return px__tone_input_parse(px_slice_cstr(line), a, in, msg);
}

static void test_input(void **state)
{
    (void)state;
    px_arena *a = px__arena_new(4096, 0);
    px_tone_input in;
    char msg[PX_ERRMSG_SIZE];
    assert_int_equal(parse_line("{\"id\":\"x\",\"text\":\"Vu\u010di\u0107 won.\",\"targets\":"
                                "[{\"span\":[0,7],\"polarity\":\"positive\",\"also\":[[8,11]]}]}",
                                a, &in, msg),
                     PX_OK);
    assert_int_equal(in.n_targets, 1);
    assert_int_equal(in.targets[0].span.end, 7);
    assert_int_equal(in.targets[0].gold, PX_POL_POSITIVE);
    assert_int_equal(in.targets[0].n_also, 1);
    assert_memory_equal(in.id_json.ptr, "\"x\"", 3);
    /* a span splitting the č (bytes 2-3) */
    assert_int_equal(
        parse_line("{\"text\":\"Vu\u010di\",\"targets\":[{\"span\":[0,3]}]}", a, &in, msg),
        PX_EPARSE);
    assert_non_null(strstr(msg, "UTF-8"));
    assert_int_equal(parse_line("{\"text\":\"abc\",\"targets\":[{\"span\":[1,4]}]}", a, &in, msg),
                     PX_EPARSE);
    assert_non_null(strstr(msg, "outside"));
    assert_int_equal(parse_line("{\"text\":\"abc\",\"targets\":[{\"span\":[2,2]}]}", a, &in, msg),
                     PX_EPARSE);
    assert_int_equal(parse_line("{\"id\":1}", a, &in, msg), PX_EPARSE);
    assert_int_equal(parse_line("[]", a, &in, msg), PX_EPARSE);
    px__arena_free(a);
}

static void test_toner(void **state)
{
    (void)state;
    px_toner *t;
    char msg[PX_ERRMSG_SIZE];
    assert_int_equal(px_toner_new(&t, NULL, msg), PX_OK);
    px_buf b;
    px_buf_init(&b, 0);
    const char *line = "{\"id\":\"a\",\"text\":\"Critics slammed the mayor for the failed "
                       "response.\",\"targets\":[{\"span\":[20,25]}]}";
    assert_int_equal(px_toner_line(t, px_slice_cstr(line), &b, msg), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, "\"polarity\":\"negative\""));
    px_buf_reset(&b);
    assert_int_equal(px_toner_line(t, PX_SLICE_LIT("{\"text\":\"  \"}"), &b, msg), PX_EPARSE);
    assert_non_null(strstr(msg, "no sentences"));
    assert_int_equal(b.len, 0);
    px_buf_free(&b);
    px_toner_free(t);
}

static void test_entity_targets(void **state)
{
    (void)state;
    px_doc *d = make("Police arrested John Smith after the brutal attack. John Smith denied "
                     "everything. Mary Jones praised the brave rescue workers.");
    assert_non_null(d->tone);
    assert_true(d->tone->n_targets >= 1);
    for (size_t i = 0; i < d->tone->n_targets; i++) {
        const px_tone_target *g = &d->tone->targets[i];
        assert_true(g->entity >= 0 && (size_t)g->entity < d->n_entities);
        assert_true(px_slice_eq(g->concept, d->entities[g->entity].key));
        assert_true(g->score >= -1 && g->score <= 1);
        for (uint32_t k = 0; k < g->n_evidence; k++)
            assert_true(g->evidence[k].end <= d->text.len);
    }
    px_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_words),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_intensifiers_and_but),
        cmocka_unit_test(test_pronouns_activity),
        cmocka_unit_test(test_other_language),
        cmocka_unit_test(test_record_round_trip),
        cmocka_unit_test(test_input),
        cmocka_unit_test(test_toner),
        cmocka_unit_test(test_entity_targets),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
