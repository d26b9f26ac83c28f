/*
 * scenario.c - lab 05's roles: reports too long for one message.
 *
 * Two senders put reports of up to 5000 bytes into a queue whose
 * mq_msgsize is REPORTS_MSGSIZE; the consumer (consumer.c) takes them
 * out whole, and checks every byte.  A sender that sends a report as one
 * message gets EMSGSIZE for each one that is too long; a consumer with a
 * buffer shorter than mq_msgsize gets EMSGSIZE for every message,
 * forever, while the messages stay queued.  A report lost on the way is
 * counted once, by whichever side knows (the ledger, in reports.h).  The
 * sysv role (records.c) shows the quiet version: msgrcv() with
 * MSG_NOERROR cuts a long record short, and nothing fails.
 *
 *   mqlab run 05 [--solution] [-p "a fragment is lost"]
 *
 * In the kernel: do_mq_timedsend() and do_mq_timedreceive() in
 * ipc/mqueue.c; do_msgrcv() in ipc/msg.c.
 *
 * See also: labs/05-emsgsize/emsgsize.h, reports.h, consumer.c, records.c
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
#include "labs/05-emsgsize/reports.h"
#include "labs/lab.h"
#include "labs/report.h"
#include "labs/runname.h"

#define SEND_GAP_MS 150
#define COUNT(a)    (sizeof(a) / sizeof(*(a)))

extern const struct lab lab_05_emsgsize;

static const size_t sizes_a[] = {100, 2000, 1024, 5000, 0};
static const size_t sizes_b[] = {3000, 200, 4000};
_Static_assert(COUNT(sizes_a) + COUNT(sizes_b) == REPORTS,
	       "REPORTS counts the reports of both senders");

/* Say on the ledger that this report was given up on, and counted lost
 * here: before anything else is sent, so that the consumer, which may
 * find its first fragments, knows when it looks. */
static void give_up(int ledger, uint32_t sender)
{
	struct reports_given_up m = {1, sender};

	if (msgsnd(ledger, &m, sizeof(m.sender), 0) == -1)
		report_die("msgsnd");
}

static int send_reports(uint32_t sender, const size_t *sizes, size_t count)
{
	struct timespec gap = {0, SEND_GAP_MS * 1000000L};
	unsigned char report[5000];
	int ledger, err;
	mqd_t q;

	ledger = msgget(runname_key(REPORTS_LEDGER_KEY), 0);
	if (ledger == -1)
		report_die("msgget");
	q = mq_open(runname_queue(REPORTS_QUEUE), O_WRONLY);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	for (size_t i = 0; i < count; i++) {
		for (size_t k = 0; k < sizes[i]; k++)
			report[k] = reports_byte(k, sender, sizes[i]);
		if (send_payload(q, sender, report, sizes[i]) == -1) {
			err = errno;
			report_error("send_payload", err);
			report_note("report of %zu bytes not sent: %s "
				    "(mq_msgsize is %d)",
				    sizes[i], strerrorname_np(err),
				    REPORTS_MSGSIZE);
			report_lost(1);
			give_up(ledger, sender);
		} else {
			report_note("report of %zu bytes sent", sizes[i]);
			report_sent(1);
		}
		nanosleep(&gap, NULL);
	}
	return mq_close(q) == -1 ? 1 : 0;
}

static int sender_a(void)
{
	return send_reports(1, sizes_a, COUNT(sizes_a));
}

static int sender_b(void)
{
	return send_reports(2, sizes_b, COUNT(sizes_b));
}

static int setup(void)
{
	struct mq_attr attr = {.mq_maxmsg = REPORTS_MAXMSG,
			       .mq_msgsize = REPORTS_MSGSIZE};
	mqd_t q;

	q = mq_open(runname_queue(REPORTS_QUEUE), O_CREAT | O_EXCL | O_RDWR,
		    0600, &attr);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	if (mq_close(q) == -1)
		report_die("mq_close");
	if (msgget(runname_key(REPORTS_LEDGER_KEY),
		   IPC_CREAT | IPC_EXCL | 0600) == -1)
		report_die("msgget");
	if (msgget(runname_key(RECORDS_KEY), IPC_CREAT | IPC_EXCL | 0600) == -1)
		report_die("msgget");
	return 0;
}

static const struct lab_role roles[] = {
	{"sender-a", sender_a},
	{"sender-b", sender_b},
	{"consumer", consumer_role},
	{"sysv", sysv_records},
	{NULL, NULL},
};

const struct lab_scenario scenario = {&lab_05_emsgsize, setup, roles, 5};
