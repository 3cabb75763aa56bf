/* Events: who did what to whom, coded with CAMEO (verb patterns of CAMEO.2.0,
 * Phoenix actors and agents) from the parse of each sentence. See
 * docs/events.md. Internal (not installed).
 *
 * Stages, one file each:
 *   event_dict.c   the compiled dictionary data/events/cameo.tsv (tools/gen_events.py)
 *   event_actor.c  actor codes of a noun phrase: entities, agents, countries
 *   event_code.c   clause structure, verb patterns, negation, the annotator */
#ifndef PX_ANNOTATE_EVENT_H
#define PX_ANNOTATE_EVENT_H

#include "annotate/annotate.h"
#include "annotate/entity.h"
#include "text/lexicon.h"

#define PX_EV_CODE 6 /* "1712" + NUL, padded */

/* One CAMEO code: its Goldstein weight, quad class and PLOVER type. */
typedef struct px_ev_code {
    char code[PX_EV_CODE];
    float goldstein;
    uint8_t quad;
    const char *plover; /* NULL when none */
} px_ev_code;

/* A pattern element: a word (hash of its lower-case form) or a synset. */
enum { PX_EVE_WORD = 1, PX_EVE_SYN = 2 };
typedef struct px_ev_elem {
    uint8_t kind;
    uint8_t syn;
    uint8_t prep; /* the first word of "( ... )": a preposition, not "to" of an infinitive */
    uint64_t h;
} px_ev_elem;

typedef struct px_ev_pat {
    uint32_t e0; /* first element (pre elements, then post ones) */
    uint8_t npre, npost;
    int16_t act, pas; /* code indexes, -1 for "no event" */
} px_ev_pat;

typedef struct px_ev_block {
    uint32_t p0, np; /* its patterns */
    int16_t code;    /* default code, -1 none */
} px_ev_block;

typedef struct px_ev_verb {
    uint32_t block;
    uint64_t particle; /* hash of the particle's first word, 0 none */
    int16_t code;      /* own code, else the block's (-1 none) */
    int32_t next;      /* next verb with the same lemma, -1 */
} px_ev_verb;

typedef struct px_ev_agent {
    char code[8];
    uint8_t prefix; /* "IGO~": the code goes before the country */
} px_ev_agent;

/* A transformation of CAMEO.2.0 ("~ a (a b ATTACK) SAY = a b 015"): an event
 * (inner source, inner target, inner class) reported by an outer verb
 * becomes one event between the roles named. Roles: 'a' the outer subject,
 * 'b' bound by the inner clause, '_' no subject of its own, '.' anything. */
typedef struct px_ev_trans {
    char outer[16]; /* lower-case lemma of the reporting verb ("say") */
    char inner[16]; /* "attack" (roots 18-20), "q" (any) or a verb lemma */
    char isrc, itgt, rsrc, rtgt;
    int16_t code; /* the result's code index, -1 for Q (the inner code) */
} px_ev_trans;

typedef struct px_ev_dict {
    px_ev_code *codes;
    size_t ncodes, ccodes;
    px_map *code_ix; /* code string -> index + 1 */
    px_ev_elem *elems;
    size_t nelems, celems;
    px_ev_pat *pats;
    size_t npats, cpats;
    px_ev_block *blocks;
    size_t nblocks, cblocks;
    px_ev_verb *verbs;
    size_t nverbs, cverbs;
    px_map *verb_ix; /* lemma (or irregular form) -> first verb + 1 */
    px_map *syn_ix;  /* word -> bit mask of its synsets */
    char syn_names[64][24];
    size_t nsyn;
    px_ev_agent *agents;
    size_t nagents, cagents;
    px_lexicon *agent_lex; /* agent phrase -> agent index */
    px_ev_trans *trans;
    size_t ntrans, ctrans;
    size_t bad_lines;
} px_ev_dict;

/* Loads path (data/events/cameo.tsv). A malformed line adds one message
 * "PATH:LINE: why; entry skipped" to warn (may be NULL) and is skipped.
 * Returns PX_OK, PX_EIO (cannot read), PX_ENOMEM; errmsg says why. */
px_status
px__ev_dict_load(px_folder *f, const char *path, px_buf *warn, px_ev_dict **out, char *errmsg);
px_status px__ev_dict_load_mem(px_folder *f,
                               const char *name,
                               const uint8_t *p,
                               size_t n,
                               px_buf *warn,
                               px_ev_dict **out,
                               char *errmsg);
void px__ev_dict_free(px_ev_dict *d);
/* Index of a code ("190"), -1 when unknown. */
int px__ev_code_ix(const px_ev_dict *d, const char *code, size_t len);
/* The first verb of a lemma (lower case), -1 when none. */
int32_t px__ev_verb_first(const px_ev_dict *d, const uint8_t *lemma, size_t len);
/* Synset mask of a lower-case word. */
uint64_t px__ev_syn_mask(const px_ev_dict *d, const uint8_t *w, size_t len);
/* Hash of a lower-case word as pattern elements store it. */
static inline uint64_t px__ev_word_hash(const uint8_t *w, size_t len)
{
    return px__hash64(w, len, 0x6576656e74ULL) | 1;
}

/* ---- actors (event_actor.c) ---- */

/* The engine's resources: the dictionary and the entity layer's actors. */
typedef struct px_event_res {
    px_ev_dict *dict;
    const px_entity_res *ent; /* NULL when the entities annotator is absent */
} px_event_res;

typedef struct px_ev_actor {
    int32_t entity;        /* entity index, -1 */
    char code[24];         /* "" none */
    uint32_t w0, w1, head; /* words [w0, w1) of the phrase, its head word */
} px_ev_actor;

/* Per-document context the coder and the actor stage share. */
typedef struct px_ev_ctx {
    px_doc *d;
    const struct px_syntax *syn;
    const px_event_res *r;
    uint32_t date; /* YYYYMMDD of the article, 0 unknown */
    /* per word (document-wide indexes) */
    int32_t *fc, *ns;   /* first child, next sibling, -1 */
    uint32_t *lo, *hi;  /* subtree word extent [lo, hi] */
    uint64_t *hf, *hl;  /* hashes of the lower-case form and lemma */
    uint64_t *syn_mask; /* synsets of the word */
    int32_t *ent;       /* entity whose mention covers the word, -1 */
    uint8_t *lower;     /* work space for lower-casing */
    const int *rel_ix;  /* relation ids, see event_code.c */
} px_ev_ctx;

/* Fills a with the actor of the noun phrase headed by word h. Returns 1 when
 * it has a code or an entity. */
int px__ev_actor(const px_ev_ctx *c, uint32_t h, px_ev_actor *a);

/* Relation ids the coder reads (indexes into px_ev_ctx.rel_ix). */
enum {
    R_NSUBJ,
    R_NSUBJPASS,
    R_OBJ,
    R_IOBJ,
    R_OBL,
    R_OBLAGENT,
    R_NMOD,
    R_NMODPOSS,
    R_AMOD,
    R_COMPOUND,
    R_PRT,
    R_CONJ,
    R_XCOMP,
    R_CCOMP,
    R_ACL,
    R_RELCL,
    R_ADVMOD,
    R_AUXPASS,
    R_CASE,
    R_FLAT,
    R_APPOS,
    R_DET,
    R_CSUBJ,
    R_ADVCL,
    R_NSUBJOUTER,
    R_MARK,
    R_AUX,
    R__N
};

extern const px_annotator px__ann_events;

#endif
