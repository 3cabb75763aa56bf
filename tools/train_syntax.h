/* Shared by the syntax trainer's files (tools/train_syntax*.c): the
 * treebank in memory, averaged-perceptron training tables and their export,
 * deterministic random numbers, the lemma rules. */
#ifndef PX_TOOLS_TRAIN_SYNTAX_H
#define PX_TOOLS_TRAIN_SYNTAX_H

#include <stdio.h>
#include <stdlib.h>

#include "annotate/annotate.h"

typedef struct tsent {
    size_t n;
    px_syn_word *w;
    uint16_t *gtag;  /* gold tag id */
    uint16_t *ptag;  /* predicted (jackknifed) tag id */
    int32_t *ghead;  /* 0-based, n = root */
    int32_t *phead;  /* projectivized */
    uint8_t *grel;   /* relation id */
    px_slice *lemma; /* gold lemma */
    px_slice *upos, *xpos, *deprel;
} tsent;

typedef struct names {
    px_slice s[PX_SYN_MAXRELS > PX_SYN_MAXTAGS ? PX_SYN_MAXRELS : PX_SYN_MAXTAGS];
    size_t count[PX_SYN_MAXTAGS > PX_SYN_MAXRELS ? PX_SYN_MAXTAGS : PX_SYN_MAXRELS];
    size_t n, max;
} names;

typedef struct ttab {
    uint32_t k;
    uint32_t cap, used; /* hash slots */
    uint32_t *keys, *cnt, *row;
    float *w, *u;
    uint32_t nrows, rowcap;
    uint32_t mincount;
} ttab;

int name_find(const names *t, px_slice s);
int name_add(names *t, px_slice s);
/* Orders names by frequency (ties by bytes) so ids do not depend on file order. */
void name_sort(names *t);
void *xcalloc(size_t n, size_t k);
px_slice joint(px_slice u, px_slice x, uint8_t *buf);
/* Reads sentences of a file into *out; slices borrow the file buffer *keep.
 * Returns the count of skipped sentences. */
size_t read_bank(const char *path, tsent **out, size_t *nout, size_t *cap, uint8_t **keep);
int cmp_u64(const void *a, const void *b);
/* Sorted (key << shift | value) pairs: the group of pairs[a]'s key is
 * [a, return value); *best is the first pair of its most frequent value and
 * *bestn that value's count. */
size_t
pair_group(const uint64_t *pairs, size_t np, size_t a, int shift, size_t *best, size_t *bestn);

void ttab_init(ttab *t, uint32_t k, uint32_t mincount);
void ttab_free(ttab *t);
/* Adds the weights of f into sc (k floats); counts occurrences when count. */
void ttab_score(ttab *t, const uint32_t *f, size_t nf, float *sc, int count);
void ttab_update(ttab *t, const uint32_t *f, size_t nf, uint32_t cls, float delta, double time);
/* Averages, keeps the maxfeat rows of largest weight, quantizes to int16 and
 * appends the table; also builds the run-time table into rt (if not NULL). */
void ttab_export(ttab *t, double time, uint32_t maxfeat, px_buf *out, px_syn_table *rt);
void put32(px_buf *b, uint32_t v);
void put16(px_buf *b, uint16_t v);

extern uint64_t rng_state;
uint64_t rnd(void);
void shuffle(size_t *idx, size_t n);

/* Learns the lemma rules from the gold tags and lemmas; appends them to out. */
void learn_lemmas(tsent *S, size_t ns, px_buf *out);

#endif
