/*
 * test_engine_when.c - when= picks exactly the invocations it names.
 *
 * A child makes N sends on a queue that never fills and records each
 * result; the pattern of failures must be exactly the when= set: a
 * range, a range with a step, a list, an open end.
 *
 * See also: faults/when.c (rule_when_selects), faults/sup_notify.c
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

TestSuite(engine_when, .init = isolate_or_fail, .timeout = 20);

#define SENDS 12

/* Run spec over SENDS sends; the pattern ('.' ok, 'X' EAGAIN) into out. */
static void run(const char *spec, char *out)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, spec, NULL);
	int *res = engine_shared(SENDS * sizeof(int));
	mqd_t q = engine_queue("/mqlab-when", 0);
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		engine_sends(q, SENDS, 0, res);
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	for (int i = 0; i < SENDS; i++) {
		cr_assert(res[i] == 0 || res[i] == EAGAIN, "send %d: %s", i,
			  strerror(res[i]));
		out[i] = res[i] ? 'X' : '.';
	}
	out[SENDS] = '\0';
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_close(q);
	mq_unlink("/mqlab-when");
}

Test(engine_when, a_range_fails_its_invocations_only)
{
	char got[SENDS + 1];

	run("mq_send:error=EAGAIN:when=2..3", got);
	cr_expect_str_eq(got, ".XX.........");
}

Test(engine_when, a_step_fails_every_nth_invocation)
{
	char got[SENDS + 1];

	run("mq_send:error=EAGAIN:when=1..10+3", got);
	cr_expect_str_eq(got, "X..X..X..X..");
}

Test(engine_when, a_list_fails_each_listed_invocation)
{
	char got[SENDS + 1];

	run("mq_send:error=EAGAIN:when=2,5,12", got);
	cr_expect_str_eq(got, ".X..X......X");
}

Test(engine_when, an_open_range_fails_from_its_start_on)
{
	char got[SENDS + 1];

	run("mq_send:error=EAGAIN:when=10+", got);
	cr_expect_str_eq(got, ".........XXX");
}

Test(engine_when, a_single_invocation_fails_once)
{
	char got[SENDS + 1];

	run("mq_send:error=EAGAIN:when=7", got);
	cr_expect_str_eq(got, "......X.....");
}

/* As in strace, each syscall of a rule's set has its own count: "the 2nd
 * and 3rd" means the 2nd and 3rd send and the 2nd and 3rd getattr, not
 * the 2nd and 3rd queue call of any kind. */
Test(engine_when, each_syscall_of_a_set_is_counted_apart)
{
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(
		&plan, 0, "mq_send,mq_getattr:error=EBADF:when=2..3", NULL);
	int *res = engine_shared(2 * SENDS * sizeof(int));
	mqd_t q = engine_queue("/mqlab-when-set", 0);
	pid_t pid = fault_sup_fork(sup);
	char sends[SENDS + 1], getattrs[SENDS + 1];

	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		struct mq_attr attr;
		char buf[64];

		for (int i = 0; i < SENDS; i++) {
			res[2 * i] = mq_send(q, "m", 1, 0) == 0 ? 0 : errno;
			if (res[2 * i] == 0)
				mq_receive(q, buf, sizeof(buf), NULL);
			res[2 * i + 1] = mq_getattr(q, &attr) == 0 ? 0 : errno;
		}
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	for (int i = 0; i < SENDS; i++) {
		sends[i] = res[2 * i] == EBADF ? 'X' : res[2 * i] ? '?' : '.';
		getattrs[i] = res[2 * i + 1] == EBADF ? 'X'
			      : res[2 * i + 1]	      ? '?'
						      : '.';
	}
	sends[SENDS] = getattrs[SENDS] = '\0';
	cr_expect_str_eq(sends, ".XX.........");
	cr_expect_str_eq(getattrs, ".XX.........");
	fault_sup_free(sup);
	fault_plan_free(plan);
	mq_close(q);
	mq_unlink("/mqlab-when-set");
}
