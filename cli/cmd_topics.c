/* parallax topics: the long-running threads the stories belong to. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char TOPICS_USAGE[] =
    "usage: parallax topics [--db STORE] [--json] [--all]\n"
    "\n"
    "Lists the topics of the stored stories: long-running threads (a war and its\n"
    "anniversaries, a company's years of news) of stories that share terms and\n"
    "entities, with no time limit. parallax stories groups them with the stories\n"
    "and saves them; this command only reads (a warning says when articles were\n"
    "added since). Topic ids stay the same as stories are added.\n"
    "Prints topics of two or more stories, by first date: a header line\n"
    "ID  FIRST..LAST  N stories  N articles  N outlets  TITLE, then one indented\n"
    "line per story.\n"
    "\n"
    "options:\n"
    "  --db STORE  a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "              else ./parallax.db)\n"
    "  --json      one JSON object per topic: {id, title, dates, outlets, stories:\n"
    "              [ids], articles: [{id, outlet, date, title, duplicate_of, story}]}\n"
    "  --all       print single-story topics too\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 ok, 1 no stories grouped yet or an error, 2 usage.\n";

enum { OPT_DB = 256, OPT_JSON, OPT_ALL };

static size_t topics_count(const void *t)
{
    return px_topics_count(t);
}

static size_t topics_size(const void *t, size_t i)
{
    return px_topics_size(t, i);
}

static const char *topics_id(const void *t, size_t i)
{
    return px_topics_id(t, i);
}

static px_status topics_write(const void *t, size_t i, int json, px_buf *b)
{
    return json ? px_topics_write_json(t, i, b) : px_topics_write_text(t, i, b);
}

static int print_topics(px_cli *c, const px_topics *t, int json, int all)
{
    static const px_cli_groups G = {"topic", topics_count, topics_size, topics_id, topics_write};
    size_t shown;
    int code = px_cli_print_groups(c, &G, t, json, all, &shown);
    if (code)
        return code;
    if (!json)
        fprintf(stderr, "%zu topics shown (%zu in all)\n", shown, px_topics_count(t));
    return PX_EXIT_OK;
}

int px_cmd_topics(px_cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, OPT_DB},
                                         {"json", no_argument, NULL, OPT_JSON},
                                         {"all", no_argument, NULL, OPT_ALL},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = px_cli_default_db();
    int json = 0, all = 0, o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_JSON:
            json = 1;
            break;
        case OPT_ALL:
            all = 1;
            break;
        case 'h':
            fputs(TOPICS_USAGE, stdout);
            return PX_EXIT_OK;
        default:
            fputs(TOPICS_USAGE, stderr);
            return PX_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        px_cli_error(c, "topics: unexpected argument '%s'", argv[optind]);
        return PX_EXIT_USAGE;
    }
    px_store *s;
    int code = px_cli_open_store(c, db, &s);
    if (code)
        return code;
    px_topics *t = NULL;
    px_cli_warn_stale(c, s);
    if (px_topics_load(s, &t)) {
        px_cli_error(c, "topics: %s", px_store_errmsg(s));
        code = PX_EXIT_ERR;
    } else {
        code = print_topics(c, t, json, all);
    }
    px_topics_free(t);
    if (px_store_close(s) != PX_OK) {
        px_cli_error(c, "cannot close the store");
        code = PX_EXIT_ERR;
    }
    if (fflush(stdout) != 0)
        code = PX_EXIT_ERR;
    return code;
}
