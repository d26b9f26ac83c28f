/*
 * scenario.c - lab 01's roles: a fast producer and a slow consumer.
 *
 * The producer offers ORDERS orders, one every PRODUCER_GAP_MS, each with
 * DEADLINE_MS to get into a queue of QUEUE_MAXMSG; the consumer spends
 * CONSUMER_WORK_MS on each, so the queue is soon full and stays full.
 * With a plain mq_send() the producer sleeps at the consumer's pace, and
 * forever if the consumer dies (try the presets); with a deadline it
 * drops what cannot wait, and says so.
 *
 *   mqlab run 01 [--solution] [-p "consumer dies"]
 *
 * In the kernel: do_mq_timedsend() in ipc/mqueue.c.
 *
 * See also: labs/01-full-queue/full_queue.h, labs/lab.h, labs/report.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "labs/lab.h"
#include "labs/report.h"
#include "labs/runname.h"
#include "labs/01-full-queue/full_queue.h"

#define QUEUE_NAME	 "/mqlab-01-orders"
#define QUEUE_MAXMSG	 8
#define ORDER_SIZE	 64
#define ORDERS		 30
#define PRODUCER_GAP_MS	 20
#define DEADLINE_MS	 100
#define CONSUMER_WORK_MS 200
#define CONSUMER_IDLE_MS 500

extern const struct lab lab_01_full_queue;

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000L};

	nanosleep(&t, NULL);
}

static int setup(void)
{
	struct mq_attr attr = {.mq_maxmsg = QUEUE_MAXMSG,
			       .mq_msgsize = ORDER_SIZE};
	mqd_t q;
	int ret;

	q = mq_open(runname_queue(QUEUE_NAME), O_CREAT | O_EXCL | O_RDWR, 0600,
		    &attr);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	ret = mq_close(q);
	if (ret == -1)
		report_die("mq_close");
	return 0;
}

static int producer(void)
{
	char order[ORDER_SIZE];
	struct timespec deadline;
	enum send_result result;
	int sent = 0, dropped = 0;
	int i, len, ret;
	mqd_t q;

	/* A blocking descriptor, as most code opens one. */
	q = mq_open(runname_queue(QUEUE_NAME), O_WRONLY);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	for (i = 1; i <= ORDERS; i++) {
		len = snprintf(order, sizeof(order), "order %d", i);
		deadline = deadline_in_ms(DEADLINE_MS);
		result = send_with_deadline(q, order, len, 0, &deadline);
		if (result == SEND_SENT) {
			report_sent(1);
			sent++;
		} else if (result == SEND_TIMED_OUT) {
			/* Late orders are worthless here: drop it, but
			 * count it, so nothing is lost silently. */
			report_note("deadline passed: message %d not sent "
				    "(timed out)",
				    i);
			report_lost(1);
			dropped++;
		} else {
			/* SEND_SHED: this queue will never take it. */
			report_error("send_with_deadline", errno);
			report_note("message %d shed: %s", i, strerror(errno));
			report_lost(1);
			dropped++;
		}
		sleep_ms(PRODUCER_GAP_MS);
	}
	report_note("producer done: %d sent, %d dropped and reported", sent,
		    dropped);
	ret = mq_close(q);
	if (ret == -1)
		report_die("mq_close");
	return 0;
}

static int consumer(void)
{
	char order[ORDER_SIZE];
	struct timespec deadline;
	ssize_t n;
	int ret;
	mqd_t q;

	q = mq_open(runname_queue(QUEUE_NAME), O_RDONLY);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	for (;;) {
		/* Stop once the producer has gone quiet for a while. */
		deadline = deadline_in_ms(CONSUMER_IDLE_MS);
		n = mq_timedreceive(q, order, sizeof(order), NULL, &deadline);
		if (n == -1 && errno == ETIMEDOUT)
			break;
		if (n == -1 && (errno == EINTR || errno == EAGAIN)) {
			report_error("mq_timedreceive", errno);
			continue;
		}
		if (n == -1)
			report_die("mq_timedreceive");
		report_received(1);
		/* The slow part: each order takes a while to process. */
		sleep_ms(CONSUMER_WORK_MS);
	}
	report_note("consumer done: no order for %d ms", CONSUMER_IDLE_MS);
	ret = mq_close(q);
	if (ret == -1)
		report_die("mq_close");
	return 0;
}

static const struct lab_role roles[] = {
	{"producer", producer},
	{"consumer", consumer},
	{NULL, NULL},
};

const struct lab_scenario scenario = {&lab_01_full_queue, setup, roles, 6};
