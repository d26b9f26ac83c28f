/*
 * results.h - read what a lab's check runner says about each test.
 *
 * The runner (tests/labs/runner.c) writes one line per Criterion test;
 * this is the only way the grader learns whether a check passed, so
 * nothing the code under test prints can change a grade.
 *
 * See also: tests/labs/runner.c (the writer and the format), labs/grade.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_RESULTS_H
#define MQLAB_RESULTS_H

#include <stddef.h>

enum results_status {
	RESULTS_PASSED,
	RESULTS_FAILED,
	RESULTS_CRASHED,
	RESULTS_TIMEOUT,
	RESULTS_SKIPPED,
	RESULTS_UNFINISHED, /* exited with status 0 before its end */
};

struct results_test {
	char suite[64];
	char name[128];
	enum results_status status;
	int signal;
	int exit_code;
	double timeout; /* seconds, 0: none */
	char message[1024];
};

struct results {
	struct results_test *tests;
	size_t n;
};

/*
 * Read a results file.  Returns 0, or -1 with errno: the errno of
 * fopen/read, EBADMSG when it is not a complete results file (the runner
 * died before the end), ENOMEM.  Free with results_free().
 */
int results_load(const char *path, struct results *r);
void results_free(struct results *r);

/* The test called name in suite, or NULL. */
const struct results_test *results_find(const struct results *r,
					const char *suite, const char *name);

/* "passed", "failed", ... as in the file. */
const char *results_status_name(enum results_status s);

#endif
