/*
 * grade.h - grade labs: run their check runners, join with their checks.
 *
 * A lab's checks (points, titles, hints) are declared in its lab.c; the
 * tests that decide them are in its check runner.  Grading runs the
 * runner with the "mqlab" output provider, reads the results file, and
 * joins the two by test name.  A check whose test is missing, or a test
 * that no check names, is an error of the lab and is reported as such,
 * never silently scored.  Several runners can run at once.
 *
 * See also: labs/results.h, labs/gradeout.h, tests/labs/runner.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_GRADE_H
#define MQLAB_GRADE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "labs/lab.h"
#include "labs/results.h"

struct grade_check {
	const struct lab_check *check;
	int number;			 /* 1-based row in checks[] */
	const struct results_test *test; /* NULL: the runner has no such test */
	bool passed;
	int score;
};

struct grade_lab {
	/* Set by the caller before grade_run(). */
	const struct lab *lab;
	bool solution; /* grade the reference solution, not the student's */

	/*
	 * Optional hooks, for graders of code they did not write
	 * (labs/batch.h), and their argument.  child runs in the runner's
	 * process after fork(), its output already in the log and
	 * MQLAB_RESULTS set, just before execv(runner): it may replace
	 * runner (a buffer of size bytes) and the environment, and returns
	 * 0 to go on, anything else to end the process with status 127.
	 * With child set the runner need not exist before the fork: the
	 * hook may build it.  ended runs in grade_run()'s process once the
	 * runner is over, with status its wait status (-1: killed at its
	 * time limit) and results_fd and log_fd still open; when it
	 * returns true it has filled results and error itself, and
	 * grade_run() only judges them.
	 */
	int (*child)(struct grade_lab *g, char *runner, size_t size);
	bool (*ended)(struct grade_lab *g, int status);
	void *arg;

	/* Set by grade_run(). */
	char dir[64]; /* "01-full-queue" */
	struct grade_check *checks;
	size_t nchecks;
	int score, max;
	char error[1024]; /* what is wrong with the lab itself, or "" */
	struct results results;

	pid_t pid; /* the runner, while it runs */
	long long started_ms;
	/* Unnamed files (never in any directory, or unlinked at once), so
	 * that even a SIGKILL of the grader leaves nothing in /tmp. */
	int results_fd; /* the runner writes it as /dev/fd/N; -1: none */
	int log_fd;	/* its stdout and stderr; -1: none */
};

/*
 * Grade every lab in labs[0..n), running at most jobs runners at once.
 * Each runner gets at most limit_s seconds (scaled by
 * MQLAB_TIMEOUT_SCALE) before its whole process group is killed.
 * Problems of one lab (runner missing or broken, checks and tests that
 * disagree) go into its error and do not stop the others.  Returns 0, or
 * -1 with errno when grading could not be attempted (no memory, no
 * temporary file, no fork); then no runner is left running and no
 * temporary file is left behind.
 */
int grade_run(struct grade_lab *labs, size_t n, int jobs, int limit_s);
void grade_free(struct grade_lab *labs, size_t n);

/*
 * Join g->results (loaded) with g->lab's checks: fills checks, nchecks,
 * score and max, and appends to g->error every check without its test,
 * every test that is not a check, and every test without a timeout.
 * grade_run() calls it; exposed for tests.
 */
void grade_judge(struct grade_lab *g);

#endif
