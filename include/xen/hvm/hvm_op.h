/* hvm_op: the HVMOP_* commands a guest kernel may issue. */
#ifndef __XEN_PUBLIC_HVM_HVM_OP_H__
#define __XEN_PUBLIC_HVM_HVM_OP_H__

#include "../xen.h"

#define HVMOP_set_param                 0
#define HVMOP_get_param                 1
#define HVMOP_pagetable_dying           9
#define HVMOP_get_mem_type              15
#define HVMOP_set_evtchn_upcall_vector  23

#ifndef __ASSEMBLY__

/* Set or read HVM_PARAM_* index of a domain. */
struct xen_hvm_param {
	domid_t domid;
	uint32_t index;
	uint64_t value;
};
typedef struct xen_hvm_param xen_hvm_param_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_param_t);

/* The guest is about to stop using the page table at gpa. */
struct xen_hvm_pagetable_dying {
	domid_t domid;
	uint64_aligned_t gpa;
};
typedef struct xen_hvm_pagetable_dying xen_hvm_pagetable_dying_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_pagetable_dying_t);

typedef enum {
	HVMMEM_ram_rw,
	HVMMEM_ram_ro,
	HVMMEM_mmio_dm,
} hvmmem_type_t;

struct xen_hvm_get_mem_type {
	domid_t domid;
	uint16_t mem_type;            /* OUT: hvmmem_type_t */
	uint16_t pad[2];
	uint64_t pfn;
};
typedef struct xen_hvm_get_mem_type xen_hvm_get_mem_type_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_mem_type_t);

/* Deliver this vCPU's event upcall as the given vector. */
struct xen_hvm_evtchn_upcall_vector {
	uint32_t vcpu;
	uint8_t vector;
};
typedef struct xen_hvm_evtchn_upcall_vector xen_hvm_evtchn_upcall_vector_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_evtchn_upcall_vector_t);

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_HVM_HVM_OP_H__ */
