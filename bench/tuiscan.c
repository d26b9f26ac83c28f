/*
 * tuiscan.c - what one System V scan of `mqlab top` costs on a long queue.
 *
 * `tuiscan ROWS LEN...` fills a System V queue with LEN messages for each
 * LEN, then times scan_sysv_peek() (the scanner `mqlab top` uses) two
 * ways: the ROWS messages a screen shows at the head of the queue, as
 * `top` does, and every message, as a scanner that peeks them all would.
 * MSG_COPY reaches message i by walking the kernel's list, so copying the
 * visible rows stays flat while peeking all grows with the square of the
 * length.  Output, one line per LEN: `len N visible_us X all_us Y`
 * (the median of 5 scans).
 *
 * `tuiscan -f LEN PROG ARGS...` fills one queue of LEN messages, then
 * runs PROG in the same namespace: bench/run times `mqlab top` on it.
 *
 * It runs in a private IPC namespace of its own (as root), where
 * kernel.msgmnb may be raised, so the host never sees the queue.
 *
 * See also: tui/scan_sysv.c, bench/run, bench/README.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <time.h>
#include <unistd.h>

#include "tui/scan_sysv.h"

#define SCANS 5

struct tuiscan_msg {
	long mtype;
	char text[32];
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median time of SCANS peeks of count messages from the head. */
static double time_peek(const struct scan_sysv_queue *q, size_t count,
			struct scan_sysv_message *out)
{
	double t[SCANS], start;
	int i;

	for (i = 0; i < SCANS; i++) {
		start = now_us();
		if (scan_sysv_peek(q, 0, count, out) != (long)count) {
			perror("tuiscan: scan_sysv_peek");
			exit(1);
		}
		t[i] = now_us() - start;
	}
	qsort(t, SCANS, sizeof(t[0]), cmp_double);
	return t[SCANS / 2];
}

static int fill(size_t len)
{
	struct tuiscan_msg m = {.mtype = 1};
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	size_t i;

	if (id < 0)
		return -1;
	for (i = 0; i < len; i++) {
		m.mtype = 1 + (long)(i % 3);
		snprintf(m.text, sizeof(m.text), "order %zu", i);
		if (msgsnd(id, &m, strlen(m.text), IPC_NOWAIT) < 0)
			return -1;
	}
	return id;
}

/* Make room for len messages of ours in this (private) namespace. */
static int room(size_t len)
{
	FILE *f = fopen("/proc/sys/kernel/msgmnb", "w");

	if (f == NULL || fprintf(f, "%zu\n", len * 32 + 1024) < 0) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	return fclose(f);
}

static int fill_and_run(size_t len, char **argv)
{
	if (unshare(CLONE_NEWIPC) < 0 || room(len) < 0 || fill(len) < 0) {
		perror("tuiscan: a private queue");
		return 1;
	}
	execvp(argv[0], argv);
	perror(argv[0]);
	return 127;
}

int main(int argc, char **argv)
{
	struct scan_sysv_message *out;
	struct scan_sysv_queue q;
	size_t rows, len, most = 0;
	struct msqid_ds ds;
	int i;

	if (argc > 3 && strcmp(argv[1], "-f") == 0)
		return fill_and_run(strtoul(argv[2], NULL, 10), argv + 3);
	if (argc < 3 || (rows = strtoul(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: tuiscan ROWS LEN...\n"
				"       tuiscan -f LEN PROG ARGS...\n");
		return 2;
	}
	if (unshare(CLONE_NEWIPC) < 0) {
		perror("tuiscan: unshare(CLONE_NEWIPC) (run as root)");
		return 1;
	}
	/* Room for the longest queue: 32 bytes a message is plenty. */
	for (i = 2; i < argc; i++)
		if (strtoul(argv[i], NULL, 10) > most)
			most = strtoul(argv[i], NULL, 10);
	if (room(most) < 0) {
		perror("tuiscan: kernel.msgmnb");
		return 1;
	}
	out = calloc(most > rows ? most : rows, sizeof(*out));
	if (out == NULL)
		return 1;
	for (i = 2; i < argc; i++) {
		len = strtoul(argv[i], NULL, 10);
		memset(&q, 0, sizeof(q));
		q.id = fill(len);
		if (q.id < 0 || msgctl(q.id, IPC_STAT, &ds) < 0) {
			perror("tuiscan: filling the queue");
			return 1;
		}
		q.qnum = ds.msg_qnum;
		q.cbytes = ds.msg_cbytes;
		q.qbytes = (long)ds.msg_qbytes;
		printf("len %zu visible_us %.1f all_us %.1f\n", len,
		       time_peek(&q, rows < len ? rows : len, out),
		       time_peek(&q, len, out));
		msgctl(q.id, IPC_RMID, NULL);
	}
	free(out);
	return 0;
}
