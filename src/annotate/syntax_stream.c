/* px_parse_conllu: CoNLL-U in, filled CoNLL-U out, one sentence at a time
 * (memory bounded by the longest sentence). */
#include <stdlib.h>
#include <string.h>

#include "parallax/syntax.h"
#include "annotate/annotate.h"

#define MAX_BLOCK ((size_t)64 << 20)

typedef struct ctx {
    px_engine *e;
    FILE *out;
    const char *name;
    px_diag_fn diag;
    void *ud;
    size_t bad;
    px_conllu_sent s;
    px_buf o;
    char *errmsg;
} ctx;

static void report(ctx *c, const char *msg)
{
    c->bad++;
    if (c->diag) {
        px_diag d = {c->name, -1, PX_EPARSE, 1, msg, NULL};
        c->diag(c->ud, &d);
    }
}

static px_status flush_block(ctx *c, px_buf *blk, size_t first)
{
    if (!blk->len)
        return PX_OK;
    char msg[PX_ERRMSG_SIZE];
    px_status st = px__conllu_parse(&c->s, blk->ptr, blk->len, first, msg);
    if (st == PX_EPARSE) {
        report(c, msg);
        return PX_OK;
    }
    if (!st)
        st = px__syn_fill(c->e->syn_model, c->e->syn_work, &c->s);
    px_buf_reset(&c->o);
    if (!st)
        st = px__conllu_write(&c->s, &c->o);
    if (!st && fwrite(c->o.ptr, 1, c->o.len, c->out) != c->o.len)
        st = px__fail(c->errmsg, PX_EIO, "write error");
    else if (st && st != PX_EIO)
        px__fail(c->errmsg, st, "%s", px_strerror(st));
    return st;
}

px_status px_parse_conllu(px_engine *e,
                          FILE *in,
                          FILE *out,
                          const char *name,
                          px_diag_fn diag,
                          void *diag_ud,
                          size_t *nbad,
                          char *errmsg)
{
    if (nbad)
        *nbad = 0;
    if (!e || !in || !out)
        return px__fail(errmsg, PX_EINVAL, "NULL argument");
    px_status st0 = px__syntax_engine(e, errmsg);
    if (st0)
        return st0;
    ctx c = {e, out, name ? name : "-", diag, diag_ud, 0, {0}, {0}, errmsg};
    px_buf_init(&c.o, 0);
    px_buf blk;
    px_buf_init(&blk, MAX_BLOCK);
    char *line = NULL;
    size_t lcap = 0, lineno = 0, first = 1;
    int skipping = 0;
    px_status st = PX_OK;
    for (;;) {
        ssize_t r = getline(&line, &lcap, in);
        if (r < 0)
            break;
        lineno++;
        size_t k = (size_t)r;
        size_t q = 0;
        while (q < k && (line[q] == ' ' || line[q] == '\t' || line[q] == '\r' || line[q] == '\n'))
            q++;
        if (q == k) { /* blank: the sentence ends */
            if (!skipping)
                st = flush_block(&c, &blk, first);
            px_buf_reset(&blk);
            skipping = 0;
            if (st)
                break;
            continue;
        }
        if (skipping)
            continue;
        if (!blk.len)
            first = lineno;
        if (px_buf_append(&blk, line, k) ||
            (line[k - 1] != '\n' && px_buf_append_byte(&blk, '\n'))) {
            char msg[PX_ERRMSG_SIZE];
            snprintf(msg, sizeof msg, "line %zu: sentence too long (over %zu MiB)", first,
                     MAX_BLOCK >> 20);
            report(&c, msg);
            px_buf_reset(&blk);
            skipping = 1;
        }
    }
    if (!st && ferror(in))
        st = px__fail(errmsg, PX_EIO, "read error");
    if (!st && !skipping)
        st = flush_block(&c, &blk, first);
    if (!st && fflush(out))
        st = px__fail(errmsg, PX_EIO, "write error");
    free(line);
    px_buf_free(&blk);
    px_buf_free(&c.o);
    px__conllu_sent_free(&c.s);
    if (nbad)
        *nbad = c.bad;
    return st;
}
