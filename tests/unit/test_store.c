/* Tests of the SQLite store (src/store). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "internal.h"
#include "store/sqlite_impl.h"

/* A temporary directory per test, removed with its files afterwards. */
typedef struct fixture {
    char dir[64];
    char db[96];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/px-store-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/test.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal", "-wait"};
    char path[128];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(path, sizeof path, "%s%s", f->db, suffix[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/other", f->dir);
    unlink(path);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* Builds a parallax.article/1 record (a minimal one: what the store reads). NULL
 * strings are written as null. */
static void make_record(px_buf *b,
                        const char *id,
                        const char *date,
                        const char *outlet,
                        const char *title,
                        const char *text)
{
    px_buf_reset(b);
    assert_int_equal(px_buf_append_str(b, "{\"schema\":\"parallax.article/1\",\"id\":"), PX_OK);
    assert_int_equal(px__json_str(b, px_slice_cstr(id)), PX_OK);
    assert_int_equal(px_buf_append_str(b, ",\"source\":{\"path\":null,\"outlet\":"), PX_OK);
    assert_int_equal(px__json_str(b, px_slice_cstr(outlet)), PX_OK);
    assert_int_equal(px_buf_append_str(b, ",\"url\":null},\"title\":"), PX_OK);
    assert_int_equal(px__json_str(b, px_slice_cstr(title)), PX_OK);
    assert_int_equal(px_buf_append_str(b, ",\"date\":"), PX_OK);
    assert_int_equal(px__json_str(b, px_slice_cstr(date)), PX_OK);
    assert_int_equal(px_buf_append_str(b, ",\"lang\":\"en\",\"text\":"), PX_OK);
    assert_int_equal(px__json_str(b, px_slice_cstr(text)), PX_OK);
    assert_int_equal(px_buf_append_str(b, ",\"sentences\":[],\"entities\":[]}"), PX_OK);
}

static px_store *open_store(const char *path)
{
    px_store *s = NULL;
    char err[PX_ERRMSG_SIZE] = "";
    px_status st = px_store_open(&s, path, err);
    if (st)
        fail_msg("px_store_open: %s", err);
    return s;
}

static void put(px_store *s,
                const char *id,
                const char *date,
                const char *outlet,
                const char *title,
                const char *text,
                int want_replaced)
{
    px_buf b;
    px_buf_init(&b, 0);
    make_record(&b, id, date, outlet, title, text);
    int replaced = -1;
    px_status st = px_store_put_record(s, px_buf_slice(&b), &replaced);
    if (st)
        fail_msg("put %s: %s", id, px_store_errmsg(s));
    assert_int_equal(replaced, want_replaced);
    px_buf_free(&b);
}

static size_t count(px_store *s)
{
    size_t n = 99;
    assert_int_equal(px_store_count(s, &n), PX_OK);
    return n;
}

/* Collected rows of list or search: "id|date|outlet|title|snippet" each. */
typedef struct rows {
    char line[16][512];
    double score[16];
    size_t n, stop_after;
} rows;

static void put_field(char *out, size_t cap, px_slice v, int last)
{
    size_t n = strlen(out);
    snprintf(out + n, cap - n, "%.*s%s", v.ptr ? (int)v.len : 1, v.ptr ? (const char *)v.ptr : "-",
             last ? "" : "|");
}

static int collect(void *ud, const px_store_row *r)
{
    rows *rs = ud;
    assert_true(rs->n < 16);
    char *l = rs->line[rs->n];
    l[0] = '\0';
    put_field(l, 512, r->id, 0);
    put_field(l, 512, r->date, 0);
    put_field(l, 512, r->outlet, 0);
    put_field(l, 512, r->title, !r->snippet.ptr);
    if (r->snippet.ptr)
        put_field(l, 512, r->snippet, 1);
    rs->score[rs->n] = r->score;
    rs->n++;
    return rs->stop_after && rs->n >= rs->stop_after;
}

static size_t search(px_store *s, const char *q, rows *rs)
{
    memset(rs, 0, sizeof *rs);
    px_status st = px_store_search(s, q, 0, "[", "]", collect, rs);
    if (st)
        fail_msg("search %s: %s", q, px_store_errmsg(s));
    return rs->n;
}

/* Runs one SQL statement on the file through a separate connection. */
static void sql(const char *path, const char *stmt)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *err = NULL;
    int rc = sqlite3_exec(db, stmt, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", stmt, err);
    sqlite3_close(db);
}

static long long sql_int(const char *path, const char *stmt)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    long long v = -1;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, stmt, -1, &q, NULL), SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

/* Checks the FTS5 index against the articles table. */
static void integrity_check(const char *path)
{
    sql(path, "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)");
}

static void test_create_empty(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    assert_int_equal(count(s), 0);
    assert_string_equal(px_store_errmsg(s), "");
    assert_int_equal(px_store_close(s), PX_OK);
    assert_int_equal(access(f->db, F_OK), 0);
    assert_int_equal(sql_int(f->db, "SELECT value FROM meta WHERE key = 'schema_version'"), 5);
    /* WAL is a property of the file: a fresh connection sees it. */
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void test_upsert_idempotent(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "a1", "2020-01-01", "one.example", "First", "alpha text", 0);
    put(s, "b2", "2020-01-02", "two.example", "Second", "beta text", 0);
    put(s, "c3", NULL, NULL, NULL, "gamma text", 0);
    assert_int_equal(count(s), 3);
    put(s, "a1", "2020-01-01", "one.example", "First", "alpha text", 1);
    put(s, "b2", "2020-01-02", "two.example", "Second", "beta text", 1);
    assert_int_equal(count(s), 3);
    rows rs;
    assert_int_equal(search(s, "alpha", &rs), 1);
    assert_int_equal(search(s, "text", &rs), 3);
    assert_int_equal(px_store_close(s), PX_OK);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM articles"), 3);
}

static void test_replace_updates(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "r1", "2021-05-05", "one.example", "Zebra crossing", "the zebra crossed the road", 0);
    put(s, "r2", "2021-05-06", "two.example", "Other", "nothing to see", 0);
    rows rs;
    assert_int_equal(search(s, "zebra", &rs), 1);
    put(s, "r1", "2021-05-07", "one.example", "Giraffe", "a tall giraffe appeared", 1);
    assert_int_equal(count(s), 2);
    assert_int_equal(search(s, "zebra", &rs), 0);
    assert_int_equal(search(s, "giraffe", &rs), 1);
    assert_string_equal(rs.line[0], "r1|2021-05-07|one.example|Giraffe|a tall [giraffe] appeared");
    /* The same after the batch is committed, and the index stays consistent. */
    assert_int_equal(px_store_commit(s), PX_OK);
    assert_int_equal(search(s, "giraffe", &rs), 1);
    assert_int_equal(px_store_close(s), PX_OK);
    integrity_check(f->db);
}

/* Replacing a row several times in one batch, with a search (which indexes the
 * batch so far) in between, keeps the index exact. */
static void test_replace_in_batch(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "k1", NULL, NULL, "Apple", "orchard one", 0);
    assert_int_equal(px_store_commit(s), PX_OK);
    put(s, "k1", NULL, NULL, "Banana", "orchard two", 1);
    put(s, "k1", NULL, NULL, "Cherry", "orchard three", 1);
    put(s, "k2", NULL, NULL, "Date", "orchard four", 0);
    rows rs;
    assert_int_equal(search(s, "orchard", &rs), 2);
    assert_int_equal(search(s, "apple OR banana OR one OR two", &rs), 0);
    assert_int_equal(search(s, "cherry three", &rs), 1);
    put(s, "k2", NULL, NULL, "Elder", "orchard five", 1);
    put(s, "k2", NULL, NULL, "Elder", "orchard five", 1); /* unchanged */
    put(s, "k1", "2020-01-01", "o", "Cherry", "orchard three", 1);
    assert_int_equal(px_store_commit(s), PX_OK);
    assert_int_equal(search(s, "date OR four", &rs), 0);
    assert_int_equal(search(s, "elder five", &rs), 1);
    assert_int_equal(search(s, "cherry", &rs), 1);
    assert_int_equal(count(s), 2);
    assert_int_equal(px_store_close(s), PX_OK);
    integrity_check(f->db);
}

static void test_list(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "d4", "2020-01-02", "x", "Tab\there", "t", 0);
    put(s, "n5", NULL, "x", "No date", "t", 0);
    put(s, "e5", "2019-05-05", "x", "Early", "t", 0);
    put(s, "c3", "2020-01-02", NULL, NULL, "t", 0);
    put(s, "a0", NULL, "x", "No date either", "t", 0);
    rows rs = {0};
    assert_int_equal(px_store_list(s, 0, collect, &rs), PX_OK);
    assert_int_equal(rs.n, 5);
    assert_string_equal(rs.line[0], "e5|2019-05-05|x|Early");
    assert_string_equal(rs.line[1], "c3|2020-01-02|-|-");
    assert_string_equal(rs.line[2], "d4|2020-01-02|x|Tab\there");
    assert_string_equal(rs.line[3], "a0|-|x|No date either");
    assert_string_equal(rs.line[4], "n5|-|x|No date");
    memset(&rs, 0, sizeof rs);
    assert_int_equal(px_store_list(s, 2, collect, &rs), PX_OK);
    assert_int_equal(rs.n, 2);
    memset(&rs, 0, sizeof rs);
    rs.stop_after = 3;
    assert_int_equal(px_store_list(s, 0, collect, &rs), PX_OK);
    assert_int_equal(rs.n, 3);
    assert_int_equal(px_store_list(s, 0, NULL, NULL), PX_EINVAL);
    assert_int_equal(px_store_close(s), PX_OK);
}

static void test_show(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "abcd1111", NULL, NULL, "One", "one", 0);
    put(s, "abcd2222", NULL, NULL, "Two", "two", 0);
    put(s, "abc", NULL, NULL, "Short", "short", 0);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_store_show(s, "abcd1111", &b), PX_OK);
    assert_non_null(strstr((const char *)px_buf_slice(&b).ptr, "\"title\":\"One\""));
    assert_null(memchr(b.ptr, '\n', b.len));
    px_buf_reset(&b);
    assert_int_equal(px_store_show(s, "abcd2", &b), PX_OK);
    assert_true(b.len > 0);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, "\"id\":\"abcd2222\""));
    px_buf_reset(&b);
    assert_int_equal(px_store_show(s, "abc", &b), PX_OK); /* exact, shorter than 4 */
    px_buf_reset(&b);
    assert_int_equal(px_store_show(s, "abcd", &b), PX_EINVAL);
    assert_non_null(strstr(px_store_errmsg(s), "ambiguous"));
    assert_int_equal(b.len, 0);
    assert_int_equal(px_store_show(s, "ab", &b), PX_ENOTFOUND);
    assert_int_equal(px_store_show(s, "zzzz", &b), PX_ENOTFOUND);
    assert_int_equal(px_store_show(s, "abcd3", &b), PX_ENOTFOUND);
    assert_int_equal(b.len, 0);
    px_buf_free(&b);
    assert_int_equal(px_store_close(s), PX_OK);
}

static void test_search_rank_snippet(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "s1", NULL, NULL, "Weather report", "Rain in the north and a flood warning.", 0);
    put(s, "s2", NULL, NULL, "Flood hits the valley",
        "The flood reached the town. Flood defences failed.", 0);
    put(s, "s3", NULL, NULL, "Sports", "Nothing about water at all.", 0);
    put(s, "s4", NULL, NULL, "Čačak news", "Émigré café reopened", 0);
    rows rs;
    assert_int_equal(search(s, "flood", &rs), 2);
    assert_true(strncmp(rs.line[0], "s2|", 3) == 0);
    assert_true(rs.score[0] > rs.score[1]);
    assert_true(rs.score[1] > 0);
    assert_non_null(strstr(rs.line[0], "[Flood]"));
    assert_non_null(strstr(rs.line[1], "a [flood] warning"));
    assert_int_equal(search(s, "\"flood warning\"", &rs), 1); /* phrases work */
    memset(&rs, 0, sizeof rs); /* the raw FTS5 syntax: a column filter */
    assert_int_equal(px_store_search_raw(s, "title:flood", 0, "[", "]", collect, &rs), PX_OK);
    assert_int_equal(rs.n, 1);
    assert_int_equal(search(s, "cacak OR emigre", &rs), 1); /* diacritics folded */
    memset(&rs, 0, sizeof rs);
    assert_int_equal(px_store_search(s, "flood", 1, "<", ">", collect, &rs), PX_OK);
    assert_int_equal(rs.n, 1);
    /* Long texts get a short snippet with an ellipsis. */
    char text[2048] = "";
    for (int i = 0; i < 60; i++)
        strcat(text, "filler words here ");
    strcat(text, "needle ");
    for (int i = 0; i < 40; i++)
        strcat(text, "more filler ");
    put(s, "s5", NULL, NULL, NULL, text, 0);
    assert_int_equal(search(s, "needle", &rs), 1);
    assert_non_null(strstr(rs.line[0], "…"));
    assert_non_null(strstr(rs.line[0], "[needle]"));
    assert_true(strlen(rs.line[0]) < 200);
    assert_int_equal(px_store_close(s), PX_OK);
}

static void test_bad_query(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "q1", NULL, NULL, "t", "some text", 0);
    static const char *const bad[] = {"\"unterminated", "AND",     "text AND",
                                      "(a OR b",        "nocol:x", ""};
    rows rs = {0};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(px_store_search_raw(s, bad[i], 0, "[", "]", collect, &rs), PX_EPARSE);
        assert_non_null(strstr(px_store_errmsg(s), "bad query"));
    }
    assert_int_equal(rs.n, 0);
    /* A plain query forgives all but having no word at all. */
    static const char *const fine[] = {"\"unterminated", "text AND",  "(a OR b",
                                       "nocol:x",        "some-text", "it's"};
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++)
        assert_int_equal(px_store_search(s, fine[i], 0, "[", "]", collect, &rs), PX_OK);
    assert_int_equal(px_store_search(s, "AND", 0, "[", "]", collect, &rs), PX_EPARSE);
    assert_int_equal(px_store_search(s, "", 0, "[", "]", collect, &rs), PX_EPARSE);
    rs.n = 0;
    assert_int_equal(search(s, "some", &rs), 1); /* the store still works */
    assert_int_equal(px_store_close(s), PX_OK);
}

/* The cost of a search is bounded (#20 item 2): repeats of a plain query are
 * dropped, too many words or bytes are refused with the limit in the message. */
static void test_search_bounds(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "q1", NULL, NULL, "The title", "the text of the article", 0);
    put(s, "q2", NULL, NULL, "Other", "more text", 0);
    px_buf q, out;
    px_buf_init(&q, 0);
    px_buf_init(&out, 0);
    char err[PX_ERRMSG_SIZE];
    for (int i = 0; i < 100; i++)
        assert_int_equal(px_buf_append_str(&q, i ? " the" : "the"), PX_OK);
    assert_int_equal(px_buf_terminate(&q), PX_OK);
    assert_int_equal(px__search_bound((const char *)q.ptr, &out, err), PX_OK);
    assert_string_equal((const char *)out.ptr, "the");
    rows rs = {0};
    assert_int_equal(search(s, (const char *)q.ptr, &rs), 1);
    /* Repeats with other case, phrases; operators keep the query as it is. */
    assert_int_equal(px__search_bound("Text text \"a b\" \"a b\" TEXT", &out, err), PX_OK);
    assert_string_equal((const char *)out.ptr, "Text \"a b\"");
    assert_int_equal(px__search_bound("text OR text", &out, err), PX_OK);
    assert_string_equal((const char *)out.ptr, "text OR text");
    /* 16,000 different words: refused at once, naming the limit. */
    px_buf_reset(&q);
    for (int i = 0; i < 16000; i++)
        assert_int_equal(px_buf_appendf(&q, "%sw%d", i ? " " : "", i), PX_OK);
    assert_int_equal(px_buf_terminate(&q), PX_OK);
    assert_int_equal(px_store_search(s, (const char *)q.ptr, 0, "[", "]", collect, &rs),
                     PX_ETOOBIG);
    assert_non_null(strstr(px_store_errmsg(s), "at most"));
    /* 33 different words in few bytes: refused too. */
    px_buf_reset(&q);
    for (int i = 0; i < PX__SEARCH_MAX_TERMS + 1; i++)
        assert_int_equal(px_buf_appendf(&q, "%sw%d", i ? " " : "", i), PX_OK);
    assert_int_equal(px_buf_terminate(&q), PX_OK);
    assert_int_equal(px_store_search(s, (const char *)q.ptr, 0, "[", "]", collect, &rs),
                     PX_ETOOBIG);
    assert_non_null(strstr(px_store_errmsg(s), "33 different words (at most 32)"));
    /* A phrase of many words counts each word. */
    assert_int_equal(px__search_bound("\"a b c d e f g h i j k l m n o p q r s t u v w x y z a1 "
                                      "b1 c1 d1 e1 f1 g1\"",
                                      &out, err),
                     PX_ETOOBIG);
    assert_int_equal(search(s, "text", &rs), 2); /* the store still works */
    px_buf_free(&q);
    px_buf_free(&out);
    assert_int_equal(px_store_close(s), PX_OK);
}

static void test_reopen_persists(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "p1", "2022-02-02", "o", "Persist", "kept across opens", 0);
    assert_int_equal(px_store_close(s), PX_OK); /* commits the open batch */
    s = open_store(f->db);
    assert_int_equal(count(s), 1);
    rows rs;
    assert_int_equal(search(s, "kept", &rs), 1);
    put(s, "p1", "2022-02-02", "o", "Persist", "kept across opens", 1);
    assert_int_equal(px_store_close(s), PX_OK);
}

static void test_batches(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    px_store_set_batch(s, 2);
    char id[16];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "b%d", i);
        put(s, id, NULL, NULL, NULL, "batched", 0);
    }
    /* Another connection sees only the committed batches. */
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM articles"), 4);
    assert_int_equal(count(s), 5);
    assert_int_equal(px_store_commit(s), PX_OK);
    assert_int_equal(px_store_commit(s), PX_OK);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM articles"), 5);
    assert_int_equal(px_store_close(s), PX_OK);
}

/* A second writer waits for the first (#20 item 3): it fails only after its
 * wait, with a message naming the store, and succeeds once the first commits. */
static void test_second_writer_waits(void **state)
{
    fixture *f = *state;
    px_store *a = open_store(f->db), *b = open_store(f->db);
    put(a, "w1", NULL, NULL, NULL, "first writer", 0); /* a holds the write lock */
    ((px__sqlite *)b)->wait_ms = 300;
    px_buf rec;
    px_buf_init(&rec, 0);
    make_record(&rec, "w2", NULL, NULL, NULL, "second writer");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int replaced;
    assert_int_equal(px_store_put_record(b, px_buf_slice(&rec), &replaced), PX_EDB);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(waited >= 0.29);
    assert_non_null(strstr(px_store_errmsg(b), f->db));
    assert_non_null(strstr(px_store_errmsg(b), "locked by another process"));
    char wait_path[128]; /* while b waited, it announced itself in this file */
    snprintf(wait_path, sizeof wait_path, "%s-wait", f->db);
    assert_int_equal(access(wait_path, F_OK), 0);
    assert_int_equal(px_store_commit(a), PX_OK);
    assert_int_equal(px_store_put_record(b, px_buf_slice(&rec), &replaced), PX_OK);
    assert_int_equal(px_store_commit(b), PX_OK);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM articles"), 2);
    px_buf_free(&rec);
    assert_int_equal(px_store_close(a), PX_OK);
    assert_int_equal(px_store_close(b), PX_OK);
}

static void write_file(const char *path, const char *content, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(content, 1, n, fp), n);
    fclose(fp);
}

static void test_not_a_store(void **state)
{
    fixture *f = *state;
    char text[300];
    memset(text, 'x', sizeof text);
    memcpy(text, "hello, I am not a database", 26);
    write_file(f->db, text, sizeof text);
    px_store *s = (px_store *)1;
    char err[PX_ERRMSG_SIZE] = "";
    assert_int_equal(px_store_open(&s, f->db, err), PX_EDB);
    assert_null(s);
    assert_non_null(strstr(err, "not a SQLite database"));
    /* The file is left as it was. */
    FILE *fp = fopen(f->db, "rb");
    char back[400];
    assert_int_equal(fread(back, 1, sizeof back, fp), sizeof text);
    fclose(fp);
    assert_memory_equal(back, text, sizeof text);
    assert_int_equal(px_store_open(&s, f->db, NULL), PX_EDB); /* errmsg may be NULL */

    /* A SQLite database of something else. */
    char other[128];
    snprintf(other, sizeof other, "%s/other", f->dir);
    sql(other, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    assert_int_equal(px_store_open(&s, other, err), PX_EDB);
    assert_non_null(strstr(err, "not a parallax store"));
    assert_int_equal(sql_int(other, "SELECT count(*) FROM sqlite_schema"), 1);
    assert_int_equal(px_store_open(NULL, f->db, err), PX_EINVAL);
}

static void test_newer_schema(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    assert_int_equal(px_store_close(s), PX_OK);
    sql(f->db, "UPDATE meta SET value = 6 WHERE key = 'schema_version'");
    char err[PX_ERRMSG_SIZE] = "";
    assert_int_equal(px_store_open(&s, f->db, err), PX_EDB);
    assert_null(s);
    assert_non_null(strstr(err, "schema version 6"));
    assert_non_null(strstr(err, "newer"));
}

/* A version-1 store (no story tables) opens, keeps its articles and migrates. */
static void test_migrate_v1(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    assert_int_equal(px_store_close(s), PX_OK);
    sql(f->db, "DROP TABLE story_members; DROP TABLE story_terms;"
               "DROP TRIGGER articles_story_au; DROP TRIGGER articles_story_ad;"
               "DROP TABLE story_vocab; DROP TABLE story_features; DROP TABLE topic_members;"
               "UPDATE meta SET value = 1 WHERE key = 'schema_version';"
               "INSERT INTO articles(id, record) VALUES ('v1', '{}')");
    s = open_store(f->db);
    assert_int_equal(count(s), 1);
    assert_int_equal(px_store_close(s), PX_OK);
    assert_int_equal(sql_int(f->db, "SELECT value FROM meta WHERE key = 'schema_version'"), 5);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM story_members"), 0);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM story_terms"), 0);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM story_features"), 0);
}

/* A version-2 store (no saved story features) opens, keeps its grouping and
 * migrates; the feature triggers then follow record changes. */
static void test_migrate_v2(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    assert_int_equal(px_store_close(s), PX_OK);
    sql(f->db, "DROP TRIGGER articles_story_au; DROP TRIGGER articles_story_ad;"
               "DROP TABLE story_vocab; DROP TABLE story_features; DROP TABLE topic_members;"
               "UPDATE meta SET value = 2 WHERE key = 'schema_version';"
               "INSERT INTO articles(rid, id, record) VALUES (5, 'v2', '{}');"
               "INSERT INTO story_members VALUES ('v2', 's-00000001', NULL, 0)");
    s = open_store(f->db);
    assert_int_equal(count(s), 1);
    assert_int_equal(px_store_close(s), PX_OK);
    assert_int_equal(sql_int(f->db, "SELECT value FROM meta WHERE key = 'schema_version'"), 5);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM story_members"), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM topic_members"), 0);
    /* Version 5: the date index covers the grouping's scan. */
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM sqlite_master WHERE name ="
                                    " 'articles_by_date' AND sql LIKE '%title, lang)'"),
                     1);
    sql(f->db, "INSERT INTO story_features VALUES (5, x'00');"
               "UPDATE articles SET title = 't' WHERE rid = 5;");
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM story_features"), 1);
    sql(f->db, "UPDATE articles SET record = '{ }' WHERE rid = 5;");
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM story_features"), 0);
}

static void test_bad_records(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    static const char *const bad[] = {
        "",
        "   \n",
        "not json",
        "{\"schema\":\"parallax.article/1\",\"id\":\"x\",\"text\":\"t\"",
        "[1, 2]",
        "{\"schema\":\"parallax.article/2\",\"id\":\"x\",\"text\":\"t\"}",
        "{\"id\":\"x\",\"text\":\"t\"}",
        "{\"schema\":\"parallax.article/1\",\"text\":\"t\"}",
        "{\"schema\":\"parallax.article/1\",\"id\":\"\",\"text\":\"t\"}",
        "{\"schema\":\"parallax.article/1\",\"id\":7,\"text\":\"t\"}",
        "{\"schema\":\"parallax.article/1\",\"id\":\"x\"}",
        "{\"schema\":\"parallax.article/1\",\"id\":\"x\",\"text\":\"t\",\"title\":3}",
        "{\"schema\":\"parallax.article/1\",\"id\":\"x\",\"text\":\"t\",\"source\":[]}",
        "{\"schema\":\"parallax.article/1\",\"id\":\"x\",\"text\":\"t\",\"source\":{\"url\":1}}",
        "{\"schema\":\"parallax.article/1\",\"id\":\"x\",\"text\":\"t\"} {}",
        "{\"schema\":\"parallax.article/1\",\"id\":\"x\",\"text\":\"\xff\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int replaced = -1;
        px_status st = px_store_put_record(s, px_slice_cstr(bad[i]), &replaced);
        if (st != PX_EPARSE)
            fail_msg("record %zu: %s", i, px_strerror(st));
        assert_int_equal(replaced, 0);
        assert_true(px_store_errmsg(s)[0] != '\0');
    }
    assert_int_equal(px_store_put_record(s, PX_SLICE_NULL, NULL), PX_EPARSE);
    assert_int_equal(px_store_put_record(NULL, PX_SLICE_LIT("{}"), NULL), PX_EINVAL);
    assert_int_equal(count(s), 0);
    /* A pretty-printed record is stored as one line; a top-level outlet is read. */
    const char *multi = "{\n \"schema\": \"parallax.article/1\",\n \"id\": \"m1\",\n"
                        " \"outlet\": \"top.example\",\n \"text\": \"multi line\"\n}\n";
    assert_int_equal(px_store_put_record(s, px_slice_cstr(multi), NULL), PX_OK);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_store_show(s, "m1", &b), PX_OK);
    assert_null(memchr(b.ptr, '\n', b.len));
    px_buf_free(&b);
    rows rs = {0};
    assert_int_equal(px_store_list(s, 0, collect, &rs), PX_OK);
    assert_string_equal(rs.line[0], "m1|-|top.example|-");
    assert_int_equal(px_store_close(s), PX_OK);
}

static void test_failed_put_is_atomic(void **state)
{
    fixture *f = *state;
    px_store *s = open_store(f->db);
    put(s, "ok1", NULL, NULL, "Fine", "first record", 0);
    assert_int_equal(px_store_commit(s), PX_OK);
    /* Make the upsert fail after its FTS5 trigger has run. */
    sql(f->db, "CREATE TRIGGER boom AFTER INSERT ON articles WHEN new.title = 'boom'"
               " BEGIN SELECT RAISE(ABORT, 'boom refused'); END;");
    put(s, "ok2", NULL, NULL, "Fine too", "second record", 0); /* opens a batch */
    px_buf b;
    px_buf_init(&b, 0);
    make_record(&b, "bad", NULL, NULL, "boom", "uniqueword explodes");
    int replaced = -1;
    assert_int_equal(px_store_put_record(s, px_buf_slice(&b), &replaced), PX_EDB);
    assert_int_equal(replaced, 0);
    assert_non_null(strstr(px_store_errmsg(s), "boom refused"));
    assert_int_equal(count(s), 2);
    rows rs;
    assert_int_equal(search(s, "uniqueword", &rs), 0);
    assert_int_equal(search(s, "second", &rs), 1); /* the batch survived */
    assert_int_equal(px_store_close(s), PX_OK);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM articles"), 2);
    integrity_check(f->db);
    px_buf_free(&b);
}

static void test_put_doc(void **state)
{
    fixture *f = *state;
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1};
    char err[PX_ERRMSG_SIZE] = "";
    if (px_engine_new(&e, &eo, err) != PX_OK) {
        print_message("engine unavailable (%s): skipped\n", err);
        skip();
    }
    px_article a = {.text = PX_SLICE_LIT("The council met on Monday.\n\nIt approved the budget."),
                    .title = PX_SLICE_LIT("Council approves budget"),
                    .date = PX_SLICE_LIT("2023-09-24"),
                    .outlet = PX_SLICE_LIT("example.org")};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(e, &a, &d), PX_OK);
    px_store *s = open_store(f->db);
    int replaced = -1;
    assert_int_equal(px_store_put(s, d, &replaced), PX_OK);
    assert_int_equal(replaced, 0);
    assert_int_equal(px_store_put(s, d, &replaced), PX_OK);
    assert_int_equal(replaced, 1);
    assert_int_equal(px_store_put(s, NULL, &replaced), PX_EINVAL);
    assert_int_equal(count(s), 1);
    rows rs;
    assert_int_equal(search(s, "budget", &rs), 1);
    assert_true(strncmp(rs.line[0], px_doc_id(d), 16) == 0);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_store_show(s, px_doc_id(d), &b), PX_OK);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, "parallax.article/1"));
    /* The stored record reads back through px_store_put_record. */
    assert_int_equal(px_store_put_record(s, px_buf_slice(&b), &replaced), PX_OK);
    assert_int_equal(replaced, 1);
    px_buf_free(&b);
    assert_int_equal(px_store_close(s), PX_OK);
    px_doc_free(d);
    px_engine_free(e);
}

/* Every allocation the store makes, failing in turn: errors, no crash, no leak. */
/* Plain queries become FTS5 queries: words quoted, the syntax people mean kept. */
static void test_fts_query(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"covid-19", "\"covid-19\""},
        {"O'Rourke said", "\"O'Rourke\" \"said\""},
        {"bridge NEAR/5 inquiry", "NEAR(\"bridge\" \"inquiry\", 5)"},
        {"\"Ibar bridge\" OR marchers", "\"Ibar bridge\" OR \"marchers\""},
        {"inquir* NOT riot", "\"inquir\"* NOT \"riot\""},
        {"title:x (a)", "\"title:x\" \"a\""},
        {"say \"\"quote", "\"say\" \"quote\""},
        {"a OR", "\"a\""},
        {"OR NOT", ""},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        px_buf b;
        px_buf_init(&b, 0);
        assert_int_equal(px__store_fts_query(cases[i][0], &b), PX_OK);
        assert_int_equal(px_buf_terminate(&b), PX_OK);
        assert_string_equal((const char *)b.ptr, cases[i][1]);
        px_buf_free(&b);
    }
}

static void test_alloc_failures(void **state)
{
    fixture *f = *state;
    px_buf rec, out;
    px_buf_init(&rec, 0);
    px_buf_init(&out, 0);
    char id[48];
    int completed = 0;
    for (long n = 1; n < 200 && !completed; n++) {
        px_store *s = NULL;
        px_buf_reset(&out);
        px__alloc_fail_after(n);
        px_status st = px_store_open(&s, f->db, NULL);
        for (int i = 0; st == PX_OK && i < 3; i++) {
            px__alloc_fail_after(0);
            snprintf(id, sizeof id, "alloc-%ld-%d", n, i);
            make_record(&rec, id, "2020-01-01", "o", "Title", "some words to index");
            px__alloc_fail_after(n);
            st = px_store_put_record(s, px_buf_slice(&rec), NULL);
        }
        if (st == PX_OK)
            st = px_store_show(s, id, &out);
        if (st == PX_OK) {
            rows rs = {0};
            st = px_store_search(s, "words", 2, "[", "]", collect, &rs);
        }
        if (s && px_store_close(s) != PX_OK && st == PX_OK)
            st = PX_EDB;
        px__alloc_fail_after(0);
        assert_true(st == PX_OK || st == PX_ENOMEM || st == PX_EDB);
        completed = st == PX_OK;
    }
    assert_true(completed);
    px_buf_free(&rec);
    px_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upsert_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_in_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_show, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_rank_snippet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_query, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_persists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_writer_waits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_put_is_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_doc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failures, setup, teardown),
        cmocka_unit_test(test_fts_query),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
