/* Scaffolding shared by the benchmark programs of bench/: CPU and wall clocks,
 * peak RSS, MB/s, the default corpus, the usual command line
 * ([--limit N] [--passes P] [CORPUS]), a quiet corpus reader and the lookup of
 * one annotator. Not part of the library. */
#ifndef PX_BENCH_COMMON_H
#define PX_BENCH_COMMON_H

#include <stddef.h>
#include <time.h>

#include "internal.h"

/* Seconds on clock id; bench_cpu_s() is process CPU time (per core). */
double bench_clock_s(clockid_t id);
double bench_cpu_s(void);
/* Peak resident set size of the process, in kB and in MB. */
long bench_peak_rss_kb(void);
double bench_peak_rss_mb(void);
/* bytes / 1e6 / seconds, 0 when seconds is not positive. */
double bench_mb_s(double bytes, double seconds);

/* $PX_SHARED (else the shared folder beside the source tree)
 * /corpus/allsides.jsonl.zst when it exists, else .../allsides-sample.jsonl. */
const char *bench_default_corpus(char *buf, size_t n);

typedef struct bench_args {
    size_t limit;  /* articles, 0 for all */
    size_t passes; /* reruns of the timed step, at least 1 */
    const char *path;
    char def[4096];
} bench_args;

/* Parses [--limit N] [--passes P] [CORPUS] (--passes only when passes is
 * nonzero: its default); path defaults to bench_default_corpus. Returns 0, or
 * prints usage to stderr and returns 2. */
int bench_args_parse(bench_args *a, size_t passes, int argc, char **argv, const char *usage);

/* Opens a reader of path that reports nothing (one such reader at a time: it
 * keeps a static list of the one path); on failure prints
 * "PROG: cannot read PATH" and returns nonzero. */
int bench_reader_open(px_reader **r, const char *path, const char *prog);

/* The registered annotator called name and its resources in e, NULL when
 * there is none. */
const px_annotator *bench_annotator(const px_engine *e, const char *name, const void **res);

/* A new engine with options eo and its annotator called name (resources in
 * *res); on failure prints why (prefixed with prog), frees the engine and
 * returns NULL. */
const px_annotator *bench_engine_annotator(const char *prog,
                                           const px_engine_options *eo,
                                           const char *name,
                                           px_engine **e,
                                           const void **res);

/* Reads the next article into a; 0 at the end, on a read error, or when docs
 * has reached limit (0: no limit). */
int bench_next(px_reader *r, px_article *a, size_t limit, size_t docs);

#endif
