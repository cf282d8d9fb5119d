/* The CPUID policy of a PV guest: the real CPU, filtered, plus Xen's leaves. */
#include "asm/emulate.h"

/* Leaf 1 ECX */
#define F1C_DTES64        (1u << 2)
#define F1C_MONITOR       (1u << 3)
#define F1C_DSCPL         (1u << 4)
#define F1C_VMX           (1u << 5)
#define F1C_SMX           (1u << 6)
#define F1C_EST           (1u << 7)
#define F1C_TM2           (1u << 8)
#define F1C_FMA           (1u << 12)
#define F1C_PDCM          (1u << 15)
#define F1C_PCID          (1u << 17)
#define F1C_X2APIC        (1u << 21)
#define F1C_TSC_DEADLINE  (1u << 24)
#define F1C_XSAVE         (1u << 26)
#define F1C_OSXSAVE       (1u << 27)
#define F1C_AVX           (1u << 28)
#define F1C_F16C          (1u << 29)
#define F1C_HYPERVISOR    (1u << 31)
/* Leaf 1 EDX (bits 0-9, 12-17 repeat in 0x80000001 EDX on AMD) */
#define F1D_VME           (1u << 1)
#define F1D_PSE           (1u << 3)
#define F1D_MCE           (1u << 7)
#define F1D_APIC          (1u << 9)
#define F1D_MTRR          (1u << 12)
#define F1D_PGE           (1u << 13)
#define F1D_MCA           (1u << 14)
#define F1D_PSE36         (1u << 17)
#define F1D_PSN           (1u << 18)
#define F1D_DS            (1u << 21)
#define F1D_ACPI          (1u << 22)
#define F1D_HTT           (1u << 28)
#define F1D_TM            (1u << 29)
#define F1D_PBE           (1u << 31)
/* Leaf 7.0 EBX / ECX / EDX */
#define F7B_FSGSBASE      (1u << 0)
#define F7B_TSC_ADJUST    (1u << 1)
#define F7B_SGX           (1u << 2)
#define F7B_AVX2          (1u << 5)
#define F7B_SMEP          (1u << 7)
#define F7B_INVPCID       (1u << 10)
#define F7B_PQM           (1u << 12)
#define F7B_MPX           (1u << 14)
#define F7B_PQE           (1u << 15)
#define F7B_AVX512        0xdc230000u  /* F, DQ, IFMA, PF, ER, CD, BW, VL */
#define F7B_SMAP          (1u << 20)
#define F7B_PT            (1u << 25)
#define F7C_AVX512        0x00005842u  /* VBMI, VBMI2, VNNI, BITALG, VPOPCNTDQ */
#define F7C_UMIP          (1u << 2)
#define F7C_PKU           (1u << 3)
#define F7C_OSPKE         (1u << 4)
#define F7C_VAES_VPCLMUL  0x00000600u
#define F7C_LA57          (1u << 16)
#define F7C_SGX_LC        (1u << 30)
#define F7D_XSAVE_DEP     0x0380010cu  /* AVX512 4VNNIW 4FMAPS VP2INTERSECT FP16, AMX */
#define F7D_SPEC_CTRL     0xbc000000u  /* IBRSB, STIBP, L1D_FLUSH, ARCH_CAPS, SSBD */
#define F7D_CORE_CAPS     (1u << 30)
/* Leaf 0x80000001 ECX / EDX */
#define E1C_SVM           (1u << 2)
#define E1C_EXTAPIC       (1u << 3)
#define E1C_IBS           (1u << 10)
#define E1C_SKINIT        (1u << 12)
#define E1C_WDT           (1u << 13)
#define E1C_LWP           (1u << 15)
#define E1C_NODEID        (1u << 19)
#define E1C_TOPOEXT       (1u << 22)
#define E1C_PERFCTR       0x01800000u  /* core, nb */
#define E1C_XSAVE_DEP     0x00010800u  /* XOP, FMA4 */
#define E1C_MONITORX      (1u << 29)
#define E1D_PAGE1GB       (1u << 26)

#define XEN_CPUID_FIRST_LEAF 0x40000000u
#define XEN_CPUID_NR_LEAVES  5              /* 0x40000001-0x40000005 */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558u /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4du /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566eu /* "nVMM" */
#define XEN_VERSION_MAJOR 4
#define XEN_VERSION_MINOR 17

/* Highest leaves a guest sees (Xen 4.17: basic 0xd, extended 0x80000008). */
#define PV_MAX_BASIC 0xdu
#define PV_MAX_EXTD  0x80000008u

static const struct cpuid_leaf empty;

/* Xen's hypervisor leaves 0x40000000-0x40000005 for a PV guest. */
static void xen_leaves(uint32_t leaf, uint32_t subleaf,
		       const struct cpuid_host *h, struct cpuid_leaf *res)
{
	*res = empty;
	switch (leaf - XEN_CPUID_FIRST_LEAF) {
	case 0:
		res->a = XEN_CPUID_FIRST_LEAF + XEN_CPUID_NR_LEAVES;
		res->b = XEN_CPUID_SIGNATURE_EBX;
		res->c = XEN_CPUID_SIGNATURE_ECX;
		res->d = XEN_CPUID_SIGNATURE_EDX;
		break;
	case 1:
		res->a = (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
		break;
	case 2:
		/* One hypercall page; its MSR is 0x40000000. Writing that MSR
		 * is not supported here (the ELF note is the way to get one). */
		res->a = 1;
		res->b = XEN_CPUID_FIRST_LEAF;
		break;
	case 3:
		/* Time: native TSC (tsc_mode 0, no vtsc), offset 0. */
		if (subleaf == 0)
			res->c = h->tsc_khz;
		else if (subleaf == 2)
			res->a = h->tsc_khz;
		break;
	case 4:
		break;                   /* HVM-only leaf: empty for PV */
	case 5:
		/* EBX[7:0] = 0: the machine address width is not limited. */
		break;
	}
}

/* Leaf 1: family/model pass through; one logical CPU; features filtered. */
static void leaf1(const struct cpuid_host *h, struct cpuid_leaf *res)
{
	res->a &= 0x0fff0fff;                         /* no processor type */
	/* Initial APIC id 0 on every vCPU: Xen 4.17 sets it (vcpu_id * 2)
	 * for HVM guests only; a PV guest has no APIC of its own. */
	res->b = (res->b & 0x0000ffff) | (1u << 16);
	res->c &= ~(F1C_DTES64 | F1C_MONITOR | F1C_DSCPL | F1C_VMX | F1C_SMX |
		    F1C_EST | F1C_TM2 | F1C_PDCM | F1C_PCID | F1C_X2APIC |
		    F1C_TSC_DEADLINE | F1C_OSXSAVE);
	if (h->xsave_enabled)
		res->c |= F1C_OSXSAVE;
	else
		res->c &= ~(F1C_XSAVE | F1C_AVX | F1C_FMA | F1C_F16C);
	res->c |= F1C_HYPERVISOR;
	/*
	 * dom0 sees the APIC bit, as on Xen: Linux parses the MADT (its
	 * I/O APICs, read with PHYSDEVOP_apic_read, and the Xen PV APIC
	 * driver) only with it, and without I/O APICs it hands out the
	 * legacy IRQ numbers to event channels.
	 */
	if (!h->hwdom)
		res->d &= ~F1D_APIC;
	res->d &= ~(F1D_VME | F1D_PSE | F1D_MCE | F1D_MTRR |
		    F1D_PGE | F1D_MCA | F1D_PSE36 | F1D_PSN | F1D_DS |
		    F1D_ACPI | F1D_HTT | F1D_TM | F1D_PBE);
}

static void leaf7(uint32_t subleaf, const struct cpuid_host *h,
		  struct cpuid_leaf *res)
{
	if (subleaf > 1) {
		*res = empty;
		return;
	}
	if (subleaf == 1) {
		/* AVX-VNNI, AVX512-BF16 and friends need XSAVE. */
		if (!h->xsave_enabled)
			*res = empty;
		res->b = res->c = res->d = 0;
		return;
	}
	if (res->a > 1)
		res->a = 1;
	res->b &= ~(F7B_FSGSBASE | F7B_TSC_ADJUST | F7B_SGX | F7B_SMEP |
		    F7B_INVPCID | F7B_PQM | F7B_MPX | F7B_PQE | F7B_SMAP |
		    F7B_PT);
	res->c &= ~(F7C_UMIP | F7C_PKU | F7C_OSPKE | F7C_LA57 | F7C_SGX_LC);
	res->d &= ~(F7D_SPEC_CTRL | F7D_CORE_CAPS);
	if (!h->xsave_enabled) {
		res->b &= ~(F7B_AVX2 | F7B_AVX512);
		res->c &= ~(F7C_AVX512 | F7C_VAES_VPCLMUL);
		res->d &= ~F7D_XSAVE_DEP;
	}
}

static void basic(uint32_t leaf, uint32_t subleaf, const struct cpuid_host *h,
		  struct cpuid_leaf *res)
{
	switch (leaf) {
	case 0:
		res->a = h->max_basic < PV_MAX_BASIC ? h->max_basic : PV_MAX_BASIC;
		break;
	case 1:
		leaf1(h, res);
		break;
	case 4:
		/* Caches pass through, sharing reduced to this one CPU. */
		res->a &= 0x00003fffu;
		break;
	case 7:
		leaf7(subleaf, h, res);
		break;
	case 0xb:
		/* Topology: Xen 4.17 wipes the host's from every guest policy
		 * and fills in an x2APIC id only where x2APIC is offered,
		 * which it never is to PV: the leaf is empty. */
		*res = empty;
		break;
	case 0xd:
		if (!h->xsave_enabled)
			*res = empty;
		else if (subleaf == 1)
			res->a &= ~(1u << 3);      /* XSAVES: no IA32_XSS */
		break;
	case 2:
		break;
	default:
		/* 3 PSN, 5 MONITOR, 6 power, 8, 9 DCA, 0xa PMU, 0xc: hidden */
		*res = empty;
		break;
	}
}

static void extended(uint32_t leaf, const struct cpuid_host *h,
		     struct cpuid_leaf *res)
{
	uint32_t max = h->max_extd < PV_MAX_EXTD ? h->max_extd : PV_MAX_EXTD;

	switch (leaf) {
	case 0x80000000:
		res->a = max;
		break;
	case 0x80000001:
		res->c &= ~(E1C_SVM | E1C_EXTAPIC | E1C_IBS | E1C_SKINIT |
			    E1C_WDT | E1C_LWP | E1C_NODEID | E1C_TOPOEXT |
			    E1C_PERFCTR | E1C_MONITORX);
		if (!h->xsave_enabled)
			res->c &= ~E1C_XSAVE_DEP;
		/*
	 * dom0 sees the APIC bit, as on Xen: Linux parses the MADT (its
	 * I/O APICs, read with PHYSDEVOP_apic_read, and the Xen PV APIC
	 * driver) only with it, and without I/O APICs it hands out the
	 * legacy IRQ numbers to event channels.
	 */
	if (!h->hwdom)
		res->d &= ~F1D_APIC;
	res->d &= ~(F1D_VME | F1D_PSE | F1D_MCE | F1D_MTRR |
			    F1D_PGE | F1D_MCA | F1D_PSE36 | E1D_PAGE1GB);
		break;
	case 0x80000007:
		*res = empty;           /* power and RAS */
		break;
	case 0x80000008:
		res->a &= 0x0000ffffu;  /* no GuestMaxPhysAddr */
		res->b = 0;             /* IBPB & co: MSRs not emulated */
		res->c &= 0x0003f0ffu;
		res->d = 0;
		break;
	}
}

void pv_cpuid_policy(uint32_t leaf, uint32_t subleaf,
		     const struct cpuid_host *h, const struct cpuid_leaf *raw,
		     struct cpuid_leaf *res)
{
	uint32_t max_extd = h->max_extd < PV_MAX_EXTD ? h->max_extd : PV_MAX_EXTD;

	*res = *raw;
	if (leaf >= XEN_CPUID_FIRST_LEAF && leaf < 0x50000000u) {
		xen_leaves(leaf, subleaf, h, res);
	} else if (leaf < 0x80000000u) {
		if (leaf > h->max_basic || leaf > PV_MAX_BASIC)
			*res = empty;
		else
			basic(leaf, subleaf, h, res);
	} else if (leaf <= max_extd && max_extd >= 0x80000000u) {
		extended(leaf, h, res);
	} else {
		*res = empty;
	}
}
