/* parallax report: the page frame, the index (corpus figures, stories by size
 * and date, a search box) and the drivers of px_report_write/px_report_story. */
#include <stdlib.h>
#include <string.h>

#include "report/report_impl.h"

/* The only script of the page (filters the story index); the Content Security
 * Policy allows it by its SHA-256 and nothing else: no network, no other script. */
static const char SCRIPT[] =
    "(function(){var q=document.getElementById(\"q\"),c=document.getElementById(\"qn\");"
    "if(!q||!c)return;var rows=document.querySelectorAll(\"#stories tbody tr\");"
    "q.addEventListener(\"input\",function(){var v=q.value.toLowerCase(),n=0;"
    "for(var i=0;i<rows.length;i++){var m=rows[i].textContent.toLowerCase().indexOf(v)>=0;"
    "rows[i].hidden=!m;if(m)n++;}c.textContent=n+\" of \"+rows.length+\" stories shown\";});})();";
#define SCRIPT_SHA256 "3bYwYd3CE+wfxCQVEV7mEqOEAf03HG5K9evPAFnGzUw="

static const char STYLE[] =
    "body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:0 "
    "1rem;color:#1a1a1a;"
    "background:#fff}\n"
    "h1,h2,h3,h4{line-height:1.2}h2{border-top:3px solid "
    "#1f4e79;padding-top:.5rem;margin-top:2.5rem}\n"
    "table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.3rem .5rem;"
    "vertical-align:top;text-align:left}thead th{background:#eef2f7}\n"
    ".scroll{overflow-x:auto}.num{text-align:right}ul,ol{margin:0;padding-left:1.2rem}\n"
    "td.silent{background:repeating-linear-gradient(45deg,#f3f3f3,#f3f3f3 4px,#fff 4px,#fff "
    "8px);color:#555}\n"
    "tr.contradict "
    "th,td.contradict{background:#fde8e8}td.contradict{font-weight:bold;color:#8b0000}\n"
    "td.agree{color:#155724}mark{background:#fff1a8;border-bottom:2px solid "
    "#8a6d00;color:inherit}\n"
    "mark:target{background:#ffd24d;outline:3px solid #8b0000}\n"
    "del{color:#8b0000}ins{color:#155724}.sr{position:absolute;left:-9999px}\n"
    ".date,.src,.copy,.z,.sub,.note{color:#555}.meta th{width:9rem}code{word-break:break-all}\n"
    "svg{max-width:100%;height:auto}svg .axis,svg .grid{stroke:#999}svg "
    ".bar{fill:#9ec5e8;stroke:#1f4e79}\n"
    "svg .bar.open{fill:#cfe2f3}svg .dot{fill:#1f4e79}svg .arrow{fill:#1f4e79}svg "
    ".pub{fill:none;stroke:#8a6d00;stroke-width:2}\n"
    "svg text{font:12px system-ui,sans-serif;fill:#1a1a1a}\n"
    "figure{margin:1rem 0}figcaption{font-weight:bold}article.art{border-left:4px solid #ccc;"
    "padding-left:1rem;margin:1.5rem 0}\n"
    "input#q{font:inherit;padding:.3rem;width:min(30rem,100%)}a{color:#0b4f9c}\n"
    "summary{cursor:pointer}summary>h2,summary>h3,summary>h4{display:inline;border:0;margin:0;"
    "padding:0}"
    "details>summary{margin-top:1.5rem;border-top:3px solid #1f4e79;padding-top:.5rem}\n"
    "nav.toc ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}\n"
    "td.outlets .n{display:block;font-weight:bold}td.dates{white-space:nowrap}\n"
    "#stories th a{display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;"
    "overflow:hidden}#stories th{min-width:12rem}\n";

const char *px__rep_style(void)
{
    return STYLE;
}

const char *px__rep_script(void)
{
    return SCRIPT;
}

static void head(rep_out *o, const char *title, int served)
{
    px__rep_raw(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    if (!served)
        px__rep_raw(o, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'; script-src 'sha256-" SCRIPT_SHA256 "'; "
                       "base-uri 'none'; form-action 'none'\">\n");
    px__rep_raw(o, "<meta name=\"referrer\" content=\"no-referrer\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"parallax\">\n<title>");
    px__rep_esc_str(o, title);
    if (served) {
        px__rep_raw(o, "</title>\n<link rel=\"stylesheet\" href=\"/static/parallax.css\">\n"
                       "<script src=\"/static/parallax.js\" defer></script>\n</head>\n<body>\n");
        return;
    }
    px__rep_raw(o, "</title>\n<style>\n");
    px__rep_raw(o, STYLE);
    px__rep_raw(o, "</style>\n</head>\n<body>\n");
}

void px__rep_page_open(rep_out *o, const char *title)
{
    head(o, title, 0);
}

void px__rep_page_open_served(rep_out *o, const char *title)
{
    head(o, title, 1);
}

void px__rep_page_close(rep_out *o)
{
    px__rep_raw(o, "<script>");
    px__rep_raw(o, SCRIPT);
    px__rep_raw(o, "</script>\n</body>\n</html>\n");
}

void px__rep_page_close_served(rep_out *o)
{
    px__rep_raw(o, "</body>\n</html>\n");
}

/* What the index shows of a story. */
typedef struct rep_sum {
    char id[40];
    char first[16], last[16];
    char *title, *outlets;
    size_t n_art, n_outlet, n_copies, n_contra, n_silent;
} rep_sum;

typedef struct rep_index {
    rep_sum *sum;
    size_t n, cap;
    char **outlet; /* every outlet seen, for the figures */
    size_t n_outlet, cap_outlet;
    const px_outlets *table; /* px_report_opts.outlets */
    const char *leaning;     /* px_report_opts.leaning */
} rep_index;

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(j) ? j->valuestring : NULL;
}

static void copy_str(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", s ? s : "");
}

static px_status add_outlet(rep_index *ix, const char *o)
{
    if (ix->n_outlet == ix->cap_outlet) {
        size_t cap = ix->cap_outlet ? ix->cap_outlet * 2 : 64;
        char **p = px__realloc(ix->outlet, cap * sizeof *p);
        if (!p)
            return PX_ENOMEM;
        ix->outlet = p;
        ix->cap_outlet = cap;
    }
    if (!(ix->outlet[ix->n_outlet] = px__strndup(o, strlen(o))))
        return PX_ENOMEM;
    ix->n_outlet++;
    return PX_OK;
}

/* The outlets of a story's articles, distinct, in order, joined by ", ". */
static px_status story_outlets(rep_index *ix, const cJSON *arts, rep_sum *sm)
{
    px_buf b;
    px_buf_init(&b, 0);
    px_status e = PX_OK;
    const cJSON *a, *p;
    cJSON_ArrayForEach(a, arts)
    {
        const char *o = jstr(a, "outlet");
        int seen = 0;
        sm->n_copies += jstr(a, "duplicate_of") != NULL;
        if (!o)
            continue;
        for (p = arts->child; p != a && !seen; p = p->next)
            seen = jstr(p, "outlet") && !strcmp(jstr(p, "outlet"), o);
        if (seen)
            continue;
        sm->n_outlet++;
        if (!e && b.len)
            e = px_buf_append_str(&b, ", ");
        if (!e)
            e = px_buf_append_str(&b, o);
        if (!e)
            e = add_outlet(ix, o);
    }
    if (!e)
        e = px_buf_terminate(&b);
    if (!e && !(sm->outlets = px__strndup(b.ptr ? (const char *)b.ptr : "", b.len)))
        e = PX_ENOMEM;
    px_buf_free(&b);
    return e;
}

/* Fills the index entry of a story from its comparison. */
static px_status summarise(rep_index *ix, const cJSON *js, rep_sum *sm)
{
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(js, "dates");
    copy_str(sm->first, sizeof sm->first, cJSON_GetStringValue(cJSON_GetArrayItem(d, 0)));
    copy_str(sm->last, sizeof sm->last, cJSON_GetStringValue(cJSON_GetArrayItem(d, 1)));
    const char *t = jstr(js, "title");
    px__free(sm->title);
    sm->title = px__strndup(t ? t : "", t ? strlen(t) : 0);
    const cJSON *arts = cJSON_GetObjectItemCaseSensitive(js, "articles");
    sm->n_art = (size_t)cJSON_GetArraySize(arts);
    sm->n_copies = sm->n_outlet = 0;
    px__rep_findings(js, &sm->n_contra, &sm->n_silent);
    return sm->title ? story_outlets(ix, arts, sm) : PX_ENOMEM;
}

static void index_free(rep_index *ix)
{
    for (size_t i = 0; i < ix->n; i++) {
        px__free(ix->sum[i].title);
        px__free(ix->sum[i].outlets);
    }
    for (size_t i = 0; i < ix->n_outlet; i++)
        px__free(ix->outlet[i]);
    px__free(ix->sum);
    px__free(ix->outlet);
}

void px__rep_findings(const cJSON *js, size_t *contra, size_t *silent)
{
    const cJSON *f;
    *contra = *silent = 0;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(js, "facts"))
    {
        const char *st = jstr(f, "status");
        *contra += st && !strcmp(st, "contradict");
        *silent += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "silent"));
    }
}

/* Stories told by several outlets first, then the newest (by last date,
 * undated last), then the biggest, then id. */
static int sum_cmp(const void *x, const void *y)
{
    const rep_sum *a = x, *b = y;
    if ((a->n_outlet > 1) != (b->n_outlet > 1))
        return a->n_outlet > 1 ? -1 : 1;
    if (!a->last[0] != !b->last[0])
        return a->last[0] ? -1 : 1;
    int c = strcmp(b->last, a->last);
    if (c)
        return c;
    if (a->n_art != b->n_art)
        return a->n_art > b->n_art ? -1 : 1;
    return strcmp(a->id, b->id);
}

static int str_cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Adds story i of st to the index (id, size, first date) unless it is not
 * wanted; chosen[k] counts the stories want[k] picked. */
static px_status candidate(rep_index *ix, const px_stories *st, size_t i, px_buf *b)
{
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        rep_sum *p = px__realloc(ix->sum, cap * sizeof *p);
        if (!p)
            return PX_ENOMEM;
        ix->sum = p;
        ix->cap = cap;
    }
    rep_sum *sm = &ix->sum[ix->n++];
    memset(sm, 0, sizeof *sm);
    copy_str(sm->id, sizeof sm->id, px_stories_id(st, i));
    sm->n_art = px_stories_size(st, i);
    px_buf_reset(b);
    px_status e = px_stories_write_json(st, i, b);
    cJSON *js = e ? NULL : cJSON_ParseWithLength((const char *)b->ptr, b->len);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(js, "dates");
    copy_str(sm->first, sizeof sm->first, cJSON_GetStringValue(cJSON_GetArrayItem(d, 0)));
    copy_str(sm->last, sizeof sm->last, cJSON_GetStringValue(cJSON_GetArrayItem(d, 1)));
    if (!sm->last[0])
        copy_str(sm->last, sizeof sm->last, sm->first);
    const cJSON *arts = cJSON_GetObjectItemCaseSensitive(js, "articles"), *a, *p;
    cJSON_ArrayForEach(a, arts)
    {
        const char *o = jstr(a, "outlet");
        int seen = !o;
        for (p = arts->child; p != a && !seen; p = p->next)
            seen = jstr(p, "outlet") && !strcmp(jstr(p, "outlet"), o);
        sm->n_outlet += !seen;
    }
    cJSON_Delete(js);
    return e;
}

/* Whether story id is wanted: equal to, or starting with, one of the wants. */
static int wanted(const px_report_opts *opts, const char *id, size_t *hits)
{
    int any = 0;
    for (size_t k = 0; k < opts->n_stories; k++) {
        const char *w = opts->stories[k];
        if (w && *w && !strncmp(id, w, strlen(w))) {
            hits[k] += strcmp(id, w) ? 1 : 1000000; /* an exact match wins */
            any = 1;
        }
    }
    return any;
}

static px_status check_wants(px_store *s, const px_report_opts *opts, const size_t *hits)
{
    for (size_t k = 0; k < opts->n_stories; k++) {
        if (hits[k] == 0)
            return px__fail(px__store_errbuf(s), PX_ENOTFOUND,
                            "no story %s (parallax stories lists them)",
                            opts->stories[k] ? opts->stories[k] : "");
        if (hits[k] > 1 && hits[k] < 1000000)
            return px__fail(px__store_errbuf(s), PX_EINVAL, "story prefix %s is ambiguous",
                            opts->stories[k]);
    }
    return PX_OK;
}

/* The chosen stories (of the saved grouping: the report reads, never
 * regroups), in index order: biggest first,
 * then by first date (undated last), then id. Comparisons come later. */
static px_status gather(px_store *s, const px_report_opts *opts, rep_index *ix)
{
    int some = opts && opts->stories;
    size_t *hits = some ? px__calloc(opts->n_stories + 1, sizeof *hits) : NULL;
    if (some && !hits)
        return PX_ENOMEM;
    px_buf b;
    px_buf_init(&b, 0);
    px_stories *st = NULL;
    px_status e = px_stories_load(s, &st);
    if (!e && px_stories_count(st) == 0)
        e = px__fail(px__store_errbuf(s), PX_ENOTFOUND, "the store is empty");
    const char *leaning = opts ? opts->leaning : NULL;
    for (size_t i = 0; !e && i < px_stories_count(st); i++) {
        int covered = 1;
        if (some && !wanted(opts, px_stories_id(st, i), hits))
            continue;
        /* With a leaning, only the stories with an article from an outlet
         * of that leaning (the rest would have nothing to compare). */
        if (leaning)
            e = px_compare_covers(s, px_stories_id(st, i),
                                  &(px_compare_opts){NULL, opts->outlets, leaning}, &covered);
        if (!e && covered)
            e = candidate(ix, st, i, &b);
    }
    px_stories_free(st);
    px_buf_free(&b);
    if (!e && some)
        e = check_wants(s, opts, hits);
    if (!e && leaning && !ix->n)
        e = px__fail(px__store_errbuf(s), PX_ENOTFOUND,
                     "no story %shas an article from an outlet of leaning \"%s\"",
                     some ? "asked for " : "", leaning);
    px__free(hits);
    if (e == PX_ENOMEM)
        px__fail(px__store_errbuf(s), e, "out of memory");
    if (!e && ix->n > 1)
        qsort(ix->sum, ix->n, sizeof *ix->sum, sum_cmp);
    return e;
}

static void figures(rep_out *o, px_store *s, const rep_index *ix)
{
    size_t n_art = 0, outlets = 0, copies = 0, contra = 0, silent = 0;
    if (px_store_count(s, &n_art) != PX_OK)
        n_art = 0;
    for (size_t i = 0; i < ix->n_outlet; i++)
        outlets += i == 0 || strcmp(ix->outlet[i - 1], ix->outlet[i]);
    const char *lo = NULL, *hi = NULL;
    for (size_t i = 0; i < ix->n; i++) {
        const rep_sum *m = &ix->sum[i];
        const char *l = m->last[0] ? m->last : m->first;
        if (m->first[0] && (!lo || strcmp(m->first, lo) < 0))
            lo = m->first;
        if (l[0] && (!hi || strcmp(l, hi) > 0))
            hi = l;
        copies += m->n_copies;
        contra += m->n_contra;
        silent += m->n_silent;
    }
    px__rep_raw(o, "<table class=\"figures\"><caption>The corpus</caption><tbody>\n");
    px__rep_fmt(o,
                "<tr><th scope=\"row\">Articles in the store</th><td class=\"num\">%zu</td></tr>\n",
                n_art);
    px__rep_fmt(o, "<tr><th scope=\"row\">Stories shown</th><td class=\"num\">%zu</td></tr>\n",
                ix->n);
    if (ix->leaning) {
        px__rep_raw(o, "<tr><th scope=\"row\">Outlets compared</th><td>those of leaning ");
        px__rep_esc_str(o, ix->leaning);
        px__rep_raw(o, " (the stories without one are left out)</td></tr>\n");
    }
    px__rep_fmt(o, "<tr><th scope=\"row\">Outlets</th><td class=\"num\">%zu</td></tr>\n", outlets);
    px__rep_raw(o, "<tr><th scope=\"row\">Dates covered</th><td class=\"num\">");
    if (lo) {
        px__rep_esc_str(o, lo);
        px__rep_raw(o, " to ");
        px__rep_esc_str(o, hi);
    } else {
        px__rep_raw(o, "undated");
    }
    px__rep_raw(o, "</td></tr>\n");
    px__rep_fmt(
        o, "<tr><th scope=\"row\">Copies of other articles</th><td class=\"num\">%zu</td></tr>\n",
        copies);
    px__rep_fmt(o, "<tr><th scope=\"row\">Contradictions</th><td class=\"num\">%zu</td></tr>\n",
                contra);
    px__rep_fmt(
        o, "<tr><th scope=\"row\">Silences (outlet × fact)</th><td class=\"num\">%zu</td></tr>\n",
        silent);
    px__rep_raw(o, "</tbody></table>\n");
}

void px__rep_index_table(rep_out *o,
                         const char *table_id,
                         const rep_row *rows,
                         size_t n,
                         const char *href_prefix,
                         const char *href_suffix)
{
    px__rep_raw(o, "<div class=\"scroll\"><table id=\"");
    px__rep_raw(o, table_id);
    px__rep_raw(
        o,
        "\"><thead><tr><th scope=\"col\">Story</th>"
        "<th scope=\"col\">Articles</th><th scope=\"col\">Dates</th><th scope=\"col\">Outlets</th>"
        "<th scope=\"col\">Contradictions</th><th "
        "scope=\"col\">Silences</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const rep_row *m = &rows[i];
        px__rep_raw(o, m->n_outlet > 1 ? "<tr><th scope=\"row\"><a href=\""
                                       : "<tr class=\"single\"><th scope=\"row\"><a href=\"");
        px__rep_id(o, href_prefix, m->id);
        px__rep_esc_str(o, href_suffix);
        px__rep_raw(o, "\">");
        px__rep_esc_str(o, m->title && m->title[0] ? m->title : "(untitled)");
        px__rep_raw(o, "</a></th><td class=\"num\">");
        px__rep_count(o, m->n_art);
        px__rep_raw(o, "</td><td class=\"dates\">");
        px__rep_esc_str(o, m->first && m->first[0] ? m->first : "undated");
        if (m->last && m->last[0] && m->first && strcmp(m->last, m->first)) {
            px__rep_raw(o, " to ");
            px__rep_esc_str(o, m->last);
        }
        px__rep_raw(o, "</td><td class=\"outlets\"><span class=\"n\">");
        px__rep_count_of(o, m->n_outlet, "outlet", "outlets");
        px__rep_raw(o, "</span> ");
        px__rep_esc_str(o, m->outlets);
        px__rep_raw(o, "</td><td class=\"num\">");
        if (m->n_contra < 0)
            px__rep_raw(o, "<span class=\"note\">…</span>");
        else
            px__rep_count(o, (size_t)m->n_contra);
        px__rep_raw(o, "</td><td class=\"num\">");
        if (m->n_silent < 0)
            px__rep_raw(o, "<span class=\"note\">…</span>");
        else
            px__rep_count(o, (size_t)m->n_silent);
        px__rep_raw(o, "</td></tr>\n");
    }
    px__rep_raw(o, "</tbody></table></div>\n");
}

static px_status index_table(rep_out *o, const rep_index *ix, const char *suffix)
{
    rep_row *rows = px__calloc(ix->n ? ix->n : 1, sizeof *rows);
    if (!rows)
        return PX_ENOMEM;
    for (size_t i = 0; i < ix->n; i++) {
        const rep_sum *m = &ix->sum[i];
        rows[i] = (rep_row){m->id,    m->title,    m->first,          m->last,          m->outlets,
                            m->n_art, m->n_outlet, (long)m->n_contra, (long)m->n_silent};
    }
    px__rep_raw(
        o, "<section id=\"index\"><h2>Stories</h2>\n<p><label for=\"q\">Search the stories</label> "
           "<input id=\"q\" type=\"search\" autocomplete=\"off\"> <span id=\"qn\" role=\"status\" "
           "aria-live=\"polite\"></span></p>\n");
    /* Stories told by several outlets first; those told by one are behind a
     * disclosure (they sort last). */
    size_t multi = 0;
    while (multi < ix->n && rows[multi].n_outlet > 1)
        multi++;
    px__rep_index_table(o, "stories", rows, multi, suffix ? "" : "#st-", suffix ? suffix : "");
    if (multi < ix->n) {
        px__rep_raw(o, "<details class=\"singles\"><summary>");
        px__rep_count_of(o, ix->n - multi, "story told by one outlet",
                         "stories told by one outlet");
        px__rep_raw(o, "</summary>\n");
        px__rep_index_table(o, "singles", rows + multi, ix->n - multi, suffix ? "" : "#st-",
                            suffix ? suffix : "");
        px__rep_raw(o, "</details>\n");
    }
    px__rep_raw(o, "</section>\n");
    px__free(rows);
    return PX_OK;
}

/* Compares story sm->id, fills its index entry and, when o is set, writes its
 * section. */
static px_status story_section(rep_out *o, px_store *s, rep_index *ix, rep_sum *sm)
{
    rep_story st;
    px_status e = px__rep_story_load(s, sm->id, ix->table, ix->leaning, &st);
    if (!e)
        e = summarise(ix, st.js, sm);
    if (!e && o) {
        px__rep_raw(o, "<section class=\"story\" id=\"");
        px__rep_id(o, "st-", sm->id);
        px__rep_raw(o, "\"><h2>");
        px__rep_esc_json(o, cJSON_GetObjectItemCaseSensitive(st.js, "title"), "(untitled)");
        px__rep_raw(o, "</h2>\n");
        px__rep_story_body(o, &st, 3);
        px__rep_raw(o, "<p><a href=\"#index\">Back to the list of stories</a></p></section>\n");
    }
    px__rep_story_free(&st);
    return e;
}

static int sink_file(void *ud, const uint8_t *p, size_t n)
{
    return fwrite(p, 1, n, (FILE *)ud) != n;
}

/* Copies the spooled story sections to the output. */
static void unspool(rep_out *o, FILE *f)
{
    uint8_t buf[1 << 16];
    size_t n;
    if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0) {
        o->err = o->err ? o->err : PX_EIO;
        return;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        px_status e = px__rep_finish_chunk(o, buf, n);
        if (e)
            return;
    }
    if (ferror(f) && !o->err)
        o->err = PX_EIO;
}

static px_status finish(px_store *s, rep_out *o, px_status e)
{
    px_status e2 = px__rep_finish(o);
    if (!e)
        e = e2;
    if (e == PX_EIO)
        px__fail(px__store_errbuf(s), e, "cannot write the report");
    else if (e == PX_ENOMEM)
        px__fail(px__store_errbuf(s), e, "out of memory");
    return e;
}

px_status px_report_write(px_store *s, const px_report_opts *opts, px_report_sink sink, void *ud)
{
    if (!s || !sink)
        return PX_EINVAL;
    int pages = opts && opts->link_suffix;
    rep_index ix = {.table = opts ? opts->outlets : NULL, .leaning = opts ? opts->leaning : NULL};
    rep_out o, so;
    px__rep_init(&o, sink, ud);
    /* The stories are compared once each: their sections go to a spool file
     * while the index is summed up, and follow the index in the output. */
    FILE *spool = pages ? NULL : tmpfile();
    px_status e = !pages && !spool
                      ? px__fail(px__store_errbuf(s), PX_EIO, "cannot create a temporary file")
                      : gather(s, opts, &ix);
    px__rep_init(&so, sink_file, spool);
    for (size_t i = 0; !e && i < ix.n; i++)
        e = story_section(pages ? NULL : &so, s, &ix, &ix.sum[i]);
    px_status e2 = px__rep_finish(&so);
    if (!e)
        e = e2;
    if (!e) {
        if (ix.n_outlet)
            qsort(ix.outlet, ix.n_outlet, sizeof *ix.outlet, str_cmp);
        px__rep_page_open(&o, "parallax report");
        px__rep_raw(
            &o, "<header><h1>parallax report</h1>\n<p class=\"sub\">Every figure, quote and word "
                "links to the sentence it came from. Article text is shown as stored; links "
                "in it are shown, never followed.</p>\n");
        figures(&o, s, &ix);
        px__rep_raw(&o, "</header>\n<main>\n");
        e = index_table(&o, &ix, pages ? opts->link_suffix : NULL);
        /* The threads, for a report of the whole store. */
        if (!e && !(opts && (opts->stories || opts->leaning)))
            e = px__rep_topics_index(&o, s, pages ? opts->link_suffix : NULL);
        if (spool)
            unspool(&o, spool);
        px__rep_raw(&o, "</main>\n");
        px__rep_page_close(&o);
    }
    if (spool)
        fclose(spool);
    index_free(&ix);
    return finish(s, &o, e);
}

px_status px_report_story(
    px_store *s, const char *story, const char *index_href, px_report_sink sink, void *ud)
{
    return px_report_story_opts(s, story, index_href, NULL, sink, ud);
}

px_status px_report_story_opts(px_store *s,
                               const char *story,
                               const char *index_href,
                               const px_report_opts *opts,
                               px_report_sink sink,
                               void *ud)
{
    if (!s || !story || !sink)
        return PX_EINVAL;
    rep_out o;
    px__rep_init(&o, sink, ud);
    rep_story st;
    px_status e =
        px__rep_story_load(s, story, opts ? opts->outlets : NULL, opts ? opts->leaning : NULL, &st);
    if (!e) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(st.js, "title");
        px__rep_page_open(&o, cJSON_IsString(t) ? t->valuestring : "story");
        if (index_href) {
            px__rep_raw(&o, "<nav><a href=\"");
            px__rep_esc_str(&o, index_href);
            px__rep_raw(&o, "\">All stories</a></nav>\n");
        }
        px__rep_raw(&o, "<main><h1>");
        px__rep_esc_json(&o, t, "(untitled)");
        px__rep_raw(&o, "</h1>\n");
        px__rep_story_body(&o, &st, 2);
        px__rep_raw(&o, "</main>\n");
        px__rep_page_close(&o);
    }
    px__rep_story_free(&st);
    return finish(s, &o, e);
}

px_status px_report_story_ids(px_store *s,
                              const px_report_opts *opts,
                              int (*fn)(void *ud, const char *id),
                              void *ud)
{
    if (!s || !fn)
        return PX_EINVAL;
    rep_index ix = {0};
    px_status e = gather(s, opts, &ix);
    for (size_t i = 0; !e && i < ix.n; i++)
        if (fn(ud, ix.sum[i].id))
            e = PX_EIO;
    index_free(&ix);
    return e;
}
