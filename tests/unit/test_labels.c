/* Unit tests: labels (src/annotate/label/): phrases, titles, resolution
 * within an article, concept keys, and the cross-document unification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "annotate/label/label.h"

static px_engine *engine;

static int setup(void **state)
{
    (void)state;
    char msg[PX_ERRMSG_SIZE];
    px_engine_options eo = {.no_langid = 1};
    return px_engine_new(&engine, &eo, msg) == PX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    px_engine_free(engine);
    return 0;
}

static px_doc *doc(const char *text)
{
    px_article a = {.text = px_slice_cstr(text)};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    return d;
}

/* The label whose words are exactly want, or NULL. */
static const px_label *find(const px_doc *d, const char *want)
{
    for (size_t i = 0; i < d->n_labels; i++)
        if (px_slice_eq(d->labels[i].label, px_slice_cstr(want)))
            return &d->labels[i];
    return NULL;
}

static void expect(const px_doc *d, const char *label, const char *concept, const char *kind)
{
    const px_label *l = find(d, label);
    if (!l)
        fail_msg("no label '%s'", label);
    if (!px_slice_eq(l->concept, px_slice_cstr(concept)))
        fail_msg("'%s': concept '%.*s', want '%s'", label, (int)l->concept.len,
                 (const char *)l->concept.ptr, concept);
    if (kind && !px_slice_eq(l->kind, px_slice_cstr(kind)))
        fail_msg("'%s': kind '%.*s', want '%s'", label, (int)l->kind.len, (const char *)l->kind.ptr,
                 kind);
    /* every label's span holds its words */
    assert_true(l->span.end <= d->text.len);
    assert_memory_equal(d->text.ptr + l->span.start, l->label.ptr, l->label.len);
}

static void titles_and_coreference(void **state)
{
    (void)state;
    px_doc *d = doc("U.S. President Donald Trump met North Korean leader Kim Jong Un in "
                    "Singapore. The president said the talks went well. Kim Jong Un, the "
                    "dictator, smiled at the summit.");
    expect(d, "Donald Trump", "donald trump", "name");
    expect(d, "U.S. President", "donald trump", "title");
    expect(d, "U.S. President Donald Trump", "donald trump", "title");
    expect(d, "North Korean leader", "kim jong un", "title");
    expect(d, "The president", "donald trump", "title");
    expect(d, "the dictator", "kim jong un", NULL);
    /* near-synonym event nominals share a key */
    expect(d, "the talks", "talk", "event");
    expect(d, "the summit", "talk", "event");
    const px_label *l = find(d, "The president");
    assert_non_null(l);
    assert_true(l->entity >= 0 && (size_t)l->entity < d->n_entities);
    px_doc_free(d);
}

/* A role taken by a second holder: "the president" is the holder named
 * more often so far. */
static void role_by_salience(void **state)
{
    (void)state;
    px_doc *d = doc("President Donald Trump spoke on Monday. Trump met Russian President "
                    "Vladimir Putin in Helsinki. The president said the talks went well.");
    expect(d, "Russian President Vladimir Putin", "vladimir putin", "title");
    expect(d, "The president", "donald trump", "title");
    px_doc_free(d);
}

static void chains_by_head(void **state)
{
    (void)state;
    px_doc *d = doc("The caravan of illegal aliens reached the border on Sunday. Officials said "
                    "the caravan would be stopped at the border wall.");
    expect(d, "The caravan", "caravan", "event");
    expect(d, "the caravan", "caravan", NULL);
    expect(d, "the border", "border", "descriptor");
    px_doc_free(d);
    /* a word that counts or holds what follows its "of" names that */
    d = doc("Mueller sent a list of questions to the lawyers. The questions were long. Such "
            "queries are rare. "
            "Hundreds of migrants waited, and members of the caravan slept.");
    expect(d, "a list", "question", "descriptor");
    expect(d, "The questions", "question", NULL);
    expect(d, "Such queries", "question", NULL); /* a near-synonym */
    expect(d, "Hundreds", "migrant", NULL);
    expect(d, "members", "caravan", NULL);
    px_doc_free(d);
}

/* A national capital stands for its country when the document names the
 * country, except after a place preposition; an agent phrase with a person
 * whose actor code names a country stands for that country (the code read
 * through the possessive). */
static void capitals_and_agents(void **state)
{
    (void)state;
    px_article a = {.text = px_slice_cstr("Iran rejected the offer on Monday. Tehran said the "
                                          "talks were over, and protesters gathered in Tehran. "
                                          "Russia waited. Vladimir Putin's government said "
                                          "nothing. The Kremlin said no."),
                    .date = px_slice_cstr("2018-05-01")};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    expect(d, "Iran", "iran", "name");
    expect(d, "Tehran", "iran", "name");
    const px_label *t = find(d, "Tehran"); /* names the state: Iran's entity */
    assert_true(t->entity >= 0 && px_slice_eq(d->entities[t->entity].key, px_slice_cstr("iran")));
    const px_label *l = NULL;
    for (size_t i = 0; i < d->n_labels; i++)
        if (px_slice_eq(d->labels[i].label, px_slice_cstr("Tehran")) &&
            d->labels[i].span.start > 60)
            l = &d->labels[i];
    assert_non_null(l); /* "in Tehran": the city */
    assert_true(px_slice_eq(l->concept, px_slice_cstr("tehran")));
    expect(d, "Vladimir Putin's government", "russia", NULL); /* RUSGOV in 2018 */
    expect(d, "The Kremlin", "russia", NULL);                 /* a seat of government */
    px_doc_free(d);
    /* "the North" after "North Korea", named twice */
    d = doc("North Korea and South Korea met. North Korea said the talks went well. The North "
            "will close its test site.");
    expect(d, "The North", "north korea", NULL);
    px_doc_free(d);
}

static void no_sentences(void **state)
{
    (void)state;
    const char *texts[] = {"", "   \n\n  ", "...", "\xe2\x80\x94 !!! ???", "1999"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        px_doc *d = doc(texts[i]);
        for (size_t k = 0; k < d->n_labels; k++)
            assert_true(d->labels[k].span.end <= d->text.len);
        px_doc_free(d);
    }
}

/* A word of combining marks only folds to nothing: it names no concept (an
 * empty concept key, found by fuzz_events, would join every such word of the
 * store into one chain). */
static void marks_only(void **state)
{
    (void)state;
    const char *texts[] = {"They walked around \xdf\xbd.",
                           "The ministers met the \xdf\xbd on Monday."};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        px_doc *d = doc(texts[i]);
        for (size_t k = 0; k < d->n_labels; k++)
            assert_true(d->labels[k].concept.len > 0);
        px_doc_free(d);
    }
    px_doc *d = doc("The ministers met the \xdf\xbd on Monday.");
    expect(d, "The ministers", "minister", NULL);
    assert_null(find(d, "the \xdf\xbd"));
    px_doc_free(d);
}

static void unify(void **state)
{
    (void)state;
    px_label_key k[] = {
        {PX_SLICE_LIT("donald trump"), 1, 10},
        {PX_SLICE_LIT("trump"), 1, 20},
        {PX_SLICE_LIT("melania trump"), 1, 2},
        {PX_SLICE_LIT("kim jong-un"), 1, 3},
        {PX_SLICE_LIT("kim jong un"), 1, 5},
        {PX_SLICE_LIT("kim"), 1, 9},
        {PX_SLICE_LIT("robert s. mueller iii"), 1, 2},
        {PX_SLICE_LIT("robert mueller"), 1, 8},
        {PX_SLICE_LIT("caravan"), 0, 4},
        {PX_SLICE_LIT("moon"), 1, 2},
        {PX_SLICE_LIT("moon jae-in"), 1, 1},
    };
    uint32_t c[sizeof k / sizeof *k];
    px__label_unify(k, sizeof k / sizeof *k, c);
    assert_int_equal(c[1], 0);  /* trump -> donald trump (10 against 2) */
    assert_int_equal(c[2], 2);  /* melania stays */
    assert_int_equal(c[3], 4);  /* kim jong-un -> kim jong un */
    assert_int_equal(c[5], 4);  /* kim -> kim jong un */
    assert_int_equal(c[6], 7);  /* initials and suffixes */
    assert_int_equal(c[8], 8);  /* not a person: untouched */
    assert_int_equal(c[9], 10); /* moon -> moon jae-in, its first word */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(titles_and_coreference),
        cmocka_unit_test(role_by_salience),
        cmocka_unit_test(chains_by_head),
        cmocka_unit_test(capitals_and_agents),
        cmocka_unit_test(no_sentences),
        cmocka_unit_test(marks_only),
        cmocka_unit_test(unify),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
