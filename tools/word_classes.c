/* word_classes: learns word classes (clusters) from unlabelled text with the
 * exchange algorithm (Kneser and Ney 1993; Martin, Liermann and Ney 1998):
 * classes start as the C - 1 most frequent words alone and all others
 * together; each word in turn (by frequency) moves to the class that most
 * raises the likelihood of the class bigram model P(w | v) = P(c(w) | c(v))
 * P(w | c(w)), until few words move in a pass. Brown clustering gives a
 * hierarchy but costs C^2 per merge; the exchange algorithm gives flat classes
 * of similar use to a tagger or parser in a few seconds per pass, and it is a
 * page of C (no Debian package does it), so we build it here.
 *
 *   word_classes [-c classes] [-v max words] [-m min count] [-i passes]
 *                -o OUT.tsv INPUT...
 *
 * Inputs are articles (any file `parallax annotate` reads: .jsonl, .jsonl.zst,
 * ...) split into sentences and UD words as the syntax layer splits them, or
 * CoNLL-U files (.conllu, .conllu.gz: the word forms only). Words are
 * lower-cased (ASCII) as the tagger's word key is. Output: one line per word,
 * "class<TAB>word<TAB>count", by class then count; deterministic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parallax/ingest.h"
#include "annotate/annotate.h"

#define MAXLEN 64

static void *xcalloc(size_t n, size_t k)
{
    void *p = calloc(n ? n : 1, k);
    if (!p) {
        fprintf(stderr, "word_classes: out of memory\n");
        exit(1);
    }
    return p;
}

/* ---- interning lower-cased words ---- */

typedef struct vocab {
    uint64_t *hash; /* slot -> hash, 0 empty */
    uint32_t *slot_id;
    uint32_t cap, n;
    uint32_t *off, *len; /* id -> bytes in text */
    uint64_t *count;
    uint8_t *text;
    size_t tlen, tcap;
    uint32_t idcap;
} vocab;

static uint64_t word_hash(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    h = px__syn_mix(h + n);
    return h ? h : 1;
}

static void vocab_grow(vocab *v)
{
    uint32_t cap = v->cap ? v->cap * 2 : 1 << 16;
    uint64_t *h = xcalloc(cap, sizeof *h);
    uint32_t *id = xcalloc(cap, sizeof *id);
    for (uint32_t i = 0; i < v->cap; i++)
        if (v->hash[i]) {
            uint32_t s = (uint32_t)v->hash[i] & (cap - 1);
            while (h[s])
                s = (s + 1) & (cap - 1);
            h[s] = v->hash[i];
            id[s] = v->slot_id[i];
        }
    free(v->hash);
    free(v->slot_id);
    v->hash = h;
    v->slot_id = id;
    v->cap = cap;
}

/* Id of the lower-cased word p[0..n) (added when new). */
static uint32_t intern(vocab *v, const uint8_t *p, size_t n)
{
    uint8_t low[MAXLEN];
    for (size_t i = 0; i < n; i++)
        low[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (uint8_t)(p[i] | 32) : p[i];
    if ((v->n + 1) * 2 > v->cap)
        vocab_grow(v);
    uint64_t h = word_hash(low, n);
    uint32_t s = (uint32_t)h & (v->cap - 1);
    while (v->hash[s]) {
        uint32_t id = v->slot_id[s];
        if (v->hash[s] == h && v->len[id] == n && !memcmp(v->text + v->off[id], low, n)) {
            v->count[id]++;
            return id;
        }
        s = (s + 1) & (v->cap - 1);
    }
    if (v->n == v->idcap) {
        v->idcap = v->idcap ? v->idcap * 2 : 1 << 16;
        v->off = realloc(v->off, v->idcap * sizeof *v->off);
        v->len = realloc(v->len, v->idcap * sizeof *v->len);
        v->count = realloc(v->count, v->idcap * sizeof *v->count);
        if (!v->off || !v->len || !v->count)
            exit(1);
    }
    if (v->tlen + n > v->tcap) {
        v->tcap = v->tcap ? v->tcap * 2 : 1 << 20;
        v->text = realloc(v->text, v->tcap);
        if (!v->text)
            exit(1);
    }
    memcpy(v->text + v->tlen, low, n);
    uint32_t id = v->n++;
    v->off[id] = (uint32_t)v->tlen;
    v->len[id] = (uint32_t)n;
    v->count[id] = 1;
    v->tlen += n;
    v->hash[s] = h;
    v->slot_id[s] = id;
    return id;
}

/* ---- the token stream: word ids + 1, 0 between sentences ---- */

typedef struct stream {
    uint32_t *id;
    size_t n, cap;
} stream;

static void put(stream *s, uint32_t x)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1 << 20;
        s->id = realloc(s->id, s->cap * sizeof *s->id);
        if (!s->id)
            exit(1);
    }
    s->id[s->n++] = x;
}

static void add_word(vocab *v, stream *s, const uint8_t *p, size_t n)
{
    if (n == 0 || n > MAXLEN)
        put(s, UINT32_MAX); /* an unknown word */
    else
        put(s, intern(v, p, n) + 1);
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

static void read_conllu(const char *path, vocab *v, stream *s)
{
    char err[PX_ERRMSG_SIZE];
    uint8_t *buf;
    size_t len;
    if (px__syn_read_file(path, &buf, &len, err)) {
        fprintf(stderr, "word_classes: %s\n", err);
        exit(1);
    }
    size_t pos = 0, line = 1, blen, first;
    const uint8_t *block;
    px_conllu_sent cs = {0};
    while (px__conllu_next_block(buf, len, &pos, &line, &block, &blen, &first)) {
        if (px__conllu_parse(&cs, block, blen, first, err))
            continue;
        for (size_t i = 0; i < cs.n; i++)
            add_word(v, s, cs.w[i].form.ptr, cs.w[i].form.len);
        put(s, 0);
    }
    px__conllu_sent_free(&cs);
    px__free(buf);
}

static void read_articles(const char *path, vocab *v, stream *s)
{
    char err[PX_ERRMSG_SIZE] = "";
    px_engine *e;
    px_engine_options eo = {.no_analyses = 1};
    if (px_engine_new(&e, &eo, err)) {
        fprintf(stderr, "word_classes: %s\n", err);
        exit(1);
    }
    px_reader_options ro = {0};
    px_reader *rd;
    char *paths[] = {(char *)path};
    if (px_reader_new(&rd, &ro, paths, 1)) {
        fprintf(stderr, "word_classes: cannot read %s\n", path);
        exit(1);
    }
    px_syn_words b = {0};
    for (;;) {
        px_article a;
        int got;
        if (px_reader_next(rd, &a, &got) || !got)
            break;
        px_doc *d;
        if (px_doc_new(e, &a, &d))
            continue;
        if (px__syntax_words(d, &b) == PX_OK)
            for (size_t i = 0; i < b.n; i++) {
                if (i > 0 && b.tok[i] != b.tok[i - 1] &&
                    (d->toks[b.tok[i]].flags & PX_TF_SENTSTART))
                    put(s, 0);
                add_word(v, s, b.w[i].p, b.w[i].n);
            }
        put(s, 0);
        px_doc_free(d);
    }
    px__syn_words_free(&b);
    px_reader_free(rd);
    px_engine_free(e);
}

/* ---- the exchange algorithm ---- */

static const vocab *order_v;
static int cmp_freq(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const vocab *v = order_v;
    if (v->count[x] != v->count[y])
        return v->count[x] > v->count[y] ? -1 : 1;
    size_t m = v->len[x] < v->len[y] ? v->len[x] : v->len[y];
    int c = memcmp(v->text + v->off[x], v->text + v->off[y], m);
    return c ? c : (v->len[x] < v->len[y] ? -1 : v->len[x] > v->len[y]);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Neighbour lists: the words following (or preceding) word w are
 * id[start[w] .. start[w + 1]) with bigram counts n[]. */
typedef struct adj {
    uint32_t *start, *id, *n;
} adj;

/* From bigram keys (w << 32 | neighbour), sorted here; adds the counts of w
 * into cnt when given. */
static void build_adj(adj *a, uint64_t *bg, size_t nb, uint32_t NW, int64_t *cnt)
{
    qsort(bg, nb, sizeof *bg, cmp_u64);
    a->start = xcalloc(NW + 1, sizeof *a->start);
    a->id = xcalloc(nb + 1, sizeof *a->id);
    a->n = xcalloc(nb + 1, sizeof *a->n);
    size_t np = 0;
    for (size_t i = 0; i < nb;) {
        size_t j = i;
        while (j < nb && bg[j] == bg[i])
            j++;
        uint32_t w = (uint32_t)(bg[i] >> 32);
        a->start[w + 1]++;
        a->id[np] = (uint32_t)bg[i];
        a->n[np] = (uint32_t)(j - i);
        if (cnt)
            cnt[w] += (int64_t)(j - i);
        np++;
        i = j;
    }
    for (uint32_t w = 0; w < NW; w++)
        a->start[w + 1] += a->start[w];
}

#define GTAB (1u << 22)
static double *gtab;
static inline double g(int64_t x)
{
    return x < (int64_t)GTAB ? gtab[x] : (double)x * log((double)x);
}

typedef struct opts {
    uint32_t classes, maxwords, mincount, passes;
} opts;

static void usage(void)
{
    fprintf(stderr, "usage: word_classes [-c classes] [-v max words] [-m min count] [-i passes] "
                    "-o OUT.tsv INPUT...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    opts o = {256, 60000, 3, 12};
    const char *outp = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (i + 1 >= argc)
            usage();
        char c = argv[i][1];
        const char *val = argv[++i];
        if (c == 'c')
            o.classes = (uint32_t)atol(val);
        else if (c == 'v')
            o.maxwords = (uint32_t)atol(val);
        else if (c == 'm')
            o.mincount = (uint32_t)atol(val);
        else if (c == 'i')
            o.passes = (uint32_t)atol(val);
        else if (c == 'o')
            outp = val;
        else
            usage();
    }
    if (!outp || i >= argc || o.classes < 2 || o.classes > 4096)
        usage();
    vocab v = {0};
    stream s = {0};
    put(&s, 0);
    for (; i < argc; i++) {
        if (ends_with(argv[i], ".conllu") || ends_with(argv[i], ".conllu.gz"))
            read_conllu(argv[i], &v, &s);
        else
            read_articles(argv[i], &v, &s);
        fprintf(stderr, "%s: %zu tokens, %u distinct words so far\n", argv[i], s.n, v.n);
    }

    /* Word ids 0..W-1 by frequency; W = the unknown word; W + 1 = the
     * sentence boundary. */
    uint32_t *byfreq = xcalloc(v.n, sizeof *byfreq);
    for (uint32_t a = 0; a < v.n; a++)
        byfreq[a] = a;
    order_v = &v;
    qsort(byfreq, v.n, sizeof *byfreq, cmp_freq);
    uint32_t W = 0;
    while (W < v.n && W < o.maxwords && v.count[byfreq[W]] >= o.mincount)
        W++;
    uint32_t *map = xcalloc(v.n, sizeof *map);
    for (uint32_t a = 0; a < v.n; a++)
        map[a] = W;
    for (uint32_t a = 0; a < W; a++)
        map[byfreq[a]] = a;
    uint32_t NW = W + 2, C = o.classes;
    for (size_t a = 0; a < s.n; a++)
        s.id[a] = s.id[a] == 0 ? W + 1 : s.id[a] == UINT32_MAX ? W : map[s.id[a] - 1];

    /* Bigrams with counts: by the previous word (successor lists) and by the
     * next word (predecessor lists). */
    uint64_t *bg = xcalloc(s.n, sizeof *bg);
    size_t nb = 0;
    for (size_t a = 1; a < s.n; a++)
        if (!(s.id[a] == W + 1 && s.id[a - 1] == W + 1))
            bg[nb++] = (uint64_t)s.id[a - 1] << 32 | s.id[a];
    adj succ, pred;
    int64_t *cnt = xcalloc(NW, sizeof *cnt);
    build_adj(&succ, bg, nb, NW, NULL);
    for (size_t a = 0; a < nb; a++)
        bg[a] = bg[a] << 32 | bg[a] >> 32;
    build_adj(&pred, bg, nb, NW, cnt);
    free(bg);
    fprintf(stderr, "%u words kept (count >= %u), %u distinct bigrams, %u classes\n", W, o.mincount,
            succ.start[NW], C);

    gtab = xcalloc(GTAB, sizeof *gtab);
    for (uint32_t x = 1; x < GTAB; x++)
        gtab[x] = (double)x * log((double)x);
    uint32_t *cls = xcalloc(NW, sizeof *cls);
    int64_t *Nc = xcalloc(C, sizeof *Nc);
    int64_t *CC = xcalloc((size_t)C * C, sizeof *CC); /* CC[c * C + d]: class c then d */
    for (uint32_t w = 0; w < NW; w++)
        cls[w] = w < C ? w : C - 1; /* the C - 1 most frequent words alone, the rest together */
    for (uint32_t w = 0; w < NW; w++) {
        Nc[cls[w]] += cnt[w];
        for (uint32_t q = succ.start[w]; q < succ.start[w + 1]; q++)
            CC[(size_t)cls[w] * C + cls[succ.id[q]]] += succ.n[q];
    }
    double *gain = xcalloc(C, sizeof *gain);
    int64_t *sv = xcalloc(C, sizeof *sv), *pvv = xcalloc(C, sizeof *pvv);
    uint32_t *snz = xcalloc(C, sizeof *snz), *pnz = xcalloc(C, sizeof *pnz);
    for (uint32_t pass = 0; pass < o.passes; pass++) {
        size_t moved = 0;
        for (uint32_t w = 0; w < NW; w++) {
            uint32_t a = cls[w], ns = 0, npz = 0;
            int64_t self = 0;
            for (uint32_t q = succ.start[w]; q < succ.start[w + 1]; q++) {
                uint32_t x = succ.id[q], d = cls[x];
                if (x == w) {
                    self += succ.n[q];
                    continue;
                }
                if (!sv[d])
                    snz[ns++] = d;
                sv[d] += succ.n[q];
            }
            for (uint32_t q = pred.start[w]; q < pred.start[w + 1]; q++) {
                uint32_t x = pred.id[q], c = cls[x];
                if (x == w)
                    continue;
                if (!pvv[c])
                    pnz[npz++] = c;
                pvv[c] += pred.n[q];
            }
            /* take w out of class a */
            for (uint32_t k = 0; k < ns; k++)
                CC[(size_t)a * C + snz[k]] -= sv[snz[k]];
            for (uint32_t k = 0; k < npz; k++)
                CC[(size_t)pnz[k] * C + a] -= pvv[pnz[k]];
            CC[(size_t)a * C + a] -= self;
            Nc[a] -= cnt[w];
            /* the gain of putting it into each class b */
            for (uint32_t b = 0; b < C; b++)
                gain[b] = 2 * (g(Nc[b]) - g(Nc[b] + cnt[w]));
            for (uint32_t k = 0; k < ns; k++) {
                uint32_t d = snz[k];
                int64_t n = sv[d];
                for (uint32_t b = 0; b < C; b++) {
                    int64_t x = CC[(size_t)b * C + d];
                    gain[b] += g(x + n) - g(x);
                }
            }
            for (uint32_t k = 0; k < npz; k++) {
                const int64_t *row = CC + (size_t)pnz[k] * C;
                int64_t n = pvv[pnz[k]];
                for (uint32_t b = 0; b < C; b++)
                    gain[b] += g(row[b] + n) - g(row[b]);
            }
            for (uint32_t b = 0; b < C; b++) { /* the cell (b, b) counted once */
                int64_t x = CC[(size_t)b * C + b];
                if (sv[b])
                    gain[b] -= g(x + sv[b]) - g(x);
                if (pvv[b])
                    gain[b] -= g(x + pvv[b]) - g(x);
                gain[b] += g(x + sv[b] + pvv[b] + self) - g(x);
            }
            uint32_t best = a;
            for (uint32_t b = 0; b < C; b++)
                if (gain[b] > gain[best] + 1e-7)
                    best = b;
            moved += best != a;
            cls[w] = best;
            for (uint32_t k = 0; k < ns; k++)
                CC[(size_t)best * C + snz[k]] += sv[snz[k]];
            for (uint32_t k = 0; k < npz; k++)
                CC[(size_t)pnz[k] * C + best] += pvv[pnz[k]];
            CC[(size_t)best * C + best] += self;
            Nc[best] += cnt[w];
            for (uint32_t k = 0; k < ns; k++)
                sv[snz[k]] = 0;
            for (uint32_t k = 0; k < npz; k++)
                pvv[pnz[k]] = 0;
        }
        double ll = 0;
        for (size_t x = 0; x < (size_t)C * C; x++)
            ll += g(CC[x]);
        for (uint32_t c = 0; c < C; c++)
            ll -= 2 * g(Nc[c]);
        fprintf(stderr, "pass %u: %zu words moved, objective %.8g\n", pass + 1, moved, ll);
        if (moved * 1000 < NW)
            break;
    }

    /* Classes renumbered by their most frequent word; lines by class, then
     * by word frequency. */
    uint32_t *ren = xcalloc(C, sizeof *ren);
    for (uint32_t c = 0; c < C; c++)
        ren[c] = UINT32_MAX;
    uint32_t next = 0;
    for (uint32_t w = 0; w < W; w++)
        if (ren[cls[w]] == UINT32_MAX)
            ren[cls[w]] = next++;
    FILE *f = fopen(outp, "w");
    if (!f) {
        fprintf(stderr, "word_classes: cannot write %s\n", outp);
        return 1;
    }
    for (uint32_t c = 0; c < next; c++)
        for (uint32_t w = 0; w < W; w++)
            if (ren[cls[w]] == c) {
                uint32_t id = byfreq[w];
                fprintf(f, "%u\t%.*s\t%llu\n", c, (int)v.len[id], (const char *)v.text + v.off[id],
                        (unsigned long long)v.count[id]);
            }
    if (fclose(f)) {
        fprintf(stderr, "word_classes: cannot write %s\n", outp);
        return 1;
    }
    fprintf(stderr, "wrote %s: %u words in %u classes\n", outp, W, next);
    free(ren), free(gain), free(CC), free(Nc), free(cls), free(gtab), free(cnt);
    free(sv), free(pvv), free(snz), free(pnz), free(map), free(byfreq), free(s.id);
    free(succ.start), free(succ.id), free(succ.n), free(pred.start), free(pred.id), free(pred.n);
    free(v.hash), free(v.slot_id), free(v.off), free(v.len), free(v.count), free(v.text);
    return 0;
}
