/*
 * plan.c - a fault plan: rules in order, their notes, and the seed.
 *
 * A plan is what the user asked for, parsed: an ordered list of rules
 * (each allocated on its own so the engine may keep pointers while rules
 * are appended), the notes and warnings the parser produced, and the seed
 * that prob= rules draw from.  Adding is all or nothing: a spec or a
 * rules file that fails leaves the plan exactly as it was, notes
 * included, because a half-loaded rules file would inject faults nobody
 * asked for: faults/rulesfile.c adds a file as one batch (faults/plan.h).
 * The two-line error format (the spec, then a caret under the bad token)
 * is here too.
 *
 * See also: faults/fault.h, faults/plan.h, faults/spec.c, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "faults/fault.h"
#include "faults/plan.h"
#include "faults/spec.h"
#include "faults/when.h"

struct fault_plan {
	struct rule **rules;
	size_t nrules, cap;
	char **notes;
	size_t nnotes, notecap;
	uint64_t seed;
};

static uint64_t random_seed(void)
{
	uint64_t seed;
	struct timespec ts;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) == sizeof(seed))
		return seed;
	/* No entropy yet (early boot): time and pid still differ per run. */
	clock_gettime(CLOCK_REALTIME, &ts);
	return when_mix((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
			(uint64_t)getpid());
}

struct fault_plan *fault_plan_new(void)
{
	struct fault_plan *plan = calloc(1, sizeof(*plan));

	if (!plan)
		return NULL;
	plan->seed = random_seed();
	return plan;
}

/* Free n rules and m notes, and their arrays: a plan's or a batch's. */
static void free_rules_and_notes(struct rule **rules, size_t n, char **notes,
				 size_t m)
{
	for (size_t i = 0; i < n; i++) {
		spec_clear(rules[i]);
		free(rules[i]);
	}
	for (size_t i = 0; i < m; i++)
		free(notes[i]);
	free(rules);
	free(notes);
}

void fault_plan_free(struct fault_plan *plan)
{
	if (!plan)
		return;
	free_rules_and_notes(plan->rules, plan->nrules, plan->notes,
			     plan->nnotes);
	free(plan);
}

void plan_batch_init(struct plan_batch *b)
{
	memset(b, 0, sizeof(*b));
}

void plan_batch_free(struct plan_batch *b)
{
	free_rules_and_notes(b->rules, b->nrules, b->notes, b->nnotes);
	plan_batch_init(b);
}

/* A note from a rules file says where it comes from, after its tag:
 * "note: rules.txt:3: mq_send is mq_timedsend to the kernel". */
static int batch_note(void *arg, const char *line)
{
	struct plan_batch *b = arg;
	size_t tag = 0, need = strlen(b->prefix) + strlen(line) + 1;
	char **nv, *copy;

	if (strncmp(line, "note: ", 6) == 0)
		tag = 6;
	else if (strncmp(line, "warning: ", 9) == 0)
		tag = 9;
	copy = malloc(need);
	if (!copy)
		return -1;
	snprintf(copy, need, "%.*s%s%s", (int)tag, line, b->prefix, line + tag);
	nv = realloc(b->notes, (b->nnotes + 1) * sizeof(*nv));
	if (!nv) {
		free(copy);
		return -1;
	}
	b->notes = nv;
	b->notes[b->nnotes++] = copy;
	return 0;
}

int plan_batch_add(struct plan_batch *b, const char *spec,
		   struct fault_error *err)
{
	struct rule *r = malloc(sizeof(*r)), **nv;
	size_t nnotes = b->nnotes;
	int saved;

	if (!r)
		return -1;
	nv = realloc(b->rules, (b->nrules + 1) * sizeof(*nv));
	if (!nv)
		goto out_free;
	b->rules = nv;
	if (spec_parse(spec, r, err, batch_note, b) < 0)
		goto out_notes;
	b->rules[b->nrules++] = r;
	return 0;
out_notes:
	/* Notes of a spec that failed say nothing true. */
	saved = errno;
	while (b->nnotes > nnotes)
		free(b->notes[--b->nnotes]);
	errno = saved;
out_free:
	free(r);
	return -1;
}

static bool has_note(const struct fault_plan *plan, const char *line)
{
	for (size_t i = 0; i < plan->nnotes; i++)
		if (strcmp(plan->notes[i], line) == 0)
			return true;
	return false;
}

int plan_batch_commit(struct fault_plan *plan, struct plan_batch *b)
{
	struct rule **rv;
	char **nv;

	rv = realloc(plan->rules, (plan->nrules + b->nrules) * sizeof(*rv));
	if (!rv && plan->nrules + b->nrules)
		return -1;
	plan->rules = rv;
	nv = realloc(plan->notes, (plan->nnotes + b->nnotes) * sizeof(*nv));
	if (!nv && plan->nnotes + b->nnotes)
		return -1;
	plan->notes = nv;
	/* An empty batch (a file of comments) has no array to copy. */
	if (b->nrules > 0)
		memcpy(plan->rules + plan->nrules, b->rules,
		       b->nrules * sizeof(*rv));
	plan->nrules += b->nrules;
	/* The same alias note for every rule says nothing new. */
	for (size_t i = 0; i < b->nnotes; i++) {
		if (has_note(plan, b->notes[i]))
			free(b->notes[i]);
		else
			plan->notes[plan->nnotes++] = b->notes[i];
	}
	free(b->rules);
	free(b->notes);
	plan_batch_init(b);
	return 0;
}

int fault_plan_add(struct fault_plan *plan, const char *spec,
		   struct fault_error *err)
{
	struct plan_batch b;
	size_t index;

	if (!plan || !spec) {
		errno = EINVAL;
		return -1;
	}
	index = plan->nrules;
	plan_batch_init(&b);
	if (plan_batch_add(&b, spec, err) < 0 ||
	    plan_batch_commit(plan, &b) < 0) {
		plan_batch_free(&b);
		return -1;
	}
	return (int)index;
}

size_t fault_plan_size(const struct fault_plan *plan)
{
	return plan->nrules;
}

const char *fault_plan_rule_text(const struct fault_plan *plan, size_t rule)
{
	return rule < plan->nrules ? plan->rules[rule]->text : NULL;
}

struct rule *plan_rule(struct fault_plan *plan, size_t i)
{
	return i < plan->nrules ? plan->rules[i] : NULL;
}

void fault_plan_set_seed(struct fault_plan *plan, uint64_t seed)
{
	plan->seed = seed;
}

uint64_t fault_plan_seed(const struct fault_plan *plan)
{
	return plan->seed;
}

/* Only rules without their own seed= draw from the plan's seed, so only
 * they make it worth printing. */
bool fault_plan_uses_prob(const struct fault_plan *plan)
{
	for (size_t i = 0; i < plan->nrules; i++)
		if (plan->rules[i]->has_prob && !plan->rules[i]->has_seed)
			return true;
	return false;
}

size_t fault_plan_nnotes(const struct fault_plan *plan)
{
	return plan->nnotes;
}

const char *fault_plan_note(const struct fault_plan *plan, size_t i)
{
	return i < plan->nnotes ? plan->notes[i] : NULL;
}

int fault_error_format(const struct fault_error *err, const char *prog,
		       char *buf, size_t size)
{
	char lead[600], pad[sizeof(lead) + sizeof(err->text)];
	size_t col, n, len = strlen(err->text);

	if (err->file[0])
		snprintf(lead, sizeof(lead),
			 "%s: %s:%d: ", prog ? prog : "mqfault", err->file,
			 err->line);
	else
		snprintf(lead, sizeof(lead), "%s: ", prog ? prog : "mqfault");
	col = err->column < 0 ? 0 : (size_t)err->column;
	if (col > len)
		col = len;
	/* Spaces under the lead, then under the text; tabs stay tabs so
	 * the caret lines up however the terminal sets its tab stops. */
	n = strlen(lead);
	memset(pad, ' ', n);
	for (size_t i = 0; i < col && n < sizeof(pad) - 1; i++) {
		unsigned char ch = (unsigned char)err->text[i];

		/* One column per character: UTF-8 continuation bytes take
		 * none. */
		if ((ch & 0xc0) != 0x80)
			pad[n++] = ch == '\t' ? '\t' : ' ';
	}
	pad[n] = '\0';
	return snprintf(buf, size, "%s%s\n%s%s%s%s%s%s\n", lead, err->text, pad,
			err->column < 0 ? "" : "^ ", err->message,
			err->hint[0] ? " (" : "", err->hint,
			err->hint[0] ? ")" : "");
}
