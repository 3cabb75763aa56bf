/* parallax report: shared pieces of the HTML writer (src/report). */
#ifndef PX_REPORT_IMPL_H
#define PX_REPORT_IMPL_H

#include <string.h>

#include <cjson/cJSON.h>

#include "internal.h"
#include "parallax/corpus.h"
#include "parallax/report.h"
#include "record/record.h"
#include "store/store_api.h"

/* Output: a buffer flushed to the sink past 64 KiB; the first error sticks and
 * turns later writes into no-ops. */
typedef struct rep_out {
    px_buf b;
    px_report_sink sink;
    void *ud;
    px_status err;
} rep_out;

void px__rep_init(rep_out *o, px_report_sink sink, void *ud);
/* Flushes everything to the sink and frees the buffer; returns the sticky error. */
px_status px__rep_finish(rep_out *o);
/* Flushes the buffer, then passes n bytes straight to the sink. */
px_status px__rep_finish_chunk(rep_out *o, const uint8_t *p, size_t n);
void px__rep_raw(rep_out *o, const char *s);
void px__rep_fmt(rep_out *o, const char *fmt, ...) PX_PRINTF(2, 3);
/* Escaped text (& < > " ' escaped, invalid UTF-8 and control characters other
 * than tab and newline replaced by U+FFFD): safe in text and quoted attributes. */
void px__rep_esc(rep_out *o, const uint8_t *p, size_t n);
void px__rep_esc_str(rep_out *o, const char *s);
/* A JSON string escaped, or dflt (trusted markup) when it is not a string. */
void px__rep_esc_json(rep_out *o, const cJSON *j, const char *dflt);
/* An id token safe in id="" and href="#": prefix, then s with every byte other
 * than [A-Za-z0-9-] written as _XX (injective). */
void px__rep_id(rep_out *o, const char *prefix, const char *s);
/* s percent-encoded as one URL path segment or query value (every byte but
 * [A-Za-z0-9-._~] as %XX): safe in a quoted attribute. */
void px__rep_url(rep_out *o, const char *s);
/* A number as JSON would print it (integers without a fraction). */
void px__rep_num(rep_out *o, double v);
/* Days since 1970-01-01 of "YYYY-MM[-DD]…" (a missing day is the 1st), or
 * INT32_MIN. */
int32_t px__rep_day_of(const char *s);

/* Member k of object o (NULL when absent), its string value (NULL when not a
 * string), and string equality with NULL never equal. */
static inline const cJSON *px__rep_get(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static inline const char *px__rep_str(const cJSON *o, const char *k)
{
    const cJSON *j = px__rep_get(o, k);
    return cJSON_IsString(j) ? j->valuestring : NULL;
}

static inline int px__rep_streq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* One article of a story: its record and the spans the story cites. */
typedef struct rep_span {
    uint32_t s, e;
} rep_span;

typedef struct rep_art {
    const char *id; /* borrowed from the story JSON */
    px_rec *rec;    /* the parsed record (story arena), or NULL when it cannot be read */
    const uint8_t *text;
    size_t len;
    rep_span *para;
    size_t n_para;
    rep_span *ev; /* cited spans (normalised), growable */
    size_t n_ev, cap_ev;
} rep_art;

typedef struct rep_story {
    const char *art_href; /* set: each article view links to art_href + its id */
    cJSON *js;            /* parallax.story/1 */
    px_arena *arena;      /* the articles' records */
    rep_art *art;
    size_t n_art;
    const char **outlet; /* distinct outlets of the originals, in order */
    size_t n_outlet;
} rep_story;

/* Loads story id of s (compare + records). */
px_status px__rep_story_load(
    px_store *s, const char *id, const px_outlets *table, const char *leaning, rep_story *st);
void px__rep_story_free(rep_story *st);
/* The article with this id, or NULL. */
rep_art *px__rep_find_art(rep_story *st, const char *id);
/* Opens an evidence link to span ([s, e], or the first of [[s, e], ...]) of
 * article a (may be NULL) and records the span for the article view; returns 1
 * when it opened one (0 when the span is not in the text): pass that to close. */
int px__rep_ev_open(rep_out *o, rep_art *a, const cJSON *span);
void px__rep_ev_close(rep_out *o, int opened);
/* The same for a span already normalised. */
int px__rep_ev_open_span(rep_out *o, rep_art *a, rep_span sp);
/* Moves a span ([s, e] or [[s, e], ...]; or s and e) of a's text onto character
 * boundaries and its start into a paragraph; returns 0 when nothing is left. */
int px__rep_norm(const rep_art *a, const cJSON *span, rep_span *out);
int px__rep_norm_raw(const rep_art *a, double s, double e, rep_span *out);
/* Opens a section of story st: <section id="sec-KEY-ID"><details open>
 * <summary> with the heading at level lv (collapsible); close it with
 * "</details></section>". */
void px__rep_sec_open(rep_out *o, const rep_story *st, int lv, const char *key, const char *title);
/* The article views of a story (after its sections: they mark the cited spans). */
void px__rep_articles(rep_out *o, rep_story *st, int lv);
/* story_events.c: the events section of a story (aligned events per outlet,
 * mean Goldstein per outlet and date); nothing when the story has no event. */
void px__rep_events(rep_out *o, rep_story *st, int lv);
/* 1 when px__rep_events draws a section for the story. */
int px__rep_events_on(rep_story *st);
/* The sections of one story, headings at level lv (its title is at lv - 1). */
void px__rep_story_body(rep_out *o, rep_story *st, int lv);

/* The page of one article (the server's /article/ID): its record, then its
 * text with every annotation (entities, dates, counts, quotes, events,
 * labels, techniques) highlighted, each with an anchor span-START-END. */
void px__rep_article_page(rep_out *o, const px_rec *r, int lv);

/* Page frame: head with the style, the CSP and the title; and the end. */
void px__rep_page_open(rep_out *o, const char *title);
void px__rep_page_close(rep_out *o);
/* The same for a page of the server: the style and the script are its files
 * /static/parallax.css and /static/parallax.js (the CSP is an HTTP header). */
void px__rep_page_open_served(rep_out *o, const char *title);
void px__rep_page_close_served(rep_out *o);
/* The style sheet and the script of every page (the report inlines them). */
const char *px__rep_style(void);
const char *px__rep_script(void);

/* A count with thousands separators (1,000,000). */
void px__rep_count(rep_out *o, size_t n);
/* "1 article", "2 articles": the count, a space, the singular or the plural. */
void px__rep_count_of(rep_out *o, size_t n, const char *one, const char *many);

/* One row of a story index. n_contra and n_silent < 0: not known yet. */
typedef struct rep_row {
    const char *id, *title, *first, *last, *outlets;
    size_t n_art, n_outlet;
    long n_contra, n_silent;
} rep_row;
/* The index table (id table_id) of n rows; each story links to href_prefix,
 * the id (encoded as px__rep_id does) and href_suffix. */
void px__rep_index_table(rep_out *o,
                         const char *table_id,
                         const rep_row *rows,
                         size_t n,
                         const char *href_prefix,
                         const char *href_suffix);
/* Contradictions (facts whose status is contradict) and silences (outlet x
 * fact cells) of a parallax.story/1. */
void px__rep_findings(const cJSON *js, size_t *contra, size_t *silent);

/* topic.c: the report index's section of topics of two stories or more (none
 * when the store has no topics yet), each linked as "<id><suffix>" when
 * suffix is set (pages), else listing its stories' sections. */
px_status px__rep_topics_index(rep_out *o, px_store *s, const char *suffix);

#endif
