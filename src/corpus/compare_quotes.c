/* Compare: quote provenance. The same quotation across the story's articles is
 * found by word containment (tolerant of trimmed and spliced variants): who said
 * it, the first article that carried it (time order), and each later carrier
 * with verbatim and a word-level diff (longest common subsequence). */
#include <stdlib.h>
#include <string.h>

#include "corpus/compare_impl.h"

#define MAX_WORDS  256 /* words of a quote compared */
#define MIN_WORDS  3   /* quotes with fewer content words are not matched */
#define MATCH      0.6 /* shared content words / those of the shorter quote */
#define MAX_QUOTES 100 /* quotations listed per story */

typedef struct qword {
    uint64_t h;          /* hash of the lower-cased word */
    uint32_t start, end; /* bytes in the article text */
    uint8_t content;     /* not a stop word */
} qword;

typedef struct quote {
    uint32_t art;
    const px_quote *q;
    qword *w;
    uint32_t n;
    const char *speaker; /* folded key of the speaker entity, or NULL */
    int32_t group;
    uint64_t *cw; /* content word hashes, sorted (for matching) */
    uint32_t n_cw;
} quote;

typedef struct wpass {
    qword *w;
    uint32_t n;
    uint32_t base;
} wpass;

static int on_word(void *ud, px_slice word, size_t start, size_t end, int is_num)
{
    (void)is_num;
    wpass *p = ud;
    if (p->n >= MAX_WORDS)
        return 1;
    p->w[p->n++] = (qword){px__hash64(word.ptr, word.len, 3), (uint32_t)(p->base + start),
                           (uint32_t)(p->base + end), (uint8_t)!px__is_stop(word)};
    return 0;
}

static const char *speaker_key(const px__cart *a, const px_quote *q)
{
    if (q->speaker < 0 || (size_t)q->speaker >= a->rec.n_entities)
        return NULL;
    const px_slice *id = &a->rec.entity_ids[q->speaker];
    if (!id->ptr || id->ptr[0] != 'e')
        return NULL;
    return (const char *)a->rec.entities[q->speaker].key.ptr;
}

static int by_hash(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The words of a quote's content spans. */
static px_status quote_words(px__cmp *m, quote *x)
{
    const px__cart *a = &m->a[x->art];
    wpass p = {PX_ARENA_NEW(m->arena, qword, MAX_WORDS), 0, 0};
    if (!p.w)
        return PX_ENOMEM;
    for (uint32_t i = 0; i < x->q->n_content; i++) {
        px_slice t = px__cmp_span(a, x->q->content[i]);
        if (!t.ptr)
            continue;
        p.base = (uint32_t)(t.ptr - a->text.ptr);
        px__words(t, on_word, &p);
    }
    x->w = p.w;
    x->n = p.n;
    x->cw = PX_ARENA_NEW(m->arena, uint64_t, p.n + 1);
    if (!x->cw)
        return PX_ENOMEM;
    x->n_cw = 0;
    for (uint32_t i = 0; i < p.n; i++)
        if (p.w[i].content)
            x->cw[x->n_cw++] = p.w[i].h;
    qsort(x->cw, x->n_cw, sizeof *x->cw, by_hash);
    return PX_OK;
}

/* Shared content words (as multisets) over the content words of the shorter
 * quote; 0 when either has fewer than MIN_WORDS. */
static double overlap(const quote *a, const quote *b)
{
    uint32_t na = a->n_cw, nb = b->n_cw;
    if (na < MIN_WORDS || nb < MIN_WORDS)
        return 0;
    uint32_t i = 0, j = 0, same = 0;
    while (i < na && j < nb) {
        if (a->cw[i] == b->cw[j])
            same++, i++, j++;
        else if (a->cw[i] < b->cw[j])
            i++;
        else
            j++;
    }
    return (double)same / (na < nb ? na : nb);
}

/* Collects the direct quotes of the compared originals, in time order. */
static px_status collect(px__cmp *m, quote **out, size_t *n)
{
    size_t cap = 16;
    quote *v = px__malloc(cap * sizeof *v);
    *n = 0;
    for (size_t i = 0; v && i < m->n; i++) {
        if (m->a[i].copy)
            continue;
        for (size_t k = 0; k < m->a[i].rec.n_quotes; k++) {
            const px_quote *q = &m->a[i].rec.quotes[k];
            if (*n == cap) {
                quote *nv = px__realloc(v, (cap *= 2) * sizeof *v);
                if (!nv)
                    break;
                v = nv;
            }
            quote *x = &v[*n];
            *x = (quote){.art = (uint32_t)i, .q = q, .group = -1};
            x->speaker = speaker_key(&m->a[i], q);
            if (quote_words(m, x))
                break;
            if (x->n)
                (*n)++;
        }
    }
    *out = v;
    return v ? PX_OK : PX_ENOMEM;
}

/* Appends one run of the diff: ["-", "removed words"] or ["+", "added words"]. */
static px_status put_run(px_buf *out, char op, px_slice text, int *first)
{
    px_status e = px_buf_appendf(out, "%s[\"%c\",", *first ? "" : ",", op);
    *first = 0;
    if (!e)
        e = px__json_str(out, text);
    return e ? e : px_buf_append_byte(out, ']');
}

/* Word-level diff of b against a (longest common subsequence): the runs of
 * removed and added words, in order. */
static px_status write_changes(const px__cmp *m, const quote *a, const quote *b, px_buf *out)
{
    uint32_t na = a->n, nb = b->n;
    uint16_t *L = px__calloc((size_t)(na + 1) * (nb + 1), sizeof *L);
    if (!L)
        return PX_ENOMEM;
#define AT(i, j) L[(size_t)(i) * (nb + 1) + (j)]
    for (uint32_t i = na; i-- > 0;)
        for (uint32_t j = nb; j-- > 0;)
            AT(i, j) = a->w[i].h == b->w[j].h        ? (uint16_t)(AT(i + 1, j + 1) + 1)
                       : AT(i + 1, j) > AT(i, j + 1) ? AT(i + 1, j)
                                                     : AT(i, j + 1);
    px_status e = px_buf_append_byte(out, '[');
    uint32_t i = 0, j = 0, rs = 0, re = 0;
    const uint8_t *rtext = NULL;
    char prev = '=';
    int first = 1;
    while (!e && (i < na || j < nb)) {
        char op;
        const qword *w = NULL;
        const uint8_t *text;
        if (i < na && j < nb && a->w[i].h == b->w[j].h) {
            op = '=';
            i++, j++;
        } else if (i < na && (j == nb || AT(i + 1, j) >= AT(i, j + 1))) {
            op = '-';
            w = &a->w[i++];
        } else {
            op = '+';
            w = &b->w[j++];
        }
        if (op != prev && prev != '=')
            e = put_run(out, prev, (px_slice){rtext + rs, re - rs}, &first);
        if (w) {
            text = m->a[op == '-' ? a->art : b->art].text.ptr;
            if (op != prev) {
                rs = w->start;
                rtext = text;
            }
            re = w->end;
        }
        prev = op;
    }
    if (!e && prev != '=')
        e = put_run(out, prev, (px_slice){rtext + rs, re - rs}, &first);
#undef AT
    px__free(L);
    return e ? e : px_buf_append_byte(out, ']');
}

static px_status write_spans(const px_quote *q, px_buf *out)
{
    px_status e = px_buf_append_byte(out, '[');
    int first = 1;
    for (uint32_t i = 0; i < q->n_content && !e; i++) {
        e = px_buf_appendf(out, "%s[%lu,%lu]", first ? "" : ",", (unsigned long)q->content[i].start,
                           (unsigned long)q->content[i].end);
        first = 0;
    }
    return e ? e : px_buf_append_byte(out, ']');
}

static int same_words(const quote *a, const quote *b)
{
    if (a->n != b->n)
        return 0;
    for (uint32_t i = 0; i < a->n; i++)
        if (a->w[i].h != b->w[i].h)
            return 0;
    return 1;
}

/* The quotation's words as the first carrier printed them, its spans joined
 * by " … ". */
static px_status quote_text(const px__cart *a, const px_quote *q, px_buf *out)
{
    px_buf t;
    px_buf_init(&t, 0);
    px_status e = PX_OK;
    for (uint32_t i = 0; i < q->n_content; i++) {
        px_slice s = px__cmp_span(a, q->content[i]);
        if (!s.ptr || e)
            continue;
        if (t.len)
            e = px_buf_append_str(&t, " … ");
        if (!e)
            e = px_buf_append(&t, s.ptr, s.len);
    }
    if (!e)
        e = px__json_str(out, px_buf_slice(&t));
    px_buf_free(&t);
    return e;
}

/* One quotation: its first carrier and every later one. */
static px_status write_group(const px__cmp *m, const quote *v, size_t n, size_t g, px_buf *out)
{
    const quote *first = &v[g];
    const char *speaker = NULL;
    for (size_t i = g; i < n && !speaker; i++)
        if (v[i].group == (int32_t)g)
            speaker = v[i].speaker;
    px_status e = px_buf_append_str(out, "{\"speaker\":");
    if (!e)
        e = px__json_str(out, speaker ? px_slice_cstr(speaker) : PX_SLICE_NULL);
    if (!e && !(e = px_buf_append_str(out, ",\"first\":")))
        e = px__json_str(out, m->a[first->art].id);
    if (!e && !(e = px_buf_append_str(out, ",\"outlet\":")))
        e = px__json_str(out, m->a[first->art].outlet);
    if (!e && !(e = px_buf_append_str(out, ",\"span\":")))
        e = write_spans(first->q, out);
    if (!e && !(e = px_buf_append_str(out, ",\"text\":")))
        e = quote_text(&m->a[first->art], first->q, out);
    if (!e)
        e = px_buf_append_str(out, ",\"carried\":[");
    int comma = 0;
    for (size_t i = g + 1; i < n && !e; i++) {
        if (v[i].group != (int32_t)g)
            continue;
        e = px_buf_append_str(out, comma ? ",{\"article\":" : "{\"article\":");
        if (!e && !(e = px__json_str(out, m->a[v[i].art].id)))
            e = px_buf_append_str(out, ",\"outlet\":");
        if (!e && !(e = px__json_str(out, m->a[v[i].art].outlet)))
            e = px_buf_append_str(out, ",\"span\":");
        if (!e)
            e = write_spans(v[i].q, out);
        if (!e)
            e = px_buf_appendf(
                out, ",\"verbatim\":%s,\"changes\":", same_words(first, &v[i]) ? "true" : "false");
        if (!e)
            e = write_changes(m, first, &v[i], out);
        if (!e)
            e = px_buf_append_byte(out, '}');
        comma = 1;
    }
    return e ? e : px_buf_append_str(out, "]}");
}

px_status px__cmp_quotes(px__cmp *m, px_buf *out)
{
    quote *v;
    size_t n;
    px_status e = collect(m, &v, &n);
    if (e)
        return e;
    /* Each quote joins the earliest quotation it matches, from another article
     * (only quotations that can match, having MIN_WORDS content words, are
     * listed as leaders to compare with). */
    uint32_t *lead = px__malloc((n + 1) * sizeof *lead);
    size_t n_lead = 0;
    if (!lead) {
        px__free(v);
        return PX_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < n_lead && v[i].group < 0 && v[i].n_cw >= MIN_WORDS; k++) {
            const quote *g = &v[lead[k]];
            if (g->art != v[i].art && overlap(g, &v[i]) >= MATCH)
                v[i].group = (int32_t)lead[k];
        }
        if (v[i].group < 0) {
            v[i].group = (int32_t)i;
            if (v[i].n_cw >= MIN_WORDS)
                lead[n_lead++] = (uint32_t)i;
        }
    }
    px__free(lead);
    e = px_buf_append_str(out, ",\"quotes\":[");
    size_t shown = 0;
    for (size_t g = 0; g < n && !e && shown < MAX_QUOTES; g++) {
        if (v[g].group != (int32_t)g)
            continue;
        if (shown++ && (e = px_buf_append_byte(out, ',')))
            break;
        e = write_group(m, v, n, g, out);
    }
    px__free(v);
    return e ? e : px_buf_append_byte(out, ']');
}
