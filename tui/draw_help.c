/*
 * draw_help.c - the help screen, generated from the key table.
 *
 * Nothing here names a key: every line comes from keys_help(), so the
 * help cannot drift from what the keys do.
 *
 * See also: tui/draw.h, tui/keys.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/draw.h"

#include <curses.h>

#include "tui/keys.h"
#include "tui/term.h"

#define DRAW_HELP_MAX 32

void draw_help(const struct model_top *t)
{
	char lines[DRAW_HELP_MAX][KEYS_HELP_WIDTH];
	size_t n, i;
	int y = 2;

	(void)t;
	n = keys_help(lines, DRAW_HELP_MAX);
	draw_text(0, 0, COLS, term_attr(TERM_TITLE),
		  " mqlab top: keys (any key closes this help)");
	for (i = 0; i < n && y < LINES - 5; i++)
		draw_text(y++, 0, COLS, term_attr(TERM_NORMAL), "  %s",
			  lines[i]);
	y++;
	draw_text(y++, 0, COLS, term_attr(TERM_NORMAL),
		  "  Every queue of this IPC namespace, refreshed every "
		  "second.  System V contents are");
	draw_text(y++, 0, COLS, term_attr(TERM_NORMAL),
		  "  copies (msgrcv MSG_COPY); POSIX queues cannot be peeked, "
		  "so their contents show as");
	draw_text(y++, 0, COLS, term_attr(TERM_NORMAL),
		  "  unknown.  mqlab ls prints the same once, as text.");
}
