/* Compare over a whole store: every story with two or more outlets is compared
 * (--json and the readable report) and each output is checked for valid UTF-8;
 * the facts are counted by status (contradict, updated, agree, single,
 * background), and the time per comparison is measured.
 *
 * Usage: bench_compare STORE [--dump FILE] [--limit N]
 *   --dump FILE  also write each --json comparison as one line of FILE (for
 *                drawing samples of contradictions to judge by hand)
 *   --limit N    compare at most N stories
 * STORE is made once with
 *   parallax add --db STORE ../shared/corpus/allsides.jsonl.zst
 * The grouping is the store's (parallax stories runs first when needed).
 * Prints "bench:" key=value lines; exit status 1 when any output is not valid
 * UTF-8 or a comparison fails (the e2e test tests/e2e/compare_corpus.sh runs it
 * on the corpus sample). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "parallax/corpus.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Number of distinct outlets of the originals of a story (its JSON line). */
static int outlets(const px_buf *line)
{
    cJSON *o = cJSON_ParseWithLength((const char *)line->ptr, line->len);
    const cJSON *a, *b;
    int n = 0;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(o, "articles"))
    {
        if (!cJSON_IsNull(cJSON_GetObjectItem(a, "duplicate_of")))
            continue;
        const char *oa = cJSON_GetStringValue(cJSON_GetObjectItem(a, "outlet"));
        int seen = 0;
        cJSON_ArrayForEach(b, cJSON_GetObjectItem(o, "articles"))
        {
            if (b == a)
                break;
            const char *ob = cJSON_GetStringValue(cJSON_GetObjectItem(b, "outlet"));
            seen |=
                cJSON_IsNull(cJSON_GetObjectItem(b, "duplicate_of")) && oa && ob && !strcmp(oa, ob);
        }
        n += !seen;
    }
    cJSON_Delete(o);
    return n;
}

static const char *const STATUS[] = {"contradict", "updated", "agree", "single", "background"};
#define N_STATUS (sizeof STATUS / sizeof *STATUS)

static void count_facts(const px_buf *b, long *by)
{
    cJSON *o = cJSON_ParseWithLength((const char *)b->ptr, b->len);
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(o, "facts"))
    {
        const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(f, "status"));
        for (size_t k = 0; s && k < N_STATUS; k++)
            by[k] += !strcmp(s, STATUS[k]);
    }
    cJSON_Delete(o);
}

int main(int argc, char **argv)
{
    const char *path = NULL, *dump = NULL;
    long limit = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dump") && i + 1 < argc)
            dump = argv[++i];
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = atol(argv[++i]);
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else {
            fprintf(stderr, "usage: bench_compare STORE [--dump FILE] [--limit N]\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: bench_compare STORE [--dump FILE] [--limit N]\n");
        return 2;
    }
    char err[PX_ERRMSG_SIZE] = "";
    px_store *s;
    if (px_store_open(&s, path, err)) {
        fprintf(stderr, "bench_compare: %s\n", err);
        return 1;
    }
    FILE *df = dump ? fopen(dump, "w") : NULL;
    if (dump && !df) {
        perror(dump);
        return 1;
    }
    px_stories *st;
    if (px_stories_build(s, &st)) {
        fprintf(stderr, "bench_compare: %s\n", px_store_errmsg(s));
        return 1;
    }
    px_buf line, out;
    px_buf_init(&line, 0);
    px_buf_init(&out, 0);
    long compared = 0, bad_json = 0, bad_text = 0, failed = 0, by[N_STATUS] = {0};
    size_t n_stories = px_stories_count(st);
    double cpu = 0;
    for (size_t i = 0; i < n_stories && (limit < 0 || compared < limit); i++) {
        if (px_stories_size(st, i) < 2)
            continue;
        px_buf_reset(&line);
        if (px_stories_write_json(st, i, &line) || outlets(&line) < 2)
            continue;
        const char *id = px_stories_id(st, i);
        for (int json = 1; json >= 0; json--) {
            px_buf_reset(&out);
            double t0 = now();
            px_status e = px_compare(s, id, NULL, json, &out);
            cpu += now() - t0;
            if (e) {
                fprintf(stderr, "bench_compare: %s: %s\n", id, px_store_errmsg(s));
                failed++;
                continue;
            }
            if (px__utf8_valid_prefix(out.ptr, out.len) != out.len) {
                fprintf(stderr, "bench_compare: %s: %s output is not valid UTF-8 at byte %zu\n", id,
                        json ? "--json" : "text", px__utf8_valid_prefix(out.ptr, out.len));
                *(json ? &bad_json : &bad_text) += 1;
            }
            if (json) {
                count_facts(&out, by);
                if (df) {
                    fwrite(out.ptr, 1, out.len, df);
                    fputc('\n', df);
                }
            }
        }
        compared++;
    }
    printf("bench: stories=%zu compared=%ld failed=%ld invalid_utf8_json=%ld invalid_utf8_text=%ld"
           " cpu_s=%.2f ms_per_compare=%.2f\n",
           n_stories, compared, failed, bad_json, bad_text, cpu,
           compared ? 1000 * cpu / (2.0 * (double)compared) : 0.0);
    printf("bench: facts");
    for (size_t k = 0; k < N_STATUS; k++)
        printf(" %s=%ld", STATUS[k], by[k]);
    printf("\n");
    px_buf_free(&line);
    px_buf_free(&out);
    px_stories_free(st);
    if (df)
        fclose(df);
    if (px_store_close(s))
        return 1;
    return failed || bad_json || bad_text ? 1 : 0;
}
