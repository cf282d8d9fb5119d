/* xenstore connections: message assembly from a byte stream, output queue. */
#include <stdlib.h>
#include <string.h>
#include <xen/errno.h>
#include "xs_store.h"

#define HDR_LEN ((unsigned int)sizeof(struct xsd_sockmsg))
/* Watch events queued beyond this are dropped (a client not reading). */
#define XS_MAX_QUEUED_EVENTS 1024

struct xs_conn *xs_conn_new(struct xs_store *s, unsigned int domid)
{
	struct xs_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->in = malloc(XENSTORE_PAYLOAD_MAX + 1);
	if (!c->in) {
		free(c);
		return NULL;
	}
	c->store = s;
	c->domid = domid;
	c->privileged = domid == 0;
	c->target = ~0u;
	c->next = s->conns;
	s->conns = c;
	return c;
}

void xs_conn_reset(struct xs_conn *c)
{
	xs_watches_free(c);
	xs_trans_free_all(c);
	while (c->out_head) {
		struct xs_msg *m = c->out_head;
		c->out_head = m->next;
		free(m);
	}
	c->out_tail = NULL;
	c->out_replies = c->out_events = 0;
	c->in_used = 0;
	c->dead = 0;
}

void xs_conn_free(struct xs_conn *c)
{
	struct xs_store *s = c->store;

	for (struct xs_conn **pp = &s->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	for (struct xs_domain *d = s->domains; d; d = d->next)
		if (d->conn == c)
			d->conn = NULL;
	xs_conn_reset(c);
	free(c->in);
	free(c);
}

int xs_conn_send(struct xs_conn *c, uint32_t type, uint32_t req_id,
		 uint32_t tx_id, const void *payload, unsigned int len)
{
	struct xsd_sockmsg h = { type, req_id, tx_id, len };
	int event = type == XS_WATCH_EVENT;
	struct xs_msg *m;

	if (event && c->out_events >= XS_MAX_QUEUED_EVENTS) {
		xs_store_log(c->store, "dom%u: watch event dropped, %u queued",
			     c->domid, c->out_events);
		return -XEN_ENOSPC;
	}
	m = malloc(sizeof(*m) + HDR_LEN + len);
	if (!m)
		return -XEN_ENOMEM;
	m->next = NULL;
	m->len = HDR_LEN + len;
	m->off = 0;
	m->is_event = event;
	memcpy(m->data, &h, HDR_LEN);
	if (len)
		memcpy(m->data + HDR_LEN, payload, len);
	if (c->out_tail)
		c->out_tail->next = m;
	else
		c->out_head = m;
	c->out_tail = m;
	if (event)
		c->out_events++;
	else
		c->out_replies++;
	if (c->notify)
		c->notify(c);
	return 0;
}

int xs_conn_has_output(const struct xs_conn *c)
{
	return c->out_head != NULL;
}

unsigned int xs_conn_drain(struct xs_conn *c, void *buf, unsigned int len)
{
	unsigned int done = 0;

	while (c->out_head && done < len) {
		struct xs_msg *m = c->out_head;
		unsigned int n = m->len - m->off;

		if (n > len - done)
			n = len - done;
		memcpy((char *)buf + done, m->data + m->off, n);
		m->off += n;
		done += n;
		if (m->off < m->len)
			break;
		c->out_head = m->next;
		if (!c->out_head)
			c->out_tail = NULL;
		if (m->is_event)
			c->out_events--;
		else
			c->out_replies--;
		free(m);
	}
	return done;
}

/* Input is held while this many replies wait to be read (Xen's quota). */
static int held(struct xs_conn *c)
{
	unsigned int limit = xs_quota_for(c->store, c->domid)->outstanding;

	if (c->out_replies < limit) {
		c->throttled = 0;
		return 0;
	}
	if (!c->throttled)
		xs_store_log(c->store, "quota: dom%u outstanding %u >= %u, "
			     "input held", c->domid, c->out_replies, limit);
	c->throttled = 1;
	return 1;
}

int xs_conn_feed(struct xs_conn *c, const void *buf, unsigned int len)
{
	const unsigned char *p = buf;
	unsigned int used = 0;

	if (c->dead)
		return -1;
	while (used < len) {
		struct xsd_sockmsg h;
		unsigned int n;

		if (c->in_used < HDR_LEN) {
			if (c->in_used == 0 && held(c))
				break;
			n = HDR_LEN - c->in_used;
			if (n > len - used)
				n = len - used;
			memcpy(c->hdr + c->in_used, p + used, n);
			c->in_used += n;
			used += n;
			if (c->in_used < HDR_LEN)
				break;
		}
		memcpy(&h, c->hdr, HDR_LEN);
		if (h.len > XENSTORE_PAYLOAD_MAX) {
			xs_store_log(c->store, "dom%u: message length %u over "
				     "%u, connection closed", c->domid, h.len,
				     XENSTORE_PAYLOAD_MAX);
			c->dead = 1;
			return -1;
		}
		n = HDR_LEN + h.len - c->in_used;
		if (n > len - used)
			n = len - used;
		memcpy(c->in + (c->in_used - HDR_LEN), p + used, n);
		c->in_used += n;
		used += n;
		if (c->in_used < HDR_LEN + h.len)
			break;
		c->in[h.len] = 0;
		c->in_used = 0;
		xs_handle_message(c, &h, c->in);
	}
	return (int)used;
}
