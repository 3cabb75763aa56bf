/* parallax record: the parallax.article/1 record (SCHEMA.md) as one typed value.
 * The writer (record_write.c) and the reader (record_read.c) share the field
 * names below; every other module reads records through px__rec_parse and never
 * walks the JSON itself. JSON is the external boundary only. Not installed. */
#ifndef PX_RECORD_H
#define PX_RECORD_H

#include "internal.h"

#define PX_REC_SCHEMA "parallax.article/1"

/* Every field name of parallax.article/1, once (X-macro: enum tag, JSON name). */
#define PX_REC_KEYS(X)                                                                             \
    X(SCHEMA, "schema")                                                                            \
    X(ID, "id")                                                                                    \
    X(SOURCE, "source")                                                                            \
    X(PATH, "path")                                                                                \
    X(URL, "url")                                                                                  \
    X(OUTLET, "outlet")                                                                            \
    X(TITLE, "title")                                                                              \
    X(AUTHOR, "author")                                                                            \
    X(DATE, "date")                                                                                \
    X(DATE_SOURCE, "date_source")                                                                  \
    X(DATE_INFERRED, "date_inferred")                                                              \
    X(LANG, "lang")                                                                                \
    X(TEXT, "text")                                                                                \
    X(PARAGRAPHS, "paragraphs")                                                                    \
    X(SENTENCES, "sentences")                                                                      \
    X(ENTITIES, "entities")                                                                        \
    X(TYPE, "type")                                                                                \
    X(NAME, "name")                                                                                \
    X(KEY, "key")                                                                                  \
    X(ACTOR, "actor")                                                                              \
    X(COUNTRY, "country")                                                                          \
    X(LAT, "lat")                                                                                  \
    X(LON, "lon")                                                                                  \
    X(MENTIONS, "mentions")                                                                        \
    X(TIMEXES, "timexes")                                                                          \
    X(SPAN, "span")                                                                                \
    X(VALUE, "value")                                                                              \
    X(QUANTITIES, "quantities")                                                                    \
    X(HIGH, "high")                                                                                \
    X(APPROX, "approx")                                                                            \
    X(UNIT, "unit")                                                                                \
    X(OBJECT, "object")                                                                            \
    X(COUNT, "count")                                                                              \
    X(QUOTES, "quotes")                                                                            \
    X(CONTENT, "content")                                                                          \
    X(CUE, "cue")                                                                                  \
    X(SPEAKER, "speaker")                                                                          \
    X(DIRECT, "direct")                                                                            \
    X(SYNTAX, "syntax")                                                                            \
    X(EVENTS, "events")                                                                            \
    X(TRIGGER, "trigger")                                                                          \
    X(CODE, "code")                                                                                \
    X(ROOT, "root")                                                                                \
    X(QUAD, "quad")                                                                                \
    X(GOLDSTEIN, "goldstein")                                                                      \
    X(PLOVER, "plover")                                                                            \
    X(NEGATED, "negated")                                                                          \
    X(DATE_FROM, "date_from")                                                                      \
    X(PLACE, "place")                                                                              \
    X(TARGET, "target")                                                                            \
    X(META, "meta")                                                                                \
    X(TONE, "tone")                                                                                \
    X(POSITIVE, "positive")                                                                        \
    X(NEGATIVE, "negative")                                                                        \
    X(POLARITY, "polarity")                                                                        \
    X(ACTIVITY, "activity")                                                                        \
    X(SELF_GROUP, "self_group")                                                                    \
    X(WORDS, "words")                                                                              \
    X(LABELS, "labels")                                                                            \
    X(LABEL, "label")                                                                              \
    X(HEAD, "head")                                                                                \
    X(CONCEPT, "concept")                                                                          \
    X(ENTITY, "entity")                                                                            \
    X(KIND, "kind")                                                                                \
    X(TECHNIQUES, "techniques")                                                                    \
    X(TECHNIQUE, "technique")                                                                      \
    X(SCORE, "score")                                                                              \
    X(TARGETS, "targets")                                                                          \
    X(EVIDENCE, "evidence")

enum px_rec_key {
#define PX_REC_KEY_ENUM(tag, name) PX_RK_##tag,
    PX_REC_KEYS(PX_REC_KEY_ENUM)
#undef PX_REC_KEY_ENUM
        PX_RK__COUNT
};

/* The JSON name of a key ("entities"). */
extern const char *const px__rec_key[PX_RK__COUNT];

/* Analyses the engine does not produce yet: typed so that readers are ready,
 * empty in every record written today. (px_event, px_label and px_tone are in
 * internal.h.) */

typedef struct px_technique {
    px_span span;
    px_slice technique;
    double score;
} px_technique;

/* One parsed record. Slices live in the arena given to px__rec_parse and are
 * NUL-terminated; the null slice stands for a JSON null or a missing member.
 * Spans are checked against text: an invalid span is PX_SPAN_NONE (lists drop
 * it). Quantities' approx and count point into the arena too. */
typedef struct px_rec {
    px_slice id;
    px_slice source_path, source_id, url, outlet;
    px_slice title, author, date, date_source, date_inferred, lang, text;
    px_span *paras;
    size_t n_paras;
    px_span *sents;
    size_t n_sents;
    px_entity *entities; /* with their record ids */
    px_slice *entity_ids;
    size_t n_entities;
    px_timex *timexes;
    size_t n_timexes;
    px_quantity *quantities; /* value NaN when the record has none */
    size_t n_quantities;
    px_quote *quotes; /* speaker: index in entities, -1 when none or unknown */
    size_t n_quotes;
    px_event *events;
    size_t n_events;
    px_label *labels;
    size_t n_labels;
    px_technique *techniques;
    size_t n_techniques;
    px_tone tone;
    int has_tone;
    px_slice meta; /* "meta": the input record's extra members as compact JSON, or null */
} px_rec;

/* Parses a parallax.article/1 record (one JSON object) into *out, allocating in
 * a. Missing or mistyped analysis members are skipped (a stored record is read
 * as far as it goes); a record that is not a JSON object, or has no "schema" of
 * parallax.article/1, no "id" or no "text" string, fails with PX_EPARSE and a
 * message in errmsg (PX_ERRMSG_SIZE bytes, may be NULL) naming the byte offset
 * where that applies. Returns PX_OK, PX_EPARSE or PX_ENOMEM. */
px_status px__rec_parse(px_slice json, px_arena *a, px_rec *out, char *errmsg);
/* The same for the header only (id, source, title, author, dates, lang, text):
 * the analysis lists stay empty. For the store, which indexes the header. */
px_status px__rec_parse_head(px_slice json, px_arena *a, px_rec *out, char *errmsg);

/* The text of span s of the record (the null slice for PX_SPAN_NONE). */
px_slice px__rec_span_text(const px_rec *r, px_span s);

/* Appends json without whitespace between tokens (strings kept byte for byte):
 * a stored record is one line. Returns PX_OK or PX_ENOMEM. */
px_status px__json_compact(px_slice json, px_buf *out);

#endif
