/*
 * timeline.c - one line per thing that happened during a lab run.
 *
 * Each function writes exactly one line and flushes it, so the timeline
 * can be watched live through a pipe and a reader killed halfway never
 * sees half a line.  The JSON form is built with labs/json.c for every
 * string that comes from a role, so no output of student code can break
 * it; the fault engine's own event JSON is embedded as it is.
 *
 * See also: labs/timeline.h
 * SPDX-License-Identifier: MIT
 */
#include "labs/timeline.h"

#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "faults/fault.h"
#include "labs/json.h"

uint64_t timeline_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static double timeline_t(const struct timeline *t)
{
	return (double)(timeline_now() - t->start_us) / 1e6;
}

/* The start of a line: the clock, and who, when there is someone. */
static void timeline_head(struct timeline *t, const char *type,
			  const char *role, pid_t pid)
{
	if (t->json) {
		fprintf(t->out, "{\"t\":%.6f,\"type\":\"%s\"", timeline_t(t),
			type);
		if (role != NULL) {
			fputs(",\"role\":", t->out);
			json_string(t->out, role);
			fprintf(t->out, ",\"pid\":%d", (int)pid);
		}
	} else {
		fprintf(t->out, "%8.3f ", timeline_t(t));
		if (role != NULL)
			fprintf(t->out, "%s[%d] ", role, (int)pid);
	}
}

static void timeline_end(struct timeline *t)
{
	fputs(t->json ? "}\n" : "\n", t->out);
	fflush(t->out);
}

void timeline_role(struct timeline *t, const char *role, pid_t pid,
		   pid_t host_pid)
{
	timeline_head(t, "role", role, pid);
	if (t->json)
		fprintf(t->out, ",\"host_pid\":%d", (int)host_pid);
	else if (host_pid > 0)
		fprintf(t->out, "started (pid %d on the host)", (int)host_pid);
	else
		fputs("started", t->out);
	timeline_end(t);
}

void timeline_call(struct timeline *t, const char *role,
		   const struct fault_event *ev)
{
	char buf[1024];
	char *text, *p;
	int n;

	timeline_head(t, "call", role, ev->pid);
	if (t->json) {
		n = fault_event_json(ev, buf, sizeof(buf));
		if (n > 0 && (size_t)n < sizeof(buf) && buf[n - 1] == '\n')
			buf[n - 1] = '\0';
		fprintf(t->out, ",\"event\":%s",
			n > 0 && (size_t)n < sizeof(buf) ? buf : "null");
		timeline_end(t);
		return;
	}
	fault_event_text(ev, buf, sizeof(buf));
	buf[strcspn(buf, "\n")] = '\0';
	/* Drop the engine's "[pid N] ": the line already says who; and its
	 * " = ?" for a call it let run, whose result only the role knows. */
	text = buf;
	p = strncmp(text, "[pid ", 5) == 0 ? strstr(text, "] ") : NULL;
	if (p != NULL)
		text = p + 2;
	p = strstr(text, " = ?");
	if (p != NULL)
		memmove(p, p + 4, strlen(p + 4) + 1);
	fputs(text, t->out);
	if (ev->verdict != FAULT_ALLOW || ev->signal || ev->delay_us ||
	    ev->held)
		fputs("  <-- injected", t->out);
	timeline_end(t);
}

void timeline_report(struct timeline *t, const char *role, pid_t pid,
		     const char *kind, const char *rest)
{
	char call[64], err[32];
	long n;

	timeline_head(t, "report", role, pid);
	if (!t->json) {
		fprintf(t->out, "%s%s%s",
			strcmp(kind, "note") ? kind : "note:", " ", rest);
	} else if (sscanf(rest, "%ld", &n) == 1 && strcmp(kind, "note") &&
		   strcmp(kind, "error")) {
		fprintf(t->out, ",\"kind\":\"%s\",\"n\":%ld", kind, n);
	} else if (strcmp(kind, "error") == 0 &&
		   sscanf(rest, "%63s %31s", call, err) == 2) {
		fputs(",\"kind\":\"error\",\"call\":", t->out);
		json_string(t->out, call);
		fputs(",\"errno\":", t->out);
		json_string(t->out, err);
	} else {
		fputs(",\"kind\":", t->out);
		json_string(t->out, kind);
		fputs(",\"text\":", t->out);
		json_string(t->out, rest);
	}
	timeline_end(t);
}

void timeline_output(struct timeline *t, const char *role, pid_t pid,
		     const char *text)
{
	timeline_head(t, "output", role, pid);
	if (t->json) {
		fputs(",\"text\":", t->out);
		json_string(t->out, text);
	} else {
		fprintf(t->out, "| %s", text);
	}
	timeline_end(t);
}

void timeline_blocked(struct timeline *t, const char *role, pid_t pid,
		      const char *call)
{
	timeline_head(t, "blocked", role, pid);
	if (t->json)
		fprintf(t->out, ",\"call\":\"%s\"", call);
	else
		fprintf(t->out, "BLOCKED in %s", call);
	timeline_end(t);
}

void timeline_unblocked(struct timeline *t, const char *role, pid_t pid,
			const char *call, uint64_t us)
{
	timeline_head(t, "unblocked", role, pid);
	if (t->json)
		fprintf(t->out, ",\"call\":\"%s\",\"seconds\":%.3f", call,
			us / 1e6);
	else
		fprintf(t->out, "woke in %s after %.3f s", call, us / 1e6);
	timeline_end(t);
}

int timeline_status_words(int status, char *buf, size_t size)
{
	const char *name;

	if (WIFEXITED(status))
		return snprintf(buf, size, "exited with status %d",
				WEXITSTATUS(status));
	if (WIFSIGNALED(status)) {
		name = sigabbrev_np(WTERMSIG(status));
		return snprintf(buf, size, "killed by SIG%s%s",
				name != NULL ? name : "?",
				WCOREDUMP(status) ? " (core dumped)" : "");
	}
	return snprintf(buf, size, "status 0x%x", (unsigned)status);
}

void timeline_exit(struct timeline *t, const char *role, pid_t pid, int status)
{
	char words[64];

	timeline_status_words(status, words, sizeof(words));
	timeline_head(t, "exit", role, pid);
	if (!t->json) {
		fputs(words, t->out);
	} else {
		fprintf(t->out, ",\"status\":\"%s\"", words);
		if (WIFEXITED(status))
			fprintf(t->out, ",\"code\":%d", WEXITSTATUS(status));
		if (WIFSIGNALED(status))
			fprintf(t->out, ",\"signal\":%d", WTERMSIG(status));
	}
	timeline_end(t);
}

void timeline_say(struct timeline *t, const char *kind, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	timeline_head(t, kind, NULL, 0);
	if (t->json) {
		fputs(",\"text\":", t->out);
		json_string(t->out, text);
	} else {
		fprintf(t->out, "mqlab: %s", text);
	}
	timeline_end(t);
}
