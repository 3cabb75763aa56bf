/* Stories in the store: stable ids across runs, and saving the grouping
 * (story_members) with the store-wide term counts (story_terms) that compare
 * uses as the prior of its distinctive terms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/story_impl.h"

typedef struct prev_walk {
    px_map *ids; /* article id -> index */
    px_stories *st;
    const char **prev;
} prev_walk;

static px_status prev_row(void *ud, const px__store_member *m)
{
    prev_walk *w = ud;
    px_stories *st = w->st;
    uint64_t *at = px__map_get(w->ids, m->article);
    if (!at) { /* an article no longer in the store: its row goes */
        if (st->n_gone == st->cap_gone) {
            size_t nc = st->cap_gone ? st->cap_gone * 2 : 64;
            px_slice *ng = px__realloc(st->gone, nc * sizeof *ng);
            if (!ng)
                return PX_ENOMEM;
            st->gone = ng;
            st->cap_gone = nc;
        }
        px_slice id = px__arena_dup(st->c->arena, m->article);
        if (!id.ptr)
            return PX_ENOMEM;
        st->gone[st->n_gone++] = id;
        return PX_OK;
    }
    st->partial = 1;
    if (!m->story.ptr || m->story.len >= sizeof(((px__story *)0)->id))
        return PX_OK;
    px_slice kept = px__arena_dup(st->c->arena, m->story);
    if (!kept.ptr)
        return PX_ENOMEM;
    w->prev[*at] = (const char *)kept.ptr;
    st->prev_ord[*at] = m->ord;
    if (m->dup_of.ptr && !(st->prev_dup[*at] = px__arena_dup(st->c->arena, m->dup_of)).ptr)
        return PX_ENOMEM;
    return PX_OK;
}

px_status px__story_prev(px_store *s, px_stories *st, const char **prev)
{
    px__corpus *c = st->c;
    st->prev_dup = px__calloc(c->n + 1, sizeof *st->prev_dup);
    st->prev_ord = px__calloc(c->n + 1, sizeof *st->prev_ord);
    if (!st->prev_dup || !st->prev_ord)
        return px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    px_map *ids = px__map_new(c->n);
    if (!ids)
        return px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->n; i++) {
        uint64_t *slot;
        int isnew;
        if (px__map_put(ids, c->docs[i].id, i, &slot, &isnew)) {
            px__map_free(ids);
            return px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
        }
    }
    prev_walk w = {ids, st, prev};
    px_status e = px__store_members(s, prev_row, &w);
    if (e == PX_ENOMEM)
        e = px__fail(px__store_errbuf(s), e, "out of memory");
    px__map_free(ids);
    return e;
}

static int by_str(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    if (!x || !y)
        return !x - !y;
    return strcmp(x, y);
}

/* The previous id held by most members (ties: the smaller id), or NULL. */
static const char *majority(const char **tmp, size_t n)
{
    qsort(tmp, n, sizeof *tmp, by_str);
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < n && tmp[i];) {
        size_t j = i + 1;
        while (j < n && tmp[j] && !strcmp(tmp[j], tmp[i]))
            j++;
        if (j - i > best_n) {
            best = tmp[i];
            best_n = j - i;
        }
        i = j;
    }
    return best;
}

static int claim(px_map *used, const char *id)
{
    uint64_t *slot;
    int isnew;
    if (px__map_put(used, px_slice_cstr(id), 1, &slot, &isnew))
        return -1;
    return isnew;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Orders the stories by decreasing size, then first member (store order):
 * bigger stories keep their previous id first. The first member names its
 * story (docs[].story still indexes st->story here). */
static px_status order_by_size(const px_stories *st, uint32_t *order)
{
    uint64_t *key = px__malloc((st->n + 1) * sizeof *key);
    if (!key)
        return PX_ENOMEM;
    for (size_t k = 0; k < st->n; k++) {
        const px__story *s = &st->story[k];
        key[k] = (uint64_t)(UINT32_MAX - s->n) << 32 | st->members[s->first];
    }
    qsort(key, st->n, sizeof *key, by_u64);
    for (size_t k = 0; k < st->n; k++)
        order[k] = (uint32_t)st->c->docs[(uint32_t)key[k]].story;
    px__free(key);
    return PX_OK;
}

/* Pass 1 takes previous ids; pass 2 derives new ones, avoiding every previous id. */
static px_status assign(px_stories *st,
                        const char **prev,
                        const char **tmp,
                        uint32_t *order,
                        px_map *used,
                        const px_map *reserved)
{
    for (int pass = 1; pass <= 2; pass++) {
        for (size_t k = 0; k < st->n; k++) {
            px__story *s = &st->story[order[k]];
            if (pass == 1) {
                for (uint32_t m = 0; m < s->n; m++)
                    tmp[m] = prev[st->members[s->first + m]];
                const char *best = majority(tmp, s->n);
                int r = best ? claim(used, best) : 0;
                if (r < 0)
                    return PX_ENOMEM;
                if (r > 0)
                    snprintf(s->id, sizeof s->id, "%s", best);
                continue;
            }
            if (s->id[0])
                continue;
            const px__cdoc *d = &st->c->docs[st->members[s->first]];
            for (uint64_t seed = 0;; seed++) {
                uint64_t h = px__hash64(d->id.ptr, d->id.len, seed);
                snprintf(s->id, sizeof s->id, "s-%08x", (unsigned)(h >> 32));
                if (px__map_get(reserved, px_slice_cstr(s->id)))
                    continue;
                int r = claim(used, s->id);
                if (r < 0)
                    return PX_ENOMEM;
                if (r > 0)
                    break;
            }
        }
    }
    return PX_OK;
}

px_status px__story_ids(px_store *s, px_stories *st, const char **prev)
{
    size_t n = st->c->n;
    const char **tmp = px__calloc(n + 1, sizeof *tmp);
    uint32_t *order = px__malloc((st->n + 1) * sizeof *order);
    px_map *used = px__map_new(st->n + 16);
    px_status e = tmp && order && used ? PX_OK : PX_ENOMEM;
    if (e == PX_OK)
        e = order_by_size(st, order);
    /* Every previous id is reserved, so a new id never takes one a later run
     * could still hand back to its story. */
    px_map *reserved = e == PX_OK ? px__map_new(n + 16) : NULL;
    if (e == PX_OK && !reserved)
        e = PX_ENOMEM;
    for (size_t i = 0; i < n && e == PX_OK; i++)
        if (prev[i] && claim(reserved, prev[i]) < 0)
            e = PX_ENOMEM;
    if (e == PX_OK)
        e = assign(st, prev, tmp, order, used, reserved);
    px__map_free(reserved);
    if (e == PX_ENOMEM)
        e = px__fail(px__store_errbuf(s), e, "out of memory");
    px__free(tmp);
    px__free(order);
    px__map_free(used);
    return e;
}

static int same_slice(px_slice a, px_slice b)
{
    if (!a.ptr || !b.ptr)
        return !a.ptr && !b.ptr;
    return a.len == b.len && !memcmp(a.ptr, b.ptr, a.len);
}

/* Saves the grouping. After a saved one (st->partial), only the members
 * whose story, original or position changed are written, and the rows of
 * those and of the articles gone are deleted first: an incremental run at a
 * million articles rewrote a million rows (and their index) to change a few
 * thousand. */
px_status px__story_save(px_store *s, px_stories *st, const char *const *prev)
{
    const px__corpus *c = st->c;
    px__store_member *m = px__malloc((c->n + 1) * sizeof *m);
    px_slice *drop = st->partial ? px__malloc((c->n + st->n_gone + 1) * sizeof *drop) : NULL;
    if (!m || (st->partial && !drop)) {
        px__free(m);
        return px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    }
    size_t n = 0, n_drop = 0;
    for (size_t k = 0; k < st->n; k++) {
        const px__story *y = &st->story[k];
        for (uint32_t i = 0; i < y->n; i++) {
            uint32_t di = st->members[y->first + i];
            const px__cdoc *d = &c->docs[di];
            px__store_member row = {d->id, px_slice_cstr(y->id),
                                    d->dup_of >= 0 ? c->docs[d->dup_of].id : PX_SLICE_NULL, i};
            if (st->partial && prev[di] && !strcmp(prev[di], y->id) && st->prev_ord[di] == i &&
                same_slice(st->prev_dup[di], row.dup_of))
                continue; /* saved as it is */
            if (st->partial && prev[di])
                drop[n_drop++] = d->id;
            m[n++] = row;
        }
    }
    for (size_t i = 0; st->partial && i < st->n_gone; i++)
        drop[n_drop++] = st->gone[i];
    px__grouping g = {.members = m,
                      .n_members = n,
                      .topics = st->topics,
                      .n_topics = st->n_topics,
                      .partial = st->partial,
                      .drop_members = drop,
                      .n_drop_members = n_drop,
                      .drop_topics = st->drop_topics,
                      .n_drop_topics = st->n_drop_topics};
    px_status e = px__corpus_save(s, c, &g);
    px__free(m);
    px__free(drop);
    return e;
}
