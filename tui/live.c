/*
 * live.c - the live view's selection, fault form, grade popup and keys.
 *
 * See also: tui/live.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/live.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define LIVE_ESC      27
#define LIVE_SLOW_MIN 50
#define LIVE_SLOW_MAX 3200

static struct live *live_of(struct model_top *t)
{
	return (struct live *)((char *)t - offsetof(struct live, top));
}

void live_init(struct live *l, bool present)
{
	memset(l, 0, sizeof(*l));
	model_top_init(&l->top, present);
}

const struct session_role *live_role(const struct live *l)
{
	if (l->st == NULL || l->role >= (size_t)l->st->nroles)
		return NULL;
	return &l->st->roles[l->role];
}

const struct session_rule *live_rule(const struct live *l)
{
	if (l->st == NULL || l->rule >= (size_t)l->st->nrules)
		return NULL;
	return &l->st->rules[l->rule];
}

/* Move a selection by delta within n, stopping at the ends. */
static void live_move(size_t *sel, long delta, size_t n)
{
	long to = (long)*sel + delta;

	*sel = n == 0 || to < 0 ? 0 : (size_t)to >= n ? n - 1 : (size_t)to;
}

static enum keys_result live_up(struct model_top *t)
{
	struct live *l = live_of(t);

	if (t->zoomed) {
		model_top_move(t, -1);
		return KEYS_WINDOW;
	}
	live_move(&l->role, -1, l->st ? (size_t)l->st->nroles : 0);
	return KEYS_REDRAW;
}

static enum keys_result live_down(struct model_top *t)
{
	struct live *l = live_of(t);

	if (t->zoomed) {
		model_top_move(t, 1);
		return KEYS_WINDOW;
	}
	live_move(&l->role, 1, l->st ? (size_t)l->st->nroles : 0);
	return KEYS_REDRAW;
}

static enum keys_result live_rule_prev(struct model_top *t)
{
	struct live *l = live_of(t);

	live_move(&l->rule, -1, l->st ? (size_t)l->st->nrules : 0);
	return KEYS_REDRAW;
}

static enum keys_result live_rule_next(struct model_top *t)
{
	struct live *l = live_of(t);

	live_move(&l->rule, 1, l->st ? (size_t)l->st->nrules : 0);
	return KEYS_REDRAW;
}

static enum keys_result live_queue_next(struct model_top *t)
{
	if (t->queues.n == 0)
		return KEYS_REDRAW;
	if (t->selected + 1 >= t->queues.n)
		model_top_jump(t, false);
	else
		model_top_move(t, 1);
	return KEYS_WINDOW;
}

static enum keys_result live_zoom(struct model_top *t)
{
	model_top_zoom(t, !t->zoomed);
	return KEYS_WINDOW;
}

/* Record the wish for the loop. */
static enum keys_result live_ask(struct model_top *t, enum live_cmd cmd)
{
	live_of(t)->cmd = cmd;
	return KEYS_RESCAN;
}

static enum keys_result live_form_open(struct model_top *t)
{
	struct live *l = live_of(t);

	l->form = true;
	model_form_clear(&l->fields);
	return KEYS_REDRAW;
}

static enum keys_result live_disarm(struct model_top *t)
{
	return live_ask(t, LIVE_DISARM);
}

static enum keys_result live_pause(struct model_top *t)
{
	return live_ask(t, LIVE_PAUSE);
}

static enum keys_result live_step(struct model_top *t)
{
	return live_ask(t, LIVE_STEP);
}

static enum keys_result live_slower(struct model_top *t)
{
	struct live *l = live_of(t);

	l->slow_ms = l->slow_ms == 0 ? LIVE_SLOW_MIN : l->slow_ms * 2;
	if (l->slow_ms > LIVE_SLOW_MAX)
		l->slow_ms = LIVE_SLOW_MAX;
	return live_ask(t, LIVE_SLOW);
}

static enum keys_result live_faster(struct model_top *t)
{
	struct live *l = live_of(t);

	l->slow_ms = l->slow_ms <= LIVE_SLOW_MIN ? 0 : l->slow_ms / 2;
	return live_ask(t, LIVE_SLOW);
}

static enum keys_result live_kill(struct model_top *t)
{
	return live_ask(t, LIVE_KILL);
}

static enum keys_result live_restart(struct model_top *t)
{
	return live_ask(t, LIVE_RESTART);
}

static enum keys_result live_restart_lab(struct model_top *t)
{
	return live_ask(t, LIVE_RESTART_LAB);
}

static enum keys_result live_grade(struct model_top *t)
{
	return live_ask(t, LIVE_GRADE);
}

static enum keys_result live_help(struct model_top *t)
{
	t->help = !t->help;
	return KEYS_REDRAW;
}

static enum keys_result live_back(struct model_top *t)
{
	if (t->zoomed)
		model_top_zoom(t, false);
	t->help = false;
	return KEYS_WINDOW;
}

const struct keys_entry live_keys[] = {
	{KEY_UP, "Up", "select the role above (scroll when zoomed)",
	 "Up/Down role", live_up},
	{KEY_DOWN, "Down", "select the role below (scroll when zoomed)", NULL,
	 live_down},
	{KEY_LEFT, "Left", "select the rule above", NULL, live_rule_prev},
	{KEY_RIGHT, "Right", "select the rule below", NULL, live_rule_next},
	{'\t', "Tab", "select the next queue", NULL, live_queue_next},
	{'z', "z", "zoom: all the selected queue's messages, or back", NULL,
	 live_zoom},
	{'f', "f",
	 "arm a fault rule: syscall, errno, when/prob, role, or a raw spec",
	 "f fault", live_form_open},
	{'d', "d", "disarm the selected rule", "d disarm", live_disarm},
	{' ', "Space", "pause or resume every role", "Space pause", live_pause},
	{'s', "s", "single step: let exactly one queue call through", "s step",
	 live_step},
	{'+', "+", "slower: a longer delay on every queue call", "+/- slow",
	 live_slower},
	{'-', "-", "faster: a shorter delay (none at the end)", NULL,
	 live_faster},
	{'k', "k", "kill the selected role (SIGKILL)", "k kill", live_kill},
	{'r', "r", "restart the selected role", NULL, live_restart},
	{'R', "R", "restart the lab", NULL, live_restart_lab},
	{'g', "g", "grade this lab (mqlab grade NN)", "g grade", live_grade},
	{LIVE_ESC, "Esc", "back: leave the zoom, help or popup", NULL,
	 live_back},
	{'?', "?", "this help", "? help", live_help},
	{KEY_F(1), "F1", "this help", NULL, live_help},
	{'q', "q", "stop the lab, back to the labs", "q quit", keys_quit},
	{KEY_F(10), "F10", "stop the lab, back to the labs", NULL, keys_quit},
	{0, NULL, NULL, NULL, NULL},
};

const struct lab_preset *live_preset(const struct live *l, int i)
{
	const struct lab_preset *p;
	int n;

	if (l->st == NULL || l->st->lab == NULL || i < 0)
		return NULL;
	p = l->st->lab->presets;
	for (n = 0; p != NULL && p[n].name != NULL; n++)
		if (n == i)
			return &p[n];
	return NULL;
}

/* A key while the form is open: Tab/Shift-Tab or Down/Up move between
 * fields, Enter arms (or says what is missing), Esc cancels. */
static enum keys_result live_form_key(struct live *l, int key)
{
	struct model_form *f = &l->fields;
	const struct lab_preset *p;

	if (key != '\n' && key != '\r' && key != KEY_ENTER)
		f->why[0] = '\0';
	if (key == LIVE_ESC) {
		l->form = false;
	} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		if (model_form_spec(f, l->arm_role, sizeof(l->arm_role),
				    l->arm_spec, sizeof(l->arm_spec)) < 0)
			return KEYS_REDRAW;
		l->form = false;
		l->cmd = LIVE_ARM;
		return KEYS_RESCAN;
	} else if (key == '\t' || key == KEY_DOWN) {
		model_form_focus(f, 1);
	} else if (key == KEY_BTAB || key == KEY_UP) {
		model_form_focus(f, -1);
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		model_form_erase(f);
	} else if (model_form_empty(f) && key >= '1' && key <= '9' &&
		   (p = live_preset(l, key - '1')) != NULL) {
		model_form_preset(f, p->role, p->spec);
	} else {
		model_form_type(f, key);
	}
	return KEYS_REDRAW;
}

enum keys_result live_key(struct live *l, int key)
{
	l->cmd = LIVE_NONE;
	if (l->form) {
		keys_name(key, l->top.last_key, sizeof(l->top.last_key));
		return live_form_key(l, key);
	}
	if (l->popup && key != 'q') {
		l->popup = false;
		return KEYS_REDRAW;
	}
	l->popup = false;
	return keys_dispatch(&l->top, live_keys, key);
}

void live_popup_grade(struct live *l, const char *output, int status)
{
	const char *line = output, *end;
	size_t n = 0;

	snprintf(l->popup_lines[n++], LIVE_POPUP_WIDTH, "mqlab grade %02d%s",
		 l->st && l->st->lab ? l->st->lab->number : 0,
		 status == 0 ? "" : " (some checks fail)");
	for (; *line != '\0' && n < LIVE_POPUP_LINES - 1; line = end) {
		end = strchr(line, '\n');
		end = end ? end + 1 : line + strlen(line);
		if (strncmp(line, "  FAIL", 6) == 0 ||
		    strncmp(line, "  Score:", 8) == 0)
			snprintf(l->popup_lines[n++], LIVE_POPUP_WIDTH, "%.*s",
				 (int)(end - line - (end[-1] == '\n')), line);
	}
	snprintf(l->popup_lines[n++], LIVE_POPUP_WIDTH,
		 "(any key closes this)");
	l->npopup = n;
	l->popup = true;
}

void live_free(struct live *l)
{
	model_top_free(&l->top);
	model_live_shadows_free(&l->shadows);
}
