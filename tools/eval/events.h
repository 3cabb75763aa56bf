/* Internal interface of `parallax eval events` (tools/eval/events.c): the
 * per-sentence scoring of CAMEO codings that the UniversalPetrarch records
 * and the PETRARCH unit tests (events_petr.c) share, and the compilation of
 * PETRARCH dictionaries into a data folder the engine loads
 * (events_petr_dict.c). */
#ifndef PX_EVAL_EVENTS_H
#define PX_EVAL_EVENTS_H

#include <stdio.h>

#include "annotate/annotate.h"

/* A whole file read into memory, NUL-terminated (free p). */
typedef struct px_evx_file {
    char *p;
    size_t n;
} px_evx_file;

/* Reads path; returns 0, or -1 when it cannot be read. */
int px__evx_read_all(const char *path, px_evx_file *b);

/* The value of attribute name in the tag starting at tag (up to its '>'):
 * name = "value" or name='value', spaces around '=' allowed; "" when absent.
 * out holds at most cap - 1 bytes. */
void px__evx_attr(const char *tag, const char *name, char *out, size_t cap);

/* Annotates one text (date "YYYY-MM-DD" or NULL); the document, NULL on failure. */
px_doc *px__evx_annotate(px_engine *e, const char *text, size_t len, const char *date);

double px__evx_f1(double p, double r);

/* A copy of the len bytes at tx with XML's entities (&amp; ...) decoded, line
 * breaks and tabs as spaces, trimmed
 * (NUL-terminated, free it); its length in *out_len. NULL when out of memory. */
char *px__evx_text(const char *tx, size_t len, size_t *out_len);

/* One gold coding. Actor codes are "" when the gold has none ("---"). */
typedef struct px_evx_gold {
    char code[8], src[24], tgt[24];
} px_evx_gold;

#define PX_EVX_MAXGOLD 64

/* Counts of one set (or one category of it). */
typedef struct px_evx_tally {
    size_t sents, gold, sys, root_tp, code_tp, actor_ok, src_ok, tgt_ok;
    size_t neg_sents, neg_fp; /* sentences whose gold is no event; those with a system event */
} px_evx_tally;

/* Scoring options: with monadic set, an event with one coded actor counts
 * (the other "" as "---" in PETRARCH); else both must be coded. */
typedef struct px_evx_opts {
    int monadic;
    FILE *err; /* --errors lines, NULL for none */
    const char *id;
} px_evx_opts;

/* Codes text (line breaks already spaces) with date "YYYYMMDD" (or "") and
 * scores its events against the ng gold codings g: a system event matches an
 * unused gold coding with the same root (the same full code, then source,
 * then target preferred). Negated events are left out. Adds to t. */
void px__evx_score(px_engine *e,
                   const char *text,
                   size_t len,
                   const char *date,
                   const px_evx_gold *g,
                   size_t ng,
                   const px_evx_opts *o,
                   px_evx_tally *t);

/* Adds b to a. */
void px__evx_tally_add(px_evx_tally *a, const px_evx_tally *b);

/* Prints the root-code, full-code and actor lines of t, each indented by
 * indent spaces. */
void px__evx_tally_print(FILE *out, const px_evx_tally *t, int indent);

/* The PETRARCH unit tests (events_petr.c): PETR.UnitTest.records.xml in dir,
 * coded with the PETR.Validate.* dictionaries beside it compiled into a
 * temporary data folder over data_dir (NULL: the default). Returns 0, 1 when
 * the data cannot be read or the engine not made. */
int px__evx_petr(const char *dir, const char *data_dir, FILE *out, FILE *err, int show);

/* Compiles the PETR.Validate verbs, agents and actors dictionaries of dir
 * into a new temporary folder whose other entries link to data_dir's
 * (events/cameo.tsv keeps data_dir's code table). A line that cannot be
 * compiled gets one message "FILE:LINE: why; entry skipped" on err. The
 * folder's path goes to tmp (cap bytes). Returns 0, or -1 (message on err). */
int px__evx_petr_dict(const char *dir, const char *data_dir, char *tmp, size_t cap, FILE *err);
/* Removes the folder px__evx_petr_dict made. */
void px__evx_petr_dict_remove(const char *tmp);

#endif
