/* CoNLL-U (https://universaldependencies.org/format.html): sentence blocks of
 * ten tab-separated columns, comments, multiword-token ranges (3-4) and empty
 * nodes (8.1). The reader checks every line and reports the first problem of a
 * sentence with its line number; the caller skips that sentence. */
#include <string.h>
#include <zlib.h>

#include "syntax/syntax.h"

void px__conllu_sent_free(px_conllu_sent *s)
{
    px__free(s->w);
    px__free(s->lines);
    px__free(s->line_word);
    memset(s, 0, sizeof *s);
}

static int blank_line(const uint8_t *p, size_t a, size_t e)
{
    while (a < e && (p[a] == ' ' || p[a] == '\t' || p[a] == '\r'))
        a++;
    return a == e;
}

int px__conllu_next_block(const uint8_t *buf,
                          size_t n,
                          size_t *pos,
                          size_t *line,
                          const uint8_t **block,
                          size_t *len,
                          size_t *first_line)
{
    size_t p = *pos;
    while (p < n) { /* blank lines between sentences */
        const uint8_t *nl = memchr(buf + p, '\n', n - p);
        size_t e = nl ? (size_t)(nl - buf) : n;
        if (!blank_line(buf, p, e))
            break;
        p = e < n ? e + 1 : n;
        (*line)++;
    }
    if (p >= n) {
        *pos = n;
        return 0;
    }
    size_t start = p;
    *block = buf + p;
    *first_line = *line;
    while (p < n) {
        const uint8_t *nl = memchr(buf + p, '\n', n - p);
        size_t e = nl ? (size_t)(nl - buf) : n;
        if (blank_line(buf, p, e)) {
            *len = p - start;
            *pos = e < n ? e + 1 : n;
            (*line)++;
            return 1;
        }
        (*line)++;
        p = e < n ? e + 1 : n;
    }
    *len = n - start;
    *pos = n;
    return 1;
}

static int parse_uint(const uint8_t *p, size_t n, int32_t *out)
{
    if (n == 0 || n > 9)
        return 0;
    int32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 1;
}

static px_status push_line(px_conllu_sent *s, px_slice l, int32_t word)
{
    if (s->nlines == s->lcap) {
        size_t cap = s->lcap ? s->lcap * 2 : 64;
        px_slice *nl = px__realloc(s->lines, cap * sizeof *nl);
        if (!nl)
            return PX_ENOMEM;
        s->lines = nl;
        int32_t *nw = px__realloc(s->line_word, cap * sizeof *nw);
        if (!nw)
            return PX_ENOMEM;
        s->line_word = nw;
        s->lcap = cap;
    }
    s->lines[s->nlines] = l;
    s->line_word[s->nlines++] = word;
    return PX_OK;
}

static px_status push_word(px_conllu_sent *s, const px_conllu_word *w)
{
    if (s->n == s->wcap) {
        size_t cap = s->wcap ? s->wcap * 2 : 64;
        px_conllu_word *nw = px__realloc(s->w, cap * sizeof *nw);
        if (!nw)
            return PX_ENOMEM;
        s->w = nw;
        s->wcap = cap;
    }
    s->w[s->n++] = *w;
    return PX_OK;
}

/* Splits a line into at most 11 tab-separated columns; returns the count. */
static size_t split_cols(const uint8_t *p, size_t n, px_slice *col)
{
    size_t nc = 0, a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == '\t') {
            if (nc < 11)
                col[nc] = (px_slice){p + a, i - a};
            nc++;
            a = i + 1;
        }
    }
    return nc;
}

static px_slice opt_col(px_slice c)
{
    if (c.len == 1 && c.ptr[0] == '_')
        return PX_SLICE_NULL;
    return c;
}

static px_status parse_line(px_conllu_sent *s, px_slice l, size_t lineno, char *errmsg)
{
    if (l.len && l.ptr[0] == '#')
        return push_line(s, l, -1);
    px_slice col[11];
    size_t nc = split_cols(l.ptr, l.len, col);
    if (nc != 10)
        return px__fail(errmsg, PX_EPARSE, "line %zu: %zu columns, expected 10", lineno, nc);
    px_slice id = col[0];
    const uint8_t *dash = memchr(id.ptr, '-', id.len);
    const uint8_t *dot = memchr(id.ptr, '.', id.len);
    int32_t a, b;
    if (dash || dot) {
        const uint8_t *sep = dash ? dash : dot;
        size_t k = (size_t)(sep - id.ptr);
        if (!parse_uint(id.ptr, k, &a) || !parse_uint(sep + 1, id.len - k - 1, &b))
            return px__fail(errmsg, PX_EPARSE, "line %zu: bad id '%.*s'", lineno,
                            (int)(id.len > 40 ? 40 : id.len), (const char *)id.ptr);
        if (dash && (a != (int32_t)s->n + 1 || b < a))
            return px__fail(errmsg, PX_EPARSE, "line %zu: bad multiword range '%.*s'", lineno,
                            (int)(id.len > 40 ? 40 : id.len), (const char *)id.ptr);
        if (dot && (a != (int32_t)s->n || b < 1))
            return px__fail(errmsg, PX_EPARSE, "line %zu: bad empty node id '%.*s'", lineno,
                            (int)(id.len > 40 ? 40 : id.len), (const char *)id.ptr);
        return push_line(s, l, -1);
    }
    if (!parse_uint(id.ptr, id.len, &a))
        return px__fail(errmsg, PX_EPARSE, "line %zu: non-numeric id '%.*s'", lineno,
                        (int)(id.len > 40 ? 40 : id.len), (const char *)id.ptr);
    if (a != (int32_t)s->n + 1)
        return px__fail(errmsg, PX_EPARSE, "line %zu: id %d out of sequence (expected %zu)", lineno,
                        (int)a, s->n + 1);
    if (col[1].len == 0)
        return px__fail(errmsg, PX_EPARSE, "line %zu: empty FORM", lineno);
    px_conllu_word w;
    w.form = col[1];
    w.lemma = opt_col(col[2]);
    w.upos = opt_col(col[3]);
    w.xpos = opt_col(col[4]);
    w.feats = col[5];
    w.deprel = opt_col(col[7]);
    w.deps = col[8];
    w.misc = col[9];
    w.head = -1;
    if (!(col[6].len == 1 && col[6].ptr[0] == '_') && !parse_uint(col[6].ptr, col[6].len, &w.head))
        return px__fail(errmsg, PX_EPARSE, "line %zu: bad head '%.*s'", lineno,
                        (int)(col[6].len > 40 ? 40 : col[6].len), (const char *)col[6].ptr);
    px_status st = push_word(s, &w);
    if (!st)
        st = push_line(s, l, (int32_t)s->n - 1);
    return st;
}

px_status px__conllu_parse(
    px_conllu_sent *s, const uint8_t *block, size_t len, size_t first_line, char *errmsg)
{
    s->n = 0;
    s->nlines = 0;
    s->first_line = first_line;
    size_t p = 0, lineno = first_line;
    while (p < len) {
        size_t e = p;
        while (e < len && block[e] != '\n')
            e++;
        size_t q = e;
        if (q > p && block[q - 1] == '\r')
            q--;
        px_status st = parse_line(s, (px_slice){block + p, q - p}, lineno, errmsg);
        if (st)
            return st;
        p = e + 1;
        lineno++;
    }
    if (s->n == 0)
        return px__fail(errmsg, PX_EPARSE, "line %zu: sentence without words", first_line);
    /* heads in range: checked once the word count is known */
    lineno = first_line;
    for (size_t i = 0; i < s->nlines; i++) {
        int32_t k = s->line_word[i];
        if (k >= 0 && s->w[k].head > (int32_t)s->n)
            return px__fail(errmsg, PX_EPARSE, "line %zu: head %d out of range (%zu words)",
                            first_line + i, (int)s->w[k].head, s->n);
    }
    return PX_OK;
}

static px_status col_out(px_buf *b, px_slice s)
{
    if (!s.ptr || !s.len)
        return px_buf_append_byte(b, '_');
    return px_buf_append(b, s.ptr, s.len);
}

px_status px__conllu_write(const px_conllu_sent *s, px_buf *out)
{
    px_status st = PX_OK;
    for (size_t i = 0; i < s->nlines && !st; i++) {
        int32_t k = s->line_word[i];
        if (k < 0) {
            st = px_buf_append(out, s->lines[i].ptr, s->lines[i].len);
            if (!st)
                st = px_buf_append_byte(out, '\n');
            continue;
        }
        const px_conllu_word *w = &s->w[k];
        st = px_buf_appendf(out, "%d\t", (int)k + 1);
        if (!st)
            st = col_out(out, w->form);
        const px_slice cols[] = {w->lemma, w->upos, w->xpos, w->feats};
        for (size_t c = 0; c < 4 && !st; c++) {
            st = px_buf_append_byte(out, '\t');
            if (!st)
                st = col_out(out, cols[c]);
        }
        if (!st && w->head >= 0)
            st = px_buf_appendf(out, "\t%d\t", (int)w->head);
        else if (!st)
            st = px_buf_append_str(out, "\t_\t");
        if (!st)
            st = col_out(out, w->deprel);
        if (!st)
            st = px_buf_append_byte(out, '\t');
        if (!st)
            st = col_out(out, w->deps);
        if (!st)
            st = px_buf_append_byte(out, '\t');
        if (!st)
            st = col_out(out, w->misc);
        if (!st)
            st = px_buf_append_byte(out, '\n');
    }
    if (!st)
        st = px_buf_append_byte(out, '\n');
    return st;
}

px_status px__syn_read_file(const char *path, uint8_t **buf, size_t *len, char *errmsg)
{
    *buf = NULL;
    *len = 0;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return px__fail(errmsg, PX_EIO, "cannot open %s", path);
    size_t cap = 1 << 20, n = 0;
    uint8_t *p = px__malloc(cap);
    px_status st = p ? PX_OK : PX_ENOMEM;
    while (!st) {
        if (cap - n < (1 << 16)) {
            uint8_t *np = cap > ((size_t)1 << 31) ? NULL : px__realloc(p, cap * 2);
            if (!np) {
                st = px__fail(errmsg, PX_ENOMEM, "%s: too big", path);
                break;
            }
            p = np;
            cap *= 2;
        }
        int r = gzread(f, p + n, (unsigned)(cap - n));
        if (r < 0)
            st = px__fail(errmsg, PX_EIO, "%s: read error", path);
        else if (r == 0)
            break;
        else
            n += (size_t)r;
    }
    gzclose(f);
    if (st) {
        px__free(p);
        return st;
    }
    *buf = p;
    *len = n;
    return PX_OK;
}
