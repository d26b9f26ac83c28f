/*
 * test_runtime_check.c - check_run() judges code by how it really ended.
 *
 * Each test hands check_run() a function that does one thing a student's
 * code might: return properly, call exit(0) or _exit(0), raise a signal,
 * loop forever, print what a check wants to read, fork and leave a child
 * behind, or make a queue call under a fault plan.  Only the first and
 * the last may count as "returned".
 *
 * See also: tests/labs/check.c, tests/labs/check.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "faults/fault.h"
#include "tests/helpers/isolate.h"
#include "tests/labs/check.h"

TestSuite(check, .init = isolate_or_fail, .timeout = 20);

static void returns_42(void *arg, struct check_out *out)
{
	(void)arg;
	out->data[0] = 42;
	out->len = 1;
}

static void exits_0(void *arg, struct check_out *out)
{
	(void)arg;
	(void)out;
	exit(0);
}

static void underscore_exits_0(void *arg, struct check_out *out)
{
	(void)arg;
	(void)out;
	_exit(0);
}

static void segfaults(void *arg, struct check_out *out)
{
	(void)arg;
	(void)out;
	raise(SIGSEGV);
}

static void loops(void *arg, struct check_out *out)
{
	(void)arg;
	(void)out;
	for (;;)
		pause();
}

/* Prints what a naive grader would look for, then leaves. */
static void prints_success(void *arg, struct check_out *out)
{
	(void)arg;
	(void)out;
	printf("returned\n");
	fflush(stdout);
	exit(0);
}

Test(check, a_function_that_returns_is_judged_returned)
{
	struct check_result res;

	cr_assert_eq(check_run(NULL, returns_42, NULL, 5000, &res), 0);
	cr_assert(res.returned, "%s", res.detail);
	cr_assert_eq(res.out.len, 1);
	cr_assert_eq(res.out.data[0], 42);
	cr_assert(!res.timed_out);
	cr_assert_eq(res.signal, 0);
}

Test(check, exit_0_is_not_returning)
{
	struct check_result res;

	cr_assert_eq(check_run(NULL, exits_0, NULL, 5000, &res), 0);
	cr_assert(!res.returned);
	cr_assert_eq(res.exit_status, 0);
	cr_assert_str_eq(res.detail, "exited with status 0 without returning");
}

Test(check, underscore_exit_0_is_not_returning)
{
	struct check_result res;

	cr_assert_eq(check_run(NULL, underscore_exits_0, NULL, 5000, &res), 0);
	cr_assert(!res.returned);
	cr_assert_eq(res.exit_status, 0);
}

Test(check, a_signal_is_reported_by_name)
{
	struct check_result res;

	cr_assert_eq(check_run(NULL, segfaults, NULL, 5000, &res), 0);
	cr_assert(!res.returned);
	cr_assert_eq(res.signal, SIGSEGV);
	cr_assert_str_eq(res.detail, "killed by SIGSEGV");
}

Test(check, an_endless_loop_is_killed_at_the_deadline)
{
	struct check_result res;

	cr_assert_eq(check_run(NULL, loops, NULL, 200, &res), 0);
	cr_assert(!res.returned);
	cr_assert(res.timed_out);
	cr_assert_str_eq(res.detail, "timed out after 200 ms");
}

Test(check, printing_the_expected_text_earns_nothing)
{
	struct check_result res;

	cr_assert_eq(check_run(NULL, prints_success, NULL, 5000, &res), 0);
	cr_assert(!res.returned);
	cr_assert_eq(res.out.len, 0);
}

Test(check, the_deadline_scales_with_mqlab_timeout_scale)
{
	struct check_result res;

	setenv("MQLAB_TIMEOUT_SCALE", "2.5", 1);
	cr_assert_eq(check_scaled_ms(100), 250);
	cr_assert_eq(check_run(NULL, loops, NULL, 100, &res), 0);
	cr_assert_str_eq(res.detail, "timed out after 250 ms");
	setenv("MQLAB_TIMEOUT_SCALE", "-1", 1);
	cr_assert_eq(check_scaled_ms(100), 100);
	setenv("MQLAB_TIMEOUT_SCALE", "fast", 1);
	cr_assert_eq(check_scaled_ms(100), 100);
}

/* Forks a child that would live forever.  It holds, as its parent did,
 * the write end of the test's pipe (see below). */
static void leaves_a_child(void *arg, struct check_out *out)
{
	pid_t pid = fork();

	(void)arg;
	if (pid == 0) {
		for (;;)
			pause();
	}
	out->data[0] = pid > 0;
	out->len = 1;
}

Test(check, what_the_code_forks_dies_with_it)
{
	struct check_result res;
	struct pollfd pfd;
	int fds[2];
	char c;

	/* The pipe sees EOF only once every process that holds its write
	 * end is dead: the child of check_run() and what it forked.  No pid
	 * is compared, so this holds whichever PID namespace they are in. */
	cr_assert_eq(pipe(fds), 0, "pipe: %s", strerror(errno));
	cr_assert_eq(check_run(NULL, leaves_a_child, NULL, 5000, &res), 0);
	close(fds[1]);
	cr_assert(res.returned, "%s", res.detail);
	cr_assert_eq(res.out.data[0], 1, "the code under test could not fork");
	pfd = (struct pollfd){.fd = fds[0], .events = POLLIN};
	cr_assert_eq(poll(&pfd, 1, 10000), 1,
		     "what the code under test forked is still alive 10 s on");
	cr_assert_eq(read(fds[0], &c, 1), 0,
		     "what the code under test forked is still alive");
	close(fds[0]);
}

/* One mq_send() under the plan; hands back its errno (0: sent). */
static void sends_once(void *arg, struct check_out *out)
{
	mqd_t q = *(mqd_t *)arg;
	int err = mq_send(q, "x", 1, 0) == 0 ? 0 : errno;

	memcpy(out->data, &err, sizeof(err));
	out->len = sizeof(err);
}

Test(check, a_supervised_child_gets_its_faults_and_its_answers)
{
	struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 16};
	struct fault_plan *plan = fault_plan_new();
	struct check_result res;
	struct fault_sup *sup;
	int err;
	mqd_t q;

	q = mq_open("/mqlab-check", O_CREAT | O_RDWR, 0600, &attr);
	cr_assert(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	cr_assert(fault_plan_add(plan, "mq_send:error=EAGAIN:when=1", NULL) >=
		  0);
	sup = fault_sup_new(plan, FAULT_WATCH_ALL);
	cr_assert(sup != NULL, "fault_sup_new: %s", strerror(errno));

	cr_assert_eq(check_run(sup, sends_once, &q, 5000, &res), 0);
	cr_assert(res.returned, "%s", res.detail);
	memcpy(&err, res.out.data, sizeof(err));
	cr_assert_eq(err, EAGAIN, "the first send got %d", err);

	/* The rule fired once: a second child's send goes through. */
	cr_assert_eq(check_run(sup, sends_once, &q, 5000, &res), 0);
	memcpy(&err, res.out.data, sizeof(err));
	cr_assert_eq(err, 0, "the second send got %s", strerror(err));
	cr_assert_eq(mq_getattr(q, &attr), 0);
	cr_assert_eq(attr.mq_curmsgs, 1);

	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_close(q);
	mq_unlink("/mqlab-check");
}
