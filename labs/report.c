/*
 * report.c - what a role tells the runtime about its work.
 *
 * Each report is one line written with a single write(2) of less than
 * PIPE_BUF bytes, so lines from roles running at the same time never
 * interleave.  The descriptor comes from MQLAB_REPORT_FD, set by the
 * runtime; without it (a check calling a role directly) reports are
 * dropped, because a role must behave the same whether watched or not.
 *
 * Line format, read by labs/run.c:  KIND SP PID SP rest
 *   sent N | received N | lost N | error CALL ERRNAME | note TEXT
 *
 * See also: labs/report.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/report.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "faults/strnum.h"

static int report_fd(void)
{
	static int fd = -2;
	const char *env;
	long n;

	if (fd == -2) {
		env = getenv("MQLAB_REPORT_FD");
		/* Set by the runtime; anything else means no reports, never
		 * a write to a descriptor the role did not mean. */
		if (env == NULL || strnum_long(env, 0, INT_MAX, &n) < 0)
			n = -1;
		fd = (int)n;
	}
	return fd;
}

static void report_line(const char *kind, const char *fmt, va_list ap)
{
	char line[PIPE_BUF];
	int fd = report_fd();
	int saved = errno;
	int n;

	if (fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%s %d ", kind, (int)getpid());
	n += vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(fd, line, n) < 0) {
		/* The runtime is gone; the role carries on unobserved. */
	}
	errno = saved;
}

static void report(const char *kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_line(kind, fmt, ap);
	va_end(ap);
}

void report_sent(long n)
{
	report("sent", "%ld", n);
}

void report_received(long n)
{
	report("received", "%ld", n);
}

void report_lost(long n)
{
	report("lost", "%ld", n);
}

void report_error(const char *call, int err)
{
	const char *name = strerrorname_np(err);

	report("error", "%s %s", call, name != NULL ? name : "E?");
}

void report_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_line("note", fmt, ap);
	va_end(ap);
}

void report_die(const char *call)
{
	int err = errno;
	const char *name = strerrorname_np(err);

	fprintf(stderr, "%s: %s (%s)\n", call, name != NULL ? name : "E?",
		strerror(err));
	report_error(call, err);
	exit(1);
}
