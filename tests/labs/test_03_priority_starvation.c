/*
 * test_03_priority_starvation.c - lab 03's graded checks: the aging
 * consumer (init_consumer(), next_message()).
 *
 * Every check plays a flood from a script: at each step the child sends
 * the step's messages, then asks the student's consumer for one message.
 * So time is counted in deliveries, never in seconds, and each run is the
 * same run.  Within a step messages are sent highest priority first, so
 * the order the kernel hands them out is the order they were sent, and
 * "taken in after" (the contract's words) is "sent after" (the test's).
 * The child records what came out; the parent judges it.  A consumer
 * that starves low-priority messages fails every check, because each one
 * needs them to come out to see anything; each then looks at one thing:
 * the bound, the preference for urgent messages, FIFO within a priority,
 * exactly-once delivery (with a burst larger than the consumer and
 * receives interrupted by the fault engine).
 *
 * Run: build/libexec/mqlab/03-priority-starvation/check-solution
 *
 * See also: labs/03-priority-starvation/lab.c (points and hints),
 *           labs/03-priority-starvation/priority_starvation.h
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "faults/fault.h"
#include "labs/03-priority-starvation/priority_starvation.h"
#include "tests/helpers/engine.h"
#include "tests/helpers/isolate.h"
#include "tests/labs/check.h"

#define QUEUE	     "/mqlab-03-check"
#define MAXSENDS     1000
#define URGENT	     9
#define NOT_OUT	     -1
#define BAD	     0xfff0 /* got[]: BAD + one of the reasons below */
#define CHILD_MS     2000
#define QUEUE_MAXMSG 100
/* Why the order checks need every message out. */
#define TO_JUDGE    " (this check needs every message out to judge the order)"
#define WATCHDOG_MS 1000

/* How a run in the child ended. */
enum {
	END_DONE,
	END_INIT_FAILED, /* init_consumer() returned -1 */
	END_FAILED,	 /* next_message() returned -1, not EINTR */
	END_QUEUE_FULL,	 /* the test could not send: nobody drained */
	END_STUCK,	 /* next_message() did not return: watchdog */
};

TestSuite(lab, .init = isolate_or_fail, .timeout = 10);

static const char *const bad_reasons[] = {
	"a message that was never sent", "a message with the wrong length",
	"a message with the wrong bytes", "a message with the wrong priority"};

/* One message of the script. */
struct planned {
	int step;
	unsigned prio;
	int added; /* the order add() was called in, to sort stably */
};

/* The flood: sends[] in sending order, seq = index. */
struct script {
	int steps;  /* a delivery is asked for at each step */
	int cutoff; /* what was sent up to this step must have come out */
	int n;
	struct planned sends[MAXSENDS];
};

/* What the child saw.  sent_at[seq] is how many messages had come out
 * when seq was sent: its age at delivery k is k - sent_at[seq]. */
struct record {
	int end;     /* how play() ended: END_* */
	int err;     /* errno of what failed */
	int step;    /* the step it ended at */
	int ndel;    /* deliveries */
	int waiting; /* sent and not out yet */
	uint16_t sent_at[MAXSENDS];
	uint16_t got[MAXSENDS]; /* seq of delivery k, or BAD + reason */
};

static struct script script;
static struct record rec;
static int out_at[MAXSENDS]; /* delivery index of seq, or NOT_OUT */

static void add(int step, unsigned prio)
{
	cr_assert(script.n < MAXSENDS);
	script.sends[script.n].step = step;
	script.sends[script.n].prio = prio;
	script.sends[script.n].added = script.n;
	script.n++;
}

/* Sending order: by step, then highest priority first, then as added. */
static int by_step_then_prio(const void *a, const void *b)
{
	const struct planned *x = a, *y = b;

	if (x->step != y->step)
		return x->step - y->step;
	if (x->prio != y->prio)
		return y->prio > x->prio ? 1 : -1;
	return x->added - y->added;
}

static void finish(int steps, int cutoff)
{
	script.steps = steps;
	script.cutoff = cutoff;
	qsort(script.sends, script.n, sizeof(script.sends[0]),
	      by_step_then_prio);
}

/* Message seq: its number and priority, then bytes derived from both. */
static size_t fill(int seq, char *buf)
{
	size_t len = 4 + seq * 7 % 60;

	buf[0] = seq & 0xff;
	buf[1] = seq >> 8;
	buf[2] = script.sends[seq].prio;
	buf[3] = 0x5a;
	for (size_t i = 4; i < len; i++)
		buf[i] = (char)(seq * 31 + i);
	return len;
}

static uint16_t judge(const char *buf, ssize_t n, unsigned prio)
{
	char want[AGING_MSGSIZE];
	int seq;

	if (n < 4)
		return BAD + 0;
	seq = (unsigned char)buf[0] | (unsigned char)buf[1] << 8;
	if (seq >= script.n)
		return BAD + 0;
	if ((size_t)n != fill(seq, want))
		return BAD + 1;
	if (memcmp(buf, want, n) != 0)
		return BAD + 2;
	if (prio != script.sends[seq].prio)
		return BAD + 3;
	return seq;
}

static sigjmp_buf stuck;

static void on_alarm(int sig)
{
	(void)sig;
	siglongjmp(stuck, 1);
}

/* In the child: play the script against the student's consumer.  The
 * test sends on its own O_NONBLOCK descriptor, so a queue that fills up
 * is reported, not waited on; a watchdog ends a consumer that blocks. */
static void play(void *arg, struct check_out *out)
{
	static struct aging_consumer c;
	struct sigaction sa = {.sa_handler = on_alarm};
	int ms = check_scaled_ms(WATCHDOG_MS);
	struct itimerval watchdog = {.it_value = {ms / 1000, ms % 1000 * 1000}};
	struct itimerval off = {0};
	char buf[AGING_MSGSIZE];
	int next = 0, tries, ret;
	unsigned prio;
	ssize_t n;
	mqd_t in, q;

	(void)arg;
	in = mq_open(QUEUE, O_WRONLY | O_NONBLOCK);
	q = mq_open(QUEUE, O_RDONLY);
	if (in == (mqd_t)-1 || q == (mqd_t)-1)
		_exit(100); /* not the student's doing */
	rec.end = END_INIT_FAILED;
	if (init_consumer(&c, q) == -1) {
		rec.err = errno;
		goto out;
	}
	rec.end = END_STUCK;
	sigaction(SIGALRM, &sa, NULL);
	if (sigsetjmp(stuck, 1) != 0)
		goto out;
	setitimer(ITIMER_REAL, &watchdog, NULL);
	for (rec.step = 0; rec.step < script.steps; rec.step++) {
		for (; next < script.n && script.sends[next].step == rec.step;
		     next++) {
			n = fill(next, buf);
			ret = mq_send(in, buf, n, script.sends[next].prio);
			if (ret == -1) {
				rec.end = END_QUEUE_FULL;
				rec.err = errno;
				goto out;
			}
			rec.sent_at[next] = rec.ndel;
			rec.waiting++;
		}
		/* Never ask when nothing is waiting: it would block. */
		if (rec.waiting == 0)
			continue;
		for (tries = 0;; tries++) {
			prio = ~0u;
			n = next_message(&c, buf, sizeof(buf), &prio);
			if (n != -1 || errno != EINTR || tries == 100)
				break;
		}
		if (n == -1) {
			rec.end = END_FAILED;
			rec.err = errno;
			goto out;
		}
		rec.got[rec.ndel++] = judge(buf, n, prio);
		rec.waiting--;
	}
	rec.end = END_DONE;
out:
	setitimer(ITIMER_REAL, &off, NULL);
	memcpy(out->data, &rec, sizeof(rec));
	out->len = sizeof(rec);
}

/* Run the script in a child (under sup if not NULL), check that the
 * consumer worked, and index what came out. */
static void run(struct fault_sup *sup)
{
	struct mq_attr attr = {.mq_maxmsg = QUEUE_MAXMSG,
			       .mq_msgsize = AGING_MSGSIZE};
	struct check_result res;
	FILE *f;
	mqd_t q;
	int k, seq;

	/* The queue must hold every message a starving consumer leaves in
	 * it, and the burst of the last check: more than the default 10.
	 * This IPC namespace is the test's own. */
	f = fopen("/proc/sys/fs/mqueue/msg_max", "w");
	cr_assert_not_null(f, "msg_max: %s", strerror(errno));
	fprintf(f, "%d\n", QUEUE_MAXMSG);
	cr_assert_eq(fclose(f), 0, "msg_max: %s", strerror(errno));
	q = mq_open(QUEUE, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	cr_assert(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	cr_assert(check_run(sup, play, NULL, CHILD_MS, &res) == 0,
		  "check_run: %s", strerror(errno));
	cr_assert(res.returned || res.exit_status != 100,
		  "the check could not open its queue in the child");
	check_assert_returned(&res);
	cr_assert_eq(res.out.len, sizeof(rec));
	memcpy(&rec, res.out.data, sizeof(rec));
	for (seq = 0; seq < script.n; seq++)
		out_at[seq] = NOT_OUT;
	for (k = 0; k < rec.ndel; k++) {
		seq = rec.got[k];
		cr_assert(seq < BAD, "delivery %d was %s", k,
			  bad_reasons[seq - BAD]);
		cr_assert_eq(out_at[seq], NOT_OUT,
			     "message %d came out twice (deliveries %d and %d)",
			     seq, out_at[seq], k);
		out_at[seq] = k;
	}
	cr_assert_neq(rec.end, END_INIT_FAILED, "init_consumer() failed: %s",
		      strerror(rec.err));
	cr_assert_neq(rec.end, END_FAILED,
		      "next_message() returned -1 (%s) at delivery %d, with "
		      "%d messages sent that had not come out",
		      strerror(rec.err), rec.ndel, rec.waiting);
	cr_assert_neq(rec.end, END_QUEUE_FULL,
		      "the queue filled up (%d messages) at step %d, with %d "
		      "messages sent that had not come out: next_message() "
		      "stopped taking messages in",
		      QUEUE_MAXMSG, rec.step, rec.waiting);
	cr_assert_neq(rec.end, END_STUCK,
		      "next_message() did not return within %d ms at delivery "
		      "%d, with %d messages sent that had not come out: it "
		      "waits for messages it lost, or loops",
		      check_scaled_ms(WATCHDOG_MS), rec.ndel, rec.waiting);
}

/* How many messages sent after seq came out before it (so far). */
static int overtaken(int seq)
{
	int end = out_at[seq] == NOT_OUT ? rec.ndel : out_at[seq];
	int k, n = 0;

	for (k = 0; k < end; k++)
		n += rec.got[k] > seq;
	return n;
}

/* Everything sent up to the cutoff came out: none starved, none lost.
 * why says what the check needed them for, or is "". */
static void assert_all_out(const char *why)
{
	for (int seq = 0; seq < script.n; seq++) {
		if (script.sends[seq].step > script.cutoff)
			break;
		cr_assert(out_at[seq] != NOT_OUT,
			  "message %d (priority %u, sent after %d deliveries) "
			  "never came out in %d deliveries, while %d messages "
			  "sent after it did: it starved%s",
			  seq, script.sends[seq].prio, rec.sent_at[seq],
			  rec.ndel, overtaken(seq), why);
	}
}

/* A flood of urgent messages, one per step, on top of a backlog. */
static void flood(int backlog, int steps, int every, unsigned other)
{
	for (int i = 0; i < backlog; i++)
		add(0, URGENT);
	for (int step = 0; step < steps; step++)
		add(step, step % every == every - 1 ? other : URGENT);
}

Test(lab, low_priority_waits_at_most_the_bound)
{
	/* {step, priority}: some behind a backlog, some (after the quiet
	 * steps) with nothing older waiting, where the bound is reached. */
	static const int lows[][2] = {{3, 0},	{10, 1}, {11, 1},  {12, 2},
				      {50, 0},	{51, 3}, {130, 0}, {160, 2},
				      {161, 0}, {200, 4}};
	int seq, worst = 0;

	for (int i = 0; i < 6; i++)
		add(0, URGENT);
	for (int step = 0; step < 300; step++)
		if (step < 100 || step >= 120)
			add(step, step % 3 == 2 ? 6 : URGENT);
	for (size_t i = 0; i < sizeof(lows) / sizeof(lows[0]); i++)
		add(lows[i][0], lows[i][1]);
	finish(300, 240);
	run(NULL);
	assert_all_out("");
	for (seq = 1; seq < script.n; seq++)
		if (overtaken(seq) > overtaken(worst))
			worst = seq;
	cr_assert(overtaken(worst) < AGING_LIMIT,
		  "message %d (priority %u) was overtaken by %d messages sent "
		  "after it; fewer than AGING_LIMIT (%d) may overtake it",
		  worst, script.sends[worst].prio, overtaken(worst),
		  AGING_LIMIT);
}

Test(lab, urgent_messages_still_come_first)
{
	int k, x, y, age;

	flood(4, 200, 4, 5);
	for (int i = 0; i < 3; i++)
		add(0, 2);
	add(30, 1);
	add(31, 3);
	add(90, 0);
	add(91, 0);
	add(150, 4);
	finish(200, 150);
	run(NULL);
	for (k = 0; k < rec.ndel; k++) {
		x = rec.got[k];
		age = k - rec.sent_at[x];
		if (age >= AGING_LIMIT)
			continue;
		for (y = 0; y < script.n && rec.sent_at[y] <= k; y++) {
			if (out_at[y] < k && out_at[y] != NOT_OUT)
				continue;
			cr_assert(script.sends[y].prio <= script.sends[x].prio,
				  "delivery %d handed out message %d (priority "
				  "%u, waited %d deliveries) while message %d "
				  "of priority %u waited; only a message that "
				  "waited AGING_LIMIT (%d) may go first",
				  k, x, script.sends[x].prio, age, y,
				  script.sends[y].prio, AGING_LIMIT);
		}
	}
	assert_all_out(
		" (this check needs every message out to judge the order)");
}

Test(lab, one_priority_keeps_its_order)
{
	int last[URGENT + 1];
	int k, x;
	unsigned p;

	flood(5, 200, 2, 7);
	for (int i = 0; i < 4; i++)
		add(0, 3);
	for (int step = 20; step < 25; step++)
		add(step, 2);
	for (int i = 0; i < 3; i++)
		add(60, 2);
	add(61, 3);
	add(61, 3);
	finish(200, 150);
	run(NULL);
	memset(last, -1, sizeof(last));
	for (k = 0; k < rec.ndel; k++) {
		x = rec.got[k];
		p = script.sends[x].prio;
		cr_assert(x > last[p],
			  "message %d came out before message %d, though both "
			  "have priority %u and %d was sent first",
			  last[p], x, p, x);
		last[p] = x;
	}
	assert_all_out(
		" (this check needs every message out to judge the order)");
}

Test(lab, nothing_is_lost_or_duplicated)
{
	const char *spec = "mq_timedreceive:error=EINTR:when=10..100000+37";
	struct fault_counters fc;
	struct fault_plan *plan;
	struct fault_sup *sup;

	for (int i = 0; i < 90; i++)
		add(0, i * 7 % 10);
	for (int step = 1; step < 200; step += 2)
		add(step, 8);
	for (int step = 200; step < 400; step++)
		add(step, URGENT);
	for (int step = 200; step < 300; step += 10)
		add(step, step % 50 == 0 ? 0 : 1);
	finish(400, 340);
	sup = engine_sup(&plan, 0, spec, NULL);
	run(sup);
	cr_assert_eq(fault_sup_counters(sup, 0, &fc), 0);
	cr_assert(fc.fired > 0, "no receive was interrupted");
	assert_all_out("");
	fault_sup_free(sup);
	fault_plan_free(plan);
}
