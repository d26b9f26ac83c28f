/*
 * full_queue.h - lab 01's contract: send with a deadline, never forever.
 *
 * mq_send() on a full queue sleeps until a reader frees a slot, and a
 * reader that is slow, stuck or dead makes that "until" forever.  A
 * sender that must keep its promises instead bounds the wait by a
 * deadline and tells its caller what happened to every message: sent,
 * timed out, or shed.  Nothing is ever lost without the caller knowing.
 *
 * In the kernel: do_mq_timedsend() in ipc/mqueue.c puts the sender to
 * sleep in wq_sleep() while info->attr.mq_curmsgs == mq_maxmsg, and
 * returns -EAGAIN at once instead when the descriptor is O_NONBLOCK.
 *
 * See also: labs/01-full-queue/README.md, labs/01-full-queue/student.c,
 *           mq_send(3), mq_open(3), clock_gettime(2)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_FULL_QUEUE_H
#define MQLAB_FULL_QUEUE_H

#include <mqueue.h>
#include <stddef.h>
#include <time.h>

/* What became of one message handed to send_with_deadline(). */
enum send_result {
	SEND_SENT,	/* it is in the queue, exactly once */
	SEND_TIMED_OUT, /* the deadline passed while the queue stayed full:
			   it is not in the queue; errno is ETIMEDOUT */
	SEND_SHED,	/* the queue refused it for good (it is too long, q
			   is not a queue open for writing, ...): it is not in
			   the queue and never will be; errno says why */
};

/*
 * Put msg (len bytes, priority prio) into queue q, waiting for a free
 * slot at most until deadline, an absolute CLOCK_REALTIME time (the clock
 * and form mq_timedsend() takes); deadline must not be NULL.
 *
 * q may be a blocking or an O_NONBLOCK descriptor: the deadline holds
 * either way.  While the queue is full the wait must cost little: no
 * busy loop of calls that fail at once.  A call interrupted by a signal
 * (EINTR) or refused for now (EAGAIN) is tried again, the message still
 * goes into the queue exactly once, and the deadline does not move.
 * The message is tried at least once, even when deadline has passed.
 *
 * Returns SEND_SENT; SEND_TIMED_OUT with errno ETIMEDOUT; or SEND_SHED
 * with errno set by the failed call (EMSGSIZE, EBADF, EINVAL, ...).
 */
enum send_result send_with_deadline(mqd_t q, const char *msg, size_t len,
				    unsigned prio,
				    const struct timespec *deadline);

/* --- provided by the lab (deadline.c), not yours to write ------------- */

/* Now plus ms milliseconds, on CLOCK_REALTIME: the absolute time that
 * mq_timedsend() and mq_timedreceive() take.  ms must not be negative. */
struct timespec deadline_in_ms(long ms);

#endif
