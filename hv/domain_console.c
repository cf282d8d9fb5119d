/* Domain consoles: console rings drained to the log, serial input routed. */
#include "types.h"
#include "console.h"
#include "console_ring.h"
#include "domain.h"
#include "errno.h"
#include "event.h"
#include "keyhandler.h"
#include "log.h"
#include "mm.h"
#include "page_type.h"
#include "preempt.h"
#include "spinlock.h"
#include "asm/layout.h"
#include "asm/percpu.h"
#include <xen/xen.h>

/* Bytes of serial input taken per tick, so a flood cannot stall a CPU. */
#define RX_PER_POLL 256

static DEFINE_SPINLOCK(focus_lock);
static uint16_t focus = DOMID_XEN;        /* who gets serial input */
static struct console_switch switcher;

int domain_console_attach(struct domain *d, mfn_t mfn)
{
	struct page_info *pg = mfn_to_page(mfn);
	unsigned long flags;

	if (get_page_and_type(pg, d, PGT_writable_page))
		return -EINVAL;
	flags = spin_lock_irqsave(&d->con_lock);
	d->console_mfn = mfn;
	d->console_ring = mfn_to_virt(mfn);
	spin_unlock_irqrestore(&d->con_lock, flags);
	return 0;
}

/*
 * Take what the out ring holds, under con_lock; chunks to the log after.
 * Returns the work done in hypercall budget units (preempt.h): the bytes
 * taken and CONSOLE_PRINT_COST per byte printed.
 */
static unsigned long drain(struct domain *d)
{
	unsigned long work = 0;
	char buf[256];
	int n;

	/* Each pass consumes bytes (or resets the ring): at most ring/buf + 1
	 * passes, whatever the guest does to its indices meanwhile. */
	for (unsigned int pass = 0; pass <= 2048 / sizeof(buf); pass++) {
		unsigned long flags = spin_lock_irqsave(&d->con_lock);
		bool report = false;

		n = d->console_ring ? xencons_out_take(d->console_ring, buf,
						       sizeof(buf)) : 0;
		if (n < 0 && !d->console_ring_bad)
			report = d->console_ring_bad = true;
		spin_unlock_irqrestore(&d->con_lock, flags);
		if (report)
			printk(KERN_WARNING "Domain %u (%s): console ring indices "
			       "out of range: ring reset\n", d->domain_id, d->name);
		if (n <= 0)
			return work;
		work += (unsigned long)n +
			domain_console_write(d, buf, (size_t)n) *
			CONSOLE_PRINT_COST;
	}
	return work;
}

/*
 * The guest's EVTCHNOP_send on its console port: what xenconsoled does.
 * The drain is charged to the sending vCPU's hypercall (a multicall of
 * sends while another vCPU refills the ring is then preempted).
 */
static void console_notified(struct domain *d, unsigned int port)
{
	struct vcpu *v = current_vcpu();
	unsigned long work = drain(d);

	if (v && v->domain == d)
		hcall_charge(&v->hcall, work);
}

int domain_console_alloc_port(struct domain *d)
{
	int port = evtchn_alloc_xen_port(d, console_notified);

	if (port > 0)
		d->console_port = (unsigned int)port;
	return port;
}

void domain_console_detach(struct domain *d)
{
	unsigned long flags;

	drain(d);
	if (d->console_port) {
		evtchn_free_xen_port(d, d->console_port);
		d->console_port = 0;
	}
	flags = spin_lock_irqsave(&d->con_lock);
	if (d->console_ring) {
		put_page_and_type(mfn_to_page(d->console_mfn));
		d->console_ring = NULL;
	}
	spin_unlock_irqrestore(&d->con_lock, flags);
}

/* Serial input for d: its CONSOLEIO_read buffer and its ring's in[]. */
static void deliver(struct domain *d, const char *s, unsigned int n)
{
	unsigned long flags = spin_lock_irqsave(&d->con_lock);

	for (unsigned int i = 0; i < n; i++) {
		if (d->con_rx_prod - d->con_rx_cons < sizeof(d->con_rx))
			d->con_rx[d->con_rx_prod++ % sizeof(d->con_rx)] = s[i];
	}
	if (d->console_ring)
		xencons_in_put(d->console_ring, s, n);
	spin_unlock_irqrestore(&d->con_lock, flags);
	if (d->console_port)
		evtchn_notify_xen_port(d, d->console_port);
	/* What Xen tells the domain that reads serial input with console_io. */
	send_guest_global_virq(d, VIRQ_CONSOLE);
}

/* The ids of the domains still running, for console_focus_next. */
struct focus_walk {
	uint16_t ids[64];
	unsigned int n;
};

static void walk(struct domain *d, void *arg)
{
	struct focus_walk *w = arg;

	if (!d->is_shut_down && w->n < ARRAY_SIZE(w->ids))
		w->ids[w->n++] = d->domain_id;
}

static void announce(uint16_t to)
{
	if (to == DOMID_XEN)
		printk("*** Serial input to Xen (type 'CTRL-a' three times to "
		       "switch input)\n");
	else
		printk("*** Serial input to DOM%u (type 'CTRL-a' three times to "
		       "switch input)\n", to);
}

/* Caller holds focus_lock. */
static void switch_focus(void)
{
	struct focus_walk w = { .n = 0 };

	domain_for_each(walk, &w);
	focus = console_focus_next(focus, w.ids, w.n);
	announce(focus);
}

void console_focus_boot(void)
{
	unsigned long flags = spin_lock_irqsave(&focus_lock);

	focus = DOMID_XEN;
	switch_focus();
	spin_unlock_irqrestore(&focus_lock, flags);
}

static void poll_one(struct domain *d, void *arg)
{
	drain(d);
}

void console_poll(void)
{
	unsigned long flags = spin_lock_irqsave(&focus_lock);
	int c;

	for (unsigned int i = 0; i < RX_PER_POLL && (c = console_getc()) >= 0;
	     i++) {
		char out[3];
		bool sw;
		unsigned int n = console_switch_rx(&switcher, (char)c, out, &sw);

		if (sw)
			switch_focus();
		if (n && focus != DOMID_XEN) {
			struct domain *d = domain_lookup(focus);

			if (d)
				deliver(d, out, n);
		} else {
			for (unsigned int k = 0; k < n; k++)
				handle_keypress(out[k]);
		}
	}
	spin_unlock_irqrestore(&focus_lock, flags);
	domain_for_each(poll_one, NULL);
}

size_t domain_console_read(struct domain *d, char *buf, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&focus_lock);
	size_t got = 0;

	if (focus == d->domain_id) {
		spin_lock(&d->con_lock);
		while (got < n && d->con_rx_cons != d->con_rx_prod)
			buf[got++] = d->con_rx[d->con_rx_cons++ %
					       sizeof(d->con_rx)];
		spin_unlock(&d->con_lock);
	}
	spin_unlock_irqrestore(&focus_lock, flags);
	return got;
}
