/* Gazetteers and actor dictionaries for entities: places (GeoNames countries,
 * admin-1 regions, cities), demonyms, and Phoenix actor phrases with CAMEO
 * codes and date ranges, compiled by tools/gen_gazetteer.py into data/. Every
 * name is matched with the lexicon matcher over folded tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/entity.h"

typedef struct actor_code {
    char code[16];
    uint32_t from, to;
} actor_code;

typedef struct actor_entry {
    px_slice key;
    uint32_t c0, nc; /* codes[c0 .. c0+nc) */
} actor_entry;

typedef struct pair {
    uint32_t name, place;
} pair;

struct px_gaz {
    px_lexicon *places, *demonyms, *actors;
    px_place *place;
    size_t nplace, capplace;
    uint32_t *cand_off; /* name id -> candidates [off[i], off[i+1]) */
    uint32_t *cand;
    pair *pairs;
    size_t npairs, cappairs;
    uint32_t nnames;
    uint32_t cc_actor[26 * 26]; /* country -> actor entry + 1 */
    char (*dem_cc)[3];
    actor_entry *entry;
    size_t nentry, capentry;
    actor_code *code;
    size_t ncode, capcode;
    uint8_t **bufs; /* file contents that keys point into */
    size_t nbufs;
    px_lexicon *mark; /* every name of the three, payload PX_NER_GAZ_* bits */
    px_map *markmap;  /* while loading: key -> index + 1 in markbits */
    uint32_t *markbits;
    px_slice *markkeys;
    size_t nmark, capmark;
};

#define GROW(p, n, cap)                                                                            \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            size_t c_ = (cap) ? (cap)*2 : 256;                                                     \
            void *q_ = px__realloc((p), c_ * sizeof *(p));                                         \
            if (!q_)                                                                               \
                return PX_ENOMEM;                                                                  \
            (p) = q_;                                                                              \
            (cap) = c_;                                                                            \
        }                                                                                          \
    } while (0)

/* Splits line into at most max tab-separated fields; returns the count. */
static size_t fields(const uint8_t *p, size_t n, px_slice *f, size_t max)
{
    size_t k = 0, a = 0;
    for (size_t i = 0; i <= n && k < max; i++)
        if (i == n || p[i] == '\t') {
            f[k++] = (px_slice){p + a, i - a};
            a = i + 1;
        }
    return k;
}

typedef px_status (*line_fn)(px_gaz *g, px_slice *f, size_t nf, void *ud);

static px_status each_line(px_gaz *g, const char *path, line_fn fn, void *ud, char *errmsg)
{
    uint8_t *buf;
    size_t len;
    px_status st = px__ner_read_file(path, &buf, &len, errmsg);
    if (st)
        return st;
    uint8_t **b = px__realloc(g->bufs, (g->nbufs + 1) * sizeof *b);
    if (!b) {
        px__free(buf);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    g->bufs = b;
    g->bufs[g->nbufs++] = buf;
    size_t i = 0, line = 0;
    while (i < len) {
        const uint8_t *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        line++;
        if (e > i && buf[i] != '#') {
            px_slice f[8];
            size_t nf = fields(buf + i, e - i, f, 8);
            if ((st = fn(g, f, nf, ud)))
                return px__fail(errmsg, st, "%s:%zu: %s", path, line, px_strerror(st));
        }
        i = e + 1;
    }
    return PX_OK;
}

/* Adds each |-separated key of s to b with a payload from the dedup map:
 * returns through fn the id of each distinct key. */
typedef struct keyset {
    px_lex_builder *b;
    px_map *seen;
    uint32_t next;
} keyset;

static px_status key_id(keyset *ks, px_slice k, uint32_t *id)
{
    uint64_t *slot;
    int isnew;
    px_status st = px__map_put(ks->seen, k, ks->next, &slot, &isnew);
    if (st)
        return st;
    *id = (uint32_t)*slot;
    if (!isnew)
        return PX_OK;
    ks->next++;
    st = px__lex_add(ks->b, k, *id);
    return st == PX_EINVAL || st == PX_EUTF8 || st == PX_ETOOBIG ? PX_OK : st;
}

/* Records that key k names something of kind bit (for the marking lexicon). */
static px_status mark_key(px_gaz *g, px_slice k, uint32_t bit)
{
    if (!g->markmap)
        return PX_OK;
    uint64_t *slot;
    int isnew;
    px_status st = px__map_put(g->markmap, k, g->nmark + 1, &slot, &isnew);
    if (st)
        return st;
    if (!isnew) {
        g->markbits[*slot - 1] |= bit;
        return PX_OK;
    }
    if (g->nmark == g->capmark) {
        size_t cap = g->capmark ? g->capmark * 2 : 4096;
        uint32_t *b = px__realloc(g->markbits, cap * sizeof *b);
        if (b)
            g->markbits = b;
        px_slice *ks = px__realloc(g->markkeys, cap * sizeof *ks);
        if (ks)
            g->markkeys = ks;
        if (!b || !ks)
            return PX_ENOMEM;
        g->capmark = cap;
    }
    g->markbits[g->nmark] = bit;
    g->markkeys[g->nmark++] = k;
    return PX_OK;
}

static double num(px_slice s)
{
    char tmp[32];
    if (!s.len || s.len >= sizeof tmp)
        return 0.0 / 0.0;
    memcpy(tmp, s.ptr, s.len);
    tmp[s.len] = 0;
    return strtod(tmp, NULL);
}

static px_status place_line(px_gaz *g, px_slice *f, size_t nf, void *ud)
{
    keyset *ks = ud;
    if (nf < 7 || f[0].len != 1 || f[1].len != 2)
        return PX_EPARSE;
    GROW(g->place, g->nplace, g->capplace);
    px_place *p = &g->place[g->nplace];
    memset(p, 0, sizeof *p);
    p->kind = f[0].ptr[0];
    memcpy(p->cc, f[1].ptr, 2);
    p->capital = f[2].len && f[2].ptr[0] == '1';
    p->lat = num(f[3]);
    p->lon = num(f[4]);
    p->pop = (uint32_t)num(f[5]);
    px_slice k = f[6];
    for (size_t a = 0, i = 0; i <= k.len; i++) {
        if (i < k.len && k.ptr[i] != '|')
            continue;
        px_slice one = {k.ptr + a, i - a};
        a = i + 1;
        if (!one.len)
            continue;
        if (!p->key.ptr)
            p->key = p->name = one;
        uint32_t id;
        px_status st = key_id(ks, one, &id);
        if (!st)
            st = mark_key(g, one, PX_NER_GAZ_LOC);
        if (st)
            return st;
        GROW(g->pairs, g->npairs, g->cappairs);
        g->pairs[g->npairs++] = (pair){id, (uint32_t)g->nplace};
    }
    g->nplace++;
    return PX_OK;
}

static px_status demonym_line(px_gaz *g, px_slice *f, size_t nf, void *ud)
{
    keyset *ks = ud;
    if (nf < 2 || f[0].len != 2)
        return PX_EPARSE;
    for (size_t a = 0, i = 0; i <= f[1].len; i++) {
        if (i < f[1].len && f[1].ptr[i] != '|')
            continue;
        px_slice one = {f[1].ptr + a, i - a};
        a = i + 1;
        uint32_t id, before = ks->next;
        px_status st = one.len ? key_id(ks, one, &id) : PX_OK;
        if (!st && one.len)
            st = mark_key(g, one, PX_NER_GAZ_DEMO);
        if (st)
            return st;
        if (one.len && ks->next != before) {
            char(*cc)[3] = px__realloc(g->dem_cc, ks->next * sizeof *cc);
            if (!cc)
                return PX_ENOMEM;
            g->dem_cc = cc;
            memcpy(cc[id], f[0].ptr, 2);
            cc[id][2] = 0;
        }
    }
    return PX_OK;
}

static uint32_t u32(px_slice s)
{
    uint32_t v = 0;
    for (size_t i = 0; i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9'; i++)
        v = v * 10 + (uint32_t)(s.ptr[i] - '0');
    return v;
}

/* "CODE" or "CODE:FROM:TO" */
static px_status add_code(px_gaz *g, px_slice c)
{
    GROW(g->code, g->ncode, g->capcode);
    actor_code *ac = &g->code[g->ncode];
    memset(ac, 0, sizeof *ac);
    ac->to = 99999999;
    px_slice part[3];
    size_t np = 0;
    for (size_t a = 0, i = 0; i <= c.len && np < 3; i++)
        if (i == c.len || c.ptr[i] == ':') {
            part[np++] = (px_slice){c.ptr + a, i - a};
            a = i + 1;
        }
    if (!part[0].len || part[0].len >= sizeof ac->code)
        return PX_OK;
    memcpy(ac->code, part[0].ptr, part[0].len);
    if (np == 3) {
        ac->from = u32(part[1]);
        ac->to = u32(part[2]);
    }
    g->ncode++;
    return PX_OK;
}

/* Type of an actor entry from its codes: a bare country code names a place,
 * IGO/NGO/MNC and armed groups are organizations, others people when the
 * phrase has two or more words, else organizations. */
static int actor_type(const px_gaz *g, uint32_t id)
{
    const actor_entry *e = &g->entry[id];
    if (!e->nc)
        return PX_ENT_ORG;
    const char *c = g->code[e->c0].code;
    size_t n = strlen(c);
    if (n == 3)
        return PX_ENT_LOC;
    if (!strncmp(c, "IGO", 3) || !strncmp(c, "NGO", 3) || !strncmp(c, "MNC", 3) ||
        !strncmp(c, "IMG", 3) || n > 9)
        return PX_ENT_ORG;
    return memchr(e->key.ptr, ' ', e->key.len) ? PX_ENT_PER : PX_ENT_ORG;
}

static px_status actor_line(px_gaz *g, px_slice *f, size_t nf, void *ud)
{
    keyset *ks = ud;
    if (nf < 2)
        return PX_EPARSE;
    GROW(g->entry, g->nentry, g->capentry);
    actor_entry *e = &g->entry[g->nentry];
    e->c0 = (uint32_t)g->ncode;
    for (size_t a = 0, i = 0; i <= f[1].len; i++)
        if (i == f[1].len || f[1].ptr[i] == ';') {
            px_status st = add_code(g, (px_slice){f[1].ptr + a, i - a});
            if (st)
                return st;
            a = i + 1;
        }
    e->nc = (uint32_t)g->ncode - e->c0;
    e->key = PX_SLICE_NULL;
    uint32_t me = (uint32_t)g->nentry++;
    for (size_t a = 0, i = 0; i <= f[0].len; i++) {
        if (i < f[0].len && f[0].ptr[i] != '|')
            continue;
        px_slice one = {f[0].ptr + a, i - a};
        a = i + 1;
        if (!one.len)
            continue;
        if (!e->key.ptr)
            e->key = one.len > 4 && !memcmp(one.ptr, "the ", 4)
                         ? (px_slice){one.ptr + 4, one.len - 4}
                         : one;
        /* payload: entry id; a phrase seen before keeps its first entry */
        uint64_t *slot;
        int isnew;
        px_status st = px__map_put(ks->seen, one, me, &slot, &isnew);
        if (!st && isnew) {
            st = px__lex_add(ks->b, one, me);
            if (st == PX_EINVAL || st == PX_EUTF8 || st == PX_ETOOBIG)
                st = PX_OK;
        }
        if (!st) {
            int t = actor_type(g, me);
            st = mark_key(g, one,
                          t == PX_ENT_LOC   ? PX_NER_GAZ_LOC
                          : t == PX_ENT_PER ? PX_NER_GAZ_PER
                                            : PX_NER_GAZ_ORG);
        }
        if (st)
            return st;
    }
    return PX_OK;
}

static px_status build_set(px_gaz *g,
                           px_folder *f,
                           const char *dir,
                           const char *const *files,
                           line_fn fn,
                           px_lexicon **out,
                           uint32_t *nkeys,
                           char *errmsg)
{
    keyset ks = {NULL, px__map_new(1024), 0};
    px_status st = ks.seen ? px__lex_builder_new(&ks.b, f) : PX_ENOMEM;
    char path[4096];
    for (size_t i = 0; !st && files[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        st = each_line(g, path, fn, &ks, errmsg);
    }
    if (!st)
        st = px__lex_build(ks.b, out);
    else
        px__lex_builder_free(ks.b);
    px__map_free(ks.seen);
    if (nkeys)
        *nkeys = ks.next;
    if (st == PX_ENOMEM)
        px__fail(errmsg, st, "out of memory");
    return st;
}

/* Candidates of each name id, in file order (CSR arrays). */
static px_status index_places(px_gaz *g)
{
    g->cand_off = px__calloc(g->nnames + 2, sizeof *g->cand_off);
    g->cand = px__malloc((g->npairs + 1) * sizeof *g->cand);
    if (!g->cand_off || !g->cand)
        return PX_ENOMEM;
    for (size_t i = 0; i < g->npairs; i++)
        g->cand_off[g->pairs[i].name + 2]++;
    for (uint32_t i = 0; i < g->nnames; i++)
        g->cand_off[i + 2] += g->cand_off[i + 1];
    for (size_t i = 0; i < g->npairs; i++)
        g->cand[g->cand_off[g->pairs[i].name + 1]++] = g->pairs[i].place;
    px__free(g->pairs);
    g->pairs = NULL;
    return PX_OK;
}

/* Each country place gets the actor entry of its name; other places the one
 * of their country. */
static px_status link_countries(px_gaz *g, px_folder *f)
{
    px_arena *a = px__arena_new(1 << 16, 0);
    if (!a)
        return PX_ENOMEM;
    uint32_t *by_cc = g->cc_actor;
    for (size_t i = 0; i < g->nplace; i++) {
        px_place *p = &g->place[i];
        if (p->kind != 'C' || p->cc[0] < 'A' || p->cc[0] > 'Z' || p->cc[1] < 'A' || p->cc[1] > 'Z')
            continue;
        px_token *t;
        size_t n;
        if (px__tokenize(f, a, p->key, &t, &n) == PX_OK) {
            uint32_t e;
            if (px__lex_get(g->actors, t, n, &e))
                p->actor = e + 1;
        }
        by_cc[(p->cc[0] - 'A') * 26 + (p->cc[1] - 'A')] = p->actor;
    }
    for (size_t i = 0; i < g->nplace; i++) {
        px_place *p = &g->place[i];
        if (p->kind != 'C' && p->cc[0] >= 'A' && p->cc[0] <= 'Z' && p->cc[1] >= 'A' &&
            p->cc[1] <= 'Z')
            p->actor = by_cc[(p->cc[0] - 'A') * 26 + (p->cc[1] - 'A')];
    }
    px__arena_free(a);
    return PX_OK;
}

static px_status build_mark(px_gaz *g, px_folder *f)
{
    px_lex_builder *b;
    px_status st = px__lex_builder_new(&b, f);
    for (size_t i = 0; !st && i < g->nmark; i++) {
        st = px__lex_add(b, g->markkeys[i], g->markbits[i]);
        if (st == PX_EINVAL || st == PX_EUTF8 || st == PX_ETOOBIG)
            st = PX_OK;
    }
    if (!st)
        return px__lex_build(b, &g->mark);
    px__lex_builder_free(b);
    return st;
}

/* GeoNames gives first-level regions (states, provinces) no population, which
 * left "Florida" the US state losing to Floridablanca, Colombia. A region gets
 * a share of its country's population instead (1/150: a typical state), so a
 * large country's region beats a mid-sized town elsewhere, while the country's
 * own big cities ("New York" the city, "Washington" the capital) still win. */
#define REGION_SHARE 150

static void estimate_regions(px_gaz *g)
{
    uint32_t cpop[26 * 26] = {0};
    for (size_t i = 0; i < g->nplace; i++) {
        const px_place *p = &g->place[i];
        if (p->kind == 'C' && p->cc[0] >= 'A' && p->cc[0] <= 'Z' && p->cc[1] >= 'A' &&
            p->cc[1] <= 'Z')
            cpop[(p->cc[0] - 'A') * 26 + (p->cc[1] - 'A')] = p->pop;
    }
    for (size_t i = 0; i < g->nplace; i++) {
        px_place *p = &g->place[i];
        if (p->kind == 'A' && p->pop == 0 && p->cc[0] >= 'A' && p->cc[0] <= 'Z' &&
            p->cc[1] >= 'A' && p->cc[1] <= 'Z')
            p->pop = cpop[(p->cc[0] - 'A') * 26 + (p->cc[1] - 'A')] / REGION_SHARE;
    }
}

px_status px__gaz_load(px_folder *f, const char *dir, int marking, px_gaz **out, char *errmsg)
{
    *out = NULL;
    px_gaz *g = px__calloc(1, sizeof *g);
    if (!g)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    static const char *const PLACES[] = {"gazetteer/places.tsv", "gazetteer/towns.tsv", NULL};
    static const char *const DEMS[] = {"gazetteer/demonyms.tsv", NULL};
    static const char *const ACTORS[] = {"actors/actors.tsv", NULL};
    g->markmap = marking ? px__map_new(1 << 16) : NULL;
    if (marking && !g->markmap) {
        px__free(g);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    px_status st = build_set(g, f, dir, PLACES, place_line, &g->places, &g->nnames, errmsg);
    if (!st)
        st = build_set(g, f, dir, DEMS, demonym_line, &g->demonyms, NULL, errmsg);
    if (!st)
        st = build_set(g, f, dir, ACTORS, actor_line, &g->actors, NULL, errmsg);
    if (!st)
        estimate_regions(g);
    if (!st && (st = index_places(g)))
        px__fail(errmsg, st, "out of memory");
    if (!st && (st = link_countries(g, f)))
        px__fail(errmsg, st, "out of memory");
    if (!st && marking && (st = build_mark(g, f)))
        px__fail(errmsg, st, "out of memory");
    px__map_free(g->markmap); /* needed while loading only */
    px__free(g->markbits);
    px__free(g->markkeys);
    g->markmap = NULL;
    g->markbits = NULL;
    g->markkeys = NULL;
    if (st) {
        px__gaz_free(g);
        return st;
    }
    *out = g;
    return PX_OK;
}

void px__gaz_free(px_gaz *g)
{
    if (!g)
        return;
    px__lex_free(g->places);
    px__lex_free(g->demonyms);
    px__lex_free(g->actors);
    px__lex_free(g->mark);
    px__map_free(g->markmap);
    px__free(g->markbits);
    px__free(g->markkeys);
    px__free(g->place);
    px__free(g->cand_off);
    px__free(g->cand);
    px__free(g->pairs);
    px__free(g->dem_cc);
    px__free(g->entry);
    px__free(g->code);
    for (size_t i = 0; i < g->nbufs; i++)
        px__free(g->bufs[i]);
    px__free(g->bufs);
    px__free(g);
}

size_t px__gaz_places(const px_gaz *g, const px_token *toks, size_t n, const uint32_t **ids)
{
    uint32_t id;
    *ids = NULL;
    if (!g || !n || !px__lex_get(g->places, toks, n, &id) || id >= g->nnames)
        return 0;
    *ids = g->cand + g->cand_off[id];
    return g->cand_off[id + 1] - g->cand_off[id];
}

const px_place *px__gaz_place(const px_gaz *g, uint32_t id)
{
    return id < g->nplace ? &g->place[id] : NULL;
}

const char *px__gaz_demonym(const px_gaz *g, const px_token *toks, size_t n)
{
    uint32_t id;
    if (!g || !n || !g->dem_cc || !px__lex_get(g->demonyms, toks, n, &id))
        return NULL;
    return g->dem_cc[id];
}

/* Longest name looked up again without its possessive. */
#define POSSESSIVE_MAX_TOKENS 16

uint32_t px__gaz_actor_entry(const px_gaz *g, const px_token *toks, size_t n)
{
    uint32_t id;
    if (!g || !n)
        return 0;
    if (px__lex_get(g->actors, toks, n, &id))
        return id < g->nentry ? id + 1 : 0;
    /* "Putin's government", "NATO's bombing": the name without the
     * possessive (the folded key keeps "'s" on the last token) */
    const px_token *l = &toks[n - 1];
    if (n > POSSESSIVE_MAX_TOKENS || l->key_len < 3 || l->key[l->key_len - 1] != 's' ||
        l->key[l->key_len - 2] != '\'')
        return 0;
    px_token t[POSSESSIVE_MAX_TOKENS];
    memcpy(t, toks, n * sizeof *t);
    t[n - 1].key_len -= 2;
    t[n - 1].key_hash = px__hash64(t[n - 1].key, t[n - 1].key_len, 0);
    if (!px__lex_get(g->actors, t, n, &id) || id >= g->nentry)
        return 0;
    return id + 1;
}

const char *px__gaz_actor_code(const px_gaz *g, uint32_t entry, uint32_t date)
{
    if (!g || !entry || entry > g->nentry)
        return NULL;
    const actor_entry *e = &g->entry[entry - 1];
    const actor_code *c = g->code + e->c0, *undated = NULL, *latest = NULL;
    for (uint32_t i = 0; i < e->nc; i++) {
        int open = c[i].from == 0 && c[i].to == 99999999;
        if (open) {
            if (!undated)
                undated = &c[i];
            continue;
        }
        if (date && date >= c[i].from && date < c[i].to)
            return c[i].code;
        if (!latest || c[i].to > latest->to)
            latest = &c[i];
    }
    if (undated)
        return undated->code;
    return date ? NULL : latest ? latest->code : NULL;
}

int px__gaz_actor_is_place(const px_gaz *g, uint32_t entry)
{
    if (!g || !entry || entry > g->nentry || actor_type(g, entry - 1) != PX_ENT_LOC)
        return 0;
    /* a country's own code ("USA"), not an agent code ("MED") */
    const char *c = g->code[g->entry[entry - 1].c0].code;
    for (size_t i = 0; i < 26 * 26; i++) {
        uint32_t a = g->cc_actor[i];
        if (a && a <= g->nentry && g->entry[a - 1].nc &&
            !strcmp(g->code[g->entry[a - 1].c0].code, c))
            return 1;
    }
    return 0;
}

px_slice px__gaz_actor_key(const px_gaz *g, uint32_t entry)
{
    if (!g || !entry || entry > g->nentry)
        return PX_SLICE_NULL;
    return g->entry[entry - 1].key;
}

static int capitalized(const px_token *t)
{
    return (t->flags & PX_TF_UPPER1) != 0;
}

px_status px__gaz_scan(const px_gaz *g, const px_token *toks, size_t n, px_gaz_hit_fn fn, void *ud)
{
    if (!g || !n)
        return PX_OK;
    size_t pos = 0;
    while (pos < n) {
        px_lex_match a, p;
        size_t pa = pos, pp = pos;
        int ha = px__lex_next(g->actors, toks, n, &pa, &a);
        int hp = px__lex_next(g->places, toks, n, &pp, &p);
        if (!ha && !hp)
            break;
        /* the earlier match, the longer on ties; actors win exact ties */
        int use_a = ha && (!hp || a.tok_start < p.tok_start ||
                           (a.tok_start == p.tok_start && a.tok_end >= p.tok_end));
        px_lex_match m = use_a ? a : p;
        int type =
            use_a ? (m.payload < g->nentry ? actor_type(g, m.payload) : PX_ENT_ORG) : PX_ENT_LOC;
        if (capitalized(&toks[m.tok_start])) {
            px_status st = fn(ud, m.tok_start, m.tok_end, type);
            if (st)
                return st;
            pos = m.tok_end;
        } else {
            pos = m.tok_start + 1;
        }
    }
    return PX_OK;
}

uint32_t px__gaz_country_actor(const px_gaz *g, const char *cc)
{
    if (!g || !cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
        return 0;
    return g->cc_actor[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
}

/* One scan of the marking lexicon: each word of a leftmost-longest match gets
 * the kinds of the name it is part of, the first word also
 * PX_NER_GAZ_FIRST. */
void px__gaz_mark(const px_gaz *g, const px_token *toks, size_t n, uint32_t *bits)
{
    memset(bits, 0, n * sizeof *bits);
    if (!g || !g->mark || !n)
        return;
    size_t pos = 0;
    px_lex_match m;
    while (px__lex_next(g->mark, toks, n, &pos, &m))
        for (uint32_t i = m.tok_start; i < m.tok_end; i++)
            bits[i] |= m.payload | (i == m.tok_start ? PX_NER_GAZ_FIRST : 0);
}
