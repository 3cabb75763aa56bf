/* parallax eval events [DIR] [--up|--confli|--petr] [--errors]: the event
 * coder on the development sets of ../shared/data/events/validation/ (README
 * there); the PETRARCH unit tests are in events_petr.c:
 *
 *   UP.PETR2_GSR_validation.xml   UniversalPetrarch English validation records:
 *       root-code P/R/F1 per sentence (multisets of 2-digit roots of events
 *       with a coded source and target against the gold codings), full-code
 *       P/R/F1, and actor accuracy (source and target codes equal, over events
 *       whose root matched).
 *   confli-cameo-class-train.tsv  ConfliBERT five classes: the sentence's main
 *       event (the coded verb nearest the parse root, a statement only when
 *       nothing else is coded) gives 0 for roots 01-02 (or none), 1 for 03-05,
 *       2 for 06-09, 3 for 10-14, 4 for 15-20; per-class F1 and macro-F1.
 *   confli-cameo-actors-train.txt the same sentences' source/target spans
 *       (in another order and fewer: found by their text): share of gold
 *       spans whose last word lies in the main event's actor span.
 *
 * DIR defaults to the shared data folder next to the source tree. The gold is
 * read from the files at run time; nothing of it is kept. */
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"
#include "eval/events.h"

#ifndef PX_DATA_DIR
#define PX_DATA_DIR "data"
#endif
#define SHARED_EVENTS PX_DATA_DIR "/../../shared/data/events/validation"

int px__evx_read_all(const char *path, px_evx_file *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    size_t got;
    while (p && (got = fread(p + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *q = realloc(p, cap * 2);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
            cap *= 2;
        }
    }
    fclose(f);
    if (!p)
        return -1;
    p[n] = 0;
    b->p = p;
    b->n = n;
    return 0;
}

px_doc *px__evx_annotate(px_engine *e, const char *text, size_t len, const char *date)
{
    px_article a;
    memset(&a, 0, sizeof a);
    a.text = (px_slice){(const uint8_t *)text, len};
    a.date = date ? px_slice_cstr(date) : PX_SLICE_NULL;
    a.date_source = date ? "header" : "none";
    px_doc *d = NULL;
    if (px_doc_new(e, &a, &d))
        return NULL;
    return d;
}

double px__evx_f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* ---- UniversalPetrarch records ---- */

void px__evx_attr(const char *tag, const char *name, char *out, size_t cap)
{
    out[0] = 0;
    const char *end = strchr(tag, '>');
    size_t nl = strlen(name);
    for (const char *p = tag; (p = strstr(p, name)) && (!end || p < end); p += nl) {
        if (p == tag || (p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n'))
            continue;
        const char *v = p + nl;
        while (*v == ' ' || *v == '\t')
            v++;
        if (*v++ != '=')
            continue;
        while (*v == ' ' || *v == '\t')
            v++;
        char q = *v++;
        if (q != '"' && q != '\'')
            continue;
        size_t n = 0;
        while (v[n] && v[n] != q && n + 1 < cap)
            n++;
        memcpy(out, v, n);
        out[n] = 0;
        return;
    }
}

/* An actor code as the gold writes it: "" for none. */
static const char *code_str(px_slice s)
{
    if (!s.ptr || !s.len || (s.len == 3 && !memcmp(s.ptr, "---", 3)))
        return "";
    return (const char *)s.ptr;
}

void px__evx_score(px_engine *e,
                   const char *text,
                   size_t len,
                   const char *date,
                   const px_evx_gold *g,
                   size_t ng,
                   const px_evx_opts *o,
                   px_evx_tally *t)
{
    char iso[16] = "";
    if (strlen(date) == 8)
        snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
    px_doc *d = px__evx_annotate(e, text, len, iso[0] ? iso : NULL);
    if (!d)
        return;
    FILE *err = o->err;
    const char *id = o->id ? o->id : "";
    if (ng > PX_EVX_MAXGOLD)
        ng = PX_EVX_MAXGOLD;
    t->sents++;
    t->gold += ng;
    int used[PX_EVX_MAXGOLD] = {0};
    size_t nsys = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        const px_event *v = &d->events[i];
        const char *vs = code_str(v->source.code), *vt = code_str(v->target.code);
        if (v->negated || (o->monadic ? !*vs && !*vt : !*vs || !*vt))
            continue;
        nsys++;
        /* the gold coding with the same root, the same full code first */
        int best = -1, bestscore = -1;
        for (size_t j = 0; j < ng; j++) {
            if (used[j] || strncmp(g[j].code, (const char *)v->code.ptr, 2))
                continue;
            int s = !strcmp(g[j].code, (const char *)v->code.ptr) * 4 + !strcmp(g[j].src, vs) * 2 +
                    !strcmp(g[j].tgt, vt);
            if (s > bestscore)
                best = (int)j, bestscore = s;
        }
        if (err)
            fprintf(err, "%s %s SYS %.*s %s -> %s (%.*s)%s%s%s%s%s%s\n",
                    best >= 0 ? "OK  " : "FP  ", id, (int)v->code.len, (const char *)v->code.ptr,
                    *vs ? vs : "---", *vt ? vt : "---", (int)(v->trigger.end - v->trigger.start),
                    (const char *)d->text.ptr + v->trigger.start, best >= 0 ? " GOLD " : "",
                    best >= 0 ? g[best].code : "", best >= 0 ? " " : "",
                    best >= 0 ? (g[best].src[0] ? g[best].src : "---") : "",
                    best >= 0 ? " -> " : "",
                    best >= 0 ? (g[best].tgt[0] ? g[best].tgt : "---") : "");
        if (best < 0)
            continue;
        used[best] = 1;
        t->root_tp++;
        t->code_tp += bestscore >= 4;
        int so = !strcmp(g[best].src, vs);
        int to = !strcmp(g[best].tgt, vt);
        t->src_ok += so;
        t->tgt_ok += to;
        t->actor_ok += so && to;
    }
    if (err)
        for (size_t j = 0; j < ng; j++)
            if (!used[j])
                fprintf(err, "MISS %s GOLD %s %s -> %s: %.*s\n", id, g[j].code,
                        g[j].src[0] ? g[j].src : "---", g[j].tgt[0] ? g[j].tgt : "---",
                        (int)(len > 160 ? 160 : len), text);
    if (!ng) {
        t->neg_sents++;
        t->neg_fp += nsys > 0;
    }
    t->sys += nsys;
    px_doc_free(d);
}

void px__evx_tally_add(px_evx_tally *a, const px_evx_tally *b)
{
    a->sents += b->sents;
    a->gold += b->gold;
    a->sys += b->sys;
    a->root_tp += b->root_tp;
    a->code_tp += b->code_tp;
    a->actor_ok += b->actor_ok;
    a->src_ok += b->src_ok;
    a->tgt_ok += b->tgt_ok;
    a->neg_sents += b->neg_sents;
    a->neg_fp += b->neg_fp;
}

void px__evx_tally_print(FILE *out, const px_evx_tally *t, int indent)
{
    double P = t->sys ? (double)t->root_tp / t->sys : 0;
    double R = t->gold ? (double)t->root_tp / t->gold : 0;
    double cP = t->sys ? (double)t->code_tp / t->sys : 0;
    double cR = t->gold ? (double)t->code_tp / t->gold : 0;
    fprintf(out, "%*sroot code   P %.3f  R %.3f  F1 %.3f\n", indent, "", P, R, px__evx_f1(P, R));
    fprintf(out, "%*sfull code   P %.3f  R %.3f  F1 %.3f\n", indent, "", cP, cR,
            px__evx_f1(cP, cR));
    if (t->root_tp)
        fprintf(out,
                "%*sactors (events with the right root): source %.3f  target %.3f  both %.3f\n",
                indent, "", (double)t->src_ok / t->root_tp, (double)t->tgt_ok / t->root_tp,
                (double)t->actor_ok / t->root_tp);
}

char *px__evx_text(const char *tx, size_t len, size_t *out_len)
{
    char *text = malloc(len + 1);
    if (!text)
        return NULL;
    static const char *const ENT[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    size_t k = 0, s = 0;
    for (size_t i = 0; i < len; i++) {
        size_t e = 0;
        while (tx[i] == '&' && e < sizeof ENT / sizeof *ENT &&
               (len - i < strlen(ENT[e][0]) || memcmp(tx + i, ENT[e][0], strlen(ENT[e][0]))))
            e++;
        if (tx[i] == '&' && e < sizeof ENT / sizeof *ENT) {
            text[k++] = ENT[e][1][0]; /* XML's own entities */
            i += strlen(ENT[e][0]) - 1;
        } else
            text[k++] = tx[i] == '\n' || tx[i] == '\r' || tx[i] == '\t' ? ' ' : tx[i];
    }
    while (k && text[k - 1] == ' ')
        k--;
    while (s < k && text[s] == ' ')
        s++;
    memmove(text, text + s, k - s);
    text[k - s] = 0;
    *out_len = k - s;
    return text;
}

static int eval_up(px_engine *e, const char *dir, FILE *out, FILE *err, int show)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/UP.PETR2_GSR_validation.xml", dir);
    px_evx_file b;
    if (px__evx_read_all(path, &b)) {
        fprintf(err, "parallax: eval events: cannot read %s\n", path);
        return 1;
    }
    px_evx_tally t;
    memset(&t, 0, sizeof t);
    char *p = b.p;
    while ((p = strstr(p, "<Sentence "))) {
        char date[16], id[64], evalf[8];
        px__evx_attr(p, "date", date, sizeof date);
        px__evx_attr(p, "id", id, sizeof id);
        px__evx_attr(p, "evaluate", evalf, sizeof evalf);
        char *next = strstr(p + 1, "<Sentence ");
        char *tx = strstr(p, "<Text>"), *te = tx ? strstr(tx, "</Text>") : NULL;
        if (!tx || !te || (next && tx > next)) {
            p++;
            continue;
        }
        px_evx_gold g[PX_EVX_MAXGOLD];
        size_t ng = 0;
        for (char *c = p; (c = strstr(c, "<EventCoding")) && c < tx && ng < PX_EVX_MAXGOLD; c++) {
            char noev[8];
            px__evx_attr(c, "noevents", noev, sizeof noev);
            if (noev[0])
                continue;
            px__evx_attr(c, "eventcode", g[ng].code, sizeof g[ng].code);
            px__evx_attr(c, "sourcecode", g[ng].src, sizeof g[ng].src);
            px__evx_attr(c, "targetcode", g[ng].tgt, sizeof g[ng].tgt);
            if (g[ng].code[0])
                ng++;
        }
        tx += 6;
        size_t len;
        char *text = px__evx_text(tx, (size_t)(te - tx), &len);
        if (!text)
            break;
        px_evx_opts o = {0, show ? err : NULL, id};
        if (strcmp(evalf, "false"))
            px__evx_score(e, text, len, date, g, ng, &o, &t);
        free(text);
        p = te;
    }
    free(b.p);
    fprintf(out, "UniversalPetrarch records: %zu sentences, %zu gold events, %zu system events\n",
            t.sents, t.gold, t.sys);
    px__evx_tally_print(out, &t, 2);
    return 0;
}

/* ---- ConfliBERT classes and actor spans ---- */

static int class_of_root(int root)
{
    if (root <= 2)
        return 0;
    if (root <= 5)
        return 1;
    if (root <= 9)
        return 2;
    if (root <= 14)
        return 3;
    return 4;
}

/* Depth of word w in the parse (bounded). */
static int depth_at(const px_doc *d, uint32_t start)
{
    const struct px_syntax *s = d->syn;
    if (!s)
        return 0;
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->w[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    int dep = 0;
    for (int32_t w = (int32_t)lo; w >= 0 && (size_t)w < s->n && dep < 64; w = s->w[w].head)
        dep++;
    return dep;
}

/* The main event: not a statement when something else is coded, then the
 * one nearest the root, then the first. */
static const px_event *main_event(const px_doc *d)
{
    const px_event *best = NULL;
    int bs = 0, bd = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        const px_event *v = &d->events[i];
        int stmt = v->root.len == 2 && v->root.ptr[0] == '0' && v->root.ptr[1] == '1';
        int dep = depth_at(d, v->trigger.start);
        if (!best || (bs && !stmt) || (bs == stmt && dep < bd)) {
            best = v;
            bs = stmt;
            bd = dep;
        }
    }
    return best;
}

typedef struct gold_span {
    char *key; /* the sentence's letters and digits, lower case */
    char src_last[64], tgt_last[64];
} gold_span;

/* Letters and digits of p[0..n), lower case (a NUL-terminated copy). */
static char *norm_key(const char *p, size_t n)
{
    char *k = malloc(n + 1);
    size_t j = 0;
    if (!k)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
            k[j++] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            k[j++] = (char)(c | 32);
        else if (c >= 0x80)
            k[j++] = (char)c;
    }
    k[j] = 0;
    return k;
}

static int span_cmp(const void *a, const void *b)
{
    return strcmp(((const gold_span *)a)->key, ((const gold_span *)b)->key);
}

/* The actor file's sentences (one token and BIO tag a line, a blank line
 * between sentences; its order is not the class file's): the last word of
 * each one's source and target span, sorted by key. */
static gold_span *read_spans(char *tp, size_t *out_n)
{
    size_t n = 0, cap = 0;
    gold_span *g = NULL;
    while (tp && *tp) {
        while (*tp == '\n' || *tp == '\r')
            tp++;
        if (!*tp)
            break;
        char text[4096];
        size_t tl = 0;
        gold_span x = {NULL, "", ""};
        while (*tp && *tp != '\n' && *tp != '\r') {
            char *le = strchr(tp, '\n');
            size_t ll = le ? (size_t)(le - tp) : strlen(tp);
            if (ll && tp[ll - 1] == '\r')
                ll--;
            char *sp = ll ? memchr(tp, ' ', ll) : NULL;
            if (sp) {
                size_t wl = (size_t)(sp - tp), gl = ll - wl - 1;
                if (tl + wl < sizeof text) {
                    memcpy(text + tl, tp, wl);
                    tl += wl;
                }
                if (gl >= 3 && wl < sizeof x.src_last && (sp[3] == 'S' || sp[3] == 'T')) {
                    char *dst = sp[3] == 'S' ? x.src_last : x.tgt_last;
                    memcpy(dst, tp, wl);
                    dst[wl] = 0;
                }
            }
            tp = le ? le + 1 : tp + strlen(tp);
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            gold_span *q = realloc(g, cap * sizeof *g);
            if (!q)
                break;
            g = q;
        }
        x.key = norm_key(text, tl);
        if (x.key)
            g[n++] = x;
    }
    if (g)
        qsort(g, n, sizeof *g, span_cmp);
    *out_n = n;
    return g;
}

static int eval_confli(px_engine *e, const char *dir, FILE *out, FILE *err, int show)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/confli-cameo-class-train.tsv", dir);
    px_evx_file b, bt = {0};
    if (px__evx_read_all(path, &b)) {
        fprintf(err, "parallax: eval events: cannot read %s\n", path);
        return 1;
    }
    snprintf(path, sizeof path, "%s/confli-cameo-actors-train.txt", dir);
    int have_spans = !px__evx_read_all(path, &bt);
    size_t nspans = 0;
    gold_span *spans = have_spans ? read_spans(bt.p, &nspans) : NULL;
    size_t conf[5][5] = {{0}};
    size_t n = 0, gs = 0, gt = 0, oks = 0, okt = 0, nfound = 0;
    char *line = b.p;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len && line[len - 1] == '\r')
            len--;
        char *tab = memchr(line, '\t', len);
        /* the sentence's actor spans, found by its text */
        const gold_span *gsp = NULL;
        if (spans && tab) {
            gold_span key = {norm_key(line, (size_t)(tab - line)), "", ""};
            if (key.key)
                gsp = bsearch(&key, spans, nspans, sizeof *spans, span_cmp);
            free(key.key);
        }
        if (tab) {
            int gold = atoi(tab + 1);
            px_doc *d = px__evx_annotate(e, line, (size_t)(tab - line), NULL);
            if (d && gold >= 0 && gold <= 4) {
                const px_event *v = main_event(d);
                int root = v ? (v->root.ptr[0] - '0') * 10 + (v->root.ptr[1] - '0') : 0;
                int sys = v ? class_of_root(root) : 0;
                conf[gold][sys]++;
                n++;
                if (show && gold != sys)
                    fprintf(err, "CLASS gold %d sys %d (%.*s): %.*s\n", gold, sys,
                            v ? (int)v->code.len : 1, v ? (const char *)v->code.ptr : "-",
                            (int)(tab - line), line);
                const char *names[2] = {gsp ? gsp->src_last : "", gsp ? gsp->tgt_last : ""};
                nfound += gsp != NULL;
                for (int r = 0; r < 2; r++) {
                    if (!names[r][0])
                        continue;
                    r ? gt++ : gs++;
                    const px_event_actor *a = v ? (r ? &v->target : &v->source) : NULL;
                    if (!a || a->span.start == UINT32_MAX)
                        continue;
                    /* the gold span's last word inside the system's span */
                    size_t wl = strlen(names[r]);
                    const char *sp = (const char *)d->text.ptr + a->span.start;
                    size_t sl = a->span.end - a->span.start;
                    for (size_t i = 0; i + wl <= sl; i++)
                        if (!memcmp(sp + i, names[r], wl)) {
                            r ? okt++ : oks++;
                            break;
                        }
                }
            }
            px_doc_free(d);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(b.p);
    free(bt.p);
    for (size_t i = 0; i < nspans; i++)
        free(spans[i].key);
    free(spans);
    double macro = 0;
    fprintf(out, "ConfliBERT five classes: %zu sentences\n", n);
    for (int c = 0; c < 5; c++) {
        size_t tpc = conf[c][c], ps = 0, gsum = 0;
        for (int k = 0; k < 5; k++) {
            ps += conf[k][c];
            gsum += conf[c][k];
        }
        double P = ps ? (double)tpc / ps : 0, R = gsum ? (double)tpc / gsum : 0;
        macro += px__evx_f1(P, R) / 5;
        fprintf(out, "  class %d  P %.3f  R %.3f  F1 %.3f  (gold %zu, system %zu)\n", c, P, R,
                px__evx_f1(P, R), gsum, ps);
    }
    fprintf(out, "  macro-F1 %.3f\n", macro);
    if (have_spans)
        fprintf(out,
                "  actor spans (main event; %zu sentences found by text): source %.3f of %zu, "
                "target %.3f of %zu\n",
                nfound, gs ? (double)oks / gs : 0, gs, gt ? (double)okt / gt : 0, gt);
    return 0;
}

static int run(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    const char *dir = SHARED_EVENTS;
    int show = 0;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--errors"))
            show = 1;
        else if (!strcmp(argv[i], "--up") || !strcmp(argv[i], "--confli") ||
                 !strcmp(argv[i], "--petr"))
            only = argv[i];
        else if (argv[i][0] == '-') {
            fprintf(err, "usage: parallax eval events [DIR] [--up|--confli|--petr] [--errors]\n");
            return 2;
        } else
            dir = argv[i];
    }
    int rc = 0;
    if (only && !strcmp(only, "--petr"))
        return px__evx_petr(dir, data_dir, out, err, show);
    px_engine *e;
    char msg[PX_ERRMSG_SIZE] = "";
    px_engine_options eo = {.no_langid = 1, .data_dir = data_dir};
    if (px_engine_new(&e, &eo, msg)) {
        fprintf(err, "parallax: eval events: %s\n", msg);
        return 1;
    }
    if (!only || !strcmp(only, "--up"))
        rc |= eval_up(e, dir, out, err, show);
    e->events_all = 1; /* the five classes read verbs whose actors have no code too */
    if (!only || !strcmp(only, "--confli"))
        rc |= eval_confli(e, dir, out, err, show);
    px_engine_free(e);
    /* the unit tests with their own dictionaries, in an engine of their own */
    if (!only)
        rc |= px__evx_petr(dir, data_dir, out, err, show);
    return rc;
}

const px_eval_task px__eval_events = {
    "events",
    "event coding (CAMEO roots, actors, five classes; PETRARCH unit tests) on the validation sets",
    run};
