/* train_quote_frames: counts the attribution frames of data/quotes/frames.tsv
 * on PolNeAR-style JSONL (../shared/data/quotes/polnear-train.jsonl). Every
 * candidate of px__quote_frames_scan (a verb with a subject before it and a
 * ccomp, xcomp or obj after it, off the parse) is counted under its (lemma,
 * frame); it is a hit when its content overlaps a gold content fragment by
 * more than half of that fragment (the rule of `parallax eval quotes`). The
 * pairs seen at least -n times (default 3) with hits at least -p of the time
 * (default 0.5) are written, by lemma: "lemma<TAB>frame<TAB>count<TAB>hits".
 * Deterministic.
 *
 *   train_quote_frames [-n MIN] [-p SHARE] -o OUT.tsv TRAIN.jsonl */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/quote.h"

typedef struct entry {
    char key[80]; /* "lemma\tframe" */
    unsigned n, hits;
} entry;

typedef struct state {
    entry *e;
    size_t n, cap;
    const uint32_t *gold; /* pairs [start, end) of this article's gold content */
    size_t ngold;
} state;

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static px_status count(void *ud, const px_qframe *q)
{
    state *s = ud;
    char key[sizeof s->e->key];
    if (!px__quote_frame_key(q->lemma, q->frame, key, sizeof key))
        return PX_OK;
    int hit = 0;
    for (size_t g = 0; g < s->ngold && !hit; g++) {
        uint32_t gs = s->gold[2 * g], ge = s->gold[2 * g + 1];
        uint32_t lo = q->content.start > gs ? q->content.start : gs;
        uint32_t hi = q->content.end < ge ? q->content.end : ge;
        hit = hi > lo && 2 * (hi - lo) > ge - gs;
    }
    size_t i = 0;
    while (i < s->n && strcmp(s->e[i].key, key))
        i++;
    if (i == s->n) {
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 1024;
            s->e = realloc(s->e, s->cap * sizeof *s->e);
            if (!s->e)
                return PX_ENOMEM;
        }
        memset(&s->e[i], 0, sizeof s->e[i]);
        strcpy(s->e[i].key, key);
        s->n++;
    }
    s->e[i].n++;
    s->e[i].hits += (unsigned)hit;
    return PX_OK;
}

static int span_of(const cJSON *v, uint32_t *s, uint32_t *e)
{
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
        return 0;
    const cJSON *a = cJSON_GetArrayItem(v, 0), *b = cJSON_GetArrayItem(v, 1);
    if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b) || a->valuedouble < 0 ||
        b->valuedouble <= a->valuedouble)
        return 0;
    *s = (uint32_t)a->valuedouble;
    *e = (uint32_t)b->valuedouble;
    return 1;
}

static void article(px_engine *eng, state *s, const char *line, size_t lineno, const char *path)
{
    cJSON *o = cJSON_Parse(line);
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(o, "text");
    if (!cJSON_IsString(text)) {
        fprintf(stderr, "%s:%zu: no text; skipped\n", path, lineno);
        cJSON_Delete(o);
        return;
    }
    px_slice t = px_slice_cstr(text->valuestring);
    size_t cap = 0;
    uint32_t *gold = NULL;
    s->ngold = 0;
    const cJSON *at, *c;
    cJSON_ArrayForEach(at, cJSON_GetObjectItemCaseSensitive(o, "attributions"))
    {
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(at, "content"))
        {
            uint32_t a, b;
            if (!span_of(c, &a, &b) || b > t.len)
                continue;
            if (s->ngold == cap) {
                cap = cap ? 2 * cap : 64;
                gold = realloc(gold, 2 * cap * sizeof *gold);
                if (!gold)
                    exit(1);
            }
            gold[2 * s->ngold] = a;
            gold[2 * s->ngold + 1] = b;
            s->ngold++;
        }
    }
    s->gold = gold;
    px_article a = {.text = t};
    px_doc *d;
    if (px_doc_new(eng, &a, &d) == PX_OK) {
        if (px_slice_eq(px_doc_text(d), t) && px__doc_syntax(d) == PX_OK &&
            px__quote_frames_scan(d, count, s) != PX_OK) {
            fprintf(stderr, "train_quote_frames: out of memory\n");
            exit(1);
        }
        px_doc_free(d);
    } else
        fprintf(stderr, "%s:%zu: cannot annotate; skipped\n", path, lineno);
    free(gold);
    cJSON_Delete(o);
}

static int usage(void)
{
    fprintf(stderr, "usage: train_quote_frames [-n MIN] [-p SHARE] -o OUT.tsv TRAIN.jsonl\n");
    return 2;
}

int main(int argc, char **argv)
{
    unsigned min_n = 3;
    double share = 0.5;
    const char *outp = NULL, *in = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            min_n = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "-p") && i + 1 < argc)
            share = atof(argv[++i]);
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            outp = argv[++i];
        else if (argv[i][0] != '-' && !in)
            in = argv[i];
        else
            return usage();
    }
    if (!outp || !in)
        return usage();
    FILE *f = fopen(in, "r");
    if (!f) {
        fprintf(stderr, "train_quote_frames: cannot open %s\n", in);
        return 1;
    }
    char err[PX_ERRMSG_SIZE];
    px_engine *eng;
    px_engine_options eo = {.no_langid = 1};
    if (px_engine_new(&eng, &eo, err)) {
        fprintf(stderr, "train_quote_frames: %s\n", err);
        return 1;
    }
    state s = {0};
    char *line = NULL;
    size_t lcap = 0, lineno = 0, docs = 0;
    ssize_t got;
    while ((got = getline(&line, &lcap, f)) > 0) {
        lineno++;
        if (got > 1) {
            article(eng, &s, line, lineno, in);
            docs++;
        }
    }
    free(line);
    fclose(f);
    px_engine_free(eng);
    qsort(s.e, s.n, sizeof *s.e, cmp_entry);
    FILE *o = fopen(outp, "w");
    if (!o) {
        fprintf(stderr, "train_quote_frames: cannot write %s\n", outp);
        return 1;
    }
    fprintf(o,
            "# learned attribution frames: tools/train_quote_frames.c -n %u -p %g on %zu "
            "articles\n# lemma\tframe\tcount\thits\n",
            min_n, share, docs);
    size_t kept = 0;
    for (size_t i = 0; i < s.n; i++)
        if (s.e[i].n >= min_n && (double)s.e[i].hits >= share * (double)s.e[i].n) {
            fprintf(o, "%s\t%u\t%u\n", s.e[i].key, s.e[i].n, s.e[i].hits);
            kept++;
        }
    if (fclose(o)) {
        fprintf(stderr, "train_quote_frames: cannot write %s\n", outp);
        return 1;
    }
    fprintf(stderr, "%zu articles, %zu (lemma, frame) pairs, %zu written\n", docs, s.n, kept);
    free(s.e);
    return 0;
}
