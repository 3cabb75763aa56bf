/* The entities annotator: tags each sentence, turns IOB2 runs into mentions,
 * trims titles and possessives, and groups mentions into entities (see
 * docs/entities.md), then gives places coordinates and entities actor codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/entity.h"

static px_status data_path(const px_engine *e, char *out, size_t cap, const char *rel)
{
    int n = snprintf(out, cap, "%s/%s", e->data_dir, rel);
    return n > 0 && (size_t)n < cap ? PX_OK : PX_ETOOBIG;
}

static px_status ent_init(px_engine *e, void **res, char *errmsg)
{
    px_entity_res *r = px__calloc(1, sizeof *r);
    if (!r)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    char path[4096];
    px_status st = data_path(e, path, sizeof path, "models/ner.bin");
    if (!st)
        st = px__ner_load(path, &r->ner, errmsg);
    if (!st && !(st = data_path(e, path, sizeof path, "")))
        st = px__gaz_load(e->folder, path, px__ner_uses_gazetteer(r->ner), &r->gaz, errmsg);
    if (!st && px__ner_uses_classes(r->ner) &&
        !(st = data_path(e, path, sizeof path, "word_classes/en-256.tsv")))
        st = px__ner_classes_load(path, &r->cls, errmsg);
    if (st) {
        px__ner_free(r->ner);
        px__gaz_free(r->gaz);
        px__ner_classes_free(r->cls);
        px__free(r);
        return st;
    }
    *res = r;
    return PX_OK;
}

static void ent_fini(void *res)
{
    px_entity_res *r = res;
    if (!r)
        return;
    px__ner_free(r->ner);
    px__gaz_free(r->gaz);
    px__ner_classes_free(r->cls);
    px__free(r);
}

px_status px__entity_tag(const px_entity_res *r,
                         px_slice text,
                         const px_token *toks,
                         size_t n,
                         px_ner_word *words,
                         uint32_t *gaz,
                         uint8_t *labels,
                         px_ner_scratch *s,
                         px_ner_hist *hist)
{
    if (!px__ner_uses_history(r->ner))
        hist = NULL; /* the model reads none: keep none */
    if (px__ner_uses_gazetteer(r->ner))
        px__gaz_mark(r->gaz, toks, n, gaz);
    else
        memset(gaz, 0, n * sizeof *gaz);
    for (size_t i = 0; i < n; i++) {
        px_ner_word *w = &words[i];
        uint32_t a = toks[i].start < text.len ? toks[i].start : (uint32_t)text.len;
        uint32_t b = toks[i].end < text.len ? toks[i].end : (uint32_t)text.len;
        w->raw = text.ptr + a;
        w->raw_len = b > a ? b - a : 0;
        w->key = toks[i].key;
        w->key_len = toks[i].key_len;
        w->key_hash = toks[i].key_hash;
        w->gaz = gaz[i];
        /* "NATO's" is read as "NATO", as the training data splits "'s" off */
        if (w->key_len > 2 && w->key[w->key_len - 1] == 's' && w->key[w->key_len - 2] == '\'') {
            const uint8_t *e = w->raw + w->raw_len;
            uint32_t cut = w->raw_len > 2 && e[-2] == '\''   ? 2
                           : w->raw_len > 4 && e[-2] == 0x99 ? 4
                                                             : 0;
            if (cut) {
                w->raw_len -= cut;
                w->key_len -= 2;
                w->key_hash = px__hash64(w->key, w->key_len, 0);
            }
        }
        w->cls = px__ner_class(r->cls, w->key_hash);
        w->hist = hist ? 1 + px__ner_hist_code(hist, w->key_hash) : 0;
    }
    px_status st = px__ner_tag(r->ner, words, n, labels, s);
    if (!st && hist)
        st = px__ner_hist_add(hist, words, labels, n);
    return st;
}

const px_entity_res *px__entity_res(const px_engine *e)
{
    if (!e)
        return NULL;
    for (size_t i = 0; i < px__n_annotators && i < PX_MAX_ANNOTATORS; i++)
        if (px__annotators[i] == &px__ann_entities)
            return e->res[i];
    return NULL;
}

/* The tagger was trained on English: other languages, and text mostly in
 * other scripts when the language is not known, get dictionary mentions. */
static int use_tagger(const px_doc *d)
{
    if (d->lang.ptr)
        return d->lang.len == 2 && d->lang.ptr[0] == 'e' && d->lang.ptr[1] == 'n';
    size_t latin = 0, other = 0;
    for (size_t i = 0; i < d->n_toks && i < 4000; i++)
        if (d->toks[i].kind == PX_TOK_WORD) {
            uint8_t c = d->text.ptr[d->toks[i].start];
            latin += c < 0x80 || (c >= 0xC3 && c <= 0xC9); /* ASCII, Latin-1, Latin Extended */
            other += !(c < 0x80 || (c >= 0xC3 && c <= 0xC9));
        }
    return latin >= other;
}

typedef struct dict_ctx {
    px_mentions *ms;
    uint32_t base;
} dict_ctx;

static px_status dict_hit(void *ud, uint32_t t0, uint32_t t1, int type)
{
    dict_ctx *c = ud;
    return px__mention_add(c->ms, c->base + t0, c->base + t1, (uint8_t)type);
}

static px_status dict_mentions(px_doc *d, const px_entity_res *r, px_mentions *ms)
{
    size_t t = 0;
    for (size_t s = 0; s <= d->n_sents; s++) {
        size_t a = t;
        if (s < d->n_sents)
            while (t < d->n_toks && d->toks[t].start < d->sents[s].end)
                t++;
        else
            t = d->n_toks;
        dict_ctx c = {ms, (uint32_t)a};
        px_status st = px__gaz_scan(r->gaz, d->toks + a, t - a, dict_hit, &c);
        if (st)
            return st;
    }
    return PX_OK;
}

typedef struct work {
    px_ner_word *words;
    uint32_t *gaz;
    uint8_t *labels;
    px_ner_scratch sc;
    px_ner_hist hist;
} work;

/* IOB2 runs of one sentence (tokens from a) into mentions. */
static px_status runs(px_mentions *ms, const uint8_t *labels, size_t n, size_t a)
{
    for (size_t i = 0; i < n;) {
        if (!labels[i]) {
            i++;
            continue;
        }
        size_t j = i + 1;
        int type = PX_NER_TYPE(labels[i]);
        while (j < n && labels[j] && !PX_NER_IS_B(labels[j]) && PX_NER_TYPE(labels[j]) == type)
            j++;
        px_status st = px__mention_add(ms, (uint32_t)(a + i), (uint32_t)(a + j), (uint8_t)type);
        if (st)
            return st;
        i = j;
    }
    return PX_OK;
}

static px_status tag_all(px_doc *d, const px_entity_res *r, px_mentions *ms, work *w)
{
    size_t t = 0;
    for (size_t s = 0; s <= d->n_sents; s++) {
        size_t a = t;
        if (s < d->n_sents)
            while (t < d->n_toks && d->toks[t].start < d->sents[s].end)
                t++;
        else
            t = d->n_toks; /* tokens after the last sentence, if any */
        size_t n = t - a;
        if (!n)
            continue;
        px_status st = px__entity_tag(r, d->text, d->toks + a, n, w->words, w->gaz, w->labels,
                                      &w->sc, &w->hist);
        if (!st)
            st = runs(ms, w->labels, n, a);
        if (st)
            return st;
    }
    return PX_OK;
}

/* Tags every sentence and collects the mentions. Work space is on the heap
 * (reused by malloc from one document to the next), not in the arena. */
static px_status find_mentions(px_doc *d, const px_entity_res *r, px_mentions *ms)
{
    size_t maxn = 0, t = 0;
    for (size_t s = 0; s < d->n_sents; s++) {
        size_t a = t;
        while (t < d->n_toks && d->toks[t].start < d->sents[s].end)
            t++;
        if (t - a > maxn)
            maxn = t - a;
    }
    if (t < d->n_toks && d->n_toks - t > maxn)
        maxn = d->n_toks - t;
    if (!maxn)
        return PX_OK;
    work w = {px__malloc(maxn * sizeof *w.words),
              px__malloc(maxn * sizeof *w.gaz),
              px__malloc(maxn),
              {0},
              {0}};
    px_status st = w.words && w.gaz && w.labels ? px__ner_scratch_reserve(&w.sc, maxn) : PX_ENOMEM;
    if (!st)
        st = tag_all(d, r, ms, &w);
    px__free(w.words);
    px__free(w.gaz);
    px__free(w.labels);
    px__ner_scratch_free(&w.sc);
    px__ner_hist_free(&w.hist);
    return st;
}

static px_status ent_run(px_doc *d, const void *res)
{
    const px_entity_res *r = res;
    d->entities = NULL;
    d->n_entities = 0;
    if (!r || !d->n_toks)
        return PX_OK;
    px_mentions ms = {0};
    px_status st = use_tagger(d) ? find_mentions(d, r, &ms) : dict_mentions(d, r, &ms);
    if (!st)
        st = px__entity_group(d, r, &ms);
    px__free(ms.m);
    return st;
}

const px_annotator px__ann_entities = {"entities", ent_init, ent_fini, ent_run};

/* ---- actor codes again, once the timex annotator found the text's date ---- */

static uint32_t parse_date(px_slice s)
{
    uint32_t v = 0;
    if (!s.ptr || s.len < 10)
        return 0;
    for (size_t i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return 0;
        v = v * 10 + (uint32_t)(s.ptr[i] - '0');
    }
    return v;
}

/* Tokens [*t0, *t1) that a mention span covers. */
static int span_tokens(const px_doc *d, px_span m, size_t *t0, size_t *t1)
{
    size_t lo = 0, hi = d->n_toks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->toks[mid].start < m.start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= d->n_toks || d->toks[lo].start != m.start)
        return 0;
    *t0 = lo;
    while (lo < d->n_toks && d->toks[lo].start < m.end)
        lo++;
    *t1 = lo;
    return 1;
}

static uint32_t entity_actor(const px_doc *d, const px_gaz *g, const px_entity *e)
{
    if (e->type == PX_ENT_LOC && e->country.len == 2) {
        char cc[3] = {(char)e->country.ptr[0], (char)e->country.ptr[1], 0};
        return px__gaz_country_actor(g, cc);
    }
    for (uint32_t k = 0; k < e->n_mentions && k < 8; k++) {
        size_t t0, t1;
        uint32_t a;
        if (span_tokens(d, e->mentions[k], &t0, &t1) &&
            (a = px__gaz_actor_entry(g, d->toks + t0, t1 - t0)))
            return a;
    }
    return 0;
}

static px_status dates_run(px_doc *d, const void *res)
{
    (void)res;
    const px_entity_res *r = px__entity_res(d->engine);
    uint32_t date = parse_date(d->date_inferred);
    if (!r || !r->gaz || d->date.ptr || !date)
        return PX_OK;
    for (size_t i = 0; i < d->n_entities; i++) {
        px_entity *e = &d->entities[i];
        uint32_t a = e->actor.ptr ? entity_actor(d, r->gaz, e) : 0;
        const char *code = a ? px__gaz_actor_code(r->gaz, a, date) : NULL;
        if (a)
            e->actor = code ? px_slice_cstr(code) : PX_SLICE_NULL;
    }
    return PX_OK;
}

const px_annotator px__ann_entity_dates = {"entity_dates", NULL, NULL, dates_run};
