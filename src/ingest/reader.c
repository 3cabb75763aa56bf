/* The reader: paths to articles. Walks directories (recursively, names in
 * byte order, dot files skipped, each directory once, files handed out as they
 * are found), opens each input through px_input (gzip and
 * zstd transparently), sniffs its format and hands out one article at a time.
 * Problems are reported through the diag callback with the path and byte
 * offset; the input (or the one record) is skipped and reading goes on. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/charset.h"
#include "ingest/html.h"
#include "ingest/ingest.h"
#include "ingest/input.h"
#include "ingest/reader.h"

#define SNIFF_BYTES  8192
#define DEFAULT_MAX  ((size_t)16 << 20) /* memory: see docs/ingest.md "Memory" */
#define MAX_DEPTH    64
#define MAX_BAD_MSGS 5

void px__reader_diag(px_reader *r, long long off, px_status st, int is_error, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (is_error)
        r->stats.errors++;
    else
        r->stats.warnings++;
    if (r->opt.diag) {
        px_diag d = {r->cur_path, off, st, is_error, msg, r->in ? px__input_codec(r->in) : NULL};
        r->opt.diag(r->opt.diag_ud, &d);
    }
}

px_status
px_reader_new(px_reader **out, const px_reader_options *opt, char *const *paths, size_t npaths)
{
    if (!out || (npaths && !paths))
        return PX_EINVAL;
    px_reader *r = px__calloc(1, sizeof(*r));
    if (!r)
        return PX_ENOMEM;
    if (opt)
        r->opt = *opt;
    if (!r->opt.max_bytes)
        r->opt.max_bytes = DEFAULT_MAX;
    r->paths = paths;
    r->npaths = npaths;
    px_buf_init(&r->data, 0);
    px_buf_init(&r->body, 0);
    px_buf_init(&r->line, 0);
    px_buf_init(&r->jrest, 0);
    px_buf_init(&r->fields, 0);
    px_buf_init(&r->conv, 0);
    px_buf_init(&r->payload, 0);
    px_buf_init(&r->feedtext, 0);
    *out = r;
    return PX_OK;
}

px_status px__reader_new_mem(
    px_reader **out, const px_reader_options *opt, const uint8_t *data, size_t n, char *const *name)
{
    px_status st = px_reader_new(out, opt, name, 1);
    if (st == PX_OK) {
        (*out)->mem = data ? data : (const uint8_t *)"";
        (*out)->mem_len = n;
    }
    return st;
}

static void close_input(px_reader *r)
{
    px__reader_feed_clear(r);
    px__input_close(r->in);
    r->in = NULL;
    r->jrest.len = 0;
    r->mode = MODE_NONE;
}

/* One directory of the walk: its entries (full paths, sorted), the next one. */
struct px_walk_dir {
    char **names;
    size_t n, i;
    dev_t dev;
    ino_t ino;
};

static void pop_dir(px_reader *r)
{
    struct px_walk_dir *w = &r->dirs[--r->ndirs];
    for (size_t i = w->i; i < w->n; i++)
        px__free(w->names[i]);
    px__free(w->names);
}

static void free_walk(px_reader *r)
{
    while (r->ndirs)
        pop_dir(r);
    px__free(r->dirs);
    px__free(r->seen);
    r->dirs = NULL;
    r->seen = NULL;
    r->nseen = r->cap_seen = 0;
}

void px_reader_free(px_reader *r)
{
    if (!r)
        return;
    close_input(r);
    free_walk(r);
    px__free(r->cur_owned);
    px__reader_jsonl_clear(r);
    px_buf_free(&r->data);
    px_buf_free(&r->body);
    px_buf_free(&r->line);
    px_buf_free(&r->jrest);
    px_buf_free(&r->fields);
    px_buf_free(&r->conv);
    px_buf_free(&r->payload);
    px_buf_free(&r->feedtext);
    px__html_free(r->html);
    px__free(r);
}

px_reader_stats px_reader_get_stats(const px_reader *r)
{
    return r->stats;
}

/* ---- directory walk ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t seen_slot(const px_reader *r, dev_t dev, ino_t ino)
{
    unsigned long long h = ((unsigned long long)dev * 0x9e3779b97f4a7c15ULL) ^
                           ((unsigned long long)ino * 0xc2b2ae3d27d4eb4fULL);
    size_t mask = r->cap_seen - 1, i = (size_t)(h ^ (h >> 29)) & mask;
    while (r->seen[2 * i + 1] && (r->seen[2 * i] != (unsigned long long)dev ||
                                  r->seen[2 * i + 1] != (unsigned long long)ino + 1))
        i = (i + 1) & mask;
    return i;
}

/* Records a directory as read; *was is 1 when it had been read already. */
static px_status mark_seen(px_reader *r, dev_t dev, ino_t ino, int *was)
{
    if (2 * (r->nseen + 1) > r->cap_seen) { /* load factor at most 1/2 */
        size_t cap = r->cap_seen ? r->cap_seen * 2 : 64;
        unsigned long long *old = r->seen, *t = px__calloc(2 * cap, sizeof *t);
        if (!t)
            return PX_ENOMEM;
        size_t ocap = r->cap_seen;
        r->seen = t;
        r->cap_seen = cap;
        for (size_t i = 0; i < ocap; i++)
            if (old[2 * i + 1]) {
                size_t j = seen_slot(r, (dev_t)old[2 * i], (ino_t)(old[2 * i + 1] - 1));
                t[2 * j] = old[2 * i];
                t[2 * j + 1] = old[2 * i + 1];
            }
        px__free(old);
    }
    size_t i = seen_slot(r, dev, ino);
    *was = r->seen[2 * i + 1] != 0;
    if (!*was) {
        r->seen[2 * i] = (unsigned long long)dev;
        r->seen[2 * i + 1] = (unsigned long long)ino + 1; /* 0 marks a free slot */
        r->nseen++;
    }
    return PX_OK;
}

/* Starts reading directory dir (sb: its stat): reads and sorts its entries.
 * A directory already read (a symbolic link back to an enclosing directory, or
 * a second way to one) is reported once, where the link is met, and skipped:
 * so a loop costs one message, not an exponential walk. */
static px_status enter_dir(px_reader *r, const char *dir, const struct stat *sb)
{
    int was;
    px_status st = mark_seen(r, sb->st_dev, sb->st_ino, &was);
    if (st)
        return st;
    r->cur_path = dir;
    if (was) {
        int loop = 0;
        for (size_t k = 0; k < r->ndirs && !loop; k++)
            loop = r->dirs[k].dev == sb->st_dev && r->dirs[k].ino == sb->st_ino;
        px__reader_diag(r, -1, PX_OK, 0,
                        loop ? "symbolic link loop (leads back to an enclosing directory):"
                               " not followed"
                             : "directory already read through another path: skipped");
        return PX_OK;
    }
    if (r->ndirs > MAX_DEPTH) {
        px__reader_diag(r, -1, PX_ETOOBIG, 1, "directory nesting deeper than %d: skipped",
                        MAX_DEPTH);
        return PX_OK;
    }
    DIR *d = opendir(dir);
    if (!d) {
        px__reader_diag(r, -1, PX_EIO, 1, "%s", strerror(errno));
        return PX_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while (st == PX_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue; /* ".", "..", and hidden files such as .DS_Store */
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **p = px__realloc(names, cap * sizeof(*p));
            if (!p) {
                st = PX_ENOMEM;
                break;
            }
            names = p;
        }
        size_t dl = strlen(dir), nl = strlen(e->d_name);
        int slash = dl > 0 && dir[dl - 1] == '/';
        char *full = px__malloc(dl + nl + 2);
        if (!full) {
            st = PX_ENOMEM;
            break;
        }
        memcpy(full, dir, dl);
        if (!slash)
            full[dl++] = '/';
        memcpy(full + dl, e->d_name, nl + 1);
        names[n++] = full;
    }
    closedir(d);
    if (st == PX_OK && !r->dirs && !(r->dirs = px__calloc(MAX_DEPTH + 1, sizeof *r->dirs)))
        st = PX_ENOMEM;
    if (st) {
        for (size_t i = 0; i < n; i++)
            px__free(names[i]);
        px__free(names);
        return st;
    }
    qsort(names, n, sizeof(*names), cmp_str);
    r->dirs[r->ndirs++] = (struct px_walk_dir){names, n, 0, sb->st_dev, sb->st_ino};
    return PX_OK;
}

/* Moves to the next input path; *got is 0 at the end. */
static px_status next_path(px_reader *r, const char **path, int *got)
{
    px__free(r->cur_owned);
    r->cur_owned = NULL;
    *got = 0;
    for (;;) {
        struct stat sb;
        if (r->ndirs) {
            struct px_walk_dir *w = &r->dirs[r->ndirs - 1];
            if (w->i == w->n) {
                pop_dir(r);
                continue;
            }
            char *name = w->names[w->i++];
            if (stat(name, &sb) == 0 && S_ISDIR(sb.st_mode)) {
                px_status st = enter_dir(r, name, &sb);
                px__free(name);
                r->cur_path = NULL;
                if (st)
                    return st;
                continue;
            }
            r->cur_owned = name; /* errors surface when it is opened */
            *path = name;
            *got = 1;
            return PX_OK;
        }
        if (r->ipath >= r->npaths)
            return PX_OK;
        const char *p = r->paths[r->ipath++];
        if (!r->mem && strcmp(p, "-") != 0 && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            px_status st = enter_dir(r, p, &sb);
            if (st)
                return st;
            continue;
        }
        *path = p;
        *got = 1;
        return PX_OK;
    }
}

/* ---- opening and sniffing ---- */

/* Reads up to want bytes more into r->data; sets *eof at the end of input. */
px_status px__reader_fill(px_reader *r, size_t want, int *eof)
{
    px_status st = px_buf_reserve(&r->data, want);
    if (st)
        return st;
    size_t got = 0;
    st = px__input_read(r->in, r->data.ptr + r->data.len, want, &got, r->errmsg);
    if (st) {
        r->data.len += got;
        r->stats.bytes += got;
        px__reader_diag(r, (long long)(r->data_off + r->data.len), st, 1, "%s", r->errmsg);
        if (st != PX_ENOMEM && px__input_recovered(r->in)) {
            r->seam = r->data_off + r->data.len;
            *eof = 0; /* a damaged part was skipped: the rest is read */
            return PX_OK;
        }
        return st;
    }
    r->data.len += got;
    r->stats.bytes += got;
    *eof = got == 0;
    return PX_OK;
}

static const uint8_t *find_ci(const uint8_t *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; i + k <= n; i++)
        if (p[i] == '<' && px__ascii_prefix_ci(p + i, n - i, lit))
            return p + i;
    return NULL;
}

/* Decides the format from the first bytes; returns a message for inputs this
 * build does not read, NULL otherwise. */
static const char *sniff(px_reader *r, long long *bad_off)
{
    const uint8_t *p = r->data.ptr;
    size_t n = r->data.len;
    *bad_off = -1;
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        r->mode = MODE_UTF16;
        return NULL;
    }
    size_t i = 0;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    size_t lim = n < SNIFF_BYTES ? n : SNIFF_BYTES;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (n - i >= 5 && memcmp(p + i, "WARC/", 5) == 0) {
        r->mode = MODE_WARC;
        return NULL;
    }
    const uint8_t *nul = memchr(p, 0, lim);
    if (nul) {
        *bad_off = nul - p;
        return "binary file (NUL byte): skipped";
    }
    if (i < n && p[i] == '<') {
        const uint8_t *w = p + i;
        size_t wn = lim > i ? lim - i : 0;
        const uint8_t *feed = find_ci(w, wn, "<rss");
        const uint8_t *f2 = find_ci(w, wn, "<feed");
        const uint8_t *f3 = find_ci(w, wn, "<rdf:rdf");
        const uint8_t *html = find_ci(w, wn, "<html");
        if (!feed || (f2 && f2 < feed))
            feed = f2;
        if (!feed || (f3 && f3 < feed))
            feed = f3;
        int xml = px__ascii_prefix_ci(w, wn, "<?xml");
        if (feed && (!html || feed < html))
            r->mode = MODE_FEED;
        else if (xml && !html && !find_ci(w, wn, "<!doctype html") && !find_ci(w, wn, "<body"))
            r->mode = MODE_FEED; /* XML: the feed reader says what it is not */
        else
            r->mode = MODE_HTML;
        return NULL;
    }
    r->mode = i < n && p[i] == '{' ? MODE_JSONL : MODE_TEXT;
    return NULL;
}

static px_status open_next(px_reader *r, int *got)
{
    const char *path = NULL;
    px_status st;
    for (;;) {
        if ((st = next_path(r, &path, got)) || !*got)
            return st;
        r->cur_path = path;
        r->data.len = 0;
        r->data_off = 0;
        r->seam = 0;
        r->pos = 0;
        r->lineno = 0;
        st = r->mem ? px__input_open_mem(&r->in, r->mem, r->mem_len)
                    : px__input_open(&r->in, path, r->errmsg);
        if (st == PX_ENOMEM)
            return st;
        if (st) {
            px__reader_diag(r, -1, st, 1, "%s", r->errmsg);
            continue;
        }
        r->stats.files++;
        int eof = 0;
        while (r->data.len < SNIFF_BYTES && !eof)
            if ((st = px__reader_fill(r, SNIFF_BYTES - r->data.len, &eof)))
                break;
        if (st == PX_ENOMEM)
            return st;
        if (st && r->data.len == 0) {
            close_input(r);
            continue;
        }
        r->in_eof = eof || st;
        if (r->data.len == 0) {
            px__reader_diag(r, -1, PX_EEMPTY, 1, "empty file: skipped");
            close_input(r);
            continue;
        }
        long long off;
        const char *why = sniff(r, &off);
        if (st && !why && r->mode != MODE_WARC) {
            /* only a WARC keeps the records before a decompression error */
            close_input(r);
            continue;
        }
        if (why) {
            px__reader_diag(r, off, PX_EUNSUPPORTED, 1, "%s", why);
            close_input(r);
            continue;
        }
        return PX_OK;
    }
}

/* ---- plain text ---- */

typedef struct bad_ctx {
    px_reader *r;
    size_t base;
    size_t count;
} bad_ctx;

static void on_bad(void *ud, size_t off, uint8_t byte)
{
    bad_ctx *b = ud;
    if (++b->count <= MAX_BAD_MSGS)
        px__reader_diag(b->r, (long long)(b->base + off), PX_EUTF8, 0,
                        byte < 0x20 ? "control byte 0x%02x replaced by U+FFFD"
                                    : "invalid UTF-8 byte 0x%02x replaced by U+FFFD",
                        byte);
}

/* Repairs s into r->body, reporting offsets relative to base. */
px_status px__reader_repair(px_reader *r, px_slice s, size_t base)
{
    bad_ctx b = {r, base, 0};
    r->body.len = 0;
    size_t nbad = 0;
    px_status st = px__utf8_repair(s, 1, &r->body, on_bad, &b, &nbad);
    if (st == PX_OK && nbad > MAX_BAD_MSGS)
        px__reader_diag(r, -1, PX_EUTF8, 0, "%zu more bad bytes replaced by U+FFFD",
                        nbad - MAX_BAD_MSGS);
    size_t ndouble = st == PX_OK ? px__charset_undo_double(&r->body) : 0;
    if (ndouble)
        px__reader_diag(r, (long long)base, PX_EUTF8, 0,
                        "%zu double-encoded UTF-8 sequence%s (read as Windows-1252) repaired",
                        ndouble, ndouble == 1 ? "" : "s");
    return st;
}

static void text_warn(void *ud, size_t off, const char *msg)
{
    px__reader_diag(ud, (long long)off, PX_EPARSE, 0, "%s", msg);
}

px_status px__reader_slurp(px_reader *r, int *ok)
{
    *ok = 0;
    int eof = r->in_eof;
    px_status st = PX_OK;
    while (!eof && r->data.len <= r->opt.max_bytes) {
        size_t want = r->opt.max_bytes + 1 - r->data.len;
        if ((st = px__reader_fill(r, want < 65536 ? want : 65536, &eof)))
            return st == PX_ENOMEM ? st : PX_OK;
    }
    r->in_eof = 1;
    if (r->data.len > r->opt.max_bytes) {
        px__reader_diag(r, -1, PX_ETOOBIG, 1, "larger than the limit of %zu bytes (--max-bytes)",
                        r->opt.max_bytes);
        return PX_OK;
    }
    *ok = 1;
    return PX_OK;
}

/* Reads a whole plain-text input and fills *a; *ok is 0 when it was skipped. */
static px_status read_text(px_reader *r, px_article *a, int *ok)
{
    px_status st = px__reader_slurp(r, ok);
    if (st || !*ok)
        return st;
    *ok = 0;
    if ((st = px__reader_repair(r, px_buf_slice(&r->data), 0)))
        return st;
    memset(a, 0, sizeof(*a));
    px__parse_text(px_buf_slice(&r->body), a, text_warn, r);
    if (a->text.len == 0) {
        px__reader_diag(r, -1, PX_EEMPTY, 1, "no article text: skipped");
        return PX_OK;
    }
    a->source_path = px_slice_cstr(r->cur_path);
    if (!a->outlet.ptr)
        a->outlet = px__url_host(a->url);
    if (!a->date_source)
        a->date_source = "none";
    *ok = 1;
    return PX_OK;
}

/* ---- HTML ---- */

px_status px__reader_html_article(px_reader *r,
                                  px_slice raw,
                                  px_slice charset,
                                  px_slice url,
                                  long long off,
                                  px_article *a,
                                  int *ok)
{
    *ok = 0;
    if (!r->html && !(r->html = px__html_new()))
        return PX_ENOMEM;
    px_status st =
        px__charset_to_utf8(raw, (const char *)charset.ptr, charset.len, 1, &r->conv, NULL);
    if (st == PX_ETOOBIG) {
        px__reader_diag(r, off, st, 1, "page too large to convert: skipped");
        return PX_OK;
    }
    if (st || (st = px__reader_repair(r, px_buf_slice(&r->conv), off < 0 ? 0 : (size_t)off)))
        return st;
    px_html_result res;
    if ((st = px__html_extract(r->html, px_buf_slice(&r->body), url, &res)))
        return st;
    if (res.truncated)
        px__reader_diag(r, off, PX_ETOOBIG, 0, "HTML nested deeper than %d elements: flattened",
                        PX_HTML_MAX_DEPTH);
    if (res.text.len == 0) {
        px__reader_diag(r, off, PX_EEMPTY, 1, "no main text found in the HTML: skipped");
        return PX_OK;
    }
    memset(a, 0, sizeof(*a));
    a->text = res.text;
    a->title = res.title;
    a->author = res.author;
    a->date = res.date;
    a->date_source = res.date_source ? res.date_source : "none";
    a->outlet = res.outlet;
    a->url = url.ptr ? url : res.canonical;
    a->lang = res.lang;
    a->source_path = px_slice_cstr(r->cur_path);
    *ok = 1;
    return PX_OK;
}

static px_status read_html(px_reader *r, px_article *a, int *ok)
{
    px_status st = px__reader_slurp(r, ok);
    if (st || !*ok)
        return st;
    return px__reader_html_article(r, px_buf_slice(&r->data), PX_SLICE_NULL, PX_SLICE_NULL, 0, a,
                                   ok);
}

/* A UTF-16 input (byte order mark): converted whole, then sniffed again. */
static px_status read_utf16(px_reader *r)
{
    int ok;
    px_status st = px__reader_slurp(r, &ok);
    if (st || !ok) {
        r->mode = MODE_NONE;
        return st;
    }
    if ((st = px__charset_to_utf8(px_buf_slice(&r->data), NULL, 0, 0, &r->conv, NULL))) {
        r->mode = MODE_NONE;
        if (st == PX_ETOOBIG) {
            px__reader_diag(r, -1, st, 1, "too large to convert from UTF-16: skipped");
            return PX_OK;
        }
        return st;
    }
    px_buf t = r->data;
    r->data = r->conv;
    r->conv = t;
    r->pos = 0;
    long long off;
    const char *why = sniff(r, &off);
    if (why || r->mode == MODE_UTF16 || r->mode == MODE_WARC) {
        px__reader_diag(r, -1, PX_EUNSUPPORTED, 1, "%s", why ? why : "unexpected UTF-16 content");
        r->mode = MODE_NONE;
    }
    return PX_OK;
}

/* The cap holds for the text handed out, not only for the bytes read:
 * conversion to UTF-8 and repair can make it larger (an invalid byte becomes
 * the three bytes of U+FFFD, a Windows-1252 byte up to three). Returns 1 (with
 * a diagnostic) when the article must be skipped. */
static int text_over_cap(px_reader *r, const px_article *a)
{
    if (a->text.len <= r->opt.max_bytes)
        return 0;
    if (r->mode == MODE_JSONL)
        px__reader_diag(r, r->art_off, PX_ETOOBIG, 1,
                        "line %lld: text of %zu bytes after UTF-8 repair is larger than the "
                        "limit of %zu bytes (--max-bytes): skipped",
                        r->lineno, a->text.len, r->opt.max_bytes);
    else
        px__reader_diag(r, r->art_off, PX_ETOOBIG, 1,
                        "text of %zu bytes after conversion to UTF-8 and repair is larger "
                        "than the limit of %zu bytes (--max-bytes): skipped",
                        a->text.len, r->opt.max_bytes);
    return 1;
}

px_status px_reader_next(px_reader *r, px_article *out, int *got)
{
    if (!r || !out || !got)
        return PX_EINVAL;
    *got = 0;
    for (;;) {
        px_status st = PX_OK;
        r->art_off = -1;
        if (r->in && r->mode == MODE_UTF16 && (st = read_utf16(r)))
            return st;
        if (r->in && (r->mode == MODE_JSONL || r->mode == MODE_WARC || r->mode == MODE_FEED)) {
            st = r->mode == MODE_JSONL  ? px__reader_jsonl_next(r, out, got)
                 : r->mode == MODE_WARC ? px__reader_warc_next(r, out, got)
                                        : px__reader_feed_next(r, out, got);
            if (st)
                return st;
            if (*got && text_over_cap(r, out)) {
                *got = 0;
                continue;
            }
            if (*got) {
                r->stats.articles++;
                return PX_OK;
            }
            close_input(r);
        } else if (r->in && (r->mode == MODE_TEXT || r->mode == MODE_HTML)) {
            st = r->mode == MODE_TEXT ? read_text(r, out, got) : read_html(r, out, got);
            if (*got && !st && text_over_cap(r, out))
                *got = 0;
            close_input(r);
            if (st)
                return st;
            if (*got) {
                r->stats.articles++;
                return PX_OK;
            }
        } else if (r->in) {
            close_input(r);
        }
        int more;
        if ((st = open_next(r, &more)))
            return st;
        if (!more)
            return PX_OK;
    }
}
