/* Tests of the events of a story comparison (src/corpus/compare_events.c):
 * coded events of three outlets (and a copy) aligned by actors and root code,
 * with each status, the silent outlets, and the events left out. */
#include <cjson/cJSON.h>

#include "corpus/corpus_impl.h"
#include "corpus_fixture.h"

static const char A[] =
    "Serbian police arrested Kosovo protesters on the Ibar bridge in Mitrovica on Sunday. "
    "Kosovo protesters attacked Serbian police on the bridge, the Interior Ministry said. "
    "The ministry told reporters the bridge clashes left dozens hurt. "
    "Washington imposed sanctions on Serbia over the bridge clashes. "
    "Police detained more marchers near the Ibar bridge in Mitrovica.";
static const char B[] =
    "The Serbian government detained Kosovo marchers on the Ibar bridge in Mitrovica on Sunday. "
    "Police dispersed the protesters with tear gas on the bridge, witnesses said. "
    "Washington will not impose sanctions on Serbia over the bridge clashes, officials said. "
    "Dozens were hurt in the clashes on the Ibar bridge in Mitrovica.";
static const char C[] =
    "Serbian police attacked Kosovo protesters on the Ibar bridge in Mitrovica on Sunday. "
    "Police beat the protesters on the bridge, leaving dozens hurt. "
    "The United Nations appealed to Serbia to calm the bridge clashes in Mitrovica.";

/* An event of text t: its clause, trigger and actors found by their words. */
static void ev(char *out,
               size_t cap,
               const char *t,
               const char *clause,
               const char *trigger,
               const char *code,
               double goldstein,
               int negated,
               const char *src,
               const char *src_code,
               const char *tgt,
               const char *tgt_code)
{
    char s1[32], s2[32], s3[32], s4[32] = "null", tgt_obj[160] = "null";
    const char *c = strstr(t, clause);
    assert_non_null(c);
    const char *tr = strstr(c, trigger), *sp = strstr(c, src);
    assert_non_null(tr);
    assert_non_null(sp);
    snprintf(s1, sizeof s1, "[%d,%d]", (int)(c - t), (int)(c - t + strlen(clause)));
    snprintf(s2, sizeof s2, "[%d,%d]", (int)(tr - t), (int)(tr - t + strlen(trigger)));
    snprintf(s3, sizeof s3, "[%d,%d]", (int)(sp - t), (int)(sp - t + strlen(src)));
    if (tgt) {
        const char *tp = strstr(c, tgt);
        assert_non_null(tp);
        snprintf(s4, sizeof s4, "[%d,%d]", (int)(tp - t), (int)(tp - t + strlen(tgt)));
        snprintf(tgt_obj, sizeof tgt_obj,
                 "{\"entity\":null,\"code\":\"%s\",\"text\":\"%s\",\"span\":%s}", tgt_code, tgt,
                 s4);
    }
    size_t n = strlen(out);
    snprintf(out + n, cap - n,
             "%s{\"span\":%s,\"trigger\":%s,\"code\":\"%s\",\"root\":\"%.2s\",\"quad\":4,"
             "\"goldstein\":%.1f,\"plover\":null,\"negated\":%s,"
             "\"source\":{\"entity\":null,\"code\":\"%s\",\"text\":\"%s\",\"span\":%s},"
             "\"target\":%s,\"date\":\"2024-03-24\",\"date_from\":\"article\",\"place\":null}",
             n > strlen("\"events\":[") ? "," : "", s1, s2, code, code, goldstein,
             negated ? "true" : "false", src_code, src, s3, tgt_obj);
}

static char ev_a[4096], ev_b[4096], ev_c[4096];

static void make_events(void)
{
    snprintf(ev_a, sizeof ev_a, "\"events\":[");
    ev(ev_a, sizeof ev_a, A, "Serbian police arrested Kosovo protesters", "arrested", "173", -5, 0,
       "Serbian police", "SRBCOP", "Kosovo protesters", "KSVOPP");
    ev(ev_a, sizeof ev_a, A, "Kosovo protesters attacked Serbian police", "attacked", "180", -9, 0,
       "Kosovo protesters", "KSVOPP", "Serbian police", "SRBCOP");
    /* Left out: a statement to the press, an event without a target. */
    ev(ev_a, sizeof ev_a, A, "The ministry told reporters", "told", "010", 0, 0, "The ministry",
       "SRBGOV", "reporters", "MED");
    ev(ev_a, sizeof ev_a, A, "Washington imposed sanctions on Serbia", "imposed", "163", -8, 0,
       "Washington", "USAGOV", "Serbia", "SRB");
    ev(ev_a, sizeof ev_a, A, "Police detained more marchers", "detained", "173", -5, 0, "Police",
       "COP", NULL, NULL);
    strcat(ev_a, "]");
    snprintf(ev_b, sizeof ev_b, "\"events\":[");
    ev(ev_b, sizeof ev_b, B, "The Serbian government detained Kosovo marchers", "detained", "173",
       -5, 0, "The Serbian government", "SRBGOV", "Kosovo marchers", "KSV");
    ev(ev_b, sizeof ev_b, B, "Police dispersed the protesters", "dispersed", "1724", -9, 0,
       "Police", "COP", "the protesters", "OPP");
    ev(ev_b, sizeof ev_b, B, "Washington will not impose sanctions on Serbia", "impose", "163", -8,
       1, "Washington", "USA", "Serbia", "SRB");
    strcat(ev_b, "]");
    snprintf(ev_c, sizeof ev_c, "\"events\":[");
    ev(ev_c, sizeof ev_c, C, "Serbian police attacked Kosovo protesters", "attacked", "180", -9, 0,
       "Serbian police", "SRBCOP", "Kosovo protesters", "KSVOPP");
    ev(ev_c, sizeof ev_c, C, "Police beat the protesters", "beat", "182", -9.5, 0, "Police", "COP",
       "the protesters", "OPP");
    ev(ev_c, sizeof ev_c, C, "The United Nations appealed to Serbia", "appealed", "020", 3, 0,
       "The United Nations", "IGOUNO", "Serbia", "SRB");
    strcat(ev_c, "]");
}

static void put_story(cfx *f, char *out, size_t cap)
{
    make_events();
    cfx_put_others(f);
    cfx_put(f, "art-a", "2024-03-24", "north.example", "Police arrest bridge protesters", A, ev_a);
    cfx_put(f, "art-b", "2024-03-24", "south.example", "Bridge march detained", B, ev_b);
    cfx_put(f, "art-c", "2024-03-25", "wire.example", "Police attack bridge protesters", C, ev_c);
    /* A copy of art-c from another outlet: counted once, through its original. */
    cfx_put(f, "art-d", "2024-03-25", "copy.example", "Police attack bridge protesters", C, ev_c);
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    out[0] = 0;
    for (size_t i = 0; i < px_stories_count(st); i++)
        if (px_stories_size(st, i) == 4)
            snprintf(out, cap, "%s", px_stories_id(st, i));
    px_stories_free(st);
    assert_int_equal(strlen(out), 10);
}

static cJSON *compare(cfx *f, const char *id, const char *outlets)
{
    px_buf b;
    px_buf_init(&b, 0);
    if (px_compare(f->s, id, outlets, 1, &b))
        fail_msg("compare: %s", px_store_errmsg(f->s));
    cJSON *o = cJSON_ParseWithLength((const char *)b.ptr, b.len);
    px_buf_free(&b);
    assert_non_null(o);
    return o;
}

static const char *sget(const cJSON *o, const char *k)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(j) ? j->valuestring : "(null)";
}

/* The aligned event of this pair and root (either order), or NULL. */
static const cJSON *find(const cJSON *o, const char *a, const char *b, const char *root)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(o, "events"))
    {
        const char *s = sget(x, "source"), *t = sget(x, "target");
        if (!strcmp(sget(x, "root"), root) &&
            ((!strcmp(s, a) && !strcmp(t, b)) || (!strcmp(s, b) && !strcmp(t, a))))
            return x;
    }
    return NULL;
}

/* The outlets of its reports, then "|", then its silent outlets. */
static void who(const cJSON *x, char *out, size_t cap)
{
    const cJSON *r;
    out[0] = 0;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(x, "reports"))
    {
        strncat(out, sget(r, "outlet"), cap - strlen(out) - 1);
        strncat(out, " ", cap - strlen(out) - 1);
    }
    strncat(out, "|", cap - strlen(out) - 1);
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(x, "silent"))
    {
        strncat(out, " ", cap - strlen(out) - 1);
        strncat(out, r->valuestring, cap - strlen(out) - 1);
    }
}

static void test_statuses(void **state)
{
    cfx *f = *state;
    char id[16], w[256];
    put_story(f, id, sizeof id);
    cJSON *o = compare(f, id, NULL);
    const cJSON *evs = cJSON_GetObjectItem(o, "events");
    assert_int_equal(cJSON_GetArraySize(evs), 5);

    /* Findings first. */
    assert_string_equal(sget(cJSON_GetArrayItem(evs, 0), "status"), "roles_reversed");

    /* SRBCOP and SRBGOV against KSVOPP and KSV: one Serbia-Kosovo dyad. */
    const cJSON *x = find(o, "SRB", "KSV", "17");
    assert_non_null(x);
    assert_string_equal(sget(x, "status"), "agree");
    assert_string_equal(sget(x, "source"), "SRB"); /* north's telling, the earliest */
    who(x, w, sizeof w);
    assert_string_equal(w, "north.example south.example | wire.example");

    /* North: the protesters attacked the police; the wire: the police
     * attacked the protesters. */
    x = find(o, "SRB", "KSV", "18");
    assert_non_null(x);
    assert_string_equal(sget(x, "status"), "roles_reversed");
    assert_string_equal(sget(x, "source"), "KSV");
    assert_string_equal(sget(x, "target"), "SRB");
    who(x, w, sizeof w);
    assert_string_equal(w, "north.example wire.example | south.example");
    const cJSON *r0 = cJSON_GetArrayItem(cJSON_GetObjectItem(x, "reports"), 0);
    const cJSON *r1 = cJSON_GetArrayItem(cJSON_GetObjectItem(x, "reports"), 1);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(r0, "reversed")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r1, "reversed")));
    assert_string_equal(sget(r1, "source"), "Serbian police");
    assert_string_equal(sget(r1, "source_code"), "SRBCOP");
    assert_string_equal(sget(r1, "code"), "180");
    assert_string_equal(sget(r1, "text"), "Serbian police attacked Kosovo protesters");
    const cJSON *sp = cJSON_GetObjectItem(r1, "span");
    assert_int_equal(cJSON_GetArrayItem(sp, 0)->valueint, 0);
    assert_int_equal(cJSON_GetArrayItem(sp, 1)->valueint,
                     (int)strlen("Serbian police attacked Kosovo protesters"));

    /* Police dispersed (17) or beat (18) the protesters: each outlet its own
     * action between the same actors. */
    x = find(o, "COP", "OPP", "17");
    assert_non_null(x);
    assert_string_equal(sget(x, "status"), "action_differs");
    who(x, w, sizeof w);
    assert_string_equal(w, "south.example wire.example | north.example");
    assert_null(find(o, "COP", "OPP", "18"));

    /* Sanctions imposed, or not: the same root, one version negated. */
    x = find(o, "USA", "SRB", "16");
    assert_non_null(x);
    assert_string_equal(sget(x, "status"), "action_differs");
    r1 = cJSON_GetArrayItem(cJSON_GetObjectItem(x, "reports"), 1);
    assert_string_equal(sget(r1, "outlet"), "south.example");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r1, "negated")));
    who(x, w, sizeof w);
    assert_string_equal(w, "north.example south.example | wire.example");

    /* The UN's appeal: the wire alone (its copy does not count); silent:
     * the other two, not the copy's outlet. */
    x = find(o, "IGOUNO", "SRB", "02");
    assert_non_null(x);
    assert_string_equal(sget(x, "status"), "single");
    who(x, w, sizeof w);
    assert_string_equal(w, "wire.example | north.example south.example");
    assert_string_equal(sget(cJSON_GetArrayItem(evs, 4), "status"), "single");

    /* Left out: statements to the press, events without a coded target. */
    assert_null(find(o, "SRBGOV", "MED", "01"));
    const cJSON *e;
    cJSON_ArrayForEach(e, evs)
    {
        const cJSON *r;
        cJSON_ArrayForEach(r, cJSON_GetObjectItem(e, "reports"))
        {
            assert_string_not_equal(sget(r, "article"), "art-d");
            assert_string_not_equal(sget(r, "code"), "010");
            assert_string_not_equal(sget(r, "target_code"), "(null)");
        }
    }
    cJSON_Delete(o);
}

/* With two outlets compared, a version of the third is no longer there:
 * roles_reversed becomes single, and silences name only compared outlets. */
static void test_outlets_filter(void **state)
{
    cfx *f = *state;
    char id[16], w[256];
    put_story(f, id, sizeof id);
    cJSON *o = compare(f, id, "north.example,south.example");
    const cJSON *x = find(o, "SRB", "KSV", "18");
    assert_non_null(x);
    assert_string_equal(sget(x, "status"), "single");
    who(x, w, sizeof w);
    assert_string_equal(w, "north.example | south.example");
    x = find(o, "SRB", "KSV", "17");
    assert_string_equal(sget(x, "status"), "agree");
    assert_null(find(o, "IGOUNO", "SRB", "02"));
    /* One outlet's telling of the police and protesters: no difference. */
    x = find(o, "COP", "OPP", "17");
    assert_non_null(x);
    assert_string_equal(sget(x, "status"), "single");
    cJSON_Delete(o);
}

/* The same store gives the same bytes. */
static void test_deterministic(void **state)
{
    cfx *f = *state;
    char id[16];
    put_story(f, id, sizeof id);
    px_buf a, b;
    px_buf_init(&a, 0);
    px_buf_init(&b, 0);
    assert_int_equal(px_compare(f->s, id, NULL, 1, &a), PX_OK);
    assert_int_equal(px_compare(f->s, id, NULL, 1, &b), PX_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.ptr, b.ptr, a.len);
    px_buf_free(&a);
    px_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_statuses, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_outlets_filter, cfx_setup, cfx_teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, cfx_setup, cfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
