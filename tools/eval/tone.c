/* parallax eval tone [FILE...]: target sentiment on NewsMTSC
 * (../shared/data/tone/README.md): macro-F1 over negative, neutral and
 * positive, accuracy, and each class's F1; default the two dev sets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/tone/input.h"
#include "annotate/tone/tone.h"
#include "eval/eval.h"
#include "parallax/tone.h"

#ifndef PX_DATA_DIR
#define PX_DATA_DIR "data"
#endif
#define DEV_DIR PX_DATA_DIR "/../../shared/data/tone/"

static int score_file(px_toner *t, const char *path, FILE *out, FILE *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "parallax: eval tone: %s: cannot open\n", path);
        return 1;
    }
    px_arena *a = px__arena_new(1 << 16, 0);
    char *line = NULL, msg[PX_ERRMSG_SIZE];
    size_t cap = 0, lineno = 0, cm[3][3] = {{0}}, bad = 0;
    ssize_t len;
    px_tone_feat fb[PX_TONE_MAXF];
    while (a && (len = getline(&line, &cap, f)) > 0) {
        lineno++;
        px__arena_reset(a);
        px_tone_input in;
        px_doc *d;
        px_tone_tok *tt;
        if (px__tone_input_parse((px_slice){(const uint8_t *)line, (size_t)len}, a, &in, msg) ||
            px__toner_doc(t, in.text, &d, &tt, msg)) {
            fprintf(err, "parallax: eval tone: %s: line %zu: %s\n", path, lineno, msg);
            bad++;
            continue;
        }
        for (size_t i = 0; i < in.n_targets; i++) {
            const px_tone_in_target *g = &in.targets[i];
            if (g->gold == PX_TONE_NOGOLD)
                continue;
            size_t nf = px__toner_features(t, d, tt, g->span, g->also, g->n_also, fb);
            double p[PX_TONE_NCLASS], score;
            int8_t pol;
            px__tone_predict(px__toner_model(t), fb, nf, p);
            px__tone_decide(p, &pol, &score);
            cm[g->gold + 1][pol + 1]++;
        }
    }
    free(line);
    fclose(f);
    px__arena_free(a);
    static const char *const names[] = {"negative", "neutral", "positive"};
    double macro = 0, f1[3];
    size_t ok = 0, all = 0;
    for (int c = 0; c < 3; c++) {
        size_t gold = 0, pred = 0;
        for (int j = 0; j < 3; j++) {
            gold += cm[c][j];
            pred += cm[j][c];
        }
        all += gold;
        ok += cm[c][c];
        double pr = pred ? (double)cm[c][c] / (double)pred : 0;
        double rc = gold ? (double)cm[c][c] / (double)gold : 0;
        f1[c] = pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
        macro += f1[c] / 3;
    }
    fprintf(out, "tone %s: %zu targets\nmacro-F1 %.4f\naccuracy %.4f\n", path, all, macro,
            all ? (double)ok / (double)all : 0.0);
    for (int c = 0; c < 3; c++)
        fprintf(out, "F1 %-8s %.4f\n", names[c], f1[c]);
    return bad ? 1 : 0;
}

static int run(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    static char *defaults[] = {DEV_DIR "newsmtsc-dev-rw.jsonl", DEV_DIR "newsmtsc-dev-mt.jsonl"};
    char **files = argc > 1 ? argv + 1 : defaults;
    int n = argc > 1 ? argc - 1 : 2;
    char msg[PX_ERRMSG_SIZE] = "";
    px_toner *t;
    if (px_toner_new(&t, data_dir, msg)) {
        fprintf(err, "parallax: eval tone: %s\n", msg);
        return 1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++)
        rc |= score_file(t, files[i], out, err);
    px_toner_free(t);
    return rc;
}

const px_eval_task px__eval_tone = {
    "tone", "target sentiment on NewsMTSC dev: macro-F1 over three classes, accuracy", run};
