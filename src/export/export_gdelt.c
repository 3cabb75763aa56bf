/* parallax export: GDELT Global Knowledge Graph 2.1 rows (27 tab-separated
 * columns, one row per article) and GDELT Events 2.0 rows (61 columns, one row
 * per coded event), column for column as the GDELT codebooks lay them out,
 * filled where the record has the data and empty elsewhere. Where parallax
 * differs from GDELT (ids, byte offsets, ISO country codes) the man page says
 * so. Text inside a field has the field's delimiters, tabs and line breaks
 * replaced by spaces, so that every row keeps its column count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/export_impl.h"

static const char *const GKG_COLUMNS[] = {"GKGRECORDID",
                                          "DATE",
                                          "SourceCollectionIdentifier",
                                          "SourceCommonName",
                                          "DocumentIdentifier",
                                          "Counts",
                                          "V2Counts",
                                          "Themes",
                                          "V2Themes",
                                          "Locations",
                                          "V2Locations",
                                          "Persons",
                                          "V2Persons",
                                          "Organizations",
                                          "V2Organizations",
                                          "V2Tone",
                                          "Dates",
                                          "GCAM",
                                          "SharingImage",
                                          "RelatedImages",
                                          "SocialImageEmbeds",
                                          "SocialVideoEmbeds",
                                          "Quotations",
                                          "AllNames",
                                          "Amounts",
                                          "TranslationInfo",
                                          "Extras"};

static const char *const EVENT_COLUMNS[] = {
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    /* Actor1 and Actor2: the same ten columns each (see actor_cols). */
    NULL, NULL, "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    /* Actor1Geo, Actor2Geo, ActionGeo: eight columns each. */
    NULL, NULL, NULL, "DATEADDED", "SOURCEURL"};

static const char *const ACTOR_COLS[] = {
    "Code",          "Name",          "CountryCode", "KnownGroupCode", "EthnicCode",
    "Religion1Code", "Religion2Code", "Type1Code",   "Type2Code",      "Type3Code"};
static const char *const GEO_COLS[] = {"Type",     "FullName", "CountryCode", "ADM1Code",
                                       "ADM2Code", "Lat",      "Long",        "FeatureID"};

#define GKG_FORBID   ";#,|" /* delimiters of the GKG's nested lists */
#define QUOTE_FORBID "#|"   /* Quotations: blocks split on #, fields on | */
#define LINE_FORBID  ""     /* whole columns: tabs and line breaks only */

/* Appends s with every byte of forbid, tab, CR and LF as a space. */
static px_status clean(px_buf *b, px_slice s, const char *forbid)
{
    px_status e = PX_OK;
    size_t from = 0;
    for (size_t i = 0; i < s.len && !e; i++) {
        uint8_t c = s.ptr[i];
        if (c == '\t' || c == '\r' || c == '\n' || (c && strchr(forbid, c))) {
            e = px_buf_append(b, s.ptr + from, i - from);
            if (!e)
                e = px_buf_append_byte(b, ' ');
            from = i + 1;
        }
    }
    return e ? e : px_buf_append(b, s.ptr + from, s.len - from);
}

/* Digits of an ISO date "YYYY-MM-DD[THH:MM[:SS]]" as YYYYMMDDHHMMSS; 0 when
 * the value is not a whole day. */
static int date14(px_slice d, char out[15])
{
    static const int at[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    if (!d.ptr || d.len < 10 || d.ptr[4] != '-' || d.ptr[7] != '-')
        return 0;
    for (int i = 0; i < 14; i++) {
        size_t k = (size_t)at[i];
        int have = k < d.len && d.ptr[k] >= '0' && d.ptr[k] <= '9';
        if (i < 8 && !have)
            return 0;
        /* The time only when the value has one ("T" after the day). */
        int timed = d.len > 10 && d.ptr[10] == 'T';
        out[i] = (char)(have && (i < 8 || timed) ? d.ptr[k] : '0');
    }
    out[14] = 0;
    return 1;
}

static px_status tab(px_buf *b)
{
    return px_buf_append_byte(b, '\t');
}

/* ---- GKG 2.1 ---- */

typedef struct ment {
    uint32_t off;
    uint32_t ent;
} ment;

static int ment_cmp(const void *a, const void *b)
{
    const ment *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    return (x->ent > y->ent) - (x->ent < y->ent);
}

/* Every mention of every entity, by offset. *out is px__malloc'd (NULL when none). */
static px_status mentions(const px_rec *r, ment **out, size_t *n)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n_entities; i++)
        k += r->entities[i].n_mentions;
    *out = NULL;
    *n = 0;
    if (!k)
        return PX_OK;
    ment *v = px__malloc(k * sizeof *v);
    if (!v)
        return PX_ENOMEM;
    k = 0;
    for (size_t i = 0; i < r->n_entities; i++)
        for (uint32_t j = 0; j < r->entities[i].n_mentions; j++)
            v[k++] = (ment){r->entities[i].mentions[j].start, (uint32_t)i};
    qsort(v, k, sizeof *v, ment_cmp);
    *out = v;
    *n = k;
    return PX_OK;
}

/* Persons / Organizations (V1): names of the entities of type, once each. */
static px_status names_v1(px_buf *b, const px_rec *r, uint8_t type)
{
    px_status e = PX_OK;
    int first = 1;
    for (size_t i = 0; i < r->n_entities && !e; i++) {
        const px_entity *en = &r->entities[i];
        if (en->type != type || !en->name.len)
            continue;
        if (!first)
            e = px_buf_append_byte(b, ';');
        if (!e)
            e = clean(b, en->name, GKG_FORBID);
        first = 0;
    }
    return e ? e : tab(b);
}

/* V2Persons, V2Organizations, AllNames (type 0: every entity): Name,Offset. */
static px_status names_v2(px_buf *b, const px_rec *r, const ment *m, size_t n, uint8_t type)
{
    px_status e = PX_OK;
    int first = 1;
    for (size_t i = 0; i < n && !e; i++) {
        const px_entity *en = &r->entities[m[i].ent];
        if ((type && en->type != type) || !en->name.len)
            continue;
        if (!first)
            e = px_buf_append_byte(b, ';');
        if (!e)
            e = clean(b, en->name, GKG_FORBID);
        if (!e)
            e = px_buf_appendf(b, ",%u", m[i].off);
        first = 0;
    }
    return e ? e : tab(b);
}

/* Type#FullName#CountryCode#ADM1Code[#ADM2Code]#Lat#Long#FeatureID[#Offset].
 * The location type (country, city, …) is not in the record: empty. */
static px_status location(px_buf *b, const px_entity *en, int v2, uint32_t off)
{
    px_status e = px_buf_append_byte(b, '#');
    if (!e)
        e = clean(b, en->name, GKG_FORBID);
    if (!e)
        e = px_buf_append_byte(b, '#');
    if (!e && en->country.ptr)
        e = clean(b, en->country, GKG_FORBID);
    if (!e)
        e = px_buf_append_str(b, v2 ? "###" : "##");
    if (!e)
        e = px__x_num(b, en->lat);
    if (!e)
        e = px_buf_append_byte(b, '#');
    if (!e)
        e = px__x_num(b, en->lon);
    if (!e)
        e = px_buf_append_byte(b, '#');
    if (!e && v2)
        e = px_buf_appendf(b, "#%u", off);
    return e;
}

static px_status locations(px_buf *b, const px_rec *r, const ment *m, size_t n)
{
    px_status e = PX_OK;
    int first = 1;
    for (size_t i = 0; i < r->n_entities && !e; i++) {
        if (r->entities[i].type != PX_ENT_LOC || !r->entities[i].name.len)
            continue;
        if (!first)
            e = px_buf_append_byte(b, ';');
        if (!e)
            e = location(b, &r->entities[i], 0, 0);
        first = 0;
    }
    if (!e)
        e = tab(b);
    first = 1;
    for (size_t i = 0; i < n && !e; i++) {
        const px_entity *en = &r->entities[m[i].ent];
        if (en->type != PX_ENT_LOC || !en->name.len)
            continue;
        if (!first)
            e = px_buf_append_byte(b, ';');
        if (!e)
            e = location(b, en, 1, m[i].off);
        first = 0;
    }
    return e ? e : tab(b);
}

/* Counts and V2Counts: CountType#Number#ObjectType#(seven location fields)[#Offset]
 * for each quantity with a count type. */
static px_status counts(px_buf *b, const px_rec *r)
{
    px_status e = PX_OK;
    for (int v2 = 0; v2 < 2 && !e; v2++) {
        int first = 1;
        for (size_t i = 0; i < r->n_quantities && !e; i++) {
            const px_quantity *q = &r->quantities[i];
            if (!q->count || isnan(q->value))
                continue;
            if (!first)
                e = px_buf_append_byte(b, ';');
            if (!e)
                e = clean(b, px_slice_cstr(q->count), GKG_FORBID);
            if (!e)
                e = px_buf_append_byte(b, '#');
            if (!e)
                e = px__x_num(b, q->value);
            if (!e)
                e = px_buf_append_byte(b, '#');
            if (!e && q->object.ptr)
                e = clean(b, q->object, GKG_FORBID);
            if (!e)
                e = px_buf_append_str(b, "#######");
            if (!e && v2)
                e = px_buf_appendf(b, "#%u", q->span.start == UINT32_MAX ? 0 : q->span.start);
            first = 0;
        }
        if (!e)
            e = tab(b);
    }
    return e;
}

/* V2.1 Dates: Resolution#Month#Day#Year#Offset for the timexes that name a
 * day, a month or a year (4 whole date, 3 month and day, 2 month and year, 1
 * year). */
static px_status dates(px_buf *b, const px_rec *r)
{
    px_status e = PX_OK;
    int first = 1;
    for (size_t i = 0; i < r->n_timexes && !e; i++) {
        const px_timex *t = &r->timexes[i];
        px_slice v = t->value;
        if (!v.ptr || v.len < 4 || t->span.start == UINT32_MAX)
            continue;
        int y = 0, mo = 0, d = 0, res;
        int yx = !memcmp(v.ptr, "XXXX", 4);
        if (!yx && sscanf((const char *)v.ptr, "%4d", &y) != 1)
            continue;
        int k = v.len >= 7 && v.ptr[4] == '-' ? sscanf((const char *)v.ptr + 5, "%2d", &mo) : 0;
        if (k == 1 && v.len >= 10 && v.ptr[7] == '-' &&
            sscanf((const char *)v.ptr + 8, "%2d", &d) != 1)
            d = 0;
        if (mo < 1 || mo > 12 || v.ptr[6] < '0' || v.ptr[6] > '9')
            mo = 0, d = 0;
        if (yx)
            res = mo && d ? 3 : 0;
        else
            res = mo && d ? 4 : mo ? 2 : v.len == 4 ? 1 : 0;
        if (!res)
            continue;
        if (!first)
            e = px_buf_append_byte(b, ';');
        if (!e)
            e = px_buf_appendf(b, "%d#%d#%d#%d#%u", res, mo, d, yx ? 0 : y, t->span.start);
        first = 0;
    }
    return e ? e : tab(b);
}

/* V2.1 Quotations: Offset|Length|Verb|Quote, blocks joined by #. */
static px_status quotations(px_buf *b, const px_rec *r)
{
    px_status e = PX_OK;
    int first = 1;
    for (size_t i = 0; i < r->n_quotes && !e; i++) {
        const px_quote *q = &r->quotes[i];
        if (!q->n_content)
            continue;
        px_span all = {q->content[0].start, q->content[q->n_content - 1].end};
        if (!first)
            e = px_buf_append_byte(b, '#');
        if (!e)
            e = px_buf_appendf(b, "%u|%u|", all.start, all.end - all.start);
        px_slice cue = px__rec_span_text(r, q->cue);
        if (!e && cue.len)
            e = clean(b, cue, QUOTE_FORBID);
        if (!e)
            e = px_buf_append_byte(b, '|');
        for (uint32_t k = 0; k < q->n_content && !e; k++) {
            if (k)
                e = px_buf_append_str(b, " \xe2\x80\xa6 ");
            px_slice s = px__rec_span_text(r, q->content[k]);
            if (!e && s.len)
                e = clean(b, s, QUOTE_FORBID);
        }
        first = 0;
    }
    return e ? e : tab(b);
}

/* V2.1 Amounts: Amount,Object,Offset for every quantity with a value. */
static px_status amounts(px_buf *b, const px_rec *r)
{
    px_status e = PX_OK;
    int first = 1;
    for (size_t i = 0; i < r->n_quantities && !e; i++) {
        const px_quantity *q = &r->quantities[i];
        if (isnan(q->value) || q->span.start == UINT32_MAX)
            continue;
        if (!first)
            e = px_buf_append_byte(b, ';');
        if (!e)
            e = px__x_num(b, q->value);
        if (!e)
            e = px_buf_append_byte(b, ',');
        if (!e && q->object.ptr)
            e = clean(b, q->object, GKG_FORBID);
        if (!e)
            e = px_buf_appendf(b, ",%u", q->span.start);
        first = 0;
    }
    return e ? e : tab(b);
}

static px_status xml_text(px_buf *b, px_slice s)
{
    px_status e = PX_OK;
    for (size_t i = 0; i < s.len && !e; i++) {
        uint8_t c = s.ptr[i];
        e = c == '<'                                        ? px_buf_append_str(b, "&lt;")
            : c == '>'                                      ? px_buf_append_str(b, "&gt;")
            : c == '&'                                      ? px_buf_append_str(b, "&amp;")
            : c == '\t' || c == '\r' || c == '\n' || c < 32 ? px_buf_append_byte(b, ' ')
                                                            : px_buf_append_byte(b, c);
    }
    return e;
}

/* Extras: <PAGE_TITLE> and <PAGE_AUTHORS>, as GDELT writes them. */
static px_status extras(px_buf *b, const px_rec *r)
{
    px_status e = PX_OK;
    if (r->title.ptr) {
        e = px_buf_append_str(b, "<PAGE_TITLE>");
        if (!e)
            e = xml_text(b, r->title);
        if (!e)
            e = px_buf_append_str(b, "</PAGE_TITLE>");
    }
    if (!e && r->author.ptr) {
        e = px_buf_append_str(b, "<PAGE_AUTHORS>");
        if (!e)
            e = xml_text(b, r->author);
        if (!e)
            e = px_buf_append_str(b, "</PAGE_AUTHORS>");
    }
    return e;
}

static px_status header_line(px_buf *b, const char *const *cols, size_t n)
{
    px_status e = PX_OK;
    for (size_t i = 0; i < n && !e; i++) {
        if (i)
            e = tab(b);
        if (!e)
            e = px_buf_append_str(b, cols[i]);
    }
    return e ? e : px_buf_append_byte(b, '\n');
}

px_status px__gkg_header(px__xout *o)
{
    return header_line(&o->buf[0], GKG_COLUMNS, sizeof GKG_COLUMNS / sizeof *GKG_COLUMNS);
}

/* GKGRECORDID .. DocumentIdentifier. The record id is the parallax article id. */
static px_status gkg_head(px_buf *b, const px_rec *r)
{
    char d[15];
    px_status e = clean(b, r->id, LINE_FORBID);
    if (!e)
        e = tab(b);
    if (!e && date14(r->date, d))
        e = px_buf_append(b, d, 14);
    if (!e)
        e = tab(b);
    /* 1 = WEB (the identifier is the URL), 2 = CITATIONONLY (a citation). */
    px_slice doc = r->url.ptr ? r->url : r->source_path.ptr ? r->source_path : r->id;
    if (!e)
        e = px_buf_append_str(b, r->url.ptr ? "1\t" : "2\t");
    if (!e && r->outlet.ptr)
        e = clean(b, r->outlet, LINE_FORBID);
    if (!e)
        e = tab(b);
    if (!e)
        e = clean(b, doc, LINE_FORBID);
    return e ? e : tab(b);
}

px_status px__gkg_article(px__xout *o, const px_rec *r)
{
    px_buf *b = &o->buf[0];
    ment *m = NULL;
    size_t n = 0;
    px_status e = mentions(r, &m, &n);
    if (!e)
        e = gkg_head(b, r);
    if (!e)
        e = counts(b, r);
    if (!e)
        e = px_buf_append_str(b, "\t\t"); /* Themes, V2Themes: no theme taxonomy */
    if (!e)
        e = locations(b, r, m, n);
    if (!e)
        e = names_v1(b, r, PX_ENT_PER);
    if (!e)
        e = names_v2(b, r, m, n, PX_ENT_PER);
    if (!e)
        e = names_v1(b, r, PX_ENT_ORG);
    if (!e)
        e = names_v2(b, r, m, n, PX_ENT_ORG);
    if (!e && r->has_tone) {
        const px_tone *t = &r->tone;
        const double v[] = {t->tone,     t->positive,   t->negative,     t->polarity,
                            t->activity, t->self_group, (double)t->words};
        for (size_t i = 0; i < 7 && !e; i++) {
            if (i)
                e = px_buf_append_byte(b, ',');
            if (!e)
                e = px__x_num(b, v[i]);
        }
    }
    if (!e)
        e = tab(b);
    if (!e)
        e = dates(b, r);
    /* GCAM, SharingImage, RelatedImages, SocialImageEmbeds, SocialVideoEmbeds. */
    if (!e)
        e = px_buf_append_str(b, "\t\t\t\t\t");
    if (!e)
        e = quotations(b, r);
    if (!e)
        e = names_v2(b, r, m, n, 0);
    if (!e)
        e = amounts(b, r);
    if (!e)
        e = tab(b); /* TranslationInfo: parallax does not translate */
    if (!e)
        e = extras(b, r);
    if (!e)
        e = px_buf_append_byte(b, '\n');
    px__free(m);
    o->rows++;
    return e;
}

/* ---- Events 2.0 ---- */

px_status px__events_header(px__xout *o)
{
    px_buf *b = &o->buf[0];
    px_status e = PX_OK;
    static const char *const actors[] = {"Actor1", "Actor2"};
    static const char *const geos[] = {"Actor1Geo_", "Actor2Geo_", "ActionGeo_"};
    int first = 1;
    for (size_t i = 0; i < sizeof EVENT_COLUMNS / sizeof *EVENT_COLUMNS && !e; i++) {
        if (EVENT_COLUMNS[i]) {
            e = first ? PX_OK : tab(b);
            if (!e)
                e = px_buf_append_str(b, EVENT_COLUMNS[i]);
            first = 0;
            continue;
        }
        if (i < 7) {
            for (size_t k = 0; k < 10 && !e; k++)
                e = px_buf_appendf(b, "\t%s%s", actors[i - 5], ACTOR_COLS[k]);
        } else {
            for (size_t k = 0; k < 8 && !e; k++)
                e = px_buf_appendf(b, "\t%s%s", geos[i - 17], GEO_COLS[k]);
        }
    }
    return e ? e : px_buf_append_byte(b, '\n');
}

/* GLOBALEVENTID: the first 12 hex digits of the article id (or a hash of an id
 * that is not hex) times 1000, plus the event's number: stable across runs. */
static uint64_t event_id(const px_rec *r, size_t i)
{
    uint64_t h = 0;
    int hex = r->id.len >= 12;
    for (size_t k = 0; k < 12 && hex; k++) {
        uint8_t c = r->id.ptr[k];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        hex = v >= 0;
        h = h * 16 + (uint64_t)(v < 0 ? 0 : v);
    }
    if (!hex)
        h = px__hash64(r->id.ptr, r->id.len, 0) >> 16;
    return h * 1000 + (uint64_t)(i % 1000);
}

/* Code, Name, then eight sub-codes that the record does not split out. */
static px_status actor_cols(px_buf *b, const px_rec *r, const px_event_actor *a)
{
    px_status e = PX_OK;
    if (a->code.ptr)
        e = clean(b, a->code, LINE_FORBID);
    if (!e)
        e = tab(b);
    px_slice name =
        a->entity >= 0 && (size_t)a->entity < r->n_entities ? r->entities[a->entity].name : a->text;
    if (!e && name.ptr)
        e = clean(b, name, LINE_FORBID);
    return e ? e : px_buf_append_str(b, "\t\t\t\t\t\t\t\t");
}

/* Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID. */
static px_status geo_cols(px_buf *b, px_slice name, px_slice country, double lat, double lon)
{
    px_status e = px_buf_append_str(b, "\t\t"); /* Type: not in the record */
    if (!e && name.ptr)
        e = clean(b, name, LINE_FORBID);
    if (!e)
        e = tab(b);
    if (!e && country.ptr)
        e = clean(b, country, LINE_FORBID);
    if (!e)
        e = px_buf_append_str(b, "\t\t\t");
    if (!e)
        e = px__x_num(b, lat);
    if (!e)
        e = tab(b);
    if (!e)
        e = px__x_num(b, lon);
    return e ? e : tab(b);
}

static px_status actor_geo(px_buf *b, const px_rec *r, int32_t ent)
{
    const px_entity *en =
        ent >= 0 && (size_t)ent < r->n_entities && r->entities[ent].type == PX_ENT_LOC
            ? &r->entities[ent]
            : NULL;
    return en ? geo_cols(b, en->name, en->country, en->lat, en->lon)
              : geo_cols(b, PX_SLICE_NULL, PX_SLICE_NULL, NAN, NAN);
}

/* SQLDATE .. FractionDate from the event's day, else the article's. */
static px_status event_dates(px_buf *b, const px_rec *r, const px_event *v)
{
    char d[15];
    if (!date14(v->date, d) && !date14(r->date, d))
        return px_buf_append_str(b, "\t\t\t\t");
    int y = atoi((char[]){d[0], d[1], d[2], d[3], 0});
    int mo = atoi((char[]){d[4], d[5], 0}), day = atoi((char[]){d[6], d[7], 0});
    return px_buf_appendf(b, "\t%.8s\t%.6s\t%.4s\t%.4f", d, d, d,
                          y + (double)(mo * 30 + day) / 365.0);
}

static px_status one_event(px_buf *b, const px_rec *r, const px_event *v, size_t i)
{
    px_status e = px_buf_appendf(b, "%llu", (unsigned long long)event_id(r, i));
    if (!e)
        e = event_dates(b, r, v);
    if (!e)
        e = tab(b);
    if (!e)
        e = actor_cols(b, r, &v->source);
    if (!e)
        e = tab(b);
    if (!e)
        e = actor_cols(b, r, &v->target);
    /* IsRootEvent: the event is in the lead paragraph. */
    uint32_t lead = r->n_paras ? r->paras[0].end : r->n_sents ? r->sents[0].end : 0;
    int root = v->span.start != UINT32_MAX && v->span.start < lead;
    px_slice base = v->code;
    if (base.len > 3)
        base.len = 3;
    px_slice rootc = v->root.ptr ? v->root : v->code;
    if (!v->root.ptr && rootc.len > 2)
        rootc.len = 2;
    if (!e)
        e = px_buf_appendf(b, "\t%d\t", root);
    if (!e && v->code.ptr)
        e = clean(b, v->code, LINE_FORBID);
    if (!e)
        e = tab(b);
    if (!e && base.ptr)
        e = clean(b, base, LINE_FORBID);
    if (!e)
        e = tab(b);
    if (!e && rootc.ptr)
        e = clean(b, rootc, LINE_FORBID);
    if (!e)
        e = tab(b);
    if (!e && v->quad)
        e = px_buf_appendf(b, "%d", v->quad);
    if (!e)
        e = tab(b);
    if (!e)
        e = px__x_num(b, v->goldstein);
    /* NumMentions, NumSources, NumArticles: this one article. AvgTone: its tone. */
    if (!e)
        e = px_buf_append_str(b, "\t1\t1\t1\t");
    if (!e && r->has_tone)
        e = px__x_num(b, r->tone.tone);
    if (!e)
        e = actor_geo(b, r, v->source.entity);
    if (!e)
        e = actor_geo(b, r, v->target.entity);
    if (!e) {
        px_slice name = v->place_entity >= 0 && (size_t)v->place_entity < r->n_entities
                            ? r->entities[v->place_entity].name
                            : PX_SLICE_NULL;
        e = geo_cols(b, name, v->place_country, v->place_lat, v->place_lon);
    }
    char d[15];
    if (!e)
        e = tab(b);
    if (!e && date14(r->date, d)) /* DATEADDED: the article's date */
        e = px_buf_append(b, d, 14);
    if (!e)
        e = tab(b);
    px_slice url = r->url.ptr ? r->url : r->source_path.ptr ? r->source_path : r->id;
    if (!e)
        e = clean(b, url, LINE_FORBID);
    return e ? e : px_buf_append_byte(b, '\n');
}

px_status px__events_article(px__xout *o, const px_rec *r)
{
    px_status e = PX_OK;
    for (size_t i = 0; i < r->n_events && !e; i++) {
        /* A negated event ("police did not fire") did not happen: GDELT has
         * no column for that, so it is left out (the CSV events table has it). */
        if (r->events[i].negated)
            continue;
        e = one_event(&o->buf[0], r, &r->events[i], i + 1);
        o->rows++;
    }
    return e;
}
