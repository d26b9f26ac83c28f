/*
 * scenario.c - lab 02's roles: two unrelated applications whose System V
 * keys collide, and one whose key file is missing.
 *
 * setup() makes two different files whose ftok() keys are the same
 * (collide_files(), in collide.c).  billing and shipping each open
 * "their" queue with open_own_queue(), put five messages in it, wait, and
 * read their queue back.  When both got the same queue, billing (which
 * reads first) also swallows shipping's messages, and shipping finds
 * nothing.  reports' key file was never installed: ftok() fails, and a
 * naive msgget() turns that -1 into the key 0xffffffff.
 *
 * The files live in the run's own /tmp (rundir.c), and each role removes
 * its own as it ends.
 *
 * How to run it: `mqlab run 02`, or by hand:
 *   unshare -i -- sh -c 'P=build/libexec/mqlab/02-ftok-collision/student;
 *       $P --setup && ($P --role billing & $P --role shipping; wait)'
 * In the kernel: ipcget_public() in ipc/util.c hands out the queue.
 *
 * See also: ftok_collision.h, collide.c, rundir.c, README.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <time.h>
#include <unistd.h>

#include "labs/02-ftok-collision/ftok_collision.h"
#include "labs/02-ftok-collision/rundir.h"
#include "labs/lab.h"
#include "labs/report.h"

#define NSEND 5

struct message {
	long mtype;
	char text[64];
};

static int setup(void)
{
	char dir[PATH_MAX];

	rundir_create(dir, sizeof(dir));
	if (collide_files(dir, "billing", "shipping") < 0)
		report_die("collide_files");
	report_note("billing/app.conf and shipping/app.conf: two files, "
		    "one ftok() key");
	return 0;
}

/* Start after start_ms (so that who gets the key first is not a race),
 * send NSEND messages, let the others work for wait_s seconds, then
 * read back everything the queue holds: only our own should be there. */
static int run_app(const char *name, long start_ms, unsigned wait_s)
{
	struct timespec start = {0, start_ms * 1000000L};
	char dir[PATH_MAX], keyfile[PATH_MAX + 16], idfile[PATH_MAX + 16];
	struct app app = {keyfile, 'A', idfile};
	struct msqid_ds ds;
	struct message m;
	int id, i, own = 0, foreign = 0;

	nanosleep(&start, NULL);
	rundir_path(dir, sizeof(dir), name);
	snprintf(keyfile, sizeof(keyfile), "%s/app.conf", dir);
	snprintf(idfile, sizeof(idfile), "%s/queue.id", dir);
	id = open_own_queue(&app);
	if (id < 0) {
		report_error("open_own_queue", errno);
		return rundir_leave(name, 1);
	}
	if (msgctl(id, IPC_STAT, &ds) < 0)
		report_die("msgctl");
	report_note("%s: queue id %d, key 0x%08x", name, id,
		    (unsigned)ds.msg_perm.__key);
	for (i = 1; i <= NSEND; i++) {
		m.mtype = 1;
		snprintf(m.text, sizeof(m.text), "%s #%d", name, i);
		if (msgsnd(id, &m, strlen(m.text) + 1, 0) < 0)
			report_die("msgsnd");
		report_sent(1);
	}
	sleep(wait_s);
	while (msgrcv(id, &m, sizeof(m.text), 0, IPC_NOWAIT) >= 0) {
		if (strncmp(m.text, name, strlen(name)) == 0) {
			own++;
			report_received(1);
			continue;
		}
		foreign++;
		report_note("%s read \"%s\": not its message", name, m.text);
	}
	if (errno != ENOMSG)
		report_die("msgrcv");
	if (own < NSEND) {
		report_note("%s: %d of its messages were read by another "
			    "application",
			    name, NSEND - own);
		report_lost(NSEND - own);
	}
	return rundir_leave(name, foreign > 0 || own < NSEND);
}

static int billing(void)
{
	return run_app("billing", 0, 1);
}

static int shipping(void)
{
	return run_app("shipping", 200, 2);
}

static int reports(void)
{
	return run_app("reports", 0, 0);
}

static const struct lab_role roles[] = {
	{"billing", billing},
	{"shipping", shipping},
	{"reports", reports},
	{NULL, NULL},
};

extern const struct lab lab_02_ftok_collision;

const struct lab_scenario scenario = {&lab_02_ftok_collision, setup, roles, 4};
