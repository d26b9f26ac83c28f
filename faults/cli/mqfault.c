/*
 * mqfault.c - run a program with faults injected into its queue calls.
 *
 * `mqfault -e 'mq_send:error=EAGAIN:when=2..3' -- ./producer` is strace's
 * -e inject= for message queues, without ptrace: the plan is compiled into
 * a seccomp filter, and only the calls a rule must count or inspect reach
 * the supervisor, through seccomp user notification.  This file turns the
 * command line into a plan, the way strace users already write it (-e
 * inject=..., -f, -o, -s), and reports every mistake in one line that says
 * what to do (a bad spec adds the spec and a caret under that line:
 * usage.c).  Running the program is session.c's job.
 *
 * It does not trace calls that no rule selects (add a `log` rule for
 * that), and it waits for PROGRAM only, not for children it leaves behind.
 *
 * See also: faults/cli/session.c, faults/fault.h, docs/mqfault.md,
 * docs/spec.md
 * SPDX-License-Identifier: MIT
 */
#include "faults/cli/listing.h"
#include "faults/cli/session.h"
#include "faults/cli/usage.h"
#include "faults/fault.h"
#include "faults/rule.h"
#include "faults/strnum.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "usage: mqfault [-e SPEC]... -- PROGRAM [ARGS]"

struct options {
	struct fault_plan *plan;
	bool seeded;
	uint64_t seed;
	const char *log_path; /* NULL: no event log */
	bool json;
	size_t capture;
	char **argv; /* PROGRAM and its arguments */
};

static const char help_text[] =
	"usage: mqfault [OPTION]... [--] PROGRAM [ARGS]\n"
	"Run PROGRAM (and everything it forks or execs) with faults\n"
	"injected into its message-queue system calls, like strace's\n"
	"-e inject=.  Options end at PROGRAM: its arguments are its own.\n"
	"\n"
	"  -e SPEC        add a rule, [inject=|fault=]SET:ACTION[:KEY=VALUE]\n"
	"                 (docs/spec.md); repeat -e for several rules\n"
	"  --inject=SPEC, --fault=SPEC  strace's long forms of -e\n"
	"  --rules FILE   add FILE's rules: one spec a line, # comments\n"
	"  --seed N       seed for prob= rules (printed when not given)\n"
	"  -o, --output FILE\n"
	"                 write every event to FILE (- for stdout)\n"
	"  --json         write the events as JSON Lines, not text\n"
	"  -s SIZE        payload bytes per event (default 32, max 4096)\n"
	"  -f             ignored, for strace users: children are followed\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n"
	"  --list WHAT    print the names a spec may use, one a line:\n"
	"                 " LISTING_WHAT "\n"
	"\n"
	"Rules apply in order: the first rule that selects a call acts.\n"
	"SIGUSR1 releases the calls held by hold rules; SIGTERM, SIGINT\n"
	"and SIGHUP are passed on to PROGRAM.  The exit status is\n"
	"PROGRAM's (128+N when signal N killed it, 127 when it was not\n"
	"found, 126 when it could not be run), or 2 for a usage error.\n"
	"\n"
	"Examples:\n"
	"  mqfault -e 'mq_send:error=EAGAIN:when=2..3' -- ./producer\n"
	"  mqfault -e inject=msgsnd:error=EINTR:prob=10% --seed 7 ./sender\n"
	"  mqfault -e '%mq:log' -o - ./consumer     # trace, inject nothing\n"
	"  mqfault -e 'mq_receive:hold:if=queue==\"/orders\"' ./consumer\n"
	"  mqfault --rules faults.rules -o events.jsonl --json ./app\n";

/* Whether arg is an strace qualifier other than inject= and fault= (trace=,
 * signal=, ...): a word and '=' before the first ':'. */
static bool other_qualifier(const char *arg)
{
	size_t n = strcspn(arg, "=:");

	if (arg[n] != '=')
		return false;
	return !(n == 6 && strncmp(arg, "inject", 6) == 0) &&
	       !(n == 5 && strncmp(arg, "fault", 5) == 0);
}

static void add_spec(struct fault_plan *plan, const char *spec)
{
	struct fault_error err;

	if (other_qualifier(spec))
		usage_error("only inject= and fault= qualifiers are supported; "
			    "'%s' is not one (see mqfault --help)",
			    usage_quote(spec));
	memset(&err, 0, sizeof(err));
	if (fault_plan_add(plan, spec, &err) < 0)
		usage_spec_error(&err);
}

/* strace's --inject=SPEC and --fault=SPEC: the same as -e qual=SPEC. */
static void add_qualified(struct fault_plan *plan, const char *qual,
			  const char *spec)
{
	char *text;

	if (asprintf(&text, "%s=%s", qual, spec) < 0) {
		fprintf(stderr, "mqfault: %s\n", strerror(errno));
		exit(SESSION_FAILED);
	}
	add_spec(plan, text);
	free(text);
}

/*
 * A whole decimal (or 0x hex) number no larger than max, or exit 2.  The
 * same parser as seed= in a spec, so --seed 010 and seed=010 agree (ten).
 */
static uint64_t parse_number(const char *opt, const char *text, uint64_t max)
{
	uint64_t v;

	if (strnum_u64(text, max, &v) < 0)
		usage_error("%s '%s' is not a number from 0 to %" PRIu64
			    "; give a whole number",
			    opt, usage_quote(text), max);
	return v;
}

static const struct option long_options[] = {
	{"rules", required_argument, NULL, 'r'},
	{"inject", required_argument, NULL, 'I'},
	{"fault", required_argument, NULL, 'F'},
	{"seed", required_argument, NULL, 'S'},
	{"json", no_argument, NULL, 'j'},
	{"output", required_argument, NULL, 'o'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{"list", required_argument, NULL, 'L'},
	{NULL, 0, NULL, 0},
};

/* getopt's own complaints would not follow our one-line format. */
static void bad_option(int c, char **argv)
{
	const char *opt = argv[optind - 1];
	char *name = strndup(opt, strcspn(opt, "="));

	if (name == NULL)
		usage_error("out of memory");
	if (c == ':')
		usage_error("option '%s' needs an argument; see mqfault --help",
			    usage_quote(opt));
	if (strncmp(opt, "--", 2) != 0 && optopt != 0)
		usage_error("unknown option '-%c'; see mqfault --help", optopt);
	if (optopt != 0)
		usage_error("option '%s' takes no argument; "
			    "see mqfault --help",
			    usage_quote(name));
	usage_error("unknown option '%s'; see mqfault --help",
		    usage_quote(name));
}

static void handle_option(int c, struct options *o, char **argv)
{
	switch (c) {
	case 'e':
		add_spec(o->plan, optarg);
		break;
	case 'I':
		add_qualified(o->plan, "inject", optarg);
		break;
	case 'F':
		add_qualified(o->plan, "fault", optarg);
		break;
	case 'r':
		usage_rules_file(o->plan, optarg);
		break;
	case 'S':
		o->seed = parse_number("--seed", optarg, UINT64_MAX);
		o->seeded = true;
		break;
	case 'o':
		o->log_path = optarg;
		break;
	case 'j':
		o->json = true;
		break;
	case 's':
		o->capture = parse_number("-s", optarg, FAULT_PAYLOAD_MAX);
		break;
	case 'f':
		break;
	case 'h':
		fputs(help_text, stdout);
		exit(0);
	case 'L':
		exit(listing_main(optarg));
	case 'V':
		printf("mqfault %s\n", MQLAB_VERSION);
		exit(0);
	default:
		bad_option(c, argv);
	}
}

static void parse_options(int argc, char **argv, struct options *o)
{
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:e:o:s:fhV", long_options,
				NULL)) != -1)
		handle_option(c, o, argv);
	if (optind >= argc)
		usage_error("missing PROGRAM; " USAGE);
	if (o->json && o->log_path == NULL)
		usage_error("--json needs an event log; add -o FILE or -o -");
	o->argv = argv + optind;
	if (o->seeded)
		fault_plan_set_seed(o->plan, o->seed);
}

/* The seed in use is always printed: the plan's when a prob= rule draws
 * from it, and each rule's own seed= (rules numbered from 1, as in the
 * event log). */
static void print_seeds(struct fault_plan *plan)
{
	if (fault_plan_uses_prob(plan))
		fprintf(stderr,
			"mqfault: seed %" PRIu64 " (repeat with --seed %" PRIu64
			")\n",
			fault_plan_seed(plan), fault_plan_seed(plan));
	for (size_t i = 0; i < fault_plan_size(plan); i++) {
		const struct rule *r = plan_rule(plan, i);

		if (r->has_prob && r->has_seed)
			fprintf(stderr,
				"mqfault: seed %" PRIu64 " (rule %zu)\n",
				r->seed, i + 1);
	}
}

/* Notes come as "note: ..." or "warning: ..."; anything else is a note. */
static void print_notes(struct fault_plan *plan)
{
	for (size_t i = 0; i < fault_plan_nnotes(plan); i++) {
		const char *note = fault_plan_note(plan, i);
		bool tagged = strncmp(note, "note: ", 6) == 0 ||
			      strncmp(note, "warning: ", 9) == 0;

		fprintf(stderr, "mqfault: %s%s\n",
			tagged ? "" : "note: ", note);
	}
	if (fault_plan_size(plan) == 0)
		fputs("mqfault: note: no rules given; PROGRAM runs unchanged "
		      "(add -e SPEC)\n",
		      stderr);
	print_seeds(plan);
}

int main(int argc, char **argv)
{
	struct options o = {.capture = 32};
	struct session_options so;
	int code;

	usage_watch_stdout();
	o.plan = fault_plan_new();
	if (o.plan == NULL) {
		fprintf(stderr, "mqfault: %s\n", strerror(errno));
		return SESSION_FAILED;
	}
	parse_options(argc, argv, &o);
	/* Last of the checks: opening truncates an existing log. */
	usage_find_program(o.argv[0]);
	so = (struct session_options){.log = usage_open_log(o.log_path),
				      .json = o.json,
				      .capture = o.capture,
				      .argv = o.argv};
	print_notes(o.plan);
	code = session_run(o.plan, &so);
	if (so.log != NULL && so.log != stdout)
		code = usage_close_log(so.log, o.log_path, code);
	fault_plan_free(o.plan);
	return code;
}
