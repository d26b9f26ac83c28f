/*
 * draw_live.c - drawing the live view of a running lab.
 *
 * See also: tui/draw_live.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/draw_live.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/browse.h"
#include "tui/draw.h"
#include "tui/model_format.h"
#include "tui/term.h"

#define DRAW_LIVE_EVENTS_MAX 64

struct draw_live_layout {
	struct draw_box queues, messages, procs, events, faults;
};

static int draw_live_min(int a, int b)
{
	return a < b ? a : b;
}

static void draw_live_place(const struct live *l, int lines, int cols,
			    struct draw_live_layout *o)
{
	int gap = l->top.present ? 1 : 0, nroles, nrules, top = 1;
	int avail = lines - 3, left, right, q, rest;

	nroles = l->st ? l->st->nroles : 0;
	nrules = l->st ? l->st->nrules : 0;
	q = 2 + ((int)l->top.queues.n ? (int)l->top.queues.n : 1) +
	    (l->top.queues.posix_note[0] != '\0') +
	    (l->top.queues.sysv_note[0] != '\0');
	memset(o, 0, sizeof(*o));
	if (cols >= 120) {
		left = cols * 11 / 20;
		right = cols - left - 1;
		o->queues = (struct draw_box){
			top, 0, draw_live_min(q, avail / 2), left};
		o->messages =
			(struct draw_box){top + o->queues.h + gap, 0,
					  avail - o->queues.h - gap, left};
		/* Each takes at most a third, so that events always get
		 * the rest, even with every role and rule at 120x24. */
		o->procs = (struct draw_box){
			top, left + 1, draw_live_min(2 + nroles, avail / 3),
			right};
		o->faults = (struct draw_box){
			0, left + 1,
			draw_live_min(1 + (nrules ? nrules : 1), avail / 3),
			right};
		o->faults.y = top + avail - o->faults.h;
		o->events.y = o->procs.y + o->procs.h + gap;
		o->events = (struct draw_box){o->events.y, left + 1,
					      o->faults.y - gap - o->events.y,
					      right};
		return;
	}
	if (l->top.zoomed) {
		o->messages = (struct draw_box){top, 0, avail, cols};
		return;
	}
	o->queues = (struct draw_box){top, 0, draw_live_min(q, 5), cols};
	/* Messages and events share what the other panes leave. */
	rest = avail - o->queues.h - (1 + draw_live_min(nroles, 5)) -
	       (1 + draw_live_min(nrules ? nrules : 1, 3)) - 2 * gap;
	o->messages.h = 5 + (rest > 13 ? (rest - 13) / 2 : 0);
	o->messages =
		(struct draw_box){top + o->queues.h, 0, o->messages.h, cols};
	o->procs = (struct draw_box){o->messages.y + o->messages.h + gap, 0,
				     1 + draw_live_min(nroles, 5), cols};
	o->faults.h = 1 + draw_live_min(nrules ? nrules : 1, 3);
	o->faults = (struct draw_box){top + avail - o->faults.h, 0, o->faults.h,
				      cols};
	o->events.y = o->procs.y + o->procs.h + gap;
	o->events = (struct draw_box){o->events.y, 0,
				      o->faults.y - gap - o->events.y, cols};
}

int draw_live_message_rows(const struct live *l, int lines, int cols)
{
	struct draw_live_layout o;

	draw_live_place(l, lines, cols, &o);
	return o.messages.h > 2 ? o.messages.h - 2 : 1;
}

static void draw_live_age(const struct live *l,
			  const struct model_live_msg *msg, char *out,
			  size_t size)
{
	uint64_t now = l->st != NULL ? l->st->usec : 0;

	model_format_duration(out, size,
			      now > msg->usec ? (double)(now - msg->usec) / 1e6
					      : 0);
}

/* The selected queue's messages: POSIX from the shadow, System V from
 * the kernel's copies. */
static void draw_live_messages(const struct live *l, struct draw_box b)
{
	const struct model_queues_row *q = model_top_selection(&l->top);
	const struct model_live_shadow *s = NULL;
	const struct model_messages *m = &l->top.messages;
	const struct model_live_msg *msg;
	const struct session_role *r;
	char age[24];
	int y = b.y + 2;
	size_t i, k, total, ns;

	if (b.h < 2)
		return;
	if (q == NULL) {
		draw_text(b.y, b.x, b.w, term_attr(TERM_HEADER),
			  "Messages (no queue yet)");
		return;
	}
	for (i = 0; i < l->shadows.n; i++)
		if (strcmp(l->shadows.q[i].queue, q->posix.name) == 0 &&
		    q->kind == MODEL_QUEUES_POSIX)
			s = &l->shadows.q[i];
	total = q->messages > 0 ? (size_t)q->messages : 0;
	draw_text(b.y, b.x, b.w, term_attr(TERM_HEADER),
		  "%s %s: %zu message%s, next delivered first  %s",
		  q->kind_word, q->label, total, total == 1 ? "" : "s",
		  q->attrs);
	draw_text(b.y + 1, b.x, b.w, term_attr(TERM_HEADER),
		  " %4s %6s %5s %6s %6s  %s", "#",
		  q->kind == MODEL_QUEUES_SYSV ? "MTYPE" : "PRIO", "LEN", "AGE",
		  "PID", "PAYLOAD");
	if (total == 0 && y < b.y + b.h)
		draw_text(y++, b.x, b.w, term_attr(TERM_EMPTY), " (EMPTY)");
	if (q->kind == MODEL_QUEUES_SYSV) {
		for (i = 0; i < m->n && y < b.y + b.h; i++)
			draw_text(y++, b.x, b.w, term_attr(TERM_NORMAL),
				  " %4zu %6ld %5zu %6s %6s  %s",
				  m->rows[i].index, m->rows[i].mtype,
				  m->rows[i].len, "", "", m->rows[i].preview);
		return;
	}
	ns = s != NULL ? s->n : 0;
	/* After the scan's sync, the shadow has exactly total entries. */
	for (i = l->top.scroll; i < total && y < b.y + b.h; i++) {
		msg = i < ns ? &s->msgs[i] : NULL;
		if (msg == NULL || !msg->known) {
			draw_text(y++, b.x, b.w, term_attr(TERM_NOTE),
				  " %4zu %6s %5s %6s %6s  %s", i, "?", "?", "",
				  "", MODEL_LIVE_UNKNOWN);
			continue;
		}
		draw_live_age(l, msg, age, sizeof(age));
		draw_text(y++, b.x, b.w, term_attr(TERM_NORMAL),
			  " %4zu %6ld %5zu %6s %6d  %s", i, msg->prio, msg->len,
			  age, (int)msg->pid, msg->preview);
	}
	/* Senders blocked on it, with what they wait to put in. */
	for (k = 0; l->st && k < (size_t)l->st->nroles && y < b.y + b.h; k++) {
		r = &l->st->roles[k];
		if (!model_live_role_blocked(r) ||
		    strcmp(r->call, "mq_timedsend") != 0 ||
		    strcmp(r->queue, q->label) != 0 ||
		    (msg = model_live_waiting(&l->shadows, r->name)) == NULL)
			continue;
		draw_text(y++, b.x, b.w, term_attr(TERM_BLOCKED),
			  " %4s %6ld %5zu %6s %6d  %s (%s waits to put it in)",
			  "-", msg->prio, msg->len, "", (int)msg->pid,
			  msg->preview, r->name);
	}
}

static void draw_live_procs(const struct live *l, struct draw_box b)
{
	char line[256];
	int y = b.y + 1, i, attr;

	draw_text(b.y, b.x, b.w, term_attr(TERM_HEADER),
		  "Processes: %-5s %5s %s", "role", "pid",
		  "  sent/recv /err state");
	for (i = 0; l->st && i < l->st->nroles && y < b.y + b.h; i++) {
		model_live_role_line(line, sizeof(line), &l->st->roles[i]);
		attr = (size_t)i == l->role ? TERM_SELECTED
		       : model_live_role_blocked(&l->st->roles[i])
			       ? TERM_BLOCKED
			       : TERM_NORMAL;
		draw_text(y++, b.x, b.w, term_attr(attr), " %s", line);
	}
}

static void draw_live_events(const struct live *l, struct draw_box b)
{
	const struct session_event *ev[DRAW_LIVE_EVENTS_MAX];
	char line[256];
	size_t n = 0, i;
	int y = b.y + 1, rows = b.h - 1;

	if (b.h < 1)
		return;
	draw_text(b.y, b.x, b.w, term_attr(TERM_HEADER),
		  "Events (newest last; !! = a fault rule acted)");
	if (l->st && rows > 0)
		n = model_live_events(
			l->st, ev, draw_live_min(rows, DRAW_LIVE_EVENTS_MAX));
	for (i = 0; i < n; i++) {
		model_live_event_line(line, sizeof(line), ev[i]);
		draw_text(y++, b.x, b.w,
			  term_attr(ev[i]->injected ? TERM_FULL : TERM_NORMAL),
			  " %s", line);
	}
}

static void draw_live_faults(const struct live *l, struct draw_box b)
{
	char line[256];
	int y = b.y + 1, i;

	draw_text(b.y, b.x, b.w, term_attr(TERM_HEADER),
		  "Faults (f arm, d disarm the selected, Left/Right select)");
	if (l->st == NULL || l->st->nrules == 0) {
		draw_text(y, b.x, b.w, term_attr(TERM_NOTE),
			  " (no rule armed)");
		return;
	}
	for (i = 0; i < l->st->nrules && y < b.y + b.h; i++) {
		model_live_rule_line(line, sizeof(line), &l->st->rules[i]);
		draw_text(y++, b.x, b.w,
			  term_attr((size_t)i == l->rule ? TERM_SELECTED
							 : TERM_NORMAL),
			  " %s", line);
	}
}

/* The fault form over the lower panes: the lab's presets, one line per
 * field (the focused one marked, with a cursor), then the keys or why
 * Enter was refused. */
static void draw_live_form(const struct live *l)
{
	const struct model_form *f = &l->fields;
	const struct lab_preset *p;
	char line[512];
	size_t len = 0;
	int i, y = LINES - 3 - MODEL_FORM_NFIELDS;

	len = (size_t)snprintf(line, sizeof(line), " Arm a fault rule");
	for (i = 0; (p = live_preset(l, i)) != NULL && len < sizeof(line); i++)
		len += (size_t)snprintf(
			line + len, sizeof(line) - len, "%s%d %s",
			i ? "  " : "   presets (empty form): ", i + 1, p->name);
	draw_text(y++, 0, COLS, term_attr(TERM_TITLE), "%s", line);
	for (i = 0; i < MODEL_FORM_NFIELDS; i++)
		draw_text(
			y++, 0, COLS,
			term_attr(i == f->focus ? TERM_SELECTED : TERM_NORMAL),
			" %s %-16s: %s%s  (%s)", i == f->focus ? ">" : " ",
			model_form_rows[i].label, f->field[i],
			i == f->focus ? "_" : "", model_form_rows[i].example);
	if (f->why[0] != '\0')
		draw_text(y, 0, COLS, term_attr(TERM_FULL), " %s", f->why);
	else
		draw_text(y, 0, COLS, term_attr(TERM_SELECTED),
			  " Tab/Shift-Tab or Down/Up field, Enter arms, "
			  "Esc cancels");
}

static void draw_live_popup(const struct live *l)
{
	int w = draw_live_min(COLS - 4, LIVE_POPUP_WIDTH);
	int h = (int)l->npopup + 2, y = (LINES - h) / 2, x = (COLS - w) / 2;
	size_t i;

	draw_text(y, x, w, term_attr(TERM_TITLE), " Grade");
	for (i = 0; i < l->npopup; i++)
		draw_text(y + 1 + (int)i, x, w, term_attr(TERM_SELECTED), " %s",
			  l->popup_lines[i]);
	draw_text(y + h - 1, x, w, term_attr(TERM_TITLE), " ");
}

void draw_live(const struct live *l)
{
	struct draw_live_layout o;
	char title[256];

	erase();
	if (term_too_small()) {
		term_draw_too_small();
		refresh();
		return;
	}
	if (l->top.help) {
		draw_help(live_keys, "mqlab live view");
		refresh();
		return;
	}
	draw_live_place(l, LINES, COLS, &o);
	if (l->st != NULL)
		model_live_title(title, sizeof(title), l->st);
	else
		snprintf(title, sizeof(title), " starting...");
	draw_text(0, 0, COLS, term_attr(TERM_TITLE), "%s", title);
	if (!l->top.zoomed || COLS >= 120)
		draw_queues(&l->top, o.queues);
	draw_live_messages(l, o.messages);
	if (!l->top.zoomed || COLS >= 120) {
		draw_live_procs(l, o.procs);
		draw_live_events(l, o.events);
		draw_live_faults(l, o.faults);
	}
	if (l->form)
		draw_live_form(l);
	else if (l->status[0] != '\0' || l->st == NULL)
		draw_text(LINES - 2, 0, COLS, term_attr(TERM_NOTE), " %s",
			  l->status);
	else
		draw_text(
			LINES - 2, 0, COLS,
			term_attr(l->st->message_error ? TERM_FULL : TERM_NOTE),
			" %s", l->st->message);
	browse_draw_footer(&l->top, live_keys);
	if (l->popup)
		draw_live_popup(l);
	refresh();
}
