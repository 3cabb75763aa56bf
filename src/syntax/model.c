/* Loading the syntax model (format: syntax.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/syntax.h"

typedef struct rd {
    const uint8_t *p;
    size_t n, at;
    int bad;
} rd;

static const uint8_t *take(rd *r, size_t k)
{
    if (r->bad || k > r->n - r->at) {
        r->bad = 1;
        return NULL;
    }
    const uint8_t *q = r->p + r->at;
    r->at += k;
    return q;
}

static uint32_t u32(rd *r)
{
    const uint8_t *q = take(r, 4);
    return q ? (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24
             : 0;
}

static uint16_t u16(rd *r)
{
    const uint8_t *q = take(r, 2);
    return q ? (uint16_t)(q[0] | q[1] << 8) : 0;
}

static float f32(rd *r)
{
    uint32_t v = u32(r);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

/* Reads n names into out[], copying their bytes into *store. */
static int names(rd *r, uint32_t n, px_slice *out, uint8_t **store)
{
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *l = take(r, 1);
        if (!l)
            return 0;
        const uint8_t *s = take(r, *l);
        if (!s)
            return 0;
        memcpy(*store, s, *l);
        out[i] = (px_slice){*store, *l};
        *store += *l;
    }
    return 1;
}

static px_status table(rd *r, px_syn_table *t, uint32_t want_k)
{
    uint32_t k = u32(r), nfeat = u32(r);
    float scale = f32(r);
    if (r->bad || k != want_k || nfeat > (1u << 26) ||
        (uint64_t)nfeat * (4 + 2 * (uint64_t)k) > r->n - r->at)
        return PX_EPARSE;
    uint32_t *keys = px__malloc((size_t)nfeat * 4 + 4);
    int16_t *w = px__malloc((size_t)nfeat * k * 2 + 2);
    px_status st = keys && w ? PX_OK : PX_ENOMEM;
    for (uint32_t i = 0; i < nfeat && !st; i++) {
        keys[i] = u32(r);
        for (uint32_t c = 0; c < k; c++)
            w[(size_t)i * k + c] = (int16_t)u16(r);
    }
    if (!st)
        st = r->bad ? PX_EPARSE : px__syn_table_build(t, k, nfeat, scale, keys, w);
    px__free(keys);
    px__free(w);
    return st;
}

static px_status kvmap(rd *r, px_syn_map *m, int is16, uint32_t maxval)
{
    uint32_t n = u32(r);
    if (r->bad || (uint64_t)n * (is16 ? 6 : 8) > r->n - r->at)
        return PX_EPARSE;
    px_syn_kv *kv = px__malloc((size_t)n * sizeof *kv + 1);
    if (!kv)
        return PX_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        kv[i].key = u32(r);
        kv[i].val = is16 ? u16(r) : u32(r);
        if (kv[i].val >= maxval)
            r->bad = 1;
    }
    px_status st = r->bad ? PX_EPARSE : px__syn_map_build(m, kv, n);
    px__free(kv);
    return st;
}

static px_status load(rd *r, px_syn_model *m)
{
    const uint8_t *magic = take(r, 8);
    if (!magic || memcmp(magic, "PXSYN002", 8))
        return PX_EPARSE;
    uint8_t *store = m->strings;
    m->ntags = u32(r);
    if (r->bad || m->ntags == 0 || m->ntags > PX_SYN_MAXTAGS ||
        !names(r, m->ntags, m->tags, &store))
        return PX_EPARSE;
    m->nrels = u32(r);
    if (r->bad || m->nrels == 0 || m->nrels > PX_SYN_MAXRELS ||
        !names(r, m->nrels, m->rels, &store))
        return PX_EPARSE;
    for (uint32_t i = 0; i < m->ntags; i++) {
        const uint8_t *tab = memchr(m->tags[i].ptr, '\t', m->tags[i].len);
        if (!tab)
            return PX_EPARSE;
        size_t k = (size_t)(tab - m->tags[i].ptr);
        m->upos[i] = (px_slice){m->tags[i].ptr, k};
        m->xpos[i] = (px_slice){tab + 1, m->tags[i].len - k - 1};
    }
    m->punct_rel = px__syn_rel_id(m, PX_SLICE_LIT("punct"));
    m->root_rel = px__syn_rel_id(m, PX_SLICE_LIT("root"));
    if (m->root_rel < 0)
        return PX_EPARSE;
    px_status st = table(r, &m->tagger, m->ntags);
    if (!st)
        st = kvmap(r, &m->dict, 1, m->ntags);
    if (!st)
        st = kvmap(r, &m->classes, 1, 65535);
    if (st)
        return st;
    m->nrules = u32(r);
    if (r->bad || m->nrules > (1u << 20))
        return PX_EPARSE;
    m->rules = px__calloc(m->nrules + 1, sizeof *m->rules);
    if (!m->rules)
        return PX_ENOMEM;
    for (uint32_t i = 0; i < m->nrules; i++) {
        const uint8_t *h = take(r, 3);
        if (!h || h[2] > sizeof m->rules[i].add)
            return PX_EPARSE;
        m->rules[i].cut = h[0];
        m->rules[i].lower = h[1];
        m->rules[i].len = h[2];
        const uint8_t *s = take(r, h[2]);
        if (!s)
            return PX_EPARSE;
        memcpy(m->rules[i].add, s, h[2]);
    }
    st = kvmap(r, &m->exc, 0, m->nrules);
    if (!st)
        st = kvmap(r, &m->suf, 0, m->nrules);
    if (!st)
        st = table(r, &m->actions, 3);
    if (!st)
        st = table(r, &m->labels, m->nrels);
    if (!st && r->at != r->n) {
        st = table(r, &m->tagger2, m->ntags);
        m->two_pass = !st;
    }
    if (!st && r->at != r->n)
        st = PX_EPARSE;
    return st;
}

px_status px__syn_model_load_mem(const uint8_t *p, size_t n, px_syn_model **out, char *errmsg)
{
    *out = NULL;
    px_syn_model *m = px__calloc(1, sizeof *m);
    if (!m)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    m->strings = px__malloc(n + 1);
    if (!m->strings) {
        px__free(m);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    rd r = {p, n, 0, 0};
    px_status st = load(&r, m);
    if (st) {
        px__syn_model_free(m);
        return px__fail(errmsg, st, "syntax model: %s at byte %zu",
                        st == PX_ENOMEM ? "out of memory" : "bad format", r.at);
    }
    *out = m;
    return PX_OK;
}

px_status px__syn_model_load(const char *path, px_syn_model **out, char *errmsg)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return px__fail(errmsg, PX_EIO, "cannot open %s", path);
    px_buf b;
    px_buf_init(&b, (size_t)1 << 30);
    px_status st = PX_OK;
    for (;;) {
        st = px_buf_reserve(&b, 1 << 16);
        if (st)
            break;
        size_t r = fread(b.ptr + b.len, 1, b.cap - b.len, f);
        b.len += r;
        if (r == 0)
            break;
    }
    if (!st && ferror(f))
        st = px__fail(errmsg, PX_EIO, "%s: read error", path);
    else if (st)
        px__fail(errmsg, st, "%s: too big", path);
    fclose(f);
    if (!st)
        st = px__syn_model_load_mem(b.ptr, b.len, out, errmsg);
    px_buf_free(&b);
    return st;
}

void px__syn_model_free(px_syn_model *m)
{
    if (!m)
        return;
    px__syn_table_free(&m->tagger);
    px__syn_table_free(&m->tagger2);
    px__syn_table_free(&m->actions);
    px__syn_table_free(&m->labels);
    px__syn_map_free(&m->dict);
    px__syn_map_free(&m->classes);
    px__syn_map_free(&m->exc);
    px__syn_map_free(&m->suf);
    px__free(m->rules);
    px__free(m->strings);
    px__free(m);
}

int px__syn_tag_id(const px_syn_model *m, px_slice upos, px_slice xpos)
{
    for (uint32_t i = 0; i < m->ntags; i++)
        if (px_slice_eq(m->upos[i], upos) && px_slice_eq(m->xpos[i], xpos))
            return (int)i;
    return -1;
}

int px__syn_rel_id(const px_syn_model *m, px_slice rel)
{
    for (uint32_t i = 0; i < m->nrels; i++)
        if (px_slice_eq(m->rels[i], rel))
            return (int)i;
    return -1;
}

px_status px__syn_model_load_default(const char *dir, px_syn_model **out, char *errmsg)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/models/syntax.bin", dir);
    if (n <= 0 || (size_t)n >= sizeof path)
        return px__fail(errmsg, PX_ETOOBIG, "data path too long");
    return px__syn_model_load(path, out, errmsg);
}
