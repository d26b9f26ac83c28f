/*
 * test_runtime.h - run the real mqlab binary from a test, capture it all.
 *
 * The runtime's tests drive build/bin/mqlab as a student would, through
 * MQLAB (set by make test), with its stdout, stderr and exit status
 * captured.  Helpers only: every function is static inline so each
 * runner takes what it uses.
 *
 * See also: tests/test_runtime.c, tests/test_runtime_run.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_TEST_RUNTIME_H
#define MQLAB_TEST_RUNTIME_H

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct cmd_out {
	int status; /* wait status */
	char out[1 << 18];
	char err[1 << 14];
	size_t nout, nerr;
};

static inline const char *mqlab_path(void)
{
	const char *env = getenv("MQLAB");

	return env != NULL && *env != '\0' ? env : "build/bin/mqlab";
}

/* Start mqlab with args (NULL-terminated), after setting env
 * ("NAME=VALUE" strings, NULL-terminated, may be NULL).  *out and *err
 * get the read ends of its stdout and stderr. */
static inline pid_t mqlab_start(const char *const args[],
				const char *const env[], int *out, int *err)
{
	const char *argv[32] = {mqlab_path()};
	int o[2], e[2];
	pid_t pid;
	size_t i;

	for (i = 0; args[i] != NULL && i < 30; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	cr_assert(pipe2(o, O_CLOEXEC) == 0 && pipe2(e, O_CLOEXEC) == 0);
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(o[1], 1);
		dup2(e[1], 2);
		for (i = 0; env != NULL && env[i] != NULL; i++)
			putenv((char *)env[i]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(o[1]);
	close(e[1]);
	*out = o[0];
	*err = e[0];
	return pid;
}

/* Run mqlab to its end and capture everything. */
static inline void mqlab_cmd(struct cmd_out *r, const char *const args[],
			     const char *const env[])
{
	struct pollfd pfd[2];
	ssize_t n;
	pid_t pid;

	r->nout = r->nerr = 0;
	pid = mqlab_start(args, env, &pfd[0].fd, &pfd[1].fd);
	pfd[0].events = pfd[1].events = POLLIN;
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents) {
			n = read(pfd[0].fd, r->out + r->nout,
				 sizeof(r->out) - 1 - r->nout);
			if (n <= 0) {
				close(pfd[0].fd);
				pfd[0].fd = -1;
			} else {
				r->nout += n;
			}
		}
		if (pfd[1].revents) {
			n = read(pfd[1].fd, r->err + r->nerr,
				 sizeof(r->err) - 1 - r->nerr);
			if (n <= 0) {
				close(pfd[1].fd);
				pfd[1].fd = -1;
			} else {
				r->nerr += n;
			}
		}
	}
	r->out[r->nout] = '\0';
	r->err[r->nerr] = '\0';
	cr_assert(waitpid(pid, &r->status, 0) == pid);
}

/* The start of the file at path (256 KiB at most), in a static buffer
 * that the next call reuses. */
static inline char *slurp(const char *path)
{
	static char buf[1 << 18];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	cr_assert(fd >= 0, "open(%s): %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	cr_assert(n >= 0);
	buf[n] = '\0';
	return buf;
}

static inline int mqlab_exit_code(const struct cmd_out *r)
{
	return WIFEXITED(r->status) ? WEXITSTATUS(r->status)
				    : 128 + WTERMSIG(r->status);
}

/* Whether python3 accepts text as JSON (lines: one document per line). */
static inline bool json_valid(const char *text, bool lines)
{
	char path[] = "/tmp/mqlab-json-XXXXXX";
	char cmd[256];
	int fd = mkstemp(path), status;

	cr_assert(fd >= 0);
	cr_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 lines ? "python3 -c 'import json,sys\n"
			 "for l in sys.stdin: json.loads(l)' < %s"
		       : "python3 -m json.tool < %s > /dev/null",
		 path);
	status = system(cmd);
	unlink(path);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

#endif
