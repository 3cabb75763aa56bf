/* Tests of the HTML report (src/report): hostile article text comes out inert,
 * every evidence link has its highlighted target, output is deterministic. */
#include <cjson/cJSON.h>

#include "corpus_fixture.h"
#include "parallax/report.h"
#include "report/report_impl.h"

static const char A[] =
    "Police said 3 people were killed and over 50 injured on the Ibar bridge on Sunday. "
    "<script>window.pwned=1</script> Organisers said 12 marchers were arrested on the Ibar "
    "bridge. \"Those terrorists will answer for every act of aggression,\" Interior Minister "
    "Petar Ilic said, \"><img src=x onerror=alert(1)>. The aggression on the bridge was "
    "planned, <a href=\"javascript:alert(2)\">the ministry</a> said.";
static const char B[] =
    "Five people were killed and 51 wounded when police charged the march on the Ibar bridge "
    "on Sunday. About 50,000 people marched across the Ibar bridge, police said. \"Those "
    "attackers will answer for every act of aggression,\" Interior Minister Petar Ilic said. "
    "Witnesses described an intervention by riot police against a peaceful march; the "
    "intervention left the peaceful marchers bleeding on the bridge.";

static const char EVIL_TITLE[] =
    "<script>alert('t')</script>\"><img src=x onerror=alert(3)> Bridge";
static const char EVIL_OUTLET[] = "north\"><svg onload=alert(4)>.example";

static void put(cfx *f,
                const char *id,
                const char *outlet,
                const char *url,
                const char *title,
                const char *text,
                const char *extra)
{
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_buf_append_str(&b, "{\"schema\":\"parallax.article/1\",\"id\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(id)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, ",\"source\":{\"outlet\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(outlet)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, ",\"url\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(url)), PX_OK);
    assert_int_equal(
        px_buf_append_str(&b, "},\"date\":\"2024-03-24\",\"date_source\":\"header\",\"title\":"),
        PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(title)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, ",\"text\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(text)), PX_OK);
    assert_int_equal(px_buf_append_byte(&b, ','), PX_OK);
    assert_int_equal(px_buf_append_str(&b, extra), PX_OK);
    assert_int_equal(px_buf_append_byte(&b, '}'), PX_OK);
    if (px_store_put_record(f->s, px_buf_slice(&b), NULL))
        fail_msg("put %s: %s", id, px_store_errmsg(f->s));
    px_buf_free(&b);
}

static void put_story(cfx *f)
{
    char ea[3072], eb[3072], s1[32], s2[32], s3[32], s4[32], s5[32], s6[32], s7[32], s8[32],
        s10[32], s11[32];
    snprintf(ea, sizeof ea,
             "\"quantities\":[{\"span\":%s,\"value\":3,\"high\":null,\"approx\":\"exact\","
             "\"object\":\"people\",\"count\":\"KILL\"},{\"span\":%s,\"value\":50,\"high\":null,"
             "\"approx\":\"over\",\"object\":null,\"count\":\"WOUND\"}],"
             "\"quotes\":[{\"content\":[%s],\"speaker\":null,\"direct\":true}],"
             "\"timexes\":[{\"span\":%s,\"type\":\"DATE\",\"value\":\"2024-03-24\"}],"
             /* The ministry arrested marchers (an actor's words hostile). */
             "\"events\":[{\"span\":%s,\"trigger\":%s,\"code\":\"173\",\"root\":\"17\","
             "\"goldstein\":-5.0,\"negated\":false,\"source\":{\"code\":\"GOV\",\"text\":"
             "\"<b onclick=alert(8)>ministry\"},\"target\":{\"code\":\"OPP\","
             "\"text\":\"12 marchers\",\"span\":%s}}]",
             cfx_span(A, "3 people were killed", s1, 32), cfx_span(A, "over 50 injured", s2, 32),
             cfx_span(A, "Those terrorists will answer for every act of aggression", s3, 32),
             cfx_span(A, "Sunday", s4, 32), cfx_span(A, "12 marchers were arrested", s7, 32),
             cfx_span(A, "arrested", s8, 32), cfx_span(A, "12 marchers", s10, 32));
    snprintf(eb, sizeof eb,
             "\"quantities\":[{\"span\":%s,\"value\":5,\"high\":null,\"approx\":\"exact\","
             "\"object\":\"people\",\"count\":\"KILL\"}],"
             "\"quotes\":[{\"content\":[%s],\"speaker\":null,\"direct\":true}],"
             "\"paragraphs\":[[0,%zu]],"
             /* The marchers against the police: the roles the other way round. */
             "\"events\":[{\"span\":%s,\"code\":\"175\",\"root\":\"17\","
             "\"goldstein\":-9.0,\"negated\":false,\"source\":{\"code\":\"OPP\",\"text\":"
             "\"the peaceful marchers\"},\"target\":{\"code\":\"GOV\",\"text\":\"riot "
             "police\"}}]",
             cfx_span(B, "Five people were killed", s5, 32),
             cfx_span(B, "Those attackers will answer for every act of aggression", s6, 32),
             strlen(B), cfx_span(B, "the intervention left the peaceful marchers", s11, 32));
    cfx_put_others(f);
    put(f, "art-a", EVIL_OUTLET, "javascript:alert(5)", EVIL_TITLE, A, ea);
    put(f, "art-b", "south.example", "https://south.example/\"><script>alert(6)</script>",
        "Police crush march", B, eb);
    /* The report reads the saved grouping: group first. */
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    px_stories_free(st);
}

static int sink_buf(void *ud, const uint8_t *p, size_t n)
{
    return px_buf_append((px_buf *)ud, p, n) != PX_OK;
}

static char *report(cfx *f, const px_report_opts *o)
{
    px_buf b;
    px_buf_init(&b, 0);
    if (px_report_write(f->s, o, sink_buf, &b))
        fail_msg("report: %s", px_store_errmsg(f->s));
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    return (char *)b.ptr;
}

static size_t count(const char *h, const char *needle)
{
    size_t n = 0;
    for (const char *p = h; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static void test_inert(void **state)
{
    cfx *f = *state;
    put_story(f);
    char *h = report(f, NULL);
    /* The only markup is ours: one script element, no img/svg onload, no live link. */
    assert_int_equal(count(h, "<script"), 1);
    assert_int_equal(count(h, "<img"), 0);
    assert_int_equal(count(h, "<svg onload"), 0);
    assert_int_equal(count(h, "href=\"javascript"), 0);
    assert_int_equal(count(h, "<a href=\"j"), 0);
    /* Every link stays inside the page. */
    for (const char *p = h; (p = strstr(p, "href=\"")); p++)
        assert_int_equal(p[6], '#');
    /* The hostile text is there, as text. */
    assert_non_null(
        strstr(h, "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x"));
    assert_non_null(strstr(h, "=1&lt;/script&gt; Organisers said"));
    assert_null(strstr(h, "<script>window"));
    assert_non_null(strstr(h, "north&quot;&gt;&lt;svg onload=alert(4)&gt;.example"));
    assert_non_null(strstr(h, "<code>javascript:alert(5)</code>"));
    assert_non_null(strstr(h, "&lt;a href=&quot;javascript:alert(2)&quot;&gt;"));
    free(h);
}

static void test_evidence(void **state)
{
    cfx *f = *state;
    put_story(f);
    char *h = report(f, NULL);
    /* Every evidence link has exactly one target, a <mark> in an article view. */
    size_t links = 0;
    for (const char *p = h; (p = strstr(p, "<a class=\"ev\" href=\"#")); p++) {
        const char *q = p + strlen("<a class=\"ev\" href=\"#");
        const char *e = strchr(q, '"');
        assert_non_null(e);
        char want[128];
        assert_true((size_t)(e - q) < sizeof want - 20);
        snprintf(want, sizeof want, "<mark id=\"%.*s\">", (int)(e - q), q);
        assert_int_equal(count(h, want), 1);
        links++;
    }
    assert_true(links >= 8); /* 3 counts, 2 quotes, a timeline entry, terms, 2 events */
    /* The events: the roles reversed in words, each version linked, the
     * Goldstein table per outlet and date. */
    assert_non_null(strstr(h, "id=\"sec-events-"));
    assert_non_null(strstr(h, "roles reversed</td>"));
    assert_non_null(strstr(h, "&lt;b onclick=alert(8)&gt;ministry → 12 marchers</a>: 173 coerce"));
    assert_non_null(strstr(h, "the peaceful marchers → riot police</a>: 175 coerce (−9.0)"));
    assert_non_null(strstr(h, "<td class=\"num\">−9.0 (1)</td>"));
    /* ... and drawn: a red bar below the zero line, its figure in its title */
    assert_non_null(strstr(h, "<svg class=\"goldstein-chart\""));
    assert_non_null(strstr(h, "fill=\"#8b0000\"><title>"));
    assert_non_null(strstr(h, ": −9.0 (1 event)</title></rect>"));
    /* The contradiction (3 vs 5 killed) is marked in words, and silences shown. */
    assert_non_null(strstr(h, "contradict</td>"));
    assert_non_null(strstr(h, "<em>silent</em>"));
    assert_non_null(strstr(h, "over 50</a>"));
    assert_non_null(strstr(h, "(source: header)"));
    /* Accessibility basics: headings, header cells with scope. */
    assert_non_null(strstr(h, "<h1>"));
    assert_non_null(strstr(h, "<th scope=\"col\">"));
    assert_non_null(strstr(h, "<th scope=\"row\">"));
    free(h);
}

/* Values read as words: thousands separators, the article's own words for a
 * vague count with its bound, the approximation kept. */
static void test_values(void **state)
{
    cfx *f = *state;
    static const char C[] = "Hundreds of protesters marched on the Ibar bridge on Sunday, police "
                            "said. Police said 1000000 people were displaced by the floods on "
                            "the Ibar river.";
    static const char D[] = "Tens of thousands of protesters marched on the Ibar bridge on "
                            "Sunday. About 1,200,000 people were displaced by the floods on the "
                            "Ibar river, officials said.";
    char ec[1024], ed[1024], s1[32], s2[32], s3[32], s4[32];
    snprintf(ec, sizeof ec,
             "\"quantities\":[{\"span\":%s,\"value\":200,\"high\":null,\"approx\":\"at least\","
             "\"object\":\"protesters\",\"count\":\"PROTEST\"},{\"span\":%s,\"value\":1000000,"
             "\"high\":null,\"approx\":\"exact\",\"object\":\"people\",\"count\":\"DISPLACED\"}]",
             cfx_span(C, "Hundreds of protesters", s1, 32), cfx_span(C, "1000000 people", s2, 32));
    snprintf(ed, sizeof ed,
             "\"quantities\":[{\"span\":%s,\"value\":20000,\"high\":null,\"approx\":\"at least\","
             "\"object\":\"protesters\",\"count\":\"PROTEST\"},{\"span\":%s,\"value\":1200000,"
             "\"high\":null,\"approx\":\"about\",\"object\":\"people\",\"count\":\"DISPLACED\"}]",
             cfx_span(D, "Tens of thousands of protesters", s3, 32),
             cfx_span(D, "About 1,200,000 people", s4, 32));
    cfx_put_others(f);
    put(f, "art-c", "north.example", "https://north.example/c", "Ibar bridge march", C, ec);
    put(f, "art-d", "south.example", "https://south.example/d", "Ibar bridge march", D, ed);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    px_stories_free(st);
    char *h = report(f, NULL);
    assert_non_null(strstr(h, "hundreds (≥ 200)"));
    assert_non_null(strstr(h, "tens of thousands (≥ 20,000)"));
    assert_non_null(strstr(h, ">1,000,000<"));
    assert_non_null(strstr(h, "about 1,200,000"));
    assert_null(strstr(h, "1000000<"));
    free(h);
}

static void test_deterministic(void **state)
{
    cfx *f = *state;
    put_story(f);
    char *a = report(f, NULL), *b = report(f, NULL);
    assert_string_equal(a, b);
    /* One story only, linked as a page of its own. */
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    const char *id = NULL;
    for (size_t i = 0; i < px_stories_count(st); i++)
        if (px_stories_size(st, i) == 2)
            id = px_stories_id(st, i);
    assert_non_null(id);
    const char *ids[] = {id, id};
    px_report_opts o = {ids, 2, ".html", NULL, NULL};
    char *c = report(f, &o);
    assert_int_equal(count(c, "<tr><th scope=\"row\"><a href=\""), 1);
    char want[64];
    snprintf(want, sizeof want, "href=\"%s.html\"", id);
    assert_non_null(strstr(c, want));
    assert_null(strstr(c, "class=\"art\"")); /* no article views in the index page */
    px_buf b1;
    px_buf_init(&b1, 0);
    assert_int_equal(px_report_story(f->s, id, "index.html", sink_buf, &b1), PX_OK);
    assert_int_equal(px_buf_terminate(&b1), PX_OK);
    assert_non_null(strstr((char *)b1.ptr, "<mark id=\"ev-"));
    assert_int_equal(count((char *)b1.ptr, "<script"), 1);
    px_buf_free(&b1);
    px_stories_free(st);
    free(a);
    free(b);
    free(c);
}

static void test_errors(void **state)
{
    cfx *f = *state;
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_report_write(f->s, NULL, sink_buf, &b), PX_ENOTFOUND); /* empty store */
    put_story(f);
    const char *ids[] = {"s-nosuch"};
    px_report_opts o = {ids, 1, NULL, NULL, NULL};
    assert_int_equal(px_report_write(f->s, &o, sink_buf, &b), PX_ENOTFOUND);
    assert_int_equal(px_report_story(f->s, "s-nosuch", NULL, sink_buf, &b), PX_ENOTFOUND);
    assert_int_equal(px_report_write(f->s, NULL, NULL, NULL), PX_EINVAL);
    px_buf_free(&b);
}

static void test_escape(void **state)
{
    (void)state;
    rep_out o;
    px_buf b;
    px_buf_init(&b, 0);
    px__rep_init(&o, sink_buf, &b);
    static const uint8_t in[] = "a<b>&\"'\x01\xff\xc3\xa9\xe2\x82\n\xed\xa0\x80z";
    px__rep_esc(&o, in, sizeof in - 1);
    px__rep_id(&o, "x-", "a_b c\"d");
    assert_int_equal(px__rep_finish(&o), PX_OK);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    assert_string_equal((char *)b.ptr,
                        "a&lt;b&gt;&amp;&quot;&#39;\xEF\xBF\xBD\xEF\xBF\xBD\xc3\xa9"
                        "\xEF\xBF\xBD\xEF\xBF\xBD\n\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz"
                        "x-a_5Fb_20c_22d");
    px_buf_free(&b);
}

static void test_spans(void **state)
{
    (void)state;
    /* "ab é cd" then a second paragraph; é is two bytes (3..5). */
    static const char text[] = "ab \xc3\xa9 cd\n\nxyz";
    rep_span para[] = {{0, 8}, {10, 13}};
    rep_art a = {.id = "x",
                 .text = (const uint8_t *)text,
                 .len = sizeof text - 1,
                 .para = para,
                 .n_para = 2};
    rep_span sp;
    assert_int_equal(px__rep_norm_raw(&a, 4, 7, &sp),
                     1); /* inside é: moved to the next character */
    assert_int_equal(sp.s, 5);
    assert_int_equal(sp.e, 7);
    assert_int_equal(px__rep_norm_raw(&a, 8, 12, &sp), 1); /* starts between paragraphs */
    assert_int_equal(sp.s, 10);
    assert_int_equal(px__rep_norm_raw(&a, 8, 10, &sp), 0); /* nothing left */
    assert_int_equal(px__rep_norm_raw(&a, -3, 2, &sp), 0);
    assert_int_equal(px__rep_norm_raw(&a, 5, 5, &sp), 0);
    assert_int_equal(px__rep_norm_raw(&a, 9, 4, &sp), 0);
    assert_int_equal(px__rep_norm_raw(&a, 12, 1e12, &sp), 1); /* clamped to the text */
    assert_int_equal(sp.e, 13);
    assert_int_equal(px__rep_norm_raw(&a, 1e12, 2e12, &sp), 0);
    a.text = NULL;
    assert_int_equal(px__rep_norm_raw(&a, 0, 2, &sp), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_inert, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_evidence, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_values, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_errors, cfx_setup, cfx_teardown),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_spans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
