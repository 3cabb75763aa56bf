/* parallax tag --conll [FILE]: the entity tagger over CoNLL token columns. */
#include <string.h>

#include "cli.h"
#include "parallax/tag.h"

int px_cmd_tag(px_cli *c, int argc, char **argv);

int px_cmd_tag(px_cli *c, int argc, char **argv)
{
    const char *path = NULL;
    int conll = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--conll"))
            conll = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs("usage: parallax tag --conll [FILE]\n\nTags tokens (first column of each "
                  "line; blank lines between sentences) with\nIOB2 entity tags (PER, ORG, LOC, "
                  "MISC); prints token<TAB>tag lines. Reads stdin\nwhen FILE is absent or -.\n",
                  stdout);
            return PX_EXIT_OK;
        } else if (!path && (argv[i][0] != '-' || !strcmp(argv[i], "-")))
            path = argv[i];
        else {
            px_cli_error(c, "tag: unknown argument '%s'", argv[i]);
            return PX_EXIT_USAGE;
        }
    }
    if (!conll) {
        px_cli_error(c, "tag: only --conll input is supported (parallax tag --conll [FILE])");
        return PX_EXIT_USAGE;
    }
    FILE *in = stdin;
    if (path && strcmp(path, "-") && !(in = fopen(path, "rb"))) {
        px_cli_error(c, "tag: cannot open %s", path);
        return PX_EXIT_ERR;
    }
    char err[PX_ERRMSG_SIZE] = "";
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1, .data_dir = px_cli_data_dir()};
    px_status st = px_engine_new(&e, &eo, err);
    if (!st)
        st = px_tag_conll(e, in, stdout, err);
    px_engine_free(e);
    if (in != stdin)
        fclose(in);
    if (st) {
        px_cli_error(c, "tag: %s", err);
        return PX_EXIT_ERR;
    }
    return PX_EXIT_OK;
}
