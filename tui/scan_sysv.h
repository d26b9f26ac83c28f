/*
 * scan_sysv.h - the System V message queues of this IPC namespace, read
 * from the kernel without disturbing them.
 *
 * The list comes from /proc/sysvipc/msg, which shows every queue whatever
 * its permissions (like ipcs -q); msgctl(IPC_STAT) adds msg_qbytes, which
 * that file lacks.  The messages themselves are copied, never received:
 * msgrcv(id, buf, size, i, MSG_COPY | IPC_NOWAIT | MSG_NOERROR) copies
 * message number i (counting from 0 in the queue's order) and leaves the
 * queue as it was.  The kernel walks the list to reach message i, so
 * peeking costs O(i): callers peek only the rows they show.
 *
 * See also: tui/scan_posix.h, tui/model_queues.h, msgrcv(2) (MSG_COPY),
 *           proc(5) (/proc/sysvipc/msg), ipc/msg.c (do_msgrcv, copy_msg)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SCAN_SYSV_H
#define MQLAB_SCAN_SYSV_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* The first bytes of a message kept for its preview. */
#define SCAN_SYSV_HEAD 256

struct scan_sysv_queue {
	key_t key;
	int id;
	unsigned int mode; /* permission bits, 0600 */
	unsigned long cbytes, qnum;
	long qbytes;	/* msg_qbytes, or -1 when IPC_STAT was refused */
	int stat_errno; /* why qbytes is -1 (EACCES), else 0 */
	pid_t lspid, lrpid;
	uid_t uid;
	gid_t gid;
	time_t stime, rtime, ctime;
};

struct scan_sysv {
	struct scan_sysv_queue *queues; /* sorted by key, then id */
	size_t n;
};

struct scan_sysv_message {
	long mtype;
	size_t len;	 /* the whole message's length */
	size_t head_len; /* bytes of it in head: min(len, SCAN_SYSV_HEAD) */
	unsigned char head[SCAN_SYSV_HEAD];
};

/* Fill s with every System V queue (freeing what s held before; start
 * from a zeroed struct).  Returns 0, or -1 with errno (from reading
 * /proc/sysvipc/msg, ENOMEM). */
int scan_sysv_read(struct scan_sysv *s);

/* The queue with this msqid in s, or NULL. */
const struct scan_sysv_queue *scan_sysv_find(const struct scan_sysv *s, int id);

/* Copy messages first .. first + count - 1 of queue q into out, in the
 * order msgrcv(..., 0, ...) would receive them (oldest first), without
 * removing them.  Returns how many were copied (fewer when the queue
 * ends sooner, 0 past its end), or -1 with errno: EACCES (no read
 * permission), ENOSYS (a kernel without MSG_COPY), EIDRM/EINVAL (the
 * queue is gone), ENOMEM. */
long scan_sysv_peek(const struct scan_sysv_queue *q, size_t first, size_t count,
		    struct scan_sysv_message *out);

void scan_sysv_free(struct scan_sysv *s);

#endif
