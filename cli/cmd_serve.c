/* parallax serve: the store as a web application (include/parallax/server.h). */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "parallax/server.h"

static const char SERVE_USAGE[] =
    "usage: parallax serve [--db STORE] [--host ADDR] [--port N] [--threads N]\n"
    "                      [--outlets-file F]\n"
    "\n"
    "Serves the stories of the store to a browser: the index (stories told by\n"
    "several outlets first, newest first, filters by outlet, date and language),\n"
    "each story with its outlets side by side, the article pages with every\n"
    "annotation highlighted, outlet pages, full-text search, and a JSON API\n"
    "(/api/stories, /api/story/ID, /api/article/ID, /api/search?q=). The store is\n"
    "opened read-only: add and stories may write to it meanwhile; the index follows\n"
    "each new grouping. SIGINT or SIGTERM stops it once the requests in flight end.\n"
    "\n"
    "options:\n"
    "  --db STORE      a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "                  else ./parallax.db)\n"
    "  --host ADDR     the IPv4 or IPv6 address to listen on (default 127.0.0.1)\n"
    "  --port N        the port (default 8080; 0 picks a free one)\n"
    "  --threads N     worker threads, each with its store connection (default 2)\n"
    "  --max-conns N   open connections at most (default 256)\n"
    "  --outlets-file F  a TSV of outlets (name, aliases, hosts, country, leaning):\n"
    "                  story pages show their coverage by leaning; ?leaning=L on\n"
    "                  the index and /api/stories keeps the stories with an\n"
    "                  outlet of leaning L, on /story/ID and /api/story/ID it\n"
    "                  compares only those outlets\n"
    "  -h, --help      show this help\n"
    "\n"
    "Prints the address to open once it listens. Exit status: 0 stopped by a\n"
    "signal, 1 error, 2 usage.\n";

enum { OPT_DB = 256, OPT_HOST, OPT_PORT, OPT_THREADS, OPT_CONNS, OPT_OUTLETS_FILE };

static int number(px_cli *c, const char *opt, const char *v, unsigned max, unsigned *out)
{
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || v[0] == '-' || n > max) {
        px_cli_error(c, "serve: %s %s: give a number from 0 to %u", opt, v, max);
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

int px_cmd_serve(px_cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"host", required_argument, NULL, OPT_HOST},
        {"port", required_argument, NULL, OPT_PORT},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"max-conns", required_argument, NULL, OPT_CONNS},
        {"outlets-file", required_argument, NULL, OPT_OUTLETS_FILE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    px_server_opts so = {.db = px_cli_default_db(), .host = "127.0.0.1", .port = 8080};
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case OPT_DB:
            so.db = optarg;
            break;
        case OPT_HOST:
            so.host = optarg;
            break;
        case OPT_PORT:
            if (number(c, "--port", optarg, 65535, &so.port))
                return PX_EXIT_USAGE;
            break;
        case OPT_THREADS:
            if (number(c, "--threads", optarg, 64, &so.threads) || so.threads == 0) {
                if (so.threads == 0)
                    px_cli_error(c, "serve: --threads is 1 to 64");
                return PX_EXIT_USAGE;
            }
            break;
        case OPT_CONNS:
            if (number(c, "--max-conns", optarg, 100000, &so.max_conns) || so.max_conns == 0) {
                if (so.max_conns == 0)
                    px_cli_error(c, "serve: --max-conns is 1 or more");
                return PX_EXIT_USAGE;
            }
            break;
        case OPT_OUTLETS_FILE:
            if (px_cli_outlets_file(c, optarg))
                return PX_EXIT_ERR;
            so.outlets = c->outlets;
            break;
        case 'h':
            fputs(SERVE_USAGE, stdout);
            return PX_EXIT_OK;
        default:
            fputs(SERVE_USAGE, stderr);
            return PX_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        px_cli_error(c, "serve: no arguments besides the options");
        fputs(SERVE_USAGE, stderr);
        return PX_EXIT_USAGE;
    }
    if (access(so.db, F_OK) != 0 && !strstr(so.db, "://")) {
        px_cli_error(c, "serve: %s: no such store (parallax add creates one)", so.db);
        return PX_EXIT_ERR;
    }
    /* The signals are blocked while the server starts (its threads inherit the
     * mask), then waited for here. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    signal(SIGPIPE, SIG_IGN);
    char err[PX_ERRMSG_SIZE] = "";
    px_server *srv;
    px_status e = px_server_start(&srv, &so, err);
    if (e) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        px_cli_error(c, "serve: %s", err[0] ? err : px_strerror(e));
        return PX_EXIT_ERR;
    }
    int v6 = strchr(so.host, ':') != NULL;
    printf("parallax: serving %s on http://%s%s%s:%u/ (Ctrl-C stops)\n", so.db, v6 ? "[" : "",
           so.host, v6 ? "]" : "", px_server_port(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "parallax: serve: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    px_server_stop(srv, 10000);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return PX_EXIT_OK;
}
