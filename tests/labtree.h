/*
 * labtree.h - a throwaway copy of the labs for tests that change them.
 *
 * `mqlab hint` and `mqlab reset` work on a tree's labs/ folders and keep
 * state in XDG_STATE_HOME; tests point both (MQLAB_SOURCE_DIR, and
 * XDG_STATE_HOME) into a copy under the test's private /tmp, so the real
 * labs/NN-slug/student.c and the user's own state are never touched.
 * Helpers only: every function is static inline.
 *
 * See also: tests/test_hint.c, tests/test_reset.c, tests/test_runtime.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEST_LABTREE_H
#define MQLAB_TEST_LABTREE_H

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/helpers/isolate.h"
#include "tests/test_runtime.h"

struct labtree {
	char root[64];	    /* /tmp/mqlab-tree-XXXXXX */
	char env_root[96];  /* MQLAB_SOURCE_DIR=root */
	char env_state[96]; /* XDG_STATE_HOME=root/state */
	const char *env[3]; /* both, for mqlab_cmd() */
	char student[128];  /* root/labs/01-full-queue/student.c */
	char skeleton[128]; /* root/skeletons/01-full-queue.c */
};

/* Run a shell command made from fmt; it must succeed. */
static inline void labtree_sh(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline void labtree_sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	cr_assert(system(cmd) == 0, "failed: %s", cmd);
}

/* A copy of labs 01 and 02 (every file) under a fresh root, and, when
 * skeletons is true, skeletons/ as make handout writes it. */
static inline void labtree_make(struct labtree *t, bool skeletons)
{
	snprintf(t->root, sizeof(t->root), "/tmp/mqlab-tree-XXXXXX");
	cr_assert(mkdtemp(t->root) != NULL);
	labtree_sh("mkdir -p '%s/labs' && cp -r labs/01-full-queue "
		   "labs/02-ftok-collision '%s/labs/'",
		   t->root, t->root);
	if (skeletons)
		labtree_sh("mkdir '%s/skeletons' && for l in 01-full-queue "
			   "02-ftok-collision; do cp \"labs/$l/student.c\" "
			   "\"%s/skeletons/$l.c\"; done",
			   t->root, t->root);
	snprintf(t->env_root, sizeof(t->env_root), "MQLAB_SOURCE_DIR=%s",
		 t->root);
	snprintf(t->env_state, sizeof(t->env_state), "XDG_STATE_HOME=%s/state",
		 t->root);
	t->env[0] = t->env_root;
	t->env[1] = t->env_state;
	t->env[2] = NULL;
	snprintf(t->student, sizeof(t->student),
		 "%s/labs/01-full-queue/student.c", t->root);
	snprintf(t->skeleton, sizeof(t->skeleton),
		 "%s/skeletons/01-full-queue.c", t->root);
}

static inline void labtree_remove(struct labtree *t)
{
	labtree_sh("rm -rf '%s'", t->root);
}

/* The whole file at path, NUL-terminated, in a malloc'd buffer. */
static inline char *labtree_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = malloc(1 << 20);
	size_t n;

	cr_assert(f != NULL, "%s: %s", path, strerror(errno));
	cr_assert(buf != NULL);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static inline void labtree_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert(f != NULL, "%s: %s", path, strerror(errno));
	cr_assert(fputs(text, f) >= 0);
	cr_assert(fclose(f) == 0);
}

static inline bool labtree_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* A usage error: status 2, nothing on stdout, one line "mqlab: ...; ..."
 * on stderr that mentions want. */
static inline void labtree_usage_error(const struct cmd_out *r,
				       const char *want)
{
	cr_assert_eq(mqlab_exit_code(r), 2, "exit %d, stderr: %s",
		     mqlab_exit_code(r), r->err);
	cr_assert_eq(r->nout, 0, "stdout: %s", r->out);
	cr_assert(strncmp(r->err, "mqlab: ", 7) == 0, "stderr: %s", r->err);
	cr_assert(strchr(r->err, '\n') == r->err + r->nerr - 1,
		  "not one line: %s", r->err);
	cr_assert(strchr(r->err, ';') != NULL, "no advice: %s", r->err);
	cr_assert(strstr(r->err, want) != NULL, "'%s' not in: %s", want,
		  r->err);
}

/* The tests' stdin is /dev/null, so that mqlab never finds a terminal
 * there unless a test gives it one. */
static inline void labtree_init(void)
{
	int fd;

	isolate_or_fail();
	fd = open("/dev/null", O_RDONLY);
	cr_assert(fd >= 0 && dup2(fd, STDIN_FILENO) == STDIN_FILENO);
	close(fd);
}

#endif
