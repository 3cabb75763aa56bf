/* parallax: the report, a self-contained HTML page (inline CSS and SVG, one
 * small inline script, nothing from the network) drawn from parallax.story/1,
 * where every finding links to the sentence it came from. */
#ifndef PARALLAX_REPORT_H
#define PARALLAX_REPORT_H

#include "core.h"
#include "store.h"

/* Receives the output in pieces, in order. Returns 0 to go on, non-zero to
 * stop (the report call then returns PX_EIO). */
typedef int (*px_report_sink)(void *ud, const uint8_t *p, size_t n);

/* What to report. stories (n_stories ids or unambiguous prefixes, NULL for
 * every story of the store, biggest first) are grouped first when the store
 * changed since the last parallax stories. */
typedef struct px_report_opts {
    const char *const *stories;
    size_t n_stories;
    /* Index links: NULL for one file (index, story sections and article views
     * in the same page, linked by #fragments); else each story is linked as
     * "<id><link_suffix>" (e.g. ".html"), a page written by px_report_story. */
    const char *link_suffix;
    /* An outlets table that gives leanings (px_outlets_load), or NULL: each
     * story then shows its coverage by leaning (px_compare_opts.table). */
    const struct px_outlets *outlets;
    /* Compare only the outlets of this leaning of the outlets table (ASCII
     * case ignored; needs outlets), or NULL: the stories without an article
     * from such an outlet are left out of the index and the pages
     * (px_compare_opts.leaning). */
    const char *leaning;
} px_report_opts;

/* Writes the report: the index (corpus figures; stories by size and date with
 * outlets and counts of contradictions and silences; a search box), then, when
 * link_suffix is NULL, every story with the articles it cites. The output is
 * byte-identical for the same store and options. On failure px_store_errmsg(s)
 * says why. Returns PX_OK, PX_ENOTFOUND (an empty store, an unknown story),
 * PX_EINVAL, PX_ENOMEM, PX_EDB, PX_EIO (the sink refused). */
PX_NODISCARD PX_API px_status px_report_write(px_store *s,
                                              const px_report_opts *opts,
                                              px_report_sink sink,
                                              void *ud);

/* Writes one story (its id or an unambiguous prefix) as a page of its own:
 * outlets side by side, fact matrix, count chart, quote provenance,
 * distinctive terms, timeline and the article views. index_href (may be NULL)
 * is linked as "all stories". Returns as px_report_write. */
PX_NODISCARD PX_API px_status px_report_story(
    px_store *s, const char *story, const char *index_href, px_report_sink sink, void *ud);
/* px_report_story with options (opts->outlets and opts->leaning are read;
 * opts may be NULL). */
PX_NODISCARD PX_API px_status px_report_story_opts(px_store *s,
                                                   const char *story,
                                                   const char *index_href,
                                                   const px_report_opts *opts,
                                                   px_report_sink sink,
                                                   void *ud);

/* Writes one topic (its id or an unambiguous prefix; parallax topics) as a
 * page of its own, from px_compare_topic: per outlet the topic's stories
 * covered and skipped (coverage gaps) and mean tone; per month and outlet the
 * articles, tone, events and mean Goldstein; per concept each outlet's labels;
 * the topic's stories, each linked as "<id><story_suffix>" when story_suffix
 * is not NULL (pages of px_report_story). index_href (may be NULL) is linked
 * as "all stories". Returns PX_OK, PX_ENOTFOUND (no such topic), PX_ESTALE (no
 * topics yet), PX_EINVAL, PX_ENOMEM, PX_EDB, PX_EIO. */
PX_NODISCARD PX_API px_status px_report_topic(px_store *s,
                                              const char *topic,
                                              const char *story_suffix,
                                              const char *index_href,
                                              px_report_sink sink,
                                              void *ud);

/* The ids of the topics of two stories or more that px_report_write lists
 * (none when the store has no topics yet), in index order; call fn for each
 * until it returns non-zero (then PX_EIO). */
PX_NODISCARD PX_API px_status px_report_topic_ids(px_store *s,
                                                  int (*fn)(void *ud, const char *id),
                                                  void *ud);

/* The ids of the stories px_report_write would show (all of the store when
 * opts->stories is NULL), resolved and in index order; call fn for each. */
PX_NODISCARD PX_API px_status px_report_story_ids(px_store *s,
                                                  const px_report_opts *opts,
                                                  int (*fn)(void *ud, const char *id),
                                                  void *ud);

#endif
