/* parallax: sentiment toward given targets (`parallax tone --targets`). */
#ifndef PARALLAX_TONE_H
#define PARALLAX_TONE_H

#include "core.h"

typedef struct px_toner px_toner;

/* Loads what target tone needs: segmentation, the syntax model, the tone
 * lexicon and data/models/tone.bin, from data_dir (NULL: the compiled-in
 * px_data_dir_default()). On failure *out is NULL and errmsg (PX_ERRMSG_SIZE
 * bytes, may be NULL) says why. Returns PX_OK, PX_ENOMEM, PX_EIO (a data file
 * is missing) or PX_EPARSE (a data file is bad). Used by one thread at a time. */
PX_NODISCARD PX_API px_status px_toner_new(px_toner **out, const char *data_dir, char *errmsg);
PX_API void px_toner_free(px_toner *t);

/* Reads one input line, a JSON object {"id", "text", "targets": [{"span":
 * [s, e]}]} (UTF-8 byte offsets into text, end exclusive), and appends one
 * output object (no newline) to out: {"id", "tone": {tone, positive,
 * negative, polarity, activity, self_group, words}, "targets": [{"span",
 * "polarity", "score"}]}. A bad line (not a JSON object, no text, a text with
 * no sentences, a target outside the text or splitting a UTF-8 character)
 * appends nothing and returns PX_EPARSE with the reason in errmsg. Returns
 * PX_OK, PX_EINVAL (NULL argument), PX_EPARSE or PX_ENOMEM. */
PX_NODISCARD PX_API px_status px_toner_line(px_toner *t, px_slice line, px_buf *out, char *errmsg);

#endif
