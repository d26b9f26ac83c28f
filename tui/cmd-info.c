/*
 * cmd-info.c - `mqlab info NN`: print the lab's handout (its README.md).
 *
 * The handout is looked for in the source tree mqlab was built from
 * (MQLAB_SOURCE_DIR, compiled in by the Makefile), then in the installed
 * copy (MQLAB_DOCDIR/labs/NN-slug/README.md, from make install), so it
 * works both from a checkout and once installed.
 *
 * See also: labs/catalog.h, Makefile (install)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "labs/catalog.h"
#include "tui/cmd.h"

#ifndef MQLAB_SOURCE_DIR
#define MQLAB_SOURCE_DIR "."
#endif
#ifndef MQLAB_DOCDIR
#define MQLAB_DOCDIR "/usr/local/share/doc/mqlab"
#endif

static FILE *cmd_info_open(const char *dir, char *tried, size_t size)
{
	static const char *const roots[] = {MQLAB_SOURCE_DIR "/labs",
					    MQLAB_DOCDIR "/labs"};
	char path[PATH_MAX];
	size_t i, n = 0;
	FILE *f;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s/README.md", roots[i], dir);
		f = fopen(path, "r");
		if (f != NULL)
			return f;
		if (n < size)
			n += snprintf(tried + n, size - n, "%s%s",
				      i ? ", " : "", path);
	}
	return NULL;
}

static int cmd_info_exec(int argc, char *argv[])
{
	const struct lab *lab;
	char dir[128], tried[2 * PATH_MAX], buf[4096];
	size_t n;
	FILE *f;

	if (argc == 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cmd_print_usage(&cmd_info_entry);
	if (argc != 2)
		return cmd_usage_error("info needs one lab number; try "
				       "mqlab info 01");
	lab = cmd_find_lab(argv[1]);
	if (lab == NULL)
		return 2;
	catalog_dir(lab, dir, sizeof(dir));
	f = cmd_info_open(dir, tried, sizeof(tried));
	if (f == NULL)
		return cmd_fail("no handout for lab %s (tried %s): %s; "
				"reinstall mqlab",
				dir, tried, strerror(errno));
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
