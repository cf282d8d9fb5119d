/* Domains and vCPUs: the objects every other subsystem hangs state on. */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include "types.h"
#include "list.h"
#include "spinlock.h"

typedef uint16_t domid_t;

#define MAX_VIRT_CPUS_PER_DOMAIN 32

struct domain;
struct vcpu_info;

/* One virtual CPU. Architecture state (registers, modes) is in arch. */
struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	bool is_running;
	bool is_up;                  /* VCPUOP_up (or the boot vCPU) */
	struct vcpu_info *vcpu_info; /* hypervisor VA of this vCPU's vcpu_info
					(in shared_info, or where the guest
					registered it) */
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
	bool shutdown_code_set;      /* SCHEDOP_shutdown_code overrides */

	void *shared_info;           /* hypervisor VA of the shared_info page */
	unsigned long vm_assist;

	unsigned int max_vcpus;
	struct vcpu *vcpu[MAX_VIRT_CPUS_PER_DOMAIN];

	struct list_head domain_list;

	struct grant_table *grant_table;  /* hv/grant_table.c */

	/* console_io output, held until a full line (or the buffer) is ready */
	char con_line[160];
	unsigned int con_len;
};

/* Create a domain with one vCPU (not yet runnable); NULL if out of memory. */
struct domain *domain_create(domid_t id, const char *name, bool privileged);

/*
 * Allocate one frame for d: owned by d, on its page list, one general
 * reference held by the allocation (PGC_allocated). INVALID_MFN if d is
 * at max_pages or memory is exhausted.
 */
mfn_t domain_alloc_page(struct domain *d);

/*
 * The domain asked to stop (or was crashed): record why, release its
 * memory and vCPUs. The caller must not be running on d's page tables.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * Architecture hook: if this CPU runs on d's page tables, load the
 * hypervisor's own, so d's frames can be released.
 */
void arch_domain_leave(struct domain *d);

/* A live domain by id: NULL if there is none or it is dying / shut down. */
struct domain *domain_lookup(domid_t id);

/* Crash a misbehaving domain: log why, then shut it down as crashed. */
void domain_crash(struct domain *d, const char *why);

/* Domains that have not shut down yet. */
unsigned int domains_alive(void);

/* True if every domain that existed shut down with SHUTDOWN_poweroff
 * and none was refused at start (domains_note_refused). */
bool domains_all_powered_off(void);

/* A domain that was asked for could not even be created. */
void domains_note_refused(void);

/* Append guest console text; complete lines go to the log as "(name) ...". */
void domain_console_write(struct domain *d, const char *s, size_t len);

#endif
