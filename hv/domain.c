/* Domain lifecycle: creation, memory, console lines, shutdown and death. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "grant.h"
#include "lib.h"
#include "log.h"
#include "mm.h"
#include "page_alloc.h"
#include "page_type.h"
#include "panic.h"
#include "xmalloc.h"
#include "sched_if.h"
#include "asm/layout.h"
#include "asm/m2p.h"
#include <xen/sched.h>

static struct list_head domains = LIST_HEAD_INIT(domains);
static DEFINE_SPINLOCK(domlist_lock);
static unsigned int nr_alive;
static bool any_not_poweroff;

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

struct domain *domain_create(domid_t id, const char *name, bool privileged)
{
	struct domain *d = xzalloc(struct domain);
	struct vcpu *v = xzalloc(struct vcpu);
	unsigned long flags;

	if (!d || !v || evtchn_init(d)) {
		xfree(d);
		xfree(v);
		return NULL;
	}
	d->domain_id = id;
	strlcpy(d->name, name, sizeof(d->name));
	d->is_privileged = privileged;
	spin_lock_init(&d->page_lock);
	spin_lock_init(&d->con_lock);
	list_init(&d->page_list);
	d->max_vcpus = 1;
	v->domain = d;
	v->vcpu_id = 0;
	v->vcpu_info_mfn = INVALID_MFN;
	d->vcpu[0] = v;
	if (grant_table_init(d)) {
		evtchn_destroy(d);
		xfree(d);
		xfree(v);
		return NULL;
	}

	flags = spin_lock_irqsave(&domlist_lock);
	list_add_tail(&d->domain_list, &domains);
	nr_alive++;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
}

static void assign_pages_locked(struct domain *d, mfn_t mfn,
				unsigned int order);

mfn_t domain_alloc_pages(struct domain *d, unsigned int order,
			 unsigned int address_bits)
{
	unsigned long flags = spin_lock_irqsave(&d->page_lock);
	unsigned long n = 1UL << order;
	mfn_t mfn = INVALID_MFN;

	if (d->is_dying || n > d->max_pages || d->tot_pages > d->max_pages - n)
		goto out;
	mfn = alloc_anonymous_pages(order, address_bits);
	if (mfn == INVALID_MFN)
		goto out;
	assign_pages_locked(d, mfn, order);
out:
	spin_unlock_irqrestore(&d->page_lock, flags);
	return mfn;
}

mfn_t alloc_anonymous_pages(unsigned int order, unsigned int address_bits)
{
	void *va = alloc_xenheap_pages(order);
	mfn_t mfn;

	if (!va)
		return INVALID_MFN;
	mfn = virt_to_maddr(va) >> PAGE_SHIFT;
	if (address_bits && address_bits < 64 &&
	    mfn + (1UL << order) > (1UL << (address_bits - PAGE_SHIFT))) {
		free_xenheap_pages(va, order);
		return INVALID_MFN;
	}
	return mfn;
}

static void assign_pages_locked(struct domain *d, mfn_t mfn,
				unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page_info *pg = mfn_to_page(mfn + i);

		pg->owner = d->domain_id;
		pg->count_info = PGC_allocated | 1;
		pg->type_info = 0;
		list_add_tail(&pg->list, &d->page_list);
	}
	d->tot_pages += 1UL << order;
}

void domain_assign_pages(struct domain *d, mfn_t mfn, unsigned int order)
{
	unsigned long flags = spin_lock_irqsave(&d->page_lock);

	assign_pages_locked(d, mfn, order);
	spin_unlock_irqrestore(&d->page_lock, flags);
}

mfn_t domain_alloc_page(struct domain *d)
{
	return domain_alloc_pages(d, 0, 0);
}

/*
 * A frame owned by owner was freed (page_free_hook): it leaves owner's
 * tot_pages, as Xen's free_domheap_pages() accounts it. Either it is
 * still on owner's page_list (a frame the domain gave back with
 * XENMEM_decrease_reservation while something else referenced it, freed
 * when that last reference went; domain_relinquish_pages() never lets a
 * listed frame go this way): it comes off the list. Or owner is dead and
 * this frame was still referenced from elsewhere when its pages were
 * relinquished (another domain mapped it); the last one says so in the
 * log, where the leak checks look. Takes domlist_lock: no frame may be
 * freed with it held (domain_for_each).
 */
static void owned_frame_freed(domid_t owner, struct page_info *pg, bool listed)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	struct list_head *p;
	bool found = false;

	list_for_each(p, &domains) {
		struct domain *d = list_entry(p, struct domain, domain_list);

		if (d->domain_id != owner || (!listed && !d->pages_relinquished) ||
		    !d->tot_pages)
			continue;
		spin_lock(&d->page_lock);
		if (listed)
			list_del(&pg->list);
		found = true;
		if (!--d->tot_pages && !listed)
			printk("Domain %u (%s): 0 frames still held: the last "
			       "one was freed\n", d->domain_id, d->name);
		spin_unlock(&d->page_lock);
		break;
	}
	if (listed && !found)
		list_del(&pg->list);
	spin_unlock_irqrestore(&domlist_lock, flags);
}

/*
 * Called by the page-type core when a frame's last general reference
 * goes: its M2P entry is invalidated (as Xen's free_heap_pages) and the
 * frame returns to the heap. A frame not on a page list has pg->list
 * linked to itself (list_del and the buddy allocator keep it so).
 */
void page_free_hook(struct page_info *pg)
{
	domid_t owner = pg->owner;
	bool listed = !list_empty(&pg->list);

	pg->owner = DOMID_INVALID;
	pg->type_info = 0;
	m2p_set(page_to_mfn(pg), INVALID_M2P_ENTRY);
	owned_frame_freed(owner, pg, listed);
	free_xenheap_pages(mfn_to_virt(page_to_mfn(pg)), 0);
}

/* The line saying how many bytes of d's console output the limit took. */
static void report_suppressed(const struct domain *d, uint64_t n)
{
	printk(KERN_WARNING "Domain %u (%s): %lu bytes of console output "
	       "suppressed (rate limit)\n", d->domain_id, d->name,
	       (unsigned long)n);
}

/*
 * One complete line of d's console output to the log, unless d is over
 * its rate limit (an unprivileged domain: CONSOLE_RATE bytes a second,
 * bursts of CONSOLE_BURST); the bytes refused are reported when output
 * passes again, or every few seconds while it does not. Bytes are
 * counted as they reach the serial port, prefixes included (a flood of
 * empty lines costs what it prints). Returns the bytes logged. Caller
 * holds con_lock.
 */
static size_t console_line_out(struct domain *d)
{
	/* What reaches the serial port: "(XEN) (name) " + line + newline. */
	size_t len = strlen(LOG_LINE_PREFIX) + strlen(d->name) + 3 +
		     d->con_len + 1;
	uint64_t report = 0;
	bool pass = d->is_privileged ||
		    ratelimit_take(&d->con_rl, NOW(), len, CONSOLE_RATE,
				   CONSOLE_BURST, &report);

	if (report)
		report_suppressed(d, report);
	if (!pass)
		return 0;
	d->con_line[d->con_len] = 0;
	printk(KERN_INFO "(%s) %s\n", d->name, d->con_line);
	return len;
}

size_t domain_console_write(struct domain *d, const char *s, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&d->con_lock);
	size_t printed = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool flush = c == '\n';

		if (!flush && c != '\r') {
			/* Control characters would corrupt the hypervisor log. */
			d->con_line[d->con_len++] = (c < 32 && c != '\t') ? '?' : c;
			flush = d->con_len == sizeof(d->con_line) - 1;
		}
		if (flush) {
			printed += console_line_out(d);
			d->con_len = 0;
		}
	}
	spin_unlock_irqrestore(&d->con_lock, flags);
	return printed;
}

/* The last count of d's suppressed console output, when it goes. */
static void console_limit_final(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&d->con_lock);
	uint64_t n = ratelimit_flush(&d->con_rl);

	spin_unlock_irqrestore(&d->con_lock, flags);
	if (n)
		report_suppressed(d, n);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	unsigned long flags;

	if (d->is_shut_down)
		return;
	sched_destroy_domain(d);
	domain_console_detach(d);
	arch_domain_leave(d);
	d->is_dying = true;
	grant_table_destroy(d);
	if (d->con_len)
		domain_console_write(d, "\n", 1);
	console_limit_final(d);
	d->is_shut_down = true;
	d->shutdown_code = reason;
	printk("Domain %u (%s) shut down: %s (reason %u)\n", d->domain_id,
	       d->name, reason < ARRAY_SIZE(shutdown_names) &&
	       shutdown_names[reason] ? shutdown_names[reason] : "unknown",
	       reason);
	evtchn_destroy(d);           /* before shared_info goes */
	domain_relinquish_pages(d);
	d->pages_relinquished = true;
	printk("Domain %u (%s): %lu frames still held after relinquish\n",
	       d->domain_id, d->name, d->tot_pages);

	flags = spin_lock_irqsave(&domlist_lock);
	nr_alive--;
	if (reason != SHUTDOWN_poweroff)
		any_not_poweroff = true;
	spin_unlock_irqrestore(&domlist_lock, flags);
	/* Xen: the toolstack's xenstored learns of it (it is gone now). */
	send_global_virq(VIRQ_DOM_EXC);
	if (d->is_hwdom)
		hwdom_shutdown(reason);
}

void domain_crash(struct domain *d, const char *why)
{
	printk(KERN_ERR "Domain %u (%s) crashed: %s\n", d->domain_id, d->name,
	       why);
	domain_shutdown(d, SHUTDOWN_crash);
}

struct domain *domain_lookup(domid_t id)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	struct domain *d, *found = NULL;
	struct list_head *p;

	list_for_each(p, &domains) {
		d = list_entry(p, struct domain, domain_list);
		if (d->domain_id == id && !d->is_dying && !d->is_shut_down) {
			found = d;
			break;
		}
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
	return found;
}

unsigned int domains_alive(void)
{
	return nr_alive;
}

bool domains_all_powered_off(void)
{
	return !any_not_poweroff;
}

void domain_for_each(void (*fn)(struct domain *d, void *arg), void *arg)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	struct list_head *p;

	list_for_each(p, &domains)
		fn(container_of(p, struct domain, domain_list), arg);
	spin_unlock_irqrestore(&domlist_lock, flags);
}

void domains_note_refused(void)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);

	any_not_poweroff = true;
	spin_unlock_irqrestore(&domlist_lock, flags);
}
