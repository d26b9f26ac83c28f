/*
 * scan_sysv.c - the System V message queues of this IPC namespace.
 *
 * One pass over /proc/sysvipc/msg gives the list; its lines are
 * "key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime
 * ctime" (ipc/msg.c, sysvipc_msg_proc_show()).  MSG_COPY needs a buffer
 * at least as large as the message, or copy_msg() fails with EINVAL
 * even with MSG_NOERROR; no message is longer than the bytes the whole
 * queue holds, so msg_cbytes is always enough.
 *
 * See also: tui/scan_sysv.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/scan_sysv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>

/* More than any queue a user may size (msgmnb) holds by default. */
#define SCAN_SYSV_MAX_COPY (64UL << 20)

static int scan_sysv_cmp(const void *a, const void *b)
{
	const struct scan_sysv_queue *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int scan_sysv_parse(const char *line, struct scan_sysv_queue *q)
{
	long long stime, rtime, ctime;
	int key, n;

	memset(q, 0, sizeof(*q));
	n = sscanf(line, "%d %d %o %lu %lu %d %d %u %u %*u %*u %lld %lld %lld",
		   &key, &q->id, &q->mode, &q->cbytes, &q->qnum, &q->lspid,
		   &q->lrpid, &q->uid, &q->gid, &stime, &rtime, &ctime);
	if (n != 12)
		return -1;
	q->key = (key_t)key;
	q->stime = (time_t)stime;
	q->rtime = (time_t)rtime;
	q->ctime = (time_t)ctime;
	return 0;
}

static void scan_sysv_stat(struct scan_sysv_queue *q)
{
	struct msqid_ds ds;

	q->qbytes = -1;
	q->stat_errno = 0;
	if (msgctl(q->id, IPC_STAT, &ds) < 0) {
		q->stat_errno = errno;
		return;
	}
	q->qbytes = (long)ds.msg_qbytes;
	/* IPC_STAT is newer than the line we parsed a moment ago. */
	q->cbytes = ds.msg_cbytes;
	q->qnum = ds.msg_qnum;
	q->lspid = ds.msg_lspid;
	q->lrpid = ds.msg_lrpid;
}

int scan_sysv_read(struct scan_sysv *s)
{
	struct scan_sysv_queue *queues = NULL, *grown;
	size_t n = 0, cap = 0;
	char line[512];
	FILE *f;

	f = fopen("/proc/sysvipc/msg", "re");
	if (f == NULL)
		return -1;
	if (fgets(line, sizeof(line), f) == NULL) /* the column names */
		line[0] = '\0';
	while (fgets(line, sizeof(line), f) != NULL) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(queues, cap * sizeof(*queues));
			if (grown == NULL)
				goto out_free;
			queues = grown;
		}
		if (scan_sysv_parse(line, &queues[n]) < 0)
			continue;
		scan_sysv_stat(&queues[n]);
		n++;
	}
	fclose(f);
	if (n > 1)
		qsort(queues, n, sizeof(*queues), scan_sysv_cmp);
	scan_sysv_free(s);
	s->queues = queues;
	s->n = n;
	return 0;

out_free:
	fclose(f);
	free(queues);
	errno = ENOMEM;
	return -1;
}

const struct scan_sysv_queue *scan_sysv_find(const struct scan_sysv *s, int id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->queues[i].id == id)
			return &s->queues[i];
	return NULL;
}

long scan_sysv_peek(const struct scan_sysv_queue *q, size_t first, size_t count,
		    struct scan_sysv_message *out)
{
	unsigned char *buf; /* a long mtype, then the text */
	size_t size, i;
	ssize_t len = 0;
	int saved;

	if (count == 0 || first >= q->qnum)
		return 0;
	size = q->cbytes < SCAN_SYSV_MAX_COPY ? q->cbytes : SCAN_SYSV_MAX_COPY;
	if (size < SCAN_SYSV_HEAD)
		size = SCAN_SYSV_HEAD;
	buf = malloc(sizeof(long) + size);
	if (buf == NULL)
		return -1;
	for (i = 0; i < count; i++) {
		len = msgrcv(q->id, buf, size, (long)(first + i),
			     MSG_COPY | IPC_NOWAIT | MSG_NOERROR);
		if (len < 0)
			break;
		memcpy(&out[i].mtype, buf, sizeof(long));
		out[i].len = (size_t)len;
		out[i].head_len =
			len < SCAN_SYSV_HEAD ? (size_t)len : SCAN_SYSV_HEAD;
		memcpy(out[i].head, buf + sizeof(long), out[i].head_len);
	}
	saved = errno;
	free(buf);
	/* ENOMSG: the queue ended (it may have shrunk since the scan). */
	if (i == 0 && len < 0 && saved != ENOMSG) {
		errno = saved;
		return -1;
	}
	return (long)i;
}

void scan_sysv_free(struct scan_sysv *s)
{
	free(s->queues);
	s->queues = NULL;
	s->n = 0;
}
