/* xenstore shared-page ring: byte transfer for both ends, server pump. */
#ifndef XENBUS_XS_RING_H
#define XENBUS_XS_RING_H

#include <xen/io/xs_wire.h>

struct xs_conn;

/* Server side: announce features and mark the page connected. */
void xs_ring_server_init(struct xenstore_domain_interface *intf);

/*
 * Server side: moves request bytes from the ring into c (handling every
 * complete message) and queued output into the response ring, until
 * neither moves. Returns 1 if anything moved (the peer should be
 * notified), 0 if nothing did, -1 if the ring indices are garbage or the
 * client broke the protocol: intf->error is set and c must be closed.
 */
int xs_ring_serve(struct xenstore_domain_interface *intf, struct xs_conn *c);

/* Client side: bytes put into the request ring (0 when full), or -1. */
int xs_ring_write(struct xenstore_domain_interface *intf, const void *buf,
		  unsigned int len);
/* Client side: bytes taken from the response ring (0 when empty), or -1. */
int xs_ring_read(struct xenstore_domain_interface *intf, void *buf,
		 unsigned int len);
/* Client side: response bytes waiting. */
unsigned int xs_ring_avail(const struct xenstore_domain_interface *intf);

#endif
