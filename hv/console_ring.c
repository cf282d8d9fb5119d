/* Console ring and serial-input cores: what the guest's indices allow. */
#include "types.h"
#include "console_ring.h"
#include <xen/xen.h>

#define READ_IDX(p) __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define WRITE_IDX(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

int xencons_out_take(struct xencons_interface *intf, char *buf, size_t max)
{
	XENCONS_RING_IDX cons = READ_IDX(intf->out_cons);
	XENCONS_RING_IDX prod = READ_IDX(intf->out_prod);
	XENCONS_RING_IDX avail = prod - cons;
	size_t n;

	if (avail > sizeof(intf->out)) {
		WRITE_IDX(intf->out_cons, prod);
		return -1;
	}
	n = MIN((size_t)avail, max);
	for (size_t i = 0; i < n; i++)
		buf[i] = intf->out[MASK_XENCONS_IDX(cons + i, intf->out)];
	WRITE_IDX(intf->out_cons, cons + (XENCONS_RING_IDX)n);
	return (int)n;
}

size_t xencons_in_put(struct xencons_interface *intf, const char *buf,
		      size_t n)
{
	XENCONS_RING_IDX cons = READ_IDX(intf->in_cons);
	XENCONS_RING_IDX prod = READ_IDX(intf->in_prod);
	XENCONS_RING_IDX used = prod - cons;
	size_t room;

	if (used > sizeof(intf->in))
		return 0;
	room = sizeof(intf->in) - used;
	n = MIN(n, room);
	for (size_t i = 0; i < n; i++)
		intf->in[MASK_XENCONS_IDX(prod + i, intf->in)] = buf[i];
	WRITE_IDX(intf->in_prod, prod + (XENCONS_RING_IDX)n);
	return n;
}

unsigned int console_switch_rx(struct console_switch *s, char c, char out[3],
			       bool *do_switch)
{
	unsigned int n = 0;

	*do_switch = false;
	if (c == CONSOLE_SWITCH_CHAR) {
		if (++s->count == 3) {
			s->count = 0;
			*do_switch = true;
		}
		return 0;
	}
	for (; s->count; s->count--)
		out[n++] = CONSOLE_SWITCH_CHAR;
	out[n++] = c;
	return n;
}

uint16_t console_focus_next(uint16_t cur, const uint16_t *ids, unsigned int n)
{
	uint16_t best = DOMID_XEN;

	for (unsigned int i = 0; i < n; i++) {
		bool above = cur == DOMID_XEN || ids[i] > cur;

		if (above && ids[i] < DOMID_FIRST_RESERVED &&
		    (best == DOMID_XEN || ids[i] < best))
			best = ids[i];
	}
	return best;
}
