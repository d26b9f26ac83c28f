/*
 * draw.h - drawing `mqlab top` with curses, from the screen model.
 *
 * The drawing reads struct model_top and never changes what it shows:
 * every word comes from the model (tui/model_*.h), and every look from
 * the terminal layer (term_attr).  One layout function places the panes,
 * and the event loop uses the same layout to tell the model how many
 * rows are on screen, so only those messages are copied from the kernel.
 *
 *   draw.c          text clipped to a box, the shared helpers
 *   draw_top.c      the layout, the top bar and the bottom bar
 *   draw_queues.c   the Queues pane and the selected queue's messages
 *   draw_procs.c    the Processes pane
 *   draw_help.c     the help screen, from the key table
 *
 * See also: tui/model_top.h, tui/term.h, tui/keys.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_DRAW_H
#define MQLAB_DRAW_H

#include <stdbool.h>

#include "tui/keys.h"
#include "tui/model_top.h"

struct draw_box {
	int y, x, h, w;
};

struct draw_layout {
	struct draw_box title, queues, messages, procs, footer;
	bool two_columns; /* from 120 columns: messages on the right */
};

/* Text of at most w columns at (y, x), padded with spaces to w, in
 * attr; characters that are not printable ASCII show as '?'. */
void draw_text(int y, int x, int w, int attr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Where each pane goes on a lines x cols screen, for what t shows
 * (zoomed: the messages take every row between the bars).  No curses
 * call: it only computes. */
void draw_top_layout(const struct model_top *t, int lines, int cols,
		     struct draw_layout *l);

/* Draw the whole screen (or the help, or the zoom) and refresh it. */
void draw_top(const struct model_top *t);

/* The Queues pane in b: a title, column names, one row per queue. */
void draw_queues(const struct model_top *t, struct draw_box b);

/* The selected queue's attributes and messages in b. */
void draw_queues_messages(const struct model_top *t, struct draw_box b);

/* The Processes pane in b. */
void draw_procs(const struct model_top *t, struct draw_box b);

/* The help screen of a screen called title, generated from its key
 * table, on the whole screen. */
void draw_help(const struct keys_entry *table, const char *title);

#endif
