/*
 * test_engine_compose.c - several rules on one syscall, in order.
 *
 * Every matching rule counts a call; the first one whose when= selects
 * it acts; log rules only mark the event.  So two rules can script a
 * sequence (EAGAIN, then EINTR, then success), and a log rule in front
 * changes nothing but the events.
 *
 * See also: faults/sup_notify.c, faults/rule.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

TestSuite(engine_compose, .init = isolate_or_fail, .timeout = 20);

/* Run the plan over n sends; results into res. */
static struct fault_sup *run(struct fault_plan **plan,
			     struct engine_events *evs, int n, int *res,
			     const char *a, const char *b, const char *c)
{
	struct fault_sup *sup = engine_sup(plan, 0, a, b, c, NULL);
	mqd_t q = engine_queue("/mqlab-compose", 0);
	pid_t pid;

	engine_record(sup, evs);
	pid = fault_sup_fork(sup);
	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		engine_sends(q, n, 0, res);
		_exit(0);
	}
	engine_wait_ok(sup, pid);
	mq_close(q);
	mq_unlink("/mqlab-compose");
	return sup;
}

Test(engine_compose, two_rules_script_a_sequence)
{
	struct fault_plan *plan;
	struct engine_events evs;
	struct fault_counters c;
	int *res = engine_shared(3 * sizeof(int));
	struct fault_sup *sup =
		run(&plan, &evs, 3, res, "mq_send:error=EAGAIN:when=1",
		    "mq_send:error=EINTR:when=2", NULL);
	char sum[256];

	cr_expect_eq(res[0], EAGAIN);
	cr_expect_eq(res[1], EINTR);
	cr_expect_eq(res[2], 0);
	cr_assert_eq(evs.n, 3);
	cr_expect_eq(evs.ev[0].rule, 0);
	cr_expect_eq(evs.ev[1].rule, 1);
	cr_expect_eq(evs.ev[2].rule, -1);
	cr_expect_eq(evs.ev[2].verdict, FAULT_ALLOW);
	/* Both rules count every send, whichever acts. */
	for (size_t i = 0; i < 2; i++) {
		cr_assert_eq(fault_sup_counters(sup, i, &c), 0);
		cr_expect_eq(c.matched, 3, "rule %zu", i);
		cr_expect_eq(c.fired, 1, "rule %zu", i);
	}
	fault_sup_summary(sup, sum, sizeof(sum));
	cr_expect_str_eq(sum, "injected 2: mq_timedsend EAGAIN x1, "
			      "mq_timedsend EINTR x1");
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
}

Test(engine_compose, the_first_selecting_rule_hides_the_next)
{
	struct fault_plan *plan;
	struct engine_events evs;
	int *res = engine_shared(3 * sizeof(int));
	struct fault_sup *sup =
		run(&plan, &evs, 3, res, "mq_send:error=EAGAIN:when=2",
		    "mq_send:error=EINTR:when=2..3", NULL);

	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], EAGAIN);
	cr_expect_eq(res[2], EINTR);
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
}

Test(engine_compose, a_log_rule_marks_events_and_never_acts)
{
	struct fault_plan *plan;
	struct engine_events evs;
	struct fault_counters c;
	int *res = engine_shared(2 * sizeof(int));
	struct fault_sup *sup = run(&plan, &evs, 2, res, "mq_send:log",
				    "mq_send:error=EAGAIN:when=2", NULL);

	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], EAGAIN);
	cr_assert_eq(evs.n, 2);
	cr_expect(evs.ev[0].logged);
	cr_expect(evs.ev[1].logged);
	cr_expect_eq(evs.ev[1].rule, 1);
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	cr_expect_eq(c.matched, 2);
	cr_expect_eq(c.fired, 0);
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
}

Test(engine_compose, a_static_rule_beside_a_counted_one_is_supervised)
{
	struct fault_plan *plan;
	struct engine_events evs;
	struct fault_counters c;
	int *res = engine_shared(3 * sizeof(int));
	struct fault_sup *sup =
		run(&plan, &evs, 3, res, "mq_send:error=EAGAIN:when=2",
		    "mq_send:error=EINTR", NULL);

	cr_expect_eq(res[0], EINTR);
	cr_expect_eq(res[1], EAGAIN);
	cr_expect_eq(res[2], EINTR);
	cr_assert_eq(fault_sup_counters(sup, 1, &c), 0);
	cr_expect_not(c.in_kernel);
	cr_expect_eq(c.fired, 2);
	fault_sup_free(sup);
	fault_plan_free(plan);
	engine_events_free(&evs);
}
