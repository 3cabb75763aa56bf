/* Scaffolding shared by the benchmarks (bench_common.h). */
#include "bench_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

double bench_clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_cpu_s(void)
{
    return bench_clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

long bench_peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

double bench_peak_rss_mb(void)
{
    return (double)bench_peak_rss_kb() / 1024;
}

double bench_mb_s(double bytes, double seconds)
{
    return seconds > 0 ? bytes / 1e6 / seconds : 0;
}

const char *bench_default_corpus(char *buf, size_t n)
{
    const char *sh = getenv("PX_SHARED");
#ifdef PX_SHARED_DIR
    if (!sh)
        sh = PX_SHARED_DIR;
#elif defined(PX_DATA_DIR)
    if (!sh)
        sh = PX_DATA_DIR "/../../shared";
#endif
    if (!sh)
        sh = "../shared";
    snprintf(buf, n, "%s/corpus/allsides.jsonl.zst", sh);
    FILE *f = fopen(buf, "rb");
    if (f)
        fclose(f);
    else
        snprintf(buf, n, "%s/corpus/allsides-sample.jsonl", sh);
    return buf;
}

int bench_args_parse(bench_args *a, size_t passes, int argc, char **argv, const char *usage)
{
    a->limit = 0;
    a->passes = passes;
    a->path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--limit") && i + 1 < argc)
            a->limit = (size_t)strtoull(argv[++i], NULL, 10);
        else if (passes && !strcmp(argv[i], "--passes") && i + 1 < argc)
            a->passes = (size_t)strtoull(argv[++i], NULL, 10);
        else if (argv[i][0] != '-')
            a->path = argv[i];
        else {
            fprintf(stderr, "usage: %s\n", usage);
            return 2;
        }
    }
    if (!a->passes)
        a->passes = 1;
    if (!a->path)
        a->path = bench_default_corpus(a->def, sizeof a->def);
    return 0;
}

static void quiet(void *ud, const px_diag *d)
{
    (void)ud;
    (void)d;
}

int bench_reader_open(px_reader **r, const char *path, const char *prog)
{
    static char *paths[1]; /* the reader keeps the list: one reader at a time */
    paths[0] = (char *)path;
    px_reader_options ro = {.diag = quiet};
    if (px_reader_new(r, &ro, paths, 1) != PX_OK) {
        fprintf(stderr, "%s: cannot read %s\n", prog, path);
        return 1;
    }
    return 0;
}

const px_annotator *bench_annotator(const px_engine *e, const char *name, const void **res)
{
    for (size_t i = 0; i < px__n_annotators; i++)
        if (px__annotators[i] && !strcmp(px__annotators[i]->name, name)) {
            *res = e->res[i];
            return px__annotators[i];
        }
    return NULL;
}

const px_annotator *bench_engine_annotator(const char *prog,
                                           const px_engine_options *eo,
                                           const char *name,
                                           px_engine **e,
                                           const void **res)
{
    char msg[PX_ERRMSG_SIZE] = "";
    *e = NULL;
    if (px_engine_new(e, eo, msg) != PX_OK) {
        fprintf(stderr, "%s: %s\n", prog, msg);
        return NULL;
    }
    const px_annotator *a = bench_annotator(*e, name, res);
    if (!a) {
        fprintf(stderr, "%s: the %s annotator is not registered\n", prog, name);
        px_engine_free(*e);
        *e = NULL;
    }
    return a;
}

int bench_next(px_reader *r, px_article *a, size_t limit, size_t docs)
{
    int got = 0;
    return px_reader_next(r, a, &got) == PX_OK && got && (!limit || docs < limit);
}
