/*
 * sysent.h - the table of message-queue system calls the engine knows.
 *
 * One row per syscall: its kernel name, number, class, where each
 * predicate variable lives in its arguments, the errno values its man
 * page lists, that man page, and the kinds of its arguments for printing.
 * Adding a syscall means adding a row in sysent.c.  The predicate
 * variables' table (pvar_table, pvar_lookup) is kept there as well.  Classes
 * (%mq, %msg, %ipcq) and library aliases (mq_send) are resolved here too.
 *
 * See also: faults/pred.h, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_SYSENT_H
#define MQLAB_SYSENT_H

#include <stdbool.h>
#include <stdint.h>

#define SYSENT_MQ  (1u << 0) /* POSIX: %mq */
#define SYSENT_MSG (1u << 1) /* System V: %msg */

/* Predicate variables.  Adding one means a row in sysent.c's pvar table
 * and a column in every sysent row. */
enum pvar {
	PV_PRIO,     /* mq_timedsend priority */
	PV_LEN,	     /* message or buffer length */
	PV_FD,	     /* mqd_t */
	PV_NONBLOCK, /* O_NONBLOCK / IPC_NOWAIT: 0 or 1 */
	PV_MSGFLG,   /* msgget/msgsnd/msgrcv flags */
	PV_MSGTYP,   /* msgrcv type selector */
	PV_MSQID,    /* System V queue id */
	PV_CMD,	     /* msgctl command */
	PV_OFLAG,    /* mq_open flags */
	PV_QUEUE,    /* POSIX queue name (supervisor) */
	PV_KEY,	     /* System V key (supervisor, but msgget's arg0) */
	PV_MTYPE,    /* msgsnd message type (supervisor) */
	PV_PID,	     /* caller's process id (supervisor) */
	PV_COMM,     /* caller's command name (supervisor) */
	PV_COUNT
};

enum pvar_type {
	PVT_S32,  /* int argument: glibc passes it sign-extended */
	PVT_U32,  /* unsigned int argument */
	PVT_U64,  /* size_t argument */
	PVT_S64,  /* long argument */
	PVT_BOOL, /* 0 or 1 */
	PVT_STR,  /* a string, compared with == and != (fnmatch patterns) */
};

struct pvar_info {
	const char *name;
	enum pvar_type type;
};

/* Where a variable lives for one syscall. */
enum pvar_where {
	PW_NONE = 0,   /* the variable has no meaning for this syscall */
	PW_ARG,	       /* args[arg], masked by mask when mask != 0 */
	PW_SUPERVISOR, /* only the supervisor can compute it */
};

struct pvar_loc {
	enum pvar_where where;
	int arg;
	uint64_t mask; /* PVT_BOOL: the flag bit tested in args[arg] */
};

struct sysent {
	const char *name; /* kernel name, "mq_timedsend" */
	int nr;		  /* __NR_mq_timedsend */
	unsigned class;	  /* SYSENT_MQ or SYSENT_MSG */
	struct pvar_loc var[PV_COUNT];
	const int *errnos; /* errno values its man page lists, 0-terminated */
	const char *man;   /* that man page: "mq_send(3)" */
	const char *args;  /* how events print each argument, one letter
			    * each (see faults/event_call.c) */
};

extern const struct sysent sysent_table[];
extern const int sysent_count;
extern const struct pvar_info pvar_table[PV_COUNT];

/* Index of name (kernel name or alias) in sysent_table, or -1.  *alias is
 * set to true when name was a library alias such as mq_send. */
int sysent_lookup(const char *name, bool *alias);

/* Bitmask of the rows in class "mq", "msg" or "ipcq", or 0 if unknown. */
uint32_t sysent_class(const char *name);

/* All rows, as a bitmask. */
uint32_t sysent_all(void);

/* Whether call can fail with err according to its man page. */
bool sysent_can_fail_with(int call, int err);

/* Index of a predicate variable by name, or -1. */
int pvar_lookup(const char *name);

#endif
