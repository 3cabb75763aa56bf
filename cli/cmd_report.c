/* parallax report: the store as a self-contained HTML report. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "parallax/report.h"

static const char REPORT_USAGE[] =
    "usage: parallax report [--db STORE] [--story ID]... [--outlets-file F [--leaning L]]\n"
    "                       -o OUT\n"
    "       parallax report [--db STORE] --topic ID -o OUT\n"
    "\n"
    "Writes the stories of the store as HTML that opens offline: an index (corpus\n"
    "figures, stories by size and date with their outlets, contradictions and\n"
    "silences, a search box), and for each story the outlets side by side, the\n"
    "fact matrix, a chart of the counts, quote provenance with word diffs, the\n"
    "words each outlet prefers, a timeline, and who did what to whom in each\n"
    "outlet (aligned events, mean Goldstein per date). Every item links to the\n"
    "article view where its sentence is highlighted. Inline CSS and SVG, one\n"
    "small inline script, nothing loaded from the network; the same store gives\n"
    "the same bytes.\n"
    "\n"
    "options:\n"
    "  --db STORE      a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "                  else ./parallax.db)\n"
    "  --story ID      report this story only (repeatable; an id or unique prefix)\n"
    "  --topic ID      the page of this topic (parallax topics): per outlet the\n"
    "                  thread's stories covered and skipped, tone, events and\n"
    "                  labels over time; with -o DIR/ also the index and story\n"
    "                  pages, the topic in DIR/ID.html linking them\n"
    "  --outlets-file F  a TSV of outlets (name, aliases, hosts, country, leaning):\n"
    "                  each story page shows its coverage by leaning (articles\n"
    "                  and outlets per leaning, the silent leanings)\n"
    "  --leaning L     compare only the outlets the file gives leaning L (case\n"
    "                  ignored); the stories with no article from one are left\n"
    "                  out of the index and the pages\n"
    "  -o OUT          one file, - for standard output, or DIR/ (ending in /) for\n"
    "                  DIR/index.html plus one page per story, DIR/<story id>.html,\n"
    "                  and per topic of two stories or more, DIR/<topic id>.html\n"
    "  -h, --help      show this help\n"
    "\n"
    "Prints the path of the page to open. Exit status: 0 ok, 1 error, 2 usage.\n";

enum { OPT_DB = 256, OPT_STORY, OPT_TOPIC, OPT_OUTLETS_FILE, OPT_LEANING };

static int sink_file(void *ud, const uint8_t *p, size_t n)
{
    return fwrite(p, 1, n, (FILE *)ud) != n;
}

/* Writes one file: the report, story's page, or topic's page; returns an
 * exit code. */
static int write_file(px_cli *c,
                      px_store *s,
                      const char *path,
                      const px_report_opts *opts,
                      const char *story,
                      const char *topic)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        px_cli_error(c, "report: %s: %s", path, strerror(errno));
        return PX_EXIT_ERR;
    }
    px_status e = topic   ? px_report_topic(s, topic, opts->link_suffix,
                                          opts->link_suffix ? "index.html" : NULL, sink_file, f)
                  : story ? px_report_story_opts(s, story, "index.html", opts, sink_file, f)
                          : px_report_write(s, opts, sink_file, f);
    int bad = fclose(f) != 0;
    if (e || bad) {
        px_cli_error(c, "report: %s: %s", path, e ? px_store_errmsg(s) : "cannot write");
        remove(path); /* no half-written report */
        return PX_EXIT_ERR;
    }
    return PX_EXIT_OK;
}

typedef struct dir_ctx {
    px_cli *c;
    px_store *s;
    const char *dir;
    int code;
    const px_report_opts *opts;
    int topics;
} dir_ctx;

/* Writes DIR/<id>.html: story id's page, or topic id's when d->topics. */
static int write_story(void *ud, const char *id)
{
    dir_ctx *d = ud;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return 0; /* not a story id parallax makes: never a path */
    size_t n = strlen(d->dir) + strlen(id) + 8;
    char *path = malloc(n);
    if (!path)
        return 1;
    snprintf(path, n, "%s%s.html", d->dir, id);
    d->code = write_file(d->c, d->s, path, d->opts, d->topics ? NULL : id, d->topics ? id : NULL);
    free(path);
    return d->code != PX_EXIT_OK;
}

static int write_dir(px_cli *c, px_store *s, const char *dir, px_report_opts *opts)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        px_cli_error(c, "report: %s: %s", dir, strerror(errno));
        return PX_EXIT_ERR;
    }
    size_t n = strlen(dir) + 16;
    char *index = malloc(n);
    if (!index)
        return PX_EXIT_ERR;
    snprintf(index, n, "%sindex.html", dir);
    opts->link_suffix = ".html";
    int code = write_file(c, s, index, opts, NULL, NULL);
    dir_ctx d = {c, s, dir, PX_EXIT_OK, opts, 0};
    if (!code && px_report_story_ids(s, opts, write_story, &d) != PX_OK) {
        if (d.code == PX_EXIT_OK)
            px_cli_error(c, "report: %s", px_store_errmsg(s));
        code = PX_EXIT_ERR;
    }
    /* The pages of the topics the index lists (a report of the whole store). */
    d.topics = 1;
    if (!code && !opts->stories && !opts->leaning &&
        px_report_topic_ids(s, write_story, &d) != PX_OK) {
        if (d.code == PX_EXIT_OK)
            px_cli_error(c, "report: %s", px_store_errmsg(s));
        code = PX_EXIT_ERR;
    }
    if (!code)
        printf("%s\n", index);
    free(index);
    return code;
}

/* Whether an outlet of the table has leaning l (ASCII case ignored). */
static int has_leaning(const px_outlets *table, const char *l)
{
    px_outlet_info oi;
    for (size_t i = 0; px_outlets_get(table, i, &oi); i++)
        if (oi.leaning && !strcasecmp(oi.leaning, l))
            return 1;
    return 0;
}

int px_cmd_report(px_cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"story", required_argument, NULL, OPT_STORY},
        {"topic", required_argument, NULL, OPT_TOPIC},
        {"outlets-file", required_argument, NULL, OPT_OUTLETS_FILE},
        {"leaning", required_argument, NULL, OPT_LEANING},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db = px_cli_default_db(), *out = NULL, *topic = NULL, *leaning = NULL;
    const char **stories = calloc((size_t)argc + 1, sizeof *stories);
    size_t n_stories = 0;
    int o;
    if (!stories)
        return PX_EXIT_ERR;
    optind = 1;
    while ((o = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (o) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_STORY:
            stories[n_stories++] = optarg;
            break;
        case OPT_TOPIC:
            topic = optarg;
            break;
        case OPT_OUTLETS_FILE:
            if (px_cli_outlets_file(c, optarg)) {
                free(stories);
                return PX_EXIT_ERR;
            }
            break;
        case OPT_LEANING:
            leaning = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            fputs(REPORT_USAGE, stdout);
            free(stories);
            return PX_EXIT_OK;
        default:
            fputs(REPORT_USAGE, stderr);
            free(stories);
            return PX_EXIT_USAGE;
        }
    }
    if (topic && n_stories) {
        px_cli_error(c, "report: --topic or --story, not both");
        free(stories);
        return PX_EXIT_USAGE;
    }
    if (leaning && !c->outlets) {
        px_cli_error(c, "report: --leaning needs --outlets-file (the file gives the leanings)");
        free(stories);
        return PX_EXIT_USAGE;
    }
    if (leaning && topic) {
        px_cli_error(c, "report: --leaning is for the stories, not a --topic page");
        free(stories);
        return PX_EXIT_USAGE;
    }
    if (leaning && !has_leaning(c->outlets, leaning)) {
        px_cli_error(c, "report: no outlet of the outlets file has the leaning \"%s\"", leaning);
        free(stories);
        return PX_EXIT_ERR;
    }
    if (optind != argc || !out || !*out) {
        px_cli_error(c, "report: give -o OUT (a file, or DIR/) and no other arguments");
        fputs(REPORT_USAGE, stderr);
        free(stories);
        return PX_EXIT_USAGE;
    }
    px_store *s;
    int code = px_cli_open_store(c, db, &s);
    if (code) {
        free(stories);
        return code;
    }
    px_cli_warn_stale(c, s);
    px_report_opts ro = {n_stories ? stories : NULL, n_stories, NULL, c->outlets, leaning};
    if (!strcmp(out, "-")) {
        /* -o -: the one-file report (or the topic's page) on standard output. */
        px_status e = topic ? px_report_topic(s, topic, NULL, NULL, sink_file, stdout)
                            : px_report_write(s, &ro, sink_file, stdout);
        if (e) {
            px_cli_error(c, "report: %s", px_store_errmsg(s));
            code = PX_EXIT_ERR;
        }
    } else if (out[strlen(out) - 1] == '/') {
        code = write_dir(c, s, out, &ro);
        if (!code && topic) {
            size_t len = strlen(out) + strlen(topic) + 8;
            char *path = malloc(len);
            px_report_opts to = {NULL, 0, ".html", c->outlets, NULL};
            if (!path || strchr(topic, '/')) {
                px_cli_error(c, "report: bad topic id '%s'", topic);
                code = PX_EXIT_ERR;
            } else {
                snprintf(path, len, "%s%s.html", out, topic);
                code = write_file(c, s, path, &to, NULL, topic);
                if (!code)
                    printf("%s\n", path);
            }
            free(path);
        }
    } else {
        code = write_file(c, s, out, &ro, NULL, topic);
        if (!code)
            printf("%s\n", out);
    }
    if (px_store_close(s) != PX_OK) {
        px_cli_error(c, "cannot close the store");
        code = PX_EXIT_ERR;
    }
    free(stories);
    if (fflush(stdout) != 0)
        code = PX_EXIT_ERR;
    return code;
}
