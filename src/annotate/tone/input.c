/* Parsing the JSON Lines input of `parallax tone` (input.h). */
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "annotate/tone/input.h"

/* A byte offset into text: a whole number in [0, len] that fits 32 bits (the
 * range is checked before the conversion, which is undefined out of range). */
static int offset(const cJSON *v, size_t len, uint32_t *out)
{
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > (double)len ||
        v->valuedouble > (double)UINT32_MAX || v->valuedouble != (double)(uint32_t)v->valuedouble)
        return 0;
    *out = (uint32_t)v->valuedouble;
    return 1;
}

static int cont_byte(px_slice t, uint32_t at)
{
    return at < t.len && (t.ptr[at] & 0xC0) == 0x80;
}

/* A span [s, e] of text; returns NULL or why it is bad. */
static const char *span_of(const cJSON *v, px_slice text, px_span *out)
{
    uint32_t s, e;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2)
        return "is not [start, end]";
    if (!offset(cJSON_GetArrayItem(v, 0), (size_t)-1, &s) ||
        !offset(cJSON_GetArrayItem(v, 1), (size_t)-1, &e))
        return "has an offset that is not a whole number";
    if (s >= e)
        return "is empty or reversed";
    if (e > text.len)
        return "ends outside the text";
    if (cont_byte(text, s) || cont_byte(text, e))
        return "splits a UTF-8 character";
    *out = (px_span){s, e};
    return NULL;
}

static int8_t gold_of(const cJSON *p)
{
    if (!cJSON_IsString(p))
        return PX_TONE_NOGOLD;
    if (!strcmp(p->valuestring, "negative"))
        return PX_POL_NEGATIVE;
    if (!strcmp(p->valuestring, "neutral"))
        return PX_POL_NEUTRAL;
    if (!strcmp(p->valuestring, "positive"))
        return PX_POL_POSITIVE;
    return PX_TONE_NOGOLD;
}

static px_status target(const cJSON *it, size_t i, px_arena *a, px_tone_input *in, char *errmsg)
{
    px_tone_in_target *t = &in->targets[i];
    memset(t, 0, sizeof *t);
    if (!cJSON_IsObject(it))
        return px__fail(errmsg, PX_EPARSE, "target %zu is not an object", i + 1);
    const char *why = span_of(cJSON_GetObjectItemCaseSensitive(it, "span"), in->text, &t->span);
    if (why)
        return px__fail(errmsg, PX_EPARSE, "target %zu: \"span\" %s", i + 1, why);
    t->gold = gold_of(cJSON_GetObjectItemCaseSensitive(it, "polarity"));
    const cJSON *also = cJSON_GetObjectItemCaseSensitive(it, "also"), *m;
    if (also && !cJSON_IsArray(also) && !cJSON_IsNull(also))
        return px__fail(errmsg, PX_EPARSE, "target %zu: \"also\" is not a list of spans", i + 1);
    size_t n = cJSON_IsArray(also) ? (size_t)cJSON_GetArraySize(also) : 0;
    if (n && !(t->also = PX_ARENA_NEW(a, px_span, n)))
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    const cJSON *alist = cJSON_IsArray(also) ? also : NULL;
    cJSON_ArrayForEach(m, alist)
    {
        if ((why = span_of(m, in->text, &t->also[t->n_also])))
            return px__fail(errmsg, PX_EPARSE, "target %zu: an \"also\" span %s", i + 1, why);
        t->n_also++;
    }
    return PX_OK;
}

static px_status parse(const cJSON *root, px_arena *a, px_tone_input *in, char *errmsg)
{
    if (!cJSON_IsObject(root))
        return px__fail(errmsg, PX_EPARSE, "not a JSON object");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    in->id_json = PX_SLICE_LIT("null");
    if (cJSON_IsString(id) || cJSON_IsNumber(id)) {
        char *p = cJSON_PrintUnformatted(id);
        if (!p)
            return px__fail(errmsg, PX_ENOMEM, "out of memory");
        in->id_json = px__arena_dup(a, px_slice_cstr(p));
        cJSON_free(p);
        if (!in->id_json.ptr)
            return px__fail(errmsg, PX_ENOMEM, "out of memory");
    } else if (id && !cJSON_IsNull(id)) {
        return px__fail(errmsg, PX_EPARSE, "\"id\" is not a string or a number");
    }
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
    if (!cJSON_IsString(text) || !text->valuestring)
        return px__fail(errmsg, PX_EPARSE, "no \"text\" string");
    px_slice t = px_slice_cstr(text->valuestring);
    size_t ok = px__utf8_valid_prefix(t.ptr, t.len);
    if (ok != t.len)
        return px__fail(errmsg, PX_EPARSE, "\"text\" is not valid UTF-8 (byte %zu)", ok);
    if (t.len >= UINT32_MAX)
        return px__fail(errmsg, PX_EPARSE, "\"text\" is too long");
    if (!(in->text = px__arena_dup(a, t)).ptr)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    const cJSON *tg = cJSON_GetObjectItemCaseSensitive(root, "targets"), *it;
    if (tg && !cJSON_IsArray(tg) && !cJSON_IsNull(tg))
        return px__fail(errmsg, PX_EPARSE, "\"targets\" is not a list");
    size_t n = cJSON_IsArray(tg) ? (size_t)cJSON_GetArraySize(tg) : 0;
    if (n && !(in->targets = PX_ARENA_NEW(a, px_tone_in_target, n)))
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    size_t i = 0;
    const cJSON *tlist = cJSON_IsArray(tg) ? tg : NULL;
    cJSON_ArrayForEach(it, tlist)
    {
        px_status st = target(it, i, a, in, errmsg);
        if (st)
            return st;
        in->n_targets = ++i;
    }
    return PX_OK;
}

px_status px__tone_input_parse(px_slice line, px_arena *a, px_tone_input *in, char *errmsg)
{
    memset(in, 0, sizeof *in);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts((const char *)line.ptr, line.len, &end, 0);
    if (!root) {
        size_t at = end ? (size_t)(end - (const char *)line.ptr) : 0;
        return px__fail(errmsg, PX_EPARSE, "not valid JSON (at byte %zu)", at);
    }
    px_status st = parse(root, a, in, errmsg);
    cJSON_Delete(root);
    return st;
}
