/* HTML metadata: title, publication date, author, outlet, canonical URL and
 * language from JSON-LD, <meta> tags, <time>, <h1>, <title> and the URL.
 * Modification and crawl dates are never taken for the publication date. */
#include <cjson/cJSON.h>
#include <string.h>

#include "ingest/html_dom.h"
#include "ingest/ingest.h"

/* ---- dates ---- */

static int num(const uint8_t *p, size_t n, int *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        *v = *v * 10 + (p[i] - '0');
    }
    return n > 0;
}

static int valid_ymd(int y, int m, int d)
{
    return y >= 1900 && y <= 2100 && px__date_valid(y, m, d);
}

static int month_name(const uint8_t *p, size_t n)
{
    static const char *const M[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    if (n < 3)
        return 0;
    char b[3];
    for (int i = 0; i < 3; i++)
        b[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
    for (int i = 0; i < 12; i++)
        if (memcmp(b, M[i], 3) == 0)
            return i + 1;
    return 0;
}

int px__date_any(px_slice s, char out[11])
{
    const uint8_t *p = s.ptr;
    size_t n = s.len;
    while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++, n--;
    int y, m, d;
    /* YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD */
    if (n >= 10 && num(p, 4, &y) && (p[4] == '-' || p[4] == '/' || p[4] == '.') && p[7] == p[4] &&
        num(p + 5, 2, &m) && num(p + 8, 2, &d)) {
    } else if (n >= 8 && num(p, 4, &y) && num(p + 4, 2, &m) && num(p + 6, 2, &d) &&
               (n == 8 || p[8] == 'T')) {
    } else {
        /* RFC 822 / free text: "[Wkd, ]DD Mon YYYY" or "Mon DD, YYYY" */
        size_t i = 0;
        if (n > 4 && p[3] == ',' && month_name(p, n) == 0)
            i = 4;
        while (i < n && p[i] == ' ')
            i++;
        size_t a = i;
        while (i < n && p[i] >= '0' && p[i] <= '9')
            i++;
        if (i > a && i - a <= 2 && num(p + a, i - a, &d)) {
            while (i < n && p[i] == ' ')
                i++;
            m = month_name(p + i, n - i);
            while (i < n && p[i] != ' ')
                i++;
            while (i < n && p[i] == ' ')
                i++;
            if (!m || i + 4 > n || !num(p + i, 4, &y))
                return 0;
        } else if ((m = month_name(p + a, n - a)) != 0) {
            i = a;
            while (i < n && p[i] != ' ')
                i++;
            while (i < n && p[i] == ' ')
                i++;
            size_t b = i;
            while (i < n && p[i] >= '0' && p[i] <= '9')
                i++;
            if (i == b || i - b > 2 || !num(p + b, i - b, &d))
                return 0;
            while (i < n && (p[i] == ',' || p[i] == ' '))
                i++;
            if (i + 4 > n || !num(p + i, 4, &y))
                return 0;
        } else {
            return 0;
        }
    }
    if (!valid_ymd(y, m, d))
        return 0;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = 0;
    return 1;
}

/* A date in a URL path: /YYYY/MM/DD/ or YYYY-MM-DD. */
int px__url_date(px_slice url, char out[11])
{
    const uint8_t *p = url.ptr;
    size_t n = url.len;
    for (size_t i = 0; p && i + 10 <= n; i++) {
        if (i && p[i - 1] != '/' && p[i - 1] != '-' && p[i - 1] != '_')
            continue;
        int y, m, d;
        if (!num(p + i, 4, &y) || !num(p + i + 5, 2, &m) || !num(p + i + 8, 2, &d))
            continue;
        char sep = (char)p[i + 4];
        if ((sep != '/' && sep != '-') || p[i + 7] != (uint8_t)sep)
            continue;
        if (i + 10 < n && p[i + 10] >= '0' && p[i + 10] <= '9')
            continue;
        if (valid_ymd(y, m, d)) {
            px_slice s = {p + i, 10};
            return px__date_any(s, out);
        }
    }
    return 0;
}

/* ---- the registered domain (the outlet fallback) ---- */

px_slice px__registered_domain(px_slice url)
{
    px_slice host = px__url_host(url);
    if (!host.ptr)
        return host;
    int numeric = 1; /* an IP address is its own domain */
    for (size_t i = 0; i < host.len; i++)
        if (!((host.ptr[i] >= '0' && host.ptr[i] <= '9') || host.ptr[i] == '.'))
            numeric = 0;
    if (numeric)
        return host;
    size_t dots[8], nd = 0;
    for (size_t i = host.len; i-- > 0;)
        if (host.ptr[i] == '.' && nd < 8)
            dots[nd++] = i;
    if (nd < 2)
        return host;
    /* example.co.uk: a two-letter country code after a short second level */
    size_t tld = host.len - dots[0] - 1;
    size_t sld = dots[0] - dots[1] - 1;
    size_t keep = (tld == 2 && sld <= 3) ? 2 : 1;
    if (nd <= keep)
        return host;
    size_t start = dots[keep] + 1;
    return (px_slice){host.ptr + start, host.len - start};
}

/* ---- collected values ---- */

typedef struct mval {
    size_t off, len;
    int set;
} mval;

typedef struct mctx {
    px_html *h;
    mval title, author, outlet, canonical, lang;
    char date[11];
    const char *date_source;
    int date_rank; /* lower is better */
    px_status st;
} mctx;

static void put(mctx *c, mval *v, px_slice raw, int unescape)
{
    if (v->set || !raw.ptr || c->st)
        return;
    px_buf *b = &c->h->mbuf;
    size_t off = b->len;
    c->st = unescape ? px__html_unescape(raw, b) : px_buf_append(b, raw.ptr, raw.len);
    if (c->st)
        return;
    /* trim and collapse white space */
    size_t w = off;
    int sp = 1;
    for (size_t r = off; r < b->len; r++) {
        uint8_t ch = b->ptr[r];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            if (!sp)
                b->ptr[w++] = ' ';
            sp = 1;
        } else {
            b->ptr[w++] = ch;
            sp = 0;
        }
    }
    while (w > off && b->ptr[w - 1] == ' ')
        w--;
    b->len = w;
    if (w == off)
        return;
    *v = (mval){off, w - off, 1};
}

static void put_date(mctx *c, px_slice raw, int rank, const char *source)
{
    char d[11];
    if (!raw.ptr || rank >= c->date_rank || !px__date_any(raw, d))
        return;
    memcpy(c->date, d, 11);
    c->date_rank = rank;
    c->date_source = source;
}

static int key_is(px_slice k, const char *lit)
{
    size_t n = strlen(lit);
    if (k.len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = k.ptr[i];
        if (ch >= 'A' && ch <= 'Z')
            ch += 32;
        if (ch != (uint8_t)lit[i])
            return 0;
    }
    return 1;
}

static px_slice jstr(cJSON *o, const char *name)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (cJSON_IsString(v) && v->valuestring)
        return px_slice_cstr(v->valuestring);
    if (cJSON_IsArray(v) && cJSON_IsString(cJSON_GetArrayItem(v, 0)))
        return px_slice_cstr(cJSON_GetArrayItem(v, 0)->valuestring);
    return PX_SLICE_NULL;
}

static px_slice jname(cJSON *v)
{
    if (cJSON_IsArray(v))
        v = cJSON_GetArrayItem(v, 0);
    if (cJSON_IsString(v))
        return px_slice_cstr(v->valuestring);
    if (cJSON_IsObject(v))
        return jstr(v, "name");
    return PX_SLICE_NULL;
}

static int article_type(cJSON *o)
{
    px_slice t = jstr(o, "@type");
    if (!t.ptr)
        return 0;
    static const char *const TY[] = {"article",
                                     "newsarticle",
                                     "reportagenewsarticle",
                                     "blogposting",
                                     "analysisnewsarticle",
                                     "opinionnewsarticle",
                                     "backgroundnewsarticle",
                                     "liveblogposting",
                                     "report",
                                     "scholarlyarticle",
                                     "techarticle",
                                     "webpage"};
    for (size_t i = 0; i < sizeof TY / sizeof *TY; i++)
        if (key_is(t, TY[i]))
            return i + 1 < sizeof TY / sizeof *TY ? 2 : 1;
    return 0;
}

static void ld_object(mctx *c, cJSON *o, int depth)
{
    if (depth > 4)
        return;
    if (cJSON_IsArray(o)) {
        cJSON *it;
        cJSON_ArrayForEach(it, o) ld_object(c, it, depth + 1);
        return;
    }
    if (!cJSON_IsObject(o))
        return;
    cJSON *g = cJSON_GetObjectItemCaseSensitive(o, "@graph");
    if (g)
        ld_object(c, g, depth + 1);
    int ty = article_type(o);
    if (!ty) {
        /* ClaimReview, VideoObject, Event...: their datePublished is the page's
         * when nothing better says it. */
        put_date(c, jstr(o, "datePublished"), 5, "meta");
        return;
    }
    if (ty == 2) {
        put(c, &c->title, jstr(o, "headline"), 1);
        put(c, &c->author, jname(cJSON_GetObjectItemCaseSensitive(o, "author")), 1);
    }
    put_date(c, jstr(o, "datePublished"), ty == 2 ? 1 : 4, "meta");
    cJSON *pub = cJSON_GetObjectItemCaseSensitive(o, "publisher");
    put(c, &c->outlet, jname(pub), 1);
}

static void from_jsonld(mctx *c)
{
    px_html *h = c->h;
    for (uint32_t i = 0; i < h->nld; i++) {
        cJSON *o = cJSON_ParseWithLength((const char *)h->ld[i].ptr, h->ld[i].len);
        if (o)
            ld_object(c, o, 0);
        cJSON_Delete(o);
    }
}

static void from_meta(mctx *c)
{
    px_html *h = c->h;
    static const char *const DATE_KEYS[] = {
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "og:published_time",
        "article.published",
        "publishdate",
        "publish-date",
        "publish_date",
        "pubdate",
        "dc.date.issued",
        "dcterms.issued",
        "dcterms.created",
        "dc.date.created",
        "sailthru.date",
        "parsely-pub-date",
        "date",
        "dc.date",
        "originalpublicationdate",
        "displaydate",
        "article_date_original",
        "pub_date",
        "release_date",
        "citation_publication_date",
        "dateposted",
    };
    for (uint32_t i = 0; i < h->nmeta; i++) {
        px_slice k = h->meta[i].key, v = h->meta[i].value;
        for (size_t j = 0; j < sizeof DATE_KEYS / sizeof *DATE_KEYS; j++)
            if (key_is(k, DATE_KEYS[j]))
                put_date(c, v, 2 + (j > 4), "meta");
        if (key_is(k, "og:title"))
            put(c, &c->title, v, 1);
        else if (key_is(k, "og:site_name"))
            put(c, &c->outlet, v, 1);
        else if (key_is(k, "og:url"))
            put(c, &c->canonical, v, 1);
        else if (key_is(k, "content-language") || key_is(k, "dc.language"))
            put(c, &c->lang, v, 1);
        else if ((key_is(k, "author") || key_is(k, "dc.creator") || key_is(k, "byl") ||
                  key_is(k, "sailthru.author") || key_is(k, "parsely-author") ||
                  key_is(k, "article:author")) &&
                 !(v.len > 4 && memcmp(v.ptr, "http", 4) == 0)) {
            put(c, &c->author, v, 1);
        }
    }
}

static void from_twitter(mctx *c)
{
    px_html *h = c->h;
    for (uint32_t i = 0; i < h->nmeta; i++)
        if (key_is(h->meta[i].key, "twitter:title"))
            put(c, &c->title, h->meta[i].value, 1);
}

/* The longest part of <title> split at " | ", " - ", " : ", ...: the
 * headline without the site name before or after it. */
static mval title_tag(mctx *c)
{
    mval v = {0, 0, 0};
    if (!c->h->title_raw.ptr)
        return v;
    put(c, &v, c->h->title_raw, 1);
    if (!v.set)
        return v;
    const uint8_t *p = c->h->mbuf.ptr + v.off;
    static const char *const SEP[] = {" | ",  " - ",        " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                      " :: ", " \xC2\xBB ", " \xC2\xB7 ",     " : "};
    size_t best_s = 0, best_len = 0, s = 0;
    for (size_t i = 0; i <= v.len; i++) {
        size_t k = 0;
        for (size_t j = 0; j < sizeof SEP / sizeof *SEP && i < v.len; j++) {
            size_t l = strlen(SEP[j]);
            if (i + l <= v.len && memcmp(p + i, SEP[j], l) == 0) {
                k = l;
                break;
            }
        }
        if (i == v.len || k) {
            if (i - s > best_len) {
                best_s = s;
                best_len = i - s;
            }
            if (k) {
                s = i + k;
                i += k - 1;
            }
        }
    }
    v.off += best_s;
    v.len = best_len;
    v.set = best_len > 0;
    return v;
}

static int contains_ci(const uint8_t *h, size_t hn, const uint8_t *n, size_t nn)
{
    for (size_t i = 0; nn && i + nn <= hn; i++) {
        size_t k = 0;
        while (k < nn) {
            uint8_t a = h[i + k], b = n[k];
            if (a >= 'A' && a <= 'Z')
                a += 32;
            if (b >= 'A' && b <= 'Z')
                b += 32;
            if (a != b)
                break;
            k++;
        }
        if (k == nn)
            return 1;
    }
    return 0;
}

/* A <title> part that names a site or is markup debris rather than a
 * headline: "Reuters.com", "cbs4denver.com", "BBC SPORTi library-->",
 * "Sports Sports section front", fewer than three words. */
static int site_like(px_slice t)
{
    static const char *const DEBRIS[] = {"-->",  "/>",   "\">",           ".com", ".co.uk",
                                         ".net", ".org", "section front", NULL};
    for (int i = 0; DEBRIS[i]; i++)
        if (contains_ci(t.ptr, t.len, (const uint8_t *)DEBRIS[i], strlen(DEBRIS[i])))
            return 1;
    size_t words = 0;
    for (size_t i = 0; i < t.len; i++)
        if (t.ptr[i] != ' ' && (i == 0 || t.ptr[i - 1] == ' '))
            words++;
    return words < 3;
}

/* Without og:title or JSON-LD: the first <h1> when it agrees with <title> (or
 * there is no <title>), else <title>'s headline part. Sites often put their
 * logo in an <h1>. */
static void from_page(mctx *c)
{
    px_html *h = c->h;
    if (c->title.set)
        return;
    mval hv = {0, 0, 0};
    if (h->h1) {
        h->tmp.len = 0;
        if ((c->st = px__html_node_text(h, h->h1, &h->tmp)))
            return;
        put(c, &hv, px_buf_slice(&h->tmp), 0);
    }
    mval tv = title_tag(c);
    if (c->st)
        return;
    const uint8_t *b = h->mbuf.ptr;
    if (hv.set && (!tv.set || contains_ci(b + tv.off, tv.len, b + hv.off, hv.len) ||
                   contains_ci(b + hv.off, hv.len, b + tv.off, tv.len) ||
                   site_like((px_slice){b + tv.off, tv.len})))
        c->title = hv;
    else if (tv.set)
        c->title = tv;
}

/* Lowercase letters and digits of s (ASCII), at most cap - 1 of them. */
static size_t squeeze(px_slice s, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len && n + 1 < cap; i++) {
        uint8_t ch = s.ptr[i];
        if (ch >= 'A' && ch <= 'Z')
            ch += 32;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80)
            out[n++] = (char)ch;
    }
    out[n] = 0;
    return n;
}

/* Whether a title's trailing part names the site: "News Nation" for
 * newsnation.in, "Sportsnet.ca" for the outlet Sportsnet.ca. */
static int names_site(px_slice part, px_slice outlet, px_slice label)
{
    char p[128], o[128], l[128];
    size_t pn = squeeze(part, p, sizeof p), on = squeeze(outlet, o, sizeof o),
           ln = squeeze(label, l, sizeof l);
    if (!pn || pn >= sizeof p - 1)
        return 0;
    return (on >= 3 && (strstr(p, o) || (pn >= 4 && strstr(o, p)))) ||
           (ln >= 3 && (strstr(p, l) || (pn >= 4 && strstr(l, p))));
}

/* "By Jane Roe" -> "Jane Roe"; a title's trailing " - Site" when Site is the
 * outlet or names the page's domain. */
static void tidy(px_html_result *res, px_slice page_url)
{
    px_slice a = res->author;
    if (a.len > 3 && (a.ptr[0] == 'B' || a.ptr[0] == 'b') && (a.ptr[1] == 'y' || a.ptr[1] == 'Y') &&
        a.ptr[2] == ' ')
        res->author = (px_slice){a.ptr + 3, a.len - 3};
    px_slice t = res->title, dom = px__registered_domain(page_url);
    const uint8_t *dot = dom.ptr ? memchr(dom.ptr, '.', dom.len) : NULL;
    size_t label = dot ? (size_t)(dot - dom.ptr) : dom.len;
    static const char *const SEP[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: "};
    for (size_t i = t.len; t.ptr && i-- > 12;) {
        for (size_t j = 0; j < sizeof SEP / sizeof *SEP; j++) {
            size_t k = strlen(SEP[j]);
            if (i + k > t.len || memcmp(t.ptr + i, SEP[j], k) != 0)
                continue;
            px_slice site = {t.ptr + i + k, t.len - i - k};
            if (names_site(site, res->outlet, (px_slice){dom.ptr, label})) {
                res->title.len = i;
                return;
            }
        }
    }
}

/* A date printed near the top of the main text: a dateline or byline
 * ("By Jane Roe 19 NOV 2019", "WASHINGTON, Nov. 19, 2019 —", "Published
 * Tuesday, November 19, 2019"). Looked for in the short paragraphs (at most
 * PX_DATELINE_PARA bytes) within the first PX_DATELINE_WINDOW bytes and in the
 * start of the first paragraph; a date after "updated" or "modified" is not
 * the publication date. Returns 1 and fills out when found. */
#define PX_DATELINE_WINDOW 600
#define PX_DATELINE_PARA   160
#define PX_DATELINE_LEAD   80

static int after_update_word(const uint8_t *para, size_t at)
{
    size_t from = at > 24 ? at - 24 : 0;
    return contains_ci(para + from, at - from, (const uint8_t *)"updated", 7) ||
           contains_ci(para + from, at - from, (const uint8_t *)"modified", 8);
}

/* Whether the words before a date are those of a dateline or byline: no
 * word that starts in lower case but "by", "on", "at", "published", "posted"
 * ("WASHINGTON, ", "By Jane Roe ", "Published Tuesday, "); a sentence ("It is
 * 26 years since the bombing that began on ...") has such words. */
static int dateline_prefix(const uint8_t *p, size_t n)
{
    static const char *const OK[] = {"by", "on", "at", "published", "posted", NULL};
    for (size_t i = 0; i < n;) {
        while (i < n && !(p[i] >= 'a' && p[i] <= 'z') && !(p[i] >= 'A' && p[i] <= 'Z'))
            i++;
        size_t a = i;
        while (i < n && ((p[i] | 32) >= 'a' && (p[i] | 32) <= 'z'))
            i++;
        if (i == a || !(p[a] >= 'a' && p[a] <= 'z'))
            continue;
        int ok = 0;
        for (int k = 0; OK[k] && !ok; k++)
            ok = strlen(OK[k]) == i - a && memcmp(p + a, OK[k], i - a) == 0;
        if (!ok)
            return 0;
    }
    return 1;
}

static int date_in_span(const uint8_t *p, size_t n, char out[11])
{
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = p[i];
        int alnum = (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z');
        if (!alnum || (i && (((p[i - 1] | 32) >= 'a' && (p[i - 1] | 32) <= 'z') ||
                             (p[i - 1] >= '0' && p[i - 1] <= '9'))))
            continue;
        size_t len = n - i < 40 ? n - i : 40;
        if (px__date_any((px_slice){p + i, len}, out) && !after_update_word(p, i))
            return dateline_prefix(p, i);
    }
    return 0;
}

int px__dateline(px_slice text, char out[11])
{
    size_t n = text.len < PX_DATELINE_WINDOW ? text.len : PX_DATELINE_WINDOW;
    const uint8_t *p = text.ptr;
    for (size_t s = 0; p && s < n;) {
        const uint8_t *e = memchr(p + s, '\n', text.len - s);
        size_t end = e ? (size_t)(e - p) : text.len;
        size_t len = end - s;
        if (len && (len <= PX_DATELINE_PARA || s == 0) &&
            date_in_span(p + s, len <= PX_DATELINE_PARA ? len : PX_DATELINE_LEAD, out))
            return 1;
        s = end + 1;
    }
    return 0;
}

/* Whether every word of s is a section word ("Breaking News", "Web Site",
 * "Article"): a part of a title that is no site's name. */
static int generic_words(px_slice s)
{
    static const char *const W[] = {
        "news",       "breaking",   "latest",  "article", "story", "web",    "site",
        "home",       "page",       "sports",  "sport",   "world", "local",  "business",
        "television", "tv",         "opinion", "blog",    "video", "online", "entertainment",
        "politics",   "technology", "health",  NULL};
    for (size_t i = 0; i < s.len;) {
        while (i < s.len && s.ptr[i] == ' ')
            i++;
        size_t a = i;
        while (i < s.len && s.ptr[i] != ' ')
            i++;
        if (i == a)
            break;
        int hit = 0;
        for (int k = 0; W[k] && !hit; k++)
            hit = strlen(W[k]) == i - a &&
                  contains_ci(s.ptr + a, i - a, (const uint8_t *)W[k], i - a);
        if (!hit)
            return 0;
    }
    return 1;
}

/* The site's name in a <title> of several parts ("Headline - Section - Site",
 * "Site | Headline"): the last part, or the first when the last is the
 * headline (the longest part). Null when the title has one part or the part
 * is long (more than 5 words or 40 bytes). */
static px_slice title_site(px_slice t)
{
    static const char *const SEP[] = {" | ",  " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                      " :: ", " > "};
    size_t cut[16], ncut = 0, klen[16];
    for (size_t i = 0; i < t.len && ncut < 16; i++)
        for (size_t j = 0; j < sizeof SEP / sizeof *SEP; j++) {
            size_t k = strlen(SEP[j]);
            if (i + k <= t.len && memcmp(t.ptr + i, SEP[j], k) == 0) {
                cut[ncut] = i;
                klen[ncut++] = k;
                i += k - 1;
                break;
            }
        }
    if (!ncut)
        return PX_SLICE_NULL;
    px_slice first = {t.ptr, cut[0]};
    size_t ls = cut[ncut - 1] + klen[ncut - 1];
    px_slice last = {t.ptr + ls, t.len - ls};
    size_t longest = 0;
    for (size_t i = 0; i <= ncut; i++) {
        size_t a = i ? cut[i - 1] + klen[i - 1] : 0, b = i < ncut ? cut[i] : t.len;
        if (b - a > longest)
            longest = b - a;
    }
    px_slice site = last.len < longest ? last : first.len < longest ? first : PX_SLICE_NULL;
    while (site.len && site.ptr[0] == ' ')
        site.ptr++, site.len--;
    while (site.len && site.ptr[site.len - 1] == ' ')
        site.len--;
    size_t words = 0;
    for (size_t i = 0; i < site.len; i++)
        if (site.ptr[i] != ' ' && (i == 0 || site.ptr[i - 1] == ' '))
            words++;
    if (!site.len || site.len > 40 || words > 5 || generic_words(site) ||
        contains_ci(site.ptr, site.len, (const uint8_t *)"-->", 3) ||
        contains_ci(site.ptr, site.len, (const uint8_t *)"\">", 2))
        return PX_SLICE_NULL;
    return site;
}

px_status px__html_meta(px_html *h, px_slice page_url, px_html_result *res)
{
    h->mbuf.len = 0;
    mctx c;
    memset(&c, 0, sizeof c);
    c.h = h;
    c.date_rank = 100;
    from_meta(&c);
    from_jsonld(&c);
    from_twitter(&c);
    put_date(&c, h->time_raw, 6, "meta");
    if (!c.st)
        from_page(&c);
    put(&c, &c.canonical, h->canonical_raw, 1);
    put(&c, &c.lang, h->lang_raw, 1);
    if (c.date_rank == 100) {
        char d[11];
        if (px__url_date(page_url, d) || px__url_date(h->canonical_raw, d)) {
            memcpy(c.date, d, 11);
            c.date_source = "url";
        } else if (px__dateline(res->text, d)) {
            memcpy(c.date, d, 11);
            c.date_source = "text";
        }
    }
    mval site = {0, 0, 0};
    if (!c.outlet.set && !page_url.len && !h->canonical_raw.len && h->title_raw.len) {
        put(&c, &site, h->title_raw, 1);
        if (site.set) {
            px_slice ts = title_site((px_slice){h->mbuf.ptr + site.off, site.len});
            site = ts.ptr ? (mval){(size_t)(ts.ptr - h->mbuf.ptr), ts.len, 1} : (mval){0, 0, 0};
        }
    }
    if (c.st)
        return c.st;
    /* slices last: mbuf may have moved while growing */
    size_t dlen = c.date_source ? 10 : 0, doff = h->mbuf.len;
    if (dlen && (c.st = px_buf_append(&h->mbuf, c.date, 10)))
        return c.st;
    const uint8_t *b = h->mbuf.ptr;
#define SL(v) ((v).set ? (px_slice){b + (v).off, (v).len} : PX_SLICE_NULL)
    res->title = SL(c.title);
    res->author = SL(c.author);
    res->outlet = c.outlet.set ? SL(c.outlet) : SL(site);
    res->canonical = SL(c.canonical);
    res->lang = SL(c.lang);
#undef SL
    if (dlen) {
        res->date = (px_slice){b + doff, 10};
        res->date_source = c.date_source;
    }
    res->charset = h->charset_raw;
    if (res->outlet.len > 7 && memcmp(res->outlet.ptr, "http", 4) == 0)
        res->outlet = px__registered_domain(res->outlet); /* og:site_name given as a URL */
    if (!res->outlet.ptr)
        res->outlet = px__registered_domain(page_url.ptr ? page_url : res->canonical);
    tidy(res, page_url);
    return PX_OK;
}
