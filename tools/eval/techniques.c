/* `parallax eval techniques [FILE.jsonl] [--folds K] [--sweep]`: persuasion
 * techniques on the Propaganda Techniques Corpus dev articles
 * (../shared/data/propaganda/README.md), by K-fold cross-validation grouped by
 * article (article i is in fold i mod K): both models are trained on the other
 * folds with the options of the committed model and scored on the held-out
 * fold.
 *
 * TC: every gold technique span is classified (the r-th copy of a span gets
 * its r-th best class); micro-F1 over the spans (= accuracy, every span gets
 * one label), with the majority-class figure for comparison.
 * SI: the spans found by the token tagger against the gold SI spans with the
 * shared task's partial-overlap credit: P = sum over predicted s, gold t of
 * |s & t| / |s|, over the number predicted; R the same over |t| and the
 * number of gold spans. --sweep prints SI at other thresholds, lows and gaps. */
#include <stdlib.h>
#include <string.h>

#include "annotate/technique/technique.h"
#include "eval/eval.h"

#ifndef PX_DATA_DIR
#define PX_DATA_DIR "data"
#endif

static void shared_path(char *out, size_t cap, const char *rel)
{
    const char *dir = getenv("PX_SHARED_DIR");
    if (dir && *dir)
        snprintf(out, cap, "%s/%s", dir, rel);
    else
        snprintf(out, cap, "%s/../../shared/%s", PX_DATA_DIR, rel);
}

typedef struct si_score {
    double p, r;
    size_t np, ng;
} si_score;

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Transitions of the BIO tagger of each fold (Viterbi decoding, seq 1). */
static float fold_trans[64][PX_TEC_NTRANS];
static int n_folds = 5;

static px_status
si_at(const px_tec_corpus *C, float *const *probs, const px_tec_decoding *dd, si_score *out)
{
    memset(out, 0, sizeof *out);
    px_tec_gold *pred = NULL;
    px_status st = PX_OK;
    for (size_t i = 0; !st && i < C->n; i++) {
        const px_tec_article *a = &C->a[i];
        size_t np = 0;
        st = px__tec_si_spans(&a->c, probs[i], dd, fold_trans[i % (size_t)n_folds], &pred, &np);
        px__tec_si_credit(pred, np, a->si, a->n_si, &out->p, &out->r);
        out->np += np;
        out->ng += a->n_si;
    }
    px__free(pred);
    return st;
}

typedef struct tc_score {
    size_t n, ok, per_gold[PX_TEC_NCLASS], per_ok[PX_TEC_NCLASS], per_pred[PX_TEC_NCLASS];
} tc_score;

/* Scores the held-out fold with a model trained on the others. */
static px_status fold(const px_tec_corpus *C,
                      const px_tec_data *tc,
                      const px_tec_data *si,
                      const px_tec_lex *lex,
                      const px_tec_opts *o,
                      const uint8_t *use,
                      tc_score *ts,
                      float **probs,
                      float *trans,
                      char *msg)
{
    px_tec_model m;
    px_status st = px__tec_fit(tc, si, use, lex, o, &m, msg);
    for (size_t i = 0; !st && i < C->n; i++) {
        if (use[i])
            continue;
        const px_tec_article *a = &C->a[i];
        px_span *sp = px__malloc((a->n_tc + 1) * sizeof *sp);
        int *cls = px__malloc((a->n_tc + 1) * sizeof *cls);
        float *sc = px__malloc((a->n_tc + 1) * sizeof *sc);
        if (!sp || !cls || !sc)
            st = PX_ENOMEM;
        for (size_t k = 0; !st && k < a->n_tc; k++)
            sp[k] = (px_span){a->tc[k].s, a->tc[k].e};
        if (!st)
            st = px__tec_label_spans(&m, &a->c, sp, a->n_tc, cls, sc);
        for (size_t k = 0; !st && k < a->n_tc; k++) {
            ts->n++;
            ts->per_gold[a->tc[k].cls]++;
            ts->per_pred[cls[k]]++;
            if (cls[k] == a->tc[k].cls) {
                ts->ok++;
                ts->per_ok[cls[k]]++;
            }
        }
        px__free(sp);
        px__free(cls);
        px__free(sc);
        if (!st)
            st = px__tec_si_probs(&m, &a->c, probs[i]);
    }
    memcpy(trans, m.si_trans, sizeof m.si_trans);
    px__tec_lex_free(&m.lex);
    px__tec_table_free(&m.tc);
    px__tec_table_free(&m.si);
    px__tec_table_free(&m.sq);
    px__tec_table_free(&m.sx);
    return st;
}

static void report(FILE *out, const char *path, const px_tec_corpus *C, int K, const tc_score *ts)
{
    size_t maj = 0;
    for (int c = 0; c < PX_TEC_NCLASS; c++)
        maj = ts->per_gold[c] > maj ? ts->per_gold[c] : maj;
    fprintf(out, "techniques %s: %zu articles, %d-fold cross-validation grouped by article\n", path,
            C->n, K);
    fprintf(out, "TC  %zu gold spans  micro-F1 %.4f  (majority class %.4f)\n", ts->n,
            ts->n ? (double)ts->ok / (double)ts->n : 0, ts->n ? (double)maj / (double)ts->n : 0);
    for (int c = 0; c < PX_TEC_NCLASS; c++) {
        double p = ts->per_pred[c] ? (double)ts->per_ok[c] / (double)ts->per_pred[c] : 0;
        double r = ts->per_gold[c] ? (double)ts->per_ok[c] / (double)ts->per_gold[c] : 0;
        fprintf(out, "    %-36s gold %4zu  P %.3f  R %.3f  F1 %.3f\n", px__tec_names[c],
                ts->per_gold[c], p, r, f1(p, r));
    }
}

static int run(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    char path[4096], lexdir[4096], msg[PX_ERRMSG_SIZE] = "";
    shared_path(path, sizeof path, "data/propaganda/ptc-train.jsonl");
    shared_path(lexdir, sizeof lexdir, "data/lexicons");
    int K = 5, sweep = 0;
    px_tec_opts o;
    px__tec_opts_default(&o);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--folds") && i + 1 < argc && atoi(argv[i + 1]) >= 2 &&
            atoi(argv[i + 1]) <= 64)
            K = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sweep"))
            sweep = 1;
        else if (!strcmp(argv[i], "--set") && i + 1 < argc && px__tec_opts_set(&o, argv[i + 1]))
            i++;
        else if (argv[i][0] != '-')
            snprintf(path, sizeof path, "%s", argv[i]);
        else {
            fprintf(err, "usage: parallax eval techniques [FILE.jsonl] [--folds K] [--sweep] "
                         "[--set NAME=VALUE]...\n");
            return 2;
        }
    }
    px_tec_lex lex;
    memset(&lex, 0, sizeof lex);
    px_engine *e = NULL;
    px_tec_corpus C;
    memset(&C, 0, sizeof C);
    px_tec_data tc, si;
    memset(&tc, 0, sizeof tc);
    memset(&si, 0, sizeof si);
    float **probs = NULL;
    uint8_t *use = NULL;
    tc_score ts;
    memset(&ts, 0, sizeof ts);
    px_status st = px__tec_lex_load(&lex, lexdir, msg);
    if (!st)
        st = px__tec_engine(&e, data_dir, msg);
    if (!st)
        st = px__tec_corpus_load(e, path, NULL, &lex, &C, msg);
    if (!st)
        st = px__tec_corpus_examples(&C, &tc, &si);
    if (!st && !(probs = px__calloc(C.n + 1, sizeof *probs)))
        st = PX_ENOMEM;
    for (size_t i = 0; !st && i < C.n; i++)
        if (!(probs[i] = px__calloc(3 * C.a[i].c.n + 1, sizeof **probs)))
            st = PX_ENOMEM;
    if (!st && !(use = px__malloc(C.n + 1)))
        st = PX_ENOMEM;
    n_folds = K;
    for (int k = 0; !st && k < K; k++) {
        for (size_t i = 0; i < C.n; i++)
            use[i] = (int)(i % (size_t)K) != k;
        st = fold(&C, &tc, &si, &lex, &o, use, &ts, probs, fold_trans[k], msg);
    }
    si_score s;
    if (!st)
        st = si_at(&C, probs, &o.dec, &s);
    if (!st) {
        report(out, path, &C, K, &ts);
        double P = s.np ? s.p / (double)s.np : 0, R = s.ng ? s.r / (double)s.ng : 0;
        if (o.dec.seq == 1)
            fprintf(out,
                    "SI  %zu gold spans, %zu found (BIO tagger, Viterbi, bias %.2f)  P %.4f  "
                    "R %.4f  F1 %.4f\n",
                    s.ng, s.np, (double)o.dec.bias, P, R, f1(P, R));
        else
            fprintf(out,
                    "SI  %zu gold spans, %zu found (%sthreshold %.2f, low %.2f, gap %u)  P %.4f  "
                    "R %.4f  F1 %.4f\n",
                    s.ng, s.np, o.dec.seq ? "BIO tagger marginals with the token model, " : "",
                    (double)o.dec.threshold, (double)o.dec.low, o.dec.gap, P, R, f1(P, R));
    }
    /* Viterbi decoding (seq 1): bias -1 to 4 (log-odds added to B and I). */
    static const float biases[] = {-1, -0.5f, 0, 0.25f, 0.5f, 0.75f, 1, 1.5f, 2, 3, 4};
    for (size_t b = 0; !st && sweep && o.dec.seq == 1 && b < sizeof biases / sizeof *biases; b++) {
        px_tec_decoding dd = o.dec;
        dd.bias = biases[b];
        st = si_at(&C, probs, &dd, &s);
        double P = s.np ? s.p / (double)s.np : 0, R = s.ng ? s.r / (double)s.ng : 0;
        fprintf(out, "SI sweep bias %.2f: found %zu  P %.4f  R %.4f  F1 %.4f\n", (double)dd.bias,
                s.np, P, R, f1(P, R));
    }
    /* The sweep: thresholds 0.15-0.60, low 0.05-0.30 (and low = threshold:
     * plain runs), gaps 0-3. */
    for (int g = 0; !st && sweep && o.dec.seq != 1 && g <= 3; g++)
        for (int t = 15; !st && t <= 60; t += 5)
            for (int l = 5; !st && l <= t; l = l < 30 && l + 5 <= t ? l + 5 : l < t ? t : t + 1) {
                px_tec_decoding dd = {(float)t / 100, (float)l / 100, (uint32_t)g, o.dec.seq, 0, 0};
                st = si_at(&C, probs, &dd, &s);
                double P = s.np ? s.p / (double)s.np : 0, R = s.ng ? s.r / (double)s.ng : 0;
                fprintf(out,
                        "SI sweep threshold %.2f low %.2f gap %d: found %zu  P %.4f  R %.4f  "
                        "F1 %.4f\n",
                        (double)t / 100, (double)l / 100, g, s.np, P, R, f1(P, R));
            }
    for (size_t i = 0; probs && i < C.n; i++)
        px__free(probs[i]);
    px__free(probs);
    px__free(use);
    px__tec_data_free(&tc);
    px__tec_data_free(&si);
    px__tec_corpus_free(&C);
    px_engine_free(e);
    px__tec_lex_free(&lex);
    if (st) {
        fprintf(err, "parallax: eval techniques: %s\n", *msg ? msg : px_strerror(st));
        return 1;
    }
    return 0;
}

const px_eval_task px__eval_techniques = {
    "techniques", "persuasion techniques (PTC): TC micro-F1, SI P/R/F1, cross-validated", run};
