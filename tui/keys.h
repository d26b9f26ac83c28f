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
 * the event loop must do next; they never draw.
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
	int key;          /* what getch() returns: a character or KEY_* */
	const char *name; /* as the help screen writes it: "Up", "k" */
	const char *help; /* what it does, one line */
	const char *hint; /* its words in the bottom bar, or NULL */
	enum keys_result (*action)(struct model_top *t);
};

/* Every key, ended by a row whose name is NULL. */
extern const struct keys_entry keys_table[];

/* Width of a help screen line, with its terminating NUL. */
#define KEYS_HELP_WIDTH 96

/* The row for key, or NULL. */
const struct keys_entry *keys_find(int key);

/* How any key reads: its table name ("Down"), the character ("x"),
 * "^C" for a control character, or "key 123". */
void keys_name(int key, char *out, size_t size);

/* The help screen: one line per action, all its keys first
 * ("Up k       select the queue above..."), in table order.  Writes at
 * most max lines and returns how many it wrote. */
size_t keys_help(char (*lines)[KEYS_HELP_WIDTH], size_t max);

/* The bottom bar: the table's hints, two spaces apart. */
void keys_hints(char *out, size_t size);

/* Act on key: remember its name in t->last_key, then run its action.
 * While the help screen is up, any key closes it (q still quits).
 * Unknown keys do nothing but are remembered. */
enum keys_result keys_dispatch(struct model_top *t, int key);

#endif
