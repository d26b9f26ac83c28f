/*
 * lab.c - lab 03 declared: identity, graded checks, fault presets.
 *
 * Plain data, read by the grader, the CLI and the TUI; the roles live in
 * scenario.c and the checks in tests/labs/test_03_priority_starvation.c,
 * one Criterion test per row of checks[] below.
 *
 * See also: labs/lab.h, labs/03-priority-starvation/README.md
 * SPDX-License-Identifier: MIT
 */
#include "labs/lab.h"

static const struct lab_check checks[] = {
	{"low_priority_waits_at_most_the_bound",
	 "a low-priority message waits at most the bound under a flood", 40,
	 "Urgent messages arrive as fast as you hand them out, and a few "
	 "low-priority ones are mixed in. Each must come out before "
	 "AGING_LIMIT newer messages have overtaken it. mq_receive() cannot "
	 "do that on its own: what would you need to see before choosing?"},
	{"urgent_messages_still_come_first",
	 "urgent messages still come first while nothing is old", 20,
	 "A message may go ahead of a higher-priority one only once it has "
	 "waited AGING_LIMIT deliveries. Count age in deliveries, from the "
	 "moment you took the message in, not in seconds."},
	{"one_priority_keeps_its_order",
	 "messages of one priority keep the order they were sent in", 20,
	 "Messages of the same priority must come out in the order they "
	 "went in, old ones too. How do you remove a message from the "
	 "middle of what you hold without reordering the rest?"},
	{"nothing_is_lost_or_duplicated",
	 "every message comes out exactly once, intact", 20,
	 "A burst of 90 messages (more than you can hold), interrupted "
	 "receives, then a flood. What happens to a message you received "
	 "but had no room for? And does each one leave what you hold once "
	 "it is handed out?"},
	{0},
};

static const struct lab_preset presets[] = {
	{"consumer stalls", "consumer",
	 "mq_timedreceive:delay_enter=1s:when=40"},
	{"receives interrupted", "consumer",
	 "mq_timedreceive:error=EINTR:when=10..100000+7"},
	{"flood pauses", "producer", "mq_timedsend:delay_enter=1s:when=100"},
	{0},
};

const struct lab lab_03_priority_starvation = {
	.number = 3,
	.slug = "priority-starvation",
	.title = "A flood of urgent messages starves the rest",
	.difficulty = "moderate",
	.minutes = 60,
	.summary = "Age what you hold so urgent messages come first but a "
		   "low-priority one never waits forever",
	.checks = checks,
	.presets = presets,
};
