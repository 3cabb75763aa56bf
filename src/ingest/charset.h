/* Character sets: detection and conversion to UTF-8 (ICU). */
#ifndef PX_INGEST_CHARSET_H
#define PX_INGEST_CHARSET_H

#include "parallax/parallax.h"
#include "text/text.h"

/* Converts raw bytes to UTF-8 into out (replacing out's contents). The charset
 * is, in order: a byte order mark; valid UTF-8 as it stands (pages that
 * declare ISO-8859-1 but are UTF-8 are common); declared (an HTTP
 * Content-Type charset, may be NULL/empty); for HTML (is_html) a <meta
 * charset> or http-equiv in the first 4 KiB; else ICU's detector. ISO-8859-1
 * and US-ASCII are read as windows-1252, as browsers do. *used (may be NULL)
 * gets a static name of the charset used. Invalid sequences become U+FFFD.
 * Returns PX_OK, PX_ENOMEM or PX_ETOOBIG. */
px_status px__charset_to_utf8(px_slice raw,
                              const char *declared,
                              size_t declared_len,
                              int is_html,
                              px_buf *out,
                              const char **used);

/* The charset parameter of a Content-Type value ("text/html; charset=x"), or null. */
px_slice px__charset_param(px_slice content_type);

/* Undoes UTF-8 that was decoded as Windows-1252 (or Latin-1) and encoded
 * again ("CanÃ¢â‚¬â„¢t" for "Can’t"), in place in valid UTF-8 b, up to three
 * levels deep: a character U+00C2..U+00F4 followed by the characters of the
 * continuation bytes of one well-formed UTF-8 sequence becomes that sequence.
 * Returns the number of sequences undone (0: b unchanged). */
size_t px__charset_undo_double(px_buf *b);

#endif
