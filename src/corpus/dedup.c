/* Duplicates: exact copies (same word sequence) and near copies (syndicated or
 * lightly edited: MinHash over 5-word shingles, LSH banding for candidates, then
 * the estimated Jaccard similarity against PX_DUP_JACCARD). The earliest copy
 * (by date, undated last, then store order) is the original. */
#include <stdlib.h>
#include <string.h>

#include "corpus/corpus_impl.h"

#define BUCKET_CAP 64 /* articles compared within one LSH bucket */
#define MIN_WORDS  20 /* shorter texts are left alone: too little to judge */

typedef struct entry {
    uint64_t key;
    uint32_t doc;
} entry;

static int by_key(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

double px__mh_jaccard(const px__cdoc *a, const px__cdoc *b)
{
    int same = 0;
    for (int k = 0; k < PX_MH; k++)
        same += a->mh[k] == b->mh[k];
    return (double)same / PX_MH;
}

static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Joins a and b; the root is the earlier article. */
static void join(px__corpus *c, uint32_t *parent, uint32_t a, uint32_t b)
{
    a = find(parent, a);
    b = find(parent, b);
    if (a == b)
        return;
    if (px__doc_before(&c->docs[a], &c->docs[b]))
        parent[b] = a;
    else
        parent[a] = b;
}

/* Compares the articles of each group of equal keys. */
static void join_groups(px__corpus *c, uint32_t *parent, entry *e, size_t n, int exact)
{
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && e[j].key == e[i].key)
            j++;
        size_t end = j - i > BUCKET_CAP ? i + BUCKET_CAP : j;
        for (size_t a = i; a < end; a++)
            for (size_t b = a + 1; b < end; b++) {
                const px__cdoc *x = &c->docs[e[a].doc], *y = &c->docs[e[b].doc];
                if (exact || px__mh_jaccard(x, y) >= PX_DUP_JACCARD)
                    join(c, parent, e[a].doc, e[b].doc);
            }
        i = j;
    }
}

px_status px__dedup(px__corpus *c, size_t *copies)
{
    *copies = 0;
    if (!c->n)
        return PX_OK;
    uint32_t *parent = px__malloc(c->n * sizeof *parent);
    entry *e = px__malloc(c->n * PX_MH_BANDS * sizeof *e);
    if (!parent || !e) {
        px__free(parent);
        px__free(e);
        return PX_ENOMEM;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        parent[i] = i;
        if (c->docs[i].exact)
            e[n++] = (entry){c->docs[i].exact, i};
    }
    qsort(e, n, sizeof *e, by_key);
    join_groups(c, parent, e, n, 1);
    const int rows = PX_MH / PX_MH_BANDS;
    n = 0;
    for (uint32_t i = 0; i < c->n; i++) {
        if (c->docs[i].n_words < MIN_WORDS)
            continue;
        for (int b = 0; b < PX_MH_BANDS; b++) {
            uint64_t k = px__hash64(&c->docs[i].mh[b * rows], rows * sizeof(uint32_t), (uint64_t)b);
            e[n++] = (entry){k, i};
        }
    }
    qsort(e, n, sizeof *e, by_key);
    join_groups(c, parent, e, n, 0);
    for (uint32_t i = 0; i < c->n; i++) {
        uint32_t r = find(parent, i);
        c->docs[i].dup_of = r == i ? -1 : (int32_t)r;
        *copies += r != i;
    }
    px__free(parent);
    px__free(e);
    return PX_OK;
}
