/* Tests for text/segment.c: paragraphs, sentences and tokens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static struct px_engine g_engine;

/* One segmented text. The text is copied into a buffer of exactly its length
 * (no NUL after it), so ASan catches any read past the end. */
typedef struct seg {
    struct px_doc d;
    uint8_t *buf;
} seg;

static void seg_run(seg *s, const char *text, size_t len)
{
    memset(s, 0, sizeof(*s));
    s->buf = malloc(len ? len : 1);
    assert_non_null(s->buf);
    memcpy(s->buf, text, len);
    s->d.arena = px__arena_new(0, 0);
    assert_non_null(s->d.arena);
    s->d.engine = &g_engine;
    s->d.text = (px_slice){s->buf, len};
    assert_int_equal(px__segment(&s->d), PX_OK);
}

static void seg_str(seg *s, const char *text)
{
    seg_run(s, text, strlen(text));
}

static void seg_free(seg *s)
{
    px__arena_free(s->d.arena);
    px__free(s->d.toks_owned); /* a large document's tokens are not in the arena */
    free(s->buf);
}

static int span_is(const seg *s, px_span sp, const char *want)
{
    size_t n = strlen(want);
    if (sp.end - sp.start == n && memcmp(s->buf + sp.start, want, n) == 0)
        return 1;
    print_error("span [%u,%u) is \"%.*s\", want \"%s\"\n", sp.start, sp.end,
                (int)(sp.end - sp.start), (const char *)s->buf + sp.start, want);
    return 0;
}

/* Segments text and checks its sentences are exactly want[0..n). */
static void expect_sents(const char *text, const char *const *want, size_t n)
{
    seg s;
    seg_str(&s, text);
    for (size_t i = 0; i < s.d.n_sents && s.d.n_sents != n; i++)
        print_error("  sent %zu: \"%.*s\"\n", i, (int)(s.d.sents[i].end - s.d.sents[i].start),
                    (const char *)s.buf + s.d.sents[i].start);
    assert_int_equal(s.d.n_sents, n);
    for (size_t i = 0; i < n; i++)
        assert_true(span_is(&s, s.d.sents[i], want[i]));
    seg_free(&s);
}

#define EXPECT_SENTS(text, ...)                                                                    \
    do {                                                                                           \
        static const char *const want_[] = {__VA_ARGS__};                                          \
        expect_sents(text, want_, sizeof(want_) / sizeof(want_[0]));                               \
    } while (0)

/* Returns the index of the first token whose text is w, or -1. */
static long find_tok(const seg *s, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i < s->d.n_toks; i++) {
        const px_token *t = &s->d.toks[i];
        if (t->end - t->start == n && memcmp(s->buf + t->start, w, n) == 0)
            return (long)i;
    }
    print_error("no token \"%s\"\n", w);
    return -1;
}

static const px_token *tok(const seg *s, const char *w)
{
    long i = find_tok(s, w);
    assert_true(i >= 0);
    return &s->d.toks[i];
}

static void key_is(const px_token *t, const char *want)
{
    assert_int_equal(t->key_len, strlen(want));
    assert_memory_equal(t->key, want, t->key_len);
    assert_true(t->key_hash == px__hash64(want, strlen(want), 0));
}

/* ---- empty input ---- */

static void test_empty(void **state)
{
    (void)state;
    seg s;
    seg_run(&s, "", 0);
    assert_int_equal(s.d.n_paras, 0);
    assert_int_equal(s.d.n_sents, 0);
    assert_int_equal(s.d.n_toks, 0);
    seg_free(&s);
}

static void test_whitespace_only(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "  \n\t\r\n \n\n  \xc2\xa0 ");
    assert_int_equal(s.d.n_paras, 0);
    assert_int_equal(s.d.n_sents, 0);
    assert_int_equal(s.d.n_toks, 0);
    seg_free(&s);
}

static void test_no_final_newline(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "The vote was delayed");
    assert_int_equal(s.d.n_paras, 1);
    assert_int_equal(s.d.n_sents, 1);
    assert_int_equal(s.d.n_toks, 4);
    assert_true(span_is(&s, s.d.paras[0], "The vote was delayed"));
    assert_true(span_is(&s, s.d.sents[0], "The vote was delayed"));
    assert_true(span_is(&s, (px_span){s.d.toks[3].start, s.d.toks[3].end}, "delayed"));
    seg_free(&s);
}

static void test_too_big(void **state)
{
    (void)state;
    static const uint8_t one[1] = {'a'};
    struct px_doc d;
    memset(&d, 0, sizeof(d));
    d.arena = px__arena_new(0, 0);
    d.engine = &g_engine;
    d.text = (px_slice){one, (size_t)UINT32_MAX + 1}; /* checked before any read */
    assert_int_equal(px__segment(&d), PX_ETOOBIG);
    px_token *t;
    size_t n;
    assert_int_equal(px__tokenize(g_engine.folder, d.arena, d.text, &t, &n), PX_ETOOBIG);
    assert_int_equal(px__segment(NULL), PX_EINVAL);
    px__arena_free(d.arena);
}

/* The text layer alone (text/text.h): no document, no engine; the same spans
 * as through a document, and the scratch buffer lent and given back. */
static void test_text_layer(void **state)
{
    (void)state;
    static const char text[] = "First one here. Second one.\n\nA new paragraph.";
    px_slice t = {(const uint8_t *)text, sizeof text - 1};
    px_arena *a = px__arena_new(0, 0);
    assert_non_null(a);
    px_tok_scratch sc = {NULL, 0};
    px_segmented sg;
    assert_int_equal(px__segment_text(g_engine.folder, a, t, &sc, &sg, NULL), PX_OK);
    assert_int_equal(sg.n_paras, 2);
    assert_int_equal(sg.n_sents, 3);
    assert_int_equal(sg.n_toks, 11);
    assert_null(sg.toks_owned);
    assert_non_null(sc.toks);
    assert_true(sc.cap >= sg.n_toks);
    seg s;
    seg_str(&s, text);
    assert_int_equal(s.d.n_sents, sg.n_sents);
    for (size_t i = 0; i < sg.n_sents; i++) {
        assert_int_equal(s.d.sents[i].start, sg.sents[i].start);
        assert_int_equal(s.d.sents[i].end, sg.sents[i].end);
    }
    assert_int_equal(s.d.n_toks, sg.n_toks);
    seg_free(&s);
    char err[PX_ERRMSG_SIZE] = "";
    assert_int_equal(px__segment_text(g_engine.folder, a, (px_slice){t.ptr, (size_t)UINT32_MAX + 1},
                                      &sc, &sg, err),
                     PX_ETOOBIG);
    assert_non_null(strstr(err, "over 4 GiB"));
    assert_int_equal(px__segment_text(NULL, a, t, NULL, &sg, NULL), PX_EINVAL);
    px__free(sc.toks);
    px__arena_free(a);
}

/* ---- sentences ---- */

static void test_simple_sentences(void **state)
{
    (void)state;
    EXPECT_SENTS("The council met on Monday. It approved the budget! Was anyone surprised? No.",
                 "The council met on Monday.", "It approved the budget!", "Was anyone surprised?",
                 "No.");
}

static void test_titles(void **state)
{
    (void)state;
    EXPECT_SENTS("Mr. Alvarez met Dr. Chen and Gen. Mark Hollis on Friday. Sen. Ruth Baker and "
                 "Gov. Tim Ames, along with Rep. Ann Cole, Prof. Lee, Capt. Ross and Lt. Col. "
                 "Hale, did not attend. St. Louis was quiet.",
                 "Mr. Alvarez met Dr. Chen and Gen. Mark Hollis on Friday.",
                 "Sen. Ruth Baker and Gov. Tim Ames, along with Rep. Ann Cole, Prof. Lee, Capt. "
                 "Ross and Lt. Col. Hale, did not attend.",
                 "St. Louis was quiet.");
}

static void test_months(void **state)
{
    (void)state;
    EXPECT_SENTS("The rule takes effect Jan. 1 and lapses Sept. 30, the agency said. A hearing is "
                 "set for Dec. 4 in Washington.",
                 "The rule takes effect Jan. 1 and lapses Sept. 30, the agency said.",
                 "A hearing is set for Dec. 4 in Washington.");
}

static void test_country_abbrev(void **state)
{
    (void)state;
    EXPECT_SENTS("The U.S. Senate and the U.N. Security Council both met. Prices rose in the U.S. "
                 "The Fed responded quickly. Trade between the U.K. and the E.U. fell.",
                 "The U.S. Senate and the U.N. Security Council both met.",
                 "Prices rose in the U.S.", "The Fed responded quickly.",
                 "Trade between the U.K. and the E.U. fell.");
    /* Not a common sentence starter after "U.S.": keep going. */
    EXPECT_SENTS("She returned to the U.S. Congress on Tuesday.",
                 "She returned to the U.S. Congress on Tuesday.");
    /* A line break after "U.S." ends the sentence. */
    EXPECT_SENTS("Exports fell in the U.S.\nChina reported gains.", "Exports fell in the U.S.",
                 "China reported gains.");
}

static void test_initials(void **state)
{
    (void)state;
    EXPECT_SENTS("J. R. R. Tolkien wrote the books. George W. Bush read them in 2003. The "
                 "plan was called Plan B. It failed.",
                 "J. R. R. Tolkien wrote the books.", "George W. Bush read them in 2003.",
                 "The plan was called Plan B.", "It failed.");
}

static void test_decimals_and_times(void **state)
{
    (void)state;
    EXPECT_SENTS("Growth slowed to 3.5 percent, and shares fell at 2:40 p.m. on Tuesday. "
                 "Officials met at 9 a.m. The talks ended in 2019. 2020 was worse.",
                 "Growth slowed to 3.5 percent, and shares fell at 2:40 p.m. on Tuesday.",
                 "Officials met at 9 a.m.", "The talks ended in 2019.", "2020 was worse.");
}

static void test_ellipsis(void **state)
{
    (void)state;
    EXPECT_SENTS("And then... it was over. Nobody moved\xe2\x80\xa6 Then the lights came on. He "
                 "paused\xe2\x80\xa6 and went on.",
                 "And then... it was over.", "Nobody moved\xe2\x80\xa6", "Then the lights came on.",
                 "He paused\xe2\x80\xa6 and went on.");
}

static void test_closing_quotes(void **state)
{
    (void)state;
    EXPECT_SENTS("He said \"Go.\"", "He said \"Go.\"");
    EXPECT_SENTS("\"It is over.\" Then the crowd left. \"Why?\" he asked.", "\"It is over.\"",
                 "Then the crowd left.", "\"Why?\" he asked.");
    EXPECT_SENTS("\xe2\x80\x9cWe will win.\xe2\x80\x9d She smiled. (They left early.) The end "
                 "came \xc2\xabsoon.\xc2\xbb Later, \xe2\x80\x98nothing.\xe2\x80\x99 Done.",
                 "\xe2\x80\x9cWe will win.\xe2\x80\x9d", "She smiled.", "(They left early.)",
                 "The end came \xc2\xabsoon.\xc2\xbb", "Later, \xe2\x80\x98nothing.\xe2\x80\x99",
                 "Done.");
}

static void test_abbrev_misc(void **state)
{
    (void)state;
    EXPECT_SENTS("They sold apples, pears, etc. and more. Shares of Acme Inc. The firm said "
                 "no. Martin Luther King Jr. spoke, e.g. About rights.",
                 "They sold apples, pears, etc. and more.", "Shares of Acme Inc.",
                 "The firm said no.", "Martin Luther King Jr. spoke, e.g. About rights.");
    EXPECT_SENTS("The bill, sponsored by Sen. Ada Reyes, D-Calif. and others, passed.",
                 "The bill, sponsored by Sen. Ada Reyes, D-Calif. and others, passed.");
}

static void test_no_break_lowercase_or_nospace(void **state)
{
    (void)state;
    EXPECT_SENTS("It was late. and dark. See example.com for more.", "It was late. and dark.",
                 "See example.com for more.");
}

static void test_headlines(void **state)
{
    (void)state;
    EXPECT_SENTS("Senate Passes Budget Bill After Long Debate\nThe Senate on Tuesday passed the "
                 "bill. It goes to the House.",
                 "Senate Passes Budget Bill After Long Debate",
                 "The Senate on Tuesday passed the bill.", "It goes to the House.");
    /* Wrapped prose: the next line starts lower case. */
    EXPECT_SENTS("The committee said that the\nproposal would be reviewed.",
                 "The committee said that the\nproposal would be reviewed.");
    /* A long line is prose too, even before a capital. */
    EXPECT_SENTS("The committee said on Tuesday that the proposal would be reviewed in full by "
                 "the panel and\nCongress later this year.",
                 "The committee said on Tuesday that the proposal would be reviewed in full by "
                 "the panel and\nCongress later this year.");
    /* A line ending with a comma is not a headline. */
    EXPECT_SENTS("Residents of Ohio,\nTexas and Utah voted.",
                 "Residents of Ohio,\nTexas and Utah voted.");
}

/* ---- paragraphs ---- */

static void test_paragraphs(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "\n\n  First paragraph here.   \n\n\nSecond one. Two sentences.\n \t \nThird"
                "\nline two.  \n");
    assert_int_equal(s.d.n_paras, 3);
    assert_true(span_is(&s, s.d.paras[0], "First paragraph here."));
    assert_true(span_is(&s, s.d.paras[1], "Second one. Two sentences."));
    assert_true(span_is(&s, s.d.paras[2], "Third\nline two."));
    assert_int_equal(s.d.n_sents, 4);
    assert_true(span_is(&s, s.d.sents[3], "Third\nline two."));
    seg_free(&s);
}

static void test_sentence_never_crosses_paragraph(void **state)
{
    (void)state;
    EXPECT_SENTS("No final period here\n\nand a lower-case start", "No final period here",
                 "and a lower-case start");
    EXPECT_SENTS("Talks with Mr.\n\nSmith resumed.", "Talks with Mr.", "Smith resumed.");
}

static void test_crlf(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "Line one ends.\r\nLine two ends.\r\n\r\nPara two.\r\n");
    assert_int_equal(s.d.n_paras, 2);
    assert_true(span_is(&s, s.d.paras[0], "Line one ends.\r\nLine two ends."));
    assert_true(span_is(&s, s.d.paras[1], "Para two."));
    assert_int_equal(s.d.n_sents, 3);
    assert_true(span_is(&s, s.d.sents[1], "Line two ends."));
    for (size_t i = 0; i < s.d.n_toks; i++)
        assert_null(memchr(s.buf + s.d.toks[i].start, '\r', s.d.toks[i].end - s.d.toks[i].start));
    seg_free(&s);
}

/* ---- tokens ---- */

static void test_token_kinds(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "Prices rose 3.5% to $8,000 on 1999-03-24 at 2:40, up \xe2\x82\xac"
                "5.");
    static const struct {
        const char *text;
        int kind;
    } want[] = {{"Prices", PX_TOK_WORD}, {"rose", PX_TOK_WORD},        {"3.5", PX_TOK_NUM},
                {"%", PX_TOK_SYM},       {"to", PX_TOK_WORD},          {"$", PX_TOK_SYM},
                {"8,000", PX_TOK_NUM},   {"on", PX_TOK_WORD},          {"1999-03-24", PX_TOK_NUM},
                {"at", PX_TOK_WORD},     {"2:40", PX_TOK_NUM},         {",", PX_TOK_PUNCT},
                {"up", PX_TOK_WORD},     {"\xe2\x82\xac", PX_TOK_SYM}, {"5", PX_TOK_NUM},
                {".", PX_TOK_PUNCT}};
    assert_int_equal(s.d.n_toks, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < s.d.n_toks; i++) {
        const px_token *t = &s.d.toks[i];
        assert_true(span_is(&s, (px_span){t->start, t->end}, want[i].text));
        assert_int_equal(t->kind, want[i].kind);
        assert_int_equal(t->pad, 0);
    }
    seg_free(&s);
}

static void test_inner_joiners(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "Don't call the well-known Jean-Pierre\xe2\x80\x99s aide -- or the players' "
                "'90s COVID-19 team, the U.S.-China panel.");
    assert_int_equal(tok(&s, "Don't")->kind, PX_TOK_WORD);
    key_is(tok(&s, "Don't"), "don't");
    assert_int_equal(tok(&s, "well-known")->kind, PX_TOK_WORD);
    key_is(tok(&s, "Jean-Pierre\xe2\x80\x99s"), "jean-pierre's");
    assert_int_equal(tok(&s, "COVID-19")->kind, PX_TOK_WORD);
    assert_int_equal(tok(&s, "U.S.")->kind, PX_TOK_WORD);
    assert_int_equal(tok(&s, "players")->kind, PX_TOK_WORD);
    assert_int_equal(tok(&s, "90s")->kind, PX_TOK_WORD);
    /* "--" is two marks; the apostrophes outside words are marks of their own. */
    long dash = find_tok(&s, "-");
    assert_true(dash > 0);
    assert_true(span_is(&s, (px_span){s.d.toks[dash + 1].start, s.d.toks[dash + 1].end}, "-"));
    assert_int_equal(tok(&s, "'")->kind, PX_TOK_PUNCT);
    assert_int_equal(tok(&s, "China")->kind, PX_TOK_WORD);
    assert_int_equal(s.d.n_sents, 1);
    seg_free(&s);
}

static void test_ellipsis_tokens(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "Wait... what\xe2\x80\xa6 ok?!");
    assert_int_equal(s.d.n_toks, 7);
    assert_int_equal(tok(&s, "...")->kind, PX_TOK_PUNCT);
    assert_int_equal(tok(&s, "\xe2\x80\xa6")->kind, PX_TOK_PUNCT);
    assert_int_equal(tok(&s, "?")->kind, PX_TOK_PUNCT);
    assert_int_equal(tok(&s, "!")->kind, PX_TOK_PUNCT);
    seg_free(&s);
}

static void test_abbrev_tokens(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "Mr. Diaz left the U.N. at 5 p.m. with Dr. Ito. Then the Senate voted.");
    assert_non_null(tok(&s, "Mr."));
    assert_non_null(tok(&s, "U.N."));
    assert_non_null(tok(&s, "p.m."));
    assert_non_null(tok(&s, "Dr."));
    key_is(tok(&s, "U.N."), "u.n.");
    /* "Ito" is not an abbreviation: its period is a mark of its own. */
    assert_non_null(tok(&s, "Ito"));
    assert_int_equal(s.d.n_sents, 2);
    seg_free(&s);
}

static void test_flags(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "NATO and the U.S. said I would go. Élysée officials agreed, iPhone sales rose.");
    assert_int_equal(tok(&s, "NATO")->flags, PX_TF_UPPER1 | PX_TF_ALLCAPS | PX_TF_SENTSTART);
    assert_int_equal(tok(&s, "U.S.")->flags, PX_TF_UPPER1 | PX_TF_ALLCAPS);
    assert_int_equal(tok(&s, "I")->flags, PX_TF_UPPER1);
    assert_int_equal(tok(&s, "and")->flags, 0);
    assert_int_equal(tok(&s, "iPhone")->flags, 0);
    assert_int_equal(tok(&s, "\xc3\x89lys\xc3\xa9"
                             "e")
                         ->flags,
                     PX_TF_UPPER1 | PX_TF_SENTSTART);
    key_is(tok(&s, "\xc3\x89lys\xc3\xa9"
                   "e"),
           "elysee");
    size_t starts = 0;
    for (size_t i = 0; i < s.d.n_toks; i++)
        starts += (s.d.toks[i].flags & PX_TF_SENTSTART) != 0;
    assert_int_equal(starts, s.d.n_sents);
    seg_free(&s);
}

static void test_folding_cyrillic(void **state)
{
    (void)state;
    seg s;
    seg_str(&s, "\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b \xd1\x98\xd0\xb5 \xd1\x80\xd0\xb5"
                "\xd0\xba\xd0\xb0\xd0\xbe. VU\xc4\x8c"
                "I\xc4\x86 je oti\xc5\xa1"
                "ao. "
                "\xd0\x9e\xd0\xbd \xd1\x81\xd1\x83\xd1\x82\xd1\x80\xd0\xb0.");
    const px_token *a = tok(&s, "\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b");
    const px_token *b = tok(&s, "VU\xc4\x8cI\xc4\x86");
    key_is(a, "vucic");
    key_is(b, "vucic");
    assert_int_equal(a->flags, PX_TF_UPPER1 | PX_TF_SENTSTART);
    assert_int_equal(b->flags, PX_TF_UPPER1 | PX_TF_ALLCAPS | PX_TF_SENTSTART);
    assert_int_equal(s.d.n_sents, 3);
    assert_true(span_is(&s, s.d.sents[2],
                        "\xd0\x9e\xd0\xbd \xd1\x81\xd1\x83\xd1\x82\xd1\x80"
                        "\xd0\xb0."));
    seg_free(&s);
}

static void test_greek(void **state)
{
    (void)state;
    EXPECT_SENTS("\xce\x9f \xcf\x80\xcf\x81\xcf\x89\xce\xb8\xcf\x85\xcf\x80\xce\xbf\xcf\x85\xcf"
                 "\x81\xce\xb3\xcf\x8c\xcf\x82 \xce\xbc\xce\xaf\xce\xbb\xce\xb7\xcf\x83\xce\xb5. "
                 "\xce\x97 \xce\xb2\xce\xbf\xcf\x85\xce\xbb\xce\xae \xcf\x88\xce\xae\xcf\x86\xce"
                 "\xb9\xcf\x83\xce\xb5.",
                 "\xce\x9f \xcf\x80\xcf\x81\xcf\x89\xce\xb8\xcf\x85\xcf\x80\xce\xbf\xcf\x85\xcf"
                 "\x81\xce\xb3\xcf\x8c\xcf\x82 \xce\xbc\xce\xaf\xce\xbb\xce\xb7\xcf\x83\xce\xb5.",
                 "\xce\x97 \xce\xb2\xce\xbf\xcf\x85\xce\xbb\xce\xae \xcf\x88\xce\xae\xcf\x86\xce"
                 "\xb9\xcf\x83\xce\xb5.");
}

static void test_cjk(void **state)
{
    (void)state;
    /* "会議が始まった。首相が話した。" */
    const char *text = "\xe4\xbc\x9a\xe8\xad\xb0\xe3\x81\x8c\xe5\xa7\x8b\xe3\x81\xbe\xe3\x81\xa3"
                       "\xe3\x81\x9f\xe3\x80\x82\xe9\xa6\x96\xe7\x9b\xb8\xe3\x81\x8c\xe8\xa9\xb1"
                       "\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82";
    seg s;
    seg_str(&s, text);
    assert_int_equal(s.d.n_sents, 2);
    assert_true(span_is(&s, s.d.sents[1],
                        "\xe9\xa6\x96\xe7\x9b\xb8\xe3\x81\x8c\xe8\xa9\xb1"
                        "\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82"));
    /* Each ideograph is a token: 会 議 が 始 まった 。 */
    assert_true(span_is(&s, (px_span){s.d.toks[0].start, s.d.toks[0].end}, "\xe4\xbc\x9a"));
    assert_true(span_is(&s, (px_span){s.d.toks[1].start, s.d.toks[1].end}, "\xe8\xad\xb0"));
    assert_int_equal(s.d.toks[5].kind, PX_TOK_PUNCT);
    assert_int_equal(s.d.n_toks, 12);
    seg_free(&s);
}

static void test_tokenize(void **state)
{
    (void)state;
    px_arena *a = px__arena_new(0, 0);
    px_token *t;
    size_t n;
    static const char q[] = "New York Times' U.S. desk";
    assert_int_equal(
        px__tokenize(g_engine.folder, a, (px_slice){(const uint8_t *)q, strlen(q)}, &t, &n), PX_OK);
    assert_int_equal(n, 6);
    key_is(&t[0], "new");
    key_is(&t[2], "times");
    assert_int_equal(t[3].kind, PX_TOK_PUNCT);
    key_is(&t[4], "u.s.");
    assert_int_equal(t[0].flags, PX_TF_UPPER1);
    assert_int_equal(t[4].pad, 0);
    assert_int_equal(px__tokenize(g_engine.folder, a, (px_slice){NULL, 0}, &t, &n), PX_OK);
    assert_int_equal(n, 0);
    px__arena_free(a);
}

/* ---- volume and robustness ---- */

/* Checks that paragraphs, sentences and tokens are ordered, nested and in bounds. */
static void check_invariants(const seg *s)
{
    size_t len = s->d.text.len, p = 0, k = 0;
    for (size_t i = 0; i < s->d.n_toks; i++) {
        const px_token *t = &s->d.toks[i];
        assert_true(t->start < t->end && t->end <= len);
        assert_true(i == 0 || s->d.toks[i - 1].end <= t->start);
        assert_true(t->kind >= PX_TOK_WORD && t->kind <= PX_TOK_SYM);
        assert_true(t->key_hash == px__hash64(t->key, t->key_len, 0));
    }
    for (size_t i = 0; i < s->d.n_sents; i++) {
        px_span sp = s->d.sents[i];
        assert_true(sp.start < sp.end && sp.end <= len);
        assert_true(i == 0 || s->d.sents[i - 1].end <= sp.start);
        while (p < s->d.n_paras && s->d.paras[p].end < sp.end)
            p++;
        assert_true(p < s->d.n_paras && s->d.paras[p].start <= sp.start);
        while (k < s->d.n_toks && s->d.toks[k].start < sp.start)
            k++;
        assert_true(k < s->d.n_toks && s->d.toks[k].start == sp.start);
        assert_true(s->d.toks[k].flags & PX_TF_SENTSTART);
    }
}

static void test_one_megabyte(void **state)
{
    (void)state;
    static const char *const para[] = {
        "Lawmakers in the U.S. House voted 218-214 on Thursday to pass the measure. ",
        "Mr. Ortega, who spoke at 3:15 p.m., said the vote was \"a turning point.\" ",
        "Analysts expect growth of 2.5 percent in Jan. and Feb. next year... ",
        "Still, critics were unconvinced!\n\n",
    };
    size_t cap = 1 << 20, len = 0, nparas = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    while (len + 400 < cap) {
        for (size_t i = 0; i < 4; i++) {
            memcpy(buf + len, para[i], strlen(para[i]));
            len += strlen(para[i]);
        }
        nparas++;
    }
    seg s;
    seg_run(&s, buf, len);
    free(buf);
    assert_int_equal(s.d.n_paras, nparas);
    assert_int_equal(s.d.n_sents, nparas * 4);
    assert_true(s.d.n_toks > nparas * 50);
    check_invariants(&s);
    seg_free(&s);
}

static uint32_t rng_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return (uint32_t)(*x >> 32);
}

static void test_random_utf8(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    static const uint32_t pool[] = {' ',    '\n',   '.',    '!',    '?',    '"',
                                    '\'',   '-',    ',',    ':',    '\r',   0x2019,
                                    0x2026, 0x201D, 0x3002, 0x200D, 0x0301, 0x2029};
    for (int round = 0; round < 40; round++) {
        size_t cap = 4096, len = 0;
        uint8_t *buf = malloc(cap);
        assert_non_null(buf);
        while (len + 4 <= cap) {
            uint32_t r = rng_next(&x), cp;
            switch (r % 4) {
            case 0:
                cp = pool[(r >> 8) % (sizeof(pool) / sizeof(pool[0]))];
                break;
            case 1:
                cp = (r >> 8) % 0x80;
                break;
            case 2:
                cp = (r >> 8) % 0x800;
                break;
            default:
                cp = (r >> 8) % 0x110000;
                break;
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 'x';
            len += (size_t)px__utf8_encode(cp, buf + len);
        }
        seg s;
        seg_run(&s, (const char *)buf, len);
        check_invariants(&s);
        seg_free(&s);
        free(buf);
    }
}

static int group_setup(void **state)
{
    (void)state;
    char err[PX_ERRMSG_SIZE];
    return px__folder_new(&g_engine.folder, err) == PX_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    px__folder_free(g_engine.folder);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_whitespace_only),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_simple_sentences),
        cmocka_unit_test(test_titles),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_country_abbrev),
        cmocka_unit_test(test_initials),
        cmocka_unit_test(test_decimals_and_times),
        cmocka_unit_test(test_ellipsis),
        cmocka_unit_test(test_closing_quotes),
        cmocka_unit_test(test_abbrev_misc),
        cmocka_unit_test(test_no_break_lowercase_or_nospace),
        cmocka_unit_test(test_headlines),
        cmocka_unit_test(test_paragraphs),
        cmocka_unit_test(test_sentence_never_crosses_paragraph),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_token_kinds),
        cmocka_unit_test(test_inner_joiners),
        cmocka_unit_test(test_ellipsis_tokens),
        cmocka_unit_test(test_abbrev_tokens),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_folding_cyrillic),
        cmocka_unit_test(test_greek),
        cmocka_unit_test(test_cjk),
        cmocka_unit_test(test_tokenize),
        cmocka_unit_test(test_text_layer),
        cmocka_unit_test(test_one_megabyte),
        cmocka_unit_test(test_random_utf8),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
