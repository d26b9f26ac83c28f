/*
 * consumer.c - lab 05's consumer role: reports out whole, or not at all.
 *
 * The consumer takes reports out of REPORTS_QUEUE with your
 * receive_payload() and checks every byte of each.  It reads on an
 * O_NONBLOCK descriptor, so that it can stop once the senders have gone
 * quiet (IDLE_LIMIT_MS of EAGAIN).  What it makes of a failure is the
 * lesson of the lab: EAGAIN is an empty queue, EBADMSG a broken report
 * that was dropped rather than delivered short, and EMSGSIZE a buffer
 * too short for the queue, which fails the same way for ever while the
 * messages wait.
 *
 * Every report is counted once, in the summary: received whole here,
 * lost here when its bytes are wrong, lost by its sender when it gave up
 * (the ledger, see reports.h), and at the end lost here when it never
 * came out at all, though its sender thinks it sent it.  A broken report
 * dropped with EBADMSG is one of the last two: which one, only the
 * ledger can tell, so it is counted at the end.
 *
 *   mqlab run 05 [--solution] [-p "consumer stalls"]
 *
 * In the kernel: do_mq_timedreceive() in ipc/mqueue.c checks the
 * buffer's length against mq_msgsize before it looks at the queue.
 *
 * See also: labs/05-emsgsize/reports.h, labs/05-emsgsize/emsgsize.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/msg.h>
#include <time.h>

#include "labs/05-emsgsize/emsgsize.h"
#include "labs/05-emsgsize/reports.h"
#include "labs/report.h"
#include "labs/runname.h"

#define POLL_MS	      50
#define RETRY_MS      500
#define IDLE_LIMIT_MS 1500

/* Where each of the REPORTS reports ended up, as far as we know. */
struct tally {
	long intact;   /* came out whole: received */
	long wrong;    /* came out with wrong bytes: lost, said so here */
	long given_up; /* its sender gave up on it: lost, said so there */
};

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000L};

	nanosleep(&t, NULL);
}

/* Count what the senders wrote on the ledger since the last call. */
static void read_ledger(int ledger, struct tally *t)
{
	struct reports_given_up m;

	while (msgrcv(ledger, &m, sizeof(m.sender), 0, IPC_NOWAIT) >= 0)
		t->given_up++;
	if (errno != ENOMSG)
		report_die("msgrcv");
}

/* What the consumer makes of one receive_payload() that failed: how
 * long it was idle meanwhile. */
static int after_failure(mqd_t q)
{
	struct mq_attr attr;
	int err = errno;

	if (err == EAGAIN) {
		sleep_ms(POLL_MS);
		return POLL_MS;
	}
	report_error("receive_payload", err);
	if (err == EBADMSG) {
		report_note("a broken report was dropped, not delivered short");
		return 0;
	}
	if (err != EMSGSIZE) {
		errno = err;
		report_die("receive_payload");
	}
	if (mq_getattr(q, &attr) == -1)
		report_die("mq_getattr");
	report_note("my buffer is shorter than mq_msgsize %ld; "
		    "still queued: %ld",
		    attr.mq_msgsize, attr.mq_curmsgs);
	sleep_ms(RETRY_MS);
	return 0; /* not idle: stuck, which is worse */
}

/* Check every byte of a report that came out, and count it. */
static void check_report(const unsigned char *data, size_t n, uint32_t sender,
			 struct tally *t)
{
	size_t bad;

	for (bad = 0; bad < n; bad++)
		if (data[bad] != reports_byte(bad, sender, n))
			break;
	if (bad < n) {
		report_note("report from sender %u: %zu bytes, "
			    "wrong from byte %zu",
			    sender, n, bad);
		report_lost(1);
		t->wrong++;
		return;
	}
	report_note("report from sender %u: %zu bytes, intact", sender, n);
	report_received(1);
	t->intact++;
}

int consumer_role(void)
{
	struct reassembly r = {0};
	struct tally t = {0};
	uint32_t sender;
	int ledger, idle_ms = 0;
	long unseen;
	void *data;
	ssize_t n;
	mqd_t q;

	ledger = msgget(runname_key(REPORTS_LEDGER_KEY), 0);
	if (ledger == -1)
		report_die("msgget");
	/* Non-blocking, to stop once the senders have gone quiet. */
	q = mq_open(runname_queue(REPORTS_QUEUE), O_RDONLY | O_NONBLOCK);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	while (idle_ms < IDLE_LIMIT_MS) {
		read_ledger(ledger, &t);
		if (t.intact + t.wrong + t.given_up >= REPORTS)
			break;
		n = receive_payload(q, &r, &data, &sender);
		if (n == -1) {
			idle_ms += after_failure(q);
			continue;
		}
		idle_ms = 0;
		check_report(data, n, sender, &t);
		free(data);
	}
	read_ledger(ledger, &t);
	unseen = REPORTS - t.intact - t.wrong - t.given_up;
	if (unseen > 0) {
		report_note("%ld of the reports never came out whole, "
			    "though their senders think they sent them",
			    unseen);
		report_lost(unseen);
	}
	reassembly_free(&r);
	return mq_close(q) == -1 ? 1 : 0;
}
