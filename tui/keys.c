/*
 * keys.c - the key table of `mqlab top`.
 *
 * See also: tui/keys.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/keys.h"

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define KEYS_ESC 27

static enum keys_result keys_up(struct model_top *t)
{
	model_top_move(t, -1);
	return KEYS_WINDOW;
}

static enum keys_result keys_down(struct model_top *t)
{
	model_top_move(t, 1);
	return KEYS_WINDOW;
}

static long keys_page(const struct model_top *t)
{
	size_t rows = t->zoomed ? t->message_rows : t->queue_rows;

	return rows > 1 ? (long)rows - 1 : 1;
}

static enum keys_result keys_page_up(struct model_top *t)
{
	model_top_move(t, -keys_page(t));
	return KEYS_WINDOW;
}

static enum keys_result keys_page_down(struct model_top *t)
{
	model_top_move(t, keys_page(t));
	return KEYS_WINDOW;
}

static enum keys_result keys_first(struct model_top *t)
{
	model_top_jump(t, false);
	return KEYS_WINDOW;
}

static enum keys_result keys_last(struct model_top *t)
{
	model_top_jump(t, true);
	return KEYS_WINDOW;
}

static enum keys_result keys_zoom(struct model_top *t)
{
	model_top_zoom(t, !t->zoomed);
	return KEYS_WINDOW;
}

static enum keys_result keys_back(struct model_top *t)
{
	if (t->zoomed)
		model_top_zoom(t, false);
	t->help = false;
	return KEYS_WINDOW;
}

static enum keys_result keys_refresh(struct model_top *t)
{
	(void)t;
	return KEYS_RESCAN;
}

static enum keys_result keys_help_toggle(struct model_top *t)
{
	t->help = !t->help;
	return KEYS_REDRAW;
}

enum keys_result keys_quit(struct model_top *t)
{
	t->quit = true;
	return KEYS_QUIT;
}

const struct keys_entry keys_table[] = {
	{KEY_UP, "Up", "select the queue above (scroll up when zoomed)",
	 "Up/Down select", keys_up},
	{'k', "k", "select the queue above (scroll up when zoomed)", NULL,
	 keys_up},
	{KEY_DOWN, "Down", "select the queue below (scroll down when zoomed)",
	 NULL, keys_down},
	{'j', "j", "select the queue below (scroll down when zoomed)", NULL,
	 keys_down},
	{KEY_PPAGE, "PgUp", "one page up", NULL, keys_page_up},
	{KEY_NPAGE, "PgDn", "one page down", NULL, keys_page_down},
	{KEY_HOME, "Home", "the first queue (the first message when zoomed)",
	 NULL, keys_first},
	{'g', "g", "the first queue (the first message when zoomed)", NULL,
	 keys_first},
	{KEY_END, "End", "the last queue (the last message when zoomed)", NULL,
	 keys_last},
	{'G', "G", "the last queue (the last message when zoomed)", NULL,
	 keys_last},
	{'\n', "Enter", "zoom: all the selected queue's messages, or back",
	 "Enter zoom", keys_zoom},
	{'\r', "Enter", "zoom: all the selected queue's messages, or back",
	 NULL, keys_zoom},
	{KEY_ENTER, "Enter", "zoom: all the selected queue's messages, or back",
	 NULL, keys_zoom},
	{KEYS_ESC, "Esc", "back: leave the zoom or the help", NULL, keys_back},
	{'r', "r", "refresh now (it also refreshes every second)", "r refresh",
	 keys_refresh},
	{'?', "?", "this help", "? help", keys_help_toggle},
	{KEY_F(1), "F1", "this help", NULL, keys_help_toggle},
	{'q', "q", "quit", "q quit", keys_quit},
	{KEY_F(10), "F10", "quit", NULL, keys_quit},
	{0, NULL, NULL, NULL, NULL},
};

const struct keys_entry *keys_find(const struct keys_entry *table, int key)
{
	const struct keys_entry *e;

	for (e = table; e->name != NULL; e++)
		if (e->key == key)
			return e;
	return NULL;
}

void keys_name(int key, char *out, size_t size)
{
	const struct keys_entry *e = keys_find(keys_table, key);

	if (e != NULL)
		snprintf(out, size, "%s", e->name);
	else if (key > 0x20 && key < 0x7f)
		snprintf(out, size, "%c", key);
	else if (key == ' ')
		snprintf(out, size, "Space");
	else if (key >= 0 && key < 0x20)
		snprintf(out, size, "^%c", key + '@');
	else
		snprintf(out, size, "key %d", key);
}

/* Whether a row of table before e has the same action. */
static bool keys_seen(const struct keys_entry *table,
		      const struct keys_entry *e)
{
	const struct keys_entry *before;

	for (before = table; before != e; before++)
		if (before->action == e->action)
			return true;
	return false;
}

/* Whether a row of table before e with the same action has its name. */
static bool keys_named(const struct keys_entry *table,
		       const struct keys_entry *e)
{
	const struct keys_entry *before;

	for (before = table; before != e; before++)
		if (before->action == e->action &&
		    strcmp(before->name, e->name) == 0)
			return true;
	return false;
}

size_t keys_help(const struct keys_entry *table, char (*lines)[KEYS_HELP_WIDTH],
		 size_t max)
{
	const struct keys_entry *e, *same;
	char names[32];
	size_t n = 0, len;

	for (e = table; e->name != NULL && n < max; e++) {
		if (keys_seen(table, e))
			continue;
		names[0] = '\0';
		for (same = e; same->name != NULL; same++) {
			if (same->action != e->action ||
			    keys_named(table, same))
				continue;
			len = strlen(names);
			snprintf(names + len, sizeof(names) - len, "%s%s",
				 len ? " " : "", same->name);
		}
		snprintf(lines[n++], KEYS_HELP_WIDTH, "%-12s %s", names,
			 e->help);
	}
	return n;
}

void keys_hints(const struct keys_entry *table, char *out, size_t size)
{
	const struct keys_entry *e;
	size_t len = 0;

	out[0] = '\0';
	for (e = table; e->name != NULL && len < size; e++)
		if (e->hint != NULL)
			len += (size_t)snprintf(out + len, size - len, "%s%s",
						len ? "  " : "", e->hint);
}

enum keys_result keys_dispatch(struct model_top *t,
			       const struct keys_entry *table, int key)
{
	const struct keys_entry *e = keys_find(table, key);

	keys_name(key, t->last_key, sizeof(t->last_key));
	if (t->help) {
		if (e != NULL && e->action == keys_quit)
			return keys_quit(t);
		t->help = false;
		return KEYS_REDRAW;
	}
	if (e == NULL)
		return KEYS_REDRAW;
	return e->action(t);
}
