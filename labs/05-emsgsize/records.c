/*
 * records.c - lab 05's sysv role: long records through a System V queue.
 *
 * A System V queue has no fixed message size: a message is as long as
 * its sender made it, up to msgmax, and the reader must bring a buffer
 * that long.  msgrcv() with a shorter buffer fails with E2BIG and leaves
 * the message queued; with MSG_NOERROR it hands over what fits, throws
 * the rest away, and reports success.  This role sends three records and
 * reads them back with receive_whole(), and says which came out short.
 *
 *   mqlab run 05 [--solution] [-p "System V reader gets E2BIG"]
 *
 * In the kernel: do_msgrcv() in ipc/msg.c checks the buffer against the
 * message (msg->m_ts) and truncates only under MSG_NOERROR.
 *
 * See also: labs/05-emsgsize/scenario.c, labs/05-emsgsize/emsgsize.h,
 *           msgrcv(2)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>

#include "labs/05-emsgsize/emsgsize.h"
#include "labs/report.h"
#include "labs/runname.h"

#define RECORD_MAX 3000
#define RECORDS	   3

static const size_t record_sizes[RECORDS] = {100, 600, RECORD_MAX};

int sysv_records(void)
{
	struct {
		long mtype;
		char text[RECORD_MAX];
	} rec = {1, ""};
	long mtype;
	void *data;
	ssize_t n;
	int msqid;

	msqid = msgget(runname_key(RECORDS_KEY), 0);
	if (msqid == -1)
		report_die("msgget");
	for (size_t i = 0; i < RECORDS; i++) {
		/* Readable in a dump: "600 bytes......" */
		memset(rec.text, '.', record_sizes[i]);
		snprintf(rec.text, 16, "%zu bytes", record_sizes[i]);
		if (msgsnd(msqid, &rec, record_sizes[i], 0) == -1)
			report_die("msgsnd");
		report_sent(1);
	}
	for (size_t i = 0; i < RECORDS; i++) {
		n = receive_whole(msqid, 0, &mtype, &data);
		if (n == -1) {
			report_error("receive_whole", errno);
			report_lost(1);
			continue;
		}
		if ((size_t)n < record_sizes[i]) {
			report_note("record of %zu bytes came out as %zd, "
				    "and nothing failed: truncated",
				    record_sizes[i], n);
			report_lost(1);
		} else {
			report_note("record of %zu bytes came out whole",
				    record_sizes[i]);
			report_received(1);
		}
		free(data);
	}
	return 0;
}
