/* parallax eval stories [BASIL.jsonl [DISTRACTORS.jsonl.zst]] [--distractors N]
 * [--db FILE] [--errors]: story grouping against BASIL's events (three outlets
 * each, ../shared/data/basil/README.md) mixed with AllSides articles as
 * distractors (../shared/corpus/README.md). Every article is annotated and stored
 * in a temporary store, grouped by px_stories_build, and scored pairwise over
 * the BASIL articles (a pair is positive when both belong to one event); a
 * distractor counts as wrongly joined when its story holds a BASIL article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zstd.h>

#include "corpus/topic_impl.h"
#include "eval/eval.h"

#ifndef PX_DATA_DIR
#define PX_DATA_DIR "data"
#endif
#define SHARED PX_DATA_DIR "/../../shared"

typedef struct gold {
    char id[17];
    int event; /* BASIL event or MEANTIME story index; -1 for a distractor */
    int topic; /* MEANTIME topic index; -1 for BASIL */
    char lang[8];
} gold;

typedef struct run {
    px_engine *eng;
    px_store *s;
    gold *g;
    size_t n, cap;
    FILE *err;
} run;

static px_slice jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? px_slice_cstr(v->valuestring) : PX_SLICE_NULL;
}

/* Annotates and stores one article, remembering its gold event (and topic and
 * language: MEANTIME). */
static int add_gold(run *r, const cJSON *a, px_slice outlet, int event, int topic)
{
    px_article art = {.text = jstr(a, "text"),
                      .title = jstr(a, "title"),
                      .date = jstr(a, "date"),
                      .outlet = outlet,
                      .url = jstr(a, "url"),
                      .date_source = "header"};
    if (!art.text.ptr)
        return 0;
    px_doc *d;
    if (px_doc_new(r->eng, &art, &d))
        return 0;
    for (size_t i = 0; event < 0 && i < r->n; i++)
        if (r->g[i].event >= 0 && !strcmp(r->g[i].id, px_doc_id(d))) {
            px_doc_free(d); /* the same article as a BASIL one: not a distractor */
            return 1;
        }
    int rc = px_store_put(r->s, d, NULL) == PX_OK ? 0 : -1;
    if (rc == 0 && r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 1024;
        gold *ng = realloc(r->g, nc * sizeof *ng);
        if (!ng)
            rc = -1;
        else
            r->g = ng, r->cap = nc;
    }
    if (rc == 0) {
        gold *g = &r->g[r->n++];
        px_slice lang = jstr(a, "lang");
        snprintf(g->id, sizeof g->id, "%s", px_doc_id(d));
        g->event = event;
        g->topic = topic;
        snprintf(g->lang, sizeof g->lang, "%.*s", lang.ptr ? (int)lang.len : 0,
                 lang.ptr ? (const char *)lang.ptr : "");
    }
    px_doc_free(d);
    return rc;
}

static int add(run *r, const cJSON *a, px_slice outlet, int event)
{
    return add_gold(r, a, outlet, event, -1);
}

static int load_basil(run *r, const char *path, int *events)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(r->err, "parallax: eval stories: cannot open %s\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    *events = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        cJSON *ev = cJSON_ParseWithLength(line, (size_t)len);
        const cJSON *a;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(ev, "articles"))
        {
            if (add(r, a, jstr(a, "outlet"), *events))
                fprintf(r->err, "parallax: eval stories: cannot store an article\n");
        }
        if (ev)
            (*events)++;
        cJSON_Delete(ev);
    }
    free(line);
    fclose(f);
    return 0;
}

/* Streams the first n lines of a zstd-compressed JSON Lines file into the store. */
static int load_distractors(run *r, const char *path, size_t n)
{
    FILE *f = fopen(path, "rb");
    ZSTD_DStream *z = ZSTD_createDStream();
    size_t in_cap = ZSTD_DStreamInSize(), out_cap = ZSTD_DStreamOutSize();
    char *in = malloc(in_cap), *out = malloc(out_cap), *line = NULL;
    size_t line_len = 0, line_cap = 0, got = 0;
    int rc = f && z && in && out ? 0 : -1;
    if (!f)
        fprintf(r->err, "parallax: eval stories: cannot open %s\n", path);
    if (z)
        ZSTD_initDStream(z);
    size_t nr;
    while (rc == 0 && got < n && (nr = fread(in, 1, in_cap, f)) > 0) {
        ZSTD_inBuffer ib = {in, nr, 0};
        while (rc == 0 && ib.pos < ib.size && got < n) {
            ZSTD_outBuffer ob = {out, out_cap, 0};
            if (ZSTD_isError(ZSTD_decompressStream(z, &ob, &ib))) {
                rc = -1;
                break;
            }
            for (size_t i = 0; i < ob.pos && got < n; i++) {
                if (line_len + 1 >= line_cap) {
                    char *nl = realloc(line, line_cap = line_cap ? line_cap * 2 : 1 << 16);
                    if (!nl) {
                        rc = -1;
                        break;
                    }
                    line = nl;
                }
                if (out[i] != '\n') {
                    line[line_len++] = out[i];
                    continue;
                }
                cJSON *a = cJSON_ParseWithLength(line, line_len);
                line_len = 0;
                if (a && add(r, a, jstr(a, "outlet"), -1) == 0)
                    got++;
                cJSON_Delete(a);
            }
        }
    }
    if (f)
        fclose(f);
    ZSTD_freeDStream(z);
    free(in);
    free(out);
    free(line);
    return rc;
}

/* Pairwise scores over the BASIL articles and the distractors joined to them. */
static void score(run *r, const px_stories *st, int events, FILE *out, int show)
{
    const px__corpus *c = st->c;
    int *story_of = malloc((r->n + 1) * sizeof *story_of);
    size_t *basil_in = calloc(st->n + 1, sizeof *basil_in);
    px_map *ids = px__map_new(c->n);
    if (!story_of || !basil_in || !ids)
        goto done;
    for (size_t i = 0; i < c->n; i++) {
        uint64_t *slot;
        int isnew;
        if (px__map_put(ids, c->docs[i].id, i, &slot, &isnew))
            goto done;
    }
    /* The story index of each gold article (in st->story order). */
    for (size_t k = 0; k < st->n; k++)
        for (uint32_t m = 0; m < st->story[k].n; m++)
            c->docs[st->members[st->story[k].first + m]].story = (int32_t)k;
    for (size_t i = 0; i < r->n; i++) {
        uint64_t *at = px__map_get(ids, px_slice_cstr(r->g[i].id));
        story_of[i] = at ? c->docs[*at].story : -1;
        if (r->g[i].event >= 0 && story_of[i] >= 0)
            basil_in[story_of[i]]++;
    }
    size_t tp = 0, fp = 0, fn = 0, joined = 0, distractors = 0, basil = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->g[i].event < 0) {
            distractors++;
            joined += story_of[i] >= 0 && basil_in[story_of[i]] > 0;
            if (show && story_of[i] >= 0 && basil_in[story_of[i]] > 0)
                fprintf(out, "JOINED distractor %s to story %s\n", r->g[i].id,
                        st->story[story_of[i]].id);
            continue;
        }
        basil++;
        for (size_t j = i + 1; j < r->n; j++) {
            if (r->g[j].event < 0)
                continue;
            int same = r->g[i].event == r->g[j].event;
            int pred = story_of[i] >= 0 && story_of[i] == story_of[j];
            tp += same && pred;
            fp += !same && pred;
            fn += same && !pred;
            if (show && same != pred)
                fprintf(out, "%s event %d %s / event %d %s\n", same ? "SPLIT" : "MERGED",
                        r->g[i].event, r->g[i].id, r->g[j].event, r->g[j].id);
        }
    }
    double p = tp + fp ? (double)tp / (tp + fp) : 0, rc = tp + fn ? (double)tp / (tp + fn) : 0;
    fprintf(out, "events %d, BASIL articles %zu, distractors %zu, stories %zu, copies %zu\n",
            events, basil, distractors, st->n, st->copies);
    fprintf(out, "pairs: gold %zu, predicted %zu, correct %zu\n", tp + fn, tp + fp, tp);
    fprintf(out, "precision %.3f  recall %.3f  F1 %.3f\n", p, rc,
            p + rc > 0 ? 2 * p * rc / (p + rc) : 0);
    fprintf(out, "distractors joined to a BASIL story: %zu (%.2f%%)\n", joined,
            distractors ? 100.0 * joined / distractors : 0);
done:
    free(story_of);
    free(basil_in);
    px__map_free(ids);
}

/* MEANTIME-style gold (../shared/data/stories/README.md): one article a line,
 * {"id", "lang", "story", "topic", "title", "date", "text"}; the same story in
 * several languages. Story and topic names become indices. */
static int
load_meantime(run *r, const char *path, char (*topics)[32], int *n_topics, int max_topics)
{
    FILE *f = fopen(path, "rb");
    px_map *stories = px__map_new(256), *tmap = px__map_new(16);
    if (!f || !stories || !tmap) {
        fprintf(r->err, "parallax: eval stories: cannot open %s\n", path);
        if (f)
            fclose(f);
        px__map_free(stories);
        px__map_free(tmap);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    *n_topics = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        cJSON *a = cJSON_ParseWithLength(line, (size_t)len);
        px_slice story = jstr(a, "story"), topic = jstr(a, "topic"), lang = jstr(a, "lang");
        uint64_t *slot, *tslot;
        int isnew;
        if (!a || !story.ptr || !lang.ptr) {
            if (len > 1)
                fprintf(r->err,
                        "parallax: eval stories: %s:%zu: not an article with story and lang\n",
                        path, lineno);
            cJSON_Delete(a);
            continue;
        }
        int ti = -1;
        if (topic.ptr && !px__map_put(tmap, topic, (uint64_t)*n_topics, &tslot, &isnew)) {
            if (isnew && *n_topics < max_topics) {
                snprintf(topics[*n_topics], sizeof topics[0], "%.*s", (int)topic.len,
                         (const char *)topic.ptr);
                (*n_topics)++;
            }
            ti = (int)*tslot < max_topics ? (int)*tslot : -1;
        }
        char outlet[32];
        snprintf(outlet, sizeof outlet, "wikinews-%.*s", (int)(lang.len < 8 ? lang.len : 8),
                 (const char *)lang.ptr);
        if (px__map_put(stories, story, px__map_count(stories), &slot, &isnew) ||
            add_gold(r, a, px_slice_cstr(outlet), (int)*slot, ti))
            fprintf(r->err, "parallax: eval stories: %s:%zu: cannot store the article\n", path,
                    lineno);
        cJSON_Delete(a);
    }
    free(line);
    fclose(f);
    px__map_free(stories);
    px__map_free(tmap);
    return 0;
}

static void prf(FILE *out, const char *what, size_t tp, size_t fp, size_t fn)
{
    double p = tp + fp ? (double)tp / (tp + fp) : 0, rc = tp + fn ? (double)tp / (tp + fn) : 0;
    fprintf(
        out,
        "%s: pairs gold %zu, predicted %zu, correct %zu; precision %.3f  recall %.3f  F1 %.3f\n",
        what, tp + fn, tp + fp, tp, p, rc, p + rc > 0 ? 2 * p * rc / (p + rc) : 0);
}

/* The predicted story (and topic) of each gold article, -1 when not found. */
static px_status
predicted(run *r, const px_stories *st, const px_topics *t, int *story_of, int *topic_of)
{
    px_map *ids = px__map_new(r->n + 16);
    if (!ids)
        return PX_ENOMEM;
    px_status e = PX_OK;
    for (size_t i = 0; i < r->n && !e; i++) {
        uint64_t *slot;
        int isnew;
        story_of[i] = topic_of[i] = -1;
        if (px__map_put(ids, px_slice_cstr(r->g[i].id), i, &slot, &isnew))
            e = PX_ENOMEM;
    }
    const px__corpus *c = st->c;
    for (size_t k = 0; k < st->n && !e; k++)
        for (uint32_t m = 0; m < st->story[k].n; m++) {
            uint64_t *at = px__map_get(ids, c->docs[st->members[st->story[k].first + m]].id);
            if (at)
                story_of[*at] = (int)k;
        }
    for (size_t i = 0; t && i < t->n && !e; i++) {
        const px__topic *tp = &t->topic[i];
        for (uint32_t k = 0; k < tp->n; k++) {
            const px__story *s = &t->st->story[t->stories[tp->first + k]];
            for (uint32_t m = 0; m < s->n; m++) {
                uint64_t *at = px__map_get(ids, t->st->c->docs[t->st->members[s->first + m]].id);
                if (at)
                    topic_of[*at] = (int)i;
            }
        }
    }
    px__map_free(ids);
    return e;
}

/* Cross-language story pairs (gold: same story) and topic pairs over all
 * articles (gold: same topic), pairwise. */
static void score_meantime(run *r,
                           const px_stories *st,
                           const px_topics *t,
                           char (*topics)[32],
                           int n_topics,
                           FILE *out,
                           int show)
{
    int *story_of = malloc((r->n + 1) * sizeof *story_of);
    int *topic_of = malloc((r->n + 1) * sizeof *topic_of);
    if (!story_of || !topic_of || predicted(r, st, t, story_of, topic_of)) {
        fprintf(out, "out of memory\n");
        goto done;
    }
    size_t xtp = 0, xfp = 0, xfn = 0, stp = 0, sfp = 0, sfn = 0, ttp = 0, tfp = 0, tfn = 0;
    for (size_t i = 0; i < r->n; i++)
        for (size_t j = i + 1; j < r->n; j++) {
            const gold *a = &r->g[i], *b = &r->g[j];
            int same = a->event == b->event;
            int pred = story_of[i] >= 0 && story_of[i] == story_of[j];
            if (strcmp(a->lang, b->lang)) {
                xtp += same && pred;
                xfp += !same && pred;
                xfn += same && !pred;
                if (show && same != pred)
                    fprintf(out, "%s story %d %s %s / story %d %s %s\n", same ? "SPLIT" : "MERGED",
                            a->event, a->lang, a->id, b->event, b->lang, b->id);
            }
            stp += same && pred;
            sfp += !same && pred;
            sfn += same && !pred;
            same = a->topic >= 0 && a->topic == b->topic;
            pred = topic_of[i] >= 0 && topic_of[i] == topic_of[j];
            ttp += same && pred;
            tfp += !same && pred;
            tfn += same && !pred;
        }
    size_t n_pred_topics = 0;
    for (size_t i = 0; t && i < t->n; i++)
        n_pred_topics += t->topic[i].n > 0;
    fprintf(out, "articles %zu, gold topics %d, stories %zu, topics %zu\n", r->n, n_topics, st->n,
            n_pred_topics);
    prf(out, "cross-language stories", xtp, xfp, xfn);
    prf(out, "stories (all pairs)", stp, sfp, sfn);
    prf(out, "topics", ttp, tfp, tfn);
    if (show)
        for (int k = 0; k < n_topics; k++) {
            /* Where each gold topic's articles went: the predicted topics
             * holding most of them. */
            size_t n = 0, best = 0;
            int bi = -1;
            for (size_t i = 0; t && i < t->n; i++) {
                size_t m = 0;
                for (size_t x = 0; x < r->n; x++)
                    m += r->g[x].topic == k && topic_of[x] == (int)i;
                if (m > best)
                    best = m, bi = (int)i;
            }
            for (size_t x = 0; x < r->n; x++)
                n += r->g[x].topic == k;
            fprintf(out, "TOPIC %s: %zu articles, %zu in its largest predicted topic %s\n",
                    topics[k], n, best, bi >= 0 ? t->topic[bi].id : "-");
        }
done:
    free(story_of);
    free(topic_of);
}

static void drop_store(const char *db)
{
    char p[4200];
    unlink(db);
    snprintf(p, sizeof p, "%s-wal", db);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db);
    unlink(p);
    snprintf(p, sizeof p, "%s.gold", db);
    unlink(p);
}

static double seconds(void);

/* Annotates a MEANTIME-style file into a fresh temporary store, groups it and
 * scores it. */
static int eval_meantime(
    px_engine *eng, const px_grouping *gp, const char *path, FILE *out, FILE *err, int show)
{
    char db[64];
    snprintf(db, sizeof db, "/tmp/parallax-eval-meantime-%ld.db", (long)getpid());
    drop_store(db);
    run r = {.eng = eng, .err = err};
    char msg[PX_ERRMSG_SIZE] = "", topics[64][32];
    int n_topics = 0, code = 1;
    px_stories *st = NULL;
    px_topics *t = NULL;
    if (px_store_open(&r.s, db, msg)) {
        fprintf(err, "parallax: eval stories: %s\n", msg);
        goto done;
    }
    if (load_meantime(&r, path, topics, &n_topics, 64) || px_store_commit(r.s))
        goto done;
    double t0 = seconds();
    if (px_stories_group(r.s, 1, gp, &st) || px_topics_load(r.s, &t)) {
        fprintf(err, "parallax: eval stories: %s\n", px_store_errmsg(r.s));
        goto done;
    }
    double t1 = seconds();
    fprintf(out, "%s\n", path);
    score_meantime(&r, st, t, topics, n_topics, out, show);
    fprintf(out, "grouping: %zu articles in %.2f s\n", st->c->n, t1 - t0);
    code = 0;
done:
    px_topics_free(t);
    px_stories_free(st);
    if (r.s && px_store_close(r.s))
        code = 1;
    free(r.g);
    drop_store(db);
    return code;
}

/* The gold of a kept store lives in its own file next to it (DB.gold, one
 * "id<TAB>event" line per article): eval never adds tables to a store. */
static void gold_path(const char *db, char *out, size_t cap)
{
    snprintf(out, cap, "%s.gold", db);
}

/* Loads the gold of an earlier run kept with the store. Returns the number of
 * articles found (0: load them). */
static size_t reuse(run *r, const char *db, int *events)
{
    char path[4096];
    gold_path(db, path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char id[17];
    int ev;
    while (fscanf(f, "%16s %d", id, &ev) == 2) {
        if (r->n == r->cap) {
            size_t nc = r->cap ? r->cap * 2 : 1024;
            gold *ng = realloc(r->g, nc * sizeof *ng);
            if (!ng)
                break;
            r->g = ng, r->cap = nc;
        }
        memcpy(r->g[r->n].id, id, sizeof id);
        r->g[r->n].event = ev;
        r->g[r->n].topic = -1;
        r->g[r->n].lang[0] = 0;
        if (ev + 1 > *events)
            *events = ev + 1;
        r->n++;
    }
    fclose(f);
    return r->n;
}

/* Keeps the gold next to the store, for a later run with the same --db. */
static int keep(run *r, const char *db)
{
    char path[4096];
    gold_path(db, path, sizeof path);
    if (px_store_commit(r->s))
        return -1;
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (size_t i = 0; i < r->n; i++)
        fprintf(f, "%s\t%d\n", r->g[i].id, r->g[i].event);
    return fclose(f) ? -1 : 0;
}

static const char USAGE[] =
    "usage: parallax eval stories [BASIL.jsonl [DISTRACTORS.jsonl.zst]] [--distractors N]\n"
    "                             [--db FILE] [--errors] [--set NAME=VALUE]...\n"
    "                             [--meantime FILE]... [--only basil|meantime]\n"
    "  BASIL events among AllSides distractors (pairwise F1 of stories), then stories\n"
    "  across languages and topics on MEANTIME (cross-language story and topic pairwise F1).\n"
    "  defaults: " SHARED "/data/basil/basil.jsonl, " SHARED "/corpus/allsides.jsonl.zst,\n"
    "  5000 distractors (the first N lines), a temporary store in /tmp (--db keeps one,\n"
    "  with its gold in FILE.gold, and reuses both for a later run); --meantime: a file of\n"
    "  {id, lang, story, topic, date, title, text} lines (default " SHARED "/data/stories/\n"
    "  meantime-dev.jsonl), scored in a temporary store of its own; --set changes a grouping\n"
    "  parameter (docs/corpus.md) for tuning on these development sets\n";

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int eval_stories(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    const char *basil = SHARED "/data/basil/basil.jsonl";
    const char *dis = SHARED "/corpus/allsides.jsonl.zst", *db = NULL;
    const char *meantime[8] = {NULL};
    size_t n_dis = 5000, n_meantime = 0;
    int show = 0, pos = 0, basil_on = 1, meantime_on = 1;
    px_grouping gp;
    px_grouping_defaults(&gp);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--distractors") && i + 1 < argc)
            n_dis = (size_t)strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--db") && i + 1 < argc)
            db = argv[++i];
        else if (!strcmp(argv[i], "--errors"))
            show = 1;
        else if (!strcmp(argv[i], "--meantime") && i + 1 < argc && n_meantime < 8)
            meantime[n_meantime++] = argv[++i];
        else if (!strcmp(argv[i], "--only") && i + 1 < argc &&
                 (!strcmp(argv[i + 1], "basil") || !strcmp(argv[i + 1], "meantime"))) {
            basil_on = !strcmp(argv[++i], "basil");
            meantime_on = !basil_on;
        } else if (!strcmp(argv[i], "--set") && i + 1 < argc && strchr(argv[i + 1], '=')) {
            char name[32];
            const char *eq = strchr(argv[++i], '=');
            snprintf(name, sizeof name, "%.*s", (int)(eq - argv[i]), argv[i]);
            if (px_grouping_set(&gp, name, strtod(eq + 1, NULL))) {
                fprintf(err, "parallax: eval stories: unknown parameter or bad value: %s\n",
                        argv[i]);
                return 2;
            }
        } else if (argv[i][0] != '-' && pos < 2)
            *(pos++ ? &dis : &basil) = argv[i];
        else {
            fputs(USAGE, err);
            return 2;
        }
    }
    if (!n_meantime)
        meantime[n_meantime++] = SHARED "/data/stories/meantime-dev.jsonl";
    char tmp[64];
    if (!db) {
        snprintf(tmp, sizeof tmp, "/tmp/parallax-eval-stories-%ld.db", (long)getpid());
        db = tmp;
    }
    run r = {.err = err};
    char msg[PX_ERRMSG_SIZE] = "";
    int code = 1;
    px_stories *st = NULL;
    px_engine_options eo = {.data_dir = data_dir};
    if (px_engine_new(&r.eng, &eo, msg)) {
        fprintf(err, "parallax: eval stories: %s\n", msg);
        goto done;
    }
    if (basil_on) {
        if (px_store_open(&r.s, db, msg)) {
            fprintf(err, "parallax: eval stories: %s\n", msg);
            goto done;
        }
        int events = 0;
        if (reuse(&r, db, &events) == 0 &&
            (load_basil(&r, basil, &events) || load_distractors(&r, dis, n_dis) || keep(&r, db)))
            goto done;
        double t0 = seconds();
        /* A full regroup: a reused store keeps an earlier run's grouping, which an
         * incremental run would not recompute (and --set would change nothing). */
        if (px_stories_group(r.s, 1, &gp, &st)) {
            fprintf(err, "parallax: eval stories: %s\n", px_store_errmsg(r.s));
            goto done;
        }
        double t1 = seconds();
        fprintf(out, "%s\n", basil);
        score(&r, st, events, out, show);
        fprintf(out, "grouping: %zu articles in %.2f s\n", st->c->n, t1 - t0);
    }
    for (size_t i = 0; meantime_on && i < n_meantime; i++)
        if (eval_meantime(r.eng, &gp, meantime[i], out, err, show))
            goto done;
    code = 0;
done:
    px_stories_free(st);
    if (r.s && px_store_close(r.s))
        code = 1;
    px_engine_free(r.eng);
    free(r.g);
    if (db == tmp)
        drop_store(tmp);
    return code;
}

const px_eval_task px__eval_stories = {
    .name = "stories",
    .summary = "stories (BASIL among AllSides), across languages and topics (MEANTIME)",
    .run = eval_stories,
};
