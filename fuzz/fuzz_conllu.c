/* Fuzz target: the CoNLL-U reader (sentence blocks, line checks), then the
 * tagger, parser and lemmatizer over every sentence it accepts, and the
 * writer. Every parse must be a tree: one root, heads in range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/annotate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_syn_model *model;
static px_syn_work work;

static void cleanup(void)
{
    px__syn_model_free(model);
    px__syn_work_free(&work);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model) {
        char err[PX_ERRMSG_SIZE];
        if (px__syn_model_load_default(px_data_dir_default(), &model, err))
            abort();
        atexit(cleanup);
    }
    px_conllu_sent s = {0};
    px_buf out;
    px_buf_init(&out, 0);
    size_t pos = 0, line = 1, len, first;
    const uint8_t *block;
    char err[PX_ERRMSG_SIZE];
    while (px__conllu_next_block(data, size, &pos, &line, &block, &len, &first)) {
        px_status st = px__conllu_parse(&s, block, len, first, err);
        if (st == PX_EPARSE)
            continue;
        if (st || px__syn_fill(model, &work, &s))
            abort();
        size_t roots = 0;
        for (size_t i = 0; i < s.n; i++) {
            if (s.w[i].head < 0 || s.w[i].head > (int32_t)s.n)
                abort();
            roots += s.w[i].head == 0;
        }
        if (roots != 1)
            abort();
        px_buf_reset(&out);
        if (px__conllu_write(&s, &out))
            abort();
    }
    px_buf_free(&out);
    px__conllu_sent_free(&s);
    return 0;
}
