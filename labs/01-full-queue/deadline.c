/*
 * deadline.c - lab 01's one clock helper: a deadline ms milliseconds away.
 *
 * mq_timedsend() and mq_timedreceive() take an absolute CLOCK_REALTIME
 * time, not a duration, so that a call retried after EINTR keeps its
 * deadline instead of starting the wait over.  Turning "in 100 ms" into
 * such a time is the one conversion every caller needs: the scenario's
 * roles, the graded checks, and your code too if you like.
 *
 * In the kernel: do_mq_timedsend() in ipc/mqueue.c sleeps until this
 * absolute time at most (wq_sleep() with schedule_hrtimeout_range_clock()).
 *
 * See also: labs/01-full-queue/full_queue.h, clock_gettime(2), mq_send(3)
 * SPDX-License-Identifier: MIT
 */
#include <time.h>

#include "labs/01-full-queue/full_queue.h"

struct timespec deadline_in_ms(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += ms % 1000 * 1000000L;
	t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}
