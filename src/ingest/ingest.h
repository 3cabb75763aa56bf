/* Internal pieces of ingest shared by the reader and the format parsers. */
#ifndef PX_INGEST_INGEST_H
#define PX_INGEST_INGEST_H

#include "parallax/parallax.h"
#include "text/text.h"

/* meta.c: returns 1 when s is a real calendar date YYYY-MM-DD, optionally
 * followed by a time ("T…" or " …"); *date is then the 10-byte date part. */
int px__parse_date(px_slice s, px_slice *date);
/* meta.c: 1 when p[0..n) equals lit (lower-case ASCII), ignoring ASCII case. */
int px__ascii_ieq(const uint8_t *p, size_t n, const char *lit);
/* meta.c: 1 when p[0..n) starts with lit (lower-case ASCII), ignoring ASCII case. */
int px__ascii_prefix_ci(const uint8_t *p, size_t n, const char *lit);
/* meta.c: the host of an http(s) URL without a leading "www.", or the null slice. */
px_slice px__url_host(px_slice url);

/* text.c: splits a plain-text article (valid UTF-8) into header fields, title
 * and body per SCHEMA.md "Input records". Slices point into file. warn(ud, off,
 * msg) reports a recoverable problem (a bad date header). */
typedef void (*px_warn_fn)(void *ud, size_t off, const char *msg);
void px__parse_text(px_slice file, px_article *a, px_warn_fn warn, void *ud);

#endif
