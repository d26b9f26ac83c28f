/*
 * test_gradebook.c - the student's last grade per lab, read back right.
 *
 * Each test gets a private /tmp (tests/helpers/isolate.h) and points
 * XDG_STATE_HOME into it, so the real gradebook is never touched.
 *
 * See also: labs/gradebook.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "labs/gradebook.h"
#include "tests/helpers/isolate.h"

static void gradebook_isolate(void)
{
	isolate_or_fail();
	cr_assert_eq(setenv("XDG_STATE_HOME", "/tmp/state", 1), 0);
}

TestSuite(gradebook, .init = gradebook_isolate, .timeout = 20);

static void write_grades(const char *text)
{
	FILE *f;

	cr_assert_eq(mkdir("/tmp/state", 0700), 0);
	cr_assert_eq(mkdir("/tmp/state/mqlab", 0700), 0);
	f = fopen("/tmp/state/mqlab/grades", "w");
	cr_assert_not_null(f);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

Test(gradebook, a_later_line_does_not_overwrite_the_match)
{
	struct gradebook_entry e;

	write_grades("01-full-queue 80 100 1000\n"
		     "02-ftok-collision 15 50 2000\n");
	cr_assert_eq(gradebook_get("01-full-queue", &e), 0);
	cr_assert_eq(e.score, 80);
	cr_assert_eq(e.max, 100);
	cr_assert_eq(e.when, 1000);
	cr_assert_eq(gradebook_get("02-ftok-collision", &e), 0);
	cr_assert_eq(e.score, 15);
	cr_assert_eq(e.max, 50);
}

Test(gradebook, a_missing_lab_is_enoent_and_leaves_out_alone)
{
	struct gradebook_entry e = {7, 8, 9};

	write_grades("01-full-queue 80 100 1000\n");
	errno = 0;
	cr_assert_eq(gradebook_get("03-priority-starvation", &e), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert_eq(e.score, 7);
	cr_assert_eq(e.max, 8);
}

Test(gradebook, put_replaces_only_that_labs_line)
{
	struct gradebook_entry e;

	cr_assert_eq(gradebook_put("01-full-queue", 40, 100), 0);
	cr_assert_eq(gradebook_put("02-ftok-collision", 10, 50), 0);
	cr_assert_eq(gradebook_put("01-full-queue", 90, 100), 0);
	cr_assert_eq(gradebook_get("01-full-queue", &e), 0);
	cr_assert_eq(e.score, 90);
	cr_assert_eq(gradebook_get("02-ftok-collision", &e), 0);
	cr_assert_eq(e.score, 10);
}
