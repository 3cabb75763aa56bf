/* The tone annotator: the document tone of every English article (and of
 * articles whose language is unknown), and the sentiment toward each of its
 * entities (docs/tone.md). */
#include <string.h>

#include "annotate/tone/tone.h"

static px_status tone_init(px_engine *e, void **res, char *errmsg)
{
    return px__tone_res_load(e->folder, e->data_dir, (px_tone_res **)res, errmsg);
}

static void tone_fini(void *res)
{
    px__tone_res_free(res);
}

/* The index of the sentence holding byte b, or n_sents. */
static size_t sent_of(const px_doc *d, uint32_t b)
{
    size_t lo = 0, hi = d->n_sents;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->sents[mid].end <= b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n_sents && d->sents[lo].start <= b ? lo : d->n_sents;
}

#define MAX_EVIDENCE 5

/* The tone toward entity i: each mention scored in its sentence (the
 * entity's other mentions there as further mentions, once per sentence), the
 * class probabilities averaged; evidence the sentences whose own class is the
 * entity's. */
static px_status
entity_target(px_doc *d, const px_tone_model *m, const px_tone_tok *tt, size_t i, px_tone_target *g)
{
    const px_entity *e = &d->entities[i];
    double sum[PX_TONE_NCLASS] = {0, 0, 0};
    size_t n = 0, last = (size_t)-1;
    int8_t cls[64];
    uint32_t sid[64];
    px_tone_feat f[PX_TONE_MAXF];
    for (uint32_t k = 0; k < e->n_mentions && n < 64; k++) {
        size_t s = sent_of(d, e->mentions[k].start);
        if (s == d->n_sents || s == last)
            continue; /* one score per sentence */
        last = s;
        px_span also[8];
        size_t na = 0;
        for (uint32_t j = k + 1; j < e->n_mentions && na < 8; j++)
            if (e->mentions[j].start < d->sents[s].end)
                also[na++] = e->mentions[j];
        size_t nf = px__tone_features(d, tt, d->sents[s], e->mentions[k], also, na, 0, f);
        double p[PX_TONE_NCLASS], score;
        px__tone_predict(m, f, nf, p);
        for (int c = 0; c < PX_TONE_NCLASS; c++)
            sum[c] += p[c];
        px__tone_decide(p, &cls[n], &score);
        sid[n++] = (uint32_t)s;
    }
    if (!n)
        return PX_OK;
    for (int c = 0; c < PX_TONE_NCLASS; c++)
        sum[c] /= (double)n;
    g->entity = (int32_t)i;
    g->concept = e->key; /* the cross-document key labels use for named referents */
    px__tone_decide(sum, &g->polarity, &g->score);
    size_t ne = 0;
    for (size_t k = 0; k < n; k++)
        ne += cls[k] == g->polarity;
    ne = ne < MAX_EVIDENCE ? ne : MAX_EVIDENCE;
    if (ne && !(g->evidence = PX_ARENA_NEW(d->arena, px_span, ne)))
        return PX_ENOMEM;
    for (size_t k = 0; k < n && g->n_evidence < ne; k++)
        if (cls[k] == g->polarity)
            g->evidence[g->n_evidence++] = d->sents[sid[k]];
    return PX_OK;
}

static px_status tone_run(px_doc *d, const void *res)
{
    const px_tone_res *r = res;
    if (!r || (d->lang.ptr && !px_slice_eq(d->lang, PX_SLICE_LIT("en"))))
        return PX_OK; /* the lexicons are English */
    px_tone *t = PX_ARENA_NEW(d->arena, px_tone, 1);
    px_tone_tok *tt;
    if (!t || px__tone_mark_doc(r, d, &tt))
        return PX_ENOMEM;
    memset(t, 0, sizeof *t);
    px__tone_doc(tt, d->toks, d->n_toks, t);
    d->tone = t;
    if (!r->lex_model || !d->n_entities)
        return PX_OK;
    if (!(t->targets = PX_ARENA_NEW(d->arena, px_tone_target, d->n_entities)))
        return PX_ENOMEM;
    for (size_t i = 0; i < d->n_entities; i++) {
        px_tone_target *g = &t->targets[t->n_targets];
        memset(g, 0, sizeof *g);
        g->entity = -1;
        px_status st = entity_target(d, r->lex_model, tt, i, g);
        if (st)
            return st;
        t->n_targets += g->entity >= 0;
    }
    return PX_OK;
}

const px_annotator px__ann_tone = {"tone", tone_init, tone_fini, tone_run};
