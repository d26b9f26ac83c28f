/*
 * cmd-top.c - `mqlab top`: every queue of the host, live, in curses.
 *
 * The event loop, as in htop's ScreenManager: poll() on the keyboard,
 * on the resize descriptor and on a one-second timer; never a busy loop.
 * Keys go through the key table (tui/keys.c) to the model; the kernel is
 * scanned every second, or at once on r; the layout tells the model how
 * many messages are on screen before it copies any.
 *
 * See also: tui/model_top.h, tui/keys.h, tui/draw.h, tui/term.h,
 *           tui/cmd-ls.c (the same, printed once)
 * SPDX-License-Identifier: MIT
 */
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui/cmd.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/model_top.h"
#include "tui/term.h"

#define CMD_TOP_PERIOD 1.0 /* seconds between scans */

static double cmd_top_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Tell the model how many rows the screen shows. */
static void cmd_top_layout(struct model_top *t)
{
	struct draw_layout l;

	draw_top_layout(t, LINES, COLS, &l);
	t->queue_rows = l.queues.h > 3 ? (size_t)l.queues.h - 2 : 1;
	/* The messages pane: a title, attributes, details, column names. */
	t->message_rows = l.messages.h > 5 ? (size_t)l.messages.h - 4 : 1;
}

/* Read every key waiting.  Returns what the keys ask of the loop. */
static enum keys_result cmd_top_keys(struct model_top *t, bool *window)
{
	enum keys_result r, worst = KEYS_REDRAW;
	int ch;

	while (!t->quit && (ch = getch()) != ERR) {
		if (ch == KEY_RESIZE)
			continue; /* term_resize() handles it */
		r = keys_dispatch(t, keys_table, ch);
		if (r == KEYS_WINDOW)
			*window = true;
		if (r > worst)
			worst = r;
	}
	return worst;
}

static int cmd_top_loop(struct model_top *t)
{
	struct pollfd pfd[2];
	double now = cmd_top_now(), next = now + CMD_TOP_PERIOD;
	bool scan, window, draw;
	int wait_ms;

	cmd_top_layout(t);
	if (model_top_refresh(t, now) < 0)
		return -1;
	draw_top(t);
	while (!t->quit) {
		wait_ms = (int)((next - now) * 1000) + 1;
		pfd[0] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
		pfd[1] = (struct pollfd){term_resize_fd(), POLLIN, 0};
		if (poll(pfd, 2, wait_ms < 1 ? 1 : wait_ms) < 0 &&
		    errno != EINTR)
			return -1;
		scan = window = draw = false;
		if (pfd[1].revents & POLLIN) {
			term_resize();
			window = draw = true;
		}
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return 0; /* the terminal is gone */
		if (pfd[0].revents & POLLIN) {
			draw = true;
			if (cmd_top_keys(t, &window) == KEYS_RESCAN)
				scan = true;
		}
		now = cmd_top_now();
		if (now >= next) {
			scan = true;
			next = now + CMD_TOP_PERIOD;
		}
		if (t->quit)
			break;
		if (scan || window)
			cmd_top_layout(t);
		if (scan && model_top_refresh(t, now) < 0)
			return -1;
		if (!scan && window && model_top_window(t) < 0)
			return -1;
		if (scan || window || draw)
			draw_top(t);
	}
	return 0;
}

static int cmd_top_exec(int argc, char *argv[])
{
	struct model_top t;
	bool present = false;
	char why[160];
	int i, rc, err;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return cmd_print_usage(&cmd_top_entry);
		if (strcmp(argv[i], "--present") != 0)
			return cmd_usage_error("top: unknown option '%s'; "
					       "try mqlab top --present",
					       cmd_quote(argv[i]));
		present = true;
	}
	if (term_check(why, sizeof(why)) < 0)
		return cmd_usage_error("top needs a terminal, but %s; "
				       "mqlab ls prints the same as text",
				       why);
	model_top_init(&t, present);
	if (term_start(present) < 0) {
		err = errno;
		model_top_free(&t);
		return cmd_fail("top cannot use this terminal (%s); "
				"mqlab ls prints the same as text",
				strerror(err));
	}
	rc = cmd_top_loop(&t);
	err = errno;
	term_stop();
	model_top_free(&t);
	if (rc < 0)
		return cmd_fail("top stopped: %s", strerror(err));
	return 0;
}

const struct cmd_entry cmd_top_entry = {
	.name = "top",
	.usage = "[--present]",
	.help = "every queue on this host, live: contents, fill, who is "
		"blocked (--present: for a projector)",
	.exec = cmd_top_exec,
};
