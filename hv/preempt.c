/* Hypercall preemption: work budgets and continuation arguments. */
#include "preempt.h"

void hcall_charge(struct hcall_state *h, unsigned long units)
{
	h->budget = units < h->budget ? h->budget - units : 0;
}

bool hcall_preempt_check(const struct hcall_state *h)
{
	return h->budget == 0;
}

unsigned long hcall_create_continuation(struct hcall_state *h, unsigned int op,
					unsigned int nargs,
					const unsigned long *args)
{
	unsigned long *to = (h->mc.flags & MCSF_in_multicall) ? h->mc.call.args
							       : h->args;

	if (nargs > 6)
		nargs = 6;
	for (unsigned int i = 0; i < nargs; i++)
		to[i] = args[i];
	h->preempted = true;
	h->nr = op;
	h->nargs = nargs;
	return op;
}

bool hcall_take_continuation(struct hcall_state *h, unsigned long args[6])
{
	if (!h->preempted || (h->mc.flags & MCSF_in_multicall))
		return false;
	h->preempted = false;
	for (unsigned int i = 0; i < h->nargs; i++)
		args[i] = h->args[i];
	return true;
}

unsigned long hcall_continue_batch(struct hcall_state *h, unsigned int op,
				   unsigned long arr, size_t size,
				   unsigned int count, unsigned int i,
				   unsigned long pdone, unsigned long foreigndom)
{
	unsigned long a[4] = {
		arr + (unsigned long)i * size,
		(count - i) | MMU_UPDATE_PREEMPTED,
		pdone,
		foreigndom,
	};

	return hcall_create_continuation(h, op, 4, a);
}
