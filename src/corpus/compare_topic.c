/* Topic comparison (parallax.topic/1): per outlet over time, what the outlets
 * of a long-running topic did with it: the topic's stories each covered and
 * skipped (coverage gaps), articles, tone, event counts by CAMEO root with
 * mean Goldstein, per month, and the labels each chose for the topic's
 * concepts with their dates. Tone, events and labels are read from the
 * records through the typed reader (record.h) and are empty until the
 * analyses that write them run. Reads the saved topics; never writes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/topic_impl.h"
#include "record/record.h"

#define N_ROOTS 21 /* CAMEO roots 01 .. 20 (0: other) */

typedef struct cell { /* one outlet in one month */
    uint32_t outlet;
    char period[8]; /* "YYYY-MM", "" when undated */
    uint32_t n;
    double tone_sum, gold_sum;
    uint32_t tone_n, gold_n, events;
    uint32_t root[N_ROOTS];
} cell;

typedef struct lab { /* one outlet's label for one concept */
    px_slice concept, label, first, last;
    uint32_t outlet, count;
} lab;

typedef struct tcmp {
    const px_topics *t;
    const px__topic *tp;
    px_arena *a; /* kept strings */
    px_map *outlet_ix;
    px_slice *outlets;
    uint32_t *n_art;
    uint8_t *covered; /* outlet × topic story */
    double *tone_sum;
    uint32_t *tone_n;
    size_t n_outlets, cap_outlets;
    px_map *cell_ix;
    cell *cells;
    size_t n_cells, cap_cells;
    px_map *lab_ix;
    lab *labs;
    size_t n_labs, cap_labs;
} tcmp;

static int wanted(const char *list, px_slice outlet)
{
    if (!list)
        return 1;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (outlet.ptr && n == outlet.len && !memcmp(p, outlet.ptr, n))
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = px__realloc(*v, nc * size);
    if (!p)
        return -1;
    *v = p;
    *cap = nc;
    return 0;
}

static px_status outlet_of(tcmp *m, px_slice name, uint32_t *out)
{
    uint64_t *slot;
    int isnew;
    if (px__map_put(m->outlet_ix, name, m->n_outlets, &slot, &isnew))
        return PX_ENOMEM;
    if (isnew) {
        size_t cap = m->cap_outlets;
        if (grow((void **)&m->outlets, &cap, m->n_outlets, sizeof *m->outlets) ||
            (m->cap_outlets = cap, 0) ||
            !(m->n_art = px__realloc(m->n_art, cap * sizeof *m->n_art)) ||
            !(m->tone_sum = px__realloc(m->tone_sum, cap * sizeof *m->tone_sum)) ||
            !(m->tone_n = px__realloc(m->tone_n, cap * sizeof *m->tone_n)) ||
            !(m->covered = px__realloc(m->covered, cap * (m->tp->n + 1))))
            return PX_ENOMEM;
        size_t k = m->n_outlets++;
        m->outlets[k] = px__arena_dup(m->a, name);
        m->n_art[k] = 0;
        m->tone_sum[k] = 0;
        m->tone_n[k] = 0;
        memset(m->covered + k * (m->tp->n + 1), 0, m->tp->n + 1);
        if (!m->outlets[k].ptr)
            return PX_ENOMEM;
    }
    *out = (uint32_t)*slot;
    return PX_OK;
}

static px_status cell_of(tcmp *m, uint32_t outlet, px_slice date, cell **out)
{
    char key[32];
    size_t n = date.ptr && date.len >= 7 ? 7 : 0;
    memcpy(key, &outlet, sizeof outlet);
    memcpy(key + sizeof outlet, date.ptr ? (const char *)date.ptr : "", n);
    uint64_t *slot;
    int isnew;
    if (px__map_put(m->cell_ix, (px_slice){(const uint8_t *)key, sizeof outlet + n}, m->n_cells,
                    &slot, &isnew))
        return PX_ENOMEM;
    if (isnew) {
        if (grow((void **)&m->cells, &m->cap_cells, m->n_cells, sizeof *m->cells))
            return PX_ENOMEM;
        cell *c = &m->cells[m->n_cells++];
        memset(c, 0, sizeof *c);
        c->outlet = outlet;
        memcpy(c->period, date.ptr ? (const char *)date.ptr : "", n);
    }
    *out = &m->cells[*slot];
    return PX_OK;
}

static px_status
add_label(tcmp *m, uint32_t outlet, px_slice concept, px_slice label, px_slice date)
{
    px_buf k;
    px_buf_init(&k, 0);
    px_status e = px_buf_append(&k, &outlet, sizeof outlet);
    if (!e)
        e = px_buf_append(&k, concept.ptr, concept.len);
    if (!e)
        e = px_buf_append(&k, "\x1f", 1);
    if (!e)
        e = px_buf_append(&k, label.ptr, label.len);
    uint64_t *slot;
    int isnew = 0;
    if (!e && px__map_put(m->lab_ix, px_buf_slice(&k), m->n_labs, &slot, &isnew))
        e = PX_ENOMEM;
    px_buf_free(&k);
    if (e)
        return e;
    if (isnew) {
        if (grow((void **)&m->labs, &m->cap_labs, m->n_labs, sizeof *m->labs))
            return PX_ENOMEM;
        lab *l = &m->labs[m->n_labs++];
        *l = (lab){px__arena_dup(m->a, concept),
                   px__arena_dup(m->a, label),
                   PX_SLICE_NULL,
                   PX_SLICE_NULL,
                   outlet,
                   0};
        if (!l->concept.ptr || !l->label.ptr)
            return PX_ENOMEM;
    }
    lab *l = &m->labs[*slot];
    l->count++;
    if (date.ptr) { /* articles come in date order */
        if (!l->first.ptr && !(l->first = px__arena_dup(m->a, date)).ptr)
            return PX_ENOMEM;
        l->last = l->first;
        if (!px_slice_eq(l->first, date) && !(l->last = px__arena_dup(m->a, date)).ptr)
            return PX_ENOMEM;
    }
    return PX_OK;
}

/* Reads one original article's record into the tables. */
static px_status take(tcmp *m, px_store *s, const px__cdoc *d, uint32_t pos, px_arena *ra)
{
    uint32_t o;
    px_status e = outlet_of(m, d->outlet.ptr ? d->outlet : PX_SLICE_LIT("(unknown)"), &o);
    if (e)
        return e;
    m->n_art[o]++;
    m->covered[o * (m->tp->n + 1) + pos] = 1;
    cell *c;
    if ((e = cell_of(m, o, d->date, &c)))
        return e;
    c->n++;
    px_slice json;
    if ((e = px__store_record_by_rid(s, d->rid, &json)))
        return e;
    px__arena_reset(ra);
    px_rec r;
    px_status pe = px__rec_parse(json, ra, &r, NULL);
    if (pe == PX_ENOMEM)
        return pe;
    if (pe) /* an unreadable record counts as an article with nothing in it */
        return PX_OK;
    if (r.has_tone && isfinite(r.tone.tone)) {
        c->tone_sum += r.tone.tone;
        c->tone_n++;
        m->tone_sum[o] += r.tone.tone;
        m->tone_n[o]++;
    }
    for (size_t i = 0; i < r.n_events; i++) {
        const px_event *ev = &r.events[i];
        if (ev->negated)
            continue;
        int root = ev->root.ptr && ev->root.len >= 1 && ev->root.len <= 2
                       ? atoi((const char *)ev->root.ptr)
                       : 0;
        c->root[root > 0 && root < N_ROOTS ? root : 0]++;
        c->events++;
        if (!isnan(ev->goldstein)) {
            c->gold_sum += ev->goldstein;
            c->gold_n++;
        }
    }
    for (size_t i = 0; i < r.n_labels && !e; i++) {
        const px_label *l = &r.labels[i];
        px_slice concept = l->concept.ptr ? l->concept : l->head;
        if (concept.ptr && l->label.ptr)
            e = add_label(m, o, concept, l->label, d->date);
    }
    return e;
}

/* 1 when outlet a ranks before b: more articles, then name. */
static int outlet_before(const tcmp *m, uint32_t a, uint32_t b)
{
    if (m->n_art[a] != m->n_art[b])
        return m->n_art[a] > m->n_art[b];
    px_slice p = m->outlets[a], q = m->outlets[b];
    size_t n = p.len < q.len ? p.len : q.len;
    int c = memcmp(p.ptr, q.ptr, n);
    return c ? c < 0 : p.len < q.len;
}

static int by_cell(const void *x, const void *y)
{
    const cell *a = x, *b = y;
    if (a->outlet != b->outlet)
        return a->outlet < b->outlet ? -1 : 1;
    if (!a->period[0] || !b->period[0])
        return !a->period[0] - !b->period[0];
    return strcmp(a->period, b->period);
}

static int slice_cmp(px_slice p, px_slice q)
{
    size_t n = p.len < q.len ? p.len : q.len;
    int c = memcmp(p.ptr, q.ptr, n);
    return c ? c : (p.len > q.len) - (p.len < q.len);
}

static int by_lab(const void *x, const void *y)
{
    const lab *a = x, *b = y;
    int c = slice_cmp(a->concept, b->concept);
    if (c)
        return c;
    if (a->outlet != b->outlet)
        return a->outlet < b->outlet ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return slice_cmp(a->label, b->label);
}

static px_status num_or_null(px_buf *out, const char *name, double sum, uint32_t n)
{
    if (!n)
        return px_buf_appendf(out, ",\"%s\":null", name);
    return px_buf_appendf(out, ",\"%s\":%.3f", name, sum / n);
}

static px_status write_json(tcmp *m, const uint32_t *rank, px_buf *out)
{
    const px_topics *t = m->t;
    const px__topic *tp = m->tp;
    const px_stories *st = t->st;
    px_buf head;
    px_buf_init(&head, 0);
    px_status e = px_topics_write_json(t, (size_t)(tp - t->topic), &head);
    /* {"id":…,"articles":[…]} without its closing brace, after the schema. */
    if (!e)
        e = px_buf_append_str(out, "{\"schema\":\"parallax.topic/1\",");
    if (!e)
        e = px_buf_append(out, head.ptr + 1, head.len - 2);
    px_buf_free(&head);
    if (!e)
        e = px_buf_append_str(out, ",\"by_outlet\":[");
    for (size_t r = 0; r < m->n_outlets && !e; r++) {
        uint32_t o = rank[r];
        const uint8_t *cov = m->covered + o * (tp->n + 1);
        e = px_buf_append_str(out, r ? ",{\"outlet\":" : "{\"outlet\":");
        if (!e)
            e = px__json_str(out, m->outlets[o]);
        if (!e)
            e = px_buf_appendf(out, ",\"articles\":%u", m->n_art[o]);
        for (int pass = 0; pass < 2 && !e; pass++) {
            e = px_buf_append_str(out, pass ? "],\"skipped\":[" : ",\"covered\":[");
            int first = 1;
            for (uint32_t k = 0; k < tp->n && !e; k++)
                if (cov[k] == !pass) {
                    e = px_buf_appendf(out, "%s\"%s\"", first ? "" : ",",
                                       st->story[t->stories[tp->first + k]].id);
                    first = 0;
                }
        }
        if (!e)
            e = px_buf_append_byte(out, ']');
        if (!e)
            e = num_or_null(out, "tone", m->tone_sum[o], m->tone_n[o]);
        if (!e)
            e = px_buf_append_str(out, ",\"periods\":[");
        int first_p = 1;
        for (size_t x = 0; x < m->n_cells && !e; x++) {
            const cell *k = &m->cells[x];
            if (k->outlet != o)
                continue;
            e = px_buf_append_str(out, first_p ? "{\"period\":" : ",{\"period\":");
            first_p = 0;
            if (!e)
                e = k->period[0] ? px_buf_appendf(out, "\"%s\"", k->period)
                                 : px_buf_append_str(out, "null");
            if (!e)
                e = px_buf_appendf(out, ",\"articles\":%u", k->n);
            if (!e)
                e = num_or_null(out, "tone", k->tone_sum, k->tone_n);
            if (!e)
                e = px_buf_appendf(out, ",\"events\":%u", k->events);
            if (!e)
                e = num_or_null(out, "goldstein", k->gold_sum, k->gold_n);
            if (!e)
                e = px_buf_append_str(out, ",\"roots\":{");
            int first = 1;
            for (int root = 1; root <= N_ROOTS && !e; root++) {
                int rr = root % N_ROOTS; /* 01 .. 20, then 0 (other) */
                if (!k->root[rr])
                    continue;
                e = rr ? px_buf_appendf(out, "%s\"%02d\":%u", first ? "" : ",", rr, k->root[rr])
                       : px_buf_appendf(out, "%s\"other\":%u", first ? "" : ",", k->root[rr]);
                first = 0;
            }
            if (!e)
                e = px_buf_append_str(out, "}}");
        }
        if (!e)
            e = px_buf_append_str(out, "]}");
    }
    if (!e)
        e = px_buf_append_str(out, "],\"labels\":[");
    for (size_t i = 0; i < m->n_labs && !e;) {
        size_t j = i;
        e = px_buf_append_str(out, i ? ",{\"concept\":" : "{\"concept\":");
        if (!e)
            e = px__json_str(out, m->labs[i].concept);
        if (!e)
            e = px_buf_append_str(out, ",\"outlets\":[");
        int first_o = 1;
        while (j < m->n_labs && !slice_cmp(m->labs[j].concept, m->labs[i].concept) && !e) {
            size_t k = j;
            e = px_buf_append_str(out, first_o ? "{\"outlet\":" : ",{\"outlet\":");
            first_o = 0;
            if (!e)
                e = px__json_str(out, m->outlets[m->labs[j].outlet]);
            if (!e)
                e = px_buf_append_str(out, ",\"labels\":[");
            while (k < m->n_labs && m->labs[k].outlet == m->labs[j].outlet &&
                   !slice_cmp(m->labs[k].concept, m->labs[i].concept) && !e) {
                const lab *l = &m->labs[k];
                e = px_buf_append_str(out, k > j ? ",{\"label\":" : "{\"label\":");
                if (!e)
                    e = px__json_str(out, l->label);
                if (!e)
                    e = px_buf_appendf(out, ",\"count\":%u,\"dates\":[", l->count);
                if (!e && l->first.ptr)
                    e = px__json_str(out, l->first);
                if (!e && l->last.ptr && !px_slice_eq(l->first, l->last) &&
                    !(e = px_buf_append_byte(out, ',')))
                    e = px__json_str(out, l->last);
                if (!e)
                    e = px_buf_append_str(out, "]}");
                k++;
            }
            if (!e)
                e = px_buf_append_str(out, "]}");
            j = k;
        }
        if (!e)
            e = px_buf_append_str(out, "]}");
        i = j;
    }
    if (!e)
        e = px_buf_append_str(out, "]}");
    return e;
}

/* A readable report: the header, then per outlet its coverage, tone and
 * months, then the labels. */
static px_status write_text(tcmp *m, const uint32_t *rank, px_buf *out)
{
    const px_topics *t = m->t;
    const px__topic *tp = m->tp;
    const px_stories *st = t->st;
    px_status e = px_topics_write_text(t, (size_t)(tp - t->topic), out);
    if (!e)
        e = px_buf_append_str(out, "\nper outlet: articles, stories covered, tone\n");
    for (size_t r = 0; r < m->n_outlets && !e; r++) {
        uint32_t o = rank[r];
        const uint8_t *cov = m->covered + o * (tp->n + 1);
        uint32_t n_cov = 0;
        for (uint32_t k = 0; k < tp->n; k++)
            n_cov += cov[k];
        e = px_buf_appendf(out, "  %.*s  %u article%s  %u of %u stories", (int)m->outlets[o].len,
                           (const char *)m->outlets[o].ptr, m->n_art[o],
                           m->n_art[o] == 1 ? "" : "s", n_cov, tp->n);
        if (!e && m->tone_n[o])
            e = px_buf_appendf(out, "  tone %.2f", m->tone_sum[o] / m->tone_n[o]);
        if (!e)
            e = px_buf_append_str(out, "\n    months:");
        for (size_t x = 0; x < m->n_cells && !e; x++) {
            const cell *k = &m->cells[x];
            if (k->outlet != o)
                continue;
            e = px_buf_appendf(out, " %s %u", k->period[0] ? k->period : "undated", k->n);
            if (!e && k->tone_n)
                e = px_buf_appendf(out, " (tone %.2f)", k->tone_sum / k->tone_n);
            if (!e && k->events)
                e = k->gold_n ? px_buf_appendf(out, " (%u events, Goldstein %.1f)", k->events,
                                               k->gold_sum / k->gold_n)
                              : px_buf_appendf(out, " (%u events)", k->events);
        }
        if (!e && n_cov < tp->n) {
            e = px_buf_appendf(out, "\n    skipped %u:", tp->n - n_cov);
            uint32_t shown = 0;
            for (uint32_t k = 0; k < tp->n && !e && shown < 5; k++)
                if (!cov[k]) {
                    e = px_buf_appendf(out, " %s", st->story[t->stories[tp->first + k]].id);
                    shown++;
                }
            if (!e && tp->n - n_cov > shown)
                e = px_buf_appendf(out, " …");
        }
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    if (!e && m->n_labs)
        e = px_buf_append_str(out, "\nlabels per concept:\n");
    for (size_t i = 0; i < m->n_labs && !e; i++) {
        const lab *l = &m->labs[i];
        e = px_buf_appendf(out, "  %.*s  %.*s: %.*s ×%u\n", (int)l->concept.len,
                           (const char *)l->concept.ptr, (int)m->outlets[l->outlet].len,
                           (const char *)m->outlets[l->outlet].ptr, (int)l->label.len,
                           (const char *)l->label.ptr, l->count);
    }
    return e;
}

static void tcmp_free(tcmp *m)
{
    px__arena_free(m->a);
    px__map_free(m->outlet_ix);
    px__map_free(m->cell_ix);
    px__map_free(m->lab_ix);
    px__free(m->outlets);
    px__free(m->n_art);
    px__free(m->covered);
    px__free(m->tone_sum);
    px__free(m->tone_n);
    px__free(m->cells);
    px__free(m->labs);
}

px_status
px_compare_topic(px_store *s, const char *topic, const char *outlets, int json, px_buf *out)
{
    if (!s || !topic || !out)
        return s ? px__fail(px__store_errbuf(s), PX_EINVAL, "px_compare_topic: NULL argument")
                 : PX_EINVAL;
    px_topics *t = NULL;
    px_status e = px__topics_read(s, &t);
    size_t at = 0;
    if (!e)
        e = px__topics_find(t, topic, &at, px__store_errbuf(s));
    if (e) {
        px_topics_free(t);
        return e;
    }
    tcmp m = {.t = t, .tp = &t->topic[at]};
    m.a = px__arena_new(1 << 16, 0);
    m.outlet_ix = px__map_new(64);
    m.cell_ix = px__map_new(256);
    m.lab_ix = px__map_new(64);
    px_arena *ra = px__arena_new(1 << 16, 0);
    uint32_t *arts = NULL, *so = NULL, *pos = NULL, *rank = NULL;
    size_t n = 0;
    e = m.a && m.outlet_ix && m.cell_ix && m.lab_ix && ra ? PX_OK : PX_ENOMEM;
    if (!e)
        e = px__topic_articles(t, at, &arts, &so, &n);
    if (!e && !(pos = px__malloc((t->st->n + 1) * sizeof *pos)))
        e = PX_ENOMEM;
    for (uint32_t k = 0; !e && k < m.tp->n; k++)
        pos[t->stories[m.tp->first + k]] = k;
    size_t taken = 0;
    for (size_t i = 0; i < n && !e; i++) {
        const px__cdoc *d = &t->st->c->docs[arts[i]];
        if (d->dup_of >= 0 ||
            !wanted(outlets, d->outlet.ptr ? d->outlet : PX_SLICE_LIT("(unknown)")))
            continue;
        e = take(&m, s, d, pos[so[arts[i]]], ra);
        taken++;
    }
    if (!e && !taken)
        e = px__fail(px__store_errbuf(s), PX_EINVAL, "topic %s has no article from the outlets %s",
                     m.tp->id, outlets ? outlets : "given");
    if (!e && !(rank = px__malloc((m.n_outlets + 1) * sizeof *rank)))
        e = PX_ENOMEM;
    if (!e) {
        for (size_t r = 0; r < m.n_outlets; r++)
            rank[r] = (uint32_t)r;
        for (size_t r = 1; r < m.n_outlets; r++) /* few outlets: insertion sort */
            for (size_t q = r; q > 0 && outlet_before(&m, rank[q], rank[q - 1]); q--) {
                uint32_t tmp = rank[q];
                rank[q] = rank[q - 1];
                rank[q - 1] = tmp;
            }
        qsort(m.cells, m.n_cells, sizeof *m.cells, by_cell);
        qsort(m.labs, m.n_labs, sizeof *m.labs, by_lab);
        px_status w = json ? write_json(&m, rank, out) : write_text(&m, rank, out);
        if (w)
            e = px__fail(px__store_errbuf(s), w, "cannot write the comparison: %s", px_strerror(w));
    }
    if (e == PX_ENOMEM)
        e = px__fail(px__store_errbuf(s), e, "out of memory");
    px__free(arts);
    px__free(so);
    px__free(pos);
    px__free(rank);
    px__arena_free(ra);
    tcmp_free(&m);
    px_topics_free(t);
    return e;
}
