/*
 * main.c - the program a lab is built into: it plays one role at a time.
 *
 * Each lab is linked twice into this program (with student.c, and with
 * the reference solution).  The runtime never links student code into
 * itself: it starts this program once to set the lab up, then once per
 * role, each under its own faults, in the run's private namespaces.
 *
 *   LABPROG --setup          create the lab's queues
 *   LABPROG --role NAME      play role NAME; its status is the exit status
 *   LABPROG --roles          print the role names, one per line
 *   LABPROG --seconds        print how long `mqlab run` lasts by default
 *
 * See also: labs/lab.h, labs/run.c (the runtime that starts it)
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "labs/lab.h"

static int usage(const char *prog)
{
	fprintf(stderr,
		"%s: expected --setup, --role NAME or --roles; "
		"run labs with `mqlab run NN`\n",
		prog);
	return 2;
}

int main(int argc, char *argv[])
{
	const struct lab_role *role;

	if (argc == 2 && strcmp(argv[1], "--setup") == 0)
		return scenario.setup() == 0 ? 0 : 1;
	if (argc == 2 && strcmp(argv[1], "--seconds") == 0) {
		printf("%d\n", scenario.seconds);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--roles") == 0) {
		for (role = scenario.roles; role->name != NULL; role++)
			printf("%s\n", role->name);
		return 0;
	}
	if (argc != 3 || strcmp(argv[1], "--role") != 0)
		return usage(argv[0]);
	for (role = scenario.roles; role->name != NULL; role++)
		if (strcmp(role->name, argv[2]) == 0)
			return role->main();
	fprintf(stderr, "%s: no role '%s' in lab %02d; try --roles\n", argv[0],
		argv[2], scenario.lab->number);
	return 2;
}
