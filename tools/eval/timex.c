/* parallax eval timex FILE.jsonl [--errors]: TIMEX3 recognition and
 * normalization against gold TimeML annotations (../shared/data/timex/).
 *
 * Each record ({"id", "dct", "text", "timexes": [{start, end, type, value}]})
 * becomes a document with the DCT as its article date. Scoring follows
 * TempEval-3: a system timex and a gold one match strictly when their spans are
 * equal and relaxed when they overlap (one-to-one, in order); value and type F1
 * count relaxed matches whose attribute is also equal, over all system (P) and
 * all gold (R) timexes. --errors prints every miss and wrong value. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"

typedef struct gold {
    uint32_t start, end;
    int type;
    const char *value;
} gold;

typedef struct tally {
    size_t ngold, nsys, strict, relaxed, value, type;
} tally;

static int type_code(const char *s)
{
    static const char *const t[] = {"", "DATE", "TIME", "DURATION", "SET"};
    for (int i = 1; i < 5; i++)
        if (s && !strcmp(s, t[i]))
            return i;
    return 0;
}

static void
score_doc(const px_doc *d, const gold *g, size_t ng, tally *t, FILE *err, int show, const char *id)
{
    static const char *const tn[] = {"?", "DATE", "TIME", "DURATION", "SET"};
    size_t ns = d->n_timexes;
    char *used = calloc(ns ? ns : 1, 1);
    if (!used)
        return;
    t->ngold += ng;
    t->nsys += ns;
    for (size_t i = 0; i < ng; i++) {
        size_t best = ns;
        for (size_t j = 0; j < ns; j++) {
            const px_timex *s = &d->timexes[j];
            if (used[j] || s->span.end <= g[i].start || s->span.start >= g[i].end)
                continue;
            best = j;
            break;
        }
        if (best == ns) {
            if (show)
                fprintf(err, "MISS %s [%.*s] %s %s\n", id, (int)(g[i].end - g[i].start),
                        (const char *)d->text.ptr + (g[i].start < d->text.len ? g[i].start : 0),
                        tn[g[i].type], g[i].value);
            continue;
        }
        used[best] = 1;
        const px_timex *s = &d->timexes[best];
        t->relaxed++;
        if (s->span.start == g[i].start && s->span.end == g[i].end)
            t->strict++;
        int same =
            s->value.len == strlen(g[i].value) && !memcmp(s->value.ptr, g[i].value, s->value.len);
        t->value += same;
        t->type += s->type == g[i].type;
        if (show && !same)
            fprintf(err, "VALUE %s [%.*s] gold %s %s, got [%.*s] %s %.*s\n", id,
                    (int)(g[i].end - g[i].start), (const char *)d->text.ptr + g[i].start,
                    tn[g[i].type], g[i].value, (int)(s->span.end - s->span.start),
                    (const char *)d->text.ptr + s->span.start, tn[s->type < 5 ? s->type : 0],
                    (int)s->value.len, (const char *)s->value.ptr);
    }
    for (size_t j = 0; j < ns && show; j++)
        if (!used[j])
            fprintf(err, "EXTRA %s [%.*s] %.*s\n", id,
                    (int)(d->timexes[j].span.end - d->timexes[j].span.start),
                    (const char *)d->text.ptr + d->timexes[j].span.start,
                    (int)d->timexes[j].value.len, (const char *)d->timexes[j].value.ptr);
    free(used);
}

static void prf(FILE *out, const char *name, size_t tp, size_t nsys, size_t ngold)
{
    double p = nsys ? (double)tp / (double)nsys : 0, r = ngold ? (double)tp / (double)ngold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    fprintf(out, "%-8s P %.4f  R %.4f  F1 %.4f  (%zu)\n", name, p, r, f, tp);
}

/* Annotates one record and scores it; returns 0, or 1 on a bad record. */
static int eval_record(px_engine *e, const cJSON *o, tally *t, FILE *err, int show)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(o, "text");
    const cJSON *dct = cJSON_GetObjectItemCaseSensitive(o, "dct");
    const cJSON *tx = cJSON_GetObjectItemCaseSensitive(o, "timexes");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    if (!cJSON_IsString(text) || !cJSON_IsArray(tx))
        return 1;
    px_article a;
    memset(&a, 0, sizeof a);
    a.text = px_slice_cstr(text->valuestring);
    if (cJSON_IsString(dct) && strlen(dct->valuestring) >= 10)
        a.date = (px_slice){(const uint8_t *)dct->valuestring, 10};
    size_t ng = (size_t)cJSON_GetArraySize(tx), k = 0;
    gold *g = calloc(ng ? ng : 1, sizeof *g);
    if (!g)
        return 1;
    const cJSON *it;
    cJSON_ArrayForEach(it, tx)
    {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(it, "start");
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(it, "end");
        const cJSON *ty = cJSON_GetObjectItemCaseSensitive(it, "type");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "value");
        if (!cJSON_IsNumber(s) || !cJSON_IsNumber(en) || !cJSON_IsString(v))
            continue;
        g[k].start = (uint32_t)s->valuedouble;
        g[k].end = (uint32_t)en->valuedouble;
        g[k].type = type_code(cJSON_IsString(ty) ? ty->valuestring : NULL);
        g[k].value = v->valuestring;
        k++;
    }
    px_doc *d;
    int bad = 0;
    if (px_doc_new(e, &a, &d) == PX_OK) {
        score_doc(d, g, k, t, err, show, cJSON_IsString(id) ? id->valuestring : "?");
        px_doc_free(d);
    } else {
        bad = 1;
    }
    free(g);
    return bad;
}

static int run(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    const char *path = NULL;
    int show = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--errors"))
            show = 1;
        else if (!path)
            path = argv[i];
    }
    if (!path) {
        fprintf(err, "usage: parallax eval timex FILE.jsonl [--errors]\n");
        return 2;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "parallax: eval timex: cannot open %s\n", path);
        return 1;
    }
    px_engine *e;
    char msg[PX_ERRMSG_SIZE] = "";
    px_engine_options eo = {.no_langid = 1, .data_dir = data_dir};
    if (px_engine_new(&e, &eo, msg)) {
        fprintf(err, "parallax: eval timex: %s\n", msg);
        fclose(f);
        return 1;
    }
    tally t;
    memset(&t, 0, sizeof t);
    char *line = NULL;
    size_t cap = 0, docs = 0, bad = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        cJSON *o = cJSON_ParseWithLength(line, (size_t)len);
        if (!o) {
            bad++;
            continue;
        }
        bad += (size_t)eval_record(e, o, &t, err, show);
        docs++;
        cJSON_Delete(o);
    }
    free(line);
    fclose(f);
    px_engine_free(e);
    fprintf(out, "timex: %zu documents, %zu gold, %zu system timexes%s\n", docs, t.ngold, t.nsys,
            bad ? " (some records skipped)" : "");
    prf(out, "strict", t.strict, t.nsys, t.ngold);
    prf(out, "relaxed", t.relaxed, t.nsys, t.ngold);
    prf(out, "value", t.value, t.nsys, t.ngold);
    prf(out, "type", t.type, t.nsys, t.ngold);
    return bad ? 1 : 0;
}

const px_eval_task px__eval_timex = {
    "timex", "TIMEX3 spans and values (TempEval-3 scoring) on a .jsonl", run};
