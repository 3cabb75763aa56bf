/* Named-entity tagger: a first-order structured (averaged) perceptron over
 * IOB2 labels for PER, ORG, LOC and MISC, decoded with Viterbi under the IOB2
 * constraint (I-X only after B-X or I-X). Internal (not installed).
 *
 * Features are 32-bit hashes of templates over a window of words (folded key,
 * raw form, shape, prefixes and suffixes, bigrams, sentence position,
 * gazetteer bits). A model maps feature hashes to 9 quantized int16 weights
 * plus a transition matrix; it is loaded once and read-only afterwards.
 *
 * Model file (little-endian):
 *   "PXNER001" | u32 nlabels (9) + 65536 x gazetteer flag (1 when trained
 *   with gazetteer bits) + 131072 x word-class flag (1 when trained with word
 *   classes, px_ner_word.cls) + 262144 x history flag (px_ner_word.hist)
 *   | u32 nfeat | f32 scale |
 *   i16 trans[10][9] (row 0: sentence start) | nfeat x (u32 hash, i16 w[9]) */
#ifndef PX_ANNOTATE_NER_H
#define PX_ANNOTATE_NER_H

#include <stdio.h>

#include "annotate/annotate.h"

#define PX_NER_NLABELS   9
#define PX_NER_MAX_FEATS 48 /* features per word, at most */

/* Labels: 0 O, then B-/I- pairs in enum px_ent_type order:
 * 1 B-PER 2 I-PER 3 B-ORG 4 I-ORG 5 B-LOC 6 I-LOC 7 B-MISC 8 I-MISC. */
#define PX_NER_TYPE(l) ((l) == 0 ? 0 : ((l) + 1) / 2)
#define PX_NER_IS_B(l) ((l) != 0 && ((l)&1))

/* Gazetteer bits a caller may set on a word (px_ner_word.gaz). */
enum {
    PX_NER_GAZ_LOC = 1,   /* part of a known place name */
    PX_NER_GAZ_DEMO = 2,  /* a demonym or country adjective */
    PX_NER_GAZ_ORG = 4,   /* part of a known organization name */
    PX_NER_GAZ_PER = 8,   /* part of a known person name */
    PX_NER_GAZ_FIRST = 16 /* first word of such a match */
};

typedef struct px_ner_word {
    const uint8_t *raw; /* the word as written */
    uint32_t raw_len;
    uint32_t gaz;       /* PX_NER_GAZ_* bits */
    uint32_t cls;       /* word class + 1 (px__ner_class), 0 unknown */
    uint32_t hist;      /* 1 + px__ner_hist_code of the word, 0 when the model has no history */
    const uint8_t *key; /* folded key */
    uint32_t key_len;
    uint64_t key_hash; /* px__hash64(key, key_len, 0) */
} px_ner_word;

typedef struct px_ner_model px_ner_model;

/* Loads a model file. Returns PX_OK, PX_EIO, PX_EPARSE or PX_ENOMEM. */
px_status px__ner_load(const char *path, px_ner_model **out, char *errmsg);
/* Reads a model from memory (copied). */
px_status px__ner_load_mem(const uint8_t *p, size_t n, px_ner_model **out, char *errmsg);
void px__ner_free(px_ner_model *m);
size_t px__ner_feature_count(const px_ner_model *m);
/* 1 when the model was trained with gazetteer bits (callers then set
 * px_ner_word.gaz with px__gaz_mark), else 0. */
int px__ner_uses_gazetteer(const px_ner_model *m);
/* 1 when the model was trained with word classes (callers then set
 * px_ner_word.cls with px__ner_class), else 0. */
int px__ner_uses_classes(const px_ner_model *m);
/* 1 when the model was trained with the prediction history (callers then set
 * px_ner_word.hist from a px_ner_hist of the document), else 0. */
int px__ner_uses_history(const px_ner_model *m);

/* Prediction history (after Ratinov and Roth 2009): the entity types the
 * tagger gave the same folded key in the document's earlier sentences
 * (untagged occurrences do not count). Zero-initialize; clear between
 * documents. */
typedef struct px_ner_hist {
    uint64_t *keys;    /* key hash | 1, 0 empty */
    uint16_t (*n)[4];  /* per key: PER, ORG, LOC, MISC */
    size_t mask, used; /* slots - 1 (0: none yet), keys in use */
} px_ner_hist;
void px__ner_hist_clear(px_ner_hist *h);
void px__ner_hist_free(px_ner_hist *h);
/* 0 when the key was never tagged a name before, else 1 + 2 x its most
 * frequent type (0 PER .. 3 MISC; a tie goes to the first in that order) + 1
 * when every earlier tag agrees. */
uint32_t px__ner_hist_code(const px_ner_hist *h, uint64_t key_hash);
/* Adds the types of labels[0..n) of words w. PX_OK or PX_ENOMEM. */
px_status px__ner_hist_add(px_ner_hist *h, const px_ner_word *w, const uint8_t *labels, size_t n);
/* Feature hashes of a history code for a word whose first letter is (upper
 * != 0) upper case; at most 2. */
size_t px__ner_hist_features(uint32_t code, int upper, uint32_t *out);

/* Word classes (data/word_classes/en-256.tsv: class, lower-cased word,
 * count per line; tools/word_classes.c) by the hash of the folded key. */
typedef struct px_ner_classes px_ner_classes;
px_status px__ner_classes_load(const char *path, px_ner_classes **out, char *errmsg);
void px__ner_classes_free(px_ner_classes *c);
/* The class + 1 of the folded key whose px__hash64(key, len, 0) is
 * key_hash, 0 when unknown (or c is NULL). */
uint32_t px__ner_class(const px_ner_classes *c, uint64_t key_hash);

/* Work space for tagging sentences of up to cap words, and a cache of the
 * words' own feature sums (ckey: PX_NER_CACHE entries, zeroed before first
 * use, or NULL for none; csum: PX_NER_CACHE x 9). One model per scratch. */
#define PX_NER_CACHE 1024
typedef struct px_ner_scratch {
    size_t cap;
    int32_t *score; /* cap x 9 */
    uint8_t *back;  /* cap x 9 */
    uint64_t *pre;  /* cap x 6: per-word hashes */
    uint64_t *ckey;
    int32_t *csum;
} px_ner_scratch;
px_status px__ner_scratch_reserve(px_ner_scratch *s, size_t n);
void px__ner_scratch_free(px_ner_scratch *s);

/* Tags w[0..n) (one sentence) into labels[0..n). */
px_status px__ner_tag(
    const px_ner_model *m, const px_ner_word *w, size_t n, uint8_t *labels, px_ner_scratch *s);

/* Feature hashes of word i (pre from px__ner_prepare). Returns the count. */
size_t
px__ner_features(const px_ner_word *w, const uint64_t *pre, size_t n, size_t i, uint32_t *out);
/* 1 when the word's first letter is upper case (what PX_TF_UPPER1 says of a
 * document token), for words read from CoNLL files. */
int px__ner_upper1(const uint8_t *p, size_t n);
/* Fills pre[0..n*6) with per-word hashes used by px__ner_features. */
void px__ner_prepare(const px_ner_word *w, size_t n, uint64_t *pre);

/* Label names ("O", "B-PER", ...) and their parse (-1 when unknown). */
const char *px__ner_label_name(int label);
int px__ner_label_parse(const uint8_t *s, size_t n);

/* CoNLL reader: lines "token[<TAB>...<TAB>tag]"; blank lines end sentences;
 * "-DOCSTART-" lines start documents. fn gets each sentence (words and the
 * last column of each line, which is the null slice when the line has one
 * column) and, for a -DOCSTART- line, a call with n = 0 and docstart = 1. A
 * non-zero return from fn stops the reader and is returned. Lines longer than
 * 64 KiB or NUL bytes are treated as ordinary bytes; never fails on input. */
typedef struct px_conll_sent {
    size_t n;
    const px_slice *words;
    const px_slice *tags;
    int docstart;
} px_conll_sent;
typedef int (*px_conll_fn)(void *ud, const px_conll_sent *s);
int px__conll_read(const uint8_t *buf, size_t len, px_conll_fn fn, void *ud);

/* ner_vote.c: makes the labels lab of one document's words w (ns sentences
 * of sn[k] words, back to back) consistent: a chunk takes the type most
 * chunks of the same folded key have in the document. */
px_status px__ner_vote(px_folder *f, const px_slice *w, uint8_t *lab, const size_t *sn, size_t ns);

/* Chunk scores with conlleval rules: index 0 overall, 1..4 per px_ent_type. */
typedef struct px_ner_score {
    size_t tp[5], fp[5], fn[5];
    size_t tokens, correct;
} px_ner_score;
void px__ner_score_add(px_ner_score *s, const uint8_t *gold, const uint8_t *pred, size_t n);
/* Precision, recall and F1 (0..1) of index k. */
void px__ner_score_prf(const px_ner_score *s, int k, double *p, double *r, double *f);

/* Reads a whole file into memory (px__malloc). */
px_status px__ner_read_file(const char *path, uint8_t **out, size_t *len, char *errmsg);

#endif
