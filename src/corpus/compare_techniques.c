/* parallax corpus: persuasion techniques per outlet in a story (the story's
 * "techniques" member): for each outlet and technique, how many spans its
 * articles carry, the share of its sentences carrying that technique, and
 * the first spans as evidence. Copies of another article are counted once. */
#include <string.h>

#include "annotate/technique/technique.h"
#include "corpus/compare_impl.h"

#define EVIDENCE_MAX 3 /* evidence spans per outlet and technique */

typedef struct tally {
    size_t count, sents;
    size_t n_ev;
    size_t ev_art[EVIDENCE_MAX];
    px_span ev[EVIDENCE_MAX];
} tally;

/* Index of the sentence of r holding byte at, or n_sents. */
static size_t sentence_of(const px_rec *r, uint32_t at)
{
    size_t lo = 0, hi = r->n_sents;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->sents[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->n_sents && r->sents[lo].start <= at ? lo : r->n_sents;
}

/* Counts article i into t (one row per technique) and the outlet's sentences. */
static px_status count_article(const px__cmp *m, size_t i, tally *t, size_t *sents)
{
    const px_rec *r = &m->a[i].rec;
    *sents += r->n_sents;
    uint8_t *seen = px__calloc(r->n_sents + 1, PX_TEC_NCLASS);
    if (!seen)
        return PX_ENOMEM;
    for (size_t k = 0; k < r->n_techniques; k++) {
        const px_technique *q = &r->techniques[k];
        int c = px__tec_class(q->technique);
        if (c < 0 || q->span.start == UINT32_MAX)
            continue;
        tally *x = &t[c];
        x->count++;
        size_t s = sentence_of(r, q->span.start);
        if (s < r->n_sents && !seen[s * PX_TEC_NCLASS + (size_t)c]) {
            seen[s * PX_TEC_NCLASS + (size_t)c] = 1;
            x->sents++;
        }
        if (x->n_ev < EVIDENCE_MAX) {
            x->ev_art[x->n_ev] = i;
            x->ev[x->n_ev++] = q->span;
        }
    }
    px__free(seen);
    return PX_OK;
}

static px_status write_row(
    const px__cmp *m, px_slice outlet, int c, const tally *x, size_t sents, int *first, px_buf *out)
{
    px_status e = px_buf_append_str(out, *first ? "{\"outlet\":" : ",{\"outlet\":");
    *first = 0;
    if (!e)
        e = px__json_str(out, outlet);
    if (!e)
        e = px_buf_append_str(out, ",\"technique\":");
    if (!e)
        e = px__json_str(out, px_slice_cstr(px__tec_names[c]));
    if (!e)
        e = px_buf_appendf(out, ",\"count\":%zu,\"share_of_sentences\":%.4f,\"evidence\":[",
                           x->count, sents ? (double)x->sents / (double)sents : 0.0);
    for (size_t k = 0; !e && k < x->n_ev; k++) {
        const px__cart *a = &m->a[x->ev_art[k]];
        e = px_buf_append_str(out, k ? ",{\"article\":" : "{\"article\":");
        if (!e)
            e = px__json_str(out, a->id);
        if (!e)
            e = px_buf_appendf(out, ",\"span\":[%u,%u],\"text\":", x->ev[k].start, x->ev[k].end);
        if (!e)
            e = px__json_str(out, px__cmp_text_of(a, x->ev[k].start, x->ev[k].end));
        if (!e)
            e = px_buf_append_byte(out, '}');
    }
    return e ? e : px_buf_append_str(out, "]}");
}

px_status px__cmp_techniques(px__cmp *m, px_buf *out)
{
    px_status e = px_buf_append_str(out, ",\"techniques\":[");
    int first = 1;
    for (size_t o = 0; !e && o < m->n_outlets; o++) {
        tally t[PX_TEC_NCLASS];
        memset(t, 0, sizeof t);
        size_t sents = 0;
        for (size_t i = 0; !e && i < m->n; i++)
            if (m->a[i].outlet_ix == o && !m->a[i].copy)
                e = count_article(m, i, t, &sents);
        /* Most used first, then by name. */
        uint8_t done[PX_TEC_NCLASS] = {0};
        for (int r = 0; !e && r < PX_TEC_NCLASS; r++) {
            int best = -1;
            for (int c = 0; c < PX_TEC_NCLASS; c++)
                if (!done[c] && t[c].count && (best < 0 || t[c].count > t[best].count))
                    best = c;
            if (best < 0)
                break;
            done[best] = 1;
            e = write_row(m, m->outlets[o], best, &t[best], sents, &first, out);
        }
    }
    return e ? e : px_buf_append_byte(out, ']');
}
