/*
 * browse_draw.c - drawing the lab browser, and the help screen of any
 * key table.
 *
 * The labs on top, the selected one's brief below, the keys at the
 * bottom.  Every word comes from tui/browse.c; every look from the
 * terminal layer.  --present leaves a blank line between the two panes
 * and shows the last key pressed.
 *
 * See also: tui/browse.h, tui/draw.h, tui/term.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/browse.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/term.h"

void browse_draw_footer(const struct model_top *t,
			const struct keys_entry *table)
{
	char hints[256];
	int len;

	keys_hints(table, hints, sizeof(hints));
	draw_text(LINES - 1, 0, COLS, term_attr(TERM_KEY), " %s", hints);
	if (t->present && t->last_key[0] != '\0') {
		len = (int)strlen(t->last_key) + 7;
		if (len < COLS)
			draw_text(LINES - 1, COLS - len, len,
				  term_attr(TERM_SELECTED), " key %s ",
				  t->last_key);
	}
}

void browse_draw(const struct browse *b, const char *status)
{
	char line[256];
	int gap = b->top.present ? 1 : 0, y, rows;
	size_t i, first = 0;

	erase();
	if (term_too_small()) {
		term_draw_too_small();
		refresh();
		return;
	}
	if (b->top.help) {
		draw_help(browse_keys, "mqlab labs");
		refresh();
		return;
	}
	draw_text(0, 0, COLS, term_attr(TERM_TITLE),
		  " mqlab %s   %zu labs: pick one, Enter runs your code, S "
		  "the solution",
		  MQLAB_VERSION, b->n);
	draw_text(1 + gap, 0, COLS, term_attr(TERM_HEADER),
		  " %-3s %-40s %-9s %4s  %s", "NN", "Title", "Level", "Time",
		  "Your grade");
	rows = (LINES - 4) / 2 - gap;
	if (rows > 0 && b->selected >= (size_t)rows)
		first = b->selected - (size_t)rows + 1;
	y = 2 + gap;
	for (i = first; i < b->n && y < 2 + gap + rows; i++) {
		browse_row(line, sizeof(line), b->labs[i]);
		draw_text(y++, 0, COLS,
			  term_attr(i == b->selected ? TERM_SELECTED
						     : TERM_NORMAL),
			  " %s", line);
	}
	y = 3 + 2 * gap + rows;
	for (i = 0;
	     y < LINES - 2 && browse_brief(b, i, line, sizeof(line)) == 0; i++)
		draw_text(y++, 0, COLS,
			  term_attr(i == 0 ? TERM_HEADER : TERM_NORMAL), " %s",
			  line);
	if (status != NULL && status[0] != '\0')
		draw_text(LINES - 2, 0, COLS, term_attr(TERM_NOTE), " %s",
			  status);
	browse_draw_footer(&b->top, browse_keys);
	refresh();
}
