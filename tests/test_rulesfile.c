/*
 * test_rulesfile.c - a rules file adds all its rules or none, and never
 * hangs or reads without end.
 *
 * rulesfile_parse() gets bytes, as a fuzzer gives them: comments, quotes,
 * CRLF, a NUL byte, a bad line.  fault_plan_load() gets paths: a FIFO
 * with no writer, a pipe with a slow one, a directory, a device, a file
 * over the limit.  Prepare, load, check the plan and the error.
 *
 * See also: faults/rulesfile.h, tests/fuzz/fuzz_rules.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/fault.h"
#include "faults/rulesfile.h"
#include "tests/helpers/isolate.h"

TestSuite(rulesfile, .init = isolate_or_fail, .timeout = 30);

static struct fault_error err;

static int parse(struct fault_plan *plan, const char *text, size_t len)
{
	memset(&err, 0, sizeof(err));
	return rulesfile_parse(plan, "r.rules", text, len, &err);
}

Test(rulesfile, comments_quotes_blanks_and_crlf_are_understood)
{
	static const char text[] =
		"# a comment\r\n"
		"\r\n"
		"  mq_send:error=EAGAIN:when=3+   # trailing comment\r\n"
		"mq_open:if=queue == \"/a#b\":error=EACCES\n"
		"-e inject=msgsnd:error=EIDRM";
	struct fault_plan *plan = fault_plan_new();

	cr_assert_eq(parse(plan, text, sizeof(text) - 1), 3);
	cr_expect_str_eq(fault_plan_rule_text(plan, 0),
			 "mq_send:error=EAGAIN:when=3+");
	cr_expect(strstr(fault_plan_rule_text(plan, 1), "/a#b") != NULL,
		  "a '#' in quotes is no comment: %s",
		  fault_plan_rule_text(plan, 1));
	cr_expect(strstr(fault_plan_note(plan, 0), "r.rules:3: ") != NULL,
		  "notes say where: %s", fault_plan_note(plan, 0));
	fault_plan_free(plan);
}

Test(rulesfile, a_bad_line_names_its_line_and_adds_nothing)
{
	static const char text[] =
		"mq_send:error=EAGAIN\n\nmq_open:error=EAGIAN\n";
	struct fault_plan *plan = fault_plan_new();

	cr_assert_eq(fault_plan_add(plan, "msgget:log", NULL), 0);
	cr_assert_eq(parse(plan, text, sizeof(text) - 1), -1);
	cr_expect_eq(errno, EINVAL);
	cr_expect_str_eq(err.file, "r.rules");
	cr_expect_eq(err.line, 3);
	cr_expect_str_eq(err.text, "mq_open:error=EAGIAN");
	cr_expect_eq(err.column, 14);
	cr_expect_eq(fault_plan_size(plan), 1, "the plan is as it was");
	cr_expect_eq(fault_plan_nnotes(plan), 0, "and has no note of it");
	fault_plan_free(plan);
}

Test(rulesfile, a_nul_byte_is_an_error_on_its_line)
{
	static const char text[] = "mq_send:error=EAGAIN\nmq_open:log\0junk\n";
	struct fault_plan *plan = fault_plan_new();

	cr_assert_eq(parse(plan, text, sizeof(text) - 1), -1);
	cr_expect_eq(err.line, 2);
	cr_expect_str_eq(err.text, "mq_open:log");
	cr_expect_eq(err.column, 11);
	cr_expect(strstr(err.message, "NUL") != NULL, "%s", err.message);
	cr_expect_eq(fault_plan_size(plan), 0);
	fault_plan_free(plan);
}

Test(rulesfile, no_rule_at_all_is_zero_not_an_error)
{
	struct fault_plan *plan = fault_plan_new();

	cr_expect_eq(parse(plan, "", 0), 0);
	cr_expect_eq(parse(plan, "# only\n\n  \t\n", 12), 0);
	cr_expect_eq(fault_plan_size(plan), 0);
	fault_plan_free(plan);
}

static int load(const char *path)
{
	struct fault_plan *plan = fault_plan_new();
	int n;

	memset(&err, 0, sizeof(err));
	n = fault_plan_load(plan, path, &err);
	fault_plan_free(plan);
	return n;
}

Test(rulesfile, a_fifo_nobody_writes_to_reads_as_empty)
{
	cr_assert_eq(mkfifo("/tmp/rules.fifo", 0600), 0);
	cr_expect_eq(load("/tmp/rules.fifo"), 0);
	unlink("/tmp/rules.fifo");
}

/* A pipe with a writer (--rules <(...)) is read to its end. */
Test(rulesfile, a_pipe_is_read_to_its_end)
{
	int fds[2];
	char path[64];
	pid_t pid;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		usleep(200000); /* the reader must wait, not see EOF */
		(void)!write(fds[1], "mq_send:error=EAGAIN\n", 21);
		(void)!write(fds[1], "mq_open:log\n", 12);
		_exit(0);
	}
	close(fds[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	cr_expect_eq(load(path), 2);
	close(fds[0]);
	waitpid(pid, NULL, 0);
}

Test(rulesfile, directories_devices_and_huge_files_are_refused)
{
	char *big = malloc(RULESFILE_MAX + 2);
	int fd;

	cr_expect_eq(load("/tmp"), -1);
	cr_expect_eq(errno, EISDIR);
	cr_expect_eq(load("/dev/zero"), -1);
	cr_expect_eq(errno, EINVAL);
	cr_expect_eq(err.line, 0);
	cr_expect(strstr(err.message, "device") != NULL, "%s", err.message);
	cr_expect_eq(load("/nonexistent/r.rules"), -1);
	cr_expect_eq(errno, ENOENT);
	cr_assert_not_null(big);
	memset(big, '#', RULESFILE_MAX + 1);
	fd = open("/tmp/big.rules", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, big, RULESFILE_MAX + 1), RULESFILE_MAX + 1);
	close(fd);
	free(big);
	cr_expect_eq(load("/tmp/big.rules"), -1);
	cr_expect_eq(errno, EINVAL);
	cr_expect(strstr(err.message, "1 MiB") != NULL, "%s", err.message);
	unlink("/tmp/big.rules");
}
