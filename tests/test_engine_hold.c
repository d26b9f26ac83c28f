/*
 * test_engine_hold.c - calls kept waiting: hold, delay, and a supervisor
 * that dies.
 *
 * A held call stays in the kernel until fault_sup_release(); a delayed
 * one is answered from the supervisor's timer, never by sleeping in it.
 * If the supervisor dies, its children die with it (PR_SET_PDEATHSIG)
 * rather than wait forever or run on unsupervised.
 *
 * See also: faults/sup_loop.c, faults/spawn.c
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

TestSuite(engine_hold, .init = isolate_or_fail, .timeout = 30);

/* Dispatch for up to ms milliseconds, or until *stop becomes nonzero. */
static void pump(struct fault_sup *sup, int ms, const volatile size_t *stop)
{
	struct pollfd pfd = {.fd = fault_sup_fd(sup), .events = POLLIN};

	for (int t = 0; t < ms && !(stop && *stop); t += 10) {
		poll(&pfd, 1, 10);
		cr_assert_geq(fault_sup_dispatch(sup), 0);
	}
}

/* Fork a child that sends once and then writes 'k' or 'f' to *rd. */
static pid_t sender(struct fault_sup *sup, mqd_t q, int *rd)
{
	int pipefd[2];
	pid_t pid;

	cr_assert_eq(pipe2(pipefd, O_NONBLOCK), 0);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		char c = mq_send(q, "m", 1, 0) == 0 ? 'k' : 'f';
		_exit(write(pipefd[1], &c, 1) == 1 ? 0 : 1);
	}
	close(pipefd[1]);
	*rd = pipefd[0];
	return pid;
}

Test(engine_hold, a_held_call_waits_for_release)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, "mq_send:hold", NULL);
	struct engine_events evs;
	mqd_t q = engine_queue("/mqlab-hold", 0);
	char c = 0, sum[128];
	pid_t pid;
	int rd;

	engine_record(sup, &evs);
	pid = sender(sup, q, &rd);
	pump(sup, 10000, &evs.n);
	cr_assert_eq(evs.n, 1);
	cr_expect(evs.ev[0].held);
	cr_expect_eq(fault_sup_nheld(sup), 1);
	pump(sup, 200, NULL);
	cr_expect_eq(read(rd, &c, 1), -1, "the send has not returned");
	cr_expect_eq(errno, EAGAIN);
	cr_expect_eq(fault_sup_release(sup, evs.ev[0].seq + 1), 0);
	cr_expect_eq(fault_sup_release(sup, evs.ev[0].seq), 1);
	engine_wait_ok(sup, pid);
	cr_expect_eq(read(rd, &c, 1), 1);
	cr_expect_eq(c, 'k');
	cr_expect_eq(fault_sup_nheld(sup), 0);
	cr_assert_eq(evs.n, 2);
	cr_expect_eq(evs.ev[1].phase, FAULT_RELEASE);
	cr_expect_eq(evs.ev[1].seq, evs.ev[0].seq);
	fault_sup_summary(sup, sum, sizeof(sum));
	cr_expect_str_eq(sum, "injected 0; held 1");
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
	close(rd);
	mq_unlink("/mqlab-hold");
}

Test(engine_hold, freeing_the_supervisor_lets_held_calls_run)
{
	struct fault_plan *plan;
	struct fault_sup *sup =
		engine_sup(&plan, 0, "mq_send:error=EAGAIN:hold", NULL);
	mqd_t q = engine_queue("/mqlab-hold", 0);
	int rd, status;
	pid_t pid;
	char c = 0;

	pid = sender(sup, q, &rd);
	for (int i = 0; i < 1000 && fault_sup_nheld(sup) == 0; i++)
		pump(sup, 10, NULL);
	cr_assert_eq(fault_sup_nheld(sup), 1);
	fault_sup_free(sup);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cr_expect_eq(read(rd, &c, 1), 1);
	cr_expect_eq(c, 'k', "released calls run as made");
	fault_plan_free(plan);
	close(rd);
	mq_unlink("/mqlab-hold");
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

Test(engine_hold, a_delayed_call_takes_at_least_its_delay)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(
		&plan, 0, "mq_send:error=EAGAIN:delay_enter=200ms:when=2",
		NULL);
	struct engine_events evs;
	uint64_t *took = engine_shared(2 * sizeof(uint64_t));
	int *res = engine_shared(2 * sizeof(int));
	mqd_t q = engine_queue("/mqlab-delay", 0);
	char sum[128];
	pid_t pid;

	engine_record(sup, &evs);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		for (int i = 0; i < 2; i++) {
			uint64_t t0 = now_us();
			engine_sends(q, 1, 0, &res[i]);
			took[i] = now_us() - t0;
		}
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], EAGAIN);
	cr_expect_geq(took[1], 200000, "took %llu us",
		      (unsigned long long)took[1]);
	cr_assert_eq(evs.n, 3);
	cr_expect_eq(evs.ev[1].delay_us, 200000);
	cr_expect_eq(evs.ev[2].phase, FAULT_RELEASE);
	fault_sup_summary(sup, sum, sizeof(sum));
	cr_expect_str_eq(sum, "injected 1: mq_timedsend EAGAIN x1; delayed 1");
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
	mq_close(q);
	mq_unlink("/mqlab-delay");
}

/* The middle process: a supervisor whose child is held, then waits to
 * be killed. */
static void middle(mqd_t q, volatile pid_t *target, volatile int *held)
{
	struct fault_plan *plan = fault_plan_new();
	struct fault_sup *sup;
	pid_t pid;

	if (!plan || fault_plan_add(plan, "mq_send:hold", NULL) < 0)
		_exit(2);
	sup = fault_sup_new(plan, 0);
	if (!sup)
		_exit(2);
	pid = fault_sup_fork(sup);
	if (pid < 0)
		_exit(2);
	if (pid == 0) {
		*target = getpid();
		mq_send(q, "m", 1, 0);
		/* The kernel answers ENOSYS when the listener closes, which
		 * may come just before our SIGKILL: wait for it. */
		for (;;)
			pause();
	}
	while (fault_sup_nheld(sup) == 0) {
		struct pollfd pfd = {.fd = fault_sup_fd(sup), .events = POLLIN};
		poll(&pfd, 1, 100);
		if (fault_sup_dispatch(sup) < 0)
			_exit(3);
	}
	*held = 1;
	for (;;)
		pause();
}

Test(engine_hold, a_dead_supervisor_takes_its_children_along)
{
	pid_t *target = engine_shared(sizeof(pid_t));
	int *held = engine_shared(sizeof(int));
	mqd_t q = engine_queue("/mqlab-orphan", 0);
	struct pollfd pfd = {.events = POLLIN};
	int status;
	pid_t mid;

	/* Orphans come to us, not to init: we can reap the target. */
	cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	mid = fork();
	cr_assert_geq(mid, 0);
	if (mid == 0)
		middle(q, target, held);
	for (int i = 0; i < 1000 && !*held; i++)
		usleep(10000);
	cr_assert(*held, "the target's send was never held");
	pfd.fd = pidfd_open(*target, 0);
	cr_assert_geq(pfd.fd, 0);
	cr_assert_eq(kill(mid, SIGKILL), 0);
	cr_assert_eq(waitpid(mid, &status, 0), mid);
	cr_assert_eq(poll(&pfd, 1, 10000), 1, "the target outlived us");
	cr_assert_eq(waitpid(*target, &status, 0), *target);
	cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		  "status %#x", status);
	close(pfd.fd);
	mq_close(q);
	mq_unlink("/mqlab-orphan");
}
