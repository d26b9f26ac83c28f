/*
 * cmd-hint.c - `mqlab hint NN`: the lab's hints, one more at each call.
 *
 *   mqlab hint 01            hint 1; next time hints 1-2; and so on
 *   mqlab hint 01 --all      every hint at once
 *   mqlab hint 01 --reset    start over: the next call shows hint 1
 *
 * The hints are the list under "## Hints" in the lab's README.md (the
 * handout `mqlab info` prints), gentle first, so a student takes only as
 * much help as they need.  How far they got is kept per lab beside the
 * grade book; once every hint was shown, a call shows them all again
 * and says there are no more.
 *
 * See also: labs/hint.h, tui/cmd-info.c
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "labs/catalog.h"
#include "labs/hint.h"
#include "tui/cmd.h"

#define CMD_HINT_WIDTH 76

/* Print text after lead, wrapped at CMD_HINT_WIDTH columns, continuation
 * lines indented as far as the text. */
static void cmd_hint_wrap(const char *lead, const char *text)
{
	size_t indent = strlen(lead), col = indent, word;

	fputs(lead, stdout);
	while (*text != '\0') {
		while (*text == ' ')
			text++;
		word = strcspn(text, " ");
		if (word == 0)
			break;
		if (col > indent && col + 1 + word > CMD_HINT_WIDTH) {
			printf("\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		fwrite(text, 1, word, stdout);
		col += word;
		text += word;
	}
	putchar('\n');
}

static void cmd_hint_show(const struct lab *lab, const struct hint_list *h,
			  int shown, bool more)
{
	char lead[16];
	int i;

	printf("Lab %02d: %s: hint%s %s%d of %zu\n\n", lab->number, lab->title,
	       shown > 1 ? "s" : "", shown > 1 ? "1-" : "", shown, h->n);
	for (i = 0; i < shown; i++) {
		snprintf(lead, sizeof(lead), "%3d. ", i + 1);
		cmd_hint_wrap(lead, h->items[i]);
	}
	if (more)
		printf("\nmqlab hint %02d again shows hint %d.\n", lab->number,
		       shown + 1);
	else
		printf("\nThat was the last hint; mqlab hint %02d --reset "
		       "starts over.\n",
		       lab->number);
}

static int cmd_hint_go(const struct lab *lab, bool all, bool reset)
{
	char dir[128], path[PATH_MAX], tried[2 * PATH_MAX + 8];
	struct hint_list h;
	int level, shown, status = 0;

	catalog_dir(lab, dir, sizeof(dir));
	if (reset) {
		if (hint_level_put(dir, 0) < 0) {
			int err = errno;

			if (hint_level_path(path, sizeof(path)) < 0)
				snprintf(path, sizeof(path), "the hints file");
			errno = err;
			return cmd_fail("cannot start lab %02d's hints over: "
					"%m; check that you can write %s",
					lab->number, path);
		}
		printf("Lab %02d: hints start over; mqlab hint %02d shows "
		       "hint 1.\n",
		       lab->number, lab->number);
		return 0;
	}
	if (cmd_readme(dir, path, sizeof(path), tried, sizeof(tried)) < 0)
		return cmd_fail("no handout for lab %s (tried %s): %m; "
				"reinstall mqlab",
				dir, tried);
	if (hint_read(path, &h) < 0)
		return cmd_fail("cannot read %s: %m; reinstall mqlab", path);
	if (h.n == 0) {
		hint_free(&h);
		return cmd_fail("%s has no list under '## Hints'; ask your "
				"instructor",
				path);
	}
	level = hint_level_get(dir);
	if (level < 0) {
		hint_free(&h);
		hint_level_path(path, sizeof(path));
		return cmd_usage_error("cannot read your hint levels in %s: "
				       "%m; make it a plain file or remove it",
				       path);
	}
	if ((size_t)level >= h.n && !all)
		printf("No more hints for lab %02d: you have seen all %zu.\n\n",
		       lab->number, h.n);
	shown = all || (size_t)level >= h.n ? (int)h.n : level + 1;
	cmd_hint_show(lab, &h, shown, (size_t)shown < h.n);
	if (shown != level && hint_level_put(dir, shown) < 0) {
		fprintf(stderr,
			"mqlab: warning: hint level not recorded: %m\n");
		status = 1;
	}
	hint_free(&h);
	return status;
}

static int cmd_hint_exec(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"all", no_argument, NULL, 'a'},
		{"reset", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool all = false, reset = false;
	const struct lab *lab;
	int opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			all = true;
			break;
		case 'r':
			reset = true;
			break;
		case 'h':
			return cmd_print_usage(&cmd_hint_entry);
		default:
			return cmd_usage_error("unknown option '%s'; see mqlab "
					       "hint --help",
					       cmd_quote(argv[optind - 1]));
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("hint needs one lab number; try "
				       "mqlab hint 01");
	if (all && reset)
		return cmd_usage_error("--all and --reset do not go together; "
				       "use one of them");
	lab = cmd_find_lab(argv[optind]);
	if (lab == NULL || cmd_tree() == NULL)
		return 2;
	return cmd_hint_go(lab, all, reset);
}

const struct cmd_entry cmd_hint_entry = {
	.name = "hint",
	.usage = "NN [--all | --reset]",
	.help = "the lab's hints, one more each time (--all: every one; "
		"--reset: start over)",
	.exec = cmd_hint_exec,
};
