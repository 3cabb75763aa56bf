/* RSS 0.9x/2.0, RDF (RSS 1.0) and Atom 1.0 feeds. The whole feed (at most
 * --max-bytes) is scanned once for its title and its items; each item then
 * becomes one article: content:encoded, Atom content or summary, or the
 * description, as HTML through the extractor (the whole fragment when the
 * extractor keeps less than half of a short item); link; pubDate, dc:date,
 * published or updated; dc:creator or author; the feed's title as outlet.
 * Input that is not XML with an rss, feed or RDF root is reported. */
#include <string.h>

#include "ingest/charset.h"
#include "ingest/html.h"
#include "ingest/ingest.h"
#include "ingest/reader.h"

#define MAX_ITEMS 100000

typedef struct feed_item {
    size_t start, end; /* the item's inner bytes in r->data */
} feed_item;

struct px_feed {
    feed_item *items;
    size_t n, cap, next;
    px_slice title; /* raw (undecoded) inner text of the channel title */
    int atom;
};

void px__reader_feed_clear(px_reader *r)
{
    if (!r->feed)
        return;
    px__free(r->feed->items);
    px__free(r->feed);
    r->feed = NULL;
}

/* ---- a small XML scanner ---- */

typedef struct xtag {
    px_slice qname;   /* with prefix */
    px_slice local;   /* without */
    px_slice attrs;   /* between the name and '>' */
    size_t start;     /* index of '<' */
    size_t end;       /* index after '>' */
    int close, empty; /* </x>, <x/> */
} xtag;

static size_t skip_to(const uint8_t *p, size_t n, size_t i, const char *lit)
{
    size_t k = strlen(lit);
    while (i + k <= n) {
        const uint8_t *q = memchr(p + i, lit[0], n - i);
        if (!q)
            break;
        i = (size_t)(q - p);
        if (i + k <= n && memcmp(q, lit, k) == 0)
            return i + k;
        i++;
    }
    return n;
}

/* The next element tag at or after i (comments, CDATA, PIs skipped); 0 at the end. */
static int next_tag(const uint8_t *p, size_t n, size_t i, xtag *t)
{
    while (i < n) {
        const uint8_t *lt = memchr(p + i, '<', n - i);
        if (!lt)
            return 0;
        i = (size_t)(lt - p);
        if (i + 4 <= n && memcmp(p + i, "<!--", 4) == 0) {
            i = skip_to(p, n, i + 4, "-->");
            continue;
        }
        if (i + 9 <= n && memcmp(p + i, "<![CDATA[", 9) == 0) {
            i = skip_to(p, n, i + 9, "]]>");
            continue;
        }
        if (i + 1 < n && (p[i + 1] == '?' || p[i + 1] == '!')) {
            const uint8_t *gt = memchr(p + i, '>', n - i);
            i = gt ? (size_t)(gt - p) + 1 : n;
            continue;
        }
        memset(t, 0, sizeof *t);
        t->start = i;
        size_t j = i + 1;
        if (j < n && p[j] == '/') {
            t->close = 1;
            j++;
        }
        size_t ns = j;
        while (j < n && p[j] != '>' && p[j] != '/' && p[j] != ' ' && p[j] != '\t' && p[j] != '\r' &&
               p[j] != '\n')
            j++;
        if (j == ns) {
            i++;
            continue;
        }
        t->qname = (px_slice){p + ns, j - ns};
        const uint8_t *colon = memchr(t->qname.ptr, ':', t->qname.len);
        t->local = colon ? (px_slice){colon + 1, (size_t)(t->qname.ptr + t->qname.len - colon - 1)}
                         : t->qname;
        size_t as = j;
        uint8_t q = 0;
        while (j < n && (q || p[j] != '>')) {
            if (p[j] == '"' || p[j] == '\'')
                q = q == p[j] ? 0 : q ? q : p[j];
            j++;
        }
        t->attrs = (px_slice){p + as, j - as};
        t->empty = j > as && p[j - 1] == '/';
        t->end = j < n ? j + 1 : n;
        return 1;
    }
    return 0;
}

static int name_is(px_slice s, const char *lit)
{
    size_t k = strlen(lit);
    if (s.len != k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        uint8_t c = s.ptr[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != (uint8_t)lit[i])
            return 0;
    }
    return 1;
}

/* The end of the element opened by t (index of its end tag's '<'), skipping
 * nested elements of the same name; n when unclosed. */
static size_t close_of(const uint8_t *p, size_t n, const xtag *t, size_t *after)
{
    int depth = 1;
    size_t i = t->end;
    xtag x;
    while (next_tag(p, n, i, &x)) {
        i = x.end;
        if (x.qname.len != t->qname.len || memcmp(x.qname.ptr, t->qname.ptr, x.qname.len) != 0)
            continue;
        if (x.close && --depth == 0) {
            *after = x.end;
            return x.start;
        }
        if (!x.close && !x.empty)
            depth++;
    }
    *after = n;
    return n;
}

/* An attribute's value in a tag's attribute bytes, or null. */
static px_slice attr(px_slice a, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = 0; i + k + 2 <= a.len; i++) {
        if ((i && a.ptr[i - 1] != ' ' && a.ptr[i - 1] != '\t' && a.ptr[i - 1] != '\n') ||
            memcmp(a.ptr + i, name, k) != 0 || a.ptr[i + k] != '=')
            continue;
        size_t j = i + k + 1;
        uint8_t q = a.ptr[j];
        if (q != '"' && q != '\'')
            continue;
        const uint8_t *e = memchr(a.ptr + j + 1, q, a.len - j - 1);
        if (e)
            return (px_slice){a.ptr + j + 1, (size_t)(e - (a.ptr + j + 1))};
    }
    return PX_SLICE_NULL;
}

/* Appends the text of an element's inner bytes: CDATA as is, the rest with
 * character references decoded (escaped HTML becomes HTML). */
static px_status inner_text(px_slice in, px_buf *out)
{
    size_t i = 0;
    while (i < in.len) {
        const uint8_t *c = NULL;
        for (size_t k = i; k + 9 <= in.len; k++)
            if (in.ptr[k] == '<' && memcmp(in.ptr + k, "<![CDATA[", 9) == 0) {
                c = in.ptr + k;
                break;
            }
        size_t stop = c ? (size_t)(c - in.ptr) : in.len;
        px_status st = px__html_unescape((px_slice){in.ptr + i, stop - i}, out);
        if (st || !c)
            return st;
        size_t cs = stop + 9, ce = in.len, next = in.len;
        for (size_t k = cs; k + 3 <= in.len; k++)
            if (in.ptr[k] == ']' && memcmp(in.ptr + k, "]]>", 3) == 0) {
                ce = k;
                next = k + 3;
                break;
            }
        if ((st = px_buf_append(out, in.ptr + cs, ce - cs)))
            return st;
        i = next;
    }
    return PX_OK;
}

/* ---- the feed ---- */

static px_status push_item(struct px_feed *f, size_t s, size_t e)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        feed_item *p = px__realloc(f->items, cap * sizeof(*p));
        if (!p)
            return PX_ENOMEM;
        f->items = p;
        f->cap = cap;
    }
    f->items[f->n++] = (feed_item){s, e};
    return PX_OK;
}

/* Converts the feed to valid UTF-8 in r->data (XML declaration, else detection). */
static px_status to_utf8(px_reader *r)
{
    px_slice d = px_buf_slice(&r->data);
    px_slice enc = PX_SLICE_NULL;
    if (d.len > 5 && memcmp(d.ptr, "<?xml", 5) == 0) {
        const uint8_t *gt = memchr(d.ptr, '>', d.len < 200 ? d.len : 200);
        if (gt)
            enc = attr((px_slice){d.ptr, (size_t)(gt - d.ptr)}, "encoding");
    }
    px_status st = px__charset_to_utf8(d, (const char *)enc.ptr, enc.len, 0, &r->conv, NULL);
    if (st)
        return st;
    if ((st = px__reader_repair(r, px_buf_slice(&r->conv), 0)))
        return st;
    px_buf t = r->data;
    r->data = r->body;
    r->body = t;
    return PX_OK;
}

static px_status parse_feed(px_reader *r, int *ok)
{
    *ok = 0;
    px_status st = to_utf8(r);
    if (st)
        return st;
    const uint8_t *p = r->data.ptr;
    size_t n = r->data.len;
    xtag t;
    if (!next_tag(p, n, 0, &t) || t.close) {
        px__reader_diag(r, 0, PX_EPARSE, 1, "not XML (no root element): skipped");
        return PX_OK;
    }
    if (!name_is(t.local, "rss") && !name_is(t.local, "feed") && !name_is(t.local, "rdf")) {
        px__reader_diag(r, (long long)t.start, PX_EUNSUPPORTED, 1,
                        "XML but not an RSS or Atom feed (root element <%.*s>): skipped",
                        (int)(t.qname.len > 40 ? 40 : t.qname.len), (const char *)t.qname.ptr);
        return PX_OK;
    }
    struct px_feed *f = px__calloc(1, sizeof(*f));
    if (!f)
        return PX_ENOMEM;
    r->feed = f;
    f->atom = name_is(t.local, "feed");
    size_t i = t.end;
    while (next_tag(p, n, i, &t)) {
        i = t.end;
        if (t.close || t.empty)
            continue;
        size_t after, end;
        if (name_is(t.local, "item") || name_is(t.local, "entry")) {
            end = close_of(p, n, &t, &after);
            if (end == n)
                px__reader_diag(r, (long long)t.start, PX_EPARSE, 0, "unclosed <%.*s>",
                                (int)t.qname.len, (const char *)t.qname.ptr);
            if (f->n >= MAX_ITEMS) {
                px__reader_diag(r, (long long)t.start, PX_ETOOBIG, 1,
                                "more than %d items: the rest skipped", MAX_ITEMS);
                break;
            }
            if ((st = push_item(f, t.end, end)))
                return st;
            i = after;
        } else if (name_is(t.local, "title") && !f->n && !f->title.ptr) {
            end = close_of(p, n, &t, &after);
            f->title = (px_slice){p + t.end, end - t.end};
            i = after;
        }
    }
    if (!f->n)
        px__reader_diag(r, -1, PX_EEMPTY, 1, "feed with no items: skipped");
    *ok = 1;
    return PX_OK;
}

typedef struct ival {
    size_t off, len;
    int set, rank;
} ival;

typedef struct item_fields {
    ival title, link, id, content, date, author;
} item_fields;

static px_status take(px_reader *r, ival *v, px_slice inner, int rank, int raw)
{
    if (v->set && v->rank <= rank)
        return PX_OK;
    size_t off = r->feedtext.len;
    px_status st =
        raw ? px_buf_append(&r->feedtext, inner.ptr, inner.len) : inner_text(inner, &r->feedtext);
    if (st)
        return st;
    size_t s = off, e = r->feedtext.len;
    while (s < e && (r->feedtext.ptr[s] == ' ' || r->feedtext.ptr[s] == '\n' ||
                     r->feedtext.ptr[s] == '\r' || r->feedtext.ptr[s] == '\t'))
        s++;
    while (e > s && (r->feedtext.ptr[e - 1] == ' ' || r->feedtext.ptr[e - 1] == '\n' ||
                     r->feedtext.ptr[e - 1] == '\r' || r->feedtext.ptr[e - 1] == '\t'))
        e--;
    if (e > s)
        *v = (ival){s, e - s, 1, rank};
    return PX_OK;
}

static px_status item_child(px_reader *r, item_fields *f, const xtag *t, px_slice inner)
{
    px_slice l = t->local;
    if (name_is(l, "title"))
        return take(r, &f->title, inner, 1, 0);
    if (name_is(l, "link")) {
        px_slice href = attr(t->attrs, "href"), rel = attr(t->attrs, "rel");
        if (href.ptr)
            return rel.ptr && !name_is(rel, "alternate") ? PX_OK : take(r, &f->link, href, 1, 0);
        return take(r, &f->link, inner, 1, 0);
    }
    if (name_is(l, "guid") || name_is(l, "id"))
        return take(r, &f->id, inner, 1, 0);
    if (name_is(l, "encoded"))
        return take(r, &f->content, inner, 1, 0);
    if (name_is(l, "content")) {
        px_slice type = attr(t->attrs, "type");
        return take(r, &f->content, inner, 2, type.ptr && name_is(type, "xhtml"));
    }
    if (name_is(l, "description") || name_is(l, "summary"))
        return take(r, &f->content, inner, 3, 0);
    if (name_is(l, "pubdate") || name_is(l, "published") || name_is(l, "issued"))
        return take(r, &f->date, inner, 1, 0);
    if (name_is(l, "date"))
        return take(r, &f->date, inner, 2, 0);
    if (name_is(l, "updated") || name_is(l, "modified"))
        return take(r, &f->date, inner, 3, 0);
    if (name_is(l, "creator"))
        return take(r, &f->author, inner, 1, 0);
    if (name_is(l, "author")) {
        xtag c;
        size_t i = 0;
        while (next_tag(inner.ptr, inner.len, i, &c)) { /* Atom: <author><name> */
            i = c.end;
            if (!c.close && name_is(c.local, "name")) {
                size_t after, end = close_of(inner.ptr, inner.len, &c, &after);
                return take(r, &f->author, (px_slice){inner.ptr + c.end, end - c.end}, 2, 0);
            }
        }
        return take(r, &f->author, inner, 2, 0);
    }
    return PX_OK;
}

/* The body of an item: main text of its HTML, or every block of it when the
 * extractor keeps less than half (short items are all content). */
static px_status item_text(px_reader *r, px_slice html, px_slice url, px_slice *text)
{
    if (!r->html && !(r->html = px__html_new()))
        return PX_ENOMEM;
    px_html_result res;
    px_status st = px__html_extract(r->html, html, url, &res);
    if (st)
        return st;
    size_t main_len = res.text.len;
    if ((st = px__html_fragment_text(r->html, html, text)))
        return st;
    if (main_len * 2 >= text->len && main_len) {
        if ((st = px__html_extract(r->html, html, url, &res)))
            return st;
        *text = res.text;
    }
    return PX_OK;
}

static px_status item_article(px_reader *r, const feed_item *it, px_article *a, int *got)
{
    const uint8_t *p = r->data.ptr + it->start;
    size_t n = it->end - it->start;
    item_fields f;
    memset(&f, 0, sizeof f);
    r->feedtext.len = 0;
    ival outlet = {0, 0, 0, 0};
    px_status st = PX_OK;
    if (r->feed->title.ptr)
        st = take(r, &outlet, r->feed->title, 1, 0);
    xtag t;
    size_t i = 0;
    int unclosed = 0; /* each costs a scan to the item's end: a few are allowed */
    while (st == PX_OK && next_tag(p, n, i, &t)) {
        i = t.end;
        if (t.close)
            continue;
        size_t after = t.end, end = t.end;
        if (!t.empty)
            end = close_of(p, n, &t, &after);
        if (end == n && !t.empty && ++unclosed > 16)
            break;
        st = item_child(r, &f, &t, (px_slice){p + t.end, end - t.end});
        i = after;
    }
    if (st)
        return st;
    const uint8_t *b = r->feedtext.ptr;
#define SL(v) ((v).set ? (px_slice){b + (v).off, (v).len} : PX_SLICE_NULL)
    memset(a, 0, sizeof(*a));
    a->url = SL(f.link);
    if (!a->url.ptr && f.id.set && f.id.len > 7 && memcmp(b + f.id.off, "http", 4) == 0)
        a->url = SL(f.id);
    a->title = SL(f.title);
    a->author = SL(f.author);
    a->source_id = SL(f.id);
    a->outlet = SL(outlet);
    px_slice date = SL(f.date), content = SL(f.content);
#undef SL
    long long off = (long long)(r->data_off + it->start);
    r->art_off = off;
    a->date_source = "none";
    char d[11];
    if (date.ptr && px__date_any(date, d)) {
        memcpy(r->idbuf, d, 11);
        a->date = (px_slice){(const uint8_t *)r->idbuf, 10};
        a->date_source = "meta";
    }
    if (!content.ptr) {
        px__reader_diag(r, off, PX_EEMPTY, 1,
                        "feed item without content or description: "
                        "skipped");
        return PX_OK;
    }
    if ((st = item_text(r, content, a->url, &a->text)))
        return st;
    if (!a->text.len) {
        px__reader_diag(r, off, PX_EEMPTY, 1, "feed item with no text: skipped");
        return PX_OK;
    }
    if (!a->outlet.ptr)
        a->outlet = px__registered_domain(a->url);
    a->source_path = px_slice_cstr(r->cur_path);
    *got = 1;
    return PX_OK;
}

px_status px__reader_feed_next(px_reader *r, px_article *a, int *got)
{
    *got = 0;
    px_status st;
    if (!r->feed) {
        int ok;
        if ((st = px__reader_slurp(r, &ok)) || !ok)
            return st;
        if ((st = parse_feed(r, &ok)) || !ok)
            return st;
    }
    while (!*got && r->feed->next < r->feed->n) {
        const feed_item *it = &r->feed->items[r->feed->next++];
        if ((st = item_article(r, it, a, got)))
            return st;
    }
    return PX_OK;
}
