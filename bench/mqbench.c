/*
 * mqbench.c - time POSIX queue send+receive pairs, for the overhead table.
 *
 * `mqbench N` opens a queue, unlinks it at once (the descriptor keeps it
 * alive, and nothing is left behind if we die), and times N pairs of
 * mq_send() and mq_receive() with CLOCK_MONOTONIC: only the loop, not
 * start-up.  As root it first moves into a private IPC namespace so that
 * even the name never appears on the host.  A send that fails with EAGAIN
 * is retried: strace's when= fires once within N (it caps at 65535), and
 * a pair must still be a pair.  Output: `pairs N ns_per_pair X`.
 *
 * It measures the cost of the calls, not of queue contention: one thread,
 * one message in flight, never a full queue.
 *
 * See also: bench/run, bench/README.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define QUEUE	  "/mqlab-bench"
#define MIN_PAIRS 200000L

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static mqd_t open_queue(void)
{
	struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = 64};
	mqd_t q;

	/* As an ordinary user this fails: the queue is then briefly named on
	 * the host, and unlinked right away. */
	unshare(CLONE_NEWIPC);
	q = mq_open(QUEUE, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1) {
		perror("mq_open " QUEUE);
		exit(1);
	}
	if (mq_unlink(QUEUE) < 0) {
		perror("mq_unlink " QUEUE);
		exit(1);
	}
	return q;
}

static void pair(mqd_t q)
{
	char buf[64];

	while (mq_send(q, "ping", 4, 0) < 0) {
		if (errno != EAGAIN) {
			perror("mq_send");
			exit(1);
		}
	}
	if (mq_receive(q, buf, sizeof(buf), NULL) < 0) {
		perror("mq_receive");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : MIN_PAIRS;
	double start, end;
	mqd_t q;

	if (n < MIN_PAIRS) {
		fprintf(stderr, "mqbench: N must be at least %ld\n", MIN_PAIRS);
		return 2;
	}
	q = open_queue();
	start = now_ns();
	for (long i = 0; i < n; i++)
		pair(q);
	end = now_ns();
	printf("pairs %ld ns_per_pair %.1f\n", n, (end - start) / (double)n);
	mq_close(q);
	return 0;
}
