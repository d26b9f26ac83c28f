/*
 * model_queues.h - the Queues pane: one row per queue, as it reads.
 *
 * Plain data computed from the scans, with no terminal in sight: what
 * `mqlab top` draws and `mqlab ls` prints, and what the tests check.
 * A queue is FULL when the kernel would make the next sender wait
 * (mq_curmsgs == mq_maxmsg; or msg_cbytes or msg_qnum at msg_qbytes,
 * ipc/msg.c msg_fits_inqueue()), EMPTY when a receiver would wait.
 *
 * See also: tui/scan_sysv.h, tui/scan_posix.h, tui/model_top.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_MODEL_QUEUES_H
#define MQLAB_MODEL_QUEUES_H

#include "tui/model_format.h"
#include "tui/scan_posix.h"
#include "tui/scan_procs.h"
#include "tui/scan_sysv.h"

enum model_queues_kind { MODEL_QUEUES_POSIX, MODEL_QUEUES_SYSV };

enum model_queues_fill {
	MODEL_QUEUES_UNKNOWN,
	MODEL_QUEUES_EMPTY,
	MODEL_QUEUES_SOME,
	MODEL_QUEUES_FULL,
};

struct model_queues_row {
	enum model_queues_kind kind;
	const char *kind_word; /* "POSIX", "SysV" */
	/* "/orders", or "key 0x6d713033 id 3" ("IPC_PRIVATE id 3") */
	char label[NAME_MAX + 40];
	long messages; /* mq_curmsgs or msg_qnum, -1 when unknown */
	int percent;   /* how full, 0-100, or -1 when unknown */
	enum model_queues_fill fill;
	const char *fill_word; /* "FULL", "EMPTY", "" or "?" */
	char fill_text[8];     /* the word, or "37%", "<1%", "99%" */
	char gauge[MODEL_FORMAT_GAUGE + 3];
	char size[48];		/* "10/10 msgs", "21/16384 B 3 msgs" */
	char attrs[128];	/* "mq_maxmsg 10 mq_msgsize 64 mq_curmsgs 10" */
	char details[200];	/* owner, mode, notification, last pids */
	int senders, receivers; /* threads seen blocked on it */
	/* Why its contents cannot be shown ("unknown (POSIX queues cannot
	 * be peeked)"), or "" when they can. */
	char contents_unknown[96];
	/* What it was built from (for its messages). */
	struct scan_posix_queue posix;
	struct scan_sysv_queue sysv;
};

struct model_queues {
	struct model_queues_row *rows; /* POSIX by name, then System V */
	size_t n;
	size_t posix, sysv; /* how many of each */
	/* Why a kind is missing ("POSIX queues not shown: ..."), or "". */
	char posix_note[256], sysv_note[256];
};

/* The row for a POSIX queue's messages that were not observed. */
#define MODEL_QUEUES_POSIX_UNKNOWN "unknown (POSIX queues cannot be peeked)"

/* Build m from the scans (freeing what m held; start from zero).
 * posix_err and sysv_err are the errno of a scan that failed, or 0.
 * Returns 0, or -1 with errno ENOMEM. */
int model_queues_build(struct model_queues *m, const struct scan_posix *posix,
		       int posix_err, const struct scan_sysv *sysv,
		       int sysv_err, const struct scan_procs *procs);

/* The index of the row whose label is label, or -1. */
long model_queues_find(const struct model_queues *m, const char *label);

void model_queues_free(struct model_queues *m);

#endif
