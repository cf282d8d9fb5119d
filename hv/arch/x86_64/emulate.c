/* Decoding a PV guest kernel's privileged instructions, and its MSR policy. */
#include "asm/emulate.h"
#include "asm/layout.h"
#include "asm/processor.h"

#define X86_EFLAGS_DF (1UL << 10)

static const uint8_t xen_forced_cpuid[7] = {
	0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2
};

uint64_t *x86_gpr(struct cpu_regs *regs, unsigned int n)
{
	switch (n & 15) {
	case 0:  return &regs->rax;
	case 1:  return &regs->rcx;
	case 2:  return &regs->rdx;
	case 3:  return &regs->rbx;
	case 4:  return &regs->rsp;
	case 5:  return &regs->rbp;
	case 6:  return &regs->rsi;
	case 7:  return &regs->rdi;
	case 8:  return &regs->r8;
	case 9:  return &regs->r9;
	case 10: return &regs->r10;
	case 11: return &regs->r11;
	case 12: return &regs->r12;
	case 13: return &regs->r13;
	case 14: return &regs->r14;
	default: return &regs->r15;
	}
}

static bool is_legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
		return true;
	}
	return false;
}

/* The opcode byte after legacy prefixes and REX at insn[i]. */
static int decode_opcode(const uint8_t *insn, unsigned int avail,
			 unsigned int i, unsigned int rex, bool opsize,
			 bool lock, const struct cpu_regs *regs,
			 struct x86_priv_insn *out)
{
	uint8_t op, op2, modrm;

	if (i >= avail)
		return -1;
	op = insn[i++];
	out->size = opsize ? 2 : 4;
	if (lock)
		return -1;       /* #UD on real hardware for all of these */
	switch (op) {
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:     /* in/out imm8 */
		if (i >= avail)
			return -1;
		out->port = insn[i++];
		out->op = op & 2 ? X86_OP_OUT : X86_OP_IN;
		if (!(op & 1))
			out->size = 1;
		break;
	case 0xec: case 0xed: case 0xee: case 0xef:     /* in/out %dx */
		out->port = (uint16_t)regs->rdx;
		out->op = op & 2 ? X86_OP_OUT : X86_OP_IN;
		if (!(op & 1))
			out->size = 1;
		break;
	case 0x6c: case 0x6d: case 0x6e: case 0x6f:     /* ins/outs */
		out->port = (uint16_t)regs->rdx;
		out->op = op & 2 ? X86_OP_OUTS : X86_OP_INS;
		if (!(op & 1))
			out->size = 1;
		break;
	case 0xf4:
		out->op = X86_OP_HLT;
		break;
	case 0xfa:
		out->op = X86_OP_CLI;
		break;
	case 0xfb:
		out->op = X86_OP_STI;
		break;
	case 0x0f:
		if (i >= avail)
			return -1;
		op2 = insn[i++];
		switch (op2) {
		case 0x06:
			out->op = X86_OP_CLTS;
			break;
		case 0x08: case 0x09:
			out->op = X86_OP_WBINVD;
			break;
		case 0x30:
			out->op = X86_OP_WRMSR;
			break;
		case 0x32:
			out->op = X86_OP_RDMSR;
			break;
		case 0x20: case 0x22: case 0x21: case 0x23:
			/* mod is ignored: the operand is always a register. */
			if (i >= avail)
				return -1;
			modrm = insn[i++];
			out->op = op2 == 0x20 ? X86_OP_MOV_FROM_CR :
				  op2 == 0x22 ? X86_OP_MOV_TO_CR :
				  op2 == 0x21 ? X86_OP_MOV_FROM_DR :
						X86_OP_MOV_TO_DR;
			out->cr = ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0);
			out->gpr = (modrm & 7) | (rex & 1 ? 8 : 0);
			break;
		default:
			return -1;
		}
		break;
	default:
		return -1;
	}
	out->len = i;
	return 0;
}

int x86_decode_priv(const uint8_t *insn, unsigned int avail,
		    const struct cpu_regs *regs, struct x86_priv_insn *out)
{
	unsigned int i = 0, rex = 0;
	bool opsize = false, lock = false;
	int rc;

	*out = (struct x86_priv_insn){ .op = X86_OP_NONE };
	if (avail > X86_MAX_INSN_LEN)
		avail = X86_MAX_INSN_LEN;
	if (avail >= sizeof(xen_forced_cpuid)) {
		unsigned int k;

		for (k = 0; k < sizeof(xen_forced_cpuid); k++)
			if (insn[k] != xen_forced_cpuid[k])
				break;
		if (k == sizeof(xen_forced_cpuid)) {
			out->op = X86_OP_CPUID;
			out->len = sizeof(xen_forced_cpuid);
			return 0;
		}
	}
	for (; i < avail; i++) {
		uint8_t b = insn[i];

		if (is_legacy_prefix(b)) {
			rex = 0;        /* a REX not last before the opcode is ignored */
			opsize |= b == 0x66;
			lock |= b == 0xf0;
			out->addr32 |= b == 0x67;
			out->rep |= b == 0xf2 || b == 0xf3;
		} else if ((b & 0xf0) == 0x40) {
			rex = b;
		} else {
			break;
		}
	}
	rc = decode_opcode(insn, avail, i, rex, opsize, lock, regs, out);
	if (rc) {
		*out = (struct x86_priv_insn){ .op = X86_OP_NONE };
		return rc;
	}
	/* rep means something only to the string forms. */
	if (out->op != X86_OP_INS && out->op != X86_OP_OUTS)
		out->rep = false;
	return 0;
}

uint64_t x86_io_count(const struct cpu_regs *regs,
		      const struct x86_priv_insn *in)
{
	if (!in->rep)
		return 1;
	return in->addr32 ? (uint32_t)regs->rcx : regs->rcx;
}

/* reg += delta, as a 64-bit or (addr32) a zero-extended 32-bit register. */
static void advance(uint64_t *reg, uint64_t delta, bool addr32)
{
	*reg += delta;
	if (addr32)
		*reg = (uint32_t)*reg;
}

bool x86_emul_io(struct cpu_regs *regs, const struct x86_priv_insn *in,
		 uint64_t done)
{
	uint64_t ones = in->size == 4 ? 0xffffffffULL :
			in->size == 2 ? 0xffffULL : 0xffULL;
	uint64_t step;

	switch (in->op) {
	case X86_OP_IN:
		if (in->size == 4)
			regs->rax = ones;
		else
			regs->rax |= ones;
		return true;
	case X86_OP_OUT:
		return true;
	case X86_OP_INS:
	case X86_OP_OUTS:
		step = done * in->size;
		if (regs->rflags & X86_EFLAGS_DF)
			step = -step;
		advance(in->op == X86_OP_INS ? &regs->rdi : &regs->rsi, step,
			in->addr32);
		if (!in->rep)
			return true;
		advance(&regs->rcx, -done, in->addr32);
		return x86_io_count(regs, in) == 0;
	default:
		return false;
	}
}

int x86_decode_int_vector(const uint8_t *insn, unsigned int avail,
			  uint32_t error_code)
{
	int n;

	if ((error_code & 3) != 2 || !avail)
		return -1;
	switch (insn[0]) {
	case 0xcd:
		if (avail < 2)
			return -1;
		n = insn[1];
		break;
	case 0xcc:
		n = 3;
		break;
	case 0xce:
		n = 4;
		break;
	default:
		return -1;
	}
	if (error_code >> 3 == (uint32_t)n || error_code >> 4 == (uint32_t)n)
		return n;
	return -1;
}

unsigned int pv_vcpl(bool kernel_mode, bool architectural_iopl)
{
	if (!kernel_mode)
		return 3;
	return architectural_iopl ? 0 : 1;
}

bool pv_iopl_ok(unsigned int iopl, unsigned int vcpl)
{
	return vcpl <= iopl;
}

bool pv_iobmp_covers(unsigned int nr_ports, unsigned int port,
		     unsigned int size)
{
	return port + size <= nr_ports;
}

bool pv_iobmp_allows(const uint8_t bits[2], unsigned int port,
		     unsigned int size)
{
	unsigned int mask = bits[0] | (unsigned int)bits[1] << 8;

	return !(mask & (((1u << size) - 1) << (port & 7)));
}

/* MISC_ENABLE as Xen shows it: fast strings, no BTS/PEBS, no xTPR. */
static const uint64_t misc_enable = (1ULL << 0) | (1ULL << 11) |
				    (1ULL << 12) | (1ULL << 23);

int pv_msr_read(const struct pv_msr_state *s, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_FS_BASE:
		*val = s->fs_base;
		return PV_MSR_OK;
	case MSR_GS_BASE:
		*val = s->gs_base_kernel;
		return PV_MSR_OK;
	case MSR_SHADOW_GS_BASE:
		*val = s->gs_base_user;
		return PV_MSR_OK;
	case MSR_EFER:
		*val = s->efer & (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE);
		return PV_MSR_OK;
	case MSR_IA32_CR_PAT:
		*val = XEN_MSR_PAT;
		return PV_MSR_OK;
	case MSR_IA32_TSC:
		*val = s->tsc;
		return PV_MSR_OK;
	case MSR_IA32_MISC_ENABLE:
		*val = misc_enable;
		return PV_MSR_OK;
	case MSR_IA32_PLATFORM_ID:
		if (s->amd)
			return PV_MSR_GP;       /* Intel's MSR */
		*val = 0;
		return PV_MSR_OK;
	case MSR_IA32_UCODE_REV:
		*val = 0;
		return PV_MSR_OK;
	case MSR_TSC_AUX:
		if (!s->has_tsc_aux)
			return PV_MSR_GP;
		*val = s->tsc_aux;
		return PV_MSR_OK;
	case MSR_K8_HWCR:
		if (!s->amd)
			return PV_MSR_GP;
		*val = 0;
		return PV_MSR_OK;
	case MSR_INTEL_PLATFORM_INFO:
		/* Readable whatever the vendor, as Xen. Bit 31 (CPUID
		 * faulting) stays clear: Xen offers it to PV guests only on
		 * hardware that faults CPUID, which QEMU's TCG does not, and
		 * Xenolith does not implement faulting yet. */
	case MSR_INTEL_MISC_FEATURES_ENABLES:
		*val = 0;
		return PV_MSR_OK;
	case MSR_AMD64_DE_CFG:
		/* Linux checks that lfence is dispatch serialising here. */
		if (!s->amd)
			return PV_MSR_GP;
		*val = AMD64_DE_CFG_LFENCE_SERIALISE;
		return PV_MSR_OK;
	default:
		return PV_MSR_GP;
	}
}

int pv_msr_write(struct pv_msr_state *s, uint32_t msr, uint64_t val)
{
	uint64_t cur;

	switch (msr) {
	case MSR_FS_BASE:
		if (!is_canonical(val))
			return PV_MSR_GP;
		s->fs_base = val;
		return PV_MSR_FS_BASE;
	case MSR_GS_BASE:
		if (!is_canonical(val))
			return PV_MSR_GP;
		s->gs_base_kernel = val;
		return PV_MSR_GS_BASE;
	case MSR_SHADOW_GS_BASE:
		if (!is_canonical(val))
			return PV_MSR_GP;
		s->gs_base_user = val;
		return PV_MSR_OK;
	case MSR_IA32_UCODE_REV:
		return PV_MSR_OK;       /* Linux writes 0 before reading it */
	case MSR_TSC_AUX:
		if (!s->has_tsc_aux || val >> 32)
			return PV_MSR_GP;
		s->tsc_aux = val;
		return PV_MSR_TSC_AUX;
	case MSR_IA32_CR_PAT:
		return PV_MSR_GP;       /* Xen has no PV PAT write, even of the
					   same value */
	case MSR_AMD64_DE_CFG:
		/* Writes dropped on AMD, as Xen (some kernels panic on #GP) */
		return s->amd ? PV_MSR_OK : PV_MSR_GP;
	case MSR_INTEL_MISC_FEATURES_ENABLES:
		/* Bit 0 (CPUID faulting) is reserved while PLATFORM_INFO does
		 * not offer it: only 0 may be written. */
		return val ? PV_MSR_GP : PV_MSR_OK;
	case MSR_EFER:
	case MSR_IA32_MISC_ENABLE:
		if (pv_msr_read(s, msr, &cur) || cur != val)
			return PV_MSR_GP;
		return PV_MSR_OK;
	default:
		return PV_MSR_GP;
	}
}

unsigned int x86_decode_prefixes(const uint8_t *insn, unsigned int avail,
				 struct x86_prefixes *p)
{
	unsigned int i;

	*p = (struct x86_prefixes){ 0 };
	if (avail > X86_MAX_INSN_LEN)
		avail = X86_MAX_INSN_LEN;
	for (i = 0; i < avail; i++) {
		uint8_t b = insn[i];

		if (!is_legacy_prefix(b) && (b & 0xf0) != 0x40)
			break;
		if ((b & 0xf0) == 0x40) {
			p->rex = b;
			continue;
		}
		p->rex = 0;        /* a REX not last before the opcode is ignored */
		switch (b) {
		case 0x66: p->opsize = true; break;
		case 0x67: p->addr32 = true; break;
		case 0xf0: p->lock = true; break;
		case 0xf2: case 0xf3: p->rep = true; break;
		default: p->seg = b; break;
		}
	}
	return i;
}
