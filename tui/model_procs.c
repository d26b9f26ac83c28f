/*
 * model_procs.c - the Processes pane's rows, from the scans.
 *
 * See also: tui/model_procs.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/model_procs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/model_format.h"

static const struct model_procs_row *
model_procs_before(const struct model_procs *m, const struct scan_procs_task *t)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->rows[i].tid == t->tid && m->rows[i].pid == t->pid &&
		    m->rows[i].call == t->call && m->rows[i].arg == t->arg)
			return &m->rows[i];
	return NULL;
}

static void model_procs_queue(struct model_procs_row *r,
			      const struct scan_procs_task *t,
			      const struct scan_sysv *sysv)
{
	const struct scan_sysv_queue *q;

	if (scan_procs_call_posix(t->call)) {
		if (t->queue[0] != '\0')
			snprintf(r->queue, sizeof(r->queue), "%s", t->queue);
		else
			snprintf(r->queue, sizeof(r->queue), "mqd %ld", t->arg);
		return;
	}
	q = sysv != NULL ? scan_sysv_find(sysv, (int)t->arg) : NULL;
	if (q == NULL)
		snprintf(r->queue, sizeof(r->queue), "msqid %ld", t->arg);
	else if (q->key == 0)
		snprintf(r->queue, sizeof(r->queue), "IPC_PRIVATE id %d",
			 q->id);
	else
		snprintf(r->queue, sizeof(r->queue), "key 0x%08x id %d",
			 (unsigned)q->key, q->id);
}

static void model_procs_state(struct model_procs_row *r, char state, double now)
{
	const char *word = "asleep in";
	char took[32] = "";

	if (state == 'S' || state == 'D')
		word = "BLOCKED in";
	else if (state == 'T')
		word = "STOPPED in";
	else if (state == 't')
		word = "TRACED in";
	if (!r->since_start || now > r->since) {
		took[0] = ' ';
		if (r->since_start)
			took[1] = '>';
		model_format_duration(took + strlen(took),
				      sizeof(took) - strlen(took),
				      now - r->since);
	}
	snprintf(r->state, sizeof(r->state), "%s %s on %s%s", word,
		 scan_procs_call_name(r->call), r->queue, took);
}

int model_procs_build(struct model_procs *m, const struct scan_procs *procs,
		      const struct scan_sysv *sysv, double now)
{
	const struct model_procs_row *before;
	const struct scan_procs_task *t;
	struct model_procs_row *rows = NULL, *r;
	size_t i;

	if (procs->n > 0) {
		rows = calloc(procs->n, sizeof(*rows));
		if (rows == NULL)
			return -1;
	}
	for (i = 0; i < procs->n; i++) {
		t = &procs->tasks[i];
		r = &rows[i];
		r->pid = t->pid;
		r->tid = t->tid;
		memcpy(r->comm, t->comm, sizeof(r->comm));
		r->call = t->call;
		r->arg = t->arg;
		before = model_procs_before(m, t);
		if (before != NULL) {
			r->since = before->since;
			r->since_start = before->since_start;
		} else {
			r->since = now;
			r->since_start = m->scans == 0;
		}
		model_procs_queue(r, t, sysv);
		model_procs_state(r, t->state, now);
	}
	free(m->rows);
	m->rows = rows;
	m->n = procs->n;
	m->scans++;
	return 0;
}

void model_procs_free(struct model_procs *m)
{
	free(m->rows);
	memset(m, 0, sizeof(*m));
}
