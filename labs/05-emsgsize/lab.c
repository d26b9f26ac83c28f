/*
 * lab.c - lab 05 declared: identity, graded checks, fault presets.
 *
 * Plain data, read by the grader, the CLI and the TUI; the roles live in
 * scenario.c and the checks in tests/labs/test_05_emsgsize.c, one
 * Criterion test per row of checks[] below.
 *
 * See also: labs/lab.h, labs/05-emsgsize/README.md
 * SPDX-License-Identifier: MIT
 */
#include "labs/lab.h"

static const struct lab_check checks[] = {
	{"receive_any_sizes_its_buffer_from_the_queue",
	 "a receive buffer is sized from the queue", 15,
	 "Four queues, with mq_msgsize from 16 to 20000 (more than the "
	 "default limit, 8192), each hold one message. mq_receive(3) "
	 "refuses a buffer shorter than mq_msgsize, however short the "
	 "message: where does a queue tell you its mq_msgsize?"},
	{"boundary_sizes_round_trip", "payloads of boundary sizes round-trip",
	 20,
	 "Payloads of 0 and 1 bytes, and of every size around mq_msgsize "
	 "and mq_msgsize minus the header, go through a queue of "
	 "mq_msgsize 1024, one at a time. One byte too many for a message "
	 "takes two messages, never EMSGSIZE; and 0 bytes is still a "
	 "payload, in one message."},
	{"one_mib_payload_round_trips", "a 1 MiB payload round-trips", 15,
	 "The queue holds 10 messages of 1024 bytes, far less than 1 MiB: "
	 "the sender blocks until the reader makes room, and the reader "
	 "sees EAGAIN whenever it is ahead. Does your code assume that a "
	 "payload fits in the queue, or that EAGAIN ends it?"},
	{"interleaved_senders_are_reassembled",
	 "two senders' interleaved fragments are reassembled", 20,
	 "The fragments of two senders arrive alternately, A B A B, and A "
	 "sends twice. A payload is returned as soon as it is complete: "
	 "what in each fragment says whose it is, and where it goes?"},
	{"lost_fragment_is_reported_not_delivered_short",
	 "a lost fragment is reported, never delivered short", 15,
	 "The fault engine makes mq_send() report success for three "
	 "fragments it never queued: one in the middle of a payload, one at "
	 "its end, one at its start. No payload with a hole may come out, "
	 "and the caller must hear of each one; the next payload still "
	 "arrives whole."},
	{"system_v_messages_are_never_truncated",
	 "System V messages are never truncated", 15,
	 "msgrcv() with MSG_NOERROR cuts a long message to your buffer "
	 "without a word. Here one message is longer than the queue's "
	 "msg_qbytes is now. What does msgrcv() do with a message too long "
	 "for your buffer when you leave MSG_NOERROR out?"},
	{0},
};

static const struct lab_preset presets[] = {
	{"a fragment is lost", "sender-a", "mq_send:retval=0:when=3"},
	{"a send fails halfway", "sender-b", "mq_send:error=EMSGSIZE:when=2"},
	{"consumer stalls", "consumer", "mq_receive:delay_enter=1s:when=4"},
	{"System V reader gets E2BIG", "sysv", "msgrcv:error=E2BIG:when=1"},
	{0},
};

const struct lab lab_05_emsgsize = {
	.number = 5,
	.slug = "emsgsize",
	.title = "Messages too long for the queue",
	.difficulty = "moderate",
	.minutes = 60,
	.summary = "Size buffers from the queue, and split and reassemble "
		   "payloads larger than one message, never truncating",
	.checks = checks,
	.presets = presets,
};
