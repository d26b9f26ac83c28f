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

void draw_help(const struct keys_entry *table, const char *title)
{
	char lines[DRAW_HELP_MAX][KEYS_HELP_WIDTH];
	size_t n, i;
	int y = 2;

	n = keys_help(table, lines, DRAW_HELP_MAX);
	draw_text(0, 0, COLS, term_attr(TERM_TITLE),
		  " %s: keys (any key closes this help)", title);
	for (i = 0; i < n && y < LINES - 5; i++)
		draw_text(y++, 0, COLS, term_attr(TERM_NORMAL), "  %s",
			  lines[i]);
	y++;
	draw_text(y++, 0, COLS, term_attr(TERM_NORMAL),
		  "  Queues are refreshed every second.  System V contents are "
		  "copies the kernel");
	draw_text(
		y++, 0, COLS, term_attr(TERM_NORMAL),
		"  makes (msgrcv MSG_COPY); POSIX queues cannot be peeked, so "
		"contents no one saw");
	draw_text(
		y++, 0, COLS, term_attr(TERM_NORMAL),
		"  sent show as unknown.  mqlab ls prints the queues once, as "
		"text.");
}
