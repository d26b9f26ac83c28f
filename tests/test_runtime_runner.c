/*
 * test_runtime_runner.c - the lab runner's results file, and the grade
 * formats built from it, tell every kind of failure from a pass.
 *
 * This runner is linked with tests/labs/runner.c, the main of every lab's
 * check runner.  Its "selftest" suite holds one test per way a check can
 * end (pass, failed assertion, exit(0), _exit(0), no assertion, crash,
 * timeout, printing "[PASS]"); they are skipped unless MQLAB_SELFTEST is
 * set.  The "runner" tests run this very program on that suite and read
 * what the mqlab output provider wrote.
 *
 * See also: tests/labs/runner.c, labs/results.c, labs/gradeout.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "labs/grade.h"
#include "labs/gradeout.h"
#include "labs/results.h"
#include "tests/helpers/isolate.h"
#include "tests/test_runtime.h"

#define NASTY "a \"quote\", a \\ backslash,\ta tab,\na newline, \x01 and \xff"

static void selftest_only(void)
{
	if (getenv("MQLAB_SELFTEST") == NULL)
		cr_skip_test("run by runner::* only");
}

TestSuite(selftest, .init = selftest_only, .timeout = 1);

Test(selftest, passes)
{
	cr_assert(1);
}
Test(selftest, fails_with_a_nasty_message)
{
	cr_assert(0, "%s", NASTY);
}
Test(selftest, exits_0_halfway)
{
	cr_assert(1);
	exit(0);
}
Test(selftest, underscore_exits_0)
{
	_exit(0);
}
Test(selftest, asserts_nothing)
{
}
Test(selftest, crashes)
{
	raise(SIGSEGV);
}
Test(selftest, times_out)
{
	for (;;)
		pause();
}
Test(selftest, prints_pass)
{
	printf("[PASS] selftest::prints_pass\n");
	cr_assert(0, "printed, then failed");
}

TestSuite(runner, .init = isolate_or_fail, .timeout = 60);

/* Run this program's selftest suite; load what the provider wrote. */
static void run_selftest(struct results *r)
{
	char path[] = "/tmp/mqlab-selftest-XXXXXX";
	char exe[512];
	int fd = mkstemp(path), status;
	ssize_t n;
	pid_t pid;

	cr_assert(fd >= 0);
	close(fd);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	cr_assert(n > 0);
	exe[n] = '\0';
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		unsetenv("BXFI_MAP"); /* we are a runner, not a worker */
		setenv("MQLAB_SELFTEST", "1", 1);
		setenv("MQLAB_RESULTS", path, 1);
		setenv("MQLAB_TIMEOUT_SCALE", "2", 1);
		execl(exe, exe, "--filter", "selftest/*", (char *)NULL);
		_exit(127);
	}
	cr_assert(waitpid(pid, &status, 0) == pid);
	cr_assert(results_load(path, r) == 0, "no complete results in %s: %s",
		  path, strerror(errno));
	unlink(path);
}

static const struct results_test *get(const struct results *r, const char *name)
{
	const struct results_test *t = results_find(r, "selftest", name);

	cr_assert(t != NULL, "no selftest::%s in the results", name);
	return t;
}

Test(runner, every_way_a_check_ends_is_told_apart)
{
	struct results r;

	run_selftest(&r);
	cr_assert_eq(get(&r, "passes")->status, RESULTS_PASSED);
	cr_assert_eq(get(&r, "fails_with_a_nasty_message")->status,
		     RESULTS_FAILED);
	cr_assert_str_eq(get(&r, "fails_with_a_nasty_message")->message, NASTY);
	cr_assert_eq(get(&r, "exits_0_halfway")->status, RESULTS_UNFINISHED);
	cr_assert_eq(get(&r, "underscore_exits_0")->status, RESULTS_UNFINISHED);
	cr_assert_eq(get(&r, "asserts_nothing")->status, RESULTS_UNFINISHED);
	cr_assert_eq(get(&r, "crashes")->status, RESULTS_CRASHED);
	cr_assert_eq(get(&r, "crashes")->signal, SIGSEGV);
	cr_assert_eq(get(&r, "times_out")->status, RESULTS_TIMEOUT);
	cr_assert(get(&r, "times_out")->timeout == 2.0,
		  "the scaled timeout is %g", get(&r, "times_out")->timeout);
	cr_assert_eq(get(&r, "prints_pass")->status, RESULTS_FAILED);
	results_free(&r);
}

Test(runner, a_truncated_results_file_is_refused)
{
	char path[] = "/tmp/mqlab-results-XXXXXX";
	struct results r;
	int fd = mkstemp(path);
	const char *text = "mqlab-results 1\n"
			   "test\tlab\tx\tpassed\t0\t0\t10\t\n";

	cr_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	cr_assert_eq(results_load(path, &r), -1);
	cr_assert_eq(errno, EBADMSG);
	unlink(path);
}

/* Every machine format stays valid with the nastiest messages. */
Test(runner, machine_formats_stay_valid_whatever_the_messages)
{
	static const struct lab_check checks[] = {
		{"passes", "passes \"quoted\"", 10, "hint"},
		{"fails_with_a_nasty_message", "nasty <&>", 20, NASTY},
		{"crashes", "crashes", 5, "hint\n2"},
		{"times_out", "times out", 5, NULL},
		{NULL, NULL, 0, NULL},
	};
	static const struct lab lab = {9, "selftest", "Self test", "easy",
				       1, "one line", checks,	   NULL};
	struct grade_check gc[4];
	struct grade_lab g = {.lab = &lab};
	char path[] = "/tmp/mqlab-format-XXXXXX", cmd[256];
	FILE *f;
	int fd, k;

	run_selftest(&g.results);
	snprintf(g.dir, sizeof(g.dir), "09-selftest");
	snprintf(g.error, sizeof(g.error), "%s", NASTY);
	for (k = 0; k < 4; k++) {
		gc[k].check = &checks[k];
		gc[k].number = k + 1;
		gc[k].test =
			results_find(&g.results, "selftest", checks[k].test);
		gc[k].passed = gc[k].test->status == RESULTS_PASSED;
		gc[k].score = gc[k].passed ? checks[k].points : 0;
		g.score += gc[k].score;
		g.max += checks[k].points;
	}
	g.checks = gc;
	g.nchecks = 4;

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	gradeout_write(f, GRADEOUT_GRADESCOPE, &g, 1);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 -m json.tool %s > /dev/null", path);
	cr_assert(system(cmd) == 0, "invalid Gradescope JSON in %s", path);

	f = fopen(path, "w");
	gradeout_write(f, GRADEOUT_JUNIT, &g, 1);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import sys, xml.dom.minidom as m; "
		 "m.parse(sys.argv[1])' %s",
		 path);
	cr_assert(system(cmd) == 0, "invalid JUnit XML in %s", path);
	unlink(path);
	results_free(&g.results);
}

Test(runner, checks_and_tests_that_disagree_are_errors_of_the_lab)
{
	static const struct lab_check checks[] = {
		{"a", "a", 10, "hint"},
		{"b", "b", 20, "hint"},
		{"missing", "missing", 30, "hint"},
		{NULL, NULL, 0, NULL},
	};
	static const struct lab lab = {9, "selftest", "Self test", "easy",
				       1, "one line", checks,	   NULL};
	struct results_test tests[3] = {
		{.suite = "lab", .name = "a", .timeout = 10},
		{.suite = "lab", .name = "b", .timeout = 0},
		{.suite = "lab", .name = "stray", .timeout = 10},
	};
	struct grade_lab g = {.lab = &lab, .dir = "09-selftest"};

	g.results.tests = tests;
	g.results.n = 3;
	grade_judge(&g);
	cr_assert_eq(g.nchecks, 3);
	cr_assert_eq(g.max, 60);
	cr_assert_eq(g.score, 30);
	cr_assert(!g.checks[2].passed);
	cr_assert(strstr(g.error, "'missing'") != NULL, "%s", g.error);
	cr_assert(strstr(g.error, "lab::stray is not a check") != NULL, "%s",
		  g.error);
	cr_assert(strstr(g.error, "lab::b has no timeout") != NULL, "%s",
		  g.error);
	free(g.checks);
}
