/*
 * test_engine_pred.c - if= selects calls, in the kernel or in the
 * supervisor.
 *
 * A predicate on registers (prio==5) is also the filter's pre-filter:
 * calls it rejects never reach the supervisor, so they make no event at
 * all.  Predicates on what only the supervisor knows (the queue's name,
 * the message type, the command name, O_NONBLOCK of the descriptor, the
 * System V key) are worked out per call.
 *
 * See also: faults/dnf.c, faults/decode.c
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <unistd.h>

TestSuite(engine_pred, .init = isolate_or_fail, .timeout = 20);

Test(engine_pred, register_predicate_keeps_other_calls_in_the_kernel)
{
	struct fault_plan *plan;
	/* when=1.. makes it a counted rule: supervised, behind prio==5. */
	struct fault_sup *sup = engine_sup(
		&plan, 0, "mq_send:error=EAGAIN:if=prio==5:when=1+", NULL);
	struct engine_events evs;
	struct fault_counters c;
	int *res = engine_shared(4 * sizeof(int));
	mqd_t q = engine_queue("/mqlab-p", 0);
	pid_t pid;

	engine_record(sup, &evs);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		for (int i = 0; i < 4; i++)
			engine_sends(q, 1, i % 2 ? 5 : 1, &res[i]);
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], EAGAIN);
	cr_expect_eq(res[2], 0);
	cr_expect_eq(res[3], EAGAIN);
	cr_assert_eq(evs.n, 2, "prio 1 sends never reached the supervisor");
	for (size_t i = 0; i < evs.n; i++) {
		cr_expect(evs.ev[i].has_prio);
		cr_expect_eq(evs.ev[i].prio, 5);
		cr_expect_eq(evs.ev[i].verdict, FAULT_ERROR);
	}
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	cr_expect_eq(c.matched, 2);
	cr_expect_eq(c.fired, 2);
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
	mq_close(q);
	mq_unlink("/mqlab-p");
}

Test(engine_pred, queue_name_selects_one_queue)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(
		&plan, 0, "mq_send:error=EBADF:if=queue==\"/mqlab-a\"", NULL);
	int *res = engine_shared(2 * sizeof(int));
	mqd_t a = engine_queue("/mqlab-a", 0);
	mqd_t b = engine_queue("/mqlab-b", 0);
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		engine_sends(a, 1, 0, &res[0]);
		engine_sends(b, 1, 0, &res[1]);
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], EBADF);
	cr_expect_eq(res[1], 0);
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_unlink("/mqlab-a");
	mq_unlink("/mqlab-b");
}

Test(engine_pred, queue_pattern_matches_mq_open_names)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(
		&plan, 0, "mq_open:error=EACCES:if=queue==\"/mqlab-o*\"", NULL);
	int *res = engine_shared(2 * sizeof(int));
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		mqd_t q =
			mq_open("/mqlab-orders", O_CREAT | O_RDWR, 0600, NULL);
		res[0] = q == (mqd_t)-1 ? errno : 0;
		q = mq_open("/mqlab-x", O_CREAT | O_RDWR, 0600, NULL);
		res[1] = q == (mqd_t)-1 ? errno : 0;
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], EACCES);
	cr_expect_eq(res[1], 0);
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_unlink("/mqlab-x");
}

Test(engine_pred, mtype_selects_messages_of_one_type)
{
	struct fault_plan *plan;
	struct fault_sup *sup =
		engine_sup(&plan, 0, "msgsnd:error=EIDRM:if=mtype==2", NULL);
	int *res = engine_shared(3 * sizeof(int));
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	pid_t pid;

	cr_assert_geq(id, 0);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		for (long t = 1; t <= 3; t++) {
			struct {
				long mtype;
				char text[4];
			} m = {t, "hi"};
			res[t - 1] = msgsnd(id, &m, 3, IPC_NOWAIT) ? errno : 0;
		}
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], EIDRM);
	cr_expect_eq(res[2], 0);
	fault_sup_free(sup);
	fault_plan_free(plan);
	msgctl(id, IPC_RMID, NULL);
}

Test(engine_pred, key_is_found_for_a_queue_id)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(
		&plan, 0, "msgsnd:error=EACCES:if=key==0x4d51", NULL);
	int *res = engine_shared(2 * sizeof(int));
	int keyed = msgget(0x4d51, IPC_CREAT | 0600);
	int anon = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	pid_t pid;

	cr_assert_geq(keyed, 0);
	cr_assert_geq(anon, 0);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		long m[2] = {1, 0};
		res[0] = msgsnd(keyed, m, 1, IPC_NOWAIT) ? errno : 0;
		res[1] = msgsnd(anon, m, 1, IPC_NOWAIT) ? errno : 0;
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], EACCES);
	cr_expect_eq(res[1], 0);
	fault_sup_free(sup);
	fault_plan_free(plan);
	msgctl(keyed, IPC_RMID, NULL);
	msgctl(anon, IPC_RMID, NULL);
}

Test(engine_pred, comm_selects_one_program_of_two)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(
		&plan, 0, "mq_send:error=EPERM:if=comm==\"mqlab-w*\"", NULL);
	int *res = engine_shared(2 * sizeof(int));
	mqd_t q = engine_queue("/mqlab-c", 0);
	const char *names[] = {"mqlab-worker", "mqlab-boss"};
	pid_t pids[2];

	/* Two children, each with its own filter and listener. */
	for (int i = 0; i < 2; i++) {
		pids[i] = fault_sup_fork(sup);
		cr_assert_geq(pids[i], 0);
		if (pids[i] == 0) {
			prctl(PR_SET_NAME, names[i]);
			engine_sends(q, 1, 0, &res[i]);
			_exit(0);
		}
	}
	engine_wait_ok(sup, pids[0]);
	engine_wait_ok(sup, pids[1]);
	cr_expect_eq(res[0], EPERM);
	cr_expect_eq(res[1], 0);
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_close(q);
	mq_unlink("/mqlab-c");
}

Test(engine_pred, nonblock_reads_the_descriptor_flags)
{
	struct fault_plan *plan;
	struct fault_sup *sup =
		engine_sup(&plan, 0, "mq_send:error=EAGAIN:if=nonblock", NULL);
	int *res = engine_shared(2 * sizeof(int));
	mqd_t blocking = engine_queue("/mqlab-n", 0);
	mqd_t nonblocking = engine_queue("/mqlab-n", O_NONBLOCK);
	struct engine_events evs;
	pid_t pid;

	engine_record(sup, &evs);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		engine_sends(blocking, 1, 0, &res[0]);
		engine_sends(nonblocking, 1, 0, &res[1]);
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], EAGAIN);
	/* The events carry the descriptor's O_NONBLOCK as their flags:
	 * mq_timedsend has no flags argument of its own. */
	cr_assert_geq(evs.n, 2);
	cr_expect_eq(evs.ev[0].flags & O_NONBLOCK, 0);
	cr_expect_eq(evs.ev[evs.n - 1].flags & O_NONBLOCK, O_NONBLOCK);
	engine_events_free(&evs);
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_unlink("/mqlab-n");
}
