/* Reading the parallax.article/1 record into typed values (record.h). The JSON
 * is parsed once with cJSON (Debian libcjson) and copied into the caller's
 * arena; nothing outside src/record walks a record's JSON. */
#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "record/record.h"

const char *const px__rec_key[PX_RK__COUNT] = {
#define PX_REC_KEY_NAME(tag, name) name,
    PX_REC_KEYS(PX_REC_KEY_NAME)
#undef PX_REC_KEY_NAME
};

typedef struct rd {
    px_arena *a;
    px_slice text;
    int oom;
} rd;

static const cJSON *get(const cJSON *o, enum px_rec_key k)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, px__rec_key[k]) : NULL;
}

/* A string member as an arena slice (NUL-terminated); the null slice for
 * anything else. */
static px_slice str(rd *r, const cJSON *o, enum px_rec_key k)
{
    const cJSON *m = get(o, k);
    if (!cJSON_IsString(m) || !m->valuestring)
        return PX_SLICE_NULL;
    px_slice s = px__arena_dup(r->a, px_slice_cstr(m->valuestring));
    if (!s.ptr)
        r->oom = 1;
    return s;
}

static const char *cstr(rd *r, const cJSON *o, enum px_rec_key k)
{
    return (const char *)str(r, o, k).ptr;
}

static double num(const cJSON *o, enum px_rec_key k)
{
    const cJSON *m = get(o, k);
    return cJSON_IsNumber(m) ? m->valuedouble : NAN;
}

/* A byte offset: a whole number in [0, 2^32). */
static int offset(const cJSON *v, uint32_t *out)
{
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > 4e9)
        return 0;
    *out = (uint32_t)v->valuedouble;
    return 1;
}

/* [start, end] within the text, or PX_SPAN_NONE. */
static px_span span_of(const rd *r, const cJSON *v)
{
    uint32_t s, e;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2 || !offset(cJSON_GetArrayItem(v, 0), &s) ||
        !offset(cJSON_GetArrayItem(v, 1), &e) || e < s || e > r->text.len)
        return PX_SPAN_NONE;
    return (px_span){s, e};
}

static size_t count(const cJSON *arr)
{
    return cJSON_IsArray(arr) ? (size_t)cJSON_GetArraySize(arr) : 0;
}

/* arr when it is an array, else NULL (an object's members are no list). */
static const cJSON *list(const cJSON *arr)
{
    return cJSON_IsArray(arr) ? arr : NULL;
}

#define ALLOC_LIST(r, T, n) ((n) ? PX_ARENA_NEW((r)->a, T, (n)) : NULL)

/* A list of spans; invalid ones are dropped. */
static px_span *span_list(rd *r, const cJSON *arr, uint32_t *n_out)
{
    size_t n = count(arr), k = 0;
    px_span *v = ALLOC_LIST(r, px_span, n);
    *n_out = 0;
    if (n && !v) {
        r->oom = 1;
        return NULL;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, list(arr))
    {
        px_span s = span_of(r, it);
        if (s.start != UINT32_MAX)
            v[k++] = s;
    }
    *n_out = (uint32_t)k;
    return v;
}

static px_span *spans(rd *r, const cJSON *o, enum px_rec_key k, size_t *n_out)
{
    uint32_t n;
    px_span *v = span_list(r, get(o, k), &n);
    *n_out = n;
    return v;
}

static uint8_t ent_type(const cJSON *t)
{
    static const char *const names[] = {NULL, "PER", "ORG", "LOC", "MISC"};
    for (uint8_t i = 1; i < 5 && cJSON_IsString(t); i++)
        if (!strcmp(t->valuestring, names[i]))
            return i;
    return PX_ENT_MISC;
}

static void entities(rd *r, const cJSON *root, px_rec *out)
{
    const cJSON *arr = get(root, PX_RK_ENTITIES), *it;
    size_t n = count(arr), i = 0;
    out->entities = ALLOC_LIST(r, px_entity, n);
    out->entity_ids = ALLOC_LIST(r, px_slice, n);
    if (n && (!out->entities || !out->entity_ids)) {
        r->oom = 1;
        return;
    }
    cJSON_ArrayForEach(it, list(arr))
    {
        px_entity *e = &out->entities[i];
        out->entity_ids[i] = str(r, it, PX_RK_ID);
        e->type = ent_type(get(it, PX_RK_TYPE));
        e->name = str(r, it, PX_RK_NAME);
        e->key = str(r, it, PX_RK_KEY);
        e->actor = str(r, it, PX_RK_ACTOR);
        e->country = str(r, it, PX_RK_COUNTRY);
        e->lat = num(it, PX_RK_LAT);
        e->lon = num(it, PX_RK_LON);
        e->mentions = span_list(r, get(it, PX_RK_MENTIONS), &e->n_mentions);
        i++;
    }
    out->n_entities = i;
}

static uint8_t timex_type(const cJSON *t)
{
    static const char *const names[] = {NULL, "DATE", "TIME", "DURATION", "SET"};
    for (uint8_t i = 1; i < 5 && cJSON_IsString(t); i++)
        if (!strcmp(t->valuestring, names[i]))
            return i;
    return PX_TIMEX_DATE;
}

static void timexes(rd *r, const cJSON *root, px_rec *out)
{
    const cJSON *arr = get(root, PX_RK_TIMEXES), *it;
    size_t n = count(arr), i = 0;
    if (n && !(out->timexes = ALLOC_LIST(r, px_timex, n))) {
        r->oom = 1;
        return;
    }
    cJSON_ArrayForEach(it, list(arr))
    {
        px_timex *t = &out->timexes[i++];
        t->span = span_of(r, get(it, PX_RK_SPAN));
        t->type = timex_type(get(it, PX_RK_TYPE));
        t->value = str(r, it, PX_RK_VALUE);
    }
    out->n_timexes = i;
}

static void quantities(rd *r, const cJSON *root, px_rec *out)
{
    const cJSON *arr = get(root, PX_RK_QUANTITIES), *it;
    size_t n = count(arr), i = 0;
    if (n && !(out->quantities = ALLOC_LIST(r, px_quantity, n))) {
        r->oom = 1;
        return;
    }
    cJSON_ArrayForEach(it, list(arr))
    {
        px_quantity *q = &out->quantities[i++];
        q->span = span_of(r, get(it, PX_RK_SPAN));
        q->value = num(it, PX_RK_VALUE);
        q->high = num(it, PX_RK_HIGH);
        q->approx = cstr(r, it, PX_RK_APPROX);
        q->unit = str(r, it, PX_RK_UNIT);
        q->object = str(r, it, PX_RK_OBJECT);
        q->count = cstr(r, it, PX_RK_COUNT);
    }
    out->n_quantities = i;
}

/* The index of the entity with record id want, or -1. */
static int32_t entity_ix(const px_rec *out, const cJSON *want)
{
    if (!cJSON_IsString(want))
        return -1;
    px_slice w = px_slice_cstr(want->valuestring);
    for (size_t i = 0; i < out->n_entities; i++)
        if (out->entity_ids[i].ptr && px_slice_eq(out->entity_ids[i], w))
            return (int32_t)i;
    return -1;
}

static void quotes(rd *r, const cJSON *root, px_rec *out)
{
    const cJSON *arr = get(root, PX_RK_QUOTES), *it;
    size_t n = count(arr), i = 0;
    if (n && !(out->quotes = ALLOC_LIST(r, px_quote, n))) {
        r->oom = 1;
        return;
    }
    cJSON_ArrayForEach(it, list(arr))
    {
        px_quote *q = &out->quotes[i++];
        q->content = span_list(r, get(it, PX_RK_CONTENT), &q->n_content);
        q->cue = span_of(r, get(it, PX_RK_CUE));
        q->source = span_of(r, get(it, PX_RK_SOURCE));
        q->speaker = entity_ix(out, get(it, PX_RK_SPEAKER));
        q->direct = (uint8_t)cJSON_IsTrue(get(it, PX_RK_DIRECT));
    }
    out->n_quotes = i;
}

static px_event_actor actor(rd *r, const px_rec *out, const cJSON *o)
{
    px_event_actor a = {.entity = -1, .span = PX_SPAN_NONE};
    if (!cJSON_IsObject(o))
        return a;
    a.entity = entity_ix(out, get(o, PX_RK_ENTITY));
    a.code = str(r, o, PX_RK_CODE);
    a.text = str(r, o, PX_RK_TEXT);
    a.span = span_of(r, get(o, PX_RK_SPAN));
    return a;
}

static void events(rd *r, const cJSON *root, px_rec *out)
{
    const cJSON *arr = get(root, PX_RK_EVENTS), *it;
    size_t n = count(arr), i = 0;
    if (n && !(out->events = ALLOC_LIST(r, px_event, n))) {
        r->oom = 1;
        return;
    }
    cJSON_ArrayForEach(it, list(arr))
    {
        px_event *e = &out->events[i++];
        e->span = span_of(r, get(it, PX_RK_SPAN));
        e->trigger = span_of(r, get(it, PX_RK_TRIGGER));
        e->code = str(r, it, PX_RK_CODE);
        e->root = str(r, it, PX_RK_ROOT);
        e->plover = str(r, it, PX_RK_PLOVER);
        double quad = num(it, PX_RK_QUAD);
        e->quad = quad >= 1 && quad <= 4 ? (int32_t)quad : 0;
        e->goldstein = num(it, PX_RK_GOLDSTEIN);
        e->negated = (uint8_t)cJSON_IsTrue(get(it, PX_RK_NEGATED));
        e->source = actor(r, out, get(it, PX_RK_SOURCE));
        e->target = actor(r, out, get(it, PX_RK_TARGET));
        e->date = str(r, it, PX_RK_DATE);
        e->date_from = str(r, it, PX_RK_DATE_FROM);
        const cJSON *pl = get(it, PX_RK_PLACE);
        e->place_entity = cJSON_IsObject(pl) ? entity_ix(out, get(pl, PX_RK_ENTITY)) : -1;
        e->place_country = cJSON_IsObject(pl) ? str(r, pl, PX_RK_COUNTRY) : PX_SLICE_NULL;
        e->place_lat = cJSON_IsObject(pl) ? num(pl, PX_RK_LAT) : NAN;
        e->place_lon = cJSON_IsObject(pl) ? num(pl, PX_RK_LON) : NAN;
    }
    out->n_events = i;
}

static void labels(rd *r, const cJSON *root, px_rec *out)
{
    const cJSON *arr = get(root, PX_RK_LABELS), *it;
    size_t n = count(arr), i = 0;
    if (n && !(out->labels = ALLOC_LIST(r, px_label, n))) {
        r->oom = 1;
        return;
    }
    cJSON_ArrayForEach(it, list(arr))
    {
        px_label *l = &out->labels[i++];
        l->span = span_of(r, get(it, PX_RK_SPAN));
        l->label = str(r, it, PX_RK_LABEL);
        l->head = str(r, it, PX_RK_HEAD);
        l->concept = str(r, it, PX_RK_CONCEPT);
        l->kind = str(r, it, PX_RK_KIND);
        l->entity = entity_ix(out, get(it, PX_RK_ENTITY));
    }
    out->n_labels = i;
}

static void techniques(rd *r, const cJSON *root, px_rec *out)
{
    const cJSON *arr = get(root, PX_RK_TECHNIQUES), *it;
    size_t n = count(arr), i = 0;
    if (n && !(out->techniques = ALLOC_LIST(r, px_technique, n))) {
        r->oom = 1;
        return;
    }
    cJSON_ArrayForEach(it, list(arr))
    {
        px_technique *t = &out->techniques[i];
        t->span = span_of(r, get(it, PX_RK_SPAN));
        t->technique = str(r, it, PX_RK_TECHNIQUE);
        t->score = num(it, PX_RK_SCORE);
        /* An item without a valid span or a technique name is dropped. */
        i += t->span.start != UINT32_MAX && t->technique.ptr;
    }
    out->n_techniques = i;
}

static int8_t polarity_of(const cJSON *p)
{
    if (cJSON_IsString(p) && !strcmp(p->valuestring, "negative"))
        return PX_POL_NEGATIVE;
    if (cJSON_IsString(p) && !strcmp(p->valuestring, "positive"))
        return PX_POL_POSITIVE;
    return PX_POL_NEUTRAL;
}

static void tone_targets(rd *r, const cJSON *t, px_rec *out)
{
    const cJSON *arr = get(t, PX_RK_TARGETS), *it;
    size_t n = count(arr), i = 0;
    if (n && !(out->tone.targets = ALLOC_LIST(r, px_tone_target, n))) {
        r->oom = 1;
        return;
    }
    cJSON_ArrayForEach(it, list(arr))
    {
        px_tone_target *g = &out->tone.targets[i++];
        g->entity = entity_ix(out, get(it, PX_RK_ENTITY));
        g->concept = str(r, it, PX_RK_CONCEPT);
        g->polarity = polarity_of(get(it, PX_RK_POLARITY));
        g->score = num(it, PX_RK_SCORE);
        g->evidence = span_list(r, get(it, PX_RK_EVIDENCE), &g->n_evidence);
    }
    out->tone.n_targets = i;
}

static void tone(rd *r, const cJSON *root, px_rec *out)
{
    const cJSON *t = get(root, PX_RK_TONE);
    if (!cJSON_IsObject(t))
        return;
    out->has_tone = 1;
    out->tone.tone = num(t, PX_RK_TONE);
    out->tone.positive = num(t, PX_RK_POSITIVE);
    out->tone.negative = num(t, PX_RK_NEGATIVE);
    out->tone.polarity = num(t, PX_RK_POLARITY);
    out->tone.activity = num(t, PX_RK_ACTIVITY);
    out->tone.self_group = num(t, PX_RK_SELF_GROUP);
    double w = num(t, PX_RK_WORDS);
    out->tone.words = w >= 0 && w < 4e9 ? (uint32_t)w : 0;
    tone_targets(r, t, out);
}

/* A top-level string member that must be a string or null. */
static int strict_str(rd *r, const cJSON *o, enum px_rec_key k, px_slice *out)
{
    const cJSON *m = get(o, k);
    *out = PX_SLICE_NULL;
    if (!m || cJSON_IsNull(m))
        return 0;
    if (!cJSON_IsString(m) || !m->valuestring)
        return -1;
    *out = str(r, o, k);
    return 0;
}

static px_status header(rd *r, const cJSON *root, px_rec *out, char *errmsg)
{
    char scratch[PX_ERRMSG_SIZE];
    char *em = errmsg ? errmsg : scratch;
    px_slice schema;
    if (!cJSON_IsObject(root))
        return px__fail(em, PX_EPARSE, "the record is not a JSON object");
    if (strict_str(r, root, PX_RK_SCHEMA, &schema) ||
        !px_slice_eq(schema, PX_SLICE_LIT(PX_REC_SCHEMA)))
        return px__fail(em, PX_EPARSE, "not a " PX_REC_SCHEMA " record (\"schema\")");
    if (strict_str(r, root, PX_RK_ID, &out->id) || !out->id.len)
        return px__fail(em, PX_EPARSE, "the record has no \"id\" string");
    if (strict_str(r, root, PX_RK_TEXT, &out->text) || !out->text.ptr)
        return px__fail(em, PX_EPARSE, "the record has no \"text\" string");
    static const enum px_rec_key top[] = {PX_RK_DATE, PX_RK_TITLE, PX_RK_LANG};
    px_slice *dst[] = {&out->date, &out->title, &out->lang};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        if (strict_str(r, root, top[i], dst[i]))
            return px__fail(em, PX_EPARSE, "\"%s\" is not a string or null", px__rec_key[top[i]]);
    /* outlet and url live in "source"; a top-level one is taken when it is absent. */
    const cJSON *src = get(root, PX_RK_SOURCE);
    if (src && !cJSON_IsObject(src) && !cJSON_IsNull(src))
        return px__fail(em, PX_EPARSE, "\"source\" is not an object");
    if (cJSON_IsNull(src))
        src = NULL;
    if (strict_str(r, src, PX_RK_OUTLET, &out->outlet) || strict_str(r, src, PX_RK_URL, &out->url))
        return px__fail(em, PX_EPARSE, "\"source\" has a non-string outlet or url");
    if ((!out->outlet.ptr && strict_str(r, root, PX_RK_OUTLET, &out->outlet)) ||
        (!out->url.ptr && strict_str(r, root, PX_RK_URL, &out->url)))
        return px__fail(em, PX_EPARSE, "\"outlet\" or \"url\" is not a string or null");
    out->source_path = str(r, src, PX_RK_PATH);
    out->source_id = str(r, src, PX_RK_ID);
    out->author = str(r, root, PX_RK_AUTHOR);
    out->date_source = str(r, root, PX_RK_DATE_SOURCE);
    out->date_inferred = str(r, root, PX_RK_DATE_INFERRED);
    const cJSON *meta = get(root, PX_RK_META);
    if (cJSON_IsObject(meta)) {
        char *m = cJSON_PrintUnformatted(meta);
        if (m) {
            out->meta = px__arena_dup(r->a, px_slice_cstr(m));
            cJSON_free(m);
        }
        if (!m || !out->meta.ptr)
            r->oom = 1;
    }
    return PX_OK;
}

static px_status parse(px_slice json, px_arena *a, px_rec *out, char *errmsg, int head_only)
{
    memset(out, 0, sizeof *out);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts((const char *)json.ptr, json.len, &end, 0);
    size_t at = end ? (size_t)(end - (const char *)json.ptr) : 0;
    char scratch[PX_ERRMSG_SIZE];
    char *em = errmsg ? errmsg : scratch;
    if (!root)
        return px__fail(em, PX_EPARSE, "not valid JSON (at byte %zu)", at);
    while (at < json.len && (json.ptr[at] == ' ' || json.ptr[at] == '\t' || json.ptr[at] == '\n' ||
                             json.ptr[at] == '\r'))
        at++;
    if (at < json.len) {
        cJSON_Delete(root);
        return px__fail(em, PX_EPARSE, "data after the JSON object (at byte %zu)", at);
    }
    rd r = {.a = a};
    px_status st = header(&r, root, out, errmsg);
    if (st == PX_OK && !head_only) {
        r.text = out->text;
        out->paras = spans(&r, root, PX_RK_PARAGRAPHS, &out->n_paras);
        out->sents = spans(&r, root, PX_RK_SENTENCES, &out->n_sents);
        entities(&r, root, out);
        timexes(&r, root, out);
        quantities(&r, root, out);
        quotes(&r, root, out);
        events(&r, root, out);
        labels(&r, root, out);
        techniques(&r, root, out);
        tone(&r, root, out);
    }
    cJSON_Delete(root);
    if (r.oom)
        st = px__fail(em, PX_ENOMEM, "out of memory reading the record");
    return st;
}

px_status px__rec_parse(px_slice json, px_arena *a, px_rec *out, char *errmsg)
{
    return parse(json, a, out, errmsg, 0);
}

px_status px__rec_parse_head(px_slice json, px_arena *a, px_rec *out, char *errmsg)
{
    return parse(json, a, out, errmsg, 1);
}

px_slice px__rec_span_text(const px_rec *r, px_span s)
{
    if (s.start == UINT32_MAX || s.end > r->text.len || s.end < s.start)
        return PX_SLICE_NULL;
    return (px_slice){r->text.ptr + s.start, s.end - s.start};
}

px_status px__json_compact(px_slice json, px_buf *out)
{
    px_status st = px_buf_reserve(out, json.len);
    int in_str = 0, esc = 0;
    for (size_t i = 0; i < json.len && !st; i++) {
        uint8_t c = json.ptr[i];
        if (in_str) {
            if (esc)
                esc = 0;
            else if (c == '\\')
                esc = 1;
            else if (c == '"')
                in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            continue;
        }
        st = px_buf_append_byte(out, c);
    }
    return st;
}

px_status px_record_id(px_slice json, px_buf *id, char *errmsg)
{
    if (!id || (!json.ptr && json.len))
        return px__fail(errmsg, PX_EINVAL, "px_record_id: NULL argument");
    px_arena *a = px__arena_new(1 << 14, 0);
    if (!a)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    px_rec r;
    px_status st = parse(json, a, &r, errmsg, 1);
    if (st == PX_OK && (px_buf_append(id, r.id.ptr, r.id.len) || px_buf_terminate(id)))
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
    px__arena_free(a);
    return st;
}
