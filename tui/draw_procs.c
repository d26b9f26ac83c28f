/*
 * draw_procs.c - the Processes pane: who is blocked on which queue.
 *
 * See also: tui/draw.h, tui/model_procs.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/draw.h"

#include <curses.h>

#include "tui/term.h"

void draw_procs(const struct model_top *t, struct draw_box b)
{
	const struct model_procs_row *r;
	int y = b.y + 2;
	size_t i;

	draw_text(b.y, b.x, b.w, term_attr(TERM_HEADER),
		  "Processes blocked on a queue: %zu", t->blocked.n);
	draw_text(b.y + 1, b.x, b.w, term_attr(TERM_HEADER),
		  " %7s %7s %-16s %s", "PID", "TID", "COMMAND", "STATE");
	if (t->blocked.n == 0 && y < b.y + b.h)
		draw_text(y, b.x, b.w, term_attr(TERM_NORMAL), " (none)");
	for (i = 0; i < t->blocked.n && y < b.y + b.h; i++) {
		r = &t->blocked.rows[i];
		draw_text(y++, b.x, b.w, term_attr(TERM_BLOCKED),
			  " %7d %7d %-16s %s", (int)r->pid, (int)r->tid,
			  r->comm, r->state);
	}
}
