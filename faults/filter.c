/*
 * filter.c - compile a plan into one seccomp BPF program.
 *
 * The cheapest fault is one the kernel injects by itself: a static rule
 * (an error, no counting, a predicate on registers only) becomes
 * SCMP_ACT_ERRNO and the call never leaves the kernel.  Rules apply in
 * order, first match wins, but libseccomp has no order: so rule i is
 * compiled as pred_i AND NOT pred_1 ... AND NOT pred_i-1, in DNF, and the
 * rules of different actions never overlap.  A syscall with any other
 * rule goes to the supervisor, behind a pre-filter: the OR of its rules'
 * predicates, with everything only the supervisor can know taken as true.
 * Calls the pre-filter rejects never leave the kernel either.
 *
 * When a syscall cannot be compiled exactly (two comparisons of one
 * register in a term, or too many terms), it goes to the supervisor:
 * slower, never wrong.  The program is exported from libseccomp as raw
 * BPF so that children can load it with seccomp(2) right after fork().
 *
 * See also: faults/filter.h, faults/dnf.c, docs/engine.md
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/dnf.h"
#include "faults/fault.h"
#include "faults/filter.h"
#include "faults/rule.h"
#include "faults/sysent.h"

/* The rules of one syscall, in plan order. */
struct row_rules {
	int row;
	size_t n;
	const struct rule **rule;
};

static int add_terms(scmp_filter_ctx ctx, uint32_t action, int nr,
		     const struct dnf *d)
{
	for (unsigned i = 0; i < d->n; i++) {
		int ret = seccomp_rule_add_array(ctx, action, nr, d->term[i].n,
						 d->term[i].cmp);
		if (ret < 0) {
			errno = -ret;
			return -1;
		}
	}
	return 0;
}

/*
 * First match wins: rule i gets pred_i AND NOT (pred_1 OR ... pred_i-1).
 * Every DNF is computed before libseccomp sees any of it, so a syscall
 * that cannot be compiled (ENOTSUP, E2BIG) leaves ctx untouched.
 */
static int add_kernel(scmp_filter_ctx ctx, const struct row_rules *rr)
{
	struct dnf *d = calloc(rr->n + 2, sizeof(*d));
	struct dnf *rest, *neg;
	int nr = sysent_table[rr->row].nr;
	size_t i;
	int ret = -1;

	if (!d)
		return -1;
	rest = &d[rr->n];
	neg = &d[rr->n + 1];
	dnf_set_true(rest);
	for (i = 0; i < rr->n; i++) {
		const struct pred *p = rr->rule[i]->pred;

		if (dnf_build(p, false, rr->row, DNF_EXACT, &d[i]) < 0 ||
		    dnf_and(&d[i], rest, DNF_EXACT) < 0 ||
		    dnf_build(p, true, rr->row, DNF_EXACT, neg) < 0 ||
		    dnf_and(rest, neg, DNF_EXACT) < 0)
			goto out_free;
	}
	for (i = 0; i < rr->n; i++)
		if (add_terms(ctx, SCMP_ACT_ERRNO((uint32_t)rr->rule[i]->error),
			      nr, &d[i]) < 0) {
			errno = errno == ENOTSUP ? EINVAL : errno;
			goto out_free;
		}
	ret = 0;
out_free:
	free(d);
	return ret;
}

/* Notify where any rule could match.  Returns 1 when that is always. */
static int add_notify(scmp_filter_ctx ctx, const struct row_rules *rr)
{
	struct dnf *d = calloc(2, sizeof(*d));
	int nr = sysent_table[rr->row].nr;
	int ret = -1;

	if (!d)
		return -1;
	d[0].n = 0;
	for (size_t i = 0; i < rr->n && !dnf_is_true(&d[0]); i++) {
		if (dnf_build(rr->rule[i]->pred, false, rr->row, DNF_OVER,
			      &d[1]) < 0)
			goto out_free;
		if (dnf_or(&d[0], &d[1]) < 0)
			dnf_set_true(&d[0]);
	}
	if (add_terms(ctx, SCMP_ACT_NOTIFY, nr, &d[0]) < 0)
		goto out_free;
	ret = dnf_is_true(&d[0]) ? 1 : 0;
out_free:
	free(d);
	return ret;
}

static int route_row(struct filter *f, scmp_filter_ctx ctx,
		     const struct row_rules *rr, bool watch_all)
{
	uint32_t bit = 1u << rr->row;
	bool all_static = true;
	int ret;

	if (watch_all) {
		ret = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY,
				       sysent_table[rr->row].nr, 0);
		if (ret < 0) {
			errno = -ret;
			return -1;
		}
		f->notify_all |= bit;
		return 0;
	}
	if (rr->n == 0)
		return 0;
	for (size_t i = 0; i < rr->n; i++)
		all_static = all_static && rule_is_static(rr->rule[i]);
	if (all_static) {
		if (add_kernel(ctx, rr) == 0) {
			f->kernel |= bit;
			return 0;
		}
		if (errno != ENOTSUP && errno != E2BIG)
			return -1;
	}
	ret = add_notify(ctx, rr);
	if (ret < 0)
		return -1;
	if (ret == 1)
		f->notify_all |= bit;
	else
		f->notify_if |= bit;
	return 0;
}

/* Copy the BPF program out of libseccomp, through a memfd. */
static int export_prog(struct filter *f, scmp_filter_ctx ctx)
{
	struct stat st;
	int fd = memfd_create("mqlab-bpf", MFD_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = seccomp_export_bpf(ctx, fd);
	if (ret < 0) {
		errno = -ret;
		goto out_close;
	}
	if (fstat(fd, &st) < 0)
		goto out_close;
	f->prog.filter = malloc((size_t)st.st_size);
	if (!f->prog.filter)
		goto out_close;
	if (pread(fd, f->prog.filter, (size_t)st.st_size, 0) != st.st_size) {
		errno = EIO; /* a memfd we just wrote: nothing else can fail */
		goto out_free;
	}
	/* The kernel takes at most BPF_MAXINSNS; a longer program must not
	 * be cut short by the cast. */
	if ((size_t)st.st_size / sizeof(struct sock_filter) > BPF_MAXINSNS) {
		errno = E2BIG;
		goto out_free;
	}
	f->prog.len = (unsigned short)(st.st_size / sizeof(struct sock_filter));
	close(fd);
	return 0;
out_free:
	free(f->prog.filter);
	f->prog.filter = NULL;
out_close:
	ret = errno;
	close(fd);
	errno = ret;
	return -1;
}

int filter_build(struct filter *f, struct fault_plan *plan, size_t nrules,
		 const bool *armed, bool watch_all)
{
	struct row_rules rr = {0};
	scmp_filter_ctx ctx;
	int ret = -1, saved;

	memset(f, 0, sizeof(*f));
	rr.rule = calloc(nrules + 1, sizeof(*rr.rule));
	if (!rr.rule)
		return -1;
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		errno = ENOMEM;
		goto out_free;
	}
	/* libseccomp kills a task calling through another ABI (a 32-bit
	 * program under mqfault); ours is a test tool, not a sandbox: such
	 * calls run untouched. */
	ret = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);
	if (ret < 0) {
		errno = -ret;
		ret = -1;
		goto out_release;
	}
	ret = -1;
	for (rr.row = 0; rr.row < sysent_count; rr.row++) {
		rr.n = 0;
		for (size_t i = 0; i < nrules; i++) {
			const struct rule *r = plan_rule(plan, i);
			if (armed[i] && (r->calls & (1u << rr.row)))
				rr.rule[rr.n++] = r;
		}
		if (route_row(f, ctx, &rr, watch_all) < 0)
			goto out_release;
	}
	if (f->kernel | f->notify_if | f->notify_all)
		ret = export_prog(f, ctx);
	else
		ret = 0;
out_release:
	saved = errno;
	seccomp_release(ctx);
	errno = saved;
out_free:
	free(rr.rule);
	return ret;
}

bool filter_in_kernel(const struct filter *f, uint32_t calls)
{
	return (calls & f->kernel) != 0;
}

void filter_free(struct filter *f)
{
	free(f->prog.filter);
	memset(f, 0, sizeof(*f));
}
