/*
 * grade.c - grade labs: run their check runners, join with their checks.
 *
 * Each runner runs in its own process group with its output in a log
 * file (never on the terminal: what student code prints must not mix
 * with the grade), and writes its results to a temporary file named by
 * MQLAB_RESULTS.  Both files have no name in /tmp: they are O_TMPFILE (or
 * unlinked at once), and the runner reaches the results as /dev/fd/N, so
 * even a SIGKILL of mqlab leaves nothing behind.  A runner that hangs
 * past its limit is killed with its whole group; on an error no runner
 * outlives grade_run().  The verdict of a check comes from the results
 * file only.
 *
 * See also: labs/grade.h, tests/labs/runner.c
 * SPDX-License-Identifier: MIT
 */
#include "labs/grade.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labs/catalog.h"
#include "labs/timeout.h"

static long long grade_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * A temporary file without a name: O_TMPFILE where the file system has
 * it, else mkstemp() and an unlink() right away.  Close-on-exec: only
 * the runner it is meant for inherits it (see grade_child()).
 */
static int grade_tmpfile(const char *what)
{
	const char *dir = getenv("TMPDIR");
	char path[PATH_MAX];
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd;
	snprintf(path, sizeof(path), "%s/mqlab-%s-XXXXXX", dir, what);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return -1;
	unlink(path);
	return fd;
}

static void grade_error(struct grade_lab *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append one line to the lab's error. */
static void grade_error(struct grade_lab *g, const char *fmt, ...)
{
	size_t n = strlen(g->error);
	va_list ap;

	if (n > 0 && n + 1 < sizeof(g->error))
		g->error[n++] = '\n';
	va_start(ap, fmt);
	vsnprintf(g->error + n, sizeof(g->error) - n, fmt, ap);
	va_end(ap);
}

/* A grader started from a Criterion test (ours) passes on the variables
 * that tell a Criterion process it is a test worker, not a runner. */
static void grade_clean_env(void)
{
	char name[64];
	size_t i;

	for (i = 0; environ[i] != NULL;) {
		if (strncmp(environ[i], "BXFI_", 5) != 0) {
			i++;
			continue;
		}
		snprintf(name, sizeof(name), "%.*s",
			 (int)strcspn(environ[i], "="), environ[i]);
		unsetenv(name);
	}
}

/* In the runner's process, after fork(): become the check runner. */
static void __attribute__((noreturn))
grade_child(struct grade_lab *g, char *runner)
{
	char *argv[] = {runner, (char *)"--short-filename", NULL};
	char results[32];
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	dup2(null, 0);
	dup2(g->log_fd, 1);
	dup2(g->log_fd, 2);
	/* The runner opens its results by name: the name of our fd. */
	fcntl(g->results_fd, F_SETFD, 0);
	snprintf(results, sizeof(results), "/dev/fd/%d", g->results_fd);
	setenv("MQLAB_RESULTS", results, 1);
	grade_clean_env();
	if (g->child != NULL && g->child(g, runner, PATH_MAX) != 0)
		_exit(127);
	execv(runner, argv);
	_exit(127);
}

static void grade_close(struct grade_lab *g)
{
	if (g->results_fd >= 0)
		close(g->results_fd);
	if (g->log_fd >= 0)
		close(g->log_fd);
	g->results_fd = g->log_fd = -1;
}

static int grade_start(struct grade_lab *g)
{
	char runner[PATH_MAX];
	int saved;

	catalog_dir(g->lab, g->dir, sizeof(g->dir));
	if (catalog_program(g->lab,
			    g->solution ? "check-solution" : "check-student",
			    runner, sizeof(runner)) < 0 ||
	    (g->child == NULL && access(runner, X_OK) < 0)) {
		grade_error(g, "no check runner at %s (%s); run make", runner,
			    strerror(errno));
		return 0;
	}
	g->results_fd = grade_tmpfile("results");
	if (g->results_fd < 0)
		return -1;
	g->log_fd = grade_tmpfile("log");
	if (g->log_fd < 0)
		goto out_close;
	fflush(NULL);
	g->pid = fork();
	if (g->pid < 0)
		goto out_close;
	if (g->pid == 0)
		grade_child(g, runner);
	setpgid(g->pid, g->pid);
	g->started_ms = grade_now_ms();
	return 0;

out_close:
	saved = errno;
	g->pid = 0;
	grade_close(g);
	errno = saved;
	return -1;
}

/* The end of the runner's log, for an error message. */
static void grade_log_tail(struct grade_lab *g)
{
	char buf[600];
	off_t end, from;
	ssize_t n;
	char *p;
	int fd;

	fd = g->log_fd;
	if (fd < 0)
		return;
	end = lseek(fd, 0, SEEK_END);
	from = end > (off_t)sizeof(buf) - 1 ? end - (off_t)sizeof(buf) + 1 : 0;
	n = pread(fd, buf, sizeof(buf) - 1, from);
	if (n <= 0)
		return;
	buf[n] = '\0';
	/* Start at a line boundary when we cut the log. */
	p = from > 0 ? strchr(buf, '\n') : NULL;
	grade_error(g, "its last output:\n%s", p != NULL ? p + 1 : buf);
}

void grade_judge(struct grade_lab *g)
{
	const struct lab_check *c;
	struct grade_check *gc;
	size_t i;

	for (c = g->lab->checks; c->test != NULL; c++)
		g->nchecks++;
	g->checks = calloc(g->nchecks ? g->nchecks : 1, sizeof(*g->checks));
	if (g->checks == NULL) {
		g->nchecks = 0;
		grade_error(g, "out of memory");
		return;
	}
	for (i = 0; i < g->nchecks; i++) {
		gc = &g->checks[i];
		gc->check = &g->lab->checks[i];
		gc->number = (int)i + 1;
		gc->test = results_find(&g->results, "lab", gc->check->test);
		gc->passed =
			gc->test != NULL && gc->test->status == RESULTS_PASSED;
		gc->score = gc->passed ? gc->check->points : 0;
		g->score += gc->score;
		g->max += gc->check->points;
		if (gc->test == NULL && g->results.n > 0)
			grade_error(g,
				    "check %d.%d names test '%s', which is "
				    "not in tests/labs/test_%02d_*.c: add "
				    "Test(lab, %s)",
				    g->lab->number, gc->number, gc->check->test,
				    g->lab->number, gc->check->test);
	}
	for (i = 0; i < g->results.n; i++) {
		const struct results_test *t = &g->results.tests[i];

		for (c = g->lab->checks; c->test != NULL; c++)
			if (strcmp(t->suite, "lab") == 0 &&
			    strcmp(t->name, c->test) == 0)
				break;
		if (c->test == NULL)
			grade_error(g,
				    "test %s::%s is not a check of "
				    "labs/%s/lab.c: declare it in checks[] "
				    "(suite must be \"lab\")",
				    t->suite, t->name, g->dir);
		else if (!(t->timeout > 0))
			grade_error(g,
				    "test lab::%s has no timeout: set .timeout "
				    "in TestSuite(lab, ...)",
				    t->name);
	}
}

/* What the runner left: its results, or why there are none. */
static void grade_verdict(struct grade_lab *g, int status, bool killed)
{
	char results[32];

	snprintf(results, sizeof(results), "/dev/fd/%d", g->results_fd);
	if (killed) {
		grade_error(g,
			    "the check runner of %s was killed after its "
			    "time limit",
			    g->dir);
	} else if (results_load(results, &g->results) < 0) {
		if (WIFSIGNALED(status))
			grade_error(g,
				    "the check runner of %s was killed by "
				    "SIG%s and wrote no results",
				    g->dir, sigabbrev_np(WTERMSIG(status)));
		else
			grade_error(g,
				    "the check runner of %s exited with "
				    "status %d and wrote no complete "
				    "results",
				    g->dir, WEXITSTATUS(status));
		grade_log_tail(g);
	} else if (g->results.n == 0) {
		grade_error(g, "the check runner of %s ran no test", g->dir);
	}
}

static void grade_finish(struct grade_lab *g, int status, bool killed)
{
	g->pid = 0;
	if (g->ended == NULL || !g->ended(g, killed ? -1 : status))
		grade_verdict(g, status, killed);
	grade_judge(g);
	grade_close(g);
}

/* After a failure: no runner may outlive grade_run(). */
static void grade_abort(struct grade_lab *labs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (labs[i].pid > 0) {
			kill(-labs[i].pid, SIGKILL);
			while (waitpid(labs[i].pid, NULL, 0) < 0 &&
			       errno == EINTR)
				;
			labs[i].pid = 0;
		}
		grade_close(&labs[i]);
	}
}

int grade_run(struct grade_lab *labs, size_t n, int jobs, int limit_s)
{
	long long limit = (long long)limit_s * 1000;
	size_t next = 0, running = 0, i;
	struct timespec nap = {0, 20 * 1000000L};
	int status, saved;
	pid_t pid;

	limit = timeout_scale_ms(limit, LLONG_MAX / 2);
	for (i = 0; i < n; i++) {
		labs[i].pid = 0;
		labs[i].error[0] = '\0';
		labs[i].results_fd = labs[i].log_fd = -1;
	}
	while (next < n || running > 0) {
		while (next < n && (int)running < jobs) {
			if (grade_start(&labs[next]) < 0) {
				saved = errno;
				grade_abort(labs, n);
				errno = saved;
				return -1;
			}
			if (labs[next].pid > 0)
				running++;
			else
				grade_judge(&labs[next]);
			next++;
		}
		for (i = 0; i < n; i++) {
			if (labs[i].pid <= 0)
				continue;
			pid = waitpid(labs[i].pid, &status, WNOHANG);
			if (pid == labs[i].pid) {
				grade_finish(&labs[i], status, false);
				running--;
			} else if (grade_now_ms() - labs[i].started_ms >
				   limit) {
				kill(-labs[i].pid, SIGKILL);
				waitpid(labs[i].pid, &status, 0);
				grade_finish(&labs[i], status, true);
				running--;
			}
		}
		if (running > 0)
			nanosleep(&nap, NULL);
	}
	return 0;
}

void grade_free(struct grade_lab *labs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(labs[i].checks);
		labs[i].checks = NULL;
		results_free(&labs[i].results);
	}
}
