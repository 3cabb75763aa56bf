/* parallax: the engine (shared resources) and one analysed article. */
#ifndef PARALLAX_DOC_H
#define PARALLAX_DOC_H

#include "core.h"

typedef struct px_engine px_engine;
typedef struct px_doc px_doc;

typedef struct px_engine_options {
    int no_langid;        /* 1: skip language identification (lang is null) */
    int no_analyses;      /* 1: segmentation only: no annotators (their arrays are empty) */
    int no_syntax;        /* 1: no tagger or parser (data/models/syntax.bin is never loaded) */
    int record_syntax;    /* 1: parse every document (px_engine_new loads the syntax model) and
                             px_doc_write_json adds "syntax" (words with pos, lemma, head, dep);
                             0: documents are parsed when an analysis first needs it */
    const char *data_dir; /* the folder of parallax's data files (models/, gazetteer/,
                             actors/), borrowed during px_engine_new; NULL: the
                             compiled-in px_data_dir_default() */
} px_engine_options;

/* The data folder compiled in: the installed share/parallax for an installed
 * library, the source tree's data/ for a build that is not installed. A static
 * string. The library reads no environment variable: programs pass
 * px_engine_options.data_dir (the parallax CLI: --data-dir or $PARALLAX_DATA). */
PX_API const char *px_data_dir_default(void);

/* Loads the resources every document shares (language models, transliterator).
 * opt may be NULL. On failure *out is NULL and errmsg (if not NULL, PX_ERRMSG_SIZE bytes)
 * says why. Returns PX_OK, PX_ENOMEM, PX_EIO (a data file is missing). The engine
 * is used by one thread at a time. */
PX_NODISCARD PX_API px_status px_engine_new(px_engine **out,
                                            const px_engine_options *opt,
                                            char *errmsg);
PX_API void px_engine_free(px_engine *e);
/* Problems found while loading that did not stop it (a malformed dictionary
 * line: "FILE:LINE: why; entry skipped"), one a line; "" when none. Valid
 * until px_engine_free. Callers print them once. */
PX_API const char *px_engine_warnings(const px_engine *e);

/* An input article. Every slice is borrowed for the duration of px_doc_new();
 * a NULL ptr means "not stated". text must be valid UTF-8 (readers repair it). */
typedef struct px_article {
    px_slice text;
    px_slice title;
    px_slice author;
    px_slice date; /* YYYY-MM-DD */
    px_slice outlet;
    px_slice url;
    px_slice source_path;
    px_slice source_id;
    const char *date_source; /* "header", "meta", "url", "text" or "none" */
    px_slice lang;           /* the language the page declares (HTML lang, meta), or null */
    px_slice meta;           /* the members of a JSON Lines input record that parallax does not
                                read (topic, bias, …) as one compact JSON object, or null;
                                written to the record as "meta" */
} px_article;

/* Analyses one article: copies it into the document's arena, normalizes (NFC),
 * segments, folds, identifies the language and runs the annotators. Returns PX_OK,
 * PX_ENOMEM, PX_EINVAL (NULL argument or invalid UTF-8 text), PX_ETOOBIG (over
 * 4 GiB or too many tokens). The doc owns everything it points to. */
PX_NODISCARD PX_API px_status px_doc_new(px_engine *e, const px_article *a, px_doc **out);
/* Frees a document; call it before px_engine_free of its engine (the engine
 * keeps the document's memory for the next one). */
PX_API void px_doc_free(px_doc *d);

/* Appends the parallax.article/1 record as one line of JSON (no newline). With
 * px_engine_options.record_syntax the record also holds "syntax": one object
 * per sentence with its "tokens" (span, pos, xpos, lemma, head, dep). */
PX_NODISCARD PX_API px_status px_doc_write_json(const px_doc *d, px_buf *out);

/* The record id: 16 lowercase hex digits, NUL-terminated, valid until px_doc_free. */
PX_API const char *px_doc_id(const px_doc *d);
PX_API px_slice px_doc_text(const px_doc *d);
PX_API px_slice px_doc_title(const px_doc *d);
PX_API px_slice px_doc_date(const px_doc *d);
PX_API px_slice px_doc_outlet(const px_doc *d);
PX_API px_slice px_doc_url(const px_doc *d);
PX_API px_slice px_doc_lang(const px_doc *d);
PX_API size_t px_doc_sentence_count(const px_doc *d);
PX_API size_t px_doc_token_count(const px_doc *d);

/* Appends the document's sentences as CoNLL-U (words, UPOS, XPOS, lemmas,
 * heads, relations; "# sent_id = ID-N" and "# text" comments), parsing the
 * document first if nothing has yet. Appends nothing when the language is
 * identified as other than English. Returns PX_OK, PX_ENOMEM, PX_ETOOBIG,
 * PX_EINVAL (NULL argument, or the engine was made with no_syntax or
 * no_analyses), PX_EIO or PX_EPARSE (data/models/syntax.bin is missing or bad). */
PX_NODISCARD PX_API px_status px_doc_write_conllu(px_doc *d, px_buf *out);
/* Number of syntactic words (UD-style: clitics and hyphens split; parsing the
 * document if nothing has yet), 0 if none or on failure. */
PX_API size_t px_doc_word_count(px_doc *d);

#endif
