/* Fuzz target: the request target parser of parallax serve (src/server/route.c).
 * The input is a request target as it came on the request line. Checks the
 * invariants: a parse that succeeds names a route; its path argument and
 * parameters are valid UTF-8 without control characters, never a dot segment,
 * never holding a slash or backslash; dates are YYYY-MM-DD; the page is in
 * range; a refusal carries a status and a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void clean(const char *s, size_t cap, int path)
{
    size_t n = strnlen(s, cap);
    if (n == cap)
        abort(); /* not terminated */
    if (px__utf8_valid_prefix((const uint8_t *)s, n) != n)
        abort();
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            abort();
    if (path && (!strcmp(s, ".") || !strcmp(s, "..") || strchr(s, '/') || strchr(s, '\\')))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    px_srv_req r;
    int st = px__srv_parse((const char *)data, size, &r);
    if (st != r.status)
        abort();
    if (st) {
        if ((st != 400 && st != 404 && st != 414) || !r.why || !r.why[0])
            abort();
        return 0;
    }
    if (r.route <= SRV_NONE || r.route > SRV_API_TOPIC)
        abort();
    clean(r.arg, sizeof r.arg, 1);
    clean(r.q, sizeof r.q, 0);
    clean(r.outlet, sizeof r.outlet, 0);
    clean(r.lang, sizeof r.lang, 0);
    if ((r.from[0] && strlen(r.from) != 10) || (r.to[0] && strlen(r.to) != 10))
        abort();
    if (r.page < 1 || r.page > SRV_MAX_PAGE)
        abort();
    /* Routes with an argument have one. */
    int needs = r.route == SRV_STORY || r.route == SRV_ARTICLE || r.route == SRV_OUTLET ||
                r.route == SRV_TOPIC || r.route == SRV_API_STORY || r.route == SRV_API_ARTICLE ||
                r.route == SRV_API_TOPIC;
    if (needs != (r.arg[0] != 0))
        abort();
    return 0;
}
