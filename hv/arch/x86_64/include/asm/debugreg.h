/* A PV vCPU's virtual debug registers (set_debugreg / get_debugreg). */
#ifndef ASM_DEBUGREG_H
#define ASM_DEBUGREG_H

#include "types.h"

#define X86_DR6_DEFAULT  0xffff0ff0u   /* reserved bits that read as 1 */
#define X86_DR6_ZEROS    0x00001000u   /* reserved bits that read as 0 */
#define X86_DR6_BP_MASK  0x0000000fu   /* B0-B3 */
#define X86_DR6_BD_BS_BT 0x0000e000u
#define X86_DR7_DEFAULT  0x00000400u
#define X86_DR7_ZEROS    0x0000d800u
#define DR_GENERAL_DETECT 0x00002000u
#define DR7_ACTIVE_MASK  0x000000ffu   /* L0-L3, G0-G3 */
#define DR_CONTROL_SHIFT 16
#define DR_CONTROL_SIZE  4
#define DR_IO            2             /* R/W field: I/O breakpoint */

/* Zero-initialised state reads as the architectural reset values. */
/* A PV guest's virtual CR4 never has DE here (writes of CR4 are not
 * emulated): DR4/DR5 always alias DR6/DR7. */
#define PV_GUEST_CR4_DE false

struct pv_debugregs {
	uint64_t dr[4];
	uint32_t dr6, dr7;
};

/*
 * set_debugreg(reg, value) as Xen for a PV vCPU whose virtual CR4.DE is
 * cr4_de: DR0-3 must be guest addresses (-EPERM); DR6/DR7 (and DR4/DR5,
 * their aliases without CR4.DE, -ENODEV with it) take no upper 32 bits
 * (-EINVAL) and get their reserved bits forced; DR7.GD is -EPERM, and so
 * is an I/O breakpoint in DR7 while any breakpoint is enabled, whatever
 * cr4_de (Xen allows it with CR4.DE; we never emulate them); other
 * registers -ENODEV.
 * Only state is changed: the caller loads the hardware.
 */
long debugreg_set(struct pv_debugregs *s, unsigned int reg, uint64_t value,
		  bool cr4_de);

/* get_debugreg: 0 and *val, or -ENODEV as Xen. */
long debugreg_get(const struct pv_debugregs *s, unsigned int reg,
		  bool cr4_de, uint64_t *val);

/* A #DB happened with hardware DR6 = hw: fold it into the virtual DR6
 * (B0-B3 replaced, BD/BS/BT accumulated). */
void debugreg_note_db(struct pv_debugregs *s, uint32_t hw);

/* Load s into the hardware (hv/arch/x86_64/pv_debugreg.c). */
void pv_load_debugregs(const struct pv_debugregs *s);

struct cpu_regs;

/*
 * A #DB raised in ring 0 (on its IST stack, no lock, any GS base): a
 * guest's watchpoint hit by a copy to or from guest memory or deferred
 * past a `mov ss` into an entry path (XSA-260), or the single step of a
 * guest that entered with TF set (sysenter keeps TF). As Xen's do_debug:
 * TF is cleared once sysenter_entry has saved the guest's flags (never
 * before), else as unexpected; the reason goes into the current vCPU's
 * virtual DR6 and execution goes on; nothing is delivered to the guest
 * at that point. Noted for pv_debug_report().
 */
void pv_debug_in_hypervisor(struct cpu_regs *regs);

/* Log (KERN_DEBUG) a #DB taken in ring 0 since the last call on this CPU;
 * from do_entry, where printk is safe. */
void pv_debug_report(void);

#endif
