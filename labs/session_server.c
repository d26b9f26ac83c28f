/*
 * session_server.c - the live session's server: a lab run, watched and
 * steered over a socket.
 *
 * It runs in the sandbox's init and starts the lab as `mqlab run` does
 * (labs/run_child.c: the setup step, then one supervisor per role that
 * sees every queue call), but instead of a timeline on a file it sends
 * lines to its client: every queue call as the supervisor saw it, every
 * report and output line, each role's state, the rules and how often
 * they fired.  One poll() serves the client's socket, every supervisor,
 * the report pipe, the roles' output, and a SAMPLE_MS timer that looks in
 * /proc for roles asleep in a queue call.  Lines are queued and written
 * once per turn of the loop, blocking: a client that stops reading slows
 * the run down rather than losing lines.  It never prints: the terminal
 * belongs to the client.
 *
 * See also: labs/session_int.h, labs/session_cmd.c, labs/session.c,
 *           docs/labs.md ("Live sessions")
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/fault.h"
#include "labs/session_int.h"

#define SAMPLE_MS     100
#define SETUP_SECONDS 10
#define OUT_FLUSH     32768

static void flush_out(struct session_server *s)
{
	size_t done = 0;
	ssize_t n;

	while (done < s->nout && !s->quit) {
		n = write(s->sock, s->out + done, s->nout - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s->quit = true; /* the client is gone */
			break;
		}
		done += n;
	}
	s->nout = 0;
}

void session_server_send(struct session_server *s, const char *fmt, ...)
{
	char line[1024], *grown;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (s->nout + n > s->outcap) {
		grown = realloc(s->out, s->outcap * 2 + n);
		if (grown == NULL)
			return;
		s->out = grown;
		s->outcap = s->outcap * 2 + n;
	}
	memcpy(s->out + s->nout, line, n);
	s->nout += n;
	if (s->nout > OUT_FLUSH)
		flush_out(s);
}

static bool proc_stopped(struct run_role *r)
{
	char stat[512], *paren;
	ssize_t n;

	if (!r->watching)
		return false;
	n = pread(r->watch.stat_fd, stat, sizeof(stat) - 1, 0);
	stat[n > 0 ? n : 0] = '\0';
	paren = strrchr(stat, ')');
	return paren != NULL && (paren[2] == 'T' || paren[2] == 't');
}

static bool has_held(const struct session_server *s, size_t i)
{
	size_t k;

	for (k = 0; k < s->nheld; k++)
		if (s->held[k].role == i)
			return true;
	return false;
}

static void send_role(struct session_server *s, size_t i, uint64_t now)
{
	static const char *const words[] = {"starting", "running", "blocked",
					    "stopped",	"held",	   "exited"};
	struct run_role *r = &s->run.roles[i];
	enum session_role_state st = SESSION_RUNNING;
	const char *call = "", *queue = "";
	uint64_t blocked = 0;
	char line[256];

	if (r->pid == 0)
		st = SESSION_STARTING;
	else if (!r->running)
		st = SESSION_EXITED;
	else if (proc_stopped(r))
		st = SESSION_STOPPED;
	else if (has_held(s, i)) {
		st = SESSION_HELD;
		call = s->call[i];
		queue = s->queue[i];
	} else if (r->watching && r->watch.blocked) {
		st = SESSION_BLOCKED;
		call = r->watch.call;
		queue = strcmp(s->call[i], call) == 0 ? s->queue[i] : "";
		blocked = now - r->watch.since_us;
	}
	snprintf(line, sizeof(line),
		 "role\t%s\t%d\t%s\t%s\t%s\t%llu\t%d\t%ld\t%ld\t%ld\t%ld",
		 r->name, (int)r->pid, words[st], call, queue,
		 (unsigned long long)blocked, r->status, r->sent, r->received,
		 r->lost, r->errors);
	if (strcmp(line, s->sent_role[i]) == 0)
		return;
	snprintf(s->sent_role[i], sizeof(s->sent_role[i]), "%s", line);
	session_server_send(s, "%s", line);
}

static bool any_running(const struct session_server *s)
{
	size_t i;

	for (i = 1; i < s->run.nroles; i++)
		if (s->run.roles[i].running)
			return true;
	return false;
}

void session_server_state(struct session_server *s)
{
	uint64_t now = timeline_now();
	size_t i;

	for (i = 1; i < s->run.nroles; i++)
		send_role(s, i, now);
	session_cmd_rules(s);
	session_server_send(s, "state\t%d\t%d\t%d\t%u\t%llu",
			    !s->failed && (!s->started || any_running(s)),
			    s->paused, s->stepping, s->slow_ms,
			    (unsigned long long)session_event_usec(s));
}

static void tick(struct session_server *s)
{
	uint64_t now = timeline_now();
	size_t i;

	for (i = 1; i < s->run.nroles; i++)
		if (s->run.roles[i].running && s->run.roles[i].watching)
			watch_sample(&s->run.roles[i].watch, now);
	session_server_state(s);
}

int session_server_start_role(struct session_server *s, size_t i)
{
	struct run_role *role = &s->run.roles[i];
	char *argv[] = {(char *)s->opts.program, (char *)"--role",
			(char *)role->name, NULL};
	int k;

	role->plan = fault_plan_new();
	if (role->plan == NULL)
		return -1;
	role->sup = NULL;
	for (k = 0; k < s->nrules; k++) {
		s->rules[k].idx[i] = -1;
		if (s->rules[k].armed &&
		    (s->rules[k].role[0] == '\0' ||
		     strcmp(s->rules[k].role, role->name) == 0))
			session_cmd_apply(s, &s->rules[k], i, NULL);
	}
	role->killed = false;
	role->stuck_in = NULL;
	role->status = 0;
	role->sent = role->received = role->lost = role->errors = 0;
	s->call[i][0] = s->queue[i][0] = '\0';
	if (run_child_start(&s->run, role, argv) < 0)
		return -1;
	fault_sup_set_capture(role->sup, FAULT_PAYLOAD_MAX);
	if (s->paused && !s->stepping)
		kill(role->pid, SIGSTOP);
	return 0;
}

/* The setup step ended: start the roles, or say why not. */
static void after_setup(struct session_server *s)
{
	struct run_role *setup = &s->run.roles[0];
	char words[64];
	size_t i;

	if (!WIFEXITED(setup->status) || WEXITSTATUS(setup->status) != 0) {
		timeline_status_words(setup->status, words, sizeof(words));
		session_server_send(s, "error\tthe lab's setup %s%s", words,
				    setup->killed ? " (it took too long)" : "");
		s->failed = true;
		return;
	}
	s->started = true;
	for (i = 1; i < s->run.nroles; i++)
		if (session_server_start_role(s, i) < 0) {
			session_server_send(
				s, "error\tcannot start role %s: %s",
				s->run.roles[i].name, strerror(errno));
			s->failed = true;
			return;
		}
	session_server_send(s, "msg\tstarted %zu role%s", s->run.nroles - 1,
			    s->run.nroles == 2 ? "" : "s");
}

static void read_commands(struct session_server *s)
{
	ssize_t n = read(s->sock, s->in + s->nin, sizeof(s->in) - 1 - s->nin);
	char *nl;

	if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
		s->quit = true;
		return;
	}
	if (n < 0)
		return;
	s->nin += n;
	s->in[s->nin] = '\0';
	while (!s->quit && (nl = strchr(s->in, '\n')) != NULL) {
		*nl = '\0';
		session_cmd_run(s, s->in);
		session_server_state(s);
		s->nin -= nl + 1 - s->in;
		memmove(s->in, nl + 1, s->nin + 1);
	}
	if (s->nin == sizeof(s->in) - 1)
		s->nin = 0; /* no command is that long */
}

static void serve(struct session_server *s)
{
	struct run *r = &s->run;
	struct pollfd pfd[2 + 2 * (SESSION_ROLES_MAX + 1)];
	uint64_t now, next = timeline_now(), setup_end;
	size_t n;

	setup_end = next + SETUP_SECONDS * 1000000ULL;
	while (!s->quit) {
		n = 0;
		pfd[n++] = (struct pollfd){s->sock, POLLIN, 0};
		n += run_io_pollfds(r, pfd + n);
		now = timeline_now();
		poll(pfd, n, next > now ? (int)((next - now) / 1000) : 0);
		if (pfd[0].revents)
			read_commands(s);
		run_io_dispatch(r, pfd + 1);
		run_io_read(r, false);
		run_io_reap(r, false);
		if (!s->started && !s->failed && r->roles[0].running &&
		    timeline_now() > setup_end) {
			r->roles[0].killed = true;
			kill(r->roles[0].pid, SIGKILL);
		}
		if (!s->started && !s->failed && !r->roles[0].running)
			after_setup(s);
		session_cmd_steps(s);
		if (timeline_now() >= next) {
			tick(s);
			next = timeline_now() + SAMPLE_MS * 1000;
		}
		flush_out(s);
	}
}

int session_server_main(int sock, const struct lab *lab, bool solution,
			const char *program, char *const *roles,
			const struct sandbox *sb)
{
	static struct session_server srv;
	struct session_server *s = &srv;
	char *setup_argv[] = {(char *)program, (char *)"--setup", NULL};
	char left[256];
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	s->sock = sock;
	s->hold = s->slow = -1;
	s->next_id = 1;
	s->outcap = 65536;
	s->out = malloc(s->outcap);
	s->opts = (struct run_opts){.lab = lab,
				    .program = program,
				    .solution = solution,
				    .roles = roles,
				    .sandbox = sb,
				    .out = fopen("/dev/null", "we")};
	s->run = (struct run){.o = &s->opts,
			      .tl = {s->opts.out, false, timeline_now()},
			      .report_fd = -1,
			      .report_wfd = -1,
			      .hooks = &s->hooks};
	session_event_hooks(s);
	if (s->out == NULL || s->opts.out == NULL)
		return 1;
	tidy_init(&s->run.tidy, sb->mode == SANDBOX_FALLBACK, sb->run_id);
	session_server_send(s, "hello\t%s\t%s",
			    sb->mode == SANDBOX_NAMESPACES ? "namespaces"
							   : "fallback",
			    sb->reason);
	if (run_child_prepare(&s->run, &s->opts) < 0 ||
	    run_child_start(&s->run, &s->run.roles[0], setup_argv) < 0) {
		session_server_send(s, "error\tcannot start %s --setup: %s",
				    program, strerror(errno));
		s->failed = true;
	}
	serve(s);
	for (i = 0; i < s->run.nroles; i++)
		if (s->run.roles[i].running) {
			s->run.roles[i].killed = true;
			kill(s->run.roles[i].pid, SIGKILL);
		}
	run_io_reap(&s->run, true);
	if (s->run.tidy.enabled)
		tidy_sweep(&s->run.tidy, left, sizeof(left));
	s->quit = false; /* one last line, if the client still listens */
	session_server_send(s, "end\tthe run is over");
	flush_out(s);
	return 0;
}
