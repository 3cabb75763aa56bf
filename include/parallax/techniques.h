/* parallax: persuasion techniques on given spans (the technique-classification
 * setting of SemEval-2020 Task 11), for `parallax techniques --spans`. */
#ifndef PARALLAX_TECHNIQUES_H
#define PARALLAX_TECHNIQUES_H

#include "core.h"
#include "error.h"

/* The span classifier with its parse: loaded once, used by one thread at a
 * time. */
typedef struct px_techniques px_techniques;

/* Loads the model (data_dir/models/techniques.bin; data_dir NULL: the
 * compiled-in px_data_dir_default()) and the parser. Returns PX_OK, PX_EIO,
 * PX_EPARSE, PX_ENOMEM; errmsg (PX_ERRMSG_SIZE bytes, may be NULL) then says
 * why. */
PX_NODISCARD PX_API px_status px_techniques_new(px_techniques **out,
                                                const char *data_dir,
                                                char *errmsg);
PX_API void px_techniques_free(px_techniques *t);

/* Reads one input line, a JSON object {"id", "text", "spans": [[s, e], ...]}
 * (UTF-8 byte offsets into text, end exclusive), and appends one output line
 * {"id", "spans": [{"span": [s, e], "technique", "score"}, ...]} with a
 * newline to out. The r-th copy of the same span is given its r-th most
 * likely technique. The line is borrowed. Returns PX_OK; PX_EPARSE when the
 * line is not such an object, its text is not valid UTF-8, or a span is not a
 * pair of offsets with start < end <= the text's length, both on character
 * boundaries (nothing is appended; errmsg names the span and byte offset);
 * PX_ENOMEM. */
PX_NODISCARD PX_API px_status
px_techniques_line(px_techniques *t, const uint8_t *line, size_t len, px_buf *out, char *errmsg);

#endif
