/*
 * scenario.c - lab 03's roles: a flood of urgent messages, a consumer.
 *
 * The producer sends FLOOD_MS of urgent messages, 50 a second, paced by
 * the clock whatever the consumer does, with a low-priority job every
 * LOW_EVERY messages, and starts BURST messages ahead; the consumer (your
 * next_message()) takes WORK_MS per message, the flood's own pace.  With
 * plain mq_receive() the queue always holds an urgent message, so every
 * job waits until the flood ends; with aging each one comes out a few
 * hundred ms after it was sent.  The sysv role shows the same starvation with System V's mtype:
 * msgrcv() with a negative msgtyp always takes the lowest mtype first.
 *
 *   mqlab run 03 [--solution] [-p "flood pauses"]
 *
 * In the kernel: msg_get() in ipc/mqueue.c, and find_msg() with
 * SEARCH_LESSEQUAL in ipc/msg.c.
 *
 * See also: labs/03-priority-starvation/priority_starvation.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <time.h>

#include "labs/lab.h"
#include "labs/report.h"
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
#define SYSV_KEY    0x6d713033 /* "mq03": fixed, the namespace is ours */
#define SYSV_URGENT 1	       /* System V: the smaller mtype goes first */
#define SYSV_LOW    5
#define SYSV_ROUNDS 200

extern const struct lab lab_03_priority_starvation;

struct sysv_msg {
	long mtype;
	char text[MSG_SIZE];
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000L};

	nanosleep(&t, NULL);
}

static int setup(void)
{
	struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = MSG_SIZE};
	mqd_t q;
	int id, ret;

	q = mq_open(QUEUE_NAME, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1)
		report_die("mq_open");
	ret = mq_close(q);
	if (ret == -1)
		report_die("mq_close");
	id = msgget(SYSV_KEY, IPC_CREAT | IPC_EXCL | 0600);
	if (id == -1)
		report_die("msgget");
	return 0;
}

static int producer(void)
{
	struct timespec next;
	char text[MSG_SIZE];
	int i, len, ret, jobs = 0;
	unsigned prio;
	mqd_t q;

	q = mq_open(QUEUE_NAME, O_WRONLY);
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
	char text[MSG_SIZE + 1];
	long long sent, waited, worst = 0;
	unsigned prio = URGENT;
	int job, jobs = 0, ret;
	ssize_t n;
	mqd_t q;

	q = mq_open(QUEUE_NAME, O_RDONLY);
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
		sleep_ms(WORK_MS);
	}
	report_note("consumer done: %d jobs, the longest waited %lld ms", jobs,
		    worst);
	return 0;
}

static void sysv_send(int q, long mtype)
{
	struct sysv_msg m = {mtype, "urgent"};
	int ret;

	if (mtype == SYSV_LOW)
		strcpy(m.text, "job");
	ret = msgsnd(q, &m, strlen(m.text) + 1, 0);
	if (ret == -1)
		report_die("msgsnd");
	report_sent(1);
}

static int sysv(void)
{
	struct sysv_msg m;
	ssize_t n;
	int q, i;

	q = msgget(SYSV_KEY, 0);
	if (q == -1)
		report_die("msgget");
	sysv_send(q, SYSV_LOW);
	/* Each round one urgent message arrives and msgrcv() takes the
	 * lowest mtype <= SYSV_LOW: a flood at exactly the consumer's pace. */
	for (i = 1; i <= SYSV_ROUNDS; i++) {
		sysv_send(q, SYSV_URGENT);
		n = msgrcv(q, &m, sizeof(m.text), -SYSV_LOW, 0);
		if (n == -1)
			report_die("msgrcv");
		report_received(1);
		if (i == SYSV_ROUNDS / 2)
			report_note("System V: %d urgent messages out, the "
				    "mtype %d job still waits",
				    i, SYSV_LOW);
		sleep_ms(WORK_MS);
	}
	/* A positive msgtyp takes that mtype only: the job was there. */
	n = msgrcv(q, &m, sizeof(m.text), SYSV_LOW, IPC_NOWAIT);
	if (n == -1)
		report_die("msgrcv");
	report_received(1);
	report_note("System V: after %d deliveries by msgrcv(-%d), msgrcv(%d) "
		    "finds the job at once",
		    SYSV_ROUNDS, SYSV_LOW, SYSV_LOW);
	return 0;
}

static const struct lab_role roles[] = {
	{"producer", producer},
	{"consumer", consumer},
	{"sysv", sysv},
	{NULL, NULL},
};

const struct lab_scenario scenario = {&lab_03_priority_starvation, setup, roles,
				      9};
