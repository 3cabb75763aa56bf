/* The registry of quality evaluations. Each task lives in tools/eval/<task>.c,
 * defines a px_eval_task and is listed here. */
#include <string.h>

#include "eval/eval.h"
#include "eval/px_eval.h"

extern const px_eval_task px__eval_timex;
extern const px_eval_task px__eval_stories;
extern const px_eval_task px__eval_ner;
extern const px_eval_task px__eval_extraction;
extern const px_eval_task px__eval_quotes;
extern const px_eval_task px__eval_syntax;
extern const px_eval_task px__eval_events;
extern const px_eval_task px__eval_labels;
extern const px_eval_task px__eval_tone;
extern const px_eval_task px__eval_techniques;

static const px_eval_task *const TASKS[] = {
    &px__eval_ner,    &px__eval_timex,      &px__eval_stories, &px__eval_extraction,
    &px__eval_quotes, &px__eval_syntax,     &px__eval_labels,  &px__eval_tone,
    &px__eval_events, &px__eval_techniques,
};

#define NTASKS (sizeof TASKS / sizeof *TASKS)

void px_eval_list(FILE *out)
{
    for (size_t i = 0; i < NTASKS; i++)
        if (TASKS[i])
            fprintf(out, "  %-12s %s\n", TASKS[i]->name, TASKS[i]->summary);
}

int px_eval(int argc, char **argv, FILE *out, FILE *err, const char *data_dir)
{
    if (argc < 1 || !argv[0]) {
        fprintf(err, "parallax: eval: which task? one of:\n");
        px_eval_list(err);
        return 2;
    }
    for (size_t i = 0; i < NTASKS; i++)
        if (TASKS[i] && strcmp(TASKS[i]->name, argv[0]) == 0)
            return TASKS[i]->run(argc, argv, out, err, data_dir);
    fprintf(err, "parallax: eval: unknown task '%s'; tasks:\n", argv[0]);
    px_eval_list(err);
    return 2;
}
