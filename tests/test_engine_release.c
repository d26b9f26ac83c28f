/*
 * test_engine_release.c - an event callback may release held calls.
 *
 * The TUI releases held calls from its own loop, which can run inside an
 * event callback: the callback of one call let go (by the delay timer or
 * by fault_sup_release()) then releases others.  The supervisor must not
 * be walking its list of waiting calls when it calls back, or the calls
 * freed by the inner release are used after they are gone.  Each test
 * keeps two calls waiting, lets the first go, and checks that the second
 * was released from the callback and both returned.
 *
 * See also: faults/sup_loop.c (sup_let_go), faults/sup.c, faults/fault.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

TestSuite(engine_release, .init = isolate_or_fail, .timeout = 30);

/* What the callback sees and does. */
struct reentry {
	struct fault_sup *sup;
	struct engine_events evs;
	uint64_t trigger; /* seq whose release releases every other call */
	int inner;	  /* what the callback's fault_sup_release said */
};

static void on_event(const struct fault_event *ev, void *arg)
{
	struct reentry *re = arg;
	struct engine_events *evs = &re->evs;

	if (evs->n == evs->cap) {
		evs->cap = evs->cap ? evs->cap * 2 : 16;
		evs->ev = realloc(evs->ev, evs->cap * sizeof(*evs->ev));
		cr_assert_not_null(evs->ev);
	}
	evs->ev[evs->n++] = *ev;
	if (ev->phase == FAULT_RELEASE && ev->seq == re->trigger)
		re->inner = fault_sup_release(re->sup, 0);
}

/* Dispatch until *n reaches want (or about 10 s pass). */
static void pump_until(struct fault_sup *sup, const size_t *n, size_t want)
{
	struct pollfd pfd = {.fd = fault_sup_fd(sup), .events = POLLIN};

	for (int t = 0; t < 1000 && *n < want; t++) {
		poll(&pfd, 1, 10);
		cr_assert_geq(fault_sup_dispatch(sup), 0, "dispatch: %s",
			      strerror(errno));
	}
	cr_assert_geq(*n, want, "%zu events, expected %zu", *n, want);
}

/* A child that sends once with prio; res gets 0 or the errno. */
static pid_t sender(struct fault_sup *sup, mqd_t q, unsigned prio, int *res)
{
	pid_t pid = fault_sup_fork(sup);

	cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		engine_sends(q, 1, prio, res);
		_exit(0);
	}
	return pid;
}

/* Two calls waiting, in this order: rule 0's (prio 1), rule 1's (prio 2).
 * Then run until all four events are in and both children exited. */
static void run(struct reentry *re, const char *first, const char *second,
		bool release_first)
{
	struct fault_plan *plan;
	int *res = engine_shared(2 * sizeof(int));
	mqd_t q = engine_queue("/mqlab-reentry", 0);
	pid_t a, b;

	memset(re, 0, sizeof(*re));
	re->sup = engine_sup(&plan, 0, first, second, NULL);
	res[0] = res[1] = -1;
	fault_sup_on_event(re->sup, on_event, re);
	a = sender(re->sup, q, 1, &res[0]);
	pump_until(re->sup, &re->evs.n, 1);
	re->trigger = re->evs.ev[0].seq;
	b = sender(re->sup, q, 2, &res[1]);
	pump_until(re->sup, &re->evs.n, 2);
	if (release_first)
		cr_expect_eq(fault_sup_release(re->sup, re->trigger), 1);
	pump_until(re->sup, &re->evs.n, 4);
	engine_wait_ok(re->sup, a);
	engine_wait_ok(re->sup, b);
	cr_expect_eq(res[0], 0);
	cr_expect_eq(res[1], 0);
	cr_expect_eq(re->inner, 1, "the callback released the second call");
	cr_expect_eq(fault_sup_nheld(re->sup), 0);
	cr_assert_eq(re->evs.n, 4);
	cr_expect_eq(re->evs.ev[2].phase, FAULT_RELEASE);
	cr_expect_eq(re->evs.ev[3].phase, FAULT_RELEASE);
	cr_expect_eq(re->evs.ev[3].seq, re->evs.ev[1].seq);
	fault_sup_free(re->sup);
	fault_plan_free(plan);
	free(re->evs.ev);
	mq_close(q);
	mq_unlink("/mqlab-reentry");
}

Test(engine_release, a_callback_releases_during_a_release)
{
	struct reentry re;

	run(&re, "mq_send:hold:if=prio == 1", "mq_send:hold:if=prio == 2",
	    true);
}

Test(engine_release, a_callback_releases_when_a_delay_ends)
{
	struct reentry re;

	run(&re, "mq_send:delay_enter=1s:if=prio == 1",
	    "mq_send:hold:if=prio == 2", false);
}
