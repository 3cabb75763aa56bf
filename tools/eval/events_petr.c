/* parallax eval events: the PETRARCH unit tests (PETR.UnitTest.records.xml in
 * ../shared/data/events/validation/, README there), coded with their own
 * dictionaries (PETR.Validate.*, compiled by events_petr_dict.c into a
 * temporary data folder) and scored as the UniversalPetrarch records are
 * (px__evx_score), per sentence category and in all.
 *
 * The gold as read: each <EventCoding sourcecode targetcode eventcode> is one
 * coding; "---" as an actor means none (the event is monadic) and "---GOV"
 * an agent without a country (parallax's code for it is "GOV"). As in
 * PETRARCH, only events with a coded source and target count, except where
 * a <Config option="require_dyad" value="false"> record (until the next one)
 * lets events with one coded actor count too. A sentence
 * whose gold is no event (noevents="True", or the errors a coder should
 * raise on the text itself: error="dateline", "sentencediscard",
 * "storydiscard") is a negative: a system event there is a false positive.
 * Not scored, but counted and reported: sentences with a <Skip>, with
 * error="bad_input_parse" (about the given parse tree, which parallax does
 * not read), and with an actor given as text ('"INJURY TOLL"': PETRARCH's
 * code for an actor outside the dictionary, which parallax has no form of).
 * The discards dictionary is not read: parallax has no discard lists, so the
 * discard sentences are negatives it may fail. */
#include <stdlib.h>
#include <string.h>

#include "eval/events.h"

#define MAXCAT 32

typedef struct cat {
    char name[32];
    px_evx_tally t;
    size_t unscored;
} cat;

typedef struct petr_run {
    cat cats[MAXCAT];
    size_t ncat;
    size_t skip, bad_parse, text_actor, other_error;
} petr_run;

static cat *cat_of(petr_run *r, const char *name)
{
    for (size_t i = 0; i < r->ncat; i++)
        if (!strcmp(r->cats[i].name, name))
            return &r->cats[i];
    if (r->ncat == MAXCAT)
        return &r->cats[MAXCAT - 1];
    cat *c = &r->cats[r->ncat++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name[0] ? name : "-");
    return c;
}

/* "---" -> "", "---GOV" -> "GOV". */
static void actor_norm(char *s)
{
    if (!strncmp(s, "---", 3))
        memmove(s, s + 3, strlen(s + 3) + 1);
}

/* Why the sentence [p, end) cannot be scored (NULL: it can); its gold in g. */
static const char *
read_gold(char *p, const char *end, const char *tx, px_evx_gold *g, size_t *ng, petr_run *r)
{
    *ng = 0;
    char *sk = strstr(p, "<Skip");
    if (sk && sk < end) {
        r->skip++;
        return "skip";
    }
    for (char *c = p; (c = strstr(c, "<EventCoding")) && c < tx; c++) {
        char v[64];
        px__evx_attr(c, "noevents", v, sizeof v);
        if (v[0])
            continue;
        px__evx_attr(c, "error", v, sizeof v);
        if (!strcmp(v, "bad_input_parse")) {
            r->bad_parse++;
            return "bad_input_parse";
        }
        if (v[0]) {
            if (strcmp(v, "dateline") && strcmp(v, "sentencediscard") &&
                strcmp(v, "storydiscard")) {
                r->other_error++;
                return "error";
            }
            continue; /* no event */
        }
        if (*ng == PX_EVX_MAXGOLD)
            continue;
        px_evx_gold *x = &g[*ng];
        px__evx_attr(c, "eventcode", x->code, sizeof x->code);
        px__evx_attr(c, "sourcecode", x->src, sizeof x->src);
        px__evx_attr(c, "targetcode", x->tgt, sizeof x->tgt);
        if (x->src[0] == '"' || x->tgt[0] == '"') {
            r->text_actor++;
            return "text actor";
        }
        actor_norm(x->src);
        actor_norm(x->tgt);
        if (x->code[0])
            (*ng)++;
    }
    return NULL;
}

static void report(const petr_run *r, FILE *out)
{
    px_evx_tally all;
    memset(&all, 0, sizeof all);
    size_t unscored = 0;
    for (size_t i = 0; i < r->ncat; i++) {
        px__evx_tally_add(&all, &r->cats[i].t);
        unscored += r->cats[i].unscored;
    }
    fprintf(out,
            "PETRARCH unit tests (PETR.Validate dictionaries): %zu sentences, %zu gold events, %zu "
            "system events\n",
            all.sents, all.gold, all.sys);
    px__evx_tally_print(out, &all, 2);
    fprintf(out, "  gold no event: %zu sentences, %zu of them with a system event\n", all.neg_sents,
            all.neg_fp);
    fprintf(out,
            "  not scored: %zu sentences (%zu <Skip>, %zu bad_input_parse, %zu actor as text, "
            "%zu other errors)\n",
            unscored, r->skip, r->bad_parse, r->text_actor, r->other_error);
    fprintf(out, "  per category:   sents  gold   sys  root P     R    F1  full F1  actors  "
                 "no-event FP  unscored\n");
    for (size_t i = 0; i < r->ncat; i++) {
        const cat *c = &r->cats[i];
        const px_evx_tally *t = &c->t;
        double P = t->sys ? (double)t->root_tp / t->sys : 0;
        double R = t->gold ? (double)t->root_tp / t->gold : 0;
        double cP = t->sys ? (double)t->code_tp / t->sys : 0;
        double cR = t->gold ? (double)t->code_tp / t->gold : 0;
        fprintf(out, "    %-12s %5zu %5zu %5zu  %.3f %.3f %.3f  %.3f    %.3f   %zu/%zu  %zu\n",
                c->name, t->sents, t->gold, t->sys, P, R, px__evx_f1(P, R), px__evx_f1(cP, cR),
                t->root_tp ? (double)t->actor_ok / t->root_tp : 0, t->neg_fp, t->neg_sents,
                c->unscored);
    }
}

/* The next <Sentence or <Config outside an XML comment, NULL when none. */
static char *next_record(char *p)
{
    for (;;) {
        char *s = strstr(p, "<Sentence "), *cf = strstr(p, "<Config "), *cm = strstr(p, "<!--");
        if (cf && (!s || cf < s))
            s = cf;
        if (!s || !cm || s < cm)
            return s;
        char *ce = strstr(cm, "-->");
        if (!ce)
            return NULL;
        p = ce + 3;
    }
}

static void run_records(px_engine *e, char *buf, petr_run *r, FILE *err, int show)
{
    int dyad = 1; /* PETRARCH's require_dyad, set by <Config> records between sentences */
    for (char *p = next_record(buf); p; p = next_record(p)) {
        if (!strncmp(p, "<Config ", 8)) {
            char opt[32], val[16];
            px__evx_attr(p, "option", opt, sizeof opt);
            px__evx_attr(p, "value", val, sizeof val);
            if (!strcmp(opt, "require_dyad"))
                dyad = val[0] == 't' || val[0] == 'T';
            p++;
            continue;
        }
        char date[16], id[64], category[32];
        px__evx_attr(p, "date", date, sizeof date);
        px__evx_attr(p, "id", id, sizeof id);
        px__evx_attr(p, "category", category, sizeof category);
        char *end = strstr(p, "</Sentence>");
        char *tx = strstr(p, "<Text>"), *te = tx ? strstr(tx, "</Text>") : NULL;
        if (!end || !tx || !te || te > end) {
            p++;
            continue;
        }
        cat *c = cat_of(r, category);
        px_evx_gold g[PX_EVX_MAXGOLD];
        size_t ng;
        const char *why = read_gold(p, end, tx, g, &ng, r);
        if (why) {
            c->unscored++;
            if (show)
                fprintf(err, "UNSCORED %s (%s)\n", id, why);
            p = end;
            continue;
        }
        size_t len;
        char *text = px__evx_text(tx + 6, (size_t)(te - tx - 6), &len);
        if (!text)
            break;
        px_evx_opts o = {!dyad, show ? err : NULL, id};
        px__evx_score(e, text, len, date, g, ng, &o, &c->t);
        free(text);
        p = end;
    }
}

int px__evx_petr(const char *dir, const char *data_dir, FILE *out, FILE *err, int show)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/PETR.UnitTest.records.xml", dir);
    px_evx_file b;
    if (px__evx_read_all(path, &b)) {
        fprintf(err, "parallax: eval events: cannot read %s\n", path);
        return 1;
    }
    char tmp[4096];
    if (px__evx_petr_dict(dir, data_dir, tmp, sizeof tmp, err)) {
        free(b.p);
        return 1;
    }
    px_engine *e;
    char msg[PX_ERRMSG_SIZE] = "";
    px_engine_options eo = {.no_langid = 1, .data_dir = tmp};
    int rc = 0;
    if (px_engine_new(&e, &eo, msg)) {
        fprintf(err, "parallax: eval events: %s\n", msg);
        rc = 1;
    } else {
        /* the syntax model loads with the first document: then the folder
         * can go (an interrupted run leaves nothing behind) */
        px_doc_free(px__evx_annotate(e, "Parallax.", 9, NULL));
        px__evx_petr_dict_remove(tmp);
        tmp[0] = 0;
        fputs(px_engine_warnings(e), err);
        petr_run *r = calloc(1, sizeof *r);
        if (r) {
            run_records(e, b.p, r, err, show);
            report(r, out);
        } else
            rc = 1;
        free(r);
        px_engine_free(e);
    }
    if (tmp[0])
        px__evx_petr_dict_remove(tmp);
    free(b.p);
    return rc;
}
