/* One document: the article copied into an arena, normalized, segmented and
 * annotated. */
#include <string.h>

#include "annotate/annotate.h"

px_status px__segment(px_doc *d)
{
    if (!d || !d->arena || !d->engine || !d->engine->folder || (!d->text.ptr && d->text.len))
        return PX_EINVAL;
    d->paras = d->sents = NULL;
    d->toks = NULL;
    d->n_paras = d->n_sents = d->n_toks = 0;
    px__free(d->toks_owned);
    d->toks_owned = NULL;
    px_segmented sg;
    px_status st = px__segment_text(d->engine->folder, d->arena, d->text, &d->engine->tok_scratch,
                                    &sg, d->errmsg);
    if (st)
        return st;
    d->paras = sg.paras;
    d->n_paras = sg.n_paras;
    d->sents = sg.sents;
    d->n_sents = sg.n_sents;
    d->toks = sg.toks;
    d->n_toks = sg.n_toks;
    d->toks_owned = sg.toks_owned;
    return PX_OK;
}

const char *px__langid_doc(px_langid *l, const px_doc *d)
{
    return px__langid_toks(l, d->text, d->toks, d->n_toks);
}

/* The record id: a hash of the outlet and the normalized body text, so the same
 * article read twice (another run, another machine, another file name) gets the
 * same id, while a syndicated copy carried by another outlet stays its own
 * record (the corpus layer links copies with duplicate_of). */
static void id_of(px_slice outlet, px_slice text, char id[17])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h = px__hash64(outlet.ptr ? outlet.ptr : (const uint8_t *)"", outlet.len,
                            0x7061726c6c617831ULL);
    h = px__hash64(text.ptr, text.len, h);
    for (int i = 15; i >= 0; i--, h >>= 4)
        id[i] = hex[h & 15];
    id[16] = '\0';
}

static void make_id(px_doc *d)
{
    id_of(d->outlet, d->text, d->id);
}

/* The same id before analysis (a shard is chosen by it): the outlet and the
 * text normalized as px_doc_new does; a scratch arena only when one is not NFC. */
px_status px_article_id(const px_article *a, char id[17])
{
    if (!a || !id || (!a->text.ptr && a->text.len))
        return PX_EINVAL;
    px_slice text = a->text.ptr ? a->text : PX_SLICE_LIT("");
    if (px__utf8_valid_prefix(text.ptr, text.len) != text.len ||
        (a->outlet.ptr && px__utf8_valid_prefix(a->outlet.ptr, a->outlet.len) != a->outlet.len))
        return PX_EINVAL;
    px_arena *ar = px__arena_new(4096, 0);
    if (!ar)
        return PX_ENOMEM;
    px_slice nt, no = PX_SLICE_NULL;
    px_status st = px__nfc(ar, text, &nt);
    if (st == PX_OK && a->outlet.ptr)
        st = px__nfc(ar, a->outlet, &no);
    if (st == PX_OK)
        id_of(no, nt, id);
    px__arena_free(ar);
    return st;
}

/* The language a page declares ("en-US", "sr_Latn", "EN"), as the ISO 639 code
 * of its primary subtag, for when the text itself does not tell; null when it
 * is not a language tag. */
static px_slice declared_lang(px_arena *a, px_slice tag)
{
    size_t n = 0;
    while (n < tag.len && n < 4 && ((tag.ptr[n] | 32) >= 'a' && (tag.ptr[n] | 32) <= 'z'))
        n++;
    if (n < 2 || n > 3 || (n < tag.len && tag.ptr[n] != '-' && tag.ptr[n] != '_'))
        return PX_SLICE_NULL;
    uint8_t *p = px__arena_alloc(a, n + 1, 1);
    if (!p)
        return PX_SLICE_NULL;
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(tag.ptr[i] | 32);
    p[n] = 0;
    return (px_slice){p, n};
}

static px_status copy_meta(px_doc *d, const px_article *a)
{
    px_arena *ar = d->arena;
    const px_slice *src[] = {&a->title, &a->author,      &a->date,     &a->outlet,
                             &a->url,   &a->source_path, &a->source_id};
    px_slice *dst[] = {&d->title, &d->author,      &d->date,     &d->outlet,
                       &d->url,   &d->source_path, &d->source_id};
    for (size_t i = 0; i < sizeof src / sizeof *src; i++) {
        if (!src[i]->ptr)
            continue;
        if (px__utf8_valid_prefix(src[i]->ptr, src[i]->len) != src[i]->len)
            return px__fail(d->errmsg, PX_EINVAL, "metadata is not valid UTF-8");
        px_slice n;
        px_status st = px__nfc(ar, *src[i], &n);
        if (st)
            return st;
        *dst[i] = px__arena_dup(ar, n);
        if (!dst[i]->ptr)
            return PX_ENOMEM;
    }
    d->date_source = d->date.ptr ? (a->date_source ? a->date_source : "header") : "none";
    if (a->meta.ptr && !(d->meta = px__arena_dup(ar, a->meta)).ptr)
        return PX_ENOMEM;
    return PX_OK;
}

px_status px_doc_new(px_engine *e, const px_article *a, px_doc **out)
{
    if (!out)
        return PX_EINVAL;
    *out = NULL;
    if (!e || !a || (!a->text.ptr && a->text.len))
        return PX_EINVAL;
    if (a->text.len > UINT32_MAX)
        return PX_ETOOBIG;
    if (px__utf8_valid_prefix(a->text.ptr, a->text.len) != a->text.len)
        return PX_EINVAL;
    px_doc *d = px__calloc(1, sizeof(*d));
    if (!d)
        return PX_ENOMEM;
    /* One chunk usually holds the whole document: text, tokens and keys. The
     * arena of the previous document is reused: its memory is already mapped and
     * warm in the cache. */
    size_t want = a->text.len * 6 + 16384;
    if (e->spare && px__arena_used(e->spare) >= want) {
        d->arena = e->spare;
        e->spare = NULL;
    } else {
        d->arena = px__arena_new(want, 0);
    }
    d->engine = e;
    px_status st = d->arena ? PX_OK : PX_ENOMEM;
    px_slice text = a->text.ptr ? a->text : PX_SLICE_LIT("");
    if (st == PX_OK)
        st = px__nfc(d->arena, text, &d->text);
    if (st == PX_OK && d->text.ptr == text.ptr) {
        d->text = px__arena_dup(d->arena, text);
        st = d->text.ptr ? PX_OK : PX_ENOMEM;
    }
    if (st == PX_OK && d->text.len > UINT32_MAX)
        st = PX_ETOOBIG;
    if (st == PX_OK)
        st = copy_meta(d, a);
    if (st == PX_OK)
        st = px__segment(d);
    if (st == PX_OK && e->langid) {
        const char *lang = px__langid_doc(e->langid, d);
        d->lang = px_slice_cstr(lang);
    }
    if (st == PX_OK && !d->lang.ptr)
        d->lang = declared_lang(d->arena, a->lang);
    if (st == PX_OK && e->record_syntax)
        st = px__doc_syntax(d);
    if (st == PX_OK && !e->no_analyses)
        st = px__annotate(d);
    if (st) {
        px_doc_free(d);
        return st;
    }
    make_id(d);
    *out = d;
    return PX_OK;
}

#define SPARE_MAX ((size_t)8 << 20) /* keep a spare arena of at most this size */

void px_doc_free(px_doc *d)
{
    if (!d)
        return;
    if (d->arena && !d->engine->spare) {
        px__arena_reset(d->arena);
        if (px__arena_used(d->arena) <= SPARE_MAX) {
            d->engine->spare = d->arena;
            d->arena = NULL;
        }
    }
    px__arena_free(d->arena);
    px__free(d->toks_owned);
    px__free(d);
}

const char *px_doc_id(const px_doc *d)
{
    return d->id;
}

px_slice px_doc_text(const px_doc *d)
{
    return d->text;
}

px_slice px_doc_title(const px_doc *d)
{
    return d->title;
}

px_slice px_doc_date(const px_doc *d)
{
    return d->date;
}

px_slice px_doc_outlet(const px_doc *d)
{
    return d->outlet;
}

px_slice px_doc_url(const px_doc *d)
{
    return d->url;
}

px_slice px_doc_lang(const px_doc *d)
{
    return d->lang;
}

size_t px_doc_sentence_count(const px_doc *d)
{
    return d->n_sents;
}

size_t px_doc_token_count(const px_doc *d)
{
    return d->n_toks;
}

px_status px_doc_write_conllu(px_doc *d, px_buf *out)
{
    if (!d || !out)
        return PX_EINVAL;
    px_status st = px__doc_syntax(d);
    return st ? st : px__syntax_write_conllu(d, out);
}

size_t px_doc_word_count(px_doc *d)
{
    return d && !px__doc_syntax(d) && d->syn ? d->syn->n : 0;
}

uint32_t px__doc_tok_at(const px_doc *d, uint32_t b)
{
    size_t lo = 0, hi = d->n_toks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->toks[mid].start < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}
