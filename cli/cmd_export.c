/* parallax export: the store's records as JSON Lines, CSV tables, or GDELT
 * GKG 2.1 / Events 2.0 rows (src/export/ writes them; this file picks the
 * files). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "parallax/export.h"

static const char EXPORT_USAGE[] =
    "usage: parallax export [--db FILE] [--story ID | --topic ID] [--format F] [--header]\n"
    "                       [-o OUT]\n"
    "\n"
    "Writes the stored articles (all of them by date, undated last, then id; or the\n"
    "articles of one story in its order, or of one topic by date) in format F:\n"
    "  jsonl   the stored parallax.article/1 records, one per line (the default)\n"
    "  csv     tidy tables, one file each in the folder OUT (created when missing):\n"
    "          articles, entities, mentions, timexes, counts, quotes, events, labels,\n"
    "          techniques (.csv; RFC 4180, a header row, article_id and item ids\n"
    "          to join on, spans as byte offsets with their text)\n"
    "  gkg     GDELT Global Knowledge Graph 2.1: one tab-separated row of 27\n"
    "          columns per article, filled where the record has the data\n"
    "  events  GDELT Events 2.0: one row of 61 columns per coded event (the engine\n"
    "          codes no events yet: the file is empty, or the header alone)\n"
    "See 'man parallax' (EXPORT) for every column.\n"
    "\n"
    "options:\n"
    "  --db FILE     the store (default $PARALLAX_DB, else ./parallax.db)\n"
    "  --story ID    the articles of this story (an id or unique prefix; see\n"
    "                parallax stories)\n"
    "  --topic ID    the articles of this topic, by date (an id or unique prefix;\n"
    "                see parallax topics)\n"
    "  --format F    jsonl, csv, gkg or events (default jsonl)\n"
    "  --header      gkg, events: a first line of GDELT column names (GDELT's own\n"
    "                files have none)\n"
    "  -o OUT        a file (jsonl, gkg, events; default standard output) or a\n"
    "                folder (csv: required)\n"
    "  -h, --help    show this help\n"
    "\n"
    "Prints a summary line on stderr. Exit status: 0 ok, 1 error, 2 usage.\n";

enum { OPT_DB = 256, OPT_STORY, OPT_TOPIC, OPT_FORMAT, OPT_HEADER };

typedef struct files {
    const char *const *tables;
    size_t n;
    FILE *f[16];
} files;

static int sink(void *ud, const char *table, const uint8_t *p, size_t n)
{
    files *fs = ud;
    for (size_t i = 0; i < fs->n; i++)
        if (!strcmp(fs->tables[i], table))
            return fwrite(p, 1, n, fs->f[i]) != n;
    return 1;
}

/* Opens one file per table: DIR/<table>.csv, or path (NULL: stdout). */
static int open_files(px_cli *c, px_export_format fmt, const char *out, files *fs, char **paths)
{
    fs->tables = px_export_tables(fmt, &fs->n);
    if (fmt == PX_EXPORT_CSV && mkdir(out, 0777) != 0 && errno != EEXIST) {
        px_cli_error(c, "export: %s: %s", out, strerror(errno));
        return PX_EXIT_ERR;
    }
    for (size_t i = 0; i < fs->n; i++) {
        if (fmt != PX_EXPORT_CSV && !out) {
            fs->f[i] = stdout;
            continue;
        }
        size_t len = strlen(out) + strlen(fs->tables[i]) + 8;
        if (!(paths[i] = malloc(len))) {
            px_cli_error(c, "out of memory");
            return PX_EXIT_ERR;
        }
        if (fmt == PX_EXPORT_CSV)
            snprintf(paths[i], len, "%s/%s.csv", out, fs->tables[i]);
        else
            snprintf(paths[i], len, "%s", out);
        if (!(fs->f[i] = fopen(paths[i], "wb"))) {
            px_cli_error(c, "export: %s: %s", paths[i], strerror(errno));
            return PX_EXIT_ERR;
        }
    }
    return PX_EXIT_OK;
}

/* Closes the files; a failed export removes them (no half-written output). */
static int close_files(px_cli *c, files *fs, char **paths, int code)
{
    for (size_t i = 0; i < fs->n; i++) {
        if (!fs->f[i] || fs->f[i] == stdout)
            continue;
        if (fclose(fs->f[i]) != 0 && code == PX_EXIT_OK) {
            px_cli_error(c, "export: %s: cannot write", paths[i]);
            code = PX_EXIT_ERR;
        }
    }
    for (size_t i = 0; i < fs->n; i++) {
        if (code != PX_EXIT_OK && paths[i])
            remove(paths[i]);
        free(paths[i]);
    }
    return code;
}

static int run(px_cli *c, const char *db, const px_export_opts *o, const char *out)
{
    px_store *s;
    int code = px_cli_open_store(c, db, &s);
    if (code)
        return code;
    if (o->story || o->topic)
        px_cli_warn_stale(c, s);
    files fs = {0};
    char *paths[16] = {0};
    code = open_files(c, o->format, out, &fs, paths);
    px_export_stats st;
    if (code == PX_EXIT_OK) {
        px_status e = px_export(s, o, sink, &fs, &st);
        if (e) {
            px_cli_error(c, "export: %s", px_store_errmsg(s));
            code = PX_EXIT_ERR;
        } else {
            if (st.skipped)
                px_cli_error(c, "export: %zu stored record%s could not be read (left out)",
                             st.skipped, st.skipped == 1 ? "" : "s");
            px_cli_error(c, "exported %zu article%s, %zu row%s%s%s", st.articles,
                         st.articles == 1 ? "" : "s", st.rows, st.rows == 1 ? "" : "s",
                         out ? " to " : "", out ? out : "");
            code = st.skipped ? PX_EXIT_ERR : PX_EXIT_OK;
        }
    }
    code = close_files(c, &fs, paths, code);
    if (px_store_close(s) != PX_OK && code == PX_EXIT_OK) {
        px_cli_error(c, "cannot close the store");
        code = PX_EXIT_ERR;
    }
    return code;
}

int px_cmd_export(px_cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, OPT_DB},
                                         {"story", required_argument, NULL, OPT_STORY},
                                         {"topic", required_argument, NULL, OPT_TOPIC},
                                         {"format", required_argument, NULL, OPT_FORMAT},
                                         {"header", no_argument, NULL, OPT_HEADER},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = px_cli_default_db(), *out = NULL;
    px_export_opts o = {.format = PX_EXPORT_JSONL};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_STORY:
            o.story = optarg;
            break;
        case OPT_TOPIC:
            o.topic = optarg;
            break;
        case OPT_FORMAT:
            if (!(o.format = px_export_format_named(optarg))) {
                px_cli_error(c, "export: unknown format '%s' (jsonl, csv, gkg, events)", optarg);
                return PX_EXIT_USAGE;
            }
            break;
        case OPT_HEADER:
            o.header = 1;
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            fputs(EXPORT_USAGE, stdout);
            return PX_EXIT_OK;
        default:
            fputs(EXPORT_USAGE, stderr);
            return PX_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        px_cli_error(c, "export: unexpected argument '%s'", argv[optind]);
        return PX_EXIT_USAGE;
    }
    if (o.story && o.topic) {
        px_cli_error(c, "export: --story or --topic, not both");
        return PX_EXIT_USAGE;
    }
    if (o.format == PX_EXPORT_CSV && (!out || !*out)) {
        px_cli_error(c, "export: --format csv writes one file per table: give a folder with -o");
        return PX_EXIT_USAGE;
    }
    if (out && !*out)
        out = NULL;
    return run(c, db, &o, out);
}
