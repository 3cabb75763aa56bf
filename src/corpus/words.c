/* The corpus's words: a fast word splitter over stored text, English stop words,
 * and the vocabulary of Snowball-stemmed terms (libstemmer). */
#include <string.h>

#include <libstemmer.h>

#include "corpus/corpus_impl.h"

/* Returns the byte length of the separator at p (punctuation, spaces, general
 * punctuation U+2000..U+206F, NBSP, guillemets, inverted marks), 0 for a word byte. */
static size_t sep_len(const uint8_t *p, size_t n)
{
    uint8_t c = p[0];
    if (c < 0x80) {
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alnum ? 0 : 1;
    }
    if (c == 0xC2 && n >= 2 &&
        (p[1] == 0xA0 || p[1] == 0xAB || p[1] == 0xBB || p[1] == 0xA1 || p[1] == 0xBF))
        return 2;
    if (c == 0xE2 && n >= 3 && (p[1] == 0x80 || p[1] == 0x81))
        return 3;
    if (c == 0xE3 && n >= 3 && p[1] == 0x80 && p[2] <= 0x82) /* CJK space, comma, stop */
        return 3;
    return 0;
}

static int is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

void px__words(px_slice text, px__word_fn fn, void *ud)
{
    uint8_t buf[64];
    size_t i = 0, n = text.len;
    const uint8_t *p = text.ptr;
    while (i < n) {
        size_t s = sep_len(p + i, n - i);
        if (s) {
            i += s;
            continue;
        }
        size_t start = i, len = 0;
        int num = 1;
        while (i < n) {
            uint8_t c = p[i];
            if ((c == ',' || c == '.') && len && is_digit(p[i - 1]) && i + 1 < n &&
                is_digit(p[i + 1]) && num) {
                if (c == '.' && len < sizeof buf)
                    buf[len++] = '.';
                i++;
                continue; /* 8,000 (as 8000) and 3.5 stay one number */
            }
            if (sep_len(p + i, n - i))
                break;
            if (!is_digit(c))
                num = 0;
            if (len < sizeof buf)
                buf[len++] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
            i++;
        }
        /* A word cut at the buffer size may end inside a UTF-8 sequence: harmless
         * for hashing, and such words are not stemmed (see px__vocab_term). */
        if (fn(ud, (px_slice){buf, len}, start, i, num))
            return;
    }
}

/* English function words (and a few reporting fillers): not content terms. */
static const char *const STOP[] = {
    "a",        "about",      "above",   "after",      "again",   "against",   "all",
    "also",     "am",         "an",      "and",        "any",     "are",       "as",
    "at",       "be",         "because", "been",       "before",  "being",     "below",
    "between",  "both",       "but",     "by",         "can",     "could",     "did",
    "do",       "does",       "doing",   "down",       "during",  "each",      "few",
    "for",      "from",       "further", "had",        "has",     "have",      "having",
    "he",       "her",        "here",    "hers",       "herself", "him",       "himself",
    "his",      "how",        "i",       "if",         "in",      "into",      "is",
    "it",       "its",        "itself",  "just",       "me",      "more",      "most",
    "mr",       "mrs",        "ms",      "my",         "myself",  "no",        "nor",
    "not",      "now",        "of",      "off",        "on",      "once",      "one",
    "only",     "or",         "other",   "our",        "ours",    "ourselves", "out",
    "over",     "own",        "said",    "same",       "say",     "says",      "she",
    "should",   "so",         "some",    "such",       "than",    "that",      "the",
    "their",    "theirs",     "them",    "themselves", "then",    "there",     "these",
    "they",     "this",       "those",   "through",    "to",      "too",       "under",
    "until",    "up",         "us",      "very",       "was",     "we",        "were",
    "what",     "when",       "where",   "which",      "while",   "who",       "whom",
    "why",      "will",       "with",    "would",      "you",     "your",      "yours",
    "yourself", "yourselves", "s",       "t",          "don",     "ve",        "ll",
    "re",       "d",          "m",       "told",       "would",   "may",       "might",
    "must",     "shall",      "per",     "via",        "yet",     "however",   "according",
    "since",    "new",        "two",     "three",      "year",    "years",     "many",
    "much",     "like",       "get",     "got",        "make",    "made",      "way",
    "well",     "even",       "still",   "back",       "last",    "first",     "time",
    "people",   "day",        "week",    "monday",     "tuesday", "wednesday", "thursday",
    "friday",   "saturday",   "sunday",  "going",      "think",   "know",      "want",
    "go",       "see",        "come",    "take",       "take",    "another",   "every",
    "around",   "among",      "across",  "within",     "without", "whether",   "though",
    "although", "later",      "earlier", "ago",        "next",    "news",
};

/* The commonest function words of other languages with a Snowball stemmer,
 * lower case as px__words gives them (accented capitals stay as written, and
 * such words are rare at a sentence start). Terms in more than half of a
 * language's articles also carry no weight (features.c), which catches the
 * rest once a language has enough articles. */
static const char *const STOP_ES[] = {
    "el",   "la",    "los",    "las",   "un",    "una",   "unos", "unas", "de",    "del",
    "al",   "a",     "en",     "y",     "e",     "o",     "u",    "que",  "por",   "para",
    "con",  "sin",   "sobre",  "entre", "se",    "su",    "sus",  "lo",   "le",    "les",
    "es",   "son",   "fue",    "ha",    "han",   "había", "ser",  "está", "como",  "más",
    "pero", "no",    "este",   "esta",  "estos", "esas",  "ese",  "esa",  "ya",    "también",
    "dijo", "según", "cuando", "donde", "muy",   "sí",    "él",   "ella", "ellos", NULL};
static const char *const STOP_PT[] = {
    "o",      "a",     "os",      "as",     "um",   "uma",   "de",   "do",   "da",   "dos",
    "das",    "em",    "no",      "na",     "nos",  "nas",   "e",    "ou",   "que",  "por",
    "para",   "com",   "sem",     "se",     "seu",  "sua",   "é",    "são",  "foi",  "ao",
    "aos",    "como",  "mais",    "mas",    "não",  "este",  "esta", "esse", "essa", "já",
    "também", "disse", "segundo", "quando", "onde", "muito", "ele",  "ela",  NULL};
static const char *const STOP_IT[] = {
    "il",    "lo",    "la",  "i",     "gli",    "le",     "un",    "uno",   "una",     "di",
    "del",   "della", "dei", "delle", "degli",  "a",      "al",    "alla",  "in",      "nel",
    "nella", "da",    "dal", "e",     "ed",     "o",      "che",   "per",   "con",     "su",
    "sul",   "tra",   "fra", "si",    "suo",    "sua",    "è",     "sono",  "ha",      "hanno",
    "come",  "più",   "ma",  "non",   "questo", "questa", "anche", "detto", "secondo", "quando",
    "dove",  "molto", "lui", "lei",   NULL};
static const char *const STOP_FR[] = {
    "le",   "la",   "les",  "un",    "une",   "des",   "de",   "du",    "au",    "aux",
    "à",    "en",   "dans", "et",    "ou",    "que",   "qui",  "pour",  "par",   "avec",
    "sans", "sur",  "se",   "sa",    "son",   "ses",   "ce",   "cette", "ces",   "est",
    "sont", "a",    "ont",  "été",   "être",  "comme", "plus", "mais",  "ne",    "pas",
    "il",   "elle", "ils",  "elles", "on",    "nous",  "vous", "aussi", "selon", "quand",
    "où",   "très", "y",    "leur",  "leurs", NULL};
static const char *const STOP_DE[] = {
    "der",   "die",    "das",  "den",   "dem",  "des",   "ein",  "eine",  "einer", "eines", "einem",
    "einen", "und",    "oder", "in",    "im",   "an",    "am",   "auf",   "aus",   "mit",   "von",
    "vom",   "zu",     "zum",  "zur",   "für",  "bei",   "nach", "über",  "ist",   "sind",  "war",
    "wurde", "wurden", "hat",  "haben", "sich", "nicht", "auch", "als",   "wie",   "dass",  "es",
    "er",    "sie",    "wir",  "noch",  "nur",  "aber",  "so",   "sagte", "laut",  NULL};
static const char *const STOP_NL[] = {
    "de",    "het",    "een",  "en",  "of",  "van",  "in",  "op",      "aan", "met",  "voor",
    "door",  "bij",    "naar", "uit", "om",  "te",   "is",  "zijn",    "was", "werd", "worden",
    "heeft", "hebben", "dat",  "die", "dit", "deze", "er",  "niet",    "ook", "als",  "maar",
    "hij",   "zij",    "ze",   "we",  "nog", "wel",  "zei", "volgens", NULL};
static const char *const STOP_RU[] = {
    "и",    "в",   "во",    "не",  "что",  "он",     "на",   "я",  "с",  "со",  "как",
    "а",    "то",  "все",   "она", "так",  "его",    "но",   "да", "ты", "к",   "у",
    "же",   "вы",  "за",    "бы",  "по",   "от",     "из",   "о",  "об", "для", "это",
    "этот", "при", "также", "был", "была", "были",   "было", "их", "ее", "её",  "они",
    "мы",   "до",  "после", "или", "уже",  "заявил", NULL};

static const struct {
    char code[4];
    const char *const *words;
} LANG_STOP[] = {{"es", STOP_ES}, {"pt", STOP_PT}, {"it", STOP_IT}, {"fr", STOP_FR},
                 {"de", STOP_DE}, {"nl", STOP_NL}, {"ru", STOP_RU}};

static int in_list(const char *const *list, px_slice w)
{
    for (size_t i = 0; list[i]; i++)
        if (!strncmp(list[i], (const char *)w.ptr, w.len) && list[i][w.len] == 0)
            return 1;
    return 0;
}

/* The stop list of a language code, or NULL. */
static const char *const *stop_list(const char *code)
{
    for (size_t i = 0; i < sizeof LANG_STOP / sizeof *LANG_STOP; i++)
        if (!strcmp(LANG_STOP[i].code, code))
            return LANG_STOP[i].words;
    return NULL;
}

int px__is_stop(px_slice w)
{
    /* Binary search would need a sorted table; a hash set is overkill for the
     * call pattern (the vocabulary caches each word's verdict), so scan. */
    if (!w.len || w.len > 12)
        return 0;
    for (size_t i = 0; i < sizeof STOP / sizeof *STOP; i++)
        if (STOP[i][0] == w.ptr[0] && !strncmp(STOP[i], (const char *)w.ptr, w.len) &&
            STOP[i][w.len] == 0)
            return 1;
    return 0;
}

px_status px__vocab_init(px__vocab *v)
{
    memset(v, 0, sizeof *v);
    v->terms = px__map_new(1 << 14);
    v->words = px__map_new(1 << 15);
    v->arena = px__arena_new(1 << 16, 0);
    v->stemmer[0] = sb_stemmer_new("english", "UTF_8");
    memcpy(v->lang[0], "en", 3);
    v->n_lang = 1;
    if (!v->terms || !v->words || !v->arena || !v->stemmer[0]) {
        px__vocab_fini(v);
        return PX_ENOMEM;
    }
    return PX_OK;
}

void px__vocab_fini(px__vocab *v)
{
    px__map_free(v->terms);
    px__map_free(v->words);
    px__arena_free(v->arena);
    for (uint32_t i = 0; i < v->n_lang; i++)
        if (v->stemmer[i])
            sb_stemmer_delete(v->stemmer[i]);
    px__free(v->str);
    px__free(v->df);
    px__free(v->count);
    memset(v, 0, sizeof *v);
}

static px_status grow_terms(px__vocab *v)
{
    size_t cap = v->cap ? v->cap * 2 : 4096;
    px_slice *s = px__realloc(v->str, cap * sizeof *s);
    if (!s)
        return PX_ENOMEM;
    v->str = s;
    uint32_t *df = px__realloc(v->df, cap * sizeof *df);
    if (!df)
        return PX_ENOMEM;
    v->df = df;
    uint64_t *cn = px__realloc(v->count, cap * sizeof *cn);
    if (!cn)
        return PX_ENOMEM;
    v->count = cn;
    v->cap = cap;
    return PX_OK;
}

uint8_t px__vocab_lang(px__vocab *v, px_slice code)
{
    if (!code.ptr || code.len < 2 || code.len > 3)
        return 0;
    char c[4] = {0};
    for (size_t i = 0; i < code.len; i++) {
        uint8_t ch = code.ptr[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (uint8_t)(ch + 32);
        if (ch < 'a' || ch > 'z')
            return 0;
        c[i] = (char)ch;
    }
    for (uint32_t i = 0; i < v->n_lang; i++)
        if (!strcmp(v->lang[i], c))
            return (uint8_t)i;
    if (!strcmp(c, "eng") || v->n_lang == PX_LANGS)
        return 0;
    uint32_t k = v->n_lang++;
    memcpy(v->lang[k], c, sizeof c);
    v->stemmer[k] = sb_stemmer_new(c, "UTF_8"); /* NULL: libstemmer lacks it */
    v->stop[k] = stop_list(c);
    return (uint8_t)k;
}

/* Stems word (in the language of slot lang) and finds or adds its term.
 * English stems ASCII words only, as it always has; other languages stem
 * any word that was not cut at the word buffer's size. */
static px_status add_stem(px__vocab *v, uint8_t lang, px_slice word, uint32_t *id)
{
    px_slice stem = word;
    struct sb_stemmer *sb = v->stemmer[lang];
    int ascii = 1;
    for (size_t i = 0; i < word.len; i++)
        ascii &= word.ptr[i] < 0x80;
    if (sb && (ascii || lang) && word.len < 64) {
        const sb_symbol *r = sb_stemmer_stem(sb, word.ptr, (int)word.len);
        if (!r)
            return PX_ENOMEM;
        stem = (px_slice){r, (size_t)sb_stemmer_length(sb)};
    }
    return px__vocab_stem(v, stem, id);
}

px_status px__vocab_stem(px__vocab *v, px_slice stem, uint32_t *id)
{
    uint64_t *slot;
    int isnew;
    if (px__map_put(v->terms, stem, v->n, &slot, &isnew))
        return PX_ENOMEM;
    if (isnew) {
        if (v->n == v->cap && grow_terms(v))
            return PX_ENOMEM;
        px_slice copy = px__arena_dup(v->arena, stem);
        if (!copy.ptr)
            return PX_ENOMEM;
        v->str[v->n] = copy;
        v->df[v->n] = 0;
        v->count[v->n] = 0;
        v->n++;
    }
    *id = (uint32_t)*slot;
    return PX_OK;
}

px_status px__vocab_renumber(px__vocab *v, size_t from, const uint32_t *to)
{
    size_t n = v->n - from;
    px_slice *str = px__malloc((n + 1) * sizeof *str);
    uint32_t *df = px__malloc((n + 1) * sizeof *df);
    uint64_t *count = px__malloc((n + 1) * sizeof *count);
    px_map *words = px__map_new(1 << 15);
    if (!str || !df || !count || !words) {
        px__free(str);
        px__free(df);
        px__free(count);
        px__map_free(words);
        return PX_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = to[i] - from;
        str[k] = v->str[from + i];
        df[k] = v->df[from + i];
        count[k] = v->count[from + i];
    }
    memcpy(v->str + from, str, n * sizeof *str);
    memcpy(v->df + from, df, n * sizeof *df);
    memcpy(v->count + from, count, n * sizeof *count);
    for (size_t t = from; t < v->n; t++) {
        uint64_t *slot = px__map_get(v->terms, v->str[t]);
        if (slot)
            *slot = t;
    }
    px__map_free(v->words);
    v->words = words;
    px__free(str);
    px__free(df);
    px__free(count);
    return PX_OK;
}

px_status px__vocab_term(px__vocab *v, px_slice word, uint32_t *id)
{
    return px__vocab_term_in(v, 0, word, id);
}

px_status px__vocab_term_in(px__vocab *v, uint8_t lang, px_slice word, uint32_t *id)
{
    *id = UINT32_MAX;
    if (lang >= v->n_lang)
        lang = 0;
    /* The word cache is per language: English words are their own key, others
     * are prefixed with a byte below any word byte and their slot. */
    uint8_t kb[80];
    px_slice key = word;
    if (lang) {
        if (word.len > sizeof kb - 2)
            return PX_OK; /* px__words never gives more than 64 bytes */
        kb[0] = 1;
        kb[1] = lang;
        memcpy(kb + 2, word.ptr, word.len);
        key = (px_slice){kb, word.len + 2};
    }
    uint64_t *got = px__map_get(v->words, key);
    if (got) {
        *id = *got ? (uint32_t)(*got - 1) : UINT32_MAX;
        return PX_OK;
    }
    uint32_t t = UINT32_MAX;
    int digits = 0;
    for (size_t i = 0; i < word.len; i++)
        digits += is_digit(word.ptr[i]);
    const char *const *stop = lang ? v->stop[lang] : NULL;
    if (word.len >= 2 && digits == 0 &&
        (lang ? !(stop && in_list(stop, word)) : !px__is_stop(word))) {
        px_status st = add_stem(v, lang, word, &t);
        if (st)
            return st;
    }
    uint64_t *slot;
    int isnew;
    if (px__map_put(v->words, key, t == UINT32_MAX ? 0 : (uint64_t)t + 1, &slot, &isnew))
        return PX_ENOMEM;
    *id = t;
    return PX_OK;
}

static int num2(const uint8_t *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

int32_t px__parse_day(px_slice d)
{
    if (!d.ptr || d.len < 10 || d.ptr[4] != '-' || d.ptr[7] != '-')
        return PX_NODAY;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !is_digit(d.ptr[i]))
            return PX_NODAY;
    int y = num2(d.ptr) * 100 + num2(d.ptr + 2), m = num2(d.ptr + 5), day = num2(d.ptr + 8);
    if (m < 1 || m > 12 || day < 1 || day > 31)
        return PX_NODAY;
    return (int32_t)px__days_from_civil(y, m, day);
}
