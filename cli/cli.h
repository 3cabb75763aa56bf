/* parallax CLI: shared helpers of the command implementations (cli/cmd_*.c).
 * Programs use the public API only. */
#ifndef PX_CLI_H
#define PX_CLI_H

#include <stdio.h>

#include "parallax/parallax.h"

enum { PX_EXIT_OK = 0, PX_EXIT_ERR = 1, PX_EXIT_USAGE = 2 };

/* The state every command shares: counts of problems for the exit status and
 * the progress line. */
typedef struct px_cli {
    const char *prog;    /* "parallax" */
    size_t errors;       /* inputs or records skipped */
    size_t warnings;     /* inputs kept after repair */
    int progress;        /* stderr is a terminal */
    double t0;           /* start, seconds */
    int out_errno;       /* errno of a failed write to stdout (main reports it) */
    px_outlets *outlets; /* --outlets-file (freed by main) */
} px_cli;

/* Prints a diagnostic line "parallax: PATH[:@OFFSET]: message" on stderr and
 * counts it. Usable as a px_diag_fn with ud = px_cli*. */
void px_cli_diag(void *ud, const px_diag *d);

/* Prints the engine's load warnings (px_engine_warnings), one
 * "parallax: FILE:LINE: ..." line each, and counts them. */
void px_cli_engine_warnings(px_cli *c, const px_engine *e);

/* Prints "parallax: msg" on stderr. */
void px_cli_error(px_cli *c, const char *fmt, ...) PX_PRINTF(2, 3);

/* Redraws the progress line (files, MB, MB/s, errors) when stderr is a terminal,
 * at most a few times a second; final=1 ends it with a newline. */
void px_cli_progress(px_cli *c, const px_reader_stats *s, int final);

/* Parses a size such as 64M, 512k or 1048576. Returns 0 on success. */
int px_cli_parse_size(const char *s, size_t *out);

/* --outlet, --date, --url, --title of annotate and add: values for inputs that
 * carry none (borrowed from argv). */
typedef struct px_cli_meta {
    const char *outlet, *date, *url, *title;
    const px_outlets *outlets; /* --outlets-file: canonical outlet names */
} px_cli_meta;

/* getopt_long codes of those options (use them in a command's option table). */
enum {
    PX_CLI_OPT_OUTLET = 300,
    PX_CLI_OPT_DATE,
    PX_CLI_OPT_URL,
    PX_CLI_OPT_TITLE,
    PX_CLI_OPT_OUTLETS_FILE
};

/* Takes option ch (a PX_CLI_OPT_* code) with value v into m. Returns 1 when ch
 * is one of them, 0 when not, -1 (after printing why) for a bad --date. */
int px_cli_meta_opt(px_cli *c, px_cli_meta *m, int ch, const char *v);
/* Loads --outlets-file path into c->outlets (problems through px_cli_diag).
 * Returns 0, or PX_EXIT_ERR when the file cannot be read. */
int px_cli_outlets_file(px_cli *c, const char *path);

/* Fills the fields article a does not state from m. */
void px_cli_meta_apply(const px_cli_meta *m, px_article *a);

/* --shard K/N of annotate and add: this run keeps the articles whose id falls
 * in shard K of N (1 <= K <= N; stored zero-based in k). n == 0: no sharding. */
typedef struct px_cli_shard {
    uint32_t k, n;
} px_cli_shard;

/* Parses "K/N" into sh. Returns 0, or -1 after printing why. */
int px_cli_parse_shard(px_cli *c, const char *cmd, const char *v, px_cli_shard *sh);

/* 1 when article a belongs to the shard (always without --shard). An article
 * whose id cannot be computed (invalid UTF-8) goes to shard 1, whose run
 * reports it. */
int px_cli_shard_keeps(const px_cli_shard *sh, const px_article *a);

/* Commands: argc/argv start at the command name. Return an exit code. */
int px_cmd_annotate(px_cli *c, int argc, char **argv);
int px_cmd_add(px_cli *c, int argc, char **argv);
int px_cmd_list(px_cli *c, int argc, char **argv);
int px_cmd_show(px_cli *c, int argc, char **argv);
int px_cmd_rm(px_cli *c, int argc, char **argv);
int px_cmd_search(px_cli *c, int argc, char **argv);
int px_cmd_eval(px_cli *c, int argc, char **argv);
int px_cmd_stories(px_cli *c, int argc, char **argv);
int px_cmd_topics(px_cli *c, int argc, char **argv);
int px_cmd_compare(px_cli *c, int argc, char **argv);
int px_cmd_tag(px_cli *c, int argc, char **argv);
int px_cmd_parse(px_cli *c, int argc, char **argv);
int px_cmd_techniques(px_cli *c, int argc, char **argv);
int px_cmd_report(px_cli *c, int argc, char **argv);
int px_cmd_export(px_cli *c, int argc, char **argv);
int px_cmd_tone(px_cli *c, int argc, char **argv);
/* The data folder for px_engine_options.data_dir: $PARALLAX_DATA (set by the
 * global --data-dir too), or NULL for the library's compiled-in default. */
const char *px_cli_data_dir(void);
int px_cmd_serve(px_cli *c, int argc, char **argv);
/* The store named by --db's default ($PARALLAX_DB, else ./parallax.db). */
const char *px_cli_default_db(void);
/* Opens an existing store (never creates one); prints why on failure. */
int px_cli_open_store(px_cli *c, const char *db, px_store **s);
/* Warns on stderr when the saved stories are out of date (compare and report
 * read them; parallax stories updates them). */
void px_cli_warn_stale(px_cli *c, px_store *s);

/* A list of groups printed by px_cli_print_groups (stories, topics): through
 * these, the number of groups, the members of group i, its id, and its text
 * or JSON form appended to b. */
typedef struct px_cli_groups {
    const char *what; /* "story", "topic": for messages */
    size_t (*count)(const void *set);
    size_t (*size)(const void *set, size_t i);
    const char *(*id)(const void *set, size_t i);
    px_status (*write)(const void *set, size_t i, int json, px_buf *b);
} px_cli_groups;
/* Prints the groups of set with two or more members (every group when all is
 * set) on stdout, one JSON line each with json; *shown counts them. Returns
 * PX_EXIT_OK, or PX_EXIT_ERR (said on stderr) when one cannot be written. */
int px_cli_print_groups(
    px_cli *c, const px_cli_groups *g, const void *set, int json, int all, size_t *shown);

#endif
