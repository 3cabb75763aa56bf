/* Runs one command and reports what it cost: wall seconds, user and system CPU
 * seconds and the peak resident set of the child (wait4's rusage), so that
 * bench/run.sh does not depend on GNU time being installed.
 *
 * Usage: bench_spawn [--stdout FILE] [--stdin FILE] -- COMMAND [ARG...]
 * The child's stdout goes to FILE when given (for example /dev/null), else to
 * ours; its stderr is ours. After it exits, prints one line on stdout:
 *   spawn: status=N wall_s=W user_s=U sys_s=S cpu_s=U+S maxrss_kb=K
 * and exits with the child's status (128+signal when it was killed). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* wait4 is a BSD/GNU call that _POSIX_C_SOURCE does not declare. */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

static int usage(void)
{
    fputs("usage: bench_spawn [--stdout FILE] [--stdin FILE] -- COMMAND [ARG...]\n", stderr);
    return 2;
}

/* In the child: replaces fd with path opened with flags, or exits 127. */
static void redirect(int fd, const char *path, int flags)
{
    int f = open(path, flags, 0644);
    if (f < 0 || dup2(f, fd) < 0) {
        fprintf(stderr, "bench_spawn: %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    close(f);
}

int main(int argc, char **argv)
{
    const char *out = NULL, *in = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else if (!strcmp(argv[i], "--stdout") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(argv[i], "--stdin") && i + 1 < argc) {
            in = argv[++i];
        } else {
            return usage();
        }
    }
    if (i >= argc)
        return usage();
    fflush(stdout);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench_spawn: fork");
        return 127;
    }
    if (pid == 0) {
        if (out)
            redirect(STDOUT_FILENO, out, O_WRONLY | O_CREAT | O_TRUNC);
        if (in)
            redirect(STDIN_FILENO, in, O_RDONLY);
        execvp(argv[i], argv + i);
        fprintf(stderr, "bench_spawn: %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("bench_spawn: wait4");
            return 127;
        }
    }
    double wall = now() - t0;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double user = tv_s(ru.ru_utime), sys = tv_s(ru.ru_stime);
    printf("spawn: status=%d wall_s=%.4f user_s=%.4f sys_s=%.4f cpu_s=%.4f maxrss_kb=%ld\n", code,
           wall, user, sys, user + sys, ru.ru_maxrss);
    return code;
}
