/*
 * tmux.c - drive a real program in a real terminal, through tmux.
 *
 * The keeper is the PID namespace's init: it ignores SIGCHLD, so the
 * kernel reaps the orphans it adopts (tmux's server daemonizes), and it
 * dies with the test through PR_SET_PDEATHSIG.  When it dies, the kernel
 * kills every other process of the namespace.
 *
 * See also: tests/helpers/tmux.h
 * SPDX-License-Identifier: MIT
 */
#include "tests/helpers/tmux.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TMUX_WAIT_TRIES 200 /* of 50 ms */

const char *tmux_mqlab(void)
{
	const char *path = getenv("MQLAB");

	if (path != NULL && path[0] != '\0')
		return path;
	cr_assert(access("build/bin/mqlab", X_OK) == 0,
		  "MQLAB is not set and build/bin/mqlab is missing: run "
		  "make test, or MQLAB=path/to/mqlab");
	return "build/bin/mqlab";
}

int tmux_run(char *out, size_t size, char *const argv[])
{
	int fds[2], status, null;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	cr_assert(pipe2(fds, O_CLOEXEC) == 0);
	pid = fork();
	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		null = open("/dev/null", O_RDONLY);
		dup2(null, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	while (size > 0 && (n = read(fds[0], out + len, size - 1 - len)) > 0)
		len += (size_t)n;
	if (size > 0)
		out[len] = '\0';
	close(fds[0]);
	cr_assert(waitpid(pid, &status, 0) == pid);
	return status;
}

static void tmux_keeper(void)
{
	signal(SIGCHLD, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;)
		pause();
}

static int tmux_vcmd(struct tmux *t, char *out, size_t size, va_list ap)
{
	char *argv[32], sink[4096];
	int argc = 0, status;

	argv[argc++] = (char *)"tmux";
	argv[argc++] = (char *)"-L";
	argv[argc++] = t->socket;
	argv[argc++] = (char *)"-f";
	argv[argc++] = t->conf;
	while ((argv[argc] = va_arg(ap, char *)) != NULL && argc < 30)
		argc++;
	argv[argc] = NULL;
	status = tmux_run(out ? out : sink, out ? size : sizeof(sink), argv);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int tmux_cmd(struct tmux *t, char *out, size_t size, ...)
{
	va_list ap;
	int rc;

	va_start(ap, size);
	rc = tmux_vcmd(t, out, size, ap);
	va_end(ap);
	return rc;
}

static void tmux_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
	cr_assert(chmod(path, mode) == 0);
}

void tmux_start(struct tmux *t, int cols, int rows, const char *command)
{
	char x[16], y[16], script[512], line[512];
	int me = (int)getpid();

	snprintf(t->socket, sizeof(t->socket), "mqlab-test-%d", me);
	snprintf(t->conf, sizeof(t->conf), "/tmp/mqlab-test-%d.conf", me);
	snprintf(t->run, sizeof(t->run), "/tmp/mqlab-test-%d.run", me);
	snprintf(t->pid, sizeof(t->pid), "/tmp/mqlab-test-%d.pid", me);
	snprintf(t->status, sizeof(t->status), "/tmp/mqlab-test-%d.status", me);
	tmux_file(t->conf, "set -g remain-on-exit on\nset -g status off\n",
		  0644);
	/* The inner sh notes its pid and becomes the program, in the
	 * foreground of the pane's terminal. */
	snprintf(script, sizeof(script),
		 "#!/bin/sh\n"
		 "sh -c 'echo $$ > %s; exec env \"$@\"' sh \"$@\"\n"
		 "echo $? > %s.tmp && mv %s.tmp %s\n",
		 t->pid, t->status, t->status, t->status);
	tmux_file(t->run, script, 0755);
	snprintf(line, sizeof(line), "%s %s", t->run, command);
	cr_assert(unshare(CLONE_NEWPID) == 0, "unshare(CLONE_NEWPID): %s",
		  strerror(errno));
	t->keeper = fork();
	cr_assert(t->keeper >= 0);
	if (t->keeper == 0)
		tmux_keeper();
	snprintf(x, sizeof(x), "%d", cols);
	snprintf(y, sizeof(y), "%d", rows);
	cr_assert(tmux_cmd(t, NULL, 0, "new-session", "-d", "-s", "t", "-x", x,
			   "-y", y, line, NULL) == 0,
		  "tmux new-session failed");
}

void tmux_screen(struct tmux *t, char *out, size_t size)
{
	/* With its history: a dead pane's notice scrolls the screen up. */
	cr_assert(tmux_cmd(t, out, size, "capture-pane", "-p", "-J", "-S", "-",
			   "-t", "t", NULL) == 0);
}

bool tmux_wait_for(struct tmux *t, const char *text, char *out, size_t size)
{
	struct timespec pause = {0, 50 * 1000 * 1000};
	int i;

	for (i = 0; i < TMUX_WAIT_TRIES; i++) {
		tmux_screen(t, out, size);
		if (strstr(out, text) != NULL)
			return true;
		nanosleep(&pause, NULL);
	}
	return false;
}

void tmux_format(struct tmux *t, const char *format, char *out, size_t size)
{
	size_t len;

	cr_assert(tmux_cmd(t, out, size, "display-message", "-p", "-t", "t",
			   format, NULL) == 0);
	len = strlen(out);
	while (len > 0 && out[len - 1] == '\n')
		out[--len] = '\0';
}

int tmux_wait_exit(struct tmux *t)
{
	struct timespec pause = {0, 50 * 1000 * 1000};
	int i, status = -1;
	char dead[16];
	FILE *f;

	for (i = 0; i < TMUX_WAIT_TRIES && status < 0; i++) {
		f = fopen(t->status, "r");
		if (f == NULL || fscanf(f, "%d", &status) != 1)
			nanosleep(&pause, NULL);
		if (f != NULL)
			fclose(f);
	}
	for (; i < TMUX_WAIT_TRIES && status >= 0; i++) {
		tmux_format(t, "#{pane_dead}", dead, sizeof(dead));
		if (strcmp(dead, "1") == 0)
			return status;
		nanosleep(&pause, NULL);
	}
	return -1;
}

/* The pid that pid has in its own (innermost) PID namespace, or -1. */
static pid_t tmux_inner_pid(pid_t pid)
{
	char path[64], line[256], *last;
	pid_t inner = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "NSpid:", 6) == 0) {
			last = strrchr(line, '\t');
			inner = last ? (pid_t)atoi(last + 1) : -1;
		}
	fclose(f);
	return inner;
}

pid_t tmux_program_pid(struct tmux *t)
{
	struct timespec pause = {0, 50 * 1000 * 1000};
	char path[300], ns[64], theirs[64];
	struct dirent *d;
	int i, inner = -1;
	pid_t pid = -1;
	ssize_t n;
	FILE *f;
	DIR *dir;

	for (i = 0; i < TMUX_WAIT_TRIES && inner <= 0; i++) {
		f = fopen(t->pid, "r");
		if (f == NULL || fscanf(f, "%d", &inner) != 1)
			nanosleep(&pause, NULL);
		if (f != NULL)
			fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)t->keeper);
	n = readlink(path, ns, sizeof(ns) - 1);
	if (inner <= 0 || n <= 0)
		return -1;
	ns[n] = '\0';
	dir = opendir("/proc");
	cr_assert_not_null(dir);
	while (pid < 0 && (d = readdir(dir)) != NULL) {
		if (atoi(d->d_name) <= 0 ||
		    tmux_inner_pid(atoi(d->d_name)) != inner)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/pid", d->d_name);
		n = readlink(path, theirs, sizeof(theirs) - 1);
		if (n > 0 && (theirs[n] = '\0', strcmp(theirs, ns) == 0))
			pid = atoi(d->d_name);
	}
	closedir(dir);
	return pid;
}

void tmux_signal(struct tmux *t, const char *name)
{
	char command[160];

	snprintf(command, sizeof(command), "kill -%s $(cat %s)", name, t->pid);
	cr_assert(tmux_cmd(t, NULL, 0, "run-shell", command, NULL) == 0,
		  "could not send SIG%s", name);
}

void tmux_stop(struct tmux *t)
{
	tmux_cmd(t, NULL, 0, "kill-server", NULL);
	if (t->keeper > 0) {
		kill(t->keeper, SIGKILL);
		waitpid(t->keeper, NULL, 0);
		t->keeper = 0;
	}
	unlink(t->conf);
	unlink(t->run);
	unlink(t->pid);
	unlink(t->status);
}
