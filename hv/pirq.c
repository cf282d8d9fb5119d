/* Physical IRQs of the privileged domain: the GSI table, binding, masking until EOI. */
#include "types.h"
#include "domain.h"
#include "errno.h"
#include "lib.h"
#include "log.h"
#include "pirq.h"
#include "spinlock.h"

/*
 * One GSI. pirq N is GSI N (Xen's numbering for dom0); one domain owns
 * (mapped) it and at most one port of that domain is bound to it, so
 * Xen's sharers list has one entry here. Under pirq_lock.
 */
struct gsi {
	struct domain *owner;        /* mapped it (PHYSDEVOP_map_pirq) */
	const char *hv_user;         /* the hypervisor uses it: never bound */
	uint16_t port;               /* the bound port of owner, if bound */
	bool bound, will_share;
	bool level, active_low;      /* current trigger and polarity */
	bool setup;                  /* PHYSDEVOP_setup_gsi done */
	bool masked;                 /* RTE mask bit as last written */
	bool eoi_pending;            /* level: masked until the guest EOIs */
	unsigned long interrupts, eois, unmasks, masks;
};

static DEFINE_SPINLOCK(pirq_lock);
static struct gsi gsis[NR_GSIS];
static unsigned int nr_gsis;
static int sci_gsi = -1;

static void write_rte(unsigned int g, bool masked)
{
	struct gsi *s = &gsis[g];

	if (masked && !s->masked)
		s->masks++;
	if (!masked && s->masked)
		s->unmasks++;
	s->masked = masked;
	arch_gsi_write(g, s->level, s->active_low, masked);
}

void pirq_init(unsigned int n)
{
	memset(gsis, 0, sizeof(gsis));
	nr_gsis = n < NR_GSIS ? n : NR_GSIS;
	for (unsigned int g = 0; g < NR_GSIS; g++)
		gsis[g].masked = true;
	sci_gsi = -1;
}

unsigned int pirq_nr_gsis(void)
{
	return nr_gsis;
}

void pirq_set_default_mode(unsigned int gsi, bool level, bool active_low)
{
	if (gsi < nr_gsis) {
		gsis[gsi].level = level;
		gsis[gsi].active_low = active_low;
	}
}

void pirq_reserve(unsigned int gsi, const char *name)
{
	if (gsi < nr_gsis)
		gsis[gsi].hv_user = name;
}

void pirq_set_sci(int gsi)
{
	sci_gsi = gsi;
}

bool pirq_irq_permitted(const struct domain *d, unsigned int gsi)
{
	return d->is_privileged && gsi >= 1 && gsi < nr_gsis;
}

long pirq_map_gsi(struct domain *d, int gsi, int *pirq)
{
	unsigned long flags;
	long rc = 0;

	if (gsi < 0 || (unsigned int)gsi >= nr_gsis ||
	    (*pirq != -1 && *pirq != gsi)) {
		printk(KERN_DEBUG "d%u: map_pirq GSI %d pirq %d: invalid "
		       "(%u GSIs, pirq must be the GSI)\n", d->domain_id, gsi,
		       *pirq, nr_gsis);
		return -EINVAL;
	}
	if (!pirq_irq_permitted(d, gsi)) {
		printk(KERN_DEBUG "d%u: map_pirq GSI %d: no permission\n",
		       d->domain_id, gsi);
		return -EPERM;
	}
	flags = spin_lock_irqsave(&pirq_lock);
	if (gsis[gsi].owner && gsis[gsi].owner != d)
		rc = -EBUSY;
	else
		gsis[gsi].owner = d;
	spin_unlock_irqrestore(&pirq_lock, flags);
	if (rc)
		printk(KERN_DEBUG "d%u: map_pirq GSI %d: mapped by d%u\n",
		       d->domain_id, gsi, gsis[gsi].owner->domain_id);
	else
		*pirq = gsi;
	return rc;
}

/* Drop a binding: the pin masked, no EOI outstanding. Under pirq_lock. */
static void unbind_locked(unsigned int g)
{
	gsis[g].bound = false;
	gsis[g].will_share = false;
	gsis[g].eoi_pending = false;
	write_rte(g, true);
}

long pirq_unmap(struct domain *d, int pirq)
{
	unsigned long flags;
	long rc = 0;

	if (pirq < 0 || pirq >= NR_PIRQS)
		return -EINVAL;
	flags = spin_lock_irqsave(&pirq_lock);
	if ((unsigned int)pirq >= nr_gsis || gsis[pirq].owner != d) {
		rc = -EINVAL;
	} else {
		if (gsis[pirq].bound)
			unbind_locked(pirq);   /* Xen: pirq_guest_force_unbind */
		gsis[pirq].owner = NULL;
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	if (rc)
		printk(KERN_DEBUG "d%u: unmap_pirq %d: not mapped\n",
		       d->domain_id, pirq);
	return rc;
}

long pirq_setup_gsi(int gsi, bool level, bool active_low)
{
	unsigned long flags;
	struct gsi *s;
	long rc = 0;

	if (gsi < 0 || (unsigned int)gsi >= nr_gsis) {
		printk(KERN_DEBUG "setup_gsi %d: no such GSI\n", gsi);
		return -EINVAL;
	}
	if (gsi == sci_gsi)
		return gsi;     /* Xen: the SCI is set up already */
	flags = spin_lock_irqsave(&pirq_lock);
	s = &gsis[gsi];
	if (s->setup || s->bound || s->hv_user) {
		rc = -EEXIST;
	} else {
		s->setup = true;
		s->level = level;
		s->active_low = active_low;
		write_rte(gsi, true);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	if (rc)
		printk(KERN_DEBUG "setup_gsi %d: already set up or in use\n",
		       gsi);
	return rc;
}

bool pirq_mapped_by(const struct domain *d, unsigned int pirq)
{
	return pirq < nr_gsis && gsis[pirq].owner == d &&
	       pirq_irq_permitted(d, pirq);
}

long pirq_bind(struct domain *d, unsigned int pirq, unsigned int port,
	       bool will_share)
{
	unsigned long flags;
	struct gsi *s;
	long rc = 0;

	if (!pirq_mapped_by(d, pirq))
		return -EPERM;
	flags = spin_lock_irqsave(&pirq_lock);
	s = &gsis[pirq];
	if (s->owner != d) {
		rc = -EPERM;
	} else if (s->hv_user) {
		rc = -EBUSY;
	} else if (s->bound) {
		rc = -EEXIST;
	} else {
		s->bound = true;
		s->port = port;
		s->will_share = will_share;
		s->eoi_pending = false;
		write_rte(pirq, false);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	if (rc == -EBUSY)
		printk(KERN_DEBUG "d%u: cannot bind IRQ%u: in use by %s\n",
		       d->domain_id, pirq, s->hv_user);
	else if (rc)
		printk(KERN_DEBUG "d%u: bind_pirq %u: %ld\n", d->domain_id,
		       pirq, rc);
	return rc;
}

void pirq_unbind(struct domain *d, unsigned int pirq, unsigned int port)
{
	unsigned long flags;

	if (pirq >= nr_gsis)
		return;
	flags = spin_lock_irqsave(&pirq_lock);
	if (gsis[pirq].owner == d && gsis[pirq].bound &&
	    gsis[pirq].port == port)
		unbind_locked(pirq);
	spin_unlock_irqrestore(&pirq_lock, flags);
}

long pirq_eoi(struct domain *d, unsigned int pirq)
{
	unsigned long flags;
	struct gsi *s;
	long rc = 0;

	if (pirq >= NR_PIRQS)
		return -EINVAL;
	flags = spin_lock_irqsave(&pirq_lock);
	s = pirq < nr_gsis ? &gsis[pirq] : NULL;
	if (!s || s->owner != d) {
		rc = -EINVAL;
	} else {
		s->eois++;
		if (s->eoi_pending && s->bound) {
			s->eoi_pending = false;
			write_rte(pirq, false);
		}
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	if (rc)
		printk(KERN_DEBUG "d%u: eoi of pirq %u: not mapped\n",
		       d->domain_id, pirq);
	return rc;
}

bool pirq_shared(const struct domain *d, unsigned int pirq)
{
	return pirq < nr_gsis && gsis[pirq].owner == d && gsis[pirq].bound &&
	       gsis[pirq].will_share;
}

bool pirq_interrupt(unsigned int gsi)
{
	struct domain *d = NULL;
	unsigned int port = 0;
	unsigned long flags;
	struct gsi *s;

	if (gsi >= nr_gsis)
		return false;
	flags = spin_lock_irqsave(&pirq_lock);
	s = &gsis[gsi];
	s->interrupts++;
	if (s->level) {
		/* Xen's ACKTYPE_UNMASK: masked until every binder EOIs; an
		 * unbound level pin stays masked (nobody would EOI it). */
		write_rte(gsi, true);
		s->eoi_pending = s->bound;
	}
	if (s->bound) {
		d = s->owner;
		port = s->port;
		/* Raised under pirq_lock, which is always taken before an
		 * event lock (bind and close drop theirs first): the domain's
		 * ports cannot go (evtchn_destroy's pirq_domain_destroy waits). */
		evtchn_raise_pirq(d, port, gsi);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
	return d != NULL;
}

void pirq_domain_destroy(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&pirq_lock);

	for (unsigned int g = 0; g < nr_gsis; g++) {
		if (gsis[g].owner != d)
			continue;
		if (gsis[g].bound)
			unbind_locked(g);
		gsis[g].owner = NULL;
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
}

void pirq_get_stats(unsigned int gsi, struct pirq_stats *st)
{
	unsigned long flags = spin_lock_irqsave(&pirq_lock);
	const struct gsi *s = &gsis[gsi < NR_GSIS ? gsi : 0];

	st->interrupts = s->interrupts;
	st->eois = s->eois;
	st->unmasks = s->unmasks;
	st->masks = s->masks;
	st->masked = s->masked;
	st->level = s->level;
	st->active_low = s->active_low;
	st->bound = s->bound;
	st->setup = s->setup;
	spin_unlock_irqrestore(&pirq_lock, flags);
}

void pirq_dump(void)
{
	unsigned long flags = spin_lock_irqsave(&pirq_lock);

	printk("GSIs: %u, ACPI SCI %d\n", nr_gsis, sci_gsi);
	for (unsigned int g = 0; g < nr_gsis; g++) {
		const struct gsi *s = &gsis[g];

		if (!s->owner && !s->hv_user && !s->setup)
			continue;
		printk("GSI %2u: %s %s%s%s%s irqs %lu eois %lu\n", g,
		       s->level ? "level" : "edge ",
		       s->active_low ? "low " : "high", s->masked ? " masked" : "",
		       s->hv_user ? " hypervisor:" : "",
		       s->hv_user ? s->hv_user : "", s->interrupts, s->eois);
		if (s->owner)
			printk("        mapped by d%u%s port %u\n",
			       s->owner->domain_id, s->bound ? ", bound to" : ",",
			       s->bound ? s->port : 0);
	}
	spin_unlock_irqrestore(&pirq_lock, flags);
}
