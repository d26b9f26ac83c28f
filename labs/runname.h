/*
 * runname.h - queue names and System V keys unique to one lab run.
 *
 * In private namespaces (labs/sandbox.h) a run owns its IPC namespace, so
 * fixed names like "/mqlab-01-orders" are safe and read well.  In the
 * fallback every run shares the host's: two students on one host would
 * meet on the same name or key.  There the sandbox sets MQLAB_RUN_ID, and
 * these helpers make every name and key the run's own.  Scenarios and
 * their roles use them, one line per name; student code and checks never
 * do: they are given the names.
 *
 * See also: labs/sandbox.h, labs/tidy.h (removes what carries the run id)
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_RUNNAME_H
#define MQLAB_RUNNAME_H

#include <sys/types.h>

/*
 * The POSIX queue name for base ("/mqlab-01-orders"): base itself when
 * MQLAB_RUN_ID is unset, else "/mqlab-01-orders-RUNID".  The string is
 * owned by this module and stays valid for the life of the process;
 * asking twice for one base gives the same pointer.  Never NULL: bases
 * are the program's own constants and the id is the sandbox's, so a name
 * over 63 bytes, or more than RUNNAME_MAX different bases in a process,
 * is a bug and fails an assert().
 */
#define RUNNAME_MAX 8
const char *runname_queue(const char *base);

/*
 * The run id: MQLAB_RUN_ID when it is 1 to RUNNAME_ID_MAX letters,
 * digits, '_' or '-' (what the sandbox sets), else NULL, as when it is
 * unset: a value from elsewhere must not put a '/' into a path.
 */
#define RUNNAME_ID_MAX 24
const char *runname_id(void);

/*
 * The System V key for base: base itself when MQLAB_RUN_ID is unset,
 * else base XOR a 32-bit hash of the run id (never IPC_PRIVATE).  Two
 * runs meet on one key only when their ids hash alike, about one chance
 * in 2^32 per pair; setup creates keys with IPC_EXCL, so even that fails
 * loudly (EEXIST) rather than sharing a queue.
 */
key_t runname_key(key_t base);

#endif
