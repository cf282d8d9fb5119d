/* Decoding and executing the writes Linux makes to its page-table entries, at every width (pure). */
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

/* The low n bytes (1, 2, 4 or 8) of a quadword. */
static uint64_t width_mask(unsigned int n)
{
	return n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
}

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
 * The memory operand of the ModRM byte at insn[*i] (the same encodings
 * serve 64- and 32-bit addressing). Returns the ModRM byte, or -1 for a
 * register operand or short bytes.
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

/* The two-byte opcodes 0f op: cmpxchg and bts/btr/btc. */
static int decode_0f(const uint8_t *insn, unsigned int avail, unsigned int *i,
		     uint8_t op, unsigned int rex, struct ptwr_insn *out)
{
	int modrm = decode_modrm_mem(insn, avail, i, rex, out);

	if (modrm < 0)
		return -1;
	switch (op) {
	case 0xb0: out->bytes = 1; /* fall through */
	case 0xb1: out->op = PTWR_CMPXCHG; return 0;
	case 0xab: out->op = PTWR_BTS; return 0;
	case 0xb3: out->op = PTWR_BTR; return 0;
	case 0xbb: out->op = PTWR_BTC; return 0;
	case 0xba:
		switch ((modrm >> 3) & 7) {
		case 5: out->op = PTWR_BTS; break;
		case 6: out->op = PTWR_BTR; break;
		case 7: out->op = PTWR_BTC; break;
		default: return -1;           /* bt (a read) or undefined */
		}
		return take_imm(insn, avail, i, 1, out) ? 0 : -1;
	default:
		return -1;
	}
}

/* The ALU group 80/81/83: /1 or, /4 and, /6 xor (no other writes ours). */
static bool group1_op(unsigned int grp, enum ptwr_op *op)
{
	switch (grp) {
	case 1: *op = PTWR_OR; return true;
	case 4: *op = PTWR_AND; return true;
	case 6: *op = PTWR_XOR; return true;
	default: return false;
	}
}

/*
 * The one-byte opcodes: mov, xchg, and/or/xor. out->bytes holds the
 * operand size of the prefixes; the even opcodes are the byte forms.
 */
static int decode_1byte(const uint8_t *insn, unsigned int avail,
			unsigned int *i, uint8_t op, unsigned int rex,
			struct ptwr_insn *out)
{
	unsigned int imm_len;
	int modrm = decode_modrm_mem(insn, avail, i, rex, out);

	if (modrm < 0)
		return -1;
	if (!(op & 1))
		out->bytes = 1;
	switch (op) {
	case 0x88: case 0x89: out->op = PTWR_MOV; return 0;
	case 0x86: case 0x87: out->op = PTWR_XCHG; return 0;
	case 0x08: case 0x09: out->op = PTWR_OR; return 0;
	case 0x20: case 0x21: out->op = PTWR_AND; return 0;
	case 0x30: case 0x31: out->op = PTWR_XOR; return 0;
	case 0xc6: case 0xc7:
		if ((modrm >> 3) & 7)
			return -1;
		out->op = PTWR_MOV;
		break;
	case 0x80: case 0x81: case 0x83:
		if (!group1_op((modrm >> 3) & 7, &out->op))
			return -1;
		break;
	default:
		return -1;
	}
	/* ib for the byte forms and 83, else iw (66) or id (sign-extended). */
	imm_len = out->bytes == 1 || op == 0x83 ? 1 : out->bytes == 2 ? 2 : 4;
	return take_imm(insn, avail, i, imm_len, out) ? 0 : -1;
}

int x86_decode_ptwr(const uint8_t *insn, unsigned int avail,
		    struct ptwr_insn *out)
{
	struct x86_prefixes p;
	unsigned int i;
	uint8_t op;
	int rc;

	*out = (struct ptwr_insn){ .op = PTWR_MOV };
	if (avail > X86_MAX_INSN_LEN)
		avail = X86_MAX_INSN_LEN;
	i = x86_decode_prefixes(insn, avail, &p);
	/* No rep/xacquire/xrelease: Linux writes no entry with them. */
	if (p.rep || i >= avail)
		return -1;
	out->seg = p.seg;
	out->lock = p.lock;
	out->addr32 = p.addr32;
	out->bytes = p.rex & 8 ? 8 : p.opsize ? 2 : 4;
	op = insn[i++];
	if (op == 0x0f) {
		if (i >= avail)
			return -1;
		op = insn[i++];
		rc = decode_0f(insn, avail, &i, op, p.rex, out);
	} else {
		rc = decode_1byte(insn, avail, &i, op, p.rex, out);
	}
	if (rc)
		return -1;
	/* A byte register without REX: 4-7 are ah, ch, dh, bh. */
	if (out->bytes == 1 && !p.rex && out->reg >= 4 && out->reg < 8) {
		out->reg -= 4;
		out->reg_high = true;
	}
	/* lock on a plain mov is #UD on real hardware: not ours. */
	if (out->lock && out->op == PTWR_MOV)
		return -1;
	out->len = i;
	return 0;
}

/* Register n at the operand's width (ah-bh when high), zero-extended. */
static uint64_t reg_read(struct cpu_regs *regs, unsigned int n, bool high,
			 unsigned int bytes)
{
	uint64_t v = *x86_gpr(regs, n);

	return (high ? v >> 8 : v) & width_mask(bytes);
}

/*
 * Write val to register n at the operand's width, as the CPU: a 4-byte
 * write zero-extends, 1- and 2-byte writes keep the other bits.
 */
static void reg_write(struct cpu_regs *regs, unsigned int n, bool high,
		      unsigned int bytes, uint64_t val)
{
	uint64_t *r = x86_gpr(regs, n);
	uint64_t m = width_mask(bytes);
	unsigned int shift = high ? 8 : 0;

	if (bytes == 4)
		*r = val & m;
	else
		*r = (*r & ~(m << shift)) | ((val & m) << shift);
}

uint64_t x86_ptwr_addr(const struct ptwr_insn *in, const struct cpu_regs *regs,
		       uint64_t seg_base)
{
	uint64_t ea = (uint64_t)in->disp;
	struct cpu_regs r = *regs;           /* x86_gpr() wants it writable */

	if (in->base == PTWR_RIP)
		ea += regs->rip + in->len;
	else if (in->base != PTWR_NO_REG)
		ea += *x86_gpr(&r, (unsigned int)in->base);
	if (in->index != PTWR_NO_REG)
		ea += *x86_gpr(&r, (unsigned int)in->index) * in->scale;
	if (!in->has_imm && (in->op == PTWR_BTS || in->op == PTWR_BTR ||
			     in->op == PTWR_BTC)) {
		/* The bit offset, signed at the operand size, selects the
		 * operand: arithmetic shift by log2 of the operand's bits. */
		unsigned int bits = in->bytes * 8;
		uint64_t off = reg_read(&r, in->reg, false, in->bytes);
		int64_t soff = (int64_t)(off << (64 - bits)) >> (64 - bits);

		ea += (uint64_t)((soff >> __builtin_ctz(bits)) *
				 (int64_t)in->bytes);
	}
	if (in->addr32)
		ea &= 0xffffffffULL;
	return seg_base + ea;
}

/* PF: set when the low byte of v has an even number of one bits. */
static uint64_t parity_flag(uint64_t v)
{
	return __builtin_parity((unsigned int)(v & 0xff)) ? 0 : X86_EFLAGS_PF;
}

/* SF, ZF, PF of a logical result of n bytes; CF and OF clear (AF kept). */
static void logic_flags(struct cpu_regs *regs, uint64_t res, unsigned int n)
{
	uint64_t f = parity_flag(res);

	if (!(res & width_mask(n)))
		f |= X86_EFLAGS_ZF;
	if ((res >> (8 * n - 1)) & 1)
		f |= X86_EFLAGS_SF;
	regs->rflags = (regs->rflags & ~(ARITH_FLAGS & ~X86_EFLAGS_AF)) | f;
}

/* All six arithmetic flags of cmp a, b (a - b) on n-byte operands. */
static void cmp_flags(struct cpu_regs *regs, uint64_t a, uint64_t b,
		      unsigned int n)
{
	uint64_t m = width_mask(n), res = (a - b) & m, f = parity_flag(res);
	unsigned int top = 8 * n - 1;

	a &= m, b &= m;
	if (a < b)
		f |= X86_EFLAGS_CF;
	if ((a ^ b ^ res) & 0x10)
		f |= X86_EFLAGS_AF;
	if (!res)
		f |= X86_EFLAGS_ZF;
	if ((res >> top) & 1)
		f |= X86_EFLAGS_SF;
	if ((((a ^ b) & (a ^ res)) >> top) & 1)
		f |= X86_EFLAGS_OF;
	regs->rflags = (regs->rflags & ~ARITH_FLAGS) | f;
}

int x86_ptwr_execute(const struct ptwr_insn *in, struct cpu_regs *regs,
		     uint64_t old, uint64_t *new_val)
{
	unsigned int n = in->bytes;
	uint64_t m = width_mask(n);
	uint64_t src = (in->has_imm ? in->imm :
			reg_read(regs, in->reg, in->reg_high, n)) & m;
	uint64_t bit;
	int rc = PTWR_WRITE;

	old &= m;
	switch (in->op) {
	case PTWR_MOV:
		*new_val = src;
		break;
	case PTWR_XCHG:
		*new_val = src;
		reg_write(regs, in->reg, in->reg_high, n, old);
		break;
	case PTWR_CMPXCHG:
		cmp_flags(regs, regs->rax, old, n);
		if ((regs->rax & m) == old) {
			*new_val = src;
		} else {
			*new_val = old;
			reg_write(regs, 0, false, n, old);
			rc = PTWR_NO_WRITE;
		}
		break;
	case PTWR_AND:
	case PTWR_OR:
	case PTWR_XOR:
		*new_val = in->op == PTWR_AND ? old & src :
			   in->op == PTWR_OR ? old | src : old ^ src;
		logic_flags(regs, *new_val, n);
		break;
	case PTWR_BTS:
	case PTWR_BTR:
	case PTWR_BTC:
		/* Modulo the operand's bits; x86_ptwr_addr() placed the
		 * operand for a register offset. */
		bit = 1ULL << (src & (8 * n - 1));
		*new_val = in->op == PTWR_BTS ? old | bit :
			   in->op == PTWR_BTR ? old & ~bit : old ^ bit;
		regs->rflags = (regs->rflags & ~X86_EFLAGS_CF) |
			       (old & bit ? X86_EFLAGS_CF : 0);
		break;
	default:
		return PTWR_REFUSE;
	}
	regs->rip += in->len;
	return rc;
}

int x86_ptwr_update(const struct ptwr_insn *in, struct cpu_regs *regs,
		    uint64_t addr, uint64_t entry, uint64_t *new_entry)
{
	unsigned int shift = (unsigned int)(addr & 7) * 8;
	uint64_t m = width_mask(in->bytes), val;
	int rc;

	if (addr & (in->bytes - 1))
		return PTWR_REFUSE;
	rc = x86_ptwr_execute(in, regs, entry >> shift, &val);
	if (rc == PTWR_REFUSE)
		return rc;
	*new_entry = (entry & ~(m << shift)) | ((val & m) << shift);
	return rc;
}
