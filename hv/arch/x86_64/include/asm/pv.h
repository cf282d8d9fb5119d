/* Architecture state of a PV vCPU and the entry points of the PV core. */
#ifndef ASM_PV_H
#define ASM_PV_H

#include "types.h"
#include "domain.h"
#include "ratelimit.h"
#include "asm/debugreg.h"
#include "asm/processor.h"
#include "asm/regs.h"
#include <xen/xen.h>

#define TRAP_syscall   256   /* entry_vector of a guest `syscall` */
#define TRAP_syscall32 257   /* ... from a 32-bit code segment */
#define TRAP_sysenter  258   /* entry_vector of a guest `sysenter` */
/*
 * Or'd into a TRAP_syscall frame's entry_vector when its return must be
 * an iretq (its rcx and r11 matter): entry.S's restore_all returns a
 * frame whose entry_vector is exactly TRAP_syscall with sysretq if the
 * target is the flat 64-bit ring-3 CS/SS and rip is canonical.
 */
#define TRAP_iret_only 0x10000u

/* One trap-table entry as the guest registered it (set_trap_table). */
struct pv_trap {
	uint64_t address;  /* 0: no handler */
	uint16_t cs;
	uint8_t flags;     /* bits 0-1 DPL, bit 2 mask events */
};

struct pv_desc_tables;
struct vcpu_guest_context;

struct arch_vcpu {
	uint8_t fpu[512] __attribute__((aligned(16))); /* FXSAVE image while
							  descheduled */
	struct cpu_regs regs;   /* guest registers while descheduled */
	uint16_t sel[4];        /* DS, ES, FS, GS (SEL_*), ditto */
	mfn_t guest_table;           /* kernel-mode L4 */
	mfn_t guest_table_user;      /* user-mode L4, 0 if none */
	bool kernel_mode;            /* guest kernel (else guest user) */
	uint64_t kernel_ss, kernel_sp;
	uint64_t fs_base, gs_base_kernel, gs_base_user;
	struct pv_trap traps[256];
	uint64_t event_callback, failsafe_callback, syscall_callback;
	uint64_t syscall32_callback, sysenter_callback;
	unsigned int callback_flags; /* CALLBACKF_mask_events per type */
	bool fpu_ts;                 /* virtual CR0.TS */
	bool fpu_started;            /* FPU state loaded from clean_fpu */
	unsigned int iopl;
	struct pv_desc_tables *desc_tables; /* set_gdt/SET_LDT state, or NULL */
	struct pv_debugregs debugregs;   /* set_debugreg (pv_debugreg.c) */
	/* Port I/O (pv_emul.c): iopl above is the virtual IOPL, 0-3, from
	 * PHYSDEVOP_set_iopl or (VMASST_TYPE_architectural_iopl) the iret
	 * hypercall; the real IOPL is always 0. PHYSDEVOP_set_iobitmap: */
	uint64_t iobmp;              /* guest kernel VA of the bitmap */
	unsigned int iobmp_nr;       /* ports it describes, 0: none */
	uint32_t tsc_aux;            /* MSR_TSC_AUX, loaded while v runs */
	/* VCPUOP_register_vcpu_time_memory_area (time.c): the guest VA of
	 * the secondary vcpu_time_info (0: none), and a record whose write
	 * failed in guest user mode, for the switch to kernel mode. */
	bool nmi_masked;             /* in its NMI handler, until the iret */
	uint64_t time_area;
	struct vcpu_time_info time_pending;
	bool time_pending_valid;
	/* Bounced faults and refused page-table writes logged
	 * (pv_debug_log_ok); vCPU 0's stand for its domain. */
	struct ratelimit fault_log_rl, ptwr_log_rl;
};

static inline struct arch_vcpu *arch_of(const struct vcpu *v)
{
	return v->arch;
}

/*
 * RFLAGS a guest may hand us (iret, VCPUOP_initialise): arithmetic flags
 * and DF only, no IOPL, TF, NT or AC; IF stays on, the guest's interrupt
 * flag being its event mask.
 */
static inline uint64_t pv_guest_rflags(uint64_t rflags)
{
	return (rflags & 0xcd5) | X86_EFLAGS_IF | 0x2;
}

#define X86_EFLAGS_IOPL (3UL << 12)

/*
 * RFLAGS the iret hypercall returns with, as Xen's do_iret: the guest's,
 * less IOPL and VM, with IF set; reserved bits as the CPU has them.
 */
static inline uint64_t pv_iret_rflags(uint64_t rflags)
{
	return (rflags & 0x3d4fd5) | X86_EFLAGS_IF | 0x2;
}

/* d asked for VMASST_TYPE_architectural_iopl. */
static inline bool pv_architectural_iopl(const struct domain *d)
{
	return d->vm_assist & (1UL << VMASST_TYPE_architectural_iopl);
}

/*
 * RFLAGS.IOPL as v's bounce and failsafe frames report it (Xen's
 * create_bounce_frame): the virtual IOPL under
 * VMASST_TYPE_architectural_iopl, else 0, the real one.
 */
static inline uint64_t pv_frame_iopl(const struct vcpu *v)
{
	return pv_architectural_iopl(v->domain) ?
	       ((uint64_t)arch_of(v)->iopl << 12) & X86_EFLAGS_IOPL : 0;
}

/* Build a PV domain from an ELF image; NULL with *why on refusal. */
struct domain *pv_domain_build(domid_t id, const char *name, const void *img,
			       size_t len, unsigned long mem_kb,
			       const void *ramdisk, size_t ramdisk_len,
			       const char *cmdline, const char **why);

/*
 * Build dom0 (domain id 0, privileged, SIF_INITDOMAIN | SIF_PRIVILEGED,
 * no store or console page, event channels 0) from a kernel image with
 * nr_pages of machine-contiguous aligned blocks and a maximum
 * reservation of max_pages; NULL with *why on refusal.
 */
struct domain *pv_dom0_build(const void *img, size_t len,
			     unsigned long nr_pages, unsigned long max_pages,
			     const void *ramdisk, size_t ramdisk_len,
			     const char *cmdline, const char **why);

/*
 * XENPF_settime: the wallclock was secs.nsecs at system time system_time
 * (ns); every domain's shared_info wallclock follows (Xen's do_settime).
 */
void pv_settime(uint64_t secs, uint32_t nsecs, uint64_t system_time);

/* Copy regs to this CPU's guest frame and return to the guest (entry.S). */
void __noreturn enter_guest(const struct cpu_regs *regs);

/* Return to the guest through the frame already at the stack top. */
void __noreturn resume_guest(void);

/*
 * Run v (never returns): load its address space, registers, FPU and
 * segment state, refresh its pvclock and runstate area, deliver pending
 * events, and enter the guest.
 */
void __noreturn pv_run_vcpu(struct vcpu *v);

/*
 * Allocate the architecture state of d's vCPUs 1..n-1 (down, no context
 * until VCPUOP_initialise); vcpu 0 is the builder's. 0 or -ENOMEM.
 */
int pv_create_secondary_vcpus(struct domain *d, unsigned int n);

/*
 * VCPUOP_initialise: load ctxt into v (not yet initialised): registers
 * with privileged bits forced, trap table, GDT, stack, callbacks, bases,
 * and the kernel (and optional user) L4 from ctrlreg[3] / ctrlreg[1].
 * 0, -EINVAL (a non-canonical address, a bad GDT, an L4 that fails
 * validation) or -ENOMEM.
 */
int pv_set_info_guest(struct vcpu *v, const struct vcpu_guest_context *c);

/* On the way back to the guest: reschedule if asked, deliver events. */
void pv_exit_to_guest(struct cpu_regs *regs);

/* A fault or event the guest must see, or its death (pv_traps.c). */
void pv_handle_guest_trap(struct cpu_regs *regs);

/*
 * Whether a KERN_DEBUG line about a fault of d's may be printed now, one
 * limiter per kind (PV_LOG_BOUNCE, PV_LOG_PTWR): false below
 * loglvl=debug, and past 10 a second per domain and kind (burst 10), with
 * a line counting what was not logged (pv_traps.c).
 */
enum pv_log_kind { PV_LOG_BOUNCE, PV_LOG_PTWR };
bool pv_debug_log_ok(struct domain *d, enum pv_log_kind kind);

/* When d goes: the counts of fault lines not logged yet (pv_traps.c). */
void pv_debug_log_final(struct domain *d);

/* Kernel <-> user mode of the guest: other L4, other GS base. */
void pv_toggle_guest_mode(struct vcpu *v);

/* Bounce frames (pv_bounce.c); false: no handler or an unusable stack. */
bool pv_create_bounce_frame(struct cpu_regs *regs, uint64_t handler,
			    bool has_ec, uint32_t ec, bool mask_events);
bool pv_inject_exception(struct cpu_regs *regs, unsigned int vector,
			 bool has_ec, uint32_t ec, uint64_t cr2);

/* #DB from the guest: fold the hardware DR6 into v's (pv_debugreg.c). */
void pv_debug_from_guest(struct vcpu *v);

/*
 * Failsafe (pv_failsafe.c). iret_to_guest is the iretq of restore_all
 * that returns to a guest; pv_iret_fault is called for a fault on it and
 * bounces the guest to its failsafe callback with DS, ES, FS and GS in
 * the frame, or crashes the domain (never returns).
 * pv_create_failsafe_frame: the bounce frame with the four selectors;
 * false if there is no failsafe callback or the frame cannot be written.
 */
extern char iret_to_guest[];
void __noreturn pv_iret_fault(struct cpu_regs *regs);
bool pv_create_failsafe_frame(struct cpu_regs *regs, const uint16_t seg[4]);

/* Load v's MSR_TSC_AUX into this CPU, if it has one (pv_emul.c). */
void pv_load_tsc_aux(struct vcpu *v);

/* Enable SSE state (CR4.OSFXSR) and record the clean FPU image. */
void pv_fpu_init(void);

/* MSR_STAR/LSTAR/CSTAR/FMASK for guest `syscall`. */
void pv_syscall_init(void);

/* MSR_IA32_SYSENTER_* for guest `sysenter` (pv_traps.c). */
void pv_sysenter_init(void);

/* The syscall-entry path: hypercall from the kernel, bounce from user. */
void pv_handle_syscall(struct cpu_regs *regs);

#endif
