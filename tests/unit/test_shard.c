/* Unit tests: shards (px_article_id, px_record_id, px_shard_of), whole output
 * files (px_ofile) and compressed line reading (px_lines). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "internal.h"

static px_engine *engine;
static char dir[64];

static int setup(void **state)
{
    (void)state;
    char msg[256];
    snprintf(dir, sizeof dir, "/tmp/px-shard-test.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    return px_engine_new(&engine, NULL, msg) == PX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    px_engine_free(engine);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void same_id(px_article *a)
{
    char id[17];
    assert_int_equal(px_article_id(a, id), PX_OK);
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(engine, a, &d), PX_OK);
    assert_string_equal(id, px_doc_id(d));
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_doc_write_json(d, &b), PX_OK);
    px_buf rid;
    px_buf_init(&rid, 0);
    assert_int_equal(px_record_id(px_buf_slice(&b), &rid, NULL), PX_OK);
    assert_string_equal((const char *)rid.ptr, id);
    px_buf_free(&rid);
    px_buf_free(&b);
    px_doc_free(d);
}

/* The id before analysis is the id after it, NFC or not. */
static void test_article_id(void **state)
{
    (void)state;
    px_article a = {.text = PX_SLICE_LIT("The council met on Tuesday.")};
    same_id(&a);
    a.outlet = PX_SLICE_LIT("example.org");
    same_id(&a);
    /* Decomposed é in the text and the outlet: normalized before hashing. */
    px_article b = {.text = PX_SLICE_LIT("Caf\x65\xcc\x81 owners protest."),
                    .outlet = PX_SLICE_LIT("le-caf\x65\xcc\x81.fr")};
    same_id(&b);
    px_article c = {.text = PX_SLICE_LIT("Caf\xc3\xa9 owners protest."),
                    .outlet = PX_SLICE_LIT("le-caf\xc3\xa9.fr")};
    char ib[17], ic[17];
    assert_int_equal(px_article_id(&b, ib), PX_OK);
    assert_int_equal(px_article_id(&c, ic), PX_OK);
    assert_string_equal(ib, ic);
    px_article empty = {0};
    same_id(&empty);
    px_article bad = {.text = PX_SLICE_LIT("bad \xff byte")};
    assert_int_equal(px_article_id(&bad, ib), PX_EINVAL);
    px_article badout = {.text = PX_SLICE_LIT("ok"), .outlet = PX_SLICE_LIT("\xc3")};
    assert_int_equal(px_article_id(&badout, ib), PX_EINVAL);
    assert_int_equal(px_article_id(NULL, ib), PX_EINVAL);
}

/* Every article of the real sample: the id before and after analysis agree. */
static void test_article_id_corpus(void **state)
{
    (void)state;
    const char *path = PX_SHARED_DIR "/corpus/allsides-sample.jsonl";
    if (access(path, R_OK) != 0) {
        skip();
        return;
    }
    char *const paths[] = {(char *)path};
    px_reader *r = NULL;
    px_reader_options o = {0};
    assert_int_equal(px_reader_new(&r, &o, paths, 1), PX_OK);
    size_t n = 0, per[4] = {0};
    for (;;) {
        px_article a;
        int got = 0;
        assert_int_equal(px_reader_next(r, &a, &got), PX_OK);
        if (!got)
            break;
        char id[17];
        assert_int_equal(px_article_id(&a, id), PX_OK);
        px_doc *d = NULL;
        assert_int_equal(px_doc_new(engine, &a, &d), PX_OK);
        assert_string_equal(id, px_doc_id(d));
        px_doc_free(d);
        per[px_shard_of(id, 4)]++;
        n++;
    }
    px_reader_free(r);
    assert_true(n >= 100);
    for (int k = 0; k < 4; k++)
        assert_true(per[k] > 0); /* every shard non-empty on real input */
}

static void test_shard_of(void **state)
{
    (void)state;
    /* Fixed forever: shards written by one version are found by the next. */
    assert_int_equal(px_shard_of("0123456789abcdef", 1), 0);
    assert_int_equal(px_shard_of("0123456789abcdef", 0), 0);
    assert_int_equal(px_shard_of(NULL, 4), 0);
    uint32_t golden[4];
    for (int i = 0; i < 4; i++) {
        char id[17];
        snprintf(id, sizeof id, "%016llx", 0x1234567890abcdefULL * (unsigned long long)(i + 1));
        golden[i] = px_shard_of(id, 1000);
    }
    assert_int_equal(golden[0], 508);
    assert_int_equal(golden[1], 710);
    assert_int_equal(golden[2], 389);
    assert_int_equal(golden[3], 370);
    /* Balanced: 40,000 ids over 8 shards, each within 5% of the mean. */
    size_t per[8] = {0};
    for (unsigned long long i = 0; i < 40000; i++) {
        char id[17];
        snprintf(id, sizeof id, "%016llx", i * 2654435761ULL);
        uint32_t k = px_shard_of(id, 8);
        assert_true(k < 8);
        assert_int_equal(k, px_shard_of(id, 8));
        per[k]++;
    }
    for (int k = 0; k < 8; k++)
        assert_true(per[k] > 4750 && per[k] < 5250);
}

static void test_record_id(void **state)
{
    (void)state;
    px_buf id;
    px_buf_init(&id, 0);
    char msg[PX_ERRMSG_SIZE] = "";
    assert_int_equal(px_record_id(PX_SLICE_LIT("{\"schema\":\"parallax.article/1\",\"id\":\"abc\","
                                               "\"text\":\"x\"}"),
                                  &id, msg),
                     PX_OK);
    assert_string_equal((const char *)id.ptr, "abc");
    id.len = 0;
    assert_int_equal(px_record_id(PX_SLICE_LIT("{\"id\":\"abc\"}"), &id, msg), PX_EPARSE);
    assert_true(msg[0] != '\0');
    assert_int_equal(px_record_id(PX_SLICE_LIT("not json"), &id, NULL), PX_EPARSE);
    assert_int_equal(px_record_id(PX_SLICE_LIT(""), &id, NULL), PX_EPARSE);
    assert_int_equal(px_record_id(PX_SLICE_LIT("{}"), NULL, NULL), PX_EINVAL);
    px_buf_free(&id);
}

static int exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

static size_t count_entries(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    size_t n = 0;
    assert_non_null(p);
    assert_int_equal(fscanf(p, "%zu", &n), 1);
    pclose(p);
    return n;
}

/* Writes lines through px_ofile to path and reads them back through px_lines. */
static void round_trip(const char *name, const char *want_codec)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    px_ofile *f = NULL;
    assert_int_equal(px_ofile_open(&f, path, NULL), PX_OK);
    char line[64];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(line, sizeof line, "{\"n\":%d}\n", i);
        assert_int_equal(px_ofile_write(f, line, (size_t)n), PX_OK);
    }
    assert_false(exists(path)); /* not before it is whole */
    assert_int_equal(px_ofile_commit(f, NULL), PX_OK);
    assert_true(exists(path));
    px_lines *l = NULL;
    assert_int_equal(px_lines_open(&l, path, 0, NULL), PX_OK);
    for (int i = 0;; i++) {
        px_slice s;
        int got = 0;
        assert_int_equal(px_lines_next(l, &s, &got, NULL), PX_OK);
        if (!got) {
            assert_int_equal(i, 20000);
            break;
        }
        int n = snprintf(line, sizeof line, "{\"n\":%d}", i);
        assert_int_equal(s.len, (size_t)n);
        assert_memory_equal(s.ptr, line, s.len);
        assert_int_equal(px_lines_lineno(l), (size_t)i + 1);
    }
    if (want_codec)
        assert_string_equal(px_lines_codec(l), want_codec);
    else
        assert_null(px_lines_codec(l));
    px_lines_close(l);
}

static void test_ofile(void **state)
{
    (void)state;
    size_t before = count_entries();
    round_trip("a.jsonl", NULL);
    round_trip("b.jsonl.zst", "zstd");
    assert_int_equal(count_entries(), before + 2); /* no temporary file left */
    /* Aborted: nothing appears, nothing is left. */
    char path[128];
    snprintf(path, sizeof path, "%s/c.jsonl.zst", dir);
    px_ofile *f = NULL;
    assert_int_equal(px_ofile_open(&f, path, NULL), PX_OK);
    assert_int_equal(px_ofile_write(f, "x\n", 2), PX_OK);
    px_ofile_abort(f);
    px_ofile_abort(NULL);
    assert_false(exists(path));
    assert_int_equal(count_entries(), before + 2);
    /* A folder that is not there: a message naming the file. */
    char msg[PX_ERRMSG_SIZE] = "";
    snprintf(path, sizeof path, "%s/none/d.jsonl", dir);
    assert_int_equal(px_ofile_open(&f, path, msg), PX_EIO);
    assert_null(f);
    assert_non_null(strstr(msg, "d.jsonl"));
    assert_int_equal(px_ofile_open(&f, NULL, NULL), PX_EINVAL);
    /* Not a regular file (/dev/null): written in place, never renamed over. */
    assert_int_equal(px_ofile_open(&f, "/dev/null", NULL), PX_OK);
    assert_int_equal(px_ofile_write(f, "x\n", 2), PX_OK);
    assert_int_equal(px_ofile_commit(f, NULL), PX_OK);
    struct stat sb;
    assert_int_equal(stat("/dev/null", &sb), 0);
    assert_true(S_ISCHR(sb.st_mode));
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(p, 1, n, fp), n);
    fclose(fp);
}

static void test_lines(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/l.txt", dir);
    /* A long line is skipped (ETOOBIG) and reading goes on; the last line
     * needs no newline; an empty line is a line. */
    const char text[] = "one\n0123456789abcdef\n\nlast";
    write_file(path, text, sizeof text - 1);
    px_lines *l = NULL;
    assert_int_equal(px_lines_open(&l, path, 8, NULL), PX_OK);
    px_slice s;
    int got;
    char msg[PX_ERRMSG_SIZE];
    assert_int_equal(px_lines_next(l, &s, &got, msg), PX_OK);
    assert_true(got && s.len == 3 && !memcmp(s.ptr, "one", 3));
    assert_int_equal(px_lines_next(l, &s, &got, msg), PX_ETOOBIG);
    assert_true(got && s.len == 0);
    assert_int_equal(px_lines_lineno(l), 2);
    assert_int_equal(px_lines_next(l, &s, &got, msg), PX_OK);
    assert_true(got && s.len == 0);
    assert_int_equal(px_lines_next(l, &s, &got, msg), PX_OK);
    assert_true(got && s.len == 4 && !memcmp(s.ptr, "last", 4));
    assert_int_equal(px_lines_next(l, &s, &got, msg), PX_OK);
    assert_false(got);
    assert_int_equal(px_lines_bytes(l), sizeof text - 1);
    px_lines_close(l);
    /* gzip */
    snprintf(path, sizeof path, "%s/l.gz", dir);
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    assert_int_equal(gzputs(gz, "a\nb\n"), 4);
    gzclose(gz);
    assert_int_equal(px_lines_open(&l, path, 0, NULL), PX_OK);
    assert_int_equal(px_lines_next(l, &s, &got, NULL), PX_OK);
    assert_true(got && s.len == 1 && s.ptr[0] == 'a');
    assert_string_equal(px_lines_codec(l), "gzip");
    px_lines_close(l);
    /* Corrupt zstd: an error, not a crash. */
    snprintf(path, sizeof path, "%s/bad.zst", dir);
    const uint8_t bad[] = {0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff, 0xff, 0x00, 0x01};
    write_file(path, bad, sizeof bad);
    assert_int_equal(px_lines_open(&l, path, 0, NULL), PX_OK);
    px_status st = px_lines_next(l, &s, &got, msg);
    assert_true(st == PX_EPARSE);
    px_lines_close(l);
    /* Missing file */
    snprintf(path, sizeof path, "%s/none.jsonl", dir);
    assert_int_equal(px_lines_open(&l, path, 0, msg), PX_EIO);
    assert_non_null(strstr(msg, "none.jsonl"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_id), cmocka_unit_test(test_article_id_corpus),
        cmocka_unit_test(test_shard_of),   cmocka_unit_test(test_record_id),
        cmocka_unit_test(test_ofile),      cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
