/* Quotations: the cue lexicon, the noun phrases of sources and speaker
 * resolution to entities. */
#include <stdlib.h>
#include <string.h>

#include "annotate/quote.h"

/* ---- the cue lexicon ---- */

typedef struct cue_entry {
    const char *forms; /* space-separated inflections; '_' joins a multi-word form */
    uint32_t flags;
} cue_entry;

#define SAY  PX_CUE_SAY
#define OBJ  (PX_CUE_SAY | PX_CUE_OBJ)
#define WEAK (PX_CUE_SAY | PX_CUE_WEAK)
#define PART (PX_CUE_SAY | PX_CUE_PART)

static const cue_entry CUES[] = {
    {"say says said saying", SAY},
    {"tell tells told telling", OBJ},
    {"announce announces announced announcing", SAY},
    {"warn warns warned warning", SAY},
    {"claim claims claimed claiming", SAY},
    {"insist insists insisted insisting", SAY},
    {"stress stresses stressed stressing", SAY},
    {"emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised", SAY},
    {"add adds added adding", SAY},
    {"note notes noted noting", SAY},
    {"state states stated stating", SAY},
    {"declare declares declared declaring", SAY},
    {"explain explains explained explaining", SAY},
    {"argue argues argued arguing", SAY},
    {"assert asserts asserted asserting", SAY},
    {"contend contends contended", SAY},
    {"acknowledge acknowledges acknowledged acknowledging", SAY},
    {"admit admits admitted admitting", SAY},
    {"confirm confirms confirmed confirming", SAY},
    {"deny denies denied denying", SAY},
    {"allege alleges alleged alleging", SAY},
    {"reply replies replied replying", SAY},
    {"respond responds responded", SAY},
    {"answer answers answered answering", SAY},
    {"complain complains complained complaining", SAY},
    {"remark remarks remarked remarking", SAY},
    {"recall recalls recalled recalling", SAY},
    {"predict predicts predicted predicting", SAY},
    {"promise promises promised promising", SAY | PX_CUE_CTRL},
    {"vow vows vowed vowing", SAY | PX_CUE_CTRL},
    {"pledge pledges pledged pledging", SAY | PX_CUE_CTRL},
    {"ask asks asked asking", SAY},
    {"urge urges urged urging", SAY},
    {"exclaim exclaims exclaimed exclaiming", SAY},
    {"joke jokes joked joking", SAY},
    {"quip quips quipped", SAY},
    {"boast boasts boasted boasting", SAY},
    {"concede concedes conceded conceding", SAY},
    {"counter counters countered countering", SAY},
    {"continue continued continues", SAY},
    {"write writes wrote", SAY},
    {"tweet tweets tweeted tweeting", SAY},
    {"report reports reported", SAY},
    {"suggest suggests suggested suggesting", WEAK},
    {"believe believes believed believing", WEAK},
    {"think thinks thought", WEAK},
    {"feel feels felt", WEAK},
    {"fear fears feared", WEAK},
    {"hope hopes hoped hoping", WEAK | PX_CUE_CTRL},
    {"worry worries worried", WEAK},
    {"show shows showed", WEAK},
    {"find finds found", WEAK},
    {"know knows knew", WEAK},
    {"learn learns learned learnt", WEAK},
    {"agree agrees agreed", WEAK | PX_CUE_CTRL},
    {"indicate indicates indicated", WEAK},
    {"signal signals signaled signalled", WEAK},
    {"inform informs informed", OBJ},
    {"assure assures assured", OBJ},
    {"remind reminds reminded", OBJ},
    {"cite cites cited citing", SAY},
    {"question questions questioned questioning", SAY},
    {"proclaim proclaims proclaimed", SAY},
    {"reveal reveals revealed revealing", SAY},
    {"express expresses expressed expressing", SAY},
    {"testify testifies testified", SAY},
    {"propose proposes proposed proposing", SAY},
    {"recommend recommends recommended", SAY},
    {"demand demands demanded demanding", SAY},
    {"conclude concludes concluded", WEAK},
    {"estimate estimates estimated", WEAK},
    {"caution cautions cautioned", SAY},
    {"mention mentions mentioned mentioning", SAY},
    {"discuss discusses discussed discussing", SAY},
    {"call_for calls_for called_for calling_for call_on calls_on called_on", SAY},
    {"point_to points_to pointed_to", SAY},
    {"criticize criticizes criticized criticizing criticise criticised", SAY},
    {"accuse accuses accused accusing", SAY},
    {"praise praises praised praising", SAY},
    {"denounce denounces denounced denouncing", SAY},
    {"condemn condemns condemned condemning", SAY},
    {"blame blames blamed blaming", SAY},
    {"dismiss dismisses dismissed dismissing", SAY},
    {"endorse endorses endorsed endorsing", SAY},
    {"post posts posted", WEAK},
    {"talked_about talking_about speak_about speaks_about spoke_about "
     "speaking_about spoke_of speaking_of speaks_of asked_about asks_about commented_on "
     "comments_on commenting_on weighed_in_on warned_of warned_against warns_of "
     "warns_against complained_about wrote_about writes_about argued_for argued_against "
     "spoke_out_against spoke_out_about joked_about",
     SAY},
    {"describe describes described describing", PART},
    {"call calls called calling", PART},
    {"point_out points_out pointed_out pointing_out", SAY},
    {"went_on_to_say go_on_to_say goes_on_to_say", SAY},
    {"made_clear make_clear makes_clear", SAY},
    /* a few speech verbs of other languages (keys are folded: accents go) */
    {"sagte sagt erklarte betonte fugte_hinzu", SAY},
    {"dit declare affirme ajoute souligne", SAY},
    {"dijo afirmo declaro anadio senalo", SAY},
    /* more speech and stance verbs frequent in the PolNeAR training split */
    {"reiterate reiterates reiterated echo echoes echoed lament laments lamented decry "
     "decries decried scold scolds scolded comment comments commented commenting",
     SAY},
    {"blast blasts blasted slam slams slammed mock mocks mocked attack attacks attacked "
     "attacking defend defends defended defending",
     SAY},
    /* more inflections and speech verbs of the training split's gold cues */
    {"blasting slamming mocking repeat repeats repeated repeating shout shouts shouted shouting "
     "yell yells yelled yelling chant chants chanted chanting retort retorts retorted confess "
     "confesses confessed tout touts touted touting recount recounts recounted retweet retweets "
     "retweeted",
     SAY},
    {"imply implies implied", WEAK},
    {"charge charges charged charging highlight highlights highlighted highlighting assail "
     "assails assailed assailing applaud applauds applauded applauding",
     SAY},

    /* only next to a direct quote ("“…,” the letter reads", "The sign read:
     * “…”"): elsewhere "read" takes an object ("read the bill") */
    {"read reads", SAY | PX_CUE_QUOTE},
    {"observe observes observed observing put_it puts_it", SAY},
    /* intentions: only "X wants to …" (PolNeAR attributes them) */
    {"want wants wanted plan plans planned intend intends intended decline declines declined "
     "refuse refuses refused refusing threaten threatens threatened threatening seek seeks sought "
     "decide decides "
     "decided expect expects offer offers offered",
     PX_CUE_CTRL},
    /* raising: "X seems to …", "it appears that …", "X is expected to …" */
    {"seem seems seemed appear appears appeared expected", PX_CUE_RAISE},
    {"according_to", PX_CUE_ACC},
    {"statement assertion allegation allegations suggestion argument belief view warning "
     "insistence contention comments remarks",
     PX_CUE_NOUN},
};

px_status px__quote_cues_build(px_folder *f, px_lexicon **out)
{
    px_lex_builder *b = NULL;
    px_status st = px__lex_builder_new(&b, f);
    if (st)
        return st;
    char form[64];
    for (size_t i = 0; i < sizeof CUES / sizeof *CUES; i++) {
        const char *p = CUES[i].forms;
        while (*p) {
            size_t n = strcspn(p, " ");
            if (n && n < sizeof form) {
                for (size_t k = 0; k < n; k++)
                    form[k] = p[k] == '_' ? ' ' : p[k];
                st = px__lex_add(b, (px_slice){(const uint8_t *)form, n}, CUES[i].flags);
                if (st) {
                    px__lex_builder_free(b);
                    return st;
                }
            }
            p += n;
            while (*p == ' ')
                p++;
        }
    }
    return px__lex_build(b, out);
}

/* ---- token helpers ---- */

int px__qtok_dash(const px_doc *d, size_t i)
{
    const px_token *t = &d->toks[i];
    if (t->kind != PX_TOK_PUNCT)
        return 0;
    const uint8_t *p = d->text.ptr + t->start;
    return (t->end - t->start == 1 && p[0] == '-') ||
           (t->end - t->start == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x93 && p[2] <= 0x95);
}

uint32_t px__quote_sent_start(const px_qctx *c, uint32_t t)
{
    uint32_t s = c->sent_of[t];
    while (t > 0 && c->sent_of[t - 1] == s)
        t--;
    return t;
}

px_trange px__quote_trim_dateline(const px_qctx *c, px_trange r)
{
    const px_doc *d = c->d;
    uint32_t i = r.lo;
    if (r.hi <= r.lo || !(d->toks[i].flags & PX_TF_ALLCAPS) ||
        (i > 0 && c->para_of[i - 1] == c->para_of[i]))
        return r;
    /* "DES MOINES, Iowa —", "RANGOON, Burma -", "PARIS (AP) —", "PARIS, Aug
     * 31 (Reuters) -" */
    uint32_t k = i, end = r.hi + 8 < d->n_toks ? r.hi + 8 : (uint32_t)d->n_toks;
    while (k < end && k - i < 4 && (d->toks[k].flags & PX_TF_ALLCAPS))
        k++;
    if (k < end && px__qtok_punct(d, k, ',')) {
        uint32_t k0 = ++k;
        while (k < end && k - k0 < 4 &&
               ((d->toks[k].flags & PX_TF_UPPER1) || d->toks[k].kind == PX_TOK_NUM ||
                px__qtok_punct(d, k, '.')))
            k++;
    }
    if (k + 2 < end && px__qtok_punct(d, k, '(') && px__qtok_punct(d, k + 2, ')'))
        k += 3;
    if (k >= end || !(px__qtok_dash(d, k) || px__qtok_punct(d, k, '_'))) /* "(AP) _" */
        return r;
    r.lo = k + 1 < r.hi ? k + 1 : r.hi;
    return r;
}

/* Is the cue a question put to someone ("Clinton was asked about …",
 * "Asked whether …, Johnson demurred", "when pressed about …")? Its subject
 * is the one asked; who asked is not said (PolNeAR marks no source). */
int px__quote_asked(const px_doc *d, px_trange cue)
{
    static const char *const ASKED[] = {"asked", "pressed", "questioned", NULL};
    static const char *const BE[] = {"was", "were", "is", "are", "be", "been", "being", NULL};
    static const char *const WHEN[] = {"when", "if", "after", "once", NULL};
    if (cue.hi <= cue.lo)
        return 0;
    if (px__qtok_in(d, cue.lo, BE)) /* "was asked" */
        return cue.lo + 1 < cue.hi && px__qtok_in(d, cue.lo + 1, ASKED);
    if (!px__qtok_in(d, cue.lo, ASKED))
        return 0;
    /* "Asked whether …", "when asked how …" */
    return (d->toks[cue.lo].flags & PX_TF_SENTSTART) ||
           (cue.lo > 0 && px__qtok_in(d, cue.lo - 1, WHEN));
}

int px__quote_false_cue(const px_doc *d, uint32_t a, uint32_t b)
{
    /* "state(s)" is mostly the noun ("secretary of state", "the United
     * States"): a cue only before "that" or a colon ("the report states that") */
    if (b == a + 1 && (px__qtok_is(d, a, "state") || px__qtok_is(d, a, "states")))
        return !(px__qtok_is(d, b, "that") || px__qtok_punct(d, b, ':'));
    /* after a determiner a cue word is a noun: "the report said", "a claim" */
    static const char *const DETS[] = {"the", "a",  "an",   "his",  "her",   "their", "its",
                                       "our", "my", "your", "this", "these", "those", NULL};
    if (a == 0 || !px__qtok_in(d, a - 1, DETS))
        return 0;
    /* French "a déclaré": "a" is an auxiliary before an accented participle */
    const px_token *t = &d->toks[a];
    for (uint32_t k = t->start; k < t->end; k++)
        if (d->text.ptr[k] >= 0x80)
            return !px__qtok_is(d, a - 1, "a");
    return 1;
}

int px__qtok_is(const px_doc *d, size_t i, const char *word)
{
    if (i >= d->n_toks)
        return 0;
    const px_token *t = &d->toks[i];
    size_t n = strlen(word);
    return t->key_len == n && memcmp(t->key, word, n) == 0;
}

int px__qtok_in(const px_doc *d, size_t i, const char *const *words)
{
    return i < d->n_toks && px__word_in(d->toks[i].key, d->toks[i].key_len, words);
}

int px__qtok_punct(const px_doc *d, size_t i, char c)
{
    if (i >= d->n_toks)
        return 0;
    const px_token *t = &d->toks[i];
    return t->kind == PX_TOK_PUNCT && t->end - t->start == 1 && d->text.ptr[t->start] == c;
}

static const char *const AUX[] = {"has", "had", "have", "would", "will",  "is",    "was", "were",
                                  "are", "did", "does", "had",   "could", "might", "may", NULL};
static const char *const ADV[] = {
    "also",       "later",    "previously", "repeatedly", "then",       "recently", "once",
    "reportedly", "publicly", "privately",  "often",      "never",      "had",      "already",
    "further",    "again",    "even",       "still",      "just",       "flatly",   "angrily",
    "simply",     "quickly",  "initially",  "first",      "separately", "not",      NULL};

/* lower-case words before a title and name: "said former Gov. Bill Richardson" */
static const char *const TITLE_LEAD[] = {"former", "retired", "then",     "acting",  "late",
                                         "deputy", "senior",  "longtime", "veteran", NULL};
static const char *const DET[] = {
    "the",   "a",    "an",    "his",     "her",  "their", "its",     "our",  "my",
    "your",  "this", "these", "those",   "some", "many",  "several", "most", "few",
    "both",  "all",  "each",  "another", "one",  "two",   "three",   "four", "five",
    "other", "no",   "who",   "which",   "le",   "la",    "les",     "un",   "une",
    "der",   "die",  "das",   "ein",     "eine", "el",    "los",     "las",  NULL};

int px__qtok_aux(const px_doc *d, size_t i)
{
    if (px__qtok_in(d, i, AUX))
        return 1;
    if (px__qtok_in(d, i, ADV))
        return 2;
    /* "cynically said", but not "the family said" */
    const px_token *t = &d->toks[i];
    if (t->kind == PX_TOK_WORD && !(t->flags & PX_TF_UPPER1) && t->key_len > 4 &&
        t->key[t->key_len - 2] == 'l' && t->key[t->key_len - 1] == 'y' &&
        !(i > 0 && px__qtok_in(d, i - 1, DET) && !px__qtok_is(d, i - 1, "who") &&
          !px__qtok_is(d, i - 1, "which")))
        return 2; /* "who formally endorsed" is an adverb too */
    return 0;
}

/* Words that end a source noun phrase scanned leftwards (or rightwards). */
static const char *const NP_STOP[] = {
    "that",     "which",     "who",       "whom",    "whose",   "and",       "but",
    "or",       "nor",       "because",   "while",   "when",    "as",        "if",
    "since",    "after",     "before",    "where",   "so",      "than",      "though",
    "although", "however",   "meanwhile", "yet",     "to",      "in",        "on",
    "at",       "by",        "with",      "during",  "about",   "into",      "over",
    "under",    "against",   "through",   "what",    "how",     "why",       "said",
    "says",     "told",      "is",        "was",     "are",     "were",      "be",
    "been",     "has",       "have",      "had",     "not",     "also",      "would",
    "will",     "could",     "should",    "may",     "might",   "can",       "did",
    "does",     "do",        "then",      "there",   "here",    "now",       "even",
    "only",     "it's",      "last",      "this",    "these",   "those",     "until",
    "unless",   "whether",   "like",      "instead", "rather",  "both",      "either",
    "neither",  "let",       "asked",     "thus",    "hence",   "indeed",    "moreover",
    "today",    "yesterday", "tonight",   "monday",  "tuesday", "wednesday", "thursday",
    "friday",   "saturday",  "sunday",    NULL};

static const char *const PRON[] = {"he", "she", "they", "we", "i", "it", "you", NULL};

static int np_word(const px_qctx *c, size_t i)
{
    const px_doc *d = c->d;
    const px_token *t = &d->toks[i];
    if (t->kind == PX_TOK_PUNCT) {
        /* a possessive apostrophe after a plural: "officials’ spokesman" */
        return 0;
    }
    if (t->kind == PX_TOK_SYM)
        return 0;
    if (px__qtok_in(d, i, NP_STOP) && !(t->flags & PX_TF_UPPER1 && !(t->flags & PX_TF_SENTSTART)))
        return 0;
    return 1;
}

#define NP_MAX 14

/* "Commission on Presidential Debates", "Grassley and Mr. Leahy": a small
 * word between two capitalized words inside a name. */
static int name_link(const px_doc *d, uint32_t i, uint32_t lo, uint32_t hi)
{
    static const char *const LINK[] = {"on", "and", "of", "for", "at", NULL};
    if (i <= lo || i + 1 >= hi || !px__qtok_in(d, i, LINK))
        return 0;
    return (d->toks[i - 1].flags & PX_TF_UPPER1) && (d->toks[i + 1].flags & PX_TF_UPPER1) &&
           d->toks[i - 1].kind == PX_TOK_WORD && d->toks[i + 1].kind == PX_TOK_WORD;
}

/* Scans left from hi over noun-phrase words; "of"/"for" join two parts. */
static uint32_t np_scan_left(const px_qctx *c, uint32_t lo, uint32_t hi)
{
    const px_doc *d = c->d;
    uint32_t s = hi;
    while (s > lo && hi - s < NP_MAX) {
        uint32_t i = s - 1;
        if (c->inq[i])
            break;
        if (px__qtok_punct(d, i, ')')) { /* "McCaskill (D-Mo.)" */
            uint32_t k = i;
            while (k > lo && i - k < 8 && !px__qtok_punct(d, k, '('))
                k--;
            if (px__qtok_punct(d, k, '(') && k > lo && (d->toks[k - 1].flags & PX_TF_UPPER1)) {
                s = k;
                continue;
            }
            break;
        }
        if (px__qtok_in(d, i, PRON)) {
            if (s == hi)
                s = i;
            break;
        }
        if (!np_word(c, i) && !name_link(d, i, lo, hi))
            break;
        s = i;
    }
    return s;
}

/* Could the range name a speaker? A pronoun, a determiner first, a
 * capitalized word, or up to four words ending in a plural ("sources",
 * "human rights groups"). */
static int plausible(const px_qctx *c, px_trange r)
{
    const px_doc *d = c->d;
    if (r.hi <= r.lo)
        return 0;
    if (px__qtok_in(d, r.lo, PRON) || px__qtok_in(d, r.lo, DET) || d->toks[r.lo].kind == PX_TOK_NUM)
        return 1;
    for (uint32_t i = r.lo; i < r.hi; i++)
        if ((d->toks[i].flags & PX_TF_UPPER1) && d->toks[i].kind == PX_TOK_WORD)
            return 1;
    const px_token *t = &d->toks[r.hi - 1];
    return r.hi - r.lo <= 4 && t->key_len > 3 && t->key[t->key_len - 1] == 's';
}

static px_trange np_left_raw(const px_qctx *c, uint32_t lo, uint32_t hi);

px_trange px__quote_np_left(const px_qctx *c, uint32_t lo, uint32_t hi)
{
    px_trange r = np_left_raw(c, lo, hi);
    if (!plausible(c, r))
        r.lo = r.hi = hi;
    return r;
}

static px_trange np_left_raw(const px_qctx *c, uint32_t lo, uint32_t hi)
{
    const px_doc *d = c->d;
    px_trange r = {hi, hi};
    if (hi <= lo)
        return r;
    /* An appositive before the cue: "Stoltenberg, the NATO chief, said". */
    if (px__qtok_punct(d, hi - 1, ',')) {
        uint32_t i = hi - 1, k;
        for (k = i; k > lo && i - k < 3 * NP_MAX; k--)
            if (px__qtok_punct(d, k - 1, ',') || c->inq[k - 1])
                break;
        if (k > lo && k < i && px__qtok_punct(d, k - 1, ',') && !c->inq[k - 1]) {
            uint32_t s = np_scan_left(c, lo, k - 1);
            if (s < k - 1) {
                r.lo = s;
                r.hi = hi - 1;
            }
        }
        return r;
    }
    if (px__qtok_is(d, hi - 1, "who") || px__qtok_is(d, hi - 1, "which")) {
        r.lo = hi - 1;
        return r;
    }
    r.lo = np_scan_left(c, lo, hi);
    /* Drop a trailing "of" or "for" left at the start. */
    while (r.lo < r.hi && (px__qtok_is(d, r.lo, "of") || px__qtok_is(d, r.lo, "for")))
        r.lo++;
    return r;
}

static px_trange np_right_raw(const px_qctx *c, uint32_t lo, uint32_t hi);

px_trange px__quote_np_right(const px_qctx *c, uint32_t lo, uint32_t hi)
{
    const px_doc *d = c->d;
    px_trange r = np_right_raw(c, lo, hi);
    /* "said of Mrs. Clinton's plan", "including the United States": a source
     * read forwards starts with a determiner, a name, a number or a pronoun */
    if (!plausible(c, r) ||
        (d->toks[r.lo].kind == PX_TOK_WORD && !(d->toks[r.lo].flags & PX_TF_UPPER1) &&
         !px__qtok_in(d, r.lo, DET) && !px__qtok_in(d, r.lo, PRON) &&
         !(px__qtok_in(d, r.lo, TITLE_LEAD) && r.lo + 1 < r.hi &&
           (d->toks[r.lo + 1].flags & PX_TF_UPPER1))))
        r.hi = r.lo = lo;
    return r;
}

px_trange px__quote_np_right_loose(const px_qctx *c, uint32_t lo, uint32_t hi)
{
    px_trange r = np_right_raw(c, lo, hi);
    if (r.hi > r.lo && c->d->toks[r.lo].kind != PX_TOK_WORD && c->d->toks[r.lo].kind != PX_TOK_NUM)
        r.hi = r.lo = lo;
    return r;
}

static px_trange np_right_raw(const px_qctx *c, uint32_t lo, uint32_t hi)
{
    const px_doc *d = c->d;
    px_trange r = {lo, lo};
    if (lo < hi && px__qtok_in(d, lo, PRON)) {
        r.hi = lo + 1;
        return r;
    }
    uint32_t e = lo;
    while (e < hi && e - lo < NP_MAX && !c->inq[e]) {
        if (px__qtok_punct(d, e, '(') && e > lo && (d->toks[e - 1].flags & PX_TF_UPPER1)) {
            uint32_t k = e; /* "Butterfield (D-N.C.)" */
            while (k < hi && k - e < 8 && !px__qtok_punct(d, k, ')'))
                k++;
            if (k < hi && px__qtok_punct(d, k, ')')) {
                e = k + 1;
                continue;
            }
            break;
        }
        if (!(np_word(c, e) || name_link(d, e, lo, hi)) || (e > lo && px__qtok_in(d, e, PRON)))
            break;
        e++;
    }
    /* "of"/"for" at the end belong to what follows. */
    while (e > lo && (px__qtok_is(d, e - 1, "of") || px__qtok_is(d, e - 1, "for")))
        e--;
    r.hi = e;
    return r;
}

/* ---- speakers ---- */

static int ment_cmp(const void *a, const void *b)
{
    const px_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

static const char *const MALE[] = {
    "mr",          "mr.",      "mister",    "sir",    "spokesman", "congressman",
    "businessman", "chairman", "king",      "prince", "father",    "husband",
    "son",         "brother",  "actor",     "lord",   "duke",      "grandfather",
    "uncle",       "nephew",   "boyfriend", NULL};
static const char *const FEMALE[] = {
    "mrs",         "mrs.",          "ms",         "ms.",        "miss",          "madam",
    "spokeswoman", "congresswoman", "chairwoman", "queen",      "princess",      "mother",
    "wife",        "daughter",      "sister",     "actress",    "lady",          "duchess",
    "grandmother", "aunt",          "niece",      "girlfriend", "businesswoman", NULL};

px_status px__quote_mentions(px_qctx *c)
{
    px_doc *d = c->d;
    size_t n = 0;
    for (size_t i = 0; i < d->n_entities; i++)
        n += d->entities[i].n_mentions;
    c->n_ment = 0;
    if (!n)
        return PX_OK;
    /* Spans and entity ids side by side: sort pairs packed as 3 words. */
    uint32_t *tmp = PX_ARENA_NEW(d->arena, uint32_t, n * 3);
    c->ment = PX_ARENA_NEW(d->arena, px_span, n);
    c->ment_ent = PX_ARENA_NEW(d->arena, uint32_t, n);
    if (!tmp || !c->ment || !c->ment_ent)
        return PX_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < d->n_entities; i++)
        for (uint32_t m = 0; m < d->entities[i].n_mentions; m++) {
            tmp[k * 3] = d->entities[i].mentions[m].start;
            tmp[k * 3 + 1] = d->entities[i].mentions[m].end;
            tmp[k * 3 + 2] = (uint32_t)i;
            k++;
        }
    qsort(tmp, n, 3 * sizeof(uint32_t), ment_cmp);
    for (size_t i = 0; i < n; i++) {
        c->ment[i] = (px_span){tmp[i * 3], tmp[i * 3 + 1]};
        c->ment_ent[i] = tmp[i * 3 + 2];
    }
    c->n_ment = n;
    c->ent_gender = PX_ARENA_NEW(d->arena, uint8_t, d->n_entities);
    if (!c->ent_gender)
        return PX_ENOMEM;
    memset(c->ent_gender, 0, d->n_entities);
    for (size_t i = 0; i < n; i++) {
        uint32_t t = px__doc_tok_at(d, c->ment[i].start);
        int g = 0;
        for (uint32_t b = 1; b <= 3 && b <= t && !g; b++) {
            if (px__qtok_in(d, t - b, MALE))
                g = 1;
            else if (px__qtok_in(d, t - b, FEMALE))
                g = 2;
            else if (d->toks[t - b].kind == PX_TOK_PUNCT && !px__qtok_punct(d, t - b, '.'))
                break;
        }
        if (t < d->n_toks && px__qtok_in(d, t, MALE))
            g = 1;
        else if (t < d->n_toks && px__qtok_in(d, t, FEMALE))
            g = 2;
        uint8_t *eg = &c->ent_gender[c->ment_ent[i]];
        if (g && (!*eg || *eg == g))
            *eg = (uint8_t)g;
        else if (g)
            *eg = 3; /* conflicting evidence: not known */
    }
    return PX_OK;
}

static const char *const ROLE[] = {
    "leader",        "president", "minister",       "spokesman",   "spokeswoman",   "spokesperson",
    "senator",       "candidate", "nominee",        "chief",       "secretary",     "governor",
    "mayor",         "director",  "chairman",       "chairwoman",  "ambassador",    "businessman",
    "businesswoman", "premier",   "chancellor",     "congressman", "congresswoman", "lawmaker",
    "republican",    "democrat",  "official",       "commander",   "general",       "prosecutor",
    "judge",         "lawyer",    "attorney",       "king",        "queen",         "prince",
    "pope",          "envoy",     "diplomat",       "head",        "founder",       "ceo",
    "manager",       "adviser",   "advisor",        "strategist",  "pollster",      "billionaire",
    "mogul",         "speaker",   "representative", "woman",       "man",           "actor",
    "actress",       "star",      "author",         "writer",      "host",          NULL};

/* The most recent entity mention of a person ending at or before pos,
 * preferring one outside quoted content. */
static int32_t recent_person(const px_qctx *c, uint32_t pos, int want)
{
    size_t lo = 0, hi = c->n_ment;
    while (lo < hi) { /* first mention starting at or after pos */
        size_t mid = (lo + hi) / 2;
        if (c->ment[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    int32_t any = -1;
    for (size_t i = lo; i-- > 0;) {
        const px_entity *e = &c->d->entities[c->ment_ent[i]];
        if (e->type != PX_ENT_PER || c->ment[i].end > pos)
            continue;
        uint8_t g = c->ent_gender ? c->ent_gender[c->ment_ent[i]] : 0;
        if (want && (g == 1 || g == 2) && g != want)
            continue; /* "she" is not "Mr. Trump" */
        if (any < 0)
            any = (int32_t)c->ment_ent[i];
        /* a person named inside what someone said is a weaker antecedent
         * than one named outside it */
        uint32_t t = px__doc_tok_at(c->d, c->ment[i].start);
        if (t < c->d->n_toks && !c->inq[t] && !c->inc[t])
            return (int32_t)c->ment_ent[i];
        if (pos - c->ment[i].end > 2000 || lo - i > 512)
            break;
    }
    return any;
}

/* Is entity e introduced with a word of the role np ("the Serbian leader":
 * "Serbian President Aleksandar Vucic")? Looks at the 4 tokens before each
 * of its mentions. */
static int described(const px_qctx *c, size_t e, px_trange np)
{
    const px_doc *d = c->d;
    const px_entity *en = &d->entities[e];
    for (uint32_t m = 0; m < en->n_mentions && m < 64; m++) {
        uint32_t t = px__doc_tok_at(d, en->mentions[m].start);
        for (uint32_t k = t >= 4 ? t - 4 : 0; k < t; k++)
            for (uint32_t w = np.lo; w < np.hi; w++)
                if (!px__qtok_is(d, w, "the") && d->toks[w].kind == PX_TOK_WORD &&
                    d->toks[w].key_hash == d->toks[k].key_hash &&
                    d->toks[w].key_len == d->toks[k].key_len &&
                    memcmp(d->toks[w].key, d->toks[k].key, d->toks[k].key_len) == 0)
                    return 1;
    }
    return 0;
}

/* The most recent person before pos that the role np describes, else the
 * most recent person. */
static int32_t recent_described(const px_qctx *c, uint32_t pos, px_trange np)
{
    int32_t seen[8], first = -1;
    size_t n_seen = 0, looked = 0;
    for (size_t i = c->n_ment; i-- > 0 && n_seen < 8 && looked++ < 512;) {
        if (c->ment[i].end > pos)
            continue;
        int32_t e = (int32_t)c->ment_ent[i];
        if (c->d->entities[e].type != PX_ENT_PER)
            continue;
        size_t k;
        for (k = 0; k < n_seen && seen[k] != e; k++)
            ;
        if (k < n_seen)
            continue;
        seen[n_seen++] = e;
        if (first < 0)
            first = e;
        if (described(c, (size_t)e, np))
            return e;
    }
    return first;
}

int32_t px__quote_speaker(const px_qctx *c, px_trange src)
{
    const px_doc *d = c->d;
    if (src.lo >= src.hi || !c->n_ment)
        return -1;
    uint32_t bs = d->toks[src.lo].start, be = d->toks[src.hi - 1].end;
    /* 1. a name inside the source: the rightmost person, else the rightmost entity */
    int32_t best = -1, best_per = -1;
    size_t lo = 0, hi = c->n_ment;
    uint32_t from = bs > 1024 ? bs - 1024 : 0; /* mentions are short */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->ment[mid].start < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < c->n_ment && c->ment[i].start < be; i++) {
        if (c->ment[i].end <= bs)
            continue;
        int32_t e = (int32_t)c->ment_ent[i];
        best = e;
        if (d->entities[e].type == PX_ENT_PER)
            best_per = e;
    }
    if (best_per >= 0)
        return best_per;
    if (best >= 0)
        return best;
    /* 2. a pronoun: the most recent person before */
    if (src.hi - src.lo == 1 && (px__qtok_is(d, src.lo, "he") || px__qtok_is(d, src.lo, "she")))
        return recent_person(c, bs, px__qtok_is(d, src.lo, "he") ? 1 : 2);
    /* 3. a definite role: "the Serbian leader", "the president" */
    if (px__qtok_is(d, src.lo, "the") && px__qtok_in(d, src.hi - 1, ROLE) &&
        !(d->toks[src.hi - 1].flags & PX_TF_ALLCAPS))
        return recent_described(c, bs, src);
    return -1;
}

int px__qtok_possessive(const px_doc *d, size_t i)
{
    if (i >= d->n_toks || d->toks[i].kind != PX_TOK_WORD)
        return 0;
    const px_token *t = &d->toks[i];
    const uint8_t *p = d->text.ptr + t->start;
    size_t n = t->end - t->start;
    if (n >= 3 && (p[n - 1] == 's' || p[n - 1] == 'S') && p[n - 2] == '\'')
        return 1;
    return n >= 5 && (p[n - 1] == 's' || p[n - 1] == 'S') && p[n - 2] == 0x99 && p[n - 3] == 0x80 &&
           p[n - 4] == 0xE2;
}

px_trange px__quote_subject(const px_qctx *c, uint32_t lo, uint32_t hi)
{
    const px_doc *d = c->d;
    uint32_t i = lo;
    px_trange none = {lo, lo};
    while (i < hi && (px__qtok_is(d, i, "but") || px__qtok_is(d, i, "and")))
        i++;
    if (i < hi && px__qtok_in(d, i, NP_STOP)) { /* "In an interview, Trump …" */
        uint32_t k = i;
        while (k < hi && k - i < 12 && !px__qtok_punct(d, k, ','))
            k++;
        if (k >= hi || !px__qtok_punct(d, k, ','))
            return none;
        i = k + 1;
    }
    if (i >= hi || c->inq[i])
        return none;
    if (px__qtok_in(d, i, PRON))
        return (px_trange){i, i + 1};
    uint32_t e = i;
    while (e < hi && e - i < NP_MAX && !c->inq[e] && d->toks[e].kind == PX_TOK_WORD &&
           ((d->toks[e].flags & PX_TF_UPPER1) || (e > i && px__qtok_is(d, e, "of") && e + 1 < hi &&
                                                  (d->toks[e + 1].flags & PX_TF_UPPER1))))
        e++;
    return (px_trange){i, e};
}
