/* The public face of technique classification on given spans
 * (include/parallax/techniques.h): one JSON Lines input line in, one out. */
#include <cjson/cJSON.h>
#include <string.h>

#include "annotate/annotate.h"
#include "annotate/technique/technique.h"
#include "parallax/techniques.h"

#define MAX_SPANS 100000 /* per line */

struct px_techniques {
    px_engine *e;
    px_tec_model *m;
};

px_status px_techniques_new(px_techniques **out, const char *data_dir, char *errmsg)
{
    if (!out)
        return PX_EINVAL;
    *out = NULL;
    px_techniques *t = px__calloc(1, sizeof *t);
    if (!t)
        return px__fail(errmsg, PX_ENOMEM, "out of memory");
    px_status st = px__tec_engine(&t->e, data_dir, errmsg);
    if (!st)
        st = px__tec_model_load_default(t->e->data_dir, &t->m, errmsg);
    if (!st)
        st = px__syntax_engine(t->e, errmsg);
    if (st) {
        px_techniques_free(t);
        return st;
    }
    *out = t;
    return PX_OK;
}

void px_techniques_free(px_techniques *t)
{
    if (!t)
        return;
    px__tec_model_free(t->m);
    px_engine_free(t->e);
    px__free(t);
}

/* An offset: a whole number in [0, UINT32_MAX]. */
static int offset(const cJSON *v, uint32_t *out)
{
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > 4294967295.0 ||
        v->valuedouble != (double)(uint32_t)v->valuedouble)
        return 0;
    *out = (uint32_t)v->valuedouble;
    return 1;
}

static int inside_char(px_slice text, uint32_t o)
{
    return o < text.len && (text.ptr[o] & 0xC0) == 0x80;
}

/* Checks the spans and fills sp; PX_EPARSE with a message on the first bad
 * one. */
static px_status read_spans(const cJSON *arr, px_slice text, px_span *sp, char *errmsg)
{
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        uint32_t s, e;
        if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2 ||
            !offset(cJSON_GetArrayItem(it, 0), &s) || !offset(cJSON_GetArrayItem(it, 1), &e))
            return px__fail(errmsg, PX_EPARSE,
                            "span %zu is not a pair of byte offsets [start, end]", i + 1);
        if (s >= e || e > text.len)
            return px__fail(errmsg, PX_EPARSE,
                            "span %zu [%u, %u] is outside the text (%zu bytes) or empty", i + 1, s,
                            e, text.len);
        if (inside_char(text, s) || inside_char(text, e))
            return px__fail(errmsg, PX_EPARSE,
                            "span %zu [%u, %u]: byte offset %u is inside a UTF-8 character", i + 1,
                            s, e, inside_char(text, s) ? s : e);
        sp[i++] = (px_span){s, e};
    }
    return PX_OK;
}

static px_status write_id(px_buf *out, const cJSON *id)
{
    if (cJSON_IsString(id))
        return px__json_str(out, px_slice_cstr(id->valuestring));
    /* The range first: converting a double beyond long long is undefined. */
    if (cJSON_IsNumber(id) && id->valuedouble > -1e15 && id->valuedouble < 1e15 &&
        id->valuedouble == (double)(long long)id->valuedouble)
        return px_buf_appendf(out, "%lld", (long long)id->valuedouble);
    return px_buf_append_str(out, "null");
}

static px_status classify(px_techniques *t,
                          px_slice text,
                          const cJSON *id,
                          const px_span *sp,
                          size_t n,
                          px_buf *out,
                          char *errmsg)
{
    px_doc *d = NULL;
    int *cls = px__malloc((n + 1) * sizeof *cls);
    float *score = px__malloc((n + 1) * sizeof *score);
    px_status st = cls && score ? PX_OK : PX_ENOMEM;
    if (!st)
        st = px__tec_doc_new(t->e, text, &d);
    if (!st)
        st = px__doc_syntax(d);
    px_tec_ctx c;
    if (!st)
        st = px__tec_ctx(d, t->m, &t->m->lex, &c);
    if (!st)
        st = px__tec_label_spans(t->m, &c, sp, n, cls, score);
    size_t mark = out->len;
    if (!st)
        st = px_buf_append_str(out, "{\"id\":");
    if (!st)
        st = write_id(out, id);
    if (!st)
        st = px_buf_append_str(out, ",\"spans\":[");
    for (size_t i = 0; !st && i < n; i++) {
        st = px_buf_appendf(out, "%s{\"span\":[%u,%u],\"technique\":", i ? "," : "", sp[i].start,
                            sp[i].end);
        if (!st)
            st = px__json_str(out, t->m->names[cls[i]]);
        if (!st)
            st = px_buf_appendf(out, ",\"score\":%.3f}", (double)score[i]);
    }
    if (!st)
        st = px_buf_append_str(out, "]}\n");
    if (st) {
        out->len = mark;
        px__fail(errmsg, st, "%s", px_strerror(st));
    }
    px_doc_free(d);
    px__free(cls);
    px__free(score);
    return st;
}

px_status
px_techniques_line(px_techniques *t, const uint8_t *line, size_t len, px_buf *out, char *errmsg)
{
    if (!t || !out || (!line && len))
        return PX_EINVAL;
    cJSON *j = cJSON_ParseWithLength((const char *)line, len);
    if (!j) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= (const char *)line && at <= (const char *)line + len
                         ? (size_t)(at - (const char *)line)
                         : 0;
        return px__fail(errmsg, PX_EPARSE, "not JSON (byte %zu)", off);
    }
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
    const cJSON *spans = cJSON_GetObjectItemCaseSensitive(j, "spans");
    px_status st = PX_OK;
    px_slice tx = PX_SLICE_NULL;
    size_t n = 0;
    if (!cJSON_IsObject(j) || !cJSON_IsString(text) || !cJSON_IsArray(spans))
        st = px__fail(errmsg, PX_EPARSE,
                      "not an object with a \"text\" string and a \"spans\" array");
    if (!st) {
        tx = px_slice_cstr(text->valuestring);
        size_t ok = px__utf8_valid_prefix(tx.ptr, tx.len);
        if (ok != tx.len)
            st = px__fail(errmsg, PX_EPARSE, "text is not valid UTF-8 at byte %zu", ok);
    }
    if (!st && (n = (size_t)cJSON_GetArraySize(spans)) > MAX_SPANS)
        st = px__fail(errmsg, PX_EPARSE, "more than %d spans", MAX_SPANS);
    px_span *sp = st ? NULL : px__malloc((n + 1) * sizeof *sp);
    if (!st && !sp)
        st = px__fail(errmsg, PX_ENOMEM, "out of memory");
    if (!st)
        st = read_spans(spans, tx, sp, errmsg);
    if (!st)
        st = classify(t, tx, cJSON_GetObjectItemCaseSensitive(j, "id"), sp, n, out, errmsg);
    px__free(sp);
    cJSON_Delete(j);
    return st;
}
