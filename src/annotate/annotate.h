/* parallax annotate layer (src/annotate/): the analyses annotators add, the
 * engine (shared read-only resources) and the document. Includes the layers
 * below it: core, text and syntax. Not installed. */
#ifndef PX_ANNOTATE_ANNOTATE_H
#define PX_ANNOTATE_ANNOTATE_H

#include "parallax/parallax.h"
#include "syntax/syntax.h"
#include "text/text.h"

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
    px_langid *langid;              /* NULL when disabled */
    px_arena *spare;                /* the arena of the last freed document, reused by the next */
    px_tok_scratch tok_scratch;     /* token buffer reused by px__segment */
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

/* annotate/doc.c: segments d->text (px__segment_text with the engine's
 * folder and token buffer) into d->paras, d->sents, d->toks. */
px_status px__segment(px_doc *d);
/* annotate/doc.c: px__langid_toks over d's text and tokens. */
const char *px__langid_doc(px_langid *l, const px_doc *d);
/* annotate/doc.c: the index of the first token of d starting at or after
 * byte b (d->n_toks when none does); binary search. */
uint32_t px__doc_tok_at(const px_doc *d, uint32_t b);

/* ---- the syntax layer on a document (annotate/syntax_doc.c) ---- */
/* Loads e's syntax model if it is not yet. Returns PX_OK, PX_EINVAL (the
 * engine has syntax off), PX_EIO, PX_EPARSE, PX_ENOMEM. */
px_status px__syntax_engine(px_engine *e, char *errmsg);
/* The parse of d, made on first call (d->syn; stays NULL for a document whose
 * language is identified as other than English). Annotators call this. */
px_status px__doc_syntax(px_doc *d);
/* The UD words of d's tokens (clitics and hyphens split, see docs/syntax.md):
 * w[i] its bytes, start/end its span in the text, tok its token. */
typedef struct px_syn_words {
    px_syn_word *w;
    uint32_t *start, *end, *tok;
    size_t n, cap;
} px_syn_words;
/* Fills b (reused: b->n is reset) with the words of d. */
px_status px__syntax_words(const px_doc *d, px_syn_words *b);
void px__syn_words_free(px_syn_words *b);
/* Parses every sentence of d (after segmentation) into d->syn. */
px_status px__syntax_doc(px_doc *d, const px_syn_model *m, px_syn_work *w);
/* Appends d's sentences as CoNLL-U. */
px_status px__syntax_write_conllu(const px_doc *d, px_buf *out);
/* Appends the "syntax" record member value: a JSON array of sentences. */
px_status px__syntax_write_json(const px_doc *d, px_buf *out);

#endif
