/* Quantities: word classes shared by quantity.c and quantity_words.c.
 * Internal to src/annotate/quantity*.c. */
#ifndef PX_ANNOTATE_QUANTITY_IMPL_H
#define PX_ANNOTATE_QUANTITY_IMPL_H

#include "annotate/annotate.h"

enum q_cls {
    QC_NONE = 0,
    QC_NUMW,    /* zero..ninety: val */
    QC_HUNDRED, /* hundred */
    QC_MULT,    /* thousand, million, billion, trillion (val; million = 1e6 as val 0: see
                   px__quantity_mult) */
    QC_VAGUE,   /* hundreds, thousands, dozens, tens: val the base */
    QC_AND,
    QC_APPROX,  /* over, about, nearly ...: val enum q_approx */
    QC_UNIT,    /* %, tons, km ...: val index into the unit names */
    QC_CUR,     /* currency words and symbols: val index into the unit names */
    QC_TRIGGER, /* a count word: val enum q_count */
    QC_STOP,    /* ends a noun phrase (function words, common verbs) */
    QC_SKIP     /* more, other, additional: skipped before the head noun */
};

enum q_approx { QA_EXACT = 0, QA_OVER, QA_UNDER, QA_ABOUT, QA_NEARLY, QA_ATLEAST, QA_ATMOST };

enum q_count {
    QK_NONE = 0,
    QK_KILL,
    QK_WOUND,
    QK_CASUALTIES,
    QK_DISPLACED,
    QK_ARREST,
    QK_KIDNAP,
    QK_PROTEST,
    QK_EVACUATE,
    QK_SICK,
    QK_AFFECT
};

typedef struct qword {
    uint8_t cls;  /* enum q_cls */
    uint8_t noun; /* a trigger that is also the counted noun ("protesters") */
    uint16_t pad;
    uint32_t val;
} qword;

px_map *px__quantity_words_new(void);
qword px__quantity_word(const px_map *m, const uint8_t *key, size_t len);
const char *px__quantity_approx_name(int code);
const char *px__quantity_count_name(int code);
const char *px__quantity_unit_name(uint32_t idx);

#endif
