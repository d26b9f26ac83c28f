/*
 * cmd-reset.c - `mqlab reset NN`: give a lab's student.c its skeleton back.
 *
 *   mqlab reset 01           asks first, on the terminal
 *   mqlab reset 01 --yes     does not ask (scripts)
 *
 * Nothing is lost: the student's version is kept as student.c.bak-N
 * before the skeleton goes in (labs/skeleton.h).  Because that is still
 * a surprise to a student who typed the wrong number, we ask, and we
 * only ask a terminal: without one, and without --yes, we refuse rather
 * than take a yes from a pipe or an empty stdin.  A file that already is
 * the skeleton is left alone, and a missing one is simply put back.
 *
 * See also: labs/skeleton.h, tui/cmd.h (cmd_tree: which tree)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "labs/catalog.h"
#include "labs/skeleton.h"
#include "tui/cmd.h"

struct cmd_reset {
	const struct lab *lab;
	const char *root;
	char dir[128];
	char path[PATH_MAX]; /* ROOT/labs/NN-slug/student.c */
	char *text;	     /* the skeleton */
	size_t len;
	char from[PATH_MAX];
};

/* path without "ROOT/", for messages the student can read. */
static const char *cmd_reset_short(const struct cmd_reset *r, const char *path)
{
	size_t n = strlen(r->root);

	if (strncmp(path, r->root, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* Ask on the terminal; true only for y or yes. */
static bool cmd_reset_confirm(const struct cmd_reset *r)
{
	char next[PATH_MAX + 16], answer[16];

	if (skeleton_next_backup(r->path, next, sizeof(next)) < 0)
		snprintf(next, sizeof(next), "%s.bak-N", r->path);
	fprintf(stderr,
		"reset %s to the skeleton? your version is kept as %s "
		"[y/N] ",
		cmd_reset_short(r, r->path), cmd_reset_short(r, next));
	fflush(stderr);
	if (fgets(answer, sizeof(answer), stdin) == NULL)
		return false;
	answer[strcspn(answer, "\r\n")] = '\0';
	return strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0;
}

static int cmd_reset_go(struct cmd_reset *r, bool yes)
{
	char backup[PATH_MAX + 16];
	int state;

	state = skeleton_compare(r->path, r->text, r->len);
	if (state < 0)
		return cmd_fail("cannot read %s: %m; check its permissions",
				r->path);
	if (state == SKELETON_SAME) {
		printf("%s is already the skeleton; nothing to do\n",
		       cmd_reset_short(r, r->path));
		return 0;
	}
	if (state == SKELETON_CHANGED && !yes) {
		if (!isatty(STDIN_FILENO))
			return cmd_usage_error(
				"reset replaces your %s and there is no "
				"terminal to ask; run mqlab reset %02d --yes",
				cmd_reset_short(r, r->path), r->lab->number);
		if (!cmd_reset_confirm(r))
			return cmd_fail("lab %02d not reset; %s is unchanged",
					r->lab->number,
					cmd_reset_short(r, r->path));
	}
	if (skeleton_restore(r->path, r->text, r->len, backup, sizeof(backup)) <
	    0)
		return cmd_fail("cannot reset %s: %m; it is unchanged",
				r->path);
	printf("reset %s to the skeleton (from %s)",
	       cmd_reset_short(r, r->path), r->from);
	if (backup[0] != '\0')
		printf("; your version is kept as %s",
		       cmd_reset_short(r, backup));
	printf("\n");
	return 0;
}

static int cmd_reset_lab(struct cmd_reset *r, bool yes)
{
	char labdir[PATH_MAX];
	int status;

	catalog_dir(r->lab, r->dir, sizeof(r->dir));
	snprintf(labdir, sizeof(labdir), "%s/labs/%s", r->root, r->dir);
	if (access(labdir, F_OK) < 0)
		return cmd_fail("no folder %s: %m; set MQLAB_SOURCE_DIR to "
				"your mqlab tree",
				labdir);
	if ((size_t)snprintf(r->path, sizeof(r->path), "%s/student.c",
			     labdir) >= sizeof(r->path))
		return cmd_usage_error("the path of %s is too long; move your "
				       "tree",
				       labdir);
	if (skeleton_read(r->root, r->dir, &r->text, &r->len, r->from,
			  sizeof(r->from)) < 0 &&
	    errno == ENOENT)
		return cmd_fail("no pristine skeleton of lab %02d: neither "
				"%s/%s/%s.c nor git HEAD has it; restore "
				"labs/%s/student.c from your handout",
				r->lab->number, r->root, SKELETON_DIR, r->dir,
				r->dir);
	if (r->text == NULL)
		return cmd_fail("cannot read the skeleton of lab %02d: %m; "
				"restore labs/%s/student.c from your handout",
				r->lab->number, r->dir);
	status = cmd_reset_go(r, yes);
	free(r->text);
	return status;
}

static int cmd_reset_exec(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"yes", no_argument, NULL, 'y'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cmd_reset r = {0};
	bool yes = false;
	int opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "yh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'y':
			yes = true;
			break;
		case 'h':
			return cmd_print_usage(&cmd_reset_entry);
		default:
			return cmd_usage_error("unknown option '%s'; see mqlab "
					       "reset --help",
					       cmd_quote(argv[optind - 1]));
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("reset needs one lab number; try "
				       "mqlab reset 01");
	r.lab = cmd_find_lab(argv[optind]);
	if (r.lab == NULL)
		return 2;
	r.root = cmd_tree();
	if (r.root == NULL)
		return 2;
	return cmd_reset_lab(&r, yes);
}

const struct cmd_entry cmd_reset_entry = {
	.name = "reset",
	.usage = "NN [--yes]",
	.help = "put the lab's student.c back to the skeleton, keeping "
		"yours as student.c.bak-N (asks first; --yes: does not)",
	.exec = cmd_reset_exec,
};
