/*
 * browse.h - the lab browser: the screen `mqlab` opens on, as plain data.
 *
 * The numbered labs from the registry with their difficulty and the
 * student's last grade in words (passed, failing, not graded), and the
 * selected lab's brief: its summary and its checks with their points.
 * Enter launches the selected lab on the student's code, S on the
 * reference solution: the key only records the wish (launch), and the
 * event loop (tui/cmd-tui.c) starts the live view.
 *
 * Keys come from one table of struct keys_entry (tui/keys.h), as in
 * `mqlab top`, and the help screen is made from that table.  The actions
 * receive the struct model_top that struct browse starts with.
 *
 * See also: tui/live.h, tui/draw_browse.c, labs/catalog.h,
 *           labs/gradebook.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_BROWSE_H
#define MQLAB_BROWSE_H

#include <stdbool.h>
#include <stddef.h>

#include "labs/lab.h"
#include "tui/keys.h"
#include "tui/model_top.h"

enum browse_launch { BROWSE_STAY, BROWSE_STUDENT, BROWSE_SOLUTION };

struct browse {
	/* First: the key table's actions receive &b->top.  Only its view
	 * fields are used here (help, quit, present, last_key). */
	struct model_top top;
	const struct lab *const *labs; /* NULL-terminated */
	size_t n, selected;
	enum browse_launch launch; /* what the last key asked for */
};

/* Ready b over labs (the registry).  Nothing is allocated. */
void browse_init(struct browse *b, const struct lab *const *labs, bool present);

/* The selected lab, or NULL when there are none. */
const struct lab *browse_selection(const struct browse *b);

/* The student's last grade of lab in words: "passed 100/100", "failing
 * 40/100" or "not graded". */
void browse_grade(char *out, size_t size, const struct lab *lab);

/* A lab's row: "01  A full queue blocks its sender   easy   20m  passed". */
void browse_row(char *out, size_t size, const struct lab *lab);

/* Line i of the selected lab's brief, or -1 past the last: the summary,
 * then one line per check ("  1.1  ... 10 pts"), then the total. */
int browse_brief(const struct browse *b, size_t i, char *out, size_t size);

/* Every key of the browser, ended by a row whose name is NULL. */
extern const struct keys_entry browse_keys[];

/* Drawing (tui/browse_draw.c).  The whole browser, with status (a
 * message from the last launch, or NULL) above the keys. */
void browse_draw(const struct browse *b, const char *status);

/* The bottom bar from table, with the last key in --present mode. */
void browse_draw_footer(const struct model_top *t,
			const struct keys_entry *table);

#endif
