/*
 * draw_top.c - the layout of `mqlab top`, its top and bottom bars.
 *
 * One column up to 119 columns: Queues, then the selected queue's
 * messages, then Processes.  From 120 columns, the messages move to a
 * right-hand column, and the queues keep at least 80.  --present adds a blank line between panes and
 * shows the last key pressed, for a room watching a projector.
 *
 * See also: tui/draw.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/draw.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/keys.h"
#include "tui/term.h"

static int draw_top_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void draw_top_layout(const struct model_top *t, int lines, int cols,
		     struct draw_layout *l)
{
	int gap = t->present ? 1 : 0, avail, notes, left;

	memset(l, 0, sizeof(*l));
	l->title = (struct draw_box){0, 0, 1, cols};
	l->footer = (struct draw_box){lines - 1, 0, 1, cols};
	avail = lines - 2;
	if (t->zoomed) {
		l->messages = (struct draw_box){1, 0, avail, cols};
		return;
	}
	notes = (t->queues.posix_note[0] != '\0') +
		(t->queues.sysv_note[0] != '\0');
	l->two_columns = cols >= 120;
	/* The queue rows need 80 columns; the messages get the rest. */
	left = l->two_columns ? cols * 11 / 20 : cols;
	if (l->two_columns && left < TERM_MIN_COLS)
		left = TERM_MIN_COLS;
	if (l->two_columns) {
		l->procs.h =
			draw_top_clamp((int)t->blocked.n + 2, 3, avail / 3);
		l->queues.h = avail - l->procs.h - gap;
		l->messages =
			(struct draw_box){1, left + 1, avail, cols - left - 1};
	} else {
		l->procs.h =
			draw_top_clamp((int)t->blocked.n + 2, 3, avail / 4);
		l->queues.h = draw_top_clamp((int)t->queues.n + 2 + notes, 4,
					     (avail - l->procs.h) / 2);
		l->messages.h = avail - l->procs.h - l->queues.h - 2 * gap;
		l->messages.y = 1 + l->queues.h + gap;
		l->messages.w = cols;
	}
	l->queues.y = 1;
	l->queues.w = left;
	l->procs.y = 1 + avail - l->procs.h;
	l->procs.w = left;
}

static void draw_top_title(const struct model_top *t, struct draw_box b)
{
	char clock[16];
	time_t now = time(NULL);

	strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&now));
	draw_text(b.y, b.x, b.w, term_attr(TERM_TITLE),
		  " mqlab top   %zu queue%s (%zu POSIX, %zu System V)   "
		  "%zu blocked on a queue",
		  t->queues.n, t->queues.n == 1 ? "" : "s", t->queues.posix,
		  t->queues.sysv, t->blocked.n);
	draw_text(b.y, b.x + b.w - 9, 9, term_attr(TERM_TITLE), "%s", clock);
}

static void draw_top_footer(const struct model_top *t, struct draw_box b)
{
	char hints[256];
	int len;

	keys_hints(keys_table, hints, sizeof(hints));
	draw_text(b.y, b.x, b.w, term_attr(TERM_KEY), " %s", hints);
	if (t->present && t->last_key[0] != '\0') {
		len = (int)strlen(t->last_key) + 7;
		if (len < b.w)
			draw_text(b.y, b.x + b.w - len, len,
				  term_attr(TERM_SELECTED), " key %s ",
				  t->last_key);
	}
}

void draw_top(const struct model_top *t)
{
	struct draw_layout l;

	erase();
	if (term_too_small()) {
		term_draw_too_small();
		refresh();
		return;
	}
	if (t->help) {
		draw_help(keys_table, "mqlab top");
		refresh();
		return;
	}
	draw_top_layout(t, LINES, COLS, &l);
	draw_top_title(t, l.title);
	if (!t->zoomed) {
		draw_queues(t, l.queues);
		draw_procs(t, l.procs);
	}
	draw_queues_messages(t, l.messages);
	draw_top_footer(t, l.footer);
	refresh();
}
