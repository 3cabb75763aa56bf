/* Lines of a (possibly gzip- or zstd-compressed) file: what add --records reads,
 * so that annotate's .jsonl.zst shards load as they are. */
#include <string.h>

#include "ingest/input.h"

#define CHUNK (1u << 16)

struct px_lines {
    px_input *in;
    size_t max_line;
    uint8_t *chunk; /* decompressed bytes not yet handed out: chunk[pos..len) */
    size_t pos, len;
    int eof;
    px_buf line;
    size_t lineno;
    unsigned long long bytes;
};

px_status px_lines_open(px_lines **out, const char *path, size_t max_line, char *errmsg)
{
    if (!out || !path)
        return px__fail(errmsg, PX_EINVAL, "px_lines_open: no path");
    *out = NULL;
    px_lines *l = px__calloc(1, sizeof(*l));
    if (!l || !(l->chunk = px__malloc(CHUNK))) {
        px__free(l);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    l->max_line = max_line ? max_line : (size_t)64 << 20;
    px_buf_init(&l->line, 0);
    char msg[PX_ERRMSG_SIZE] = "";
    px_status st = px__input_open(&l->in, path, msg);
    if (st) {
        px_lines_close(l);
        return px__fail(errmsg, st, "%s: cannot open: %s", path, msg[0] ? msg : px_strerror(st));
    }
    *out = l;
    return PX_OK;
}

px_status px_lines_next(px_lines *l, px_slice *line, int *got, char *errmsg)
{
    if (!l || !line || !got)
        return PX_EINVAL;
    *got = 0;
    *line = PX_SLICE_NULL;
    l->line.len = 0;
    int too_long = 0, any = 0;
    for (;;) {
        if (l->pos == l->len) {
            if (l->eof)
                break;
            size_t n = 0;
            char msg[PX_ERRMSG_SIZE] = "";
            px_status st = px__input_read(l->in, l->chunk, CHUNK, &n, msg);
            if (st) {
                l->eof = 1;
                return px__fail(errmsg, st, "%s", msg[0] ? msg : px_strerror(st));
            }
            l->pos = 0;
            l->len = n;
            l->bytes += n;
            if (!n) {
                l->eof = 1;
                break;
            }
        }
        any = 1;
        const uint8_t *p = l->chunk + l->pos;
        size_t avail = l->len - l->pos;
        const uint8_t *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        if (!too_long) {
            if (l->line.len + take > l->max_line) {
                too_long = 1;
                l->line.len = 0;
            } else if (px_buf_append(&l->line, p, take)) {
                return px__fail(errmsg, PX_ENOMEM, "out of memory");
            }
        }
        l->pos += take + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!any)
        return PX_OK; /* the end */
    l->lineno++;
    *got = 1;
    if (too_long) {
        *line = (px_slice){(const uint8_t *)"", 0};
        return px__fail(errmsg, PX_ETOOBIG, "line longer than %zu bytes: skipped", l->max_line);
    }
    *line = (px_slice){l->line.ptr ? l->line.ptr : (const uint8_t *)"", l->line.len};
    return PX_OK;
}

size_t px_lines_lineno(const px_lines *l)
{
    return l ? l->lineno : 0;
}

unsigned long long px_lines_bytes(const px_lines *l)
{
    return l ? l->bytes : 0;
}

const char *px_lines_codec(const px_lines *l)
{
    return l && l->in ? px__input_codec(l->in) : NULL;
}

void px_lines_close(px_lines *l)
{
    if (!l)
        return;
    if (l->in)
        px__input_close(l->in);
    px_buf_free(&l->line);
    px__free(l->chunk);
    px__free(l);
}
