/*
 * cli_status.c - end in a chosen way, for mqfault's exit status tests.
 *
 * `cli_status CODE` exits with CODE; `cli_status -k SIG` dies of signal
 * SIG; `cli_status -w` prints "ready" and waits for a signal to end it.
 * Before any of that it checks that mqfault started it with none of the
 * signals mqfault itself catches blocked (a mask is inherited through
 * exec): if one is, it prints "blocked" and exits 99.
 *
 * See also: tests/test_mqfault.c
 * SPDX-License-Identifier: MIT
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int mask_is_clear(void)
{
	static const int sigs[] = {SIGUSR1, SIGTERM, SIGINT, SIGHUP};
	sigset_t mask;

	if (sigprocmask(SIG_BLOCK, NULL, &mask) < 0) {
		perror("sigprocmask");
		exit(1);
	}
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigismember(&mask, sigs[i]))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: cli_status CODE | -k SIG | -w\n");
		return 2;
	}
	if (!mask_is_clear()) {
		puts("blocked");
		return 99;
	}
	if (strcmp(argv[1], "-w") == 0) {
		puts("ready");
		fflush(stdout);
		for (;;)
			pause();
	}
	if (strcmp(argv[1], "-k") == 0 && argc > 2) {
		int sig = atoi(argv[2]);

		signal(sig, SIG_DFL);
		raise(sig);
		puts("still alive");
		return 98;
	}
	return atoi(argv[1]);
}
