/* The store: adding a parallax.article/1 record given as JSON (annotate output). */
#include <string.h>

#include <cjson/cJSON.h>

#include "store_impl.h"

#define RECORD_SCHEMA "parallax.article/1"

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

/* Sets *out to the string member name of o (the null slice when o is NULL or the
 * member is missing or null). Returns 0, or -1 when it holds another type. */
static int member_str(const cJSON *o, const char *name, px_slice *out)
{
    const cJSON *m = o ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
    *out = PX_SLICE_NULL;
    if (!m || cJSON_IsNull(m))
        return 0;
    if (!cJSON_IsString(m) || !m->valuestring)
        return -1;
    *out = px_slice_cstr(m->valuestring);
    return 0;
}

/* Fills the columns (except the record) from the parsed record. */
static px_status extract(px_store *s, const cJSON *root, px_slice *cols)
{
    px_slice schema;
    if (!cJSON_IsObject(root))
        return px__fail(s->errmsg, PX_EPARSE, "the record is not a JSON object");
    if (member_str(root, "schema", &schema) || !px_slice_eq(schema, PX_SLICE_LIT(RECORD_SCHEMA)))
        return px__fail(s->errmsg, PX_EPARSE, "not a " RECORD_SCHEMA " record (\"schema\")");
    if (member_str(root, "id", &cols[PX_COL_ID]) || !cols[PX_COL_ID].len)
        return px__fail(s->errmsg, PX_EPARSE, "the record has no \"id\" string");
    if (member_str(root, "text", &cols[PX_COL_TEXT]) || !cols[PX_COL_TEXT].ptr)
        return px__fail(s->errmsg, PX_EPARSE, "the record has no \"text\" string");
    static const struct {
        const char *name;
        int col;
    } top[] = {{"date", PX_COL_DATE}, {"title", PX_COL_TITLE}, {"lang", PX_COL_LANG}};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        if (member_str(root, top[i].name, &cols[top[i].col]))
            return px__fail(s->errmsg, PX_EPARSE, "\"%s\" is not a string or null", top[i].name);
    /* outlet and url live in "source"; a top-level one is taken when it is absent. */
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "source");
    if (src && !cJSON_IsObject(src) && !cJSON_IsNull(src))
        return px__fail(s->errmsg, PX_EPARSE, "\"source\" is not an object");
    if (member_str(src, "outlet", &cols[PX_COL_OUTLET]) ||
        member_str(src, "url", &cols[PX_COL_URL]))
        return px__fail(s->errmsg, PX_EPARSE, "\"source\" has a non-string outlet or url");
    if ((!cols[PX_COL_OUTLET].ptr && member_str(root, "outlet", &cols[PX_COL_OUTLET])) ||
        (!cols[PX_COL_URL].ptr && member_str(root, "url", &cols[PX_COL_URL])))
        return px__fail(s->errmsg, PX_EPARSE, "\"outlet\" or \"url\" is not a string or null");
    return PX_OK;
}

/* Parses json (trimmed, valid UTF-8) into *root, or fails with PX_EPARSE. */
static px_status parse(px_store *s, px_slice json, cJSON **root)
{
    const char *end = NULL;
    *root = cJSON_ParseWithLengthOpts((const char *)json.ptr, json.len, &end, 0);
    size_t at = end ? (size_t)(end - (const char *)json.ptr) : 0;
    if (!*root)
        return px__fail(s->errmsg, PX_EPARSE, "not valid JSON (at byte %zu)", at);
    if (at < json.len) {
        cJSON_Delete(*root);
        *root = NULL;
        return px__fail(s->errmsg, PX_EPARSE, "data after the JSON object (at byte %zu)", at);
    }
    return PX_OK;
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
    cJSON *root;
    px_status st = parse(s, json, &root);
    if (st)
        return st;
    px_slice cols[PX_COL__COUNT] = {{0}};
    char *oneline = NULL;
    st = extract(s, root, cols);
    if (st == PX_OK && memchr(json.ptr, '\n', json.len)) {
        /* Stored records are one line each (show prints them as JSON Lines). */
        oneline = cJSON_PrintUnformatted(root);
        if (!oneline)
            st = px__fail(s->errmsg, PX_ENOMEM, "out of memory");
        json = px_slice_cstr(oneline);
    }
    cols[PX_COL_RECORD] = json;
    if (st == PX_OK)
        st = px__store_put_row(s, cols, replaced);
    cJSON_free(oneline);
    cJSON_Delete(root);
    return st;
}
