/*
 * report.h - what a role tells the runtime about its work.
 *
 * Roles run in their own processes, possibly under faults that make calls
 * fail, so only the role knows what each call returned.  It reports every
 * outcome here; the runtime turns the reports into the timeline and the
 * final summary (messages sent, received, lost; errors by errno).  Reports
 * are single writes of less than PIPE_BUF bytes to a pipe the runtime
 * passes down (MQLAB_REPORT_FD), so lines from several roles never mix.
 * Outside the runtime (a test calling a role directly) they go nowhere.
 *
 * See also: labs/run.c (the reader), labs/lab.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_REPORT_H
#define MQLAB_REPORT_H

/* A message went into a queue (n messages at once). */
void report_sent(long n);
/* A message came out of a queue. */
void report_received(long n);
/* Messages that will never arrive: dropped or shed on purpose. */
void report_lost(long n);
/* A call failed with err (an errno value). */
void report_error(const char *call, int err);
/* A free-form line for the timeline: "waiting 2.0 s for a free slot". */
void report_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Print "call: ENAME (strerror)" for the current errno on stderr and exit
 * with status 1: how lab code stops on a failed system call, one call and
 * its check on their own lines, as in TLPI.
 */
void report_die(const char *call) __attribute__((noreturn));

#endif
