/* parallax eval extraction DIR: scores HTML main-text extraction against the
 * gold bodies of DIR/index.jsonl (../shared/data/extraction/README.md) with
 * scrapinghub's rule: tokens are runs of Unicode word characters (letters,
 * digits, '_'), shingles are the multiset of token 4-grams (a text of fewer
 * than 4 tokens gives one shorter shingle), per page tp/fp/fn are
 * Σmin / Σ(pred-gold)+ / Σ(gold-pred)+; precision and recall are averaged over
 * pages and F1 is taken of the two means. Each dataset is reported apart.
 * Where the gold has a title (L3S), "title" is the share of pages whose
 * extracted title has exactly the gold's tokens. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "eval/eval.h"
#include "ingest/charset.h"
#include "ingest/html.h"
#include "ingest/input.h"

typedef struct set_score {
    const char *name;
    double psum, rsum;
    size_t np, nr, pages, exact;
    size_t titles, title_ok; /* pages with a gold title; titles with its exact tokens */
} set_score;

static int word_cp(uint32_t cp)
{
    if (cp < 128)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               cp == '_';
    int8_t t = u_charType((UChar32)cp);
    return t == U_UPPERCASE_LETTER || t == U_LOWERCASE_LETTER || t == U_TITLECASE_LETTER ||
           t == U_MODIFIER_LETTER || t == U_OTHER_LETTER || t == U_DECIMAL_DIGIT_NUMBER ||
           t == U_LETTER_NUMBER || t == U_OTHER_NUMBER;
}

/* Token hashes of s (valid UTF-8) into *v; returns the count or -1. */
static long tokens(px_slice s, uint64_t **v)
{
    size_t cap = 64, n = 0;
    uint64_t *t = malloc(cap * sizeof *t);
    if (!t)
        return -1;
    size_t i = 0;
    while (i < s.len) {
        int len;
        uint32_t cp = px__utf8_decode(s.ptr + i, s.len - i, &len);
        if (!word_cp(cp)) {
            i += (size_t)len;
            continue;
        }
        size_t st = i;
        while (i < s.len) {
            cp = px__utf8_decode(s.ptr + i, s.len - i, &len);
            if (!word_cp(cp))
                break;
            i += (size_t)len;
        }
        if (n == cap) {
            uint64_t *p = realloc(t, (cap *= 2) * sizeof *t);
            if (!p) {
                free(t);
                return -1;
            }
            t = p;
        }
        t[n++] = px__hash64(s.ptr + st, i - st, 7);
    }
    *v = t;
    return (long)n;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorted shingle hashes of s; returns the count (≥ 1) or -1. */
static long shingles(px_slice s, uint64_t **out)
{
    uint64_t *t;
    long n = tokens(s, &t);
    if (n < 0)
        return -1;
    long m = n >= 4 ? n - 3 : 1;
    uint64_t *sh = malloc((size_t)m * sizeof *sh);
    if (!sh) {
        free(t);
        return -1;
    }
    for (long i = 0; i < m; i++) {
        uint64_t h = 0x9E3779B97F4A7C15ULL;
        for (long k = i; k < i + 4 && k < n; k++)
            h = (h ^ t[k]) * 0x100000001B3ULL + (uint64_t)(k - i);
        sh[i] = h;
    }
    free(t);
    qsort(sh, (size_t)m, sizeof *sh, cmp_u64);
    *out = sh;
    return m;
}

/* 1 when both texts have the same token sequence, 0 if not, -1 on no memory. */
static int same_tokens(px_slice a, px_slice b)
{
    uint64_t *x, *y;
    long nx = tokens(a, &x), ny = nx < 0 ? -1 : tokens(b, &y);
    if (nx < 0 || ny < 0) {
        if (nx >= 0)
            free(x);
        return -1;
    }
    int eq = nx == ny && (nx == 0 || memcmp(x, y, (size_t)nx * sizeof *x) == 0);
    free(x);
    free(y);
    return eq;
}

/* Adds one page's precision and recall to sc; returns -1 on no memory. */
static int score_page(set_score *sc, px_slice gold, px_slice pred, double *pp, double *rr)
{
    uint64_t *g, *p;
    long ng = shingles(gold, &g), np = ng < 0 ? -1 : shingles(pred, &p);
    if (ng < 0 || np < 0) {
        if (ng >= 0)
            free(g);
        return -1;
    }
    long i = 0, j = 0, tp = 0;
    while (i < ng && j < np) {
        if (g[i] == p[j])
            tp++, i++, j++;
        else if (g[i] < p[j])
            i++;
        else
            j++;
    }
    long fp = np - tp, fn = ng - tp;
    double prec = 1, rec = 1;
    if (fp || fn) {
        prec = tp + fp ? (double)tp / (double)(tp + fp) : 0;
        rec = tp + fn ? (double)tp / (double)(tp + fn) : 0;
    }
    sc->psum += prec;
    sc->np++;
    sc->rsum += rec;
    sc->nr++;
    sc->pages++;
    sc->exact += fp == 0 && fn == 0;
    *pp = prec;
    *rr = rec;
    free(g);
    free(p);
    return 0;
}

static px_status read_all(const char *path, px_buf *b, char *err)
{
    px_input *in;
    px_status st = px__input_open(&in, path, err);
    if (st)
        return st;
    b->len = 0;
    for (;;) {
        if ((st = px_buf_reserve(b, 65536)))
            break;
        size_t got;
        if ((st = px__input_read(in, b->ptr + b->len, 65536, &got, err)) || !got)
            break;
        b->len += got;
    }
    px__input_close(in);
    return st;
}

typedef struct ectx {
    const char *dir;
    int verbose;
    const char *show;
    px_html *h;
    px_buf raw, utf8, fixed;
    set_score sets[2];
    FILE *out, *err;
} ectx;

static int one_page(ectx *c, cJSON *o)
{
    cJSON *jid = cJSON_GetObjectItemCaseSensitive(o, "id");
    cJSON *jds = cJSON_GetObjectItemCaseSensitive(o, "dataset");
    cJSON *jhtml = cJSON_GetObjectItemCaseSensitive(o, "html");
    cJSON *jbody = cJSON_GetObjectItemCaseSensitive(o, "body");
    cJSON *jurl = cJSON_GetObjectItemCaseSensitive(o, "url");
    if (!cJSON_IsString(jid) || !cJSON_IsString(jds) || !cJSON_IsString(jhtml) ||
        !cJSON_IsString(jbody))
        return 0;
    char path[4096], errmsg[PX_ERRMSG_SIZE];
    snprintf(path, sizeof path, "%s/%s", c->dir, jhtml->valuestring);
    if (read_all(path, &c->raw, errmsg)) {
        fprintf(c->err, "parallax: eval extraction: %s: %s\n", path, errmsg);
        return 1;
    }
    if (px__charset_to_utf8(px_buf_slice(&c->raw), NULL, 0, 1, &c->utf8, NULL))
        return -1;
    size_t nbad;
    c->fixed.len = 0;
    if (px__utf8_repair(px_buf_slice(&c->utf8), 1, &c->fixed, NULL, NULL, &nbad))
        return -1;
    px_html_result res;
    px_slice url = cJSON_IsString(jurl) ? px_slice_cstr(jurl->valuestring) : PX_SLICE_NULL;
    if (px__html_extract(c->h, px_buf_slice(&c->fixed), url, &res))
        return -1;
    set_score *sc = &c->sets[strcmp(jds->valuestring, "scrapinghub") == 0 ? 0 : 1];
    double p, r;
    if (score_page(sc, px_slice_cstr(jbody->valuestring), res.text, &p, &r))
        return -1;
    cJSON *jtitle = cJSON_GetObjectItemCaseSensitive(o, "title");
    if (cJSON_IsString(jtitle) && jtitle->valuestring[0]) {
        int eq = same_tokens(px_slice_cstr(jtitle->valuestring), res.title);
        if (eq < 0)
            return -1;
        sc->titles++;
        sc->title_ok += (size_t)eq;
    }
    if (c->verbose)
        fprintf(c->out, "%-12s %s P %.3f R %.3f\n", sc->name, jid->valuestring, p, r);
    if (c->show && strncmp(c->show, jid->valuestring, strlen(c->show)) == 0)
        fprintf(c->out,
                "---- %s\ntitle: %.*s\ndate: %.*s (%s)\nauthor: %.*s\noutlet: %.*s\n"
                "----\n%.*s\n---- gold\n%s\n",
                jid->valuestring, (int)res.title.len, (const char *)res.title.ptr,
                (int)res.date.len, (const char *)res.date.ptr,
                res.date_source ? res.date_source : "none", (int)res.author.len,
                (const char *)res.author.ptr, (int)res.outlet.len, (const char *)res.outlet.ptr,
                (int)res.text.len, (const char *)res.text.ptr, jbody->valuestring);
    return 0;
}

static void report(ectx *c)
{
    for (int k = 0; k < 2; k++) {
        set_score *s = &c->sets[k];
        if (!s->pages)
            continue;
        double P = s->np ? s->psum / (double)s->np : 0, R = s->nr ? s->rsum / (double)s->nr : 0;
        double F = P + R > 0 ? 2 * P * R / (P + R) : 0;
        fprintf(c->out, "%-12s pages %4zu  F1 %.3f  P %.3f  R %.3f  exact %.3f", s->name, s->pages,
                F, P, R, (double)s->exact / (double)s->pages);
        if (s->titles)
            fprintf(c->out, "  title %.3f", (double)s->title_ok / (double)s->titles);
        fputc('\n', c->out);
    }
}

static int run(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    (void)data_dir; /* HTML extraction loads no model */
    ectx c;
    memset(&c, 0, sizeof c);
    c.out = out;
    c.err = err;
    c.sets[0].name = "scrapinghub";
    c.sets[1].name = "l3s-gn1";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--verbose") == 0)
            c.verbose = 1;
        else if (strcmp(argv[i], "--show") == 0 && i + 1 < argc)
            c.show = argv[++i];
        else if (!c.dir)
            c.dir = argv[i];
    }
    if (!c.dir) {
        fprintf(err, "usage: parallax eval extraction DIR [--verbose] [--show ID]\n"
                     "  DIR holds index.jsonl (see ../shared/data/extraction/README.md)\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/index.jsonl", c.dir);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "parallax: eval extraction: cannot open %s\n", path);
        return 1;
    }
    c.h = px__html_new();
    px_buf_init(&c.raw, 0);
    px_buf_init(&c.utf8, 0);
    px_buf_init(&c.fixed, 0);
    int rc = c.h ? 0 : 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while (rc == 0 && (len = getline(&line, &cap, f)) > 0) {
        cJSON *o = cJSON_ParseWithLength(line, (size_t)len);
        if (o && one_page(&c, o) < 0)
            rc = 1;
        cJSON_Delete(o);
    }
    free(line);
    fclose(f);
    if (rc == 0)
        report(&c);
    px__html_free(c.h);
    px_buf_free(&c.raw);
    px_buf_free(&c.utf8);
    px_buf_free(&c.fixed);
    return rc;
}

const px_eval_task px__eval_extraction = {"extraction", "HTML main text vs gold (scrapinghub, L3S)",
                                          run};
