/* Temporal expressions: the word classes and calendar helpers shared by
 * timex.c (recognition and normalization) and timex_words.c (the closed word
 * lists and date arithmetic). Internal to src/annotate/timex*.c. */
#ifndef PX_ANNOTATE_TIMEX_IMPL_H
#define PX_ANNOTATE_TIMEX_IMPL_H

#include "annotate/annotate.h"

/* Word classes of a token (tx_word.cls). */
enum tx_cls {
    TC_NONE = 0,
    TC_MONTH,  /* val 1..12 */
    TC_WDAY,   /* val 1..7, Monday = 1 (ISO) */
    TC_NUMW,   /* number word, val its value */
    TC_ORD,    /* ordinal word, val its value */
    TC_UNIT,   /* val enum tx_unit; plural in TX_PLURAL */
    TC_SEASON, /* val 1..4: SP SU FA WI */
    TC_PART,   /* part of day, val 1..5: MO AF EV NI DT */
    TC_DEIXIS, /* today, yesterday, now ...: val enum tx_deixis */
    TC_MOD,    /* last, next, this ...: val enum tx_mod */
    TC_FUZZY,  /* several, few, many, some, couple: val 0 */
    TC_DIR,    /* ago, later, earlier, before, after: val enum tx_dir */
    TC_SETW,   /* daily, weekly ...: val enum tx_unit */
    TC_EDGE,   /* early, late, mid, end ...: val enum tx_edge */
    TC_EVERY,  /* every, each, per */
    TC_ZONE,   /* GMT, UTC, EST ...: val offset in minutes + 1440 */
    TC_AMPM,   /* a.m. (1), p.m. (2) */
    TC_HOLIDAY /* val enum tx_holiday */
};

enum tx_unit {
    TU_NONE = 0,
    TU_SECOND,
    TU_MINUTE,
    TU_HOUR,
    TU_DAY,
    TU_WEEK,
    TU_WEEKEND,
    TU_MONTH,
    TU_QUARTER,
    TU_YEAR,
    TU_DECADE,
    TU_CENTURY,
    TU_MILLENNIUM
};
#define TX_PLURAL 0x100

enum tx_deixis {
    TD_TODAY = 1,
    TD_YESTERDAY,
    TD_TOMORROW,
    TD_TONIGHT,
    TD_NOW,
    TD_PRESENT, /* currently, nowadays */
    TD_PAST,    /* recently, lately */
    TD_FUTURE,  /* soon */
    TD_CURRENT, /* current (adjective) */
    TD_RECENT,  /* recent (adjective) */
    TD_NOON,
    TD_MIDNIGHT
};

enum tx_mod {
    TM_LAST = 1, /* last, past, previous */
    TM_NEXT,     /* next, coming, following */
    TM_THIS,     /* this, current */
    TM_THE,
    TM_A, /* a, an, one */
    TM_LATEST,
    TM_FISCAL,
    TM_SAME,
    TM_THAT, /* that (anaphoric: "that year") */
    TM_THEN  /* then ("then current") */
};

enum tx_dir { TR_AGO = 1, TR_LATER, TR_EARLIER, TR_AFTER, TR_BEFORE, TR_SINCE, TR_HENCE };

enum tx_edge { TE_EARLY = 1, TE_LATE, TE_MID, TE_END, TE_START };

enum tx_holiday {
    TH_CHRISTMAS = 1,
    TH_CHRISTMAS_EVE,
    TH_NEW_YEAR,
    TH_NEW_YEARS_EVE,
    TH_INDEPENDENCE,
    TH_THANKSGIVING,
    TH_HALLOWEEN,
    TH_VALENTINE
};

typedef struct tx_word {
    uint16_t cls; /* enum tx_cls */
    uint16_t val;
} tx_word;

/* Builds the map of folded words to packed tx_word (cls << 16 | val). */
px_map *px__timex_words_new(void);
/* Looks up a folded key; returns {0, 0} when it is not a time word. */
tx_word px__timex_word(const px_map *m, const uint8_t *key, size_t len);

#endif
