/*
 * model_queues.c - the Queues pane's rows, from the scans.
 *
 * See also: tui/model_queues.h
 * SPDX-License-Identifier: MIT
 */
#include "tui/model_queues.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/names.h"

static void model_queues_fill(struct model_queues_row *r, long used, long cap,
			      bool full)
{
	if (r->messages == 0) {
		r->fill = MODEL_QUEUES_EMPTY;
		r->percent = 0;
	} else if (cap <= 0 || used < 0) {
		r->fill = MODEL_QUEUES_UNKNOWN;
		r->percent = -1;
	} else if (full) {
		r->fill = MODEL_QUEUES_FULL;
		r->percent = 100;
	} else {
		r->fill = MODEL_QUEUES_SOME;
		r->percent = (int)((double)used * 100 / (double)cap);
		if (r->percent > 99)
			r->percent = 99; /* 100% is FULL */
	}
	r->fill_word = r->fill == MODEL_QUEUES_FULL    ? "FULL"
		       : r->fill == MODEL_QUEUES_EMPTY ? "EMPTY"
		       : r->fill == MODEL_QUEUES_SOME  ? ""
						       : "?";
	if (r->fill == MODEL_QUEUES_SOME && r->percent == 0)
		snprintf(r->fill_text, sizeof(r->fill_text), "<1%%");
	else if (r->fill == MODEL_QUEUES_SOME)
		snprintf(r->fill_text, sizeof(r->fill_text), "%d%%",
			 r->percent);
	else
		snprintf(r->fill_text, sizeof(r->fill_text), "%s",
			 r->fill_word);
	if (r->percent >= 0)
		model_format_gauge(r->gauge, sizeof(r->gauge),
				   r->fill == MODEL_QUEUES_FULL ? cap : used,
				   cap);
	else
		snprintf(r->gauge, sizeof(r->gauge), "[    ?     ]");
}

static void model_queues_notify(const struct scan_posix_queue *q, char *out,
				size_t size)
{
	const char *sig = names_signal_name(q->signo);

	if (q->notify_pid == 0)
		snprintf(out, size, "none");
	else if (q->notify == SIGEV_SIGNAL)
		snprintf(out, size, "SIG%s to pid %d", sig ? sig : "?",
			 (int)q->notify_pid);
	else if (q->notify == SIGEV_THREAD)
		snprintf(out, size, "a thread in pid %d", (int)q->notify_pid);
	else
		snprintf(out, size, "registered by pid %d (SIGEV_NONE)",
			 (int)q->notify_pid);
}

static void model_queues_posix(struct model_queues_row *r,
			       const struct scan_posix_queue *q)
{
	char user[64], notify[64], err[64];

	memset(r, 0, sizeof(*r));
	r->kind = MODEL_QUEUES_POSIX;
	r->kind_word = "POSIX";
	r->posix = *q;
	snprintf(r->label, sizeof(r->label), "%s", q->name);
	r->messages = q->curmsgs;
	model_queues_fill(r, q->curmsgs, q->maxmsg,
			  q->maxmsg > 0 && q->curmsgs >= q->maxmsg);
	if (q->curmsgs >= 0) {
		snprintf(r->size, sizeof(r->size), "%ld/%ld msgs", q->curmsgs,
			 q->maxmsg);
		snprintf(r->attrs, sizeof(r->attrs),
			 "mq_maxmsg %ld  mq_msgsize %ld  mq_curmsgs %ld",
			 q->maxmsg, q->msgsize, q->curmsgs);
	} else {
		model_format_errno(err, sizeof(err), q->attr_errno);
		snprintf(r->size, sizeof(r->size), "?");
		snprintf(r->attrs, sizeof(r->attrs), "attributes unknown: %s",
			 err);
	}
	model_format_user(user, sizeof(user), q->uid);
	model_queues_notify(q, notify, sizeof(notify));
	snprintf(r->details, sizeof(r->details),
		 "owner %s  mode %04o  QSIZE %lu bytes  notify %s", user,
		 (unsigned)q->mode, q->qsize, notify);
	snprintf(r->contents_unknown, sizeof(r->contents_unknown), "%s",
		 MODEL_QUEUES_POSIX_UNKNOWN);
}

static void model_queues_sysv(struct model_queues_row *r,
			      const struct scan_sysv_queue *q)
{
	char user[64], err[64] = "";
	long used;
	bool full;

	memset(r, 0, sizeof(*r));
	r->kind = MODEL_QUEUES_SYSV;
	r->kind_word = "SysV";
	r->sysv = *q;
	if (q->key == 0)
		snprintf(r->label, sizeof(r->label), "IPC_PRIVATE id %d",
			 q->id);
	else
		snprintf(r->label, sizeof(r->label), "key 0x%08x id %d",
			 (unsigned)q->key, q->id);
	r->messages = (long)q->qnum;
	/* msg_fits_inqueue(): both bytes and count are held to qbytes. */
	used = (long)(q->cbytes > q->qnum ? q->cbytes : q->qnum);
	full = q->qbytes >= 0 && used >= q->qbytes;
	model_queues_fill(r, used, q->qbytes, full);
	if (q->qbytes >= 0) {
		snprintf(r->size, sizeof(r->size), "%lu/%ld B %lu msgs",
			 q->cbytes, q->qbytes, q->qnum);
		snprintf(r->attrs, sizeof(r->attrs),
			 "msg_qbytes %ld  msg_cbytes %lu  msg_qnum %lu",
			 q->qbytes, q->cbytes, q->qnum);
	} else {
		model_format_errno(err, sizeof(err), q->stat_errno);
		snprintf(r->size, sizeof(r->size), "%lu B %lu msgs", q->cbytes,
			 q->qnum);
		snprintf(
			r->attrs, sizeof(r->attrs),
			"msg_qbytes unknown (%s)  msg_cbytes %lu  msg_qnum %lu",
			err, q->cbytes, q->qnum);
	}
	model_format_user(user, sizeof(user), q->uid);
	snprintf(r->details, sizeof(r->details),
		 "owner %s  mode %04o  last msgsnd pid %d  last msgrcv pid %d",
		 user, q->mode & 0777, (int)q->lspid, (int)q->lrpid);
	/* Without read permission, MSG_COPY is refused like IPC_STAT. */
	if (q->stat_errno != 0)
		snprintf(r->contents_unknown, sizeof(r->contents_unknown),
			 "unknown (%s)", err);
}

static void model_queues_blocked(struct model_queues *m,
				 const struct scan_procs *procs)
{
	const struct scan_procs_task *t;
	struct model_queues_row *r;
	size_t i, j;
	bool match;

	for (i = 0; procs != NULL && i < procs->n; i++) {
		t = &procs->tasks[i];
		for (j = 0; j < m->n; j++) {
			r = &m->rows[j];
			if (scan_procs_call_posix(t->call))
				match = r->kind == MODEL_QUEUES_POSIX &&
					strcmp(t->queue, r->posix.name) == 0;
			else
				match = r->kind == MODEL_QUEUES_SYSV &&
					t->arg == r->sysv.id;
			if (!match)
				continue;
			if (scan_procs_call_sends(t->call))
				r->senders++;
			else
				r->receivers++;
			break;
		}
	}
}

static void model_queues_note(char *out, size_t size, bool posix, int err)
{
	char text[96];

	out[0] = '\0';
	if (err == 0)
		return;
	model_format_errno(text, sizeof(text), err);
	if (posix && err == EPERM)
		snprintf(out, size,
			 "POSIX queues not shown: mounting the mqueue file "
			 "system was refused (%s); run as root, or mount -t "
			 "mqueue none /dev/mqueue",
			 text);
	else
		snprintf(out, size, "%s queues not shown: %s",
			 posix ? "POSIX" : "System V", text);
}

int model_queues_build(struct model_queues *m, const struct scan_posix *posix,
		       int posix_err, const struct scan_sysv *sysv,
		       int sysv_err, const struct scan_procs *procs)
{
	size_t np = posix_err ? 0 : posix->n, ns = sysv_err ? 0 : sysv->n;
	struct model_queues_row *rows = NULL;
	size_t i;

	if (np + ns > 0) {
		rows = calloc(np + ns, sizeof(*rows));
		if (rows == NULL)
			return -1;
	}
	model_queues_free(m);
	m->rows = rows;
	m->posix = np;
	m->sysv = ns;
	for (i = 0; i < np; i++)
		model_queues_posix(&rows[i], &posix->queues[i]);
	for (i = 0; i < ns; i++)
		model_queues_sysv(&rows[np + i], &sysv->queues[i]);
	m->n = np + ns;
	model_queues_blocked(m, procs);
	model_queues_note(m->posix_note, sizeof(m->posix_note), true,
			  posix_err);
	model_queues_note(m->sysv_note, sizeof(m->sysv_note), false, sysv_err);
	return 0;
}

long model_queues_find(const struct model_queues *m, const char *label)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->rows[i].label, label) == 0)
			return (long)i;
	return -1;
}

void model_queues_free(struct model_queues *m)
{
	free(m->rows);
	memset(m, 0, sizeof(*m));
}
