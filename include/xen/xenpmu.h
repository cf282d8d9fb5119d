/* xenpmu_op: the virtual PMU interface, and the page it shares per vCPU. */
#ifndef __XEN_PUBLIC_XENPMU_H__
#define __XEN_PUBLIC_XENPMU_H__

#include "xen.h"

#define XENPMU_VER_MAJ  0
#define XENPMU_VER_MIN  1

/* xenpmu_op(cmd, struct xen_pmu_params *) */
#define XENPMU_mode_get     0   /* dom0 only */
#define XENPMU_mode_set     1
#define XENPMU_feature_get  2
#define XENPMU_feature_set  3
#define XENPMU_init         4   /* val = frame of this vCPU's xen_pmu_data */
#define XENPMU_finish       5
#define XENPMU_lvtpc_set    6
#define XENPMU_flush        7   /* write the cached MSRs back */

/* Modes (bit mask) and features. */
#define XENPMU_MODE_OFF   0
#define XENPMU_MODE_SELF  (1 << 0)   /* each guest profiles itself */
#define XENPMU_MODE_HV    (1 << 1)   /* dom0 profiles the hypervisor too */
#define XENPMU_MODE_ALL   (1 << 2)   /* dom0 profiles everything */
#define XENPMU_FEATURE_INTEL_BTS  1

/* xen_pmu_arch.pmu_flags */
#define PMU_CACHED       (1 << 0)   /* the MSRs are in the context */
#define PMU_SAMPLE_USER  (1 << 1)   /* the sample is from user mode */
#define PMU_SAMPLE_REAL  (1 << 2)   /* ... from real mode */
#define PMU_SAMPLE_PV    (1 << 3)   /* ... from a PV guest */

#define XENPMU_REGS_PAD_SZ  64
#define XENPMU_CTXT_PAD_SZ  128

#ifndef __ASSEMBLY__

struct xen_pmu_params {
	struct {
		uint32_t maj;
		uint32_t min;
	} version;                   /* IN: XENPMU_VER_*; OUT for mode_get */
	uint64_t val;                /* mode, features or frame */
	uint32_t vcpu;
	uint32_t pad;
};
typedef struct xen_pmu_params xen_pmu_params_t;
DEFINE_XEN_GUEST_HANDLE(xen_pmu_params_t);

/*
 * The x86 part (Xen's arch-x86/pmu.h). Vendor contexts are followed by
 * their MSR banks; counters/ctrls and fixed_/arch_counters are byte
 * offsets of those banks from the start of xen_pmu_arch.c.
 */
struct xen_pmu_amd_ctxt {
	uint32_t counters;
	uint32_t ctrls;
	uint64_t regs[XEN_FLEX_ARRAY_DIM];
};

struct xen_pmu_cntr_pair {
	uint64_t counter;
	uint64_t control;
};

struct xen_pmu_intel_ctxt {
	uint32_t fixed_counters;
	uint32_t arch_counters;
	uint64_t global_ctrl;
	uint64_t global_ovf_ctrl;
	uint64_t global_status;
	uint64_t fixed_ctrl;
	uint64_t ds_area;
	uint64_t pebs_enable;
	uint64_t debugctl;
	uint64_t regs[XEN_FLEX_ARRAY_DIM];
};

/* Registers of the interrupted context when a sample is taken. */
struct xen_pmu_regs {
	uint64_t ip;
	uint64_t sp;
	uint64_t flags;
	uint16_t cs;
	uint16_t ss;
	uint8_t cpl;
	uint8_t pad[3];
};

struct xen_pmu_arch {
	union {
		struct xen_pmu_regs regs;
		uint8_t pad[XENPMU_REGS_PAD_SZ];
	} r;
	uint64_t pmu_flags;          /* PMU_* */
	union {
		uint32_t lapic_lvtpc;    /* only the mask bit reaches hardware */
		uint64_t pad;
	} l;
	union {
		struct xen_pmu_amd_ctxt amd;
		struct xen_pmu_intel_ctxt intel;
		uint8_t pad[XENPMU_CTXT_PAD_SZ];
	} c;
};

/* The per-vCPU page registered with XENPMU_init. */
struct xen_pmu_data {
	uint32_t vcpu_id;
	uint32_t pcpu_id;            /* the physical CPU, for dom0 */
	domid_t domain_id;           /* the sampled domain */
	uint8_t pad[6];
	struct xen_pmu_arch pmu;
};

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_XENPMU_H__ */
