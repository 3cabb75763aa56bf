/* Quotations: learned attribution frames. A verb with a subject before it and
 * a complement after it (its ccomp, else xcomp, else obj) is an attribution
 * when its (lemma, frame) pair is in data/quotes/frames.tsv: the pairs whose
 * content PolNeAR train marks as attributed at least half of the time
 * ("X praised [Y]", "X vowed [to …]", "X acknowledged [that …]"). The list is
 * counted by tools/train_quote_frames.c with the same scan as here
 * (px__quote_frames_scan), off the document's parse. Runs after the patterns
 * and the parse pass: it adds only what they left. */
#include <stdlib.h>
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/quote.h"

struct px_qframes {
    char **keys; /* "lemma\tframe", sorted */
    size_t n;
    char *store;
};

static const char *const FRAME_NAMES[] = {"ccomp", "xcomp", "obj"};

const char *px__quote_frame_name(int frame)
{
    return frame >= 0 && frame < 3 ? FRAME_NAMES[frame] : "";
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void px__quote_frames_free(px_qframes *f)
{
    if (!f)
        return;
    px__free(f->keys);
    px__free(f->store);
    px__free(f);
}

px_status px__quote_frames_load(const char *path, px_buf *warn, px_qframes **out, char *errmsg)
{
    *out = NULL;
    uint8_t *buf;
    size_t len;
    px_status st = px__syn_read_file(path, &buf, &len, errmsg);
    if (st)
        return st;
    px_qframes *f = px__calloc(1, sizeof *f);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    if (f) {
        f->store = px__malloc(len + 1);
        f->keys = px__calloc(lines, sizeof *f->keys);
    }
    if (!f || !f->store || !f->keys) {
        px__quote_frames_free(f);
        px__free(buf);
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    }
    memcpy(f->store, buf, len);
    f->store[len] = 0;
    px__free(buf);
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t line = 0;
    for (char *p = f->store; p && *p && !st;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        line++;
        if (*p && *p != '#') {
            /* lemma TAB frame [TAB count TAB hits] */
            char *t1 = strchr(p, '\t');
            char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
            if (t2)
                *t2 = 0;
            int ok = t1 && t1 > p;
            if (ok) {
                ok = 0;
                for (int k = 0; k < 3; k++)
                    ok |= !strcmp(t1 + 1, FRAME_NAMES[k]);
            }
            if (ok)
                f->keys[f->n++] = p;
            else if (warn)
                st = px_buf_appendf(
                    warn, "%s:%zu: not \"lemma<TAB>ccomp|xcomp|obj\"; entry skipped\n", name, line);
        }
        p = nl ? nl + 1 : NULL;
    }
    if (st) {
        px__quote_frames_free(f);
        return px__fail(errmsg, st, "out of memory");
    }
    qsort(f->keys, f->n, sizeof *f->keys, cmp_key);
    *out = f;
    return PX_OK;
}

int px__quote_frame_key(px_slice lemma, int frame, char *out, size_t cap)
{
    const char *fn = px__quote_frame_name(frame);
    if (!*fn || lemma.len + strlen(fn) + 2 > cap)
        return 0;
    for (size_t i = 0; i < lemma.len; i++) {
        uint8_t c = lemma.ptr[i];
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c | 32 : c);
    }
    out[lemma.len] = '\t';
    strcpy(out + lemma.len + 1, fn);
    return 1;
}

int px__quote_frames_has(const px_qframes *f, px_slice lemma, int frame)
{
    char key[80];
    if (!f || !px__quote_frame_key(lemma, frame, key, sizeof key))
        return 0;
    const char *k = key;
    return bsearch(&k, f->keys, f->n, sizeof *f->keys, cmp_key) != NULL;
}

static int is_upos(const px_syn_model *m, uint16_t tag, const char *name)
{
    px_slice u = m->upos[tag];
    return u.len == strlen(name) && !memcmp(u.ptr, name, u.len);
}

px_status px__quote_frames_scan(px_doc *d, px_qframe_fn fn, void *ud)
{
    const struct px_syntax *y = d->syn;
    if (!y || !y->n)
        return PX_OK;
    const px_syn_model *m = y->model;
    int rel[4];
    for (int k = 0; k < 3; k++)
        rel[k] = px__syn_rel_id(m, px_slice_cstr(FRAME_NAMES[k]));
    rel[3] = px__syn_rel_id(m, PX_SLICE_LIT("nsubj"));
    /* per word: its subtree's first and last word, its first child of each
     * complement relation and of nsubj (-1: none) */
    uint32_t *lo = px__malloc(y->n * sizeof *lo), *hi = px__malloc(y->n * sizeof *hi);
    int32_t *ch = px__malloc(y->n * 4 * sizeof *ch);
    px_status st = lo && hi && ch ? PX_OK : PX_ENOMEM;
    for (size_t s = 0; s < y->n_sents && !st; s++) {
        uint32_t a = y->sent_first[s], b = y->sent_first[s + 1];
        for (uint32_t w = a; w < b; w++) {
            lo[w] = hi[w] = w;
            for (int k = 0; k < 4; k++)
                ch[4 * w + k] = -1;
        }
        /* linear in the words times the tree depth, which the chunked
         * parser bounds (PX_SYN_MAXW) */
        for (uint32_t w = a; w < b; w++) {
            int32_t h = y->w[w].head;
            if (h >= (int32_t)a && h < (int32_t)b)
                for (int k = 0; k < 4; k++)
                    if (rel[k] >= 0 && y->w[w].rel == rel[k] && ch[4 * h + k] < 0)
                        ch[4 * h + k] = (int32_t)w;
            for (size_t k = 0; h >= (int32_t)a && h < (int32_t)b && k < b - a; k++) {
                if (w < lo[h])
                    lo[h] = w;
                if (w > hi[h])
                    hi[h] = w;
                h = y->w[h].head;
            }
        }
        for (uint32_t v = a; v < b && !st; v++) {
            const int32_t *c = ch + 4 * v;
            int frame = c[0] >= 0 ? 0 : c[1] >= 0 ? 1 : c[2] >= 0 ? 2 : -1;
            int32_t sj = c[3];
            if (frame < 0 || sj < 0 || hi[sj] >= v || !is_upos(m, y->w[v].tag, "VERB"))
                continue;
            uint32_t cl = lo[c[frame]], chi = hi[c[frame]];
            if (cl <= v)
                continue;
            while (chi > cl && is_upos(m, y->w[chi].tag, "PUNCT"))
                chi--;
            px_slice lemma = y->w[v].lemma.ptr ? y->w[v].lemma
                                               : (px_slice){d->text.ptr + y->w[v].start,
                                                            y->w[v].end - y->w[v].start};
            px_qframe q = {.lemma = lemma,
                           .frame = frame,
                           .cue = {y->w[v].start, y->w[v].end},
                           .content = {y->w[cl].start, y->w[chi].end},
                           .subject = {y->w[lo[sj]].start, y->w[hi[sj]].end}};
            st = fn(ud, &q);
        }
    }
    px__free(lo);
    px__free(hi);
    px__free(ch);
    return st;
}

static int free_range(const px_qctx *c, px_trange r, int content)
{
    if (r.hi <= r.lo)
        return 0;
    for (uint32_t i = r.lo; i < r.hi; i++)
        if (c->inq[i] || c->inc[i] || (content && c->used[i]))
            return 0;
    return 1;
}

static px_status emit_frame(void *ud, const px_qframe *q)
{
    px_qctx *c = ud;
    const px_doc *d = c->d;
    if (!px__quote_frames_has(c->res->frames, q->lemma, q->frame))
        return PX_OK;
    px_trange cue = {px__doc_tok_at(d, q->cue.start), px__doc_tok_at(d, q->cue.end)};
    px_trange content = {px__doc_tok_at(d, q->content.start), px__doc_tok_at(d, q->content.end)};
    px_trange src = {px__doc_tok_at(d, q->subject.start), px__doc_tok_at(d, q->subject.end)};
    if (!free_range(c, content, 1) || !free_range(c, cue, 1) || !free_range(c, src, 0))
        return PX_OK;
    /* raising verbs have no source: "X seems [clear]" is attributed to
     * nobody (PolNeAR marks the subject as part of what is attributed) */
    if (px_slice_eq(q->lemma, PX_SLICE_LIT("seem")) ||
        px_slice_eq(q->lemma, PX_SLICE_LIT("appear")))
        src = (px_trange){0, 0};
    px_span sp = px__quote_span(d, content);
    return px__quote_emit(c, &sp, 1, cue, src, 0);
}

px_status px__quote_frames(px_qctx *c)
{
    if (!c->res->frames || !c->d->syn)
        return PX_OK;
    return px__quote_frames_scan(c->d, emit_frame, c);
}
