/* Compare: each outlet's tone in the story (docs/tone.md): the mean document
 * tone of its articles, and its mean tone toward the entities (by concept
 * key) that at least two outlets of the story write about. */
#include <math.h>
#include <string.h>

#include "corpus/compare_impl.h"

#define MAX_CONCEPTS 12 /* concepts listed per story */

typedef struct concept {
    px_slice key, name;
    size_t articles;  /* articles with a target on it */
    uint32_t outlets; /* outlets writing about it */
    double *sum;      /* per outlet: summed scores */
    uint32_t *n;      /* per outlet: articles */
    int32_t *ev_art;  /* per outlet: an article with evidence, -1 */
    int32_t *last;    /* per outlet: the last article counted, -1 */
    px_span *ev;      /* per outlet: its first evidence span */
}
concept;

static px_status number(px_buf *b, double v)
{
    return px_buf_appendf(b, "%.4f", isfinite(v) ? round(v * 1e4) / 1e4 + 0.0 : 0.0);
}

/* Gathers the concepts of the story's original articles. */
static px_status gather(const px__cmp *m, concept **out, size_t *n_out)
{
    size_t cap = 0, n = 0, no = m->n_outlets;
    concept *c = NULL;
    px_map *ix = px__map_new(64);
    if (!ix)
        return PX_ENOMEM;
    px_status st = PX_OK;
    for (size_t i = 0; i < m->n && !st; i++) {
        const px__cart *a = &m->a[i];
        if (a->copy || !a->rec.has_tone)
            continue;
        for (size_t t = 0; t < a->rec.tone.n_targets && !st; t++) {
            const px_tone_target *g = &a->rec.tone.targets[t];
            if (!g->concept.len || !isfinite(g->score))
                continue;
            uint64_t *slot;
            int isnew;
            if ((st = px__map_put(ix, g->concept, n, &slot, &isnew)))
                break;
            if (isnew) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 32;
                    concept *nc = px__realloc(c, cap * sizeof *nc);
                    if (!nc) {
                        st = PX_ENOMEM;
                        break;
                    }
                    c = nc;
                }
                concept *k = &c[n++];
                memset(k, 0, sizeof *k);
                k->key = g->concept;
                k->name = g->entity >= 0 && (size_t)g->entity < a->rec.n_entities
                              ? a->rec.entities[g->entity].name
                              : g->concept;
                k->sum = PX_ARENA_NEW(m->arena, double, no);
                k->n = PX_ARENA_NEW(m->arena, uint32_t, no);
                k->ev_art = PX_ARENA_NEW(m->arena, int32_t, no);
                k->ev = PX_ARENA_NEW(m->arena, px_span, no);
                k->last = PX_ARENA_NEW(m->arena, int32_t, no);
                if (!k->sum || !k->n || !k->ev_art || !k->ev || !k->last) {
                    st = PX_ENOMEM;
                    break;
                }
                for (size_t o = 0; o < no; o++) {
                    k->sum[o] = 0;
                    k->n[o] = 0;
                    k->ev_art[o] = -1;
                    k->last[o] = -1;
                }
            }
            concept *k = &c[*slot];
            uint32_t o = a->outlet_ix;
            if (o >= no || k->last[o] == (int32_t)i)
                continue; /* one target per concept and article */
            k->last[o] = (int32_t)i;
            k->outlets += k->n[o] == 0;
            k->sum[o] += g->score;
            k->n[o]++;
            k->articles++;
            if (k->ev_art[o] < 0 && g->n_evidence) {
                k->ev_art[o] = (int32_t)i;
                k->ev[o] = g->evidence[0];
            }
        }
    }
    px__map_free(ix);
    if (st) {
        px__free(c);
        return st;
    }
    *out = c;
    *n_out = n;
    return PX_OK;
}

/* More outlets, then more articles, then the key: the concepts compared. */
static int more(const concept *a, const concept *b)
{
    if (a->outlets != b->outlets)
        return a->outlets > b->outlets;
    if (a->articles != b->articles)
        return a->articles > b->articles;
    size_t n = a->key.len < b->key.len ? a->key.len : b->key.len;
    int c = memcmp(a->key.ptr, b->key.ptr, n);
    return c ? c < 0 : a->key.len < b->key.len;
}

static px_status write_outlet(const px__cmp *m, size_t o, const concept *c, size_t nc, px_buf *b)
{
    double sum = 0, pos = 0, neg = 0;
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++) {
        const px__cart *a = &m->a[i];
        if (a->copy || !a->rec.has_tone || a->outlet_ix != o || !isfinite(a->rec.tone.tone))
            continue;
        sum += a->rec.tone.tone;
        pos += a->rec.tone.positive;
        neg += a->rec.tone.negative;
        n++;
    }
    px_status st = px_buf_append_str(b, o ? ",{\"outlet\":" : "{\"outlet\":");
    if (!st)
        st = px__json_str(b, m->outlets[o]);
    if (!st)
        st = px_buf_appendf(b, ",\"articles\":%zu,\"tone\":", n);
    if (!st)
        st = n ? number(b, sum / (double)n) : px_buf_append_str(b, "null");
    if (!st)
        st = px_buf_append_str(b, ",\"positive\":");
    if (!st)
        st = n ? number(b, pos / (double)n) : px_buf_append_str(b, "null");
    if (!st)
        st = px_buf_append_str(b, ",\"negative\":");
    if (!st)
        st = n ? number(b, neg / (double)n) : px_buf_append_str(b, "null");
    if (!st)
        st = px_buf_append_str(b, ",\"targets\":[");
    size_t w = 0;
    for (size_t k = 0; k < nc && !st; k++) {
        if (!c[k].n[o])
            continue;
        double s = c[k].sum[o] / c[k].n[o];
        st = px_buf_append_str(b, w++ ? ",{\"concept\":" : "{\"concept\":");
        if (!st)
            st = px__json_str(b, c[k].key);
        if (!st)
            st = px_buf_append_str(b, ",\"name\":");
        if (!st)
            st = px__json_str(b, c[k].name);
        if (!st)
            st = px_buf_appendf(b, ",\"articles\":%u,\"score\":", c[k].n[o]);
        if (!st)
            st = number(b, s);
        if (!st)
            st = px_buf_appendf(b, ",\"polarity\":\"%s\"",
                                s <= -0.2  ? "negative"
                                : s >= 0.2 ? "positive"
                                           : "neutral");
        if (!st && c[k].ev_art[o] >= 0) {
            const px__cart *a = &m->a[c[k].ev_art[o]];
            st = px_buf_append_str(b, ",\"evidence\":[{\"article\":");
            if (!st)
                st = px__json_str(b, a->id);
            if (!st)
                st = px_buf_append_str(b, ",\"span\":");
            if (!st)
                st = px__json_span(b, c[k].ev[o].start, c[k].ev[o].end);
            if (!st)
                st = px_buf_append_str(b, "}]");
        } else if (!st) {
            st = px_buf_append_str(b, ",\"evidence\":[]");
        }
        if (!st)
            st = px_buf_append_byte(b, '}');
    }
    if (!st)
        st = px_buf_append_str(b, "]}");
    return st;
}

px_status px__cmp_tone(px__cmp *m, px_buf *out)
{
    concept *c = NULL;
    size_t n = 0;
    px_status st = gather(m, &c, &n);
    if (st)
        return st;
    /* the MAX_CONCEPTS concepts most outlets write about (two at least when
     * the story has two outlets), in that order (selection, n is small) */
    size_t keep = 0;
    uint32_t need = m->n_outlets > 1 ? 2 : 1;
    for (size_t i = 0; i < n; i++)
        if (c[i].outlets >= need)
            c[keep++] = c[i];
    for (size_t i = 0; i < keep && i < MAX_CONCEPTS; i++) {
        size_t best = i;
        for (size_t j = i + 1; j < keep; j++)
            if (more(&c[j], &c[best]))
                best = j;
        concept t = c[i];
        c[i] = c[best];
        c[best] = t;
    }
    keep = keep < MAX_CONCEPTS ? keep : MAX_CONCEPTS;
    st = px_buf_append_str(out, ",\"tone\":[");
    for (size_t o = 0; o < m->n_outlets && !st; o++)
        st = write_outlet(m, o, c, keep, out);
    if (!st)
        st = px_buf_append_byte(out, ']');
    px__free(c);
    return st;
}
