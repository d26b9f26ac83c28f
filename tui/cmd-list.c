/*
 * cmd-list.c - `mqlab list`: every lab, its difficulty and your grade.
 *
 * Reads only the labs' plain-data declarations and the grade book: no
 * lab code runs.
 *
 * See also: labs/catalog.h, labs/gradebook.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "labs/catalog.h"
#include "labs/gradebook.h"
#include "tui/cmd.h"

static int cmd_list_exec(int argc, char *argv[])
{
	const struct lab *const *l;
	struct gradebook_entry e;
	char dir[128], grade[32], path[4096];
	int unreadable = 0;

	if (argc == 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cmd_print_usage(&cmd_list_entry);
	if (argc > 1)
		return cmd_usage_error("list takes no arguments, not '%s'; "
				       "run mqlab list",
				       cmd_quote(argv[1]));
	printf("%-3s %-44s %-9s %5s  %s\n", "NN", "Title", "Level", "Time",
	       "Your grade");
	for (l = lab_registry; *l != NULL; l++) {
		catalog_dir(*l, dir, sizeof(dir));
		if (gradebook_get(dir, &e) == 0) {
			snprintf(grade, sizeof(grade), "%d/%d", e.score, e.max);
		} else {
			snprintf(grade, sizeof(grade), "-");
			/* No file or no line is no grade yet; anything
			 * else is worth one warning. */
			if (unreadable == 0 && errno != ENOENT)
				unreadable = errno;
		}
		printf("%02d  %-44.44s %-9s %3dm  %s\n", (*l)->number,
		       (*l)->title, (*l)->difficulty, (*l)->minutes, grade);
	}
	printf("\nmqlab info NN: the handout   mqlab run NN: watch it   "
	       "mqlab grade NN: grade it\n");
	if (unreadable != 0 && gradebook_path(path, sizeof(path)) == 0) {
		fflush(stdout);
		fprintf(stderr,
			"mqlab: warning: cannot read your grades in %s: %s; "
			"check that file\n",
			cmd_quote(path), strerror(unreadable));
	}
	return 0;
}

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.usage = "",
	.help = "the labs: number, title, difficulty, time, your last grade",
	.exec = cmd_list_exec,
};
