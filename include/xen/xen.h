/* Core PV ABI: hypercall numbers, VIRQs, MMU ops, shared_info, start_info. */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

#include "arch-x86_64.h"

#define xen_mk_uint(x)    x ## U
#define xen_mk_ulong(x)   x ## UL
#define xen_mk_ullong(x)  x ## ULL

/* Trailing variable-length arrays. */
#define XEN_FLEX_ARRAY_DIM

/*
 * Hypercall numbers: rax on the syscall that enters the hypervisor (or
 * the 32-byte slot index in a hypercall page). 11 and 43-47 are unused.
 */
#define __HYPERVISOR_set_trap_table                0
#define __HYPERVISOR_mmu_update                    1
#define __HYPERVISOR_set_gdt                       2
#define __HYPERVISOR_stack_switch                  3
#define __HYPERVISOR_set_callbacks                 4
#define __HYPERVISOR_fpu_taskswitch                5
#define __HYPERVISOR_sched_op_compat               6
#define __HYPERVISOR_platform_op                   7
#define __HYPERVISOR_set_debugreg                  8
#define __HYPERVISOR_get_debugreg                  9
#define __HYPERVISOR_update_descriptor            10
#define __HYPERVISOR_memory_op                    12
#define __HYPERVISOR_multicall                    13
#define __HYPERVISOR_update_va_mapping            14
#define __HYPERVISOR_set_timer_op                 15
#define __HYPERVISOR_event_channel_op_compat      16
#define __HYPERVISOR_xen_version                  17
#define __HYPERVISOR_console_io                   18
#define __HYPERVISOR_physdev_op_compat            19
#define __HYPERVISOR_grant_table_op               20
#define __HYPERVISOR_vm_assist                    21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                         23
#define __HYPERVISOR_vcpu_op                      24
#define __HYPERVISOR_set_segment_base             25
#define __HYPERVISOR_mmuext_op                    26
#define __HYPERVISOR_xsm_op                       27
#define __HYPERVISOR_nmi_op                       28
#define __HYPERVISOR_sched_op                     29
#define __HYPERVISOR_callback_op                  30
#define __HYPERVISOR_xenoprof_op                  31
#define __HYPERVISOR_event_channel_op             32
#define __HYPERVISOR_physdev_op                   33
#define __HYPERVISOR_hvm_op                       34
#define __HYPERVISOR_sysctl                       35
#define __HYPERVISOR_domctl                       36
#define __HYPERVISOR_kexec_op                     37
#define __HYPERVISOR_tmem_op                      38
#define __HYPERVISOR_argo_op                      39
#define __HYPERVISOR_xenpmu_op                    40
#define __HYPERVISOR_dm_op                        41
#define __HYPERVISOR_hypfs_op                     42
/* Reserved for the architecture (x86: arch_0 is machine-check). */
#define __HYPERVISOR_arch_0                       48
#define __HYPERVISOR_arch_1                       49
#define __HYPERVISOR_arch_2                       50
#define __HYPERVISOR_arch_3                       51
#define __HYPERVISOR_arch_4                       52
#define __HYPERVISOR_arch_5                       53
#define __HYPERVISOR_arch_6                       54
#define __HYPERVISOR_arch_7                       55
/*
 * Old name of platform_op, for interface versions before 0x00030204 only,
 * as in Xen. Unconditional, it would make Linux's
 * scripts/xen-hypercalls.sh (which reads every `#define __HYPERVISOR_x`
 * of xen*.h) emit a dom0_op stub and none for platform_op.
 */
#if defined(__XEN_INTERFACE_VERSION__) && __XEN_INTERFACE_VERSION__ < 0x00030204
#define __HYPERVISOR_dom0_op                      __HYPERVISOR_platform_op
#endif

/*
 * Virtual interrupts, bound with EVTCHNOP_bind_virq. Per-vCPU ones
 * (TIMER, DEBUG, XENOPROF, XENPMU) bind once per vCPU; the others are
 * global and bind once per domain.
 */
#define VIRQ_TIMER       0   /* per vCPU: timer expired */
#define VIRQ_DEBUG       1   /* per vCPU: dump debug state */
#define VIRQ_CONSOLE     2   /* dom0: hypervisor console input */
#define VIRQ_DOM_EXC     3   /* dom0: a domain crashed or shut down */
#define VIRQ_TBUF        4   /* dom0: trace records */
#define VIRQ_DEBUGGER    6   /* dom0: a domain paused for the debugger */
#define VIRQ_XENOPROF    7   /* per vCPU: profiling sample */
#define VIRQ_CON_RING    8   /* dom0: hypervisor log ring written */
#define VIRQ_PCPU_STATE  9   /* dom0: physical CPU hot-plug */
#define VIRQ_MEM_EVENT   10  /* dom0: memory event */
#define VIRQ_ARGO        11  /* Argo message */
#define VIRQ_ENOMEM      12  /* dom0: hypervisor heap low */
#define VIRQ_XENPMU      13  /* per vCPU: PMU interrupt */
#define VIRQ_ARCH_0      16
#define VIRQ_ARCH_1      17
#define VIRQ_ARCH_2      18
#define VIRQ_ARCH_3      19
#define VIRQ_ARCH_4      20
#define VIRQ_ARCH_5      21
#define VIRQ_ARCH_6      22
#define VIRQ_ARCH_7      23
#define NR_VIRQS         24

/*
 * mmu_update: the low two bits of mmu_update.ptr select the command; the
 * rest is the machine address of the page-table entry (or, for
 * MACHPHYS_UPDATE, of the frame whose M2P entry becomes val).
 */
#define MMU_NORMAL_PT_UPDATE        0  /* checked *ptr = val */
#define MMU_MACHPHYS_UPDATE         1  /* M2P[ptr >> PAGE_SHIFT] = val */
#define MMU_PT_UPDATE_PRESERVE_AD   2  /* as NORMAL, keep hardware A/D bits */
#define MMU_PT_UPDATE_NO_TRANSLATE  3  /* ptr is a machine address even for
                                          translated guests */

/* mmuext_op commands. */
#define MMUEXT_PIN_L1_TABLE        0   /* arg1.mfn */
#define MMUEXT_PIN_L2_TABLE        1
#define MMUEXT_PIN_L3_TABLE        2
#define MMUEXT_PIN_L4_TABLE        3
#define MMUEXT_UNPIN_TABLE         4   /* arg1.mfn */
#define MMUEXT_NEW_BASEPTR         5   /* arg1.mfn: kernel L4 */
#define MMUEXT_TLB_FLUSH_LOCAL     6
#define MMUEXT_INVLPG_LOCAL        7   /* arg1.linear_addr */
#define MMUEXT_TLB_FLUSH_MULTI     8   /* arg2.vcpumask */
#define MMUEXT_INVLPG_MULTI        9   /* arg1.linear_addr, arg2.vcpumask */
#define MMUEXT_TLB_FLUSH_ALL       10
#define MMUEXT_INVLPG_ALL          11  /* arg1.linear_addr */
#define MMUEXT_FLUSH_CACHE         12
#define MMUEXT_SET_LDT             13  /* arg1.linear_addr, arg2.nr_ents */
#define MMUEXT_NEW_USER_BASEPTR    15  /* arg1.mfn: user L4, 0 for none */
#define MMUEXT_CLEAR_PAGE          16  /* arg1.mfn */
#define MMUEXT_COPY_PAGE           17  /* arg1.mfn <- arg2.src_mfn */
#define MMUEXT_FLUSH_CACHE_GLOBAL  18
#define MMUEXT_MARK_SUPER          19  /* arg1.mfn: first of a superpage */
#define MMUEXT_UNMARK_SUPER        20

#ifndef __ASSEMBLY__
typedef uint16_t domid_t;

/* Handles of basic types used across the ABI. */
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
__DEFINE_XEN_GUEST_HANDLE(ulong, unsigned long);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);
DEFINE_XEN_GUEST_HANDLE(char);
DEFINE_XEN_GUEST_HANDLE(int);
DEFINE_XEN_GUEST_HANDLE(long);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/* One element of mmuext_op's array. */
struct mmuext_op {
	unsigned int cmd;                    /* MMUEXT_* */
	union {
		xen_pfn_t mfn;                   /* pin/unpin, baseptrs, pages */
		unsigned long linear_addr;       /* invlpg, SET_LDT */
	} arg1;
	union {
		unsigned int nr_ents;            /* SET_LDT */
		XEN_GUEST_HANDLE(const_void) vcpumask;  /* *_MULTI */
		xen_pfn_t src_mfn;               /* COPY_PAGE */
	} arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);
#endif

/* update_va_mapping flags: a flush type ORed with a scope. */
#define UVMF_NONE            (xen_mk_ulong(0) << 0)
#define UVMF_TLB_FLUSH       (xen_mk_ulong(1) << 0)
#define UVMF_INVLPG          (xen_mk_ulong(2) << 0)
#define UVMF_FLUSHTYPE_MASK  (xen_mk_ulong(3) << 0)
#define UVMF_MULTI           (xen_mk_ulong(0) << 2)  /* | vcpumask pointer */
#define UVMF_LOCAL           (xen_mk_ulong(0) << 2)
#define UVMF_ALL             (xen_mk_ulong(1) << 2)

/* console_io commands. */
#define CONSOLEIO_write  0
#define CONSOLEIO_read   1

/* vm_assist commands and the assists a guest may switch on. */
#define VMASST_CMD_enable                 0
#define VMASST_CMD_disable                1
#define VMASST_TYPE_4gb_segments          0
#define VMASST_TYPE_4gb_segments_notify   1
#define VMASST_TYPE_writable_pagetables   2
#define VMASST_TYPE_pae_extended_cr3      3
#define VMASST_TYPE_architectural_iopl    4
#define VMASST_TYPE_runstate_update_flag  5
#define VMASST_TYPE_m2p_strict            32

/* Domain ids from DOMID_FIRST_RESERVED on name something special. */
#define DOMID_FIRST_RESERVED  xen_mk_uint(0x7FF0)
#define DOMID_SELF            xen_mk_uint(0x7FF0)  /* the caller */
#define DOMID_IO              xen_mk_uint(0x7FF1)  /* owner of I/O memory */
#define DOMID_XEN             xen_mk_uint(0x7FF2)  /* the hypervisor */
#define DOMID_COW             xen_mk_uint(0x7FF3)  /* shared copy-on-write */
#define DOMID_INVALID         xen_mk_uint(0x7FF4)
#define DOMID_IDLE            xen_mk_uint(0x7FFF)

/* Ports in the 2-level event-channel ABI: bits in shared_info. */
#define NR_EVENT_CHANNELS  (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/* pvclock flags in vcpu_time_info.flags */
#define XEN_PVCLOCK_TSC_STABLE_BIT  (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED   (1 << 1)

#define MAX_GUEST_CMDLINE  1024

/* start_info.flags */
#define SIF_PRIVILEGED       (1 << 0)  /* may access hardware */
#define SIF_INITDOMAIN       (1 << 1)  /* this is dom0 */
#define SIF_MULTIBOOT_MOD    (1 << 2)  /* mod_start is a multiboot list */
#define SIF_MOD_START_PFN    (1 << 3)  /* mod_start is a PFN, not a VA */
#define SIF_VIRT_P2M_4TOOLS  (1 << 4)  /* tools read the p2m via vaddr */
#define SIF_PM_MASK          (0xFF << 8)  /* power-management reserved */

/* dom0_vga_console_info.video_type */
#define XEN_VGATYPE_TEXT_MODE_3  0x03
#define XEN_VGATYPE_VESA_LFB     0x23
#define XEN_VGATYPE_EFI_LFB      0x70

#ifndef __ASSEMBLY__

/* One element of mmu_update's array. */
struct mmu_update {
	uint64_t ptr;   /* machine address of the entry | MMU_* command */
	uint64_t val;   /* new contents */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/* One call of a multicall batch; result is written back. */
struct multicall_entry {
	xen_ulong_t op;
	xen_ulong_t result;
	xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * Per-vCPU system time (pvclock), 32 bytes. The writer makes version odd,
 * updates, then makes it even; readers retry on odd or changed version.
 *   ns = system_time + (((tsc - tsc_timestamp) << tsc_shift)
 *                       * tsc_to_system_mul >> 32)
 * where a negative tsc_shift shifts right.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t   tsc_shift;
	uint8_t  flags;          /* XEN_PVCLOCK_* */
	uint8_t  pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

/*
 * Per-vCPU event and time state, 64 bytes. The hypervisor sets
 * evtchn_upcall_pending and a bit of evtchn_pending_sel per pending word;
 * a non-zero evtchn_upcall_mask holds off the event callback.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/* The page shared between the hypervisor and a domain. */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	/* 2-level event channels: one bit per port. */
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
	/* Wall-clock time at system time 0, versioned like vcpu_time_info. */
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;      /* upper 32 bits of the seconds */
	struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/*
 * Start-of-day information; rsi points at it when a PV guest starts.
 * Addresses are guest virtual unless said otherwise.
 */
struct start_info {
	char magic[32];              /* "xen-<version>-<platform>" */
	unsigned long nr_pages;      /* pages the domain owns */
	unsigned long shared_info;   /* MACHINE address of shared_info */
	uint32_t flags;              /* SIF_* */
	xen_pfn_t store_mfn;         /* xenstore ring frame (machine) */
	uint32_t store_evtchn;
	union {
		struct {
			xen_pfn_t mfn;       /* console ring frame (machine) */
			uint32_t evtchn;
		} domU;
		struct {
			uint32_t info_off;   /* offset of dom0_vga_console_info */
			uint32_t info_size;
		} dom0;
	} console;
	/* Only valid on first boot, not on resume: */
	unsigned long pt_base;       /* bootstrap L4 */
	unsigned long nr_pt_frames;
	unsigned long mfn_list;      /* the p2m array */
	unsigned long mod_start;     /* first module (VA, or PFN with flag) */
	unsigned long mod_len;
	int8_t cmd_line[MAX_GUEST_CMDLINE];
	unsigned long first_p2m_pfn; /* p2m frames when mapped apart */
	unsigned long nr_p2m_frames;
};
typedef struct start_info start_info_t;

/* One module when SIF_MULTIBOOT_MOD is set; addresses are physical. */
struct xen_multiboot_mod_list {
	uint32_t mod_start;
	uint32_t mod_end;            /* one past the last byte */
	uint32_t cmdline;            /* NUL-terminated string, or 0 */
	uint32_t pad;
};

/* dom0's view of the boot video console. */
typedef struct dom0_vga_console_info {
	uint8_t video_type;          /* XEN_VGATYPE_* */
	union {
		struct {
			uint16_t font_height;
			uint16_t cursor_x, cursor_y;
			uint16_t rows, columns;
		} text_mode_3;
		struct {
			uint16_t width, height;
			uint16_t bytes_per_line;
			uint16_t bits_per_pixel;
			uint32_t lfb_base;
			uint32_t lfb_size;
			uint8_t  red_pos, red_size;
			uint8_t  green_pos, green_size;
			uint8_t  blue_pos, blue_size;
			uint8_t  rsvd_pos, rsvd_size;
			uint32_t gbl_caps;
			uint16_t mode_attrs;
			uint16_t pad;
			uint32_t ext_lfb_base;   /* bits 32-63 of lfb_base */
		} vesa_lfb;
	} u;
} dom0_vga_console_info_t;
#define xen_vga_console_info     dom0_vga_console_info
#define xen_vga_console_info_t   dom0_vga_console_info_t

typedef uint8_t xen_domain_handle_t[16];

/* A bitmap passed by handle (domctl, sysctl). */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE_64(uint8) bitmap;
	uint32_t nr_bits;
};
typedef struct xenctl_bitmap xenctl_bitmap_t;

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_XEN_H__ */
