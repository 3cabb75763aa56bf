/* The compiled CAMEO dictionary (data/events/cameo.tsv, built by
 * tools/gen_events.py): codes with Goldstein weights, quad classes and PLOVER
 * types; agents; synsets; verb blocks with their verbs and patterns. A
 * malformed line is reported once (file and line) and skipped: the rest loads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/event/event.h"

static const char *const PLOVER[] = {
    "AGREE",   "ACCUSE",     "ASSAULT",  "AID",         "COERCE",    "CONSULT", "COOPERATE",
    "DEMAND",  "DISAPPROVE", "ENGAGE",   "INVESTIGATE", "MOBILIZE",  "PROTEST", "REJECT",
    "REQUEST", "RETREAT",    "SANCTION", "SUPPORT",     "THREATEN",  "YIELD",   "SEIZE",
    "FIGHT",   "CONCEDE",    "MOBILIZE", "ADVISE",      "CEASEFIRE", "RETREAT"};

#define GROW(arr, n, cap) ((n) < (cap) || grow((void **)&(arr), &(cap), sizeof *(arr)) == PX_OK)

static px_status grow(void **p, size_t *cap, size_t size)
{
    size_t c = *cap ? *cap * 2 : 64;
    void *q = px__realloc(*p, c * size);
    if (!q)
        return PX_ENOMEM;
    *p = q;
    *cap = c;
    return PX_OK;
}

/* Splits line into TAB fields (at most max); returns the count. */
static size_t fields(const uint8_t *p, size_t n, px_slice *f, size_t max)
{
    size_t k = 0, a = 0;
    for (size_t i = 0; i <= n && k < max; i++) {
        if (i == n || p[i] == '\t') {
            f[k++] = (px_slice){p + a, i - a};
            a = i + 1;
        }
    }
    return k;
}

static int is_code(px_slice s)
{
    if (s.len < 2 || s.len > 4)
        return 0;
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return 0;
    return 1;
}

int px__ev_code_ix(const px_ev_dict *d, const char *code, size_t len)
{
    uint64_t *v = px__map_get(d->code_ix, (px_slice){(const uint8_t *)code, len});
    return v ? (int)*v - 1 : -1;
}

/* "---" or "-": no code (-1); a known code: its index; else -2 (bad). */
static int code_field(const px_ev_dict *d, px_slice s)
{
    if ((s.len == 3 && !memcmp(s.ptr, "---", 3)) || (s.len == 1 && s.ptr[0] == '-'))
        return -1;
    if (!is_code(s))
        return -2;
    int ix = px__ev_code_ix(d, (const char *)s.ptr, s.len);
    return ix >= 0 ? ix : -2;
}

typedef struct loader {
    px_ev_dict *d;
    px_folder *f;
    px_lex_builder *agents;
    px_buf *warn;
    const char *name;
    size_t line;
    const char *why;
} loader;

static px_status line_code(loader *L, px_slice *f, size_t k)
{
    px_ev_dict *d = L->d;
    if (k != 5 || !is_code(f[1])) {
        L->why = "a code line needs code, goldstein, quad, plover";
        return PX_OK;
    }
    char tmp[32];
    if (f[2].len == 0 || f[2].len >= sizeof tmp) {
        L->why = "bad goldstein value";
        return PX_OK;
    }
    memcpy(tmp, f[2].ptr, f[2].len);
    tmp[f[2].len] = 0;
    char *end;
    double g = strtod(tmp, &end);
    if (*end || g < -10 || g > 10 || f[3].len != 1 || f[3].ptr[0] < '1' || f[3].ptr[0] > '4') {
        L->why = "bad goldstein value or quad class";
        return PX_OK;
    }
    if (!GROW(d->codes, d->ncodes, d->ccodes))
        return PX_ENOMEM;
    px_ev_code *c = &d->codes[d->ncodes];
    memset(c, 0, sizeof *c);
    memcpy(c->code, f[1].ptr, f[1].len);
    c->goldstein = (float)g;
    c->quad = (uint8_t)(f[3].ptr[0] - '0');
    for (size_t i = 0; i < sizeof PLOVER / sizeof *PLOVER; i++)
        if (strlen(PLOVER[i]) == f[4].len && !memcmp(PLOVER[i], f[4].ptr, f[4].len))
            c->plover = PLOVER[i];
    uint64_t *slot;
    int isnew;
    if (px__map_put(d->code_ix, f[1], d->ncodes + 1, &slot, &isnew))
        return PX_ENOMEM;
    if (!isnew) {
        L->why = "duplicate code";
        return PX_OK;
    }
    d->ncodes++;
    return PX_OK;
}

static px_status line_agent(loader *L, px_slice *f, size_t k)
{
    px_ev_dict *d = L->d;
    if (k != 3 || !f[1].len || f[2].len < 2 || f[2].len > 7) {
        L->why = "an agent line needs phrase and code (~XXX or XXX~)";
        return PX_OK;
    }
    px_slice c = f[2];
    int prefix = c.ptr[c.len - 1] == '~';
    if (!prefix && c.ptr[0] != '~') {
        L->why = "an agent code starts or ends with ~";
        return PX_OK;
    }
    if (!GROW(d->agents, d->nagents, d->cagents))
        return PX_ENOMEM;
    px_ev_agent *a = &d->agents[d->nagents];
    memset(a, 0, sizeof *a);
    memcpy(a->code, prefix ? c.ptr : c.ptr + 1, c.len - 1);
    a->prefix = (uint8_t)prefix;
    px_status st = px__lex_add(L->agents, f[1], (uint32_t)d->nagents);
    if (st == PX_ENOMEM)
        return st;
    if (st) {
        L->why = "bad agent phrase";
        return PX_OK;
    }
    d->nagents++;
    return PX_OK;
}

static px_status line_synset(loader *L, px_slice *f, size_t k)
{
    px_ev_dict *d = L->d;
    if (k != 3 || !f[1].len || f[1].len >= sizeof d->syn_names[0] || !f[2].len) {
        L->why = "a synset line needs name and words";
        return PX_OK;
    }
    if (d->nsyn >= 64) {
        L->why = "more than 64 synsets";
        return PX_OK;
    }
    size_t s = d->nsyn++;
    memcpy(d->syn_names[s], f[1].ptr, f[1].len);
    d->syn_names[s][f[1].len] = 0;
    const uint8_t *p = f[2].ptr;
    size_t n = f[2].len, a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != '|')
            continue;
        /* multi-word members are matched by their last word (the head) */
        size_t b = i, w = a;
        for (size_t j = a; j < b; j++)
            if (p[j] == ' ')
                w = j + 1;
        if (b > w) {
            uint64_t *slot;
            int isnew;
            if (px__map_put(d->syn_ix, (px_slice){p + w, b - w}, 0, &slot, &isnew))
                return PX_ENOMEM;
            *slot |= 1ULL << s;
        }
        a = i + 1;
    }
    return PX_OK;
}

static int syn_index(const px_ev_dict *d, const uint8_t *p, size_t n)
{
    for (size_t s = 0; s < d->nsyn; s++)
        if (strlen(d->syn_names[s]) == n && !memcmp(d->syn_names[s], p, n))
            return (int)s;
    return -1;
}

/* Appends the elements of a token list ("( to border )"). */
static int elements(loader *L, px_slice s, uint8_t *count)
{
    px_ev_dict *d = L->d;
    size_t a = 0, k = 0;
    int open = 0; /* just after "(" */
    for (size_t i = 0; i <= s.len; i++) {
        if (i < s.len && s.ptr[i] != ' ')
            continue;
        const uint8_t *t = s.ptr + a;
        size_t tl = i - a;
        a = i + 1;
        if (!tl)
            continue;
        if (tl == 1 && strchr("(){}$+^%", t[0])) {
            open = t[0] == '(';
            continue;
        }
        px_ev_elem e = {0};
        e.prep = (uint8_t)open;
        open = 0;
        if (t[0] == '&') {
            int sx = syn_index(d, t + 1, tl - 1);
            if (sx < 0) {
                /* names are stored without their trailing '_' */
                if (tl > 2 && t[tl - 1] == '_')
                    sx = syn_index(d, t + 1, tl - 2);
                if (sx < 0) {
                    L->why = "unknown synset";
                    return -1;
                }
            }
            e.kind = PX_EVE_SYN;
            e.syn = (uint8_t)sx;
        } else {
            /* "cease_fire": the last word; a trailing '_' marks a whole word */
            while (tl && t[tl - 1] == '_')
                tl--;
            size_t w = 0;
            for (size_t j = 0; j < tl; j++)
                if (t[j] == '_')
                    w = j + 1;
            if (w >= tl)
                continue;
            e.kind = PX_EVE_WORD;
            e.h = px__ev_word_hash(t + w, tl - w);
        }
        if (k == 255 || !GROW(d->elems, d->nelems, d->celems))
            return k == 255 ? (L->why = "pattern too long", -1) : -2;
        d->elems[d->nelems++] = e;
        k++;
    }
    *count = (uint8_t)k;
    return 0;
}

static px_status line_block(loader *L, px_slice *f, size_t k)
{
    px_ev_dict *d = L->d;
    int c = k == 3 ? code_field(d, f[2]) : -2;
    if (c == -2) {
        L->why = "a block line needs name and code";
        return PX_OK;
    }
    if (!GROW(d->blocks, d->nblocks, d->cblocks))
        return PX_ENOMEM;
    d->blocks[d->nblocks++] = (px_ev_block){(uint32_t)d->npats, 0, (int16_t)c};
    return PX_OK;
}

static px_status line_verb(loader *L, px_slice *f, size_t k)
{
    px_ev_dict *d = L->d;
    if (!d->nblocks) {
        L->why = "a verb before any block";
        return PX_OK;
    }
    int c = k == 5 ? code_field(d, f[3]) : -2;
    if (c == -2 || !f[1].len) {
        L->why = "a verb line needs lemma, particle, code, forms";
        return PX_OK;
    }
    if (c < 0)
        c = d->blocks[d->nblocks - 1].code;
    if (!GROW(d->verbs, d->nverbs, d->cverbs))
        return PX_ENOMEM;
    px_ev_verb *v = &d->verbs[d->nverbs];
    v->block = (uint32_t)d->nblocks - 1;
    v->code = (int16_t)c;
    v->particle = 0;
    if (f[2].len) {
        size_t e = 0;
        while (e < f[2].len && f[2].ptr[e] != ' ')
            e++;
        v->particle = px__ev_word_hash(f[2].ptr, e);
    }
    /* the lemma's chain: verbs with a particle first, so they are tried first */
    uint64_t *slot;
    int isnew;
    if (px__map_put(d->verb_ix, f[1], 0, &slot, &isnew))
        return PX_ENOMEM;
    int32_t first = (int32_t)*slot - 1, me = (int32_t)d->nverbs;
    if (v->particle || first < 0 || !d->verbs[first].particle) {
        v->next = first;
        *slot = (uint64_t)me + 1;
    } else {
        int32_t at = first;
        while (d->verbs[at].next >= 0 && d->verbs[d->verbs[at].next].particle)
            at = d->verbs[at].next;
        v->next = d->verbs[at].next;
        d->verbs[at].next = me;
    }
    uint64_t head = *slot;
    /* irregular forms lead to the lemma's chain (a fallback for the lemmatizer) */
    const uint8_t *p = f[4].ptr;
    size_t n = f[4].len, a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != '|')
            continue;
        if (i > a) {
            if (px__map_put(d->verb_ix, (px_slice){p + a, i - a}, head, &slot, &isnew))
                return PX_ENOMEM;
        }
        a = i + 1;
    }
    d->nverbs++;
    return PX_OK;
}

static px_status line_pattern(loader *L, px_slice *f, size_t k)
{
    px_ev_dict *d = L->d;
    if (!d->nblocks) {
        L->why = "a pattern before any block";
        return PX_OK;
    }
    int act = k == 5 ? code_field(d, f[3]) : -2, pas = k == 5 ? code_field(d, f[4]) : -2;
    if (act == -2 || pas == -2) {
        L->why = "a pattern line needs pre, post, active and passive codes";
        return PX_OK;
    }
    size_t e0 = d->nelems;
    uint8_t npre = 0, npost = 0;
    int r = elements(L, f[1], &npre);
    if (!r)
        r = elements(L, f[2], &npost);
    if (r == -2)
        return PX_ENOMEM;
    if (r) {
        d->nelems = e0;
        return PX_OK;
    }
    if (!GROW(d->pats, d->npats, d->cpats))
        return PX_ENOMEM;
    d->pats[d->npats++] = (px_ev_pat){(uint32_t)e0, npre, npost, (int16_t)act, (int16_t)pas};
    d->blocks[d->nblocks - 1].np++;
    return PX_OK;
}

/* "T<TAB>a (a b ATTACK) SAY = a b 015": nine tokens once the parentheses go. */
static px_status line_trans(loader *L, px_slice *f, size_t k)
{
    px_ev_dict *d = L->d;
    char tok[9][16];
    size_t nt = 0;
    L->why = "a transformation needs 'a (b c CLASS) VERB = d e CODE'";
    if (k != 2)
        return PX_OK;
    const uint8_t *p = f[1].ptr;
    size_t n = f[1].len, a = 0;
    for (size_t i = 0; i <= n; i++) {
        int sep = i == n || p[i] == ' ' || p[i] == '(' || p[i] == ')';
        if (!sep)
            continue;
        if (i > a) {
            if (nt == 9 || i - a >= sizeof tok[0])
                return PX_OK;
            for (size_t j = 0; j < i - a; j++)
                tok[nt][j] =
                    (char)((p[a + j] >= 'A' && p[a + j] <= 'Z') ? p[a + j] | 32 : p[a + j]);
            tok[nt][i - a] = 0;
            nt++;
        }
        a = i + 1;
    }
    if (nt != 9 || strcmp(tok[5], "=") || tok[0][1] || tok[1][1] || tok[2][1] || tok[6][1] ||
        tok[7][1])
        return PX_OK;
    px_ev_trans t;
    memset(&t, 0, sizeof t);
    strcpy(t.outer, tok[4]);
    strcpy(t.inner, tok[3]);
    t.isrc = tok[1][0];
    t.itgt = tok[2][0];
    t.rsrc = tok[6][0];
    t.rtgt = tok[7][0];
    if (!strcmp(tok[8], "q"))
        t.code = -1;
    else {
        int c = px__ev_code_ix(d, tok[8], strlen(tok[8]));
        if (c < 0) {
            L->why = "unknown code in a transformation";
            return PX_OK;
        }
        t.code = (int16_t)c;
    }
    if (!GROW(d->trans, d->ntrans, d->ctrans))
        return PX_ENOMEM;
    d->trans[d->ntrans++] = t;
    L->why = NULL;
    return PX_OK;
}

static px_status one_line(loader *L, const uint8_t *p, size_t n)
{
    if (n && p[n - 1] == '\r')
        n--;
    if (!n || p[0] == '#')
        return PX_OK;
    px_slice f[6];
    size_t k = fields(p, n, f, 6);
    if (f[0].len != 1) {
        L->why = "unknown line kind";
        return PX_OK;
    }
    switch (f[0].ptr[0]) {
    case 'C':
        return line_code(L, f, k);
    case 'A':
        return line_agent(L, f, k);
    case 'S':
        return line_synset(L, f, k);
    case 'B':
        return line_block(L, f, k);
    case 'V':
        return line_verb(L, f, k);
    case 'P':
        return line_pattern(L, f, k);
    case 'T':
        return line_trans(L, f, k);
    default:
        L->why = "unknown line kind";
        return PX_OK;
    }
}

void px__ev_dict_free(px_ev_dict *d)
{
    if (!d)
        return;
    px__free(d->codes);
    px__map_free(d->code_ix);
    px__free(d->elems);
    px__free(d->pats);
    px__free(d->blocks);
    px__free(d->verbs);
    px__map_free(d->verb_ix);
    px__map_free(d->syn_ix);
    px__free(d->agents);
    px__free(d->trans);
    px__lex_free(d->agent_lex);
    px__free(d);
}

px_status px__ev_dict_load_mem(px_folder *f,
                               const char *name,
                               const uint8_t *p,
                               size_t n,
                               px_buf *warn,
                               px_ev_dict **out,
                               char *errmsg)
{
    *out = NULL;
    px_ev_dict *d = px__calloc(1, sizeof *d);
    loader L = {.d = d, .f = f, .warn = warn, .name = name};
    if (!d || !(d->code_ix = px__map_new(512)) || !(d->verb_ix = px__map_new(4096)) ||
        !(d->syn_ix = px__map_new(1024)) || px__lex_builder_new(&L.agents, f)) {
        px__ev_dict_free(d);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    px_status st = PX_OK;
    size_t a = 0;
    for (size_t i = 0; i <= n && !st; i++) {
        if (i < n && p[i] != '\n')
            continue;
        L.line++;
        L.why = NULL;
        if (i > a || i < n)
            st = one_line(&L, p + a, i - a);
        a = i + 1;
        if (!st && L.why) {
            d->bad_lines++;
            if (warn)
                st = px_buf_appendf(warn, "%s:%zu: %s; entry skipped\n", name, L.line, L.why);
        }
    }
    if (!st) {
        st = px__lex_build(L.agents, &d->agent_lex);
        L.agents = NULL;
    }
    px__lex_builder_free(L.agents);
    if (st) {
        px__ev_dict_free(d);
        return px__fail(errmsg, st, "out of memory");
    }
    *out = d;
    return PX_OK;
}

px_status
px__ev_dict_load(px_folder *f, const char *path, px_buf *warn, px_ev_dict **out, char *errmsg)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return px__fail(errmsg, PX_EIO, "%s: cannot open", path);
    px_buf b;
    px_buf_init(&b, 0);
    uint8_t chunk[65536];
    size_t got;
    px_status st = PX_OK;
    while (!st && (got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        st = px_buf_append(&b, chunk, got);
    int err = ferror(fp);
    fclose(fp);
    if (!st && err)
        st = px__fail(errmsg, PX_EIO, "%s: read error", path);
    else if (st)
        px__fail(errmsg, st, "out of memory");
    if (!st)
        st = px__ev_dict_load_mem(f, path, b.ptr, b.len, warn, out, errmsg);
    px_buf_free(&b);
    return st;
}

int32_t px__ev_verb_first(const px_ev_dict *d, const uint8_t *lemma, size_t len)
{
    uint64_t *v = px__map_get(d->verb_ix, (px_slice){lemma, len});
    return v ? (int32_t)*v - 1 : -1;
}

uint64_t px__ev_syn_mask(const px_ev_dict *d, const uint8_t *w, size_t len)
{
    uint64_t *v = px__map_get(d->syn_ix, (px_slice){w, len});
    return v ? *v : 0;
}
