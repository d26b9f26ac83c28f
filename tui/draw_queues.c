/*
 * draw_queues.c - the Queues pane and the selected queue's messages.
 *
 * A row: kind, name, size, fill gauge with FULL or EMPTY in words (or
 * the percentage), and how many senders and receivers are blocked on
 * it.  The name column takes whatever width the others leave.
 *
 * See also: tui/draw.h, tui/model_queues.h, tui/model_messages.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/draw.h"

#include <curses.h>
#include <stdio.h>

#include "tui/term.h"

/* Columns after the name: size, fill, blocked. */
#define DRAW_QUEUES_SIZE    18
#define DRAW_QUEUES_FILL    18
#define DRAW_QUEUES_BLOCKED 12

/* The name column: whatever the others leave. */
static int draw_queues_name_width(struct draw_box b)
{
	int w = b.w - 7 - DRAW_QUEUES_SIZE - DRAW_QUEUES_FILL -
		DRAW_QUEUES_BLOCKED - 3;

	return w < 8 ? 8 : w;
}

static void draw_queues_row(const struct model_queues_row *r, int y,
			    struct draw_box b, bool selected)
{
	int name_w = draw_queues_name_width(b);
	int attr = selected ? term_attr(TERM_SELECTED) : term_attr(TERM_NORMAL);
	int x = b.x + 1 + 6 + name_w + 1 + DRAW_QUEUES_SIZE + 1;
	char blocked[24] = "-";

	if (r->senders || r->receivers)
		snprintf(blocked, sizeof(blocked), "%d snd %d rcv", r->senders,
			 r->receivers);
	draw_text(y, b.x, b.w, attr, " %-5.5s %-*.*s %-*.*s", r->kind_word,
		  name_w, name_w, r->label, DRAW_QUEUES_SIZE, DRAW_QUEUES_SIZE,
		  r->size);
	if (!selected && r->fill == MODEL_QUEUES_FULL)
		attr = term_attr(TERM_FULL);
	else if (!selected && r->fill == MODEL_QUEUES_EMPTY)
		attr = term_attr(TERM_EMPTY);
	draw_text(y, x, DRAW_QUEUES_FILL, attr, "%s %s", r->gauge,
		  r->fill_text);
	if (!selected && (r->senders || r->receivers))
		attr = term_attr(TERM_BLOCKED);
	else if (!selected)
		attr = term_attr(TERM_NORMAL);
	draw_text(y, x + DRAW_QUEUES_FILL, b.x + b.w - x - DRAW_QUEUES_FILL,
		  attr, " %s", blocked);
}

void draw_queues(const struct model_top *t, struct draw_box b)
{
	int name_w = draw_queues_name_width(b);
	int rows = b.h - 2, y = b.y + 2, i;
	size_t first = 0, q;

	draw_text(b.y, b.x, b.w, term_attr(TERM_HEADER),
		  "Queues: %zu POSIX, %zu System V", t->queues.posix,
		  t->queues.sysv);
	draw_text(b.y + 1, b.x, b.w, term_attr(TERM_HEADER),
		  " %-5s %-*s %-*s %-*s %s", "KIND", name_w, "QUEUE",
		  DRAW_QUEUES_SIZE, "SIZE", DRAW_QUEUES_FILL, "FILL",
		  "BLOCKED");
	if (t->queues.posix_note[0] != '\0')
		rows--;
	if (t->queues.sysv_note[0] != '\0')
		rows--;
	if (t->queues.n == 0 && rows > 0) {
		draw_text(y++, b.x, b.w, term_attr(TERM_NORMAL),
			  " (no queues in this IPC namespace)");
		rows--;
	}
	if (rows > 0 && t->selected >= (size_t)rows)
		first = t->selected - (size_t)rows + 1;
	for (i = 0, q = first; i < rows && q < t->queues.n; i++, q++)
		draw_queues_row(&t->queues.rows[q], y++, b, q == t->selected);
	if (t->queues.posix_note[0] != '\0')
		draw_text(y++, b.x, b.w, term_attr(TERM_NOTE), " %s",
			  t->queues.posix_note);
	if (t->queues.sysv_note[0] != '\0')
		draw_text(y++, b.x, b.w, term_attr(TERM_NOTE), " %s",
			  t->queues.sysv_note);
}

static void draw_queues_message(const struct model_queues_row *q,
				const struct model_messages_row *m, int y,
				struct draw_box b)
{
	char tag[24] = "?", len[24] = "?";

	if (m->known && q->kind == MODEL_QUEUES_SYSV)
		snprintf(tag, sizeof(tag), "%ld", m->mtype);
	if (m->known)
		snprintf(len, sizeof(len), "%zu", m->len);
	draw_text(y, b.x, b.w,
		  m->known ? term_attr(TERM_NORMAL) : term_attr(TERM_NOTE),
		  " %6zu %10s %7s  %s", m->index, tag, len, m->preview);
}

void draw_queues_messages(const struct model_top *t, struct draw_box b)
{
	const struct model_queues_row *q = model_top_selection(t);
	const struct model_messages *m = &t->messages;
	int y = b.y + 4;
	size_t i;

	if (b.h < 5)
		return;
	if (q == NULL) {
		draw_text(b.y, b.x, b.w, term_attr(TERM_HEADER), "Messages");
		draw_text(b.y + 1, b.x, b.w, term_attr(TERM_NORMAL),
			  " (no queue selected)");
		return;
	}
	draw_text(b.y, b.x, b.w, term_attr(TERM_HEADER),
		  "%s %s: %zu message%s%s, next delivered first%s",
		  q->kind_word, q->label, m->total, m->total == 1 ? "" : "s",
		  m->n < m->total ? " (some shown)" : "",
		  t->zoomed ? "  [zoom: Esc back]" : "");
	draw_text(b.y + 1, b.x, b.w, term_attr(TERM_NORMAL), " %s", q->attrs);
	draw_text(b.y + 2, b.x, b.w, term_attr(TERM_NORMAL), " %s", q->details);
	draw_text(b.y + 3, b.x, b.w, term_attr(TERM_HEADER),
		  " %6s %10s %7s  %s", "#",
		  q->kind == MODEL_QUEUES_SYSV ? "MTYPE" : "PRIO", "LEN",
		  "PAYLOAD");
	if (m->note[0] != '\0' && y < b.y + b.h)
		draw_text(y++, b.x, b.w, term_attr(TERM_NOTE), " %s", m->note);
	if (m->total == 0 && y < b.y + b.h)
		draw_text(y++, b.x, b.w, term_attr(TERM_EMPTY), " (EMPTY)");
	for (i = 0; i < m->n && y < b.y + b.h; i++)
		draw_queues_message(q, &m->rows[i], y++, b);
}
