/* Paragraphs, sentences and tokens with byte offsets.
 *
 * Two passes. The first scans the text once into tokens: ASCII bytes are
 * classified by a table, and only bytes at or above 0x80 are decoded and
 * classified with utf8proc_category(). While scanning it records, in the
 * token's pad field, what the sentence splitter needs to know (whitespace and
 * newlines before the token, whether it is a terminator, a closing or opening
 * mark, an abbreviation with its period). The second pass walks the tokens:
 * blank lines split paragraphs, and the sentence rules split each paragraph.
 * pad is cleared again before the tokens are handed out.
 *
 * Token rules (shared by px__segment and px__tokenize):
 * - A word is a run of letters, marks and digits, with inner apostrophes
 *   (' and U+2019), inner hyphens (- U+2010 U+2011) and inner periods joining
 *   runs ("well-known", "don't", "e.g"). Commas and colons join digits only.
 *   A run with no letters is a number: "8,000", "3.5", "2:40" and also dates
 *   such as "1999-03-24" stay one PX_TOK_NUM token.
 * - A word followed by a period takes the period when it is a known
 *   abbreviation (static table, case-sensitive), a single upper-case letter
 *   (an initial), or has inner periods with short pieces ("U.S.", "a.m.").
 * - Han ideographs are one token each; kana, hangul and other scripts form
 *   words like Latin.
 * - Punctuation is one mark per token, except that a run of two or more
 *   periods, or U+2026, is one ellipsis token. Other symbols ($ % + emoji) are
 *   PX_TOK_SYM, with any combining marks and joiners that follow them. */
#include <string.h>
#include <utf8proc.h>

#include "text/text.h"

/* Character classes. */
enum {
    C_SPACE,
    C_NL,
    C_CR,
    C_PARA,
    C_IGN, /* format characters: part of a word inside it, else skipped */
    C_UP,
    C_LO,
    C_LET, /* letters without case */
    C_MARK,
    C_DIG,
    C_NUMO, /* other numbers: superscripts, fractions, roman numerals */
    C_HAN,
    C_APOS,
    C_HYPH,
    C_DOT,
    C_COMMA,
    C_COLON,
    C_ELL,
    C_PUNCT,
    C_SYM
};

static const uint8_t ascii_cls[128] = {
    C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
    C_NL,    C_NL,    C_NL,    C_CR,    C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
    C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE,
    C_SPACE, C_SPACE, C_SPACE, C_PUNCT, C_PUNCT, C_PUNCT, C_SYM,   C_SYM,   C_PUNCT, C_APOS,
    C_PUNCT, C_PUNCT, C_PUNCT, C_SYM,   C_COMMA, C_HYPH,  C_DOT,   C_PUNCT, C_DIG,   C_DIG,
    C_DIG,   C_DIG,   C_DIG,   C_DIG,   C_DIG,   C_DIG,   C_DIG,   C_DIG,   C_COLON, C_PUNCT,
    C_SYM,   C_SYM,   C_SYM,   C_PUNCT, C_PUNCT, C_UP,    C_UP,    C_UP,    C_UP,    C_UP,
    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,
    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,    C_UP,
    C_UP,    C_PUNCT, C_PUNCT, C_PUNCT, C_SYM,   C_PUNCT, C_SYM,   C_LO,    C_LO,    C_LO,
    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,
    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,    C_LO,
    C_LO,    C_LO,    C_LO,    C_PUNCT, C_SYM,   C_PUNCT, C_SYM,   C_SPACE,
};

/* Bits of px_token.pad while segmenting. */
#define G_SPACE   0x001u /* whitespace before the token */
#define G_NL1     0x002u /* exactly one line break before */
#define G_PARA    0x004u /* a blank line (or more) before */
#define G_ABBR    0x008u /* a word that took its period, weak: may end a sentence */
#define G_STRONG  0x010u /* a word that took its period and never ends a sentence */
#define G_TERM    0x020u /* . ! ? or an ellipsis */
#define G_CJKTERM 0x040u /* a full-width terminator: no space needed after it */
#define G_CLOSE   0x080u /* a closing quote or bracket (or an ambiguous ASCII quote) */
#define G_OPEN    0x100u /* an opening quote or bracket */
#define G_SOFT    0x200u /* , ; or a dash: a line ending with it is not a headline */
#define G_UNCASED 0x400u /* a word starting with a letter without case */

#define HEADLINE_MAX 80 /* bytes: a shorter line may be a headline */

static int is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

static int cp_class(uint32_t cp)
{
    switch (cp) {
    case 0x2019:
    case 0x02BC:
        return C_APOS;
    case 0x2010:
    case 0x2011:
        return C_HYPH;
    case 0x2026:
        return C_ELL;
    case 0x85:
    case 0x2028:
        return C_NL;
    case 0x2029:
        return C_PARA;
    default:
        break;
    }
    if (is_han(cp))
        return C_HAN;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_UP;
    case UTF8PROC_CATEGORY_LL:
        return C_LO;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LET;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
        return C_DIG;
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_NUMO;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return C_PUNCT;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_CC:
        return C_SPACE;
    case UTF8PROC_CATEGORY_ZL:
        return C_NL;
    case UTF8PROC_CATEGORY_ZP:
        return C_PARA;
    case UTF8PROC_CATEGORY_CF:
        return C_IGN;
    default:
        return C_SYM;
    }
}

/* Class of the character at p[i] (i < n); sets *len to its length in bytes. */
static inline int class_at(const uint8_t *p, size_t n, size_t i, int *len)
{
    if (p[i] < 0x80) {
        *len = 1;
        return ascii_cls[p[i]];
    }
    return cp_class(px__utf8_decode(p + i, n - i, len));
}

#define ALNUM_MASK                                                                                 \
    (1u << C_UP | 1u << C_LO | 1u << C_LET | 1u << C_MARK | 1u << C_DIG | 1u << C_NUMO |           \
     1u << C_IGN)

/* Letters, marks, digits and format characters: what words are made of. */
static inline int is_alnum_class(int c)
{
    return (ALNUM_MASK >> c) & 1u;
}

/* ---- abbreviations ---- */

typedef struct abbr {
    const char *s;
    uint8_t len;
    uint8_t strong;
} abbr;

#define A(s, strong)                                                                               \
    {                                                                                              \
        s, sizeof(s) - 1, strong                                                                   \
    }
/* Strong: titles and the like, never at the end of a sentence. Weak: may end
 * one, which is taken to happen only before a common sentence starter. */
static const abbr abbrs[] = {
    A("Mr", 1),    A("Mrs", 1),    A("Ms", 1),   A("Dr", 1),   A("Prof", 1),   A("Gen", 1),
    A("Lt", 1),    A("Col", 1),    A("Sgt", 1),  A("Capt", 1), A("Sen", 1),    A("Sens", 1),
    A("Rep", 1),   A("Reps", 1),   A("Gov", 1),  A("Pres", 1), A("St", 1),     A("Rev", 1),
    A("Hon", 1),   A("Sec", 1),    A("Amb", 1),  A("No", 1),   A("Nos", 1),    A("vs", 1),
    A("v", 1),     A("Mt", 1),     A("Ft", 1),   A("Adm", 1),  A("Maj", 1),    A("Cmdr", 1),
    A("Brig", 1),  A("Supt", 1),   A("Det", 1),  A("Atty", 1), A("Messrs", 1), A("Mme", 1),
    A("Fr", 1),    A("Cpl", 1),    A("Pvt", 1),  A("Gens", 1), A("e.g", 1),    A("i.e", 1),
    A("cf", 1),    A("approx", 1), A("Fig", 1),  A("fig", 1),  A("Vol", 1),    A("vol", 1),
    A("pp", 1),    A("Ph.D", 0),   A("Jr", 0),   A("Sr", 0),   A("etc", 0),    A("Inc", 0),
    A("Corp", 0),  A("Ltd", 0),    A("Co", 0),   A("Bros", 0), A("Ave", 0),    A("Blvd", 0),
    A("Rd", 0),    A("Dept", 0),   A("Univ", 0), A("Jan", 0),  A("Feb", 0),    A("Mar", 0),
    A("Apr", 0),   A("Jun", 0),    A("Jul", 0),  A("Aug", 0),  A("Sep", 0),    A("Sept", 0),
    A("Oct", 0),   A("Nov", 0),    A("Dec", 0),  A("Ala", 0),  A("Ariz", 0),   A("Ark", 0),
    A("Calif", 0), A("Colo", 0),   A("Conn", 0), A("Del", 0),  A("Fla", 0),    A("Ga", 0),
    A("Ill", 0),   A("Kan", 0),    A("Ky", 0),   A("Md", 0),   A("Mass", 0),   A("Mich", 0),
    A("Minn", 0),  A("Mont", 0),   A("Neb", 0),  A("Nev", 0),  A("Okla", 0),   A("Ore", 0),
    A("Pa", 0),    A("Tenn", 0),   A("Tex", 0),  A("Va", 0),   A("Vt", 0),     A("Wis", 0),
    A("Wyo", 0),
};

/* Words that commonly start a sentence: after a weak abbreviation ("U.S."),
 * the sentence ends only when one of these follows. */
static const abbr starters[] = {
    A("The", 0),       A("He", 0),      A("She", 0),   A("It", 0),        A("They", 0),
    A("We", 0),        A("I", 0),       A("In", 0),    A("But", 0),       A("A", 0),
    A("An", 0),        A("This", 0),    A("That", 0),  A("These", 0),     A("Those", 0),
    A("There", 0),     A("His", 0),     A("Her", 0),   A("Its", 0),       A("Their", 0),
    A("Our", 0),       A("And", 0),     A("As", 0),    A("At", 0),        A("After", 0),
    A("For", 0),       A("If", 0),      A("On", 0),    A("When", 0),      A("While", 0),
    A("Some", 0),      A("Many", 0),    A("Most", 0),  A("Meanwhile", 0), A("However", 0),
    A("Still", 0),     A("Yet", 0),     A("So", 0),    A("Now", 0),       A("Then", 0),
    A("Last", 0),      A("Earlier", 0), A("Later", 0), A("Since", 0),     A("Despite", 0),
    A("Although", 0),  A("What", 0),    A("Why", 0),   A("How", 0),       A("Who", 0),
    A("Officials", 0), A("One", 0),     A("Both", 0),  A("Even", 0),      A("Under", 0),
    A("According", 0), A("You", 0),     A("Not", 0),   A("No", 0),        A("Yes", 0),
    A("Such", 0),
};
#undef A

/* Returns the table entry equal to s[0..n), or NULL. */
static const abbr *find_word(const abbr *tab, size_t ntab, const uint8_t *s, size_t n)
{
    for (size_t k = 0; k < ntab; k++)
        if (tab[k].len == n && memcmp(tab[k].s, s, n) == 0)
            return &tab[k];
    return NULL;
}

/* ---- pass 1: tokens ---- */

typedef struct scanner {
    px_folder *folder;
    px_arena *arena;
    const uint8_t *p;
    size_t n;
    px_token *toks; /* heap, grown by doubling; copied into the arena at the end */
    size_t ntoks, cap;
} scanner;

typedef struct word_stats {
    unsigned nup, nlow, nlet, ndig, nnumo;
    int first; /* class of the first letter, or -1 */
    unsigned ncp, ndots;
    size_t max_piece; /* longest run between inner periods */
    size_t last_hyph; /* offset after the last inner hyphen, or 0 */
} word_stats;

static void note_char(word_stats *w, int c)
{
    w->ncp++;
    w->ndig += c == C_DIG;
    w->nnumo += c == C_NUMO;
    if (c == C_UP || c == C_LO || c == C_LET) {
        w->nlet++;
        if (w->first < 0)
            w->first = c;
        w->nup += c == C_UP;
        w->nlow += c == C_LO;
    }
}

/* Whether the joiner of class jc at i (ending at j) continues the word; prev is
 * the class of the character before it. */
static int joins(const scanner *s, int jc, int prev, size_t j)
{
    if (j >= s->n)
        return 0;
    int len;
    int next = class_at(s->p, s->n, j, &len);
    if (!is_alnum_class(next) || next == C_IGN)
        return 0;
    if (jc == C_COMMA || jc == C_COLON)
        return prev == C_DIG && next == C_DIG;
    return jc == C_APOS || jc == C_HYPH || jc == C_DOT;
}

/* Scans a word or number starting at i; returns its end. */
static size_t scan_word(const scanner *s, size_t i, word_stats *w)
{
    const uint8_t *p = s->p;
    size_t n = s->n, piece = i;
    int prev = -1, len, c;
    for (;;) {
        while (i < n) {
            size_t k = i;
            while (k < n && (unsigned)(p[k] - 'a') < 26u) /* the common case */
                k++;
            if (k > i) {
                unsigned run = (unsigned)(k - i);
                w->nlow += run;
                w->nlet += run;
                w->ncp += run;
                if (w->first < 0)
                    w->first = C_LO;
                prev = C_LO;
                if ((i = k) >= n)
                    break;
            }
            c = class_at(p, n, i, &len);
            if (!is_alnum_class(c))
                break;
            note_char(w, c);
            if (c != C_MARK && c != C_IGN)
                prev = c;
            i += (size_t)len;
        }
        if (i >= n)
            break;
        c = class_at(p, n, i, &len);
        if (!(c == C_APOS || c == C_HYPH || c == C_DOT || c == C_COMMA || c == C_COLON) ||
            !joins(s, c, prev, i + (size_t)len))
            break;
        if (c == C_DOT) {
            w->ndots++;
            if (i - piece > w->max_piece)
                w->max_piece = i - piece;
            piece = i + 1;
        }
        if (c == C_HYPH)
            w->last_hyph = i + (size_t)len;
        i += (size_t)len;
    }
    if (w->ndots && i - piece > w->max_piece)
        w->max_piece = i - piece;
    return i;
}

/* Decides whether the word [start,end) takes the period at end; returns the
 * G_ABBR / G_STRONG bits (0: it does not). */
static unsigned period_bits(const scanner *s, size_t start, size_t end, const word_stats *w)
{
    const uint8_t *p = s->p;
    if (end >= s->n || p[end] != '.' || (end + 1 < s->n && p[end + 1] == '.') || !w->nlet)
        return 0;
    const abbr *a = find_word(abbrs, sizeof(abbrs) / sizeof(abbrs[0]), p + start, end - start);
    if (!a && w->last_hyph > start) /* "D-Calif." */
        a = find_word(abbrs, sizeof(abbrs) / sizeof(abbrs[0]), p + w->last_hyph,
                      end - w->last_hyph);
    if (a)
        return a->strong ? G_ABBR | G_STRONG : G_ABBR;
    if (w->ndots && w->max_piece <= 3)
        return G_ABBR; /* U.S. U.N. a.m. */
    if (w->ncp == 1 && w->first == C_UP)
        return G_ABBR; /* an initial: "George W. Bush" */
    return 0;
}

static px_status push_token(scanner *s, const px_token *t)
{
    if (s->ntoks == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        px_token *nt = px__realloc(s->toks, cap * sizeof(*nt));
        if (!nt)
            return PX_ENOMEM;
        s->toks = nt;
        s->cap = cap;
    }
    px_token *d = &s->toks[s->ntoks++];
    *d = *t;
    px_slice key;
    px_status st = px__fold(s->folder, s->arena,
                            (px_slice){s->p + t->start, (size_t)(t->end - t->start)}, &key);
    if (st)
        return st;
    d->key = key.ptr;
    d->key_len = (uint32_t)key.len;
    d->key_hash = px__hash64(key.ptr, key.len, 0);
    return PX_OK;
}

/* Fills kind, flags and pad of a word or number token starting at i. */
static size_t word_token(const scanner *s, size_t i, px_token *t)
{
    word_stats w = {0, 0, 0, 0, 0, -1, 0, 0, 0, 0};
    size_t end = scan_word(s, i, &w);
    t->kind = !w.nlet && !w.nnumo && w.ndig ? PX_TOK_NUM : PX_TOK_WORD;
    if (w.first == C_UP)
        t->flags |= PX_TF_UPPER1;
    if (w.first == C_LET)
        t->pad |= G_UNCASED;
    if (w.nup >= 2 && w.nlow == 0)
        t->flags |= PX_TF_ALLCAPS;
    if (t->kind == PX_TOK_WORD) {
        unsigned b = period_bits(s, i, end, &w);
        t->pad |= (uint16_t)b;
        if (b)
            end++;
    }
    return end;
}

/* Pad bits of a one-character punctuation token (cp, of class c). */
static unsigned punct_bits(uint32_t cp, int c)
{
    switch (cp) {
    case '.':
    case '!':
    case '?':
    case 0x2026:
    case 0x203C:
    case 0x2047:
    case 0x2048:
    case 0x2049:
        return G_TERM;
    case 0x3002:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF0E:
        return G_TERM | G_CJKTERM;
    case '"':
    case '\'':
        return G_CLOSE | G_OPEN;
    case ',':
    case ';':
    case '-':
    case 0x2013:
    case 0x2014:
    case 0x2010:
    case 0x2011:
    case 0xFF0C:
    case 0x3001:
        return G_SOFT;
    case '(':
    case '[':
    case '{':
    case 0xBF:
    case 0xA1:
        return G_OPEN;
    case ')':
    case ']':
    case '}':
    case 0x2019:
        return G_CLOSE;
    default:
        break;
    }
    if (c != C_PUNCT || cp < 0x80)
        return 0;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PI:
        return G_OPEN;
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PF:
        return G_CLOSE;
    default:
        return 0;
    }
}

/* Fills a punctuation or symbol token starting at i (class c); returns its end. */
static size_t mark_token(const scanner *s, size_t i, int c, px_token *t)
{
    const uint8_t *p = s->p;
    size_t n = s->n, end;
    int len;
    if (c == C_DOT && i + 1 < n && p[i + 1] == '.') {
        for (end = i; end < n && p[end] == '.'; end++)
            ;
        t->kind = PX_TOK_PUNCT;
        t->pad |= G_TERM;
        return end;
    }
    uint32_t cp = px__utf8_decode(p + i, n - i, &len);
    end = i + (size_t)len;
    t->kind = c == C_SYM ? PX_TOK_SYM : PX_TOK_PUNCT;
    t->pad |= (uint16_t)punct_bits(cp, c);
    /* Keep combining marks, variation selectors and joined emoji together. */
    int zwj = 0;
    while (end < n && p[end] >= 0x80) {
        uint32_t cp2 = px__utf8_decode(p + end, n - end, &len);
        int c2 = cp_class(cp2);
        if (c2 == C_MARK || c2 == C_IGN || (zwj && c2 == C_SYM && c == C_SYM))
            end += (size_t)len;
        else
            break;
        zwj = cp2 == 0x200D;
    }
    return end;
}

/* Pass 1: every token of the text, with gap and sentence bits in pad. */
static px_status scan_tokens(scanner *s)
{
    const uint8_t *p = s->p;
    size_t n = s->n, i = 0;
    unsigned sp = 0, nl = 0;
    while (i < n) {
        int len, c = class_at(p, n, i, &len);
        if (c <= C_IGN) { /* whitespace, line breaks, format characters */
            if (c == C_CR && i + 1 < n && p[i + 1] == '\n')
                c = C_SPACE; /* CRLF counts once, at the LF */
            nl += c == C_NL || c == C_CR ? 1 : c == C_PARA ? 2 : 0;
            sp |= c != C_IGN;
            i += (size_t)len;
            continue;
        }
        px_token t = {(uint32_t)i, 0, NULL, 0, 0, 0, 0, 0};
        t.pad = (uint16_t)((sp ? G_SPACE : 0) | (nl == 1 ? G_NL1 : nl > 1 ? G_PARA : 0));
        sp = nl = 0;
        if (is_alnum_class(c)) {
            i = word_token(s, i, &t);
        } else if (c == C_HAN) {
            t.kind = PX_TOK_WORD;
            t.pad |= G_UNCASED;
            i += (size_t)len;
        } else {
            i = mark_token(s, i, c, &t);
        }
        t.end = (uint32_t)i;
        px_status st = push_token(s, &t);
        if (st)
            return st;
    }
    return PX_OK;
}

/* ---- pass 2: paragraphs and sentences ---- */

typedef struct splitter {
    const uint8_t *p;
    px_token *t;
    px_span *sents;
    size_t nsents, cap;
} splitter;

static px_status push_span(px_span **arr, size_t *n, size_t *cap, uint32_t a, uint32_t b)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        px_span *na = px__realloc(*arr, nc * sizeof(*na));
        if (!na)
            return PX_ENOMEM;
        *arr = na;
        *cap = nc;
    }
    (*arr)[(*n)++] = (px_span){a, b};
    return PX_OK;
}

static px_status emit_sentence(splitter *sp, size_t a, size_t b)
{
    sp->t[a].flags |= PX_TF_SENTSTART;
    return push_span(&sp->sents, &sp->nsents, &sp->cap, sp->t[a].start, sp->t[b - 1].end);
}

/* Whether token t looks like the start of a new sentence. */
static int starts_sentence(const px_token *t)
{
    return (t->flags & PX_TF_UPPER1) || t->kind == PX_TOK_NUM || (t->pad & (G_OPEN | G_UNCASED));
}

/* Whether the sentence ends after terminator token i, given that the tokens
 * from i+1 up to j are closing marks and j is the next token. */
static int ends_here(const splitter *sp, size_t i, size_t j)
{
    const px_token *t = sp->t, *nx = &t[j];
    if (t[i].pad & G_STRONG)
        return 0;
    if (t[i].pad & G_CJKTERM)
        return 1;
    if (!(nx->pad & G_SPACE) || !starts_sentence(nx))
        return 0;
    if (!(t[i].pad & G_ABBR))
        return 1;
    /* A weak abbreviation or an initial: "U.S." ends a sentence before a line
     * break or a common sentence starter only. */
    if (nx->pad & G_NL1)
        return 1;
    return nx->kind == PX_TOK_WORD && find_word(starters, sizeof(starters) / sizeof(starters[0]),
                                                sp->p + nx->start, nx->end - nx->start) != NULL;
}

/* Whether the line ending with token e (last of its line) ends in sentence
 * punctuation, possibly followed by closing marks. */
static int line_ends_term(const px_token *t, size_t a, size_t e)
{
    while (e > a && (t[e].pad & G_CLOSE) && !(t[e].pad & G_SPACE))
        e--;
    return (t[e].pad & (G_TERM | G_ABBR)) != 0;
}

/* The headline rule: a break before token i, which starts a new line. */
static int headline_break(const splitter *sp, size_t a, size_t s, size_t i, uint32_t line_start)
{
    const px_token *t = sp->t;
    return s < i && t[s].start == line_start && t[i - 1].end - line_start < HEADLINE_MAX &&
           (t[i].flags & PX_TF_UPPER1) && !(t[i - 1].pad & G_SOFT) && !line_ends_term(t, a, i - 1);
}

/* Splits the paragraph of tokens [a,b) into sentences. */
static px_status split_paragraph(splitter *sp, size_t a, size_t b)
{
    const px_token *t = sp->t;
    size_t s = a, i = a;
    uint32_t line_start = t[a].start;
    px_status st;
    while (i < b) {
        if (i > a && (t[i].pad & G_NL1)) {
            if (headline_break(sp, a, s, i, line_start)) {
                if ((st = emit_sentence(sp, s, i)))
                    return st;
                s = i;
            }
            line_start = t[i].start;
        }
        if (!(t[i].pad & (G_TERM | G_ABBR))) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < b && !(t[j].pad & G_SPACE) && (t[j].pad & (G_TERM | G_CLOSE)))
            j++;
        if (j < b && ends_here(sp, i, j)) {
            if ((st = emit_sentence(sp, s, j)))
                return st;
            s = j;
        }
        i = j;
    }
    return s < b ? emit_sentence(sp, s, b) : PX_OK;
}

/* Pass 2 over all tokens; fills the paragraphs and sentences of out. */
static px_status split_all(px_arena *arena, const uint8_t *text, px_token *t, size_t nt, px_segmented *out)
{
    splitter sp = {text, t, NULL, 0, 0};
    px_span *paras = NULL;
    size_t npara = 0, pcap = 0, a = 0;
    px_status st = PX_OK;
    for (size_t i = 1; i <= nt && !st; i++) {
        if (i < nt && !(t[i].pad & G_PARA))
            continue;
        st = push_span(&paras, &npara, &pcap, t[a].start, t[i - 1].end);
        if (!st)
            st = split_paragraph(&sp, a, i);
        a = i;
    }
    if (!st && npara) {
        out->paras = PX_ARENA_NEW(arena, px_span, npara);
        out->sents = PX_ARENA_NEW(arena, px_span, sp.nsents);
        if (!out->paras || !out->sents) {
            st = PX_ENOMEM;
        } else {
            memcpy(out->paras, paras, npara * sizeof(*paras));
            memcpy(out->sents, sp.sents, sp.nsents * sizeof(*paras));
            out->n_paras = npara;
            out->n_sents = sp.nsents;
        }
    }
    px__free(paras);
    px__free(sp.sents);
    return st;
}

/* ---- entry points ---- */

/* Tokenizes text into arena a; the tokens keep their pad bits. scratch (may be
 * NULL) lends its reusable token buffer. With owned (may be NULL), the array of a
 * large document (64 Ki tokens or more) is handed over as it is (*owned, to be
 * freed by the caller) rather than copied into the arena: the copy doubled
 * the memory the tokens take (#20 item 7). */
static px_status tokenize(px_tok_scratch *scratch,
                          px_folder *f,
                          px_arena *a,
                          px_slice text,
                          px_token **toks,
                          size_t *n,
                          px_token **owned)
{
    *toks = NULL;
    *n = 0;
    if (owned)
        *owned = NULL;
    if (text.len > UINT32_MAX)
        return PX_ETOOBIG;
    scanner s = {f, a, text.ptr, text.len, NULL, 0, 0};
    if (scratch) {
        s.toks = scratch->toks;
        s.cap = scratch->cap;
        scratch->toks = NULL;
        scratch->cap = 0;
    }
    px_status st = text.len ? scan_tokens(&s) : PX_OK;
    if (!st && owned && s.ntoks >= ((size_t)1 << 16)) {
        px_token *t = px__realloc(s.toks, s.ntoks * sizeof(px_token));
        *toks = *owned = t ? t : s.toks;
        *n = s.ntoks;
        return PX_OK;
    }
    if (!st && s.ntoks) {
        *toks = PX_ARENA_NEW(a, px_token, s.ntoks);
        if (*toks) {
            memcpy(*toks, s.toks, s.ntoks * sizeof(px_token));
            *n = s.ntoks;
        } else {
            st = PX_ENOMEM;
        }
    }
    if (scratch && s.cap <= ((size_t)1 << 20)) {
        scratch->toks = s.toks; /* keep up to a million tokens' room for the next */
        scratch->cap = s.cap;
    } else {
        px__free(s.toks);
    }
    return st;
}

px_status px__tokenize(px_folder *f, px_arena *a, px_slice text, px_token **toks, size_t *n)
{
    if (!f || !a || !toks || !n || (!text.ptr && text.len))
        return PX_EINVAL;
    px_status st = tokenize(NULL, f, a, text, toks, n, NULL);
    for (size_t i = 0; i < *n; i++)
        (*toks)[i].pad = 0;
    return st;
}

px_status px__segment_text(px_folder *f,
                           px_arena *a,
                           px_slice text,
                           px_tok_scratch *scratch,
                           px_segmented *out,
                           char *errmsg)
{
    if (!out)
        return PX_EINVAL;
    memset(out, 0, sizeof *out);
    if (!f || !a || (!text.ptr && text.len))
        return PX_EINVAL;
    if (text.len > UINT32_MAX)
        return px__fail(errmsg, PX_ETOOBIG, "text of %zu bytes is over 4 GiB", text.len);
    px_token *t;
    size_t nt;
    px_status st = tokenize(scratch, f, a, text, &t, &nt, &out->toks_owned);
    if (!st && nt)
        st = split_all(a, text.ptr, t, nt, out);
    if (st) {
        px__free(out->toks_owned);
        memset(out, 0, sizeof *out);
        return px__fail(errmsg, st, "segmenting: %s", px_strerror(st));
    }
    for (size_t i = 0; i < nt; i++)
        t[i].pad = 0;
    out->toks = t;
    out->n_toks = nt;
    return PX_OK;
}
