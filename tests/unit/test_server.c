/* parallax serve: the request target parser (routing, decoding, refusals)
 * and a live server on a loopback port over a small hostile store. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "corpus_fixture.h"
#include "parallax/corpus.h"
#include "parallax/server.h"
#include "server/server_impl.h"

static int parse(const char *t, px_srv_req *r)
{
    return px__srv_parse(t, strlen(t), r);
}

static void test_routes(void **state)
{
    (void)state;
    px_srv_req r;
    static const struct {
        const char *t;
        int route, api;
        const char *arg;
    } ok[] = {
        {"/", SRV_INDEX, 0, ""},
        {"/story/s-0a1b2c3d", SRV_STORY, 0, "s-0a1b2c3d"},
        {"/article/a%20b", SRV_ARTICLE, 0, "a b"},
        {"/outlet/Fox%20News", SRV_OUTLET, 0, "Fox News"},
        {"/outlet/a+b", SRV_OUTLET, 0, "a+b"}, /* plus is a plus in a path */
        {"/outlet/%E2%82%AC", SRV_OUTLET, 0, "\xE2\x82\xAC"},
        {"/search", SRV_SEARCH, 0, ""},
        {"/topic/t1", SRV_TOPIC, 0, "t1"},
        {"/static/parallax.css", SRV_STATIC, 0, ""},
        {"/api/stories", SRV_API_STORIES, 1, ""},
        {"/api/story/s-1", SRV_API_STORY, 1, "s-1"},
        {"/api/article/x", SRV_API_ARTICLE, 1, "x"},
        {"/api/search?q=a", SRV_API_SEARCH, 1, ""},
        {"/api/topics", SRV_API_TOPICS, 1, ""},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        if (parse(ok[i].t, &r))
            fail_msg("%s: %d %s", ok[i].t, r.status, r.why);
        assert_int_equal(r.route, ok[i].route);
        assert_int_equal(r.api, ok[i].api);
        assert_string_equal(r.arg, ok[i].arg);
    }
    assert_int_equal(parse("/static/other.css", &r), 404);
    assert_int_equal(parse("/nope", &r), 404);
    assert_int_equal(parse("/story/", &r), 404);
    assert_int_equal(parse("/story/a/b", &r), 404);
    assert_int_equal(parse("/api/nope", &r), 404);
    assert_int_equal(parse("/api/story/a/b", &r), 404);
}

static void test_params(void **state)
{
    (void)state;
    px_srv_req r;
    assert_int_equal(
        parse("/?outlet=Fox+News&from=2024-01-02&to=2024-12-31&lang=en&singles=1&page=3", &r), 0);
    assert_string_equal(r.outlet, "Fox News");
    assert_string_equal(r.from, "2024-01-02");
    assert_string_equal(r.to, "2024-12-31");
    assert_string_equal(r.lang, "en");
    assert_int_equal(r.singles, 1);
    assert_int_equal(r.page, 3);
    assert_int_equal(parse("/story/x?leaning=Lean+Right", &r), 0);
    assert_string_equal(r.leaning, "Lean Right");
    assert_int_equal(parse("/api/stories?leaning=left&singles=1", &r), 0);
    assert_string_equal(r.leaning, "left");
    assert_int_equal(parse("/search?q=a&leaning=left", &r), 400); /* not a search filter */
    assert_int_equal(
        parse("/?leaning=0123456789012345678901234567890123456789012345678901234567890123", &r),
        400); /* 64 bytes: too long */
    assert_int_equal(parse("/?outlet=&from=&to=&lang=", &r), 0); /* an empty form */
    assert_int_equal(r.page, 1);
    assert_int_equal(parse("/search?q=%22a+phrase%22+b%26c", &r), 0);
    assert_string_equal(r.q, "\"a phrase\" b&c");
    static const char *const bad[] = {
        "/?page=0",        "/?page=x",       "/?page=1000000",  "/?from=2024-13-01",
        "/?from=24-01-01", "/?lang=e",       "/?lang=%3Cb%3E",  "/?singles=2",
        "/?q=a",           "/?nope=1",       "/search?q=a&q=b", "/search?q=%",
        "/search?q=%4",    "/search?q=%zz",  "/search?q=%00",   "/search?q=%C3",
        "/story/x?page=2", "/?outlet=a%0Ab",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (parse(bad[i], &r) != 400)
            fail_msg("%s: %d, not 400", bad[i], r.status);
        assert_non_null(r.why);
    }
}

static void test_traversal(void **state)
{
    (void)state;
    px_srv_req r;
    static const char *const bad[] = {
        "/story/..",
        "/story/.",
        "/story/%2e%2e",
        "/story/%2E.",
        "/story/a%2fb",
        "/story/a%2Fb",
        "/story/%5c..%5c",
        "/story/a\\b",
        "//etc/passwd",
        "/story//x",
        "/../etc/passwd",
        "/static/..%2fparallax.css",
        "http://x/",
        "*",
        "",
        "etc/passwd",
        "/story/%00",
        "/story/%ff",
        "/story/a#b",
        "/story/a b",
        "/story/%c0%ae",
        "/static/%2e%2e/x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int st = parse(bad[i], &r);
        if (st != 400)
            fail_msg("%s: %d, not 400", bad[i], st);
    }
    char big[SRV_MAX_TARGET + 64];
    memset(big, 'a', sizeof big - 1);
    big[0] = '/';
    big[sizeof big - 1] = 0;
    assert_int_equal(parse(big, &r), 414);
    char arg[SRV_MAX_ARG + 32] = "/story/";
    memset(arg + 7, 'a', sizeof arg - 8);
    arg[sizeof arg - 1] = 0;
    assert_int_equal(parse(arg, &r), 400);
}

/* ---- a live server ---- */

static const char EVIL[] = "<script>window.__pwned=1</script>\"><img src=x onerror=alert(1)>";

static void put(cfx *f, const char *id, const char *outlet, const char *title, const char *text)
{
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px_buf_append_str(&b, "{\"schema\":\"parallax.article/1\",\"id\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(id)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, ",\"source\":{\"outlet\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(outlet)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, "},\"date\":\"2024-03-24\",\"lang\":\"en\",\"title\":"),
                     PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(title)), PX_OK);
    assert_int_equal(px_buf_append_str(&b, ",\"text\":"), PX_OK);
    assert_int_equal(px__json_str(&b, px_slice_cstr(text)), PX_OK);
    assert_int_equal(px_buf_append_byte(&b, '}'), PX_OK);
    if (px_store_put_record(f->s, px_buf_slice(&b), NULL))
        fail_msg("put %s: %s", id, px_store_errmsg(f->s));
    px_buf_free(&b);
}

/* GET target; returns the status, the whole answer in out. */
static int get(unsigned port, const char *target, px_buf *out)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    char req[8192];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                     target);
    assert_int_equal(write(fd, req, (size_t)n), n);
    px_buf_reset(out);
    char buf[65536];
    ssize_t k;
    while ((k = read(fd, buf, sizeof buf)) > 0)
        assert_int_equal(px_buf_append(out, buf, (size_t)k), PX_OK);
    close(fd);
    assert_int_equal(px_buf_terminate(out), PX_OK);
    int status = 0;
    if (out->len < 12 || sscanf((const char *)out->ptr, "HTTP/1.1 %d", &status) != 1)
        fail_msg("no answer to %s", target);
    return status;
}

static void test_live(void **state)
{
    cfx *f = *state;
    put(f, "a-1", "north.example", EVIL,
        "Police said 3 officers were hurt on the bridge on Sunday. <iframe src=x></iframe>");
    put(f, "a-2", "south.example", "Bridge clashes",
        "Two officers were hurt on the bridge on Sunday, police said.");
    put(f, "a-3", "east.example", "Budget vote", "The council passed the budget on Monday.");
    px_stories *st;
    assert_int_equal(px_stories_build(f->s, &st), PX_OK);
    px_stories_free(st);
    assert_int_equal(px_store_close(f->s), PX_OK);
    f->s = NULL;

    px_server_opts o = {.db = f->db, .port = 0, .threads = 2, .index_poll_ms = 100};
    char err[PX_ERRMSG_SIZE] = "";
    px_server *srv;
    if (px_server_start(&srv, &o, err))
        fail_msg("start: %s", err);
    unsigned port = px_server_port(srv);
    assert_true(port > 0);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(get(port, "/", &b), 200);
    const char *h = (const char *)b.ptr;
    assert_non_null(strstr(h, "Content-Security-Policy: default-src 'none'"));
    assert_null(strstr(h, "<script>window"));
    assert_null(strstr(h, "<img"));
    assert_int_equal(get(port, "/api/stories?singles=1", &b), 200);
    assert_non_null(strstr((const char *)b.ptr, "\"total\":2"));
    assert_int_equal(get(port, "/article/a-1", &b), 200);
    h = (const char *)b.ptr;
    assert_null(strstr(h, "<iframe"));
    assert_null(strstr(h, "<script>window"));
    assert_non_null(strstr(h, "&lt;iframe src=x&gt;"));
    assert_int_equal(get(port, "/api/article/a-1", &b), 200);
    assert_int_equal(get(port, "/api/article/nope", &b), 404);
    assert_non_null(strstr((const char *)b.ptr, "{\"error\":"));
    assert_int_equal(get(port, "/api/story/s-zzzzzzzz", &b), 404);
    assert_int_equal(get(port, "/search?q=bridge", &b), 200);
    assert_non_null(strstr((const char *)b.ptr, "<mark>"));
    assert_int_equal(get(port, "/api/search?q=", &b), 400);
    assert_int_equal(get(port, "/story/%2e%2e", &b), 400);
    assert_int_equal(get(port, "/outlet/north.example", &b), 200);
    assert_int_equal(get(port, "/outlet/nobody", &b), 404);
    assert_int_equal(get(port, "/static/parallax.js", &b), 200);
    px_buf_free(&b);
    px_server_stop(srv, 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_traversal),
        cmocka_unit_test_setup_teardown(test_live, cfx_setup, cfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
