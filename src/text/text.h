/* parallax text layer (src/text/): NFC, folded match keys, segmentation into
 * paragraphs, sentences and tokens with byte offsets, language
 * identification. Sees the core layer only: no document, no engine. Not
 * installed. */
#ifndef PX_TEXT_TEXT_H
#define PX_TEXT_TEXT_H

#include "core/core.h"

/* ---- text (text/): tokens, sentences, paragraphs with byte offsets ---- */
typedef struct px_span {
    uint32_t start;
    uint32_t end; /* exclusive */
} px_span;

enum px_tok_kind {
    PX_TOK_WORD = 1,  /* letters, with inner apostrophes, hyphens, periods (U.S.) */
    PX_TOK_NUM = 2,   /* digits with inner , . : (8,000  3.5  2:40) */
    PX_TOK_PUNCT = 3, /* one punctuation mark (or an ellipsis "...") */
    PX_TOK_SYM = 4    /* other symbols: $ % € emoji */
};

enum px_tok_flag {
    PX_TF_UPPER1 = 1 << 0,   /* first letter upper case */
    PX_TF_ALLCAPS = 1 << 1,  /* all letters upper case (two or more letters) */
    PX_TF_SENTSTART = 1 << 2 /* first token of a sentence */
};

typedef struct px_token {
    uint32_t start, end; /* bytes in the document text */
    const uint8_t *key;  /* folded match key (may point into the text) */
    uint32_t key_len;
    uint8_t kind;
    uint8_t flags;
    uint16_t pad;
    uint64_t key_hash; /* px__hash64(key, key_len, 0) */
} px_token;

typedef struct px_folder px_folder;
typedef struct px_langid px_langid;

/* text/normalize.c: NFC. Sets *out to in itself when it is already NFC (the
 * common case, checked without allocating), else to a normalized copy in arena. */
px_status px__nfc(px_arena *a, px_slice in, px_slice *out);

/* text/fold.c: folded match keys (case folded, marks stripped, Cyrillic and Greek
 * transliterated to Latin). The folder holds an ICU transliterator: one per thread. */
px_status px__folder_new(px_folder **out, char *errmsg);
void px__folder_free(px_folder *f);
/* Folds s into arena memory; *out may alias s when s is already folded ASCII. */
px_status px__fold(px_folder *f, px_arena *a, px_slice s, px_slice *out);
/* Folds into a px_buf (appending), for keys built outside a document. */
px_status px__fold_buf(px_folder *f, px_slice s, px_buf *out);

/* text/segment.c: a token buffer reused from one text to the next (an engine
 * keeps one; free toks when done). */
typedef struct px_tok_scratch {
    px_token *toks;
    size_t cap;
} px_tok_scratch;

/* The paragraphs, sentences and tokens of one text. */
typedef struct px_segmented {
    px_span *paras;
    size_t n_paras;
    px_span *sents;
    size_t n_sents;
    px_token *toks;
    size_t n_toks;
    px_token *toks_owned; /* toks when not in the arena (large texts): the caller frees it */
} px_segmented;

/* text/segment.c: paragraphs, sentences and tokens of text (at most 4 GiB),
 * keys folded with f, in arena a; scratch (may be NULL) lends its buffer.
 * errmsg (may be NULL) says why on failure. */
px_status px__segment_text(px_folder *f,
                           px_arena *a,
                           px_slice text,
                           px_tok_scratch *scratch,
                           px_segmented *out,
                           char *errmsg);

/* text/segment.c: tokens of any text (for lexicon entries and queries), with
 * the same rules and keys as px__segment. *toks is allocated in a. */
px_status px__tokenize(px_folder *f, px_arena *a, px_slice text, px_token **toks, size_t *n);

/* text/langid.c: language identification (libexttextcat). */
px_status px__langid_new(px_langid **out, char *errmsg);
void px__langid_free(px_langid *l);
/* Returns an ISO 639 code (static storage) or NULL when unsure. */
const char *px__langid_guess(px_langid *l, px_slice text);
/* The same for a segmented text (toks its tokens): a function-word count over
 * its first tokens decides the common Latin-script languages, the n-gram
 * classifier the rest. */
const char *px__langid_toks(px_langid *l, px_slice text, const px_token *toks, size_t n);

#endif
