/*
 * test_tui_ls.c - `mqlab ls`: every queue printed once, like ipcs -q.
 *
 * The test makes queues outside mqlab in its own IPC namespace (a System
 * V queue with messages, a full POSIX queue and a process blocked on
 * it), runs the real mqlab ls, and reads what it printed: attributes,
 * FULL in words, System V contents in delivery order, POSIX contents
 * said to be unknown, the blocked sender; the same as JSON; and one
 * line with exit status 2 for a bad option.
 *
 * See also: tui/cmd-ls.c, tests/helpers/tmux.h (tmux_run)
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/helpers/isolate.h"
#include "tests/helpers/tmux.h"

TestSuite(tui_ls, .init = isolate_or_fail, .timeout = 20);

#define LS_KEY 0x6d710006
#define OUT    16384

struct text_msg {
	long mtype;
	char text[64];
};

static int make_sysv(void)
{
	static const char *const texts[] = {"first", "second", "third"};
	static const long types[] = {3, 1, 2};
	struct text_msg m;
	int id, i;

	id = msgget(LS_KEY, IPC_CREAT | 0600);
	cr_assert(id >= 0, "msgget: %s", strerror(errno));
	for (i = 0; i < 3; i++) {
		m.mtype = types[i];
		snprintf(m.text, sizeof(m.text), "%s", texts[i]);
		cr_assert(msgsnd(id, &m, strlen(texts[i]), 0) == 0);
	}
	return id;
}

static int ls(char *out, const char *a1, const char *a2, const char *a3)
{
	char *argv[] = {(char *)tmux_mqlab(), (char *)"ls", (char *)a1,
			(char *)a2,	      (char *)a3,   NULL};
	int status = tmux_run(out, OUT, argv);

	cr_assert(WIFEXITED(status), "mqlab ls died: %#x", status);
	return WEXITSTATUS(status);
}

/* A child blocked in mq_send on the full queue q, seen by ls. */
static pid_t blocked_sender(mqd_t q, char *out)
{
	struct timespec pause = {0, 20 * 1000 * 1000};
	pid_t pid = fork();
	int i;

	cr_assert(pid >= 0);
	if (pid == 0) {
		/* Dies with the test, or after 20 s whatever happens. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(20);
		mq_send(q, "z", 1, 0);
		_exit(0);
	}
	for (i = 0; i < 500; i++) {
		cr_assert_eq(ls(out, NULL, NULL, NULL), 0, "%s", out);
		if (strstr(out, "BLOCKED in mq_timedsend") != NULL)
			return pid;
		nanosleep(&pause, NULL);
	}
	cr_assert_fail("the sender never showed as blocked:\n%s", out);
	return pid;
}

Test(tui_ls, prints_every_queue_with_contents_fill_and_blockers)
{
	struct mq_attr attr = {.mq_maxmsg = 2, .mq_msgsize = 16};
	char out[OUT], line[128];
	const char *a, *b, *c;
	mqd_t q;
	pid_t pid;
	int id;

	id = make_sysv();
	q = mq_open("/mqlab-ls-full", O_CREAT | O_RDWR, 0600, &attr);
	cr_assert(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	cr_assert(mq_send(q, "a", 1, 0) == 0 && mq_send(q, "b", 1, 0) == 0);
	pid = blocked_sender(q, out);

	cr_expect(strstr(out, "POSIX queues: 1") != NULL, "%s", out);
	cr_expect(strstr(out, "System V queues: 1") != NULL, "%s", out);
	snprintf(line, sizeof(line), "%-24s %7d %7d %7d", "/mqlab-ls-full", 2,
		 16, 2);
	cr_expect(strstr(out, line) != NULL, "no '%s' in:\n%s", line, out);
	cr_expect(strstr(out, "[##########] FULL") != NULL, "%s", out);
	cr_expect(strstr(out, "1 sender, 0 receivers") != NULL, "%s", out);
	cr_expect(strstr(out, "2 messages, contents unknown (POSIX queues "
			      "cannot be peeked)") != NULL,
		  "%s", out);
	snprintf(line, sizeof(line), "0x%08x %6d", LS_KEY, id);
	cr_expect(strstr(out, line) != NULL, "no '%s' in:\n%s", line, out);
	a = strstr(out, "#0  mtype 3  5 bytes  \"first\"");
	b = strstr(out, "#1  mtype 1  6 bytes  \"second\"");
	c = strstr(out, "#2  mtype 2  5 bytes  \"third\"");
	cr_expect(a != NULL && b != NULL && c != NULL && a < b && b < c,
		  "System V messages not in delivery order:\n%s", out);
	snprintf(line, sizeof(line),
		 "BLOCKED in mq_timedsend on "
		 "/mqlab-ls-full");
	cr_expect(strstr(out, line) != NULL, "%s", out);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	mq_close(q);
}

Test(tui_ls, n_limits_the_messages_shown_and_says_how_many_more)
{
	char out[OUT];

	make_sysv();
	cr_assert_eq(ls(out, "-n", "1", NULL), 0, "%s", out);
	cr_expect(strstr(out, "\"first\"") != NULL, "%s", out);
	cr_expect(strstr(out, "\"second\"") == NULL, "%s", out);
	cr_expect(strstr(out, "and 2 more") != NULL, "%s", out);
	cr_assert_eq(ls(out, "-n0", NULL, NULL), 0, "%s", out);
	cr_expect(strstr(out, "\"first\"") == NULL, "%s", out);
	cr_expect(strstr(out, "and 3 more") != NULL, "%s", out);
}

Test(tui_ls, json_has_the_same_facts)
{
	char out[OUT], key[64];

	make_sysv();
	cr_assert_eq(ls(out, "--json", NULL, NULL), 0, "%s", out);
	cr_expect(out[0] == '{' && strstr(out, "}\n") != NULL, "%s", out);
	snprintf(key, sizeof(key), "\"key\":\"0x%08x\"", LS_KEY);
	cr_expect(strstr(out, key) != NULL, "%s", out);
	cr_expect(strstr(out, "\"msg_qnum\":3") != NULL, "%s", out);
	cr_expect(strstr(out, "{\"index\":0,\"mtype\":3,\"length\":5,"
			      "\"preview\":\"\\\"first\\\"\"}") != NULL,
		  "%s", out);
	cr_expect(strstr(out, "\"processes\":[]") != NULL, "%s", out);
}

Test(tui_ls, an_empty_namespace_lists_nothing_and_succeeds)
{
	char out[OUT];

	cr_assert_eq(ls(out, NULL, NULL, NULL), 0, "%s", out);
	cr_expect(strstr(out, "POSIX queues: 0") != NULL, "%s", out);
	cr_expect(strstr(out, "System V queues: 0") != NULL, "%s", out);
	cr_expect(strstr(out, "Processes blocked on a queue: 0") != NULL, "%s",
		  out);
}

Test(tui_ls, bad_options_are_one_line_and_status_2)
{
	static const char *const bad[][2] = {
		{"--bogus", NULL},
		{"-n", "many"},
		{"-n", "-1"},
		{"-n", NULL},
	};
	char out[OUT];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(ls(out, bad[i][0], bad[i][1], NULL), 2,
			     "mqlab ls %s %s", bad[i][0],
			     bad[i][1] ? bad[i][1] : "");
		cr_expect(strncmp(out, "mqlab: ", 7) == 0 &&
				  strchr(out, '\n') == out + strlen(out) - 1,
			  "not one line: %s", out);
	}
}
