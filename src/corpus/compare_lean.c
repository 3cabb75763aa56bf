/* Compare: a story's coverage by outlet leaning (#17 item 8), from a user's
 * outlets table (--outlets-file): per leaning of the table its articles and
 * outlets, the leanings with none (silent), the outlets the table does not
 * rate; and the --leaning filter. Over the whole story, before any filter,
 * so that a reader sees which sides covered it at all. */
#include <string.h>

#include "corpus/compare_impl.h"

/* strcmp with ASCII letters compared without case. */
static int casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        x = x >= 'A' && x <= 'Z' ? x + 32 : x;
        y = y >= 'A' && y <= 'Z' ? y + 32 : y;
        if (x != y || !x)
            return x - y;
    }
}

/* Reading order of the usual leanings (AllSides' five ratings and their common
 * spellings); others follow in the order of the table. */
static int rank(const char *l)
{
    static const char *const order[][4] = {
        {"left", "far left", NULL, NULL},
        {"lean left", "left-center", "center-left", "centre-left"},
        {"center", "centre", NULL, NULL},
        {"lean right", "right-center", "center-right", "centre-right"},
        {"right", "far right", NULL, NULL},
    };
    for (int r = 0; r < 5; r++)
        for (int k = 0; k < 4 && order[r][k]; k++)
            if (!casecmp(l, order[r][k]))
                return r;
    return 5;
}

/* The leaning of article a (a name of the table's leanings), or NULL. */
static const char *leaning_of(const px__cmp *m, const px__cart *a)
{
    px_outlet_info oi;
    if (!px_outlets_find(m->table, a->outlet, a->rec.url, &oi) || !oi.leaning || !*oi.leaning)
        return NULL;
    return oi.leaning;
}

static px__lean *find(px__cmp *m, const char *leaning)
{
    if (!leaning)
        return &m->unrated;
    for (size_t i = 0; i < m->n_leans; i++)
        if (!casecmp(m->leans[i].name, leaning))
            return &m->leans[i];
    return &m->unrated; /* cannot happen: every leaning of the table is listed */
}

static int by_slice(const px_slice *x, const px_slice *y)
{
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->ptr, y->ptr, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Adds outlet to l's sorted set. */
static px_status add_outlet(px__cmp *m, px__lean *l, px_slice outlet)
{
    size_t k = 0;
    while (k < l->n_outlets && by_slice(&l->outlets[k], &outlet) < 0)
        k++;
    if (k < l->n_outlets && !by_slice(&l->outlets[k], &outlet))
        return PX_OK;
    px_slice *n = PX_ARENA_NEW(m->arena, px_slice, l->n_outlets + 1);
    if (!n)
        return PX_ENOMEM;
    if (k) /* never memcpy from NULL, even 0 bytes (UBSan) */
        memcpy(n, l->outlets, k * sizeof *n);
    n[k] = outlet;
    if (l->n_outlets > k)
        memcpy(n + k + 1, l->outlets + k, (l->n_outlets - k) * sizeof *n);
    l->outlets = n;
    l->n_outlets++;
    return PX_OK;
}

px_status px__cmp_coverage(px__cmp *m)
{
    if (!m->table)
        return PX_OK;
    size_t nt = px_outlets_count(m->table);
    m->leans = PX_ARENA_NEW(m->arena, px__lean, nt + 1);
    if (!m->leans)
        return PX_ENOMEM;
    m->n_leans = 0;
    /* The table's distinct leanings, usual ones first in reading order. */
    for (int r = 0; r <= 5; r++) {
        px_outlet_info oi;
        for (size_t i = 0; px_outlets_get(m->table, i, &oi); i++) {
            if (!oi.leaning || !*oi.leaning || rank(oi.leaning) != r)
                continue;
            size_t k = 0;
            while (k < m->n_leans && casecmp(m->leans[k].name, oi.leaning))
                k++;
            if (k == m->n_leans)
                m->leans[m->n_leans++] = (px__lean){oi.leaning, 0, NULL, 0};
        }
    }
    m->unrated = (px__lean){NULL, 0, NULL, 0};
    for (size_t i = 0; i < m->n; i++) {
        const px__cart *a = &m->a[i];
        int copy = 0;
        for (size_t j = 0; j < m->n && a->dup_of.ptr && !copy; j++)
            copy = j != i && px_slice_eq(m->a[j].id, a->dup_of);
        if (copy)
            continue;
        px__lean *l = find(m, leaning_of(m, a));
        l->articles++;
        px_slice outlet = a->outlet.ptr ? a->outlet : PX_UNKNOWN_OUTLET;
        if (add_outlet(m, l, outlet))
            return PX_ENOMEM;
    }
    return PX_OK;
}

int px__cmp_leaning_is(const px__cmp *m, const px__cart *a)
{
    if (!m->leaning)
        return 1;
    const char *l = leaning_of(m, a);
    return l && !casecmp(l, m->leaning);
}

int px__cmp_leaning_known(const px__cmp *m)
{
    for (size_t i = 0; i < m->n_leans; i++)
        if (!casecmp(m->leans[i].name, m->leaning))
            return 1;
    return 0;
}

static px_status outlets_json(px_buf *out, const px__lean *l)
{
    px_status e = px_buf_appendf(out, "\"articles\":%zu,\"outlets\":[", l->articles);
    for (size_t k = 0; k < l->n_outlets && !e; k++) {
        if (k)
            e = px_buf_append_byte(out, ',');
        if (!e)
            e = px__json_str(out, l->outlets[k]);
    }
    return e ? e : px_buf_append_byte(out, ']');
}

px_status px__cmp_leanings(px__cmp *m, px_buf *out)
{
    if (!m->table)
        return PX_OK;
    px_status e = px_buf_append_str(out, ",\"leanings\":{\"groups\":[");
    for (size_t i = 0; i < m->n_leans && !e; i++) {
        e = px_buf_append_str(out, i ? ",{\"leaning\":" : "{\"leaning\":");
        if (!e)
            e = px__json_str(out, px_slice_cstr(m->leans[i].name));
        if (!e)
            e = px_buf_append_byte(out, ',');
        if (!e)
            e = outlets_json(out, &m->leans[i]);
        if (!e)
            e = px_buf_append_byte(out, '}');
    }
    if (!e)
        e = px_buf_append_str(out, "],\"silent\":[");
    int first = 1;
    for (size_t i = 0; i < m->n_leans && !e; i++) {
        if (m->leans[i].articles)
            continue;
        if (!first)
            e = px_buf_append_byte(out, ',');
        first = 0;
        if (!e)
            e = px__json_str(out, px_slice_cstr(m->leans[i].name));
    }
    if (!e)
        e = px_buf_append_str(out, "],\"unrated\":{");
    if (!e)
        e = outlets_json(out, &m->unrated);
    if (!e)
        e = px_buf_append_str(out, "},\"filter\":");
    if (!e)
        e = px__json_str(out, m->leaning ? px_slice_cstr(m->leaning) : PX_SLICE_NULL);
    return e ? e : px_buf_append_byte(out, '}');
}
