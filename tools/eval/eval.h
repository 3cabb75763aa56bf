/* Internal interface of evaluation tasks. */
#ifndef PX_EVAL_EVAL_H
#define PX_EVAL_EVAL_H

#include <stdio.h>

#include "internal.h"

typedef struct px_eval_task {
    const char *name;
    const char *summary;
    /* argv[0] is the task name; data_dir: the data folder the engines load
     * (NULL: px_data_dir_default()). Returns an exit code (see px_eval). */
    int (*run)(int argc, char **argv, FILE *out, FILE *err, const char *data_dir);
} px_eval_task;

#endif
