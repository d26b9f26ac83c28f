/*
 * lab.c - lab 02 as the grader, the CLI and the TUI see it: plain data.
 *
 * Two unrelated applications whose ftok() keys collide share one System
 * V queue and read each other's messages.  The checks judge
 * open_own_queue() (ftok_collision.h) through real collisions made on
 * disk and faults injected into msgget().
 *
 * See also: labs/lab.h, ftok_collision.h, tests/labs/test_02_ftok_collision.c
 * SPDX-License-Identifier: MIT
 */
#include "labs/lab.h"

static const struct lab_check checks[] = {
	{"ftok_failure_is_an_error_never_a_key",
	 "a missing key file is an error, never a key", 15,
	 "What does ftok() return when it cannot stat the file, and what "
	 "does msgget() make of that number?"},
	{"colliding_files_get_distinct_queues",
	 "two files with one key get two queues", 15,
	 "msgget(key, IPC_CREAT) opens whatever queue has that key.  Which "
	 "flag makes msgget() fail instead of opening an existing queue?"},
	{"same_file_gets_distinct_queues",
	 "two applications on the same file get two queues", 10,
	 "When the key is taken, which key can msgget() never hand to "
	 "anyone else?"},
	{"no_cross_talk_between_colliding_applications",
	 "no application reads another's messages", 15,
	 "Each application must end up with a queue only it created; check "
	 "what each one really got with msgctl(IPC_STAT)."},
	{"restart_reopens_the_same_queue", "a restart reopens the queue it had",
	 20,
	 "After a fallback the key no longer leads to your queue.  What "
	 "must you keep, and where, to find it again?  And a recorded queue "
	 "may be gone."},
	{"injected_eexist_from_msgget_is_handled",
	 "EEXIST from msgget() is handled", 10,
	 "EEXIST with IPC_EXCL means the key is taken, not that you are "
	 "done: there is another way to get a new queue."},
	{"enospc_from_msgget_is_an_error_never_a_foreign_queue",
	 "ENOSPC is an error, never another's queue", 15,
	 "When creating your queue fails for any reason but EEXIST, stop "
	 "and report it: the queue at the key is still not yours."},
	{0},
};

static const struct lab_preset presets[] = {
	{"trace every msgget", 0, "msgget:log"},
	{"billing finds its key taken", "billing",
	 "msgget:error=EEXIST:when=1"},
	{"shipping finds no free queue", "shipping",
	 "msgget:error=ENOSPC:when=2+:if=msgflg&IPC_CREAT"},
	{0},
};

const struct lab lab_02_ftok_collision = {
	.number = 2,
	.slug = "ftok-collision",
	.title = "Two applications, one ftok() key",
	.difficulty = "moderate",
	.minutes = 45,
	.summary = "ftok() keys of two different files collide: open a "
		   "queue that is really yours",
	.checks = checks,
	.presets = presets,
};
