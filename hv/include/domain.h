/* Domains and vCPUs: the objects every other subsystem hangs state on. */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include "types.h"
#include "list.h"
#include "spinlock.h"

typedef uint16_t domid_t;

#define MAX_VIRT_CPUS_PER_DOMAIN 32

struct domain;

/* One virtual CPU. Architecture state (registers, modes) is in arch. */
struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	bool is_running;
	bool is_up;                  /* VCPUOP_up (or the boot vCPU) */
	void *arch;                  /* struct arch_vcpu, hv/arch/x86_64 */
};

/*
 * A domain. page_list and tot_pages are under page_lock; the rest is set
 * up at creation and changed only by the domain's own lifecycle paths.
 */
struct domain {
	domid_t domain_id;
	char name[32];
	bool is_privileged;

	spinlock_t page_lock;
	struct list_head page_list;  /* frames owned (page_info.list) */
	unsigned long tot_pages;
	unsigned long max_pages;

	bool is_dying;
	bool is_shut_down;
	unsigned int shutdown_code;  /* SHUTDOWN_* reason */

	void *shared_info;           /* hypervisor VA of the shared_info page */
	unsigned long vm_assist;

	unsigned int max_vcpus;
	struct vcpu *vcpu[MAX_VIRT_CPUS_PER_DOMAIN];

	struct list_head domain_list;
};

#endif
