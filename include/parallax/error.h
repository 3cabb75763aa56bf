/* parallax: status codes. Values are stable: never renumber a released one. */
#ifndef PARALLAX_ERROR_H
#define PARALLAX_ERROR_H

#if defined(__GNUC__)
#define PX_NODISCARD    __attribute__((warn_unused_result))
#define PX_API          __attribute__((visibility("default")))
#define PX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PX_NODISCARD
#define PX_API
#define PX_PRINTF(f, a)
#endif

typedef enum px_status {
    PX_OK = 0,
    PX_ENOMEM = 1,       /* an allocation failed */
    PX_EINVAL = 2,       /* misuse: a bad argument */
    PX_EUTF8 = 3,        /* invalid UTF-8 */
    PX_ETOOBIG = 4,      /* a limit was hit */
    PX_EIO = 5,          /* reading or writing failed */
    PX_EPARSE = 6,       /* malformed input */
    PX_EINTERNAL = 7,    /* a bug */
    PX_EUNSUPPORTED = 8, /* a format this build does not read yet */
    PX_EEMPTY = 9,       /* an input with nothing in it */
    PX_ENOTFOUND = 10,   /* no such item */
    PX_EDB = 11,         /* the store reported an error */
    PX_ESTALE = 12,      /* saved results (the stories) are missing: regroup first */
    PX__ERR_COUNT        /* never use */
} px_status;

/* The size of every caller-supplied error message buffer (errmsg arguments):
 * messages are cut to fit, NUL included. */
#define PX_ERRMSG_SIZE 256

/* Returns a static, human-readable name for a status; never NULL. */
PX_API const char *px_strerror(px_status st);

#endif
