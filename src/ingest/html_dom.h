/* The light tree the HTML tokenizer builds (html.c) and the extractor and the
 * metadata pass read (html_extract.c, html_meta.c). Nodes live in one array
 * reused across pages; text is decoded into one buffer. */
#ifndef PX_INGEST_HTML_DOM_H
#define PX_INGEST_HTML_DOM_H

#include "ingest/html.h"

#define HTML_MAX_DEPTH PX_HTML_MAX_DEPTH
#define HTML_MAX_META  256
#define HTML_MAX_LD    16

enum {
    T_NONE = 0,
    T_TEXT,
    T_UNKNOWN,
    /* inline */
    T_A,
    T_ABBR,
    T_B,
    T_BDI,
    T_BDO,
    T_BIG,
    T_CITE,
    T_CODE,
    T_DEL,
    T_DFN,
    T_EM,
    T_FONT,
    T_I,
    T_INS,
    T_KBD,
    T_LABEL,
    T_MARK,
    T_Q,
    T_S,
    T_SAMP,
    T_SMALL,
    T_SPAN,
    T_STRIKE,
    T_STRONG,
    T_SUB,
    T_SUP,
    T_TIME,
    T_TT,
    T_U,
    T_VAR,
    T_WBR,
    T_BR,
    T_IMG,
    T_LAST_INLINE = T_IMG,
    /* blocks */
    T_ADDRESS,
    T_ARTICLE,
    T_ASIDE,
    T_BLOCKQUOTE,
    T_BODY,
    T_BUTTON,
    T_CAPTION,
    T_CENTER,
    T_DD,
    T_DETAILS,
    T_DIALOG,
    T_DIV,
    T_DL,
    T_DT,
    T_FIELDSET,
    T_FIGCAPTION,
    T_FIGURE,
    T_FOOTER,
    T_FORM,
    T_H1,
    T_H2,
    T_H3,
    T_H4,
    T_H5,
    T_H6,
    T_HEAD,
    T_HEADER,
    T_HR,
    T_HTML,
    T_INPUT,
    T_LEGEND,
    T_LI,
    T_LINK,
    T_MAIN,
    T_MENU,
    T_META,
    T_NAV,
    T_OL,
    T_OPTION,
    T_P,
    T_PRE,
    T_SECTION,
    T_SELECT,
    T_SUMMARY,
    T_TABLE,
    T_TBODY,
    T_TD,
    T_TFOOT,
    T_TH,
    T_THEAD,
    T_TR,
    T_UL,
    /* raw text, never in the tree */
    T_SCRIPT,
    T_STYLE,
    T_TITLE,
    T_TEXTAREA,
    T_NOSCRIPT,
    T_IFRAME,
    T_SVG,
    T_MATH,
    T_TEMPLATE,
    T_XMP,
    T_NOEMBED,
    T_NOFRAMES,
    T_OBJECT,
    T_CANVAS,
    T_VIDEO,
    T_AUDIO,
    T_COUNT
};

enum {
    NF_JUNK = 1 << 0,    /* boilerplate by tag, class, id or role */
    NF_HIDDEN = 1 << 1,  /* hidden attribute, aria-hidden, display:none */
    NF_POSITIVE = 1 << 2 /* class/id says article body */
};

typedef struct hnode {
    uint32_t parent, first, last, next; /* indices; 0 is the root / none */
    uint16_t tag;
    uint16_t flags;
    uint32_t off, len; /* T_TEXT: bytes of h->txt; elements: class+id in h->attr */
    uint32_t tlen;     /* text bytes in the subtree (non-space) */
    uint32_t llen;     /* of which inside links */
    uint32_t ptext;    /* text bytes in <p> elements of the subtree */
    uint16_t commas;
    uint16_t depth;
    float score;
} hnode;

typedef struct hmeta {
    px_slice key;   /* name, property or itemprop (raw) */
    px_slice value; /* content (raw, entities not decoded) */
} hmeta;

struct px_html {
    const uint8_t *src;
    size_t n;
    hnode *nodes;
    uint32_t nnodes, cap;
    uint32_t stack[HTML_MAX_DEPTH];
    uint32_t depth;
    int truncated;
    px_buf txt;  /* decoded text of text nodes */
    px_buf attr; /* lowercased "class id" strings */
    px_buf out;  /* the extracted text */
    px_buf mbuf; /* decoded metadata values */
    px_buf tmp;
    hmeta meta[HTML_MAX_META];
    uint32_t nmeta;
    px_slice ld[HTML_MAX_LD]; /* application/ld+json script bodies */
    uint32_t nld;
    px_slice title_raw, canonical_raw, lang_raw, charset_raw, time_raw;
    uint32_t h1; /* first <h1> node or 0 */
    int feed_mode;
    size_t raw_open[T_COUNT]; /* 1 + a position after which a raw-text tag is never closed */
};

/* html.c */
px_status px__html_parse(px_html *h, px_slice html);
int px__html_is_inline(int tag);
/* html_extract.c */
px_status px__html_main_text(px_html *h, px_slice *text);
px_status px__html_all_text(px_html *h, px_slice *text);
/* Appends the collapsed text of node i (its subtree) to out. */
px_status px__html_node_text(px_html *h, uint32_t i, px_buf *out);
/* html_meta.c */
px_status px__html_meta(px_html *h, px_slice page_url, px_html_result *res);

#endif
