/* Loading the store for the corpus: each article's record is parsed once and
 * reduced to what duplicates and stories need (word-shingle MinHash, exact text
 * hash, TF-IDF vector over stemmed terms, entity keys, stated numbers, date). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/corpus_impl.h"
#include "record/record.h"

/* The raw term counts of one article, kept until IDF is known. */
typedef struct raw_tf {
    uint32_t *term;
    uint16_t *cnt;
    uint32_t n;
} raw_tf;

/* The state of the word pass over one article. */
typedef struct pass {
    px__corpus *c;
    px__cdoc *d;
    uint32_t *dense; /* count per term id (grown with the vocabulary) */
    size_t dense_cap;
    uint32_t *touched; /* term ids counted in this article */
    size_t n_touched, cap_touched;
    uint64_t ring[PX_SHINGLE];
    size_t n_seen; /* words seen */
    uint64_t exact;
    uint64_t mh_a[PX_MH], mh_b[PX_MH];
    uint64_t *num; /* stated numbers */
    size_t n_num, cap_num;
    int titling; /* counting title words: no shingles, no numbers */
    px_status st;
    px_store *s;
    int meta_only;      /* ids, dates, outlets and titles only: no features */
    px_arena *ra;       /* the parsed record, reset for each */
    uint32_t *scr_term; /* an article's raw counts until encode() saves them */
    uint16_t *scr_cnt;
    size_t cap_scr;
} pass;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int push_u64(uint64_t **a, size_t *n, size_t *cap, uint64_t v)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        uint64_t *p = px__realloc(*a, nc * sizeof *p);
        if (!p)
            return -1;
        *a = p;
        *cap = nc;
    }
    (*a)[(*n)++] = v;
    return 0;
}

static int count_term(pass *p, uint32_t t)
{
    if (t >= p->dense_cap) {
        size_t nc = p->dense_cap ? p->dense_cap : 4096;
        while (nc <= t)
            nc *= 2;
        uint32_t *d = px__realloc(p->dense, nc * sizeof *d);
        if (!d)
            return -1;
        memset(d + p->dense_cap, 0, (nc - p->dense_cap) * sizeof *d);
        p->dense = d;
        p->dense_cap = nc;
    }
    if (p->dense[t]++ == 0) {
        if (p->n_touched == p->cap_touched) {
            size_t nc = p->cap_touched ? p->cap_touched * 2 : 512;
            uint32_t *x = px__realloc(p->touched, nc * sizeof *x);
            if (!x)
                return -1;
            p->touched = x;
            p->cap_touched = nc;
        }
        p->touched[p->n_touched++] = t;
    }
    return 0;
}

/* A number worth matching across articles: at least 10, not a year. */
static int keep_number(px_slice w)
{
    double v = strtod((const char *)w.ptr, NULL); /* w is NUL-free digits and dots */
    if (v < 10)
        return 0;
    return !(w.len == 4 && v >= 1900 && v <= 2099);
}

static int on_word(void *ud, px_slice w, size_t start, size_t end, int is_num)
{
    (void)start;
    (void)end;
    pass *p = ud;
    uint64_t h = px__hash64(w.ptr, w.len, 7);
    if (!p->titling) {
        p->exact = px__hash64(&h, sizeof h, p->exact);
        p->ring[p->n_seen % PX_SHINGLE] = h;
        p->n_seen++;
        if (p->n_seen >= PX_SHINGLE) {
            uint64_t x = 0;
            for (size_t k = 0; k < PX_SHINGLE; k++)
                x = (x ^ p->ring[(p->n_seen + k) % PX_SHINGLE]) * 0x100000001B3ULL + k;
            x = px__hash64(&x, sizeof x, 11);
            for (int k = 0; k < PX_MH; k++) {
                uint32_t m = (uint32_t)((x * p->mh_a[k] + p->mh_b[k]) >> 32);
                if (m < p->d->mh[k])
                    p->d->mh[k] = m;
            }
        }
        if (is_num && w.len < 32) {
            char tmp[32];
            memcpy(tmp, w.ptr, w.len);
            tmp[w.len] = 0;
            if (keep_number((px_slice){(const uint8_t *)tmp, w.len}) &&
                push_u64(&p->num, &p->n_num, &p->cap_num, px__hash64(w.ptr, w.len, 13)))
                goto oom;
        }
    }
    uint32_t t;
    if ((p->st = px__vocab_term_in(&p->c->voc, p->d->lang, w, &t)))
        return 1;
    if (t != UINT32_MAX && count_term(p, t))
        goto oom;
    return 0;
oom:
    p->st = PX_ENOMEM;
    return 1;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts and dedups a[0..n) into arena memory. */
static px_status keep_set(px_arena *a, uint64_t *v, size_t n, uint64_t **out, uint32_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (!n)
        return PX_OK;
    qsort(v, n, sizeof *v, cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || v[k - 1] != v[i])
            v[k++] = v[i];
    *out = PX_ARENA_NEW(a, uint64_t, k);
    if (!*out)
        return PX_ENOMEM;
    memcpy(*out, v, k * sizeof *v);
    *nout = (uint32_t)k;
    return PX_OK;
}

/* The folded entity keys of the record, as hashes in p->num. */
static void entity_keys(pass *p, const px_rec *r)
{
    for (size_t i = 0; i < r->n_entities; i++) {
        px_slice k = r->entities[i].key;
        if (!k.ptr || !k.len)
            continue;
        uint64_t h = px__hash64(k.ptr, strlen((const char *)k.ptr), 17);
        if (push_u64(&p->num, &p->n_num, &p->cap_num, h)) {
            p->st = PX_ENOMEM;
            return;
        }
    }
}

/* The mentions of each of d's entity keys in the record (the most of any
 * entity with that key, capped at 255), into d->ent_men (arena): topics weigh
 * an article's entities by them. Returns -1 when out of memory. */
static int entity_mentions(px_arena *a, const px_rec *r, px__cdoc *d)
{
    d->ent_men = NULL;
    if (!d->n_ent)
        return 0;
    d->ent_men = PX_ARENA_NEW(a, uint8_t, d->n_ent);
    if (!d->ent_men)
        return -1;
    memset(d->ent_men, 1, d->n_ent);
    for (size_t i = 0; i < r->n_entities; i++) {
        px_slice k = r->entities[i].key;
        if (!k.ptr || !k.len)
            continue;
        uint64_t h = px__hash64(k.ptr, strlen((const char *)k.ptr), 17);
        uint32_t lo = 0, hi = d->n_ent;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (d->ent[mid] < h)
                lo = mid + 1;
            else
                hi = mid;
        }
        uint32_t m = r->entities[i].n_mentions;
        if (lo < d->n_ent && d->ent[lo] == h && m > d->ent_men[lo])
            d->ent_men[lo] = (uint8_t)(m > 255 ? 255 : m);
    }
    return 0;
}

/* Stated counts (quantities with a count type) join the numbers, as
 * type and value. */
static void stated_counts(pass *p, const px_rec *r)
{
    for (size_t i = 0; i < r->n_quantities; i++) {
        const px_quantity *q = &r->quantities[i];
        if (q->value != q->value || !q->count)
            continue;
        char key[64];
        int n = snprintf(key, sizeof key, "%s:%.6g", q->count, q->value);
        if (n <= 0 || (size_t)n >= sizeof key)
            continue;
        if (push_u64(&p->num, &p->n_num, &p->cap_num, px__hash64(key, (size_t)n, 19))) {
            p->st = PX_ENOMEM;
            return;
        }
    }
}

/* Builds the features of one parsed record; raw counts go to *tf. */
static px_status features(pass *p, const px_rec *root, px_slice text, px_slice title, raw_tf *tf)
{
    px__cdoc *d = p->d;
    memset(d->mh, 0xff, sizeof d->mh);
    p->n_touched = p->n_seen = p->n_num = 0;
    p->exact = 0;
    p->st = PX_OK;
    p->titling = 0;
    px__words(text, on_word, p);
    d->n_words = (uint32_t)p->n_seen;
    d->exact = p->n_seen ? (p->exact | 1) : 0;
    if (p->st)
        return p->st;
    p->titling = 1;
    if (title.ptr)
        px__words(title, on_word, p);
    if (p->st)
        return p->st;
    stated_counts(p, root);
    if (p->st)
        return p->st;
    px_status st = keep_set(p->c->arena, p->num, p->n_num, &d->num, &d->n_num);
    p->n_num = 0;
    if (st == PX_OK)
        entity_keys(p, root);
    if (st == PX_OK && p->st == PX_OK)
        st = keep_set(p->c->arena, p->num, p->n_num, &d->ent, &d->n_ent);
    if (st || p->st)
        return st ? st : p->st;
    if (entity_mentions(p->c->arena, root, d))
        return PX_ENOMEM;
    /* The counts go to scratch space: encode() copies them into the saved
     * blob, and the article's raw_tf then points there (one copy, not two). */
    tf->n = (uint32_t)p->n_touched;
    if (tf->n + 1 > p->cap_scr) {
        size_t nc = tf->n + 1 > 2 * p->cap_scr ? tf->n + 1 : 2 * p->cap_scr;
        uint32_t *nt = px__realloc(p->scr_term, nc * sizeof *nt);
        if (nt)
            p->scr_term = nt;
        uint16_t *nn = px__realloc(p->scr_cnt, nc * sizeof *nn);
        if (nn)
            p->scr_cnt = nn;
        if (!nt || !nn)
            return PX_ENOMEM;
        p->cap_scr = nc;
    }
    tf->term = p->scr_term;
    tf->cnt = p->scr_cnt;
    px__vocab *v = &p->c->voc;
    for (size_t i = 0; i < p->n_touched; i++) {
        uint32_t t = p->touched[i], c = p->dense[t];
        tf->term[i] = t;
        tf->cnt[i] = (uint16_t)(c > 65535 ? 65535 : c);
        v->df[t]++;
        v->count[t] += c;
        v->tokens += c;
        p->dense[t] = 0;
    }
    return PX_OK;
}

typedef struct wterm {
    uint32_t t;
    float w;
} wterm;

static int by_weight(const void *a, const void *b)
{
    const wterm *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->t < y->t ? -1 : x->t > y->t;
}

static void swap_w(wterm *a, wterm *b)
{
    wterm t = *a;
    *a = *b;
    *b = t;
}

/* Moves the k best terms (by_weight order) to v[0..k), in no particular order
 * (Hoare's selection; by_weight is a total order, so the set is well defined). */
static void select_best(wterm *v, uint32_t n, uint32_t k)
{
    uint32_t lo = 0, hi = n - 1;
    while (lo < hi) {
        swap_w(&v[lo + (hi - lo) / 2], &v[hi]);
        uint32_t at = lo;
        for (uint32_t i = lo; i < hi; i++)
            if (by_weight(&v[i], &v[hi]) < 0)
                swap_w(&v[i], &v[at++]);
        swap_w(&v[at], &v[hi]);
        if (at == k || at + 1 == k)
            return;
        if (at > k)
            hi = at - 1;
        else
            lo = at + 1;
    }
}

/* The document frequencies an article is weighed with: of the whole corpus
 * when it holds one language, else of the articles in the article's language
 * (a Spanish function word is then as common as it is among Spanish articles,
 * not rare because most articles are English). */
typedef struct dfs {
    const uint32_t *df;   /* per term */
    size_t n;             /* articles counted */
    uint32_t max_df;      /* more than this: boilerplate, not an index term */
    int auto_stop;        /* terms in more than half the articles carry no weight */
    double *idf;          /* per term, 1 + ln((n + 1) / df), made once (NULL: computed here) */
    const double *log_tf; /* 1 + ln(c) for counts below LOG_TF_N */
} dfs;

#define LOG_TF_N 64

/* Sorts v[0..n) by cmp: insertion sort for the short runs weigh() sorts (at
 * most PX_TOPK), where glibc's qsort (a merge sort with a buffer) spent a
 * fifth of an incremental run at a million articles; cmp is a total order,
 * so the result is the one qsort gives. */
static void sort_short(wterm *v, uint32_t n, int (*cmp)(const void *, const void *))
{
    if (n > 2 * PX_TOPK) {
        qsort(v, n, sizeof *v, cmp);
        return;
    }
    for (uint32_t i = 1; i < n; i++) {
        wterm x = v[i];
        uint32_t j = i;
        while (j > 0 && cmp(&v[j - 1], &x) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Turns raw counts into the kept TF-IDF vector and the top terms of d. Terms in
 * more than f->max_df articles (boilerplate) are not index terms. English has a
 * stop list (words.c); in other languages with at least AUTO_STOP_MIN articles,
 * a term in more than half of them is taken for a function word. */
#define AUTO_STOP_MIN 20
static void weigh(const px__corpus *c, px__cdoc *d, const raw_tf *tf, wterm *tmp, const dfs *f)
{
    double norm = 0, logn = log((double)f->n + 1);
    uint32_t max_df = f->max_df;
    for (uint32_t i = 0; i < tf->n; i++) {
        uint32_t t = tf->term[i], df = f->df[t] ? f->df[t] : 1;
        double ltf = tf->cnt[i] < LOG_TF_N ? f->log_tf[tf->cnt[i]] : 1 + log((double)tf->cnt[i]);
        double w = ltf * (f->idf ? f->idf[t] : 1 + logn - log((double)df));
        if (f->auto_stop && 5 * (size_t)df > f->n)
            w = 0;
        tmp[i] = (wterm){t, (float)w};
        norm += w * w;
    }
    norm = norm > 0 ? 1 / sqrt(norm) : 0;
    /* Only the PX_TOPK heaviest need sorting, unless they hold too few index terms. */
    uint32_t sorted = tf->n;
    if (tf->n > PX_TOPK) {
        select_best(tmp, tf->n, PX_TOPK);
        sorted = PX_TOPK;
    }
    sort_short(tmp, sorted, by_weight);
    d->n_top = 0;
    for (uint32_t i = 0; i < tf->n && d->n_top < PX_TOPP; i++) {
        if (i == sorted)
            qsort(tmp + sorted, tf->n - sorted, sizeof *tmp, by_weight);
        /* An index term is in another article of any language (a name once in
         * English and once in Spanish counts), and not boilerplate in its own. */
        uint32_t df = f->df[tmp[i].t];
        if (c->voc.df[tmp[i].t] >= 2 && df <= max_df && tmp[i].w > 0)
            d->top[d->n_top++] = tmp[i].t;
    }
    uint32_t k = tf->n < PX_TOPK ? tf->n : PX_TOPK;
    for (uint32_t i = 0; i < k; i++)
        tmp[i].w = (float)(tmp[i].w * norm);
    sort_short(tmp, k, cmp_u32);       /* by term id: t is the first member */
    for (uint32_t i = 0; i < k; i++) { /* d->term and d->w: set by weigh_all */
        d->term[i] = tmp[i].t;
        d->w[i] = tmp[i].w;
    }
    d->n_term = k;
}

/* Articles [from, to) weighed by one thread. */
typedef struct weigh_part {
    px__corpus *c;
    const raw_tf *tfs;
    const dfs *f;
    size_t from, to;
    px_status st;
} weigh_part;

static void *weigh_range(void *arg)
{
    weigh_part *w = arg;
    uint32_t most = 0;
    for (size_t i = w->from; i < w->to; i++)
        most = w->tfs[i].n > most ? w->tfs[i].n : most;
    wterm *tmp = px__malloc(((size_t)most + 1) * sizeof *tmp);
    if (!tmp) {
        w->st = PX_ENOMEM;
        return NULL;
    }
    for (size_t i = w->from; i < w->to; i++)
        weigh(w->c, &w->c->docs[i], &w->tfs[i], tmp, &w->f[w->c->docs[i].lang]);
    px__free(tmp);
    return NULL;
}

/* Weighs every article: the vectors go into two blocks of the corpus arena
 * (laid out here), then two threads weigh halves of the articles when there
 * are many (each article's weighing reads shared tables only and writes its
 * own vector): at a million articles this is 7 s of CPU (most of it choosing
 * and sorting each article's 64 heaviest terms), run on the two cores the
 * grouping has. PX_WEIGH_THREADS_MIN in the environment sets the threshold
 * (the tests use two threads on small stores). */
#define WEIGH_THREADS_MIN 20000
static px_status weigh_all(px__corpus *c, const raw_tf *tfs, const dfs *f)
{
    size_t total = 0;
    for (size_t i = 0; i < c->n; i++)
        total += tfs[i].n < PX_TOPK ? tfs[i].n : PX_TOPK;
    uint32_t *term = PX_ARENA_NEW(c->arena, uint32_t, total + 1);
    float *w = PX_ARENA_NEW(c->arena, float, total + 1);
    if (!term || !w)
        return PX_ENOMEM;
    for (size_t i = 0, at = 0; i < c->n; i++) {
        c->docs[i].term = term + at;
        c->docs[i].w = w + at;
        at += tfs[i].n < PX_TOPK ? tfs[i].n : PX_TOPK;
    }
    weigh_part part[2] = {{c, tfs, f, 0, c->n, PX_OK}, {c, tfs, f, c->n, c->n, PX_OK}};
    pthread_t th;
    int two = 0;
    const char *env = getenv("PX_WEIGH_THREADS_MIN");
    size_t min = env && *env ? strtoul(env, NULL, 10) : WEIGH_THREADS_MIN;
    if (c->n >= 2 && c->n >= min) {
        part[0].to = part[1].from = c->n / 2;
        two = pthread_create(&th, NULL, weigh_range, &part[1]) == 0;
        if (!two)
            part[0].to = c->n; /* no thread: all here */
    }
    weigh_range(&part[0]);
    if (two)
        pthread_join(th, NULL);
    return part[0].st ? part[0].st : part[1].st;
}

/* ---- saved features (story_features, schema version 3) ----
 * One blob per article, native byte order (a store is not moved between
 * machines of different endianness; a blob that does not decode is ignored and
 * the article featurized again): tag, n_words, exact, mh[PX_MH], n_num, n_ent,
 * n_tf, num[n_num], ent[n_ent], term[n_tf] (story_vocab ids), cnt[n_tf] (u16),
 * men[n_ent] (u8, PXF3 only). Older blobs still decode, their entities counted
 * as mentioned once (`stories --rebuild` featurizes them again). */
#define FEAT_TAG  0x33465850u /* "PXF3": PXF2 + entity mentions */
#define FEAT_TAG2 0x32465850u /* "PXF2": terms stemmed in the article's language */
#define FEAT_TAG1 0x31465850u /* "PXF1": every article stemmed as English */
#define FEAT_HEAD (4 + 4 + 8 + 4 * PX_MH + 12)
_Static_assert(FEAT_HEAD % 4 == 0, "the terms of a blob are read in place");

static uint8_t *put_bytes(uint8_t *p, const void *v, size_t n)
{
    if (n)
        memcpy(p, v, n);
    return p + n;
}

/* Encodes the features of d (and its raw counts) into the corpus arena; tf
 * then points at the counts in the blob. */
static px_status encode(px__corpus *c, px__cdoc *d, raw_tf *tf)
{
    size_t len = FEAT_HEAD + 8 * ((size_t)d->n_num + d->n_ent) + 6 * (size_t)tf->n + d->n_ent;
    /* 8-byte aligned, so that the terms (u32) and counts (u16) in it can be
     * read in place: FEAT_HEAD and the u64 arrays keep them aligned. */
    if (!c->farena && !(c->farena = px__arena_new(1 << 20, 0)))
        return PX_ENOMEM;
    uint8_t *b = (uint8_t *)PX_ARENA_NEW(c->farena, uint64_t, (len + 7) / 8);
    if (!b)
        return PX_ENOMEM;
    uint32_t tag = FEAT_TAG, head[3] = {d->n_num, d->n_ent, tf->n};
    uint8_t *p = put_bytes(b, &tag, 4);
    p = put_bytes(p, &d->n_words, 4);
    p = put_bytes(p, &d->exact, 8);
    p = put_bytes(p, d->mh, sizeof d->mh);
    p = put_bytes(p, head, sizeof head);
    p = put_bytes(p, d->num, 8 * (size_t)d->n_num);
    p = put_bytes(p, d->ent, 8 * (size_t)d->n_ent);
    uint32_t *term = (uint32_t *)(void *)p;
    p = put_bytes(p, tf->term, 4 * (size_t)tf->n);
    uint16_t *cnt = (uint16_t *)(void *)p;
    p = put_bytes(p, tf->cnt, 2 * (size_t)tf->n);
    tf->term = term;
    tf->cnt = cnt;
    if (d->ent_men)
        put_bytes(p, d->ent_men, d->n_ent);
    else if (d->n_ent)
        memset(p, 1, d->n_ent);
    d->feat = b;
    d->feat_len = (uint32_t)len;
    return PX_OK;
}

/* Copies n u64 values from p into arena memory. */
static px_status take_u64(px_arena *a, const uint8_t *p, uint32_t n, uint64_t **out)
{
    *out = NULL;
    if (!n)
        return PX_OK;
    *out = PX_ARENA_NEW(a, uint64_t, n);
    if (!*out)
        return PX_ENOMEM;
    memcpy(*out, p, 8 * (size_t)n);
    return PX_OK;
}

/* Reads saved features into d and *tf. Returns PX_EINVAL when the blob does not
 * decode (the caller featurizes the record instead). */
static px_status decode(px__corpus *c, px__cdoc *d, px_slice f, raw_tf *tf, px_arena *tfa)
{
    uint32_t tag, head[3];
    if (f.len < FEAT_HEAD)
        return PX_EINVAL;
    memcpy(&tag, f.ptr, 4);
    memcpy(head, f.ptr + FEAT_HEAD - 12, 12);
    uint64_t men = tag == FEAT_TAG ? head[1] : 0;
    if ((tag != FEAT_TAG && tag != FEAT_TAG2 && (tag != FEAT_TAG1 || d->lang)) ||
        f.len != FEAT_HEAD + 8 * ((uint64_t)head[0] + head[1]) + 6 * (uint64_t)head[2] + men)
        return PX_EINVAL;
    const uint8_t *p = f.ptr + FEAT_HEAD;
    const uint8_t *terms = p + 8 * ((size_t)head[0] + head[1]);
    for (uint32_t i = 0; i < head[2]; i++) {
        uint32_t t;
        memcpy(&t, terms + 4 * (size_t)i, 4);
        if (t >= c->voc.n)
            return PX_EINVAL;
    }
    memcpy(&d->n_words, f.ptr + 4, 4);
    memcpy(&d->exact, f.ptr + 8, 8);
    memcpy(d->mh, f.ptr + 16, sizeof d->mh);
    d->n_num = head[0];
    d->n_ent = head[1];
    tf->n = head[2];
    tf->term = PX_ARENA_NEW(tfa, uint32_t, tf->n + 1);
    tf->cnt = PX_ARENA_NEW(tfa, uint16_t, tf->n + 1);
    if (!tf->term || !tf->cnt || take_u64(c->arena, p, d->n_num, &d->num) ||
        take_u64(c->arena, p + 8 * (size_t)d->n_num, d->n_ent, &d->ent))
        return PX_ENOMEM;
    memcpy(tf->term, terms, 4 * (size_t)tf->n);
    memcpy(tf->cnt, terms + 4 * (size_t)tf->n, 2 * (size_t)tf->n);
    d->ent_men = NULL;
    if (men) {
        d->ent_men = PX_ARENA_NEW(c->arena, uint8_t, d->n_ent);
        if (!d->ent_men)
            return PX_ENOMEM;
        memcpy(d->ent_men, terms + 6 * (size_t)tf->n, d->n_ent);
    }
    px__vocab *v = &c->voc;
    for (uint32_t i = 0; i < tf->n; i++) {
        v->df[tf->term[i]]++;
        v->count[tf->term[i]] += tf->cnt[i];
        v->tokens += tf->cnt[i];
    }
    return PX_OK;
}

typedef struct vocab_walk {
    px__corpus *c;
    int done; /* a gap or a repeat: the rest is unusable */
} vocab_walk;

static px_status vocab_row(void *ud, int64_t tid, px_slice stem)
{
    vocab_walk *w = ud;
    uint32_t id;
    if (w->done || tid != (int64_t)w->c->voc.n || !stem.ptr) {
        w->done = 1; /* features referring to the rest decode as invalid */
        return PX_OK;
    }
    px_status st = px__vocab_stem(&w->c->voc, stem, &id);
    if (st == PX_OK && id != w->c->voc.n - 1)
        w->done = 1; /* a repeated stem */
    return st;
}

/* Reads the saved vocabulary (ids must run 0, 1, 2, ...). */
static px_status load_vocab(px__corpus *c, px_store *s)
{
    vocab_walk w = {c, 0};
    px_status st = px__store_vocab(s, vocab_row, &w);
    c->voc_saved = c->voc.n;
    if (st == PX_ENOMEM)
        return px__fail(px__store_errbuf(s), st, "out of memory");
    return st;
}

/* Reads the spilled blobs back for px__store_grouping_save, in the order
 * they were written (the articles' order, from offset 0). */
typedef struct spill_walk {
    const px__corpus *c;
    const px_slice *feat; /* feat[i].len: blob i's length */
    uint8_t *buf;
    size_t cap;
    int bad; /* a read failed: the rest would be misread */
} spill_walk;

static px_status read_spilled(void *ud, size_t i, px_slice *out)
{
    spill_walk *w = ud;
    size_t len = w->feat[i].len;
    if (len > w->cap) {
        uint8_t *nb = px__realloc(w->buf, len);
        if (!nb)
            return PX_ENOMEM;
        w->buf = nb;
        w->cap = len;
    }
    if (w->bad || (i == 0 && fseek(w->c->spill, 0, SEEK_SET) != 0) ||
        fread(w->buf, 1, len, w->c->spill) != len) {
        w->bad = 1;
        return PX_EIO;
    }
    *out = (px_slice){w->buf, len};
    return PX_OK;
}

px_status px__corpus_save(px_store *s, const px__corpus *c, px__grouping *gp)
{
    px__grouping g = *gp;
    g.rebuild = c->rebuild;
    g.partial = g.partial && !c->rebuild;
    g.stems = c->voc.str;
    g.stems_from = c->voc_saved;
    g.n_stems = c->voc.n;
    g.term_count = c->voc.count;
    g.n_articles = c->n;
    g.tokens = c->voc.tokens;
    size_t n_feat = 0;
    for (size_t i = 0; i < c->n; i++) {
        n_feat += c->docs[i].feat_len != 0;
        g.max_rid = c->docs[i].rid > g.max_rid ? c->docs[i].rid : g.max_rid;
    }
    int64_t *rid = px__malloc((n_feat + 1) * sizeof *rid);
    px_slice *feat = px__malloc((n_feat + 1) * sizeof *feat);
    px_status st = rid && feat ? PX_OK : PX_ENOMEM;
    spill_walk w = {c, feat, NULL, 0, 0};
    for (size_t i = 0; st == PX_OK && i < c->n; i++) {
        const px__cdoc *d = &c->docs[i];
        if (!d->feat_len)
            continue;
        rid[g.n_feat] = d->rid;
        feat[g.n_feat++] = (px_slice){d->feat, d->feat_len};
    }
    g.feat_rid = rid;
    g.feat = c->spill ? NULL : feat;
    g.feat_read = read_spilled;
    g.feat_ud = &w;
    if (st == PX_OK)
        st = px__store_grouping_save(s, &g);
    else
        st = px__fail(px__store_errbuf(s), st, "out of memory");
    px__free(w.buf);
    px__free(rid);
    px__free(feat);
    return st;
}

/* Reads one row into a new article (its features come in load_saved). */
static px_status load_row(px__corpus *c, const px__store_art *row, raw_tf **tfs)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 1024;
        px__cdoc *nd = px__realloc(c->docs, nc * sizeof *nd);
        raw_tf *nt = px__realloc(*tfs, nc * sizeof *nt);
        if (nd)
            c->docs = nd;
        if (nt)
            *tfs = nt;
        if (!nd || !nt)
            return PX_ENOMEM;
        c->cap = nc;
    }
    px__cdoc *d = &c->docs[c->n];
    memset(d, 0, sizeof *d);
    memset(&(*tfs)[c->n], 0, sizeof **tfs);
    d->rid = row->rid;
    d->id = px__arena_dup(c->arena, row->id);
    d->date = px__arena_dup(c->arena, row->date);
    d->outlet = px__arena_dup(c->arena, row->outlet);
    d->title = px__arena_dup(c->arena, row->title);
    d->day = px__parse_day(d->date);
    d->dup_of = -1;
    d->lang = px__vocab_lang(&c->voc, row->lang);
    if (!d->id.ptr)
        return PX_ENOMEM;
    c->n++;
    return PX_OK;
}

/* Reads the record (rec, else the store's by rid), parses it and computes d's
 * features into *tf. */
static px_status featurize(px__corpus *c, pass *p, px__cdoc *d, raw_tf *tf, px_slice rec)
{
    px_status st;
    int gone = 0; /* deleted since the scan: no words, and nothing saved */
    if (!rec.ptr) {
        if ((st = px__store_record_by_rid(p->s, d->rid, &rec)))
            return st;
        gone = rec.len == 0;
    }
    if (!p->ra && !(p->ra = px__arena_new(1 << 16, 0)))
        return PX_ENOMEM;
    px__arena_reset(p->ra);
    px_rec root;
    st = px__rec_parse(rec, p->ra, &root, NULL);
    if (st == PX_ENOMEM)
        return st;
    if (st) /* an unreadable record: an article with no words */
        memset(&root, 0, sizeof root);
    px_slice body = root.text.ptr ? root.text : PX_SLICE_LIT("");
    p->d = d;
    st = features(p, &root, body, d->title, tf);
    if (st == PX_OK)
        st = encode(c, d, tf);
    if (st == PX_OK && gone)
        d->feat_len = 0;
    if (st == PX_OK)
        c->featurized++;
    return st;
}

/* The saved features, read after the articles (in rid order, one sequential
 * pass over the blobs) and matched to them by rid. */
typedef struct rid_doc {
    int64_t rid;
    uint32_t doc;
} rid_doc;

typedef struct saved_walk {
    px__corpus *c;
    const rid_doc *by_rid;
    size_t n, at;
    raw_tf *tfs;
    px_arena *tfa;
    uint8_t *done;
} saved_walk;

static int by_rid(const void *a, const void *b)
{
    int64_t x = ((const rid_doc *)a)->rid, y = ((const rid_doc *)b)->rid;
    return (x > y) - (x < y);
}

static px_status saved_cb(void *ud, int64_t rid, px_slice f)
{
    saved_walk *w = ud;
    while (w->at < w->n && w->by_rid[w->at].rid < rid)
        w->at++;
    if (w->at == w->n || w->by_rid[w->at].rid != rid)
        return PX_OK; /* a blob of no scanned article */
    uint32_t i = w->by_rid[w->at].doc;
    px__cdoc *d = &w->c->docs[i];
    px_status st = f.ptr ? decode(w->c, d, f, &w->tfs[i], w->tfa) : PX_EINVAL;
    if (st == PX_OK)
        w->done[i] = 1;
    return st == PX_EINVAL ? PX_OK : st; /* unreadable: featurized below */
}

/* The records of the articles without saved features, from a scan of every
 * record (when they are many: one query, not one per article). */
typedef struct fresh_walk {
    px__corpus *c;
    pass *p;
    const rid_doc *by_rid;
    raw_tf *tfs;
    uint8_t *done;
} fresh_walk;

static px_status fresh_cb(void *ud, const px__store_art *row)
{
    fresh_walk *w = ud;
    rid_doc key = {row->rid, 0};
    const rid_doc *at = bsearch(&key, w->by_rid, w->c->n, sizeof key, by_rid);
    if (!at || w->done[at->doc] || !row->record.ptr)
        return PX_OK;
    px_status st = featurize(w->c, w->p, &w->c->docs[at->doc], &w->tfs[at->doc], row->record);
    w->done[at->doc] = st == PX_OK ? 2 : 0;
    return st;
}

/* The scan of the records comes in row order, which numbers new terms in
 * the order the articles were stored. Renumbers them as the date order would
 * (each new term by the first article, in date order, that has it, and its
 * first occurrence there): the numbers, and what they decide in ties, do not
 * depend on the order the articles were added in. A raw_tf lists its terms by
 * first occurrence, and its term array is the one in the article's blob. */
static px_status canonical_terms(px__corpus *c, raw_tf *tfs, const uint8_t *done, size_t from)
{
    size_t n = c->voc.n - from;
    uint32_t *to = px__malloc((n + 1) * sizeof *to);
    if (!to)
        return PX_ENOMEM;
    memset(to, 0xff, (n + 1) * sizeof *to);
    uint32_t next = (uint32_t)from;
    for (size_t i = 0; i < c->n; i++)
        for (uint32_t k = 0; done[i] == 2 && k < tfs[i].n; k++) {
            uint32_t t = tfs[i].term[k];
            if (t >= from && to[t - from] == UINT32_MAX)
                to[t - from] = next++;
        }
    for (size_t t = 0; t < n; t++) /* none: every new term is some article's */
        if (to[t] == UINT32_MAX)
            to[t] = next++;
    for (size_t i = 0; i < c->n; i++)
        for (uint32_t k = 0; done[i] == 2 && k < tfs[i].n; k++)
            if (tfs[i].term[k] >= from)
                tfs[i].term[k] = to[tfs[i].term[k] - from];
    px_status st = px__vocab_renumber(&c->voc, from, to);
    px__free(to);
    return st;
}

/* After a scan of the articles alone: decodes the saved features, then
 * featurizes the articles that have none, in the scan's order (which numbers
 * their new terms as a scan with the features would). Their records come by
 * row, or from one scan of every record in row order when more than a quarter
 * lack features (a first run or a rebuild: a query per article would cost a
 * round trip each on PostgreSQL, and reading records in date order reads the
 * store at random). Another process may add or delete articles meanwhile: one added
 * is not in this grouping; one deleted has no words and is not saved. */
static px_status load_saved(px__corpus *c, pass *p, raw_tf *tfs, px_arena *tfa)
{
    rid_doc *r = px__malloc((c->n + 1) * sizeof *r);
    uint8_t *done = px__calloc(c->n + 1, 1);
    px_status st = r && done ? PX_OK : PX_ENOMEM;
    for (size_t i = 0; st == PX_OK && i < c->n; i++)
        r[i] = (rid_doc){c->docs[i].rid, (uint32_t)i};
    if (st == PX_OK)
        qsort(r, c->n, sizeof *r, by_rid);
    if (st == PX_OK && !c->rebuild) {
        saved_walk w = {c, r, c->n, 0, tfs, tfa, done};
        st = px__store_scan_features(p->s, saved_cb, &w);
    }
    size_t fresh = 0;
    for (size_t i = 0; st == PX_OK && i < c->n; i++)
        fresh += !done[i];
    if (st == PX_OK && fresh > c->n / 4) {
        fresh_walk w = {c, p, r, tfs, done};
        size_t from = c->voc.n;
        st = px__store_scan_articles(p->s, PX__SCAN_RECORDS, fresh_cb, &w);
        if (st == PX_OK && c->voc.n > from)
            st = canonical_terms(c, tfs, done, from);
    }
    px__free(r);
    for (size_t i = 0; st == PX_OK && i < c->n; i++)
        if (!done[i])
            st = featurize(c, p, &c->docs[i], &tfs[i], PX_SLICE_NULL);
    px__free(done);
    return st;
}

typedef struct load_walk {
    px__corpus *c;
    raw_tf **tfs;
} load_walk;

static px_status load_cb(void *ud, const px__store_art *row)
{
    load_walk *w = ud;
    return load_row(w->c, row, w->tfs);
}

static void pass_free(pass *p)
{
    px__free(p->dense);
    px__free(p->touched);
    px__free(p->num);
    px__free(p->scr_term);
    px__free(p->scr_cnt);
    px__arena_free(p->ra);
}

/* Once every article is weighed, the features to save are read only by
 * px__corpus_save, after the grouping: they go to a temporary file, and their
 * memory (the bulk of a first run's: a blob holds every distinct term of its
 * article) is freed for the grouping. Without a temporary file they stay. */
static void spill(px__corpus *c)
{
    if (!c->farena)
        return;
    FILE *f = tmpfile();
    if (!f)
        return;
    for (size_t i = 0; i < c->n; i++) {
        px__cdoc *d = &c->docs[i];
        if (!d->feat)
            continue;
        if (fwrite(d->feat, 1, d->feat_len, f) != d->feat_len) {
            fclose(f);
            return; /* the blobs stay in memory */
        }
    }
    if (fflush(f) != 0) {
        fclose(f);
        return;
    }
    for (size_t i = 0; i < c->n; i++)
        c->docs[i].feat = NULL;
    px__arena_free(c->farena);
    c->farena = NULL;
    c->spill = f;
}

/* Reads every row, then weighs every article once document frequencies are known. */
static px_status load_all(px__corpus *c, px_store *s, int meta_only)
{
    pass p = {.c = c, .s = s, .meta_only = meta_only};
    uint64_t seed = 0x5eed;
    for (int k = 0; k < PX_MH; k++) {
        p.mh_a[k] = splitmix(&seed) | 1;
        p.mh_b[k] = splitmix(&seed);
    }
    raw_tf *tfs = NULL;
    px_arena *tfa = px__arena_new(1 << 20, 0);
    px_status st = tfa ? PX_OK : PX_ENOMEM;
    load_walk w = {c, &tfs};
    /* The articles come first; their saved features (unless a rebuild) and
     * records after, each from one sequential read. */
    if (st == PX_OK)
        st = px__store_scan_articles(s, PX__SCAN_META, load_cb, &w);
    if (st == PX_OK && !meta_only)
        st = load_saved(c, &p, tfs, tfa);
    if (st && st != PX_EDB)
        st = px__fail(px__store_errbuf(s), st, "cannot load the articles: %s", px_strerror(st));
    /* Document frequencies per language when there are several. */
    size_t nl[PX_LANGS] = {0}, nt = c->voc.n, L = c->voc.n_lang;
    uint32_t *ldf = NULL;
    dfs f[PX_LANGS];
    for (size_t i = 0; i < c->n; i++)
        nl[c->docs[i].lang]++;
    if (st == PX_OK && !meta_only && L > 1) {
        ldf = px__calloc(L * nt + 1, sizeof *ldf);
        if (!ldf)
            st = px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
        for (size_t i = 0; ldf && i < c->n; i++)
            for (uint32_t k = 0; k < tfs[i].n; k++)
                ldf[c->docs[i].lang * nt + tfs[i].term[k]]++;
    }
    double log_tf[LOG_TF_N] = {0};
    for (int i = 1; i < LOG_TF_N; i++)
        log_tf[i] = 1 + log((double)i);
    for (size_t l = 0; l < L; l++) {
        size_t n = ldf ? nl[l] : c->n;
        f[l] = (dfs){.df = ldf ? ldf + l * nt : c->voc.df,
                     .n = n,
                     .max_df = (uint32_t)(n / 20 > 50 ? n / 20 : 50),
                     .auto_stop = l > 0 && n >= AUTO_STOP_MIN,
                     .log_tf = log_tf};
        /* the same expression as weigh() computes per term, once per term */
        double logn = log((double)n + 1);
        if (!meta_only && (f[l].idf = px__malloc((nt + 1) * sizeof *f[l].idf)) != NULL)
            for (size_t t = 0; t < nt; t++) {
                uint32_t df = f[l].df[t] ? f[l].df[t] : 1;
                f[l].idf[t] = 1 + logn - log((double)df);
            }
    }
    if (st == PX_OK && !meta_only && (st = weigh_all(c, tfs, f)) != PX_OK)
        st = px__fail(px__store_errbuf(s), st, "out of memory");
    for (size_t l = 0; l < L; l++)
        px__free(f[l].idf);
    px__free(ldf);
    px__free(tfs);
    px__arena_free(tfa);
    pass_free(&p);
    if (st == PX_OK)
        spill(c);
    return st;
}

static px_status corpus_load(px_store *s, int rebuild, int meta_only, px__corpus **out)
{
    *out = NULL;
    px_status st = px_store_commit(s);
    if (st)
        return st;
    px__corpus *c = px__calloc(1, sizeof *c);
    if (c)
        px_grouping_defaults(&c->P);
    if (!c || !(c->arena = px__arena_new(1 << 20, 0)) || px__vocab_init(&c->voc)) {
        px__corpus_free(c);
        return px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    }
    c->rebuild = rebuild;
    if (!rebuild && !meta_only && (st = load_vocab(c, s)) != PX_OK) {
        px__corpus_free(c);
        return st;
    }
    st = load_all(c, s, meta_only);
    if (st) {
        px__corpus_free(c);
        return st;
    }
    *out = c;
    return PX_OK;
}

px_status px__corpus_load(px_store *s, int rebuild, px__corpus **out)
{
    return corpus_load(s, rebuild, 0, out);
}

px_status px__corpus_load_meta(px_store *s, px__corpus **out)
{
    return corpus_load(s, 0, 1, out);
}

void px__corpus_free(px__corpus *c)
{
    if (!c)
        return;
    px__vocab_fini(&c->voc);
    px__arena_free(c->arena);
    px__arena_free(c->farena);
    if (c->spill)
        fclose(c->spill);
    px__free(c->docs);
    px__free(c);
}
