/* Stories: articles that report the same event. Candidate pairs come from an
 * inverted index over each article's heaviest TF-IDF terms (never all pairs:
 * each article meets only those sharing at least two of its index terms, and
 * boilerplate terms are not indexed); a pair links when its score passes
 * P.link. Links are taken best first, and a link that would stretch a story's
 * dates past P.max_span days is refused, so that stories do not chain across
 * weeks; copies always join their originals. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/corpus_impl.h"

/* The parameters (px_grouping, include/parallax/corpus.h), tuned on the BASIL
 * development events with AllSides distractors (stories) and on MEANTIME
 * (topics); see docs/corpus.md and `parallax eval stories --set`. */
static const px_grouping DEFAULTS = {
    .link = 0.30,
    .min_shared = 2,
    .max_days = 7,
    .max_span = 4,
    .undated = 0.25,
    .grace = 2,
    .day_penalty = 0.02,
    .ent_bonus = 0.04,
    .num_bonus = 0.03,
    .avg_link = 0.3,
    .avg_from = 8,
    .xlang_link = 0.10,
    .topic_link = 0.60,
    .topic_avg = 0.24,
    .topic_ent = 3,
    .topic_index = 12,
    .topic_share = 2,
    .topic_avg_ent = 0,
    .topic_near = 256,
};

#define FIELD(f)                                                                                   \
    {                                                                                              \
#f, offsetof(px_grouping, f)                                                               \
    }
static const struct {
    const char *name;
    size_t off;
} NAMES[] = {FIELD(link),        FIELD(min_shared),    FIELD(max_days),    FIELD(max_span),
             FIELD(undated),     FIELD(grace),         FIELD(day_penalty), FIELD(ent_bonus),
             FIELD(num_bonus),   FIELD(avg_link),      FIELD(avg_from),    FIELD(xlang_link),
             FIELD(topic_link),  FIELD(topic_avg),     FIELD(topic_ent),   FIELD(topic_index),
             FIELD(topic_share), FIELD(topic_avg_ent), FIELD(topic_near)};
#undef FIELD

void px_grouping_defaults(px_grouping *g)
{
    if (g)
        *g = DEFAULTS;
}

px_status px_grouping_set(px_grouping *g, const char *name, double v)
{
    if (!g || !name || !isfinite(v) || v < 0)
        return PX_EINVAL;
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (!strcmp(NAMES[i].name, name)) {
            if (!strcmp(name, "topic_index") && (v < 1 || v > PX_TOPK + 32))
                return PX_EINVAL;
            *(double *)((char *)g + NAMES[i].off) = v;
            return PX_OK;
        }
    return PX_EINVAL;
}

const char *px_grouping_name(const px_grouping *g, size_t i, double *value)
{
    if (i >= sizeof NAMES / sizeof *NAMES)
        return NULL;
    if (value)
        *value = g ? *(const double *)((const char *)g + NAMES[i].off) : 0;
    return NAMES[i].name;
}

static double dot(const px__cdoc *a, const px__cdoc *b)
{
    double s = 0;
    uint32_t i = 0, j = 0;
    while (i < a->n_term && j < b->n_term) {
        if (a->term[i] == b->term[j])
            s += (double)a->w[i++] * b->w[j++];
        else if (a->term[i] < b->term[j])
            i++;
        else
            j++;
    }
    return s;
}

static uint32_t shared(const uint64_t *a, uint32_t na, const uint64_t *b, uint32_t nb)
{
    uint32_t i = 0, j = 0, n = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            n++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return n;
}

double px__story_score(const px_grouping *P, const px__cdoc *a, const px__cdoc *b)
{
    double pen = 0;
    if (a->day != PX_NODAY && b->day != PX_NODAY) {
        int32_t d = a->day > b->day ? a->day - b->day : b->day - a->day;
        if (d > P->max_days)
            return -1;
        if (d > P->grace)
            pen = P->day_penalty * (d - P->grace);
    }
    uint32_t e = shared(a->ent, a->n_ent, b->ent, b->n_ent);
    uint32_t n = shared(a->num, a->n_num, b->num, b->n_num);
    return dot(a, b) + P->ent_bonus * (e < 5 ? e : 5) + P->num_bonus * (n < 3 ? n : 3) - pen;
}

/* Union-find over articles, keeping each story's dated span and members. */
typedef struct uf {
    uint32_t *parent;
    int32_t *lo, *hi; /* first and last day of the root's story, PX_NODAY when undated */
    uint32_t *next;   /* members of a story: a circular list through each article */
    uint32_t *size;   /* articles of the root's story */
    const px__corpus *c;
} uf;

uint32_t px__uf_find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* The mean link score over every pair of articles across the stories of roots
 * a and b (copies stand for their originals: they are skipped). A story grows
 * by single links only while it stays about one event: a chain of best links
 * (the charges in a death, then the protests, then the polls) keeps each step
 * above the bar, but its far ends share little. */
static double mean_score(const uf *u, uint32_t a, uint32_t b)
{
    const px__cdoc *d = u->c->docs;
    double sum = 0;
    size_t n = 0;
    uint32_t x = a;
    do {
        if (d[x].dup_of < 0) {
            uint32_t y = b;
            do {
                /* Pairs in two languages share only names and numbers: their
                 * link was judged by mutual best match (xlang_best). */
                if (d[y].dup_of < 0 && d[y].lang == d[x].lang) {
                    double s = px__story_score(&u->c->P, &d[x], &d[y]);
                    sum += s > 0 ? s : 0;
                    n++;
                }
                y = u->next[y];
            } while (y != b);
        }
        x = u->next[x];
    } while (x != a);
    return n ? sum / (double)n : 1;
}

/* Joins the stories of a and b unless their dated span would pass MAX_SPAN (or
 * force is set: copies always join their original). The root is the smaller index. */
static void join(uf *u, uint32_t a, uint32_t b, int force)
{
    const px_grouping *P = &u->c->P;
    a = px__uf_find(u->parent, a);
    b = px__uf_find(u->parent, b);
    if (a == b)
        return;
    int32_t lo = u->lo[a], hi = u->hi[a];
    if (lo == PX_NODAY || (u->lo[b] != PX_NODAY && u->lo[b] < lo))
        lo = u->lo[b];
    if (hi == PX_NODAY || (u->hi[b] != PX_NODAY && u->hi[b] > hi))
        hi = u->hi[b];
    if (!force && lo != PX_NODAY && hi - lo > P->max_span)
        return;
    if (!force && P->avg_link > 0 && u->size[a] + u->size[b] > P->avg_from &&
        mean_score(u, a, b) < P->avg_link)
        return;
    uint32_t r = a < b ? a : b, o = a < b ? b : a;
    u->parent[o] = r;
    u->lo[r] = lo;
    u->hi[r] = hi;
    u->size[r] = u->size[a] + u->size[b];
    uint32_t t = u->next[a];
    u->next[a] = u->next[b];
    u->next[b] = t;
}

/* The inverted index: for each term, the articles that have it among their top
 * terms (CSR arrays). */
typedef struct index {
    uint32_t *off; /* n_terms + 1 */
    uint32_t *doc;
} index;

static px_status build_index(const px__corpus *c, index *ix)
{
    size_t nt = c->voc.n;
    ix->off = px__calloc(nt + 1, sizeof *ix->off);
    size_t total = 0;
    for (size_t i = 0; i < c->n; i++)
        total += c->docs[i].n_top;
    ix->doc = px__malloc((total + 1) * sizeof *ix->doc);
    if (!ix->off || !ix->doc)
        return PX_ENOMEM;
    for (size_t i = 0; i < c->n; i++)
        for (uint32_t k = 0; k < c->docs[i].n_top; k++)
            ix->off[c->docs[i].top[k] + 1]++;
    for (size_t t = 0; t < nt; t++)
        ix->off[t + 1] += ix->off[t];
    uint32_t *fill = px__malloc((nt + 1) * sizeof *fill);
    if (!fill)
        return PX_ENOMEM;
    memcpy(fill, ix->off, (nt + 1) * sizeof *fill);
    for (size_t i = 0; i < c->n; i++)
        for (uint32_t k = 0; k < c->docs[i].n_top; k++)
            ix->doc[fill[c->docs[i].top[k]]++] = (uint32_t)i;
    px__free(fill);
    return PX_OK;
}

typedef struct edge {
    float score;
    uint32_t a, b;
} edge;

typedef struct edges {
    edge *v;
    size_t n, cap;
} edges;

static px_status push_edge(edges *out, float s, uint32_t a, uint32_t b)
{
    if (out->n == out->cap) {
        size_t nc = out->cap ? out->cap * 2 : 1024;
        edge *nv = px__realloc(out->v, nc * sizeof *nv);
        if (!nv)
            return PX_ENOMEM;
        out->v = nv;
        out->cap = nc;
    }
    out->v[out->n++] = (edge){s, a, b};
    return PX_OK;
}

/* Across languages a translation or a report of the same event shares little
 * more than names, numbers and dates, so its score stays below P.link. Such a
 * pair links when each article is the other's best candidate in the other's
 * language and the score reaches P.xlang_link: best[i * L + l] is article i's
 * best (score, article) in language slot l. Allocated only when the corpus
 * holds several languages. */
typedef struct xbest {
    float *score;
    uint32_t *with;
    uint32_t L;
} xbest;

static void xlang_note(xbest *x, const px__corpus *c, uint32_t i, uint32_t j, double s)
{
    size_t k = (size_t)i * x->L + c->docs[j].lang;
    if (s > x->score[k] || (s == x->score[k] && j < x->with[k])) {
        x->score[k] = (float)s;
        x->with[k] = j;
    }
}

/* Adds the mutual best pairs across languages that no ordinary link covers. */
static px_status xlang_edges(const px__corpus *c, const xbest *x, edges *out)
{
    const px_grouping *P = &c->P;
    for (uint32_t i = 0; i < c->n; i++)
        for (uint32_t l = 0; l < x->L; l++) {
            size_t k = (size_t)i * x->L + l;
            uint32_t j = x->with[k];
            if (j == UINT32_MAX || j <= i)
                continue;
            size_t back = (size_t)j * x->L + c->docs[i].lang;
            if (x->with[back] != i)
                continue;
            const px__cdoc *a = &c->docs[i], *b = &c->docs[j];
            int undated = a->day == PX_NODAY || b->day == PX_NODAY;
            double s = x->score[k];
            if (s < P->xlang_link + (undated ? P->undated : 0) ||
                s >= P->link + (undated ? P->undated : 0))
                continue; /* too weak, or already an ordinary link */
            if (push_edge(out, (float)s, i, j))
                return PX_ENOMEM;
        }
    return PX_OK;
}

static int by_score(const void *x, const void *y)
{
    const edge *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

/* The first position in postings [p, e) holding an article >= from. */
static uint32_t lower(const uint32_t *doc, uint32_t p, uint32_t e, uint32_t from)
{
    while (p < e) {
        uint32_t m = p + (e - p) / 2;
        if (doc[m] < from)
            p = m + 1;
        else
            e = m;
    }
    return p;
}

/* Where each article looks for candidates. Articles are loaded by date
 * (undated last), so those within P->max_days of a dated article form one index
 * range [lo, hi): a term common over years then costs the articles of a few
 * days, not of the whole corpus. Undated articles (from u0 on) may link with
 * any. When the dated articles are not in date order (an unparsable date
 * among them), every range is the whole corpus, as without windows. */
typedef struct windows {
    uint32_t *lo, *hi;
    uint32_t u0; /* the first of the undated tail */
} windows;

static px_status day_windows(const px__corpus *c, windows *w)
{
    uint32_t n = (uint32_t)c->n;
    const px_grouping *P = &c->P;
    w->lo = px__malloc((n + 1) * sizeof *w->lo);
    w->hi = px__malloc((n + 1) * sizeof *w->hi);
    if (!w->lo || !w->hi)
        return PX_ENOMEM;
    const px__cdoc *d = c->docs;
    uint32_t u0 = n;
    while (u0 > 0 && d[u0 - 1].day == PX_NODAY)
        u0--;
    int sorted = 1;
    for (uint32_t i = 1; i < u0 && sorted; i++)
        sorted = d[i].day != PX_NODAY && d[i - 1].day != PX_NODAY && d[i - 1].day <= d[i].day;
    if (u0 && d[0].day == PX_NODAY)
        sorted = 0;
    w->u0 = sorted ? u0 : n;
    uint32_t a = 0, b = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!sorted || i >= u0) {
            w->lo[i] = 0;
            w->hi[i] = n;
            continue;
        }
        double day = d[i].day;
        while (a < i && day - d[a].day > P->max_days)
            a++;
        if (b < i + 1)
            b = i + 1;
        while (b < u0 && d[b].day - day <= P->max_days)
            b++;
        w->lo[i] = a;
        w->hi[i] = b;
    }
    return PX_OK;
}

/* Counts article i's shared top terms with article j (a candidate). */
static inline void meet(uint32_t j, uint32_t *acc, uint32_t *touched, size_t *nt)
{
    if (acc[j]++ == 0)
        touched[(*nt)++] = j;
}

/* Adds the links of article i to the articles it meets in the index within
 * its window: in a full run (fresh NULL) the earlier ones; in an incremental
 * run i is fresh and meets every kept article and the earlier fresh ones
 * (kept articles keep their saved links and look for none). Each pair is met
 * once; an edge is (earlier, later) whichever found it. */
static px_status link_doc(const px__corpus *c,
                          const index *ix,
                          const windows *w,
                          uint32_t i,
                          const uint8_t *fresh,
                          uint32_t *acc,
                          uint32_t *touched,
                          xbest *xb,
                          edges *out)
{
    const px_grouping *P = &c->P;
    const px__cdoc *d = &c->docs[i];
    uint32_t lo = w->lo[i], hi = fresh ? w->hi[i] : i;
    size_t nt = 0;
    for (uint32_t k = 0; k < d->n_top; k++) {
        uint32_t t = d->top[k], e = ix->off[t + 1];
        uint32_t p = lower(ix->doc, ix->off[t], e, lo);
        for (; p < e && ix->doc[p] < hi; p++) {
            uint32_t j = ix->doc[p];
            if (j == i || (fresh && j > i && fresh[j]))
                continue;
            meet(j, acc, touched, &nt);
        }
        /* The undated tail may link with anything (fresh: the later ones). */
        if (fresh && hi < w->u0)
            for (p = lower(ix->doc, p, e, w->u0); p < e; p++) {
                uint32_t j = ix->doc[p];
                if (j != i && !(j > i && fresh[j]))
                    meet(j, acc, touched, &nt);
            }
    }
    px_status e = PX_OK;
    for (size_t k = 0; k < nt; k++) {
        uint32_t j = touched[k];
        uint32_t a = j < i ? j : i, b = j < i ? i : j;
        const px__cdoc *da = &c->docs[a], *db = &c->docs[b];
        double need = P->link + (da->day == PX_NODAY || db->day == PX_NODAY ? P->undated : 0);
        /* Across languages the index terms shared are names and numbers:
         * one is enough to be a candidate. */
        double need_shared = da->lang == db->lang ? P->min_shared : 1;
        double s = acc[j] >= need_shared ? px__story_score(P, db, da) : -1;
        acc[j] = 0;
        if (xb && s > 0 && da->lang != db->lang) {
            xlang_note(xb, c, a, b, s);
            xlang_note(xb, c, b, a, s);
        }
        if (s < need || e)
            continue;
        e = push_edge(out, (float)s, a, b);
    }
    return e;
}

/* Joins the kept articles of each previous story (fresh[i] == 0): the saved
 * grouping of the articles already grouped is not recomputed. */
static px_status join_kept(px__corpus *c, uf *u, const char *const *prev, const uint8_t *fresh)
{
    px_map *first = px__map_new(c->n + 16);
    if (!first)
        return PX_ENOMEM;
    for (uint32_t i = 0; i < c->n; i++) {
        if (fresh[i])
            continue;
        uint64_t *slot;
        int isnew;
        if (px__map_put(first, px_slice_cstr(prev[i]), i, &slot, &isnew)) {
            px__map_free(first);
            return PX_ENOMEM;
        }
        if (!isnew)
            join(u, i, (uint32_t)*slot, 1);
    }
    px__map_free(first);
    return PX_OK;
}

/* Joins copies to originals, then links in decreasing score order. */
static px_status join_all(px__corpus *c,
                          uf *u,
                          edges *g,
                          const char *const *prev,
                          const uint8_t *fresh,
                          size_t *n_stories)
{
    /* A copy's date does not stretch its story: a republication weeks later
     * must not keep the original's story from taking its own reports. */
    for (uint32_t i = 0; i < c->n; i++) {
        u->parent[i] = i;
        u->next[i] = i;
        u->size[i] = 1;
        u->lo[i] = u->hi[i] = c->docs[i].dup_of < 0 ? c->docs[i].day : PX_NODAY;
    }
    if (fresh && join_kept(c, u, prev, fresh))
        return PX_ENOMEM;
    for (uint32_t i = 0; i < c->n; i++)
        if (c->docs[i].dup_of >= 0)
            join(u, i, (uint32_t)c->docs[i].dup_of, 1);
    if (g->n)
        qsort(g->v, g->n, sizeof *g->v, by_score);
    for (size_t k = 0; k < g->n; k++)
        join(u, g->v[k].a, g->v[k].b, 0);
    /* Stories are numbered by their first article in store order. */
    for (uint32_t i = 0; i < c->n; i++) {
        uint32_t r = px__uf_find(u->parent, i);
        if (r == i)
            c->docs[i].story = (int32_t)(*n_stories)++;
        else
            c->docs[i].story = c->docs[r].story;
    }
    return PX_OK;
}

/* Which articles are fresh (featurized in this run, or without a previous
 * story), or NULL when all are (a full run). */
static uint8_t *fresh_set(const px__corpus *c, const char *const *prev)
{
    if (!prev)
        return NULL;
    uint8_t *f = px__calloc(c->n, 1);
    if (!f)
        return NULL;
    for (uint32_t i = 0; i < c->n; i++)
        f[i] = c->docs[i].feat_len || !prev[i];
    return f;
}

px_status px__cluster(px__corpus *c, const char *const *prev, size_t *n_stories)
{
    *n_stories = 0;
    if (!c->n)
        return PX_OK;
    index ix = {0};
    edges g = {0};
    uf u = {px__malloc(c->n * sizeof *u.parent), px__malloc(c->n * sizeof *u.lo),
            px__malloc(c->n * sizeof *u.hi),     px__malloc(c->n * sizeof *u.next),
            px__malloc(c->n * sizeof *u.size),   c};
    uint32_t *acc = px__calloc(c->n, sizeof *acc);
    uint32_t *touched = px__malloc(c->n * sizeof *touched);
    uint8_t *fresh = fresh_set(c, prev);
    windows w = {0};
    xbest xb = {NULL, NULL, c->voc.n_lang};
    px_status st =
        u.parent && u.lo && u.hi && u.next && u.size && acc && touched && (fresh || !prev)
            ? build_index(c, &ix)
            : PX_ENOMEM;
    if (st == PX_OK)
        st = day_windows(c, &w);
    if (st == PX_OK && xb.L > 1) {
        xb.score = px__malloc(c->n * xb.L * sizeof *xb.score);
        xb.with = px__malloc(c->n * xb.L * sizeof *xb.with);
        if (!xb.score || !xb.with)
            st = PX_ENOMEM;
        for (size_t k = 0; st == PX_OK && k < c->n * xb.L; k++) {
            xb.score[k] = 0;
            xb.with[k] = UINT32_MAX;
        }
    }
    /* Incremental: only fresh articles look for links (the work grows with
     * what was added, not with the store); a kept article's best match across
     * languages is then its best among the fresh ones. */
    for (uint32_t i = 0; i < c->n && st == PX_OK; i++)
        if (!fresh || fresh[i])
            st = link_doc(c, &ix, &w, i, fresh, acc, touched, xb.score ? &xb : NULL, &g);
    px__free(w.lo);
    px__free(w.hi);
    if (st == PX_OK && xb.score)
        st = xlang_edges(c, &xb, &g);
    px__free(xb.score);
    px__free(xb.with);
    if (st == PX_OK)
        st = join_all(c, &u, &g, prev, fresh, n_stories);
    px__free(fresh);
    px__free(u.parent);
    px__free(u.lo);
    px__free(u.hi);
    px__free(u.next);
    px__free(u.size);
    px__free(acc);
    px__free(touched);
    px__free(ix.off);
    px__free(ix.doc);
    px__free(g.v);
    return st;
}
