/* Writing the parallax.article/1 record (SCHEMA.md). Analyses that do not
 * exist yet are written as empty arrays (tone as null): never invented data. */
#include <math.h>

#include "internal.h"
#include "syntax/syntax.h"

#define TRY(x)                                                                                     \
    do {                                                                                           \
        px_status st_ = (x);                                                                       \
        if (st_)                                                                                   \
            return st_;                                                                            \
    } while (0)

static px_status key_str(px_buf *b, const char *key, px_slice v)
{
    TRY(px_buf_append_str(b, key));
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

static px_status spans(px_buf *b, const char *key, const px_span *s, size_t n)
{
    TRY(px_buf_append_str(b, key));
    return span_list(b, s, n);
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
    TRY(px_buf_append_str(b, ",\"entities\":["));
    for (size_t i = 0; i < d->n_entities; i++) {
        const px_entity *e = &d->entities[i];
        TRY(px_buf_appendf(b, "%s{\"id\":\"e%zu\",\"type\":\"%s\"", i ? "," : "", i + 1,
                           types[e->type < 5 ? e->type : 0]));
        TRY(key_str(b, ",\"name\":", e->name));
        TRY(key_str(b, ",\"key\":", e->key));
        TRY(key_str(b, ",\"actor\":", e->actor));
        if (e->country.ptr)
            TRY(key_str(b, ",\"country\":", e->country));
        if (e->lat == e->lat && e->lon == e->lon) {
            TRY(px_buf_append_str(b, ",\"lat\":"));
            TRY(number(b, e->lat));
            TRY(px_buf_append_str(b, ",\"lon\":"));
            TRY(number(b, e->lon));
        }
        TRY(px_buf_append_str(b, ",\"mentions\":"));
        TRY(span_list(b, e->mentions, e->n_mentions));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

static px_status write_timexes(const px_doc *d, px_buf *b)
{
    static const char *const types[] = {"DATE", "DATE", "TIME", "DURATION", "SET"};
    TRY(px_buf_append_str(b, ",\"timexes\":["));
    for (size_t i = 0; i < d->n_timexes; i++) {
        const px_timex *t = &d->timexes[i];
        TRY(px_buf_append_str(b, i ? ",{\"span\":" : "{\"span\":"));
        TRY(px__json_span(b, t->span.start, t->span.end));
        TRY(key_str(
            b, ",\"text\":", (px_slice){d->text.ptr + t->span.start, t->span.end - t->span.start}));
        TRY(px_buf_appendf(b, ",\"type\":\"%s\"", types[t->type < 5 ? t->type : 0]));
        TRY(key_str(b, ",\"value\":", t->value));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

static px_status write_quantities(const px_doc *d, px_buf *b)
{
    TRY(px_buf_append_str(b, ",\"quantities\":["));
    for (size_t i = 0; i < d->n_quantities; i++) {
        const px_quantity *q = &d->quantities[i];
        TRY(px_buf_append_str(b, i ? ",{\"span\":" : "{\"span\":"));
        TRY(px__json_span(b, q->span.start, q->span.end));
        TRY(key_str(
            b, ",\"text\":", (px_slice){d->text.ptr + q->span.start, q->span.end - q->span.start}));
        TRY(px_buf_append_str(b, ",\"value\":"));
        TRY(number(b, q->value));
        TRY(px_buf_append_str(b, ",\"high\":"));
        TRY(number(b, q->high));
        TRY(key_str(b, ",\"approx\":", px_slice_cstr(q->approx ? q->approx : "exact")));
        TRY(key_str(b, ",\"unit\":", q->unit));
        TRY(key_str(b, ",\"object\":", q->object));
        TRY(key_str(b, ",\"count\":", px_slice_cstr(q->count)));
        TRY(px_buf_append_byte(b, '}'));
    }
    return px_buf_append_byte(b, ']');
}

static px_status write_quotes(const px_doc *d, px_buf *b)
{
    TRY(px_buf_append_str(b, ",\"quotes\":["));
    for (size_t i = 0; i < d->n_quotes; i++) {
        const px_quote *q = &d->quotes[i];
        TRY(px_buf_append_str(b, i ? ",{\"content\":" : "{\"content\":"));
        TRY(span_list(b, q->content, q->n_content));
        TRY(px_buf_append_str(b, ",\"cue\":"));
        TRY(span_or_null(b, q->cue));
        TRY(px_buf_append_str(b, ",\"source\":"));
        TRY(span_or_null(b, q->source));
        if (q->speaker >= 0 && (size_t)q->speaker < d->n_entities)
            TRY(px_buf_appendf(b, ",\"speaker\":\"e%d\"", q->speaker + 1));
        else
            TRY(px_buf_append_str(b, ",\"speaker\":null"));
        TRY(px_buf_append_str(b, q->direct ? ",\"direct\":true}" : ",\"direct\":false}"));
    }
    return px_buf_append_byte(b, ']');
}

px_status px_doc_write_json(const px_doc *d, px_buf *b)
{
    if (!d || !b)
        return PX_EINVAL;
    TRY(px_buf_reserve(b, d->text.len + d->n_sents * 16 + 512));
    TRY(px_buf_append_str(b, "{\"schema\":\"parallax.article/1\",\"id\":\""));
    TRY(px_buf_append_str(b, d->id));
    TRY(key_str(b, "\",\"source\":{\"path\":", d->source_path));
    TRY(key_str(b, ",\"id\":", d->source_id));
    TRY(key_str(b, ",\"url\":", d->url));
    TRY(key_str(b, ",\"outlet\":", d->outlet));
    TRY(key_str(b, "},\"title\":", d->title));
    TRY(key_str(b, ",\"author\":", d->author));
    TRY(key_str(b, ",\"date\":", d->date));
    TRY(key_str(b, ",\"date_source\":", px_slice_cstr(d->date_source)));
    if (d->date_inferred.ptr)
        TRY(key_str(b, ",\"date_inferred\":", d->date_inferred));
    TRY(key_str(b, ",\"lang\":", d->lang));
    TRY(key_str(b, ",\"text\":", d->text));
    TRY(spans(b, ",\"paragraphs\":", d->paras, d->n_paras));
    TRY(spans(b, ",\"sentences\":", d->sents, d->n_sents));
    TRY(write_entities(d, b));
    TRY(write_timexes(d, b));
    TRY(write_quantities(d, b));
    TRY(write_quotes(d, b));
    if (d->engine->record_syntax) {
        TRY(px_buf_append_str(b, ",\"syntax\":"));
        TRY(px__syntax_write_json(d, b));
    }
    return px_buf_append_str(b, ",\"events\":[],\"tone\":null,\"labels\":[],\"techniques\":[]}");
}
