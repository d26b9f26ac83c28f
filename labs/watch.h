/*
 * watch.h - see when a role is blocked in a queue call, and for how long.
 *
 * A role blocked on a full or empty queue is asleep in the kernel: its
 * /proc/PID/stat says state S and its /proc/PID/syscall names the queue
 * call it sleeps in.  Sampling both every few tens of milliseconds is
 * enough to show who waits, in which call, and how long in total, without
 * tracing anything.  A role counts as blocked once two samples in a row
 * find it asleep in the same call, dated from the first: a call waiting
 * a moment for its fault supervisor's answer is not a blocked call.
 * Blocks shorter than one sampling interval go unseen; the totals are
 * rounded to it.
 *
 * See also: labs/run.c (samples every ~20 ms), proc(5)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_WATCH_H
#define MQLAB_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct watch {
	pid_t host_pid; /* the pid as proc numbers it */
	int stat_fd, syscall_fd;
	bool blocked;
	const char *seen;  /* asleep in this call at the last sample, or NULL */
	uint64_t seen_us;  /* since that sample */
	const char *call;  /* the queue call it sleeps in, while blocked */
	uint64_t since_us; /* when the current block was first seen */
	uint64_t total_us; /* every finished block, added up */
	uint64_t longest_us;
	unsigned blocks;
};

/* Start watching pid, a child of the caller that has not been reaped,
 * through the proc file system open at proc (a directory descriptor:
 * the host's /proc, whose pids are the host's).  Returns 0, or -1 with
 * errno (from pidfd_open or open). */
int watch_open(struct watch *w, pid_t pid, int proc);

/* Sample at now_us.  Returns 1 when the process became blocked or
 * stopped being blocked (w->blocked says which; on the way out, the
 * block's length is now_us - the old since_us, already added to
 * total_us), 0 when nothing changed, -1 when it cannot be read any more
 * (it has exited). */
int watch_sample(struct watch *w, uint64_t now_us);

/* End a block in progress at now_us (counting it) and close the files. */
void watch_close(struct watch *w, uint64_t now_us);

#endif
