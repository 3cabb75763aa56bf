/* Language identification with libexttextcat (Cavnar & Trenkle n-gram
 * profiles, Debian's language models). Only the first bytes of a text are
 * classified, cut at a character boundary: enough for a stable answer, and the
 * classifier's cost grows with the input. A restricted set of languages keeps
 * it fast (see LANGS); the rest of Debian's 150 models rarely win on news and
 * each one costs a comparison. */
#include <libexttextcat/textcat.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "text/text.h"

#define SAMPLE_BYTES 1024

struct px_langid {
    void *tc;
    px_map *stop; /* folded function word -> bit mask of FAST languages */
};

/* The fast path: most news is in a handful of Latin-script languages whose most
 * frequent function words tell them apart at once, so a count over the first
 * tokens (already folded by segmentation) decides without running n-gram
 * classification, which costs about 0.3 ms an article. Each list holds words
 * frequent in its language and rare as words elsewhere; a decision needs a
 * clear winner, otherwise libexttextcat decides. Written for parallax. */
static const struct {
    const char *code;
    const char *words;
} FAST[] = {
    {"en", "the and of to is that for with was are have this from by not be were "
           "has been which their they would will said there who but what when"},
    {"de", "der die und das ist nicht mit sich auf dem den des ein eine auch "
           "wird sind wurde nach bei einer oder aus noch"},
    {"fr", "le les et est une dans pour qui pas sur sont avec plus par ont cette "
           "aux mais ses leur nous elle ete"},
    {"es", "el los las del por una con para que pero sus como fue "
           "tambien este esta entre han sobre hasta"},
    {"it", "il della che non sono per una gli nel alla delle anche con dei "
           "stato questo essere ha come"},
    {"pt", "o os da das do dos que nao uma para com pelo pela foi mais sao "
           "tambem esta como seu sua"},
    {"nl", "het een van en niet dat zijn voor met ook wordt werd naar bij "
           "maar deze aan heeft"},
};
#define NFAST       (sizeof FAST / sizeof *FAST)
#define FAST_TOKENS 300
#define FAST_MIN    10
/* A text of fewer than FAST_SHORT words (a headline, a feed item, a caption)
 * gives libexttextcat few n-grams for its 0.3 ms, a third of such a
 * document's time: FAST_MIN_SHORT function words of one language and none of
 * another decide it. */
#define FAST_SHORT     40
#define FAST_MIN_SHORT 3

/* Languages parallax tells apart: Debian model file stem, ISO 639-1 code. */
static const struct {
    const char *file;
    const char *code;
} LANGS[] = {
    {"en", "en"},      {"de", "de"},      {"fr", "fr"},      {"es", "es"}, {"it", "it"},
    {"pt", "pt"},      {"nl", "nl"},      {"sv", "sv"},      {"da", "da"}, {"nb", "nb"},
    {"fi", "fi"},      {"pl", "pl"},      {"cs", "cs"},      {"sk", "sk"}, {"sl", "sl"},
    {"hr", "hr"},      {"sr-Latn", "sr"}, {"sr-Cyrl", "sr"}, {"bs", "bs"}, {"mk", "mk"},
    {"bg", "bg"},      {"ru", "ru"},      {"uk", "uk"},      {"be", "be"}, {"ro", "ro"},
    {"hu", "hu"},      {"el", "el"},      {"tr", "tr"},      {"sq", "sq"}, {"lt", "lt"},
    {"lv", "lv"},      {"et", "et"},      {"ar", "ar"},      {"fa", "fa"}, {"he", "he"},
    {"zh-Hans", "zh"}, {"zh-Hant", "zh"}, {"ja", "ja"},      {"ko", "ko"}, {"hi", "hi"},
    {"id", "id"},      {"vi", "vi"},      {"ca", "ca"},      {"ga", "ga"}, {"cy", "cy"},
    {"ka", "ka"},      {"hy", "hy"},      {"az", "az"},      {"kk", "kk"}, {"ur", "ur"},
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
    l->stop = px__map_new(256);
    if (!l->stop) {
        px__langid_free(l);
        return PX_ENOMEM;
    }
    for (size_t i = 0; i < NFAST; i++) {
        const char *w = FAST[i].words;
        while (*w) {
            size_t n = strcspn(w, " ");
            uint64_t *v;
            if (px__map_put(l->stop, (px_slice){(const uint8_t *)w, n}, 0, &v, NULL)) {
                px__langid_free(l);
                return PX_ENOMEM;
            }
            *v |= 1u << i;
            w += n;
            w += strspn(w, " ");
        }
    }
    *out = l;
    return PX_OK;
}

void px__langid_free(px_langid *l)
{
    if (!l)
        return;
    textcat_Done(l->tc);
    px__map_free(l->stop);
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

const char *px__langid_toks(px_langid *l, px_slice text, const px_token *toks, size_t n)
{
    unsigned count[NFAST] = {0};
    size_t seen = 0;
    for (size_t i = 0; i < n && seen < FAST_TOKENS; i++) {
        const px_token *t = &toks[i];
        if (t->kind != PX_TOK_WORD)
            continue;
        seen++;
        if (text.ptr[t->start] >= 0x80)
            continue; /* other scripts: no fast path */
        uint64_t *mask = px__map_get(l->stop, (px_slice){t->key, t->key_len});
        if (!mask)
            continue;
        for (size_t k = 0; k < NFAST; k++)
            count[k] += (unsigned)(*mask >> k & 1);
    }
    size_t best = 0, second = 1;
    for (size_t k = 1; k < NFAST; k++) {
        if (count[k] > count[best]) {
            second = best;
            best = k;
        } else if (k != best && count[k] > count[second]) {
            second = k;
        }
    }
    if (count[best] >= FAST_MIN && count[best] >= 3 * count[second] &&
        count[best] * 5 >= seen / 2) /* function words are ~40% of running text */
        return FAST[best].code;
    if (seen < FAST_SHORT && count[best] >= FAST_MIN_SHORT && !count[second]) /* whole text */
        return FAST[best].code;
    return px__langid_guess(l, text);
}
