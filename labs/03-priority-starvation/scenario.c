/*
 * scenario.c - lab 03's roles: a flood of urgent messages, a consumer.
 *
 * The producer sends an urgent message every SEND_GAP_MS for FLOOD_MS,
 * paced by the clock whatever the consumer does, and a low-priority job
 * every LOW_EVERY messages; the consumer (your next_message()) takes
 * WORK_MS per message, the flood's own pace.  With plain mq_receive()
 * the queue always holds an urgent message and every job waits for the
 * end of the flood; with aging each comes out a few hundred ms after it
 * was sent.  The sysv role (sysv.c) starves a System V job the same way.
 *
 *   mqlab run 03 [--solution] [-p "flood pauses"]
 *
 * In the kernel: msg_get() in ipc/mqueue.c.
 *
 * See also: labs/03-priority-starvation/priority_starvation.h, sysv.c
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <time.h>

#include "labs/lab.h"
#include "labs/report.h"
#include "labs/runname.h"
#include "labs/03-priority-starvation/priority_starvation.h"

#define QUEUE_NAME  "/mqlab-03-jobs"
#define MSG_SIZE    64
#define URGENT	    9
#define LOW	    1
#define END	    0 /* the lowest: under any fair rule it comes out last */
#define FLOOD_MS    5000
#define SEND_GAP_MS 20
#define LOW_EVERY   50
#define BURST	    8 /* sent at once: the flood starts ahead */
#define WORK_MS	    20

extern const struct lab lab_03_priority_starvation;

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static int setup(void)
{
	struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = MSG_SIZE};
	mqd_t q;
	int ret;

	q = mq_open(runname_queue(QUEUE_NAME), O_CREAT | O_EXCL | O_RDWR, 0600,
		    &attr);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	ret = mq_close(q);
	if (ret == -1)
		report_die("mq_close");
	return sysv_setup();
}

static int producer(void)
{
	struct timespec next;
	char text[MSG_SIZE];
	int i, len, ret, jobs = 0;
	unsigned prio;
	mqd_t q;

	q = mq_open(runname_queue(QUEUE_NAME), O_WRONLY);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (i = 1; i <= FLOOD_MS / SEND_GAP_MS + 1; i++) {
		prio = i % LOW_EVERY == 0 ? LOW : URGENT;
		len = snprintf(text, sizeof(text), "urgent %d", i);
		if (prio == LOW)
			len = snprintf(text, sizeof(text),
				       "job %d sent at %lld", ++jobs, now_ms());
		if (i > FLOOD_MS / SEND_GAP_MS) {
			prio = END;
			len = snprintf(text, sizeof(text), "end of flood");
		}
		ret = mq_send(q, text, len, prio);
		if (ret == -1) {
			report_error("mq_send", errno);
			report_lost(1);
		} else {
			report_sent(1);
		}
		/* Paced by the clock, not by the consumer: a flood. */
		if (i < BURST)
			continue;
		next.tv_nsec += SEND_GAP_MS * 1000000L;
		next.tv_sec += next.tv_nsec / 1000000000L;
		next.tv_nsec %= 1000000000L;
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	report_note("flood over: %d low-priority jobs sent", jobs);
	return 0;
}

static int consumer(void)
{
	static struct aging_consumer c;
	struct timespec work = {0, WORK_MS * 1000000L};
	char text[MSG_SIZE + 1];
	long long sent, waited, worst = 0;
	unsigned prio = URGENT;
	int job, jobs = 0, ret;
	ssize_t n;
	mqd_t q;

	q = mq_open(runname_queue(QUEUE_NAME), O_RDONLY);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	ret = init_consumer(&c, q);
	if (ret == -1)
		report_die("init_consumer");
	while (prio != END) {
		n = next_message(&c, text, MSG_SIZE, &prio);
		if (n == -1 && errno == EINTR) {
			report_error("next_message", errno);
			continue;
		}
		if (n == -1)
			report_die("next_message");
		report_received(1);
		text[n] = '\0';
		n = sscanf(text, "job %d sent at %lld", &job, &sent);
		if (prio == LOW && n == 2) {
			waited = now_ms() - sent;
			worst = waited > worst ? waited : worst;
			jobs++;
			report_note("low-priority job %d out after %lld ms",
				    job, waited);
		}
		nanosleep(&work, NULL);
	}
	report_note("consumer done: %d jobs, the longest waited %lld ms", jobs,
		    worst);
	return 0;
}

static const struct lab_role roles[] = {
	{"producer", producer},
	{"consumer", consumer},
	{"sysv", sysv_starvation},
	{NULL, NULL},
};

const struct lab_scenario scenario = {&lab_03_priority_starvation, setup, roles,
				      9};
