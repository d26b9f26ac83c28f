/*
 * check.h - run student code in a child and judge it by how it ended.
 *
 * A graded check must not be fooled by student code: a call to exit(0) or
 * _exit(0), a raised signal, an endless loop, or printing the text a check
 * expects.  So the code under test runs in a forked child that reports
 * back through a pipe only when the function really returned; the parent
 * waits with a deadline (scaled by MQLAB_TIMEOUT_SCALE), kills the child
 * when it passes, and judges by the report and the wait status, never by
 * anything the child printed.  The child can run under a fault plan (give
 * a supervisor) so failure paths are deterministic, never timing luck.
 *
 * The trust boundary: the code under test runs in its own PID namespace
 * (tests/helpers/isolate.h), so it can neither signal the test nor
 * outlive the check.  But it shares its process with the report: it can
 * find the pipe, write a forged report and _exit(0), and nothing decided
 * in its address space (a nonce included) can tell that apart.  So
 * check_run() only makes forging harder to do by accident: the report
 * must be exactly one well-formed record, the last thing written (EOF
 * right after it), and the exit status 0.  A check that must not be
 * fooled judges what the test can see itself (what is in the queue,
 * which processes are left), not only what fn put in check_out.
 *
 * See also: tests/labs/runner.c, faults/fault.h
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_CHECK_H
#define MQLAB_CHECK_H

#include <stdbool.h>
#include <stddef.h>

struct fault_sup;

#define CHECK_DATA_MAX 8192

/* What the code under test hands back to the check. */
struct check_out {
	unsigned char data[CHECK_DATA_MAX];
	size_t len;
};

struct check_result {
	bool returned;	  /* fn returned normally and its report arrived */
	bool timed_out;	  /* killed at the deadline */
	int signal;	  /* killed by this signal (not ours), or 0 */
	int exit_status;  /* exited without returning from fn, or -1 */
	char detail[256]; /* what happened, in words, for a failure message */
	struct check_out out;
};

/*
 * Run fn(arg, out) in a forked child (under sup's filter when sup is not
 * NULL, dispatching its notifications meanwhile) and wait at most ms
 * milliseconds times MQLAB_TIMEOUT_SCALE.  fn fills out with whatever the
 * check needs to judge (results, counts).  The child _exits.  Returns 0
 * when the child was run and judged (see res), -1 with errno set when it
 * could not be started.
 */
int check_run(struct fault_sup *sup,
	      void (*fn)(void *arg, struct check_out *out), void *arg, int ms,
	      struct check_result *res);

/* ms scaled by MQLAB_TIMEOUT_SCALE (see labs/timeout.h), at most
 * INT_MAX. */
int check_scaled_ms(int ms);

/*
 * cr_assert that the child returned; on failure the message tells what
 * happened instead (timed out after N ms, killed by SIGSEGV, exited 0).
 */
#define check_assert_returned(res)                                           \
	cr_assert((res)->returned, "the code under test did not return: %s", \
		  (res)->detail)

#endif
