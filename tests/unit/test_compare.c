/* Tests of story comparison (src/corpus/compare*.c): aligned counts, silences,
 * quote provenance, entities, distinctive terms, timeline, errors. */
#include <cjson/cJSON.h>

#include "corpus/corpus_impl.h"
#include "corpus_fixture.h"

static const char A[] =
    "Police said 3 people were killed and over 50 injured on the Ibar bridge on Sunday. "
    "Organisers said between 140,000 and 150,000 people marched across the Ibar bridge. "
    "Police arrested 12 marchers. \"Those terrorists will answer for every act of aggression,\" "
    "Interior Minister Petar Ilic said. The aggression on the bridge was planned, the "
    "ministry said, and the aggression will not go unpunished.";
static const char B[] =
    "Five people were killed and 51 wounded when police charged the march on the Ibar bridge "
    "on Sunday. About 50,000 people marched across the Ibar bridge, police said. \"Those "
    "attackers will answer for every act of aggression,\" Interior Minister Petar Ilic said. "
    "Witnesses described an intervention by riot police against a peaceful march; the "
    "intervention left the peaceful marchers bleeding on the bridge.";
static const char C[] =
    "Clashes on the Ibar bridge on Sunday left people killed and dozens wounded, with marchers "
    "and police giving different figures. Interior Minister Petar Ilic said: \"Those "
    "terrorists will answer for every act of aggression.\" The bridge reopened on Monday "
    "after police cleared the march.";

static char extra_a[2048], extra_b[2048], extra_c[1024];

static void make_extras(void)
{
    char s1[32], s2[32], s3[32], s4[32], s5[32], s6[32], s7[32], s8[32];
    snprintf(extra_a, sizeof extra_a,
             "\"entities\":[{\"id\":\"e1\",\"type\":\"PER\",\"name\":\"Petar Ilic\",\"key\":"
             "\"petar ilic\",\"mentions\":[%s]},{\"id\":\"e2\",\"type\":\"LOC\",\"name\":\"Ibar\","
             "\"key\":\"ibar\",\"mentions\":[%s]}],"
             "\"quantities\":["
             "{\"span\":%s,\"value\":3,\"high\":null,\"approx\":\"exact\",\"object\":\"people\","
             "\"count\":\"KILL\"},"
             "{\"span\":%s,\"value\":50,\"high\":null,\"approx\":\"over\",\"object\":null,"
             "\"count\":\"WOUND\"},"
             "{\"span\":%s,\"value\":140000,\"high\":150000,\"approx\":\"exact\","
             "\"object\":\"people\",\"count\":\"PROTEST\"},"
             "{\"span\":%s,\"value\":12,\"high\":null,\"approx\":\"exact\",\"object\":\"marchers\","
             "\"count\":\"ARREST\"}],"
             "\"quotes\":[{\"content\":[%s],\"speaker\":\"e1\",\"direct\":true}],"
             "\"timexes\":[{\"span\":%s,\"type\":\"DATE\",\"value\":\"2024-03-24\"}]",
             cfx_span(A, "Petar Ilic", s1, 32), cfx_span(A, "Ibar", s2, 32),
             cfx_span(A, "3 people were killed", s3, 32), cfx_span(A, "over 50 injured", s4, 32),
             cfx_span(A, "between 140,000 and 150,000 people", s5, 32),
             cfx_span(A, "arrested 12 marchers", s6, 32),
             cfx_span(A, "Those terrorists will answer for every act of aggression", s7, 32),
             cfx_span(A, "Sunday", s8, 32));
    snprintf(
        extra_b, sizeof extra_b,
        "\"entities\":[{\"id\":\"e1\",\"type\":\"LOC\",\"name\":\"Ibar\",\"key\":\"ibar\","
        "\"mentions\":[%s]},{\"id\":\"e2\",\"type\":\"PER\",\"name\":\"Petar Ilić\",\"key\":"
        "\"petar ilic\",\"mentions\":[%s]}],"
        "\"quantities\":["
        "{\"span\":%s,\"value\":5,\"high\":null,\"approx\":\"exact\",\"object\":\"people\","
        "\"count\":\"KILL\"},"
        "{\"span\":%s,\"value\":51,\"high\":null,\"approx\":\"exact\",\"object\":null,"
        "\"count\":\"WOUND\"},"
        "{\"span\":%s,\"value\":50000,\"high\":null,\"approx\":\"about\",\"object\":\"people\","
        "\"count\":\"PROTEST\"}],"
        "\"quotes\":[{\"content\":[%s],\"speaker\":\"e2\",\"direct\":true}],"
        "\"timexes\":[{\"span\":%s,\"type\":\"DATE\",\"value\":\"2024-03-23\"}]",
        cfx_span(B, "Ibar", s1, 32), cfx_span(B, "Petar Ilic", s2, 32),
        cfx_span(B, "Five people were killed", s3, 32), cfx_span(B, "51 wounded", s4, 32),
        cfx_span(B, "About 50,000 people", s5, 32),
        cfx_span(B, "Those attackers will answer for every act of aggression", s6, 32),
        cfx_span(B, "Sunday", s7, 32));
    snprintf(extra_c, sizeof extra_c,
             "\"entities\":[{\"id\":\"e1\",\"type\":\"PER\",\"name\":\"Petar Ilic\",\"key\":"
             "\"petar ilic\",\"mentions\":[%s]}],"
             "\"quotes\":[{\"content\":[%s],\"speaker\":null,\"direct\":true}],"
             "\"timexes\":[{\"span\":%s,\"type\":\"DATE\",\"value\":\"2024-03-25\"},"
             "{\"span\":[0,0],\"type\":\"DATE\",\"value\":\"XXXX-12\"}]",
             cfx_span(C, "Petar Ilic", s1, 32),
             cfx_span(C, "Those terrorists will answer for every act of aggression.", s2, 32),
             cfx_span(C, "Monday", s3, 32));
}

/* Groups the store and writes the id of its story of `size` articles to out. */
static void group_story(cfx *f, size_t size, char *out, size_t cap)
{
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    out[0] = 0;
    for (size_t i = 0; i < px_stories_count(st); i++)
        if (px_stories_size(st, i) == size)
            snprintf(out, cap, "%s", px_stories_id(st, i));
    px_stories_free(st);
    assert_int_equal(strlen(out), 10);
}

/* Stores the story (and filler) and returns its id in out. */
static void put_story(cfx *f, char *out, size_t cap)
{
    make_extras();
    cfx_put_others(f);
    cfx_put(f, "art-a", "2024-03-24", "north.example", "Rioters storm bridge", A, extra_a);
    cfx_put(f, "art-b", "2024-03-24", "south.example", "Police crush march", B, extra_b);
    cfx_put(f, "art-c", "2024-03-25", "wire.example", "Clashes on Ibar bridge", C, extra_c);
    cfx_put(f, "art-d", "2024-03-25", "copy.example", "Clashes on Ibar bridge", C, extra_c);
    group_story(f, 4, out, cap);
}

static cJSON *compare(cfx *f, const char *id, const char *outlets)
{
    px_buf b;
    px_buf_init(&b, 0);
    px_status st = px_compare(f->s, id, outlets, 1, &b);
    if (st)
        fail_msg("compare: %s", px_store_errmsg(f->s));
    cJSON *o = cJSON_ParseWithLength((const char *)b.ptr, b.len);
    px_buf_free(&b);
    assert_non_null(o);
    return o;
}

static const cJSON *fact(const cJSON *o, const char *type)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(o, "facts"))
    {
        if (!strcmp(cJSON_GetObjectItem(x, "type")->valuestring, type) &&
            !strcmp(cJSON_GetObjectItem(x, "kind")->valuestring, "count"))
            return x;
    }
    fail_msg("no %s fact", type);
    return NULL;
}

static const char *status(const cJSON *o, const char *type)
{
    return cJSON_GetObjectItem(fact(o, type), "status")->valuestring;
}

static int n_silent(const cJSON *o, const char *type)
{
    return cJSON_GetArraySize(cJSON_GetObjectItem(fact(o, type), "silent"));
}

static void test_facts(void **state)
{
    cfx *f = *state;
    char id[16];
    put_story(f, id, sizeof id);
    cJSON *o = compare(f, id, NULL);
    assert_string_equal(cJSON_GetObjectItem(o, "schema")->valuestring, "parallax.story/1");
    assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, id);
    const cJSON *arts = cJSON_GetObjectItem(o, "articles");
    assert_int_equal(cJSON_GetArraySize(arts), 4);
    assert_string_equal(
        cJSON_GetObjectItem(cJSON_GetArrayItem(arts, 3), "duplicate_of")->valuestring, "art-c");
    /* 4 counts, and when the killed and wounded were counted: A says the 24th,
     * B (in a sentence stating the day) the 23rd: a day apart, as reports of
     * one night's events may date them, they agree (and the counts are set
     * against each other as one happening). */
    const cJSON *facts = cJSON_GetObjectItem(o, "facts");
    assert_int_equal(cJSON_GetArraySize(facts), 6);
    const cJSON *d = NULL, *x;
    cJSON_ArrayForEach(x, facts)
    {
        if (!strcmp(cJSON_GetObjectItem(x, "kind")->valuestring, "date") &&
            !strcmp(cJSON_GetObjectItem(x, "type")->valuestring, "KILL"))
            d = x;
    }
    assert_non_null(d);
    assert_string_equal(cJSON_GetObjectItem(d, "status")->valuestring, "agree");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "reports")), 2);
    assert_string_equal(
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(d, "reports"), 1), "value")
            ->valuestring,
        "2024-03-23");
    /* Ranked: contradictions first, then facts by the outlets sharing them,
     * then single-outlet facts; rank counts from 1. */
    static const char *const order[] = {"contradict", "contradict", "agree",
                                        "agree",      "agree",      "single"};
    int k = 0;
    cJSON_ArrayForEach(x, facts)
    {
        assert_int_equal(cJSON_GetObjectItem(x, "rank")->valueint, k + 1);
        assert_string_equal(cJSON_GetObjectItem(x, "status")->valuestring, order[k]);
        k++;
    }
    /* Each report carries its sentence. */
    const cJSON *ev = cJSON_GetObjectItem(
        cJSON_GetArrayItem(cJSON_GetObjectItem(fact(o, "KILL"), "reports"), 0), "evidence");
    assert_string_equal(cJSON_GetObjectItem(ev, "text")->valuestring,
                        "Police said 3 people were killed and over 50 injured on the Ibar "
                        "bridge on Sunday.");
    assert_string_equal(status(o, "KILL"), "contradict");    /* 3 killed vs 5 killed */
    assert_string_equal(status(o, "WOUND"), "agree");        /* over 50 vs 51 */
    assert_string_equal(status(o, "PROTEST"), "contradict"); /* 140-150,000 vs about 50,000 */
    assert_string_equal(status(o, "ARREST"), "single");
    /* The wire is silent on every count; the copy's outlet counts once, through
     * its original, so it is never listed. */
    assert_int_equal(n_silent(o, "KILL"), 1);
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItem(fact(o, "KILL"), "silent"), 0)->valuestring,
        "wire.example");
    assert_int_equal(n_silent(o, "ARREST"), 2);
    const cJSON *r = cJSON_GetArrayItem(cJSON_GetObjectItem(fact(o, "PROTEST"), "reports"), 0);
    assert_string_equal(cJSON_GetObjectItem(r, "article")->valuestring, "art-a");
    assert_int_equal(cJSON_GetObjectItem(r, "high")->valueint, 150000);
    const cJSON *span = cJSON_GetObjectItem(r, "span");
    assert_int_equal(cJSON_GetArrayItem(span, 0)->valueint,
                     (int)(strstr(A, "between 140,000") - A));
    /* Entities: ibar is named by two outlets, the wire is silent. */
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "entities"), 0);
    assert_string_equal(cJSON_GetObjectItem(e, "key")->valuestring, "petar ilic");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(e, "outlets")), 3);
    e = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "entities"), 1);
    assert_string_equal(cJSON_GetObjectItem(e, "key")->valuestring, "ibar");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "silent"), 0)->valuestring,
                        "wire.example");
    cJSON_Delete(o);
}

/* Finds the entity whose key is key, or NULL. */
static const cJSON *entity(const cJSON *o, const char *key)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(o, "entities"))
    {
        if (!strcmp(cJSON_GetObjectItem(x, "key")->valuestring, key))
            return x;
    }
    return NULL;
}

#define PER(name, key)                                                                             \
    "{\"id\":\"e\",\"type\":\"PER\",\"name\":\"" name "\",\"key\":\"" key "\",\"mentions\":[]}"

/* One referent written differently by outlets (#16 item 7) is one entity
 * before silences are counted: spellings of a given name, a middle initial, a
 * lone surname; never two persons ("George Bush" with George W. and George
 * H.W.; "Clinton" with Bill and Hillary). */
static void test_referents(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    cfx_put(
        f, "art-a", "2024-03-24", "north.example", "Rioters storm bridge", A,
        "\"entities\":[" PER("Qassem Soleimani", "qassem soleimani") "," PER(
            "Donald J. Trump", "donald j. trump") "," PER("George W. Bush", "george w. bush") "]");
    cfx_put(f, "art-b", "2024-03-24", "south.example", "Police crush march", B,
            "\"entities\":[" PER("Qasem Soleimani", "qasem soleimani") "," PER(
                "Trump", "trump") "," PER("George H.W. Bush", "george h.w. bush") "]");
    cfx_put(
        f, "art-c", "2024-03-25", "wire.example", "Clashes on Ibar bridge", C,
        "\"entities\":[" PER("Maj. Gen. Soleimani", "maj. gen. qassam soleimani") "," PER(
            "George Bush",
            "george bush") "," PER("Bill Clinton",
                                   "bill clinton") "," PER("Hillary Clinton",
                                                           "hillary clinton") "," PER("Clinton",
                                                                                      "clinton") "]");
    char id[16];
    group_story(f, 3, id, sizeof id);
    cJSON *o = compare(f, id, NULL);
    /* Three spellings and a title: one person, named by every outlet. */
    const cJSON *e = entity(o, "qassem soleimani");
    assert_non_null(e);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(e, "outlets")), 3);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(e, "silent")), 0);
    const cJSON *vs = cJSON_GetObjectItem(e, "variants");
    assert_int_equal(cJSON_GetArraySize(vs), 2);
    assert_string_equal(cJSON_GetArrayItem(vs, 0)->valuestring, "maj. gen. qassam soleimani");
    assert_string_equal(cJSON_GetArrayItem(vs, 1)->valuestring, "qasem soleimani");
    assert_null(entity(o, "qasem soleimani"));
    /* "Trump" is the one Trump of the story; the wire is silent on him. */
    e = entity(o, "donald j. trump");
    assert_non_null(e);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "variants"), 0)->valuestring,
                        "trump");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(e, "silent")), 1);
    assert_null(entity(o, "trump"));
    /* Two Bushes and two Clintons: the ambiguous names stay apart. */
    assert_non_null(entity(o, "george w. bush"));
    assert_non_null(entity(o, "george h.w. bush"));
    assert_non_null(entity(o, "george bush"));
    assert_non_null(entity(o, "clinton"));
    assert_non_null(entity(o, "bill clinton"));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(entity(o, "clinton"), "variants")), 0);
    cJSON_Delete(o);
}

static void test_quotes(void **state)
{
    cfx *f = *state;
    char id[16];
    put_story(f, id, sizeof id);
    cJSON *o = compare(f, id, NULL);
    const cJSON *qs = cJSON_GetObjectItem(o, "quotes");
    assert_int_equal(cJSON_GetArraySize(qs), 1);
    const cJSON *q = cJSON_GetArrayItem(qs, 0);
    assert_string_equal(cJSON_GetObjectItem(q, "speaker")->valuestring, "petar ilic");
    assert_string_equal(cJSON_GetObjectItem(q, "first")->valuestring, "art-a");
    const cJSON *car = cJSON_GetObjectItem(q, "carried");
    assert_int_equal(cJSON_GetArraySize(car), 2);
    const cJSON *b = cJSON_GetArrayItem(car, 0), *c = cJSON_GetArrayItem(car, 1);
    assert_string_equal(cJSON_GetObjectItem(b, "article")->valuestring, "art-b");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(b, "verbatim")));
    char *changes = cJSON_PrintUnformatted(cJSON_GetObjectItem(b, "changes"));
    assert_string_equal(changes, "[[\"-\",\"terrorists\"],[\"+\",\"attackers\"]]");
    cJSON_free(changes);
    assert_string_equal(cJSON_GetObjectItem(c, "article")->valuestring, "art-c");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "verbatim")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "changes")), 0);
    cJSON_Delete(o);
}

static int has_term(const cJSON *o, const char *outlet, const char *term)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(o, "terms"))
    {
        if (!strcmp(cJSON_GetObjectItem(t, "outlet")->valuestring, outlet) &&
            !strcmp(cJSON_GetObjectItem(t, "term")->valuestring, term))
            return 1;
    }
    return 0;
}

static void test_terms_timeline(void **state)
{
    cfx *f = *state;
    char id[16];
    put_story(f, id, sizeof id);
    cJSON *o = compare(f, id, NULL);
    assert_true(has_term(o, "north.example", "aggression"));
    assert_true(has_term(o, "south.example", "intervention"));
    assert_false(has_term(o, "south.example", "aggression"));
    assert_false(has_term(o, "north.example", "Ibar")); /* names are not terms */
    const cJSON *t = cJSON_GetObjectItem(o, "terms");
    assert_true(cJSON_GetObjectItem(cJSON_GetArrayItem(t, 0), "score")->valuedouble > 0);
    const cJSON *tl = cJSON_GetObjectItem(o, "timeline");
    assert_int_equal(cJSON_GetArraySize(tl), 3); /* XXXX-12 is not a dated happening */
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(tl, 0), "date")->valuestring,
                        "2024-03-23");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(tl, 1), "date")->valuestring,
                        "2024-03-24");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(tl, 2), "date")->valuestring,
                        "2024-03-25");
    cJSON_Delete(o);
}

static void test_outlets_and_text(void **state)
{
    cfx *f = *state;
    char id[16];
    put_story(f, id, sizeof id);
    cJSON *o = compare(f, id, "north.example,south.example");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "articles")), 2);
    assert_int_equal(n_silent(o, "KILL"), 0);
    assert_int_equal(n_silent(o, "ARREST"), 1);
    cJSON_Delete(o);
    /* One outlet: no contradiction, no terms; not an error. */
    o = compare(f, id, "north.example");
    assert_string_equal(status(o, "KILL"), "single");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "terms")), 0);
    cJSON_Delete(o);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_compare(f->s, id, NULL, 0, &b), PX_OK);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, "contradict"));
    assert_non_null(strstr((const char *)b.ptr, "-\"terrorists\" +\"attackers\""));
    /* An unambiguous prefix works too. */
    px_buf_reset(&b);
    char prefix[8];
    snprintf(prefix, sizeof prefix, "%.6s", id);
    assert_int_equal(px_compare(f->s, prefix, NULL, 1, &b), PX_OK);
    px_buf_free(&b);
}

static void test_errors(void **state)
{
    cfx *f = *state;
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_compare(f->s, "s-00000000", NULL, 1, &b), PX_ENOTFOUND);
    assert_non_null(strstr(px_store_errmsg(f->s), "empty"));
    char id[16];
    put_story(f, id, sizeof id);
    assert_int_equal(px_compare(f->s, "s-nothere", NULL, 1, &b), PX_ENOTFOUND);
    assert_int_equal(px_compare(f->s, "s-", NULL, 1, &b), PX_EINVAL); /* ambiguous */
    assert_int_equal(px_compare(f->s, id, "nobody.example", 1, &b), PX_EINVAL);
    assert_int_equal(px_compare(f->s, NULL, NULL, 1, &b), PX_EINVAL);
    assert_int_equal(b.len, 0);
    size_t added = 9;
    int changed = 9, grouped = 9;
    assert_int_equal(px_stories_stale(f->s, &added, &changed, &grouped), PX_OK);
    assert_true(added == 0 && changed == 0 && grouped == 1);
    /* Articles added since the grouping: compare reads the saved grouping (it
     * never writes), the state says it is stale, parallax stories updates it. */
    cfx_put(f, "art-e", "2024-03-25", "east.example", "Bridge clashes", B, extra_b);
    assert_int_equal(px_compare(f->s, id, NULL, 1, &b), PX_OK);
    assert_null(strstr((const char *)b.ptr, "\"art-e\""));
    assert_int_equal(px_stories_stale(f->s, &added, &changed, &grouped), PX_OK);
    assert_true(added == 1 && changed == 1 && grouped == 1);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    px_stories_free(st);
    px_buf_reset(&b);
    assert_int_equal(px_compare(f->s, id, NULL, 1, &b), PX_OK);
    assert_non_null(strstr((const char *)b.ptr, "\"art-e\""));
    px_buf_free(&b);
}

/* Distinctive terms of outlets across the whole store. */
static void test_store_terms(void **state)
{
    cfx *f = *state;
    char id[16];
    put_story(f, id, sizeof id);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_outlet_terms(f->s, "north.example,south.example", 3, 1, &b), PX_OK);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    size_t lines = 0;
    for (size_t i = 0; i < b.len; i++)
        lines += b.ptr[i] == '\n';
    assert_int_equal(lines, 6);
    assert_non_null(
        strstr((const char *)b.ptr, "{\"outlet\":\"north.example\",\"term\":\"aggression\""));
    assert_null(strstr((const char *)b.ptr, "\"term\":\"ibar\"")); /* a name */
    px_buf_reset(&b);
    /* Default: the outlets with most articles (filler.example first). */
    assert_int_equal(px_outlet_terms(f->s, NULL, 2, 0, &b), PX_OK);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    assert_memory_equal(b.ptr, "filler.example\n", 15);
    px_buf_free(&b);
}

/* Store-wide terms leave out the paragraphs an outlet repeats across its
 * articles (page furniture) and count two-word phrases (#16 item 7). */
static void test_store_terms_furniture(void **state)
{
    cfx *f = *state;
    cfx_put_others(f);
    static const char *const body[] = {
        "The council debated the tear gas ban on Monday. Police said tear gas was used twice.",
        "A second council vote on the tear gas ban was delayed. Critics said tear gas hurt "
        "children.",
        "Medics treated marchers after tear gas drifted into homes. The tear gas ban returns soon.",
        "Officers defended tear gas at the hearing. The council heard that tear gas stays legal."};
    static const char furniture[] = "Click here for reprint permission and licensing.";
    for (int i = 0; i < 4; i++) {
        char text[512], extra[128], id[32];
        int n = snprintf(text, sizeof text, "%s\n\n%s", body[i], furniture);
        snprintf(extra, sizeof extra, "\"paragraphs\":[[0,%zu],[%zu,%d]]", strlen(body[i]),
                 strlen(body[i]) + 2, n);
        snprintf(id, sizeof id, "paper-%d", i);
        cfx_put(f, id,
                "2024-05-0"
                "1",
                "paper.example", "Council and tear gas", text, extra);
    }
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_outlet_terms(f->s, "paper.example", 10, 1, &b), PX_OK);
    assert_int_equal(px_buf_terminate(&b), PX_OK);
    const char *out = (const char *)b.ptr;
    assert_non_null(strstr(out, "\"term\":\"tear gas\""));
    assert_non_null(strstr(out, "\"term\":\"council\""));
    assert_null(strstr(out, "\"term\":\"reprint\""));
    assert_null(strstr(out, "\"term\":\"permission\""));
    assert_null(strstr(out, "\"term\":\"licensing\""));
    px_buf_free(&b);
}

/* Records with malformed analyses (wrong types, spans out of range) are read
 * without crashing; what cannot be used is left out. */
static void test_bad_fields(void **state)
{
    cfx *f = *state;
    static const char bad[] =
        "\"entities\":[{\"id\":\"e1\",\"key\":5,\"mentions\":[[-1,3],[9,2],\"x\"]},7,"
        "{\"id\":\"e2\",\"key\":\"ok\",\"mentions\":[[0,99999]]}],"
        "\"quantities\":[{\"value\":\"3\",\"count\":\"KILL\"},{\"value\":4,\"count\":9},"
        "{\"value\":5,\"count\":\"KILL\",\"span\":[50,1],\"approx\":7,\"high\":\"x\"}],"
        "\"quotes\":[{\"content\":[[0,99999],[5,2]],\"speaker\":\"e9\"},{\"content\":3},"
        "{\"content\":[[0,40]],\"speaker\":7,\"direct\":true}],"
        "\"timexes\":[{\"value\":\"2024-03-24\",\"span\":[99999,100000]},{\"value\":3},"
        "{\"value\":\"2024-03-24\",\"span\":[0,4]}],\"sentences\":[[0,99999],\"x\"]";
    cfx_put(f, "bad-a", "2024-03-24", "x.example", "Bridge", A, bad);
    cfx_put(f, "bad-b", "2024-03-24", "y.example", "Bridge", A + 10, bad);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    char id[16];
    snprintf(id, sizeof id, "%s", px_stories_id(st, 0));
    px_stories_free(st);
    cJSON *o = compare(f, id, NULL);
    /* One count (KILL 5); its span [50,1] is invalid, so no sentence and no
     * date can be placed for it. */
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "facts")), 1);
    /* bad-b, the same text less its first words, is a copy: counted once. */
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "timeline")), 1);
    cJSON_Delete(o);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_compare(f->s, id, NULL, 0, &b), PX_OK);
    px_buf_free(&b);
}

/* Every output is valid UTF-8: evidence sentences longer than the excerpt are
 * cut at character boundaries (a timex past the first 300 bytes of a sentence
 * of two-byte letters once cut a character in half). */
static void test_utf8_cuts(void **state)
{
    cfx *f = *state;
    char text[1200], extra[256], sp[32];
    size_t n = (size_t)snprintf(text, sizeof text, "x");
    for (int i = 0; i < 250; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "\xc3\xa9");
    snprintf(text + n, sizeof text - n, " was on 24 March 2024 when 12 people were hurt.");
    snprintf(extra, sizeof extra,
             "\"timexes\":[{\"span\":%s,\"type\":\"DATE\",\"value\":\"2024-03-24\"}],"
             "\"sentences\":[[0,%zu]]",
             cfx_span(text, "24 March 2024", sp, sizeof sp), strlen(text));
    cfx_put(f, "utf-a", "2024-03-24", "x.example", "Caf\xc3\xa9 \xc3\xa9", text, extra);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    char id[16];
    snprintf(id, sizeof id, "%s", px_stories_id(st, 0));
    px_stories_free(st);
    for (int json = 0; json < 2; json++) {
        px_buf b;
        px_buf_init(&b, 0);
        assert_int_equal(px_compare(f->s, id, NULL, json, &b), PX_OK);
        assert_int_equal(px__utf8_valid_prefix(b.ptr, b.len), b.len);
        if (json)
            assert_non_null(strstr((const char *)b.ptr, "24 March 2024"));
        px_buf_free(&b);
    }
}

/* Counts of other happenings stay out of the story's facts, and a toll that
 * rises in a later article is an update, not a contradiction. */
static void test_background_updated(void **state)
{
    cfx *f = *state;
    static const char X[] = "Police said 3 people were killed when the Ibar bridge march was "
                            "charged by riot police on Sunday. The 2005 London bombings killed 52 "
                            "people.";
    static const char Y[] = "Five people were killed when riot police charged the Ibar bridge "
                            "march on Sunday, witnesses said.";
    static const char Z[] = "The toll of the Ibar bridge march charged by riot police rose: 9 "
                            "people were killed, officials said.";
    char ex[1024], ey[512], ez[512], s1[32], s2[32], s3[32];
    snprintf(ex, sizeof ex,
             "\"quantities\":[{\"span\":%s,\"value\":3,\"approx\":\"exact\",\"object\":\"people\","
             "\"count\":\"KILL\"},{\"span\":%s,\"value\":52,\"approx\":\"exact\",\"object\":"
             "\"people\",\"count\":\"KILL\"}],\"timexes\":[{\"span\":%s,\"type\":\"DATE\","
             "\"value\":\"2005\"}]",
             cfx_span(X, "3 people were killed", s1, 32), cfx_span(X, "killed 52 people", s2, 32),
             cfx_span(X, "2005", s3, 32));
    snprintf(ey, sizeof ey,
             "\"quantities\":[{\"span\":%s,\"value\":5,\"approx\":\"exact\",\"object\":\"people\","
             "\"count\":\"KILL\"}]",
             cfx_span(Y, "Five people were killed", s1, 32));
    snprintf(ez, sizeof ez,
             "\"quantities\":[{\"span\":%s,\"value\":9,\"approx\":\"exact\",\"object\":\"people\","
             "\"count\":\"KILL\"}]",
             cfx_span(Z, "9 people were killed", s1, 32));
    cfx_put_others(f);
    cfx_put(f, "bx", "2024-03-24", "x.example", "Ibar bridge march charged", X, ex);
    cfx_put(f, "by", "2024-03-24", "y.example", "Ibar bridge march charged", Y, ey);
    cfx_put(f, "bz", "2024-03-25", "z.example", "Ibar bridge toll rises", Z, ez);
    char id[16];
    group_story(f, 3, id, sizeof id);
    cJSON *o = compare(f, id, NULL);
    const cJSON *x, *bg = NULL;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(o, "facts"))
    {
        if (!strcmp(cJSON_GetObjectItem(x, "status")->valuestring, "background"))
            bg = x;
    }
    assert_non_null(bg); /* London 2005: another happening */
    const cJSON *r = cJSON_GetArrayItem(cJSON_GetObjectItem(bg, "reports"), 0);
    assert_int_equal(cJSON_GetObjectItem(r, "value")->valueint, 52);
    assert_string_equal(cJSON_GetObjectItem(r, "background")->valuestring, "date");
    /* The story's own: 3 and 5 the same day cannot both be true. */
    assert_string_equal(status(o, "KILL"), "contradict");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(fact(o, "KILL"), "reports")), 3);
    cJSON_Delete(o);
    /* 3 on the 24th, 9 the next day: the toll rose. */
    o = compare(f, id, "x.example,z.example");
    assert_string_equal(status(o, "KILL"), "updated");
    cJSON_Delete(o);
    /* 9 the next day after 5 on the 24th, but 3 the same day as 5: contradict
     * wins; a lower figure later is not an update. */
    cJSON_Delete(compare(f, id, "y.example,z.example"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_facts, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_quotes, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_referents, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_terms_timeline, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_outlets_and_text, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_errors, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_fields, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_store_terms, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_store_terms_furniture, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_utf8_cuts, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_background_updated, cfx_setup, cfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
