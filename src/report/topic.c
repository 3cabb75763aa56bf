/* The report's topic page: one long-running thread (parallax.topic/1, from
 * px_compare_topic) per outlet over time: coverage and gaps, tone, events by
 * month, labels per concept, and the thread's stories. */
#include <stdlib.h>
#include <string.h>

#include "report/report_impl.h"

#define SKIPPED_SHOWN  5
#define CONCEPTS_SHOWN 20

static const cJSON *item(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static double num(const cJSON *o, const char *k, int *ok)
{
    const cJSON *v = item(o, k);
    *ok = cJSON_IsNumber(v);
    return *ok ? v->valuedouble : 0;
}

/* The first original article of story id (its headline and date), or NULL. */
static const cJSON *story_head(const cJSON *arts, const char *id)
{
    const cJSON *a, *first = NULL;
    cJSON_ArrayForEach(a, arts)
    {
        const cJSON *s = item(a, "story");
        if (!cJSON_IsString(s) || strcmp(s->valuestring, id))
            continue;
        if (!cJSON_IsString(item(a, "duplicate_of")))
            return a;
        if (!first)
            first = a;
    }
    return first;
}

static void story_link(rep_out *o, const cJSON *arts, const char *id, const char *suffix)
{
    const cJSON *h = story_head(arts, id);
    if (suffix) {
        px__rep_raw(o, "<a href=\"");
        px__rep_url(o, id);
        px__rep_esc_str(o, suffix);
        px__rep_raw(o, "\">");
    }
    px__rep_esc_json(o, h ? item(h, "title") : NULL, "(untitled)");
    if (suffix)
        px__rep_raw(o, "</a>");
}

static void outlets_table(rep_out *o, const cJSON *js, const char *suffix)
{
    const cJSON *arts = item(js, "articles"), *b;
    int n_st = cJSON_GetArraySize(item(js, "stories"));
    px__rep_raw(o, "<h2 id=\"coverage\">Coverage by outlet</h2>\n<div class=\"scroll\"><table>"
                   "<thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Articles</th>"
                   "<th scope=\"col\">Stories covered</th><th scope=\"col\">Tone</th>"
                   "<th scope=\"col\">Stories skipped (coverage gaps)</th></tr></thead><tbody>\n");
    cJSON_ArrayForEach(b, item(js, "by_outlet"))
    {
        int ok;
        px__rep_raw(o, "<tr><th scope=\"row\">");
        px__rep_esc_json(o, item(b, "outlet"), "(no outlet)");
        px__rep_raw(o, "</th><td class=\"num\">");
        px__rep_num(o, num(b, "articles", &ok));
        px__rep_fmt(o, "</td><td class=\"num\">%d of %d</td><td class=\"num\">",
                    cJSON_GetArraySize(item(b, "covered")), n_st);
        double tone = num(b, "tone", &ok);
        if (ok)
            px__rep_num(o, tone);
        else
            px__rep_raw(o, "<span class=\"note\">none</span>");
        px__rep_raw(o, "</td><td>");
        const cJSON *sk = item(b, "skipped"), *s;
        int n_sk = cJSON_GetArraySize(sk), i = 0;
        if (n_sk) {
            px__rep_raw(o, "<ul>");
            cJSON_ArrayForEach(s, sk)
            {
                if (!cJSON_IsString(s) || i++ >= SKIPPED_SHOWN)
                    continue;
                px__rep_raw(o, "<li>");
                story_link(o, arts, s->valuestring, suffix);
                px__rep_raw(o, "</li>");
            }
            px__rep_raw(o, "</ul>");
            if (n_sk > SKIPPED_SHOWN)
                px__rep_fmt(o, "<span class=\"note\">and %d more</span>", n_sk - SKIPPED_SHOWN);
        } else {
            px__rep_raw(o, "<span class=\"note\">none</span>");
        }
        px__rep_raw(o, "</td></tr>\n");
    }
    px__rep_raw(o, "</tbody></table></div>\n");
}

static int str_in(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return 1;
    return 0;
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Months (rows) × outlets (columns): articles, tone, events and mean
 * Goldstein of each outlet in each month. */
static void time_table(rep_out *o, const cJSON *js)
{
    const cJSON *by = item(js, "by_outlet"), *b, *p;
    size_t n = 0, cap = 0;
    const char **months = NULL;
    cJSON_ArrayForEach(b, by) cap += (size_t)cJSON_GetArraySize(item(b, "periods"));
    if (!(months = px__malloc((cap + 1) * sizeof *months))) {
        o->err = o->err ? o->err : PX_ENOMEM;
        return;
    }
    cJSON_ArrayForEach(b, by) cJSON_ArrayForEach(p, item(b, "periods"))
    {
        const cJSON *m = item(p, "period");
        const char *name = cJSON_IsString(m) ? m->valuestring : "undated";
        if (!str_in(months, n, name))
            months[n++] = name;
    }
    qsort(months, n, sizeof *months, by_str);
    px__rep_raw(o, "<h2 id=\"time\">Per outlet over time</h2>\n<p class=\"note\">Each cell: "
                   "articles, mean tone, events (mean Goldstein).</p>\n<div class=\"scroll\">"
                   "<table><thead><tr><th scope=\"col\">Month</th>");
    cJSON_ArrayForEach(b, by)
    {
        px__rep_raw(o, "<th scope=\"col\">");
        px__rep_esc_json(o, item(b, "outlet"), "(no outlet)");
        px__rep_raw(o, "</th>");
    }
    px__rep_raw(o, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < n; i++) {
        px__rep_raw(o, "<tr><th scope=\"row\" class=\"dates\">");
        px__rep_esc_str(o, months[i]);
        px__rep_raw(o, "</th>");
        cJSON_ArrayForEach(b, by)
        {
            const cJSON *hit = NULL;
            cJSON_ArrayForEach(p, item(b, "periods"))
            {
                const cJSON *m = item(p, "period");
                if (!strcmp(cJSON_IsString(m) ? m->valuestring : "undated", months[i]))
                    hit = p;
            }
            if (!hit) {
                px__rep_raw(o, "<td class=\"silent\"><span class=\"sr\">none</span></td>");
                continue;
            }
            int ok;
            px__rep_raw(o, "<td class=\"num\">");
            px__rep_num(o, num(hit, "articles", &ok));
            double tone = num(hit, "tone", &ok);
            if (ok) {
                px__rep_raw(o, " · tone ");
                px__rep_num(o, tone);
            }
            double ev = num(hit, "events", &ok);
            if (ok && ev > 0) {
                px__rep_raw(o, " · ");
                px__rep_num(o, ev);
                px__rep_raw(o, ev == 1 ? " event" : " events");
                double g = num(hit, "goldstein", &ok);
                if (ok) {
                    px__rep_raw(o, " (");
                    px__rep_num(o, g);
                    px__rep_raw(o, ")");
                }
            }
            px__rep_raw(o, "</td>");
        }
        px__rep_raw(o, "</tr>\n");
    }
    px__rep_raw(o, "</tbody></table></div>\n");
    px__free(months);
}

/* Per concept (those most outlets name first), each outlet's labels. */
static void labels_table(rep_out *o, const cJSON *js)
{
    const cJSON *labels = item(js, "labels"), *by = item(js, "by_outlet"), *c, *b;
    int n = cJSON_GetArraySize(labels);
    if (!n)
        return;
    int *order = px__malloc((size_t)n * sizeof *order),
        *width = px__malloc((size_t)n * sizeof *width);
    if (!order || !width) {
        px__free(order);
        px__free(width);
        o->err = o->err ? o->err : PX_ENOMEM;
        return;
    }
    int i = 0;
    cJSON_ArrayForEach(c, labels)
    {
        order[i] = i;
        width[i++] = cJSON_GetArraySize(item(c, "outlets"));
    }
    /* Stable: by outlets naming the concept, then the concept order. */
    for (int x = 1; x < n; x++)
        for (int y = x; y > 0 && width[order[y]] > width[order[y - 1]]; y--) {
            int t = order[y];
            order[y] = order[y - 1];
            order[y - 1] = t;
        }
    px__rep_raw(o, "<h2 id=\"labels\">Labels per concept</h2>\n<div class=\"scroll\"><table>"
                   "<thead><tr><th scope=\"col\">Concept</th>");
    cJSON_ArrayForEach(b, by)
    {
        px__rep_raw(o, "<th scope=\"col\">");
        px__rep_esc_json(o, item(b, "outlet"), "(no outlet)");
        px__rep_raw(o, "</th>");
    }
    px__rep_raw(o, "</tr></thead><tbody>\n");
    for (int k = 0; k < n && k < CONCEPTS_SHOWN; k++) {
        c = cJSON_GetArrayItem(labels, order[k]);
        px__rep_raw(o, "<tr><th scope=\"row\">");
        px__rep_esc_json(o, item(c, "concept"), "?");
        px__rep_raw(o, "</th>");
        cJSON_ArrayForEach(b, by)
        {
            const cJSON *col = item(b, "outlet"), *e, *hit = NULL;
            cJSON_ArrayForEach(e, item(c, "outlets"))
            {
                const cJSON *name = item(e, "outlet");
                if (cJSON_IsString(name) && cJSON_IsString(col) &&
                    !strcmp(name->valuestring, col->valuestring))
                    hit = e;
            }
            if (!hit) {
                px__rep_raw(o, "<td class=\"silent\"><span class=\"sr\">none</span></td>");
                continue;
            }
            px__rep_raw(o, "<td>");
            const cJSON *l;
            int first = 1;
            cJSON_ArrayForEach(l, item(hit, "labels"))
            {
                int ok;
                px__rep_raw(o, first ? "" : "; ");
                first = 0;
                px__rep_esc_json(o, item(l, "label"), "?");
                double cnt = num(l, "count", &ok);
                if (ok && cnt > 1) {
                    px__rep_raw(o, " <span class=\"note\">×");
                    px__rep_num(o, cnt);
                    px__rep_raw(o, "</span>");
                }
            }
            px__rep_raw(o, "</td>");
        }
        px__rep_raw(o, "</tr>\n");
    }
    px__rep_raw(o, "</tbody></table></div>\n");
    if (n > CONCEPTS_SHOWN)
        px__rep_fmt(o, "<p class=\"note\">and %d more concepts</p>\n", n - CONCEPTS_SHOWN);
    px__free(order);
    px__free(width);
}

static void stories_list(rep_out *o, const cJSON *js, const char *suffix)
{
    const cJSON *arts = item(js, "articles"), *s;
    px__rep_raw(o, "<h2 id=\"topic-stories\">Stories</h2>\n<ol>\n");
    cJSON_ArrayForEach(s, item(js, "stories"))
    {
        if (!cJSON_IsString(s))
            continue;
        const cJSON *h = story_head(arts, s->valuestring), *a;
        size_t n = 0;
        cJSON_ArrayForEach(a, arts)
        {
            const cJSON *st = item(a, "story");
            n += cJSON_IsString(st) && !strcmp(st->valuestring, s->valuestring);
        }
        px__rep_raw(o, "<li><span class=\"date\">");
        px__rep_esc_json(o, h ? item(h, "date") : NULL, "undated");
        px__rep_raw(o, "</span> ");
        story_link(o, arts, s->valuestring, suffix);
        px__rep_raw(o, " <span class=\"note\">(");
        px__rep_count_of(o, n, "article", "articles");
        px__rep_raw(o, ")</span></li>\n");
    }
    px__rep_raw(o, "</ol>\n");
}

px_status px_report_topic(px_store *s,
                          const char *topic,
                          const char *story_suffix,
                          const char *index_href,
                          px_report_sink sink,
                          void *ud)
{
    if (!s || !topic || !sink)
        return PX_EINVAL;
    px_buf b;
    px_buf_init(&b, 0);
    px_status e = px_compare_topic(s, topic, NULL, 1, &b);
    cJSON *js = e ? NULL : cJSON_ParseWithLength((const char *)b.ptr, b.len);
    px_buf_free(&b);
    if (!e && !js)
        e = px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    if (e) {
        cJSON_Delete(js);
        return e;
    }
    rep_out o;
    px__rep_init(&o, sink, ud);
    const cJSON *t = item(js, "title"), *d = item(js, "dates");
    px__rep_page_open(&o, cJSON_IsString(t) ? t->valuestring : "topic");
    if (index_href) {
        px__rep_raw(&o, "<nav><a href=\"");
        px__rep_esc_str(&o, index_href);
        px__rep_raw(&o, "\">All stories</a></nav>\n");
    }
    px__rep_raw(&o, "<main><h1>");
    px__rep_esc_json(&o, t, "(untitled)");
    px__rep_raw(&o, "</h1>\n<p class=\"sub\">Topic ");
    px__rep_esc_json(&o, item(js, "id"), "?");
    px__rep_raw(&o, ": ");
    px__rep_count_of(&o, (size_t)cJSON_GetArraySize(item(js, "stories")), "story", "stories");
    px__rep_raw(&o, ", ");
    px__rep_count_of(&o, (size_t)cJSON_GetArraySize(item(js, "articles")), "article", "articles");
    px__rep_raw(&o, ", ");
    px__rep_count_of(&o, (size_t)cJSON_GetArraySize(item(js, "outlets")), "outlet", "outlets");
    if (cJSON_GetArraySize(d) > 0) {
        px__rep_raw(&o, ", ");
        px__rep_esc_json(&o, cJSON_GetArrayItem(d, 0), "");
        if (cJSON_GetArraySize(d) > 1) {
            px__rep_raw(&o, " to ");
            px__rep_esc_json(&o, cJSON_GetArrayItem(d, 1), "");
        }
    }
    px__rep_raw(&o, "</p>\n");
    outlets_table(&o, js, story_suffix);
    time_table(&o, js);
    labels_table(&o, js);
    stories_list(&o, js, story_suffix);
    px__rep_raw(&o, "</main>\n");
    px__rep_page_close(&o);
    cJSON_Delete(js);
    e = px__rep_finish(&o);
    if (e == PX_EIO)
        px__fail(px__store_errbuf(s), e, "cannot write the report");
    else if (e == PX_ENOMEM)
        px__fail(px__store_errbuf(s), e, "out of memory");
    return e;
}

/* Calls fn with the index of each topic of two stories or more of t, in
 * px_topics order, until fn returns non-zero (returned). */
static int each_thread(const px_topics *t, int (*fn)(void *ud, size_t i), void *ud)
{
    for (size_t i = 0; i < px_topics_count(t); i++)
        if (px_topics_size(t, i) >= 2) {
            int r = fn(ud, i);
            if (r)
                return r;
        }
    return 0;
}

/* The store's topics, or NULL with PX_OK when it has none yet. */
static px_status load_topics(px_store *s, px_topics **t)
{
    px_status e = px_topics_load(s, t);
    if (e == PX_ESTALE) {
        *t = NULL;
        return PX_OK;
    }
    return e;
}

typedef struct idx_walk {
    rep_out *o;
    const px_topics *t;
    const char *suffix;
    px_buf b;
    px_status e;
} idx_walk;

/* One row of the topics table: the title (linked to the topic's page with
 * pages; else its stories listed under it, linked to their sections), the
 * stories, articles, dates and outlets. */
static int index_row(void *ud, size_t i)
{
    idx_walk *w = ud;
    rep_out *o = w->o;
    px_buf_reset(&w->b);
    w->e = px_topics_write_json(w->t, i, &w->b);
    cJSON *js = w->e ? NULL : cJSON_ParseWithLength((const char *)w->b.ptr, w->b.len);
    if (!w->e && !js)
        w->e = PX_ENOMEM;
    if (w->e)
        return 1;
    const cJSON *id = item(js, "id"), *d = item(js, "dates"), *sts = item(js, "stories");
    const cJSON *arts = item(js, "articles");
    px__rep_raw(o, "<tr><th scope=\"row\">");
    if (w->suffix && cJSON_IsString(id)) {
        px__rep_raw(o, "<a href=\"");
        px__rep_url(o, id->valuestring);
        px__rep_esc_str(o, w->suffix);
        px__rep_raw(o, "\">");
        px__rep_esc_json(o, item(js, "title"), "(untitled)");
        px__rep_raw(o, "</a>");
    } else {
        px__rep_esc_json(o, item(js, "title"), "(untitled)");
        px__rep_raw(o, "<details><summary>its stories</summary><ul>");
        const cJSON *s;
        cJSON_ArrayForEach(s, sts)
        {
            if (!cJSON_IsString(s))
                continue;
            const cJSON *h = story_head(arts, s->valuestring);
            px__rep_raw(o, "<li><a href=\"");
            px__rep_id(o, "#st-", s->valuestring);
            px__rep_raw(o, "\">");
            px__rep_esc_json(o, h ? item(h, "title") : NULL, "(untitled)");
            px__rep_raw(o, "</a></li>");
        }
        px__rep_raw(o, "</ul></details>");
    }
    px__rep_raw(o, "</th><td class=\"num\">");
    px__rep_count(o, (size_t)cJSON_GetArraySize(sts));
    px__rep_raw(o, "</td><td class=\"num\">");
    px__rep_count(o, (size_t)cJSON_GetArraySize(arts));
    px__rep_raw(o, "</td><td class=\"dates\">");
    px__rep_esc_json(o, cJSON_GetArrayItem(d, 0), "undated");
    if (cJSON_GetArraySize(d) > 1) {
        px__rep_raw(o, " to ");
        px__rep_esc_json(o, cJSON_GetArrayItem(d, 1), "");
    }
    px__rep_raw(o, "</td><td class=\"num\">");
    px__rep_count(o, (size_t)cJSON_GetArraySize(item(js, "outlets")));
    px__rep_raw(o, "</td></tr>\n");
    cJSON_Delete(js);
    return 0;
}

static int count_one(void *ud, size_t i)
{
    (void)i;
    ++*(size_t *)ud;
    return 0;
}

px_status px__rep_topics_index(rep_out *o, px_store *s, const char *suffix)
{
    px_topics *t;
    px_status e = load_topics(s, &t);
    size_t n = 0;
    if (e || !t || (each_thread(t, count_one, &n), n == 0)) {
        px_topics_free(t);
        return e;
    }
    px__rep_raw(o, "<section id=\"topics\"><h2>Topics</h2>\n<p class=\"sub\">");
    px__rep_count_of(o, n, "thread", "threads");
    px__rep_raw(o, " of two stories or more over months or years (parallax topics): each "
                   "outlet's coverage, gaps, tone and labels over time.</p>\n"
                   "<div class=\"scroll\"><table id=\"topics-table\"><thead><tr><th "
                   "scope=\"col\">Topic</th><th scope=\"col\">Stories</th><th "
                   "scope=\"col\">Articles</th><th scope=\"col\">Dates</th><th "
                   "scope=\"col\">Outlets</th></tr></thead><tbody>\n");
    idx_walk w = {o, t, suffix, {0}, PX_OK};
    px_buf_init(&w.b, 0);
    each_thread(t, index_row, &w);
    px_buf_free(&w.b);
    px__rep_raw(o, "</tbody></table></div></section>\n");
    px_topics_free(t);
    return w.e == PX_ENOMEM ? px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory") : w.e;
}

typedef struct id_walk {
    const px_topics *t;
    int (*fn)(void *ud, const char *id);
    void *ud;
} id_walk;

static int call_id(void *ud, size_t i)
{
    id_walk *w = ud;
    return w->fn(w->ud, px_topics_id(w->t, i));
}

px_status px_report_topic_ids(px_store *s, int (*fn)(void *ud, const char *id), void *ud)
{
    if (!s || !fn)
        return PX_EINVAL;
    px_topics *t;
    px_status e = load_topics(s, &t);
    if (e || !t)
        return e;
    id_walk w = {t, fn, ud};
    if (each_thread(t, call_id, &w))
        e = PX_EIO;
    px_topics_free(t);
    return e;
}
