/*
 * cmd-info.c - `mqlab info NN`: print the lab's handout (its README.md).
 *
 * The handout is found as `mqlab hint` finds it (cmd_readme()): in the
 * tree the student works in (MQLAB_SOURCE_DIR, from the environment or
 * compiled in by the Makefile), then in the installed copy
 * (MQLAB_DOCDIR/labs/NN-slug/README.md, from make install), so it works
 * from a checkout, from a handout and once installed.
 *
 * See also: labs/catalog.h, tui/cmd.h, Makefile (install)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "labs/catalog.h"
#include "tui/cmd.h"

static int cmd_info_exec(int argc, char *argv[])
{
	const struct lab *lab;
	char dir[128], path[PATH_MAX], tried[2 * PATH_MAX], buf[4096];
	size_t n;
	FILE *f;

	if (argc == 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cmd_print_usage(&cmd_info_entry);
	if (argc == 2 && argv[1][0] == '-')
		return cmd_usage_error("info: unknown option '%s'; try mqlab "
				       "info 01",
				       cmd_quote(argv[1]));
	if (argc != 2)
		return cmd_usage_error("info needs one lab number; try "
				       "mqlab info 01");
	lab = cmd_find_lab(argv[1]);
	if (lab == NULL)
		return 2;
	catalog_dir(lab, dir, sizeof(dir));
	if (cmd_readme(dir, path, sizeof(path), tried, sizeof(tried)) < 0) {
		/* EINVAL: a bad MQLAB_SOURCE_DIR, already said. */
		if (errno == EINVAL)
			return 2;
		return cmd_fail("no handout for lab %s (tried %s): %s; "
				"reinstall mqlab",
				dir, tried, strerror(errno));
	}
	f = fopen(path, "re");
	if (f == NULL)
		return cmd_fail("cannot read %s: %s; reinstall mqlab",
				cmd_quote(path), strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return 0;
}

const struct cmd_entry cmd_info_entry = {
	.name = "info",
	.usage = "NN",
	.help = "print the lab's handout (labs/NN-slug/README.md)",
	.exec = cmd_info_exec,
};
