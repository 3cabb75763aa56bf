/* parallax eval syntax [FILE]: tagger, lemmatizer and parser on a CoNLL-U
 * treebank with gold words (../shared/data/syntax/README.md): UPOS, XPOS and
 * lemma accuracy, UAS and LAS over all words, punctuation included; LAS
 * compares the universal part of DEPREL (LAS-full the whole relation). */
#include <string.h>

#include "annotate/annotate.h"
#include "eval/eval.h"

#ifndef PX_DATA_DIR
#define PX_DATA_DIR "data"
#endif
#define DEV PX_DATA_DIR "/../../shared/data/syntax/en_ewt-ud-dev.conllu.gz"

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static int run(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    if (argc > 2) {
        fprintf(err, "usage: parallax eval syntax [FILE.conllu[.gz]]\n");
        return 2;
    }
    const char *path = argc == 2 ? argv[1] : DEV;
    char msg[PX_ERRMSG_SIZE] = "";
    uint8_t *buf = NULL;
    size_t len = 0;
    px_syn_model *m = NULL;
    px_status st = px__syn_read_file(path, &buf, &len, msg);
    if (!st)
        st = px__syn_model_load_default(data_dir ? data_dir : px_data_dir_default(), &m, msg);
    if (st) {
        fprintf(err, "parallax: eval syntax: %s\n", msg);
        px__free(buf);
        return 1;
    }
    px_syn_work w;
    memset(&w, 0, sizeof w);
    px_conllu_sent s;
    memset(&s, 0, sizeof s);
    px_syn_counts c;
    memset(&c, 0, sizeof c);
    size_t pos = 0, line = 1, bad = 0, first, blen;
    const uint8_t *block;
    while (!st && px__conllu_next_block(buf, len, &pos, &line, &block, &blen, &first)) {
        px_status e = px__conllu_parse(&s, block, blen, first, msg);
        if (e == PX_EPARSE) {
            fprintf(err, "parallax: eval syntax: %s: %s (sentence skipped)\n", path, msg);
            bad++;
            continue;
        }
        st = e ? e : px__syn_score_sent(m, &w, &s, &c);
    }
    px__conllu_sent_free(&s);
    px__syn_work_free(&w);
    px__syn_model_free(m);
    px__free(buf);
    if (st) {
        fprintf(err, "parallax: eval syntax: %s\n", px_strerror(st));
        return 1;
    }
    fprintf(out, "syntax %s: %zu sentences, %zu words (gold words, punctuation included)\n", path,
            c.sents, c.words);
    fprintf(out,
            "UPOS     %.4f\nXPOS     %.4f\nlemma    %.4f\nUAS      %.4f\nLAS      %.4f\n"
            "LAS-full %.4f\n",
            ratio(c.upos, c.words), ratio(c.xpos, c.words), ratio(c.lemma, c.words),
            ratio(c.uas, c.words), ratio(c.las, c.words), ratio(c.las_full, c.words));
    return bad ? 1 : 0;
}

const px_eval_task px__eval_syntax = {
    "syntax", "tagger, lemmas, parser on CoNLL-U: UPOS, XPOS, lemma, UAS, LAS", run};
