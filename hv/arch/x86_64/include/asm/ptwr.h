/* Writable page tables (Xen's ptwr): a PV guest kernel's direct writes to its L1 tables. */
#ifndef ASM_PTWR_H
#define ASM_PTWR_H

#include "types.h"
#include "asm/regs.h"

/* The 64-bit read-modify-write forms Linux uses on page-table entries. */
enum ptwr_op {
	PTWR_MOV,        /* 89 /r; c7 /0 imm32 */
	PTWR_XCHG,       /* 87 /r (locked without a prefix) */
	PTWR_CMPXCHG,    /* 0f b1 /r */
	PTWR_AND,        /* 21 /r; 81 /4 imm32; 83 /4 imm8 */
	PTWR_OR,         /* 09 /r; 81 /1 imm32; 83 /1 imm8 */
	PTWR_BTR,        /* 0f b3 /r; 0f ba /6 imm8 */
	PTWR_BTS,        /* 0f ab /r; 0f ba /5 imm8 */
};

#define PTWR_NO_REG   (-1)
#define PTWR_RIP      (-2)

/* One decoded instruction writing a quadword in memory. */
struct ptwr_insn {
	enum ptwr_op op;
	unsigned int len;        /* bytes, prefixes included: rip += len */
	unsigned int reg;        /* ModRM.reg with REX.R: the register operand */
	bool has_imm;            /* the source is imm (else register reg) */
	uint64_t imm;            /* sign-extended immediate; bit number for bt* */
	uint8_t seg;             /* segment override byte, 0 if none */
	bool lock;               /* f0 prefix (xchg is locked regardless) */
	int base;                /* base register, PTWR_NO_REG or PTWR_RIP */
	int index;               /* index register or PTWR_NO_REG */
	unsigned int scale;      /* 1, 2, 4 or 8 */
	int64_t disp;
};

/*
 * Decode insn[0..avail) as one of the forms above with REX.W (a 64-bit
 * operand) and a memory destination; lock and segment prefixes are
 * accepted, 66, 67, f2 and f3 are not. Returns 0 and fills *out, or -1
 * (anything else, including bytes running past avail). Pure.
 */
int x86_decode_ptwr(const uint8_t *insn, unsigned int avail,
		    struct ptwr_insn *out);

/*
 * The linear address in writes: seg_base (the fs or gs base when in->seg
 * names one, else 0) + base + index * scale + disp, with rip-relative
 * operands taken from the end of the instruction (regs->rip + len).
 * Pure.
 */
uint64_t x86_ptwr_addr(const struct ptwr_insn *in, const struct cpu_regs *regs,
		       uint64_t seg_base);

/* x86_ptwr_execute() results. */
#define PTWR_WRITE     1         /* store *new_val in the entry */
#define PTWR_NO_WRITE  0         /* cmpxchg mismatch: the entry stays */
#define PTWR_REFUSE    (-1)      /* a bt* register bit offset outside 0-63 */

/*
 * Execute in on the entry's current value old: *new_val is the value the
 * entry gets; regs receives the instruction's effects (xchg and a failed
 * cmpxchg load old into the register, cmpxchg sets the flags as cmp
 * rax, old; and/or set SF, ZF, PF of the result and clear CF and OF;
 * bt* set CF to the old bit) and rip advances by len. The caller commits
 * regs only once the entry has been written (or PTWR_NO_WRITE). Pure.
 */
int x86_ptwr_execute(const struct ptwr_insn *in, struct cpu_regs *regs,
		     uint64_t old, uint64_t *new_val);

/*
 * A #PF of the running guest kernel (cr2, regs->error_code) that is a
 * write to a present, read-only page which is one of the domain's
 * validated L1 tables: emulate the instruction at rip on that entry
 * through mod_l1_entry(), update regs and advance rip, flush this CPU's
 * TLB if a mapping lost rights, and return true. False for any other
 * fault, an instruction not decoded above, an access that is not one
 * aligned entry at cr2, or a new entry mod_l1_entry() refuses: the #PF
 * then goes to the guest, as in Xen. L2-L4 tables are not emulated
 * (Xen's ptwr_do_page_fault takes PGT_l1_page_table only).
 */
bool pv_ptwr_emulate(struct cpu_regs *regs, uint64_t cr2);

#endif
