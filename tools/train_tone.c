/* Trains the target-tone model data/models/tone.bin (docs/tone.md): a
 * multinomial logistic regression over the features of src/annotate/tone/
 * features.c, fitted by AdaGrad with an L2 penalty (applied when a feature is
 * seen), examples weighted inversely to their class frequency, in a fixed
 * order shuffled by a fixed seed: the same files and options give the same
 * bytes. Our own code rather than liblinear: the features are hashed and
 * real-valued, read straight from the library's feature function, and the
 * trainer is a page long.
 *
 * usage: train_tone [-e EPOCHS] [-r RATE] [-l L2] [-m MINCOUNT] [-k FOLDS]
 *                   [-d DEV.jsonl]... [-o OUT] TRAIN.jsonl...
 * -g (with -k): cross-validation of a grid of rates, L2 weights and epochs.
 * -n: no parse features (the model annotate uses, models/tone-lex.bin).
 * -k FOLDS: cross-validation over the lines of the given files (every
 * FOLDS-th line held out in turn); prints macro-F1 and writes nothing.
 * -d: scores a file after training (never used for fitting). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annotate/tone/input.h"
#include "annotate/tone/tone.h"
#include "parallax/tone.h"
#include "annotate/annotate.h"

typedef struct ex {
    size_t off, n; /* features in the pool */
    int y;         /* 0 negative, 1 neutral, 2 positive */
    size_t group;  /* line number across files (for folds) */
} ex;

typedef struct set {
    ex *x;
    size_t n, cap;
    uint32_t *fi; /* feature index per pool entry */
    float *fv;
    size_t pool, pool_cap;
} set;

static px_map *feat_ix; /* hash -> index + 1 */
static uint32_t *feat_hash;
static uint32_t *feat_count;
static size_t n_feat, feat_cap;

static uint32_t intern(uint32_t h, int grow)
{
    px_slice k = {(const uint8_t *)&h, sizeof h};
    uint64_t *v = px__map_get(feat_ix, k);
    if (v)
        return (uint32_t)*v;
    if (!grow)
        return UINT32_MAX;
    if (n_feat == feat_cap) {
        feat_cap = feat_cap ? feat_cap * 2 : 1 << 16;
        feat_hash = realloc(feat_hash, feat_cap * sizeof *feat_hash);
        feat_count = realloc(feat_count, feat_cap * sizeof *feat_count);
        if (!feat_hash || !feat_count)
            abort();
    }
    uint64_t *slot;
    int isnew;
    if (px__map_put(feat_ix, k, n_feat, &slot, &isnew))
        abort();
    feat_hash[n_feat] = h;
    feat_count[n_feat] = 0;
    return (uint32_t)n_feat++;
}

static int load(px_toner *t, const char *path, set *s, int grow, size_t *group)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "train_tone: %s: cannot open\n", path);
        return -1;
    }
    px_arena *a = px__arena_new(1 << 16, 0);
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    char msg[PX_ERRMSG_SIZE];
    px_tone_feat fb[PX_TONE_MAXF];
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        (*group)++;
        px__arena_reset(a);
        px_tone_input in;
        px_doc *d;
        px_tone_tok *tt;
        px_slice l = {(const uint8_t *)line, (size_t)len};
        if (px__tone_input_parse(l, a, &in, msg) || px__toner_doc(t, in.text, &d, &tt, msg)) {
            fprintf(stderr, "train_tone: %s: line %zu: %s (skipped)\n", path, lineno, msg);
            continue;
        }
        for (size_t i = 0; i < in.n_targets; i++) {
            const px_tone_in_target *g = &in.targets[i];
            if (g->gold == PX_TONE_NOGOLD)
                continue;
            size_t nf = px__toner_features(t, d, tt, g->span, g->also, g->n_also, fb);
            if (s->n == s->cap) {
                s->cap = s->cap ? s->cap * 2 : 4096;
                if (!(s->x = realloc(s->x, s->cap * sizeof *s->x)))
                    abort();
            }
            if (s->pool + nf > s->pool_cap) {
                s->pool_cap = (s->pool + nf) * 2;
                s->fi = realloc(s->fi, s->pool_cap * sizeof *s->fi);
                s->fv = realloc(s->fv, s->pool_cap * sizeof *s->fv);
                if (!s->fi || !s->fv)
                    abort();
            }
            ex *e = &s->x[s->n++];
            e->off = s->pool;
            e->y = g->gold + 1;
            e->group = *group;
            e->n = 0;
            for (size_t j = 0; j < nf; j++) {
                uint32_t ix = intern(fb[j].h, grow);
                if (ix == UINT32_MAX)
                    continue;
                if (grow)
                    feat_count[ix]++;
                s->fi[s->pool] = ix;
                s->fv[s->pool++] = fb[j].v;
                e->n++;
            }
        }
    }
    free(line);
    fclose(f);
    px__arena_free(a);
    return 0;
}

typedef struct opts {
    int epochs, mincount;
    double rate, l2;
} opts;

static void scores(const set *s, const ex *e, const float *w, const float *b, double *p)
{
    double z[3] = {b[0], b[1], b[2]}, mx, sum = 0;
    for (size_t j = 0; j < e->n; j++) {
        const float *r = w + (size_t)s->fi[e->off + j] * 3;
        for (int c = 0; c < 3; c++)
            z[c] += s->fv[e->off + j] * r[c];
    }
    mx = fmax(z[0], fmax(z[1], z[2]));
    for (int c = 0; c < 3; c++)
        sum += (p[c] = exp(z[c] - mx));
    for (int c = 0; c < 3; c++)
        p[c] /= sum;
}

/* Trains on the examples of s with keep(e) true. */
static void train(const set *s, const opts *o, size_t fold, size_t k, float *w, float *b)
{
    float *gw = calloc(n_feat * 3, sizeof *gw);
    float gb[3] = {0, 0, 0};
    size_t *order = malloc(s->n * sizeof *order), m = 0;
    double count[3] = {0, 0, 0};
    if (!gw || !order)
        abort();
    memset(w, 0, n_feat * 3 * sizeof *w);
    memset(b, 0, 3 * sizeof *b);
    for (size_t i = 0; i < s->n; i++)
        if (!k || s->x[i].group % k != fold) {
            order[m++] = i;
            count[s->x[i].y]++;
        }
    double cw[3];
    for (int c = 0; c < 3; c++)
        cw[c] = count[c] ? (double)m / (3 * count[c]) : 0;
    uint64_t rng = 0x746f6e65u;
    for (int ep = 0; ep < o->epochs; ep++) {
        for (size_t i = m; i > 1; i--) { /* Fisher-Yates with a fixed seed */
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t j = (size_t)((rng >> 33) % i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t i = 0; i < m; i++) {
            const ex *e = &s->x[order[i]];
            double p[3];
            scores(s, e, w, b, p);
            double g[3];
            for (int c = 0; c < 3; c++)
                g[c] = (p[c] - (c == e->y)) * cw[e->y];
            for (size_t j = 0; j < e->n; j++) {
                uint32_t f = s->fi[e->off + j];
                if (feat_count[f] < (uint32_t)o->mincount)
                    continue;
                for (int c = 0; c < 3; c++) {
                    size_t at = (size_t)f * 3 + c;
                    double gr = s->fv[e->off + j] * g[c] + o->l2 * w[at];
                    gw[at] += (float)(gr * gr);
                    w[at] -= (float)(o->rate * gr / sqrt(gw[at] + 1e-8));
                }
            }
            for (int c = 0; c < 3; c++) {
                gb[c] += (float)(g[c] * g[c]);
                b[c] -= (float)(o->rate * g[c] / sqrt(gb[c] + 1e-8));
            }
        }
    }
    free(gw);
    free(order);
}

/* Adds predictions on the examples (of fold, when k) to the confusion matrix. */
static void
score(const set *s, size_t fold, size_t k, const float *w, const float *b, size_t cm[3][3])
{
    for (size_t i = 0; i < s->n; i++) {
        if (k && s->x[i].group % k != fold)
            continue;
        double p[3];
        scores(s, &s->x[i], w, b, p);
        int best = 1;
        for (int c = 0; c < 3; c++)
            if (p[c] > p[best])
                best = c;
        cm[s->x[i].y][best]++;
    }
}

static double macro_f1(size_t cm[3][3], double *acc)
{
    double f = 0;
    size_t ok = 0, all = 0;
    for (int c = 0; c < 3; c++) {
        size_t tp = cm[c][c], gold = 0, pred = 0;
        for (int j = 0; j < 3; j++) {
            gold += cm[c][j];
            pred += cm[j][c];
            all += cm[c][j];
        }
        ok += tp;
        double pr = pred ? (double)tp / pred : 0, rc = gold ? (double)tp / gold : 0;
        f += pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
    }
    *acc = all ? (double)ok / all : 0;
    return f / 3;
}

int main(int argc, char **argv)
{
    opts o = {.epochs = 10, .mincount = 2, .rate = 0.1, .l2 = 1e-4};
    const char *out = NULL, *dev[8];
    size_t ndev = 0, k = 0;
    int c, grid = 0, no_parse = 0;
    while ((c = getopt(argc, argv, "e:r:l:m:k:d:o:gn")) != -1) {
        switch (c) {
        case 'e':
            o.epochs = atoi(optarg);
            break;
        case 'r':
            o.rate = atof(optarg);
            break;
        case 'l':
            o.l2 = atof(optarg);
            break;
        case 'm':
            o.mincount = atoi(optarg);
            break;
        case 'k':
            k = (size_t)atoi(optarg);
            break;
        case 'd':
            if (ndev < 8)
                dev[ndev++] = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'g':
            grid = 1;
            break;
        case 'n':
            no_parse = 1;
            break;
        default:
            fprintf(stderr, "usage: train_tone [-e N] [-r RATE] [-l L2] [-m MIN] [-k FOLDS] "
                            "[-d DEV]... [-o OUT] TRAIN...\n");
            return 2;
        }
    }
    if (optind >= argc)
        return 2;
    char msg[PX_ERRMSG_SIZE];
    px_toner *t;
    if (px__toner_new_untrained(&t, NULL, no_parse, msg)) {
        fprintf(stderr, "train_tone: %s\n", msg);
        return 1;
    }
    feat_ix = px__map_new(1 << 16);
    set tr = {0};
    size_t group = 0;
    for (int i = optind; i < argc; i++)
        if (load(t, argv[i], &tr, 1, &group))
            return 1;
    fprintf(stderr, "train_tone: %zu examples, %zu features\n", tr.n, n_feat);
    float *w = malloc(n_feat * 3 * sizeof *w), b[3];
    if (!w)
        return 1;
    if (k && grid) { /* every setting of a small grid, loaded once */
        static const double rates[] = {0.01, 0.02, 0.05}, l2s[] = {1e-5, 1e-4, 1e-3};
        static const int eps[] = {3, 5, 10};
        for (size_t a = 0; a < 3; a++)
            for (size_t b2 = 0; b2 < 3; b2++)
                for (size_t e2 = 0; e2 < 3; e2++) {
                    opts g = o;
                    g.rate = rates[a];
                    g.l2 = l2s[b2];
                    g.epochs = eps[e2];
                    size_t cm[3][3] = {{0}};
                    for (size_t fold = 0; fold < k; fold++) {
                        train(&tr, &g, fold, k, w, b);
                        score(&tr, fold, k, w, b, cm);
                    }
                    double acc, f1 = macro_f1(cm, &acc);
                    printf("cv%zu e=%d r=%g l2=%g m=%d: macro-F1 %.4f accuracy %.4f\n", k, g.epochs,
                           g.rate, g.l2, g.mincount, f1, acc);
                    fflush(stdout);
                }
    } else if (k) {
        size_t cm[3][3] = {{0}};
        for (size_t fold = 0; fold < k; fold++) {
            train(&tr, &o, fold, k, w, b);
            score(&tr, fold, k, w, b, cm);
        }
        double acc, f1 = macro_f1(cm, &acc);
        printf("cv%zu e=%d r=%g l2=%g m=%d: macro-F1 %.4f accuracy %.4f\n", k, o.epochs, o.rate,
               o.l2, o.mincount, f1, acc);
    } else {
        train(&tr, &o, 0, 0, w, b);
    }
    for (size_t i = 0; i < ndev && !k; i++) {
        set dv = {0};
        size_t g2 = 0;
        if (load(t, dev[i], &dv, 0, &g2))
            return 1;
        size_t cm[3][3] = {{0}};
        score(&dv, 0, 0, w, b, cm);
        double acc, f1 = macro_f1(cm, &acc);
        printf("%s: macro-F1 %.4f accuracy %.4f (%zu targets)\n", dev[i], f1, acc, dv.n);
        free(dv.x);
        free(dv.fi);
        free(dv.fv);
    }
    if (out && !k) {
        size_t keep = 0;
        uint32_t *keys = malloc(n_feat * sizeof *keys);
        float *kw = malloc(n_feat * 3 * sizeof *kw);
        for (size_t i = 0; i < n_feat; i++) {
            if (feat_count[i] < (uint32_t)o.mincount)
                continue;
            keys[keep] = feat_hash[i];
            memcpy(kw + keep * 3, w + i * 3, 3 * sizeof *kw);
            keep++;
        }
        px_tone_model *m;
        if (px__tone_model_build(keys, kw, (uint32_t)keep, b, &m) ||
            px__tone_model_save(m, out, msg)) {
            fprintf(stderr, "train_tone: %s\n", msg);
            return 1;
        }
        fprintf(stderr, "train_tone: %zu features written to %s\n", keep, out);
        px__tone_model_free(m);
        free(keys);
        free(kw);
    }
    free(w);
    px_toner_free(t);
    return 0;
}
