/* Several writers on one store: waiting for the write lock, and taking turns.
 *
 * SQLite lets one connection write at a time; a second one gets SQLITE_BUSY. The
 * busy handler below retries every millisecond or few for up to wait_ms, so a
 * writer waits instead of failing. Retrying alone is not fair: a bulk add commits
 * a batch and begins the next one within microseconds, and the waiter, asleep,
 * almost never sees the lock free. So a waiting writer says so: it holds a shared
 * flock(2) on the file "<store>-wait" while it waits, and a writer that has just
 * committed (px__store_yield) pauses while that lock is held, until the waiter
 * has begun its transaction (then it drops the lock) or YIELD_MAX_MS has passed
 * (a stopped waiter must not stall the others). Without contention the cost is
 * one failed open(2) per committed batch. The file is removed by the last writer
 * to close. flock locks are on a separate file, not the database: closing a file
 * descriptor of the database would drop SQLite's own POSIX locks on it. */
#define _GNU_SOURCE /* flock, O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sqlite_impl.h"

#define YIELD_MAX_MS 2000

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Announces that this connection waits: a shared lock on the waiting file,
 * created when missing. A file removed by a closing writer between our open
 * and our lock is opened again. Best effort: without it, waiting still works. */
static void announce(px__sqlite *s)
{
    for (int tries = 0; s->wait_fd < 0 && tries < 3; tries++) {
        int fd = open(s->wait_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            return;
        struct stat sb;
        if (flock(fd, LOCK_SH) == 0 && fstat(fd, &sb) == 0 && sb.st_nlink > 0) {
            s->wait_fd = fd;
            return;
        }
        close(fd);
    }
}

void px__store_waited(px__sqlite *s)
{
    s->busy_since = 0;
    if (s->wait_fd >= 0) {
        close(s->wait_fd); /* drops the shared lock */
        s->wait_fd = -1;
    }
}

/* SQLite's busy handler: nonzero to retry, 0 to give up (SQLITE_BUSY). */
int px__store_busy(void *ud, int count)
{
    px__sqlite *s = ud;
    long long now = now_ms();
    if (count == 0 || !s->busy_since) {
        s->busy_since = now;
        if (s->wait_path)
            announce(s);
    }
    s->waited_ms = now - s->busy_since;
    if (s->waited_ms >= (long long)s->wait_ms) {
        px__store_waited(s);
        return 0;
    }
    sleep_ms(count < 200 ? 1 : 5);
    return 1;
}

/* Commit and rollback hooks: a transaction that ends had the lock, so this
 * connection no longer waits (covers transactions begun outside src/store). */
static int on_commit(void *ud)
{
    px__store_waited(ud);
    return 0;
}

static void on_rollback(void *ud)
{
    px__store_waited(ud);
}

px_status px__store_wait_init(px__sqlite *s, const char *path)
{
    s->wait_fd = -1;
    s->wait_ms = PX__STORE_WAIT_MS;
    size_t n = strlen(path);
    if (!(s->path = px__malloc(n + 1)))
        return px__fail(s->base.errmsg, PX_ENOMEM, "out of memory");
    memcpy(s->path, path, n + 1);
    /* A reader never writes, so never announces a wait (no file created). */
    if (n && !s->base.readonly && strcmp(path, ":memory:") && strncmp(path, "file:", 5)) {
        if (!(s->wait_path = px__malloc(n + sizeof "-wait")))
            return px__fail(s->base.errmsg, PX_ENOMEM, "out of memory");
        memcpy(s->wait_path, path, n);
        memcpy(s->wait_path + n, "-wait", sizeof "-wait");
    }
    sqlite3_busy_handler(s->db, px__store_busy, s);
    sqlite3_commit_hook(s->db, on_commit, s);
    sqlite3_rollback_hook(s->db, on_rollback, s);
    return PX_OK;
}

void px__store_yield(px__sqlite *s)
{
    if (!s->wait_path)
        return;
    long long start = now_ms();
    for (;;) {
        int fd = open(s->wait_path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return; /* nobody has waited */
        int waiting = flock(fd, LOCK_EX | LOCK_NB) != 0;
        close(fd);
        if (!waiting || now_ms() - start >= YIELD_MAX_MS)
            return;
        sleep_ms(1);
    }
}

void px__store_wait_free(px__sqlite *s)
{
    px__store_waited(s);
    if (s->wait_path) {
        int fd = open(s->wait_path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            if (flock(fd, LOCK_EX | LOCK_NB) == 0)
                unlink(s->wait_path); /* nobody waits: the last one out removes it */
            close(fd);
        }
    }
    px__free(s->wait_path);
    px__free(s->path);
}
