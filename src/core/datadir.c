/* The data folder compiled into this build of the library. This one file is
 * compiled twice (CMakeLists.txt): with the source tree's data/ for the
 * library the build tree uses, and with the installed share/parallax for the
 * library and program that cmake --install copies. */
#include "core/core.h"
#include "parallax/doc.h" /* declares it */

#ifndef PX_DEFAULT_DATA_DIR
#error "PX_DEFAULT_DATA_DIR must be defined by the build"
#endif

const char *px_data_dir_default(void)
{
    return PX_DEFAULT_DATA_DIR;
}
