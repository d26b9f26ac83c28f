/*
 * test_tui_top.c - the real `mqlab top`, in a real terminal (tmux).
 *
 * Each test makes its queues itself, outside mqlab, in its own IPC
 * namespace, runs `mqlab top` in a tmux pane there, and reads the screen:
 * the queue with its System V message contents, "terminal too small"
 * below 80x24 and the panes again once it is large enough, and the
 * terminal given back on q and on a fatal signal (the pane left the
 * alternate screen and the keypad mode; nothing of the TUI is left on
 * it).  And without a usable terminal, one line pointing to mqlab ls.
 *
 * See also: tests/helpers/tmux.h, tui/cmd-top.c, tui/term.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/wait.h>

#include "tests/helpers/isolate.h"
#include "tests/helpers/tmux.h"

TestSuite(tui_top, .init = isolate_or_fail, .timeout = 30);

#define TOP_KEY 0x6d710005
#define SCREEN	8192

struct text_msg {
	long mtype;
	char text[64];
};

static int make_sysv_queue(void)
{
	struct text_msg m = {42, "hello from the test"};
	int id;

	id = msgget(TOP_KEY, IPC_CREAT | 0600);
	cr_assert(id >= 0, "msgget: %s", strerror(errno));
	cr_assert(msgsnd(id, &m, strlen(m.text), 0) == 0);
	m.mtype = 7;
	snprintf(m.text, sizeof(m.text), "second");
	cr_assert(msgsnd(id, &m, strlen(m.text), 0) == 0);
	return id;
}

static void start_top(struct tmux *t, const char *env)
{
	char command[512];

	snprintf(command, sizeof(command), "%s %s top", env, tmux_mqlab());
	tmux_start(t, 100, 30, command);
}

/* mqlab top exited with status (as sh says it) and left the terminal as
 * it found it. */
static void expect_restored(struct tmux *t, const char *label, int status)
{
	char screen[SCREEN], value[64];
	int got;

	got = tmux_wait_exit(t);
	cr_assert(got >= 0, "mqlab top did not exit");
	cr_expect_eq(got, status, "mqlab top exited with %d, not %d", got,
		     status);
	tmux_format(t, "#{alternate_on} #{keypad_flag}", value, sizeof(value));
	cr_expect_str_eq(value, "0 0",
			 "the alternate screen or keypad mode was left on "
			 "(alternate_on keypad_flag: %s)",
			 value);
	tmux_screen(t, screen, sizeof(screen));
	cr_expect(strstr(screen, "mqlab top") == NULL &&
			  strstr(screen, label) == NULL,
		  "the TUI is left on the screen:\n%s", screen);
}

Test(tui_top, shows_a_sysv_queue_made_outside_mqlab_resizes_and_quits)
{
	char screen[SCREEN], label[64];
	struct tmux t;
	int id;

	id = make_sysv_queue();
	snprintf(label, sizeof(label), "key 0x%08x id %d", TOP_KEY, id);
	start_top(&t, "");

	cr_expect(tmux_wait_for(&t, label, screen, sizeof(screen)),
		  "no %s on:\n%s", label, screen);
	cr_expect(tmux_wait_for(&t, "\"hello from the test\"", screen,
				sizeof(screen)),
		  "no message contents on:\n%s", screen);
	cr_expect(strstr(screen, "\"second\"") != NULL, "%s", screen);
	cr_expect(strstr(screen, "2 messages") != NULL, "%s", screen);

	tmux_cmd(&t, NULL, 0, "resize-window", "-t", "t", "-x", "60", "-y",
		 "20", NULL);
	cr_expect(tmux_wait_for(&t,
				"terminal too small: have 60x20, need 80x24",
				screen, sizeof(screen)),
		  "no 'too small' at 60x20:\n%s", screen);
	tmux_cmd(&t, NULL, 0, "resize-window", "-t", "t", "-x", "100", "-y",
		 "30", NULL);
	cr_expect(tmux_wait_for(&t, "\"hello from the test\"", screen,
				sizeof(screen)),
		  "the queue did not come back at 100x30:\n%s", screen);
	cr_expect(strstr(screen, "too small") == NULL, "%s", screen);

	tmux_cmd(&t, NULL, 0, "send-keys", "-t", "t", "q", NULL);
	expect_restored(&t, label, 0);
	tmux_stop(&t);
}

/* Start top, wait for its first frame, kill it with sig. */
static void killed_by(int sig, const char *name)
{
	char screen[SCREEN], label[64];
	struct tmux t;
	int id;

	id = make_sysv_queue();
	snprintf(label, sizeof(label), "key 0x%08x id %d", TOP_KEY, id);
	start_top(&t, "");
	cr_assert(tmux_wait_for(&t, label, screen, sizeof(screen)),
		  "no %s on:\n%s", label, screen);
	tmux_signal(&t, name);
	expect_restored(&t, label, 128 + sig);
	tmux_stop(&t);
}

Test(tui_top, gives_the_terminal_back_when_killed_by_SIGTERM)
{
	killed_by(SIGTERM, "TERM");
}

Test(tui_top, gives_the_terminal_back_on_SIGHUP)
{
	killed_by(SIGHUP, "HUP");
}

Test(tui_top, gives_the_terminal_back_when_it_crashes)
{
	killed_by(SIGSEGV, "SEGV");
}

Test(tui_top, an_unknown_TERM_is_one_line_pointing_to_ls)
{
	char screen[SCREEN];
	struct tmux t;

	start_top(&t, "TERM=mqlab-no-such-terminal");
	cr_expect(tmux_wait_for(&t, "not in the terminfo database", screen,
				sizeof(screen)),
		  "%s", screen);
	cr_expect(strstr(screen, "mqlab ls") != NULL, "%s", screen);
	cr_expect_eq(tmux_wait_exit(&t), 2);
	tmux_stop(&t);
}

Test(tui_top, without_a_terminal_it_says_so_and_points_to_ls)
{
	char *argv[] = {(char *)tmux_mqlab(), (char *)"top", NULL};
	char out[1024];
	int status;

	status = tmux_run(out, sizeof(out), argv);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "status %#x",
		  status);
	cr_expect(strstr(out, "not a terminal") != NULL, "%s", out);
	cr_expect(strstr(out, "mqlab ls") != NULL, "%s", out);
	cr_expect(strchr(out, '\n') == out + strlen(out) - 1,
		  "more than one line: %s", out);
}

Test(tui_top, a_bad_option_is_a_usage_error)
{
	char *argv[] = {(char *)tmux_mqlab(), (char *)"top", (char *)"--bogus",
			NULL};
	char out[1024];
	int status;

	status = tmux_run(out, sizeof(out), argv);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2);
	cr_expect(strstr(out, "--bogus") != NULL, "%s", out);
	cr_expect(strchr(out, '\n') == out + strlen(out) - 1, "%s", out);
}
