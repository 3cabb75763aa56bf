/* Compare: the readable report, drawn from the parallax.story/1 object. */
#include <string.h>
#include <utf8proc.h>

#include "corpus/compare_impl.h"

static const char *str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : "-";
}

/* Appends s and spaces up to width terminal columns: display width (wide
 * characters count two, combining marks none), not bytes, so that columns
 * line up after "Buçpapaj" or "北京". */
static px_status pad(px_buf *out, const char *s, int width)
{
    int cols = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            i++;
            cols++;
            continue;
        }
        cols += utf8proc_charwidth(cp);
        i += (size_t)k;
    }
    px_status e = px_buf_append(out, s, n);
    if (!e && cols >= width && width > 0)
        e = px_buf_append_byte(out, ' '); /* too wide: keep the columns apart */
    for (; !e && cols < width; cols++)
        e = px_buf_append_byte(out, ' ');
    return e;
}

static px_status list(px_buf *out, const cJSON *arr)
{
    const cJSON *x;
    px_status e = PX_OK;
    int first = 1;
    cJSON_ArrayForEach(x, arr)
    {
        if (!e && cJSON_IsString(x))
            e = px_buf_appendf(out, "%s%s", first ? "" : ", ", x->valuestring);
        first = 0;
    }
    return e ? e : (first ? px_buf_append_str(out, "-") : PX_OK);
}

/* Outlets as a list when few, else their number. */
static px_status outlets_or_count(px_buf *out, const cJSON *arr)
{
    int n = cJSON_GetArraySize(arr);
    return n > 5 ? px_buf_appendf(out, "%d outlets", n) : list(out, arr);
}

/* One fact with its reports (and their sentences), in rank order. */
static px_status fact_full(px_buf *out, const cJSON *f)
{
    const cJSON *r;
    int date = !strcmp(str(f, "kind"), "date");
    px_status e = px_buf_appendf(out, "  %-10s %s %s%s\n", str(f, "status"), str(f, "type"),
                                 str(f, "object"), date ? ": when" : "");
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(f, "reports"))
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "value");
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(r, "high");
        const cJSON *ev = cJSON_GetObjectItemCaseSensitive(r, "evidence");
        if (e)
            break;
        e = px_buf_append_str(out, "      ");
        if (!e)
            e = pad(out, str(r, "outlet"), 28);
        if (!e && date)
            e = px_buf_appendf(out, " %s", str(r, "value"));
        else if (!e)
            e = px_buf_appendf(out, " %s %g", str(r, "approx"),
                               cJSON_IsNumber(v) ? v->valuedouble : 0.0);
        if (!e && !date && cJSON_IsNumber(h))
            e = px_buf_appendf(out, "-%g", h->valuedouble);
        if (!e && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ev, "text")))
            e = px_buf_appendf(out, "  \"%s\"", str(ev, "text"));
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    if (!e && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "silent")) &&
        !(e = px_buf_append_str(out, "      silent: ")))
        e = outlets_or_count(out, cJSON_GetObjectItemCaseSensitive(f, "silent"));
    if (!e && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(f, "silent")))
        e = px_buf_append_byte(out, '\n');
    return e;
}

/* The aligned events: pair, root and status, then each version ("outlet:
 * source -> target CODE") and the silent outlets. */
static px_status events(px_buf *out, const cJSON *evs)
{
    const cJSON *x, *r;
    px_status e = px_buf_append_str(out, "\nEvents (who did what to whom)\n");
    cJSON_ArrayForEach(x, evs)
    {
        if (!e)
            e = px_buf_appendf(out, "  %s -> %s root %s: %s\n", str(x, "source"), str(x, "target"),
                               str(x, "root"), str(x, "status"));
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(x, "reports"))
        {
            if (!e)
                e = px_buf_appendf(
                    out, "    %s: %s%s -> %s %s\n", str(r, "outlet"),
                    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "negated")) ? "(not) " : "",
                    str(r, "source"), str(r, "target"), str(r, "code"));
        }
        if (!e && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(x, "silent")) &&
            !(e = px_buf_append_str(out, "    silent: ")))
            e = list(out, cJSON_GetObjectItemCaseSensitive(x, "silent"));
        if (!e && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(x, "silent")))
            e = px_buf_append_byte(out, '\n');
    }
    return e;
}

/* Facts in rank order: contradictions, updates and shared facts in full;
 * single-outlet facts and counts of other happenings as counts per outlet. */
static px_status facts(px_buf *out, const cJSON *root)
{
    const cJSON *f, *r;
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(root, "facts");
    px_status e = px_buf_append_str(out, "\nFacts\n");
    if (!e && !cJSON_GetArraySize(all))
        e = px_buf_append_str(out, "  (no counts stated)\n");
    int singles = 0, background = 0;
    cJSON_ArrayForEach(f, all)
    {
        const char *st = str(f, "status");
        if (!strcmp(st, "single"))
            singles++;
        else if (!strcmp(st, "background"))
            background++;
        else if (!e)
            e = fact_full(out, f);
    }
    /* Collapsed: how many single facts (and other happenings' counts) each
     * outlet reports. */
    for (int pass = 0; pass < 2 && !e; pass++) {
        int n = pass ? background : singles;
        if (!n)
            continue;
        e = px_buf_appendf(out,
                           pass ? "  %d count%s of other happenings (other dates, places,"
                                  " comparisons, hypotheses): "
                                : "  %d fact%s reported by one outlet only: ",
                           n, n == 1 ? "" : "s");
        const char *done[64];
        int nd = 0, first = 1;
        cJSON_ArrayForEach(f, all)
        {
            if (strcmp(str(f, "status"), pass ? "background" : "single"))
                continue;
            cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(f, "reports"))
            {
                const char *o = str(r, "outlet");
                int k = 0;
                while (k < nd && strcmp(done[k], o))
                    k++;
                if (k < nd || nd == 64 || e)
                    continue;
                done[nd++] = o;
                int c = 0;
                const cJSON *g, *q;
                cJSON_ArrayForEach(g, all)
                {
                    if (strcmp(str(g, "status"), pass ? "background" : "single"))
                        continue;
                    int has = 0;
                    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(g, "reports")) has |=
                        !strcmp(str(q, "outlet"), o);
                    c += has;
                }
                e = px_buf_appendf(out, "%s%s %d", first ? "" : ", ", o, c);
                first = 0;
            }
        }
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    return e;
}

static px_status quotes(px_buf *out, const cJSON *root)
{
    const cJSON *q, *c, *ch;
    px_status e = px_buf_append_str(out, "\nQuotes\n");
    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(root, "quotes"))
    {
        if (e)
            break;
        e = px_buf_appendf(out, "  \"%s\"\n      said by %s; first in %s (%s)\n", str(q, "text"),
                           str(q, "speaker"), str(q, "outlet"), str(q, "first"));
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(q, "carried"))
        {
            if (e)
                break;
            int verb = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "verbatim"));
            e = px_buf_appendf(out, "      then %s: %s", str(c, "outlet"),
                               verb ? "verbatim" : "changed");
            cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(c, "changes"))
            {
                const cJSON *op = cJSON_GetArrayItem(ch, 0), *w = cJSON_GetArrayItem(ch, 1);
                if (!e && cJSON_IsString(op) && cJSON_IsString(w))
                    e = px_buf_appendf(out, " %s\"%s\"", op->valuestring, w->valuestring);
            }
            if (!e)
                e = px_buf_append_byte(out, '\n');
        }
    }
    return e;
}

static px_status rest(px_buf *out, const cJSON *root)
{
    const cJSON *x;
    px_status e = px_buf_append_str(out, "\nEntities (named by / silent)\n");
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(root, "entities"))
    {
        if (!e)
            e = px_buf_append_str(out, "  ");
        if (!e)
            e = pad(out, str(x, "name"), 31);
        if (!e)
            e = list(out, cJSON_GetObjectItemCaseSensitive(x, "outlets"));
        if (!e && !(e = px_buf_append_str(out, " / ")))
            e = list(out, cJSON_GetObjectItemCaseSensitive(x, "silent"));
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    if (!e)
        e = px_buf_append_str(out, "\nDistinctive terms (z-score, count)\n");
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(root, "terms"))
    {
        const cJSON *z = cJSON_GetObjectItemCaseSensitive(x, "score");
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(x, "count");
        if (!e)
            e = px_buf_append_str(out, "  ");
        if (!e)
            e = pad(out, str(x, "outlet"), 31);
        if (!e)
            e = pad(out, str(x, "term"), 21);
        if (!e)
            e = px_buf_appendf(out, "%5.2f %d\n", cJSON_IsNumber(z) ? z->valuedouble : 0.0,
                               cJSON_IsNumber(n) ? n->valueint : 0);
    }
    if (!e)
        e = px_buf_append_str(out, "\nPersuasion techniques (count, share of sentences)\n");
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(root, "techniques"))
    {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(x, "count");
        const cJSON *sh = cJSON_GetObjectItemCaseSensitive(x, "share_of_sentences");
        if (!e)
            e = px_buf_append_str(out, "  ");
        if (!e)
            e = pad(out, str(x, "outlet"), 31);
        if (!e)
            e = pad(out, str(x, "technique"), 37);
        if (!e)
            e = px_buf_appendf(out, "%3d %5.1f%%\n", cJSON_IsNumber(n) ? n->valueint : 0,
                               cJSON_IsNumber(sh) ? sh->valuedouble * 100 : 0.0);
    }
    if (!e)
        e = events(out, cJSON_GetObjectItemCaseSensitive(root, "events"));
    if (!e)
        e = px_buf_append_str(out, "\nTimeline\n");
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(root, "timeline"))
    {
        char when[64];
        if (!e)
            e = px_buf_appendf(out, "  %-26s ", px__timex_human(str(x, "date"), when, sizeof when));
        if (!e)
            e = pad(out, str(x, "outlet"), 29);
        if (!e)
            e = px_buf_appendf(out, "%s\n", str(x, "text"));
    }
    return e;
}

/* Coverage by leaning (the "leanings" member, with an outlets table). */
static px_status leanings(px_buf *out, const cJSON *root)
{
    const cJSON *lv = cJSON_GetObjectItemCaseSensitive(root, "leanings");
    if (!cJSON_IsObject(lv))
        return PX_OK;
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(lv, "filter");
    px_status e =
        cJSON_IsString(f)
            ? px_buf_appendf(out, "\nCoverage by leaning (compared: %s only):\n", f->valuestring)
            : px_buf_append_str(out, "\nCoverage by leaning:\n");
    const cJSON *g;
    cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(lv, "groups"))
    {
        if (e)
            break;
        int n = cJSON_GetObjectItemCaseSensitive(g, "articles")->valueint;
        e = px_buf_append_str(out, "  ");
        if (!e)
            e = pad(out, str(g, "leaning"), 14);
        if (!e)
            e = px_buf_appendf(out, "%3d article%s  ", n, n == 1 ? " " : "s");
        if (!e)
            e = n ? outlets_or_count(out, cJSON_GetObjectItemCaseSensitive(g, "outlets"))
                  : px_buf_append_str(out, "(silent)");
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(lv, "unrated");
    int nu = cJSON_GetObjectItemCaseSensitive(u, "articles")->valueint;
    if (!e && nu) {
        e = px_buf_append_str(out, "  ");
        if (!e)
            e = pad(out, "unrated", 14);
        if (!e)
            e = px_buf_appendf(out, "%3d article%s  ", nu, nu == 1 ? " " : "s");
        if (!e)
            e = outlets_or_count(out, cJSON_GetObjectItemCaseSensitive(u, "outlets"));
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    const cJSON *sl = cJSON_GetObjectItemCaseSensitive(lv, "silent");
    if (!e && cJSON_GetArraySize(sl) > 0) {
        e = px_buf_append_str(out, "  Silent: ");
        if (!e)
            e = list(out, sl);
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    return e;
}

px_status px__cmp_text(px_slice json, px_buf *out)
{
    cJSON *root = cJSON_ParseWithLength((const char *)json.ptr, json.len);
    if (!root)
        return PX_ENOMEM;
    const cJSON *a;
    px_status e = px_buf_appendf(out, "Story %s: %s\n", str(root, "id"), str(root, "title"));
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(root, "articles"))
    {
        if (e)
            break;
        e = px_buf_appendf(out, "  %-10s  ", str(a, "date"));
        if (!e)
            e = pad(out, str(a, "outlet"), 30);
        if (!e)
            e = px_buf_appendf(out, "%s  [%s]", str(a, "title"), str(a, "id"));
        if (!e && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(a, "duplicate_of")))
            e = px_buf_appendf(out, " (copy of %s)", str(a, "duplicate_of"));
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    if (!e)
        e = leanings(out, root);
    /* The outlets compared: those of the originals. */
    const char *first = NULL;
    int several = 0;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(root, "articles"))
    {
        if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(a, "duplicate_of")))
            continue;
        if (!first)
            first = str(a, "outlet");
        else if (strcmp(first, str(a, "outlet")))
            several = 1;
    }
    if (!e && !several)
        e = px_buf_appendf(out,
                           "\nOnly one outlet (%s) in this comparison: every fact is"
                           " single and there is nothing to compare across outlets.\n",
                           first ? first : "-");
    if (!e)
        e = facts(out, root);
    if (!e)
        e = quotes(out, root);
    if (!e)
        e = rest(out, root);
    cJSON_Delete(root);
    return e;
}
