/* The reader's state, shared by reader.c and the format readers. */
#ifndef PX_INGEST_READER_H
#define PX_INGEST_READER_H

#include "ingest/input.h"

enum { MODE_NONE, MODE_TEXT, MODE_JSONL, MODE_HTML, MODE_FEED, MODE_WARC, MODE_UTF16 };

struct px_reader {
    px_reader_options opt;
    char *const *paths;
    size_t npaths, ipath;
    struct px_walk_dir *dirs; /* the directories being walked, outermost first */
    size_t ndirs;
    unsigned long long *seen; /* (dev, ino) pairs of directories read: open addressing */
    size_t nseen, cap_seen;
    char *cur_owned;
    const char *cur_path;
    px_input *in;
    int mode;
    int in_eof;
    px_buf data;                 /* bytes read and not consumed */
    unsigned long long data_off; /* offset of data.ptr[0] in the input */
    unsigned long long seam;     /* where reading went on after damaged compressed data */
    size_t pos;                  /* consumed bytes of data (JSON Lines) */
    long long lineno;
    long long art_off;            /* offset of the current article's record, or -1 */
    px_buf body;                  /* repaired text of the current article */
    px_buf line;                  /* JSON Lines: the current line */
    px_buf jrest;                 /* JSON Lines: the values after the one read, on the same line */
    unsigned long long jrest_off; /* offset of jrest in the input */
    px_buf fields;                /* scratch */
    void *json;                   /* cJSON tree of the current record */
    char *meta;                   /* its extra members as JSON text (cJSON_free) */
    char idbuf[32];
    const uint8_t *mem; /* px__reader_new_mem: one input from memory */
    size_t mem_len;
    px_reader_stats stats;
    char errmsg[PX_ERRMSG_SIZE];
    /* HTML, feeds, WARC (html*.c, feed.c, warc.c) */
    struct px_html *html; /* created on first use */
    px_buf conv;          /* bytes converted to UTF-8 */
    px_buf payload;       /* WARC: the HTTP body (de-chunked, inflated) */
    struct px_feed *feed; /* feed items of the current input */
    px_buf feedtext;      /* feed: decoded item fields */
    int warc_started;     /* WARC: a record was read (for resync messages) */
};

/* A reader over one in-memory input named name (both borrowed): for fuzzing
 * and tests. */
px_status px__reader_new_mem(px_reader **out,
                             const px_reader_options *opt,
                             const uint8_t *data,
                             size_t n,
                             char *const *name);
void px__reader_diag(px_reader *r, long long off, px_status st, int is_error, const char *fmt, ...)
    PX_PRINTF(5, 6);
px_status px__reader_fill(px_reader *r, size_t want, int *eof);
px_status px__reader_repair(px_reader *r, px_slice s, size_t base);
px_status px__reader_jsonl_next(px_reader *r, px_article *a, int *got);
void px__reader_jsonl_clear(px_reader *r);

/* Reads the rest of the input into r->data (up to max_bytes); *ok is 0 (with a
 * diagnostic) when it is over the limit or unreadable. */
px_status px__reader_slurp(px_reader *r, int *ok);
/* Builds an article from an HTML page: raw bytes in charset (may be NULL:
 * detected), the page URL (may be null). off locates diagnostics. *ok is 0
 * (with a diagnostic) when the page has no main text. Slices stay valid until
 * the next call. */
px_status px__reader_html_article(px_reader *r,
                                  px_slice raw,
                                  px_slice charset,
                                  px_slice url,
                                  long long off,
                                  px_article *a,
                                  int *ok);
/* warc.c */
px_status px__reader_warc_next(px_reader *r, px_article *a, int *got);
/* feed.c: parses the whole feed in r->data, then hands out one item per call. */
px_status px__reader_feed_next(px_reader *r, px_article *a, int *got);
void px__reader_feed_clear(px_reader *r);

#endif
