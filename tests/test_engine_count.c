/*
 * test_engine_count.c - count= decides whose invocations when= counts.
 *
 * Four threads of one process send at once (tests/progs/engine_threads).
 * With the default global count, when=2..3 fails two sends in all, in
 * whichever threads made them; with count=thread every thread has its
 * own second and third send.  count=process does the same per process,
 * with two processes under one filter.
 *
 * See also: faults/counter.c, tests/progs/engine_threads.c
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

TestSuite(engine_count, .init = isolate_or_fail, .timeout = 30);

#define THREADS 4
#define SENDS	6

struct thread_result {
	int failed;
	char pattern[SENDS + 1];
	int last_errno;
};

/* Spawn engine_threads under spec; parse its report into r[THREADS]. */
static void run_threads(const char *spec, struct thread_result *r)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, spec, NULL);
	char prog[512], fdarg[16], sends[16], report[1024];
	char *argv[] = {prog, fdarg, sends, NULL};
	int pipefd[2];
	ssize_t n;
	pid_t pid;
	FILE *f;

	cr_assert_eq(pipe(pipefd), 0);
	engine_prog("engine_threads", prog, sizeof(prog));
	snprintf(fdarg, sizeof(fdarg), "%d", pipefd[1]);
	snprintf(sends, sizeof(sends), "%d", SENDS);
	pid = fault_sup_spawn(sup, argv);
	cr_assert_geq(pid, 0, "spawn %s: %s", prog, strerror(errno));
	close(pipefd[1]);
	engine_wait_ok(sup, pid);
	n = read(pipefd[0], report, sizeof(report) - 1);
	cr_assert_gt(n, 0);
	report[n] = '\0';
	close(pipefd[0]);
	f = fmemopen(report, (size_t)n, "r");
	for (int i = 0; i < THREADS; i++) {
		int t;
		cr_assert_eq(
			fscanf(f, "thread %d: failed %d pattern %6s errno %d\n",
			       &t, &r[i].failed, r[i].pattern,
			       &r[i].last_errno),
			4, "report: %s", report);
	}
	fclose(f);
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(engine_count, global_count_fails_two_sends_in_all)
{
	struct thread_result r[THREADS];
	int total = 0;

	run_threads("mq_send:error=EAGAIN:when=2..3", r);
	for (int i = 0; i < THREADS; i++) {
		total += r[i].failed;
		if (r[i].failed)
			cr_expect_eq(r[i].last_errno, EAGAIN);
	}
	cr_expect_eq(total, 2);
}

Test(engine_count, thread_count_fails_two_sends_per_thread)
{
	struct thread_result r[THREADS];

	run_threads("mq_send:error=EAGAIN:when=2..3:count=thread", r);
	for (int i = 0; i < THREADS; i++) {
		cr_expect_eq(r[i].failed, 2, "thread %d", i);
		cr_expect_str_eq(r[i].pattern, ".XX...", "thread %d", i);
	}
}

/* Two processes under one filter, each making 4 sends. */
static void run_processes(const char *spec, char out[2][5])
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, spec, NULL);
	int *res = engine_shared(8 * sizeof(int));
	mqd_t q = engine_queue("/mqlab-count", 0);
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		/* The grandchild inherits the filter and the listener. */
		pid_t other = fork();
		int status = 1;

		if (other < 0)
			_exit(1);
		engine_sends(q, 4, 0, other == 0 ? res + 4 : res);
		if (other == 0)
			_exit(0);
		waitpid(other, &status, 0);
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	}
	engine_wait_ok(sup, pid);
	for (int p = 0; p < 2; p++) {
		for (int i = 0; i < 4; i++)
			out[p][i] = res[p * 4 + i] ? 'X' : '.';
		out[p][4] = '\0';
	}
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_close(q);
	mq_unlink("/mqlab-count");
}

Test(engine_count, process_count_fails_each_process_own_second_send)
{
	char out[2][5];

	run_processes("mq_send:error=EAGAIN:when=2:count=process", out);
	cr_expect_str_eq(out[0], ".X..");
	cr_expect_str_eq(out[1], ".X..");
}

Test(engine_count, global_count_spans_processes)
{
	char out[2][5];
	int failed = 0;

	run_processes("mq_send:error=EAGAIN:when=2", out);
	for (int p = 0; p < 2; p++)
		for (int i = 0; i < 4; i++)
			failed += out[p][i] == 'X';
	cr_expect_eq(failed, 1);
}
