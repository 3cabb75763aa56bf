/* Dictionary matcher: multi-word entries (sequences of folded tokens), each with a
 * uint32 payload, compiled into a read-only token trie that finds all
 * leftmost-longest, non-overlapping matches in one pass over a document's tokens.
 * Gazetteers, actor dictionaries, cue verbs, tone words and label lexicons are all
 * built on it. Internal (not installed).
 *
 * Entries are raw text tokenized and folded with px__tokenize, so "Vučić",
 * "VUCIC" and "Вучић" are one entry, and an entry matches text exactly when the
 * document's segmentation gives the same folded keys. Matching reads only
 * px_token.key, key_len and key_hash.
 *
 * Duplicate entries (the same folded token sequence added twice): the first
 * payload is kept and later ones are ignored. An entry has one payload; callers
 * that need several index their own table of payload lists with it.
 *
 * Tokens carry no sentence ids, so a match may span whatever token range the
 * caller passes: pass one sentence's tokens at a time when matches must not cross
 * sentence boundaries.
 *
 * A built px_lexicon is immutable: any number of threads may match with it at
 * once. A builder is used by one thread (it borrows a folder). */
#ifndef PX_TEXT_LEXICON_H
#define PX_TEXT_LEXICON_H

#include "text/text.h"

typedef struct px_lexicon px_lexicon;
typedef struct px_lex_builder px_lex_builder;

/* Most tokens in one entry; longer phrases are rejected with PX_ETOOBIG. */
#define PX_LEX_MAX_PHRASE_TOKENS 255

/* Creates an empty builder. f is borrowed and must outlive the builder; it is
 * used (not thread-safe) by px__lex_add and px__lex_load_tsv. Returns PX_OK,
 * PX_EINVAL (NULL argument) or PX_ENOMEM; *out is NULL on failure. */
PX_NODISCARD px_status px__lex_builder_new(px_lex_builder **out, px_folder *f);

/* Frees a builder that was not passed to px__lex_build. NULL is allowed. */
void px__lex_builder_free(px_lex_builder *b);

/* Adds an entry: phrase (valid UTF-8, borrowed for the call) is tokenized and
 * folded with px__tokenize. If the same token sequence is already present, the
 * earlier payload is kept. Returns PX_OK, PX_EINVAL (NULL builder, or a phrase
 * with no tokens), PX_ETOOBIG (more than PX_LEX_MAX_PHRASE_TOKENS tokens, or
 * the lexicon outgrew its 32-bit ids), PX_ENOMEM, or what px__tokenize returns
 * (PX_EUTF8). On failure the builder stays usable and holds the earlier
 * entries. */
PX_NODISCARD px_status px__lex_add(px_lex_builder *b, px_slice phrase, uint32_t payload);

/* Loads a TSV file of entries into b: one entry per line, "phrase<TAB>payload"
 * (payload a decimal number below 2^32) or "phrase" alone (payload = the
 * 1-based line number). Lines whose first non-blank byte is '#' and lines of
 * only blanks are skipped; a CR before the LF is ignored. path is borrowed.
 * Returns PX_OK, PX_EINVAL (NULL argument), PX_EIO (the file cannot be read),
 * PX_EPARSE (a bad payload or an empty phrase), PX_EUTF8, PX_ETOOBIG or
 * PX_ENOMEM; errmsg (PX_ERRMSG_SIZE bytes, may be NULL) then names the path and
 * the line number. Entries of the lines before a bad one stay in b. */
PX_NODISCARD px_status px__lex_load_tsv(px_lex_builder *b, const char *path, char *errmsg);

/* Compiles the builder into a lexicon. Consumes b (freed on success and on
 * failure). Returns PX_OK, PX_EINVAL (NULL argument) or PX_ENOMEM; *out is NULL
 * on failure. A lexicon with no entries is valid (it never matches). */
PX_NODISCARD px_status px__lex_build(px_lex_builder *b, px_lexicon **out);

/* Frees a lexicon. NULL is allowed. */
void px__lex_free(px_lexicon *l);

/* Returns the number of distinct entries (px__lex_builder_size: added so far). */
size_t px__lex_size(const px_lexicon *l);
size_t px__lex_builder_size(const px_lex_builder *b);

typedef struct px_lex_match {
    uint32_t tok_start, tok_end; /* token indexes [start, end) into the array matched */
    uint32_t payload;
} px_lex_match;

/* Iterator form, the fastest and simplest for most callers:
 *
 *     size_t pos = 0;
 *     px_lex_match m;
 *     while (px__lex_next(l, toks, n, &pos, &m))
 *         use(m);
 *
 * Finds the leftmost-longest match starting at or after *pos in toks[0..n),
 * stores it in *m, sets *pos to m->tok_end and returns 1; returns 0 (with *pos =
 * n) when there is none. toks is borrowed; n must be below 2^32. */
int px__lex_next(const px_lexicon *l, const px_token *toks, size_t n, size_t *pos, px_lex_match *m);

/* Callback form: calls fn for each leftmost-longest, non-overlapping match of
 * toks[0..n) in order; a non-zero return from fn stops the scan. m is valid
 * during the call. Returns PX_OK (also when fn stopped it), PX_EINVAL (NULL
 * lexicon, fn, or toks with n > 0) or PX_ETOOBIG (n >= 2^32). */
typedef int (*px_lex_match_fn)(void *ud, const px_lex_match *m);
PX_NODISCARD px_status
px__lex_match(const px_lexicon *l, const px_token *toks, size_t n, px_lex_match_fn fn, void *ud);

/* Exact lookup: returns 1 and sets *payload when toks[0..n) is exactly an entry,
 * else 0. */
int px__lex_get(const px_lexicon *l, const px_token *toks, size_t n, uint32_t *payload);

#endif
