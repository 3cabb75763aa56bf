/* parallax eval ner FILE: entity tagger precision, recall and F1 on a CoNLL
 * file (token<TAB>...<TAB>IOB2 tag), overall and per type, conlleval rules
 * (exact chunk match of type, start and end). */
#include <string.h>

#include "annotate/entity.h"
#include "eval/eval.h"

static int run(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    if (argc != 2) {
        fprintf(err, "usage: parallax eval ner FILE.tsv\n");
        return 2;
    }
    char msg[PX_ERRMSG_SIZE] = "";
    uint8_t *buf;
    size_t len;
    px_status st = px__ner_read_file(argv[1], &buf, &len, msg);
    if (st) {
        fprintf(err, "parallax: eval ner: %s\n", msg);
        return 1;
    }
    px_engine *e;
    px_engine_options eo = {.no_langid = 1, .data_dir = data_dir};
    st = px_engine_new(&e, &eo, msg);
    px_ner_score sc;
    memset(&sc, 0, sizeof sc);
    if (!st)
        st = px__tag_conll_buf(e, buf, len, NULL, &sc, msg);
    px_engine_free(e);
    px__free(buf);
    if (st) {
        fprintf(err, "parallax: eval ner: %s\n", msg);
        return 1;
    }
    static const char *const names[] = {"overall", "PER", "ORG", "LOC", "MISC"};
    fprintf(out, "ner %s: %zu tokens, accuracy %.4f\n", argv[1], sc.tokens,
            sc.tokens ? (double)sc.correct / (double)sc.tokens : 0.0);
    fprintf(out, "%-8s %9s %9s %9s %7s %7s\n", "type", "precision", "recall", "F1", "gold",
            "found");
    for (int k = 0; k < 5; k++) {
        double p, r, f;
        px__ner_score_prf(&sc, k, &p, &r, &f);
        fprintf(out, "%-8s %9.4f %9.4f %9.4f %7zu %7zu\n", names[k], p, r, f, sc.tp[k] + sc.fn[k],
                sc.tp[k] + sc.fp[k]);
    }
    return 0;
}

const px_eval_task px__eval_ner = {"ner", "entity tagger P/R/F1 on a CoNLL file (conlleval rules)",
                                   run};
