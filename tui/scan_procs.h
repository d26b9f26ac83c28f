/*
 * scan_procs.h - the threads of this host asleep in a queue call.
 *
 * A thread blocked on a full or empty queue sleeps in the kernel, and
 * /proc/PID/task/TID/syscall names the call it sleeps in and its first
 * argument: the queue (an mqd for mq_timedsend and mq_timedreceive, the
 * msqid for msgsnd and msgrcv).  An mqd is a descriptor, and
 * readlink(/proc/PID/fd/MQD) gives the queue's name ("/orders").  Only
 * threads of our own IPC namespace are kept: a "/orders" or msqid 3 in
 * another one is another queue.  Threads we may not inspect (another
 * user's, without CAP_SYS_PTRACE) are silently skipped.
 *
 * This is a sample, not a trace: a call that sleeps for less than the
 * time between two scans may go unseen.
 *
 * See also: tui/model_procs.h, proc(5) (/proc/PID/syscall),
 *           labs/watch.h (the same idea for one lab role)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SCAN_PROCS_H
#define MQLAB_SCAN_PROCS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum scan_procs_call {
	SCAN_PROCS_MQ_SEND,    /* mq_timedsend (mq_send in glibc) */
	SCAN_PROCS_MQ_RECEIVE, /* mq_timedreceive (mq_receive) */
	SCAN_PROCS_MSGSND,
	SCAN_PROCS_MSGRCV,
};

struct scan_procs_task {
	pid_t pid, tid;
	char comm[17];
	char state; /* from stat: S or D asleep, T stopped, t traced */
	enum scan_procs_call call;
	long arg; /* the mqd or the msqid */
	/* The POSIX queue behind the mqd ("/orders"), "" when unknown. */
	char queue[NAME_MAX + 2];
};

struct scan_procs {
	struct scan_procs_task *tasks; /* sorted by pid, then tid */
	size_t n;
};

/* Fill s with every thread of our IPC namespace asleep in a queue call
 * (freeing what s held; start from a zeroed struct).  Returns 0, or -1
 * with errno (opening /proc, ENOMEM). */
int scan_procs_read(struct scan_procs *s);

/* The kernel's name of call: "mq_timedsend", "msgrcv", ... */
const char *scan_procs_call_name(enum scan_procs_call call);

/* Whether call sends (it waits for room) rather than receives. */
bool scan_procs_call_sends(enum scan_procs_call call);

/* Whether call is a POSIX one (its argument is an mqd). */
bool scan_procs_call_posix(enum scan_procs_call call);

void scan_procs_free(struct scan_procs *s);

#endif
