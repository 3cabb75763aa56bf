/* parallax server: the request target parser. The raw target (before any
 * decoding by libmicrohttpd) comes here whole, so that an encoded slash or dot
 * segment is seen for what it is: the path is split on its literal slashes
 * first, then each segment is decoded and refused when it decodes to a dot
 * segment or holds a slash, a backslash, NUL or a control character. Nothing
 * here touches the file system: the server serves no files, only pages drawn
 * from the store and two fixed assets. */
#include <string.h>

#include "server/server_impl.h"

static int fail(px_srv_req *r, int status, const char *why)
{
    r->status = status;
    r->why = why;
    return status;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes p[0..n) into out (cap bytes, NUL-terminated); plus is a
 * space when form is set (the query). Returns the decoded length, -1 for bad
 * encoding, -2 when it does not fit, -3 for invalid UTF-8 or a control
 * character (NUL included). */
static long decode(const char *p, size_t n, int form, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '%') {
            int h = i + 2 < n ? hexval((unsigned char)p[i + 1]) : -1;
            int l = h >= 0 ? hexval((unsigned char)p[i + 2]) : -1;
            if (h < 0 || l < 0)
                return -1;
            c = (unsigned char)(h * 16 + l);
            i += 2;
        } else if (c == '+' && form) {
            c = ' ';
        }
        if (k + 1 >= cap)
            return -2;
        out[k++] = (char)c;
    }
    out[k] = 0;
    if (px__utf8_valid_prefix((const uint8_t *)out, k) != k)
        return -3;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)out[i];
        if (c < 0x20 || c == 0x7f)
            return -3;
    }
    return (long)k;
}

static int decode_fail(px_srv_req *r, long e)
{
    if (e == -1)
        return fail(r, 400, "bad percent-encoding");
    if (e == -2)
        return fail(r, 400, "a value is too long");
    return fail(r, 400, "invalid UTF-8 or a control character");
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* YYYY-MM-DD with a plausible month and day. */
static int is_day(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !is_digit(s[i]))
            return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int is_lang(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 15)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c == '-' && i > 0)))
            return 0;
    }
    return 1;
}

enum {
    P_Q = 1,
    P_OUTLET = 2,
    P_FROM = 4,
    P_TO = 8,
    P_LANG = 16,
    P_PAGE = 32,
    P_SINGLES = 64,
    P_LEANING = 128
};

/* The parameters each route accepts. */
static unsigned allowed(int route)
{
    switch (route) {
    case SRV_INDEX:
    case SRV_API_STORIES:
        return P_OUTLET | P_FROM | P_TO | P_LANG | P_PAGE | P_SINGLES | P_LEANING;
    case SRV_STORY:
    case SRV_API_STORY:
        return P_LEANING;
    case SRV_SEARCH:
    case SRV_API_SEARCH:
        return P_Q | P_PAGE;
    case SRV_OUTLET:
        return P_PAGE;
    default:
        return 0;
    }
}

static int
param(px_srv_req *r, const char *name, size_t nn, const char *v, size_t vn, unsigned *seen)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {
        {"q", P_Q},       {"outlet", P_OUTLET}, {"from", P_FROM},       {"to", P_TO},
        {"lang", P_LANG}, {"page", P_PAGE},     {"singles", P_SINGLES}, {"leaning", P_LEANING}};
    unsigned bit = 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i].name) == nn && !memcmp(names[i].name, name, nn))
            bit = names[i].bit;
    if (!bit || !(allowed(r->route) & bit))
        return fail(r, 400, "unknown parameter");
    if (*seen & bit)
        return fail(r, 400, "a parameter is given twice");
    *seen |= bit;
    char tmp[SRV_MAX_QUERY + 1];
    long k = decode(v, vn, 1, tmp, sizeof tmp);
    if (k < 0)
        return decode_fail(r, k);
    switch (bit) {
    case P_Q:
        memcpy(r->q, tmp, (size_t)k + 1);
        break;
    case P_OUTLET:
        if ((size_t)k > SRV_MAX_ARG)
            return fail(r, 400, "outlet is too long");
        memcpy(r->outlet, tmp, (size_t)k + 1);
        break;
    case P_FROM:
    case P_TO:
        if (k && !is_day(tmp))
            return fail(r, 400, "from and to are dates: YYYY-MM-DD");
        memcpy(bit == P_FROM ? r->from : r->to, tmp, (size_t)k + 1);
        break;
    case P_LANG:
        if (k && !is_lang(tmp))
            return fail(r, 400, "lang is a language code such as en");
        memcpy(r->lang, tmp, (size_t)k + 1);
        break;
    case P_LEANING:
        if ((size_t)k > SRV_MAX_LEANING)
            return fail(r, 400, "leaning is too long");
        memcpy(r->leaning, tmp, (size_t)k + 1);
        break;
    case P_PAGE: {
        unsigned long n = 0;
        if (k == 0 || k > 6)
            return fail(r, 400, "page is a number from 1");
        for (long i = 0; i < k; i++) {
            if (!is_digit(tmp[i]))
                return fail(r, 400, "page is a number from 1");
            n = n * 10 + (unsigned long)(tmp[i] - '0');
        }
        if (n < 1 || n > SRV_MAX_PAGE)
            return fail(r, 400, "page is a number from 1");
        r->page = (unsigned)n;
        break;
    }
    case P_SINGLES:
        if (strcmp(tmp, "0") && strcmp(tmp, "1") && strcmp(tmp, ""))
            return fail(r, 400, "singles is 0 or 1");
        r->singles = !strcmp(tmp, "1");
        break;
    default:
        break;
    }
    return 0;
}

static int parse_query(px_srv_req *r, const char *p, size_t n)
{
    unsigned seen = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && p[j] != '&' && p[j] != ';')
            j++;
        if (j > i) {
            const char *eq = memchr(p + i, '=', j - i);
            size_t nn = eq ? (size_t)(eq - (p + i)) : j - i;
            const char *v = eq ? eq + 1 : p + j;
            size_t vn = eq ? (size_t)(p + j - v) : 0;
            if (param(r, p + i, nn, v, vn, &seen))
                return r->status;
        }
        i = j + 1;
    }
    return 0;
}

/* Route of a path of n decoded segments: seg[0] is the first after "/". */
static void route_of(px_srv_req *r, char seg[][SRV_MAX_ARG + 1], size_t n)
{
    static const struct {
        const char *a, *b; /* b: NULL for one segment, "*" for an argument */
        int route, api;
    } table[] = {
        {"story", "*", SRV_STORY, 0},         {"article", "*", SRV_ARTICLE, 0},
        {"outlet", "*", SRV_OUTLET, 0},       {"topic", "*", SRV_TOPIC, 0},
        {"search", NULL, SRV_SEARCH, 0},      {"api", "stories", SRV_API_STORIES, 1},
        {"api", "search", SRV_API_SEARCH, 1}, {"api", "topics", SRV_API_TOPICS, 1},
    };
    r->route = SRV_NONE;
    r->api = n >= 1 && !strcmp(seg[0], "api");
    if (n == 0) {
        r->route = SRV_INDEX;
        return;
    }
    if (n == 2 && !strcmp(seg[0], "static")) {
        if (!strcmp(seg[1], "parallax.css") || !strcmp(seg[1], "parallax.js")) {
            r->route = SRV_STATIC;
            r->static_js = !strcmp(seg[1], "parallax.js");
        }
        return;
    }
    if (n == 3 && r->api) {
        static const struct {
            const char *b;
            int route;
        } one[] = {
            {"story", SRV_API_STORY}, {"article", SRV_API_ARTICLE}, {"topic", SRV_API_TOPIC}};
        for (size_t i = 0; i < sizeof one / sizeof *one; i++)
            if (!strcmp(seg[1], one[i].b)) {
                r->route = one[i].route;
                memcpy(r->arg, seg[2], sizeof r->arg);
            }
        return;
    }
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        if (strcmp(seg[0], table[i].a))
            continue;
        if (!table[i].b && n == 1) {
            r->route = table[i].route;
        } else if (table[i].b && n == 2 && !strcmp(table[i].b, "*")) {
            r->route = table[i].route;
            memcpy(r->arg, seg[1], sizeof r->arg);
        } else if (table[i].b && n == 2 && !strcmp(table[i].b, seg[1])) {
            r->route = table[i].route;
        } else {
            continue;
        }
        r->api = table[i].api;
        return;
    }
}

int px__srv_parse(const char *target, size_t len, px_srv_req *r)
{
    memset(r, 0, sizeof *r);
    r->page = 1;
    if (!target)
        return fail(r, 400, "no request target");
    if (len > SRV_MAX_TARGET)
        return fail(r, 414, "the request target is too long");
    if (len == 0 || target[0] != '/')
        return fail(r, 400, "the request target must be a path starting with /");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)target[i];
        if (c <= 0x20 || c >= 0x7f || c == '#' || c == '\\')
            return fail(r, 400, "the request target holds a byte that must be encoded");
    }
    const char *qm = memchr(target, '?', len);
    size_t plen = qm ? (size_t)(qm - target) : len;
    enum { MAX_SEG = 3 };
    char seg[MAX_SEG][SRV_MAX_ARG + 1];
    size_t n = 0, i = 1;
    if (plen == 1) {
        n = 0;
    } else {
        while (i <= plen) {
            size_t j = i;
            while (j < plen && target[j] != '/')
                j++;
            if (j == i)
                return fail(r, j == plen ? 404 : 400,
                            j == plen ? "no such page" : "empty path segment");
            if (n == MAX_SEG)
                return fail(r, 404, "no such page");
            long k = decode(target + i, j - i, 0, seg[n], sizeof seg[n]);
            if (k < 0)
                return decode_fail(r, k);
            if (!strcmp(seg[n], ".") || !strcmp(seg[n], ".."))
                return fail(r, 400, "dot segments are refused");
            if (memchr(seg[n], '/', (size_t)k) || memchr(seg[n], '\\', (size_t)k))
                return fail(r, 400, "an encoded slash in the path is refused");
            n++;
            i = j + 1;
        }
    }
    route_of(r, seg, n);
    if (r->route == SRV_NONE)
        return fail(r, 404, "no such page");
    if (qm && parse_query(r, qm + 1, len - plen - 1))
        return r->status;
    return 0;
}
