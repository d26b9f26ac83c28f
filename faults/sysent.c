/*
 * sysent.c - the message-queue system calls, one row each.
 *
 * Everything the parser, the filter compiler and the supervisor need to
 * know about a syscall lives in its row: the kernel name and number, its
 * class, where each predicate variable sits in its registers (or that only
 * the supervisor can work it out), the errno values its man page lists,
 * that man page, and how an event prints its arguments.  Adding a syscall
 * means adding a row here, nothing else.
 *
 * The predicate variables' own table (pvar_table, pvar_lookup) lives here
 * too: a row's columns are those variables, and the two change together.
 *
 * Argument positions are those of the x86_64 kernel entry points, which
 * glibc calls directly: mq_send(3) is mq_timedsend(2) with a NULL timeout,
 * and msgctl's cmd arrives without IPC_64 on this architecture.
 *
 * See also: faults/sysent.h, faults/pred.c, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/syscall.h>

#include "faults/names.h"
#include "faults/sysent.h"

#define ARG(n)                 \
	{                      \
		PW_ARG, (n), 0 \
	}
#define FLAG(n, m)               \
	{                        \
		PW_ARG, (n), (m) \
	}
#define SUP                         \
	{                           \
		PW_SUPERVISOR, 0, 0 \
	}

/* Errno values from the ERRORS sections of the man pages, 0-terminated. */
static const int mq_open_errnos[] = {EACCES,	   EEXIST, EINVAL, EMFILE,
				     ENAMETOOLONG, ENFILE, ENOENT, ENOMEM,
				     ENOSPC,	   0};
static const int mq_unlink_errnos[] = {EACCES, ENAMETOOLONG, ENOENT, 0};
static const int mq_xfer_errnos[] = {EAGAIN,   EBADF,	  EINTR, EINVAL,
				     EMSGSIZE, ETIMEDOUT, 0};
static const int mq_notify_errnos[] = {EBADF, EBUSY, EINVAL, ENOMEM, 0};
static const int mq_getsetattr_errnos[] = {EBADF, EINVAL, 0};
static const int msgget_errnos[] = {EACCES, EEXIST, ENOENT, ENOMEM, ENOSPC, 0};
static const int msgsnd_errnos[] = {EACCES, EAGAIN, EFAULT, EIDRM,
				    EINTR,  EINVAL, ENOMEM, 0};
static const int msgrcv_errnos[] = {E2BIG,  EACCES, EFAULT, EIDRM, EINTR,
				    EINVAL, ENOMSG, ENOSYS, 0};
static const int msgctl_errnos[] = {EACCES, EFAULT, EIDRM, EINVAL, EPERM, 0};

const struct sysent sysent_table[] = {
	{"mq_open",
	 __NR_mq_open,
	 SYSENT_MQ,
	 {[PV_OFLAG] = ARG(1),
	  [PV_NONBLOCK] = FLAG(1, O_NONBLOCK),
	  [PV_QUEUE] = SUP,
	  [PV_PID] = SUP,
	  [PV_COMM] = SUP},
	 mq_open_errnos,
	 "mq_open(3)",
	 "nomp"},
	{"mq_unlink",
	 __NR_mq_unlink,
	 SYSENT_MQ,
	 {[PV_QUEUE] = SUP, [PV_PID] = SUP, [PV_COMM] = SUP},
	 mq_unlink_errnos,
	 "mq_unlink(3)",
	 "n"},
	{"mq_timedsend",
	 __NR_mq_timedsend,
	 SYSENT_MQ,
	 {[PV_FD] = ARG(0),
	  [PV_LEN] = ARG(2),
	  [PV_PRIO] = ARG(3),
	  [PV_QUEUE] = SUP,
	  [PV_NONBLOCK] = SUP,
	  [PV_PID] = SUP,
	  [PV_COMM] = SUP},
	 mq_xfer_errnos,
	 "mq_send(3)",
	 "qbuup"},
	/* The priority of mq_timedreceive is an output: no prio here. */
	{"mq_timedreceive",
	 __NR_mq_timedreceive,
	 SYSENT_MQ,
	 {[PV_FD] = ARG(0),
	  [PV_LEN] = ARG(2),
	  [PV_QUEUE] = SUP,
	  [PV_NONBLOCK] = SUP,
	  [PV_PID] = SUP,
	  [PV_COMM] = SUP},
	 mq_xfer_errnos,
	 "mq_receive(3)",
	 "qpupp"},
	{"mq_notify",
	 __NR_mq_notify,
	 SYSENT_MQ,
	 {[PV_FD] = ARG(0), [PV_QUEUE] = SUP, [PV_PID] = SUP, [PV_COMM] = SUP},
	 mq_notify_errnos,
	 "mq_notify(3)",
	 "qp"},
	{"mq_getsetattr",
	 __NR_mq_getsetattr,
	 SYSENT_MQ,
	 {[PV_FD] = ARG(0), [PV_QUEUE] = SUP, [PV_PID] = SUP, [PV_COMM] = SUP},
	 mq_getsetattr_errnos,
	 "mq_getattr(3)",
	 "qpp"},
	{"msgget",
	 __NR_msgget,
	 SYSENT_MSG,
	 {[PV_KEY] = ARG(0),
	  [PV_MSGFLG] = ARG(1),
	  [PV_PID] = SUP,
	  [PV_COMM] = SUP},
	 msgget_errnos,
	 "msgget(2)",
	 "kg"},
	{"msgsnd",
	 __NR_msgsnd,
	 SYSENT_MSG,
	 {[PV_MSQID] = ARG(0),
	  [PV_LEN] = ARG(2),
	  [PV_MSGFLG] = ARG(3),
	  [PV_NONBLOCK] = FLAG(3, IPC_NOWAIT),
	  [PV_MTYPE] = SUP,
	  [PV_KEY] = SUP,
	  [PV_PID] = SUP,
	  [PV_COMM] = SUP},
	 msgsnd_errnos,
	 "msgsnd(2)",
	 "dBug"},
	{"msgrcv",
	 __NR_msgrcv,
	 SYSENT_MSG,
	 {[PV_MSQID] = ARG(0),
	  [PV_LEN] = ARG(2),
	  [PV_MSGTYP] = ARG(3),
	  [PV_MSGFLG] = ARG(4),
	  [PV_NONBLOCK] = FLAG(4, IPC_NOWAIT),
	  [PV_KEY] = SUP,
	  [PV_PID] = SUP,
	  [PV_COMM] = SUP},
	 msgrcv_errnos,
	 "msgrcv(2)",
	 "dpulg"},
	{"msgctl",
	 __NR_msgctl,
	 SYSENT_MSG,
	 {[PV_MSQID] = ARG(0),
	  [PV_CMD] = ARG(1),
	  [PV_KEY] = SUP,
	  [PV_PID] = SUP,
	  [PV_COMM] = SUP},
	 msgctl_errnos,
	 "msgctl(2)",
	 "dcp"},
};

const int sysent_count = sizeof(sysent_table) / sizeof(sysent_table[0]);

/* Sets of syscalls are uint32_t masks (rule.calls, the filter's routing)
 * and count=global keeps one counter per row (sup.h global[32]). */
_Static_assert(sizeof(sysent_table) / sizeof(sysent_table[0]) <= 32,
	       "a syscall set is a 32-bit mask");

const struct pvar_info pvar_table[PV_COUNT] = {
	[PV_PRIO] = {"prio", PVT_U32},
	[PV_LEN] = {"len", PVT_U64},
	[PV_FD] = {"fd", PVT_S32},
	[PV_NONBLOCK] = {"nonblock", PVT_BOOL},
	[PV_MSGFLG] = {"msgflg", PVT_S32},
	[PV_MSGTYP] = {"msgtyp", PVT_S64},
	[PV_MSQID] = {"msqid", PVT_S32},
	[PV_CMD] = {"cmd", PVT_S32},
	[PV_OFLAG] = {"oflag", PVT_S32},
	[PV_QUEUE] = {"queue", PVT_STR},
	[PV_KEY] = {"key", PVT_S32},
	[PV_MTYPE] = {"mtype", PVT_S64},
	[PV_PID] = {"pid", PVT_S32},
	[PV_COMM] = {"comm", PVT_STR},
};

/* The names programmers know from libc, and the syscall behind each. */
static const struct {
	const char *alias;
	const char *name;
} sysent_aliases[] = {
	{"mq_send", "mq_timedsend"},
	{"mq_receive", "mq_timedreceive"},
	{"mq_getattr", "mq_getsetattr"},
	{"mq_setattr", "mq_getsetattr"},
};

int sysent_lookup(const char *name, bool *alias)
{
	size_t i;

	if (alias)
		*alias = false;
	for (i = 0; i < sizeof(sysent_aliases) / sizeof(sysent_aliases[0]);
	     i++) {
		if (strcmp(name, sysent_aliases[i].alias) == 0) {
			if (alias)
				*alias = true;
			name = sysent_aliases[i].name;
			break;
		}
	}
	for (int c = 0; c < sysent_count; c++)
		if (strcmp(name, sysent_table[c].name) == 0)
			return c;
	return -1;
}

const char *sysent_alias_at(size_t i)
{
	if (i >= sizeof(sysent_aliases) / sizeof(sysent_aliases[0]))
		return NULL;
	return sysent_aliases[i].alias;
}

uint32_t sysent_class(const char *name)
{
	unsigned want;
	uint32_t set = 0;

	if (name[0] == '%')
		name++;
	if (strcmp(name, "mq") == 0)
		want = SYSENT_MQ;
	else if (strcmp(name, "msg") == 0)
		want = SYSENT_MSG;
	else if (strcmp(name, "ipcq") == 0)
		want = SYSENT_MQ | SYSENT_MSG;
	else
		return 0;
	for (int c = 0; c < sysent_count; c++)
		if (sysent_table[c].class & want)
			set |= 1u << c;
	return set;
}

uint32_t sysent_all(void)
{
	return (uint32_t)((1ull << sysent_count) - 1);
}

bool sysent_can_fail_with(int call, int err)
{
	const int *e;

	if (call < 0 || call >= sysent_count)
		return false;
	if (err == EWOULDBLOCK)
		err = EAGAIN;
	for (e = sysent_table[call].errnos; *e; e++)
		if (*e == err)
			return true;
	return false;
}

int pvar_lookup(const char *name)
{
	for (int v = 0; v < PV_COUNT; v++)
		if (strcmp(name, pvar_table[v].name) == 0)
			return v;
	return -1;
}
