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
