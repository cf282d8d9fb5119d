/* Machine-check architecture hypercall (x86 arch_0) and its telemetry. */
#ifndef __XEN_PUBLIC_ARCH_X86_MCA_H__
#define __XEN_PUBLIC_ARCH_X86_MCA_H__

#include "xen.h"

/* mca(struct xen_mc *): the first of the architecture's hypercalls. */
#define __HYPERVISOR_mca  __HYPERVISOR_arch_0

#define XEN_MCA_INTERFACE_VERSION  0x01ecc003

/* xen_mc_fetch.flags IN */
#define XEN_MC_NONURGENT  0x1
#define XEN_MC_URGENT     0x2
#define XEN_MC_ACK        0x4
/* xen_mc_fetch.flags OUT */
#define XEN_MC_OK           0x0
#define XEN_MC_FETCHFAILED  0x1
#define XEN_MC_NODATA       0x2

#ifndef __ASSEMBLY__

/* dom0 is told of new telemetry through this VIRQ. */
#define VIRQ_MCA  VIRQ_ARCH_0

/*
 * mc_info.mi_data is a sequence of records, each starting with
 * mcinfo_common whose size is the whole record's.
 */
#define MC_TYPE_GLOBAL    0
#define MC_TYPE_BANK      1
#define MC_TYPE_EXTENDED  2
#define MC_TYPE_RECOVERY  3

struct mcinfo_common {
	uint16_t type;               /* MC_TYPE_* */
	uint16_t size;               /* bytes of the record */
};

/* mcinfo_global.mc_flags */
#define MC_FLAG_CORRECTABLE    (1 << 0)
#define MC_FLAG_UNCORRECTABLE  (1 << 1)
#define MC_FLAG_RECOVERABLE    (1 << 2)
#define MC_FLAG_POLLED         (1 << 3)
#define MC_FLAG_RESET          (1 << 4)
#define MC_FLAG_CMCI           (1 << 5)
#define MC_FLAG_MCE            (1 << 6)

struct mcinfo_global {
	struct mcinfo_common common;
	uint16_t mc_domid;           /* the domain that ran, if known */
	uint16_t mc_vcpuid;
	uint32_t mc_socketid;
	uint16_t mc_coreid;
	uint16_t mc_core_threadid;
	uint32_t mc_apicid;
	uint32_t mc_flags;           /* MC_FLAG_* */
	uint64_t mc_gstatus;         /* MCG_STATUS */
};

struct mcinfo_bank {
	struct mcinfo_common common;
	uint16_t mc_bank;
	uint16_t mc_domid;           /* owner of mc_addr, if known */
	uint64_t mc_status;          /* MCi_STATUS */
	uint64_t mc_addr;            /* MCi_ADDR */
	uint64_t mc_misc;
	uint64_t mc_ctrl2;
	uint64_t mc_tsc;
};

struct mcinfo_msr {
	uint64_t reg;
	uint64_t value;
};

struct mcinfo_extended {
	struct mcinfo_common common;
	uint32_t mc_msrs;            /* entries of mc_msr used */
	struct mcinfo_msr mc_msr[sizeof(void *) * 4];
};

/* mcinfo_recovery.action_flags and .action_types */
#define REC_ACTION_RECOVERED    (1 << 0)
#define REC_ACTION_NONE         (1 << 1)
#define REC_ACTION_NEED_RESET   (1 << 2)
#define MC_ACTION_PAGE_OFFLINE  (1 << 0)
#define MC_ACTION_CPU_OFFLINE   (1 << 1)
#define MC_ACTION_CACHE_SHRINK  (1 << 2)

struct page_offline_action {
	uint64_t mfn;
	uint64_t status;
};

struct cpu_offline_action {
	uint32_t mc_socketid;
	uint16_t mc_coreid;
	uint16_t mc_core_threadid;
};

#define MAX_UNION_SIZE  16
struct mcinfo_recovery {
	struct mcinfo_common common;
	uint16_t mc_bank;
	uint8_t action_flags;
	uint8_t action_types;
	union {
		struct page_offline_action page_retire;
		struct cpu_offline_action cpu_offline;
		uint8_t pad[MAX_UNION_SIZE];
	} action_info;
};

#define MCINFO_MAXSIZE  768
struct mc_info {
	uint32_t mi_nentries;        /* records in mi_data */
	uint32_t flags;
	uint64_t mi_data[(MCINFO_MAXSIZE - 1) / 8];
};
typedef struct mc_info mc_info_t;
DEFINE_XEN_GUEST_HANDLE(mc_info_t);

#define __MC_MSR_ARRAYSIZE  8
#define __MC_NMSRS          1
#define MC_NCAPS            7
struct mcinfo_logical_cpu {
	uint32_t mc_cpunr;
	uint32_t mc_chipid;
	uint16_t mc_coreid;
	uint16_t mc_threadid;
	uint32_t mc_apicid;
	uint32_t mc_clusterid;
	uint32_t mc_ncores;
	uint32_t mc_ncores_active;
	uint32_t mc_nthreads;
	uint32_t mc_cpuid_level;
	uint32_t mc_family;
	uint32_t mc_vendor;
	uint32_t mc_model;
	uint32_t mc_step;
	char mc_vendorid[16];
	char mc_brandid[64];
	uint32_t mc_cpu_caps[MC_NCAPS];
	uint32_t mc_cache_size;
	uint32_t mc_cache_alignment;
	uint32_t mc_nmsrvals;
	struct mcinfo_msr mc_msrvalues[__MC_MSR_ARRAYSIZE];
};
typedef struct mcinfo_logical_cpu xen_mc_logical_cpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_logical_cpu_t);

/* Walking the records of an mc_info. */
#define x86_mcinfo_nentries(_mi)  ((_mi)->mi_nentries)
#define x86_mcinfo_first(_mi)     ((struct mcinfo_common *)(_mi)->mi_data)
#define x86_mcinfo_next(_mic) \
	((struct mcinfo_common *)((uint8_t *)(_mic) + (_mic)->size))

/* *ret = the first record of the type, or NULL. */
static inline void x86_mcinfo_lookup(struct mcinfo_common **ret,
				     struct mc_info *mi, uint16_t type)
{
	struct mcinfo_common *mic;
	uint32_t n;

	if (!ret || !mi)
		return;
	*ret = (struct mcinfo_common *)0;
	mic = x86_mcinfo_first(mi);
	for (n = 0; n < x86_mcinfo_nentries(mi); n++) {
		if (mic->type == type) {
			*ret = mic;
			return;
		}
		mic = x86_mcinfo_next(mic);
	}
}

/* xen_mc.cmd */
#define XEN_MC_fetch         1
#define XEN_MC_notifydomain  2
#define XEN_MC_physcpuinfo   3
#define XEN_MC_msrinject     4
#define XEN_MC_mceinject     5

struct xen_mc_fetch {
	uint32_t flags;              /* XEN_MC_* */
	uint32_t _pad0;
	uint64_t fetch_id;           /* OUT; IN with XEN_MC_ACK */
	XEN_GUEST_HANDLE(mc_info_t) data;
};
typedef struct xen_mc_fetch xen_mc_fetch_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_fetch_t);

struct xen_mc_notifydomain {
	uint16_t mc_domid;
	uint16_t mc_vcpuid;
	uint32_t flags;
};
typedef struct xen_mc_notifydomain xen_mc_notifydomain_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_notifydomain_t);

struct xen_mc_physcpuinfo {
	uint32_t ncpus;              /* IN/OUT */
	uint32_t _pad0;
	XEN_GUEST_HANDLE(xen_mc_logical_cpu_t) info;
};

#define MC_MSRINJ_MAXMSRS      8
#define MC_MSRINJ_F_INTERPOSE  0x1
struct xen_mc_msrinject {
	uint32_t mcinj_cpunr;
	uint32_t mcinj_flags;
	uint32_t mcinj_count;
	uint32_t _pad0;
	struct mcinfo_msr mcinj_msr[MC_MSRINJ_MAXMSRS];
};

struct xen_mc_mceinject {
	unsigned int mceinj_cpunr;
};

struct xen_mc {
	uint32_t cmd;                /* XEN_MC_* */
	uint32_t interface_version;  /* XEN_MCA_INTERFACE_VERSION */
	union {
		struct xen_mc_fetch mc_fetch;
		struct xen_mc_notifydomain mc_notifydomain;
		struct xen_mc_physcpuinfo mc_physcpuinfo;
		struct xen_mc_msrinject mc_msrinject;
		struct xen_mc_mceinject mc_mceinject;
	} u;
};
typedef struct xen_mc xen_mc_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_t);

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_ARCH_X86_MCA_H__ */
