/*
 * student.c - lab 05: your receive_any(), send_payload(),
 * receive_payload() and receive_whole().  The only file you edit.
 *
 * This first version does what most code does: a buffer of a size that
 * "should be enough", and every payload sent as one message.  Run it and
 * watch the consumer fail with EMSGSIZE while its message stays queued,
 * the senders fail with EMSGSIZE on their long reports, and the System V
 * reader receive records cut short without a single error:
 *
 *   mqlab run 05            EMSGSIZE, over and over; "truncated"
 *   mqlab grade 05          every check fails; the hints say why
 *
 * In the kernel: do_mq_timedreceive() and do_mq_timedsend() in
 * ipc/mqueue.c, do_msgrcv() in ipc/msg.c.
 *
 * See also: labs/05-emsgsize/emsgsize.h (the contract),
 *           labs/05-emsgsize/README.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <mqueue.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>

#include "labs/05-emsgsize/emsgsize.h"

/* TODO: "should be enough" is a guess, and the kernel does not guess. */
#define BUFFER_SIZE 128

ssize_t receive_any(mqd_t q, char **buf)
{
	ssize_t n;

	/* TODO: mq_receive() refuses a buffer shorter than the queue's
	 * mq_msgsize with EMSGSIZE, even for a short message, and leaves
	 * the message queued.  How long may this queue's messages be? */
	*buf = malloc(BUFFER_SIZE);
	if (*buf == NULL)
		return -1;
	n = mq_receive(q, *buf, BUFFER_SIZE, NULL);
	if (n == -1) {
		free(*buf);
		*buf = NULL;
	}
	return n;
}

int send_payload(mqd_t q, uint32_t sender, const void *data, size_t len)
{
	/* TODO: mq_send() refuses a message longer than mq_msgsize with
	 * EMSGSIZE.  Send fragments instead, each a struct frame_header
	 * and a slice of data, as emsgsize.h describes; the header is what
	 * lets the receiver tell senders and fragments apart. */
	(void)sender;
	return mq_send(q, data, len, 0);
}

ssize_t receive_payload(mqd_t q, struct reassembly *r, void **data,
			uint32_t *sender)
{
	char *msg;
	ssize_t n;

	/* TODO: one message is one fragment, not one payload.  Keep each
	 * sender's payload in progress in r, and return only a complete
	 * one; a fragment out of sequence means a payload with a hole. */
	(void)r;
	n = receive_any(q, &msg);
	*data = msg;
	*sender = 0; /* TODO: the frame header says who sent it */
	return n;
}

void reassembly_free(struct reassembly *r)
{
	/* TODO: free the payloads still in progress. */
	(void)r;
}

ssize_t receive_whole(int msqid, long msgtyp, long *mtype, void **data)
{
	struct {
		long mtype;
		char text[BUFFER_SIZE];
	} m;
	ssize_t n;

	*data = NULL;
	/* TODO: MSG_NOERROR cuts a longer message down to the buffer and
	 * throws the rest away, without an error.  What does msgrcv() do
	 * without it, and where is the message then?  Where does a queue
	 * say how long its messages can be? */
	n = msgrcv(msqid, &m, sizeof(m.text), msgtyp, MSG_NOERROR);
	if (n == -1)
		return -1;
	*mtype = m.mtype;
	*data = malloc(n > 0 ? n : 1);
	if (*data == NULL)
		return -1;
	memcpy(*data, m.text, n);
	return n;
}
