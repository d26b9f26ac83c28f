/*
 * test_01_full_queue.c - lab 01's graded checks: send_with_deadline().
 *
 * Each check prepares a queue in the test process (full, or about to
 * free a slot), runs the student's function in a child through
 * check_run(), and judges what it returned and what is in the queue
 * afterwards.  Failure paths come from the fault engine (EAGAIN, EINTR
 * on chosen calls, and a log rule that counts calls), never from timing
 * luck: the only clock assertions are "not before the deadline".
 *
 * Run: build/libexec/mqlab/01-full-queue/check-solution --short-filename
 *
 * See also: labs/01-full-queue/lab.c (points and hints),
 *           labs/01-full-queue/full_queue.h, tests/labs/check.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "faults/fault.h"
#include "labs/01-full-queue/full_queue.h"
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"
#include "tests/labs/check.h"

#define QUEUE	 "/mqlab-01-check"
#define MAXMSG	 8
#define MSGSIZE	 64
#define MESSAGES 100

TestSuite(lab, .init = isolate_or_fail, .timeout = 10);

/* What the child is asked to do, and what it hands back. */
struct job {
	mqd_t q;
	size_t len; /* of the message "payload", padded with 'x' */
	struct timespec deadline;
};

struct outcome {
	int result; /* enum send_result, or the first that was not SENT */
	int err;    /* errno after it */
	int sent;   /* SEND_SENT results */
	struct timespec returned;
};

static const char *result_name(int result)
{
	switch (result) {
	case SEND_SENT:
		return "SEND_SENT";
	case SEND_TIMED_OUT:
		return "SEND_TIMED_OUT";
	case SEND_SHED:
		return "SEND_SHED";
	}
	return "not a send_result";
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	if (a->tv_sec != b->tv_sec)
		return a->tv_sec < b->tv_sec;
	return a->tv_nsec < b->tv_nsec;
}

static mqd_t open_queue(int flags)
{
	struct mq_attr attr = {.mq_maxmsg = MAXMSG, .mq_msgsize = MSGSIZE};
	mqd_t q = mq_open(QUEUE, O_CREAT | flags, 0600, &attr);

	cr_assert(q != (mqd_t)-1, "mq_open(%s): %s", QUEUE, strerror(errno));
	return q;
}

static void fill(mqd_t q, int n)
{
	char text[MSGSIZE];

	for (int i = 0; i < n; i++) {
		int len = snprintf(text, sizeof(text), "filler %d", i);
		cr_assert(mq_send(q, text, len, 0) == 0, "mq_send: %s",
			  strerror(errno));
	}
}

static long queued(mqd_t q)
{
	struct mq_attr attr;

	cr_assert(mq_getattr(q, &attr) == 0, "mq_getattr: %s", strerror(errno));
	return attr.mq_curmsgs;
}

/* In the child: one send_with_deadline(). */
static void send_once(void *arg, struct check_out *out)
{
	const struct job *job = arg;
	struct outcome o = {0};
	char msg[MSGSIZE + 16];

	memset(msg, 'x', sizeof(msg));
	memcpy(msg, "payload", 7);
	o.result = send_with_deadline(job->q, msg, job->len, 0, &job->deadline);
	o.err = errno;
	o.sent = o.result == SEND_SENT;
	clock_gettime(CLOCK_REALTIME, &o.returned);
	memcpy(out->data, &o, sizeof(o));
	out->len = sizeof(o);
}

static struct outcome run(struct fault_sup *sup,
			  void (*fn)(void *, struct check_out *),
			  struct job *job, int ms)
{
	struct check_result res;
	struct outcome o;

	cr_assert(check_run(sup, fn, job, ms, &res) == 0, "check_run: %s",
		  strerror(errno));
	check_assert_returned(&res);
	cr_assert_eq(res.out.len, sizeof(o));
	memcpy(&o, res.out.data, sizeof(o));
	return o;
}

Test(lab, deadline_is_honoured_on_a_full_queue)
{
	mqd_t q = open_queue(O_RDWR);
	struct job job = {q, 10, deadline_in_ms(300)};
	struct outcome o;

	fill(q, MAXMSG);
	o = run(NULL, send_once, &job, 2000);
	cr_assert_eq(o.result, SEND_TIMED_OUT,
		     "returned %s on a queue nobody reads; expected "
		     "SEND_TIMED_OUT",
		     result_name(o.result));
	cr_assert_eq(o.err, ETIMEDOUT, "errno was %s, expected ETIMEDOUT",
		     strerror(o.err));
	cr_assert(!before(&o.returned, &job.deadline),
		  "returned SEND_TIMED_OUT before the deadline");
	cr_assert_eq(queued(q), MAXMSG, "the message went in after all");
}

/* The slot-freeing reader: takes one message after a pause. */
static void *take_one_later(void *arg)
{
	mqd_t q = *(mqd_t *)arg;
	struct timespec pause = {0, 100 * 1000000L};
	char buf[MSGSIZE];

	nanosleep(&pause, NULL);
	if (mq_receive(q, buf, sizeof(buf), NULL) < 0)
		return (void *)1;
	return NULL;
}

Test(lab, send_succeeds_as_soon_as_a_slot_frees)
{
	mqd_t reader = open_queue(O_RDWR);
	mqd_t writer = open_queue(O_WRONLY | O_NONBLOCK);
	struct job job = {writer, 10, deadline_in_ms(10000)};
	char buf[MSGSIZE];
	struct outcome o;
	pthread_t thread;
	void *failed;
	ssize_t n = -1;

	fill(reader, MAXMSG);
	cr_assert_eq(pthread_create(&thread, NULL, take_one_later, &reader), 0);
	o = run(NULL, send_once, &job, 2000);
	pthread_join(thread, &failed);
	cr_assert_null(failed, "the reader could not take a message");
	cr_assert_eq(o.result, SEND_SENT,
		     "returned %s (errno: %s); a slot freed after 100 ms "
		     "and the deadline was 10 s away",
		     result_name(o.result), strerror(o.err));
	cr_assert_eq(queued(reader), MAXMSG,
		     "SEND_SENT, but the message is not in the queue");
	for (int i = 0; i < MAXMSG; i++)
		n = mq_receive(reader, buf, sizeof(buf), NULL);
	cr_assert(n == 10 && memcmp(buf, "payload", 7) == 0,
		  "the last message in the queue is not the one sent");
}

/* One send on an empty queue while the first three calls fail (spec). */
static void survive_three(const char *spec)
{
	mqd_t q = open_queue(O_RDWR);
	struct job job = {q, 10, deadline_in_ms(5000)};
	struct fault_counters c;
	struct fault_plan *plan;
	struct fault_sup *sup = engine_sup(&plan, 0, spec, NULL);
	struct outcome o;
	long n;

	o = run(sup, send_once, &job, 2000);
	cr_assert_eq(o.result, SEND_SENT,
		     "returned %s (errno: %s) under %s; the 4th call "
		     "works",
		     result_name(o.result), strerror(o.err), spec);
	n = queued(q);
	cr_assert_eq(n, 1,
		     "returned SEND_SENT, and %ld messages are in the "
		     "queue; expected exactly 1",
		     n);
	/* The check's own guard: the three faults really happened. */
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	cr_assert_eq(c.fired, 3, "the fault fired %llu times, expected 3",
		     (unsigned long long)c.fired);
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(lab, injected_eagain_is_retried)
{
	survive_three("mq_timedsend:error=EAGAIN:when=1..3");
}

Test(lab, injected_eintr_is_retried)
{
	survive_three("mq_timedsend:error=EINTR:when=1..3");
}

Test(lab, waiting_does_not_busy_spin)
{
	mqd_t reader = open_queue(O_RDWR);
	mqd_t writer = open_queue(O_WRONLY | O_NONBLOCK);
	struct job job = {writer, 10, deadline_in_ms(200)};
	struct fault_counters c;
	struct fault_plan *plan;
	struct fault_sup *sup;
	struct outcome o;

	fill(reader, MAXMSG);
	sup = engine_sup(&plan, 0, "mq_timedsend:log", NULL);
	o = run(sup, send_once, &job, 2000);
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	cr_assert_eq(o.result, SEND_TIMED_OUT,
		     "returned %s (errno: %s) on an O_NONBLOCK descriptor "
		     "to a queue that stays full; expected SEND_TIMED_OUT",
		     result_name(o.result), strerror(o.err));
	cr_assert(!before(&o.returned, &job.deadline),
		  "returned SEND_TIMED_OUT before the deadline");
	cr_assert(c.matched >= 1 && c.matched <= 25,
		  "%llu calls to mq_timedsend in a 200 ms wait; at most 25 "
		  "expected",
		  (unsigned long long)c.matched);
	cr_assert_eq(queued(reader), MAXMSG, "the message went in after all");
	fault_sup_free(sup);
	fault_plan_free(plan);
}

/* The reader of the ordering check: takes everything, 1 ms apart, so the
 * queue fills, until the sender is done and the queue is empty. */
struct reader {
	mqd_t q;
	atomic_bool sender_done;
	int got[2 * MESSAGES];
	int n;
};

static void *take_all(void *arg)
{
	struct reader *r = arg;
	struct timespec pause = {0, 1000000L};
	struct timespec deadline;
	char buf[MSGSIZE + 1];
	bool done;
	ssize_t n;

	while (r->n < 2 * MESSAGES) {
		/* Read the flag first: once it is set, everything sent is
		 * already queued, so a timeout means the queue is empty. */
		done = atomic_load(&r->sender_done);
		deadline = deadline_in_ms(50);
		n = mq_timedreceive(r->q, buf, MSGSIZE, NULL, &deadline);
		if (n < 0 && errno == ETIMEDOUT && done)
			break;
		if (n < 0)
			continue;
		buf[n] = '\0';
		r->got[r->n++] = atoi(buf);
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/* In the child: MESSAGES numbered sends, counting what they returned. */
static void send_all(void *arg, struct check_out *out)
{
	const struct job *job = arg;
	struct outcome o = {.result = SEND_SENT};
	struct timespec deadline;
	char msg[MSGSIZE];
	int len, result;

	for (int i = 0; i < MESSAGES; i++) {
		len = snprintf(msg, sizeof(msg), "%d", i);
		deadline = deadline_in_ms(5000);
		result = send_with_deadline(job->q, msg, len, 0, &deadline);
		if (result == SEND_SENT) {
			o.sent++;
		} else if (o.result == SEND_SENT) {
			o.result = result;
			o.err = errno;
		}
	}
	memcpy(out->data, &o, sizeof(o));
	out->len = sizeof(o);
}

Test(lab, messages_arrive_in_order_exactly_once)
{
	struct reader r = {0};
	mqd_t writer = open_queue(O_WRONLY | O_NONBLOCK);
	struct job job = {writer, 0, {0, 0}};
	struct fault_plan *plan;
	struct fault_sup *sup;
	struct outcome o;
	pthread_t thread;

	r.q = open_queue(O_RDONLY);
	sup = engine_sup(&plan, 0, "mq_timedsend:error=EAGAIN:when=3..1000+10",
			 "mq_timedsend:error=EINTR:when=7..1000+10", NULL);
	cr_assert_eq(pthread_create(&thread, NULL, take_all, &r), 0);
	o = run(sup, send_all, &job, 4000);
	atomic_store(&r.sender_done, true);
	pthread_join(thread, NULL);
	cr_assert_eq(o.sent, MESSAGES,
		     "%d of %d sends returned SEND_SENT; the first other "
		     "result was %s (errno: %s)",
		     o.sent, MESSAGES, result_name(o.result), strerror(o.err));
	for (int i = 0; i < r.n && i < MESSAGES; i++)
		cr_assert_eq(r.got[i], i,
			     "message %d arrived where %d was expected "
			     "(skipped, repeated or reordered)",
			     r.got[i], i);
	cr_assert_eq(r.n, MESSAGES, "%d messages arrived, expected %d", r.n,
		     MESSAGES);
	fault_sup_free(sup);
	fault_plan_free(plan);
}

Test(lab, unsendable_message_is_shed_not_lost)
{
	mqd_t q = open_queue(O_RDWR);
	struct job job = {q, MSGSIZE + 1, deadline_in_ms(5000)};
	struct outcome o;

	o = run(NULL, send_once, &job, 2000);
	cr_assert_eq(o.result, SEND_SHED,
		     "returned %s (errno: %s) for a message longer than "
		     "mq_msgsize; expected SEND_SHED",
		     result_name(o.result), strerror(o.err));
	cr_assert_eq(o.err, EMSGSIZE, "errno was %s, expected EMSGSIZE",
		     strerror(o.err));
	cr_assert_eq(queued(q), 0, "a message too long went in");
}
