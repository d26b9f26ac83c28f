/*
 * mqlab.c - the mqlab command: list, read, run and grade the labs.
 *
 *   mqlab [--present]          the lab browser and the live view (TUI)
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
#include "tui/live.h"

static int mqlab_help(void)
{
	const struct cmd_entry *const *c;

	printf("usage: mqlab [--present | COMMAND [ARGS]]\n\n"
	       "  mqlab [--present]\n      the labs, and each one live "
	       "(--present: for a projector)\n");
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
	char names[256];
	size_t n = 0;

	if (argc < 2)
		return cmd_tui_main(false);
	if (argc == 2 && strcmp(argv[1], "--present") == 0)
		return cmd_tui_main(true);
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
		/* snprintf() counts what did not fit: past the end, stop. */
		if (n < sizeof(names))
			n += (size_t)snprintf(
				names + n, sizeof(names) - n, "%s%s",
				c == cmd_table ? "" : ", ", (*c)->name);
	}
	return cmd_usage_error("unknown command '%s'; try %s (mqlab --help)",
			       argv[1], names);
}
