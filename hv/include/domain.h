/* Domains and vCPUs: the objects every other subsystem hangs state on. */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include "types.h"
#include "list.h"
#include "spinlock.h"
#include "timer.h"
#include "preempt.h"
#include "ratelimit.h"
#include <xen/xen.h>

typedef uint16_t domid_t;

#define MAX_VIRT_CPUS_PER_DOMAIN 32
#define SCHED_POLL_MAX 128          /* ports one SCHEDOP_poll may name (Xen) */

struct domain;
struct vcpu_info;
struct evtchn_domain;

/* One virtual CPU. Architecture state (registers, modes) is in arch. */
struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	bool is_running;             /* its state is loaded on a CPU (processor) */
	unsigned int processor;      /* the CPU it runs or last ran on */
	bool is_up;                  /* VCPUOP_up (or the boot vCPU) */
	bool is_initialised;         /* has a context (boot or VCPUOP_initialise) */
	struct vcpu_info *vcpu_info; /* hypervisor VA of this vCPU's vcpu_info
					(in shared_info, or where the guest
					registered it) */
	mfn_t vcpu_info_mfn;         /* registered frame, or INVALID_MFN */
	void *arch;                  /* struct arch_vcpu, hv/arch/x86_64 */

	/* Scheduling (hv/sched); under the scheduler's lock. */
	struct list_head runq_elem;  /* on the run queue while runnable */
	struct list_head all_elem;   /* on the scheduler's list of vCPUs */
	bool on_runq;
	bool is_blocked;             /* SCHEDOP_block / poll: waits for an event */
	bool is_polling;             /* SCHEDOP_poll: poll_ports are valid */
	int pri;                     /* credit priority: boost / under / over */
	int credit;                  /* credit scheduler: credits left */
	s_time_t sched_start;        /* when it last got the CPU */
	s_time_t burnt_to;           /* credit charged up to this time */
	unsigned int runstate;       /* RUNSTATE_* */
	s_time_t runstate_entry;     /* when it entered runstate */
	uint64_t runstate_time[4];   /* ns spent in each RUNSTATE_* */
	uint64_t runstate_guest;     /* guest VA of its runstate area, or 0 */
	bool runstate_pending;       /* its last write failed in user mode */
	bool nmi_pending;            /* VCPUOP_send_nmi: a virtual NMI due */
	unsigned int poll_nr;
	uint32_t poll_ports[SCHED_POLL_MAX];

	/* Timers (hv/sched/vcpu_timer.c) */
	struct timer singleshot_timer;   /* VCPUOP_set_singleshot_timer */
	struct timer periodic_timer;     /* VCPUOP_set_periodic_timer */
	struct timer poll_timer;         /* SCHEDOP_poll timeout */
	s_time_t periodic_period;
	s_time_t periodic_next;

	/* The hypercall in progress: budget, continuation (hv/preempt.c) */
	struct hcall_state hcall;
};

/*
 * A domain. page_list and tot_pages are under page_lock; the rest is set
 * up at creation and changed only by the domain's own lifecycle paths.
 */
struct domain {
	domid_t domain_id;
	char name[32];
	bool is_privileged;
	bool is_hwdom;               /* the running dom0: its shutdown is the
					machine's (hwdom_shutdown) */

	spinlock_t page_lock;
	struct list_head page_list;  /* frames owned (page_info.list) */
	unsigned long tot_pages;
	unsigned long max_pages;

	unsigned int sched_weight;   /* credit scheduler weight (256) */
	unsigned int sched_cap;      /* % of one CPU at most, 0: no cap */
	s_time_t cap_used;           /* ns run in this accounting period */
	unsigned int sched_active;   /* accounting scratch: active vCPUs */

	bool is_dying;
	bool is_shut_down;
	bool pages_relinquished;     /* frames freed later leave tot_pages */
	unsigned int shutdown_code;  /* SHUTDOWN_* reason */
	bool shutdown_code_set;      /* SCHEDOP_shutdown_code overrides */

	void *shared_info;           /* hypervisor VA of the shared_info page */
	mfn_t shared_info_mfn;       /* its frame (0 until built: frame 0 is
					never a domain's) */
	unsigned long vm_assist;

	unsigned int max_vcpus;
	struct vcpu *vcpu[MAX_VIRT_CPUS_PER_DOMAIN];

	struct list_head domain_list;

	/* CPUs whose CR3 holds d's tables, so whose TLB may hold d's
	   translations (Xen's dirty_cpumask; one bit per CPU, asm/smp.h) */
	uint64_t dirty_cpumask;
	/* Counts the flushes that reach only some of those CPUs (a vCPU's
	   LOCAL or MULTI flush): a CPU lets another of d's vCPUs inherit its
	   TLB only if none came since it loaded d's tables (pv_run_vcpu). */
	uint64_t tlb_flush_gen;

	/* event channels (hv/event_channel.c), under evtchn_lock */
	spinlock_t evtchn_lock;
	struct evtchn_domain *evtchn;
	struct grant_table *grant_table;  /* hv/grant_table.c */

	/* console_io output, held until a full line (or the buffer) is ready */
	char con_line[160];
	unsigned int con_len;
	struct ratelimit con_rl;     /* bytes of it logged (unprivileged) */

	/* console ring and serial input (hv/domain_console.c) */
	spinlock_t con_lock;         /* con_line, con_len, con_rl and all below */
	void *console_ring;          /* hypervisor VA of the console page */
	mfn_t console_mfn;           /* its frame (a writable type ref held) */
	bool console_ring_bad;       /* hostile indices reported once */
	unsigned int console_port;   /* start_info console.domU.evtchn (ECS_XEN) */
	char con_rx[128];            /* serial input for CONSOLEIO_read */
	unsigned int con_rx_prod, con_rx_cons;
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
 * Xen's alloc_domheap_pages(d, order): 2^order contiguous frames for d,
 * each as domain_alloc_page() gives one (not zeroed). With address_bits
 * (> PAGE_SHIFT) the frames must lie below 2^address_bits. The first
 * mfn, or INVALID_MFN if d is dying, tot_pages + 2^order would pass
 * max_pages or no such block is free.
 */
mfn_t domain_alloc_pages(struct domain *d, unsigned int order,
			 unsigned int address_bits);

/*
 * 2^order contiguous frames below 2^address_bits (0: anywhere) that
 * belong to nobody yet (Xen's alloc_domheap_pages(NULL, ...)), not
 * zeroed; INVALID_MFN if none. Free them with free_xenheap_pages.
 */
mfn_t alloc_anonymous_pages(unsigned int order, unsigned int address_bits);

/*
 * Give such frames to d (Xen's assign_pages with MEMF_no_refcount's
 * caller doing the accounting): owner, allocation reference, d's page
 * list, tot_pages. No max_pages check: for exchanges, which give back
 * as many frames as they take.
 */
void domain_assign_pages(struct domain *d, mfn_t mfn, unsigned int order);

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

/*
 * Architecture hook (Xen's hwdom_shutdown): the hardware domain shut down
 * with reason, so the machine does: poweroff powers it off (result code
 * 0 if every domain that stopped so far did so with poweroff, domains
 * still running do not count), reboot restarts it, anything else powers
 * it off with the "domain" result code. Does not return.
 */
void __noreturn hwdom_shutdown(unsigned int reason);

/* Crash a misbehaving domain: log why, then shut it down as crashed. */
void domain_crash(struct domain *d, const char *why);

/*
 * The domain with this id, or NULL if there is none or it is shutting
 * down or shut down. DOMID_SELF is the callers' business.
 */
struct domain *domain_lookup(domid_t id);

/* Xen's rcu_lock_domain_by_any_id(): DOMID_SELF is cur, else domain_lookup. */
static inline struct domain *domain_lookup_any(struct domain *cur, domid_t id)
{
	return id == DOMID_SELF ? cur : domain_lookup(id);
}

/* Domains that have not shut down yet. */
unsigned int domains_alive(void);

/* True if every domain that existed shut down with SHUTDOWN_poweroff
 * and none was refused at start (domains_note_refused). */
bool domains_all_powered_off(void);

/* A domain that was asked for could not even be created. */
void domains_note_refused(void);

/*
 * Console output of an unprivileged domain (console_io and its console
 * ring alike) is rate-limited per domain: a token bucket of CONSOLE_BURST
 * bytes refilled at CONSOLE_RATE bytes a second, taken line by line, so
 * a flood cannot fill the serial log; once it is empty, output waits
 * until it is half full again, and what is refused is counted and
 * reported (hv/ratelimit.c). Our test kernels print 2.6 KiB at most (the
 * console kernel), and a Linux boot log (some 50 KiB) fits one burst; 8
 * KiB/s is about 70% of a 115200-baud line. Privileged domains are not
 * limited.
 */
#define CONSOLE_RATE  8192
#define CONSOLE_BURST 65536

/*
 * Append guest console text; complete lines go to the log as "(name) ..."
 * (under the rate limit). Returns the bytes that reached the log.
 */
size_t domain_console_write(struct domain *d, const char *s, size_t len);

/* Call fn(d, arg) for every domain created, dead or alive, in creation
 * order, under the domain-list lock with interrupts off (fn must free no
 * frame: page_free_hook takes that lock). */
void domain_for_each(void (*fn)(struct domain *d, void *arg), void *arg);

/*
 * Console ring and serial input (hv/domain_console.c). alloc_port: d's
 * console event channel, a hypervisor-bound port (the port number, for
 * start_info, or a negative errno); the guest's EVTCHNOP_send on it drains
 * the out ring at once, and serial input put in in[] raises it. attach: d's
 * console page is mfn (a writable type reference is taken so it can never
 * become a page table); detach: drain it a last time and drop it and the
 * port (before d's frames go). console_poll: serial input to the domain
 * with focus, and every domain's out ring to the log as "(name) text"
 * lines, from the periodic tick (for guests that do not notify).
 * console_focus_boot: give input to the first domain.
 * domain_console_read: up to n bytes of serial input for d, 0 unless d
 * has the input focus.
 */
int domain_console_alloc_port(struct domain *d);
int domain_console_attach(struct domain *d, mfn_t mfn);
void domain_console_detach(struct domain *d);
void console_poll(void);
void console_focus_boot(void);
size_t domain_console_read(struct domain *d, char *buf, size_t n);

#endif
