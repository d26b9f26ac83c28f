/*
 * test_mqfault.c - the mqfault command, run as a user runs it.
 *
 * Each test runs the real binary (env MQFAULT) on a helper program from
 * tests/progs (env MQLAB_PROGS) inside the test's own IPC namespace, with
 * stdout and stderr captured, then checks what the program reported
 * (which sends failed, in which thread), mqfault's exit status, and the
 * lines mqfault printed.  Faults are counted by the helper, never timed.
 *
 * See also: faults/cli/mqfault.c, tests/progs/cli_sender.c,
 * tests/progs/cli_status.c, docs/mqfault.md
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/isolate.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define OUT_MAX	 65536
#define ARGS_MAX 32

struct result {
	int code; /* exit status, or 128+N when a signal killed mqfault */
	char out[OUT_MAX];
	char err[OUT_MAX];
};

struct running {
	pid_t pid;
	int out, err; /* read ends of mqfault's stdout and stderr */
};

TestSuite(mqfault, .init = isolate_or_fail, .timeout = 30);

/* A path next to the runner (build/tests/test_mqfault) when the
 * environment does not say: build/bin/mqfault, build/tests/progs. */
static const char *built_path(const char *env, const char *rel, char *buf)
{
	char self[PATH_MAX];
	ssize_t n;

	if (getenv(env) != NULL)
		return getenv(env);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	cr_assert(n > 0, "readlink /proc/self/exe: %s", strerror(errno));
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	cr_assert(snprintf(buf, PATH_MAX, "%s/%s", self, rel) < PATH_MAX);
	return buf;
}

static const char *mqfault_path(void)
{
	static char buf[PATH_MAX];

	return built_path("MQFAULT", "../bin/mqfault", buf);
}

/* The path of a helper program; each call overwrites the last. */
static const char *prog(const char *name)
{
	static char dirbuf[PATH_MAX], buf[PATH_MAX];

	cr_assert(snprintf(buf, sizeof(buf), "%s/%s",
			   built_path("MQLAB_PROGS", "progs", dirbuf),
			   name) < (int)sizeof(buf));
	return buf;
}

/* Start mqfault with argv (after the program name), NULL-terminated. */
static void start_argv(struct running *r, const char *const *args)
{
	char *argv[ARGS_MAX + 2];
	int out[2], err[2];
	size_t n = 0;

	argv[n++] = (char *)mqfault_path();
	for (; args[n - 1] != NULL && n <= ARGS_MAX; n++)
		argv[n] = (char *)args[n - 1];
	argv[n] = NULL;
	cr_assert(pipe(out) == 0 && pipe(err) == 0);
	r->pid = fork();
	cr_assert(r->pid >= 0, "fork: %s", strerror(errno));
	if (r->pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		execv(argv[0], argv);
		dprintf(2, "execv %s: %s\n", argv[0], strerror(errno));
		_exit(120);
	}
	close(out[1]);
	close(err[1]);
	r->out = out[0];
	r->err = err[0];
}

static void start(struct running *r, ...)
{
	const char *args[ARGS_MAX + 1];
	size_t n = 0;
	va_list ap;

	va_start(ap, r);
	while (n < ARGS_MAX && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	start_argv(r, args);
}

/* Append what fd has to buf; false at end of file. */
static bool drain(int fd, char *buf)
{
	size_t len = strlen(buf);
	ssize_t n = read(fd, buf + len, OUT_MAX - 1 - len);

	if (n <= 0)
		return false;
	buf[len + (size_t)n] = '\0';
	return true;
}

/* Read stdout and stderr until both close, then reap mqfault. */
static void finish(struct running *r, struct result *res)
{
	struct pollfd pfd[2] = {{.fd = r->out, .events = POLLIN},
				{.fd = r->err, .events = POLLIN}};
	int status;

	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		cr_assert(poll(pfd, 2, -1) >= 0 || errno == EINTR);
		if (pfd[0].revents && !drain(r->out, res->out))
			pfd[0].fd = -1;
		if (pfd[1].revents && !drain(r->err, res->err))
			pfd[1].fd = -1;
	}
	close(r->out);
	close(r->err);
	cr_assert(waitpid(r->pid, &status, 0) == r->pid);
	res->code = WIFSIGNALED(status) ? 128 + WTERMSIG(status)
					: WEXITSTATUS(status);
}

/* Run mqfault with the arguments up to NULL and wait for it. */
#define run(res, ...)                             \
	do {                                      \
		struct running r_;                \
		memset((res), 0, sizeof(*(res))); \
		start(&r_, __VA_ARGS__, NULL);    \
		finish(&r_, (res));               \
	} while (0)

/* Read fd until text appears in buf (which collects everything read). */
static void wait_for(int fd, char *buf, const char *text)
{
	while (strstr(buf, text) == NULL)
		cr_assert(drain(fd, buf), "no '%s' before end of file in: %s",
			  text, buf);
}

static int count_lines(const char *text, const char *needle)
{
	int n = 0;

	for (const char *line = text; *line != '\0';) {
		const char *end = strchrnul(line, '\n');

		if (memmem(line, (size_t)(end - line), needle,
			   strlen(needle)) != NULL)
			n++;
		line = *end != '\0' ? end + 1 : end;
	}
	return n;
}

/* The "total: ok N failed M" line of cli_sender: M. */
static int total_failed(const struct result *res)
{
	const char *line = strstr(res->out, "total: ");
	int ok, failed;

	cr_assert(line != NULL, "no total line in: %s", res->out);
	cr_assert(sscanf(line, "total: ok %d failed %d", &ok, &failed) == 2);
	return failed;
}

/* The failure pattern of thread id, copied into buf. */
static const char *pattern(const struct result *res, int id, char *buf)
{
	char head[32];
	const char *line, *p;

	snprintf(head, sizeof(head), "thread %d: ", id);
	line = strstr(res->out, head);
	cr_assert(line != NULL, "no '%s' in: %s", head, res->out);
	p = strstr(line, "pattern ");
	cr_assert(p != NULL);
	sscanf(p, "pattern %255s", buf);
	return buf;
}

Test(mqfault, when_range_fails_exactly_the_second_and_third_send)
{
	static struct result res;
	char pat[256];

	run(&res, "-e", "mq_send:error=EAGAIN:when=2..3", "--",
	    prog("cli_sender"), "-n", "10");

	cr_assert_eq(res.code, 0, "exit %d, stderr: %s", res.code, res.err);
	cr_assert_str_eq(pattern(&res, 0, pat), ".XX.......");
	cr_assert(strstr(res.out, "failed 2 EAGAIN 2 ") != NULL, "%s", res.out);
}

Test(mqfault, global_count_fails_two_sends_across_four_threads)
{
	static struct result res;

	run(&res, "-e", "mq_send:error=EAGAIN:when=2..3", "--",
	    prog("cli_sender"), "-t", "4", "-n", "10");

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert_eq(total_failed(&res), 2, "%s", res.out);
}

Test(mqfault, thread_count_fails_the_second_and_third_send_of_each_thread)
{
	static struct result res;
	char pat[256];

	run(&res, "-e", "mq_send:error=EAGAIN:when=2..3:count=thread", "--",
	    prog("cli_sender"), "-t", "4", "-n", "10");

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert_eq(total_failed(&res), 8, "%s", res.out);
	for (int i = 0; i < 4; i++)
		cr_assert_str_eq(pattern(&res, i, pat), ".XX.......");
}

Test(mqfault, exit_status_of_the_program_is_passed_through)
{
	static struct result res;

	run(&res, "-e", "mq_send:error=EAGAIN", prog("cli_status"), "0");
	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	run(&res, "-e", "mq_send:error=EAGAIN", prog("cli_status"), "7");
	cr_assert_eq(res.code, 7, "stderr: %s", res.err);
}

Test(mqfault, program_killed_by_sigterm_gives_143_with_mask_untouched)
{
	static struct result res;

	run(&res, "-e", "mq_send:error=EAGAIN", "--", prog("cli_status"), "-k",
	    "15");

	cr_assert_eq(res.code, 143, "stdout: %s stderr: %s", res.out, res.err);
}

Test(mqfault, sigterm_to_mqfault_is_passed_on_to_the_program)
{
	static struct result res;
	struct running r;

	memset(&res, 0, sizeof(res));
	start(&r, "-e", "mq_send:error=EAGAIN", "--", prog("cli_status"), "-w",
	      NULL);
	wait_for(r.out, res.out, "ready\n");

	cr_assert_eq(kill(r.pid, SIGTERM), 0);
	finish(&r, &res);

	cr_assert_eq(res.code, 143, "stderr: %s", res.err);
	cr_assert(strstr(res.err, "mqfault: injected 0") != NULL, "%s",
		  res.err);
}

Test(mqfault, missing_program_exits_127_and_says_why)
{
	static struct result res;

	run(&res, "-e", "mq_send:error=EAGAIN", "--", "/nonexistent/mqlab-x");

	cr_assert_eq(res.code, 127);
	cr_assert(strstr(res.err, "mqfault: cannot run '/nonexistent/mqlab-x': "
				  "No such file or directory; ") != NULL,
		  "%s", res.err);
}

/* The column of '^' in the third line of err, relative to the spec that
 * the second line shows, indented by four spaces, under the one-line
 * error. */
static int caret_column(const char *err)
{
	const char *second = strchr(err, '\n');
	const char *third = second ? strchr(second + 1, '\n') : NULL;
	const char *caret;

	cr_assert(third != NULL, "no spec and caret under: %s", err);
	caret = strchr(third + 1, '^');
	cr_assert(caret != NULL, "no caret in: %s", err);
	return (int)(caret - (third + 1)) - 4;
}

Test(mqfault, misspelt_syscall_shows_caret_and_suggestion)
{
	static struct result res;

	run(&res, "-e", "mq_sned:error=EAGAIN", "--", prog("cli_sender"));

	cr_assert_eq(res.code, 2);
	cr_assert(strncmp(res.err,
			  "mqfault: bad spec: unknown syscall 'mq_sned'; ",
			  46) == 0,
		  "%s", res.err);
	cr_assert(strstr(res.err, "\n    mq_sned:error=EAGAIN\n") != NULL, "%s",
		  res.err);
	cr_assert_eq(caret_column(res.err), 0, "%s", res.err);
	cr_assert(strstr(res.err, "did you mean mq_send") != NULL, "%s",
		  res.err);
	cr_assert_eq(count_lines(res.err, ""), 3, "%s", res.err);
}

Test(mqfault, misspelt_errno_shows_caret_under_the_errno)
{
	static struct result res;

	run(&res, "-e", "mq_send:error=EAGIAN", "--", prog("cli_sender"));

	cr_assert_eq(res.code, 2);
	cr_assert(strncmp(res.err, "mqfault: bad spec: unknown errno 'EAGIAN'",
			  41) == 0,
		  "%s", res.err);
	cr_assert(strstr(res.err, "\n    mq_send:error=EAGIAN\n") != NULL, "%s",
		  res.err);
	cr_assert_eq(caret_column(res.err), 14, "%s", res.err);
	cr_assert(strstr(res.err, "EAGAIN") != NULL, "%s", res.err);
}

Test(mqfault, rules_file_with_comments_and_inject_prefix_is_applied)
{
	static struct result res;
	char path[] = "/tmp/mqlab-rules-XXXXXX";
	char pat[256];
	int fd = mkstemp(path);
	static const char rules[] =
		"# fail the first send, then the third\n"
		"\n"
		"inject=mq_send:error=EAGAIN:when=1   # strace's spelling\n"
		"   mq_send:error=EBADF:when=3\n";

	cr_assert(fd >= 0);
	cr_assert(write(fd, rules, strlen(rules)) == (ssize_t)strlen(rules));
	close(fd);

	run(&res, "--rules", path, "--", prog("cli_sender"), "-n", "5");
	unlink(path);

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert_str_eq(pattern(&res, 0, pat), "X.X..");
	cr_assert(strstr(res.out, "EAGAIN 1 EBADF 1") != NULL, "%s", res.out);
}

/* Whether the JSON object line has "key": "value" (spaces allowed). */
static bool json_has(const char *line, const char *key, const char *value)
{
	char quoted[64];
	const char *p;

	snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	p = strstr(line, quoted);
	if (p == NULL)
		return false;
	p += strlen(quoted);
	p += strspn(p, " ");
	if (*p++ != ':')
		return false;
	p += strspn(p, " ");
	return *p == '"' && strncmp(p + 1, value, strlen(value)) == 0 &&
	       p[1 + strlen(value)] == '"';
}

Test(mqfault, json_log_has_one_object_per_intercepted_send)
{
	static struct result res;
	static char log[OUT_MAX];
	char path[] = "/tmp/mqlab-log-XXXXXX";
	int fd = mkstemp(path), lines = 0, errors = 0;
	ssize_t n;

	cr_assert(fd >= 0);
	run(&res, "-o", path, "--json", "-e", "mq_send:error=EAGAIN:when=2..3",
	    "--", prog("cli_sender"), "-n", "4");
	n = read(fd, log, sizeof(log) - 1);
	close(fd);
	unlink(path);

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert(n > 0);
	for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		cr_assert(line[0] == '{' && line[strlen(line) - 1] == '}',
			  "not one object: %s", line);
		cr_assert(json_has(line, "syscall", "mq_timedsend"), "%s",
			  line);
		errors += json_has(line, "verdict", "error");
		lines++;
	}
	cr_assert_eq(lines, 4);
	cr_assert_eq(errors, 2);
}

Test(mqfault, text_log_on_stdout_shows_each_send_and_its_fault)
{
	static struct result res;

	run(&res, "-o", "-", "-e", "mq_send:error=EAGAIN:when=2..3", "--",
	    prog("cli_sender"), "-n", "4");

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert_eq(count_lines(res.out, "mq_timedsend("), 4, "%s", res.out);
	cr_assert_eq(count_lines(res.out, "= -1 EAGAIN"), 2, "%s", res.out);
}

Test(mqfault, summary_line_counts_the_injected_faults)
{
	static struct result res;

	run(&res, "-e", "mq_send:error=EAGAIN:when=2..4", "--",
	    prog("cli_sender"), "-n", "6");

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert(strstr(res.err, "mqfault: injected 3: mq_timedsend EAGAIN "
				  "x3\n") != NULL,
		  "%s", res.err);
}

Test(mqfault, alias_is_explained_in_a_note)
{
	static struct result res;

	run(&res, "-e", "mq_send:error=EAGAIN:when=1", "--", prog("cli_sender"),
	    "-n", "1");

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert(strstr(res.err, "mqfault: note: ") != NULL, "%s", res.err);
	cr_assert(strstr(res.err, "mq_timedsend") != NULL, "%s", res.err);
}

/* Run a prob= rule with seed (NULL: let mqfault pick), pattern into pat. */
static void run_prob(struct result *res, const char *seed, char *pat)
{
	const char *spec = "mq_send:error=EAGAIN:prob=0.5";

	if (seed != NULL)
		run(res, "--seed", seed, "-e", spec, "--", prog("cli_sender"),
		    "-n", "64");
	else
		run(res, "-e", spec, "--", prog("cli_sender"), "-n", "64");
	cr_assert_eq(res->code, 0, "stderr: %s", res->err);
	pattern(res, 0, pat);
}

Test(mqfault, prob_with_the_same_seed_fails_the_same_sends)
{
	static struct result res;
	char first[256], second[256];

	run_prob(&res, "42", first);
	cr_assert(strstr(res.err, "mqfault: seed 42 (repeat with --seed 42)\n"),
		  "%s", res.err);
	run_prob(&res, "42", second);

	cr_assert_str_eq(first, second);
	cr_assert(strchr(first, 'X') != NULL && strchr(first, '.') != NULL,
		  "prob=0.5 over 64 sends: %s", first);
}

/* --seed and seed= read numbers alike: 010 is ten in both, not octal. */
Test(mqfault, seed_option_and_seed_key_read_010_alike)
{
	static struct result res;
	char by_option[256], by_key[256];

	run_prob(&res, "010", by_option);
	cr_assert(strstr(res.err, "mqfault: seed 10 (repeat with --seed 10)"),
		  "%s", res.err);
	run(&res, "-e", "mq_send:error=EAGAIN:prob=0.5:seed=010", "--",
	    prog("cli_sender"), "-n", "64");
	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert(strstr(res.err, "mqfault: seed 10 (rule 1)\n"), "%s",
		  res.err);
	pattern(&res, 0, by_key);
	cr_assert_str_eq(by_option, by_key);
}

Test(mqfault, printed_seed_repeats_a_random_run)
{
	static struct result res;
	char first[256], second[256], seed[32];
	const char *line;

	run_prob(&res, NULL, first);
	line = strstr(res.err, "mqfault: seed ");
	cr_assert(line != NULL, "%s", res.err);
	cr_assert(sscanf(line, "mqfault: seed %31[0-9]", seed) == 1);
	run_prob(&res, seed, second);

	cr_assert_str_eq(first, second);
}

Test(mqfault, hold_waits_for_sigusr1)
{
	static struct result res;
	struct running r;
	char pat[256], expect[64];

	memset(&res, 0, sizeof(res));
	start(&r, "-e", "mq_send:hold:when=2", "--", prog("cli_sender"), "-n",
	      "3", NULL);
	wait_for(r.err, res.err, "to release\n");
	snprintf(expect, sizeof(expect), "; kill -USR1 %d to release\n",
		 (int)r.pid);
	cr_assert(strstr(res.err, "mqfault: holding mq_timedsend of pid "),
		  "%s", res.err);
	cr_assert(strstr(res.err, expect) != NULL, "%s", res.err);

	cr_assert_eq(kill(r.pid, SIGUSR1), 0);
	finish(&r, &res);

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert_str_eq(pattern(&res, 0, pat), "...");
}

Test(mqfault, help_and_version_exit_0)
{
	static struct result res;

	run(&res, "--help");
	cr_assert_eq(res.code, 0);
	cr_assert(strstr(res.out, "usage: mqfault") != NULL);
	cr_assert(strstr(res.out, "--seed") && strstr(res.out, "--json") &&
		  strstr(res.out, "--rules") && strstr(res.out, "Examples"));
	run(&res, "--version");
	cr_assert_eq(res.code, 0);
	cr_assert_str_eq(res.out, "mqfault " MQLAB_VERSION "\n");
}

/* A usage error: exit 2 and exactly one "mqfault: ...; ..." line. */
static void assert_usage_error(const struct result *res, const char *text)
{
	cr_assert_eq(res->code, 2, "exit %d: %s", res->code, res->err);
	cr_assert_eq(count_lines(res->err, ""), 1, "%s", res->err);
	cr_assert(strncmp(res->err, "mqfault: ", 9) == 0, "%s", res->err);
	cr_assert(strchr(res->err, ';') != NULL, "no advice: %s", res->err);
	cr_assert(strstr(res->err, text) != NULL, "%s", res->err);
}

Test(mqfault, usage_errors_are_one_line_with_exit_2)
{
	static struct result res;

	run(&res, "--bogus", "--", prog("cli_status"), "0");
	assert_usage_error(&res, "--bogus");
	run(&res, "-x", prog("cli_status"), "0");
	assert_usage_error(&res, "-x");
	run(&res, "-e", "mq_send:error=EAGAIN");
	assert_usage_error(&res, "missing PROGRAM");
	run(&res, "--seed", "many", prog("cli_status"), "0");
	assert_usage_error(&res, "--seed");
	run(&res, "-e");
	assert_usage_error(&res, "-e");
}

Test(mqfault, other_strace_qualifiers_are_refused)
{
	static struct result res;

	run(&res, "-e", "trace=mq_timedsend", "--", prog("cli_status"), "0");

	assert_usage_error(&res, "only inject= and fault= qualifiers are "
				 "supported");
}

Test(mqfault, strace_forms_of_e_are_accepted)
{
	static struct result res;
	char pat[256];

	run(&res, "-f", "-e", "inject=mq_send:error=EAGAIN:when=1", "-e",
	    "fault=mq_send:when=2", prog("cli_sender"), "-n", "3");

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert_str_eq(pattern(&res, 0, pat), "XX.");
	cr_assert(strstr(res.out, "EAGAIN 1 ENOSYS 1") != NULL, "%s", res.out);
}

Test(mqfault, strace_long_options_inject_and_fault_are_accepted)
{
	static struct result res;
	char pat[256];

	run(&res, "--inject=mq_send:error=EAGAIN:when=1",
	    "--fault=mq_send:when=2", "--", prog("cli_sender"), "-n", "3");

	cr_assert_eq(res.code, 0, "stderr: %s", res.err);
	cr_assert_str_eq(pattern(&res, 0, pat), "XX.");
	cr_assert(strstr(res.out, "EAGAIN 1 ENOSYS 1") != NULL, "%s", res.out);
}
