/*
 * orphaned_queues.h - lab 04's contract: sweep the queues dead workers
 * left behind, and nothing else.
 *
 * Message queues are kernel objects, not memory: they outlive the process
 * that created them.  A worker killed by SIGKILL runs no cleanup, so its
 * queues stay until someone removes them, and a busy service piles them
 * up until mq_open() fails with ENOSPC or msgget() with ENOSPC.  The
 * sweeper that removes them must know whose queue is whose: a live
 * worker's queue, or another application's, is not garbage.
 *
 * The application's convention, which this header fixes:
 *   - a worker with process id PID owns the POSIX queue "/NAME-PID" and
 *     the System V queue with key KEY_BASE + PID (NAME and KEY_BASE come
 *     from struct app; PID is written in decimal, nothing follows it);
 *   - while it lives, the worker holds flock(LOCK_EX) on a descriptor of
 *     its POSIX queue (on Linux an mqd_t is a file descriptor).  The
 *     kernel drops that lock when the worker dies, however it dies.
 *
 * In the kernel: mqueue_unlink() and the mqueue file system in
 * ipc/mqueue.c; freeque() in ipc/msg.c; locks_remove_file() in
 * fs/locks.c drops a dead process's flock.
 *
 * See also: labs/04-orphaned-queues/README.md, mq_overview(7),
 *           msgctl(2) (IPC_RMID, MSG_INFO, MSG_STAT), flock(2)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_ORPHANED_QUEUES_H
#define MQLAB_ORPHANED_QUEUES_H

#include <limits.h>
#include <mqueue.h>
#include <stddef.h>
#include <sys/types.h>

/* Every process id is below this (PID_MAX_LIMIT), so the keys of two
 * applications whose key_base differ by it never meet. */
#define APP_KEY_SPAN 0x400000

/* One application's names for its workers' queues. */
struct app {
	const char *name;	/* "mqlab-04-worker": POSIX queues /NAME-PID */
	key_t key_base;		/* System V keys KEY_BASE + PID; a multiple
				   of APP_KEY_SPAN */
	const char *mqueue_dir; /* a directory where this IPC namespace's
				   mqueue file system is mounted
				   ("/dev/mqueue" on most systems) */
};

/* What one sweep did. */
struct sweep_stats {
	int removed;  /* orphaned queues removed, POSIX and System V */
	int kept;     /* this app's queues left alone: their owner lives */
	int vanished; /* orphans already gone when we tried to remove
			 them (ENOENT, EIDRM, EINVAL) */
};

/*
 * Remove every orphaned queue of app, and only those.
 *
 * A queue is app's when its name or key follows app's convention exactly
 * (see the top of this file): "/NAME-PID.old", "/NAME-eu-PID", or a key
 * from another KEY_BASE belong to someone else.  Its owner lives when a
 * process holds the flock on "/NAME-PID"; when nobody does, or that
 * queue no longer exists, both queues of PID are orphans.  A process id
 * is not an owner: the kernel gives a dead worker's PID to the next
 * process that asks, so a live process with that PID proves nothing.
 * Never wait for a lock (LOCK_NB): a live owner keeps it for ever.
 * Remove queues with msgctl(IPC_RMID) and mq_unlink(), holding the lock
 * you took, so a new worker with the same PID cannot adopt them meanwhile.
 *
 * Find queues the way the kernel lists them, never from the names of
 * the other kind: POSIX queues are the entries of app->mqueue_dir, System
 * V queues are walked with msgctl(MSG_INFO) and msgctl(MSG_STAT) (or read
 * from /proc/sysvipc/msg).  A half-removed worker may have one kind only.
 *
 * Queues vanish while you look (another sweeper, their owner): a POSIX
 * queue you listed that mq_open() or mq_unlink() no longer finds
 * (ENOENT), a System V queue that msgctl(IPC_RMID) no longer finds
 * (EIDRM, EINVAL) is no error: count it in vanished and carry on.
 *
 * Fills *st (zeroed first).  Returns 0, or -1 with errno set when the
 * sweep could not be made (app->mqueue_dir cannot be read, a call fails
 * in a way not listed above); st then counts what was done so far.
 */
int sweep_orphans(const struct app *app, struct sweep_stats *st);

/* --- provided by the lab (worker.c), not yours to write -------------- */

/* One worker's queues, as worker_start() made them. */
struct worker {
	char name[NAME_MAX]; /* "/NAME-PID" */
	mqd_t q;	     /* its POSIX queue; holds the owner's lock */
	int msqid;	     /* its System V queue */
};

/*
 * Make the calling process a worker of app: create (or adopt) its two
 * queues, POSIX first, taking the owner's lock before the System V one
 * exists.  Returns 0, or -1 with errno set (EWOULDBLOCK: another process
 * holds the lock).
 */
int worker_start(const struct app *app, struct worker *w);

/* One round of a worker's work: a job through each of its queues, in
 * and out again.  Returns 0, or -1 with errno set by the failed call. */
int worker_round(const struct worker *w);

/* Whether both of w's queues still exist.  Returns 0 (*gone NULL), or
 * -1 with errno set by the call that did not find one and *gone naming
 * that queue ("System V queue", "POSIX queue"). */
int worker_check(const struct worker *w, const char **gone);

/* Remove w's queues, System V first, then close it: a clean exit leaves
 * no orphan.  Returns 0, or -1 with errno set. */
int worker_stop(struct worker *w);

/*
 * Mount this IPC namespace's mqueue file system where only the calling
 * process (and its children) can see it, in a mount namespace of its
 * own, and write its path to dir ("/proc/self/fd/N": the mount has no
 * other name, so nothing is left on the host however the process ends).
 * Returns 0, or -1 with errno set.
 */
int mount_queue_fs(char *dir, size_t size);

#endif
