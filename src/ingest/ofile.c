/* Output files that appear whole: a temporary file beside the target, zstd
 * streaming compression when the name ends in .zst, fsync and rename at commit.
 * A cluster job that dies midway leaves no file that looks finished. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "parallax/parallax.h"
#include "text/text.h"

#define OBUF (1u << 17)

struct px_ofile {
    int fd;
    int own;    /* 1: a temporary file to rename (0: standard output) */
    char *path; /* the target */
    char *tmp;  /* the temporary file */
    ZSTD_CStream *zs;
    uint8_t *zbuf; /* compressed bytes waiting to be written */
    int failed;
    char errmsg[PX_ERRMSG_SIZE];
};

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = px__malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void ofile_free(px_ofile *f)
{
    if (f->own && f->fd >= 0)
        close(f->fd);
    ZSTD_freeCStream(f->zs);
    px__free(f->zbuf);
    px__free(f->path);
    px__free(f->tmp);
    px__free(f);
}

px_status px_ofile_open(px_ofile **out, const char *path, char *errmsg)
{
    if (!out || !path || !*path)
        return px__fail(errmsg, PX_EINVAL, "px_ofile_open: no path");
    *out = NULL;
    px_ofile *f = px__calloc(1, sizeof(*f));
    if (!f)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    f->fd = -1;
    if (strcmp(path, "-") == 0) {
        f->fd = STDOUT_FILENO;
        *out = f;
        return PX_OK;
    }
    f->own = 1;
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* /dev/null, a FIFO, a terminal: written in place (never replaced by
         * a rename). */
        f->path = dup_str(path);
        f->fd = f->path ? open(path, O_WRONLY | O_CLOEXEC) : -1;
        if (f->fd < 0) {
            int e = errno, oom = !f->path;
            ofile_free(f);
            return oom ? px__fail(errmsg, PX_ENOMEM, "out of memory")
                       : px__fail(errmsg, PX_EIO, "%s: cannot open: %s", path, strerror(e));
        }
        goto compress;
    }
    size_t cap = strlen(path) + 48;
    f->path = dup_str(path);
    f->tmp = px__malloc(cap);
    if (!f->path || !f->tmp) {
        ofile_free(f);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    /* Beside the target (same file system, so rename is atomic), named so that
     * two writers of one target never share a temporary file. */
    for (unsigned i = 0;; i++) {
        snprintf(f->tmp, cap, "%s.tmp-%ld-%u", path, (long)getpid(), i);
        f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (f->fd >= 0 || errno != EEXIST || i >= 100)
            break;
    }
    if (f->fd < 0) {
        int e = errno;
        px__fail(errmsg, PX_EIO, "%s: cannot create %s: %s", path, f->tmp, strerror(e));
        ofile_free(f);
        return PX_EIO;
    }
compress:
    if (ends_with(path, ".zst")) {
        f->zs = ZSTD_createCStream();
        f->zbuf = px__malloc(OBUF);
        if (!f->zs || !f->zbuf || ZSTD_isError(ZSTD_initCStream(f->zs, 3))) {
            px_ofile_abort(f);
            return px__fail(errmsg, PX_ENOMEM, "out of memory");
        }
    }
    *out = f;
    return PX_OK;
}

static px_status write_all(px_ofile *f, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(f->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            f->failed = 1;
            return px__fail(f->errmsg, PX_EIO, "%s: write error: %s",
                            f->path ? f->path : "standard output", strerror(w < 0 ? errno : EIO));
        }
        p += w;
        n -= (size_t)w;
    }
    return PX_OK;
}

/* Compresses in (all of it) or, with end, finishes the frame. */
static px_status zstd_step(px_ofile *f, const uint8_t *p, size_t n, int end)
{
    ZSTD_inBuffer in = {p, n, 0};
    for (;;) {
        ZSTD_outBuffer ob = {f->zbuf, OBUF, 0};
        size_t r = end ? ZSTD_endStream(f->zs, &ob) : ZSTD_compressStream(f->zs, &ob, &in);
        if (ZSTD_isError(r)) {
            f->failed = 1;
            return px__fail(f->errmsg, PX_EIO, "%s: zstd: %s", f->path, ZSTD_getErrorName(r));
        }
        if (ob.pos && write_all(f, f->zbuf, ob.pos))
            return PX_EIO;
        if (end ? r == 0 : in.pos == in.size)
            return PX_OK;
    }
}

px_status px_ofile_write(px_ofile *f, const void *p, size_t n)
{
    if (!f || (!p && n))
        return PX_EINVAL;
    if (f->failed)
        return PX_EIO;
    if (!n)
        return PX_OK;
    return f->zs ? zstd_step(f, p, n, 0) : write_all(f, p, n);
}

px_status px_ofile_commit(px_ofile *f, char *errmsg)
{
    if (!f)
        return PX_EINVAL;
    px_status st = f->failed ? PX_EIO : PX_OK;
    if (!st && f->zs)
        st = zstd_step(f, NULL, 0, 1);
    if (!st && f->own && f->tmp && fsync(f->fd) != 0)
        st = px__fail(f->errmsg, PX_EIO, "%s: cannot sync: %s", f->path, strerror(errno));
    if (!st && f->own && f->tmp) {
        int fd = f->fd;
        f->fd = -1;
        if (close(fd) != 0)
            st = px__fail(f->errmsg, PX_EIO, "%s: cannot close: %s", f->path, strerror(errno));
        else if (rename(f->tmp, f->path) != 0)
            st = px__fail(f->errmsg, PX_EIO, "%s: cannot rename %s to it: %s", f->path, f->tmp,
                          strerror(errno));
    }
    if (st) {
        if (errmsg)
            snprintf(errmsg, PX_ERRMSG_SIZE, "%s", f->errmsg);
        px_ofile_abort(f);
        return st;
    }
    ofile_free(f);
    return PX_OK;
}

void px_ofile_abort(px_ofile *f)
{
    if (!f)
        return;
    if (f->own) {
        if (f->fd >= 0)
            close(f->fd);
        f->fd = -1;
        if (f->tmp)
            unlink(f->tmp);
    }
    ofile_free(f);
}

const char *px_ofile_errmsg(const px_ofile *f)
{
    return f ? f->errmsg : "";
}
