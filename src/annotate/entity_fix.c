/* Obvious tagger errors on news text, fixed on trimmed mentions before they
 * are grouped (see docs/entities.md, "Corrections"):
 * 1. a PER mention that is a well-known place (a country, a capital, a city of
 *    500,000 or more, or a name the actor dictionary gives a country code) is
 *    LOC, unless a title precedes it ("Mr. Washington") or it is a word of a
 *    longer person name in the document ("George Washington");
 * 2. a one-word PER, ORG or MISC mention that is a capitalized common word at
 *    the start of a sentence ("Sadly", "Meanwhile") is dropped. */
#include <string.h>

#include "annotate/entity.h"

#define BIG_CITY 500000u

/* Sentence adverbs and discourse words that start sentences capitalized. */
static const char *const DISCOURSE[] = {"meanwhile",
                                        "however",
                                        "still",
                                        "instead",
                                        "sadly",
                                        "also",
                                        "yet",
                                        "thus",
                                        "hence",
                                        "indeed",
                                        "moreover",
                                        "furthermore",
                                        "nevertheless",
                                        "nonetheless",
                                        "otherwise",
                                        "therefore",
                                        "besides",
                                        "regardless",
                                        "finally",
                                        "overall",
                                        "perhaps",
                                        "maybe",
                                        "now",
                                        "then",
                                        "later",
                                        "earlier",
                                        "today",
                                        "tonight",
                                        "yesterday",
                                        "tomorrow",
                                        "again",
                                        "hopefully",
                                        "unfortunately",
                                        "fortunately",
                                        "ironically",
                                        "interestingly",
                                        "notably",
                                        "importantly",
                                        "clearly",
                                        "obviously",
                                        "literally",
                                        "additionally",
                                        "ultimately",
                                        "initially",
                                        "currently",
                                        "recently",
                                        "similarly",
                                        "likewise",
                                        "consequently",
                                        "accordingly",
                                        "specifically",
                                        "apparently",
                                        "admittedly",
                                        "basically",
                                        "essentially",
                                        "frankly",
                                        "honestly",
                                        "seriously",
                                        "surely",
                                        "thankfully",
                                        "luckily",
                                        "unsurprisingly",
                                        "predictably",
                                        "alas",
                                        "anyway",
                                        "regardless",
                                        "nor",
                                        "although",
                                        "though",
                                        "whereas",
                                        "despite",
                                        "amid",
                                        NULL};

static int key_eq(const px_token *t, const char *s)
{
    size_t n = strlen(s);
    return t->key_len == n && memcmp(t->key, s, n) == 0;
}

static int same_key(const px_token *a, const px_token *b)
{
    return a->key_hash == b->key_hash && a->key_len == b->key_len &&
           memcmp(a->key, b->key, a->key_len) == 0;
}

static int discourse_word(const px_token *t)
{
    for (int i = 0; DISCOURSE[i]; i++)
        if (key_eq(t, DISCOURSE[i]))
            return 1;
    return 0;
}

/* Is token t the first word of its sentence (after quotes, dashes ...)? */
static int sentence_initial(const px_doc *d, size_t t)
{
    for (;;) {
        if (d->toks[t].flags & PX_TF_SENTSTART || t == 0)
            return 1;
        t--;
        if (d->toks[t].kind == PX_TOK_WORD || d->toks[t].kind == PX_TOK_NUM)
            return 0;
    }
}

/* Is token t a word of a multi-word mention: any word of a PER one, the last
 * word of an ORG or MISC one ("Patty Murray" mistagged ORG); with any_word,
 * any word of any type. */
static int in_longer_name(const px_doc *d, const px_mentions *ms, size_t t, int any_word)
{
    for (size_t i = 0; i < ms->n; i++) {
        const px_mention *m = &ms->m[i];
        if (m->t1 - m->t0 < 2 || (!any_word && m->type == PX_ENT_LOC))
            continue;
        uint32_t k0 = any_word || m->type == PX_ENT_PER ? m->t0 : m->t1 - 1;
        /* "Iowa Gov. Kim Reynolds" tagged as one name: words before a title
         * are not part of the person's name */
        for (uint32_t k = m->t1; !any_word && k-- > k0;)
            if (px__entity_is_title(&d->toks[k])) {
                k0 = k + 1;
                break;
            }
        for (uint32_t k = k0; k < m->t1; k++)
            if (same_key(&d->toks[k], &d->toks[t]))
                return 1;
    }
    return 0;
}

/* A well-known place named exactly by the mention's tokens. */
static int known_place(const px_doc *d, const px_gaz *g, const px_mention *m)
{
    const px_token *T = d->toks + m->t0;
    size_t n = m->t1 - m->t0;
    const px_token *l = &T[n - 1];
    px_token *tt;
    size_t nt;
    if (l->key_len > 2 && l->key[l->key_len - 1] == 's' && l->key[l->key_len - 2] == '\'' &&
        px__tokenize(d->engine->folder, d->arena, m->key, &tt, &nt) == PX_OK && nt)
        T = tt, n = nt; /* "Vietnam's": the key without the possessive */
    uint32_t a = px__gaz_actor_entry(g, T, n);
    if (a && px__gaz_actor_is_place(g, a))
        return 1;
    const uint32_t *ids;
    size_t k = px__gaz_places(g, T, n, &ids);
    for (size_t j = 0; j < k; j++) {
        const px_place *p = px__gaz_place(g, ids[j]);
        int main_name = p->key.len == m->key.len && !memcmp(p->key.ptr, m->key.ptr, m->key.len);
        if (p->kind == 'C' || (main_name && (p->capital || (p->kind == 'P' && p->pop >= BIG_CITY))))
            return 1;
    }
    return 0;
}

/* A title before the mention, or before any occurrence of its one word in
 * the document ("Sen. Murray" ... "Ryan and Murray"), or its word in a longer
 * name. */
static int person_evidence(const px_doc *d, const px_mentions *ms, const px_mention *m)
{
    if (m->t0 > 0 && px__entity_is_title(&d->toks[m->t0 - 1]))
        return 1;
    if (m->t1 - m->t0 != 1)
        return 0;
    for (size_t t = 1; t < d->n_toks; t++)
        if (same_key(&d->toks[t], &d->toks[m->t0]) && px__entity_is_title(&d->toks[t - 1]))
            return 1;
    return in_longer_name(d, ms, m->t0, 0);
}

/* Rule 2: a capitalized common word opening a sentence. */
static int common_word(const px_doc *d, const px_gaz *g, const px_mentions *ms, const px_mention *m)
{
    const px_token *T = d->toks, *w = &T[m->t0];
    if (m->t1 - m->t0 != 1 || m->type == PX_ENT_LOC || w->kind != PX_TOK_WORD ||
        !(w->flags & PX_TF_UPPER1) || (w->flags & PX_TF_ALLCAPS) || !sentence_initial(d, m->t0))
        return 0;
    if (px__gaz_actor_entry(g, w, 1) || in_longer_name(d, ms, m->t0, 1))
        return 0;
    int lower = 0;
    for (size_t t = 0; t < d->n_toks; t++) {
        if (t == m->t0 || !same_key(&T[t], w))
            continue;
        if (T[t].flags & PX_TF_UPPER1) {
            if (!sentence_initial(d, t))
                return 0; /* capitalized inside a sentence: a name */
        } else
            lower = 1;
    }
    if (lower || discourse_word(w))
        return 1;
    /* "Sadly, ...": an -ly word followed by a comma */
    return w->key_len >= 5 && w->key[w->key_len - 2] == 'l' && w->key[w->key_len - 1] == 'y' &&
           m->t0 + 1 < d->n_toks && key_eq(&T[m->t0 + 1], ",");
}

void px__entity_fix(const px_doc *d, const px_entity_res *r, px_mentions *ms)
{
    if (!r || !r->gaz)
        return;
    size_t k = 0;
    for (size_t i = 0; i < ms->n; i++) {
        px_mention *m = &ms->m[i];
        if (m->type == PX_ENT_PER && known_place(d, r->gaz, m) && !person_evidence(d, ms, m))
            m->type = PX_ENT_LOC;
        if (common_word(d, r->gaz, ms, m))
            continue;
        ms->m[k++] = *m;
    }
    ms->n = k;
}
