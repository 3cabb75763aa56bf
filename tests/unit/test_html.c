/* Unit tests: HTML main-text extraction and metadata (src/ingest/html*.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eval/eval.h"
#include "ingest/html.h"
#include "internal.h"

static void eq(px_slice s, const char *want)
{
    if (!want) {
        assert_null(s.ptr);
        return;
    }
    assert_non_null(s.ptr);
    char buf[4096];
    snprintf(buf, sizeof buf, "%.*s", (int)s.len, (const char *)s.ptr);
    assert_string_equal(buf, want);
}

static const char PAGE[] =
    "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
    "<title>Bridge reopens after repairs | North Gazette</title>"
    "<meta property=\"og:site_name\" content=\"North Gazette\">"
    "<meta property=\"article:modified_time\" content=\"2024-04-02T09:00:00Z\">"
    "<link rel=\"canonical\" href=\"https://www.north.example/news/bridge\">"
    "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
    "\"@type\":\"NewsArticle\",\"headline\":\"Bridge reopens after repairs\","
    "\"datePublished\":\"2024-03-25T08:30:00+01:00\",\"dateModified\":\"2024-04-02\","
    "\"author\":{\"@type\":\"Person\",\"name\":\"Ana Petrovi\\u0107\"}}</script>"
    "<script>var x = '<p>not text</p>';</script><style>p{color:red}</style>"
    "</head><body>"
    "<div class=\"cookie-banner\">We use cookies to improve your experience on this site.</div>"
    "<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li>"
    "</ul></nav></header>"
    "<main><article><h1>Bridge reopens after repairs</h1>"
    "<div class=\"byline\">By Ana Petrovic, Staff Reporter</div>"
    "<div class=\"share-tools\"><a href=\"#\">Share on Facebook</a></div>"
    "<div class=\"article-body\">"
    "<p>The old bridge over the river reopened on Monday after two years of repairs, "
    "the city council said.</p>"
    "<figure><img src=\"a.jpg\"><figcaption>The bridge at dawn. Photo: J. Doe</figcaption>"
    "</figure>"
    "<p>Traffic is expected to return to normal levels by the end of the week, officials "
    "said, although heavy lorries remain banned.</p>"
    "<h2>A long wait</h2>"
    "<p>Residents had complained for months about detours &amp; delays, with some saying "
    "the work took far too long.</p>"
    "<blockquote><p>We are glad it is finally over, and the river is ours again.</p>"
    "</blockquote>"
    "<p>The repairs cost 12 million euros, according to the council&#8217;s figures.</p>"
    "</div>"
    "<aside class=\"related\"><h3>Related</h3><ul><li><a href=\"/a\">Another bridge story "
    "that is quite long</a></li><li><a href=\"/b\">Yet another linked story here</a></li>"
    "</ul></aside>"
    "<div class=\"newsletter\">Sign up for our newsletter to get the news every morning.</div>"
    "</article></main>"
    "<section id=\"comments\"><p>Great news, finally the bridge is open again for all of us!"
    "</p></section>"
    "<footer><p>Copyright 2024 North Gazette, all rights reserved, every single one.</p>"
    "</footer></body></html>";

static void test_main_text(void **state)
{
    (void)state;
    px_html *h = px__html_new();
    assert_non_null(h);
    px_html_result r;
    assert_int_equal(px__html_extract(h, PX_SLICE_LIT(PAGE), PX_SLICE_NULL, &r), PX_OK);
    eq(r.text, "The old bridge over the river reopened on Monday after two years of repairs, "
               "the city council said.\n\n"
               "Traffic is expected to return to normal levels by the end of the week, "
               "officials said, although heavy lorries remain banned.\n\n"
               "A long wait\n\n"
               "Residents had complained for months about detours & delays, with some saying "
               "the work took far too long.\n\n"
               "We are glad it is finally over, and the river is ours again.\n\n"
               "The repairs cost 12 million euros, according to the council\xE2\x80\x99s "
               "figures.");
    eq(r.title, "Bridge reopens after repairs");
    eq(r.date, "2024-03-25"); /* datePublished, not the modification date */
    assert_string_equal(r.date_source, "meta");
    eq(r.author, "Ana Petrovi\xC4\x87");
    eq(r.outlet, "North Gazette");
    eq(r.canonical, "https://www.north.example/news/bridge");
    eq(r.lang, "en-GB");
    px__html_free(h);
}

static void test_meta_fallbacks(void **state)
{
    (void)state;
    px_html *h = px__html_new();
    px_html_result r;
    /* No metadata: <title> without the site suffix, the date from the URL, the
     * outlet from the registered domain. A modification date is never used. */
    const char page[] =
        "<html><head><title>Floods close the coast road - The Daily Example</title>"
        "<meta name=\"last-modified\" content=\"2020-01-09\">"
        "<meta property=\"og:updated_time\" content=\"2020-01-09\"></head><body>"
        "<div id=\"content\"><p>Floods closed the coast road on Tuesday, and police asked "
        "drivers to stay away from the area.</p></div></body></html>";
    px_slice url = PX_SLICE_LIT("https://news.example.co.uk/2020/01/07/floods-coast-road");
    assert_int_equal(px__html_extract(h, PX_SLICE_LIT(page), url, &r), PX_OK);
    eq(r.title, "Floods close the coast road");
    eq(r.date, "2020-01-07");
    assert_string_equal(r.date_source, "url");
    eq(r.outlet, "example.co.uk");
    eq(r.author, NULL);
    /* No date anywhere: null. A <time datetime> counts as page metadata. */
    assert_int_equal(
        px__html_extract(h, PX_SLICE_LIT(page), PX_SLICE_LIT("http://x.example/a"), &r), PX_OK);
    eq(r.date, NULL);
    assert_null(r.date_source);
    const char timed[] = "<p>Some paragraph that is long enough to be the article text.</p>"
                         "<time datetime=\"2019-11-20T10:00\">Nov 20</time>"
                         "<meta name=\"author\" content=\"By Jane Roe\">";
    assert_int_equal(px__html_extract(h, PX_SLICE_LIT(timed), PX_SLICE_NULL, &r), PX_OK);
    eq(r.date, "2019-11-20");
    eq(r.author, "Jane Roe");
    eq(r.outlet, NULL);
    /* A logo in <h1> that disagrees with <title>: the title's headline part. An
     * og:title with the site's name after it, an og:site_name given as a URL
     * and an upper-case "BY" are tidied. */
    const char logo[] = "<html><head><title>Sports | Ferry crews end strike</title>"
                        "<meta property=\"og:site_name\" content=\"https://www.harbour.example/\">"
                        "<meta name=\"author\" content=\"BY JOHN SMITH\"></head><body>"
                        "<h1>Harbour Daily</h1><p>Ferry crews ended their strike on Monday "
                        "after a deal on pay was reached.</p></body></html>";
    assert_int_equal(px__html_extract(h, PX_SLICE_LIT(logo), PX_SLICE_NULL, &r), PX_OK);
    eq(r.title, "Ferry crews end strike");
    eq(r.outlet, "harbour.example");
    eq(r.author, "JOHN SMITH");
    const char og[] = "<meta property=\"og:title\" content=\"Ferry crews end strike - Harbour "
                      "Daily\"><p>Ferry crews ended their strike on Monday after a deal.</p>";
    assert_int_equal(
        px__html_extract(h, PX_SLICE_LIT(og), PX_SLICE_LIT("https://harbourdaily.example/a"), &r),
        PX_OK);
    eq(r.title, "Ferry crews end strike");
    /* #12 item 8: a <title> that names the site or is markup debris gives way
     * to the <h1> headline. */
    const char site[] = "<html><head><title>cbs4denver.com</title></head><body><h1>Congress "
                        "asks for an inquiry</h1><p>Congress asked the Justice Department on "
                        "Monday to investigate the case.</p></body></html>";
    assert_int_equal(px__html_extract(h, PX_SLICE_LIT(site), PX_SLICE_NULL, &r), PX_OK);
    eq(r.title, "Congress asks for an inquiry");
    px__html_free(h);
}

/* #12 items 5 and 8: a date printed in a byline or dateline near the top of
 * the text ("19 NOV 2019"), a ClaimReview's datePublished, and the outlet
 * from the site's part of <title> when the page has no URL and no site name. */
static void test_printed_dates(void **state)
{
    (void)state;
    char d[11];
    assert_true(px__dateline(PX_SLICE_LIT("By Jane Roe 19 NOV 2019\n\nThe council met."), d));
    assert_string_equal(d, "2019-11-19");
    assert_true(px__dateline(
        PX_SLICE_LIT("WASHINGTON, Nov. 19, 2019 - The Senate voted on Tuesday on a long bill "
                     "that had been debated for many weeks by both chambers of Congress."),
        d));
    assert_string_equal(d, "2019-11-19");
    /* an update date is not the publication date; a date deep in a long
     * paragraph is a fact of the story, not a dateline */
    assert_false(px__dateline(PX_SLICE_LIT("Updated: 20 Nov 2019\n\nText."), d));
    assert_false(px__dateline(
        PX_SLICE_LIT("It is 26 years since the bombing that began on March 24, 1999, and many "
                     "people in the city still remember the sirens of that first night."),
        d));
    px_html *h = px__html_new();
    px_html_result r;
    const char claim[] =
        "<html><head><title>Fact check: the photo is old - Truth Desk</title>"
        "<script type=\"application/ld+json\">{\"@type\":\"ClaimReview\","
        "\"datePublished\":\"2019-11-19\"}</script></head><body><p>The photo shared this "
        "week was taken in 2015 at a different protest, records show.</p></body></html>";
    assert_int_equal(px__html_extract(h, PX_SLICE_LIT(claim), PX_SLICE_NULL, &r), PX_OK);
    eq(r.date, "2019-11-19");
    eq(r.outlet, "Truth Desk");
    eq(r.title, "Fact check: the photo is old");
    const char byline[] =
        "<html><head><title>News | Storm cuts power to thousands | Breaking News</title>"
        "</head><body><p>By John Smith 19 NOV 2019</p><p>A storm cut power to thousands of "
        "homes on Tuesday, the utility said, and crews worked through the night.</p>"
        "</body></html>";
    assert_int_equal(px__html_extract(h, PX_SLICE_LIT(byline), PX_SLICE_NULL, &r), PX_OK);
    eq(r.date, "2019-11-19");
    assert_string_equal(r.date_source, "text");
    eq(r.outlet, NULL); /* "Breaking News" names no site */
    px__html_free(h);
}

static void test_dates(void **state)
{
    (void)state;
    char d[11];
    assert_true(px__date_any(PX_SLICE_LIT("Wed, 20 Nov 2019 10:00:00 GMT"), d));
    assert_string_equal(d, "2019-11-20");
    assert_true(px__date_any(PX_SLICE_LIT("November 5, 2018"), d));
    assert_string_equal(d, "2018-11-05");
    assert_true(px__date_any(PX_SLICE_LIT("2018/11/05 10:00"), d));
    assert_string_equal(d, "2018-11-05");
    assert_true(px__date_any(PX_SLICE_LIT("20181105"), d));
    assert_false(px__date_any(PX_SLICE_LIT("2018-02-30"), d));
    assert_false(px__date_any(PX_SLICE_LIT("yesterday"), d));
    assert_false(px__url_date(PX_SLICE_LIT("https://x.example/2018/11/story"), d));
    assert_true(px__url_date(PX_SLICE_LIT("https://x.example/story-2018-11-05.html"), d));
    assert_string_equal(d, "2018-11-05");
    px_slice dom = px__registered_domain(PX_SLICE_LIT("https://a.b.example.com/x"));
    eq(dom, "example.com");
}

static void test_hostile(void **state)
{
    (void)state;
    px_html *h = px__html_new();
    px_html_result r;
    /* 100,000 nested divs: flattened past the cap, linear time, text kept. */
    size_t depth = 100000;
    const char para[] = "<p>Deep inside there is still one real paragraph of article text.</p>";
    size_t n = depth * 5 + sizeof para;
    char *page = malloc(n);
    assert_non_null(page);
    for (size_t i = 0; i < depth; i++)
        memcpy(page + i * 5, "<div>", 5);
    memcpy(page + depth * 5, para, sizeof para);
    assert_int_equal(px__html_extract(h, (px_slice){(uint8_t *)page, n - 1}, PX_SLICE_NULL, &r),
                     PX_OK);
    assert_true(r.truncated);
    eq(r.text, "Deep inside there is still one real paragraph of article text.");
    free(page);
    /* Unterminated tags, comments, scripts and attributes. */
    const char *bad[] = {"<",         "<p",           "<p class=\"x",
                         "<!--",      "<script>",     "<title>x",
                         "&#x;",      "&#99999999;",  "</div></p></body>",
                         "<![CDATA[", "<a href='x'>", "text & more &amp"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(px__html_extract(h, px_slice_cstr(bad[i]), PX_SLICE_NULL, &r), PX_OK);
    /* Empty body: no text. */
    assert_int_equal(
        px__html_extract(h, PX_SLICE_LIT("<html><body></body></html>"), PX_SLICE_NULL, &r), PX_OK);
    assert_int_equal(r.text.len, 0);
    /* Character references. */
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(
        px__html_unescape(PX_SLICE_LIT("a&lt;b&gt; &eacute;&#233;&#xE9; &bogus; &"), &b), PX_OK);
    eq(px_buf_slice(&b), "a<b> \xC3\xA9\xC3\xA9\xC3\xA9 &bogus; &");
    px_buf_free(&b);
    px__html_free(h);
}

/* The quality floor on the development set (when ../shared is present). */
static void test_dev_quality(void **state)
{
    (void)state;
    extern const px_eval_task px__eval_extraction;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/data/extraction", PX_SHARED_DIR);
    char idx[600];
    snprintf(idx, sizeof idx, "%s/index.jsonl", dir);
    FILE *f = fopen(idx, "rb");
    if (!f)
        skip();
    fclose(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    char *argv[] = {"extraction", dir};
    assert_int_equal(px__eval_extraction.run(2, argv, out, stderr, NULL), 0);
    fclose(out);
    double f_sh = 0, f_l3s = 0;
    const char *p = strstr(buf, "scrapinghub");
    assert_non_null(p);
    assert_int_equal(sscanf(strstr(p, "F1"), "F1 %lf", &f_sh), 1);
    p = strstr(buf, "l3s-gn1");
    assert_non_null(p);
    assert_int_equal(sscanf(strstr(p, "F1"), "F1 %lf", &f_l3s), 1);
    free(buf);
    assert_true(f_sh >= 0.96);
    assert_true(f_l3s >= 0.90);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_main_text),   cmocka_unit_test(test_meta_fallbacks),
        cmocka_unit_test(test_dates),       cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_dev_quality), cmocka_unit_test(test_printed_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
