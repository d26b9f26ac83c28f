/*
 * cmd-tui.c - `mqlab` with no arguments: the lab browser and the live
 * view of a running lab, one event loop each.
 *
 * As in htop's ScreenManager: poll() on the keyboard, on the resize
 * descriptor and (live) on the session's descriptor, with a 200 ms timer
 * for the queue scans; never a busy loop.  Keys only change the models
 * (tui/browse.c, tui/live.c) and record what they ask for; this file is
 * the only one that talks to the session (labs/session.h) and runs
 * `mqlab grade`.
 *
 * The live view joins the run's IPC namespace (setns) once per session,
 * so the scanners of `mqlab top` show the run's queues, and goes back to
 * its own before the next one: the browser, the grader and the next run
 * never see the old run's namespace.
 *
 * See also: tui/browse.h, tui/live.h, tui/draw_live.h, tui/cmd-top.c
 * SPDX-License-Identifier: MIT
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labs/catalog.h"
#include "labs/session.h"
#include "tui/browse.h"
#include "tui/cmd.h"
#include "tui/draw_live.h"
#include "tui/live.h"
#include "tui/term.h"

#define CMD_TUI_PERIOD_MS 200 /* between two scans of the run's queues */

struct cmd_tui_run {
	struct session *s;
	const struct lab *lab;
	bool solution;
	int home_ipc; /* our own IPC namespace, to go back to */
	struct live l;
	pid_t grader; /* `mqlab grade` while it runs, else 0 */
	int grade_fd; /* its output, or -1 */
	char grade_out[16384];
	size_t grade_len;
};

static void cmd_tui_grade_read(struct cmd_tui_run *r, bool stop);

static double cmd_tui_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start a session and join its IPC namespace. */
static int cmd_tui_start(struct cmd_tui_run *r, char *err, size_t size)
{
	live_init(&r->l, r->l.top.present);
	r->s = session_start(r->lab, r->solution, err, size);
	if (r->s == NULL)
		return -1;
	if (session_ipc_ns(r->s) < 0 ||
	    setns(session_ipc_ns(r->s), CLONE_NEWIPC) < 0) {
		snprintf(err, size, "cannot join the run's IPC namespace: %s",
			 strerror(errno));
		session_stop(r->s);
		r->s = NULL;
		return -1;
	}
	r->l.st = session_state(r->s);
	return 0;
}

/* Stop the session and go home. */
static void cmd_tui_stop(struct cmd_tui_run *r)
{
	bool present = r->l.top.present;

	cmd_tui_grade_read(r, true);
	if (r->s != NULL)
		session_stop(r->s);
	r->s = NULL;
	/* The scanners hold the run's mqueue mount: drop them first. */
	live_free(&r->l);
	live_init(&r->l, present);
	if (setns(r->home_ipc, CLONE_NEWIPC) < 0)
		snprintf(r->l.status, sizeof(r->l.status),
			 "cannot go back to our IPC namespace: %s",
			 strerror(errno));
}

/* Scan the run's queues and hold the POSIX shadows to the counts. */
static int cmd_tui_scan(struct live *l)
{
	const struct model_queues_row *q;
	struct model_live_shadow *s;
	size_t i;

	l->top.message_rows = (size_t)draw_live_message_rows(l, LINES, COLS);
	if (model_top_refresh(&l->top, cmd_tui_now()) < 0)
		return -1;
	/* The sizes first: feeding judges sends by them (EMSGSIZE). */
	for (i = 0; i < l->top.queues.n; i++) {
		q = &l->top.queues.rows[i];
		if (q->kind != MODEL_QUEUES_POSIX)
			continue;
		s = model_live_shadow_of(&l->shadows, q->posix.name);
		if (s == NULL)
			return -1;
		s->msgsize = q->posix.msgsize;
	}
	if (l->st != NULL && model_live_feed(&l->shadows, l->st) < 0)
		return -1;
	for (i = 0; i < l->top.queues.n; i++) {
		q = &l->top.queues.rows[i];
		if (q->kind != MODEL_QUEUES_POSIX)
			continue;
		s = model_live_shadow_of(&l->shadows, q->posix.name);
		if (s == NULL || model_live_shadow_sync(s, q->messages) < 0)
			return -1;
	}
	return 0;
}

/* Start `mqlab grade NN` in our own IPC namespace, its output into a
 * pipe that the loop polls: the view stays live while it grades. */
static void cmd_tui_grade(struct cmd_tui_run *r)
{
	int fds[2], devnull;
	char nn[8];

	if (r->grader > 0) {
		snprintf(r->l.status, sizeof(r->l.status),
			 "still grading: the result comes up when it is done");
		return;
	}
	snprintf(nn, sizeof(nn), "%02d", r->lab->number);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return;
	r->grader = fork();
	if (r->grader == 0) {
		devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		if (setns(r->home_ipc, CLONE_NEWIPC) < 0)
			_exit(127);
		execl("/proc/self/exe", "mqlab", "grade", nn,
		      r->solution ? "--solution" : (char *)NULL, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	if (r->grader < 0) {
		close(fds[0]);
		r->grader = 0;
		return;
	}
	r->grade_fd = fds[0];
	r->grade_len = 0;
	snprintf(r->l.status, sizeof(r->l.status), "grading lab %s...", nn);
}

/* The grader wrote or ended; at its end, show the popup.  stop: end it
 * now (the lab is being left). */
static void cmd_tui_grade_read(struct cmd_tui_run *r, bool stop)
{
	char chunk[4096];
	size_t room;
	ssize_t got;
	int status = -1;

	if (r->grader <= 0)
		return;
	if (stop)
		kill(r->grader, SIGTERM);
	got = stop ? 0 : read(r->grade_fd, chunk, sizeof(chunk));
	if (got < 0 && errno == EINTR)
		return;
	if (got > 0) {
		/* Past the buffer it is read and dropped: the child must
		 * never block on a full pipe. */
		room = sizeof(r->grade_out) - 1 - r->grade_len;
		if ((size_t)got < room)
			room = (size_t)got;
		memcpy(r->grade_out + r->grade_len, chunk, room);
		r->grade_len += room;
		return;
	}
	r->grade_out[r->grade_len] = '\0';
	close(r->grade_fd);
	r->grade_fd = -1;
	while (waitpid(r->grader, &status, 0) < 0 && errno == EINTR)
		;
	r->grader = 0;
	if (!stop) {
		live_popup_grade(&r->l, r->grade_out, status);
		r->l.status[0] = '\0';
	}
}

/* Send what the last key asked for.  Returns 0, 1 after starting a new
 * session, or -1 when that failed (err says why). */
static int cmd_tui_command(struct cmd_tui_run *r, char *err, size_t size)
{
	const struct session_role *role = live_role(&r->l);
	const struct session_rule *rule = live_rule(&r->l);
	int rc = 0;

	/* The session's answer shows from now on, unless grading says more. */
	if (r->grader == 0)
		r->l.status[0] = '\0';
	switch (r->l.cmd) {
	case LIVE_PAUSE:
		rc = session_pause(r->s, !r->l.st->paused);
		break;
	case LIVE_STEP:
		rc = session_step(r->s);
		break;
	case LIVE_SLOW:
		rc = session_slow(r->s, r->l.slow_ms);
		break;
	case LIVE_ARM:
		rc = session_arm(r->s, r->l.arm_role, r->l.arm_spec);
		break;
	case LIVE_DISARM:
		if (rule != NULL)
			rc = session_disarm(r->s, rule->id);
		break;
	case LIVE_KILL:
		if (role != NULL)
			rc = session_kill_role(r->s, role->name);
		break;
	case LIVE_RESTART:
		if (role != NULL)
			rc = session_restart_role(r->s, role->name);
		break;
	case LIVE_RESTART_LAB:
		cmd_tui_stop(r);
		return cmd_tui_start(r, err, size) < 0 ? -1 : 1;
	case LIVE_GRADE:
		cmd_tui_grade(r);
		break;
	case LIVE_NONE:
		break;
	}
	r->l.cmd = LIVE_NONE;
	if (rc < 0)
		snprintf(r->l.status, sizeof(r->l.status),
			 "the lab refused: %s", strerror(errno));
	return 0;
}

/* The live view until q.  Returns 0, or -1 with a reason in err. */
static int cmd_tui_live(struct cmd_tui_run *r, char *err, size_t size)
{
	struct pollfd pfd[4];
	double next = 0, now;
	bool gone = false; /* the server hung up */
	int ch, wait_ms, rc;

	if (cmd_tui_start(r, err, size) < 0)
		return -1;
	while (!r->l.top.quit) {
		now = cmd_tui_now();
		if (now >= next) {
			if (cmd_tui_scan(&r->l) < 0) {
				snprintf(err, size,
					 "cannot scan the run's queues: %s",
					 strerror(errno));
				return -1; /* the caller stops the run */
			}
			next = now + CMD_TUI_PERIOD_MS / 1000.0;
			draw_live(&r->l);
		}
		wait_ms = (int)((next - now) * 1000) + 1;
		/* poll() skips the negative descriptors. */
		pfd[0] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
		pfd[1] = (struct pollfd){term_resize_fd(), POLLIN, 0};
		pfd[2] = (struct pollfd){gone ? -1 : session_fd(r->s), POLLIN,
					 0};
		pfd[3] = (struct pollfd){r->grade_fd, POLLIN, 0};
		if (poll(pfd, 4, wait_ms) < 0 && errno != EINTR) {
			snprintf(err, size, "poll: %s", strerror(errno));
			return -1;
		}
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			r->l.top.quit = true;
			break;
		}
		if (pfd[1].revents & POLLIN)
			term_resize();
		if ((pfd[2].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    session_read(r->s) < 0 && errno == EPIPE)
			gone = true;
		if (pfd[3].revents & (POLLIN | POLLHUP | POLLERR))
			cmd_tui_grade_read(r, false);
		while (!r->l.top.quit && (ch = getch()) != ERR) {
			if (ch == KEY_RESIZE)
				continue;
			live_key(&r->l, ch);
			if (r->l.cmd == LIVE_NONE)
				continue;
			rc = cmd_tui_command(r, err, size);
			if (rc < 0)
				return -1;
			if (rc > 0)
				gone = false; /* a new session */
		}
		if (pfd[0].revents || pfd[1].revents || pfd[3].revents)
			draw_live(&r->l);
	}
	cmd_tui_stop(r);
	return 0;
}

static int cmd_tui_loop(struct browse *b, int home_ipc)
{
	struct cmd_tui_run r = {.home_ipc = home_ipc, .grade_fd = -1};
	char status[200] = "";
	struct pollfd pfd[2];
	int ch;

	browse_draw(b, status);
	while (!b->top.quit) {
		pfd[0] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
		pfd[1] = (struct pollfd){term_resize_fd(), POLLIN, 0};
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			return -1;
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			return 0;
		if (pfd[1].revents & POLLIN)
			term_resize();
		while (!b->top.quit && (ch = getch()) != ERR) {
			if (ch == KEY_RESIZE)
				continue;
			b->launch = BROWSE_STAY;
			keys_dispatch(&b->top, browse_keys, ch);
			if (b->launch == BROWSE_STAY ||
			    browse_selection(b) == NULL)
				continue;
			live_init(&r.l, b->top.present);
			r.lab = browse_selection(b);
			r.solution = b->launch == BROWSE_SOLUTION;
			status[0] = '\0';
			if (cmd_tui_live(&r, status, sizeof(status)) < 0)
				cmd_tui_stop(&r);
			live_free(&r.l);
		}
		browse_draw(b, status);
	}
	return 0;
}

int cmd_tui_main(bool present)
{
	struct browse b;
	char why[160];
	int home_ipc, rc, err;

	if (term_check(why, sizeof(why)) < 0)
		return cmd_usage_error("the lab browser needs a terminal, but "
				       "%s; use mqlab list and mqlab run NN",
				       why);
	home_ipc = open("/proc/self/ns/ipc", O_RDONLY | O_CLOEXEC);
	if (home_ipc < 0)
		return cmd_fail("cannot open /proc/self/ns/ipc: %s",
				strerror(errno));
	browse_init(&b, lab_registry, present);
	if (term_start(present) < 0) {
		err = errno;
		close(home_ipc);
		return cmd_fail("cannot use this terminal (%s); use mqlab list "
				"and mqlab run NN",
				strerror(err));
	}
	rc = cmd_tui_loop(&b, home_ipc);
	err = errno;
	term_stop();
	close(home_ipc);
	if (rc < 0)
		return cmd_fail("stopped: %s", strerror(err));
	return 0;
}
