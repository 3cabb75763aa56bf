/* Compare: the readable report, drawn from the parallax.story/1 object. */
#include <string.h>

#include "corpus/compare_impl.h"

static const char *str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : "-";
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

static px_status facts(px_buf *out, const cJSON *root)
{
    const cJSON *f, *r;
    px_status e = px_buf_append_str(out, "\nFacts\n");
    if (!e && !cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "facts")))
        e = px_buf_append_str(out, "  (no counts stated)\n");
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(root, "facts"))
    {
        if (e)
            break;
        int date = !strcmp(str(f, "kind"), "date");
        e = px_buf_appendf(out, "  %-10s %s %s%s\n", str(f, "status"), str(f, "type"),
                           str(f, "object"), date ? ": when" : "");
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(f, "reports"))
        {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "value");
            const cJSON *h = cJSON_GetObjectItemCaseSensitive(r, "high");
            if (e)
                break;
            if (date) {
                e = px_buf_appendf(out, "      %-28s %s\n", str(r, "outlet"), str(r, "value"));
                continue;
            }
            e = px_buf_appendf(out, "      %-28s %s %g", str(r, "outlet"), str(r, "approx"),
                               cJSON_IsNumber(v) ? v->valuedouble : 0.0);
            if (!e && cJSON_IsNumber(h))
                e = px_buf_appendf(out, "-%g", h->valuedouble);
            if (!e)
                e = px_buf_append_byte(out, '\n');
        }
        if (!e && !(e = px_buf_append_str(out, "      silent: ")))
            e = list(out, cJSON_GetObjectItemCaseSensitive(f, "silent"));
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
            e = px_buf_appendf(out, "  %-30s ", str(x, "name"));
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
            e = px_buf_appendf(out, "  %-30s %-20s %5.2f %d\n", str(x, "outlet"), str(x, "term"),
                               cJSON_IsNumber(z) ? z->valuedouble : 0.0,
                               cJSON_IsNumber(n) ? n->valueint : 0);
    }
    if (!e)
        e = px_buf_append_str(out, "\nTimeline\n");
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(root, "timeline"))
    {
        char when[64];
        if (!e)
            e = px_buf_appendf(out, "  %-26s %-28s %s\n",
                               px__timex_human(str(x, "date"), when, sizeof when), str(x, "outlet"),
                               str(x, "text"));
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
        e = px_buf_appendf(out, "  %-10s  %-28s  %s  [%s]", str(a, "date"), str(a, "outlet"),
                           str(a, "title"), str(a, "id"));
        if (!e && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(a, "duplicate_of")))
            e = px_buf_appendf(out, " (copy of %s)", str(a, "duplicate_of"));
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
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
