/* The input of `parallax tone --targets` and of the NewsMTSC files (docs/tone.md):
 * one JSON object per line, {"id", "text", "targets": [{"span": [s, e],
 * "polarity"?, "also"?: [[s, e], ...]}]}, offsets in UTF-8 bytes of text.
 * Internal (not installed). */
#ifndef PX_ANNOTATE_TONE_INPUT_H
#define PX_ANNOTATE_TONE_INPUT_H

#include "annotate/annotate.h"

typedef struct px_tone_in_target {
    px_span span;
    px_span *also; /* further mentions; spans checked like span */
    uint32_t n_also;
    int8_t gold; /* enum px_tone_pol, or PX_TONE_NOGOLD */
} px_tone_in_target;

#define PX_TONE_NOGOLD ((int8_t)-128)

typedef struct px_tone_input {
    px_slice id_json; /* the "id" value as JSON (a string or a number), "null" when absent */
    px_slice text;
    px_tone_in_target *targets;
    size_t n_targets;
} px_tone_input;

/* Parses one line (JSON object) into *in, allocating in a (slices
 * NUL-terminated). Fails with PX_EPARSE and a message in errmsg
 * (PX_ERRMSG_SIZE bytes) when the line is not a JSON object, has no "text"
 * string, the text is not valid UTF-8, "targets" is not an array of objects
 * with a "span" of two whole numbers, or a span or an "also" span is empty,
 * reversed, outside the text, or starts or ends inside a UTF-8 character.
 * "targets" may be absent (document tone only). Returns PX_OK, PX_EPARSE or
 * PX_ENOMEM. */
px_status px__tone_input_parse(px_slice line, px_arena *a, px_tone_input *in, char *errmsg);

#endif
