/* Decoding and executing the quadword writes Linux makes to its page-table entries (pure). */
#include "asm/emulate.h"
#include "asm/ptwr.h"

#define X86_EFLAGS_CF (1UL << 0)
#define X86_EFLAGS_PF (1UL << 2)
#define X86_EFLAGS_AF (1UL << 4)
#define X86_EFLAGS_ZF (1UL << 6)
#define X86_EFLAGS_SF (1UL << 7)
#define X86_EFLAGS_OF (1UL << 11)
#define ARITH_FLAGS   (X86_EFLAGS_CF | X86_EFLAGS_PF | X86_EFLAGS_AF | \
		       X86_EFLAGS_ZF | X86_EFLAGS_SF | X86_EFLAGS_OF)

/* Take n little-endian bytes at insn[*i], sign-extended; false if short. */
static bool take_signed(const uint8_t *insn, unsigned int avail,
			unsigned int *i, unsigned int n, int64_t *val)
{
	uint64_t v = 0;

	if (*i + n > avail)
		return false;
	for (unsigned int k = 0; k < n; k++)
		v |= (uint64_t)insn[*i + k] << (8 * k);
	*i += n;
	if (n < 8 && (v & (1ULL << (8 * n - 1))))
		v |= ~0ULL << (8 * n);
	*val = (int64_t)v;
	return true;
}

/*
 * The memory operand of the ModRM byte at insn[*i] (64-bit addressing).
 * Returns the ModRM byte, or -1 for a register operand or short bytes.
 */
static int decode_modrm_mem(const uint8_t *insn, unsigned int avail,
			    unsigned int *i, unsigned int rex,
			    struct ptwr_insn *out)
{
	unsigned int mod, rm;
	uint8_t modrm;

	if (*i >= avail)
		return -1;
	modrm = insn[(*i)++];
	mod = modrm >> 6;
	rm = modrm & 7;
	if (mod == 3)
		return -1;
	out->reg = ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0);
	out->base = (int)(rm | (rex & 1 ? 8 : 0));
	out->index = PTWR_NO_REG;
	out->scale = 1;
	if (rm == 4) {
		uint8_t sib;
		unsigned int idx;

		if (*i >= avail)
			return -1;
		sib = insn[(*i)++];
		out->scale = 1u << (sib >> 6);
		idx = ((sib >> 3) & 7) | (rex & 2 ? 8 : 0);
		if (idx != 4)            /* rsp: no index; r12 is one */
			out->index = (int)idx;
		out->base = (int)((sib & 7) | (rex & 1 ? 8 : 0));
		if ((sib & 7) == 5 && mod == 0)
			out->base = PTWR_NO_REG;       /* disp32, no base */
	} else if (rm == 5 && mod == 0) {
		out->base = PTWR_RIP;
	}
	out->disp = 0;
	if (mod == 1 || (mod == 0 && (out->base == PTWR_NO_REG ||
				      out->base == PTWR_RIP))) {
		if (!take_signed(insn, avail, i, mod == 1 ? 1 : 4, &out->disp))
			return -1;
	} else if (mod == 2) {
		if (!take_signed(insn, avail, i, 4, &out->disp))
			return -1;
	}
	return modrm;
}

/* The immediate of n bytes (sign-extended) into out->imm. */
static bool take_imm(const uint8_t *insn, unsigned int avail, unsigned int *i,
		     unsigned int n, struct ptwr_insn *out)
{
	int64_t v;

	if (!take_signed(insn, avail, i, n, &v))
		return false;
	out->imm = (uint64_t)v;
	out->has_imm = true;
	return true;
}

int x86_decode_ptwr(const uint8_t *insn, unsigned int avail,
		    struct ptwr_insn *out)
{
	struct x86_prefixes p;
	unsigned int i, grp;
	uint8_t op;
	int modrm;

	*out = (struct ptwr_insn){ .op = PTWR_MOV };
	if (avail > X86_MAX_INSN_LEN)
		avail = X86_MAX_INSN_LEN;
	i = x86_decode_prefixes(insn, avail, &p);
	/* A 64-bit operand and address only; no rep/xacquire/xrelease. */
	if (!(p.rex & 8) || p.opsize || p.addr32 || p.rep || i >= avail)
		return -1;
	out->seg = p.seg;
	out->lock = p.lock;
	op = insn[i++];
	if (op == 0x0f) {
		if (i >= avail)
			return -1;
		op = insn[i++];
		modrm = decode_modrm_mem(insn, avail, &i, p.rex, out);
		if (modrm < 0)
			return -1;
		switch (op) {
		case 0xb1: out->op = PTWR_CMPXCHG; break;
		case 0xb3: out->op = PTWR_BTR; break;
		case 0xab: out->op = PTWR_BTS; break;
		case 0xba:
			grp = (modrm >> 3) & 7;
			if (grp != 5 && grp != 6)
				return -1;
			out->op = grp == 6 ? PTWR_BTR : PTWR_BTS;
			if (!take_imm(insn, avail, &i, 1, out))
				return -1;
			out->imm &= 63;  /* a 64-bit operand masks the bit number */
			break;
		default:
			return -1;
		}
	} else {
		modrm = decode_modrm_mem(insn, avail, &i, p.rex, out);
		if (modrm < 0)
			return -1;
		grp = (modrm >> 3) & 7;
		switch (op) {
		case 0x89: out->op = PTWR_MOV; break;
		case 0x87: out->op = PTWR_XCHG; break;
		case 0x21: out->op = PTWR_AND; break;
		case 0x09: out->op = PTWR_OR; break;
		case 0xc7: case 0x81: case 0x83:
			if (op == 0xc7 ? grp != 0 : grp != 4 && grp != 1)
				return -1;
			out->op = op == 0xc7 ? PTWR_MOV :
				  grp == 4 ? PTWR_AND : PTWR_OR;
			if (!take_imm(insn, avail, &i, op == 0x83 ? 1 : 4, out))
				return -1;
			break;
		default:
			return -1;
		}
	}
	/* lock on a plain mov is #UD on real hardware: not ours. */
	if (out->lock && out->op == PTWR_MOV)
		return -1;
	out->len = i;
	return 0;
}

uint64_t x86_ptwr_addr(const struct ptwr_insn *in, const struct cpu_regs *regs,
		       uint64_t seg_base)
{
	uint64_t ea = seg_base + (uint64_t)in->disp;
	struct cpu_regs r = *regs;           /* x86_gpr() wants it writable */

	if (in->base == PTWR_RIP)
		ea += regs->rip + in->len;
	else if (in->base != PTWR_NO_REG)
		ea += *x86_gpr(&r, (unsigned int)in->base);
	if (in->index != PTWR_NO_REG)
		ea += *x86_gpr(&r, (unsigned int)in->index) * in->scale;
	return ea;
}

/* PF: set when the low byte of v has an even number of one bits. */
static uint64_t parity_flag(uint64_t v)
{
	return __builtin_parity((unsigned int)(v & 0xff)) ? 0 : X86_EFLAGS_PF;
}

/* SF, ZF, PF of a logical result; CF and OF clear (AF undefined: kept). */
static void logic_flags(struct cpu_regs *regs, uint64_t res)
{
	uint64_t f = parity_flag(res);

	if (!res)
		f |= X86_EFLAGS_ZF;
	if (res >> 63)
		f |= X86_EFLAGS_SF;
	regs->rflags = (regs->rflags & ~(ARITH_FLAGS & ~X86_EFLAGS_AF)) | f;
}

/* All six arithmetic flags of cmp a, b (a - b). */
static void cmp_flags(struct cpu_regs *regs, uint64_t a, uint64_t b)
{
	uint64_t res = a - b, f = parity_flag(res);

	if (a < b)
		f |= X86_EFLAGS_CF;
	if ((a ^ b ^ res) & 0x10)
		f |= X86_EFLAGS_AF;
	if (!res)
		f |= X86_EFLAGS_ZF;
	if (res >> 63)
		f |= X86_EFLAGS_SF;
	if (((a ^ b) & (a ^ res)) >> 63)
		f |= X86_EFLAGS_OF;
	regs->rflags = (regs->rflags & ~ARITH_FLAGS) | f;
}

int x86_ptwr_execute(const struct ptwr_insn *in, struct cpu_regs *regs,
		     uint64_t old, uint64_t *new_val)
{
	uint64_t *reg = x86_gpr(regs, in->reg);
	uint64_t src = in->has_imm ? in->imm : *reg, bit;
	int rc = PTWR_WRITE;

	switch (in->op) {
	case PTWR_MOV:
		*new_val = src;
		break;
	case PTWR_XCHG:
		*new_val = src;
		*reg = old;
		break;
	case PTWR_CMPXCHG:
		cmp_flags(regs, regs->rax, old);
		if (regs->rax == old) {
			*new_val = src;
		} else {
			*new_val = old;
			regs->rax = old;
			rc = PTWR_NO_WRITE;
		}
		break;
	case PTWR_AND:
	case PTWR_OR:
		*new_val = in->op == PTWR_AND ? old & src : old | src;
		logic_flags(regs, *new_val);
		break;
	case PTWR_BTR:
	case PTWR_BTS:
		/* A register bit offset addresses a bit string: stay in this
		 * quadword. */
		if (src > 63)
			return PTWR_REFUSE;
		bit = 1ULL << src;
		*new_val = in->op == PTWR_BTR ? old & ~bit : old | bit;
		regs->rflags = (regs->rflags & ~X86_EFLAGS_CF) |
			       (old & bit ? X86_EFLAGS_CF : 0);
		break;
	default:
		return PTWR_REFUSE;
	}
	regs->rip += in->len;
	return rc;
}
