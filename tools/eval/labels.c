/* `parallax eval labels FILE.jsonl [--show N]`: labels and their concepts
 * against NewsWCL50-style gold (../shared/data/labels/README.md).
 *
 * One line per event: its articles, each with text and gold mentions (span,
 * concept). Per event, every gold mention of its articles is an item. A
 * system label matches a gold mention when their spans overlap by at least
 * half of the gold span's bytes; among several, the one with the largest
 * overlap, then the shortest. A matched gold mention is placed in the
 * system's cluster: its label's concept, after the story-level unification
 * of keys across the event's articles (px__label_unify, as the story
 * comparison does); an unmatched one is a singleton. The figures are mention
 * recall, MUC and B-cubed precision, recall and F1 of these clusters against
 * the gold concepts, and the average of the two F1; summed over events (MUC
 * counts added, B-cubed averaged over all mentions), and per event (each
 * event scored alone is the leave-one-event-out figure: nothing is fitted).
 * --show N prints, per event, the N largest gold concepts with the system
 * keys their mentions got. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/label/label.h"
#include "eval/eval.h"

typedef struct gm {
    uint32_t s, e;
    uint32_t art;
    uint32_t gold; /* gold concept id */
    uint32_t sys;  /* system cluster id */
} gm;

typedef struct sm {
    uint32_t s, e, art;
    uint32_t key; /* index in keys */
} sm;

typedef struct score {
    double muc_rn, muc_rd, muc_pn, muc_pd; /* MUC numerators and denominators */
    double b3_p, b3_r;                     /* sums over mentions */
    size_t mentions, matched;
} score;

typedef struct ev {
    gm *g;
    size_t ng, gcap;
    sm *s;
    size_t ns, scap;
    px_label_key *keys;
    size_t nk, kcap;
    char **gnames; /* gold concept names */
    size_t ngn, gncap;
} ev;

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 1;
    size_t c = *cap ? *cap * 2 : 256;
    void *q = realloc(*p, c * size);
    if (!q)
        return 0;
    *p = q;
    *cap = c;
    return 1;
}

static uint32_t gold_id(ev *v, const char *name)
{
    for (size_t i = 0; i < v->ngn; i++)
        if (strcmp(v->gnames[i], name) == 0)
            return (uint32_t)i;
    if (!grow((void **)&v->gnames, &v->gncap, v->ngn, sizeof *v->gnames))
        return UINT32_MAX;
    v->gnames[v->ngn] = strdup(name);
    return v->gnames[v->ngn] ? (uint32_t)v->ngn++ : UINT32_MAX;
}

/* The key id of concept c (copied), person flag or'ed in. */
static uint32_t key_id(ev *v, px_slice c, int person)
{
    for (size_t i = 0; i < v->nk; i++)
        if (px_slice_eq(v->keys[i].key, c)) {
            v->keys[i].person |= (uint8_t)person;
            v->keys[i].count++;
            return (uint32_t)i;
        }
    if (!grow((void **)&v->keys, &v->kcap, v->nk, sizeof *v->keys))
        return UINT32_MAX;
    char *p = malloc(c.len + 1);
    if (!p)
        return UINT32_MAX;
    memcpy(p, c.ptr, c.len);
    p[c.len] = 0;
    v->keys[v->nk] = (px_label_key){{(const uint8_t *)p, c.len}, (uint8_t)person, 1};
    return (uint32_t)v->nk++;
}

static void ev_clear(ev *v)
{
    for (size_t i = 0; i < v->nk; i++)
        free((void *)v->keys[i].key.ptr);
    for (size_t i = 0; i < v->ngn; i++)
        free(v->gnames[i]);
    v->ng = v->ns = v->nk = v->ngn = 0;
}

static void ev_free(ev *v)
{
    ev_clear(v);
    free(v->g);
    free(v->s);
    free(v->keys);
    free(v->gnames);
}

static int span_of(cJSON *o, uint32_t *s, uint32_t *e, size_t len)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "start");
    cJSON *b = cJSON_GetObjectItemCaseSensitive(o, "end");
    if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b) || a->valuedouble < 0 ||
        b->valuedouble <= a->valuedouble || b->valuedouble > (double)len)
        return 0;
    *s = (uint32_t)a->valuedouble;
    *e = (uint32_t)b->valuedouble;
    return 1;
}

/* Reads one article: the system's labels and the gold mentions. Returns 0
 * when it is skipped. */
static int article(ev *v, px_engine *e, cJSON *a, uint32_t art, FILE *err)
{
    cJSON *text = cJSON_GetObjectItemCaseSensitive(a, "text");
    if (!cJSON_IsString(text) || !text->valuestring)
        return 0;
    px_slice t = px_slice_cstr(text->valuestring);
    px_article in = {.text = t};
    px_doc *d = NULL;
    px_status st = px_doc_new(e, &in, &d);
    if (st) {
        fprintf(err, "parallax: eval labels: article %u: %s\n", art, px_strerror(st));
        return 0;
    }
    if (!px_slice_eq(px_doc_text(d), t)) { /* NFC moved the offsets */
        px_doc_free(d);
        return 0;
    }
    for (size_t i = 0; i < d->n_labels; i++) {
        const px_label *l = &d->labels[i];
        int person = l->entity >= 0 && (size_t)l->entity < d->n_entities &&
                     d->entities[l->entity].type == PX_ENT_PER;
        uint32_t k = key_id(v, l->concept, person);
        if (k == UINT32_MAX || !grow((void **)&v->s, &v->scap, v->ns, sizeof *v->s))
            break;
        v->s[v->ns++] = (sm){l->span.start, l->span.end, art, k};
    }
    px_doc_free(d);
    cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(a, "mentions"))
    {
        uint32_t s, en;
        cJSON *c = cJSON_GetObjectItemCaseSensitive(m, "concept");
        if (!span_of(m, &s, &en, t.len) || !cJSON_IsString(c))
            continue;
        uint32_t g = gold_id(v, c->valuestring);
        if (g == UINT32_MAX || !grow((void **)&v->g, &v->gcap, v->ng, sizeof *v->g))
            break;
        v->g[v->ng++] = (gm){s, en, art, g, UINT32_MAX};
    }
    return 1;
}

static uint32_t overlap(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint32_t lo = a > c ? a : c, hi = b < d ? b : d;
    return hi > lo ? hi - lo : 0;
}

/* Places each gold mention in a system cluster; returns the matched count. */
static size_t match(ev *v, const uint32_t *canon)
{
    size_t matched = 0;
    uint32_t single = (uint32_t)v->nk;
    for (size_t i = 0; i < v->ng; i++) {
        gm *g = &v->g[i];
        uint32_t glen = g->e - g->s, best = 0, blen = UINT32_MAX;
        size_t bj = SIZE_MAX;
        for (size_t j = 0; j < v->ns; j++) {
            const sm *s = &v->s[j];
            if (s->art != g->art)
                continue;
            uint32_t ov = overlap(g->s, g->e, s->s, s->e);
            if (ov * 2 < glen || !ov)
                continue;
            if (ov > best || (ov == best && s->e - s->s < blen)) {
                best = ov;
                blen = s->e - s->s;
                bj = j;
            }
        }
        if (bj != SIZE_MAX) {
            g->sys = canon[v->s[bj].key];
            matched++;
        } else {
            g->sys = single++;
        }
    }
    return matched;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* MUC and B-cubed of the system clusters against the gold ones. The mention
 * set is the same on both sides; n^2 in the mentions of one event. */
static void score_event(const ev *v, score *sc)
{
    size_t n = v->ng;
    for (size_t i = 0; i < n; i++) {
        size_t same_g = 0, same_s = 0, both = 0;
        for (size_t j = 0; j < n; j++) {
            int g = v->g[j].gold == v->g[i].gold, s = v->g[j].sys == v->g[i].sys;
            same_g += g;
            same_s += s;
            both += g && s;
        }
        sc->b3_r += (double)both / (double)same_g;
        sc->b3_p += (double)both / (double)same_s;
    }
    sc->mentions += n;
    /* MUC recall: per gold cluster K, |K| - |partitions of K by the system|,
     * over sum |K| - 1; the precision swaps the roles. Pairs sorted by
     * (cluster, other side's cluster) make both counts one pass. */
    uint64_t *pr = malloc((n + 1) * sizeof *pr);
    if (!pr)
        return;
    for (int side = 0; side < 2; side++) {
        for (size_t i = 0; i < n; i++) {
            uint64_t a = side ? v->g[i].sys : v->g[i].gold, b = side ? v->g[i].gold : v->g[i].sys;
            pr[i] = a << 32 | b;
        }
        qsort(pr, n, sizeof *pr, cmp_u64);
        double num = 0, den = 0;
        for (size_t i = 0; i < n;) {
            size_t j = i, parts = 0;
            while (j < n && pr[j] >> 32 == pr[i] >> 32) {
                parts += j == i || pr[j] != pr[j - 1];
                j++;
            }
            num += (double)(j - i - parts);
            den += (double)(j - i - 1);
            i = j;
        }
        if (side) {
            sc->muc_pn += num;
            sc->muc_pd += den;
        } else {
            sc->muc_rn += num;
            sc->muc_rd += den;
        }
    }
    free(pr);
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static void print_score(FILE *out, const char *name, const score *s)
{
    double mr = s->muc_rd ? s->muc_rn / s->muc_rd : 0, mp = s->muc_pd ? s->muc_pn / s->muc_pd : 0;
    double br = s->mentions ? s->b3_r / (double)s->mentions : 0;
    double bp = s->mentions ? s->b3_p / (double)s->mentions : 0;
    double mf = f1(mp, mr), bf = f1(bp, br);
    fprintf(out,
            "%-8s mentions %5zu recall %.3f  MUC P %.3f R %.3f F1 %.3f  B3 P %.3f R %.3f F1 %.3f  "
            "avg %.3f\n",
            name, s->mentions, s->mentions ? (double)s->matched / (double)s->mentions : 0, mp, mr,
            mf, bp, br, bf, (mf + bf) / 2);
}

/* The largest gold concepts and the system keys their mentions got. */
static void show(FILE *out, const ev *v, const uint32_t *canon, size_t nshow)
{
    (void)canon;
    size_t *cnt = calloc(v->ngn + 1, sizeof *cnt);
    if (!cnt)
        return;
    for (size_t i = 0; i < v->ng; i++)
        cnt[v->g[i].gold]++;
    for (size_t r = 0; r < nshow; r++) {
        size_t best = SIZE_MAX;
        for (size_t c = 0; c < v->ngn; c++)
            if (cnt[c] && (best == SIZE_MAX || cnt[c] > cnt[best]))
                best = c;
        if (best == SIZE_MAX)
            break;
        fprintf(out, "  %s (%zu):", v->gnames[best], cnt[best]);
        size_t unmatched = 0;
        /* system keys by count, printed greedily */
        for (size_t i = 0; i < v->ng; i++) {
            if (v->g[i].gold != best)
                continue;
            if (v->g[i].sys >= v->nk) {
                unmatched++;
                continue;
            }
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                seen = v->g[j].gold == best && v->g[j].sys == v->g[i].sys;
            if (seen)
                continue;
            size_t k = 0;
            for (size_t j = i; j < v->ng; j++)
                k += v->g[j].gold == best && v->g[j].sys == v->g[i].sys;
            const px_slice key = v->keys[v->g[i].sys].key;
            fprintf(out, " %.*s=%zu", (int)key.len, (const char *)key.ptr, k);
        }
        fprintf(out, " [unmatched %zu]\n", unmatched);
        cnt[best] = 0;
    }
    free(cnt);
}

static const char USAGE[] = "usage: parallax eval labels FILE.jsonl [--show N]\n";

static int run(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    const char *path = NULL;
    size_t nshow = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--show") == 0 && i + 1 < argc)
            nshow = (size_t)strtoul(argv[++i], NULL, 10);
        else if (!path)
            path = argv[i];
        else {
            fputs(USAGE, err);
            return 2;
        }
    }
    if (!path) {
        fputs(USAGE, err);
        return 2;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "parallax: eval labels: cannot open %s\n", path);
        return 1;
    }
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1, .data_dir = data_dir};
    char emsg[PX_ERRMSG_SIZE] = "";
    if (px_engine_new(&e, &eo, emsg) != PX_OK) {
        fprintf(err, "parallax: eval labels: %s\n", emsg);
        fclose(f);
        return 1;
    }
    ev v = {0};
    score all = {0};
    size_t events = 0, articles = 0, skipped = 0, lineno = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        cJSON *o = cJSON_ParseWithLength(line, (size_t)n);
        if (!o) {
            fprintf(err, "parallax: eval labels: %s: line %zu: not JSON\n", path, lineno);
            rc = 1;
            continue;
        }
        ev_clear(&v);
        cJSON *a;
        uint32_t art = 0;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(o, "articles"))
        {
            if (article(&v, e, a, art, err))
                articles++;
            else
                skipped++;
            art++;
        }
        uint32_t *canon = malloc((v.nk + 1) * sizeof *canon);
        if (!canon) {
            cJSON_Delete(o);
            rc = 1;
            break;
        }
        px__label_unify(v.keys, v.nk, canon);
        score sc = {0};
        sc.matched = match(&v, canon);
        score_event(&v, &sc);
        cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "event");
        char name[32];
        snprintf(name, sizeof name, "event %d", cJSON_IsNumber(id) ? id->valueint : (int)events);
        print_score(out, name, &sc);
        if (nshow)
            show(out, &v, canon, nshow);
        all.muc_rn += sc.muc_rn;
        all.muc_rd += sc.muc_rd;
        all.muc_pn += sc.muc_pn;
        all.muc_pd += sc.muc_pd;
        all.b3_p += sc.b3_p;
        all.b3_r += sc.b3_r;
        all.mentions += sc.mentions;
        all.matched += sc.matched;
        free(canon);
        events++;
        cJSON_Delete(o);
    }
    free(line);
    fclose(f);
    ev_free(&v);
    px_engine_free(e);
    fprintf(out, "labels: %s: %zu events, %zu articles (%zu skipped)\n", path, events, articles,
            skipped);
    print_score(out, "all", &all);
    return rc;
}

const px_eval_task px__eval_labels = {
    "labels", "labels and concept chains against NewsWCL50-style JSONL", run};
