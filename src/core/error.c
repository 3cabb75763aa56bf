/* Status names and context error messages. */
#include <stdio.h>

#include "core/core.h"

const char *px_strerror(px_status st)
{
    static const char *const names[PX__ERR_COUNT] = {
        [PX_OK] = "ok",
        [PX_ENOMEM] = "out of memory",
        [PX_EINVAL] = "invalid argument",
        [PX_EUTF8] = "invalid UTF-8",
        [PX_ETOOBIG] = "limit exceeded",
        [PX_EIO] = "input/output error",
        [PX_EPARSE] = "malformed input",
        [PX_EINTERNAL] = "internal error",
        [PX_EUNSUPPORTED] = "unsupported format",
        [PX_EEMPTY] = "empty input",
        [PX_ENOTFOUND] = "not found",
        [PX_EDB] = "database error",
        [PX_ESTALE] = "not grouped yet",
    };
    if ((unsigned)st >= PX__ERR_COUNT || !names[st])
        return "unknown status";
    return names[st];
}

px_status px__fail(char *errmsg, px_status st, const char *fmt, ...)
{
    if (errmsg) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errmsg, PX_ERRMSG_SIZE, fmt, ap);
        va_end(ap);
    }
    return st;
}
