/*
 * test_engine_runtime.c - changing the rules while children run, and
 * starting them.
 *
 * With FAULT_WATCH_ALL every queue call reaches the supervisor, so rules
 * can be added and disarmed mid-run: the child stops on a pipe between
 * its sends while the test changes the plan.  Without it, only syscalls
 * the filter already sends to the supervisor accept new rules.
 *
 * See also: faults/sup.c, faults/spawn.c
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

TestSuite(engine_runtime, .init = isolate_or_fail, .timeout = 20);

/* A child that sends twice per round, and waits on a pipe between
 * rounds.  The test steps it with step(). */
struct stepper {
	pid_t pid;
	int go;	  /* write end: one byte starts a round */
	int *res; /* shared: 2 results per round */
	struct engine_events evs;
};

static void start(struct stepper *s, struct fault_sup *sup, int rounds)
{
	mqd_t q = engine_queue("/mqlab-rt", 0);
	int pipefd[2];

	cr_assert_eq(pipe(pipefd), 0);
	s->res = engine_shared((size_t)rounds * 2 * sizeof(int));
	engine_record(sup, &s->evs);
	s->pid = fault_sup_fork(sup);
	cr_assert_geq(s->pid, 0, "fork: %s", strerror(errno));
	if (s->pid == 0) {
		char c;
		close(pipefd[1]);
		for (int r = 0; r < rounds; r++) {
			if (read(pipefd[0], &c, 1) != 1)
				_exit(1);
			engine_sends(q, 2, 0, &s->res[2 * r]);
		}
		_exit(0);
	}
	close(pipefd[0]);
	s->go = pipefd[1];
	mq_close(q);
}

/* Run one round: the child's two sends, seen as events. */
static void step(struct stepper *s, struct fault_sup *sup)
{
	struct pollfd pfd = {.fd = fault_sup_fd(sup), .events = POLLIN};
	size_t want = engine_count(&s->evs, "mq_timedsend") + 2;

	cr_assert_eq(write(s->go, "g", 1), 1);
	for (int i = 0; i < 1000; i++) {
		if (engine_count(&s->evs, "mq_timedsend") >= want)
			return;
		poll(&pfd, 1, 10);
		cr_assert_geq(fault_sup_dispatch(sup), 0);
	}
	cr_assert_fail("the child's sends never came");
}

static void finish(struct stepper *s, struct fault_sup *sup)
{
	close(s->go);
	engine_wait_ok(sup, s->pid);
	engine_events_free(&s->evs);
	mq_unlink("/mqlab-rt");
}

Test(engine_runtime, a_rule_added_mid_run_applies_from_then_on)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, FAULT_WATCH_ALL, NULL);
	struct fault_counters c;
	struct stepper s;

	start(&s, sup, 2);
	step(&s, sup);
	cr_assert_eq(fault_sup_add(sup, "mq_send:error=EAGAIN", NULL), 0);
	step(&s, sup);
	finish(&s, sup);
	cr_expect_eq(s.res[0], 0);
	cr_expect_eq(s.res[1], 0);
	cr_expect_eq(s.res[2], EAGAIN);
	cr_expect_eq(s.res[3], EAGAIN);
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	cr_expect_eq(c.fired, 2);
	cr_expect(c.armed);
	cr_expect_not(c.in_kernel);
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(engine_runtime, a_disarmed_rule_stops_acting_until_armed_again)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, FAULT_WATCH_ALL,
					   "mq_send:error=EAGAIN", NULL);
	struct fault_counters c;
	struct stepper s;

	start(&s, sup, 3);
	step(&s, sup);
	cr_assert_eq(fault_sup_arm(sup, 0, false), 0);
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	cr_expect_not(c.armed);
	step(&s, sup);
	cr_assert_eq(fault_sup_arm(sup, 0, true), 0);
	step(&s, sup);
	finish(&s, sup);
	cr_expect_eq(s.res[0], EAGAIN);
	cr_expect_eq(s.res[1], EAGAIN);
	cr_expect_eq(s.res[2], 0);
	cr_expect_eq(s.res[3], 0);
	cr_expect_eq(s.res[4], EAGAIN);
	cr_expect_eq(s.res[5], EAGAIN);
	cr_expect_eq(fault_sup_arm(sup, 7, false), -1);
	cr_expect_eq(errno, ERANGE);
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(engine_runtime, rules_out_of_the_supervisor_reach_are_refused)
{
	struct fault_plan *plan;
	struct fault_sup *sup =
		engine_sup(&plan, 0, "mq_send:error=EAGAIN:when=5", NULL);
	struct fault_error err;
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(0);
	engine_wait_ok(sup, pid);
	/* mq_timedsend goes to the supervisor: more rules are welcome. */
	cr_expect_eq(fault_sup_add(sup, "mq_send:error=EINTR", NULL), 1);
	/* mq_unlink never does. */
	cr_expect_eq(fault_sup_add(sup, "mq_unlink:error=ENOENT", NULL), -1);
	cr_expect_eq(errno, ENOTSUP);
	cr_expect_eq(fault_plan_size(plan), 2, "the plan is unchanged");
	cr_expect_eq(fault_sup_add(sup, "mq_snd:error=EINTR", &err), -1);
	cr_expect_eq(errno, EINVAL);
	cr_expect_str_neq(err.message, "");
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(engine_runtime, spawn_of_a_missing_program_fails_with_enoent)
{
	struct fault_plan *plan;
	struct fault_sup *sup =
		engine_sup(&plan, 0, "mq_send:error=EAGAIN:when=2", NULL);
	char missing[] = "/nonexistent/mqlab-program";
	char *argv[] = {missing, NULL};

	cr_expect_eq(fault_sup_spawn(sup, argv), -1);
	cr_expect_eq(errno, ENOENT);
	cr_expect_eq(waitpid(-1, NULL, WNOHANG), -1, "no child left");
	cr_expect_eq(errno, ECHILD);
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(engine_runtime, a_plan_without_rules_runs_children_unfiltered)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, NULL);
	int *res = engine_shared(2 * sizeof(int));
	mqd_t q = engine_queue("/mqlab-none", 0);
	char sum[64];
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		engine_sends(q, 2, 0, res);
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], 0);
	fault_sup_summary(sup, sum, sizeof(sum));
	cr_expect_str_eq(sum, "injected 0");
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_close(q);
	mq_unlink("/mqlab-none");
}

/* Linux 6.6 added SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP. */
static bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	uname(&u);
	sscanf(u.release, "%d.%d", &ma, &mi);
	return ma > major || (ma == major && mi >= minor);
}

Test(engine_runtime, listeners_wake_callers_on_the_same_cpu)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, FAULT_WATCH_ALL, NULL);
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(0);
	engine_wait_ok(sup, pid);
	cr_expect_eq(fault_sup_sync_wakeup(sup), kernel_at_least(6, 6));
	fault_sup_free(sup);
	fault_plan_free(plan);
}
