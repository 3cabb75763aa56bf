/* Mentions into entities: trimming (titles, "the", possessives, a headline's
 * speech verb), then grouping
 * by folded key, surname, acronym and shared gazetteer or actor entry, with a
 * union-find over provisional entities; then places and actor codes. See
 * docs/entities.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/entity.h"

px_status px__mention_add(px_mentions *ms, uint32_t t0, uint32_t t1, uint8_t type)
{
    if (ms->n == ms->cap) {
        size_t cap = ms->cap ? ms->cap * 2 : 64;
        px_mention *m = px__realloc(ms->m, cap * sizeof *m);
        if (!m)
            return PX_ENOMEM;
        ms->m = m;
        ms->cap = cap;
    }
    px_mention *m = &ms->m[ms->n++];
    memset(m, 0, sizeof *m);
    m->t0 = t0;
    m->t1 = t1;
    m->type = type;
    return PX_OK;
}

static int key_is(const px_token *t, const char *s)
{
    size_t n = strlen(s);
    return t->key_len == n && memcmp(t->key, s, n) == 0;
}

typedef struct word {
    const char *s;
    size_t n;
} word;
#define W(x)                                                                                       \
    {                                                                                              \
        x, sizeof(x) - 1                                                                           \
    }

static const word TITLES[] = {
    W("president"),    W("vice"),      W("prime"),      W("minister"),
    W("patriarch"),    W("secretary"), W("general"),    W("secretary-general"),
    W("mr"),           W("mr."),       W("mrs"),        W("mrs."),
    W("ms"),           W("ms."),       W("dr"),         W("dr."),
    W("sir"),          W("pope"),      W("king"),       W("queen"),
    W("prince"),       W("princess"),  W("gen"),        W("gen."),
    W("col"),          W("col."),      W("lt"),         W("lt."),
    W("sgt"),          W("sgt."),      W("gov"),        W("gov."),
    W("sen"),          W("sen."),      W("rep"),        W("rep."),
    W("chancellor"),   W("foreign"),   W("defense"),    W("defence"),
    W("interior"),     W("deputy"),    W("former"),     W("premier"),
    W("ambassador"),   W("envoy"),     W("bishop"),     W("archbishop"),
    W("judge"),        W("justice"),   W("senator"),    W("governor"),
    W("mayor"),        W("commander"), W("chief"),      W("spokesman"),
    W("spokeswoman"),  W("leader"),    W("professor"),  W("prof"),
    W("prof."),        W("captain"),   W("capt"),       W("capt."),
    W("lord"),         W("lady"),      W("speaker"),    W("chairman"),
    W("director"),     W("chair"),     W("chairwoman"), W("ceo"),
    W("commissioner"), W("adviser"),   W("advisor"),    W("sheikh"),
    W("emir"),         W("ayatollah"), W("cardinal"),   W("father"),
    W("rev"),          W("rev."),      {NULL, 0}};

static int in_list(const px_token *t, const word *list)
{
    for (int i = 0; list[i].s; i++)
        if (t->key_len == list[i].n && memcmp(t->key, list[i].s, list[i].n) == 0)
            return 1;
    return 0;
}

/* Speech verbs a headline capitalizes, taken into a name by the tagger ("Barr
 * Says", "Pelosi Warns Democrats"): a mention ends before the first. */
static const word SPEECH[] = {W("says"),   W("said"),    W("tells"),  W("told"),     W("warns"),
                              W("claims"), W("insists"), W("admits"), W("denies"),   W("urges"),
                              W("vows"),   W("slams"),   W("blasts"), W("responds"), {NULL, 0}};

int px__entity_is_title(const px_token *t)
{
    return t->key_len >= 2 && t->key_len <= 17 && in_list(t, TITLES);
}

static const word STOP[] = {
    W("the"),  W("a"),   W("an"),  W("in"),  W("on"),   W("at"),   W("for"),  W("and"), W("but"),
    W("he"),   W("she"), W("it"),  W("we"),  W("they"), W("this"), W("that"), W("his"), W("her"),
    W("will"), W("may"), W("can"), W("new"), W("mr"),   W("if"),   W("as"),   W("of"),  {NULL, 0}};

/* Words that never start a name ("And Latinos" at a sentence start). */
static const word LEAD[] = {W("the"),   W("a"),      W("an"),      W("and"),  W("but"),   W("or"),
                            W("so"),    W("if"),     W("as"),      W("when"), W("while"), W("then"),
                            W("after"), W("before"), W("because"), W("also"), {NULL, 0}};

/* Web page furniture the tagger reads as names: links ("Click here"), photo
 * credits ("Getty Images"), headline verbs ("... Dies at 90"). Keys. */
static const char *const FURNITURE[] = {"click",
                                        "getty images",
                                        "getty",
                                        "dies",
                                        "subscribe",
                                        "advertisement",
                                        "read more",
                                        "sign up",
                                        "watch",
                                        "photo",
                                        "afp via getty images",
                                        NULL};

static int furniture(px_slice key)
{
    return px__word_in(key.ptr, key.len, FURNITURE);
}

static int stopword(const px_token *t)
{
    return t->key_len <= 4 && in_list(t, STOP);
}

/* Bytes of a trailing possessive ('s or ’s) on token t, else 0. */
static uint32_t possessive(px_slice text, const px_token *t)
{
    if (t->key_len < 3 || t->key[t->key_len - 1] != 's' || t->key[t->key_len - 2] != '\'')
        return 0;
    const uint8_t *e = text.ptr + t->end;
    uint32_t len = t->end - t->start;
    if (len >= 3 && e[-1] == 's' && e[-2] == '\'')
        return 2;
    if (len >= 5 && e[-1] == 's' && e[-2] == 0x99 && e[-3] == 0x80 && e[-4] == 0xE2)
        return 4;
    return 0;
}

/* Trims a mention and builds its key; returns 0 when nothing is left. */
static int trim(px_doc *d, px_mention *m, px_buf *kb)
{
    const px_token *T = d->toks;
    /* punctuation the tagger took in: "NATO!", "(Kosovo" */
    while (m->t1 > m->t0 && T[m->t1 - 1].kind == PX_TOK_PUNCT)
        m->t1--;
    while (m->t1 > m->t0 && T[m->t0].kind == PX_TOK_PUNCT)
        m->t0++;
    if (m->t1 == m->t0)
        return 0;
    while (m->t1 - m->t0 > 1 && (px__entity_is_title(&T[m->t0]) || in_list(&T[m->t0], LEAD)))
        m->t0++;
    /* a person after a possessive: "North Korea's Kim", "Russia's Vladimir
     * Putin" (an organization keeps it: "McDonald's Corporation") */
    for (uint32_t i = m->t1 - 1; m->type == PX_ENT_PER && i-- > m->t0;)
        if (key_is(&T[i], "'s") || possessive(d->text, &T[i])) {
            m->t0 = i + 1;
            break;
        }
    for (uint32_t i = m->t0 + 1; i < m->t1; i++)
        if (in_list(&T[i], SPEECH)) {
            m->t1 = i; /* "Pelosi Warns Democrats": Pelosi */
            break;
        }
    if (m->t1 - m->t0 > 1 && key_is(&T[m->t1 - 1], "'s"))
        m->t1--;
    uint32_t pos = possessive(d->text, &T[m->t1 - 1]);
    m->start = T[m->t0].start;
    m->end = T[m->t1 - 1].end - pos;
    kb->len = 0;
    for (uint32_t i = m->t0; i < m->t1; i++) {
        size_t kl = T[i].key_len - (i + 1 == m->t1 && pos ? 2 : 0);
        if ((i > m->t0 && px_buf_append_byte(kb, ' ')) || px_buf_append(kb, T[i].key, kl))
            return -1;
    }
    if (m->t1 - m->t0 == 1 && kb->len >= 4 && kb->len % 2 == 0) {
        /* "U.N." and "UN" are one key */
        size_t j = 0;
        while (j < kb->len && kb->ptr[j] >= 'a' && kb->ptr[j] <= 'z' && kb->ptr[j + 1] == '.')
            j += 2;
        if (j == kb->len) {
            for (size_t i = 0; i < kb->len / 2; i++)
                kb->ptr[i] = kb->ptr[2 * i];
            kb->len /= 2;
        }
    }
    if (furniture(px_buf_slice(kb)))
        return 0;
    m->key = px__arena_dup(d->arena, px_buf_slice(kb));
    return m->key.ptr ? 1 : -1;
}

/* ---- union-find over provisional entities ---- */

static uint32_t find(uint32_t *par, uint32_t x)
{
    while (par[x] != x)
        x = par[x] = par[par[x]];
    return x;
}

static void unite(uint32_t *par, uint32_t a, uint32_t b)
{
    a = find(par, a), b = find(par, b);
    if (a != b)
        par[a > b ? a : b] = a < b ? a : b; /* the earlier entity is the root */
}

/* Registers key -> entity in m (first one wins; a later different one makes it
 * ambiguous, value 0). Values are entity + 1. */
static px_status reg(px_map *m, px_slice key, uint32_t ent)
{
    uint64_t *slot;
    int isnew;
    px_status st = px__map_put(m, key, ent + 1, &slot, &isnew);
    if (!st && !isnew && *slot != ent + 1)
        *slot = 0;
    return st;
}

/* Initials of a multi-word name, skipping function words ("of", "the" ...). */
static size_t initials(const px_doc *d, const px_mention *m, uint8_t *out, size_t cap)
{
    static const char *const SKIP[] = {"of", "the", "and", "for", "on", "in", "de", "&", NULL};
    size_t k = 0;
    for (uint32_t i = m->t0; i < m->t1 && k < cap; i++) {
        const px_token *t = &d->toks[i];
        int skip = t->kind != PX_TOK_WORD;
        for (int j = 0; SKIP[j] && !skip; j++)
            skip = key_is(t, SKIP[j]);
        if (!skip)
            out[k++] = t->key[0];
    }
    return k;
}

/* An acronym: one token, 2-8 letters, all capitals. */
static int is_acronym(const px_doc *d, const px_mention *m)
{
    const px_token *t = &d->toks[m->t0];
    return m->t1 - m->t0 == 1 && (t->flags & PX_TF_ALLCAPS) && t->key_len >= 2 && t->key_len <= 8;
}

typedef struct grouper {
    px_doc *d;
    const px_entity_res *r;
    px_mentions *ms;
    uint32_t nent;
    uint32_t *par;
    uint32_t *first; /* entity -> first mention */
} grouper;

static px_status by_key(grouper *g)
{
    px_map *keys = px__map_new(g->ms->n * 2 + 16);
    if (!keys)
        return PX_ENOMEM;
    for (size_t i = 0; i < g->ms->n; i++) {
        px_mention *m = &g->ms->m[i];
        uint64_t *slot;
        int isnew;
        if (px__map_put(keys, m->key, g->nent, &slot, &isnew)) {
            px__map_free(keys);
            return PX_ENOMEM;
        }
        if (isnew) {
            g->first[g->nent] = (uint32_t)i;
            g->par[g->nent] = g->nent;
            g->nent++;
        }
        m->ent = (uint32_t)*slot;
    }
    px__map_free(keys);
    return PX_OK;
}

static int cmp_mention(const void *a, const void *b)
{
    const px_mention *x = a, *y = b;
    return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

/* Later (or earlier) occurrences the tagger missed: capitalized or non-Latin
 * words whose key is the whole key of an entity of the document, or the
 * surname of a person in it ("Вучић" after "Aleksandar Vučić"). */
static px_status propagate(grouper *g)
{
    px_doc *d = g->d;
    size_t n0 = g->ms->n;
    uint8_t *cov = px__calloc(d->n_toks + 1, 1);
    px_map *keys = px__map_new(n0 * 2 + 16);
    px_status st = cov && keys ? PX_OK : PX_ENOMEM;
    for (size_t i = 0; i < n0 && !st; i++) {
        const px_mention *m = &g->ms->m[i];
        for (uint32_t t = m->t0; t < m->t1; t++)
            cov[t] = 1;
        uint32_t root = find(g->par, m->ent);
        if (m->t1 - m->t0 == 1 && m->key.len >= 3)
            st = reg(keys, m->key, root);
        else if (m->type == PX_ENT_PER && m->t1 - m->t0 > 1) {
            const px_token *l = &d->toks[m->t1 - 1];
            if (l->key_len >= 3 && l->kind == PX_TOK_WORD)
                st = reg(keys, (px_slice){l->key, l->key_len}, root);
        }
    }
    for (size_t t = 0; t < d->n_toks && !st; t++) {
        const px_token *k = &d->toks[t];
        if (cov[t] || k->kind != PX_TOK_WORD || k->key_len < 3 ||
            !((k->flags & PX_TF_UPPER1) || d->text.ptr[k->start] >= 0x80) || stopword(k))
            continue;
        uint64_t *v = px__map_get(keys, (px_slice){k->key, k->key_len});
        if (!v || !*v)
            continue;
        uint32_t e = (uint32_t)(*v - 1);
        if ((st = px__mention_add(g->ms, (uint32_t)t, (uint32_t)t + 1, g->ms->m[g->first[e]].type)))
            break;
        px_mention *m = &g->ms->m[g->ms->n - 1];
        m->ent = e;
        m->start = k->start;
        m->end = k->end;
        m->key = (px_slice){k->key, k->key_len};
        uint32_t pos = possessive(d->text, k);
        if (pos)
            m->end -= pos, m->key.len -= 2;
    }
    px__free(cov);
    px__map_free(keys);
    if (st || g->ms->n == n0)
        return st;
    qsort(g->ms->m, g->ms->n, sizeof *g->ms->m, cmp_mention);
    for (size_t i = g->ms->n; i-- > 0;)
        g->first[g->ms->m[i].ent] = (uint32_t)i;
    return PX_OK;
}

static size_t place_cands(const grouper *g, const px_mention *m, const uint32_t **ids);

/* A word the tagger called a place, and that is a country, a capital or a city
 * of a million: then "Jordan" stays the country even after "Michael Jordan".
 * A weaker place ("Obama", a town in Japan) after "Barack Obama" is his
 * surname. */
static int strong_place(const grouper *g, const px_mention *m)
{
    const uint32_t *ids;
    size_t n = place_cands(g, m, &ids);
    for (size_t j = 0; j < n; j++) {
        const px_place *p = px__gaz_place(g->r->gaz, ids[j]);
        if (p->kind == 'C' || p->capital || p->pop >= 1000000)
            return 1;
    }
    return 0;
}

/* Does a mention of the one-word entity e come before a mention of the
 * multi-word entity c in the same sentence? Then they are two people who
 * share a surname ("President Trump and first lady Melania Trump"): a
 * surname that stands for a full name follows it; it does not precede it in
 * the same sentence. */
static int named_apart(const grouper *g, uint32_t e, uint32_t c)
{
    const px_doc *d = g->d;
    size_t s = 0;
    size_t e_sent = SIZE_MAX;
    for (size_t i = 0; i < g->ms->n; i++) {
        const px_mention *m = &g->ms->m[i];
        if (m->ent != e && m->ent != c)
            continue;
        while (s + 1 < d->n_sents && d->sents[s].end <= m->start)
            s++;
        if (m->ent == e)
            e_sent = s;
        else if (e_sent == s)
            return 1;
    }
    return 0;
}

/* Surnames and acronyms: single words joined to the multi-word entity they
 * abbreviate, when exactly one entity in the document fits (and, for a
 * surname, is not named apart from it: named_apart). */
static px_status by_alias(grouper *g)
{
    px_map *sur = px__map_new(64), *acr = px__map_new(64);
    px_status st = sur && acr ? PX_OK : PX_ENOMEM;
    for (uint32_t e = 0; e < g->nent && !st; e++) {
        const px_mention *m = &g->ms->m[g->first[e]];
        if (m->t1 - m->t0 < 2)
            continue;
        if (m->type == PX_ENT_PER) {
            const uint8_t *k = m->key.ptr;
            size_t sp = m->key.len;
            while (sp > 0 && k[sp - 1] != ' ')
                sp--;
            st = reg(sur, (px_slice){m->key.ptr + sp, m->key.len - sp}, e);
        } else {
            uint8_t ini[16];
            size_t n = initials(g->d, m, ini, sizeof ini);
            if (n >= 2 && n < sizeof ini)
                st = reg(acr, (px_slice){ini, n}, e);
        }
    }
    for (uint32_t e = 0; e < g->nent && !st; e++) {
        const px_mention *m = &g->ms->m[g->first[e]];
        if (m->t1 - m->t0 != 1)
            continue;
        uint64_t *v = NULL;
        if (m->type == PX_ENT_PER || (m->type != PX_ENT_LOC && !is_acronym(g->d, m)) ||
            (m->type == PX_ENT_LOC && !strong_place(g, m)))
            v = px__map_get(sur, m->key);
        int surname = v && *v;
        if (!v && is_acronym(g->d, m))
            v = px__map_get(acr, m->key);
        if (v && *v && !(surname && named_apart(g, e, (uint32_t)(*v - 1))))
            unite(g->par, e, (uint32_t)(*v - 1));
    }
    px__map_free(sur);
    px__map_free(acr);
    return st;
}

/* ---- places and actors ---- */

typedef struct ent_info {
    uint32_t canon; /* mention with the most tokens (earliest on ties) */
    uint32_t nment;
    uint32_t votes[5];
    uint8_t type;
    int32_t place;  /* chosen place id, -1 */
    uint32_t actor; /* actor entry + 1, 0 */
} ent_info;

static size_t place_cands(const grouper *g, const px_mention *m, const uint32_t **ids)
{
    return px__gaz_places(g->r->gaz, g->d->toks + m->t0, m->t1 - m->t0, ids);
}

/* Countries the document names (as places or demonyms): cc codes packed in
 * 16 bits, deduplicated, at most cap. */
static size_t doc_countries(const grouper *g, uint16_t *cc, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < g->ms->n && n < cap; i++) {
        const px_mention *m = &g->ms->m[i];
        const char *c = px__gaz_demonym(g->r->gaz, g->d->toks + m->t0, m->t1 - m->t0);
        const uint32_t *ids;
        size_t k = c ? 0 : place_cands(g, m, &ids);
        for (size_t j = 0; j < k && !c; j++) {
            const px_place *p = px__gaz_place(g->r->gaz, ids[j]);
            if (p->kind == 'C')
                c = p->cc;
        }
        if (!c)
            continue;
        uint16_t v = (uint16_t)((uint8_t)c[0] << 8 | (uint8_t)c[1]);
        size_t j = 0;
        while (j < n && cc[j] != v)
            j++;
        if (j == n)
            cc[n++] = v;
    }
    return n;
}

/* Does a place of country cc follow mention m after a comma ("Paris, Texas")? */
static int comma_context(const grouper *g, const px_mention *m, const char *cc)
{
    const px_token *T = g->d->toks;
    if (m->t1 + 1 >= g->d->n_toks || !key_is(&T[m->t1], ","))
        return 0;
    for (size_t len = 1; len <= 3 && m->t1 + 1 + len <= g->d->n_toks; len++) {
        const uint32_t *ids;
        size_t k = px__gaz_places(g->r->gaz, T + m->t1 + 1, len, &ids);
        for (size_t j = 0; j < k; j++) {
            const px_place *p = px__gaz_place(g->r->gaz, ids[j]);
            if (p->kind != 'P' && p->cc[0] == cc[0] && p->cc[1] == cc[1])
                return 1;
        }
    }
    return 0;
}

/* Chooses the place of entity e among its candidates: a country name first,
 * then "X, Region" context, a country the document names, capitals, and
 * population. */
static int32_t
choose_place(const grouper *g, const uint32_t *mlist, uint32_t nm, const uint16_t *cc, size_t ncc)
{
    double best = -1;
    int32_t bid = -1;
    for (uint32_t k = 0; k < nm; k++) {
        const px_mention *m = &g->ms->m[mlist[k]];
        const uint32_t *ids;
        size_t n = place_cands(g, m, &ids);
        for (size_t j = 0; j < n; j++) {
            const px_place *p = px__gaz_place(g->r->gaz, ids[j]);
            double s = log10((double)p->pop + 10.0);
            s += p->kind == 'C' ? 100 : p->capital ? 2 : p->kind == 'A' ? 0.5 : 0;
            uint16_t v = (uint16_t)((uint8_t)p->cc[0] << 8 | (uint8_t)p->cc[1]);
            int named = 0;
            for (size_t c = 0; c < ncc; c++)
                if (cc[c] == v)
                    named = 1;
            s += named ? 3 : 0;
            /* An alternate name needs its country named too when the document
             * names others: GeoNames lists "White House" among Casablanca's
             * names (a translation of Dar el Beida). */
            if (!named && ncc > 0 && p->kind != 'C' && !px_slice_eq(m->key, p->key))
                continue;
            /* Likewise a small town abroad ("Obama", Japan, in US politics), and
             * a region of a country under 50 million ("West", Cameroon). */
            if (!named && ncc > 0 && p->kind == 'P' && !p->capital && p->pop < 1000000)
                continue;
            if (!named && ncc > 0 && p->kind == 'A' && p->pop < 50000000 / 150)
                continue;
            if (comma_context(g, m, p->cc))
                s += 30;
            if (s > best)
                best = s, bid = (int32_t)ids[j];
        }
        if (bid >= 0 && k >= 3)
            break; /* enough evidence: a few mentions carry the same name */
    }
    if (bid < 0 && nm > 0) {
        /* "U.S.": its key ("us", periods dropped) may name a place */
        const px_mention *m = &g->ms->m[mlist[0]];
        px_token *t;
        size_t n;
        const uint32_t *ids;
        if (m->t1 - m->t0 == 1 && m->key.len != g->d->toks[m->t0].key_len &&
            px__tokenize(g->d->engine->folder, g->d->arena, m->key, &t, &n) == PX_OK) {
            size_t k = px__gaz_places(g->r->gaz, t, n, &ids);
            for (size_t j = 0; j < k && bid < 0; j++)
                if (px__gaz_place(g->r->gaz, ids[j])->kind == 'C')
                    bid = (int32_t)ids[j];
        }
    }
    return bid;
}

static uint32_t doc_date(const px_doc *d)
{
    px_slice s = d->date_inferred.ptr ? d->date_inferred : d->date;
    if (!s.ptr || s.len < 10)
        return 0;
    uint32_t v = 0;
    for (size_t i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return 0;
        v = v * 10 + (uint32_t)(s.ptr[i] - '0');
    }
    return v;
}

/* Mentions by group root: mlist[moff[r]..moff[r+1]) for root r (others empty). */
static px_status groups(grouper *g, uint32_t *mlist, uint32_t *moff)
{
    memset(moff, 0, (g->nent + 1) * sizeof *moff);
    for (size_t i = 0; i < g->ms->n; i++)
        moff[find(g->par, g->ms->m[i].ent) + 1]++;
    for (uint32_t e = 0; e < g->nent; e++)
        moff[e + 1] += moff[e];
    for (size_t i = 0; i < g->ms->n; i++) {
        uint32_t r = find(g->par, g->ms->m[i].ent);
        mlist[moff[r]++] = (uint32_t)i;
    }
    for (uint32_t e = g->nent; e > 0; e--)
        moff[e] = moff[e - 1];
    moff[0] = 0;
    return PX_OK;
}

static void info_of(const grouper *g, const uint32_t *ml, uint32_t n, ent_info *in)
{
    memset(in, 0, sizeof *in);
    in->place = -1;
    in->nment = n;
    in->canon = ml[0];
    for (uint32_t k = 0; k < n; k++) {
        const px_mention *m = &g->ms->m[ml[k]], *c = &g->ms->m[in->canon];
        in->votes[m->type < 5 ? m->type : 0]++;
        if (m->t1 - m->t0 > c->t1 - c->t0)
            in->canon = ml[k];
    }
    in->type = g->ms->m[in->canon].type;
    const px_mention *c = &g->ms->m[in->canon];
    if (c->type == PX_ENT_PER && c->t1 - c->t0 >= 2)
        return; /* a full personal name outweighs its surname's other readings */
    for (int t = 1; t < 5; t++)
        if (in->votes[t] > in->votes[in->type])
            in->type = (uint8_t)t;
}

/* Joins entities that name the same actor entry (ORG, PER) or place (LOC). */
static px_status by_gazetteer(grouper *g, uint32_t *ml, uint32_t *mo, int32_t *place)
{
    px_map *seen = px__map_new(64);
    if (!seen)
        return PX_ENOMEM;
    px_status st = PX_OK;
    for (uint32_t e = 0; e < g->nent && !st; e++) {
        const px_mention *m = &g->ms->m[g->first[e]];
        if (m->type != PX_ENT_ORG && m->type != PX_ENT_PER)
            continue;
        uint32_t a = px__gaz_actor_entry(g->r->gaz, g->d->toks + m->t0, m->t1 - m->t0);
        uint8_t key[5] = {m->type, (uint8_t)a, (uint8_t)(a >> 8), (uint8_t)(a >> 16),
                          (uint8_t)(a >> 24)};
        if (a)
            st = reg(seen, (px_slice){key, 5}, e);
    }
    for (uint32_t e = 0; e < g->nent && !st; e++) {
        const px_mention *m = &g->ms->m[g->first[e]];
        uint32_t a = (m->type == PX_ENT_ORG || m->type == PX_ENT_PER)
                         ? px__gaz_actor_entry(g->r->gaz, g->d->toks + m->t0, m->t1 - m->t0)
                         : 0;
        uint8_t key[5] = {m->type, (uint8_t)a, (uint8_t)(a >> 8), (uint8_t)(a >> 16),
                          (uint8_t)(a >> 24)};
        uint64_t *v = a ? px__map_get(seen, (px_slice){key, 5}) : NULL;
        if (v && *v)
            unite(g->par, e, (uint32_t)(*v - 1));
    }
    px__map_free(seen);
    if (st)
        return st;
    /* places, per group, then groups naming one place joined */
    uint16_t cc[64];
    size_t ncc = doc_countries(g, cc, 64);
    groups(g, ml, mo);
    for (uint32_t e = 0; e < g->nent; e++) {
        place[e] = -1;
        if (mo[e + 1] == mo[e])
            continue;
        ent_info in;
        info_of(g, ml + mo[e], mo[e + 1] - mo[e], &in);
        if (in.type == PX_ENT_LOC)
            place[e] = choose_place(g, ml + mo[e], mo[e + 1] - mo[e], cc, ncc);
    }
    for (uint32_t e = 0; e < g->nent; e++)
        for (uint32_t f = e + 1; f < g->nent && place[e] >= 0; f++)
            if (place[f] == place[e] && find(g->par, f) != find(g->par, e)) {
                unite(g->par, e, f);
                place[f] = -1;
            }
    /* a name the gazetteer lacks but the actor dictionary files under a
     * country ("America": the entry of the United States) joins that country
     * when the document names it */
    for (uint32_t e = 0; e < g->nent; e++) {
        if (mo[e + 1] == mo[e] || place[e] >= 0 || find(g->par, e) != e)
            continue;
        ent_info in;
        info_of(g, ml + mo[e], mo[e + 1] - mo[e], &in);
        const px_mention *m = &g->ms->m[in.canon];
        uint32_t a = in.type == PX_ENT_LOC
                         ? px__gaz_actor_entry(g->r->gaz, g->d->toks + m->t0, m->t1 - m->t0)
                         : 0;
        for (uint32_t f = 0; f < g->nent && a; f++) {
            const px_place *p = place[f] >= 0 ? px__gaz_place(g->r->gaz, (uint32_t)place[f]) : NULL;
            if (p && p->kind == 'C' && p->actor == a && find(g->par, f) != find(g->par, e)) {
                int32_t pl = place[f];
                unite(g->par, e, f);
                place[f] = -1;
                place[find(g->par, e)] = pl; /* the root carries the place */
                break;
            }
        }
    }
    return PX_OK;
}

/* The actor code of a group: its canonical mention's entry, else any
 * mention's, else the country of its place. */
static px_slice
actor_of(grouper *g, const ent_info *in, const uint32_t *ml, uint32_t date, px_slice *akey)
{
    const px_gaz *gz = g->r->gaz;
    const px_mention *c = &g->ms->m[in->canon];
    *akey = PX_SLICE_NULL;
    if (!gz)
        return PX_SLICE_NULL;
    uint32_t a = in->place >= 0 ? px__gaz_place(gz, (uint32_t)in->place)->actor : 0;
    if (a) {
        const char *code = px__gaz_actor_code(gz, a, date);
        return code ? px_slice_cstr(code) : PX_SLICE_NULL;
    }
    a = px__gaz_actor_entry(gz, g->d->toks + c->t0, c->t1 - c->t0);
    for (uint32_t k = 0; !a && k < in->nment && k < 8; k++) {
        const px_mention *m = &g->ms->m[ml[k]];
        a = px__gaz_actor_entry(gz, g->d->toks + m->t0, m->t1 - m->t0);
    }
    *akey = a ? px__gaz_actor_key(gz, a) : PX_SLICE_NULL;
    const char *code = a ? px__gaz_actor_code(gz, a, date) : NULL;
    return code ? px_slice_cstr(code) : PX_SLICE_NULL;
}

static px_status emit(grouper *g, const uint32_t *ml, const uint32_t *mo, const int32_t *place)
{
    px_doc *d = g->d;
    size_t n = 0;
    for (uint32_t e = 0; e < g->nent; e++)
        n += mo[e + 1] > mo[e];
    d->entities = PX_ARENA_NEW(d->arena, px_entity, n ? n : 1);
    if (!d->entities)
        return PX_ENOMEM;
    uint32_t date = doc_date(d);
    for (uint32_t e = 0; e < g->nent; e++) {
        uint32_t nm = mo[e + 1] - mo[e];
        if (!nm)
            continue;
        ent_info in;
        info_of(g, ml + mo[e], nm, &in);
        in.place = in.type == PX_ENT_LOC ? place[e] : -1;
        px_entity *x = &d->entities[d->n_entities++];
        const px_mention *c = &g->ms->m[in.canon];
        x->type = in.type;
        x->name = px__arena_dup(d->arena, (px_slice){d->text.ptr + c->start, c->end - c->start});
        x->key = c->key;
        px_slice akey;
        x->actor = actor_of(g, &in, ml + mo[e], date, &akey);
        if (akey.ptr && (in.type == PX_ENT_ORG || in.type == PX_ENT_PER))
            x->key = akey;
        x->country = PX_SLICE_NULL;
        x->lat = x->lon = NAN;
        if (in.place >= 0) {
            const px_place *p = px__gaz_place(g->r->gaz, (uint32_t)in.place);
            x->country = (px_slice){(const uint8_t *)p->cc, 2};
            x->lat = p->lat;
            x->lon = p->lon;
            x->key = p->key;
        }
        x->mentions = PX_ARENA_NEW(d->arena, px_span, nm);
        if (!x->name.ptr || !x->mentions)
            return PX_ENOMEM;
        x->n_mentions = nm;
        for (uint32_t k = 0; k < nm; k++) {
            const px_mention *m = &g->ms->m[ml[mo[e] + k]];
            x->mentions[k] = (px_span){m->start, m->end};
        }
    }
    return PX_OK;
}

/* "Senate Majority Leader Mitch McConnell" tagged as one name: an inner title
 * followed by capitalized words splits it into the organization and the
 * person. */
static px_status split_titles(const px_doc *d, px_mentions *ms)
{
    size_t n0 = ms->n;
    for (size_t i = 0; i < n0; i++) {
        px_mention *m = &ms->m[i];
        if (m->type == PX_ENT_PER || m->t1 - m->t0 < 3)
            continue;
        for (uint32_t k = m->t0 + 1; k + 1 < m->t1; k++) {
            if (!px__entity_is_title(&d->toks[k]) || !(d->toks[k + 1].flags & PX_TF_UPPER1))
                continue;
            uint32_t t1 = m->t1;
            m->t1 = k;
            px_status st = px__mention_add(ms, k + 1, t1, PX_ENT_PER);
            if (st)
                return st;
            break;
        }
    }
    if (ms->n > n0)
        qsort(ms->m, ms->n, sizeof *ms->m, cmp_mention);
    return PX_OK;
}

/* Last words of organizations that follow a place ("Kosovo Liberation Army",
 * "Serbian Progressive Party"): never the surname of a person. */
static int org_word(const px_token *t)
{
    static const char *const W[] = {
        "army",       "party",      "front",       "movement",  "union",      "council",
        "ministry",   "police",     "force",       "forces",    "alliance",   "bank",
        "company",    "group",      "league",      "assembly",  "government", "court",
        "agency",     "committee",  "association", "institute", "university", "times",
        "post",       "news",       "guard",       "service",   "office",     "authority",
        "commission", "parliament", "senate",      "airlines",  "railways",   NULL};
    return px__word_in(t->key, t->key_len, W);
}

/* Whether another mention, tagged as a person or standing alone as one word,
 * ends with tok's word: the person's surname said again ("Dodik said...",
 * which the tagger's prediction history may have given the run's type).
 * With retype, such one-word mentions become persons. */
static int
person_elsewhere(const px_doc *d, px_mentions *ms, size_t self, const px_token *tok, int retype)
{
    int found = 0;
    for (size_t j = 0; j < ms->n; j++) {
        const px_token *l = &d->toks[ms->m[j].t1 - 1];
        int alone = ms->m[j].t1 - ms->m[j].t0 == 1;
        if (j != self && (ms->m[j].type == PX_ENT_PER || alone) && l->key_len == tok->key_len &&
            !memcmp(l->key, tok->key, tok->key_len)) {
            found = 1;
            if (retype && alone)
                ms->m[j].type = PX_ENT_PER;
        }
    }
    return found;
}

/* "Republika Srpska Milorad Dodik" tagged as one name: a country, a region
 * or a known actor followed by two or three capitalized words whose last is
 * named again in the document splits into the actor and the person (#12
 * item 7). */
static px_status split_places(const px_doc *d, const px_entity_res *r, px_mentions *ms)
{
    if (!r || !r->gaz)
        return PX_OK;
    size_t n0 = ms->n;
    for (size_t i = 0; i < n0; i++) {
        px_mention *m = &ms->m[i];
        uint32_t n = m->t1 - m->t0;
        if (n < 3 || m->type == PX_ENT_PER)
            continue;
        const px_token *T = d->toks + m->t0;
        for (uint32_t p = n - 2; p >= 1; p--) {
            uint32_t rest = n - p;
            if (rest > 3)
                break;
            int caps = 1;
            for (uint32_t k = p; k < n && caps; k++)
                caps = T[k].kind == PX_TOK_WORD && (T[k].flags & PX_TF_UPPER1);
            if (!caps || org_word(&T[n - 1]) || !person_elsewhere(d, ms, i, &T[n - 1], 0))
                continue;
            const uint32_t *ids;
            size_t k = px__gaz_places(r->gaz, T, p, &ids), j = 0;
            while (j < k && px__gaz_place(r->gaz, ids[j])->kind == 'P')
                j++;
            uint32_t a = j == k ? px__gaz_actor_entry(r->gaz, T, p) : 0;
            if (j == k && !a)
                continue;
            person_elsewhere(d, ms, i, &T[n - 1], 1);
            uint32_t t1 = m->t1;
            m->t1 = m->t0 + p;
            if (j < k || px__gaz_actor_is_place(r->gaz, a))
                m->type = PX_ENT_LOC;
            px_status st = px__mention_add(ms, m->t0 + p, t1, PX_ENT_PER);
            if (st)
                return st;
            break;
        }
    }
    if (ms->n > n0)
        qsort(ms->m, ms->n, sizeof *ms->m, cmp_mention);
    return PX_OK;
}

px_status px__entity_group(px_doc *d, const px_entity_res *r, px_mentions *ms)
{
    px_status sst = split_titles(d, ms);
    if (sst)
        return sst;
    if ((sst = split_places(d, r, ms)))
        return sst;
    px_buf kb;
    px_buf_init(&kb, 0);
    size_t k = 0;
    for (size_t i = 0; i < ms->n; i++) {
        int t = trim(d, &ms->m[i], &kb);
        if (t < 0) {
            px_buf_free(&kb);
            return PX_ENOMEM;
        }
        if (t > 0 && ms->m[i].end > ms->m[i].start)
            ms->m[k++] = ms->m[i];
    }
    ms->n = k;
    px_buf_free(&kb);
    px__entity_fix(d, r, ms);
    if (!ms->n)
        return PX_OK;
    grouper g = {d, r, ms, 0, NULL, NULL};
    size_t n = ms->n;
    g.par = px__malloc(n * sizeof *g.par);
    g.first = px__malloc(n * sizeof *g.first);
    size_t nml = n > d->n_toks ? n : d->n_toks; /* mentions never overlap */
    uint32_t *ml = px__malloc(nml * sizeof *ml), *mo = px__malloc((n + 1) * sizeof *mo);
    int32_t *place = px__malloc(n * sizeof *place);
    px_status st = g.par && g.first && ml && mo && place ? PX_OK : PX_ENOMEM;
    if (!st)
        st = by_key(&g);
    if (!st)
        st = by_alias(&g);
    if (!st)
        st = propagate(&g);
    if (!st && r->gaz)
        st = by_gazetteer(&g, ml, mo, place);
    else if (!st)
        for (size_t i = 0; i < n; i++)
            place[i] = -1;
    if (!st)
        st = groups(&g, ml, mo);
    if (!st)
        st = emit(&g, ml, mo, place);
    px__free(g.par);
    px__free(g.first);
    px__free(ml);
    px__free(mo);
    px__free(place);
    return st;
}
