/* Search that forgives: a plain query as users type it, turned into an FTS5
 * query. Words are quoted, so hyphens, apostrophes, colons and dots are text,
 * not syntax ("covid-19", "O'Rourke", "U.S."); what people mean as syntax
 * stays: "a phrase", OR, AND, NOT, a trailing * (prefix), and a NEAR/N b
 * (within N words; FTS5 spells it NEAR(a b, N)). Parentheses are dropped. The
 * raw FTS5 syntax stays available (px_store_search_raw, search --raw). */
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"

/* Appends one word as an FTS5 string ("" inside doubled). */
static px_status quoted(px_buf *out, const char *w, size_t n)
{
    px_status st = px_buf_append_byte(out, '"');
    for (size_t i = 0; i < n && !st; i++)
        st = w[i] == '"' ? px_buf_append(out, "\"\"", 2) : px_buf_append_byte(out, (uint8_t)w[i]);
    return st ? st : px_buf_append_byte(out, '"');
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_op(const char *w, size_t n)
{
    return (n == 2 && !memcmp(w, "OR", 2)) || (n == 3 && !memcmp(w, "AND", 3)) ||
           (n == 3 && !memcmp(w, "NOT", 3));
}

/* NEAR/N: sets *dist. */
static int is_near(const char *w, size_t n, long *dist)
{
    if (n < 6 || memcmp(w, "NEAR/", 5))
        return 0;
    char *end;
    *dist = strtol(w + 5, &end, 10);
    return end == w + n && *dist >= 0 && *dist < 1000;
}

typedef struct term {
    const char *w; /* a word, or a phrase without its quotes */
    size_t n;
    int prefix; /* ends in * */
} term;

/* The next whitespace-separated token, a "quoted phrase" as one. */
static const char *next_token(const char *p, const char **start, size_t *n, int *phrase)
{
    while (*p && (is_space(*p) || *p == '(' || *p == ')'))
        p++;
    *phrase = *p == '"';
    if (*phrase) {
        const char *e = strchr(p + 1, '"');
        *start = p + 1;
        *n = e ? (size_t)(e - p - 1) : strlen(p + 1);
        return e ? e + 1 : p + 1 + *n;
    }
    *start = p;
    while (*p && !is_space(*p) && *p != '(' && *p != ')')
        p++;
    *n = (size_t)(p - *start);
    return p;
}

static px_status put_term(px_buf *out, const term *t)
{
    px_status st = quoted(out, t->w, t->n);
    return !st && t->prefix ? px_buf_append_byte(out, '*') : st;
}

px_status px__store_fts_query(const char *in, px_buf *out)
{
    px_status st = PX_OK;
    size_t base = out->len;
    term prev = {0};
    int have_prev = 0, pending_op = 0;
    long near = -1;
    const char *p = in, *w;
    size_t n;
    int phrase;
    size_t mark = base; /* where prev was written, to rewrite it for NEAR */
    while (!st && (p = next_token(p, &w, &n, &phrase), n || phrase)) {
        if (!phrase && is_op(w, n)) {
            if (have_prev && !pending_op) {
                st = px_buf_appendf(out, " %.*s", (int)n, w);
                pending_op = 1;
            }
            continue;
        }
        long d;
        if (!phrase && is_near(w, n, &d)) {
            near = have_prev && !pending_op ? d : -1;
            continue;
        }
        term t = {w, n, 0};
        if (!phrase && n > 1 && w[n - 1] == '*')
            t.n--, t.prefix = 1;
        else if (!phrase && n == 1 && w[0] == '*')
            continue;
        if (!t.n)
            continue;
        if (near >= 0) {
            /* a NEAR/N b: rewrite the previous term as NEAR(a b, N). */
            out->len = mark;
            st = px_buf_append_str(out, out->len > base ? " NEAR(" : "NEAR(");
            if (!st)
                st = put_term(out, &prev);
            if (!st)
                st = px_buf_append_byte(out, ' ');
            if (!st)
                st = put_term(out, &t);
            if (!st)
                st = px_buf_appendf(out, ", %ld)", near);
            near = -1;
            have_prev = 0;
            continue;
        }
        mark = out->len;
        if (out->len > base)
            st = px_buf_append_byte(out, ' ');
        if (!st)
            st = put_term(out, &t);
        prev = t;
        have_prev = 1;
        pending_op = 0;
    }
    if (!st && pending_op) { /* a trailing operator: drop it */
        while (out->len > base && out->ptr[out->len - 1] != ' ')
            out->len--;
        if (out->len > base)
            out->len--;
    }
    return st;
}
