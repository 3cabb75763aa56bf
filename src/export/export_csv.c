/* parallax export: tidy CSV tables (RFC 4180: fields with a comma, a double
 * quote, CR or LF are quoted, quotes doubled, lines end with CRLF, a header
 * row). One row per article, entity, mention, timex, quantity, quote, event,
 * label and technique; every table carries article_id, and items carry their
 * id within the article (entity_id "e1" as in the record; t1, c1, q1, ev1, lb1,
 * tq1 for the others), so (article_id, entity_id) joins mentions, quotes'
 * speakers, events' actors and labels to entities. Spans are byte offsets into
 * the article's text, end exclusive, with the text they cover. */
#include <math.h>
#include <string.h>

#include "export/export_impl.h"

enum { T_ART, T_ENT, T_MEN, T_TIMEX, T_COUNT, T_QUOTE, T_EVENT, T_LABEL, T_TECH };

static const char *const HEADERS[] = {
    "article_id,date,date_source,date_inferred,outlet,url,title,author,lang,source_path,"
    "source_id,story_id,duplicate_of,bytes,sentences,tone,positive,negative,polarity,"
    "activity,self_group,words,meta,text",
    "article_id,entity_id,type,name,key,actor,country,lat,lon,mentions",
    "article_id,entity_id,start,end,text",
    "article_id,timex_id,type,value,start,end,text",
    "article_id,count_id,value,high,approx,unit,object,count,start,end,text",
    "article_id,quote_id,speaker_id,speaker,direct,cue,cue_start,cue_end,source,"
    "source_start,source_end,start,end,content",
    "article_id,event_id,code,root,quad,goldstein,plover,negated,source_id,source_code,"
    "source,target_id,target_code,target,date,date_from,place_id,place_country,place_lat,"
    "place_lon,trigger,trigger_start,trigger_end,start,end,text",
    "article_id,label_id,label,head,concept,entity_id,kind,start,end,text",
    "article_id,technique_id,technique,score,start,end,text",
};

typedef struct row {
    px_buf *b;
    int first;
    px_status e;
} row;

static row row_start(px__xout *o, size_t t, const px_rec *r)
{
    row w = {&o->buf[t], 1, PX_OK};
    o->rows++;
    (void)r;
    return w;
}

static void sep(row *w)
{
    if (!w->first && !w->e)
        w->e = px_buf_append_byte(w->b, ',');
    w->first = 0;
}

/* A text field; the null slice is an empty field. */
static void f_str(row *w, px_slice s)
{
    sep(w);
    if (w->e || !s.ptr)
        return;
    int quote = 0;
    for (size_t i = 0; i < s.len && !quote; i++)
        quote = s.ptr[i] == ',' || s.ptr[i] == '"' || s.ptr[i] == '\r' || s.ptr[i] == '\n';
    if (!quote) {
        w->e = px_buf_append(w->b, s.ptr, s.len);
        return;
    }
    w->e = px_buf_append_byte(w->b, '"');
    size_t from = 0;
    for (size_t i = 0; i < s.len && !w->e; i++)
        if (s.ptr[i] == '"') {
            w->e = px_buf_append(w->b, s.ptr + from, i + 1 - from);
            from = i; /* the quote goes out twice */
        }
    if (!w->e)
        w->e = px_buf_append(w->b, s.ptr + from, s.len - from);
    if (!w->e)
        w->e = px_buf_append_byte(w->b, '"');
}

static void f_cstr(row *w, const char *s)
{
    f_str(w, s ? px_slice_cstr(s) : PX_SLICE_NULL);
}

static void f_num(row *w, double v)
{
    sep(w);
    if (!w->e)
        w->e = px__x_num(w->b, v);
}

static void f_id(row *w, const char *prefix, size_t i)
{
    sep(w);
    if (!w->e)
        w->e = px_buf_appendf(w->b, "%s%zu", prefix, i + 1);
}

/* start, end and the text of span s (three empty fields for none). */
static void f_span(row *w, const px_rec *r, px_span s, int with_text)
{
    int none = s.start == UINT32_MAX;
    f_num(w, none ? NAN : (double)s.start);
    f_num(w, none ? NAN : (double)s.end);
    if (with_text)
        f_str(w, px__rec_span_text(r, s));
}

/* The record id of entity i ("e<i+1>" when the record gave none); empty for -1. */
static void f_entity(row *w, const px_rec *r, int32_t i)
{
    if (i < 0 || (size_t)i >= r->n_entities) {
        f_str(w, PX_SLICE_NULL);
        return;
    }
    if (r->entity_ids[i].ptr)
        f_str(w, r->entity_ids[i]);
    else
        f_id(w, "e", (size_t)i);
}

static px_status row_end(row *w)
{
    return w->e ? w->e : px_buf_append(w->b, "\r\n", 2);
}

px_status px__csv_header(px__xout *o)
{
    px_status e = PX_OK;
    for (size_t t = 0; t < o->n_tables && !e; t++) {
        e = px_buf_append_str(&o->buf[t], HEADERS[t]);
        if (!e)
            e = px_buf_append(&o->buf[t], "\r\n", 2);
    }
    return e;
}

static px_status article(px__xout *o, const px_rec *r, const px__xmember *m)
{
    row w = row_start(o, T_ART, r);
    f_str(&w, r->id);
    f_str(&w, r->date);
    f_str(&w, r->date_source);
    f_str(&w, r->date_inferred);
    f_str(&w, r->outlet);
    f_str(&w, r->url);
    f_str(&w, r->title);
    f_str(&w, r->author);
    f_str(&w, r->lang);
    f_str(&w, r->source_path);
    f_str(&w, r->source_id);
    f_str(&w, m->story);
    f_str(&w, m->dup_of);
    f_num(&w, (double)r->text.len);
    f_num(&w, (double)r->n_sents);
    const px_tone *t = &r->tone;
    int h = r->has_tone;
    f_num(&w, h ? t->tone : NAN);
    f_num(&w, h ? t->positive : NAN);
    f_num(&w, h ? t->negative : NAN);
    f_num(&w, h ? t->polarity : NAN);
    f_num(&w, h ? t->activity : NAN);
    f_num(&w, h ? t->self_group : NAN);
    f_num(&w, h ? (double)t->words : NAN);
    f_str(&w, r->meta);
    f_str(&w, r->text);
    return row_end(&w);
}

static px_status entities(px__xout *o, const px_rec *r)
{
    static const char *const types[] = {"", "PER", "ORG", "LOC", "MISC"};
    px_status e = PX_OK;
    for (size_t i = 0; i < r->n_entities && !e; i++) {
        const px_entity *en = &r->entities[i];
        row w = row_start(o, T_ENT, r);
        f_str(&w, r->id);
        f_entity(&w, r, (int32_t)i);
        f_cstr(&w, en->type < 5 ? types[en->type] : NULL);
        f_str(&w, en->name);
        f_str(&w, en->key);
        f_str(&w, en->actor);
        f_str(&w, en->country);
        f_num(&w, en->lat);
        f_num(&w, en->lon);
        f_num(&w, (double)en->n_mentions);
        e = row_end(&w);
        for (uint32_t k = 0; k < en->n_mentions && !e; k++) {
            row v = row_start(o, T_MEN, r);
            f_str(&v, r->id);
            f_entity(&v, r, (int32_t)i);
            f_span(&v, r, en->mentions[k], 1);
            e = row_end(&v);
        }
    }
    return e;
}

static px_status timexes(px__xout *o, const px_rec *r)
{
    static const char *const types[] = {"", "DATE", "TIME", "DURATION", "SET"};
    px_status e = PX_OK;
    for (size_t i = 0; i < r->n_timexes && !e; i++) {
        const px_timex *t = &r->timexes[i];
        row w = row_start(o, T_TIMEX, r);
        f_str(&w, r->id);
        f_id(&w, "t", i);
        f_cstr(&w, t->type < 5 ? types[t->type] : NULL);
        f_str(&w, t->value);
        f_span(&w, r, t->span, 1);
        e = row_end(&w);
    }
    return e;
}

static px_status counts(px__xout *o, const px_rec *r)
{
    px_status e = PX_OK;
    for (size_t i = 0; i < r->n_quantities && !e; i++) {
        const px_quantity *q = &r->quantities[i];
        row w = row_start(o, T_COUNT, r);
        f_str(&w, r->id);
        f_id(&w, "c", i);
        f_num(&w, q->value);
        f_num(&w, q->high);
        f_cstr(&w, q->approx);
        f_str(&w, q->unit);
        f_str(&w, q->object);
        f_cstr(&w, q->count);
        f_span(&w, r, q->span, 1);
        e = row_end(&w);
    }
    return e;
}

/* The parts of a quote's content, joined by " … ". */
static px_status content(const px_rec *r, const px_quote *q, px_buf *tmp)
{
    px_status e = PX_OK;
    px_buf_reset(tmp);
    for (uint32_t k = 0; k < q->n_content && !e; k++) {
        if (k)
            e = px_buf_append_str(tmp, " \xe2\x80\xa6 ");
        px_slice s = px__rec_span_text(r, q->content[k]);
        if (!e && s.len)
            e = px_buf_append(tmp, s.ptr, s.len);
    }
    return e;
}

static px_status quotes(px__xout *o, const px_rec *r)
{
    px_buf tmp;
    px_buf_init(&tmp, 0);
    px_status e = PX_OK;
    for (size_t i = 0; i < r->n_quotes && !e; i++) {
        const px_quote *q = &r->quotes[i];
        row w = row_start(o, T_QUOTE, r);
        f_str(&w, r->id);
        f_id(&w, "q", i);
        f_entity(&w, r, q->speaker);
        f_str(&w, q->speaker >= 0 && (size_t)q->speaker < r->n_entities
                      ? r->entities[q->speaker].name
                      : PX_SLICE_NULL);
        f_cstr(&w, q->direct ? "true" : "false");
        f_str(&w, px__rec_span_text(r, q->cue));
        f_span(&w, r, q->cue, 0);
        f_str(&w, px__rec_span_text(r, q->source));
        f_span(&w, r, q->source, 0);
        px_span all = q->n_content
                          ? (px_span){q->content[0].start, q->content[q->n_content - 1].end}
                          : PX_SPAN_NONE;
        f_span(&w, r, all, 0);
        if (!w.e)
            w.e = content(r, q, &tmp);
        f_str(&w, q->n_content ? px_buf_slice(&tmp) : PX_SLICE_NULL);
        e = row_end(&w);
    }
    px_buf_free(&tmp);
    return e;
}

static void actor(row *w, const px_rec *r, const px_event_actor *a)
{
    f_entity(w, r, a->entity);
    f_str(w, a->code);
    f_str(w, a->text);
}

static px_status events(px__xout *o, const px_rec *r)
{
    px_status e = PX_OK;
    for (size_t i = 0; i < r->n_events && !e; i++) {
        const px_event *v = &r->events[i];
        row w = row_start(o, T_EVENT, r);
        f_str(&w, r->id);
        f_id(&w, "ev", i);
        f_str(&w, v->code);
        f_str(&w, v->root);
        f_num(&w, v->quad ? (double)v->quad : NAN);
        f_num(&w, v->goldstein);
        f_str(&w, v->plover);
        f_cstr(&w, v->negated ? "true" : "false");
        actor(&w, r, &v->source);
        actor(&w, r, &v->target);
        f_str(&w, v->date);
        f_str(&w, v->date_from);
        f_entity(&w, r, v->place_entity);
        f_str(&w, v->place_country);
        f_num(&w, v->place_lat);
        f_num(&w, v->place_lon);
        f_str(&w, px__rec_span_text(r, v->trigger));
        f_span(&w, r, v->trigger, 0);
        f_span(&w, r, v->span, 1);
        e = row_end(&w);
    }
    return e;
}

static px_status labels(px__xout *o, const px_rec *r)
{
    px_status e = PX_OK;
    for (size_t i = 0; i < r->n_labels && !e; i++) {
        const px_label *l = &r->labels[i];
        row w = row_start(o, T_LABEL, r);
        f_str(&w, r->id);
        f_id(&w, "lb", i);
        f_str(&w, l->label);
        f_str(&w, l->head);
        f_str(&w, l->concept);
        f_entity(&w, r, l->entity);
        f_str(&w, l->kind);
        f_span(&w, r, l->span, 1);
        e = row_end(&w);
    }
    return e;
}

static px_status techniques(px__xout *o, const px_rec *r)
{
    px_status e = PX_OK;
    for (size_t i = 0; i < r->n_techniques && !e; i++) {
        const px_technique *t = &r->techniques[i];
        row w = row_start(o, T_TECH, r);
        f_str(&w, r->id);
        f_id(&w, "tq", i);
        f_str(&w, t->technique);
        f_num(&w, t->score);
        f_span(&w, r, t->span, 1);
        e = row_end(&w);
    }
    return e;
}

px_status px__csv_article(px__xout *o, const px_rec *r, const px__xmember *m)
{
    px_status e = article(o, r, m);
    if (!e)
        e = entities(o, r);
    if (!e)
        e = timexes(o, r);
    if (!e)
        e = counts(o, r);
    if (!e)
        e = quotes(o, r);
    if (!e)
        e = events(o, r);
    if (!e)
        e = labels(o, r);
    if (!e)
        e = techniques(o, r);
    return e;
}
