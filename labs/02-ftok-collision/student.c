/*
 * student.c - lab 02, your file: open a System V queue that is yours.
 *
 * This is the code most of us write first: ftok() a file, then msgget()
 * with IPC_CREAT.  It works until another application's key is the same
 * as yours; then both share one queue and read each other's messages.
 * Run `mqlab run 02` to watch billing read shipping's messages, and
 * `mqlab grade 02` to see what the checks expect.
 *
 * The contract is in ftok_collision.h; read it first.
 *
 * See also: ftok_collision.h, README.md, ftok(3), msgget(2), msgctl(2)
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include "labs/02-ftok-collision/ftok_collision.h"

int open_own_queue(const struct app *app)
{
	key_t key;
	int id;

	/* TODO: ftok() returns -1 when it cannot stat the file.  -1 is not
	 * a key: it is an error, and the caller must hear about it. */
	key = ftok(app->keyfile, app->proj);

	/* TODO: after a restart, look in app->idfile for the queue you
	 * created before, and check that it still exists. */

	/* TODO: IPC_CREAT alone opens any queue that has this key, even
	 * another application's.  Make sure the queue is new; when the key
	 * is taken, get a queue nobody else can open by its key. */
	id = msgget(key, IPC_CREAT | 0600);

	/* TODO: record the id of a new queue in app->idfile. */
	return id;
}
