/* parallax report: buffered output to the sink and HTML escaping. */
#include <stdio.h>
#include <string.h>

#include "report/report_impl.h"

#define FLUSH_AT (64u * 1024u)

void px__rep_init(rep_out *o, px_report_sink sink, void *ud)
{
    px_buf_init(&o->b, 0);
    o->sink = sink;
    o->ud = ud;
    o->err = PX_OK;
}

static void flush(rep_out *o)
{
    if (!o->err && o->b.len && o->sink(o->ud, o->b.ptr, o->b.len))
        o->err = PX_EIO;
    px_buf_reset(&o->b);
}

static void put(rep_out *o, const void *p, size_t n)
{
    if (o->err)
        return;
    px_status e = px_buf_append(&o->b, p, n);
    if (e)
        o->err = e;
    else if (o->b.len >= FLUSH_AT)
        flush(o);
}

px_status px__rep_finish(rep_out *o)
{
    flush(o);
    px_buf_free(&o->b);
    return o->err;
}

void px__rep_raw(rep_out *o, const char *s)
{
    put(o, s, strlen(s));
}

void px__rep_fmt(rep_out *o, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        if (!o->err)
            o->err = PX_EINTERNAL;
        return;
    }
    put(o, tmp, (size_t)n);
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t utf8_len(const uint8_t *p, size_t n)
{
    uint8_t c = p[0];
    size_t k;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        k = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        k = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        k = 4, cp = c & 0x07;
    else
        return 0;
    if (k > n)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return k;
}

void px__rep_esc(rep_out *o, const uint8_t *p, size_t n)
{
    size_t i = 0, run = 0;
    while (i < n) {
        const char *rep = NULL;
        size_t k = 1;
        uint8_t c = p[i];
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
                rep = "\xEF\xBF\xBD";
            } else if (c >= 0x80) {
                k = utf8_len(p + i, n - i);
                if (!k) {
                    rep = "\xEF\xBF\xBD";
                    k = 1;
                }
            }
        }
        if (rep) {
            put(o, p + run, i - run);
            px__rep_raw(o, rep);
            i += k;
            run = i;
        } else {
            i += k;
        }
    }
    put(o, p + run, n - run);
}

void px__rep_esc_str(rep_out *o, const char *s)
{
    if (s)
        px__rep_esc(o, (const uint8_t *)s, strlen(s));
}

void px__rep_esc_json(rep_out *o, const cJSON *j, const char *dflt)
{
    if (cJSON_IsString(j) && j->valuestring)
        px__rep_esc_str(o, j->valuestring);
    else if (cJSON_IsNumber(j))
        px__rep_num(o, j->valuedouble);
    else
        px__rep_raw(o, dflt);
}

void px__rep_id(rep_out *o, const char *prefix, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    px__rep_raw(o, prefix);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-') {
            put(o, &c, 1);
        } else {
            char t[3] = {'_', hex[c >> 4], hex[c & 15]};
            put(o, t, 3);
        }
    }
}

void px__rep_num(rep_out *o, double v)
{
    if (v != v) {
        px__rep_raw(o, "?");
    } else if (v >= -1e15 && v <= 1e15 && v == (double)(long long)v) {
        px__rep_fmt(o, "%lld", (long long)v);
    } else {
        px__rep_fmt(o, "%.6g", v);
    }
}

px_status px__rep_finish_chunk(rep_out *o, const uint8_t *p, size_t n)
{
    flush(o);
    if (!o->err && n && o->sink(o->ud, p, n))
        o->err = PX_EIO;
    return o->err;
}

void px__rep_count(rep_out *o, size_t n)
{
    char d[32], t[48];
    int k = snprintf(d, sizeof d, "%zu", n), j = 0;
    for (int i = 0; i < k; i++) {
        if (i && (k - i) % 3 == 0)
            t[j++] = ',';
        t[j++] = d[i];
    }
    t[j] = 0;
    px__rep_raw(o, t);
}

void px__rep_count_of(rep_out *o, size_t n, const char *one, const char *many)
{
    px__rep_count(o, n);
    px__rep_raw(o, " ");
    px__rep_raw(o, n == 1 ? one : many);
}

void px__rep_url(rep_out *o, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            put(o, &c, 1);
        } else {
            char t[3] = {'%', hex[c >> 4], hex[c & 15]};
            put(o, t, 3);
        }
    }
}

int32_t px__rep_day_of(const char *s)
{
    int y, m, d = 1;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) < 2 || m < 1 || m > 12 || d < 1 || d > 31)
        return INT32_MIN;
    return (int32_t)px__days_from_civil(y, m, d);
}
