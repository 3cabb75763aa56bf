/* Language identification with libexttextcat (Cavnar & Trenkle n-gram
 * profiles, Debian's language models). Only the first bytes of a text are
 * classified, cut at a character boundary: enough for a stable answer, and the
 * classifier's cost grows with the input. A restricted set of languages keeps
 * it fast (see LANGS); the rest of Debian's 150 models rarely win on news and
 * each one costs a comparison. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <libexttextcat/textcat.h>

#include "internal.h"

#define SAMPLE_BYTES 1024

struct px_langid {
    void *tc;
};

/* Languages parallax tells apart: Debian model file stem, ISO 639-1 code. */
static const struct {
    const char *file;
    const char *code;
} LANGS[] = {
    {"en", "en"}, {"de", "de"}, {"fr", "fr"}, {"es", "es"}, {"it", "it"}, {"pt", "pt"},
    {"nl", "nl"}, {"sv", "sv"}, {"da", "da"}, {"nb", "nb"}, {"fi", "fi"}, {"pl", "pl"},
    {"cs", "cs"}, {"sk", "sk"}, {"sl", "sl"}, {"hr", "hr"}, {"sr-Latn", "sr"},
    {"sr-Cyrl", "sr"}, {"bs", "bs"}, {"mk", "mk"}, {"bg", "bg"}, {"ru", "ru"}, {"uk", "uk"},
    {"be", "be"}, {"ro", "ro"}, {"hu", "hu"}, {"el", "el"}, {"tr", "tr"}, {"sq", "sq"},
    {"lt", "lt"}, {"lv", "lv"}, {"et", "et"}, {"ar", "ar"}, {"fa", "fa"}, {"he", "he"},
    {"zh-Hans", "zh"}, {"zh-Hant", "zh"}, {"ja", "ja"}, {"ko", "ko"}, {"hi", "hi"},
    {"id", "id"}, {"vi", "vi"}, {"ca", "ca"}, {"ga", "ga"}, {"cy", "cy"}, {"ka", "ka"},
    {"hy", "hy"}, {"az", "az"}, {"kk", "kk"}, {"ur", "ur"},
};
#define NLANGS (sizeof LANGS / sizeof *LANGS)

px_status px__langid_new(px_langid **out, char *errmsg)
{
    *out = NULL;
    char conf[] = "/tmp/parallax-fpdb-XXXXXX";
    int fd = mkstemp(conf);
    if (fd < 0)
        return px__fail(errmsg, PX_EIO, "langid: cannot create a temporary file");
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        remove(conf);
        return px__fail(errmsg, PX_EIO, "langid: cannot write a temporary file");
    }
    for (size_t i = 0; i < NLANGS; i++) {
        char lm[256];
        snprintf(lm, sizeof lm, "%s/%s.lm", PX_TEXTCAT_DIR, LANGS[i].file);
        if (access(lm, R_OK) == 0)
            fprintf(fp, "%s.lm %s\n", LANGS[i].file, LANGS[i].file);
    }
    fclose(fp);
    void *tc = special_textcat_Init(conf, PX_TEXTCAT_DIR "/");
    remove(conf);
    if (!tc)
        return px__fail(errmsg, PX_EIO, "langid: cannot load the models in %s", PX_TEXTCAT_DIR);
    px_langid *l = px__calloc(1, sizeof(*l));
    if (!l) {
        textcat_Done(tc);
        return PX_ENOMEM;
    }
    l->tc = tc;
    *out = l;
    return PX_OK;
}

void px__langid_free(px_langid *l)
{
    if (!l)
        return;
    textcat_Done(l->tc);
    px__free(l);
}

const char *px__langid_guess(px_langid *l, px_slice text)
{
    size_t n = text.len < SAMPLE_BYTES ? text.len : SAMPLE_BYTES;
    while (n > 0 && n < text.len && (text.ptr[n] & 0xC0) == 0x80)
        n--; /* do not cut a character */
    if (n < 32)
        return NULL;
    const char *r = textcat_Classify(l->tc, (const char *)text.ptr, n);
    /* One answer looks like "[en]"; several candidates or SHORT/UNKNOWN mean unsure. */
    if (!r || r[0] != '[' || strchr(r + 1, '['))
        return NULL;
    for (size_t i = 0; i < NLANGS; i++) {
        size_t k = strlen(LANGS[i].file);
        if (strncmp(r + 1, LANGS[i].file, k) == 0 && r[1 + k] == ']')
            return LANGS[i].code;
    }
    return NULL;
}
