/* parallax export: shared pieces of the writers (export.c drives them). Not
 * installed. */
#ifndef PX_EXPORT_IMPL_H
#define PX_EXPORT_IMPL_H

#include "parallax/export.h"
#include "record/record.h"

#define PX_X_MAX_TABLES 9

/* The output: one buffer per table, handed to the sink in pieces. */
typedef struct px__xout {
    px_export_sink sink;
    void *ud;
    const char *const *tables;
    size_t n_tables;
    px_buf buf[PX_X_MAX_TABLES];
    size_t rows;
} px__xout;

/* Where an article stands in the saved grouping (null slices when nowhere). */
typedef struct px__xmember {
    px_slice story, dup_of;
} px__xmember;

/* Hands table t's buffer to the sink when it holds at least min bytes.
 * Returns PX_OK or PX_EIO. */
px_status px__xout_flush(px__xout *o, size_t t, size_t min);

/* A number as text: "" for NaN, whole numbers without a fraction, else up to
 * 15 significant digits. Appends to b. */
px_status px__x_num(px_buf *b, double v);

/* CSV (export_csv.c): header rows of every table, then one article's rows. */
px_status px__csv_header(px__xout *o);
px_status px__csv_article(px__xout *o, const px_rec *r, const px__xmember *m);

/* GDELT (export_gdelt.c): GKG 2.1 and Events 2.0 rows of one article. */
px_status px__gkg_header(px__xout *o);
px_status px__gkg_article(px__xout *o, const px_rec *r);
px_status px__events_header(px__xout *o);
px_status px__events_article(px__xout *o, const px_rec *r);

#endif
