/* Unit tests: the entities annotator (src/annotate/entity*.c): grouping of
 * mentions across spellings and scripts, titles and possessives, acronyms,
 * places with context, actor codes with date restrictions, px_tag_conll. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "annotate/entity.h"
#include "parallax/tag.h"

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

static px_doc *make(const char *text, const char *date)
{
    px_article a = {.text = px_slice_cstr(text), .date = px_slice_cstr(date)};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    return d;
}

static int slice_is(px_slice s, const char *c)
{
    return s.ptr && s.len == strlen(c) && memcmp(s.ptr, c, s.len) == 0;
}

/* The entity whose key is key, or NULL. */
static const px_entity *by_key(const px_doc *d, const char *key)
{
    for (size_t i = 0; i < d->n_entities; i++)
        if (slice_is(d->entities[i].key, key))
            return &d->entities[i];
    return NULL;
}

static int mention_text(const px_doc *d, const px_entity *e, uint32_t i, const char *s)
{
    px_span m = e->mentions[i];
    return m.end - m.start == strlen(s) && !memcmp(d->text.ptr + m.start, s, m.end - m.start);
}

static void test_person_across_spellings_and_scripts(void **state)
{
    (void)state;
    px_doc *d = make("Serbian President Aleksandar Vučić met officials in Brussels on Monday. "
                     "Vucic said the talks went well.\n\nВучић later returned to Belgrade.",
                     "2020-03-02");
    const px_entity *e = by_key(d, "aleksandar vucic");
    assert_non_null(e);
    assert_int_equal(e->type, PX_ENT_PER);
    assert_int_equal(e->n_mentions, 3);
    assert_true(mention_text(d, e, 0, "Aleksandar Vučić")); /* title stripped */
    assert_true(mention_text(d, e, 1, "Vucic"));
    assert_true(mention_text(d, e, 2, "Вучић"));
    assert_true(slice_is(e->actor, "SRBGOV"));
    assert_true(slice_is(e->name, "Aleksandar Vučić"));
    const px_entity *b = by_key(d, "belgrade");
    assert_non_null(b);
    assert_int_equal(b->type, PX_ENT_LOC);
    assert_true(slice_is(b->country, "RS"));
    assert_true(fabs(b->lat - 44.80) < 0.1 && fabs(b->lon - 20.47) < 0.1);
    px_doc_free(d);
}

static void test_acronym_and_possessive(void **state)
{
    (void)state;
    px_doc *d = make("The North Atlantic Treaty Organization (NATO) met in Brussels. NATO's "
                     "leaders agreed on a plan, NATO officials said.",
                     "2021-01-05");
    const px_entity *e = by_key(d, "nato");
    assert_non_null(e);
    assert_int_equal(e->type, PX_ENT_ORG);
    assert_true(e->n_mentions >= 3);
    assert_true(slice_is(e->actor, "IGOWSTNAT"));
    assert_true(slice_is(e->name, "North Atlantic Treaty Organization"));
    int possessive = 0;
    for (uint32_t i = 0; i < e->n_mentions; i++) {
        assert_false(mention_text(d, e, i, "NATO's"));
        possessive |= d->text.ptr[e->mentions[i].end] == '\'';
    }
    assert_true(possessive); /* "NATO's" gave a mention "NATO" */
    size_t n_nato = 0;
    for (size_t i = 0; i < d->n_entities; i++)
        n_nato += d->entities[i].type == PX_ENT_ORG;
    assert_int_equal(n_nato, 1);
    px_doc_free(d);
}

static const char *kosovo_code(const char *date)
{
    static char code[32];
    px_doc *d = make("Police in Kosovo arrested two men on Tuesday, officials said.", date);
    const px_entity *e = by_key(d, "kosovo");
    assert_non_null(e);
    assert_int_equal(e->type, PX_ENT_LOC);
    assert_true(slice_is(e->country, "XK"));
    snprintf(code, sizeof code, "%.*s", (int)e->actor.len, (const char *)e->actor.ptr);
    px_doc_free(d);
    return code;
}

static void test_actor_codes_follow_dates(void **state)
{
    (void)state;
    assert_string_equal(kosovo_code("1995-06-01"), "FRYKSV");
    assert_string_equal(kosovo_code("2003-06-01"), "KSVUNO");
    assert_string_equal(kosovo_code("2012-06-01"), "KSV");
}

/* No article date: the date the text states for itself (found by the timex
 * annotator, which runs later) chooses the code. */
static void test_actor_code_from_text_date(void **state)
{
    (void)state;
    px_doc *d =
        make("Today, March 24, 2005, police in Kosovo arrested two men, officials said.", NULL);
    const px_entity *e = by_key(d, "kosovo");
    assert_non_null(e);
    assert_true(slice_is(e->actor, "KSVUNO"));
    px_doc_free(d);
}

static void test_gazetteer_api(void **state)
{
    (void)state;
    const px_entity_res *r = px__entity_res(engine);
    assert_non_null(r);
    px_arena *a = px__arena_new(0, 0);
    px_token *t;
    size_t n;
    assert_int_equal(px__tokenize(engine->folder, a, PX_SLICE_LIT("SERBIA"), &t, &n), PX_OK);
    uint32_t e = px__gaz_actor_entry(r->gaz, t, n);
    assert_true(e > 0);
    assert_string_equal(px__gaz_actor_code(r->gaz, e, 19900101), "YUGSRB");
    assert_string_equal(px__gaz_actor_code(r->gaz, e, 20000101), "SCGSRB");
    assert_string_equal(px__gaz_actor_code(r->gaz, e, 20100101), "SRB");
    assert_string_equal(px__gaz_actor_code(r->gaz, e, 0), "SRB");
    assert_int_equal(px__tokenize(engine->folder, a, PX_SLICE_LIT("Kosovar"), &t, &n), PX_OK);
    assert_string_equal(px__gaz_demonym(r->gaz, t, n), "XK");
    assert_int_equal(px__tokenize(engine->folder, a, PX_SLICE_LIT("Mitrovica"), &t, &n), PX_OK);
    const uint32_t *ids;
    size_t k = px__gaz_places(r->gaz, t, n, &ids);
    assert_true(k >= 2);
    int xk = 0;
    for (size_t i = 0; i < k; i++)
        xk |= !strcmp(px__gaz_place(r->gaz, ids[i])->cc, "XK");
    assert_true(xk);
    assert_int_equal(px__tokenize(engine->folder, a, PX_SLICE_LIT("Nowhereville Zzz"), &t, &n),
                     PX_OK);
    assert_int_equal(px__gaz_places(r->gaz, t, n, &ids), 0);
    assert_int_equal(px__gaz_actor_entry(r->gaz, t, n), 0);
    px__arena_free(a);
}

/* Gazetteer bits for a tagger trained with them (train_ner -g). */
static void test_gazetteer_marking(void **state)
{
    (void)state;
    char err[256];
    px_gaz *g;
    assert_int_equal(px__gaz_load(engine->folder, PX_DATA_DIR, 1, &g, err), PX_OK);
    px_arena *a = px__arena_new(0, 0);
    px_token *t;
    size_t n;
    assert_int_equal(px__tokenize(engine->folder, a,
                                  PX_SLICE_LIT("Serbian troops left Belgrade for New York"), &t,
                                  &n),
                     PX_OK);
    assert_int_equal(n, 7);
    uint32_t bits[7];
    px__gaz_mark(g, t, n, bits);
    assert_true(bits[0] & PX_NER_GAZ_DEMO);
    assert_int_equal(bits[1], 0);
    assert_true(bits[3] & PX_NER_GAZ_LOC);
    assert_true((bits[5] & PX_NER_GAZ_LOC) && (bits[5] & PX_NER_GAZ_FIRST));
    assert_true((bits[6] & PX_NER_GAZ_LOC) && !(bits[6] & PX_NER_GAZ_FIRST));
    px__gaz_free(g);
    /* without the marking lexicon, no bits */
    assert_int_equal(px__gaz_load(engine->folder, PX_DATA_DIR, 0, &g, err), PX_OK);
    px__gaz_mark(g, t, n, bits);
    assert_int_equal(bits[0] | bits[3] | bits[5], 0);
    px__gaz_free(g);
    assert_int_equal(px__gaz_load(engine->folder, "/nonexistent", 0, &g, err), PX_EIO);
    px__arena_free(a);
}

static void test_places_by_context(void **state)
{
    (void)state;
    px_doc *d = make("The company opened a store in Paris, Texas, last week.", "2020-01-01");
    const px_entity *e = by_key(d, "paris");
    assert_non_null(e);
    assert_true(slice_is(e->country, "US"));
    px_doc_free(d);
    d = make("The summit in Paris ended on Friday.", "2020-01-01");
    e = by_key(d, "paris");
    assert_non_null(e);
    assert_true(slice_is(e->country, "FR"));
    assert_true(slice_is(e->actor, "FRA"));
    px_doc_free(d);
    /* "U.S." and "United States": one place, one entity */
    d = make("The U.S. and its allies met in Paris. The United States said so.", "2020-01-01");
    e = by_key(d, "united states");
    assert_non_null(e);
    assert_true(slice_is(e->country, "US"));
    assert_int_equal(e->n_mentions, 2);
    px_doc_free(d);
}

/* Regions get a share of their country's population; a place reached only by
 * an alternate name, or a small town, needs its country named when the
 * document names others. */
static void test_places_need_support(void **state)
{
    (void)state;
    px_doc *d = make("The White House said on Monday that the United States would send aid to "
                     "Florida after the storm.",
                     "2020-01-01");
    const px_entity *e = by_key(d, "florida");
    assert_non_null(e);
    assert_true(slice_is(e->country, "US")); /* not Floridablanca, Colombia */
    e = by_key(d, "white house");
    assert_non_null(e);
    assert_false(slice_is(e->country, "MA")); /* not Casablanca's alternate name */
    px_doc_free(d);
    d = make("Barack Obama met the Russian president. Obama said the talks went well.",
             "2016-01-01");
    e = by_key(d, "barack obama");
    assert_non_null(e);
    assert_int_equal(e->type, PX_ENT_PER);
    assert_int_equal(e->n_mentions, 2); /* the surname joins the full name */
    assert_null(by_key(d, "obama"));
    px_doc_free(d);
}

static void test_titles_split_from_names(void **state)
{
    (void)state;
    px_doc *d = make("Senate Majority Leader Mitch McConnell met reporters on Tuesday. "
                     "McConnell said the vote would wait.",
                     "2020-01-01");
    const px_entity *e = by_key(d, "mitch mcconnell");
    assert_non_null(e);
    assert_int_equal(e->type, PX_ENT_PER);
    assert_int_equal(e->n_mentions, 2);
    assert_true(mention_text(d, e, 0, "Mitch McConnell"));
    assert_true(mention_text(d, e, 1, "McConnell"));
    px_doc_free(d);
}

/* #12 item 7: an actor run into a person's name splits when the person is
 * named again; an organization after a place ("Kosovo Liberation Army")
 * stays whole. */
static void test_actor_split_from_person(void **state)
{
    (void)state;
    px_doc *d = make("Republika Srpska Milorad Dodik met officials in Banja Luka. Dodik said "
                     "the vote would go ahead. The Kosovo Liberation Army fought in 1998.",
                     "2020-01-01");
    const px_entity *e = by_key(d, "milorad dodik");
    assert_non_null(e);
    assert_int_equal(e->type, PX_ENT_PER);
    assert_int_equal(e->n_mentions, 2);
    assert_true(mention_text(d, e, 0, "Milorad Dodik"));
    assert_null(by_key(d, "republika srpska milorad dodik"));
    assert_non_null(by_key(d, "kosovo liberation army"));
    px_doc_free(d);
}

/* ---- corrections (entity_fix.c), on hand-made mentions ---- */

/* Index of the token starting with text w (the nth such, from 0). */
static uint32_t tok(const px_doc *d, const char *w, int nth)
{
    size_t n = strlen(w);
    for (size_t i = 0; i < d->n_toks; i++)
        if (d->toks[i].end - d->toks[i].start >= n &&
            !memcmp(d->text.ptr + d->toks[i].start, w, n) && nth-- == 0)
            return (uint32_t)i;
    fail_msg("no token %s", w);
    return 0;
}

/* Groups the mentions given as (first word, word count, type) triples. */
static px_doc *group(const char *text, const char *const *words, const int *spec, size_t n)
{
    px_doc *d = make(text, "2020-03-02");
    px_mentions ms = {0};
    for (size_t i = 0; i < n; i++) {
        uint32_t t0 = tok(d, words[i], spec[3 * i]);
        assert_int_equal(
            px__mention_add(&ms, t0, t0 + (uint32_t)spec[3 * i + 1], (uint8_t)spec[3 * i + 2]),
            PX_OK);
    }
    const px_entity_res *r = px__entity_res(engine);
    assert_non_null(r);
    d->entities = NULL; /* the annotator's own entities are replaced */
    d->n_entities = 0;
    assert_int_equal(px__entity_group(d, r, &ms), PX_OK);
    px__free(ms.m);
    return d;
}

static const px_entity *by_name(const px_doc *d, const char *name)
{
    for (size_t i = 0; i < d->n_entities; i++)
        if (slice_is(d->entities[i].name, name))
            return &d->entities[i];
    return NULL;
}

static void test_places_tagged_as_people(void **state)
{
    (void)state;
    static const char *const w[] = {"Delhi",  "Iowa",    "Washington", "Paris", "Jordan",
                                    "Jordan", "Vietnam", "Washington", "India"};
    static const int spec[] = {0, 1, PX_ENT_PER, 0, 1, PX_ENT_PER, 0, 1, PX_ENT_PER,
                               0, 2, PX_ENT_PER, 0, 2, PX_ENT_PER, 1, 1, PX_ENT_PER,
                               0, 1, PX_ENT_PER, 1, 2, PX_ENT_PER, 0, 1, PX_ENT_LOC};
    px_doc *d = group("Delhi was covered in smog, officials in India said. Iowa reopened its gyms. "
                      "Mr. Washington said "
                      "Paris Hilton and Jordan Peterson agreed. Jordan spoke of Vietnam's "
                      "leaders and the Washington Post.",
                      w, spec, 9);
    const px_entity *e = by_name(d, "Delhi"); /* a big city */
    assert_non_null(e);
    assert_int_equal(e->type, PX_ENT_LOC);
    assert_true(slice_is(e->country, "IN"));
    assert_non_null(e = by_name(d, "Iowa")); /* the actor dictionary's country code */
    assert_int_equal(e->type, PX_ENT_LOC);
    assert_true(slice_is(e->actor, "USA"));
    assert_non_null(e = by_name(d, "Vietnam")); /* a country, possessive */
    assert_int_equal(e->type, PX_ENT_LOC);
    assert_non_null(e = by_name(d, "Washington")); /* a title before it */
    assert_int_equal(e->type, PX_ENT_PER);
    assert_non_null(e = by_name(d, "Paris Hilton"));
    assert_int_equal(e->type, PX_ENT_PER);
    assert_non_null(e = by_name(d, "Jordan Peterson"));
    assert_int_equal(e->type, PX_ENT_PER);
    assert_non_null(e = by_name(d, "Jordan")); /* a word of a longer person name */
    assert_int_equal(e->type, PX_ENT_PER);
    assert_non_null(e = by_name(d, "Washington Post")); /* MED is no country code */
    assert_int_equal(e->type, PX_ENT_PER);
    px_doc_free(d);
}

/* A name the gazetteer lacks that the actor dictionary files under a
 * country the document names is that country ("America"). */
static void test_country_by_actor_entry(void **state)
{
    (void)state;
    px_doc *d = make("The United States and Iran argued. America will not give in.", "2018-05-01");
    const px_entity *e = by_key(d, "united states");
    assert_non_null(e);
    assert_int_equal(e->n_mentions, 2);
    assert_null(by_key(d, "america"));
    px_doc_free(d);
}

/* An actor named with a possessive still gets its code ("NATO's"). */
static void test_actor_through_possessive(void **state)
{
    (void)state;
    px_doc *d =
        make("NATO\u2019s bombing began. Vladimir Putin's government said nothing.", "2018-05-01");
    const px_entity *e = by_key(d, "nato");
    assert_non_null(e);
    assert_true(slice_is(e->actor, "IGOWSTNAT"));
    assert_non_null(e = by_key(d, "vladimir putin"));
    assert_true(slice_is(e->actor, "RUSGOV"));
    px_doc_free(d);
}

/* A person mention that runs over a possessive starts after it; an
 * organization keeps it. */
static void test_person_after_possessive(void **state)
{
    (void)state;
    static const char *const w[] = {"Korea", "Kim", "McDonald"};
    static const int spec[] = {0, 2, PX_ENT_PER, 1, 1, PX_ENT_PER, 0, 2, PX_ENT_ORG};
    px_doc *d = group("North Korea's Kim suspends tests. Kim said so. McDonald's Corporation "
                      "disagreed.",
                      w, spec, 3);
    const px_entity *e = by_key(d, "kim");
    assert_non_null(e);
    assert_int_equal(e->n_mentions, 2);
    assert_null(by_key(d, "korea's kim"));
    assert_non_null(by_key(d, "mcdonald's corporation"));
    px_doc_free(d);
}

/* A surname put before a full name in the same sentence is another person
 * of that name ("President Trump and first lady Melania Trump"); said again
 * after a full name, it is that person ("Aleksandar Vucic ... Vucic"). */
static void test_surname_named_apart(void **state)
{
    (void)state;
    static const char *const w[] = {"Trump", "Melania", "Trump", "Aleksandar", "Vucic"};
    static const int spec[] = {0,          1, PX_ENT_PER, 0,          2, PX_ENT_PER, 2,         1,
                               PX_ENT_PER, 0, 2,          PX_ENT_PER, 1, 1,          PX_ENT_PER};
    px_doc *d = group("President Trump and first lady Melania Trump visited Paris. Trump spoke. "
                      "Aleksandar Vucic met them. Vucic said no.",
                      w, spec, 5);
    const px_entity *e = by_key(d, "melania trump");
    assert_non_null(e);
    assert_int_equal(e->n_mentions, 1);
    assert_non_null(e = by_key(d, "trump"));
    assert_int_equal(e->n_mentions, 2);
    assert_non_null(e = by_key(d, "aleksandar vucic"));
    assert_int_equal(e->n_mentions, 2);
    px_doc_free(d);
}

static void test_sentence_initial_common_words(void **state)
{
    (void)state;
    static const char *const w[] = {"Sadly", "Meanwhile", "Smith",      "Immigration",
                                    "Trump", "Kelly",     "Furthermore"};
    static const int spec[] = {0, 1, PX_ENT_PER, 0, 1, PX_ENT_ORG, 0, 1, PX_ENT_PER,
                               0, 1, PX_ENT_ORG, 0, 1, PX_ENT_PER, 0, 1, PX_ENT_PER,
                               0, 1, PX_ENT_MISC};
    px_doc *d = group("Sadly, the talks failed. Meanwhile Smith left. Immigration rose, and the "
                      "immigration debate grew. Trump spoke. A trump card was played by Trump. "
                      "Kelly said she would run. \u201cFurthermore, we will win.\u201d",
                      w, spec, 7);
    assert_null(by_name(d, "Sadly"));       /* -ly word and a comma */
    assert_null(by_name(d, "Meanwhile"));   /* discourse word */
    assert_null(by_name(d, "Furthermore")); /* after an opening quote */
    assert_null(by_name(d, "Immigration")); /* lower case elsewhere */
    assert_non_null(by_name(d, "Smith"));   /* not sentence-initial */
    assert_non_null(by_name(d, "Trump"));   /* capitalized inside a sentence too */
    assert_non_null(by_name(d, "Kelly"));   /* -ly without a comma: a name */
    px_doc_free(d);
}

/* #12 item 7: punctuation the tagger took in is not part of the key; page
 * furniture (links, photo credits, headline verbs) is not a name. */
static void test_web_news_furniture(void **state)
{
    (void)state;
    static const char *const w[] = {"NATO", "NATO", "Click", "Getty", "Dies", "Kosovo"};
    static const int spec[] = {0, 2, PX_ENT_ORG, 1, 1, PX_ENT_ORG, 0, 1, PX_ENT_PER,
                               0, 2, PX_ENT_ORG, 0, 1, PX_ENT_PER, 0, 2, PX_ENT_LOC};
    px_doc *d = group("NATO! Leaders met. NATO said so. Click here to read. Photo: Getty Images. "
                      "Singer Dies at 90. Kosovo! The end.",
                      w, spec, 6);
    const px_entity *e = by_key(d, "nato");
    assert_non_null(e);
    assert_int_equal(e->n_mentions, 2);
    assert_true(slice_is(e->name, "NATO"));
    assert_non_null(by_key(d, "kosovo"));
    assert_null(by_name(d, "Click"));
    assert_null(by_name(d, "Getty Images"));
    assert_null(by_name(d, "Dies"));
    px_doc_free(d);
}

/* A headline's speech verb taken into a name ends the mention: "Barr Says"
 * is Barr, one person with William Barr; "Pelosi Warns Democrats" is Pelosi
 * (#16 item 7: "barr says" was a quote's speaker). */
static void test_headline_speech_verbs(void **state)
{
    (void)state;
    static const char *const w[] = {"Barr", "Pelosi", "William"};
    static const int spec[] = {0, 2, PX_ENT_ORG, 0, 3, PX_ENT_ORG, 0, 2, PX_ENT_PER};
    px_doc *d = group("Barr Says Report Is Clear. Pelosi Warns Democrats on vote. Attorney "
                      "General William Barr said so.",
                      w, spec, 3);
    const px_entity *e = by_key(d, "william barr");
    assert_non_null(e);
    assert_int_equal(e->n_mentions, 2);
    assert_true(mention_text(d, e, 0, "Barr"));
    assert_null(by_key(d, "barr says"));
    assert_non_null(by_key(d, "pelosi"));
    assert_null(by_key(d, "pelosi warns democrats"));
    px_doc_free(d);
}

static void test_no_text_no_entities(void **state)
{
    (void)state;
    px_doc *d = make("it was raining and nobody came.", "");
    assert_int_equal(d->n_entities, 0);
    px_doc_free(d);
}

static void test_tag_conll(void **state)
{
    (void)state;
    FILE *in = tmpfile(), *out = tmpfile();
    assert_non_null(in);
    assert_non_null(out);
    fputs("-DOCSTART-\tO\n\nMaria\tB-PER\nSchmidt\nvisited\nBerlin\r\n.\n\n\nOK\n", in);
    rewind(in);
    char err[256];
    assert_int_equal(px_tag_conll(engine, in, out, err), PX_OK);
    rewind(out);
    char line[256];
    const char *want[] = {
        "-DOCSTART-\tO", "", "Maria\tB-PER", "Schmidt\tI-PER", "visited\tO", "Berlin\tB-LOC",
        ".\tO",          ""};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_non_null(fgets(line, sizeof line, out));
        line[strcspn(line, "\n")] = 0;
        assert_string_equal(line, want[i]);
    }
    assert_non_null(fgets(line, sizeof line, out));
    assert_int_equal(strncmp(line, "OK\t", 3), 0);
    fclose(in);
    fclose(out);
    assert_int_equal(px_tag_conll(NULL, stdin, stdout, err), PX_EINVAL);
}

/* The committed model on the CoNLL-2003 dev set (read at run time). */
static void test_dev_f1(void **state)
{
    (void)state;
#ifdef PX_SHARED_DIR
    uint8_t *buf;
    size_t len;
    char err[256];
    if (px__ner_read_file(PX_SHARED_DIR "/data/ner/conll2003-dev.tsv", &buf, &len, err)) {
        skip();
        return;
    }
    px_ner_score sc;
    memset(&sc, 0, sizeof sc);
    assert_int_equal(px__tag_conll_buf(engine, buf, len, NULL, &sc, err), PX_OK);
    double p, r, f;
    px__ner_score_prf(&sc, 0, &p, &r, &f);
    assert_true(f >= 0.88);
    assert_int_equal(sc.tp[0] + sc.fn[0], 5942); /* gold chunks, as its README says */
    px__free(buf);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person_across_spellings_and_scripts),
        cmocka_unit_test(test_acronym_and_possessive),
        cmocka_unit_test(test_actor_codes_follow_dates),
        cmocka_unit_test(test_actor_code_from_text_date),
        cmocka_unit_test(test_gazetteer_api),
        cmocka_unit_test(test_gazetteer_marking),
        cmocka_unit_test(test_places_by_context),
        cmocka_unit_test(test_places_need_support),
        cmocka_unit_test(test_titles_split_from_names),
        cmocka_unit_test(test_actor_split_from_person),
        cmocka_unit_test(test_places_tagged_as_people),
        cmocka_unit_test(test_country_by_actor_entry),
        cmocka_unit_test(test_actor_through_possessive),
        cmocka_unit_test(test_person_after_possessive),
        cmocka_unit_test(test_surname_named_apart),
        cmocka_unit_test(test_sentence_initial_common_words),
        cmocka_unit_test(test_web_news_furniture),
        cmocka_unit_test(test_headline_speech_verbs),
        cmocka_unit_test(test_no_text_no_entities),
        cmocka_unit_test(test_tag_conll),
        cmocka_unit_test(test_dev_f1),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
