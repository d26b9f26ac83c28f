/*
 * badinput.h - run mqlab or mqfault on bad input and check the answer.
 *
 * One row of a table is one command line (with environment changes and
 * flags); badinput_check() runs it with stdin from /dev/null, in a work
 * folder of fixtures in the test's private /tmp, and asserts the
 * contract every bad input must keep: the exit status (2 unless said),
 * exactly one line on stderr that starts with the program's name, says
 * the expected word and what to do (a ';'), holds no control character
 * and is not huge; nothing on stdout; and the work folder, the files in
 * it (an existing -o target included) and /tmp exactly as they were.
 *
 * The fixtures, in BADINPUT_DIR (the children's working directory):
 *   existing.log        "precious\n": an output that must survive
 *   good.rules          one valid rule, mode 0600 (unreadable by nobody)
 *   bad.rules           a bad spec on line 3
 *   empty.rules, comments.rules, nul.rules, big.rules (over 1 MiB)
 *   fifo                a FIFO nobody reads or writes
 *   dir/, locked/       a directory, and one only root may write in
 *   ro/                 a read-only tmpfs
 *   noexec              a file that is not executable
 *   home/, state/       HOME and XDG_STATE_HOME of every row
 *   fstate/, dstate/, sstate/   grade books that are a FIFO, a
 *                       directory, and a file only root may read
 *
 * See also: tests/badinput.c, tests/test_badinput.c,
 *           tests/test_badinput_mqfault.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEST_BADINPUT_H
#define MQLAB_TEST_BADINPUT_H

#include <stddef.h>

#define BADINPUT_DIR "/tmp/badinput"

enum badinput_flags {
	BI_SPEC = 1,	/* a spec error: one line, or that line, the spec
			 * and a caret line */
	BI_WARN = 2,	/* a warning: exit 0, stdout free, one "warning:" */
	BI_TTY = 4,	/* stdin and stdout on a pseudo-terminal */
	BI_NOBODY = 8,	/* run as uid and gid 65534 (skipped unless root) */
	BI_FULL = 16,	/* stdout is /dev/full */
	BI_AFTER = 32,	/* found after PROGRAM ran: stdout free, earlier
			 * "PROG: " lines allowed, the error is the last */
	BI_STATUS = 64, /* status is the row's, not 2 */
};

/*
 * argv[0] is "mqlab" or "mqfault" (run from $MQLAB or $MQFAULT); "@huge"
 * anywhere in argv or in an env value stands for 100 000 'a's (execve
 * takes at most 128 KiB per string).  env holds "NAME=VALUE" to set or
 * "NAME" to unset, after the defaults (HOME, XDG_STATE_HOME in the work
 * folder; MQLAB_TIMEOUT_SCALE, MQLAB_NO_NAMESPACES and TMPDIR unset).
 */
struct badinput_row {
	const char *argv[12];
	const char *env[3];
	const char *expect; /* a word of the message */
	unsigned flags;
	int status; /* with BI_STATUS */
};

/* Make the fixtures (once per test: each test has its own /tmp). */
void badinput_setup(void);

/* Run every row of rows[n] and assert the contract on each. */
void badinput_table(const struct badinput_row *rows, size_t n);

#endif
