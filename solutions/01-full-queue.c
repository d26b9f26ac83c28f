/*
 * 01-full-queue.c - reference send_with_deadline() for lab 01.
 *
 * One loop around mq_timedsend() with the caller's absolute deadline.
 * On a blocking descriptor the kernel does the waiting: the call sleeps
 * until a slot frees (it returns 0) or the deadline passes (ETIMEDOUT),
 * so the loop runs once.  On an O_NONBLOCK descriptor the kernel never
 * sleeps and ignores the timeout (EAGAIN at once), so we sleep instead,
 * with exponential backoff capped at BACKOFF_MAX_MS and never past the
 * deadline: a few dozen calls per second at most, and a free slot is
 * seen within BACKOFF_MAX_MS.  EINTR is retried with the same deadline,
 * which is why the deadline is absolute: a relative timeout would start
 * over at every interruption.
 *
 * In the kernel: do_mq_timedsend() in ipc/mqueue.c.
 *
 * See also: labs/01-full-queue/full_queue.h, mq_send(3),
 *           clock_nanosleep(2)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <mqueue.h>
#include <stdbool.h>
#include <time.h>

#include "labs/01-full-queue/full_queue.h"

#define BACKOFF_FIRST_MS 1
#define BACKOFF_MAX_MS	 50

static bool before(const struct timespec *a, const struct timespec *b)
{
	if (a->tv_sec != b->tv_sec)
		return a->tv_sec < b->tv_sec;
	return a->tv_nsec < b->tv_nsec;
}

/* Sleep ms milliseconds, but wake at the deadline if that comes first. */
static void back_off(long ms, const struct timespec *deadline)
{
	struct timespec wake = deadline_in_ms(ms);

	if (before(deadline, &wake))
		wake = *deadline;
	/* A signal cuts the nap short: the caller simply tries again. */
	clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &wake, NULL);
}

enum send_result send_with_deadline(mqd_t q, const char *msg, size_t len,
				    unsigned prio,
				    const struct timespec *deadline)
{
	long backoff_ms = BACKOFF_FIRST_MS;
	struct timespec now;
	int ret;
	int err;

	for (;;) {
		ret = mq_timedsend(q, msg, len, prio, deadline);
		if (ret == 0)
			return SEND_SENT;
		err = errno;
		if (err == ETIMEDOUT)
			return SEND_TIMED_OUT;
		if (err != EINTR && err != EAGAIN)
			return SEND_SHED;

		/* EINTR or EAGAIN: the message did not go in, and either may
		 * come again; try while the deadline allows. */
		now = deadline_in_ms(0);
		if (!before(&now, deadline)) {
			errno = ETIMEDOUT;
			return SEND_TIMED_OUT;
		}
		/* EAGAIN comes back at once, so without a pause this loop
		 * would spin; EINTR came after a wait, retry at once. */
		if (err == EAGAIN) {
			back_off(backoff_ms, deadline);
			backoff_ms *= 2;
			if (backoff_ms > BACKOFF_MAX_MS)
				backoff_ms = BACKOFF_MAX_MS;
		}
	}
}
