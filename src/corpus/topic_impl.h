/* parallax corpus: topics read back from the store (topic_out.c), shared with
 * the topic comparison (compare_topic.c). Not installed. */
#ifndef PX_TOPIC_IMPL_H
#define PX_TOPIC_IMPL_H

#include "corpus/story_impl.h"

typedef struct px__topic {
    char id[12];       /* "t-" + 8 hex digits */
    uint32_t first, n; /* stories[first .. first + n): story indices, time order */
    uint32_t lead;     /* the story whose headline titles the topic */
    uint32_t n_articles, n_outlets;
    int32_t day_min, day_max;    /* PX_NODAY when undated */
    uint32_t date_min, date_max; /* articles with the first and last dates, or UINT32_MAX */
} px__topic;

struct px_topics {
    px_stories *st; /* the saved stories, in output order */
    px__topic *topic;
    size_t n;
    uint32_t *stories;
};

px_status px__topics_read(px_store *s, px_topics **out);
/* The topic with id want, or the only one starting with it. */
px_status px__topics_find(const px_topics *t, const char *want, size_t *at, char *errmsg);
/* The articles of topic i by date (undated last), then store order, into *out
 * (malloc); story_of[di] (malloc, one per corpus article) is the story index of
 * each of them. */
px_status
px__topic_articles(const px_topics *t, size_t i, uint32_t **out, uint32_t **story_of, size_t *n);

#endif
