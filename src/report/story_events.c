/* parallax report: the events of a story page (parallax.story/1 "events"):
 * who did what to whom in each outlet's telling, with the status of each
 * aligned event and evidence links, and each outlet's mean Goldstein score
 * per publication date. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_impl.h"

#define MAX_EVENT_ROWS 60 /* aligned events shown */
#define MAX_DAYS       60 /* publication dates in the Goldstein table */

/* The CAMEO root codes (CAMEO 1.1b3), by number. */
static const char *const ROOTS[] = {"?",
                                    "statement",
                                    "appeal",
                                    "intent to cooperate",
                                    "consult",
                                    "diplomatic cooperation",
                                    "material cooperation",
                                    "aid",
                                    "yield",
                                    "investigate",
                                    "demand",
                                    "disapprove",
                                    "reject",
                                    "threaten",
                                    "protest",
                                    "force posture",
                                    "reduce relations",
                                    "coerce",
                                    "assault",
                                    "fight",
                                    "mass violence"};

static const char *root_name(const char *root)
{
    int r = root ? atoi(root) : 0;
    return ROOTS[r > 0 && r <= 20 ? r : 0];
}

static void status_cell(rep_out *o, const char *status)
{
    if (px__rep_streq(status, "roles_reversed"))
        px__rep_raw(o, "<td class=\"st contradict\"><span aria-hidden=\"true\">⇄ </span>roles "
                       "reversed</td>");
    else if (px__rep_streq(status, "action_differs"))
        px__rep_raw(o, "<td class=\"st contradict\"><span aria-hidden=\"true\">≠ </span>action "
                       "differs</td>");
    else if (px__rep_streq(status, "agree"))
        px__rep_raw(o, "<td class=\"st agree\"><span aria-hidden=\"true\">✓ </span>agree</td>");
    else
        px__rep_raw(o, "<td class=\"st single\"><span aria-hidden=\"true\">• </span>single</td>");
}

/* A Goldstein score with its sign ("−7.5", "+3.4", "0"). */
static void goldstein(rep_out *o, double g)
{
    if (!isfinite(g))
        return;
    if (g < 0)
        px__rep_fmt(o, "−%.1f", -g);
    else if (g > 0)
        px__rep_fmt(o, "+%.1f", g);
    else
        px__rep_raw(o, "0");
}

/* One version: "Serbian police → protesters: 180 assault (−9.0)", linked to
 * its clause in the article view. */
static void version(rep_out *o, rep_story *st, const cJSON *r)
{
    rep_art *a = px__rep_find_art(st, px__rep_str(r, "article"));
    int op = a ? px__rep_ev_open(o, a, px__rep_get(r, "span")) : 0;
    px__rep_esc_json(o, px__rep_get(r, "source"), "?");
    px__rep_raw(o, " → ");
    px__rep_esc_json(o, px__rep_get(r, "target"), "?");
    px__rep_ev_close(o, op);
    px__rep_raw(o, ": ");
    if (cJSON_IsTrue(px__rep_get(r, "negated")))
        px__rep_raw(o, "<strong>not</strong> ");
    px__rep_esc_json(o, px__rep_get(r, "code"), "?");
    const char *code = px__rep_str(r, "code");
    if (code && strlen(code) >= 2) {
        char root[3] = {code[0], code[1], 0};
        px__rep_raw(o, " ");
        px__rep_esc_str(o, root_name(root));
    }
    const cJSON *g = px__rep_get(r, "goldstein");
    if (cJSON_IsNumber(g)) {
        px__rep_raw(o, " (");
        goldstein(o, g->valuedouble);
        px__rep_raw(o, ")");
    }
}

static void cell(rep_out *o, rep_story *st, const cJSON *x, const char *outlet)
{
    const cJSON *r, *s;
    int any = 0;
    cJSON_ArrayForEach(r, px__rep_get(x, "reports"))
    {
        if (!px__rep_streq(px__rep_str(r, "outlet"), outlet))
            continue;
        px__rep_raw(o, any ? "<br>" : "<td>");
        any = 1;
        version(o, st, r);
    }
    if (any) {
        px__rep_raw(o, "</td>");
        return;
    }
    cJSON_ArrayForEach(s, px__rep_get(x, "silent")) if (cJSON_IsString(s) &&
                                                        px__rep_streq(s->valuestring, outlet))
    {
        px__rep_raw(o, "<td class=\"silent\"><em>silent</em></td>");
        return;
    }
    px__rep_raw(o, "<td class=\"na\" title=\"not compared (copies only)\">—</td>");
}

static void table(rep_out *o, rep_story *st, const cJSON *evs)
{
    px__rep_raw(o, "<div class=\"scroll\"><table class=\"events\"><thead><tr>"
                   "<th scope=\"col\">Who did what to whom</th><th scope=\"col\">Status</th>");
    for (size_t i = 0; i < st->n_outlet; i++) {
        px__rep_raw(o, "<th scope=\"col\">");
        px__rep_esc_str(o, st->outlet[i]);
        px__rep_raw(o, "</th>");
    }
    px__rep_raw(o, "</tr></thead><tbody>\n");
    const cJSON *x;
    int n = 0;
    cJSON_ArrayForEach(x, evs)
    {
        if (n++ >= MAX_EVENT_ROWS)
            break;
        const char *status = px__rep_str(x, "status");
        int finding =
            px__rep_streq(status, "roles_reversed") || px__rep_streq(status, "action_differs");
        px__rep_raw(o, finding ? "<tr class=\"contradict\"><th scope=\"row\">"
                               : "<tr><th "
                                 "scope=\"row\">");
        px__rep_esc_json(o, px__rep_get(x, "source"), "?");
        px__rep_raw(o, " → ");
        px__rep_esc_json(o, px__rep_get(x, "target"), "?");
        px__rep_raw(o, " · ");
        px__rep_esc_str(o, root_name(px__rep_str(x, "root")));
        px__rep_raw(o, "</th>");
        status_cell(o, status);
        for (size_t i = 0; i < st->n_outlet; i++)
            cell(o, st, x, st->outlet[i]);
        px__rep_raw(o, "</tr>\n");
    }
    px__rep_raw(o, "</tbody></table></div>\n");
    if (n > MAX_EVENT_ROWS)
        px__rep_fmt(o, "<p class=\"note\">The first %d aligned events of %d.</p>\n", MAX_EVENT_ROWS,
                    cJSON_GetArraySize(evs));
}

/* One outlet's events of one publication date. */
typedef struct day_sum {
    const char *date, *outlet;
    double sum;
    unsigned n;
} day_sum;

static int by_day(const void *x, const void *y)
{
    const day_sum *a = x, *b = y;
    int c = strcmp(a->date, b->date);
    return c ? c : strcmp(a->outlet, b->outlet);
}

/* 1 when article js is a copy of another article of the story. */
static int is_copy(const cJSON *arts, const cJSON *js)
{
    const char *orig = px__rep_str(js, "duplicate_of");
    const cJSON *a;
    cJSON_ArrayForEach(a, arts) if (orig && px__rep_streq(px__rep_str(a, "id"), orig)) return 1;
    return 0;
}

/* The mean Goldstein score of each outlet's events per publication date
 * (the records' events, negated ones and copies left out, as the topic
 * page counts them). Returns the number of (date, outlet) cells in *out. */
static size_t day_sums(rep_story *st, day_sum **out)
{
    const cJSON *arts = px__rep_get(st->js, "articles"), *a;
    size_t n = 0, cap = 0;
    day_sum *v = NULL;
    cJSON_ArrayForEach(a, arts)
    {
        rep_art *ra = px__rep_find_art(st, px__rep_str(a, "id"));
        const char *date = px__rep_str(a, "date"), *outlet = px__rep_str(a, "outlet");
        if (!ra || !ra->rec || !date || !outlet || is_copy(arts, a))
            continue;
        for (size_t i = 0; i < ra->rec->n_events; i++) {
            const px_event *ev = &ra->rec->events[i];
            if (ev->negated || !isfinite(ev->goldstein))
                continue;
            size_t k = 0;
            while (k < n && !(px__rep_streq(v[k].date, date) && px__rep_streq(v[k].outlet, outlet)))
                k++;
            if (k == n) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 16;
                    day_sum *nv = px__realloc(v, cap * sizeof *nv);
                    if (!nv)
                        break;
                    v = nv;
                }
                v[n++] = (day_sum){date, outlet, 0, 0};
            }
            v[k].sum += ev->goldstein;
            v[k].n++;
        }
    }
    if (n)
        qsort(v, n, sizeof *v, by_day);
    *out = v;
    return n;
}

/* The Goldstein timeline: one lane per outlet, a bar per publication date
 * from the lane's zero line, up for cooperation (green), down for hostility
 * (red), its height the mean score over 10; the table below gives the
 * figures. */
static void chart(rep_out *o, rep_story *st, const day_sum *v, size_t n)
{
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    const char *first = NULL, *last = NULL; /* their dates as written */
    for (size_t i = 0; i < n; i++) {
        int32_t d = px__rep_day_of(v[i].date);
        if (d != INT32_MIN && d < lo)
            lo = d, first = v[i].date;
        if (d != INT32_MIN && d > hi)
            hi = d, last = v[i].date;
    }
    if (lo > hi || st->n_outlet == 0)
        return;
    const int W = 640, L = 190, R = 40, RH = 60, BH = 26;
    int h = 34 + (int)st->n_outlet * RH;
    double span = hi > lo ? (double)(W - L - R) / (double)(hi - lo) : 0;
    double x0 = hi > lo ? L : (L + W - R) / 2.0;
    px__rep_fmt(o,
                "<figure class=\"chart\"><figcaption>Goldstein timeline: each outlet's mean "
                "score by publication date</figcaption>\n<svg class=\"goldstein-chart\" "
                "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
                "aria-label=\"Mean Goldstein score of each outlet's events by publication "
                "date\">",
                W, h, W, h);
    for (size_t k = 0; k < st->n_outlet; k++) {
        int y = 4 + BH + (int)k * RH;
        px__rep_fmt(o, "<text x=\"%d\" y=\"%d\" class=\"lab\" text-anchor=\"end\">", L - 8, y + 4);
        px__rep_esc_str(o, st->outlet[k]);
        px__rep_fmt(o, "</text><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"grid\"/>\n", L,
                    y, W - R, y);
        for (size_t i = 0; i < n; i++) {
            int32_t d = px__rep_day_of(v[i].date);
            if (d == INT32_MIN || !px__rep_streq(v[i].outlet, st->outlet[k]) || !v[i].n)
                continue;
            double g = v[i].sum / v[i].n, bh = fabs(g) / 10 * BH;
            bh = bh < 1.5 ? 1.5 : bh;
            px__rep_fmt(o,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"%.1f\" "
                        "fill=\"%s\"><title>",
                        x0 + span * (d - lo) - 5, g >= 0 ? y - bh : (double)y, bh,
                        g >= 0 ? "#155724" : "#8b0000");
            px__rep_esc_str(o, v[i].date);
            px__rep_raw(o, ", ");
            px__rep_esc_str(o, st->outlet[k]);
            px__rep_raw(o, ": ");
            goldstein(o, g);
            px__rep_fmt(o, " (%u event%s)</title></rect>\n", v[i].n, v[i].n == 1 ? "" : "s");
        }
    }
    int yb = h - 8;
    px__rep_fmt(o, "<text x=\"%.1f\" y=\"%d\" class=\"lab\"%s>", x0, yb,
                hi > lo ? "" : " text-anchor=\"middle\"");
    px__rep_esc_str(o, first);
    px__rep_raw(o, "</text>");
    if (hi > lo) {
        px__rep_fmt(o, "<text x=\"%d\" y=\"%d\" class=\"lab\" text-anchor=\"end\">", W - R, yb);
        px__rep_esc_str(o, last);
        px__rep_raw(o, "</text>");
    }
    px__rep_raw(o, "</svg></figure>\n");
}

static void timeline(rep_out *o, rep_story *st, day_sum *v, size_t n)
{
    px__rep_raw(o, "<div class=\"scroll\"><table class=\"goldstein\"><caption>Mean Goldstein "
                   "score of each outlet's events by publication date (events in "
                   "brackets)</caption><thead><tr><th scope=\"col\">Date</th>");
    for (size_t i = 0; i < st->n_outlet; i++) {
        px__rep_raw(o, "<th scope=\"col\">");
        px__rep_esc_str(o, st->outlet[i]);
        px__rep_raw(o, "</th>");
    }
    px__rep_raw(o, "</tr></thead><tbody>\n");
    size_t days = 0;
    for (size_t i = 0; i < n && days < MAX_DAYS; days++) {
        size_t j = i;
        while (j < n && px__rep_streq(v[j].date, v[i].date))
            j++;
        px__rep_raw(o, "<tr><th scope=\"row\" class=\"date\">");
        px__rep_esc_str(o, v[i].date);
        px__rep_raw(o, "</th>");
        for (size_t k = 0; k < st->n_outlet; k++) {
            size_t x = i;
            while (x < j && !px__rep_streq(v[x].outlet, st->outlet[k]))
                x++;
            if (x == j) {
                px__rep_raw(o, "<td class=\"na\">—</td>");
                continue;
            }
            px__rep_raw(o, "<td class=\"num\">");
            goldstein(o, v[x].sum / v[x].n);
            px__rep_fmt(o, " (%u)</td>", v[x].n);
        }
        px__rep_raw(o, "</tr>\n");
        i = j;
    }
    px__rep_raw(o, "</tbody></table></div>\n");
}

int px__rep_events_on(rep_story *st)
{
    day_sum *v;
    size_t n = day_sums(st, &v);
    px__free(v);
    return n > 0 || cJSON_GetArraySize(px__rep_get(st->js, "events")) > 0;
}

void px__rep_events(rep_out *o, rep_story *st, int lv)
{
    const cJSON *evs = px__rep_get(st->js, "events");
    day_sum *v;
    size_t n = day_sums(st, &v);
    if (cJSON_GetArraySize(evs) == 0 && n == 0) {
        px__free(v);
        return;
    }
    px__rep_sec_open(o, st, lv, "events", "Events: who did what to whom");
    px__rep_raw(o, "<p class=\"note\">Coded events (CAMEO) with both actors known, aligned "
                   "across outlets by the actors (countries for events between two countries) "
                   "and the root code: <em>roles reversed</em> when one outlet tells A doing it "
                   "to B and another B to A, <em>action differs</em> when the same actors do "
                   "different things (another root code, a negation, a Goldstein score of the "
                   "other sign). Goldstein scores run from −10 (most hostile) to +10 (most "
                   "cooperative). Each version links to its clause.</p>\n");
    if (cJSON_GetArraySize(evs))
        table(o, st, evs);
    else
        px__rep_raw(o, "<p>No event with both actors coded to align.</p>\n");
    if (n) {
        chart(o, st, v, n);
        timeline(o, st, v, n);
    }
    px__free(v);
    px__rep_raw(o, "</details></section>\n");
}
