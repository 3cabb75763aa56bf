/* train_syntax: trains the syntax model (data/models/syntax.bin) on CoNLL-U
 * treebanks: the joint UPOS|XPOS tagger, the lemma rules and the dependency
 * parser (format and features: src/syntax/syntax.h). Deterministic: a fixed
 * seed and order give the same bytes.
 *
 *   train_syntax [-e tagger epochs] [-p parser epochs] [-k folds] [-s seed]
 *                [-F tagger feats] [-A action feats] [-L label feats]
 *                [-C word-classes.tsv] [-d dev.conllu [-m first epoch]]
 *                [-2 0|1] -o OUT train.conllu...
 *
 * The parser learns from jackknifed tags (k folds: each fold tagged by a tagger
 * trained on the others), as it will see predicted tags at run time. With -d,
 * the parser of the best dev LAS among epochs m..p is kept (early stopping).
 * The second tagger pass (-2 1, the default; needs k > 1) learns from the
 * jackknifed first-pass tags to the right of each word. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "train_syntax.h"

/* ---- tagger ---- */

typedef struct opts {
    int tag_epochs, parse_epochs, folds;
    uint32_t tag_feats, act_feats, lab_feats;
    uint64_t seed;
    int min_epoch; /* with -d: the first epoch scored on dev */
    int two_pass;  /* -2 0: no second tagger pass */
} opts;

static size_t ntags_g, nrels_g;
static int root_g;
static px_syn_map dict_g, classes_g;

/* Reads word classes ("class<TAB>word<TAB>count" lines, tools/word_classes.c)
 * into classes_g and *kvout (word key -> class); returns their count. */
static uint32_t read_classes(const char *path, px_syn_scratch *sc, px_syn_kv **kvout)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "train_syntax: cannot open %s\n", path);
        exit(1);
    }
    size_t cap = 1 << 16, n = 0;
    px_syn_kv *kv = xcalloc(cap, sizeof *kv);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t1 || !t2 || t2 == t1 + 1)
            continue;
        unsigned long c = strtoul(line, NULL, 10);
        if (c > 65534)
            continue;
        px_syn_word w = {(const uint8_t *)t1 + 1, (uint32_t)(t2 - t1 - 1)};
        if (px__syn_prepare(sc, NULL, &w, 1))
            exit(1);
        if (n == cap) {
            cap *= 2;
            kv = realloc(kv, cap * sizeof *kv);
            if (!kv)
                exit(1);
        }
        kv[n++] = (px_syn_kv){px__syn_dict_key(sc, 0), (uint32_t)c};
    }
    fclose(f);
    if (px__syn_map_build(&classes_g, kv, (uint32_t)n))
        exit(1);
    *kvout = kv;
    return (uint32_t)n;
}

/* The tag dictionary: words seen at least 20 times, 99.5 % with one tag. */
static uint32_t make_dict(tsent *S, size_t ns, px_syn_scratch *sc, px_syn_kv **kvout)
{
    size_t total = 0;
    for (size_t i = 0; i < ns; i++)
        total += S[i].n;
    uint64_t *pairs = xcalloc(total + 1, sizeof *pairs);
    size_t np = 0;
    for (size_t i = 0; i < ns; i++) {
        if (px__syn_prepare(sc, &classes_g, S[i].w, S[i].n))
            exit(1);
        for (size_t j = 0; j < S[i].n; j++)
            pairs[np++] = (uint64_t)px__syn_dict_key(sc, j) << 16 | S[i].gtag[j];
    }
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    px_syn_kv *kv = xcalloc(np + 1, sizeof *kv);
    uint32_t nkv = 0;
    for (size_t a = 0, b, best, bestn; a < np; a = b) {
        b = pair_group(pairs, np, a, 16, &best, &bestn);
        if (b - a >= 20 && (double)bestn >= 0.995 * (double)(b - a))
            kv[nkv++] = (px_syn_kv){(uint32_t)(pairs[a] >> 16), (uint32_t)(pairs[best] & 0xffff)};
    }
    free(pairs);
    *kvout = kv;
    return nkv;
}

static int in_dict(const px_syn_scratch *sc, size_t j, uint32_t *tag)
{
    return px__syn_map_get(&dict_g, px__syn_dict_key(sc, j), tag);
}

/* Trains a tagger on the sentences idx[0..n); exports into out/rt when given. */
/* The tagger (second: the second pass, reading the first pass's tags to
 * the right from S[].ptag, the jackknifed tags). */
static void train_tagger(ttab *t,
                         tsent *S,
                         const size_t *idx0,
                         size_t n,
                         int epochs,
                         px_syn_scratch *sc,
                         double *time_out,
                         int second)
{
    size_t *idx = xcalloc(n + 1, sizeof *idx);
    memcpy(idx, idx0, n * sizeof *idx);
    ttab_init(t, (uint32_t)ntags_g, 2);
    double time = 1;
    float sco[PX_SYN_MAXTAGS];
    uint32_t f[PX_SYN_MAXFEATS];
    uint16_t tags[PX_SYN_MAXW * 4];
    for (int ep = 0; ep < epochs; ep++) {
        shuffle(idx, n);
        size_t right = 0, all = 0;
        for (size_t q = 0; q < n; q++) {
            tsent *s = &S[idx[q]];
            if (s->n > sizeof tags / sizeof *tags || px__syn_prepare(sc, &classes_g, s->w, s->n))
                continue;
            for (size_t j = 0; j < s->n; j++) {
                uint32_t dt;
                if (in_dict(sc, j, &dt)) {
                    tags[j] = (uint16_t)dt;
                    continue;
                }
                int t1 = j > 0 ? tags[j - 1] : (int)ntags_g,
                    t2 = j > 1 ? tags[j - 2] : (int)ntags_g;
                int none = (int)ntags_g;
                size_t nf = second ? px__syn_tag2_features(sc, s->n, j, t1, t2,
                                                           j + 1 < s->n ? s->ptag[j + 1] : none,
                                                           j + 2 < s->n ? s->ptag[j + 2] : none, f)
                                   : px__syn_tag_features(sc, s->n, j, t1, t2, f);
                memset(sco, 0, sizeof sco);
                ttab_score(t, f, nf, sco, ep == 0);
                uint32_t best = 0;
                for (uint32_t c = 1; c < ntags_g; c++)
                    if (sco[c] > sco[best])
                        best = c;
                if (best != s->gtag[j]) {
                    ttab_update(t, f, nf, s->gtag[j], 1, time);
                    ttab_update(t, f, nf, best, -1, time);
                } else
                    right++;
                all++;
                time++;
                tags[j] = (uint16_t)best;
            }
        }
        fprintf(stderr, "  tagger epoch %d: train accuracy %.4f (classified words)\n", ep + 1,
                all ? (double)right / (double)all : 0.0);
    }
    *time_out = time;
    free(idx);
}

/* ---- parser ---- */

/* Lifts non-projective arcs (shortest first) until the tree is projective. */
static void projectivize(tsent *s)
{
    size_t n = s->n;
    memcpy(s->phead, s->ghead, n * sizeof *s->phead);
    for (int iter = 0; iter < 1000; iter++) {
        size_t best = SIZE_MAX, bestlen = SIZE_MAX;
        for (size_t d = 0; d < n; d++) {
            int32_t h = s->phead[d];
            if (h == (int32_t)n)
                continue;
            size_t lo = (size_t)(h < (int32_t)d ? h : (int32_t)d),
                   hi = (size_t)(h < (int32_t)d ? (int32_t)d : h);
            int proj = 1;
            for (size_t k = lo + 1; k < hi && proj; k++) {
                int32_t a = (int32_t)k;
                int steps = 0;
                while (a != h && a != (int32_t)n && steps++ <= (int)n)
                    a = s->phead[a];
                if (a != h)
                    proj = 0;
            }
            if (!proj && hi - lo < bestlen)
                best = d, bestlen = hi - lo;
        }
        if (best == SIZE_MAX)
            return;
        s->phead[best] = s->phead[s->phead[best]];
    }
}

static int valid_tree(const tsent *s)
{
    size_t roots = 0;
    for (size_t d = 0; d < s->n; d++) {
        if (s->ghead[d] == (int32_t)s->n) {
            roots++;
            continue;
        }
        int32_t a = (int32_t)d;
        size_t steps = 0;
        while (a != (int32_t)s->n && steps++ <= s->n)
            a = s->ghead[a];
        if (a != (int32_t)s->n)
            return 0;
    }
    return roots == 1;
}

static int in_stack(const px_syn_state *c, int32_t x, int skip_top)
{
    size_t top = c->sp - (skip_top && c->sp ? 1 : 0);
    for (size_t i = 0; i < top; i++)
        if (c->st[i] == x)
            return 1;
    return 0;
}

static int cost(const px_syn_state *c, int a, const int32_t *gh)
{
    int32_t n = (int32_t)c->n, b0 = (int32_t)c->b;
    int k = 0;
    if (a == PX_SYN_SHIFT) {
        for (size_t i = 0; i < c->sp; i++)
            k += gh[c->st[i]] == b0;
        if (b0 < n && in_stack(c, gh[b0], 1))
            k++;
        return k;
    }
    int32_t s0 = c->st[c->sp - 1];
    for (int32_t x = b0; x < n; x++)
        k += gh[x] == s0;
    if (a == PX_SYN_LEFT) {
        int32_t s1 = c->sp > 1 ? c->st[c->sp - 2] : -1;
        if (gh[s0] != b0 && ((s1 >= 0 && gh[s0] == s1) || gh[s0] > b0))
            k++;
    } else {
        int32_t s1 = c->st[c->sp - 2];
        if (gh[s0] != s1 && gh[s0] >= b0)
            k++;
    }
    return k;
}

/* Early stopping: the model file so far (everything before the parser
 * tables) and the dev sentences; after each epoch from min_epoch on, the
 * averaged parser is exported behind the prefix, loaded and scored on dev,
 * and the file of best LAS is kept. */
typedef struct devset {
    const px_buf *prefix;
    uint8_t *buf;
    size_t len;
    int min_epoch;
    px_buf best;
    double best_las;
    int best_epoch;
} devset;

static double dev_score(const devset *dv, const px_buf *model, double *uas)
{
    char err[PX_ERRMSG_SIZE];
    px_syn_model *m;
    if (px__syn_model_load_mem(model->ptr, model->len, &m, err)) {
        fprintf(stderr, "train_syntax: %s\n", err);
        exit(1);
    }
    px_syn_work w = {0};
    px_syn_counts c = {0};
    px_conllu_sent s = {0};
    size_t pos = 0, line = 1, blen, first;
    const uint8_t *block;
    while (px__conllu_next_block(dv->buf, dv->len, &pos, &line, &block, &blen, &first))
        if (!px__conllu_parse(&s, block, blen, first, err) && px__syn_score_sent(m, &w, &s, &c))
            exit(1);
    px__conllu_sent_free(&s);
    px__syn_work_free(&w);
    px__syn_model_free(m);
    *uas = c.words ? (double)c.uas / (double)c.words : 0;
    return c.words ? (double)c.las / (double)c.words : 0;
}

static void dev_epoch(devset *dv, int ep, ttab *A, ttab *Lb, double tA, double tL, const opts *o)
{
    px_buf cand;
    px_buf_init(&cand, 0);
    if (px_buf_append(&cand, dv->prefix->ptr, dv->prefix->len))
        exit(1);
    ttab_export(A, tA, o->act_feats, &cand, NULL);
    ttab_export(Lb, tL, o->lab_feats, &cand, NULL);
    double uas, las = dev_score(dv, &cand, &uas);
    fprintf(stderr, "  parser epoch %d: dev UAS %.4f LAS %.4f\n", ep, uas, las);
    if (las > dv->best_las) {
        px_buf_free(&dv->best);
        dv->best = cand;
        dv->best_las = las;
        dv->best_epoch = ep;
    } else
        px_buf_free(&cand);
}

static void train_parser(ttab *A,
                         ttab *Lb,
                         tsent *S,
                         size_t ns,
                         const opts *o,
                         px_syn_scratch *sc,
                         double *tA,
                         double *tL,
                         devset *dv)
{
    size_t *idx = xcalloc(ns + 1, sizeof *idx);
    size_t m = 0;
    for (size_t i = 0; i < ns; i++)
        if (S[i].n <= PX_SYN_MAXW && valid_tree(&S[i])) {
            projectivize(&S[i]);
            idx[m++] = i;
        }
    ttab_init(A, 3, 1);
    ttab_init(Lb, (uint32_t)nrels_g, 2);
    double timeA = 1, timeL = 1;
    uint32_t f[PX_SYN_MAXFEATS];
    int32_t head[PX_SYN_MAXW + 2];
    uint8_t rel[PX_SYN_MAXW + 2];
    float lsc[PX_SYN_MAXRELS];
    for (int ep = 0; ep < o->parse_epochs; ep++) {
        shuffle(idx, m);
        size_t good = 0, all = 0;
        for (size_t q = 0; q < m; q++) {
            tsent *s = &S[idx[q]];
            if (px__syn_prepare(sc, &classes_g, s->w, s->n))
                exit(1);
            px_syn_state c;
            px__syn_state_init(&c, sc, s->n, s->ptag, head, rel);
            while (!px__syn_done(&c)) {
                size_t nf = px__syn_action_features(&c, f);
                float a3[3] = {0, 0, 0};
                ttab_score(A, f, nf, a3, 1);
                int pred = -1, gold = -1, cst[3];
                for (int a = 0; a < 3; a++) {
                    if (!px__syn_valid(&c, a))
                        continue;
                    cst[a] = cost(&c, a, s->phead);
                    if (pred < 0 || a3[a] > a3[pred])
                        pred = a;
                    if (cst[a] == 0 && (gold < 0 || a3[a] > a3[gold]))
                        gold = a;
                }
                if (gold < 0) /* no zero-cost action: take the cheapest */
                    for (int a = 0; a < 3; a++)
                        if (px__syn_valid(&c, a) && (gold < 0 || cst[a] < cst[gold]))
                            gold = a;
                int next = gold;
                if (cst[pred] > cst[gold]) {
                    ttab_update(A, f, nf, (uint32_t)gold, 1, timeA);
                    ttab_update(A, f, nf, (uint32_t)pred, -1, timeA);
                    if (ep > 0 && (rnd() % 1000) < 900)
                        next = pred;
                } else
                    next = pred;
                timeA++;
                int r = 0;
                if (next != PX_SYN_SHIFT) {
                    int32_t d = c.st[c.sp - 1];
                    int32_t h = next == PX_SYN_LEFT ? (int32_t)c.b : c.st[c.sp - 2];
                    if (h == (int32_t)s->n) {
                        r = s->grel[d];
                    } else {
                        nf = px__syn_label_features(&c, next, f);
                        memset(lsc, 0, sizeof lsc);
                        ttab_score(Lb, f, nf, lsc, 1);
                        int bl = -1;
                        for (uint32_t l = 0; l < nrels_g; l++)
                            if ((int)l != root_g && (bl < 0 || lsc[l] > lsc[bl]))
                                bl = (int)l;
                        r = bl;
                        if (s->phead[d] == h) {
                            if (bl != s->grel[d]) {
                                ttab_update(Lb, f, nf, s->grel[d], 1, timeL);
                                ttab_update(Lb, f, nf, (uint32_t)bl, -1, timeL);
                            }
                            r = s->grel[d];
                            timeL++;
                        }
                    }
                }
                px__syn_apply(&c, next, r);
            }
            for (size_t i = 0; i < s->n; i++) {
                all++;
                good += head[i] == s->ghead[i];
            }
        }
        fprintf(stderr, "  parser epoch %d: train UAS %.4f\n", ep + 1,
                all ? (double)good / (double)all : 0.0);
        if (dv && ep + 1 >= dv->min_epoch)
            dev_epoch(dv, ep + 1, A, Lb, timeA, timeL, o);
    }
    *tA = timeA;
    *tL = timeL;
    free(idx);
}

/* ---- main ---- */

static void usage(void)
{
    fprintf(stderr, "usage: train_syntax [-e N] [-p N] [-k N] [-s SEED] [-F N] [-A N] [-L N] [-C "
                    "CLASSES] [-d DEV [-m N]] [-2 0|1] "
                    "-o OUT train.conllu...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    opts o = {8, 12, 4, 40000, 1000000, 100000, 1, 6, 1};
    const char *outp = NULL, *classes_path = NULL, *dev_path = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (i + 1 >= argc)
            usage();
        char c = argv[i][1];
        const char *v = argv[++i];
        if (c == 'e')
            o.tag_epochs = atoi(v);
        else if (c == 'p')
            o.parse_epochs = atoi(v);
        else if (c == 'k')
            o.folds = atoi(v);
        else if (c == 's')
            o.seed = strtoull(v, NULL, 10);
        else if (c == 'F')
            o.tag_feats = (uint32_t)atol(v);
        else if (c == 'A')
            o.act_feats = (uint32_t)atol(v);
        else if (c == 'L')
            o.lab_feats = (uint32_t)atol(v);
        else if (c == 'o')
            outp = v;
        else if (c == 'C')
            classes_path = v;
        else if (c == 'd')
            dev_path = v;
        else if (c == 'm')
            o.min_epoch = atoi(v);
        else if (c == '2')
            o.two_pass = atoi(v);
        else
            usage();
    }
    if (!outp || i >= argc)
        usage();
    rng_state = o.seed * 0x9E3779B97F4A7C15ULL + 88172645463325252ULL;
    tsent *S = NULL;
    size_t ns = 0, cap = 0;
    uint8_t *bufs[16];
    int nb = 0;
    for (; i < argc && nb < 16; i++) {
        size_t bad = read_bank(argv[i], &S, &ns, &cap, &bufs[nb++]);
        fprintf(stderr, "%s: %zu sentences so far, %zu skipped\n", argv[i], ns, bad);
    }
    /* tags and relations */
    static names T = {.max = PX_SYN_MAXTAGS}, R = {.max = PX_SYN_MAXRELS};
    static uint8_t jbuf[1 << 16];
    size_t jat = 0;
    for (size_t a = 0; a < ns; a++)
        for (size_t j = 0; j < S[a].n; j++) {
            if (S[a].upos[j].len + S[a].xpos[j].len + 1 > 250) {
                fprintf(stderr, "train_syntax: tag too long\n");
                return 1;
            }
            uint8_t tmp[256];
            px_slice js = joint(S[a].upos[j], S[a].xpos[j], tmp);
            if (name_find(&T, js) < 0) {
                if (jat + js.len > sizeof jbuf)
                    return 1;
                memcpy(jbuf + jat, js.ptr, js.len);
                js.ptr = jbuf + jat;
                jat += js.len;
            }
            if (name_add(&T, js) < 0 || name_add(&R, S[a].deprel[j]) < 0) {
                fprintf(stderr, "train_syntax: too many tags or relations\n");
                return 1;
            }
        }
    name_sort(&T);
    name_sort(&R);
    ntags_g = T.n;
    nrels_g = R.n;
    for (size_t a = 0; a < ns; a++)
        for (size_t j = 0; j < S[a].n; j++) {
            uint8_t tmp[256];
            S[a].gtag[j] = (uint16_t)name_find(&T, joint(S[a].upos[j], S[a].xpos[j], tmp));
            S[a].grel[j] = (uint8_t)name_find(&R, S[a].deprel[j]);
        }
    root_g = name_find(&R, PX_SLICE_LIT("root"));
    fprintf(stderr, "%zu tags, %zu relations\n", T.n, R.n);

    px_buf out;
    px_buf_init(&out, 0);
    if (px_buf_append(&out, "PXSYN002", 8))
        return 1;
    put32(&out, (uint32_t)T.n);
    for (size_t a = 0; a < T.n; a++) {
        uint8_t l = (uint8_t)T.s[a].len;
        if (px_buf_append(&out, &l, 1) || px_buf_append(&out, T.s[a].ptr, l))
            return 1;
    }
    put32(&out, (uint32_t)R.n);
    for (size_t a = 0; a < R.n; a++) {
        uint8_t l = (uint8_t)R.s[a].len;
        if (px_buf_append(&out, &l, 1) || px_buf_append(&out, R.s[a].ptr, l))
            return 1;
    }

    px_syn_scratch sc;
    memset(&sc, 0, sizeof sc);
    px_syn_kv *dkv, *ckv = NULL;
    uint32_t nckv = 0;
    if (classes_path) {
        nckv = read_classes(classes_path, &sc, &ckv);
        fprintf(stderr, "word classes: %u words\n", nckv);
    }
    uint32_t ndkv = make_dict(S, ns, &sc, &dkv);
    if (px__syn_map_build(&dict_g, dkv, ndkv))
        return 1;
    fprintf(stderr, "tag dictionary: %u words\n", ndkv);

    /* jackknifed tags for the parser */
    size_t *idx = xcalloc(ns + 1, sizeof *idx);
    px_syn_model tm;
    memset(&tm, 0, sizeof tm);
    tm.ntags = (uint32_t)T.n;
    tm.dict = dict_g;
    tm.classes = classes_g;
    for (int fold = 0; fold < o.folds; fold++) {
        size_t m = 0;
        for (size_t a = 0; a < ns; a++)
            if ((int)(a % (size_t)o.folds) != fold)
                idx[m++] = a;
        ttab t;
        double time;
        fprintf(stderr, "fold %d/%d\n", fold + 1, o.folds);
        train_tagger(&t, S, idx, m, o.tag_epochs, &sc, &time, 0);
        px_buf junk;
        px_buf_init(&junk, 0);
        ttab_export(&t, time, o.tag_feats, &junk, &tm.tagger);
        px_buf_free(&junk);
        ttab_free(&t);
        size_t right = 0, all = 0;
        for (size_t a = fold; a < ns; a += (size_t)o.folds) {
            if (px__syn_prepare(&sc, &classes_g, S[a].w, S[a].n))
                return 1;
            px__syn_tag(&tm, &sc, S[a].n, S[a].ptag);
            for (size_t j = 0; j < S[a].n; j++)
                right += S[a].ptag[j] == S[a].gtag[j], all++;
        }
        fprintf(stderr, "  held-out tag accuracy %.4f\n", (double)right / (double)all);
        px__syn_table_free(&tm.tagger);
    }
    if (o.folds <= 1)
        for (size_t a = 0; a < ns; a++)
            memcpy(S[a].ptag, S[a].gtag, S[a].n * sizeof *S[a].ptag);

    /* the tagger on everything */
    for (size_t a = 0; a < ns; a++)
        idx[a] = a;
    ttab t;
    double time;
    fprintf(stderr, "tagger on all sentences\n");
    train_tagger(&t, S, idx, ns, o.tag_epochs, &sc, &time, 0);
    ttab_export(&t, time, o.tag_feats, &out, NULL);
    ttab_free(&t);
    /* the second pass, on the jackknifed first-pass tags; appended last */
    px_buf t2buf;
    px_buf_init(&t2buf, 0);
    if (o.two_pass && o.folds > 1) {
        fprintf(stderr, "second-pass tagger on all sentences\n");
        train_tagger(&t, S, idx, ns, o.tag_epochs, &sc, &time, 1);
        ttab_export(&t, time, o.tag_feats, &t2buf, NULL);
        ttab_free(&t);
    }
    put32(&out, ndkv);
    for (uint32_t a = 0; a < ndkv; a++)
        put32(&out, dkv[a].key), put16(&out, (uint16_t)dkv[a].val);
    put32(&out, nckv);
    for (uint32_t a = 0; a < nckv; a++)
        put32(&out, ckv[a].key), put16(&out, (uint16_t)ckv[a].val);
    learn_lemmas(S, ns, &out);

    ttab A, Lb;
    double tA, tL;
    fprintf(stderr, "parser\n");
    devset dv = {.prefix = &out, .min_epoch = o.min_epoch};
    if (dev_path) {
        char err[PX_ERRMSG_SIZE];
        if (px__syn_read_file(dev_path, &dv.buf, &dv.len, err)) {
            fprintf(stderr, "train_syntax: %s\n", err);
            return 1;
        }
        px_buf_init(&dv.best, 0);
    }
    train_parser(&A, &Lb, S, ns, &o, &sc, &tA, &tL, dev_path ? &dv : NULL);
    fprintf(stderr, "features: actions %u rows, labels %u rows\n", A.nrows, Lb.nrows);
    if (dv.best_epoch > 0) {
        fprintf(stderr, "kept parser epoch %d (dev LAS %.4f)\n", dv.best_epoch, dv.best_las);
        px_buf_free(&out);
        out = dv.best;
    } else {
        ttab_export(&A, tA, o.act_feats, &out, NULL);
        ttab_export(&Lb, tL, o.lab_feats, &out, NULL);
    }
    px__free(dv.buf);
    ttab_free(&A);
    ttab_free(&Lb);

    if (t2buf.len && px_buf_append(&out, t2buf.ptr, t2buf.len))
        return 1;
    px_buf_free(&t2buf);
    FILE *fo = fopen(outp, "wb");
    if (!fo || fwrite(out.ptr, 1, out.len, fo) != out.len || fclose(fo)) {
        fprintf(stderr, "train_syntax: cannot write %s\n", outp);
        return 1;
    }
    fprintf(stderr, "wrote %s (%zu bytes)\n", outp, out.len);
    px_buf_free(&out);
    px__syn_scratch_free(&sc);
    px__syn_map_free(&dict_g);
    px__syn_map_free(&classes_g);
    free(ckv);
    free(dkv);
    free(idx);
    for (size_t a = 0; a < ns; a++) {
        free(S[a].w), free(S[a].gtag), free(S[a].ptag), free(S[a].ghead), free(S[a].phead);
        free(S[a].grel), free(S[a].lemma), free(S[a].upos), free(S[a].xpos), free(S[a].deprel);
    }
    free(S);
    for (int b = 0; b < nb; b++)
        px__free(bufs[b]);
    return 0;
}
