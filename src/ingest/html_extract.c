/* Main-text extraction over the tree of html.c.
 *
 * 1. Boilerplate marking: elements that are navigation, headers, footers,
 *    asides, forms' controls, figures and captions by tag, and those whose
 *    class, id or role names a known boilerplate part (share, comment,
 *    related, newsletter, cookie, byline, ...) are dropped with their subtree.
 * 2. Scoring (after Readability): every paragraph-like block of 25 bytes or
 *    more gives its parent 1 + commas + min(len/100, 3), half to the
 *    grandparent and a sixth further up; class/id words weigh a container up
 *    or down; the best container, scaled by (1 - link density), wins.
 * 3. Output: the winner and its siblings that score near it, walked in
 *    document order; each block (p, h2-h6, blockquote, li, ...) becomes one
 *    paragraph; blocks that are mostly link text, or short link-free
 *    leftovers outside any paragraph, are dropped. Paragraphs are joined by a
 *    blank line.
 */
#include <string.h>

#include "ingest/html_dom.h"

enum { NF_SCORED = 1 << 8, NF_KEEP = 1 << 9, NF_CJUNK = 1 << 10, NF_COMMENT = 1 << 11 };

/* ---- class / id patterns ---- */

static const char *const STRONG_JUNK[] = {
    "comment",       "share",        "sharing",      "social",          "related",
    "newsletter",    "subscri",      "cookie",       "consent",         "gdpr",
    "promo",         "advert",       "sponsor",      "sidebar",         "breadcrumb",
    "caption",       "byline",       "recommend",    "outbrain",        "taboola",
    "disqus",        "popup",        "modal",        "paywall",         "signup",
    "sign-up",       "trending",     "popular",      "more-from",       "read-more",
    "readmore",      "author-bio",   "authorbio",    "author-info",     "pagination",
    "pager",         "toolbar",      "skip",         "sr-only",         "visually-hidden",
    "screen-reader", "print-only",   "credit",       "footer",          "navigation",
    "navbar",        "menu",         "masthead",     "dateline",        "timestamp",
    "tag-list",      "taglist",      "tags",         "keywords",        "most-read",
    "mostread",      "banner",       "rating",       "follow",          "login",
    "byl",           "contributor",  "author-name",  "meta-data",       "post-meta",
    "article-meta",  "entry-meta",   "story-meta",   "publish-date",    "pubdate",
    "date-time",     "image-credit", "photo-credit", "figure",          "inline-image",
    "media-credit",  "video",        "embed",        "teaser",          "also-read",
    "see-also",      "seealso",      "more-on",      "further-reading", "blurb",
    "disclaimer",    "copyright",    "topics",       "hidden",          "jump",
    "sticky",        "overlay",
};

static const char *const WEAK_JUNK[] = {
    "header", "nav", "extra", "widget", "aside", "supplement", "combx", "shoutbox", "meta",
};

static const char *const POSITIVE[] = {
    "article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story",
};

static int contains(const uint8_t *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (k > n)
        return 0;
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == (uint8_t)lit[0] && memcmp(s + i, lit, k) == 0)
            return 1;
    return 0;
}

static int any(const uint8_t *s, size_t n, const char *const *list, size_t nl)
{
    for (size_t i = 0; i < nl; i++)
        if (contains(s, n, list[i]))
            return 1;
    return 0;
}

/* "ad", "ads", "ad-…", "…-ad" as a class word. */
static int ad_word(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t st = i;
        while (i < n && s[i] != ' ')
            i++;
        size_t len = i - st;
        const uint8_t *w = s + st;
        if ((len == 2 && memcmp(w, "ad", 2) == 0) || (len == 3 && memcmp(w, "ads", 3) == 0) ||
            (len > 3 && (memcmp(w, "ad-", 3) == 0 || memcmp(w, "ad_", 3) == 0)) ||
            (len > 4 && memcmp(w, "ads-", 4) == 0) ||
            (len > 3 && (memcmp(w + len - 3, "-ad", 3) == 0 || memcmp(w + len - 3, "_ad", 3) == 0)))
            return 1;
    }
    return 0;
}

static int junk_tag(int t)
{
    switch (t) {
    case T_NAV:
    case T_FOOTER:
    case T_ASIDE:
    case T_BUTTON:
    case T_SELECT:
    case T_FIGURE:
    case T_FIGCAPTION:
    case T_HEADER:
    case T_MENU:
    case T_INPUT:
    case T_DIALOG:
    case T_FIELDSET:
    case T_OPTION:
    case T_LABEL:
    case T_CAPTION:
    case T_H1:
    case T_ADDRESS:
    case T_SUMMARY:
    case T_LEGEND:
    case T_IMG:
        return 1;
    default:
        return 0;
    }
}

static void mark(px_html *h)
{
    for (uint32_t i = 1; i < h->nnodes; i++) {
        hnode *x = &h->nodes[i];
        if (x->tag == T_TEXT)
            continue;
        if (junk_tag(x->tag))
            x->flags |= NF_JUNK;
        if (!x->len)
            continue;
        const uint8_t *c = h->attr.ptr + x->off;
        int pos = any(c, x->len, POSITIVE, sizeof POSITIVE / sizeof *POSITIVE);
        if (pos)
            x->flags |= NF_POSITIVE;
        if (any(c, x->len, STRONG_JUNK, sizeof STRONG_JUNK / sizeof *STRONG_JUNK) ||
            ad_word(c, x->len) ||
            (!pos && any(c, x->len, WEAK_JUNK, sizeof WEAK_JUNK / sizeof *WEAK_JUNK)))
            x->flags |= NF_CJUNK;
        if (contains(c, x->len, "comment"))
            x->flags |= NF_COMMENT;
    }
}

/* Class/id words are evidence, not proof: a container holding most of the
 * page's paragraph text ("article-content paywall") is kept, unless it is a
 * comment section. */
static void confirm_junk(px_html *h)
{
    uint32_t total = h->nodes[0].ptext, ttotal = h->nodes[0].tlen;
    for (uint32_t i = 1; i < h->nnodes; i++) {
        hnode *x = &h->nodes[i];
        if (!(x->flags & NF_CJUNK))
            continue;
        int most_p = total >= 200 && x->ptext * 2 >= total;
        int most_t = ttotal >= 200 && x->tlen * 2 >= ttotal && x->llen * 5 < x->tlen;
        if ((x->flags & NF_COMMENT) || !(most_p || most_t))
            x->flags |= NF_JUNK;
    }
    for (uint32_t i = 0; i < h->nnodes; i++) {
        hnode *x = &h->nodes[i];
        x->tlen = x->llen = x->ptext = 0;
        x->commas = 0;
    }
}

/* Text lengths bottom-up; junk and hidden subtrees count for nothing. Nodes
 * are in document order, so every child follows its parent. */
static void measure(px_html *h)
{
    for (uint32_t i = h->nnodes; i-- > 1;) {
        hnode *x = &h->nodes[i];
        if (x->tag == T_TEXT) {
            const uint8_t *p = h->txt.ptr + x->off;
            uint32_t t = 0, c = 0;
            for (uint32_t k = 0; k < x->len; k++) {
                t += p[k] != ' ';
                c += p[k] == ',';
            }
            x->tlen = t;
            x->commas = (uint16_t)(c > 60000 ? 60000 : c);
        }
        if (x->flags & (NF_JUNK | NF_HIDDEN))
            continue;
        if (x->tag == T_A)
            x->llen = x->tlen;
        hnode *p = &h->nodes[x->parent];
        p->tlen += x->tlen;
        p->llen += x->llen;
        uint32_t c = (uint32_t)p->commas + x->commas;
        p->commas = (uint16_t)(c > 60000 ? 60000 : c);
        p->ptext += x->ptext + (x->tag == T_P ? x->tlen : 0);
    }
}

static float class_weight(px_html *h, const hnode *x)
{
    float w = 0;
    if (x->flags & NF_POSITIVE)
        w += 25;
    if (x->flags & NF_JUNK)
        w -= 25;
    (void)h;
    return w;
}

static void init_score(px_html *h, hnode *x)
{
    if (x->flags & NF_SCORED)
        return;
    x->flags |= NF_SCORED;
    float s = 0;
    switch (x->tag) {
    case T_DIV:
    case T_ARTICLE:
    case T_MAIN:
    case T_SECTION:
        s = 5;
        break;
    case T_PRE:
    case T_TD:
    case T_BLOCKQUOTE:
        s = 3;
        break;
    case T_ADDRESS:
    case T_OL:
    case T_UL:
    case T_DL:
    case T_DD:
    case T_DT:
    case T_LI:
    case T_FORM:
        s = -3;
        break;
    case T_H1:
    case T_H2:
    case T_H3:
    case T_H4:
    case T_H5:
    case T_H6:
    case T_TH:
        s = -5;
        break;
    default:
        break;
    }
    if (x->tag == T_ARTICLE)
        s += 10;
    x->score = s + class_weight(h, x);
}

static int dropped(px_html *h, uint32_t i)
{
    for (; i; i = h->nodes[i].parent)
        if (h->nodes[i].flags & (NF_JUNK | NF_HIDDEN))
            return 1;
    return 0;
}

static int paragraph_like(const hnode *x)
{
    return x->tag == T_P || x->tag == T_PRE || x->tag == T_TD || x->tag == T_BLOCKQUOTE ||
           x->tag == T_LI || x->tag == T_DD;
}

/* Returns the best candidate container (0 when the page has no text). */
static uint32_t score(px_html *h)
{
    for (uint32_t i = 1; i < h->nnodes; i++) {
        hnode *x = &h->nodes[i];
        x->score = 0;
        x->flags &= (uint16_t) ~(NF_SCORED | NF_KEEP);
    }
    for (uint32_t i = 1; i < h->nnodes; i++) {
        hnode *x = &h->nodes[i];
        uint32_t a = x->parent;
        if (x->tag == T_TEXT) {
            /* loose text (between <br>s, in spans) scores for its block */
            int in_link = 0;
            while (a && px__html_is_inline(h->nodes[a].tag)) {
                in_link |= h->nodes[a].tag == T_A;
                a = h->nodes[a].parent;
            }
            if (in_link || !a || paragraph_like(&h->nodes[a]))
                continue;
        } else if (!paragraph_like(x)) {
            continue;
        }
        if (x->tlen < 25 || dropped(h, i))
            continue;
        float s = 1.0f + (float)x->commas + (x->tlen / 100 < 3 ? (float)(x->tlen / 100) : 3.0f);
        for (int level = 0; a && level < 5; level++, a = h->nodes[a].parent) {
            hnode *y = &h->nodes[a];
            init_score(h, y);
            y->score += s / (level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f);
        }
    }
    uint32_t best = 0;
    float bs = 0;
    for (uint32_t i = 1; i < h->nnodes; i++) {
        hnode *x = &h->nodes[i];
        if (!(x->flags & NF_SCORED) || dropped(h, i))
            continue;
        float ld = x->tlen ? (float)x->llen / (float)x->tlen : 0;
        x->score *= 1.0f - ld;
        if (x->score > bs) {
            bs = x->score;
            best = i;
        }
    }
    return best;
}

/* ---- output ---- */

typedef struct emitter {
    px_html *h;
    px_buf *out;
    size_t block_start; /* start of the current block in out */
    size_t block_links; /* link bytes in the current block */
    size_t para_start;  /* out length before the current block's separator */
    int in_para;        /* inside a paragraph-like element */
    int bare;           /* the current block is loose text outside paragraphs */
    int all;            /* keep every non-empty block (fragments) */
    px_status st;
} emitter;

static void flush(emitter *e)
{
    px_buf *o = e->out;
    size_t s = e->block_start;
    /* trim */
    while (o->len > s && (o->ptr[o->len - 1] == ' ' || o->ptr[o->len - 1] == '\n'))
        o->len--;
    size_t b = s;
    while (b < o->len && (o->ptr[b] == ' ' || o->ptr[b] == '\n'))
        b++;
    size_t len = o->len - b, nonsp = 0;
    for (size_t i = b; i < o->len; i++)
        nonsp += o->ptr[i] != ' ';
    int drop = len == 0 || (nonsp && e->block_links * 2 > nonsp) ||
               (!e->all && e->bare && nonsp < 25 && !e->in_para);
    if (drop) {
        o->len = e->para_start;
    } else if (b > s) {
        memmove(o->ptr + s, o->ptr + b, len);
        o->len = s + len;
    }
    e->block_links = 0;
    e->bare = 1;
    e->para_start = o->len;
    if (o->len && e->st == PX_OK)
        e->st = px_buf_append(o, "\n\n", 2);
    e->block_start = o->len;
}

static void emit(emitter *e, uint32_t i, int in_link)
{
    px_html *h = e->h;
    hnode *x = &h->nodes[i];
    if (e->st)
        return;
    if (x->tag == T_TEXT) {
        const uint8_t *p = h->txt.ptr + x->off;
        uint32_t n = x->len;
        if (e->out->len == e->block_start)
            while (n && *p == ' ')
                p++, n--;
        else if (n && *p == ' ' && e->out->ptr[e->out->len - 1] == ' ')
            p++, n--;
        e->st = px_buf_append(e->out, p, n);
        if (in_link)
            e->block_links += x->tlen;
        if (e->in_para)
            e->bare = 0;
        return;
    }
    if (x->flags & (NF_JUNK | NF_HIDDEN))
        return;
    if (x->tag == T_BR) {
        if (e->out->len > e->block_start && e->out->ptr[e->out->len - 1] != '\n')
            e->st = px_buf_append_byte(e->out, '\n');
        return;
    }
    int block = !px__html_is_inline(x->tag);
    int para = paragraph_like(x) || (x->tag >= T_H2 && x->tag <= T_H6);
    if (block)
        flush(e);
    int saved = e->in_para;
    if (para) {
        e->in_para = 1;
        e->bare = 0;
    }
    for (uint32_t c = x->first; c && !e->st; c = h->nodes[c].next)
        emit(e, c, in_link || x->tag == T_A);
    if (block)
        flush(e);
    e->in_para = saved;
}

static px_status finish(px_html *h, emitter *e, px_slice *text)
{
    (void)h;
    if (e->st)
        return e->st;
    px_buf *o = e->out;
    while (o->len && (o->ptr[o->len - 1] == '\n' || o->ptr[o->len - 1] == ' '))
        o->len--;
    *text = (px_slice){o->len ? o->ptr : (const uint8_t *)"", o->len};
    return PX_OK;
}

px_status px__html_main_text(px_html *h, px_slice *text)
{
    mark(h);
    measure(h);
    confirm_junk(h);
    measure(h);
    uint32_t top = score(h);
    if (!top) { /* nothing left: trust tags only */
        for (uint32_t i = 1; i < h->nnodes; i++) {
            hnode *x = &h->nodes[i];
            if ((x->flags & NF_CJUNK) && !junk_tag(x->tag))
                x->flags &= (uint16_t)~NF_JUNK;
            x->tlen = x->llen = x->ptext = 0;
            x->commas = 0;
        }
        h->nodes[0].tlen = h->nodes[0].llen = h->nodes[0].ptext = 0;
        measure(h);
        top = score(h);
    }
    h->out.len = 0;
    emitter e = {h, &h->out, 0, 0, 0, 0, 1, 0, PX_OK};
    if (!top) /* no paragraph of 25 bytes: a short page, keep what is not boilerplate */
        return px__html_all_text(h, text);
    hnode *t = &h->nodes[top];
    float thr = t->score * 0.2f > 10 ? t->score * 0.2f : 10;
    uint32_t parent = t->parent;
    for (uint32_t c = h->nodes[parent].first; c; c = h->nodes[c].next) {
        hnode *x = &h->nodes[c];
        int keep = c == top;
        if (!keep && !(x->flags & (NF_JUNK | NF_HIDDEN))) {
            float ld = x->tlen ? (float)x->llen / (float)x->tlen : 1;
            if ((x->flags & NF_SCORED) && x->score >= thr)
                keep = 1;
            else if (x->tag == T_P && x->tlen > 80 && ld < 0.25f)
                keep = 1;
        }
        if (keep)
            emit(&e, c, 0);
    }
    flush(&e);
    return finish(h, &e, text);
}

px_status px__html_all_text(px_html *h, px_slice *text)
{
    h->out.len = 0;
    emitter e = {h, &h->out, 0, 0, 0, 0, 0, 1, PX_OK};
    for (uint32_t c = h->nodes[0].first; c; c = h->nodes[c].next)
        emit(&e, c, 0);
    flush(&e);
    return finish(h, &e, text);
}

px_status px__html_node_text(px_html *h, uint32_t i, px_buf *out)
{
    hnode *x = &h->nodes[i];
    if (x->tag == T_TEXT)
        return px_buf_append(out, h->txt.ptr + x->off, x->len);
    for (uint32_t c = x->first; c; c = h->nodes[c].next) {
        px_status st = px__html_node_text(h, c, out);
        if (st)
            return st;
    }
    return PX_OK;
}
