/*
 * jailbench.c - what a jail costs: fork+exec of /bin/true, plain or jailed.
 *
 *   jailbench [N]        N runs of each (default 100), interleaved
 *
 * Batch grading (labs/batch.h) enters one jail per student and lab, so
 * the cost of building one bounds how fast a class can be graded when
 * the labs themselves are quick.  Each round runs the program once
 * plainly and once in a fresh jail (its own user, namespaces, root,
 * limits, filter and memory cgroup), alternately, so that noise hits
 * both alike; it prints the median and the best of each in
 * microseconds.  Run it as root (bench/run does, through make bench).
 *
 * See also: bench/run, labs/jail.h
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labs/jail.h"

/* A slot of its own, far from those a grading run claims first. */
#define JAILBENCH_SLOT (JAIL_SLOTS - 1)

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One fork, exec of /bin/true and wait; jailed or not.  Returns the
 * microseconds it took, or -1 when it did not exit 0. */
static double one_run(int jailed)
{
	char *const argv[] = {(char *)"/bin/true", NULL};
	struct jail j;
	double t0 = now_us();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		jail_default(&j, JAILBENCH_SLOT);
		if (jailed && jail_enter(&j) < 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (jailed)
		jail_release(JAILBENCH_SLOT);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return now_us() - t0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 100, i, k;
	double *t[2];

	if (n < 1) {
		fprintf(stderr, "usage: jailbench [N]\n");
		return 2;
	}
	t[0] = calloc((size_t)n, sizeof(double));
	t[1] = calloc((size_t)n, sizeof(double));
	if (t[0] == NULL || t[1] == NULL)
		return 1;
	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++) {
			t[k][i] = one_run(k);
			if (t[k][i] < 0) {
				fprintf(stderr,
					"jailbench: a %s run failed%s\n",
					k ? "jailed" : "plain",
					k ? " (not root?)" : "");
				return 1;
			}
		}
	for (k = 0; k < 2; k++) {
		qsort(t[k], (size_t)n, sizeof(double), cmp_double);
		printf("%s %.0f %.0f\n", k ? "jailed" : "plain", t[k][n / 2],
		       t[k][0]);
	}
	free(t[0]);
	free(t[1]);
	return 0;
}
