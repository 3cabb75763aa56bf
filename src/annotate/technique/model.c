/* The technique model: weight tables, the lexicon, reading and writing the
 * model file (format in technique.h). */
#include <stdlib.h>
#include <string.h>

#include "annotate/technique/technique.h"

const char *const px__tec_names[PX_TEC_NCLASS] = {
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
};

int px__tec_class(px_slice name)
{
    for (int i = 0; i < PX_TEC_NCLASS; i++)
        if (px_slice_eq(name, px_slice_cstr(px__tec_names[i])))
            return i;
    return -1;
}

static uint32_t slot_of(uint32_t key, uint32_t mask)
{
    return ((key * 0x9E3779B1u) >> 7) & mask;
}

static uint32_t slots_for(uint32_t n)
{
    uint32_t s = 16;
    while (s < n * 2 + 16)
        s *= 2;
    return s;
}

/* ---- weight tables ---- */

px_status px__tec_table_build(px_tec_table *t,
                              uint32_t k,
                              uint32_t nfeat,
                              float scale,
                              const uint32_t *keys,
                              const int16_t *w)
{
    memset(t, 0, sizeof *t);
    if (k == 0 || k > PX_TEC_MAXCLASS || nfeat > (1u << 26))
        return PX_ETOOBIG;
    uint32_t slots = slots_for(nfeat);
    t->keys = px__calloc(slots, sizeof *t->keys);
    t->w = px__calloc((size_t)slots * k, sizeof *t->w);
    if (!t->keys || !t->w) {
        px__tec_table_free(t);
        return PX_ENOMEM;
    }
    t->k = k;
    t->mask = slots - 1;
    t->scale = scale;
    for (uint32_t c = 0; c < PX_TEC_MAXCLASS; c++)
        t->cs[c] = scale;
    for (uint32_t i = 0; i < nfeat; i++) {
        if (!keys[i]) {
            px__tec_table_free(t);
            return PX_EPARSE;
        }
        uint32_t s = slot_of(keys[i], t->mask);
        while (t->keys[s] && t->keys[s] != keys[i])
            s = (s + 1) & t->mask;
        if (t->keys[s])
            continue; /* duplicate: keep the first */
        t->keys[s] = keys[i];
        memcpy(t->w + (size_t)s * k, w + (size_t)i * k, k * sizeof *w);
        t->nfeat++;
    }
    return PX_OK;
}

void px__tec_table_free(px_tec_table *t)
{
    px__free(t->keys);
    px__free(t->w);
    memset(t, 0, sizeof *t);
}

void px__tec_table_score(const px_tec_table *t, const uint32_t *f, size_t nf, float *sc)
{
    if (!t->keys)
        return;
    int32_t acc[PX_TEC_MAXCLASS] = {0};
    const uint32_t k = t->k, mask = t->mask;
    /* The slots first, fetched ahead: the probes miss the cache. */
    uint32_t slot[PX_TEC_MAXF];
    nf = nf < PX_TEC_MAXF ? nf : PX_TEC_MAXF;
    for (size_t j = 0; j < nf; j++) {
        slot[j] = slot_of(f[j], mask);
        __builtin_prefetch(t->keys + slot[j]);
        __builtin_prefetch(t->w + (size_t)slot[j] * k);
    }
    for (size_t j = 0; j < nf; j++) {
        uint32_t s = slot[j];
        for (;;) {
            uint32_t have = t->keys[s];
            if (have == f[j]) {
                const int16_t *row = t->w + (size_t)s * k;
                for (uint32_t c = 0; c < k; c++)
                    acc[c] += row[c];
                break;
            }
            if (!have)
                break;
            s = (s + 1) & mask;
        }
    }
    for (uint32_t c = 0; c < k; c++)
        sc[c] += (float)acc[c] * t->cs[c];
}

/* The row of key in t, NULL when absent. */
static const int16_t *row_of(const px_tec_table *t, uint32_t key)
{
    for (uint32_t s = slot_of(key, t->mask);; s = (s + 1) & t->mask) {
        if (t->keys[s] == key)
            return t->w + (size_t)s * t->k;
        if (!t->keys[s])
            return NULL;
    }
}

px_status px__tec_table_join(const px_tec_table *a, const px_tec_table *b, px_tec_table *out)
{
    memset(out, 0, sizeof *out);
    uint32_t k = a->k + b->k;
    if (!a->keys || !b->keys || k > PX_TEC_MAXCLASS)
        return PX_EINVAL;
    size_t cap = (size_t)a->nfeat + b->nfeat;
    uint32_t *keys = px__malloc(cap * sizeof *keys + 4);
    int16_t *w = px__calloc(cap * k + 1, sizeof *w);
    px_status st = keys && w ? PX_OK : PX_ENOMEM;
    size_t n = 0;
    for (int pass = 0; !st && pass < 2; pass++) {
        const px_tec_table *t = pass ? b : a, *o = pass ? a : b;
        for (uint32_t s = 0; s <= t->mask; s++) {
            uint32_t key = t->keys[s];
            if (!key || (pass && row_of(o, key)))
                continue; /* the second pass adds b's keys a lacks */
            const int16_t *ra = row_of(a, key), *rb = row_of(b, key);
            for (uint32_t c = 0; ra && c < a->k; c++)
                w[n * k + c] = ra[c];
            for (uint32_t c = 0; rb && c < b->k; c++)
                w[n * k + a->k + c] = rb[c];
            keys[n++] = key;
        }
    }
    if (!st)
        st = px__tec_table_build(out, k, (uint32_t)n, a->scale, keys, w);
    for (uint32_t c = 0; !st && c < k; c++)
        out->cs[c] = c < a->k ? a->cs[c] : b->cs[c - a->k];
    px__free(keys);
    px__free(w);
    return st;
}

/* ---- lexicon ---- */

px_status px__tec_lex_build(px_tec_lex *l, const uint32_t *keys, const uint32_t *vals, uint32_t n)
{
    memset(l, 0, sizeof *l);
    if (n > (1u << 24))
        return PX_ETOOBIG;
    uint32_t slots = slots_for(n);
    l->keys = px__calloc(slots, sizeof *l->keys);
    l->vals = px__calloc(slots, sizeof *l->vals);
    if (!l->keys || !l->vals) {
        px__tec_lex_free(l);
        return PX_ENOMEM;
    }
    l->mask = slots - 1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t key = keys[i] ? keys[i] : 1, s = slot_of(key, l->mask);
        while (l->keys[s] && l->keys[s] != key)
            s = (s + 1) & l->mask;
        if (!l->keys[s])
            l->n++;
        l->keys[s] = key;
        l->vals[s] = vals[i];
    }
    return PX_OK;
}

void px__tec_lex_free(px_tec_lex *l)
{
    px__free(l->keys);
    px__free(l->vals);
    memset(l, 0, sizeof *l);
}

uint32_t px__tec_lex_get(const px_tec_lex *l, uint32_t h)
{
    if (!l->keys)
        return 0;
    uint32_t key = h ? h : 1, s = slot_of(key, l->mask);
    while (l->keys[s]) {
        if (l->keys[s] == key)
            return l->vals[s];
        s = (s + 1) & l->mask;
    }
    return 0;
}

/* Adds one lexicon file: word TAB value per line; words with a space (AFINN
 * phrases) are skipped. */
static px_status lex_file(const char *path,
                          int afinn,
                          uint32_t **keys,
                          uint32_t **vals,
                          uint32_t *n,
                          uint32_t *cap,
                          char *errmsg)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return px__fail(errmsg, PX_EIO, "cannot open %s", path);
    char line[1024];
    px_status st = PX_OK;
    while (!st && fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (!tab || tab == line || memchr(line, ' ', (size_t)(tab - line)))
            continue;
        double v = strtod(tab + 1, NULL);
        uint64_t h = px__hash64(line, (size_t)(tab - line), 0);
        uint32_t key = (uint32_t)h;
        /* Find the word's entry (VADER first, AFINN merges into it). */
        uint32_t i = 0;
        if (afinn)
            for (i = 0; i < *n && (*keys)[i] != key; i++)
                ;
        else
            i = *n;
        if (i == *n) {
            if (*n == *cap) {
                uint32_t nc = *cap ? *cap * 2 : 8192;
                uint32_t *k2 = px__realloc(*keys, nc * sizeof **keys);
                if (k2)
                    *keys = k2;
                uint32_t *v2 = k2 ? px__realloc(*vals, nc * sizeof **vals) : NULL;
                if (v2)
                    *vals = v2;
                if (!k2 || !v2) {
                    st = PX_ENOMEM;
                    break;
                }
                *cap = nc;
            }
            (*keys)[*n] = key;
            (*vals)[*n] = 128u | (16u << 8);
            (*n)++;
        }
        uint32_t *p = &(*vals)[i];
        if (afinn) {
            int a = (int)v;
            a = a < -5 ? -5 : a > 5 ? 5 : a;
            *p = (*p & ~0xff00u) | ((uint32_t)(a + 16) << 8) | (1u << 17);
        } else {
            int x = (int)(v * 10 + (v < 0 ? -0.5 : 0.5));
            x = x < -40 ? -40 : x > 40 ? 40 : x;
            *p = (*p & ~0xffu) | (uint32_t)(x + 128) | (1u << 16);
        }
    }
    fclose(f);
    return st;
}

px_status px__tec_lex_load(px_tec_lex *l, const char *dir, char *errmsg)
{
    char path[4096];
    uint32_t *keys = NULL, *vals = NULL, n = 0, cap = 0;
    px_status st = PX_OK;
    static const char *const files[] = {"vader_lexicon.txt", "AFINN-en-165.txt"};
    for (int i = 0; i < 2 && !st; i++) {
        int w = snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        st = w > 0 && (size_t)w < sizeof path ? lex_file(path, i, &keys, &vals, &n, &cap, errmsg)
                                              : PX_ETOOBIG;
    }
    if (!st)
        st = px__tec_lex_build(l, keys, vals, n);
    px__free(keys);
    px__free(vals);
    return st;
}

/* ---- the model file ---- */

typedef struct rd {
    const uint8_t *p, *end;
    int bad;
} rd;

static uint32_t u32(rd *r)
{
    if (r->end - r->p < 4) {
        r->bad = 1;
        return 0;
    }
    uint32_t v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
                 (uint32_t)r->p[3] << 24;
    r->p += 4;
    return v;
}

static float f32(rd *r)
{
    uint32_t v = u32(r);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

/* A LEB128 number of at most 32 bits. */
static uint32_t uvar(rd *r)
{
    uint64_t v = 0;
    for (int sh = 0; sh < 35; sh += 7) {
        if (r->p >= r->end) {
            r->bad = 1;
            return 0;
        }
        uint8_t b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << sh;
        if (!(b & 0x80)) {
            if (v > UINT32_MAX)
                r->bad = 1;
            return (uint32_t)v;
        }
    }
    r->bad = 1;
    return 0;
}

static px_status read_table(rd *r, px_tec_table *t, uint32_t want_k)
{
    uint32_t k = u32(r), nfeat = u32(r);
    float scale = f32(r);
    uint32_t wb = r->p < r->end ? *r->p++ : 0; /* bytes per weight */
    if (r->bad || k != want_k || k > PX_TEC_MAXCLASS || (wb != 1 && wb != 2) ||
        (uint64_t)nfeat * (1 + wb * k) > (uint64_t)(r->end - r->p))
        return PX_EPARSE;
    uint32_t *keys = px__malloc((size_t)nfeat * 4 + 4);
    int16_t *w = px__malloc((size_t)nfeat * k * 2 + 2);
    px_status st = keys && w ? PX_OK : PX_ENOMEM;
    /* Keys ascending, each as its distance from the previous one. */
    for (uint32_t i = 0, prev = 0; !st && i < nfeat; i++) {
        uint32_t d = uvar(r);
        if (r->bad || d == 0 || d > UINT32_MAX - prev)
            st = PX_EPARSE;
        keys[i] = prev += d;
    }
    if (!st && (uint64_t)nfeat * wb * k > (uint64_t)(r->end - r->p))
        st = PX_EPARSE;
    for (size_t i = 0; !st && i < (size_t)nfeat * k; i++) {
        w[i] = wb == 1 ? (int16_t)(int8_t)r->p[0] : (int16_t)(uint16_t)(r->p[0] | r->p[1] << 8);
        r->p += wb;
    }
    if (!st)
        st = px__tec_table_build(t, k, nfeat, scale, keys, w);
    px__free(keys);
    px__free(w);
    return st;
}

px_status px__tec_model_load_mem(const uint8_t *p, size_t n, px_tec_model **out, char *errmsg)
{
    *out = NULL;
    rd r = {p, p + n, 0};
    int v2 = n >= 8 && !memcmp(p, "PXTEC002", 8);
    int v3 = n >= 8 && !memcmp(p, "PXTEC003", 8);
    if (n < 8 || (!v2 && !v3 && memcmp(p, "PXTEC004", 8)))
        return px__fail(errmsg, PX_EPARSE, "not a technique model (PXTEC004)");
    r.p += 8;
    px_tec_model *m = px__calloc(1, sizeof *m);
    if (!m || !(m->strings = px__malloc(PX_TEC_MAXCLASS * 256))) {
        px__free(m);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    px_status st = PX_OK;
    m->nclass = u32(&r);
    if (r.bad || m->nclass < 2 || m->nclass > PX_TEC_MAXCLASS)
        st = PX_EPARSE;
    for (uint32_t i = 0; !st && i < m->nclass; i++) {
        size_t len = r.p < r.end ? *r.p++ : 0;
        if (!len || (size_t)(r.end - r.p) < len) {
            st = PX_EPARSE;
            break;
        }
        uint8_t *s = m->strings + i * 256;
        memcpy(s, r.p, len);
        s[len] = 0;
        m->names[i] = (px_slice){s, len};
        r.p += len;
    }
    uint32_t nlex = st ? 0 : u32(&r);
    if (!st && (r.bad || (uint64_t)nlex * 8 > (uint64_t)(r.end - r.p)))
        st = PX_EPARSE;
    if (!st) {
        uint32_t *kv = px__malloc((size_t)nlex * 8 + 8);
        if (!kv)
            st = PX_ENOMEM;
        for (uint32_t i = 0; !st && i < nlex; i++) {
            kv[i] = u32(&r);
            kv[nlex + i] = u32(&r);
        }
        if (!st)
            st = px__tec_lex_build(&m->lex, kv, kv + nlex, nlex);
        px__free(kv);
    }
    if (!st) {
        m->si_dec.threshold = f32(&r);
        m->si_dec.gap = u32(&r);
        m->si_dec.low = v2 ? m->si_dec.threshold : f32(&r);
        if (!v2 && !v3) {
            m->si_dec.seq = u32(&r);
            m->si_dec.bias = f32(&r);
            m->si_dec.mix = f32(&r);
            for (int k = 0; k < PX_TEC_NTRANS; k++)
                m->si_trans[k] = f32(&r);
            if (m->si_dec.seq > 2)
                r.bad = 1;
        }
        st = r.bad ? PX_EPARSE : read_table(&r, &m->tc, m->nclass);
    }
    if (!st)
        st = read_table(&r, &m->si, 1);
    if (!st && m->si_dec.seq)
        st = read_table(&r, &m->sq, 3);
    if (!st && m->si_dec.seq)
        st = px__tec_table_join(&m->si, &m->sq, &m->sx);
    if (st) {
        px__tec_model_free(m);
        return px__fail(errmsg, st, st == PX_ENOMEM ? "out of memory" : "bad technique model");
    }
    *out = m;
    return PX_OK;
}

px_status px__tec_model_load(const char *path, px_tec_model **out, char *errmsg)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return px__fail(errmsg, PX_EIO, "cannot open %s", path);
    px_buf b;
    px_buf_init(&b, (size_t)1 << 30);
    uint8_t chunk[65536];
    size_t got;
    px_status st = PX_OK;
    while (!st && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = px_buf_append(&b, chunk, got);
    if (!st && ferror(f))
        st = px__fail(errmsg, PX_EIO, "cannot read %s", path);
    fclose(f);
    if (!st) {
        px_slice s = px_buf_slice(&b);
        st = px__tec_model_load_mem(s.ptr, s.len, out, errmsg);
    }
    px_buf_free(&b);
    return st;
}

px_status px__tec_model_load_default(const char *dir, px_tec_model **out, char *errmsg)
{
    if (!dir || !*dir)
        dir = px_data_dir_default();
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/models/techniques.bin", dir);
    if (n <= 0 || (size_t)n >= sizeof path)
        return px__fail(errmsg, PX_ETOOBIG, "data path too long");
    return px__tec_model_load(path, out, errmsg);
}

void px__tec_model_free(px_tec_model *m)
{
    if (!m)
        return;
    px__tec_lex_free(&m->lex);
    px__tec_table_free(&m->tc);
    px__tec_table_free(&m->si);
    px__tec_table_free(&m->sq);
    px__tec_table_free(&m->sx);
    px__free(m->strings);
    px__free(m);
}

static void w32(FILE *f, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    fwrite(b, 1, 4, f);
}

static void wf32(FILE *f, float x)
{
    uint32_t v;
    memcpy(&v, &x, 4);
    w32(f, v);
}

/* Writes a table in slot order of increasing key, so that equal models give
 * equal bytes. */
static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static px_status write_table(const px_tec_table *t, FILE *f)
{
    uint32_t *order = px__malloc((size_t)t->nfeat * 8 + 8);
    if (!order)
        return PX_ENOMEM;
    uint32_t n = 0;
    for (uint32_t s = 0; t->keys && s <= t->mask; s++)
        if (t->keys[s]) {
            order[2 * n] = t->keys[s];
            order[2 * n + 1] = s;
            n++;
        }
    qsort(order, n, 8, cmp_u32);
    /* One byte a weight when they all fit (a table trained with bits = 8). */
    uint8_t wb = 1;
    for (uint32_t i = 0; i < n && wb == 1; i++) {
        const int16_t *row = t->w + (size_t)order[2 * i + 1] * t->k;
        for (uint32_t c = 0; c < t->k; c++)
            if (row[c] < -127 || row[c] > 127)
                wb = 2;
    }
    w32(f, t->k);
    w32(f, n);
    wf32(f, t->scale);
    fwrite(&wb, 1, 1, f);
    for (uint32_t i = 0, prev = 0; i < n; prev = order[2 * i], i++) {
        uint8_t b[5];
        size_t m = 0;
        for (uint32_t d = order[2 * i] - prev; m == 0 || d; d >>= 7)
            b[m++] = (uint8_t)((d & 0x7f) | (d >> 7 ? 0x80 : 0));
        fwrite(b, 1, m, f);
    }
    for (uint32_t i = 0; i < n; i++) {
        const int16_t *row = t->w + (size_t)order[2 * i + 1] * t->k;
        for (uint32_t c = 0; c < t->k; c++) {
            uint16_t v = (uint16_t)row[c];
            uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
            fwrite(b, 1, wb, f);
        }
    }
    px__free(order);
    return PX_OK;
}

px_status px__tec_model_write(const px_tec_model *m, FILE *f)
{
    fwrite("PXTEC004", 1, 8, f);
    w32(f, m->nclass);
    for (uint32_t i = 0; i < m->nclass; i++) {
        uint8_t len = (uint8_t)m->names[i].len;
        fwrite(&len, 1, 1, f);
        fwrite(m->names[i].ptr, 1, len, f);
    }
    uint32_t *kv = px__malloc((size_t)m->lex.n * 8 + 8);
    if (!kv)
        return PX_ENOMEM;
    uint32_t n = 0;
    for (uint32_t s = 0; m->lex.keys && s <= m->lex.mask; s++)
        if (m->lex.keys[s]) {
            kv[2 * n] = m->lex.keys[s];
            kv[2 * n + 1] = m->lex.vals[s];
            n++;
        }
    qsort(kv, n, 8, cmp_u32);
    w32(f, n);
    for (uint32_t i = 0; i < 2 * n; i++)
        w32(f, kv[i]);
    px__free(kv);
    wf32(f, m->si_dec.threshold);
    w32(f, m->si_dec.gap);
    wf32(f, m->si_dec.low);
    w32(f, m->si_dec.seq);
    wf32(f, m->si_dec.bias);
    wf32(f, m->si_dec.mix);
    for (int k = 0; k < PX_TEC_NTRANS; k++)
        wf32(f, m->si_trans[k]);
    px_status st = write_table(&m->tc, f);
    if (!st)
        st = write_table(&m->si, f);
    if (!st && m->si_dec.seq)
        st = write_table(&m->sq, f);
    if (!st && ferror(f))
        st = PX_EIO;
    return st;
}
