/* The labels annotator (docs/labels.md). Runs after the entities: reads the
 * parse (px__doc_syntax) and the entities, and writes d->labels.
 *
 * 1. Noun phrases from the parse: every noun or proper noun that heads a
 *    phrase gives its base phrase (the head with its determiners, possessors,
 *    adjectives, compounds, numbers and titles) and, when it has them, the
 *    phrase with its prepositional and clausal modifiers ("the caravan of
 *    illegal aliens"). Titles before a name ("U.S. President" in "U.S.
 *    President Donald Trump") are labels of their own. Entity mentions are
 *    labels of kind name.
 * 2. Resolution within the article: a phrase headed by a word of an entity
 *    mention is that entity; a title before a name, an appositive next to a
 *    name, or a copular predicate of a name names that entity, and its head
 *    lemma becomes a role of the entity; a later definite phrase whose head is
 *    a role ("the president") names the most salient entity holding that
 *    role; any other phrase takes the concept of the first phrase in the
 *    article with the same head lemma ("the campaign" -> "the bombing
 *    campaign").
 * 3. Concept keys: the entity key; for a country's agents ("U.S.
 *    officials", "the Iranian government") and "the country", the country's
 *    entity key; else the near-synonym folded head lemma ("agreement" ->
 *    "deal").
 *
 * Everything lives in the document's arena: one pass to build per-word
 * arrays, a reverse breadth-first pass for the phrase extents, and a hash
 * table of head lemmas; no allocation per word. */
#include <stdlib.h>
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/entity.h"
#include "annotate/label/label.h"

enum { U_OTHER, U_NOUN, U_PROPN, U_PRON, U_NUM, U_DET, U_ADJ, U_PUNCT, U_VERB, U_AUX };
enum {
    R_OTHER,
    R_DET,
    R_AMOD,
    R_COMPOUND,
    R_FLAT,
    R_FIXED,
    R_NUMMOD,
    R_POSS,
    R_DESC,
    R_CASE,
    R_NMOD,
    R_ACL,
    R_RELCL,
    R_APPOS,
    R_PUNCT,
    R_COP,
    R_NSUBJ,
    R_UNMARKED,
    R_CONJ,
    R_CC
};

typedef struct rel_name {
    const char *s;
    uint8_t cls;
} rel_name;

static const rel_name RELS[] = {{"det", R_DET},
                                {"det:predet", R_DET},
                                {"det:poss", R_POSS},
                                {"amod", R_AMOD},
                                {"compound", R_COMPOUND},
                                {"flat", R_FLAT},
                                {"flat:foreign", R_FLAT},
                                {"fixed", R_FIXED},
                                {"nummod", R_NUMMOD},
                                {"nmod:poss", R_POSS},
                                {"nmod:desc", R_DESC},
                                {"case", R_CASE},
                                {"nmod", R_NMOD},
                                {"nmod:unmarked", R_UNMARKED},
                                {"acl", R_ACL},
                                {"acl:relcl", R_RELCL},
                                {"appos", R_APPOS},
                                {"punct", R_PUNCT},
                                {"cop", R_COP},
                                {"nsubj", R_NSUBJ},
                                {"nsubj:pass", R_NSUBJ},
                                {"conj", R_CONJ},
                                {"cc", R_CC},
                                {NULL, 0}};

typedef struct cand {
    uint32_t s, e; /* bytes */
    int32_t head;  /* word index, -1 for an entity mention */
    int32_t ent;   /* entity index, -1 */
    const char *kind;
    px_slice concept;
    uint8_t resolved;
    uint8_t fixed; /* concept decided in the first pass */
} cand;

/* The analysis of one document: per-word arrays in the arena. */
typedef struct work {
    px_doc *d;
    const struct px_syntax *syn;
    size_t n;
    uint8_t ucls[PX_SYN_MAXTAGS], rcls[PX_SYN_MAXRELS];
    uint8_t *u, *r;      /* word class, relation class */
    int32_t *ent;        /* entity index, -1 */
    uint32_t *mlo;       /* first word of the entity mention holding the word */
    uint32_t *mhi;       /* its last word */
    uint32_t *lo, *hi;   /* base phrase: first, last word */
    uint32_t *slo, *shi; /* whole subtree */
    uint32_t *kid0;      /* children: kids[kid0[w] .. kid0[w + 1]) */
    uint32_t *kids;
    int32_t *role_ent; /* per word: the entity this title word names, -1 */
    px_slice *lemma;   /* folded lemma, per word on demand (ptr NULL: not yet) */
    cand *c;
    size_t nc, cap;
    const px_gaz *gaz;     /* the entities' gazetteer, NULL when none */
    px_slice *ent_country; /* per entity: its country's key when it names one */
    int32_t *ent_state;    /* per entity: the country entity it stands for ("Tehran",
                              "the Kremlin", "the North"), -1 */
    uint32_t *ent_seen;    /* per entity: last mention byte + 1 so far, 0 none */
    uint32_t *ent_count;
} work;

#define TRY(x)                                                                                     \
    do {                                                                                           \
        px_status st_ = (x);                                                                       \
        if (st_)                                                                                   \
            return st_;                                                                            \
    } while (0)

static int slice_is(px_slice s, const char *z)
{
    size_t n = strlen(z);
    return s.len == n && memcmp(s.ptr, z, n) == 0;
}

static void classes(work *w)
{
    const px_syn_model *m = w->syn->model;
    static const struct {
        const char *s;
        uint8_t c;
    } UP[] = {{"NOUN", U_NOUN}, {"PROPN", U_PROPN}, {"PRON", U_PRON},   {"NUM", U_NUM},
              {"DET", U_DET},   {"ADJ", U_ADJ},     {"PUNCT", U_PUNCT}, {"VERB", U_VERB},
              {"AUX", U_AUX},   {NULL, 0}};
    memset(w->ucls, 0, sizeof w->ucls);
    memset(w->rcls, 0, sizeof w->rcls);
    for (uint32_t t = 0; t < m->ntags && t < PX_SYN_MAXTAGS; t++)
        for (int i = 0; UP[i].s; i++)
            if (slice_is(m->upos[t], UP[i].s))
                w->ucls[t] = UP[i].c;
    for (uint32_t r = 0; r < m->nrels && r < PX_SYN_MAXRELS; r++)
        for (int i = 0; RELS[i].s; i++)
            if (slice_is(m->rels[r], RELS[i].s))
                w->rcls[r] = RELS[i].cls;
}

static px_slice wform(const work *w, uint32_t i)
{
    const px_sword *s = &w->syn->w[i];
    return (px_slice){w->d->text.ptr + s->start, s->end - s->start};
}

/* A possessive marker ('s, ', ’s). */
static int possessive(px_slice f)
{
    return (f.len == 2 && f.ptr[0] == '\'' && (f.ptr[1] | 32) == 's') ||
           (f.len == 1 && f.ptr[0] == '\'') ||
           (f.len == 4 && memcmp(f.ptr, "\xe2\x80\x99", 3) == 0 && (f.ptr[3] | 32) == 's');
}

/* Is word i part of its head's base phrase? */
static int internal(const work *w, uint32_t i)
{
    switch (w->r[i]) {
    case R_DET:
    case R_AMOD:
    case R_COMPOUND:
    case R_FLAT:
    case R_FIXED:
    case R_NUMMOD:
    case R_POSS:
    case R_DESC:
        return 1;
    case R_CASE:
        return possessive(wform(w, i));
    default:
        return 0;
    }
}

/* The folded lemma of word i. */
static px_status lemma(work *w, uint32_t i, px_slice *out)
{
    if (w->lemma[i].ptr) {
        *out = w->lemma[i];
        return PX_OK;
    }
    const px_sword *s = &w->syn->w[i];
    px_slice l = s->lemma.ptr ? s->lemma : wform(w, i);
    TRY(px__fold(w->d->engine->folder, w->d->arena, l, &w->lemma[i]));
    if (!w->lemma[i].ptr)
        w->lemma[i] = PX_SLICE_LIT("");
    *out = w->lemma[i];
    return PX_OK;
}

static px_status alloc_words(work *w)
{
    px_arena *a = w->d->arena;
    size_t n = w->n;
    w->u = PX_ARENA_NEW(a, uint8_t, n + 1);
    w->r = PX_ARENA_NEW(a, uint8_t, n + 1);
    w->ent = PX_ARENA_NEW(a, int32_t, n + 1);
    w->role_ent = PX_ARENA_NEW(a, int32_t, n + 1);
    w->mlo = PX_ARENA_NEW(a, uint32_t, n + 1);
    w->mhi = PX_ARENA_NEW(a, uint32_t, n + 1);
    w->lo = PX_ARENA_NEW(a, uint32_t, n + 1);
    w->hi = PX_ARENA_NEW(a, uint32_t, n + 1);
    w->slo = PX_ARENA_NEW(a, uint32_t, n + 1);
    w->shi = PX_ARENA_NEW(a, uint32_t, n + 1);
    w->kid0 = PX_ARENA_NEW(a, uint32_t, n + 2);
    w->kids = PX_ARENA_NEW(a, uint32_t, n + 1);
    w->lemma = PX_ARENA_NEW(a, px_slice, n + 1);
    size_t ne = w->d->n_entities + 1;
    w->ent_seen = PX_ARENA_NEW(a, uint32_t, ne);
    w->ent_count = PX_ARENA_NEW(a, uint32_t, ne);
    w->ent_country = PX_ARENA_NEW(a, px_slice, ne);
    w->ent_state = PX_ARENA_NEW(a, int32_t, ne);
    if (!w->ent_country || !w->ent_state)
        return PX_ENOMEM;
    memset(w->ent_country, 0, ne * sizeof *w->ent_country);
    for (size_t e = 0; e < ne; e++)
        w->ent_state[e] = -1;
    if (!w->u || !w->r || !w->ent || !w->role_ent || !w->mlo || !w->mhi || !w->lo || !w->hi ||
        !w->slo || !w->shi || !w->kid0 || !w->kids || !w->lemma || !w->ent_seen || !w->ent_count)
        return PX_ENOMEM;
    memset(w->lemma, 0, (n + 1) * sizeof *w->lemma);
    memset(w->ent_seen, 0, ne * sizeof *w->ent_seen);
    memset(w->ent_count, 0, ne * sizeof *w->ent_count);
    return PX_OK;
}

/* The first word whose start is at or after byte b. */
static uint32_t word_at(const work *w, uint32_t b)
{
    size_t lo = 0, hi = w->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (w->syn->w[mid].start < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* Does the place entity en name its country itself ("United States", not
 * "San Diego"; capital = 0) or its country's national capital (capital = 1)? */
static int names_place(work *w, const px_entity *en, int capital)
{
    px_token *t = NULL;
    size_t nt = 0;
    if (!w->gaz || en->type != PX_ENT_LOC || !en->country.ptr ||
        px__tokenize(w->d->engine->folder, w->d->arena, en->key, &t, &nt) || !nt)
        return 0;
    const uint32_t *ids;
    size_t n = px__gaz_places(w->gaz, t, nt, &ids);
    for (size_t i = 0; i < n; i++) {
        const px_place *p = px__gaz_place(w->gaz, ids[i]);
        if (p && (capital ? p->capital && p->kind != 'C' : p->kind == 'C') &&
            en->country.len == 2 && memcmp(p->cc, en->country.ptr, 2) == 0)
            return 1;
    }
    return 0;
}

static int names_country(work *w, const px_entity *en)
{
    return names_place(w, en, 0);
}

static int32_t compass_country(const work *w, px_slice word);

/* The country entities stand for: their own key for a country's name; the
 * key of the country the document names for a demonym ("American"). */
static void entity_countries(work *w)
{
    size_t ne = w->d->n_entities;
    for (size_t e = 0; e < ne; e++)
        if (names_country(w, &w->d->entities[e]))
            w->ent_country[e] = w->d->entities[e].key;
    for (size_t e = 0; e < ne && w->gaz; e++) {
        const px_entity *en = &w->d->entities[e];
        if (en->type != PX_ENT_MISC || !en->n_mentions)
            continue;
        size_t a = 0, b;
        while (a < w->d->n_toks && w->d->toks[a].start < en->mentions[0].start)
            a++;
        b = a;
        while (b < w->d->n_toks && w->d->toks[b].end <= en->mentions[0].end)
            b++;
        const char *cc = b > a ? px__gaz_demonym(w->gaz, w->d->toks + a, b - a) : NULL;
        for (size_t f = 0; cc && f < ne; f++)
            if (w->ent_country[f].ptr && f != e && w->d->entities[f].country.len == 2 &&
                memcmp(w->d->entities[f].country.ptr, cc, 2) == 0) {
                w->ent_country[e] = w->d->entities[f].key;
                break;
            }
    }
    /* "the North" after "North Korea" */
    for (size_t e = 0; e < ne; e++) {
        px_slice k = w->d->entities[e].key;
        if (slice_is(k, "north") || slice_is(k, "south"))
            w->ent_state[e] = compass_country(w, k);
    }
    /* a national capital ("Tehran has rejected ...") or a seat of
     * government, whose actor code is the country's government ("the
     * Kremlin": RUSGOV), stands for its country when the document names it */
    for (size_t e = 0; e < ne; e++) {
        const px_entity *en = &w->d->entities[e];
        int capital = names_place(w, en, 1);
        int seat =
            en->type != PX_ENT_PER && en->actor.len == 6 && !memcmp(en->actor.ptr + 3, "GOV", 3);
        for (size_t f = 0; f < ne && (capital || seat); f++) {
            const px_entity *c = &w->d->entities[f];
            if (!w->ent_country[f].ptr || f == e || c->type != PX_ENT_LOC)
                continue;
            if (capital ? px_slice_eq(c->country, en->country)
                        : c->actor.len == 3 && !memcmp(c->actor.ptr, en->actor.ptr, 3)) {
                w->ent_state[e] = (int32_t)f;
                break;
            }
        }
    }
}

/* Per-word classes, entity marks, children and phrase extents. */
static px_status words(work *w)
{
    const px_sword *sw = w->syn->w;
    size_t n = w->n;
    TRY(alloc_words(w));
    memset(w->kid0, 0, (n + 2) * sizeof *w->kid0);
    for (size_t i = 0; i < n; i++) {
        w->u[i] = w->ucls[sw[i].tag < PX_SYN_MAXTAGS ? sw[i].tag : 0];
        w->r[i] = w->rcls[sw[i].rel < PX_SYN_MAXRELS ? sw[i].rel : 0];
        w->ent[i] = -1;
        w->role_ent[i] = -1;
        w->lo[i] = w->hi[i] = w->slo[i] = w->shi[i] = (uint32_t)i;
        int32_t h = sw[i].head;
        if (h >= 0 && (size_t)h < n && h != (int32_t)i)
            w->kid0[h + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        w->kid0[i + 1] += w->kid0[i];
    /* fill children (kid0[h] advances, then is restored) */
    for (size_t i = 0; i < n; i++) {
        int32_t h = sw[i].head;
        if (h >= 0 && (size_t)h < n && h != (int32_t)i)
            w->kids[w->kid0[h]++] = (uint32_t)i;
    }
    for (size_t i = n; i > 0; i--)
        w->kid0[i] = w->kid0[i - 1];
    w->kid0[0] = 0;
    /* breadth-first order from the roots; children after parents */
    uint32_t *order = PX_ARENA_NEW(w->d->arena, uint32_t, n + 1);
    if (!order)
        return PX_ENOMEM;
    size_t no = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t h = sw[i].head;
        if (h < 0 || (size_t)h >= n || h == (int32_t)i)
            order[no++] = (uint32_t)i;
    }
    for (size_t k = 0; k < no; k++)
        for (uint32_t j = w->kid0[order[k]]; j < w->kid0[order[k] + 1] && no < n; j++)
            order[no++] = w->kids[j];
    for (size_t k = no; k-- > 0;) {
        uint32_t i = order[k];
        int32_t h = sw[i].head;
        if (h < 0 || (size_t)h >= n || h == (int32_t)i)
            continue;
        if (w->slo[i] < w->slo[h])
            w->slo[h] = w->slo[i];
        if (w->shi[i] > w->shi[h])
            w->shi[h] = w->shi[i];
        if (w->u[i] != U_PUNCT && internal(w, i)) {
            if (w->lo[i] < w->lo[h])
                w->lo[h] = w->lo[i];
            if (w->hi[i] > w->hi[h])
                w->hi[h] = w->hi[i];
        }
    }
    entity_countries(w);
    /* entity mentions */
    for (size_t e = 0; e < w->d->n_entities; e++) {
        const px_entity *en = &w->d->entities[e];
        for (uint32_t k = 0; k < en->n_mentions; k++) {
            px_span m = en->mentions[k];
            uint32_t a = word_at(w, m.start), b = a;
            while (b < n && sw[b].end <= m.end)
                b++;
            for (uint32_t i = a; i < b; i++) {
                w->ent[i] = (int32_t)e;
                w->mlo[i] = a;
                w->mhi[i] = b - 1;
            }
        }
    }
    return PX_OK;
}

static px_status add(work *w, uint32_t s, uint32_t e, int32_t head, int32_t ent)
{
    if (e <= s)
        return PX_OK;
    if (w->nc == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        cand *c = PX_ARENA_NEW(w->d->arena, cand, cap);
        if (!c)
            return PX_ENOMEM;
        if (w->nc)
            memcpy(c, w->c, w->nc * sizeof *c);
        w->c = c;
        w->cap = cap;
    }
    w->c[w->nc++] = (cand){s, e, head, ent, NULL, PX_SLICE_NULL, 0, 0};
    return PX_OK;
}

static int is_nominal(const work *w, uint32_t i)
{
    return w->u[i] == U_NOUN || w->u[i] == U_PROPN;
}

/* The entity a title or descriptor word i names through the parse, or -1:
 * a title before a name ("President" in "President Trump", "leader" in a
 * misparsed "leader Kim Jong Un"), an appositive of a name, a name in
 * apposition to it, or the subject of a copular predicate. */
static int32_t linked_entity(const work *w, uint32_t i)
{
    const px_sword *sw = w->syn->w;
    int32_t h = sw[i].head;
    if (h >= 0 && (size_t)h < w->n && w->ent[h] >= 0 &&
        (w->r[i] == R_DESC || w->r[i] == R_COMPOUND || w->r[i] == R_APPOS) &&
        (w->u[i] == U_NOUN || (w->u[i] == U_PROPN && w->r[i] == R_DESC)))
        return w->ent[h];
    if (h >= 0 && (size_t)h < w->n && w->ent[h] < 0 && w->r[i] == R_APPOS)
        return w->role_ent[h]; /* appositive of a resolved descriptor */
    int has_cop = 0;
    int32_t subj = -1;
    for (uint32_t k = w->kid0[i]; k < w->kid0[i + 1]; k++) {
        uint32_t c = w->kids[k];
        uint8_t r = w->r[c];
        if (r == R_APPOS && w->ent[c] >= 0)
            return w->ent[c];
        /* "leader Kim Jong Un" read as a modifier of "leader" */
        if ((r == R_NMOD || r == R_UNMARKED || r == R_COMPOUND) && w->ent[c] >= 0 &&
            w->slo[c] == w->hi[i] + 1 && w->u[c] == U_PROPN &&
            w->d->entities[w->ent[c]].type == PX_ENT_PER) {
            int marked = 0;
            for (uint32_t q = w->kid0[c]; q < w->kid0[c + 1]; q++)
                marked |= w->r[w->kids[q]] == R_CASE;
            if (!marked)
                return w->ent[c];
        }
        if (r == R_COP)
            has_cop = 1;
        if (r == R_NSUBJ && w->ent[c] >= 0)
            subj = w->ent[c];
    }
    return has_cop ? subj : -1;
}

/* Candidates: entity mentions, base phrases and their extensions. */
static px_status candidates(work *w)
{
    const px_sword *sw = w->syn->w;
    for (size_t e = 0; e < w->d->n_entities; e++) {
        const px_entity *en = &w->d->entities[e];
        for (uint32_t k = 0; k < en->n_mentions; k++)
            TRY(add(w, en->mentions[k].start, en->mentions[k].end, -1, (int32_t)e));
    }
    for (uint32_t i = 0; i < w->n; i++) {
        if (!is_nominal(w, i))
            continue;
        int32_t link = w->ent[i] < 0 ? linked_entity(w, i) : -1;
        w->role_ent[i] = link;
        int title = link >= 0 && (w->r[i] == R_DESC || w->r[i] == R_COMPOUND);
        if (internal(w, i) && !title)
            continue;
        uint32_t lo = w->lo[i], hi = w->hi[i];
        if (title) { /* the title's own words, not the name it precedes */
            lo = w->lo[i];
            hi = w->hi[i];
        }
        uint32_t s = sw[lo].start, e = sw[hi].end;
        if (w->ent[i] >= 0 && w->mlo[i] <= lo && w->mhi[i] >= hi)
            continue; /* the entity mention itself, or a piece of it */
        TRY(add(w, s, e, (int32_t)i, w->ent[i] >= 0 ? w->ent[i] : link));
        if (title)
            continue;
        /* with its modifiers to the right: "the caravan of illegal aliens" */
        uint32_t xhi = hi;
        for (uint32_t k = w->kid0[i]; k < w->kid0[i + 1]; k++) {
            uint32_t c = w->kids[k];
            uint8_t r = w->r[c];
            if (c > i && (r == R_NMOD || r == R_ACL || r == R_RELCL || r == R_UNMARKED) &&
                w->shi[c] > xhi)
                xhi = w->shi[c];
        }
        if (xhi > hi)
            TRY(add(w, s, sw[xhi].end, (int32_t)i, w->ent[i] >= 0 ? w->ent[i] : link));
    }
    return PX_OK;
}

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->e != y->e)
        return x->e > y->e ? -1 : 1;
    return (x->head >= 0) - (y->head >= 0); /* the entity mention first */
}

/* ---- resolution ---- */

/* Open addressing over 64-bit hashes: lemma -> concept, and role lemma ->
 * entity. */
typedef struct slot {
    uint64_t h;
    px_slice concept; /* lemma chains */
    int32_t ent;      /* roles: the latest entity holding the role */
    int32_t prev;     /* roles: the one holding it before, -1 */
} slot;

typedef struct table {
    slot *s;
    size_t mask;
} table;

static px_status table_init(px_arena *a, table *t, size_t n)
{
    size_t cap = 64;
    while (cap < n * 2)
        cap *= 2;
    t->s = PX_ARENA_NEW(a, slot, cap);
    if (!t->s)
        return PX_ENOMEM;
    memset(t->s, 0, cap * sizeof *t->s);
    t->mask = cap - 1;
    return PX_OK;
}

static slot *table_get(table *t, uint64_t h, int create)
{
    h |= 1;
    for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
        if (t->s[i].h == h)
            return &t->s[i];
        if (!t->s[i].h) {
            if (!create)
                return NULL;
            t->s[i].h = h;
            t->s[i].ent = -1;
            t->s[i].prev = -1;
            return &t->s[i];
        }
    }
}

static uint64_t lemma_hash(px_slice l, uint64_t seed)
{
    return px__hash64(l.ptr, l.len, seed);
}

/* Is the phrase of head i definite or bare and singular ("the president",
 * "President"), not "a president" or "presidents"? */
static int definite_singular(work *w, uint32_t i)
{
    const px_syn_model *m = w->syn->model;
    px_slice x = m->xpos[w->syn->w[i].tag];
    if (!slice_is(x, "NN") && !slice_is(x, "NNP"))
        return 0;
    for (uint32_t k = w->kid0[i]; k < w->kid0[i + 1]; k++) {
        uint32_t c = w->kids[k];
        if (w->r[c] == R_DET) {
            px_slice f = wform(w, c);
            if (f.len <= 3 && (f.ptr[0] | 32) == 'a' &&
                (f.len == 1 || (f.len == 2 && (f.ptr[1] | 32) == 'n')))
                return 0;
            if (f.len == 3 && (memcmp(f.ptr, "any", 3) == 0 || (f.ptr[0] | 32) == 'n'))
                return 0; /* any, no */
        }
    }
    return 1;
}

/* The key of a new concept: the canonical head lemma, spaces as '-'. An
 * entity qualifier ("iran-deal") was measured to split more chains across
 * outlets than it separates (docs/labels.md), so none is added. */
static px_status new_concept(work *w, px_slice lem, px_slice *out)
{
    px_slice head = px__label_canon(lem);
    if (!memchr(head.ptr, ' ', head.len)) {
        *out = head;
        return PX_OK;
    }
    uint8_t *p = px__arena_alloc(w->d->arena, head.len + 1, 1);
    if (!p)
        return PX_ENOMEM;
    for (size_t k = 0; k < head.len; k++)
        p[k] = head.ptr[k] == ' ' ? '-' : head.ptr[k];
    p[head.len] = 0;
    *out = (px_slice){p, head.len};
    return PX_OK;
}

/* Does the phrase of head i (inside an entity mention) have a title or role
 * word before the mention ("President" in "U.S. President Donald Trump")? */
static int title_before(const work *w, uint32_t i)
{
    for (uint32_t k = w->lo[i]; k < w->mlo[i] && k < w->n; k++)
        if (w->ent[k] < 0 && (w->u[k] == U_NOUN || w->r[k] == R_DESC ||
                              px__entity_is_title(&w->d->toks[w->syn->w[k].tok])))
            return 1;
    return 0;
}

/* The country key of the document for a person or organization whose actor
 * code names a country ("Trump": USAGOV -> the entity "united states" when the
 * document names it), else null. */
static px_slice actor_country(const work *w, size_t e)
{
    const px_entity *en = &w->d->entities[e];
    if (en->type == PX_ENT_LOC || en->actor.len < 3)
        return PX_SLICE_NULL;
    for (size_t f = 0; f < w->d->n_entities; f++) {
        const px_entity *c = &w->d->entities[f];
        if (w->ent_country[f].ptr && c->type == PX_ENT_LOC && c->actor.len >= 3 &&
            memcmp(c->actor.ptr, en->actor.ptr, 3) == 0)
            return w->ent_country[f];
    }
    return PX_SLICE_NULL;
}

/* Candidate c names entity e: its concept is e's key, and e is seen. */
static void bind(work *w, cand *c, int32_t e)
{
    c->ent = e;
    c->concept = w->d->entities[e].key;
    w->ent_seen[e] = c->e;
    w->ent_count[e]++;
}

/* How many times entity e is named before byte pos. */
static uint32_t mentions_before(const px_entity *e, uint32_t pos)
{
    uint32_t n = 0;
    while (n < e->n_mentions && e->mentions[n].start < pos)
        n++;
    return n;
}

/* The noun after "of" that depends on word i ("list of questions"), or -1. */
static int32_t of_child(work *w, uint32_t i)
{
    for (uint32_t k = w->kid0[i]; k < w->kid0[i + 1]; k++) {
        uint32_t c = w->kids[k];
        if (c <= i || w->r[c] != R_NMOD)
            continue;
        for (uint32_t q = w->kid0[c]; q < w->kid0[c + 1]; q++) {
            uint32_t m = w->kids[q];
            const px_token *t = &w->d->toks[w->syn->w[m].tok];
            if (w->r[m] == R_CASE && t->key_len == 2 && !memcmp(t->key, "of", 2))
                return (int32_t)c;
        }
    }
    return -1;
}

/* "the North", "the South": the country the document names "North ..." or
 * "South ..." ("North Korea"), when exactly one and named at least twice
 * (a story about it, not "the South" of a country named in passing); else
 * -1. */
static int32_t compass_country(const work *w, px_slice word)
{
    int32_t found = -1;
    for (size_t f = 0; f < w->d->n_entities; f++) {
        px_slice k = w->d->entities[f].key;
        if (!w->ent_country[f].ptr || w->d->entities[f].type != PX_ENT_LOC ||
            w->d->entities[f].n_mentions < 2 || k.len <= word.len + 1 ||
            memcmp(k.ptr, word.ptr, word.len) || k.ptr[word.len] != ' ')
            continue;
        if (found >= 0 && !px_slice_eq(w->d->entities[found].key, k))
            return -1;
        found = (int32_t)f;
    }
    return found;
}

/* Is the phrase c the object of a place preposition ("in Tehran")? */
static int after_locative(const work *w, const cand *c)
{
    static const char *const LOC[] = {"in",      "at",      "to",     "from",   "near",
                                      "into",    "outside", "inside", "across", "around",
                                      "through", "via",     NULL};
    uint32_t a = word_at(w, c->s);
    if (a == 0 || a > w->n)
        return 0;
    const px_token *t = &w->d->toks[w->syn->w[a - 1].tok];
    px_slice k = {t->key, t->key_len};
    for (int i = 0; LOC[i]; i++)
        if (slice_is(k, LOC[i]))
            return 1;
    return 0;
}

static px_status resolve(work *w)
{
    table chains, roles;
    TRY(table_init(w->d->arena, &chains, w->nc));
    TRY(table_init(w->d->arena, &roles, w->nc));
    /* first pass: names and linked titles fix their entity, and register roles */
    for (size_t k = 0; k < w->nc; k++) {
        cand *c = &w->c[k];
        if (c->ent < 0)
            continue;
        c->fixed = 1;
        if (c->head >= 0 && w->ent[c->head] < 0) {
            px_slice l;
            TRY(lemma(w, (uint32_t)c->head, &l));
            slot *s = table_get(&roles, lemma_hash(l, 7), 1);
            if (s->ent < 0)
                s->ent = c->ent;
        }
    }
    for (size_t k = 0; k < w->nc; k++) {
        cand *c = &w->c[k];
        uint32_t i = c->head >= 0 ? (uint32_t)c->head : 0;
        if (c->ent >= 0) {
            /* "Tehran said": the state, not the city */
            bind(w, c,
                 w->ent_state[c->ent] >= 0 && !after_locative(w, c) ? w->ent_state[c->ent]
                                                                    : c->ent);
            if (c->head < 0)
                c->kind = PX_LABEL_NAME;
            else if (w->ent[i] >= 0)
                c->kind = title_before(w, i) ? PX_LABEL_TITLE : PX_LABEL_NAME;
            else {
                px_slice l;
                TRY(lemma(w, i, &l));
                c->kind = px__label_is_role(l) ? PX_LABEL_TITLE : PX_LABEL_DESCRIPTOR;
                /* this role now points at this entity */
                slot *s = table_get(&roles, lemma_hash(l, 7), 1);
                if (s->ent != c->ent)
                    s->prev = s->ent;
                s->ent = c->ent;
            }
            continue;
        }
        px_slice l;
        TRY(lemma(w, i, &l));
        if (!l.len) /* a head of marks only ("\u07FD"): nothing to name */
            continue;
        /* "a list of questions": what the list holds */
        int32_t of = px__label_is_transparent(l) ? of_child(w, i) : -1;
        if (of >= 0 && w->ent[of] >= 0) {
            bind(w, c, w->ent[of]);
            c->kind = PX_LABEL_DESCRIPTOR;
            continue;
        }
        if (of >= 0) {
            px_slice lo;
            TRY(lemma(w, (uint32_t)of, &lo));
            if (lo.len) {
                px_slice canon = px__label_canon(lo);
                slot *s = table_get(&chains, lemma_hash(canon, 11), 1);
                if (!s->concept.ptr)
                    TRY(new_concept(w, lo, &s->concept));
                c->concept = s->concept;
                c->kind = PX_LABEL_DESCRIPTOR;
                continue;
            }
        }
        /* "the North" after "North Korea" */
        if ((slice_is(l, "north") || slice_is(l, "south")) && definite_singular(w, i) &&
            w->u[i] == U_PROPN) {
            int32_t f = compass_country(w, l);
            if (f >= 0) {
                bind(w, c, f);
                c->kind = PX_LABEL_NAME;
                continue;
            }
        }
        int role = px__label_is_role(l);
        c->kind = role                    ? PX_LABEL_TITLE
                  : px__label_is_event(l) ? PX_LABEL_EVENT
                                          : PX_LABEL_DESCRIPTOR;
        /* a role word: the entity that last held it, or the one before it
         * when that one was named more often so far */
        if (definite_singular(w, i)) {
            slot *s = table_get(&roles, lemma_hash(l, 7), 0);
            if (s && s->ent >= 0) {
                /* "the president" after "Russian President Vladimir Putin"
                 * in a story about Trump: the holder named more often */
                int use_prev = s->prev >= 0 && mentions_before(&w->d->entities[s->prev], c->s) >
                                                   mentions_before(&w->d->entities[s->ent], c->s);
                bind(w, c, use_prev ? s->prev : s->ent);
                continue;
            }
        }
        /* a country's agents ("U.S. officials", "the Iranian government") and
         * "the country": the country */
        int agent = px__label_is_agent(l);
        px_slice ck = PX_SLICE_NULL;
        for (uint32_t q = w->lo[i]; agent && q < i && !ck.ptr; q++)
            if (w->ent[q] >= 0) {
                ck = w->ent_country[w->ent[q]];
                if (!ck.ptr)
                    ck = actor_country(w, (size_t)w->ent[q]);
            }
        if (!ck.ptr && px__label_is_country_noun(l) && definite_singular(w, i)) {
            uint32_t best = 0;
            for (size_t e = 0; e < w->d->n_entities; e++)
                if (w->ent_country[e].ptr && w->ent_seen[e] > best && w->ent_seen[e] <= c->s) {
                    best = w->ent_seen[e];
                    ck = w->ent_country[e];
                }
        }
        if (ck.ptr) {
            c->concept = ck;
            continue;
        }
        px_slice canon = px__label_canon(l);
        slot *s = table_get(&chains, lemma_hash(canon, 11), 1);
        if (!s->concept.ptr)
            TRY(new_concept(w, l, &s->concept));
        c->concept = s->concept;
    }
    return PX_OK;
}

static px_status labels_run(px_doc *d, const void *res)
{
    (void)res;
    px_status st = px__doc_syntax(d);
    if (st == PX_EINVAL) /* the engine runs without syntax: no labels */
        return PX_OK;
    if (st)
        return st;
    if (!d->syn || !d->syn->n)
        return PX_OK;
    const px_entity_res *er = px__entity_res(d->engine);
    work w = {.d = d, .syn = d->syn, .n = d->syn->n, .gaz = er ? er->gaz : NULL};
    classes(&w);
    TRY(words(&w));
    TRY(candidates(&w));
    if (!w.nc)
        return PX_OK;
    qsort(w.c, w.nc, sizeof *w.c, cand_cmp);
    /* one label per span */
    size_t o = 0;
    for (size_t k = 0; k < w.nc; k++)
        if (!o || w.c[k].s != w.c[o - 1].s || w.c[k].e != w.c[o - 1].e)
            w.c[o++] = w.c[k];
    w.nc = o;
    TRY(resolve(&w));
    px_label *out = PX_ARENA_NEW(d->arena, px_label, w.nc);
    if (!out)
        return PX_ENOMEM;
    size_t n = 0;
    for (size_t k = 0; k < w.nc; k++) {
        const cand *c = &w.c[k];
        if (!c->concept.len)
            continue;
        px_slice head;
        if (c->head >= 0)
            head = wform(&w, (uint32_t)c->head);
        else {
            /* an entity mention: its last word before any possessive */
            uint32_t a = word_at(&w, c->s), b = a;
            while (b + 1 < w.n && w.syn->w[b + 1].end <= c->e)
                b++;
            head = a < w.n ? wform(&w, b) : (px_slice){d->text.ptr + c->s, c->e - c->s};
        }
        out[n++] = (px_label){{c->s, c->e},
                              {d->text.ptr + c->s, c->e - c->s},
                              head,
                              c->concept,
                              px_slice_cstr(c->kind),
                              c->ent};
    }
    d->labels = out;
    d->n_labels = n;
    return PX_OK;
}

const px_annotator px__ann_labels = {"labels", NULL, NULL, labels_run};
