/* Topics read back from the store (topic_members, saved with the stories by
 * each grouping run) and written out. Reading never writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/topic_impl.h"

typedef struct load_walk {
    px_topics *t;
    px_map *story;  /* story id -> index in st */
    px_map *topics; /* topic id -> index + 1 */
    uint32_t *of;   /* topic of each story, UINT32_MAX: none */
    uint8_t *lead;
    size_t cap;
} load_walk;

static px_status load_row(void *ud, const px__store_topic *m)
{
    load_walk *w = ud;
    px_topics *t = w->t;
    uint64_t *at = m->story.ptr ? px__map_get(w->story, m->story) : NULL;
    if (!at || !m->topic.ptr || m->topic.len >= sizeof t->topic[0].id)
        return PX_OK;
    uint64_t *slot;
    int isnew;
    if (px__map_put(w->topics, m->topic, t->n + 1, &slot, &isnew))
        return PX_ENOMEM;
    if (isnew) {
        if (t->n == w->cap) {
            size_t nc = w->cap ? w->cap * 2 : 256;
            px__topic *nt = px__realloc(t->topic, nc * sizeof *nt);
            if (!nt)
                return PX_ENOMEM;
            t->topic = nt;
            w->cap = nc;
        }
        px__topic *tp = &t->topic[t->n++];
        memset(tp, 0, sizeof *tp);
        memcpy(tp->id, m->topic.ptr, m->topic.len);
        tp->lead = UINT32_MAX;
    }
    w->of[*at] = (uint32_t)(*slot - 1);
    w->lead[*at] = m->lead != 0;
    return PX_OK;
}

static int by_output(const void *a, const void *b)
{
    const px__topic *x = a, *y = b;
    if (x->day_min != y->day_min) {
        if (x->day_min == PX_NODAY)
            return 1;
        if (y->day_min == PX_NODAY)
            return -1;
        return x->day_min < y->day_min ? -1 : 1;
    }
    return strcmp(x->id, y->id);
}

/* Fills each topic's story list (st order: by first date, then id), lead,
 * span and counts. */
static px_status group(px_topics *t, const uint32_t *of, const uint8_t *lead)
{
    const px_stories *st = t->st;
    const px__corpus *c = st->c;
    t->stories = px__malloc((st->n + 1) * sizeof *t->stories);
    if (!t->stories)
        return PX_ENOMEM;
    for (size_t k = 0; k < st->n; k++)
        if (of[k] != UINT32_MAX)
            t->topic[of[k]].n++;
    uint32_t at = 0;
    for (size_t i = 0; i < t->n; i++) {
        t->topic[i].first = at;
        at += t->topic[i].n;
        t->topic[i].n = 0;
        t->topic[i].day_min = t->topic[i].day_max = PX_NODAY;
        t->topic[i].date_min = t->topic[i].date_max = UINT32_MAX;
    }
    for (size_t k = 0; k < st->n; k++) {
        if (of[k] == UINT32_MAX)
            continue;
        px__topic *tp = &t->topic[of[k]];
        t->stories[tp->first + tp->n++] = (uint32_t)k;
        if (lead[k] || tp->lead == UINT32_MAX)
            tp->lead = (uint32_t)k;
        const px__story *s = &st->story[k];
        tp->n_articles += s->n;
        if (s->day_min != PX_NODAY && (tp->day_min == PX_NODAY || s->day_min < tp->day_min)) {
            tp->day_min = s->day_min;
            tp->date_min = s->date_min;
        }
        if (s->day_max != PX_NODAY && (tp->day_max == PX_NODAY || s->day_max > tp->day_max)) {
            tp->day_max = s->day_max;
            tp->date_max = s->date_max;
        }
    }
    /* Outlets (of originals) per topic. */
    px_map *seen = px__map_new(64);
    if (!seen)
        return PX_ENOMEM;
    for (size_t i = 0; i < t->n; i++) {
        px__topic *tp = &t->topic[i];
        px__map_free(seen);
        if (!(seen = px__map_new(64)))
            return PX_ENOMEM;
        for (uint32_t k = 0; k < tp->n; k++) {
            const px__story *s = &st->story[t->stories[tp->first + k]];
            for (uint32_t m = 0; m < s->n; m++) {
                const px__cdoc *d = &c->docs[st->members[s->first + m]];
                uint64_t *slot;
                int isnew;
                if (d->dup_of >= 0 || !d->outlet.ptr)
                    continue;
                if (px__map_put(seen, d->outlet, 1, &slot, &isnew)) {
                    px__map_free(seen);
                    return PX_ENOMEM;
                }
                tp->n_outlets += isnew;
            }
        }
    }
    px__map_free(seen);
    return PX_OK;
}

px_status px__topics_read(px_store *s, px_topics **out)
{
    *out = NULL;
    px_topics *t = px__calloc(1, sizeof *t);
    if (!t)
        return px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    px_status e = px_stories_load(s, &t->st);
    if (e) {
        px__free(t);
        return e;
    }
    const px_stories *st = t->st;
    load_walk w = {t,
                   px__map_new(st->n + 16),
                   px__map_new(st->n / 4 + 16),
                   px__malloc((st->n + 1) * sizeof *w.of),
                   px__calloc(st->n + 1, 1),
                   0};
    e = w.story && w.topics && w.of && w.lead ? PX_OK : PX_ENOMEM;
    for (size_t k = 0; k < st->n && !e; k++) {
        uint64_t *slot;
        int isnew;
        w.of[k] = UINT32_MAX;
        if (px__map_put(w.story, px_slice_cstr(st->story[k].id), k, &slot, &isnew))
            e = PX_ENOMEM;
    }
    if (!e)
        e = px__store_topics(s, load_row, &w);
    if (!e && t->n == 0 && st->n > 0)
        e = px__fail(px__store_errbuf(s), PX_ESTALE,
                     "the store has no topics yet (parallax stories groups them)");
    if (!e)
        e = group(t, w.of, w.lead);
    if (e == PX_ENOMEM)
        e = px__fail(px__store_errbuf(s), e, "out of memory");
    px__map_free(w.story);
    px__map_free(w.topics);
    px__free(w.of);
    px__free(w.lead);
    if (e) {
        px_topics_free(t);
        return e;
    }
    qsort(t->topic, t->n, sizeof *t->topic, by_output);
    *out = t;
    return PX_OK;
}

px_status px_topics_load(px_store *s, px_topics **out)
{
    if (!s || !out)
        return s ? px__fail(px__store_errbuf(s), PX_EINVAL, "px_topics_load: NULL argument")
                 : PX_EINVAL;
    return px__topics_read(s, out);
}

void px_topics_free(px_topics *t)
{
    if (!t)
        return;
    px_stories_free(t->st);
    px__free(t->topic);
    px__free(t->stories);
    px__free(t);
}

size_t px_topics_count(const px_topics *t)
{
    return t ? t->n : 0;
}

size_t px_topics_size(const px_topics *t, size_t i)
{
    return t && i < t->n ? t->topic[i].n : 0;
}

const char *px_topics_id(const px_topics *t, size_t i)
{
    return t && i < t->n ? t->topic[i].id : NULL;
}

px_status px__topics_find(const px_topics *t, const char *want, size_t *at, char *errmsg)
{
    size_t found = SIZE_MAX, n = strlen(want);
    for (size_t i = 0; i < t->n; i++) {
        if (!strcmp(t->topic[i].id, want)) {
            *at = i;
            return PX_OK;
        }
        if (n && !strncmp(t->topic[i].id, want, n)) {
            if (found != SIZE_MAX)
                return px__fail(errmsg, PX_EINVAL, "topic prefix %s is ambiguous", want);
            found = i;
        }
    }
    if (found == SIZE_MAX)
        return px__fail(errmsg, PX_ENOTFOUND, "no topic %s (parallax topics lists them)", want);
    *at = found;
    return PX_OK;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The articles of topic i by date (undated last), then store order. */
px_status
px__topic_articles(const px_topics *t, size_t i, uint32_t **out, uint32_t **story_of, size_t *n)
{
    const px__topic *tp = &t->topic[i];
    const px_stories *st = t->st;
    uint64_t *key = px__malloc((tp->n_articles + 1) * sizeof *key);
    uint32_t *v = px__malloc((tp->n_articles + 1) * sizeof *v);
    uint32_t *so = px__malloc((st->c->n + 1) * sizeof *so);
    if (!key || !v || !so) {
        px__free(key);
        px__free(v);
        px__free(so);
        return PX_ENOMEM;
    }
    size_t m = 0;
    for (uint32_t k = 0; k < tp->n; k++) {
        uint32_t si = t->stories[tp->first + k];
        const px__story *s = &st->story[si];
        for (uint32_t x = 0; x < s->n; x++) {
            uint32_t di = st->members[s->first + x];
            int32_t day = st->c->docs[di].day;
            uint32_t d = day == PX_NODAY ? UINT32_MAX : (uint32_t)((int64_t)day + INT32_MAX);
            key[m++] = (uint64_t)d << 32 | di; /* docs are in store order */
            so[di] = si;
        }
    }
    qsort(key, m, sizeof *key, by_u64);
    for (size_t x = 0; x < m; x++)
        v[x] = (uint32_t)key[x];
    px__free(key);
    *out = v;
    *story_of = so;
    *n = m;
    return PX_OK;
}

static px_slice doc_date(const px__corpus *c, uint32_t di)
{
    return di == UINT32_MAX ? PX_SLICE_NULL : c->docs[di].date;
}

static px_slice topic_title(const px_topics *t, const px__topic *tp)
{
    const px__story *s = &t->st->story[tp->lead];
    return s->title == UINT32_MAX ? PX_SLICE_NULL : t->st->c->docs[s->title].title;
}

static int by_slice(const void *a, const void *b)
{
    const px_slice *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->ptr, y->ptr, n);
    return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* The distinct outlets of the originals among arts, sorted by bytes. */
static px_status
outlets_of(const px__corpus *c, const uint32_t *arts, size_t n, px_slice **out, size_t *n_out)
{
    px_slice *v = px__malloc((n + 1) * sizeof *v);
    if (!v)
        return PX_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const px__cdoc *d = &c->docs[arts[i]];
        if (d->dup_of < 0 && d->outlet.ptr)
            v[m++] = d->outlet;
    }
    if (m)
        qsort(v, m, sizeof *v, by_slice);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (!u || by_slice(&v[u - 1], &v[i]))
            v[u++] = v[i];
    *out = v;
    *n_out = u;
    return PX_OK;
}

px_status px_topics_write_json(const px_topics *t, size_t i, px_buf *out)
{
    if (!t || !out || i >= t->n)
        return PX_EINVAL;
    const px__topic *tp = &t->topic[i];
    const px_stories *st = t->st;
    const px__corpus *c = st->c;
    uint32_t *arts = NULL, *so = NULL;
    size_t n = 0, n_out = 0;
    px_slice *outl = NULL;
    px_status e = px__topic_articles(t, i, &arts, &so, &n);
    if (!e)
        e = outlets_of(c, arts, n, &outl, &n_out);
    if (!e)
        e = px_buf_appendf(out, "{\"id\":\"%s\",\"title\":", tp->id);
    if (!e)
        e = px__json_str(out, topic_title(t, tp));
    if (!e)
        e = px_buf_append_str(out, ",\"dates\":[");
    if (!e && tp->date_min != UINT32_MAX) {
        e = px__json_str(out, doc_date(c, tp->date_min));
        if (!e && tp->day_max != tp->day_min && (e = px_buf_append_byte(out, ',')) == PX_OK)
            e = px__json_str(out, doc_date(c, tp->date_max));
    }
    if (!e)
        e = px_buf_append_str(out, "],\"outlets\":[");
    for (size_t k = 0; k < n_out && !e; k++) {
        if (k)
            e = px_buf_append_byte(out, ',');
        if (!e)
            e = px__json_str(out, outl[k]);
    }
    if (!e)
        e = px_buf_append_str(out, "],\"stories\":[");
    for (uint32_t k = 0; k < tp->n && !e; k++)
        e = px_buf_appendf(out, "%s\"%s\"", k ? "," : "", st->story[t->stories[tp->first + k]].id);
    if (!e)
        e = px_buf_append_str(out, "],\"articles\":[");
    for (size_t k = 0; k < n && !e; k++) {
        e = px__write_member(out, c, arts[k], k > 0);
        /* px__write_member closes the object: reopen it for the story. */
        if (!e) {
            out->len--;
            e = px_buf_appendf(out, ",\"story\":\"%s\"}", st->story[so[arts[k]]].id);
        }
    }
    if (!e)
        e = px_buf_append_str(out, "]}");
    px__free(arts);
    px__free(so);
    px__free(outl);
    return e;
}

px_status px_topics_write_text(const px_topics *t, size_t i, px_buf *out)
{
    if (!t || !out || i >= t->n)
        return PX_EINVAL;
    const px__topic *tp = &t->topic[i];
    const px_stories *st = t->st;
    const px__corpus *c = st->c;
    char a[64], b[64], ti[512];
    px_status e = px_buf_appendf(
        out, "%s  %s..%s  %u stor%s  %u article%s  %u outlet%s  %s\n", tp->id,
        px__or_dash(doc_date(c, tp->date_min), a, 64),
        px__or_dash(doc_date(c, tp->date_max), b, 64), tp->n, tp->n == 1 ? "y" : "ies",
        tp->n_articles, tp->n_articles == 1 ? "" : "s", tp->n_outlets,
        tp->n_outlets == 1 ? "" : "s", px__or_dash(topic_title(t, tp), ti, sizeof ti));
    for (uint32_t k = 0; k < tp->n && !e; k++) {
        const px__story *s = &st->story[t->stories[tp->first + k]];
        e = px_buf_appendf(
            out, "    %s  %s..%s  %u article%s  %s\n", s->id,
            px__or_dash(doc_date(c, s->date_min), a, 64),
            px__or_dash(doc_date(c, s->date_max), b, 64), s->n, s->n == 1 ? "" : "s",
            px__or_dash(s->title == UINT32_MAX ? PX_SLICE_NULL : c->docs[s->title].title, ti,
                        sizeof ti));
    }
    return e;
}
