/*
 * 04-orphaned-queues.c - reference sweep_orphans() for lab 04.
 *
 * Two passes, each over the kernel's own list of one kind of queue, so a
 * queue whose partner is already gone is still found: System V first
 * (the MSG_INFO / MSG_STAT walk), then POSIX (the entries of the mqueue
 * file system).  A name or key is ours only when it parses completely:
 * NAME, a dash and a canonical decimal PID; or a key within one span
 * above key_base.  Whether the owner lives is asked of the owner's lock,
 * never of the PID: flock(LOCK_EX | LOCK_NB) on a descriptor of
 * /NAME-PID fails with EWOULDBLOCK while a worker holds it, and succeeds
 * once the kernel has dropped it at the worker's death.  The sweeper
 * keeps that lock while it removes the queue, so a new worker that gets
 * the same PID meanwhile cannot adopt a queue on its way out.  A queue
 * that disappears between the listing and the removal is counted and
 * passed over: somebody else removed it, which is what we wanted.
 *
 * In the kernel: mqueue_unlink() in ipc/mqueue.c, msgctl_down() and
 * freeque() in ipc/msg.c, flock_lock_inode() in fs/locks.c.
 *
 * See also: labs/04-orphaned-queues/orphaned_queues.h, flock(2),
 *           msgctl(2), mq_overview(7)
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/msg.h>

#include "labs/04-orphaned-queues/orphaned_queues.h"

/* The PID in entry "NAME-PID" when entry is one of app's, else 0. */
static pid_t pid_of_name(const struct app *app, const char *entry)
{
	size_t len = strlen(app->name);
	const char *digits = entry + len + 1;
	char *end;
	long pid;

	if (strncmp(entry, app->name, len) != 0 || entry[len] != '-')
		return 0;
	/* Canonical decimal only: strtol() would take " 7", "+7", "07". */
	if (digits[0] < '1' || digits[0] > '9')
		return 0;
	errno = 0;
	pid = strtol(digits, &end, 10);
	if (*end != '\0' || errno != 0 || pid >= APP_KEY_SPAN)
		return 0;
	return pid;
}

/* The PID in key when key is one of app's, else 0. */
static pid_t pid_of_key(const struct app *app, key_t key)
{
	long pid = (long)key - app->key_base;

	return pid > 0 && pid < APP_KEY_SPAN ? pid : 0;
}

/*
 * Open PID's POSIX queue and try its owner's lock, without waiting.
 * Returns the descriptor, holding the lock (the owner is dead), or -1
 * with errno EWOULDBLOCK (the owner lives) or ENOENT (no such queue).
 */
static mqd_t take_owners_lock(const struct app *app, pid_t pid)
{
	char name[NAME_MAX];
	mqd_t q;
	int saved;

	snprintf(name, sizeof(name), "/%s-%d", app->name, (int)pid);
	q = mq_open(name, O_RDONLY);
	if (q == (mqd_t)-1)
		return -1;
	if (flock(q, LOCK_EX | LOCK_NB) == -1) {
		saved = errno;
		mq_close(q);
		errno = saved;
		return -1;
	}
	return q;
}

/* Remove msqid, counting it as removed or vanished, and let go of the
 * owner's lock q (or -1).  Returns 0, or -1 with errno set. */
static int remove_system_v(int msqid, mqd_t q, struct sweep_stats *st)
{
	int ret, err;

	ret = msgctl(msqid, IPC_RMID, NULL);
	err = errno;
	if (q != (mqd_t)-1)
		mq_close(q);
	if (ret == 0) {
		st->removed++;
		return 0;
	}
	/* EIDRM: removed since we looked; EINVAL: its slot is empty now. */
	if (err == EIDRM || err == EINVAL) {
		st->vanished++;
		return 0;
	}
	errno = err;
	return -1;
}

static int sweep_system_v(const struct app *app, struct sweep_stats *st)
{
	struct msginfo info;
	struct msqid_ds ds;
	int maxidx, msqid;
	pid_t pid;
	mqd_t q;

	/* MSG_INFO returns the highest slot in use; MSG_STAT takes a slot
	 * and returns the id of the queue in it. */
	maxidx = msgctl(0, MSG_INFO, (struct msqid_ds *)&info);
	if (maxidx == -1)
		return -1;
	for (int slot = 0; slot <= maxidx; slot++) {
		msqid = msgctl(slot, MSG_STAT, &ds);
		if (msqid == -1)
			continue; /* an empty slot, or not ours to read */
		pid = pid_of_key(app, ds.msg_perm.__key);
		if (pid == 0)
			continue;
		q = take_owners_lock(app, pid);
		if (q == (mqd_t)-1 && errno == EWOULDBLOCK) {
			st->kept++;
			continue;
		}
		/* ENOENT: no POSIX queue, so no owner either (a half sweep). */
		if (q == (mqd_t)-1 && errno != ENOENT)
			return -1;
		if (remove_system_v(msqid, q, st) == -1)
			return -1;
	}
	return 0;
}

/* Remove POSIX queue entry, counting it as removed or vanished, and let
 * go of the owner's lock q.  Returns 0, or -1 with errno set. */
static int remove_posix(const char *entry, mqd_t q, struct sweep_stats *st)
{
	char name[NAME_MAX + 2];
	int ret, err;

	snprintf(name, sizeof(name), "/%s", entry);
	ret = mq_unlink(name);
	err = errno;
	mq_close(q);
	if (ret == 0) {
		st->removed++;
		return 0;
	}
	if (err == ENOENT) {
		st->vanished++;
		return 0;
	}
	errno = err;
	return -1;
}

static int sweep_posix(const struct app *app, struct sweep_stats *st)
{
	struct dirent *entry;
	int ret = 0, err;
	pid_t pid;
	DIR *dir;
	mqd_t q;

	dir = opendir(app->mqueue_dir);
	if (dir == NULL)
		return -1;
	while (ret == 0 && (entry = readdir(dir)) != NULL) {
		pid = pid_of_name(app, entry->d_name);
		if (pid == 0)
			continue;
		q = take_owners_lock(app, pid);
		if (q == (mqd_t)-1 && errno == EWOULDBLOCK)
			st->kept++;
		else if (q == (mqd_t)-1 && errno == ENOENT)
			st->vanished++;
		else if (q == (mqd_t)-1)
			ret = -1;
		else
			ret = remove_posix(entry->d_name, q, st);
	}
	err = errno;
	closedir(dir);
	errno = err;
	return ret;
}

int sweep_orphans(const struct app *app, struct sweep_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (sweep_system_v(app, st) == -1)
		return -1;
	return sweep_posix(app, st);
}
