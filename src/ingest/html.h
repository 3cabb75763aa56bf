/* HTML main-text extraction and metadata (html.c: tokenizer and tree,
 * html_extract.c: boilerplate removal, html_meta.c: metadata). Input is UTF-8
 * (see charset.h); results point into the context and stay valid until the
 * next px__html_extract call or px__html_free. */
#ifndef PX_INGEST_HTML_H
#define PX_INGEST_HTML_H

#include "parallax/parallax.h"
#include "text/text.h"

typedef struct px_html px_html;

/* Elements nested deeper than this are flattened into their ancestor. */
#define PX_HTML_MAX_DEPTH 400

typedef struct px_html_result {
    px_slice text; /* paragraphs joined by "\n\n"; empty when none found */
    px_slice title;
    px_slice author;
    px_slice date;           /* YYYY-MM-DD or null */
    const char *date_source; /* "meta", "url", "text" or NULL */
    px_slice outlet;         /* og:site_name, JSON-LD publisher, else the page's domain */
    px_slice canonical;      /* link rel=canonical or og:url */
    px_slice lang;           /* <html lang> or content-language */
    px_slice charset;        /* <meta charset> as declared (informative) */
    int truncated;           /* nesting over the cap was flattened */
} px_html_result;

px_html *px__html_new(void);
void px__html_free(px_html *h);
/* Extracts the main text and metadata of html (valid UTF-8). page_url (may be
 * null) gives the URL date and the fallback outlet. Returns PX_OK or PX_ENOMEM. */
px_status px__html_extract(px_html *h, px_slice html, px_slice page_url, px_html_result *res);
/* Text of an HTML fragment (feed descriptions): every text block kept, no
 * boilerplate scoring. Same lifetime as px__html_extract's result. */
px_status px__html_fragment_text(px_html *h, px_slice html, px_slice *text);

/* html_meta.c: normalizes a date ("2019-11-20T…", "2019/11/20", "20191120",
 * "Wed, 20 Nov 2019 …", "Nov 20, 2019") to YYYY-MM-DD in out; returns 1 on success. */
int px__date_any(px_slice s, char out[11]);
/* A publication date printed in a dateline or byline near the top of the
 * main text ("By Jane Roe 19 NOV 2019"); returns 1 when found. */
int px__dateline(px_slice text, char out[11]);
/* A date in a URL path (/2019/11/20/ or 2019-11-20); returns 1 when found. */
int px__url_date(px_slice url, char out[11]);
/* The registered domain of a URL's host (news.bbc.co.uk -> bbc.co.uk). */
px_slice px__registered_domain(px_slice url);

/* Decodes HTML character references in s, appending to out. */
px_status px__html_unescape(px_slice s, px_buf *out);

#endif
