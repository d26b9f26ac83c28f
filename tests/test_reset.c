/*
 * test_reset.c - `mqlab reset`: the skeleton back, the student's file kept.
 *
 * Each test runs the real binary on a copy of labs 01 and 02
 * (tests/labtree.h): with skeletons/ as a handout has it, or as a git
 * checkout, or with neither.  Its stdin is /dev/null, so mqlab sees no
 * terminal, except where a test gives it a pseudo-terminal to answer on.
 *
 * See also: labs/skeleton.h, tui/cmd-reset.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/labtree.h"

TestSuite(reset, .init = labtree_init, .timeout = 60);

static struct cmd_out r;

/* How many student.c.bak-* there are beside t's student.c. */
static size_t backups(const struct labtree *t)
{
	char pattern[160];
	size_t n;
	glob_t g;

	snprintf(pattern, sizeof(pattern), "%s.bak-*", t->student);
	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	n = g.gl_pathc;
	globfree(&g);
	return n;
}

static void assert_file(const char *path, const char *want)
{
	char *text = labtree_read(path);

	cr_assert_str_eq(text, want, "%s differs", path);
	free(text);
}

Test(reset, refuses_without_a_terminal_or_yes_and_touches_nothing)
{
	const char *mine = "/* my work */\n";
	struct labtree t;

	labtree_make(&t, true);
	labtree_write(t.student, mine);
	mqlab_cmd(&r, (const char *[]){"reset", "01", NULL}, t.env);
	labtree_usage_error(&r, "--yes");
	assert_file(t.student, mine);
	cr_assert_eq(backups(&t), 0);
	labtree_remove(&t);
}

Test(reset, yes_restores_the_skeleton_and_keeps_a_backup)
{
	const char *mine = "/* my work */\n";
	char *skeleton, backup[160];
	struct labtree t;
	struct stat st;

	labtree_make(&t, true);
	skeleton = labtree_read(t.skeleton);
	labtree_write(t.student, mine);
	cr_assert(chmod(t.student, 0600) == 0);
	mqlab_cmd(&r, (const char *[]){"reset", "01", "--yes", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(strstr(r.out, "student.c.bak-1") != NULL, "%s", r.out);
	assert_file(t.student, skeleton);
	snprintf(backup, sizeof(backup), "%s.bak-1", t.student);
	assert_file(backup, mine);
	cr_assert_eq(backups(&t), 1);
	cr_assert(stat(t.student, &st) == 0);
	cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", st.st_mode & 07777);
	free(skeleton);
	labtree_remove(&t);
}

Test(reset, backups_are_numbered_and_never_overwritten)
{
	struct labtree t;
	char path[160];

	labtree_make(&t, true);
	snprintf(path, sizeof(path), "%s.bak-1", t.student);
	labtree_write(path, "one\n");
	snprintf(path, sizeof(path), "%s.bak-7", t.student);
	labtree_write(path, "seven\n");
	labtree_write(t.student, "eight\n");
	mqlab_cmd(&r, (const char *[]){"reset", "-y", "1", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	snprintf(path, sizeof(path), "%s.bak-8", t.student);
	assert_file(path, "eight\n");
	snprintf(path, sizeof(path), "%s.bak-7", t.student);
	assert_file(path, "seven\n");
	snprintf(path, sizeof(path), "%s.bak-1", t.student);
	assert_file(path, "one\n");
	cr_assert_eq(backups(&t), 3);
	labtree_remove(&t);
}

Test(reset, an_untouched_file_is_already_the_skeleton)
{
	struct labtree t;
	char *before;

	labtree_make(&t, true);
	before = labtree_read(t.student);
	mqlab_cmd(&r, (const char *[]){"reset", "01", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(strstr(r.out, "already the skeleton") != NULL, "%s", r.out);
	assert_file(t.student, before);
	cr_assert_eq(backups(&t), 0);
	free(before);
	labtree_remove(&t);
}

Test(reset, a_missing_file_is_put_back_without_a_backup)
{
	struct labtree t;
	char *skeleton;

	labtree_make(&t, true);
	skeleton = labtree_read(t.skeleton);
	cr_assert(unlink(t.student) == 0);
	mqlab_cmd(&r, (const char *[]){"reset", "01", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	assert_file(t.student, skeleton);
	cr_assert_eq(backups(&t), 0);
	free(skeleton);
	labtree_remove(&t);
}

/* Run reset 01 with a pseudo-terminal as stdin, answer already typed. */
static void reset_on_a_terminal(const struct labtree *t, const char *answer)
{
	int master, slave, saved;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	cr_assert(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0);
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	cr_assert(slave >= 0);
	cr_assert(write(master, answer, strlen(answer)) ==
		  (ssize_t)strlen(answer));
	saved = dup(STDIN_FILENO);
	cr_assert(dup2(slave, STDIN_FILENO) == STDIN_FILENO);
	mqlab_cmd(&r, (const char *[]){"reset", "01", NULL}, t->env);
	cr_assert(dup2(saved, STDIN_FILENO) == STDIN_FILENO);
	close(saved);
	close(slave);
	close(master);
}

Test(reset, the_answer_on_a_terminal_decides)
{
	const char *mine = "/* my work */\n";
	struct labtree t;
	char *skeleton;

	labtree_make(&t, true);
	skeleton = labtree_read(t.skeleton);
	labtree_write(t.student, mine);
	reset_on_a_terminal(&t, "n\n");
	cr_assert_eq(mqlab_exit_code(&r), 1, "stderr: %s", r.err);
	cr_assert(strstr(r.err, "[y/N]") != NULL, "no question: %s", r.err);
	cr_assert(strstr(r.err, "student.c.bak-1") != NULL, "%s", r.err);
	cr_assert(strstr(r.err, "unchanged") != NULL, "%s", r.err);
	assert_file(t.student, mine);
	cr_assert_eq(backups(&t), 0);

	reset_on_a_terminal(&t, "y\n");
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	assert_file(t.student, skeleton);
	cr_assert_eq(backups(&t), 1);
	free(skeleton);
	labtree_remove(&t);
}

Test(reset, in_a_git_checkout_the_committed_version_is_the_skeleton)
{
	struct labtree t;
	char *committed;

	if (system("git --version > /dev/null 2>&1") != 0)
		cr_skip_test("no git here: a handout uses skeletons/ instead");
	labtree_make(&t, false);
	committed = labtree_read(t.student);
	labtree_sh("cd '%s' && git init -q && git add labs && git -c "
		   "user.name=t -c user.email=t@example.org commit -qm t",
		   t.root);
	labtree_write(t.student, "/* mine */\n");
	mqlab_cmd(&r, (const char *[]){"reset", "01", "--yes", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(strstr(r.out, "git HEAD") != NULL, "%s", r.out);
	assert_file(t.student, committed);
	cr_assert_eq(backups(&t), 1);
	free(committed);
	labtree_remove(&t);
}

Test(reset, without_any_skeleton_it_fails_and_touches_nothing)
{
	const char *mine = "/* my work */\n";
	struct labtree t;

	labtree_make(&t, false);
	labtree_write(t.student, mine);
	mqlab_cmd(&r, (const char *[]){"reset", "01", "--yes", NULL}, t.env);
	cr_assert_eq(mqlab_exit_code(&r), 1, "stderr: %s", r.err);
	cr_assert(strstr(r.err, "skeletons/01-full-queue.c") != NULL, "%s",
		  r.err);
	assert_file(t.student, mine);
	cr_assert_eq(backups(&t), 0);
	labtree_remove(&t);
}

Test(reset, bad_input_is_one_line_and_status_2)
{
	const char *bad_root[] = {"MQLAB_SOURCE_DIR=/tmp/no-such-tree", NULL};
	struct labtree t;

	labtree_make(&t, true);
	mqlab_cmd(&r, (const char *[]){"reset", "99", "--yes", NULL}, t.env);
	labtree_usage_error(&r, "01");
	mqlab_cmd(&r, (const char *[]){"reset", NULL}, t.env);
	labtree_usage_error(&r, "mqlab reset 01");
	mqlab_cmd(&r, (const char *[]){"reset", "--force", "01", NULL}, t.env);
	labtree_usage_error(&r, "--force");
	mqlab_cmd(&r, (const char *[]){"reset", "01", "--yes", NULL}, bad_root);
	labtree_usage_error(&r, "MQLAB_SOURCE_DIR");
	labtree_remove(&t);
}
