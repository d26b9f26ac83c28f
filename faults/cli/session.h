/*
 * session.h - run PROGRAM under a plan and report like a shell would.
 *
 * The part of mqfault that runs after the command line is understood:
 * start the supervisor, spawn PROGRAM, serve its calls and our signals
 * until it exits, print the summary.  Being program code, it prints its
 * diagnostics on stderr itself.
 *
 * See also: faults/cli/session.c, faults/cli/mqfault.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_CLI_SESSION_H
#define MQLAB_CLI_SESSION_H

#include "faults/fault.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* mqfault could not do its own job (no supervisor, no signalfd). */
#define SESSION_FAILED 1

struct session_options {
	FILE *log;	/* events go here (the caller opened it), or NULL */
	bool json;	/* JSON Lines instead of strace-like text */
	size_t capture; /* payload bytes per event */
	char **argv;	/* PROGRAM and its arguments, NULL-terminated */
};

/*
 * Run o->argv under plan (which must outlive the call) and return the exit
 * code mqfault should return: PROGRAM's exit status, 128+N when signal N
 * killed it, 127 when it was not found, 126 when it could not be run, or
 * SESSION_FAILED.  The log is flushed but not closed.
 */
int session_run(struct fault_plan *plan, const struct session_options *o);

#endif
