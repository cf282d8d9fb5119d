/* Virtual debug registers: Xen's checks on what a PV guest may load. */
#include "types.h"
#include "errno.h"
#include "asm/debugreg.h"
#include "asm/layout.h"

/* A breakpoint must be a guest address: below the non-canonical hole, or
 * above the hypervisor's L4 slots. */
static bool breakpoint_addr_ok(uint64_t a)
{
	return a < (1UL << 47) || a >= HYPERVISOR_VIRT_END;
}

static uint32_t adj_dr6(uint32_t v)
{
	return (v | X86_DR6_DEFAULT) & ~X86_DR6_ZEROS;
}

static uint32_t adj_dr7(uint32_t v)
{
	return (v | X86_DR7_DEFAULT) & ~X86_DR7_ZEROS;
}

/* DR4 and DR5 are DR6 and DR7 unless CR4.DE is set; then they stay 4 and
 * 5, which neither call accepts (-ENODEV). */
static unsigned int dealias(unsigned int reg, bool cr4_de)
{
	return (reg == 4 || reg == 5) && !cr4_de ? reg + 2 : reg;
}

long debugreg_set(struct pv_debugregs *s, unsigned int reg, uint64_t value,
		  bool cr4_de)
{
	switch (dealias(reg, cr4_de)) {
	case 0: case 1: case 2: case 3:
		if (!breakpoint_addr_ok(value))
			return -EPERM;
		s->dr[reg] = value;
		return 0;
	case 6:
		if (value >> 32)
			return -EINVAL;
		s->dr6 = adj_dr6((uint32_t)value);
		return 0;
	case 7:
		if (value >> 32)
			return -EINVAL;
		value = adj_dr7((uint32_t)value);
		if (value & DR_GENERAL_DETECT)
			return -EPERM;
		if (value & DR7_ACTIVE_MASK) {
			for (unsigned int i = DR_CONTROL_SHIFT; i < 32;
			     i += DR_CONTROL_SIZE) {
				/* We never emulate I/O breakpoints: Xen would
				 * with CR4.DE, which a guest cannot set here. */
				if (((value >> i) & 3) == DR_IO)
					return -EPERM;
			}
		}
		s->dr7 = (uint32_t)value;
		return 0;
	default:
		return -ENODEV;
	}
}

long debugreg_get(const struct pv_debugregs *s, unsigned int reg,
		  bool cr4_de, uint64_t *val)
{
	switch (dealias(reg, cr4_de)) {
	case 0: case 1: case 2: case 3:
		*val = s->dr[reg];
		return 0;
	case 6:
		*val = adj_dr6(s->dr6);
		return 0;
	case 7:
		*val = adj_dr7(s->dr7);
		return 0;
	default:
		return -ENODEV;
	}
}

/* B0-B3 and BD/BS/BT lie outside X86_DR6_DEFAULT and X86_DR6_ZEROS: the
 * result needs no second adj_dr6. */
void debugreg_note_db(struct pv_debugregs *s, uint32_t hw)
{
	s->dr6 = (adj_dr6(s->dr6) & ~X86_DR6_BP_MASK) |
		 (hw & (X86_DR6_BP_MASK | X86_DR6_BD_BS_BT));
}
