/* The NER trainer (tools/ner_train.c), outside the library: tools/train_ner
 * and the tests link it (with tools/eval/, the parallax_eval objects). */
#ifndef PX_TOOLS_NER_TRAIN_H
#define PX_TOOLS_NER_TRAIN_H

#include <stdio.h>

#include "annotate/ner.h"

/* Training: a structured averaged perceptron. */
typedef struct px_ner_train_opts {
    int epochs;       /* passes over the data */
    size_t max_feats; /* features kept after pruning (by largest weight) */
    uint64_t seed;    /* sentence shuffling */
    FILE *log;        /* progress, may be NULL */
    /* Gazetteer bits of a sentence's words (NULL: none); reads only the
     * tokens' key, key_len, key_hash. */
    void (*mark)(const void *ud, const px_token *toks, size_t n, uint32_t *bits);
    const void *mark_ud;
    /* Word classes (NULL: none): the model then uses and records them. */
    const px_ner_classes *classes;
    /* Features of the types given to the same word earlier in the document
     * (px_ner_hist); documents are then shuffled whole. */
    int history;
} px_ner_train_opts;

/* Trains on the CoNLL files paths[0..npaths) and writes the model to out_path;
 * folder folds the words; dev_path (may be NULL) is scored after each epoch. */
px_status px__ner_train(px_folder *f,
                        const char *const *paths,
                        size_t npaths,
                        const char *dev_path,
                        const char *out_path,
                        const px_ner_train_opts *o,
                        char *errmsg);

#endif
