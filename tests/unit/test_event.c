/* Unit tests: the event coder (src/annotate/event/): the dictionary loader
 * (a malformed line is one message with file and line, and the entry is
 * skipped), the seed kinds of events, negation, passive voice, agents with
 * countries, control verbs, and linear time on a 1,000-word sentence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "annotate/event/event.h"

static px_engine *engine;

static int setup(void **state)
{
    (void)state;
    char msg[256];
    px_engine_options eo = {.no_langid = 1};
    return px_engine_new(&engine, &eo, msg) == PX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    px_engine_free(engine);
    return 0;
}

static void test_dict_bad_lines(void **state)
{
    (void)state;
    static const char text[] = "# comment\n"
                               "C\t190\t-10.0\t4\tASSAULT\n"
                               "C\t19x\t-10.0\t4\tASSAULT\n" /* 3: bad code */
                               "C\t173\t-5.0\t4\tSEIZE\n"
                               "A\tpolice\t~COP\n"
                               "A\tbroken\tCOP\n" /* 6: no ~ */
                               "S\tWEAPON\tgun|rifle\n"
                               "B\tattack\t190\n"
                               "V\tattack\t\t-\tattacked\n"
                               "V\tstorm\t\t999\t\n" /* 10: unknown code */
                               "P\t\t&WEAPON\t173\t173\n"
                               "P\t\t&NOPE\t173\t173\n"  /* 12: unknown synset */
                               "P\tonly three\tfields\n" /* 13 */
                               "Z\twhat\n";              /* 14 */
    px_buf warn;
    px_buf_init(&warn, 0);
    px_ev_dict *d = NULL;
    char msg[PX_ERRMSG_SIZE];
    assert_int_equal(px__ev_dict_load_mem(engine->folder, "t.tsv", (const uint8_t *)text,
                                          sizeof text - 1, &warn, &d, msg),
                     PX_OK);
    assert_int_equal(px_buf_terminate(&warn), PX_OK);
    const char *w = (const char *)warn.ptr;
    assert_non_null(strstr(w, "t.tsv:3: "));
    assert_non_null(strstr(w, "t.tsv:6: "));
    assert_non_null(strstr(w, "t.tsv:10: "));
    assert_non_null(strstr(w, "t.tsv:12: "));
    assert_non_null(strstr(w, "t.tsv:13: "));
    assert_non_null(strstr(w, "t.tsv:14: "));
    assert_int_equal(d->bad_lines, 6);
    /* one message a bad line */
    size_t lines = 0;
    for (const char *p = w; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 6);
    /* the good entries are in */
    assert_int_equal(d->ncodes, 2);
    assert_int_equal(d->nagents, 1);
    assert_int_equal(d->nverbs, 1);
    assert_int_equal(d->npats, 1);
    assert_true(px__ev_verb_first(d, (const uint8_t *)"attack", 6) >= 0);
    assert_true(px__ev_verb_first(d, (const uint8_t *)"attacked", 8) >= 0);
    assert_true(px__ev_verb_first(d, (const uint8_t *)"storm", 5) < 0);
    px__ev_dict_free(d);
    px_buf_free(&warn);
}

static void test_shipped_dict_clean(void **state)
{
    (void)state;
    /* the compiled dictionary loads without a message */
    assert_string_equal(px_engine_warnings(engine), "");
}

/* The events of text (article date 2023-09-24). */
static px_doc *events_of(const char *text)
{
    px_article a = {.text = px_slice_cstr(text), .date = px_slice_cstr("2023-09-24")};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    return d;
}

static int slice_is(px_slice s, const char *want)
{
    return want ? s.ptr && s.len == strlen(want) && !memcmp(s.ptr, want, s.len) : !s.ptr;
}

/* Is there an event with this root, source and target code (NULL: any)? */
static const px_event *find(const px_doc *d, const char *root, const char *src, const char *tgt)
{
    for (size_t i = 0; i < d->n_events; i++) {
        const px_event *e = &d->events[i];
        if (slice_is(e->root, root) && (!src || slice_is(e->source.code, src)) &&
            (!tgt || slice_is(e->target.code, tgt)))
            return e;
    }
    return NULL;
}

static void dump(const px_doc *d)
{
    for (size_t i = 0; i < d->n_events; i++) {
        const px_event *e = &d->events[i];
        fprintf(stderr, "  event %.*s %.*s -> %.*s neg=%d\n", (int)e->code.len,
                (const char *)e->code.ptr, (int)e->source.code.len,
                (const char *)e->source.code.ptr, (int)e->target.code.len,
                (const char *)e->target.code.ptr, e->negated);
    }
}

static void expect(const char *text, const char *root, const char *src, const char *tgt, int neg)
{
    px_doc *d = events_of(text);
    const px_event *e = find(d, root, src, tgt);
    if (!e || e->negated != neg) {
        fprintf(stderr, "expected %s %s -> %s (negated %d) in: %s\n", root, src ? src : "*",
                tgt ? tgt : "*", neg, text);
        dump(d);
    }
    assert_non_null(e);
    assert_int_equal(e->negated, neg);
    px_doc_free(d);
}

static void test_seed_kinds(void **state)
{
    (void)state;
    expect("Serbia will never impose sanctions on Russia.", "16", "SRB", "RUS", 1);
    expect("Serbian police arrested three protesters in Belgrade.", "17", "SRBCOP", NULL, 0);
    expect("The village was shelled by the Serbian army.", "19", "SRBMIL", NULL, 0);
    expect("Russian President Vladimir Putin visited Belgrade on Monday.", "04", NULL, "SRB", 0);
    expect("Serbia refused to recognize Kosovo.", "12", "SRB", "KSV", 0);
    expect("Russia condemned the attack on Serbia.", "11", "RUS", NULL, 0);
}

/* Negated cooperation, intents, meetings of several, and the dictionary's
 * transformations of reported attacks. */
static void test_recoding(void **state)
{
    (void)state;
    /* "would not provide support": a rejection (12), not a negated 06 */
    expect("Hungary said it would not provide support to Serbia.", "12", "HUN", "SRB", 0);
    /* "agreed to X": the intent to X (03) */
    expect("Kosovo has agreed to release the Serbian prisoners.", "03", "KSV", NULL, 0);
    /* "X and Y met": each with the other */
    expect("Serbia and Hungary met in Budapest on Monday.", "04", "SRB", "HUN", 0);
    expect("Serbia and Hungary met in Budapest on Monday.", "04", "HUN", "SRB", 0);
    /* "X claimed it attacked Y": a claim (015); "X said Y attacked": an accusation (112) */
    expect("Russia claimed that it had attacked Ukraine.", "01", "RUS", "UKR", 0);
    expect("Serbia said that Kosovo had attacked the village.", "11", "SRB", "KSV", 0);
    /* "X said Y must do Z": X demands it of Y (10) */
    expect("Serbia said that Kosovo must release the prisoners.", "10", "SRB", "KSV", 0);
}

static void test_record_fields(void **state)
{
    (void)state;
    px_doc *d = events_of("Serbia will never impose sanctions on Russia.");
    const px_event *e = find(d, "16", "SRB", "RUS");
    assert_non_null(e);
    assert_true(slice_is(e->code, "163"));
    assert_int_equal(e->quad, 4);
    assert_true(e->goldstein < -7.9 && e->goldstein > -8.1);
    assert_true(slice_is(e->date, "2023-09-24"));
    assert_true(slice_is(e->date_from, "article"));
    assert_true(e->trigger.end - e->trigger.start == 6);
    assert_memory_equal(d->text.ptr + e->trigger.start, "impose", 6);
    assert_true(e->source.entity >= 0);
    assert_true(slice_is(e->source.text, "Serbia"));
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_doc_write_json(d, &b), PX_OK);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, "\"code\":\"163\",\"root\":\"16\",\"quad\":4"));
    assert_non_null(strstr((const char *)b.ptr, "\"negated\":true"));
    px_buf_free(&b);
    px_doc_free(d);
}

/* Coding time per word must not grow with the sentence length. */
static double seconds_for(size_t words)
{
    px_buf t;
    px_buf_init(&t, 0);
    for (size_t i = 0; i < words / 10; i++)
        assert_int_equal(px_buf_append_str(&t, "Serbian police arrested protesters and attacked "
                                               "them , "),
                         PX_OK);
    assert_int_equal(px_buf_append_str(&t, "."), PX_OK);
    assert_int_equal(px_buf_terminate(&t), PX_OK);
    px_article a = {.text = px_buf_slice(&t)};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    /* the coder alone, rerun */
    const px_annotator *ev = NULL;
    const void *res = NULL;
    for (size_t i = 0; i < px__n_annotators; i++)
        if (!strcmp(px__annotators[i]->name, "events"))
            ev = px__annotators[i], res = engine->res[i];
    assert_non_null(ev);
    assert_true(d->n_events > 0);
    clock_t c0 = clock();
    for (int r = 0; r < 5; r++)
        assert_int_equal(ev->run(d, res), PX_OK);
    double s = (double)(clock() - c0) / CLOCKS_PER_SEC;
    px_doc_free(d);
    px_buf_free(&t);
    return s;
}

static void test_linear_time(void **state)
{
    (void)state;
    double small = seconds_for(100) * 10, big = seconds_for(1000);
    fprintf(stderr, "  100 words x10: %.4f s, 1000 words: %.4f s\n", small, big);
    /* quadratic would be 10 times slower; allow noise */
    assert_true(big < small * 4 + 0.05);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dict_bad_lines), cmocka_unit_test(test_shipped_dict_clean),
        cmocka_unit_test(test_seed_kinds),     cmocka_unit_test(test_recoding),
        cmocka_unit_test(test_record_fields),  cmocka_unit_test(test_linear_time),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
