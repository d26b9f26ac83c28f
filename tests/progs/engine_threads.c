/*
 * engine_threads.c - four threads send on one POSIX queue, and say how
 * each of their sends went.
 *
 * A target for the engine's counting tests: `engine_threads FD SENDS
 * [/name]` creates the queue, and each of 4 threads makes SENDS sends,
 * receiving each message right after a successful send, so the queue
 * never fills and only an injected fault can make a send fail.  Each
 * thread then writes one line to descriptor FD (inherited from whoever
 * started us, so our standard output stays free):
 *
 *	thread 2: failed 2 pattern .XX.. errno 11
 *
 * with one pattern character per send: '.' sent, 'X' failed.
 *
 * See also: tests/test_engine_count.c
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

#define THREADS	  4
#define MAX_SENDS 256

struct worker {
	pthread_t thread;
	int index;
	mqd_t q;
	int sends;
	int failed, last_errno;
	char pattern[MAX_SENDS + 1];
};

/* Every thread starts sending at once, so their calls interleave. */
static pthread_barrier_t start;

static void *work(void *arg)
{
	struct worker *w = arg;
	char buf[64];

	pthread_barrier_wait(&start);
	for (int i = 0; i < w->sends; i++) {
		if (mq_send(w->q, "m", 1, 0) == 0) {
			w->pattern[i] = '.';
			mq_receive(w->q, buf, sizeof(buf), NULL);
		} else {
			w->pattern[i] = 'X';
			w->failed++;
			w->last_errno = errno;
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct mq_attr attr = {.mq_maxmsg = 10, .mq_msgsize = 64};
	struct worker w[THREADS] = {0};
	const char *name = argc > 3 ? argv[3] : "/mqlab-threads";
	int fd, sends;
	mqd_t q;

	if (argc < 3) {
		fprintf(stderr, "usage: engine_threads FD SENDS [/name]\n");
		return 2;
	}
	fd = atoi(argv[1]);
	sends = atoi(argv[2]);
	if (sends < 1 || sends > MAX_SENDS) {
		fprintf(stderr, "engine_threads: SENDS must be 1..%d\n",
			MAX_SENDS);
		return 2;
	}
	q = mq_open(name, O_CREAT | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1) {
		fprintf(stderr, "mq_open: %s\n", strerror(errno));
		return 1;
	}
	pthread_barrier_init(&start, NULL, THREADS);
	for (int i = 0; i < THREADS; i++) {
		w[i].index = i;
		w[i].q = q;
		w[i].sends = sends;
		if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0) {
			fprintf(stderr, "pthread_create failed\n");
			return 1;
		}
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		dprintf(fd, "thread %d: failed %d pattern %s errno %d\n", i,
			w[i].failed, w[i].pattern, w[i].last_errno);
	}
	mq_close(q);
	mq_unlink(name);
	return 0;
}
