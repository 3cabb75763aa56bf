/* parallax compare: how the outlets of one story report it (parallax.story/1). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char COMPARE_USAGE[] =
    "usage: parallax compare [--db STORE] [--json | --labels] [--outlets A,B]\n"
    "                        [--outlets-file F [--leaning L]] STORY\n"
    "       parallax compare [--db STORE] [--json] [--outlets A,B] --topic TOPIC\n"
    "\n"
    "Compares the articles of STORY (an id from parallax stories, or a unique\n"
    "prefix of one): the counts each outlet reports and whether they agree or\n"
    "contradict, what each outlet leaves out (silent), who said a quote first and\n"
    "how later articles changed it, the entities each names, the words each\n"
    "prefers (log-odds z-scores against the whole store), a timeline, and the\n"
    "coded events aligned across outlets (agree, roles reversed, action differs,\n"
    "single, and who is silent).\n"
    "Copies count once, through their original. Reads the grouping saved by\n"
    "parallax stories (a warning says when articles were added since).\n"
    "With --topic, compares a topic (an id from parallax topics): per outlet, the\n"
    "topic's stories it covered and skipped, and per month its articles, tone,\n"
    "event counts by CAMEO root and mean Goldstein; per concept, the labels each\n"
    "outlet chose, with dates (parallax.topic/1).\n"
    "\n"
    "options:\n"
    "  --db STORE      a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "                  else ./parallax.db)\n"
    "  --json          print parallax.story/1 as one line of JSON\n"
    "  --labels        print the labels matrix: concepts x outlets, the words each\n"
    "                  outlet uses for each concept with counts (docs/labels.md)\n"
    "  --outlets A,B   compare only these outlets\n"
    "  --outlets-file F  a TSV of outlets (name, aliases, hosts, country, leaning):\n"
    "                  show the story's coverage by leaning (articles and outlets\n"
    "                  per leaning of the file, the silent leanings, the outlets\n"
    "                  it does not rate), over the whole story\n"
    "  --leaning L     compare only the outlets the file gives leaning L (case\n"
    "                  ignored; needs --outlets-file)\n"
    "  --topic TOPIC   compare a topic instead of a story\n"
    "  -h, --help      show this help\n"
    "\n"
    "Exit status: 0 ok (also for a story with one outlet), 1 no such story or\n"
    "an error, 2 usage.\n";

enum { OPT_DB = 256, OPT_JSON, OPT_OUTLETS, OPT_LABELS, OPT_TOPIC, OPT_OUTLETS_FILE, OPT_LEANING };

int px_cmd_compare(px_cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"json", no_argument, NULL, OPT_JSON},
        {"labels", no_argument, NULL, OPT_LABELS},
        {"outlets", required_argument, NULL, OPT_OUTLETS},
        {"topic", required_argument, NULL, OPT_TOPIC},
        {"outlets-file", required_argument, NULL, OPT_OUTLETS_FILE},
        {"leaning", required_argument, NULL, OPT_LEANING},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db = px_cli_default_db(), *outlets = NULL, *topic = NULL, *leaning = NULL;
    const char *outlets_file = NULL;
    int json = 0, labels = 0, o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_LABELS:
            labels = 1;
            break;
        case OPT_OUTLETS:
            outlets = optarg;
            break;
        case OPT_TOPIC:
            topic = optarg;
            break;
        case OPT_OUTLETS_FILE:
            outlets_file = optarg;
            break;
        case OPT_LEANING:
            leaning = optarg;
            break;
        case 'h':
            fputs(COMPARE_USAGE, stdout);
            return PX_EXIT_OK;
        default:
            fputs(COMPARE_USAGE, stderr);
            return PX_EXIT_USAGE;
        }
    }
    if (json && labels) {
        px_cli_error(c, "compare: --json and --labels do not go together (the JSON has labels)");
        return PX_EXIT_USAGE;
    }
    if (topic && labels) {
        px_cli_error(c, "compare: --labels is for a story, not a --topic");
        return PX_EXIT_USAGE;
    }
    if ((outlets_file || leaning) && (topic || labels)) {
        px_cli_error(c, "compare: --outlets-file and --leaning are for a story (text or --json),"
                        " not --topic or --labels");
        return PX_EXIT_USAGE;
    }
    if (leaning && !outlets_file) {
        px_cli_error(c, "compare: --leaning needs --outlets-file (the file gives the leanings)");
        return PX_EXIT_USAGE;
    }
    if (topic ? optind != argc : optind + 1 != argc) {
        px_cli_error(c, topic ? "compare: give --topic or a story, not both"
                              : "compare: give one story id (see parallax stories)");
        fputs(COMPARE_USAGE, stderr);
        return PX_EXIT_USAGE;
    }
    if (outlets_file && px_cli_outlets_file(c, outlets_file))
        return PX_EXIT_ERR;
    px_store *s;
    int code = px_cli_open_store(c, db, &s);
    if (code)
        return code;
    px_buf b;
    px_buf_init(&b, 0);
    px_cli_warn_stale(c, s);
    px_status e =
        topic ? px_compare_topic(s, topic, outlets, json, &b)
        : labels
            ? px_compare_labels(s, argv[optind], outlets, &b)
            : px_compare_ex(s, argv[optind],
                            &(px_compare_opts){outlets, outlets_file ? c->outlets : NULL, leaning},
                            json, &b);
    if (e) {
        px_cli_error(c, "compare: %s", px_store_errmsg(s));
        code = PX_EXIT_ERR;
    } else {
        fwrite(b.ptr, 1, b.len, stdout);
        if (json)
            fputc('\n', stdout);
    }
    px_buf_free(&b);
    if (px_store_close(s) != PX_OK) {
        px_cli_error(c, "cannot close the store");
        code = PX_EXIT_ERR;
    }
    if (fflush(stdout) != 0)
        code = PX_EXIT_ERR;
    return code;
}
