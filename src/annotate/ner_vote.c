/* The tagger's labels of one document made consistent (parallax tag
 * --conll, eval ner): a name tagged one way keeps that type in the document
 * (majority vote by folded key), and a surname alone is a person when the
 * document names that person in full. In annotate the entity grouping does
 * the same on mentions (majority type per entity, surnames join persons). */
#include <string.h>

#include "annotate/entity.h"

typedef struct vchunk {
    size_t start, end; /* words [start, end) */
    size_t k0, kn;     /* folded key in the key buffer */
    int type;          /* 1 PER, 2 ORG, 3 LOC, 4 MISC */
} vchunk;

static int type_of(uint8_t l)
{
    return l ? (l + 1) / 2 : 0;
}

px_status px__ner_vote(px_folder *f, const px_slice *w, uint8_t *lab, const size_t *sn, size_t ns)
{
    size_t n = 0;
    for (size_t k = 0; k < ns; k++)
        n += sn[k];
    size_t nc = 0;
    for (size_t i = 0; i < n; i++)
        nc += lab[i] && (lab[i] & 1); /* B- labels are odd */
    if (nc < 2)
        return PX_OK;
    vchunk *ch = px__calloc(nc, sizeof *ch);
    if (!ch)
        return PX_ENOMEM;
    px_buf keys;
    px_buf_init(&keys, 0);
    px_status st = PX_OK;
    size_t m = 0;
    for (size_t i = 0; i < n && !st;) {
        if (!lab[i] || !(lab[i] & 1)) {
            i++;
            continue;
        }
        int t = type_of(lab[i]);
        size_t e = i + 1;
        while (e < n && lab[e] == (uint8_t)(2 * t))
            e++;
        vchunk *c = &ch[m++];
        c->start = i;
        c->end = e;
        c->type = t;
        c->k0 = keys.len;
        for (size_t j = i; j < e && !st; j++) {
            if (j > i)
                st = px_buf_append_byte(&keys, ' ');
            if (!st)
                st = px__utf8_valid_prefix(w[j].ptr, w[j].len) == w[j].len
                         ? px__fold_buf(f, w[j], &keys)
                         : px_buf_append(&keys, w[j].ptr, w[j].len);
        }
        c->kn = keys.len - c->k0;
        i = e;
    }
    /* the vote: a chunk takes the type most chunks of its key have, when
     * that type has strictly more votes than its own */
    int *newt = px__calloc(m ? m : 1, sizeof *newt);
    if (!newt)
        st = PX_ENOMEM;
    for (size_t a = 0; a < m && !st; a++) {
        size_t cnt[5] = {0};
        for (size_t b = 0; b < m; b++)
            if (ch[b].kn == ch[a].kn && !memcmp(keys.ptr + ch[b].k0, keys.ptr + ch[a].k0, ch[a].kn))
                cnt[ch[b].type]++;
        int best = ch[a].type;
        for (int t = 1; t <= 4; t++)
            if (cnt[t] > cnt[best])
                best = t;
        /* a one-word chunk that is the last word of longer person chunks
         * and never a person itself is a person ("Clinton" after "Bill
         * Clinton"); for other types this measured worse (CoNLL team
         * names: "Leeds United" ... "Leeds") */
        if (ch[a].end == ch[a].start + 1) {
            size_t sub[5] = {0};
            for (size_t b = 0; b < m; b++) {
                if (ch[b].end - ch[b].start < 2)
                    continue;
                const px_slice *lw = &w[ch[b].end - 1], *aw = &w[ch[a].start];
                if (lw->len == aw->len && !memcmp(lw->ptr, aw->ptr, lw->len))
                    sub[ch[b].type]++;
            }
            int nt = 0, u = 0;
            for (int t = 1; t <= 4; t++)
                if (sub[t])
                    nt++, u = t;
            if (nt == 1 && u == 1 && cnt[u] == 0)
                best = u;
        }
        newt[a] = best;
    }
    for (size_t a = 0; a < m && !st; a++)
        if (newt[a] != ch[a].type) {
            lab[ch[a].start] = (uint8_t)(2 * newt[a] - 1);
            for (size_t j = ch[a].start + 1; j < ch[a].end; j++)
                lab[j] = (uint8_t)(2 * newt[a]);
        }
    px__free(newt);
    px__free(ch);
    px_buf_free(&keys);
    return st;
}
