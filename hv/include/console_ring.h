/* Console ring and serial-input cores: pure functions over explicit state. */
#ifndef HV_CONSOLE_RING_H
#define HV_CONSOLE_RING_H

#include "types.h"
#include <xen/io/console.h>

/*
 * Take up to max bytes the guest queued in intf->out and advance out_cons
 * past them. The guest owns the indices and may write anything: each is
 * read once, every access is masked into out[], and if out_prod - out_cons
 * exceeds the ring the ring is reset (out_cons = out_prod) and -1 is
 * returned (nothing taken). Otherwise returns the number of bytes taken.
 */
int xencons_out_take(struct xencons_interface *intf, char *buf, size_t max);

/*
 * Queue up to n bytes in intf->in for the guest and advance in_prod.
 * Returns the number queued: fewer than n when the ring is full, and 0
 * when the guest left in_prod - in_cons larger than the ring.
 */
size_t xencons_in_put(struct xencons_interface *intf, const char *buf,
		      size_t n);

/* Ctrl-A, typed three times in a row, moves serial input on (as Xen). */
#define CONSOLE_SWITCH_CHAR 0x01

struct console_switch {
	unsigned int count;   /* switch characters held back so far */
};

/*
 * Feed one received byte. Returns how many bytes (0-3) in out go to the
 * input's current owner: switch characters are held back until a third
 * one arrives (then *do_switch is set and they are eaten) or another
 * byte arrives (then they are passed on before it).
 */
unsigned int console_switch_rx(struct console_switch *s, char c, char out[3],
			       bool *do_switch);

/*
 * Where input goes after a switch: the smallest of the n live domain ids
 * in ids[] above cur (DOMID_XEN counts as below every domain), or
 * DOMID_XEN after the last domain.
 */
uint16_t console_focus_next(uint16_t cur, const uint16_t *ids, unsigned int n);

#endif
