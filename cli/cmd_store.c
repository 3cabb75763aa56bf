/* parallax add, list, show and search: the SQLite store from the command line. */
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char ADD_USAGE[] =
    "usage: parallax add [options] PATH...\n"
    "\n"
    "Annotates articles and stores their records in a SQLite store (created when\n"
    "missing) or a PostgreSQL database (its tables created when missing); an\n"
    "article already stored (same id) is replaced. PATH is a file, a\n"
    "directory (read recursively) or - for standard input, as for annotate.\n"
    "\n"
    "options:\n"
    "  --db STORE      a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "                  else ./parallax.db)\n"
    "  --records       the inputs are annotate output (parallax.article/1 JSON Lines,\n"
    "                  plain or gzip- or zstd-compressed, e.g. annotate -o F.jsonl.zst)\n"
    "  --max-bytes N   skip an article (or record line) larger than N bytes (default 16M)\n"
    "  --batch N       records per transaction (default 256)\n"
    "  --no-lang       do not identify the language (lang is null)\n"
    "  --no-analyses   store text and sentences only (no entities, dates,\n"
    "                  quantities, quotes)\n"
    "  --outlet NAME, --date YYYY-MM-DD, --url URL, --title TEXT\n"
    "                  for inputs that state none (the input's own value wins)\n"
    "  --shard K/N     only the articles (or records) of shard K of N (1 <= K <= N),\n"
    "                  chosen by a hash of the record id, as annotate --shard\n"
    "  --outlets-file F  a TSV of outlets (name, aliases, hosts, country, leaning):\n"
    "                  outlet names and URL hosts become the table's names\n"
    "  -h, --help      show this help\n"
    "\n"
    "Exit status: 0 ok, 1 some input was skipped or repaired, or the store failed.\n";

#define FILTER_HELP                                                                                \
    "  --outlet A,B  only these outlets (case ignored)\n"                                          \
    "  --since D     only articles dated D or later (YYYY, YYYY-MM or YYYY-MM-DD)\n"               \
    "  --until D     only articles dated D or earlier (--until 2024-03: all of March)\n"           \
    "              (with --since or --until, undated articles are left out)\n"

static const char LIST_USAGE[] =
    "usage: parallax list [--db STORE] [--limit N] [--json] [--outlet A,B] [--since D]\n"
    "                     [--until D]\n"
    "\n"
    "Lists stored articles by date (undated last), then id: one line each,\n"
    "ID<TAB>DATE<TAB>OUTLET<TAB>TITLE ('-' when unknown). The number of articles\n"
    "that match goes to stderr (\"parallax: 8 articles\").\n"
    "\n"
    "options:\n"
    "  --db STORE  a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "              else ./parallax.db)\n"
    "  --limit N   print at most N articles (default: all)\n"
    "  --json      one JSON object per line: {\"id\",\"date\",\"outlet\",\"title\"}\n" FILTER_HELP
    "  -h, --help  show this help\n";

static const char SHOW_USAGE[] =
    "usage: parallax show [--db STORE] ID\n"
    "\n"
    "Prints the stored parallax.article/1 record of ID, or of the only id starting\n"
    "with ID (at least 4 characters), as one line of JSON.\n"
    "\n"
    "options:\n"
    "  --db STORE  a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "              else ./parallax.db)\n"
    "  -h, --help  show this help\n";

static const char RM_USAGE[] =
    "usage: parallax rm [--db STORE] ID...\n"
    "\n"
    "Deletes the articles with these ids (whole ids, not prefixes) from the store,\n"
    "with their search index entries and story memberships. The saved stories are\n"
    "then out of date until 'parallax stories' runs again. An id that is not\n"
    "stored is reported; the others are still deleted.\n"
    "\n"
    "options:\n"
    "  --db STORE  a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "              else ./parallax.db)\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 all deleted, 1 an id was not stored or the store failed.\n";

static const char SEARCH_USAGE[] =
    "usage: parallax search [--db STORE] [--limit N] [--json] [--raw] [--outlet A,B]\n"
    "                       [--since D] [--until D] QUERY...\n"
    "\n"
    "Full-text search of titles and texts, best match first. Every word must occur;\n"
    "hyphens and apostrophes are part of words (covid-19, O'Rourke); \"a phrase\",\n"
    "OR, AND, NOT, prefix* and a NEAR/5 b (within 5 words) are understood. With\n"
    "--raw the words form one SQLite FTS5 query as given (NEAR(a b, 5), title:word).\n"
    "Prints ID<TAB>DATE<TAB>OUTLET<TAB>TITLE and an indented snippet, matches in\n"
    "bold on a terminal, else in [brackets]. At most 1,000 bytes and 32 different\n"
    "words; a search stops after 10 s. The number of matches goes to stderr\n"
    "(\"parallax: 143 matches (20 shown; --limit 0 shows all)\").\n"
    "\n"
    "options:\n"
    "  --db STORE  a file (SQLite) or a postgresql:// URI (default $PARALLAX_DB,\n"
    "              else ./parallax.db)\n"
    "  --limit N   print at most N articles (default 20; 0: all)\n"
    "  --json      one JSON object per line: id, date, outlet, title, score (higher\n"
    "              is better) and snippet (matches in [brackets])\n"
    "  --raw       the query in SQLite FTS5 syntax, as given\n" FILTER_HELP
    "  -h, --help  show this help\n";

enum {
    OPT_DB = 256,
    OPT_LIMIT,
    OPT_JSON,
    OPT_RECORDS,
    OPT_MAX,
    OPT_BATCH,
    OPT_NOLANG,
    OPT_NOANA,
    OPT_RAW,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_OUTLETS,
    OPT_SHARD
};

const char *px_cli_data_dir(void)
{
    const char *env = getenv("PARALLAX_DATA");
    if (env && *env)
        return env;
    /* An installed program moved with its prefix (cmake --install --prefix):
     * BINDIR/../DATADIR/parallax beside the program. A build-tree program has
     * none there and uses the library's compiled-in folder. */
    static char dir[4096];
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = 0; /* the program's folder */
    int k = snprintf(dir, sizeof dir, "%s/../%s", exe, PX_CLI_REL_DATA_DIR);
    char probe[4200];
    if (k <= 0 || (size_t)k >= sizeof dir ||
        snprintf(probe, sizeof probe, "%s/models/ner.bin", dir) >= (int)sizeof probe ||
        access(probe, R_OK) != 0)
        return NULL;
    return dir;
}

const char *px_cli_default_db(void)
{
    const char *env = getenv("PARALLAX_DB");
    return env && *env ? env : "parallax.db";
}

/* Parses a count: digits only. Returns 0 on success. */
static int parse_count(const char *s, size_t *out)
{
    char *end;
    if (!s[0] || s[0] < '0' || s[0] > '9')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || v > SIZE_MAX)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* Opens a store that must already exist (list, show, search never create one). */
int px_cli_open_store(px_cli *c, const char *db, px_store **s)
{
    struct stat sb;
    char errmsg[PX_ERRMSG_SIZE] = "";
    if (!px_store_is_uri(db) && stat(db, &sb) != 0) {
        px_cli_error(c, "no store at %s (create one with parallax add)", db);
        return PX_EXIT_ERR;
    }
    if (px_store_open(s, db, errmsg)) {
        px_cli_error(c, "%s", errmsg);
        return PX_EXIT_ERR;
    }
    return PX_EXIT_OK;
}

void px_cli_warn_stale(px_cli *c, px_store *s)
{
    size_t added = 0;
    int changed = 0, grouped = 1;
    if (px_stories_stale(s, &added, &changed, &grouped) != PX_OK || !grouped || !changed)
        return;
    if (added)
        px_cli_error(c,
                     "warning: %zu article%s added since the stories were grouped %s in no"
                     " story yet (parallax stories updates them)",
                     added, added == 1 ? "" : "s", added == 1 ? "is" : "are");
    else
        px_cli_error(c, "warning: the store changed since the stories were grouped"
                        " (parallax stories updates them)");
}

/* Closes the store and flushes stdout; returns the exit code to use. */
static int finish(px_cli *c, px_store *s, int code)
{
    if (px_store_close(s) != PX_OK) {
        px_cli_error(c, "cannot close the store");
        code = PX_EXIT_ERR;
    }
    if (fflush(stdout) != 0) {
        px_cli_error(c, "cannot write the output");
        code = PX_EXIT_ERR;
    }
    return code;
}

/* Writes a field of a tab-separated line: '-' when null, tabs and line breaks
 * as spaces. */
static void put_field(px_slice v)
{
    if (!v.ptr) {
        putchar('-');
        return;
    }
    for (size_t i = 0; i < v.len; i++) {
        int ch = v.ptr[i];
        putchar(ch == '\t' || ch == '\n' || ch == '\r' ? ' ' : ch);
    }
}

/* Writes v as a JSON string (null when v is null). */
static void put_json(px_slice v)
{
    static const char hex[] = "0123456789abcdef";
    if (!v.ptr) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (size_t i = 0; i < v.len; i++) {
        int ch = v.ptr[i];
        if (ch == '"' || ch == '\\') {
            putchar('\\');
            putchar(ch);
        } else if (ch == '\n') {
            fputs("\\n", stdout);
        } else if (ch == '\t') {
            fputs("\\t", stdout);
        } else if (ch < 0x20) {
            printf("\\u00%c%c", hex[ch >> 4], hex[ch & 15]);
        } else {
            putchar(ch);
        }
    }
    putchar('"');
}

/* The row printer of list and search. */
typedef struct printer {
    int json;
} printer;

static int print_row(void *ud, const px_store_row *r)
{
    const printer *p = ud;
    if (p->json) {
        fputs("{\"id\":", stdout);
        put_json(r->id);
        fputs(",\"date\":", stdout);
        put_json(r->date);
        fputs(",\"outlet\":", stdout);
        put_json(r->outlet);
        fputs(",\"title\":", stdout);
        put_json(r->title);
        if (r->snippet.ptr) {
            printf(",\"score\":%.4f,\"snippet\":", r->score);
            put_json(r->snippet);
        }
        fputs("}\n", stdout);
        return ferror(stdout);
    }
    put_field(r->id);
    putchar('\t');
    put_field(r->date);
    putchar('\t');
    put_field(r->outlet);
    putchar('\t');
    put_field(r->title);
    putchar('\n');
    if (r->snippet.ptr) {
        fputs("    ", stdout);
        put_field(r->snippet);
        putchar('\n');
    }
    return ferror(stdout);
}

/* Options shared by list, show and search. Returns -1 to go on, else an exit code. */
typedef struct query_opts {
    const char *db;
    size_t limit;
    int json;
    int raw;           /* search: FTS5 syntax as given */
    px_store_filter f; /* --outlet, --since, --until */
} query_opts;

static int
parse_query_opts(px_cli *c, int argc, char **argv, const char *usage, int with_limit, query_opts *q)
{
    static const struct option opts[] = {{"db", required_argument, NULL, OPT_DB},
                                         {"limit", required_argument, NULL, OPT_LIMIT},
                                         {"json", no_argument, NULL, OPT_JSON},
                                         {"raw", no_argument, NULL, OPT_RAW},
                                         {"outlet", required_argument, NULL, OPT_OUTLETS},
                                         {"since", required_argument, NULL, OPT_SINCE},
                                         {"until", required_argument, NULL, OPT_UNTIL},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int ch;
    q->db = px_cli_default_db();
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case OPT_DB:
            q->db = optarg;
            break;
        case OPT_RAW:
            if (with_limit != 2) { /* search only */
                fputs(usage, stderr);
                return PX_EXIT_USAGE;
            }
            q->raw = 1;
            break;
        case OPT_OUTLETS:
        case OPT_SINCE:
        case OPT_UNTIL:
            if (!with_limit) {
                fputs(usage, stderr);
                return PX_EXIT_USAGE;
            }
            *(ch == OPT_OUTLETS ? &q->f.outlets
              : ch == OPT_SINCE ? &q->f.since
                                : &q->f.until) = optarg;
            break;
        case OPT_LIMIT:
        case OPT_JSON:
            if (!with_limit) {
                fputs(usage, stderr);
                return PX_EXIT_USAGE;
            }
            if (ch == OPT_JSON)
                q->json = 1;
            else if (parse_count(optarg, &q->limit)) {
                px_cli_error(c, "%s: bad --limit '%s'", argv[0], optarg);
                return PX_EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(usage, stdout);
            return PX_EXIT_OK;
        default:
            fputs(usage, stderr);
            return PX_EXIT_USAGE;
        }
    }
    return -1;
}

/* The total on stderr (stdout keeps one line per article for scripts):
 * "parallax: 143 matches (20 shown)". */
static void print_total(px_cli *c, size_t total, size_t limit, const char *one, const char *many)
{
    if (limit && total > limit)
        px_cli_error(c, "%zu %s (%zu shown; --limit 0 shows all)", total, many, limit);
    else
        px_cli_error(c, "%zu %s", total, total == 1 ? one : many);
}

int px_cmd_list(px_cli *c, int argc, char **argv)
{
    query_opts q = {0};
    int code = parse_query_opts(c, argc, argv, LIST_USAGE, 1, &q);
    if (code >= 0)
        return code;
    if (optind < argc) {
        fputs(LIST_USAGE, stderr);
        return PX_EXIT_USAGE;
    }
    px_store *s = NULL;
    if ((code = px_cli_open_store(c, q.db, &s)))
        return code;
    printer p = {q.json};
    size_t total = 0;
    q.f.limit = q.limit;
    px_status st = px_store_list_where(s, &q.f, &total, print_row, &p);
    if (st) {
        px_cli_error(c, "list: %s", px_store_errmsg(s));
        code = st == PX_EINVAL ? PX_EXIT_USAGE : PX_EXIT_ERR;
    } else {
        print_total(c, total, q.limit, "article", "articles");
    }
    return finish(c, s, code);
}

int px_cmd_show(px_cli *c, int argc, char **argv)
{
    query_opts q = {0};
    int code = parse_query_opts(c, argc, argv, SHOW_USAGE, 0, &q);
    if (code >= 0)
        return code;
    if (argc - optind != 1) {
        fputs(SHOW_USAGE, stderr);
        return PX_EXIT_USAGE;
    }
    px_store *s = NULL;
    if ((code = px_cli_open_store(c, q.db, &s)))
        return code;
    px_buf out;
    px_buf_init(&out, 0);
    if (px_store_show(s, argv[optind], &out) || px_buf_append_byte(&out, '\n')) {
        px_cli_error(c, "show: %s", px_store_errmsg(s));
        code = PX_EXIT_ERR;
    } else if (fwrite(out.ptr, 1, out.len, stdout) != out.len) {
        code = PX_EXIT_ERR;
    }
    px_buf_free(&out);
    return finish(c, s, code);
}

int px_cmd_rm(px_cli *c, int argc, char **argv)
{
    query_opts q = {0};
    int code = parse_query_opts(c, argc, argv, RM_USAGE, 0, &q);
    if (code >= 0)
        return code;
    if (optind >= argc) {
        fputs(RM_USAGE, stderr);
        return PX_EXIT_USAGE;
    }
    px_store *s = NULL;
    if ((code = px_cli_open_store(c, q.db, &s)))
        return code;
    size_t removed = 0, missing = 0;
    for (int i = optind; i < argc; i++) {
        px_status st = px_store_remove(s, argv[i]);
        if (st == PX_OK) {
            removed++;
        } else if (st == PX_ENOTFOUND) {
            px_cli_error(c, "rm: %s", px_store_errmsg(s));
            missing++;
        } else {
            px_cli_error(c, "rm: %s: %s", argv[i], px_store_errmsg(s));
            code = PX_EXIT_ERR;
            break;
        }
    }
    px_cli_error(c, "removed %zu article%s, %zu not found", removed, removed == 1 ? "" : "s",
                 missing);
    return finish(c, s, code || missing ? PX_EXIT_ERR : PX_EXIT_OK);
}

/* Joins the query words with spaces. Returns PX_OK or PX_ENOMEM. */
static px_status join_words(int n, char **words, px_buf *out)
{
    px_status st = PX_OK;
    for (int i = 0; i < n && st == PX_OK; i++) {
        if (i)
            st = px_buf_append_byte(out, ' ');
        if (st == PX_OK)
            st = px_buf_append_str(out, words[i]);
    }
    return st ? st : px_buf_terminate(out);
}

int px_cmd_search(px_cli *c, int argc, char **argv)
{
    query_opts q = {.limit = 20};
    int code = parse_query_opts(c, argc, argv, SEARCH_USAGE, 2, &q);
    if (code >= 0)
        return code;
    if (optind >= argc) {
        fputs(SEARCH_USAGE, stderr);
        return PX_EXIT_USAGE;
    }
    px_buf query;
    px_buf_init(&query, 0);
    if (join_words(argc - optind, argv + optind, &query)) {
        px_cli_error(c, "out of memory");
        px_buf_free(&query);
        return PX_EXIT_ERR;
    }
    px_store *s = NULL;
    if ((code = px_cli_open_store(c, q.db, &s))) {
        px_buf_free(&query);
        return code;
    }
    int bold = !q.json && isatty(STDOUT_FILENO);
    printer p = {q.json};
    size_t total = 0;
    q.f.limit = q.limit;
    px_status st =
        px_store_search_where(s, (const char *)query.ptr, q.raw, &q.f, bold ? "\033[1m" : "[",
                              bold ? "\033[0m" : "]", &total, print_row, &p);
    if (st) {
        px_cli_error(c, "search: %s", px_store_errmsg(s));
        code = st == PX_EINVAL ? PX_EXIT_USAGE : PX_EXIT_ERR;
    } else {
        print_total(c, total, q.limit, "match", "matches");
    }
    px_buf_free(&query);
    return finish(c, s, code);
}

/* The state of one add run. */
typedef struct adder {
    px_cli *c;
    px_store *s;
    px_reader_stats stats; /* of --records (the reader keeps its own otherwise) */
    int fatal;             /* the store failed: stop */
    px_cli_meta meta;      /* --outlet, --date, --url, --title */
    px_cli_shard shard;    /* --shard */
    px_buf id;             /* scratch: a record's id */
} adder;

/* Prints an error about one input line (clearing the progress line) and counts it. */
static void line_error(adder *a, const char *path, size_t line, const char *msg)
{
    if (a->c->progress)
        fputs("\r\033[K", stderr);
    px_cli_error(a->c, "%s:%zu: %s", path, line, msg);
    a->c->errors++;
    a->stats.errors++;
}

/* After a put: a store failure (not a bad record) stops the run (the counts
 * of new and replaced articles are the store's: px_store_counts). */
static void check_put(adder *a, px_status st)
{
    if (st == PX_OK)
        return;
    px_cli_error(a->c, "add: %s", px_store_errmsg(a->s));
    a->fatal = 1;
}

/* The length of the JSON object at the start of p (through its closing brace,
 * outside strings), or n when p does not hold one whole object (the record
 * parser then says what is wrong). A byte scan rather than a second cJSON
 * parse: the store parses each record anyway, this only finds where it ends. */
static size_t object_end(const char *p, size_t n)
{
    if (!n || p[0] != '{')
        return n;
    size_t depth = 0;
    int in_str = 0, esc = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_str) {
            if (esc)
                esc = 0;
            else if (c == '\\')
                esc = 1;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"')
            in_str = 1;
        else if (c == '{' || c == '[')
            depth++;
        else if ((c == '}' || c == ']') && depth && --depth == 0)
            return i + 1;
    }
    return n;
}

/* 1 when the record (a line of annotate output) belongs to the shard; a record
 * without an id goes to shard 1, whose run reports it. */
static int record_in_shard(adder *a, px_slice rec)
{
    if (a->shard.n < 2)
        return 1;
    a->id.len = 0;
    if (px_record_id(rec, &a->id, NULL) != PX_OK)
        return a->shard.k == 0;
    return px_shard_of((const char *)a->id.ptr, a->shard.n) == a->shard.k;
}

/* --records: every input is JSON Lines of parallax.article/1 records, plain or
 * gzip- or zstd-compressed (annotate -o F.jsonl.zst). */
static void add_records_file(adder *a, const char *path, size_t max_bytes)
{
    char msg[PX_ERRMSG_SIZE] = "";
    px_lines *l = NULL;
    if (px_lines_open(&l, path, max_bytes, msg)) {
        px_cli_error(a->c, "%s", msg);
        a->c->errors++;
        a->stats.errors++;
        return;
    }
    a->stats.files++;
    unsigned long long base = a->stats.bytes;
    while (!a->fatal) {
        px_slice line;
        int got = 0;
        px_status st = px_lines_next(l, &line, &got, msg);
        a->stats.bytes = base + px_lines_bytes(l);
        if (st == PX_ETOOBIG) {
            a->stats.articles++;
            line_error(a, path, px_lines_lineno(l), "record larger than --max-bytes: skipped");
            continue;
        }
        if (st) {
            px_cli_error(a->c, "%s: after line %zu: %s", path, px_lines_lineno(l), msg);
            a->c->errors++;
            a->stats.errors++;
            break;
        }
        if (!got)
            break;
        size_t lineno = px_lines_lineno(l);
        const char *text = (const char *)line.ptr;
        /* Every object on the line is a record ({...} {...} is two). */
        size_t off = 0, len = line.len, k = 0;
        while (!a->fatal) {
            while (off < len && (text[off] == ' ' || text[off] == '\t' || text[off] == '\r' ||
                                 text[off] == '\n'))
                off++;
            if (off == len)
                break;
            a->stats.articles++;
            k++;
            size_t end = off + object_end(text + off, len - off);
            px_slice rec = {(const uint8_t *)text + off, end - off};
            off = end;
            if (!record_in_shard(a, rec))
                continue;
            st = px_store_put_record(a->s, rec, NULL);
            if (st == PX_EPARSE) {
                if (k > 1) {
                    char emsg[PX_ERRMSG_SIZE + 48];
                    snprintf(emsg, sizeof emsg, "record at byte %zu of the line: %s",
                             (size_t)(rec.ptr - line.ptr), px_store_errmsg(a->s));
                    line_error(a, path, lineno, emsg);
                } else
                    line_error(a, path, lineno, px_store_errmsg(a->s));
            } else
                check_put(a, st);
        }
        px_cli_progress(a->c, &a->stats, 0);
    }
    px_lines_close(l);
}

/* Annotation and storage run on two threads: the caller's thread reads and
 * annotates (the engine is used by that thread only), a store thread writes
 * (SQLite's full-text indexing costs about as much as annotation). Documents
 * pass through a bounded queue and come back through a second one to be freed
 * on the annotating thread, where their memory is reused. */
#define QCAP 64

typedef struct item {
    px_doc *doc;
    px_buf json; /* the record, written on the annotating thread */
} item;

typedef struct docq {
    item *items[QCAP];
    size_t head, count;
} docq;

typedef struct pipe_state {
    adder *a;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    docq todo, done;
    size_t inflight; /* handed over and not yet back: todo + being stored + done */
    int closed;      /* no more documents will come */
} pipe_state;

static void q_push(docq *q, item *d)
{
    q->items[(q->head + q->count++) % QCAP] = d;
}

static item *q_pop(docq *q)
{
    item *d = q->items[q->head];
    q->head = (q->head + 1) % QCAP;
    q->count--;
    return d;
}

static void *store_thread(void *arg)
{
    pipe_state *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->todo.count && !p->closed)
            pthread_cond_wait(&p->not_empty, &p->mu);
        if (!p->todo.count)
            break;
        item *d = q_pop(&p->todo);
        int fatal = p->a->fatal;
        pthread_mutex_unlock(&p->mu);
        px_status st =
            fatal ? PX_OK : px_store_put_doc(p->a->s, d->doc, px_buf_slice(&d->json), NULL);
        pthread_mutex_lock(&p->mu);
        if (!fatal)
            check_put(p->a, st);
        q_push(&p->done, d); /* never overflows: at most QCAP documents are in flight */
        pthread_cond_signal(&p->not_full);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Hands d to the store thread (blocking while QCAP documents are in flight) and
 * frees the documents it has finished with. Returns 0 when the run must stop. */
static void item_free(item *it)
{
    px_doc_free(it->doc);
    px_buf_free(&it->json);
    free(it);
}

static int hand_over(pipe_state *p, item *d)
{
    item *done[QCAP];
    size_t ndone = 0;
    pthread_mutex_lock(&p->mu);
    while (p->inflight >= QCAP && !p->done.count)
        pthread_cond_wait(&p->not_full, &p->mu);
    while (p->done.count)
        done[ndone++] = q_pop(&p->done);
    p->inflight -= ndone;
    if (d) {
        q_push(&p->todo, d);
        p->inflight++;
    }
    int go_on = !p->a->fatal;
    pthread_cond_signal(&p->not_empty);
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 0; i < ndone; i++)
        item_free(done[i]);
    return go_on;
}

static void doc_failed(adder *a, const px_article *art, px_status st)
{
    px_diag dg = {"-", -1, st, 1, px_strerror(st), NULL};
    char path[512];
    if (art->source_path.ptr) {
        snprintf(path, sizeof path, "%.*s", (int)art->source_path.len,
                 (const char *)art->source_path.ptr);
        dg.path = path;
    }
    px_cli_diag(a->c, &dg);
}

/* The annotating side: reads, annotates and hands over every document. */
static void annotate_all(pipe_state *p, px_engine *e, px_reader *r)
{
    adder *a = p->a;
    for (;;) {
        px_article art;
        int got = 0;
        px_status st = px_reader_next(r, &art, &got);
        if (st) {
            px_cli_error(a->c, "add: %s", px_strerror(st));
            pthread_mutex_lock(&p->mu);
            a->fatal = 1;
            pthread_mutex_unlock(&p->mu);
        }
        if (st || !got)
            break;
        px_cli_meta_apply(&a->meta, &art);
        if (!px_cli_shard_keeps(&a->shard, &art))
            continue;
        item *it = calloc(1, sizeof(*it));
        st = it ? px_doc_new(e, &art, &it->doc) : PX_ENOMEM;
        if (st == PX_OK) {
            px_buf_init(&it->json, 0);
            st = px_doc_write_json(it->doc, &it->json);
        }
        if (st) {
            doc_failed(a, &art, st);
            if (it)
                item_free(it);
            it = NULL;
        }
        if (!hand_over(p, it))
            break;
        px_reader_stats stats = px_reader_get_stats(r);
        px_cli_progress(a->c, &stats, 0);
    }
}

/* Annotates the inputs (px_reader) and stores each document. */
static void add_articles(adder *a,
                         const px_reader_options *ropt,
                         const px_engine_options *eopt,
                         char *const *paths,
                         size_t npaths)
{
    char errmsg[PX_ERRMSG_SIZE] = "";
    px_engine *e = NULL;
    px_reader *r = NULL;
    if (px_engine_new(&e, eopt, errmsg)) {
        px_cli_error(a->c, "%s", errmsg);
        a->fatal = 1;
        return;
    }
    px_cli_engine_warnings(a->c, e);
    if (px_reader_new(&r, ropt, paths, npaths)) {
        px_engine_free(e);
        px_cli_error(a->c, "out of memory");
        a->fatal = 1;
        return;
    }
    pipe_state p = {.a = a};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.not_empty, NULL);
    pthread_cond_init(&p.not_full, NULL);
    pthread_t tid;
    if (pthread_create(&tid, NULL, store_thread, &p) != 0) {
        px_cli_error(a->c, "cannot start the store thread");
        a->fatal = 1;
    } else {
        annotate_all(&p, e, r);
        pthread_mutex_lock(&p.mu);
        p.closed = 1;
        pthread_cond_signal(&p.not_empty);
        pthread_mutex_unlock(&p.mu);
        pthread_join(tid, NULL);
        while (p.done.count)
            item_free(q_pop(&p.done));
    }
    pthread_cond_destroy(&p.not_full);
    pthread_cond_destroy(&p.not_empty);
    pthread_mutex_destroy(&p.mu);
    a->stats = px_reader_get_stats(r);
    px_reader_free(r);
    px_engine_free(e);
}

int px_cmd_add(px_cli *c, int argc, char **argv)
{
    px_reader_options ropt = {.diag = px_cli_diag, .diag_ud = c};
    px_engine_options eopt = {.data_dir = px_cli_data_dir()};
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"records", no_argument, NULL, OPT_RECORDS},
        {"max-bytes", required_argument, NULL, OPT_MAX},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"no-lang", no_argument, NULL, OPT_NOLANG},
        {"no-analyses", no_argument, NULL, OPT_NOANA},
        {"outlet", required_argument, NULL, PX_CLI_OPT_OUTLET},
        {"date", required_argument, NULL, PX_CLI_OPT_DATE},
        {"url", required_argument, NULL, PX_CLI_OPT_URL},
        {"title", required_argument, NULL, PX_CLI_OPT_TITLE},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"outlets-file", required_argument, NULL, PX_CLI_OPT_OUTLETS_FILE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db = px_cli_default_db();
    size_t batch = 0;
    px_cli_meta meta = {0};
    px_cli_shard shard = {0};
    int records = 0, ch, mo;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if ((mo = px_cli_meta_opt(c, &meta, ch, optarg)) != 0) {
            if (mo < 0)
                return mo == -2 ? PX_EXIT_ERR : PX_EXIT_USAGE;
            continue;
        }
        switch (ch) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_RECORDS:
            records = 1;
            break;
        case OPT_SHARD:
            if (px_cli_parse_shard(c, "add", optarg, &shard))
                return PX_EXIT_USAGE;
            break;
        case OPT_NOLANG:
            eopt.no_langid = 1;
            break;
        case OPT_NOANA:
            eopt.no_analyses = 1;
            break;
        case OPT_MAX:
        case OPT_BATCH:
            if (ch == OPT_MAX ? px_cli_parse_size(optarg, &ropt.max_bytes)
                              : parse_count(optarg, &batch) || batch == 0) {
                px_cli_error(c, "add: bad %s '%s'", ch == OPT_MAX ? "--max-bytes" : "--batch",
                             optarg);
                return PX_EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(ADD_USAGE, stdout);
            return PX_EXIT_OK;
        default:
            fputs(ADD_USAGE, stderr);
            return PX_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fputs(ADD_USAGE, stderr);
        return PX_EXIT_USAGE;
    }
    char errmsg[PX_ERRMSG_SIZE] = "";
    adder a = {.c = c, .meta = meta, .shard = shard};
    px_buf_init(&a.id, 0);
    if (px_store_open(&a.s, db, errmsg)) {
        px_cli_error(c, "%s", errmsg);
        return PX_EXIT_ERR;
    }
    px_store_set_batch(a.s, batch);
    if (records)
        for (int i = optind; i < argc && !a.fatal; i++)
            add_records_file(&a, argv[i], ropt.max_bytes ? ropt.max_bytes : (size_t)16 << 20);
    else
        add_articles(&a, &ropt, &eopt, argv + optind, (size_t)(argc - optind));
    a.stats.errors = c->errors;
    px_cli_progress(c, &a.stats, 1);
    /* What the store wrote (on PostgreSQL, new and replaced are known only
     * as batches are written). */
    size_t fresh = 0, replaced = 0;
    px_status cst = px_store_commit(a.s);
    px_store_counts(a.s, &fresh, &replaced);
    if (cst != PX_OK)
        px_cli_error(c, "add: %s", px_store_errmsg(a.s));
    if (cst != PX_OK || px_store_close(a.s) != PX_OK) {
        px_cli_error(c, "add: cannot commit the last batch to %s", db);
        a.fatal = 1;
    }
    px_buf_free(&a.id);
    px_cli_error(c, "added %zu articles (%zu new, %zu replaced), %zu errors", fresh + replaced,
                 fresh, replaced, c->errors);
    return a.fatal || c->errors ? PX_EXIT_ERR : PX_EXIT_OK; /* warnings alone: 0 */
}
