/* The outlets table: a user's TSV of outlet names, aliases, URL hosts, country
 * and leaning (docs/ingest.md "Outlets"). Names are matched on a squeezed key
 * (ASCII letters lowered, spaces and marks dropped: "TheHill" = "The Hill");
 * hosts on the URL's host or any parent domain of it. The table is small
 * (hundreds of outlets), so lookups are linear scans over the keys: simple,
 * and far below the cost of annotating one article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "parallax/parallax.h"
#include "text/text.h"

#define PX_OUTLETS_MAX_LINE 65536

typedef struct entry {
    char *name, *country, *leaning;
} entry;

typedef struct okey {
    char *k;    /* squeezed name or alias, or a lower-case host */
    uint32_t e; /* entry */
    int is_host;
} okey;

struct px_outlets {
    entry *e;
    size_t n, cap;
    okey *k;
    size_t nk, capk;
};

/* Letters and digits of s, ASCII lowered; other bytes >= 0x80 kept. */
static size_t squeeze(const char *s, size_t n, char *out, size_t cap)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            out[w++] = (char)c;
    }
    out[w] = 0;
    return w;
}

static char *dup_n(const char *s, size_t n)
{
    char *p = px__malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static int add_key(px_outlets *o, const char *s, size_t n, int is_host)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        n--;
    if (!n)
        return 0;
    char buf[512];
    size_t len;
    if (is_host) {
        if (n > 4 && !memcmp(s, "www.", 4))
            s += 4, n -= 4;
        len = n < sizeof buf - 1 ? n : sizeof buf - 1;
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
        buf[len] = 0;
    } else {
        len = squeeze(s, n, buf, sizeof buf);
    }
    if (!len)
        return 0;
    if (o->nk == o->capk) {
        size_t cap = o->capk ? 2 * o->capk : 64;
        okey *k = px__realloc(o->k, cap * sizeof *k);
        if (!k)
            return -1;
        o->k = k;
        o->capk = cap;
    }
    char *d = dup_n(buf, len);
    if (!d)
        return -1;
    o->k[o->nk++] = (okey){d, (uint32_t)(o->n - 1), is_host};
    return 0;
}

/* Comma-separated items of a field, each a key. */
static int add_list(px_outlets *o, const char *f, size_t n, int is_host)
{
    size_t a = 0;
    for (size_t i = 0; i <= n; i++)
        if (i == n || f[i] == ',') {
            if (add_key(o, f + a, i - a, is_host))
                return -1;
            a = i + 1;
        }
    return 0;
}

static void report(px_diag_fn diag, void *ud, const char *path, long long off, const char *msg)
{
    if (!diag)
        return;
    px_diag d = {path, off, PX_EPARSE, 1, msg, NULL};
    diag(ud, &d);
}

/* One line: name, aliases, hosts, country, leaning (tabs). Returns 0, 1 for
 * a bad line (reported), -1 out of memory. */
static int add_line(px_outlets *o, char *line, size_t n)
{
    const char *f[5] = {0};
    size_t fl[5] = {0}, nf = 0, a = 0;
    for (size_t i = 0; i <= n && nf < 5; i++)
        if (i == n || line[i] == '\t') {
            f[nf] = line + a;
            fl[nf++] = i - a;
            a = i + 1;
        }
    char key[512];
    if (!nf || !squeeze(f[0], fl[0], key, sizeof key))
        return 1;
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 32;
        entry *e = px__realloc(o->e, cap * sizeof *e);
        if (!e)
            return -1;
        o->e = e;
        o->cap = cap;
    }
    entry *e = &o->e[o->n++];
    memset(e, 0, sizeof *e);
    size_t nl = fl[0];
    while (nl && (f[0][nl - 1] == ' ' || f[0][nl - 1] == '\r'))
        nl--;
    if (!(e->name = dup_n(f[0], nl)))
        return -1;
    if (nf > 3 && fl[3] && !(e->country = dup_n(f[3], fl[3])))
        return -1;
    if (nf > 4 && fl[4]) {
        size_t ll = fl[4];
        while (ll && (f[4][ll - 1] == '\r' || f[4][ll - 1] == ' '))
            ll--;
        if (ll && !(e->leaning = dup_n(f[4], ll)))
            return -1;
    }
    if (add_key(o, f[0], fl[0], 0) || (nf > 1 && add_list(o, f[1], fl[1], 0)) ||
        (nf > 2 && add_list(o, f[2], fl[2], 1)))
        return -1;
    return 0;
}

px_status px_outlets_load(const char *path, px_outlets **out, px_diag_fn diag, void *ud)
{
    if (!path || !out)
        return PX_EINVAL;
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        report(diag, ud, path, -1, "cannot open the outlets file");
        return PX_EIO;
    }
    px_outlets *o = px__calloc(1, sizeof *o);
    char *line = px__malloc(PX_OUTLETS_MAX_LINE);
    px_status st = o && line ? PX_OK : PX_ENOMEM;
    long long off = 0;
    size_t lineno = 0;
    while (!st && fgets(line, PX_OUTLETS_MAX_LINE, fp)) {
        size_t n = strlen(line);
        long long here = off;
        off += (long long)n;
        lineno++;
        if (n && line[n - 1] == '\n')
            line[--n] = 0;
        else if (!feof(fp)) {
            report(diag, ud, path, here, "line longer than 64 KiB: skipped");
            int c;
            while ((c = fgetc(fp)) != EOF && c != '\n')
                off++;
            continue;
        }
        if (!n || line[0] == '#' || (lineno == 1 && !strncmp(line, "name\t", 5)))
            continue; /* comment, blank, header */
        int r = add_line(o, line, n);
        if (r < 0)
            st = PX_ENOMEM;
        else if (r > 0)
            report(diag, ud, path, here, "outlet line without a name: skipped");
    }
    if (!st && ferror(fp)) {
        report(diag, ud, path, off, "read error");
        st = PX_EIO;
    }
    fclose(fp);
    px__free(line);
    if (st) {
        px_outlets_free(o);
        return st;
    }
    *out = o;
    return PX_OK;
}

void px_outlets_free(px_outlets *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++) {
        px__free(o->e[i].name);
        px__free(o->e[i].country);
        px__free(o->e[i].leaning);
    }
    for (size_t i = 0; i < o->nk; i++)
        px__free(o->k[i].k);
    px__free(o->e);
    px__free(o->k);
    px__free(o);
}

size_t px_outlets_count(const px_outlets *o)
{
    return o ? o->n : 0;
}

int px_outlets_get(const px_outlets *o, size_t i, px_outlet_info *info)
{
    if (!o || !info || i >= o->n)
        return 0;
    *info = (px_outlet_info){o->e[i].name, o->e[i].country, o->e[i].leaning};
    return 1;
}

static const entry *by_host(const px_outlets *o, px_slice host)
{
    char h[512];
    size_t n = host.len < sizeof h - 1 ? host.len : sizeof h - 1;
    for (size_t i = 0; i < n; i++)
        h[i] = (char)(host.ptr[i] >= 'A' && host.ptr[i] <= 'Z' ? host.ptr[i] + 32 : host.ptr[i]);
    h[n] = 0;
    /* the host, then each parent domain: news.bbc.co.uk, bbc.co.uk, co.uk */
    for (const char *p = h; p && *p; p = strchr(p, '.') ? strchr(p, '.') + 1 : NULL)
        for (size_t i = 0; i < o->nk; i++)
            if (o->k[i].is_host && !strcmp(o->k[i].k, p))
                return &o->e[o->k[i].e];
    return NULL;
}

int px_outlets_find(const px_outlets *o, px_slice outlet, px_slice url, px_outlet_info *info)
{
    if (!o || !info)
        return 0;
    const entry *e = NULL;
    char k[512];
    if (outlet.ptr && squeeze((const char *)outlet.ptr, outlet.len, k, sizeof k))
        for (size_t i = 0; i < o->nk && !e; i++)
            if (!o->k[i].is_host && !strcmp(o->k[i].k, k))
                e = &o->e[o->k[i].e];
    if (!e && outlet.ptr)
        e = by_host(o, outlet); /* the outlet was a domain (no site name) */
    px_slice host = px__url_host(url);
    if (!e && host.ptr)
        e = by_host(o, host);
    if (!e)
        return 0;
    *info = (px_outlet_info){e->name, e->country, e->leaning};
    return 1;
}
