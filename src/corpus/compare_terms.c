/* Compare: the words each outlet prefers (log-odds ratio with an informative
 * Dirichlet prior, Monroe, Colaresi and Quinn 2008, the prior taken from the
 * store's term counts) and the timeline of dated happenings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/compare_impl.h"

#define ALPHA0     1000.0 /* prior pseudo-counts, spread by store frequency */
#define TERMS_EACH 5      /* terms listed per outlet */
#define MAX_EVENTS 100    /* timeline entries */
#define MAX_TEXT   300    /* bytes of evidence sentence */
#define BOILER_MIN 3      /* articles of one outlet sharing a paragraph: page furniture */

typedef struct tpass {
    px__vocab *voc;
    const px__cart *a;
    const long *ment; /* entity mention spans, sorted: start, end pairs */
    size_t n_ment, at;
    uint32_t *cnt; /* counts [outlet][term], grown with the vocabulary */
    size_t cap_terms, n_outlets;
    uint32_t outlet;
    int32_t all;       /* a row that counts every article too, or -1 */
    px_slice *surface; /* first form seen of each term */
    px_status st;
    uint32_t prev; /* the word before, when a term (phrases), else UINT32_MAX */
    size_t prev_start, prev_end;
    const px_map *boiler; /* paragraph key -> articles of its outlet, or NULL */
    uint64_t outlet_hash; /* the article's outlet, for boiler keys */
} tpass;

/* Fragments of negative contractions ("wouldn't" is read as "wouldn" and
 * "t"): not terms. */
static const char *const FRAGMENTS[] = {"wouldn", "couldn", "shouldn", "didn",  "doesn", "isn",
                                        "wasn",   "aren",   "weren",   "hasn",  "haven", "hadn",
                                        "won",    "ain",    "mustn",   "needn", NULL};

static int fragment(px_slice w)
{
    for (size_t i = 0; FRAGMENTS[i]; i++)
        if (w.len == strlen(FRAGMENTS[i]) && !memcmp(w.ptr, FRAGMENTS[i], w.len))
            return 1;
    return 0;
}

/* 1 when the word at start reads as a name: inside an entity mention, or
 * capitalised other than at a sentence start. */
static int is_name(tpass *p, size_t start)
{
    while (p->at < p->n_ment && (size_t)p->ment[2 * p->at + 1] <= start)
        p->at++;
    if (p->at < p->n_ment && (size_t)p->ment[2 * p->at] <= start)
        return 1;
    const uint8_t *t = p->a->text.ptr;
    if (!(t[start] >= 'A' && t[start] <= 'Z'))
        return 0;
    size_t i = start;
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '"' || t[i - 1] == '\n' || t[i - 1] == '(' ||
                     (t[i - 1] & 0xC0) == 0x80 || t[i - 1] == 0xE2))
        i--;
    return !(i == 0 || t[i - 1] == '.' || t[i - 1] == '!' || t[i - 1] == '?' || t[i - 1] == ':');
}

static int grow(tpass *p, uint32_t t)
{
    size_t nc = p->cap_terms ? p->cap_terms : 1024;
    while (nc <= t)
        nc *= 2;
    uint32_t *c = px__calloc(nc * p->n_outlets, sizeof *c);
    px_slice *s = px__realloc(p->surface, nc * sizeof *s);
    if (!c || !s) {
        px__free(c);
        if (s)
            p->surface = s;
        return -1;
    }
    for (size_t o = 0; o < p->n_outlets && p->cnt; o++)
        memcpy(c + o * nc, p->cnt + o * p->cap_terms, p->cap_terms * sizeof *c);
    memset(s + p->cap_terms, 0, (nc - p->cap_terms) * sizeof *s);
    px__free(p->cnt);
    p->cnt = c;
    p->surface = s;
    p->cap_terms = nc;
    return 0;
}

/* Counts term t (surface form: text[start, end) lower-cased, or w). */
static int count_term(tpass *p, uint32_t t, px_slice w)
{
    if (t >= p->cap_terms && grow(p, t)) {
        p->st = PX_ENOMEM;
        return 1;
    }
    p->cnt[p->outlet * p->cap_terms + t]++;
    if (p->all >= 0 && (uint32_t)p->all != p->outlet)
        p->cnt[(size_t)p->all * p->cap_terms + t]++;
    if (!p->surface[t].ptr) {
        p->surface[t] = px__arena_dup(p->voc->arena, w); /* the first form seen */
        if (!p->surface[t].ptr) {
            p->st = PX_ENOMEM;
            return 1;
        }
        for (size_t i = 0; i < p->surface[t].len; i++) {
            uint8_t *c = (uint8_t *)p->surface[t].ptr + i;
            *c = *c >= 'A' && *c <= 'Z' ? (uint8_t)(*c + 32) : *c;
        }
    }
    return 0;
}

/* Whether only spaces or a hyphen separate text[a, b): one phrase. */
static int adjacent(const uint8_t *t, size_t a, size_t b)
{
    if (b < a || b - a > 2)
        return 0;
    for (size_t i = a; i < b; i++)
        if (t[i] != ' ' && t[i] != '-')
            return 0;
    return 1;
}

static int on_word(void *ud, px_slice w, size_t start, size_t end, int is_num)
{
    tpass *p = ud;
    uint32_t t, prev = p->prev;
    p->prev = UINT32_MAX;
    if (is_num || is_name(p, start) || fragment(w))
        return 0;
    if ((p->st = px__vocab_term(p->voc, w, &t)))
        return 1;
    if (t == UINT32_MAX)
        return 0;
    if (count_term(p, t, w))
        return 1;
    /* Two adjacent terms are also a phrase ("health care", "tear gas"). */
    const uint8_t *text = p->a->text.ptr;
    if (prev != UINT32_MAX && adjacent(text, p->prev_end, start)) {
        px_slice a = p->voc->str[prev], b = p->voc->str[t];
        uint8_t key[136];
        uint32_t ph;
        if (a.len + b.len + 1 <= sizeof key) {
            memcpy(key, a.ptr, a.len);
            key[a.len] = ' ';
            memcpy(key + a.len + 1, b.ptr, b.len);
            if ((p->st = px__vocab_stem(p->voc, (px_slice){key, a.len + b.len + 1}, &ph)))
                return 1;
            if (count_term(p, ph, (px_slice){text + p->prev_start, end - p->prev_start}))
                return 1;
        }
    }
    p->prev = t;
    p->prev_start = start;
    p->prev_end = end;
    return 0;
}

static int by_pair(const void *a, const void *b)
{
    const long *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Appends the [start, end) pairs of spans to *ment. */
static int add_spans(const px_span *spans, uint32_t n_spans, long **ment, size_t *n, size_t *cap)
{
    for (uint32_t i = 0; i < n_spans; i++) {
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 32;
            long *nm = px__realloc(*ment, nc * 2 * sizeof *nm);
            if (!nm)
                return -1;
            *ment = nm;
            *cap = nc;
        }
        long s = spans[i].start, e = spans[i].end;
        (*ment)[2 * *n] = s;
        (*ment)[2 * *n + 1] = e;
        (*n)++;
    }
    return 0;
}

/* The key of a paragraph of an outlet: its text with case, digits and
 * spacing folded ("© 2019" and "© 2020" are one line), hashed with the
 * outlet's. */
/* The units furniture is sought in: paragraphs (pass 0), then sentences
 * (pass 1: a caption line inside a paragraph); their keys differ by pass. */
static const px_span *units(const px_rec *r, int pass, size_t *n)
{
    *n = pass ? r->n_sents : r->n_paras;
    return pass ? r->sents : r->paras;
}

static uint64_t boiler_key(const tpass *p, px_slice text, px_span para)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ p->outlet_hash;
    int space = 0;
    for (uint32_t i = para.start; i < para.end && i < text.len; i++) {
        uint8_t c = text.ptr[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space)
            h = (h ^ ' ') * 0x100000001b3ULL;
        space = 0;
        c = c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c >= '0' && c <= '9' ? '0' : c;
        h = (h ^ c) * 0x100000001b3ULL;
    }
    return h;
}

/* Counts the terms of one article. Names (entity mentions) and direct
 * quotations (the speaker's words, not the outlet's) are left out; reported
 * speech stays, being the outlet's own wording. */
static px_status count_article(tpass *p, const px__cart *a)
{
    size_t cap = 0, n = 0;
    long *ment = NULL;
    int bad = 0;
    const px_rec *r = &a->rec;
    for (size_t i = 0; i < r->n_entities; i++)
        bad |= add_spans(r->entities[i].mentions, r->entities[i].n_mentions, &ment, &n, &cap);
    for (size_t i = 0; i < r->n_quotes; i++)
        if (r->quotes[i].direct)
            bad |= add_spans(r->quotes[i].content, r->quotes[i].n_content, &ment, &n, &cap);
    /* Paragraphs and sentences the outlet repeats across its articles: page
     * furniture ("Click here for reprint permission", "© 2019 …"). */
    for (int pass = 0; pass < 2 && p->boiler; pass++) {
        size_t nu;
        const px_span *u = units(r, pass, &nu);
        for (size_t i = 0; i < nu; i++) {
            uint64_t h = boiler_key(p, a->text, u[i]) + (uint64_t)pass;
            uint64_t *got = px__map_get(p->boiler, (px_slice){(const uint8_t *)&h, sizeof h});
            if (got && *got >= BOILER_MIN)
                bad |= add_spans(&u[i], 1, &ment, &n, &cap);
        }
    }
    if (bad) {
        px__free(ment);
        return PX_ENOMEM;
    }
    if (ment)
        qsort(ment, n, 2 * sizeof *ment, by_pair);
    p->ment = ment;
    p->n_ment = n;
    p->at = 0;
    p->a = a;
    p->outlet = a->outlet_ix;
    p->prev = UINT32_MAX;
    px__words(a->text, on_word, p);
    px__free(ment);
    return p->st;
}

typedef struct scored {
    uint32_t t, count;
    double z;
} scored;

static int by_z(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->z != y->z)
        return x->z > y->z ? -1 : 1;
    return (x->t > y->t) - (x->t < y->t);
}

/* The store-wide count of each story term (the prior), from story_terms. */
static px_status prior(px__cmp *m, const px__vocab *v, double *alpha)
{
    px__grouping_state g;
    px_status e = px__store_grouping_state(m->s, &g);
    if (!e)
        e = px__store_term_counts(m->s, v->str, v->n, alpha);
    if (e)
        return e;
    double total = (double)g.tokens;
    for (size_t t = 0; t < v->n; t++) {
        double n = alpha[t];
        alpha[t] = ALPHA0 * ((n > 0 ? n : 1) / (total > 0 ? total : 1));
    }
    return PX_OK;
}

/* Scores the terms of row o against the other rows (all < 0) or against row
 * all less row o; s gets the positive z-scores, best first. */
static size_t
score_row(const tpass *p, const double *alpha, size_t nt, size_t o, int32_t all, scored *s)
{
    double ni = 0, nj = 0;
    for (size_t t = 0; t < nt; t++) {
        ni += p->cnt[o * p->cap_terms + t];
        if (all >= 0)
            nj += p->cnt[(size_t)all * p->cap_terms + t];
        else
            for (size_t k = 0; k < p->n_outlets; k++)
                nj += k == o ? 0 : p->cnt[k * p->cap_terms + t];
    }
    if (all >= 0)
        nj -= ni;
    size_t ns = 0;
    for (size_t t = 0; t < nt; t++) {
        double yi = p->cnt[o * p->cap_terms + t], yj = 0, a = alpha[t];
        /* A phrase (a stem pair) counts from its second use: once is chance. */
        if (yi == 0 || (yi < 2 && memchr(p->voc->str[t].ptr, ' ', p->voc->str[t].len)))
            continue;
        if (all >= 0)
            yj = p->cnt[(size_t)all * p->cap_terms + t] - yi;
        else
            for (size_t k = 0; k < p->n_outlets; k++)
                yj += k == o ? 0 : p->cnt[k * p->cap_terms + t];
        double d = log((yi + a) / (ni + ALPHA0 - yi - a)) - log((yj + a) / (nj + ALPHA0 - yj - a));
        double z = d / sqrt(1 / (yi + a) + 1 / (yj + a));
        if (z > 0)
            s[ns++] = (scored){(uint32_t)t, (uint32_t)yi, z};
    }
    qsort(s, ns, sizeof *s, by_z);
    return ns;
}

/* Appends {outlet, term, score, count} objects of the first `each` scores,
 * separated by sep ("," inside an array, "\n" for JSON Lines). */
static px_status write_scores(const tpass *p,
                              px_slice outlet,
                              const scored *s,
                              size_t ns,
                              size_t each,
                              const char *sep,
                              px_buf *out,
                              int *comma)
{
    px_status e = PX_OK;
    for (size_t k = 0; k < ns && k < each && !e; k++) {
        if (*comma)
            e = px_buf_append_str(out, sep);
        *comma = 1;
        if (!e && !(e = px_buf_append_str(out, "{\"outlet\":")) && !(e = px__json_str(out, outlet)))
            e = px_buf_append_str(out, ",\"term\":");
        if (!e)
            e = px__json_str(out, p->surface[s[k].t]);
        if (!e)
            e = px_buf_appendf(out, ",\"score\":%.2f,\"count\":%u}", s[k].z, s[k].count);
    }
    return e;
}

px_status px__cmp_terms(px__cmp *m, px_buf *out)
{
    px_status e = px_buf_append_str(out, ",\"terms\":[");
    if (e || m->n_outlets < 2)
        return e ? e : px_buf_append_byte(out, ']');
    px__vocab v;
    if (px__vocab_init(&v))
        return PX_ENOMEM;
    tpass p = {.voc = &v, .n_outlets = m->n_outlets, .all = -1};
    for (size_t i = 0; i < m->n && !e; i++)
        if (!m->a[i].copy)
            e = count_article(&p, &m->a[i]);
    double *alpha = px__malloc((v.n + 1) * sizeof *alpha);
    scored *s = px__malloc((v.n + 1) * sizeof *s);
    if (!e && (!alpha || !s))
        e = PX_ENOMEM;
    if (!e && v.n > p.cap_terms && grow(&p, (uint32_t)v.n))
        e = PX_ENOMEM;
    if (!e)
        e = prior(m, &v, alpha);
    int comma = 0;
    for (size_t o = 0; o < m->n_outlets && !e; o++) {
        size_t ns = score_row(&p, alpha, v.n, o, -1, s);
        e = write_scores(&p, m->outlets[o], s, ns, TERMS_EACH, ",", out, &comma);
    }
    px__free(alpha);
    px__free(s);
    px__free(p.cnt);
    px__free(p.surface);
    px__vocab_fini(&v);
    return e ? e : px_buf_append_byte(out, ']');
}

/* ---- timeline ---- */

typedef struct event {
    const char *value;
    uint32_t art;
    long s, e;   /* the timex */
    long ss, se; /* its sentence */
} event;

static int by_when(const void *a, const void *b)
{
    const event *x = a, *y = b;
    int c = strcmp(x->value, y->value);
    if (!c)
        c = (x->art > y->art) - (x->art < y->art);
    if (!c)
        c = (x->s > y->s) - (x->s < y->s);
    return c;
}

static void sentence_of(const px__cart *a, event *x)
{
    px__cmp_sentence(a, x->s, &x->ss, &x->se);
    px__cmp_clip(a, x->s, x->e, MAX_TEXT, &x->ss, &x->se);
}

static size_t collect_events(const px__cmp *m, event *v, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (m->a[i].copy)
            continue;
        for (size_t k = 0; k < m->a[i].rec.n_timexes; k++) {
            const px_timex *t = &m->a[i].rec.timexes[k];
            if (n == cap || !t->value.ptr || !px__cmp_calendar((const char *)t->value.ptr) ||
                t->span.start == UINT32_MAX)
                continue;
            event x = {(const char *)t->value.ptr, (uint32_t)i, t->span.start, t->span.end, 0, 0};
            sentence_of(&m->a[i], &x);
            v[n++] = x;
        }
    }
    qsort(v, n, sizeof *v, by_when);
    return n;
}

px_status px__cmp_timeline(px__cmp *m, px_buf *out)
{
    event *v = px__malloc(4 * MAX_EVENTS * sizeof *v);
    if (!v)
        return PX_ENOMEM;
    size_t n = collect_events(m, v, 4 * MAX_EVENTS);
    px_status e = px_buf_append_str(out, ",\"timeline\":[");
    size_t shown = 0;
    for (size_t i = 0; i < n && !e && shown < MAX_EVENTS; i++) {
        const px__cart *a = &m->a[v[i].art];
        /* One entry per date and sentence. */
        if (i && v[i].art == v[i - 1].art && v[i].ss == v[i - 1].ss &&
            !strcmp(v[i].value, v[i - 1].value))
            continue;
        e = px_buf_append_str(out, shown++ ? ",{\"date\":" : "{\"date\":");
        if (!e && !(e = px__json_str(out, px_slice_cstr(v[i].value))))
            e = px_buf_append_str(out, ",\"article\":");
        if (!e && !(e = px__json_str(out, a->id)) && !(e = px_buf_append_str(out, ",\"outlet\":")))
            e = px__json_str(out, a->outlet);
        if (!e)
            e = px_buf_appendf(out, ",\"span\":[%ld,%ld],\"sentence\":[%ld,%ld],\"text\":", v[i].s,
                               v[i].e, v[i].ss, v[i].se);
        if (!e)
            e = px__json_str(out, px__cmp_text_of(a, v[i].ss, v[i].se));
        if (!e)
            e = px_buf_append_byte(out, '}');
    }
    px__free(v);
    return e ? e : px_buf_append_byte(out, ']');
}

/* ---- distinctive terms of outlets across the store ---- */

#define STORE_OUTLETS 20 /* outlets scored when none are named: those with most articles */

/* The outlets to score: the listed ones, else the STORE_OUTLETS with most
 * articles. Names are copied into a. */
typedef struct pick_walk {
    px_arena *a;
    px_slice *o;
    size_t *n;
} pick_walk;

static px_status pick_row(void *ud, px_slice outlet)
{
    pick_walk *w = ud;
    return (w->o[(*w->n)++] = px__arena_dup(w->a, outlet)).ptr ? PX_OK : PX_ENOMEM;
}

static px_status pick_outlets(px_store *s, const char *list, px_arena *a, px_slice *o, size_t *n)
{
    *n = 0;
    if (list) {
        for (const char *p = list; *p && *n < STORE_OUTLETS * 5;) {
            size_t len = strcspn(p, ",");
            if (len && !(o[(*n)++] = px__arena_dup(a, (px_slice){(const uint8_t *)p, len})).ptr)
                return PX_ENOMEM;
            p += len + (p[len] == ',');
        }
        return PX_OK;
    }
    pick_walk w = {a, o, n};
    return px__store_top_outlets(s, STORE_OUTLETS, pick_row, &w);
}

/* Counts every original of the store: the picked outlets in their rows, every
 * article in row n_picked too. */
typedef struct count_walk {
    tpass *p;
    const px_slice *o;
    size_t n;
    px_arena *ra;
    px_map *boiler; /* paragraph key -> articles of its outlet */
} count_walk;

/* Parses one stored record into a (an unreadable one has no words). */
static px_status parse_row(count_walk *w, px_slice outlet, px_slice rec, px__cart *a)
{
    *a = (px__cart){.outlet_ix = (uint32_t)w->n};
    for (size_t k = 0; k < w->n; k++)
        if (outlet.ptr && px_slice_eq(outlet, w->o[k]))
            a->outlet_ix = (uint32_t)k;
    w->p->outlet_hash = outlet.ptr ? px__hash64(outlet.ptr, outlet.len, 23) : 0;
    px__arena_reset(w->ra);
    px_status e = px__rec_parse(rec, w->ra, &a->rec, NULL);
    if (e == PX_ENOMEM)
        return e;
    if (e)
        memset(&a->rec, 0, sizeof a->rec);
    a->text = a->rec.text.ptr ? a->rec.text : PX_SLICE_LIT("");
    return PX_OK;
}

/* The first pass: how many articles of each outlet have each paragraph. */
static px_status boiler_row(void *ud, px_slice outlet, px_slice rec)
{
    count_walk *w = ud;
    px__cart a;
    px_status e = parse_row(w, outlet, rec, &a);
    uint64_t seen[64];
    for (int pass = 0; pass < 2 && !e; pass++) {
        size_t nu;
        const px_span *u = units(&a.rec, pass, &nu);
        for (size_t i = 0; !e && i < nu; i++) {
            uint64_t h = boiler_key(w->p, a.text, u[i]) + (uint64_t)pass;
            int again = 0; /* twice in one article (of the last 64) counts once */
            for (size_t j = 0; j < i && j < 64 && !again; j++)
                again = seen[(i - 1 - j) % 64] == h;
            seen[i % 64] = h;
            uint64_t *slot;
            int isnew;
            if (!again &&
                px__map_put(w->boiler, (px_slice){(const uint8_t *)&h, sizeof h}, 0, &slot, &isnew))
                e = PX_ENOMEM;
            else if (!again)
                ++*slot;
        }
    }
    return e;
}

static px_status count_row(void *ud, px_slice outlet, px_slice rec)
{
    count_walk *w = ud;
    px__cart a;
    px_status e = parse_row(w, outlet, rec, &a);
    return e ? e : count_article(w->p, &a);
}

static px_status count_store(px_store *s, tpass *p, const px_slice *o, size_t n)
{
    count_walk w = {p, o, n, px__arena_new(1 << 16, 0), px__map_new(1 << 14)};
    px_status e = w.ra && w.boiler ? px__store_scan_originals(s, boiler_row, &w) : PX_ENOMEM;
    p->boiler = w.boiler;
    if (!e)
        e = px__store_scan_originals(s, count_row, &w);
    p->boiler = NULL;
    px__map_free(w.boiler);
    px__arena_free(w.ra);
    return e;
}

/* The prior from the store's own counts (row all). */
static void store_prior(const tpass *p, size_t nt, int32_t all, double *alpha)
{
    double total = 0;
    for (size_t t = 0; t < nt; t++)
        total += p->cnt[(size_t)all * p->cap_terms + t];
    for (size_t t = 0; t < nt; t++)
        alpha[t] = ALPHA0 * p->cnt[(size_t)all * p->cap_terms + t] / (total > 0 ? total : 1);
}

px_status px_outlet_terms(px_store *s, const char *outlets, size_t each, int json, px_buf *out)
{
    if (!s || !out)
        return s ? px__fail(px__store_errbuf(s), PX_EINVAL, "px_outlet_terms: NULL argument")
                 : PX_EINVAL;
    px_slice o[STORE_OUTLETS * 5];
    size_t n = 0;
    px_arena *a = px__arena_new(4096, 0);
    px__vocab v;
    int vok = 0;
    px_status e = a ? px_store_commit(s) : PX_ENOMEM;
    if (!e)
        e = pick_outlets(s, outlets, a, o, &n);
    if (!e && !(e = px__vocab_init(&v)))
        vok = 1;
    tpass p = {.voc = &v, .n_outlets = n + 1, .all = (int32_t)n};
    if (!e)
        e = count_store(s, &p, o, n);
    double *alpha = vok ? px__malloc((v.n + 1) * sizeof *alpha) : NULL;
    scored *sc = vok ? px__malloc((v.n + 1) * sizeof *sc) : NULL;
    if (!e && (!alpha || !sc || (v.n > p.cap_terms && grow(&p, (uint32_t)v.n))))
        e = PX_ENOMEM;
    if (!e)
        store_prior(&p, v.n, p.all, alpha);
    int comma = 0;
    for (size_t k = 0; k < n && !e; k++) {
        size_t ns = score_row(&p, alpha, v.n, k, p.all, sc);
        if (json) {
            e = write_scores(&p, o[k], sc, ns, each, "\n", out, &comma);
            continue;
        }
        e = px_buf_appendf(out, "%.*s\n", (int)o[k].len, (const char *)o[k].ptr);
        for (size_t i = 0; i < ns && i < each && !e; i++)
            e = px_buf_appendf(out, "    %-24.*s %6.2f %6u\n", (int)p.surface[sc[i].t].len,
                               (const char *)p.surface[sc[i].t].ptr, sc[i].z, sc[i].count);
    }
    if (!e && json && comma)
        e = px_buf_append_byte(out, '\n');
    if (e && e != PX_EDB)
        e = px__fail(px__store_errbuf(s), e, "cannot score the terms: %s", px_strerror(e));
    px__free(alpha);
    px__free(sc);
    px__free(p.cnt);
    px__free(p.surface);
    if (vok)
        px__vocab_fini(&v);
    px__arena_free(a);
    return e;
}
