/* parallax: internal interfaces shared by the library's modules. Not installed. */
#ifndef PX_INTERNAL_H
#define PX_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parallax/parallax.h"

/* ---- allocation (core/alloc.c): all allocation goes through these. ---- */
void *px__malloc(size_t n);
void *px__calloc(size_t n, size_t size);
void *px__realloc(void *p, size_t n);
void px__free(void *p);
char *px__strndup(const char *s, size_t n);
/* Failure injection for tests: the n-th allocation from now (1-based) and every
 * one after it fails; 0 turns it off. */
void px__alloc_fail_after(long n);

/* ---- errors (core/error.c) ---- */
/* Writes a formatted message into errmsg (256 bytes) and returns st. */
px_status px__fail(char *errmsg, px_status st, const char *fmt, ...) PX_PRINTF(3, 4);

/* ---- arena (core/arena.c): bump allocation per document ---- */
typedef struct px_arena px_arena;
px_arena *px__arena_new(size_t chunk_size, size_t max_bytes);
void px__arena_free(px_arena *a);
/* Drops everything allocated, keeping the first chunk for reuse. */
void px__arena_reset(px_arena *a);
/* Returns aligned memory valid until reset/free, or NULL (out of memory or cap). */
void *px__arena_alloc(px_arena *a, size_t n, size_t align);
/* Copies bytes (adds a NUL after them, not counted). NULL ptr gives the null slice. */
px_slice px__arena_dup(px_arena *a, px_slice s);
size_t px__arena_used(const px_arena *a);
#define PX_ARENA_NEW(a, T, n) ((T *)px__arena_alloc((a), sizeof(T) * (n), _Alignof(T)))

/* ---- hashing (core/hash.c) ---- */
/* 64-bit hash of bytes (stable across runs and machines, any endianness). */
uint64_t px__hash64(const void *p, size_t n, uint64_t seed);

/* ---- word lists (core/wordlist.c) ---- */
/* 1 when the n bytes at w equal one of the strings of list (NULL-terminated). */
int px__word_in(const void *w, size_t n, const char *const *list);

/* ---- hash map (core/map.c): byte-string keys to uint64 values ---- */
typedef struct px_map px_map;
px_map *px__map_new(size_t expected);
void px__map_free(px_map *m);
/* Inserts key (copied) with value, or finds it. *slot points at the value; *isnew
 * tells which. Returns PX_OK or PX_ENOMEM. */
px_status px__map_put(px_map *m, px_slice key, uint64_t value, uint64_t **slot, int *isnew);
/* Returns a pointer to the value or NULL. */
uint64_t *px__map_get(const px_map *m, px_slice key);
size_t px__map_count(const px_map *m);

/* ---- UTF-8 (core/utf8.c) ---- */
/* Length of the longest valid UTF-8 prefix of p[0..n). */
size_t px__utf8_valid_prefix(const uint8_t *p, size_t n);
/* Decodes one code point at p (must be valid UTF-8); sets *len. */
uint32_t px__utf8_decode(const uint8_t *p, size_t n, int *len);
/* Encodes cp into out (4 bytes room); returns the length. */
int px__utf8_encode(uint32_t cp, uint8_t *out);
/* Copies in to out, replacing each maximal invalid subsequence by U+FFFD and,
 * when nul_ctl is set, NUL and C0 controls other than TAB, LF, CR and FF too.
 * bad(ud, offset, byte) is called for each replaced sequence with its offset in
 * in (bad may be NULL). Sets *nbad. Returns PX_OK, PX_ENOMEM or PX_ETOOBIG. */
typedef void (*px_utf8_bad_fn)(void *ud, size_t offset, uint8_t byte);
px_status
px__utf8_repair(px_slice in, int nul_ctl, px_buf *out, px_utf8_bad_fn bad, void *ud, size_t *nbad);

/* ---- JSON writing (core/json.c) ---- */
/* Appends s as a JSON string (quoted, escaped); the null slice appends null. */
px_status px__json_str(px_buf *b, px_slice s);
px_status px__json_span(px_buf *b, size_t start, size_t end);

/* ---- text (text/): tokens, sentences, paragraphs with byte offsets ---- */
typedef struct px_span {
    uint32_t start;
    uint32_t end; /* exclusive */
} px_span;

enum px_tok_kind {
    PX_TOK_WORD = 1,  /* letters, with inner apostrophes, hyphens, periods (U.S.) */
    PX_TOK_NUM = 2,   /* digits with inner , . : (8,000  3.5  2:40) */
    PX_TOK_PUNCT = 3, /* one punctuation mark (or an ellipsis "...") */
    PX_TOK_SYM = 4    /* other symbols: $ % € emoji */
};

enum px_tok_flag {
    PX_TF_UPPER1 = 1 << 0,   /* first letter upper case */
    PX_TF_ALLCAPS = 1 << 1,  /* all letters upper case (two or more letters) */
    PX_TF_SENTSTART = 1 << 2 /* first token of a sentence */
};

typedef struct px_token {
    uint32_t start, end; /* bytes in the document text */
    const uint8_t *key;  /* folded match key (may point into the text) */
    uint32_t key_len;
    uint8_t kind;
    uint8_t flags;
    uint16_t pad;
    uint64_t key_hash; /* px__hash64(key, key_len, 0) */
} px_token;

/* ---- analyses (SCHEMA.md): what annotators add to a document ---- */
#define PX_SPAN_NONE ((px_span){UINT32_MAX, UINT32_MAX}) /* written as null */

enum px_ent_type { PX_ENT_PER = 1, PX_ENT_ORG, PX_ENT_LOC, PX_ENT_MISC };

typedef struct px_entity {
    uint8_t type;   /* enum px_ent_type */
    px_slice name;  /* canonical name (arena) */
    px_slice key;   /* folded match key */
    px_slice actor; /* CAMEO actor code or null */
    px_span *mentions;
    uint32_t n_mentions;
    px_slice country; /* LOC: ISO 3166 alpha-2 when the gazetteer knows it, else null */
    double lat, lon;  /* LOC: coordinates; NaN when unknown (not written) */
} px_entity;          /* written with id "e<index+1>" */

enum px_timex_type { PX_TIMEX_DATE = 1, PX_TIMEX_TIME, PX_TIMEX_DURATION, PX_TIMEX_SET };

typedef struct px_timex {
    px_span span;
    uint8_t type;   /* enum px_timex_type */
    px_slice value; /* TIMEX3 value */
} px_timex;

/* A TIMEX3 value in words for readers: "2020-01-10TAF" -> "10 January 2020,
 * afternoon", "2019-11" -> "November 2019", "2020-Q1" -> "the first quarter
 * of 2020", "PRESENT_REF" -> "now". Returns out (cap bytes, NUL-terminated), a
 * static string ("?" for NULL), or v itself when it has no wording
 * (annotate/timex_words.c). */
const char *px__timex_human(const char *v, char *out, size_t cap);

typedef struct px_quantity {
    px_span span;
    double value;
    double high;        /* upper bound of a range; NaN when none */
    const char *approx; /* "over", "under", "about", "nearly", "at least", "at most", "exact" */
    px_slice unit;      /* null when none */
    px_slice object;    /* counted object, null when none */
    const char *count;  /* "KILL", "WOUND", … or NULL */
} px_quantity;

typedef struct px_quote {
    px_span *content;
    uint32_t n_content;
    px_span cue;     /* PX_SPAN_NONE when none */
    px_span source;  /* PX_SPAN_NONE when none */
    int32_t speaker; /* entity index, -1 when unknown */
    uint8_t direct;
} px_quote;

/* An event (annotate/event/, SCHEMA.md "events"): who did what to whom. */
typedef struct px_event_actor {
    int32_t entity;      /* entity index, -1 when none */
    px_slice code, text; /* CAMEO actor code, the words; null when absent */
    px_span span;        /* PX_SPAN_NONE when absent */
} px_event_actor;

typedef struct px_event {
    px_span span, trigger;
    px_slice code, root, plover;
    int32_t quad;
    double goldstein; /* NaN when absent */
    uint8_t negated;
    px_event_actor source, target;
    px_slice date, date_from;    /* TIMEX3 value; "timex" or "article"; null when absent */
    int32_t place_entity;        /* entity index of the place, -1 when none */
    px_slice place_country;      /* ISO 3166 alpha-2, null when unknown */
    double place_lat, place_lon; /* NaN when unknown */
} px_event;

/* A label (annotate/label/, docs/labels.md): a phrase naming or characterizing
 * a referent, with its cross-document concept key. label and head point into
 * the text; concept into the arena or the entity's key; kind is static. */
typedef struct px_label {
    px_span span;
    px_slice label, head, concept, kind;
    int32_t entity; /* entity index, -1 when none */
} px_label;

/* Document tone (annotate/tone/, docs/tone.md): GDELT-style percentages of the
 * words, and the sentiment toward each entity or concept. */
enum px_tone_pol { PX_POL_NEGATIVE = -1, PX_POL_NEUTRAL = 0, PX_POL_POSITIVE = 1 };

typedef struct px_tone_target {
    int32_t entity;   /* entity index, -1 when the target is a concept */
    px_slice concept; /* concept key (labels), null for an entity */
    int8_t polarity;  /* enum px_tone_pol */
    double score;     /* -1..1: P(positive) - P(negative) */
    px_span *evidence;
    uint32_t n_evidence;
} px_tone_target;

typedef struct px_tone {
    double tone, positive, negative, polarity, activity, self_group;
    uint32_t words;
    px_tone_target *targets;
    size_t n_targets;
} px_tone;

/* A persuasion technique on a span (annotate/technique/): technique is one of
 * the 14 SemEval-2020 Task 11 names (static storage). */
typedef struct px_doc_technique {
    px_span span;
    const char *technique;
    double score;
} px_doc_technique;

/* ---- engine and document ---- */
typedef struct px_folder px_folder;
typedef struct px_langid px_langid;

/* An annotator (src/annotate/pipeline.c lists them in order): init loads its
 * read-only resources once per engine (may be NULL), run adds its analysis to a
 * segmented document. */
typedef struct px_annotator {
    const char *name;
    px_status (*init)(px_engine *e, void **res, char *errmsg);
    void (*fini)(void *res);
    px_status (*run)(px_doc *d, const void *res);
} px_annotator;
#define PX_MAX_ANNOTATORS 16
extern const px_annotator *const px__annotators[];
extern const size_t px__n_annotators;

struct px_engine {
    px_folder *folder;
    px_langid *langid;     /* NULL when disabled */
    px_arena *spare;       /* the arena of the last freed document, reused by the next */
    px_token *tok_scratch; /* token buffer reused by px__segment */
    size_t tok_cap;
    void *res[PX_MAX_ANNOTATORS];   /* each annotator's resources, by index */
    int no_analyses;                /* px_engine_options.no_analyses */
    struct px_syn_model *syn_model; /* the syntax model (src/syntax/), NULL when not loaded */
    struct px_syn_work *syn_work;   /* its per-sentence buffers */
    int record_syntax;              /* px_engine_options.record_syntax */
    int no_syntax;                  /* px_engine_options.no_syntax (or no_analyses) */
    char *data_dir;                 /* px_engine_options.data_dir or the default (owned) */
    int events_all;                 /* evaluation: keep events whose actors have no code */
    px_buf warnings;                /* messages from loading (bad dictionary lines), one a line */
};

struct px_doc {
    px_arena *arena;
    px_engine *engine;
    char id[17];
    px_slice text;
    px_slice title, author, date, outlet, url, source_path, source_id, lang;
    px_slice meta; /* JSON object text of the input's extra members, or null */
    const char *date_source;
    px_span *paras;
    size_t n_paras;
    px_span *sents;
    size_t n_sents;
    px_token *toks;
    size_t n_toks;
    px_token *toks_owned;   /* toks when they are not in the arena (large documents) */
    px_slice date_inferred; /* a date the text states for itself, or null */
    px_entity *entities;
    size_t n_entities;
    px_timex *timexes;
    size_t n_timexes;
    px_quantity *quantities;
    size_t n_quantities;
    px_quote *quotes;
    size_t n_quotes;
    px_event *events;
    size_t n_events;
    px_label *labels;
    size_t n_labels;
    px_tone *tone;                /* NULL when not computed */
    px_doc_technique *techniques; /* ordered by span, then score (best first) */
    size_t n_techniques;
    /* Words, tags, lemmas, heads (src/syntax/syntax.h), made on first use by
     * px__doc_syntax; NULL when not made or not English. */
    struct px_syntax *syn;
    int syn_done;
    char errmsg[PX_ERRMSG_SIZE];
};

/* annotate/pipeline.c: runs every annotator's init, fini, or run. */
px_status px__engine_init_annotators(px_engine *e, char *errmsg);
void px__engine_fini_annotators(px_engine *e);
px_status px__annotate(px_doc *d);

/* text/normalize.c: NFC. Sets *out to in itself when it is already NFC (the
 * common case, checked without allocating), else to a normalized copy in arena. */
px_status px__nfc(px_arena *a, px_slice in, px_slice *out);

/* text/fold.c: folded match keys (case folded, marks stripped, Cyrillic and Greek
 * transliterated to Latin). The folder holds an ICU transliterator: one per thread. */
px_status px__folder_new(px_folder **out, char *errmsg);
void px__folder_free(px_folder *f);
/* Folds s into arena memory; *out may alias s when s is already folded ASCII. */
px_status px__fold(px_folder *f, px_arena *a, px_slice s, px_slice *out);
/* Folds into a px_buf (appending), for keys built outside a document. */
px_status px__fold_buf(px_folder *f, px_slice s, px_buf *out);

/* text/segment.c: paragraphs, sentences and tokens of d->text, keys folded with
 * d->engine->folder. Fills d->paras, d->sents, d->toks in d->arena. */
px_status px__segment(px_doc *d);

/* text/segment.c: tokens of any text (for lexicon entries and queries), with
 * the same rules and keys as px__segment. *toks is allocated in a. */
px_status px__tokenize(px_folder *f, px_arena *a, px_slice text, px_token **toks, size_t *n);

/* text/langid.c: language identification (libexttextcat). */
px_status px__langid_new(px_langid **out, char *errmsg);
void px__langid_free(px_langid *l);
/* Returns an ISO 639 code (static storage) or NULL when unsure. */
const char *px__langid_guess(px_langid *l, px_slice text);
/* The same for a segmented document: a function-word count over its first
 * tokens decides the common Latin-script languages, the n-gram classifier the
 * rest. */
const char *px__langid_doc(px_langid *l, const px_doc *d);

#endif
