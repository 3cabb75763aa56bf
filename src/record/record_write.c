/* Writing the parallax.article/1 record (SCHEMA.md). Analyses that do not
 * exist yet are written as empty arrays (tone as null): never invented data.
 * Field names come from PX_REC_KEYS (record.h), shared with the reader. */
#include <math.h>

#include "record/record.h"
#include "annotate/annotate.h"

#define TRY(x)                                                                                     \
    do {                                                                                           \
        px_status st_ = (x);                                                                       \
        if (st_)                                                                                   \
            return st_;                                                                            \
    } while (0)

/* Appends ,"name": (or "name": first in an object, when comma is 0). */
static px_status key(px_buf *b, enum px_rec_key k, int comma)
{
    return px_buf_appendf(b, comma ? ",\"%s\":" : "\"%s\":", px__rec_key[k]);
}

static px_status key_str(px_buf *b, enum px_rec_key k, px_slice v)
{
    TRY(key(b, k, 1));
    return px__json_str(b, v);
}

static px_status span_or_null(px_buf *b, px_span s)
{
    if (s.start == UINT32_MAX)
        return px_buf_append(b, "null", 4);
    return px__json_span(b, s.start, s.end);
}

static px_status span_list(px_buf *b, const px_span *s, size_t n)
{
    TRY(px_buf_append_byte(b, '['));
    for (size_t i = 0; i < n; i++) {
        if (i)
            TRY(px_buf_append_byte(b, ','));
        TRY(px__json_span(b, s[i].start, s[i].end));
    }
    return px_buf_append_byte(b, ']');
}

static px_status spans(px_buf *b, enum px_rec_key k, const px_span *s, size_t n)
{
    TRY(key(b, k, 1));
    return span_list(b, s, n);
}

static px_status list_open(px_buf *b, enum px_rec_key k)
{
    TRY(key(b, k, 1));
    return px_buf_append_byte(b, '[');
}

/* Opens item i of a list with its first member k. */
static px_status item_open(px_buf *b, size_t i, enum px_rec_key k)
{
    TRY(px_buf_append_str(b, i ? ",{" : "{"));
    return key(b, k, 0);
}

/* A JSON number: integers without a fraction, others with up to 15 digits.
 * NaN and infinities have no JSON form: null. The range is checked before the
 * conversion to long long, which is undefined outside its range. */
static px_status number(px_buf *b, double v)
{
    if (!isfinite(v))
        return px_buf_append(b, "null", 4);
    if (v > -1e15 && v < 1e15 && v == (double)(long long)v)
        return px_buf_appendf(b, "%lld", (long long)v);
    return px_buf_appendf(b, "%.15g", v);
}

static px_status write_entities(const px_doc *d, px_buf *b)
{
    static const char *const types[] = {"MISC", "PER", "ORG", "LOC", "MISC"};
    TRY(list_open(b, PX_RK_ENTITIES));
    for (size_t i = 0; i < d->n_entities; i++) {
        const px_entity *e = &d->entities[i];
        TRY(item_open(b, i, PX_RK_ID));
        TRY(px_buf_appendf(b, "\"e%zu\"", i + 1));
        TRY(key(b, PX_RK_TYPE, 1));
        TRY(px_buf_appendf(b, "\"%s\"", types[e->type < 5 ? e->type : 0]));
        TRY(key_str(b, PX_RK_NAME, e->name));
        TRY(key_str(b, PX_RK_KEY, e->key));
        TRY(key_str(b, PX_RK_ACTOR, e->actor));
        if (e->country.ptr)
            TRY(key_str(b, PX_RK_COUNTRY, e->country));
        if (e->lat == e->lat && e->lon == e->lon) {
            TRY(key(b, PX_RK_LAT, 1));
            TRY(number(b, e->lat));
            TRY(key(b, PX_RK_LON, 1));
            TRY(number(b, e->lon));
        }
        TRY(key(b, PX_RK_MENTIONS, 1));
        TRY(span_list(b, e->mentions, e->n_mentions));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

static px_slice span_text(const px_doc *d, px_span s)
{
    return (px_slice){d->text.ptr + s.start, s.end - s.start};
}

static px_status write_timexes(const px_doc *d, px_buf *b)
{
    static const char *const types[] = {"DATE", "DATE", "TIME", "DURATION", "SET"};
    TRY(list_open(b, PX_RK_TIMEXES));
    for (size_t i = 0; i < d->n_timexes; i++) {
        const px_timex *t = &d->timexes[i];
        TRY(item_open(b, i, PX_RK_SPAN));
        TRY(px__json_span(b, t->span.start, t->span.end));
        TRY(key_str(b, PX_RK_TEXT, span_text(d, t->span)));
        TRY(key(b, PX_RK_TYPE, 1));
        TRY(px_buf_appendf(b, "\"%s\"", types[t->type < 5 ? t->type : 0]));
        TRY(key_str(b, PX_RK_VALUE, t->value));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

static px_status write_quantities(const px_doc *d, px_buf *b)
{
    TRY(list_open(b, PX_RK_QUANTITIES));
    for (size_t i = 0; i < d->n_quantities; i++) {
        const px_quantity *q = &d->quantities[i];
        TRY(item_open(b, i, PX_RK_SPAN));
        TRY(px__json_span(b, q->span.start, q->span.end));
        TRY(key_str(b, PX_RK_TEXT, span_text(d, q->span)));
        TRY(key(b, PX_RK_VALUE, 1));
        TRY(number(b, q->value));
        TRY(key(b, PX_RK_HIGH, 1));
        TRY(number(b, q->high));
        TRY(key_str(b, PX_RK_APPROX, px_slice_cstr(q->approx ? q->approx : "exact")));
        TRY(key_str(b, PX_RK_UNIT, q->unit));
        TRY(key_str(b, PX_RK_OBJECT, q->object));
        TRY(key_str(b, PX_RK_COUNT, px_slice_cstr(q->count)));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

static px_status write_quotes(const px_doc *d, px_buf *b)
{
    TRY(list_open(b, PX_RK_QUOTES));
    for (size_t i = 0; i < d->n_quotes; i++) {
        const px_quote *q = &d->quotes[i];
        TRY(item_open(b, i, PX_RK_CONTENT));
        TRY(span_list(b, q->content, q->n_content));
        TRY(key(b, PX_RK_CUE, 1));
        TRY(span_or_null(b, q->cue));
        TRY(key(b, PX_RK_SOURCE, 1));
        TRY(span_or_null(b, q->source));
        TRY(key(b, PX_RK_SPEAKER, 1));
        if (q->speaker >= 0 && (size_t)q->speaker < d->n_entities)
            TRY(px_buf_appendf(b, "\"e%d\"", q->speaker + 1));
        else
            TRY(px_buf_append_str(b, "null"));
        TRY(key(b, PX_RK_DIRECT, 1));
        TRY(px_buf_append_str(b, q->direct ? "true}" : "false}"));
    }
    return px_buf_append_byte(b, ']');
}

static px_status ent_ref(px_buf *b, const px_doc *d, int32_t e)
{
    if (e >= 0 && (size_t)e < d->n_entities)
        return px_buf_appendf(b, "\"e%d\"", e + 1);
    return px_buf_append_str(b, "null");
}

static px_status write_actor(const px_doc *d, px_buf *b, enum px_rec_key k, const px_event_actor *a)
{
    TRY(key(b, k, 1));
    if (!a->code.ptr && a->span.start == UINT32_MAX && a->entity < 0)
        return px_buf_append_str(b, "null");
    TRY(px_buf_append_byte(b, '{'));
    TRY(key(b, PX_RK_ENTITY, 0));
    TRY(ent_ref(b, d, a->entity));
    TRY(key_str(b, PX_RK_CODE, a->code));
    TRY(key_str(b, PX_RK_TEXT, a->text));
    TRY(key(b, PX_RK_SPAN, 1));
    TRY(span_or_null(b, a->span));
    return px_buf_append_byte(b, '}');
}

static px_status write_events(const px_doc *d, px_buf *b)
{
    TRY(list_open(b, PX_RK_EVENTS));
    for (size_t i = 0; i < d->n_events; i++) {
        const px_event *e = &d->events[i];
        TRY(item_open(b, i, PX_RK_SPAN));
        TRY(px__json_span(b, e->span.start, e->span.end));
        TRY(key(b, PX_RK_TRIGGER, 1));
        TRY(span_or_null(b, e->trigger));
        TRY(key_str(b, PX_RK_CODE, e->code));
        TRY(key_str(b, PX_RK_ROOT, e->root));
        TRY(key(b, PX_RK_QUAD, 1));
        TRY(px_buf_appendf(b, "%d", (int)e->quad));
        TRY(key(b, PX_RK_GOLDSTEIN, 1));
        TRY(number(b, e->goldstein));
        TRY(key_str(b, PX_RK_PLOVER, e->plover));
        TRY(key(b, PX_RK_NEGATED, 1));
        TRY(px_buf_append_str(b, e->negated ? "true" : "false"));
        TRY(write_actor(d, b, PX_RK_SOURCE, &e->source));
        TRY(write_actor(d, b, PX_RK_TARGET, &e->target));
        TRY(key_str(b, PX_RK_DATE, e->date));
        TRY(key_str(b, PX_RK_DATE_FROM, e->date_from));
        TRY(key(b, PX_RK_PLACE, 1));
        if (e->place_entity >= 0 && (size_t)e->place_entity < d->n_entities) {
            TRY(px_buf_append_byte(b, '{'));
            TRY(key(b, PX_RK_ENTITY, 0));
            TRY(ent_ref(b, d, e->place_entity));
            TRY(key_str(b, PX_RK_COUNTRY, e->place_country));
            if (e->place_lat == e->place_lat && e->place_lon == e->place_lon) {
                TRY(key(b, PX_RK_LAT, 1));
                TRY(number(b, e->place_lat));
                TRY(key(b, PX_RK_LON, 1));
                TRY(number(b, e->place_lon));
            }
            TRY(px_buf_append_byte(b, '}'));
        } else
            TRY(px_buf_append_str(b, "null"));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

static px_status write_labels(const px_doc *d, px_buf *b)
{
    TRY(list_open(b, PX_RK_LABELS));
    for (size_t i = 0; i < d->n_labels; i++) {
        const px_label *l = &d->labels[i];
        TRY(item_open(b, i, PX_RK_SPAN));
        TRY(px__json_span(b, l->span.start, l->span.end));
        TRY(key_str(b, PX_RK_LABEL, l->label));
        TRY(key_str(b, PX_RK_HEAD, l->head));
        TRY(key_str(b, PX_RK_CONCEPT, l->concept));
        TRY(key(b, PX_RK_ENTITY, 1));
        if (l->entity >= 0 && (size_t)l->entity < d->n_entities)
            TRY(px_buf_appendf(b, "\"e%d\"", l->entity + 1));
        else
            TRY(px_buf_append_str(b, "null"));
        TRY(key_str(b, PX_RK_KIND, l->kind));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

/* A number rounded to 4 decimals (the tone percentages and scores). */
static px_status number4(px_buf *b, double v)
{
    return number(b, isfinite(v) ? round(v * 1e4) / 1e4 : v);
}

static px_status write_tone_targets(const px_doc *d, const px_tone *t, px_buf *b)
{
    static const char *const pol[] = {"negative", "neutral", "positive"};
    TRY(list_open(b, PX_RK_TARGETS));
    for (size_t i = 0; i < t->n_targets; i++) {
        const px_tone_target *g = &t->targets[i];
        TRY(item_open(b, i, PX_RK_ENTITY));
        if (g->entity >= 0 && (size_t)g->entity < d->n_entities)
            TRY(px_buf_appendf(b, "\"e%d\"", g->entity + 1));
        else
            TRY(px_buf_append_str(b, "null"));
        TRY(key_str(b, PX_RK_CONCEPT, g->concept));
        TRY(key(b, PX_RK_POLARITY, 1));
        TRY(px_buf_appendf(b, "\"%s\"", pol[g->polarity < 0 ? 0 : g->polarity > 0 ? 2 : 1]));
        TRY(key(b, PX_RK_SCORE, 1));
        TRY(number4(b, g->score));
        TRY(spans(b, PX_RK_EVIDENCE, g->evidence, g->n_evidence));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

/* "tone": GDELT-style percentages and the targets; null when not computed. */
static px_status write_tone(const px_doc *d, px_buf *b)
{
    const px_tone *t = d->tone;
    TRY(key(b, PX_RK_TONE, 1));
    if (!t)
        return px_buf_append_str(b, "null");
    TRY(px_buf_append_byte(b, '{'));
    TRY(key(b, PX_RK_TONE, 0));
    TRY(number4(b, t->tone));
    const double v[] = {t->positive, t->negative, t->polarity, t->activity, t->self_group};
    static const enum px_rec_key k[] = {PX_RK_POSITIVE, PX_RK_NEGATIVE, PX_RK_POLARITY,
                                        PX_RK_ACTIVITY, PX_RK_SELF_GROUP};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        TRY(key(b, k[i], 1));
        TRY(number4(b, v[i]));
    }
    TRY(key(b, PX_RK_WORDS, 1));
    TRY(px_buf_appendf(b, "%u", t->words));
    TRY(write_tone_targets(d, t, b));
    return px_buf_append_byte(b, '}');
}

/* tone, labels, then the techniques ordered by span, a span's techniques best
 * first. */
static px_status write_analyses(const px_doc *d, px_buf *b)
{
    TRY(write_tone(d, b));
    TRY(write_labels(d, b));
    TRY(list_open(b, PX_RK_TECHNIQUES));
    for (size_t i = 0; i < d->n_techniques; i++) {
        const px_doc_technique *t = &d->techniques[i];
        TRY(item_open(b, i, PX_RK_SPAN));
        TRY(px__json_span(b, t->span.start, t->span.end));
        TRY(key_str(b, PX_RK_TECHNIQUE, px_slice_cstr(t->technique)));
        TRY(key(b, PX_RK_SCORE, 1));
        TRY(number(b, t->score));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

px_status px_doc_write_json(const px_doc *d, px_buf *b)
{
    if (!d || !b)
        return PX_EINVAL;
    TRY(px_buf_reserve(b, d->text.len + d->n_sents * 16 + 512));
    TRY(px_buf_append_byte(b, '{'));
    TRY(key(b, PX_RK_SCHEMA, 0));
    TRY(px_buf_append_str(b, "\"" PX_REC_SCHEMA "\""));
    TRY(key_str(b, PX_RK_ID, px_slice_cstr(d->id)));
    TRY(key(b, PX_RK_SOURCE, 1));
    TRY(px_buf_append_byte(b, '{'));
    TRY(key(b, PX_RK_PATH, 0));
    TRY(px__json_str(b, d->source_path));
    TRY(key_str(b, PX_RK_ID, d->source_id));
    TRY(key_str(b, PX_RK_URL, d->url));
    TRY(key_str(b, PX_RK_OUTLET, d->outlet));
    TRY(px_buf_append_byte(b, '}'));
    TRY(key_str(b, PX_RK_TITLE, d->title));
    TRY(key_str(b, PX_RK_AUTHOR, d->author));
    TRY(key_str(b, PX_RK_DATE, d->date));
    TRY(key_str(b, PX_RK_DATE_SOURCE, px_slice_cstr(d->date_source)));
    if (d->date_inferred.ptr)
        TRY(key_str(b, PX_RK_DATE_INFERRED, d->date_inferred));
    TRY(key_str(b, PX_RK_LANG, d->lang));
    TRY(key_str(b, PX_RK_TEXT, d->text));
    TRY(spans(b, PX_RK_PARAGRAPHS, d->paras, d->n_paras));
    TRY(spans(b, PX_RK_SENTENCES, d->sents, d->n_sents));
    TRY(write_entities(d, b));
    TRY(write_timexes(d, b));
    TRY(write_quantities(d, b));
    TRY(write_quotes(d, b));
    if (d->engine->record_syntax) {
        TRY(key(b, PX_RK_SYNTAX, 1));
        TRY(px__syntax_write_json(d, b));
    }
    TRY(write_events(d, b));
    TRY(write_analyses(d, b));
    if (d->meta.ptr) { /* the input's extra members, as the reader gave them */
        TRY(key(b, PX_RK_META, 1));
        TRY(px_buf_append(b, d->meta.ptr, d->meta.len));
    }
    return px_buf_append_byte(b, '}');
}
