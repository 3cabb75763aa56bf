/* WARC/1.0 and 1.1 (plain or .warc.gz: px_input inflates every gzip member),
 * read as a stream: memory holds one record (at most --max-bytes of payload;
 * larger records are read past and dropped). response records (HTTP: status,
 * headers, chunked transfer coding, gzip/deflate content coding) and resource
 * records with HTML payloads become articles through the HTML extractor; the
 * WARC-Target-URI is the url and gives the outlet's domain; WARC-Date is a
 * crawl date and never the publication date. A record the reader cannot
 * follow (bad header, lying Content-Length) is reported with its offset and
 * the reader resynchronises at the next "WARC/1." line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ingest/charset.h"
#include "ingest/html.h"
#include "ingest/ingest.h"
#include "ingest/reader.h"

#define MAX_HEADER ((size_t)1 << 16)

typedef struct warc_rec {
    px_slice type, uri, ctype, id, encoding;
    unsigned long long len;
    int has_len;
} warc_rec;

static px_slice trim(const uint8_t *p, size_t n)
{
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
        n--;
    return (px_slice){p, n};
}

/* Calls fn for each "Name: value" line of a header block. */
typedef void (*hdr_fn)(void *ud, px_slice name, px_slice value);

static void each_header(px_slice block, hdr_fn fn, void *ud)
{
    size_t i = 0;
    while (i < block.len) {
        const uint8_t *nl = memchr(block.ptr + i, '\n', block.len - i);
        size_t e = nl ? (size_t)(nl - block.ptr) : block.len;
        const uint8_t *colon = memchr(block.ptr + i, ':', e - i);
        if (colon) {
            size_t c = (size_t)(colon - block.ptr);
            fn(ud, trim(block.ptr + i, c - i), trim(colon + 1, e - c - 1));
        }
        i = e + 1;
    }
}

static int parse_u64(px_slice s, unsigned long long *v)
{
    *v = 0;
    if (!s.len || s.len > 18)
        return 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return 0;
        *v = *v * 10 + (unsigned long long)(s.ptr[i] - '0');
    }
    return 1;
}

static void warc_header(void *ud, px_slice name, px_slice v)
{
    warc_rec *w = ud;
    if (px__ascii_ieq(name.ptr, name.len, "warc-type"))
        w->type = v;
    else if (px__ascii_ieq(name.ptr, name.len, "warc-target-uri")) {
        if (v.len >= 2 && v.ptr[0] == '<' && v.ptr[v.len - 1] == '>') /* WARC/1.1 draft form */
            v = (px_slice){v.ptr + 1, v.len - 2};
        w->uri = v;
    } else if (px__ascii_ieq(name.ptr, name.len, "content-type"))
        w->ctype = v;
    else if (px__ascii_ieq(name.ptr, name.len, "warc-record-id"))
        w->id = v;
    else if (px__ascii_ieq(name.ptr, name.len, "content-length"))
        w->has_len = parse_u64(v, &w->len);
}

/* ---- the stream ---- */

static void compact(px_reader *r)
{
    if (!r->pos)
        return;
    size_t avail = r->data.len - r->pos;
    memmove(r->data.ptr, r->data.ptr + r->pos, avail);
    r->data.len = avail;
    r->data_off += r->pos;
    r->pos = 0;
}

/* Makes at least want bytes available after pos; returns 0 at the end. */
static px_status need(px_reader *r, size_t want, int *have)
{
    *have = r->data.len - r->pos >= want;
    while (!*have && !r->in_eof) {
        compact(r);
        size_t ask = want - r->data.len;
        int eof;
        px_status st = px__reader_fill(r, ask > 65536 ? ask : 65536, &eof);
        if (st) {
            r->in_eof = 1;
            return st == PX_ENOMEM ? st : PX_OK;
        }
        r->in_eof = eof;
        *have = r->data.len - r->pos >= want;
    }
    return PX_OK;
}

/* Drops n bytes (some may still be unread) in constant memory; returns the
 * bytes that were missing at the end of input. */
static px_status skip(px_reader *r, unsigned long long n, unsigned long long *missing)
{
    *missing = 0;
    for (;;) {
        size_t avail = r->data.len - r->pos;
        if (n <= avail) {
            r->pos += (size_t)n;
            return PX_OK;
        }
        n -= avail;
        r->pos = r->data.len;
        compact(r);
        if (r->in_eof) {
            *missing = n;
            return PX_OK;
        }
        int have;
        px_status st = need(r, 1, &have);
        if (st)
            return st;
        if (!have) {
            *missing = n;
            return PX_OK;
        }
    }
}

/* Finds the next "WARC/1." at a line start after pos; consumes up to it. */
static px_status resync(px_reader *r)
{
    for (;;) {
        const uint8_t *p = r->data.ptr + r->pos;
        size_t avail = r->data.len - r->pos;
        for (size_t i = 1; i + 7 <= avail; i++)
            if ((p[i - 1] == '\n' || r->data_off + r->pos + i == r->seam) &&
                memcmp(p + i, "WARC/1.", 7) == 0) {
                r->pos += i;
                return PX_OK;
            }
        if (r->in_eof) {
            r->pos = r->data.len;
            return PX_OK;
        }
        r->pos += avail > 7 ? avail - 7 : 0;
        int have;
        px_status st = need(r, 4096, &have);
        if (st)
            return st;
        if (!have && r->in_eof && r->data.len - r->pos < 8) {
            r->pos = r->data.len;
            return PX_OK;
        }
    }
}

/* Reports a record the reader could not follow (what, at offset at), skips to
 * the next "WARC/1." line and says which bytes were skipped. */
static px_status resync_report(px_reader *r, long long at, const char *what)
{
    px_status st = resync(r);
    if (st)
        return st;
    long long to = (long long)(r->data_off + r->pos);
    if (r->pos < r->data.len)
        px__reader_diag(r, at, PX_EPARSE, 1,
                        "%s: skipped bytes %lld-%lld (%lld bytes) up to the next WARC/1. header",
                        what, at, to, to - at);
    else
        px__reader_diag(r, at, PX_EPARSE, 1,
                        "%s: skipped bytes %lld-%lld (%lld bytes): no WARC/1. header after them",
                        what, at, to, to - at);
    return PX_OK;
}

/* Sets *at to the offset (from pos) of the first "WARC/1." at a line start at
 * or after from (from itself counts as a line start), reading at most limit
 * bytes after pos; *found 0 when there is none. */
static px_status next_header(px_reader *r, size_t from, size_t limit, size_t *at, int *found)
{
    *found = 0;
    size_t i = from;
    for (;;) {
        const uint8_t *p = r->data.ptr + r->pos;
        size_t avail = r->data.len - r->pos;
        if (avail > limit)
            avail = limit;
        for (; i + 7 <= avail; i++)
            if ((i == from || p[i - 1] == '\n' || r->data_off + r->pos + i == r->seam) &&
                memcmp(p + i, "WARC/1.", 7) == 0) {
                *at = i;
                *found = 1;
                return PX_OK;
            }
        if (r->in_eof || avail >= limit)
            return PX_OK;
        int have;
        size_t want = avail + 65536 < limit ? avail + 65536 : limit;
        px_status st = need(r, want, &have);
        if (st)
            return st;
        if (!have && r->data.len - r->pos <= avail)
            return PX_OK;
    }
}

/* Whether the block ending end bytes after pos ends at a record boundary: the
 * record trailer (CRLF CRLF; junk after it is reported by read_header), or
 * some CR/LF then the end of input or "WARC/1.". */
static px_status at_boundary(px_reader *r, size_t end, int *ok)
{
    *ok = 0;
    int have;
    px_status st;
    if ((st = need(r, end + 4, &have)))
        return st;
    if (have && memcmp(r->data.ptr + r->pos + end, "\r\n\r\n", 4) == 0) {
        *ok = 1;
        return PX_OK;
    }
    size_t i = end;
    for (int k = 0; k < 16; k++, i++) {
        if ((st = need(r, i + 1, &have)))
            return st;
        if (!have) {
            *ok = 1;
            return PX_OK;
        }
        uint8_t c = r->data.ptr[r->pos + i];
        if (c != '\r' && c != '\n')
            break;
    }
    if ((st = need(r, i + 7, &have)))
        return st;
    *ok = have && memcmp(r->data.ptr + r->pos + i, "WARC/1.", 7) == 0;
    return PX_OK;
}

static const uint8_t *find_blank(const uint8_t *p, size_t n, size_t *hlen)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '\n')
            continue;
        if (p[i + 1] == '\n') {
            *hlen = i + 2;
            return p + i;
        }
        if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n') {
            *hlen = i + 3;
            return p + i;
        }
    }
    return NULL;
}

/* ---- HTTP payloads ---- */

typedef struct http_hdr {
    px_slice ctype, te, ce;
} http_hdr;

static void http_header(void *ud, px_slice name, px_slice v)
{
    http_hdr *h = ud;
    if (px__ascii_ieq(name.ptr, name.len, "content-type"))
        h->ctype = v;
    else if (px__ascii_ieq(name.ptr, name.len, "transfer-encoding"))
        h->te = v;
    else if (px__ascii_ieq(name.ptr, name.len, "content-encoding"))
        h->ce = v;
}

static int has_ci(px_slice s, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; i + k <= s.len; i++)
        if (px__ascii_ieq(s.ptr + i, k, lit))
            return 1;
    return 0;
}

static int html_type(px_slice ctype, px_slice body)
{
    if (ctype.len)
        return has_ci(ctype, "html");
    size_t i = 0;
    while (i < body.len && (body.ptr[i] == ' ' || body.ptr[i] == '\r' || body.ptr[i] == '\n' ||
                            body.ptr[i] == '\t'))
        i++;
    return i < body.len && body.ptr[i] == '<';
}

/* Removes the chunked transfer coding into r->payload. */
static px_status dechunk(px_reader *r, px_slice in, long long off, px_slice *out)
{
    px_buf *b = &r->payload;
    b->len = 0;
    size_t i = 0;
    for (;;) {
        unsigned long long n = 0;
        size_t s = i;
        while (i < in.len) {
            uint8_t c = in.ptr[i];
            int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
            if (d < 0 || n > (1ULL << 40))
                break;
            n = n * 16 + (unsigned long long)d;
            i++;
        }
        const uint8_t *nl = i < in.len ? memchr(in.ptr + i, '\n', in.len - i) : NULL;
        if (i == s || !nl) {
            px__reader_diag(r, off, PX_EPARSE, 0, "bad chunked transfer coding: body cut");
            break;
        }
        i = (size_t)(nl - in.ptr) + 1;
        if (n == 0)
            break;
        size_t take = n > in.len - i ? in.len - i : (size_t)n;
        px_status st = px_buf_append(b, in.ptr + i, take);
        if (st)
            return st;
        i += take;
        if (take < n) {
            px__reader_diag(r, off, PX_EPARSE, 0, "chunked body shorter than its chunk sizes");
            break;
        }
        while (i < in.len && (in.ptr[i] == '\r' || in.ptr[i] == '\n'))
            i++;
    }
    *out = px_buf_slice(b);
    return PX_OK;
}

/* Inflates a gzip or deflate content coding into r->line, capped. */
static px_status inflate_body(px_reader *r, px_slice in, long long off, px_slice *out)
{
    px_buf *b = &r->line;
    b->len = 0;
    for (int raw = 0; raw < 2; raw++) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, raw ? -15 : 15 + 32) != Z_OK)
            return PX_ENOMEM;
        z.next_in = (Bytef *)(uintptr_t)in.ptr;
        z.avail_in = (uInt)(in.len > UINT32_MAX ? UINT32_MAX : in.len);
        int zr = Z_OK;
        b->len = 0;
        while (zr == Z_OK) {
            if (b->len >= r->opt.max_bytes) {
                px__reader_diag(r, off, PX_ETOOBIG, 0, "inflated body over --max-bytes: cut");
                break;
            }
            px_status st = px_buf_reserve(b, 65536);
            if (st) {
                inflateEnd(&z);
                return st;
            }
            z.next_out = b->ptr + b->len;
            z.avail_out = 65536;
            zr = inflate(&z, Z_NO_FLUSH);
            b->len += 65536 - z.avail_out;
            if (zr == Z_BUF_ERROR && z.avail_in == 0)
                break;
            if (zr == Z_BUF_ERROR)
                zr = Z_OK;
        }
        inflateEnd(&z);
        if (zr == Z_STREAM_END || (zr == Z_OK && b->len) || (zr == Z_BUF_ERROR && b->len)) {
            if (zr != Z_STREAM_END && zr != Z_OK)
                px__reader_diag(r, off, PX_EPARSE, 0, "truncated gzip content coding: body cut");
            *out = px_buf_slice(b);
            return PX_OK;
        }
    }
    px__reader_diag(r, off, PX_EPARSE, 1, "corrupt gzip/deflate content coding: skipped");
    *out = PX_SLICE_NULL;
    return PX_OK;
}

/* The HTML body of an HTTP response block; *body is null when the record is
 * not a successful HTML response. */
static px_status
http_body(px_reader *r, px_slice block, long long off, px_slice *body, px_slice *charset)
{
    *body = PX_SLICE_NULL;
    if (block.len < 12 || memcmp(block.ptr, "HTTP/", 5) != 0) {
        px__reader_diag(r, off, PX_EPARSE, 1,
                        "response record without an HTTP status line: "
                        "skipped");
        return PX_OK;
    }
    const uint8_t *sp = memchr(block.ptr, ' ', block.len < 16 ? block.len : 16);
    if (!sp || (size_t)(sp - block.ptr) + 4 > block.len || sp[1] != '2')
        return PX_OK; /* redirects, errors: not articles */
    size_t hlen;
    if (!find_blank(block.ptr, block.len, &hlen)) {
        px__reader_diag(r, off, PX_EPARSE, 1, "HTTP headers not terminated: skipped");
        return PX_OK;
    }
    http_hdr h;
    memset(&h, 0, sizeof h);
    each_header((px_slice){block.ptr, hlen}, http_header, &h);
    px_slice b = {block.ptr + hlen, block.len - hlen};
    if (!html_type(h.ctype, b))
        return PX_OK;
    *charset = px__charset_param(h.ctype);
    px_status st;
    if (has_ci(h.te, "chunked") && (st = dechunk(r, b, off, &b)))
        return st;
    if (has_ci(h.ce, "gzip") || has_ci(h.ce, "deflate")) {
        if ((st = inflate_body(r, b, off, &b)))
            return st;
    } else if (h.ce.len && !px__ascii_ieq(h.ce.ptr, h.ce.len, "identity")) {
        px__reader_diag(r, off, PX_EUNSUPPORTED, 1,
                        "content coding \"%.*s\" not supported: skipped",
                        (int)(h.ce.len > 20 ? 20 : h.ce.len), (const char *)h.ce.ptr);
        return PX_OK;
    }
    *body = b.ptr ? b : PX_SLICE_LIT("");
    return PX_OK;
}

/* ---- records ---- */

static px_status record_article(
    px_reader *r, const warc_rec *w, px_slice block, long long off, px_article *a, int *got)
{
    px_slice body = PX_SLICE_NULL, charset = PX_SLICE_NULL;
    px_status st;
    if (px__ascii_ieq(w->type.ptr, w->type.len, "response")) {
        if (w->ctype.len && !has_ci(w->ctype, "application/http"))
            return PX_OK;
        if ((st = http_body(r, block, off, &body, &charset)))
            return st;
    } else {
        if (!html_type(w->ctype, block))
            return PX_OK;
        body = block;
        charset = px__charset_param(w->ctype);
    }
    if (!body.ptr)
        return PX_OK;
    px_slice url = w->uri.len ? w->uri : PX_SLICE_NULL;
    r->art_off = off;
    if ((st = px__reader_html_article(r, body, charset, url, off, a, got)) || !*got)
        return st;
    if (w->id.len)
        a->source_id = w->id;
    if (url.ptr && !a->outlet.ptr)
        a->outlet = px__registered_domain(url);
    return PX_OK;
}

/* Reads the next record header at pos into *w; *ok 0 means resync or end. */
static px_status read_header(px_reader *r, warc_rec *w, size_t *hlen, int *ok, int *end)
{
    *ok = *end = 0;
    int have;
    px_status st;
    for (;;) { /* blank lines between records */
        if ((st = need(r, 1, &have)))
            return st;
        if (!have) {
            *end = 1;
            return PX_OK;
        }
        uint8_t c = r->data.ptr[r->pos];
        if (c != '\r' && c != '\n')
            break;
        r->pos++;
    }
    long long at = (long long)(r->data_off + r->pos);
    if ((st = need(r, 8, &have)))
        return st;
    if (!have || memcmp(r->data.ptr + r->pos, "WARC/1.", 7) != 0)
        return resync_report(r, at,
                             r->warc_started ? "expected a WARC record here (lying "
                                               "Content-Length in the record before?)"
                                             : "not a WARC/1.x record header");
    for (size_t want = 4096;; want *= 2) {
        size_t avail = r->data.len - r->pos;
        if (find_blank(r->data.ptr + r->pos, avail, hlen))
            break;
        if (avail >= MAX_HEADER || r->in_eof) {
            r->pos++;
            return resync_report(
                r, at, r->in_eof ? "truncated WARC record header" : "WARC header over 64 KiB");
        }
        if ((st = need(r, avail + want, &have)))
            return st;
    }
    memset(w, 0, sizeof *w);
    const uint8_t *p = r->data.ptr + r->pos;
    each_header((px_slice){p, *hlen}, warc_header, w);
    r->warc_started = 1;
    if (!w->has_len) {
        r->pos++;
        return resync_report(r, at, "WARC record without a valid Content-Length");
    }
    *ok = 1;
    return PX_OK;
}

px_status px__reader_warc_next(px_reader *r, px_article *a, int *got)
{
    *got = 0;
    for (;;) {
        warc_rec w;
        size_t hlen;
        int ok, end, have;
        compact(r);
        px_status st = read_header(r, &w, &hlen, &ok, &end);
        if (st || end)
            return st;
        if (!ok)
            continue;
        long long at = (long long)(r->data_off + r->pos);
        int wanted = px__ascii_prefix_ci(w.type.ptr, w.type.len, "response") ||
                     px__ascii_prefix_ci(w.type.ptr, w.type.len, "resource");
        unsigned long long missing = 0;
        if (w.len > r->opt.max_bytes) {
            if (wanted)
                px__reader_diag(r, at, PX_ETOOBIG, 1,
                                "WARC record of %llu bytes over the limit of %zu bytes "
                                "(--max-bytes): skipped",
                                w.len, r->opt.max_bytes);
            r->pos += hlen;
            if ((st = skip(r, w.len, &missing)))
                return st;
            if (missing)
                px__reader_diag(r, at, PX_EPARSE, 1, "truncated WARC record: %llu bytes missing",
                                missing);
            continue;
        }
        /* The block must end at a record boundary; when it does not, the
         * Content-Length lies (or the block is cut) and the record is read up
         * to the next "WARC/1." line instead, so that a lying length neither
         * swallows the records after it nor loses them. */
        size_t blen = (size_t)w.len;
        int ok_end = 0;
        if ((st = need(r, hlen + blen, &have)))
            return st;
        if (have && (st = at_boundary(r, hlen + blen, &ok_end)))
            return st;
        if (!ok_end) {
            size_t k;
            int found;
            if ((st = next_header(r, hlen, hlen + r->opt.max_bytes + 8, &k, &found)))
                return st;
            if (found) {
                size_t e = k, t = 0;
                while (e > hlen && t < 4 &&
                       (r->data.ptr[r->pos + e - 1] == '\n' || r->data.ptr[r->pos + e - 1] == '\r'))
                    e--, t++;
                px__reader_diag(r, at, PX_EPARSE, 1,
                                "WARC record with a Content-Length of %llu that does not end "
                                "at a record boundary: read as %zu bytes, up to the next "
                                "WARC/1. header at offset %lld",
                                w.len, e - hlen, (long long)(r->data_off + r->pos + k));
                blen = e - hlen;
            } else if (!have) {
                px__reader_diag(r, at, PX_EPARSE, 1,
                                "truncated WARC record: Content-Length %llu, %zu bytes left", w.len,
                                r->data.len - r->pos - hlen);
                r->pos = r->data.len;
                return PX_OK;
            } /* else the bytes after the block are reported by read_header */
        }
        if (r->seam > (unsigned long long)at && r->seam < (unsigned long long)at + hlen + blen) {
            px__reader_diag(r, at, PX_EPARSE, 1,
                            "WARC record damaged by the corrupt compressed data before offset "
                            "%llu: skipped",
                            r->seam);
            r->pos += hlen + blen;
            continue;
        }
        if (!wanted) {
            r->pos += hlen + blen;
            continue;
        }
        /* need() may have moved the buffer: read the header again where it is now */
        memset(&w, 0, sizeof w);
        each_header((px_slice){r->data.ptr + r->pos, hlen}, warc_header, &w);
        px_slice block = {r->data.ptr + r->pos + hlen, blen};
        r->pos += hlen + blen;
        if ((st = record_article(r, &w, block, at, a, got)) || *got)
            return st;
    }
}
