/* parallax: the entity tagger on its own, for reproducible evaluation. */
#ifndef PARALLAX_TAG_H
#define PARALLAX_TAG_H

#include <stdio.h>

#include "core.h"
#include "doc.h"

/* Reads CoNLL from in (one token per line, first tab- or space-separated
 * column; a blank line between sentences; "-DOCSTART-" lines) and writes
 * "token<TAB>tag" lines with IOB2 tags (O, B-/I- PER, ORG, LOC, MISC), one per
 * token, blank lines between sentences and "-DOCSTART-<TAB>O" lines kept, to
 * out. Tokens are tagged by e's entity model. Returns PX_OK, PX_EIO (reading or
 * writing failed), PX_ENOMEM, PX_EINVAL (NULL argument); errmsg (PX_ERRMSG_SIZE bytes, may
 * be NULL) then says why. */
PX_NODISCARD PX_API px_status px_tag_conll(px_engine *e, FILE *in, FILE *out, char *errmsg);

#endif
