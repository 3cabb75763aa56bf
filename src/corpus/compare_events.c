/* Compare: the coded events of a story aligned across outlets (the story's
 * "events" member, docs/events.md): who did what to whom in each outlet's
 * telling, and where the tellings differ (agree, roles_reversed,
 * action_differs, single) or an outlet is silent.
 *
 * Alignment: an event's actors become keys (actor_keys below: country dyads
 * for events between two countries, the country and first role otherwise);
 * events of the same unordered pair of keys and root code are one aligned
 * event. Events without a coded source or target are left out: with one side
 * unknown there is no pair to align or reverse. Copies of another article of
 * the story are counted once, through their original (as facts and quotes). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/compare_impl.h"

#define MAX_EVENTS   100 /* aligned events listed per story (as quotes) */
#define MAX_VERSIONS 3   /* versions listed per outlet in one aligned event */
#define KEY_MAX      16  /* bytes of an actor key, NUL included */

/* One coded event of an original article. */
typedef struct ver {
    uint32_t art; /* article index (time order) */
    uint32_t seq; /* collection order: article, then record order */
    const px_event *ev;
    char a[KEY_MAX], b[KEY_MAX]; /* actor keys as the article tells it: a did it to b */
    char root[4];
    uint8_t rev;    /* a > b: the article tells the ordered pair (b, a) from its end */
    uint8_t merged; /* in an aligned event of several root codes */
    int32_t group;  /* aligned event */
} ver;

/* The Phoenix agent codes (data/events/cameo.tsv, the A lines: roles, not
 * countries), sorted for bsearch. A code's leading three letters that are not
 * one of these name a country, a region or an organisation. */
static const char AGENTS[][4] = {
    "AGR", "BUD", "BUS", "CHR", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HIN",
    "HLH", "HRI", "IGO", "IMG", "INS", "JEW", "JUD", "LAB", "LEG", "MED", "MIL", "MOD", "MUS",
    "NGO", "OPP", "PPL", "PTY", "RAD", "REB", "REF", "REL", "SEP", "SPY", "UAF"};

static int by_agent(const void *k, const void *x)
{
    return memcmp(k, x, 3);
}

static int is_agent(const uint8_t *p)
{
    return bsearch(p, AGENTS, sizeof AGENTS / sizeof *AGENTS, sizeof *AGENTS, by_agent) != NULL;
}

/* The country part of a code: the code less its trailing role units
 * ("SRBCOP" -> "SRB", "USAGOVLEG" -> "USA", "IGOWSTNATMIL" -> "IGOWSTNAT");
 * 0 when the code is roles only ("COP", "GOVMIL") or not in units of three. */
static size_t country_len(px_slice c)
{
    if (c.len < 3 || c.len % 3)
        return 0;
    size_t n = c.len;
    while (n > 3 && is_agent(c.ptr + n - 3))
        n -= 3;
    return n == 3 && is_agent(c.ptr) ? 0 : n;
}

static void key_of(px_slice c, size_t n, char *out)
{
    if (n >= KEY_MAX)
        n = KEY_MAX - 1;
    memcpy(out, c.ptr, n);
    out[n] = 0;
}

/* The keys of an event's actors. Between two countries the dyad is the
 * countries ("SRBCOP" and "SRB" are one side of a Serbia-Kosovo story, as
 * GDELT and ICEWS aggregate); otherwise each actor is its country and first
 * role ("USAGOVLEG" -> "USAGOV", "COP"), so that the domestic pairs of
 * a story (government and legislature, police and protesters) stay apart. */
static void actor_keys(px_slice s, px_slice t, char *a, char *b)
{
    size_t cs = country_len(s), ct = country_len(t);
    if (cs && ct && !(cs == ct && !memcmp(s.ptr, t.ptr, cs))) {
        key_of(s, cs, a);
        key_of(t, ct, b);
        return;
    }
    key_of(s, cs + 3 < s.len ? cs + 3 : s.len, a);
    key_of(t, ct + 3 < t.len ? ct + 3 : t.len, b);
}

/* The pair's actor keys in byte order. */
static const char *lo(const ver *v)
{
    return v->rev ? v->b : v->a;
}

static const char *hi(const ver *v)
{
    return v->rev ? v->a : v->b;
}

static int by_pair(const void *x, const void *y)
{
    const ver *p = x, *q = y;
    int c = strcmp(lo(p), lo(q));
    if (!c)
        c = strcmp(hi(p), hi(q));
    if (!c)
        c = strcmp(p->root, q->root);
    return c ? c : (p->seq > q->seq) - (p->seq < q->seq);
}

static int by_group(const void *x, const void *y)
{
    const ver *p = x, *q = y;
    if (p->group != q->group)
        return p->group < q->group ? -1 : 1;
    return (p->seq > q->seq) - (p->seq < q->seq);
}

/* 1 when one of the code's units is the media role (MED). */
static int media(px_slice c)
{
    for (size_t i = 0; i + 3 <= c.len; i += 3)
        if (!memcmp(c.ptr + i, "MED", 3))
            return 1;
    return 0;
}

/* The events of the compared originals that have a coded source and target,
 * less statements to or by the press ("X told reporters", "CNN reported"):
 * how news attribute what they quote, not an action between the two. */
static px_status collect(const px__cmp *m, ver **out, size_t *n)
{
    size_t cap = 0;
    ver *v = NULL;
    *n = 0;
    for (size_t i = 0; i < m->n; i++) {
        const px__cart *x = &m->a[i];
        if (x->copy)
            continue;
        for (size_t k = 0; k < x->rec.n_events; k++) {
            const px_event *ev = &x->rec.events[k];
            if (!ev->source.code.len || !ev->target.code.len || !ev->root.len || ev->root.len > 3)
                continue;
            if (px_slice_eq(ev->root, PX_SLICE_LIT("01")) &&
                (media(ev->source.code) || media(ev->target.code)))
                continue;
            if (*n == cap) {
                cap = cap ? cap * 2 : 32;
                ver *nv = px__realloc(v, cap * sizeof *nv);
                if (!nv) {
                    px__free(v);
                    return PX_ENOMEM;
                }
                v = nv;
            }
            ver *r = &v[*n];
            memset(r, 0, sizeof *r);
            r->art = (uint32_t)i;
            r->seq = (uint32_t)(*n)++;
            r->ev = ev;
            actor_keys(ev->source.code, ev->target.code, r->a, r->b);
            memcpy(r->root, ev->root.ptr, ev->root.len);
            r->rev = strcmp(r->a, r->b) > 0;
        }
    }
    *out = v;
    return PX_OK;
}

static int same_pair(const ver *p, const ver *q)
{
    return !strcmp(lo(p), lo(q)) && !strcmp(hi(p), hi(q));
}

/* Distinct outlets of v[0..n). */
static size_t outlets_in(const px__cmp *m, const ver *v, size_t n, uint8_t *has)
{
    memset(has, 0, m->n_outlets + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t o = m->a[v[i].art].outlet_ix;
        k += !has[o];
        has[o] = 1;
    }
    return k;
}

/* Sets each version's aligned event and returns their number. A pair of
 * actors that every outlet reporting it tells with one root code, when these
 * differ ("police dispersed protesters", "police attacked marchers"), is one
 * aligned event: the outlets name the same actors but different actions.
 * Otherwise each (pair, root) run is an aligned event (an outlet that tells
 * several actions between two actors tells several happenings). count is
 * scratch of n_outlets + 1 bytes. */
static size_t align(const px__cmp *m, ver *v, size_t n, uint8_t *has, uint8_t *count)
{
    int32_t groups = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i, runs = 0;
        while (j < n && same_pair(&v[j], &v[i]))
            j++;
        memset(count, 0, m->n_outlets + 1);
        for (size_t r = i; r < j; runs++) {
            size_t s = r;
            while (s < j && !strcmp(v[s].root, v[r].root))
                s++;
            outlets_in(m, v + r, s - r, has);
            for (size_t k = 0; k < m->n_outlets; k++)
                count[k] = (uint8_t)(count[k] + (has[k] && count[k] < 2));
            r = s;
        }
        int one_root = runs > 1;
        for (size_t k = 0; k < m->n_outlets; k++)
            one_root &= count[k] < 2;
        for (size_t k = i; k < j; k++) {
            v[k].merged = (uint8_t)one_root;
            if (one_root)
                v[k].group = groups;
            else
                v[k].group = k > i && !strcmp(v[k].root, v[k - 1].root) ? groups - 1 : groups++;
        }
        groups += one_root;
        i = j;
    }
    return (size_t)groups;
}

/* One aligned event: its versions v[first..first+n) (by group, then time). */
typedef struct aligned {
    size_t first, n;
    uint32_t art;   /* its earliest article */
    int order;      /* roles_reversed, action_differs, agree, single */
    size_t outlets; /* outlets with a version */
} aligned;

static const char *const STATUS[] = {"roles_reversed", "action_differs", "agree", "single"};

/* 1 when x and y disagree on the action: negated against not, or Goldstein
 * scores of opposite sign. */
static int action_differs(const px_event *x, const px_event *y)
{
    if (x->negated != y->negated)
        return 1;
    return isfinite(x->goldstein) && isfinite(y->goldstein) &&
           ((x->goldstein > 0 && y->goldstein < 0) || (x->goldstein < 0 && y->goldstein > 0));
}

/* The status of an aligned event. Orientation is the first version's: an
 * outlet that tells it only the other way round, against one that tells it
 * only this way, reverses the roles (an outlet telling both ways, "they
 * exchanged fire", agrees with either). */
static int status_of(const px__cmp *m, const ver *v, size_t n, uint8_t *has, size_t *outlets)
{
    *outlets = outlets_in(m, v, n, has);
    if (*outlets < 2)
        return 3;
    if (v[0].merged) /* each outlet its own root code */
        return 1;
    memset(has, 0, m->n_outlets + 1);
    for (size_t i = 0; i < n; i++)
        has[m->a[v[i].art].outlet_ix] |= (uint8_t)(1u << (v[i].rev ^ v[0].rev));
    int fwd = 0, back = 0;
    for (size_t k = 0; k < m->n_outlets; k++) {
        fwd |= has[k] == 1;
        back |= has[k] == 2;
    }
    if (fwd && back)
        return 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (m->a[v[i].art].outlet_ix != m->a[v[j].art].outlet_ix &&
                action_differs(v[i].ev, v[j].ev))
                return 1;
    return 2;
}

/* Findings first, then what most outlets report, then the most versions,
 * then the earliest. */
static int by_rank(const void *x, const void *y)
{
    const aligned *p = x, *q = y;
    if (p->order != q->order)
        return p->order < q->order ? -1 : 1;
    if (p->outlets != q->outlets)
        return p->outlets > q->outlets ? -1 : 1;
    if (p->n != q->n)
        return p->n > q->n ? -1 : 1;
    if (p->art != q->art)
        return p->art < q->art ? -1 : 1;
    return (p->first > q->first) - (p->first < q->first);
}

static px_status put_actor(px_buf *out, const char *name, const px_event_actor *x)
{
    px_status e = px_buf_appendf(out, ",\"%s\":", name);
    if (!e)
        e = px__json_str(out, x->text);
    if (!e)
        e = px_buf_appendf(out, ",\"%s_code\":", name);
    return e ? e : px__json_str(out, x->code);
}

/* One outlet's version: ,{"article":…,"span":[s,e],"text":…}. */
static px_status write_version(const px__cmp *m, const ver *r, int rev, int comma, px_buf *out)
{
    const px__cart *a = &m->a[r->art];
    const px_event *ev = r->ev;
    px_status e = px_buf_append_str(out, comma ? ",{\"article\":" : "{\"article\":");
    if (!e && !(e = px__json_str(out, a->id)) && !(e = px_buf_append_str(out, ",\"outlet\":")))
        e = px__json_str(out, a->outlet);
    if (!e && !(e = px_buf_append_str(out, ",\"code\":")))
        e = px__json_str(out, ev->code);
    if (!e && isfinite(ev->goldstein))
        e = px_buf_appendf(out, ",\"goldstein\":%.1f", ev->goldstein);
    else if (!e)
        e = px_buf_append_str(out, ",\"goldstein\":null");
    if (!e)
        e = px_buf_appendf(out, ",\"negated\":%s,\"reversed\":%s", ev->negated ? "true" : "false",
                           rev ? "true" : "false");
    if (!e)
        e = put_actor(out, "source", &ev->source);
    if (!e)
        e = put_actor(out, "target", &ev->target);
    if (!e && !(e = px_buf_append_str(out, ",\"date\":")))
        e = px__json_str(out, ev->date);
    if (!e && ev->span.start != UINT32_MAX && ev->span.end <= a->text.len) {
        long s = ev->span.start, t = ev->span.end;
        long at = ev->trigger.start != UINT32_MAX ? (long)ev->trigger.start : s;
        long end = ev->trigger.start != UINT32_MAX ? (long)ev->trigger.end : s;
        if (at < s || end > t)
            at = end = s;
        e = px_buf_appendf(out, ",\"span\":[%ld,%ld],\"text\":", s, t);
        px__cmp_clip(a, at, end, PX_EVIDENCE, &s, &t);
        if (!e)
            e = px__json_str(out, px__cmp_text_of(a, s, t));
    } else if (!e) {
        e = px_buf_append_str(out, ",\"span\":null,\"text\":null");
    }
    return e ? e : px_buf_append_byte(out, '}');
}

static px_status
write_aligned(const px__cmp *m, const ver *v, const aligned *g, uint8_t *has, px_buf *out)
{
    const ver *f = &v[g->first];
    px_status e = px_buf_append_str(out, "{\"source\":");
    if (!e && !(e = px__json_str(out, px_slice_cstr(f->a))))
        e = px_buf_append_str(out, ",\"target\":");
    if (!e && !(e = px__json_str(out, px_slice_cstr(f->b))))
        e = px_buf_append_str(out, ",\"root\":");
    if (!e && !(e = px__json_str(out, px_slice_cstr(f->root))))
        e = px_buf_appendf(out, ",\"status\":\"%s\",\"outlets\":%zu,\"reports\":[",
                           STATUS[g->order], g->outlets);
    /* Up to MAX_VERSIONS per outlet, in time order. */
    uint8_t *shown = has + m->n_outlets + 1;
    memset(shown, 0, m->n_outlets + 1);
    int comma = 0;
    for (size_t i = 0; i < g->n && !e; i++) {
        const ver *r = &f[i];
        uint32_t o = m->a[r->art].outlet_ix;
        if (shown[o] == MAX_VERSIONS)
            continue;
        shown[o]++;
        e = write_version(m, r, r->rev != f->rev, comma, out);
        comma = 1;
    }
    if (!e && !(e = px_buf_append_str(out, "],\"silent\":"))) {
        outlets_in(m, f, g->n, has);
        e = px__cmp_silent(m, has, out);
    }
    return e ? e : px_buf_append_byte(out, '}');
}

px_status px__cmp_events(px__cmp *m, px_buf *out)
{
    ver *v;
    size_t n;
    px_status e = collect(m, &v, &n);
    if (e)
        return e;
    uint8_t *has = px__malloc(2 * (m->n_outlets + 1));
    aligned *g = NULL;
    size_t ng = 0;
    if (!has)
        e = PX_ENOMEM;
    if (!e && n) {
        qsort(v, n, sizeof *v, by_pair);
        ng = align(m, v, n, has, has + m->n_outlets + 1);
        qsort(v, n, sizeof *v, by_group);
        g = px__malloc(ng * sizeof *g);
        if (!g)
            e = PX_ENOMEM;
        for (size_t i = 0, k = 0; !e && k < ng; k++) {
            size_t j = i;
            while (j < n && v[j].group == v[i].group)
                j++;
            g[k] = (aligned){.first = i, .n = j - i, .art = v[i].art};
            g[k].order = status_of(m, v + i, j - i, has, &g[k].outlets);
            i = j;
        }
        if (!e)
            qsort(g, ng, sizeof *g, by_rank);
    }
    if (!e)
        e = px_buf_append_str(out, ",\"events\":[");
    for (size_t k = 0; k < ng && k < MAX_EVENTS && !e; k++) {
        if (k)
            e = px_buf_append_byte(out, ',');
        if (!e)
            e = write_aligned(m, v, &g[k], has, out);
    }
    if (!e)
        e = px_buf_append_byte(out, ']');
    px__free(g);
    px__free(has);
    px__free(v);
    return e;
}
