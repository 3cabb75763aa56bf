/* Fixed word lists (core/wordlist.c): membership of a byte string. */
#include <string.h>

#include "core/core.h"

int px__word_in(const void *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(w, *list, n) == 0)
            return 1;
    return 0;
}
