/* Tests of topics (src/corpus/topic.c, topic_out.c): stories of one thread
 * weeks apart join one topic, other subjects stay apart, ids are stable, and
 * reading never writes. */
#include <cjson/cJSON.h>

#include "corpus/topic_impl.h"
#include "corpus_fixture.h"
#include "parallax/report.h"
#include "store/sqlite_impl.h"

#define LEVEE_ENTS                                                                                 \
    "\"entities\":[{\"id\":\"e1\",\"type\":\"LOC\",\"name\":\"Marrow Creek\",\"key\":\"marrow "    \
    "creek\",\"mentions\":[]},{\"id\":\"e2\",\"type\":\"LOC\",\"name\":\"Eastbank\","              \
    "\"key\":\"eastbank\",\"mentions\":[]}]"

/* One thread: the levee breaks (May), the inquiry into the levee (June), the
 * rebuilt levee opens (a year later): different events, same subject. */
static const char *const BREAK =
    "Floodwaters broke through the old levee at Marrow Creek before dawn on Friday, forcing "
    "the evacuation of 2,300 residents from Eastbank. Rescue crews in boats searched flooded "
    "streets and the county opened shelters. The governor declared a state of emergency.";
static const char *const BREAK2 =
    "The Marrow Creek levee collapsed early on Friday and water poured into Eastbank. Some "
    "2,300 residents were evacuated to shelters, and boats carried stranded families out of "
    "flooded streets. A state of emergency was declared by the governor.";
static const char *const INQUIRY =
    "An inquiry into the collapse of the Marrow Creek levee heard on Monday that engineers "
    "had warned of cracks in the levee for years. Eastbank residents whose homes were "
    "flooded told the inquiry the county ignored the warnings about the levee.";
static const char *const REOPEN =
    "A year after the flood, the rebuilt Marrow Creek levee opened on Tuesday. The new levee "
    "is two metres higher, and Eastbank residents who were flooded last spring watched the "
    "county engineers close the flood gates for the first time.";
static const char *const STRIKE =
    "Dock workers at Kelvin harbour walked out on Monday over pay and night shifts, leaving "
    "container ships waiting at anchor. The dockers' union said the strike would last until "
    "the port authority improved its wage offer for crane operators.";
static const char *const STRIKE2 =
    "Kelvin harbour dockers voted on Thursday to end their strike after the port authority "
    "raised its wage offer for crane operators. Container ships waiting at anchor began to "
    "unload, the dockers' union said.";

static void put_thread(cfx *f)
{
    cfx_put(f, "break-a", "2024-05-03", "a.example", "Levee breaks at Marrow Creek", BREAK,
            LEVEE_ENTS);
    cfx_put(f, "break-b", "2024-05-03", "b.example", "Eastbank flooded", BREAK2, LEVEE_ENTS);
    cfx_put(f, "inquiry-a", "2024-06-10", "a.example", "Levee inquiry hears of warnings", INQUIRY,
            LEVEE_ENTS);
    cfx_put(f, "strike-a", "2024-05-06", "c.example", "Dockers strike", STRIKE, NULL);
}

/* The topic index of the story holding article id, or -1. */
static int topic_of(const px_topics *t, const char *id)
{
    const px_stories *st = t->st;
    for (size_t i = 0; i < t->n; i++)
        for (uint32_t k = 0; k < t->topic[i].n; k++) {
            const px__story *s = &st->story[t->stories[t->topic[i].first + k]];
            for (uint32_t m = 0; m < s->n; m++)
                if (px_slice_eq(st->c->docs[st->members[s->first + m]].id, px_slice_cstr(id)))
                    return (int)i;
        }
    return -1;
}

static px_topics *group_and_load(px_store *s)
{
    px_stories *st;
    assert_int_equal(px_stories_build(s, &st), PX_OK);
    px_stories_free(st);
    px_topics *t;
    assert_int_equal(px_topics_load(s, &t), PX_OK);
    return t;
}

static void test_thread(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    put_thread(f);
    px_topics *t = group_and_load(f->s);
    int lv = topic_of(t, "break-a");
    assert_true(lv >= 0);
    /* The break and the inquiry five weeks later: two stories, one topic. */
    assert_int_equal(topic_of(t, "inquiry-a"), lv);
    assert_int_equal(px_topics_size(t, (size_t)lv), 2);
    assert_int_not_equal(topic_of(t, "strike-a"), lv);
    assert_int_not_equal(topic_of(t, "other0"), lv);
    assert_int_equal(strncmp(px_topics_id(t, (size_t)lv), "t-", 2), 0);
    assert_int_equal(strlen(px_topics_id(t, (size_t)lv)), 10);

    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_topics_write_json(t, (size_t)lv, &b), PX_OK);
    cJSON *j = cJSON_ParseWithLength((const char *)b.ptr, b.len);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "id")->valuestring, px_topics_id(t, (size_t)lv));
    cJSON *dates = cJSON_GetObjectItem(j, "dates");
    assert_int_equal(cJSON_GetArraySize(dates), 2);
    assert_string_equal(cJSON_GetArrayItem(dates, 0)->valuestring, "2024-05-03");
    assert_string_equal(cJSON_GetArrayItem(dates, 1)->valuestring, "2024-06-10");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "stories")), 2);
    cJSON *arts = cJSON_GetObjectItem(j, "articles");
    assert_int_equal(cJSON_GetArraySize(arts), 3);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(arts, 2), "id")->valuestring,
                        "inquiry-a");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "outlets")), 2);
    assert_non_null(cJSON_GetObjectItem(j, "title")->valuestring);
    cJSON_Delete(j);
    px_buf_reset(&b);
    assert_int_equal(px_topics_write_text(t, (size_t)lv, &b), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, "2 stories  3 articles  2 outlets"));
    px_buf_free(&b);
    assert_int_equal(px_topics_write_json(t, px_topics_count(t), &b), PX_EINVAL);
    px_topics_free(t);
}

/* Ids stay as stories are added; the same store reads back the same bytes;
 * a later story of the thread joins its topic incrementally. */
static void test_stable(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    put_thread(f);
    px_topics *t = group_and_load(f->s);
    char levee[16], strike[16];
    snprintf(levee, sizeof levee, "%s", px_topics_id(t, (size_t)topic_of(t, "break-a")));
    snprintf(strike, sizeof strike, "%s", px_topics_id(t, (size_t)topic_of(t, "strike-a")));
    px_buf a, b;
    px_buf_init(&a, 0);
    px_buf_init(&b, 0);
    for (size_t i = 0; i < px_topics_count(t); i++)
        assert_int_equal(px_topics_write_json(t, i, &a), PX_OK);
    px_topics_free(t);
    assert_int_equal(px_topics_load(f->s, &t), PX_OK);
    for (size_t i = 0; i < px_topics_count(t); i++)
        assert_int_equal(px_topics_write_json(t, i, &b), PX_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.ptr, b.ptr, a.len);
    px_topics_free(t);

    cfx_put(f, "reopen-a", "2025-05-20", "b.example", "Rebuilt levee opens", REOPEN, LEVEE_ENTS);
    cfx_put(f, "strike-b", "2024-05-09", "a.example", "Strike ends", STRIKE2, NULL);
    t = group_and_load(f->s);
    int lv = topic_of(t, "break-a");
    assert_string_equal(px_topics_id(t, (size_t)lv), levee);
    assert_int_equal(topic_of(t, "reopen-a"), lv);
    assert_int_equal(topic_of(t, "inquiry-a"), lv);
    assert_string_equal(px_topics_id(t, (size_t)topic_of(t, "strike-a")), strike);
    px_topics_free(t);
    /* A full regroup keeps the ids too. */
    px_stories *st;
    assert_int_equal(px_stories_update(f->s, 1, &st), PX_OK);
    px_stories_free(st);
    assert_int_equal(px_topics_load(f->s, &t), PX_OK);
    assert_string_equal(px_topics_id(t, (size_t)topic_of(t, "break-a")), levee);
    assert_string_equal(px_topics_id(t, (size_t)topic_of(t, "strike-a")), strike);
    px_topics_free(t);
    px_buf_free(&a);
    px_buf_free(&b);
}

/* topic_near bounds the candidates of each index key to the nearest earlier
 * stories that have it: with 1, the reopening a year later meets only the
 * inquiry, and the thread still forms link by link; the strike stays apart. */
static void test_near(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    put_thread(f);
    cfx_put(f, "reopen-a", "2025-05-20", "b.example", "Rebuilt levee opens", REOPEN, LEVEE_ENTS);
    px_grouping P;
    px_grouping_defaults(&P);
    assert_int_equal(P.topic_near, 256);
    assert_int_equal(px_grouping_set(&P, "topic_near", -1), PX_EINVAL);
    assert_int_equal(px_grouping_set(&P, "topic_near", 1), PX_OK);
    px_stories *st;
    assert_int_equal(px_stories_group(f->s, 1, &P, &st), PX_OK);
    px_stories_free(st);
    px_topics *t;
    assert_int_equal(px_topics_load(f->s, &t), PX_OK);
    int lv = topic_of(t, "break-a");
    assert_true(lv >= 0);
    assert_int_equal(topic_of(t, "inquiry-a"), lv);
    assert_int_equal(topic_of(t, "reopen-a"), lv);
    assert_int_equal(px_topics_size(t, (size_t)lv), 3);
    assert_int_not_equal(topic_of(t, "strike-a"), lv);
    px_topics_free(t);
}

/* compare --topic: coverage per outlet, and tone, events and labels read from
 * the records, per month. */
#define ANALYSES(tone, root, gold, label)                                                          \
    LEVEE_ENTS ",\"tone\":{\"tone\":" tone "},\"events\":[{\"root\":\"" root                       \
               "\",\"goldstein\":" gold "}],\"labels\":[{\"label\":\"" label                       \
               "\",\"concept\":\"levee-failure\"}]"

static void test_compare_topic(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    cfx_put(f, "break-a", "2024-05-03", "a.example", "Levee breaks at Marrow Creek", BREAK,
            ANALYSES("-2.5", "18", "-9", "disaster"));
    cfx_put(f, "break-b", "2024-05-03", "b.example", "Eastbank flooded", BREAK2,
            ANALYSES("-1.5", "19", "-10", "neglect"));
    cfx_put(f, "inquiry-a", "2024-06-10", "a.example", "Levee inquiry hears of warnings", INQUIRY,
            ANALYSES("-0.5", "05", "3.5", "disaster"));
    px_topics *t = group_and_load(f->s);
    char id[16];
    snprintf(id, sizeof id, "%s", px_topics_id(t, (size_t)topic_of(t, "break-a")));
    char inquiry[16];
    snprintf(inquiry, sizeof inquiry, "%s",
             t->st->story[t->stories[t->topic[topic_of(t, "inquiry-a")].first + 1]].id);
    px_topics_free(t);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_compare_topic(f->s, id, NULL, 1, &b), PX_OK);
    cJSON *j = cJSON_ParseWithLength((const char *)b.ptr, b.len);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "schema")->valuestring, "parallax.topic/1");
    cJSON *by = cJSON_GetObjectItem(j, "by_outlet");
    assert_int_equal(cJSON_GetArraySize(by), 2);
    cJSON *a = cJSON_GetArrayItem(by, 0), *bb = cJSON_GetArrayItem(by, 1);
    assert_string_equal(cJSON_GetObjectItem(a, "outlet")->valuestring, "a.example");
    assert_int_equal(cJSON_GetObjectItem(a, "articles")->valueint, 2);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "covered")), 2);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "skipped")), 0);
    assert_float_equal(cJSON_GetObjectItem(a, "tone")->valuedouble, -1.5, 1e-9);
    cJSON *periods = cJSON_GetObjectItem(a, "periods");
    assert_int_equal(cJSON_GetArraySize(periods), 2);
    cJSON *may = cJSON_GetArrayItem(periods, 0), *june = cJSON_GetArrayItem(periods, 1);
    assert_string_equal(cJSON_GetObjectItem(may, "period")->valuestring, "2024-05");
    assert_string_equal(cJSON_GetObjectItem(june, "period")->valuestring, "2024-06");
    assert_int_equal(cJSON_GetObjectItem(may, "events")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(may, "roots"), "18")->valueint, 1);
    assert_float_equal(cJSON_GetObjectItem(june, "goldstein")->valuedouble, 3.5, 1e-9);
    /* b.example skipped the inquiry: a coverage gap. */
    cJSON *skipped = cJSON_GetObjectItem(bb, "skipped");
    assert_int_equal(cJSON_GetArraySize(skipped), 1);
    assert_string_equal(cJSON_GetArrayItem(skipped, 0)->valuestring, inquiry);
    cJSON *labels = cJSON_GetObjectItem(j, "labels");
    assert_int_equal(cJSON_GetArraySize(labels), 1);
    cJSON *c0 = cJSON_GetArrayItem(labels, 0);
    assert_string_equal(cJSON_GetObjectItem(c0, "concept")->valuestring, "levee-failure");
    cJSON *lo = cJSON_GetArrayItem(cJSON_GetObjectItem(c0, "outlets"), 0);
    cJSON *l0 = cJSON_GetArrayItem(cJSON_GetObjectItem(lo, "labels"), 0);
    assert_string_equal(cJSON_GetObjectItem(l0, "label")->valuestring, "disaster");
    assert_int_equal(cJSON_GetObjectItem(l0, "count")->valueint, 2);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l0, "dates")), 2);
    cJSON_Delete(j);
    /* The readable report, --outlets, unknown ids. */
    px_buf_reset(&b);
    assert_int_equal(px_compare_topic(f->s, id, "b.example", 0, &b), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, "b.example  1 article  1 of 2 stories"));
    assert_null(strstr((const char *)b.ptr, "a.example  2"));
    px_buf_reset(&b);
    assert_int_equal(px_compare_topic(f->s, "t-nothere", NULL, 1, &b), PX_ENOTFOUND);
    assert_int_equal(px_compare_topic(f->s, id, "z.example", 1, &b), PX_EINVAL);
    px_buf_free(&b);
}

/* Topics weigh an article's entities by their mentions (the subject over a
 * name given in passing): the counts are featurized from the record, saved
 * with the features, and read back on a later run that parses nothing. */
static void test_mentions_saved(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    cfx_put(f, "break-a", "2024-05-03", "a.example", "Levee breaks at Marrow Creek", BREAK,
            "\"entities\":[{\"id\":\"e1\",\"type\":\"LOC\",\"name\":\"Marrow Creek\","
            "\"key\":\"marrow creek\",\"mentions\":[[40,52],[60,72],[80,92],[100,112]]},"
            "{\"id\":\"e2\",\"type\":\"LOC\",\"name\":\"Eastbank\",\"key\":\"eastbank\","
            "\"mentions\":[[150,158]]}]");
    uint64_t creek = px__hash64("marrow creek", 12, 17), east = px__hash64("eastbank", 8, 17);
    for (int run = 0; run < 2; run++) {
        px_stories *st;
        assert_int_equal(px_stories_build(f->s, &st), PX_OK);
        /* The first run featurizes every article, the second none. */
        assert_int_equal(px_stories_featurized(st), run ? 0 : st->c->n);
        const px__cdoc *d = NULL;
        for (uint32_t i = 0; i < st->c->n; i++)
            if (px_slice_eq(st->c->docs[i].id, px_slice_cstr("break-a")))
                d = &st->c->docs[i];
        assert_non_null(d);
        assert_int_equal(d->n_ent, 2);
        assert_non_null(d->ent_men);
        for (uint32_t e = 0; e < d->n_ent; e++) {
            assert_true(d->ent[e] == creek || d->ent[e] == east);
            assert_int_equal(d->ent_men[e], d->ent[e] == creek ? 4 : 1);
        }
        px_stories_free(st);
    }
}

static int buf_sink(void *ud, const uint8_t *p, size_t n)
{
    return px_buf_append((px_buf *)ud, p, n) != PX_OK;
}

static int collect_id(void *ud, const char *id)
{
    px_buf *b = ud;
    return px_buf_append_str(b, id) || px_buf_append_byte(b, ' ');
}

/* The report's index lists the topics of two stories or more: linked to
 * their pages (DIR/ reports, whose topic pages px_report_topic_ids names),
 * or with their stories' sections in a one-file report. */
static void test_report_index(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    put_thread(f);
    px_buf b;
    px_buf_init(&b, 0);
    /* No topics yet: no section, no error. */
    assert_int_equal(px_report_write(f->s, NULL, buf_sink, &b), PX_ESTALE);
    assert_int_equal(px_report_topic_ids(f->s, collect_id, &b), PX_OK);
    px_buf_reset(&b);
    px_topics *t = group_and_load(f->s);
    int lv = topic_of(t, "break-a");
    assert_true(lv >= 0);
    char id[16], href[32], story[64];
    snprintf(id, sizeof id, "%s", px_topics_id(t, (size_t)lv));
    size_t threads = 0;
    for (size_t i = 0; i < px_topics_count(t); i++)
        threads += px_topics_size(t, i) >= 2;
    px_topics_free(t);
    assert_int_equal(px_report_topic_ids(f->s, collect_id, &b), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, id));
    size_t spaces = 0;
    for (size_t i = 0; i < b.len; i++)
        spaces += b.ptr[i] == ' ';
    assert_int_equal(spaces, threads);
    px_buf_reset(&b);

    px_report_opts pages = {NULL, 0, ".html", NULL, NULL};
    assert_int_equal(px_report_write(f->s, &pages, buf_sink, &b), PX_OK);
    assert_int_equal(px_buf_append_byte(&b, 0), PX_OK);
    const char *topics = strstr((const char *)b.ptr, "<section id=\"topics\">");
    assert_non_null(topics);
    snprintf(href, sizeof href, "href=\"%s.html\"", id);
    assert_non_null(strstr(topics, href));
    px_buf_reset(&b);

    assert_int_equal(px_report_write(f->s, NULL, buf_sink, &b), PX_OK);
    assert_int_equal(px_buf_append_byte(&b, 0), PX_OK);
    topics = strstr((const char *)b.ptr, "<section id=\"topics\">");
    assert_non_null(topics);
    assert_null(strstr(topics, href));
    /* Its stories link to their sections of the same file. */
    px_stories *st;
    char sid[32] = "";
    assert_int_equal(px_stories_load(f->s, &st), PX_OK);
    for (size_t i = 0; i < px_stories_count(st); i++) {
        const px__story *sy = &st->story[i];
        if (!px_slice_eq(st->c->docs[st->members[sy->first]].id, px_slice_cstr("inquiry-a")))
            continue;
        snprintf(sid, sizeof sid, "%s", sy->id);
        snprintf(story, sizeof story, "href=\"#st-%s\"", sy->id);
        const char *end = strstr(topics, "</section>");
        const char *at = strstr(topics, story);
        assert_true(at && end && at < end);
        snprintf(story, sizeof story, "id=\"st-%s\"", sy->id);
        assert_non_null(strstr((const char *)b.ptr, story));
    }
    px_stories_free(st);
    /* A report of chosen stories lists no topics. */
    assert_true(sid[0]);
    px_buf_reset(&b);
    const char *one[] = {sid};
    px_report_opts some = {one, 1, NULL, NULL, NULL};
    assert_int_equal(px_report_write(f->s, &some, buf_sink, &b), PX_OK);
    assert_int_equal(px_buf_append_byte(&b, 0), PX_OK);
    assert_null(strstr((const char *)b.ptr, "<section id=\"topics\">"));
    assert_non_null(strstr((const char *)b.ptr, story));
    px_buf_free(&b);
}

static void test_not_grouped(void **state)
{
    cfx *f = *state;
    px_topics *t = (px_topics *)1;
    assert_int_equal(px_topics_load(f->s, &t), PX_ENOTFOUND);
    assert_null(t);
    put_thread(f);
    assert_int_equal(px_topics_load(f->s, &t), PX_ESTALE);
    /* A store grouped by a version without topics: no topic rows. */
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    px_stories_free(st);
    assert_int_equal(
        sqlite3_exec(((px__sqlite *)f->s)->db, "DELETE FROM topic_members", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(px_topics_load(f->s, &t), PX_ESTALE);
    assert_non_null(strstr(px_store_errmsg(f->s), "parallax stories"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_thread, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_stable, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_near, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_compare_topic, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_not_grouped, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_mentions_saved, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_report_index, cfx_setup, cfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
