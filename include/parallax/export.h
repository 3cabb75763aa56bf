/* parallax: data out. The stored records as JSON Lines, as tidy CSV tables
 * (one per kind of item, with keys to join on) for pandas, R and
 * spreadsheets, or as GDELT Global Knowledge Graph 2.1 and Events 2.0
 * tab-separated rows. The column lists and what fills each column are in
 * the man page (parallax export). */
#ifndef PARALLAX_EXPORT_H
#define PARALLAX_EXPORT_H

#include "core.h"
#include "store.h"

typedef enum px_export_format {
    PX_EXPORT_JSONL = 1, /* the stored records, one per line */
    PX_EXPORT_CSV,       /* RFC 4180 tables: articles, entities, mentions, … */
    PX_EXPORT_GKG,       /* GDELT GKG 2.1: one row per article, 27 columns */
    PX_EXPORT_EVENTS     /* GDELT Events 2.0: one row per coded event, 61 columns */
} px_export_format;

/* Receives the output in pieces, in order, each for one table (a name of
 * px_export_tables). Returns 0 to go on, non-zero to stop (px_export then
 * returns PX_EIO). */
typedef int (*px_export_sink)(void *ud, const char *table, const uint8_t *p, size_t n);

typedef struct px_export_opts {
    px_export_format format;
    /* A story id or unambiguous prefix (its articles in the saved order), or
     * NULL for every stored article (by date, undated last, then id). */
    const char *story;
    /* A topic id or unambiguous prefix (parallax topics): its articles by
     * date, undated last, then store order; NULL: no topic. Not with story
     * (PX_EINVAL). */
    const char *topic;
    /* gkg and events: a first line of GDELT column names (GDELT's own files
     * have none). CSV tables always have a header row; JSON Lines never. */
    int header;
} px_export_opts;

typedef struct px_export_stats {
    size_t articles; /* exported */
    size_t skipped;  /* stored records that could not be read (left out) */
    size_t rows;     /* data rows written over all tables (jsonl: records) */
} px_export_stats;

/* The names of the tables format f writes, in order ("articles", "entities",
 * "mentions", "timexes", "counts", "quotes", "events", "labels", "techniques"
 * for CSV; one of "records", "gkg", "events" otherwise); *n gets their number.
 * Static strings; NULL for an unknown format. */
PX_API const char *const *px_export_tables(px_export_format f, size_t *n);

/* The format named name ("jsonl", "csv", "gkg", "events"), or 0. */
PX_API px_export_format px_export_format_named(const char *name);

/* Writes the articles opts selects from s in opts->format through sink. Every
 * table of the format is given its header (when it has one) before any row,
 * so that an empty table still comes out as a file. Output is byte-identical
 * for the same store and options. stats (may be NULL) gets the figures. On
 * failure px_store_errmsg(s) says why. Returns PX_OK, PX_EINVAL (bad options,
 * ambiguous story prefix), PX_ENOTFOUND (no such story), PX_EUNSUPPORTED (a
 * topic), PX_ENOMEM, PX_EDB, PX_EIO (the sink refused). */
PX_NODISCARD PX_API px_status px_export(
    px_store *s, const px_export_opts *opts, px_export_sink sink, void *ud, px_export_stats *stats);

#endif
