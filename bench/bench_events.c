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
#include <string.h>

#include "bench_common.h"

int main(int argc, char **argv)
{
    bench_args args;
    if (bench_args_parse(&args, 3, argc, argv, "bench_events [--limit N] [--passes P] [CORPUS]"))
        return 2;
    const size_t limit = args.limit, passes = args.passes;
    const char *path = args.path;
    px_engine *e = NULL;
    px_engine_options eo = {.no_langid = 1, .data_dir = px_data_dir_default()};
    const void *res = NULL;
    const px_annotator *ea = bench_engine_annotator("bench_events", &eo, "events", &e, &res);
    if (!ea)
        return 1;
    px_reader *r = NULL;
    if (bench_reader_open(&r, path, "bench_events")) {
        px_engine_free(e);
        return 1;
    }
    size_t docs = 0, bytes = 0, events = 0, negated = 0, both = 0;
    double cpu_ev = 0, cpu_all = 0;
    for (;;) {
        px_article a;
        if (!bench_next(r, &a, limit, docs))
            break;
        px_doc *d = NULL;
        double t0 = bench_cpu_s();
        if (px_doc_new(e, &a, &d) != PX_OK)
            continue;
        double t1 = bench_cpu_s();
        cpu_all += t1 - t0;
        for (size_t p = 0; p < passes; p++)
            if (ea->run(d, res) != PX_OK)
                break;
        cpu_ev += bench_cpu_s() - t1;
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
    double mb = (double)bytes / 1e6;
    printf("| corpus | articles | text MB | events | with source and target | negated | "
           "coding MB/s per core | annotate MB/s per core | peak RSS MB |\n"
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    printf("| %s | %zu | %.1f | %zu | %zu | %zu | %.1f | %.2f | %.0f |\n", path, docs, mb, events,
           both, negated, bench_mb_s((double)bytes * (double)passes, cpu_ev),
           bench_mb_s((double)bytes, cpu_all), bench_peak_rss_mb());
    printf("bench: events_mb_s=%.2f annotate_mb_s=%.2f\n",
           bench_mb_s((double)bytes * (double)passes, cpu_ev), bench_mb_s((double)bytes, cpu_all));
    return 0;
}
