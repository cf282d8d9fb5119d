/* xenstore client over a shared ring page, and its in-process store form. */
#include <errno.h>
#include <stdlib.h>
#include "xenstore.h"
#include "xs_ring.h"
#include "xs_store.h"

struct ring_client {
	struct xenstore_domain_interface *intf;
	void (*kick)(void *opaque);
	int (*wait)(void *opaque, int timeout_ms);
	void *opaque;
	/* set by xs_open_store_ring */
	struct xs_store *store;
	struct xs_conn *conn;
};

static int ring_client_write(void *priv, const void *buf, unsigned int len)
{
	struct ring_client *rc = priv;
	unsigned int done = 0;

	while (done < len) {
		int n = xs_ring_write(rc->intf, (const char *)buf + done,
				      len - done);
		if (n < 0)
			return -EIO;
		done += (unsigned int)n;
		rc->kick(rc->opaque);
		if (n == 0 && rc->wait(rc->opaque, -1) < 0)
			return -EIO;
	}
	return 0;
}

static int ring_client_read(void *priv, void *buf, unsigned int len,
			    int timeout_ms)
{
	struct ring_client *rc = priv;

	if (!xs_ring_avail(rc->intf)) {
		rc->kick(rc->opaque);
		int err = rc->wait(rc->opaque, timeout_ms);
		if (err < 0)
			return err;
	}
	int n = xs_ring_read(rc->intf, buf, len);
	return n < 0 ? -EIO : n;
}

static void ring_client_close(void *priv)
{
	struct ring_client *rc = priv;

	if (rc->conn) {
		xs_conn_free(rc->conn);
		free(rc->intf);
	}
	free(rc);
}

static const struct xs_transport ring_transport = {
	ring_client_write, ring_client_read, ring_client_close, -1
};

struct xs_handle *xs_open_ring(struct xenstore_domain_interface *intf,
			       void (*kick)(void *opaque),
			       int (*wait)(void *opaque, int timeout_ms),
			       void *opaque)
{
	struct ring_client *rc = calloc(1, sizeof(*rc));
	struct xs_handle *h;

	if (!rc) {
		errno = ENOMEM;
		return NULL;
	}
	rc->intf = intf;
	rc->kick = kick;
	rc->wait = wait;
	rc->opaque = opaque ? opaque : rc;
	h = xs_open_transport(&ring_transport, rc);
	if (!h)
		free(rc);
	return h;
}

/* In-process: the store answers as soon as it is kicked. */
static void store_kick(void *opaque)
{
	struct ring_client *rc = opaque;

	xs_ring_serve(rc->intf, rc->conn);
}

/* Nothing can arrive later than a kick: with no bytes now, report so
 * (a timeout if one was asked for, else EAGAIN rather than hang). */
static int store_wait(void *opaque, int timeout_ms)
{
	struct ring_client *rc = opaque;

	if (xs_ring_serve(rc->intf, rc->conn) < 0)
		return -EIO;
	if (xs_ring_avail(rc->intf) || timeout_ms >= 0)
		return 0;
	return -EAGAIN;
}

struct xs_handle *xs_open_store_ring(struct xs_store *s, unsigned int domid)
{
	struct xenstore_domain_interface *intf = calloc(1, sizeof(*intf));
	struct xs_conn *c = intf ? xs_conn_new(s, domid) : NULL;
	struct xs_handle *h = c ? xs_open_ring(intf, store_kick, store_wait,
					       NULL) : NULL;

	if (!h) {
		if (c)
			xs_conn_free(c);
		free(intf);
		errno = ENOMEM;
		return NULL;
	}
	xs_ring_server_init(intf);
	/* The handle's private data is its ring_client; finish it. */
	struct ring_client *rc = xs_handle_priv(h);
	rc->store = s;
	rc->conn = c;
	return h;
}
