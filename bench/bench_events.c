/* Benchmark of the event coder (src/annotate/event/): reads articles with the
 * public reader, annotates each one with px_doc_new (timed: the whole
 * annotate, parse included), then times P reruns of the events annotator
 * alone on it (the parse is made once per document and shared, so the rerun
 * is the coding step apart from the parse). Prints MB/s per core of both
 * (bytes of article text per second of process CPU time), the events found
 * and the peak RSS.
 *
 * Usage: bench_events [--limit N] [--passes P] [CORPUS]
 * CORPUS defaults to $PX_SHARED/corpus/allsides.jsonl.zst, else
 * PX_SHARED_DIR/corpus/allsides-sample.jsonl. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "internal.h"

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void quiet(void *ud, const px_diag *d)
{
    (void)ud;
    (void)d;
}

static const char *default_corpus(char *buf, size_t n)
{
    const char *sh = getenv("PX_SHARED");
#ifdef PX_SHARED_DIR
    if (!sh)
        sh = PX_SHARED_DIR;
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

int main(int argc, char **argv)
{
    size_t limit = 0, passes = 3;
    const char *path = NULL;
    char def[4096];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
            limit = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--passes") == 0 && i + 1 < argc)
            passes = strtoul(argv[++i], NULL, 10);
        else
            path = argv[i];
    }
    if (!passes)
        passes = 1;
    if (!path)
        path = default_corpus(def, sizeof def);
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1, .data_dir = px_data_dir_default()};
    char msg[PX_ERRMSG_SIZE] = "";
    if (px_engine_new(&e, &eo, msg) != PX_OK) {
        fprintf(stderr, "bench_events: %s\n", msg);
        return 1;
    }
    size_t ei = SIZE_MAX;
    for (size_t i = 0; i < px__n_annotators; i++)
        if (px__annotators[i] && strcmp(px__annotators[i]->name, "events") == 0)
            ei = i;
    if (ei == SIZE_MAX) {
        fprintf(stderr, "bench_events: the events annotator is not registered\n");
        px_engine_free(e);
        return 1;
    }
    const px_annotator *ea = px__annotators[ei];
    px_reader *r = NULL;
    char *paths[] = {(char *)path};
    px_reader_options ro = {.diag = quiet};
    if (px_reader_new(&r, &ro, paths, 1) != PX_OK) {
        fprintf(stderr, "bench_events: cannot read %s\n", path);
        px_engine_free(e);
        return 1;
    }
    size_t docs = 0, bytes = 0, events = 0, negated = 0, both = 0;
    double cpu_ev = 0, cpu_all = 0;
    for (;;) {
        px_article a;
        int got = 0;
        if (px_reader_next(r, &a, &got) != PX_OK || !got || (limit && docs >= limit))
            break;
        px_doc *d = NULL;
        double t0 = cpu_s();
        if (px_doc_new(e, &a, &d) != PX_OK)
            continue;
        double t1 = cpu_s();
        cpu_all += t1 - t0;
        for (size_t p = 0; p < passes; p++)
            if (ea->run(d, e->res[ei]) != PX_OK)
                break;
        cpu_ev += cpu_s() - t1;
        docs++;
        bytes += d->text.len;
        events += d->n_events;
        for (size_t k = 0; k < d->n_events; k++) {
            negated += d->events[k].negated;
            both += d->events[k].source.code.ptr && d->events[k].target.code.ptr;
        }
        px_doc_free(d);
    }
    px_reader_free(r);
    px_engine_free(e);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = (double)bytes / 1e6;
    printf("| corpus | articles | text MB | events | with source and target | negated | "
           "coding MB/s per core | annotate MB/s per core | peak RSS MB |\n"
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    printf("| %s | %zu | %.1f | %zu | %zu | %zu | %.1f | %.2f | %.0f |\n", path, docs, mb, events,
           both, negated, cpu_ev > 0 ? mb * (double)passes / cpu_ev : 0,
           cpu_all > 0 ? mb / cpu_all : 0, (double)ru.ru_maxrss / 1024);
    printf("bench: events_mb_s=%.2f annotate_mb_s=%.2f\n",
           cpu_ev > 0 ? mb * (double)passes / cpu_ev : 0, cpu_all > 0 ? mb / cpu_all : 0);
    return 0;
}
