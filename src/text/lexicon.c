/* Dictionary matcher: a token trie over interned folded keys.
 *
 * Three flat structures, all open addressing with linear probing, power-of-two
 * capacity and load <= 1/2:
 *   - the vocabulary: one slot per distinct folded key, found by the token's
 *     precomputed key_hash (so a document token costs one probe, usually, and no
 *     hashing) and verified against the key bytes kept in a pool. The slot also
 *     holds the trie node reached from the root by that key, so the common case
 *     (a token that starts no entry) is settled by that single probe;
 *   - the edges: (node, key id) -> child node, for every edge below the root;
 *   - the nodes: a payload and flags (an entry ends here; the node has children).
 * The builder grows these in place; px__lex_build trims them and hands them to
 * the lexicon, which never changes them again. */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "text/lexicon.h"

#define NF_PAYLOAD 1u /* an entry ends at this node */
#define NF_KIDS    2u /* the node has children in the edge table */

#define MAX_IDS   (UINT32_MAX - 1u) /* key ids and node ids are uint32 */
#define MAX_POOL  ((size_t)UINT32_MAX)
#define MAX_TSV   ((size_t)1 << 30) /* a lexicon file over 1 GiB is a mistake */
#define MIN_SLOTS 16
#define EDGE_MIX  0xff51afd7ed558ccdULL

typedef struct vslot {
    uint64_t hash; /* key_hash of the key */
    uint32_t id1;  /* key id + 1; 0 marks an empty slot */
    uint32_t root; /* node reached from the root by this key; 0 = none */
} vslot;

typedef struct eslot {
    uint64_t key;   /* parent node << 32 | key id */
    uint32_t child; /* 0 marks an empty slot (node 0 is the root, never a child) */
    uint32_t pad;
} eslot;

typedef struct vkey {
    uint32_t off, len; /* bytes in pool */
} vkey;

typedef struct trie {
    vslot *vocab;
    size_t vmask; /* capacity - 1 */
    uint32_t nkeys;
    vkey *keys;
    size_t keys_cap;
    px_buf pool;
    eslot *edges;
    size_t emask;
    size_t nedges;
    uint32_t *payload;
    uint8_t *nflags;
    uint32_t nnodes;
    size_t nodes_cap;
    size_t nentries;
} trie;

struct px_lexicon {
    trie t;
};

struct px_lex_builder {
    trie t;
    px_folder *f;    /* borrowed */
    px_arena *arena; /* tokens of the phrase being added */
};

static void trie_fini(trie *t)
{
    px__free(t->vocab);
    px__free(t->keys);
    px_buf_free(&t->pool);
    px__free(t->edges);
    px__free(t->payload);
    px__free(t->nflags);
    memset(t, 0, sizeof(*t));
}

static size_t edge_index(uint64_t key, size_t mask)
{
    key ^= key >> 33;
    key *= EDGE_MIX;
    key ^= key >> 33;
    return (size_t)key & mask;
}

static int key_eq(const trie *t, uint32_t id, const uint8_t *key, uint32_t len)
{
    const vkey *k = &t->keys[id];
    return k->len == len && (len == 0 || memcmp(t->pool.ptr + k->off, key, len) == 0);
}

/* Returns the vocabulary slot of a key, or NULL. */
static const vslot *vocab_find(const trie *t, const uint8_t *key, uint32_t len, uint64_t h)
{
    for (size_t i = (size_t)h & t->vmask;; i = (i + 1) & t->vmask) {
        const vslot *s = &t->vocab[i];
        if (!s->id1)
            return NULL;
        if (s->hash == h && key_eq(t, s->id1 - 1, key, len))
            return s;
    }
}

/* Returns the node the root reaches with token k, or 0. Slots of keys that start
 * no entry are skipped without reading their bytes. */
static uint32_t root_child(const trie *t, const px_token *k)
{
    uint64_t h = k->key_hash;
    for (size_t i = (size_t)h & t->vmask;; i = (i + 1) & t->vmask) {
        const vslot *s = &t->vocab[i];
        if (!s->id1)
            return 0;
        if (s->hash == h && s->root && key_eq(t, s->id1 - 1, k->key, k->key_len))
            return s->root;
    }
}

/* Returns the child of node with token k, or 0. */
static uint32_t child_of(const trie *t, uint32_t node, const px_token *k)
{
    const vslot *v = vocab_find(t, k->key, k->key_len, k->key_hash);
    if (!v)
        return 0;
    uint64_t key = (uint64_t)node << 32 | (v->id1 - 1);
    for (size_t i = edge_index(key, t->emask);; i = (i + 1) & t->emask) {
        const eslot *e = &t->edges[i];
        if (!e->child)
            return 0;
        if (e->key == key)
            return e->child;
    }
}

/* ---- building ---- */

static px_status grow_vocab(trie *t)
{
    size_t cap = (t->vmask + 1) * 2;
    vslot *v = px__calloc(cap, sizeof(*v));
    if (!v)
        return PX_ENOMEM;
    for (size_t i = 0; i <= t->vmask; i++) {
        const vslot *s = &t->vocab[i];
        if (!s->id1)
            continue;
        size_t j = (size_t)s->hash & (cap - 1);
        while (v[j].id1)
            j = (j + 1) & (cap - 1);
        v[j] = *s;
    }
    px__free(t->vocab);
    t->vocab = v;
    t->vmask = cap - 1;
    return PX_OK;
}

static px_status grow_edges(trie *t)
{
    size_t cap = (t->emask + 1) * 2;
    eslot *e = px__calloc(cap, sizeof(*e));
    if (!e)
        return PX_ENOMEM;
    for (size_t i = 0; i <= t->emask; i++) {
        const eslot *s = &t->edges[i];
        if (!s->child)
            continue;
        size_t j = edge_index(s->key, cap - 1);
        while (e[j].child)
            j = (j + 1) & (cap - 1);
        e[j] = *s;
    }
    px__free(t->edges);
    t->edges = e;
    t->emask = cap - 1;
    return PX_OK;
}

/* Finds or adds the key of token k; sets *slot (valid until the next intern). */
static px_status intern(trie *t, const px_token *k, vslot **slot)
{
    assert(k->key_hash == px__hash64(k->key, k->key_len, 0));
    const vslot *found = vocab_find(t, k->key, k->key_len, k->key_hash);
    if (found) {
        *slot = (vslot *)found;
        return PX_OK;
    }
    if (t->nkeys >= MAX_IDS || k->key_len > MAX_POOL - t->pool.len)
        return PX_ETOOBIG;
    if ((size_t)(t->nkeys + 1) * 2 > t->vmask + 1 && grow_vocab(t) != PX_OK)
        return PX_ENOMEM;
    if (t->nkeys == t->keys_cap) {
        size_t cap = t->keys_cap ? t->keys_cap * 2 : 256;
        vkey *keys = px__realloc(t->keys, cap * sizeof(*keys));
        if (!keys)
            return PX_ENOMEM;
        t->keys = keys;
        t->keys_cap = cap;
    }
    size_t off = t->pool.len;
    px_status st = px_buf_append(&t->pool, k->key, k->key_len);
    if (st != PX_OK)
        return st;
    t->keys[t->nkeys] = (vkey){(uint32_t)off, k->key_len};
    size_t i = (size_t)k->key_hash & t->vmask;
    while (t->vocab[i].id1)
        i = (i + 1) & t->vmask;
    t->vocab[i] = (vslot){k->key_hash, ++t->nkeys, 0};
    *slot = &t->vocab[i];
    return PX_OK;
}

static px_status new_node(trie *t, uint32_t *out)
{
    if (t->nnodes >= MAX_IDS)
        return PX_ETOOBIG;
    if (t->nnodes == t->nodes_cap) {
        size_t cap = t->nodes_cap * 2;
        uint32_t *p = px__realloc(t->payload, cap * sizeof(*p));
        if (!p)
            return PX_ENOMEM;
        t->payload = p;
        uint8_t *fl = px__realloc(t->nflags, cap);
        if (!fl)
            return PX_ENOMEM;
        t->nflags = fl;
        t->nodes_cap = cap;
    }
    t->payload[t->nnodes] = 0;
    t->nflags[t->nnodes] = 0;
    *out = t->nnodes++;
    return PX_OK;
}

/* Finds or adds the child of node under key id; sets *child. */
static px_status add_edge(trie *t, uint32_t node, uint32_t id, uint32_t *child)
{
    uint64_t key = (uint64_t)node << 32 | id;
    size_t i = edge_index(key, t->emask);
    for (; t->edges[i].child; i = (i + 1) & t->emask) {
        if (t->edges[i].key == key) {
            *child = t->edges[i].child;
            return PX_OK;
        }
    }
    if ((t->nedges + 1) * 2 > t->emask + 1) {
        if (grow_edges(t) != PX_OK)
            return PX_ENOMEM;
        for (i = edge_index(key, t->emask); t->edges[i].child; i = (i + 1) & t->emask)
            ;
    }
    px_status st = new_node(t, child);
    if (st != PX_OK)
        return st;
    t->edges[i] = (eslot){key, *child, 0};
    t->nedges++;
    t->nflags[node] |= NF_KIDS;
    return PX_OK;
}

static px_status trie_init(trie *t)
{
    memset(t, 0, sizeof(*t));
    px_buf_init(&t->pool, MAX_POOL);
    t->vocab = px__calloc(MIN_SLOTS, sizeof(*t->vocab));
    t->edges = px__calloc(MIN_SLOTS, sizeof(*t->edges));
    t->payload = px__malloc(MIN_SLOTS * sizeof(*t->payload));
    t->nflags = px__malloc(MIN_SLOTS);
    if (!t->vocab || !t->edges || !t->payload || !t->nflags) {
        trie_fini(t);
        return PX_ENOMEM;
    }
    t->vmask = MIN_SLOTS - 1;
    t->emask = MIN_SLOTS - 1;
    t->nodes_cap = MIN_SLOTS;
    t->payload[0] = 0;
    t->nflags[0] = 0;
    t->nnodes = 1; /* the root */
    return PX_OK;
}

px_status px__lex_builder_new(px_lex_builder **out, px_folder *f)
{
    if (!out)
        return PX_EINVAL;
    *out = NULL;
    if (!f)
        return PX_EINVAL;
    px_lex_builder *b = px__calloc(1, sizeof(*b));
    if (!b)
        return PX_ENOMEM;
    b->f = f;
    b->arena = px__arena_new(16 * 1024, 0);
    if (!b->arena || trie_init(&b->t) != PX_OK) {
        px__arena_free(b->arena);
        px__free(b);
        return PX_ENOMEM;
    }
    *out = b;
    return PX_OK;
}

void px__lex_builder_free(px_lex_builder *b)
{
    if (!b)
        return;
    trie_fini(&b->t);
    px__arena_free(b->arena);
    px__free(b);
}

px_status px__lex_add(px_lex_builder *b, px_slice phrase, uint32_t payload)
{
    if (!b || !phrase.ptr || phrase.len == 0)
        return PX_EINVAL;
    px__arena_reset(b->arena);
    px_token *toks = NULL;
    size_t n = 0;
    px_status st = px__tokenize(b->f, b->arena, phrase, &toks, &n);
    if (st != PX_OK)
        return st;
    if (n == 0)
        return PX_EINVAL;
    if (n > PX_LEX_MAX_PHRASE_TOKENS)
        return PX_ETOOBIG;
    trie *t = &b->t;
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        vslot *v;
        if ((st = intern(t, &toks[i], &v)) != PX_OK)
            return st;
        if (i > 0) {
            if ((st = add_edge(t, node, v->id1 - 1, &node)) != PX_OK)
                return st;
        } else if (v->root) {
            node = v->root;
        } else {
            if ((st = new_node(t, &node)) != PX_OK)
                return st;
            v->root = node;
        }
    }
    if (t->nflags[node] & NF_PAYLOAD)
        return PX_OK; /* a duplicate: the first payload stays */
    t->nflags[node] |= NF_PAYLOAD;
    t->payload[node] = payload;
    t->nentries++;
    return PX_OK;
}

px_status px__lex_build(px_lex_builder *b, px_lexicon **out)
{
    if (!out) {
        px__lex_builder_free(b);
        return PX_EINVAL;
    }
    *out = NULL;
    if (!b)
        return PX_EINVAL;
    px_lexicon *l = px__calloc(1, sizeof(*l));
    if (!l) {
        px__lex_builder_free(b);
        return PX_ENOMEM;
    }
    l->t = b->t;
    memset(&b->t, 0, sizeof(b->t));
    px__lex_builder_free(b);
    /* Trim the growable arrays; failing to shrink is harmless. */
    trie *t = &l->t;
    uint32_t *p = px__realloc(t->payload, t->nnodes * sizeof(*p));
    if (p)
        t->payload = p;
    uint8_t *fl = px__realloc(t->nflags, t->nnodes);
    if (fl)
        t->nflags = fl;
    if (t->nkeys) {
        vkey *k = px__realloc(t->keys, t->nkeys * sizeof(*k));
        if (k)
            t->keys = k;
    }
    *out = l;
    return PX_OK;
}

void px__lex_free(px_lexicon *l)
{
    if (!l)
        return;
    trie_fini(&l->t);
    px__free(l);
}

size_t px__lex_size(const px_lexicon *l)
{
    return l ? l->t.nentries : 0;
}

size_t px__lex_builder_size(const px_lex_builder *b)
{
    return b ? b->t.nentries : 0;
}

/* ---- matching ---- */

int px__lex_next(const px_lexicon *l, const px_token *toks, size_t n, size_t *pos, px_lex_match *m)
{
    assert(n <= UINT32_MAX);
    const trie *t = &l->t;
    for (size_t i = *pos; i < n; i++) {
        uint32_t node = root_child(t, &toks[i]);
        if (!node)
            continue;
        size_t end = 0, j = i + 1;
        uint32_t payload = 0;
        for (;;) {
            uint8_t fl = t->nflags[node];
            if (fl & NF_PAYLOAD) {
                end = j;
                payload = t->payload[node];
            }
            if (!(fl & NF_KIDS) || j == n || !(node = child_of(t, node, &toks[j])))
                break;
            j++;
        }
        if (end) {
            *m = (px_lex_match){(uint32_t)i, (uint32_t)end, payload};
            *pos = end;
            return 1;
        }
    }
    *pos = n;
    return 0;
}

px_status
px__lex_match(const px_lexicon *l, const px_token *toks, size_t n, px_lex_match_fn fn, void *ud)
{
    if (!l || !fn || (!toks && n))
        return PX_EINVAL;
    if (n > UINT32_MAX)
        return PX_ETOOBIG;
    size_t pos = 0;
    px_lex_match m;
    while (px__lex_next(l, toks, n, &pos, &m)) {
        if (fn(ud, &m))
            break;
    }
    return PX_OK;
}

int px__lex_get(const px_lexicon *l, const px_token *toks, size_t n, uint32_t *payload)
{
    if (!l || !toks || n == 0)
        return 0;
    const trie *t = &l->t;
    uint32_t node = root_child(t, &toks[0]);
    for (size_t j = 1; node && j < n; j++)
        node = (t->nflags[node] & NF_KIDS) ? child_of(t, node, &toks[j]) : 0;
    if (!node || !(t->nflags[node] & NF_PAYLOAD))
        return 0;
    if (payload)
        *payload = t->payload[node];
    return 1;
}

/* ---- TSV files ---- */

static px_status read_file(const char *path, px_buf *out, char *errmsg)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return px__fail(errmsg, PX_EIO, "%s: %s", path, strerror(errno));
    px_status st = PX_OK;
    for (;;) {
        if ((st = px_buf_reserve(out, 64 * 1024)) != PX_OK)
            break;
        size_t got = fread(out->ptr + out->len, 1, out->cap - out->len, fp);
        out->len += got;
        if (got == 0) {
            if (ferror(fp))
                st = px__fail(errmsg, PX_EIO, "%s: read error", path);
            break;
        }
    }
    fclose(fp);
    if (st == PX_ETOOBIG)
        return px__fail(errmsg, st, "%s: larger than %zu bytes", path, MAX_TSV);
    if (st == PX_ENOMEM)
        return px__fail(errmsg, st, "%s: out of memory", path);
    return st;
}

static int is_blank(uint8_t c)
{
    return c == ' ' || c == '\t';
}

/* Parses a decimal uint32 surrounded by optional spaces. Returns 1 on success. */
static int parse_payload(const uint8_t *p, size_t n, uint32_t *out)
{
    while (n && p[n - 1] == ' ')
        n--;
    while (n && *p == ' ')
        p++, n--;
    if (n == 0 || n > 10)
        return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (uint64_t)(p[i] - '0');
    }
    if (v > UINT32_MAX)
        return 0;
    *out = (uint32_t)v;
    return 1;
}

/* Adds one non-blank, non-comment line. */
static px_status tsv_line(
    px_lex_builder *b, const uint8_t *p, size_t n, size_t lineno, const char *path, char *errmsg)
{
    if (px__utf8_valid_prefix(p, n) != n)
        return px__fail(errmsg, PX_EUTF8, "%s:%zu: invalid UTF-8", path, lineno);
    const uint8_t *tab = memchr(p, '\t', n);
    size_t plen = tab ? (size_t)(tab - p) : n;
    uint32_t payload = (uint32_t)lineno;
    if (tab && !parse_payload(tab + 1, n - plen - 1, &payload))
        return px__fail(errmsg, PX_EPARSE, "%s:%zu: payload is not a number below 2^32", path,
                        lineno);
    if (lineno > UINT32_MAX && !tab)
        return px__fail(errmsg, PX_ETOOBIG, "%s:%zu: too many lines", path, lineno);
    px_status st = plen ? px__lex_add(b, (px_slice){p, plen}, payload) : PX_EINVAL;
    switch (st) {
    case PX_OK:
        return PX_OK;
    case PX_EINVAL:
        return px__fail(errmsg, PX_EPARSE, "%s:%zu: empty phrase", path, lineno);
    case PX_ETOOBIG:
        return px__fail(errmsg, st, "%s:%zu: phrase too long or lexicon too big", path, lineno);
    default:
        return px__fail(errmsg, st, "%s:%zu: %s", path, lineno, px_strerror(st));
    }
}

px_status px__lex_load_tsv(px_lex_builder *b, const char *path, char *errmsg)
{
    if (!b || !path)
        return px__fail(errmsg, PX_EINVAL, "lexicon: NULL argument");
    px_buf file;
    px_buf_init(&file, MAX_TSV);
    px_status st = read_file(path, &file, errmsg);
    const uint8_t *p = file.ptr, *end = file.len ? file.ptr + file.len : file.ptr;
    for (size_t lineno = 1; st == PX_OK && p < end; lineno++) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        const uint8_t *eol = nl ? nl : end;
        size_t n = (size_t)(eol - p);
        if (n && p[n - 1] == '\r')
            n--;
        size_t lead = 0;
        while (lead < n && is_blank(p[lead]))
            lead++;
        if (lead < n && p[lead] != '#')
            st = tsv_line(b, p, n, lineno, path, errmsg);
        p = nl ? nl + 1 : end;
    }
    px_buf_free(&file);
    return st;
}
