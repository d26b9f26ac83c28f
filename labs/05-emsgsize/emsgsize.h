/*
 * emsgsize.h - lab 05's contract: every message whole, whatever its size.
 *
 * A POSIX queue has one message size, mq_msgsize, fixed when it is
 * created.  The kernel refuses a receive buffer shorter than it, even for
 * a short message (EMSGSIZE, and the message stays queued: a reader that
 * keeps its small buffer fails forever), and refuses a message longer
 * than it (EMSGSIZE).  So a reader sizes its buffer from mq_getattr(),
 * and a writer with more to say than one message splits it into
 * fragments that the reader puts back together.  A System V queue has no
 * fixed size, and msgrcv() with MSG_NOERROR cuts a long message to the
 * buffer without a word.
 *
 * The fragments' framing, which this header fixes: each message of a
 * payload is a struct frame_header followed by a slice of the payload.
 * Fragment seq carries bytes [seq * chunk, seq * chunk + n) where chunk
 * is mq_msgsize - sizeof(struct frame_header), and every fragment but the
 * last fills a whole message; a payload of 0 bytes is one fragment with
 * no data.  Fragments of one sender arrive in order (a queue is FIFO
 * within a priority), but those of several senders interleave.
 *
 * In the kernel: do_mq_timedsend() and do_mq_timedreceive() in
 * ipc/mqueue.c compare the length with info->attr.mq_msgsize first;
 * do_msgrcv() in ipc/msg.c fails with E2BIG, or truncates under
 * MSG_NOERROR, when the buffer is shorter than the message.
 *
 * See also: labs/05-emsgsize/README.md, mq_getattr(3), mq_receive(3),
 *           mq_send(3), msgrcv(2), msgctl(2)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_EMSGSIZE_H
#define MQLAB_EMSGSIZE_H

#include <mqueue.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FRAME_MAGIC 0x35514d4cu /* "LMQ5" in memory on x86 */

/* The head of every fragment; the payload's slice follows it. */
struct frame_header {
	uint32_t magic;	 /* FRAME_MAGIC: a frame, not a stray message */
	uint32_t sender; /* send_payload()'s sender */
	uint32_t seq;	 /* fragment number within its payload: 0, 1, ... */
	uint32_t total;	 /* the whole payload's length in bytes */
};

/*
 * Receive one message from q into a buffer of exactly q's mq_msgsize
 * bytes (at least 1), allocated with malloc(): *buf, which the caller
 * frees.  Blocks as mq_receive() does on a blocking descriptor.
 * Returns the message's length, or -1 with errno set by mq_getattr(),
 * malloc() or mq_receive() (EAGAIN on an empty O_NONBLOCK queue); *buf is
 * then NULL.
 */
ssize_t receive_any(mqd_t q, char **buf);

/*
 * Send len bytes of data (data may be NULL when len is 0) to q as one
 * payload of sender: as many fragments as it takes (see the top of this
 * file), all of priority 0, in order.  Blocks as mq_send() does when the
 * queue is full.  Returns 0, or -1 with errno: EMSGSIZE when len exceeds
 * UINT32_MAX or q's mq_msgsize leaves no room after the header, or the
 * errno of mq_getattr() or mq_send().  A failure halfway leaves the
 * fragments already sent in the queue: the receiver drops them (see
 * receive_payload()).
 */
int send_payload(mqd_t q, uint32_t sender, const void *data, size_t len);

/* The receiver's payloads in progress, one slot per sender. */
#define REASSEMBLY_SENDERS 8

struct partial {
	int used;	     /* this slot holds a payload in progress */
	uint32_t sender;     /* whose */
	uint32_t next_seq;   /* the fragment expected next */
	size_t total;	     /* the payload's length */
	size_t got;	     /* bytes of it received so far */
	unsigned char *data; /* total bytes (malloc), filled up to got */
};

/* Start with struct reassembly r = {0}; end with reassembly_free(&r). */
struct reassembly {
	struct partial slot[REASSEMBLY_SENDERS];
};

/*
 * Receive fragments from q until a payload is complete, and return it:
 * *data (malloc; the caller frees it; NULL or a buffer when the length
 * is 0) and *sender.  Fragments of other payloads that arrive meanwhile
 * are kept in r for later calls.  Never truncates: either the whole
 * payload, byte for byte, or an error.
 *
 * Returns the payload's length, or -1 with errno:
 *   EBADMSG  a payload was broken, and is dropped rather than delivered
 *            short: the message just received is no frame (shorter than
 *            the header, wrong magic, more data than its total), or it
 *            does not continue its sender's payload (its seq is not the
 *            next one: a fragment was lost).  The message is dropped,
 *            and with it its sender's payload in progress; except that a
 *            fragment with seq 0 always starts a new payload, which a
 *            later call returns (even when this fragment completed it).
 *            The next call carries on with the next message.
 *   EAGAIN   q is O_NONBLOCK and empty; what arrived so far stays in r.
 *   ENOBUFS  a new sender's first fragment while REASSEMBLY_SENDERS
 *            other payloads are in progress: the fragment is dropped.
 *   or the errno of receive_any() or malloc().
 */
ssize_t receive_payload(mqd_t q, struct reassembly *r, void **data,
			uint32_t *sender);

/* Free what r holds (payloads in progress); r is empty again. */
void reassembly_free(struct reassembly *r);

/*
 * Receive one message from System V queue msqid, as msgrcv() selects it
 * with msgtyp, whole: its type to *mtype, its text to *data (malloc; the
 * caller frees it; NULL or a buffer when the length is 0).  Never passes
 * MSG_NOERROR.  A message may be longer than the queue's msg_qbytes is
 * now (msg_qbytes can be lowered while it waits): msgrcv() then fails
 * with E2BIG and leaves it queued.  Blocks as msgrcv() does.
 * Returns the text's length, or -1 with errno set by msgctl(), msgrcv()
 * or malloc(); *data is then NULL.
 */
ssize_t receive_whole(int msqid, long msgtyp, long *mtype, void **data);

/* --- provided by the lab (records.c) ---------------------------------- */

/* The System V queue of the sysv role; the scenario's setup creates it. */
#define RECORDS_KEY 0x05050505

/* The sysv role: send three records of up to 3000 bytes, read them back
 * with receive_whole(), and say which came out short.  Returns the
 * role's exit status. */
int sysv_records(void);

#endif
