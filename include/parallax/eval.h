/* parallax: quality evaluations on labelled data (`parallax eval TASK`). */
#ifndef PARALLAX_EVAL_H
#define PARALLAX_EVAL_H

#include <stdio.h>

#include "error.h"

/* Runs evaluation task (argv[0] is the task name, the rest its arguments),
 * printing the report to out and problems to err. Returns a process exit code:
 * 0 done, 1 the data could not be read, 2 usage (unknown task, bad arguments). */
PX_API int px_eval(int argc, char **argv, FILE *out, FILE *err);
/* Prints the tasks, one per line with a short description. */
PX_API void px_eval_list(FILE *out);

#endif
