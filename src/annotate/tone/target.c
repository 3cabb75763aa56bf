/* Target sentiment: the features of a target in its sentence and the linear
 * model that scores them (docs/tone.md). The model is a multinomial logistic
 * regression trained by tools/train_tone.c on NewsMTSC train.
 *
 * Model file (little-endian; data/models/tone.bin):
 *   "PXTONE01", u32 nfeat, f32 bias[3], nfeat x (u32 hash, f32 w[3])
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "annotate/tone/tone.h"
#include "annotate/annotate.h"

struct px_tone_model {
    uint32_t mask, nfeat;
    uint32_t *keys; /* mask + 1 slots, 0 empty */
    float *w;       /* 3 per slot */
    float bias[PX_TONE_NCLASS];
};

/* ---- the model ---- */

static uint32_t slot_of(uint32_t h)
{
    return (uint32_t)px__syn_mix(h);
}

px_status px__tone_model_build(
    const uint32_t *keys, const float *w, uint32_t nfeat, const float *bias, px_tone_model **out)
{
    *out = NULL;
    px_tone_model *m = px__calloc(1, sizeof *m);
    if (!m)
        return PX_ENOMEM;
    uint32_t cap = 16;
    while (cap < nfeat * 2u && cap < (1u << 30))
        cap <<= 1;
    m->mask = cap - 1;
    m->nfeat = nfeat;
    m->keys = px__calloc(cap, sizeof *m->keys);
    m->w = px__calloc((size_t)cap * PX_TONE_NCLASS, sizeof *m->w);
    if (!m->keys || !m->w) {
        px__tone_model_free(m);
        return PX_ENOMEM;
    }
    memcpy(m->bias, bias, sizeof m->bias);
    for (uint32_t i = 0; i < nfeat; i++) {
        if (!keys[i])
            continue;
        uint32_t s = slot_of(keys[i]) & m->mask;
        while (m->keys[s] && m->keys[s] != keys[i])
            s = (s + 1) & m->mask;
        m->keys[s] = keys[i];
        memcpy(m->w + (size_t)s * PX_TONE_NCLASS, w + (size_t)i * PX_TONE_NCLASS,
               PX_TONE_NCLASS * sizeof *w);
    }
    *out = m;
    return PX_OK;
}

void px__tone_model_free(px_tone_model *m)
{
    if (!m)
        return;
    px__free(m->keys);
    px__free(m->w);
    px__free(m);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float rdf(const uint8_t *p)
{
    uint32_t u = rd32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

px_status px__tone_model_load(const char *path, px_tone_model **out, char *errmsg)
{
    *out = NULL;
    uint8_t *buf = NULL;
    size_t len = 0;
    px_status st = px__syn_read_file(path, &buf, &len, errmsg);
    if (st)
        return st;
    const size_t row = 4 + 4 * PX_TONE_NCLASS;
    uint32_t n = len >= 24 ? rd32(buf + 8) : 0;
    if (len < 24 || memcmp(buf, "PXTONE01", 8) || (len - 24) / row != n || (len - 24) % row) {
        px__free(buf);
        return px__fail(errmsg, PX_EPARSE, "%s: not a tone model (PXTONE01)", path);
    }
    uint32_t *keys = px__malloc(((size_t)n + 1) * sizeof *keys);
    float *w = px__malloc(((size_t)n + 1) * PX_TONE_NCLASS * sizeof *w);
    float bias[PX_TONE_NCLASS];
    st = keys && w ? PX_OK : PX_ENOMEM;
    for (int c = 0; c < PX_TONE_NCLASS; c++)
        bias[c] = rdf(buf + 12 + 4 * c);
    for (uint32_t i = 0; i < n && !st; i++) {
        const uint8_t *p = buf + 24 + (size_t)i * row;
        keys[i] = rd32(p);
        for (int c = 0; c < PX_TONE_NCLASS; c++)
            w[(size_t)i * PX_TONE_NCLASS + c] = rdf(p + 4 + 4 * c);
    }
    if (!st)
        st = px__tone_model_build(keys, w, n, bias, out);
    px__free(keys);
    px__free(w);
    px__free(buf);
    return st ? px__fail(errmsg, st, "%s: out of memory", path) : PX_OK;
}

static void wr32(FILE *f, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    fwrite(b, 1, 4, f);
}

static void wrf(FILE *f, float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    wr32(f, u);
}

px_status px__tone_model_save(const px_tone_model *m, const char *path, char *errmsg)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return px__fail(errmsg, PX_EIO, "%s: cannot write", path);
    uint32_t n = 0;
    for (uint32_t s = 0; s <= m->mask; s++)
        n += m->keys[s] != 0;
    fwrite("PXTONE01", 1, 8, f);
    wr32(f, n);
    for (int c = 0; c < PX_TONE_NCLASS; c++)
        wrf(f, m->bias[c]);
    /* In key order, so that the same model gives the same bytes. */
    uint32_t last = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t best = UINT32_MAX, bs = 0;
        int found = 0;
        for (uint32_t s = 0; s <= m->mask; s++)
            if (m->keys[s] && m->keys[s] > last && m->keys[s] <= best) {
                best = m->keys[s];
                bs = s;
                found = 1;
            }
        if (!found)
            break;
        wr32(f, best);
        for (int c = 0; c < PX_TONE_NCLASS; c++)
            wrf(f, m->w[(size_t)bs * PX_TONE_NCLASS + c]);
        last = best;
    }
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    return bad ? px__fail(errmsg, PX_EIO, "%s: write failed", path) : PX_OK;
}

void px__tone_predict(const px_tone_model *m, const px_tone_feat *f, size_t nf, double *p)
{
    double s[PX_TONE_NCLASS];
    for (int c = 0; c < PX_TONE_NCLASS; c++)
        s[c] = m->bias[c];
    for (size_t i = 0; i < nf; i++) {
        uint32_t k = m->mask & slot_of(f[i].h);
        while (m->keys[k] && m->keys[k] != f[i].h)
            k = (k + 1) & m->mask;
        if (!m->keys[k])
            continue;
        const float *w = m->w + (size_t)k * PX_TONE_NCLASS;
        for (int c = 0; c < PX_TONE_NCLASS; c++)
            s[c] += f[i].v * w[c];
    }
    double mx = s[0] > s[1] ? s[0] : s[1];
    mx = mx > s[2] ? mx : s[2];
    double z = 0;
    for (int c = 0; c < PX_TONE_NCLASS; c++)
        z += (p[c] = exp(s[c] - mx));
    for (int c = 0; c < PX_TONE_NCLASS; c++)
        p[c] /= z;
}
