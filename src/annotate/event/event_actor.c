/* Actor codes of a noun phrase: the entity layer's CAMEO code when the head is
 * (part of) an entity that has one; else a Phoenix agent ("police" ~COP)
 * combined with a country named in the phrase ("Serbian police" SRBCOP,
 * "Kosovo police" KSVCOP, "NATO forces" IGOWSTNATMIL). Bounded work per
 * phrase (at most PHRASE_MAX words), so coding stays linear. */
#include <string.h>

#include "annotate/event/event.h"

#define PHRASE_MAX 24

static int rel_is(const px_ev_ctx *c, uint32_t w, int r)
{
    return c->rel_ix[r] >= 0 && c->syn->w[w].rel == (uint8_t)c->rel_ix[r];
}

/* Words of the phrase headed by h: itself and its nominal modifiers. */
static size_t gather(const px_ev_ctx *c, uint32_t h, uint32_t *out)
{
    size_t n = 0, i = 0;
    out[n++] = h;
    while (i < n && n < PHRASE_MAX) {
        uint32_t w = out[i++];
        for (int32_t k = c->fc[w]; k >= 0 && n < PHRASE_MAX; k = c->ns[k]) {
            if (rel_is(c, (uint32_t)k, R_COMPOUND) || rel_is(c, (uint32_t)k, R_AMOD) ||
                rel_is(c, (uint32_t)k, R_NMODPOSS) || rel_is(c, (uint32_t)k, R_FLAT) ||
                rel_is(c, (uint32_t)k, R_DET) || (w == h && rel_is(c, (uint32_t)k, R_NMOD)) ||
                (w != h && rel_is(c, (uint32_t)k, R_CASE)))
                out[n++] = (uint32_t)k;
        }
    }
    return n;
}

static int is_country3(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return 0;
    return 1;
}

/* The country code a modifier word names: its entity's actor code (a place
 * or country), else a demonym ("Serbian"). */
static const char *country_of(const px_ev_ctx *c, uint32_t w, char *buf, size_t cap)
{
    const px_doc *d = c->d;
    int32_t e = c->ent[w];
    if (e >= 0 && d->entities[e].actor.ptr && d->entities[e].actor.len >= 3) {
        size_t n = d->entities[e].actor.len < cap - 1 ? d->entities[e].actor.len : cap - 1;
        memcpy(buf, d->entities[e].actor.ptr, n);
        buf[n] = 0;
        return buf;
    }
    if (!c->r->ent || !c->r->ent->gaz)
        return NULL;
    const px_gaz *g = c->r->ent->gaz;
    const px_token *t = &d->toks[c->syn->w[w].tok];
    const char *cc = px__gaz_demonym(g, t, 1);
    uint32_t a = cc ? px__gaz_country_actor(g, cc) : 0;
    const char *code = a ? px__gaz_actor_code(g, a, c->date) : NULL;
    if (!cc) {
        /* a word of the actor dictionary the tagger did not take for a name
         * ("Kosovar police"), when its code is a bare country */
        a = px__gaz_actor_entry(g, t, 1);
        code = a ? px__gaz_actor_code(g, a, c->date) : NULL;
        if (code && (strlen(code) != 3 || !is_country3(code)))
            code = NULL;
    }
    if (!code || strlen(code) >= cap)
        return NULL;
    strcpy(buf, code);
    return buf;
}

int px__ev_actor(const px_ev_ctx *c, uint32_t h, px_ev_actor *a)
{
    const px_doc *d = c->d;
    const px_sword *W = c->syn->w;
    uint32_t ws[PHRASE_MAX];
    size_t n = gather(c, h, ws);
    memset(a, 0, sizeof *a);
    a->entity = -1;
    a->head = h;
    a->w0 = a->w1 = h;
    for (size_t i = 0; i < n; i++) {
        if (ws[i] < a->w0)
            a->w0 = ws[i];
        if (ws[i] > a->w1)
            a->w1 = ws[i];
    }
    a->w1++;
    /* the head is an entity with a code */
    int32_t e = c->ent[h];
    if (e >= 0) {
        a->entity = e;
        px_slice ac = d->entities[e].actor;
        if (ac.ptr && ac.len && ac.len < sizeof a->code) {
            memcpy(a->code, ac.ptr, ac.len);
            a->code[ac.len] = 0;
            return 1;
        }
    }
    /* an agent in the phrase, the one holding the head first */
    const px_ev_dict *dict = c->r->dict;
    uint32_t t0 = W[a->w0].tok, t1 = W[a->w1 - 1].tok + 1, th = W[h].tok;
    int agent = -1;
    if (t1 > t0 && t1 - t0 <= PHRASE_MAX * 2) {
        size_t pos = 0;
        px_lex_match m;
        while (px__lex_next(dict->agent_lex, d->toks + t0, t1 - t0, &pos, &m)) {
            if (m.tok_start + t0 <= th && th < m.tok_end + t0) {
                agent = (int)m.payload;
                break;
            }
            if (m.tok_end + t0 <= th)
                agent = (int)m.payload; /* "police officers": keep looking for the head */
        }
    }
    /* a country among the modifiers */
    char cbuf[24];
    const char *country = NULL;
    int32_t cent = -1;
    for (size_t i = 1; i < n && !country; i++) {
        country = country_of(c, ws[i], cbuf, sizeof cbuf);
        if (country)
            cent = c->ent[ws[i]];
    }
    if (agent >= 0) {
        const px_ev_agent *ag = &dict->agents[agent];
        size_t al = strlen(ag->code), cl = country ? strlen(country) : 0;
        if (cl >= al && !strcmp(country + cl - al, ag->code))
            al = 0; /* already there ("SRBCOP" police) */
        if (cl + al >= sizeof a->code && is_country3(country))
            cl = 3; /* a state's code starts with its country */
        if (cl + al < sizeof a->code) {
            if (ag->prefix) {
                memcpy(a->code, ag->code, al);
                if (cl)
                    memcpy(a->code + al, country, cl);
            } else {
                if (cl)
                    memcpy(a->code, country, cl);
                memcpy(a->code + cl, ag->code, al);
            }
            a->code[cl + al] = 0;
        }
        if (a->entity < 0)
            a->entity = cent;
        return 1;
    }
    if (country) {
        strcpy(a->code, country);
        if (a->entity < 0)
            a->entity = cent;
        return 1;
    }
    /* the dictionary itself, for words the tagger did not take for a name */
    if (c->r->ent && c->r->ent->gaz && t1 > t0) {
        uint32_t en = px__gaz_actor_entry(c->r->ent->gaz, d->toks + th, 1);
        if (!en && t1 - t0 <= 6)
            en = px__gaz_actor_entry(c->r->ent->gaz, d->toks + t0, t1 - t0);
        const char *code = en ? px__gaz_actor_code(c->r->ent->gaz, en, c->date) : NULL;
        if (code && strlen(code) < sizeof a->code) {
            strcpy(a->code, code);
            return 1;
        }
    }
    return a->entity >= 0;
}
