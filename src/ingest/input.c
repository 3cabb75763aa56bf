/* Input streams: plain, gzip (zlib, all members) and zstd (libzstd). Reading is
 * streaming: memory stays constant whatever the size of the input. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "ingest/input.h"

#define INBUF 65536

enum { RAW, GZIP, ZSTD };

struct px_input {
    int fd;
    int own_fd;
    int codec;
    int eof;  /* no more raw bytes */
    int done; /* no more output */
    size_t cap; /* size of in[]: INBUF, or less for a small memory input */
    size_t in_len, in_pos;
    z_stream z;
    ZSTD_DStream *zs;
    const uint8_t *mem; /* memory input instead of fd */
    size_t mem_len, mem_pos;
    px_status pending; /* an error met after some output: reported next call */
    int soft;          /* the last error was recovered from: reading goes on */
    int psoft;         /* the same for the pending error */
    char pmsg[PX_ERRMSG_SIZE];
    unsigned long long base;   /* offset of in[0] in the raw (compressed) input */
    unsigned long long member; /* raw offset where the current gzip member starts */
    uint8_t in[];              /* raw bytes read ahead (cap of them) */
};

/* A zeroed px_input with cap bytes of read-ahead. A memory input needs no more
 * than its own size: a short document then costs neither a 64 KiB clear nor
 * the page faults of a fresh buffer. */
static px_input *input_new(size_t cap)
{
    px_input *in = px__calloc(1, sizeof(*in) + cap);
    if (in)
        in->cap = cap;
    return in;
}

/* read(2) over the fd or the memory buffer. */
static ssize_t raw_read(px_input *in, uint8_t *dst, size_t cap)
{
    if (in->mem) {
        size_t n = in->mem_len - in->mem_pos < cap ? in->mem_len - in->mem_pos : cap;
        memcpy(dst, in->mem + in->mem_pos, n);
        in->mem_pos += n;
        return (ssize_t)n;
    }
    ssize_t n;
    do
        n = read(in->fd, dst, cap);
    while (n < 0 && errno == EINTR);
    return n;
}

static px_status fill(px_input *in, char *errmsg)
{
    if (in->in_pos < in->in_len || in->eof)
        return PX_OK;
    ssize_t n = raw_read(in, in->in, in->cap);
    if (n < 0)
        return px__fail(errmsg, PX_EIO, "read error: %s", strerror(errno));
    in->base += in->in_len;
    in->in_len = (size_t)n;
    in->in_pos = 0;
    if (n == 0)
        in->eof = 1;
    return PX_OK;
}

/* Reads the first bytes and sets up decompression by magic bytes. */
static px_status start(px_input *in, char *errmsg)
{
    while (in->in_len < 4 && !in->eof) {
        ssize_t n = raw_read(in, in->in + in->in_len, in->cap - in->in_len);
        if (n < 0)
            return px__fail(errmsg, PX_EIO, "%s", strerror(errno));
        if (n == 0)
            in->eof = 1;
        in->in_len += (size_t)n;
    }
    const uint8_t *m = in->in;
    if (in->in_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
        in->codec = GZIP;
        if (inflateInit2(&in->z, 16 + MAX_WBITS) != Z_OK) {
            in->codec = RAW;
            return PX_ENOMEM;
        }
    } else if (in->in_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) {
        in->codec = ZSTD;
        in->zs = ZSTD_createDStream();
        if (!in->zs)
            return PX_ENOMEM;
        ZSTD_initDStream(in->zs);
    }
    return PX_OK;
}

px_status px__input_open(px_input **out, const char *path, char *errmsg)
{
    *out = NULL;
    px_input *in = input_new(INBUF);
    if (!in)
        return PX_ENOMEM;
    if (strcmp(path, "-") == 0) {
        in->fd = STDIN_FILENO;
    } else {
        in->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (in->fd < 0) {
            int e = errno;
            px__free(in);
            return px__fail(errmsg, PX_EIO, "%s", strerror(e));
        }
        in->own_fd = 1;
    }
    px_status st = start(in, errmsg);
    if (st) {
        px__input_close(in);
        return st;
    }
    *out = in;
    return PX_OK;
}

px_status px__input_open_mem(px_input **out, const uint8_t *data, size_t n)
{
    *out = NULL;
    /* at least 4 bytes (the magic numbers) and room to keep 3 in a resync */
    px_input *in = input_new(n < INBUF - 16 ? n + 16 : INBUF);
    if (!in)
        return PX_ENOMEM;
    in->fd = -1;
    in->mem = data ? data : (const uint8_t *)"";
    in->mem_len = n;
    px_status st = start(in, NULL);
    if (st) {
        px__input_close(in);
        return st;
    }
    *out = in;
    return PX_OK;
}

/* A plausible gzip member header at p (ID1 ID2 deflate, no reserved flags). */
static int gzip_magic(const uint8_t *p)
{
    return p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 && (p[3] & 0xe0) == 0;
}

/* After a corrupt member: finds the next member header after the start of
 * the corrupt one (looking back into the bytes still in the buffer, so a cut
 * member does not take the next one with it), in constant memory. *found 0
 * means none before the end of the input. */
static px_status gzip_resync(px_input *in, int *found, char *errmsg)
{
    *found = 0;
    size_t i = in->member >= in->base ? (size_t)(in->member - in->base) + 1 : 0;
    for (;;) {
        for (; i + 4 <= in->in_len; i++)
            if (gzip_magic(in->in + i)) {
                in->in_pos = i;
                *found = 1;
                return PX_OK;
            }
        if (in->eof) {
            in->in_pos = in->in_len;
            return PX_OK;
        }
        /* keep the last 3 bytes (a header may straddle the refill) */
        size_t keep = in->in_len < 3 ? in->in_len : 3;
        if (i < in->in_len - keep)
            i = in->in_len - keep;
        size_t k = in->in_len - i;
        memmove(in->in, in->in + i, k);
        in->base += i;
        in->in_len = k;
        i = 0;
        ssize_t n = raw_read(in, in->in + k, in->cap - k);
        if (n < 0)
            return px__fail(errmsg, PX_EIO, "read error: %s", strerror(errno));
        if (n == 0)
            in->eof = 1;
        in->in_len += (size_t)n;
    }
}

static px_status read_gzip(px_input *in, uint8_t *dst, size_t cap, size_t *got, char *errmsg)
{
    in->z.next_out = dst;
    in->z.avail_out = (uInt)(cap > UINT32_MAX ? UINT32_MAX : cap);
    while (in->z.avail_out > 0 && !in->done) {
        px_status st = fill(in, errmsg);
        if (st)
            return st;
        if (in->in_pos == in->in_len && in->eof) {
            if (in->z.total_in > 0 || in->z.avail_in > 0) {
                *got = cap - in->z.avail_out;
                return px__fail(errmsg, PX_EPARSE, "truncated gzip data");
            }
            in->done = 1; /* ended cleanly at a member boundary */
            break;
        }
        in->z.next_in = in->in + in->in_pos;
        in->z.avail_in = (uInt)(in->in_len - in->in_pos);
        int r = inflate(&in->z, Z_NO_FLUSH);
        in->in_pos = in->in_len - in->z.avail_in;
        if (r == Z_STREAM_END) {
            /* Another member may follow (.warc.gz has one per record). */
            inflateReset(&in->z);
            in->member = in->base + in->in_pos;
        } else if (r == Z_MEM_ERROR) {
            *got = cap - in->z.avail_out;
            return PX_ENOMEM;
        } else if (r != Z_OK && r != Z_BUF_ERROR) {
            /* One corrupt member must not lose the members after it. */
            char why[128];
            snprintf(why, sizeof why, "%s", in->z.msg ? in->z.msg : "inflate failed");
            unsigned long long from = in->member, bad = in->base + in->in_pos;
            int found;
            *got = cap - in->z.avail_out;
            if ((st = gzip_resync(in, &found, errmsg)))
                return st;
            inflateReset(&in->z);
            unsigned long long to = in->base + in->in_pos;
            in->member = to;
            in->soft = found;
            if (found)
                return px__fail(errmsg, PX_EPARSE,
                                "corrupt gzip data (%s) at compressed byte %llu: skipped "
                                "compressed bytes %llu-%llu, reading on at the next gzip member",
                                why, bad, from, to);
            return px__fail(errmsg, PX_EPARSE,
                            "corrupt gzip data (%s) at compressed byte %llu: no gzip member "
                            "after it, compressed bytes %llu-%llu skipped",
                            why, bad, from, to);
        }
    }
    *got = cap - in->z.avail_out;
    return PX_OK;
}

static px_status read_zstd(px_input *in, uint8_t *dst, size_t cap, size_t *got, char *errmsg)
{
    ZSTD_outBuffer ob = {dst, cap, 0};
    size_t last = 0;
    while (ob.pos < ob.size && !in->done) {
        px_status st = fill(in, errmsg);
        if (st)
            return st;
        if (in->in_pos == in->in_len && in->eof) {
            if (last != 0) {
                *got = ob.pos;
                return px__fail(errmsg, PX_EPARSE, "truncated zstd data");
            }
            in->done = 1;
            break;
        }
        ZSTD_inBuffer ib = {in->in, in->in_len, in->in_pos};
        last = ZSTD_decompressStream(in->zs, &ob, &ib);
        in->in_pos = ib.pos;
        if (ZSTD_isError(last))
            return px__fail(errmsg, PX_EPARSE, "corrupt zstd data: %s", ZSTD_getErrorName(last));
    }
    *got = ob.pos;
    return PX_OK;
}

/* Decompressed bytes that came before an error are handed out first; the
 * error follows on the next call (a truncated .warc.gz keeps its records). */
static px_status read_codec(px_input *in, uint8_t *dst, size_t cap, size_t *got, char *errmsg)
{
    in->soft = 0;
    if (in->pending) {
        px_status st = in->pending;
        in->pending = PX_OK;
        in->soft = in->psoft;
        in->done = !in->soft;
        if (errmsg)
            memcpy(errmsg, in->pmsg, PX_ERRMSG_SIZE);
        return st;
    }
    char msg[PX_ERRMSG_SIZE] = "";
    px_status st =
        in->codec == GZIP ? read_gzip(in, dst, cap, got, msg) : read_zstd(in, dst, cap, got, msg);
    if (st && *got && st != PX_ENOMEM) {
        in->pending = st;
        in->psoft = in->soft;
        in->soft = 0;
        memcpy(in->pmsg, msg, PX_ERRMSG_SIZE);
        return PX_OK;
    }
    if (st && !in->soft) {
        in->done = 1;
        if (errmsg)
            memcpy(errmsg, msg, PX_ERRMSG_SIZE);
    }
    return st;
}

px_status px__input_read(px_input *in, uint8_t *dst, size_t cap, size_t *got, char *errmsg)
{
    *got = 0;
    if (in->codec == GZIP || in->codec == ZSTD)
        return read_codec(in, dst, cap, got, errmsg);
    if (in->in_pos < in->in_len) {
        size_t n = in->in_len - in->in_pos < cap ? in->in_len - in->in_pos : cap;
        memcpy(dst, in->in + in->in_pos, n);
        in->in_pos += n;
        *got = n;
        return PX_OK;
    }
    if (in->eof)
        return PX_OK;
    ssize_t n = raw_read(in, dst, cap);
    if (n < 0)
        return px__fail(errmsg, PX_EIO, "read error: %s", strerror(errno));
    if (n == 0)
        in->eof = 1;
    *got = (size_t)n;
    return PX_OK;
}

int px__input_recovered(const px_input *in)
{
    return in->soft;
}

const char *px__input_codec(const px_input *in)
{
    return in->codec == GZIP ? "gzip" : in->codec == ZSTD ? "zstd" : NULL;
}

void px__input_close(px_input *in)
{
    if (!in)
        return;
    if (in->codec == GZIP)
        inflateEnd(&in->z);
    if (in->zs)
        ZSTD_freeDStream(in->zs);
    if (in->own_fd)
        close(in->fd);
    px__free(in);
}
