/* Plain-text articles (SCHEMA.md, "Input records"):
 *   - optional header lines "key: value" (title, date, outlet, url, author)
 *     ended by a blank line;
 *   - or a "date YYYY-MM-DD" prefix on the first line;
 *   - otherwise the first line is the title when it reads as a headline (short,
 *     no final period), and a title line repeated right below itself counts once.
 * The body is the rest, from its first non-blank line, trailing whitespace cut:
 * a substring of the input, so offsets map straight back to the file. */
#include <string.h>
#include <strings.h>

#include "ingest/ingest.h"

#define TITLE_MAX 200

typedef struct line {
    size_t start, end; /* end excludes "\n" and a "\r" before it */
    size_t next;       /* start of the following line */
} line;

static line get_line(px_slice s, size_t at)
{
    line l = {at, at, at};
    const uint8_t *nl = at < s.len ? memchr(s.ptr + at, '\n', s.len - at) : NULL;
    l.end = nl ? (size_t)(nl - s.ptr) : s.len;
    l.next = nl ? l.end + 1 : s.len;
    if (l.end > l.start && s.ptr[l.end - 1] == '\r')
        l.end--;
    return l;
}

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int blank(px_slice s, line l)
{
    for (size_t i = l.start; i < l.end; i++)
        if (!is_space(s.ptr[i]))
            return 0;
    return 1;
}

static px_slice trim(px_slice s, size_t a, size_t b)
{
    while (a < b && is_space(s.ptr[a]))
        a++;
    while (b > a && is_space(s.ptr[b - 1]))
        b--;
    return (px_slice){s.ptr + a, b - a};
}

static const char *const HEADER_KEYS[] = {"title", "date", "outlet", "url", "author"};

/* Returns the header key index of line l (value in *val), or -1. */
static int header_key(px_slice s, line l, px_slice *val)
{
    const uint8_t *colon = memchr(s.ptr + l.start, ':', l.end - l.start);
    if (!colon)
        return -1;
    size_t klen = (size_t)(colon - (s.ptr + l.start));
    for (int k = 0; k < 5; k++) {
        if (strlen(HEADER_KEYS[k]) == klen &&
            strncasecmp((const char *)s.ptr + l.start, HEADER_KEYS[k], klen) == 0) {
            *val = trim(s, (size_t)(colon - s.ptr) + 1, l.end);
            return k;
        }
    }
    return -1;
}

/* Parses a header block at the start; returns the offset after its blank line,
 * or 0 when the text does not start with one. */
static size_t parse_headers(px_slice s, px_article *a, px_warn_fn warn, void *ud)
{
    size_t at = 0;
    px_slice vals[5] = {{0}};
    size_t offs[5] = {0};
    int n = 0;
    for (;;) {
        if (at >= s.len)
            return 0; /* no blank line after: not a header block */
        line l = get_line(s, at);
        if (blank(s, l))
            break;
        px_slice v;
        int k = header_key(s, l, &v);
        if (k < 0)
            return 0;
        vals[k] = v.len ? v : PX_SLICE_NULL;
        offs[k] = l.start;
        n++;
        at = l.next;
    }
    if (n == 0)
        return 0;
    a->title = vals[0];
    if (vals[1].ptr) {
        if (px__parse_date(vals[1], &a->date))
            a->date_source = "header";
        else if (warn)
            warn(ud, offs[1], "date header is not a date (YYYY-MM-DD): ignored");
    }
    a->outlet = vals[2];
    a->url = vals[3];
    a->author = vals[4];
    return get_line(s, at).next;
}

static int reads_as_headline(px_slice s, line l)
{
    px_slice t = trim(s, l.start, l.end);
    if (t.len == 0 || t.len > TITLE_MAX)
        return 0;
    uint8_t last = t.ptr[t.len - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':')
        return 0;
    /* A headline is followed by more text. */
    return l.next < s.len;
}

static size_t skip_blank_lines(px_slice s, size_t at)
{
    while (at < s.len) {
        line l = get_line(s, at);
        if (!blank(s, l))
            break;
        at = l.next;
    }
    return at;
}

void px__parse_text(px_slice s, px_article *a, px_warn_fn warn, void *ud)
{
    size_t at = 0;
    if (s.len >= 3 && memcmp(s.ptr, "\xEF\xBB\xBF", 3) == 0)
        at = 3; /* a UTF-8 byte order mark */
    px_slice rest = {s.ptr + at, s.len - at};
    size_t h = parse_headers(rest, a, warn, ud);
    at += h;
    at = skip_blank_lines(s, at);
    if (!h) {
        line l = get_line(s, at);
        px_slice d;
        if (l.end - l.start >= 15 && memcmp(s.ptr + l.start, "date ", 5) == 0 &&
            px__parse_date((px_slice){s.ptr + l.start + 5, l.end - l.start - 5}, &d) &&
            (l.end - l.start == 15 || is_space(s.ptr[l.start + 15]))) {
            a->date = d;
            a->date_source = "header";
            size_t after = l.start + 15;
            while (after < l.end && is_space(s.ptr[after]))
                after++;
            at = after < l.end ? after : skip_blank_lines(s, l.next);
        }
        l = get_line(s, at);
        if (at < s.len && reads_as_headline(s, l)) {
            a->title = trim(s, l.start, l.end);
            at = skip_blank_lines(s, l.next);
        }
    }
    /* A title line repeated right below itself counts once. */
    if (a->title.ptr && at < s.len) {
        line l = get_line(s, at);
        if (px_slice_eq(trim(s, l.start, l.end), a->title) && l.next < s.len)
            at = skip_blank_lines(s, l.next);
    }
    size_t end = s.len;
    while (end > at && (is_space(s.ptr[end - 1]) || s.ptr[end - 1] == '\n'))
        end--;
    a->text = (px_slice){s.ptr + at, end - at};
}
