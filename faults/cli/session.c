/*
 * session.c - one run of PROGRAM under the supervisor, and its event loop.
 *
 * mqfault owns the loop rather than calling fault_sup_wait(), because it
 * must also hear signals: it polls the supervisor's descriptor, a signalfd
 * and a pidfd of PROGRAM.  SIGUSR1 releases every held call; SIGTERM,
 * SIGINT and SIGHUP are passed on to PROGRAM, and we keep serving its
 * calls until it exits, so a program that cleans up on SIGTERM can still
 * make queue calls.  A ^C typed at a terminal already reached PROGRAM's
 * whole process group, so it is not passed on a second time.
 *
 * The event callback is set only when someone reads events (-o, or a hold
 * rule whose release instructions we print): without it the supervisor
 * builds no events at all, which keeps the per-call cost down.
 *
 * See also: faults/cli/mqfault.c, faults/fault.h, docs/mqfault.md
 * SPDX-License-Identifier: MIT
 */
#include "faults/cli/session.h"

#include "faults/rule.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct session {
	struct fault_sup *sup;
	FILE *log; /* NULL: no event log */
	bool json;
	pid_t child;
};

static bool plan_holds(struct fault_plan *plan)
{
	for (size_t i = 0; i < fault_plan_size(plan); i++)
		if (plan_rule(plan, i)->hold)
			return true;
	return false;
}

static void write_event(FILE *log, const struct fault_event *ev, bool json)
{
	static char buf[65536];
	char *text = buf;
	int n = json ? fault_event_json(ev, buf, sizeof(buf))
		     : fault_event_text(ev, buf, sizeof(buf));

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf)) {
		text = malloc((size_t)n + 1);
		if (text == NULL)
			return;
		n = json ? fault_event_json(ev, text, (size_t)n + 1)
			 : fault_event_text(ev, text, (size_t)n + 1);
	}
	fwrite(text, 1, (size_t)n, log);
	/* PROGRAM may share the file (-o -): keep lines in call order. */
	fflush(log);
	if (text != buf)
		free(text);
}

static void on_event(const struct fault_event *ev, void *arg)
{
	struct session *s = arg;

	if (s->log != NULL)
		write_event(s->log, ev, s->json);
	if (ev->held && ev->phase == FAULT_ENTER)
		fprintf(stderr,
			"mqfault: holding %s of pid %d; "
			"kill -USR1 %d to release\n",
			ev->syscall, (int)ev->pid, (int)getpid());
}

static sigset_t caught, saved_mask;

/* Between fork and exec, in the child: PROGRAM must start with the signal
 * mask we were given, not the one our signalfd needs. */
static void restore_mask(void)
{
	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
}

static int block_signals(void)
{
	sigemptyset(&caught);
	sigaddset(&caught, SIGUSR1);
	sigaddset(&caught, SIGTERM);
	sigaddset(&caught, SIGINT);
	sigaddset(&caught, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &caught, &saved_mask) < 0)
		return -1;
	if (pthread_atfork(NULL, NULL, restore_mask) != 0)
		return -1;
	return signalfd(-1, &caught, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void handle_signals(struct session *s, int sfd)
{
	struct signalfd_siginfo si;

	while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGUSR1)
			fault_sup_release(s->sup, 0);
		/* The terminal already sent ^C to PROGRAM's whole group. */
		else if (si.ssi_code != SI_KERNEL)
			kill(s->child, (int)si.ssi_signo);
	}
}

/*
 * A dispatch error leaves the listener readable with a call nobody will
 * answer: polling on would spin while PROGRAM hangs, so PROGRAM is killed
 * (as on a poll error).  Returns false then.
 */
static bool dispatch(struct session *s)
{
	if (fault_sup_dispatch(s->sup) >= 0)
		return true;
	fprintf(stderr, "mqfault: supervisor failed: %s; killing PROGRAM\n",
		strerror(errno));
	kill(s->child, SIGKILL);
	return false;
}

/* Serve PROGRAM's calls and our signals until it exits; its wait status,
 * or -1 when it could not be reaped. */
static int supervise(struct session *s, int sfd)
{
	struct pollfd pfd[3];
	int pidfd = (int)syscall(SYS_pidfd_open, s->child, 0);
	int status = -1;

	if (pidfd < 0) {
		fprintf(stderr, "mqfault: pidfd_open: %s; killing PROGRAM\n",
			strerror(errno));
		kill(s->child, SIGKILL);
	}
	pfd[0] = (struct pollfd){.fd = fault_sup_fd(s->sup), .events = POLLIN};
	pfd[1] = (struct pollfd){.fd = sfd, .events = POLLIN};
	pfd[2] = (struct pollfd){.fd = pidfd, .events = POLLIN};
	while (pidfd >= 0 && !(pfd[2].revents & POLLIN)) {
		if (poll(pfd, 3, -1) < 0 && errno != EINTR) {
			/* Unserved, PROGRAM could wait forever on a call. */
			fprintf(stderr, "mqfault: poll: %s; killing PROGRAM\n",
				strerror(errno));
			kill(s->child, SIGKILL);
			break;
		}
		if ((pfd[0].revents & POLLIN) && !dispatch(s))
			break;
		if (pfd[1].revents & POLLIN)
			handle_signals(s, sfd);
	}
	/* Answer what is already queued, then reap. */
	fault_sup_dispatch(s->sup);
	while (waitpid(s->child, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "mqfault: waitpid: %s\n",
				strerror(errno));
			status = -1;
			break;
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	return status;
}

static int exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void print_summary(const struct fault_sup *sup)
{
	char buf[1024];

	fault_sup_summary(sup, buf, sizeof(buf));
	fprintf(stderr, "mqfault: %s\n", buf);
}

int session_run(struct fault_plan *plan, const struct session_options *o)
{
	struct session s = {.log = o->log, .json = o->json};
	int sfd, status;

	s.sup = fault_sup_new(plan, 0);
	if (s.sup == NULL) {
		fprintf(stderr, "mqfault: cannot start the supervisor: %s\n",
			strerror(errno));
		return SESSION_FAILED;
	}
	fault_sup_set_capture(s.sup, o->capture);
	if (s.log != NULL || plan_holds(plan))
		fault_sup_on_event(s.sup, on_event, &s);
	sfd = block_signals();
	if (sfd < 0) {
		fprintf(stderr, "mqfault: signalfd: %s\n", strerror(errno));
		fault_sup_free(s.sup);
		return SESSION_FAILED;
	}
	s.child = fault_sup_spawn(s.sup, o->argv);
	if (s.child < 0) {
		int err = errno;

		fprintf(stderr, "mqfault: cannot run '%s': %s\n", o->argv[0],
			strerror(err));
		fault_sup_free(s.sup);
		return err == ENOENT ? 127 : 126;
	}
	if (!fault_sup_sync_wakeup(s.sup))
		fputs("mqfault: note: this kernel cannot hand the CPU straight "
		      "to mqfault (Linux 6.6 can); each intercepted call is "
		      "slower\n",
		      stderr);
	status = supervise(&s, sfd);
	close(sfd);
	print_summary(s.sup);
	fault_sup_free(s.sup);
	return status < 0 ? SESSION_FAILED : exit_code(status);
}
