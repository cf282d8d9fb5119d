/* Emulating a PV guest kernel's privileged instructions: fetch, decode, apply. */
#include "types.h"
#include "domain.h"
#include "log.h"
#include "iomem.h"
#include "asm/debugreg.h"
#include "asm/dom0.h"
#include "asm/emulate.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/pv_mm.h"
#include "asm/pv.h"
#include "asm/regs.h"
#include "asm/smp.h"
#include "asm/time.h"
#include "asm/uaccess.h"
#include <xen/xen.h>

#define TRAP_invalid_op 6
#define TRAP_gp_fault   13
#define X86_CR0_MP      (1UL << 1)
#define X86_CR4_OSXSAVE (1UL << 18)
#define INS_BATCH       4096     /* rep ins iterations per emulation */

/*
 * Up to 15 bytes at va into buf; the part past an unreadable page is
 * left out. Returns the number of bytes read.
 */
static unsigned int fetch_insn(uint64_t va, uint8_t *buf)
{
	unsigned int first = PAGE_SIZE - (va & (PAGE_SIZE - 1));

	if (first > X86_MAX_INSN_LEN)
		first = X86_MAX_INSN_LEN;
	if (copy_from_guest(buf, va, first))
		return 0;
	if (first == X86_MAX_INSN_LEN ||
	    copy_from_guest(buf + first, va + first, X86_MAX_INSN_LEN - first))
		return first;
	return X86_MAX_INSN_LEN;
}

/* The guest's CPUID (leaf, subleaf): the real answer through the policy. */
static void guest_cpuid(uint32_t leaf, uint32_t subleaf, struct cpuid_leaf *res)
{
	struct cpuid_host h = {
		.xsave_enabled = read_cr4() & X86_CR4_OSXSAVE,
		.tsc_khz = tsc_hz / 1000,
		.hwdom = current_vcpu()->domain->is_privileged,
	};
	struct cpuid_leaf raw;
	uint32_t x;

	cpuid_count(0, 0, &h.max_basic, &x, &x, &x);
	cpuid_count(0x80000000, 0, &h.max_extd, &x, &x, &x);
	cpuid_count(leaf, subleaf, &raw.a, &raw.b, &raw.c, &raw.d);
	pv_cpuid_policy(leaf, subleaf, &h, &raw, res);
}

static void emulate_cpuid(struct cpu_regs *regs)
{
	struct cpuid_leaf res;

	guest_cpuid(regs->rax, regs->rcx, &res);
	regs->rax = res.a;
	regs->rbx = res.b;
	regs->rcx = res.c;
	regs->rdx = res.d;
}

/*
 * MSR_TSC_AUX exists for the guest when its CPUID offers RDTSCP
 * (0x80000001 EDX 27) or RDPID (7.0 ECX 22), as Xen's guest_rdmsr; the
 * policy passes both through from the real CPU, so the hardware MSR then
 * exists too.
 */
static bool guest_has_tsc_aux(void)
{
	struct cpuid_leaf e1, l7;

	guest_cpuid(0x80000001, 0, &e1);
	guest_cpuid(7, 0, &l7);
	return (e1.d & (1u << 27)) || (l7.c & (1u << 22));
}

/*
 * The TSC_AUX value each CPU's MSR holds, so that running a vCPU costs a
 * wrmsr only when the value changes (Xen's wrmsr_tsc_aux). ~0: unknown.
 */
static uint64_t hw_tsc_aux[SMP_MAX_CPUS] = {
	[0 ... SMP_MAX_CPUS - 1] = ~0ULL
};

static void write_tsc_aux(uint32_t val)
{
	uint64_t *cur = &hw_tsc_aux[smp_processor_id()];

	if (*cur != val) {
		wrmsr(MSR_TSC_AUX, val);
		*cur = val;
	}
}

/*
 * Loaded whenever the real CPU has the MSR, whatever the guest's CPUID
 * says: rdtscp/rdpid run in a guest the policy hides them from, and
 * must not read the previous vCPU's value.
 */
void pv_load_tsc_aux(struct vcpu *v)
{
	static int host_has = -1;

	if (host_has < 0) {
		uint32_t a, b, c, d, max;

		cpuid_count(0x80000000, 0, &max, &b, &c, &d);
		host_has = 0;
		if (max >= 0x80000001) {
			cpuid_count(0x80000001, 0, &a, &b, &c, &d);
			host_has |= !!(d & (1u << 27));
		}
		cpuid_count(0, 0, &max, &b, &c, &d);
		if (max >= 7) {
			cpuid_count(7, 0, &a, &b, &c, &d);
			host_has |= !!(c & (1u << 22));
		}
	}
	if (host_has)
		write_tsc_aux(arch_of(v)->tsc_aux);
}

/* "AuthenticAMD" or "HygonGenuine" in leaf 0 (guests see the real vendor). */
static bool cpu_vendor_amd(void)
{
	static int amd = -1;

	if (amd < 0) {
		uint32_t a, b, c, d;

		cpuid_count(0, 0, &a, &b, &c, &d);
		amd = (b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163) ||
		      (b == 0x6f677948 && d == 0x6e65476e && c == 0x656e6975);
	}
	return amd;
}

static bool emulate_msr(struct cpu_regs *regs, bool write)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	uint32_t msr = regs->rcx;
	struct pv_msr_state s = {
		.fs_base = a->fs_base, .gs_base_kernel = a->gs_base_kernel,
		.gs_base_user = a->gs_base_user, .efer = rdmsr(MSR_EFER),
		.tsc = rdtsc(), .tsc_aux = a->tsc_aux,
		.has_tsc_aux = msr == MSR_TSC_AUX && guest_has_tsc_aux(),
		.amd = cpu_vendor_amd(),
	};
	uint64_t val;
	int rc;

	if (!write) {
		if (pv_msr_read(&s, msr, &val))
			return false;
		regs->rax = (uint32_t)val;
		regs->rdx = val >> 32;
		return true;
	}
	val = (regs->rdx << 32) | (uint32_t)regs->rax;
	rc = pv_msr_write(&s, msr, val);
	if (rc < 0) {
		printk(KERN_WARNING "Domain %u: wrmsr %#x <- %#lx refused\n",
		       current_vcpu()->domain->domain_id, msr, val);
		return false;
	}
	a->fs_base = s.fs_base;
	a->gs_base_kernel = s.gs_base_kernel;
	a->gs_base_user = s.gs_base_user;
	a->tsc_aux = s.tsc_aux;
	if (rc == PV_MSR_TSC_AUX)
		write_tsc_aux(s.tsc_aux);
	if (rc == PV_MSR_FS_BASE)
		wrmsr(MSR_FS_BASE, s.fs_base);
	/* The guest's live GS base waits in the shadow MSR while we run:
	 * swapgs on the way out makes it current (pv_run_vcpu). */
	if (rc == PV_MSR_GS_BASE)
		wrmsr(MSR_SHADOW_GS_BASE, s.gs_base_kernel);
	return true;
}

static void set_fpu_ts(struct arch_vcpu *a, bool ts)
{
	a->fpu_ts = ts;
	write_cr0(ts ? read_cr0() | X86_CR0_TS : read_cr0() & ~X86_CR0_TS);
}

/* mov from %crN: CR0 with the virtual TS, CR2 from vcpu_info, CR3 as
 * xen_pfn_to_cr3(mfn), CR4 a fixed PAE|OSFXSR|OSXMMEXCPT[|OSXSAVE]. */
static bool read_cr(unsigned int cr, uint64_t *val)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	struct vcpu_info *vi = current_vcpu()->vcpu_info;

	switch (cr) {
	case 0:
		*val = (read_cr0() & ~X86_CR0_TS) | (a->fpu_ts ? X86_CR0_TS : 0);
		return true;
	case 2:
		*val = vi ? vi->arch.cr2 : 0;
		return true;
	case 3:
		*val = (uint64_t)a->guest_table << PAGE_SHIFT;
		return true;
	case 4:
		*val = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
		       (read_cr4() & X86_CR4_OSXSAVE);
		return true;
	}
	return false;
}

/* mov to %crN: CR0 toggles TS only, CR2 sets vcpu_info's, CR4 is
 * ignored; CR3 is MMUEXT_NEW_BASEPTR of the value's frame (PCID bits
 * ignored, as Xen's xen_cr3_to_pfn); any failure is a #GP. */
static bool write_cr(unsigned int cr, uint64_t val)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	struct vcpu_info *vi = current_vcpu()->vcpu_info;
	uint64_t cur;

	switch (cr) {
	case 0:
		read_cr(0, &cur);
		if ((cur ^ val) & ~X86_CR0_TS)
			printk(KERN_WARNING "Domain %u: CR0 write %#lx: only TS "
			       "changes\n", current_vcpu()->domain->domain_id,
			       val);
		set_fpu_ts(a, val & X86_CR0_TS);
		return true;
	case 2:
		if (vi)
			vi->arch.cr2 = val;
		return true;
	case 3:
		return !pv_new_guest_cr3(current_vcpu(), xen_cr3_to_pfn(val));
	case 4:
		return true;
	}
	return false;
}

/*
 * The bitmap bytes of PHYSDEVOP_set_iobitmap that describe port: read
 * through the guest kernel's page tables (from user mode, the vCPU is
 * switched to them for the read, as Xen's guest_io_okay), a byte that
 * cannot be read counting as 0xff.
 */
static void read_iobmp(struct vcpu *v, unsigned int port, uint8_t bits[2])
{
	struct arch_vcpu *a = arch_of(v);
	bool user = !a->kernel_mode;

	if (user)
		pv_toggle_guest_mode(v);
	for (unsigned int i = 0; i < 2; i++)
		if (copy_from_guest(&bits[i], a->iobmp + port / 8 + i, 1))
			bits[i] = 0xff;
	if (user)
		pv_toggle_guest_mode(v);
}

/* v's virtual IOPL covers its virtual CPL (Xen's iopl_ok). */
static bool vcpu_iopl_ok(const struct vcpu *v)
{
	const struct arch_vcpu *a = arch_of(v);

	return pv_iopl_ok(a->iopl, pv_vcpl(a->kernel_mode,
					  pv_architectural_iopl(v->domain)));
}

/* Has the guest the right to this access? (Xen's guest_io_okay.) */
static bool guest_io_okay(struct vcpu *v, unsigned int port, unsigned int size)
{
	struct arch_vcpu *a = arch_of(v);
	uint8_t bits[2];

	if (vcpu_iopl_ok(v))
		return true;
	if (!pv_iobmp_covers(a->iobmp_nr, port, size))
		return false;
	read_iobmp(v, port, bits);
	return pv_iobmp_allows(bits, port, size);
}

/*
 * in/out/ins/outs of a domain with I/O-port permissions (dom0), after
 * guest_io_okay: each access goes to the hardware if the port is in its
 * set (Xen's admin_io_okay), the RTC pair through its latched index,
 * all-ones / dropped otherwise (dom0_port_read/write). String forms move
 * at most INS_BATCH items per emulation; rip stays put until the count
 * is done. A fault on guest memory is a #GP for now.
 */
static bool emulate_io_hw(struct cpu_regs *regs, struct x86_priv_insn *in,
			  const struct io_perms *io)
{
	uint64_t count = x86_io_count(regs, in), done = 0;
	uint32_t v;

	switch (in->op) {
	case X86_OP_IN:
		v = dom0_port_read(io, in->port, in->size);
		if (in->size == 4)
			regs->rax = v;
		else if (in->size == 2)
			regs->rax = (regs->rax & ~0xffffUL) | v;
		else
			regs->rax = (regs->rax & ~0xffUL) | v;
		regs->rip += in->len;
		return true;
	case X86_OP_OUT:
		dom0_port_write(io, in->port, in->size, (uint32_t)regs->rax);
		regs->rip += in->len;
		return true;
	default:
		break;
	}
	{
		int64_t step = (regs->rflags & (1UL << 10)) ? -(int64_t)in->size :
							       in->size;
		uint64_t va = in->op == X86_OP_INS ? regs->rdi : regs->rsi;

		for (; done < count && done < INS_BATCH; done++) {
			if (in->addr32)
				va = (uint32_t)va;
			if (in->op == X86_OP_INS) {
				v = dom0_port_read(io, in->port, in->size);
				if (copy_to_guest(va, &v, in->size))
					break;
			} else {
				v = 0;
				if (copy_from_guest(&v, va, in->size))
					break;
				dom0_port_write(io, in->port, in->size, v);
			}
			va += step;
		}
	}
	if (done < count && done < INS_BATCH) {
		x86_emul_io(regs, in, done);
		return false;
	}
	if (x86_emul_io(regs, in, done))
		regs->rip += in->len;
	return true;
}

/*
 * in/out/ins/outs the guest has the right to (guest_io_okay). A domain
 * with I/O-port permissions reaches the hardware (emulate_io_hw); any
 * other gets all-ones for reads, writes dropped (Xen's guest_io_read/
 * guest_io_write with no device behind).
 * rep ins writes all-ones to guest memory at most INS_BATCH iterations
 * at a time; rip stays put until the count is done, so the guest
 * re-executes it (as an interrupted rep would). A fault writing guest
 * memory is a #GP for now. Returns false for a #GP(0) to the guest.
 */
static bool emulate_io(struct cpu_regs *regs, struct x86_priv_insn *in)
{
	static const uint32_t ones = 0xffffffff;
	struct vcpu *v = current_vcpu();
	const struct io_perms *io = iomem_perms_of(v->domain->domain_id);
	uint64_t count = x86_io_count(regs, in), done = 0;

	if (!guest_io_okay(v, in->port, in->size))
		return false;
	if (io)
		return emulate_io_hw(regs, in, io);
	if (in->op == X86_OP_INS) {
		int64_t step = (regs->rflags & (1UL << 10)) ? -(int64_t)in->size :
							       in->size;
		uint64_t va = regs->rdi;

		for (; done < count && done < INS_BATCH; done++) {
			if (in->addr32)
				va = (uint32_t)va;
			if (copy_to_guest(va, &ones, in->size))
				break;
			va += step;
		}
		if (done < count && done < INS_BATCH) {
			x86_emul_io(regs, in, done);
			return false;
		}
	} else {
		done = count;
	}
	if (x86_emul_io(regs, in, done))
		regs->rip += in->len;
	return true;
}

/*
 * cli/sti, which #GP in ring 3: with the virtual IOPL at or above the
 * virtual CPL they are skipped, and nothing else happens. Xen 4.17 (the
 * validate hook of pv/emul-priv-op.c) leaves evtchn_upcall_mask alone
 * on purpose: a guest cannot re-enable events with popf (it does not
 * trap), so a cli that masked them could not be undone. So sti delivers
 * nothing either. The guest's pushf always sees IF=1 and IOPL 0 (the
 * real flags of ring 3), and its popf changes neither, silently; Xen
 * emulates neither. Returns false for a #GP(0) to the guest.
 */
/*
 * mov to/from %drN by the guest kernel: the virtual debug registers under
 * the checks of set_debugreg/get_debugreg (DR4/DR5 alias DR6/DR7, DR7's
 * rules, breakpoints only at guest addresses), as Xen's read_dr/write_dr.
 * What those refuse (incl. DR8-15 through REX.R) is the guest's #GP.
 */
static bool emulate_mov_dr(struct cpu_regs *regs,
			   const struct x86_priv_insn *in)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	uint64_t *gpr = x86_gpr(regs, in->gpr);
	uint64_t val;

	if (in->op == X86_OP_MOV_FROM_DR) {
		if (debugreg_get(&a->debugregs, in->cr, PV_GUEST_CR4_DE, &val))
			return false;
		*gpr = val;
		return true;
	}
	if (debugreg_set(&a->debugregs, in->cr, *gpr, PV_GUEST_CR4_DE))
		return false;
	pv_load_debugregs(&a->debugregs);
	return true;
}

static bool emulate_cli_sti(struct cpu_regs *regs, const struct x86_priv_insn *in)
{
	if (!vcpu_iopl_ok(current_vcpu()))
		return false;
	regs->rip += in->len;
	return true;
}

/*
 * Whether the code segment sel (the guest's, its GDT/LDT loaded on this
 * CPU as it just ran) is a 64-bit one: lar gives the descriptor's
 * attributes, L is bit 21 (D must then be clear).
 */
static bool cs_is_64bit(uint64_t sel)
{
	uint32_t ar;
	bool ok;

	asm volatile("lar %2, %0; setz %1" : "=r"(ar), "=qm"(ok)
		     : "rm"((uint32_t)(uint16_t)sel));
	return ok && (ar & (3u << 21)) == (1u << 21);
}

bool pv_emulate_privileged(struct cpu_regs *regs)
{
	struct arch_vcpu *a = arch_of(current_vcpu());
	uint8_t insn[X86_MAX_INSN_LEN];
	unsigned int avail;
	struct x86_priv_insn in;
	uint64_t val;

	/* Only 64-bit code is decoded here (32-bit code decodes otherwise):
	 * the CS descriptor's L bit says, as Xen reads it. Linux's APs run
	 * on its own __KERNEL_CS (0x13), 0xe033 and 0xe023 are Xen's. */
	if (!cs_is_64bit(regs->cs))
		return false;
	avail = fetch_insn(regs->rip, insn);
	if (x86_decode_priv(insn, avail, regs, &in))
		return false;
	if (regs->entry_vector == TRAP_invalid_op) {
		if (in.op != X86_OP_CPUID)
			return false;
		emulate_cpuid(regs);
		regs->rip += in.len;
		return true;
	}
	if (regs->entry_vector != TRAP_gp_fault || regs->error_code ||
	    in.op == X86_OP_CPUID)
		return false;

	/* IOPL-sensitive instructions: from either guest mode. */
	switch (in.op) {
	case X86_OP_CLI:
	case X86_OP_STI:
		return emulate_cli_sti(regs, &in);
	case X86_OP_IN:
	case X86_OP_OUT:
	case X86_OP_INS:
	case X86_OP_OUTS:
		return emulate_io(regs, &in);
	default:
		break;
	}
	/* The rest are ring-0 instructions: the guest kernel's only. */
	if (!a->kernel_mode)
		return false;
	switch (in.op) {
	case X86_OP_RDMSR:
	case X86_OP_WRMSR:
		if (!emulate_msr(regs, in.op == X86_OP_WRMSR))
			return false;
		break;
	case X86_OP_MOV_FROM_CR:
		if (!read_cr(in.cr, &val))
			return false;
		*x86_gpr(regs, in.gpr) = val;
		break;
	case X86_OP_MOV_TO_CR:
		if (!write_cr(in.cr, *x86_gpr(regs, in.gpr)))
			return false;
		break;
	case X86_OP_MOV_FROM_DR:
	case X86_OP_MOV_TO_DR:
		if (!emulate_mov_dr(regs, &in))
			return false;
		break;
	case X86_OP_CLTS:
		set_fpu_ts(a, false);
		break;
	case X86_OP_HLT:             /* SCHEDOP_block: returns at once today */
	case X86_OP_WBINVD:
		break;
	default:
		return false;
	}
	regs->rip += in.len;
	return true;
}

int pv_decode_int_vector(struct cpu_regs *regs)
{
	uint8_t insn[X86_MAX_INSN_LEN];
	unsigned int avail;

	if (regs->entry_vector != TRAP_gp_fault)
		return -1;
	avail = fetch_insn(regs->rip, insn);
	return x86_decode_int_vector(insn, avail, regs->error_code);
}

/* Load the PAT Xen guests expect (XEN_MSR_PAT) on this CPU, at boot. */
void pv_pat_init(void)
{
	wrmsr(MSR_IA32_CR_PAT, XEN_MSR_PAT);
}
