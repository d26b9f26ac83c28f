/*
 * lab.c - lab 01 declared: identity, graded checks, fault presets.
 *
 * Plain data, read by the grader, the CLI and the TUI; the roles live in
 * scenario.c and the checks in tests/labs/test_01_full_queue.c, one
 * Criterion test per row of checks[] below.
 *
 * See also: labs/lab.h, labs/01-full-queue/README.md
 * SPDX-License-Identifier: MIT
 */
#include "labs/lab.h"

static const struct lab_check checks[] = {
	{"deadline_is_honoured_on_a_full_queue",
	 "deadline is honoured on a full queue", 20,
	 "Nobody reads this queue: the call must come back by itself, "
	 "reporting SEND_TIMED_OUT, no earlier than the deadline. "
	 "mq_send(3) lists a sibling call that takes an absolute time."},
	{"send_succeeds_as_soon_as_a_slot_frees",
	 "send succeeds as soon as a slot frees", 15,
	 "Here the descriptor is O_NONBLOCK, and the queue is full for "
	 "a short while only: the message must be in the queue afterwards. "
	 "What does mq_send(3) do with O_NONBLOCK on a full queue?"},
	{"injected_eagain_is_retried", "survives EAGAIN three times", 15,
	 "mq_timedsend fails with EAGAIN three times, then works. "
	 "EAGAIN means not now, rather than never: is the message in the "
	 "queue, exactly once, when you return SEND_SENT?"},
	{"injected_eintr_is_retried", "survives EINTR three times", 15,
	 "mq_timedsend is interrupted by a signal three times, then works. "
	 "Check the return value of every call, and think about what an "
	 "absolute deadline gives you when you call again."},
	{"waiting_does_not_busy_spin",
	 "waiting on a full queue does not busy-spin", 15,
	 "On an O_NONBLOCK descriptor a full queue answers EAGAIN at once; "
	 "calling again straight away makes thousands of calls in 200 ms, "
	 "and the check allows 25. What can your loop do between two "
	 "attempts, and for how long?"},
	{"messages_arrive_in_order_exactly_once",
	 "100 messages arrive in order, exactly once", 10,
	 "A reader takes 100 messages while some sends fail with EAGAIN or "
	 "EINTR. A message must go in once: neither skipped nor sent twice."},
	{"unsendable_message_is_shed_not_lost",
	 "an unsendable message is reported as shed", 10,
	 "A message longer than mq_msgsize can never go in: waiting will "
	 "not help. Which errno values are worth another try, and which "
	 "are not?"},
	{0},
};

static const struct lab_preset presets[] = {
	{"consumer stalls", "consumer",
	 "mq_timedreceive:delay_enter=3s:when=3"},
	{"consumer dies", "consumer", "mq_timedreceive:signal=SIGKILL:when=3"},
	{"sends interrupted", "producer",
	 "mq_timedsend:error=EINTR:when=5..30+3"},
	{"queue says EAGAIN", "producer",
	 "mq_timedsend:error=EAGAIN:when=4..30+4"},
	{"one order too long", "producer",
	 "mq_timedsend:error=EMSGSIZE:when=6"},
	{0},
};

const struct lab lab_01_full_queue = {
	.number = 1,
	.slug = "full-queue",
	.title = "A full queue blocks its sender",
	.difficulty = "easy",
	.minutes = 45,
	.summary = "Send with a deadline and bounded backoff instead of "
		   "blocking forever on a full queue",
	.checks = checks,
	.presets = presets,
};
