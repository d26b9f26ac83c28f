/*
 * run_sum.c - the summary at the end of a lab run.
 *
 * Written once every role has ended, so every number is final: messages
 * as the roles reported them, errors by errno name, the faults each
 * supervisor injected, and per role how it ended and how long it spent
 * blocked in queue calls (sampled, see labs/watch.h).
 *
 * See also: labs/run_int.h, labs/timeline.h
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "faults/fault.h"
#include "labs/json.h"
#include "labs/run_int.h"

static const char *const run_sum_ends[] = {
	[RUN_DONE] = "done",
	[RUN_TIMED] = "time",
	[RUN_INTERRUPTED] = "interrupted",
};

static void run_sum_faults(const struct run_role *role, char *buf, size_t size)
{
	buf[0] = '\0';
	if (role->sup != NULL && fault_plan_size(role->plan) > 0)
		fault_sup_summary(role->sup, buf, size);
	buf[strcspn(buf, "\n")] = '\0';
}

static void run_sum_role_text(FILE *f, const struct run_role *role)
{
	const struct watch *w = &role->watch;
	char words[64], faults[256];

	timeline_status_words(role->status, words, sizeof(words));
	if (role->killed)
		fprintf(f,
			"  %s[%d] still running at the end (mqlab killed it)",
			role->name, (int)role->pid);
	else
		fprintf(f, "  %s[%d] %s", role->name, (int)role->pid, words);
	if (w->blocks == 0)
		fputs("; never seen blocked", f);
	else
		fprintf(f, "; blocked %.2f s in %u wait%s (longest %.2f s)",
			w->total_us / 1e6, w->blocks, w->blocks == 1 ? "" : "s",
			w->longest_us / 1e6);
	if (role->stuck_in != NULL)
		fprintf(f, ", still BLOCKED in %s at the end", role->stuck_in);
	fputc('\n', f);
	run_sum_faults(role, faults, sizeof(faults));
	if (faults[0] != '\0')
		fprintf(f, "      faults: %s\n", faults);
}

static void run_sum_text(struct run *r, enum run_end end)
{
	static const char *const why[] = {
		[RUN_DONE] = "every role exited",
		[RUN_TIMED] = "stopped at the time limit",
		[RUN_INTERRUPTED] = "interrupted",
	};
	FILE *f = r->tl.out;
	size_t i;

	fprintf(f, "\nsummary after %.2f s (%s):\n",
		(timeline_now() - r->tl.start_us) / 1e6, why[end]);
	fprintf(f, "  messages: %ld sent, %ld received, %ld lost\n", r->sent,
		r->received, r->lost);
	fputs("  errors:   ", f);
	if (r->nerrors == 0)
		fputs("none reported", f);
	for (i = 0; i < r->nerrors; i++)
		fprintf(f, "%s%s x%ld", i ? ", " : "", r->errors[i].name,
			r->errors[i].n);
	fputc('\n', f);
	for (i = 1; i < r->nroles; i++)
		run_sum_role_text(f, &r->roles[i]);
}

static void run_sum_role_json(FILE *f, const struct run_role *role)
{
	const struct watch *w = &role->watch;
	char words[64], faults[256];

	timeline_status_words(role->status, words, sizeof(words));
	run_sum_faults(role, faults, sizeof(faults));
	fputs("{\"role\":", f);
	json_string(f, role->name);
	fprintf(f, ",\"pid\":%d,\"status\":\"%s\"", (int)role->pid, words);
	if (WIFEXITED(role->status))
		fprintf(f, ",\"code\":%d", WEXITSTATUS(role->status));
	if (WIFSIGNALED(role->status))
		fprintf(f, ",\"signal\":%d", WTERMSIG(role->status));
	fprintf(f,
		",\"killed_at_end\":%s,\"sent\":%ld,\"received\":%ld,"
		"\"lost\":%ld,\"errors\":%ld,\"blocks\":%u,"
		"\"blocked_seconds\":%.3f,\"longest_block_seconds\":%.3f,"
		"\"blocked_at_end\":",
		role->killed ? "true" : "false", role->sent, role->received,
		role->lost, role->errors, w->blocks, w->total_us / 1e6,
		w->longest_us / 1e6);
	if (role->stuck_in != NULL)
		json_string(f, role->stuck_in);
	else
		fputs("null", f);
	fputs(",\"faults\":", f);
	json_string(f, faults);
	fputc('}', f);
}

static void run_sum_json(struct run *r, enum run_end end)
{
	FILE *f = r->tl.out;
	size_t i;

	fprintf(f,
		"{\"t\":%.6f,\"type\":\"summary\",\"end\":\"%s\","
		"\"sent\":%ld,\"received\":%ld,\"lost\":%ld,\"errors\":{",
		(timeline_now() - r->tl.start_us) / 1e6, run_sum_ends[end],
		r->sent, r->received, r->lost);
	for (i = 0; i < r->nerrors; i++) {
		fprintf(f, "%s", i ? "," : "");
		json_string(f, r->errors[i].name);
		fprintf(f, ":%ld", r->errors[i].n);
	}
	fputs("},\"roles\":[", f);
	for (i = 1; i < r->nroles; i++) {
		if (i > 1)
			fputc(',', f);
		run_sum_role_json(f, &r->roles[i]);
	}
	fputs("]}\n", f);
}

void run_sum_write(struct run *r, enum run_end end)
{
	if (r->tl.json)
		run_sum_json(r, end);
	else
		run_sum_text(r, end);
	fflush(r->tl.out);
}
