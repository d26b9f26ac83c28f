/*
 * test_engine_signal.c - signal= delivers a signal after the answer.
 *
 * As in strace, a rule with only signal= lets the call run and then
 * signals the caller; with error= the call fails and the signal follows.
 * The child counts deliveries in a handler.
 *
 * See also: faults/sup_loop.c (sup_respond), faults/sup_notify.c
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

TestSuite(engine_signal, .init = isolate_or_fail, .timeout = 20);

static volatile sig_atomic_t delivered;

static void on_usr1(int sig)
{
	(void)sig;
	delivered++;
}

/* res[0..2]: the sends, res[3]: signals delivered. */
static struct fault_sup *run(struct fault_plan **plan, const char *spec,
			     int *res)
{
	struct fault_sup *sup = engine_sup(plan, 0, spec, NULL);
	mqd_t q = engine_queue("/mqlab-sig", 0);
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		struct sigaction sa = {.sa_handler = on_usr1};

		sigaction(SIGUSR1, &sa, NULL);
		engine_sends(q, 3, 0, res);
		res[3] = delivered;
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	mq_close(q);
	mq_unlink("/mqlab-sig");
	return sup;
}

Test(engine_signal, signal_alone_lets_the_call_run)
{
	struct fault_plan *plan;
	int *res = engine_shared(4 * sizeof(int));
	struct fault_sup *sup =
		run(&plan, "mq_send:signal=SIGUSR1:when=2", res);
	char sum[256];

	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], 0);
	cr_expect_eq(res[2], 0);
	cr_expect_eq(res[3], 1);
	fault_sup_summary(sup, sum, sizeof(sum));
	cr_expect_str_eq(sum, "injected 0; signalled 1 (SIGUSR1 x1)");
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(engine_signal, signal_follows_an_injected_error)
{
	struct fault_plan *plan;
	int *res = engine_shared(4 * sizeof(int));
	struct fault_sup *sup =
		run(&plan, "mq_send:error=EAGAIN:signal=USR1:when=1..2", res);
	char sum[256];

	cr_expect_eq(res[0], EAGAIN);
	cr_expect_eq(res[1], EAGAIN);
	cr_expect_eq(res[2], 0);
	cr_expect_eq(res[3], 2);
	fault_sup_summary(sup, sum, sizeof(sum));
	cr_expect_str_eq(sum, "injected 2: mq_timedsend EAGAIN x2; "
			      "signalled 2 (SIGUSR1 x2)");
	fault_sup_free(sup);
	fault_plan_free(plan);
}

/* The thread a signal= signal reached, and the thread that sent. */
static volatile pid_t handled_by;

static void on_usr2(int sig)
{
	(void)sig;
	handled_by = gettid();
}

struct thread_send {
	mqd_t q;
	int *res; /* [0]: the send, [1]: its tid */
};

static void *send_from_thread(void *arg)
{
	struct thread_send *ts = arg;
	sigset_t usr2;

	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &usr2, NULL);
	ts->res[1] = gettid();
	engine_sends(ts->q, 1, 0, &ts->res[0]);
	return NULL;
}

/* A thread that is not its group's leader gets the signal itself, with
 * the process looked up for count=process and if=pid. */
Test(engine_signal, signal_reaches_a_thread_that_is_not_the_leader)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(
		&plan, 0, "mq_send:signal=SIGUSR2:count=process:if=pid > 0",
		NULL);
	int *res = engine_shared(4 * sizeof(int));
	mqd_t q = engine_queue("/mqlab-sig-thread", 0);
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		struct sigaction sa = {.sa_handler = on_usr2};
		struct thread_send ts = {q, res};
		sigset_t usr2;
		pthread_t t;

		/* Only the sending thread can take SIGUSR2. */
		sigemptyset(&usr2);
		sigaddset(&usr2, SIGUSR2);
		sigaction(SIGUSR2, &sa, NULL);
		pthread_sigmask(SIG_BLOCK, &usr2, NULL);
		if (pthread_create(&t, NULL, send_from_thread, &ts) != 0 ||
		    pthread_join(t, NULL) != 0)
			_exit(1);
		res[2] = handled_by;
		res[3] = getpid();
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], 0);
	cr_expect_neq(res[1], res[3], "the sender is not the leader");
	cr_expect_eq(res[2], res[1], "handled by %d, sent by %d", res[2],
		     res[1]);
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_close(q);
	mq_unlink("/mqlab-sig-thread");
}
