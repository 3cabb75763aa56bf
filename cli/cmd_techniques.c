/* parallax techniques --spans [FILE|-]: the technique of each given span
 * (JSON Lines in, JSON Lines out; see include/parallax/techniques.h). A bad
 * line is reported with its line number and skipped; the run goes on. */
#include <string.h>

#include "cli.h"
#include "parallax/techniques.h"

#define MAX_LINE ((size_t)256 << 20)

static const char USAGE[] =
    "usage: parallax techniques --spans [FILE|-]\n\n"
    "Names the persuasion technique (SemEval-2020 Task 11, 14 classes) of each given\n"
    "span. Input: JSON Lines {\"id\", \"text\", \"spans\": [[start, end], ...]} with UTF-8\n"
    "byte offsets (end exclusive); output: {\"id\", \"spans\": [{\"span\": [s, e],\n"
    "\"technique\", \"score\"}, ...]} per line. A repeated span gets its next most likely\n"
    "technique. Bad lines (not JSON, spans outside the text or inside a UTF-8\n"
    "character) are reported with their line number and skipped (exit status 1).\n"
    "Reads stdin when FILE is absent or -.\n";

int px_cmd_techniques(px_cli *c, int argc, char **argv)
{
    const char *path = NULL;
    int spans = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--spans"))
            spans = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(USAGE, stdout);
            return PX_EXIT_OK;
        } else if (!path && (argv[i][0] != '-' || !strcmp(argv[i], "-")))
            path = argv[i];
        else {
            px_cli_error(c, "techniques: unknown argument '%s'", argv[i]);
            return PX_EXIT_USAGE;
        }
    }
    if (!spans) {
        px_cli_error(c, "techniques: only --spans input is supported (parallax techniques "
                        "--spans [FILE])");
        return PX_EXIT_USAGE;
    }
    const char *name = path && strcmp(path, "-") ? path : "<stdin>";
    FILE *in = stdin;
    if (path && strcmp(path, "-") && !(in = fopen(path, "rb"))) {
        px_cli_error(c, "techniques: cannot open %s", path);
        return PX_EXIT_ERR;
    }
    char err[PX_ERRMSG_SIZE] = "";
    px_techniques *t = NULL;
    px_status st = px_techniques_new(&t, px_cli_data_dir(), err);
    if (st) {
        px_cli_error(c, "techniques: %s", err);
        if (in != stdin)
            fclose(in);
        return PX_EXIT_ERR;
    }
    px_buf line, out;
    px_buf_init(&line, MAX_LINE);
    px_buf_init(&out, 0);
    size_t lineno = 0;
    int ch = 0, code = PX_EXIT_OK;
    while (ch != EOF) {
        px_buf_reset(&line);
        int toolong = 0;
        while ((ch = getc(in)) != EOF && ch != '\n')
            if (!toolong && px_buf_append_byte(&line, (uint8_t)ch))
                toolong = 1;
        lineno++;
        if (ch == EOF && !line.len)
            break;
        if (line.len && line.ptr[line.len - 1] == '\r')
            line.len--;
        if (!toolong && !line.len)
            continue;
        px_buf_reset(&out);
        st = toolong ? PX_ETOOBIG : px_techniques_line(t, line.ptr, line.len, &out, err);
        if (st == PX_ENOMEM) {
            px_cli_error(c, "techniques: %s:%zu: out of memory", name, lineno);
            code = PX_EXIT_ERR;
            break;
        }
        if (st) {
            px_cli_error(c, "techniques: %s:%zu: %s (line skipped)", name, lineno,
                         toolong ? "line longer than 256 MB" : err);
            c->errors++;
            code = PX_EXIT_ERR;
            continue;
        }
        fwrite(out.ptr, 1, out.len, stdout);
    }
    if (ferror(in)) {
        px_cli_error(c, "techniques: cannot read %s", name);
        code = PX_EXIT_ERR;
    }
    px_buf_free(&line);
    px_buf_free(&out);
    px_techniques_free(t);
    if (in != stdin)
        fclose(in);
    return code;
}
