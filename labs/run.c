/*
 * run.c - run a lab's scenario headless: start, watch, stop.
 *
 * One loop serves everything: it polls every supervisor (a role blocks
 * in its first queue call until its supervisor answers), the report pipe
 * and the roles' output pipes, reaps children, and every SAMPLE_MS looks
 * in /proc for roles asleep in a queue call.  The setup step runs first,
 * alone, watched like a role but with no faults; the roles start once it
 * succeeded.  At the end whatever still runs is killed by pid, so the
 * summary always describes processes that are gone.
 *
 * See also: labs/run.h, labs/run_child.c, labs/run_io.c, labs/run_sum.c
 * SPDX-License-Identifier: MIT
 */
#include "labs/run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/fault.h"
#include "labs/run_int.h"

#define SAMPLE_MS     20
#define SETUP_SECONDS 10

static volatile sig_atomic_t run_stop;

static void run_on_signal(int sig)
{
	run_stop = sig;
}

static void run_sample(struct run *r, struct run_role *role)
{
	uint64_t since = role->watch.since_us;
	const char *call = role->watch.call;
	uint64_t now = timeline_now();

	if (!role->watching || watch_sample(&role->watch, now) != 1)
		return;
	if (role->watch.blocked)
		timeline_blocked(&r->tl, role->name, role->pid,
				 role->watch.call);
	else
		timeline_unblocked(&r->tl, role->name, role->pid, call,
				   now - since);
}

/* Serve roles [first, last) until they all exit, until_us, or a signal. */
static enum run_end run_loop(struct run *r, size_t first, size_t last,
			     uint64_t until_us)
{
	struct pollfd pfd[2 * r->nroles + 1];
	uint64_t now, next_sample = timeline_now();
	size_t i, n, alive;
	int wait_ms;

	for (;;) {
		if (run_stop)
			return RUN_INTERRUPTED;
		for (i = first, alive = 0; i < last; i++)
			alive += r->roles[i].running;
		if (alive == 0)
			return RUN_DONE;
		now = timeline_now();
		if (now >= until_us)
			return RUN_TIMED;
		n = run_io_pollfds(r, pfd);
		wait_ms = (int)((next_sample > now ? next_sample - now : 0) /
				1000);
		if (until_us - now < (uint64_t)wait_ms * 1000)
			wait_ms = (int)((until_us - now) / 1000);
		poll(pfd, n, wait_ms);
		run_io_dispatch(r, pfd);
		run_io_read(r, false);
		run_io_reap(r, false);
		if (timeline_now() >= next_sample) {
			for (i = first; i < last; i++)
				if (r->roles[i].running)
					run_sample(r, &r->roles[i]);
			next_sample = timeline_now() + SAMPLE_MS * 1000;
		}
	}
}

/* Kill what still runs among [first, last), and wait for it. */
static void run_kill(struct run *r, size_t first, size_t last)
{
	size_t i;

	for (i = first; i < last; i++) {
		if (!r->roles[i].running)
			continue;
		r->roles[i].killed = true;
		kill(r->roles[i].pid, SIGKILL);
	}
	run_io_reap(r, true);
}

/* In fallback mode, what the roles forked and left running is not killed
 * with a PID namespace: find it by our session (the init made its own,
 * and every descendant stays in it unless it leaves on purpose). */
static void run_kill_strays(void)
{
	char path[300], stat[512], *p;
	struct dirent *d;
	pid_t sid = getsid(0), self = getpid();
	int pid, session;
	DIR *dir;
	FILE *f;
	size_t n;

	dir = opendir("/proc");
	while (dir != NULL && (d = readdir(dir)) != NULL) {
		pid = atoi(d->d_name);
		if (pid <= 0 || pid == self)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		f = fopen(path, "re");
		if (f == NULL)
			continue;
		n = fread(stat, 1, sizeof(stat) - 1, f);
		fclose(f);
		stat[n] = '\0';
		p = strrchr(stat, ')');
		/* ") S ppid pgrp session" */
		if (p != NULL &&
		    sscanf(p + 2, "%*c %*d %*d %d", &session) == 1 &&
		    session == sid)
			kill(pid, SIGKILL);
	}
	if (dir != NULL)
		closedir(dir);
}

/* In fallback mode: remove what the run created in the host's IPC
 * namespace, and say what was left alone. */
static void run_tidy(struct run *r)
{
	char left[512];
	int n;

	if (!r->tidy.enabled)
		return;
	run_kill_strays();
	n = tidy_sweep(&r->tidy, left, sizeof(left));
	r->tidy.enabled = false; /* once: the error paths tidy too */
	timeline_say(&r->tl, "cleanup", "removed %d queue%s the run created", n,
		     n == 1 ? "" : "s");
	if (left[0] != '\0')
		timeline_say(&r->tl, "warning",
			     "left in place, not the run's own: %s", left);
}

static void run_header(struct run *r, const struct run_opts *o)
{
	char roles[256] = "", self[32];
	size_t i, n = 0;
	ssize_t len;

	for (i = 0; o->roles[i] != NULL && n < sizeof(roles); i++)
		n += snprintf(roles + n, sizeof(roles) - n, "%s%s",
			      i ? ", " : "", o->roles[i]);
	timeline_say(&r->tl, "start",
		     "lab %02d %s (%s), roles %s, for %g s, %s", o->lab->number,
		     o->lab->slug,
		     o->solution ? "reference solution" : "your code", roles,
		     o->seconds,
		     o->sandbox->mode == SANDBOX_NAMESPACES
			     ? "in private IPC and PID namespaces"
			     : "in the host's namespaces (fallback)");
	if (o->sandbox->mode == SANDBOX_NAMESPACES && !o->sandbox->own_proc)
		timeline_say(&r->tl, "warning",
			     "no private /proc: the queue names and commands "
			     "shown in calls may be wrong");
	if (o->note != NULL)
		timeline_say(&r->tl, "note", "%s", o->note);
	/* Ourselves, so that whoever watches knows every pid of the run. */
	len = readlinkat(o->sandbox->host_proc, "self", self, sizeof(self) - 1);
	self[len > 0 ? len : 0] = '\0';
	timeline_role(&r->tl, "init", getpid(), atoi(self));
}

int run_scenario(const struct run_opts *o, enum run_end *end, char *err,
		 size_t errsize)
{
	struct sigaction sa = {.sa_handler = run_on_signal};
	char *setup_argv[] = {(char *)o->program, (char *)"--setup", NULL};
	char *role_argv[] = {(char *)o->program, (char *)"--role", NULL, NULL};
	struct run r = {.o = o,
			.tl = {o->out, o->json, timeline_now()},
			.report_fd = -1,
			.report_wfd = -1};
	char words[64];
	int ret = -1;
	size_t i;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	tidy_init(&r.tidy, o->sandbox->mode == SANDBOX_FALLBACK,
		  o->sandbox->run_id);
	if (run_child_prepare(&r, o) < 0) {
		snprintf(err, errsize, "cannot prepare the run: %s",
			 strerror(errno));
		goto out;
	}
	run_header(&r, o);
	if (run_child_start(&r, &r.roles[0], setup_argv) < 0) {
		snprintf(err, errsize, "cannot start %s --setup: %s",
			 o->program, strerror(errno));
		goto out;
	}
	*end = run_loop(&r, 0, 1, timeline_now() + SETUP_SECONDS * 1000000ULL);
	run_kill(&r, 0, 1);
	run_io_read(&r, true);
	if (*end == RUN_INTERRUPTED) {
		snprintf(err, errsize, "interrupted during the lab's setup");
		goto out;
	}
	if (*end != RUN_DONE || !WIFEXITED(r.roles[0].status) ||
	    WEXITSTATUS(r.roles[0].status) != 0) {
		timeline_status_words(r.roles[0].status, words, sizeof(words));
		snprintf(err, errsize, "the lab's setup %s%s", words,
			 *end == RUN_DONE ? " (its output is above)"
					  : " (stopped: it took too long)");
		goto out;
	}
	for (i = 1; i < r.nroles; i++) {
		role_argv[2] = (char *)r.roles[i].name;
		if (run_child_start(&r, &r.roles[i], role_argv) < 0) {
			snprintf(err, errsize, "cannot start role %s: %s",
				 r.roles[i].name, strerror(errno));
			goto out;
		}
	}
	/* The roles hold the report pipe now: EOF when they all exit. */
	close(r.report_wfd);
	r.report_wfd = -1;
	*end = run_loop(&r, 1, r.nroles,
			r.tl.start_us + (uint64_t)(o->seconds * 1e6));
	if (*end == RUN_TIMED)
		timeline_say(&r.tl, "stop", "stopping after %g s", o->seconds);
	else if (*end == RUN_INTERRUPTED)
		timeline_say(&r.tl, "stop", "interrupted by SIG%s",
			     sigabbrev_np(run_stop));
	run_kill(&r, 1, r.nroles);
	run_io_read(&r, true);
	run_tidy(&r);
	run_sum_write(&r, *end);
	ret = 0;
out:
	if (r.roles != NULL)
		run_kill(&r, 0, r.nroles);
	run_tidy(&r);
	for (i = 0; r.roles != NULL && i < r.nroles; i++) {
		if (r.roles[i].watching)
			watch_close(&r.roles[i].watch, timeline_now());
		if (r.roles[i].sup != NULL)
			fault_sup_free(r.roles[i].sup);
		if (r.roles[i].out_fd >= 0)
			close(r.roles[i].out_fd);
	}
	if (r.roles != NULL && r.roles[0].plan != NULL)
		fault_plan_free(r.roles[0].plan);
	free(r.roles);
	if (r.report_fd >= 0)
		close(r.report_fd);
	if (r.report_wfd >= 0)
		close(r.report_wfd);
	tidy_free(&r.tidy);
	return ret;
}
