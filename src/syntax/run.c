/* Running the model over one sentence of words (tag, parse, lemmatize), over
 * CoNLL-U sentences (filling their columns), and scoring against gold. */
#include <string.h>

#include "syntax/syntax.h"

px_status px__syn_analyse(const px_syn_model *m,
                          px_syn_scratch *s,
                          const px_syn_word *w,
                          size_t n,
                          uint16_t *tags,
                          int32_t *head,
                          uint8_t *rel)
{
    px_status st = px__syn_prepare(s, &m->classes, w, n);
    if (st)
        return st;
    px__syn_tag(m, s, n, tags);
    /* Long sentences are parsed in chunks (linear time); each later chunk's
     * root hangs from the first chunk's root. */
    int32_t first_root = -1;
    for (size_t a = 0; a < n; a += PX_SYN_MAXW) {
        size_t len = n - a < PX_SYN_MAXW ? n - a : PX_SYN_MAXW;
        if (a > 0) {
            /* The word hashes of the chunk start at word a. */
            memmove(s->wh, s->wh + a * PX_SYN_WH, len * PX_SYN_WH * sizeof *s->wh);
        }
        px__syn_parse(m, s, len, tags + a, head + a, rel + a);
        for (size_t i = a; i < a + len; i++) {
            if (head[i] >= 0)
                head[i] += (int32_t)a;
            else if (first_root < 0)
                first_root = (int32_t)i;
            else {
                head[i] = first_root;
                int p = px__syn_rel_id(m, PX_SLICE_LIT("parataxis"));
                rel[i] = (uint8_t)(p >= 0 ? p : 0);
            }
        }
    }
    return PX_OK;
}
