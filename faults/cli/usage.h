/*
 * usage.h - mqfault's one-line errors, and what it checks before it runs
 * PROGRAM.
 *
 * A user's mistake costs one line on stderr, "mqfault: what was wrong;
 * what to do", and exit status 2 (a spec error adds the spec and a caret
 * under that line).  Everything that can be checked before PROGRAM runs
 * is: the rules files, the event log (opened only once everything else
 * is known to be fine, so a mistake never truncates an existing log),
 * and PROGRAM itself.
 *
 * See also: faults/cli/usage.c, faults/cli/mqfault.c, faults/quote.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_CLI_USAGE_H
#define MQLAB_CLI_USAGE_H

#include <stdio.h>

#include "faults/fault.h"

#define USAGE_EXIT 2

/* Print "mqfault: " and the message as one line (control characters
 * and invalid UTF-8 escaped), then exit 2. */
void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* s made safe to echo in a message, cut when long (faults/quote.h).  The
 * result lives until the fourth call after this one. */
const char *usage_quote(const char *s);

/* A spec (or a rules-file line) the parser refused: the one-line error,
 * then the spec with a caret under the bad part; exit 2. */
void usage_spec_error(const struct fault_error *err) __attribute__((noreturn));

/* Add the rules of the file at path to plan, or exit 2 saying why:
 * missing, unreadable, a directory, a device, too large, a bad line, or
 * no rule at all. */
void usage_rules_file(struct fault_plan *plan, const char *path);

/*
 * Check that argv[0] is a program execvp() can start, the way execvp()
 * looks for it (PATH when it has no '/'), or print one line and exit:
 * 127 when it is not found, 126 when it is found but cannot be run
 * (mqfault's documented statuses, as a shell's).
 */
void usage_find_program(const char *name);

/*
 * Open the event log: NULL for none, stdout for "-".  Exits 2 with one
 * line when it cannot be opened; never blocks on a FIFO that nobody
 * reads (that is an error too).
 */
FILE *usage_open_log(const char *path);

/*
 * Close the event log opened by usage_open_log() (not stdout).  When a
 * write to it failed on the way, say so in one line and return 2 (the
 * events are lost); else return status.
 */
int usage_close_log(FILE *log, const char *path, int status);

/*
 * At exit, make a failed write to stdout an error: one line and status
 * 2, instead of output silently lost (mqfault --help >/dev/full).  Call
 * once, early in main().
 */
void usage_watch_stdout(void);

#endif
