/* Writing the parallax.article/1 record (SCHEMA.md). Analyses that do not
 * exist yet are written as empty arrays (tone as null): never invented data. */
#include "internal.h"

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

static px_status spans(px_buf *b, const char *key, const px_span *s, size_t n)
{
    TRY(px_buf_append_str(b, key));
    TRY(px_buf_append_byte(b, '['));
    for (size_t i = 0; i < n; i++) {
        if (i)
            TRY(px_buf_append_byte(b, ','));
        TRY(px__json_span(b, s[i].start, s[i].end));
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
    TRY(key_str(b, ",\"lang\":", d->lang));
    TRY(key_str(b, ",\"text\":", d->text));
    TRY(spans(b, ",\"paragraphs\":", d->paras, d->n_paras));
    TRY(spans(b, ",\"sentences\":", d->sents, d->n_sents));
    return px_buf_append_str(b, ",\"entities\":[],\"timexes\":[],\"quantities\":[],\"quotes\":[],"
                                "\"events\":[],\"tone\":null,\"labels\":[],\"techniques\":[]}");
}
