/* Bounds on the cost of one full-text search (#20 item 2).
 *
 * FTS5 ranks every matching row against every phrase of the query: "the" 100
 * times took 25 s on 15,000 articles and 16,000 words reached 3.2 GB. So a
 * query is limited to PX__SEARCH_MAX_BYTES bytes and PX__SEARCH_MAX_TERMS words;
 * repeated words or phrases of a plain query (no operators, parentheses or
 * column filters: an implicit AND, where a repeat changes nothing but the
 * score's scale) are dropped before counting; and the search is stopped after
 * PX__SEARCH_MAX_MS (the progress handler below). Each limit says so. */
#include <string.h>
#include <time.h>

#include "store_impl.h"

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Bytes FTS5 treats as syntax outside a string. */
static int is_syntax(unsigned char c)
{
    return c == '"' || c == '(' || c == ')' || c == ':' || c == '^' || c == '*' || c == '+' ||
           c == '{' || c == '}' || c == ',' || c == '-';
}

/* Words of a token: runs of letters or digits (any byte >= 0x80 counts as part
 * of a word, as in FTS5's unicode61 tokenizer for most scripts). */
static size_t count_words(const char *p, size_t n)
{
    size_t words = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        int w = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        words += w && !in;
        in = w;
    }
    return words;
}

static int same_token(const char *a, size_t an, const char *b, size_t bn)
{
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x |= 0x20;
        if (y >= 'A' && y <= 'Z')
            y |= 0x20;
        if (x != y)
            return 0;
    }
    return 1;
}

typedef struct tok {
    const char *p;
    size_t n;
} tok;

px_status px__search_bound(const char *query, px_buf *out, char *errmsg)
{
    size_t len = strlen(query);
    if (len > PX__SEARCH_MAX_BYTES)
        return px__fail(errmsg, PX_ETOOBIG,
                        "query too long: %zu bytes (at most %d): use fewer words", len,
                        PX__SEARCH_MAX_BYTES);
    tok toks[PX__SEARCH_MAX_BYTES]; /* at most one token per byte */
    size_t ntok = 0, words = 0;
    int plain = 1;
    for (size_t i = 0; i < len;) {
        if (is_space((unsigned char)query[i])) {
            i++;
            continue;
        }
        size_t start = i;
        if (query[i] == '"') { /* a string; "" inside is a quote */
            for (i++; i < len; i++)
                if (query[i] == '"' && !(i + 1 < len && query[i + 1] == '"'))
                    break;
                else if (query[i] == '"')
                    i++;
            i += i < len;
        } else if (is_syntax((unsigned char)query[i])) {
            i++;
            plain = 0;
        } else {
            while (i < len && !is_space((unsigned char)query[i]) &&
                   !is_syntax((unsigned char)query[i]))
                i++;
            size_t n = i - start;
            if ((n == 3 &&
                 (!memcmp(query + start, "AND", 3) || !memcmp(query + start, "NOT", 3))) ||
                (n == 2 && !memcmp(query + start, "OR", 2)) ||
                (n == 4 && !memcmp(query + start, "NEAR", 4)))
                plain = 0;
        }
        toks[ntok++] = (tok){query + start, i - start};
    }
    px_buf_reset(out);
    size_t kept = 0;
    for (size_t i = 0; i < ntok; i++) {
        int repeat = 0;
        for (size_t j = 0; plain && j < i && !repeat; j++)
            repeat = same_token(toks[i].p, toks[i].n, toks[j].p, toks[j].n);
        if (repeat)
            continue;
        words += count_words(toks[i].p, toks[i].n);
        px_status st = kept++ ? px_buf_append_byte(out, ' ') : PX_OK;
        if (st == PX_OK)
            st = px_buf_append(out, toks[i].p, toks[i].n);
        if (st)
            return px__fail(errmsg, st, "out of memory");
    }
    if (words > PX__SEARCH_MAX_TERMS)
        return px__fail(errmsg, PX_ETOOBIG,
                        "query has %zu different words (at most %d): use fewer words", words,
                        PX__SEARCH_MAX_TERMS);
    return px_buf_terminate(out) ? px__fail(errmsg, PX_ENOMEM, "out of memory") : PX_OK;
}

long long px__store_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
