/* Hypercall preemption: per-vCPU work budgets and continuations (Xen's hypercall_create_continuation). */
#ifndef HV_PREEMPT_H
#define HV_PREEMPT_H

#include "types.h"
#include <xen/xen.h>

/*
 * Every hypercall runs under the one big lock, so none may do unbounded
 * work. A hypercall from the guest gets a budget of HYPERCALL_BUDGET
 * units; the long ones (mmu_update, mmuext_op, multicall, grant-table
 * batches, console_io writes) charge what they do:
 *   one unit per mmu_update/mmuext_op operation or console byte copied
 *   in; MULTICALL_ENTRY_COST per multicall entry; GNTTAB_OP_COST per
 *   grant map, unmap, copy or swap;
 *   one per entry a page-table validation or de-validation walks
 *     (page_table_work: 512 per table, 512 per descriptor page);
 *   CONSOLE_PRINT_COST per byte that reaches the serial log.
 * When the budget is spent they stop at an operation boundary (after at
 * least one operation, so every call makes progress) and make a
 * continuation, as Xen: the guest's `syscall` is issued again with the
 * arguments rewritten to describe the work left, after the lock has been
 * dropped, so other vCPUs run and events and timers are delivered.
 *
 * HYPERCALL_BUDGET, measured under QEMU TCG on the development host
 * (2.3 GHz): a unit of page-table work costs about 50 ns (one pin or
 * unpin of a 35-table tree, 17920 entries, about 0.9 ms); a console byte
 * printed to the serial port about 1 us (hence CONSOLE_PRINT_COST 20), a
 * byte copied and refused by the rate limit about 20 ns. 16384 units are
 * then about 0.8 ms: a long call yields some ten times per 10 ms
 * scheduler tick, and a woken vCPU waits about that long for the CPU.
 * On hardware the same budget is several times shorter, except for
 * serial output: a real UART at 115200 baud takes about 87 us a byte
 * (QEMU does not pace it), so a budget of printing can hold the lock for
 * some 70 ms there; the per-domain rate limit (domain.h) bounds how
 * often that happens.
 */
#define HYPERCALL_BUDGET     16384
#define CONSOLE_PRINT_COST   20

/* Both do_mmu_update() and do_mmuext_op(): a resumed batch (Xen's). */
#define MMU_UPDATE_PREEMPTED (~(~0U >> 1))

/* Xen's struct mc_state: a vCPU's multicall in progress. */
#define MCSF_in_multicall    (1u << 0)
struct mc_state {
	unsigned int flags;
	struct multicall_entry call;  /* the entry being run */
};

/* A vCPU's hypercall state (struct vcpu.hcall), under the big lock. */
struct hcall_state {
	struct mc_state mc;
	bool preempted;               /* Xen's hcall_preempted */
	unsigned long args[6];        /* the continuation's, outside a multicall */
	unsigned int nargs;           /* how many of them it rewrote */
	unsigned int nr;              /* the hypercall it continues */
	unsigned long budget;         /* units left before a preemption */
};

/* A hypercall from the guest starts: a fresh budget, no continuation
 * (inline: it is on every hypercall's path). */
static inline void hcall_start(struct hcall_state *h, unsigned long budget)
{
	h->budget = budget;
	h->preempted = false;
}

/* Charge units of work (the budget stops at zero). */
void hcall_charge(struct hcall_state *h, unsigned long units);

/* Xen's hypercall_preempt_check(): true once the budget is spent. */
bool hcall_preempt_check(const struct hcall_state *h);

/*
 * Xen's hypercall_create_continuation(op, ...): hypercall op is to be
 * issued again with nargs (at most 6) arguments args (the others keep
 * their values). Inside a multicall they replace the entry's arguments
 * (mc.call.args), which do_multicall writes back to the guest's entry;
 * outside, hcall_take_continuation() hands them to the guest entry path.
 * Returns op, the value the handler returns (what Xen leaves in rax).
 */
unsigned long hcall_create_continuation(struct hcall_state *h, unsigned int op,
					unsigned int nargs,
					const unsigned long *args);

/*
 * For the guest entry path after a hypercall returned: false if it made
 * no continuation; else true, the arguments it rewrote are in args (the
 * argument registers to re-issue it with; the others as they were), and
 * the flag is cleared.
 */
bool hcall_take_continuation(struct hcall_state *h, unsigned long args[6]);

/*
 * The continuation of an mmu_update / mmuext_op batch preempted before
 * element i of count (0 < i < count): the array advanced by i elements
 * of size bytes, count (count - i) | MMU_UPDATE_PREEMPTED, pdone and
 * foreigndom unchanged (Xen's "hihi"). The handler adds i to *pdone.
 */
unsigned long hcall_continue_batch(struct hcall_state *h, unsigned int op,
				   unsigned long arr, size_t size,
				   unsigned int count, unsigned int i,
				   unsigned long pdone, unsigned long foreigndom);

#endif
