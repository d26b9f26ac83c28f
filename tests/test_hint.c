/*
 * test_hint.c - `mqlab hint`: one more hint per call, kept per lab, read
 * from the lab's README.
 *
 * The parser is tested on texts; the command runs the real binary on a
 * copy of labs 01 and 02 (tests/labtree.h), with its level file in the
 * copy, and the expected hints come from the copy's README through the
 * same parser, so a README rewritten tomorrow keeps these tests true.
 *
 * See also: labs/hint.h, tui/cmd-hint.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "labs/hint.h"
#include "tests/labtree.h"

TestSuite(hint, .init = labtree_init, .timeout = 60);

static struct cmd_out r;

Test(hint, parser_takes_the_list_under_hints_only)
{
	const char *text = "# Lab 09\n## Task\n- not a hint\n"
			   "## Hints\nSome intro.\n"
			   "1. first, which\n   wraps onto two lines\n"
			   "2) second\n"
			   "- third\n\n    with a second paragraph\n"
			   "* fourth\n\nA closing remark.\n"
			   "## Done when\n- not a hint either\n";
	struct hint_list h;

	cr_assert_eq(hint_parse(text, &h), 4);
	cr_assert_str_eq(h.items[0], "first, which wraps onto two lines");
	cr_assert_str_eq(h.items[1], "second");
	cr_assert_str_eq(h.items[2], "third with a second paragraph");
	cr_assert_str_eq(h.items[3], "fourth");
	hint_free(&h);
	cr_assert_eq(hint_parse("# Lab\n## Task\n- x\n", &h), 0);
	cr_assert_eq(h.n, 0);
	hint_free(&h);
}

/* The hints of lab dir in the copy, as the command must show them. */
static void readme_hints(const struct labtree *t, const char *dir,
			 struct hint_list *h)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/labs/%s/README.md", t->root, dir);
	cr_assert(hint_read(path, h) >= 3, "%s: fewer than 3 hints", path);
}

/* Whether hint i (from 1) is shown in out: its number, then the start of
 * its text (the first 20 characters are always on its first line). */
static bool shows(const char *out, const struct hint_list *h, size_t i)
{
	char want[64];

	snprintf(want, sizeof(want), "%3zu. %.20s", i, h->items[i - 1]);
	return strstr(out, want) != NULL;
}

static void level_is(const struct labtree *t, const char *line)
{
	char path[128];
	char *text;

	snprintf(path, sizeof(path), "%s/state/mqlab/hints", t->root);
	text = labtree_read(path);
	cr_assert(strstr(text, line) != NULL, "'%s' not in:\n%s", line, text);
	free(text);
}

Test(hint, each_call_shows_one_more_and_the_level_persists)
{
	const char *args[] = {"hint", "01", NULL};
	struct labtree t;
	struct hint_list h;
	char line[64];
	size_t call, i;

	labtree_make(&t, false);
	readme_hints(&t, "01-full-queue", &h);
	for (call = 1; call <= h.n; call++) {
		mqlab_cmd(&r, args, t.env);
		cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
		for (i = 1; i <= h.n; i++)
			cr_assert_eq(shows(r.out, &h, i), i <= call,
				     "call %zu, hint %zu:\n%s", call, i, r.out);
		snprintf(line, sizeof(line), "01-full-queue %zu\n", call);
		level_is(&t, line);
	}
	cr_assert(strstr(r.out, "That was the last hint") != NULL, "%s", r.out);
	mqlab_cmd(&r, args, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(strstr(r.out, "No more hints") != NULL, "%s", r.out);
	cr_assert(shows(r.out, &h, h.n), "%s", r.out);
	hint_free(&h);
	labtree_remove(&t);
}

Test(hint, reset_starts_over_and_all_shows_every_hint)
{
	struct labtree t;
	struct hint_list h;
	size_t i;

	labtree_make(&t, false);
	readme_hints(&t, "01-full-queue", &h);
	mqlab_cmd(&r, (const char *[]){"hint", "1", NULL}, t.env);
	mqlab_cmd(&r, (const char *[]){"hint", "1", NULL}, t.env);
	level_is(&t, "01-full-queue 2\n");
	mqlab_cmd(&r, (const char *[]){"hint", "1", "--reset", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	level_is(&t, "01-full-queue 0\n");
	mqlab_cmd(&r, (const char *[]){"hint", "full-queue", NULL}, t.env);
	cr_assert(shows(r.out, &h, 1) && !shows(r.out, &h, 2), "%s", r.out);

	mqlab_cmd(&r, (const char *[]){"hint", "--all", "01", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	for (i = 1; i <= h.n; i++)
		cr_assert(shows(r.out, &h, i), "hint %zu:\n%s", i, r.out);
	hint_free(&h);
	labtree_remove(&t);
}

Test(hint, labs_keep_their_own_levels)
{
	struct labtree t;
	struct hint_list h;

	labtree_make(&t, false);
	readme_hints(&t, "02-ftok-collision", &h);
	mqlab_cmd(&r, (const char *[]){"hint", "01", NULL}, t.env);
	mqlab_cmd(&r, (const char *[]){"hint", "01", NULL}, t.env);
	mqlab_cmd(&r, (const char *[]){"hint", "02", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(shows(r.out, &h, 1) && !shows(r.out, &h, 2), "%s", r.out);
	level_is(&t, "01-full-queue 2\n");
	level_is(&t, "02-ftok-collision 1\n");
	hint_free(&h);
	labtree_remove(&t);
}

Test(hint, bad_input_is_one_line_and_status_2_and_records_nothing)
{
	const char *bad_root[] = {"MQLAB_SOURCE_DIR=/tmp/no-such-tree", NULL};
	struct labtree t;
	char state[128];

	labtree_make(&t, false);
	mqlab_cmd(&r, (const char *[]){"hint", "99", NULL}, t.env);
	labtree_usage_error(&r, "01");
	mqlab_cmd(&r, (const char *[]){"hint", NULL}, t.env);
	labtree_usage_error(&r, "mqlab hint 01");
	mqlab_cmd(&r, (const char *[]){"hint", "01", "02", NULL}, t.env);
	labtree_usage_error(&r, "mqlab hint 01");
	mqlab_cmd(&r, (const char *[]){"hint", "01", "--bogus", NULL}, t.env);
	labtree_usage_error(&r, "--bogus");
	mqlab_cmd(&r, (const char *[]){"hint", "01", "--all", "--reset", NULL},
		  t.env);
	labtree_usage_error(&r, "--reset");
	mqlab_cmd(&r, (const char *[]){"hint", "01", NULL}, bad_root);
	labtree_usage_error(&r, "MQLAB_SOURCE_DIR");
	snprintf(state, sizeof(state), "%s/state", t.root);
	cr_assert(!labtree_exists(state), "state written after bad input");
	labtree_remove(&t);
}

Test(hint, a_readme_without_hints_is_an_error)
{
	struct labtree t;
	char readme[128];

	labtree_make(&t, false);
	snprintf(readme, sizeof(readme), "%s/labs/01-full-queue/README.md",
		 t.root);
	labtree_write(readme, "# Lab 01\n\n## Task\n\n- do it\n");
	mqlab_cmd(&r, (const char *[]){"hint", "01", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 1, "stderr: %s", r.err);
	cr_assert(strstr(r.err, "## Hints") != NULL, "%s", r.err);
	cr_assert_eq(r.nout, 0, "%s", r.out);
	labtree_remove(&t);
}
