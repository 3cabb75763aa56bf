/* Plain-text articles (SCHEMA.md, "Input records"):
 *   - optional header lines "key: value" (title, date, outlet, url, author)
 *     ended by a blank line or by the first line that is not one;
 *   - or a "date YYYY-MM-DD" prefix on the first line (leading blanks, any
 *     case, a colon or tabs allowed); the rest of that line is the title
 *     when it reads as a headline and a blank line follows, else body;
 *   - then, unless a header gave the title, the first line is the title when it
 *     reads as a headline (short, no final period or ellipsis), and a title
 *     line repeated right below itself counts once.
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
    size_t from = l.start;
    while (from < l.end && is_space(s.ptr[from]))
        from++;
    size_t klen = (size_t)(colon - (s.ptr + from));
    for (int k = 0; k < 5; k++) {
        if (strlen(HEADER_KEYS[k]) == klen &&
            strncasecmp((const char *)s.ptr + from, HEADER_KEYS[k], klen) == 0) {
            *val = trim(s, (size_t)(colon - s.ptr) + 1, l.end);
            return k;
        }
    }
    return -1;
}

/* A "date YYYY-MM-DD" prefix on line l: leading blanks, "date" in any case,
 * blanks or a colon, the date, then the end of the line or a blank. Returns 1
 * with *d the date and *after the offset of the rest of the line. */
static int date_prefix(px_slice s, line l, px_slice *d, size_t *after)
{
    size_t i = l.start;
    while (i < l.end && is_space(s.ptr[i]))
        i++;
    if (l.end - i < 5 || strncasecmp((const char *)s.ptr + i, "date", 4) != 0)
        return 0;
    i += 4;
    size_t gap = i;
    while (i < l.end && (is_space(s.ptr[i]) || s.ptr[i] == ':'))
        i++;
    if (i == gap || l.end - i < 10)
        return 0;
    if (!px__parse_date((px_slice){s.ptr + i, 10}, d))
        return 0;
    i += 10;
    if (i < l.end && !is_space(s.ptr[i]))
        return 0;
    while (i < l.end && is_space(s.ptr[i]))
        i++;
    *after = i;
    return 1;
}

/* Parses a header block at the start; returns the offset after it (after its
 * blank line, or at the first line that is not a header, such as a title line
 * right below the headers), or 0 when the text does not start with one. */
static size_t parse_headers(px_slice s, px_article *a, px_warn_fn warn, void *ud)
{
    size_t at = 0, end = 0;
    px_slice vals[5] = {{0}};
    size_t offs[5] = {0};
    int n = 0;
    for (;;) {
        if (at >= s.len) {
            if (n == 0)
                return 0;
            end = s.len;
            break;
        }
        line l = get_line(s, at);
        if (blank(s, l)) {
            end = l.next;
            break;
        }
        px_slice v, d;
        size_t after;
        int k = header_key(s, l, &v);
        if (date_prefix(s, l, &d, &after) && after < l.end)
            k = -1; /* "Date: 2024-03-25 Body text...": the date prefix rule */
        if (k < 0) {
            if (n == 0)
                return 0;
            end = l.start; /* the headline rule applies from here */
            break;
        }
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
    return end;
}

static int reads_as_headline(px_slice s, line l)
{
    px_slice t = trim(s, l.start, l.end);
    if (t.len == 0 || t.len > TITLE_MAX)
        return 0;
    uint8_t last = t.ptr[t.len - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':')
        return 0;
    if (t.len >= 3 && memcmp(t.ptr + t.len - 3, "\xE2\x80\xA6", 3) == 0)
        return 0; /* ends with an ellipsis: a sentence cut short, not a headline */
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
    at = skip_blank_lines(s, at);
    px_slice rest = {s.ptr + at, s.len - at};
    size_t h = parse_headers(rest, a, warn, ud);
    at += h;
    at = skip_blank_lines(s, at);
    line l = get_line(s, at);
    px_slice d;
    size_t after;
    int same_line = 0;
    if (at < s.len && !a->date.ptr && date_prefix(s, l, &d, &after)) {
        a->date = d;
        a->date_source = "header";
        same_line = after < l.end;
        at = same_line ? after : skip_blank_lines(s, l.next);
    }
    /* Text after the date on its line is a title only when a blank line
     * follows it ("date 2024-03-25 In 1999, NATO forces..." is body). */
    if (same_line && (l.next >= s.len || !blank(s, get_line(s, l.next))))
        same_line = -1;
    /* The headline rule, also after a header block that gave no title. */
    if (!a->title.ptr && same_line >= 0) {
        l = get_line(s, at);
        if (at < s.len && reads_as_headline(s, l)) {
            a->title = trim(s, l.start, l.end);
            at = skip_blank_lines(s, l.next);
        }
    }
    /* A title line repeated right below itself counts once. */
    if (a->title.ptr && at < s.len) {
        l = get_line(s, at);
        if (px_slice_eq(trim(s, l.start, l.end), a->title) && l.next < s.len)
            at = skip_blank_lines(s, l.next);
    }
    while (at < s.len && is_space(s.ptr[at]))
        at++;
    size_t end = s.len;
    while (end > at && (is_space(s.ptr[end - 1]) || s.ptr[end - 1] == '\n'))
        end--;
    a->text = (px_slice){s.ptr + at, end - at};
}
