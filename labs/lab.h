/*
 * lab.h - what a lab declares: its identity, checks, fault presets, roles.
 *
 * A lab is declared once and read by everyone: the grader takes points
 * and hints from its checks, the CLI and the TUI list it, and the runtime
 * starts its roles.  The declaration is split along the one line that
 * matters: lab.c holds plain data (linked into mqlab itself, so listing
 * labs never runs student code), scenario.c holds the roles that call the
 * student's contract (linked into the lab's own program, built twice: once
 * with student.c, once with the reference solution).
 *
 * See also: labs/report.h (what roles tell the runtime), labs/run.h,
 *           labs/01-full-queue/ (a complete lab to copy)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_LAB_H
#define MQLAB_LAB_H

/* One graded check.  test names the Criterion test in
 * tests/labs/test_NN_slug.c (suite "lab"), so a check and its test can
 * never drift apart: the grader refuses a check without its test. */
struct lab_check {
	const char *test;  /* "deadline_is_honoured_on_a_full_queue" */
	const char *title; /* "deadline is honoured on a full queue" */
	int points;
	const char *hint; /* shown when the check fails; never the answer */
};

/* A named fault to arm, for the CLI (-p NAME) and the TUI's menu. */
struct lab_preset {
	const char *name; /* "consumer stalls" */
	const char *role; /* the role it applies to, or NULL for every role */
	const char *spec; /* "mq_receive:delay_enter=2s" */
};

struct lab {
	int number;			  /* 1 */
	const char *slug;		  /* "full-queue" */
	const char *title;		  /* "A full queue blocks its sender" */
	const char *difficulty;		  /* "easy", "moderate" or "hard" */
	int minutes;			  /* about how long it takes */
	const char *summary;		  /* one line */
	const struct lab_check *checks;	  /* ends with { NULL } */
	const struct lab_preset *presets; /* ends with { NULL } */
};

/* One role of a scenario: runs in its own process; main's return value is
 * the process's exit status. */
struct lab_role {
	const char *name; /* "producer" */
	int (*main)(void);
};

/* What every scenario.c defines, under this one name. */
struct lab_scenario {
	const struct lab *lab;
	/* Creates the lab's queues before any role starts, in the run's own
	 * IPC namespace.  Returns 0, or -1 after printing why. */
	int (*setup)(void);
	const struct lab_role *roles; /* ends with { NULL } */
	int seconds; /* how long `mqlab run` lasts by default */
};

extern const struct lab_scenario scenario;

#endif
