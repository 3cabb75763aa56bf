/* parallax corpus: the private state of src/corpus (duplicates, stories,
 * comparison). Not installed. The corpus reads stored records only. */
#ifndef PX_CORPUS_IMPL_H
#define PX_CORPUS_IMPL_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "internal.h"
#include "store/store_api.h"

#define PX_MH       32        /* MinHash functions per article */
#define PX_MH_BANDS 8         /* LSH bands of PX_MH / PX_MH_BANDS rows */
#define PX_SHINGLE  5         /* words per shingle */
#define PX_NODAY    INT32_MIN /* an undated article */
#define PX_TOPK     64        /* terms kept per article vector */
#define PX_TOPP     16        /* terms per article in the candidate index */
#define PX_LANGS    16        /* languages of one corpus; slot 0: English and unknown */

/* Near-duplicate threshold: estimated Jaccard similarity of the 5-word shingle
 * sets (from the MinHash signatures) at or above which the later article is a
 * copy of the earlier one. See docs/corpus.md for how it was chosen. */
#define PX_DUP_JACCARD 0.7

/* One stored article with the features the corpus needs. Slices point into the
 * corpus arena and are NUL-terminated. */
typedef struct px__cdoc {
    int64_t rid;
    px_slice id, date, outlet, title;
    int32_t day;    /* days since 1970-01-01, PX_NODAY when undated */
    uint32_t *term; /* top terms by TF-IDF weight, ascending ids */
    float *w;       /* their weights (the full vector had norm 1) */
    uint32_t n_term;
    uint32_t top[PX_TOPP]; /* the heaviest terms, for candidate generation */
    uint32_t n_top;
    uint64_t *ent;    /* folded entity key hashes, ascending, unique */
    uint8_t *ent_men; /* the mentions of each in the article (capped at 255) */
    uint32_t n_ent;
    uint64_t *num; /* hashes of stated numbers, ascending, unique */
    uint32_t n_num;
    uint64_t exact; /* hash of the word sequence (0: no words) */
    uint32_t n_words;
    uint32_t mh[PX_MH];  /* MinHash signature of the shingle set */
    int32_t dup_of;      /* index of the original, or -1 */
    int32_t story;       /* index of its story */
    uint8_t lang;        /* language slot (px__vocab_lang): 0 English or unknown */
    const uint8_t *feat; /* features to save (featurized in this run), or NULL */
    uint32_t feat_len;   /* their length; non-zero: featurized in this run */
} px__cdoc;

/* story.c: 1 when article a comes before b: by date (undated last), then store
 * order; the earlier of two copies is the original. */
int px__doc_before(const px__cdoc *a, const px__cdoc *b);

/* The vocabulary: stemmed terms with document frequencies and store counts. */
typedef struct px__vocab {
    px_map *terms; /* stem -> term id */
    px_map *words; /* lower-cased word -> term id + 1; 0: a stop word */
    px_slice *str; /* stem of each term id (arena) */
    uint32_t *df;
    uint64_t *count; /* occurrences in the store */
    size_t n, cap;
    uint64_t tokens;                      /* all counted term occurrences */
    struct sb_stemmer *stemmer[PX_LANGS]; /* per language slot; NULL: words not stemmed */
    char lang[PX_LANGS][8];               /* the language code of each slot ("en" for 0) */
    const char *const *stop[PX_LANGS];    /* stop words of slots other than 0, or NULL */
    uint32_t n_lang;                      /* slots in use (at least 1) */
    px_arena *arena;
} px__vocab;

typedef struct px__corpus {
    px_arena *arena;
    px_arena *farena; /* the features to save, until they are spilled */
    FILE *spill;      /* the features to save, once weighed (NULL: in farena) */
    px__cdoc *docs;
    size_t n, cap;
    px__vocab voc;
    char errmsg[PX_ERRMSG_SIZE];
    size_t voc_saved;  /* terms [0, voc_saved) are already in story_vocab */
    size_t featurized; /* articles whose record was parsed in this run */
    int rebuild;       /* saved features were ignored: replace them all */
    px_grouping P;     /* the grouping parameters of this run */
} px__corpus;

/* ---- words.c: tokens, stop words, stems ---- */

/* Calls fn for each word of text (lower-cased ASCII; numbers keep inner . and
 * drop inner ,) with its bytes [start, end) in text. is_num tells a word made of
 * digits. Stops when fn returns non-zero. */
typedef int (*px__word_fn)(void *ud, px_slice word, size_t start, size_t end, int is_num);
void px__words(px_slice text, px__word_fn fn, void *ud);
int px__is_stop(px_slice word);
px_status px__vocab_init(px__vocab *v);
void px__vocab_fini(px__vocab *v);
/* The term id of word (stemmed; added when new), or UINT32_MAX for a stop word
 * or a word that carries no content (numbers, single letters). */
px_status px__vocab_term(px__vocab *v, px_slice word, uint32_t *id);
/* The same for a word of the language in slot lang: stemmed by that language's
 * Snowball stemmer (when libstemmer has it). Stems are shared across
 * languages: a name, a number or a cognate spelled alike is one term. */
px_status px__vocab_term_in(px__vocab *v, uint8_t lang, px_slice word, uint32_t *id);
/* The slot of a language code (the record's "lang": ISO 639-1), added when new:
 * 0 for English, no language, an unusable code, or once PX_LANGS are in use. */
uint8_t px__vocab_lang(px__vocab *v, px_slice code);
/* The term id of a stem (added when new). */
px_status px__vocab_stem(px__vocab *v, px_slice stem, uint32_t *id);
/* Renumbers the terms from..v->n: term t becomes to[t - from] (a permutation
 * of from..v->n). The word cache is emptied (its ids would be stale). */
px_status px__vocab_renumber(px__vocab *v, size_t from, const uint32_t *to);
/* Days since 1970-01-01 of a date starting YYYY-MM-DD, or PX_NODAY. */
int32_t px__parse_day(px_slice date);

/* ---- features.c: loading the store ---- */

/* Loads every stored article (store order) with its features: those saved in
 * story_features are read back (unless rebuild is set), the others are
 * featurized from their records and keep their encoded features in feat for
 * px__corpus_save_features. */
px_status px__corpus_load(px_store *s, int rebuild, px__corpus **out);
/* Loads every stored article's id, date, outlet and title only (no features:
 * for reading a saved grouping). */
px_status px__corpus_load_meta(px_store *s, px__corpus **out);
/* Saves a grouping in the store: the memberships and topics given in *g
 * (members, topics, partial and the keys to drop), with the store-wide term
 * counts, the features of the articles featurized by px__corpus_load and the
 * new vocabulary terms that this fills in, in one transaction. */
px_status px__corpus_save(px_store *s, const px__corpus *c, px__grouping *g);
void px__corpus_free(px__corpus *c);

/* ---- dedup.c ---- */

/* Sets dup_of of every exact or near copy to its original (the earliest copy:
 * by date, undated last, then store order). Returns the number of copies. */
px_status px__dedup(px__corpus *c, size_t *copies);
/* Estimated Jaccard similarity of two signatures. */
double px__mh_jaccard(const px__cdoc *a, const px__cdoc *b);

/* ---- cluster.c ---- */

/* The link score of two articles: TF-IDF cosine plus shared entities and numbers,
 * less a date penalty; below 0 when the dates are too far apart. */
double px__story_score(const px_grouping *P, const px__cdoc *a, const px__cdoc *b);
/* Sets story of every article: connected components of the link graph over
 * candidate pairs (inverted index of top terms), copies joined to originals.
 * prev (NULL: regroup everything) holds each article's previous story id: then
 * the articles featurized from saved features that had a story keep their
 * grouping (kept), and links are sought only for the others (fresh), which join
 * kept stories (possibly merging two), or form new ones. Returns the number of
 * stories. */
px_status px__cluster(px__corpus *c, const char *const *prev, size_t *n_stories);

/* Union-find (stories over articles, topics over stories): the root of x,
 * halving the path on the way. */
uint32_t px__uf_find(uint32_t *parent, uint32_t x);

/* v as a C string in tmp (cap bytes), cut on a character boundary, tabs and
 * line breaks turned to spaces; "-" when v is null (the text listings of
 * stories and topics). */
const char *px__or_dash(px_slice v, char *tmp, size_t cap);

#endif
