/* Physical IRQs of the privileged domain: the GSI table, binding, masking until EOI. */
#ifndef HV_PIRQ_H
#define HV_PIRQ_H

#include "types.h"
#include "domain.h"

/*
 * GSIs the table knows (pirq = GSI for dom0, as Xen maps them) and each
 * domain's pirq space (Xen's nr_pirqs: pirqs at or past it are -EINVAL).
 */
#define NR_GSIS   48
#define NR_PIRQS  256

/*
 * Start with nr_gsis GSIs (at most NR_GSIS), all unmapped, unbound,
 * masked, edge/active-high. Called by the I/O APIC code at boot (and by
 * unit tests between cases).
 */
void pirq_init(unsigned int nr_gsis);
unsigned int pirq_nr_gsis(void);

/* The trigger/polarity a GSI starts with (the MADT's). */
void pirq_set_default_mode(unsigned int gsi, bool level, bool active_low);

/* A GSI the hypervisor itself uses (timer, cascade, its UART): guests
 * may map it but binding it is -EBUSY ("in use by" name), as Xen. */
void pirq_reserve(unsigned int gsi, const char *name);

/* The ACPI SCI's GSI: setup_gsi returns the GSI itself for it (Xen). */
void pirq_set_sci(int gsi);

/*
 * Xen's irq caps of dom0: GSIs 1..nr_gsis-1 (IRQ 0, the timer, is
 * removed); nothing for other domains.
 */
bool pirq_irq_permitted(const struct domain *d, unsigned int gsi);

/*
 * PHYSDEVOP_map_pirq, MAP_PIRQ_TYPE_GSI, for d itself: index = GSI,
 * *pirq = GSI or -1 in, the pirq (= GSI) out. -EINVAL for a GSI out of
 * range or another pirq number, -EPERM without permission, -EBUSY if
 * another domain has it; mapping it again is 0.
 */
long pirq_map_gsi(struct domain *d, int gsi, int *pirq);

/* PHYSDEVOP_unmap_pirq: -EINVAL if d has not mapped pirq; a binding is
 * forcibly dropped (its port stays, silent) and the pin masked. */
long pirq_unmap(struct domain *d, int pirq);

/*
 * PHYSDEVOP_setup_gsi: the pin's trigger and polarity, left masked.
 * -EINVAL out of range; the GSI itself for the SCI; -EEXIST if set up
 * before or bound.
 */
long pirq_setup_gsi(int gsi, bool level, bool active_low);

/* d mapped pirq (pirq_access_permitted): bind_pirq's -EPERM check. */
bool pirq_mapped_by(const struct domain *d, unsigned int pirq);

/*
 * EVTCHNOP_bind_pirq after the port is reserved: -EPERM unless d
 * mapped it, -EEXIST if d already bound it, -EBUSY if the hypervisor
 * uses it. The first binder unmasks the pin.
 */
long pirq_bind(struct domain *d, unsigned int pirq, unsigned int port,
	       bool will_share);

/* The port's binding goes (EVTCHNOP_close): the pin is masked. No-op if
 * port is not pirq's binding in d (force-unbound before). */
void pirq_unbind(struct domain *d, unsigned int pirq, unsigned int port);

/*
 * PHYSDEVOP_eoi: -EINVAL unless d mapped pirq; a level pin masked for
 * this interrupt is unmasked (Xen's ACKTYPE_UNMASK).
 */
long pirq_eoi(struct domain *d, unsigned int pirq);

/* Is pirq shared (bound with BIND_PIRQ__WILL_SHARE)? For irq_status_query. */
bool pirq_shared(const struct domain *d, unsigned int pirq);

/*
 * The GSI fired (interrupt context, before the local APIC EOI): a level
 * pin is masked until the guest's EOI; the bound port is raised. False
 * if nobody is bound (a level pin then stays masked).
 */
bool pirq_interrupt(unsigned int gsi);

/* Drop d's mappings and bindings (it is being destroyed). */
void pirq_domain_destroy(struct domain *d);

/* Counters for tests and the 'i' key: interrupts, EOIs, unmasks. */
struct pirq_stats {
	unsigned long interrupts, eois, unmasks, masks;
	bool masked, level, active_low, bound, setup;
};
void pirq_get_stats(unsigned int gsi, struct pirq_stats *s);

/* Log the GSIs in use. */
void pirq_dump(void);

/* ---- provided by the arch code (io_apic.c) ---- */

/* Write gsi's RTE: its vector and destination, the mode, masked or not. */
void arch_gsi_write(unsigned int gsi, bool level, bool active_low,
		    bool masked);

/* ---- provided by the event core (event_channel.c) ---- */

/* Raise d's port if it is still bound to pirq. */
void evtchn_raise_pirq(struct domain *d, unsigned int port, unsigned int pirq);

#endif
