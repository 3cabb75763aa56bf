/* Entities: the tagger run over a document's sentences, gazetteer and actor
 * lookups, and grouping of mentions into one entity per referent (see
 * docs/entities.md). Internal (not installed). */
#ifndef PX_ANNOTATE_ENTITY_H
#define PX_ANNOTATE_ENTITY_H

#include "annotate/ner.h"
#include "text/lexicon.h"

/* ---- gazetteers and actors (entity_gaz.c) ---- */

typedef struct px_place {
    char cc[3];      /* ISO 3166 alpha-2 */
    uint8_t kind;    /* 'C' country, 'A' admin-1 region, 'P' populated place */
    uint8_t capital; /* national capital */
    double lat, lon;
    uint32_t pop;
    uint32_t actor; /* actor entry + 1 of the place's country, 0 when none */
    px_slice name;  /* main name */
    px_slice key;   /* its folded key */
} px_place;

typedef struct px_gaz px_gaz;

/* Loads gazetteer/places.tsv, gazetteer/towns.tsv, gazetteer/demonyms.tsv and
 * actors/actors.tsv under dir (see data/README.md); with marking set, also the
 * lexicon px__gaz_mark needs (a model trained with gazetteer bits). */
px_status px__gaz_load(px_folder *f, const char *dir, int marking, px_gaz **out, char *errmsg);
void px__gaz_free(px_gaz *g);

/* Sets the PX_NER_GAZ_* bits of bits[0..n) for the tokens of one sentence:
 * words inside place names, demonyms, and actor phrases (by type). */
void px__gaz_mark(const px_gaz *g, const px_token *toks, size_t n, uint32_t *bits);

/* Places named exactly toks[0..n): returns the count and sets *ids. */
size_t px__gaz_places(const px_gaz *g, const px_token *toks, size_t n, const uint32_t **ids);
const px_place *px__gaz_place(const px_gaz *g, uint32_t id);

/* Country (alpha-2) that a demonym or adjective toks[0..n) denotes, or NULL. */
const char *px__gaz_demonym(const px_gaz *g, const px_token *toks, size_t n);

/* Actor dictionary entry (+1) named exactly toks[0..n), or 0. */
uint32_t px__gaz_actor_entry(const px_gaz *g, const px_token *toks, size_t n);
/* The entry's CAMEO code at date (YYYYMMDD, 0 when unknown): the first dated
 * code whose range holds the date, else the first undated code, else NULL.
 * With no date, the undated code, else the latest dated one. */
const char *px__gaz_actor_code(const px_gaz *g, uint32_t entry, uint32_t date);
/* The actor entry (+1) of a country (ISO alpha-2), or 0. */
uint32_t px__gaz_country_actor(const px_gaz *g, const char *cc);
/* Does the entry name a place (a bare country code)? */
int px__gaz_actor_is_place(const px_gaz *g, uint32_t entry);
/* The folded key of the entry's head phrase. */
px_slice px__gaz_actor_key(const px_gaz *g, uint32_t entry);

/* Dictionary mentions (for text the tagger was not trained on): the
 * leftmost-longest capitalized matches of actor phrases and place names in
 * toks[0..n), each passed to fn with its type (enum px_ent_type). */
typedef px_status (*px_gaz_hit_fn)(void *ud, uint32_t t0, uint32_t t1, int type);
px_status px__gaz_scan(const px_gaz *g, const px_token *toks, size_t n, px_gaz_hit_fn fn, void *ud);

/* ---- the annotator's resources (entity.c) ---- */

typedef struct px_entity_res {
    px_ner_model *ner;
    px_gaz *gaz;
    px_ner_classes *cls; /* when the model uses word classes */
} px_entity_res;

extern const px_annotator px__ann_entities;
/* Runs after timex: when the article has no date but its text states one
 * (date_inferred), actor codes are chosen again for that date. */
extern const px_annotator px__ann_entity_dates;

/* The resources of px__ann_entities in engine e, or NULL. */
const px_entity_res *px__entity_res(const px_engine *e);

/* Tags one sentence of tokens (raw text in text) into labels[0..n); words and
 * gaz are work space of n entries. hist is the document's prediction history
 * (read, then given this sentence's labels), when the model uses one; the
 * caller clears it between documents. */
px_status px__entity_tag(const px_entity_res *r,
                         px_slice text,
                         const px_token *toks,
                         size_t n,
                         px_ner_word *words,
                         uint32_t *gaz,
                         uint8_t *labels,
                         px_ner_scratch *s,
                         px_ner_hist *hist);

/* Tags CoNLL text buf (ner_tag.c): prints "token<TAB>tag" lines to out when
 * out is not NULL, adds chunk scores against the file's last column to score
 * when score is not NULL. */
px_status px__tag_conll_buf(
    px_engine *e, const uint8_t *buf, size_t len, FILE *out, px_ner_score *score, char *errmsg);

/* ---- mentions and grouping (entity_group.c) ---- */

typedef struct px_mention {
    uint32_t t0, t1;     /* tokens [t0, t1) after trimming */
    uint32_t start, end; /* bytes */
    uint8_t type;
    uint32_t ent; /* provisional entity */
    px_slice key; /* folded, tokens joined by spaces (arena) */
} px_mention;

typedef struct px_mentions {
    px_mention *m;
    size_t n, cap;
} px_mentions;

px_status px__mention_add(px_mentions *ms, uint32_t t0, uint32_t t1, uint8_t type);

/* A title or role word before a name ("Mr.", "President"). */
int px__entity_is_title(const px_token *t);

/* Corrections on trimmed mentions (entity_fix.c): well-known places tagged
 * PER become LOC unless a title or a longer person name vouches for them;
 * capitalized common words opening a sentence are dropped. */
void px__entity_fix(const px_doc *d, const px_entity_res *r, px_mentions *ms);

/* Trims, groups and writes d->entities. */
px_status px__entity_group(px_doc *d, const px_entity_res *r, px_mentions *ms);

#endif
