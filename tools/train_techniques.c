/* train_techniques: builds data/models/techniques.bin (the persuasion-technique
 * models, src/annotate/technique/) from the Propaganda Techniques Corpus and
 * the VADER and AFINN lexicons. Deterministic: the same inputs and options
 * give the same bytes.
 *
 *   train_techniques [-o OUT] [--set NAME=VALUE]... PTC.jsonl LEXICON_DIR
 *
 * Options are those of `parallax eval techniques --set` (the defaults are the
 * committed model's). */
#include <stdio.h>
#include <string.h>

#include "annotate/technique/technique.h"

int main(int argc, char **argv)
{
    const char *outp = "data/models/techniques.bin", *ptc = NULL, *lexdir = NULL;
    px_tec_opts o;
    px__tec_opts_default(&o);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            outp = argv[++i];
        else if (!strcmp(argv[i], "--set") && i + 1 < argc && px__tec_opts_set(&o, argv[i + 1]))
            i++;
        else if (argv[i][0] != '-' && !ptc)
            ptc = argv[i];
        else if (argv[i][0] != '-' && !lexdir)
            lexdir = argv[i];
        else {
            ptc = NULL;
            break;
        }
    }
    if (!ptc || !lexdir) {
        fprintf(stderr, "usage: train_techniques [-o OUT] [--set NAME=VALUE]... PTC.jsonl "
                        "LEXICON_DIR\n");
        return 2;
    }
    char msg[PX_ERRMSG_SIZE] = "";
    px_tec_lex lex;
    memset(&lex, 0, sizeof lex);
    px_engine *e = NULL;
    px_tec_corpus C;
    memset(&C, 0, sizeof C);
    px_tec_data tc, si;
    memset(&tc, 0, sizeof tc);
    memset(&si, 0, sizeof si);
    px_tec_model m;
    memset(&m, 0, sizeof m);
    px_status st = px__tec_lex_load(&lex, lexdir, msg);
    if (!st)
        st = px__tec_engine(&e, NULL, msg);
    if (!st)
        st = px__tec_corpus_load(e, ptc, NULL, &lex, &C, msg);
    if (!st)
        st = px__tec_corpus_examples(&C, &tc, &si);
    if (!st)
        st = px__tec_fit(&tc, &si, NULL, &lex, &o, &m, msg);
    if (!st) {
        FILE *f = fopen(outp, "wb");
        if (!f)
            st = px__fail(msg, PX_EIO, "cannot write %s", outp);
        else {
            st = px__tec_model_write(&m, f);
            if (fclose(f) && !st)
                st = px__fail(msg, PX_EIO, "cannot write %s", outp);
        }
    }
    if (!st)
        fprintf(stderr,
                "train_techniques: %zu articles, %zu TC spans, %zu tokens; %u TC, %u SI and %u "
                "BIO features, %u lexicon words -> %s\n",
                C.n, tc.n, si.n, m.tc.nfeat, m.si.nfeat, m.sq.nfeat, m.lex.n, outp);
    px__tec_lex_free(&m.lex);
    px__tec_table_free(&m.tc);
    px__tec_table_free(&m.si);
    px__tec_table_free(&m.sq);
    px__tec_table_free(&m.sx);
    px__tec_data_free(&tc);
    px__tec_data_free(&si);
    px__tec_corpus_free(&C);
    px_engine_free(e);
    px__tec_lex_free(&lex);
    if (st) {
        fprintf(stderr, "train_techniques: %s\n", *msg ? msg : px_strerror(st));
        return 1;
    }
    return 0;
}
