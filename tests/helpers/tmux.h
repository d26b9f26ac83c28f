/*
 * tmux.h - drive a real program in a real terminal, through tmux.
 *
 * A test starts a tmux server of its own (a socket named after its pid,
 * a config that keeps dead panes on screen and hides the status line),
 * types keys with send-keys and reads the screen with capture-pane.  The
 * server lives in a PID namespace of the test's making, whose first
 * process dies with the test: whatever happens to the test, no tmux and
 * no program it ran survives it.  Only one session per test (a process
 * makes one PID namespace for its children).
 *
 * These helpers assert (Criterion): call them only in the test process.
 *
 * See also: tests/test_tui_top.c, tmux(1) (send-keys, capture-pane,
 *           FORMATS)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEST_TMUX_H
#define MQLAB_TEST_TMUX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct tmux {
	char socket[64]; /* tmux -L NAME */
	char conf[64];	 /* tmux -f FILE */
	char run[64];	 /* the pane's wrapper script */
	char pid[64];	 /* where it writes the program's pid */
	char status[64]; /* and then its exit status, as sh says it */
	pid_t keeper;	 /* pid 1 of the PID namespace */
};

/* The mqlab binary: $MQLAB (make test sets it), else build/bin/mqlab. */
const char *tmux_mqlab(void);

/* Run argv (NULL-terminated) with stdin from /dev/null and stdout and
 * stderr captured together into out (terminated, cut to size).  Returns
 * its wait status. */
int tmux_run(char *out, size_t size, char *const argv[]);

/* Start a server and a detached session "t" of cols x rows running
 * command (words for sh, "TERM=x /path/mqlab top").  A wrapper runs it
 * in the foreground, noting its pid, then its exit status, in files:
 * tmux's own pane_dead_status is not always told (Debian's tmux 3.3a
 * sometimes never reaps a pane's process). */
void tmux_start(struct tmux *t, int cols, int rows, const char *command);

/* Run one tmux command (arguments NULL-terminated), its output in out
 * (may be NULL).  Returns its exit status. */
int tmux_cmd(struct tmux *t, char *out, size_t size, ...)
	__attribute__((sentinel));

/* The screen of session t as text, with its history, in out. */
void tmux_screen(struct tmux *t, char *out, size_t size);

/* Wait (up to 10 s) until the screen shows text; the last screen seen
 * is left in out.  Returns whether it did. */
bool tmux_wait_for(struct tmux *t, const char *text, char *out, size_t size);

/* The value of a tmux format for the pane ("#{pane_dead}"), in out. */
void tmux_format(struct tmux *t, const char *format, char *out, size_t size);

/* Wait (up to 10 s) until the pane's program has exited and its pane
 * has closed.  Returns its exit status as sh reports it (128 + N when
 * killed by signal N), or -1 if it did not exit. */
int tmux_wait_exit(struct tmux *t);

/* The host pid (as this test's /proc knows it) of the pane's program,
 * or -1 when it has not started or is gone.  Waits (up to 10 s) for the
 * wrapper to note it. */
pid_t tmux_program_pid(struct tmux *t);

/* Send signal name ("TERM") to the pane's program.  Its pid is in the
 * PID namespace of tmux, so tmux's run-shell sends it. */
void tmux_signal(struct tmux *t, const char *name);

/* Kill the server by its socket, and everything left in the namespace. */
void tmux_stop(struct tmux *t);

#endif
