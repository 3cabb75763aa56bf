/* parallax: the internal headers of the layers up to annotate, for the layers
 * above it (ingest, record, store, corpus, export, report, server) and for
 * tests, benchmarks and tools. The layers themselves include their own header,
 * which includes only the layers below: core/core.h ← text/text.h ←
 * syntax/syntax.h ← annotate/annotate.h (docs/ARCHITECTURE.md). Not installed. */
#ifndef PX_INTERNAL_H
#define PX_INTERNAL_H

#include "annotate/annotate.h"

#endif
