/* Compare: the labels each outlet pins on each concept (parallax.story/1
 * "labels", docs/labels.md). The concepts of the story's articles are unified
 * across articles first (px__label_unify: "trump" -> "donald trump"); labels
 * are counted per concept, outlet and wording (ASCII case folded), with up to
 * three pieces of evidence each; "only" lists the wordings one outlet alone
 * uses for a concept that several outlets name. "tone" per outlet is the
 * slot the tone analysis fills (null until then). */
#include <stdlib.h>
#include <string.h>

#include "annotate/label/label.h"
#include "corpus/compare_impl.h"

#define MAX_CONCEPTS    40 /* concepts written, the most widely used first */
#define MAX_PER_OUTLET  15 /* wordings per outlet and concept */
#define MAX_ONLY        10
#define MAX_EVIDENCE    3
#define MAX_LABEL_BYTES 80 /* longer phrases (with their clauses) are left out */

typedef struct lab {
    uint32_t concept; /* unified key index */
    uint32_t outlet;
    uint32_t art;
    px_span span;
    px_slice text;  /* as written */
    px_slice lower; /* ASCII lower case, for grouping */
} lab;

typedef struct conc {
    uint32_t key;     /* index in keys */
    uint32_t first;   /* first lab of the concept after sorting */
    uint32_t n;       /* labs */
    uint32_t outlets; /* distinct outlets */
} conc;

static int lab_cmp(const void *a, const void *b)
{
    const lab *x = a, *y = b;
    if (x->concept != y->concept)
    return x->concept < y->concept ? -1 : 1;
    size_t n = x->lower.len < y->lower.len ? x->lower.len : y->lower.len;
    int c = memcmp(x->lower.ptr, y->lower.ptr, n);
    if (c || x->lower.len != y->lower.len)
        return c ? c : (x->lower.len < y->lower.len ? -1 : 1);
    if (x->outlet != y->outlet)
        return x->outlet < y->outlet ? -1 : 1;
    if (x->art != y->art)
        return x->art < y->art ? -1 : 1;
    return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

static int conc_cmp(const void *a, const void *b)
{
    const conc *x = a, *y = b;
    if (x->outlets != y->outlets)
        return x->outlets > y->outlets ? -1 : 1;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static px_slice lower(px_arena *a, px_slice s)
{
    uint8_t *p = px__arena_alloc(a, s.len + 1, 1);
    if (!p)
        return PX_SLICE_NULL;
    for (size_t i = 0; i < s.len; i++)
        p[i] = s.ptr[i] >= 'A' && s.ptr[i] <= 'Z' ? (uint8_t)(s.ptr[i] + 32) : s.ptr[i];
    p[s.len] = 0;
    return (px_slice){p, s.len};
}

typedef struct group {
    uint32_t a, b; /* labs [a, b) */
} group;

static int group_cmp(const void *x, const void *y)
{
    const group *p = x, *q = y;
    uint32_t n = p->b - p->a, k = q->b - q->a;
    if (n != k)
        return n > k ? -1 : 1;
    return p->a < q->a ? -1 : p->a > q->a;
}

static int same_words(const lab *a, const lab *b)
{
    return a->concept == b->concept && px_slice_eq(a->lower, b->lower);
}

/* One wording of one concept by one outlet: labs [i, j). */
static px_status
write_wording(const px__cmp *m, const lab *L, size_t i, size_t j, int first, px_buf *out)
{
    px_status e = px_buf_append_str(out, first ? "{\"label\":" : ",{\"label\":");
    if (!e)
        e = px__json_str(out, L[i].text);
    if (!e)
        e = px_buf_appendf(out, ",\"count\":%zu,\"evidence\":[", j - i);
    for (size_t k = i; k < j && k < i + MAX_EVIDENCE && !e; k++) {
        e = px_buf_append_str(out, k > i ? ",{\"article\":" : "{\"article\":");
        if (!e)
            e = px__json_str(out, m->a[L[k].art].id);
        if (!e)
            e = px_buf_appendf(out, ",\"span\":[%u,%u]}", L[k].span.start, L[k].span.end);
    }
    return e ? e : px_buf_append_str(out, "]}");
}

/* The labs [c0, c1) of one concept, grouped by wording then outlet. */
static px_status write_concept(const px__cmp *m,
                               const px_label_key *keys,
                               const conc *c,
                               const lab *L,
                               group *grp,
                               px_buf *out)
{
    size_t c0 = c->first, c1 = c->first + c->n;
    px_status e = px_buf_append_str(out, "{\"concept\":");
    if (!e)
        e = px__json_str(out, keys[c->key].key);
    if (!e)
        e = px_buf_append_str(out, ",\"outlets\":[");
    int first_outlet = 1;
    for (uint32_t o = 0; o < m->n_outlets && !e; o++) {
        /* this outlet's wordings: groups of labs, the most used first */
        size_t ng = 0;
        for (size_t i = c0; i < c1;) {
            size_t j = i, a, b;
            while (j < c1 && same_words(&L[i], &L[j]))
                j++;
            for (a = i; a < j && L[a].outlet != o; a++)
                ;
            for (b = a; b < j && L[b].outlet == o; b++)
                ;
            if (b > a)
                grp[ng++] = (group){(uint32_t)a, (uint32_t)b};
            i = j;
        }
        if (!ng)
            continue;
        qsort(grp, ng, sizeof *grp, group_cmp);
        e = px_buf_append_str(out, first_outlet ? "{\"outlet\":" : ",{\"outlet\":");
        first_outlet = 0;
        if (!e)
            e = px__json_str(out, m->outlets[o]);
        if (!e)
            e = px_buf_append_str(out, ",\"labels\":[");
        for (size_t g = 0; g < ng && g < MAX_PER_OUTLET && !e; g++)
            e = write_wording(m, L, grp[g].a, grp[g].b, g == 0, out);
        if (!e)
            e = px_buf_append_str(out, "],\"tone\":null}");
    }
    if (!e)
        e = px_buf_append_str(out, "],\"only\":[");
    size_t nonly = 0;
    for (size_t i = c0; i < c1 && !e && c->outlets > 1;) {
        size_t j = i;
        while (j < c1 && same_words(&L[i], &L[j]))
            j++;
        int one = 1;
        for (size_t k = i + 1; k < j; k++)
            one &= L[k].outlet == L[i].outlet;
        if (one && nonly < MAX_ONLY) {
            e = px_buf_append_str(out, nonly ? ",{\"label\":" : "{\"label\":");
            if (!e)
                e = px__json_str(out, L[i].text);
            if (!e)
                e = px_buf_append_str(out, ",\"outlets\":[");
            if (!e)
                e = px__json_str(out, m->outlets[L[i].outlet]);
            if (!e)
                e = px_buf_append_str(out, "]}");
            nonly++;
        }
        i = j;
    }
    return e ? e : px_buf_append_str(out, "]}");
}

/* Collects the labels of the compared originals. */
static px_status
collect(px__cmp *m, px_map *ix, px_label_key **keys, size_t *nk, lab **L, size_t *nl)
{
    size_t n = 0, kcap = 0;
    for (size_t i = 0; i < m->n; i++)
        n += m->a[i].copy ? 0 : m->a[i].rec.n_labels;
    *L = PX_ARENA_NEW(m->arena, lab, n + 1);
    if (!*L)
        return PX_ENOMEM;
    *nl = 0;
    *nk = 0;
    for (size_t i = 0; i < m->n; i++) {
        const px__cart *a = &m->a[i];
        if (a->copy)
            continue;
        for (size_t k = 0; k < a->rec.n_labels; k++) {
            const px_label *l = &a->rec.labels[k];
            px_slice t = px__cmp_span(a, l->span);
            if (!l->concept.ptr || !l->concept.len || !t.ptr || !t.len || t.len > MAX_LABEL_BYTES)
                continue;
            /* a phrase with its modifiers after the same phrase without
             * them ("12 people arrested" and "12 people"): the short one */
            if (k + 1 < a->rec.n_labels && a->rec.labels[k + 1].span.start == l->span.start &&
                a->rec.labels[k + 1].span.end < l->span.end &&
                px_slice_eq(a->rec.labels[k + 1].concept, l->concept) &&
                px_slice_eq(a->rec.labels[k + 1].kind, l->kind))
                continue;
            uint64_t *slot;
            int isnew;
            if (px__map_put(ix, l->concept, *nk, &slot, &isnew))
                return PX_ENOMEM;
            if (isnew) {
                if (*nk == kcap) {
                    kcap = kcap ? kcap * 2 : 64;
                    px_label_key *nkeys = px__realloc(*keys, kcap * sizeof **keys);
                    if (!nkeys)
                        return PX_ENOMEM;
                    *keys = nkeys;
                }
                (*keys)[*nk] = (px_label_key){px__arena_dup(m->arena, l->concept), 0, 0};
                if (!(*keys)[*nk].key.ptr)
                    return PX_ENOMEM;
                (*nk)++;
            }
            px_label_key *key = &(*keys)[*slot];
            key->count++;
            key->person |= l->entity >= 0 && (size_t)l->entity < a->rec.n_entities &&
                           a->rec.entities[l->entity].type == PX_ENT_PER;
            lab *x = &(*L)[(*nl)++];
            *x = (lab){(uint32_t)*slot, a->outlet_ix, (uint32_t)i, l->span, t, lower(m->arena, t)};
            if (!x->lower.ptr)
                return PX_ENOMEM;
        }
    }
    return PX_OK;
}

px_status px__cmp_labels(px__cmp *m, px_buf *out)
{
    px_map *ix = px__map_new(1024);
    px_label_key *keys = NULL;
    uint32_t *canon = NULL;
    conc *cs = NULL;
    group *grp = NULL;
    lab *L = NULL;
    size_t nk = 0, nl = 0, nc = 0;
    px_status e = ix ? collect(m, ix, &keys, &nk, &L, &nl) : PX_ENOMEM;
    if (!e && !(canon = px__malloc((nk + 1) * sizeof *canon)))
        e = PX_ENOMEM;
    if (!e) {
        px__label_unify(keys, nk, canon);
        for (size_t i = 0; i < nl; i++)
        L[i].concept = canon[L[i].concept];
        qsort(L, nl, sizeof *L, lab_cmp);
        if (!(cs = px__malloc((nk + 1) * sizeof *cs)) ||
            !(grp = px__malloc((nl + 1) * sizeof *grp)))
            e = PX_ENOMEM;
    }
    for (size_t i = 0; i < nl && !e;) {
        size_t j = i;
        uint64_t seen = 0; /* outlets as bits, then counted past 64 */
        uint32_t outlets = 0;
        uint8_t *has = PX_ARENA_NEW(m->arena, uint8_t, m->n_outlets + 1);
        if (!has) {
            e = PX_ENOMEM;
            break;
        }
        memset(has, 0, m->n_outlets + 1);
        while (j < nl && L[j].concept == L[i].concept) {
            outlets += !has[L[j].outlet];
            has[L[j].outlet] = 1;
            j++;
        }
        (void)seen;
        if (j - i >= 2)
            cs[nc++] = (conc){L[i].concept, (uint32_t)i, (uint32_t)(j - i), outlets};
        i = j;
    }
    if (!e) {
        qsort(cs, nc, sizeof *cs, conc_cmp);
        e = px_buf_append_str(out, ",\"labels\":[");
    }
    for (size_t c = 0; c < nc && c < MAX_CONCEPTS && !e; c++) {
        if (c)
            e = px_buf_append_byte(out, ',');
        if (!e)
            e = write_concept(m, keys, &cs[c], L, grp, out);
    }
    if (!e)
        e = px_buf_append_byte(out, ']');
    px__free(grp);
    px__free(cs);
    px__free(canon);
    px__free(keys);
    px__map_free(ix);
    return e;
}

/* ---- the terminal matrix (parallax compare --labels) ---- */

/* Appends at most width columns of s (one column per character: close
 * enough for the wordings of news), padded with spaces to width. */
static px_status cell(px_buf *out, const char *s, size_t width)
{
    size_t cols = 0, i = 0, n = strlen(s);
    while (i < n && cols < width) {
        size_t k = 1;
        while (i + k < n && ((uint8_t)s[i + k] & 0xC0) == 0x80)
            k++;
        if (cols + 1 == width && i + k < n) { /* cut: an ellipsis marks it */
            if (px_buf_append_str(out, "\xe2\x80\xa6"))
                return PX_ENOMEM;
            cols++;
            i = n;
            break;
        }
        if (px_buf_append(out, s + i, k))
            return PX_ENOMEM;
        i += k;
        cols++;
    }
    for (; cols < width; cols++)
        if (px_buf_append_byte(out, ' '))
            return PX_ENOMEM;
    return PX_OK;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

px_status px__cmp_labels_text(px_slice json, px_buf *out)
{
    cJSON *root = cJSON_ParseWithLength((const char *)json.ptr, json.len);
    if (!root)
        return PX_ENOMEM;
    /* the outlets that name some concept, in the story's order */
    const char *outl[64];
    size_t no = 0;
    const cJSON *c, *o, *l;
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(root, "labels");
    cJSON_ArrayForEach(c, labels)
    {
        cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(c, "outlets"))
        {
            const char *name = jstr(o, "outlet");
            size_t k = 0;
            while (k < no && strcmp(outl[k], name))
                k++;
            if (k == no && no < 64)
                outl[no++] = name;
        }
    }
    for (size_t i = 1; i < no; i++) /* sorted, as the story lists them */
        for (size_t k = i; k > 0 && strcmp(outl[k - 1], outl[k]) > 0; k--) {
            const char *t = outl[k];
            outl[k] = outl[k - 1];
            outl[k - 1] = t;
        }
    size_t w = no ? (160 - 24) / no : 40;
    if (w < 18)
        w = 18;
    if (w > 48)
        w = 48;
    px_status e = px_buf_appendf(out,
                                 "Story %s: %s\nLabels: concepts x outlets (the words each "
                                 "outlet uses, with counts; * only this outlet)\n\n",
                                 jstr(root, "id"), jstr(root, "title"));
    if (!e)
        e = cell(out, "concept", 24);
    for (size_t k = 0; k < no && !e; k++) {
        e = px_buf_append_str(out, " | ");
        if (!e)
            e = cell(out, outl[k], w);
    }
    if (!e)
        e = px_buf_append_byte(out, '\n');
    if (!cJSON_GetArraySize(labels) && !e)
        e = px_buf_append_str(out, "(no concept named twice in this story)\n");
    char buf[1024];
    cJSON_ArrayForEach(c, labels)
    {
        if (e)
            break;
        e = cell(out, jstr(c, "concept"), 24);
        const cJSON *only = cJSON_GetObjectItemCaseSensitive(c, "only");
        for (size_t k = 0; k < no && !e; k++) {
            size_t bl = 0;
            buf[0] = 0;
            cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(c, "outlets"))
            {
                if (strcmp(jstr(o, "outlet"), outl[k]))
                    continue;
                cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(o, "labels"))
                {
                    const char *t = jstr(l, "label");
                    int solo = 0;
                    const cJSON *x;
                    cJSON_ArrayForEach(x, only) solo |= !strcmp(jstr(x, "label"), t);
                    const cJSON *n = cJSON_GetObjectItemCaseSensitive(l, "count");
                    int m = snprintf(buf + bl, sizeof buf - bl, "%s%s%s %d", bl ? "; " : "",
                                     solo ? "*" : "", t, cJSON_IsNumber(n) ? n->valueint : 0);
                    if (m < 0 || (size_t)m >= sizeof buf - bl)
                        break;
                    bl += (size_t)m;
                }
            }
            e = px_buf_append_str(out, " | ");
            if (!e)
                e = cell(out, bl ? buf : "-", w);
        }
        if (!e)
            e = px_buf_append_byte(out, '\n');
    }
    cJSON_Delete(root);
    return e;
}
