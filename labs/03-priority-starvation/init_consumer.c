/*
 * init_consumer.c - lab 03's init_consumer(): a consumer that holds
 * nothing yet.
 *
 * Provided by the lab, because there is only one right way to write it:
 * remember the queue, hold nothing, and refuse a queue whose messages
 * could not fit in held[].  The last is the lesson of lab 05 in one
 * line: the queue says how long its messages may be (mq_getattr()), so
 * a buffer is sized from the queue, or the queue is refused.  Your part
 * of the contract is next_message(), in student.c.
 *
 * In the kernel: mq_getattr() is do_mq_getsetattr() in ipc/mqueue.c.
 *
 * See also: labs/03-priority-starvation/priority_starvation.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <mqueue.h>
#include <string.h>

#include "labs/03-priority-starvation/priority_starvation.h"

int init_consumer(struct aging_consumer *c, mqd_t mq)
{
	struct mq_attr attr;
	int ret;

	ret = mq_getattr(mq, &attr);
	if (ret == -1)
		return -1;
	/* A message that does not fit in held[] could never be taken in. */
	if (attr.mq_msgsize > AGING_MSGSIZE) {
		errno = EINVAL;
		return -1;
	}
	memset(c, 0, sizeof(*c));
	c->mq = mq;
	return 0;
}
