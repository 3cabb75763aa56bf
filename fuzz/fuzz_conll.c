/* Fuzz target: the CoNLL reader and the entity tagger over whatever it reads
 * (px_tag_conll's path: folding, features, Viterbi), output to /dev/null. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "annotate/entity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_engine *engine;
static FILE *sink;

static void cleanup(void)
{
    px_engine_free(engine);
    if (sink)
        fclose(sink);
}

static int count(void *ud, const px_conll_sent *s)
{
    *(size_t *)ud += s->n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) {
        px_engine_options eo = {.no_langid = 1};
        if (px_engine_new(&engine, &eo, NULL))
            abort();
        sink = fopen("/dev/null", "w");
        atexit(cleanup);
    }
    size_t words = 0;
    if (px__conll_read(data, size, count, &words))
        abort();
    px_ner_score sc = {0};
    char err[PX_ERRMSG_SIZE];
    if (px__tag_conll_buf(engine, data, size, sink, &sc, err))
        abort();
    if (sc.tokens != words)
        abort();
    return 0;
}
