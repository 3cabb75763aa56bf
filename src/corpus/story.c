/* Stories: grouping the store (dedup.c, cluster.c), giving each story a stable
 * id, saving the grouping in the store, and writing the story list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/story_impl.h"

/* 1 when article a comes before b: by date (undated last), then id (the
 * order articles are loaded in; never insertion order, which differs between
 * one add and many concurrent loaders). */
int px__doc_before(const px__cdoc *a, const px__cdoc *b)
{
    if (a->day != b->day) {
        if (a->day == PX_NODAY)
            return 0;
        if (b->day == PX_NODAY)
            return 1;
        return a->day < b->day;
    }
    size_t n = a->id.len < b->id.len ? a->id.len : b->id.len;
    int c = n ? memcmp(a->id.ptr, b->id.ptr, n) : 0;
    return c ? c < 0 : a->id.len < b->id.len;
}

/* 1 when s starts with word (ASCII case folded). */
static int starts_with(px_slice s, const char *word)
{
    size_t n = strlen(word);
    if (s.len < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((s.ptr[i] >= 'A' && s.ptr[i] <= 'Z' ? s.ptr[i] | 32 : s.ptr[i]) != (uint8_t)word[i])
            return 0;
    return 1;
}

int px__opinion(px_slice title, px_slice outlet)
{
    static const char *const MARK[] = {"opinion", "op-ed",       "editorial",
                                       "column:", "commentary:", "analysis:"};
    for (size_t k = 0; k < sizeof MARK / sizeof *MARK; k++) {
        size_t n = strlen(MARK[k]);
        if (starts_with(title, MARK[k]) &&
            (title.len == n || !((title.ptr[n] | 32) >= 'a' && (title.ptr[n] | 32) <= 'z')))
            return 1;
    }
    for (size_t i = 0; outlet.ptr && i < outlet.len; i++)
        if (starts_with((px_slice){outlet.ptr + i, outlet.len - i}, "opinion") ||
            starts_with((px_slice){outlet.ptr + i, outlet.len - i}, "guest writer"))
            return 1;
    return 0;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts a story's members by date (undated last), then id: articles are
 * loaded in that order, so the index breaks ties. tmp holds n keys. */
static void sort_members(const px__corpus *c, uint32_t *m, uint32_t n, uint64_t *tmp)
{
    for (uint32_t i = 0; i < n; i++) {
        int32_t day = c->docs[m[i]].day;
        uint32_t d = day == PX_NODAY ? UINT32_MAX : (uint32_t)((int64_t)day + INT32_MAX);
        tmp[i] = (uint64_t)d << 32 | m[i];
    }
    /* Members come in load order, nearly sorted already: insertion sort
     * (stable, as glibc's merge sort) unless the story is long. */
    if (n > 96) {
        qsort(tmp, n, sizeof *tmp, by_u64);
    } else {
        for (uint32_t i = 1; i < n; i++) {
            uint64_t x = tmp[i];
            uint32_t j = i;
            while (j > 0 && tmp[j - 1] > x) {
                tmp[j] = tmp[j - 1];
                j--;
            }
            tmp[j] = x;
        }
    }
    for (uint32_t i = 0; i < n; i++)
        m[i] = (uint32_t)tmp[i];
}

static int by_output(const void *a, const void *b)
{
    const px__story *x = a, *y = b;
    if (x->day_min != y->day_min) {
        if (x->day_min == PX_NODAY)
            return 1;
        if (y->day_min == PX_NODAY)
            return -1;
        return x->day_min < y->day_min ? -1 : 1;
    }
    return strcmp(x->id, y->id);
}

/* Groups the member indices by story, each group in time order. */
static px_status group(px_stories *st, size_t n_stories)
{
    px__corpus *c = st->c;
    st->story = px__calloc(n_stories + 1, sizeof *st->story);
    st->members = px__malloc((c->n + 1) * sizeof *st->members);
    if (!st->story || !st->members)
        return PX_ENOMEM;
    st->n = n_stories;
    for (size_t i = 0; i < c->n; i++)
        if (c->docs[i].story >= 0) /* -1: not in the saved grouping */
            st->story[c->docs[i].story].n++;
    uint32_t at = 0;
    for (size_t k = 0; k < n_stories; k++) {
        st->story[k].first = at;
        at += st->story[k].n;
        st->story[k].n = 0;
    }
    for (size_t i = 0; i < c->n; i++) {
        if (c->docs[i].story < 0)
            continue;
        px__story *s = &st->story[c->docs[i].story];
        st->members[s->first + s->n++] = (uint32_t)i;
    }
    uint64_t *tmp = px__malloc((c->n + 1) * sizeof *tmp);
    if (!tmp)
        return PX_ENOMEM;
    for (size_t k = 0; k < n_stories; k++) {
        px__story *s = &st->story[k];
        sort_members(c, st->members + s->first, s->n, tmp);
        s->day_min = s->day_max = PX_NODAY;
        s->date_min = s->date_max = UINT32_MAX;
        for (uint32_t m = 0; m < s->n; m++) {
            uint32_t di = st->members[s->first + m];
            const px__cdoc *d = &c->docs[di];
            if (d->day == PX_NODAY)
                continue;
            if (s->day_min == PX_NODAY || d->day < s->day_min) {
                s->day_min = d->day;
                s->date_min = di;
            }
            if (s->day_max == PX_NODAY || d->day > s->day_max) {
                s->day_max = d->day;
                s->date_max = di;
            }
        }
        /* The earliest original with a news headline, else with any title. */
        s->title = UINT32_MAX;
        for (int pass = 0; pass < 2 && s->title == UINT32_MAX; pass++)
            for (uint32_t m = 0; m < s->n && s->title == UINT32_MAX; m++) {
                uint32_t di = st->members[s->first + m];
                const px__cdoc *d = &c->docs[di];
                if (d->title.ptr && d->dup_of < 0 && (pass || !px__opinion(d->title, d->outlet)))
                    s->title = di;
            }
    }
    px__free(tmp);
    return PX_OK;
}

/* Frees what a grouping run keeps for saving only. */
static void saved_free(px_stories *st)
{
    px__free(st->topics);
    px__free(st->prev_dup);
    px__free(st->prev_ord);
    px__free(st->gone);
    px__free(st->drop_topics);
    st->topics = NULL;
    st->prev_dup = NULL;
    st->prev_ord = NULL;
    st->gone = NULL;
    st->drop_topics = NULL;
    st->n_topics = st->n_gone = st->cap_gone = st->n_drop_topics = 0;
}

px_status px_stories_build(px_store *s, px_stories **out)
{
    return px_stories_update(s, 0, out);
}

size_t px_stories_featurized(const px_stories *st)
{
    return st && st->c ? st->c->featurized : 0;
}

px_status px_stories_update(px_store *s, int rebuild, px_stories **out)
{
    return px_stories_group(s, rebuild, NULL, out);
}

px_status px_stories_group(px_store *s, int rebuild, const px_grouping *g, px_stories **out)
{
    if (!s || !out)
        return s ? px__fail(px__store_errbuf(s), PX_EINVAL, "px_stories_build: NULL argument")
                 : PX_EINVAL;
    *out = NULL;
    px_stories *st = px__calloc(1, sizeof *st);
    if (!st)
        return px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    size_t n_stories = 0;
    const char **prev = NULL;
    /* One grouping run at a time per store: the lock spans reading, grouping
     * and saving, so a second run starts from the first one's saved result. */
    px_status e = px__store_grouping_lock(s, 1);
    if (e) {
        px__free(st);
        return e;
    }
    e = px__corpus_load(s, rebuild, &st->c);
    if (e == PX_OK && g)
        st->c->P = *g;
    if (e == PX_OK && !(prev = px__calloc(st->c->n + 1, sizeof *prev)))
        e = px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    if (e == PX_OK)
        e = px__story_prev(s, st, prev);
    if (rebuild) /* everything is written again */
        st->partial = 0;
    if (e == PX_OK && (e = px__dedup(st->c, &st->copies)) == PX_OK &&
        (e = px__cluster(st->c, rebuild ? NULL : prev, &n_stories)) == PX_OK &&
        (e = group(st, n_stories)) != PX_OK)
        e = px__fail(px__store_errbuf(s), e, "out of memory");
    else if (e && e != PX_EDB && !px__store_errbuf(s)[0])
        e = px__fail(px__store_errbuf(s), e, "cannot group the stories: %s", px_strerror(e));
    if (e == PX_OK)
        e = px__story_ids(s, st, prev);
    if (e == PX_OK)
        e = px__topics_group(s, st, prev, rebuild);
    if (e == PX_OK)
        e = px__story_save(s, st, prev);
    px__free(prev);
    /* The saved topic rows point into st->story, which is sorted below. */
    saved_free(st);
    px_status u = px__store_grouping_lock(s, 0);
    if (e == PX_OK)
        e = u;
    if (e) {
        px_stories_free(st);
        return e;
    }
    qsort(st->story, st->n, sizeof *st->story, by_output);
    *out = st;
    return PX_OK;
}

/* Sets each article's story and original from the saved memberships. */
typedef struct saved_walk {
    px_stories *st;
    px_map *ids;     /* article id -> index */
    px_map *stories; /* story id -> index */
    px_slice *names; /* story id by index (corpus arena) */
    size_t cap;
} saved_walk;

static px_status saved_row(void *ud, const px__store_member *m)
{
    saved_walk *w = ud;
    px__corpus *c = w->st->c;
    uint64_t *at = px__map_get(w->ids, m->article), *slot;
    if (!at || !m->story.ptr || m->story.len >= sizeof(((px__story *)0)->id))
        return PX_OK;
    int isnew;
    if (px__map_put(w->stories, m->story, w->st->n, &slot, &isnew))
        return PX_ENOMEM;
    if (isnew) {
        if (w->st->n == w->cap) {
            size_t nc = w->cap ? w->cap * 2 : 256;
            px_slice *nn = px__realloc(w->names, nc * sizeof *nn);
            if (!nn)
                return PX_ENOMEM;
            w->names = nn;
            w->cap = nc;
        }
        if (!(w->names[w->st->n++] = px__arena_dup(c->arena, m->story)).ptr)
            return PX_ENOMEM;
    }
    c->docs[*at].story = (int32_t)*slot;
    uint64_t *orig = m->dup_of.ptr ? px__map_get(w->ids, m->dup_of) : NULL;
    c->docs[*at].dup_of = orig ? (int32_t)*orig : -1;
    w->st->copies += orig != NULL;
    return PX_OK;
}

px_status px_stories_load(px_store *s, px_stories **out)
{
    if (!s || !out)
        return s ? px__fail(px__store_errbuf(s), PX_EINVAL, "px_stories_load: NULL argument")
                 : PX_EINVAL;
    *out = NULL;
    px__grouping_state g;
    px_status e = px__store_grouping_state(s, &g);
    if (!e && g.articles == 0)
        e = px__fail(px__store_errbuf(s), PX_ENOTFOUND, "the store is empty");
    else if (!e && !g.grouped)
        e = px__fail(px__store_errbuf(s), PX_ESTALE,
                     "the store has no stories yet (parallax stories groups them)");
    px_stories *st = e ? NULL : px__calloc(1, sizeof *st);
    if (!e && !st)
        e = px__fail(px__store_errbuf(s), PX_ENOMEM, "out of memory");
    if (!e)
        e = px__corpus_load_meta(s, &st->c);
    saved_walk w = {st, NULL, NULL, NULL, 0};
    if (!e) {
        w.ids = px__map_new(st->c->n);
        w.stories = px__map_new(st->c->n / 2 + 16);
        for (size_t i = 0; w.ids && i < st->c->n; i++) {
            uint64_t *slot;
            int isnew;
            st->c->docs[i].story = -1;
            if (px__map_put(w.ids, st->c->docs[i].id, i, &slot, &isnew))
                break;
        }
        e = w.ids && w.stories && px__map_count(w.ids) == st->c->n ? PX_OK : PX_ENOMEM;
    }
    if (!e)
        e = px__store_members(s, saved_row, &w);
    if (!e)
        e = group(st, st->n);
    for (size_t k = 0; !e && k < st->n; k++)
        memcpy(st->story[k].id, w.names[k].ptr, w.names[k].len + 1);
    px__map_free(w.ids);
    px__map_free(w.stories);
    px__free(w.names);
    if (e == PX_ENOMEM)
        e = px__fail(px__store_errbuf(s), e, "out of memory");
    if (e) {
        px_stories_free(st);
        return e;
    }
    qsort(st->story, st->n, sizeof *st->story, by_output);
    *out = st;
    return PX_OK;
}

px_status px_stories_stale(px_store *s, size_t *added, int *changed, int *grouped)
{
    if (!s)
        return PX_EINVAL;
    px__grouping_state g;
    px_status e = px__store_grouping_state(s, &g);
    if (e)
        return e;
    if (added)
        *added = g.articles > g.g_articles && g.grouped ? (size_t)(g.articles - g.g_articles)
                 : g.grouped                            ? 0
                                                        : (size_t)g.articles;
    if (changed)
        *changed = !g.grouped || g.articles != g.g_articles || g.max_rid != g.g_max_rid;
    if (grouped)
        *grouped = g.grouped;
    return PX_OK;
}

void px_stories_free(px_stories *st)
{
    if (!st)
        return;
    saved_free(st);
    px__corpus_free(st->c);
    px__free(st->story);
    px__free(st->members);
    px__free(st);
}

size_t px_stories_count(const px_stories *st)
{
    return st ? st->n : 0;
}

size_t px_stories_size(const px_stories *st, size_t i)
{
    return st && i < st->n ? st->story[i].n : 0;
}

size_t px_stories_copies(const px_stories *st)
{
    return st ? st->copies : 0;
}

const char *px_stories_id(const px_stories *st, size_t i)
{
    return st && i < st->n ? st->story[i].id : NULL;
}

static px_slice doc_field(const px__corpus *c, uint32_t di, int which)
{
    if (di == UINT32_MAX)
        return PX_SLICE_NULL;
    const px__cdoc *d = &c->docs[di];
    return which == 0 ? d->date : d->title;
}

px_status px_stories_write_json(const px_stories *st, size_t i, px_buf *out)
{
    if (!st || !out || i >= st->n)
        return PX_EINVAL;
    const px__story *s = &st->story[i];
    const px__corpus *c = st->c;
    px_status e = px_buf_appendf(out, "{\"id\":\"%s\",\"title\":", s->id);
    if (!e)
        e = px__json_str(out, doc_field(c, s->title, 1));
    if (!e)
        e = px_buf_append_str(out, ",\"dates\":[");
    if (!e && s->date_min != UINT32_MAX) {
        e = px__json_str(out, doc_field(c, s->date_min, 0));
        if (!e && s->day_max != s->day_min && (e = px_buf_append_byte(out, ',')) == PX_OK)
            e = px__json_str(out, doc_field(c, s->date_max, 0));
    }
    if (!e)
        e = px_buf_append_str(out, "],\"articles\":[");
    for (uint32_t m = 0; m < s->n && !e; m++)
        e = px__write_member(out, c, st->members[s->first + m], m > 0);
    if (!e)
        e = px_buf_append_str(out, "]}");
    return e;
}

px_status px__write_member(px_buf *out, const px__corpus *c, uint32_t di, int comma)
{
    const px__cdoc *d = &c->docs[di];
    px_status e = px_buf_append_str(out, comma ? ",{\"id\":" : "{\"id\":");
    if (!e)
        e = px__json_str(out, d->id);
    if (!e && !(e = px_buf_append_str(out, ",\"outlet\":")))
        e = px__json_str(out, d->outlet);
    if (!e && !(e = px_buf_append_str(out, ",\"date\":")))
        e = px__json_str(out, d->date);
    if (!e && !(e = px_buf_append_str(out, ",\"title\":")))
        e = px__json_str(out, d->title);
    if (!e && !(e = px_buf_append_str(out, ",\"duplicate_of\":")))
        e = px__json_str(out, d->dup_of >= 0 ? c->docs[d->dup_of].id : PX_SLICE_NULL);
    if (!e)
        e = px_buf_append_byte(out, '}');
    return e;
}

const char *px__or_dash(px_slice v, char *tmp, size_t cap)
{
    if (!v.ptr)
        return "-";
    size_t n = v.len < cap - 1 ? v.len : cap - 1;
    while (n < v.len && n > 0 && (v.ptr[n] & 0xC0) == 0x80)
        n--; /* never cut a character */
    memcpy(tmp, v.ptr, n);
    tmp[n] = 0;
    for (size_t i = 0; i < n; i++)
        if (tmp[i] == '\t' || tmp[i] == '\n' || tmp[i] == '\r')
            tmp[i] = ' ';
    return tmp;
}

px_status px_stories_write_text(const px_stories *st, size_t i, px_buf *out)
{
    if (!st || !out || i >= st->n)
        return PX_EINVAL;
    const px__story *s = &st->story[i];
    const px__corpus *c = st->c;
    char a[64], b[64], t[512];
    px_status e =
        px_buf_appendf(out, "%s  %s..%s  %u article%s  %s\n", s->id,
                       px__or_dash(doc_field(c, s->date_min, 0), a, 64),
                       px__or_dash(doc_field(c, s->date_max, 0), b, 64), s->n, s->n == 1 ? "" : "s",
                       px__or_dash(doc_field(c, s->title, 1), t, sizeof t));
    for (uint32_t m = 0; m < s->n && !e; m++) {
        const px__cdoc *d = &c->docs[st->members[s->first + m]];
        char id[64], date[64], outlet[128], title[512];
        e = px_buf_appendf(out, "    %s  %s  %s  %s", px__or_dash(d->id, id, 64),
                           px__or_dash(d->date, date, 64), px__or_dash(d->outlet, outlet, 128),
                           px__or_dash(d->title, title, 512));
        if (!e && d->dup_of >= 0)
            e = px_buf_appendf(out, "  (copy of %s)", px__or_dash(c->docs[d->dup_of].id, id, 64));
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    return e;
}
