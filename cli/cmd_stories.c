/* parallax stories: group the stored articles into stories. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char STORIES_USAGE[] =
    "usage: parallax stories [--db STORE] [--json] [--all] [--rebuild]\n"
    "                        [--story-link X] [--story-span DAYS] [--topic-link X]\n"
    "                        [--topic-avg X] [--set NAME=VALUE]... [--params]\n"
    "       parallax stories --terms [--db STORE] [--json] [--outlets A,B]\n"
    "\n"
    "Finds duplicate articles (exact and near copies) and groups the stored\n"
    "articles into stories, the articles that report one event; the grouping is\n"
    "saved in the store for compare. Story ids stay the same as articles are added.\n"
    "Each article's features are saved too: a run parses only the articles added\n"
    "or replaced since the last one and joins them to the saved stories (or\n"
    "starts new ones); the stories of earlier articles are not regrouped.\n"
    "Prints stories of two or more articles, by first date: a header line\n"
    "ID  FIRST..LAST  N articles  TITLE, then one indented line per article\n"
    "(copies marked with the original they repeat).\n"
    "\n"
    "options:\n"
    "  --db STORE  a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "              else ./parallax.db)\n"
    "  --json      one JSON object per story: {id, title, dates, articles:\n"
    "              [{id, outlet, date, title, duplicate_of}]}\n"
    "  --all       print single-article stories too\n"
    "  --rebuild   parse every article again and regroup the whole store\n"
    "grouping parameters (not saved: give the same ones to every run, or --rebuild;\n"
    "see docs/corpus.md):\n"
    "  --story-link X     score two articles need to be one story (default 0.30)\n"
    "  --story-span DAYS  longest span of a story's dates (default 4)\n"
    "  --topic-link X     score two stories need to link into a topic (default %.2f)\n"
    "  --topic-avg X      mean score over the story pairs of two topics to join\n"
    "                     them (default %.2f)\n"
    "  --set NAME=VALUE   any parameter by name (--params lists them)\n"
    "  --params    print the parameters in effect (NAME VALUE lines) and stop\n"
    "  --terms     instead, the words each outlet prefers across the whole store:\n"
    "              log-odds z-scores with an informative Dirichlet prior (Monroe\n"
    "              et al. 2008), names and direct quotes left out\n"
    "  --outlets A,B  with --terms: these outlets (default: the 20 largest)\n"
    "  -h, --help  show this help\n";

enum {
    OPT_DB = 256,
    OPT_JSON,
    OPT_ALL,
    OPT_TERMS,
    OPT_OUTLETS,
    OPT_REBUILD,
    OPT_STORY_LINK,
    OPT_STORY_SPAN,
    OPT_TOPIC_LINK,
    OPT_TOPIC_AVG,
    OPT_SET,
    OPT_PARAMS
};

static void usage(FILE *f)
{
    px_grouping g;
    px_grouping_defaults(&g);
    fprintf(f, STORIES_USAGE, g.topic_link, g.topic_avg);
}

/* Sets parameter name from text; 0, or -1 with a message. */
static int set_param(px_cli *c, px_grouping *g, const char *name, const char *text)
{
    const char *known;
    size_t i = 0;
    while ((known = px_grouping_name(g, i, NULL)) != NULL && strcmp(known, name))
        i++;
    if (!known) {
        px_cli_error(c, "stories: unknown parameter '%s' (--params lists them)", name);
        return -1;
    }
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end || px_grouping_set(g, name, v)) {
        px_cli_error(c, "stories: bad value for %s: '%s'", name, text);
        return -1;
    }
    return 0;
}

#define TERMS_EACH 10

/* parallax stories --terms: distinctive terms of outlets across the store. */
static int print_terms(px_cli *c, px_store *s, const char *outlets, int json)
{
    px_buf b;
    px_buf_init(&b, 0);
    px_status e = px_outlet_terms(s, outlets, TERMS_EACH, json, &b);
    if (e)
        px_cli_error(c, "%s", px_store_errmsg(s));
    else
        fwrite(b.ptr, 1, b.len, stdout);
    px_buf_free(&b);
    return e ? PX_EXIT_ERR : PX_EXIT_OK;
}

int px_cli_print_groups(
    px_cli *c, const px_cli_groups *g, const void *set, int json, int all, size_t *shown)
{
    px_buf b;
    px_buf_init(&b, 0);
    *shown = 0;
    for (size_t i = 0; i < g->count(set); i++) {
        if (!all && g->size(set, i) < 2)
            continue;
        px_buf_reset(&b);
        px_status e = g->write(set, i, json, &b);
        if (!e && json)
            e = px_buf_append_byte(&b, '\n');
        if (e) {
            px_cli_error(c, "cannot write %s %s: %s", g->what, g->id(set, i), px_strerror(e));
            px_buf_free(&b);
            return PX_EXIT_ERR;
        }
        fwrite(b.ptr, 1, b.len, stdout);
        (*shown)++;
    }
    px_buf_free(&b);
    fflush(stdout);
    return PX_EXIT_OK;
}

static size_t stories_count(const void *st)
{
    return px_stories_count(st);
}

static size_t stories_size(const void *st, size_t i)
{
    return px_stories_size(st, i);
}

static const char *stories_id(const void *st, size_t i)
{
    return px_stories_id(st, i);
}

static px_status stories_write(const void *st, size_t i, int json, px_buf *b)
{
    return json ? px_stories_write_json(st, i, b) : px_stories_write_text(st, i, b);
}

static int print_stories(px_cli *c, const px_stories *st, int json, int all)
{
    static const px_cli_groups G = {"story", stories_count, stories_size, stories_id,
                                    stories_write};
    size_t shown;
    int code = px_cli_print_groups(c, &G, st, json, all, &shown);
    if (code)
        return code;
    if (!json)
        fprintf(stderr, "%zu stories shown (%zu in all), %zu copies\n", shown, px_stories_count(st),
                px_stories_copies(st));
    return PX_EXIT_OK;
}

int px_cmd_stories(px_cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, OPT_DB},
                                         {"json", no_argument, NULL, OPT_JSON},
                                         {"all", no_argument, NULL, OPT_ALL},
                                         {"rebuild", no_argument, NULL, OPT_REBUILD},
                                         {"terms", no_argument, NULL, OPT_TERMS},
                                         {"outlets", required_argument, NULL, OPT_OUTLETS},
                                         {"story-link", required_argument, NULL, OPT_STORY_LINK},
                                         {"story-span", required_argument, NULL, OPT_STORY_SPAN},
                                         {"topic-link", required_argument, NULL, OPT_TOPIC_LINK},
                                         {"topic-avg", required_argument, NULL, OPT_TOPIC_AVG},
                                         {"set", required_argument, NULL, OPT_SET},
                                         {"params", no_argument, NULL, OPT_PARAMS},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    px_grouping g;
    px_grouping_defaults(&g);
    int params = 0;
    const char *db = px_cli_default_db(), *outlets = NULL;
    int json = 0, all = 0, terms = 0, rebuild = 0, o;
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
        case OPT_REBUILD:
            rebuild = 1;
            break;
        case OPT_TERMS:
            terms = 1;
            break;
        case OPT_OUTLETS:
            outlets = optarg;
            break;
        case OPT_STORY_LINK:
        case OPT_STORY_SPAN:
        case OPT_TOPIC_LINK:
        case OPT_TOPIC_AVG: {
            static const char *const name[] = {"link", "max_span", "topic_link", "topic_avg"};
            if (set_param(c, &g, name[o - OPT_STORY_LINK], optarg))
                return PX_EXIT_USAGE;
            break;
        }
        case OPT_SET: {
            const char *eq = strchr(optarg, '=');
            char name[32];
            if (!eq || (size_t)(eq - optarg) >= sizeof name) {
                px_cli_error(c, "stories: --set takes NAME=VALUE, not '%s'", optarg);
                return PX_EXIT_USAGE;
            }
            snprintf(name, sizeof name, "%.*s", (int)(eq - optarg), optarg);
            if (set_param(c, &g, name, eq + 1))
                return PX_EXIT_USAGE;
            break;
        }
        case OPT_PARAMS:
            params = 1;
            break;
        case 'h':
            usage(stdout);
            return PX_EXIT_OK;
        default:
            usage(stderr);
            return PX_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        px_cli_error(c, "stories: unexpected argument '%s'", argv[optind]);
        return PX_EXIT_USAGE;
    }
    if (params) {
        double v;
        const char *name;
        for (size_t i = 0; (name = px_grouping_name(&g, i, &v)) != NULL; i++)
            printf("%s %g\n", name, v);
        return PX_EXIT_OK;
    }
    px_store *s;
    int code = px_cli_open_store(c, db, &s);
    if (code)
        return code;
    px_stories *st = NULL;
    if (terms) {
        code = print_terms(c, s, outlets, json);
    } else if (px_stories_group(s, rebuild, &g, &st)) {
        px_cli_error(c, "%s", px_store_errmsg(s));
        code = PX_EXIT_ERR;
    } else {
        code = print_stories(c, st, json, all);
    }
    px_stories_free(st);
    if (px_store_close(s) != PX_OK) {
        px_cli_error(c, "cannot close the store");
        code = PX_EXIT_ERR;
    }
    if (fflush(stdout) != 0)
        code = PX_EXIT_ERR;
    return code;
}
