/*
 * test_engine_errno.c - injected errors and return values, end to end.
 *
 * Prepare a queue, inject one rule, run a child under the supervisor and
 * check what its calls returned.  A static rule lives in the kernel
 * (SCMP_ACT_ERRNO): it produces no event and cannot be disarmed.  A rule
 * that counts goes through the supervisor, which counts what it matched
 * and what it fired.
 *
 * See also: faults/filter.c, faults/sup_notify.c, docs/engine.md
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

TestSuite(engine_errno, .init = isolate_or_fail, .timeout = 20);

Test(engine_errno, static_rule_fails_mq_open_in_the_kernel)
{
	struct fault_plan *plan;
	struct fault_sup *sup =
		engine_sup(&plan, 0, "mq_open:error=EACCES", NULL);
	struct engine_events evs;
	struct fault_counters c;
	int *res = engine_shared(2 * sizeof(int));
	char sum[256];
	pid_t pid;

	engine_record(sup, &evs);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		mqd_t q = mq_open("/mqlab-a", O_CREAT | O_RDWR, 0600, NULL);
		res[0] = q == (mqd_t)-1 ? errno : 0;
		res[1] = mq_unlink("/mqlab-a") == 0 ? 0 : errno;
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], EACCES);
	cr_expect_eq(res[1], ENOENT, "the queue was never created");
	cr_expect_eq(evs.n, 0, "a kernel rule makes no event");
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	cr_expect(c.in_kernel);
	cr_expect(c.armed);
	cr_expect_eq(fault_sup_arm(sup, 0, false), -1);
	cr_expect_eq(errno, ENOTSUP);
	fault_sup_summary(sup, sum, sizeof(sum));
	cr_expect_str_eq(sum, "injected 0; in kernel, not counted: "
			      "mq_open EACCES");
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
}

Test(engine_errno, counted_rule_fails_only_the_calls_it_selects)
{
	struct fault_plan *plan;
	struct fault_sup *sup =
		engine_sup(&plan, 0, "mq_send:error=EAGAIN:when=2", NULL);
	struct engine_events evs;
	struct fault_counters c;
	int *res = engine_shared(4 * sizeof(int));
	char sum[256];
	pid_t pid;
	mqd_t q = engine_queue("/mqlab-q", 0);

	engine_record(sup, &evs);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		engine_sends(q, 4, 0, res);
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], EAGAIN);
	cr_expect_eq(res[2], 0);
	cr_expect_eq(res[3], 0);
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	cr_expect_eq(c.matched, 4);
	cr_expect_eq(c.fired, 1);
	cr_expect_not(c.in_kernel);
	cr_expect_eq(engine_count(&evs, "mq_timedsend"), 4);
	cr_expect_eq(engine_count(&evs, "mq_timedreceive"), 0,
		     "calls without a rule never reach the supervisor");
	fault_sup_summary(sup, sum, sizeof(sum));
	cr_expect_str_eq(sum, "injected 1: mq_timedsend EAGAIN x1");
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
	mq_close(q);
	mq_unlink("/mqlab-q");
}

Test(engine_errno, retval_returns_without_running_the_call)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, "msgsnd:retval=0",
					   "mq_unlink:retval=0", NULL);
	int *res = engine_shared(2 * sizeof(int));
	char sum[256];
	pid_t pid;

	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		long m[2] = {1, 0};
		/* Neither the queue id nor the queue exist: only an
		 * injected return value can make these succeed. */
		res[0] = msgsnd(123456, m, sizeof(long), 0) == 0 ? 0 : errno;
		res[1] = mq_unlink("/mqlab-none") == 0 ? 0 : errno;
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], 0);
	fault_sup_summary(sup, sum, sizeof(sum));
	cr_expect_str_eq(sum, "injected 2: msgsnd retval=0 x1, "
			      "mq_unlink retval=0 x1");
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(engine_errno, first_static_rule_wins_in_the_kernel)
{
	struct fault_plan *plan;
	struct fault_sup *sup =
		engine_sup(&plan, 0, "mq_send:error=EBADF:if=prio==1",
			   "mq_send:error=EMSGSIZE:if=prio<=2",
			   "mq_send:error=EINTR", NULL);
	struct fault_counters c;
	int *res = engine_shared(4 * sizeof(int));
	pid_t pid;
	mqd_t q = engine_queue("/mqlab-q", 0);

	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		for (unsigned prio = 0; prio < 4; prio++)
			engine_sends(q, 1, prio, &res[prio]);
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], EMSGSIZE);
	cr_expect_eq(res[1], EBADF);
	cr_expect_eq(res[2], EMSGSIZE);
	cr_expect_eq(res[3], EINTR);
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(fault_sup_counters(sup, i, &c), 0);
		cr_expect(c.in_kernel, "rule %zu is in the kernel", i);
	}
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_close(q);
	mq_unlink("/mqlab-q");
}
