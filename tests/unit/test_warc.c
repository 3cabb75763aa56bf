/* Unit tests: the WARC reader (src/ingest/warc.c) on hand-built records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "ingest/reader.h"
#include "internal.h"

typedef struct diags {
    int n, errors, warnings;
    char msgs[2048];
    long long offs[16];
} diags;

static void on_diag(void *ud, const px_diag *d)
{
    diags *g = ud;
    if (g->n < 16)
        g->offs[g->n] = d->offset;
    g->n++;
    g->errors += d->is_error;
    g->warnings += !d->is_error;
    size_t l = strlen(g->msgs);
    snprintf(g->msgs + l, sizeof g->msgs - l, "%s\n", d->msg);
}

typedef struct got {
    char text[8][512], url[8][128], outlet[8][64], date[8][16], title[8][128], id[8][64];
    int n;
} got;

static void cpy(char *dst, size_t cap, px_slice s)
{
    snprintf(dst, cap, "%.*s", s.ptr ? (int)s.len : 6, s.ptr ? (const char *)s.ptr : "(null)");
}

static int read_mem(const void *data, size_t n, size_t max, diags *g, got *o)
{
    static char *const name[] = {"t.warc"};
    px_reader_options opt = {.max_bytes = max, .diag = on_diag, .diag_ud = g};
    px_reader *r;
    assert_int_equal(px__reader_new_mem(&r, &opt, data, n, name), PX_OK);
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
            cpy(o->id[o->n], 64, a.source_id);
        }
        o->n++;
    }
    px_reader_free(r);
    return o->n;
}

/* Appends one WARC record with the given type, URI and block. */
static void record(px_buf *b,
                   const char *type,
                   const char *uri,
                   const char *ctype,
                   const void *block,
                   size_t n,
                   long lie)
{
    assert_int_equal(
        px_buf_appendf(b,
                       "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%zu>\r\n"
                       "WARC-Date: 2023-06-01T12:00:00Z\r\n",
                       type, b->len),
        PX_OK);
    if (uri)
        assert_int_equal(px_buf_appendf(b, "WARC-Target-URI: %s\r\n", uri), PX_OK);
    assert_int_equal(
        px_buf_appendf(b, "Content-Type: %s\r\nContent-Length: %ld\r\n\r\n", ctype, (long)n + lie),
        PX_OK);
    assert_int_equal(px_buf_append(b, block, n), PX_OK);
    assert_int_equal(px_buf_append(b, "\r\n\r\n", 4), PX_OK);
}

static const char ARTICLE[] =
    "<html><head><title>Harbour expands - Coast News</title></head><body><nav>Home News</nav>"
    "<article><p>The harbour will double its capacity by 2026, the port authority announced "
    "on Friday, after years of planning.</p><p>Work starts in spring and should take two "
    "years, according to the plans published this week.</p></article></body></html>";

static size_t gzip_mem(const void *in, size_t n, uint8_t *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t len = cap - z.avail_out;
    deflateEnd(&z);
    return len;
}

static void build_archive(px_buf *b)
{
    record(b, "warcinfo", NULL, "application/warc-fields", "software: test\r\n", 16, 0);
    record(b, "request", "https://coast.example/a", "application/http; msgtype=request",
           "GET /a HTTP/1.1\r\n\r\n", 19, 0);
    /* 1: a plain 200 response */
    px_buf http;
    px_buf_init(&http, 0);
    assert_int_equal(px_buf_appendf(&http,
                                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; "
                                    "charset=utf-8\r\n\r\n%s",
                                    ARTICLE),
                     PX_OK);
    record(b, "response", "https://www.coast.example/2024/05/17/harbour",
           "application/http; msgtype=response", http.ptr, http.len, 0);
    /* 2: chunked and gzip-encoded */
    uint8_t gz[2048];
    size_t gn = gzip_mem(ARTICLE, sizeof ARTICLE - 1, gz, sizeof gz);
    http.len = 0;
    assert_int_equal(px_buf_appendf(&http,
                                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                    "Content-Encoding: gzip\r\nTransfer-Encoding: "
                                    "chunked\r\n\r\n%zx\r\n",
                                    gn / 2),
                     PX_OK);
    assert_int_equal(px_buf_append(&http, gz, gn / 2), PX_OK);
    assert_int_equal(px_buf_appendf(&http, "\r\n%zx\r\n", gn - gn / 2), PX_OK);
    assert_int_equal(px_buf_append(&http, gz + gn / 2, gn - gn / 2), PX_OK);
    assert_int_equal(px_buf_append_str(&http, "\r\n0\r\n\r\n"), PX_OK);
    record(b, "response", "http://news.coast.example/gz", "application/http; msgtype=response",
           http.ptr, http.len, 0);
    /* a redirect and an image: not articles, not errors */
    const char redirect[] = "HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n";
    record(b, "response", "https://coast.example/old", "application/http; msgtype=response",
           redirect, sizeof redirect - 1, 0);
    const char png[] = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
    record(b, "response", "https://coast.example/i.png", "application/http; msgtype=response", png,
           sizeof png - 1, 0);
    /* 3: a resource record */
    record(b, "resource", "file:///saved/page.html", "text/html", ARTICLE, sizeof ARTICLE - 1, 0);
    px_buf_free(&http);
}

static void test_records(void **state)
{
    (void)state;
    px_buf b;
    px_buf_init(&b, 0);
    build_archive(&b);
    diags g = {0};
    got o;
    assert_int_equal(read_mem(b.ptr, b.len, 0, &g, &o), 3);
    assert_int_equal(g.n, 0);
    assert_non_null(strstr(o.text[0], "The harbour will double its capacity"));
    assert_non_null(strstr(o.text[0], "\n\nWork starts in spring"));
    assert_null(strstr(o.text[0], "Home News"));
    assert_string_equal(o.url[0], "https://www.coast.example/2024/05/17/harbour");
    assert_string_equal(o.outlet[0], "coast.example");
    assert_string_equal(o.date[0], "2024-05-17"); /* from the URL, never WARC-Date */
    assert_string_equal(o.title[0], "Harbour expands");
    assert_non_null(strstr(o.id[0], "urn:uuid:"));
    assert_string_equal(o.text[1], o.text[0]); /* de-chunked and inflated */
    assert_string_equal(o.outlet[1], "coast.example");
    assert_string_equal(o.date[1], "(null)");
    assert_string_equal(o.text[2], o.text[0]);
    px_buf_free(&b);
}

/* One gzip member per record, as in CC-NEWS .warc.gz. */
static void test_gzip_members(void **state)
{
    (void)state;
    px_buf b, z;
    px_buf_init(&b, 0);
    px_buf_init(&z, 0);
    build_archive(&b);
    /* split at each "WARC/1.1" and compress each record on its own */
    size_t s = 0;
    while (s < b.len) {
        size_t e = s + 1;
        while (e + 8 <= b.len && memcmp(b.ptr + e, "WARC/1.1", 8) != 0)
            e++;
        if (e + 8 > b.len)
            e = b.len;
        assert_int_equal(px_buf_reserve(&z, (e - s) + 1024), PX_OK);
        z.len += gzip_mem(b.ptr + s, e - s, z.ptr + z.len, (e - s) + 1024);
        s = e;
    }
    diags g = {0};
    got o;
    assert_int_equal(read_mem(z.ptr, z.len, 0, &g, &o), 3);
    assert_int_equal(g.n, 0);
    /* truncated in the middle of the last member: the first records survive */
    g = (diags){0};
    int n = read_mem(z.ptr, z.len - 40, 0, &g, &o);
    if (n < 2)
        fprintf(stderr, "n=%d msgs=%s\n", n, g.msgs);
    assert_true(n >= 2);
    assert_true(g.errors >= 1);
    px_buf_free(&b);
    px_buf_free(&z);
}

static void test_bad_records(void **state)
{
    (void)state;
    px_buf b;
    px_buf_init(&b, 0);
    px_buf http;
    px_buf_init(&http, 0);
    assert_int_equal(
        px_buf_appendf(&http, "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n%s", ARTICLE),
        PX_OK);
    /* a Content-Length that lies (too short), then a good record */
    record(&b, "response", "https://a.example/1", "application/http; msgtype=response", http.ptr,
           http.len, -100);
    size_t second = b.len;
    record(&b, "response", "https://b.example/2", "application/http; msgtype=response", http.ptr,
           http.len, 0);
    /* a record over the cap, then a good one */
    char big[3000];
    memset(big, 'x', sizeof big);
    record(&b, "resource", "https://c.example/big", "text/html", big, sizeof big, 0);
    record(&b, "response", "https://d.example/4", "application/http; msgtype=response", http.ptr,
           http.len, 0);
    /* garbage between records */
    assert_int_equal(px_buf_append_str(&b, "garbage line\r\n\r\n"), PX_OK);
    record(&b, "response", "https://e.example/5", "application/http; msgtype=response", http.ptr,
           http.len, 0);
    /* a last record that claims more bytes than there are */
    record(&b, "response", "https://f.example/6", "application/http; msgtype=response", http.ptr,
           http.len, 5000);
    diags g = {0};
    got o;
    int n = read_mem(b.ptr, b.len, 2000, &g, &o);
    assert_int_equal(n, 4); /* 1 (read to the next header), 2, 4, 5 */
    /* the first record is read whole, up to the next WARC/1. header */
    assert_non_null(strstr(o.text[0], "according to the plans published this week."));
    assert_string_equal(o.url[1], "https://b.example/2");
    assert_string_equal(o.url[2], "https://d.example/4");
    assert_string_equal(o.url[3], "https://e.example/5");
    assert_non_null(strstr(g.msgs, "does not end at a record boundary"));
    assert_non_null(strstr(g.msgs, "lying Content-Length"));
    assert_non_null(strstr(g.msgs, "over the limit"));
    assert_non_null(strstr(g.msgs, "truncated WARC record"));
    assert_int_equal(g.offs[0], 0); /* the record with the lying length */
    (void)second;
    /* not a WARC at all after the magic */
    g = (diags){0};
    assert_int_equal(read_mem("WARC/1.0\r\nContent-Length: x\r\n\r\nabc", 33, 0, &g, &o), 0);
    assert_true(g.errors >= 1);
    px_buf_free(&b);
    px_buf_free(&http);
}

/* A Content-Length that claims too much in the middle of a file must not
 * swallow the records after it (#20 item 6), whether it ends inside the next
 * record or past the end of the file; junk between records is skipped and
 * its byte range reported. */
static void test_lying_length_middle(void **state)
{
    (void)state;
    px_buf http;
    px_buf_init(&http, 0);
    assert_int_equal(
        px_buf_appendf(&http, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n%s", ARTICLE),
        PX_OK);
    static const long lies[] = {300, 1000000, 7};
    for (size_t k = 0; k < sizeof lies / sizeof *lies; k++) {
        px_buf b;
        px_buf_init(&b, 0);
        record(&b, "response", "https://a.example/1", "application/http; msgtype=response",
               http.ptr, http.len, 0);
        record(&b, "response", "https://b.example/2", "application/http; msgtype=response",
               http.ptr, http.len, lies[k]);
        size_t third = b.len;
        record(&b, "response", "https://c.example/3", "application/http; msgtype=response",
               http.ptr, http.len, 0);
        record(&b, "response", "https://d.example/4", "application/http; msgtype=response",
               http.ptr, http.len, 0);
        diags g = {0};
        got o;
        assert_int_equal(read_mem(b.ptr, b.len, 0, &g, &o), 4);
        assert_string_equal(o.url[0], "https://a.example/1");
        assert_string_equal(o.url[1], "https://b.example/2");
        assert_string_equal(o.url[2], "https://c.example/3");
        assert_string_equal(o.url[3], "https://d.example/4");
        assert_string_equal(o.text[1], o.text[0]);
        assert_int_equal(g.n, 1);
        assert_int_equal(g.errors, 1);
        assert_non_null(strstr(g.msgs, "does not end at a record boundary"));
        char want[64];
        snprintf(want, sizeof want, "header at offset %zu", third);
        assert_non_null(strstr(g.msgs, want));
        px_buf_free(&b);
    }
    /* junk between two records: skipped, with its byte range */
    px_buf b;
    px_buf_init(&b, 0);
    record(&b, "response", "https://a.example/1", "application/http; msgtype=response", http.ptr,
           http.len, 0);
    size_t junk = b.len;
    assert_int_equal(px_buf_append_str(&b, "0123456789 no record here\r\n"), PX_OK);
    size_t next = b.len;
    record(&b, "response", "https://b.example/2", "application/http; msgtype=response", http.ptr,
           http.len, 0);
    diags g = {0};
    got o;
    assert_int_equal(read_mem(b.ptr, b.len, 0, &g, &o), 2);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.offs[0], (long long)junk);
    char want[64];
    snprintf(want, sizeof want, "skipped bytes %zu-%zu (%zu bytes)", junk, next, next - junk);
    assert_non_null(strstr(g.msgs, want));
    px_buf_free(&b);
    px_buf_free(&http);
}

/* Compresses b one gzip member per record; member starts go to at[]. */
static size_t gzip_records(const px_buf *b, px_buf *z, size_t *at, size_t max)
{
    size_t s = 0, n = 0;
    while (s < b->len) {
        size_t e = s + 1;
        while (e + 8 <= b->len && memcmp(b->ptr + e, "WARC/1.1", 8) != 0)
            e++;
        if (e + 8 > b->len)
            e = b->len;
        if (n < max)
            at[n] = z->len;
        n++;
        assert_int_equal(px_buf_reserve(z, (e - s) + 1024), PX_OK);
        z->len += gzip_mem(b->ptr + s, e - s, z->ptr + z->len, (e - s) + 1024);
        s = e;
    }
    if (n < max)
        at[n] = z->len;
    return n;
}

/* A corrupt or cut gzip member loses its own record only (#20 item 6). */
static void test_gzip_corrupt_member(void **state)
{
    (void)state;
    px_buf b, z;
    px_buf_init(&b, 0);
    px_buf_init(&z, 0);
    build_archive(&b);
    size_t at[16];
    size_t nm = gzip_records(&b, &z, at, 15);
    assert_int_equal(nm, 7); /* warcinfo, request, 3 responses... resource */
    /* 1: bytes overwritten in the middle of member 2 (the first article) */
    px_buf c;
    px_buf_init(&c, 0);
    assert_int_equal(px_buf_append(&c, z.ptr, z.len), PX_OK);
    size_t mid = at[2] + (at[3] - at[2]) / 2;
    memset(c.ptr + mid, 0xff, 24);
    diags g = {0};
    got o;
    int n = read_mem(c.ptr, c.len, 0, &g, &o);
    if (n != 2)
        fprintf(stderr, "n=%d %s %s\n", n, o.url[0], g.msgs);
    assert_int_equal(n, 2); /* the chunked-gzip response and the resource */
    assert_string_equal(o.url[0], "http://news.coast.example/gz");
    assert_string_equal(o.url[1], "file:///saved/page.html");
    assert_true(g.errors >= 1);
    assert_non_null(strstr(g.msgs, "corrupt gzip data"));
    char want[64];
    snprintf(want, sizeof want, "skipped compressed bytes %zu-%zu", at[2], at[3]);
    assert_non_null(strstr(g.msgs, want));
    /* 2: member 2 cut in the middle, member 3 right after it */
    c.len = 0;
    assert_int_equal(px_buf_append(&c, z.ptr, mid), PX_OK);
    assert_int_equal(px_buf_append(&c, z.ptr + at[3], z.len - at[3]), PX_OK);
    g = (diags){0};
    n = read_mem(c.ptr, c.len, 0, &g, &o);
    assert_int_equal(n, 2);
    assert_string_equal(o.url[0], "http://news.coast.example/gz");
    assert_string_equal(o.url[1], "file:///saved/page.html");
    /* 3: the last member corrupt: the ones before it are kept */
    c.len = 0;
    assert_int_equal(px_buf_append(&c, z.ptr, z.len), PX_OK);
    memset(c.ptr + at[6] + 12, 0xff, 24);
    g = (diags){0};
    n = read_mem(c.ptr, c.len, 0, &g, &o);
    assert_int_equal(n, 2);
    assert_non_null(strstr(g.msgs, "no gzip member after it"));
    px_buf_free(&c);
    px_buf_free(&b);
    px_buf_free(&z);
}

/* Records larger than one read: the buffer is compacted and grown under them. */
static void test_large(void **state)
{
    (void)state;
    px_buf b, page;
    px_buf_init(&b, 0);
    px_buf_init(&page, 0);
    assert_int_equal(px_buf_append_str(&page, "<html><body><article>"), PX_OK);
    for (int i = 0; i < 3000; i++)
        assert_int_equal(px_buf_appendf(&page,
                                        "<p>Paragraph %d of a long report, with enough "
                                        "words to count as text.</p>",
                                        i),
                         PX_OK);
    assert_int_equal(px_buf_append_str(&page, "</article></body></html>"), PX_OK);
    for (int k = 0; k < 3; k++) {
        record(&b, "resource", "https://big.example/x", "text/html", ARTICLE, sizeof ARTICLE - 1,
               0);
        record(&b, "resource", "https://big.example/long", "text/html", page.ptr, page.len, 0);
    }
    diags g = {0};
    got o;
    assert_int_equal(read_mem(b.ptr, b.len, 0, &g, &o), 6);
    assert_int_equal(g.n, 0);
    assert_string_equal(o.url[5], "https://big.example/long");
    assert_int_equal(strncmp(o.text[5], "Paragraph 0 of a long report", 28), 0);
    assert_string_equal(o.text[4], o.text[0]);
    px_buf_free(&b);
    px_buf_free(&page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_gzip_members),
        cmocka_unit_test(test_bad_records),
        cmocka_unit_test(test_lying_length_middle),
        cmocka_unit_test(test_gzip_corrupt_member),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
