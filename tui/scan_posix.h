/*
 * scan_posix.h - the POSIX message queues of this IPC namespace, read
 * from the kernel without disturbing them.
 *
 * POSIX has no call that lists queues.  The kernel shows them as files of
 * an mqueue file system, one per queue, whose content is a status line
 * ("QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:...").  We never mount it
 * where anyone else could see it: a child process makes its own mount
 * namespace, mounts the queues of our IPC namespace there, and hands us
 * a descriptor of that directory before it exits.  The mount lives on
 * through the descriptor, detached from every tree, and keeps showing the
 * queues as they come and go, so one mount serves every later scan.
 * Without the privilege to mount (CAP_SYS_ADMIN) we fall back to a
 * mount someone already made (/dev/mqueue on most systems).  A mount
 * shows the queues of one IPC namespace: when the caller moves to
 * another one (setns), the next scan notices and mounts again.
 *
 * Each queue's attributes come from mq_getattr() on its file, which is
 * the queue itself.  Nothing here ever receives: a POSIX queue cannot be
 * peeked, so its messages are counted (mq_curmsgs), never read.
 *
 * See also: tui/scan_sysv.h, mq_overview(7) (the mqueue file system),
 *           ipc/mqueue.c (mqueue_read_file, do_mq_getsetattr)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SCAN_POSIX_H
#define MQLAB_SCAN_POSIX_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

struct scan_posix_queue {
	char name[NAME_MAX + 2]; /* "/orders", as mq_open() names it */
	unsigned long qsize;	 /* QSIZE: bytes in all its messages */
	int notify;		 /* NOTIFY: sigev_notify of the registration */
	int signo;		 /* SIGNO: its signal, for SIGEV_SIGNAL */
	pid_t notify_pid;	 /* NOTIFY_PID: who registered, 0 if nobody */
	mode_t mode;
	uid_t uid;
	gid_t gid;
	/* mq_getattr(), or -1 each when the file could not be opened. */
	long maxmsg, msgsize, curmsgs;
	int attr_errno; /* why they are -1 (EACCES), else 0 */
};

struct scan_posix {
	int dirfd; /* the mqueue mount, or -1 (start from scan_posix_init) */
	int open_errno;		/* why it could not be opened, else 0 */
	const char *mounted_at; /* "a private mount" or the path we used */
	ino_t ipc_ns;		/* the IPC namespace it was opened in */
	struct scan_posix_queue *queues; /* sorted by name */
	size_t n;
};

/* Ready s for scan_posix_read() (nothing is opened yet). */
void scan_posix_init(struct scan_posix *s);

/* Fill s with every POSIX queue, opening the mqueue mount on first use.
 * Returns 0, or -1 with errno (also kept in s->open_errno when the mount
 * could not be had: EPERM without CAP_SYS_ADMIN and no mount to fall
 * back to; ENOMEM). */
int scan_posix_read(struct scan_posix *s);

/* The queue called name ("/orders") in s, or NULL. */
const struct scan_posix_queue *scan_posix_find(const struct scan_posix *s,
					       const char *name);

/* Free the list and close the mount (s can be read again). */
void scan_posix_free(struct scan_posix *s);

#endif
