/*
 * session_cmd.c - the live session's commands, and the rules they arm.
 *
 * Every rule is kept by the server with its text, so that a role started
 * again gets the rules armed at that moment in a fresh plan.  Step mode
 * and slow motion are rules too, the server's own (id 0, never shown):
 * step mode holds every queue call (%ipcq:hold) and lets the oldest held
 * call go per step; slow motion delays every call (%ipcq:delay_enter).
 * Each command answers with one "msg" or "error" line.
 *
 * See also: labs/session_int.h, labs/session_server.c, docs/labs.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faults/fault.h"
#include "labs/session_int.h"

void session_cmd_field(char *dst, size_t size, const char *src)
{
	size_t n = 0;

	for (; *src != '\0' && n + 1 < size; src++)
		dst[n++] =
			(unsigned char)*src < ' ' || *src == 0x7f ? ' ' : *src;
	dst[n] = '\0';
}

static bool applies(const struct session_srule *r, const struct run_role *role)
{
	return r->role[0] == '\0' || strcmp(r->role, role->name) == 0;
}

int session_cmd_apply(struct session_server *s, struct session_srule *r,
		      size_t i, struct fault_error *err)
{
	struct run_role *role = &s->run.roles[i];
	int idx;

	if (role->sup != NULL)
		idx = fault_sup_add(role->sup, r->spec, err);
	else if (role->plan != NULL)
		idx = fault_plan_add(role->plan, r->spec, err);
	else
		return 0; /* not started yet: it gets the rule then */
	if (idx < 0)
		return -1;
	r->idx[i] = idx;
	return 0;
}

/* Arm or disarm r on every role it applies to. */
static void set_armed(struct session_server *s, struct session_srule *r,
		      bool armed)
{
	struct run_role *role;
	size_t i;

	r->armed = armed;
	for (i = 1; i < s->run.nroles; i++) {
		role = &s->run.roles[i];
		if (!applies(r, role))
			continue;
		if (r->idx[i] >= 0 && role->sup != NULL)
			fault_sup_arm(role->sup, r->idx[i], armed);
		else if (armed && r->idx[i] < 0)
			session_cmd_apply(s, r, i, NULL);
	}
}

static struct session_srule *new_rule(struct session_server *s, int id,
				      const char *role, const char *spec)
{
	struct session_srule *r;
	size_t i;

	if (s->nrules == SESSION_RULES_MAX)
		return NULL;
	r = &s->rules[s->nrules++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	snprintf(r->role, sizeof(r->role), "%s", role);
	session_cmd_field(r->spec, sizeof(r->spec), spec);
	for (i = 0; i <= SESSION_ROLES_MAX; i++)
		r->idx[i] = -1;
	return r;
}

/* The run role called name, or 0 (the setup step is never a target). */
static size_t find_role(struct session_server *s, const char *name)
{
	size_t i;

	for (i = 1; i < s->run.nroles; i++)
		if (strcmp(s->run.roles[i].name, name) == 0)
			return i;
	return 0;
}

static void signal_roles(struct session_server *s, int sig)
{
	size_t i;

	for (i = 1; i < s->run.nroles; i++)
		if (s->run.roles[i].running)
			kill(s->run.roles[i].pid, sig);
}

static void cmd_arm(struct session_server *s, const char *role,
		    const char *spec)
{
	struct fault_plan *check = fault_plan_new();
	struct session_srule *r;
	struct fault_error err;
	char text[1200], field[400];
	bool all = role[0] == '\0' || strcmp(role, "*") == 0;

	if (!all && find_role(s, role) == 0) {
		session_server_send(s, "error\tno role '%s'", role);
	} else if (check == NULL || fault_plan_add(check, spec, &err) < 0) {
		/* Two lines, the spec and a caret under the error, made one. */
		fault_error_format(&err, "arm", text, sizeof(text));
		session_cmd_field(field, sizeof(field), text);
		session_server_send(s, "error\t%s", field);
	} else if ((r = new_rule(s, s->next_id, all ? "" : role, spec)) ==
		   NULL) {
		session_server_send(s, "error\ttoo many rules (%d)",
				    SESSION_RULES_MAX);
	} else {
		s->next_id++;
		set_armed(s, r, true);
		session_server_send(s, "msg\tarmed rule %d on %s: %s", r->id,
				    all ? "every role" : role, r->spec);
	}
	if (check != NULL)
		fault_plan_free(check);
}

static void cmd_disarm(struct session_server *s, int id)
{
	int k;

	for (k = 0; k < s->nrules; k++)
		if (id > 0 && s->rules[k].id == id)
			break;
	if (k == s->nrules) {
		session_server_send(s, "error\tno rule %d", id);
		return;
	}
	set_armed(s, &s->rules[k], false);
	session_server_send(s, "msg\tdisarmed rule %d", id);
}

static void cmd_resume(struct session_server *s)
{
	size_t i;

	if (s->stepping) {
		set_armed(s, &s->rules[s->hold], false);
		for (i = 1; i < s->run.nroles; i++)
			if (s->run.roles[i].sup != NULL)
				fault_sup_release(s->run.roles[i].sup, 0);
		s->nheld = 0;
		s->credit = 0;
		s->stepping = false;
	}
	signal_roles(s, SIGCONT);
	s->paused = false;
	session_server_send(s, "msg\tresumed");
}

static void cmd_step(struct session_server *s)
{
	struct session_srule *r;

	if (!s->stepping) {
		if (s->hold < 0) {
			r = new_rule(s, 0, "", "%ipcq:hold");
			if (r == NULL) {
				session_server_send(s, "error\ttoo many rules");
				return;
			}
			s->hold = r - s->rules;
		}
		set_armed(s, &s->rules[s->hold], true);
		s->stepping = s->paused = true;
		signal_roles(s, SIGCONT);
	}
	s->credit++;
	session_cmd_steps(s);
	session_server_send(s, "msg\tstep: one queue call goes through");
}

static void cmd_slow(struct session_server *s, unsigned ms)
{
	struct session_srule *r;
	char spec[64];
	size_t i;

	if (s->slow >= 0)
		set_armed(s, &s->rules[s->slow], false);
	s->slow_ms = 0;
	if (ms > 0) {
		if (s->slow < 0 && (r = new_rule(s, 0, "", "")) != NULL)
			s->slow = r - s->rules;
		if (s->slow < 0) {
			session_server_send(s, "error\ttoo many rules");
			return;
		}
		r = &s->rules[s->slow];
		snprintf(spec, sizeof(spec), "%%ipcq:delay_enter=%ums", ms);
		snprintf(r->spec, sizeof(r->spec), "%s", spec);
		for (i = 0; i <= SESSION_ROLES_MAX; i++)
			r->idx[i] = -1;
		set_armed(s, r, true);
		s->slow_ms = ms;
	}
	session_server_send(s, "msg\tslow motion %s%u ms", ms ? "" : "off, ",
			    ms);
}

/* Kill run role i if it runs, and wait until it is reaped. */
static void stop_role(struct session_server *s, size_t i)
{
	struct run_role *role = &s->run.roles[i];
	struct timespec pause = {0, 2000000};
	int tries;

	if (role->running) {
		role->killed = true;
		kill(role->pid, SIGKILL);
	}
	for (tries = 0; role->running && tries < 2500; tries++) {
		run_io_reap(&s->run, false);
		if (role->running)
			nanosleep(&pause, NULL);
	}
}

static void cmd_restart(struct session_server *s, size_t i)
{
	struct run_role *role = &s->run.roles[i];
	size_t k;

	stop_role(s, i);
	run_io_read(&s->run, true);
	if (role->out_fd >= 0)
		close(role->out_fd);
	role->out_fd = -1;
	for (k = 0; k < s->nheld;)
		if (s->held[k].role == i)
			memmove(&s->held[k], &s->held[k + 1],
				(--s->nheld - k) * sizeof(s->held[0]));
		else
			k++;
	if (role->sup != NULL)
		fault_sup_free(role->sup);
	role->sup = NULL;
	if (role->plan != NULL)
		fault_plan_free(role->plan);
	role->plan = NULL;
	if (session_server_start_role(s, i) < 0)
		session_server_send(s, "error\tcannot restart %s: %s",
				    role->name, strerror(errno));
	else
		session_server_send(s, "msg\trestarted %s as pid %d",
				    role->name, (int)role->pid);
}

static void cmd_role(struct session_server *s, const char *verb,
		     const char *name)
{
	size_t i = find_role(s, name);

	if (i == 0) {
		session_server_send(s, "error\tno role '%s'", name);
	} else if (!s->started) {
		session_server_send(s, "error\tthe roles have not started");
	} else if (strcmp(verb, "restart") == 0) {
		cmd_restart(s, i);
	} else if (!s->run.roles[i].running) {
		session_server_send(s, "error\t%s is not running", name);
	} else {
		s->run.roles[i].killed = true;
		kill(s->run.roles[i].pid, SIGKILL);
		session_server_send(s, "msg\tkilled %s (pid %d)", name,
				    (int)s->run.roles[i].pid);
	}
}

void session_cmd_run(struct session_server *s, char *line)
{
	char *arg[3] = {line, (char *)"", (char *)""}, *tab;
	int n;

	for (n = 1; n < 3 && (tab = strchr(arg[n - 1], '\t')) != NULL; n++) {
		*tab = '\0';
		arg[n] = tab + 1;
	}
	if (strcmp(arg[0], "arm") == 0)
		cmd_arm(s, arg[1], arg[2]);
	else if (strcmp(arg[0], "disarm") == 0)
		cmd_disarm(s, atoi(arg[1]));
	else if (strcmp(arg[0], "pause") == 0 && s->stepping)
		/* Stopping a call held in the supervisor would cut its
		 * notification short: step mode is pause enough. */
		session_server_send(s, "msg\tpaused (step mode)");
	else if (strcmp(arg[0], "pause") == 0) {
		signal_roles(s, SIGSTOP);
		s->paused = true;
		session_server_send(s, "msg\tpaused");
	} else if (strcmp(arg[0], "resume") == 0)
		cmd_resume(s);
	else if (strcmp(arg[0], "step") == 0)
		cmd_step(s);
	else if (strcmp(arg[0], "slow") == 0)
		cmd_slow(s, (unsigned)strtoul(arg[1], NULL, 10));
	else if (strcmp(arg[0], "kill") == 0 || strcmp(arg[0], "restart") == 0)
		cmd_role(s, arg[0], arg[1]);
	else if (strcmp(arg[0], "quit") == 0)
		s->quit = true;
	else
		session_server_send(s, "error\tunknown command '%s'", arg[0]);
}

void session_cmd_steps(struct session_server *s)
{
	struct session_held h;
	struct run_role *role;

	while (s->stepping && s->credit > 0 && s->nheld > 0) {
		h = s->held[0];
		memmove(&s->held[0], &s->held[1],
			--s->nheld * sizeof(s->held[0]));
		role = &s->run.roles[h.role];
		if (role->sup != NULL && role->running &&
		    fault_sup_release(role->sup, h.seq) == 1)
			s->credit--;
	}
}

void session_cmd_rules(struct session_server *s)
{
	struct fault_counters c;
	struct session_srule *r;
	uint64_t fired;
	size_t i;
	int k;

	for (k = 0; k < s->nrules; k++) {
		r = &s->rules[k];
		if (r->id == 0)
			continue;
		for (i = 1, fired = 0; i < s->run.nroles; i++)
			if (r->idx[i] >= 0 && s->run.roles[i].sup != NULL &&
			    fault_sup_counters(s->run.roles[i].sup, r->idx[i],
					       &c) == 0)
				fired += c.fired;
		if (r->sent && fired == r->sent_fired &&
		    r->armed == r->sent_armed)
			continue;
		r->sent = true;
		r->sent_fired = fired;
		r->sent_armed = r->armed;
		session_server_send(s, "rule\t%d\t%s\t%d\t%llu\t%s", r->id,
				    r->role, r->armed,
				    (unsigned long long)fired, r->spec);
	}
}
