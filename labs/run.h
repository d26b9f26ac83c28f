/*
 * run.h - run a lab's scenario headless: roles, faults, timeline, summary.
 *
 * Called in the init of a sandbox (labs/sandbox.h): it runs the lab's
 * program once with --setup, then once per role with --role NAME, each
 * role under its own fault supervisor that watches every queue call
 * (FAULT_WATCH_ALL) and applies that role's plan.  Roles report what
 * their calls did through a pipe (MQLAB_REPORT_FD, labs/report.h);
 * their stdout and stderr are captured, never let onto the terminal.
 * Everything becomes the timeline, one line per event on out (JSON Lines
 * with json), then a summary: messages sent, received and lost, errors
 * by errno, and per role how it ended and how long it was blocked.
 *
 * See also: labs/sandbox.h, labs/watch.h, labs/timeline.h, labs/report.h,
 *           tui/cmd-run.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_RUN_H
#define MQLAB_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "labs/lab.h"
#include "labs/sandbox.h"

struct fault_plan;

struct run_opts {
	const struct lab *lab;
	const char *program; /* the lab program: student or solution */
	bool solution;
	char *const *roles;		 /* role names, NULL-terminated */
	struct fault_plan *const *plans; /* one per role, same order */
	double seconds;			 /* stop after this long */
	bool json;
	const char *note; /* a line for the start of the timeline, or NULL */
	const struct sandbox *sandbox;
	FILE *out; /* the timeline and the summary */
};

/* How a run ended. */
enum run_end {
	RUN_DONE,	 /* every role exited */
	RUN_TIMED,	 /* stopped after o->seconds */
	RUN_INTERRUPTED, /* SIGINT, SIGTERM or SIGHUP */
};

/*
 * Run the scenario; call it in the sandbox's init.  Returns 0 when the
 * run took place (whatever the roles did; *end says how it stopped), or
 * -1 with a message in err when it could not (setup failed, a role could
 * not start, no seccomp).
 */
int run_scenario(const struct run_opts *o, enum run_end *end, char *err,
		 size_t errsize);

/*
 * Ask the lab program: `program OPTION` (--roles, --seconds) prints one
 * answer per line.  Returns a malloc'd, NULL-terminated array of malloc'd
 * lines (free with run_free_lines), or NULL with errno (ENOEXEC when the
 * program failed).
 */
char **run_ask(const char *program, const char *option);
void run_free_lines(char **lines);

#endif
