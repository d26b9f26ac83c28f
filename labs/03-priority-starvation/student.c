/*
 * student.c - your consumer for lab 03: fix it so nothing starves.
 *
 * This is the consumer everybody writes first: one mq_receive() per
 * message, so the kernel picks, and the kernel always picks the highest
 * priority.  Under a flood of urgent messages a low-priority one waits
 * until the flood stops, which may be never.  Run `mqlab run 03` to watch
 * it, then make next_message() follow the rule in priority_starvation.h.
 *
 * This is the only file you edit.  Build with `make`, grade with
 * `mqlab grade 03`.
 *
 * See also: labs/03-priority-starvation/priority_starvation.h (the
 *           contract), labs/03-priority-starvation/README.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <mqueue.h>
#include <string.h>

#include "labs/03-priority-starvation/priority_starvation.h"

ssize_t next_message(struct aging_consumer *c, char *buf, size_t size,
		     unsigned *prio)
{
	ssize_t n;

	/*
	 * TODO: take in every message waiting in the queue first, into
	 * c->held, without blocking (mq_timedreceive() with a time that has
	 * already passed does not sleep), while there is room.  Block only
	 * when you hold nothing at all.
	 *
	 * TODO: then choose among what you hold: the message taken in first
	 * if it has waited AGING_LIMIT deliveries, else the highest
	 * priority, the one taken in first among equals.
	 *
	 * TODO: hand it out exactly once, and keep what is left in the
	 * order it was taken in.
	 */
	n = mq_receive(c->mq, buf, size, prio);
	if (n == -1)
		return -1;
	c->delivered++;
	return n;
}
