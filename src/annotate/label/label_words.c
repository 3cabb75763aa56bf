/* Word lists of the labels annotator: role nouns, event nominals, and the
 * near-synonyms one concept key shares. Lemmas, lower case. */
#include <string.h>

#include "annotate/label/label.h"

static int in(px_slice l, const char *const *list)
{
    return px__word_in(l.ptr, l.len, list);
}

/* Roles a person holds: a definite singular phrase headed by one refers to
 * the person last named with it. */
static const char *const ROLES[] = {
    "president", "leader",     "dictator", "chancellor", "minister",   "premier",   "secretary",
    "director",  "counsel",    "attorney", "general",    "king",       "queen",     "pope",
    "senator",   "governor",   "mayor",    "ambassador", "envoy",      "spokesman", "spokeswoman",
    "chairman",  "chairwoman", "chair",    "chief",      "commander",  "judge",     "prosecutor",
    "ceo",       "founder",    "adviser",  "advisor",    "lawyer",     "emir",      "prince",
    "strongman", "despot",     "tyrant",   "autocrat",   "head",       "boss",      "speaker",
    "candidate", "nominee",    "host",     "official",   "negotiator", "diplomat",  NULL};

int px__label_is_role(px_slice l)
{
    return in(l, ROLES);
}

/* Collective or plural agents of a state: with a country's name or demonym
 * before them ("U.S. officials", "the Iranian regime") they stand for the
 * country, as political news and CAMEO actor codes treat them. */
static const char *const AGENTS[] = {
    "official",   "government", "administration", "authority",  "troop",        "force",
    "military",   "army",       "diplomat",       "lawmaker",   "regime",       "side",
    "negotiator", "delegation", "leadership",     "agency",     "intelligence", "media",
    "state",      "navy",       "police",         "soldier",    "envoy",        "embassy",
    "ministry",   "department", "congress",       "parliament", "senator",      "officer",
    NULL};

int px__label_is_agent(px_slice l)
{
    return in(l, AGENTS);
}

int px__label_is_country_noun(px_slice l)
{
    static const char *const C[] = {"country", "nation", NULL};
    return in(l, C);
}

/* Words that count or hold what follows their "of" ("a list of questions",
 * "hundreds of migrants", "members of the caravan"): the phrase names what
 * they count. */
int px__label_is_transparent(px_slice l)
{
    static const char *const T[] = {"list",     "number",   "series",      "dozen",   "hundred",
                                    "thousand", "million",  "score",       "handful", "couple",
                                    "group",    "member",   "participant", "part",    "rest",
                                    "majority", "minority", "wave",        "set",     NULL};
    return in(l, T);
}

/* Nouns naming events and actions ("the bombing", "the talks"). Nouns ending
 * in -tion, -sion, -ment or -ing (not "thing", "king", "building") count too. */
static const char *const EVENTS[] = {
    "war",          "attack",     "strike",       "bombing",      "campaign",      "talk",
    "summit",       "meeting",    "visit",        "trip",         "deal",          "agreement",
    "accord",       "treaty",     "test",         "launch",       "crisis",        "conflict",
    "invasion",     "aggression", "intervention", "election",     "vote",          "protest",
    "riot",         "march",      "raid",         "massacre",     "killing",       "shooting",
    "murder",       "arrest",     "trial",        "probe",        "investigation", "inquiry",
    "sanction",     "withdrawal", "exit",         "ban",          "crackdown",     "operation",
    "offensive",    "ceasefire",  "truce",        "clash",        "fight",         "battle",
    "occupation",   "annexation", "meddling",     "interference", "collusion",     "caravan",
    "announcement", NULL};

static const char *const NOT_EVENTS[] = {
    "thing",       "king",     "building", "nothing",    "something",    "everything",
    "evening",     "morning",  "wing",     "ring",       "spring",       "government",
    "department",  "nation",   "station",  "population", "organization", "administration",
    "information", "position", NULL};

static int ends(px_slice l, const char *s)
{
    size_t n = strlen(s);
    return l.len > n + 2 && memcmp(l.ptr + l.len - n, s, n) == 0;
}

int px__label_is_event(px_slice l)
{
    if (in(l, EVENTS))
        return 1;
    if (in(l, NOT_EVENTS))
        return 0;
    return ends(l, "tion") || ends(l, "sion") || ends(l, "ment") || ends(l, "ing");
}

/* Near-synonyms news uses for one referent: the first word of each group is
 * the key's head. */
static const char *const *const SYNONYMS[] = {
    (const char *const[]){"deal", "agreement", "accord", "pact", NULL},
    (const char *const[]){"talk", "meeting", "summit", "negotiation", NULL},
    (const char *const[]){"investigation", "probe", "inquiry", NULL},
    (const char *const[]){"migrant", "immigrant", "asylum-seeker", "refugee", NULL},
    (const char *const[]){"test", "testing", NULL},
    (const char *const[]){"question", "query", NULL},
    NULL};

px_slice px__label_canon(px_slice l)
{
    for (int g = 0; SYNONYMS[g]; g++)
        if (px__word_in(l.ptr, l.len, SYNONYMS[g] + 1))
            return px_slice_cstr(SYNONYMS[g][0]);
    return l;
}
