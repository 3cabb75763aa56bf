/* HTML tokenizer and tree builder for main-text extraction.
 *
 * Parser choice, by measurement (docs/ingest.md "HTML parser"; release
 * build, CPU time of one core, the 320 dev pages of ../shared/data/extraction,
 * 14.8 MB):
 *   libxml2 2.9.14 htmlReadMemory (RECOVER|NOERROR|NOWARNING|NONET|HUGE) +
 *     free: 40 MB/s for the parse alone; 100,000 nested <div>: stops at depth
 *     256 without XML_PARSE_HUGE, 0.05 s with it.
 *   gumbo 0.10.1 (libgumbo-dev) parse + destroy: 23 MB/s; 10,000 nested
 *     <div>: 1.0 s (quadratic), so 100,000 would take minutes.
 *   this file (tokenize + tree) with html_extract.c and html_meta.c: 138-158
 *     MB/s for the whole extraction with metadata; 100,000 nested: linear.
 * Both libraries build a full DOM with a malloc per node and attribute:
 * libxml2 only just reaches the 40 MB/s target with no time left for
 * extraction, gumbo misses it and the nesting requirement, and libxml2 is not
 * linked into this build. Extraction needs far less than a
 * DOM: element names, class/id, a few attributes and decoded text. This
 * tokenizer does that in one pass over the bytes, with nodes in one reused
 * array (no allocation per node), implied end tags for p/li/dt/dd/tr/td/option,
 * raw-text elements (script, style, title, ...) skipped with their JSON-LD
 * kept, and nesting capped at HTML_MAX_DEPTH: deeper elements are flattened
 * into the deepest open one, so a page nested 100,000 deep costs linear time
 * and bounded stack.
 */
#include <string.h>

#include "ingest/html_dom.h"
#include "ingest/ingest.h"

/* ---- tag names (sorted for bsearch) ---- */

typedef struct tagname {
    const char *name;
    int id;
} tagname;

static const tagname TAGS[] = {
    {"a", T_A},
    {"abbr", T_ABBR},
    {"address", T_ADDRESS},
    {"article", T_ARTICLE},
    {"aside", T_ASIDE},
    {"audio", T_AUDIO},
    {"b", T_B},
    {"bdi", T_BDI},
    {"bdo", T_BDO},
    {"big", T_BIG},
    {"blockquote", T_BLOCKQUOTE},
    {"body", T_BODY},
    {"br", T_BR},
    {"button", T_BUTTON},
    {"canvas", T_CANVAS},
    {"caption", T_CAPTION},
    {"center", T_CENTER},
    {"cite", T_CITE},
    {"code", T_CODE},
    {"dd", T_DD},
    {"del", T_DEL},
    {"details", T_DETAILS},
    {"dfn", T_DFN},
    {"dialog", T_DIALOG},
    {"div", T_DIV},
    {"dl", T_DL},
    {"dt", T_DT},
    {"em", T_EM},
    {"fieldset", T_FIELDSET},
    {"figcaption", T_FIGCAPTION},
    {"figure", T_FIGURE},
    {"font", T_FONT},
    {"footer", T_FOOTER},
    {"form", T_FORM},
    {"h1", T_H1},
    {"h2", T_H2},
    {"h3", T_H3},
    {"h4", T_H4},
    {"h5", T_H5},
    {"h6", T_H6},
    {"head", T_HEAD},
    {"header", T_HEADER},
    {"hr", T_HR},
    {"html", T_HTML},
    {"i", T_I},
    {"iframe", T_IFRAME},
    {"img", T_IMG},
    {"input", T_INPUT},
    {"ins", T_INS},
    {"kbd", T_KBD},
    {"label", T_LABEL},
    {"legend", T_LEGEND},
    {"li", T_LI},
    {"link", T_LINK},
    {"main", T_MAIN},
    {"mark", T_MARK},
    {"math", T_MATH},
    {"menu", T_MENU},
    {"meta", T_META},
    {"nav", T_NAV},
    {"noembed", T_NOEMBED},
    {"noframes", T_NOFRAMES},
    {"noscript", T_NOSCRIPT},
    {"object", T_OBJECT},
    {"ol", T_OL},
    {"option", T_OPTION},
    {"p", T_P},
    {"pre", T_PRE},
    {"q", T_Q},
    {"s", T_S},
    {"samp", T_SAMP},
    {"script", T_SCRIPT},
    {"section", T_SECTION},
    {"select", T_SELECT},
    {"small", T_SMALL},
    {"span", T_SPAN},
    {"strike", T_STRIKE},
    {"strong", T_STRONG},
    {"style", T_STYLE},
    {"sub", T_SUB},
    {"summary", T_SUMMARY},
    {"sup", T_SUP},
    {"svg", T_SVG},
    {"table", T_TABLE},
    {"tbody", T_TBODY},
    {"td", T_TD},
    {"template", T_TEMPLATE},
    {"textarea", T_TEXTAREA},
    {"tfoot", T_TFOOT},
    {"th", T_TH},
    {"thead", T_THEAD},
    {"time", T_TIME},
    {"title", T_TITLE},
    {"tr", T_TR},
    {"tt", T_TT},
    {"u", T_U},
    {"ul", T_UL},
    {"var", T_VAR},
    {"video", T_VIDEO},
    {"wbr", T_WBR},
    {"xmp", T_XMP},
};

static int tag_id(const char *name)
{
    size_t lo = 0, hi = sizeof TAGS / sizeof *TAGS;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, TAGS[mid].name);
        if (c == 0)
            return TAGS[mid].id;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return T_UNKNOWN;
}

int px__html_is_inline(int tag)
{
    return tag >= T_A && tag <= T_LAST_INLINE;
}

static int is_void(int t)
{
    return t == T_BR || t == T_IMG || t == T_META || t == T_LINK || t == T_INPUT || t == T_HR ||
           t == T_WBR;
}

static int is_raw(int t)
{
    return t >= T_SCRIPT;
}

/* ---- character references ---- */

static const char *const LATIN1[] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

static const struct {
    const char *name;
    uint32_t cp;
} NAMED[] = {
    {"amp", '&'},     {"lt", '<'},      {"gt", '>'},      {"quot", '"'},     {"apos", '\''},
    {"OElig", 338},   {"oelig", 339},   {"Scaron", 352},  {"scaron", 353},   {"Yuml", 376},
    {"fnof", 402},    {"circ", 710},    {"tilde", 732},   {"ensp", 8194},    {"emsp", 8195},
    {"thinsp", 8201}, {"zwnj", 8204},   {"zwj", 8205},    {"lrm", 8206},     {"rlm", 8207},
    {"ndash", 8211},  {"mdash", 8212},  {"lsquo", 8216},  {"rsquo", 8217},   {"sbquo", 8218},
    {"ldquo", 8220},  {"rdquo", 8221},  {"bdquo", 8222},  {"dagger", 8224},  {"Dagger", 8225},
    {"bull", 8226},   {"hellip", 8230}, {"permil", 8240}, {"prime", 8242},   {"Prime", 8243},
    {"lsaquo", 8249}, {"rsaquo", 8250}, {"euro", 8364},   {"trade", 8482},   {"larr", 8592},
    {"rarr", 8594},   {"minus", 8722},  {"nbsp", 160},    {"NewLine", '\n'}, {"Tab", '\t'},
};

/* Decodes the reference at s[0] == '&'; returns bytes consumed (0: literal '&'). */
static size_t decode_ref(const uint8_t *s, size_t n, uint32_t *cp)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        i++;
        uint32_t v = 0;
        int hex = i < n && (s[i] == 'x' || s[i] == 'X');
        size_t start = i += hex;
        for (; i < n && i - start < 8; i++) {
            uint8_t c = s[i];
            int d = c >= '0' && c <= '9'          ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                  : -1;
            if (d < 0)
                break;
            v = v * (hex ? 16 : 10) + (uint32_t)d;
        }
        if (i == start)
            return 0;
        if (i < n && s[i] == ';')
            i++;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            v = 0xFFFD;
        if (v >= 0x80 && v < 0xA0) /* windows-1252 as browsers do */
            v = v == 0x92   ? 0x2019
                : v == 0x93 ? 0x201C
                : v == 0x94 ? 0x201D
                : v == 0x96 ? 0x2013
                : v == 0x97 ? 0x2014
                : v == 0x91 ? 0x2018
                            : 0xFFFD;
        *cp = v;
        return i;
    }
    char name[12];
    size_t k = 0;
    while (i < n && k < sizeof name - 1 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9')))
        name[k++] = (char)s[i++];
    name[k] = 0;
    if (!k)
        return 0;
    for (size_t j = 0; j < sizeof NAMED / sizeof *NAMED; j++)
        if (strcmp(name, NAMED[j].name) == 0) {
            *cp = NAMED[j].cp;
            return i < n && s[i] == ';' ? i + 1 : i;
        }
    for (size_t j = 0; j < sizeof LATIN1 / sizeof *LATIN1; j++)
        if (strcmp(name, LATIN1[j]) == 0) {
            *cp = 160 + (uint32_t)j;
            return i < n && s[i] == ';' ? i + 1 : i;
        }
    return 0;
}

px_status px__html_unescape(px_slice s, px_buf *out)
{
    size_t i = 0;
    while (i < s.len) {
        const uint8_t *amp = memchr(s.ptr + i, '&', s.len - i);
        size_t run = amp ? (size_t)(amp - s.ptr) - i : s.len - i;
        px_status st = px_buf_append(out, s.ptr + i, run);
        if (st)
            return st;
        i += run;
        if (i >= s.len)
            break;
        uint32_t cp;
        size_t k = decode_ref(s.ptr + i, s.len - i, &cp);
        if (!k) {
            if ((st = px_buf_append_byte(out, '&')))
                return st;
            i++;
            continue;
        }
        uint8_t enc[4];
        if ((st = px_buf_append(out, enc, (size_t)px__utf8_encode(cp == 160 ? ' ' : cp, enc))))
            return st;
        i += k;
    }
    return PX_OK;
}

/* ---- tree ---- */

static uint32_t new_node(px_html *h, int tag)
{
    if (h->nnodes == h->cap) {
        uint32_t cap = h->cap ? h->cap * 2 : 1024;
        hnode *p = px__realloc(h->nodes, cap * sizeof(*p));
        if (!p)
            return 0;
        h->nodes = p;
        h->cap = cap;
    }
    uint32_t i = h->nnodes++;
    hnode *x = &h->nodes[i];
    memset(x, 0, sizeof(*x));
    x->tag = (uint16_t)tag;
    uint32_t parent = h->stack[h->depth - 1];
    x->parent = parent;
    x->depth = (uint16_t)h->depth;
    hnode *p = &h->nodes[parent];
    if (p->last)
        h->nodes[p->last].next = i;
    else
        p->first = i;
    p->last = i;
    return i;
}

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Appends text (entities decoded, white space collapsed) as a text node. */
static px_status add_text(px_html *h, const uint8_t *s, size_t n, int raw)
{
    size_t k = 0;
    while (k < n && is_space(s[k]))
        k++;
    if (k == n) {
        /* white space only: one space keeps words apart */
        uint32_t cur = h->stack[h->depth - 1];
        uint32_t last = h->nodes[cur].last;
        if (n && last && h->nodes[last].tag == T_TEXT && h->txt.len &&
            h->txt.ptr[h->txt.len - 1] != ' ') {
            px_status st = px_buf_append_byte(&h->txt, ' ');
            if (st)
                return st;
            h->nodes[last].len++;
        }
        return PX_OK;
    }
    uint32_t cur = h->stack[h->depth - 1];
    uint32_t last = h->nodes[cur].last;
    uint32_t node;
    if (last && h->nodes[last].tag == T_TEXT &&
        h->nodes[last].off + h->nodes[last].len == h->txt.len) {
        node = last;
    } else {
        node = new_node(h, T_TEXT);
        if (!node)
            return PX_ENOMEM;
        h->nodes[node].off = (uint32_t)h->txt.len;
    }
    size_t before = h->txt.len;
    px_status st =
        raw ? px_buf_append(&h->txt, s, n) : px__html_unescape((px_slice){s, n}, &h->txt);
    if (st)
        return st;
    /* collapse white space in place */
    uint8_t *p = h->txt.ptr;
    size_t w = before;
    int sp = before > h->nodes[node].off && p[before - 1] == ' ';
    for (size_t r = before; r < h->txt.len; r++) {
        uint8_t c = p[r];
        if (is_space(c)) {
            if (!sp)
                p[w++] = ' ';
            sp = 1;
        } else {
            p[w++] = c;
            sp = 0;
        }
    }
    h->txt.len = w;
    h->nodes[node].len = (uint32_t)(w - h->nodes[node].off);
    return PX_OK;
}

static void pop_to(px_html *h, uint32_t level)
{
    if (level >= 1 && level < h->depth)
        h->depth = level;
}

/* Index in the stack of the nearest open element with tag t, stopping at any
 * of the stop tags; 0 when none. */
static uint32_t find_open(px_html *h, int t, const int *stop, size_t nstop)
{
    for (uint32_t k = h->depth - 1; k >= 1; k--) {
        int tag = h->nodes[h->stack[k]].tag;
        if (tag == t)
            return k;
        for (size_t j = 0; j < nstop; j++)
            if (tag == stop[j])
                return 0;
    }
    return 0;
}

/* Closes elements whose end tag is implied by a start tag t. */
static void implied_end(px_html *h, int t)
{
    static const int list_stop[] = {T_UL, T_OL, T_TABLE, T_MENU};
    static const int dl_stop[] = {T_DL, T_TABLE};
    static const int cell_stop[] = {T_TABLE};
    uint32_t k = 0;
    if (t == T_LI)
        k = find_open(h, T_LI, list_stop, 4);
    else if (t == T_DT || t == T_DD) {
        k = find_open(h, T_DD, dl_stop, 2);
        if (!k)
            k = find_open(h, T_DT, dl_stop, 2);
    } else if (t == T_TD || t == T_TH) {
        k = find_open(h, T_TD, cell_stop, 1);
        if (!k)
            k = find_open(h, T_TH, cell_stop, 1);
    } else if (t == T_TR) {
        k = find_open(h, T_TR, cell_stop, 1);
    } else if (t == T_OPTION) {
        k = find_open(h, T_OPTION, cell_stop, 0);
    }
    if (k)
        pop_to(h, k);
    if (!px__html_is_inline(t) && t != T_UNKNOWN && h->depth > 1) {
        /* a block start closes an open <p> (nearest non-inline ancestor) */
        for (uint32_t j = h->depth - 1; j >= 1; j--) {
            int tag = h->nodes[h->stack[j]].tag;
            if (tag == T_P) {
                pop_to(h, j);
                break;
            }
            if (!px__html_is_inline(tag))
                break;
        }
    }
}

static void end_tag(px_html *h, int t)
{
    if (t == T_BODY || t == T_HTML || t == T_HEAD || t == T_BR)
        return;
    for (uint32_t k = h->depth - 1; k >= 1; k--) {
        int tag = h->nodes[h->stack[k]].tag;
        if (tag == t) {
            pop_to(h, k);
            return;
        }
        /* an end tag does not cross a table or a list it is not in */
        if ((tag == T_TABLE || tag == T_TD || tag == T_TH) && t != T_TABLE)
            return;
    }
}

/* ---- tags ---- */

typedef struct attrs {
    px_slice cls, id, content, name, property, itemprop, rel, href, datetime, lang, charset,
        http_equiv, type, style, role;
    int hidden;
} attrs;

static void set_attr(attrs *a, const uint8_t *name, size_t nl, px_slice v)
{
    switch (nl) {
    case 2:
        if (px__ascii_ieq(name, nl, "id"))
            a->id = v;
        break;
    case 3:
        if (px__ascii_ieq(name, nl, "rel"))
            a->rel = v;
        break;
    case 4:
        if (px__ascii_ieq(name, nl, "name"))
            a->name = v;
        else if (px__ascii_ieq(name, nl, "href"))
            a->href = v;
        else if (px__ascii_ieq(name, nl, "lang"))
            a->lang = v;
        else if (px__ascii_ieq(name, nl, "type"))
            a->type = v;
        else if (px__ascii_ieq(name, nl, "role"))
            a->role = v;
        break;
    case 5:
        if (px__ascii_ieq(name, nl, "class"))
            a->cls = v;
        else if (px__ascii_ieq(name, nl, "style"))
            a->style = v;
        break;
    case 6:
        if (px__ascii_ieq(name, nl, "hidden"))
            a->hidden = 1;
        break;
    case 7:
        if (px__ascii_ieq(name, nl, "content"))
            a->content = v;
        else if (px__ascii_ieq(name, nl, "charset"))
            a->charset = v;
        break;
    case 8:
        if (px__ascii_ieq(name, nl, "property"))
            a->property = v;
        else if (px__ascii_ieq(name, nl, "itemprop"))
            a->itemprop = v;
        else if (px__ascii_ieq(name, nl, "datetime"))
            a->datetime = v;
        break;
    case 10:
        if (px__ascii_ieq(name, nl, "http-equiv"))
            a->http_equiv = v;
        break;
    case 11:
        if (px__ascii_ieq(name, nl, "aria-hidden") && px__ascii_ieq(v.ptr, v.len, "true"))
            a->hidden = 1;
        break;
    default:
        break;
    }
}

/* Parses attributes from s[i] up to '>'; returns the index after '>' (or n)
 * and sets *selfclose. */
static size_t parse_attrs(const uint8_t *s, size_t n, size_t i, attrs *a, int *selfclose)
{
    *selfclose = 0;
    for (;;) {
        while (i < n && (is_space(s[i]) || s[i] == '/')) {
            if (s[i] == '/')
                *selfclose = 1;
            i++;
        }
        if (i >= n)
            return n;
        if (s[i] == '>')
            return i + 1;
        *selfclose = 0;
        size_t ns = i;
        while (i < n && !is_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
            i++;
        size_t nl = i - ns;
        if (nl == 0) { /* a stray '=' */
            i++;
            continue;
        }
        while (i < n && is_space(s[i]))
            i++;
        px_slice v = {s + i, 0};
        if (i < n && s[i] == '=') {
            i++;
            while (i < n && is_space(s[i]))
                i++;
            if (i < n && (s[i] == '"' || s[i] == '\'')) {
                uint8_t q = s[i++];
                const uint8_t *e = memchr(s + i, q, n - i);
                size_t len = e ? (size_t)(e - (s + i)) : n - i;
                v = (px_slice){s + i, len};
                i += len + (e != NULL);
            } else {
                size_t vs = i;
                while (i < n && !is_space(s[i]) && s[i] != '>')
                    i++;
                v = (px_slice){s + vs, i - vs};
            }
        }
        set_attr(a, s + ns, nl, v);
    }
}

static int has_ci(px_slice s, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; i + k <= s.len; i++)
        if (px__ascii_ieq(s.ptr + i, k, lit))
            return 1;
    return 0;
}

static void add_meta(px_html *h, px_slice key, px_slice value)
{
    if (key.len && value.ptr && h->nmeta < HTML_MAX_META)
        h->meta[h->nmeta++] = (hmeta){key, value};
}

/* Records what the metadata pass needs from a void/head tag. */
static void note_tag(px_html *h, int t, const attrs *a)
{
    if (t == T_META) {
        if (a->charset.len)
            h->charset_raw = a->charset;
        px_slice key = a->property.len ? a->property : a->name.len ? a->name : a->itemprop;
        if (a->http_equiv.len &&
            px__ascii_ieq(a->http_equiv.ptr, a->http_equiv.len, "content-language"))
            key = PX_SLICE_LIT("content-language");
        add_meta(h, key, a->content);
    } else if (t == T_LINK) {
        if (a->rel.len && px__ascii_ieq(a->rel.ptr, a->rel.len, "canonical") &&
            !h->canonical_raw.ptr)
            h->canonical_raw = a->href;
        if (a->rel.len && px__ascii_ieq(a->rel.ptr, a->rel.len, "author") && a->href.len)
            add_meta(h, PX_SLICE_LIT("link:author"), a->href);
    } else if (t == T_HTML) {
        if (a->lang.len)
            h->lang_raw = a->lang;
    } else if (t == T_TIME) {
        if (a->datetime.len && !h->time_raw.ptr &&
            (has_ci(a->itemprop, "datepublished") || has_ci(a->cls, "publish") ||
             has_ci(a->cls, "pubdate") ||
             (!a->itemprop.len && !has_ci(a->cls, "upd") && !has_ci(a->cls, "modif"))))
            h->time_raw = a->datetime;
    }
    if (a->itemprop.len && t != T_META && (a->content.len || a->datetime.len))
        add_meta(h, a->itemprop, a->datetime.len ? a->datetime : a->content);
}

/* Lowercased "class id" of an element, for the boilerplate patterns. */
static px_status set_classid(px_html *h, uint32_t node, const attrs *a)
{
    if (!a->cls.len && !a->id.len && !a->role.len)
        return PX_OK;
    size_t off = h->attr.len;
    px_slice parts[3] = {a->cls, a->id, a->role};
    for (int k = 0; k < 3; k++) {
        if (!parts[k].len)
            continue;
        size_t len = parts[k].len < 200 ? parts[k].len : 200;
        px_status st = px_buf_reserve(&h->attr, len + 1);
        if (st)
            return st;
        for (size_t i = 0; i < len; i++) {
            uint8_t c = parts[k].ptr[i];
            h->attr.ptr[h->attr.len++] = c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c;
        }
        h->attr.ptr[h->attr.len++] = ' ';
    }
    h->nodes[node].off = (uint32_t)off;
    h->nodes[node].len = (uint32_t)(h->attr.len - off);
    return PX_OK;
}

/* Skips a raw-text element's content; returns the index after its end tag. */
static size_t skip_raw(px_html *h, size_t i, int t, const char *name, const attrs *a)
{
    const uint8_t *s = h->src;
    size_t n = h->n, nl = strlen(name), j = i;
    for (;;) {
        const uint8_t *lt =
            h->raw_open[t] && h->raw_open[t] - 1 <= j ? NULL : memchr(s + j, '<', n - j);
        if (!lt) {
            /* never closed (a cut or broken page): end at the first tag;
             * remembered, so that many such tags stay linear */
            if (!h->raw_open[t] || h->raw_open[t] - 1 > i)
                h->raw_open[t] = i + 1;
            const uint8_t *next = memchr(s + i, '<', n - i);
            j = next ? (size_t)(next - s) : n;
            if (t == T_TITLE && !h->title_raw.ptr)
                h->title_raw = (px_slice){s + i, j - i};
            return j;
        }
        j = (size_t)(lt - s);
        if (j + 2 + nl <= n && s[j + 1] == '/' && px__ascii_ieq(s + j + 2, nl, name))
            break;
        j++;
    }
    px_slice body = {s + i, j - i};
    if (t == T_TITLE && !h->title_raw.ptr)
        h->title_raw = body;
    else if (t == T_SCRIPT && a->type.len && has_ci(a->type, "ld+json") && h->nld < HTML_MAX_LD)
        h->ld[h->nld++] = body;
    const uint8_t *gt = j < n ? memchr(s + j, '>', n - j) : NULL;
    return gt ? (size_t)(gt - s) + 1 : n;
}

static int style_hidden(px_slice st)
{
    return has_ci(st, "display:none") || has_ci(st, "display: none") ||
           has_ci(st, "visibility:hidden");
}

/* Handles a start tag at s[i] == '<' (s[i+1] a letter); returns the next index. */
static size_t start_tag(px_html *h, size_t i, px_status *st)
{
    const uint8_t *s = h->src;
    size_t n = h->n, j = i + 1;
    char name[16];
    size_t k = 0;
    while (j < n && !is_space(s[j]) && s[j] != '>' && s[j] != '/') {
        uint8_t c = s[j++];
        if (k < sizeof name - 1)
            name[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    name[k] = 0;
    int t = j - (i + 1) >= sizeof name ? T_UNKNOWN : tag_id(name);
    attrs a;
    memset(&a, 0, sizeof a);
    int selfclose;
    j = parse_attrs(s, n, j, &a, &selfclose);
    note_tag(h, t, &a);
    if (is_raw(t))
        return selfclose ? j : skip_raw(h, j, t, name, &a);
    if (t == T_HTML || t == T_HEAD || t == T_BODY || t == T_META || t == T_LINK)
        return j;
    implied_end(h, t);
    uint32_t node = new_node(h, t);
    if (!node) {
        *st = PX_ENOMEM;
        return n;
    }
    if ((*st = set_classid(h, node, &a)))
        return n;
    if (a.hidden || style_hidden(a.style))
        h->nodes[node].flags |= NF_HIDDEN;
    if (t == T_H1 && !h->h1)
        h->h1 = node;
    if (is_void(t) || selfclose)
        return j;
    if (h->depth >= HTML_MAX_DEPTH) {
        h->truncated = 1;
        return j; /* flattened: children go to the deepest open element */
    }
    h->stack[h->depth++] = node;
    return j;
}

static size_t skip_past(const uint8_t *s, size_t n, size_t i, const char *end)
{
    size_t k = strlen(end);
    for (size_t j = i; j + k <= n; j++) {
        const uint8_t *p = memchr(s + j, end[0], n - j);
        if (!p)
            break;
        j = (size_t)(p - s);
        if (j + k <= n && memcmp(p, end, k) == 0)
            return j + k;
    }
    return n;
}

static size_t end_tag_at(px_html *h, size_t i)
{
    const uint8_t *s = h->src;
    size_t n = h->n, j = i + 2;
    char name[16];
    size_t k = 0;
    while (j < n && !is_space(s[j]) && s[j] != '>') {
        uint8_t c = s[j++];
        if (k < sizeof name - 1)
            name[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    name[k] = 0;
    if (k)
        end_tag(h, tag_id(name));
    const uint8_t *gt = memchr(s + j, '>', n - j);
    return gt ? (size_t)(gt - s) + 1 : n;
}

px_status px__html_parse(px_html *h, px_slice html)
{
    h->src = html.ptr;
    h->n = html.len;
    h->nnodes = 0;
    h->depth = 0;
    h->truncated = 0;
    h->txt.len = h->attr.len = 0;
    h->nmeta = h->nld = 0;
    h->h1 = 0;
    memset(h->raw_open, 0, sizeof h->raw_open);
    h->title_raw = h->canonical_raw = h->lang_raw = h->charset_raw = h->time_raw = PX_SLICE_NULL;
    /* node 0: the root */
    if (!h->cap) {
        h->nodes = px__malloc(1024 * sizeof(hnode));
        if (!h->nodes)
            return PX_ENOMEM;
        h->cap = 1024;
    }
    memset(&h->nodes[0], 0, sizeof(hnode));
    h->nodes[0].tag = T_BODY;
    h->nnodes = 1;
    h->stack[0] = 0;
    h->depth = 1;
    const uint8_t *s = html.ptr;
    size_t n = html.len, i = 0;
    px_status st = PX_OK;
    while (i < n && st == PX_OK) {
        const uint8_t *lt = memchr(s + i, '<', n - i);
        size_t end = lt ? (size_t)(lt - s) : n;
        if (end > i && (st = add_text(h, s + i, end - i, 0)))
            break;
        i = end;
        if (i >= n)
            break;
        uint8_t c = i + 1 < n ? s[i + 1] : 0;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            i = start_tag(h, i, &st);
        } else if (c == '/') {
            i = end_tag_at(h, i);
        } else if (c == '!' && i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
            i = skip_past(s, n, i + 4, "-->");
        } else if (c == '!' && i + 9 <= n && memcmp(s + i, "<![CDATA[", 9) == 0) {
            size_t e = skip_past(s, n, i + 9, "]]>");
            size_t len = (e == n ? n : e - 3) - (i + 9);
            if ((st = add_text(h, s + i + 9, len, 1)))
                break;
            i = e;
        } else if (c == '!' || c == '?') {
            const uint8_t *gt = memchr(s + i, '>', n - i);
            i = gt ? (size_t)(gt - s) + 1 : n;
        } else {
            if ((st = add_text(h, s + i, 1, 0)))
                break;
            i++;
        }
    }
    return st;
}

/* ---- the context ---- */

px_html *px__html_new(void)
{
    px_html *h = px__calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    px_buf_init(&h->txt, 0);
    px_buf_init(&h->attr, 0);
    px_buf_init(&h->out, 0);
    px_buf_init(&h->mbuf, 0);
    px_buf_init(&h->tmp, 0);
    return h;
}

void px__html_free(px_html *h)
{
    if (!h)
        return;
    px__free(h->nodes);
    px_buf_free(&h->txt);
    px_buf_free(&h->attr);
    px_buf_free(&h->out);
    px_buf_free(&h->mbuf);
    px_buf_free(&h->tmp);
    px__free(h);
}

px_status px__html_extract(px_html *h, px_slice html, px_slice page_url, px_html_result *res)
{
    memset(res, 0, sizeof(*res));
    h->feed_mode = 0;
    px_status st = px__html_parse(h, html);
    if (st)
        return st;
    if ((st = px__html_main_text(h, &res->text)))
        return st;
    res->truncated = h->truncated;
    return px__html_meta(h, page_url, res);
}

px_status px__html_fragment_text(px_html *h, px_slice html, px_slice *text)
{
    h->feed_mode = 1;
    px_status st = px__html_parse(h, html);
    if (st)
        return st;
    return px__html_all_text(h, text);
}
