/* JSON Lines input: one article per line, fields per SCHEMA.md "Input records"
 * (id, text or html, title, date, url, outlet, author). A parallax.article/1
 * record (annotate's own output) is read back too: its source object supplies
 * the outlet, url and input id. Lines are streamed: memory holds one line. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "ingest/ingest.h"
#include "ingest/reader.h"

void px__reader_jsonl_clear(px_reader *r)
{
    cJSON_Delete(r->json);
    r->json = NULL;
    cJSON_free(r->meta);
    r->meta = NULL;
}

/* The members of an input record that parallax does not read, as one compact
 * JSON object (the "meta" of a parallax record read back); NULL when none. */
static char *extra_members(cJSON *o, int is_record)
{
    static const char *const known[] = {"id",  "text",   "html",   "title", "date",
                                        "url", "outlet", "author", "meta"};
    if (is_record) {
        cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "meta");
        return cJSON_IsObject(m) ? cJSON_PrintUnformatted(m) : NULL;
    }
    cJSON *extra = NULL, *it;
    cJSON *given = cJSON_GetObjectItemCaseSensitive(o, "meta");
    cJSON_ArrayForEach(it, o)
    {
        int skip = !it->string;
        for (size_t k = 0; k < sizeof known / sizeof *known && !skip; k++)
            skip = !strcmp(it->string, known[k]);
        if (skip)
            continue;
        if (!extra &&
            !(extra = cJSON_IsObject(given) ? cJSON_Duplicate(given, 1) : cJSON_CreateObject()))
            return NULL;
        cJSON *copy = cJSON_Duplicate(it, 1);
        if (!copy || !cJSON_AddItemToObject(extra, it->string, copy)) {
            cJSON_Delete(copy);
            cJSON_Delete(extra);
            return NULL;
        }
    }
    if (!extra && cJSON_IsObject(given)) /* a "meta" object given as such */
        return cJSON_PrintUnformatted(given);
    char *s = extra ? cJSON_PrintUnformatted(extra) : NULL;
    cJSON_Delete(extra);
    return s;
}

/* Finds the next line in r->data; sets *line (without "\n") and *off. Returns
 * *got = 0 at the end of input. Lines over max_bytes are reported and skipped. */
static px_status next_line(px_reader *r, px_slice *line, unsigned long long *off, int *got)
{
    *got = 0;
    int skipping = 0;
    for (;;) {
        const uint8_t *p = r->data.ptr + r->pos;
        size_t avail = r->data.len - r->pos;
        const uint8_t *nl = avail ? memchr(p, '\n', avail) : NULL;
        if (nl || (r->in_eof && avail)) {
            size_t len = nl ? (size_t)(nl - p) : avail;
            unsigned long long at = r->data_off + r->pos;
            r->pos += nl ? len + 1 : len;
            r->lineno++;
            if (skipping) {
                skipping = 0;
                continue;
            }
            if (len > r->opt.max_bytes) {
                px__reader_diag(r, (long long)at, PX_ETOOBIG, 1,
                                "line %lld: record larger than the limit of %zu bytes "
                                "(--max-bytes): skipped",
                                r->lineno, r->opt.max_bytes);
                continue;
            }
            if (len && p[len - 1] == '\r')
                len--;
            *line = (px_slice){p, len};
            *off = at;
            *got = 1;
            return PX_OK;
        }
        if (r->in_eof)
            return PX_OK;
        /* Compact, then read more. */
        if (r->pos) {
            memmove(r->data.ptr, r->data.ptr + r->pos, avail);
            r->data.len = avail;
            r->data_off += r->pos;
            r->pos = 0;
        }
        if (r->data.len > r->opt.max_bytes) {
            if (!skipping)
                px__reader_diag(r, (long long)r->data_off, PX_ETOOBIG, 1,
                                "line %lld: record larger than the limit of %zu bytes "
                                "(--max-bytes): skipped",
                                r->lineno + 1, r->opt.max_bytes);
            skipping = 1;
            r->data_off += r->data.len;
            r->data.len = 0;
        }
        int eof;
        px_status st = px__reader_fill(r, 1 << 16, &eof);
        if (st)
            return st == PX_ENOMEM ? st : (r->in_eof = 1, PX_OK);
        r->in_eof = eof;
    }
}

static px_slice str_field(cJSON *o, const char *name)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (cJSON_IsString(v) && v->valuestring)
        return px_slice_cstr(v->valuestring);
    return PX_SLICE_NULL;
}

static int is_blank_line(px_slice s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] != ' ' && s.ptr[i] != '\t')
            return 0;
    return 1;
}

/* Fills a from the parsed object; returns 0 (with a diagnostic) to skip it,
 * -1 when memory ran out. */
static int take_fields(px_reader *r, cJSON *o, px_article *a, unsigned long long off)
{
    memset(a, 0, sizeof(*a));
    a->text = str_field(o, "text");
    a->title = str_field(o, "title");
    a->url = str_field(o, "url");
    a->outlet = str_field(o, "outlet");
    a->author = str_field(o, "author");
    cJSON *src = cJSON_GetObjectItemCaseSensitive(o, "source");
    cJSON *schema = cJSON_GetObjectItemCaseSensitive(o, "schema");
    int is_record =
        cJSON_IsString(schema) && strncmp(schema->valuestring, "parallax.article/", 17) == 0;
    cJSON *id = cJSON_GetObjectItemCaseSensitive(is_record && cJSON_IsObject(src) ? src : o, "id");
    if (cJSON_IsString(id))
        a->source_id = px_slice_cstr(id->valuestring);
    else if (cJSON_IsNumber(id)) {
        snprintf(r->idbuf, sizeof r->idbuf, "%.17g", id->valuedouble);
        a->source_id = px_slice_cstr(r->idbuf);
    }
    if (is_record && cJSON_IsObject(src)) {
        a->url = str_field(src, "url");
        a->outlet = str_field(src, "outlet");
    }
    cJSON_free(r->meta);
    if ((r->meta = extra_members(o, is_record)))
        a->meta = px_slice_cstr(r->meta);
    px_slice date = str_field(o, "date");
    if (date.ptr) {
        if (px__parse_date(date, &a->date))
            a->date_source = "header";
        else
            px__reader_diag(r, (long long)off, PX_EPARSE, 0,
                            "line %lld: \"date\" is not a date (YYYY-MM-DD): ignored", r->lineno);
    }
    if (!a->date_source)
        a->date_source = "none";
    px_slice html = str_field(o, "html");
    if (!a->text.ptr && html.ptr) {
        px_article x;
        int ok = 0;
        px_status st =
            px__reader_html_article(r, html, PX_SLICE_NULL, a->url, (long long)off, &x, &ok);
        if (st)
            return -1;
        if (!ok)
            return 0;
        a->text = x.text;
        if (!a->title.ptr)
            a->title = x.title;
        if (!a->author.ptr)
            a->author = x.author;
        if (!a->outlet.ptr)
            a->outlet = x.outlet;
        if (!a->url.ptr)
            a->url = x.url;
        if (!a->date.ptr && x.date.ptr) {
            a->date = x.date;
            a->date_source = x.date_source;
        }
    }
    if (!a->text.ptr) {
        px__reader_diag(r, (long long)off, PX_EPARSE, 1, "line %lld: no \"text\" string: skipped",
                        r->lineno);
        return 0;
    }
    if (is_blank_line(a->text)) {
        px__reader_diag(r, (long long)off, PX_EEMPTY, 1, "line %lld: empty \"text\": skipped",
                        r->lineno);
        return 0;
    }
    if (!a->outlet.ptr)
        a->outlet = px__url_host(a->url);
    a->source_path = px_slice_cstr(r->cur_path);
    return 1;
}

px_status px__reader_jsonl_next(px_reader *r, px_article *a, int *got)
{
    px__reader_jsonl_clear(r);
    for (;;) {
        px_slice line = PX_SLICE_NULL;
        unsigned long long off = 0;
        px_status st;
        *got = 0;
        if (r->jrest.len) { /* the next value on the line of the last one */
            px_buf t = r->body;
            r->body = r->jrest;
            r->jrest = t;
            r->jrest.len = 0;
            off = r->jrest_off;
            line = px_buf_slice(&r->body);
        } else {
            if ((st = next_line(r, &line, &off, got)) || !*got)
                return st;
            *got = 0;
            if (is_blank_line(line))
                continue;
            if ((st = px__reader_repair(r, line, off)))
                return st;
        }
        const char *end = NULL, *body = (const char *)r->body.ptr;
        cJSON *o = cJSON_ParseWithLengthOpts(body, r->body.len, &end, 0);
        if (!cJSON_IsObject(o)) {
            size_t at = end && o == NULL ? (size_t)(end - body) : 0;
            px__reader_diag(r, (long long)(off + (at < line.len ? at : 0)), PX_EPARSE, 1,
                            "line %lld: %s: skipped", r->lineno,
                            o ? "not a JSON object" : "malformed JSON");
            cJSON_Delete(o);
            continue;
        }
        /* What follows the object on its line: another object is read next
         * (several values on one line), anything else is reported. */
        size_t at = end ? (size_t)(end - body) : r->body.len;
        while (at < r->body.len && strchr(" \t\r", body[at]))
            at++;
        if (at < r->body.len && body[at] == '{') {
            if ((st = px_buf_append(&r->jrest, body + at, r->body.len - at))) {
                cJSON_Delete(o);
                return st;
            }
            r->jrest_off = off + at;
        } else if (at < r->body.len) {
            px__reader_diag(r, (long long)(off + at), PX_EPARSE, 1,
                            "line %lld: text after the JSON object (%zu bytes): ignored", r->lineno,
                            r->body.len - at);
        }
        r->json = o;
        r->art_off = (long long)off;
        int took = take_fields(r, o, a, off);
        if (took <= 0) {
            px__reader_jsonl_clear(r);
            if (took < 0)
                return PX_ENOMEM;
            continue;
        }
        *got = 1;
        return PX_OK;
    }
}
