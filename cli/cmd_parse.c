/* parallax parse: part-of-speech tags, lemmas and dependency parses as
 * CoNLL-U, of given words (--conllu) or of articles. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: parallax parse [--max-bytes N] [PATH...]\n"
    "       parallax parse --conllu [FILE|-]\n"
    "\n"
    "Prints CoNLL-U: for each sentence the words with UPOS, XPOS, LEMMA, HEAD and\n"
    "DEPREL (Universal Dependencies, English EWT model). Without --conllu, PATH is\n"
    "any input 'parallax annotate' reads (standard input by default); sentences are\n"
    "numbered '# sent_id = ARTICLE-ID-N' with their '# text'. With --conllu the\n"
    "words come from the FORM column of a CoNLL-U file (other columns may be _);\n"
    "comments, multiword-token lines and empty nodes are kept. A malformed\n"
    "sentence is reported with its line number and skipped (exit status 1).\n";

static int parse_conllu(px_cli *c, const char *path)
{
    FILE *in = stdin;
    if (path && strcmp(path, "-") && !(in = fopen(path, "rb"))) {
        px_cli_error(c, "parse: cannot open %s", path);
        return PX_EXIT_ERR;
    }
    char err[PX_ERRMSG_SIZE] = "";
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1, .data_dir = px_cli_data_dir()};
    size_t bad = 0;
    px_status st = px_engine_new(&e, &eo, err);
    if (!st)
        st = px_parse_conllu(e, in, stdout, path ? path : "-", px_cli_diag, c, &bad, err);
    px_engine_free(e);
    if (in != stdin)
        fclose(in);
    if (st) {
        px_cli_error(c, "parse: %s", err);
        return PX_EXIT_ERR;
    }
    return bad ? PX_EXIT_ERR : PX_EXIT_OK;
}

int px_cmd_parse(px_cli *c, int argc, char **argv)
{
    px_reader_options ropt = {.diag = px_cli_diag, .diag_ud = c};
    static const struct option opts[] = {{"conllu", no_argument, NULL, 'c'},
                                         {"max-bytes", required_argument, NULL, 'm'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int ch, conllu = 0;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'c':
            conllu = 1;
            break;
        case 'm':
            if (px_cli_parse_size(optarg, &ropt.max_bytes)) {
                px_cli_error(c, "parse: bad --max-bytes '%s'", optarg);
                return PX_EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(USAGE, stdout);
            return PX_EXIT_OK;
        default:
            fputs(USAGE, stderr);
            return PX_EXIT_USAGE;
        }
    }
    if (conllu) {
        if (argc - optind > 1) {
            fputs(USAGE, stderr);
            return PX_EXIT_USAGE;
        }
        return parse_conllu(c, optind < argc ? argv[optind] : NULL);
    }
    static char *const stdin_path[] = {"-"};
    char *const *paths = optind < argc ? argv + optind : stdin_path;
    size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;
    char errmsg[PX_ERRMSG_SIZE] = "";
    px_engine *e = NULL;
    px_reader *r = NULL;
    px_engine_options eopt = {.record_syntax = 1,
                              .data_dir =
                                  px_cli_data_dir()}; /* loads the model now: errors up front */
    if (px_engine_new(&e, &eopt, errmsg)) {
        px_cli_error(c, "%s", errmsg);
        return PX_EXIT_ERR;
    }
    if (px_reader_new(&r, &ropt, paths, npaths)) {
        px_engine_free(e);
        px_cli_error(c, "out of memory");
        return PX_EXIT_ERR;
    }
    px_buf out;
    px_buf_init(&out, 0);
    px_status st = PX_OK;
    for (;;) {
        px_article a;
        int got;
        if ((st = px_reader_next(r, &a, &got)) || !got)
            break;
        px_doc *d = NULL;
        px_status dst = px_doc_new(e, &a, &d);
        if (dst == PX_OK) {
            out.len = 0;
            dst = px_buf_appendf(&out, "# newdoc id = %s\n", px_doc_id(d));
            if (dst == PX_OK)
                dst = px_doc_write_conllu(d, &out);
            if (dst == PX_OK && fwrite(out.ptr, 1, out.len, stdout) != out.len)
                st = PX_EIO;
        }
        if (dst) {
            px_diag dg = {(const char *)a.source_path.ptr, -1, dst, 1, px_strerror(dst), NULL};
            px_cli_diag(c, &dg);
        }
        px_doc_free(d);
        if (st)
            break;
    }
    if (fflush(stdout) != 0)
        st = PX_EIO;
    if (st)
        px_cli_error(c, "parse: %s", px_strerror(st));
    px_buf_free(&out);
    px_reader_free(r);
    px_engine_free(e);
    return st || c->errors || c->warnings ? PX_EXIT_ERR : PX_EXIT_OK;
}
