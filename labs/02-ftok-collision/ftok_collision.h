/*
 * ftok_collision.h - the contract of lab 02: open a System V queue that
 * is really yours, even when another application's ftok() key is the
 * same as yours.
 *
 * ftok(path, proj) builds a key from three numbers it does not own: the
 * low 8 bits of proj, the low 8 bits of the file's device number and the
 * low 16 bits of its inode number.  Two different files can give the same
 * key, and two applications can pick the same file.  msgget(key,
 * IPC_CREAT) then hands both of them the same queue, and each reads the
 * other's messages.  The kernel cannot tell them apart; only the
 * application can, by creating its queue with IPC_EXCL (so it knows the
 * queue is new, hence its own) and by remembering the id it got.
 *
 * How to run it: `mqlab run 02` (your code), `mqlab run 02 --solution`,
 * `mqlab grade 02`.  In the kernel: ksys_msgget() and newque() in
 * ipc/msg.c, ipcget_public() and ipc_addid() in ipc/util.c.
 *
 * See also: labs/02-ftok-collision/README.md, student.c, scenario.c,
 *           collide.c
 * SPDX-License-Identifier: MIT
 */
#ifndef MQLAB_FTOK_COLLISION_H
#define MQLAB_FTOK_COLLISION_H

/* One application's idea of its queue. */
struct app {
	const char *keyfile; /* the file whose ftok() key names the queue */
	int proj;	    /* ftok()'s project id: only its low 8 bits count */
	const char *idfile; /* where the queue id is kept across restarts */
};

/*
 * Open the System V queue that belongs to app, creating it when needed.
 *
 * The key is ftok(app->keyfile, app->proj).  When ftok() fails, that is
 * an error: return -1 with ftok()'s errno (ENOENT for a missing file),
 * and touch no queue.
 *
 * When app->idfile names a queue this application created before (a
 * restart), return that queue's id.  A recorded queue that no longer
 * exists (removed, or the system rebooted) is not an error: create a
 * new one.
 *
 * Otherwise create a new queue (mode 0600), and be sure it is new:
 *   - when nobody uses the key, the queue is created at the key;
 *   - when the key is already taken (another application, the same file,
 *     or a colliding one), never use that queue: create one that no other
 *     application can open by its key.
 * Record the new queue's id in app->idfile before returning it; if that
 * fails, remove the queue you just created and return -1.
 *
 * Never return, and never remove, a queue this application did not
 * create.
 *
 * Returns the queue id (>= 0), or -1 with errno set: the errno of ftok(),
 * of msgget() (ENOSPC when the system has no free queue, ENOMEM,
 * EACCES; but EEXIST is handled, never returned) or of writing idfile.
 */
int open_own_queue(const struct app *app);

/* --- provided by the lab (collide.c), not yours to write ------------- */

/*
 * Make two different files, dir/NAME_A/app.conf and dir/NAME_B/app.conf,
 * whose inode numbers share their low 16 bits on the same device, so
 * that ftok() gives both the same key for any proj.  dir must exist; its
 * other contents are left alone.  Returns 0, or -1 with errno set
 * (EAGAIN when the filesystem never produced a collision).
 */
int collide_files(const char *dir, const char *name_a, const char *name_b);

/* Remove path and everything below it.  Returns 0, or -1 with errno set;
 * a path that does not exist is not an error. */
int remove_tree(const char *path);

#endif
