/* Unit tests: the entity tagger (src/annotate/ner*.c): CoNLL reader, labels,
 * conlleval scoring, model format checks, deterministic training. Training
 * data here is invented (never CoNLL text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "annotate/ner.h"
#include "ner_train.h"

static void test_labels(void **state)
{
    (void)state;
    for (int l = 0; l < PX_NER_NLABELS; l++) {
        const char *s = px__ner_label_name(l);
        assert_int_equal(px__ner_label_parse((const uint8_t *)s, strlen(s)), l);
    }
    assert_int_equal(px__ner_label_parse((const uint8_t *)"B-XYZ", 5), -1);
    assert_int_equal(PX_NER_TYPE(1), PX_ENT_PER);
    assert_int_equal(PX_NER_TYPE(4), PX_ENT_ORG);
    assert_int_equal(PX_NER_TYPE(6), PX_ENT_LOC);
    assert_int_equal(PX_NER_TYPE(8), PX_ENT_MISC);
    assert_true(PX_NER_IS_B(7));
    assert_false(PX_NER_IS_B(8));
    assert_false(PX_NER_IS_B(0));
}

typedef struct seen {
    size_t sents, docs, words;
    char first[64], last_tag[16];
    int untagged;
} seen;

static int on_sent(void *ud, const px_conll_sent *s)
{
    seen *v = ud;
    if (s->docstart) {
        v->docs++;
        return 0;
    }
    v->sents++;
    v->words += s->n;
    if (v->sents == 1)
        snprintf(v->first, sizeof v->first, "%.*s", (int)s->words[0].len,
                 (const char *)s->words[0].ptr);
    const px_slice t = s->tags[s->n - 1];
    if (t.ptr)
        snprintf(v->last_tag, sizeof v->last_tag, "%.*s", (int)t.len, (const char *)t.ptr);
    else
        v->untagged++;
    return 0;
}

static void test_conll_reader(void **state)
{
    (void)state;
    const char *in = "-DOCSTART- -X- O O\n\nAnna NNP B-NP B-PER\r\nsleeps VBZ B-VP O\n"
                     "\n\n   \nword\n-DOCSTART-\tO\nlast\tB-LOC";
    seen v = {0};
    assert_int_equal(px__conll_read((const uint8_t *)in, strlen(in), on_sent, &v), 0);
    assert_int_equal(v.docs, 2);
    assert_int_equal(v.sents, 3);
    assert_int_equal(v.words, 4);
    assert_string_equal(v.first, "Anna");
    assert_string_equal(v.last_tag, "B-LOC");
    assert_int_equal(v.untagged, 1);
    seen e = {0};
    assert_int_equal(px__conll_read((const uint8_t *)"", 0, on_sent, &e), 0);
    assert_int_equal(e.sents, 0);
}

static int stop_at_first(void *ud, const px_conll_sent *s)
{
    (void)s;
    ++*(int *)ud;
    return 7;
}

static void test_conll_reader_stops(void **state)
{
    (void)state;
    int calls = 0;
    const char *in = "a\n\nb\n\nc\n";
    assert_int_equal(px__conll_read((const uint8_t *)in, strlen(in), stop_at_first, &calls), 7);
    assert_int_equal(calls, 1);
}

static void test_score_conlleval_rules(void **state)
{
    (void)state;
    /* gold: [PER 0-2) O [LOC 3-4) [ORG 4-5); pred: [PER 0-1) O O [LOC 3-4) [LOC 4-5) */
    const uint8_t gold[] = {1, 2, 0, 5, 3};
    const uint8_t pred[] = {1, 0, 0, 5, 5};
    px_ner_score s;
    memset(&s, 0, sizeof s);
    px__ner_score_add(&s, gold, pred, 5);
    assert_int_equal(s.tp[0], 1);
    assert_int_equal(s.fp[0], 2);
    assert_int_equal(s.fn[0], 2);
    assert_int_equal(s.tp[PX_ENT_LOC], 1);
    assert_int_equal(s.fn[PX_ENT_ORG], 1);
    assert_int_equal(s.fp[PX_ENT_LOC], 1);
    assert_int_equal(s.correct, 3);
    /* an I- tag after O starts a chunk, as in conlleval */
    const uint8_t g2[] = {0, 2, 2};
    const uint8_t p2[] = {0, 1, 2};
    memset(&s, 0, sizeof s);
    px__ner_score_add(&s, g2, p2, 3);
    assert_int_equal(s.tp[0], 1);
    double p, r, f;
    px__ner_score_prf(&s, 0, &p, &r, &f);
    assert_true(f > 0.999);
    memset(&s, 0, sizeof s);
    px__ner_score_prf(&s, 0, &p, &r, &f);
    assert_true(f == 0.0);
}

/* The prediction history: the entity types a key was tagged with earlier in
 * the document; untagged occurrences do not count; clear forgets. */
static void test_prediction_history(void **state)
{
    (void)state;
    px_ner_hist h = {0};
    px_ner_word w[3];
    memset(w, 0, sizeof w);
    w[0].key_hash = 11, w[1].key_hash = 22, w[2].key_hash = 33;
    uint8_t lab[3] = {1 /* B-PER */, 0, 3 /* B-ORG */};
    assert_int_equal(px__ner_hist_code(&h, 11), 0);
    assert_int_equal(px__ner_hist_add(&h, w, lab, 3), PX_OK);
    assert_int_equal(px__ner_hist_code(&h, 11), 1 + 2 * 0 + 1); /* PER, unanimous */
    assert_int_equal(px__ner_hist_code(&h, 22), 0);             /* only untagged */
    assert_int_equal(px__ner_hist_code(&h, 33), 1 + 2 * 1 + 1); /* ORG */
    uint8_t org[1] = {3};
    assert_int_equal(px__ner_hist_add(&h, w, org, 1), PX_OK);
    assert_int_equal(px__ner_hist_code(&h, 11), 1 + 2 * 0); /* PER = ORG: the first, split */
    assert_int_equal(px__ner_hist_add(&h, w, org, 1), PX_OK);
    assert_int_equal(px__ner_hist_code(&h, 11), 1 + 2 * 1); /* ORG now */
    /* many keys: the table grows and keeps them */
    px_ner_word many[1000];
    uint8_t loc[1000];
    memset(many, 0, sizeof many);
    for (int i = 0; i < 1000; i++)
        many[i].key_hash = 1000 + (uint64_t)i * 7919, loc[i] = 5 /* B-LOC */;
    assert_int_equal(px__ner_hist_add(&h, many, loc, 1000), PX_OK);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(px__ner_hist_code(&h, many[i].key_hash), 1 + 2 * 2 + 1);
    assert_int_equal(px__ner_hist_code(&h, 11), 1 + 2 * 1);
    px__ner_hist_clear(&h);
    assert_int_equal(px__ner_hist_code(&h, 11), 0);
    assert_int_equal(px__ner_hist_code(&h, many[5].key_hash), 0);
    uint32_t f[4];
    assert_int_equal(px__ner_hist_features(0, 1, f), 1); /* a first mention */
    assert_int_equal(px__ner_hist_features(2, 1, f), 2);
    px__ner_hist_free(&h);
}

static void test_model_rejects_bad_files(void **state)
{
    (void)state;
    px_ner_model *m = (px_ner_model *)1;
    char err[256];
    assert_int_equal(px__ner_load_mem((const uint8_t *)"nonsense", 8, &m, err), PX_EPARSE);
    assert_null(m);
    uint8_t buf[20 + 10 * 9 * 2 + 22];
    memset(buf, 0, sizeof buf);
    memcpy(buf, "PXNER001", 8);
    buf[8] = 9;
    buf[12] = 2; /* claims two features, holds one */
    assert_int_equal(px__ner_load_mem(buf, sizeof buf, &m, err), PX_EPARSE);
    buf[12] = 1; /* one feature, but its hash is 0 */
    assert_int_equal(px__ner_load_mem(buf, sizeof buf, &m, err), PX_EPARSE);
    buf[20 + 180] = 5; /* hash 5: valid */
    assert_int_equal(px__ner_load_mem(buf, sizeof buf, &m, err), PX_OK);
    assert_int_equal(px__ner_feature_count(m), 1);
    px__ner_free(m);
    assert_int_equal(px__ner_load("/nonexistent/ner.bin", &m, err), PX_EIO);
}

/* Invented sentences: people after "Dr", places after "in", firms before "Ltd". */
static const char *make_corpus(char *path)
{
    static const char *const per[] = {"Alma", "Borin", "Cleve", "Dessa", "Ewan", "Farra"};
    static const char *const loc[] = {"Quarn", "Rellis", "Sotha", "Tavin", "Ulmor", "Vesk"};
    strcpy(path, "/tmp/px_test_ner_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("-DOCSTART-\tO\n\n", f);
    for (int i = 0; i < 60; i++) {
        fprintf(f, "Dr\tO\n%s\tB-PER\nwent\tO\nto\tO\n%s\tB-LOC\n.\tO\n\n", per[i % 6],
                loc[(i / 6) % 6]);
        fprintf(f, "%s\tB-ORG\nLtd\tI-ORG\nhired\tO\n%s\tB-PER\n%s\tI-PER\n\n", loc[i % 6],
                per[(i + 1) % 6], per[(i + 2) % 6]);
    }
    fclose(f);
    return path;
}

static void read_all(const char *path, uint8_t **p, size_t *n)
{
    char err[256];
    assert_int_equal(px__ner_read_file(path, p, n, err), PX_OK);
}

/* Reads model files m1 and m2, which must hold the same bytes, into *a. */
static void read_same(const char *m1, const char *m2, uint8_t **a, size_t *na)
{
    uint8_t *b;
    size_t nb;
    read_all(m1, a, na);
    read_all(m2, &b, &nb);
    assert_int_equal(*na, nb);
    assert_memory_equal(*a, b, nb);
    px__free(b);
}

static void test_training_is_deterministic_and_learns(void **state)
{
    (void)state;
    char data[64], m1[80], m2[80];
    make_corpus(data);
    snprintf(m1, sizeof m1, "%s.m1", data);
    snprintf(m2, sizeof m2, "%s.m2", data);
    px_folder *f;
    char err[256];
    assert_int_equal(px__folder_new(&f, err), PX_OK);
    const char *paths[] = {data};
    px_ner_train_opts o = {.epochs = 4, .max_feats = 5000, .seed = 3, .log = NULL};
    assert_int_equal(px__ner_train(f, paths, 1, NULL, m1, &o, err), PX_OK);
    assert_int_equal(px__ner_train(f, paths, 1, data, m2, &o, err), PX_OK);
    uint8_t *a;
    size_t na;
    read_same(m1, m2, &a, &na);
    px_ner_model *m;
    assert_int_equal(px__ner_load_mem(a, na, &m, err), PX_OK);
    assert_true(px__ner_feature_count(m) > 0 && px__ner_feature_count(m) <= 5000);
    /* a new sentence of the learnt pattern */
    const char *words[] = {"Dr", "Cleve", "went", "to", "Sotha", "."};
    px_ner_word w[6];
    memset(w, 0, sizeof w);
    px_buf keys;
    px_buf_init(&keys, 0);
    size_t off[6];
    for (int i = 0; i < 6; i++) {
        off[i] = keys.len;
        assert_int_equal(px__fold_buf(f, px_slice_cstr(words[i]), &keys), PX_OK);
        w[i].raw = (const uint8_t *)words[i];
        w[i].raw_len = (uint32_t)strlen(words[i]);
        w[i].key_len = (uint32_t)(keys.len - off[i]);
    }
    for (int i = 0; i < 6; i++) {
        w[i].key = keys.ptr + off[i];
        w[i].key_hash = px__hash64(w[i].key, w[i].key_len, 0);
    }
    uint8_t labels[6];
    px_ner_scratch sc = {0};
    assert_int_equal(px__ner_tag(m, w, 6, labels, &sc), PX_OK);
    const uint8_t want[6] = {0, 1, 0, 0, 5, 0};
    assert_memory_equal(labels, want, 6);
    assert_int_equal(px__ner_tag(m, w, 0, labels, &sc), PX_OK);
    px__ner_scratch_free(&sc);
    px_buf_free(&keys);
    px__ner_free(m);
    px__free(a);
    px__folder_free(f);
    unlink(data);
    unlink(m1);
    unlink(m2);
    o.epochs = 1;
    assert_int_equal(px__ner_train(NULL, paths, 0, NULL, "/nonexistent/dir/m", &o, err), PX_EIO);
}

/* The document vote (tag --conll, eval ner): invented words. */
static void test_document_vote(void **state)
{
    (void)state;
    char err[PX_ERRMSG_SIZE];
    px_folder *f = NULL;
    assert_int_equal(px__folder_new(&f, err), PX_OK);
    /* "Zorvan" twice ORG, once LOC; "Tibbet" alone after "Mira Tibbet" (PER) */
    static const char *const W[] = {"Zorvan", "won",  "Zorvan", "lost", "ZORVAN", "Mira",
                                    "Tibbet", "said", "Tibbet", "left", "Kell",   "Kell"};
    uint8_t lab[] = {3, 0, 3, 0, 5, 1, 2, 0, 5, 0, 7, 3};
    const uint8_t want[] = {3, 0, 3, 0, 3, 1, 2, 0, 1, 0, 7, 3};
    px_slice w[12];
    for (int i = 0; i < 12; i++)
        w[i] = px_slice_cstr(W[i]);
    size_t sn[] = {4, 4, 2, 2}; /* a tie ("Kell" MISC vs ORG) changes nothing */
    assert_int_equal(px__ner_vote(f, w, lab, sn, 4), PX_OK);
    assert_memory_equal(lab, want, sizeof want);
    px__folder_free(f);
}

/* A model trained with the history (train_ner -H) says so, and training
 * stays deterministic. */
static void test_training_with_history(void **state)
{
    (void)state;
    char data[64], m1[80], m2[80];
    make_corpus(data);
    snprintf(m1, sizeof m1, "%s.h1", data);
    snprintf(m2, sizeof m2, "%s.h2", data);
    px_folder *f;
    char err[256];
    assert_int_equal(px__folder_new(&f, err), PX_OK);
    const char *paths[] = {data};
    px_ner_train_opts o = {.epochs = 4, .max_feats = 5000, .seed = 3, .history = 1};
    assert_int_equal(px__ner_train(f, paths, 1, NULL, m1, &o, err), PX_OK);
    assert_int_equal(px__ner_train(f, paths, 1, NULL, m2, &o, err), PX_OK);
    uint8_t *a;
    size_t na;
    read_same(m1, m2, &a, &na);
    px_ner_model *m;
    assert_int_equal(px__ner_load_mem(a, na, &m, err), PX_OK);
    assert_true(px__ner_uses_history(m));
    px__ner_free(m);
    px__free(a);
    remove(m1);
    remove(m2);
    remove(data);
    px__folder_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_conll_reader),
        cmocka_unit_test(test_conll_reader_stops),
        cmocka_unit_test(test_score_conlleval_rules),
        cmocka_unit_test(test_model_rejects_bad_files),
        cmocka_unit_test(test_prediction_history),
        cmocka_unit_test(test_training_with_history),
        cmocka_unit_test(test_training_is_deterministic_and_learns),
        cmocka_unit_test(test_document_vote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
