/*
 * 05-emsgsize.c - reference solution for lab 05: every message whole.
 *
 * Receive buffers are sized from the queue itself: mq_getattr() for a
 * POSIX queue, whose mq_msgsize never changes; msgctl(IPC_STAT) for a
 * System V queue, whose msg_qbytes bounds what can be sent now but not
 * what was sent before it was lowered, so E2BIG (the message stays
 * queued) doubles the buffer and tries again.  MSG_NOERROR is never used.
 *
 * Payloads travel as fragments that each fill a whole message: a
 * struct frame_header, then the next slice.  The receiver keeps one
 * slot per sender in progress, appends each fragment that continues it,
 * and hands a slot out once it holds total bytes.  A fragment out of
 * sequence means one was lost: the slot is dropped and the caller hears
 * EBADMSG, so nothing is ever delivered short.
 *
 * In the kernel: do_mq_timedsend(), do_mq_timedreceive() in
 * ipc/mqueue.c; do_msgrcv() in ipc/msg.c.
 *
 * See also: labs/05-emsgsize/emsgsize.h, mq_getattr(3), msgrcv(2)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <limits.h>
#include <mqueue.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>

#include "labs/05-emsgsize/emsgsize.h"

ssize_t receive_any(mqd_t q, char **buf)
{
	struct mq_attr attr;
	ssize_t n;
	int saved;

	*buf = NULL;
	if (mq_getattr(q, &attr) == -1)
		return -1;
	*buf = malloc(attr.mq_msgsize);
	if (*buf == NULL)
		return -1;
	n = mq_receive(q, *buf, attr.mq_msgsize, NULL);
	if (n == -1) {
		saved = errno;
		free(*buf);
		*buf = NULL;
		errno = saved;
	}
	return n;
}

int send_payload(mqd_t q, uint32_t sender, const void *data, size_t len)
{
	struct frame_header h = {FRAME_MAGIC, sender, 0, 0};
	const unsigned char *p = data;
	struct mq_attr attr;
	size_t chunk, n, off = 0;
	char *msg;
	int ret, saved;

	if (len > UINT32_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	if (mq_getattr(q, &attr) == -1)
		return -1;
	if ((size_t)attr.mq_msgsize <= sizeof(h)) {
		errno = EMSGSIZE;
		return -1;
	}
	chunk = attr.mq_msgsize - sizeof(h);
	msg = malloc(attr.mq_msgsize);
	if (msg == NULL)
		return -1;
	h.total = len;
	/* At least one fragment: an empty payload is a payload too. */
	do {
		n = len - off < chunk ? len - off : chunk;
		memcpy(msg, &h, sizeof(h));
		if (n > 0)
			memcpy(msg + sizeof(h), p + off, n);
		ret = mq_send(q, msg, sizeof(h) + n, 0);
		if (ret == -1)
			break;
		off += n;
		h.seq++;
	} while (off < len);
	saved = errno;
	free(msg);
	errno = saved;
	return ret;
}

static struct partial *find_slot(struct reassembly *r, uint32_t sender)
{
	for (int i = 0; i < REASSEMBLY_SENDERS; i++)
		if (r->slot[i].used && r->slot[i].sender == sender)
			return &r->slot[i];
	return NULL;
}

static void drop(struct partial *p)
{
	free(p->data);
	memset(p, 0, sizeof(*p));
}

/* A new payload from h's sender in a free slot, or NULL with errno. */
static struct partial *start(struct reassembly *r, const struct frame_header *h)
{
	struct partial *p = NULL;

	for (int i = 0; p == NULL && i < REASSEMBLY_SENDERS; i++)
		if (!r->slot[i].used)
			p = &r->slot[i];
	if (p == NULL) {
		errno = ENOBUFS;
		return NULL;
	}
	/* malloc(0) may return NULL: ask for one byte at least. */
	p->data = malloc(h->total > 0 ? h->total : 1);
	if (p->data == NULL)
		return NULL;
	p->used = 1;
	p->sender = h->sender;
	p->next_seq = 0;
	p->total = h->total;
	p->got = 0;
	return p;
}

/*
 * File one message of n bytes into r.  Returns 0, or -1 with errno
 * (EBADMSG when a payload was broken, ENOBUFS, ENOMEM).
 */
static int take(struct reassembly *r, const char *msg, size_t n)
{
	struct frame_header h;
	struct partial *p;
	int broken = 0;

	if (n < sizeof(h))
		goto bad;
	memcpy(&h, msg, sizeof(h));
	if (h.magic != FRAME_MAGIC)
		goto bad;
	n -= sizeof(h);
	p = find_slot(r, h.sender);
	if (h.seq == 0) {
		/* The sender started over: its old payload lost its end. */
		if (p != NULL) {
			drop(p);
			broken = 1;
		}
		p = start(r, &h);
		if (p == NULL)
			return -1;
	} else if (p == NULL || h.seq != p->next_seq || h.total != p->total) {
		if (p != NULL)
			drop(p);
		goto bad;
	}
	if (n > p->total - p->got) {
		drop(p);
		goto bad;
	}
	memcpy(p->data + p->got, msg + sizeof(h), n);
	p->got += n;
	p->next_seq++;
	if (broken)
		goto bad;
	return 0;
bad:
	errno = EBADMSG;
	return -1;
}

ssize_t receive_payload(mqd_t q, struct reassembly *r, void **data,
			uint32_t *sender)
{
	ssize_t n;
	char *msg;
	int ret, saved;

	*data = NULL;
	for (;;) {
		/* A complete payload goes out first, even one completed
		 * by a call that had to report another as broken. */
		for (int i = 0; i < REASSEMBLY_SENDERS; i++) {
			struct partial *p = &r->slot[i];

			if (p->used && p->got == p->total) {
				*data = p->data;
				*sender = p->sender;
				n = p->total;
				p->data = NULL;
				drop(p);
				return n;
			}
		}
		n = receive_any(q, &msg);
		if (n == -1)
			return -1;
		ret = take(r, msg, n);
		saved = errno;
		free(msg);
		errno = saved;
		if (ret == -1)
			return -1;
	}
}

void reassembly_free(struct reassembly *r)
{
	for (int i = 0; i < REASSEMBLY_SENDERS; i++)
		drop(&r->slot[i]);
}

/* A System V message: msgrcv() writes the type, then the text. */
struct whole_message {
	long mtype;
	char text[];
};

ssize_t receive_whole(int msqid, long msgtyp, long *mtype, void **data)
{
	struct whole_message *m;
	struct msqid_ds ds;
	size_t size;
	ssize_t n;
	int saved;

	*data = NULL;
	if (msgctl(msqid, IPC_STAT, &ds) == -1)
		return -1;
	/* Nothing longer than msg_qbytes can be sent now; what was sent
	 * before it was lowered earns an E2BIG, and another try. */
	size = ds.msg_qbytes > 0 ? ds.msg_qbytes : 1;
	for (;;) {
		m = malloc(sizeof(*m) + size);
		if (m == NULL)
			return -1;
		n = msgrcv(msqid, m, size, msgtyp, 0);
		if (n >= 0)
			break;
		saved = errno;
		free(m);
		errno = saved;
		if (errno != E2BIG || size > SSIZE_MAX / 2)
			return -1;
		size *= 2;
	}
	*mtype = m->mtype;
	*data = malloc(n > 0 ? n : 1);
	if (*data != NULL)
		memcpy(*data, m->text, n);
	saved = errno;
	free(m);
	errno = saved;
	return *data != NULL ? n : -1;
}
