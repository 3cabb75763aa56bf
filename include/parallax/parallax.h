/* parallax: one news story from every side. Umbrella header of the public API.
 *
 * Flow: a px_reader turns paths into px_article inputs; px_doc_new() analyses one
 * article against a px_engine (loaded, read-only resources) into a px_doc whose
 * record px_doc_write_json() prints as parallax.article/1; a px_store keeps records
 * in SQLite. */
#ifndef PARALLAX_PARALLAX_H
#define PARALLAX_PARALLAX_H

#include "core.h"
#include "corpus.h"
#include "doc.h"
#include "error.h"
#include "export.h"
#include "ingest.h"
#include "report.h"
#include "server.h"
#include "shard.h"
#include "store.h"
#include "syntax.h"
#include "tag.h"
#include "techniques.h"
#include "tone.h"

#define PX_VERSION "0.1.0"

#endif
