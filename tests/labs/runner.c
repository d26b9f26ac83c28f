/*
 * runner.c - the main of every lab's check runner, and its results file.
 *
 * Criterion runs the checks; this file adds what the grader needs from
 * it: an output provider, "mqlab", that writes one line per test in a
 * format that cannot be broken by what a message contains (Criterion
 * 2.4.1's --json emits invalid JSON when a message has a quote), and the
 * timeouts of every suite and test scaled by MQLAB_TIMEOUT_SCALE, so a
 * slow machine can grade without editing the checks.
 *
 * The results file (MQLAB_RESULTS=FILE, or -O mqlab:FILE / --output):
 *
 *   mqlab-results 1
 *   test SUITE NAME STATUS SIGNAL EXIT TIMEOUT MESSAGE     (tab-separated)
 *   end N
 *
 * STATUS is passed, failed, crashed, timeout, skipped or unfinished (the
 * test process exited with status 0 before the test's end, or the test
 * asserted nothing: never a pass); TIMEOUT is the test's
 * limit in seconds (0: none); MESSAGE is the first failed assertion, with
 * backslash, tab and newline written as \\, \t and \n.  "end N" (N tests)
 * is written last, so a truncated file is never taken for a complete one.
 * Labs never print results themselves: a check passes only when Criterion
 * says so, whatever the code under test printed.
 *
 * See also: labs/results.c (the reader), tests/labs/check.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <criterion/internal/ordered-set.h>
#include <criterion/output.h>
#include <stdio.h>
#include <stdlib.h>

#include "labs/timeout.h"
#include "tests/labs/check.h"

static void runner_escape(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\r')
			fputs("\\r", f);
		else
			fputc(*s, f);
	}
}

static const char *runner_status(const struct criterion_test_stats *t)
{
	if (t->timed_out)
		return "timeout";
	if (t->crashed || t->signal != 0)
		return "crashed";
	if (t->test_status == CR_STATUS_SKIPPED)
		return "skipped";
	if (t->test_status != CR_STATUS_PASSED || t->exit_code != 0)
		return "failed";
	/* Criterion 2.4.1 passes a test whose process exits with status 0
	 * halfway through: only a test that reached its end has a time,
	 * and a check that asserted nothing proved nothing. */
	if (!(t->elapsed_time > 0) || t->passed_asserts == 0)
		return "unfinished";
	return "passed";
}

/* The first failed assertion, in the order the test made them.  Criterion
 * keeps them newest first. */
static const char *runner_message(const struct criterion_test_stats *t)
{
	const struct criterion_assert_stats *a;
	const char *msg = NULL;

	for (a = t->asserts; a != NULL; a = a->next)
		if (!a->passed)
			msg = a->message;
	if (msg == NULL && t->message != NULL)
		msg = t->message;
	return msg != NULL ? msg : "";
}

static double runner_timeout(const struct criterion_test *test,
			     const struct criterion_suite *suite)
{
	if (test->data != NULL && test->data->timeout > 0)
		return test->data->timeout;
	if (suite != NULL && suite->data != NULL)
		return suite->data->timeout;
	return 0;
}

static void runner_report(FILE *f, struct criterion_global_stats *stats)
{
	const struct criterion_suite_stats *s;
	const struct criterion_test_stats *t;
	size_t n = 0;

	fprintf(f, "mqlab-results 1\n");
	for (s = stats->suites; s != NULL; s = s->next) {
		for (t = s->tests; t != NULL; t = t->next) {
			fprintf(f, "test\t%s\t%s\t%s\t%d\t%d\t%g\t",
				s->suite->name, t->test->name, runner_status(t),
				t->signal, t->exit_code,
				runner_timeout(t->test, s->suite));
			runner_escape(f, runner_message(t));
			fputc('\n', f);
			n++;
		}
	}
	fprintf(f, "end %zu\n", n);
	fflush(f);
}

/* Multiply every timeout by MQLAB_TIMEOUT_SCALE; Criterion reads them
 * in this process when it starts each test. */
static void runner_scale_timeouts(struct criterion_test_set *set)
{
	double scale = timeout_scale();
	struct criterion_suite_set *suite;
	struct criterion_test *test;

	if (scale == 1.0)
		return;
	FOREACH_SET(suite, set->suites)
	{
		if (suite->suite.data != NULL)
			suite->suite.data->timeout *= scale;
		if (suite->tests == NULL)
			continue;
		FOREACH_SET(test, suite->tests)
		{
			if (test->data != NULL)
				test->data->timeout *= scale;
		}
	}
}

int main(int argc, char *argv[])
{
	struct criterion_test_set *tests = criterion_initialize();
	const char *results = getenv("MQLAB_RESULTS");
	int ok = 1;

	criterion_register_output_provider("mqlab", runner_report);
	if (results != NULL && *results != '\0')
		criterion_add_output("mqlab", results);
	runner_scale_timeouts(tests);
	if (criterion_handle_args(argc, argv, true))
		ok = criterion_run_all_tests(tests);
	criterion_finalize(tests);
	return ok ? 0 : 1;
}
