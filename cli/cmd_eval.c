/* parallax eval TASK [ARGS]: quality figures on labelled data. */
#include <string.h>

#include "cli.h"
#include "eval/px_eval.h"

int px_cmd_eval(px_cli *c, int argc, char **argv)
{
    (void)c;
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        FILE *f = argc < 2 ? stderr : stdout;
        fputs("usage: parallax eval TASK [ARGS]\n\nScores an analysis on labelled data "
              "(the dev sets under ../shared/data).\ntasks:\n",
              f);
        px_eval_list(f);
        return argc < 2 ? PX_EXIT_USAGE : PX_EXIT_OK;
    }
    return px_eval(argc - 1, argv + 1, stdout, stderr, px_cli_data_dir());
}
