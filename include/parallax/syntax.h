/* parallax: the syntax layer on its own: part-of-speech tags, lemmas and a
 * dependency parse of given words (CoNLL-U in, CoNLL-U out). */
#ifndef PARALLAX_SYNTAX_H
#define PARALLAX_SYNTAX_H

#include <stdio.h>

#include "core.h"
#include "doc.h"
#include "ingest.h"

/* Reads CoNLL-U sentences from in (the FORM column is used; other columns may
 * be "_") and writes each one to out with UPOS, XPOS, LEMMA, HEAD and DEPREL
 * filled by e's syntax model; comments, multiword-token lines and empty nodes
 * pass through unchanged, FEATS, DEPS and MISC are kept. A malformed sentence
 * (wrong column count, non-numeric or out-of-sequence id, head out of range)
 * is reported once through diag (path is name, offset -1, the message starts
 * with "line N:"), counted in *nbad (may be NULL) and skipped; the rest goes
 * on. Returns PX_OK (even with skipped sentences), PX_EIO (reading or writing
 * failed, or data/models/syntax.bin is missing), PX_EPARSE (the model file is
 * bad), PX_ENOMEM, PX_EINVAL (NULL argument, or e was made with no_syntax or
 * no_analyses); errmsg (256 bytes, may be NULL) then says why. */
PX_NODISCARD PX_API px_status px_parse_conllu(px_engine *e,
                                              FILE *in,
                                              FILE *out,
                                              const char *name,
                                              px_diag_fn diag,
                                              void *diag_ud,
                                              size_t *nbad,
                                              char *errmsg);

#endif
