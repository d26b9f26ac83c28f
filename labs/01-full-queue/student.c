/*
 * student.c - lab 01: your send_with_deadline().  The only file you edit.
 *
 * This first version does what most code does: a plain mq_send(), which
 * sleeps for as long as the queue stays full, and a result that says
 * "sent" whatever happened.  Run it and watch the producer stall:
 *
 *   mqlab run 01            the producer blocks in mq_timedsend
 *   mqlab grade 01          every check fails; the hints say why
 *
 * In the kernel: do_mq_timedsend() in ipc/mqueue.c.
 *
 * See also: labs/01-full-queue/full_queue.h (the contract),
 *           labs/01-full-queue/README.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <mqueue.h>
#include <time.h>

#include "labs/01-full-queue/full_queue.h"

enum send_result send_with_deadline(mqd_t q, const char *msg, size_t len,
				    unsigned prio,
				    const struct timespec *deadline)
{
	/* TODO: bound the wait by deadline: mq_send() on a full queue
	 * sleeps until a reader frees a slot, and that may be never. */
	(void)deadline;

	/* TODO: check what mq_send() returned.  On an O_NONBLOCK descriptor
	 * it fails with EAGAIN at once when the queue is full, and any call
	 * that sleeps can fail with EINTR: which of these mean "try again",
	 * and how long should you wait before you do? */
	mq_send(q, msg, len, prio);

	/* TODO: tell the caller the truth: SEND_TIMED_OUT or SEND_SHED
	 * (with errno set) when the message did not go in. */
	return SEND_SENT;
}
