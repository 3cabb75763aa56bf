/* parallax corpus: the state of one comparison (compare*.c). */
#ifndef PX_COMPARE_IMPL_H
#define PX_COMPARE_IMPL_H

#include "corpus/corpus_impl.h"
#include "record/record.h"

/* One article of the compared story. Slices live in the comparison's arena
 * (its parsed record too). */
typedef struct px__cart {
    px_slice id, outlet, date, title, dup_of;
    int64_t rid;
    int32_t day;
    px_rec rec;
    px_slice text;      /* rec.text, or "" when the record did not read */
    uint32_t outlet_ix; /* index in px__cmp.outlets */
    int copy;           /* a copy of another article of the story: counted once */
} px__cart;

/* The story's coverage by one leaning of the outlets table. */
typedef struct px__lean {
    const char *name;  /* as the table first spells it */
    size_t articles;   /* originals (a copy counts through its original) */
    px_slice *outlets; /* distinct, sorted (arena) */
    size_t n_outlets;
} px__lean;

typedef struct px__cmp {
    const px_outlets *table; /* px_compare_opts.table, or NULL */
    const char *leaning;     /* px_compare_opts.leaning, or NULL */
    px__lean *leans;         /* the table's leanings, in reading order (arena) */
    size_t n_leans;
    px__lean unrated; /* outlets the table does not rate */
    px_store *s;
    px_arena *arena;
    px__cart *a; /* in time order (date, undated last, then store order) */
    size_t n;
    px_slice *outlets; /* distinct outlets of the compared originals, sorted */
    size_t n_outlets;
    char id[16];
} px__cmp;

#define PX_EVIDENCE       300 /* bytes of an evidence sentence shown */
#define PX_UNKNOWN_OUTLET PX_SLICE_LIT("(unknown)")

/* Each appends its member of parallax.story/1, starting with a comma. */
px_status px__cmp_leanings(px__cmp *m, px_buf *out); /* nothing without a table */
/* compare_lean.c: fills m->leans and m->unrated from every article of the
 * story (nothing without a table). */
px_status px__cmp_coverage(px__cmp *m);
/* 1 when a passes the --leaning filter (always without one). */
int px__cmp_leaning_is(const px__cmp *m, const px__cart *a);
/* 1 when m->leaning is a leaning of the table. */
int px__cmp_leaning_known(const px__cmp *m);
px_status px__cmp_facts(px__cmp *m, px_buf *out);
px_status px__cmp_entities(px__cmp *m, px_buf *out);
px_status px__cmp_quotes(px__cmp *m, px_buf *out);
px_status px__cmp_terms(px__cmp *m, px_buf *out);
px_status px__cmp_timeline(px__cmp *m, px_buf *out);
/* compare_events.c: the coded events aligned by actors and root code. */
px_status px__cmp_events(px__cmp *m, px_buf *out);
px_status px__cmp_labels(px__cmp *m, px_buf *out); /* compare_labels.c */
/* Renders the "labels" member of a parallax.story/1 object as a concepts x
 * outlets matrix (parallax compare --labels). */
px_status px__cmp_labels_text(px_slice json, px_buf *out);
px_status px__cmp_tone(px__cmp *m, px_buf *out);
px_status px__cmp_techniques(px__cmp *m, px_buf *out);
/* Renders a parallax.story/1 object as a readable report. */
px_status px__cmp_text(px_slice json, px_buf *out);

/* Helpers shared by the compare files. */
/* Appends a JSON array of the outlets (indices set in has[]) that are NOT set. */
px_status px__cmp_silent(const px__cmp *m, const uint8_t *has, px_buf *out);
/* compare_facts.c: does a TIMEX3 value name a calendar day or month
 * (YYYY-MM…; not XXXX-, a year alone or a duration)? 0 for NULL. */
int px__cmp_calendar(const char *v);
/* The text of a span of article a (the null slice when invalid), both ends on
 * character boundaries. */
px_slice px__cmp_span(const px__cart *a, px_span span);
/* The sentence [*s, *e) of a's text holding byte at: from the record's
 * sentences, else between sentence-ending marks. */
void px__cmp_sentence(const px__cart *a, long at, long *s, long *e);
/* Shrinks [*s, *e) to at most max bytes keeping [at, end) in view, both ends
 * on UTF-8 character boundaries of a's text. */
void px__cmp_clip(const px__cart *a, long at, long end, size_t max, long *s, long *e);
/* Bytes [s, e) of a's text, both ends moved inside to character boundaries
 * (the empty slice when out of range): never a cut character. */
px_slice px__cmp_text_of(const px__cart *a, long s, long e);
/* Appends ,"evidence":{"span":[s,e],"text":"..."}: the sentence holding
 * [at, end), at most PX_EVIDENCE bytes of it around [at, end). */
px_status px__cmp_evidence(const px__cart *a, long at, long end, px_buf *out);

#endif
