/* parallax: stories and comparison over a store. A story groups the stored
 * articles that report one event; compare aligns what its outlets report
 * (parallax.story/1). */
#ifndef PARALLAX_CORPUS_H
#define PARALLAX_CORPUS_H

#include "core.h"
#include "store.h"

typedef struct px_stories px_stories;

/* Finds duplicates and groups every stored article into a story, and saves the
 * grouping in the store (compare reads it). Story ids are derived from their
 * members and kept across runs: a story that grows keeps its id. The result
 * borrows nothing from s. On failure px_store_errmsg(s) says why. Returns PX_OK,
 * PX_ENOMEM, PX_EDB, PX_EINVAL. */
PX_NODISCARD PX_API px_status px_stories_build(px_store *s, px_stories **out);
/* px_stories_build is px_stories_update(s, 0, out). The features of each
 * article (MinHash signature, exact hash, stemmed term counts, entity keys,
 * numbers) are saved in the store, so a run parses and featurizes only the
 * articles added or replaced since the last run, and seeks links only for them:
 * the articles grouped before keep their stories, which new articles join (or
 * merge, when one links two of them). rebuild set ignores every saved feature
 * and grouping and regroups the whole store from the records (ids are still
 * kept where most members agree). See docs/corpus.md. */
PX_NODISCARD PX_API px_status px_stories_update(px_store *s, int rebuild, px_stories **out);

/* The grouping parameters (docs/corpus.md, "Parameters"): story links and
 * checks, then topic links and checks. px_grouping_defaults fills the tuned
 * defaults. They are not saved in the store: an incremental run compares its
 * new articles with the parameters it is given, and the stories kept from
 * earlier runs keep the grouping those runs made (--rebuild regroups all). */
typedef struct px_grouping {
    /* stories */
    double link;        /* score at or above which two articles are one story (0.30) */
    double min_shared;  /* index terms two candidate articles must share (2) */
    double max_days;    /* dated articles further apart never link (7) */
    double max_span;    /* days from a story's first to last dated article (4) */
    double undated;     /* extra score a pair with an undated article needs (0.25) */
    double grace;       /* days apart without penalty (2) */
    double day_penalty; /* score taken per day beyond the grace (0.02) */
    double ent_bonus;   /* score per shared entity key, at most 5 (0.04) */
    double num_bonus;   /* score per shared stated number, at most 3 (0.03) */
    double avg_link;    /* mean score over every pair of two stories to merge them (0.30) */
    double avg_from;    /* articles of a merged story from which avg_link applies (8) */
    double xlang_link;  /* score at or above which two articles in different languages,
                           each the other's best match in its language, are one story */
    /* topics */
    double topic_link;    /* score at or above which two stories link */
    double topic_avg;     /* mean score over every story pair of two topics to join them */
    double topic_ent;     /* weight of the entity cosine against the term cosine */
    double topic_index;   /* heaviest keys of a story in the candidate index (1..96) */
    double topic_share;   /* index keys two candidate stories must share */
    double topic_avg_ent; /* or: mean entity score over those pairs (0: off) */
    double topic_near;    /* per index key, only the stories of the key this near
                             before a story are candidates (0: every earlier one) */
} px_grouping;

PX_API void px_grouping_defaults(px_grouping *g);
/* Sets the parameter named name (a field name above: "link", "topic_avg", …)
 * to v. Returns PX_OK, or PX_EINVAL for an unknown name or a value out of its
 * range (negative, not finite; topic_index outside 1..96). */
PX_NODISCARD PX_API px_status px_grouping_set(px_grouping *g, const char *name, double v);
/* The name of parameter i (0, 1, …; NULL past the last) and its value in g:
 * for listing them. */
PX_API const char *px_grouping_name(const px_grouping *g, size_t i, double *value);
/* px_stories_update with the parameters g (NULL: the defaults). */
PX_NODISCARD PX_API px_status px_stories_group(px_store *s,
                                               int rebuild,
                                               const px_grouping *g,
                                               px_stories **out);
/* Number of articles whose records were parsed and featurized by the run that
 * built st (the others came from saved features). */
PX_API size_t px_stories_featurized(const px_stories *st);
PX_API void px_stories_free(px_stories *st);
/* The saved grouping (of the last px_stories_update), read without regrouping
 * or writing: articles added since belong to no story. Returns PX_OK,
 * PX_ESTALE (nothing grouped yet), PX_ENOTFOUND (empty store), PX_ENOMEM or
 * PX_EDB. */
PX_NODISCARD PX_API px_status px_stories_load(px_store *s, px_stories **out);
/* Whether the saved grouping is out of date: *added gets the number of articles
 * added since it was saved, *changed 1 when the store changed in any way since
 * (added, replaced by a new row, or removed articles), *grouped 0 when nothing
 * was grouped yet. Any out pointer may be NULL. Returns PX_OK or PX_EDB. */
PX_NODISCARD PX_API px_status px_stories_stale(px_store *s,
                                               size_t *added,
                                               int *changed,
                                               int *grouped);

/* Number of stories (a story may hold one article), in output order: by first
 * date (undated last), then id. */
PX_API size_t px_stories_count(const px_stories *st);
/* Number of articles of story i (0 when out of range). */
PX_API size_t px_stories_size(const px_stories *st, size_t i);
/* Number of stored articles that are copies of another. */
PX_API size_t px_stories_copies(const px_stories *st);
/* The id of story i ("s-" and 8 hex digits), valid until px_stories_free; NULL
 * when out of range. */
PX_API const char *px_stories_id(const px_stories *st, size_t i);

/* Appends story i as one line of JSON (no newline): id, title, dates (first and
 * last), articles [{id, outlet, date, title, duplicate_of}]. Returns PX_OK,
 * PX_ENOMEM, PX_ETOOBIG, PX_EINVAL (i out of range). */
PX_NODISCARD PX_API px_status px_stories_write_json(const px_stories *st, size_t i, px_buf *out);
/* Appends story i as readable lines: a header, then one indented line per article. */
PX_NODISCARD PX_API px_status px_stories_write_text(const px_stories *st, size_t i, px_buf *out);

/* Topics: the long-running threads stories belong to (a war and its
 * anniversaries, a company's years of news), with no time limit. Each
 * grouping run (px_stories_update) groups its stories into topics and saves
 * them with the stories; topic ids are kept across runs as story ids are. */
typedef struct px_topics px_topics;

/* The saved topics (of the last px_stories_update), read without writing.
 * Returns PX_OK, PX_ESTALE (nothing grouped yet, or grouped by a version
 * without topics), PX_ENOTFOUND (empty store), PX_ENOMEM or PX_EDB; on failure
 * px_store_errmsg(s) says why. */
PX_NODISCARD PX_API px_status px_topics_load(px_store *s, px_topics **out);
PX_API void px_topics_free(px_topics *t);
/* Number of topics, in output order: by first date (undated last), then id. */
PX_API size_t px_topics_count(const px_topics *t);
/* Number of stories of topic i (0 when out of range). */
PX_API size_t px_topics_size(const px_topics *t, size_t i);
/* The id of topic i ("t-" and 8 hex digits), or NULL when out of range. */
PX_API const char *px_topics_id(const px_topics *t, size_t i);
/* Appends topic i as one line of JSON (no newline): id, title, dates (first
 * and last), outlets, stories [ids, time order], articles [{id, outlet, date,
 * title, story, duplicate_of}] by date. Returns PX_OK, PX_ENOMEM, PX_EINVAL. */
PX_NODISCARD PX_API px_status px_topics_write_json(const px_topics *t, size_t i, px_buf *out);
/* Appends topic i as readable lines: a header, then one line per story. */
PX_NODISCARD PX_API px_status px_topics_write_text(const px_topics *t, size_t i, px_buf *out);

/* Compares topic `topic` (its id, or an unambiguous prefix) of store s, read
 * from the saved topics (never regrouping or writing): per outlet, the
 * topic's stories it covered and skipped, its articles, tone, and per month
 * its articles, tone, event counts by CAMEO root with mean Goldstein; and per
 * concept the labels each outlet chose, with their dates (tone, events and
 * labels as the records hold them). outlets (may be NULL) restricts the
 * comparison. Appends parallax.topic/1 as one line of JSON when json is set,
 * else a readable report. Returns PX_OK, PX_ENOTFOUND, PX_EINVAL (ambiguous
 * prefix, or no article left after outlets), PX_ESTALE, PX_ENOMEM, PX_EDB. */
PX_NODISCARD PX_API px_status
px_compare_topic(px_store *s, const char *topic, const char *outlets, int json, px_buf *out);

/* Compares story `story` (its id, or an unambiguous prefix of it) of store s,
 * regrouping the store first when articles were added since the last grouping.
 * outlets (may be NULL) is a comma-separated list restricting the comparison.
 * Appends parallax.story/1 as one line of JSON when json is set, else a readable
 * report. Returns PX_OK, PX_ENOTFOUND (no such story; also an empty store),
 * PX_EINVAL (ambiguous prefix, or no article left after --outlets), PX_ENOMEM,
 * PX_EDB; px_store_errmsg(s) says why. */
PX_NODISCARD PX_API px_status
px_compare(px_store *s, const char *story, const char *outlets, int json, px_buf *out);

/* Options of px_compare_ex. */
typedef struct px_outlets px_outlets; /* ingest.h */
typedef struct px_compare_opts {
    const char *outlets; /* comma-separated outlets to compare, or NULL (all) */
    /* An outlets table (px_outlets_load) that gives leanings, or NULL: with it
     * parallax.story/1 has a "leanings" member, the story's coverage per
     * leaning of the table (articles and outlets, copies counted once; the
     * leanings with none are "silent"; outlets the table does not rate are
     * "unrated"), over the whole story whatever the filters. */
    const px_outlets *table;
    /* Compare only the outlets of this leaning (ASCII case ignored; needs
     * table), or NULL. */
    const char *leaning;
} px_compare_opts;

/* px_compare with options (o may be NULL). Also PX_EINVAL for a leaning
 * without a table or one no outlet of the table has, PX_ENOTFOUND when the
 * story has no article from an outlet of the leaning. */
PX_NODISCARD PX_API px_status
px_compare_ex(px_store *s, const char *story, const px_compare_opts *o, int json, px_buf *out);

/* Whether px_compare_ex with o would have articles to compare: *covered is 1,
 * or 0 when the story has no article from an outlet of o->leaning (the
 * articles are read and filtered, nothing is compared; cheap beside a
 * comparison). Returns PX_OK, or as px_compare_ex (an unknown story, a
 * leaning without a table or unknown to it, PX_EDB). */
PX_NODISCARD PX_API px_status px_compare_covers(px_store *s,
                                                const char *story,
                                                const px_compare_opts *o,
                                                int *covered);

/* The same comparison's labels (docs/labels.md) as a readable matrix:
 * concepts x outlets, each cell the words the outlet uses for the concept
 * with their counts. Same arguments and statuses as px_compare. */
PX_NODISCARD PX_API px_status px_compare_labels(px_store *s,
                                                const char *story,
                                                const char *outlets,
                                                px_buf *out);

/* Distinctive terms of outlets across the whole store: for each outlet (those
 * listed in outlets, comma-separated, or else the 20 with most articles), the
 * `each` terms it uses most beyond the rest of the store, as z-scores of the
 * log-odds ratio with an informative Dirichlet prior taken from the store (names
 * and direct quotations left out; copies found by the last parallax stories count
 * once). Appends JSON Lines {outlet, term, score, count} when json is set, else a
 * readable list. Returns PX_OK, PX_ENOMEM, PX_EDB, PX_EINVAL. */
PX_NODISCARD PX_API px_status
px_outlet_terms(px_store *s, const char *outlets, size_t each, int json, px_buf *out);

#endif
