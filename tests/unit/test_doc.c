/* Unit tests: documents (px_doc_new), record writing, ids, language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "internal.h"

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

static px_doc *make(const char *text, const char *outlet)
{
    px_article a = {.text = px_slice_cstr(text), .outlet = px_slice_cstr(outlet)};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    return d;
}

static void test_record_shape(void **state)
{
    (void)state;
    px_article a = {.text = px_slice_cstr("Talks resumed on Monday. Both sides said \"progress\"."),
                    .title = PX_SLICE_LIT("Talks \"resume\""),
                    .date = PX_SLICE_LIT("2024-05-06"),
                    .date_source = "header",
                    .outlet = PX_SLICE_LIT("a.example"),
                    .source_path = PX_SLICE_LIT("in/a.txt")};
    px_doc *d;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_doc_write_json(d, &b), PX_OK);
    cJSON *o = cJSON_ParseWithLength((const char *)b.ptr, b.len);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItem(o, "schema")->valuestring, "parallax.article/1");
    assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, px_doc_id(d));
    assert_int_equal(strlen(px_doc_id(d)), 16);
    assert_string_equal(cJSON_GetObjectItem(o, "title")->valuestring, "Talks \"resume\"");
    assert_string_equal(cJSON_GetObjectItem(o, "date_source")->valuestring, "header");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "author")));
    cJSON *tone = cJSON_GetObjectItem(o, "tone");
    assert_true(cJSON_IsObject(tone));
    assert_int_equal(cJSON_GetObjectItem(tone, "words")->valueint, 8);
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(tone, "targets")));
    cJSON *src = cJSON_GetObjectItem(o, "source");
    assert_string_equal(cJSON_GetObjectItem(src, "path")->valuestring, "in/a.txt");
    assert_string_equal(cJSON_GetObjectItem(src, "outlet")->valuestring, "a.example");
    /* Every array is present; analyses not built yet are empty. */
    static const char *const arrays[] = {"entities", "timexes", "quantities", "quotes",
                                         "events",   "labels",  "techniques"};
    for (size_t i = 0; i < 7; i++) {
        cJSON *arr = cJSON_GetObjectItem(o, arrays[i]);
        assert_true(cJSON_IsArray(arr));
        if (i == 4 || i == 6) /* labels (i == 5) are built */
            assert_int_equal(cJSON_GetArraySize(arr), 0);
    }
    cJSON *sents = cJSON_GetObjectItem(o, "sentences");
    assert_int_equal(cJSON_GetArraySize(sents), 2);
    assert_int_equal(cJSON_GetArrayItem(cJSON_GetArrayItem(sents, 1), 0)->valueint, 25);
    cJSON_Delete(o);
    px_buf_free(&b);
    px_doc_free(d);
}

/* The writers of every analysis, fed by hand (annotators fill them for real). */
static void test_analysis_writers(void **state)
{
    (void)state;
    px_doc *d = make("Vucic said 3 were killed on Sunday.", "o");
    px_span *m = PX_ARENA_NEW(d->arena, px_span, 1);
    m[0] = (px_span){0, 5};
    px_entity e = {PX_ENT_PER,
                   PX_SLICE_LIT("Vučić"),
                   PX_SLICE_LIT("vucic"),
                   PX_SLICE_LIT("SRBGOV"),
                   m,
                   1,
                   PX_SLICE_NULL,
                   0.0 / 0.0,
                   0.0 / 0.0};
    px_timex t = {{28, 34}, PX_TIMEX_DATE, PX_SLICE_LIT("2024-03-24")};
    px_quantity q = {{11, 24}, 3, 0.0 / 0.0, "exact", PX_SLICE_NULL, PX_SLICE_NULL, "KILL"};
    px_quote qu = {m, 1, PX_SPAN_NONE, (px_span){0, 5}, 0, 0};
    d->entities = &e;
    d->n_entities = 1;
    d->timexes = &t;
    d->n_timexes = 1;
    d->quantities = &q;
    d->n_quantities = 1;
    d->quotes = &qu;
    d->n_quotes = 1;
    d->date_inferred = PX_SLICE_LIT("2024-03-25");
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_doc_write_json(d, &b), PX_OK);
    cJSON *o = cJSON_ParseWithLength((const char *)b.ptr, b.len);
    assert_non_null(o);
    cJSON *ent = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "entities"), 0);
    assert_string_equal(cJSON_GetObjectItem(ent, "id")->valuestring, "e1");
    assert_string_equal(cJSON_GetObjectItem(ent, "type")->valuestring, "PER");
    assert_string_equal(cJSON_GetObjectItem(ent, "name")->valuestring, "Vučić");
    assert_string_equal(cJSON_GetObjectItem(ent, "actor")->valuestring, "SRBGOV");
    assert_null(cJSON_GetObjectItem(ent, "lat"));
    cJSON *tx = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "timexes"), 0);
    assert_string_equal(cJSON_GetObjectItem(tx, "text")->valuestring, "Sunday");
    assert_string_equal(cJSON_GetObjectItem(tx, "value")->valuestring, "2024-03-24");
    cJSON *qq = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "quantities"), 0);
    assert_int_equal(cJSON_GetObjectItem(qq, "value")->valueint, 3);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(qq, "high")));
    assert_string_equal(cJSON_GetObjectItem(qq, "count")->valuestring, "KILL");
    assert_string_equal(cJSON_GetObjectItem(qq, "text")->valuestring, "3 were killed");
    cJSON *quo = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "quotes"), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(quo, "cue")));
    assert_string_equal(cJSON_GetObjectItem(quo, "speaker")->valuestring, "e1");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(quo, "direct")));
    assert_string_equal(cJSON_GetObjectItem(o, "date_inferred")->valuestring, "2024-03-25");
    cJSON_Delete(o);
    px_buf_free(&b);
    d->entities = NULL;
    d->n_entities = d->n_timexes = d->n_quantities = d->n_quotes = 0;
    px_doc_free(d);
}

static void test_ids(void **state)
{
    (void)state;
    px_doc *a = make("Same text.", "one.example");
    px_doc *b = make("Same text.", "one.example");
    px_doc *c = make("Same text.", "two.example");
    px_doc *n = make("Same te\xCC\x81xt.", "one.example"); /* not NFC: differs */
    assert_string_equal(px_doc_id(a), px_doc_id(b));
    assert_string_not_equal(px_doc_id(a), px_doc_id(c));
    assert_string_not_equal(px_doc_id(a), px_doc_id(n));
    /* Decomposed and precomposed input normalize to one text and one id. */
    px_doc *d1 = make("Vuc\xCC\x8Ci\xC4\x87 spoke.", "x");
    px_doc *d2 = make("Vu\xC4\x8Di\xC4\x87 spoke.", "x");
    assert_string_equal(px_doc_id(d1), px_doc_id(d2));
    assert_true(px_slice_eq(px_doc_text(d1), px_doc_text(d2)));
    px_doc_free(a);
    px_doc_free(b);
    px_doc_free(c);
    px_doc_free(n);
    px_doc_free(d1);
    px_doc_free(d2);
}

static void check_lang(const char *text, const char *want)
{
    px_doc *d = make(text, NULL);
    px_slice l = px_doc_lang(d);
    if (!want) {
        assert_null(l.ptr);
    } else {
        assert_non_null(l.ptr);
        assert_int_equal(l.len, strlen(want));
        assert_memory_equal(l.ptr, want, l.len);
    }
    px_doc_free(d);
}

static void test_lang(void **state)
{
    (void)state;
    check_lang("The minister said that the talks with the opposition would resume next week, and "
               "that he was ready to meet them. They have been waiting for this for a long time, "
               "which is why the decision was welcomed by all who were there.",
               "en");
    check_lang("Der Minister sagte, dass die Gespräche mit der Opposition in der nächsten Woche "
               "fortgesetzt werden und dass er bereit sei, sie zu treffen. Die Entscheidung wurde "
               "von allen begrüßt, die auf dem Treffen waren, und sie ist nicht die erste.",
               "de");
    check_lang("Le ministre a déclaré que les discussions avec l'opposition reprendront la semaine "
               "prochaine et qu'il est prêt à les rencontrer. Cette décision a été saluée par les "
               "partis qui sont dans la coalition, mais pas par tous.",
               "fr");
    check_lang("El ministro dijo que las conversaciones con la oposición se reanudarán la próxima "
               "semana y que está dispuesto a reunirse con ellos. La decisión fue bien recibida "
               "por los partidos de la coalición, pero no por todos.",
               "es");
    check_lang("Председник Србије рекао је у недељу да ће преговори бити настављени следеће "
               "недеље, упркос протестима у главном граду и бојкоту опозиције.",
               "sr");
    check_lang("Short.", NULL);
}

static void test_declared_lang(void **state)
{
    (void)state;
    /* Too short for the text to tell: the page's declared language is used. */
    static const char *const tags[] = {"en-US", "SR_latn", "de", "x", "english", "fr-"};
    static const char *const want[] = {"en", "sr", "de", NULL, NULL, "fr"};
    for (size_t i = 0; i < 6; i++) {
        px_article a = {.text = PX_SLICE_LIT("Short."), .lang = px_slice_cstr(tags[i])};
        px_doc *d;
        assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
        px_slice l = px_doc_lang(d);
        if (!want[i]) {
            assert_null(l.ptr);
        } else {
            assert_int_equal(l.len, strlen(want[i]));
            assert_memory_equal(l.ptr, want[i], l.len);
        }
        px_doc_free(d);
    }
}

static void test_bad_args(void **state)
{
    (void)state;
    px_doc *d = NULL;
    px_article a = {.text = PX_SLICE_LIT("bad \xFF")};
    assert_int_equal(px_doc_new(engine, &a, &d), PX_EINVAL);
    assert_null(d);
    assert_int_equal(px_doc_new(NULL, &a, &d), PX_EINVAL);
    assert_int_equal(px_doc_new(engine, NULL, &d), PX_EINVAL);
    px_article e = {0};
    assert_int_equal(px_doc_new(engine, &e, &d), PX_OK); /* empty text is a valid doc */
    assert_int_equal(px_doc_sentence_count(d), 0);
    px_doc_free(d);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    px_article a = {.text = PX_SLICE_LIT("Vučić met Вучић in Paris. He said: \"Yes.\""),
                    .title = PX_SLICE_LIT("T"),
                    .outlet = PX_SLICE_LIT("o")};
    for (long n = 1; n < 40; n++) {
        px_doc *d = NULL;
        px__alloc_fail_after(n);
        px_status st = px_doc_new(engine, &a, &d);
        px__alloc_fail_after(0);
        if (st == PX_OK)
            px_doc_free(d);
        else
            assert_null(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_shape),
        cmocka_unit_test(test_analysis_writers),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_lang),
        cmocka_unit_test(test_declared_lang),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
