/* Quantities: numbers in digits and words ("8,000", "8.000", "1.5 million",
 * "a dozen", "tens of thousands"), ranges ("between 140,000 and 150,000",
 * "10 to 15", "10-15"), approximators ("over", "nearly", "at least"), units
 * (%, tons, km, currencies), the counted object (the head of the noun phrase
 * after the number) and a typed count after GDELT's types (KILL, WOUND,
 * CASUALTIES, DISPLACED, ARREST, KIDNAP, PROTEST, EVACUATE, SICK, AFFECT),
 * decided from the object noun or the governing verb or noun around the number
 * in the same sentence. Numbers inside temporal expressions (years, dates,
 * durations) are left to the timex annotator, which runs first. */
#include <math.h>
#include <string.h>

#include "annotate/quantity_impl.h"

typedef struct q_ctx {
    px_doc *d;
    const px_map *words;
    const px_token *t;
    size_t n;
    const qword *w;
    px_quantity *out;
    size_t nout, cap;
} q_ctx;

static int key_is(const px_token *t, const char *s)
{
    size_t n = strlen(s);
    return t->key_len == n && memcmp(t->key, s, n) == 0;
}

static int tok_is(const q_ctx *c, size_t i, const char *s)
{
    return i < c->n && key_is(&c->t[i], s);
}

static int cls_at(const q_ctx *c, size_t i)
{
    return i < c->n ? c->w[i].cls : QC_NONE;
}

static double pow10i(uint32_t e)
{
    double v = 1;
    while (e--)
        v *= 10;
    return v;
}

/* Digits with "," or "." groups: "8,000", "3.5", "8.000" (European thousands:
 * a dot before exactly three zeros or several dot groups of three). */
static int parse_digits(const uint8_t *p, size_t n, double *out)
{
    size_t ndot = 0, ncomma = 0, last_sep = 0, groups_ok = 1;
    if (!n || n > 24)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '.' || p[i] == ',') {
            if (p[i] == '.')
                ndot++;
            else
                ncomma++;
            if (last_sep && i - last_sep != 4)
                groups_ok = 0;
            last_sep = i;
        } else if (p[i] < '0' || p[i] > '9') {
            return 0;
        }
    }
    if (last_sep && n - last_sep != 4)
        groups_ok = 0;
    int dot_thousands = ndot && !ncomma && groups_ok &&
                        (ndot > 1 || (n - last_sep == 4 && !memcmp(p + last_sep + 1, "000", 3)));
    double v = 0, scale = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == ',' || (p[i] == '.' && dot_thousands))
            continue;
        if (p[i] == '.') {
            if (scale)
                return 0;
            scale = 1;
            continue;
        }
        if (scale)
            scale /= 10, v += (p[i] - '0') * scale;
        else
            v = v * 10 + (p[i] - '0');
    }
    if (ncomma && !groups_ok)
        return 0;
    *out = v;
    return 1;
}

/* "5bn", "2.6m", "40k": digits with a multiplier suffix. Returns 1 or 0. */
static size_t suffixed(const px_token *t, double *v)
{
    static const struct {
        const char *s;
        uint32_t e;
    } sfx[] = {{"bn", 9}, {"b", 9}, {"mn", 6}, {"m", 6}, {"mln", 6}, {"k", 3}, {"tn", 12}};
    size_t n = 0;
    while (n < t->key_len &&
           ((t->key[n] >= '0' && t->key[n] <= '9') || t->key[n] == '.' || t->key[n] == ','))
        n++;
    if (!n || n == t->key_len || !parse_digits(t->key, n, v))
        return 0;
    for (size_t k = 0; k < sizeof sfx / sizeof *sfx; k++) {
        if (t->key_len - n == strlen(sfx[k].s) && !memcmp(t->key + n, sfx[k].s, t->key_len - n)) {
            *v *= pow10i(sfx[k].e);
            return 1;
        }
    }
    return 0;
}

/* A number at i: digits with an optional multiplier ("1.5 million"), or number
 * words ("two hundred thousand", "a dozen", "tens of thousands"). Sets *v,
 * *vague (a plural like "hundreds": v is then a lower bound) and returns the
 * tokens used, 0 when none. */
static size_t number_at(const q_ctx *c, size_t i, double *v, int *vague)
{
    *vague = 0;
    if (i >= c->n)
        return 0;
    const px_token *t = &c->t[i];
    size_t j = i;
    if (t->kind == PX_TOK_NUM) {
        const uint8_t *dash = memchr(t->key, '-', t->key_len);
        if (!parse_digits(t->key, dash ? (size_t)(dash - t->key) : t->key_len, v))
            return 0;
        j++;
        if (cls_at(c, j) == QC_MULT) {
            *v *= pow10i(c->w[j].val);
            j++;
        }
        return j - i;
    }
    if (t->kind == PX_TOK_WORD && t->key_len && t->key[0] >= '0' && t->key[0] <= '9')
        return suffixed(t, v);
    /* "a dozen", "a hundred", "a million" */
    if ((tok_is(c, i, "a") || tok_is(c, i, "an")) &&
        (cls_at(c, i + 1) == QC_MULT || tok_is(c, i + 1, "dozen") || tok_is(c, i + 1, "hundred"))) {
        j = i + 1;
    }
    double total = 0, cur = 0;
    int any = 0;
    while (j < c->n) {
        int k = cls_at(c, j);
        if (k == QC_NUMW) {
            cur += c->w[j].val;
        } else if (k == QC_HUNDRED) {
            cur = (cur ? cur : 1) * 100;
        } else if (k == QC_MULT) {
            total += (cur ? cur : 1) * pow10i(c->w[j].val);
            cur = 0;
        } else if (k == QC_VAGUE) {
            /* "hundreds", "tens of thousands", "dozens" */
            double base = c->w[j].val;
            if (tok_is(c, j + 1, "of") && cls_at(c, j + 2) == QC_VAGUE && c->w[j + 2].val > base) {
                base *= c->w[j + 2].val;
                j += 2;
            }
            if (any)
                break;
            *v = 2 * base;
            *vague = 1;
            return j + 1 - i;
        } else if (k == QC_AND && any && (cls_at(c, j + 1) == QC_NUMW)) {
            j++;
            continue;
        } else {
            break;
        }
        any = 1;
        j++;
    }
    if (!any)
        return 0;
    *v = total + cur;
    return j - i;
}

/* The approximator before i: sets *approx, returns its length in tokens. */
static size_t approx_at(const q_ctx *c, size_t i, const char **approx)
{
    if (cls_at(c, i) == QC_APPROX) {
        *approx = px__quantity_approx_name(c->w[i].val);
        return 1;
    }
    static const struct {
        const char *a, *b;
        int code;
    } two[] = {
        {"more", "than", QA_OVER},   {"less", "than", QA_UNDER},   {"fewer", "than", QA_UNDER},
        {"at", "least", QA_ATLEAST}, {"at", "most", QA_ATMOST},    {"up", "to", QA_ATMOST},
        {"close", "to", QA_NEARLY},  {"upwards", "of", QA_OVER},   {"as", "many", QA_ATMOST},
        {"no", "fewer", QA_ATLEAST}, {"an", "estimated", QA_ABOUT}};
    for (size_t k = 0; k < sizeof two / sizeof *two; k++) {
        if (tok_is(c, i, two[k].a) && tok_is(c, i + 1, two[k].b)) {
            *approx = px__quantity_approx_name(two[k].code);
            if (two[k].code == QA_ATMOST && tok_is(c, i + 1, "many") && tok_is(c, i + 2, "as"))
                return 3;
            return 2;
        }
    }
    return 0;
}

/* A plural noun ends the phrase: "Eight children fall sick". */
static int plural_noun(const px_token *t)
{
    static const char *const irregular[] = {"people",    "children", "men",    "women", "police",
                                            "personnel", "staff",    "troops", "youth", "cattle"};
    size_t n = t->key_len;
    if (n > 3 && t->key[n - 1] == 's' && t->key[n - 2] != 's' && t->key[n - 2] != '\'')
        return 1;
    for (size_t i = 0; i < sizeof irregular / sizeof *irregular; i++)
        if (key_is(t, irregular[i]))
            return 1;
    return 0;
}

/* The head noun after a number (and unit) starting at i: the last word of a
 * run of content words ("civilians", "Serb soldiers"). Sets *head (token index)
 * and returns 1, or 0 when there is none. */
static int head_noun(const q_ctx *c, size_t i, size_t *head)
{
    size_t j = i, last = SIZE_MAX;
    if (tok_is(c, j, "of")) /* "tens of thousands of people" */
        j++;
    while (j < c->n && cls_at(c, j) == QC_SKIP)
        j++;
    for (size_t k = 0; j < c->n && k < 4; j++, k++) {
        const px_token *t = &c->t[j];
        int cl = c->w[j].cls;
        if (t->kind != PX_TOK_WORD || cl == QC_STOP || cl == QC_APPROX || cl == QC_AND ||
            cl == QC_NUMW || cl == QC_MULT || cl == QC_VAGUE || cl == QC_HUNDRED)
            break;
        if (cl == QC_TRIGGER && !c->w[j].noun)
            break;
        if (cl == QC_TRIGGER && c->w[j].noun == 3) { /* "600 homes": a plain noun here */
            last = j;
            break;
        }
        /* -ly adverbs and -ed participles end the phrase */
        if (t->key_len > 3 && ((t->key[t->key_len - 2] == 'l' && t->key[t->key_len - 1] == 'y') ||
                               (t->key[t->key_len - 2] == 'e' && t->key[t->key_len - 1] == 'd')))
            break;
        last = j;
        if (cl == QC_TRIGGER || plural_noun(t))
            break;
    }
    if (last == SIZE_MAX)
        return 0;
    *head = last;
    return 1;
}

/* A number within three tokens from j ("more than 200", "at least 12"). */
static int number_near(const q_ctx *c, size_t j)
{
    for (size_t k = 0; j < c->n && k < 3; j++, k++) {
        if (c->t[j].kind == PX_TOK_NUM || c->w[j].cls == QC_NUMW)
            return 1;
        if (c->t[j].kind != PX_TOK_WORD || c->w[j].cls == QC_TRIGGER)
            return 0;
    }
    return 0;
}

/* The trigger after a number phrase ending before token j: "were killed",
 * "dead or injured" (CASUALTIES). Sets *dist (tokens before it). */
static int count_after(const q_ctx *c, size_t j, size_t *dist)
{
    int first = 0;
    for (size_t k = 0; j < c->n && k < 7; j++, k++) {
        const px_token *t = &c->t[j];
        if (t->kind == PX_TOK_NUM || key_is(t, ";") || key_is(t, "(") || key_is(t, "but") ||
            (!first && key_is(t, ",")))
            break;
        /* "killing 50 and wounding 50 more", "kill three people and wound
         * 200": the next clause's own count */
        if (!first && (key_is(t, "and") || key_is(t, "or")) && j + 1 < c->n &&
            c->w[j + 1].cls == QC_TRIGGER &&
            ((c->t[j + 1].key_len > 3 &&
              !memcmp(c->t[j + 1].key + c->t[j + 1].key_len - 3, "ing", 3)) ||
             (c->w[j + 1].noun == 0 && number_near(c, j + 2))))
            break;
        if (c->w[j].cls == QC_TRIGGER && c->w[j].noun != 2) {
            int v = (int)c->w[j].val;
            if (!first) {
                first = v;
                *dist = k;
                continue;
            }
            if ((first == QK_KILL && v == QK_WOUND) || (first == QK_WOUND && v == QK_KILL))
                return QK_CASUALTIES;
            break;
        }
        if (first && !key_is(t, "or") && !key_is(t, "and") && !key_is(t, ","))
            break;
    }
    return first;
}

/* The count type of a number over tokens [a, e) with head noun h (SIZE_MAX
 * when none), from the nearest governing word: a trigger right after the
 * phrase ("were killed", "dead or injured"), a verb right before it ("police
 * killed three attackers", "arrested nine people"), then a farther trigger
 * after, the head noun itself when it names the counted people
 * ("protesters", "refugees"), a farther trigger before ("attended by"). */
static int count_type(const q_ctx *c, size_t a, size_t e, size_t h)
{
    /* an age: "at age 18", "aged 34" */
    if (a > 0 && (key_is(&c->t[a - 1], "age") || key_is(&c->t[a - 1], "aged") ||
                  key_is(&c->t[a - 1], "ages")))
        return QK_NONE;
    size_t da = 99, db = 99;
    int after = count_after(c, h != SIZE_MAX ? h + 1 : e, &da), before = 0;
    for (size_t k = 0, i = a; i > 0 && k < 5; k++) {
        i--;
        const px_token *t = &c->t[i];
        if (t->kind == PX_TOK_NUM || key_is(t, ";") || key_is(t, ","))
            break;
        if (c->w[i].cls == QC_TRIGGER && c->w[i].noun != 3) {
            before = (int)c->w[i].val;
            db = k;
            break;
        }
    }
    int head =
        h != SIZE_MAX && c->w[h].cls == QC_TRIGGER && c->w[h].noun == 1 ? (int)c->w[h].val : 0;
    if (after && da <= 3)
        return after;
    if (before && db <= 2)
        return before;
    if (after)
        return after;
    if (head)
        return head;
    return before;
}

/* A number that is part of a name or a code: "Boeing 737", "Article 5". */
static int name_number(const q_ctx *c, size_t i)
{
    if (i == 0 || c->t[i].kind != PX_TOK_NUM)
        return 0;
    const px_token *p = &c->t[i - 1];
    if (key_is(p, "no.") || key_is(p, "#") || key_is(p, "number"))
        return 1;
    return p->kind == PX_TOK_WORD && (p->flags & PX_TF_UPPER1) && !(p->flags & PX_TF_SENTSTART) &&
           !c->w[i - 1].cls;
}

static px_status emit(q_ctx *c, const px_quantity *q)
{
    if (c->nout == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        px_quantity *nw = PX_ARENA_NEW(c->d->arena, px_quantity, cap);
        if (!nw)
            return PX_ENOMEM;
        if (c->nout)
            memcpy(nw, c->out, c->nout * sizeof *nw);
        c->out = nw;
        c->cap = cap;
    }
    c->out[c->nout++] = *q;
    return PX_OK;
}

/* Tries a quantity at token i; returns the token after it, or i when none. */
static size_t quantity_at(q_ctx *c, size_t i, px_quantity *q)
{
    size_t j = i, k;
    const char *approx = "exact";
    int vague, vague2, range = 0, cur = -1;
    double v, hi = NAN;
    if ((k = approx_at(c, j, &approx)))
        j += k;
    if (tok_is(c, j, "between") || tok_is(c, j, "from")) {
        range = 1;
        j++;
    }
    if (cls_at(c, j) == QC_CUR) {
        cur = (int)c->w[j].val;
        j++;
    }
    if (!(k = number_at(c, j, &v, &vague)) || name_number(c, j))
        return i;
    /* "10-15" as one token */
    const px_token *t = &c->t[j];
    const uint8_t *dash = t->kind == PX_TOK_NUM ? memchr(t->key, '-', t->key_len) : NULL;
    if (dash) {
        double lo, h2;
        if (!parse_digits(t->key, (size_t)(dash - t->key), &lo) ||
            !parse_digits(dash + 1, t->key_len - (size_t)(dash - t->key) - 1, &h2) || h2 < lo)
            return i;
        v = lo, hi = h2;
    }
    if (vague && !strcmp(approx, "exact"))
        approx = "at least";
    j += k;
    /* ranges: "between X and Y", "X to Y", "from X to Y" */
    size_t k2;
    double v2;
    if ((tok_is(c, j, "and") && range) || tok_is(c, j, "to") || (tok_is(c, j, "-") && !range)) {
        size_t s2 = j + 1 + (cls_at(c, j + 1) == QC_CUR);
        if ((k2 = number_at(c, s2, &v2, &vague2)) && !vague2 && v2 > v) {
            /* "140 to 150 thousand": the multiplier of the second applies to both */
            if (v2 >= 1000 && v < 1000 && cls_at(c, s2 + 1) == QC_MULT &&
                v * pow10i(c->w[s2 + 1].val) <= v2)
                v *= pow10i(c->w[s2 + 1].val);
            hi = v2;
            j = s2 + k2;
        }
    }
    if (range && isnan(hi))
        return i;
    const char *unit = cur >= 0 ? px__quantity_unit_name((uint32_t)cur) : NULL;
    if (cls_at(c, j) == QC_UNIT) {
        unit = px__quantity_unit_name(c->w[j].val);
        j++;
    }
    size_t h = SIZE_MAX;
    size_t end = j;
    if (!unit && head_noun(c, j, &h))
        end = h + 1;
    q->span.start = c->t[i].start;
    q->span.end = c->t[end - 1].end;
    q->value = v;
    q->high = hi;
    q->approx = approx;
    q->unit = unit ? px_slice_cstr(unit) : PX_SLICE_NULL;
    q->object = PX_SLICE_NULL;
    if (h != SIZE_MAX)
        q->object = (px_slice){c->d->text.ptr + c->t[h].start, c->t[h].end - c->t[h].start};
    q->count = unit ? NULL : px__quantity_count_name(count_type(c, i, j, h));
    return end;
}

static px_status run_sentence(q_ctx *c, const px_timex **tx, const px_timex *txend)
{
    for (size_t i = 0; i < c->n;) {
        const px_token *t = &c->t[i];
        int cl = c->w[i].cls;
        if (t->kind != PX_TOK_NUM && !(t->key_len && t->key[0] >= '0' && t->key[0] <= '9') &&
            cl != QC_NUMW && cl != QC_APPROX && cl != QC_VAGUE && cl != QC_CUR &&
            !key_is(t, "between") && !key_is(t, "more") && !key_is(t, "less") && !key_is(t, "at") &&
            !key_is(t, "up") && !key_is(t, "a") && !key_is(t, "an") && !key_is(t, "close") &&
            !key_is(t, "upwards") && !key_is(t, "as") && !key_is(t, "fewer") && !key_is(t, "no") &&
            !key_is(t, "from")) {
            i++;
            continue;
        }
        px_quantity q;
        size_t e = quantity_at(c, i, &q);
        if (e == i) {
            i++;
            continue;
        }
        /* numbers inside a timex ("1999", "78 days") belong to it */
        while (*tx < txend && (*tx)->span.end <= q.span.start)
            (*tx)++;
        if (*tx < txend && (*tx)->span.start < q.span.end) {
            i = e;
            continue;
        }
        /* "one" alone is a pronoun more often than a count */
        if (e == i + 1 && key_is(&c->t[i], "one")) {
            i++;
            continue;
        }
        px_status st = emit(c, &q);
        if (st)
            return st;
        i = e;
    }
    return PX_OK;
}

static qword classify(const px_map *words, const px_token *t)
{
    qword w = {0, 0, 0, 0};
    if (t->kind != PX_TOK_WORD)
        return t->kind == PX_TOK_NUM ? w : px__quantity_word(words, t->key, t->key_len);
    w = px__quantity_word(words, t->key, t->key_len);
    const uint8_t *h;
    if (!w.cls && t->key_len < 20 && (h = memchr(t->key, '-', t->key_len))) {
        /* "forty-nine" */
        qword a = px__quantity_word(words, t->key, (size_t)(h - t->key));
        qword b = px__quantity_word(words, h + 1, t->key_len - (size_t)(h - t->key) - 1);
        if (a.cls == QC_NUMW && b.cls == QC_NUMW && a.val >= 20 && a.val % 10 == 0 && b.val < 10)
            w = (qword){QC_NUMW, 0, 0, a.val + b.val};
    }
    return w;
}

static px_status quantity_init(px_engine *e, void **res, char *errmsg)
{
    (void)e;
    px_map *m = px__quantity_words_new();
    if (!m)
        return px__fail(errmsg, PX_ENOMEM, "quantity: out of memory");
    *res = m;
    return PX_OK;
}

static void quantity_fini(void *res)
{
    px__map_free(res);
}

static px_status quantity_run(px_doc *d, const void *res)
{
    const px_map *words = res;
    d->quantities = NULL;
    d->n_quantities = 0;
    if (!d->n_toks)
        return PX_OK;
    /* per-token scratch: on the heap, freed at the end (in the arena it
     * stayed as long as the document, #20 item 7) */
    qword *w = px__malloc(d->n_toks * sizeof *w);
    if (!w)
        return PX_ENOMEM;
    for (size_t i = 0; i < d->n_toks; i++)
        w[i] = classify(words, &d->toks[i]);
    q_ctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.words = words;
    const px_timex *tx = d->timexes, *txend = tx ? tx + d->n_timexes : NULL;
    size_t ti = 0;
    for (size_t s = 0; s < d->n_sents; s++) {
        while (ti < d->n_toks && d->toks[ti].start < d->sents[s].start)
            ti++;
        size_t te = ti;
        while (te < d->n_toks && d->toks[te].start < d->sents[s].end)
            te++;
        c.t = d->toks + ti;
        c.n = te - ti;
        c.w = w + ti;
        px_status st = run_sentence(&c, &tx, txend);
        if (st) {
            px__free(w);
            return st;
        }
        ti = te;
    }
    px__free(w);
    d->quantities = c.out;
    d->n_quantities = c.nout;
    return PX_OK;
}

const px_annotator px__ann_quantity = {"quantity", quantity_init, quantity_fini, quantity_run};
