/*
 * term.h - the terminal layer of the TUI: start, stop, colours, resize,
 * and the terminal given back on every exit.
 *
 * Like htop's CRT.c, this is the only file that sets terminal modes.
 * The terminal is restored on a normal exit (term_stop), and also when a
 * signal ends the program (SIGTERM, SIGHUP, SIGINT, SIGQUIT) or it
 * crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT): a handler writes
 * back the saved terminal modes and the escape sequences that leave the
 * alternate screen and show the cursor, all async-signal-safe (endwin()
 * is not), then lets the signal kill us as it would have, so the exit
 * status still tells what happened.
 *
 * A resize (SIGWINCH) makes a descriptor readable, so the event loop's
 * poll() wakes at once; term_resize() then asks the kernel the new size.
 * Colours follow the terminal, with a monochrome fallback using bold,
 * reverse and underline, and none at all when NO_COLOR is set.
 *
 * See also: tui/draw.h, tui/cmd-top.c, https://no-color.org
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TERM_H
#define MQLAB_TERM_H

#include <stdbool.h>
#include <stddef.h>

/* The smallest screen every pane fits on. */
#define TERM_MIN_COLS 80
#define TERM_MIN_ROWS 24

/* What a piece of text is; term_attr() says how it looks. */
enum term_role {
	TERM_NORMAL,
	TERM_TITLE,    /* the top bar */
	TERM_HEADER,   /* column names */
	TERM_SELECTED, /* the selected row */
	TERM_FULL,     /* FULL, and a full gauge */
	TERM_EMPTY,    /* EMPTY */
	TERM_BLOCKED,  /* blocked processes and counts */
	TERM_KEY,      /* key names in the bottom bar and help */
	TERM_NOTE,     /* why something is not shown */
	TERM_ROLES
};

/* 0 when stdin and stdout are a terminal that TERM describes well
 * enough to draw on; else -1, with why ("stdout is not a terminal",
 * "TERM 'foo' is not in the terminfo database") in why. */
int term_check(char *why, size_t size);

/* Take over the terminal: curses mode, no echo, keypad, a 25 ms Esc
 * delay, colours (unless NO_COLOR or the terminal has none; present
 * picks high contrast), and the signal handlers above.  Returns 0, or -1
 * with errno (the terminal is then untouched). */
int term_start(bool present);

/* Give the terminal back as it was.  Safe to call more than once. */
void term_stop(void);

/* The curses attributes for text of this role. */
int term_attr(enum term_role role);

/* Readable after the window changed size (poll it with the keyboard). */
int term_resize_fd(void);

/* Take the new size from the kernel and tell curses (after
 * term_resize_fd() woke us). */
void term_resize(void);

/* Whether the screen is smaller than TERM_MIN_COLS x TERM_MIN_ROWS. */
bool term_too_small(void);

/* Draw "terminal too small: have WxH, need 80x24" on the whole screen. */
void term_draw_too_small(void);

#endif
