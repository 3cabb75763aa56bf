/* parallax: the command-line tool. Dispatches to cli/cmd_*.c. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char USAGE[] =
    "usage: parallax [--db STORE] [--data-dir DIR] <command> [options] [args]\n"
    "       parallax -V | --version\n"
    "\n"
    "One news story from every side: structured, comparable records of articles.\n"
    "\n"
    "commands:\n"
    "  annotate [PATH...]      print a parallax.article/1 record per article (JSON Lines)\n"
    "  add PATH...             annotate and store articles\n"
    "  list                    list stored articles (id, date, outlet, title)\n"
    "  show ID                 print the stored record of an article\n"
    "  rm ID...                delete stored articles (and their story memberships)\n"
    "  search Q                full-text search, best first, with snippets\n"
    "  stories                 find duplicates and group stored articles into stories\n"
    "  topics                  the long-running threads the stories belong to\n"
    "  compare STORY           compare how the outlets of a story report it\n"
    "  report -o OUT           the stories as a self-contained HTML report\n"
    "  export --format F       the records as JSON Lines, CSV tables, GDELT GKG or Events\n"
    "  serve                   the stories as a web application (read-only)\n"
    "  tag --conll [FILE]      tag CoNLL tokens (one per line) with PER/ORG/LOC/MISC\n"
    "  parse [--conllu] [PATH] part-of-speech tags, lemmas, dependency parse (CoNLL-U)\n"
    "  techniques --spans [FILE] name the persuasion technique of given spans\n"
    "  tone --targets [FILE]   sentiment toward given spans (JSON Lines in and out)\n"
    "  eval TASK [ARGS]        quality figures of an analysis on labelled data\n"
    "\n"
    "PATH is a file, a directory (read recursively) or - for standard input: plain\n"
    "text, JSON Lines, HTML, RSS/Atom feeds or WARC, optionally gzip- or zstd-compressed.\n"
    "STORE is a SQLite file or a PostgreSQL URI (postgresql://... or postgres://...);\n"
    "default $PARALLAX_DB, else ./parallax.db.\n"
    "--data-dir DIR (or $PARALLAX_DATA): the folder of parallax's models and\n"
    "gazetteers (default: the installed share/parallax).\n"
    "Run 'parallax <command> --help' for a command's options; 'man parallax' for more.\n"
    "Exit status: 0 ok, 1 some input or record failed, 2 usage error.\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void px_cli_error(px_cli *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", c->prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void px_cli_engine_warnings(px_cli *c, const px_engine *e)
{
    const char *w = px_engine_warnings(e);
    while (*w) {
        const char *nl = strchr(w, '\n');
        size_t n = nl ? (size_t)(nl - w) : strlen(w);
        fprintf(stderr, "%s: %.*s\n", c->prog, (int)n, w);
        c->warnings++;
        w += n + (nl != NULL);
    }
}

void px_cli_diag(void *ud, const px_diag *d)
{
    px_cli *c = ud;
    if (c->progress)
        fputs("\r\033[K", stderr);  /* clear the progress line first */
    if (d->offset >= 0 && d->codec) /* the offset is not one in the file */
        fprintf(stderr, "%s: %s: byte %lld of the decompressed %s stream: %s%s\n", c->prog,
                d->path ? d->path : "-", d->offset, d->codec,
                d->is_error ? "" : "warning: ", d->msg);
    else if (d->offset >= 0)
        fprintf(stderr, "%s: %s: byte %lld: %s%s\n", c->prog, d->path ? d->path : "-", d->offset,
                d->is_error ? "" : "warning: ", d->msg);
    else
        fprintf(stderr, "%s: %s: %s%s\n", c->prog, d->path ? d->path : "-",
                d->is_error ? "" : "warning: ", d->msg);
    if (d->is_error)
        c->errors++;
    else
        c->warnings++;
}

void px_cli_progress(px_cli *c, const px_reader_stats *s, int final)
{
    static double last;
    if (!c->progress)
        return;
    double t = now();
    if (!final && t - last < 0.25)
        return;
    last = t;
    double mb = (double)s->bytes / 1e6, el = t - c->t0;
    fprintf(stderr, "\r\033[K%zu files, %zu articles, %.1f MB, %.1f MB/s, %zu errors", s->files,
            s->articles, mb, el > 0 ? mb / el : 0.0, s->errors);
    if (final)
        fputc('\n', stderr);
}

int px_cli_parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || s[0] == '-')
        return -1;
    unsigned long long mul = 1;
    switch (*end) {
    case 'k':
    case 'K':
        mul = 1ULL << 10;
        end++;
        break;
    case 'm':
    case 'M':
        mul = 1ULL << 20;
        end++;
        break;
    case 'g':
    case 'G':
        mul = 1ULL << 30;
        end++;
        break;
    default:
        break;
    }
    if (*end || v == 0 || v > SIZE_MAX / mul)
        return -1;
    *out = (size_t)(v * mul);
    return 0;
}

int main(int argc, char **argv)
{
    px_cli c = {.prog = "parallax", .progress = isatty(STDERR_FILENO), .t0 = now()};
    if (argc < 2) {
        fputs(USAGE, stderr);
        return PX_EXIT_USAGE;
    }
    /* Global options before the command: --db FILE (as $PARALLAX_DB for the
     * command; the command's own --db still wins), --data-dir DIR (as
     * $PARALLAX_DATA), -V, -h. */
    static const struct {
        const char *opt, *env, *what;
    } globals[] = {{"--db", "PARALLAX_DB", "a store"}, {"--data-dir", "PARALLAX_DATA", "a folder"}};
    for (int again = 1; again && argc >= 2;) {
        again = 0;
        for (size_t g = 0; g < sizeof globals / sizeof *globals; g++) {
            size_t n = strlen(globals[g].opt);
            if (strncmp(argv[1], globals[g].opt, n) || (argv[1][n] && argv[1][n] != '='))
                continue;
            const char *v = argv[1][n] == '=' ? argv[1] + n + 1 : argc >= 3 ? argv[2] : NULL;
            if (!v || !*v) {
                px_cli_error(&c, "%s needs %s", globals[g].opt, globals[g].what);
                return PX_EXIT_USAGE;
            }
            if (setenv(globals[g].env, v, 1)) {
                px_cli_error(&c, "out of memory");
                return PX_EXIT_ERR;
            }
            int used = argv[1][n] == '=' ? 1 : 2;
            argc -= used;
            argv += used;
            again = 1;
            break;
        }
    }
    if (argc < 2) {
        fputs(USAGE, stderr);
        return PX_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-V")) {
        printf("parallax %s\n", PX_VERSION);
        return PX_EXIT_OK;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(USAGE, stdout);
        return PX_EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("parallax %s\n", PX_VERSION);
        return PX_EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*fn)(px_cli *, int, char **);
    } cmds[] = {
        {"annotate", px_cmd_annotate},
        {"add", px_cmd_add},
        {"list", px_cmd_list},
        {"show", px_cmd_show},
        {"rm", px_cmd_rm},
        {"search", px_cmd_search},
        {"eval", px_cmd_eval},
        {"stories", px_cmd_stories},
        {"compare", px_cmd_compare},
        {"tag", px_cmd_tag},
        {"report", px_cmd_report},
        {"parse", px_cmd_parse},
        {"export", px_cmd_export},
        {"serve", px_cmd_serve},
        {"tone", px_cmd_tone},
        {"topics", px_cmd_topics},
        {"techniques", px_cmd_techniques},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        if (strcmp(cmd, cmds[i].name))
            continue;
        int code = cmds[i].fn(&c, argc - 1, argv + 1);
        /* A failed write to stdout (a full disk, a closed pipe's EPIPE when
         * SIGPIPE is ignored) is named with its cause, once, for every command. */
        int e = fflush(stdout) != 0 ? errno : 0;
        if (!e && ferror(stdout))
            e = c.out_errno ? c.out_errno : EIO;
        if (e) {
            px_cli_error(&c, "%s: cannot write to standard output: %s", cmd, strerror(e));
            if (code == PX_EXIT_OK)
                code = PX_EXIT_ERR;
        }
        px_outlets_free(c.outlets);
        return code;
    }
    px_cli_error(&c, "unknown command '%s' (see parallax --help)", cmd);
    return PX_EXIT_USAGE;
}
