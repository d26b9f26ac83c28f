/*
 * decode.c - what one intercepted call is about, worked out lazily.
 *
 * Registers come with the notification; the rest is found where Linux
 * keeps it: the process id and command name in /proc/TID/status and
 * /proc/TID/comm, a POSIX queue's name behind the link /proc/TID/fd/FD
 * (the mqueue file system names it "/orders"), its O_NONBLOCK in
 * /proc/TID/fdinfo/FD, a System V key through msgctl(IPC_STAT) in our own
 * IPC namespace, and strings, message types and payloads in the caller's
 * memory through process_vm_readv().  Each is computed once per call.
 *
 * What the caller's memory said is believed only if the notification is
 * still valid after the read: otherwise the thread may have died and its
 * tid been reused by another process, whose memory we just read.
 *
 * See also: faults/decode.h, faults/sysent.c
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "faults/decode.h"
#include "faults/sysent.h"

enum {
	DECODE_TGID,
	DECODE_COMM,
	DECODE_QUEUE,
	DECODE_KEY,
	DECODE_MTYPE,
	DECODE_NONBLOCK,
};

/* Where a call's message lies in its caller's memory. */
static const struct {
	int nr;
	int arg;     /* register holding the address */
	size_t skip; /* bytes before the payload (msgsnd's mtype) */
} payloads[] = {
	{__NR_mq_timedsend, 1, 0},
	{__NR_msgsnd, 1, sizeof(long)},
};

void decode_init(struct decode *d, int listener, uint64_t id, pid_t tid,
		 int call, const uint64_t *args)
{
	d->listener = listener;
	d->id = id;
	d->tid = tid;
	d->call = call;
	d->args = args;
	d->known = d->failed = 0;
}

static const struct pvar_loc *loc_of(const struct decode *d, int var)
{
	return &sysent_table[d->call].var[var];
}

static bool still_valid(const struct decode *d)
{
	return ioctl(d->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &d->id) == 0;
}

/* Read the caller's memory.  Returns bytes read or -1. */
static ssize_t peek(const struct decode *d, uint64_t addr, void *buf,
		    size_t len)
{
	struct iovec local = {buf, len};
	struct iovec remote = {(void *)(uintptr_t)addr, len};
	ssize_t n = process_vm_readv(d->tid, &local, 1, &remote, 1, 0);

	if (n < 0 || !still_valid(d))
		return -1;
	return n;
}

/* Read /proc/TID/what into buf as a string.  Returns 0 or -1. */
static int read_proc(pid_t tid, const char *what, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, what);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static void find_tgid(struct decode *d)
{
	char buf[1024], *p;

	/* Valid after the read: the tid was not reused meanwhile. */
	if (read_proc(d->tid, "status", buf, sizeof(buf)) < 0 ||
	    !(p = strstr(buf, "\nTgid:")) || !still_valid(d))
		d->failed |= 1u << DECODE_TGID;
	else
		d->tgid = (pid_t)strtol(p + 6, NULL, 10);
}

static void find_comm(struct decode *d)
{
	if (read_proc(d->tid, "comm", d->comm, sizeof(d->comm)) < 0 ||
	    !still_valid(d))
		d->failed |= 1u << DECODE_COMM;
	else
		d->comm[strcspn(d->comm, "\n")] = '\0';
}

/* An mqd_t's name, from the link the mqueue file system gives it. */
static int queue_of_fd(struct decode *d, int fd)
{
	static const char deleted[] = " (deleted)";
	char path[64];
	size_t n, k = sizeof(deleted) - 1;
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)d->tid, fd);
	len = readlink(path, d->queue, sizeof(d->queue) - 1);
	if (len < 0 || !still_valid(d))
		return -1;
	n = (size_t)len;
	d->queue[n] = '\0';
	if (n > k && strcmp(d->queue + n - k, deleted) == 0)
		d->queue[n - k] = '\0';
	return 0;
}

/* mq_open and mq_unlink: glibc passes the name without its '/'. */
static int queue_of_name(struct decode *d, uint64_t addr)
{
	char name[sizeof(d->queue) - 1];
	ssize_t n = peek(d, addr, name, sizeof(name) - 1);

	if (n <= 0)
		return -1;
	name[n] = '\0';
	if (strlen(name) == (size_t)n && n == (ssize_t)sizeof(name) - 1)
		return -1; /* longer than any name the kernel accepts */
	snprintf(d->queue, sizeof(d->queue), "%s%s", name[0] == '/' ? "" : "/",
		 name);
	return 0;
}

static void find_queue(struct decode *d)
{
	const struct pvar_loc *fd = loc_of(d, PV_FD);
	int ret;

	if (fd->where == PW_ARG)
		ret = queue_of_fd(d, (int)d->args[fd->arg]);
	else
		ret = queue_of_name(d, d->args[0]);
	if (ret < 0)
		d->failed |= 1u << DECODE_QUEUE;
}

static void find_key(struct decode *d)
{
	const struct pvar_loc *key = loc_of(d, PV_KEY);
	const struct pvar_loc *id = loc_of(d, PV_MSQID);
	struct msqid_ds ds;

	if (key->where == PW_ARG)
		d->key = (int)d->args[key->arg];
	else if (id->where == PW_ARG &&
		 msgctl((int)d->args[id->arg], IPC_STAT, &ds) == 0)
		d->key = ds.msg_perm.__key;
	else
		d->failed |= 1u << DECODE_KEY;
}

static int payload_row(const struct decode *d)
{
	for (size_t i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++)
		if (payloads[i].nr == sysent_table[d->call].nr)
			return (int)i;
	return -1;
}

static void find_mtype(struct decode *d)
{
	int row = payload_row(d);

	if (row < 0 || payloads[row].skip != sizeof(long) ||
	    peek(d, d->args[payloads[row].arg], &d->mtype, sizeof(long)) !=
		    sizeof(long))
		d->failed |= 1u << DECODE_MTYPE;
}

static void find_nonblock(struct decode *d)
{
	const struct pvar_loc *fd = loc_of(d, PV_FD);
	char what[64], buf[512], *p;

	if (fd->where != PW_ARG) {
		d->failed |= 1u << DECODE_NONBLOCK;
		return;
	}
	snprintf(what, sizeof(what), "fdinfo/%d", (int)d->args[fd->arg]);
	if (read_proc(d->tid, what, buf, sizeof(buf)) ||
	    !(p = strstr(buf, "flags:")) || !still_valid(d))
		d->failed |= 1u << DECODE_NONBLOCK;
	else
		d->nonblock = (strtol(p + 6, NULL, 8) & O_NONBLOCK) != 0;
}

/* Compute item once; returns whether it is known. */
static bool need(struct decode *d, int item)
{
	static void (*const find[])(struct decode *) = {
		[DECODE_TGID] = find_tgid,   [DECODE_COMM] = find_comm,
		[DECODE_QUEUE] = find_queue, [DECODE_KEY] = find_key,
		[DECODE_MTYPE] = find_mtype, [DECODE_NONBLOCK] = find_nonblock,
	};

	if (!(d->known & (1u << item))) {
		d->known |= 1u << item;
		find[item](d);
	}
	return !(d->failed & (1u << item));
}

pid_t decode_tgid(struct decode *d)
{
	return need(d, DECODE_TGID) ? d->tgid : d->tid;
}

pid_t decode_tgid_known(struct decode *d)
{
	return need(d, DECODE_TGID) ? d->tgid : 0;
}

static int64_t from_register(uint64_t v, const struct pvar_loc *loc,
			     enum pvar_type type)
{
	switch (type) {
	case PVT_BOOL:
		return loc->mask ? (v & loc->mask) != 0 : v != 0;
	case PVT_S32:
		return (int32_t)v;
	case PVT_U32:
		return (uint32_t)v;
	default:
		return (int64_t)v;
	}
}

int decode_get(void *ctx, int var, int64_t *num, const char **str)
{
	struct decode *d = ctx;
	const struct pvar_loc *loc = loc_of(d, var);

	if (loc->where == PW_ARG) {
		*num = from_register(d->args[loc->arg], loc,
				     pvar_table[var].type);
		return 0;
	}
	if (loc->where != PW_SUPERVISOR)
		return -1;
	/* Computed first, read after: the value may not exist yet. */
	switch (var) {
	case PV_QUEUE:
		*str = d->queue;
		return need(d, DECODE_QUEUE) ? 0 : -1;
	case PV_COMM:
		*str = d->comm;
		return need(d, DECODE_COMM) ? 0 : -1;
	case PV_PID:
		if (!need(d, DECODE_TGID))
			return -1;
		*num = d->tgid;
		return 0;
	case PV_KEY:
		if (!need(d, DECODE_KEY))
			return -1;
		*num = d->key;
		return 0;
	case PV_MTYPE:
		if (!need(d, DECODE_MTYPE))
			return -1;
		*num = d->mtype;
		return 0;
	case PV_NONBLOCK:
		if (!need(d, DECODE_NONBLOCK))
			return -1;
		*num = d->nonblock;
		return 0;
	default:
		return -1;
	}
}

/* The register holding var, or -1 when it is not one. */
static int reg(const struct decode *d, int var)
{
	const struct pvar_loc *loc = loc_of(d, var);

	return loc->where == PW_ARG && !loc->mask ? loc->arg : -1;
}

static void decode_payload(struct decode *d, struct fault_event *ev,
			   size_t capture)
{
	int row = payload_row(d);
	size_t want = ev->len < capture ? ev->len : capture;
	ssize_t n;

	ev->payload_len = 0;
	ev->payload_total = row < 0 ? 0 : ev->len;
	if (row < 0 || want == 0)
		return;
	if (want > FAULT_PAYLOAD_MAX)
		want = FAULT_PAYLOAD_MAX;
	n = peek(d, d->args[payloads[row].arg] + payloads[row].skip,
		 ev->payload, want);
	ev->payload_len = n > 0 ? (size_t)n : 0;
}

void decode_event(struct decode *d, struct fault_event *ev, size_t capture)
{
	int r;

	ev->pid = decode_tgid(d);
	ev->tid = d->tid;
	snprintf(ev->comm, sizeof(ev->comm), "%s",
		 need(d, DECODE_COMM) ? d->comm : "");
	ev->call = d->call;
	ev->syscall = sysent_table[d->call].name;
	memcpy(ev->args, d->args, sizeof(ev->args));
	ev->queue[0] = '\0';
	if (loc_of(d, PV_QUEUE)->where != PW_NONE && need(d, DECODE_QUEUE))
		snprintf(ev->queue, sizeof(ev->queue), "%s", d->queue);
	r = reg(d, PV_MSQID);
	ev->msqid = r < 0 ? -1 : (int)d->args[r];
	ev->key = -1;
	if (loc_of(d, PV_KEY)->where != PW_NONE && need(d, DECODE_KEY))
		ev->key = d->key;
	r = reg(d, PV_PRIO);
	ev->has_prio = r >= 0;
	ev->prio = r < 0 ? 0 : (unsigned)d->args[r];
	ev->has_mtype =
		loc_of(d, PV_MTYPE)->where != PW_NONE && need(d, DECODE_MTYPE);
	ev->mtype = ev->has_mtype ? d->mtype : 0;
	r = reg(d, PV_LEN);
	ev->len = r < 0 ? 0 : (size_t)d->args[r];
	r = reg(d, PV_OFLAG) >= 0 ? reg(d, PV_OFLAG) : reg(d, PV_MSGFLG);
	ev->flags = r < 0 ? 0 : (int)d->args[r];
	/* mq_timedsend/receive carry no flags: the descriptor's O_NONBLOCK
	 * is what decides whether they wait. */
	if (r < 0 && loc_of(d, PV_NONBLOCK)->where == PW_SUPERVISOR &&
	    need(d, DECODE_NONBLOCK))
		ev->flags = d->nonblock ? O_NONBLOCK : 0;
	decode_payload(d, ev, capture);
}
