/*
 * cmd.h - the mqlab command's subcommands, one file each, in one table.
 *
 * As in tmux's cmd_table: each subcommand is one struct cmd_entry in its
 * own tui/cmd-NAME.c, and tui/mqlab.c finds it by name.  Adding one
 * means a file and a row.  Errors a user can fix are one line on stderr,
 * "mqlab: what was wrong; what to do", and exit status 2.
 *
 * See also: tui/mqlab.c, docs/labs.md
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_CMD_H
#define MQLAB_CMD_H

#include <stddef.h>

#include "labs/lab.h"

struct cmd_entry {
	const char *name;
	const char *usage; /* the arguments, after "mqlab NAME " */
	const char *help;  /* one line */
	/* argv[0] is the subcommand's name.  Returns the exit status. */
	int (*exec)(int argc, char *argv[]);
};

extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_info_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_grade_entry;
extern const struct cmd_entry cmd_ls_entry;
extern const struct cmd_entry cmd_top_entry;
extern const struct cmd_entry cmd_hint_entry;
extern const struct cmd_entry cmd_reset_entry;

/* Every subcommand, NULL-terminated. */
extern const struct cmd_entry *const cmd_table[];

/* Print "mqlab: ...; ..." (one line: control characters and bytes that
 * are not UTF-8 are escaped) on stderr and return 2. */
int cmd_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "mqlab: ..." on stderr and return 1 (mqlab could not work). */
int cmd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* s made safe to echo in a message and cut when long (faults/quote.h);
 * valid until the fourth call after this one. */
const char *cmd_quote(const char *s);

/* The lab called name, or NULL after a usage error naming the valid
 * numbers. */
const struct lab *cmd_find_lab(const char *name);

/*
 * The tree whose labs/NN-slug/ folders the student works in: the
 * environment's MQLAB_SOURCE_DIR when set and not empty, else the tree
 * mqlab was built from (compiled in).  NULL after a usage error when the
 * variable names no folder with a labs/ folder in it.
 */
const char *cmd_tree(void);

/* The path of lab dir's README.md: in cmd_tree(), else in the installed
 * documentation.  Returns 0, or -1 with errno from the last place tried
 * (ENOENT: nowhere); tried lists the paths tried, for a message. */
int cmd_readme(const char *dir, char *buf, size_t size, char *tried,
	       size_t triedsize);

/* Print "usage: mqlab NAME USAGE" for entry on stdout, return 0. */
int cmd_print_usage(const struct cmd_entry *entry);

#endif
