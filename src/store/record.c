/* The store: adding a parallax.article/1 record given as JSON (annotate output).
 * The record is read with the record module's reader (header only) and stored
 * as given, on one line. */
#include <string.h>

#include "record/record.h"
#include "store_impl.h"

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static px_slice trim(px_slice s)
{
    while (s.len && is_space(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && is_space(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

px_status px_store_put_record(px_store *s, px_slice json, int *replaced)
{
    if (replaced)
        *replaced = 0;
    if (!s || (!json.ptr && json.len))
        return s ? px__fail(s->errmsg, PX_EINVAL, "px_store_put_record: NULL record") : PX_EINVAL;
    json = trim(json);
    if (!json.len)
        return px__fail(s->errmsg, PX_EPARSE, "empty record");
    size_t valid = px__utf8_valid_prefix(json.ptr, json.len);
    if (valid < json.len)
        return px__fail(s->errmsg, PX_EPARSE, "invalid UTF-8 at byte %zu", valid);
    if (!s->rec_arena && !(s->rec_arena = px__arena_new(1 << 16, 0)))
        return px__fail(s->errmsg, PX_ENOMEM, "out of memory");
    px__arena_reset(s->rec_arena);
    px_rec r;
    px_status st = px__rec_parse_head(json, s->rec_arena, &r, s->errmsg);
    if (st)
        return st;
    if (memchr(json.ptr, '\n', json.len)) {
        /* Stored records are one line each (show prints them as JSON Lines). */
        s->rec.len = 0;
        if (px__json_compact(json, &s->rec))
            return px__fail(s->errmsg, PX_ENOMEM, "out of memory");
        json = px_buf_slice(&s->rec);
    }
    px_slice cols[PX_COL__COUNT] = {{0}};
    cols[PX_COL_ID] = r.id;
    cols[PX_COL_DATE] = r.date;
    cols[PX_COL_OUTLET] = r.outlet;
    cols[PX_COL_TITLE] = r.title;
    cols[PX_COL_URL] = r.url;
    cols[PX_COL_LANG] = r.lang;
    cols[PX_COL_TEXT] = r.text;
    cols[PX_COL_RECORD] = json;
    return px__store_put_row(s, cols, replaced);
}
