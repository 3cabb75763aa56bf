/* Fuzz target: the JSON Lines input of `parallax tone --targets` (JSON, the
 * text's UTF-8, target and "also" spans). Every accepted span lies inside the
 * text, is not empty and does not split a UTF-8 character. */
#include <stdint.h>
#include <stdlib.h>

#include "annotate/tone/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int boundary(px_slice t, uint32_t at)
{
    return at == t.len || (at < t.len && (t.ptr[at] & 0xC0) != 0x80);
}

static void check(px_slice t, px_span s)
{
    if (s.start >= s.end || s.end > t.len || !boundary(t, s.start) || !boundary(t, s.end))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    px_arena *a = px__arena_new(4096, 1 << 24);
    if (!a)
        return 0;
    px_tone_input in;
    char msg[PX_ERRMSG_SIZE];
    if (px__tone_input_parse((px_slice){data, size}, a, &in, msg) == PX_OK) {
        if (px__utf8_valid_prefix(in.text.ptr, in.text.len) != in.text.len)
            abort();
        for (size_t i = 0; i < in.n_targets; i++) {
            check(in.text, in.targets[i].span);
            for (size_t j = 0; j < in.targets[i].n_also; j++)
                check(in.text, in.targets[i].also[j]);
        }
    }
    px__arena_free(a);
    return 0;
}
