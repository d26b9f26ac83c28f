/*
 * mqlab.c - the mqlab command: list, read, run and grade the labs.
 *
 *   mqlab                      the labs (the TUI comes in a later version)
 *   mqlab list                 numbers, titles, difficulty, your grades
 *   mqlab info NN              the lab's handout
 *   mqlab run NN [...]         run its scenario, watch the timeline
 *   mqlab grade [NN] [...]     grade your code
 *
 * main() only dispatches: each subcommand lives in tui/cmd-NAME.c.
 *
 * See also: tui/cmd.h, docs/labs.md
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "tui/cmd.h"

static int mqlab_help(void)
{
	const struct cmd_entry *const *c;

	printf("usage: mqlab [COMMAND [ARGS]]\n\n");
	for (c = cmd_table; *c != NULL; c++)
		printf("  mqlab %s %s\n      %s\n", (*c)->name, (*c)->usage,
		       (*c)->help);
	printf("\nLabs are named by number (1, 01) or slug (full-queue).\n"
	       "`mqlab COMMAND --help` shows one command's options.\n");
	return 0;
}

int main(int argc, char *argv[])
{
	const struct cmd_entry *const *c;
	char *list[] = {(char *)"list", NULL};
	char names[256];
	int status, n = 0;

	if (argc < 2) {
		status = cmd_list_entry.exec(1, list);
		printf("\nThe interactive TUI comes in a later version; for "
		       "now "
		       "use mqlab info NN, mqlab run NN and mqlab grade NN.\n");
		return status;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)
		return mqlab_help();
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("mqlab %s\n", MQLAB_VERSION);
		return 0;
	}
	for (c = cmd_table; *c != NULL; c++) {
		if (strcmp((*c)->name, argv[1]) == 0)
			return (*c)->exec(argc - 1, argv + 1);
		n += snprintf(names + n, sizeof(names) - n, "%s%s",
			      c == cmd_table ? "" : ", ", (*c)->name);
	}
	return cmd_usage_error("unknown command '%s'; try %s (mqlab --help)",
			       argv[1], names);
}
