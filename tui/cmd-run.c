/*
 * cmd-run.c - `mqlab run NN`: run a lab's scenario and watch the timeline.
 *
 *   mqlab run 01                       your code; the producer blocks
 *   mqlab run 01 --solution            the reference solution
 *   mqlab run 01 -p "consumer dies"    a fault preset of the lab
 *   mqlab run 01 -e 'producer@mq_send:error=EAGAIN:when=3' --for 2 --json
 *
 * Each role runs under its own fault plan: a spec given as ROLE@SPEC
 * goes to that role only, a plain SPEC to every role, and counting
 * (when=3) is per role.  Everything that can be checked without running
 * anything (the lab, its roles, every spec) is checked before the run
 * starts, so a mistake costs one line and exit status 2.
 *
 * See also: labs/run.h, labs/sandbox.h, docs/labs.md, docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults/fault.h"
#include "faults/strnum.h"
#include "labs/catalog.h"
#include "labs/run.h"
#include "labs/sandbox.h"
#include "tui/cmd.h"

#define CMD_RUN_MAX_SPECS   64
#define CMD_RUN_MAX_SECONDS 86400

struct cmd_run {
	const struct lab *lab;
	char program[PATH_MAX];
	char **roles;
	struct fault_plan **plans;
	size_t nroles;
	bool solution, json;
	double seconds;
	bool has_seed;
	unsigned long long seed;
	const char *specs[CMD_RUN_MAX_SPECS];
	size_t nspecs;
	const char *presets[CMD_RUN_MAX_SPECS];
	size_t npresets;
};

/* "producer@SPEC" -> the role's length; 0 when spec names no role. */
static size_t cmd_run_role_prefix(const char *spec)
{
	size_t n = 0;

	while (isalnum((unsigned char)spec[n]) || spec[n] == '_' ||
	       spec[n] == '-')
		n++;
	return n > 0 && spec[n] == '@' ? n : 0;
}

static void cmd_run_role_names(const struct cmd_run *c, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < c->nroles && n < size; i++)
		n += snprintf(buf + n, size - n, "%s%s", i ? ", " : "",
			      c->roles[i]);
}

/* Add spec to role's plan (role NULL: every role).  Returns 0 or 2. */
static int cmd_run_add(struct cmd_run *c, const char *role, size_t rlen,
		       const char *spec, const char *origin)
{
	struct fault_error err;
	char names[256], origin_role[64];
	size_t i, added = 0;

	for (i = 0; i < c->nroles; i++) {
		if (role != NULL && (strlen(c->roles[i]) != rlen ||
				     strncmp(c->roles[i], role, rlen) != 0))
			continue;
		if (fault_plan_add(c->plans[i], spec, &err) < 0)
			return cmd_usage_error(
				"bad fault spec '%s'%s: %s%s%s%s; see "
				"docs/spec.md",
				cmd_quote(spec), origin, err.message,
				err.hint[0] ? " (" : "", err.hint,
				err.hint[0] ? ")" : "");
		added++;
	}
	if (added == 0) {
		cmd_run_role_names(c, names, sizeof(names));
		snprintf(origin_role, sizeof(origin_role), "%.*s", (int)rlen,
			 role);
		return cmd_usage_error("lab %02d has no role '%s'%s; its "
				       "roles are %s",
				       c->lab->number, cmd_quote(origin_role),
				       origin, names);
	}
	return 0;
}

static int cmd_run_preset(struct cmd_run *c, const char *name)
{
	const struct lab_preset *p;
	char names[512], origin[160];
	size_t n = 0;

	for (p = c->lab->presets; p != NULL && p->name != NULL; p++)
		if (strcmp(p->name, name) == 0)
			break;
	if (p == NULL || p->name == NULL) {
		names[0] = '\0';
		for (p = c->lab->presets; p && p->name && n < sizeof(names);
		     p++)
			n += snprintf(names + n, sizeof(names) - n, "%s\"%s\"",
				      n ? ", " : "", p->name);
		return cmd_usage_error("lab %02d has no preset '%s'; its "
				       "presets are %s",
				       c->lab->number, cmd_quote(name),
				       n ? names : "none");
	}
	snprintf(origin, sizeof(origin), " (preset \"%s\")", p->name);
	return cmd_run_add(c, p->role, p->role ? strlen(p->role) : 0, p->spec,
			   origin);
}

/* Find the lab's program, ask it for its roles, build the plans. */
static int cmd_run_plans(struct cmd_run *c)
{
	size_t i, rlen;
	int status;

	if (catalog_program(c->lab, c->solution ? "solution" : "student",
			    c->program, sizeof(c->program)) < 0 ||
	    access(c->program, X_OK) < 0)
		return cmd_fail("lab %02d is not built (no %s); run make",
				c->lab->number, c->program);
	c->roles = run_ask(c->program, "--roles");
	if (c->roles == NULL || c->roles[0] == NULL)
		return cmd_fail("%s --roles named no role; is the lab built?",
				c->program);
	for (c->nroles = 0; c->roles[c->nroles] != NULL; c->nroles++)
		;
	c->plans = calloc(c->nroles + 1, sizeof(*c->plans));
	for (i = 0; c->plans != NULL && i < c->nroles; i++)
		if ((c->plans[i] = fault_plan_new()) == NULL)
			return cmd_fail("out of memory");
	if (c->plans == NULL)
		return cmd_fail("out of memory");
	for (i = 0; i < c->nspecs; i++) {
		rlen = cmd_run_role_prefix(c->specs[i]);
		status = cmd_run_add(c, rlen ? c->specs[i] : NULL, rlen,
				     c->specs[i] + (rlen ? rlen + 1 : 0), "");
		if (status != 0)
			return status;
	}
	for (i = 0; i < c->npresets; i++)
		if ((status = cmd_run_preset(c, c->presets[i])) != 0)
			return status;
	return 0;
}

static void cmd_run_seed(struct cmd_run *c, char *note, size_t size)
{
	bool prob = false;
	size_t i;

	note[0] = '\0';
	for (i = 0; i < c->nroles; i++)
		prob |= fault_plan_uses_prob(c->plans[i]);
	if (!c->has_seed && prob) {
		if (getrandom(&c->seed, sizeof(c->seed), 0) < 0)
			c->seed = (unsigned long long)getpid();
		c->seed %= 1000000000ULL;
		snprintf(note, size, "seed %llu (repeat with --seed %llu)",
			 c->seed, c->seed);
	}
	if (c->has_seed || prob)
		for (i = 0; i < c->nroles; i++)
			fault_plan_set_seed(c->plans[i], c->seed);
}

/* The default length of a run: the lab program's --seconds. */
static double cmd_run_default_seconds(const char *program)
{
	char **lines = run_ask(program, "--seconds");
	double s = 0;

	if (lines == NULL || lines[0] == NULL ||
	    strnum_double(lines[0], 0, CMD_RUN_MAX_SECONDS, &s) < 0)
		s = 0;
	run_free_lines(lines);
	return s > 0 ? s : 10;
}

/* In the parent: start the sandbox, run there, return the exit status. */
static int cmd_run_go(struct cmd_run *c)
{
	struct run_opts o = {0};
	struct sandbox sb;
	enum run_end end;
	char err[512], note[128];
	int status, ret;

	cmd_run_seed(c, note, sizeof(note));
	ret = sandbox_enter(&sb);
	if (ret < 0)
		return cmd_fail("cannot start the run: %m");
	if (ret == 1) {
		o = (struct run_opts){c->lab,	   c->program,
				      c->solution, c->roles,
				      c->plans,	   c->seconds,
				      c->json,	   note[0] ? note : NULL,
				      &sb,	   stdout};
		ret = run_scenario(&o, &end, err, sizeof(err));
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cmd_usage_error("cannot write the timeline to standard "
					"output: %m; check where it goes (a "
					"full disk?)");
			_exit(2);
		}
		if (ret < 0) {
			cmd_fail("%s", err);
			_exit(1);
		}
		_exit(end == RUN_INTERRUPTED ? 130 : 0);
	}
	if (sb.mode == SANDBOX_FALLBACK)
		fprintf(stderr,
			"mqlab: warning: no private namespaces (%s): the run "
			"shares the host's queues; mqlab removes those it "
			"made when it ends, even if mqlab is killed\n",
			sb.reason);
	status = sandbox_wait(&sb);
	if (status < 0)
		return cmd_fail("lost the run: %m");
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* getopt's '?': an unknown long option, an unknown letter in a cluster
 * such as -xe, or a value given to --solution=... */
static int cmd_run_bad_option(char *argv[])
{
	const char *arg = argv[optind - 1];

	if (optopt != 0 && strncmp(arg, "--", 2) != 0)
		return cmd_usage_error("unknown option '-%c'; see mqlab run "
				       "--help",
				       optopt);
	if (optopt != 0)
		return cmd_usage_error("option '%s' takes no value; see "
				       "mqlab run --help",
				       cmd_quote(arg));
	return cmd_usage_error("unknown option '%s'; see mqlab run --help",
			       cmd_quote(arg));
}

static int cmd_run_options(struct cmd_run *c, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"solution", no_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"for", required_argument, NULL, 'f'},
		{"seed", required_argument, NULL, 'S'},
		{"preset", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	uint64_t seed;
	int opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":e:p:h", longopts, NULL)) !=
	       -1) {
		switch (opt) {
		case 's':
			c->solution = true;
			break;
		case 'j':
			c->json = true;
			break;
		case 'e':
		case 'p':
			if (c->nspecs == CMD_RUN_MAX_SPECS ||
			    c->npresets == CMD_RUN_MAX_SPECS)
				return cmd_usage_error("too many -e or -p; "
						       "use at most %d",
						       CMD_RUN_MAX_SPECS);
			if (opt == 'e')
				c->specs[c->nspecs++] = optarg;
			else
				c->presets[c->npresets++] = optarg;
			break;
		case 'f':
			if (strnum_double(optarg, 0, CMD_RUN_MAX_SECONDS,
					  &c->seconds) < 0 ||
			    !(c->seconds > 0))
				return cmd_usage_error(
					"--for needs a number of seconds "
					"above 0 and up to %d, not '%s'; try "
					"--for 5",
					CMD_RUN_MAX_SECONDS, cmd_quote(optarg));
			break;
		case 'S':
			/* mqfault's --seed syntax: decimal or 0x hex. */
			if (strnum_u64(optarg, UINT64_MAX, &seed) < 0)
				return cmd_usage_error(
					"--seed needs a whole number from 0 "
					"to 2^64-1, not '%s'; try --seed 42",
					cmd_quote(optarg));
			c->seed = seed;
			c->has_seed = true;
			break;
		case 'h':
			return cmd_print_usage(&cmd_run_entry), -1;
		case ':':
			return cmd_usage_error(
				"%s needs a value; see mqlab run "
				"--help",
				cmd_quote(argv[optind - 1]));
		default:
			return cmd_run_bad_option(argv);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("run needs one lab number%s; try mqlab "
				       "run 01",
				       optind < argc - 1 ? ", not several"
							 : "");
	c->lab = cmd_find_lab(argv[optind]);
	return c->lab != NULL ? 0 : 2;
}

static int cmd_run_exec(int argc, char *argv[])
{
	struct cmd_run c = {0};
	size_t i;
	int status;

	status = cmd_run_options(&c, argc, argv);
	if (status < 0)
		return 0;
	if (status == 0)
		status = cmd_run_plans(&c);
	if (status == 0) {
		if (!(c.seconds > 0))
			c.seconds = cmd_run_default_seconds(c.program);
		status = cmd_run_go(&c);
	}
	for (i = 0; c.plans != NULL && i < c.nroles; i++)
		fault_plan_free(c.plans[i]);
	free(c.plans);
	run_free_lines(c.roles);
	return status;
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "NN [--solution] [-e [ROLE@]SPEC]... [-p PRESET]... "
		 "[--seed N] [--for SECONDS] [--json]",
	.help = "run the lab's scenario in private namespaces and print its "
		"timeline and summary",
	.exec = cmd_run_exec,
};
