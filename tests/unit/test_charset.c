/* Unit tests: charset detection and conversion (src/ingest/charset.c) and
 * legacy-encoded HTML through the reader. Encoded test bytes are made from
 * UTF-8 strings with ICU here, so the expectations are readable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>

#include <cmocka.h>

#include "ingest/charset.h"
#include "ingest/reader.h"
#include "internal.h"

static const char SERBIAN[] =
    "Влада Србије је у петак објавила нови закон о заштити животне средине. Министар је "
    "рекао да ће промене ступити на снагу следеће године, а општине ће добити више новца "
    "за чишћење река и шума. Грађани Београда, Новог Сада и Ниша поздравили су одлуку.";

/* Encodes UTF-8 text into charset cs (malloc'd, *n bytes). */
static char *encode(const char *cs, const char *utf8, int32_t *n)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t cap = (int32_t)strlen(utf8) * 4 + 16;
    char *out = malloc((size_t)cap);
    assert_non_null(out);
    *n = ucnv_convert(cs, "UTF-8", out, cap, utf8, (int32_t)strlen(utf8), &err);
    assert_true(U_SUCCESS(err));
    return out;
}

static void conv_eq(const char *cs, const char *declared, const char *text, const char *used)
{
    int32_t n;
    char *raw = encode(cs, text, &n);
    px_buf out;
    px_buf_init(&out, 0);
    const char *u = NULL;
    assert_int_equal(px__charset_to_utf8((px_slice){(uint8_t *)raw, (size_t)n}, declared,
                                         declared ? strlen(declared) : 0, 0, &out, &u),
                     PX_OK);
    assert_int_equal(out.len, strlen(text));
    assert_memory_equal(out.ptr, text, out.len);
    if (used)
        assert_string_equal(u, used);
    px_buf_free(&out);
    free(raw);
}

static void test_declared(void **state)
{
    (void)state;
    conv_eq("windows-1251", "windows-1251", SERBIAN, "windows-1251");
    conv_eq("KOI8-R", "koi8-r", "Москва и Петербург готовятся к зиме.", "KOI8-R");
    conv_eq("ISO-8859-5", "ISO-8859-5", "Нова влада је изабрана у понедељак.", "ISO-8859-5");
    conv_eq("ISO-8859-2", "iso-8859-2", "Zażółć gęślą jaźń, řekl předseda.", "ISO-8859-2");
    conv_eq("windows-1250", "windows-1250", "Vláda schválila rozpočet na příští rok.",
            "windows-1250");
    conv_eq("windows-1252", "iso-8859-1", "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D",
            "windows-1252");
    conv_eq("GBK", "gb2312", "北京今天天气晴朗，气温二十度。", "GB18030");
    conv_eq("Shift_JIS", "Shift_JIS", "東京で新しい駅が開業しました。", "Shift_JIS");
}

static void test_detection(void **state)
{
    (void)state;
    /* BOMs */
    px_buf out;
    px_buf_init(&out, 0);
    const char *u;
    const char *const boms[] = {"UTF-16LE", "UTF-16BE"};
    for (int k = 0; k < 2; k++) {
        int32_t n;
        char *raw = encode(boms[k],
                           "\xEF\xBB\xBF"
                           "BOM text \xC5\xBE",
                           &n);
        assert_int_equal(
            px__charset_to_utf8((px_slice){(uint8_t *)raw, (size_t)n}, NULL, 0, 0, &out, &u),
            PX_OK);
        assert_string_equal(u, boms[k]);
        assert_int_equal(out.len, 11);
        assert_memory_equal(out.ptr, "BOM text \xC5\xBE", 11);
        free(raw);
    }
    /* valid UTF-8 wins over a wrong declaration */
    assert_int_equal(
        px__charset_to_utf8(PX_SLICE_LIT("na\xC3\xAFve"), "iso-8859-1", 10, 1, &out, &u), PX_OK);
    assert_string_equal(u, "UTF-8");
    /* undeclared windows-1251 Serbian: ICU's detector */
    conv_eq("windows-1251", NULL, SERBIAN, "windows-1251");
    px_buf_free(&out);
    px_slice cs = px__charset_param(PX_SLICE_LIT("text/html; Charset=\"KOI8-R\""));
    assert_int_equal(cs.len, 6);
    assert_memory_equal(cs.ptr, "KOI8-R", 6);
    assert_null(px__charset_param(PX_SLICE_LIT("text/html")).ptr);
}

/* A Serbian page in windows-1251 read as a file comes out as correct Cyrillic. */
static void test_page(void **state)
{
    (void)state;
    char utf8[4096];
    snprintf(utf8, sizeof utf8,
             "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
             "charset=windows-1251\"><title>Нови закон</title></head><body><nav>Почетна</nav>"
             "<div class=\"article\"><p>%s</p></div></body></html>",
             SERBIAN);
    int32_t n;
    char *raw = encode("windows-1251", utf8, &n);
    static char *const name[] = {"page.html"};
    px_reader *r;
    assert_int_equal(px__reader_new_mem(&r, NULL, (uint8_t *)raw, (size_t)n, name), PX_OK);
    px_article a;
    int ok;
    assert_int_equal(px_reader_next(r, &a, &ok), PX_OK);
    assert_true(ok);
    assert_int_equal(a.text.len, strlen(SERBIAN));
    assert_memory_equal(a.text.ptr, SERBIAN, a.text.len);
    assert_int_equal(a.title.len, strlen("Нови закон"));
    px_reader_free(r);
    free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declared),
        cmocka_unit_test(test_detection),
        cmocka_unit_test(test_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
