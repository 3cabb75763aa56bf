/* Compare: the entities of a story, with the outlets that name each and those
 * that stay silent. Outlets write one referent differently ("Qassem
 * Soleimani", "Qasem Soleimani", "Qassam Soleimani"; "Donald Trump" and
 * "Trump"), and the annotator resolves names within an article only: before
 * the silences are counted, a story's person keys are merged when they share
 * a surname and their given names are near spellings (an edit or two), and a
 * lone surname joins the one person of the story who has it (never when two
 * do: "Clinton" with Bill and Hillary stays apart). The other keys merge
 * only when equal (folded: Vučić = Vucic = Вучић). */
#include <stdlib.h>
#include <string.h>

#include "corpus/compare_impl.h"

#define MAX_ENTITIES 60 /* entities listed per story */

typedef struct ent {
    const char *key, *name; /* key: its referent's after the merge */
    const char *orig;       /* the key as the article gives it */
    uint32_t outlet;
    uint8_t per; /* tagged a person */
} ent;

/* A distinct key of the story. */
typedef struct ukey {
    const char *key, *name;
    size_t n;          /* mentions (entities) with it */
    int per;           /* tagged a person in one article at least */
    size_t given;      /* bytes before the surname (0: one word) */
    const char *first; /* the first given name, past titles ("maj.", "dr.") */
    size_t first_len;
    const char *mid; /* the names between it and the surname ("j.", "h.w.") */
    size_t mid_len;
} ukey;

static int by_key(const void *a, const void *b)
{
    const ent *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->outlet > y->outlet) - (x->outlet < y->outlet);
}

static ent *collect(const px__cmp *m, size_t *n)
{
    size_t cap = 64;
    ent *v = px__malloc(cap * sizeof *v);
    *n = 0;
    for (size_t i = 0; v && i < m->n; i++) {
        if (m->a[i].copy)
            continue;
        const px_rec *rec = &m->a[i].rec;
        for (size_t j = 0; j < rec->n_entities; j++) {
            px_slice k = rec->entities[j].key, nm = rec->entities[j].name;
            if (!k.ptr || !k.ptr[0])
                continue;
            if (*n == cap) {
                ent *nv = px__realloc(v, (cap *= 2) * sizeof *v);
                if (!nv) {
                    px__free(v);
                    return NULL;
                }
                v = nv;
            }
            v[(*n)++] =
                (ent){(const char *)k.ptr, (const char *)(nm.ptr ? nm.ptr : k.ptr),
                      (const char *)k.ptr, m->a[i].outlet_ix, rec->entities[j].type == PX_ENT_PER};
        }
    }
    return v;
}

static void unite(uint32_t *par, uint32_t a, uint32_t b)
{
    a = px__uf_find(par, a);
    b = px__uf_find(par, b);
    if (a != b)
        par[a > b ? a : b] = a < b ? a : b;
}

/* Levenshtein distance of a[0..na) and b[0..nb), or more than max (then
 * max + 1): given names are short. */
static size_t edits(const char *a, size_t na, const char *b, size_t nb, size_t max)
{
    if (na > 31 || nb > 31)
        return na == nb && !memcmp(a, b, na) ? 0 : max + 1;
    size_t row[32];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t c = diag + (a[i - 1] != b[j - 1]);
            c = up + 1 < c ? up + 1 : c;
            c = row[j - 1] + 1 < c ? row[j - 1] + 1 : c;
            row[j] = c;
            diag = up;
            best = c < best ? c : best;
        }
        if (best > max)
            return max + 1;
    }
    return row[nb];
}

/* Two spellings of one person's given names: the same first name ("Donald J.
 * Trump", "Donald Trump"), or first names of the same first letter at most one
 * edit apart (five letters or more) or two (seven or more): "Qassem",
 * "Qasem", "Qassam". */
static int near_given(const ukey *x, const ukey *y)
{
    size_t na = x->first_len, nb = y->first_len;
    if (!na || !nb || x->first[0] != y->first[0])
        return 0;
    if (na == nb && !memcmp(x->first, y->first, na))
        return 1;
    size_t len = na > nb ? na : nb;
    size_t max = len >= 7 ? 2 : len >= 5 ? 1 : 0;
    return max && edits(x->first, na, y->first, nb, max) <= max;
}

/* The first given name of key k (given: bytes before its surname): its first
 * word that is not an abbreviation (a title such as "maj." or "sen."). */
static void first_given(ukey *k)
{
    const char *p = k->key, *end = k->key + k->given;
    k->first = k->mid = NULL;
    k->first_len = k->mid_len = 0;
    while (p < end) {
        const char *w = p;
        while (p < end && *p != ' ')
            p++;
        size_t n = (size_t)(p - w);
        while (p < end && *p == ' ')
            p++;
        if (n && !(n <= 5 && w[n - 1] == '.')) {
            k->first = w;
            k->first_len = n;
            k->mid = p;
            k->mid_len = p < end ? (size_t)(end - p) - 1 : 0;
            return;
        }
    }
}

static const char *surname(const ukey *u)
{
    return u->key + u->given;
}

/* Persons with the same surname and near first names. */
static int same_person(const ukey *x, const ukey *y)
{
    return x->per && y->per && x->given && y->given && !strcmp(surname(x), surname(y)) &&
           near_given(x, y);
}

/* b names someone a may be without middle names ("George Bush" for
 * "George W. Bush"). */
static int has_middle_of(const ukey *a, const ukey *b)
{
    return a->first_len && !a->mid_len && b->mid_len && same_person(a, b);
}

/* b's surname is a, a lone surname ("Trump" for "Donald Trump"). */
static int has_surname(const ukey *a, const ukey *b)
{
    return a->per && !a->given && b->per && b->given && !strcmp(surname(b), a->key);
}

/* Joins key a to the one group whose keys fit it, never when two do. */
static void join_unique(
    const ukey *u, uint32_t *par, size_t k, uint32_t a, int (*fits)(const ukey *, const ukey *))
{
    uint32_t only = UINT32_MAX;
    for (uint32_t b = 0; b < k; b++)
        if (fits(&u[a], &u[b])) {
            uint32_t r = px__uf_find(par, b);
            if (only != UINT32_MAX && only != r)
                return;
            only = r;
        }
    if (only != UINT32_MAX)
        unite(par, a, only);
}

/* The distinct keys of v (sorted by the articles' keys), their number in
 * *nu, and their groups as a union-find forest in *parent (malloc). */
static ukey *merge_keys(const ent *v, size_t n, size_t *nu, uint32_t **parent)
{
    ukey *u = px__malloc((n + 1) * sizeof *u);
    uint32_t *par = px__malloc((n + 1) * sizeof *par);
    if (!u || !par) {
        px__free(u);
        px__free(par);
        return NULL;
    }
    uint32_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        int p = 0;
        while (j < n && !strcmp(v[j].orig, v[i].orig))
            p |= v[j++].per;
        const char *sp = strrchr(v[i].orig, ' ');
        u[k] = (ukey){.key = v[i].orig,
                      .name = v[i].name,
                      .n = j - i,
                      .per = p,
                      .given = sp ? (size_t)(sp - v[i].orig) + 1 : 0};
        first_given(&u[k]);
        par[k] = k;
        k++;
        i = j;
    }
    /* Near spellings of one person: same surname, near first names, the
     * same middle names ("Donald J. Trump" and "Donald J Trump"). */
    for (uint32_t a = 0; a < k; a++)
        for (uint32_t b = a + 1; b < k; b++)
            if (same_person(&u[a], &u[b]) && u[a].mid_len == u[b].mid_len &&
                !memcmp(u[a].mid, u[b].mid, u[a].mid_len))
                unite(par, a, b);
    /* Without middle names, then a lone surname: the one person of the story
     * who fits ("George Bush" stays apart when George W. and George H.W. are
     * there, "Clinton" beside Bill and Hillary). */
    for (uint32_t a = 0; a < k; a++)
        join_unique(u, par, k, a, has_middle_of);
    for (uint32_t a = 0; a < k; a++)
        join_unique(u, par, k, a, has_surname);
    *nu = k;
    *parent = par;
    return u;
}

/* Ranks u[i] before u[j] as the key of their group: more mentions, then a
 * full name without a title ("qassem soleimani" before "maj. gen. qassem
 * soleimani" and "soleimani"), then the longer, then the smaller. */
static int better(const ukey *u, uint32_t i, uint32_t j)
{
    if (u[i].n != u[j].n)
        return u[i].n > u[j].n;
    int fi = u[i].first == u[i].key, fj = u[j].first == u[j].key;
    if (fi != fj)
        return fi > fj;
    size_t li = strlen(u[i].key), lj = strlen(u[j].key);
    if (li != lj)
        return li > lj;
    return strcmp(u[i].key, u[j].key) < 0;
}

/* Each merged group's key (better() first); v's keys and names become it. */
static void relabel(ent *v, size_t n, const ukey *u, uint32_t *par, size_t k)
{
    uint32_t *best = px__malloc((k + 1) * sizeof *best);
    if (!best)
        return;
    for (size_t i = 0; i < k; i++)
        best[i] = UINT32_MAX;
    for (uint32_t i = 0; i < k; i++) {
        uint32_t r = px__uf_find(par, i);
        if (best[r] == UINT32_MAX || better(u, i, best[r]))
            best[r] = i;
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        while (at < k && strcmp(u[at].key, v[i].orig))
            at++;
        const ukey *w = &u[best[px__uf_find(par, (uint32_t)at)]];
        v[i].key = w->key;
        v[i].name = w->name;
    }
    px__free(best);
}

static int by_orig(const void *a, const void *b)
{
    const ent *x = a, *y = b;
    int c = strcmp(x->orig, y->orig);
    return c ? c : (x->outlet > y->outlet) - (x->outlet < y->outlet);
}

typedef struct group {
    size_t at, n, outlets;
} group;

static int by_reach(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (x->outlets != y->outlets)
        return x->outlets > y->outlets ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static px_status
write_entity(const px__cmp *m, const ent *v, const group *g, px_buf *out, uint8_t *has, int comma)
{
    memset(has, 0, m->n_outlets + 1);
    px_status e = px_buf_append_str(out, comma ? ",{\"key\":" : "{\"key\":");
    if (!e && !(e = px__json_str(out, px_slice_cstr(v[g->at].key))) &&
        !(e = px_buf_append_str(out, ",\"name\":")))
        e = px__json_str(out, px_slice_cstr(v[g->at].name));
    /* The other spellings merged into it, each once, in byte order. */
    const char **vs = e ? NULL : px__malloc((g->n + 1) * sizeof *vs);
    size_t nv = 0;
    if (!e && !vs)
        e = PX_ENOMEM;
    for (size_t i = g->at; i < g->at + g->n && !e; i++)
        if (strcmp(v[i].orig, v[i].key))
            vs[nv++] = v[i].orig;
    if (!e) {
        qsort(vs, nv, sizeof *vs, by_str);
        e = px_buf_append_str(out, ",\"variants\":[");
    }
    for (size_t i = 0; i < nv && !e; i++) {
        if (i && !strcmp(vs[i], vs[i - 1]))
            continue;
        if (i)
            e = px_buf_append_byte(out, ',');
        if (!e)
            e = px__json_str(out, px_slice_cstr(vs[i]));
    }
    px__free(vs);
    if (!e)
        e = px_buf_append_str(out, "],\"outlets\":[");
    int first = 1;
    for (size_t i = g->at; i < g->at + g->n && !e; i++) {
        if (has[v[i].outlet])
            continue;
        has[v[i].outlet] = 1;
        if (!first)
            e = px_buf_append_byte(out, ',');
        if (!e)
            e = px__json_str(out, m->outlets[v[i].outlet]);
        first = 0;
    }
    if (!e && !(e = px_buf_append_str(out, "],\"silent\":")))
        e = px__cmp_silent(m, has, out);
    if (!e)
        e = px_buf_append_byte(out, '}');
    return e;
}

px_status px__cmp_entities(px__cmp *m, px_buf *out)
{
    size_t n = 0, nu = 0;
    ent *v = collect(m, &n);
    ukey *u = NULL;
    uint32_t *par = NULL;
    if (v) {
        qsort(v, n, sizeof *v, by_orig);
        u = merge_keys(v, n, &nu, &par);
    }
    if (u)
        relabel(v, n, u, par, nu);
    group *g = px__malloc((n + 1) * sizeof *g);
    uint8_t *has = px__calloc(m->n_outlets + 1, 1);
    px_status e = v && u && g && has ? PX_OK : PX_ENOMEM;
    size_t ng = 0;
    if (!e)
        qsort(v, n, sizeof *v, by_key);
    for (size_t i = 0; i < n && !e;) {
        size_t j = i + 1, outlets = 1;
        for (; j < n && !strcmp(v[j].key, v[i].key); j++)
            outlets += v[j].outlet != v[j - 1].outlet;
        g[ng++] = (group){i, j - i, outlets};
        i = j;
    }
    if (!e) {
        qsort(g, ng, sizeof *g, by_reach);
        e = px_buf_append_str(out, ",\"entities\":[");
    }
    for (size_t k = 0; k < ng && k < MAX_ENTITIES && !e; k++)
        e = write_entity(m, v, &g[k], out, has, k > 0);
    if (!e)
        e = px_buf_append_byte(out, ']');
    px__free(v);
    px__free(u);
    px__free(par);
    px__free(g);
    px__free(has);
    return e;
}
