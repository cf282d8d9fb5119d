/* Writable page tables (Xen's ptwr): a PV guest kernel's direct writes to its L1 tables. */
#ifndef ASM_PTWR_H
#define ASM_PTWR_H

#include "types.h"
#include "asm/regs.h"

/*
 * The memory-writing forms Linux uses on page-table entries, each at
 * 1, 2, 4 or 8 bytes (the byte form where the ISA has one; bt* have none).
 */
enum ptwr_op {
	PTWR_MOV,        /* 88/89 /r; c6/c7 /0 imm */
	PTWR_XCHG,       /* 86/87 /r (locked without a prefix) */
	PTWR_CMPXCHG,    /* 0f b0/b1 /r */
	PTWR_AND,        /* 20/21 /r; 80/81/83 /4 imm */
	PTWR_OR,         /* 08/09 /r; 80/81/83 /1 imm */
	PTWR_XOR,        /* 30/31 /r; 80/81/83 /6 imm */
	PTWR_BTS,        /* 0f ab /r; 0f ba /5 imm8 */
	PTWR_BTR,        /* 0f b3 /r; 0f ba /6 imm8 */
	PTWR_BTC,        /* 0f bb /r; 0f ba /7 imm8 */
};

#define PTWR_NO_REG   (-1)
#define PTWR_RIP      (-2)

/* One decoded instruction writing an operand in memory. */
struct ptwr_insn {
	enum ptwr_op op;
	unsigned int len;        /* bytes, prefixes included: rip += len */
	unsigned int bytes;      /* operand size: 1, 2, 4 or 8 */
	unsigned int reg;        /* ModRM.reg with REX.R: the register operand */
	bool reg_high;           /* reg is ah, ch, dh or bh (byte, no REX) */
	bool has_imm;            /* the source is imm (else register reg) */
	uint64_t imm;            /* immediate sign-extended to 64 bits */
	uint8_t seg;             /* segment override byte, 0 if none */
	bool lock;               /* f0 prefix (xchg is locked regardless) */
	bool addr32;             /* 67: the effective address wraps at 4 GiB */
	int base;                /* base register, PTWR_NO_REG or PTWR_RIP */
	int index;               /* index register or PTWR_NO_REG */
	unsigned int scale;      /* 1, 2, 4 or 8 */
	int64_t disp;
};

/*
 * Decode insn[0..avail) as one of the forms above with a memory
 * destination. The operand size is 1 for byte opcodes, else 8 with
 * REX.W, else 2 with 66, else 4. Prefixes 66, 67, f0 and segment
 * overrides are accepted, repeated or not; f2/f3 (rep, xacquire,
 * xrelease) are not, nor is lock on mov (#UD on hardware). Returns 0 and
 * fills *out, or -1 (anything else, including bytes running past avail
 * or past 15). Pure.
 */
int x86_decode_ptwr(const uint8_t *insn, unsigned int avail,
		    struct ptwr_insn *out);

/*
 * The linear address the instruction writes: seg_base (the fs or gs base
 * when in->seg names one, else 0) + the effective address base + index *
 * scale + disp, rip-relative operands counted from the end of the
 * instruction (regs->rip + len), truncated to 32 bits with addr32. A bt*
 * with a register bit offset addresses a bit string: the operand is the
 * one (offset >> log2(bits)) operands away, the offset signed, as on
 * hardware and in Xen's emulator. Pure.
 */
uint64_t x86_ptwr_addr(const struct ptwr_insn *in, const struct cpu_regs *regs,
		       uint64_t seg_base);

/* x86_ptwr_execute() and x86_ptwr_update() results. */
#define PTWR_WRITE     1         /* store *new_val in the entry */
#define PTWR_NO_WRITE  0         /* cmpxchg mismatch: the entry stays */
#define PTWR_REFUSE    (-1)      /* not emulated: the #PF goes to the guest */

/*
 * Execute in on its operand's current value old (in->bytes wide, zero-
 * extended): *new_val is the value the operand gets (same width); regs
 * receives the instruction's effects at that width, as the CPU: xchg and
 * a failed cmpxchg load old into the register (a 4-byte load zero-
 * extends, 1 and 2 bytes keep the rest), cmpxchg sets the flags of cmp
 * rax, old; and/or/xor set SF, ZF, PF of the result and clear CF and OF;
 * bt* set CF to the old bit (the bit number taken modulo the operand's
 * bits) and rip advances by len. The caller commits regs only once the
 * entry has been written (or PTWR_NO_WRITE). Pure.
 */
int x86_ptwr_execute(const struct ptwr_insn *in, struct cpu_regs *regs,
		     uint64_t old, uint64_t *new_val);

/*
 * Xen's ptwr_emulated_update() merge: execute in on its operand at
 * linear address addr inside the 8-byte entry whose value is entry.
 * The operand must be naturally aligned (so a write never straddles two
 * entries), else PTWR_REFUSE, as Xen. *new_entry is entry with the
 * operand's bytes replaced by the result, to be validated whole; the
 * return value and regs are x86_ptwr_execute()'s. Pure.
 */
int x86_ptwr_update(const struct ptwr_insn *in, struct cpu_regs *regs,
		    uint64_t addr, uint64_t entry, uint64_t *new_entry);

/*
 * A #PF of the running guest kernel (cr2, regs->error_code) that is a
 * write to a present, read-only page which is one of the domain's
 * validated L1 tables: emulate the instruction at rip on the entry
 * containing cr2 through mod_l1_entry(), update regs and advance rip,
 * flush the TLB if a mapping lost rights, and return true. False for
 * any other fault, an instruction not decoded above, an operand that is
 * not at cr2 or not naturally aligned, or a merged entry mod_l1_entry()
 * refuses: the #PF then goes to the guest, as in Xen, and a refusal of
 * a decodable write is logged (KERN_DEBUG) with the instruction, the
 * address and the old and new entry. L2-L4 tables are not emulated
 * (Xen's ptwr_do_page_fault takes PGT_l1_page_table only).
 */
bool pv_ptwr_emulate(struct cpu_regs *regs, uint64_t cr2);

#endif
