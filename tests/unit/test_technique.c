/* Unit tests: persuasion techniques (src/annotate/technique/): weight tables,
 * the partial-overlap SI credit, span decoding, the model file round trip,
 * technique classification on given spans (and its bad-input messages), the
 * annotator and the record's techniques member. On the PTC data when present:
 * the committed model names its training spans. */
#include <math.h>
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
    px_tec_decoding plain = {0.5f, 0.5f, 0, 0, 0, 0};
    assert_int_equal(px__tec_decode(&c, p, &plain, keep_span, got), PX_OK);
    assert_int_equal(got[0].s, 6);
    assert_int_equal(got[0].e, 8);
    assert_int_equal(got[1].s, 27);
    assert_int_equal(got[2].cls, -1);
    /* low 0.15: token 2 grows to 1-3 (token 0 is below, 4 is punctuation);
     * token 9 takes nothing (8 is below low; 6-7 lie beyond it). */
    got[0].cls = -1;
    px_tec_decoding hyst = {0.5f, 0.15f, 0, 0, 0, 0};
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
    px_tec_decoding gap = {0.5f, 0.15f, 1, 0, 0, 0};
    assert_int_equal(px__tec_decode(&c, p, &gap, keep_span, got), PX_OK);
    assert_int_equal(got[0].s, 3);
    assert_int_equal(got[0].e, 11);
    assert_int_equal(got[1].s, 18);
    assert_int_equal(got[1].e, 29);
    assert_int_equal(got[2].cls, -1);
}

/* Two tables joined score as both: a's columns then b's, each with its scale. */
static void test_table_join(void **state)
{
    (void)state;
    px_tec_table a, b, j;
    uint32_t ka[] = {5, 9}, kb[] = {9, 11};
    int16_t wa[] = {3, -2}, wb[] = {1, 2, 3, 4, 5, 6};
    assert_int_equal(px__tec_table_build(&a, 1, 2, 0.5f, ka, wa), PX_OK);
    assert_int_equal(px__tec_table_build(&b, 3, 2, 0.25f, kb, wb), PX_OK);
    assert_int_equal(px__tec_table_join(&a, &b, &j), PX_OK);
    assert_int_equal(j.k, 4);
    assert_int_equal(j.nfeat, 3);
    uint32_t f[] = {5, 9, 11, 77};
    float sa[1] = {0}, sb[3] = {0, 0, 0}, sj[4] = {0, 0, 0, 0};
    px__tec_table_score(&a, f, 4, sa);
    px__tec_table_score(&b, f, 4, sb);
    px__tec_table_score(&j, f, 4, sj);
    assert_true(sa[0] == 0.5f && sj[0] == sa[0]);
    for (int c = 0; c < 3; c++)
        assert_true(sj[1 + c] == sb[c]);
    assert_true(sb[0] == 0.25f * (1 + 4));
    px__tec_table_free(&a);
    px__tec_table_free(&b);
    px__tec_table_free(&j);
}

/* The BIO tagger's Viterbi decoding: an I never follows O, spans are B/I
 * runs within a sentence trimmed of punctuation; bias lengthens them. */
static void test_seq_decode(void **state)
{
    (void)state;
    /* Nine tokens; sentence 0 is 0-5, 1 is 6-8; token 3 is punctuation. */
    px_token t[9];
    uint32_t sent[9], sfirst[3] = {0, 6, 9};
    for (uint32_t i = 0; i < 9; i++) {
        t[i] = (px_token){.start = 3 * i, .end = 3 * i + 2, .kind = PX_TOK_WORD};
        sent[i] = i < 6 ? 0 : 1;
    }
    t[3].kind = PX_TOK_PUNCT;
    px_tec_ctx c = {.n = 9, .t = t, .sent = sent, .sfirst = sfirst, .n_sents = 2};
    /* Scores (O, B, I): token 1 B, 2-3 I, 4 O; token 6 prefers I but opens a
     * sentence (so B or O: B scores 1 above O); 7 I; 8 O by 0.5 over I. */
    float e[27] = {2, 0, 0, 0, 3, 1, 0, 0, 2, 0, 0,    2,  2, 0,
                   0, 2, 0, 0, 0, 1, 5, 0, 0, 3, 0.5f, -1, 0};
    float tr[PX_TEC_NTRANS] = {0};
    px_tec_gold got[12];
    got[0].cls = -1;
    assert_int_equal(px__tec_seq_decode(&c, e, tr, 0, keep_span, got), PX_OK);
    /* Tokens 1-2 (3 is punctuation, trimmed), then 6-7. */
    assert_int_equal(got[0].s, 3);
    assert_int_equal(got[0].e, 8);
    assert_int_equal(got[1].s, 18);
    assert_int_equal(got[1].e, 23);
    assert_int_equal(got[2].cls, -1);
    /* bias 1 on B and I: token 8 (O by 0.5) joins as I; token 4 (O by 2)
     * does not, nor tokens 0 and 5. */
    got[0].cls = -1;
    assert_int_equal(px__tec_seq_decode(&c, e, tr, 1, keep_span, got), PX_OK);
    assert_int_equal(got[0].s, 3);
    assert_int_equal(got[0].e, 8);
    assert_int_equal(got[1].s, 18);
    assert_int_equal(got[1].e, 26);
    assert_int_equal(got[2].cls, -1);
    /* A strong O -> B penalty: sentence 0 opens with B (token 0, one span)
     * and goes on B I I (tokens 1-2, the next span: B -> B starts one);
     * sentence 1 opens with B anyway. */
    tr[PX_TEC_O * 3 + PX_TEC_B] = -10;
    got[0].cls = -1;
    assert_int_equal(px__tec_seq_decode(&c, e, tr, 0, keep_span, got), PX_OK);
    assert_int_equal(got[0].s, 0);
    assert_int_equal(got[0].e, 2);
    assert_int_equal(got[1].s, 3);
    assert_int_equal(got[1].e, 8);
    assert_int_equal(got[2].s, 18);
    assert_int_equal(got[2].e, 23);
    assert_int_equal(got[3].cls, -1);
}

/* Forward-backward marginals agree with enumerating every tag sequence. */
static void test_seq_marginals(void **state)
{
    (void)state;
    px_token t[4];
    uint32_t sent[4] = {0, 0, 0, 0}, sfirst[2] = {0, 4};
    for (uint32_t i = 0; i < 4; i++)
        t[i] = (px_token){.start = 3 * i, .end = 3 * i + 2, .kind = PX_TOK_WORD};
    px_tec_ctx c = {.n = 4, .t = t, .sent = sent, .sfirst = sfirst, .n_sents = 1};
    float e[12] = {0.3f, -1, 0.2f, 1.5f, 0.1f, -0.4f, -2, 0.7f, 1.1f, 0.2f, 0.2f, 0.9f};
    float tr[PX_TEC_NTRANS] = {0.5f, -0.3f, -9, 0.2f, -1, 0.8f, 0.4f, 0.1f, 1.2f, 0.3f, -0.2f, -9};
    float p[4] = {0, 0, 0, 0};
    assert_int_equal(px__tec_seq_probs(&c, e, tr, 0, p), PX_OK);
    double z = 0, in[4] = {0, 0, 0, 0};
    for (int code = 0; code < 81; code++) {
        int y[4], ok = 1;
        for (int i = 0, v = code; i < 4; i++, v /= 3)
            y[i] = v % 3;
        double sc = tr[9 + y[0]] + e[y[0]];
        ok = y[0] != PX_TEC_I;
        for (int i = 1; i < 4; i++) {
            ok &= !(y[i] == PX_TEC_I && y[i - 1] == PX_TEC_O);
            sc += tr[y[i - 1] * 3 + y[i]] + e[3 * i + y[i]];
        }
        if (!ok)
            continue;
        z += exp(sc);
        for (int i = 0; i < 4; i++)
            in[i] += y[i] != PX_TEC_O ? exp(sc) : 0;
    }
    for (int i = 0; i < 4; i++)
        assert_true(fabs(p[i] - in[i] / z) < 1e-4);
    /* mix 1 keeps the probabilities given. */
    float q[4] = {0.1f, 0.2f, 0.3f, 0.4f};
    assert_int_equal(px__tec_seq_probs(&c, e, tr, 1, q), PX_OK);
    assert_true(q[2] == 0.3f);
}

/* The CRF learns a toy task: a span starts at feature 7 and runs to 8. */
static void test_seq_train(void **state)
{
    (void)state;
    px_tec_data D;
    memset(&D, 0, sizeof D);
    /* 40 sentences of 6 tokens; tokens 2-3 are a span in even sentences,
     * marked by feature 7 on token 2 and 8 on token 3; filler feature 9. */
    uint8_t bio[240];
    for (uint32_t s = 0; s < 40; s++)
        for (uint32_t i = 0; i < 6; i++) {
            int span = s % 2 == 0 && (i == 2 || i == 3);
            uint32_t f[2] = {9, span ? (i == 2 ? 7 : 8) : 10 + i};
            assert_int_equal(px__tec_data_add(&D, f, 2, (uint16_t)span, s / 10), PX_OK);
            bio[s * 6 + i] =
                (uint8_t)((span ? (i == 2 ? PX_TEC_B : PX_TEC_I) : PX_TEC_O) | (i == 0 ? 4 : 0));
        }
    D.bio = malloc(sizeof bio);
    assert_non_null(D.bio);
    memcpy(D.bio, bio, sizeof bio);
    px_tec_train_opt o = {3, 10, 1e-4f, 0.1f, 1, 3, 8, 0};
    px_tec_table tb;
    float tr[PX_TEC_NTRANS];
    char msg[PX_ERRMSG_SIZE];
    uint8_t use[4] = {1, 1, 1, 0}; /* the last group held out */
    assert_int_equal(px__tec_seq_train(&D, use, &o, &tb, tr, msg), PX_OK);
    assert_int_equal(tb.k, 3);
    /* Score the held-out sentences 30 and 31 (span, no span). */
    px_token t[12];
    uint32_t sent[12], sfirst[3] = {0, 6, 12};
    float e[36];
    for (uint32_t i = 0; i < 12; i++) {
        t[i] = (px_token){.start = 3 * i, .end = 3 * i + 2, .kind = PX_TOK_WORD};
        sent[i] = i / 6;
        size_t x = 30 * 6 + i;
        for (int k = 0; k < 3; k++)
            e[3 * i + (uint32_t)k] = 0;
        px__tec_table_score(&tb, D.f + D.off[x], D.off[x + 1] - D.off[x], e + 3 * i);
    }
    px_tec_ctx c = {.n = 12, .t = t, .sent = sent, .sfirst = sfirst, .n_sents = 2};
    px_tec_gold got[12];
    got[0].cls = -1;
    assert_int_equal(px__tec_seq_decode(&c, e, tr, 0, keep_span, got), PX_OK);
    assert_int_equal(got[0].s, 6);
    assert_int_equal(got[0].e, 11);
    assert_int_equal(got[1].cls, -1);
    float p[12];
    assert_int_equal(px__tec_seq_probs(&c, e, tr, 0, p), PX_OK);
    assert_true(p[2] > 0.9f && p[3] > 0.9f && p[1] < 0.1f && p[8] < 0.1f);
    px__tec_table_free(&tb);
    px__tec_data_free(&D);
}

static px_techniques *tec;

static int setup(void **state)
{
    (void)state;
    char msg[PX_ERRMSG_SIZE];
    return px_techniques_new(&tec, NULL, msg) == PX_OK ? 0 : -1;
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
    assert_int_equal(px__tec_model_load_default(NULL, &m, msg), PX_OK);
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
    assert_int_equal(m2->si_dec.seq, m->si_dec.seq);
    assert_int_equal(m2->sq.nfeat, m->sq.nfeat);
    assert_true(m2->si_dec.mix == m->si_dec.mix && m2->si_dec.low == m->si_dec.low);
    assert_memory_equal(m2->si_trans, m->si_trans, sizeof m->si_trans);
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
    assert_int_equal(px__tec_model_load_default(NULL, &m, msg), PX_OK);
    px_engine *e = NULL;
    assert_int_equal(px__tec_engine(&e, NULL, msg), PX_OK);
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
        cmocka_unit_test(test_table_join),
        cmocka_unit_test(test_seq_decode),
        cmocka_unit_test(test_seq_marginals),
        cmocka_unit_test(test_seq_train),
        cmocka_unit_test(test_spans_line),
        cmocka_unit_test(test_model_roundtrip),
        cmocka_unit_test(test_annotate_record),
        cmocka_unit_test(test_ptc_training_spans),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
