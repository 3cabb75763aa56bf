/* parallax corpus: the story list shared by story.c, story_db.c and compare. */
#ifndef PX_STORY_IMPL_H
#define PX_STORY_IMPL_H

#include "corpus/corpus_impl.h"

typedef struct px__story {
    char id[12];       /* "s-" + 8 hex digits */
    uint32_t first, n; /* members[first .. first + n), in time order */
    int32_t day_min, day_max;
    uint32_t date_min, date_max; /* articles with the first and last dates, or UINT32_MAX */
    uint32_t title;              /* article giving the title, or UINT32_MAX */
} px__story;

struct px_stories {
    px__corpus *c;
    px__story *story;
    size_t n;
    uint32_t *members;
    size_t copies;
    px__store_topic *topics; /* each story's topic, to save (grouping runs only) */
    size_t n_topics;
    size_t n_topic_ids; /* distinct topics among them */
    /* The saved grouping, to save only what changed (grouping runs only):
     * each article's saved original and position (prev_dup[i].ptr NULL: an
     * original, or none saved), the saved members whose article is gone, and
     * the topic rows' keys to delete (topics then holds the changed rows). */
    px_slice *prev_dup;
    uint32_t *prev_ord;
    px_slice *gone;
    size_t n_gone, cap_gone;
    px_slice *drop_topics;
    size_t n_drop_topics;
    int partial; /* a saved grouping exists and this is no rebuild */
};

/* topic.c: groups the stories of st (in their grouping order, before the
 * output sort) into topics, into st->topics: story vectors (the summed TF-IDF
 * vectors of their original articles, and their entity keys weighted by
 * inverse story frequency), candidate pairs from an inverted index, links
 * taken best first under an average-link check, no time limit. prev holds
 * each article's previous story id (NULL entries: none); unless rebuild, a
 * story whose members all kept their story keeps its previous topic, and
 * links are sought only for the others. Ids as stories' ("t-" + 8 hex). */
px_status px__topics_group(px_store *s, px_stories *st, const char *const *prev, int rebuild);

/* 1 when a title (or its outlet) marks an opinion piece ("OPINION: …",
 * "Op-Ed", "Editorial", an outlet named "… Opinion"): story titles prefer a
 * news headline. */
int px__opinion(px_slice title, px_slice outlet);
/* Appends {id, outlet, date, title, duplicate_of} of article di. */
px_status px__write_member(px_buf *out, const px__corpus *c, uint32_t di, int comma);
/* Reads each article's previous story id (saved by the last run) into prev[i]
 * (NULL when it had none), and its saved original and position into
 * st->prev_dup and st->prev_ord, the saved members of articles no longer in
 * the store into st->gone; the strings live in the corpus arena. */
px_status px__story_prev(px_store *s, px_stories *st, const char **prev);
/* Gives every story an id: the previous id most of its members had (ties: the
 * smaller id), else one derived from its earliest member's id that no previous
 * story held. */
px_status px__story_ids(px_store *s, px_stories *st, const char **prev);
/* Replaces the saved grouping and term counts in the store. */
px_status px__story_save(px_store *s, px_stories *st, const char *const *prev);

#endif
