/* The PETRARCH validation dictionaries (PETR.Validate.verbs.txt, .agents.txt,
 * .actors.txt, in ../shared/data/events/validation/) compiled at run time
 * into the formats the engine loads: events/cameo.tsv (as
 * tools/gen_events.py writes it from CAMEO.2.0.txt and Phoenix.agents.txt)
 * and actors/actors.tsv (as tools/gen_gazetteer.py writes it from the
 * Phoenix actor files), in a temporary data folder whose other entries are
 * links to the real data folder. The library keeps one loader per format and
 * needs no Python; this file is part of the evaluation tool only.
 *
 * The formats are those of the README beside the files. Differences from
 * the Python generators, for the validation files' own features: XML
 * comments (<!-- ... -->) are skipped; an actor phrase may use spaces as well
 * as '_' ("CARAS GALADHON"); a date restriction may have spaces
 * ("[HOB < 950601]"); '*' joined to words ("IN_*") splits them into the words
 * before and after the verb; a synset member may be another synset
 * (+&TIETYPES); codes outside the CAMEO table (the files keep WEIS-era codes
 * such as 903 or 345) get a row with Goldstein 0. Not supported, with one
 * message each: non-numeric event codes (075A, def), the null and
 * "do not code" actor codes ([---], [+++]), several actors in one code
 * ([FRO/BIL/SAM]: the first is kept). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval/events.h"

#define MAXCODES 1024
#define MAXSYN   64
#define MAXSUBST 8

typedef struct subst {
    char key[24];
    char vals[256];
} subst;

typedef struct actor_entry {
    px_buf names, codes;
    size_t line;
    int open, warned;
} actor_entry;

typedef struct pd {
    FILE *err;
    const char *file;
    size_t line;
    int oom;
    px_buf c, a, s, v, act;
    char codes[MAXCODES][8]; /* event codes the verbs use */
    size_t ncodes;
    char syn[MAXSYN][24]; /* synset names (upper case, as written) */
    px_buf syn_words[MAXSYN];
    size_t nsyn;
    int block;           /* a verb block is open (1), none (0), one skipped (-1) */
    int cur;             /* the synset '+' lines add to, -1 */
    subst sub[MAXSUBST]; /* agents: !PERSON! = MAN, MEN, ... */
    size_t nsub;
    actor_entry cur_actor; /* actors: the entry being read */
} pd;

static void out(pd *x, px_buf *b, const char *fmt, const char *s1, const char *s2)
{
    if (px_buf_appendf(b, fmt, s1, s2) != PX_OK)
        x->oom = 1;
}

static void bad(pd *x, const char *why, const char *what)
{
    fprintf(x->err, "%s:%zu: %s%s%s; entry skipped\n", x->file, x->line, why, what ? " " : "",
            what ? what : "");
}

/* Lower-case words of s[0..n): '_' and runs of spaces become one space. */
static void words(const char *s, size_t n, char *o, size_t cap)
{
    size_t k = 0;
    int sp = 0;
    for (size_t i = 0; i < n && k + 2 < cap; i++) {
        char ch = s[i];
        if (ch == '_' || ch == ' ' || ch == '\t') {
            sp = k > 0;
            continue;
        }
        if (sp)
            o[k++] = ' ';
        sp = 0;
        o[k++] = (char)(ch >= 'A' && ch <= 'Z' ? ch | 32 : ch);
    }
    o[k] = 0;
}

/* Trims spaces at both ends of s (in place). */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

/* Calls fn on each line of file dir/name with comments removed ('#' to the
 * end of the line, XML comments); fn gets the raw line too. */
typedef void (*line_fn)(pd *x, char *line, const char *raw);

static int each_line(pd *x, const char *dir, const char *name, line_fn fn)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    px_evx_file b;
    if (px__evx_read_all(path, &b)) {
        fprintf(x->err, "parallax: eval events: cannot read %s\n", path);
        return -1;
    }
    x->file = name;
    x->line = 0;
    int xml = 0;
    for (char *p = b.p; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        x->line++;
        char raw[1024];
        snprintf(raw, sizeof raw, "%s", p);
        char *t = trim(p);
        if (xml || !strncmp(t, "<!", 2)) {
            xml = !strstr(t, "-->");
        } else {
            if (t[0] != '~') {
                char *h = strchr(p, '#');
                if (h)
                    *h = 0;
            }
            /* keep the indentation: actor code lines start with a space */
            size_t n = strlen(p);
            while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
                p[--n] = 0;
            if (n)
                fn(x, p, raw);
        }
        p = nl ? nl + 1 : NULL;
    }
    free(b.p);
    return 0;
}

/* ---- verbs ---- */

/* An event code of the verbs file: "---" or 2-4 digits, recorded. Returns
 * 0, or -1 when it is neither. */
static int ev_code(pd *x, const char *s, size_t n, char *o)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 3 && !memcmp(s, "---", 3)) {
        strcpy(o, "---");
        return 0;
    }
    if (n < 2 || n > 4)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    memcpy(o, s, n);
    o[n] = 0;
    for (size_t i = 0; i < x->ncodes; i++)
        if (!strcmp(x->codes[i], o))
            return 0;
    if (x->ncodes < MAXCODES)
        strcpy(x->codes[x->ncodes++], o);
    return 0;
}

static int syn_find(const pd *x, const char *name)
{
    for (size_t i = 0; i < x->nsyn; i++)
        if (!strcmp(x->syn[i], name))
            return (int)i;
    return -1;
}

/* "&NAME_" -> "NAME". */
static void syn_name(const char *t, char *o, size_t cap)
{
    size_t n = 0;
    t += *t == '&';
    while (t[n] && t[n] != ' ' && t[n] != '\t')
        n++;
    while (n && t[n - 1] == '_')
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(o, t, n);
    o[n] = 0;
}

static void verb_synset_member(pd *x, const char *t)
{
    px_buf *w = &x->syn_words[x->cur];
    if (t[0] == '&') {
        char name[24];
        syn_name(t, name, sizeof name);
        int s = syn_find(x, name);
        if (s < 0 || s == x->cur) {
            bad(x, "unknown synset", name);
            return;
        }
        if (x->syn_words[s].len && ((w->len && px_buf_append(w, "|", 1)) ||
                                    px_buf_append(w, x->syn_words[s].ptr, x->syn_words[s].len)))
            x->oom = 1;
        return;
    }
    char ws[256];
    words(t, strlen(t), ws, sizeof ws);
    if (ws[0])
        out(x, w, "%s%s", w->len ? "|" : "", ws);
}

/* "- PRE * POST [ACT:PAS]" */
static void verb_pattern(pd *x, char *t)
{
    char *lb = strrchr(t, '['), *rb = lb ? strchr(lb, ']') : NULL;
    if (!lb || !rb) {
        bad(x, "a pattern needs [CODE]", NULL);
        return;
    }
    *rb = 0;
    char act[8], pas[8];
    char *colon = strchr(lb + 1, ':');
    size_t al = colon ? (size_t)(colon - lb - 1) : strlen(lb + 1);
    if (ev_code(x, lb + 1, al, act) ||
        (colon ? ev_code(x, colon + 1, strlen(colon + 1), pas) : (strcpy(pas, act), 0))) {
        bad(x, "not a CAMEO code:", lb + 1);
        return;
    }
    *lb = 0;
    /* tokens, with ( ) { } apart and '*' split from the words it is joined to */
    char body[1024];
    size_t k = 0;
    int amp = 0, start = 1; /* a word holding a synset: '_' separates ("&TIETYPES_MEMOS") */
    for (const char *p = t + 1; *p && k + 4 < sizeof body; p++) {
        if (*p == ' ' || *p == '\t') {
            start = 1;
            body[k++] = ' ';
            continue;
        }
        if (start) {
            amp = memchr(p, '&', strcspn(p, " \t")) != NULL;
            start = 0;
        }
        if (amp && *p == '_') {
            body[k++] = ' ';
        } else if (strchr("(){}*", *p)) {
            body[k++] = ' ';
            body[k++] = *p;
            body[k++] = ' ';
        } else
            body[k++] = *p;
    }
    body[k] = 0;
    px_buf side[2];
    px_buf_init(&side[0], 0);
    px_buf_init(&side[1], 0);
    int star = 0, ok = 1;
    for (char *tok = strtok(body, " "); tok; tok = strtok(NULL, " ")) {
        while (*tok == '_')
            tok++;
        size_t n = strlen(tok);
        while (n && tok[n - 1] == '_')
            tok[--n] = 0;
        if (!n)
            continue;
        if (!strcmp(tok, "*")) {
            ok &= !star;
            star = 1;
            continue;
        }
        char w[256];
        if (strchr("&$+^%(){}", tok[0])) {
            snprintf(w, sizeof w, "%s", tok);
            if (tok[0] == '&') {
                char name[24];
                syn_name(tok, name, sizeof name);
                ok &= syn_find(x, name) >= 0;
            }
        } else {
            words(tok, n, w, sizeof w);
            for (char *c = w; *c; c++)
                if (*c == ' ')
                    *c = '_';
        }
        out(x, &side[star], "%s%s", side[star].len ? " " : "", w);
    }
    if (!star || !ok)
        bad(x, star ? "unknown synset or two '*'" : "a pattern needs '*'", NULL);
    else if (px_buf_appendf(&x->v, "P\t%.*s\t%.*s\t%s\t%s\n", (int)side[0].len,
                            side[0].len ? (const char *)side[0].ptr : "", (int)side[1].len,
                            side[1].len ? (const char *)side[1].ptr : "", act, pas))
        x->oom = 1;
    px_buf_free(&side[0]);
    px_buf_free(&side[1]);
}

/* "VERB {FORMS} [CODE]"; "KLM_NOP_+RST": the word after '+' is the verb. */
static void verb_verb(pd *x, char *t)
{
    if (!x->block) {
        bad(x, "a verb before any block", NULL);
        return;
    }
    char *lb = strchr(t, '['), *lc = strchr(t, '{');
    char code[8] = "-";
    if (lb) {
        char *rb = strchr(lb, ']');
        if (!rb || ev_code(x, lb + 1, (size_t)(rb - lb - 1), code)) {
            if (rb)
                *rb = 0;
            bad(x, "not a CAMEO code:", lb + 1);
            return;
        }
    }
    size_t vn = strcspn(t, " \t{[");
    char verb[256];
    snprintf(verb, sizeof verb, "%.*s", (int)vn, t);
    char *v = strrchr(verb, '+');
    v = v ? v + 1 : verb;
    char ws[256];
    words(v, strlen(v), ws, sizeof ws);
    if (!ws[0]) {
        bad(x, "a verb line needs a verb", NULL);
        return;
    }
    char *sp = strchr(ws, ' ');
    const char *particle = "";
    if (sp) {
        *sp = 0;
        particle = sp + 1;
    }
    char forms[512] = "";
    if (lc && (!lb || lc < lb)) {
        char *rc = strchr(lc, '}');
        char f[512];
        snprintf(f, sizeof f, "%.*s", rc ? (int)(rc - lc - 1) : 0, lc + 1);
        size_t k = 0;
        for (char *w = strtok(f, " \t"); w; w = strtok(NULL, " \t")) {
            w += *w == '+';
            size_t n = strcspn(w, "_");
            if (!n || k + n + 2 >= sizeof forms)
                continue;
            if (k)
                forms[k++] = '|';
            for (size_t i = 0; i < n; i++)
                forms[k++] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] | 32 : w[i]);
            forms[k] = 0;
        }
    }
    if (px_buf_appendf(&x->v, "V\t%s\t%s\t%s\t%s\n", ws, particle, code, forms))
        x->oom = 1;
}

static void verb_line(pd *x, char *p, const char *raw)
{
    (void)raw;
    char *t = trim(p);
    if (t[0] == '&') {
        x->cur = -1;
        char name[24];
        syn_name(t, name, sizeof name);
        if (!name[0] || x->nsyn >= MAXSYN || syn_find(x, name) >= 0) {
            bad(x, "a synset needs a new name", name);
            return;
        }
        strcpy(x->syn[x->nsyn], name);
        px_buf_init(&x->syn_words[x->nsyn], 0);
        x->cur = (int)x->nsyn++;
        return;
    }
    if (t[0] == '+' && x->cur >= 0) {
        verb_synset_member(x, trim(t + 1));
        return;
    }
    if (!strncmp(t, "---", 3)) {
        x->cur = -1;
        char *lb = strchr(t + 3, '['), *rb = lb ? strchr(lb, ']') : NULL;
        char code[8];
        if (!lb || !rb) {
            bad(x, "a verb block needs --- NAME [CODE] ---", NULL);
            x->block = 0;
            return;
        }
        *rb = 0;
        char *colon = strchr(lb + 1, ':');
        if (ev_code(x, lb + 1, colon ? (size_t)(colon - lb - 1) : strlen(lb + 1), code)) {
            bad(x, "not a CAMEO code:", lb + 1);
            x->block = -1; /* its verbs and patterns go with it */
            return;
        }
        char name[256];
        words(t + 3, (size_t)(lb - t - 3), name, sizeof name);
        for (char *c = name; *c; c++)
            if (*c == ' ')
                *c = '_';
        out(x, &x->v, "B\t%s\t%s\n", name[0] ? name : "-", code);
        x->block = 1;
        return;
    }
    if (t[0] == '~') {
        out(x, &x->v, "T\t%s%s\n", trim(t + 1), "");
        return;
    }
    if (x->block < 0)
        return;
    if (t[0] == '-') {
        if (x->block)
            verb_pattern(x, t);
        else
            bad(x, "a pattern outside a verb block", NULL);
        return;
    }
    verb_verb(x, t);
}

/* ---- agents ---- */

static void agent_add(pd *x, const char *phrase, const char *mode)
{
    char key[256];
    words(phrase, strlen(phrase), key, sizeof key);
    if (key[0])
        out(x, &x->a, "A\t%s\t%s\n", key, mode);
}

/* The regular plural of a phrase (upper case), as gen_events.py makes it. */
static void plural(const char *p, char *o, size_t cap)
{
    size_t n = strlen(p);
    if (n && p[n - 1] == 'Y' && !(n > 1 && strchr("AEO", p[n - 2])))
        snprintf(o, cap, "%.*sIES", (int)(n - 1 < 200 ? n - 1 : 200), p);
    else if (n && (p[n - 1] == 'S' || p[n - 1] == 'X' ||
                   (n > 1 && p[n - 1] == 'H' && (p[n - 2] == 'C' || p[n - 2] == 'S'))))
        snprintf(o, cap, "%.200sES", p);
    else
        snprintf(o, cap, "%.200sS", p);
}

static void agent_forms(pd *x, const char *phrase, const char *plurals, const char *mode)
{
    char form[256], pl[256];
    snprintf(form, sizeof form, "%s", phrase);
    agent_add(x, form, mode);
    if (!plurals) {
        plural(form, pl, sizeof pl);
        agent_add(x, pl, mode);
        return;
    }
    char list[512];
    snprintf(list, sizeof list, "%s", plurals);
    for (char *w = strtok(list, " \t"); w; w = strtok(NULL, " \t"))
        agent_add(x, w, mode);
}

static void agent_line(pd *x, char *p, const char *raw)
{
    (void)raw;
    char *t = trim(p);
    char *eq = strchr(t, '=');
    if (t[0] == '!' && eq) {
        if (x->nsub < MAXSUBST) {
            *eq = 0;
            snprintf(x->sub[x->nsub].key, sizeof x->sub[x->nsub].key, "%s", trim(t));
            snprintf(x->sub[x->nsub].vals, sizeof x->sub[x->nsub].vals, "%s", trim(eq + 1));
            x->nsub++;
        } else
            bad(x, "too many substitution sets", NULL);
        return;
    }
    char *lb = strchr(t, '['), *rb = lb ? strchr(lb, ']') : NULL;
    if (!lb || !rb) {
        bad(x, "an agent needs [~CODE] or [CODE~]", NULL);
        return;
    }
    *rb = 0;
    char mode[16];
    snprintf(mode, sizeof mode, "%s", trim(lb + 1));
    size_t ml = strlen(mode);
    int ok = ml >= 2 && ml <= 7 && (mode[0] == '~') != (mode[ml - 1] == '~');
    for (size_t i = 0; ok && i < ml; i++)
        ok = (mode[i] >= 'A' && mode[i] <= 'Z') || mode[i] == '~';
    if (!ok) {
        bad(x, "an agent code is ~XXX or XXX~ (letters, at most 6):", lb + 1);
        return;
    }
    *lb = 0;
    char *lc = strchr(t, '{'), *rc = lc ? strchr(lc, '}') : NULL;
    char plurals[256], *pls = NULL;
    if (lc && rc) {
        snprintf(plurals, sizeof plurals, "%.*s", (int)(rc - lc - 1), lc + 1);
        for (char *c = plurals; *c; c++)
            if (*c == ',')
                *c = ' ';
        pls = plurals;
        *lc = 0;
    }
    char phrase[256];
    snprintf(phrase, sizeof phrase, "%s", trim(t));
    if (!phrase[0]) {
        bad(x, "an agent needs a phrase", NULL);
        return;
    }
    for (size_t s = 0; s < x->nsub; s++) {
        char *at = strstr(phrase, x->sub[s].key);
        if (!at)
            continue;
        char vals[256];
        snprintf(vals, sizeof vals, "%s", x->sub[s].vals);
        size_t kl = strlen(x->sub[s].key);
        char *save = NULL;
        for (char *v = strtok_r(vals, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
            char form[256];
            snprintf(form, sizeof form, "%.*s%s%s", (int)(at - phrase), phrase, trim(v), at + kl);
            agent_forms(x, form, pls ? pls : "", mode);
        }
        return;
    }
    if (strchr(phrase, '!')) {
        bad(x, "unknown substitution marker in", phrase);
        return;
    }
    agent_forms(x, phrase, pls, mode);
}

/* ---- actors ---- */

static void actor_flush(pd *x)
{
    if (!x->cur_actor.open)
        return;
    if (x->cur_actor.codes.len && x->cur_actor.names.len) {
        if (px_buf_append(&x->act, x->cur_actor.names.ptr, x->cur_actor.names.len) ||
            px_buf_append(&x->act, "\t", 1) ||
            px_buf_append(&x->act, x->cur_actor.codes.ptr, x->cur_actor.codes.len) ||
            px_buf_append(&x->act, "\n", 1))
            x->oom = 1;
    } else if (x->cur_actor.names.len && !x->cur_actor.warned) {
        size_t l = x->line;
        x->line = x->cur_actor.line;
        bad(x, "an actor without a usable code", NULL);
        x->line = l;
    }
    px_buf_free(&x->cur_actor.names);
    px_buf_free(&x->cur_actor.codes);
    x->cur_actor.open = 0;
}

/* YYMMDD (YY <= 30: 20YY) or YYYYMMDD; 0 when neither. */
static unsigned long ymd(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    unsigned long v = strtoul(s, NULL, 10);
    if (n == 6)
        return (v / 10000 <= 30 ? 20000000UL : 19000000UL) + v;
    return n == 8 ? v : 0;
}

/* The [CODE DATE] groups of text, added to the current entry. */
static void actor_codes(pd *x, char *text)
{
    for (char *lb = strchr(text, '['); lb; lb = strchr(lb + 1, '[')) {
        char *rb = strchr(lb, ']');
        if (!rb) {
            bad(x, "a code without ']'", NULL);
            return;
        }
        char body[128], code[32] = "", date[64] = "";
        snprintf(body, sizeof body, "%.*s", (int)(rb - lb - 1), lb + 1);
        char *b = trim(body);
        size_t cl = strcspn(b, " \t<>");
        snprintf(code, sizeof code, "%.*s", (int)(cl < 31 ? cl : 31), b);
        size_t k = 0;
        for (const char *d = b + cl; *d && k + 1 < sizeof date; d++)
            if (*d != ' ' && *d != '\t')
                date[k++] = *d;
        date[k] = 0;
        char *slash = strchr(code, '/');
        if (slash) {
            fprintf(x->err, "%s:%zu: several actors in one code (%s) not supported; first kept\n",
                    x->file, x->line, code);
            *slash = 0;
        }
        size_t n = strlen(code);
        int ok = n >= 3 && n <= 15;
        for (size_t i = 0; ok && i < n; i++) {
            code[i] = (char)(code[i] >= 'a' && code[i] <= 'z' ? code[i] - 32 : code[i]);
            ok = (code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9');
        }
        if (!ok) {
            fprintf(x->err,
                    "%s:%zu: not an actor code (null and do-not-code actors are not "
                    "supported): %s; code skipped\n",
                    x->file, x->line, code);
            x->cur_actor.warned = 1;
            continue;
        }
        unsigned long lo = 0, hi = 99999999;
        char *dash = strchr(date, '-');
        if (date[0] == '<')
            hi = ymd(date + 1, strlen(date + 1));
        else if (date[0] == '>')
            lo = ymd(date + 1, strlen(date + 1));
        else if (dash) {
            lo = ymd(date, (size_t)(dash - date));
            hi = ymd(dash + 1, strlen(dash + 1));
        } else if (date[0])
            lo = 0, hi = 0;
        if (!lo && !hi) {
            fprintf(x->err, "%s:%zu: bad date restriction: %s; code skipped\n", x->file, x->line,
                    date);
            x->cur_actor.warned = 1;
            continue;
        }
        char one[64];
        if (lo == 0 && hi == 99999999)
            snprintf(one, sizeof one, "%s", code);
        else
            snprintf(one, sizeof one, "%s:%lu:%lu", code, lo, hi);
        out(x, &x->cur_actor.codes, "%s%s", x->cur_actor.codes.len ? ";" : "", one);
    }
}

static void actor_name(pd *x, const char *t)
{
    size_t n = strcspn(t, "[");
    char w[256];
    words(t, n, w, sizeof w);
    if (w[0] && !strchr(w, '|'))
        out(x, &x->cur_actor.names, "%s%s", x->cur_actor.names.len ? "|" : "", w);
}

static void actor_line(pd *x, char *p, const char *raw)
{
    (void)raw;
    if (p[0] == ' ' || p[0] == '\t') {
        if (x->cur_actor.open)
            actor_codes(x, p);
        else
            bad(x, "a code line before any actor", NULL);
        return;
    }
    if (p[0] == '+') {
        if (!x->cur_actor.open) {
            bad(x, "a synonym before any actor", NULL);
            return;
        }
        actor_name(x, p + 1);
        actor_codes(x, p);
        return;
    }
    actor_flush(x);
    x->cur_actor.open = 1;
    x->cur_actor.warned = 0;
    x->cur_actor.line = x->line;
    px_buf_init(&x->cur_actor.names, 0);
    px_buf_init(&x->cur_actor.codes, 0);
    actor_name(x, p);
    actor_codes(x, p);
}

/* ---- the folder ---- */

static int write_file(const char *path, const px_buf *const *parts, size_t n, FILE *err)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(err, "parallax: eval events: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (parts[i]->len)
            fwrite(parts[i]->ptr, 1, parts[i]->len, f);
    if (fclose(f)) {
        fprintf(err, "parallax: eval events: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

/* The C lines of data_dir's events/cameo.tsv, then a row for each code the
 * verbs use that the table lacks. */
static int code_rows(pd *x, const char *data_dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/events/cameo.tsv", data_dir);
    px_evx_file b;
    if (px__evx_read_all(path, &b)) {
        fprintf(x->err, "parallax: eval events: cannot read %s\n", path);
        return -1;
    }
    char known[MAXCODES][8];
    size_t nk = 0;
    for (char *p = b.p; p && *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (p[0] == 'C' && p[1] == '\t') {
            if (px_buf_append(&x->c, p, n))
                x->oom = 1;
            size_t cl = strcspn(p + 2, "\t\n");
            if (nk < MAXCODES && cl < 8)
                snprintf(known[nk++], 8, "%.*s", (int)cl, p + 2);
        }
        p = nl ? nl + 1 : NULL;
    }
    free(b.p);
    for (size_t i = 0; i < x->ncodes; i++) {
        size_t j = 0;
        while (j < nk && strcmp(known[j], x->codes[i]))
            j++;
        if (j < nk)
            continue;
        int root = (x->codes[i][0] - '0') * 10 + (x->codes[i][1] - '0');
        const char *quad = root >= 15 && root <= 20   ? "4"
                           : root >= 10 && root <= 14 ? "3"
                           : root >= 6 && root <= 9   ? "2"
                                                      : "1";
        out(x, &x->c, "C\t%s\t0.0\t%s\t-\n", x->codes[i], quad);
    }
    return 0;
}

static int link_others(const char *data_dir, const char *tmp, FILE *err)
{
    /* the links' targets: absolute paths */
    char real[4096], cwd[2048] = "";
    if (data_dir[0] != '/' && !getcwd(cwd, sizeof cwd)) {
        fprintf(err, "parallax: eval events: cannot read the current folder\n");
        return -1;
    }
    snprintf(real, sizeof real, "%s%s%s", cwd, cwd[0] ? "/" : "", data_dir);
    DIR *d = opendir(real);
    if (!d) {
        fprintf(err, "parallax: eval events: cannot list %s\n", real);
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) && !rc) {
        const char *n = de->d_name;
        if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "events") || !strcmp(n, "actors"))
            continue;
        char from[8192], to[8192];
        snprintf(from, sizeof from, "%s/%s", real, n);
        snprintf(to, sizeof to, "%s/%s", tmp, n);
        if (symlink(from, to)) {
            fprintf(err, "parallax: eval events: cannot link %s: %s\n", to, strerror(errno));
            rc = -1;
        }
    }
    closedir(d);
    return rc;
}

void px__evx_petr_dict_remove(const char *tmp)
{
    char p[8192];
    snprintf(p, sizeof p, "%s/events/cameo.tsv", tmp);
    unlink(p);
    snprintf(p, sizeof p, "%s/events", tmp);
    rmdir(p);
    snprintf(p, sizeof p, "%s/actors/actors.tsv", tmp);
    unlink(p);
    snprintf(p, sizeof p, "%s/actors", tmp);
    rmdir(p);
    DIR *d = opendir(tmp);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            snprintf(p, sizeof p, "%s/%s", tmp, de->d_name);
            unlink(p); /* links only */
        }
        closedir(d);
    }
    rmdir(tmp);
}

int px__evx_petr_dict(const char *dir, const char *data_dir, char *tmp, size_t cap, FILE *err)
{
    if (!data_dir)
        data_dir = px_data_dir_default();
    const char *td = getenv("TMPDIR");
    if (snprintf(tmp, cap, "%s/parallax-petr-XXXXXX", td && *td ? td : "/tmp") >= (int)cap ||
        !mkdtemp(tmp)) {
        fprintf(err, "parallax: eval events: cannot make a temporary folder\n");
        return -1;
    }
    pd *x = calloc(1, sizeof *x);
    if (!x) {
        rmdir(tmp);
        return -1;
    }
    x->err = err;
    x->cur = -1;
    px_buf_init(&x->c, 0);
    px_buf_init(&x->a, 0);
    px_buf_init(&x->s, 0);
    px_buf_init(&x->v, 0);
    px_buf_init(&x->act, 0);
    out(x, &x->act, "%s%s", "# phrases (| separated, head first)\tcodes (CODE or CODE:FROM:TO, ",
        "; separated)\n");
    int rc = each_line(x, dir, "PETR.Validate.verbs.txt", verb_line);
    if (!rc)
        rc = each_line(x, dir, "PETR.Validate.agents.txt", agent_line);
    if (!rc)
        rc = each_line(x, dir, "PETR.Validate.actors.txt", actor_line);
    actor_flush(x);
    for (size_t i = 0; i < x->nsyn; i++) {
        if (x->syn_words[i].len &&
            px_buf_appendf(&x->s, "S\t%s\t%.*s\n", x->syn[i], (int)x->syn_words[i].len,
                           (const char *)x->syn_words[i].ptr))
            x->oom = 1;
        px_buf_free(&x->syn_words[i]);
    }
    if (!rc)
        rc = code_rows(x, data_dir);
    if (!rc && x->oom) {
        fprintf(err, "parallax: eval events: out of memory\n");
        rc = -1;
    }
    char path[8192];
    if (!rc)
        rc = link_others(data_dir, tmp, err);
    if (!rc) {
        snprintf(path, sizeof path, "%s/events", tmp);
        rc = mkdir(path, 0700);
        snprintf(path, sizeof path, "%s/actors", tmp);
        rc |= mkdir(path, 0700);
    }
    if (!rc) {
        const px_buf *ev[] = {&x->c, &x->a, &x->s, &x->v};
        snprintf(path, sizeof path, "%s/events/cameo.tsv", tmp);
        rc = write_file(path, ev, 4, err);
    }
    if (!rc) {
        const px_buf *ac[] = {&x->act};
        snprintf(path, sizeof path, "%s/actors/actors.tsv", tmp);
        rc = write_file(path, ac, 1, err);
    }
    px_buf_free(&x->c);
    px_buf_free(&x->a);
    px_buf_free(&x->s);
    px_buf_free(&x->v);
    px_buf_free(&x->act);
    free(x);
    if (rc)
        px__evx_petr_dict_remove(tmp);
    return rc ? -1 : 0;
}
