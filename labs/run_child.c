/*
 * run_child.c - start a run's children: the report pipe, and one process
 * per role under its own fault supervisor.
 *
 * Shared by the headless run (labs/run.c) and the live session's server
 * (labs/session_server.c): both start the setup step and the roles the
 * same way, so a role behaves the same whether a student watches it in
 * the TUI or reads its timeline.  Every queue call a supervisor sees goes
 * on the timeline, to the fallback cleanup, and to the run's hooks.
 *
 * See also: labs/run_int.h, labs/run.c, labs/run_io.c
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "faults/fault.h"
#include "labs/run_int.h"

static void run_child_on_event(const struct fault_event *ev, void *arg)
{
	struct run_role *role = arg;
	struct run *r = role->run;

	timeline_call(&r->tl, role->name, ev);
	tidy_event(&r->tidy, ev);
	if (r->hooks != NULL && r->hooks->event != NULL)
		r->hooks->event(r->hooks->arg, role, ev);
}

int run_child_start(struct run *r, struct run_role *role, char *const argv[])
{
	int out[2], saved_out, saved_err, err;

	role->sup = fault_sup_new(role->plan, FAULT_WATCH_ALL);
	if (role->sup == NULL)
		return -1;
	fault_sup_on_event(role->sup, run_child_on_event, role);
	if (pipe2(out, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	saved_out = fcntl(1, F_DUPFD_CLOEXEC, 3);
	saved_err = fcntl(2, F_DUPFD_CLOEXEC, 3);
	dup2(out[1], 1);
	dup2(out[1], 2);
	role->pid = fault_sup_spawn(role->sup, argv);
	err = errno;
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	close(out[1]);
	if (role->pid < 0) {
		close(out[0]);
		errno = err;
		return -1;
	}
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	role->out_fd = out[0];
	role->running = true;
	role->watching = watch_open(&role->watch, role->pid,
				    r->o->sandbox->host_proc) == 0;
	timeline_role(&r->tl, role->name, role->pid,
		      role->watching ? role->watch.host_pid : -1);
	return 0;
}

int run_child_prepare(struct run *r, const struct run_opts *o)
{
	int fds[2], null;
	char num[16];
	size_t i;

	for (r->nroles = 1; o->roles[r->nroles - 1] != NULL; r->nroles++)
		;
	r->roles = calloc(r->nroles, sizeof(*r->roles));
	if (r->roles == NULL)
		return -1;
	r->roles[0].plan = fault_plan_new();
	if (r->roles[0].plan == NULL)
		return -1;
	r->roles[0].name = "setup";
	for (i = 0; i < r->nroles; i++) {
		r->roles[i].run = r;
		r->roles[i].out_fd = -1;
		if (i > 0) {
			r->roles[i].name = o->roles[i - 1];
			r->roles[i].plan = o->plans ? o->plans[i - 1] : NULL;
		}
	}
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	r->report_fd = fds[0];
	r->report_wfd = fds[1];
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	/* The write end goes to every child, and only the write end. */
	fcntl(fds[1], F_SETFD, 0);
	snprintf(num, sizeof(num), "%d", fds[1]);
	setenv("MQLAB_REPORT_FD", num, 1);
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 0);
		close(null);
	}
	return 0;
}
