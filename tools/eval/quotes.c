/* `parallax eval quotes FILE.jsonl [--show N]`: quotations and attributions
 * against PolNeAR-style gold (../shared/data/quotes/README.md).
 *
 * Every content fragment is a unit. A predicted fragment matches a gold one
 * when they overlap by more than half of the gold fragment. Recall is the share
 * of gold fragments matched, precision the share of predicted fragments that
 * match some gold fragment. A gold fragment is direct speech when its text
 * starts with a quotation mark; predicted fragments carry the annotator's
 * direct flag. Source accuracy is measured on matched gold fragments against
 * the best-matching prediction: correct when both sources are absent, or both
 * present and overlapping by more than half of the shorter one (exact: the
 * same bytes). --show N prints up to N misses and N false alarms. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"

typedef struct counts {
    size_t gold, gold_hit, pred, pred_hit, src_n, src_ok, src_exact;
} counts;

typedef struct frag {
    uint32_t s, e;
    uint32_t src_s, src_e; /* UINT32_MAX when none */
    int direct;
    int hit;
} frag;

static uint32_t overlap(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint32_t lo = a > c ? a : c, hi = b < d ? b : d;
    return hi > lo ? hi - lo : 0;
}

static int span_of(cJSON *v, uint32_t *s, uint32_t *e)
{
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
        return 0;
    cJSON *a = cJSON_GetArrayItem(v, 0), *b = cJSON_GetArrayItem(v, 1);
    if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b) || a->valuedouble < 0 || b->valuedouble < 0)
        return 0;
    *s = (uint32_t)a->valuedouble;
    *e = (uint32_t)b->valuedouble;
    return *e >= *s;
}

static int starts_quoted(px_slice t, uint32_t s, uint32_t e)
{
    while (s < e && (t.ptr[s] == ' ' || t.ptr[s] == '\n'))
        s++;
    if (s >= e)
        return 0;
    const uint8_t *p = t.ptr + s;
    if (p[0] == '"' || p[0] == '\'')
        return 1;
    if (e - s >= 2 && p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB))
        return 1;
    return e - s >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x98 && p[2] <= 0x9E;
}

typedef struct evstate {
    counts all, dir, rep;
    size_t docs, skipped, show, shown_miss, shown_fa, shown_src;
    FILE *out, *dump;
} evstate;

static void show(evstate *st,
                 const char *what,
                 const char *id,
                 px_slice t,
                 uint32_t s,
                 uint32_t e,
                 size_t *shown)
{
    if (*shown >= st->show)
        return;
    (*shown)++;
    uint32_t n = e - s > 200 ? 200 : e - s;
    fprintf(st->out, "%s %s [%u,%u]: %.*s\n", what, id, s, e, (int)n, (const char *)t.ptr + s);
}

static void score_src(counts *c, const frag *g, const frag *p)
{
    c->src_n++;
    int gn = g->src_s == UINT32_MAX, pn = p->src_s == UINT32_MAX;
    if (gn || pn) {
        c->src_ok += gn && pn;
        c->src_exact += gn && pn;
        return;
    }
    uint32_t ov = overlap(g->src_s, g->src_e, p->src_s, p->src_e);
    uint32_t gl = g->src_e - g->src_s, pl = p->src_e - p->src_s;
    uint32_t shorter = gl < pl ? gl : pl;
    c->src_ok += ov * 2 > shorter;
    c->src_exact += g->src_s == p->src_s && g->src_e == p->src_e;
}

static void
score_doc(evstate *st, const char *id, px_slice t, frag *gold, size_t ng, frag *pred, size_t np)
{
    for (size_t i = 0; i < ng; i++) {
        frag *g = &gold[i];
        uint32_t glen = g->e - g->s, best = 0;
        frag *bp = NULL;
        for (size_t j = 0; j < np; j++) {
            uint32_t ov = overlap(g->s, g->e, pred[j].s, pred[j].e);
            if (ov * 2 > glen) {
                pred[j].hit = 1;
                if (ov > best) {
                    best = ov;
                    bp = &pred[j];
                }
            }
        }
        counts *c = g->direct ? &st->dir : &st->rep;
        c->gold++;
        st->all.gold++;
        if (bp) {
            c->gold_hit++;
            st->all.gold_hit++;
            size_t ok = c->src_ok;
            score_src(c, g, bp);
            score_src(&st->all, g, bp);
            if (c->src_ok == ok && st->shown_src < st->show) {
                st->shown_src++;
                fprintf(st->out, "SRC %s [%u,%u] gold '%.*s' pred '%.*s'\n", id, g->s, g->e,
                        g->src_s == UINT32_MAX ? 0 : (int)(g->src_e - g->src_s),
                        g->src_s == UINT32_MAX ? "" : (const char *)t.ptr + g->src_s,
                        bp->src_s == UINT32_MAX ? 0 : (int)(bp->src_e - bp->src_s),
                        bp->src_s == UINT32_MAX ? "" : (const char *)t.ptr + bp->src_s);
            }
        } else {
            show(st, g->direct ? "MISS-D" : "MISS-R", id, t, g->s, g->e, &st->shown_miss);
        }
    }
    for (size_t j = 0; j < np; j++) {
        counts *c = pred[j].direct ? &st->dir : &st->rep;
        c->pred++;
        st->all.pred++;
        c->pred_hit += pred[j].hit;
        st->all.pred_hit += pred[j].hit;
        if (!pred[j].hit)
            show(st, pred[j].direct ? "FA-D" : "FA-R", id, t, pred[j].s, pred[j].e, &st->shown_fa);
    }
}

/* Gold fragments of one article (malloc'd), or NULL with *n = 0. */
static frag *gold_frags(cJSON *atts, px_slice t, size_t *n)
{
    size_t cap = 0, k = 0;
    frag *g = NULL;
    cJSON *at;
    cJSON_ArrayForEach(at, atts)
    {
        uint32_t ss = UINT32_MAX, se = UINT32_MAX;
        if (!span_of(cJSON_GetObjectItemCaseSensitive(at, "source"), &ss, &se))
            ss = se = UINT32_MAX;
        cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(at, "content"))
        {
            uint32_t s, e;
            if (!span_of(c, &s, &e) || e > t.len || e == s)
                continue;
            if (k == cap) {
                cap = cap ? cap * 2 : 64;
                frag *ng = realloc(g, cap * sizeof *g);
                if (!ng)
                    break;
                g = ng;
            }
            g[k++] = (frag){s, e, ss, se, starts_quoted(t, s, e), 0};
        }
    }
    *n = k;
    return g;
}

static frag *pred_frags(const px_doc *d, size_t *n)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n_quotes; i++)
        k += d->quotes[i].n_content;
    frag *p = calloc(k + 1, sizeof *p);
    if (!p) {
        *n = 0;
        return NULL;
    }
    k = 0;
    for (size_t i = 0; i < d->n_quotes; i++) {
        const px_quote *q = &d->quotes[i];
        for (uint32_t j = 0; j < q->n_content; j++)
            p[k++] = (frag){q->content[j].start, q->content[j].end, q->source.start,
                            q->source.end,       q->direct,         0};
    }
    *n = k;
    return p;
}

static void dump_span(FILE *f, const char *name, px_span s)
{
    if (s.start == UINT32_MAX)
        fprintf(f, ", \"%s\": null", name);
    else
        fprintf(f, ", \"%s\": [%u, %u]", name, s.start, s.end);
}

/* One JSON line: the article's id and its predicted quotes (--dump). */
static void dump_doc(FILE *f, cJSON *id, const px_doc *d)
{
    char *js = cJSON_IsString(id) ? cJSON_PrintUnformatted(id) : NULL;
    fprintf(f, "{\"id\": %s, \"quotes\": [", js ? js : "null");
    cJSON_free(js);
    for (size_t i = 0; i < d->n_quotes; i++) {
        const px_quote *q = &d->quotes[i];
        fprintf(f, "%s{\"content\": [", i ? ", " : "");
        for (uint32_t j = 0; j < q->n_content; j++)
            fprintf(f, "%s[%u, %u]", j ? ", " : "", q->content[j].start, q->content[j].end);
        fputc(']', f);
        dump_span(f, "cue", q->cue);
        dump_span(f, "source", q->source);
        fprintf(f, ", \"direct\": %s, \"speaker\": %d}", q->direct ? "true" : "false",
                (int)q->speaker);
    }
    fputs("]}\n", f);
}

static void article(evstate *st, px_engine *e, cJSON *o)
{
    cJSON *text = cJSON_GetObjectItemCaseSensitive(o, "text");
    cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    if (!cJSON_IsString(text) || !text->valuestring)
        return;
    px_slice t = px_slice_cstr(text->valuestring);
    px_article a = {.text = t};
    px_doc *d;
    if (px_doc_new(e, &a, &d) != PX_OK) {
        st->skipped++;
        return;
    }
    if (!px_slice_eq(px_doc_text(d), t)) { /* NFC changed the offsets */
        st->skipped++;
        px_doc_free(d);
        return;
    }
    size_t ng = 0, np = 0;
    frag *g = gold_frags(cJSON_GetObjectItemCaseSensitive(o, "attributions"), t, &ng);
    frag *p = pred_frags(d, &np);
    if (st->dump)
        dump_doc(st->dump, id, d);
    score_doc(st, cJSON_IsString(id) ? id->valuestring : "?", t, g, ng, p, np);
    st->docs++;
    free(g);
    free(p);
    px_doc_free(d);
}

static void report(FILE *out, const char *name, const counts *c)
{
    double p = c->pred ? (double)c->pred_hit / (double)c->pred : 0;
    double r = c->gold ? (double)c->gold_hit / (double)c->gold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    fprintf(
        out,
        "%-9s gold %5zu pred %5zu  P %.3f R %.3f F1 %.3f  source acc %.3f (exact %.3f, n=%zu)\n",
        name, c->gold, c->pred, p, r, f, c->src_n ? (double)c->src_ok / (double)c->src_n : 0,
        c->src_n ? (double)c->src_exact / (double)c->src_n : 0, c->src_n);
}

static int run(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    evstate st = {.out = out};
    const char *path = NULL, *dump = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--show") == 0 && i + 1 < argc)
            st.show = (size_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc)
            dump = argv[++i];
        else if (!path)
            path = argv[i];
        else {
            fprintf(err, "usage: parallax eval quotes FILE.jsonl [--show N] [--dump FILE]\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(err, "usage: parallax eval quotes FILE.jsonl [--show N] [--dump FILE]\n");
        return 2;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "parallax: eval quotes: cannot open %s\n", path);
        return 1;
    }
    if (dump && !(st.dump = fopen(dump, "w"))) {
        fprintf(err, "parallax: eval quotes: cannot write %s\n", dump);
        fclose(f);
        return 1;
    }
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1, .data_dir = data_dir};
    char emsg[PX_ERRMSG_SIZE] = "";
    if (px_engine_new(&e, &eo, emsg) != PX_OK) {
        fprintf(err, "parallax: eval quotes: %s\n", emsg);
        fclose(f);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        cJSON *o = cJSON_ParseWithLength(line, (size_t)n);
        if (!o) {
            st.skipped++;
            continue;
        }
        article(&st, e, o);
        cJSON_Delete(o);
    }
    free(line);
    fclose(f);
    if (st.dump)
        fclose(st.dump);
    px_engine_free(e);
    fprintf(out, "quotes: %s: %zu articles (%zu skipped)\n", path, st.docs, st.skipped);
    report(out, "all", &st.all);
    report(out, "direct", &st.dir);
    report(out, "reported", &st.rep);
    return 0;
}

const px_eval_task px__eval_quotes = {"quotes",
                                      "quotations and sources against PolNeAR-style JSONL", run};
