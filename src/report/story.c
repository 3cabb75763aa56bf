/* parallax report: the sections of a story page (outlets side by side, fact
 * matrix, count chart, quotes, entities, terms, timeline; events in
 * story_events.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_impl.h"

#define MAX_CHART_FACTS 40
#define MAX_ENTITIES    30
#define MAX_TIMELINE    300

static int in_list(const cJSON *arr, const char *s)
{
    const cJSON *j;
    cJSON_ArrayForEach(j, arr) if (cJSON_IsString(j) && px__rep_streq(j->valuestring, s)) return 1;
    return 0;
}

static void outlet_head(rep_out *o, const rep_story *st, const char *first)
{
    px__rep_raw(o, "<thead><tr>");
    px__rep_raw(o, first);
    for (size_t i = 0; i < st->n_outlet; i++) {
        px__rep_raw(o, "<th scope=\"col\">");
        px__rep_esc_str(o, st->outlet[i]);
        px__rep_raw(o, "</th>");
    }
    px__rep_raw(o, "</tr></thead>\n");
}

static void outlets(rep_out *o, rep_story *st, int lv)
{
    const cJSON *arts = px__rep_get(st->js, "articles");
    px__rep_sec_open(o, st, lv, "outlets", "Outlets side by side");
    px__rep_raw(o, "<div class=\"scroll\"><table class=\"outlets\">");
    outlet_head(o, st, "");
    px__rep_raw(o, "<tbody><tr>");
    for (size_t i = 0; i < st->n_outlet; i++) {
        px__rep_raw(o, "<td><ul>");
        const cJSON *a;
        cJSON_ArrayForEach(a, arts)
        {
            if (!px__rep_streq(px__rep_str(a, "outlet"), st->outlet[i]))
                continue;
            px__rep_raw(o, "<li><a href=\"#");
            px__rep_id(o, "art-", px__rep_str(a, "id"));
            px__rep_raw(o, "\">");
            px__rep_esc_json(o, px__rep_get(a, "title"), "(untitled)");
            px__rep_raw(o, "</a> <span class=\"date\">");
            px__rep_esc_json(o, px__rep_get(a, "date"), "undated");
            px__rep_raw(o, "</span>");
            if (px__rep_str(a, "duplicate_of")) {
                px__rep_raw(o, " <span class=\"copy\">(copy of ");
                px__rep_esc_str(o, px__rep_str(a, "duplicate_of"));
                px__rep_raw(o, ")</span>");
            }
            px__rep_raw(o, "</li>");
        }
        px__rep_raw(o, "</ul></td>");
    }
    px__rep_raw(o, "</tr></tbody></table></div></details></section>\n");
}

/* A cell of names, comma-separated. */
static void names_cell(rep_out *o, const cJSON *arr)
{
    const cJSON *x;
    int first = 1;
    px__rep_raw(o, "<td>");
    cJSON_ArrayForEach(x, arr)
    {
        if (!cJSON_IsString(x))
            continue;
        if (!first)
            px__rep_raw(o, ", ");
        first = 0;
        px__rep_esc_str(o, x->valuestring);
    }
    px__rep_raw(o, "</td>");
}

/* Coverage by leaning ("leanings", with an outlets table): per leaning of the
 * table its articles and outlets; silent leanings marked. */
static void leanings(rep_out *o, rep_story *st, int lv)
{
    const cJSON *lv_js = px__rep_get(st->js, "leanings"), *g;
    if (!cJSON_IsObject(lv_js))
        return;
    px__rep_sec_open(o, st, lv, "leanings", "Coverage by leaning");
    px__rep_raw(o, "<div class=\"scroll\"><table class=\"leanings\"><thead><tr>"
                   "<th scope=\"col\">Leaning</th><th scope=\"col\">Articles</th>"
                   "<th scope=\"col\">Outlets</th></tr></thead><tbody>");
    cJSON_ArrayForEach(g, px__rep_get(lv_js, "groups"))
    {
        const cJSON *n = px__rep_get(g, "articles");
        int count = cJSON_IsNumber(n) ? n->valueint : 0;
        px__rep_raw(o, "<tr><th scope=\"row\">");
        px__rep_esc_json(o, px__rep_get(g, "leaning"), "?");
        px__rep_fmt(o, "</th><td class=\"num\">%d</td>", count);
        if (count)
            names_cell(o, px__rep_get(g, "outlets"));
        else
            px__rep_raw(o, "<td class=\"silent\"><em>silent</em></td>");
        px__rep_raw(o, "</tr>");
    }
    const cJSON *u = px__rep_get(lv_js, "unrated"), *un = px__rep_get(u, "articles");
    if (cJSON_IsNumber(un) && un->valueint > 0) {
        px__rep_fmt(o, "<tr><th scope=\"row\">unrated</th><td class=\"num\">%d</td>", un->valueint);
        names_cell(o, px__rep_get(u, "outlets"));
        px__rep_raw(o, "</tr>");
    }
    px__rep_raw(o, "</tbody></table></div>");
    const cJSON *f = px__rep_get(lv_js, "filter");
    if (cJSON_IsString(f)) {
        px__rep_raw(o, "<p>Compared: the outlets of leaning ");
        px__rep_esc_str(o, f->valuestring);
        px__rep_raw(o, " only.</p>");
    }
    px__rep_raw(o, "</details></section>\n");
}

static void fact_label(rep_out *o, const cJSON *f)
{
    px__rep_raw(o, px__rep_streq(px__rep_str(f, "kind"), "date") ? "date of " : "");
    px__rep_esc_json(o, px__rep_get(f, "type"), "?");
    if (px__rep_str(f, "object")) {
        px__rep_raw(o, " · ");
        px__rep_esc_str(o, px__rep_str(f, "object"));
    }
}

static void status_cell(rep_out *o, const char *status)
{
    if (px__rep_streq(status, "contradict"))
        px__rep_raw(
            o, "<td class=\"st contradict\"><span aria-hidden=\"true\">✗ </span>contradict</td>");
    else if (px__rep_streq(status, "agree"))
        px__rep_raw(o, "<td class=\"st agree\"><span aria-hidden=\"true\">✓ </span>agree</td>");
    else
        px__rep_raw(o, "<td class=\"st single\"><span aria-hidden=\"true\">• </span>single</td>");
}

/* A number for reading: integers with thousands separators ("1,000,000"). */
static void num_text(rep_out *o, double v)
{
    if (v == floor(v) && fabs(v) >= 1000 && fabs(v) <= 1e15) {
        if (v < 0)
            px__rep_raw(o, "-");
        px__rep_count(o, (size_t)fabs(v));
    } else {
        px__rep_num(o, v);
    }
}

/* The number words of a vague quantity as the article wrote them
 * ("Hundreds of protesters" -> "hundreds", "tens of thousands of people" ->
 * "tens of thousands"): the span up to its last " of ", lowercased; 0 when the
 * span has a digit or no such words. */
static int vague_words(rep_art *a, const cJSON *span, char *out, size_t cap)
{
    rep_span sp;
    if (!a || !px__rep_norm(a, span, &sp))
        return 0;
    const uint8_t *t = a->text + sp.s;
    size_t n = sp.e - sp.s, cut = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] >= '0' && t[i] <= '9')
            return 0;
        if (i + 4 <= n && !memcmp(t + i, " of ", 4))
            cut = i;
    }
    if (!cut || cut >= cap)
        return 0;
    for (size_t i = 0; i < cut; i++)
        out[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
    out[cut] = 0;
    return 1;
}

/* A reported value for reading: "over 8,000", "1,000,000", "hundreds (≥ 200)",
 * a date as words ("10 January 2020, afternoon"); a is the report's article
 * (NULL when not in the story: no words then). */
static void value_text(rep_out *o, rep_art *a, const cJSON *r)
{
    const char *ap = px__rep_str(r, "approx");
    const cJSON *v = px__rep_get(r, "value"), *hi = px__rep_get(r, "high");
    char words[64];
    if (cJSON_IsString(v) && v->valuestring) {
        char when[96];
        px__rep_esc_str(o, px__timex_human(v->valuestring, when, sizeof when));
        return;
    }
    if (ap && px__rep_streq(ap, "at least") && cJSON_IsNumber(v) && !cJSON_IsNumber(hi) &&
        vague_words(a, px__rep_get(r, "span"), words, sizeof words)) {
        px__rep_esc_str(o, words);
        px__rep_raw(o, " (≥ ");
        num_text(o, v->valuedouble);
        px__rep_raw(o, ")");
        return;
    }
    if (ap && strcmp(ap, "exact")) {
        px__rep_esc_str(o, ap);
        px__rep_raw(o, " ");
    }
    if (cJSON_IsNumber(v))
        num_text(o, v->valuedouble);
    else
        px__rep_esc_json(o, v, "?");
    if (cJSON_IsNumber(hi)) {
        px__rep_raw(o, "–");
        num_text(o, hi->valuedouble);
    }
}

static void fact_cell(rep_out *o, rep_story *st, const cJSON *f, const char *outlet)
{
    const cJSON *r;
    int any = 0;
    cJSON_ArrayForEach(r, px__rep_get(f, "reports"))
    {
        if (!px__rep_streq(px__rep_str(r, "outlet"), outlet))
            continue;
        px__rep_raw(o, any ? "<br>" : "<td>");
        any = 1;
        rep_art *a = px__rep_find_art(st, px__rep_str(r, "article"));
        int op = px__rep_ev_open(o, a, px__rep_get(r, "span"));
        value_text(o, a, r);
        px__rep_ev_close(o, op);
    }
    if (any)
        px__rep_raw(o, "</td>");
    else if (in_list(px__rep_get(f, "silent"), outlet))
        px__rep_raw(o, "<td class=\"silent\"><em>silent</em></td>");
    else
        px__rep_raw(o, "<td class=\"na\" title=\"not compared (copies only)\">—</td>");
}

static void facts(rep_out *o, rep_story *st, int lv)
{
    const cJSON *fs = px__rep_get(st->js, "facts"), *f;
    px__rep_sec_open(o, st, lv, "facts", "Facts");
    if (cJSON_GetArraySize(fs) == 0) {
        px__rep_raw(o, "<p>No counts or dates to compare.</p></details></section>\n");
        return;
    }
    px__rep_raw(o, "<div class=\"scroll\"><table class=\"facts\">");
    outlet_head(o, st, "<th scope=\"col\">Fact</th><th scope=\"col\">Status</th>");
    px__rep_raw(o, "<tbody>\n");
    cJSON_ArrayForEach(f, fs)
    {
        const char *status = px__rep_str(f, "status");
        px__rep_raw(o, px__rep_streq(status, "contradict") ? "<tr class=\"contradict\">" : "<tr>");
        px__rep_raw(o, "<th scope=\"row\">");
        fact_label(o, f);
        px__rep_raw(o, "</th>");
        status_cell(o, status);
        for (size_t i = 0; i < st->n_outlet; i++)
            fact_cell(o, st, f, st->outlet[i]);
        px__rep_raw(o, "</tr>\n");
    }
    px__rep_raw(o, "</tbody></table></div></details></section>\n");
}

/* The interval a count report states: [lo, hi], open_hi when unbounded. */
static void interval(const cJSON *r, double *lo, double *hi, int *open_hi)
{
    double v = cJSON_GetNumberValue(px__rep_get(r, "value"));
    const cJSON *h = px__rep_get(r, "high");
    const char *ap = px__rep_str(r, "approx");
    *lo = *hi = v;
    *open_hi = 0;
    if (cJSON_IsNumber(h))
        *hi = h->valuedouble;
    if (px__rep_streq(ap, "over") || px__rep_streq(ap, "at least"))
        *open_hi = 1;
    else if (px__rep_streq(ap, "under") || px__rep_streq(ap, "at most"))
        *lo = 0;
    else if (px__rep_streq(ap, "about"))
        *lo = 0.8 * v, *hi = 1.2 * v;
    else if (px__rep_streq(ap, "nearly"))
        *lo = 0.8 * v;
}

static void chart_one(rep_out *o, rep_story *st, const cJSON *f)
{
    const cJSON *rs = px__rep_get(f, "reports"), *r;
    int n = cJSON_GetArraySize(rs);
    double max = 1;
    cJSON_ArrayForEach(r, rs)
    {
        double lo, hi;
        int open;
        interval(r, &lo, &hi, &open);
        if (isfinite(hi) && hi > max)
            max = hi;
    }
    max *= 1.25;
    const int W = 640, L = 190, R = 130, RH = 24;
    int h = 28 + n * RH;
    px__rep_raw(o, "<figure class=\"chart\"><figcaption>");
    fact_label(o, f);
    px__rep_raw(o, " — ");
    px__rep_esc_json(o, px__rep_get(f, "status"), "?");
    px__rep_fmt(o,
                "</figcaption>\n<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                "aria-label=\"",
                W, h, W, h);
    fact_label(o, f);
    px__rep_raw(o, ": each outlet's figure\">");
    px__rep_fmt(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>", L, h - 16,
                W - R, h - 16);
    px__rep_fmt(o, "<text x=\"%d\" y=\"%d\" class=\"tick\">0</text>", L, h - 3);
    px__rep_fmt(o, "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">", W - R, h - 3);
    px__rep_num(o, round(max));
    px__rep_raw(o, "</text>\n");
    int i = 0;
    double span = (double)(W - L - R);
    cJSON_ArrayForEach(r, rs)
    {
        double lo, hi;
        int open;
        interval(r, &lo, &hi, &open);
        rep_art *a = px__rep_find_art(st, px__rep_str(r, "article"));
        int y = 14 + i++ * RH;
        double x0 = L + span * (isfinite(lo) ? lo : 0) / max,
               x1 = L + span * (isfinite(hi) ? hi : 0) / max;
        if (open)
            x1 = W - R;
        double v = cJSON_GetNumberValue(px__rep_get(r, "value"));
        double xv = L + span * (isfinite(v) ? v : 0) / max;
        px__rep_fmt(o, "<g><title>");
        px__rep_esc_json(o, px__rep_get(r, "outlet"), "?");
        px__rep_raw(o, ": ");
        value_text(o, a, r);
        px__rep_fmt(o, "</title><text x=\"%d\" y=\"%d\" class=\"lab\" text-anchor=\"end\">", L - 6,
                    y + 4);
        px__rep_esc_json(o, px__rep_get(r, "outlet"), "?");
        px__rep_raw(o, "</text>");
        if (x1 > x0 + 0.5)
            px__rep_fmt(o,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"8\" class=\"bar%s\"/>",
                        x0, y - 4, x1 - x0, open ? " open" : "");
        if (open)
            px__rep_fmt(o, "<path d=\"M%.1f %d l8 8 l-8 8z\" class=\"arrow\"/>", x1, y - 8);
        px__rep_fmt(o, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" class=\"dot\"/>", xv, y);
        px__rep_fmt(o, "<text x=\"%d\" y=\"%d\" class=\"val\">", W - R + 12, y + 4);
        value_text(o, a, r);
        px__rep_raw(o, "</text></g>\n");
    }
    px__rep_raw(o, "</svg></figure>\n");
    (void)st;
}

static void chart(rep_out *o, rep_story *st, int lv)
{
    const cJSON *f;
    int n = 0;
    cJSON_ArrayForEach(f, px__rep_get(st->js, "facts")) n +=
        px__rep_streq(px__rep_str(f, "kind"), "count");
    if (!n)
        return;
    px__rep_sec_open(o, st, lv, "counts", "Counts by outlet");
    px__rep_raw(
        o, "<p class=\"note\">Dots mark the stated figure, bars the range it allows "
           "(about ±20 %, nearly, ranges); an arrow means no upper bound (over, at least).</p>\n");
    n = 0;
    cJSON_ArrayForEach(f, px__rep_get(st->js, "facts"))
    {
        if (px__rep_streq(px__rep_str(f, "kind"), "count") && n++ < MAX_CHART_FACTS)
            chart_one(o, st, f);
    }
    px__rep_raw(o, "</details></section>\n");
}

static void span_text(rep_out *o, rep_art *a, const cJSON *span)
{
    rep_span sp;
    if (px__rep_norm(a, span, &sp))
        px__rep_esc(o, a->text + sp.s, sp.e - sp.s);
    else
        px__rep_raw(o, "(text not available)");
}

static void changes(rep_out *o, const cJSON *ch)
{
    const cJSON *c;
    px__rep_raw(o, "<span class=\"diff\">");
    cJSON_ArrayForEach(c, ch)
    {
        const char *op = cJSON_GetStringValue(cJSON_GetArrayItem(c, 0));
        const cJSON *w = cJSON_GetArrayItem(c, 1);
        if (px__rep_streq(op, "-")) {
            px__rep_raw(o, " <del><span class=\"sr\">removed: </span>−");
            px__rep_esc_json(o, w, "");
            px__rep_raw(o, "</del>");
        } else {
            px__rep_raw(o, " <ins><span class=\"sr\">added: </span>+");
            px__rep_esc_json(o, w, "");
            px__rep_raw(o, "</ins>");
        }
    }
    px__rep_raw(o, "</span>");
}

static void quotes(rep_out *o, rep_story *st, int lv)
{
    const cJSON *qs = px__rep_get(st->js, "quotes"), *q;
    if (cJSON_GetArraySize(qs) == 0)
        return;
    px__rep_sec_open(o, st, lv, "quotes", "Quotes and who carried them");
    px__rep_raw(o, "<ol class=\"quotes\">\n");
    cJSON_ArrayForEach(q, qs)
    {
        rep_art *first = px__rep_find_art(st, px__rep_str(q, "first"));
        px__rep_raw(o, "<li><p><strong>");
        px__rep_esc_json(o, px__rep_get(q, "speaker"), "unattributed");
        px__rep_raw(o, "</strong>, first carried by ");
        px__rep_esc_json(o, px__rep_get(q, "outlet"), "?");
        px__rep_raw(o, ":</p><blockquote>");
        int op = px__rep_ev_open(o, first, px__rep_get(q, "span"));
        px__rep_esc_json(o, px__rep_get(q, "text"), "");
        px__rep_ev_close(o, op);
        px__rep_raw(o, "</blockquote>");
        const cJSON *c;
        if (cJSON_GetArraySize(px__rep_get(q, "carried")))
            px__rep_raw(o, "<ul>");
        cJSON_ArrayForEach(c, px__rep_get(q, "carried"))
        {
            rep_art *a = px__rep_find_art(st, px__rep_str(c, "article"));
            px__rep_raw(o, "<li>");
            px__rep_esc_json(o, px__rep_get(c, "outlet"), "?");
            px__rep_raw(o, cJSON_IsTrue(px__rep_get(c, "verbatim")) ? " (verbatim): "
                                                                    : " (changed): ");
            op = px__rep_ev_open(o, a, px__rep_get(c, "span"));
            px__rep_raw(o, "<q>");
            span_text(o, a, px__rep_get(c, "span"));
            px__rep_raw(o, "</q>");
            px__rep_ev_close(o, op);
            if (!cJSON_IsTrue(px__rep_get(c, "verbatim")))
                changes(o, px__rep_get(c, "changes"));
            px__rep_raw(o, "</li>");
        }
        if (cJSON_GetArraySize(px__rep_get(q, "carried")))
            px__rep_raw(o, "</ul>");
        px__rep_raw(o, "</li>\n");
    }
    px__rep_raw(o, "</ol></details></section>\n");
}

static void names(rep_out *o, const cJSON *arr)
{
    const cJSON *j;
    int k = 0;
    cJSON_ArrayForEach(j, arr)
    {
        px__rep_raw(o, k++ ? ", " : "");
        px__rep_esc_json(o, j, "?");
    }
    if (!k)
        px__rep_raw(o, "—");
}

static void entities(rep_out *o, rep_story *st, int lv)
{
    const cJSON *es = px__rep_get(st->js, "entities"), *e;
    if (cJSON_GetArraySize(es) == 0)
        return;
    px__rep_sec_open(o, st, lv, "names", "Who and what each outlet names");
    px__rep_raw(
        o, "<div class=\"scroll\"><table class=\"entities\"><thead><tr><th scope=\"col\">Name</th>"
           "<th scope=\"col\">Named by</th><th scope=\"col\">Silent</th></tr></thead><tbody>\n");
    int n = 0;
    cJSON_ArrayForEach(e, es)
    {
        if (n++ >= MAX_ENTITIES)
            break;
        px__rep_raw(o, "<tr><th scope=\"row\">");
        px__rep_esc_json(o, px__rep_get(e, "name"), "?");
        px__rep_raw(o, "</th><td>");
        names(o, px__rep_get(e, "outlets"));
        px__rep_raw(o, "</td><td>");
        names(o, px__rep_get(e, "silent"));
        px__rep_raw(o, "</td></tr>\n");
    }
    px__rep_raw(o, "</tbody></table></div></details></section>\n");
}

/* The label matrix: concepts x outlets, each cell the outlet's words for the
 * concept with counts, the first use linked; words only one outlet uses are
 * marked. */
static void labels(rep_out *o, rep_story *st, int lv)
{
    const cJSON *ls = px__rep_get(st->js, "labels"), *c, *x, *l;
    if (cJSON_GetArraySize(ls) == 0)
        return;
    px__rep_fmt(o, "<section><h%d>What each outlet calls it</h%d>\n", lv, lv);
    px__rep_raw(o, "<p class=\"note\">Each concept (a person, place, group, event …) and the "
                   "words each outlet uses for it, with counts; <b>bold</b>: only that outlet "
                   "uses the words. Each links to its first use.</p>\n");
    px__rep_raw(o, "<div class=\"scroll\"><table class=\"labels\">");
    outlet_head(o, st, "<th scope=\"col\">Concept</th>");
    px__rep_raw(o, "<tbody>\n");
    cJSON_ArrayForEach(c, ls)
    {
        const cJSON *only = px__rep_get(c, "only");
        px__rep_raw(o, "<tr><th scope=\"row\">");
        px__rep_esc_json(o, px__rep_get(c, "concept"), "?");
        px__rep_raw(o, "</th>");
        for (size_t i = 0; i < st->n_outlet; i++) {
            px__rep_raw(o, "<td>");
            int any = 0;
            cJSON_ArrayForEach(x, px__rep_get(c, "outlets"))
            {
                if (!px__rep_streq(px__rep_str(x, "outlet"), st->outlet[i]))
                    continue;
                cJSON_ArrayForEach(l, px__rep_get(x, "labels"))
                {
                    int solo = 0;
                    const cJSON *q;
                    cJSON_ArrayForEach(q, only) solo |=
                        px__rep_streq(px__rep_str(q, "label"), px__rep_str(l, "label"));
                    const cJSON *ev = cJSON_GetArrayItem(px__rep_get(l, "evidence"), 0);
                    rep_art *a = ev ? px__rep_find_art(st, px__rep_str(ev, "article")) : NULL;
                    px__rep_raw(o, any++ ? "<br>" : "");
                    px__rep_raw(o, solo ? "<b>" : "");
                    int op = a ? px__rep_ev_open(o, a, px__rep_get(ev, "span")) : 0;
                    px__rep_esc_json(o, px__rep_get(l, "label"), "?");
                    px__rep_ev_close(o, op);
                    px__rep_raw(o, solo ? "</b>" : "");
                    px__rep_raw(o, " <span class=\"z\">×");
                    px__rep_esc_json(o, px__rep_get(l, "count"), "?");
                    px__rep_raw(o, "</span>");
                }
            }
            px__rep_raw(o, any ? "</td>" : "—</td>");
        }
        px__rep_raw(o, "</tr>\n");
    }
    px__rep_raw(o, "</tbody></table></div></section>\n");
}

static int is_word(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The first whole-word, ASCII-case-insensitive occurrence of term in the texts
 * of an outlet's articles. */
static rep_art *
find_term(rep_story *st, const cJSON *arts, const char *outlet, const char *term, rep_span *sp)
{
    size_t n = term ? strlen(term) : 0;
    const cJSON *it;
    if (!n)
        return NULL;
    cJSON_ArrayForEach(it, arts)
    {
        if (!px__rep_streq(px__rep_str(it, "outlet"), outlet))
            continue;
        rep_art *a = px__rep_find_art(st, px__rep_str(it, "id"));
        for (size_t i = 0; a && a->text && i + n <= a->len; i++) {
            if ((i > 0 && is_word(a->text[i - 1])) || (i + n < a->len && is_word(a->text[i + n])))
                continue;
            size_t k = 0;
            while (k < n && ((a->text[i + k] | 0x20) == ((uint8_t)term[k] | 0x20)))
                k++;
            if (k == n && px__rep_norm_raw(a, (double)i, (double)(i + n), sp))
                return a;
        }
    }
    return NULL;
}

static void terms(rep_out *o, rep_story *st, int lv)
{
    const cJSON *ts = px__rep_get(st->js, "terms"), *arts = px__rep_get(st->js, "articles"), *t;
    if (cJSON_GetArraySize(ts) == 0)
        return;
    px__rep_sec_open(o, st, lv, "words", "Words each outlet prefers");
    px__rep_raw(o, "<p class=\"note\">z-scores of the log-odds ratio against the other outlets, "
                   "with a prior from the whole store; each word links to its first use.</p>\n");
    px__rep_raw(o, "<div class=\"scroll\"><table class=\"terms\">");
    outlet_head(o, st, "");
    px__rep_raw(o, "<tbody><tr>");
    for (size_t i = 0; i < st->n_outlet; i++) {
        px__rep_raw(o, "<td><ol>");
        cJSON_ArrayForEach(t, ts)
        {
            if (!px__rep_streq(px__rep_str(t, "outlet"), st->outlet[i]))
                continue;
            rep_span sp;
            rep_art *a = find_term(st, arts, st->outlet[i], px__rep_str(t, "term"), &sp);
            px__rep_raw(o, "<li>");
            int op = a ? px__rep_ev_open_span(o, a, sp) : 0;
            px__rep_esc_json(o, px__rep_get(t, "term"), "?");
            px__rep_ev_close(o, op);
            px__rep_raw(o, " <span class=\"z\">z ");
            px__rep_esc_json(o, px__rep_get(t, "score"), "?");
            px__rep_raw(o, ", ×");
            px__rep_esc_json(o, px__rep_get(t, "count"), "?");
            px__rep_raw(o, "</span></li>");
        }
        px__rep_raw(o, "</ol></td>");
    }
    px__rep_raw(o, "</tr></tbody></table></div></details></section>\n");
}

/* Persuasion techniques per outlet: count, share of sentences, and the first
 * spans as evidence links (highlighted in the article views). */
static void techniques(rep_out *o, rep_story *st, int lv)
{
    const cJSON *ts = px__rep_get(st->js, "techniques"), *t, *ev;
    if (cJSON_GetArraySize(ts) == 0)
        return;
    px__rep_fmt(o, "<section><h%d>Persuasion techniques</h%d>\n", lv, lv);
    px__rep_raw(o, "<p class=\"note\">Spans found by the technique tagger (SemEval-2020 Task 11 "
                   "classes; cross-validated span F1 about 0.33, so read them as leads); share: of "
                   "the outlet's sentences carrying the technique.</p>\n");
    px__rep_raw(
        o,
        "<div class=\"scroll\"><table class=\"techniques\"><thead><tr><th scope=\"col\">outlet</th>"
        "<th scope=\"col\">technique</th><th scope=\"col\">count</th><th "
        "scope=\"col\">share</th><th scope=\"col\">evidence</th></tr></thead>"
        "<tbody>");
    cJSON_ArrayForEach(t, ts)
    {
        px__rep_raw(o, "<tr><td>");
        px__rep_esc_json(o, px__rep_get(t, "outlet"), "?");
        px__rep_raw(o, "</td><td>");
        px__rep_esc_json(o, px__rep_get(t, "technique"), "?");
        px__rep_raw(o, "</td><td>");
        px__rep_esc_json(o, px__rep_get(t, "count"), "?");
        const cJSON *sh = px__rep_get(t, "share_of_sentences");
        px__rep_fmt(o, "</td><td>%.0f%%</td><td>",
                    cJSON_IsNumber(sh) ? sh->valuedouble * 100 : 0.0);
        int k = 0;
        cJSON_ArrayForEach(ev, px__rep_get(t, "evidence"))
        {
            rep_art *a = px__rep_find_art(st, px__rep_str(ev, "article"));
            px__rep_raw(o, k++ ? " · " : "");
            int op = a ? px__rep_ev_open(o, a, px__rep_get(ev, "span")) : 0;
            px__rep_raw(o, "“");
            px__rep_esc_json(o, px__rep_get(ev, "text"), "");
            px__rep_raw(o, "”");
            px__rep_ev_close(o, op);
        }
        px__rep_raw(o, "</td></tr>");
    }
    px__rep_raw(o, "</tbody></table></div></section>\n");
}

static int outlet_index(const rep_story *st, const char *outlet)
{
    for (size_t i = 0; i < st->n_outlet; i++)
        if (px__rep_streq(st->outlet[i], outlet))
            return (int)i;
    return -1;
}

static void timeline_svg(rep_out *o, rep_story *st, const cJSON *tl)
{
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    const cJSON *t;
    cJSON_ArrayForEach(t, tl)
    {
        int32_t d = px__rep_day_of(px__rep_str(t, "date"));
        if (d != INT32_MIN) {
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
    }
    const cJSON *arts = px__rep_get(st->js, "articles");
    cJSON_ArrayForEach(t, arts)
    {
        int32_t d = px__rep_day_of(px__rep_str(t, "date"));
        if (d != INT32_MIN) {
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
    }
    if (lo > hi || st->n_outlet == 0)
        return;
    const int W = 640, L = 190, R = 40, RH = 22;
    int h = 40 + (int)st->n_outlet * RH;
    double span = hi > lo ? (double)(W - L - R) / (double)(hi - lo) : 0;
    px__rep_fmt(o,
                "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                "aria-label=\"Dates the articles mention and their publication dates, by outlet\">",
                W, h, W, h);
    for (size_t i = 0; i < st->n_outlet; i++) {
        int y = 14 + (int)i * RH;
        px__rep_fmt(o, "<text x=\"%d\" y=\"%d\" class=\"lab\" text-anchor=\"end\">", L - 8, y + 4);
        px__rep_esc_str(o, st->outlet[i]);
        px__rep_fmt(o, "</text><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"grid\"/>\n", L,
                    y, W - R, y);
    }
    double span0 = span;
    cJSON_ArrayForEach(t, arts)
    {
        int32_t d = px__rep_day_of(px__rep_str(t, "date"));
        int row = outlet_index(st, px__rep_str(t, "outlet"));
        if (d == INT32_MIN || row < 0)
            continue;
        px__rep_fmt(
            o,
            "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" class=\"pub\"><title>published ",
            L + span0 * (d - lo) - 6, 14 + row * RH - 6);
        px__rep_esc_json(o, px__rep_get(t, "date"), "?");
        px__rep_raw(o, ": ");
        px__rep_esc_json(o, px__rep_get(t, "title"), "?");
        px__rep_raw(o, "</title></rect>\n");
    }
    int ticks = 0;
    int32_t last = INT32_MIN;
    double lane_x[2] = {-1e9, -1e9};
    cJSON_ArrayForEach(t, tl)
    {
        int32_t d = px__rep_day_of(px__rep_str(t, "date"));
        int row = outlet_index(st, px__rep_str(t, "outlet"));
        if (d == INT32_MIN || row < 0)
            continue;
        double x = L + span * (d - lo);
        char when[64];
        px__rep_fmt(o, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" class=\"dot\"><title>", x,
                    14 + row * RH);
        px__rep_esc_str(o, px__timex_human(px__rep_str(t, "date"), when, sizeof when));
        px__rep_raw(o, ": ");
        px__rep_esc_json(o, px__rep_get(t, "outlet"), "?");
        px__rep_raw(o, "</title></circle>\n");
        /* A date label is about 70 px wide: two rows of labels, each placed
         * only where it clears the last label of its row. */
        int lane = x - lane_x[0] >= 74 ? 0 : x - lane_x[1] >= 74 ? 1 : -1;
        if (d != last && ticks < 12 && lane >= 0) {
            lane_x[lane] = x;
            px__rep_fmt(o, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">", x,
                        h - 8 - lane * 12);
            char buf[11];
            snprintf(buf, sizeof buf, "%s", px__rep_str(t, "date"));
            px__rep_esc_str(o, buf);
            px__rep_raw(o, "</text>");
            ticks++;
            last = d;
        }
    }
    px__rep_raw(o, "</svg>\n");
}

static void timeline(rep_out *o, rep_story *st, int lv)
{
    const cJSON *tl = px__rep_get(st->js, "timeline"), *t;
    if (cJSON_GetArraySize(tl) == 0)
        return;
    px__rep_sec_open(o, st, lv, "timeline", "Timeline");
    px__rep_raw(o, "<figure class=\"timeline\">");
    timeline_svg(o, st, tl);
    px__rep_raw(o, "<figcaption>Calendar dates named in the articles (dots) and publication "
                   "dates (squares), by outlet.</figcaption></figure>\n<ol class=\"tl\">\n");
    int n = 0;
    cJSON_ArrayForEach(t, tl)
    {
        if (n++ >= MAX_TIMELINE)
            break;
        char when[64];
        px__rep_raw(o, "<li><span class=\"date\">");
        px__rep_esc_str(o, px__timex_human(px__rep_str(t, "date"), when, sizeof when));
        px__rep_raw(o, "</span> ");
        px__rep_esc_json(o, px__rep_get(t, "outlet"), "?");
        px__rep_raw(o, ": ");
        int op = px__rep_ev_open(o, px__rep_find_art(st, px__rep_str(t, "article")),
                                 px__rep_get(t, "span"));
        px__rep_esc_json(o, px__rep_get(t, "text"), "(sentence)");
        px__rep_ev_close(o, op);
        px__rep_raw(o, "</li>\n");
    }
    px__rep_raw(o, "</ol></details></section>\n");
}

void px__rep_sec_open(rep_out *o, const rep_story *st, int lv, const char *key, const char *title)
{
    char pre[32];
    snprintf(pre, sizeof pre, "sec-%s-", key);
    px__rep_raw(o, "<section id=\"");
    px__rep_id(o, pre, px__rep_str(st->js, "id"));
    px__rep_fmt(o, "\"><details open><summary><h%d>%s</h%d></summary>\n", lv, title, lv);
}

/* The contents of a story page: its sections, linked. */
static void toc(rep_out *o, rep_story *st)
{
    const cJSON *f;
    int counts = 0;
    cJSON_ArrayForEach(f, px__rep_get(st->js, "facts")) counts +=
        px__rep_streq(px__rep_str(f, "kind"), "count");
    const struct {
        const char *key, *title;
        int on;
    } secs[] = {
        {"outlets", "Outlets side by side", 1},
        {"leanings", "Coverage by leaning", cJSON_IsObject(px__rep_get(st->js, "leanings"))},
        {"facts", "Facts", 1},
        {"counts", "Counts by outlet", counts > 0},
        {"quotes", "Quotes", cJSON_GetArraySize(px__rep_get(st->js, "quotes")) > 0},
        {"words", "Words", cJSON_GetArraySize(px__rep_get(st->js, "terms")) > 0},
        {"names", "Names", cJSON_GetArraySize(px__rep_get(st->js, "entities")) > 0},
        {"timeline", "Timeline", cJSON_GetArraySize(px__rep_get(st->js, "timeline")) > 0},
        {"events", "Events", px__rep_events_on(st)},
        {"articles", "Articles", 1},
    };
    px__rep_raw(o, "<nav class=\"toc\" aria-label=\"sections of the story\"><ul>");
    for (size_t i = 0; i < sizeof secs / sizeof *secs; i++) {
        if (!secs[i].on)
            continue;
        char pre[32];
        snprintf(pre, sizeof pre, "#sec-%s-", secs[i].key);
        px__rep_raw(o, "<li><a href=\"");
        px__rep_id(o, pre, px__rep_str(st->js, "id"));
        px__rep_fmt(o, "\">%s</a></li>", secs[i].title);
    }
    px__rep_raw(o, "</ul></nav>\n");
}

/* The tone chart: each outlet's mean document tone as a bar from zero, and
 * its mean tone toward the entities several outlets name (parallax.story/1
 * "tone"). */
static void tone_chart(rep_out *o, rep_story *st, int lv)
{
    const cJSON *ts = px__rep_get(st->js, "tone"), *t, *g;
    int n = cJSON_GetArraySize(ts);
    if (n == 0)
        return;
    double max = 1;
    cJSON_ArrayForEach(t, ts)
    {
        double v = cJSON_GetNumberValue(px__rep_get(t, "tone"));
        if (isfinite(v) && fabs(v) > max)
            max = fabs(v);
    }
    px__rep_fmt(o, "<section><h%d>Tone</h%d>\n", lv, lv);
    px__rep_raw(o, "<p class=\"note\">Document tone: percentage of positive minus negative "
                   "words (VADER and AFINN, with negation), the mean of each outlet's articles. "
                   "Below, the mean tone toward each entity (-1 to 1, a model trained on "
                   "NewsMTSC); each score links to a sentence.</p>\n");
    const int W = 640, L = 190, R = 90, RH = 24;
    int h = 28 + n * RH;
    double mid = L + (W - L - R) / 2.0, half = (W - L - R) / 2.0;
    px__rep_fmt(o,
                "<figure class=\"chart\"><svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                "role=\"img\" aria-label=\"document tone by outlet\">",
                W, h, W, h);
    px__rep_fmt(o, "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" class=\"axis\"/>", mid, mid,
                h - 16);
    px__rep_fmt(o, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">0</text>", mid,
                h - 3);
    int i = 0;
    cJSON_ArrayForEach(t, ts)
    {
        double v = cJSON_GetNumberValue(px__rep_get(t, "tone"));
        int y = 14 + i++ * RH;
        px__rep_raw(o, "<g><title>");
        px__rep_esc_json(o, px__rep_get(t, "outlet"), "?");
        px__rep_raw(o, "</title>");
        px__rep_fmt(o, "<text x=\"%d\" y=\"%d\" class=\"lab\" text-anchor=\"end\">", L - 6, y + 4);
        px__rep_esc_json(o, px__rep_get(t, "outlet"), "?");
        px__rep_raw(o, "</text>");
        if (isfinite(v)) {
            double x = mid + half * v / max;
            px__rep_fmt(o, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"8\" class=\"bar\"/>",
                        v < 0 ? x : mid, y - 4, fabs(x - mid));
        }
        px__rep_fmt(o, "<text x=\"%d\" y=\"%d\" class=\"val\">", W - R + 12, y + 4);
        px__rep_esc_json(o, px__rep_get(t, "tone"), "n/a");
        px__rep_raw(o, "</text></g>\n");
    }
    px__rep_raw(o, "</svg></figure>\n");
    px__rep_raw(o, "<div class=\"scroll\"><table class=\"tone\">");
    outlet_head(o, st, "<th scope=\"col\">Entity</th>");
    px__rep_raw(o, "<tbody>");
    /* rows: the concepts of the first outlet that has them, in story order */
    const cJSON *rows = NULL;
    cJSON_ArrayForEach(t, ts)
    {
        const cJSON *tg = px__rep_get(t, "targets");
        if (cJSON_GetArraySize(tg) > cJSON_GetArraySize(rows))
            rows = tg;
    }
    cJSON_ArrayForEach(g, rows)
    {
        const char *key = px__rep_str(g, "concept");
        px__rep_raw(o, "<tr><th scope=\"row\">");
        px__rep_esc_json(o, px__rep_get(g, "name"), "?");
        px__rep_raw(o, "</th>");
        for (size_t k = 0; k < st->n_outlet; k++) {
            const cJSON *hit = NULL, *c;
            cJSON_ArrayForEach(t, ts)
            {
                if (!px__rep_streq(px__rep_str(t, "outlet"), st->outlet[k]))
                    continue;
                cJSON_ArrayForEach(
                    c, px__rep_get(t, "targets")) if (px__rep_streq(px__rep_str(c, "concept"), key))
                    hit = c;
            }
            px__rep_raw(o, "<td>");
            if (hit) {
                const cJSON *ev = cJSON_GetArrayItem(px__rep_get(hit, "evidence"), 0);
                rep_art *a = ev ? px__rep_find_art(st, px__rep_str(ev, "article")) : NULL;
                int op = a ? px__rep_ev_open(o, a, px__rep_get(ev, "span")) : 0;
                px__rep_esc_json(o, px__rep_get(hit, "score"), "?");
                px__rep_ev_close(o, op);
                px__rep_raw(o, " ");
                px__rep_esc_json(o, px__rep_get(hit, "polarity"), "");
            }
            px__rep_raw(o, "</td>");
        }
        px__rep_raw(o, "</tr>");
    }
    px__rep_raw(o, "</tbody></table></div></section>\n");
}

void px__rep_story_body(rep_out *o, rep_story *st, int lv)
{
    px__rep_raw(o, "<p class=\"sub\">");
    const cJSON *d = px__rep_get(st->js, "dates");
    px__rep_esc_json(o, cJSON_GetArrayItem(d, 0), "undated");
    if (cJSON_GetArraySize(d) > 1) {
        px__rep_raw(o, " to ");
        px__rep_esc_json(o, cJSON_GetArrayItem(d, 1), "");
    }
    px__rep_raw(o, " · ");
    px__rep_count_of(o, st->n_art, "article", "articles");
    px__rep_raw(o, " · ");
    px__rep_count_of(o, st->n_outlet, "outlet", "outlets");
    px__rep_raw(o, " · story ");
    px__rep_esc_json(o, px__rep_get(st->js, "id"), "?");
    px__rep_raw(o, "</p>\n");
    toc(o, st);
    outlets(o, st, lv);
    leanings(o, st, lv);
    facts(o, st, lv);
    chart(o, st, lv);
    quotes(o, st, lv);
    terms(o, st, lv);
    labels(o, st, lv);
    tone_chart(o, st, lv);
    techniques(o, st, lv);
    entities(o, st, lv);
    timeline(o, st, lv);
    px__rep_events(o, st, lv);
    px__rep_articles(o, st, lv);
}
