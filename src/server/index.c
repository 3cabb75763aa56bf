/* parallax server: the story index behind / and /api/stories. It is built
 * from the saved grouping (px_stories_load: ids, titles, dates, articles and
 * their outlets) plus each article's language, kept as an immutable snapshot
 * that requests hold by reference, and rebuilt by a background thread when
 * `parallax stories` saves a new grouping or the articles are written. The
 * same thread then compares each story (multi-outlet stories first) to fill
 * in its contradictions and silences, and draws its page into the snapshot's
 * cache; until then the index shows them as not known yet. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zstd.h>

#include "parallax/corpus.h"
#include "parallax/ingest.h"
#include "report/report_impl.h"
#include "server/server_impl.h"

struct srv_indexer {
    px_store *s;
    const px_outlets *table; /* px_server_opts.outlets, or NULL */
    unsigned poll_ms;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;
    srv_index *cur;
};

static const char *dup_str(px_arena *a, const char *s, size_t n)
{
    char *p = px__arena_alloc(a, n + 1, 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static const char *dup_cstr(px_arena *a, const char *s)
{
    return dup_str(a, s ? s : "", s ? strlen(s) : 0);
}

static void cache_clear(srv_index *ix)
{
    for (size_t i = 0; i < ix->n_cached; i++) {
        px_buf_free(&ix->cached[i].z);
        px__free(ix->cached[i].key);
    }
    ix->n_cached = 0;
    ix->cache_bytes = 0;
    ix->evict_at = SIZE_MAX;
    px__map_free(ix->cache);
    ix->cache = NULL;
}

/* The cache holds zstd frames (HTML shrinks about 5 times at level 1), so
 * that the pages of every story told by several outlets fit in the budget.
 * A page is decompressed outside the lock: an entry a request has read is
 * never evicted, and cache_clear runs only when the snapshot is freed. */
int px__srv_cache_get(srv_index *ix, const char *key, px_buf *out)
{
    px_slice z = {NULL, 0};
    pthread_mutex_lock(&ix->cache_mu);
    uint64_t *v = ix->cache ? px__map_get(ix->cache, px_slice_cstr(key)) : NULL;
    if (v && *v && ix->cached[*v - 1].z.ptr) {
        ix->cached[*v - 1].hit = 1;
        z = px_buf_slice(&ix->cached[*v - 1].z);
    }
    pthread_mutex_unlock(&ix->cache_mu);
    if (!z.ptr)
        return 0;
    unsigned long long n = ZSTD_getFrameContentSize(z.ptr, z.len);
    if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN || n > SIZE_MAX / 2)
        return 0;
    px_buf_reset(out);
    if (px_buf_reserve(out, (size_t)n + 1) != PX_OK)
        return 0;
    size_t got = ZSTD_decompress(out->ptr, (size_t)n + 1, z.ptr, z.len);
    if (ZSTD_isError(got) || got != n)
        return 0;
    out->len = got;
    return 1;
}

/* Frees unread entries drawn ahead, the last first, until need more bytes
 * fit. Under cache_mu. */
static void cache_evict(srv_index *ix, size_t need)
{
    if (ix->evict_at == SIZE_MAX)
        ix->evict_at = ix->n_cached;
    while (ix->cache_bytes + need > SRV_CACHE_BYTES && ix->evict_at > 0) {
        srv_cached *c = &ix->cached[--ix->evict_at];
        if (c->hit || !c->z.ptr)
            continue;
        uint64_t *v = px__map_get(ix->cache, px_slice_cstr(c->key));
        if (v)
            *v = 0;
        ix->cache_bytes -= c->z.len;
        px_buf_free(&c->z);
    }
}

void px__srv_cache_put(srv_index *ix, const char *key, px_slice body, int evict)
{
    px_buf z;
    px_buf_init(&z, 0);
    size_t bound = ZSTD_compressBound(body.len);
    char *k = px__strndup(key, strlen(key));
    if (!k || px_buf_reserve(&z, bound) != PX_OK) {
        px__free(k);
        return;
    }
    size_t n = ZSTD_compress(z.ptr, bound, body.ptr, body.len, 1);
    if (ZSTD_isError(n)) {
        px_buf_free(&z);
        px__free(k);
        return;
    }
    z.len = n;
    uint8_t *fit = px__realloc(z.ptr, n ? n : 1); /* the bound is the page's size */
    if (fit) {
        z.ptr = fit;
        z.cap = n ? n : 1;
    }
    pthread_mutex_lock(&ix->cache_mu);
    uint64_t *v = ix->cache ? px__map_get(ix->cache, px_slice_cstr(key)) : NULL;
    if (evict && !(v && *v) && ix->cache_bytes + n > SRV_CACHE_BYTES)
        cache_evict(ix, n);
    if (!(v && *v) && ix->cache_bytes + n <= SRV_CACHE_BYTES &&
        (ix->cache || (ix->cache = px__map_new(256)))) {
        uint64_t *slot;
        int isnew;
        if (ix->n_cached == ix->cap_cached) {
            size_t cap = ix->cap_cached ? ix->cap_cached * 2 : 64;
            srv_cached *p = px__realloc(ix->cached, cap * sizeof *p);
            if (p) {
                ix->cached = p;
                ix->cap_cached = cap;
            }
        }
        if (ix->n_cached < ix->cap_cached &&
            px__map_put(ix->cache, px_slice_cstr(key), ix->n_cached + 1, &slot, &isnew) == PX_OK) {
            *slot = ix->n_cached + 1;                           /* also a key evicted before */
            ix->cached[ix->n_cached++] = (srv_cached){z, k, 0}; /* the cache owns them now */
            ix->cache_bytes += n;
            px_buf_init(&z, 0);
            k = NULL;
        }
    }
    pthread_mutex_unlock(&ix->cache_mu);
    px_buf_free(&z);
    px__free(k);
}

static void index_free(srv_index *ix)
{
    if (!ix)
        return;
    cache_clear(ix);
    px__free(ix->cached);
    pthread_mutex_destroy(&ix->cache_mu);
    px__map_free(ix->by_id);
    px__map_free(ix->of_art);
    px__free(ix->st);
    px__free(ix->outlet);
    px__free(ix->lang);
    px__arena_free(ix->arena);
    px__free(ix);
}

/* Multi-outlet first, then newest (last date; undated last), biggest, id. */
static int story_cmp(const void *x, const void *y)
{
    const srv_story *a = x, *b = y;
    if ((a->n_outlet > 1) != (b->n_outlet > 1))
        return a->n_outlet > 1 ? -1 : 1;
    if (!a->last[0] != !b->last[0])
        return a->last[0] ? -1 : 1;
    int c = strcmp(b->last, a->last);
    if (c)
        return c;
    if (a->n_art != b->n_art)
        return a->n_art > b->n_art ? -1 : 1;
    return strcmp(a->id, b->id);
}

static int outlet_cmp(const void *x, const void *y)
{
    return strcmp(((const srv_outlet *)x)->name, ((const srv_outlet *)y)->name);
}

static int str_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

typedef struct build {
    srv_index *ix;
    px_map *lang_of;   /* article id -> arena string */
    px_map *outlet_at; /* outlet -> index in ix->outlet */
    size_t cap_outlet, cap_lang;
    px_map *lang_at;
} build;

static px_status art_lang(void *ud, const px__store_art *a)
{
    build *b = ud;
    b->ix->n_articles++;
    const char *l =
        a->lang.ptr ? dup_str(b->ix->arena, (const char *)a->lang.ptr, a->lang.len) : NULL;
    if (a->lang.ptr && !l)
        return PX_ENOMEM;
    uint64_t *slot;
    int isnew;
    return px__map_put(b->lang_of, a->id, (uint64_t)(uintptr_t)l, &slot, &isnew);
}

static px_status add_outlet(build *b, const char *o, int new_story)
{
    srv_index *ix = b->ix;
    uint64_t *slot;
    int isnew;
    if (px__map_put(b->outlet_at, px_slice_cstr(o), ix->n_outlet, &slot, &isnew))
        return PX_ENOMEM;
    if (isnew) {
        if (ix->n_outlet == b->cap_outlet) {
            size_t cap = b->cap_outlet ? b->cap_outlet * 2 : 64;
            srv_outlet *p = px__realloc(ix->outlet, cap * sizeof *p);
            if (!p)
                return PX_ENOMEM;
            ix->outlet = p;
            b->cap_outlet = cap;
        }
        ix->outlet[ix->n_outlet++] = (srv_outlet){dup_cstr(ix->arena, o), 0, 0};
    }
    ix->outlet[*slot].n_art++;
    ix->outlet[*slot].n_story += new_story;
    return PX_OK;
}

static px_status add_lang(build *b, const char *l)
{
    srv_index *ix = b->ix;
    uint64_t *slot;
    int isnew;
    if (px__map_put(b->lang_at, px_slice_cstr(l), 0, &slot, &isnew))
        return PX_ENOMEM;
    if (!isnew)
        return PX_OK;
    if (ix->n_lang == b->cap_lang) {
        size_t cap = b->cap_lang ? b->cap_lang * 2 : 16;
        const char **p = px__realloc(ix->lang, cap * sizeof *p);
        if (!p)
            return PX_ENOMEM;
        ix->lang = p;
        b->cap_lang = cap;
    }
    ix->lang[ix->n_lang++] = l;
    return PX_OK;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(j) ? j->valuestring : NULL;
}

/* Fills st from the JSON of a story (px_stories_write_json). */
static px_status story_of(build *b, const cJSON *js, srv_story *st, px_buf *tmp, px_buf *langs)
{
    srv_index *ix = b->ix;
    px_arena *a = ix->arena;
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(js, "dates");
    const char *first = cJSON_GetStringValue(cJSON_GetArrayItem(d, 0));
    const char *last = cJSON_GetStringValue(cJSON_GetArrayItem(d, 1));
    st->id = dup_cstr(a, jstr(js, "id"));
    st->title = dup_cstr(a, jstr(js, "title"));
    st->first = dup_cstr(a, first);
    st->last = dup_cstr(a, last ? last : first);
    const cJSON *arts = cJSON_GetObjectItemCaseSensitive(js, "articles"), *it, *p;
    size_t n = (size_t)cJSON_GetArraySize(arts);
    st->outlet = PX_ARENA_NEW(a, const char *, n ? n : 1);
    st->art = PX_ARENA_NEW(a, const char *, n ? n : 1);
    if (!st->id || !st->title || !st->first || !st->last || !st->outlet || !st->art)
        return PX_ENOMEM;
    px_buf_reset(tmp);
    px_buf_reset(langs);
    px_status e = px_buf_append_byte(langs, ',');
    cJSON_ArrayForEach(it, arts)
    {
        const char *o = jstr(it, "outlet"), *aid = jstr(it, "id");
        if (aid && !e) {
            if (!(st->art[st->n_art++] = dup_cstr(a, aid)))
                e = PX_ENOMEM;
            uint64_t *l = px__map_get(b->lang_of, px_slice_cstr(aid));
            const char *lang = l ? (const char *)(uintptr_t)*l : NULL;
            if (!e && lang && *lang && strlen(lang) < 30 && !(e = px_buf_terminate(langs))) {
                char key[40];
                snprintf(key, sizeof key, ",%s,", lang);
                if (!strstr((const char *)langs->ptr, key)) {
                    e = px_buf_append_str(langs, lang);
                    if (!e)
                        e = px_buf_append_byte(langs, ',');
                    if (!e)
                        e = add_lang(b, lang);
                }
            }
        }
        if (!o || e)
            continue;
        int seen = 0;
        for (p = arts->child; p != it && !seen; p = p->next)
            seen = jstr(p, "outlet") && !strcmp(jstr(p, "outlet"), o);
        if (!e)
            e = add_outlet(b, o, !seen);
        if (seen || e)
            continue;
        if (tmp->len)
            e = px_buf_append_str(tmp, ", ");
        if (!e)
            e = px_buf_append_str(tmp, o);
        if (!e && !(st->outlet[st->n_outlet++] = dup_cstr(a, o)))
            e = PX_ENOMEM;
    }
    if (!e && !(st->outlets = dup_str(a, tmp->ptr ? (const char *)tmp->ptr : "", tmp->len)))
        e = PX_ENOMEM;
    if (!e && !(st->langs = dup_str(a, (const char *)langs->ptr, langs->len)))
        e = PX_ENOMEM;
    atomic_init(&st->contra, -1);
    atomic_init(&st->silent, -1);
    return e;
}

/* Builds a new index from the saved grouping of s. */
static px_status index_build(px_store *s, srv_index **out)
{
    *out = NULL;
    srv_index *ix = px__calloc(1, sizeof *ix);
    if (!ix)
        return PX_ENOMEM;
    atomic_init(&ix->refs, 1);
    atomic_init(&ix->compared, 0);
    pthread_mutex_init(&ix->cache_mu, NULL);
    ix->evict_at = SIZE_MAX;
    build b = {ix, px__map_new(1024), px__map_new(256), 0, 0, px__map_new(16)};
    px_status e = PX_OK;
    if (!(ix->arena = px__arena_new(1 << 16, 0)) || !(ix->by_id = px__map_new(1024)) ||
        !(ix->of_art = px__map_new(1024)) || !b.lang_of || !b.outlet_at || !b.lang_at)
        e = PX_ENOMEM;
    if (!e)
        e = px__store_data_version(s, &ix->version);
    if (!e)
        e = px__store_grouping_state(s, &ix->gs);
    if (!e)
        e = px__store_scan_articles(s, PX__SCAN_META, art_lang, &b);
    px_stories *sts = NULL;
    if (!e) {
        px_status le = px_stories_load(s, &sts);
        if (le == PX_ESTALE)
            ix->empty = "The store has no stories yet: run parallax stories on it.";
        else if (le == PX_ENOTFOUND)
            ix->empty = "The store is empty: add articles with parallax add, then run "
                        "parallax stories.";
        else
            e = le;
    }
    size_t n = sts ? px_stories_count(sts) : 0;
    if (!e && n && !(ix->st = px__calloc(n, sizeof *ix->st)))
        e = PX_ENOMEM;
    px_buf js, tmp, langs;
    px_buf_init(&js, 0);
    px_buf_init(&tmp, 0);
    px_buf_init(&langs, 0);
    for (size_t i = 0; !e && i < n; i++) {
        px_buf_reset(&js);
        e = px_stories_write_json(sts, i, &js);
        cJSON *j = e ? NULL : cJSON_ParseWithLength((const char *)js.ptr, js.len);
        if (!e && !j)
            e = PX_EINTERNAL;
        if (!e)
            e = story_of(&b, j, &ix->st[ix->n], &tmp, &langs);
        cJSON_Delete(j);
        if (!e)
            ix->n++;
    }
    px_buf_free(&js);
    px_buf_free(&tmp);
    px_buf_free(&langs);
    px_stories_free(sts);
    if (!e && ix->n > 1)
        qsort(ix->st, ix->n, sizeof *ix->st, story_cmp);
    for (size_t i = 0; !e && i < ix->n; i++) {
        uint64_t *slot;
        int isnew;
        e = px__map_put(ix->by_id, px_slice_cstr(ix->st[i].id), i, &slot, &isnew);
        for (uint32_t k = 0; !e && k < ix->st[i].n_art; k++)
            e = px__map_put(ix->of_art, px_slice_cstr(ix->st[i].art[k]), i, &slot, &isnew);
        ix->n_multi += ix->st[i].n_outlet > 1;
    }
    if (!e && ix->n_outlet)
        qsort(ix->outlet, ix->n_outlet, sizeof *ix->outlet, outlet_cmp);
    if (!e && ix->n_lang)
        qsort(ix->lang, ix->n_lang, sizeof *ix->lang, str_cmp);
    px__map_free(b.lang_of);
    px__map_free(b.outlet_at);
    px__map_free(b.lang_at);
    if (e) {
        index_free(ix);
        return e;
    }
    *out = ix;
    return PX_OK;
}

const srv_story *px__srv_index_story(const srv_index *ix, const char *id)
{
    uint64_t *v = ix->by_id ? px__map_get(ix->by_id, px_slice_cstr(id)) : NULL;
    return v ? &ix->st[*v] : NULL;
}

long px__srv_index_story_of(const srv_index *ix, const char *article)
{
    uint64_t *v = ix->of_art ? px__map_get(ix->of_art, px_slice_cstr(article)) : NULL;
    return v ? (long)*v : -1;
}

/* Whether the table gives one of the story's outlets leaning l. */
static int has_leaning(const srv_story *st, const px_outlets *table, const char *l)
{
    px_outlet_info oi;
    for (uint32_t i = 0; i < st->n_outlet; i++)
        if (px_outlets_find(table, px_slice_cstr(st->outlet[i]), PX_SLICE_NULL, &oi) &&
            oi.leaning && !strcasecmp(oi.leaning, l))
            return 1;
    return 0;
}

int px__srv_index_match(const srv_story *st, const px_srv_req *r, const px_outlets *table)
{
    if (!r->singles && !r->outlet[0] && st->n_outlet < 2)
        return 0;
    if (r->outlet[0]) {
        int has = 0;
        for (uint32_t i = 0; i < st->n_outlet && !has; i++)
            has = !strcmp(st->outlet[i], r->outlet);
        if (!has)
            return 0;
    }
    /* Dates: the story's span [first, last] meets [from, to]. */
    if (r->from[0] && (!st->last[0] || strncmp(st->last, r->from, 10) < 0))
        return 0;
    if (r->to[0] && (!st->first[0] || strncmp(st->first, r->to, 10) > 0))
        return 0;
    if (r->lang[0]) {
        char key[24];
        snprintf(key, sizeof key, ",%s,", r->lang);
        if (!strstr(st->langs, key))
            return 0;
    }
    if (r->leaning[0] && (!table || !has_leaning(st, table, r->leaning)))
        return 0;
    return 1;
}

/* ---- the background thread ---- */

static int same_state(const px__grouping_state *a, const px__grouping_state *b)
{
    return a->articles == b->articles && a->max_rid == b->max_rid && a->grouped == b->grouped &&
           a->g_articles == b->g_articles && a->g_max_rid == b->g_max_rid;
}

srv_index *px__srv_index_get(srv_indexer *x)
{
    pthread_mutex_lock(&x->mu);
    srv_index *ix = x->cur;
    atomic_fetch_add(&ix->refs, 1);
    pthread_mutex_unlock(&x->mu);
    return ix;
}

void px__srv_index_release(srv_indexer *x, srv_index *ix)
{
    (void)x;
    if (ix && atomic_fetch_sub(&ix->refs, 1) == 1)
        index_free(ix);
}

static void publish(srv_indexer *x, srv_index *ix)
{
    pthread_mutex_lock(&x->mu);
    srv_index *old = x->cur;
    x->cur = ix;
    pthread_mutex_unlock(&x->mu);
    px__srv_index_release(x, old);
}

/* Waits ms or until stopped; returns 1 when stopped. */
static int nap(srv_indexer *x, unsigned ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&x->mu);
    while (!x->stop && pthread_cond_timedwait(&x->cv, &x->mu, &ts) != ETIMEDOUT)
        ;
    int stop = x->stop;
    pthread_mutex_unlock(&x->mu);
    return stop;
}

static int stopping(srv_indexer *x)
{
    pthread_mutex_lock(&x->mu);
    int stop = x->stop;
    pthread_mutex_unlock(&x->mu);
    return stop;
}

/* Compares story i of ix, stores its findings and keeps its page (the
 * comparison is most of the cost of drawing it). */
static void compare_one(srv_indexer *x, srv_index *ix, size_t i, px_buf *b)
{
    srv_story *st = &ix->st[i];
    long contra = 0, silent = 0;
    rep_story rs;
    if (px__rep_story_load(x->s, st->id, x->table, NULL, &rs) == PX_OK) {
        size_t c = 0, sl = 0;
        px__rep_findings(rs.js, &c, &sl);
        contra = (long)c;
        silent = (long)sl;
        char key[SRV_MAX_ARG + 8];
        if (strlen(st->id) <= SRV_MAX_ARG && px__srv_story_html(&rs, b) == PX_OK) {
            snprintf(key, sizeof key, "s:%s", st->id);
            px__srv_cache_put(ix, key, px_buf_slice(b), 0);
        }
    }
    px__rep_story_free(&rs);
    atomic_store(&st->contra, contra);
    atomic_store(&st->silent, silent);
    atomic_fetch_add(&ix->compared, 1);
}

static void *run(void *ud)
{
    srv_indexer *x = ud;
    px_buf b;
    px_buf_init(&b, 0);
    size_t next = 0; /* the next story of cur to compare */
    srv_index *ix = px__srv_index_get(x);
    for (;;) {
        /* Compare a slice of stories, then look at the store again. */
        for (int k = 0; k < 64 && next < ix->n && !stopping(x); k++)
            compare_one(x, ix, next++, &b);
        unsigned wait = next < ix->n ? 0 : x->poll_ms;
        if (wait && nap(x, wait))
            break;
        if (stopping(x))
            break;
        px__grouping_state gs;
        int64_t v;
        if (px__store_data_version(x->s, &v) == PX_OK &&
            px__store_grouping_state(x->s, &gs) == PX_OK &&
            (v != ix->version || !same_state(&gs, &ix->gs))) {
            srv_index *nx;
            if (index_build(x->s, &nx) == PX_OK) {
                publish(x, nx);
                px__srv_index_release(x, ix);
                ix = px__srv_index_get(x);
                next = 0;
            }
        }
    }
    px__srv_index_release(x, ix);
    px_buf_free(&b);
    return NULL;
}

px_status px__srv_indexer_start(
    srv_indexer **out, px_store *s, unsigned poll_ms, const px_outlets *table, char *errmsg)
{
    *out = NULL;
    srv_indexer *x = px__calloc(1, sizeof *x);
    if (!x)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    x->s = s;
    x->table = table;
    x->poll_ms = poll_ms ? poll_ms : 2000;
    pthread_mutex_init(&x->mu, NULL);
    pthread_cond_init(&x->cv, NULL);
    px_status e = index_build(s, &x->cur);
    if (e) {
        px__fail(errmsg, e, "cannot read the stories: %s",
                 e == PX_EDB ? px_store_errmsg(s) : px_strerror(e));
    } else if (pthread_create(&x->thread, NULL, run, x) != 0) {
        e = px__fail(errmsg, PX_ENOMEM, "cannot start the index thread");
    } else {
        x->started = 1;
    }
    if (e) {
        px__srv_indexer_stop(x);
        return e;
    }
    *out = x;
    return PX_OK;
}

void px__srv_indexer_stop(srv_indexer *x)
{
    if (!x)
        return;
    pthread_mutex_lock(&x->mu);
    x->stop = 1;
    pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
    if (x->started)
        pthread_join(x->thread, NULL);
    px__srv_index_release(x, x->cur);
    pthread_mutex_destroy(&x->mu);
    pthread_cond_destroy(&x->cv);
    px__free(x);
}
