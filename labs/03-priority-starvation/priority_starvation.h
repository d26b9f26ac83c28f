/*
 * priority_starvation.h - lab 03's contract: a consumer that ages what it
 * holds, so urgent messages come first but nothing waits forever.
 *
 * mq_receive() always hands out the oldest message of the highest
 * priority.  While urgent messages keep arriving at least as fast as the
 * consumer takes them, a low-priority message never reaches the front: it
 * starves, not for a while, but for as long as the flood lasts.  The
 * kernel offers no other order, so the consumer must choose for itself:
 * it takes in everything waiting, holds it, and hands it out by a rule
 * that lets a message that has waited long enough go ahead of the rest.
 *
 * The rule, with ages counted in deliveries (calls to next_message() that
 * returned a message), never in time, so it holds at any speed:
 *   1. a held message that has waited AGING_LIMIT deliveries is old; if
 *      any message is old, the one taken in first goes next;
 *   2. otherwise the held message of the highest priority goes next, and
 *      among equal priorities the one taken in first.
 * The bound it gives: once taken in, a message is overtaken by fewer than
 * AGING_LIMIT messages taken in after it (they can pass it only while it
 * is not old).  So under any flood it waits fewer than AGING_LIMIT
 * deliveries plus one for each message already held when it came in.
 *
 * How to run it: `mqlab run 03` (your code), `mqlab run 03 --solution`,
 * `mqlab grade 03`.  In the kernel: msg_insert() and msg_get() in
 * ipc/mqueue.c keep one FIFO list per priority in a red-black tree and
 * always take from the highest; do_mq_timedreceive() calls msg_get().
 *
 * See also: labs/03-priority-starvation/README.md, student.c, scenario.c,
 *           init_consumer.c, sysv.c, mq_receive(3), mq_overview(7)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_PRIORITY_STARVATION_H
#define MQLAB_PRIORITY_STARVATION_H

#include <mqueue.h>
#include <stddef.h>
#include <sys/types.h>

/* Deliveries after which a waiting message is old and goes first. */
#define AGING_LIMIT 8
/* How many messages a consumer holds at most. */
#define AGING_CAPACITY 64
/* The longest message a consumer can hold: the queue's mq_msgsize must
 * not be larger. */
#define AGING_MSGSIZE 128

/* One message taken out of the queue and not yet handed out. */
struct held_message {
	unsigned prio;	     /* its priority, as the queue gave it */
	unsigned long since; /* c->delivered when it was taken in */
	size_t len;	     /* bytes in data */
	char data[AGING_MSGSIZE];
};

/* A consumer of one queue.  Its fields are yours to use as you see fit;
 * the caller only passes it to init_consumer() and next_message(). */
struct aging_consumer {
	mqd_t mq;		 /* the queue, opened by the caller */
	unsigned long delivered; /* messages next_message() returned */
	size_t count;		 /* messages in held[] */
	struct held_message held[AGING_CAPACITY];
};

/*
 * Hand out the next message by the rule above: copy it into buf (size
 * bytes) and its priority into *prio (unless prio is NULL).
 *
 * Every call first takes in every message waiting in the queue, without
 * blocking, as long as c has room (AGING_CAPACITY): a message left in the
 * queue cannot age, and the kernel would starve it there.  When c holds
 * nothing and the queue is empty, it waits for one message as
 * mq_receive() does (on an O_NONBLOCK descriptor it fails with EAGAIN).
 * A failure while taking in is not an error when c holds a message: the
 * call hands one out anyway.  Each message is handed out exactly once,
 * with its bytes and priority unchanged.
 *
 * Returns the message's length, or -1 with errno set: EMSGSIZE when the
 * message is longer than size (it stays held), or the errno of the
 * receive that failed while c held nothing (EINTR, EAGAIN, EBADF, ...).
 */
ssize_t next_message(struct aging_consumer *c, char *buf, size_t size,
		     unsigned *prio);

/* --- provided by the lab, not yours to write ------------------------- */

/*
 * Make c a consumer of mq, a queue the caller opened for reading and
 * keeps open: c holds nothing yet (init_consumer.c).
 *
 * Returns 0, or -1 with errno set: the errno of mq_getattr() (EBADF),
 * or EINVAL when the queue's mq_msgsize is larger than AGING_MSGSIZE.
 */
int init_consumer(struct aging_consumer *c, mqd_t mq);

/* The sysv role (sysv.c): System V's own starvation, msgrcv() with a
 * negative msgtyp.  sysv_setup() creates its queue, from the scenario's
 * setup; sysv_starvation() plays the role.  Both return 0, or stop the
 * process with report_die(). */
int sysv_setup(void);
int sysv_starvation(void);

#endif
