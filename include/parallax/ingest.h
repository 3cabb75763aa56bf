/* parallax: reading inputs (files, directories, stdin; plain text and JSON Lines,
 * gzip- or zstd-compressed) into articles. */
#ifndef PARALLAX_INGEST_H
#define PARALLAX_INGEST_H

#include "core.h"
#include "doc.h"

/* A diagnostic about one input: an error (the input or record was skipped) or a
 * warning (it was kept, repaired). offset is a byte offset in the (decompressed)
 * input, or -1 when none applies. All pointers are valid during the callback. */
typedef struct px_diag {
    const char *path;
    long long offset;
    px_status status;
    int is_error;
    const char *msg;
    /* "gzip" or "zstd" when the input is compressed (offset is then in the
     * decompressed stream), else NULL. */
    const char *codec;
} px_diag;

typedef void (*px_diag_fn)(void *ud, const px_diag *d);

typedef struct px_reader_options {
    /* Cap on one article, 0: 16 MiB. It holds both for the bytes read (a text
     * or HTML file, one JSON Lines record, one WARC record) and for the text
     * handed out, after conversion to UTF-8 and repair (which can make it up to
     * three times larger): an article over either is skipped with an error. */
    size_t max_bytes;
    px_diag_fn diag; /* may be NULL */
    void *diag_ud;
} px_reader_options;

typedef struct px_reader px_reader;

/* An outlets table: one outlet per line of a TSV file, tab-separated
 *   name  aliases (comma-separated)  URL hosts (comma-separated)  country  leaning
 * (trailing columns may be missing; '#' lines, blank lines and a first line
 * starting "name<TAB>" are skipped). Bad lines are reported through diag (may
 * be NULL) with their byte offset and skipped. Returns PX_OK, PX_EIO (cannot
 * open or read), PX_ENOMEM, PX_EINVAL. */
typedef struct px_outlets px_outlets;
typedef struct px_outlet_info {
    const char *name;    /* the canonical name */
    const char *country; /* as the file gives it, or NULL */
    const char *leaning; /* as the file gives it ("left", "center"...), or NULL */
} px_outlet_info;
PX_NODISCARD PX_API px_status px_outlets_load(const char *path,
                                              px_outlets **out,
                                              px_diag_fn diag,
                                              void *ud);
PX_API void px_outlets_free(px_outlets *o);
PX_API size_t px_outlets_count(const px_outlets *o);
/* The i-th outlet of the table, in file order: fills *info (strings owned by o)
 * and returns 1, or returns 0 when i >= px_outlets_count(o). */
PX_API int px_outlets_get(const px_outlets *o, size_t i, px_outlet_info *info);
/* The table's outlet for an article: by its outlet name or an alias (letters and
 * digits compared, case and spaces ignored: "TheHill" = "The Hill"), else by the
 * host of url or of the outlet (a domain) or a parent domain of it. Fills
 * *info (strings owned by o) and returns 1, or returns 0. */
PX_API int
px_outlets_find(const px_outlets *o, px_slice outlet, px_slice url, px_outlet_info *info);

/* Creates a reader over paths (borrowed; "-" is standard input). Directories are
 * walked recursively in byte order of names. Returns PX_OK, PX_ENOMEM, PX_EINVAL. */
PX_NODISCARD PX_API px_status px_reader_new(px_reader **out,
                                            const px_reader_options *opt,
                                            char *const *paths,
                                            size_t npaths);
PX_API void px_reader_free(px_reader *r);

/* Reads the next article into *out (slices valid until the next call) and sets
 * *got to 1, or sets *got to 0 at the end. Bad inputs are reported through the
 * diag callback and skipped. Returns PX_OK, or PX_ENOMEM. */
PX_NODISCARD PX_API px_status px_reader_next(px_reader *r, px_article *out, int *got);

/* Counts so far: inputs opened, bytes read (decompressed), errors and warnings. */
typedef struct px_reader_stats {
    size_t files;
    unsigned long long bytes;
    size_t errors;
    size_t warnings;
    size_t articles;
} px_reader_stats;
PX_API px_reader_stats px_reader_get_stats(const px_reader *r);

#endif
