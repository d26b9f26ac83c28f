/*
 * keys.h - the key table of `mqlab top`: what each key does, and the
 * help screen and bottom bar made from it.
 *
 * As in htop's Action.c, one table maps each key to its name, its help
 * text and its action, and the help screen is generated from that same
 * table, so no key can work without being documented or be documented
 * without working.  Adding a key means adding a row.
 *
 * Actions act on the screen model only (struct model_top) and say what
 * the event loop must do next; they never draw.  Other screens (the lab
 * browser, the live view) bring their own tables of the same rows and
 * use the same functions on them; their actions receive the struct
 * model_top their own state starts with.
 *
 * See also: tui/model_top.h, tui/draw_help.c, tui/cmd-top.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_KEYS_H
#define MQLAB_KEYS_H

#include <stddef.h>

#include "tui/model_top.h"

/* What the event loop does after an action. */
enum keys_result {
	KEYS_REDRAW, /* the view changed: draw it */
	KEYS_WINDOW, /* the messages on screen changed: copy them, draw */
	KEYS_RESCAN, /* scan the kernel now, then draw */
	KEYS_QUIT,
};

struct keys_entry {
	int key;	  /* what getch() returns: a character or KEY_* */
	const char *name; /* as the help screen writes it: "Up", "k" */
	const char *help; /* what it does, one line */
	const char *hint; /* its words in the bottom bar, or NULL */
	enum keys_result (*action)(struct model_top *t);
};

/* Every key of `mqlab top`, ended by a row whose name is NULL. */
extern const struct keys_entry keys_table[];

/* Width of a help screen line, with its terminating NUL. */
#define KEYS_HELP_WIDTH 96

/* The action of quit keys: sets t->quit.  Tables share it, so that
 * keys_dispatch() knows a quit key even while the help is up. */
enum keys_result keys_quit(struct model_top *t);

/* The row of table for key, or NULL. */
const struct keys_entry *keys_find(const struct keys_entry *table, int key);

/* How any key reads: its name in keys_table ("Down"), the character
 * ("x"), "Space", "^C" for a control character, or "key 123". */
void keys_name(int key, char *out, size_t size);

/* The help screen of table: one line per action, all its keys first
 * ("Up k         select the queue above..."), in table order.  Writes at
 * most max lines and returns how many it wrote. */
size_t keys_help(const struct keys_entry *table, char (*lines)[KEYS_HELP_WIDTH],
		 size_t max);

/* The bottom bar: table's hints, two spaces apart. */
void keys_hints(const struct keys_entry *table, char *out, size_t size);

/* Act on key through table: remember its name in t->last_key, then run
 * its action.  While the help is up (t->help), any key closes it, and a
 * keys_quit key still quits.  Unknown keys do nothing but are
 * remembered. */
enum keys_result keys_dispatch(struct model_top *t,
			       const struct keys_entry *table, int key);

#endif
