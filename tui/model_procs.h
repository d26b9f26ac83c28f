/*
 * model_procs.h - the Processes pane: the threads blocked on a queue,
 * each with its state in words.
 *
 * "BLOCKED in mq_timedsend on /orders 2.1s": the call, the queue and for
 * how long.  The kernel does not say when a call began to sleep, so the
 * time counts from the first scan that found the thread asleep in that
 * call on that queue: it is exact to within one refresh.  A thread that
 * was already asleep at the first scan of a session shows ">2.1s", a
 * lower bound, and no time at all on that first scan.
 *
 * See also: tui/scan_procs.h, tui/model_queues.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_MODEL_PROCS_H
#define MQLAB_MODEL_PROCS_H

#include <stdbool.h>

#include "tui/scan_procs.h"
#include "tui/scan_sysv.h"

struct model_procs_row {
	pid_t pid, tid;
	char comm[17];
	enum scan_procs_call call;
	long arg;
	/* "/orders", "key 0x6d713033 id 3", or "mqd 3" when unknown */
	char queue[NAME_MAX + 40];
	/* "BLOCKED in mq_timedsend on /orders 2.1s" */
	char state[NAME_MAX + 100];
	double since;	  /* when first seen in this call, in seconds */
	bool since_start; /* already asleep at the session's first scan */
};

struct model_procs {
	struct model_procs_row *rows; /* by pid, then tid */
	size_t n;
	unsigned long scans; /* builds so far in this session */
};

/* Build m from a scan made at time now (seconds on any monotonic clock),
 * carrying each thread's first-seen time over from what m held (start
 * from zero).  sysv names System V queues by key.  Returns 0, or -1 with
 * errno ENOMEM (m is then unchanged). */
int model_procs_build(struct model_procs *m, const struct scan_procs *procs,
		      const struct scan_sysv *sysv, double now);

void model_procs_free(struct model_procs *m);

#endif
