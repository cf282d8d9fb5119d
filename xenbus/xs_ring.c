/*
 * xenstore shared-page ring. The peer can scribble on the page at any
 * time, so indices are read once, checked (prod - cons never exceeds the
 * ring size) and data is copied out before anything looks at it.
 */
#include <stdatomic.h>
#include <string.h>
#include "xs_ring.h"
#include "xs_store.h"

static XENSTORE_RING_IDX load_idx(const XENSTORE_RING_IDX *p)
{
	return *(const volatile XENSTORE_RING_IDX *)p;
}

static void store_idx(XENSTORE_RING_IDX *p, XENSTORE_RING_IDX v)
{
	*(volatile XENSTORE_RING_IDX *)p = v;
}

/* Copies up to len bytes out of ring from *cons; -1 on bad indices. */
static int ring_take(const char *ring, XENSTORE_RING_IDX *consp,
		     const XENSTORE_RING_IDX *prodp, void *buf,
		     unsigned int len, int consume)
{
	XENSTORE_RING_IDX cons = load_idx(consp), prod = load_idx(prodp);
	unsigned int avail, first;

	atomic_thread_fence(memory_order_acquire);
	avail = prod - cons;
	if (avail > XENSTORE_RING_SIZE)
		return -1;
	if (len > avail)
		len = avail;
	first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
	if (first > len)
		first = len;
	memcpy(buf, ring + MASK_XENSTORE_IDX(cons), first);
	memcpy((char *)buf + first, ring, len - first);
	if (consume) {
		atomic_thread_fence(memory_order_release);
		store_idx(consp, cons + len);
	}
	return (int)len;
}

/* Copies up to len bytes into ring at *prod; -1 on bad indices. */
static int ring_put(char *ring, const XENSTORE_RING_IDX *consp,
		    XENSTORE_RING_IDX *prodp, const void *buf,
		    unsigned int len)
{
	XENSTORE_RING_IDX cons = load_idx(consp), prod = load_idx(prodp);
	unsigned int used = prod - cons, first;

	atomic_thread_fence(memory_order_acquire);
	if (used > XENSTORE_RING_SIZE)
		return -1;
	if (len > XENSTORE_RING_SIZE - used)
		len = XENSTORE_RING_SIZE - used;
	first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
	if (first > len)
		first = len;
	memcpy(ring + MASK_XENSTORE_IDX(prod), buf, first);
	memcpy(ring, (const char *)buf + first, len - first);
	atomic_thread_fence(memory_order_release);
	store_idx(prodp, prod + len);
	return (int)len;
}

void xs_ring_server_init(struct xenstore_domain_interface *intf)
{
	intf->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
				XENSTORE_SERVER_FEATURE_ERROR;
	intf->error = XENSTORE_ERROR_NONE;
	intf->connection = XENSTORE_CONNECTED;
}

static int broken(struct xenstore_domain_interface *intf, struct xs_conn *c,
		  uint32_t why)
{
	intf->error = why;
	c->dead = 1;
	xs_store_log(c->store, "dom%u: ring %s, connection closed", c->domid,
		     why == XENSTORE_ERROR_RINGIDX ? "indices invalid"
						   : "protocol violated");
	return -1;
}

int xs_ring_serve(struct xenstore_domain_interface *intf, struct xs_conn *c)
{
	char buf[XENSTORE_RING_SIZE];
	int moved = 0, n;

	if (c->dead)
		return -1;
	if (load_idx(&intf->connection) == XENSTORE_RECONNECT) {
		xs_conn_reset(c);
		intf->req_cons = intf->req_prod = 0;
		intf->rsp_cons = intf->rsp_prod = 0;
		intf->error = XENSTORE_ERROR_NONE;
		atomic_thread_fence(memory_order_release);
		store_idx(&intf->connection, XENSTORE_CONNECTED);
		moved = 1;
	}
	for (;;) {
		int progress = 0;

		n = ring_take(intf->req, &intf->req_cons, &intf->req_prod,
			      buf, sizeof(buf), 0);
		if (n < 0)
			return broken(intf, c, XENSTORE_ERROR_RINGIDX);
		if (n > 0) {
			int used = xs_conn_feed(c, buf, (unsigned int)n);
			if (used < 0)
				return broken(intf, c, XENSTORE_ERROR_PROTO);
			ring_take(intf->req, &intf->req_cons, &intf->req_prod,
				  buf, (unsigned int)used, 1);
			progress |= used > 0;
		}
		while (xs_conn_has_output(c)) {
			XENSTORE_RING_IDX used = load_idx(&intf->rsp_prod) -
						 load_idx(&intf->rsp_cons);
			if (used > XENSTORE_RING_SIZE)
				return broken(intf, c, XENSTORE_ERROR_RINGIDX);
			if (used == XENSTORE_RING_SIZE)
				break;
			unsigned int k = xs_conn_drain(c, buf,
						       XENSTORE_RING_SIZE - used);
			ring_put(intf->rsp, &intf->rsp_cons, &intf->rsp_prod,
				 buf, k);
			progress = 1;
		}
		if (!progress)
			return moved;
		moved = 1;
	}
}

int xs_ring_write(struct xenstore_domain_interface *intf, const void *buf,
		  unsigned int len)
{
	return ring_put(intf->req, &intf->req_cons, &intf->req_prod, buf, len);
}

int xs_ring_read(struct xenstore_domain_interface *intf, void *buf,
		 unsigned int len)
{
	return ring_take(intf->rsp, &intf->rsp_cons, &intf->rsp_prod, buf,
			 len, 1);
}

unsigned int xs_ring_avail(const struct xenstore_domain_interface *intf)
{
	return load_idx(&intf->rsp_prod) - load_idx(&intf->rsp_cons);
}
