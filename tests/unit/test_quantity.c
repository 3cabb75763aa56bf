/* Unit tests: quantities (src/annotate/quantity*.c): numbers in digits and
 * words, ranges, approximators, units, counted objects and typed counts.
 * Sentences are the issue's examples and sentences written after the style of
 * the news corpus. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

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

static px_doc *make(const char *text)
{
    px_article a = {.text = px_slice_cstr(text), .date = PX_SLICE_LIT("2025-03-26")};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    return d;
}

static void dump(const px_doc *d)
{
    for (size_t i = 0; i < d->n_quantities; i++) {
        const px_quantity *q = &d->quantities[i];
        fprintf(stderr, "  have [%.*s] %g %s %s\n", (int)(q->span.end - q->span.start),
                (const char *)d->text.ptr + q->span.start, q->value, q->approx,
                q->count ? q->count : "null");
    }
}

/* The quantity whose text starts with s, or NULL. */
static const px_quantity *find(const px_doc *d, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < d->n_quantities; i++) {
        const px_quantity *q = &d->quantities[i];
        if (q->span.end - q->span.start >= n && !memcmp(d->text.ptr + q->span.start, s, n))
            return q;
    }
    dump(d);
    fail_msg("no quantity [%s]", s);
    return NULL;
}

static void slice_is(px_slice s, const char *want)
{
    if (!want) {
        assert_null(s.ptr);
        return;
    }
    assert_non_null(s.ptr);
    if (s.len != strlen(want) || memcmp(s.ptr, want, s.len))
        fail_msg("got [%.*s], want [%s]", (int)s.len, (const char *)s.ptr, want);
}

static void str_is(const char *s, const char *want)
{
    if (!want)
        assert_null(s);
    else
        assert_string_equal(s ? s : "(null)", want);
}

/* One sentence; the quantity starting with `start` has these fields. */
static void check(const char *text,
                  const char *start,
                  double value,
                  double high,
                  const char *approx,
                  const char *unit,
                  const char *object,
                  const char *count)
{
    px_doc *d = make(text);
    const px_quantity *q = find(d, start);
    if (fabs(q->value - value) > 1e-9 * (fabs(value) + 1))
        fail_msg("[%s]: value %g, want %g", start, q->value, value);
    if (isnan(high))
        assert_true(isnan(q->high));
    else
        assert_true(fabs(q->high - high) < 1e-9 * (fabs(high) + 1));
    assert_string_equal(q->approx, approx);
    slice_is(q->unit, unit);
    slice_is(q->object, object);
    str_is(q->count, count);
    px_doc_free(d);
}

static void test_issue_examples(void **state)
{
    (void)state;
    check("The bombing left over 8,000 civilians dead or injured.", "over 8,000", 8000, NAN, "over",
          NULL, "civilians", "CASUALTIES");
    check("By June, nearly 1 million more displaced had crossed the border.", "nearly 1 million",
          1e6, NAN, "nearly", NULL, NULL, "DISPLACED");
    check("The rally drew between 140,000 and 150,000 participants.", "between 140,000", 140000,
          150000, "exact", NULL, "participants", "PROTEST");
    px_doc *d = make("Three Serbs were killed in the attack and two more were seriously injured.");
    const px_quantity *q = find(d, "Three");
    assert_true(q->value == 3);
    str_is(q->count, "KILL");
    slice_is(q->object, "Serbs");
    q = find(d, "two");
    assert_true(q->value == 2);
    str_is(q->count, "WOUND");
    px_doc_free(d);
    check("Clashes ended with over 50 people being injured.", "over 50", 50, NAN, "over", NULL,
          "people", "WOUND");
    check("Earlier, police killed three attackers near the station.", "three", 3, NAN, "exact",
          NULL, "attackers", "KILL");
    check("Seven people received bullet wounds.", "Seven", 7, NAN, "exact", NULL, "people",
          "WOUND");
    check("Dozens of children fall sick every winter.", "Dozens", 24, NAN, "at least", NULL,
          "children", "SICK");
    check("The march was attended by 8.000 people.", "8.000", 8000, NAN, "exact", NULL, "people",
          "PROTEST");
}

static void test_numbers(void **state)
{
    (void)state;
    check("The plant produces 1.5 million tons a year.", "1.5 million", 1.5e6, NAN, "exact", "tons",
          NULL, NULL);
    check("A dozen buses were sent.", "A dozen", 12, NAN, "exact", NULL, "buses", NULL);
    check("Tens of thousands of people fled the city.", "Tens of thousands", 20000, NAN, "at least",
          NULL, "people", "DISPLACED");
    check("Hundreds were arrested overnight.", "Hundreds", 200, NAN, "at least", NULL, NULL,
          "ARREST");
    check("Forty-nine percent of voters agreed.", "Forty-nine", 49, NAN, "exact", "%", NULL, NULL);
    check("Two hundred and fifty thousand people signed.", "Two hundred", 250000, NAN, "exact",
          NULL, "people", NULL);
    check("Prices rose 3.5% in March.", "3.5", 3.5, NAN, "exact", "%", NULL, NULL);
}

static void test_ranges(void **state)
{
    (void)state;
    check("Between 10 and 15 soldiers were wounded.", "Between 10", 10, 15, "exact", NULL,
          "soldiers", "WOUND");
    check("Officials said 10 to 15 houses burned.", "10 to 15", 10, 15, "exact", NULL, "houses",
          NULL);
    check("Officials said 10-15 houses burned.", "10-15", 10, 15, "exact", NULL, "houses", NULL);
    check("Between 140 and 150 thousand people marched.", "Between 140", 140000, 150000, "exact",
          NULL, "people", "PROTEST");
    check("It cost between 100 and 15.1 million dollars.", "between 100", 100, 15.1e6, "exact",
          "USD", NULL, NULL);
}

static void test_approximators(void **state)
{
    (void)state;
    check("More than 4,000 people have died of Ebola.", "More than 4,000", 4000, NAN, "over", NULL,
          "people", "KILL");
    check("Almost 300 families were evacuated.", "Almost 300", 300, NAN, "nearly", NULL, "families",
          "EVACUATE");
    check("About 2,000 protesters gathered outside.", "About 2,000", 2000, NAN, "about", NULL,
          "protesters", "PROTEST");
    check("Around 40 journalists were detained.", "Around 40", 40, NAN, "about", NULL,
          "journalists", "ARREST");
    check("An explosion on a bus injured at least 10.", "at least 10", 10, NAN, "at least", NULL,
          NULL, "WOUND");
    check("Up to 20 tourists were kidnapped.", "Up to 20", 20, NAN, "at most", NULL, "tourists",
          "KIDNAP");
    check("Some 600 homes were affected by the flood.", "Some 600", 600, NAN, "about", NULL,
          "homes", "AFFECT");
    check("Floods forced about 3,500 people from their homes.", "about 3,500", 3500, NAN, "about",
          NULL, "people", "DISPLACED");
    check("The death toll rose to 138.", "138", 138, NAN, "exact", NULL, NULL, "KILL");
}

static void test_units(void **state)
{
    (void)state;
    check("The fund pledged $5 million to the city.", "$5 million", 5e6, NAN, "exact", "USD", NULL,
          NULL);
    check("The convoy travelled 120 km in a day.", "120 km", 120, NAN, "exact", "km", NULL, NULL);
    check("Turnout fell to 41 percent.", "41 percent", 41, NAN, "exact", "%", NULL, NULL);
    check("The deal is worth $5.2bn over a decade.", "$5.2bn", 5.2e9, NAN, "exact", "USD", NULL,
          NULL);
    check("Budget cuts hit 40k workers.", "40k", 40000, NAN, "exact", NULL, "workers", NULL);
    check("The EU gave €300 million.", "€300 million", 3e8, NAN, "exact", "EUR", NULL, NULL);
}

static void test_nearest_trigger(void **state)
{
    (void)state;
    px_doc *d = make("Gunmen entered two mosques, shooting dead 50 people and wounding 50 more.");
    const px_quantity *q = find(d, "two");
    str_is(q->count, NULL);
    slice_is(q->object, "mosques");
    q = find(d, "50 people");
    str_is(q->count, "KILL");
    q = find(d, "50");
    assert_true(q->value == 50);
    q = &d->quantities[d->n_quantities - 1];
    str_is(q->count, "WOUND");
    px_doc_free(d);
    /* the verb after the phrase wins over the head noun */
    check("Hundreds of protesters were killed in the crackdown.", "Hundreds", 200, NAN, "at least",
          NULL, "protesters", "KILL");
    check("About 2,000 refugees crossed the border.", "About 2,000", 2000, NAN, "about", NULL,
          "refugees", "DISPLACED");
    /* an age is not a count */
    check("Men are more likely to have been arrested by age 18.", "18", 18, NAN, "exact", NULL,
          NULL, NULL);
    /* #12 item 7: the base form "wound" governs its own count */
    check("The bombs kill three people and wound more than 200.", "more than 200", 200, NAN, "over",
          NULL, NULL, "WOUND");
    check("The bombs kill three people and wound more than 200.", "three", 3, NAN, "exact", NULL,
          "people", "KILL");
    check("Cases fell, with 2.6 million fewer infections.", "2.6 million", 2.6e6, NAN, "exact",
          NULL, "infections", NULL);
}

static void test_not_counts(void **state)
{
    (void)state;
    /* a year and a duration are timexes, not quantities */
    px_doc *d = make("The war of 1999 lasted 78 days.");
    assert_int_equal(d->n_quantities, 0);
    px_doc_free(d);
    /* a number in a name, and an age between commas */
    d = make("A Boeing 737 landed. Daron Wint, 34, was arrested.");
    for (size_t i = 0; i < d->n_quantities; i++)
        assert_null(d->quantities[i].count);
    px_doc_free(d);
    check("The company sold 300 cars.", "300", 300, NAN, "exact", NULL, "cars", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_examples), cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_ranges),         cmocka_unit_test(test_approximators),
        cmocka_unit_test(test_units),          cmocka_unit_test(test_nearest_trigger),
        cmocka_unit_test(test_not_counts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
