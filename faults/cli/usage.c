/*
 * usage.c - mqfault's one-line errors, and what it checks before it runs
 * PROGRAM.
 *
 * Every message is built whole, then escaped (faults/quote.h) and
 * printed as one line: a value the user typed may hold a newline or an
 * escape sequence, and neither may split the line or reach the terminal
 * raw.  Values are also cut when long, so a megabyte argument gives a
 * readable line.
 *
 * The order of the checks is the point: options and rules files are read
 * first, then PROGRAM is looked up, and only then is the event log
 * opened (and truncated), so that no mistake ever costs an existing log.
 *
 * See also: faults/cli/usage.h, faults/cli/mqfault.c, docs/mqfault.md
 * SPDX-License-Identifier: MIT
 */
#include "faults/cli/usage.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/quote.h"

/* Print "mqfault: " and text escaped, as one line. */
static void usage_line(const char *text)
{
	size_t len = strlen(text);
	char *safe = malloc(4 * len + 1);

	if (safe != NULL)
		quote_str(safe, 4 * len + 1, text, len);
	fprintf(stderr, "mqfault: %s\n", safe != NULL ? safe : text);
	free(safe);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;
	char *text;

	fflush(stdout);
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	usage_line(text != NULL ? text : "out of memory");
	free(text);
	exit(USAGE_EXIT);
}

const char *usage_quote(const char *s)
{
	static char bufs[4][4 * QUOTE_VALUE_MAX + 8];
	static unsigned next;

	return quote_value(bufs[next++ % 4], sizeof(bufs[0]), s);
}

void usage_spec_error(const struct fault_error *err)
{
	char where[320], caret[4 * QUOTE_LINE_MAX + 64];
	char line[sizeof(where) + sizeof(err->message) + sizeof(err->hint) + 8];

	if (err->file[0] != '\0' && err->line > 0)
		snprintf(where, sizeof(where), "%s:%d", usage_quote(err->file),
			 err->line);
	else if (err->file[0] != '\0')
		snprintf(where, sizeof(where), "rules file '%s'",
			 usage_quote(err->file));
	else
		snprintf(where, sizeof(where), "bad spec");
	snprintf(line, sizeof(line), "%s: %s%s%s%s", where, err->message,
		 err->hint[0] ? " (" : "", err->hint, err->hint[0] ? ")" : "");
	caret[0] = '\0';
	if (err->text[0] != '\0')
		quote_caret(caret, sizeof(caret), err->text, strlen(err->text),
			    err->column);
	fflush(stdout);
	/* The whole error first, on one line; the spec and caret under it. */
	usage_line(line);
	fputs(caret, stderr);
	exit(USAGE_EXIT);
}

void usage_rules_file(struct fault_plan *plan, const char *path)
{
	struct fault_error err;
	int n;

	memset(&err, 0, sizeof(err));
	n = fault_plan_load(plan, path, &err);
	if (n > 0)
		return;
	if (n == 0)
		usage_error("rules file '%s' has no rules, only blank lines "
			    "and comments; write one spec a line "
			    "(docs/spec.md) or drop --rules",
			    usage_quote(path));
	if (errno == EINVAL && err.message[0] != '\0')
		usage_spec_error(&err);
	if (errno == ENOENT)
		usage_error("no rules file '%s'; check the path",
			    usage_quote(path));
	if (errno == EISDIR)
		usage_error("rules file '%s' is a directory; give a file of "
			    "specs, one a line",
			    usage_quote(path));
	usage_error("cannot read rules file '%s': %s; check the path and "
		    "its permissions",
		    usage_quote(path), strerror(errno));
}

/* 0 when execve() could start path, else -1 with errno. */
static int runnable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

/* 0 when execvp() would find name, else -1 with errno: ENOENT, or why
 * the last match it found cannot be run. */
static int lookup(const char *name)
{
	const char *dirs = getenv("PATH"), *p, *colon;
	char full[PATH_MAX];
	int err = ENOENT;
	size_t n;

	if (name[0] == '\0') {
		errno = ENOENT;
		return -1;
	}
	if (strchr(name, '/') != NULL)
		return runnable(name);
	if (dirs == NULL)
		dirs = "/bin:/usr/bin"; /* execvp()'s default */
	for (p = dirs;; p = colon + 1) {
		colon = strchrnul(p, ':');
		n = (size_t)(colon - p);
		/* An empty entry is the current directory. */
		if (snprintf(full, sizeof(full), "%.*s%s%s", (int)n, p,
			     n ? "/" : "", name) < (int)sizeof(full)) {
			if (runnable(full) == 0)
				return 0;
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno;
		}
		if (*colon == '\0')
			break;
	}
	errno = err;
	return -1;
}

void usage_find_program(const char *name)
{
	int err;

	if (lookup(name) == 0)
		return;
	/* lookup()'s errno, before fflush() can change it. */
	err = errno;
	fflush(stdout);
	fprintf(stderr, "mqfault: cannot run '%s': %s; %s\n", usage_quote(name),
		strerror(err),
		err == ENOENT ? "check the name, or PATH"
			      : "give an executable program");
	exit(err == ENOENT ? 127 : 126);
}

FILE *usage_open_log(const char *path)
{
	FILE *f;
	int fd;

	if (path == NULL)
		return NULL;
	if (strcmp(path, "-") == 0)
		return stdout;
	/* O_NONBLOCK: a FIFO without a reader fails with ENXIO at once.
	 * O_CLOEXEC: PROGRAM must not inherit our log. */
	fd = open(path,
		  O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_NOCTTY |
			  O_CLOEXEC,
		  0666);
	if (fd < 0 && errno == ENXIO)
		usage_error("nobody reads the FIFO '%s'; start its reader "
			    "first, or give a file to -o",
			    usage_quote(path));
	if (fd < 0)
		usage_error("cannot write the event log '%s': %s; give "
			    "another -o FILE",
			    usage_quote(path), strerror(errno));
	f = fdopen(fd, "w");
	if (f == NULL ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
		usage_error("cannot write the event log '%s': %s; give "
			    "another -o FILE",
			    usage_quote(path), strerror(errno));
	return f;
}

int usage_close_log(FILE *log, const char *path, int status)
{
	bool failed = ferror(log) != 0;
	int err = fclose(log) == 0 ? 0 : errno;

	if (!failed && err == 0)
		return status;
	fprintf(stderr,
		"mqfault: events were lost: cannot write the event log "
		"'%s': %s; give another -o FILE\n",
		usage_quote(path), err != 0 ? strerror(err) : "a write failed");
	return USAGE_EXIT;
}

static void usage_check_stdout(void)
{
	int err = fflush(stdout) == 0 ? 0 : errno;

	if (err == 0 && !ferror(stdout))
		return;
	fprintf(stderr,
		"mqfault: cannot write to standard output: %s; check where "
		"it goes (a full disk?)\n",
		err != 0 ? strerror(err) : "a write failed");
	_exit(USAGE_EXIT);
}

void usage_watch_stdout(void)
{
	atexit(usage_check_stdout);
}
