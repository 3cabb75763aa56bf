/* train_ner: trains the entity tagger's model (data/models/ner.bin).
 *
 *   train_ner [-e EPOCHS] [-f MAXFEATS] [-s SEED] [-d DEV.tsv] [-g DATADIR] [-c CLASSES.tsv]
 *             -o OUT TRAIN.tsv...
 *
 * -g DATADIR: gazetteer features from DATADIR/gazetteer and DATADIR/actors (the
 * library then marks the same words at run time).
 * -c CLASSES.tsv: word-class features (data/word_classes/en-256.tsv; the
 * library then reads that file of its data folder at run time).
 *
 * Build and run: see data/README.md. Deterministic: same inputs and options give
 * the same bytes. Progress (and dev F1 per epoch with -d) goes to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/entity.h"
#include "ner_train.h"

static void mark(const void *ud, const px_token *toks, size_t n, uint32_t *bits)
{
    px__gaz_mark(ud, toks, n, bits);
}

int main(int argc, char **argv)
{
    px_ner_train_opts o = {.epochs = 10, .max_feats = 80000, .seed = 1, .log = stderr};
    const char *out = NULL, *dev = NULL, *gdir = NULL, *cpath = NULL;
    const char *files[16];
    size_t nf = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-e") && i + 1 < argc)
            o.epochs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-f") && i + 1 < argc)
            o.max_feats = (size_t)strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            o.seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-d") && i + 1 < argc)
            dev = argv[++i];
        else if (!strcmp(argv[i], "-g") && i + 1 < argc)
            gdir = argv[++i];
        else if (!strcmp(argv[i], "-H"))
            o.history = 1;
        else if (!strcmp(argv[i], "-c") && i + 1 < argc)
            cpath = argv[++i];
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] != '-' && nf < 16)
            files[nf++] = argv[i];
        else {
            fprintf(stderr, "usage: train_ner [-e EPOCHS] [-f MAXFEATS] [-s SEED] [-d DEV] "
                            "[-g DATADIR] [-c CLASSES] -o OUT TRAIN...\n");
            return 2;
        }
    }
    if (!out || !nf) {
        fprintf(stderr, "train_ner: need -o OUT and at least one training file\n");
        return 2;
    }
    char err[PX_ERRMSG_SIZE] = "";
    px_folder *f;
    px_gaz *g = NULL;
    px_ner_classes *cls = NULL;
    px_status st = px__folder_new(&f, err);
    if (!st && cpath && !(st = px__ner_classes_load(cpath, &cls, err)))
        o.classes = cls;
    if (!st && gdir && !(st = px__gaz_load(f, gdir, 1, &g, err))) {
        o.mark = mark;
        o.mark_ud = g;
    }
    if (!st)
        st = px__ner_train(f, files, nf, dev, out, &o, err);
    px__gaz_free(g);
    px__ner_classes_free(cls);
    if (st) {
        fprintf(stderr, "train_ner: %s (%s)\n", err, px_strerror(st));
        return 1;
    }
    px__folder_free(f);
    return 0;
}
