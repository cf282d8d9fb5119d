/* Decoding the privileged instructions a PV guest kernel executes in ring 3. */
#ifndef ASM_EMULATE_H
#define ASM_EMULATE_H

#include "types.h"
#include "asm/regs.h"

#define X86_MAX_INSN_LEN 15

/* ud2; .ascii "xen": Xen's forced-emulation prefix (before cpuid). */
#define XEN_EMULATE_PREFIX_LEN 5

enum x86_priv_op {
	X86_OP_NONE,          /* not ours: the fault goes to the guest */
	X86_OP_CPUID,         /* forced-emulation cpuid only */
	X86_OP_RDMSR,
	X86_OP_WRMSR,
	X86_OP_MOV_FROM_CR,   /* mov %crN, %reg */
	X86_OP_MOV_TO_CR,     /* mov %reg, %crN */
	X86_OP_MOV_FROM_DR,   /* mov %drN, %reg */
	X86_OP_MOV_TO_DR,     /* mov %reg, %drN */
	X86_OP_CLTS,
	X86_OP_HLT,
	X86_OP_WBINVD,        /* wbinvd and invd */
	X86_OP_IN,            /* in imm8 / in %dx */
	X86_OP_OUT,
	X86_OP_INS,           /* [rep] ins */
	X86_OP_OUTS,          /* [rep] outs */
	X86_OP_CLI,
	X86_OP_STI,
};

/* One decoded instruction: what it is and the operands it names. */
struct x86_priv_insn {
	enum x86_priv_op op;
	unsigned int len;        /* bytes, prefixes included: rip += len */
	unsigned int cr;         /* mov cr/dr: control or debug register,
				    REX.R applied */
	unsigned int gpr;        /* mov cr/dr: general register 0-15, REX.B
				    applied */
	unsigned int size;       /* in/out/ins/outs: operand bytes 1, 2 or 4 */
	uint16_t port;           /* in/out/ins/outs: imm8 or %dx */
	bool rep;                /* ins/outs: f3 or f2 prefix */
	bool addr32;             /* ins/outs: 67 prefix (esi/edi/ecx) */
};

/*
 * Decode the instruction in insn[0..avail) (avail <= 15; fewer bytes
 * when the rest of the page was unreadable) as one of the instructions
 * above. regs supplies %dx for port numbers. Returns 0 and fills *out, or
 * -1 if the bytes are anything else or run past avail (out->op is then
 * X86_OP_NONE). Pure: touches nothing but *out.
 */
int x86_decode_priv(const uint8_t *insn, unsigned int avail,
		    const struct cpu_regs *regs, struct x86_priv_insn *out);

/* The prefixes in front of an opcode (x86_decode_prefixes). */
struct x86_prefixes {
	unsigned int rex;        /* the REX byte right before the opcode, or 0 */
	uint8_t seg;             /* last segment override byte, or 0 */
	bool opsize;             /* 66 */
	bool addr32;             /* 67 */
	bool lock;               /* f0 */
	bool rep;                /* f2 or f3 */
};

/*
 * Scan the legacy prefixes and REX at the start of insn[0..avail) (at
 * most 15 bytes) into *p. Returns the offset of the opcode byte, which
 * equals avail (or 15) if no opcode follows. Pure.
 */
unsigned int x86_decode_prefixes(const uint8_t *insn, unsigned int avail,
				 struct x86_prefixes *p);

/* General register n (0 rax ... 15 r15, the ModRM numbering) in regs. */
uint64_t *x86_gpr(struct cpu_regs *regs, unsigned int n);

/*
 * in/out from an emulated port space with no devices: `in` loads
 * all-ones of the operand size into rax (a 4-byte load zero-extends, 1-
 * and 2-byte loads keep the rest of rax); `out` has no effect. For
 * ins/outs, account for `done` iterations: rsi (outs) or rdi (ins) moves
 * by done * size in the direction of RFLAGS.DF, and with rep, rcx drops
 * by done (32-bit registers with addr32). Returns true when the
 * instruction is complete (rip may advance), false when a rep count
 * remains. Pure.
 */
bool x86_emul_io(struct cpu_regs *regs, const struct x86_priv_insn *in,
		 uint64_t done);

/* Iterations a string instruction asks for: 1, or the rep count. */
uint64_t x86_io_count(const struct cpu_regs *regs,
		      const struct x86_priv_insn *in);

/*
 * The vector of an `int n` that raised #GP through the IDT: error_code
 * must have bit 1 (IDT) set and bit 0 clear, and insn the instruction at
 * rip (cd nn -> n, cc -> 3, ce -> 4). The CPU's error code is
 * (n << 3) | 2; QEMU 7.2 TCG gives (n << 4) | 2 (QEMU.md): either form
 * must name the decoded vector. Returns n, or -1. Pure.
 */
int x86_decode_int_vector(const uint8_t *insn, unsigned int avail,
			  uint32_t error_code);

/*
 * The virtual IOPL rules of a PV guest (Xen's iopl_ok and guest_io_okay,
 * pv/emul-priv-op.c). The guest kernel has virtual CPL 1, or 0 once the
 * domain enabled VMASST_TYPE_architectural_iopl; guest user mode has 3.
 * iopl is the vCPU's virtual IOPL, 0-3.
 */
unsigned int pv_vcpl(bool kernel_mode, bool architectural_iopl);
bool pv_iopl_ok(unsigned int iopl, unsigned int vcpl);

/*
 * PHYSDEVOP_set_iobitmap: the bitmap describes ports 0..nr_ports-1; an
 * access of size bytes at port is looked up in it only if it lies wholly
 * inside (port + size <= nr_ports).
 */
bool pv_iobmp_covers(unsigned int nr_ports, unsigned int port,
		     unsigned int size);

/*
 * bits[0..1]: the two bitmap bytes from port / 8 on, as the guest has
 * them (a byte that could not be read counts as 0xff, as Xen). A set bit
 * denies its port, as in a TSS I/O bitmap: true if every port of the
 * access has its bit clear.
 */
bool pv_iobmp_allows(const uint8_t bits[2], unsigned int port,
		     unsigned int size);

/* One CPUID leaf's registers. */
struct cpuid_leaf {
	uint32_t a, b, c, d;
};

/* What the CPUID policy needs to know of the machine and the vCPU. */
struct cpuid_host {
	uint32_t max_basic;      /* raw leaf 0 EAX */
	uint32_t max_extd;       /* raw leaf 0x80000000 EAX */
	bool xsave_enabled;      /* the hypervisor runs with CR4.OSXSAVE */
	uint32_t tsc_khz;
	bool hwdom;              /* the caller is the hardware domain (dom0) */
};

/*
 * The guest's view of CPUID (leaf, subleaf), given the real CPU's answer
 * raw for that same leaf (cpuid.c): Xen's leaves at 0x40000000, the
 * hypervisor bit, features a PV guest cannot use hidden, OSXSAVE (and the
 * XSAVE-based features) following xsave_enabled, one logical CPU, leaves
 * past Xen 4.17's limits (0xd, 0x80000008) empty. Pure.
 */
void pv_cpuid_policy(uint32_t leaf, uint32_t subleaf,
		     const struct cpuid_host *h, const struct cpuid_leaf *raw,
		     struct cpuid_leaf *res);

#define MSR_IA32_TSC          0x00000010
#define MSR_IA32_PLATFORM_ID  0x00000017
#define MSR_IA32_UCODE_REV    0x0000008b
#define MSR_IA32_MISC_ENABLE  0x000001a0
#define MSR_IA32_CR_PAT       0x00000277
#define MSR_TSC_AUX           0xc0000103
#define MSR_INTEL_PLATFORM_INFO          0x000000ce
#define MSR_INTEL_MISC_FEATURES_ENABLES  0x00000140
#define MSR_K8_HWCR           0xc0010015
#define MSR_AMD64_DE_CFG      0xc0011029
#define AMD64_DE_CFG_LFENCE_SERIALISE (1ULL << 1)
/* The PAT Xen runs with and shows PV guests (an ABI with them): WB, WT,
 * UC-, UC, WC, WP, UC, UC. */
#define XEN_MSR_PAT 0x0000050100070406ULL
#define EFER_SCE (1UL << 0)
#define EFER_LME (1UL << 8)
#define EFER_LMA (1UL << 10)
#define EFER_NXE (1UL << 11)

/* The per-vCPU and per-CPU values the MSR policy reads and writes. */
struct pv_msr_state {
	uint64_t fs_base, gs_base_kernel, gs_base_user;
	uint64_t efer;           /* real EFER */
	uint64_t tsc;
	uint32_t tsc_aux;        /* the vCPU's MSR_TSC_AUX */
	bool has_tsc_aux;        /* its CPUID offers RDTSCP or RDPID */
	bool amd;                /* the CPU vendor is AMD or Hygon */
};

/* wrmsr results: which base (if any) the caller must load into the CPU. */
#define PV_MSR_OK       0
#define PV_MSR_FS_BASE  1
#define PV_MSR_GS_BASE  2    /* the guest kernel's current GS base */
#define PV_MSR_TSC_AUX  3    /* the vCPU's TSC_AUX (rdtscp, rdpid) */
#define PV_MSR_GP       (-1) /* #GP to the guest */

/*
 * rdmsr/wrmsr by the guest kernel, as Xen does for 64-bit PV: FS/GS/
 * SHADOW_GS bases (non-canonical writes #GP), EFER as SCE|LME|LMA|NXE of
 * the real one, PAT reading XEN_MSR_PAT (writes #GP, as Xen's PV), TSC, a
 * synthetic MISC_ENABLE, PLATFORM_ID and UCODE_REV reading 0; TSC_AUX
 * per vCPU when has_tsc_aux (else #GP, as Xen's guest_rdmsr/guest_wrmsr;
 * a value above 32 bits #GPs); writing a value already there is
 * accepted, any other MSR or change is PV_MSR_GP.
 * Pure over *s.
 */
int pv_msr_read(const struct pv_msr_state *s, uint32_t msr, uint64_t *val);
int pv_msr_write(struct pv_msr_state *s, uint32_t msr, uint64_t val);

/*
 * Emulate the instruction at regs->rip that raised #GP(0) (vector 13)
 * or #UD (vector 6, only the forced-emulation cpuid): cli/sti and port
 * I/O from either guest mode under the virtual IOPL rules, the other
 * privileged instructions from guest kernel mode only. regs updated and
 * rip advanced, true; false if the fault is the guest's (pv_emul.c).
 */
bool pv_emulate_privileged(struct cpu_regs *regs);

/* Load XEN_MSR_PAT into this CPU's PAT (boot, pv_emul.c). */
void pv_pat_init(void);

/* For a #GP with the IDT bit set: the vector of the `int n` at rip, or -1. */
int pv_decode_int_vector(struct cpu_regs *regs);

#endif
