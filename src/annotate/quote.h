/* Quotations: what the quote annotator's files (quote.c, quote_cue.c,
 * quote_report.c) share. Internal to src/annotate/quote*.c. */
#ifndef PX_ANNOTATE_QUOTE_H
#define PX_ANNOTATE_QUOTE_H

#include "annotate/annotate.h"
#include "text/lexicon.h"

/* Cue lexicon payload bits. */
enum {
    PX_CUE_SAY = 1 << 0,   /* a speech verb: said, told, warned, ... */
    PX_CUE_OBJ = 1 << 1,   /* takes an addressee before its content: told RT that */
    PX_CUE_ACC = 1 << 2,   /* "according to": the source follows the cue */
    PX_CUE_WEAK = 1 << 3,  /* a belief or report verb: its content must start with "that" */
    PX_CUE_PART = 1 << 4,  /* introduces a partial quote: described it as, called */
    PX_CUE_NOUN = 1 << 5,  /* a noun: only "X's statement that …" */
    PX_CUE_CTRL = 1 << 6,  /* takes an infinitive: "X wants to …", "X declined to …" */
    PX_CUE_RAISE = 1 << 7, /* "X seems to …", "X is expected to …": no source, the
                            * subject and the infinitive are the content */
    PX_CUE_QUOTE = 1 << 8  /* a cue of direct quotes only: "“…,” the letter reads" */
};

typedef struct px_qframes px_qframes;

typedef struct px_quote_res {
    px_lexicon *cues;
    px_qframes *frames; /* learned attribution frames, NULL when the file is absent */
} px_quote_res;

/* A token range [lo, hi). */
typedef struct px_trange {
    uint32_t lo, hi;
} px_trange;

/* The per-document working state of the annotator (arena memory). */
typedef struct px_qctx {
    px_doc *d;
    const px_quote_res *res;
    uint32_t *sent_of; /* token -> sentence index */
    uint32_t *para_of; /* token -> paragraph index */
    uint8_t *inq;      /* token -> 1 inside a direct quote (marks included) */
    uint8_t *used;     /* token -> 1 already part of an attribution's cue or source */
    uint8_t *inc;      /* token -> 1 inside the content of a quote emitted so far */
    px_quote *out;     /* quotes found so far */
    size_t n_out, cap_out;
    px_span *spans; /* content spans pool */
    size_t n_spans, cap_spans;
    /* entity mentions sorted by start (for speaker resolution) */
    px_span *ment;
    uint32_t *ment_ent;
    size_t n_ment;
    /* entity -> 1 male, 2 female, 0 not known (titles and role words the
     * text puts before its mentions: "Mr.", "Ms.", "spokeswoman") */
    uint8_t *ent_gender;
} px_qctx;

/* quote_cue.c: the cue lexicon. */
px_status px__quote_cues_build(px_folder *f, px_lexicon **out);

/* quote_cue.c: is the cue match [a, b) a noun here ("the report", "secretary
 * of state")? */
int px__quote_false_cue(const px_doc *d, uint32_t a, uint32_t b);
/* Is token i a dash: "-", "–", "—" or "―"? */
int px__qtok_dash(const px_doc *d, size_t i);
/* Is the cue [lo, hi) a question put to its subject ("was asked about",
 * "Asked whether …", "when pressed")? Such an attribution has no source. */
int px__quote_asked(const px_doc *d, px_trange cue);
/* r without a dateline it starts with ("DES MOINES, Iowa — Hillary
 * Clinton" -> "Hillary Clinton"; empty when r is only the dateline). */
px_trange px__quote_trim_dateline(const px_qctx *c, px_trange r);
/* The first token of the sentence of token t. */
uint32_t px__quote_sent_start(const px_qctx *c, uint32_t t);

/* quote_cue.c: token helpers. */
int px__qtok_is(const px_doc *d, size_t i, const char *word);
int px__qtok_in(const px_doc *d, size_t i, const char *const *words);
int px__qtok_punct(const px_doc *d, size_t i, char c);
/* Is token i a finite auxiliary or an adverb that may sit between a source and
 * its cue ("has said", "also told")? 1 auxiliary, 2 adverb, 0 neither. */
int px__qtok_aux(const px_doc *d, size_t i);

/* quote_cue.c: noun phrases of sources. Returns the source range ending at hi
 * (exclusive) and starting no earlier than lo, or an empty range (lo == hi). */
px_trange px__quote_np_left(const px_qctx *c, uint32_t lo, uint32_t hi);
/* The source range starting at lo, ending no later than hi. */
px_trange px__quote_np_right(const px_qctx *c, uint32_t lo, uint32_t hi);
/* The same without requiring a determiner, name or pronoun first
 * ("according to exit polls"); still at most NP_MAX words. */
px_trange px__quote_np_right_loose(const px_qctx *c, uint32_t lo, uint32_t hi);

/* quote_cue.c: the entity the source tokens name or refer to, or -1. */
int32_t px__quote_speaker(const px_qctx *c, px_trange src);
/* A subject at the start of the clause [lo, hi): a pronoun or a name. */
px_trange px__quote_subject(const px_qctx *c, uint32_t lo, uint32_t hi);
/* Does token i end in a possessive 's? */
int px__qtok_possessive(const px_doc *d, size_t i);
/* Prepares c->ment from d->entities (arena). */
px_status px__quote_mentions(px_qctx *c);

/* quote_frames.c: learned attribution frames (data/quotes/frames.tsv). A
 * candidate: a VERB with a subject before it and a complement after it. */
typedef struct px_qframe {
    px_slice lemma; /* the verb's lemma (or form) */
    int frame;      /* 0 ccomp, 1 xcomp, 2 obj */
    px_span cue, content, subject;
} px_qframe;
typedef px_status (*px_qframe_fn)(void *ud, const px_qframe *q);
const char *px__quote_frame_name(int frame);
/* Loads "lemma<TAB>frame" lines; a malformed line is one message in warn
 * ("frames.tsv:LINE: …; entry skipped") and is skipped. */
px_status px__quote_frames_load(const char *path, px_buf *warn, px_qframes **out, char *errmsg);
void px__quote_frames_free(px_qframes *f);
/* "lemma<TAB>frame name", the lemma's ASCII letters lower-cased: the key of
 * frames.tsv. 0 when it does not fit in cap bytes. */
int px__quote_frame_key(px_slice lemma, int frame, char *out, size_t cap);
int px__quote_frames_has(const px_qframes *f, px_slice lemma, int frame);
/* Calls fn for every candidate of d's parse (d->syn), in text order. */
px_status px__quote_frames_scan(px_doc *d, px_qframe_fn fn, void *ud);
/* The quotes of the listed frames that nothing found yet. */
px_status px__quote_frames(px_qctx *c);

/* quote.c: appends a quote; spans are copied. */
px_status px__quote_emit(
    px_qctx *c, const px_span *content, uint32_t n, px_trange cue, px_trange src, int direct);
/* Byte span of a token range; PX_SPAN_NONE when empty. */
px_span px__quote_span(const px_doc *d, px_trange r);

/* quote_report.c: reported speech in sentences outside direct quotes. */
px_status px__quote_reported(px_qctx *c);
/* quote_parse.c: reported clauses of speech verbs and the sources of cue
 * verbs through the parse of the sentences that need it. */
px_status px__quote_parsed(px_qctx *c);

#endif
