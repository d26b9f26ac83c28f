/*
 * reports.h - what lab 05's senders send, and its consumer checks.
 *
 * Lab-local: shared by scenario.c (setup and the two senders) and
 * consumer.c (the consumer), not part of the contract.  Every byte of a
 * report depends on where it is, on its sender and on its length, so a
 * misplaced, missing or foreign fragment shows in the bytes.  And a
 * ledger, so that a report lost on the way is counted once.
 *
 * See also: labs/05-emsgsize/scenario.c, labs/05-emsgsize/consumer.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_REPORTS_H
#define MQLAB_REPORTS_H

#include <stddef.h>
#include <stdint.h>

#define REPORTS_QUEUE	"/mqlab-05-reports"
#define REPORTS_MAXMSG	10
#define REPORTS_MSGSIZE 1024
#define REPORTS		8 /* both senders' reports together */

/*
 * The senders' ledger, a System V queue: one message for every report a
 * sender gave up on and reported lost itself.  A report can be lost on
 * either side: the sender knows when send_payload() failed (its first
 * fragments may still reach the consumer, which drops them), the
 * consumer alone knows when a fragment vanished after mq_send() said it
 * was sent.  The ledger lets each lost report be counted exactly once.
 */
#define REPORTS_LEDGER_KEY 0x05050506

struct reports_given_up {
	long mtype;	 /* 1 */
	uint32_t sender; /* who gave up on a report */
};

/* Byte i of sender's report of len bytes. */
static inline unsigned char reports_byte(size_t i, uint32_t sender, size_t len)
{
	return (unsigned char)(i * 7 + i / 256 + sender * 31 + len);
}

/* The consumer role: take REPORTS reports out whole, check every byte.
 * Returns the role's exit status. */
int consumer_role(void);

#endif
