/*
 * term.c - the terminal layer of the TUI.
 *
 * Our handlers are installed before curses starts: ncurses only catches
 * SIGINT, SIGTERM and SIGWINCH when they are still at their default, so
 * ours stay in charge.  The restore sequence is read from terminfo once
 * at start (rmcup, cnorm, sgr0, rmkx) into a static buffer, so the
 * handler only calls write() and tcsetattr().
 *
 * See also: tui/term.h, signal-safety(7), resizeterm(3X)
 * SPDX-License-Identifier: MIT
 */
#include "tui/term.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "faults/quote.h"

static const int term_fatal_signals[] = {
	SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV,
	SIGBUS,	 SIGFPE, SIGILL, SIGABRT,
};
#define TERM_NFATAL (sizeof(term_fatal_signals) / sizeof(int))

static struct termios term_saved;
static char term_restore_seq[256];
static size_t term_restore_len;
static volatile sig_atomic_t term_active;
static int term_pipe[2] = {-1, -1};
static SCREEN *term_screen;
static int term_look[TERM_ROLES]; /* by role; term_attrs is curses's */

static void term_on_fatal(int sig)
{
	int saved = errno;

	if (term_active) {
		term_active = 0;
		(void)!write(STDOUT_FILENO, term_restore_seq, term_restore_len);
		tcsetattr(STDIN_FILENO, TCSANOW, &term_saved);
	}
	errno = saved;
	/* SA_RESETHAND made the action the default again: this kills us
	 * once the handler returns (and a crash would fault again). */
	raise(sig);
}

static void term_on_winch(int sig)
{
	int saved = errno;

	(void)sig;
	(void)!write(term_pipe[1], "w", 1);
	errno = saved;
}

int term_check(char *why, size_t size)
{
	const char *name = getenv("TERM");
	char shown[4 * QUOTE_VALUE_MAX + 8];
	char *cup;
	int err = 0;

	if (!isatty(STDOUT_FILENO)) {
		snprintf(why, size, "stdout is not a terminal");
		return -1;
	}
	if (!isatty(STDIN_FILENO)) {
		snprintf(why, size, "stdin is not a terminal");
		return -1;
	}
	if (name == NULL || name[0] == '\0') {
		snprintf(why, size, "TERM is not set");
		return -1;
	}
	/* TERM is echoed short and escaped: the message must fit why. */
	quote_value(shown, sizeof(shown), name);
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		snprintf(why, size, "TERM '%s' is %s", shown,
			 err == 0 ? "not in the terminfo database"
				  : "unusable (no terminfo database)");
		return -1;
	}
	cup = tigetstr("cup");
	del_curterm(cur_term);
	if (cup == NULL || cup == (char *)-1) {
		snprintf(why, size, "TERM '%s' cannot move the cursor", shown);
		return -1;
	}
	return 0;
}

static void term_add_restore(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (term_restore_len + n < sizeof(term_restore_seq)) {
		memcpy(term_restore_seq + term_restore_len, s, n);
		term_restore_len += n;
	}
}

static void term_colors(bool present)
{
	const char *no_color = getenv("NO_COLOR");
	short bg = present ? COLOR_BLACK : -1;
	short fg = present ? COLOR_WHITE : -1;
	int bold = present ? A_BOLD : 0;

	term_look[TERM_NORMAL] = bold;
	term_look[TERM_TITLE] = A_REVERSE | A_BOLD;
	term_look[TERM_HEADER] = A_BOLD | A_UNDERLINE;
	term_look[TERM_SELECTED] = A_REVERSE | bold;
	term_look[TERM_FULL] = A_BOLD;
	term_look[TERM_EMPTY] = bold;
	term_look[TERM_BLOCKED] = A_BOLD;
	term_look[TERM_KEY] = A_BOLD;
	term_look[TERM_NOTE] = present ? A_BOLD : A_DIM;
	if (!has_colors() || (no_color != NULL && no_color[0] != '\0'))
		return;
	if (start_color() != OK)
		return;
	if (!present)
		use_default_colors();
	init_pair(1, fg, bg);
	init_pair(2, COLOR_BLACK, COLOR_CYAN);
	init_pair(3, present ? COLOR_YELLOW : COLOR_GREEN, bg);
	init_pair(4, COLOR_BLACK, present ? COLOR_YELLOW : COLOR_CYAN);
	init_pair(5, COLOR_RED, bg);
	init_pair(6, COLOR_BLUE, bg);
	init_pair(7, COLOR_YELLOW, bg);
	init_pair(8, COLOR_CYAN, bg);
	init_pair(9, COLOR_MAGENTA, bg);
	term_look[TERM_NORMAL] = COLOR_PAIR(1) | bold;
	term_look[TERM_TITLE] = COLOR_PAIR(2) | A_BOLD;
	term_look[TERM_HEADER] = COLOR_PAIR(3) | A_BOLD;
	term_look[TERM_SELECTED] = COLOR_PAIR(4) | bold;
	term_look[TERM_FULL] = COLOR_PAIR(5) | A_BOLD;
	term_look[TERM_EMPTY] = COLOR_PAIR(6) | A_BOLD;
	term_look[TERM_BLOCKED] = COLOR_PAIR(7) | A_BOLD;
	term_look[TERM_KEY] = COLOR_PAIR(8) | A_BOLD;
	term_look[TERM_NOTE] = COLOR_PAIR(9) | bold;
	if (present)
		bkgd((chtype)COLOR_PAIR(1));
}

static void term_handlers(bool install)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = install ? term_on_fatal : SIG_DFL;
	sa.sa_flags = install ? SA_RESETHAND : 0;
	for (i = 0; i < TERM_NFATAL; i++)
		sigaction(term_fatal_signals[i], &sa, NULL);
	sa.sa_handler = install ? term_on_winch : SIG_DFL;
	sa.sa_flags = install ? SA_RESTART : 0;
	sigaction(SIGWINCH, &sa, NULL);
}

int term_start(bool present)
{
	int saved;

	setlocale(LC_ALL, "");
	if (tcgetattr(STDIN_FILENO, &term_saved) < 0)
		return -1;
	if (pipe2(term_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	term_handlers(true);
	term_screen = newterm(NULL, stdout, stdin);
	if (term_screen == NULL) {
		saved = errno ? errno : ENOTTY;
		term_handlers(false);
		close(term_pipe[0]);
		close(term_pipe[1]);
		term_pipe[0] = term_pipe[1] = -1;
		errno = saved;
		return -1;
	}
	term_restore_len = 0;
	term_add_restore("sgr0");
	term_add_restore("cnorm");
	term_add_restore("rmkx");
	term_add_restore("rmcup");
	term_active = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	term_colors(present);
	return 0;
}

void term_stop(void)
{
	if (term_screen == NULL)
		return;
	term_active = 0;
	endwin();
	delscreen(term_screen);
	term_screen = NULL;
	term_handlers(false);
	close(term_pipe[0]);
	close(term_pipe[1]);
	term_pipe[0] = term_pipe[1] = -1;
}

int term_attr(enum term_role role)
{
	return term_look[role];
}

int term_resize_fd(void)
{
	return term_pipe[0];
}

void term_resize(void)
{
	struct winsize ws;
	char drain[64];

	while (read(term_pipe[0], drain, sizeof(drain)) > 0)
		;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

bool term_too_small(void)
{
	return COLS < TERM_MIN_COLS || LINES < TERM_MIN_ROWS;
}

void term_draw_too_small(void)
{
	char line[80];
	int y = LINES / 2 - 1, x;

	erase();
	snprintf(line, sizeof(line),
		 "terminal too small: have %dx%d, need %dx%d", COLS, LINES,
		 TERM_MIN_COLS, TERM_MIN_ROWS);
	x = COLS > (int)strlen(line) ? (COLS - (int)strlen(line)) / 2 : 0;
	attrset(term_attr(TERM_FULL));
	mvaddnstr(y < 0 ? 0 : y, x, line, COLS);
	attrset(term_attr(TERM_NORMAL));
	if (y + 2 < LINES)
		mvaddnstr(y + 2, COLS > 24 ? (COLS - 24) / 2 : 0,
			  "enlarge it, or q to quit", COLS);
}
