/* Labels (docs/labels.md): the mentions that name or characterize a referent,
 * found on the parse, resolved within the article and keyed across articles
 * by a concept. Internal (not installed). */
#ifndef PX_ANNOTATE_LABEL_H
#define PX_ANNOTATE_LABEL_H

#include "annotate/annotate.h"

extern const px_annotator px__ann_labels;

/* Kinds, as written in the record. */
#define PX_LABEL_NAME       "name"
#define PX_LABEL_TITLE      "title"
#define PX_LABEL_DESCRIPTOR "descriptor"
#define PX_LABEL_EVENT      "event"
#define PX_LABEL_OTHER      "other"

/* ---- word lists (label_words.c) ---- */

/* Is the lower-cased lemma l a role or title noun ("president", "leader")? */
int px__label_is_role(px_slice l);
/* Is the lower-cased lemma l an event nominal ("bombing", "talks")? */
int px__label_is_event(px_slice l);
/* A country's agents: "official", "government", "troop" ... */
int px__label_is_agent(px_slice l);
/* "country", "nation" */
int px__label_is_country_noun(px_slice l);
int px__label_is_transparent(px_slice l);
/* The head that near-synonyms share in a concept key ("agreement" -> "deal"),
 * or l itself. */
px_slice px__label_canon(px_slice l);

/* ---- cross-document keys (label_unify.c) ---- */

/* One concept as the story sees it: its key and whether it is a person's
 * entity key. */
typedef struct px_label_key {
    px_slice key;
    uint8_t person;
    uint32_t count; /* labels carrying it */
} px_label_key;

/* Maps the keys of a set of articles onto shared ones: person keys that
 * differ only by initials, suffixes or hyphens ("robert s. mueller iii",
 * "kim jong-un") take the one with most labels; a person key of one word
 * that is the last or first word of longer person keys ("trump", "kim")
 * takes the one of those that has more labels than the others together. canon[i] is set to the
 * index of the key that keys[i] maps to (i itself when none). */
void px__label_unify(const px_label_key *keys, size_t n, uint32_t *canon);

#endif
