/* The syntax layer: a part-of-speech tagger (joint UPOS|XPOS), a lemmatizer and
 * a labelled dependency parser, trained on Universal Dependencies English EWT
 * (tools/train_syntax.c), plus the CoNLL-U reader and writer. Internal (not
 * installed). It uses core and text only (text/text.h); annotate parses a
 * document with it (annotate/syntax_doc.c) and reads the results from
 * px_doc.syn. See docs/syntax.md.
 *
 * Tagger: greedy left-to-right averaged perceptron over joint "UPOS\tXPOS"
 * tags; features are 32-bit hashes of templates over the word, its affixes,
 * shape, neighbours within two words and the two previous tags. Frequent
 * words seen with a single tag skip the classifier (tag dictionary). With a
 * second table (two_pass), the words the first pass was unsure of are tagged
 * again, left to right, reading also the first pass's tags of the two words
 * to the right.
 * Parser: arc-hybrid transitions (root at the end of the buffer, one root per
 * sentence), unlabelled actions scored by one averaged perceptron, the relation
 * of each new arc by a second one; trained with a dynamic oracle. Linear in
 * the sentence length (2n transitions); sentences longer than PX_SYN_MAXW words
 * are parsed in chunks of PX_SYN_MAXW.
 *
 * Model file (little-endian; data/models/syntax.bin):
 *   "PXSYN002"
 *   u32 ntags, ntags x (u8 len, bytes "UPOS\tXPOS")
 *   u32 nrels, nrels x (u8 len, bytes)
 *   table tagger (k = ntags)
 *   u32 ndict, ndict x (u32 word hash, u16 tag)           tag dictionary
 *   u32 nclass, nclass x (u32 word hash, u16 class)       word classes
 *   u32 nrules, nrules x (u8 cut, u8 lower, u8 len, bytes) lemma rules
 *   u32 nexc, nexc x (u32 key, u32 rule)                  (form, tag) -> rule
 *   u32 nsuf, nsuf x (u32 key, u32 rule)                  (suffix, tag) -> rule
 *   table actions (k = 3), table relations (k = nrels)
 *   [table tagger2 (k = ntags)]                           optional second pass
 * where a table is u32 k, u32 nfeat, f32 scale, nfeat x (u32 hash, i16 w[k]).
 */
#ifndef PX_SYNTAX_SYNTAX_H
#define PX_SYNTAX_SYNTAX_H

#include <stdio.h>

#include "text/text.h"

#define PX_SYN_MAXW     500 /* words parsed as one unit; longer sentences are chunked */
#define PX_SYN_MAXTAGS  256
#define PX_SYN_MAXRELS  128
#define PX_SYN_MAXFEATS 96
/* Two-pass tagger: a word whose first-pass margin (best score - second, in
 * the tagger table's int16 units, 32767 = its largest weight) exceeds this
 * keeps its first-pass tag. On EWT dev 2,941 of the 17,661 words the tag
 * dictionary leaves are tagged again: UPOS as when every word is (0.9555),
 * the tagger 1.75x faster than that. */
#define PX_SYN_RETAG_MARGIN 20000

/* ---- CoNLL-U (conllu.c) ---- */

typedef struct px_conllu_word {
    px_slice form, lemma, upos, xpos, feats, deprel, deps, misc;
    int32_t head; /* 0 root, 1..n, -1 when "_" */
} px_conllu_word;

/* One sentence: its words and, for writing it back, every line in order
 * (comments, multiword-token ranges and empty nodes verbatim; word lines are
 * regenerated). line_word[i] is the word index of line i, or -1. */
typedef struct px_conllu_sent {
    px_conllu_word *w;
    size_t n, wcap;
    px_slice *lines;
    int32_t *line_word;
    size_t nlines, lcap;
    size_t first_line; /* 1-based line number of the sentence's first line */
} px_conllu_sent;

void px__conllu_sent_free(px_conllu_sent *s);

/* Parses one sentence block (its lines, without the blank line that ends it;
 * first_line is the line number of its first line) into s (slices borrow
 * block). Returns PX_OK, PX_ENOMEM, or PX_EPARSE with errmsg "line N: ..."
 * (a wrong column count, a bad id, a head out of range, ...). */
px_status px__conllu_parse(
    px_conllu_sent *s, const uint8_t *block, size_t len, size_t first_line, char *errmsg);

/* Iterates the sentence blocks of buf: sets *block, *len, *first_line and
 * advances *pos; returns 0 at the end. */
int px__conllu_next_block(const uint8_t *buf,
                          size_t n,
                          size_t *pos,
                          size_t *line,
                          const uint8_t **block,
                          size_t *len,
                          size_t *first_line);

/* Appends s as CoNLL-U (a blank line after it). */
px_status px__conllu_write(const px_conllu_sent *s, px_buf *out);

/* Reads a whole file (gzip-compressed or not) into *buf (px__free it). */
px_status px__syn_read_file(const char *path, uint8_t **buf, size_t *len, char *errmsg);

/* ---- hashing helpers shared by the tagger, parser and trainer ---- */
static inline uint64_t px__syn_mix(uint64_t x)
{
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 29;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 32;
    return x;
}
/* A feature: template t over values a, b, c; never 0. */
static inline uint32_t px__syn_feat(uint32_t t, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t h = px__syn_mix(a + 0x9e3779b97f4a7c15ULL * (t + 1));
    h = px__syn_mix(h ^ (b + 0x632be59bd9b4e019ULL));
    h = px__syn_mix(h ^ (c + 0x85ebca6b27d4eb4fULL));
    uint32_t f = (uint32_t)(h >> 32);
    return f ? f : 1;
}

/* ---- weight tables (table.c) ---- */

/* Feature hash -> k int16 weights in buckets of PX_SYN_BUCKET entries, one
 * cache line each, looked up without branches (table.c). Narrow tables (k <=
 * PX_SYN_NARROW: the parser's actions) keep a 16-bit check of the key and the
 * weights in the entry; wide ones (tags, relations) an index of (key, row + 1)
 * entries and the rows packed, stride int16 each (k rounded up to 16). */
#define PX_SYN_NARROW 3
#define PX_SYN_BUCKET 8
typedef struct px_syn_table {
    uint32_t k, stride, mask, nfeat; /* mask: buckets - 1; nfeat: features kept */
    float scale;
    uint8_t avx2; /* score with the AVX2 paths (the CPU has them) */
    int16_t *rows;
    uint32_t *index;            /* wide tables: (mask + 1) x PX_SYN_BUCKET entries */
    void *rows_raw, *index_raw; /* the allocations (rows, index: 64-byte aligned in them) */
} px_syn_table;

void px__syn_table_free(px_syn_table *t);
/* Adds the weights of features f[0..nf) into sc[0..k). */
void px__syn_table_score(const px_syn_table *t, const uint32_t *f, size_t nf, int32_t *sc);
/* Builds a table from nfeat keys and nfeat x k weights. */
px_status px__syn_table_build(px_syn_table *t,
                              uint32_t k,
                              uint32_t nfeat,
                              float scale,
                              const uint32_t *keys,
                              const int16_t *w);

/* ---- the model (model.c) ---- */

typedef struct px_syn_rule {
    uint8_t cut, lower, len;
    uint8_t add[32];
} px_syn_rule;

typedef struct px_syn_kv {
    uint32_t key;
    uint32_t val;
} px_syn_kv;

/* A sorted (by key) u32 -> u32 map with binary search... kept as open
 * addressing for speed: mask + 1 slots, key 0 empty. */
typedef struct px_syn_map {
    uint32_t mask, n;
    px_syn_kv *slots;
} px_syn_map;

px_status px__syn_map_build(px_syn_map *m, const px_syn_kv *kv, uint32_t n);
void px__syn_map_free(px_syn_map *m);
/* Returns 1 and sets *val when key is present. */
int px__syn_map_get(const px_syn_map *m, uint32_t key, uint32_t *val);

typedef struct px_syn_model {
    uint32_t ntags, nrels;
    px_slice tags[PX_SYN_MAXTAGS]; /* "UPOS\tXPOS" */
    px_slice upos[PX_SYN_MAXTAGS], xpos[PX_SYN_MAXTAGS];
    px_slice rels[PX_SYN_MAXRELS];
    int punct_rel; /* index of "punct", -1 when absent */
    int root_rel;
    px_syn_table tagger, actions, labels;
    px_syn_table tagger2; /* second pass (two_pass): also the first pass's tags to the right */
    int two_pass;
    px_syn_map dict;    /* word hash -> tag */
    px_syn_map classes; /* word hash -> word class (tools/word_classes.c) */
    px_syn_rule *rules;
    uint32_t nrules;
    px_syn_map exc, suf; /* lemma keys -> rule */
    uint8_t *strings;    /* storage of the names */
} px_syn_model;

px_status px__syn_model_load(const char *path, px_syn_model **out, char *errmsg);
px_status px__syn_model_load_mem(const uint8_t *p, size_t n, px_syn_model **out, char *errmsg);
/* Loads DIR/models/syntax.bin (DIR: the engine's data folder). */
px_status px__syn_model_load_default(const char *dir, px_syn_model **out, char *errmsg);
void px__syn_model_free(px_syn_model *m);
/* Tag id of "UPOS\tXPOS" / relation id, or -1. */
int px__syn_tag_id(const px_syn_model *m, px_slice upos, px_slice xpos);
int px__syn_rel_id(const px_syn_model *m, px_slice rel);

/* ---- words of one sentence, as the tagger and parser see them ---- */

typedef struct px_syn_word {
    const uint8_t *p; /* the word as written */
    uint32_t n;
} px_syn_word;

/* Per-sentence work space, reused (no allocation per word once grown). */
typedef struct px_syn_scratch {
    size_t cap;
    uint64_t *wh;   /* cap x PX_SYN_WH: per-word hashes */
    uint8_t *lower; /* lowered bytes of every word */
    size_t lower_cap;
    int32_t *st;      /* parser stack */
    int32_t *lc, *rc; /* per-word leftmost/rightmost children, second ones */
    int32_t *lc2, *rc2;
    uint16_t *nl, *nr;     /* child counts */
    uint64_t *lset, *rset; /* label sets of left/right children */
    int32_t *score;
    uint16_t *tags1; /* first-pass tags of the two-pass tagger */
    int32_t *margin; /* first-pass score margins (best - second) */
} px_syn_scratch;

#define PX_SYN_WH      11 /* hashes per word (see tagger.c) */
#define PX_SYN_H_CLASS 10 /* ... the last: the word class + 1, 0 when unknown */

void px__syn_scratch_free(px_syn_scratch *s);
px_status px__syn_scratch_reserve(px_syn_scratch *s, size_t n);

/* Computes the per-word hashes of w[0..n) into s->wh; classes (may be NULL)
 * gives the word classes. */
px_status
px__syn_prepare(px_syn_scratch *s, const px_syn_map *classes, const px_syn_word *w, size_t n);

/* Tagger features of word i given the previous tags (t1 = tag of i-1, t2 of
 * i-2; ntags for none). Returns the count written to f. */
size_t
px__syn_tag_features(const px_syn_scratch *s, size_t n, size_t i, int t1, int t2, uint32_t *f);
/* Second-pass features: those of px__syn_tag_features and the first pass's
 * tags of words i+1 (r1) and i+2 (r2). */
size_t px__syn_tag2_features(
    const px_syn_scratch *s, size_t n, size_t i, int t1, int t2, int r1, int r2, uint32_t *f);
/* The word class + 1 of the word p[0..len) (as the tagger sees it: lower-cased),
 * 0 when unknown. */
uint32_t px__syn_word_class(const px_syn_model *m, const uint8_t *p, size_t len);
/* Word hash used by the tag dictionary (lower-cased form). */
uint32_t px__syn_dict_key(const px_syn_scratch *s, size_t i);
/* Tags w[0..n) (after px__syn_prepare) into tags[0..n). */
void px__syn_tag(const px_syn_model *m, px_syn_scratch *s, size_t n, uint16_t *tags);

/* Lemma of word w with tag: writes into out (cap bytes), returns its length,
 * or 0 when the form itself is the lemma (out untouched). */
size_t px__syn_lemma(const px_syn_model *m, px_syn_word w, int tag, uint8_t *out, size_t cap);
/* Lemma keys (shared with the trainer). */
uint32_t px__syn_lemma_exc_key(const uint8_t *lower, size_t n, int tag);
uint32_t px__syn_lemma_suf_key(const uint8_t *lower, size_t n, size_t suflen, int tag);
/* Applies rule r to form (lower: lower-cased copy) into out. */
size_t px__syn_rule_apply(const px_syn_rule *r,
                          const uint8_t *form,
                          const uint8_t *lower,
                          size_t n,
                          uint8_t *out,
                          size_t cap);

/* ---- parser (parser.c) ---- */

/* A parser configuration (arc-hybrid): stack st[0..sp), buffer front b
 * (n means the root, at the end of the buffer). */
typedef struct px_syn_state {
    size_t n;
    const uint16_t *tags;
    int32_t *head; /* 0-based head index, n = root, -1 none yet */
    uint8_t *rel;
    int32_t *st;
    size_t sp, b;
    px_syn_scratch *s;
} px_syn_state;

enum { PX_SYN_SHIFT = 0, PX_SYN_LEFT = 1, PX_SYN_RIGHT = 2 };

void px__syn_state_init(px_syn_state *c,
                        px_syn_scratch *s,
                        size_t n,
                        const uint16_t *tags,
                        int32_t *head,
                        uint8_t *rel);
int px__syn_valid(const px_syn_state *c, int a);
/* Applies action a (valid) with relation rel (for arcs). */
void px__syn_apply(px_syn_state *c, int a, int rel);
int px__syn_done(const px_syn_state *c);
/* Action features of c; returns the count. */
size_t px__syn_action_features(const px_syn_state *c, uint32_t *f);
/* Relation features of the arc the action a would add. */
size_t px__syn_label_features(const px_syn_state *c, int a, uint32_t *f);

/* Parses w[0..n) with tags (after px__syn_prepare): head[i] is the 0-based head
 * or -1 for the root; rel[i] the relation id. */
void px__syn_parse(const px_syn_model *m,
                   px_syn_scratch *s,
                   size_t n,
                   const uint16_t *tags,
                   int32_t *head,
                   uint8_t *rel);

/* Tags, parses (head: 0-based, -1 root; rel: relation id) w[0..n). tags, head
 * and rel need n + 1 entries. Returns PX_OK or PX_ENOMEM. */
px_status px__syn_analyse(const px_syn_model *m,
                          px_syn_scratch *s,
                          const px_syn_word *w,
                          size_t n,
                          uint16_t *tags,
                          int32_t *head,
                          uint8_t *rel);

/* ---- CoNLL-U through the model (fill.c) ---- */

/* Buffers for one sentence at a time, reused. */
typedef struct px_syn_work {
    size_t cap;
    px_syn_word *words;
    uint16_t *tags;
    int32_t *head;
    uint8_t *rel;
    px_syn_scratch s;
    px_buf lemmas;
} px_syn_work;

px_status px__syn_work_reserve(px_syn_work *w, size_t n);
void px__syn_work_free(px_syn_work *w);

/* Fills UPOS, XPOS, LEMMA, HEAD and DEPREL of s (the slices point into the
 * model and w, valid until the next call). */
px_status px__syn_fill(const px_syn_model *m, px_syn_work *w, px_conllu_sent *s);

typedef struct px_syn_counts {
    size_t sents, words, upos, xpos, lemma, uas, las, las_full;
} px_syn_counts;

/* Tags and parses s (gold words) and adds the agreements with its gold
 * columns to c. */
px_status px__syn_score_sent(const px_syn_model *m,
                             px_syn_work *w,
                             const px_conllu_sent *s,
                             px_syn_counts *c);

/* ---- documents (doc.c): the parse every annotator reads ---- */

/* One syntactic word: a parallax token or part of one ("do|n't", "long|-|term").
 * head is a word index in the document (-1: sentence root). */
typedef struct px_sword {
    uint32_t start, end; /* bytes in the document text */
    uint32_t tok;        /* index of the token it comes from */
    int32_t head;
    uint16_t tag; /* model tag id */
    uint8_t rel;  /* model relation id */
    uint8_t pad;
    px_slice lemma; /* null: the form itself */
} px_sword;

struct px_syntax {
    const px_syn_model *model;
    px_sword *w;
    size_t n;
    uint32_t *sent_first; /* first word of each sentence, n_sents + 1 entries */
    size_t n_sents;
};

#endif
