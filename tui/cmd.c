/*
 * cmd.c - what every subcommand shares: the table and error messages.
 *
 * See also: tui/cmd.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/cmd.h"

#include <stdarg.h>
#include <stdio.h>

#include "labs/catalog.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_list_entry, &cmd_info_entry, &cmd_run_entry, &cmd_grade_entry,
	&cmd_ls_entry,	 &cmd_top_entry,  NULL,
};

/* "mqlab: ..." on stderr, after what stdout still holds. */
static int cmd_report(int status, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("mqlab: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	return status;
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
				name, numbers);
	}
	return lab;
}

int cmd_print_usage(const struct cmd_entry *entry)
{
	printf("usage: mqlab %s %s\n  %s\n", entry->name, entry->usage,
	       entry->help);
	return 0;
}
