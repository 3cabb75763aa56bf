/* Tests of story grouping (src/corpus/cluster.c, story.c, story_db.c). */
#include <cjson/cJSON.h>

#include "corpus/story_impl.h"
#include "corpus_fixture.h"
#include "store/sqlite_impl.h"

#define LEVEE_ENTS                                                                                 \
    "\"entities\":[{\"id\":\"e1\",\"type\":\"LOC\",\"name\":\"Marrow Creek\",\"key\":\"marrow "    \
    "creek\",\"mentions\":[]},{\"id\":\"e2\",\"type\":\"LOC\",\"name\":\"Eastbank\","              \
    "\"key\":\"eastbank\",\"mentions\":[]}]"

static const char *const LEVEE[] = {
    "Floodwaters broke through the old levee at Marrow Creek before dawn on Friday, forcing "
    "the evacuation of 2,300 residents from Eastbank. Rescue crews in boats searched flooded "
    "streets and the county opened shelters in school gymnasiums. The river crested at nine "
    "metres. The governor declared a state of emergency.",
    "The Marrow Creek levee collapsed early on Friday and water poured into Eastbank. Some "
    "2,300 residents were evacuated to shelters as the river crested at a record nine metres, "
    "and boats carried stranded families out of flooded streets. A state of emergency was "
    "declared by the governor.",
    "Eastbank residents fled rising water on Friday after the levee on Marrow Creek gave way. "
    "Officials said the river crested at nine metres; shelters opened for the 2,300 evacuated "
    "people. Critics blamed years of neglect of the levee. The governor's emergency "
    "declaration frees funds for pumps.",
};

static const char *const STRIKE[] = {
    "Dock workers at Kelvin harbour walked out on Monday over pay and night shifts, leaving "
    "container ships waiting at anchor. The dockers' union said the strike would last until "
    "the port authority improved its wage offer for crane operators.",
    "A strike by Kelvin harbour dockers halted cargo on Monday. Container ships queued at "
    "anchor as crane operators and their union demanded better wages and fewer night shifts "
    "from the port authority.",
};

static void put_levee(cfx *f)
{
    cfx_put(f, "levee-a", "2024-05-03", "a.example", "Levee breaks at Marrow Creek", LEVEE[0],
            LEVEE_ENTS);
    cfx_put(f, "levee-b", "2024-05-03", "b.example", "Eastbank flooded", LEVEE[1], LEVEE_ENTS);
    cfx_put(f, "levee-c", "2024-05-04", "c.example", "Thousands flee the flood", LEVEE[2],
            LEVEE_ENTS);
}

/* The index of the story holding article id, or -1. */
static int story_of(const px_stories *st, const char *id)
{
    for (size_t k = 0; k < st->n; k++)
        for (uint32_t m = 0; m < st->story[k].n; m++)
            if (px_slice_eq(st->c->docs[st->members[st->story[k].first + m]].id, px_slice_cstr(id)))
                return (int)k;
    return -1;
}

static void test_groups(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    put_levee(f);
    cfx_put(f, "strike-a", "2024-05-06", "a.example", "Dockers strike", STRIKE[0], NULL);
    cfx_put(f, "strike-b", "2024-05-06", "b.example", "Port at a standstill", STRIKE[1], NULL);
    /* The same subject a month later is another story. */
    cfx_put(f, "levee-later", "2024-06-10", "a.example", "Levee repairs begin",
            "Repairs to the Marrow Creek levee began on Monday, five weeks after floodwaters "
            "forced the evacuation of Eastbank residents. Engineers said the river embankment "
            "would be rebuilt higher than the old levee before winter.",
            LEVEE_ENTS);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    int lv = story_of(st, "levee-a");
    assert_true(lv >= 0);
    assert_int_equal(story_of(st, "levee-b"), lv);
    assert_int_equal(story_of(st, "levee-c"), lv);
    assert_int_equal(px_stories_size(st, (size_t)lv), 3);
    int sk = story_of(st, "strike-a");
    assert_true(sk >= 0 && sk != lv);
    assert_int_equal(story_of(st, "strike-b"), sk);
    assert_int_not_equal(story_of(st, "levee-later"), lv);
    for (int i = 0; i < 5; i++) {
        char id[32];
        snprintf(id, sizeof id, "other%d", i);
        assert_int_equal(px_stories_size(st, (size_t)story_of(st, id)), 1);
    }
    /* Output order: by first date, then id. */
    assert_true(lv < sk);
    assert_int_equal(px_stories_count(st), 5 + 3);
    assert_int_equal(px_stories_copies(st), 0);
    const char *id = px_stories_id(st, (size_t)lv);
    assert_int_equal(strlen(id), 10);
    assert_memory_equal(id, "s-", 2);
    assert_null(px_stories_id(st, 99));
    px_stories_free(st);
}

static void test_json_and_text(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    put_levee(f);
    cfx_put(f, "levee-copy", "2024-05-05", "d.example", "Copy", LEVEE[0], NULL);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    int lv = story_of(st, "levee-a");
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_stories_write_json(st, (size_t)lv, &b), PX_OK);
    cJSON *o = cJSON_ParseWithLength((const char *)b.ptr, b.len);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, px_stories_id(st, (size_t)lv));
    assert_string_equal(cJSON_GetObjectItem(o, "title")->valuestring,
                        "Levee breaks at Marrow Creek");
    cJSON *dates = cJSON_GetObjectItem(o, "dates");
    assert_int_equal(cJSON_GetArraySize(dates), 2);
    assert_string_equal(cJSON_GetArrayItem(dates, 0)->valuestring, "2024-05-03");
    assert_string_equal(cJSON_GetArrayItem(dates, 1)->valuestring, "2024-05-05");
    cJSON *arts = cJSON_GetObjectItem(o, "articles");
    assert_int_equal(cJSON_GetArraySize(arts), 4);
    cJSON *last = cJSON_GetArrayItem(arts, 3);
    assert_string_equal(cJSON_GetObjectItem(last, "id")->valuestring, "levee-copy");
    assert_string_equal(cJSON_GetObjectItem(last, "outlet")->valuestring, "d.example");
    assert_string_equal(cJSON_GetObjectItem(last, "duplicate_of")->valuestring, "levee-a");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(arts, 0), "duplicate_of")));
    cJSON_Delete(o);
    px_buf_reset(&b);
    assert_int_equal(px_stories_write_text(st, (size_t)lv, &b), PX_OK);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, "4 articles"));
    assert_non_null(strstr((const char *)b.ptr, "(copy of levee-a)"));
    assert_int_equal(px_stories_write_json(st, 999, &b), PX_EINVAL);
    px_buf_free(&b);
    px_stories_free(st);
    /* An opinion piece published first does not title the story. */
    cfx_put(f, "levee-a", "2024-05-03", "a.example", "OPINION: The levee we deserved", LEVEE[0],
            LEVEE_ENTS);
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    px_buf_init(&b, 0);
    assert_int_equal(px_stories_write_json(st, (size_t)story_of(st, "levee-a"), &b), PX_OK);
    o = cJSON_ParseWithLength((const char *)b.ptr, b.len);
    assert_string_equal(cJSON_GetObjectItem(o, "title")->valuestring, "Eastbank flooded");
    cJSON_Delete(o);
    px_buf_free(&b);
    px_stories_free(st);
    assert_int_equal(px__opinion(px_slice_cstr("News"), px_slice_cstr("Rich Lowry Opinion")), 1);
    assert_int_equal(px__opinion(px_slice_cstr("Opinionated cats"), PX_SLICE_NULL), 0);
    assert_int_equal(px__opinion(px_slice_cstr("Op-Ed: Cats"), PX_SLICE_NULL), 1);
}

/* Writes every story as JSON lines into one buffer. */
static void dump(px_store *s, px_buf *out)
{
    px_stories *st;
    assert_int_equal(px_stories_build(s, &st), PX_OK);
    for (size_t i = 0; i < px_stories_count(st); i++) {
        assert_int_equal(px_stories_write_json(st, i, out), PX_OK);
        assert_int_equal(px_buf_append_byte(out, '\n'), PX_OK);
    }
    px_stories_free(st);
}

static void test_stable_ids(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    put_levee(f);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    char before[16];
    snprintf(before, sizeof before, "%s", px_stories_id(st, (size_t)story_of(st, "levee-b")));
    px_stories_free(st);
    /* Deterministic: the same store gives byte-identical output. */
    px_buf a, b;
    px_buf_init(&a, 0);
    px_buf_init(&b, 0);
    dump(f->s, &a);
    dump(f->s, &b);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.ptr, b.ptr, a.len);
    /* An earlier article joins: the story keeps its id although its first
     * member changed; a new story gets a new id. */
    cfx_put(f, "levee-early", "2024-05-02", "e.example", "Levee warning", LEVEE[1], NULL);
    cfx_put(f, "strike-a", "2024-05-06", "a.example", "Dockers strike", STRIKE[0], NULL);
    cfx_put(f, "strike-b", "2024-05-06", "b.example", "Port at a standstill", STRIKE[1], NULL);
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    int lv = story_of(st, "levee-a");
    assert_int_equal(story_of(st, "levee-early"), lv);
    assert_string_equal(px_stories_id(st, (size_t)lv), before);
    assert_string_not_equal(px_stories_id(st, (size_t)story_of(st, "strike-a")), before);
    px_stories_free(st);
    px_buf_free(&a);
    px_buf_free(&b);
}

/* Writes every story as JSON lines; *featurized gets the articles parsed. */
static void dump_update(px_store *s, int rebuild, px_buf *out, size_t *featurized)
{
    px_stories *st;
    assert_int_equal(px_stories_update(s, rebuild, &st), PX_OK);
    *featurized = px_stories_featurized(st);
    for (size_t i = 0; i < px_stories_count(st); i++) {
        assert_int_equal(px_stories_write_json(st, i, out), PX_OK);
        assert_int_equal(px_buf_append_byte(out, '\n'), PX_OK);
    }
    px_stories_free(st);
}

/* Add A, group, add B, group: only B is featurized, A's stories keep their ids
 * and members, B joins them, and here the result equals a full regroup. */
static void test_incremental(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    cfx_put(f, "levee-a", "2024-05-03", "a.example", "Levee breaks at Marrow Creek", LEVEE[0],
            LEVEE_ENTS);
    cfx_put(f, "levee-b", "2024-05-03", "b.example", "Eastbank flooded", LEVEE[1], LEVEE_ENTS);
    cfx_put(f, "strike-a", "2024-05-06", "a.example", "Dockers strike", STRIKE[0], NULL);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    assert_int_equal(px_stories_featurized(st), 8);
    char levee[16], strike[16];
    snprintf(levee, sizeof levee, "%s", px_stories_id(st, (size_t)story_of(st, "levee-a")));
    snprintf(strike, sizeof strike, "%s", px_stories_id(st, (size_t)story_of(st, "strike-a")));
    assert_int_equal(story_of(st, "levee-b"), story_of(st, "levee-a"));
    px_stories_free(st);

    cfx_put(f, "levee-c", "2024-05-04", "c.example", "Thousands flee the flood", LEVEE[2],
            LEVEE_ENTS);
    cfx_put(f, "strike-b", "2024-05-06", "b.example", "Port at a standstill", STRIKE[1], NULL);
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    assert_int_equal(px_stories_featurized(st), 2); /* only B */
    int lv = story_of(st, "levee-a"), sk = story_of(st, "strike-a");
    assert_string_equal(px_stories_id(st, (size_t)lv), levee);
    assert_string_equal(px_stories_id(st, (size_t)sk), strike);
    assert_int_equal(story_of(st, "levee-b"), lv);
    assert_int_equal(story_of(st, "levee-c"), lv);
    assert_int_equal(story_of(st, "strike-b"), sk);
    assert_int_equal(px_stories_size(st, (size_t)lv), 3);
    px_stories_free(st);

    /* Nothing new: nothing parsed; a full rebuild gives the same bytes. */
    px_buf inc, full;
    px_buf_init(&inc, 0);
    px_buf_init(&full, 0);
    size_t n;
    dump_update(f->s, 0, &inc, &n);
    assert_int_equal(n, 0);
    dump_update(f->s, 1, &full, &n);
    assert_int_equal(n, 10);
    assert_int_equal(inc.len, full.len);
    assert_memory_equal(inc.ptr, full.ptr, inc.len);

    /* A replaced record and a damaged blob are featurized again. */
    cfx_put(f, "strike-b", "2024-05-06", "b.example", "Port at a standstill",
            "Kelvin harbour dockers stopped cargo on Monday; container ships queued at anchor "
            "as crane operators and their union demanded better wages from the port authority.",
            NULL);
    assert_int_equal(sqlite3_exec(((px__sqlite *)f->s)->db,
                                  "UPDATE story_features SET f = x'0102' WHERE rid ="
                                  " (SELECT rid FROM articles WHERE id = 'other0')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    px_buf_reset(&inc);
    dump_update(f->s, 0, &inc, &n);
    assert_int_equal(n, 2);
    px_buf_reset(&full);
    dump_update(f->s, 1, &full, &n);
    assert_int_equal(inc.len, full.len);
    assert_memory_equal(inc.ptr, full.ptr, inc.len);
    assert_non_null(strstr((const char *)inc.ptr, strike));
    /* Weighing in two threads (features.c weigh_all, from 20,000 articles
     * by default) gives the same bytes. */
    setenv("PX_WEIGH_THREADS_MIN", "2", 1);
    px_buf two;
    px_buf_init(&two, 0);
    dump_update(f->s, 1, &two, &n);
    unsetenv("PX_WEIGH_THREADS_MIN");
    assert_int_equal(two.len, full.len);
    assert_memory_equal(two.ptr, full.ptr, full.len);
    px_buf_free(&two);
    px_buf_free(&inc);
    px_buf_free(&full);
}

/* Kept stories are not regrouped; a new article that links two of them merges
 * them, and the merged story takes the id most of its kept members had (a tie:
 * the smaller id). --rebuild regroups everything. */
static void test_incremental_merge(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    cfx_put(f, "levee-a", "2024-05-03", "a.example", "Levee breaks at Marrow Creek", LEVEE[0],
            LEVEE_ENTS);
    cfx_put(f, "levee-b", "2024-05-03", "b.example", "Eastbank flooded", LEVEE[1], LEVEE_ENTS);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    char levee[16];
    snprintf(levee, sizeof levee, "%s", px_stories_id(st, (size_t)story_of(st, "levee-a")));
    px_stories_free(st);
    /* Split the saved story by hand, as if the two had not linked before. */
    assert_int_equal(sqlite3_exec(((px__sqlite *)f->s)->db,
                                  "UPDATE story_members SET story = 's-0000beef'"
                                  " WHERE article = 'levee-b'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    assert_int_equal(px_stories_featurized(st), 0);
    assert_int_not_equal(story_of(st, "levee-a"), story_of(st, "levee-b"));
    assert_string_equal(px_stories_id(st, (size_t)story_of(st, "levee-b")), "s-0000beef");
    px_stories_free(st);
    /* A new report links to both: one story, the smaller of the two ids. */
    cfx_put(f, "levee-c", "2024-05-04", "c.example", "Thousands flee the flood", LEVEE[2],
            LEVEE_ENTS);
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    assert_int_equal(px_stories_featurized(st), 1);
    int lv = story_of(st, "levee-c");
    assert_int_equal(story_of(st, "levee-a"), lv);
    assert_int_equal(story_of(st, "levee-b"), lv);
    const char *want = strcmp(levee, "s-0000beef") < 0 ? levee : "s-0000beef";
    assert_string_equal(px_stories_id(st, (size_t)lv), want);
    px_stories_free(st);
    /* Split again; without new articles the split stays, --rebuild joins. */
    assert_int_equal(sqlite3_exec(((px__sqlite *)f->s)->db,
                                  "UPDATE story_members SET story = 's-0000beef'"
                                  " WHERE article = 'levee-b'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(px_stories_update(f->s, 1, &st), PX_OK);
    assert_int_equal(px_stories_featurized(st), 8);
    assert_int_equal(story_of(st, "levee-b"), story_of(st, "levee-a"));
    assert_int_equal(px_stories_size(st, (size_t)story_of(st, "levee-a")), 3);
    px_stories_free(st);
}

/* One integer from the store's database. */
static long long db_int(px_store *s, const char *sql)
{
    sqlite3_stmt *q;
    long long v = -1;
    if (sqlite3_prepare_v2(((px__sqlite *)s)->db, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

static void db_exec(px_store *s, const char *sql)
{
    assert_int_equal(sqlite3_exec(((px__sqlite *)s)->db, sql, NULL, NULL, NULL), SQLITE_OK);
}

/* An incremental run writes only the rows that changed (story_db.c,
 * keep_changed in topic.c): a saved row that is wrong is corrected, rows of
 * articles and stories that are gone are deleted, the others stay, and the
 * tables end as a full rewrite leaves them. */
static void test_partial_save(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    put_levee(f);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    px_stories_free(st);
    long long members = db_int(f->s, "SELECT count(*) FROM story_members");
    long long topics = db_int(f->s, "SELECT count(*) FROM topic_members");
    long long ord = db_int(f->s, "SELECT ord FROM story_members WHERE article = 'levee-b'");
    assert_true(members >= 3 && topics >= 1 && ord >= 0);
    db_exec(f->s, "UPDATE story_members SET ord = 77 WHERE article = 'levee-b';"
                  "INSERT INTO story_members VALUES ('ghost', 's-00000bad', NULL, 0);"
                  "UPDATE topic_members SET lead = 1 - lead WHERE story ="
                  " (SELECT story FROM story_members WHERE article = 'levee-a');"
                  "INSERT INTO topic_members VALUES ('s-00000bad', 't-00000bad', 1);");
    cfx_put(f, "strike-a", "2024-05-06", "a.example", "Dockers strike", STRIKE[0], NULL);
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    assert_int_equal(px_stories_featurized(st), 1);
    px_stories_free(st);
    assert_int_equal(db_int(f->s, "SELECT count(*) FROM story_members"), members + 1);
    assert_int_equal(db_int(f->s, "SELECT count(*) FROM story_members WHERE article = 'ghost'"), 0);
    assert_int_equal(db_int(f->s, "SELECT ord FROM story_members WHERE article = 'levee-b'"), ord);
    assert_int_equal(db_int(f->s, "SELECT count(*) FROM topic_members WHERE story = 's-00000bad'"),
                     0);
    long long m1 = db_int(f->s, "SELECT sum(length(article) * ord + length(story) +"
                                " coalesce(length(duplicate_of), 0)) FROM story_members");
    long long t1 = db_int(f->s, "SELECT count(*) * 1000 + sum(lead) FROM topic_members");
    long long lead = db_int(f->s, "SELECT lead FROM topic_members WHERE story ="
                                  " (SELECT story FROM story_members WHERE article = 'levee-a')");
    /* A rebuild rewrites every row: the same tables. */
    assert_int_equal(px_stories_update(f->s, 1, &st), PX_OK);
    px_stories_free(st);
    assert_int_equal(db_int(f->s, "SELECT sum(length(article) * ord + length(story) +"
                                  " coalesce(length(duplicate_of), 0)) FROM story_members"),
                     m1);
    assert_int_equal(db_int(f->s, "SELECT count(*) * 1000 + sum(lead) FROM topic_members"), t1);
    assert_int_equal(db_int(f->s, "SELECT lead FROM topic_members WHERE story ="
                                  " (SELECT story FROM story_members WHERE article = 'levee-a')"),
                     lead);
}

static void test_empty_store(void **state)
{
    cfx *f = *state;
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    assert_int_equal(px_stories_count(st), 0);
    assert_int_equal(px_stories_size(st, 0), 0);
    px_stories_free(st);
    assert_int_equal(px_stories_build(f->s, NULL), PX_EINVAL);
    assert_int_equal(px_stories_build(NULL, &st), PX_EINVAL);
    px_stories_free(NULL);
}

/* A pseudo-word made of letters only, distinct for each n. */
static void pseudo(unsigned n, char *out)
{
    out[0] = 'q';
    out[1] = (char)('a' + n / 26 % 26);
    out[2] = (char)('a' + n % 26);
    out[3] = 'u';
    out[4] = 'x';
    out[5] = 0;
}

/* Single-link drift: each article shares most words with the next, none with
 * articles far along the chain. Best links would chain all 14 into one story;
 * the mean link across two stories bounds them (stories of one event). */
static void test_drift(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    enum { N = 14, WORDS = 12, STEP = 3 };
    for (unsigned i = 0; i < N; i++) {
        char text[1024] = "", w[8], id[16];
        for (unsigned r = 0; r < 3; r++)
            for (unsigned k = 0; k < WORDS; k++) {
                pseudo(i * STEP + k, w);
                strcat(text, w);
                strcat(text, k + 1 == WORDS ? ". " : " ");
            }
        snprintf(id, sizeof id, "chain%02u", i);
        cfx_put(f, id, "2024-05-03", "a.example", "Chain", text, NULL);
    }
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    int first = story_of(st, "chain00"), last = story_of(st, "chain13");
    assert_true(first >= 0 && last >= 0);
    assert_int_equal(story_of(st, "chain01"), first); /* neighbours still join */
    assert_int_not_equal(first, last);
    for (size_t k = 0; k < px_stories_count(st); k++)
        assert_true(px_stories_size(st, k) <= 9);
    px_stories_free(st);
}

/* The parameters are options of the run: a link bar no pair reaches keeps
 * every article apart; the defaults (NULL) join the levee reports again. */
static void test_grouping_opts(void **state)
{
    cfx *f = *state;
    cfx_put(f, "levee-a", "2024-05-03", "a.example", "Levee breaks at Marrow Creek", LEVEE[0],
            LEVEE_ENTS);
    cfx_put(f, "levee-b", "2024-05-03", "b.example", "Eastbank flooded", LEVEE[1], LEVEE_ENTS);
    px_grouping P;
    px_grouping_defaults(&P);
    assert_int_equal(px_grouping_set(&P, "link", 10), PX_OK);
    px_stories *st;
    assert_int_equal(px_stories_group(f->s, 1, &P, &st), PX_OK);
    assert_int_not_equal(story_of(st, "levee-a"), story_of(st, "levee-b"));
    px_stories_free(st);
    assert_int_equal(px_stories_group(f->s, 1, NULL, &st), PX_OK);
    assert_int_equal(story_of(st, "levee-a"), story_of(st, "levee-b"));
    px_stories_free(st);
}

/* Across languages: a report and its translation share names, entity keys
 * and the date, not words; each is the other's best match in its language,
 * so they join, and the two Spanish reports of different events stay apart
 * although they share their function words. */
static void test_across_languages(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    cfx_put(f, "levee-en", "2024-05-03", "a.example", "Levee breaks at Marrow Creek", LEVEE[0],
            LEVEE_ENTS ",\"lang\":\"en\"");
    cfx_put(f, "levee-es", "2024-05-03", "b.example", "Se rompe el dique de Marrow Creek",
            "Las aguas de la crecida rompieron el viejo dique de Marrow Creek antes del "
            "amanecer del viernes y obligaron a evacuar a los vecinos de Eastbank. Los equipos "
            "de rescate recorrieron en botes las calles anegadas y el condado abrió albergues "
            "en los gimnasios de las escuelas. El río subió nueve metros. El gobernador declaró "
            "el estado de emergencia.",
            LEVEE_ENTS ",\"lang\":\"es\"");
    cfx_put(f, "strike-en", "2024-05-03", "c.example", "Dockers strike", STRIKE[0],
            "\"entities\":[{\"id\":\"e1\",\"type\":\"LOC\",\"name\":\"Kelvin\","
            "\"key\":\"kelvin\",\"mentions\":[]}],\"lang\":\"en\"");
    cfx_put(f, "strike-es", "2024-05-03", "d.example", "Huelga en el puerto de Kelvin",
            "Los estibadores del puerto de Kelvin dejaron el trabajo el lunes por los salarios y "
            "los turnos de noche, y los buques de contenedores esperaron fondeados. El sindicato "
            "dijo que la huelga seguirá hasta que la autoridad portuaria mejore su oferta a los "
            "operadores de las grúas.",
            "\"entities\":[{\"id\":\"e1\",\"type\":\"LOC\",\"name\":\"Kelvin\","
            "\"key\":\"kelvin\",\"mentions\":[]}],\"lang\":\"es\"");
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    int lv = story_of(st, "levee-en"), sk = story_of(st, "strike-en");
    assert_true(lv >= 0 && sk >= 0 && lv != sk);
    assert_int_equal(story_of(st, "levee-es"), lv);
    assert_int_equal(story_of(st, "strike-es"), sk);
    assert_int_equal(px_stories_size(st, (size_t)lv), 2);
    assert_int_equal(px_stories_size(st, (size_t)sk), 2);
    px_stories_free(st);
    /* With a link bar no pair reaches, the mutual best matches alone still
     * pair each report with its translation, and nothing else. */
    px_grouping P;
    px_grouping_defaults(&P);
    assert_int_equal(px_grouping_set(&P, "link", 5), PX_OK);
    assert_int_equal(px_stories_group(f->s, 1, &P, &st), PX_OK);
    lv = story_of(st, "levee-en");
    assert_int_equal(story_of(st, "levee-es"), lv);
    assert_int_equal(story_of(st, "strike-es"), story_of(st, "strike-en"));
    assert_int_not_equal(story_of(st, "strike-es"), lv);
    assert_int_equal(px_stories_size(st, (size_t)lv), 2);
    px_stories_free(st);
    /* And without them (a bar no pair reaches either), every article stands alone. */
    assert_int_equal(px_grouping_set(&P, "xlang_link", 5), PX_OK);
    assert_int_equal(px_stories_group(f->s, 1, &P, &st), PX_OK);
    assert_int_not_equal(story_of(st, "levee-es"), story_of(st, "levee-en"));
    assert_int_not_equal(story_of(st, "strike-es"), story_of(st, "strike-en"));
    px_stories_free(st);
}

/* Each language is stemmed by its own stemmer and has its own stop words. */
static void test_vocab_languages(void **state)
{
    (void)state;
    px__vocab v;
    assert_int_equal(px__vocab_init(&v), PX_OK);
    uint8_t es = px__vocab_lang(&v, px_slice_cstr("es"));
    assert_int_equal(es, 1);
    assert_int_equal(px__vocab_lang(&v, px_slice_cstr("ES")), es);
    assert_int_equal(px__vocab_lang(&v, px_slice_cstr("en")), 0);
    assert_int_equal(px__vocab_lang(&v, PX_SLICE_NULL), 0);
    assert_int_equal(px__vocab_lang(&v, px_slice_cstr("e1")), 0);
    uint32_t a, b, c;
    assert_int_equal(px__vocab_term_in(&v, es, px_slice_cstr("inundaciones"), &a), PX_OK);
    assert_int_equal(px__vocab_term_in(&v, es, px_slice_cstr("inundación"), &b), PX_OK);
    assert_true(a != UINT32_MAX);
    assert_int_equal(a, b); /* Spanish Snowball: one stem */
    assert_int_equal(px__vocab_term_in(&v, es, px_slice_cstr("los"), &c), PX_OK);
    assert_int_equal(c, UINT32_MAX); /* a Spanish stop word */
    assert_int_equal(px__vocab_term(&v, px_slice_cstr("los"), &c), PX_OK);
    assert_true(c != UINT32_MAX); /* not an English one */
    /* A name is one term in both languages. */
    assert_int_equal(px__vocab_term_in(&v, es, px_slice_cstr("airbus"), &a), PX_OK);
    assert_int_equal(px__vocab_term(&v, px_slice_cstr("airbus"), &b), PX_OK);
    assert_int_equal(a, b);
    px__vocab_fini(&v);
}

static void test_score(void **state)
{
    (void)state;
    uint32_t t[2] = {1, 2};
    float w[2] = {0.6f, 0.8f};
    uint64_t e[1] = {42};
    px__cdoc a = {.term = t, .w = w, .n_term = 2, .ent = e, .n_ent = 1, .day = 100};
    px__cdoc b = a;
    px_grouping P;
    px_grouping_defaults(&P);
    double same = px__story_score(&P, &a, &b);
    assert_true(same > 1.0); /* cosine 1 plus the shared entity */
    b.day = 100 + 30;
    assert_true(px__story_score(&P, &a, &b) < 0); /* a month apart */
    assert_int_equal(px_grouping_set(&P, "max_days", 40), PX_OK);
    assert_true(px__story_score(&P, &a, &b) > 0.4); /* within the wider window */
    b.day = PX_NODAY;
    assert_true(px__story_score(&P, &a, &b) > 1.0); /* undated: content alone */
    assert_int_equal(px_grouping_set(&P, "no such", 1), PX_EINVAL);
    assert_int_equal(px_grouping_set(&P, "link", -1), PX_EINVAL);
    assert_int_equal(px_grouping_set(&P, "topic_index", 0), PX_EINVAL);
    assert_int_equal(px_grouping_set(&P, "topic_link", 0.2), PX_OK);
    double v = 0;
    size_t i = 0;
    while (px_grouping_name(&P, i, NULL) && strcmp(px_grouping_name(&P, i, NULL), "topic_link"))
        i++;
    assert_non_null(px_grouping_name(&P, i, &v));
    assert_true(v == 0.2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_groups, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_json_and_text, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_stable_ids, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_incremental, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_incremental_merge, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_partial_save, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_empty_store, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_drift, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_grouping_opts, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_across_languages, cfx_setup, cfx_teardown),
        cmocka_unit_test(test_vocab_languages),
        cmocka_unit_test(test_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
