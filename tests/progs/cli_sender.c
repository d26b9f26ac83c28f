/*
 * cli_sender.c - send on a POSIX queue from N threads, report each result.
 *
 * A target for mqfault's tests: `cli_sender [-t THREADS] [-n SENDS]
 * [-q /name]` creates the queue, and every thread sends SENDS messages,
 * receiving each one right after a successful send so the queue never
 * fills and no send can block or fail on its own.  Only an injected fault
 * makes a send fail.  Output, one line per thread, then a total:
 *
 *	thread 0: ok 8 failed 2 EAGAIN 2 pattern .XX.......
 *	total: ok 8 failed 2
 *
 * The pattern has one character per send in order: '.' sent, 'X' failed.
 *
 * See also: tests/test_mqfault.c
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 16
#define MAX_SENDS   4096
#define MAX_ERRNOS  8

struct worker {
	pthread_t thread;
	mqd_t q;
	int sends;
	int ok;
	char pattern[MAX_SENDS + 1];
	int errnos[MAX_ERRNOS]; /* distinct errno values, in first-seen order */
	int counts[MAX_ERRNOS];
};

static void count_errno(struct worker *w, int err)
{
	for (int i = 0; i < MAX_ERRNOS; i++) {
		if (w->errnos[i] == 0)
			w->errnos[i] = err;
		if (w->errnos[i] == err) {
			w->counts[i]++;
			return;
		}
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;
	char buf[64];

	for (int i = 0; i < w->sends; i++) {
		if (mq_send(w->q, "hello", 5, 0) < 0) {
			w->pattern[i] = 'X';
			count_errno(w, errno);
			continue;
		}
		w->pattern[i] = '.';
		w->ok++;
		if (mq_receive(w->q, buf, sizeof(buf), NULL) < 0) {
			perror("mq_receive");
			exit(1);
		}
	}
	return NULL;
}

static void report(int id, const struct worker *w)
{
	printf("thread %d: ok %d failed %d", id, w->ok, w->sends - w->ok);
	for (int i = 0; i < MAX_ERRNOS && w->errnos[i] != 0; i++)
		printf(" %s %d", strerrorname_np(w->errnos[i]), w->counts[i]);
	printf(" pattern %s\n", w->pattern);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: cli_sender [-t THREADS] [-n SENDS] [-q /name]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct worker workers[MAX_THREADS];
	struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = 64};
	const char *name = "/mqlab-cli-sender";
	int threads = 1, sends = 10, ok = 0, c;
	mqd_t q;

	while ((c = getopt(argc, argv, "t:n:q:")) != -1) {
		if (c == 't')
			threads = atoi(optarg);
		else if (c == 'n')
			sends = atoi(optarg);
		else if (c == 'q')
			name = optarg;
		else
			usage();
	}
	if (threads < 1 || threads > MAX_THREADS || sends < 0 ||
	    sends > MAX_SENDS)
		usage();

	q = mq_open(name, O_CREAT | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1) {
		perror("mq_open");
		return 1;
	}
	for (int i = 0; i < threads; i++) {
		workers[i].q = q;
		workers[i].sends = sends;
		if (pthread_create(&workers[i].thread, NULL, work,
				   &workers[i]) != 0) {
			fprintf(stderr, "pthread_create failed\n");
			return 1;
		}
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(workers[i].thread, NULL);
		report(i, &workers[i]);
		ok += workers[i].ok;
	}
	printf("total: ok %d failed %d\n", ok, threads * sends - ok);
	mq_close(q);
	if (mq_unlink(name) < 0) {
		perror("mq_unlink");
		return 1;
	}
	return 0;
}
