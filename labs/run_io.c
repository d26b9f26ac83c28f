/*
 * run_io.c - what comes out of a run's children: reports, output, exits.
 *
 * Report lines ("KIND PID rest", labs/report.c) arrive whole, since each
 * is one write smaller than PIPE_BUF; output lines arrive in pieces and
 * are cut at newlines per role, so two roles' lines never mix.
 *
 * See also: labs/run_int.h, labs/report.h
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/fault.h"
#include "labs/run_int.h"

struct run_role *run_io_role(struct run *r, pid_t pid)
{
	size_t i;

	/* Newest first: a pid the setup step had may have come back. */
	for (i = r->nroles; i-- > 0;)
		if (r->roles[i].pid == pid && r->roles[i].sup != NULL)
			return &r->roles[i];
	return NULL;
}

static void run_io_error(struct run *r, const char *rest)
{
	char call[64], name[24];
	size_t i;

	if (sscanf(rest, "%63s %23s", call, name) != 2)
		return;
	for (i = 0; i < r->nerrors; i++)
		if (strcmp(r->errors[i].name, name) == 0)
			break;
	if (i == r->nerrors && r->nerrors == RUN_ERRNOS)
		return;
	if (i == r->nerrors) {
		snprintf(r->errors[i].name, sizeof(r->errors[i].name), "%s",
			 name);
		r->nerrors++;
	}
	r->errors[i].n++;
}

/* One report line: count it, and put it on the timeline. */
static void run_io_report(struct run *r, char *line)
{
	char kind[16];
	struct run_role *role;
	int pid, at = 0;
	long n = 0;
	const char *rest;

	if (sscanf(line, "%15s %d %n", kind, &pid, &at) != 2 || at == 0)
		return;
	rest = line + at;
	role = run_io_role(r, pid);
	if (strcmp(kind, "note") != 0 && strcmp(kind, "error") != 0 &&
	    sscanf(rest, "%ld", &n) != 1)
		return;
	if (strcmp(kind, "sent") == 0) {
		r->sent += n;
		if (role != NULL)
			role->sent += n;
	} else if (strcmp(kind, "received") == 0) {
		r->received += n;
		if (role != NULL)
			role->received += n;
	} else if (strcmp(kind, "lost") == 0) {
		r->lost += n;
		if (role != NULL)
			role->lost += n;
	} else if (strcmp(kind, "error") == 0) {
		run_io_error(r, rest);
		if (role != NULL)
			role->errors++;
	}
	timeline_report(&r->tl, role != NULL ? role->name : "child", pid, kind,
			rest);
	if (r->hooks != NULL && r->hooks->report != NULL)
		r->hooks->report(r->hooks->arg, role, pid, kind, rest);
}

static void run_io_reports(struct run *r)
{
	char *nl;
	ssize_t n;

	for (;;) {
		n = read(r->report_fd, r->report + r->nreport,
			 sizeof(r->report) - 1 - r->nreport);
		if (n == 0)
			r->report_eof = true;
		if (n <= 0)
			break;
		r->nreport += n;
		r->report[r->nreport] = '\0';
		while ((nl = strchr(r->report, '\n')) != NULL) {
			*nl = '\0';
			run_io_report(r, r->report);
			r->nreport -= nl + 1 - r->report;
			memmove(r->report, nl + 1, r->nreport + 1);
		}
		if (r->nreport == sizeof(r->report) - 1)
			r->nreport = 0; /* not a report: drop it */
	}
}

static void run_io_flush_line(struct run *r, struct run_role *role)
{
	role->line[role->nline] = '\0';
	timeline_output(&r->tl, role->name, role->pid, role->line);
	if (r->hooks != NULL && r->hooks->output != NULL)
		r->hooks->output(r->hooks->arg, role, role->line);
	role->nline = 0;
}

static void run_io_output(struct run *r, struct run_role *role, bool drain)
{
	char buf[1024];
	ssize_t n, i;

	for (;;) {
		n = read(role->out_fd, buf, sizeof(buf));
		if (n == 0) {
			/* Its last writer is gone: stop polling it. */
			close(role->out_fd);
			role->out_fd = -1;
			drain = true;
		}
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				run_io_flush_line(r, role);
				continue;
			}
			role->line[role->nline++] = buf[i];
			if (role->nline == sizeof(role->line) - 1)
				run_io_flush_line(r, role);
		}
	}
	if (drain && role->nline > 0)
		run_io_flush_line(r, role);
}

size_t run_io_pollfds(const struct run *r, struct pollfd *pfd)
{
	size_t n = 0;

	pfd[n++] =
		(struct pollfd){r->report_eof ? -1 : r->report_fd, POLLIN, 0};
	for (size_t i = 0; i < r->nroles; i++) {
		const struct fault_sup *sup = r->roles[i].sup;

		pfd[n++] = (struct pollfd){r->roles[i].out_fd, POLLIN, 0};
		pfd[n++] = (struct pollfd){sup ? fault_sup_fd(sup) : -1, POLLIN,
					   0};
	}
	return n;
}

void run_io_dispatch(struct run *r, const struct pollfd *pfd)
{
	for (size_t i = 0; i < r->nroles; i++)
		if ((pfd[2 + 2 * i].revents & POLLIN) && r->roles[i].sup)
			fault_sup_dispatch(r->roles[i].sup);
}

void run_io_read(struct run *r, bool drain)
{
	size_t i;

	run_io_reports(r);
	for (i = 0; i < r->nroles; i++)
		if (r->roles[i].out_fd >= 0)
			run_io_output(r, &r->roles[i], drain);
}

static bool run_io_any_running(const struct run *r)
{
	size_t i;

	for (i = 0; i < r->nroles; i++)
		if (r->roles[i].running)
			return true;
	return false;
}

void run_io_reap(struct run *r, bool block)
{
	struct run_role *role;
	int status;
	pid_t pid;

	while (!block || run_io_any_running(r)) {
		pid = waitpid(-1, &status, block ? 0 : WNOHANG);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		role = run_io_role(r, pid);
		if (role == NULL || !role->running)
			continue; /* an orphan we inherited as pid 1 */
		role->running = false;
		role->status = status;
		if (role->watching) {
			if (role->watch.blocked)
				role->stuck_in = role->watch.call;
			watch_close(&role->watch, timeline_now());
			role->watching = false;
		}
		/* Its last words come before its exit on the timeline. */
		run_io_read(r, false);
		timeline_exit(&r->tl, role->name, role->pid, status);
		if (r->hooks != NULL && r->hooks->exit != NULL)
			r->hooks->exit(r->hooks->arg, role);
	}
}

char **run_ask(const char *program, const char *option)
{
	char *argv[] = {(char *)program, (char *)option, NULL};
	char **roles = NULL, **grown, *line = NULL;
	size_t n = 0, cap = 0;
	int fds[2], status, saved;
	ssize_t len;
	pid_t pid;
	FILE *f;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return NULL;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		execv(program, argv);
		_exit(127);
	}
	close(fds[1]);
	f = pid > 0 ? fdopen(fds[0], "r") : NULL;
	if (f == NULL) {
		saved = errno;
		close(fds[0]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		errno = saved;
		return NULL;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		grown = realloc(roles, (n + 2) * sizeof(*roles));
		if (grown == NULL)
			break;
		roles = grown;
		roles[n] = strdup(line);
		roles[n + 1] = NULL;
		if (roles[n] != NULL)
			n++;
	}
	free(line);
	fclose(f);
	waitpid(pid, &status, 0);
	if (roles == NULL || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		run_free_lines(roles);
		errno = ENOEXEC;
		return NULL;
	}
	return roles;
}

void run_free_lines(char **roles)
{
	size_t i;

	for (i = 0; roles != NULL && roles[i] != NULL; i++)
		free(roles[i]);
	free(roles);
}
