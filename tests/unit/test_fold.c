/* Unit tests: folded match keys, NFC, language identification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

static px_folder *folder;

static int setup(void **state)
{
    (void)state;
    char msg[PX_ERRMSG_SIZE];
    return px__folder_new(&folder, msg) == PX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    px__folder_free(folder);
    return 0;
}

static void check_fold(const char *in, const char *want)
{
    px_arena *a = px__arena_new(0, 0);
    px_slice out;
    assert_int_equal(px__fold(folder, a, px_slice_cstr(in), &out), PX_OK);
    char got[256];
    snprintf(got, sizeof got, "%.*s", (int)out.len, (const char *)out.ptr);
    assert_string_equal(got, want);
    px__arena_free(a);
}

static void test_fold_scripts(void **state)
{
    (void)state;
    check_fold("Вучић", "vucic");
    check_fold("Vučić", "vucic");
    check_fold("VUCIC", "vucic");
    check_fold("VUČIĆ", "vucic");
    check_fold("vucic", "vucic");
    check_fold("Đoković", "dokovic");
    check_fold("Приштина", "pristina");
    check_fold("Metohija", "metohija");
    check_fold("Straße", "strasse");
    check_fold("Łódź", "lodz");
    check_fold("Αθήνα", "athena");
    check_fold("Trump’s", "trump's");
    check_fold("e‑mail", "e-mail");
    check_fold("", "");
    /* Cached path gives the same answer twice. */
    check_fold("Вучић", "vucic");
}

static void test_fold_alias(void **state)
{
    (void)state;
    px_arena *a = px__arena_new(0, 0);
    px_slice in = PX_SLICE_LIT("already");
    px_slice out;
    assert_int_equal(px__fold(folder, a, in, &out), PX_OK);
    assert_ptr_equal(out.ptr, in.ptr); /* no copy for lower-case ASCII */
    px__arena_free(a);
    px_buf b;
    px_buf_init(&b, 0);
    assert_int_equal(px__fold_buf(folder, PX_SLICE_LIT("Kosovo i Metohija"), &b), PX_OK);
    assert_int_equal(b.len, strlen("kosovo i metohija"));
    assert_memory_equal(b.ptr, "kosovo i metohija", b.len);
    px_buf_free(&b);
}

static void check_nfc(const char *in, const char *want, int same)
{
    px_arena *a = px__arena_new(0, 0);
    px_slice s = px_slice_cstr(in), out;
    assert_int_equal(px__nfc(a, s, &out), PX_OK);
    assert_int_equal(out.len, strlen(want));
    assert_memory_equal(out.ptr, want, out.len);
    assert_int_equal(out.ptr == s.ptr, same);
    px__arena_free(a);
}

static void test_nfc(void **state)
{
    (void)state;
    check_nfc("plain ascii", "plain ascii", 1);
    check_nfc("“quoted” — dash’s", "“quoted” — dash’s", 1);
    check_nfc("Vuc\xCC\x8Ci\xC4\x87",
              "Vu\xC4\x8D"
              "i\xC4\x87",
              0);                             /* c + combining caron -> č */
    check_nfc("\xE2\x84\xAB", "\xC3\x85", 0); /* ANGSTROM SIGN -> Å */
    check_nfc("Вучић", "Вучић", 1);
    check_nfc("Ð˜", "Ð˜", 1);
}

/* Parses "XXXX YYYY" hex code points into UTF-8. */
static size_t hex_to_utf8(const char *f, size_t n, uint8_t *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        while (i < n && f[i] == ' ')
            i++;
        if (i >= n)
            break;
        uint32_t cp = 0;
        while (i < n && f[i] != ' ') {
            char c = f[i++];
            cp = cp * 16 + (uint32_t)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
        }
        o += (size_t)px__utf8_encode(cp, out + o);
    }
    return o;
}

/* Unicode's own conformance file (Debian unicode-data): c2 == NFC(c1) ==
 * NFC(c2) == NFC(c3) and c4 == NFC(c4) == NFC(c5), for every line. */
static void test_nfc_conformance(void **state)
{
    (void)state;
    FILE *fp = popen("bzcat /usr/share/unicode/NormalizationTest.txt.bz2", "r");
    assert_non_null(fp);
    char line[2048];
    size_t lines = 0, fails = 0;
    px_arena *a = px__arena_new(0, 0);
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '@')
            continue;
        uint8_t col[5][256];
        size_t len[5];
        char *p = line;
        for (int c = 0; c < 5; c++) {
            char *semi = strchr(p, ';');
            assert_non_null(semi);
            len[c] = hex_to_utf8(p, (size_t)(semi - p), col[c]);
            p = semi + 1;
        }
        static const int from[] = {0, 1, 2, 3, 4}, want[] = {1, 1, 1, 3, 3};
        for (int k = 0; k < 5; k++) {
            px_slice out;
            assert_int_equal(px__nfc(a, (px_slice){col[from[k]], len[from[k]]}, &out), PX_OK);
            if (!px_slice_eq(out, (px_slice){col[want[k]], len[want[k]]})) {
                fails++;
                print_message("NFC mismatch, column %d: %s", from[k] + 1, line);
            }
        }
        lines++;
        px__arena_reset(a);
    }
    assert_int_equal(pclose(fp), 0);
    px__arena_free(a);
    assert_true(lines > 15000);
    assert_int_equal(fails, 0);
}

/* The fast path on a short text: function words of one language decide
 * without the n-gram classifier. */
static const char *doc_lang(px_engine *e, const char *text, char *buf)
{
    px_article a = {.text = px_slice_cstr(text)};
    px_doc *d;
    assert_int_equal(px_doc_new(e, &a, &d), PX_OK);
    buf[0] = 0;
    if (d->lang.ptr)
        snprintf(buf, 8, "%.*s", (int)d->lang.len, (const char *)d->lang.ptr);
    px_doc_free(d);
    return buf;
}

static void test_langid_short(void **state)
{
    (void)state;
    px_engine *e;
    char msg[PX_ERRMSG_SIZE], b[8];
    px_engine_options eo = {.no_analyses = 1, .no_syntax = 1};
    assert_int_equal(px_engine_new(&e, &eo, msg), PX_OK);
    assert_string_equal(
        doc_lang(e, "The minister said on Tuesday that 12 protesters were hurt in Belgrade.", b),
        "en");
    assert_string_equal(doc_lang(e,
                                 "Der Minister sagte, die Polizei sei nicht mit der Armee "
                                 "in die Stadt gekommen.",
                                 b),
                        "de");
    /* words of two languages: the fast path stays out, never "en" for this */
    assert_string_not_equal(
        doc_lang(e, "Der Minister und die Polizei: the army and the police.", b), "en");
    px_engine_free(e);
}

static void test_langid(void **state)
{
    (void)state;
    px_langid *l;
    char msg[PX_ERRMSG_SIZE];
    assert_int_equal(px__langid_new(&l, msg), PX_OK);
    const char *en = px__langid_guess(
        l, PX_SLICE_LIT("The government said on Sunday that the talks would continue next week, "
                        "despite protests in the capital and a walkout by the opposition."));
    assert_non_null(en);
    assert_string_equal(en, "en");
    const char *sr = px__langid_guess(
        l, px_slice_cstr("Председник Србије рекао је у недељу да ће преговори бити настављени "
                         "следеће недеље, упркос протестима у главном граду."));
    assert_non_null(sr);
    assert_string_equal(sr, "sr");
    const char *de = px__langid_guess(
        l, PX_SLICE_LIT("Die Regierung sagte am Sonntag, dass die Gespräche in der nächsten "
                        "Woche fortgesetzt werden, trotz der Proteste in der Hauptstadt."));
    assert_non_null(de);
    assert_string_equal(de, "de");
    assert_null(px__langid_guess(l, PX_SLICE_LIT("Too short")));
    px__langid_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_scripts), cmocka_unit_test(test_fold_alias),
        cmocka_unit_test(test_nfc),          cmocka_unit_test(test_nfc_conformance),
        cmocka_unit_test(test_langid),       cmocka_unit_test(test_langid_short),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
