/* Weight tables (feature hash -> int16 weights per class) and small u32 maps,
 * both open addressing with key 0 as the empty slot. */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#endif
#include <string.h>

#include "syntax/syntax.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

void px__syn_table_free(px_syn_table *t)
{
    px__free(t->rows_raw);
    px__free(t->index_raw);
    memset(t, 0, sizeof *t);
}

static uint32_t slot_of(uint32_t key, uint32_t mask)
{
    return ((key * 0x9E3779B1u) >> 4) & mask;
}

/* Tables are buckets of PX_SYN_BUCKET entries, one 64-byte cache line each,
 * looked up without branches: a feature costs one line whether it is in the
 * table or not (about half the features of a parser state are not, and the
 * branch of a probing lookup then mispredicts).
 * - narrow (k <= 3: the parser's actions): an entry is 4 int16, a 16-bit
 *   check of the key and the k weights;
 * - wide (tags, relations): an entry is (u32 key, u32 row + 1) and the rows
 *   are packed, padded to a multiple of 16 weights (vector adds).
 * A feature goes into the bucket of its hash; when the bucket is full (or
 * holds the same 16-bit check), the feature of the smallest largest weight is
 * the one left out (about 0.6 % of the action features at half load; nfeat
 * counts the features kept). */
#define BUCKET             PX_SYN_BUCKET
#define LINE               64
#define FP_OF(k)           ((uint16_t)(k) ? (uint16_t)(k) : (uint16_t)1)
#define BUCKET_OF(k, mask) ((uint32_t)(((uint64_t)(k)*0x9E3779B97F4A7C15ULL) >> 40) & (mask))

/* What decides which feature stays when a bucket is full: its largest
 * weight. */
static uint32_t strength(const int16_t *w, uint32_t k)
{
    uint32_t m = 0;
    for (uint32_t c = 0; c < k; c++) {
        uint32_t a = (uint32_t)(w[c] < 0 ? -(int32_t)w[c] : w[c]);
        m = a > m ? a : m;
    }
    return m;
}

/* Tables of megabytes are read at random, a line here and there: with 4 KiB
 * pages nearly every lookup also misses the TLB. Those are aligned to 2 MiB
 * and asked to be backed by huge pages (Linux; elsewhere, or when the kernel
 * says no, only the speed differs). */
#define HUGE ((size_t)2 << 20)

static void *aligned_calloc(size_t bytes, void **raw)
{
    size_t align = bytes >= HUGE ? HUGE : LINE;
    uint8_t *p = px__malloc(bytes + align);
    *raw = p;
    if (!p)
        return NULL;
    uint8_t *q = p + (align - (uintptr_t)p % align);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* q + bytes rounded up to 2 MiB may pass the allocation: only whole huge
     * pages inside it are advised. */
    if (align == HUGE)
        madvise(q, (size_t)(p + bytes + align - q) / HUGE * HUGE, MADV_HUGEPAGE);
#endif
    memset(q, 0, bytes);
    return q;
}

/* AVX2 paths, chosen at run time (the build targets plain x86-64): the
 * scores are the same integer sums, in fewer instructions. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(PX_NO_AVX2)
#define HAVE_AVX2 1
#include <immintrin.h>
#endif

static uint8_t cpu_avx2(void)
{
#if HAVE_AVX2
    return __builtin_cpu_supports("avx2") ? 1 : 0;
#else
    return 0;
#endif
}

px_status px__syn_table_build(px_syn_table *t,
                              uint32_t k,
                              uint32_t nfeat,
                              float scale,
                              const uint32_t *keys,
                              const int16_t *w)
{
    memset(t, 0, sizeof *t);
    uint64_t nb = 1;
    while (nb * BUCKET < (uint64_t)nfeat * 2) /* at most half full */
        nb *= 2;
    if (nb > ((uint64_t)1 << 24) || k == 0 || k > 4096)
        return PX_ETOOBIG;
    int narrow = k <= PX_SYN_NARROW;
    t->avx2 = cpu_avx2();
    t->k = k;
    t->stride = narrow ? 4 : (k + 15) / 16 * 16;
    t->mask = (uint32_t)nb - 1;
    t->scale = scale;
    if (narrow)
        t->rows = aligned_calloc((size_t)nb * BUCKET * 4 * sizeof(int16_t), &t->rows_raw);
    else {
        t->rows = aligned_calloc(((size_t)nfeat + 1) * t->stride * sizeof(int16_t), &t->rows_raw);
        t->index = aligned_calloc((size_t)nb * BUCKET * 2 * sizeof(uint32_t), &t->index_raw);
    }
    if (!t->rows || (!narrow && !t->index)) {
        px__syn_table_free(t);
        return PX_ENOMEM;
    }
    uint32_t used = 0;
    for (uint32_t i = 0; i < nfeat; i++) {
        uint32_t key = keys[i];
        if (!key) {
            px__syn_table_free(t);
            return PX_EPARSE;
        }
        const int16_t *wi = w + (size_t)i * k;
        uint32_t si = strength(wi, k);
        size_t b = BUCKET_OF(key, t->mask);
        if (narrow) {
            int16_t *e = t->rows + b * BUCKET * 4, *put = NULL, *weak = NULL;
            uint16_t fp = FP_OF(key);
            uint32_t weakest = UINT32_MAX;
            int j = 0;
            for (; j < BUCKET && e[0] != 0 && (uint16_t)e[0] != fp; j++, e += 4) {
                uint32_t sj = strength(e + 1, k);
                if (sj < weakest)
                    weakest = sj, weak = e;
            }
            if (j < BUCKET) /* a free entry, or one with the same check */
                put = e[0] == 0 || strength(e + 1, k) < si ? e : NULL;
            else if (weakest < si)
                put = weak;
            if (put) {
                used += put[0] == 0;
                put[0] = (int16_t)fp;
                memcpy(put + 1, wi, k * sizeof(int16_t));
            }
        } else {
            uint32_t *e = t->index + b * BUCKET * 2, *put = NULL, *weak = NULL;
            uint32_t weakest = UINT32_MAX;
            for (int j = 0; j < BUCKET; j++, e += 2) {
                if (e[0] == 0 || e[0] == key) {
                    put = e;
                    break;
                }
                uint32_t sj = strength(t->rows + (size_t)e[1] * t->stride, k);
                if (sj < weakest)
                    weakest = sj, weak = e;
            }
            if (put && put[0] == key)
                continue; /* duplicate: keep the first */
            if (!put && weak && weakest < si)
                put = weak;
            if (put) {
                if (put[0] == 0)
                    put[1] = ++used;
                put[0] = key;
                memcpy(t->rows + (size_t)put[1] * t->stride, wi, k * sizeof(int16_t));
            }
        }
    }
    t->nfeat = used;
    return PX_OK;
}

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if HAVE_AVX2
/* A bucket is two 256-bit halves of 4 entries (u64: check, w0, w1, w2); the
 * entry whose check matches (one at most) is kept, the others masked out. */
__attribute__((target("avx2"))) static void
score_narrow_avx2(const px_syn_table *t, const uint32_t *f, size_t nf, int32_t *sc)
{
    const uint32_t mask = t->mask;
    const int16_t *rows = t->rows;
    for (size_t j = 0; j < nf; j++)
        __builtin_prefetch(rows + (size_t)BUCKET_OF(f[j], mask) * BUCKET * 4);
    const __m256i lo16 = _mm256_set1_epi64x(0xffff);
    __m128i acc = _mm_setzero_si128();
    for (size_t j = 0; j < nf; j++) {
        const __m256i *b = (const __m256i *)(rows + (size_t)BUCKET_OF(f[j], mask) * BUCKET * 4);
        __m256i fp = _mm256_set1_epi64x((long long)FP_OF(f[j]));
        __m256i v0 = _mm256_load_si256(b), v1 = _mm256_load_si256(b + 1);
        __m256i m0 = _mm256_cmpeq_epi64(_mm256_and_si256(v0, lo16), fp);
        __m256i m1 = _mm256_cmpeq_epi64(_mm256_and_si256(v1, lo16), fp);
        __m256i x = _mm256_add_epi16(_mm256_and_si256(v0, m0), _mm256_and_si256(v1, m1));
        __m128i y = _mm_add_epi16(_mm256_castsi256_si128(x), _mm256_extracti128_si256(x, 1));
        y = _mm_add_epi16(y, _mm_unpackhi_epi64(y, y));
        acc = _mm_add_epi32(acc, _mm_cvtepi16_epi32(y)); /* [check w0 w1 w2] widened */
    }
    int32_t a[4];
    _mm_storeu_si128((__m128i *)a, acc);
    for (uint32_t c = 0; c < t->k; c++)
        sc[c] += a[c + 1];
}

/* Rows added 32 columns at a time in registers (the rows stay in L1 from
 * one block of columns to the next). */
__attribute__((target("avx2"))) static void
add_rows_avx2(const int16_t *base, const uint32_t *rows, size_t nr, uint32_t stride, int32_t *acc)
{
    uint32_t c = 0;
    for (; c + 32 <= stride; c += 32) {
        __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
        for (size_t j = 0; j < nr; j++) {
            const __m128i *r = (const __m128i *)(base + (size_t)rows[j] * stride + c);
            a0 = _mm256_add_epi32(a0, _mm256_cvtepi16_epi32(_mm_load_si128(r)));
            a1 = _mm256_add_epi32(a1, _mm256_cvtepi16_epi32(_mm_load_si128(r + 1)));
            a2 = _mm256_add_epi32(a2, _mm256_cvtepi16_epi32(_mm_load_si128(r + 2)));
            a3 = _mm256_add_epi32(a3, _mm256_cvtepi16_epi32(_mm_load_si128(r + 3)));
        }
        _mm256_storeu_si256((__m256i *)(acc + c), a0);
        _mm256_storeu_si256((__m256i *)(acc + c + 8), a1);
        _mm256_storeu_si256((__m256i *)(acc + c + 16), a2);
        _mm256_storeu_si256((__m256i *)(acc + c + 24), a3);
    }
    for (; c < stride; c += 16) {
        __m256i a0 = _mm256_setzero_si256(), a1 = a0;
        for (size_t j = 0; j < nr; j++) {
            const __m128i *r = (const __m128i *)(base + (size_t)rows[j] * stride + c);
            a0 = _mm256_add_epi32(a0, _mm256_cvtepi16_epi32(_mm_load_si128(r)));
            a1 = _mm256_add_epi32(a1, _mm256_cvtepi16_epi32(_mm_load_si128(r + 1)));
        }
        _mm256_storeu_si256((__m256i *)(acc + c), a0);
        _mm256_storeu_si256((__m256i *)(acc + c + 8), a1);
    }
}
#endif

static void score_narrow(const px_syn_table *t, const uint32_t *f, size_t nf, int32_t *sc)
{
    const uint32_t mask = t->mask;
    const int16_t *rows = t->rows;
#if defined(__GNUC__)
    /* The buckets are scattered over megabytes: start every fetch first so
     * the cache misses overlap instead of following one another. */
    for (size_t j = 0; j < nf; j++)
        __builtin_prefetch(rows + (size_t)BUCKET_OF(f[j], mask) * BUCKET * 4);
#endif
#if defined(__SSE2__)
    __m128i acc = _mm_setzero_si128();
    for (size_t j = 0; j < nf; j++) {
        const __m128i *b = (const __m128i *)(rows + (size_t)BUCKET_OF(f[j], mask) * BUCKET * 4);
        __m128i fp = _mm_set1_epi16((short)FP_OF(f[j])), s = _mm_setzero_si128();
        for (int q = 0; q < BUCKET / 2; q++) {
            __m128i v = _mm_load_si128(b + q);
            __m128i m = _mm_cmpeq_epi16(v, fp);
            m = _mm_shufflehi_epi16(_mm_shufflelo_epi16(m, 0), 0);
            s = _mm_add_epi16(s, _mm_and_si128(v, m));
        }
        s = _mm_add_epi16(s, _mm_srli_si128(s, 8));                             /* [fp w0 w1 w2] */
        acc = _mm_add_epi32(acc, _mm_srai_epi32(_mm_unpacklo_epi16(s, s), 16)); /* widened */
    }
    int32_t a[4];
    _mm_storeu_si128((__m128i *)a, acc);
    for (uint32_t c = 0; c < t->k; c++)
        sc[c] += a[c + 1];
#else
    int32_t a[3] = {0, 0, 0};
    for (size_t j = 0; j < nf; j++) {
        const int16_t *e = rows + (size_t)BUCKET_OF(f[j], mask) * BUCKET * 4;
        int16_t fp = (int16_t)FP_OF(f[j]);
        for (int q = 0; q < BUCKET; q++, e += 4) {
            int32_t m = -(int32_t)(e[0] == fp);
            a[0] += e[1] & m;
            a[1] += e[2] & m;
            a[2] += e[3] & m;
        }
    }
    for (uint32_t c = 0; c < t->k; c++)
        sc[c] += a[c];
#endif
}

static void score_wide(const px_syn_table *t, const uint32_t *f, size_t nf, int32_t *sc)
{
    const uint32_t mask = t->mask, stride = t->stride;
    uint32_t rows[PX_SYN_MAXFEATS];
    size_t nr = 0;
    if (nf > PX_SYN_MAXFEATS)
        nf = PX_SYN_MAXFEATS;
#if defined(__GNUC__)
    for (size_t j = 0; j < nf; j++)
        __builtin_prefetch(t->index + (size_t)BUCKET_OF(f[j], mask) * BUCKET * 2);
#endif
    for (size_t j = 0; j < nf; j++) {
        const uint32_t *e = t->index + (size_t)BUCKET_OF(f[j], mask) * BUCKET * 2;
        uint32_t key = f[j], r = 0;
        for (int q = 0; q < BUCKET; q++)
            r |= e[2 * q + 1] & -(uint32_t)(e[2 * q] == key);
        rows[nr] = r;
        nr += r != 0; /* no branch: the row is kept only when found */
    }
#if defined(__GNUC__)
    for (size_t j = 0; j < nr; j++)
        for (uint32_t o = 0; o < stride; o += 32)
            __builtin_prefetch(t->rows + (size_t)rows[j] * stride + o);
#endif
    _Alignas(16) int32_t acc[PX_SYN_MAXTAGS > PX_SYN_MAXRELS ? PX_SYN_MAXTAGS : PX_SYN_MAXRELS];
#if HAVE_AVX2
    if (t->avx2) {
        add_rows_avx2(t->rows, rows, nr, stride, acc);
        for (uint32_t c = 0; c < t->k; c++)
            sc[c] += acc[c];
        return;
    }
#endif
    memset(acc, 0, stride * sizeof *acc);
    for (size_t j = 0; j < nr; j++) {
        const int16_t *row = t->rows + (size_t)rows[j] * stride;
#if defined(__SSE2__)
        for (uint32_t c = 0; c < stride; c += 8) {
            __m128i v = _mm_load_si128((const __m128i *)(row + c));
            __m128i lo = _mm_srai_epi32(_mm_unpacklo_epi16(v, v), 16);
            __m128i hi = _mm_srai_epi32(_mm_unpackhi_epi16(v, v), 16);
            __m128i *a = (__m128i *)(acc + c);
            _mm_store_si128(a, _mm_add_epi32(_mm_load_si128(a), lo));
            _mm_store_si128(a + 1, _mm_add_epi32(_mm_load_si128(a + 1), hi));
        }
#else
        for (uint32_t c = 0; c < stride; c++)
            acc[c] += row[c];
#endif
    }
    for (uint32_t c = 0; c < t->k; c++)
        sc[c] += acc[c];
}

void px__syn_table_score(const px_syn_table *t, const uint32_t *f, size_t nf, int32_t *sc)
{
    if (!t->rows)
        return;
    if (t->index)
        score_wide(t, f, nf, sc);
#if HAVE_AVX2
    else if (t->avx2)
        score_narrow_avx2(t, f, nf, sc);
#endif
    else
        score_narrow(t, f, nf, sc);
}

px_status px__syn_map_build(px_syn_map *m, const px_syn_kv *kv, uint32_t n)
{
    memset(m, 0, sizeof *m);
    uint64_t slots = 16;
    while (slots < (uint64_t)n * 2 + 16)
        slots *= 2;
    if (slots > ((uint64_t)1 << 28))
        return PX_ETOOBIG;
    m->mask = (uint32_t)slots - 1;
    m->slots = px__calloc((size_t)slots, sizeof *m->slots);
    if (!m->slots)
        return PX_ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        if (!kv[i].key)
            continue;
        uint32_t s = slot_of(kv[i].key, m->mask);
        while (m->slots[s].key && m->slots[s].key != kv[i].key)
            s = (s + 1) & m->mask;
        if (!m->slots[s].key) {
            m->slots[s] = kv[i];
            m->n++;
        }
    }
    return PX_OK;
}

void px__syn_map_free(px_syn_map *m)
{
    px__free(m->slots);
    memset(m, 0, sizeof *m);
}

int px__syn_map_get(const px_syn_map *m, uint32_t key, uint32_t *val)
{
    if (!m->slots || !key)
        return 0;
    uint32_t s = slot_of(key, m->mask);
    while (m->slots[s].key) {
        if (m->slots[s].key == key) {
            *val = m->slots[s].val;
            return 1;
        }
        s = (s + 1) & m->mask;
    }
    return 0;
}
