/*
 * cmd.c - what every subcommand shares: the table and error messages.
 *
 * It also says where a lab's files are: the tree mqlab was built from is
 * compiled in (MQLAB_SOURCE_DIR, by the Makefile), and the same name in
 * the environment overrides it, for a tree moved after building or a
 * copy (the tests reset a copy, never the real labs/).
 *
 * See also: tui/cmd.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/cmd.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/quote.h"
#include "labs/catalog.h"

#ifndef MQLAB_SOURCE_DIR
#define MQLAB_SOURCE_DIR "."
#endif
#ifndef MQLAB_DOCDIR
#define MQLAB_DOCDIR "/usr/local/share/doc/mqlab"
#endif

const struct cmd_entry *const cmd_table[] = {
	&cmd_list_entry,  &cmd_info_entry, &cmd_run_entry,
	&cmd_grade_entry, &cmd_hint_entry, &cmd_reset_entry,
	&cmd_ls_entry,	  &cmd_top_entry,  NULL,
};

/* "mqlab: ..." on stderr, after what stdout still holds: one line, even
 * when a value in it holds a newline or an escape (faults/quote.h). */
static int cmd_report(int status, const char *fmt, va_list ap)
{
	char *text = NULL, *safe = NULL;
	const char *line = "out of memory";
	size_t len;

	fflush(stdout);
	if (vasprintf(&text, fmt, ap) >= 0) {
		line = text;
		len = strlen(text);
		safe = malloc(4 * len + 1);
		if (safe != NULL) {
			quote_str(safe, 4 * len + 1, text, len);
			line = safe;
		}
	}
	fprintf(stderr, "mqlab: %s\n", line);
	free(safe);
	free(text);
	return status;
}

const char *cmd_quote(const char *s)
{
	static char bufs[4][4 * QUOTE_VALUE_MAX + 8];
	static unsigned next;

	return quote_value(bufs[next++ % 4], sizeof(bufs[0]), s);
}

int cmd_usage_error(const char *fmt, ...)
{
	va_list ap;
	int status;

	va_start(ap, fmt);
	status = cmd_report(2, fmt, ap);
	va_end(ap);
	return status;
}

int cmd_fail(const char *fmt, ...)
{
	va_list ap;
	int status;

	va_start(ap, fmt);
	status = cmd_report(1, fmt, ap);
	va_end(ap);
	return status;
}

const struct lab *cmd_find_lab(const char *name)
{
	const struct lab *lab = catalog_find(name);
	char numbers[256];

	if (lab == NULL) {
		catalog_numbers(numbers, sizeof(numbers));
		cmd_usage_error("no lab '%s'; the labs are %s (see mqlab list)",
				cmd_quote(name), numbers);
	}
	return lab;
}

const char *cmd_tree(void)
{
	const char *env = getenv("MQLAB_SOURCE_DIR");
	char labs[PATH_MAX], shown[4 * QUOTE_VALUE_MAX + 8];
	struct stat st;
	int n;

	if (env == NULL || env[0] == '\0')
		return MQLAB_SOURCE_DIR;
	/* Room is left for "/NN-slug/student.c.bak-N" under labs/. */
	n = snprintf(labs, sizeof(labs), "%s/labs", env);
	if (n < 0 || (size_t)n >= sizeof(labs) - 128 || stat(labs, &st) < 0 ||
	    !S_ISDIR(st.st_mode)) {
		cmd_usage_error("MQLAB_SOURCE_DIR='%s' has no labs/ folder; "
				"unset it or name your mqlab tree",
				quote_value(shown, sizeof(shown), env));
		return NULL;
	}
	return env;
}

int cmd_readme(const char *dir, char *buf, size_t size, char *tried,
	       size_t triedsize)
{
	const char *roots[] = {cmd_tree(), MQLAB_DOCDIR};
	size_t i, n = 0;

	if (roots[0] == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (triedsize > 0)
		tried[0] = '\0';
	errno = ENOENT;
	for (i = 0; i < 2; i++) {
		snprintf(buf, size, "%s/labs/%s/README.md", roots[i], dir);
		if (access(buf, R_OK) == 0)
			return 0;
		if (n < triedsize)
			n += (size_t)snprintf(tried + n, triedsize - n, "%s%s",
					      i ? ", " : "", buf);
	}
	return -1;
}

int cmd_print_usage(const struct cmd_entry *entry)
{
	printf("usage: mqlab %s %s\n  %s\n", entry->name, entry->usage,
	       entry->help);
	return 0;
}
