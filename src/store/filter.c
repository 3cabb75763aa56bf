/* parallax store: list and search narrowed by outlet and date, with the total
 * number of matches. Backend-neutral: the filter runs over the rows the backend
 * gives (list or search with no limit), so every backend has it; the rows
 * handed on and their order are those of px_store_list and px_store_search. */
#include <string.h>

#include "store/store_impl.h"

typedef struct walk {
    const px_store_filter *f;
    px_store_row_fn fn;
    void *ud;
    size_t shown, total;
    int stopped;
} walk;

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Whether outlet is one of the comma-separated names (ASCII case folded). */
static int outlet_in(px_slice outlet, const char *list)
{
    if (!outlet.ptr)
        return 0;
    for (const char *p = list; *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        size_t n = (size_t)(end - p);
        while (n && p[n - 1] == ' ')
            n--;
        if (n && n == outlet.len) {
            size_t i = 0;
            while (i < n && lower(p[i]) == lower(outlet.ptr[i]))
                i++;
            if (i == n)
                return 1;
        }
        p = end;
    }
    return 0;
}

/* date compared with bound on the bound's length: "2024-03" holds every day
 * of March 2024 on either side. */
static int date_cmp(px_slice date, const char *bound)
{
    size_t n = strlen(bound);
    size_t k = date.len < n ? date.len : n;
    int c = memcmp(date.ptr, bound, k);
    return c ? c : date.len < n ? -1 : 0;
}

static int keep(const px_store_filter *f, const px_store_row *r)
{
    if (f->outlets && *f->outlets && !outlet_in(r->outlet, f->outlets))
        return 0;
    int since = f->since && *f->since, until = f->until && *f->until;
    if ((since || until) && !r->date.ptr)
        return 0; /* undated: not known to be in the range */
    if (since && date_cmp(r->date, f->since) < 0)
        return 0;
    if (until && date_cmp(r->date, f->until) > 0)
        return 0;
    return 1;
}

static int each(void *ud, const px_store_row *r)
{
    walk *w = ud;
    if (!keep(w->f, r))
        return 0;
    w->total++;
    if (w->stopped || (w->f->limit && w->shown >= w->f->limit))
        return 0; /* counted, not shown */
    w->shown++;
    if (w->fn(w->ud, r)) {
        w->stopped = 1;
        return 1; /* the caller asked to stop: the total stays a lower bound */
    }
    return 0;
}

/* A date bound must read YYYY, YYYY-MM or YYYY-MM-DD. */
static int bound_ok(const char *b)
{
    if (!b || !*b)
        return 1;
    size_t n = strlen(b);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i == 4 || i == 7 ? b[i] != '-' : (b[i] < '0' || b[i] > '9'))
            return 0;
    return 1;
}

static px_status check(px_store *s, const px_store_filter *f, px_store_row_fn fn)
{
    if (!s)
        return PX_EINVAL;
    if (!f || !fn)
        return px__fail(s->errmsg, PX_EINVAL, "px_store_list_where: NULL argument");
    if (!bound_ok(f->since) || !bound_ok(f->until))
        return px__fail(s->errmsg, PX_EINVAL, "a date bound must read YYYY, YYYY-MM or YYYY-MM-DD");
    return PX_OK;
}

px_status px_store_list_where(
    px_store *s, const px_store_filter *f, size_t *total, px_store_row_fn fn, void *ud)
{
    px_status st = check(s, f, fn);
    if (st)
        return st;
    walk w = {f, fn, ud, 0, 0, 0};
    st = s->be->list(s, 0, each, &w);
    if (total)
        *total = w.total;
    return st;
}

px_status px_store_search_where(px_store *s,
                                const char *query,
                                int raw,
                                const px_store_filter *f,
                                const char *mark_open,
                                const char *mark_close,
                                size_t *total,
                                px_store_row_fn fn,
                                void *ud)
{
    px_status st = check(s, f, fn);
    if (st)
        return st;
    if (!query || !mark_open || !mark_close)
        return px__fail(s->errmsg, PX_EINVAL, "px_store_search_where: NULL argument");
    walk w = {f, fn, ud, 0, 0, 0};
    st = s->be->search(s, query, raw, 0, mark_open, mark_close, each, &w);
    if (total)
        *total = w.total;
    return st;
}
