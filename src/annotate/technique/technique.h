/* Persuasion techniques (SemEval-2020 Task 11, the 14 classes of the
 * Propaganda Techniques Corpus): span identification (SI: a token model and
 * a BIO tagger, seq.c, whose probabilities are mixed) and technique
 * classification (TC, a multinomial logistic regression over a span).
 * Internal (not installed); see docs/techniques.md.
 *
 * Both models are linear over 32-bit feature hashes (templates over the words
 * inside and around a span or token, lexicon valence, capitals, punctuation,
 * quotes, repetition in the article, superlatives and absolutes, and the parse:
 * part of speech, imperative sentences). They are trained by our own
 * deterministic multinomial logistic regression (train.c: AdaGrad with L2,
 * fixed example order), so that `parallax eval techniques` can cross-validate
 * without an outside solver.
 *
 * Model file (little-endian; data/models/techniques.bin):
 *   "PXTEC004"
 *   u32 nclass, nclass x (u8 len, bytes)     technique names
 *   u32 nlex, nlex x (u32 word hash, u32 v)  lexicon: v = vader*10+128 | (afinn+16) << 8
 *                                            | 1 << 16 when vader, 1 << 17 when afinn
 *   f32 si threshold, u32 si gap, f32 si low     (PXTEC002: no low; low = threshold)
 *   u32 si seq, f32 si bias, f32 si mix, 12 x f32 transitions (PXTEC004;
 *                                            before: seq 0)
 *   table tc (k = nclass), table si (k = 1), when seq table sq (k = 3: O, B, I)
 * where a table is u32 k, u32 nfeat, f32 scale, u8 wb (bytes per weight: 1 or
 * 2), the nfeat hashes ascending, each as its distance from the previous one
 * (from 0 for the first) in LEB128, then nfeat x k weights (i8 or i16),
 * weight = w x scale.
 */
#ifndef PX_ANNOTATE_TECHNIQUE_H
#define PX_ANNOTATE_TECHNIQUE_H

#include <stdio.h>

#include "annotate/annotate.h"

#define PX_TEC_MAXCLASS 16
#define PX_TEC_MAXF     512 /* features of one span or token, at most */

/* ---- weights: feature hash -> k int16 weights (open addressing) ---- */
typedef struct px_tec_table {
    uint32_t k, nfeat, mask;
    float scale;
    float cs[PX_TEC_MAXCLASS]; /* the scale of each column (all scale but in a joined table) */
    uint32_t *keys;            /* mask + 1 slots, 0 empty */
    int16_t *w;                /* (mask + 1) x k */
} px_tec_table;

px_status px__tec_table_build(px_tec_table *t,
                              uint32_t k,
                              uint32_t nfeat,
                              float scale,
                              const uint32_t *keys,
                              const int16_t *w);
void px__tec_table_free(px_tec_table *t);
/* A table with the columns of a then those of b (each keeping its scale) over
 * the union of their features: one lookup scores both. */
px_status px__tec_table_join(const px_tec_table *a, const px_tec_table *b, px_tec_table *out);
/* Adds the weights of f[0..nf) times scale into sc[0..k). */
void px__tec_table_score(const px_tec_table *t, const uint32_t *f, size_t nf, float *sc);

/* ---- lexicon: word hash -> packed valence ---- */
typedef struct px_tec_lex {
    uint32_t mask, n;
    uint32_t *keys, *vals; /* mask + 1 slots */
} px_tec_lex;

px_status px__tec_lex_build(px_tec_lex *l, const uint32_t *keys, const uint32_t *vals, uint32_t n);
void px__tec_lex_free(px_tec_lex *l);
/* The packed value of word hash h, 0 when absent. */
uint32_t px__tec_lex_get(const px_tec_lex *l, uint32_t h);
/* Reads the VADER and AFINN files under dir (../shared/data/lexicons) into l:
 * single words only. Returns PX_OK, PX_EIO, PX_ENOMEM. */
px_status px__tec_lex_load(px_tec_lex *l, const char *dir, char *errmsg);
#define PX_TEC_LEX_VADER(v) ((int)((v)&0xff) - 128) /* valence x 10 */
#define PX_TEC_LEX_AFINN(v) ((int)(((v) >> 8) & 0xff) - 16)
#define PX_TEC_LEX_HASV(v)  (((v) >> 16) & 1)
#define PX_TEC_LEX_HASA(v)  (((v) >> 17) & 1)

/* ---- the model ---- */
enum { PX_TEC_O, PX_TEC_B, PX_TEC_I };
#define PX_TEC_NTRANS 12
/* Spans from token probabilities (px__tec_decode): a span starts at a token
 * with p >= threshold and grows over the tokens of its sentence with
 * p >= low, bridging at most gap tokens below low. */
typedef struct px_tec_decoding {
    float threshold, low;
    uint32_t gap;
    /* seq 0: the token probabilities of the SI table (logistic regression).
     * With the BIO tagger (the model's sq table, k = 3: O, B, I; seq.c):
     * seq 1: its tags by Viterbi per sentence, bias added to the B and I
     * scores of every token (more and longer spans); seq 2: its marginal
     * probability of B or I, mixed with the SI table's probability (mix: the
     * latter's share), decoded by the rule above. */
    uint32_t seq;
    float bias, mix;
} px_tec_decoding;

typedef struct px_tec_model {
    uint32_t nclass;
    px_slice names[PX_TEC_MAXCLASS];
    px_tec_lex lex;
    px_tec_decoding si_dec;
    px_tec_table tc, si, sq;       /* sq: the BIO tagger (seq), else empty */
    px_tec_table sx;               /* seq: si and sq joined (not stored) */
    float si_trans[PX_TEC_NTRANS]; /* seq: [prev x 3 + tag], then [9 + tag] at a sentence start */
    uint8_t *strings;
} px_tec_model;

px_status px__tec_model_load(const char *path, px_tec_model **out, char *errmsg);
px_status px__tec_model_load_mem(const uint8_t *p, size_t n, px_tec_model **out, char *errmsg);
/* Loads DIR/models/techniques.bin (dir NULL: px_data_dir_default()). */
px_status px__tec_model_load_default(const char *dir, px_tec_model **out, char *errmsg);
void px__tec_model_free(px_tec_model *m);
/* Writes m to f. Returns PX_OK or PX_EIO. */
px_status px__tec_model_write(const px_tec_model *m, FILE *f);

/* The 14 technique names in the order of the committed model. */
extern const char *const px__tec_names[];
#define PX_TEC_NCLASS 14
/* Class index of a name, -1 when unknown. */
int px__tec_class(px_slice name);

/* ---- one document's context, computed once per document ---- */
enum {
    PX_TT_LOADED = 1 << 0,  /* |VADER| >= 1.5 or |AFINN| >= 2 */
    PX_TT_NEG = 1 << 1,     /* negative valence */
    PX_TT_POS = 1 << 2,     /* positive valence */
    PX_TT_ABS = 1 << 3,     /* all, never, always, every, ... */
    PX_TT_SUPER = 1 << 4,   /* superlative (JJS, RBS, most, least) */
    PX_TT_QUOTED = 1 << 5,  /* between quotation marks */
    PX_TT_QMARK = 1 << 6,   /* a quotation mark */
    PX_TT_CAPS = 1 << 7,    /* all capitals */
    PX_TT_UPPER1 = 1 << 8,  /* first letter upper case */
    PX_TT_ROOT = 1 << 9,    /* the root of an imperative sentence */
    PX_TT_STRONG = 1 << 10, /* |VADER| >= 2.5 */
};
enum {
    PX_TS_EXCL = 1 << 0,  /* the sentence has "!" */
    PX_TS_QUEST = 1 << 1, /* ... "?" */
    PX_TS_IMPER = 1 << 2, /* imperative (root VB without a subject) */
    PX_TS_QUOTE = 1 << 3, /* a quotation mark */
    PX_TS_TITLE = 1 << 4, /* the first sentence (usually the headline) */
};

typedef struct px_tec_ctx {
    const px_doc *d;
    size_t n; /* tokens */
    const px_token *t;
    uint32_t *key;     /* (uint32_t) key hash of each token */
    uint16_t *flags;   /* PX_TT_* */
    int8_t *vader;     /* valence x 2, clamped */
    uint8_t *pos;      /* coarse part of speech (1 + UPOS index), 0 unknown */
    uint16_t *freq;    /* occurrences of the token's key in the document */
    uint32_t *sent;    /* sentence index of each token */
    uint32_t *sfirst;  /* first token of each sentence, n_sents + 1 entries */
    uint8_t *sflags;   /* PX_TS_* per sentence */
    uint16_t *sloaded; /* loaded words per sentence */
    size_t n_sents;
    /* from the parse (0 when there is none) */
    uint16_t *wcls; /* word class + 1 (the syntax model's classes) */
    uint32_t *rel;  /* hash of the token's dependency relation */
    uint32_t *hrel; /* ... of its head's */
    uint8_t *depth; /* distance to the root */
    uint8_t *ledge; /* size (binned) of the largest subtree starting at the token */
    uint8_t *redge; /* ... ending at the token */
    uint32_t *lrel; /* relation of that subtree's head */
    uint32_t *rrel;
} px_tec_ctx;

/* Builds the context of d (segmented, parsed when syntax is available) in
 * d's arena. Returns PX_OK or PX_ENOMEM. */
px_status px__tec_ctx(px_doc *d, const px_tec_model *m, const px_tec_lex *lex, px_tec_ctx *c);

/* Token range [*a, *b) of the bytes [s, e): tokens that overlap it. */
void px__tec_tokens(const px_tec_ctx *c, uint32_t s, uint32_t e, size_t *a, size_t *b);

/* Features of the span [s, e) for TC; returns the count written to f
 * (PX_TEC_MAXF room). */
size_t px__tec_span_features(const px_tec_ctx *c, uint32_t s, uint32_t e, uint32_t *f);
/* Features of token i for SI. */
size_t px__tec_token_features(const px_tec_ctx *c, size_t i, uint32_t *f);

/* ---- scoring ---- */
/* Class probabilities of span [s, e) into p[0..nclass). */
void px__tec_classify(const px_tec_model *m, const px_tec_ctx *c, uint32_t s, uint32_t e, float *p);
/* Probability that token i is inside a technique span. */
float px__tec_token_prob(const px_tec_model *m, const px_tec_ctx *c, size_t i);
/* Spans from token probabilities p[0..c->n) with the rule of dd (above;
 * punctuation never starts or ends a span, spans do not overlap). Calls fn
 * for each [s, e) in order with the span's mean token probability. */
typedef px_status (*px_tec_span_fn)(void *ud, uint32_t s, uint32_t e, float score);
px_status px__tec_decode(
    const px_tec_ctx *c, const float *p, const px_tec_decoding *dd, px_tec_span_fn fn, void *ud);

/* ---- the BIO tagger (seq.c) ---- */
/* Tag scores of token i (O, B, I) into e[0..3) (the sq table) and the
 * probability of the SI table into *p (one feature extraction). */
void px__tec_seq_emit(const px_tec_model *m, const px_tec_ctx *c, size_t i, float *e, float *p);
/* Spans from tag scores e[3 x c->n) by Viterbi per sentence with transitions
 * tr (PX_TEC_NTRANS) and bias added to B and I: a span is a B or I run,
 * trimmed of punctuation at both ends. fn gets each span in order with the
 * mean over its tokens of the logistic of (best of B, I + bias) - O. */
px_status px__tec_seq_decode(
    const px_tec_ctx *c, const float *e, const float *tr, float bias, px_tec_span_fn fn, void *ud);

/* The marginal probability that each token is in a span (B or I), by
 * forward-backward per sentence, from tag scores e[3 x c->n], mixed with the
 * probabilities p[c->n] on entry: p = mix x p + (1 - mix) x marginal. */
px_status
px__tec_seq_probs(const px_tec_ctx *c, const float *e, const float *tr, float mix, float *p);
/* Token probabilities of the document for the decoding of m (seq 0 and 2)
 * into p[c->n], or with seq 1 the tag scores into p[3 x c->n]. */
px_status px__tec_si_probs(const px_tec_model *m, const px_tec_ctx *c, float *p);
/* Spans by the decoding of m from what px__tec_si_probs gave. */
px_status px__tec_si_decode(
    const px_tec_model *m, const px_tec_ctx *c, const float *p, px_tec_span_fn fn, void *ud);

/* ---- training (train.c) ---- */
typedef struct px_tec_data {
    /* examples: features f[off[i] .. off[i+1]), label y[i] */
    uint32_t *f;
    size_t nf, fcap;
    size_t *off;
    uint16_t *y;
    uint32_t *group; /* article index of each example */
    uint8_t *bio;    /* SI: gold tag (PX_TEC_O/B/I) | 4 at a sentence's first token; NULL for TC */
    size_t n, cap;
} px_tec_data;

px_status px__tec_data_add(px_tec_data *D, const uint32_t *f, size_t nf, uint16_t y, uint32_t g);
void px__tec_data_free(px_tec_data *D);

typedef struct px_tec_train_opt {
    uint32_t k;        /* classes (2 for a binary task, stored as k = 1) */
    int epochs;        /* passes over the data */
    float l2;          /* L2 penalty per example */
    float rate;        /* AdaGrad rate */
    uint32_t mincount; /* features seen fewer times are dropped */
    uint64_t seed;     /* example order */
    uint32_t bits;     /* weight precision: 8 or 16 (int8 or int16 steps of the scale) */
    float prune;       /* features whose largest |weight| is below prune x the
                          table's largest are dropped (0: only all-zero rows) */
} px_tec_train_opt;

/* Trains on the examples whose group g has use[g] set (use may be NULL: all)
 * into t (k = opt->k, or 1 for a binary task). Deterministic. */
px_status px__tec_train(const px_tec_data *D,
                        const uint8_t *use,
                        const px_tec_train_opt *opt,
                        px_tec_table *t,
                        char *errmsg);

/* Trains the BIO tagger (a linear-chain CRF) on the SI examples (D->bio set)
 * of the groups with use[g] set: AdaGrad on each sentence's negative
 * log-likelihood (opt->epochs passes over the sentences in a fixed
 * pseudo-random order, opt->rate, opt->l2) into t (k = 3) and tr. */
px_status px__tec_seq_train(const px_tec_data *D,
                            const uint8_t *use,
                            const px_tec_train_opt *opt,
                            px_tec_table *t,
                            float *tr,
                            char *errmsg);
/* Internal to training: sorted unique keys seen at least mincount times. */
px_status px__tec_vocabulary(
    const px_tec_data *D, const uint8_t *use, uint32_t mincount, uint32_t **keys, size_t *nkeys);
long px__tec_find(const uint32_t *keys, size_t n, uint32_t k);

/* One PTC article with its gold spans (../shared/data/propaganda). */
typedef struct px_tec_gold {
    uint32_t s, e;
    int cls; /* -1 for SI spans */
} px_tec_gold;

typedef struct px_tec_article {
    px_doc *d;
    px_tec_ctx c;
    px_tec_gold *tc, *si;
    size_t n_tc, n_si;
} px_tec_article;

typedef struct px_tec_corpus {
    px_tec_article *a;
    size_t n;
    px_engine *e;
} px_tec_corpus;

/* Reads the PTC JSON Lines file at path: documents built and parsed by e
 * (which must have syntax on). Returns PX_OK, PX_EIO, PX_EPARSE, PX_ENOMEM. */
px_status px__tec_corpus_load(px_engine *e,
                              const char *path,
                              const px_tec_model *m,
                              const px_tec_lex *lex,
                              px_tec_corpus *out,
                              char *errmsg);
void px__tec_corpus_free(px_tec_corpus *c);
/* The TC and SI examples of the corpus (one per gold technique span, one per
 * token). */
px_status px__tec_corpus_examples(const px_tec_corpus *c, px_tec_data *tc, px_tec_data *si);

/* SemEval-2020 Task 11 SI scoring with partial overlap: adds to *p the summed
 * precision credit of the predicted spans (|s & t| / |s| over gold t) and to
 * *r the recall credit of the gold spans (|s & t| / |t|). */
void px__tec_si_credit(
    const px_tec_gold *pred, size_t np, const px_tec_gold *gold, size_t ng, double *p, double *r);

/* Training options of the models (sq: the BIO tagger, trained when
 * dec.seq) and the SI decoding. */
typedef struct px_tec_opts {
    px_tec_train_opt tc, si, sq;
    px_tec_decoding dec;
} px_tec_opts;
/* The defaults of the committed model. */
void px__tec_opts_default(px_tec_opts *o);
/* Sets one option from "name=value" (tc.epochs, tc.l2, tc.rate, tc.mincount,
 * tc.bits, tc.prune, the same for si. and seq., threshold, low, gap, seq,
 * bias, mix; bias may be negative). Returns 0 when the
 * name or value is not understood. */
int px__tec_opts_set(px_tec_opts *o, const char *nv);

/* Trains both models on the corpus articles with use[article] set (NULL: all)
 * into m (names, lexicon copied from lex, the decoding from o). */
px_status px__tec_fit(const px_tec_data *tc,
                      const px_tec_data *si,
                      const uint8_t *use,
                      const px_tec_lex *lex,
                      const px_tec_opts *o,
                      px_tec_model *m,
                      char *errmsg);

/* The SI spans px__tec_decode finds in token probabilities p of one
 * article (with dd->seq 1: px__tec_seq_decode over the tag scores p[3 x n]
 * with transitions tr): appended to *out (px__realloc'ed, holding *n spans
 * on entry; *n counts them). */
px_status px__tec_si_spans(const px_tec_ctx *c,
                           const float *p,
                           const px_tec_decoding *dd,
                           const float *tr,
                           px_tec_gold **out,
                           size_t *n);

/* ---- a document without the annotators (for TC on given spans, training) ---- */
/* An engine with the parse but no annotators (training, evaluation, TC on
 * given spans). */
px_status px__tec_engine(px_engine **out, const char *data_dir, char *errmsg);
/* Segments text (taken as it is: valid UTF-8, no normalization, so that
 * offsets stay the caller's) into a document marked English. */
px_status px__tec_doc_new(px_engine *e, px_slice text, px_doc **out);

/* Class probabilities for spans given on text, with ranks for repeated spans
 * (the second copy of a span gets its second-best class). cls[i], score[i]. */
px_status px__tec_label_spans(const px_tec_model *m,
                              const px_tec_ctx *c,
                              const px_span *sp,
                              size_t n,
                              int *cls,
                              float *score);

#endif
