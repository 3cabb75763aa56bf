/* parallax: what a run split over many processes or machines needs: the shard
 * of an article, known before it is analysed, and record files written whole
 * (zstd-compressed when named so) and read back (decompressed by magic). */
#ifndef PARALLAX_SHARD_H
#define PARALLAX_SHARD_H

#include "core.h"
#include "doc.h"

/* The record id px_doc_new gives article a (px_doc_id), computed without
 * analysing it: a hash of the outlet and the body text, both NFC. id receives
 * 16 lowercase hex digits and a NUL. Returns PX_OK, PX_ENOMEM, or PX_EINVAL
 * (the text or the outlet is not valid UTF-8: px_doc_new rejects it too). */
PX_NODISCARD PX_API px_status px_article_id(const px_article *a, char id[17]);

/* Appends the "id" of a parallax.article/1 record (one JSON object) to id and
 * NUL-terminates it (not counted in id->len). Returns PX_OK, PX_ENOMEM or
 * PX_EPARSE (not such a record; errmsg, PX_ERRMSG_SIZE bytes, may be NULL,
 * says why). */
PX_NODISCARD PX_API px_status px_record_id(px_slice json, px_buf *id, char *errmsg);

/* The shard (0 … n-1) of the record id among n: a fixed hash of the id, so that
 * an article lands in the same shard whatever the file, its place in it, or
 * the machine. 0 when n < 2. */
PX_API uint32_t px_shard_of(const char *id, uint32_t n);

/* An output file that appears whole or not at all: bytes go to a temporary
 * file beside path (path.tmp-PID-…) that px_ofile_commit flushes, syncs and
 * renames to path; px_ofile_abort removes it. A path ending in ".zst" is
 * written as zstd (level 3); anything else as given. A path that exists and
 * is not a regular file (/dev/null, a FIFO) is written in place. "-" is
 * standard output (written as it comes; commit only flushes). */
typedef struct px_ofile px_ofile;

PX_NODISCARD PX_API px_status px_ofile_open(px_ofile **out, const char *path, char *errmsg);
/* Returns PX_OK, PX_ENOMEM or PX_EIO (with a message for px_ofile_errmsg). */
PX_NODISCARD PX_API px_status px_ofile_write(px_ofile *f, const void *p, size_t n);
/* Finishes the file and frees f. Returns PX_OK, or PX_EIO with errmsg set
 * (the temporary file is removed then). */
PX_NODISCARD PX_API px_status px_ofile_commit(px_ofile *f, char *errmsg);
/* Removes the temporary file and frees f (NULL is a no-op). */
PX_API void px_ofile_abort(px_ofile *f);
PX_API const char *px_ofile_errmsg(const px_ofile *f);

/* Lines of a file or standard input ("-"), gzip or zstd decompressed when the
 * bytes say so. */
typedef struct px_lines px_lines;

/* max_line caps one line (0: 64 MiB). Returns PX_OK, PX_ENOMEM, PX_EIO. */
PX_NODISCARD PX_API px_status px_lines_open(px_lines **out,
                                            const char *path,
                                            size_t max_line,
                                            char *errmsg);
/* Sets *line to the next line without its newline (borrowed until the next
 * call) and *got to 1, or *got to 0 at the end. A line longer than max_line is
 * skipped to its end and gives PX_ETOOBIG (*got 1, *line empty): read on.
 * Returns PX_OK, PX_ETOOBIG, PX_ENOMEM, PX_EIO or PX_EPARSE (corrupt
 * compressed data; the rest of the input is lost) with errmsg set. */
PX_NODISCARD PX_API px_status px_lines_next(px_lines *l, px_slice *line, int *got, char *errmsg);
/* 1-based number of the line last returned; bytes read so far (decompressed). */
PX_API size_t px_lines_lineno(const px_lines *l);
PX_API unsigned long long px_lines_bytes(const px_lines *l);
/* "gzip", "zstd" or NULL. */
PX_API const char *px_lines_codec(const px_lines *l);
PX_API void px_lines_close(px_lines *l);

#endif
