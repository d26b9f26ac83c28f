/*
 * test_batch_input.c - what mqlab grade --submissions makes of bad input.
 *
 * Bad usage is status 2, one line on stderr, and nothing written: no
 * --out folder appears.  Odd folders (names that are not text, FIFOs,
 * links, huge files, files that are not submissions) are read without
 * following a link or blocking on a FIFO, reported, and named safely in
 * the outputs.  None of these runs a jail: every lab is refused or not
 * submitted, so this tests the reading side alone, in well under a
 * second, and needs neither the fixtures nor the solutions.  Last, the
 * claim of jail slots that keeps two graders at once apart.
 *
 * See also: labs/batch_scan.c, labs/batch_out.c, tests/test_batch.c
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "labs/batch.h"
#include "tests/helpers/isolate.h"
#include "tests/test_runtime.h"

#define OUT "/tmp/grades"

TestSuite(batch_input, .init = isolate_or_fail, .timeout = 60);

static struct cmd_out r;

/* Bad usage: status 2, one line on stderr, and no --out folder made. */
static void assert_usage(const char *const args[], const char *word)
{
	struct stat st;

	mqlab_cmd(&r, args, NULL);
	cr_assert_eq(mqlab_exit_code(&r), 2, "%s: stderr: %s", args[2], r.err);
	cr_assert(strncmp(r.err, "mqlab: ", 7) == 0 &&
			  strchr(r.err, '\n') == r.err + r.nerr - 1,
		  "not one line: %s", r.err);
	cr_assert(strstr(r.err, word) != NULL, "no '%s' in: %s", word, r.err);
	cr_assert(stat(OUT, &st) < 0 && errno == ENOENT,
		  "%s was made for a usage error", OUT);
}

Test(batch_input, bad_usage_is_one_line_and_status_2)
{
	int fd = open("/tmp/file", O_WRONLY | O_CREAT, 0644);

	cr_assert(fd >= 0 && mkdir("/tmp/empty", 0755) == 0 &&
		  mkdir("/tmp/empty/.hidden", 0755) == 0 &&
		  mkdir("/tmp/class", 0755) == 0 &&
		  mkdir("/tmp/class/alice", 0755) == 0);
	close(fd);
	assert_usage((const char *[]){"grade", "--submissions", "/tmp/none",
				      "--out", OUT, NULL},
		     "no folder");
	assert_usage((const char *[]){"grade", "--submissions", "/tmp/file",
				      "--out", OUT, NULL},
		     "not a folder");
	assert_usage((const char *[]){"grade", "--submissions", "/tmp/empty",
				      "--out", OUT, NULL},
		     "no submissions");
	assert_usage((const char *[]){"grade", "--submissions", "", "--out",
				      OUT, NULL},
		     "no folder");
	assert_usage((const char *[]){"grade", "--submissions", "/tmp/class",
				      "--jobs", "0", "--out", OUT, NULL},
		     "--jobs");
	assert_usage((const char *[]){"grade", "--submissions", "/tmp/class",
				      "--out", "/tmp/file/grades", NULL},
		     "cannot write");
	assert_usage((const char *[]){"grade", "--submissions", "/tmp/class",
				      "--out", OUT, "01", NULL},
		     "--submissions");
	assert_usage((const char *[]){"grade", "--submissions", "/tmp/class",
				      "--verify", "--out", OUT, NULL},
		     "--submissions");
	assert_usage((const char *[]){"grade", "--out", OUT, NULL}, "--out");
}

/* Odd entries, none of which runs a jail: every lab is refused or not
 * submitted, so this checks the reading side alone. */
Test(batch_input, odd_folders_are_read_safely_and_named_safely)
{
	const char *const dirs[] = {
		"/tmp/odd",
		"/tmp/odd/na\xefve\nname,\"x\"",
		"/tmp/odd/fifo",
		"/tmp/odd/fifo/labs",
		"/tmp/odd/fifo/labs/01-full-queue",
		"/tmp/odd/huge",
		"/tmp/odd/huge/labs",
		"/tmp/odd/huge/labs/01-full-queue",
		"/tmp/odd/linked",
		"/tmp/odd/linked/labs",
		"/tmp/odd/.git",
	};
	char csv[4096];
	int fd;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++)
		cr_assert(mkdir(dirs[i], 0755) == 0, "mkdir(%s): %s", dirs[i],
			  strerror(errno));
	cr_assert(mkfifo("/tmp/odd/fifo/labs/01-full-queue/student.c", 0644) ==
		  0);
	fd = open("/tmp/odd/huge/labs/01-full-queue/student.c",
		  O_WRONLY | O_CREAT, 0644);
	cr_assert(fd >= 0 && ftruncate(fd, (1 << 20) + 1) == 0);
	close(fd);
	/* A folder on the way that is a link: to the fifo student's. */
	cr_assert(symlink("../../fifo/labs/01-full-queue",
			  "/tmp/odd/linked/labs/01-full-queue") == 0);
	cr_assert(symlink("/etc", "/tmp/odd/etc") == 0);
	cr_assert(mkfifo("/tmp/odd/pipe", 0644) == 0);
	fd = open("/tmp/odd/notes.txt", O_WRONLY | O_CREAT, 0644);
	cr_assert(fd >= 0);
	close(fd);

	mqlab_cmd(&r,
		  (const char *[]){"grade", "--submissions", "/tmp/odd",
				   "--out", OUT, NULL},
		  NULL);
	cr_assert_eq(mqlab_exit_code(&r), 0, "stderr: %s", r.err);
	cr_assert(strstr(r.err, "skipped etc: a symbolic link") != NULL, "%s",
		  r.err);
	cr_assert(strstr(r.err, "skipped pipe: neither") != NULL, "%s", r.err);
	cr_assert(strstr(r.err, "skipped notes.txt: neither") != NULL, "%s",
		  r.err);
	cr_assert(strstr(r.err, ".git") == NULL, "%s", r.err);
	/* A copy of our own: slurp()'s buffer belongs to the next call. */
	snprintf(csv, sizeof(csv), "%.*s", (int)sizeof(csv) - 1,
		 slurp(OUT "/summary.csv"));
	cr_assert(strstr(csv, "\nfifo,0,0,0,0,0,0,500,0.0,01 refused: "
			      "labs/01-full-queue/student.c is not a regular "
			      "file;") != NULL,
		  "%s", csv);
	cr_assert(strstr(csv, "\nhuge,0,0,0,0,0,0,500,0.0,01 refused: "
			      "labs/01-full-queue/student.c is larger than 1 "
			      "MiB;") != NULL,
		  "%s", csv);
	cr_assert(strstr(csv, "\nlinked,0,0,0,0,0,0,500,0.0,\"01 refused: "
			      "labs/01-full-queue/student.c, or a folder on "
			      "its way, is a symbolic link") != NULL,
		  "%s", csv);
	cr_assert(strstr(csv, "\nna%EFve%0Aname%2C%22x%22,0,0,") != NULL, "%s",
		  csv);
	cr_assert(access(OUT "/na%EFve%0Aname%2C%22x%22/results.json", R_OK) ==
			  0,
		  "no results for the odd name");
}

/* Two graders at once never share a jail slot: each run holds a range
 * of its own while its claim is open, and frees it when it ends. */
Test(batch_input, concurrent_runs_get_ranges_of_their_own)
{
	int fds[BATCH_SLOT_RANGES], fd;
	unsigned base[BATCH_SLOT_RANGES], again;
	size_t i, k;

	/* Abstract names are per network namespace: away from any grader
	 * running on this machine meanwhile. */
	cr_assert_eq(unshare(CLONE_NEWNET), 0, "%s", strerror(errno));
	for (i = 0; i < BATCH_SLOT_RANGES; i++) {
		fds[i] = batch_slots_claim(&base[i]);
		cr_assert_geq(fds[i], 0, "claim %zu: %s", i, strerror(errno));
		for (k = 0; k < i; k++)
			cr_expect_neq(base[i], base[k]);
		cr_expect_leq(base[i] + BATCH_SLOT_RANGE, JAIL_SLOTS);
	}
	cr_expect_eq(batch_slots_claim(&again), -1);
	cr_expect_eq(errno, EBUSY);
	close(fds[3]);
	fd = batch_slots_claim(&again);
	cr_expect_geq(fd, 0);
	cr_expect_eq(again, base[3], "the freed range is taken again");
	close(fd);
	for (i = 0; i < BATCH_SLOT_RANGES; i++)
		if (i != 3)
			close(fds[i]);
}
