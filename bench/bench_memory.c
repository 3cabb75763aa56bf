/* Memory per article (#20 item 7): for each text size, a child process loads
 * the engine, annotates one synthetic article of that size (news-like
 * sentences with names, dates, numbers and quotes, generated here: no corpus
 * text) and writes its record; the peak resident set (VmHWM) is read after
 * each stage. The figure is (peak - engine baseline) / text bytes, the memory
 * one article costs over the models. With a path to the parallax binary it
 * also runs `parallax annotate FILE > /dev/null` on the same text and reports
 * the whole process (the reader's buffers included).
 *
 * Usage: bench_memory [--cli PARALLAX] [MB...]   (default sizes 1 4 16) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parallax/doc.h"

/* wait4 is a BSD/GNU call that _POSIX_C_SOURCE does not declare. */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);

/* VmHWM of this process in KiB (the peak resident set so far). */
static long hwm_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

/* Appends synthetic sentences to b until it holds n bytes. */
static void make_text(px_buf *b, size_t n)
{
    static const char *names[] = {"Maria Lopez", "John Smith", "the Senate",  "Acme Corp",
                                  "the council", "Ahmed Khan", "the ministry"};
    static const char *places[] = {"Texas", "Ohio", "Berlin", "Lagos"};
    static const char *verbs[] = {"said", "announced", "reported", "warned", "confirmed"};
    unsigned s = 7;
    for (size_t i = 0; b->len < n; i++) {
        s = s * 1103515245u + 12345u;
        unsigned r = s >> 8;
        const char *who = names[r % 7], *v = verbs[(r >> 3) % 5];
        int k = (int)((r >> 6) % 6), x = (int)((r >> 9) % 90) + 2;
        int st;
        switch (k) {
        case 0:
            st = px_buf_appendf(b, "\"We will rebuild the bridge by %zu,\" %s %s on Tuesday. ",
                                2020 + i % 10, who, v);
            break;
        case 1:
            st = px_buf_appendf(b, "%s %s that %d people lost power and costs rose %d percent. ",
                                who, v, x * 7, x % 40);
            break;
        case 2:
            st = px_buf_appendf(b,
                                "On March %zu, %s met officials in Paris to discuss the budget "
                                "of $%d million. ",
                                1 + i % 28, who, x);
            break;
        case 3:
            st = px_buf_appendf(b, "The report, published last week, found %d cases in %s. ", x,
                                places[x % 4]);
            break;
        case 4:
            st = px_buf_appendf(b,
                                "According to %s, the plan \"has no chance\" without support "
                                "from Congress. ",
                                who);
            break;
        default:
            st = px_buf_appendf(b, "Officials %s the vote would take place on %zu June %zu. ", v,
                                1 + i % 28, 2000 + i % 25);
        }
        if (!st && i % 5 == 4)
            st = px_buf_append_str(b, "\n\n");
        if (st)
            exit(3);
    }
}

/* The child: engine, then one article of mb MB; prints one line. */
static int child(double mb)
{
    px_engine *e;
    px_engine_options eo = {0};
    if (px_engine_new(&e, &eo, NULL))
        return 1;
    px_buf text, out;
    px_buf_init(&text, 0);
    px_buf_init(&out, 0);
    /* the baseline: the engine after one small document */
    px_article a = {.text = PX_SLICE_LIT("The Senate voted on Tuesday.")};
    px_doc *d;
    if (px_doc_new(e, &a, &d) || px_doc_write_json(d, &out))
        return 1;
    px_doc_free(d);
    out.len = 0;
    make_text(&text, (size_t)(mb * 1e6));
    long base = hwm_kb();
    a.text = px_buf_slice(&text);
    if (px_doc_new(e, &a, &d))
        return 1;
    long annotated = hwm_kb();
    if (px_doc_write_json(d, &out))
        return 1;
    long written = hwm_kb();
    double t = (double)text.len / 1024.0;
    printf("| %.0f | %ld | %ld (%.1fx) | %ld (%.1fx) | %.1fx |\n", mb, base, annotated - base,
           (double)(annotated - base) / t, written - base, (double)(written - base) / t,
           (double)out.len / (double)text.len);
    fflush(stdout);
    px_doc_free(d);
    px_engine_free(e);
    px_buf_free(&text);
    px_buf_free(&out);
    return 0;
}

/* parallax annotate FILE > /dev/null: peak RSS of the child in KiB. */
static long run_cli(const char *bin, const char *file, int max)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0)
            dup2(fd, 1);
        char cap[32];
        snprintf(cap, sizeof cap, "%d", max);
        execl(bin, bin, "annotate", "--max-bytes", cap, file, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
        return -1;
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    const char *cli = NULL;
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "--cli") == 0) {
        cli = argv[i + 1];
        i += 2;
    }
    static char *defaults[] = {"1", "4", "16"};
    char **sizes = i < argc ? argv + i : defaults;
    int nsizes = i < argc ? argc - i : 3;
    printf("| text MB | engine KiB | + after px_doc_new KiB (x text) | + after the record KiB (x "
           "text) | record / text |\n|---|---|---|---|---|\n");
    fflush(stdout);
    for (int k = 0; k < nsizes; k++) {
        double mb = atof(sizes[k]);
        pid_t pid = fork();
        if (pid == 0)
            _exit(child(mb));
        int status;
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
            fprintf(stderr, "bench_memory: the %s MB run failed\n", sizes[k]);
            return 1;
        }
    }
    if (!cli)
        return 0;
    printf("\n| text MB | parallax annotate peak KiB | over the 0 MB run (x text) |\n"
           "|---|---|---|\n");
    char tmpl[] = "/tmp/bench_memory_XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return 1;
    px_buf text;
    px_buf_init(&text, 0);
    make_text(&text, 64);
    if (write(fd, text.ptr, text.len) != (ssize_t)text.len)
        return 1;
    long base = run_cli(cli, tmpl, 1 << 30);
    for (int k = 0; k < nsizes; k++) {
        double mb = atof(sizes[k]);
        text.len = 0;
        make_text(&text, (size_t)(mb * 1e6));
        if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET) ||
            write(fd, text.ptr, text.len) != (ssize_t)text.len)
            return 1;
        long peak = run_cli(cli, tmpl, 1 << 30);
        printf("| %.0f | %ld | %.1fx |\n", mb, peak,
               (double)(peak - base) / ((double)text.len / 1024.0));
        fflush(stdout);
    }
    close(fd);
    unlink(tmpl);
    px_buf_free(&text);
    return 0;
}
