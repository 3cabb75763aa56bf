/* Unit tests: the reader (paths, directories, compression, plain text and JSON
 * Lines rules, bad inputs with file names and byte offsets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cmocka.h>

#include "ingest/ingest.h"
#include "internal.h"

static char tmpdir[64];

typedef struct diags {
    int n, errors, warnings;
    char last[512];
    long long last_off;
    px_status last_st;
} diags;

static void on_diag(void *ud, const px_diag *d)
{
    diags *g = ud;
    g->n++;
    if (d->is_error)
        g->errors++;
    else
        g->warnings++;
    snprintf(g->last, sizeof g->last, "%s: %s", d->path ? d->path : "?", d->msg);
    g->last_off = d->offset;
    g->last_st = d->status;
}

static char *path_of(const char *name)
{
    static char p[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
    return p[k];
}

static void write_file(const char *name, const void *data, size_t n)
{
    FILE *f = fopen(path_of(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

#define WRITE(name, lit) write_file(name, lit, sizeof(lit) - 1)

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/px-ingest-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd);
}

/* Reads every article of paths; returns the count, copies up to 8 articles'
 * fields as strings. */
typedef struct got {
    char text[8][256], title[8][128], date[8][16], outlet[8][64], id[8][32];
    int n;
} got;

static void cpy(char *dst, size_t cap, px_slice s)
{
    if (!s.ptr) {
        snprintf(dst, cap, "(null)");
        return;
    }
    snprintf(dst, cap, "%.*s", (int)s.len, (const char *)s.ptr);
}

static int read_all(char *const *paths, size_t n, size_t max, diags *g, got *out)
{
    px_reader_options opt = {.max_bytes = max, .diag = on_diag, .diag_ud = g};
    px_reader *r;
    assert_int_equal(px_reader_new(&r, &opt, paths, n), PX_OK);
    memset(out, 0, sizeof(*out));
    for (;;) {
        px_article a;
        int ok;
        assert_int_equal(px_reader_next(r, &a, &ok), PX_OK);
        if (!ok)
            break;
        if (out->n < 8) {
            cpy(out->text[out->n], 256, a.text);
            cpy(out->title[out->n], 128, a.title);
            cpy(out->date[out->n], 16, a.date);
            cpy(out->outlet[out->n], 64, a.outlet);
            cpy(out->id[out->n], 32, a.source_id);
        }
        out->n++;
    }
    px_reader_free(r);
    return out->n;
}

static int read1(const char *name, diags *g, got *out)
{
    char *p = path_of(name);
    return read_all(&p, 1, 0, g, out);
}

static void test_headers(void **state)
{
    (void)state;
    diags g = {0};
    got o;
    WRITE("h.txt", "title: Bridge reopens\ndate: 2024-03-25\noutlet: north.example\n"
                   "url: https://www.north.example/a/1\n\nThe bridge reopened today.\n\n");
    assert_int_equal(read1("h.txt", &g, &o), 1);
    assert_string_equal(o.title[0], "Bridge reopens");
    assert_string_equal(o.date[0], "2024-03-25");
    assert_string_equal(o.outlet[0], "north.example");
    assert_string_equal(o.text[0], "The bridge reopened today.");
    assert_int_equal(g.n, 0);
    /* Outlet from the URL when not given; a bad date is a warning, not a guess. */
    WRITE("h2.txt", "date: 2024-02-30\nurl: https://www.south.example/x\n\nBody here.\n");
    assert_int_equal(read1("h2.txt", &g, &o), 1);
    assert_string_equal(o.date[0], "(null)");
    assert_string_equal(o.outlet[0], "south.example");
    assert_int_equal(g.warnings, 1);
    assert_int_equal(g.last_off, 0);
    /* #12 item 5: the headline rule still applies after headers without a
     * title, with or without a blank line between. */
    g = (diags){0};
    WRITE("h3.txt", "outlet: north.example\ndate: 2024-03-25\n\nBridge reopens\n\nThe bridge "
                    "reopened today.\n");
    assert_int_equal(read1("h3.txt", &g, &o), 1);
    assert_string_equal(o.title[0], "Bridge reopens");
    assert_string_equal(o.date[0], "2024-03-25");
    assert_string_equal(o.outlet[0], "north.example");
    assert_string_equal(o.text[0], "The bridge reopened today.");
    WRITE("h4.txt", "Outlet: north.example\r\nDate: 2024-03-25\r\nBridge reopens\r\n\r\nThe "
                    "bridge reopened today.\r\n");
    assert_int_equal(read1("h4.txt", &g, &o), 1);
    assert_string_equal(o.title[0], "Bridge reopens");
    assert_string_equal(o.date[0], "2024-03-25");
    assert_string_equal(o.text[0], "The bridge reopened today.");
    /* A title header wins; the next line stays body. */
    WRITE("h5.txt", "title: Bridge reopens\n\nCrowds cheer\n\nThe bridge reopened.\n");
    assert_int_equal(read1("h5.txt", &g, &o), 1);
    assert_string_equal(o.title[0], "Bridge reopens");
    assert_string_equal(o.text[0], "Crowds cheer\n\nThe bridge reopened.");
    assert_int_equal(g.n, 0);
}

static void test_title_rules(void **state)
{
    (void)state;
    diags g = {0};
    got o;
    WRITE("t1.txt", "Protest fills the square\n\nThousands gathered on Sunday.\n");
    assert_int_equal(read1("t1.txt", &g, &o), 1);
    assert_string_equal(o.title[0], "Protest fills the square");
    assert_string_equal(o.text[0], "Thousands gathered on Sunday.");
    /* A first line ending in a period is body, not title. */
    WRITE("t2.txt", "Thousands gathered on Sunday.\nPolice watched.\n");
    assert_int_equal(read1("t2.txt", &g, &o), 1);
    assert_string_equal(o.title[0], "(null)");
    assert_string_equal(o.text[0], "Thousands gathered on Sunday.\nPolice watched.");
    /* A title repeated right below itself counts once. */
    WRITE("t3.txt", "Talks collapse\nTalks collapse\n\nThe talks ended without a deal.\n");
    assert_int_equal(read1("t3.txt", &g, &o), 1);
    assert_string_equal(o.title[0], "Talks collapse");
    assert_string_equal(o.text[0], "The talks ended without a deal.");
    /* The date prefix, then a title on the same line. */
    WRITE("t4.txt", "date 2023-09-24 Clashes in the north\n\nThree people were hurt.\n");
    assert_int_equal(read1("t4.txt", &g, &o), 1);
    assert_string_equal(o.date[0], "2023-09-24");
    assert_string_equal(o.title[0], "Clashes in the north");
    assert_string_equal(o.text[0], "Three people were hurt.");
    WRITE("t5.txt", "date 2023-09-24\nClashes in the north\n\nThree people were hurt.\n");
    assert_int_equal(read1("t5.txt", &g, &o), 1);
    assert_string_equal(o.date[0], "2023-09-24");
    assert_string_equal(o.title[0], "Clashes in the north");
    /* CRLF line ends and a BOM. */
    WRITE("t6.txt", "\xEF\xBB\xBFHeadline here\r\n\r\nBody text.\r\n");
    assert_int_equal(read1("t6.txt", &g, &o), 1);
    assert_string_equal(o.title[0], "Headline here");
    assert_string_equal(o.text[0], "Body text.");
    /* #12 item 4: first-line date prefix variants. */
    WRITE("t8.txt", " date 2024-03-25 In 1999, NATO forces bombed Belgrade.\nThey came back.\n");
    assert_int_equal(read1("t8.txt", &g, &o), 1);
    assert_string_equal(o.date[0], "2024-03-25");
    assert_string_equal(o.title[0], "(null)");
    assert_string_equal(o.text[0], "In 1999, NATO forces bombed Belgrade.\nThey came back.");
    WRITE("t9.txt", "\xEF\xBB\xBF\tDate:\t2024-03-25\tIn 1999, NATO forces\xE2\x80\xA6\r\n");
    assert_int_equal(read1("t9.txt", &g, &o), 1);
    assert_string_equal(o.date[0], "2024-03-25");
    assert_string_equal(o.text[0], "In 1999, NATO forces\xE2\x80\xA6");
    WRITE("t10.txt", "\r\n  DATE 2024-03-25\r\nTalks resume\r\n\r\nBody text.\r\n");
    assert_int_equal(read1("t10.txt", &g, &o), 1);
    assert_string_equal(o.date[0], "2024-03-25");
    assert_string_equal(o.title[0], "Talks resume");
    assert_string_equal(o.text[0], "Body text.");
    /* Not a date prefix: "dated", a bad date, a date glued to text. */
    WRITE("t11.txt", "dated 2024-03-25 letters.\nMore.\n");
    assert_int_equal(read1("t11.txt", &g, &o), 1);
    assert_string_equal(o.date[0], "(null)");
    WRITE("t12.txt", "date 2024-03-25x is not a date.\nMore.\n");
    assert_int_equal(read1("t12.txt", &g, &o), 1);
    assert_string_equal(o.date[0], "(null)");
    /* A single line is body even without a final period. */
    WRITE("t7.txt", "Only one line without period");
    assert_int_equal(read1("t7.txt", &g, &o), 1);
    assert_string_equal(o.title[0], "(null)");
    assert_int_equal(g.n, 0);
}

static void test_jsonl(void **state)
{
    (void)state;
    diags g = {0};
    got o;
    WRITE("a.jsonl",
          "{\"id\": \"x1\", \"outlet\": \"A\", \"date\": \"2016-09-20\", \"title\": \"T1\", "
          "\"text\": \"First.\"}\n"
          "\n"
          "{\"id\": 7, \"url\": \"http://b.example/2\", \"date\": \"2016-09-20T10:00:00Z\", "
          "\"text\": \"Second \\u00e9.\"}\n"
          "{broken json\n"
          "{\"id\": \"x3\", \"html\": \"<p>x</p>\"}\n"
          "{\"id\": \"x4\", \"text\": \"\"}\n"
          "[1, 2]\n"
          "{\"id\": \"x5\", \"text\": \"Last\", \"date\": \"yesterday\"}");
    assert_int_equal(read1("a.jsonl", &g, &o), 4);
    assert_string_equal(o.id[0], "x1");
    assert_string_equal(o.outlet[0], "A");
    assert_string_equal(o.title[0], "T1");
    assert_string_equal(o.text[0], "First.");
    assert_string_equal(o.id[1], "7");
    assert_string_equal(o.outlet[1], "b.example");
    assert_string_equal(o.date[1], "2016-09-20");
    assert_string_equal(o.text[1], "Second é.");
    assert_string_equal(o.text[2], "x"); /* "html": through the extractor */
    assert_string_equal(o.id[2], "x3");
    assert_string_equal(o.text[3], "Last");
    assert_string_equal(o.date[3], "(null)");
    assert_int_equal(g.errors, 3);   /* broken, empty text, not an object */
    assert_int_equal(g.warnings, 1); /* the bad date */
}

static void test_jsonl_offsets(void **state)
{
    (void)state;
    diags g = {0};
    got o;
    /* Invalid UTF-8 in the second line: the offset is the file offset. */
    WRITE("u.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"b\xFFz\"}\n");
    assert_int_equal(read1("u.jsonl", &g, &o), 2);
    assert_int_equal(g.warnings, 1);
    assert_int_equal(g.last_off, 26);
    assert_int_equal(g.last_st, PX_EUTF8);
    assert_string_equal(o.text[1], "b\xEF\xBF\xBDz");
    /* A record over the cap is skipped; the next one is read. */
    char big[400];
    int n = snprintf(big, sizeof big, "{\"text\": \"%0200d\"}\n{\"text\": \"small\"}\n", 0);
    write_file("big.jsonl", big, (size_t)n);
    char *p = path_of("big.jsonl");
    g = (diags){0};
    assert_int_equal(read_all(&p, 1, 100, &g, &o), 1);
    assert_string_equal(o.text[0], "small");
    assert_int_equal(g.errors, 1);
    assert_int_equal(g.last_st, PX_ETOOBIG);
    /* #20: the cap holds for the text handed out. 30 invalid bytes (90 bytes of
     * text) are kept; a 52-byte line whose 40 invalid bytes become 120 bytes of
     * U+FFFD is over a cap of 100: skipped with its line and offset. */
    char rep[256];
    n = snprintf(rep, sizeof rep,
                 "{\"text\": \"small\"}\n{\"text\": \"%030d\"}\n"
                 "{\"text\": \"%040d\"}\n",
                 0, 0);
    for (int i = 0; i < n; i++)
        if (rep[i] == '0')
            rep[i] = (char)0xFF;
    write_file("rep.jsonl", rep, (size_t)n);
    p = path_of("rep.jsonl");
    g = (diags){0};
    assert_int_equal(read_all(&p, 1, 100, &g, &o), 2);
    assert_string_equal(o.text[0], "small");
    assert_int_equal(strlen(o.text[1]), 90);
    assert_int_equal(g.errors, 1);
    assert_int_equal(g.last_st, PX_ETOOBIG);
    assert_int_equal(g.last_off, 61);
    assert_non_null(strstr(g.last, "rep.jsonl: line 3: text of 120 bytes after UTF-8 repair is "
                                   "larger than the limit of 100 bytes (--max-bytes): skipped"));
}

static void test_compressed(void **state)
{
    (void)state;
    diags g = {0};
    got o;
    const char body[] = "{\"text\": \"gz one\"}\n";
    gzFile z = gzopen(path_of("c.jsonl.gz"), "wb");
    assert_non_null(z);
    gzwrite(z, body, sizeof body - 1);
    gzclose(z);
    /* A second gzip member appended (as in .warc.gz). */
    z = gzopen(path_of("c.jsonl.gz"), "ab");
    gzwrite(z, "{\"text\": \"gz two\"}\n", 19);
    gzclose(z);
    assert_int_equal(read1("c.jsonl.gz", &g, &o), 2);
    assert_string_equal(o.text[1], "gz two");
    const char txt[] = "Zstd headline\n\nCompressed body text.\n";
    char comp[256];
    size_t cn = ZSTD_compress(comp, sizeof comp, txt, sizeof txt - 1, 3);
    assert_false(ZSTD_isError(cn));
    write_file("z.txt.zst", comp, cn);
    assert_int_equal(read1("z.txt.zst", &g, &o), 1);
    assert_string_equal(o.title[0], "Zstd headline");
    /* Truncated gzip: an error naming the file, no crash. */
    write_file("bad.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c", 12);
    g = (diags){0};
    assert_int_equal(read1("bad.gz", &g, &o), 0);
    assert_int_equal(g.errors, 1);
    assert_int_equal(g.n, 1);
}

static void test_dirs_and_bad_inputs(void **state)
{
    (void)state;
    char sub[300];
    snprintf(sub, sizeof sub, "%s/d", tmpdir);
    mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/d/inner", tmpdir);
    mkdir(sub, 0755);
    WRITE("d/b.txt", "B body.\n");
    WRITE("d/a.txt", "A body.\n");
    WRITE("d/inner/c.txt", "C body.\n");
    WRITE("d/.hidden", "H body.\n");
    WRITE("d/empty.txt", "");
    WRITE("d/page.html", "<!DOCTYPE html><html><p>x</p></html>");
    WRITE("d/bin.dat", "\x7f"
                       "ELF\x00\x01\x02");
    WRITE("d/u16.txt", "\xFF\xFE\x41\x00");
    WRITE("d/warc", "WARC/1.0\r\n");
    diags g = {0};
    got o;
    char *paths[] = {path_of("d"), path_of("missing.txt")};
    assert_int_equal(read_all(paths, 2, 0, &g, &o), 5);
    /* Sorted by name, depth first: a.txt, b.txt, (bin, empty), inner/c.txt,
     * page.html, u16.txt (UTF-16 converted), (warc: a truncated header). */
    assert_string_equal(o.text[0], "A body.");
    assert_string_equal(o.text[1], "B body.");
    assert_string_equal(o.text[2], "C body.");
    assert_string_equal(o.text[3], "x");
    assert_string_equal(o.text[4], "A");
    assert_int_equal(g.errors, 4); /* bin, empty, warc, missing */
    assert_non_null(strstr(g.last, "missing.txt"));
    /* Over the size cap. */
    WRITE("long.txt", "0123456789 0123456789 0123456789.\n");
    char *p = path_of("long.txt");
    g = (diags){0};
    assert_int_equal(read_all(&p, 1, 10, &g, &o), 0);
    assert_int_equal(g.last_st, PX_ETOOBIG);
    /* Under the cap as read (40 bytes), over it as text (40 U+FFFD: 120 bytes). */
    char bad[40];
    memset(bad, 0xFF, sizeof bad);
    write_file("bad.txt", bad, sizeof bad);
    p = path_of("bad.txt");
    g = (diags){0};
    assert_int_equal(read_all(&p, 1, 100, &g, &o), 0);
    assert_int_equal(g.errors, 1);
    assert_int_equal(g.last_st, PX_ETOOBIG);
    assert_non_null(strstr(g.last, "text of 120 bytes after conversion to UTF-8 and repair"));
    assert_int_equal(read_all(&p, 1, 120, &g, &o), 1);
}

static void test_text_repair(void **state)
{
    (void)state;
    diags g = {0};
    got o;
    WRITE("r.txt", "Good start.\nbad \xC3\x28 byte and a\x01 control.\n");
    assert_int_equal(read1("r.txt", &g, &o), 1);
    assert_int_equal(g.warnings, 2);
    assert_int_equal(g.last_off, 29);
    assert_string_equal(o.text[0],
                        "Good start.\nbad \xEF\xBF\xBD( byte and a\xEF\xBF\xBD control.");
    /* #12 item 5: UTF-8 decoded as Windows-1252 and encoded again, once or
     * twice, is undone and reported; genuine Latin-1 letters stay. */
    g = (diags){0};
    WRITE("m.jsonl",
          "{\"title\": \"Obama\xC3\x83\xC2\xA2\xC3\xA2\xE2\x80\x9A\xC2\xAC\xC3\xA2"
          "\xE2\x80\x9E\xC2\xA2s plan\", \"text\": \"Can\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t "
          "stop. Caf\xC3\x83\xC2\xA9 S\xC3\x83O Paulo, \xC3\xA0 la \xC2\xAB mode\xC2\xBB.\"}\n");
    assert_int_equal(read1("m.jsonl", &g, &o), 1);
    assert_string_equal(o.title[0], "Obama\xE2\x80\x99s plan");
    assert_string_equal(o.text[0],
                        "Can\xE2\x80\x99t stop. Caf\xC3\xA9 S\xC3\x83O Paulo, \xC3\xA0 la "
                        "\xC2\xAB mode\xC2\xBB.");
    assert_int_equal(g.warnings, 1);
    assert_non_null(strstr(g.last, "6 double-encoded UTF-8 sequences"));
}

static void test_meta_helpers(void **state)
{
    (void)state;
    px_slice d;
    assert_true(px__parse_date(PX_SLICE_LIT("2024-02-29"), &d));
    assert_false(px__parse_date(PX_SLICE_LIT("2023-02-29"), &d));
    assert_false(px__parse_date(PX_SLICE_LIT("2023-13-01"), &d));
    assert_false(px__parse_date(PX_SLICE_LIT("2023-1-01"), &d));
    assert_false(px__parse_date(PX_SLICE_LIT("2023-01-01x"), &d));
    assert_true(px__parse_date(PX_SLICE_LIT("2023-01-01T10:00Z"), &d));
    assert_int_equal(d.len, 10);
    px_slice h = px__url_host(PX_SLICE_LIT("https://user@www.example.org:8080/a?b"));
    assert_int_equal(h.len, strlen("example.org"));
    assert_memory_equal(h.ptr, "example.org", h.len);
    assert_null(px__url_host(PX_SLICE_LIT("ftp://x.org/")).ptr);
    assert_null(px__url_host(PX_SLICE_LIT("https://")).ptr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers),     cmocka_unit_test(test_title_rules),
        cmocka_unit_test(test_jsonl),       cmocka_unit_test(test_jsonl_offsets),
        cmocka_unit_test(test_compressed),  cmocka_unit_test(test_dirs_and_bad_inputs),
        cmocka_unit_test(test_text_repair), cmocka_unit_test(test_meta_helpers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
