/* parallax: quality evaluations on labelled data (`parallax eval TASK`). Not
 * part of the library: tools/eval/ is an object library the command-line
 * program (and the tests that score with it) link, so libparallax never
 * parses arguments. */
#ifndef PX_TOOLS_EVAL_H
#define PX_TOOLS_EVAL_H

#include <stdio.h>

/* Runs evaluation task (argv[0] is the task name, the rest its arguments)
 * with the models and dictionaries of data_dir (NULL: the library's
 * compiled-in folder), printing the report to out and problems to err.
 * Returns a process exit code: 0 done, 1 the data could not be read, 2 usage
 * (unknown task, bad arguments). */
int px_eval(int argc, char **argv, FILE *out, FILE *err, const char *data_dir);
/* Prints the tasks, one per line with a short description. */
void px_eval_list(FILE *out);

#endif
