/*
 * cmd-ls.c - `mqlab ls`: every queue of the host, printed once.
 *
 * Like ipcs -q, but with POSIX queues too and the messages themselves:
 * the same scans and the same screen model as `mqlab top`, so both say
 * the same thing in the same words.  System V messages are copies made
 * by the kernel (MSG_COPY), the first N of each queue (-n N, default 5);
 * POSIX queues are counted, and their contents said to be unknown.
 *
 * See also: tui/cmd-top.c, tui/model_top.h, ipcs(1)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "faults/strnum.h"
#include "labs/json.h"
#include "tui/cmd.h"
#include "tui/model_top.h"

#define CMD_LS_DEFAULT 5
#define CMD_LS_MAX     100000

static void cmd_ls_blocked(const struct model_queues_row *r, char *out,
			   size_t size)
{
	if (r->senders == 0 && r->receivers == 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%d sender%s, %d receiver%s", r->senders,
			 r->senders == 1 ? "" : "s", r->receivers,
			 r->receivers == 1 ? "" : "s");
}

static void cmd_ls_fill(const struct model_queues_row *r, char *out,
			size_t size)
{
	snprintf(out, size, "%s %s", r->gauge, r->fill_text);
}

static void cmd_ls_messages(const struct model_queues_row *r, size_t limit)
{
	struct model_messages m = {0};
	size_t i;

	if (r->messages <= 0)
		return;
	if (r->contents_unknown[0] != '\0') {
		printf("    %ld message%s, contents %s\n", r->messages,
		       r->messages == 1 ? "" : "s", r->contents_unknown);
		return;
	}
	if (model_messages_build(&m, r, 0, limit) < 0) {
		printf("    messages not shown: %s\n", strerror(errno));
		return;
	}
	if (m.note[0] != '\0')
		printf("    %s\n", m.note);
	for (i = 0; i < m.n; i++)
		if (m.rows[i].known)
			printf("    #%zu  mtype %ld  %zu bytes  %s\n",
			       m.rows[i].index, m.rows[i].mtype, m.rows[i].len,
			       m.rows[i].preview);
	if (m.total > m.n)
		printf("    and %zu more (mqlab ls -n %zu shows more)\n",
		       m.total - m.n, m.total);
	model_messages_free(&m);
}

static void cmd_ls_text(const struct model_top *t, size_t limit)
{
	const struct model_queues_row *r;
	char fill[32], blocked[48];
	size_t i;

	printf("POSIX queues: %zu\n", t->queues.posix);
	if (t->queues.posix_note[0] != '\0')
		printf("  %s\n", t->queues.posix_note);
	else if (t->queues.posix > 0)
		printf("  %-24s %7s %7s %7s  %-18s %s\n", "NAME", "MAXMSG",
		       "MSGSIZE", "CURMSGS", "FILL", "BLOCKED");
	for (i = 0; i < t->queues.posix; i++) {
		r = &t->queues.rows[i];
		cmd_ls_fill(r, fill, sizeof(fill));
		cmd_ls_blocked(r, blocked, sizeof(blocked));
		if (r->posix.curmsgs >= 0)
			printf("  %-24s %7ld %7ld %7ld  %-18s %s\n", r->label,
			       r->posix.maxmsg, r->posix.msgsize,
			       r->posix.curmsgs, fill, blocked);
		else
			printf("  %-24s %s\n", r->label, r->attrs);
		printf("    %s\n", r->details);
		cmd_ls_messages(r, limit);
	}
	printf("\nSystem V queues: %zu\n", t->queues.sysv);
	if (t->queues.sysv_note[0] != '\0')
		printf("  %s\n", t->queues.sysv_note);
	else if (t->queues.sysv > 0)
		printf("  %-10s %6s %7s %7s %6s  %-18s %s\n", "KEY", "MSQID",
		       "QBYTES", "CBYTES", "QNUM", "FILL", "BLOCKED");
	for (i = t->queues.posix; i < t->queues.n; i++) {
		r = &t->queues.rows[i];
		cmd_ls_fill(r, fill, sizeof(fill));
		cmd_ls_blocked(r, blocked, sizeof(blocked));
		printf("  0x%08x %6d %7ld %7lu %6lu  %-18s %s\n",
		       (unsigned)r->sysv.key, r->sysv.id, r->sysv.qbytes,
		       r->sysv.cbytes, r->sysv.qnum, fill, blocked);
		printf("    %s\n", r->details);
		cmd_ls_messages(r, limit);
	}
	printf("\nProcesses blocked on a queue: %zu\n", t->blocked.n);
	if (t->blocked.n > 0)
		printf("  %7s %7s %-16s %s\n", "PID", "TID", "COMMAND",
		       "STATE");
	for (i = 0; i < t->blocked.n; i++)
		printf("  %7d %7d %-16s %s\n", (int)t->blocked.rows[i].pid,
		       (int)t->blocked.rows[i].tid, t->blocked.rows[i].comm,
		       t->blocked.rows[i].state);
}

static const char *cmd_ls_fill_name(const struct model_queues_row *r)
{
	switch (r->fill) {
	case MODEL_QUEUES_FULL:
		return "FULL";
	case MODEL_QUEUES_EMPTY:
		return "EMPTY";
	case MODEL_QUEUES_SOME:
		return "PARTLY";
	default:
		return "UNKNOWN";
	}
}

static void cmd_ls_json_messages(const struct model_queues_row *r, size_t limit)
{
	struct model_messages m = {0};
	size_t i, shown = 0;

	printf("\"messages_total\":%ld,", r->messages < 0 ? 0 : r->messages);
	if (r->contents_unknown[0] != '\0' ||
	    model_messages_build(&m, r, 0, limit) < 0) {
		printf("\"contents\":");
		json_string(stdout, r->contents_unknown[0] ? r->contents_unknown
							   : "unknown");
		printf(",\"messages\":[]");
		return;
	}
	printf("\"messages\":[");
	for (i = 0; i < m.n; i++) {
		if (!m.rows[i].known)
			continue;
		printf("%s{\"index\":%zu,\"mtype\":%ld,\"length\":%zu,"
		       "\"preview\":",
		       shown++ ? "," : "", m.rows[i].index, m.rows[i].mtype,
		       m.rows[i].len);
		json_string(stdout, m.rows[i].preview);
		printf("}");
	}
	printf("]");
	model_messages_free(&m);
}

static void cmd_ls_json_queue(const struct model_queues_row *r, size_t limit)
{
	printf("{\"kind\":\"%s\",",
	       r->kind == MODEL_QUEUES_POSIX ? "posix" : "sysv");
	if (r->kind == MODEL_QUEUES_POSIX) {
		printf("\"name\":");
		json_string(stdout, r->posix.name);
		printf(",\"mq_maxmsg\":%ld,\"mq_msgsize\":%ld,"
		       "\"mq_curmsgs\":%ld,\"qsize\":%lu,\"uid\":%u,"
		       "\"mode\":\"%04o\",\"notify_pid\":%d,",
		       r->posix.maxmsg, r->posix.msgsize, r->posix.curmsgs,
		       r->posix.qsize, (unsigned)r->posix.uid,
		       (unsigned)r->posix.mode, (int)r->posix.notify_pid);
	} else {
		printf("\"key\":\"0x%08x\",\"msqid\":%d,\"msg_qbytes\":%ld,"
		       "\"msg_cbytes\":%lu,\"msg_qnum\":%lu,\"lspid\":%d,"
		       "\"lrpid\":%d,\"uid\":%u,\"mode\":\"%04o\",",
		       (unsigned)r->sysv.key, r->sysv.id, r->sysv.qbytes,
		       r->sysv.cbytes, r->sysv.qnum, (int)r->sysv.lspid,
		       (int)r->sysv.lrpid, (unsigned)r->sysv.uid,
		       r->sysv.mode & 0777);
	}
	printf("\"fill\":\"%s\",\"percent\":%d,\"blocked_senders\":%d,"
	       "\"blocked_receivers\":%d,",
	       cmd_ls_fill_name(r), r->percent, r->senders, r->receivers);
	cmd_ls_json_messages(r, limit);
	printf("}");
}

static int cmd_ls_json(const struct model_top *t, size_t limit)
{
	const struct model_procs_row *p;
	size_t i;

	printf("{\"queues\":[");
	for (i = 0; i < t->queues.n; i++) {
		printf("%s", i ? "," : "");
		cmd_ls_json_queue(&t->queues.rows[i], limit);
	}
	printf("],\"processes\":[");
	for (i = 0; i < t->blocked.n; i++) {
		p = &t->blocked.rows[i];
		printf("%s{\"pid\":%d,\"tid\":%d,\"comm\":", i ? "," : "",
		       (int)p->pid, (int)p->tid);
		json_string(stdout, p->comm);
		printf(",\"call\":\"%s\",\"queue\":",
		       scan_procs_call_name(p->call));
		json_string(stdout, p->queue);
		printf(",\"state\":");
		json_string(stdout, p->state);
		printf("}");
	}
	printf("],\"notes\":[");
	if (t->queues.posix_note[0] != '\0')
		json_string(stdout, t->queues.posix_note);
	if (t->queues.sysv_note[0] != '\0') {
		printf("%s", t->queues.posix_note[0] ? "," : "");
		json_string(stdout, t->queues.sysv_note);
	}
	printf("]}\n");
	return 0;
}

static int cmd_ls_count(const char *arg, size_t *limit)
{
	long n;

	if (strnum_long(arg, 0, CMD_LS_MAX, &n) < 0)
		return cmd_usage_error("ls: -n wants a number of messages "
				       "from 0 to %d, not '%s'; try -n 10",
				       CMD_LS_MAX, cmd_quote(arg));
	*limit = (size_t)n;
	return 0;
}

static int cmd_ls_exec(int argc, char *argv[])
{
	size_t limit = CMD_LS_DEFAULT;
	struct model_top t;
	struct timespec ts;
	bool json = false;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return cmd_print_usage(&cmd_ls_entry);
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "-n") == 0 && i + 1 == argc) {
			return cmd_usage_error("ls: -n needs a number of "
					       "messages; try -n 10");
		} else if (strcmp(argv[i], "-n") == 0) {
			if (cmd_ls_count(argv[++i], &limit) != 0)
				return 2;
		} else if (strncmp(argv[i], "-n", 2) == 0 && argv[i][2]) {
			if (cmd_ls_count(argv[i] + 2, &limit) != 0)
				return 2;
		} else {
			return cmd_usage_error("ls: unknown option '%s'; "
					       "try mqlab ls [-n N] [--json]",
					       cmd_quote(argv[i]));
		}
	}
	model_top_init(&t, false);
	t.message_rows = 0; /* each queue's are copied below */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (model_top_refresh(&t, (double)ts.tv_sec) < 0) {
		model_top_free(&t);
		return cmd_fail("ls: %s", strerror(errno));
	}
	rc = 0;
	if (json)
		rc = cmd_ls_json(&t, limit);
	else
		cmd_ls_text(&t, limit);
	model_top_free(&t);
	return rc;
}

const struct cmd_entry cmd_ls_entry = {
	.name = "ls",
	.usage = "[-n N] [--json]",
	.help = "every queue on this host, once: attributes, fill, the first "
		"N messages (5), who is blocked",
	.exec = cmd_ls_exec,
};
