/* The syntax layer: CoNLL-U reader errors, trees from the tagger and parser
 * (one root, no cycles, heads in range), determinism, document words, and the
 * dev-set figures (thresholds a little under the measured ones). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "annotate/annotate.h"

static px_syn_model *model;

static int has(const px_buf *b, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= b->len; i++)
        if (!memcmp(b->ptr + i, needle, k))
            return 1;
    return 0;
}

static int setup(void **state)
{
    (void)state;
    char err[PX_ERRMSG_SIZE];
    return px__syn_model_load_default(px_data_dir_default(), &model, err) == PX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    px__syn_model_free(model);
    return 0;
}

static px_status parse_str(px_conllu_sent *s, const char *text, char *err)
{
    return px__conllu_parse(s, (const uint8_t *)text, strlen(text), 10, err);
}

static void test_reader_ok(void **state)
{
    (void)state;
    px_conllu_sent s = {0};
    char err[PX_ERRMSG_SIZE];
    const char *t = "# text = Cats don't sleep.\n"
                    "1\tCats\t_\t_\t_\t_\t_\t_\t_\t_\n"
                    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                    "2\tdo\t_\t_\t_\t_\t4\taux\t_\t_\n"
                    "3\tn't\t_\t_\t_\t_\t4\tadvmod\t_\t_\n"
                    "3.1\tgone\t_\t_\t_\t_\t_\t_\t_\t_\n"
                    "4\tsleep\t_\t_\t_\t_\t0\troot\t_\tSpaceAfter=No\r\n"
                    "5\t.\t_\t_\t_\t_\t4\tpunct\t_\t_\n";
    assert_int_equal(parse_str(&s, t, err), PX_OK);
    assert_int_equal(s.n, 5);
    assert_int_equal(s.nlines, 8);
    assert_int_equal(s.w[3].head, 0);
    assert_int_equal(s.w[0].head, -1);
    assert_null(s.w[0].upos.ptr);
    assert_true(px_slice_eq(s.w[3].misc, PX_SLICE_LIT("SpaceAfter=No")));
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px__conllu_write(&s, &b), PX_OK);
    assert_true(has(&b, "2-3\tdon't"));
    assert_true(has(&b, "3.1\tgone"));
    assert_true(has(&b, "# text = Cats"));
    px_buf_free(&b);
    px__conllu_sent_free(&s);
}

static void test_reader_errors(void **state)
{
    (void)state;
    px_conllu_sent s = {0};
    char err[PX_ERRMSG_SIZE];
    assert_int_equal(parse_str(&s, "1\tA\t_\t_\n", err), PX_EPARSE);
    assert_non_null(strstr(err, "line 10"));
    assert_non_null(strstr(err, "columns"));
    assert_int_equal(
        parse_str(&s, "1\tA\t_\t_\t_\t_\t0\troot\t_\t_\nx\tB\t_\t_\t_\t_\t1\tdep\t_\t_\n", err),
        PX_EPARSE);
    assert_non_null(strstr(err, "line 11"));
    assert_non_null(strstr(err, "non-numeric id"));
    assert_int_equal(
        parse_str(&s, "1\tA\t_\t_\t_\t_\t0\troot\t_\t_\n2\tB\t_\t_\t_\t_\t7\tdep\t_\t_\n", err),
        PX_EPARSE);
    assert_non_null(strstr(err, "line 11"));
    assert_non_null(strstr(err, "out of range"));
    assert_int_equal(parse_str(&s, "2\tA\t_\t_\t_\t_\t0\troot\t_\t_\n", err), PX_EPARSE);
    assert_int_equal(parse_str(&s, "1\tA\t_\t_\t_\t_\tx\troot\t_\t_\n", err), PX_EPARSE);
    assert_int_equal(parse_str(&s, "# only a comment\n", err), PX_EPARSE);
    assert_int_equal(parse_str(&s, "1\t\t_\t_\t_\t_\t0\troot\t_\t_\n", err), PX_EPARSE);
    px__conllu_sent_free(&s);
}

static void test_blocks(void **state)
{
    (void)state;
    const char *t = "\n\n# a\n1\tx\n\n \n2\ty\n3\tz";
    size_t pos = 0, line = 1, len, first;
    const uint8_t *b;
    size_t n = strlen(t);
    assert_true(px__conllu_next_block((const uint8_t *)t, n, &pos, &line, &b, &len, &first));
    assert_int_equal(first, 3);
    assert_int_equal(len, 8);
    assert_true(px__conllu_next_block((const uint8_t *)t, n, &pos, &line, &b, &len, &first));
    assert_int_equal(first, 7);
    assert_memory_equal(b, "2\ty\n3\tz", 7);
    assert_false(px__conllu_next_block((const uint8_t *)t, n, &pos, &line, &b, &len, &first));
}

/* One root, every head in range, no cycles. */
static void assert_tree(const int32_t *head, size_t n)
{
    size_t roots = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(head[i] >= -1 && head[i] < (int32_t)n);
        assert_true(head[i] != (int32_t)i);
        roots += head[i] < 0;
        int32_t a = (int32_t)i;
        size_t steps = 0;
        while (a >= 0 && steps++ <= n)
            a = head[a];
        assert_true(a < 0);
    }
    assert_int_equal(roots, 1);
}

static void analyse(const char *const *words, size_t n, uint16_t *tags, int32_t *head, uint8_t *rel)
{
    px_syn_scratch s = {0};
    px_syn_word w[64];
    for (size_t i = 0; i < n; i++)
        w[i] = (px_syn_word){(const uint8_t *)words[i], (uint32_t)strlen(words[i])};
    assert_int_equal(px__syn_analyse(model, &s, w, n, tags, head, rel), PX_OK);
    px__syn_scratch_free(&s);
}

static void test_tiny_sentence(void **state)
{
    (void)state;
    /* (Without "had", the greedy parser takes "the talks" as the object of
     * "said" and "failed" as a clause on "talks": see docs/syntax.md.) */
    static const char *const w[] = {"The",   "minister", "said",   "the",
                                    "talks", "had",      "failed", "."};
    uint16_t tags[9], tags2[9];
    int32_t head[9], head2[9];
    uint8_t rel[9], rel2[9];
    analyse(w, 8, tags, head, rel);
    assert_tree(head, 8);
    assert_true(px_slice_eq(model->upos[tags[1]], PX_SLICE_LIT("NOUN")));
    assert_true(px_slice_eq(model->upos[tags[2]], PX_SLICE_LIT("VERB")));
    assert_int_equal(head[2], -1);                                        /* said: root */
    assert_int_equal(head[1], 2);                                         /* minister <- said */
    assert_true(px_slice_eq(model->rels[rel[1]], PX_SLICE_LIT("nsubj"))); /* its subject */
    assert_int_equal(head[6], 2);                                         /* failed <- said */
    assert_true(px_slice_eq(model->rels[rel[6]], PX_SLICE_LIT("ccomp")));
    assert_int_equal(head[4], 6); /* talks <- failed */
    /* determinism */
    analyse(w, 8, tags2, head2, rel2);
    assert_memory_equal(tags, tags2, sizeof(uint16_t) * 8);
    assert_memory_equal(head, head2, sizeof(int32_t) * 8);
    assert_memory_equal(rel, rel2, 8);
    /* a single word */
    static const char *const one[] = {"Hello"};
    analyse(one, 1, tags, head, rel);
    assert_int_equal(head[0], -1);
}

/* The model's optional second tagger table: present in data/models; a file
 * cut before it loads as a one-pass tagger that still gives trees; a file
 * cut inside it is a format error. */
static void test_two_pass(void **state)
{
    (void)state;
    assert_true(model->two_pass);
    char path[4096], err[PX_ERRMSG_SIZE];
    snprintf(path, sizeof path, "%s/models/syntax.bin", px_data_dir_default());
    uint8_t *buf;
    size_t len;
    assert_int_equal(px__syn_read_file(path, &buf, &len, err), PX_OK);
    /* the last table: u32 k = ntags, u32 nfeat, f32 scale, nfeat x (u32, i16[k]) */
    size_t at = 0;
    for (size_t o = len - 12; o > 0 && !at; o--) {
        uint32_t k, nf;
        memcpy(&k, buf + o, 4);
        memcpy(&nf, buf + o + 4, 4);
        if (k == model->ntags && o + 12 + (uint64_t)nf * (4 + 2 * (uint64_t)k) == len)
            at = o;
    }
    assert_true(at > 0);
    px_syn_model *one, *bad;
    assert_int_equal(px__syn_model_load_mem(buf, at, &one, err), PX_OK);
    assert_false(one->two_pass);
    assert_int_not_equal(px__syn_model_load_mem(buf, at + 20, &bad, err), PX_OK);
    assert_null(bad);
    static const char *const w[] = {"Officials", "said", "the", "talks", "had", "failed", "."};
    uint16_t tags[8];
    int32_t head[8];
    uint8_t rel[8];
    px_syn_model *keep = model;
    model = one;
    analyse(w, 7, tags, head, rel);
    assert_tree(head, 7);
    model = keep;
    analyse(w, 7, tags, head, rel);
    assert_tree(head, 7);
    assert_true(px_slice_eq(model->upos[tags[1]], PX_SLICE_LIT("VERB")));
    px__syn_model_free(one);
    px__free(buf);
}

static void test_long_sentence(void **state)
{
    (void)state;
    size_t n = 1300; /* over PX_SYN_MAXW: parsed in chunks, still one tree */
    px_syn_word *w = px__calloc(n, sizeof *w);
    uint16_t *tags = px__calloc(n + 1, sizeof *tags);
    int32_t *head = px__calloc(n + 1, sizeof *head);
    uint8_t *rel = px__calloc(n + 1, 1);
    static const char *const v[] = {"and", "the", "dog", "ran", ","};
    for (size_t i = 0; i < n; i++)
        w[i] = (px_syn_word){(const uint8_t *)v[i % 5], (uint32_t)strlen(v[i % 5])};
    px_syn_scratch s = {0};
    assert_int_equal(px__syn_analyse(model, &s, w, n, tags, head, rel), PX_OK);
    assert_tree(head, n);
    px__syn_scratch_free(&s);
    px__free(w);
    px__free(tags);
    px__free(head);
    px__free(rel);
}

static void test_lemmas(void **state)
{
    (void)state;
    static const char *const w[] = {"She", "was", "running", "studies", "."};
    uint16_t tags[6];
    int32_t head[6];
    uint8_t rel[6];
    analyse(w, 5, tags, head, rel);
    uint8_t out[64];
    size_t k = px__syn_lemma(model, (px_syn_word){(const uint8_t *)"was", 3}, tags[1], out, 64);
    assert_int_equal(k, 2);
    assert_memory_equal(out, "be", 2);
    k = px__syn_lemma(model, (px_syn_word){(const uint8_t *)"running", 7}, tags[2], out, 64);
    assert_int_equal(k, 3);
    assert_memory_equal(out, "run", 3);
}

static void test_document(void **state)
{
    (void)state;
    px_engine *e;
    char err[256];
    assert_int_equal(px_engine_new(&e, NULL, err), PX_OK);
    const char *text = "The long-term plan didn't work. Officials said they're sure it can't "
                       "last.\n\nA second paragraph, which ends here.";
    px_article a = {.text = px_slice_cstr(text)};
    px_doc *d;
    assert_int_equal(px_doc_new(e, &a, &d), PX_OK);
    /* the events and labels annotators parse the document; later callers share it */
    assert_int_equal(px__doc_syntax(d), PX_OK);
    assert_non_null(d->syn);
    const struct px_syntax *sx = d->syn;
    assert_int_equal(sx->n_sents, d->n_sents);
    /* long - term, did n't, they 're, ca n't: words inside tokens */
    size_t nt = 0;
    for (size_t i = 0; i < sx->n; i++) {
        px_slice f = {d->text.ptr + sx->w[i].start, sx->w[i].end - sx->w[i].start};
        nt += px_slice_eq(f, PX_SLICE_LIT("n't")) + px_slice_eq(f, PX_SLICE_LIT("'re")) +
              px_slice_eq(f, PX_SLICE_LIT("-"));
    }
    assert_int_equal(nt, 4);
    for (size_t s = 0; s < sx->n_sents; s++) {
        uint32_t a0 = sx->sent_first[s], a1 = sx->sent_first[s + 1];
        int32_t head[64];
        assert_true(a1 - a0 < 64);
        for (uint32_t i = a0; i < a1; i++)
            head[i - a0] = sx->w[i].head < 0 ? -1 : sx->w[i].head - (int32_t)a0;
        assert_tree(head, a1 - a0);
    }
    assert_int_equal(px_doc_word_count(d), sx->n);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_doc_write_conllu(d, &b), PX_OK);
    assert_true(has(&b, "\tn't\tnot\tPART\tRB\t"));
    px_buf_free(&b);
    px_doc_free(d);
    px_engine_free(e);
}

#ifdef PX_SHARED_DIR
/* The AVX2 scoring paths (when the CPU has them) give the same sums as the
 * portable ones, on narrow (k = 3) and wide tables. */
static void test_table_paths(void **state)
{
    (void)state;
    static const uint32_t ks[] = {3, 50, 82};
    uint64_t r = 12345;
    for (size_t q = 0; q < sizeof ks / sizeof *ks; q++) {
        uint32_t k = ks[q], n = 3000;
        uint32_t *keys = px__malloc(n * sizeof *keys);
        int16_t *w = px__malloc((size_t)n * k * sizeof *w);
        assert_non_null(keys);
        assert_non_null(w);
        for (uint32_t i = 0; i < n; i++) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            keys[i] = (uint32_t)(r >> 32) | 1;
            for (uint32_t c = 0; c < k; c++) {
                r = r * 6364136223846793005ULL + 1442695040888963407ULL;
                w[(size_t)i * k + c] = (r >> 60) < 6 ? (int16_t)(r >> 40) : 0;
            }
        }
        px_syn_table t;
        assert_int_equal(px__syn_table_build(&t, k, n, 1.0f, keys, w), PX_OK);
        for (int round = 0; round < 50; round++) {
            uint32_t f[PX_SYN_MAXFEATS];
            for (size_t j = 0; j < 80; j++) {
                r = r * 6364136223846793005ULL + 1442695040888963407ULL;
                f[j] = (r >> 63) ? keys[(r >> 32) % n] : (uint32_t)(r >> 16) | 1;
            }
            int32_t a[PX_SYN_MAXTAGS] = {0}, b[PX_SYN_MAXTAGS] = {0};
            px__syn_table_score(&t, f, 80, a);
            uint8_t simd = t.avx2;
            t.avx2 = 0;
            px__syn_table_score(&t, f, 80, b);
            t.avx2 = simd;
            assert_memory_equal(a, b, sizeof a);
        }
        px__syn_table_free(&t);
        px__free(keys);
        px__free(w);
    }
}

static void test_dev_figures(void **state)
{
    (void)state;
    uint8_t *buf;
    size_t len;
    char err[PX_ERRMSG_SIZE];
    if (px__syn_read_file(PX_SHARED_DIR "/data/syntax/en_ewt-ud-dev.conllu.gz", &buf, &len, err)) {
        skip();
        return;
    }
    px_syn_work w = {0};
    px_conllu_sent s = {0};
    px_syn_counts c = {0};
    size_t pos = 0, line = 1, blen, first;
    const uint8_t *block;
    while (px__conllu_next_block(buf, len, &pos, &line, &block, &blen, &first)) {
        assert_int_equal(px__conllu_parse(&s, block, blen, first, err), PX_OK);
        assert_int_equal(px__syn_score_sent(model, &w, &s, &c), PX_OK);
    }
    assert_int_equal(c.words, 25147);
    double upos = (double)c.upos / (double)c.words, las = (double)c.las / (double)c.words;
    double uas = (double)c.uas / (double)c.words, lem = (double)c.lemma / (double)c.words;
    print_message("dev UPOS %.4f lemma %.4f UAS %.4f LAS %.4f\n", upos, lem, uas, las);
    assert_true(upos >= 0.94);
    assert_true(lem >= 0.95);
    assert_true(uas >= 0.825);
    assert_true(las >= 0.80);
    px__conllu_sent_free(&s);
    px__syn_work_free(&w);
    px__free(buf);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_ok),   cmocka_unit_test(test_reader_errors),
        cmocka_unit_test(test_blocks),      cmocka_unit_test(test_tiny_sentence),
        cmocka_unit_test(test_two_pass),    cmocka_unit_test(test_long_sentence),
        cmocka_unit_test(test_lemmas),      cmocka_unit_test(test_document),
        cmocka_unit_test(test_table_paths),
#ifdef PX_SHARED_DIR
        cmocka_unit_test(test_dev_figures),
#endif
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
