/* Topics: stories grouped into long-running threads (a war and its
 * anniversaries, a company's years of news), with no time limit.
 *
 * Each story is a sparse vector: the sum of its original articles' TF-IDF
 * vectors (normalised, the heaviest PX_TOPK terms kept) and, scaled by
 * sqrt(P.topic_ent), the entity keys its articles name, weighted by their
 * mentions (each article's count capped at MEN_CAP, summed over the articles)
 * and by the key's inverse story frequency (normalised, the heaviest 32 kept). The dot product of
 * two story vectors is then cos(terms) + P.topic_ent · cos(entities). Candidate pairs come from an
 * inverted index over each story's heaviest keys (as for articles, keys in too many stories are not
 * indexed); a pair links when its score is at least P.topic_link. Links are taken best first, and
 * two topics join only when the mean score over every pair of their stories is at least
 * P.topic_avg: with dot-product scores that mean is dot(ΣA, ΣB) / (|A| |B|), so the check keeps
 * each topic's summed vector instead of comparing every pair. Threads then stay on one subject
 * instead of chaining from one to the next. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/story_impl.h"

#define ENT_BIT  (1ULL << 63) /* entity keys; term keys are term ids */
#define ENT_KEEP 32

/* A sparse vector, keys ascending. */
typedef struct svec {
    uint64_t *key;
    float *w;
    uint32_t n;
} svec;

typedef struct kw {
    uint64_t key;
    float w;
} kw;

static int by_key(const void *a, const void *b)
{
    uint64_t x = ((const kw *)a)->key, y = ((const kw *)b)->key;
    return (x > y) - (x < y);
}

static int by_w(const void *a, const void *b)
{
    const kw *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return (x->key > y->key) - (x->key < y->key);
}

/* Sorts v[0..n) by cmp: insertion sort for
 * short runs, the common case (a story's 64 terms), where glibc's qsort (a
 * merge sort through a buffer) spent a tenth of an incremental run at a
 * million articles. Both are stable, so the order is the one qsort gives. */
static void kw_sort(kw *v, uint32_t n, int (*cmp)(const void *, const void *))
{
    if (n > 96) {
        qsort(v, n, sizeof *v, cmp);
        return;
    }
    for (uint32_t i = 1; i < n; i++) {
        kw x = v[i];
        uint32_t j = i;
        while (j > 0 && cmp(&v[j - 1], &x) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* The first index at or after i of b's keys not below key (b's keys
 * ascending): galloping, then binary search. */
static uint32_t seek(const svec *b, uint32_t i, uint64_t key)
{
    uint32_t step = 1, hi = i;
    while (hi < b->n && b->key[hi] < key) {
        i = hi + 1;
        hi += step;
        step *= 2;
    }
    if (hi > b->n)
        hi = b->n;
    while (i < hi) {
        uint32_t mid = i + (hi - i) / 2;
        if (b->key[mid] < key)
            i = mid + 1;
        else
            hi = mid;
    }
    return i;
}

/* The dot product of a and b from their keys at i and j on. A topic's summed
 * vector may hold thousands of keys: against a much shorter one, each short
 * key is sought in the long one instead of walking it all (the join checks
 * of a big topic otherwise cost its size each, and grow with the square of
 * the store). */
static double sdot_from(const svec *a, uint32_t i, const svec *b, uint32_t j)
{
    if ((a->n - i) > 16 * (b->n - j))
        return sdot_from(b, j, a, i);
    if (16 * (a->n - i) < (b->n - j)) {
        double s = 0;
        for (; i < a->n && j < b->n; i++) {
            j = seek(b, j, a->key[i]);
            if (j < b->n && b->key[j] == a->key[i])
                s += (double)a->w[i] * b->w[j++];
        }
        return s;
    }
    double s = 0;
    while (i < a->n && j < b->n) {
        if (a->key[i] == b->key[j])
            s += (double)a->w[i++] * b->w[j++];
        else if (a->key[i] < b->key[j])
            i++;
        else
            j++;
    }
    return s;
}

static double sdot(const svec *a, const svec *b)
{
    return sdot_from(a, 0, b, 0);
}

/* The dot product over entity keys only (they survive translation; terms do
 * not). */
static double sdot_ent(const svec *a, const svec *b)
{
    uint32_t i = 0, j = 0;
    while (i < a->n && !(a->key[i] & ENT_BIT))
        i++;
    while (j < b->n && !(b->key[j] & ENT_BIT))
        j++;
    return sdot_from(a, i, b, j);
}

/* out = a + b (out's arrays allocated); returns -1 when out of memory. */
static int sadd(const svec *a, const svec *b, svec *out)
{
    uint32_t cap = a->n + b->n;
    out->key = px__malloc((cap + 1) * sizeof *out->key);
    out->w = px__malloc((cap + 1) * sizeof *out->w);
    if (!out->key || !out->w)
        return -1;
    uint32_t i = 0, j = 0, n = 0;
    while (i < a->n || j < b->n) {
        if (j >= b->n || (i < a->n && a->key[i] < b->key[j])) {
            out->key[n] = a->key[i];
            out->w[n++] = a->w[i++];
        } else if (i >= a->n || b->key[j] < a->key[i]) {
            out->key[n] = b->key[j];
            out->w[n++] = b->w[j++];
        } else {
            out->key[n] = a->key[i];
            out->w[n++] = a->w[i++] + b->w[j++];
        }
    }
    out->n = n;
    return 0;
}

static void sfree(svec *v)
{
    px__free(v->key);
    px__free(v->w);
    v->key = NULL;
    v->w = NULL;
    v->n = 0;
}

/* Normalises v[0..n) to norm scale, keeps the heaviest keep, sorts by key. */
static uint32_t norm_keep(kw *v, uint32_t n, uint32_t keep, double scale)
{
    double ss = 0;
    for (uint32_t i = 0; i < n; i++)
        ss += (double)v[i].w * v[i].w;
    if (ss <= 0)
        return 0;
    double f = scale / sqrt(ss);
    if (n > keep) {
        kw_sort(v, n, by_w);
        n = keep;
    }
    for (uint32_t i = 0; i < n; i++)
        v[i].w = (float)(v[i].w * f);
    kw_sort(v, n, by_key);
    return n;
}

/* The state of one topic grouping. */
typedef struct tg {
    px_stories *st;
    const px_grouping *P; /* the parameters (the corpus's) */
    size_t n;             /* stories */
    svec *vec;            /* each story's vector (arena) */
    svec *sum;            /* each topic root's summed vector (malloc; a story's own: vec) */
    uint32_t *parent, *size;
    uint8_t *fresh; /* stories that may link (NULL: all) */
    px_arena *a;
} tg;

/* Joins the topics of x and y when force is set or their mean pair score is
 * at least P.topic_avg. Returns -1 when out of memory. */
static int join(tg *g, uint32_t x, uint32_t y, int force)
{
    x = px__uf_find(g->parent, x);
    y = px__uf_find(g->parent, y);
    if (x == y)
        return 0;
    const svec *a = g->sum[x].key ? &g->sum[x] : &g->vec[x];
    const svec *b = g->sum[y].key ? &g->sum[y] : &g->vec[y];
    double pairs = (double)g->size[x] * g->size[y];
    if (!force && sdot(a, b) / pairs < g->P->topic_avg &&
        (g->P->topic_avg_ent <= 0 || sdot_ent(a, b) / pairs < g->P->topic_avg_ent))
        return 0;
    svec m;
    if (sadd(a, b, &m)) {
        sfree(&m);
        return -1;
    }
    uint32_t r = x < y ? x : y, o = x < y ? y : x;
    sfree(&g->sum[x]);
    sfree(&g->sum[y]);
    g->sum[r] = m;
    g->parent[o] = r;
    g->size[r] += g->size[o];
    return 0;
}

/* A u64 -> u32 open-addressing table (entity document frequencies, index
 * keys). */
typedef struct u64tab {
    uint64_t *k;
    uint32_t *v;
    size_t cap, n;
} u64tab;

static int tab_init(u64tab *t, size_t expected)
{
    t->cap = 64;
    while (t->cap < expected * 2)
        t->cap *= 2;
    t->n = 0;
    t->k = px__calloc(t->cap, sizeof *t->k);
    t->v = px__calloc(t->cap, sizeof *t->v);
    return t->k && t->v ? 0 : -1;
}

/* Keys are stored plus one (0 marks an empty slot; the all-ones key, a hash,
 * shares the slot of key 0). */
static uint64_t tab_key(uint64_t key)
{
    return key + 1 ? key + 1 : 1;
}

/* Slot of key, inserted with value 0 when absent; NULL on OOM. */
static uint32_t *tab_slot(u64tab *t, uint64_t key)
{
    key = tab_key(key);
    if ((t->n + 1) * 2 > t->cap) {
        u64tab nt;
        nt.cap = t->cap * 2;
        nt.n = 0;
        nt.k = px__calloc(nt.cap, sizeof *nt.k);
        nt.v = px__calloc(nt.cap, sizeof *nt.v);
        if (!nt.k || !nt.v) {
            px__free(nt.k);
            px__free(nt.v);
            return NULL;
        }
        for (size_t i = 0; i < t->cap; i++)
            if (t->k[i]) {
                size_t h = (size_t)(t->k[i] * 0x9E3779B97F4A7C15ULL >> 20) & (nt.cap - 1);
                while (nt.k[h])
                    h = (h + 1) & (nt.cap - 1);
                nt.k[h] = t->k[i];
                nt.v[h] = t->v[i];
            }
        nt.n = t->n;
        px__free(t->k);
        px__free(t->v);
        *t = nt;
    }
    size_t h = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (t->cap - 1);
    while (t->k[h] && t->k[h] != key)
        h = (h + 1) & (t->cap - 1);
    if (!t->k[h]) {
        t->k[h] = key;
        t->v[h] = 0;
        t->n++;
    }
    return &t->v[h];
}

static uint32_t tab_get(const u64tab *t, uint64_t key)
{
    key = tab_key(key);
    size_t h = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (t->cap - 1);
    while (t->k[h] && t->k[h] != key)
        h = (h + 1) & (t->cap - 1);
    return t->k[h] ? t->v[h] : 0;
}

static void tab_free(u64tab *t)
{
    px__free(t->k);
    px__free(t->v);
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* An article's weight for an entity key it names: its mentions, capped, so
 * that the entities an article is about outweigh those it names in passing
 * (the company of a business thread against an analyst quoted once). */
#define MEN_CAP 3

/* The distinct entity keys of story k's originals with their weight (the sum
 * over the articles naming each of its mentions, capped at MEN_CAP): into ents
 * (sorted, ENT_BIT set; its w the weight); returns their number. tmp holds all
 * the story's keys. */
static uint32_t story_ents(const tg *g, size_t k, kw *tmp, kw *ents)
{
    const px_stories *st = g->st;
    const px__story *s = &st->story[k];
    size_t n = 0;
    for (uint32_t m = 0; m < s->n; m++) {
        const px__cdoc *d = &st->c->docs[st->members[s->first + m]];
        if (d->dup_of >= 0)
            continue;
        for (uint32_t e = 0; e < d->n_ent; e++) {
            unsigned men = d->ent_men ? d->ent_men[e] : 1;
            men = men < 1 ? 1 : men > MEN_CAP ? MEN_CAP : men;
            tmp[n++] = (kw){d->ent[e] | ENT_BIT, (float)men};
        }
    }
    kw_sort(tmp, (uint32_t)n, by_key);
    uint32_t u = 0;
    for (size_t i = 0; i < n;) {
        float w = 0;
        size_t j = i;
        while (j < n && tmp[j].key == tmp[i].key)
            w += tmp[j++].w;
        ents[u++] = (kw){tmp[i].key, w};
        i = j;
    }
    return u;
}

/* Builds every story's vector. */
static px_status build_vectors(tg *g)
{
    const px_stories *st = g->st;
    const px__corpus *c = st->c;
    size_t max_ent = 0, max_terms = 0;
    for (size_t k = 0; k < g->n; k++) {
        size_t e = 0, t = 0;
        const px__story *s = &st->story[k];
        for (uint32_t m = 0; m < s->n; m++) {
            e += c->docs[st->members[s->first + m]].n_ent;
            t += c->docs[st->members[s->first + m]].n_term;
        }
        max_ent = e > max_ent ? e : max_ent;
        max_terms = t > max_terms ? t : max_terms;
    }
    kw *tmp = px__malloc((max_ent + 1) * sizeof *tmp);
    kw *ents = px__malloc((max_ent + 1) * sizeof *ents);
    kw *v = px__malloc((max_terms + max_ent + 1) * sizeof *v);
    float *dense = px__calloc(c->voc.n + 1, sizeof *dense);
    u64tab df = {0};
    px_status e = tmp && ents && v && dense && !tab_init(&df, 1024) ? PX_OK : PX_ENOMEM;
    /* Story frequency of each entity key. */
    for (size_t k = 0; k < g->n && !e; k++) {
        uint32_t u = story_ents(g, k, tmp, ents);
        for (uint32_t i = 0; i < u && !e; i++) {
            uint32_t *slot = tab_slot(&df, ents[i].key);
            if (!slot)
                e = PX_ENOMEM;
            else
                (*slot)++;
        }
    }
    double n_st = (double)g->n;
    for (size_t k = 0; k < g->n && !e; k++) {
        const px__story *s = &st->story[k];
        uint32_t nv = 0;
        for (uint32_t m = 0; m < s->n; m++) {
            const px__cdoc *d = &c->docs[st->members[s->first + m]];
            if (d->dup_of >= 0)
                continue;
            for (uint32_t i = 0; i < d->n_term; i++) {
                if (dense[d->term[i]] == 0)
                    v[nv++] = (kw){d->term[i], 0};
                dense[d->term[i]] += d->w[i];
            }
        }
        for (uint32_t i = 0; i < nv; i++) {
            v[i].w = dense[v[i].key];
            dense[v[i].key] = 0;
        }
        uint32_t nt = norm_keep(v, nv, PX_TOPK, 1.0);
        uint32_t u = story_ents(g, k, tmp, ents);
        uint32_t ne = 0;
        for (uint32_t i = 0; i < u; i++) {
            uint32_t f = tab_get(&df, ents[i].key);
            /* A key only this story names links nothing. */
            if (f < 2)
                continue;
            v[nt + ne++] = (kw){ents[i].key, (float)((1 + log(ents[i].w)) * log((n_st + 1) / f))};
        }
        ne = norm_keep(v + nt, ne, ENT_KEEP, sqrt(g->P->topic_ent));
        svec *sv = &g->vec[k];
        sv->n = nt + ne;
        sv->key = PX_ARENA_NEW(g->a, uint64_t, sv->n + 1);
        sv->w = PX_ARENA_NEW(g->a, float, sv->n + 1);
        if (!sv->key || !sv->w) {
            e = PX_ENOMEM;
            break;
        }
        /* Terms (< 2^32) sort before entity keys (ENT_BIT): already in order. */
        for (uint32_t i = 0; i < sv->n; i++) {
            sv->key[i] = v[i].key;
            sv->w[i] = v[i].w;
        }
    }
    tab_free(&df);
    px__free(tmp);
    px__free(ents);
    px__free(v);
    px__free(dense);
    return e;
}

typedef struct edge {
    float score;
    uint32_t a, b;
} edge;

static int by_score(const void *x, const void *y)
{
    const edge *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

/* The heaviest keep keys of v, into out; returns their number. */
static uint32_t index_keys(const svec *v, uint32_t keep, kw *tmp, uint64_t *out)
{
    for (uint32_t i = 0; i < v->n; i++)
        tmp[i] = (kw){v->key[i], v->w[i]};
    uint32_t n = v->n;
    if (n > keep) {
        kw_sort(tmp, n, by_w);
        n = keep;
    }
    for (uint32_t i = 0; i < n; i++)
        out[i] = tmp[i].key;
    return n;
}

/* Candidate pairs through the inverted index of index keys, scored; the
 * links at or above P.topic_link into *out. */
static px_status find_links(tg *g, edge **out, size_t *n_out)
{
    size_t n = g->n;
    const px_grouping *P = g->P;
    uint32_t keep = (uint32_t)P->topic_index;
    uint64_t *keys = px__malloc((n * keep + 1) * sizeof *keys);
    uint32_t *nk = px__calloc(n + 1, sizeof *nk);
    kw *tmp = px__malloc((PX_TOPK + ENT_KEEP + 1) * sizeof *tmp);
    u64tab kid = {0}; /* key -> dense id + 1 */
    px_status e = keys && nk && tmp && !tab_init(&kid, n * 4) ? PX_OK : PX_ENOMEM;
    uint32_t n_ids = 0;
    for (size_t k = 0; k < n && !e; k++) {
        nk[k] = index_keys(&g->vec[k], keep, tmp, keys + k * keep);
        for (uint32_t i = 0; i < nk[k] && !e; i++) {
            uint32_t *slot = tab_slot(&kid, keys[k * keep + i]);
            if (!slot)
                e = PX_ENOMEM;
            else if (!*slot)
                *slot = ++n_ids;
        }
    }
    uint32_t *off = e ? NULL : px__calloc(n_ids + 2, sizeof *off);
    uint32_t *fill = e ? NULL : px__malloc((n_ids + 2) * sizeof *fill);
    size_t total = 0;
    for (size_t k = 0; k < n; k++)
        total += nk[k];
    uint32_t *post = e ? NULL : px__malloc((total + 1) * sizeof *post);
    uint32_t *acc = e ? NULL : px__calloc(n + 1, sizeof *acc);
    uint32_t *touched = e ? NULL : px__malloc((n + 1) * sizeof *touched);
    if (!e && (!off || !fill || !post || !acc || !touched))
        e = PX_ENOMEM;
    edge *ev = NULL;
    size_t ne = 0, cap = 0;
    if (!e) {
        for (size_t k = 0; k < n; k++)
            for (uint32_t i = 0; i < nk[k]; i++)
                off[tab_get(&kid, keys[k * keep + i])]++;
        /* off[id] (ids from 1) counts; prefix sums give the start of id at off[id - 1]. */
        uint32_t run = 0;
        for (uint32_t id = 0; id <= n_ids; id++) {
            uint32_t c0 = off[id];
            off[id] = run;
            run += c0;
        }
        off[n_ids + 1] = run;
        memcpy(fill, off, (n_ids + 2) * sizeof *fill);
        for (size_t k = 0; k < n; k++)
            for (uint32_t i = 0; i < nk[k]; i++)
                post[fill[tab_get(&kid, keys[k * keep + i])]++] = (uint32_t)k;
    }
    /* Keys in more stories than this are too common to find threads by. */
    uint32_t max_df = n / 20 > 50 ? (uint32_t)(n / 20) : 50;
    uint32_t near = P->topic_near >= 1 && P->topic_near < 4e9 ? (uint32_t)P->topic_near : 0;
    for (size_t k = 0; k < n && !e; k++) {
        size_t nt = 0;
        /* An incremental run: kept stories keep their links and look for
         * none; a fresh one meets the earlier stories and the later kept
         * ones (a later fresh one finds it itself). */
        if (g->fresh && !g->fresh[k])
            continue;
        for (uint32_t i = 0; i < nk[k]; i++) {
            uint32_t id = tab_get(&kid, keys[k * keep + i]);
            if (off[id + 1] - off[id] > max_df)
                continue;
            /* Stories are in date order, and so are the postings: a key of
             * many stories offers only the nearest ones before k (a thread
             * is found link by link; without this bound, candidates grow
             * with the square of the store). */
            uint32_t lo = off[id], hi = off[id + 1];
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (post[mid] < k)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            uint32_t from = off[id], to = lo;
            if (near && lo - from > near)
                from = lo - near;
            if (g->fresh) {
                to = off[id + 1];
                if (near && to - lo > near + 1)
                    to = lo + near + 1; /* k itself is at lo */
            }
            for (uint32_t p = from; p < to; p++) {
                uint32_t j = post[p];
                if (j == k || (j > k && g->fresh[j]))
                    continue;
                if (acc[j]++ == 0)
                    touched[nt++] = j;
            }
        }
        for (size_t t = 0; t < nt; t++) {
            uint32_t j = touched[t];
            double s = acc[j] >= P->topic_share ? sdot(&g->vec[k], &g->vec[j]) : -1;
            acc[j] = 0;
            if (s < P->topic_link || e)
                continue;
            if (ne == cap) {
                size_t nc = cap ? cap * 2 : 1024;
                edge *nv = px__realloc(ev, nc * sizeof *nv);
                if (!nv) {
                    e = PX_ENOMEM;
                    continue;
                }
                ev = nv;
                cap = nc;
            }
            ev[ne++] = j < k ? (edge){(float)s, j, (uint32_t)k} : (edge){(float)s, (uint32_t)k, j};
        }
    }
    tab_free(&kid);
    px__free(keys);
    px__free(nk);
    px__free(tmp);
    px__free(off);
    px__free(fill);
    px__free(post);
    px__free(acc);
    px__free(touched);
    if (e) {
        px__free(ev);
        return e;
    }
    *out = ev;
    *n_out = ne;
    return PX_OK;
}

/* Previous topic of each story id, read from the store. */
typedef struct prev_walk {
    px_map *by_story; /* story id -> index in names + 1 */
    px_slice *names;
    size_t n, cap;
    px_arena *a;
    px_slice *stories; /* the story of each row */
    uint8_t *lead;     /* and its lead flag */
} prev_walk;

static px_status prev_row(void *ud, const px__store_topic *t)
{
    prev_walk *w = ud;
    if (!t->story.ptr || !t->topic.ptr)
        return PX_OK;
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 256;
        px_slice *nn = px__realloc(w->names, nc * sizeof *nn);
        if (nn)
            w->names = nn;
        px_slice *ns = px__realloc(w->stories, nc * sizeof *ns);
        if (ns)
            w->stories = ns;
        uint8_t *nl = px__realloc(w->lead, nc);
        if (nl)
            w->lead = nl;
        if (!nn || !ns || !nl)
            return PX_ENOMEM;
        w->cap = nc;
    }
    px_slice kept = px__arena_dup(w->a, t->topic);
    px_slice story = px__arena_dup(w->a, t->story);
    uint64_t *slot;
    int isnew;
    if (!kept.ptr || !story.ptr || px__map_put(w->by_story, t->story, w->n + 1, &slot, &isnew))
        return PX_ENOMEM;
    w->stories[w->n] = story;
    w->lead[w->n] = t->lead != 0;
    w->names[w->n++] = kept;
    return PX_OK;
}

static int by_str(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    if (!x || !y)
        return !x - !y;
    return strcmp(x, y);
}

/* Gives each topic (root r of the union-find) an id: the previous topic id
 * most of its stories held (bigger topics first; ties: the smaller id), else
 * one derived from its first story's id that no previous topic held. */
static px_status assign_ids(tg *g, const char **ptop, char (*tid)[12], px_map *reserved)
{
    size_t n = g->n;
    /* Topics by decreasing size, then root. */
    uint64_t *order = px__malloc((n + 1) * sizeof *order);
    const char **tmp = px__malloc((n + 1) * sizeof *tmp);
    uint32_t *first = px__malloc((n + 1) * sizeof *first); /* members of root: a list */
    uint32_t *next = px__malloc((n + 1) * sizeof *next);
    px_map *used = px__map_new(n + 16);
    px_status e = order && tmp && first && next && used ? PX_OK : PX_ENOMEM;
    size_t nr = 0;
    for (size_t k = 0; k < n && !e; k++) {
        first[k] = UINT32_MAX;
        tid[k][0] = 0;
    }
    for (size_t k = n; k-- > 0 && !e;) {
        uint32_t r = px__uf_find(g->parent, (uint32_t)k);
        next[k] = first[r];
        first[r] = (uint32_t)k;
    }
    for (size_t k = 0; k < n && !e; k++)
        if (g->parent[k] == k)
            order[nr++] = (uint64_t)(UINT32_MAX - g->size[k]) << 32 | k;
    if (!e)
        qsort(order, nr, sizeof *order, by_u64);
    for (int pass = 1; pass <= 2 && !e; pass++)
        for (size_t o = 0; o < nr && !e; o++) {
            uint32_t r = (uint32_t)order[o];
            if (pass == 1) {
                size_t m = 0;
                for (uint32_t x = first[r]; x != UINT32_MAX; x = next[x])
                    tmp[m++] = ptop[x];
                qsort(tmp, m, sizeof *tmp, by_str);
                const char *best = NULL;
                size_t best_n = 0;
                for (size_t i = 0; i < m && tmp[i];) {
                    size_t j = i + 1;
                    while (j < m && tmp[j] && !strcmp(tmp[j], tmp[i]))
                        j++;
                    if (j - i > best_n) {
                        best = tmp[i];
                        best_n = j - i;
                    }
                    i = j;
                }
                uint64_t *slot;
                int isnew = 0;
                if (best && strlen(best) < sizeof tid[r] &&
                    px__map_put(used, px_slice_cstr(best), 1, &slot, &isnew))
                    e = PX_ENOMEM;
                if (isnew)
                    snprintf(tid[r], sizeof tid[r], "%s", best);
                continue;
            }
            if (tid[r][0])
                continue;
            const char *sid = g->st->story[r].id;
            for (uint64_t seed = 0;; seed++) {
                uint64_t h = px__hash64(sid, strlen(sid), seed ^ 0x746f706963ULL);
                snprintf(tid[r], sizeof tid[r], "t-%08x", (unsigned)(h >> 32));
                if (px__map_get(reserved, px_slice_cstr(tid[r])))
                    continue;
                uint64_t *slot;
                int isnew;
                if (px__map_put(used, px_slice_cstr(tid[r]), 1, &slot, &isnew)) {
                    e = PX_ENOMEM;
                    break;
                }
                if (isnew)
                    break;
            }
        }
    px__free(order);
    px__free(tmp);
    px__free(first);
    px__free(next);
    px__map_free(used);
    return e;
}

/* Which stories are fresh: a member whose previous story differs (new,
 * replaced, or moved by a merge), or no previous topic. */
static px_status mark_fresh(tg *g, const char *const *prev, const char **ptop)
{
    const px_stories *st = g->st;
    g->fresh = px__calloc(g->n + 1, 1);
    if (!g->fresh)
        return PX_ENOMEM;
    for (size_t k = 0; k < g->n; k++) {
        const px__story *s = &st->story[k];
        int f = !ptop[k];
        for (uint32_t m = 0; m < s->n && !f; m++) {
            uint32_t di = st->members[s->first + m];
            f = st->c->docs[di].feat_len || !prev[di] || strcmp(prev[di], s->id);
        }
        g->fresh[k] = (uint8_t)f;
    }
    return PX_OK;
}

/* Joins kept stories that shared a previous topic. */
static px_status join_kept(tg *g, const char **ptop)
{
    px_map *first = px__map_new(g->n + 16);
    if (!first)
        return PX_ENOMEM;
    px_status e = PX_OK;
    for (uint32_t k = 0; k < g->n && !e; k++) {
        if (g->fresh[k])
            continue;
        uint64_t *slot;
        int isnew;
        if (px__map_put(first, px_slice_cstr(ptop[k]), k, &slot, &isnew))
            e = PX_ENOMEM;
        else if (!isnew && join(g, k, (uint32_t)*slot, 1))
            e = PX_ENOMEM;
    }
    px__map_free(first);
    return e;
}

/* The lead of each topic: the story closest to the topic's summed vector
 * (ties: the smaller index). */
static void leads(tg *g, uint32_t *lead)
{
    double *best = px__malloc((g->n + 1) * sizeof *best);
    for (size_t k = 0; k < g->n; k++)
        lead[k] = UINT32_MAX;
    for (uint32_t k = 0; k < g->n; k++) {
        uint32_t r = px__uf_find(g->parent, k);
        const svec *sum = g->sum[r].key ? &g->sum[r] : &g->vec[r];
        double s = sdot(&g->vec[k], sum);
        if (lead[r] == UINT32_MAX || (best && s > best[r])) {
            lead[r] = k;
            if (best)
                best[r] = s;
        }
    }
    px__free(best);
}

/* After a saved grouping: leaves in st->topics only the rows that are new or
 * changed, and lists in st->drop_topics the saved rows to delete (those and
 * the stories that are gone), so that a run rewrites what changed only. */
static px_status keep_changed(px_stories *st, const prev_walk *pw)
{
    uint8_t *seen = px__calloc(pw->n + 1, 1);
    st->drop_topics = px__malloc((st->n_topics + pw->n + 1) * sizeof *st->drop_topics);
    if (!seen || !st->drop_topics) {
        px__free(seen);
        return PX_ENOMEM;
    }
    size_t kept = 0, nd = 0;
    for (size_t k = 0; k < st->n_topics; k++) {
        px__store_topic t = st->topics[k];
        uint64_t *at = px__map_get(pw->by_story, t.story);
        if (at) {
            size_t j = *at - 1;
            seen[j] = 1;
            if (pw->lead[j] == (t.lead != 0) && pw->names[j].len == t.topic.len &&
                !memcmp(pw->names[j].ptr, t.topic.ptr, t.topic.len))
                continue; /* saved as it is */
            st->drop_topics[nd++] = t.story;
        }
        st->topics[kept++] = t;
    }
    px_status e = PX_OK;
    for (size_t j = 0; j < pw->n && !e; j++) {
        if (seen[j])
            continue;
        px_slice id = px__arena_dup(st->c->arena, pw->stories[j]);
        if (!id.ptr)
            e = PX_ENOMEM;
        st->drop_topics[nd++] = id;
    }
    st->n_topics = kept;
    st->n_drop_topics = nd;
    px__free(seen);
    return e;
}

px_status px__topics_group(px_store *s, px_stories *st, const char *const *prev, int rebuild)
{
    tg g = {.st = st, .P = &st->c->P, .n = st->n};
    g.a = px__arena_new(1 << 20, 0);
    g.vec = px__calloc(g.n + 1, sizeof *g.vec);
    g.sum = px__calloc(g.n + 1, sizeof *g.sum);
    g.parent = px__malloc((g.n + 1) * sizeof *g.parent);
    g.size = px__malloc((g.n + 1) * sizeof *g.size);
    const char **ptop = px__calloc(g.n + 1, sizeof *ptop);
    char(*tid)[12] = px__malloc((g.n + 1) * sizeof *tid);
    uint32_t *lead = px__malloc((g.n + 1) * sizeof *lead);
    prev_walk pw = {px__map_new(g.n + 16), NULL, 0, 0, g.a, NULL, NULL};
    px_map *reserved = px__map_new(g.n + 16);
    edge *ev = NULL;
    size_t ne = 0;
    px_status e = g.a && g.vec && g.sum && g.parent && g.size && ptop && tid && lead &&
                          pw.by_story && reserved
                      ? PX_OK
                      : PX_ENOMEM;
    if (!e)
        e = px__store_topics(s, prev_row, &pw);
    for (size_t i = 0; i < pw.n && !e; i++) {
        uint64_t *slot;
        int isnew;
        if (px__map_put(reserved, pw.names[i], 1, &slot, &isnew))
            e = PX_ENOMEM;
    }
    for (size_t k = 0; k < g.n && !e; k++) {
        uint64_t *at = px__map_get(pw.by_story, px_slice_cstr(st->story[k].id));
        ptop[k] = at ? (const char *)pw.names[*at - 1].ptr : NULL;
        g.parent[k] = (uint32_t)k;
        g.size[k] = 1;
    }
    if (!e)
        e = build_vectors(&g);
    if (!e && !rebuild && pw.n)
        e = mark_fresh(&g, prev, ptop);
    if (!e && g.fresh)
        e = join_kept(&g, ptop);
    if (!e)
        e = find_links(&g, &ev, &ne);
    if (!e && ne)
        qsort(ev, ne, sizeof *ev, by_score);
    for (size_t i = 0; i < ne && !e; i++)
        if (join(&g, ev[i].a, ev[i].b, 0))
            e = PX_ENOMEM;
    if (!e)
        e = assign_ids(&g, ptop, tid, reserved);
    if (!e) {
        leads(&g, lead);
        st->topics = px__malloc((g.n + 1) * sizeof *st->topics);
        if (!st->topics)
            e = PX_ENOMEM;
    }
    for (size_t k = 0; k < g.n && !e; k++) {
        uint32_t r = px__uf_find(g.parent, (uint32_t)k);
        st->topics[k] =
            (px__store_topic){px_slice_cstr(st->story[k].id), px_slice_cstr(tid[r]), lead[r] == k};
        st->n_topic_ids += r == k;
    }
    if (!e) {
        st->n_topics = g.n;
        /* The topic ids must outlive this call: copy them into the corpus arena. */
        for (size_t k = 0; k < g.n && !e; k++) {
            px_slice t = px__arena_dup(st->c->arena, st->topics[k].topic);
            if (!t.ptr)
                e = PX_ENOMEM;
            st->topics[k].topic = t;
        }
    }
    if (!e && st->partial)
        e = keep_changed(st, &pw);
    for (size_t k = 0; k < g.n; k++)
        if (g.sum && g.sum[k].key)
            sfree(&g.sum[k]);
    px__free(ev);
    px__free(g.vec);
    px__free(g.sum);
    px__free(g.parent);
    px__free(g.size);
    px__free(g.fresh);
    px__free(ptop);
    px__free(tid);
    px__free(lead);
    px__free(pw.names);
    px__free(pw.stories);
    px__free(pw.lead);
    px__map_free(pw.by_story);
    px__map_free(reserved);
    px__arena_free(g.a);
    if (e) {
        px__free(st->topics);
        st->topics = NULL;
        st->n_topics = 0;
        return e == PX_ENOMEM ? px__fail(px__store_errbuf(s), e, "out of memory") : e;
    }
    return PX_OK;
}
