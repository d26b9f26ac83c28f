/*
 * test_jail.h - run an action in a jail from a test, and look around.
 *
 * The action runs in the jailed process and fills a struct seen, in a
 * shared mapping made before the fork: memory is the one thing no
 * namespace separates.  The test's /proc stays the host's (isolate.h
 * gives a test no PID namespace), so it can count a slot's processes.
 * Helpers only: every function is static inline so each runner takes
 * what it uses.
 *
 * See also: tests/test_jail.c, tests/test_jail_harm.c, labs/jail.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEST_JAIL_H
#define MQLAB_TEST_JAIL_H

#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labs/jail.h"

/* The exit status of a test's child whose jail_enter() failed. */
#define SEEN_ENTER_FAILED 250

struct seen {
	int enter_err; /* errno of a failed jail_enter() */
	int err[16];
	long val[16];
	char text[1024];
};

static inline struct seen *seen_map(void)
{
	struct seen *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	cr_assert(s != MAP_FAILED, "mmap: %s", strerror(errno));
	return s;
}

/* Fork a child that enters j and runs act there; returns the child's
 * exit code (the jailed program's, 128 + N for signal N), or
 * SEEN_ENTER_FAILED with s->enter_err set. */
static inline int in_jail(const struct jail *j, int (*act)(struct seen *),
			  struct seen *s)
{
	int status;
	pid_t pid = fork();

	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (jail_enter(j) < 0) {
			s->enter_err = errno;
			_exit(SEEN_ENTER_FAILED);
		}
		_exit(act(s));
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect_eq(jail_release(j->slot), 0, "jail_release: %s",
		     strerror(errno));
	cr_assert(WIFEXITED(status), "the jail's caller died of signal %d",
		  WTERMSIG(status));
	return WEXITSTATUS(status);
}

/* A directory the jail of slot may write in: its uid owns it. */
static inline void owned_dir(const char *path, unsigned slot)
{
	cr_assert_eq(mkdir(path, 0755), 0, "mkdir %s: %s", path,
		     strerror(errno));
	cr_assert_eq(chown(path, JAIL_ID_BASE + slot, JAIL_ID_BASE + slot), 0,
		     "chown %s: %s", path, strerror(errno));
}

/* How many processes of the host run as uid (zombies included). */
static inline int processes_of(uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[300], line[256];
	unsigned real;
	int n = 0;
	FILE *f;

	cr_assert(d != NULL);
	while ((e = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "Uid: %u", &real) == 1 && real == uid)
				n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

/* Wait, up to a generous bound, until uid has no process left; returns
 * how many are left.  The kernel ends a PID namespace's processes
 * asynchronously once its init is gone. */
static inline int processes_gone(uid_t uid)
{
	struct timespec tick = {0, 20 * 1000 * 1000};
	int n;

	for (int i = 0; (n = processes_of(uid)) > 0 && i < 500; i++)
		nanosleep(&tick, NULL);
	return n;
}

#endif
