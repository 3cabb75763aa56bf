/* The events annotator: for every verb of the CAMEO dictionary, the clause
 * around it is read from the dependency parse (subject, object, passive voice,
 * coordination, relative clauses, control "refused to", reported speech), the
 * verb block's patterns are matched on the words before and after the verb,
 * and source and target actors are coded (event_actor.c). Negation ("not",
 * "never") sets negated; inside a quote, "we" and "I" are the speaker.
 *
 * Linear in the sentence length: each word is visited a bounded number of
 * times (pattern windows are capped, phrase gathering is capped). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/event/event.h"
#include "record/record.h"

#define PRE_WIN    8  /* words before the verb a pattern may use */
#define POST_WIN   20 /* words after it */
#define MAX_ACTORS 3  /* coordinated actors per role */
#define MAX_EVENTS (1u << 20)
#define CANDS      12 /* target candidates per verb */

static const char *const REL_NAMES[R__N] = {
    "nsubj",     "nsubj:pass", "obj",      "iobj",         "obl",  "obl:agent", "nmod",
    "nmod:poss", "amod",       "compound", "compound:prt", "conj", "xcomp",     "ccomp",
    "acl",       "acl:relcl",  "advmod",   "aux:pass",     "case", "flat",      "appos",
    "det",       "csubj",      "advcl",    "nsubj:outer",  "mark", "aux"};

/* ---- resources ---- */

static px_status data_path(const px_engine *e, char *out, size_t cap, const char *rel)
{
    int n = snprintf(out, cap, "%s/%s", e->data_dir, rel);
    return n > 0 && (size_t)n < cap ? PX_OK : PX_ETOOBIG;
}

static px_status ev_init(px_engine *e, void **res, char *errmsg)
{
    px_event_res *r = px__calloc(1, sizeof *r);
    if (!r)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    char path[4096];
    px_status st = data_path(e, path, sizeof path, "events/cameo.tsv");
    if (!st)
        st = px__ev_dict_load(e->folder, path, &e->warnings, &r->dict, errmsg);
    if (st) {
        px__free(r);
        return st;
    }
    r->ent = px__entity_res(e);
    *res = r;
    return PX_OK;
}

static void ev_fini(void *res)
{
    px_event_res *r = res;
    if (!r)
        return;
    px__ev_dict_free(r->dict);
    px__free(r);
}

/* ---- per-document context ---- */

typedef struct coder {
    px_ev_ctx c;
    int rel[R__N];
    int verb_tag_ok[PX_SYN_MAXTAGS]; /* UPOS VERB */
    int pron_tag[PX_SYN_MAXTAGS];    /* UPOS PRON */
    uint8_t *claimed;                /* per word: 1 when it is inside a quote */
    int32_t *speaker;                /* per word: the quote's speaker entity, -1 */
    uint8_t *done;                   /* per word: the verb was coded (or absorbed) */
    px_event *ev;
    size_t n_ev, cap_ev;
    size_t sent_ev0; /* the first event of the current sentence */
    int code_reject;
} coder;

static int rel_is(const coder *k, uint32_t w, int r)
{
    return k->rel[r] >= 0 && k->c.syn->w[w].rel == (uint8_t)k->rel[r];
}

static int32_t child(const coder *k, uint32_t w, int r)
{
    for (int32_t x = k->c.fc[w]; x >= 0; x = k->c.ns[x])
        if (rel_is(k, (uint32_t)x, r))
            return x;
    return -1;
}

/* Lower-cases w into buf (at most cap bytes); returns the length. */
static size_t lower(const uint8_t *p, size_t n, uint8_t *buf, size_t cap)
{
    if (n > cap)
        n = cap;
    for (size_t i = 0; i < n; i++)
        buf[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (uint8_t)(p[i] | 32) : p[i];
    return n;
}

static px_slice word_form(const px_ev_ctx *c, uint32_t w)
{
    const px_sword *s = &c->syn->w[w];
    return (px_slice){c->d->text.ptr + s->start, s->end - s->start};
}

static px_slice word_lemma(const px_ev_ctx *c, uint32_t w)
{
    const px_sword *s = &c->syn->w[w];
    return s->lemma.ptr ? s->lemma : word_form(c, w);
}

static int lemma_is(const coder *k, uint32_t w, const char *s)
{
    uint8_t b[32];
    px_slice l = word_lemma(&k->c, w);
    size_t n = lower(l.ptr, l.len, b, sizeof b);
    return n == strlen(s) && !memcmp(b, s, n);
}

static px_status prepare(coder *k, px_doc *d, const px_event_res *r)
{
    px_ev_ctx *c = &k->c;
    const struct px_syntax *syn = d->syn;
    size_t n = syn->n;
    c->d = d;
    c->syn = syn;
    c->r = r;
    c->rel_ix = k->rel;
    for (int i = 0; i < R__N; i++)
        k->rel[i] = px__syn_rel_id(syn->model, px_slice_cstr(REL_NAMES[i]));
    for (uint32_t t = 0; t < syn->model->ntags && t < PX_SYN_MAXTAGS; t++) {
        k->verb_tag_ok[t] = px_slice_eq(syn->model->upos[t], px_slice_cstr("VERB"));
        k->pron_tag[t] = px_slice_eq(syn->model->upos[t], px_slice_cstr("PRON"));
    }
    k->code_reject = px__ev_code_ix(r->dict, "120", 3);
    px_arena *a = d->arena;
    c->fc = PX_ARENA_NEW(a, int32_t, n + 1);
    c->ns = PX_ARENA_NEW(a, int32_t, n + 1);
    c->lo = PX_ARENA_NEW(a, uint32_t, n + 1);
    c->hi = PX_ARENA_NEW(a, uint32_t, n + 1);
    c->hf = PX_ARENA_NEW(a, uint64_t, n + 1);
    c->hl = PX_ARENA_NEW(a, uint64_t, n + 1);
    c->syn_mask = PX_ARENA_NEW(a, uint64_t, n + 1);
    c->ent = PX_ARENA_NEW(a, int32_t, n + 1);
    k->claimed = PX_ARENA_NEW(a, uint8_t, n + 1);
    k->done = PX_ARENA_NEW(a, uint8_t, n + 1);
    k->speaker = PX_ARENA_NEW(a, int32_t, n + 1);
    int32_t *stack = PX_ARENA_NEW(a, int32_t, n + 1);
    if (!c->fc || !c->ns || !c->lo || !c->hi || !c->hf || !c->hl || !c->syn_mask || !c->ent ||
        !k->claimed || !k->done || !k->speaker || !stack)
        return PX_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        c->fc[i] = c->ns[i] = c->ent[i] = k->speaker[i] = -1;
        c->lo[i] = c->hi[i] = (uint32_t)i;
        k->claimed[i] = k->done[i] = 0;
    }
    /* children in order: built from the right */
    for (size_t i = n; i-- > 0;) {
        int32_t h = syn->w[i].head;
        if (h >= 0 && (size_t)h < n && (size_t)h != i) {
            c->ns[i] = c->fc[h];
            c->fc[h] = (int32_t)i;
        }
    }
    /* subtree extents: post-order over each root (an explicit stack) */
    for (size_t r0 = 0; r0 < n; r0++) {
        int32_t h = syn->w[r0].head;
        if (h >= 0 && (size_t)h < n && (size_t)h != r0)
            continue;
        size_t sp = 0;
        stack[sp++] = (int32_t)r0;
        /* first pass pushes in pre-order; extents are folded in reverse */
        size_t top = 0;
        while (top < sp) {
            int32_t w = stack[top++];
            for (int32_t x = c->fc[w]; x >= 0 && sp <= n; x = c->ns[x])
                stack[sp++] = x;
        }
        for (size_t i = sp; i-- > 1;) {
            int32_t w = stack[i], p = syn->w[w].head;
            if (c->lo[w] < c->lo[p])
                c->lo[p] = c->lo[w];
            if (c->hi[w] > c->hi[p])
                c->hi[p] = c->hi[w];
        }
    }
    /* word hashes and synsets */
    uint8_t buf[64];
    for (size_t i = 0; i < n; i++) {
        px_slice f = word_form(c, (uint32_t)i), l = word_lemma(c, (uint32_t)i);
        size_t fl = lower(f.ptr, f.len, buf, sizeof buf);
        c->hf[i] = px__ev_word_hash(buf, fl);
        uint64_t m = px__ev_syn_mask(r->dict, buf, fl);
        size_t ll = lower(l.ptr, l.len, buf, sizeof buf);
        c->hl[i] = px__ev_word_hash(buf, ll);
        c->syn_mask[i] = m | (c->hl[i] != c->hf[i] ? px__ev_syn_mask(r->dict, buf, ll) : 0);
    }
    /* entity of each word (mentions are sorted within an entity, not across) */
    for (size_t e = 0; e < d->n_entities; e++) {
        const px_entity *en = &d->entities[e];
        for (uint32_t m = 0; m < en->n_mentions; m++) {
            px_span s = en->mentions[m];
            size_t lo = 0, hi = n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (syn->w[mid].end <= s.start)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t w = lo; w < n && syn->w[w].start < s.end; w++)
                c->ent[w] = (int32_t)e;
        }
    }
    /* quotes: words inside a quote's content, with its speaker */
    for (size_t q = 0; q < d->n_quotes; q++) {
        const px_quote *qt = &d->quotes[q];
        for (uint32_t j = 0; j < qt->n_content; j++) {
            px_span s = qt->content[j];
            size_t lo = 0, hi = n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (syn->w[mid].end <= s.start)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t w = lo; w < n && syn->w[w].start < s.end; w++) {
                k->claimed[w] = 1;
                k->speaker[w] = qt->speaker;
            }
        }
    }
    return PX_OK;
}

/* ---- patterns ---- */

/* Do the elements e[0..ne) occur in order among words [a, b)? -1 when not,
 * else how many words matched in their own form ("sanctions"), not only by
 * lemma. */
static int seq_match(const px_ev_ctx *c,
                     const px_ev_elem *e,
                     size_t ne,
                     uint32_t a,
                     uint32_t b,
                     uint32_t *first,
                     uint32_t *last)
{
    size_t j = 0;
    int exact = 0;
    *first = b;
    *last = a;
    for (uint32_t w = a; w < b && j < ne; w++) {
        const px_ev_elem *x = &e[j];
        int ok = x->kind == PX_EVE_SYN ? (int)((c->syn_mask[w] >> x->syn) & 1)
                                       : (c->hl[w] == x->h || c->hf[w] == x->h);
        /* "( to sanctions )" is a prepositional phrase: not "agreed to lift sanctions" */
        if (ok && x->prep && c->rel_ix[R_MARK] >= 0 &&
            c->syn->w[w].rel == (uint8_t)c->rel_ix[R_MARK])
            ok = 0;
        if (ok) {
            exact += x->kind == PX_EVE_WORD && c->hf[w] == x->h;
            if (!j)
                *first = w;
            *last = w;
            j++;
        }
    }
    return j == ne ? exact : -1;
}

static uint64_t bloom_of(const px_ev_ctx *c, uint32_t a, uint32_t b, uint64_t *syn)
{
    uint64_t m = 0;
    *syn = 0;
    for (uint32_t w = a; w < b; w++) {
        m |= 1ULL << (c->hl[w] >> 58) | 1ULL << (c->hf[w] >> 58);
        *syn |= c->syn_mask[w];
    }
    return m;
}

static int may_hold(const px_ev_elem *e, size_t ne, uint64_t bloom, uint64_t syn)
{
    for (size_t i = 0; i < ne; i++) {
        if (e[i].kind == PX_EVE_SYN ? !((syn >> e[i].syn) & 1) : !((bloom >> (e[i].h >> 58)) & 1))
            return 0;
    }
    return 1;
}

/* The code of verb v (block b): the longest matching pattern, else the verb's
 * own code. Returns the code index, -1 none; *specific when a pattern gave it. */
static int verb_code(const coder *k, uint32_t v, const px_ev_verb *vb, int passive, int *specific)
{
    const px_ev_ctx *c = &k->c;
    const px_ev_dict *d = c->r->dict;
    const px_ev_block *b = &d->blocks[vb->block];
    uint32_t lo = c->lo[v], hi = c->hi[v] + 1;
    uint32_t pa = v > lo + PRE_WIN ? v - PRE_WIN : lo, pb = v;
    uint32_t qa = v + 1, qb = hi < v + 1 + POST_WIN ? hi : v + 1 + POST_WIN;
    uint64_t spre, spost;
    uint64_t bpre = bloom_of(c, pa, pb, &spre), bpost = bloom_of(c, qa, qb, &spost);
    /* the most elements; then the words nearest the verb ("held talks ...
     * offering aid": "talks"); then the most words in their own form
     * ("lifted sanctions": "sanctions" 085 over "sanction" 0351); then the
     * later pattern, as a repeated pattern overrides an earlier one in
     * PETRARCH */
    int best = -2, bestlen = -1, bestexact = -1;
    uint32_t bestdist = UINT32_MAX;
    for (uint32_t i = 0; i < b->np; i++) {
        const px_ev_pat *p = &d->pats[b->p0 + i];
        int len = p->npre + p->npost;
        if (len < bestlen)
            continue;
        const px_ev_elem *e = d->elems + p->e0;
        if (!may_hold(e, p->npre, bpre, spre) || !may_hold(e + p->npre, p->npost, bpost, spost))
            continue;
        uint32_t f1, l1, f2, l2;
        int x1 = seq_match(c, e, p->npre, pa, pb, &f1, &l1);
        int x2 = x1 < 0 ? -1 : seq_match(c, e + p->npre, p->npost, qa, qb, &f2, &l2);
        if (x2 < 0)
            continue;
        uint32_t dist = (p->npre ? v - l1 : 0) + (p->npost ? f2 - v : 0);
        if (len == bestlen && (dist > bestdist || (dist == bestdist && x1 + x2 < bestexact)))
            continue;
        best = passive ? p->pas : p->act;
        bestlen = len;
        bestexact = x1 + x2;
        bestdist = dist;
    }
    *specific = bestlen > 0;
    if (bestlen >= 0)
        return best;
    return vb->code;
}

/* ---- actors ---- */

static int is_relpron(const coder *k, uint32_t w)
{
    return lemma_is(k, w, "who") || lemma_is(k, w, "which") || lemma_is(k, w, "that") ||
           lemma_is(k, w, "whom");
}

static int is_first_person(const coder *k, uint32_t w)
{
    return lemma_is(k, w, "we") || lemma_is(k, w, "i") || lemma_is(k, w, "us") ||
           lemma_is(k, w, "me");
}

static int is_third_person(const coder *k, uint32_t w)
{
    static const char *const P[] = {"he", "she", "it", "they", "him", "her", "them"};
    for (size_t i = 0; i < sizeof P / sizeof *P; i++)
        if (lemma_is(k, w, P[i]))
            return 1;
    return 0;
}

/* "Obama said he would not ...", "Israel said a bomb was fired at it": a
 * third-person pronoun inside a clause reported by a verb ("said that")
 * stands for that verb's subject. -1 when there is none. */
static int32_t reporter_of(const coder *k, uint32_t w)
{
    const struct px_syntax *syn = k->c.syn;
    int32_t v = syn->w[w].head;
    int embedded = 0;
    for (int hop = 0; hop < 6 && v >= 0; hop++) {
        if (embedded) {
            int32_t s = child(k, (uint32_t)v, R_NSUBJ);
            if (s >= 0 && (uint32_t)s != w && !is_third_person(k, (uint32_t)s))
                return s;
        }
        if (rel_is(k, (uint32_t)v, R_CCOMP))
            embedded = 1;
        else if (!rel_is(k, (uint32_t)v, R_CONJ) && !rel_is(k, (uint32_t)v, R_XCOMP) &&
                 !rel_is(k, (uint32_t)v, R_OBL) && !rel_is(k, (uint32_t)v, R_NMOD) &&
                 !rel_is(k, (uint32_t)v, R_OBJ) && !rel_is(k, (uint32_t)v, R_IOBJ) && hop > 0)
            return -1;
        v = syn->w[v].head;
    }
    return -1;
}

/* The actor of word w (a relative pronoun stands for the noun its clause
 * modifies; "we" in a quote for the speaker; "he" in "X said he" for X). */
static int actor_at(const coder *k, uint32_t w, px_ev_actor *a)
{
    const px_ev_ctx *c = &k->c;
    const struct px_syntax *syn = c->syn;
    if (is_third_person(k, w)) {
        int32_t r = reporter_of(k, w);
        if (r >= 0 && px__ev_actor(c, (uint32_t)r, a) && a->code[0]) {
            a->w0 = w;
            a->w1 = w + 1;
            a->head = w;
            return 1;
        }
    }
    if (is_relpron(k, w)) {
        /* who -> the clause's verb -> the noun */
        int32_t v = syn->w[w].head;
        if (v >= 0 && rel_is(k, (uint32_t)v, R_RELCL) && syn->w[v].head >= 0)
            w = (uint32_t)syn->w[v].head;
    }
    if (k->claimed[w] && k->speaker[w] >= 0 && is_first_person(k, w)) {
        const px_entity *e = &c->d->entities[k->speaker[w]];
        memset(a, 0, sizeof *a);
        a->entity = k->speaker[w];
        a->w0 = w;
        a->w1 = w + 1;
        a->head = w;
        if (e->actor.ptr && e->actor.len < sizeof a->code) {
            memcpy(a->code, e->actor.ptr, e->actor.len);
            a->code[e->actor.len] = 0;
        }
        return 1;
    }
    return px__ev_actor(c, w, a);
}

/* Fills out[] with the actor of w and of the words coordinated with it. */
static size_t actors(const coder *k, int32_t w, px_ev_actor *out)
{
    size_t n = 0;
    if (w < 0)
        return 0;
    if (actor_at(k, (uint32_t)w, &out[n]))
        n++;
    /* "X, Y and Z": conjuncts hang from the first or from each other */
    int32_t q[MAX_ACTORS * 2];
    size_t nq = 0, iq = 0;
    q[nq++] = w;
    while (iq < nq && n < MAX_ACTORS) {
        int32_t h = q[iq++];
        for (int32_t x = k->c.fc[h]; x >= 0 && n < MAX_ACTORS; x = k->c.ns[x]) {
            if (!rel_is(k, (uint32_t)x, R_CONJ))
                continue;
            if (nq < sizeof q / sizeof *q)
                q[nq++] = x;
            if (actor_at(k, (uint32_t)x, &out[n]))
                n++;
        }
    }
    return n;
}

/* The subject of v when it has none of its own: the verb it is coordinated
 * with, the verb that controls it ("refused to X"), the noun a relative or
 * participle clause modifies. *as_target when that noun is the object. */
static int32_t inherited_subject(const coder *k, uint32_t v, int passive, int *as_target)
{
    const struct px_syntax *syn = k->c.syn;
    *as_target = 0;
    for (int hop = 0; hop < 4; hop++) {
        int32_t h = syn->w[v].head;
        if (h < 0)
            return -1;
        if (rel_is(k, v, R_RELCL) || rel_is(k, v, R_ACL)) {
            *as_target = passive;
            return h;
        }
        if (rel_is(k, v, R_CONJ) || rel_is(k, v, R_XCOMP) || rel_is(k, v, R_ADVCL)) {
            if (rel_is(k, v, R_XCOMP)) {
                int32_t o = child(k, (uint32_t)h, R_OBJ); /* "urged X to" */
                if (o >= 0)
                    return o;
            }
            int32_t s = child(k, (uint32_t)h, R_NSUBJ);
            if (s >= 0)
                return s;
            v = (uint32_t)h;
            continue;
        }
        return -1;
    }
    return -1;
}

static int negated(const coder *k, uint32_t v)
{
    for (int32_t x = k->c.fc[v]; x >= 0; x = k->c.ns[x])
        if (rel_is(k, (uint32_t)x, R_ADVMOD) &&
            (lemma_is(k, (uint32_t)x, "not") || lemma_is(k, (uint32_t)x, "never") ||
             lemma_is(k, (uint32_t)x, "n't")))
            return 1;
    return 0;
}

/* ---- recoding: intent and negation (CAMEO codebook) ---- */

/* A code rewritten by a table of prefix rules: the first rule whose "from"
 * prefixes the code gives "to" (the longest rules come first in each table).
 * Returns the new code's index, -1 when no rule applies or it is unknown. */
typedef struct recode_rule {
    const char *from, *to;
} recode_rule;

static int recode(const px_ev_dict *d, int code, const recode_rule *rules, size_t n)
{
    if (code < 0)
        return -1;
    const char *c = d->codes[code].code;
    for (size_t i = 0; i < n; i++)
        if (!strncmp(c, rules[i].from, strlen(rules[i].from)))
            return px__ev_code_ix(d, rules[i].to, strlen(rules[i].to));
    return -1;
}

/* "agreed to X", "willing to X", "pledged to X": the intent to do X (03 for
 * cooperation; a vow of force is a threat, 13). */
static const recode_rule INTENT[] = {
    {"0831", "0341"}, {"0832", "0342"}, {"0833", "0343"}, {"0834", "0344"}, {"081", "0351"},
    {"082", "0352"},  {"083", "034"},   {"084", "0353"},  {"085", "0354"},  {"086", "0355"},
    {"087", "0356"},  {"08", "035"},    {"061", "0311"},  {"062", "0312"},  {"063", "0313"},
    {"064", "0314"},  {"06", "031"},    {"071", "0331"},  {"072", "0332"},  {"073", "0333"},
    {"074", "0334"},  {"07", "033"},    {"04", "036"},    {"05", "032"},    {"03", "030"},
    {"161", "1313"},  {"162", "1311"},  {"163", "1312"},  {"16", "131"},    {"17", "137"},
    {"15", "138"},    {"18", "138"},    {"19", "138"},    {"20", "138"},
};

/* Negated cooperation is a rejection: "would not provide support" (060) is
 * 121, "will not accept" 12x; conflict and talk keep their code, negated. */
static const recode_rule NEGATE[] = {
    {"0311", "1211"}, {"0312", "1212"}, {"031", "121"},   {"0331", "1221"}, {"0332", "1222"},
    {"0333", "1223"}, {"0334", "1224"}, {"033", "122"},   {"0341", "1231"}, {"0342", "1232"},
    {"0343", "1233"}, {"0344", "1234"}, {"034", "123"},   {"0351", "1241"}, {"0352", "1242"},
    {"0353", "1243"}, {"0354", "1244"}, {"0355", "1245"}, {"0356", "1246"}, {"035", "124"},
    {"036", "125"},   {"037", "127"},   {"038", "126"},   {"039", "126"},   {"03", "120"},
    {"04", "125"},    {"057", "127"},   {"05", "120"},    {"061", "1211"},  {"062", "1212"},
    {"06", "121"},    {"071", "1221"},  {"072", "1222"},  {"073", "1223"},  {"074", "1224"},
    {"07", "122"},    {"0831", "1231"}, {"0832", "1232"}, {"0833", "1233"}, {"0834", "1234"},
    {"083", "123"},   {"081", "1241"},  {"082", "1242"},  {"084", "1243"},  {"085", "1244"},
    {"086", "1245"},  {"087", "1246"},  {"08", "124"},
};

/* "X said Y must release them": X demands it of Y (10). */
static const recode_rule DEMAND[] = {
    {"0831", "1041"}, {"0832", "1042"}, {"0833", "1043"}, {"0834", "1044"}, {"083", "104"},
    {"081", "1051"},  {"082", "1052"},  {"084", "1053"},  {"085", "1054"},  {"086", "1055"},
    {"0871", "107"},  {"0874", "106"},  {"087", "1056"},  {"061", "1011"},  {"062", "1012"},
    {"063", "1013"},  {"064", "1014"},  {"071", "1031"},  {"072", "1032"},  {"073", "1033"},
    {"074", "1034"},  {"07", "103"},    {"04", "108"},    {"05", "102"},    {"09", "101"},
    {"", "100"},
};

#define NRULES(t) (sizeof(t) / sizeof *(t))

/* Does word w express an intent that its "to X" complement carries? */
static int intent_word(const coder *k, uint32_t w)
{
    static const char *const W[] = {"agree",     "pledge",  "promise",  "vow",    "offer",
                                    "willing",   "ready",   "prepared", "commit", "undertake",
                                    "volunteer", "consent", "eager",    "intend", "seek",
                                    "want",      "hope",    "aim"};
    for (size_t i = 0; i < sizeof W / sizeof *W; i++)
        if (lemma_is(k, w, W[i]))
            return 1;
    return 0;
}

/* ---- events ---- */

static int same_code(px_slice a, px_slice b)
{
    return a.len && px_slice_eq(a, b);
}

static px_status push_event(coder *k, px_event *e)
{
    /* one event per sentence for the same code, source and target ("meet in
     * Zurich to discuss": one meeting) */
    for (size_t i = k->sent_ev0; i < k->n_ev; i++) {
        const px_event *o = &k->ev[i];
        if (px_slice_eq(o->code, e->code) && o->negated == e->negated &&
            same_code(o->source.code, e->source.code) && same_code(o->target.code, e->target.code))
            return PX_OK;
    }
    if (k->n_ev == k->cap_ev) {
        size_t cap = k->cap_ev ? k->cap_ev * 2 : 16;
        if (cap > MAX_EVENTS)
            return PX_OK;
        px_event *v = PX_ARENA_NEW(k->c.d->arena, px_event, cap);
        if (!v)
            return PX_ENOMEM;
        if (k->n_ev)
            memcpy(v, k->ev, k->n_ev * sizeof *v);
        k->ev = v;
        k->cap_ev = cap;
    }
    k->ev[k->n_ev++] = *e;
    return PX_OK;
}

static px_event_actor record_actor(coder *k, const px_ev_actor *a)
{
    const px_ev_ctx *c = &k->c;
    px_event_actor r = {.entity = -1, .span = PX_SPAN_NONE};
    if (!a)
        return r;
    r.entity = a->entity;
    if (a->code[0])
        r.code = px__arena_dup(c->d->arena, px_slice_cstr(a->code));
    r.span.start = c->syn->w[a->w0].start;
    r.span.end = c->syn->w[a->w1 - 1].end;
    r.text = (px_slice){c->d->text.ptr + r.span.start, r.span.end - r.span.start};
    return r;
}

/* The sentence's date (its first DATE timex), else the article's. */
static void event_date(const px_doc *d, px_span sent, px_event *e)
{
    for (size_t i = 0; i < d->n_timexes; i++) {
        const px_timex *t = &d->timexes[i];
        if (t->type == PX_TIMEX_DATE && t->span.start >= sent.start && t->span.end <= sent.end &&
            t->value.ptr && t->value.len && t->value.ptr[0] >= '0' && t->value.ptr[0] <= '9') {
            e->date = t->value;
            e->date_from = px_slice_cstr("timex");
            return;
        }
    }
    if (d->date.ptr) {
        e->date = d->date;
        e->date_from = px_slice_cstr("article");
    }
}

/* A place of the sentence: its first LOC entity mention with a country. */
static void event_place(const coder *k, uint32_t w0, uint32_t w1, px_event *e)
{
    const px_doc *d = k->c.d;
    e->place_entity = -1;
    e->place_lat = e->place_lon = NAN;
    for (uint32_t w = w0; w < w1; w++) {
        int32_t x = k->c.ent[w];
        if (x >= 0 && d->entities[x].type == PX_ENT_LOC && d->entities[x].country.ptr) {
            e->place_entity = x;
            e->place_country = d->entities[x].country;
            e->place_lat = d->entities[x].lat;
            e->place_lon = d->entities[x].lon;
            return;
        }
    }
}

static int is_verb(const coder *k, uint32_t w)
{
    uint16_t t = k->c.syn->w[w].tag;
    return t < PX_SYN_MAXTAGS && k->verb_tag_ok[t];
}

/* The dictionary verb of word w: the entry whose particle is present, else
 * the plain one; NULL when the lemma is not a dictionary verb. */
static const px_ev_verb *dict_verb(const coder *k, uint32_t w)
{
    const px_ev_ctx *c = &k->c;
    const px_ev_dict *d = c->r->dict;
    uint8_t buf[48];
    px_slice l = word_lemma(c, w);
    size_t n = lower(l.ptr, l.len, buf, sizeof buf);
    int32_t i = px__ev_verb_first(d, buf, n);
    if (i < 0) {
        px_slice f = word_form(c, w);
        n = lower(f.ptr, f.len, buf, sizeof buf);
        i = px__ev_verb_first(d, buf, n);
    }
    const px_ev_verb *plain = NULL;
    for (; i >= 0; i = d->verbs[i].next) {
        const px_ev_verb *v = &d->verbs[i];
        if (!v->particle) {
            if (!plain)
                plain = v;
            continue;
        }
        for (int32_t x = c->fc[w]; x >= 0; x = c->ns[x])
            if ((uint32_t)x > w && (uint32_t)x <= w + 3 && c->hf[x] == v->particle &&
                (rel_is(k, (uint32_t)x, R_PRT) || rel_is(k, (uint32_t)x, R_OBL) ||
                 rel_is(k, (uint32_t)x, R_ADVMOD) || rel_is(k, (uint32_t)x, R_CASE)))
                return v;
        if (w + 1 < c->syn->n && c->hf[w + 1] == v->particle)
            return v;
    }
    return plain;
}

static int is_passive(const coder *k, uint32_t v)
{
    if (child(k, v, R_NSUBJPASS) >= 0 || child(k, v, R_AUXPASS) >= 0)
        return 1;
    /* "protesters arrested by police": a participle without an object */
    if (rel_is(k, v, R_ACL) && child(k, v, R_OBJ) < 0) {
        px_slice x = k->c.syn->model->xpos[k->c.syn->w[v].tag];
        return x.len == 3 && !memcmp(x.ptr, "VBN", 3);
    }
    return 0;
}

/* An oblique that can name a target: "against X", "on X", "with X", "to X",
 * "warned about X"; not a place or time ("in Geneva", "at night"). */
static int target_case(const coder *k, uint32_t w)
{
    static const char *const OK[] = {"against", "on",   "with", "to",  "toward", "towards",
                                     "into",    "upon", "from", "for", "over",   "about"};
    for (int32_t x = k->c.fc[w]; x >= 0; x = k->c.ns[x]) {
        if (!rel_is(k, (uint32_t)x, R_CASE))
            continue;
        for (size_t i = 0; i < sizeof OK / sizeof *OK; i++)
            if (lemma_is(k, (uint32_t)x, OK[i]))
                return 1;
        return 0;
    }
    return 0;
}

/* Is v the reporting verb of a transformation ("say", "want")? */
static int trans_outer(const coder *k, uint32_t v)
{
    const px_ev_dict *d = k->c.r->dict;
    for (size_t i = 0; i < d->ntrans; i++)
        if (lemma_is(k, v, d->trans[i].outer))
            return 1;
    return 0;
}

/* The transformations of the dictionary (CAMEO.2.0 "~" lines) on the event
 * of verb v (code *code, actors S/T): "The US claimed that they had attacked
 * Iraq" is the US claiming responsibility (015), "X said Y attacked" X
 * accusing Y (112), "X wants Y to attack" an appeal (021). The first rule
 * that fits rewrites the event; returns the reporting verb, -1 when a rule
 * keeps the code ("a (a b Q) SAY"), -2 when none fits. */
static int32_t transform(
    const coder *k, uint32_t v, int *code, px_ev_actor *S, size_t *ns, px_ev_actor *T, size_t *nt)
{
    const px_ev_ctx *c = &k->c;
    const struct px_syntax *syn = c->syn;
    const px_ev_dict *d = c->r->dict;
    if (!d->ntrans || *code < 0)
        return -2;
    uint32_t u = v;
    for (int hop = 0; hop < 4 && rel_is(k, u, R_CONJ) && syn->w[u].head >= 0; hop++)
        u = (uint32_t)syn->w[u].head;
    int32_t g = syn->w[u].head;
    if (g < 0 || !(rel_is(k, u, R_CCOMP) || rel_is(k, u, R_XCOMP)) || !is_verb(k, (uint32_t)g))
        return -2;
    /* the reporters: "Obama and Putin said they will attack Iraq" */
    px_ev_actor A[MAX_ACTORS];
    size_t na = actors(k, child(k, (uint32_t)g, R_NSUBJ), A);
    if (!na || !A[0].code[0])
        return -2;
    const char *ic = d->codes[*code].code;
    int attack = !strncmp(ic, "18", 2) || !strncmp(ic, "19", 2) || !strncmp(ic, "20", 2);
    int own_subj = child(k, v, R_NSUBJ) >= 0 || child(k, (uint32_t)g, R_OBJ) >= 0;
    for (size_t i = 0; i < d->ntrans; i++) {
        const px_ev_trans *t = &d->trans[i];
        if (!lemma_is(k, (uint32_t)g, t->outer))
            continue;
        if (!strcmp(t->inner, "attack") ? !attack
                                        : strcmp(t->inner, "q") && !lemma_is(k, v, t->inner))
            continue;
        const px_ev_actor *B = NULL;
        int sc = *ns && S[0].code[0], tc = *nt && T[0].code[0];
        int same = 0; /* the inner subject is one of the reporters */
        for (size_t j = 0; j < na && sc; j++)
            same |= !strcmp(S[0].code, A[j].code);
        if (t->isrc == 'a' && !same)
            continue;
        if (t->isrc == '_' && own_subj)
            continue;
        if (t->isrc == 'b') {
            if (!sc || same)
                continue;
            B = &S[0];
        }
        if (t->itgt == 'b') {
            if (!tc)
                continue;
            B = &T[0];
        }
        if ((t->rsrc == 'b' || t->rtgt == 'b') && !B)
            continue;
        px_ev_actor b = B ? *B : A[0];
        for (int side = 0; side < 2; side++) {
            char role = side ? t->rtgt : t->rsrc;
            px_ev_actor *out = side ? T : S;
            size_t *n = side ? nt : ns;
            if (role == 'a') {
                memcpy(out, A, na * sizeof *A);
                *n = na;
            } else {
                out[0] = b;
                *n = 1;
            }
        }
        if (t->code >= 0)
            *code = t->code;
        return t->code >= 0 ? g : -1;
    }
    return -2;
}

/* "X said (that) Y must / should do Z": a demand by X on Y (10), the
 * reporting verb; -1 when v is no such clause. The sources go to S, the
 * clause's subjects to T. */
static int32_t demand(
    const coder *k, uint32_t v, int *code, px_ev_actor *S, size_t *ns, px_ev_actor *T, size_t *nt)
{
    const struct px_syntax *syn = k->c.syn;
    int must = 0;
    for (int32_t x = k->c.fc[v]; x >= 0; x = k->c.ns[x])
        if (rel_is(k, (uint32_t)x, R_AUX) &&
            (lemma_is(k, (uint32_t)x, "must") || lemma_is(k, (uint32_t)x, "should")))
            must = 1;
    if (!must || *code < 0)
        return -1;
    uint32_t u = v;
    for (int hop = 0; hop < 4 && rel_is(k, u, R_CONJ) && syn->w[u].head >= 0; hop++)
        u = (uint32_t)syn->w[u].head;
    int32_t g = syn->w[u].head;
    if (g < 0 || !rel_is(k, u, R_CCOMP) || !is_verb(k, (uint32_t)g))
        return -1;
    px_ev_actor A[MAX_ACTORS];
    size_t na = actors(k, child(k, (uint32_t)g, R_NSUBJ), A);
    if (!na)
        return -1;
    int x = recode(k->c.r->dict, *code, DEMAND, NRULES(DEMAND));
    if (x < 0)
        return -1;
    /* the clause's subjects are the ones the demand is made of */
    memcpy(T, S, *ns * sizeof *S);
    *nt = *ns;
    memcpy(S, A, na * sizeof *A);
    *ns = na;
    *code = x;
    return g;
}

/* Codes verb v of sentence s. */
static px_status code_verb(coder *k, uint32_t v, uint32_t s0, uint32_t s1, px_span sent)
{
    const px_ev_ctx *c = &k->c;
    const struct px_syntax *syn = c->syn;
    const px_ev_verb *vb = dict_verb(k, v);
    if (!vb)
        return PX_OK;
    int passive = is_passive(k, v), specific = 0;
    int code = verb_code(k, v, vb, passive, &specific);
    int neg = negated(k, v);
    int32_t absorbed = -1;
    /* control: "refused to X" is a rejection; "threatened to X", "demanded
     * to X" stay with the governor; otherwise the governed verb is the event */
    for (int32_t x = c->fc[v]; x >= 0; x = c->ns[x]) {
        if (!rel_is(k, (uint32_t)x, R_XCOMP) || !is_verb(k, (uint32_t)x))
            continue;
        int refuse =
            lemma_is(k, v, "refuse") || lemma_is(k, v, "decline") || lemma_is(k, v, "reject");
        if (refuse && (code < 0 || !specific))
            code = k->code_reject;
        const char *root = code >= 0 ? c->r->dict->codes[code].code : "";
        int modal = code >= 0 && (specific || !strncmp(root, "10", 2) || !strncmp(root, "11", 2) ||
                                  !strncmp(root, "12", 2) || !strncmp(root, "13", 2));
        if (modal && !trans_outer(k, v)) {
            k->done[x] = 1; /* absorbed */
            absorbed = x;
        } else
            return PX_OK; /* the governed verb codes itself */
    }
    const px_ev_dict *dict = c->r->dict;
    if (code < 0)
        return PX_OK;
    /* roles */
    int32_t subj = child(k, v, passive ? R_NSUBJPASS : R_NSUBJ);
    int32_t agent = passive ? child(k, v, R_OBLAGENT) : -1;
    int32_t obj = passive ? -1 : child(k, v, R_OBJ);
    if (obj < 0 && !passive)
        obj = child(k, v, R_IOBJ);
    if (obj < 0 && !passive && absorbed >= 0)
        obj = child(k, (uint32_t)absorbed, R_OBJ); /* "refused to recognize Kosovo" */
    int32_t src = passive ? agent : subj, tgt = passive ? subj : obj;
    if (src < 0 && tgt < 0 && passive && subj < 0) {
        int as_target;
        int32_t h = inherited_subject(k, v, 1, &as_target);
        tgt = h;
    } else if ((passive ? tgt : src) < 0) {
        int as_target;
        int32_t h = inherited_subject(k, v, passive, &as_target);
        if (as_target || passive)
            tgt = tgt < 0 ? h : tgt;
        else
            src = h;
    }
    px_ev_actor S[MAX_ACTORS], T[MAX_ACTORS];
    size_t ns = actors(k, src, S), nt = actors(k, tgt, T);
    /* "The US, Russia, and Switzerland met": a second subject the parser
     * attached to the verb is a conjunct */
    if (src >= 0 && src == subj)
        for (int32_t x = c->fc[v]; x >= 0 && ns < MAX_ACTORS; x = c->ns[x])
            if (x != subj && rel_is(k, (uint32_t)x, passive ? R_NSUBJPASS : R_NSUBJ)) {
                px_ev_actor more[MAX_ACTORS];
                size_t m = actors(k, x, more);
                for (size_t i = 0; i < m && ns < MAX_ACTORS; i++)
                    S[ns++] = more[i];
            }
    /* the object's nominal modifiers, down to ties "with X" in "welcomed the
     * resumption of ties with X" */
    int32_t cands[CANDS];
    size_t nc = 0, nnmod;
    if (obj >= 0)
        for (int32_t x = c->fc[obj]; x >= 0 && nc < CANDS; x = c->ns[x])
            if (rel_is(k, (uint32_t)x, R_NMOD))
                cands[nc++] = x;
    for (size_t i = 0; i < nc; i++)
        for (int32_t x = c->fc[cands[i]]; x >= 0 && nc < CANDS; x = c->ns[x])
            if (rel_is(k, (uint32_t)x, R_NMOD) && target_case(k, (uint32_t)x))
                cands[nc++] = x;
    nnmod = nc;
    if (nt && T[0].code[0]) {
        /* the object's code comes from a modifier naming a party (not an
         * owner: "parts of Iraq and Syria"): its conjuncts are targets too
         * ("ties with Mordor, Fornost and Bree") */
        for (size_t i = 0; i < nnmod; i++) {
            px_ev_actor t[MAX_ACTORS];
            size_t n = target_case(k, (uint32_t)cands[i]) ? actors(k, cands[i], t) : 0;
            if (n && t[0].code[0]) {
                if (n > nt && !strcmp(t[0].code, T[0].code)) {
                    memcpy(T, t, n * sizeof *t);
                    nt = n;
                }
                break;
            }
        }
    } else {
        /* no coded target yet: those modifiers ("against X"), or the verb's obliques */
        for (int32_t x = c->fc[v]; x >= 0 && nc < CANDS; x = c->ns[x])
            if (rel_is(k, (uint32_t)x, R_OBL) && target_case(k, (uint32_t)x))
                cands[nc++] = x;
        if (absorbed >= 0)
            for (int32_t x = c->fc[absorbed]; x >= 0 && nc < CANDS; x = c->ns[x])
                if (rel_is(k, (uint32_t)x, R_OBL) && target_case(k, (uint32_t)x))
                    cands[nc++] = x;
        for (size_t i = 0; i < nc; i++) {
            px_ev_actor t[MAX_ACTORS];
            size_t n = actors(k, cands[i], t);
            if (n && t[0].code[0]) {
                memcpy(T, t, n * sizeof *t);
                nt = n;
                break;
            }
        }
    }
    int32_t reporter = neg ? -2 : transform(k, v, &code, S, &ns, T, &nt);
    if (reporter == -2 && !neg) {
        int32_t g = demand(k, v, &code, S, &ns, T, &nt);
        if (g >= 0)
            reporter = g;
    }
    /* "agreed to lift sanctions", "is willing to withdraw": the intent (035x) */
    int32_t gov = syn->w[v].head;
    if (reporter == -2 && code >= 0 && rel_is(k, v, R_XCOMP) && gov >= 0 &&
        intent_word(k, (uint32_t)gov)) {
        int x = recode(dict, code, INTENT, NRULES(INTENT));
        if (x >= 0)
            code = x;
        neg |= negated(k, (uint32_t)gov);
    }
    /* "would not provide support": a rejection, not a negated 060 */
    if (neg && code >= 0) {
        int x = recode(dict, code, NEGATE, NRULES(NEGATE));
        if (x >= 0) {
            code = x;
            neg = 0;
        }
    }
    if (code < 0)
        return PX_OK;
    /* an event needs a coded actor */
    int any = 0;
    for (size_t i = 0; i < ns; i++)
        any |= S[i].code[0] != 0;
    for (size_t i = 0; i < nt; i++)
        any |= T[i].code[0] != 0;
    if (!any && !c->d->engine->events_all)
        return PX_OK;
    const px_ev_code *ec = &c->r->dict->codes[code];
    px_event e;
    memset(&e, 0, sizeof e);
    uint32_t lo = c->lo[v] < s0 ? s0 : c->lo[v], hi = c->hi[v] >= s1 ? s1 - 1 : c->hi[v];
    e.span = (px_span){syn->w[lo].start, syn->w[hi].end};
    e.trigger = (px_span){syn->w[v].start, syn->w[v].end};
    if (reporter >= 0) {
        /* the claim is the event: "claimed", its clause around the report */
        uint32_t r = (uint32_t)reporter;
        e.trigger = (px_span){syn->w[r].start, syn->w[r].end};
        if (syn->w[r].start < e.span.start)
            e.span.start = syn->w[r].start;
        if (syn->w[r].end > e.span.end)
            e.span.end = syn->w[r].end;
    }
    e.code = px_slice_cstr(ec->code);
    e.root = (px_slice){(const uint8_t *)ec->code, 2};
    e.plover = px_slice_cstr(ec->plover);
    e.quad = ec->quad;
    e.goldstein = ec->goldstein;
    e.negated = (uint8_t)neg;
    event_date(c->d, sent, &e);
    event_place(k, s0, s1, &e);
    /* "X and Y met", "X and Y clashed": each with the other */
    int recip = 0;
    if ((nt == 0 || !T[0].code[0]) && ns >= 2 && S[0].code[0] && S[1].code[0]) {
        static const char *const RECIP[] = {"03", "04", "05", "06"};
        for (size_t i = 0; i < sizeof RECIP / sizeof *RECIP; i++)
            recip |= !strncmp(ec->code, RECIP[i], 2);
    }
    if (recip) {
        memcpy(T, S, ns * sizeof *S);
        nt = ns;
    }
    for (size_t i = 0; i < (ns ? ns : 1); i++) {
        for (size_t j = 0; j < (nt ? nt : 1); j++) {
            if (recip && i == j)
                continue;
            int sc = ns && S[i].code[0], tc = nt && T[j].code[0];
            /* a coded actor; a statement ("said") needs someone it is made to */
            if (!c->d->engine->events_all && ((!sc && !tc) || (!nt && !strncmp(ec->code, "01", 2))))
                continue;
            px_event x = e;
            x.source = record_actor(k, ns ? &S[i] : NULL);
            x.target = record_actor(k, nt ? &T[j] : NULL);
            /* the clause covers both actors */
            if (x.source.span.start != UINT32_MAX && x.source.span.start < x.span.start)
                x.span.start = x.source.span.start;
            if (x.target.span.start != UINT32_MAX && x.target.span.end > x.span.end)
                x.span.end = x.target.span.end;
            px_status st = push_event(k, &x);
            if (st)
                return st;
        }
    }
    return PX_OK;
}

static px_status ev_run(px_doc *d, const void *res)
{
    const px_event_res *r = res;
    if (!r || !r->dict)
        return PX_OK;
    px_status st = px__doc_syntax(d);
    if (st || !d->syn || !d->syn->n)
        return st == PX_EINVAL ? PX_OK : st;
    coder *k = PX_ARENA_NEW(d->arena, coder, 1);
    if (!k)
        return PX_ENOMEM;
    memset(k, 0, sizeof *k);
    if ((st = prepare(k, d, r)))
        return st;
    const struct px_syntax *syn = d->syn;
    for (size_t s = 0; s < syn->n_sents; s++) {
        uint32_t s0 = syn->sent_first[s], s1 = syn->sent_first[s + 1];
        if (s1 <= s0)
            continue;
        px_span sent = {syn->w[s0].start, syn->w[s1 - 1].end};
        k->sent_ev0 = k->n_ev;
        /* governed verbs first come after their governors in the loop below
         * only when they follow them; absorption marks are set before use by
         * visiting governors first */
        for (uint32_t v = s0; v < s1; v++) {
            /* a verb, or a word the tagger missed that has an object
             * ("U.S. military gives equipment": gives/NOUN) */
            if (!is_verb(k, v) && child(k, v, R_OBJ) < 0)
                continue;
            int32_t h = syn->w[v].head;
            if (rel_is(k, v, R_XCOMP) && h >= 0 && !k->done[h] && is_verb(k, (uint32_t)h)) {
                /* let the governor decide first */
                k->done[h] = 2;
                if ((st = code_verb(k, (uint32_t)h, s0, s1, sent)))
                    return st;
            }
            if (k->done[v])
                continue;
            k->done[v] = 2;
            if ((st = code_verb(k, v, s0, s1, sent)))
                return st;
        }
    }
    d->events = k->ev;
    d->n_events = k->n_ev;
    return PX_OK;
}

const px_annotator px__ann_events = {"events", ev_init, ev_fini, ev_run};
