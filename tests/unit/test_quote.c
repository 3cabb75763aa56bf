/* Unit tests: quotations (src/annotate/quote*.c): direct quotes in every
 * style, reported speech, sources and speakers. Every example of issue #6 is
 * here. The quote annotator is rerun on each document with the entities the
 * test sets (none, or a hand-made list), so the tests do not depend on the
 * entity annotator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "annotate/quote.h"
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

static void rerun_quotes(px_doc *d)
{
    for (size_t i = 0; i < px__n_annotators; i++) {
        const px_annotator *a = px__annotators[i];
        if (a && strcmp(a->name, "quotes") == 0) {
            assert_int_equal(a->run(d, engine->res[i]), PX_OK);
            return;
        }
    }
    fail_msg("the quotes annotator is not registered");
}

/* A document whose quotes were found with no entities. */
static px_doc *quotes_of(const char *text)
{
    px_article a = {.text = px_slice_cstr(text)};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    d->entities = NULL;
    d->n_entities = 0;
    rerun_quotes(d);
    return d;
}

static int span_is(const px_doc *d, px_span s, const char *want)
{
    if (!want)
        return s.start == UINT32_MAX;
    size_t n = strlen(want);
    return s.start != UINT32_MAX && s.end - s.start == n &&
           memcmp(d->text.ptr + s.start, want, n) == 0;
}

/* The quote with a content part equal to content, or NULL. */
static const px_quote *find(const px_doc *d, const char *content)
{
    for (size_t i = 0; i < d->n_quotes; i++)
        for (uint32_t k = 0; k < d->quotes[i].n_content; k++)
            if (span_is(d, d->quotes[i].content[k], content))
                return &d->quotes[i];
    return NULL;
}

static void
expect(const px_doc *d, const char *content, const char *source, const char *cue, int direct)
{
    const px_quote *q = find(d, content);
    if (!q) {
        for (size_t i = 0; i < d->n_quotes; i++)
            for (uint32_t k = 0; k < d->quotes[i].n_content; k++)
                print_message("  have: %.*s\n",
                              (int)(d->quotes[i].content[k].end - d->quotes[i].content[k].start),
                              (const char *)d->text.ptr + d->quotes[i].content[k].start);
        fail_msg("no quote with content '%s'", content);
    }
    if (!span_is(d, q->source, source))
        fail_msg("'%s': source is not '%s'", content, source ? source : "(none)");
    if (!span_is(d, q->cue, cue))
        fail_msg("'%s': cue is not '%s'", content, cue ? cue : "(none)");
    assert_int_equal(q->direct, direct);
}

static void test_source_after(void **state)
{
    (void)state;
    px_doc *d =
        quotes_of("“We will never recognise Kosovo,” Vucic said.\n\n"
                  "\"Straight quotes work too,\" said Serbian President Aleksandar Vucic.\n");
    assert_int_equal(d->n_quotes, 2);
    expect(d, "We will never recognise Kosovo", "Vucic", "said", 1);
    expect(d, "Straight quotes work too", "Serbian President Aleksandar Vucic", "said", 1);
    assert_int_equal(d->quotes[0].speaker, -1); /* no entities: the source span alone */
    px_doc_free(d);
}

static void test_source_before_and_inside(void **state)
{
    (void)state;
    px_doc *d = quotes_of("Vucic said: “We will defend our people.”\n\n"
                          "“This is a crime,” he stressed, “and the world must know it.”\n");
    assert_int_equal(d->n_quotes, 2);
    expect(d, "We will defend our people.", "Vucic", "said", 1);
    expect(d, "This is a crime", "he", "stressed", 1);
    const px_quote *q = find(d, "This is a crime");
    assert_int_equal(q->n_content, 2); /* interrupted by the cue */
    assert_true(span_is(d, q->content[1], "and the world must know it."));
    px_doc_free(d);
}

static void test_quote_styles(void **state)
{
    (void)state;
    px_doc *d = quotes_of("«Nous ne céderons pas», a déclaré le ministre.\n\n"
                          "Der Minister sagte: „Wir bleiben hier.“\n\n"
                          "The minister said: “He told me ‘We bombed you’ and it’s true.”\n\n"
                          "‘We will return,’ the commander said.\n\n"
                          "''It's anti-reform,'' said Mr. Burman.\n");
    expect(d, "Nous ne céderons pas", "le ministre", "déclaré", 1);
    expect(d, "Wir bleiben hier.", "Der Minister", "sagte", 1);
    expect(d, "He told me ‘We bombed you’ and it’s true.", "The minister", "said", 1);
    expect(d, "We will return", "the commander", "said", 1);
    expect(d, "It's anti-reform", "Mr. Burman", "said", 1);
    px_doc_free(d);
}

static void test_apostrophes(void **state)
{
    (void)state;
    /* apostrophes are not quotation marks: nothing is quoted here */
    px_doc *d = quotes_of("The students’ union met in the ’90s building. It’s the workers’ "
                          "turn, and the teachers’ pay rose.\n");
    assert_int_equal(d->n_quotes, 0);
    px_doc_free(d);
    /* a single-quoted headline quote next to apostrophes */
    d = quotes_of("Veterans’ groups: it’s ‘in their heads,’ a pollster said.\n");
    /* the quote ends a clause begun before it: reported, from after the colon */
    expect(d, "it’s ‘in their heads", "a pollster", "said", 0);
    px_doc_free(d);
}

static void test_multi_paragraph(void **state)
{
    (void)state;
    px_doc *d = quotes_of("“The first paragraph of a long quote has no closing mark.\n\n"
                          "“The second one continues it.\n\n"
                          "“And the third ends it,” Stoltenberg said.\n");
    assert_int_equal(d->n_quotes, 1);
    const px_quote *q = &d->quotes[0];
    assert_int_equal(q->n_content, 3);
    assert_true(
        span_is(d, q->content[0], "The first paragraph of a long quote has no closing mark."));
    assert_true(span_is(d, q->content[1], "The second one continues it."));
    assert_true(span_is(d, q->content[2], "And the third ends it"));
    assert_true(span_is(d, q->source, "Stoltenberg"));
    assert_int_equal(q->direct, 1);
    px_doc_free(d);
}

static void test_partial_and_scare_quotes(void **state)
{
    (void)state;
    px_doc *d = quotes_of("Environmental groups described it as \"a major environmental "
                          "disaster\".\n\nThe so-called \"deal\" was signed in the book "
                          "“Art of the Deal” on Monday.\n");
    assert_int_equal(d->n_quotes, 1);
    expect(d, "a major environmental disaster", "Environmental groups", "described", 1);
    px_doc_free(d);
    /* an object more than a pronoun: the object and the quoted words,
     * reported (PolNeAR marks them so) */
    d = quotes_of("Cruz called him a “moderate,” and left the stage.\n\n"
                  "Critics described Trump as “dangerous” in the ad.\n");
    expect(d, "him a “moderate,”", "Cruz", "called", 0);
    expect(d, "Trump as “dangerous”", "Critics", "described", 0);
    px_doc_free(d);
    /* a list of quoted words: up to the last one of the sentence */
    d = quotes_of("Cruz called Trump a “pathological liar” who is “utterly amoral,” a “bully” "
                  "and a “narcissist.” He left.\n");
    expect(d, "Trump a “pathological liar” who is “utterly amoral,” a “bully” and a “narcissist.”",
           "Cruz", "called", 0);
    assert_null(find(d, "utterly amoral"));
    px_doc_free(d);
}

static void test_lead_in(void **state)
{
    (void)state;
    px_doc *d = quotes_of("Stoltenberg: \"NATO will stay in Kosovo.\"\n\n"
                          "WALLACE: Let's start with the debate.\n");
    expect(d, "NATO will stay in Kosovo.", "Stoltenberg", ":", 1);
    expect(d, "Let's start with the debate", "WALLACE", ":", 0);
    px_doc_free(d);
    d = quotes_of("“The most unqualified candidate ever.” ― Francisco Herrero\n\n"
                  "“We will rebuild the bridge,” — Mayor Ana Petrović.\n");
    expect(d, "The most unqualified candidate ever.", "Francisco Herrero", "―", 1);
    expect(d, "We will rebuild the bridge", "Mayor Ana Petrović", "—", 1);
    px_doc_free(d);
    /* labels are not speakers: a determiner first, or a note */
    d = quotes_of("The Latest: Voters head to the polls in three states.\n\n"
                  "Editor's Note: This story was corrected on Monday.\n");
    assert_null(find(d, "Voters head to the polls in three states"));
    assert_null(find(d, "This story was corrected on Monday"));
    px_doc_free(d);
}

static void test_cue_verbs(void **state)
{
    (void)state;
    px_doc *d = quotes_of(
        "Vucic said that Serbia would not recognise Kosovo. Vucic told RT that the West had "
        "lied. Brnabic announced the talks were over. Vucic warned the attacks would continue. "
        "Brnabic claimed she had proof. The minister insisted that the border was closed. "
        "Dacic stressed that Serbia wanted peace. Vucic emphasized the army was ready. The "
        "president added that nothing had changed. Stoltenberg noted that KFOR was neutral. "
        "Vucic told reporters the West had lied again.\n");
    expect(d, "that Serbia would not recognise Kosovo", "Vucic", "said", 0);
    expect(d, "that the West had lied", "Vucic", "told", 0);
    expect(d, "the talks were over", "Brnabic", "announced", 0);
    expect(d, "the attacks would continue", "Vucic", "warned", 0);
    expect(d, "she had proof", "Brnabic", "claimed", 0);
    expect(d, "that the border was closed", "The minister", "insisted", 0);
    expect(d, "that Serbia wanted peace", "Dacic", "stressed", 0);
    expect(d, "the army was ready", "Vucic", "emphasized", 0);
    expect(d, "that nothing had changed", "The president", "added", 0);
    expect(d, "that KFOR was neutral", "Stoltenberg", "noted", 0);
    expect(d, "the West had lied again", "Vucic", "told", 0);
    px_doc_free(d);
}

static void test_reported_shapes(void **state)
{
    (void)state;
    px_doc *d = quotes_of(
        "According to NATO Secretary General Jens Stoltenberg, KFOR will remain in Kosovo. "
        "The border will stay closed, according to the police. Sources said on Monday that "
        "the talks had failed. The talks failed, a member of the international legal team "
        "said. Serbia is ready, said the prime minister. The army, he said, would not move. "
        "Vucic has repeatedly said he would not resign.\n");
    expect(d, "KFOR will remain in Kosovo", "NATO Secretary General Jens Stoltenberg",
           "According to", 0);
    expect(d, "The border will stay closed", "the police", "according to", 0);
    expect(d, "that the talks had failed", "Sources", "said", 0);
    expect(d, "The talks failed", "a member of the international legal team", "said", 0);
    expect(d, "Serbia is ready", "the prime minister", "said", 0);
    expect(d, "The army", "he", "said", 0);
    assert_true(span_is(d, find(d, "The army")->content[1], "would not move"));
    expect(d, "he would not resign", "Vucic", "has repeatedly said", 0);
    px_doc_free(d);
}

static void test_reported_more(void **state)
{
    (void)state;
    px_doc *d = quotes_of(
        "A new poll shows Clinton leading in Ohio. Trump tweeted on Friday, saying the "
        "election was rigged. Cruz thanked his voters and said he would not endorse anyone. "
        "The senator thinks the bill will pass. Critics rejected Trump's claim that he opposed "
        "the war.\n\nPolitifact: Trump Is Right About Chicago\n");
    expect(d, "Clinton leading in Ohio", "A new poll", "shows", 0);
    expect(d, "the election was rigged", "Trump", "saying", 0);
    expect(d, "he would not endorse anyone", "Cruz", "said", 0);
    expect(d, "that he opposed the war", "Trump's", "claim", 0);
    expect(d, "Trump Is Right About Chicago", "Politifact", ":", 0);
    /* a belief verb without "that": read through the parse, its subject
     * is the source */
    expect(d, "the bill will pass", "The senator", "thinks", 0);
    px_doc_free(d);
}

/* Intentions and raising verbs (PolNeAR attributes them): "X wants to …"
 * has X as its source; "X seems to …", "X is expected to …" have none and
 * the subject is a content part; "it appears that …" is one content part. */
static void test_infinitives(void **state)
{
    (void)state;
    px_doc *d = quotes_of(
        "Rubio wants to emerge as the mainstream candidate. His spokesman declined to comment. "
        "The court seemed to send an assertive signal. Nabisco is expected to cut 277 workers "
        "this week. Often, it appeared that Trump was unable to parlay the assault. "
        "A curious plan to fight climate change was unveiled. The expected result came.\n");
    expect(d, "to emerge as the mainstream candidate", "Rubio", "wants", 0);
    expect(d, "to comment", "His spokesman", "declined", 0);
    expect(d, "to send an assertive signal", NULL, "seemed", 0);
    const px_quote *q = find(d, "to send an assertive signal");
    assert_int_equal(q->n_content, 2);
    assert_true(span_is(d, q->content[0], "The court"));
    expect(d, "to cut 277 workers this week", NULL, "is expected", 0);
    q = find(d, "to cut 277 workers this week");
    assert_true(span_is(d, q->content[0], "Nabisco"));
    expect(d, "that Trump was unable to parlay the assault", NULL, "appeared", 0);
    /* nouns are not cues */
    assert_null(find(d, "to fight climate change was unveiled"));
    assert_null(find(d, "to fight climate change"));
    assert_int_equal(d->n_quotes, 5);
    px_doc_free(d);
}

/* A quote ending a clause that started before it is reported speech; a
 * colon-ended paragraph with a cue introduces the quote of the next one;
 * a long appositive between the quote and the cue; a dash attribution
 * followed by the next quote on a new line. */
static void test_more_direct_shapes(void **state)
{
    (void)state;
    px_doc *d = quotes_of(
        "Not paying taxes ''makes me smart,'' Donald J. Trump said last week.\n\n"
        "The New York Times reports:\n\n"
        "\"Just 24 percent of the contributors have given $200 or less.\"\n\n"
        "\"It has the virtue of being responsible,\" Leonard E. Burman, director of the "
        "Tax Policy Center and a professor at the Maxwell School, said of the plan.\n\n"
        "\u201cHe makes simple blanket statements about people.\u201d\u2015 Pamela Padilla\n"
        "\u201cI am so ashamed to be an American today.\u201d \u2015 Jacklyn Ashley\n");
    expect(d, "Not paying taxes ''makes me smart", "Donald J. Trump", "said", 0);
    expect(d, "Just 24 percent of the contributors have given $200 or less.", "The New York Times",
           "reports", 1);
    expect(d, "It has the virtue of being responsible",
           "Leonard E. Burman, director of the "
           "Tax Policy Center and a professor at the Maxwell School",
           "said", 1);
    expect(d, "He makes simple blanket statements about people.", "Pamela Padilla", "\u2015", 1);
    expect(d, "I am so ashamed to be an American today.", "Jacklyn Ashley", "\u2015", 1);
    px_doc_free(d);
}

/* A transcript quoted as a whole: one reported attribution per turn, the
 * paragraphs after a turn belong to it; a curly quote nested in a straight
 * quote does not close it. */
static void test_transcript(void **state)
{
    (void)state;
    px_doc *d = quotes_of(
        "Partial transcript as follows:\n\n"
        "\"WALLACE: Will she be there tomorrow night?\n\n"
        "\"PENCE: Well, look, she thinks this is \u201cShark Tank.\u201d But this is America.\n\n"
        "\"But the truth is that he has a unique way of communicating.\"\n");
    expect(d, "Will she be there tomorrow night?", "WALLACE", ":", 0);
    expect(d, "Well, look, she thinks this is \u201cShark Tank.\u201d But this is America.",
           "PENCE", ":", 0);
    const px_quote *q = find(d, "But the truth is that he has a unique way of communicating.");
    assert_non_null(q);
    assert_int_equal(q->n_content, 2);
    assert_true(span_is(d, q->source, "PENCE"));
    px_doc_free(d);
}

/* Reported speech: "according to" a source without a determiner, after a
 * dash; evidence nouns before a report verb; a participle after a direct
 * quote's attribution; "Said Ellis:"; "the United States" is no cue; an
 * adjunct before ", X said" is no content. */
static void test_reported_sources(void **state)
{
    (void)state;
    px_doc *d = quotes_of(
        "According to exit polls, Mitt Romney had a ten-point lead in 2012. "
        "Half of his advice is wrong \u2014 according to the top doctors. "
        "A 2014 study by Justin Levitt found 31 incidents of voter impersonation. "
        "\"We do not see a link,\" the mayor said, adding that it would take more hours. "
        "It would make the code more complicated. Said Ellis: \u201cI do not get the sense "
        "she is the least bit interested.\u201d Firms want to bring money back to the United "
        "States to invest it. In a statement, Peabody said the company was doing well.\n");
    expect(d, "Mitt Romney had a ten-point lead in 2012", "exit polls", "According to", 0);
    expect(d, "Half of his advice is wrong", "the top doctors", "according to", 0);
    expect(d, "31 incidents of voter impersonation", "A 2014 study by Justin Levitt", "found", 0);
    expect(d, "that it would take more hours", "the mayor", "adding", 0);
    expect(d, "I do not get the sense she is the least bit interested.", "Ellis", "Said", 1);
    expect(d, "the company was doing well", "Peabody", "said", 0);
    assert_null(find(d, "to invest it"));
    assert_null(find(d, "In a statement"));
    px_doc_free(d);
    /* cue words used as nouns: "the report said", "secretary of state" */
    d = quotes_of("The former secretary of state said she would win. The report said jobs "
                  "grew. A claim surfaced online.\n");
    expect(d, "she would win", "The former secretary of state", "said", 0);
    expect(d, "jobs grew", "The report", "said", 0);
    assert_int_equal(d->n_quotes, 2);
    px_doc_free(d);
}

static void test_nothing_said(void **state)
{
    (void)state;
    px_doc *d = quotes_of("The army moved to the border on Monday. Prices rose, and the "
                          "company said nothing. He said.\n");
    assert_int_equal(d->n_quotes, 0);
    px_doc_free(d);
}

/* Finds the n-th occurrence of s in the text. */
static px_span occ(const px_doc *d, const char *s, int n)
{
    const char *t = (const char *)d->text.ptr, *p = t;
    for (;;) {
        p = strstr(p, s);
        assert_non_null(p);
        if (n-- == 0)
            break;
        p++;
    }
    return (px_span){(uint32_t)(p - t), (uint32_t)(p - t + strlen(s))};
}

static void test_speakers(void **state)
{
    (void)state;
    px_article a = {.text = px_slice_cstr(
                        "Serbian President Aleksandar Vucic met NATO Secretary General Jens "
                        "Stoltenberg on Monday.\n\n"
                        "“We will not give up,” the Serbian leader said.\n\n"
                        "NATO Secretary General Jens Stoltenberg said KFOR would stay.\n\n"
                        "“We are here to stay,” he said.\n\n"
                        "A member of the international legal team said the case was strong.\n\n"
                        "NATO said the mission would go on.\n")};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    px_entity *e = PX_ARENA_NEW(d->arena, px_entity, 3);
    px_span *m = PX_ARENA_NEW(d->arena, px_span, 7);
    assert_non_null(e);
    assert_non_null(m);
    memset(e, 0, 3 * sizeof *e);
    m[0] = occ(d, "Aleksandar Vucic", 0);
    m[1] = occ(d, "Jens Stoltenberg", 0);
    m[2] = occ(d, "Jens Stoltenberg", 1);
    m[3] = occ(d, "NATO", 0);
    m[4] = occ(d, "NATO", 1);
    m[5] = occ(d, "NATO", 2);
    e[0] = (px_entity){.type = PX_ENT_PER,
                       .name = PX_SLICE_LIT("Aleksandar Vucic"),
                       .mentions = &m[0],
                       .n_mentions = 1};
    e[1] = (px_entity){.type = PX_ENT_PER,
                       .name = PX_SLICE_LIT("Jens Stoltenberg"),
                       .mentions = &m[1],
                       .n_mentions = 2};
    e[2] = (px_entity){
        .type = PX_ENT_ORG, .name = PX_SLICE_LIT("NATO"), .mentions = &m[3], .n_mentions = 3};
    d->entities = e;
    d->n_entities = 3;
    rerun_quotes(d);
    /* a role resolves to the person it describes, not merely the latest one */
    expect(d, "We will not give up", "the Serbian leader", "said", 1);
    assert_int_equal(find(d, "We will not give up")->speaker, 0);
    /* a name with a title: the person, not the organisation */
    expect(d, "KFOR would stay", "NATO Secretary General Jens Stoltenberg", "said", 0);
    assert_int_equal(find(d, "KFOR would stay")->speaker, 1);
    /* a pronoun: the most recent person */
    expect(d, "We are here to stay", "he", "said", 1);
    assert_int_equal(find(d, "We are here to stay")->speaker, 1);
    /* an unnamed person: no speaker, never invented */
    expect(d, "the case was strong", "A member of the international legal team", "said", 0);
    assert_int_equal(find(d, "the case was strong")->speaker, -1);
    /* an organisation speaks too */
    assert_int_equal(find(d, "the mission would go on")->speaker, 2);
    px_doc_free(d);
}

static void test_pronoun_antecedent(void **state)
{
    (void)state;
    px_article a = {.text = px_slice_cstr("Vucic said Stoltenberg had misled the public. He "
                                          "added that talks would go on.\n")};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    px_entity *e = PX_ARENA_NEW(d->arena, px_entity, 2);
    px_span *m = PX_ARENA_NEW(d->arena, px_span, 2);
    assert_non_null(e);
    assert_non_null(m);
    m[0] = occ(d, "Vucic", 0);
    m[1] = occ(d, "Stoltenberg", 0);
    e[0] = (px_entity){.type = PX_ENT_PER, .mentions = &m[0], .n_mentions = 1};
    e[1] = (px_entity){.type = PX_ENT_PER, .mentions = &m[1], .n_mentions = 1};
    d->entities = e;
    d->n_entities = 2;
    rerun_quotes(d);
    expect(d, "Stoltenberg had misled the public", "Vucic", "said", 0);
    assert_int_equal(find(d, "Stoltenberg had misled the public")->speaker, 0);
    /* "He" is the speaker before, not the person named in what he said */
    expect(d, "that talks would go on", "He", "added", 0);
    assert_int_equal(find(d, "that talks would go on")->speaker, 0);
    px_doc_free(d);
}

/* Clauses the patterns do not read, through the parse (syntax model). */
static void test_parsed_clauses(void **state)
{
    (void)state;
    px_doc *d = quotes_of("Many Republicans believe he can still win the state.\n\n"
                          "The governor told reporters on Monday the budget was balanced.\n");
    /* a belief verb without "that": its subject is the source */
    const px_quote *q = find(d, "he can still win the state");
    assert_non_null(q);
    assert_true(span_is(d, q->source, "Many Republicans"));
    assert_true(span_is(d, q->cue, "believe"));
    q = find(d, "the budget was balanced");
    assert_non_null(q);
    assert_true(span_is(d, q->source, "The governor"));
    px_doc_free(d);
    /* a participle without a subject of its own: the subject of the verb
     * it hangs from */
    d = quotes_of("Local officials responded by saying the plan would fail.\n");
    expect(d, "the plan would fail", "Local officials", "saying", 0);
    px_doc_free(d);
    /* the patterns read "The" as the subject before "and vowed"; the
     * parse gives the whole noun phrase */
    d = quotes_of("The new mayor spoke briefly and vowed to fix the roads.\n");
    expect(d, "to fix the roads", "The new mayor", "vowed", 0);
    px_doc_free(d);
    /* a source read after a preposition ("10 … voters" of "Nine in 10 …")
     * is not a noun phrase of its own: the parse's subject */
    d = quotes_of("Nine in 10 Democratic voters say the economy is improving.\n");
    expect(d, "the economy is improving", "Nine in 10 Democratic voters", "say", 0);
    px_doc_free(d);
    /* an adverbial word read as the subject at the sentence start */
    d = quotes_of("Hastily politicizing the tragedy, Trump cast the blame on his rivals and "
                  "emphasized the threat of terrorism.\n");
    expect(d, "the threat of terrorism", "Trump", "emphasized", 0);
    px_doc_free(d);
    /* a cue of two words ("called for"): the subject of its verb */
    d = quotes_of("The party launched a new plan in 2010. This initiative called for the "
                  "deportation of foreign nationals convicted of serious crimes.\n");
    expect(d, "the deportation of foreign nationals convicted of serious crimes", "This initiative",
           "called for", 0);
    px_doc_free(d);
}

/* Stance verbs, off the document's parse: the object (with the "as"
 * phrase of a perception verb) is what the subject holds. */
static void test_stance(void **state)
{
    (void)state;
    px_doc *d = quotes_of("Most Republican voters support the new border plan.\n\n"
                          "The senator sees the treaty as a threat to national security.\n\n"
                          "The senator saw the parade on Monday.\n");
    const px_quote *q = find(d, "the new border plan");
    assert_non_null(q);
    assert_true(span_is(d, q->source, "Most Republican voters"));
    assert_true(span_is(d, q->cue, "support"));
    assert_int_equal(q->direct, 0);
    q = find(d, "the treaty as a threat to national security");
    assert_non_null(q);
    assert_true(span_is(d, q->source, "The senator"));
    /* a perception verb without "as" is not a stance */
    assert_null(find(d, "the parade"));
    px_doc_free(d);
}

/* A quote with no cue runs on from the attribution just before it,
 * reported speech included. */
static void test_run_on_reported(void **state)
{
    (void)state;
    px_doc *d = quotes_of("The plans are well built, Mr. Holtz-Eakin said. “They are more detailed "
                          "than the others, but I have serious concerns.”\n");
    expect(d, "The plans are well built", "Mr. Holtz-Eakin", "said", 0);
    expect(d, "They are more detailed than the others, but I have serious concerns.",
           "Mr. Holtz-Eakin", NULL, 1);
    px_doc_free(d);
}

/* Speech verbs added from the training split's gold cues. */
static void test_more_cue_verbs(void **state)
{
    (void)state;
    px_doc *d = quotes_of("“They stole the country,” the man shouted.\n\n"
                          "The senator retorted that the bill was dead.\n\n"
                          "She touted her record, stating that the economy had grown.\n");
    expect(d, "They stole the country", "the man", "shouted", 1);
    expect(d, "that the bill was dead", "The senator", "retorted", 0);
    expect(d, "that the economy had grown", "She", "stating", 0);
    px_doc_free(d);
    d = quotes_of("“I can point to only two accomplishments,” Bozell answers.\n");
    expect(d, "I can point to only two accomplishments", "Bozell", "answers", 1);
    px_doc_free(d);
    d = quotes_of("“What products would you pick first?” Mr. Bown observed.\n\n"
                  "As Steven Rosenthal, a tax lawyer, recently put it, “Did Trump lower his "
                  "taxes through legal tax avoidance?”\n");
    expect(d, "What products would you pick first?", "Mr. Bown", "observed", 1);
    expect(d, "Did Trump lower his taxes through legal tax avoidance?",
           "Steven Rosenthal, a tax lawyer", "put it", 1);
    px_doc_free(d);
    d = quotes_of("“That is a disservice to them,” Bolton charged.\n\n"
                  "The senator highlighted that the plan had failed twice.\n");
    expect(d, "That is a disservice to them", "Bolton", "charged", 1);
    expect(d, "that the plan had failed twice", "The senator", "highlighted", 0);
    px_doc_free(d);
    /* an adverb after a relative pronoun: the source is the pronoun */
    d = quotes_of("He met Rep. Kevin Cramer, who formally endorsed the senator in May.\n");
    expect(d, "the senator in May", "who", "endorsed", 0);
    px_doc_free(d);
    /* a belief verb with a colon before a quote */
    d = quotes_of("“We will win,” Limbaugh said.\n\n"
                  "He concluded: “The person who cannot tell the truth is the candidate.”\n");
    expect(d, "The person who cannot tell the truth is the candidate.", "He", "concluded", 1);
    px_doc_free(d);
    /* "read" is a cue next to a direct quote only */
    d = quotes_of("“Schools are failing our children,” the letter reads.\n\n"
                  "The senator read the bill to the committee.\n");
    expect(d, "Schools are failing our children", "the letter", "reads", 1);
    assert_null(find(d, "the bill to the committee"));
    px_doc_free(d);
}

/* "CONTENT1, X said, CONTENT2" with "that" after the attribution: both
 * parts are the content, not only the "that" clause. */
static void test_parenthetical(void **state)
{
    (void)state;
    px_doc *d = quotes_of("The good news for Cruz, Woolson said, is that he will draw a crowd.\n");
    expect(d, "The good news for Cruz", "Woolson", "said", 0);
    const px_quote *q = find(d, "The good news for Cruz");
    assert_int_equal(q->n_content, 2);
    assert_true(span_is(d, q->content[1], "is that he will draw a crowd"));
    px_doc_free(d);
    /* a subject set off by a comma, then an adjunct and "that" */
    d = quotes_of("Sen. Jack Reed (D-R.I.), said after a lunch on Tuesday that he had not read "
                  "the plan.\n");
    expect(d, "that he had not read the plan", "Sen. Jack Reed (D-R.I.)", "said", 0);
    px_doc_free(d);
    /* without "that" it stays the inverted shape */
    d = quotes_of("Reform, said Rubio, is a priority.\n");
    expect(d, "Reform", "Rubio", "said", 0);
    px_doc_free(d);
}

/* The clause before a parenthetical attribution is the first part of what
 * is attributed; the comma after the cue is not. A source's relative clause
 * ends before the cue. */
static void test_front_part(void **state)
{
    (void)state;
    px_doc *d = quotes_of("The plan failed. In other words, he said, the era of cheap money is "
                          "over. Of course, Clinton said, \"I didn't know him that well.\"\n");
    const px_quote *q = find(d, "In other words");
    assert_non_null(q);
    assert_int_equal(q->n_content, 2);
    assert_true(span_is(d, q->content[1], "the era of cheap money is over"));
    assert_true(span_is(d, q->source, "he"));
    q = find(d, "Of course");
    assert_non_null(q);
    assert_int_equal(q->n_content, 2);
    assert_true(span_is(d, q->source, "Clinton"));
    assert_int_equal(q->direct, 1);
    px_doc_free(d);
    /* a relative clause on the source, with a cue word of its own */
    d = quotes_of("\"The answer is yes,\" Cruz, who has proposed repealing the mandate, said.\n");
    expect(d, "The answer is yes", "Cruz, who has proposed repealing the mandate", "said", 1);
    px_doc_free(d);
    /* a source after the cue may open with "former", "retired", … */
    d = quotes_of("\"We have to take this seriously,\" said former Gov. Bill Richardson of New "
                  "Mexico, a Democrat.\n");
    expect(d, "We have to take this seriously", "former Gov. Bill Richardson of New Mexico", "said",
           1);
    px_doc_free(d);
    /* no parenthetical: nothing before the source is taken */
    d = quotes_of("On Monday he said the talks had failed.\n");
    expect(d, "the talks had failed", "he", "said", 0);
    assert_null(find(d, "On Monday"));
    px_doc_free(d);
}

/* A quote after a sentence ending with a colon is that sentence's subject's
 * (a pronoun or a name), and the quotes running on after it too. */
static void test_colon_lead(void **state)
{
    (void)state;
    px_doc *d = quotes_of("Blackwell wrote a long letter.\n\nHe then listed the qualities a "
                          "nominee needs:\n\n\"Has the candidate a record of leadership for "
                          "these principles?\n\n\"Does the candidate reverse his positions on "
                          "the important issues?\"\n");
    const px_quote *q = find(d, "Has the candidate a record of leadership for these principles?");
    assert_non_null(q);
    assert_true(span_is(d, q->source, "He"));
    assert_true(span_is(d, q->cue, ":"));
    px_doc_free(d);
    /* not a subject of that kind: no source */
    d = quotes_of("The following text was found on the page:\n\n\"Nobody will ever know what "
                  "happened on that night in the valley.\"\n");
    q = find(d, "Nobody will ever know what happened on that night in the valley.");
    assert_non_null(q);
    assert_true(span_is(d, q->source, NULL));
    px_doc_free(d);
}

/* A question put to someone names the one asked, not a source. */
static void test_asked(void **state)
{
    (void)state;
    px_doc *d = quotes_of("After a rally on Friday, Hillary Clinton was asked about speeches she "
                          "made to a group of bankers.\n\nAsked whether he would back the "
                          "Republicans, Johnson demurred.\n\nThe mayor asked whether the plan "
                          "would work.\n");
    expect(d, "speeches she made to a group of bankers", NULL, "was asked about", 0);
    expect(d, "whether he would back the Republicans", NULL, "Asked", 0);
    expect(d, "whether the plan would work", "The mayor", "asked", 0);
    px_doc_free(d);
}

/* A dateline opening the paragraph is no part of a source. */
static void test_dateline_source(void **state)
{
    (void)state;
    px_doc *d = quotes_of("PARIS, Aug 31 (Reuters) - Marine Le Pen voiced support for the "
                          "candidate on Wednesday, saying his rival would bring war to the "
                          "world.\n\nMANCHESTER, N.H. (AP) \xe2\x80\x94 The candidates said the "
                          "race was close.\n");
    expect(d, "his rival would bring war to the world", "Marine Le Pen", "saying", 0);
    expect(d, "the race was close", "The candidates", "said", 0);
    px_doc_free(d);
}

/* An attribution in a clause of its own inside reported content ends that
 * content (or, for content before its cue, starts it after); "that" clauses,
 * subordinate clauses and relative clauses stay nested. */
static void test_nested_attribution(void **state)
{
    (void)state;
    px_doc *d2;
    px_doc *d = quotes_of(
        "Figueroa said the campaign planned to bus in supporters, though she acknowledged "
        "it was unlikely to work.\n\n"
        "Rendell agreed that the party's rules should be modernized, but he said that "
        "discussion should wait until after the election.\n\n"
        "The mayor said that if the state held up the deal, the company warned it would "
        "leave.\n");
    expect(d, "the campaign planned to bus in supporters", "Figueroa", "said", 0);
    expect(d, "it was unlikely to work", "she", "acknowledged", 0);
    expect(d, "that the party's rules should be modernized", "Rendell", "agreed", 0);
    expect(d, "that discussion should wait until after the election", "he", "said", 0);
    d2 = quotes_of("Obama stressed that the reforms were not complete, and human rights groups "
                   "warned that the army kept its power.\n");
    expect(d2, "that the reforms were not complete", "Obama", "stressed", 0);
    expect(d2, "that the army kept its power", "human rights groups", "warned", 0);
    px_doc_free(d2);
    /* a subordinate clause before the comma: the outer content is whole */
    expect(d, "that if the state held up the deal, the company warned it would leave", "The mayor",
           "said", 0);
    px_doc_free(d);
}

static void test_pronoun_gender(void **state)
{
    (void)state;
    px_article a = {.text = px_slice_cstr("Ms. Warren met Mr. Stumpf in the hearing room. "
                                          "She said that the bank had failed its customers.\n")};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
    px_entity *e = PX_ARENA_NEW(d->arena, px_entity, 2);
    px_span *m = PX_ARENA_NEW(d->arena, px_span, 2);
    assert_non_null(e);
    assert_non_null(m);
    m[0] = occ(d, "Warren", 0);
    m[1] = occ(d, "Stumpf", 0);
    e[0] = (px_entity){.type = PX_ENT_PER, .mentions = &m[0], .n_mentions = 1};
    e[1] = (px_entity){.type = PX_ENT_PER, .mentions = &m[1], .n_mentions = 1};
    d->entities = e;
    d->n_entities = 2;
    rerun_quotes(d);
    /* "She" skips the nearer "Mr. Stumpf" */
    const px_quote *q = find(d, "that the bank had failed its customers");
    assert_non_null(q);
    assert_int_equal(q->speaker, 0);
    px_doc_free(d);
}

static void test_record(void **state)
{
    (void)state;
    px_doc *d = quotes_of("“We will never recognise Kosovo,” Vucic said.\n");
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_doc_write_json(d, &b), PX_OK);
    cJSON *o = cJSON_ParseWithLength((const char *)b.ptr, b.len);
    assert_non_null(o);
    cJSON *q = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "quotes"), 0);
    assert_non_null(q);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(q, "direct")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(q, "speaker")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(q, "content")), 1);
    cJSON_Delete(o);
    px_buf_free(&b);
    px_doc_free(d);
}

static void test_bad_input(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "\"",
        "“",
        "”",
        "'",
        "‘’",
        "\"\"\"\"",
        "“ ”",
        "said",
        "according to",
        ": \"",
        "“unclosed\n\n“still open\n\n“and open",
        "«»„“‹›‚‘",
        "said: “",
        "\"a,\" said",
        "according to ,",
        "X: ",
        "“a,” he said, “",
        "''",
        "'''''",
        "told that",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        px_doc *d = quotes_of(texts[i]);
        for (size_t k = 0; k < d->n_quotes; k++) {
            const px_quote *q = &d->quotes[k];
            assert_true(q->n_content > 0);
            for (uint32_t j = 0; j < q->n_content; j++)
                assert_true(q->content[j].start < q->content[j].end &&
                            q->content[j].end <= d->text.len);
        }
        px_doc_free(d);
    }
}

/* Learned attribution frames (data/quotes/frames.tsv): a verb of the list
 * with a subject before it and its object after it ("praised [the new budget
 * plan]"); the loader skips a malformed line with one message. */
static void test_frames(void **state)
{
    (void)state;
    px_doc *d = quotes_of("The senator praised the new budget plan.\n");
    expect(d, "the new budget plan", "The senator", "praised", 0);
    px_doc_free(d);
    /* a raising verb: no source */
    d = quotes_of("The outline of a strategy seems clear.\n");
    const px_quote *q = find(d, "clear");
    assert_non_null(q);
    assert_true(q->source.start == UINT32_MAX);
    assert_true(span_is(d, q->cue, "seems"));
    px_doc_free(d);
    /* a verb not in the list gives nothing */
    d = quotes_of("The senator painted the old garden fence.\n");
    assert_int_equal(d->n_quotes, 0);
    px_doc_free(d);
    char path[] = "/tmp/px_frames_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# comment\npraise\tobj\t29\t19\nno tab here\nvow\tsubj\n\nvow\txcomp\n", f);
    fclose(f);
    px_buf warn;
    px_buf_init(&warn, 1 << 16);
    px_qframes *fr;
    char err[PX_ERRMSG_SIZE];
    assert_int_equal(px__quote_frames_load(path, &warn, &fr, err), PX_OK);
    remove(path);
    assert_int_equal(px_buf_terminate(&warn), PX_OK);
    const char *name = strrchr(path, '/') + 1, *w = (const char *)warn.ptr;
    char want[64];
    snprintf(want, sizeof want, "%s:3: ", name);
    assert_non_null(strstr(w, want));
    snprintf(want, sizeof want, "%s:4: ", name);
    assert_non_null(strstr(w, want));
    assert_int_equal(strstr(strstr(w, want) + 1, "\n")[1], 0); /* two lines */
    assert_true(px__quote_frames_has(fr, PX_SLICE_LIT("praise"), 2));
    assert_true(px__quote_frames_has(fr, PX_SLICE_LIT("Praise"), 2));
    assert_false(px__quote_frames_has(fr, PX_SLICE_LIT("praise"), 0));
    assert_true(px__quote_frames_has(fr, PX_SLICE_LIT("vow"), 1));
    assert_false(px__quote_frames_has(fr, PX_SLICE_LIT("vow"), 2));
    px__quote_frames_free(fr);
    px_buf_free(&warn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_after),
        cmocka_unit_test(test_source_before_and_inside),
        cmocka_unit_test(test_quote_styles),
        cmocka_unit_test(test_apostrophes),
        cmocka_unit_test(test_multi_paragraph),
        cmocka_unit_test(test_partial_and_scare_quotes),
        cmocka_unit_test(test_lead_in),
        cmocka_unit_test(test_cue_verbs),
        cmocka_unit_test(test_reported_shapes),
        cmocka_unit_test(test_reported_more),
        cmocka_unit_test(test_infinitives),
        cmocka_unit_test(test_more_direct_shapes),
        cmocka_unit_test(test_transcript),
        cmocka_unit_test(test_reported_sources),
        cmocka_unit_test(test_nothing_said),
        cmocka_unit_test(test_speakers),
        cmocka_unit_test(test_pronoun_antecedent),
        cmocka_unit_test(test_parsed_clauses),
        cmocka_unit_test(test_stance),
        cmocka_unit_test(test_run_on_reported),
        cmocka_unit_test(test_more_cue_verbs),
        cmocka_unit_test(test_parenthetical),
        cmocka_unit_test(test_front_part),
        cmocka_unit_test(test_colon_lead),
        cmocka_unit_test(test_asked),
        cmocka_unit_test(test_dateline_source),
        cmocka_unit_test(test_nested_attribution),
        cmocka_unit_test(test_pronoun_gender),
        cmocka_unit_test(test_record),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_frames),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
