/*
 * worker.c - lab 04's workers: how they make, use and drop their queues.
 *
 * The application's convention (orphaned_queues.h), in code: a worker
 * creates /NAME-PID, takes flock(LOCK_EX) on it as the owner's mark,
 * then creates its System V queue at KEY_BASE + PID; it works on both
 * (worker_round()), notices when they are gone (worker_check()), and a
 * clean exit removes both, System V first.  A worker that is killed does
 * none of that: the kernel drops its lock, and its queues stay,
 * orphaned.  Also here: a
 * private mount of the mqueue file system, where a sweeper lists the
 * POSIX queues, since /dev/mqueue is not there on every system.
 *
 * Used by the scenario's roles and by the graded checks; you need not
 * read it to do the lab, but worker_start() shows what "owner" means.
 *
 * In the kernel: mqueue_create() and mqueue_unlink() in ipc/mqueue.c;
 * locks_remove_file() in fs/locks.c drops a dead process's flock.
 *
 * See also: labs/04-orphaned-queues/orphaned_queues.h, scenario.c
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <unistd.h>

#include "labs/04-orphaned-queues/orphaned_queues.h"

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

int worker_round(const struct worker *w)
{
	struct {
		long mtype;
		char text[8];
	} job = {1, "job"};
	char buf[64];

	if (mq_send(w->q, "job", 4, 0) == -1)
		return -1;
	if (mq_receive(w->q, buf, sizeof(buf), NULL) == -1)
		return -1;
	if (msgsnd(w->msqid, &job, sizeof(job.text), 0) == -1)
		return -1;
	return msgrcv(w->msqid, &job, sizeof(job.text), 0, 0) == -1 ? -1 : 0;
}

int worker_check(const struct worker *w, const char **gone)
{
	struct msqid_ds ds;
	mqd_t q;

	*gone = "System V queue";
	if (msgctl(w->msqid, IPC_STAT, &ds) == -1)
		return -1;
	*gone = "POSIX queue";
	q = mq_open(w->name, O_RDONLY);
	if (q == (mqd_t)-1)
		return -1;
	if (mq_close(q) == -1)
		return -1;
	*gone = NULL;
	return 0;
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
