/*
 * sup_summary.c - one line that says what the supervisor did.
 *
 * "injected 3: mq_timedsend EAGAIN x3; delayed 1; in kernel, not
 * counted: mq_unlink ENOENT".  Injections are grouped by syscall and
 * errno (or return value) in the order they first happened, so the line
 * reads like the story of the run.  Rules compiled into the kernel are
 * named but not counted: the kernel does not tell us when they fire.
 *
 * See also: faults/sup.h, faults/fault.h
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "faults/names.h"
#include "faults/rule.h"
#include "faults/sbuf.h"
#include "faults/sup.h"
#include "faults/sysent.h"

void sup_tally(struct fault_sup *sup, int call, enum fault_verdict verdict,
	       long value)
{
	struct sup_tally *t;
	size_t i;

	for (i = 0; i < sup->ntally; i++) {
		t = &sup->tally[i];
		if (t->call == call && t->verdict == verdict &&
		    t->value == value) {
			t->n++;
			return;
		}
	}
	if (sup->ntally == sup->captally) {
		size_t cap = sup->captally ? sup->captally * 2 : 8;
		t = realloc(sup->tally, cap * sizeof(*t));
		if (!t)
			return; /* the summary undercounts; the run goes on */
		sup->tally = t;
		sup->captally = cap;
	}
	t = &sup->tally[sup->ntally++];
	t->call = call;
	t->verdict = verdict;
	t->value = value;
	t->n = 1;
}

void sup_tally_signal(struct fault_sup *sup, int sig)
{
	size_t i;

	for (i = 0; i < sup->nsigs; i++)
		if (sup->sigs[i].sig == sig)
			break;
	if (i == SUP_MAX_SIGNALS)
		return;
	if (i == sup->nsigs) {
		sup->sigs[i].sig = sig;
		sup->sigs[i].n = 0;
		sup->nsigs++;
	}
	sup->sigs[i].n++;
}

static void put_value(struct sbuf *s, enum fault_verdict verdict, long value)
{
	const char *name = names_errno_name((int)value);

	if (verdict == FAULT_RETVAL)
		sbuf_printf(s, "retval=%ld", value);
	else if (name)
		sbuf_printf(s, "%s", name);
	else
		sbuf_printf(s, "errno %ld", value);
}

static void put_signals(struct sbuf *s, const struct fault_sup *sup)
{
	uint64_t total = 0;

	for (size_t i = 0; i < sup->nsigs; i++)
		total += sup->sigs[i].n;
	if (!total)
		return;
	sbuf_printf(s, "; signalled %llu (", (unsigned long long)total);
	for (size_t i = 0; i < sup->nsigs; i++) {
		const char *name = names_signal_name(sup->sigs[i].sig);
		if (name)
			sbuf_printf(s, "%sSIG%s x%llu", i ? ", " : "", name,
				    (unsigned long long)sup->sigs[i].n);
		else
			sbuf_printf(s, "%ssignal %d x%llu", i ? ", " : "",
				    sup->sigs[i].sig,
				    (unsigned long long)sup->sigs[i].n);
	}
	sbuf_putc(s, ')');
}

static void put_kernel(struct sbuf *s, const struct fault_sup *sup)
{
	bool first = true;

	for (size_t i = 0; i < sup->nrules; i++) {
		const struct rule *r;
		uint32_t rows;

		if (!sup->rules[i].in_kernel)
			continue;
		r = plan_rule(sup->plan, i);
		rows = r->calls & sup->filter.kernel;
		for (int c = 0; c < sysent_count; c++) {
			if (!(rows & (1u << c)))
				continue;
			sbuf_printf(s, "%s%s ",
				    first ? "; in kernel, not counted: " : ", ",
				    sysent_table[c].name);
			put_value(s, FAULT_ERROR, r->error);
			first = false;
		}
	}
}

int fault_sup_summary(const struct fault_sup *sup, char *buf, size_t size)
{
	struct sbuf s;
	uint64_t total = 0;

	sbuf_init(&s, buf, size);
	for (size_t i = 0; i < sup->ntally; i++)
		total += sup->tally[i].n;
	sbuf_printf(&s, "injected %llu", (unsigned long long)total);
	for (size_t i = 0; i < sup->ntally; i++) {
		const struct sup_tally *t = &sup->tally[i];
		sbuf_printf(&s, "%s%s ", i ? ", " : ": ",
			    sysent_table[t->call].name);
		put_value(&s, t->verdict, t->value);
		sbuf_printf(&s, " x%llu", (unsigned long long)t->n);
	}
	if (sup->ndelayed)
		sbuf_printf(&s, "; delayed %llu",
			    (unsigned long long)sup->ndelayed);
	put_signals(&s, sup);
	if (sup->nheld)
		sbuf_printf(&s, "; held %llu", (unsigned long long)sup->nheld);
	put_kernel(&s, sup);
	return sbuf_result(&s);
}
