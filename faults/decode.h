/*
 * decode.h - what one intercepted call is about, worked out lazily.
 *
 * A notification carries a syscall number, six registers and a thread
 * id.  Everything else a rule or an event may need (the queue's name,
 * the System V key, the message type, the caller's process and command
 * name, the payload) costs a /proc read, an ioctl or a read of the
 * caller's memory, so it is computed at most once per call and only when
 * asked for.  Values read from the caller's memory are trusted only when
 * SECCOMP_IOCTL_NOTIF_ID_VALID says the call is still the same
 * afterwards (the caller might have died and its tid been reused).
 *
 * See also: faults/decode.c, faults/sup_notify.c, faults/pred.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_DECODE_H
#define MQLAB_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "faults/fault.h"

struct decode {
	int listener; /* to check the notification is still valid */
	uint64_t id;
	pid_t tid;
	int call; /* row of sysent_table */
	const uint64_t *args;
	unsigned known;	 /* bit (1 << DECODE_x): computed (maybe failed) */
	unsigned failed; /* bit (1 << DECODE_x): could not be known */
	pid_t tgid;
	bool nonblock;
	long long key;
	long mtype;
	char comm[16];
	char queue[256];
};

void decode_init(struct decode *d, int listener, uint64_t id, pid_t tid,
		 int call, const uint64_t *args);

/* The pred_env get(): any variable of enum pvar for this call.  Returns 0
 * with *num or *str set, or -1 when it cannot be known. */
int decode_get(void *ctx, int var, int64_t *num, const char **str);

/* The caller's process id, or its tid when /proc does not say. */
pid_t decode_tgid(struct decode *d);

/* The caller's process id, or 0 when /proc does not say: a signal then
 * goes by tid alone (tkill), since tgkill(tid, tid) fails for a thread
 * that is not its group's leader. */
pid_t decode_tgid_known(struct decode *d);

/* Fill the call's part of ev (not the decision) capturing up to capture
 * payload bytes. */
void decode_event(struct decode *d, struct fault_event *ev, size_t capture);

#endif
