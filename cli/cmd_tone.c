/* parallax tone --targets [FILE|-]: the sentiment of each line's text toward
 * the given target spans (docs/tone.md). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parallax/tone.h"

static const char HELP[] =
    "usage: parallax tone --targets [FILE|-]\n"
    "\n"
    "Reads JSON Lines {\"id\", \"text\", \"targets\": [{\"span\": [s, e]}]} (UTF-8 byte\n"
    "offsets into text, end exclusive) and prints per line {\"id\", \"tone\": {tone,\n"
    "positive, negative, polarity, activity, self_group, words}, \"targets\":\n"
    "[{\"span\", \"polarity\", \"score\"}]}: the document tone of the text and the\n"
    "sentiment toward each target (negative, neutral or positive; score in -1..1).\n"
    "A bad line is reported with its line number and skipped (exit status 1).\n";

int px_cmd_tone(px_cli *c, int argc, char **argv)
{
    const char *path = NULL;
    int targets = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--targets"))
            targets = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(HELP, stdout);
            return PX_EXIT_OK;
        } else if (!path && (argv[i][0] != '-' || !strcmp(argv[i], "-")))
            path = argv[i];
        else {
            px_cli_error(c, "tone: unknown argument '%s'", argv[i]);
            return PX_EXIT_USAGE;
        }
    }
    if (!targets) {
        px_cli_error(c, "tone: give --targets (parallax tone --targets [FILE|-])");
        return PX_EXIT_USAGE;
    }
    const char *name = path && strcmp(path, "-") ? path : "-";
    FILE *in = stdin;
    if (path && strcmp(path, "-") && !(in = fopen(path, "rb"))) {
        px_cli_error(c, "tone: cannot open %s", path);
        return PX_EXIT_ERR;
    }
    char err[PX_ERRMSG_SIZE] = "";
    px_toner *t = NULL;
    if (px_toner_new(&t, px_cli_data_dir(), err)) {
        px_cli_error(c, "tone: %s", err);
        if (in != stdin)
            fclose(in);
        return PX_EXIT_ERR;
    }
    px_buf out;
    px_buf_init(&out, 0);
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    int rc = PX_EXIT_OK;
    while ((len = getline(&line, &cap, in)) > 0) {
        lineno++;
        size_t n = (size_t)len;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == n)
            continue; /* blank line */
        px_buf_reset(&out);
        px_status st = px_toner_line(t, (px_slice){(const uint8_t *)line, n}, &out, err);
        if (st == PX_ENOMEM) {
            px_cli_error(c, "tone: out of memory");
            rc = PX_EXIT_ERR;
            break;
        }
        if (st) {
            px_cli_error(c, "tone: %s: line %zu: %s", name, lineno, err);
            c->errors++;
            rc = PX_EXIT_ERR;
            continue;
        }
        fwrite(out.ptr, 1, out.len, stdout);
        fputc('\n', stdout);
    }
    if (ferror(in)) {
        px_cli_error(c, "tone: %s: read error", name);
        rc = PX_EXIT_ERR;
    }
    free(line);
    px_buf_free(&out);
    px_toner_free(t);
    if (in != stdin)
        fclose(in);
    return rc;
}
