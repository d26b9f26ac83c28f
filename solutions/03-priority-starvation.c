/*
 * 03-priority-starvation.c - reference consumer for lab 03: aging.
 *
 * Each call drains the queue into held[], which stays in the order the
 * messages were taken in, so held[0] is always the oldest.  If held[0]
 * has waited AGING_LIMIT deliveries it goes; otherwise the first message
 * of the highest priority does.  Removing with memmove() keeps the order,
 * so FIFO within a priority and "oldest first" both come for free.  The
 * drain uses mq_timedreceive() with a time long past: on a blocking
 * descriptor it returns ETIMEDOUT at once instead of sleeping.
 *
 * Linked in place of labs/03-priority-starvation/student.c, never copied.
 *
 * See also: labs/03-priority-starvation/priority_starvation.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <mqueue.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "labs/03-priority-starvation/priority_starvation.h"

/* Receive one message into the next free slot of held[].  With wait
 * false, an empty queue fails at once (ETIMEDOUT, or EAGAIN on an
 * O_NONBLOCK descriptor).  Returns 0, or -1 with errno set. */
static int take_one(struct aging_consumer *c, bool wait)
{
	static const struct timespec long_ago = {0, 0};
	struct held_message *m = &c->held[c->count];
	ssize_t n;

	if (wait)
		n = mq_receive(c->mq, m->data, sizeof(m->data), &m->prio);
	else
		n = mq_timedreceive(c->mq, m->data, sizeof(m->data), &m->prio,
				    &long_ago);
	if (n == -1)
		return -1;
	m->len = n;
	m->since = c->delivered;
	c->count++;
	return 0;
}

/* The index of the message the rule hands out next; c holds some. */
static size_t choose(const struct aging_consumer *c)
{
	size_t best = 0;
	size_t i;

	if (c->delivered - c->held[0].since >= AGING_LIMIT)
		return 0;
	/* Strictly greater: among equals the first, the one taken in
	 * first, keeps its place. */
	for (i = 1; i < c->count; i++)
		if (c->held[i].prio > c->held[best].prio)
			best = i;
	return best;
}

ssize_t next_message(struct aging_consumer *c, char *buf, size_t size,
		     unsigned *prio)
{
	struct held_message *m;
	size_t i;
	size_t len;
	int ret;

	/* Take in everything waiting; any failure just ends the drain. */
	while (c->count < AGING_CAPACITY) {
		ret = take_one(c, false);
		if (ret == -1)
			break;
	}
	if (c->count == 0) {
		ret = take_one(c, true);
		if (ret == -1)
			return -1;
	}

	i = choose(c);
	m = &c->held[i];
	if (m->len > size) {
		errno = EMSGSIZE;
		return -1;
	}
	len = m->len;
	memcpy(buf, m->data, len);
	if (prio != NULL)
		*prio = m->prio;
	/* Close the gap without reordering what stays. */
	memmove(&c->held[i], &c->held[i + 1],
		(c->count - i - 1) * sizeof(c->held[0]));
	c->count--;
	c->delivered++;
	return len;
}
