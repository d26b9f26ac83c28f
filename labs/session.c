/*
 * session.c - the client of a live lab session: start it, read what it
 * says, send it commands, stop it.
 *
 * session_start() forks a helper that enters the sandbox (labs/sandbox.h)
 * and waits for its init, in which the server runs (labs/session_server.c).
 * The helper exists so that the caller itself never changes namespaces:
 * unshare(CLONE_NEWPID) is once per process, and a front end starts many
 * sessions.  The init dies with the helper and the helper with the
 * caller (PR_SET_PDEATHSIG), so even a SIGKILL of the front end leaves
 * nothing running.  Lines are parsed as they come (the protocol is in
 * docs/labs.md, "Live sessions") into a struct session_state that the
 * front end reads; nothing here blocks except session_stop().
 *
 * See also: labs/session.h, labs/session_server.c, labs/sandbox.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/session.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labs/catalog.h"
#include "labs/run.h"
#include "labs/sandbox.h"
#include "labs/session_int.h"

#define STOP_WAIT_MS 5000

struct session {
	struct session_state st;
	int fd;
	pid_t helper;
	int ipc_ns;
	char in[8192];
	size_t nin;
};

/* In the helper: enter the sandbox; the init serves, the helper waits. */
static void __attribute__((noreturn))
session_helper(int sock, int pidpipe, pid_t parent, const struct lab *lab,
	       bool solution, const char *program, char *const *roles)
{
	static const int sigs[] = {SIGINT,  SIGTERM, SIGHUP,  SIGWINCH,
				   SIGCHLD, SIGPIPE, SIGTSTP, SIGALRM};
	struct sandbox sb;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		signal(sigs[i], SIG_DFL); /* not the front end's handlers */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	ret = sandbox_enter(&sb);
	if (ret == 1) {
		close(pidpipe);
		_exit(session_server_main(sock, lab, solution, program, roles,
					  &sb));
	}
	close(sock);
	if (ret < 0 || write(pidpipe, &sb.init, sizeof(sb.init)) < 0)
		_exit(1);
	close(pidpipe);
	sandbox_wait(&sb);
	_exit(0);
}

static int session_fork(struct session *s, const char *program, char **roles)
{
	int sv[2], pp[2];
	pid_t init = -1, parent = getpid();
	ssize_t n;
	char path[64];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	if (pipe2(pp, O_CLOEXEC) < 0)
		goto out_sock;
	fflush(NULL);
	s->helper = fork();
	if (s->helper < 0)
		goto out_pipe;
	if (s->helper == 0) {
		close(sv[0]);
		close(pp[0]);
		session_helper(sv[1], pp[1], parent, s->st.lab, s->st.solution,
			       program, roles);
	}
	close(sv[1]);
	close(pp[1]);
	do
		n = read(pp[0], &init, sizeof(init));
	while (n < 0 && errno == EINTR);
	close(pp[0]);
	s->fd = sv[0];
	if (n != sizeof(init)) {
		errno = ECHILD;
		return -1;
	}
	s->st.init = init;
	fcntl(s->fd, F_SETFL, O_NONBLOCK);
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)init);
	s->ipc_ns = open(path, O_RDONLY | O_CLOEXEC);
	return 0;
out_pipe:
	close(pp[0]);
	close(pp[1]);
out_sock:
	close(sv[0]);
	close(sv[1]);
	return -1;
}

struct session *session_start(const struct lab *lab, bool solution, char *err,
			      size_t errsize)
{
	char program[PATH_MAX], **roles;
	struct session *s;
	int i;

	if (catalog_program(lab, solution ? "solution" : "student", program,
			    sizeof(program)) < 0 ||
	    access(program, X_OK) < 0) {
		snprintf(err, errsize,
			 "lab %02d is not built (no %s); run make", lab->number,
			 program);
		return NULL;
	}
	roles = run_ask(program, "--roles");
	if (roles == NULL || roles[0] == NULL) {
		snprintf(err, errsize, "%s --roles named no role", program);
		run_free_lines(roles);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		snprintf(err, errsize, "out of memory");
		run_free_lines(roles);
		return NULL;
	}
	s->fd = s->ipc_ns = -1;
	s->st.lab = lab;
	s->st.solution = solution;
	s->st.running = true;
	for (i = 0; roles[i] != NULL && i < SESSION_ROLES_MAX; i++)
		snprintf(s->st.roles[i].name, sizeof(s->st.roles[i].name), "%s",
			 roles[i]);
	s->st.nroles = i;
	/* More roles than we can show: cut the list, freeing its tail, so
	 * that run_free_lines() (which stops at the NULL) frees the rest. */
	for (; roles[i] != NULL; i++) {
		free(roles[i]);
		roles[i] = NULL;
	}
	if (session_fork(s, program, roles) < 0) {
		snprintf(err, errsize, "cannot start the lab's sandbox: %s",
			 strerror(errno));
		run_free_lines(roles);
		session_stop(s);
		return NULL;
	}
	run_free_lines(roles);
	return s;
}

int session_fd(const struct session *s)
{
	return s->fd;
}

const struct session_state *session_state(const struct session *s)
{
	return &s->st;
}

int session_ipc_ns(const struct session *s)
{
	return s->ipc_ns;
}

int session_read(struct session *s)
{
	char *nl, *line;
	ssize_t n;

	for (;;) {
		if (s->fd < 0) {
			errno = EPIPE;
			return -1;
		}
		n = read(s->fd, s->in + s->nin, sizeof(s->in) - 1 - s->nin);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0) {
			s->st.running = false;
			close(s->fd);
			s->fd = -1;
			errno = EPIPE;
			return -1;
		}
		s->nin += n;
		s->in[s->nin] = '\0';
		line = s->in;
		while ((nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			session_parse_line(&s->st, line);
			line = nl + 1;
		}
		s->nin -= line - s->in;
		memmove(s->in, line, s->nin + 1);
		if (s->nin == sizeof(s->in) - 1)
			s->nin = 0; /* no line is that long */
	}
}

static int session_send(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int session_send(struct session *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	if (s->fd < 0) {
		errno = EPIPE;
		return -1;
	}
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line)) {
		errno = EINVAL;
		return -1;
	}
	return send(s->fd, line, n, MSG_NOSIGNAL) == n ? 0 : -1;
}

/* A field may not hold a tab or a newline: they would cut the line. */
static bool session_clean(const char *text)
{
	return strpbrk(text, "\t\n\r") == NULL;
}

int session_arm(struct session *s, const char *role, const char *spec)
{
	if (!session_clean(role) || !session_clean(spec)) {
		errno = EINVAL;
		return -1;
	}
	return session_send(s, "arm\t%s\t%s\n", role, spec);
}

int session_disarm(struct session *s, int rule_id)
{
	return session_send(s, "disarm\t%d\n", rule_id);
}

int session_pause(struct session *s, bool paused)
{
	return session_send(s, "%s\n", paused ? "pause" : "resume");
}

int session_step(struct session *s)
{
	return session_send(s, "step\n");
}

int session_slow(struct session *s, unsigned ms)
{
	return session_send(s, "slow\t%u\n", ms);
}

int session_kill_role(struct session *s, const char *role)
{
	if (!session_clean(role)) {
		errno = EINVAL;
		return -1;
	}
	return session_send(s, "kill\t%s\n", role);
}

int session_restart_role(struct session *s, const char *role)
{
	if (!session_clean(role)) {
		errno = EINVAL;
		return -1;
	}
	return session_send(s, "restart\t%s\n", role);
}

static void session_reap(struct session *s)
{
	struct timespec nap = {0, 10000000};
	int i;

	if (s->helper <= 0)
		return;
	for (i = 0; i < STOP_WAIT_MS / 10; i++) {
		if (waitpid(s->helper, NULL, WNOHANG) != 0)
			break;
		nanosleep(&nap, NULL);
	}
	if (i == STOP_WAIT_MS / 10) {
		/* The init dies with it (PR_SET_PDEATHSIG). */
		kill(s->helper, SIGKILL);
		waitpid(s->helper, NULL, 0);
	}
	s->helper = 0;
}

void session_stop(struct session *s)
{
	struct pollfd pfd;
	int waited = 0;

	if (s == NULL)
		return;
	if (s->fd >= 0 && session_send(s, "quit\n") == 0) {
		/* Read until the server hangs up: it has killed the run. */
		pfd = (struct pollfd){s->fd, POLLIN, 0};
		while (waited < STOP_WAIT_MS && poll(&pfd, 1, 100) >= 0) {
			waited += 100;
			if ((pfd.revents & (POLLIN | POLLHUP)) &&
			    session_read(s) < 0 && errno != EAGAIN)
				break;
		}
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	session_reap(s);
	if (s->ipc_ns >= 0)
		close(s->ipc_ns);
	free(s);
}
