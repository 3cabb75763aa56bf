/* Tone (docs/tone.md): the document's GDELT-style tone from the VADER and
 * AFINN lexicons with negation, intensifiers and "but", and the sentiment a
 * text expresses toward a target (an entity, a concept, a given span), from a
 * linear model over the words around the target, lexicon polarity and the
 * parse (data/models/tone.bin, tools/train_tone.c). Internal (not installed). */
#ifndef PX_ANNOTATE_TONE_H
#define PX_ANNOTATE_TONE_H

#include "annotate/annotate.h"
#include "text/lexicon.h"

/* What a lexicon entry is (data/tone/lexicon.tsv, kind column). */
enum px_tone_kind {
    PX_TK_NONE = 0,
    PX_TK_VAL,    /* V: a sentiment word or phrase */
    PX_TK_NEG,    /* N: a negator */
    PX_TK_BOOST,  /* B: an intensifier */
    PX_TK_DAMP,   /* D: a dampener */
    PX_TK_PRON,   /* P: a personal pronoun */
    PX_TK_BUT,    /* C: "but", the contrast VADER weighs */
    PX_TK_INSIDE, /* a later token of a multi-token entry */
};

/* One token as the tone rules see it. */
typedef struct px_tone_tok {
    float raw;    /* lexicon valence (-4..4), 0 when not a sentiment word */
    float adj;    /* valence after negation, intensifiers and "but" */
    uint8_t kind; /* enum px_tone_kind */
    uint8_t neg;  /* a negator in the three words before it */
    uint8_t len;  /* tokens of its entry (1 for most) */
    uint8_t pad;
} px_tone_tok;

typedef struct px_tone_model px_tone_model;

/* The engine's tone resources: immutable once loaded. */
typedef struct px_tone_res {
    px_lexicon *lex;
    float *val;    /* by payload */
    uint8_t *kind; /* by payload */
    size_t n;
    px_tone_model *model;     /* data/models/tone.bin (with the parse); NULL when absent */
    px_tone_model *lex_model; /* data/models/tone-lex.bin (no parse, for annotate) */
} px_tone_res;

/* Loads dir/tone/lexicon.tsv, dir/models/tone.bin and tone-lex.bin when
 * present (folded with f). Returns
 * PX_OK, PX_EIO, PX_EPARSE or PX_ENOMEM with a message in errmsg. */
px_status px__tone_res_load(px_folder *f, const char *dir, px_tone_res **out, char *errmsg);
void px__tone_res_free(px_tone_res *r);

/* Marks the tokens of one sentence toks[0..n) into out[0..n): lexicon kinds
 * and valences, then the rules (VADER, Hutto & Gilbert 2014): a negator among
 * the three words before a sentiment word scales it by -0.74; each booster or
 * dampener there adds +-0.293 (0.95 and 0.9 of that two and three words
 * back); words before a "but" count half, words after it 1.5 times. */
void px__tone_mark(const px_tone_res *r, const px_token *toks, size_t n, px_tone_tok *out);

/* The document tone of tokens toks[0..n) marked in tt (all sentences):
 * positive and negative are the percentages of words that are positive or
 * negative after the rules, each word weighted by its rule multiplier
 * (|adj| / |raw|); tone = positive - negative; polarity = positive +
 * negative; activity the percentage of strongly valenced words (|raw| >= 2);
 * self_group the percentage of personal pronouns; words the word count.
 * Sets every member of out but targets. */
void px__tone_doc(const px_tone_tok *tt, const px_token *toks, size_t n, px_tone *out);

/* Marks every sentence of d into tt (d->n_toks entries, allocated in d's
 * arena). Returns PX_OK or PX_ENOMEM. */
px_status px__tone_mark_doc(const px_tone_res *r, px_doc *d, px_tone_tok **tt);

/* ---- target sentiment (target.c) ---- */

/* Three classes, in this order in the model. */
#define PX_TONE_NCLASS 3 /* negative, neutral, positive */
#define PX_TONE_MAXF   512

/* A feature: its hash and its value (1 for most). */
typedef struct px_tone_feat {
    uint32_t h;
    float v;
} px_tone_feat;

/* Features of the target at byte span t in the sentence at byte span sent of
 * d, given the marked tokens tt of d; the parse features when use_parse and
 * d->syn is set (call px__doc_syntax first). also[0..n_also) are further mentions of the same
 * target in the sentence (may be NULL). Writes at most PX_TONE_MAXF features
 * into f and returns the count. */
size_t px__tone_features(const px_doc *d,
                         const px_tone_tok *tt,
                         px_span sent,
                         px_span t,
                         const px_span *also,
                         size_t n_also,
                         int use_parse,
                         px_tone_feat *f);

/* Class probabilities p[3] (negative, neutral, positive) of features f. */
void px__tone_predict(const px_tone_model *m, const px_tone_feat *f, size_t nf, double *p);

/* The class of p (argmax; neutral on ties) and the score p[2] - p[0]. */
void px__tone_decide(const double *p, int8_t *pol, double *score);

/* The model: nfeat hashed features x 3 float weights, plus a bias. */
px_status px__tone_model_load(const char *path, px_tone_model **out, char *errmsg);
void px__tone_model_free(px_tone_model *m);
/* Builds a model from keys and weights (the trainer); takes nothing. */
px_status px__tone_model_build(
    const uint32_t *keys, const float *w, uint32_t nfeat, const float *bias, px_tone_model **out);
/* Writes m (format in target.c). Returns PX_OK or PX_EIO. */
px_status px__tone_model_save(const px_tone_model *m, const char *path, char *errmsg);

/* ---- the toner (toner.c): target tone for given spans ---- */
typedef struct px_toner px_toner;
/* px_toner_new without the model (the trainer); no_parse: the lexical
 * features only, no parse (the model annotate uses, models/tone-lex.bin). */
px_status px__toner_new_untrained(px_toner **out, const char *data_dir, int no_parse, char *errmsg);
/* Segments, parses and marks text into *d (owned by t, valid until the next
 * call) and *tt. PX_EPARSE when the text has no sentences. */
px_status px__toner_doc(px_toner *t, px_slice text, px_doc **d, px_tone_tok **tt, char *errmsg);
/* Features of the target at span (with further mentions also) in its sentence. */
size_t px__toner_features(const px_toner *t,
                          const px_doc *d,
                          const px_tone_tok *tt,
                          px_span span,
                          const px_span *also,
                          size_t n_also,
                          px_tone_feat *f);
const px_tone_model *px__toner_model(const px_toner *t);

#endif
