/*
 * test_05_emsgsize.c - lab 05's graded checks: whole messages, any size.
 *
 * Each check makes its queues in the test's own IPC namespace, runs the
 * student's functions in a child through check_run(), and judges what
 * came out against what went in, byte for byte: every payload is a
 * pattern that depends on each byte's place and on a salt, so a missing,
 * doubled or misplaced fragment, or another sender's, shows.  Readers use
 * O_NONBLOCK descriptors where they can, so a payload that never
 * completes ends in EAGAIN and a clear message rather than a timeout.
 * Lost fragments come from the fault engine (mq_send returns 0
 * without queueing anything), the interleaving from the check moving
 * fragments between queues itself, and the too-long System V message
 * from lowering msg_qbytes after it was sent: nothing depends on timing.
 *
 * Run: build/libexec/mqlab/05-emsgsize/check-solution --short-filename
 *
 * See also: labs/05-emsgsize/lab.c (points and hints),
 *           labs/05-emsgsize/emsgsize.h, tests/labs/check.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/fault.h"
#include "labs/05-emsgsize/emsgsize.h"
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"
#include "tests/labs/check.h"

#define QUEUE	 "/mqlab-05-check"
#define STAGE_A	 "/mqlab-05-stage-a"
#define STAGE_B	 "/mqlab-05-stage-b"
#define MAXMSG	 10
#define MSGSIZE	 1024
#define CHUNK	 (MSGSIZE - sizeof(struct frame_header))
#define CHILD_MS 2000
#define MIB	 (1024 * 1024)
/* Above the default msgsize_max (8192): no fixed buffer is big enough. */
#define BIG_MSGSIZE 20000

TestSuite(lab, .init = isolate_or_fail, .timeout = 10);

/* --- payloads ------------------------------------------------------------- */

/* Byte i of the payload with this salt: no period a fragment size could
 * hide behind. */
static unsigned char byte_at(size_t i, uint32_t salt)
{
	uint32_t h = ((uint32_t)i + 1) * 2654435761u + salt * 40503u;

	return (unsigned char)(h >> 24);
}

static void fill(unsigned char *buf, size_t len, uint32_t salt)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = byte_at(i, salt);
}

/* The index of the first byte of buf that is wrong, or -1. */
static long mismatch(const void *buf, size_t len, uint32_t salt)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++)
		if (p[i] != byte_at(i, salt))
			return (long)i;
	return -1;
}

/* What one receive call gave back. */
struct got {
	long n;	       /* its return value */
	int err;       /* errno when n is -1 */
	uint32_t from; /* *sender, or *mtype for receive_whole() */
	long bad;      /* mismatch() against the expected payload */
};

/* --- queues --------------------------------------------------------------- */

static mqd_t make_queue_of(const char *name, long maxmsg, long msgsize)
{
	struct mq_attr attr = {.mq_maxmsg = maxmsg, .mq_msgsize = msgsize};
	mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);

	cr_assert(q != (mqd_t)-1, "mq_open(%s): %s", name, strerror(errno));
	return q;
}

static mqd_t make_queue(const char *name, long msgsize)
{
	return make_queue_of(name, MAXMSG, msgsize);
}

static void write_sysctl(const char *path, long value)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fprintf(f, "%ld\n", value);
	cr_assert_eq(fclose(f), 0, "%s: %s", path, strerror(errno));
}

/* A second descriptor on name, that never blocks. */
static mqd_t open_nonblock(const char *name)
{
	mqd_t q = mq_open(name, O_RDWR | O_NONBLOCK);

	cr_assert(q != (mqd_t)-1, "mq_open(%s): %s", name, strerror(errno));
	return q;
}

/* How many messages q holds; -1 when mq_getattr() fails (in a child). */
static long queued(mqd_t q)
{
	struct mq_attr attr;

	if (mq_getattr(q, &attr) == -1)
		return -1;
	return attr.mq_curmsgs;
}

static long fragments_for(size_t len)
{
	return len == 0 ? 1 : (long)((len + CHUNK - 1) / CHUNK);
}

/* Run fn in a child and copy its outcome (size bytes) to o. */
static void run_child(struct fault_sup *sup,
		      void (*fn)(void *, struct check_out *), void *arg,
		      void *o, size_t size)
{
	struct check_result res;

	cr_assert(check_run(sup, fn, arg, CHILD_MS, &res) == 0, "check_run: %s",
		  strerror(errno));
	check_assert_returned(&res);
	cr_assert_eq(res.out.len, size);
	memcpy(o, res.out.data, size);
}

static void put(struct check_out *out, const void *o, size_t size)
{
	memcpy(out->data, o, size);
	out->len = size;
}

static const char *ename(int err)
{
	const char *name = strerrorname_np(err);

	return name != NULL ? name : "no errno";
}

/* --- receive_any ---------------------------------------------------------- */

static const struct {
	const char *name;
	long msgsize;
	size_t len;
} any_cases[] = {
	{"/mqlab-05-small", 16, 16},
	{"/mqlab-05-mid", 1024, 1000},
	{"/mqlab-05-big", BIG_MSGSIZE, BIG_MSGSIZE - 1},
	{"/mqlab-05-empty", 1024, 0},
};
#define ANY_CASES (sizeof(any_cases) / sizeof(*any_cases))

static void any_in_child(void *arg, struct check_out *out)
{
	const mqd_t *q = arg;
	struct got o[ANY_CASES];
	char *buf;

	for (size_t i = 0; i < ANY_CASES; i++) {
		buf = NULL;
		o[i].n = receive_any(q[i], &buf);
		o[i].err = errno;
		o[i].bad = -1;
		if (o[i].n == (long)any_cases[i].len)
			o[i].bad = mismatch(buf, o[i].n, i + 1);
		free(buf);
	}
	put(out, o, sizeof(o));
}

Test(lab, receive_any_sizes_its_buffer_from_the_queue)
{
	static unsigned char msg[BIG_MSGSIZE];
	struct got o[ANY_CASES];
	mqd_t q[ANY_CASES];

	/* This IPC namespace is the test's own. */
	write_sysctl("/proc/sys/fs/mqueue/msgsize_max", BIG_MSGSIZE);
	for (size_t i = 0; i < ANY_CASES; i++) {
		/* One message each: little of the user's RLIMIT_MSGQUEUE,
		 * which every test running in parallel shares. */
		q[i] = make_queue_of(any_cases[i].name, 1,
				     any_cases[i].msgsize);
		fill(msg, any_cases[i].len, i + 1);
		cr_assert(mq_send(q[i], (char *)msg, any_cases[i].len, 0) == 0,
			  "mq_send: %s", strerror(errno));
	}
	run_child(NULL, any_in_child, q, o, sizeof(o));
	for (size_t i = 0; i < ANY_CASES; i++) {
		cr_assert_neq(o[i].n, -1,
			      "receive_any() on a queue of mq_msgsize %ld "
			      "failed with %s (%s)",
			      any_cases[i].msgsize, ename(o[i].err),
			      strerror(o[i].err));
		cr_assert_eq(o[i].n, (long)any_cases[i].len,
			     "receive_any() returned %ld for a message of %zu "
			     "bytes (mq_msgsize %ld)",
			     o[i].n, any_cases[i].len, any_cases[i].msgsize);
		cr_assert_eq(o[i].bad, -1,
			     "the message of %zu bytes came out wrong from "
			     "byte %ld",
			     any_cases[i].len, o[i].bad);
		cr_assert_eq(queued(q[i]), 0,
			     "the message is still in the queue afterwards");
	}
}

/* --- boundary sizes ------------------------------------------------------- */

static const size_t boundary_sizes[] = {
	0,	 1,	      CHUNK - 1, CHUNK,		CHUNK + 1, MSGSIZE - 1,
	MSGSIZE, MSGSIZE + 1, 2 * CHUNK, 2 * CHUNK + 1, 5000,
};
#define BOUNDARIES (sizeof(boundary_sizes) / sizeof(*boundary_sizes))

struct trip {
	int ret, err; /* send_payload() */
	long fragments;
	struct got got;
	long left;
};

static void boundaries_in_child(void *arg, struct check_out *out)
{
	const mqd_t *q = arg; /* blocking, non-blocking */
	static unsigned char payload[5000];
	struct trip o[BOUNDARIES];
	struct reassembly r = {0};
	void *data;

	for (size_t i = 0; i < BOUNDARIES; i++) {
		size_t len = boundary_sizes[i];
		uint32_t sender;

		fill(payload, len, 100 + i);
		o[i].ret = send_payload(q[0], 100 + i, payload, len);
		o[i].err = errno;
		o[i].fragments = queued(q[0]);
		data = NULL;
		o[i].got.n = receive_payload(q[1], &r, &data, &sender);
		o[i].got.err = errno;
		o[i].got.from = sender;
		o[i].got.bad = -1;
		if (o[i].got.n == (long)len)
			o[i].got.bad = mismatch(data, len, 100 + i);
		free(data);
		o[i].left = queued(q[0]);
	}
	reassembly_free(&r);
	put(out, o, sizeof(o));
}

Test(lab, boundary_sizes_round_trip)
{
	struct trip o[BOUNDARIES];
	mqd_t q[2];

	q[0] = make_queue(QUEUE, MSGSIZE);
	q[1] = open_nonblock(QUEUE);
	run_child(NULL, boundaries_in_child, q, o, sizeof(o));
	for (size_t i = 0; i < BOUNDARIES; i++) {
		size_t len = boundary_sizes[i];

		cr_assert_eq(o[i].ret, 0,
			     "send_payload() of %zu bytes (mq_msgsize %d) "
			     "failed with %s",
			     len, MSGSIZE, ename(o[i].err));
		cr_assert_eq(o[i].fragments, fragments_for(len),
			     "a payload of %zu bytes took %ld messages; it "
			     "fits in %ld (each carries %zu bytes after the "
			     "header)",
			     len, o[i].fragments, fragments_for(len), CHUNK);
		cr_assert_neq(o[i].got.n, -1,
			      "receive_payload() after a payload of %zu bytes "
			      "failed with %s",
			      len, ename(o[i].got.err));
		cr_assert_eq(o[i].got.n, (long)len,
			     "receive_payload() returned %ld bytes for a "
			     "payload of %zu",
			     o[i].got.n, len);
		cr_assert_eq(o[i].got.from, 100 + i,
			     "the payload of %zu bytes came from sender %zu, "
			     "not %u",
			     len, 100 + i, o[i].got.from);
		cr_assert_eq(o[i].got.bad, -1,
			     "the payload of %zu bytes came out wrong from "
			     "byte %ld",
			     len, o[i].got.bad);
		cr_assert_eq(o[i].left, 0,
			     "%ld messages were left in the queue after the "
			     "payload of %zu bytes",
			     o[i].left, len);
	}
}

/* --- 1 MiB ---------------------------------------------------------------- */

struct mib_outcome {
	struct got got;
	int sender_status; /* its wait status, or -1: killed by us */
};

static void mib_in_child(void *arg, struct check_out *out)
{
	const mqd_t *q = arg; /* blocking, non-blocking */
	static unsigned char payload[MIB];
	struct mib_outcome o = {{-1, 0, 0, -1}, -1};
	struct reassembly r = {0};
	bool done = false;
	void *data = NULL;
	int status;
	pid_t pid;

	fill(payload, MIB, 5);
	pid = fork();
	if (pid == 0) {
		if (send_payload(q[0], 5, payload, MIB) == 0)
			_exit(0);
		_exit(errno > 0 && errno < 256 ? errno : 255);
	}
	for (;;) {
		o.got.n = receive_payload(q[1], &r, &data, &o.got.from);
		o.got.err = errno;
		if (o.got.n != -1 || o.got.err != EAGAIN)
			break;
		/* Empty after the sender finished: nothing more comes. */
		if (done)
			break;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			done = true;
			o.sender_status = status;
			continue;
		}
		poll(&(struct pollfd){.fd = q[1], .events = POLLIN}, 1, 10);
	}
	if (o.got.n == MIB)
		o.got.bad = mismatch(data, MIB, 5);
	free(data);
	if (!done) {
		/* A sender with no reader left blocks for ever. */
		if (o.got.n != MIB)
			kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		o.sender_status = status;
	}
	reassembly_free(&r);
	put(out, &o, sizeof(o));
}

Test(lab, one_mib_payload_round_trips)
{
	struct mib_outcome o;
	mqd_t q[2];

	q[0] = make_queue(QUEUE, MSGSIZE);
	q[1] = open_nonblock(QUEUE);
	run_child(NULL, mib_in_child, q, &o, sizeof(o));
	cr_assert(!(WIFEXITED(o.sender_status) &&
		    WEXITSTATUS(o.sender_status) != 0),
		  "send_payload() of 1 MiB failed with %s",
		  ename(WEXITSTATUS(o.sender_status)));
	cr_assert_neq(o.got.n, -1,
		      "receive_payload() failed with %s while 1 MiB was on "
		      "its way%s",
		      ename(o.got.err),
		      o.got.err == EAGAIN ? " (the sender had finished)" : "");
	cr_assert_eq(o.got.n, MIB,
		     "receive_payload() returned %ld bytes of a 1 MiB "
		     "payload",
		     o.got.n);
	cr_assert_eq(o.got.from, 5, "the payload came from sender %u, not 5",
		     o.got.from);
	cr_assert_eq(o.got.bad, -1, "the 1 MiB payload is wrong from byte %ld",
		     o.got.bad);
	cr_assert(WIFEXITED(o.sender_status), "send_payload() never returned");
}

/* --- interleaved senders -------------------------------------------------- */

static const struct {
	uint32_t sender;
	size_t len;
	uint32_t salt;
	int stage; /* 0: A's staging queue, 1: B's */
} sent[] = {
	{1, 4000, 11, 0}, /* A, 4 fragments */
	{2, 3000, 22, 1}, /* B, 3 fragments */
	{1, 1500, 33, 0}, /* A again, 2 fragments */
};
#define SENT (sizeof(sent) / sizeof(*sent))
/* A0 B0 A1 B1 A2 B2 (B done) A3 (A done) A'0 A'1 (A' done) */
static const int completion_order[SENT] = {1, 0, 2};

struct interleaved {
	int ret[SENT], err[SENT]; /* send_payload() */
	long moved;		  /* fragments the check moved, or -1 */
	struct got got[SENT + 1];
};

/* Move the staged fragments to the queue, A B A B ..., as two senders'
 * fragments meet in one queue.  Returns how many, or -1. */
static long interleave(const mqd_t *stage, mqd_t q)
{
	bool empty[2] = {false, false};
	char buf[MSGSIZE];
	unsigned prio;
	long moved = 0;
	ssize_t n;

	for (int s = 0; !empty[0] || !empty[1]; s = !s) {
		if (empty[s])
			continue;
		n = mq_receive(stage[s], buf, sizeof(buf), &prio);
		if (n == -1) {
			empty[s] = true;
			continue;
		}
		if (mq_send(q, buf, n, prio) == -1)
			return -1;
		moved++;
	}
	return moved;
}

static void interleaved_in_child(void *arg, struct check_out *out)
{
	const mqd_t *q = arg; /* stage A, B (blocking, then not), queue */
	static unsigned char payload[5000];
	struct interleaved o = {0};
	struct reassembly r = {0};
	void *data;

	for (size_t i = 0; i < SENT; i++) {
		fill(payload, sent[i].len, sent[i].salt);
		o.ret[i] = send_payload(q[sent[i].stage], sent[i].sender,
					payload, sent[i].len);
		o.err[i] = errno;
		if (o.ret[i] != 0) {
			put(out, &o, sizeof(o));
			return;
		}
	}
	o.moved = interleave(q + 2, q[4]);
	for (size_t k = 0; k <= SENT; k++) {
		data = NULL;
		o.got[k].n = receive_payload(q[4], &r, &data, &o.got[k].from);
		o.got[k].err = errno;
		o.got[k].bad = -1;
		if (k < SENT &&
		    o.got[k].n == (long)sent[completion_order[k]].len)
			o.got[k].bad = mismatch(data, o.got[k].n,
						sent[completion_order[k]].salt);
		free(data);
	}
	reassembly_free(&r);
	put(out, &o, sizeof(o));
}

Test(lab, interleaved_senders_are_reassembled)
{
	struct interleaved o;
	mqd_t q[5];

	q[0] = make_queue(STAGE_A, MSGSIZE);
	q[1] = make_queue(STAGE_B, MSGSIZE);
	q[2] = open_nonblock(STAGE_A);
	q[3] = open_nonblock(STAGE_B);
	/* The queue where they meet: only a non-blocking descriptor. */
	cr_assert(mq_close(make_queue(QUEUE, MSGSIZE)) == 0);
	q[4] = open_nonblock(QUEUE);
	run_child(NULL, interleaved_in_child, q, &o, sizeof(o));
	for (size_t i = 0; i < SENT; i++)
		cr_assert_eq(o.ret[i], 0,
			     "send_payload() of %zu bytes (mq_msgsize %d) "
			     "failed with %s",
			     sent[i].len, MSGSIZE, ename(o.err[i]));
	cr_assert_neq(o.moved, -1,
		      "the payloads took more than %d messages; they fit in "
		      "9",
		      MAXMSG);
	for (size_t k = 0; k < SENT; k++) {
		size_t i = completion_order[k];

		cr_assert_neq(o.got[k].n, -1,
			      "receive_payload() call %zu failed with %s; "
			      "expected sender %u's payload of %zu bytes",
			      k + 1, ename(o.got[k].err), sent[i].sender,
			      sent[i].len);
		cr_assert(o.got[k].n == (long)sent[i].len &&
				  o.got[k].from == sent[i].sender,
			  "receive_payload() call %zu returned %ld bytes from "
			  "sender %u; expected sender %u's payload of %zu "
			  "bytes, the next to be complete",
			  k + 1, o.got[k].n, o.got[k].from, sent[i].sender,
			  sent[i].len);
		cr_assert_eq(o.got[k].bad, -1,
			     "sender %u's payload of %zu bytes is wrong from "
			     "byte %ld",
			     sent[i].sender, sent[i].len, o.got[k].bad);
	}
	cr_assert(o.got[SENT].n == -1 && o.got[SENT].err == EAGAIN,
		  "receive_payload() call %zu, on an empty queue, returned %ld "
		  "(%s); expected -1 with EAGAIN",
		  SENT + 1, o.got[SENT].n, ename(o.got[SENT].err));
}

/* --- lost fragments ------------------------------------------------------- */

/* Sent in this order; the fault engine loses mq_send calls 2, 8 and 11. */
static const struct {
	uint32_t sender;
	size_t len;
} lost_sent[] = {
	{1, 2500}, /* calls 1-3: its fragment 1 is lost */
	{2, 1200}, /* calls 4-5 */
	{1, 2500}, /* calls 6-8: its last fragment is lost */
	{1, 1200}, /* calls 9-10, right behind it */
	{3, 1200}, /* calls 11-12: its fragment 0 is lost */
};
#define LOST_SENT (sizeof(lost_sent) / sizeof(*lost_sent))
#define LOST_SPEC "mq_send:retval=0:when=2,8,11"

/* What each receive_payload() call must return: a payload of lost_sent
 * (its index), or -1 with an errno, and why. */
static const struct {
	int payload;
	int err;
	const char *why;
} lost_steps[] = {
	{-1, EBADMSG,
	 "sender 1's first payload lost its fragment 1: "
	 "fragment 2 does not continue it"},
	{1, 0, "sender 2's payload is complete"},
	{-1, EBADMSG,
	 "sender 1's third payload lost its last fragment: "
	 "the next payload's fragment 0 came instead"},
	{3, 0, "sender 1's fourth payload is complete"},
	{-1, EBADMSG,
	 "sender 3's payload lost its fragment 0: fragment 1 "
	 "continues nothing"},
	{-1, EAGAIN, "the queue is empty"},
};
#define LOST_STEPS (sizeof(lost_steps) / sizeof(*lost_steps))

struct lost {
	int ret[LOST_SENT], err[LOST_SENT]; /* send_payload() */
	struct got got[LOST_STEPS];
};

static void lost_in_child(void *arg, struct check_out *out)
{
	const mqd_t *q = arg; /* blocking, non-blocking */
	static unsigned char payload[2500];
	struct reassembly r = {0};
	struct lost o = {0};
	void *data;

	for (size_t i = 0; i < LOST_SENT; i++) {
		fill(payload, lost_sent[i].len, 50 + i);
		o.ret[i] = send_payload(q[0], lost_sent[i].sender, payload,
					lost_sent[i].len);
		o.err[i] = errno;
	}
	for (size_t k = 0; k < LOST_STEPS; k++) {
		int i = lost_steps[k].payload;

		data = NULL;
		o.got[k].n = receive_payload(q[1], &r, &data, &o.got[k].from);
		o.got[k].err = errno;
		o.got[k].bad = -1;
		if (i >= 0 && o.got[k].n == (long)lost_sent[i].len)
			o.got[k].bad = mismatch(data, o.got[k].n, 50 + i);
		free(data);
	}
	reassembly_free(&r);
	put(out, &o, sizeof(o));
}

static void describe(char *buf, size_t size, const struct got *g)
{
	if (g->n == -1)
		snprintf(buf, size, "-1 with %s", ename(g->err));
	else
		snprintf(buf, size, "%ld bytes from sender %u", g->n, g->from);
}

Test(lab, lost_fragment_is_reported_not_delivered_short)
{
	struct fault_counters c;
	struct fault_plan *plan;
	struct fault_sup *sup;
	char what[64];
	struct lost o;
	mqd_t q[2];

	q[0] = make_queue(QUEUE, MSGSIZE);
	q[1] = open_nonblock(QUEUE);
	sup = engine_sup(&plan, 0, LOST_SPEC, NULL);
	run_child(sup, lost_in_child, q, &o, sizeof(o));
	cr_assert_eq(fault_sup_counters(sup, 0, &c), 0);
	fault_sup_free(sup);
	fault_plan_free(plan);
	for (size_t i = 0; i < LOST_SENT; i++)
		cr_assert_eq(o.ret[i], 0,
			     "send_payload() of %zu bytes (mq_msgsize %d) "
			     "failed with %s",
			     lost_sent[i].len, MSGSIZE, ename(o.err[i]));
	cr_assert_eq(c.fired, 3,
		     "%s lost %llu fragments, not 3: send one message per "
		     "fragment, with mq_send()",
		     LOST_SPEC, (unsigned long long)c.fired);
	for (size_t k = 0; k < LOST_STEPS; k++) {
		int i = lost_steps[k].payload;
		const struct got *g = &o.got[k];

		describe(what, sizeof(what), g);
		if (i < 0) {
			cr_assert(g->n == -1 && g->err == lost_steps[k].err,
				  "receive_payload() call %zu returned %s; "
				  "expected -1 with %s: %s",
				  k + 1, what, ename(lost_steps[k].err),
				  lost_steps[k].why);
			continue;
		}
		cr_assert(g->n == (long)lost_sent[i].len &&
				  g->from == lost_sent[i].sender,
			  "receive_payload() call %zu returned %s; expected "
			  "%zu bytes from sender %u: %s",
			  k + 1, what, lost_sent[i].len, lost_sent[i].sender,
			  lost_steps[k].why);
		cr_assert_eq(g->bad, -1,
			     "receive_payload() call %zu: the payload is "
			     "wrong from byte %ld",
			     k + 1, g->bad);
	}
}

/* --- System V ------------------------------------------------------------- */

#define SYSV_MAX 20000

static const struct {
	long mtype;
	size_t len;
	long msgtyp; /* what the check asks receive_whole() for */
} records[] = {
	{3, SYSV_MAX, 0}, /* longer than msg_qbytes will be */
	{5, 129, 0},	  /* just longer than 128 */
	{9, 0, 9},	  /* taken first, by its type */
	{2, 8192, 0},	  /* the default msgmax */
};
#define RECORDS (sizeof(records) / sizeof(*records))
/* The order receive_whole() takes them out in. */
static const int take_order[RECORDS] = {2, 0, 1, 3};

static void sysv_in_child(void *arg, struct check_out *out)
{
	int msqid = *(const int *)arg;
	struct got o[RECORDS];
	void *data;
	long mtype;

	for (size_t k = 0; k < RECORDS; k++) {
		size_t i = take_order[k];

		data = NULL;
		mtype = 0;
		o[k].n = receive_whole(msqid, records[i].msgtyp, &mtype, &data);
		o[k].err = errno;
		o[k].from = mtype;
		o[k].bad = -1;
		if (o[k].n == (long)records[i].len)
			o[k].bad = mismatch(data, o[k].n, records[i].mtype);
		free(data);
	}
	put(out, o, sizeof(o));
}

Test(lab, system_v_messages_are_never_truncated)
{
	static struct {
		long mtype;
		unsigned char text[SYSV_MAX];
	} m;
	struct msqid_ds ds;
	struct got o[RECORDS];
	int msqid;

	/* Room for a 20000-byte message, in this namespace only. */
	write_sysctl("/proc/sys/kernel/msgmax", 32768);
	write_sysctl("/proc/sys/kernel/msgmnb", 65536);
	msqid = msgget(IPC_PRIVATE, 0600);
	cr_assert(msqid != -1, "msgget: %s", strerror(errno));
	for (size_t i = 0; i < RECORDS; i++) {
		m.mtype = records[i].mtype;
		fill(m.text, records[i].len, records[i].mtype);
		cr_assert(msgsnd(msqid, &m, records[i].len, 0) == 0,
			  "msgsnd: %s", strerror(errno));
	}
	/* Lowered after the fact: the long message stays, longer than
	 * the queue now says a message can be. */
	cr_assert(msgctl(msqid, IPC_STAT, &ds) == 0, "msgctl: %s",
		  strerror(errno));
	ds.msg_qbytes = 1024;
	cr_assert(msgctl(msqid, IPC_SET, &ds) == 0, "msgctl: %s",
		  strerror(errno));
	run_child(NULL, sysv_in_child, &msqid, o, sizeof(o));
	for (size_t k = 0; k < RECORDS; k++) {
		size_t i = take_order[k];

		cr_assert_neq(o[k].n, -1,
			      "receive_whole(msgtyp %ld) failed with %s; "
			      "expected the message of %zu bytes, mtype %ld",
			      records[i].msgtyp, ename(o[k].err),
			      records[i].len, records[i].mtype);
		cr_assert_eq(o[k].n, (long)records[i].len,
			     "receive_whole() returned %ld bytes of a message "
			     "of %zu (mtype %ld)",
			     o[k].n, records[i].len, records[i].mtype);
		cr_assert_eq(o[k].from, records[i].mtype,
			     "receive_whole() said mtype %u; expected %ld",
			     o[k].from, records[i].mtype);
		cr_assert_eq(o[k].bad, -1,
			     "the message of %zu bytes is wrong from byte %ld",
			     records[i].len, o[k].bad);
	}
	cr_assert(msgctl(msqid, IPC_STAT, &ds) == 0, "msgctl: %s",
		  strerror(errno));
	cr_assert_eq(ds.msg_qnum, 0, "%lu messages are left in the queue",
		     (unsigned long)ds.msg_qnum);
}
