/*
 * mqlab.c - the mqlab command: list, read, run and grade the labs.
 *
 *   mqlab [--present]          the lab browser and the live view (TUI)
 *   mqlab list                 numbers, titles, difficulty, your grades
 *   mqlab info NN              the lab's handout
 *   mqlab run NN [...]         run its scenario, watch the timeline
 *   mqlab grade [NN] [...]     grade your code
 *
 * main() only dispatches: each subcommand lives in tui/cmd-NAME.c.
 * Before it does, it checks the environment once for every subcommand:
 * a bad value of one of our variables (MQLAB_TIMEOUT_SCALE,
 * MQLAB_NO_NAMESPACES) is a usage error, because guessing would change
 * what a run or a grade means; a bad standard one (XDG_STATE_HOME, HOME,
 * TMPDIR) is a warning, and is then ignored as the standards say.  Output
 * that cannot be written (a full disk, >/dev/full) is an error at exit,
 * never silence.
 *
 * See also: tui/cmd.h, docs/labs.md (Environment)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "labs/gradebook.h"
#include "labs/sandbox.h"
#include "labs/timeout.h"
#include "tui/cmd.h"
#include "tui/live.h"

static int mqlab_help(void)
{
	const struct cmd_entry *const *c;

	printf("usage: mqlab [--present | COMMAND [ARGS]]\n\n"
	       "  mqlab [--present]\n      the labs, and each one live "
	       "(--present: for a projector)\n");
	for (c = cmd_table; *c != NULL; c++)
		printf("  mqlab %s %s\n      %s\n", (*c)->name, (*c)->usage,
		       (*c)->help);
	printf("\nLabs are named by number (1, 01) or slug (full-queue).\n"
	       "`mqlab COMMAND --help` shows one command's options.\n");
	return 0;
}

/* At exit: what could not be written to stdout is an error (status 2). */
static void mqlab_check_stdout(void)
{
	int err = fflush(stdout) == 0 ? 0 : errno;

	if (err == 0 && !ferror(stdout))
		return;
	fprintf(stderr,
		"mqlab: cannot write to standard output: %s; check where it "
		"goes (a full disk?)\n",
		err != 0 ? strerror(err) : "a write failed");
	_exit(2);
}

/* TMPDIR, when set, must be an absolute path to a directory we may write
 * in: else it is dropped, for every part of mqlab and its children. */
static void mqlab_tmpdir(void)
{
	const char *dir = getenv("TMPDIR");
	struct stat st;

	if (dir == NULL || dir[0] == '\0')
		return;
	if (dir[0] == '/' && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	    access(dir, W_OK | X_OK) == 0)
		return;
	fprintf(stderr,
		"mqlab: warning: TMPDIR='%s' is not a directory you can "
		"write in, so it is ignored and /tmp is used; fix it or "
		"unset it\n",
		cmd_quote(dir));
	unsetenv("TMPDIR");
}

/* Every variable mqlab reads, checked before any work.  Returns 0, or 2
 * after a usage error. */
static int mqlab_env(void)
{
	char why[640];

	if (timeout_scale_check(why, sizeof(why)) < 0 ||
	    sandbox_forced(why, sizeof(why)) < 0)
		return cmd_usage_error("%s", why);
	if (gradebook_env_check(why, sizeof(why)) < 0)
		fprintf(stderr, "mqlab: warning: %s\n", why);
	mqlab_tmpdir();
	/* mqlab sets these for its own children: never taken from outside,
	 * where they would send reports or results astray. */
	unsetenv("MQLAB_REPORT_FD");
	unsetenv("MQLAB_RUN_ID");
	unsetenv("MQLAB_RESULTS");
	return 0;
}

static bool mqlab_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int main(int argc, char *argv[])
{
	const struct cmd_entry *const *c;
	char names[256];
	size_t n = 0;

	atexit(mqlab_check_stdout);
	if (argc >= 2 &&
	    (mqlab_is_help(argv[1]) || strcmp(argv[1], "help") == 0))
		return mqlab_help();
	if (argc >= 2 &&
	    (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
		printf("mqlab %s\n", MQLAB_VERSION);
		return 0;
	}
	/* A subcommand's own --help works whatever the environment says. */
	if (!(argc >= 3 && mqlab_is_help(argv[2])) && mqlab_env() != 0)
		return 2;
	if (argc < 2)
		return cmd_tui_main(false);
	if (strcmp(argv[1], "--present") == 0) {
		if (argc > 2)
			return cmd_usage_error("--present takes nothing after "
					       "it, not '%s'; run mqlab "
					       "--present",
					       cmd_quote(argv[2]));
		return cmd_tui_main(true);
	}
	if (argv[1][0] == '-')
		return cmd_usage_error("unknown option '%s'; see mqlab --help",
				       cmd_quote(argv[1]));
	for (c = cmd_table; *c != NULL; c++) {
		if (strcmp((*c)->name, argv[1]) == 0)
			return (*c)->exec(argc - 1, argv + 1);
		/* snprintf() counts what did not fit: past the end, stop. */
		if (n < sizeof(names))
			n += (size_t)snprintf(
				names + n, sizeof(names) - n, "%s%s",
				c == cmd_table ? "" : ", ", (*c)->name);
	}
	return cmd_usage_error("unknown command '%s'; try %s (mqlab --help)",
			       cmd_quote(argv[1]), names);
}
