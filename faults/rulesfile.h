/*
 * rulesfile.h - read a rules file: one fault spec a line.
 *
 * Split in two so that a fuzzer can drive the part that reads content:
 * rulesfile_parse() takes the bytes of a file, whatever they are, and
 * adds all of its rules to a plan or none; fault_plan_load() (in
 * faults/fault.h) only gets those bytes safely from a path and hands
 * them over.
 *
 * The format: one spec a line, with any prefix a spec may have (inject=,
 * fault=, -e); '#' starts a comment, except inside a quoted string; blank
 * lines and blanks around a spec are ignored, and so is a CR before the
 * LF.  A NUL byte is an error (a binary file given by mistake): nothing
 * after it could be shown or parsed as the user sees it.  A file with no
 * rule at all is not an error here; mqfault decides what it means.
 *
 * See also: faults/rulesfile.c, faults/fault.h, docs/spec.md,
 *           tests/fuzz/fuzz_rules.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_RULESFILE_H
#define MQLAB_RULESFILE_H

#include <stddef.h>

#include "faults/fault.h"

/* The largest rules file read: a rules file is a short list of specs,
 * and /dev/zero or a log given by mistake must not fill memory. */
#define RULESFILE_MAX (1024 * 1024)

/*
 * Parse the len bytes of buf as the rules file called name (used in
 * errors and notes: "name:3: ...") and append its rules to plan, all or
 * none.  Returns how many rules were added (0 for a file of comments),
 * or -1 with errno EINVAL and err (when not NULL) filled in: err->file =
 * name, err->line = the 1-based line, err->text and err->column = the
 * line and the bad byte in it, err->message = what was wrong and what
 * was expected.  Or -1 with ENOMEM.
 */
int rulesfile_parse(struct fault_plan *plan, const char *name, const char *buf,
		    size_t len, struct fault_error *err);

#endif
