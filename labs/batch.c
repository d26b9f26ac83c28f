/*
 * batch.c - grade a class: every submitted lab through grade_run().
 *
 * There is one scheduler, grade_run(); this file only feeds it.  Each
 * (student, lab) pair with a file to grade becomes one struct grade_lab
 * whose hooks build and jail it (labs/batch_jail.c) and read how it
 * ended.  How it ended decides the outcome: a jail that stopped before
 * the checks says why with its exit status (did not compile, refused,
 * not in the tarball), a runner that died or hung is the submission's
 * failure, and only a jail that could not be built at all is the
 * grader's.  Every lab that did not run its checks gets results made
 * here, one failed check per check with the reason, so each output
 * shows the same checks for every student, and scores stay 0.
 *
 * See also: labs/batch.h, labs/grade.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/batch.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labs/catalog.h"
#include "labs/jail.h"

static long long batch_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The start of the runner's log into buf, whole lines, terminated. */
static void batch_log(const struct grade_lab *g, char *buf, size_t size)
{
	ssize_t n = pread(g->log_fd, buf, size - 1, 0);
	char *nl;

	buf[n > 0 ? n : 0] = '\0';
	nl = strrchr(buf, '\n');
	if (nl != NULL && nl[1] == '\0')
		*nl = '\0';
}

/* text on one line: every run of blanks and newlines becomes a space, so
 * that it fits a table row and a CSV field.  The text comes from inside
 * a jail: any other byte that is not printable ASCII becomes '?', so
 * that no escape sequence reaches the terminal the table is shown on. */
static void batch_one_line(char *buf, size_t size, const char *text)
{
	size_t n = 0;

	for (; *text != '\0' && n + 1 < size; text++) {
		if (*text == ' ' || *text == '\n' || *text == '\t' ||
		    *text == '\r') {
			if (n > 0 && buf[n - 1] != ' ')
				buf[n++] = ' ';
		} else {
			buf[n++] = *text > ' ' && *text < 0x7f ? *text : '?';
		}
	}
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
}

static void batch_done(struct batch *b, struct batch_student *s)
{
	if (s != NULL)
		b->done++;
	if (b->progress != NULL)
		b->progress(b->progress_arg, b, s);
}

/* Whether the jail's wait status is one it ends with by itself: the
 * runner's 0 or 1, or a stop before the checks.  The jail reports a
 * runner killed by signal N as 128 + N. */
static bool batch_ended_by_itself(int status)
{
	if (!WIFEXITED(status))
		return false;
	switch (WEXITSTATUS(status)) {
	case 0:
	case 1:
	case BATCH_EXIT_NO_BUILD:
	case BATCH_EXIT_REFUSED:
	case BATCH_EXIT_MISSING:
		return true;
	}
	return false;
}

/* Say in g->error how the runner ended, and that its results go. */
static void batch_not_by_itself(struct grade_lab *g, int status)
{
	int code = WIFEXITED(status) ? WEXITSTATUS(status)
				     : 128 + WTERMSIG(status);
	const char *sig = code > 128 ? sigabbrev_np(code - 128) : NULL;

	if (sig != NULL)
		snprintf(g->error, sizeof(g->error),
			 "the check runner of %s was killed by SIG%s: its "
			 "results are not taken",
			 g->dir, sig);
	else
		snprintf(g->error, sizeof(g->error),
			 "the check runner of %s ended with status %d: its "
			 "results are not taken",
			 g->dir, code);
}

/* grade_lab.ended: how did the jail end? */
static bool batch_ended(struct grade_lab *g, int status)
{
	struct batch_lab *l = g->arg;
	bool handled = true;
	char log[sizeof(g->error)];

	l->wall_s = (double)(batch_now_ms() - g->started_ms) / 1000;
	/* Its processes are gone with it: an empty cgroup is all it left. */
	jail_release(l->slot);
	batch_log(g, log, sizeof(log));
	if (status != -1 && WIFSIGNALED(status) &&
	    WTERMSIG(status) == BATCH_JAIL_FAILED) {
		l->outcome = BATCH_UNGRADED;
		log[strcspn(log, "\n")] = '\0';
		batch_one_line(l->why, sizeof(l->why), log);
	} else if (status != -1 && !batch_ended_by_itself(status)) {
		/* Code under test can write the runner's results file (the
		 * same user, /proc/2/fd/3) and then crash the runner before
		 * it writes the true ones: what a runner that did not end by
		 * itself left is not taken. */
		batch_not_by_itself(g, status);
	} else if (status != -1 && WIFEXITED(status) &&
		   WEXITSTATUS(status) == BATCH_EXIT_NO_BUILD) {
		l->outcome = BATCH_NO_BUILD;
		snprintf(g->error, sizeof(g->error), "%s", log);
	} else if (status != -1 && WIFEXITED(status) &&
		   WEXITSTATUS(status) == BATCH_EXIT_REFUSED) {
		l->outcome = BATCH_REFUSED;
		batch_one_line(l->why, sizeof(l->why), log);
	} else if (status != -1 && WIFEXITED(status) &&
		   WEXITSTATUS(status) == BATCH_EXIT_MISSING) {
		l->outcome = BATCH_NOT_SUBMITTED;
	} else {
		handled = false;
	}
	l->batch->labs_done++;
	batch_done(l->batch, --l->student->pending == 0 ? l->student : NULL);
	return handled;
}

const char *batch_build_failure(const struct grade_lab *g)
{
	return strncmp(g->error, "did not link", sizeof("did not link") - 1) ==
			       0
		       ? "did not link"
		       : "did not compile";
}

/* Every check failed, with text as what happened. */
static void batch_fail_all(struct grade_lab *g, const char *text)
{
	const struct lab_check *c;
	size_t n = 0;

	free(g->checks);
	g->checks = NULL;
	g->nchecks = 0;
	g->score = g->max = 0;
	results_free(&g->results);
	for (c = g->lab->checks; c->test != NULL; c++)
		n++;
	g->results.tests = calloc(n ? n : 1, sizeof(*g->results.tests));
	if (g->results.tests != NULL) {
		g->results.n = n;
		for (n = 0, c = g->lab->checks; c->test != NULL; c++, n++) {
			struct results_test *t = &g->results.tests[n];

			snprintf(t->suite, sizeof(t->suite), "lab");
			snprintf(t->name, sizeof(t->name), "%s", c->test);
			t->status = RESULTS_FAILED;
			t->timeout = 1;
			snprintf(t->message, sizeof(t->message), "%.*s",
				 (int)sizeof(t->message) - 1, text);
		}
	}
	grade_judge(g);
}

/* Give a lab that did not run its checks its results and its reason. */
static void batch_settle(struct batch *b, struct grade_lab *g,
			 struct batch_lab *l)
{
	char text[sizeof(g->error) + 64];

	if (l->outcome == BATCH_GRADED && g->results.n > 0)
		return;
	if (l->outcome == BATCH_GRADED)
		l->outcome = BATCH_BROKEN;
	switch (l->outcome) {
	case BATCH_NOT_SUBMITTED:
		snprintf(g->error, sizeof(g->error),
			 "not submitted: no labs/%s/student.c", g->dir);
		snprintf(text, sizeof(text), "%s", g->error);
		break;
	case BATCH_REFUSED:
		snprintf(g->error, sizeof(g->error), "not graded: %s", l->why);
		snprintf(text, sizeof(text), "%s", g->error);
		break;
	case BATCH_NO_BUILD:
		snprintf(text, sizeof(text),
			 "labs/%s/student.c %s (the compiler's message is in "
			 "this lab's output)",
			 g->dir, batch_build_failure(g));
		break;
	case BATCH_BROKEN:
		snprintf(text, sizeof(text),
			 "the checks did not run to their end: %.*s",
			 (int)strcspn(g->error, "\n"), g->error);
		break;
	case BATCH_UNGRADED:
		b->ungraded = true;
		snprintf(g->error, sizeof(g->error),
			 "the grader could not grade this lab: %s", l->why);
		snprintf(text, sizeof(text), "%s", g->error);
		break;
	case BATCH_GRADED:
		break;
	}
	batch_fail_all(g, text);
}

int batch_kit(struct batch *b, char *why, size_t size)
{
	char path[sizeof(b->kit) + 128], dir[64];
	size_t k;

	if (batch_jail_kit(b->kit, sizeof(b->kit)) < 0) {
		snprintf(why, size, "cannot find the grading kit: %s",
			 strerror(errno));
		return -1;
	}
	for (k = 0; k <= b->nlabs; k++) {
		if (k < b->nlabs) {
			catalog_dir(b->labs[k], dir, sizeof(dir));
			snprintf(path, sizeof(path), "%s/%s/check.o", b->kit,
				 dir);
		} else {
			snprintf(path, sizeof(path), "%s/lib/libmqlab.a",
				 b->kit);
		}
		if (access(path, R_OK) < 0) {
			snprintf(why, size,
				 "the grading kit is incomplete: no %s (%s); "
				 "run make",
				 path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int batch_grade(struct batch *b, int jobs, char *why, size_t size)
{
	struct grade_lab *run;
	struct batch_lab *l;
	size_t m = 0, i, k;

	if (batch_kit(b, why, size) < 0)
		return -1;
	run = calloc(b->n * b->nlabs + 1, sizeof(*run));
	if (run == NULL) {
		snprintf(why, size, "out of memory");
		return -1;
	}
	for (i = 0; i < b->n; i++) {
		struct batch_student *s = &b->students[i];

		for (k = 0; k < b->nlabs; k++) {
			if (s->state[k].outcome != BATCH_GRADED)
				continue;
			run[m] = s->labs[k];
			run[m].child = batch_jail_child;
			run[m++].ended = batch_ended;
			s->pending++;
		}
		if (s->pending == 0)
			batch_done(b, s);
	}
	b->labs_run = m;
	batch_done(b, NULL);
	if (grade_run(run, m, jobs, BATCH_LIMIT_S) < 0) {
		snprintf(why, size, "cannot grade: %s", strerror(errno));
		free(run);
		return -1;
	}
	for (i = 0; i < m; i++) {
		l = run[i].arg;
		l->student->labs[l->index] = run[i];
	}
	free(run);
	for (i = 0; i < b->n; i++) {
		struct batch_student *s = &b->students[i];

		for (k = 0; k < b->nlabs; k++) {
			batch_settle(b, &s->labs[k], &s->state[k]);
			s->score += s->labs[k].score;
			s->max += s->labs[k].max;
			s->wall_s += s->state[k].wall_s;
		}
	}
	return 0;
}

void batch_free(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (b->students[i].labs != NULL)
			grade_free(b->students[i].labs, b->nlabs);
		free(b->students[i].labs);
		free(b->students[i].state);
		free(b->students[i].entry);
	}
	free(b->students);
	for (i = 0; i < b->nskipped; i++)
		free(b->skipped[i]);
	free(b->skipped);
	if (b->dirfd >= 0)
		close(b->dirfd);
	if (b->slots_fd >= 0)
		close(b->slots_fd);
	memset(b, 0, sizeof(*b));
	b->dirfd = -1;
	b->slots_fd = -1;
}
