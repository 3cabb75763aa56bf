/* A byte stream over a file or standard input that decompresses gzip (every
 * member, as in .warc.gz) and zstd transparently, sniffed by magic bytes. */
#ifndef PX_INGEST_INPUT_H
#define PX_INGEST_INPUT_H

#include "parallax/parallax.h"
#include "text/text.h"

typedef struct px_input px_input;

/* Opens path ("-" is standard input). Returns PX_OK, PX_ENOMEM or PX_EIO with a
 * message in errmsg (256 bytes). */
px_status px__input_open(px_input **out, const char *path, char *errmsg);
/* Opens a stream over memory (borrowed until close), decompressed like a file. */
px_status px__input_open_mem(px_input **out, const uint8_t *data, size_t n);
/* Reads up to cap decompressed bytes; *got is 0 at the end. Returns PX_OK,
 * PX_EIO or PX_EPARSE (corrupt compressed data) with a message in errmsg. */
px_status px__input_read(px_input *in, uint8_t *dst, size_t cap, size_t *got, char *errmsg);
/* Whether the error px__input_read just returned was recovered from (a
 * corrupt gzip member skipped): reading goes on after it. */
int px__input_recovered(const px_input *in);
/* "gzip", "zstd" or NULL for plain bytes. */
const char *px__input_codec(const px_input *in);
void px__input_close(px_input *in);

#endif
