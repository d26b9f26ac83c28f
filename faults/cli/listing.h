/*
 * listing.h - `mqfault --list WHAT`: the names a spec may use, one a line.
 *
 * Shell completion must offer exactly the names the parser accepts, so it
 * asks the installed mqfault instead of keeping a copy that drifts: the
 * lists are read from the engine's own tables (sysent, names).
 *
 * See also: faults/cli/listing.c, completions/mqfault, docs/mqfault.1
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_CLI_LISTING_H
#define MQLAB_CLI_LISTING_H

/* What --list takes, for messages and the help. */
#define LISTING_WHAT \
	"syscalls, classes, errnos, signals, keys, variables or constants"

/*
 * Print the names of kind what on stdout, one a line, and return the exit
 * status for mqfault: 0, or 2 after a one-line usage error for an unknown
 * kind.  Whether stdout took the names is checked at exit, as for all of
 * mqfault's output.
 */
int listing_main(const char *what);

#endif
