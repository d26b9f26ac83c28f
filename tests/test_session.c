/*
 * test_session.c - a live lab session through the client API: what the
 * TUI sees and steers.
 *
 * Each test starts lab 01 (its skeleton, or the reference solution) in
 * a sandbox through session_start(), polls the session as a front end
 * does, and checks what it learnt: the producer blocked on the full
 * queue, the payloads captured at send, an armed fault firing, pause
 * and step mode holding the run, and nothing left once it stopped.
 * Every wait is a poll loop whose deadline is only a failure bound.
 *
 * See also: labs/session.h, labs/session_server.c, docs/labs.md
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labs/session.h"
#include "tests/helpers/isolate.h"

#define DEADLINE_MS 10000

TestSuite(session, .init = isolate_or_fail, .timeout = 30);

/* Lab 01 as the catalog declares it: its programs are found from the
 * number and slug (build/libexec/mqlab/01-full-queue/). */
static const struct lab lab01 = {.number = 1, .slug = "full-queue"};

static struct session *start(bool solution)
{
	char err[256] = "";
	struct session *s = session_start(&lab01, solution, err, sizeof(err));

	cr_assert_not_null(s, "session_start: %s", err);
	return s;
}

/* Read what the server sends for about ms milliseconds. */
static void pump(struct session *s, int ms)
{
	struct pollfd pfd = {session_fd(s), POLLIN, 0};

	for (; ms > 0; ms -= 20) {
		pfd.fd = session_fd(s);
		if (pfd.fd < 0)
			return;
		if (poll(&pfd, 1, 20) > 0)
			session_read(s);
	}
}

/* Poll until pred holds; false after DEADLINE_MS. */
static bool until(struct session *s,
		  bool (*pred)(const struct session_state *st, const void *arg),
		  const void *arg)
{
	int waited;

	for (waited = 0; waited < DEADLINE_MS; waited += 50) {
		pump(s, 50);
		if (pred(session_state(s), arg))
			return true;
	}
	return false;
}

static const struct session_role *role(const struct session_state *st,
				       const char *name)
{
	int i;

	for (i = 0; i < st->nroles; i++)
		if (strcmp(st->roles[i].name, name) == 0)
			return &st->roles[i];
	return NULL;
}

/* Stop s and check that its sandbox's init is gone. */
static void stop(struct session *s)
{
	pid_t init = session_state(s)->init;

	cr_assert_gt(init, 0);
	session_stop(s);
	cr_expect_eq(kill(init, 0), -1, "the init %d survived", (int)init);
	cr_expect_eq(errno, ESRCH);
}

/* Events ever received that match: a count over the ring's content. */
static size_t count(const struct session_state *st,
		    bool (*match)(const struct session_event *e))
{
	uint64_t i, first = st->nevents > SESSION_EVENTS_MAX
				    ? st->nevents - SESSION_EVENTS_MAX
				    : 0;
	size_t n = 0;

	for (i = first; i < st->nevents; i++)
		n += match(&st->events[i % SESSION_EVENTS_MAX]);
	return n;
}

static bool some_running(const struct session_state *st, const void *arg)
{
	(void)arg;
	return st->nroles > 0 && st->roles[0].pid > 0 &&
	       st->roles[0].state != SESSION_STARTING;
}

static bool producer_blocked(const struct session_state *st, const void *arg)
{
	const struct session_role *r = role(st, "producer");

	(void)arg;
	return r != NULL && r->state == SESSION_BLOCKED &&
	       strcmp(r->call, "mq_timedsend") == 0;
}

static bool is_send_with_payload(const struct session_event *e)
{
	return strcmp(e->syscall, "mq_timedsend") == 0 && e->preview_len > 0 &&
	       memcmp(e->preview, "order ",
		      e->preview_len < 6 ? e->preview_len : 6) == 0;
}

Test(session, the_skeleton_producer_blocks_on_the_full_queue)
{
	struct session *s = start(false);
	const struct session_role *r;

	cr_assert(until(s, producer_blocked, NULL),
		  "the producer never showed as blocked in mq_timedsend");
	r = role(session_state(s), "producer");
	cr_expect_str_eq(r->queue, "/mqlab-01-orders");
	cr_expect_gt(r->pid, 0);
	cr_expect_gt(count(session_state(s), is_send_with_payload), 0,
		     "no mq_timedsend event carried its payload");
	stop(s);
}

static bool is_injected(const struct session_event *e)
{
	return e->injected && strstr(e->verdict, "EAGAIN") != NULL &&
	       strcmp(e->role, "producer") == 0;
}

static bool any_injected(const struct session_state *st, const void *arg)
{
	(void)arg;
	return count(st, is_injected) > 0;
}

static bool has_message(const struct session_state *st, const void *arg)
{
	return strstr(st->message, arg) != NULL;
}

Test(session, an_armed_fault_fires_in_the_running_lab)
{
	struct session *s = start(true);
	const struct session_state *st = session_state(s);

	cr_assert(until(s, some_running, NULL));
	cr_assert_eq(session_arm(s, "producer", "mq_sendd:error=EAGAIN"), 0);
	cr_assert(until(s, has_message, "mq_sendd"), "no answer: %s",
		  st->message);
	cr_expect(st->message_error);
	cr_assert_eq(session_arm(s, "producer", "mq_send:error=EAGAIN:when=1"),
		     0);
	cr_assert(until(s, has_message, "armed rule"), "no answer: %s",
		  st->message);
	cr_expect(!st->message_error);
	cr_assert(until(s, any_injected, NULL), "no injected event");
	cr_assert_eq(st->nrules, 1);
	pump(s, 300);
	cr_expect_eq(st->rules[0].fired, 1);
	cr_expect(st->rules[0].armed);
	cr_expect_str_eq(st->rules[0].role, "producer");
	stop(s);
}

static bool all_stopped(const struct session_state *st, const void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < st->nroles; i++)
		if (st->roles[i].state != SESSION_STOPPED &&
		    st->roles[i].state != SESSION_EXITED)
			return false;
	return st->paused;
}

Test(session, pause_stops_every_role_and_the_calls)
{
	struct session *s = start(true);
	const struct session_state *st = session_state(s);
	uint64_t before;
	int i, stopped = 0;

	cr_assert(until(s, some_running, NULL));
	cr_assert_eq(session_pause(s, true), 0);
	cr_assert(until(s, all_stopped, NULL), "not every role stopped");
	for (i = 0; i < st->nroles; i++)
		stopped += st->roles[i].state == SESSION_STOPPED;
	cr_expect_gt(stopped, 0);
	pump(s, 500); /* what was on its way arrives */
	before = st->nevents;
	for (i = 0; i < 5; i++) {
		pump(s, 200);
		cr_expect_eq(st->nevents, before, "events while paused");
	}
	cr_assert_eq(session_pause(s, false), 0);
	cr_assert(until(s, has_message, "resumed"));
	cr_expect(!st->paused);
	stop(s);
}

static bool is_released(const struct session_event *e)
{
	return strcmp(e->verdict, "released") == 0;
}

static bool released_n(const struct session_state *st, const void *arg)
{
	return count(st, is_released) >= *(const size_t *)arg;
}

Test(session, step_mode_lets_one_call_through_per_step)
{
	struct session *s = start(true);
	const struct session_state *st = session_state(s);
	size_t want;

	cr_assert(until(s, some_running, NULL));
	for (want = 1; want <= 3; want++) {
		cr_assert_eq(session_step(s), 0);
		cr_assert(until(s, released_n, &want),
			  "step %zu let nothing go", want);
		cr_expect(st->stepping);
		pump(s, 400); /* no second call goes through */
		cr_expect_eq(count(st, is_released), want);
	}
	cr_assert_eq(session_pause(s, false), 0);
	cr_assert(until(s, has_message, "resumed"));
	cr_expect(!st->stepping);
	stop(s);
}

Test(session, stop_leaves_no_process_behind)
{
	struct session *s = start(false);

	cr_assert(until(s, some_running, NULL));
	stop(s);
}

static bool consumer_killed(const struct session_state *st, const void *arg)
{
	const struct session_role *r = role(st, "consumer");

	(void)arg;
	return r != NULL && r->state == SESSION_EXITED &&
	       WIFSIGNALED(r->status) && WTERMSIG(r->status) == SIGKILL;
}

static bool injected_twice(const struct session_state *st, const void *arg)
{
	(void)arg;
	return count(st, is_injected) >= 2;
}

Test(session, a_killed_role_restarts_with_the_armed_rules)
{
	struct session *s = start(true);
	const struct session_state *st = session_state(s);
	pid_t first;

	cr_assert(until(s, some_running, NULL));
	cr_assert_eq(session_arm(s, "*", "mq_send:error=EAGAIN:when=1"), 0);
	cr_assert(until(s, any_injected, NULL), "no injected event");
	first = role(st, "producer")->pid;
	cr_assert_eq(session_kill_role(s, "consumer"), 0);
	cr_assert(until(s, consumer_killed, NULL), "consumer not killed");
	cr_assert_eq(session_restart_role(s, "producer"), 0);
	cr_assert(until(s, has_message, "restarted producer"), "%s",
		  st->message);
	cr_expect_neq(role(st, "producer")->pid, first);
	/* The rule is counted per process: the new producer's first send
	 * fails too. */
	cr_assert(until(s, injected_twice, NULL), "the rule was not re-armed");
	stop(s);
}

static bool is_delayed(const struct session_event *e)
{
	return strncmp(e->verdict, "delayed", 7) == 0;
}

static bool any_delayed(const struct session_state *st, const void *arg)
{
	(void)arg;
	return count(st, is_delayed) > 0;
}

Test(session, slow_motion_delays_every_queue_call)
{
	struct session *s = start(true);
	const struct session_state *st = session_state(s);

	cr_assert(until(s, some_running, NULL));
	cr_assert_eq(session_slow(s, 50), 0);
	cr_assert(until(s, has_message, "slow motion 50"), "%s", st->message);
	cr_expect_eq(st->slow_ms, 50);
	cr_assert(until(s, any_delayed, NULL), "no call was delayed");
	cr_assert_eq(session_slow(s, 0), 0);
	cr_assert(until(s, has_message, "slow motion off"), "%s", st->message);
	cr_expect_eq(st->slow_ms, 0);
	cr_expect_eq(st->nrules, 0, "step and slow rules are not listed");
	stop(s);
}
