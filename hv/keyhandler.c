/* Debug keys: what serial input does while the hypervisor has the focus. */
#include "types.h"
#include "domain.h"
#include "event.h"
#include "keyhandler.h"
#include "pirq.h"
#include "lib.h"
#include "log.h"
#include "timer.h"
#include <xen/vcpu.h>
#include <xen/xen.h>

static const char *vcpu_state(const struct vcpu *v)
{
	if (!v->is_initialised || !v->is_up)
		return "offline";
	if (v->is_polling)
		return "polling";
	if (v->is_blocked)
		return "blocked";
	return v->runstate == RUNSTATE_running ? "running" : "runnable";
}

/* Xen's 'q': each domain and its vCPUs, then VIRQ_DEBUG to every vCPU. */
static void dump_domain(struct domain *d, void *arg)
{
	printk("General information for domain %u (%s):\n", d->domain_id,
	       d->name);
	printk("    nr_pages=%lu max_pages=%lu dying=%d shutdown=%d "
	       "weight=%u cap=%u\n", d->tot_pages, d->max_pages, d->is_dying,
	       d->is_shut_down, d->sched_weight, d->sched_cap);
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];
		const struct vcpu_info *vi;

		if (!v)
			continue;
		vi = v->vcpu_info;
		printk("    VCPU%u: %s upcall_pend=%02x upcall_mask=%02x "
		       "running=%lu ms\n", i, vcpu_state(v),
		       vi ? vi->evtchn_upcall_pending : 0,
		       vi ? vi->evtchn_upcall_mask : 0,
		       (unsigned long)(v->runstate_time[RUNSTATE_running] /
				       1000000));
	}
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] && send_guest_vcpu_virq(d->vcpu[i], VIRQ_DEBUG))
			printk("Notifying guest %u:%u (virq %u)\n", d->domain_id,
			       i, VIRQ_DEBUG);
}

static void dump_evtchn(struct domain *d, void *arg)
{
	evtchn_dump(d);
}

static const struct {
	char key;
	const char *what;
} keys[] = {
	{ 'e', "dump evtchn info" },
	{ 'h', "show this message" },
	{ 'i', "dump interrupt bindings" },
	{ 'n', "NMI statistics" },
	{ 'q', "dump domain (and guest debug) info" },
};

static void show_help(void)
{
	printk("'h' pressed -> showing installed handlers\n");
	for (unsigned int i = 0; i < ARRAY_SIZE(keys); i++)
		printk(" key '%c' (ascii '%02x') => %s\n", keys[i].key,
		       keys[i].key, keys[i].what);
}

void handle_keypress(char key)
{
	switch (key) {
	case 'e':
		printk("'e' pressed -> dumping event-channel info\n");
		domain_for_each(dump_evtchn, NULL);
		break;
	case 'q':
		printk("'q' pressed -> dumping domain info (now = %ld)\n",
		       (long)NOW());
		domain_for_each(dump_domain, NULL);
		break;
	case 'h':
		show_help();
		break;
	case 'i':
		printk("'i' pressed -> dumping interrupt bindings\n");
		pirq_dump();
		break;
	case 'n':
		printk("'n' pressed -> NMI statistics\n");
		arch_dump_nmi_stats();
		break;
	default:
		/* Xen ignores keys without a handler; so do we (no echo). */
		break;
	}
}
