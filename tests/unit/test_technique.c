/* Unit tests: persuasion techniques (src/annotate/technique/): weight tables,
 * the partial-overlap SI credit, span decoding, the model file round trip,
 * technique classification on given spans (and its bad-input messages), the
 * annotator and the record's techniques member. On the PTC data when present:
 * the committed model names its training spans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "annotate/technique/technique.h"
#include "parallax/techniques.h"
#include "record/record.h"

static void test_table(void **state)
{
    (void)state;
    px_tec_table t;
    uint32_t keys[] = {5, 9, 5};
    int16_t w[] = {1, 2, 3, 4, 100, 100};
    assert_int_equal(px__tec_table_build(&t, 2, 3, 0.5f, keys, w), PX_OK);
    assert_int_equal(t.nfeat, 2); /* the duplicate keeps the first */
    uint32_t f[] = {5, 9, 77, 5};
    float sc[2] = {0, 0};
    px__tec_table_score(&t, f, 4, sc);
    assert_true(sc[0] == 0.5f * (1 + 3 + 1) && sc[1] == 0.5f * (2 + 4 + 2));
    px__tec_table_free(&t);
    uint32_t zero = 0;
    assert_int_equal(px__tec_table_build(&t, 2, 1, 1, &zero, w), PX_EPARSE);
}

static void test_si_credit(void **state)
{
    (void)state;
    /* Predicted [0,10) and [20,30); gold [5,15). */
    px_tec_gold pred[] = {{0, 10, -1}, {20, 30, -1}}, gold[] = {{5, 15, -1}};
    double p = 0, r = 0;
    px__tec_si_credit(pred, 2, gold, 1, &p, &r);
    assert_true(p > 0.499 && p < 0.501); /* 5/10 + 0 */
    assert_true(r > 0.499 && r < 0.501); /* 5/10 */
}

static px_status keep_span(void *ud, uint32_t s, uint32_t e, float score)
{
    px_tec_gold *g = ud;
    while (g->cls >= 0)
        g++;
    *g = (px_tec_gold){s, e, (int)(score * 1000 + 0.5f)};
    g[1].cls = -1;
    return PX_OK;
}

/* Decoding: a span starts at p >= threshold and grows over p >= low within
 * its sentence, bridging up to gap tokens; punctuation never ends a span. */
static void test_decode(void **state)
{
    (void)state;
    /* Ten tokens of two bytes and a space each; sentence 0 is 0-5, 1 is 6-9;
     * token 4 is punctuation. */
    px_token t[10];
    uint32_t sent[10];
    for (uint32_t i = 0; i < 10; i++) {
        t[i] = (px_token){.start = 3 * i, .end = 3 * i + 2, .kind = PX_TOK_WORD};
        sent[i] = i < 6 ? 0 : 1;
    }
    t[4].kind = PX_TOK_PUNCT;
    px_tec_ctx c = {.n = 10, .t = t, .sent = sent};
    float p[10] = {0.1f, 0.2f, 0.9f, 0.25f, 0.9f, 0.05f, 0.3f, 0.25f, 0.01f, 0.6f};
    px_tec_gold got[12];
    /* Plain runs (low = threshold): tokens 2 and 9. */
    got[0].cls = -1;
    px_tec_decoding plain = {0.5f, 0.5f, 0};
    assert_int_equal(px__tec_decode(&c, p, &plain, keep_span, got), PX_OK);
    assert_int_equal(got[0].s, 6);
    assert_int_equal(got[0].e, 8);
    assert_int_equal(got[1].s, 27);
    assert_int_equal(got[2].cls, -1);
    /* low 0.15: token 2 grows to 1-3 (token 0 is below, 4 is punctuation);
     * token 9 takes nothing (8 is below low; 6-7 lie beyond it). */
    got[0].cls = -1;
    px_tec_decoding hyst = {0.5f, 0.15f, 0};
    assert_int_equal(px__tec_decode(&c, p, &hyst, keep_span, got), PX_OK);
    assert_int_equal(got[0].s, 3);
    assert_int_equal(got[0].e, 11);
    assert_int_equal(got[0].cls, 450); /* mean of 0.2, 0.9, 0.25 */
    assert_int_equal(got[1].s, 27);
    assert_int_equal(got[1].e, 29);
    assert_int_equal(got[2].cls, -1);
    /* gap 1 bridges token 8: 6-9 is one span; token 5 stays out (sentence 0
     * ends with punctuation and a token below low). */
    got[0].cls = -1;
    px_tec_decoding gap = {0.5f, 0.15f, 1};
    assert_int_equal(px__tec_decode(&c, p, &gap, keep_span, got), PX_OK);
    assert_int_equal(got[0].s, 3);
    assert_int_equal(got[0].e, 11);
    assert_int_equal(got[1].s, 18);
    assert_int_equal(got[1].e, 29);
    assert_int_equal(got[2].cls, -1);
}

static px_techniques *tec;

static int setup(void **state)
{
    (void)state;
    char msg[PX_ERRMSG_SIZE];
    return px_techniques_new(&tec, msg) == PX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    px_techniques_free(tec);
    return 0;
}

static px_status line(const char *in, px_buf *out, char *err)
{
    px_buf_reset(out);
    return px_techniques_line(tec, (const uint8_t *)in, strlen(in), out, err);
}

static void test_spans_line(void **state)
{
    (void)state;
    px_buf out;
    px_buf_init(&out, 0);
    char err[PX_ERRMSG_SIZE];
    const char *ok = "{\"id\":\"a\",\"text\":\"They wanted to destroy our homeland! We will never "
                     "surrender.\",\"spans\":[[15,35],[15,35],[37,60]]}";
    assert_int_equal(line(ok, &out, err), PX_OK);
    assert_non_null(px_buf_terminate(&out) == PX_OK ? out.ptr : NULL);
    assert_non_null(strstr((char *)out.ptr, "{\"id\":\"a\",\"spans\":[{\"span\":[15,35],"));
    /* The repeated span gets two different techniques. */
    char *a = strstr((char *)out.ptr, "\"technique\":\""), *b = strstr(a + 1, "\"technique\":\"");
    assert_non_null(b);
    assert_true(strncmp(a, b, 30) != 0);
    assert_int_equal(out.ptr[out.len - 1], '\n');
    /* Bad input: a message, nothing written. */
    assert_int_equal(line("{\"text\":\"\xc4\x8c"
                          "aj\",\"spans\":[[1,3]]}",
                          &out, err),
                     PX_EPARSE);
    assert_non_null(strstr(err, "inside a UTF-8 character"));
    assert_int_equal(out.len, 0);
    assert_int_equal(line("{\"text\":\"abc\",\"spans\":[[0,9]]}", &out, err), PX_EPARSE);
    assert_non_null(strstr(err, "outside the text"));
    assert_int_equal(line("{\"text\":\"abc\",\"spans\":[[2,1]]}", &out, err), PX_EPARSE);
    assert_int_equal(line("{\"text\":\"abc\",\"spans\":[[0.5,2]]}", &out, err), PX_EPARSE);
    assert_int_equal(line("{\"text\":\"abc\"}", &out, err), PX_EPARSE);
    assert_int_equal(line("[1,", &out, err), PX_EPARSE);
    assert_int_equal(line("{\"id\":3,\"text\":\"\",\"spans\":[]}", &out, err), PX_OK);
    assert_int_equal(out.len, strlen("{\"id\":3,\"spans\":[]}\n"));
    /* A numeric id beyond long long is null (the fuzzer's find: the range is
     * checked before the conversion, which UBSan reports otherwise). */
    assert_int_equal(line("{\"id\":7e111,\"text\":\"\",\"spans\":[]}", &out, err), PX_OK);
    assert_int_equal(out.len, strlen("{\"id\":null,\"spans\":[]}\n"));
    assert_int_equal(line("{\"id\":-2e300,\"text\":\"\",\"spans\":[]}", &out, err), PX_OK);
    assert_int_equal(out.len, strlen("{\"id\":null,\"spans\":[]}\n"));
    px_buf_free(&out);
}

static void test_model_roundtrip(void **state)
{
    (void)state;
    char msg[PX_ERRMSG_SIZE];
    px_tec_model *m = NULL, *m2 = NULL;
    assert_int_equal(px__tec_model_load_default(&m, msg), PX_OK);
    assert_int_equal(m->nclass, PX_TEC_NCLASS);
    for (int i = 0; i < PX_TEC_NCLASS; i++)
        assert_int_equal(px__tec_class(m->names[i]), i);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(px__tec_model_write(m, f), PX_OK);
    fclose(f);
    assert_int_equal(px__tec_model_load_mem((uint8_t *)buf, len, &m2, msg), PX_OK);
    assert_int_equal(m2->tc.nfeat, m->tc.nfeat);
    assert_int_equal(m2->si.nfeat, m->si.nfeat);
    assert_int_equal(m2->lex.n, m->lex.n);
    /* Truncated files fail cleanly. */
    px_tec_model *m3 = NULL;
    for (size_t cut = 0; cut < len; cut += len / 7 + 1)
        assert_int_equal(px__tec_model_load_mem((uint8_t *)buf, cut, &m3, msg), PX_EPARSE);
    free(buf);
    px__tec_model_free(m);
    px__tec_model_free(m2);
}

/* The annotator writes ordered techniques that the typed reader reads back. */
static void test_annotate_record(void **state)
{
    (void)state;
    char msg[PX_ERRMSG_SIZE];
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1};
    assert_int_equal(px_engine_new(&e, &eo, msg), PX_OK);
    const char *text = "Traitors and criminals want to destroy our glorious homeland!\n\n"
                       "These evil, corrupt thugs will never stop lying to you. Wake up!";
    px_article a = {.text = px_slice_cstr(text)};
    px_doc *d = NULL;
    assert_int_equal(px_doc_new(e, &a, &d), PX_OK);
    assert_true(d->n_techniques > 0);
    for (size_t i = 0; i < d->n_techniques; i++) {
        const px_doc_technique *t = &d->techniques[i];
        assert_true(t->span.start < t->span.end && t->span.end <= d->text.len);
        assert_true(px__tec_class(px_slice_cstr(t->technique)) >= 0);
        assert_true(t->score > 0 && t->score <= 1);
        if (i)
            assert_true(d->techniques[i - 1].span.start <= t->span.start);
    }
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_doc_write_json(d, &b), PX_OK);
    px_arena *ar = px__arena_new(1 << 16, 0);
    px_rec r;
    assert_int_equal(px__rec_parse(px_buf_slice(&b), ar, &r, msg), PX_OK);
    assert_int_equal(r.n_techniques, d->n_techniques);
    for (size_t i = 0; i < r.n_techniques; i++) {
        assert_int_equal(r.techniques[i].span.start, d->techniques[i].span.start);
        assert_true(
            px_slice_eq(r.techniques[i].technique, px_slice_cstr(d->techniques[i].technique)));
    }
    px__arena_free(ar);
    px_buf_free(&b);
    px_doc_free(d);
    px_engine_free(e);
}

/* On the PTC articles the model was trained on, most spans get their gold
 * technique (a check that the committed weights and the features agree). */
static void test_ptc_training_spans(void **state)
{
    (void)state;
    char path[4096], lexdir[4096], msg[PX_ERRMSG_SIZE] = "";
    snprintf(path, sizeof path, "%s/data/propaganda/ptc-train.jsonl", PX_SHARED_DIR);
    snprintf(lexdir, sizeof lexdir, "%s/data/lexicons", PX_SHARED_DIR);
    FILE *f = fopen(path, "rb");
    if (!f)
        skip();
    /* The first 12 articles only, to stay quick under sanitizers. */
    char tmp[] = "/tmp/px_ptc_XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    FILE *o = fdopen(fd, "wb");
    int ch, lines = 0;
    while (lines < 12 && (ch = getc(f)) != EOF) {
        putc(ch, o);
        lines += ch == '\n';
    }
    fclose(f);
    fclose(o);
    px_tec_model *m = NULL;
    assert_int_equal(px__tec_model_load_default(&m, msg), PX_OK);
    px_engine *e = NULL;
    assert_int_equal(px__tec_engine(&e, msg), PX_OK);
    px_tec_corpus C;
    assert_int_equal(px__tec_corpus_load(e, tmp, m, &m->lex, &C, msg), PX_OK);
    remove(tmp);
    size_t n = 0, ok = 0;
    for (size_t i = 0; i < C.n; i++) {
        float p[PX_TEC_MAXCLASS];
        for (size_t k = 0; k < C.a[i].n_tc; k++, n++) {
            px__tec_classify(m, &C.a[i].c, C.a[i].tc[k].s, C.a[i].tc[k].e, p);
            int best = 0;
            for (int c = 1; c < PX_TEC_NCLASS; c++)
                best = p[c] > p[best] ? c : best;
            ok += best == C.a[i].tc[k].cls;
        }
    }
    assert_true(n > 100);
    assert_true((double)ok / (double)n > 0.7);
    px__tec_corpus_free(&C);
    px_engine_free(e);
    px__tec_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_si_credit),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_spans_line),
        cmocka_unit_test(test_model_roundtrip),
        cmocka_unit_test(test_annotate_record),
        cmocka_unit_test(test_ptc_training_spans),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
