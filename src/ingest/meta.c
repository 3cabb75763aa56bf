/* Metadata helpers: dates and outlets. */
#include <string.h>

#include "ingest/ingest.h"

static int digits(const uint8_t *p, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        *v = *v * 10 + (p[i] - '0');
    }
    return 1;
}

int px__parse_date(px_slice s, px_slice *date)
{
    int y, m, d;
    if (!s.ptr || s.len < 10 || s.ptr[4] != '-' || s.ptr[7] != '-')
        return 0;
    if (!digits(s.ptr, 4, &y) || !digits(s.ptr + 5, 2, &m) || !digits(s.ptr + 8, 2, &d))
        return 0;
    if (y < 1 || !px__date_valid(y, m, d))
        return 0;
    if (s.len > 10 && s.ptr[10] != 'T' && s.ptr[10] != ' ')
        return 0;
    *date = (px_slice){s.ptr, 10};
    return 1;
}

int px__ascii_ieq(const uint8_t *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n == k && px__ascii_prefix_ci(p, n, lit);
}

int px__ascii_prefix_ci(const uint8_t *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        uint8_t c = p[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != (uint8_t)lit[i])
            return 0;
    }
    return 1;
}

px_slice px__url_host(px_slice url)
{
    if (!url.ptr)
        return PX_SLICE_NULL;
    size_t i = 0;
    if (url.len > 7 && memcmp(url.ptr, "http://", 7) == 0)
        i = 7;
    else if (url.len > 8 && memcmp(url.ptr, "https://", 8) == 0)
        i = 8;
    else
        return PX_SLICE_NULL;
    size_t start = i;
    while (i < url.len && url.ptr[i] != '/' && url.ptr[i] != ':' && url.ptr[i] != '?' &&
           url.ptr[i] != '#')
        i++;
    /* Skip user info: "user@host". */
    for (size_t k = start; k < i; k++)
        if (url.ptr[k] == '@')
            start = k + 1;
    if (i - start > 4 && memcmp(url.ptr + start, "www.", 4) == 0)
        start += 4;
    if (i == start)
        return PX_SLICE_NULL;
    return (px_slice){url.ptr + start, i - start};
}
