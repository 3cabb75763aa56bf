/* parallax annotate: articles in, parallax.article/1 records out (JSON Lines). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char USAGE[] =
    "usage: parallax annotate [options] [PATH...]\n"
    "\n"
    "Prints one parallax.article/1 record (JSON) per article, one per line, in input\n"
    "order. PATH is a file, a directory (read recursively, names sorted) or - for\n"
    "standard input (the default): plain text, JSON Lines, HTML, RSS/Atom feeds or\n"
    "WARC, optionally gzip- or zstd-compressed. Bad inputs are reported on stderr\n"
    "and skipped.\n"
    "\n"
    "options:\n"
    "  --max-bytes N   skip an article larger than N bytes (default 16M; k, M, G)\n"
    "  --no-lang       do not identify the language (lang is null)\n"
    "  --no-analyses   text, paragraphs and sentences only: no entities, dates,\n"
    "                  quantities or quotes (their arrays are empty); fastest\n"
    "  --syntax        add \"syntax\": per sentence, the words with their part of\n"
    "                  speech, lemma, head and dependency relation\n"
    "  --outlet NAME, --date YYYY-MM-DD, --url URL, --title TEXT\n"
    "                  for inputs that state none (the input's own value wins)\n"
    "  --shard K/N     only the articles of shard K of N (1 <= K <= N), chosen by a\n"
    "                  hash of the record id: N runs over the same inputs write\n"
    "                  every article exactly once, whatever the file order\n"
    "  -o, --output F  write the records to F (default standard output); F appears\n"
    "                  only once complete (written to a temporary file, then\n"
    "                  renamed); a name ending in .zst is zstd-compressed\n"
    "  --outlets-file F  a TSV of outlets (name, aliases, hosts, country, leaning):\n"
    "                  outlet names and URL hosts become the table's names\n"
    "  -h, --help      show this help\n";

static px_slice cslice(const char *s)
{
    return (px_slice){(const uint8_t *)s, strlen(s)};
}

static int is_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    return !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

int px_cli_outlets_file(px_cli *c, const char *path)
{
    px_outlets_free(c->outlets);
    c->outlets = NULL;
    return px_outlets_load(path, &c->outlets, px_cli_diag, c) == PX_OK ? 0 : PX_EXIT_ERR;
}

int px_cli_meta_opt(px_cli *c, px_cli_meta *m, int ch, const char *v)
{
    switch (ch) {
    case PX_CLI_OPT_OUTLET:
        m->outlet = v;
        return 1;
    case PX_CLI_OPT_URL:
        m->url = v;
        return 1;
    case PX_CLI_OPT_TITLE:
        m->title = v;
        return 1;
    case PX_CLI_OPT_OUTLETS_FILE:
        if (px_cli_outlets_file(c, v))
            return -2;
        m->outlets = c->outlets;
        return 1;
    case PX_CLI_OPT_DATE:
        if (!is_date(v)) {
            px_cli_error(c, "bad --date '%s' (want YYYY-MM-DD)", v);
            return -1;
        }
        m->date = v;
        return 1;
    default:
        return 0;
    }
}

void px_cli_meta_apply(const px_cli_meta *m, px_article *a)
{
    px_outlet_info oi;
    if (m->outlets && px_outlets_find(m->outlets, a->outlet, a->url, &oi))
        a->outlet = cslice(oi.name);
    if (m->outlet && *m->outlet && !a->outlet.ptr)
        a->outlet = cslice(m->outlet);
    if (m->url && *m->url && !a->url.ptr)
        a->url = cslice(m->url);
    if (m->title && *m->title && !a->title.ptr)
        a->title = cslice(m->title);
    if (m->date && !a->date.ptr) {
        a->date = cslice(m->date);
        a->date_source = "header";
    }
}

int px_cli_parse_shard(px_cli *c, const char *cmd, const char *v, px_cli_shard *sh)
{
    char *end;
    unsigned long k = 0, n = 0;
    if (v[0] >= '0' && v[0] <= '9') {
        k = strtoul(v, &end, 10);
        if (*end == '/' && end[1] >= '0' && end[1] <= '9')
            n = strtoul(end + 1, &end, 10);
        else
            end = (char *)v;
    } else {
        end = (char *)v;
    }
    if (*end || n < 1 || n > 1000000 || k < 1 || k > n) {
        px_cli_error(c, "%s: bad --shard '%s' (want K/N with 1 <= K <= N, e.g. 3/8)", cmd, v);
        return -1;
    }
    sh->k = (uint32_t)(k - 1);
    sh->n = (uint32_t)n;
    return 0;
}

int px_cli_shard_keeps(const px_cli_shard *sh, const px_article *a)
{
    if (sh->n < 2)
        return 1;
    char id[17];
    if (px_article_id(a, id) != PX_OK)
        return sh->k == 0;
    return px_shard_of(id, sh->n) == sh->k;
}

/* Where the records go: standard output, or a file (-o) that appears whole. */
typedef struct sink {
    px_cli *c;
    px_ofile *f; /* NULL: stdout */
} sink;

static px_status sink_write(sink *o, const px_buf *b)
{
    if (o->f) {
        px_status st = px_ofile_write(o->f, b->ptr, b->len);
        if (st)
            px_cli_error(o->c, "annotate: %s", px_ofile_errmsg(o->f));
        return st;
    }
    if (fwrite(b->ptr, 1, b->len, stdout) != b->len) {
        o->c->out_errno = errno; /* reported by main, naming stdout */
        return PX_EIO;
    }
    return PX_OK;
}

int px_cmd_annotate(px_cli *c, int argc, char **argv)
{
    px_reader_options ropt = {.diag = px_cli_diag, .diag_ud = c};
    px_engine_options eopt = {.data_dir = px_cli_data_dir()};
    static const struct option opts[] = {
        {"max-bytes", required_argument, NULL, 'm'},
        {"no-lang", no_argument, NULL, 'L'},
        {"no-analyses", no_argument, NULL, 'A'},
        {"syntax", no_argument, NULL, 'S'},
        {"outlet", required_argument, NULL, PX_CLI_OPT_OUTLET},
        {"date", required_argument, NULL, PX_CLI_OPT_DATE},
        {"url", required_argument, NULL, PX_CLI_OPT_URL},
        {"title", required_argument, NULL, PX_CLI_OPT_TITLE},
        {"shard", required_argument, NULL, 'k'},
        {"output", required_argument, NULL, 'o'},
        {"outlets-file", required_argument, NULL, PX_CLI_OPT_OUTLETS_FILE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    px_cli_meta meta = {0};
    px_cli_shard shard = {0};
    const char *output = NULL;
    int ch, mo;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if ((mo = px_cli_meta_opt(c, &meta, ch, optarg)) != 0) {
            if (mo < 0)
                return mo == -2 ? PX_EXIT_ERR : PX_EXIT_USAGE;
            continue;
        }
        switch (ch) {
        case 'm':
            if (px_cli_parse_size(optarg, &ropt.max_bytes)) {
                px_cli_error(c, "annotate: bad --max-bytes '%s'", optarg);
                return PX_EXIT_USAGE;
            }
            break;
        case 'L':
            eopt.no_langid = 1;
            break;
        case 'A':
            eopt.no_analyses = 1;
            break;
        case 'S':
            eopt.record_syntax = 1;
            break;
        case 'k':
            if (px_cli_parse_shard(c, "annotate", optarg, &shard))
                return PX_EXIT_USAGE;
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return PX_EXIT_OK;
        default:
            fputs(USAGE, stderr);
            return PX_EXIT_USAGE;
        }
    }
    static char *const stdin_path[] = {"-"};
    char *const *paths = optind < argc ? argv + optind : stdin_path;
    size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;

    char errmsg[PX_ERRMSG_SIZE] = "";
    px_engine *e = NULL;
    px_reader *r = NULL;
    if (px_engine_new(&e, &eopt, errmsg)) {
        px_cli_error(c, "%s", errmsg);
        return PX_EXIT_ERR;
    }
    px_cli_engine_warnings(c, e);
    if (px_reader_new(&r, &ropt, paths, npaths)) {
        px_engine_free(e);
        px_cli_error(c, "out of memory");
        return PX_EXIT_ERR;
    }
    sink o = {c, NULL};
    if (output && strcmp(output, "-") && px_ofile_open(&o.f, output, errmsg)) {
        px_cli_error(c, "annotate: %s", errmsg);
        px_reader_free(r);
        px_engine_free(e);
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
        px_cli_meta_apply(&meta, &a);
        if (!px_cli_shard_keeps(&shard, &a))
            continue;
        px_doc *d = NULL;
        px_status dst = px_doc_new(e, &a, &d);
        if (dst == PX_OK) {
            out.len = 0;
            dst = px_doc_write_json(d, &out);
            if (dst == PX_OK)
                dst = px_buf_append_byte(&out, '\n');
            if (dst == PX_OK && sink_write(&o, &out) != PX_OK)
                st = PX_EIO;
        }
        if (dst) {
            px_diag dg = {(const char *)a.source_path.ptr, -1, dst, 1, px_strerror(dst), NULL};
            px_cli_diag(c, &dg);
        }
        px_doc_free(d);
        px_reader_stats s = px_reader_get_stats(r);
        px_cli_progress(c, &s, 0);
        if (st)
            break;
    }
    px_reader_stats s = px_reader_get_stats(r);
    px_cli_progress(c, &s, 1);
    int said = 0; /* the failure was reported already */
    if (o.f) {
        /* The file appears only when every input was read (bad ones reported). */
        said = st == PX_EIO; /* by sink_write */
        if (st) {
            px_ofile_abort(o.f);
        } else if (px_ofile_commit(o.f, errmsg)) {
            px_cli_error(c, "annotate: %s", errmsg);
            st = PX_EIO;
            said = 1;
        }
    } else if (!st && fflush(stdout) != 0) {
        c->out_errno = errno;
        st = PX_EIO;
    }
    if (st && !c->out_errno && !said)
        px_cli_error(c, "annotate: %s", px_strerror(st));
    px_buf_free(&out);
    px_reader_free(r);
    px_engine_free(e);
    return st || c->errors ? PX_EXIT_ERR : PX_EXIT_OK; /* warnings alone: 0 */
}
