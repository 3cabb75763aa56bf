/* Unit tests: RSS, RDF and Atom feeds (src/ingest/feed.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ingest/reader.h"
#include "internal.h"

typedef struct diags {
    int n, errors;
    char msgs[2048];
} diags;

static void on_diag(void *ud, const px_diag *d)
{
    diags *g = ud;
    g->n++;
    g->errors += d->is_error;
    size_t l = strlen(g->msgs);
    snprintf(g->msgs + l, sizeof g->msgs - l, "%lld %s\n", d->offset, d->msg);
}

typedef struct got {
    char text[8][512], url[8][128], outlet[8][64], date[8][16], title[8][128], author[8][64];
    const char *dsrc[8];
    int n;
} got;

static void cpy(char *dst, size_t cap, px_slice s)
{
    snprintf(dst, cap, "%.*s", s.ptr ? (int)s.len : 6, s.ptr ? (const char *)s.ptr : "(null)");
}

static int read_str(const char *data, diags *g, got *o)
{
    static char *const name[] = {"feed.xml"};
    px_reader_options opt = {.diag = on_diag, .diag_ud = g};
    px_reader *r;
    assert_int_equal(px__reader_new_mem(&r, &opt, (const uint8_t *)data, strlen(data), name),
                     PX_OK);
    memset(o, 0, sizeof *o);
    for (;;) {
        px_article a;
        int ok;
        assert_int_equal(px_reader_next(r, &a, &ok), PX_OK);
        if (!ok)
            break;
        if (o->n < 8) {
            cpy(o->text[o->n], 512, a.text);
            cpy(o->url[o->n], 128, a.url);
            cpy(o->outlet[o->n], 64, a.outlet);
            cpy(o->date[o->n], 16, a.date);
            cpy(o->title[o->n], 128, a.title);
            cpy(o->author[o->n], 64, a.author);
            o->dsrc[o->n] = a.date_source;
        }
        o->n++;
    }
    px_reader_free(r);
    return o->n;
}

static void test_rss(void **state)
{
    (void)state;
    const char rss[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
        "<title>Valley Herald</title><link>https://valley.example/</link>"
        "<image><title>logo</title></image>"
        "<item><title>Dam &amp; lake</title><link>https://valley.example/n/dam</link>"
        "<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><dc:creator>Mia Rossi</dc:creator>"
        "<description>Short teaser.</description>"
        "<content:encoded><![CDATA[<p>The dam was finished on Tuesday after six years of "
        "work, the water board said.</p><p>The lake behind it will fill over the winter.</p>"
        "<div class=\"share\"><a href=\"#\">Share</a></div>]]></content:encoded></item>"
        "<item><title>Short one</title><link>https://valley.example/n/2</link>"
        "<description>&lt;p&gt;Only a &lt;b&gt;brief&lt;/b&gt; note.&lt;/p&gt;</description>"
        "</item>"
        "<item><title>No body</title></item>"
        "</channel></rss>";
    diags g = {0};
    got o;
    assert_int_equal(read_str(rss, &g, &o), 2);
    assert_string_equal(o.title[0], "Dam & lake");
    assert_string_equal(o.text[0], "The dam was finished on Tuesday after six years of work, the "
                                   "water board said.\n\nThe lake behind it will fill over the "
                                   "winter.");
    assert_string_equal(o.url[0], "https://valley.example/n/dam");
    assert_string_equal(o.outlet[0], "Valley Herald");
    assert_string_equal(o.date[0], "2003-06-10");
    assert_string_equal(o.dsrc[0], "meta");
    assert_string_equal(o.author[0], "Mia Rossi");
    assert_string_equal(o.text[1], "Only a brief note."); /* escaped HTML */
    assert_string_equal(o.date[1], "(null)");
    assert_string_equal(o.dsrc[1], "none");
    assert_int_equal(g.errors, 1); /* the item without content */
    assert_non_null(strstr(g.msgs, "without content"));
}

static void test_atom_rdf(void **state)
{
    (void)state;
    const char atom[] =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">Atom Times</title>"
        "<entry><title>Rail strike ends</title>"
        "<link rel=\"self\" href=\"https://atom.example/self\"/>"
        "<link rel=\"alternate\" href=\"https://atom.example/rail\"/>"
        "<id>urn:uuid:1</id><updated>2021-02-03T10:00:00Z</updated>"
        "<published>2021-02-01T09:00:00Z</published>"
        "<author><name>Lee Chan</name><email>l@atom.example</email></author>"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>The rail "
        "strike ended on Monday after the union accepted a new offer from the company.</p>"
        "</div></content></entry></feed>";
    diags g = {0};
    got o;
    assert_int_equal(read_str(atom, &g, &o), 1);
    assert_string_equal(o.url[0], "https://atom.example/rail");
    assert_string_equal(o.date[0], "2021-02-01"); /* published before updated */
    assert_string_equal(o.author[0], "Lee Chan");
    assert_string_equal(o.outlet[0], "Atom Times");
    assert_non_null(strstr(o.text[0], "The rail strike ended on Monday"));
    const char rdf[] =
        "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-"
        "ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        "<channel><title>RDF Daily</title></channel>"
        "<item rdf:about=\"https://rdf.example/1\"><title>Budget passed</title>"
        "<link>https://rdf.example/1</link><dc:date>2002-09-05</dc:date>"
        "<description>The budget passed by a narrow vote.</description></item></rdf:RDF>";
    g = (diags){0};
    assert_int_equal(read_str(rdf, &g, &o), 1);
    assert_string_equal(o.text[0], "The budget passed by a narrow vote.");
    assert_string_equal(o.date[0], "2002-09-05");
    assert_string_equal(o.outlet[0], "RDF Daily");
}

static void test_not_feeds(void **state)
{
    (void)state;
    diags g = {0};
    got o;
    assert_int_equal(read_str("<?xml version=\"1.0\"?><svg><g/></svg>", &g, &o), 0);
    assert_int_equal(g.errors, 1);
    assert_non_null(strstr(g.msgs, "not an RSS or Atom feed"));
    g = (diags){0};
    assert_int_equal(read_str("<?xml version=\"1.0\"?> just text", &g, &o), 0);
    assert_int_equal(g.errors, 1);
    assert_non_null(strstr(g.msgs, "not XML"));
    g = (diags){0};
    /* unclosed items and a truncated feed: no crash, what can be read is read */
    assert_int_equal(read_str("<rss><channel><item><title>x</title><description>Cut off "
                              "text of the item",
                              &g, &o),
                     1);
    assert_string_equal(o.text[0], "Cut off text of the item");
    g = (diags){0};
    assert_int_equal(read_str("<feed></feed>", &g, &o), 0);
    assert_non_null(strstr(g.msgs, "no items"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss),
        cmocka_unit_test(test_atom_rdf),
        cmocka_unit_test(test_not_feeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
