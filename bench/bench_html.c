/* Benchmark of HTML ingest on the extraction development pages
 * (../shared/data/extraction: 320 real news pages, gzip or raw bytes).
 *
 * 1. HTML extraction per core: every page is loaded into memory once, then
 *    timed repeatedly (a) from raw bytes: charset detection/conversion, UTF-8
 *    repair, tokenizing, tree, boilerplate removal and metadata; (b) the
 *    extractor alone on the already decoded UTF-8.
 * 2. WARC reading: the same pages as HTTP response records, one gzip member
 *    per record (as CC-NEWS), written to a temporary .warc.gz and read back
 *    through px_reader (inflate + WARC + HTTP + extraction), compared with
 *    plain inflate of the same file.
 *
 * Times are CPU seconds of the process (one core).
 *
 * Usage: bench_html [DIR]   (default /work/shared/data/extraction) */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "ingest/charset.h"
#include "ingest/html.h"
#include "ingest/input.h"
#include "internal.h"

#define MIN_SECONDS 2.0

/* CPU time of this (single-threaded) process: MB/s per core even on a loaded
 * machine. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct page {
    px_buf raw, utf8;
    char url[512];
} page;

static int load(const char *path, px_buf *b)
{
    char err[PX_ERRMSG_SIZE];
    px_input *in;
    if (px__input_open(&in, path, err))
        return -1;
    px_buf_init(b, 0);
    for (;;) {
        size_t got;
        if (px_buf_reserve(b, 65536) || px__input_read(in, b->ptr + b->len, 65536, &got, err) ||
            !got)
            break;
        b->len += got;
    }
    px__input_close(in);
    return 0;
}

static size_t load_pages(const char *dir, page **out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/index.jsonl", dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = 0, cap = 0;
    page *p = NULL;
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, f) > 0) {
        cJSON *o = cJSON_Parse(line);
        cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "html");
        cJSON *u = cJSON_GetObjectItemCaseSensitive(o, "url");
        if (cJSON_IsString(h)) {
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                p = realloc(p, cap * sizeof *p);
                if (!p)
                    exit(1);
            }
            snprintf(path, sizeof path, "%s/%s", dir, h->valuestring);
            memset(&p[n], 0, sizeof p[n]);
            if (load(path, &p[n].raw) == 0) {
                snprintf(p[n].url, sizeof p[n].url, "%s", cJSON_IsString(u) ? u->valuestring : "");
                px_buf_init(&p[n].utf8, 0);
                px_buf tmp;
                px_buf_init(&tmp, 0);
                size_t nbad;
                if (px__charset_to_utf8(px_buf_slice(&p[n].raw), NULL, 0, 1, &tmp, NULL) ||
                    px__utf8_repair(px_buf_slice(&tmp), 1, &p[n].utf8, NULL, NULL, &nbad))
                    exit(1);
                px_buf_free(&tmp);
                n++;
            }
        }
        cJSON_Delete(o);
    }
    free(line);
    fclose(f);
    *out = p;
    return n;
}

static double time_extract(page *p, size_t n, int from_raw, size_t *bytes)
{
    px_html *h = px__html_new();
    px_buf conv, fixed;
    px_buf_init(&conv, 0);
    px_buf_init(&fixed, 0);
    double t0 = now(), t;
    *bytes = 0;
    do {
        for (size_t i = 0; i < n; i++) {
            px_slice in = px_buf_slice(&p[i].utf8);
            if (from_raw) {
                size_t nbad;
                fixed.len = 0;
                if (px__charset_to_utf8(px_buf_slice(&p[i].raw), NULL, 0, 1, &conv, NULL) ||
                    px__utf8_repair(px_buf_slice(&conv), 1, &fixed, NULL, NULL, &nbad))
                    exit(1);
                in = px_buf_slice(&fixed);
            }
            px_html_result r;
            if (px__html_extract(h, in, px_slice_cstr(p[i].url), &r))
                exit(1);
            *bytes += p[i].raw.len;
        }
        t = now() - t0;
    } while (t < MIN_SECONDS);
    px__html_free(h);
    px_buf_free(&conv);
    px_buf_free(&fixed);
    return t;
}

/* Writes the pages as a .warc.gz (one gzip member per record); returns its size. */
static size_t write_warc(const char *path, page *p, size_t n, int copies)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        exit(1);
    size_t total = 0;
    px_buf rec, z;
    px_buf_init(&rec, 0);
    px_buf_init(&z, 0);
    for (int c = 0; c < copies; c++)
        for (size_t i = 0; i < n; i++) {
            rec.len = 0;
            const char http[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
            if (px_buf_appendf(&rec,
                               "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n"
                               "WARC-Date: 2020-01-01T00:00:00Z\r\nContent-Type: "
                               "application/http; msgtype=response\r\nContent-Length: "
                               "%zu\r\n\r\n%s",
                               p[i].url, sizeof http - 1 + p[i].raw.len, http) ||
                px_buf_append(&rec, p[i].raw.ptr, p[i].raw.len) ||
                px_buf_append(&rec, "\r\n\r\n", 4))
                exit(1);
            uLongf zn = compressBound(rec.len) + 64;
            z.len = 0;
            if (px_buf_reserve(&z, zn))
                exit(1);
            z_stream s;
            memset(&s, 0, sizeof s);
            deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
            s.next_in = rec.ptr;
            s.avail_in = (uInt)rec.len;
            s.next_out = z.ptr;
            s.avail_out = (uInt)zn;
            deflate(&s, Z_FINISH);
            fwrite(z.ptr, 1, zn - s.avail_out, f);
            deflateEnd(&s);
            total += rec.len;
        }
    fclose(f);
    px_buf_free(&rec);
    px_buf_free(&z);
    return total;
}

static void bench_warc(page *p, size_t n)
{
    char path[] = "/tmp/px-bench-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return;
    close(fd);
    size_t bytes = write_warc(path, p, n, 4);
    /* plain inflate of the file */
    char err[PX_ERRMSG_SIZE];
    static uint8_t buf[1 << 16];
    double t0 = now();
    px_input *in;
    size_t got, total = 0;
    if (px__input_open(&in, path, err) == PX_OK) {
        while (px__input_read(in, buf, sizeof buf, &got, err) == PX_OK && got)
            total += got;
        px__input_close(in);
    }
    double tin = now() - t0;
    /* the reader */
    char *paths[] = {path};
    px_reader *r;
    size_t arts = 0;
    t0 = now();
    if (px_reader_new(&r, NULL, paths, 1) == PX_OK) {
        px_article a;
        int ok;
        while (px_reader_next(r, &a, &ok) == PX_OK && ok)
            arts++;
        px_reader_free(r);
    }
    double trd = now() - t0;
    printf("warc.gz      %6zu records %7.1f MB  inflate only %7.1f MB/s  px_reader (inflate+WARC+"
           "HTTP+extract) %6.1f MB/s, %zu articles\n",
           4 * n, (double)bytes / 1e6, (double)total / 1e6 / tin, (double)bytes / 1e6 / trd, arts);
    unlink(path);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/work/shared/data/extraction";
    page *p;
    size_t n = load_pages(dir, &p);
    if (!n) {
        fprintf(stderr, "bench_html: no pages under %s\n", dir);
        return 1;
    }
    size_t bytes;
    double t = time_extract(p, n, 1, &bytes);
    printf("extraction   %6zu pages   from raw bytes (charset+repair+extract+meta) %7.1f MB/s "
           "per core\n",
           n, (double)bytes / 1e6 / t);
    t = time_extract(p, n, 0, &bytes);
    printf("extraction   %6zu pages   extractor alone on UTF-8                   %7.1f MB/s "
           "per core\n",
           n, (double)bytes / 1e6 / t);
    bench_warc(p, n);
    for (size_t i = 0; i < n; i++) {
        px_buf_free(&p[i].raw);
        px_buf_free(&p[i].utf8);
    }
    free(p);
    return 0;
}
