/*
 * scenario.c - lab 05's roles: reports too long for one message.
 *
 * Two senders put reports of up to 5000 bytes into a queue whose
 * mq_msgsize is QUEUE_MSGSIZE; the consumer takes them out whole, and
 * checks every byte.  A sender that sends a report as one message gets
 * EMSGSIZE for each one that is too long; a consumer with a buffer
 * shorter than mq_msgsize gets EMSGSIZE for every message, forever,
 * while the messages stay queued.  The sysv role (records.c) shows
 * the quiet version: msgrcv() with MSG_NOERROR cuts a long record
 * short, and nothing fails.
 *
 *   mqlab run 05 [--solution] [-p "a fragment is lost"]
 *
 * In the kernel: do_mq_timedsend() and do_mq_timedreceive() in
 * ipc/mqueue.c; do_msgrcv() in ipc/msg.c.
 *
 * See also: labs/05-emsgsize/emsgsize.h, labs/lab.h, labs/report.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <time.h>

#include "labs/05-emsgsize/emsgsize.h"
#include "labs/lab.h"
#include "labs/report.h"

#define QUEUE	      "/mqlab-05-reports"
#define QUEUE_MAXMSG  10
#define QUEUE_MSGSIZE 1024
#define SEND_GAP_MS   150
#define POLL_MS	      50
#define RETRY_MS      500
#define IDLE_LIMIT_MS 1500

extern const struct lab lab_05_emsgsize;

static const size_t sizes_a[] = {100, 2000, 1024, 5000, 0};
static const size_t sizes_b[] = {3000, 200, 4000};
#define REPORTS                               \
	(sizeof(sizes_a) / sizeof(*sizes_a) + \
	 sizeof(sizes_b) / sizeof(*sizes_b))

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000L};

	nanosleep(&t, NULL);
}

/* Byte i of a report: depends on where it is, so a misplaced or missing
 * fragment shows. */
static unsigned char byte_at(size_t i, uint32_t sender, size_t len)
{
	return (unsigned char)(i * 7 + i / 256 + sender * 31 + len);
}

static int send_reports(uint32_t sender, const size_t *sizes, size_t count)
{
	unsigned char report[5000];
	mqd_t q;
	int err;

	q = mq_open(QUEUE, O_WRONLY);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	for (size_t i = 0; i < count; i++) {
		for (size_t k = 0; k < sizes[i]; k++)
			report[k] = byte_at(k, sender, sizes[i]);
		if (send_payload(q, sender, report, sizes[i]) == -1) {
			err = errno;
			report_error("send_payload", err);
			report_note("report of %zu bytes not sent: %s "
				    "(mq_msgsize is %d)",
				    sizes[i], strerrorname_np(err),
				    QUEUE_MSGSIZE);
			report_lost(1);
		} else {
			report_note("report of %zu bytes sent", sizes[i]);
			report_sent(1);
		}
		sleep_ms(SEND_GAP_MS);
	}
	return mq_close(q) == -1 ? 1 : 0;
}

static int sender_a(void)
{
	return send_reports(1, sizes_a, sizeof(sizes_a) / sizeof(*sizes_a));
}

static int sender_b(void)
{
	return send_reports(2, sizes_b, sizeof(sizes_b) / sizeof(*sizes_b));
}

/* What the consumer makes of one receive_payload() that failed. */
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
		report_lost(1);
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

static int consumer(void)
{
	struct reassembly r = {0};
	size_t got = 0, bad;
	uint32_t sender;
	int idle_ms = 0;
	void *data;
	ssize_t n;
	mqd_t q;

	/* Non-blocking, to stop once the senders have gone quiet. */
	q = mq_open(QUEUE, O_RDONLY | O_NONBLOCK);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	while (got < REPORTS && idle_ms < IDLE_LIMIT_MS) {
		n = receive_payload(q, &r, &data, &sender);
		if (n == -1) {
			idle_ms += after_failure(q);
			continue;
		}
		idle_ms = 0;
		got++;
		for (bad = 0; bad < (size_t)n; bad++)
			if (((unsigned char *)data)[bad] !=
			    byte_at(bad, sender, n))
				break;
		free(data);
		if (bad < (size_t)n) {
			report_note("report from sender %u: %zd bytes, "
				    "wrong from byte %zu",
				    sender, n, bad);
			report_lost(1);
			continue;
		}
		report_note("report from sender %u: %zd bytes, intact", sender,
			    n);
		report_received(1);
	}
	reassembly_free(&r);
	return mq_close(q) == -1 ? 1 : 0;
}

static int setup(void)
{
	struct mq_attr attr = {.mq_maxmsg = QUEUE_MAXMSG,
			       .mq_msgsize = QUEUE_MSGSIZE};
	mqd_t q;

	q = mq_open(QUEUE, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	if (mq_close(q) == -1)
		report_die("mq_close");
	if (msgget(RECORDS_KEY, IPC_CREAT | IPC_EXCL | 0600) == -1)
		report_die("msgget");
	return 0;
}

static const struct lab_role roles[] = {
	{"sender-a", sender_a}, {"sender-b", sender_b}, {"consumer", consumer},
	{"sysv", sysv_records}, {NULL, NULL},
};

const struct lab_scenario scenario = {&lab_05_emsgsize, setup, roles, 5};
