/*
 * scenario.c - lab 04's roles: workers that die, another application,
 * and the sweeper that must tell them apart.
 *
 * workers starts WORKERS workers of mqlab-04-worker; each owns two queues
 * and uses them every ROUND_MS.  One is killed with SIGKILL (more with the
 * presets): its queues stay, orphaned.  other-app is a worker of another
 * application, mqlab-04-worker-eu, whose name starts like ours.  sweeper
 * runs sweep_orphans() every SWEEP_MS.  A live worker checks its queues
 * each round and says so when a sweeper removed them under it.
 *
 *   mqlab run 04 [--solution] [-p "a worker dies mid-work"]
 *
 * Below the roles, the lab's helpers (see orphaned_queues.h): the
 * workers' convention, and a private mount of the mqueue file system.
 * In the kernel: mqueue_unlink() in ipc/mqueue.c, freeque() in ipc/msg.c.
 *
 * See also: labs/04-orphaned-queues/orphaned_queues.h, README.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labs/04-orphaned-queues/orphaned_queues.h"
#include "labs/lab.h"
#include "labs/report.h"

#define WORKERS	      3
#define ROUNDS	      40
#define ROUND_MS      100
#define KILL_AFTER_MS 1200
#define SWEEPS	      4
#define SWEEP_MS      900

extern const struct lab lab_04_orphaned_queues;

static const struct app ours = {"mqlab-04-worker", 0x4000000, NULL};
static const struct app theirs = {"mqlab-04-worker-eu",
				  0x4000000 + APP_KEY_SPAN, NULL};

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, ms % 1000 * 1000000L};

	nanosleep(&t, NULL);
}

/* Whether both of w's queues are still there; says which one is not. */
static bool intact(const struct worker *w)
{
	struct msqid_ds ds;
	mqd_t q;

	if (msgctl(w->msqid, IPC_STAT, &ds) == -1) {
		report_error("msgctl", errno);
		report_note("%s: my System V queue was removed, and I live",
			    w->name);
		return false;
	}
	q = mq_open(w->name, O_RDONLY);
	if (q == (mqd_t)-1) {
		report_error("mq_open", errno);
		report_note("%s was removed, and I live", w->name);
		return false;
	}
	mq_close(q);
	return true;
}

/* One worker's life: a job through each of its queues every round. */
static int work(const struct app *app)
{
	struct {
		long mtype;
		char text[8];
	} job = {1, "job"};
	char buf[64];
	struct worker w;

	if (worker_start(app, &w) == -1)
		report_die("worker_start");
	report_note("%s up, System V key %#x", w.name,
		    (unsigned)(app->key_base + getpid()));
	for (int i = 0; i < ROUNDS; i++) {
		if (!intact(&w))
			return 1;
		if (mq_send(w.q, "job", 4, 0) == -1)
			report_die("mq_send");
		if (mq_receive(w.q, buf, sizeof(buf), NULL) == -1)
			report_die("mq_receive");
		if (msgsnd(w.msqid, &job, sizeof(job.text), 0) == -1)
			report_die("msgsnd");
		if (msgrcv(w.msqid, &job, sizeof(job.text), 0, 0) == -1)
			report_die("msgrcv");
		report_sent(2);
		report_received(2);
		sleep_ms(ROUND_MS);
	}
	if (worker_stop(&w) == -1)
		report_die("worker_stop");
	return 0;
}

static int workers(void)
{
	pid_t pid[WORKERS];

	for (int i = 0; i < WORKERS; i++) {
		pid[i] = fork();
		if (pid[i] == -1)
			report_die("fork");
		if (pid[i] == 0)
			exit(work(&ours));
	}
	sleep_ms(KILL_AFTER_MS);
	/* A crash: no atexit(), no cleanup, nothing but the kernel's
	 * (unless a preset's fault was quicker). */
	if (waitpid(pid[1], NULL, WNOHANG) == 0) {
		if (kill(pid[1], SIGKILL) == -1)
			report_die("kill");
		report_note("worker %d killed: its two queues are orphans now",
			    (int)pid[1]);
	}
	while (wait(NULL) > 0)
		continue;
	return 0;
}

static int other_app(void)
{
	return work(&theirs);
}

static int sweeper(void)
{
	struct app app = ours;
	struct sweep_stats st;
	char dir[64];

	if (mount_queue_fs(dir, sizeof(dir)) == -1)
		report_die("mount_queue_fs");
	app.mqueue_dir = dir;
	for (int i = 1; i <= SWEEPS; i++) {
		sleep_ms(SWEEP_MS);
		if (sweep_orphans(&app, &st) == -1)
			report_error("sweep_orphans", errno);
		report_note("sweep %d: removed %d, kept %d, vanished %d", i,
			    st.removed, st.kept, st.vanished);
	}
	return 0;
}

static int setup(void)
{
	/* Nothing to create: every worker makes its own queues. */
	return 0;
}

static const struct lab_role roles[] = {
	{"workers", workers},
	{"other-app", other_app},
	{"sweeper", sweeper},
	{NULL, NULL},
};

const struct lab_scenario scenario = {&lab_04_orphaned_queues, setup, roles, 5};

/* --- the lab's helpers --------------------------------------------- */

int worker_start(const struct app *app, struct worker *w)
{
	struct mq_attr attr = {.mq_maxmsg = 8, .mq_msgsize = 64};
	pid_t pid = getpid();
	int saved;

	snprintf(w->name, sizeof(w->name), "/%s-%d", app->name, (int)pid);
	w->q = mq_open(w->name, O_CREAT | O_RDWR, 0600, &attr);
	if (w->q == (mqd_t)-1)
		return -1;
	/* The owner's mark: the kernel drops it however we die. */
	if (flock(w->q, LOCK_EX | LOCK_NB) == -1)
		goto out_close;
	w->msqid = msgget(app->key_base + pid, IPC_CREAT | 0600);
	if (w->msqid == -1)
		goto out_close;
	return 0;
out_close:
	saved = errno;
	mq_close(w->q);
	errno = saved;
	return -1;
}

int worker_stop(struct worker *w)
{
	/* System V first: it never outlives its owner's lock. */
	if (msgctl(w->msqid, IPC_RMID, NULL) == -1)
		return -1;
	if (mq_unlink(w->name) == -1)
		return -1;
	return mq_close(w->q);
}

int mount_queue_fs(char *dir, size_t size)
{
	char path[] = "/tmp/mqlab-04-XXXXXX";
	int fd, saved;

	/* Our own mount namespace, private, so the mount stays ours. */
	if (unshare(CLONE_NEWNS) == -1)
		return -1;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		return -1;
	if (mkdtemp(path) == NULL)
		return -1;
	fd = -1;
	if (mount("mqueue", path, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) == 0) {
		fd = open(path, O_RDONLY | O_DIRECTORY);
		/* Keep the mount through fd alone, and take its name away:
		 * nothing is left on the host, however we end. */
		umount2(path, MNT_DETACH);
	}
	saved = errno;
	rmdir(path);
	errno = saved;
	if (fd == -1)
		return -1;
	snprintf(dir, size, "/proc/self/fd/%d", fd);
	return 0;
}
