/*
 * live.h - the live view of a running lab: its view state and key table.
 *
 * The panes' words come from tui/model_live.h and the Queues pane from
 * the `mqlab top` model (struct model_top, scanning the run's IPC
 * namespace).  This file adds what the user steers: the selected role
 * and rule, the fault form, the grade popup, and the command a key asks
 * for.  Keys never talk to the session themselves: an action records a
 * command (struct live.cmd) and the event loop (tui/cmd-tui.c) sends it,
 * so every key is testable without a lab running.
 *
 * See also: tui/model_live.h, tui/draw_live.c, tui/cmd-tui.c,
 *           labs/session.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_LIVE_H
#define MQLAB_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "labs/session.h"
#include "tui/keys.h"
#include "tui/model_form.h"
#include "tui/model_live.h"
#include "tui/model_top.h"

enum live_cmd {
	LIVE_NONE,
	LIVE_PAUSE,	  /* toggle pause */
	LIVE_STEP,	  /* let one call through */
	LIVE_SLOW,	  /* slow_ms changed */
	LIVE_ARM,	  /* form: arm_spec for arm_role */
	LIVE_DISARM,	  /* the selected rule */
	LIVE_KILL,	  /* the selected role */
	LIVE_RESTART,	  /* the selected role */
	LIVE_RESTART_LAB, /* a new session */
	LIVE_GRADE,	  /* run mqlab grade NN */
};

#define LIVE_POPUP_LINES 16
#define LIVE_POPUP_WIDTH 100

struct live {
	/* First: the key table's actions receive &l->top. */
	struct model_top top;
	struct model_live_shadows shadows;
	const struct session_state *st;	  /* NULL before the session starts */
	size_t role, rule;		  /* the selected ones */
	unsigned slow_ms;		  /* asked for */
	enum live_cmd cmd;		  /* the last key's wish */
	bool form;			  /* the fault form is open */
	struct model_form fields;	  /* its fields */
	char arm_role[32], arm_spec[160]; /* what Enter armed */
	bool popup;			  /* the grade result is up */
	char popup_lines[LIVE_POPUP_LINES][LIVE_POPUP_WIDTH];
	size_t npopup;
	char status[160]; /* the loop's last word ("armed rule 3") */
};

/* Ready l (nothing is scanned). */
void live_init(struct live *l, bool present);

/* The selected role and rule of l->st, or NULL. */
const struct session_role *live_role(const struct live *l);
const struct session_rule *live_rule(const struct live *l);

/* Every key of the live view, ended by a row whose name is NULL. */
extern const struct keys_entry live_keys[];

/* Act on key: the form or popup first, else the table.  Sets l->cmd. */
enum keys_result live_key(struct live *l, int key);

/* The lab's preset i (from 0), or NULL: in the empty form, digit i + 1
 * fills it in (its role and its spec as the raw spec). */
const struct lab_preset *live_preset(const struct live *l, int i);

/* Keep the score line and the failing checks of `mqlab grade` output
 * in l's popup. */
void live_popup_grade(struct live *l, const char *output, int status);

void live_free(struct live *l);

/* `mqlab` with no arguments (tui/cmd-tui.c): the browser, then the live
 * view of each lab launched, until q.  Returns the exit status: 2 after
 * one line on stderr when there is no usable terminal. */
int cmd_tui_main(bool present);

#endif
