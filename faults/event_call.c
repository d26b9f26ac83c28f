/*
 * event_call.c - a call and its arguments, the way strace prints them.
 *
 * The syscall's row in sysent_table gives the kind of each argument, one
 * letter each (the letters are below); a row without them is printed
 * with six hex registers, never wrongly.  The
 * strings come from the event, not from the caller's memory: the queue
 * name the supervisor resolved and the payload it captured.
 *
 * See also: faults/event_call.h, faults/event.c, strace(1)
 * SPDX-License-Identifier: MIT
 */
#include <fcntl.h>
#include <string.h>
#include <sys/msg.h>

#include "faults/event_call.h"
#include "faults/sysent.h"

/* The letters of sysent_table's args:
 * q  mqd_t, with its queue: 3</orders>     n  queue name string
 * o  mq_open flags                         m  mode, octal
 * p  pointer (NULL or hex)                 u  unsigned decimal
 * d  int                                   l  long
 * b  the captured payload, as a string     B  msgsnd's {mtype, "text"}
 * k  System V key                          g  msgflg
 * c  msgctl command
 */
struct flag {
	long bit;
	const char *name;
};

static const struct flag open_flags[] = {
	{O_CREAT, "O_CREAT"},
	{O_EXCL, "O_EXCL"},
	{O_NONBLOCK, "O_NONBLOCK"},
	{O_CLOEXEC, "O_CLOEXEC"},
};

static const struct flag msg_flags[] = {
	{IPC_CREAT, "IPC_CREAT"},   {IPC_EXCL, "IPC_EXCL"},
	{IPC_NOWAIT, "IPC_NOWAIT"}, {MSG_NOERROR, "MSG_NOERROR"},
	{MSG_EXCEPT, "MSG_EXCEPT"},
#ifdef MSG_COPY
	{MSG_COPY, "MSG_COPY"},
#endif
};

static const struct flag ctl_cmds[] = {
	{IPC_RMID, "IPC_RMID"}, {IPC_SET, "IPC_SET"},	{IPC_STAT, "IPC_STAT"},
	{IPC_INFO, "IPC_INFO"}, {MSG_STAT, "MSG_STAT"}, {MSG_INFO, "MSG_INFO"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Bits of v by name, "|"-separated; returns the bits left unnamed. */
static long put_bits(struct sbuf *s, long v, const struct flag *f, size_t n,
		     bool *first)
{
	for (size_t i = 0; i < n; i++) {
		if (!(v & f[i].bit))
			continue;
		sbuf_printf(s, "%s%s", *first ? "" : "|", f[i].name);
		*first = false;
		v &= ~f[i].bit;
	}
	return v;
}

static void put_oflag(struct sbuf *s, long v)
{
	static const char *const access[] = {"O_RDONLY", "O_WRONLY", "O_RDWR",
					     "O_ACCMODE"};
	bool first = false;

	sbuf_printf(s, "%s", access[v & O_ACCMODE]);
	v = put_bits(s, v & ~(long)O_ACCMODE, open_flags, COUNT(open_flags),
		     &first);
	if (v)
		sbuf_printf(s, "|%#lx", v);
}

static void put_msgflg(struct sbuf *s, long v)
{
	bool first = true;

	v = put_bits(s, v, msg_flags, COUNT(msg_flags), &first);
	if (v || first)
		sbuf_printf(s, "%s%#lo", first ? "" : "|", v);
}

static void put_cmd(struct sbuf *s, long v)
{
	for (size_t i = 0; i < COUNT(ctl_cmds); i++)
		if (ctl_cmds[i].bit == v) {
			sbuf_printf(s, "%s", ctl_cmds[i].name);
			return;
		}
	sbuf_printf(s, "%ld", v);
}

/* A C string literal of bytes, "..." after it when cut short. */
static void put_bytes(struct sbuf *s, const unsigned char *p, size_t n,
		      bool more)
{
	sbuf_putc(s, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		const char *esc = strchr("\n\t\r\\\"", c);

		if (c && esc)
			sbuf_printf(s, "\\%c", "ntr\\\""[esc - "\n\t\r\\\""]);
		else if (c < 0x20 || c > 0x7e)
			sbuf_printf(s, "\\x%02x", c);
		else
			sbuf_putc(s, (char)c);
	}
	sbuf_printf(s, "\"%s", more ? "..." : "");
}

static void put_pointer(struct sbuf *s, uint64_t v)
{
	if (v)
		sbuf_printf(s, "%#llx", (unsigned long long)v);
	else
		sbuf_printf(s, "NULL");
}

static void put_payload(struct sbuf *s, const struct fault_event *ev,
			uint64_t reg)
{
	if (ev->payload_len || !ev->payload_total)
		put_bytes(s, ev->payload, ev->payload_len,
			  ev->payload_len < ev->payload_total);
	else
		put_pointer(s, reg);
}

static void put_arg(struct sbuf *s, const struct fault_event *ev, char kind,
		    uint64_t v)
{
	switch (kind) {
	case 'q':
		sbuf_printf(s, "%d", (int)v);
		if (ev->queue[0])
			sbuf_printf(s, "<%s>", ev->queue);
		break;
	case 'n':
		if (ev->queue[0])
			put_bytes(s, (const unsigned char *)ev->queue,
				  strlen(ev->queue), false);
		else
			put_pointer(s, v);
		break;
	case 'o':
		put_oflag(s, (int)v);
		break;
	case 'm':
		sbuf_printf(s, "%#o", (unsigned)v);
		break;
	case 'u':
		sbuf_printf(s, "%llu", (unsigned long long)v);
		break;
	case 'd':
		sbuf_printf(s, "%d", (int)v);
		break;
	case 'l':
		sbuf_printf(s, "%lld", (long long)v);
		break;
	case 'b':
		put_payload(s, ev, v);
		break;
	case 'B':
		if (!ev->has_mtype) {
			put_pointer(s, v);
			break;
		}
		sbuf_printf(s, "{%ld, ", ev->mtype);
		put_payload(s, ev, v);
		sbuf_putc(s, '}');
		break;
	case 'k':
		if ((int)v == IPC_PRIVATE)
			sbuf_printf(s, "IPC_PRIVATE");
		else
			sbuf_printf(s, "%#x", (unsigned)v);
		break;
	case 'g':
		put_msgflg(s, (int)v);
		break;
	case 'c':
		put_cmd(s, (int)v);
		break;
	default:
		put_pointer(s, v);
		break;
	}
}

void event_call_format(struct sbuf *s, const struct fault_event *ev)
{
	const char *args = "pppppp";

	/* By name: an event may come from a log, not from the supervisor. */
	for (int c = 0; c < sysent_count; c++)
		if (ev->syscall && sysent_table[c].args &&
		    strcmp(ev->syscall, sysent_table[c].name) == 0)
			args = sysent_table[c].args;
	sbuf_printf(s, "%s(", ev->syscall ? ev->syscall : "?");
	for (int i = 0; args[i] && i < 6; i++) {
		if (i)
			sbuf_printf(s, ", ");
		put_arg(s, ev, args[i], ev->args[i]);
	}
	sbuf_putc(s, ')');
}
