/*
 * sysv.c - lab 03's sysv role: the same starvation with System V types.
 *
 * A System V queue has no priorities, but msgrcv() with a negative
 * msgtyp takes the message of the lowest mtype up to -msgtyp first: a
 * priority by another name, and it starves the same way.  This role
 * queues one job of mtype SYSV_LOW, then each round sends one urgent
 * message (mtype SYSV_URGENT) and receives one with msgrcv(-SYSV_LOW):
 * a flood at exactly the consumer's pace.  The job waits all ROUNDS, and
 * a positive msgtyp finds it at once afterwards: it was there all along.
 *
 *   mqlab run 03        the sysv role's notes
 *
 * In the kernel: find_msg() with SEARCH_LESSEQUAL in ipc/msg.c keeps the
 * message of the lowest type it has seen so far.
 *
 * See also: labs/03-priority-starvation/scenario.c, msgrcv(2)
 * SPDX-License-Identifier: MIT
 */
#include <string.h>
#include <sys/msg.h>
#include <time.h>

#include "labs/03-priority-starvation/priority_starvation.h"
#include "labs/report.h"
#include "labs/runname.h"

#define SYSV_KEY    0x6d713033 /* "mq03", made the run's by runname_key() */
#define SYSV_URGENT 1	       /* System V: the smaller mtype goes first */
#define SYSV_LOW    5
#define ROUNDS	    200
#define WORK_MS	    20

struct sysv_msg {
	long mtype;
	char text[16];
};

static void send_one(int q, long mtype)
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

int sysv_setup(void)
{
	int id;

	id = msgget(runname_key(SYSV_KEY), IPC_CREAT | IPC_EXCL | 0600);
	if (id == -1)
		report_die("msgget");
	return 0;
}

int sysv_starvation(void)
{
	struct timespec work = {0, WORK_MS * 1000000L};
	struct sysv_msg m;
	ssize_t n;
	int q, i;

	q = msgget(runname_key(SYSV_KEY), 0);
	if (q == -1)
		report_die("msgget");
	send_one(q, SYSV_LOW);
	for (i = 1; i <= ROUNDS; i++) {
		send_one(q, SYSV_URGENT);
		n = msgrcv(q, &m, sizeof(m.text), -SYSV_LOW, 0);
		if (n == -1)
			report_die("msgrcv");
		report_received(1);
		if (i == ROUNDS / 2)
			report_note("System V: %d urgent messages out, the "
				    "mtype %d job still waits",
				    i, SYSV_LOW);
		nanosleep(&work, NULL);
	}
	/* A positive msgtyp takes that mtype only: the job was there. */
	n = msgrcv(q, &m, sizeof(m.text), SYSV_LOW, IPC_NOWAIT);
	if (n == -1)
		report_die("msgrcv");
	report_received(1);
	report_note("System V: after %d deliveries by msgrcv(-%d), msgrcv(%d) "
		    "finds the job at once",
		    ROUNDS, SYSV_LOW, SYSV_LOW);
	return 0;
}
